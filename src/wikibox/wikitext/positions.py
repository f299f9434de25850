"""Positions for a parsed page: offsets → 1-based line/column, and node → offset.

mwparserfromhell nodes carry no positions.  We compute them once per article: one walk over
the tree records the character offset where every node and every nested :class:`Wikicode`
starts (:class:`NodeLocator`), and one sorted table of line starts turns an offset into a line
and column by bisection (:class:`OffsetIndex`).  Nothing re-searches the page text per node.

Columns count Unicode code points, as editors do; byte offsets (UTF-8) are given as well for
tools that address files by bytes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, count
from operator import add
from typing import Any

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from wikibox.wikitext.names import normalize_template_name

__all__ = ["NodeLocator", "OffsetIndex"]


@dataclass(frozen=True, order=True)
class Span:
    """Where something is: 1-based line/column (end inclusive) and offsets (end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    index: Any = field(default=None, compare=False, repr=False, hash=False)

    @property
    def start_byte(self) -> int:
        """UTF-8 byte offset of the start (computed on demand: most spans never need it)."""
        return self.index.byte_offset(self.start) if self.index is not None else self.start

    @property
    def end_byte(self) -> int:
        return self.index.byte_offset(self.end) if self.index is not None else self.end

    def to_dict(self) -> dict[str, int]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "start_byte": self.start_byte,
            "end_byte": self.end_byte,
        }


# A line ends at LF, CRLF or a lone CR (old Mac files): editors number such lines apart too.
_NEWLINE = re.compile("\r\n|\r|\n")


