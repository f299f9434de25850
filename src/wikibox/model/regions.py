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
* the scanner (:mod:`wikibox.model.region_scan`) is not sure that mwparserfromhell matches
  the braces the same way (a run of four or more braces, an unclosed template or comment, an
  opaque tag such as ``<nowiki>`` it cannot close, ``{{{`` closed by ``}}``, a template name
  mwparserfromhell rejects);
* a region does not parse alone as exactly one template, or leaves markup open that may
  close after it (an HTML tag, a ``[``, a ``{|`` table, a heading line) and so swallow its
  closing braces (:mod:`wikibox.model.region_edges`);
* the first ``{{Use dmy dates}}`` comes after other markup and may sit inside a tag, a table,
  a link or a heading (:func:`~wikibox.model.page_regions.top_level_templates`), where the
  date-format rule, which reads only top-level templates, would not see it; or the page holds
  a ``wikibox-disable`` comment (the engine reads those from the tree).

Checked against full parses: identical infobox spans and infobox findings on every page of
the corpus, every parser-test input, and random edits of real pages (braces, tags, links,
comments, tables inserted around infoboxes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from mwparserfromhell.nodes import Template, Text
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

from wikibox.model.article import Article
from wikibox.model.build import article_from_code
from wikibox.model.page_regions import top_level_templates
from wikibox.model.profiles import wiki_config
from wikibox.model.region_edges import Edge, context_dependent, on_heading_line, open_table
from wikibox.model.region_scan import Element, Region, scan_templates
from wikibox.wikitext.parser import parse_wikitext

__all__ = [
    "USE_DATE_TEMPLATES",
    "article_regions",
    "infobox_regions",
    "parse_infobox_article",
    "parse_regions",
]

#: Templates outside the infobox that an infobox rule reads (``infobox-date-format``).
USE_DATE_TEMPLATES = frozenset({"Use dmy dates", "Use mdy dates"})

#: A page with suppression comments is parsed whole: the engine finds them in the tree.
_SUPPRESSION = "wikibox-disable"


def infobox_regions(text: str, is_infobox_name: Callable[[str], bool]) -> list[Region] | None:
    """The ``(start, end)`` character ranges of every infobox template of ``text`` (nested ones
    included), in document order; ``None`` when the braces are not certain to match the way
    mwparserfromhell matches them."""
    scanned = scan_templates(text)
    if scanned is None:
        return None
    return [(start, end) for start, end, _, name in scanned if is_infobox_name(name)]


def article_regions(text: str, is_infobox_name: Callable[[str], bool]) -> list[Region] | None:
    """The regions an infobox-only check parses: every outermost infobox, and the first
    top-level ``{{Use dmy dates}}``/``{{Use mdy dates}}`` template (the date-format rule reads
    the first among the page's top-level templates); ``None`` when a full parse is needed.  A
    page without an infobox needs no region at all."""
    if _SUPPRESSION in text:
        return None
    outside: list[Element] = []
    scanned = scan_templates(text, outside)
    if scanned is None:
        return None
    regions: list[Region] = []
    boxes = 0
    use_seen = False  # the rule reads the first top-level Use template only
    use_unsure = False  # the first one may sit inside a tag or a link: the rule may not see it
    covered = -1
    header = 0  # end of the page's header: top-level templates, comments and blanks only
    for start, end, depth, name in scanned:
        if start < covered:
            continue  # nested in a region already taken
        if depth == 0 and header >= 0:
            header = end if _HEADER_GAP.fullmatch(text, header, start) else -1
        if depth == 0 and name in USE_DATE_TEMPLATES:
            if use_seen:
                continue
            use_seen = True
            if header < 0 and not top_level_templates(text, [start], scanned, outside):
                use_unsure = True
                continue
            regions.append((start, end))
            covered = end
        elif is_infobox_name(name):
            regions.append((start, end))
            covered = end
            boxes += 1
    if not boxes:
        return []
    return None if use_unsure else regions


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
        if on_heading_line(text, start, end):
            return None
        edge = Edge(text, end, "[" in text[:start])
        if context_dependent(region, edge) or open_table(text[start:end], region):
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
