"""Read a byte range of a multistream dump by itself, so that many workers can share one file.

A *multistream* dump (Wikimedia's ``…-multistream.xml.bz2`` plus ``…-multistream-index.txt.bz2``)
is a concatenation of independent bz2 streams: the first holds the ``<mediawiki>`` and
``<siteinfo>`` header, then each holds about 100 bare ``<page>`` elements, and the last holds
``</mediawiki>``.  The index gives the byte offset of the stream that holds each page, so a byte
range made of whole streams can be read by itself (:func:`iter_pages_in_range`): the header is put
back in front of its pages and the pages are read as in :mod:`wikibox.dump`.
"""

from __future__ import annotations

import bisect
import bz2
import io
import itertools
import re
from collections.abc import Iterator, Set
from pathlib import Path
from typing import BinaryIO

from wikibox.dump.reader import DEFAULT_NAMESPACES, PageRecord, read_records, sniff_compression
from wikibox.errors import InputError

__all__ = [
    "RangeReader",
    "find_multistream_index",
    "iter_multistream",
    "iter_pages_in_range",
    "read_multistream_header",
    "split_ranges",
    "stream_offsets",
]

_READ_CHUNK = 1 << 20  # compressed bytes read at a time from a multistream range
_MAX_OUTPUT = 1 << 22  # decompressed bytes produced at a time (bounds memory on bz2 bombs)


def find_multistream_index(path: Path | str) -> Path | None:
    """Return the index that Wikimedia ships next to a multistream dump, if it is there.

    ``…-multistream.xml.bz2`` → ``…-multistream-index.txt.bz2`` (or ``.txt``), and for split dumps
    ``…-multistream3.xml-p151574p311329.bz2`` → ``…-multistream-index3.txt-p151574p311329.bz2``.
    """
    path = Path(path)
    match = re.fullmatch(r"(.*multistream)(\d*)\.xml(-p\d+p\d+)?\.bz2", path.name)
    if not match:
        return None
    stem, part, pages = match.group(1), match.group(2), match.group(3) or ""
    for suffix in (".bz2", ""):
        candidate = path.with_name(f"{stem}-index{part}.txt{pages}{suffix}")
        if candidate.exists():
            return candidate
    return None


def _open_index(index_path: Path) -> io.TextIOBase:
    if sniff_compression(index_path) == "bz2":
        return bz2.open(index_path, "rt", encoding="utf-8")  # type: ignore[return-value]
    return open(index_path, encoding="utf-8")


def stream_offsets(index_path: Path | str) -> list[int]:
    """Return the distinct stream offsets of a multistream index, in file order."""
    offsets: list[int] = []
    with _open_index(Path(index_path)) as index:
        for number, line in enumerate(index, 1):
            head, sep, _ = line.partition(":")
            if not sep:
                if line.strip():
                    raise InputError("not an index line", source=str(index_path), line=number)
                continue
            offset = int(head)
            if not offsets or offset != offsets[-1]:
                offsets.append(offset)
    if any(later <= earlier for earlier, later in itertools.pairwise(offsets)):
        offsets = sorted(set(offsets))
    return offsets


def split_ranges(offsets: list[int], file_size: int, parts: int) -> list[tuple[int, int]]:
    """Cut the page streams into at most ``parts`` byte ranges of about equal size.

    Every range starts at a stream offset and ends where the next range starts; the last one ends
    at ``file_size`` (so it holds the closing ``</mediawiki>`` stream).  The header stream, before
    ``offsets[0]``, is in no range.
    """
    if not offsets:
        return []
    parts = max(1, min(parts, len(offsets)))
    first = offsets[0]
    starts = [first]
    for part in range(1, parts):
        target = first + (file_size - first) * part / parts
        # the stream offset nearest the target, after the previous start
        at = bisect.bisect_left(offsets, target)
        nearest = min(offsets[max(at - 1, 0) : at + 1], key=lambda offset: abs(offset - target))
        if nearest > starts[-1]:
            starts.append(nearest)
    ends = [*starts[1:], file_size]
    return list(zip(starts, ends, strict=True))


