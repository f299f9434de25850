"""Whether a region of a page parses alone as it does in the whole page: the markup around
its edges.

A region (a template found by :mod:`wikibox.model.region_scan`, a ref element, a heading line)
parsed alone gives the node of the whole page's tree unless markup crosses its edge: a tag, a
link or a table opened inside it that closes after it, a heading line around it
(:func:`context_dependent`, :func:`on_heading_line`, :func:`open_table`).  Each answers
conservatively: any doubt, and the caller parses the whole page.  (Whether a region is a
top-level node — not inside a tag, a table or a link — is read by
:mod:`wikibox.model.page_regions`.)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from mwparserfromhell.definitions import PARSER_BLACKLIST
from mwparserfromhell.nodes import Comment, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikibox.wikitext.parser import tag_name

__all__ = ["Edge", "context_dependent", "may_cross", "on_heading_line", "open_table"]

# Markup left as text inside a region because it does not close there: an HTML tag, a
# wikilink, a bracketed external link or a table.  If it can close after the region, then in
# the whole page it may swallow the region's closing braces, so the region cannot be parsed
# alone.  (A stray closing tag cannot: mwparserfromhell never closes a tag opened outside a
# template from inside one.)
_UNCLOSED = re.compile(
    r"<(?P<tag>[A-Za-z][\w-]*)|(?P<link>\[(?=\[|//|[A-Za-z][\w+.-]*:))|(?P<plain>\[)"
    r"|(?P<stray>\])|(?P<table>(?:^|\n)[ \t]*\{\|)"
)
_CLOSING = {"link": "]", "table": "|}"}  # a "[" may open a wikilink or an external link


class Edge(NamedTuple):
    """What surrounds a region: the page, where the region ends in it, and whether a ``[``
    comes before the region."""

    text: str
    end: int
    bracket_before: bool


def _text_may_close_after(value: str, edge: Edge) -> bool:
    """Whether the text ``value`` of a region holds markup that may close after the region.

    A ``[`` closed by a ``]`` later on its line in the same text (``[not a URL]``) is plain
    text in the whole page too, and so is a ``[`` that can open no link (not ``[[``, not
    followed by a URL scheme or ``//``); a ``]`` that closes nothing can close only a ``[``
    before the region, so it is harmless when there is none."""
    if _UNCLOSED.search(value) is None:
        return False
    matches = list(_UNCLOSED.finditer(value))
    paired: set[int] = set()
    for i, match in enumerate(matches[:-1]):
        following = matches[i + 1]
        if (
            match.lastgroup in ("link", "plain")
            and following.lastgroup == "stray"
            and "\n" not in value[match.end() : following.start()]
        ):
            paired.update((i, i + 1))
    for i, match in enumerate(matches):
        kind = match.lastgroup
        if i in paired or kind == "plain" or (kind == "stray" and not edge.bracket_before):
            continue
        if _closes_after(match, edge):
            return True
    return False


def _closes_after(match: re.Match[str], edge: Edge) -> bool:
    kind = match.lastgroup
    if kind == "tag":
        if not _OPENER_END.match(match.string, match.end()):
            return True  # "<br /" cut by the region's end: it may end after the region
        closing = re.compile(rf"</{re.escape(match.group(kind))}\b", re.IGNORECASE)
        return closing.search(edge.text, edge.end) is not None
    if kind == "stray":
        return True
    return edge.text.find(_CLOSING[kind], edge.end) >= 0


_OPENER_END = re.compile(r"[^<>]*>")


def may_cross(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds anything that could cross a region's edge (a tag, a
    bracket, a table): without one, :func:`context_dependent` need not walk the region."""
    return _UNCLOSED.search(text, start, end) is not None


def context_dependent(code: Wikicode, after: Edge) -> bool:
    """Whether a text node of ``code`` (not inside a comment or an opaque tag such as
    ``<nowiki>``) holds markup that did not close inside the region and may close in the
    text that follows the region."""
    for node in code.nodes:
        kind = type(node)
        if kind is Text:
            if _text_may_close_after(node.value, after):
                return True
        elif kind is Template:
            if context_dependent(node.name, after) or any(
                (p.showkey and context_dependent(p.name, after))
                or context_dependent(p.value, after)
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
            if any(context_dependent(part, after) for part in parts):
                return True
        elif kind is not Comment:
            parts = [getattr(node, attr, None) for attr in _CHILDREN]
            if any(context_dependent(part, after) for part in parts if isinstance(part, Wikicode)):
                return True
    return False


_CHILDREN = ("title", "text", "url", "name", "default")


def on_heading_line(text: str, start: int, end: int) -> bool:
    """Whether the region starts or ends on a line that starts with ``=``: a heading that
    closes after the region may hold the region's closing braces."""
    first_line = text.rfind("\n", 0, start) + 1
    last_line = text.rfind("\n", start, end) + 1 or first_line
    return text.startswith("=", first_line) or text.startswith("=", last_line)


_TABLE_START = re.compile(r"(?:^|\n)[ \t]*\{\|")


def open_table(source: str, code: Wikicode) -> bool:
    """Whether a table starts in the region (``{|`` at the start of a line, even split by the
    template's pipes) without being parsed as a table there: it may close after the region."""
    starts = len(_TABLE_START.findall(source))
    if not starts:
        return False
    tables = code.filter_tags(matches=lambda tag: tag.wiki_markup == "{|")
    return starts > len(tables)
