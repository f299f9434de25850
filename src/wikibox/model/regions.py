"""Regional parsing: parse only the infobox templates of a page, not the whole page.

A full mwparserfromhell parse is ~16× slower than reading a bz2 dump (parser notes, fact 7),
while the infobox rules look only at the infobox templates (and, for the date format, at the
``{{Use dmy dates}}``/``{{Use mdy dates}}`` template and the prose dates of the page text).
:func:`infobox_regions` finds where those templates are by matching braces the way
mwparserfromhell does on real pages; :func:`parse_regions` parses just those ranges and builds
an :class:`~wikibox.model.Article` whose positions are those of the full page.

The text between the regions is kept as plain text nodes, so ``str(article.code)`` is still
the page and every offset is a page offset (no offset arithmetic in the locator).

Correctness comes first; the caller parses the whole page whenever
* the scanner is not sure that mwparserfromhell matches the braces the same way (a run of
  four or more braces, an unclosed template or comment, an opaque tag such as ``<nowiki>``
  it cannot close, ``{{{`` closed by ``}}``, a template name mwparserfromhell rejects);
* a region does not parse alone as exactly one template, or leaves markup open that may
  close after it (an HTML tag, a ``[``, a ``{|`` table, a heading line) and so swallow its
  closing braces;
* a ``{{Use dmy dates}}`` comes after other markup (it might sit inside a tag or link, where
  the date-format rule, which reads only top-level templates, would not see it), or the
  page holds a ``wikibox-disable`` comment (the engine reads those from the tree).

Checked against full parses: identical infobox spans and infobox findings on every page of
the corpus, every parser-test input, and random edits of real pages (braces, tags, links,
comments, tables inserted around infoboxes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from mwparserfromhell.definitions import PARSER_BLACKLIST
from mwparserfromhell.nodes import Comment, Tag, Template, Text
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

from wikibox.model.article import Article
from wikibox.model.build import article_from_code
from wikibox.model.profiles import wiki_config
from wikibox.wikitext.names import normalize_template_name
from wikibox.wikitext.parser import parse_wikitext, tag_name

__all__ = [
    "USE_DATE_TEMPLATES",
    "article_regions",
    "infobox_regions",
    "parse_infobox_article",
    "parse_regions",
]

#: Templates outside the infobox that an infobox rule reads (``infobox-date-format``).
USE_DATE_TEMPLATES = frozenset({"Use dmy dates", "Use mdy dates"})

_OPAQUE = "|".join(sorted(PARSER_BLACKLIST, key=len, reverse=True))
_TOKEN = re.compile(r"\{\{+|\}\}+|<!--|<(?:" + _OPAQUE + r")(?=[\s/>])", re.IGNORECASE)
_OPENER = re.compile(r"<(" + _OPAQUE + r")((?:[ \t][^<>\n]*?)?)(/?)>", re.IGNORECASE)
_CLOSERS: dict[str, re.Pattern[str]] = {}
#: A page with suppression comments is parsed whole: the engine finds them in the tree.
_SUPPRESSION = "wikibox-disable"

Region = tuple[int, int]
_Scanned = tuple[int, int, int, str]  # start, end, depth, normalised name


def infobox_regions(text: str, is_infobox_name: Callable[[str], bool]) -> list[Region] | None:
    """The ``(start, end)`` character ranges of every infobox template of ``text`` (nested ones
    included), in document order; ``None`` when the braces are not certain to match the way
    mwparserfromhell matches them."""
    scanned = _scan_templates(text)
    if scanned is None:
        return None
    return [(start, end) for start, end, _, name in scanned if is_infobox_name(name)]


def _closer(name: str) -> re.Pattern[str]:
    pattern = _CLOSERS.get(name)
    if pattern is None:
        pattern = _CLOSERS[name] = re.compile(rf"</{name}\s*>", re.IGNORECASE)
    return pattern


def _scan_templates(text: str) -> list[_Scanned] | None:
    """Every ``{{…}}`` template of ``text`` with its depth and normalised name, or ``None``."""
    found: list[_Scanned] = []
    skipped: list[Region] = []  # closed templates, arguments and comments, for names
    stack: list[tuple[int, int, int]] = []  # (start, 2 or 3 braces, len(skipped) at open)
    pos = 0
    search = _TOKEN.search
    while True:
        match = search(text, pos)
        if match is None:
            break
        token = match.group()
        start = match.start()
        pos = match.end()
        first = token[0]
        if first == "{":
            if len(token) > 3:
                return None
            stack.append((start, len(token), len(skipped)))
        elif first == "}":
            run = len(token)
            at = start
            while run >= 2 and stack:
                opened, size, inner = stack[-1]
                if size > run:
                    return None  # "{{{" closed by "}}": mwparserfromhell backtracks
                stack.pop()
                at += size
                run -= size
                if size == 2:
                    name = _template_name(text, opened, at, skipped[inner:])
                    if name is None:
                        return None
                    found.append((opened, at, len(stack), name))
                skipped.append((opened, at))
            if run and stack:
                return None  # a stray "}" inside a template: not worth guessing
        elif token == "<!--":
            end = text.find("-->", pos)
            if end < 0:
                return None  # unclosed: mwparserfromhell reads it as text, MediaWiki not
            pos = end + 3
            if stack:
                skipped.append((start, pos))
        else:
            opener = _OPENER.match(text, start)
            if opener is None or "{" in opener.group(2):
                return None  # an odd opening tag, or templates in its attributes
            if opener.group(3):
                pos = opener.end()
                continue
            closer = _closer(opener.group(1).lower()).search(text, opener.end())
            if closer is None:
                return None
            pos = closer.end()
    if stack:
        return None
    found.sort()
    return found


_NAME_TROUBLE = re.compile(r"[\[\]<>{}\n]")
_BAD_NAME = re.compile(r"[\[\]<>{}]|\n\s*\S")


def _template_name(text: str, start: int, end: int, inner: list[Region]) -> str | None:
    """The normalised name of the template ``text[start:end]`` (up to its first pipe outside
    nested templates and comments), or ``None`` for a name mwparserfromhell rejects (it then
    reads the braces as text and matches the rest of the page differently)."""
    pipe = text.find("|", start + 2, end - 2)
    raw = text[start + 2 : end - 2 if pipe < 0 else pipe]
    if not _NAME_TROUBLE.search(raw) and raw.strip():
        return normalize_template_name(raw)
    pieces = []  # the name without its nested templates, arguments and comments
    pos = start + 2
    for skip_start, skip_end in sorted(inner):
        if skip_start < pos:
            continue  # inside a piece already skipped
        pipe = text.find("|", pos, skip_start)
        if pipe >= 0:
            break
        pieces.append(text[pos:skip_start])
        pos = skip_end
    else:
        pipe = text.find("|", pos, end - 2)
    pieces.append(text[pos : end - 2 if pipe < 0 else pipe])
    residue = "".join(pieces).rstrip()
    if _BAD_NAME.search(residue) or (len(pieces) == 1 and not residue.strip()):
        return None
    return normalize_template_name(text[start + 2 : end - 2 if pipe < 0 else pipe])


def article_regions(text: str, is_infobox_name: Callable[[str], bool]) -> list[Region] | None:
    """The regions an infobox-only check parses: every outermost infobox, and the
    ``{{Use dmy dates}}``/``{{Use mdy dates}}`` templates of the page's header (the date-format
    rule looks for them among the page's top-level templates); ``None`` when a full parse is
    needed.  A page without an infobox needs no region at all."""
    if _SUPPRESSION in text:
        return None
    scanned = _scan_templates(text)
    if scanned is None:
        return None
    regions: list[Region] = []
    boxes = 0
    use_elsewhere = False  # a Use template after other markup: it may sit in a tag or a link
    covered = -1
    header = 0  # end of the page's header: top-level templates, comments and blanks only
    for start, end, depth, name in scanned:
        if start < covered:
            continue  # nested in a region already taken
        if depth == 0 and header >= 0:
            header = end if _HEADER_GAP.fullmatch(text, header, start) else -1
        if depth == 0 and name in USE_DATE_TEMPLATES:
            if header < 0:
                use_elsewhere = True
                continue
            regions.append((start, end))
            covered = end
        elif is_infobox_name(name):
            regions.append((start, end))
            covered = end
            boxes += 1
    if not boxes:
        return []
    return None if use_elsewhere else regions


_HEADER_GAP = re.compile(r"(?:\s|<!--.*?-->)*", re.DOTALL)


def parse_regions(
    text: str,
    regions: list[Region],
    *,
    title: str | None = None,
    wiki: str = "enwiki",
    source: str | None = None,
    profiles: tuple[Path, ...] = (),
) -> Article | None:
    """An :class:`Article` with only ``regions`` of ``text`` parsed (disjoint, in order).

    The text between regions is kept as plain :class:`Text` nodes, so ``str(article.code)``
    is still the whole page, every position is that of the full page, and a fix edits the
    tree as on a full parse.  The tree holds no other markup: only infobox rules may run on
    it (``sections`` and ``references`` are empty).  ``None`` when a region does not parse as
    exactly one template — the caller then parses the whole page.
    """

    nodes: list = []
    pos = 0
    for start, end in regions:
        region = parse_wikitext(text[start:end])
        if len(region.nodes) != 1 or type(region.nodes[0]) is not Template:
            return None
        if _on_heading_line(text, start, end):
            return None
        if _context_dependent(region, text[end:]) or _open_table(text[start:end], region):
            return None
        if start > pos:
            nodes.append(Text(text[pos:start]))
        nodes.append(region.nodes[0])
        pos = end
    if pos < len(text):
        nodes.append(Text(text[pos:]))
    return article_from_code(
        text,
        Wikicode(SmartList(nodes)),
        title=title,
        wiki=wiki,
        source=source,
        profiles=profiles,
        whole_page=False,
    )


# Markup left as text inside a region because it does not close there: an HTML tag, a
# wikilink, a bracketed external link or a table.  If it can close after the region, then in
# the whole page it may swallow the region's closing braces, so the region cannot be parsed
# alone.  (A stray closing tag cannot: mwparserfromhell never closes a tag opened outside a
# template from inside one.)
_UNCLOSED = re.compile(
    r"<(?P<tag>[A-Za-z][\w-]*)|(?P<link>\[)|(?P<stray>\])"
    r"|(?P<table>(?:^|\n)[ \t]*\{\|)"
)
_CLOSING = {"link": "]", "table": "|}"}  # a "[" may open a wikilink or an external link


def _closes_after(match: re.Match[str], after: str) -> bool:
    kind = match.lastgroup
    if kind == "tag":
        if not _OPENER_END.match(match.string, match.end()):
            return True  # "<br /" cut by the region's end: it may end after the region
        return re.search(rf"</{re.escape(match.group(kind))}\b", after, re.IGNORECASE) is not None
    if kind == "stray":
        return True
    return _CLOSING[kind] in after


_OPENER_END = re.compile(r"[^<>]*>")


def _context_dependent(code: Wikicode, after: str) -> bool:
    """Whether a text node of ``code`` (not inside a comment or an opaque tag such as
    ``<nowiki>``) holds markup that did not close inside the region and may close in
    ``after``, the text that follows the region."""
    for node in code.nodes:
        kind = type(node)
        if kind is Text:
            for match in _UNCLOSED.finditer(node.value):
                if _closes_after(match, after):
                    return True
        elif kind is Template:
            if _context_dependent(node.name, after) or any(
                (p.showkey and _context_dependent(p.name, after))
                or _context_dependent(p.value, after)
                for p in node.params
            ):
                return True
        elif kind is Tag:
            if tag_name(node) in PARSER_BLACKLIST:
                continue
            parts = [a.name for a in node.attributes] + [
                a.value for a in node.attributes if a.value is not None
            ]
            if node.contents is not None:
                parts.append(node.contents)
            if any(_context_dependent(part, after) for part in parts):
                return True
        elif kind is not Comment:
            parts = [getattr(node, attr, None) for attr in _CHILDREN]
            if any(_context_dependent(part, after) for part in parts if isinstance(part, Wikicode)):
                return True
    return False


_CHILDREN = ("title", "text", "url", "name", "default")


def _on_heading_line(text: str, start: int, end: int) -> bool:
    """Whether the region starts or ends on a line that starts with ``=``: a heading that
    closes after the region may hold the region's closing braces."""
    first_line = text.rfind("\n", 0, start) + 1
    last_line = text.rfind("\n", start, end) + 1 or first_line
    return text.startswith("=", first_line) or text.startswith("=", last_line)


_TABLE_START = re.compile(r"(?:^|\n)[ \t]*\{\|")


def _open_table(source: str, code: Wikicode) -> bool:
    """Whether a table starts in the region (``{|`` at the start of a line, even split by the
    template's pipes) without being parsed as a table there: it may close after the region."""
    starts = len(_TABLE_START.findall(source))
    if not starts:
        return False
    tables = code.filter_tags(matches=lambda tag: tag.wiki_markup == "{|")
    return starts > len(tables)


def parse_infobox_article(
    text: str,
    *,
    title: str | None = None,
    wiki: str = "enwiki",
    source: str | None = None,
    profiles: tuple[Path, ...] = (),
) -> Article | None:
    """The regional :class:`Article` for an infobox-only check, or ``None`` when the page
    must be parsed whole."""
    config = wiki_config(wiki, profiles)
    regions = article_regions(text, config.is_infobox_name)
    if regions is None:
        return None
    return parse_regions(text, regions, title=title, wiki=wiki, source=source, profiles=profiles)
