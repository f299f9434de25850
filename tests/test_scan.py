"""Scanning dumps: prefilter, parallel workers, time limits and the Dask engine.

Real files, real worker processes and a real ``distributed.LocalCluster``.  The page functions are
top-level functions of this module, so worker processes can import them.
"""

from __future__ import annotations

import bz2
import functools
import json
import os
import threading
import time
from collections import Counter
from pathlib import Path

import mwparserfromhell
import pytest

from wikibox.dump.multistream import stream_offsets
from wikibox.dump.reader import PageRecord
from wikibox.dump.writer import write_dump, write_multistream
from wikibox.lint.prefilter import prefilter
from wikibox.scan.run import scan
from wikibox.scan.summary import ScanSummary

# --------------------------------------------------------------------------- page functions


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def ref_and_infobox_findings(page: PageRecord) -> list[dict]:
    """One finding per ``<ref`` and per ``{{Infobox`` (any case)."""
    findings = []
    folded = page.text.casefold()
    for needle, rule in (("<ref", "ref-seen"), ("{{infobox", "infobox-seen")):
        start = folded.find(needle)
        while start >= 0:
            line, column = _position(page.text, start)
            message = f"{needle} at offset {start}"
            findings.append(
                {
                    "rule": rule,
                    "severity": "warning",
                    "message": message,
                    "line": line,
                    "column": column,
                }
            )
            start = folded.find(needle, start + 1)
    return findings


def every_page_finding(page: PageRecord) -> list[dict]:
    """A finding on every page: shows which pages were checked at all."""
    return [{"rule": "checked", "severity": "info", "message": "", "line": 1, "column": 1}]


def troublesome(page: PageRecord, *, sleep: float = 30.0) -> list[dict]:
    """Sleeps on "Slow", raises on "Crash", kills its process on "Boom"."""
    if page.title == "Slow":
        time.sleep(sleep)
    if page.title == "Busy":  # Python work in small steps, for threads (Dask)
        deadline = time.monotonic() + sleep
        while time.monotonic() < deadline:
            time.sleep(0.01)
    if page.title == "Crash":
        raise ValueError("boom")
    if page.title == "Boom":
        os._exit(3)
    return ref_and_infobox_findings(page)


def parse_everything(page: PageRecord) -> list[dict]:
    """mwparserfromhell on the whole page, the way ``check`` will."""
    mwparserfromhell.parse(page.text, skip_style_tags=True)
    return []


# --------------------------------------------------------------------------- dumps

SNIPPETS = [
    "{{Infobox settlement\n| name = Town {n}\n}}\n'''Town {n}''' is a town.<ref>Atlas {n}</ref>",
    "'''Person {n}''' was born.<ref name=\"b{n}\">{{cite book |title=Life}}</ref>\n{{reflist}}",
    "Plain prose about topic {n}, with no markup worth checking.",
    "{{Short description|Thing {n}}}\n'''Thing {n}''' is a thing. See [[Other thing]].",
    "{{infobox_person|name=X{n}}} and an external link http://example.org/{n}",
    "{{基礎情報 会社\n| 社名 = 会社{n}\n}}\n'''会社{n}'''は会社。<REF>出典 {n}</REF>",
    "== Section ==\nText <ref>one</ref> and <ref>two</ref> for {n}.\n<references />",
]


def article_pages(count: int) -> list[tuple[str, str]]:
    """Articles, with a talk page and a redirect here and there."""
    pages: list[tuple[str, str]] = []
    for n in range(count):
        pages.append((f"Article {n}", SNIPPETS[n % len(SNIPPETS)].replace("{n}", str(n))))
        if n % 9 == 4:
            pages.append((f"Talk:Article {n}", "Comments <ref>not an article</ref>"))
        if n % 11 == 5:
            pages.append((f"Alias {n}", f"#REDIRECT [[Article {n}]]"))
    return pages


