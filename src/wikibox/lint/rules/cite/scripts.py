"""Citation rules on the characters of the text: scripts mixed inside a word, invisible
characters, and a title in another script with no ``|language=``.

They read letters through :func:`letter_script`, the script named by each letter's Unicode
name: look-alike letters from another script, zero-width and control characters, and a foreign
title all come from copy-paste, keyboard layouts or machine translation and are invisible to
the editor.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule
from wikibox.lint.rules.cite.view import (
    AUTHOR,
    LANGUAGE,
    TITLE,
    WORK,
    mask,
    may_cite,
    value_span,
)
from wikibox.model.article import Param
from wikibox.model.citation import Citation

__all__ = ["invisible_char", "language_missing", "letter_script", "mixed_script"]


@lru_cache(maxsize=8192)
def letter_script(char: str) -> str | None:
    """The script of a letter from its Unicode name: Latin, Cyrillic, Greek, Han, Hiragana…"""
    words = unicodedata.name(char, "").split()
    if words[:1] in (["FULLWIDTH"], ["HALFWIDTH"]):
        words = words[1:]
    if not words:
        return None
    head = words[0]
    if head in ("CJK", "IDEOGRAPHIC"):
        return "Han"
    if head.startswith("KATAKANA"):
        return "Katakana"
    return head.capitalize()


# --- scripts ------------------------------------------------------------------------------------

# Letters with a twin in another of these scripts (a small part of Unicode TR39 confusables).
_LOOKALIKES = {
    "Latin": frozenset("aceopxyijsABCEHIJKMNOPSTXYZ"),
    "Cyrillic": frozenset("асеорхуіјѕԁһԛԝӏАВСЕНІЈКМОРЅТХУҮԚԜӀ"),
    "Greek": frozenset("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϲ"),
}
_WORD = re.compile(r"[^\W\d_]+")
_MIXABLE = ("Latin", "Cyrillic", "Greek")


def _text_fields(cite: Citation) -> Iterator[Param]:
    names = set(cite.names(TITLE)) | set(cite.names(WORK)) | {"publisher", "agency"}
    for param in cite.params:
        if (param.name in names or AUTHOR.fullmatch(param.name)) and not param.is_empty:
            yield param


def _words(text: str) -> Iterator[tuple[int, str]]:
    """Runs of Latin, Cyrillic and Greek letters (kana, kanji, digits and marks end a word)."""
    for match in _WORD.finditer(text):
        start = None
        for index, char in enumerate(match.group(0) + " "):
            inside = char.isalpha() and letter_script(char) in _MIXABLE
            if inside and start is None:
                start = index
            elif not inside and start is not None:
                yield match.start() + start, match.group(0)[start:index]
                start = None


def _mixed_word(word: str) -> dict[str, list[str]] | None:
    scripts: dict[str, list[str]] = {}
    for char in word:
        script = letter_script(char)
        if script in _MIXABLE:
            scripts.setdefault(script, []).append(char)
    if len(scripts) < 2:
        return None
    fewest = min(len(letters) for letters in scripts.values())
    odd = [script for script, letters in scripts.items() if len(letters) == fewest]
    # A slip or a homoglyph attack uses look-alikes; ProТеатр, Ukraїner or NF-κB are meant.
    # When no script is the odd one out (κB), every letter must be a look-alike.
    candidates = odd if len(odd) < len(scripts) else list(scripts)
    look_alike = (set(scripts[script]) <= _LOOKALIKES[script] for script in candidates)
    if (any if len(odd) < len(scripts) else all)(look_alike):
        return scripts
    return scripts if _embedded_run(word) else None


def _embedded_run(word: str) -> bool:
    """A run of two or more letters of one script inside a word of another, with letters of
    that other script on both sides (``заверbolйско``): text corrupted by a bad copy or a
    machine translation, whatever the letters look like."""
    runs: list[tuple[str, int]] = []
    for char in word:
        script = letter_script(char)
        if runs and runs[-1][0] == script:
            runs[-1] = (script, runs[-1][1] + 1)
        else:
            runs.append((script, 1))
    return any(
        runs[i - 1][0] == runs[i + 1][0] != script and length >= 2 and script in _MIXABLE
        for i, (script, length) in enumerate(runs[1:-1], start=1)
    )


@rule(name="cite-mixed-script", severity=Severity.WARNING, visits="citation", needs=may_cite)
def mixed_script(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A word mixes look-alike letters of two scripts: Latin ``p`` in a Cyrillic word,
    Cyrillic ``а`` in an English one, Greek ``Ο`` for ``O``.

    Why:
        Such a word looks right but is misspelt for every search engine, screen reader and
        tool, and it usually comes from a keyboard layout slip or text copied from a
        machine translation.  The module is silent on it: a defect of fact, so a warning.
    Fails:
        {{cite news |title=Путин и Трамп пpовели переговоры}}   (Latin ``p``)
        {{cite web |title=Sаnctions extended}}   (Cyrillic ``а``)
    Passes:
        {{cite news |title=Путин и Трамп провели переговоры}}
    Does not flag:
        Japanese or Chinese mixed with Latin (``Trump氏``); mixes whose odd letters have no
        look-alike and do not form a run of two or more letters inside a word of the other
        script (``заверbolйско`` is flagged), which are deliberate: brand names
        (``ProТеатр``, ``Ukraїner``) and Greek
        symbols in science (``NF-κB``, ``TGFβ``, ``μm``); words split by digits, hyphens or
        spaces; parameters other than the title, work, publisher, agency and name fields.
    """
    for param in _text_fields(cite):
        if param.raw.isascii():
            continue  # one script only
        for start, word in _words(mask(param.raw, nested=False)):
            scripts = _mixed_word(word)
            if scripts is None:
                continue
            minority = min(
                scripts, key=lambda s: (len(scripts[s]), not set(scripts[s]) <= _LOOKALIKES[s])
            )
            letters = ", ".join(f"{c!r} U+{ord(c):04X}" for c in dict.fromkeys(scripts[minority]))
            yield Report(
                f"|{param.name}= word {word!r} mixes {' and '.join(scripts)} "
                f"letters ({minority}: {letters})",
                value_span(ctx, param, start, start + len(word)),
                data={"word": word},
            )


