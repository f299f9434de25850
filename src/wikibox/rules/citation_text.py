"""Citation rules on the *text* of the values, and the citation view both cite modules share.

:func:`citation` turns a citation template node (``{{cite news}}``, jawiki ``{{Cite web|和書|…}}``)
into a :class:`Citation`: its parameters with positions, its schema and the CS1 name groups,
computed once per page.  The rules here read the text of the values: identifiers that fail
their check digit, URLs and missing pipes inside values, a site name pasted after the title, a
title a web scraper got instead of the real one, look-alike letters from another script,
invisible characters, and a title in another script with no ``|language=``.  They are
registered through :mod:`.citations`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mwparserfromhell.nodes import Template
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError

from ..findings import Report, SetParam, Severity
from ..model import Param, Span
from ..names import strip_comments
from ..references import is_citation_template_name
from ..wikitext import plain_text, template_name, template_params
from .base import Context, Rule

if TYPE_CHECKING:
    from ..schema import TemplateSchema

__all__ = ["RULES", "WORK", "Citation", "citation", "has_value", "short"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# CS1's parameter names for one thing; a template's TemplateData aliases are added to these.
TITLE = ("title", "trans-title", "script-title", "trans_title")
WORK = ("work", "website", "newspaper", "magazine", "journal", "periodical")
LANGUAGE = ("language", "lang")
AUTHOR = re.compile(
    r"(?:author|last|first|surname|given|coauthors?)\d*(?:-(?:last|first))?"
    r"|author-(?:last|first)\d*|editor\d*(?:-(?:last|first))?|editor-(?:last|first)\d*"
)


@dataclass(frozen=True)
class Citation:
    """One citation template: its name, parameters and schema (None when unknown)."""

    node: Template
    name: str  # as written, normalised: "Cite web"
    kind: str  # through the wiki's redirects, casefolded: "cite web"
    params: tuple[Param, ...]
    schema: TemplateSchema | None
    name_span: Span

    def given(self, *names: str) -> Param | None:
        """The last parameter with one of these names, filled or not."""
        return next((p for p in reversed(self.params) if p.name in names), None)

    def filled(self, *names: str) -> Param | None:
        """The last parameter with one of these names that has a value (comments aside)."""
        return next((p for p in reversed(self.params) if p.name in names and has_value(p)), None)

    def names(self, base: Iterable[str]) -> tuple[str, ...]:
        """``base`` plus the names the schema gives the same parameters (aliases)."""
        found = list(base)
        for name in base:
            spec = self.schema.lookup(name) if self.schema else None
            if spec is not None:
                found += [spec.name, *spec.aliases]
        return tuple(dict.fromkeys(found))

    def count(self, name: str) -> int:
        return sum(1 for p in self.params if p.name == name)

    @property
    def flag(self) -> str | None:
        """jawiki's positional language flag (``和書``), if any."""
        first = self.given("1")
        return first.value.strip() if first is not None and first.positional else None


def citation(ctx: Context, node: Any) -> Citation | None:
    """The :class:`Citation` of a template node, or None when it is not a citation template."""
    if not isinstance(node, Template):
        return None
    name = template_name(node)
    if not is_citation_template_name(name):
        return None

    def build() -> Citation:
        start = ctx.article.locator.offset(node.name)
        written = str(node.name)
        lead = len(written) - len(written.lstrip())
        end = start + lead + len(written.strip())
        return Citation(
            node=node,
            name=name,
            kind=ctx.schemas.resolve(name).casefold(),
            params=template_params(node, ctx.article.locator),
            schema=ctx.schemas.get(name),
            name_span=ctx.article.index.span(start + lead, max(end, start + lead + 1)),
        )

    return ctx.memo(f"cite:{id(node)}", build)


def has_value(param: Param) -> bool:
    return bool(strip_comments(param.raw).strip())


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_span(ctx: Context, param: Param, start: int, end: int) -> Span:
    """The span of ``raw[start:end]`` of a parameter value."""
    lead = len(param.raw) - len(param.raw.lstrip())
    base = param.value_span.start - lead
    return ctx.article.index.span(base + start, base + max(end, start + 1))


