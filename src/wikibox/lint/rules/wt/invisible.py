"""Wikitext rule on invisible characters in the text: control characters, bidi marks,
zero-width spaces and joiners.

Most of them come from copy-paste and break links and parameter names silently; some do a job
(joiners in emoji and in scripts that need them, bidi marks next to right-to-left text, a
zero-width space between words of a script written without spaces), and those are let through.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from mwparserfromhell.nodes import Text

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule
from wikibox.lint.rules.wt.ancestry import IN_CITATION, ancestry

__all__ = ["invisible_char"]


_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff]+"
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_JOINERS = frozenset("\u200c\u200d")
#: Scripts where ZWJ/ZWNJ shape letters, and scripts written without spaces (ZWSP breaks).
_JOINING_SCRIPTS = (
    "ARABIC", "SYRIAC", "NKO", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA",
    "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MONGOLIAN", "KHMER", "MYANMAR",
    "TIBETAN", "THAANA", "BALINESE", "JAVANESE",
)  # fmt: skip
_UNSPACED_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "JAVANESE", "BALINESE")
_CONTROL_NAMES = {"\x00": "NULL", "\x7f": "DELETE"}


def _script_of(char: str, scripts: tuple[str, ...]) -> bool:
    return unicodedata.name(char, "").startswith(scripts)


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) == "So"
        or 0x1F000 <= code <= 0x1FAFF
        or code in (0xFE0F, 0x20E3)
        or 0x1F3FB <= code <= 0x1F3FF
    )


def _legit(run: str, before: str, after: str, nearby: str) -> bool:
    """Invisible characters that do a job: joiners in emoji and in scripts that need them,
    bidi marks next to right-to-left text, ZWSP between words of unspaced scripts."""
    chars = set(run)
    neighbours = [c for c in (before, after) if c]
    if chars <= _JOINERS:
        if any(_script_of(c, _JOINING_SCRIPTS) for c in neighbours):
            return True
        return chars == {"\u200d"} and len(neighbours) == 2 and all(map(_is_emoji, neighbours))
    if chars <= _BIDI:
        return any(unicodedata.bidirectional(c) in ("R", "AL") for c in nearby)
    if chars == {"\u200b"}:
        return any(_script_of(c, _UNSPACED_SCRIPTS) for c in neighbours)
    return False


def _char_name(char: str) -> str:
    name = unicodedata.name(char, None) or _CONTROL_NAMES.get(char, "CONTROL CHARACTER")
    return f"U+{ord(char):04X} {name}"


@rule(
    name="wt-invisible-char",
    severity=Severity.WARNING,
    visits="text",
    checkwiki=16,
    needs=_INVISIBLE,
)
def invisible_char(ctx: Context, text: Text) -> Iterator[Report]:
    """Invisible characters: control characters, bidi marks, zero-width spaces and joiners.

    Why:
        Control characters (NUL included), bidi marks and overrides, zero-width spaces,
        joiners and word joiners, byte-order marks: they are invisible in the editor and
        break things silently: a zero-width space or a
        left-to-right mark in a link target makes a red link, in a template parameter name an
        unknown parameter; they come from copy-paste.  CheckWiki #16 (Unicode control
        characters).
    Fails:
        [[Paris<U+200E>]] is the capital.   (a LEFT-TO-RIGHT MARK after "Paris")
        The<U+200B> city.   (a ZERO WIDTH SPACE)
    Passes:
        The city.
        👨<U+200D>👩<U+200D>👧   (ZWJ inside an emoji sequence)
        می<U+200C>خواهم   (ZWNJ in Persian)
    Does not flag:
        ZWJ between emoji; ZWJ/ZWNJ next to Arabic-script, Indic, Sinhala, Khmer … letters;
        bidi marks within ten characters of right-to-left text; ZWSP next to Thai, Lao,
        Khmer, Myanmar or Tibetan text; soft hyphens and non-breaking spaces; comments; the
        parameters of citation templates (``cite-invisible-char`` reports those).  Each run
        of consecutive characters is reported once.
    """
    value = str(text)
    if not _INVISIBLE.search(value) or ancestry(ctx).get(id(text), 0) & IN_CITATION:
        return
    offset = ctx.article.locator.offset(text)
    for match in _INVISIBLE.finditer(value):
        start, end = match.span()
        before = value[start - 1] if start else ""
        after = value[end] if end < len(value) else ""
        nearby = value[max(0, start - 10) : end + 10]
        if _legit(match.group(), before, after, nearby):
            continue
        names = list(dict.fromkeys(_char_name(c) for c in match.group()))
        count = len(match.group())
        page = ctx.article.text
        shown = page[max(0, offset + start - 15) : offset + start] + "⟦…⟧"
        shown += page[offset + end : offset + end + 15]
        what = "invisible character" if count == 1 else f"{count} invisible characters"
        yield Report(
            f"{what} {', '.join(names)} in {' '.join(shown.split())!r}",
            ctx.article.index.span(offset + start, offset + end),
            data={"codepoints": [f"U+{ord(c):04X}" for c in match.group()]},
        )
