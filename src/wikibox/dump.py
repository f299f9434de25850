"""Read MediaWiki XML dumps page by page, in constant memory.

A dump is read as a stream: the compressed file is decompressed on the fly and fed to mwxml, one
``<page>`` at a time, and only the latest revision of each page is kept.  Two layouts are read:

* a plain dump (``.xml``, ``.xml.bz2``, ``.xml.gz``, ``.xml.xz``), whole, by :func:`iter_pages`;
* a *multistream* dump (Wikimedia's ``…-multistream.xml.bz2`` plus ``…-multistream-index.txt.bz2``),
  which is a concatenation of independent bz2 streams: the first holds the ``<mediawiki>`` and
  ``<siteinfo>`` header, then each holds about 100 bare ``<page>`` elements, and the last holds
  ``</mediawiki>``.  The index gives the byte offset of the stream that holds each page, so a byte
  range made of whole streams can be read by itself (:func:`iter_pages_in_range`), which is how
  several processes or Dask workers share one file without anyone reading all of it.

What happens to odd pages (never an exception for the whole read):

* the latest revision has no text (``<text deleted="deleted" />``, or no ``<text>`` at all), or the
  page has no revision: the page **is yielded with empty text** (and ``revision_id=None`` when there
  is no revision), with a warning on the ``wikibox.dump`` logger;
* a page that mwxml cannot read (an unknown tag in a ``<page>`` or ``<revision>``, an id that is not
  a number): the page **is skipped** with a warning, and reading goes on at the next page.

Only XML that is not well-formed at all, or a compressed file that is cut off, stops the read: that
is an :class:`~wikibox.errors.InputError` carrying the file name, after every page before it has
been yielded.

Pitfall worth knowing: mwxml clears each ``<page>`` element once it has been read but leaves the
(empty) element attached to the ``<mediawiki>`` root, so memory grows with the number of pages
(about 200 bytes a page, over a gigabyte for English Wikipedia).  The reader here drives mwxml's
element iterator itself and detaches finished pages from the root.
"""

from __future__ import annotations

import bisect
import bz2
import gzip
import hashlib
import io
import itertools
import logging
import lzma
import re
from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

import mwxml
from mwxml.element_iterator import ElementIterator
from mwxml.errors import MalformedXML

from wikibox.errors import InputError

__all__ = [
    "DEFAULT_NAMESPACES",
    "CountingFile",
    "DumpReader",
    "PageRecord",
    "RangeReader",
    "find_multistream_index",
    "iter_multistream",
    "iter_pages",
    "iter_pages_in_range",
    "read_multistream_header",
    "sniff_compression",
    "split_ranges",
    "stream_offsets",
    "write_dump",
    "write_multistream",
]

logger = logging.getLogger(__name__)

#: Articles only, the usual scan.
DEFAULT_NAMESPACES: frozenset[int] = frozenset({0})

_READ_CHUNK = 1 << 20  # compressed bytes read at a time from a multistream range
_MAX_OUTPUT = 1 << 22  # decompressed bytes produced at a time (bounds memory on bz2 bombs)


@dataclass(frozen=True, slots=True)
class PageRecord:
    """The latest revision of one page, as read from a dump."""

    title: str
    page_id: int
    revision_id: int | None
    namespace: int
    text: str
    redirect: str | None
    source: str
    timestamp: str | None


# --------------------------------------------------------------------------- opening files

_MAGIC = ((b"BZh", "bz2"), (b"\x1f\x8b", "gzip"), (b"\xfd7zXZ\x00", "xz"))
_UNSUPPORTED = ((b"7z\xbc\xaf\x27\x1c", "7z"), (b"\x28\xb5\x2f\xfd", "zstd"))


def sniff_compression(path: Path) -> str:
    """Return ``"bz2"``, ``"gzip"``, ``"xz"`` or ``"none"`` from the file's first bytes.

    The magic bytes win over the suffix: dumps get renamed, and a ``.bz2`` that is really plain
    XML should still be read.
    """
    with open(path, "rb") as file:
        head = file.read(8)
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    for magic, name in _UNSUPPORTED:
        if head.startswith(magic):
            raise InputError(f"{name} dumps are not supported; recompress as bz2", source=str(path))
    return "none"