def mask(text: str, *, nested: bool = True) -> str:
    """``text`` with comments, tags and (when ``nested``) templates blanked out, same length."""

    def blank(match: re.Match[str]) -> str:
        return "\x00" * len(match.group(0))

    text = re.sub(r"<!--.*?(?:-->|\Z)", blank, text, flags=re.DOTALL)
    text = re.sub(r"<[^<>]*>", blank, text)
    while nested:
        masked = re.sub(r"\{\{[^{}]*\}\}", blank, text)
        if masked == text:
            break
        text = masked
    return text


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


# --- title ends with the site name -------------------------------------------------------------

_SEPARATOR = re.compile(
    r"\s+[-–—|·•]\s+|\s+::\s+|\s*\{\{\s*!\s*\}\}\s*|\s*&#(?:124|x7[cC]);\s*|\s*｜\s*|:\s+"
)
_SITE_ENDING = re.compile(
    r"(?:\S.*\s(?:News|Politics|Online)|\S.*\.(?:com|co\.uk|org|net|jp)"
    r"|\S.*(?:ニュース|ポリティクス|新聞|新聞社|通信|デジタル|オンライン|ドットコム))$",
    re.IGNORECASE,
)
_KNOWN_SITES = (
    "Reuters", "YouTube", "Bloomberg", "Forbes", "CNN", "BBC", "NPR", "AP News", "AFP",
    "Politico", "Axios", "Al Jazeera", "The Guardian", "The New York Times",
    "The Washington Post", "NHK", "ロイター", "日本経済新聞", "時事ドットコム", "共同通信",
    "朝日新聞デジタル", "毎日新聞", "読売新聞オンライン", "産経ニュース",
)  # fmt: skip
_TLD = re.compile(r"(?:com|couk|org|net|jp|cojp)$")


def _site_key(text: str) -> str:
    key = re.sub(r"[\W_]+", "", plain_text(text).casefold())
    key = key.removeprefix("the") if len(key) > 6 else key
    return _TLD.sub("", key) if len(key) > 5 else key


@lru_cache(maxsize=1)
def _known_site_keys() -> frozenset[str]:
    return frozenset(_site_key(name) for name in _KNOWN_SITES)


def _site_suffix(raw: str, work_keys: set[str]) -> tuple[str, str, bool] | None:
    """(title without the suffix, the site name, whether it matched a work) or None."""
    head, site, matched = raw, None, False
    while True:
        separators = list(_SEPARATOR.finditer(head))
        if not separators:
            break
        last = separators[-1]
        suffix = head[last.end() :].strip()
        key = _site_key(suffix)
        plain = plain_text(suffix)
        is_site = (
            not last.group(0).strip().startswith(":")
            and len(plain) <= 40
            and len(plain.split()) <= 5
            and (key in _known_site_keys() or bool(_SITE_ENDING.search(plain)))
        )
        # "CNN Politics" with work=CNN is the work's own site; a longer phrase that merely
        # starts with the work's name ("USA Today Sports' Player of the Year") is a title.
        is_work = bool(key) and (
            key in work_keys or (is_site and any(key.startswith(w) for w in work_keys))
        )
        rest = head[: last.start()].rstrip()
        if not (is_work or is_site) or len(re.findall(r"[^\W\d_]", plain_text(rest))) < 3:
            break
        head, site, matched = rest, site or plain, matched or is_work
    return (head, site, matched) if site else None


