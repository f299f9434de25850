"""Cut a dump's XML byte stream into its header and its ``<page>`` elements.

Each page is then parsed by itself (:mod:`wikibox.dump.reader`), so damage costs one page and
not the rest of the dump: a raw ``<``, a control character or bad UTF-8 in one page's text makes
the XML of *that* page ill-formed, and the next page starts clean.  Cutting needs no XML parser:
in a dump, ``<`` inside text is always escaped, so the bytes ``<page>`` and ``</page>`` only
occur as the tags themselves.

The pieces, in order: one ``("header", …)`` (everything before the first ``<page>``), then per
page ``("page", b"<page>…</page>")``, or ``("unclosed", …)`` for a ``<page>`` whose next tag is
another ``<page>`` (or, for the last page, ``</mediawiki>``: the dump is whole, that page is
damaged), then either ``("tail", …)`` (everything after the last page) or, when the stream ends
inside a page, ``("cut", …)``.  Memory holds one page and one read chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

__all__ = ["DUMP_CLOSE", "PAGE_CLOSE", "PAGE_OPEN", "split_pages"]

PAGE_OPEN = b"<page>"
PAGE_CLOSE = b"</page>"
DUMP_CLOSE = b"</mediawiki>"
_CHUNK = 1 << 20


class _Buffer:
    """Bytes read from the stream and not yet handed out, without copying on every page."""

    def __init__(self, stream: BinaryIO) -> None:
        # read1, where there is one, returns what one decompression step gives: when a
        # compressed file is cut off, only the bytes of that last step are lost with the error.
        self._read = getattr(stream, "read1", stream.read)
        self.data = bytearray()
        self.start = 0
        self.eof = False

    def more(self) -> bool:
        """Read another chunk; False at the end of the stream."""
        if self.eof:
            return False
        chunk = self._read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        if self.start > _CHUNK and self.start * 2 > len(self.data):
            del self.data[: self.start]
            self.start = 0
        self.data += chunk
        return True

    def find(self, needle: bytes, offset: int) -> int:
        """Index of ``needle`` at or after ``start + offset``, relative to ``start``; -1 if none."""
        found = self.data.find(needle, self.start + offset)
        return found - self.start if found >= 0 else -1

    def __len__(self) -> int:
        return len(self.data) - self.start

    def take(self, count: int) -> bytes:
        piece = bytes(self.data[self.start : self.start + count])
        self.start += count
        return piece


def _find(buffer: _Buffer, needle: bytes, offset: int) -> int:
    """Find ``needle`` at or after ``offset``, reading more of the stream as needed."""
    while True:
        found = buffer.find(needle, offset)
        if found >= 0:
            return found
        offset = max(offset, len(buffer) - len(needle) + 1)
        if not buffer.more():
            return -1


def split_pages(stream: BinaryIO) -> Iterator[tuple[str, bytes]]:
    """Yield the pieces of a dump stream (see the module docstring)."""
    buffer = _Buffer(stream)
    first = _find(buffer, PAGE_OPEN, 0)
    if first < 0:
        yield "header", buffer.take(len(buffer))
        yield "tail", b""
        return
    yield "header", buffer.take(first)
    while True:
        close = _find(buffer, PAGE_CLOSE, len(PAGE_OPEN))
        # The next <page> is looked for only up to this page's end: no reading ahead.
        following = buffer.find(PAGE_OPEN, len(PAGE_OPEN))
        if following >= 0 and (close < 0 or following < close):
            yield "unclosed", buffer.take(following)
            continue
        if close < 0:
            end = buffer.find(DUMP_CLOSE, len(PAGE_OPEN))
            if end >= 0:  # the document is whole: only this (last) page lacks its </page>
                yield "unclosed", buffer.take(end)
                yield "tail", buffer.take(len(buffer))
                return
            yield "cut", buffer.take(len(buffer))
            return
        yield "page", buffer.take(close + len(PAGE_CLOSE))
        following = _find(buffer, PAGE_OPEN, 0)
        if following < 0:
            yield "tail", buffer.take(len(buffer))
            return
        buffer.take(following)  # whitespace between pages
