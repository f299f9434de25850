"""Run the page function on one page or a batch, and turn what goes wrong into findings.

This is what both engines do in their workers.  The page function's findings get the page's
``title``, ``page_id`` and ``revision_id`` when they lack them; a page whose call timed out
(:mod:`wikibox.deadline`) or raised becomes one ``scan-page-error`` finding, so one bad page never
stops a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from pathlib import Path

from wikibox.dump.multistream import RangeReader
from wikibox.dump.reader import DEFAULT_NAMESPACES, DumpReader, PageRecord
from wikibox.errors import InputError
from wikibox.lint.prefilter import prefilter
from wikibox.scan.deadline import AlarmDeadline, PageTimeout, ThreadDeadline, deadline_here
from wikibox.scan.summary import Tally

__all__ = ["PAGE_ERROR_RULE", "PageFunction"]

PageFunction = Callable[[PageRecord], list[dict]]

PAGE_ERROR_RULE = "scan-page-error"


@dataclass(frozen=True)
class ScanSettings:
    """What a worker needs besides the pages: small and picklable."""

    page_timeout: float | None
    #: More seconds per million characters of the page: the limit scales with its size.
    timeout_per_million: float = 0.0
    namespaces: Set[int] | None = DEFAULT_NAMESPACES
    skip_redirects: bool = True
    families: Set[str] | None = None
    extra_names: tuple[str, ...] = ()

    def limit_for(self, page: PageRecord) -> float | None:
        """The seconds ``page`` may take (None: no limit)."""
        if not self.page_timeout:
            return None
        return self.page_timeout + self.timeout_per_million * len(page.text) / 1e6


def wanted(page: PageRecord, settings: ScanSettings, tally: Tally) -> bool:
    """Count a page read and whether the prefilter lets it through (a damaged page always
    goes on, to be reported)."""
    tally.pages_read += 1
    tally.bytes_text += len(page.text.encode("utf-8"))
    families = settings.families
    if (
        page.damage is None
        and families is not None
        and not prefilter(page.text, families, settings.extra_names)
    ):
        tally.pages_skipped += 1
        return False
    tally.pages_parsed += 1
    return True


def error_finding(page: PageRecord, message: str) -> dict:
    return {
        "rule": PAGE_ERROR_RULE,
        "severity": "error",
        "message": message,
        "line": 1,
        "column": 1,
        "title": page.title,
        "page_id": page.page_id,
        "revision_id": page.revision_id,
    }


def run_page_function(
    page_fn: PageFunction,
    page: PageRecord,
    timeout: float | None,
    deadline: AlarmDeadline | ThreadDeadline,
) -> tuple[list[dict], str]:
    """Run the page function on one page: its findings and the outcome, one of ``"ok"``,
    ``"failed"`` (it raised), ``"timeout"`` or ``"unreadable"`` (``page.damage``: the dump
    reader could not read it, so it is reported, not run)."""
    if page.damage is not None:
        return [error_finding(page, f"unreadable page: {page.damage}")], "unreadable"
    try:
        result = deadline.call(page_fn, page, timeout) if timeout else page_fn(page)
        findings = list(result or ())
        for finding in findings:
            if not isinstance(finding, dict):
                raise TypeError(f"the page function returned a {type(finding).__name__}")
    except PageTimeout:
        seconds = f"{timeout:.1f}" if round(timeout or 0, 1) == timeout else f"{timeout:g}"
        return [error_finding(page, f"page function timed out after {seconds} s")], "timeout"
    except Exception as error:
        message = f"page function crashed: {type(error).__name__}: {error}"
        return [error_finding(page, message)], "failed"
    for finding in findings:
        finding.setdefault("title", page.title)
        finding.setdefault("page_id", page.page_id)
        finding.setdefault("revision_id", page.revision_id)
    return findings, "ok"


def check_one(
    page_fn: PageFunction,
    page: PageRecord,
    settings: ScanSettings,
    deadline: AlarmDeadline | ThreadDeadline,
    tally: Tally,
    *,
    last_try: bool = False,
) -> list[dict]:
    """Check one page and count it; its findings.

    A page that timed out is not reported yet (unless ``last_try``): it goes to
    ``tally.timed_out``, to be tried once more with nothing else running
    (:func:`retry_timed_out`), so that a page that is slow only under load is still checked."""
    findings, outcome = run_page_function(page_fn, page, settings.limit_for(page), deadline)
    if outcome == "timeout" and not last_try:
        tally.timed_out.append(page)
        tally.pages_checked += 1  # its work is done for now: the bar must not wait for it
        return []
    if not last_try:
        tally.pages_checked += 1
    if outcome == "unreadable":
        tally.pages_unreadable += 1
    elif outcome != "ok":
        tally.pages_failed += 1
    tally.add_page(page.title, findings)
    return findings


def dump_reader(
    settings: ScanSettings,
    path: Path | str,
    start: int | None = None,
    end: int | None = None,
    header: bytes | None = None,
) -> DumpReader | RangeReader:
    """The reader of a whole dump, or of the bz2 streams ``[start, end)`` of a multistream dump
    (``header`` is its first stream), with the scan's filters; damaged pages are yielded to be
    reported."""
    filters = {"namespaces": settings.namespaces, "skip_redirects": settings.skip_redirects}
    if start is None or end is None or header is None:
        return DumpReader(path, **filters, damaged=True)
    return RangeReader(path, start, end, header, **filters, damaged=True)


def read_and_check(
    reader: DumpReader | RangeReader,
    page_fn: PageFunction,
    settings: ScanSettings,
    deadline: AlarmDeadline | ThreadDeadline,
) -> tuple[list[dict], Tally]:
    """Read pages and check the ones the prefilter lets through, all in this process: what a
    Dask task does, and a local worker given a byte range of a multistream dump.

    Damage that ends the read (a cut-off file) goes to ``tally.errors``; the findings so far
    are returned all the same."""
    findings: list[dict] = []
    tally = Tally()
    try:
        for page in reader:
            if wanted(page, settings, tally):
                findings += check_one(page_fn, page, settings, deadline, tally)
    except InputError as error:
        tally.errors.append(str(error))
    tally.bytes_read = reader.bytes_read
    return findings, tally


def run_batch(
    page_fn: PageFunction,
    pages: list[PageRecord],
    settings: ScanSettings,
    deadline: AlarmDeadline | ThreadDeadline,
) -> tuple[list[dict], Tally]:
    findings: list[dict] = []
    tally = Tally()
    for page in pages:
        findings += check_one(page_fn, page, settings, deadline, tally)
    return findings, tally


def retry_timed_out(
    page_fn: PageFunction,
    settings: ScanSettings,
    tally: Tally,
    emit: Callable[[list[dict]], None],
) -> None:
    """Try each page that timed out once more, one at a time in this process, after every
    worker is done; a page that times out again is reported."""
    pages, tally.timed_out = tally.timed_out, []
    if not pages:
        return
    deadline = deadline_here()
    if isinstance(deadline, AlarmDeadline):
        deadline.install()
    try:
        for page in pages:
            emit(check_one(page_fn, page, settings, deadline, tally, last_try=True))
    finally:
        if isinstance(deadline, AlarmDeadline):
            deadline.uninstall()