def title_site_suffix(ctx: Context, node: Any) -> Iterator[Report]:
    """The title ends with the name of the site (`` - CBS News``, ``{{!}}CNNポリティクス``).

    Why:
        Browsers and citation tools copy the page's ``<title>``, which carries the site's
        name; in a citation the site belongs in ``|website=``/``|work=``, where CS1 styles it,
        and it is shown twice otherwise.  The fix removes the suffix and, when the citation
        names no website yet, moves the suffix there.
    Fails:
        {{cite news |title=Trump calls Putin - CBS News |work=CBS News}}
        {{Cite web|和書|title=首脳が電話会談 {{!}} CNNポリティクス|url=…}}
    Passes:
        {{cite news |title=Trump calls Putin |work=CBS News}}
    Does not flag:
        A suffix after a colon unless it is the citation's own work (``Ukraine: Good News``
        is a title); a last part that is not a site name (``Profile - Part 2``); dashes
        without spaces (``Russia–United States``); titles that would be left with almost
        nothing.
    """
    cite = citation(ctx, node)
    title = cite.filled("title") if cite else None
    if cite is None or title is None or "<!--" in title.raw:
        return
    work_names = cite.names(WORK)
    work = cite.filled(*work_names)
    owners = [p for p in cite.params if p.name in (*work_names, "publisher") and has_value(p)]
    work_keys = {_site_key(p.raw) for p in owners} - {""}
    found = _site_suffix(title.raw.strip(), work_keys)
    if found is None:
        return
    head, site, matched = found
    fix = None
    field = "work" if cite.kind == "cite news" else "website"
    can_add = cite.schema is None or cite.schema.is_known(field)
    if cite.count("title") == 1 and (matched if work is not None else can_add):
        fix = [SetParam(node, "title", head)]
        if work is None:
            fix.append(SetParam(node, field, site))
    where = "the citation's work" if matched else "a site name"
    shown = plain_text(title.raw.replace("{{!}}", "|"))
    yield Report(
        f"|title= {short(shown)!r} of {{{{{cite.name}}}}} ends with {where} "
        f"{site!r}; it belongs in |{field}=",
        title.value_span,
        fix=tuple(fix) if fix else None,
        data={"site": site},
    )


# --- generic titles ----------------------------------------------------------------------------

_GENERIC_TITLES = frozenset(
    (
        "wayback machine", "internet archive wayback machine", "archived copy", "page not found",
        "not found", "404", "404 not found", "404 error", "error 404", "403 forbidden",
        "forbidden", "access denied", "are you a robot", "bloomberg are you a robot",
        "just a moment", "attention required cloudflare", "login", "log in", "sign in",
        "log into facebook", "login instagram", "untitled", "untitled document", "no title",
        "home page", "homepage", "subscribe to read", "redirecting", "usurped title",
        "webcite query result", "wikiwix s cache", "website is for sale", "hugedomains com",
        "ページが見つかりません", "お探しのページは見つかりませんでした",
        "アクセスが拒否されました", "ログイン", "無題", "タイトルなし",
    )
)  # fmt: skip
_GENERIC_SEPARATOR = re.compile(r"\s+[-–—|·•]\s+|\s*\|\s*|:\s+")


def _generic_key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).split())


# Failure pages are generic even beside the site's name; "Home page" or "Login" only alone.
_GENERIC_PARTS = frozenset(
    key
    for key in _GENERIC_TITLES
    if not key.startswith(("home", "log", "sign", "untitled", "no title", "ログイン", "無題"))
)


def _generic(title: str) -> bool:
    """A generic title, whole or as the first or last part (``Page not found | Example``)."""
    key = _generic_key(title)
    if key in _GENERIC_TITLES or key.startswith("404 "):  # CS1: ^404
        return True
    parts = [part for part in _GENERIC_SEPARATOR.split(title) if part.strip()]
    return any(
        _generic_key(part) in _GENERIC_PARTS or _generic_key(part).startswith("404 ")
        for part in {*parts[:1], *parts[-1:]}
    )


