"""Reading dumps: every compression, multistream ranges, sniffing, and broken pages.

Every dump here is written by the test from wikitext written in the test.
"""

from __future__ import annotations

import bz2
import gc
import itertools
import logging
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from wikibox.dump.multistream import (
    find_multistream_index,
    iter_multistream,
    iter_pages_in_range,
    read_multistream_header,
    split_ranges,
    stream_offsets,
)
from wikibox.dump.reader import DumpReader, PageRecord, iter_pages, sniff_compression
from wikibox.dump.writer import write_dump, write_multistream
from wikibox.errors import InputError

ALPHA = """{{Infobox person
| name = Alpha & Omega
| birth_date = {{birth date|1900|1|2}}
}}
'''Alpha''' is a test page.<ref name="a">{{cite web
 |url=https://example.org/a?x=1&y=2 |title=A <b>}}</ref>
Second line with <ref>plain ref</ref> and a literal &amp; entity.\r
== References ==
{{reflist}}
"""
BETA = "{{基礎情報 人物\n| 名前 = ベータ\n}}\n'''ベータ'''はテスト。𝄞 <ref>出典</ref>\n"
GAMMA = "Plain text, no templates.  Trailing spaces   \n\n"

PAGES: list[tuple[str, str]] = [
    ("Alpha", ALPHA),
    ("Beta", BETA),
    ("Alias", "#REDIRECT [[Alpha]]"),
    ("Talk:Alpha", "Is this page any good? ~~~~"),
    ("Gamma", GAMMA),
]
SUFFIXES = ["xml", "xml.bz2", "xml.gz", "xml.xz"]


