"""Wikitext rules: the common syntax errors CheckWiki tracks, read from the parsed tree.

Headings (hierarchy, bold, trailing colon, empty sections), ``{{Template:…}}`` prefixes,
invisible characters, self links, links to the wiki written as external links and spaces
before ``<ref>``.  The raw-text balance rules (brackets, tags) live in :mod:`.balance` and are
registered here, so the family is one list.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import unquote

from mwparserfromhell.nodes import Comment, Heading, Tag, Template, Text

from ..findings import ReplaceNode, Report, Severity
from ..names import normalize_page_title, strip_comments
from ..references import is_citation_template_name
from ..wikitext import plain_text, tag_name, template_name
from . import balance
from .base import Context, Rule
from .ref_index import ref_tags

__all__ = ["RULES"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

IN_TEMPLATE, IN_CITATION, IN_REF = 1, 2, 4


def ancestry(ctx: Context) -> dict[int, int]:
    """For every node of the page: is it inside a template, a citation template, a ref?"""

    def compute() -> dict[int, int]:
        flags: dict[int, int] = {}

        def walk(code, state: int) -> None:
            for node in code.nodes:
                flags[id(node)] = state
                inner = state
                if isinstance(node, Template):
                    inner |= IN_TEMPLATE
                    if is_citation_template_name(template_name(node)):
                        inner |= IN_CITATION
                elif isinstance(node, Tag) and tag_name(node) == "ref":
                    inner |= IN_REF
                for child in node.__children__():
                    walk(child, inner)

        walk(ctx.article.code, 0)
        return flags

    return ctx.memo("syntax.ancestry", compute)


# -- headings ------------------------------------------------------------------------------


def heading_hierarchy(ctx: Context, article) -> Iterator[Report]:
    """A heading that skips a level (``==`` then ``====``), or a first heading below level 2.

    Why:
        Screen readers and the table of contents navigate by level; a skipped level makes a
        broken outline (MOS:HEADINGS).  CheckWiki #25 (headline hierarchy), #7 (headlines
        all start with three "=") and #83 (start with three "=", later level two).
    Fails:
        == History ==
        ==== Early years ====
    Passes:
        == History ==
        === Early years ===
        == Legacy ==
    Does not flag:
        Going back up any number of levels (``====`` then ``==``); headings inside templates
        or tags; level-1 headings as first heading (CheckWiki #19 is another matter).
    """
    previous = None
    for section in article.sections:
        level = section.level
        if previous is None:
            if level > 2:
                yield Report(
                    f"the first heading {section.title!r} is level {level} ({'=' * level}); "
                    "an article's sections start at level 2 (==)",
                    section.span,
                    data={"checkwiki": 7},
                )
        elif level > previous.level + 1:
            yield Report(
                f"heading {section.title!r} is level {level} ({'=' * level}) right after "
                f"level {previous.level} {previous.title!r}: level {previous.level + 1} skipped",
                section.span,
                data={"checkwiki": 25},
            )
        previous = section


def heading_markup(ctx: Context, heading: Heading) -> Iterator[Report]:
    """Bold markup (``'''``) in a heading, or a heading that ends with a colon.

    Why:
        Headings are already bold; ``'''`` in them is redundant and breaks section links.  A
        trailing colon is not used in headings (MOS:HEADINGS).  CheckWiki #44 (headlines with
        bold) and #57 (headlines end with colon).
    Fails:
        == '''History''' ==
        == History: ==
        == 歴史： ==   (full-width colon)
    Passes:
        == History ==
        == ''The Times'' ==   (italics for a title are fine)
    Does not flag:
        Italic markup (``''…''``); colons inside the heading (``== 3:2 win ==``); markup in
        comments inside the heading.
    """
    title = str(heading.title)
    blanked = re.sub(r"<!--.*?(?:-->|\Z)", lambda m: " " * len(m.group()), title, flags=re.S)
    title_start = ctx.article.locator.offset(heading.title)
    index = ctx.article.index
    bold = re.search(r"'''", blanked)
    if bold:
        yield Report(
            f"heading {plain_text(heading.title)!r} has bold markup (''')",
            index.span(title_start + bold.start(), title_start + bold.end()),
            data={"checkwiki": 44},
        )
    visible = re.sub(r"'{2,}", lambda m: " " * len(m.group()), blanked).rstrip()
    if visible.endswith((":", "：")):
        colon = len(visible) - 1
        yield Report(
            f"heading {plain_text(heading.title)!r} ends with a colon",
            index.span(title_start + colon, title_start + colon + 1),
            data={"checkwiki": 57},
        )


def empty_section(ctx: Context, article) -> Iterator[Report]:
    """A section with nothing under its heading (a section holding only subsections is fine).

    Why:
        An empty section is a promise the article does not keep; readers jump to it from the
        table of contents and find nothing.  Either write it, tag it ``{{Empty section}}``,
        or remove the heading.  CheckWiki #84 (section without content).
    Fails:
        == History ==
        == Legacy ==
        Text.
    Passes:
        == History ==
        === Early years ===
        Text.
    Does not flag:
        A section whose only content is subsections; a section holding only a template
        (``{{Empty section}}``, ``{{Main|…}}``, ``{{Reflist}}``) or a list, a table, an
        image — anything but whitespace and comments.
    """
    sections = article.sections
    for i, section in enumerate(sections):
        body = article.text[section.body_span.start : section.body_span.end]
        if strip_comments(body).strip():
            continue
        following = sections[i + 1] if i + 1 < len(sections) else None
        if following is not None and following.level > section.level:
            continue
        yield Report(f"section {section.title!r} is empty", section.span)


# -- templates -----------------------------------------------------------------------------

#: Local names of the Template namespace ("Template:" works on every wiki).
TEMPLATE_NAMESPACES = {
    "ja": ("テンプレート",),
    "uk": ("Шаблон",),
    "bg": ("Шаблон",),
    "ru": ("Шаблон",),
    "vi": ("Bản mẫu",),
    "de": ("Vorlage",),
    "fr": ("Modèle",),
}


def template_prefix(ctx: Context, template: Template) -> Iterator[Report]:
    """A template call written with its namespace: ``{{Template:Foo}}`` for ``{{Foo}}``.

    Why:
        The prefix is redundant: MediaWiki looks templates up in the Template namespace
        anyway.  It clutters the source and hides the template from some tools.  CheckWiki
        #1 (template namespace in template usage).  The fix removes the prefix and keeps the
        spacing of the name.
    Fails:
        {{Template:Citation needed|date=May 2024}}
        {{ template : Reflist }}
        {{テンプレート:要出典}}   (jawiki)
    Passes:
        {{Citation needed|date=May 2024}}
    Does not flag:
        ``{{subst:…}}``, ``{{msgnw:…}}`` and other modifiers; a prefix after a comment in the
        name; ``{{:Template:Foo}}`` (not a usual call).
    """
    raw = str(template.name)
    names = ("Template", *TEMPLATE_NAMESPACES.get(ctx.wiki.language, ()))
    pattern = r"^(\s*)(" + "|".join(re.escape(n) for n in names) + r")\s*:\s*"
    match = re.match(pattern, raw, re.IGNORECASE)
    if match is None or not raw[match.end() :].strip():
        return
    new_name = match.group(1) + raw[match.end() :]
    yield Report(
        f"{{{{{raw.strip()}}}}} is written with its namespace; use {{{{{new_name.strip()}}}}}",
        ctx.span(template.name),
        fix=(ReplaceNode(template.name, new_name),),
    )


# -- characters ----------------------------------------------------------------------------

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


# -- links ---------------------------------------------------------------------------------


def self_link(ctx: Context, link) -> Iterator[Report]:
    """A wikilink to the article itself.

    Why:
        A link to the page you are on goes nowhere (MediaWiki shows it as bold text, not a
        link); it is usually left over from text copied from another article.  CheckWiki #48
        (title linked in text).
    Fails:
        (on "Paris")  [[Paris]] is the capital of France.
        (on "Paris")  The [[paris|city]] has …
    Passes:
        (on "Paris")  See [[Paris#History|its history]].
        (on "Paris")  [[France]]
    Does not flag:
        Links with a ``#section`` anchor; links inside templates (navboxes list the page
        itself by design); pages with no known title; links through redirects (wikibox
        does not know them).
    """
    if not ctx.article.title:
        return
    target = strip_comments(str(link.title))
    if "#" in target or "{{" in target or ancestry(ctx).get(id(link), 0) & IN_TEMPLATE:
        return
    if normalize_page_title(target) == normalize_page_title(ctx.article.title):
        yield Report(f"[[{target.strip()}]] links to the article itself", ctx.span(link))


_WIKI_URL = re.compile(
    r"^(?:https?:)?//([a-z][a-z-]*)(?:\.m)?\.wikipedia\.org/"
    r"(?:wiki/([^?#\s]+)(#\S*)?|w/index\.php\?title=([^&#\s]+)(#\S*)?)$",
    re.IGNORECASE,
)


def internal_as_external(ctx: Context, link) -> Iterator[Report]:
    """An external link to a page of the same wiki, which should be a wikilink.

    Why:
        External links to the wiki itself break when the page is renamed (a wikilink follows
        the redirect), open as external links, and are not counted as links by the wiki.
        CheckWiki #90 (internal link written as external link).
    Fails:
        [https://en.wikipedia.org/wiki/Paris Paris]
        https://en.m.wikipedia.org/wiki/Eiffel_Tower   (the mobile site)
        [https://ja.wikipedia.org/wiki/東京 東京]   (jawiki)
    Passes:
        [[Paris]]
        [https://fr.wikipedia.org/wiki/Paris Paris]   (another wiki: CheckWiki #91)
    Does not flag:
        Links inside ``<ref>`` or citation templates (citing Wikipedia is another problem),
        or written as a parameter value (``[[File:x.jpg|link=https://…]]``, ``|url=…``);
        links with a query (``?oldid=…``, ``action=history``) — they point at a revision,
        not a page; links to other language editions.
    """
    match = _WIKI_URL.match(str(link.url).strip())
    if match is None or match.group(1).lower() != ctx.wiki.language.lower():
        return
    if ancestry(ctx).get(id(link), 0) & (IN_REF | IN_CITATION):
        return
    text, start = ctx.article.text, ctx.article.locator.offset(link)
    while start > 0 and text[start - 1] == " ":
        start -= 1
    if start > 0 and text[start - 1] == "=":  # a parameter value (``link=``, ``url=``)
        return
    title = unquote(match.group(2) or match.group(4)).replace("_", " ")
    anchor = unquote(match.group(3) or match.group(5) or "")
    label = plain_text(link.title) if link.title is not None else ""
    suggestion = f"[[{title}{anchor}|{label}]]" if label else f"[[{title}{anchor}]]"
    yield Report(
        f"{str(link.url).strip()} links to this wiki; write {suggestion}",
        ctx.span(link),
        data={"title": title},
    )


# -- references ----------------------------------------------------------------------------


def space_before_ref(ctx: Context, article) -> Iterator[Report]:
    """Spaces between the text (or a previous ref) and a ``<ref>``.

    Why:
        A footnote marker belongs right after the word or punctuation it supports; a space
        before it can wrap the marker to the next line, away from its text (MOS:REFSPACE).
        The fix removes the spaces.  CheckWiki has no error of its own for it; its #61
        (reference before punctuation) fix removes these spaces too.
    Fails:
        The city is old. <ref>Smith 2020.</ref>
        Old.<ref>A.</ref> <ref>B.</ref>
        The [[Louvre]] <ref name="x" />
    Passes:
        The city is old.<ref>Smith 2020.</ref>
        * <ref>Smith 2020.</ref>   (a list item that starts with a ref)
    Does not flag:
        Whitespace at the start of a line (the ref starts the line; removing a line break
        would join lines), after a list marker or a table cell separator (``* ``, ``| ``,
        ``!! ``), at the start of a template parameter, after a comment, or inside a
        reference list (``{{Reflist|refs=…}}``).
    """
    in_list = {id(ref.node) for ref in ref_tags(ctx) if ref.in_list}
    text = article.text
    locator = article.locator
    for code in article.locator.codes:
        nodes = code.nodes
        for i in range(1, len(nodes)):
            ref = nodes[i]
            if type(ref) is not Tag or tag_name(ref) != "ref":
                continue
            previous = nodes[i - 1]
            if id(ref) in in_list or not isinstance(previous, Text):
                continue
            value = str(previous)
            kept = value.rstrip(" \t")
            if kept == value:
                continue
            if not kept and (i < 2 or isinstance(nodes[i - 2], Comment | Heading)):
                continue
            start = locator.offset(previous) + len(kept)
            line = text[text.rfind("\n", 0, start) + 1 : start].strip()
            if not line or re.fullmatch(r"[*#:;]+", line) or line.endswith(("|", "!")):
                continue
            yield Report(
                f"space before <ref> after {_tail(text, start)!r}",
                article.index.span(start, locator.offset(ref)),
                fix=(ReplaceNode(previous, kept),),
            )


def _tail(text: str, end: int, limit: int = 20) -> str:
    line = text[max(0, end - limit) : end].rsplit("\n", 1)[-1]
    return ("…" if end - len(line) > 0 and len(line) == limit else "") + line


RULES = [
    *balance.RULES,
    Rule("wt-heading-hierarchy", WARNING, "wt", "article", heading_hierarchy, checkwiki=25),
    Rule("wt-heading-markup", WARNING, "wt", "heading", heading_markup, checkwiki=44),
    Rule("wt-template-prefix", WARNING, "wt", "template", template_prefix, True, checkwiki=1),
    Rule("wt-invisible-char", WARNING, "wt", "text", invisible_char, checkwiki=16),
    Rule("wt-self-link", WARNING, "wt", "wikilink", self_link, checkwiki=48),
    Rule(
        "wt-internal-as-external",
        WARNING,
        "wt",
        "external_link",
        internal_as_external,
        checkwiki=90,
    ),
    Rule("wt-space-before-ref", INFO, "wt", "article", space_before_ref, True, checkwiki=61),
    Rule("wt-empty-section", INFO, "wt", "article", empty_section, checkwiki=84),
]