def generic_title(ctx: Context, node: Any) -> Iterator[Report]:
    """The title is what a website shows instead of the page: an error, a login or bot check.

    Why:
        Citation bots and browser tools copy the page title they were served: "Page not
        found", "Just a moment...", "Are you a robot?", "Wayback Machine".  The reader gets
        no idea what the source says.  CS1 files these under err_generic_title ("Cite uses
        generic title"; "Archived copy" is its archived_copy maintenance category).
    Fails:
        {{cite web |url=https://example.com/a |title=Page not found}}
        {{cite web |url=https://example.com/a |title=Attention Required! {{!}} Cloudflare}}
    Passes:
        {{cite web |url=https://example.com/a |title=Summit ends without a deal}}
    Does not flag:
        A generic phrase inside a longer real title ("Why the login page failed", "Page not
        found errors rise"); it is flagged whole, or as the first or last part between
        separators ("Page not found | Example"), but "Home page" or "Login" only alone
        ("AVTEC – Home Page" names the page it cites); titles made only of templates;
        ``|trans-title=``.
    """
    cite = citation(ctx, node)
    title = cite.filled("title") if cite else None
    if cite is None or title is None:
        return
    text = plain_text(title.raw.replace("{{!}}", "|"))
    if text and _generic(text):
        yield Report(f"Cite uses generic title: |title={short(text)!r}", title.value_span)


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
        if (param.name in names or AUTHOR.fullmatch(param.name)) and has_value(param):
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


def mixed_script(ctx: Context, node: Any) -> Iterator[Report]:
    """A word mixes look-alike letters of two scripts: Latin ``p`` in a Cyrillic word,
    Cyrillic ``а`` in an English one, Greek ``Ο`` for ``O``.

    Why:
        Such a word looks right but is misspelt for every search engine, screen reader and
        tool, and it usually comes from a keyboard layout slip or text copied from a
        machine translation.
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
    cite = citation(ctx, node)
    if cite is None:
        return
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


def language_missing(ctx: Context, node: Any) -> Iterator[Report]:
    """The title is mostly in another script than the wiki's, and ``|language=`` is not set.

    Why:
        Readers should know before they click that the source is not in the wiki's
        language; CS1 shows "(in Russian)" and files the page under "CS1 Russian-language
        sources" only when ``|language=`` is given.
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
    cite = citation(ctx, node)
    title = cite.filled("title") if cite else None
    if cite is None or title is None or cite.filled(*cite.names(LANGUAGE)):
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


def invisible_char(ctx: Context, node: Any) -> Iterator[Report]:
    """A parameter value holds an invisible or broken character: zero-width space or joiner,
    word joiner, byte order mark, soft hyphen, U+FFFD, or a control character.

    Why:
        They are invisible in the editor and in the page but break searches, sorting, URL
        matching and the COinS metadata; U+FFFD marks text already damaged by a wrong
        encoding.  CS1 reports them as err_invisible_char ("$1 in $2 at position $3").
    Fails:
        {{cite web |title=Summit talks}}   (with U+200B, a zero width space, after "Summit")
        {{cite news |work=BBC News}}   (with U+00AD, a soft hyphen, inside "BBC")
    Passes:
        {{cite web |title=Summit talks}}
    Does not flag:
        Tabs and line breaks (layout of the wikitext); a zero width joiner or non-joiner
        next to letters of scripts that need it (Persian, Devanagari …) or inside an emoji
        sequence; HTML entities such as ``&shy;``, which the editor wrote on purpose;
        left-to-right and right-to-left marks.
    """
    cite = citation(ctx, node)
    if cite is None:
        return
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


# --- identifiers --------------------------------------------------------------------------------

_ISBN_CHARS = re.compile(r"[0-9X \-]+")
_DOI = re.compile(r"10\.([^/]+)/[^\s–]*[^.,]")
_BAD_REGISTRANT = tuple(
    re.compile(p)
    for p in (
        r"[^1-3][0-9]{4}\.[0-9]+",  # 5 digits with a subcode: 10000–39999
        r"[^1-5][0-9]{4}",  # 5 digits without: 10000–59999
        r"0[0-9]{3}(?:\.[0-9]+)?",  # 4 digits starting with 0
        r"[0-9]{6,}.*",  # 6 or more digits
        r"[0-9]{1,3}",  # fewer than 4 digits without a subcode
        r"5555",  # the test registrant never resolves
        r".*[^0-9.].*",  # anything but digits and dots
    )
)