class CountingFile(io.RawIOBase):
    """A read-only binary file that counts the bytes read through it.

    Put between the file on disk and the decompressor, it tells how far into the *compressed*
    file the reader is, which is what a progress bar over the file size needs.
    """

    def __init__(self, raw: BinaryIO, name: str = "") -> None:
        super().__init__()
        self._raw = raw
        self.name = name
        self.mode = "rb"  # gzip.GzipFile looks at this
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self.bytes_read += count or 0
        return count

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.bytes_read += len(data)
        return data

    def close(self) -> None:
        self._raw.close()
        super().close()


def _decompressing(counting: CountingFile, compression: str) -> BinaryIO:
    if compression == "bz2":
        return bz2.BZ2File(counting)  # reads concatenated (multistream) bz2 too
    if compression == "gzip":
        return gzip.GzipFile(fileobj=counting, mode="rb")  # type: ignore[return-value]
    if compression == "xz":
        return lzma.LZMAFile(counting)
    return counting  # type: ignore[return-value]


# --------------------------------------------------------------------------- mwxml → records


def _page_record(
    element: ElementIterator,
    namespace_map: dict | None,
    prefixes: dict[int, str],
    source: str,
    namespaces: Set[int] | None,
    skip_redirects: bool,
) -> PageRecord | None:
    """Turn one ``<page>`` element into a record, or None when it is filtered out or unreadable."""
    try:
        page = mwxml.Page.from_element(element, namespace_map)
        # Filter on the page header, before mwxml builds the revisions (and their text).
        if namespaces is not None and page.namespace not in namespaces:
            return None
        if skip_redirects and page.redirect:
            return None
        latest = None
        for revision in page:
            latest = revision
    except (MalformedXML, ValueError, TypeError) as error:
        logger.warning("%s: skipping a page mwxml cannot read: %s", source, error)
        return None
    if page.id is None or page.title is None:
        logger.warning("%s: skipping a page without <id> or <title>", source)
        return None
    title = page.title
    prefix = prefixes.get(page.namespace)
    if prefix and not title.startswith(prefix + ":"):
        title = f"{prefix}:{title}"  # mwxml strips the prefix only when the dump has no <ns>
    text = latest.text if latest is not None else None
    if text is None and not _blanked(latest):
        reason = "has no revision" if latest is None else "has no text (deleted or missing)"
        logger.warning("%s: page %r %s; yielded with empty text", source, title, reason)
    return PageRecord(
        title=title,
        page_id=page.id,
        revision_id=latest.id if latest is not None else None,
        namespace=page.namespace,
        text=text or "",
        redirect=page.redirect or None,
        source=source,
        timestamp=str(latest.timestamp) if latest is not None and latest.timestamp else None,
    )


def _blanked(revision: mwxml.Revision | None) -> bool:
    """A blanked page, ``<text bytes="0" />``: mwxml gives None as for missing text."""
    if revision is None or revision.slots is None:
        return False
    main = revision.slots.contents.get("main")
    return main is not None and not main.deleted and main.bytes == 0


def _read_records(
    stream: BinaryIO, source: str, namespaces: Set[int] | None, skip_redirects: bool
) -> Iterator[PageRecord]:
    """Yield the records of a ``<mediawiki>`` XML byte stream, one page in memory at a time."""
    try:
        root = ElementIterator.from_file(stream)
        if root.tag != "mediawiki":
            raise InputError(f"not a MediaWiki dump (root is <{root.tag}>)", source=source)
        namespace_map: dict | None = None
        prefixes: dict[int, str] = {}
        for element in root:
            tag = element.tag
            if tag == "siteinfo":
                site_info = mwxml.SiteInfo.from_element(element)
                namespace_map = {ns.name: ns for ns in site_info.namespaces or ()}
                prefixes = {ns.id: ns.name for ns in site_info.namespaces or () if ns.name}
            elif tag == "page":
                record = _page_record(
                    element, namespace_map, prefixes, source, namespaces, skip_redirects
                )
                if record is not None:
                    yield record
            # mwxml clears finished elements but never detaches them from the root.
            del root.element[:]
    except ParseError as error:
        line, column = getattr(error, "position", (None, None))
        raise InputError(
            f"malformed XML: {error}", source=source, line=line, column=column
        ) from error
    except (EOFError, OSError, lzma.LZMAError) as error:
        raise InputError(f"cannot decompress: {error}", source=source) from error