def with_trouble(pages: list[tuple[str, str]], *titles: str) -> list[tuple[str, str]]:
    middle = len(pages) // 2
    trouble = [(title, f"<ref>{title}</ref>") for title in titles]
    return pages[:middle] + trouble + pages[middle:]


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    base = tmp_path_factory.mktemp("dumps")
    pages = article_pages(60)
    single = base / "single.xml.bz2"
    write_dump(pages, single)
    multi = base / "testwiki-pages-articles-multistream.xml.bz2"
    write_multistream(
        pages, multi, base / "testwiki-pages-articles-multistream-index.txt.bz2", pages_per_stream=6
    )
    files = [base / "part1.xml.bz2", base / "part2.xml.gz", base / "part3.xml"]
    for number, path in enumerate(files):
        chunk = pages[number * 25 : (number + 1) * 25]
        records = [
            _record(title, text, 1000 * number + i + 1) for i, (title, text) in enumerate(chunk)
        ]
        write_dump(records, path)
    trouble = base / "trouble.xml.bz2"
    write_dump(with_trouble(pages, "Slow", "Crash"), trouble)
    busy = base / "busy-multistream.xml.bz2"
    write_multistream(
        with_trouble(pages, "Busy", "Crash"),
        busy,
        base / "busy-multistream-index.txt.bz2",
        pages_per_stream=6,
    )
    boom = base / "boom.xml.bz2"
    write_dump(with_trouble(pages, "Boom"), boom)
    boom_multi = base / "boom-multistream.xml.bz2"
    write_multistream(
        with_trouble(pages, "Boom"),
        boom_multi,
        base / "boom-multistream-index.txt.bz2",
        pages_per_stream=6,
    )
    return {
        "single": [single],
        "multi": [multi],
        "files": files,
        "trouble": [trouble],
        "busy": [busy],
        "boom": [boom],
        "boom-multi": [boom_multi],
    }


def _record(title: str, text: str, page_id: int) -> PageRecord:
    namespace = 1 if title.startswith("Talk:") else 0
    redirect = text[len("#REDIRECT [[") : -2] if text.startswith("#REDIRECT") else None
    return PageRecord(title, page_id, page_id + 50_000, namespace, text, redirect, "", None)


def run(sources: list[Path], page_fn=ref_and_infobox_findings, **options) -> tuple:
    findings: list[dict] = []
    summary = scan(sources, page_fn, on_finding=findings.append, progress=False, **options)
    return summary, findings


def as_multiset(findings: list[dict], *, ids: bool = True) -> Counter[str]:
    """Findings as a multiset; ``ids=False`` for dumps where extra pages shifted the ids."""
    drop = () if ids else ("page_id", "revision_id")
    return Counter(
        json.dumps({k: v for k, v in finding.items() if k not in drop}, sort_keys=True)
        for finding in findings
    )


# --------------------------------------------------------------------------- prefilter


def test_prefilter_by_family() -> None:
    plain = "Just prose about a river. No markup at all."
    assert not prefilter(plain, frozenset({"infobox"}))
    assert not prefilter(plain, frozenset({"cite", "ref"}))
    assert prefilter(plain, frozenset({"wt"}))
    assert prefilter(plain, frozenset({"infobox", "wt"}))
    assert prefilter(plain, frozenset({"made-up-family"}))  # unknown: never hide anything
    assert prefilter(plain, frozenset())

    for text in ("{{Infobox person}}", "{{ INFOBOX_person }}", "{{infobox}}", "{{基礎情報 人物}}"):
        assert prefilter(text, frozenset({"infobox"})), text
    for text in (
        "<REF>x</REF>",
        "{{Cite web}}",
        "{{ citation }}",
        "see https://x.org",
        "{{Reflist}}",
        "<references/>",
        "{{sfn|Smith|2001}}",
    ):
        assert prefilter(text, frozenset({"cite"})), text
        assert prefilter(text, frozenset({"ref"})), text
    assert not prefilter("{{Infobox person}}", frozenset({"cite"}))
    assert not prefilter("<ref>x</ref>", frozenset({"infobox"}))


def test_prefilter_extra_names_ignore_case_and_separators() -> None:
    names = ("Taxobox", "Thông tin nhân vật")
    infobox = frozenset({"infobox"})
    assert prefilter("{{taxobox\n| name = Aardvark}}", infobox, names)
    assert prefilter("{{Thông_tin_nhân_vật|tên=X}}", infobox, names)
    assert prefilter("{{THÔNG TIN NHÂN   VẬT}}", infobox, names)
    assert not prefilter("{{Navbox|list1=[[A]]}}", infobox, names)


