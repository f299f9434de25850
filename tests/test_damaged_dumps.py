"""Damaged dumps never lose findings (issue #17): a bad page is a ``scan-page-error`` and the
read goes on; a cut-off file ends the scan with an error *after* every finding read so far is
written; unreadable pages are counted in the summary.

The page functions are top-level functions of this module, so worker processes can import them.
"""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.dump.reader import DumpReader, PageRecord, iter_pages
from wikibox.dump.writer import write_dump
from wikibox.errors import InputError
from wikibox.scan.run import scan

PAGE_COUNT = 12
DAMAGED = 5  # the 0-based number of the page that gets damaged


def one_finding_a_page(page: PageRecord) -> list[dict]:
    return [{"rule": "seen", "severity": "info", "message": "", "line": 1, "column": 1}]


def _xml(tmp_path: Path) -> bytes:
    path = tmp_path / "clean.xml"
    pages = [
        (f"Page {n}", f"Text {n}.<ref>https://example.org/{n}</ref> MARK{n}\n")
        for n in range(PAGE_COUNT)
    ]
    write_dump(pages, path)
    return path.read_bytes()


# Each damage is made to page DAMAGED of the clean XML.
DAMAGES = {
    "raw <": lambda xml: xml.replace(b"MARK5", b"a < b"),
    "control character": lambda xml: xml.replace(b"MARK5", b"a \x01 b"),
    "bad UTF-8": lambda xml: xml.replace(b"MARK5", b"a \xff\xfe b"),
    "unknown tag": lambda xml: xml.replace(b"<title>Page 5</title>", b"<title>Page 5</title><x/>"),
    "id not a number": lambda xml: xml.replace(b"<id>6</id>", b"<id>six</id>", 1),
    "no </page>": lambda xml: _cut_page_end(xml),
}


def _cut_page_end(xml: bytes) -> bytes:
    start = xml.index(b"<title>Page 5</title>")
    end = xml.index(b"</page>", start)
    return xml[:end] + xml[end + len(b"</page>") :]


def _damaged_dump(tmp_path: Path, damage: str) -> Path:
    xml = DAMAGES[damage](_xml(tmp_path))
    assert xml != _xml(tmp_path)
    path = tmp_path / "damaged.xml.bz2"
    path.write_bytes(bz2.compress(xml))
    return path


def test_the_damages_are_in_the_page_they_are_meant_for(tmp_path):
    xml = _xml(tmp_path)
    assert xml.count(b"MARK5") == 1 and xml.count(b"<id>6</id>") >= 1
    assert xml.index(b"<title>Page 5</title>") < xml.index(b"<id>6</id>")


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_page_is_yielded_with_its_damage_and_the_read_goes_on(tmp_path, damage):
    path = _damaged_dump(tmp_path, damage)
    records = list(DumpReader(path, damaged=True))
    titles = [record.title for record in records]
    assert titles == [f"Page {n}" for n in range(PAGE_COUNT)]
    damaged = [record for record in records if record.damage is not None]
    assert [record.title for record in damaged] == ["Page 5"]
    assert damaged[0].text == ""


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_iter_pages_skips_a_damaged_page_and_goes_on(tmp_path, damage):
    titles = [record.title for record in iter_pages(_damaged_dump(tmp_path, damage))]
    assert titles == [f"Page {n}" for n in range(PAGE_COUNT) if n != DAMAGED]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("damage", ["raw <", "bad UTF-8", "unknown tag"])
def test_a_scan_reports_a_damaged_page_and_checks_the_others(tmp_path, damage, jobs):
    found: list[dict] = []
    summary = scan(
        [_damaged_dump(tmp_path, damage)], one_finding_a_page, jobs=jobs, on_finding=found.append
    )
    seen = sorted(f["title"] for f in found if f["rule"] == "seen")
    assert seen == sorted(f"Page {n}" for n in range(PAGE_COUNT) if n != DAMAGED)
    errors = [f for f in found if f["rule"] == "scan-page-error"]
    assert [f["title"] for f in errors] == ["Page 5"]
    assert errors[0]["message"].startswith("unreadable page:")
    assert summary.pages_unreadable == 1 and summary.pages_failed == 0
    assert summary.pages_read == PAGE_COUNT
    assert summary.errors == []


def test_a_last_page_without_its_end_tag_is_damaged_not_a_cut_off_dump(tmp_path):
    """``</mediawiki>`` is there: the dump is whole, only its last page is broken."""
    xml = _xml(tmp_path)
    end = xml.rindex(b"</page>")
    path = tmp_path / "damaged.xml"
    path.write_bytes(xml[:end] + xml[end + len(b"</page>") :])
    records = list(DumpReader(path, damaged=True))
    assert [record.title for record in records] == [f"Page {n}" for n in range(PAGE_COUNT)]
    assert [record.title for record in records if record.damage] == [f"Page {PAGE_COUNT - 1}"]