def _isbn_problem(value: str) -> str | None:
    if not _ISBN_CHARS.fullmatch(value):
        return "invalid character"
    digits = value.replace("-", "").replace(" ", "")
    if len(digits) not in (10, 13):
        return "length"
    if len(digits) == 10:
        if "X" in digits[:-1]:
            return "invalid form"
        if digits.startswith(("630", "631")):
            return "invalid group id"
    else:
        if not digits.isdigit():
            return "invalid character"
        if not digits.startswith(("978", "979")):
            return "invalid prefix"
        if digits.startswith("9790"):
            return "invalid group id"
    try:
        stdnum_isbn.validate(digits)
    except ValidationError:
        return "checksum"
    return None


def _issn_problem(value: str) -> str | None:
    compact = re.sub(r"[\s\-–]", "", value)
    if not re.fullmatch(r"[0-9]{7}[0-9X]", compact):
        return "invalid form"
    try:
        stdnum_issn.validate(compact)
    except ValidationError:
        return "checksum"
    return None


def _doi_problem(value: str) -> str | None:
    match = _DOI.fullmatch(value)
    if match is None:
        if not value.startswith("10."):
            return "a DOI starts with 10. (no doi: prefix or https://doi.org/)"
        if value.endswith((".", ",")):
            return "it ends with punctuation"
        return "invalid form (10.registrant/suffix, no spaces or en dashes)"
    if any(pattern.fullmatch(match.group(1)) for pattern in _BAD_REGISTRANT):
        return f"invalid registrant {match.group(1)!r}"
    return None


_IDENTIFIERS = {
    "isbn": _isbn_problem, "ISBN": _isbn_problem, "issn": _issn_problem, "ISSN": _issn_problem,
    "eissn": _issn_problem, "EISSN": _issn_problem, "doi": _doi_problem, "DOI": _doi_problem,
}  # fmt: skip


