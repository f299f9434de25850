"""Regional parsing for every rule family: parse a page's templates, refs and headings, and
leave its prose as text.

A full parse spends over half its time in prose — text, links, tables, tags — which the rules
read only through the templates, refs and headings in it, except four wikitext rules (invisible
characters, self links, links to the wiki written as external links, spaces before a ref), and
those need the prose only on the pages where their ``needs`` hold.  :func:`page_regions` finds,
without parsing:

* every template that is not inside another (the scanner of :mod:`.region_scan`);
* every ``<ref>`` and ``<references>`` element outside templates, and every ``<gallery>``-like
  element (its content is not parsed) that holds a ref;
* every heading line;

and :func:`parse_page_regions` parses each alone into an :class:`Article` whose positions are
the page's, whose sections and references are a full parse's, and whose prose is plain text.

Correctness comes first: the answer is ``None`` (parse the whole page) when the scanner is
unsure; when a ``<ref`` is not an element the pattern reads or never closes; when two regions
cross; when a heading line or a ``{{Use … dates}}`` template (which the date rules look for among
the top-level templates) may sit inside a tag, a table or a wikilink — in a full parse it would
not be a top-level node; when a region does not parse alone as one node of its kind, or leaves
markup open that may close after it (:mod:`.region_edges`); or when the page holds a
``wikibox-disable`` comment (the engine reads those from the tree).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from mwparserfromhell.definitions import is_single, is_single_only
from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

from wikibox.model.article import Article
from wikibox.model.build import article_from_code
from wikibox.model.region_edges import (
    Edge,
    context_dependent,
    may_cross,
    on_heading_line,
    open_table,
)
from wikibox.model.region_scan import Element, Scanned, closing_tag, scan_templates
from wikibox.wikitext.parser import parse_wikitext, tag_name

__all__ = ["PageRegion", "page_regions", "parse_page_regions", "top_level_templates"]

#: Templates the date rules read among the page's top-level templates (casefolded).
USE_DATES = frozenset({"use dmy dates", "use mdy dates"})
_SUPPRESSION = "wikibox-disable"


class PageRegion(NamedTuple):
    """A range of the page parsed alone: a ``template``, a ``tag`` element (``ref``,
    ``references``, ``gallery`` …: ``name``) or a ``heading`` line."""

    start: int
    end: int
    kind: str
    name: str = ""
    #: A link may be open where the region starts (a ``[[`` not closed before it, a ``[`` and
    #: a URL on its line): a ``]`` in the region might close it.
    after_bracket: bool = False


_REF_START = re.compile(r"<(?:ref|references)(?=[\s/>])|<ref", re.IGNORECASE)
_REF_OPENER = re.compile(r"<(ref|references)((?:[\s/][^<>]*)?)>", re.IGNORECASE)
_HEADING_LINE = re.compile(r"^=[^\n]*", re.MULTILINE)


def page_regions(text: str) -> list[PageRegion] | None:
    """The regions of ``text`` to parse, in order and disjoint; ``None`` when the whole page
    must be parsed."""
    if _SUPPRESSION in text:
        return None
    outside: list[Element] = []
    scanned = scan_templates(text, outside)
    layout = _layout(text, scanned, outside) if scanned is not None else None
    if layout is None:
        return None
    templates, blanked, tags, prose = layout
    headings = [PageRegion(m.start(), m.end(), "heading") for m in _HEADING_LINE.finditer(blanked)]
    candidates = sorted(
        [*tags, *headings, *(PageRegion(s, e, "template", n) for s, e, n in templates)],
        key=lambda region: (region.start, -region.end),
    )
    regions: list[PageRegion] = []
    for region in candidates:
        if regions and region.start < regions[-1].end:
            if region.end > regions[-1].end:
                return None  # two regions cross
            continue  # inside a region already taken
        regions.append(region)
    states = _open_at(prose, [region.start for region in regions])
    for region in regions:
        if region.kind == "heading" and states[region.start][0]:
            return None  # a heading inside a tag, a table or a wikilink is not a section
        use_dates = region.kind == "template" and region.name.casefold() in USE_DATES
        if use_dates and _held(prose, states, region.start):
            return None  # the date rules read top-level templates only
    return [
        region._replace(
            after_bracket=states[region.start][1]
            or _EXTERNAL_LINK_OPEN.search(prose, _line_start(prose, region.start), region.start)
            is not None
        )
        for region in regions
    ]


def top_level_templates(
    text: str, starts: list[int], scanned: list[Scanned], outside: list[Element]
) -> bool:
    """Whether the templates that start at ``starts`` (found at depth 0 by the scanner, with
    the comments and opaque elements ``outside`` templates) are top-level nodes of a full
    parse: not in a ref or another tag, a table, a wikilink, a heading line or an external
    link's title.  False when unsure."""
    layout = _layout(text, scanned, outside)
    if layout is None:
        return False
    _, _, tags, prose = layout
    if any(tag.start < at < tag.end for tag in tags for at in starts):
        return False
    states = _open_at(prose, starts)
    return not any(_held(prose, states, at) for at in starts)


