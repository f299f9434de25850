"""Run the page function on one page or a batch, and turn what goes wrong into findings.

This is what both engines do in their workers.  The page function's findings get the page's
``title``, ``page_id`` and ``revision_id`` when they lack them; a page whose call timed out
(:mod:`wikibox.deadline`) or raised becomes one ``scan-page-error`` finding, so one bad page never
stops a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass

from wikibox.dump.reader import DEFAULT_NAMESPACES, PageRecord
from wikibox.lint.prefilter import prefilter
from wikibox.scan.deadline import AlarmDeadline, PageTimeout, ThreadDeadline
from wikibox.scan.summary import Tally

__all__ = ["PAGE_ERROR_RULE", "PageFunction"]

PageFunction = Callable[[PageRecord], list[dict]]

PAGE_ERROR_RULE = "scan-page-error"


@dataclass(frozen=True)
class ScanSettings:
    """What a worker needs besides the pages: small and picklable."""

    page_timeout: float | None
    namespaces: Set[int] | None = DEFAULT_NAMESPACES
    skip_redirects: bool = True
    families: Set[str] | None = None
    extra_names: tuple[str, ...] = ()


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
) -> tuple[list[dict], bool]:
    """Run the page function on one page: (findings, failed).

    A page the dump reader could not read (``page.damage``) is not run: it is reported."""
    if page.damage is not None:
        return [error_finding(page, f"unreadable page: {page.damage}")], True
    try:
        result = deadline.call(page_fn, page, timeout) if timeout else page_fn(page)
        findings = list(result or ())
        for finding in findings:
            if not isinstance(finding, dict):
                raise TypeError(f"the page function returned a {type(finding).__name__}")
    except PageTimeout:
        seconds = f"{timeout:.1f}" if round(timeout or 0, 1) == timeout else f"{timeout:g}"
        return [error_finding(page, f"page function timed out after {seconds} s")], True
    except Exception as error:
        message = f"page function crashed: {type(error).__name__}: {error}"
        return [error_finding(page, message)], True
    for finding in findings:
        finding.setdefault("title", page.title)
        finding.setdefault("page_id", page.page_id)
        finding.setdefault("revision_id", page.revision_id)
    return findings, False


def run_batch(
    page_fn: PageFunction,
    pages: list[PageRecord],
    timeout: float | None,
    deadline: AlarmDeadline | ThreadDeadline,
) -> tuple[list[dict], Tally]:
    findings: list[dict] = []
    tally = Tally()
    for page in pages:
        page_findings, failed = run_page_function(page_fn, page, timeout, deadline)
        if page.damage is not None:
            tally.pages_unreadable += 1
        else:
            tally.pages_failed += failed
        tally.add_page(page.title, page_findings)
        findings += page_findings
    return findings, tally