# The infobox families of every language (infobox_names.yaml) are infoboxes on any wiki:
# the prefilter once knew only "infobox" and 基礎情報, and an infobox-only scan lost every
# finding of ukwiki's {{Картка країни}} and viwiki's {{Thông tin nhân vật}}.
@pytest.mark.parametrize(
    "text",
    [
        "{{Картка країни|назва=X}}",
        "{{Картка:Лідер|ім'я=X}}",
        "{{Thông tin nhân vật|tên=X}}",
        "{{Hộp thông tin quốc gia|tên=X}}",
        "{{Speciesbox|genus=Orycteropus}}",
        "{{Automatic taxobox|taxon=X}}",
        "{{Inligtingskas Persoon|naam=X}}",
        "{{Persoa info|nome=X}}",
    ],
)
def test_prefilter_knows_the_infobox_families_of_every_language(text: str) -> None:
    assert prefilter(text, frozenset({"infobox"})), text


#: An infobox word counts only where a template's name is written: after a ``{{`` with no
#: ``|`` between (comments left out).
INFOBOX_WORD = {
    "in a name": ("{{Infobox person|name=X}}", True),
    "after a namespace": ("{{Template:Infobox person|name=X}}", True),
    "after a comment with a pipe": ("{{<!-- a|b -->Infobox person|name=X}}", True),
    "in a comment and a name": ("<!-- the infobox -->{{Infobox person}}", True),
    "after an unclosed comment": ("<!-- x\n{{Infobox person|name=X}}", True),
    "in prose": ("The infobox was removed in 2010. {{Navbox|list=[[A]]}}", False),
    "in a parameter value": ("{{Cite web|title=An infobox guide|url=x}}", False),
    "in a comment (loose: passes)": ("<!-- {{Infobox person}} was here -->Text.", True),
    "in an url": ("{{Cite web|url=https://x.org/information|title=T}}", False),
}


@pytest.mark.parametrize("name", INFOBOX_WORD)
def test_prefilter_reads_infobox_words_in_template_names(name: str) -> None:
    text, passes = INFOBOX_WORD[name]
    assert prefilter(text, frozenset({"infobox"})) is passes


# --------------------------------------------------------------------------- local engine