def _native_scripts(ctx: Context) -> frozenset[str]:
    if ctx.wiki.script in ("Han", "Hiragana", "Katakana"):
        return frozenset({"Han", "Hiragana", "Katakana"})
    return frozenset({ctx.wiki.script})


@rule(name="cite-language-missing", severity=Severity.INFO, visits="citation", needs=may_cite)
def language_missing(ctx: Context, cite: Citation) -> Iterator[Report]:
    """The title is mostly in another script than the wiki's, and ``|language=`` is not set.

    Why:
        Readers should know before they click that the source is not in the wiki's
        language; CS1 shows "(in Russian)" and files the page under "CS1 Russian-language
        sources" only when ``|language=`` is given.  The module does not ask for it: advice.
    Fails:
        (enwiki) {{cite news |title=Путин и Трамп провели переговоры}}
        (jawiki) {{Cite web |title=Trump and Putin talk |url=…}}
    Passes:
        (enwiki) {{cite news |title=Путин и Трамп провели переговоры |language=ru}}
        (jawiki) {{Cite web|和書|title=首脳が電話会談|url=…}}
    Does not flag:
        Titles with fewer than four letters or with half or more of their letters in the
        wiki's script; on jawiki, kana and kanji both count as Japanese, and a ``和書``
        citation is Japanese by definition; titles made only of templates.
    """
    title = cite.filled("title")
    if title is None or cite.filled(*cite.names(LANGUAGE)):
        return
    if cite.flag == "和書":
        return
    counts: dict[str, int] = {}
    for char in title.value:
        if char.isalpha():
            script = letter_script(char) or "?"
            counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    native = sum(n for s, n in counts.items() if s in _native_scripts(ctx))
    if total < 4 or native * 2 >= total:
        return
    foreign = max((s for s in counts if s not in _native_scripts(ctx)), key=counts.__getitem__)
    yield Report(
        f"|title= of {{{{{cite.name}}}}} is in {foreign} script ({total - native} of {total} "
        f"letters) but the citation has no |language=",
        title.value_span,
        data={"script": foreign},
    )


# --- invisible characters -----------------------------------------------------------------------

_INVISIBLE_NAMES = {
    "\u200b": "zero width space",
    "\u200c": "zero width non-joiner",
    "\u200d": "zero width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte order mark (zero width no-break space)",
    "\u00ad": "soft hyphen",
    "\ufffd": "replacement character",
    "\x7f": "delete character",
}
_INVISIBLE = re.compile(
    "[\u200b-\u200d\u2060\ufeff\u00ad\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
_JOINING_SCRIPTS = frozenset(("Latin", "Cyrillic", "Greek", "Han", "Hiragana", "Katakana"))


def _legit_joiner(raw: str, index: int) -> bool:
    """ZWJ/ZWNJ between letters of scripts that need them (Persian, Indic) or in emoji."""
    if raw[index] not in "\u200c\u200d":
        return False
    for near in (raw[index - 1 : index], raw[index + 1 : index + 2]):
        if not near:
            continue
        if unicodedata.category(near) in ("So", "Mn", "Mc") or 0xFE00 <= ord(near) <= 0xFE0F:
            return True
        if near.isalpha() and letter_script(near) not in _JOINING_SCRIPTS:
            return True
    return False


def _invisible_name(char: str) -> str:
    if char in _INVISIBLE_NAMES:
        return _INVISIBLE_NAMES[char]
    kind = "C0" if ord(char) < 0x80 else "C1"
    return f"{kind} control character U+{ord(char):04X}"


@rule(name="cite-invisible-char", severity=Severity.ERROR, visits="citation", needs=may_cite)
def invisible_char(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A parameter value holds an invisible or broken character: zero-width space or joiner,
    word joiner, byte order mark, soft hyphen, U+FFFD, or a control character.

    Why:
        They are invisible in the editor and in the page but break searches, sorting, URL
        matching and the COinS metadata; U+FFFD marks text already damaged by a wrong
        encoding.  CS1 reports them as err_invisible_char ("$1 in $2 at position $3",
        category "CS1 errors: invisible characters").
    Fails:
        {{cite web |title=Summit<U+200B> talks}}   (a zero width space)
        {{cite news |work=B<U+00AD>BC News}}   (a soft hyphen)
    Passes:
        {{cite web |title=Summit talks}}
    Does not flag:
        Tabs and line breaks (layout of the wikitext); a zero width joiner or non-joiner
        next to letters of scripts that need it (Persian, Devanagari …) or inside an emoji
        sequence; HTML entities such as ``&shy;``, which the editor wrote on purpose;
        left-to-right and right-to-left marks.
    """
    for param in cite.params:
        bad = [m for m in _INVISIBLE.finditer(param.raw) if not _legit_joiner(param.raw, m.start())]
        if not bad:
            continue
        first = bad[0]
        raw_stripped_at = first.start() - (len(param.raw) - len(param.raw.lstrip()))
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        yield Report(
            f"{_invisible_name(first.group(0))} in |{param.name}= at position "
            f"{raw_stripped_at + 1}{more}",
            value_span(ctx, param, first.start(), first.end()),
            data={"char": f"U+{ord(first.group(0)):04X}"},
        )