def _bz2_streams(file: BinaryIO, start: int, end: int, counter: list[int]) -> Iterator[bytes]:
    """Decompress the bz2 streams between ``start`` and ``end`` (which must be stream bounds).

    ``counter[0]`` is increased by the compressed bytes read.
    """
    source = getattr(file, "name", None)
    file.seek(start)
    remaining = end - start
    decompressor = bz2.BZ2Decompressor()
    fed = False  # has the current decompressor been given any input?
    while remaining > 0:
        data = file.read(min(_READ_CHUNK, remaining))
        if not data:
            raise InputError(f"file ends before byte {end}", source=source)
        if counter[0] == 0 and not data.startswith(b"BZh"):
            raise InputError(
                f"no bz2 stream starts at byte {start}: the index does not match the dump",
                source=source,
            )
        remaining -= len(data)
        counter[0] += len(data)
        while data:
            output = decompressor.decompress(data, _MAX_OUTPUT)
            fed = True
            data = b""
            if output:
                yield output
            if decompressor.eof:
                data = decompressor.unused_data
                decompressor, fed = bz2.BZ2Decompressor(), False
            elif not decompressor.needs_input:
                data = b""  # more output is waiting: ask for it without new input
                while not decompressor.needs_input and not decompressor.eof:
                    output = decompressor.decompress(b"", _MAX_OUTPUT)
                    if output:
                        yield output
                if decompressor.eof:
                    data = decompressor.unused_data
                    decompressor, fed = bz2.BZ2Decompressor(), False
    if fed:
        raise InputError(f"byte {end} is not the end of a bz2 stream", source=source)


class _ChunkStream(io.RawIOBase):
    """A read-only binary stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._buffer = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = memoryview(chunk)
        count = min(len(buffer), len(self._buffer))
        buffer[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        return count


def _wrapped(header: bytes, body: Iterator[bytes]) -> Iterator[bytes]:
    """``header`` + body + ``</mediawiki>``, unless the body already closed the document."""
    yield header
    tail = b""
    for chunk in body:
        tail = (tail + chunk[-64:])[-64:]
        yield chunk
    if not tail.rstrip().endswith(b"</mediawiki>"):
        yield b"</mediawiki>\n"


def read_multistream_header(path: Path | str, first_offset: int) -> bytes:
    """Return the ``<mediawiki …><siteinfo>…</siteinfo>`` header held by the first stream."""
    if first_offset <= 0:
        raise InputError(
            "the first page stream starts at byte 0: no header stream", source=str(path)
        )
    counter = [0]
    with open(path, "rb") as file:
        data = b"".join(_bz2_streams(file, 0, first_offset, counter))
    cut = data.find(b"</siteinfo>")
    if cut < 0:
        raise InputError("the first stream holds no <siteinfo>", source=str(path))
    return data[: cut + len(b"</siteinfo>")] + b"\n"


class RangeReader:
    """Iterate over the pages held by the whole streams between two offsets of a multistream file.

    ``header`` is the document header (:func:`read_multistream_header`); it is put back in front
    of the bare ``<page>`` elements, which are then read as those of a whole dump.
    ``bytes_read`` counts the compressed bytes of the range.
    """

    def __init__(
        self,
        path: Path | str,
        start: int,
        end: int,
        header: bytes,
        *,
        namespaces: Set[int] | None = DEFAULT_NAMESPACES,
        skip_redirects: bool = True,
        damaged: bool = False,
    ) -> None:
        self.path = Path(path)
        self.start, self.end, self.header = start, end, header
        self.namespaces = namespaces
        self.skip_redirects = skip_redirects
        self.damaged = damaged
        self.bytes_read = 0

    def __iter__(self) -> Iterator[PageRecord]:
        counter = [0]
        with open(self.path, "rb") as file:
            body = _bz2_streams(file, self.start, self.end, counter)
            stream = _ChunkStream(_wrapped(self.header, body))
            try:
                for record in read_records(
                    stream,
                    str(self.path),
                    self.namespaces,
                    self.skip_redirects,
                    damaged=self.damaged,
                ):
                    self.bytes_read = counter[0]
                    yield record
            finally:
                self.bytes_read = counter[0]


def iter_pages_in_range(
    path: Path | str,
    start: int,
    end: int,
    header: bytes,
    *,
    namespaces: Set[int] | None = DEFAULT_NAMESPACES,
    skip_redirects: bool = True,
) -> Iterator[PageRecord]:
    """Yield the pages of the streams in ``[start, end)`` of a multistream dump."""
    reader = RangeReader(
        path, start, end, header, namespaces=namespaces, skip_redirects=skip_redirects
    )
    return iter(reader)


def iter_multistream(
    path_bz2: Path | str,
    index_path: Path | str,
    *,
    start_stream: int | None = None,
    end_stream: int | None = None,
    namespaces: Set[int] | None = DEFAULT_NAMESPACES,
    skip_redirects: bool = True,
) -> Iterator[PageRecord]:
    """Yield the pages of page streams ``start_stream`` to ``end_stream`` (exclusive; 0-based).

    With neither bound this reads every page of the file, stream by stream.
    """
    offsets = stream_offsets(index_path)
    if not offsets:
        return
    header = read_multistream_header(path_bz2, offsets[0])
    first = start_stream or 0
    last = len(offsets) if end_stream is None else min(end_stream, len(offsets))
    if first >= last:
        return
    end = offsets[last] if last < len(offsets) else Path(path_bz2).stat().st_size
    yield from iter_pages_in_range(
        path_bz2,
        offsets[first],
        end,
        header,
        namespaces=namespaces,
        skip_redirects=skip_redirects,
    )
