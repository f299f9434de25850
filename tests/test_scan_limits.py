"""The scan's page time limit (issue #17): it works on Dask even when the first timeout lands in
a ``__del__`` or a GC callback, it scales with the page's size, a page that timed out under load
is tried again alone before it is reported, and nonsense limits are refused.

The page functions are top-level functions of this module, so worker processes can import them.
"""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.dump.reader import PageRecord
from wikibox.dump.writer import write_dump
from wikibox.scan.deadline import PageTimeout, ThreadDeadline
from wikibox.scan.pages import ScanSettings
from wikibox.scan.run import scan


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


class _SlowToDelete:
    """Its ``__del__`` spins: an exception raised in there is swallowed by Python, as one raised
    in distributed's GC callbacks is."""

    def __del__(self) -> None:
        _spin(0.2)


def swallows_the_first_timeout(page: PageRecord) -> list[dict]:
    for _ in range(15):
        item = _SlowToDelete()
        del item  # most of the time is spent in __del__, where the first timeout lands
        _spin(0.1)
    return []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_the_thread_deadline_survives_a_timeout_swallowed_in_del():
    page = PageRecord("P", 1, 1, 0, "text", None, "", None)
    outcome: list[str] = []

    def in_a_thread() -> None:
        deadline = ThreadDeadline()
        try:
            deadline.call(swallows_the_first_timeout, page, 0.1)
            outcome.append("returned")
        except PageTimeout:
            outcome.append("timed out")
        _spin(0.3)  # no late timeout arrives after the call
        outcome.append("after")

    thread = threading.Thread(target=in_a_thread)
    thread.start()
    thread.join(timeout=30)
    assert outcome == ["timed out", "after"]


_MARKERS: dict[str, Path] = {}


def slow_the_first_time(page: PageRecord, *, marker_dir: str) -> list[dict]:
    """Slow on the first call for a page (as under load), fast on the second."""
    marker = Path(marker_dir) / f"{page.page_id}.seen"
    if page.title == "Slow once" and not marker.exists():
        marker.write_text("x")
        time.sleep(30)
    return [{"rule": "seen", "severity": "info", "message": "", "line": 1, "column": 1}]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_that_timed_out_is_tried_again_alone_before_it_is_reported(tmp_path, jobs):
    dump = tmp_path / "pages.xml"
    write_dump([("Quick", "a"), ("Slow once", "b"), ("Other", "c")], dump)
    markers = tmp_path / "markers"
    markers.mkdir()
    found: list[dict] = []
    summary = scan(
        [dump],
        functools.partial(slow_the_first_time, marker_dir=str(markers)),
        jobs=jobs,
        page_timeout=0.5,
        on_finding=found.append,
    )
    assert sorted(f["title"] for f in found) == ["Other", "Quick", "Slow once"]
    assert {f["rule"] for f in found} == {"seen"}
    assert summary.pages_failed == 0 and summary.findings == 3


def sleeps_half_a_second(page: PageRecord) -> list[dict]:
    time.sleep(0.5)
    return [{"rule": "seen", "severity": "info", "message": "", "line": 1, "column": 1}]


def test_the_limit_scales_with_the_size_of_the_page(tmp_path):
    dump = tmp_path / "pages.xml"
    write_dump([("Small", "x"), ("Large", "x" * 400_000)], dump)
    found: list[dict] = []
    scan(
        [dump],
        sleeps_half_a_second,
        jobs=1,
        page_timeout=0.2,
        timeout_per_million=2.0,  # the large page gets 0.2 + 0.8 s
        on_finding=found.append,
    )
    outcome = {f["title"]: f["rule"] for f in found}
    assert outcome == {"Small": "scan-page-error", "Large": "seen"}


def test_limit_for_a_page():
    settings = ScanSettings(page_timeout=2.0, timeout_per_million=20.0)
    page = PageRecord("P", 1, 1, 0, "x" * 500_000, None, "", None)
    assert settings.limit_for(page) == pytest.approx(12.0)
    assert ScanSettings(page_timeout=None, timeout_per_million=20.0).limit_for(page) is None


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "-inf"])
def test_nonsense_time_limits_are_usage_errors(tmp_path, value):
    dump = tmp_path / "pages.xml"
    write_dump([("A", "a")], dump)
    result = CliRunner().invoke(main, ["scan", str(dump), "--timeout", value])
    assert result.exit_code == 2
    assert "--timeout" in result.output and "Traceback" not in result.output
    with pytest.raises(ValueError, match="page_timeout"):
        scan([dump], sleeps_half_a_second, page_timeout=float(value))


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_dask_time_limit_survives_a_swallowed_timeout(tmp_path):
    pytest.importorskip("distributed")
    dump = tmp_path / "pages.xml"
    write_dump([("Swallower", "a")], dump)
    found: list[dict] = []
    summary = scan(
        [dump],
        swallows_the_first_timeout,
        engine="dask",
        jobs=1,
        page_timeout=0.1,
        on_finding=found.append,
    )
    assert [f["rule"] for f in found] == ["scan-page-error"]
    assert "timed out" in found[0]["message"]
    assert summary.pages_failed == 1