def _cut_off(tmp_path: Path, how: str) -> Path:
    xml = _xml(tmp_path)
    if how == "no </mediawiki>":
        path = tmp_path / "open.xml"
        path.write_bytes(xml[: xml.rindex(b"</mediawiki>")])
    elif how == "cut gzip":
        path = tmp_path / "cut.xml.gz"
        whole = gzip.compress(xml)
        path.write_bytes(whole[: len(whole) * 2 // 3])
    else:  # cut in the middle of a page, plain XML
        path = tmp_path / "cut.xml"
        path.write_bytes(xml[: xml.index(b"MARK9")])
    return path


CUTS = ["no </mediawiki>", "cut gzip", "cut in a page"]


@pytest.mark.parametrize("how", CUTS)
def test_a_cut_off_dump_yields_its_pages_then_raises(tmp_path, how):
    seen = []
    with pytest.raises(InputError, match=r"cut off|cannot decompress"):
        for record in iter_pages(_cut_off(tmp_path, how)):
            seen.append(record.title)
    assert seen and seen == [f"Page {n}" for n in range(len(seen))]
    if how != "cut gzip":
        assert len(seen) == (PAGE_COUNT if how == "no </mediawiki>" else 9)


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("how", CUTS)
def test_a_scan_of_a_cut_off_dump_keeps_every_finding_read(tmp_path, how, jobs):
    found: list[dict] = []
    summary = scan(
        [_cut_off(tmp_path, how)], one_finding_a_page, jobs=jobs, on_finding=found.append
    )
    assert summary.pages_read > 0
    assert len(found) == summary.pages_read == summary.findings
    assert len(summary.errors) == 1
    assert "cut off" in summary.errors[0] or "cannot decompress" in summary.errors[0]


def test_a_cut_off_dump_does_not_stop_the_next_one(tmp_path):
    clean = tmp_path / "clean" / "pages.xml.bz2"
    clean.parent.mkdir()
    clean.write_bytes(bz2.compress(_xml(tmp_path)))
    found: list[dict] = []
    summary = scan(
        [_cut_off(tmp_path, "cut in a page"), clean],
        one_finding_a_page,
        jobs=1,
        on_finding=found.append,
    )
    assert summary.pages_read == 9 + PAGE_COUNT == len(found)
    assert len(summary.errors) == 1


def _scan_cli(*args: str):
    return CliRunner().invoke(main, ["scan", *args])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_scan_json_of_a_cut_off_dump_is_complete_and_exits_2(tmp_path, jobs):
    path = _cut_off(tmp_path, "cut in a page")
    result = _scan_cli(str(path), "--jobs", jobs, "--format", "json", "--select", "cite")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    titles = {f["title"] for f in document["findings"]}
    assert titles == {f"Page {n}" for n in range(9)}
    assert document["summary"]["pages_read"] == 9
    assert "cut off" in document["summary"]["errors"][0]
    assert "wikibox: error:" in result.stderr and "cut off" in result.stderr


def test_scan_jsonl_of_a_cut_off_dump_streams_the_findings_read(tmp_path):
    out = tmp_path / "findings.jsonl"
    result = _scan_cli(str(_cut_off(tmp_path, "no </mediawiki>")), "--jobs", "1", "-o", str(out))
    assert result.exit_code == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {f["title"] for f in lines} == {f"Page {n}" for n in range(PAGE_COUNT)}


def test_scan_summary_counts_unreadable_pages(tmp_path):
    path = _damaged_dump(tmp_path, "control character")
    result = _scan_cli(str(path), "--jobs", "1", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["summary"]["pages_unreadable"] == 1
    errors = [f for f in document["findings"] if f["rule"] == "scan-page-error"]
    assert [(f["title"], f["page_id"]) for f in errors] == [("Page 5", 6)]
    assert "unreadable 1" in result.stderr


def test_scan_output_that_cannot_be_written_is_one_line(tmp_path):
    path = _damaged_dump(tmp_path, "raw <")
    result = _scan_cli(str(path), "-o", str(tmp_path / "no" / "such" / "file"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.output


def test_dask_reports_a_damaged_page_and_a_cut_off_dump(tmp_path):
    pytest.importorskip("distributed")
    found: list[dict] = []
    summary = scan(
        [_damaged_dump(tmp_path, "raw <"), _cut_off(tmp_path, "cut in a page")],
        one_finding_a_page,
        engine="dask",
        jobs=1,
        on_finding=found.append,
    )
    assert summary.pages_unreadable == 1
    assert summary.pages_read == PAGE_COUNT + 9 == len(found)
    assert len(summary.errors) == 1 and "cut off" in summary.errors[0]