class OffsetIndex:
    """Maps character offsets of one text to line/column and UTF-8 byte offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            self._line_starts = [0]
            self._line_starts.extend(m.end() for m in _NEWLINE.finditer(text))
        else:  # the usual case, with C-speed iterators: line k starts after k newlines
            lengths = accumulate(map(len, text.split("\n")[:-1]))
            self._line_starts = [0, *map(add, lengths, count(1))]
        self._line_bytes: list[int] | None = None
        self._ascii = text.isascii()

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
        if self._ascii:
            return offset
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
            index=self,
        )


class NodeLocator:
    """Start offsets of every node and nested Wikicode of one parsed page.

    Built by a single walk that adds up the lengths of the pieces each node is made of, in the
    same order as the node's ``__str__`` — without serialising any node, so the walk is linear
    in the size of the tree.  The walk also records every node in document order
    (``nodes``), so callers need no second traversal.  Lookups are by object identity: the
    tree must not be edited after the locator is built (build a new one after an edit).
    """

    def __init__(self, code: Wikicode, index: OffsetIndex | None = None) -> None:
        self.code = code
        self.index = index or OffsetIndex(str(code))
        self._offsets: dict[int, int] = {}
        self._ends: dict[int, int] = {}
        self._keep: list[Any] = []  # keeps nested objects alive so ids stay unique
        self.nodes: list[Any] = []
        self.codes: list[Wikicode] = []  # every Wikicode (the page, names, values, contents)
        self._by_type: dict[tuple[type, ...], list[Any]] = {}
        self._names: dict[int, str] = {}
        #: Values the model derives from nodes of this tree, keyed by (kind, id(node)); valid
        #: as long as the offsets are (the tree unedited), and read by several layers.
        self.derived: dict[tuple[str, int], Any] = {}
        end = self._walk_code(code, 0)
        if end != len(self.index.text):  # a node type whose layout we do not know
            raise AssertionError(f"locator walked {end} characters of {len(self.index.text)}")

    # -- public ---------------------------------------------------------------------------
    def offset(self, obj: Any) -> int:
        """Start offset of a node, a nested Wikicode or a template Parameter."""
        try:
            return self._offsets[id(obj)]
        except KeyError:
            raise KeyError(f"{type(obj).__name__} is not part of this page's tree") from None

    def range(self, obj: Any) -> tuple[int, int]:
        start = self.offset(obj)
        return start, self._ends[id(obj)]

    def span(self, obj: Any) -> Span:
        start, end = self.range(obj)
        return self.index.span(start, end)

    def name_of(self, template: Template) -> str:
        """The normalised name of a template of this page (``template_name``), read from the
        page text once: rules and the model ask for the same templates' names many times."""
        key = id(template)
        name = self._names.get(key)
        if name is None:
            name = self._names[key] = normalize_template_name(self.text_of(template.name))
        return name

    def text_of(self, obj: Any) -> str:
        """The wikitext of a node or nested Wikicode (``str(obj)``), sliced from the page."""
        start, end = self.range(obj)
        return self.index.text[start:end]

    def __contains__(self, obj: Any) -> bool:
        return id(obj) in self._offsets

    def of_type(self, *kinds: type) -> list[Any]:
        """Every node of these types, in document order (nested ones included) — what
        ``code.filter(recursive=True, forcetype=…)`` gives, without walking the tree again."""
        if kinds not in self._by_type:
            self._by_type[kinds] = [n for n in self.nodes if type(n) in kinds]
        return self._by_type[kinds]

    # -- the walk -------------------------------------------------------------------------
    def _mark(self, obj: Any, start: int, end: int) -> int:
        key = id(obj)
        self._offsets[key] = start
        self._ends[key] = end
        self._keep.append(obj)
        return end

    def _walk_code(self, code: Wikicode, offset: int) -> int:
        self.codes.append(code)
        start = offset
        for node in code.nodes:
            offset = self._walk_node(node, offset)
        return self._mark(code, start, offset)

    def _walk_node(self, node: Any, offset: int) -> int:
        self.nodes.append(node)
        kind = type(node)
        if kind is Text:
            end = offset + len(node.value)
        elif kind is Template:
            end = self._walk_template(node, offset)
        elif kind is Tag:
            end = self._walk_tag(node, offset)
        elif kind is Wikilink:
            pos = self._walk_code(node.title, offset + 2)
            if node.text is not None:
                pos = self._walk_code(node.text, pos + 1)
            end = pos + 2
        elif kind is Comment:
            end = offset + len(node.contents) + 7
        elif kind is Heading:
            end = self._walk_code(node.title, offset + node.level) + node.level
        elif kind is ExternalLink:
            pos = self._walk_code(node.url, offset + (1 if node.brackets else 0))
            if node.title is not None:
                gap = 0 if node.suppress_space is True else 1
                pos = self._walk_code(node.title, pos + gap)
            end = pos + (1 if node.brackets else 0)
        elif kind is Argument:
            pos = self._walk_code(node.name, offset + 3)
            if node.default is not None:
                pos = self._walk_code(node.default, pos + 1)
            end = pos + 3
        else:  # HTML entities and anything new: no children
            end = offset + len(str(node))
        return self._mark(node, offset, end)

    def _walk_template(self, node: Template, offset: int) -> int:
        pos = self._walk_code(node.name, offset + 2)
        for param in node.params:
            pos += 1  # the pipe
            start = pos
            if param.showkey:
                pos = self._walk_code(param.name, pos) + 1  # the "="
            pos = self._walk_code(param.value, pos)
            self._mark(param, start, pos)
        return pos + 2

    def _walk_attributes(self, node: Tag, pos: int) -> int:
        for attr in node.attributes:
            pos = self._walk_code(attr.name, pos + len(attr.pad_first)) + len(attr.pad_before_eq)
            if attr.value is not None:
                pos += 1 + len(attr.pad_after_eq)
                quote = len(attr.quotes or "")
                pos = self._walk_code(attr.value, pos + quote) + quote
        return pos

    def _walk_tag(self, node: Tag, offset: int) -> int:
        if node.wiki_markup:
            pos = self._walk_attributes(node, offset + len(node.wiki_markup))
            pos += len(node.padding or "") + len(node.wiki_style_separator or "")
            if node.self_closing:
                return pos
            pos = self._walk_code(node.contents, pos)
            return pos + len(node.closing_wiki_markup or "")
        pos = self._walk_code(node.tag, offset + (2 if node.invalid else 1))
        pos = self._walk_attributes(node, pos) + len(node.padding)
        if node.self_closing:
            return pos + (1 if node.implicit else 2)
        pos = self._walk_code(node.contents, pos + 1)
        return self._walk_code(node.closing_tag, pos + 2) + 1
