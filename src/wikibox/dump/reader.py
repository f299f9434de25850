"""Read MediaWiki XML dumps page by page, in constant memory.

A dump is read as a stream: the compressed file is decompressed on the fly, cut into ``<page>``
elements (:mod:`wikibox.dump.split`), and each page is parsed by itself with expat, keeping only
the latest revision (:mod:`wikibox.dump.page`).  mwxml reads the header's ``<siteinfo>`` once.
Two layouts are read:

* a plain dump (``.xml``, ``.xml.bz2``, ``.xml.gz``, ``.xml.xz``), whole, by :func:`iter_pages`;
* a *multistream* dump (Wikimedia's ``…-multistream.xml.bz2`` plus ``…-multistream-index.txt.bz2``),
  whole by :func:`iter_pages` too, or a byte range of whole bz2 streams at a time, which is how
  several processes or Dask workers share one file: see :mod:`wikibox.dump.multistream`.

Writing dumps (for tests and benchmarks) is :mod:`wikibox.dump.writer`.

What happens to odd pages (never an exception for the whole read):

* the latest revision has no text (``<text deleted="deleted" />``, or no ``<text>`` at all), or the
  page has no revision: the page **is yielded with empty text** (and ``revision_id=None`` when there
  is no revision), with a warning on the ``wikibox.dump`` logger;
* a *damaged* page — XML that is not well-formed (a raw ``<``, a control character, bad UTF-8),
  an unknown tag in a ``<page>`` or ``<revision>``, an id (or size) that is not a number, a
  timestamp that is not a date, a ``<page>`` without ``</page>``, ``<id>`` or ``<title>`` — is
  yielded as a record whose ``damage`` says what is wrong (title and id as far as they can be
  read) when the reader is asked for them (``damaged=True``, as the scan does), else skipped
  with a warning.  Reading goes on at the next page either way: each page is parsed by itself
  (:mod:`wikibox.dump.split`).

Only a header that cannot be read, a compressed file that is cut off, or a document that ends
without ``</mediawiki>`` stops the read: that is an :class:`~wikibox.errors.InputError` carrying
the file name, raised *after* every page before the damage has been yielded.

Each page is parsed by a parser of its own, so nothing grows with the number of pages.  A page
that the namespace or redirect filter drops is left at its first ``<revision>``: its text is not
decoded, and damage from there on is not seen.
"""

from __future__ import annotations

import bz2
import gzip
import io
import logging
import lzma
import re
from collections.abc import Iterator, Set
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

import mwxml
from mwxml.element_iterator import ElementIterator
from mwxml.errors import MalformedXML

from wikibox.dump.page import DamagedPage, PageParser, PageRecord
from wikibox.dump.split import split_pages
from wikibox.errors import InputError

__all__ = [
    "DEFAULT_NAMESPACES",
    "CountingFile",
    "DumpReader",
    "PageRecord",
    "iter_pages",
    "sniff_compression",
]

logger = logging.getLogger(__name__)

#: Articles only, the usual scan.
DEFAULT_NAMESPACES: frozenset[int] = frozenset({0})


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


# --------------------------------------------------------------------------- pages → records


_ROOT_TAG = re.compile(rb"<mediawiki[\s>][^>]*>|<mediawiki>")
_TITLE = re.compile(rb"<title>([^<]*)</title>")
_PAGE_ID = re.compile(rb"<page>\s*(?:<title>[^<]*</title>\s*)?(?:<ns>[^<]*</ns>\s*)?<id>(\d+)</id>")
_NAMESPACE = re.compile(rb"<ns>(-?\d+)</ns>")


def _page_parser(
    header: bytes, source: str, namespaces: Set[int] | None, skip_redirects: bool
) -> PageParser:
    """What every page needs from the header: the root tag and the namespaces.

    The header is read once, with mwxml (its ``<siteinfo>``); the pages are not."""
    match = _ROOT_TAG.search(header)
    if match is None:
        raise InputError("not a MediaWiki dump (no <mediawiki> root)", source=source)
    namespace_ids: dict[str, int] = {}
    prefixes: dict[int, str] = {}
    try:
        root = ElementIterator.from_file(io.BytesIO(header + b"</mediawiki>"))
        if root.tag != "mediawiki":
            raise InputError(f"not a MediaWiki dump (root is <{root.tag}>)", source=source)
        for element in root:
            if element.tag == "siteinfo":
                site_info = mwxml.SiteInfo.from_element(element)
                site_namespaces = site_info.namespaces or ()
                namespace_ids = {ns.name: ns.id for ns in site_namespaces}
                prefixes = {ns.id: ns.name for ns in site_namespaces if ns.name}
    except (ParseError, MalformedXML, ValueError, TypeError, KeyError) as error:
        raise InputError(f"the dump's header cannot be read: {error}", source=source) from None
    return PageParser(match.group(0), namespace_ids, prefixes, source, namespaces, skip_redirects)


def _damaged_record(data: bytes, number: int, source: str, damage: str) -> PageRecord:
    """A record for a page that could not be read: as much of its identity as the bytes say."""
    title = _TITLE.search(data)
    page_id = _PAGE_ID.search(data)
    namespace = _NAMESPACE.search(data)
    return PageRecord(
        title=title.group(1).decode("utf-8", "replace") if title else f"(page {number})",
        page_id=int(page_id.group(1)) if page_id else 0,
        revision_id=None,
        namespace=int(namespace.group(1)) if namespace else 0,
        text="",
        redirect=None,
        source=source,
        timestamp=None,
        damage=damage,
    )


def read_records(
    stream: BinaryIO,
    source: str,
    namespaces: Set[int] | None,
    skip_redirects: bool,
    *,
    damaged: bool = False,
) -> Iterator[PageRecord]:
    """Yield the records of a ``<mediawiki>`` XML byte stream, one page in memory at a time.

    With ``damaged`` the pages that cannot be read are yielded too, with ``damage`` set."""
    number = 0
    try:
        pieces = split_pages(stream)
        _, header = next(pieces)
        parser = _page_parser(header, source, namespaces, skip_redirects)
        for kind, data in pieces:
            if kind == "tail":
                if b"</mediawiki>" not in data:
                    raise InputError(
                        f"the dump ends without </mediawiki> after {number} pages: it is cut off",
                        source=source,
                    )
                return
            if kind == "cut":
                raise InputError(
                    f"the dump ends inside a page after {number} pages: it is cut off",
                    source=source,
                )
            number += 1
            try:
                if kind == "unclosed":
                    raise DamagedPage("a <page> without </page>")
                record = parser.record(data)
            except DamagedPage as error:
                record = _damaged_record(data, number, source, str(error))
                if namespaces is not None and record.namespace not in namespaces:
                    continue
                if not damaged:
                    logger.warning("%s: skipping %r: %s", source, record.title, error)
                    continue
            if record is not None:
                yield record
    except (EOFError, OSError, lzma.LZMAError) as error:
        raise InputError(
            f"cannot decompress after {number} pages: {error}", source=source
        ) from error


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
        damaged: bool = False,
    ) -> None:
        self.path = Path(path)
        self.namespaces = namespaces
        self.skip_redirects = skip_redirects
        self.damaged = damaged
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
                for record in read_records(
                    stream,
                    str(self.path),
                    self.namespaces,
                    self.skip_redirects,
                    damaged=self.damaged,
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