def _titles(records: list[PageRecord]) -> list[str]:
    return [record.title for record in records]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_round_trip_in_every_compression(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dump.{suffix}"
    assert write_dump(PAGES, path) == 5

    articles = list(iter_pages(path))
    assert _titles(articles) == ["Alpha", "Beta", "Gamma"]
    assert [record.text for record in articles] == [ALPHA, BETA, GAMMA]
    alpha = articles[0]
    assert (alpha.page_id, alpha.revision_id, alpha.namespace) == (1, 100_001, 0)
    assert alpha.redirect is None
    assert alpha.timestamp == "2024-01-01T00:00:00Z"
    assert alpha.source == str(path)

    everything = list(iter_pages(path, namespaces=None, skip_redirects=False))
    assert _titles(everything) == ["Alpha", "Beta", "Alias", "Talk:Alpha", "Gamma"]
    assert everything[2].redirect == "Alpha"
    assert everything[3].namespace == 1
    assert _titles(list(iter_pages(path, namespaces={1}))) == ["Talk:Alpha"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_bytes_read_counts_the_compressed_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"dump.{suffix}"
    write_dump(PAGES * 50, path)
    reader = DumpReader(path)
    seen = []
    for _ in reader:
        seen.append(reader.bytes_read)
    assert seen == sorted(seen)
    assert reader.bytes_read == reader.size == path.stat().st_size


def test_page_records_are_written_as_given(tmp_path: Path) -> None:
    record = PageRecord(
        title="Category:Things",
        page_id=77,
        revision_id=None,
        namespace=14,
        text="[[Category:Stuff]]",
        redirect=None,
        source="",
        timestamp="2001-02-03T04:05:06Z",
    )
    path = tmp_path / "dump.xml"
    write_dump([record], path)
    (read,) = iter_pages(path, namespaces=None)
    assert (read.title, read.page_id, read.namespace, read.timestamp) == (
        "Category:Things",
        77,
        14,
        "2001-02-03T04:05:06Z",
    )
    assert read.revision_id is None


def test_text_xml_cannot_carry_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="XML cannot carry"):
        write_dump([("Nul", "a\x00b")], tmp_path / "dump.xml")


def test_magic_bytes_win_over_the_suffix(tmp_path: Path) -> None:
    real_bz2 = tmp_path / "real.xml.bz2"
    write_dump(PAGES, real_bz2)
    lying_gz = real_bz2.rename(tmp_path / "lying.xml.gz")
    plain = tmp_path / "plain.xml"
    write_dump(PAGES, plain)
    lying_bz2 = plain.rename(tmp_path / "plain-really.xml.bz2")
    xz = tmp_path / "dump.xml.xz"
    write_dump(PAGES, xz)
    lying_xml = xz.rename(tmp_path / "dump-really-xz.xml")

    assert sniff_compression(lying_gz) == "bz2"
    assert sniff_compression(lying_bz2) == "none"
    assert sniff_compression(lying_xml) == "xz"
    for path in (lying_gz, lying_bz2, lying_xml):
        assert _titles(list(iter_pages(path))) == ["Alpha", "Beta", "Gamma"]


HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10">
  <siteinfo>
    <sitename>Test</sitename>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
    </namespaces>
  </siteinfo>
"""


def _page(title: str, page_id: int, revisions: str) -> str:
    return f"  <page><title>{title}</title><ns>0</ns><id>{page_id}</id>{revisions}</page>\n"


def _revision(revision_id: int, text: str | None = None, extra: str = "") -> str:
    body = f'<text xml:space="preserve">{text}</text>' if text is not None else ""
    return f"<revision><id>{revision_id}</id>{extra}{body}</revision>"


def test_malformed_revisions_do_not_stop_the_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    xml = (
        HEADER
        + _page("First", 1, _revision(11, "one"))
        + _page("No text", 2, _revision(21))
        + _page("Deleted", 3, '<revision><id>31</id><text deleted="deleted" /></revision>')
        + _page("No revision", 4, "")
        + _page("Blanked", 8, '<revision><id>81</id><text bytes="0" /></revision>')
        + _page("Unknown tag", 5, _revision(51, "x", extra="<bogus>?</bogus>"))
        + _page("History", 6, _revision(61, "old") + _revision(62, "new"))
        + _page("Last", 7, _revision(71, "seven"))
        + "</mediawiki>\n"
    )
    path = tmp_path / "broken.xml.bz2"
    path.write_bytes(bz2.compress(xml.encode()))

    with caplog.at_level(logging.WARNING, logger="wikibox.dump.reader"):
        records = list(iter_pages(path))

    # Missing or deleted text, or no revision: yielded with empty text.  Unreadable: skipped.
    assert [(r.title, r.revision_id, r.text) for r in records] == [
        ("First", 11, "one"),
        ("No text", 21, ""),
        ("Deleted", 31, ""),
        ("No revision", None, ""),
        ("Blanked", 81, ""),
        ("History", 62, "new"),
        ("Last", 71, "seven"),
    ]
    messages = " | ".join(record.getMessage() for record in caplog.records)
    assert "'No text' has no text" in messages
    assert "'Deleted' has no text" in messages
    assert "'No revision' has no revision" in messages
    assert "skipping 'Unknown tag': an unexpected tag in a <revision>: <bogus>" in messages
    assert "Blanked" not in messages  # an empty page is not an error


def test_broken_xml_and_truncated_files_are_input_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text(HEADER + _page("A", 1, _revision(1, "a")) + "<page><title>B</oops>")
    with pytest.raises(InputError, match="ends inside a page after 1 pages") as caught:
        list(iter_pages(bad))
    assert caught.value.source == str(bad)

    whole = tmp_path / "whole.xml.bz2"
    # bz2 works in blocks of 900 kB: a few MB, so the cut leaves whole blocks before it
    write_dump([(f"Page {n}", f"text {n} " * 400) for n in range(1200)], whole)
    cut = tmp_path / "cut.xml.bz2"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    seen = []
    with pytest.raises(InputError):
        for record in iter_pages(cut):
            seen.append(record.title)
    assert seen  # the pages before the cut were yielded first


def test_finished_pages_are_not_kept_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "many.xml"
    write_dump(((f"P{n}", "x") for n in range(3000)), path)
    for number, _ in enumerate(iter_pages(path)):
        if number == 2500:
            pages_alive = sum(
                1
                for obj in gc.get_objects()
                if isinstance(obj, PageRecord)
                or (isinstance(obj, ET.Element) and obj.tag.endswith("}page"))
            )
            assert pages_alive < 50  # mwxml alone kept every <page> element on the root


# --------------------------------------------------------------------------- multistream


def _many_pages(count: int) -> list[tuple[str, str]]:
    pages = []
    for number in range(count):
        if number % 10 == 3:
            pages.append((f"Talk:Page {number}", "discussion"))
        elif number % 10 == 7:
            pages.append((f"Redirect {number}", f"#REDIRECT [[Page {number - 1}]]"))
        else:
            pages.append((f"Page {number}", f"{ALPHA}\nPage number {number}."))
    return pages


@pytest.fixture
def multistream(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "testwiki-20240101-pages-articles-multistream.xml.bz2"
    index = tmp_path / "testwiki-20240101-pages-articles-multistream-index.txt.bz2"
    write_multistream(_many_pages(103), path, index, pages_per_stream=7)
    return path, index


def test_multistream_layout_is_wikimedias(multistream: tuple[Path, Path]) -> None:
    path, index = multistream
    data = path.read_bytes()
    lines = bz2.decompress(index.read_bytes()).decode().splitlines()
    assert len(lines) == 103
    _offset, page_id, title = lines[3].split(":", 2)
    assert (page_id, title) == ("4", "Talk:Page 3")
    offsets = stream_offsets(index)
    assert len(offsets) == 15  # ceil(103 / 7)
    assert offsets[0] == int(lines[0].split(":")[0]) > 0
    assert all(data[offset : offset + 3] == b"BZh" for offset in offsets)
    first_stream = bz2.BZ2Decompressor().decompress(data[offsets[0] : offsets[1]])
    assert first_stream.lstrip().startswith(b"<page>")
    header = read_multistream_header(path, offsets[0])
    assert header.startswith(b"<mediawiki") and header.endswith(b"</siteinfo>\n")
    assert find_multistream_index(path) == index


@pytest.mark.parametrize("parts", [1, 2, 4, 15, 40])
def test_ranges_together_read_what_a_full_read_reads(
    multistream: tuple[Path, Path], parts: int
) -> None:
    path, index = multistream
    offsets = stream_offsets(index)
    size = path.stat().st_size
    ranges = split_ranges(offsets, size, parts)
    assert len(ranges) == min(parts, len(offsets))
    assert ranges[0][0] == offsets[0] and ranges[-1][1] == size
    assert all(end == next_start for (_, end), (next_start, _) in itertools.pairwise(ranges))
    assert all(start in offsets for start, _ in ranges)

    header = read_multistream_header(path, offsets[0])
    by_ranges = [
        record
        for start, end in ranges
        for record in iter_pages_in_range(
            path, start, end, header, namespaces=None, skip_redirects=False
        )
    ]
    full = list(iter_pages(path, namespaces=None, skip_redirects=False))
    assert len(full) == 103
    assert by_ranges == full
    assert list(iter_multistream(path, index)) == list(iter_pages(path))


def test_streams_can_be_picked_by_number(multistream: tuple[Path, Path]) -> None:
    path, index = multistream
    every = list(iter_pages(path, namespaces=None, skip_redirects=False))
    picked = list(
        iter_multistream(
            path, index, start_stream=2, end_stream=5, namespaces=None, skip_redirects=False
        )
    )
    assert picked == every[14:35]


def test_a_plain_text_index_works_too(tmp_path: Path) -> None:
    path = tmp_path / "x-multistream.xml.bz2"
    index = tmp_path / "x-multistream-index.txt"
    write_multistream(_many_pages(20), path, index, pages_per_stream=3)
    assert find_multistream_index(path) == index
    assert len(stream_offsets(index)) == 7
    assert list(iter_multistream(path, index)) == list(iter_pages(path))


def test_a_range_off_the_stream_bounds_is_an_input_error(multistream: tuple[Path, Path]) -> None:
    path, index = multistream
    offsets = stream_offsets(index)
    header = read_multistream_header(path, offsets[0])
    with pytest.raises(InputError, match="no bz2 stream starts"):
        list(iter_pages_in_range(path, offsets[1] + 5, offsets[3], header))
    with pytest.raises(InputError, match="not the end of a bz2 stream"):
        list(iter_pages_in_range(path, offsets[1], offsets[3] - 5, header))


def test_split_multistream_file_names() -> None:
    # Wikimedia's split dumps put the part number and page span in both names.
    name = "enwiki-20240601-pages-articles-multistream3.xml-p151574p311329.bz2"
    assert find_multistream_index(Path("/nonexistent") / name) is None
    assert find_multistream_index(Path("enwiki-20240601-pages-articles.xml.bz2")) is None


def test_split_file_index_is_found(tmp_path: Path) -> None:
    path = tmp_path / "enwiki-20240601-pages-articles-multistream3.xml-p151574p311329.bz2"
    index = tmp_path / "enwiki-20240601-pages-articles-multistream-index3.txt-p151574p311329.bz2"
    write_multistream(_many_pages(5), path, index)
    assert find_multistream_index(path) == index
