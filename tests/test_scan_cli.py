"""`wikibox scan` end to end: a dump written from our own wikitext, checked by every rule."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.dump.writer import write_dump, write_multistream

PAGES = [
    (
        "2019 Osaka summit",
        "{{Infobox summit meeting\n| date = 30 February 2019\n| follows = Helsinki\n}}\n"
        "Text.<ref>https://example.org/a</ref>\n\n== References ==\n{{Reflist}}\n",
    ),
    ("Plain page", "Just prose, no templates at all.\n"),
    (
        "Cited page",
        "Claim.<ref>{{cite web |url=https://example.org/b |title=B |accessdate=2025-2-12}}</ref>"
        "\n\n== References ==\n{{Reflist}}\n",
    ),
    ("Talk:Plain page", "A talk page: {{cite web}} not read."),
]


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    path = tmp_path_factory.mktemp("dump") / "pages.xml.bz2"
    write_dump(PAGES, path)
    return path


def run(*args):
    return CliRunner().invoke(main, ["scan", *map(str, args)], catch_exceptions=False)


def test_jsonl_findings_with_page_identity(dump):
    result = run(dump, "--jobs", "1", "--today", "2026-01-01")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    titles = {f["title"] for f in lines}
    assert titles == {"2019 Osaka summit", "Cited page"}
    rules = {f["rule"] for f in lines}
    assert {"infobox-date-invalid", "cite-bare-url", "cite-date-invalid"} <= rules
    assert "cite-deprecated-param" not in rules  # |accessdate= is valid in the CS1 module
    assert all({"page_id", "revision_id", "line", "column", "severity"} <= set(f) for f in lines)


def test_summary_and_prefilter(dump):
    result = run(dump, "--jobs", "1", "--format", "summary", "--select", "infobox")
    assert "pages read 3" in result.stdout
    assert "skipped by the prefilter 2" in result.stdout  # no infobox on two pages
    assert "infobox-date-invalid" in result.stdout


def test_json_document_and_same_findings_with_two_jobs(dump):
    one = json.loads(run(dump, "--jobs", "1", "--format", "json").stdout)
    two = json.loads(run(dump, "--jobs", "2", "--format", "json").stdout)
    key = lambda f: (f["title"], f["rule"], f["line"], f["column"])  # noqa: E731
    assert sorted(map(key, one["findings"])) == sorted(map(key, two["findings"]))
    assert one["summary"]["pages_read"] == 3


def test_multistream_pair(tmp_path):
    path = tmp_path / "wiki-multistream.xml.bz2"
    index = tmp_path / "wiki-multistream-index.txt.bz2"
    write_multistream(PAGES * 3, path, index, pages_per_stream=2)
    result = run(path, "--jobs", "1", "--format", "summary")
    assert "pages read 9" in result.stdout


def test_unknown_rule_is_a_usage_error(dump):
    result = run(dump, "--select", "nope")
    assert result.exit_code == 2
    assert "unknown rule or family 'nope'" in result.output


def test_html_report(dump, tmp_path):
    report = tmp_path / "report.html"
    run(dump, "--jobs", "1", "--html", report)
    html = report.read_text(encoding="utf-8")
    assert "<svg" in html and "2019 Osaka summit" in html


def test_scan_reads_wikibox_toml_and_config_like_check(dump, tmp_path, monkeypatch):
    """Settings come as for `check`: wikibox.toml found upward < --config < flags."""
    (tmp_path / "wikibox.toml").write_text('select = ["infobox"]\ntoday = 2026-01-01\n')
    monkeypatch.chdir(tmp_path)
    found = [json.loads(line) for line in run(dump, "--jobs", "1").stdout.splitlines()]
    assert found and all(f["rule"].startswith("infobox-") for f in found)
    other = tmp_path / "other.toml"
    other.write_text('select = ["cite"]\n')
    found = [
        json.loads(line) for line in run(dump, "--jobs", "1", "--config", other).stdout.splitlines()
    ]
    assert found and all(f["rule"].startswith("cite-") for f in found)
    flagged = run(dump, "--jobs", "1", "--config", other, "--select", "infobox-date-invalid")
    assert {json.loads(line)["rule"] for line in flagged.stdout.splitlines()} == {
        "infobox-date-invalid"
    }


def test_scan_config_errors_are_one_line(dump, tmp_path, monkeypatch):
    (tmp_path / "wikibox.toml").write_text('select = ["no-such-rule"]\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", str(dump)])
    assert result.exit_code == 2
    assert "no-such-rule" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("select", ["infobox", "infobox,wt"])  # regional parse, then whole page
def test_scan_reads_the_infoboxes_of_a_profile_like_check(tmp_path, select):
    """A profile's own infobox (its date role) gives scan the finding it gives check."""
    (tmp_path / "p.yaml").write_text(
        "infoboxes:\n  Infobox mything:\n    kind: event\n    roles:\n      date: when\n"
    )
    config = tmp_path / "wikibox.toml"
    config.write_text('profiles = ["p.yaml"]\n')
    text = "{{Infobox mything\n| when = 30 February 2025\n}}\nText.\n"
    page, dump = tmp_path / "M.wiki", tmp_path / "pages.xml"
    page.write_text(text, encoding="utf-8")
    write_dump([("M", text)], dump)
    checked = CliRunner().invoke(main, ["check", "--format", "json", "--select", select, str(page)])
    wanted = {(f["rule"], f["line"]) for f in json.loads(checked.stdout)["files"][0]["findings"]}
    assert ("infobox-date-invalid", 2) in wanted
    scanned = run(dump, "--jobs", "1", "--config", str(config), "--select", select)
    assert {(f["rule"], f["line"]) for f in map(json.loads, scanned.stdout.splitlines())} == wanted


def test_scan_prefilter_keeps_the_infobox_names_of_a_profile(tmp_path):
    """A wiki profile's own infobox name (no "infobox" in it) is not dropped by the prefilter
    of an infobox-only scan: scan finds what check finds."""
    (tmp_path / "p.yaml").write_text(
        "wikis:\n  testwiki:\n    language: en\n    script: Latin\n"
        "    date_formats: [dmy, mdy, iso]\n    infobox_prefixes: []\n"
        "    infobox_names: [Summit card]\n    reference_lists: [Reflist]\n"
        "    citation_needed: []\n",
        encoding="utf-8",
    )
    (tmp_path / "wikibox.toml").write_text('wiki = "testwiki"\nprofiles = ["p.yaml"]\n')
    text = "{{Summit card\n| date = 30 February 2025\n| x =\n}}\nText.\n"
    page, dump = tmp_path / "M.wiki", tmp_path / "pages.xml"
    page.write_text(text, encoding="utf-8")
    write_dump([("M", text)], dump)
    config = ["--config", str(tmp_path / "wikibox.toml")]
    checked = CliRunner().invoke(main, ["check", *config, "--format", "json", str(page)])
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    wanted = {(f["rule"], f["line"]) for f in findings if f["rule"].startswith("infobox-")}
    assert wanted
    scanned = run(dump, "--jobs", "1", *config, "--select", "infobox")
    assert {(f["rule"], f["line"]) for f in map(json.loads, scanned.stdout.splitlines())} == wanted