class DumpReader:
    """Iterate over the pages of a whole dump file; ``bytes_read`` follows the compressed file.

    Iterating twice reads the file twice.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        namespaces: Set[int] | None = DEFAULT_NAMESPACES,
        skip_redirects: bool = True,
    ) -> None:
        self.path = Path(path)
        self.namespaces = namespaces
        self.skip_redirects = skip_redirects
        self.bytes_read = 0
        try:
            self.size = self.path.stat().st_size
        except OSError as error:
            raise InputError(f"cannot read dump: {error.strerror}", source=str(path)) from error

    def __iter__(self) -> Iterator[PageRecord]:
        compression = sniff_compression(self.path)
        with CountingFile(open(self.path, "rb"), str(self.path)) as counting:
            stream = _decompressing(counting, compression)
            try:
                for record in _read_records(
                    stream, str(self.path), self.namespaces, self.skip_redirects
                ):
                    self.bytes_read = counting.bytes_read
                    yield record
            finally:
                self.bytes_read = counting.bytes_read
                stream.close()


def iter_pages(
    path: Path | str,
    *,
    namespaces: Set[int] | None = DEFAULT_NAMESPACES,
    skip_redirects: bool = True,
) -> Iterator[PageRecord]:
    """Yield the latest revision of every page of a dump (``namespaces=None``: all of them).

    Use :class:`DumpReader` instead when you need ``bytes_read`` for a progress bar.
    """
    return iter(DumpReader(path, namespaces=namespaces, skip_redirects=skip_redirects))


# --------------------------------------------------------------------------- multistream


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
    of the bare ``<page>`` elements so that mwxml can read them.  ``bytes_read`` counts the
    compressed bytes of the range.
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
    ) -> None:
        self.path = Path(path)
        self.start, self.end, self.header = start, end, header
        self.namespaces = namespaces
        self.skip_redirects = skip_redirects
        self.bytes_read = 0

    def __iter__(self) -> Iterator[PageRecord]:
        counter = [0]
        with open(self.path, "rb") as file:
            body = _bz2_streams(file, self.start, self.end, counter)
            stream = _ChunkStream(_wrapped(self.header, body))
            try:
                for record in _read_records(
                    stream, str(self.path), self.namespaces, self.skip_redirects
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


# --------------------------------------------------------------------------- writing dumps

_NAMESPACES = {
    -2: "Media", -1: "Special", 0: "", 1: "Talk", 2: "User", 3: "User talk", 4: "Wikipedia",
    5: "Wikipedia talk", 6: "File", 7: "File talk", 8: "MediaWiki", 9: "MediaWiki talk",
    10: "Template", 11: "Template talk", 12: "Help", 13: "Help talk", 14: "Category",
    15: "Category talk", 100: "Portal", 101: "Portal talk", 118: "Draft", 119: "Draft talk",
    828: "Module", 829: "Module talk",
}  # fmt: skip
_NAMESPACE_IDS = {name: key for key, name in _NAMESPACES.items() if name}
_REDIRECT = re.compile(r"\s*#REDIRECT\s*:?\s*\[\[([^\]|#]+)", re.IGNORECASE)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_HEADER = (
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.10/ '
    'http://www.mediawiki.org/xml/export-0.10.xsd" version="0.10" xml:lang="en">\n'
)


def _escape(text: str, *, attribute: bool = False) -> str:
    if _NOT_XML.search(text):
        raise ValueError(f"text holds a character XML cannot carry: {_NOT_XML.search(text)!r}")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A parser turns a raw \r (or \r\n) into \n; a character reference keeps it.
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def _sha1_base36(text: str) -> str:
    number = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest(), "big")
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits.rjust(31, "0")


def _site_info() -> str:
    lines = ["  <siteinfo>", "    <sitename>Wikipedia</sitename>", "    <dbname>enwiki</dbname>",
             "    <base>https://en.wikipedia.org/wiki/Main_Page</base>",
             "    <generator>MediaWiki 1.41.0-wmf.6</generator>", "    <case>first-letter</case>",
             "    <namespaces>"]  # fmt: skip
    for key, name in _NAMESPACES.items():
        if name:
            lines.append(f'      <namespace key="{key}" case="first-letter">{name}</namespace>')
        else:
            lines.append(f'      <namespace key="{key}" case="first-letter" />')
    lines += ["    </namespaces>", "  </siteinfo>", ""]
    return "\n".join(lines)


def _as_record(item: tuple[str, str] | PageRecord, number: int) -> PageRecord:
    """A ``(title, text)`` pair gets ids from its position, its namespace from its prefix."""
    if isinstance(item, PageRecord):
        return item
    title, text = item
    prefix, sep, _ = title.partition(":")
    namespace = _NAMESPACE_IDS.get(prefix, 0) if sep else 0
    match = _REDIRECT.match(text)
    redirect = match.group(1).strip().replace("_", " ") if match else None
    if redirect:
        redirect = redirect[:1].upper() + redirect[1:]
    return PageRecord(
        title=title,
        page_id=number,
        revision_id=100_000 + number,
        namespace=namespace,
        text=text,
        redirect=redirect,
        source="",
        timestamp="2024-01-01T00:00:00Z",
    )


def _page_xml(page: PageRecord) -> str:
    text = _escape(page.text)
    size = len(page.text.encode("utf-8"))
    redirect = ""
    if page.redirect:
        redirect = f'    <redirect title="{_escape(page.redirect, attribute=True)}" />\n'
    revision_id = f"      <id>{page.revision_id}</id>\n" if page.revision_id is not None else ""
    return (
        "  <page>\n"
        f"    <title>{_escape(page.title)}</title>\n"
        f"    <ns>{page.namespace}</ns>\n"
        f"    <id>{page.page_id}</id>\n"
        f"{redirect}"
        "    <revision>\n"
        f"{revision_id}"
        f"      <timestamp>{page.timestamp or '2024-01-01T00:00:00Z'}</timestamp>\n"
        "      <contributor>\n        <username>Example</username>\n        <id>1</id>\n"
        "      </contributor>\n"
        "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
        f'      <text bytes="{size}" xml:space="preserve">{text}</text>\n'
        f"      <sha1>{_sha1_base36(page.text)}</sha1>\n"
        "    </revision>\n"
        "  </page>\n"
    )


def _open_for_writing(path: Path) -> BinaryIO:
    suffix = path.suffix.lower()
    if suffix == ".bz2":
        return bz2.open(path, "wb")  # type: ignore[return-value]
    if suffix == ".gz":
        return gzip.open(path, "wb")  # type: ignore[return-value]
    if suffix == ".xz":
        return lzma.open(path, "wb")  # type: ignore[return-value]
    return open(path, "wb")


def write_dump(pages: Iterable[tuple[str, str] | PageRecord], path: Path | str) -> int:
    """Write an export-0.10 dump, compressed by suffix (``.bz2``, ``.gz``, ``.xz`` or none).

    ``pages`` are ``(title, text)`` pairs (ids from their position, namespace from a standard
    English prefix such as ``Talk:``, redirect from ``#REDIRECT [[…]]``) or whole
    :class:`PageRecord` values.  Written as a stream; returns the number of pages.
    """
    count = 0
    with _open_for_writing(Path(path)) as file:
        file.write((_XML_HEADER + _site_info()).encode("utf-8"))
        for number, item in enumerate(pages, 1):
            file.write(_page_xml(_as_record(item, number)).encode("utf-8"))
            count += 1
        file.write(b"</mediawiki>\n")
    return count


def write_multistream(
    pages: Iterable[tuple[str, str] | PageRecord],
    path: Path | str,
    index_path: Path | str,
    pages_per_stream: int = 100,
) -> int:
    """Write a multistream ``.xml.bz2`` and its ``offset:page_id:title`` index, as Wikimedia does.

    One bz2 stream for the header, one per ``pages_per_stream`` pages, one for ``</mediawiki>``.
    The index is bz2-compressed when its name ends in ``.bz2``.  Returns the number of pages.
    """
    count = 0
    index_path = Path(index_path)
    with open(path, "wb") as file, _open_for_writing(index_path) as index:
        file.write(bz2.compress((_XML_HEADER + _site_info()).encode("utf-8")))
        group: list[PageRecord] = []

        def flush() -> None:
            offset = file.tell()
            xml = "".join(_page_xml(page) for page in group)
            file.write(bz2.compress(xml.encode("utf-8")))
            lines = "".join(f"{offset}:{page.page_id}:{page.title}\n" for page in group)
            index.write(lines.encode("utf-8"))
            group.clear()

        for number, item in enumerate(pages, 1):
            group.append(_as_record(item, number))
            count += 1
            if len(group) >= pages_per_stream:
                flush()
        if group:
            flush()
        file.write(bz2.compress(b"</mediawiki>\n"))
    return count
