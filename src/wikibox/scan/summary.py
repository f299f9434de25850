"""What a scan counts and shows: tallies that add up across batches, the summary, the progress bar.

Counts are kept in a :class:`Tally` per batch or Dask task, small enough to ship back from a
worker and merged in the main process; :class:`ScanSummary` is what is left at the end, for the
CLI's last lines and ``--json``.
"""

from __future__ import annotations

import heapq
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ScanSummary"]

_TOP_PAGES = 10


@dataclass
class Tally:
    """Counts that add up across batches, tasks and sources."""

    pages_read: int = 0
    pages_parsed: int = 0
    pages_skipped: int = 0
    pages_failed: int = 0
    pages_unreadable: int = 0
    #: Pages whose check is over (their results are back): the progress bar's count.
    pages_checked: int = 0
    bytes_read: int = 0
    bytes_text: int = 0
    findings: int = 0
    findings_by_rule: Counter[str] = field(default_factory=Counter)
    top_pages: list[tuple[int, str]] = field(default_factory=list)  # (-count, title)
    #: Damage that ended the read of a dump (a cut-off file), after its pages so far.
    errors: list[str] = field(default_factory=list)
    #: Pages that timed out, waiting for their second try (dump records: picklable).
    timed_out: list[Any] = field(default_factory=list)

    def add_page(self, title: str, findings: list[dict]) -> None:
        self.findings += len(findings)
        self.findings_by_rule.update(str(finding.get("rule", "?")) for finding in findings)
        if findings:
            self.top_pages.append((-len(findings), title))
            if len(self.top_pages) > 8 * _TOP_PAGES:
                self.top_pages = heapq.nsmallest(_TOP_PAGES, self.top_pages)

    def merge(self, other: Tally) -> None:
        for name in (
            "pages_read",
            "pages_parsed",
            "pages_skipped",
            "pages_failed",
            "pages_unreadable",
            "pages_checked",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.bytes_read += other.bytes_read
        self.bytes_text += other.bytes_text
        self.findings += other.findings
        self.findings_by_rule.update(other.findings_by_rule)
        self.top_pages = heapq.nsmallest(_TOP_PAGES, self.top_pages + other.top_pages)
        self.errors += other.errors
        self.timed_out += other.timed_out


@dataclass
class ScanSummary:
    """What a scan did, for the CLI's last lines and for ``--json``."""

    pages_read: int
    pages_parsed: int
    pages_skipped: int
    pages_failed: int
    findings: int
    findings_by_rule: Counter[str]
    top_pages: list[tuple[str, int]]
    elapsed: float
    bytes_read: int
    bytes_text: int
    pages_per_second: float
    mb_per_second: float
    engine: str = "local"
    jobs: int = 1
    pages_unreadable: int = 0
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_tally(cls, tally: Tally, elapsed: float, engine: str, jobs: int) -> ScanSummary:
        seconds = max(elapsed, 1e-9)
        return cls(
            pages_read=tally.pages_read,
            pages_parsed=tally.pages_parsed,
            pages_skipped=tally.pages_skipped,
            pages_failed=tally.pages_failed,
            findings=tally.findings,
            findings_by_rule=Counter(tally.findings_by_rule),
            top_pages=[(title, -count) for count, title in sorted(tally.top_pages)[:_TOP_PAGES]],
            elapsed=elapsed,
            bytes_read=tally.bytes_read,
            bytes_text=tally.bytes_text,
            pages_per_second=tally.pages_read / seconds,
            mb_per_second=tally.bytes_text / 1e6 / seconds,
            engine=engine,
            jobs=jobs,
            pages_unreadable=tally.pages_unreadable,
            errors=list(tally.errors),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (``MB`` is 10^6 bytes of UTF-8 wikitext)."""
        return {
            "pages_read": self.pages_read,
            "pages_parsed": self.pages_parsed,
            "pages_skipped": self.pages_skipped,
            "pages_failed": self.pages_failed,
            "pages_unreadable": self.pages_unreadable,
            "findings": self.findings,
            "findings_by_rule": dict(sorted(self.findings_by_rule.items())),
            "top_pages": [[title, count] for title, count in self.top_pages],
            "elapsed": round(self.elapsed, 3),
            "bytes_read": self.bytes_read,
            "bytes_text": self.bytes_text,
            "pages_per_second": round(self.pages_per_second, 1),
            "mb_per_second": round(self.mb_per_second, 3),
            "engine": self.engine,
            "jobs": self.jobs,
            "errors": list(self.errors),
        }


def work_done(bytes_read: int, tally: Tally) -> int:
    """How much of the dump's bytes the *checks* have got through, not just the reader.

    The reader runs ahead of the workers (batches wait in flight), so the bytes read overstate
    the work done: they are scaled by the share of pages read whose check is over (skipped by
    the prefilter, or checked)."""
    if not tally.pages_read:
        return 0
    over = min(tally.pages_read, tally.pages_skipped + tally.pages_checked)
    return bytes_read * over // tally.pages_read


class ScanProgress:
    """A rich progress bar on stderr over the dump's bytes, as far as the checks got, with the
    pages checked out of the pages read; or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._bar = None
        self._started = time.perf_counter()
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("scan"),
            BarColumn(),
            TextColumn("{task.fields[checked]:,}/{task.fields[read]:,} pages checked"),
            TextColumn("{task.fields[rate]:,.0f} pages/s"),
            TextColumn("{task.fields[findings]:,} findings"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=False,
        )
        self._task = self._bar.add_task(
            "scan", total=total, rate=0.0, findings=0, checked=0, read=0
        )
        self._bar.start()

    def update(self, bytes_done: int, tally: Tally) -> None:
        if self._bar is not None:
            checked = tally.pages_skipped + tally.pages_checked
            rate = checked / max(time.perf_counter() - self._started, 1e-9)
            self._bar.update(
                self._task,
                completed=work_done(bytes_done, tally),
                rate=rate,
                findings=tally.findings,
                checked=checked,
                read=tally.pages_read,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
