"""The local scan engine: read in the main process, check on every core of this machine.

The main process reads the dump and drops the pages the prefilter rules out, then ships batches of
pages (a few MB of text each) to a ``ProcessPoolExecutor`` of ``jobs`` workers.  At most
``2 × jobs`` batches are in flight, so memory does not grow with the dump.  ``jobs=1`` runs
everything in this process (easiest to debug).  A worker process that dies (a segfault,
``os._exit``) is replaced, and the pages that were in flight are re-run one at a time so the one
that kills it is reported and the others are checked.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence, Set
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from wikibox.dump.reader import DumpReader, PageRecord
from wikibox.errors import InputError
from wikibox.scan.deadline import AlarmDeadline, deadline_here
from wikibox.scan.pages import PageFunction, ScanSettings, error_finding, run_batch, wanted
from wikibox.scan.summary import ScanProgress, Tally

# Worker-process state, set once by the pool initializer (one page function per pool).
_WORKER: dict[str, Any] = {}


def _init_worker(page_fn: PageFunction, settings: ScanSettings) -> None:
    deadline = AlarmDeadline()
    deadline.install()
    _WORKER.update(page_fn=page_fn, settings=settings, deadline=deadline)


def _worker_batch(pages: list[PageRecord]) -> tuple[list[dict], Tally]:
    return run_batch(_WORKER["page_fn"], pages, _WORKER["settings"], _WORKER["deadline"])


def _read_batches(
    sources: Sequence[Path],
    settings: ScanSettings,
    tally: Tally,
    batch_pages: int,
    batch_bytes: int,
    on_progress: Callable[[int], None],
) -> Iterator[list[PageRecord]]:
    """Read every source, count and prefilter pages, and group the survivors in batches.

    A dump whose read ends in damage (a cut-off file) is noted in ``tally.errors`` after its
    pages so far are batched, and the next source is read."""
    done = 0
    batch: list[PageRecord] = []
    size = 0
    for path in sources:
        reader = DumpReader(
            path,
            namespaces=settings.namespaces,
            skip_redirects=settings.skip_redirects,
            damaged=True,
        )
        try:
            for page in reader:
                if tally.pages_read % 256 == 255:
                    on_progress(done + reader.bytes_read)
                if not wanted(page, settings, tally):
                    continue
                batch.append(page)
                size += len(page.text.encode("utf-8"))
                if len(batch) >= batch_pages or size >= batch_bytes:
                    on_progress(done + reader.bytes_read)
                    yield batch
                    batch, size = [], 0
        except InputError as error:
            tally.errors.append(str(error))
        done += reader.bytes_read
        tally.bytes_read += reader.bytes_read
        on_progress(done)
    if batch:
        yield batch


class _Pool:
    """A process pool that survives the death of a worker.

    When a worker dies, every batch in flight is lost; their pages are re-run one at a time
    (``suspects``), so the page that kills a worker is found and reported, and the others are
    checked as usual.
    """

    def __init__(self, jobs: int, page_fn: PageFunction, settings: ScanSettings) -> None:
        self._args = (jobs, page_fn, settings)
        self._executor = self._start()
        self._pending: dict[cf.Future, tuple[list[PageRecord], bool]] = {}
        self._suspects: deque[PageRecord] = deque()
        self.max_in_flight = 2 * jobs

    def _start(self) -> cf.ProcessPoolExecutor:
        jobs, page_fn, settings = self._args
        # forkserver, not fork: the parent may have threads (rich, Dask) that fork would copy
        # in the middle of holding a lock.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        return cf.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(page_fn, settings),
        )

    def run(self, batches: Iterator[list[PageRecord]]) -> Iterator[tuple[list[dict], Tally]]:
        exhausted = False
        try:
            while True:
                while not exhausted and not self._suspects and self._room():
                    batch = next(batches, None)
                    if batch is None:
                        exhausted = True
                    else:
                        self._submit(batch, isolated=False)
                if self._suspects and not self._pending:
                    self._submit([self._suspects.popleft()], isolated=True)
                if not self._pending:
                    return
                done, _ = cf.wait(self._pending, return_when=cf.FIRST_COMPLETED)
                yield from self._collect(done)
        finally:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def _room(self) -> bool:
        return len(self._pending) < self.max_in_flight

    def _submit(self, pages: list[PageRecord], *, isolated: bool) -> None:
        try:
            future = self._executor.submit(_worker_batch, pages)
        except BrokenProcessPool as error:
            # A worker died since the last wait: this batch is lost like those in flight, and
            # it is not the culprit.
            future, isolated = cf.Future(), False
            future.set_exception(error)
        self._pending[future] = (pages, isolated)

    def _collect(self, done: Set[cf.Future]) -> Iterator[tuple[list[dict], Tally]]:
        lost: list[tuple[list[PageRecord], bool]] = []
        for future in done:
            pages, isolated = self._pending.pop(future)
            try:
                yield future.result()
            except BrokenProcessPool:
                lost.append((pages, isolated))
            except Exception as error:  # e.g. findings that cannot be pickled back
                message = f"page batch failed: {type(error).__name__}: {error}"
                yield self._failed(pages, message)
        if not lost:
            return
        # The pool is broken: every other batch in flight ends now, with a result or not.
        for future in cf.as_completed(list(self._pending)):
            pages, isolated = self._pending.pop(future)
            try:
                yield future.result()
            except Exception:
                lost.append((pages, isolated))
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()
        for pages, isolated in lost:
            if isolated:
                yield self._failed(pages, "worker process died while checking this page")
            else:
                self._suspects.extend(pages)

    @staticmethod
    def _failed(pages: list[PageRecord], message: str) -> tuple[list[dict], Tally]:
        tally = Tally(pages_failed=len(pages), pages_checked=len(pages))
        findings = []
        for page in pages:
            finding = error_finding(page, message)
            tally.add_page(page.title, [finding])
            findings.append(finding)
        return findings, tally


def scan_local(
    sources: Sequence[Path],
    page_fn: PageFunction,
    settings: ScanSettings,
    jobs: int,
    batching: tuple[int, int],
    tally: Tally,
    emit: Callable[[list[dict]], None],
    progress: ScanProgress,
) -> None:
    position = 0  # compressed bytes read so far

    def on_progress(bytes_done: int) -> None:
        nonlocal position
        position = bytes_done
        progress.update(bytes_done, tally)

    batches = _read_batches(sources, settings, tally, *batching, on_progress)
    if jobs == 1:
        deadline = deadline_here()
        if isinstance(deadline, AlarmDeadline):
            deadline.install()
        try:
            for batch in batches:
                findings, batch_tally = run_batch(page_fn, batch, settings, deadline)
                tally.merge(batch_tally)
                emit(findings)
                progress.update(position, tally)
        finally:
            if isinstance(deadline, AlarmDeadline):
                deadline.uninstall()
        return
    pool = _Pool(jobs, page_fn, settings)
    for findings, batch_tally in pool.run(batches):
        tally.merge(batch_tally)
        emit(findings)
        progress.update(position, tally)