def test_findings_carry_page_identity_and_are_jsonl(dumps: dict[str, list[Path]]) -> None:
    summary, findings = run(dumps["single"], jobs=1)
    assert findings
    for finding in findings:
        assert json.loads(json.dumps(finding)) == finding
        assert {"rule", "severity", "message", "line", "column"} <= finding.keys()
        assert isinstance(finding["title"], str) and finding["title"].startswith("Article ")
        assert isinstance(finding["page_id"], int)
        assert finding["revision_id"] == 100_000 + finding["page_id"]
    # Talk pages (ns 1) and redirects are not read by default.
    assert summary.pages_read == 60
    assert summary.findings == len(findings)
    assert summary.findings_by_rule == Counter(finding["rule"] for finding in findings)
    by_page = Counter(finding["title"] for finding in findings)
    expected_top = sorted(by_page.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert summary.top_pages == expected_top
    assert summary.bytes_read == dumps["single"][0].stat().st_size
    # a wikitext line with a ref starts at its real line and column
    article_0 = [f for f in findings if f["title"] == "Article 0" and f["rule"] == "ref-seen"]
    assert [(f["line"], f["column"]) for f in article_0] == [(4, 24)]


def test_prefilter_never_hides_a_finding(dumps: dict[str, list[Path]]) -> None:
    unfiltered, everything = run(dumps["single"], jobs=1)
    filtered, some = run(dumps["single"], jobs=1, families=frozenset({"infobox", "ref"}))
    assert as_multiset(some) == as_multiset(everything)
    assert filtered.pages_skipped > 0
    assert filtered.pages_parsed + filtered.pages_skipped == filtered.pages_read == 60
    assert unfiltered.pages_parsed == 60 and unfiltered.pages_skipped == 0
    # only the pages that passed the prefilter reached the page function
    _, checked = run(dumps["single"], every_page_finding, jobs=1, families=frozenset({"ref"}))
    assert len(checked) == filtered.pages_parsed
    assert not {f["title"] for f in checked} & {"Article 2", "Article 3", "Article 9"}


def test_one_job_and_two_jobs_agree(dumps: dict[str, list[Path]]) -> None:
    one, serial = run(dumps["single"], jobs=1)
    two, parallel = run(dumps["single"], jobs=2, batch_pages=7)
    assert as_multiset(parallel) == as_multiset(serial)
    assert one.to_dict() | {
        "elapsed": 0,
        "pages_per_second": 0,
        "mb_per_second": 0,
        "jobs": 0,
    } == two.to_dict() | {"elapsed": 0, "pages_per_second": 0, "mb_per_second": 0, "jobs": 0}
    assert json.loads(json.dumps(two.to_dict()))["pages_read"] == 60


def test_namespaces_and_redirects_are_options(dumps: dict[str, list[Path]]) -> None:
    summary, findings = run(
        dumps["single"], every_page_finding, jobs=1, namespaces=None, skip_redirects=False
    )
    titles = {finding["title"] for finding in findings}
    assert "Talk:Article 4" in titles and "Alias 5" in titles
    assert summary.pages_read == len(article_pages(60))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_slow_page_and_a_crash_become_findings(dumps: dict[str, list[Path]], jobs: int) -> None:
    # "Slow" sleeps 30 s; the limit cuts it short and says so.
    summary, findings = run(dumps["trouble"], troublesome, jobs=jobs, page_timeout=0.5)
    errors = {f["title"]: f for f in findings if f["rule"] == "scan-page-error"}
    assert set(errors) == {"Slow", "Crash"}
    assert errors["Slow"]["message"] == "page function timed out after 0.5 s"
    assert errors["Crash"]["message"] == "page function crashed: ValueError: boom"
    assert errors["Crash"]["severity"] == "error"
    assert (errors["Crash"]["line"], errors["Crash"]["column"]) == (1, 1)
    assert errors["Crash"]["page_id"] > 0 and errors["Crash"]["revision_id"] > 0
    assert summary.pages_failed == 2
    _, clean = run(dumps["single"], jobs=1)
    passed = [f for f in findings if f["rule"] != "scan-page-error"]
    assert as_multiset(passed, ids=False) == as_multiset(clean, ids=False)


def test_the_time_limit_works_outside_the_main_thread(dumps: dict[str, list[Path]]) -> None:
    # No signals there: the watchdog thread raises the timeout in the late thread.
    results: list[tuple] = []
    thread = threading.Thread(
        target=lambda: results.append(run(dumps["busy"], troublesome, jobs=1, page_timeout=0.25))
    )
    thread.start()
    thread.join(timeout=20)
    ((summary, findings),) = results
    errors = {f["title"]: f["message"] for f in findings if f["rule"] == "scan-page-error"}
    assert errors["Busy"] == "page function timed out after 0.25 s"
    assert summary.pages_failed == 2


def test_the_c_tokenizer_is_interrupted_by_the_time_limit(tmp_path: Path) -> None:
    rows = "".join(f"|-\n| a{i} || [[b{i}]] || {{{{c|{i}}}}} || ''d''\n" for i in range(60_000))
    path = tmp_path / "table.xml"
    write_dump([("Big table", "{|\n" + rows + "|}\n"), ("Small", "x")], path)
    summary, findings = run([path], parse_everything, jobs=1, page_timeout=0.2)
    # A full parse of this page takes seconds; the limit stops it and the scan goes on.
    assert [f["title"] for f in findings] == ["Big table"]
    assert "timed out" in findings[0]["message"]
    assert summary.pages_failed == 1


# A plain dump (batches of pages shipped to the workers) and a multistream one (the workers read
# byte ranges themselves): either way the page that kills a worker is the one reported.
@pytest.mark.parametrize(("dump", "options"), [("boom", {"batch_pages": 5}), ("boom-multi", {})])
def test_a_worker_that_dies_is_replaced(
    dumps: dict[str, list[Path]], dump: str, options: dict
) -> None:
    summary, findings = run(dumps[dump], troublesome, jobs=2, **options)
    errors = [f for f in findings if f["rule"] == "scan-page-error"]
    assert [(f["title"], f["message"]) for f in errors] == [
        ("Boom", "worker process died while checking this page")
    ]
    _, clean = run(dumps["single"], jobs=1)
    passed = [f for f in findings if f not in errors]
    assert as_multiset(passed, ids=False) == as_multiset(clean, ids=False)
    assert summary.pages_read == 61 and summary.pages_failed == 1
    assert summary.bytes_read == dumps[dump][0].stat().st_size


# --- a multistream dump with more than one job: the workers read byte ranges of it


def test_workers_reading_ranges_give_what_one_job_gives(
    dumps: dict[str, list[Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    one, serial = run(dumps["multi"], jobs=1)
    parallel: list[dict] = []
    two = scan(dumps["multi"], ref_and_infobox_findings, jobs=2, on_finding=parallel.append)
    loud = scan(dumps["multi"], ref_and_infobox_findings, jobs=2, progress=True)
    assert loud.findings == two.findings and "scan" in capsys.readouterr().err
    assert as_multiset(parallel) == as_multiset(serial)
    ignored = {"elapsed": 0, "pages_per_second": 0, "mb_per_second": 0, "jobs": 0}
    assert one.to_dict() | ignored == two.to_dict() | ignored
    assert two.bytes_read == dumps["multi"][0].stat().st_size and two.pages_read == 60


def test_workers_reading_ranges_prefilter_and_count_alike(dumps: dict[str, list[Path]]) -> None:
    families = frozenset({"ref"})
    one, serial = run(dumps["multi"], every_page_finding, jobs=1, families=families)
    two, parallel = run(dumps["multi"], every_page_finding, jobs=2, families=families)
    assert as_multiset(parallel) == as_multiset(serial)
    assert (two.pages_read, two.pages_parsed, two.pages_skipped) == (
        one.pages_read,
        one.pages_parsed,
        one.pages_skipped,
    )
    assert two.pages_skipped > 0


def test_a_broken_stream_costs_its_range_only(dumps: dict[str, list[Path]], tmp_path: Path) -> None:
    source = dumps["multi"][0]
    path = tmp_path / source.name
    index = tmp_path / source.name.replace("multistream.xml", "multistream-index.txt")
    index.write_bytes(source.with_name(index.name).read_bytes())
    offsets = stream_offsets(index)
    data = bytearray(source.read_bytes())
    middle = (offsets[5] + offsets[6]) // 2
    data[middle : middle + 8] = b"\xff" * 8  # the sixth page stream cannot be decompressed
    path.write_bytes(bytes(data))
    summary, findings = run([path], every_page_finding, jobs=2)
    assert len(summary.errors) == 1 and "cannot decompress" in summary.errors[0]
    assert 60 - 12 <= summary.pages_read < 60  # a range is a stream or two here
    assert len(findings) == summary.pages_read


def test_a_damaged_page_in_a_range_is_reported(
    dumps: dict[str, list[Path]], tmp_path: Path
) -> None:
    """The fifth page stream gets an unknown tag in its first page, and is compressed again;
    the index follows the streams after it."""
    source = dumps["multi"][0]
    index_name = source.name.replace("multistream.xml", "multistream-index.txt")
    offsets = stream_offsets(source.with_name(index_name))
    data = source.read_bytes()
    start, end = offsets[4], offsets[5]
    stream = bz2.decompress(data[start:end]).replace(b"</title>", b"</title><x/>", 1)
    stream = bz2.compress(stream)
    path = tmp_path / source.name
    path.write_bytes(data[:start] + stream + data[end:])
    shift = len(stream) - (end - start)
    lines = bz2.decompress(source.with_name(index_name).read_bytes()).decode().splitlines()
    moved = []
    for line in lines:
        offset, rest = line.split(":", 1)
        moved.append(f"{int(offset) + shift if int(offset) > start else offset}:{rest}\n")
    (tmp_path / index_name).write_bytes(bz2.compress("".join(moved).encode()))

    one, serial = run([path], jobs=1)
    two, parallel = run([path], jobs=2)
    assert as_multiset(parallel) == as_multiset(serial)
    errors = [f for f in parallel if f["rule"] == "scan-page-error"]
    assert len(errors) == 1
    assert errors[0]["message"] == "unreadable page: an unexpected tag in a <page>: <x>"
    assert two.pages_unreadable == one.pages_unreadable == 1
    assert two.pages_read == one.pages_read and two.errors == []


def test_an_index_that_does_not_match_reads_the_dump_whole(
    dumps: dict[str, list[Path]], tmp_path: Path
) -> None:
    path = tmp_path / "wiki-multistream.xml.bz2"
    path.write_bytes(dumps["multi"][0].read_bytes())
    other = tmp_path / "other-multistream.xml.bz2"
    index = tmp_path / "wiki-multistream-index.txt.bz2"
    write_multistream(article_pages(60), other, index, pages_per_stream=5)
    _, serial = run(dumps["multi"], jobs=1)
    summary, parallel = run([path], jobs=2)
    assert as_multiset(parallel) == as_multiset(serial)
    assert summary.errors == [] and summary.pages_read == 60


def test_a_partial_page_function_works(dumps: dict[str, list[Path]]) -> None:
    page_fn = functools.partial(troublesome, sleep=0.01)
    _, findings = run(dumps["trouble"], page_fn, jobs=2)
    assert [f["title"] for f in findings if f["rule"] == "scan-page-error"] == ["Crash"]


def test_progress_bar_does_not_change_the_result(
    dumps: dict[str, list[Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    quiet, findings = run(dumps["single"], jobs=1)
    loud = scan(dumps["single"], ref_and_infobox_findings, jobs=1, progress=True)
    assert loud.findings == quiet.findings == len(findings)
    assert "scan" in capsys.readouterr().err


# --------------------------------------------------------------------------- dask engine


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as local_cluster:
        yield local_cluster


@pytest.mark.parametrize("layout", ["multi", "files"])
def test_dask_gives_what_local_gives(dumps: dict[str, list[Path]], cluster, layout: str) -> None:
    local, expected = run(dumps[layout], jobs=2)
    remote, findings = run(dumps[layout], engine="dask", scheduler=cluster.scheduler_address)
    assert as_multiset(findings) == as_multiset(expected)
    for name in (
        "pages_read",
        "pages_parsed",
        "pages_skipped",
        "findings",
        "bytes_read",
        "bytes_text",
        "findings_by_rule",
        "top_pages",
    ):
        assert getattr(remote, name) == getattr(local, name), name
    assert remote.engine == "dask" and remote.jobs == 2


def test_dask_prefilter_and_time_limit(dumps: dict[str, list[Path]], cluster) -> None:
    families = frozenset({"ref"})
    _, expected = run(dumps["busy"], troublesome, jobs=1, page_timeout=0.5, families=families)
    summary, findings = run(
        dumps["busy"],
        troublesome,
        engine="dask",
        scheduler=cluster.scheduler_address,
        page_timeout=0.5,
        families=families,
    )
    assert as_multiset(findings) == as_multiset(expected)
    errors = {f["title"]: f["message"] for f in findings if f["rule"] == "scan-page-error"}
    assert errors == {
        "Busy": "page function timed out after 0.5 s",
        "Crash": "page function crashed: ValueError: boom",
    }
    assert summary.pages_skipped > 0


def test_dask_starts_its_own_cluster(dumps: dict[str, list[Path]]) -> None:
    local, expected = run(dumps["multi"], jobs=1)
    summary, findings = run(dumps["multi"], engine="dask", jobs=2)
    assert as_multiset(findings) == as_multiset(expected)
    assert isinstance(summary, ScanSummary) and summary.pages_read == local.pages_read


def test_unknown_engine_is_refused(dumps: dict[str, list[Path]]) -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        scan(dumps["single"], ref_and_infobox_findings, engine="spark")  # type: ignore[arg-type]


# --- the progress bar counts the work done, not the bytes read --------------------------------


def test_progress_counts_the_checks_not_the_reader():
    """The reader runs ahead of the workers: with 100 pages read, 10 skipped by the prefilter
    and 40 checked, half the work is done, whatever the bytes read say."""
    from wikibox.scan.summary import Tally, work_done

    tally = Tally(pages_read=100, pages_skipped=10, pages_checked=40)
    assert work_done(1_000_000, tally) == 500_000
    assert work_done(1_000_000, Tally()) == 0
    tally.merge(Tally(pages_checked=50))
    assert work_done(1_000_000, tally) == 1_000_000


def test_every_checked_page_is_counted_once():
    from wikibox.scan.deadline import deadline_here
    from wikibox.scan.pages import ScanSettings, run_batch

    pages = [PageRecord(f"P{i}", i, 100 + i, 0, f"Text {i}.", None, "test", None) for i in range(5)]
    settings = ScanSettings(page_timeout=None)
    findings, tally = run_batch(lambda page: [], pages, settings, deadline_here())
    assert findings == [] and tally.pages_checked == 5
