"""Positions for a parsed page: offsets → 1-based line/column, and node → offset.

mwparserfromhell nodes carry no positions.  We compute them once per article: one walk over
the tree records the character offset where every node and every nested :class:`Wikicode`
starts (:class:`NodeLocator`), and one sorted table of line starts turns an offset into a line
and column by bisection (:class:`OffsetIndex`).  Nothing re-searches the page text per node.

Columns count Unicode code points, as editors do; byte offsets (UTF-8) are given as well for
tools that address files by bytes.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from mwparserfromhell.nodes import Argument, ExternalLink, Heading, Tag, Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

from .model import Span

__all__ = ["NodeLocator", "OffsetIndex"]


class OffsetIndex:
    """Maps character offsets of one text to line/column and UTF-8 byte offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0]
        self._line_starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
        self._line_bytes: list[int] | None = None

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._line_starts[line - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def byte_offset(self, offset: int) -> int:
        """UTF-8 byte offset of a character offset."""
        if self._line_bytes is None:
            starts = self._line_starts
            total, table = 0, []
            for i, start in enumerate(starts):
                table.append(total)
                end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
                total += len(self.text[start:end].encode("utf-8", "surrogatepass"))
            self._line_bytes = table
        line = bisect_right(self._line_starts, offset)
        start = self._line_starts[line - 1]
        partial = self.text[start:offset].encode("utf-8", "surrogatepass")
        return self._line_bytes[line - 1] + len(partial)

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` for the half-open character range ``[start, end)``."""
        line, column = self.position(start)
        # The end position is the last character *inside* the range (inclusive columns).
        end_line, end_column = self.position(max(start, end - 1))
        if end == start:
            end_line, end_column = line, column
        return Span(
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            start=start,
            end=end,
            start_byte=self.byte_offset(start),
            end_byte=self.byte_offset(end),
        )


class NodeLocator:
    """Start offsets of every node and nested Wikicode of one parsed page.

    Built by a single walk that adds up the lengths of the pieces each node is made of, in the
    same order as the node's ``__str__``.  Lookups are by object identity, so the tree must not be
    edited after the locator is built (build a new one after an edit).
    """

    def __init__(self, code: Wikicode, index: OffsetIndex | None = None) -> None:
        self.code = code
        self.index = index or OffsetIndex(str(code))
        self._offsets: dict[int, int] = {}
        self._keep: list[Any] = []  # keeps nested objects alive so ids stay unique
        self._walk_code(code, 0)

    # -- public ---------------------------------------------------------------------------
    def offset(self, obj: Any) -> int:
        """Start offset of a node, a nested Wikicode or a template Parameter."""
        try:
            return self._offsets[id(obj)]
        except KeyError:
            raise KeyError(f"{type(obj).__name__} is not part of this page's tree") from None

    def range(self, obj: Any) -> tuple[int, int]:
        start = self.offset(obj)
        return start, start + len(str(obj))

    def span(self, obj: Any) -> Span:
        start, end = self.range(obj)
        return self.index.span(start, end)

    def __contains__(self, obj: Any) -> bool:
        return id(obj) in self._offsets

    # -- the walk -------------------------------------------------------------------------
    def _mark(self, obj: Any, offset: int) -> None:
        self._offsets[id(obj)] = offset
        self._keep.append(obj)

    def _walk_code(self, code: Wikicode, offset: int) -> int:
        self._mark(code, offset)
        for node in code.nodes:
            offset = self._walk_node(node, offset)
        return offset

    def _walk_node(self, node: Any, offset: int) -> int:
        self._mark(node, offset)
        if isinstance(node, Template):
            return self._walk_template(node, offset)
        if isinstance(node, Wikilink):
            pos = self._walk_code(node.title, offset + 2)
            if node.text is not None:
                pos = self._walk_code(node.text, pos + 1)
            return pos + 2
        if isinstance(node, Heading):
            return self._walk_code(node.title, offset + node.level) + node.level
        if isinstance(node, Argument):
            pos = self._walk_code(node.name, offset + 3)
            if node.default is not None:
                pos = self._walk_code(node.default, pos + 1)
            return pos + 3
        if isinstance(node, ExternalLink):
            pos = self._walk_code(node.url, offset + (1 if node.brackets else 0))
            if node.title is not None:
                gap = 0 if node.suppress_space is True else 1
                pos = self._walk_code(node.title, pos + gap)
            return pos + (1 if node.brackets else 0)
        if isinstance(node, Tag):
            return self._walk_children_by_search(node, offset)
        return offset + len(str(node))

    def _walk_template(self, node: Template, offset: int) -> int:
        pos = self._walk_code(node.name, offset + 2)
        for param in node.params:
            pos += 1  # the pipe
            self._mark(param, pos)
            if param.showkey:
                pos = self._walk_code(param.name, pos) + 1  # the "="
            pos = self._walk_code(param.value, pos)
        return pos + 2

    def _walk_children_by_search(self, node: Any, offset: int) -> int:
        """Locate children of nodes whose text has many optional parts (tags).

        The search runs only inside the node's own text and always moves forward, so each
        character is looked at a bounded number of times.
        """
        text = str(node)
        pos = 0
        for child in node.__children__():
            child_text = str(child)
            found = text.find(child_text, pos) if child_text else pos
            if found < 0:  # cannot happen for a well-formed tree; keep going safely
                found = pos
            self._walk_code(child, offset + found)
            pos = found + len(child_text)
        return offset + len(text)