def identifier_invalid(ctx: Context, node: Any) -> Iterator[Report]:
    """An ISBN, ISSN/eISSN or DOI that fails its form or check digit.

    Why:
        A wrong identifier links the reader to another book or to nothing.  CS1 shows
        err_bad_isbn ("Check |isbn= value: checksum"), err_bad_issn and err_bad_doi; the same
        rules apply here: ISBN-10/13 check digits (no 630/631 or 9790 prefixes), ISSN mod-11,
        and a DOI of the form ``10.<registrant>/<suffix>`` with a plausible registrant and no
        trailing punctuation.
    Fails:
        {{cite book |title=A |isbn=978-0-306-40615-8}}
        {{cite journal |title=A |issn=0378-5954}}
        {{cite journal |title=A |doi=https://doi.org/10.1000/182}}
    Passes:
        {{cite book |title=A |isbn=978-0-306-40615-7}}
        {{cite journal |title=A |issn=0378-5955 |doi=10.1000/182}}
    Does not flag:
        Values CS1 is told to accept as written (``((…))``); values with templates; other
        identifiers (OCLC, PMID …).
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in cite.params:
        check = _IDENTIFIERS.get(param.name)
        text = param.value.strip()
        if check is None or not text or "{{" in param.raw or text.startswith("(("):
            continue
        problem = check(text)
        if problem:
            yield Report(
                f"Check |{param.name}= value: {problem} ({short(text)!r})",
                param.value_span,
                data={"param": param.name, "problem": problem},
            )


# --- values ---------------------------------------------------------------------------------------

_LINK_FIELDS = re.compile(
    r"title|trans-title|script-title|work|website|newspaper|publisher|periodical|magazine"
    r"|journal|agency|location|place|via|(?:author|last|first|surname|given)\d*"
    r"|author\d*-(?:last|first)|author-(?:last|first)\d*|coauthors?"
)
_URL_IN_TEXT = re.compile(r"(?:\b(?:https?|ftp)://|\[//)[^\s\]|<>{}]+", re.IGNORECASE)


def external_link_in_param(ctx: Context, node: Any) -> Iterator[Report]:
    """A URL inside the title, work, publisher, author, agency, location or via field.

    Why:
        CS1 shows err_param_has_ext_link ("External link in |work="): the value is linked
        text inside the citation's own link, the COinS metadata gets a URL instead of a
        name, and the address belongs in ``|url=``.
    Fails:
        {{cite web |url=https://example.com/a |title=A |website=https://example.com}}
        {{cite news |title=[https://example.com/a Summit ends]}}
    Passes:
        {{cite web |url=https://example.com/a |title=A |website=example.com}}
        {{cite news |title=Summit ends |work=[[The Times]]}}
    Does not flag:
        URL parameters, ``|id=``, ``|page(s)=``, ``|at=``, ``|quote=``; domain names without
        a scheme (``example.com`` is a fine website name); URLs inside comments.
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in cite.params:
        if not _LINK_FIELDS.fullmatch(param.name):
            continue
        match = _URL_IN_TEXT.search(mask(param.raw, nested=False))
        if match:
            yield Report(
                f"External link in |{param.name}=: {short(match.group(0).lstrip('['))}",
                value_span(ctx, param, match.start(), match.end()),
                data={"param": param.name},
            )


# Parameters CS1 knows on every template, for templates without TemplateData (missing pipe).
CORE_PARAMS = frozenset((
    "title", "url", "date", "access-date", "accessdate", "work", "website", "newspaper",
    "publisher", "author", "last", "first", "pages", "page", "language", "location", "archive-url",
    "archive-date", "url-status", "isbn", "issn", "doi", "agency", "via", "quote", "magazine",
    "journal", "volume", "issue", "year", "trans-title", "format", "edition",
))  # fmt: skip
_PIPE = re.compile(r"(?:^|(?<=\s))([A-Za-z][\w-]*)(\s*)=")


def missing_pipe(ctx: Context, node: Any) -> Iterator[Report]:
    """A value holds another parameter's ``name=``: a ``|`` is missing.

    Why:
        ``|title=Summit ends url=https://…`` makes the URL part of the title; CS1 shows
        err_missing_pipe ("Missing pipe in: |title=").
    Fails:
        {{cite web |title=Summit ends url=https://example.com/a}}
        {{cite news |title=A |work=CBS News date=12 February 2025}}
    Passes:
        {{cite web |title=Summit ends |url=https://example.com/a?date=12}}
        {{cite journal |title=When x = y}}
    Does not flag:
        Words that are not parameter names; names inside templates, comments or tags;
        one- and two-letter names (``p = 0.05``) unless ``=`` follows directly.
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in cite.params:
        if param.positional:
            continue
        for match in _PIPE.finditer(mask(param.raw)):
            name, gap = match.group(1), match.group(2)
            known = cite.schema.is_known(name) if cite.schema else name in CORE_PARAMS
            if known and (len(name) > 2 or not gap):
                yield Report(
                    f"Missing pipe in: |{param.name}= (it holds {name}=)",
                    value_span(ctx, param, match.start(1), match.end(1)),
                    data={"param": param.name, "holds": name},
                )
                break


RULES = [
    Rule("cite-title-site-suffix", WARNING, "cite", "template", title_site_suffix, fixable=True),
    Rule("cite-generic-title", ERROR, "cite", "template", generic_title),
    Rule("cite-mixed-script", ERROR, "cite", "template", mixed_script),
    Rule("cite-invisible-char", ERROR, "cite", "template", invisible_char),
    Rule("cite-language-missing", INFO, "cite", "template", language_missing),
    Rule("cite-identifier-invalid", ERROR, "cite", "template", identifier_invalid),
    Rule("cite-external-link-in-param", ERROR, "cite", "template", external_link_in_param),
    Rule("cite-missing-pipe", ERROR, "cite", "template", missing_pipe),
]