def _layout(
    text: str, scanned: list[Scanned], outside: list[Element]
) -> tuple[list, str, list[PageRegion], str] | None:
    """The page as the region finders read it: its top-level templates, the text with them,
    the comments and opaque elements blanked, its ref (and ref-holding) elements, and the
    prose — that text with the elements blanked too.  ``None`` for a ref it cannot read."""
    templates = [(start, end, name) for start, end, depth, name in scanned if depth == 0]
    blanked = _blank(text, templates, outside)
    tags = _tag_regions(text, blanked, outside)
    if tags is None:
        return None
    prose = _blank(blanked, [], [(tag.start, tag.end, "") for tag in tags])
    return templates, blanked, tags, prose


def _held(prose: str, states: dict[int, tuple[bool, bool]], at: int) -> bool:
    """Whether something may hold the top-level template at ``at`` in a full parse: a tag, a
    table or a wikilink open there (``states``), a heading line, an external link's title."""
    line_start = _line_start(prose, at)
    return (
        states[at][0]
        or prose.startswith("=", line_start)
        or _EXTERNAL_LINK_OPEN.search(prose, line_start, at) is not None
    )


def _line_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _tag_regions(text: str, blanked: str, outside: list[Element]) -> list[PageRegion] | None:
    """The ref elements of the prose, and the opaque elements (a gallery …) that hold a ref."""
    tags = _ref_elements(blanked)
    if tags is None:
        return None
    return tags + [
        PageRegion(start, end, "tag", name)
        for start, end, name in outside
        if name != "!--" and "<ref" in text[start:end].lower()
    ]


def _blank(text: str, templates: list, elements: list) -> str:
    """``text`` with the templates filled with ``T`` (their lines gone) and the elements with
    spaces (their line breaks kept): the same length, so offsets stay the page's."""
    spans = sorted([(s, e, "T") for s, e, _ in templates] + [(s, e, " ") for s, e, _ in elements])
    pieces = []
    pos = 0
    for start, end, fill in spans:
        if start < pos:
            continue  # inside a span already blanked
        pieces.append(text[pos:start])
        piece = text[start:end]
        if fill == " ":
            pieces.append(re.sub(r"[^\n]", " ", piece) if "\n" in piece else " " * len(piece))
        else:
            pieces.append("T" * len(piece))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _ref_elements(blanked: str) -> list[PageRegion] | None:
    """The ``<ref>``/``<references>`` elements of the page's prose (templates blanked)."""
    found = []
    pos = 0
    while (start := _REF_START.search(blanked, pos)) is not None:
        opener = _REF_OPENER.match(blanked, start.start())
        if opener is None:
            if start.group().lower() == "<ref" and blanked[start.end() : start.end() + 1].isalpha():
                pos = start.end()  # <refs>, <reference>: another tag
                continue
            return None  # a ref the pattern does not read (a ">" in an attribute …)
        name = opener.group(1).lower()
        if opener.group(2).rstrip().endswith("/"):
            end = opener.end()
        else:
            closer = closing_tag(name).search(blanked, opener.end())
            if closer is None:
                return None  # never closed: text to the parser
            end = closer.end()
        found.append(PageRegion(opener.start(), end, "tag", name))
        pos = end
    return found


