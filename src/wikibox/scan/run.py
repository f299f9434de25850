"""Run a per-page function over whole dumps, on every core or on a Dask cluster.

The page function (``PageFunction``) is what ``wikibox check`` does to one page; the scan only
reads, filters, ships and counts.  It must be a picklable top-level function (or a
``functools.partial`` of one), because it runs in other processes.

Engines
    ``local`` (:mod:`wikibox.scan_local`): the main process reads the dump and drops the pages the
    prefilter (:mod:`wikibox.prefilter`) rules out, then ships batches of pages to a process pool
    of ``jobs`` workers; a multistream dump with its index is handed to the workers as byte
    ranges instead, which they read themselves.  ``jobs=1`` runs everything in this process
    (easiest to debug).

    ``dask`` (:mod:`wikibox.scan_dask`): workers read the dump themselves, so nothing page-sized
    crosses the client.  A multistream dump with its index next to it is cut into byte ranges of
    whole bz2 streams; any other dump file is one task.

Each call of the page function has a time limit (:mod:`wikibox.deadline`).  A page that timed out
or raised becomes a ``scan-page-error`` finding (:mod:`wikibox.scan_pages`).  A local worker
process that dies (a segfault, ``os._exit``) is replaced, and the pages that were in flight are
re-run one at a time so the one that kills it is reported and the others are checked; on Dask, a
task whose worker dies is retried by Dask and finally fails the scan with ``KilledWorker``.
Counts, the summary and the progress bar are in :mod:`wikibox.scan_summary`.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence, Set
from pathlib import Path
from typing import Literal

from wikibox.dump.reader import DEFAULT_NAMESPACES
from wikibox.lint.prefilter import prefilter
from wikibox.scan.dask_engine import scan_dask
from wikibox.scan.deadline import PageTimeout
from wikibox.scan.local import scan_local
from wikibox.scan.pages import PAGE_ERROR_RULE, PageFunction, ScanSettings, retry_timed_out
from wikibox.scan.summary import ScanProgress, ScanSummary, Tally

__all__ = [
    "PAGE_ERROR_RULE",
    "PageFunction",
    "PageTimeout",
    "ScanSummary",
    "prefilter",
    "scan",
]


def scan(
    sources: Sequence[Path | str],
    page_fn: PageFunction,
    *,
    jobs: int | None = None,
    batch_pages: int = 1000,
    batch_bytes: int = 2_000_000,
    namespaces: Set[int] | None = DEFAULT_NAMESPACES,
    skip_redirects: bool = True,
    families: Set[str] | None = None,
    extra_names: Iterable[str] = (),
    page_timeout: float | None = 1.0,
    timeout_per_million: float = 0.0,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
    on_finding: Callable[[dict], None] | None = None,
) -> ScanSummary:
    """Run ``page_fn`` on the latest revision of every page of the dumps.

    ``families=None`` checks every page; a set of families (see :func:`prefilter`) skips the
    pages that cannot give a finding for them.  ``extra_names`` are more infobox-like template
    names for the prefilter.  ``page_timeout`` (seconds; ``None`` or 0 for none) limits each
    call of ``page_fn``, plus ``timeout_per_million`` seconds per million characters of the
    page; a page that times out is tried once more, alone, after the others, before it is
    reported.  Findings go to ``on_finding`` as they arrive (in no fixed order), each
    with ``title``, ``page_id`` and ``revision_id`` added when missing.  ``progress=None`` shows a
    progress bar only when stderr is a terminal.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}; expected 'local' or 'dask'")
    for name, value in (
        ("page_timeout", page_timeout),
        ("timeout_per_million", timeout_per_million),
    ):
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite number of seconds >= 0, not {value!r}")
    jobs = max(1, jobs or os.cpu_count() or 1)
    paths = [Path(source).resolve() for source in sources]
    settings = ScanSettings(
        page_timeout=page_timeout or None,
        timeout_per_million=timeout_per_million,
        namespaces=frozenset(namespaces) if namespaces is not None else None,
        skip_redirects=skip_redirects,
        families=frozenset(families) if families is not None else None,
        extra_names=tuple(extra_names),
    )
    if progress is None:
        progress = sys.stderr.isatty()
    started = time.perf_counter()
    tally = Tally()

    def emit(findings: list[dict]) -> None:
        if on_finding is not None:
            for finding in findings:
                on_finding(finding)

    total = sum(path.stat().st_size for path in paths if path.exists())
    bar = ScanProgress(progress, total)
    try:
        if engine == "dask":
            jobs = scan_dask(paths, page_fn, settings, jobs, scheduler, tally, emit, bar)
        else:
            batching = (batch_pages, batch_bytes)
            scan_local(paths, page_fn, settings, jobs, batching, tally, emit, bar)
        retry_timed_out(page_fn, settings, tally, emit)
        bar.update(total, tally)
    finally:
        bar.close()
    return ScanSummary.from_tally(tally, time.perf_counter() - started, engine, jobs)
