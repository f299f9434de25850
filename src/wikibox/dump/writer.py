"""Write export-0.10 dumps, plain or multistream, from wikitext: for tests and benchmarks.

The files look like Wikimedia's (siteinfo, namespaces, contributor, sha1), so what reads them here
reads the real dumps too; every test dump is written by the test from wikitext written in the test.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from wikibox.dump.reader import PageRecord

__all__ = ["write_dump", "write_multistream"]

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