_EVENT = re.compile(
    r"<(?P<close>/?)(?P<tag>[A-Za-z][\w-]*)(?P<attrs>[^<>]*?)(?P<self>/?)>"
    r"|(?P<link>\[\[)|(?P<unlink>\]\])"
    r"|^[ \t]*(?:(?P<table>\{\|)|(?P<untable>\|\}))",
    re.MULTILINE,
)


def _open_at(prose: str, positions: list[int]) -> dict[int, tuple[bool, bool]]:
    """For each of ``positions`` of ``prose`` (the page with its templates, comments, opaque
    elements and refs blanked): whether anything is open there — a tag element (each name
    paired on its own; void tags and ``<li>``-like tags that never close do not count), a wiki
    table, a wikilink — and whether a wikilink is.  A heading or a template where nothing is
    open is a top-level node of a full parse."""
    events = list(_EVENT.finditer(prose))
    last_close: dict[str, int] = {}
    for event in events:
        if event.group("tag") and event.group("close"):
            last_close[event.group("tag").lower()] = event.start()
    open_tags: dict[str, int] = {}
    links = tables = 0
    answers: dict[int, tuple[bool, bool]] = {}
    queries = sorted(set(positions))
    at = 0
    for event in [*events, None]:
        limit = event.start() if event is not None else len(prose) + 1
        while at < len(queries) and queries[at] <= limit:
            answers[queries[at]] = (bool(links or tables or any(open_tags.values())), links > 0)
            at += 1
        if event is None or at == len(queries):
            break
        kind = event.lastgroup
        if event.group("tag") is not None:
            name = event.group("tag").lower()
            if event.group("close"):
                if open_tags.get(name):
                    open_tags[name] -= 1
            elif (
                not event.group("self")
                and not is_single_only(name)
                and (not is_single(name) or last_close.get(name, -1) > event.start())
            ):
                open_tags[name] = open_tags.get(name, 0) + 1
        elif kind == "link":
            links += 1
        elif kind == "unlink":
            links = max(0, links - 1)
        elif kind == "table":
            tables += 1
        elif kind == "untable":
            tables = max(0, tables - 1)
    return answers


_EXTERNAL_LINK_OPEN = re.compile(r"\[(?://|[A-Za-z][\w+.-]*:)[^\]\n]*\Z")


def parse_page_regions(
    text: str,
    regions: list[PageRegion] | None = None,
    *,
    title: str | None = None,
    wiki: str = "enwiki",
    source: str | None = None,
    profiles: tuple[Path, ...] = (),
) -> Article | None:
    """An :class:`Article` with only the regions of ``text`` parsed (:func:`page_regions` when
    not given): the text between them is kept as plain :class:`Text` nodes, so
    ``str(article.code)`` is the page and every position is the page's.  ``None`` when a
    region does not parse alone as it does in the page — the caller then parses it whole."""
    if regions is None:
        regions = page_regions(text)
        if regions is None:
            return None
    nodes: list = []
    pos = 0
    for region in regions:
        start, end = region.start, region.end
        code = parse_wikitext(text[start:end])
        if not _parsed_as(region, code):
            return None
        if region.kind == "template" and (
            on_heading_line(text, start, end) or open_table(text[start:end], code)
        ):
            return None
        if region.kind == "tag":  # not the element's own tags: from its attributes to </name>
            inner = (start + 1 + len(region.name), text.rfind("<", start, end))
        else:
            inner = (start, end)
        if may_cross(text, *inner) and context_dependent(
            code, Edge(text, end, region.after_bracket)
        ):
            return None
        if start > pos:
            nodes.append(Text(text[pos:start]))
        nodes.extend(code.nodes)
        pos = end
    if pos < len(text):
        nodes.append(Text(text[pos:]))
    return article_from_code(
        text, Wikicode(SmartList(nodes)), title=title, wiki=wiki, source=source, profiles=profiles
    )


def _parsed_as(region: PageRegion, code: Wikicode) -> bool:
    """Whether a region parsed alone is one node of its kind (a heading line may give any)."""
    if region.kind == "heading":
        return True
    if len(code.nodes) != 1:
        return False
    node = code.nodes[0]
    if region.kind == "template":
        return type(node) is Template
    return type(node) is Tag and tag_name(node) == region.name
