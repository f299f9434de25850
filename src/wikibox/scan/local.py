"""The local scan engine: read in the main process, check on every core of this machine.

The main process reads the dump and drops the pages the prefilter rules out, then ships batches of
pages (a few MB of text each) to a ``ProcessPoolExecutor`` of ``jobs`` workers.  At most
``2 × jobs`` batches are in flight, so memory does not grow with the dump.  ``jobs=1`` runs
everything in this process (easiest to debug).  A multistream dump with its index next to it is
not read here: the workers are given byte ranges of its bz2 streams (a few MB each) and read,
prefilter and check them themselves, so that decompressing is spread over the cores too.

A worker process that dies (a segfault, ``os._exit``) is replaced, and the pages that were in
flight are re-run one at a time so the one that kills it is reported and the others are checked
(a range in flight is read again here for that).
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator, Sequence, Set
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikibox.dump.multistream import (
    RangeReader,
    find_multistream_index,
    read_multistream_header,
    split_ranges,
    stream_offsets,
)
from wikibox.dump.reader import DumpReader, PageRecord
from wikibox.errors import InputError
from wikibox.scan.deadline import AlarmDeadline, deadline_here
from wikibox.scan.pages import (
    PageFunction,
    ScanSettings,
    dump_reader,
    error_finding,
    read_and_check,
    run_batch,
    wanted,
)
from wikibox.scan.summary import ScanProgress, Tally

# Worker-process state, set once by the pool initializer (one page function per pool).
_WORKER: dict[str, Any] = {}
_RANGE_BYTES = 4 << 20  # compressed bytes of a multistream dump a worker reads at a time


def _init_worker(page_fn: PageFunction, settings: ScanSettings) -> None:
    deadline = AlarmDeadline()
    deadline.install()
    _WORKER.update(page_fn=page_fn, settings=settings, deadline=deadline)


def _worker_batch(pages: list[PageRecord]) -> tuple[list[dict], Tally]:
    return run_batch(_WORKER["page_fn"], pages, _WORKER["settings"], _WORKER["deadline"])


@dataclass(frozen=True)
class _Range:
    """Whole bz2 streams of a multistream dump, for one worker to read and check."""

    path: Path
    start: int
    end: int
    header: bytes

    def reader(self, settings: ScanSettings) -> DumpReader | RangeReader:
        return dump_reader(settings, self.path, self.start, self.end, self.header)


def _worker_range(work: _Range) -> tuple[list[dict], Tally]:
    settings = _WORKER["settings"]
    return read_and_check(work.reader(settings), _WORKER["page_fn"], settings, _WORKER["deadline"])


def _ranges(path: Path, jobs: int) -> tuple[int, list[_Range]]:
    """The page streams of a multistream dump cut into ranges for ``jobs`` workers, and the size
    of the header stream read here; ``(0, [])`` for any other dump, or an index that does not
    match the file (that dump is then read here, as a whole)."""
    index = find_multistream_index(path)
    if index is None:
        return 0, []
    try:
        offsets = stream_offsets(index)
        if not offsets or offsets[0] == 0:
            return 0, []
        header = read_multistream_header(path, offsets[0])
        size = path.stat().st_size
        parts = max(4 * jobs, math.ceil((size - offsets[0]) / _RANGE_BYTES))
        ranges = split_ranges(offsets, size, parts)
        with open(path, "rb") as file:
            for start, _ in ranges:
                file.seek(start)
                if file.read(3) != b"BZh":
                    return 0, []
    except (InputError, OSError, ValueError, EOFError):
        return 0, []
    return offsets[0], [_Range(path, start, end, header) for start, end in ranges]


def _read_batches(
    sources: Sequence[Path],
    settings: ScanSettings,
    tally: Tally,
    batching: tuple[int, int],
    on_progress: Callable[[int], None],
    jobs: int,
) -> Iterator[list[PageRecord] | _Range]:
    """Read every source, count and prefilter pages, and group the survivors in batches; with
    more than one job, a multistream dump is handed out as byte ranges instead.

    ``on_progress`` gets the compressed bytes read in this process so far.  A dump whose read
    ends in damage (a cut-off file) is noted in ``tally.errors`` after its pages so far are
    batched, and the next source is read."""
    batch_pages, batch_bytes = batching
    done = 0
    batch: list[PageRecord] = []
    size = 0
    for path in sources:
        header_size, ranges = _ranges(path, jobs) if jobs > 1 else (0, [])
        if ranges:
            done += header_size
            tally.bytes_read += header_size
            on_progress(done)
            yield from ranges
            continue
        reader = dump_reader(settings, path)
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
        self._pending: dict[cf.Future, tuple[list[PageRecord] | _Range, bool]] = {}
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

    def run(
        self, batches: Iterator[list[PageRecord] | _Range]
    ) -> Iterator[tuple[list[dict], Tally]]:
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

    def _submit(self, work: list[PageRecord] | _Range, *, isolated: bool) -> None:
        try:
            if isinstance(work, _Range):
                future = self._executor.submit(_worker_range, work)
            else:
                future = self._executor.submit(_worker_batch, work)
        except BrokenProcessPool as error:
            # A worker died since the last wait: this batch is lost like those in flight, and
            # it is not the culprit.
            future, isolated = cf.Future(), False
            future.set_exception(error)
        self._pending[future] = (work, isolated)

    def _collect(self, done: Set[cf.Future]) -> Iterator[tuple[list[dict], Tally]]:
        lost: list[tuple[list[PageRecord] | _Range, bool]] = []
        for future in done:
            work, isolated = self._pending.pop(future)
            try:
                yield future.result()
            except BrokenProcessPool:
                lost.append((work, isolated))
            except Exception as error:  # e.g. findings that cannot be pickled back
                message = f"page batch failed: {type(error).__name__}: {error}"
                if isinstance(work, _Range):
                    pages, read = self._read_here(work)
                    yield [], read
                else:
                    pages = work
                yield self._failed(pages, message)
        if not lost:
            return
        # The pool is broken: every other batch in flight ends now, with a result or not.
        for future in cf.as_completed(list(self._pending)):
            work, isolated = self._pending.pop(future)
            try:
                yield future.result()
            except Exception:
                lost.append((work, isolated))
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()
        for work, isolated in lost:
            if isinstance(work, _Range):
                pages, read = self._read_here(work)
                yield [], read
                self._suspects.extend(pages)
            elif isolated:
                yield self._failed(work, "worker process died while checking this page")
            else:
                self._suspects.extend(work)

    def _read_here(self, work: _Range) -> tuple[list[PageRecord], Tally]:
        """The pages of a range the prefilter lets through, read in this process (its worker
        died), and the counts of reading them."""
        settings = self._args[2]
        tally = Tally()
        reader = work.reader(settings)
        pages = []
        try:
            for page in reader:
                if wanted(page, settings, tally):
                    pages.append(page)
        except InputError as error:
            tally.errors.append(str(error))
        tally.bytes_read = reader.bytes_read
        return pages, tally

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
    read_here = 0  # compressed bytes read in this process
    read_by_workers = 0  # compressed bytes of the ranges whose results are back

    def on_progress(bytes_done: int) -> None:
        nonlocal read_here
        read_here = bytes_done
        progress.update(read_here + read_by_workers, tally)

    work = _read_batches(sources, settings, tally, batching, on_progress, jobs)
    if jobs == 1:
        deadline = deadline_here()
        if isinstance(deadline, AlarmDeadline):
            deadline.install()
        try:
            for batch in work:
                assert not isinstance(batch, _Range)  # ranges only go to workers
                findings, batch_tally = run_batch(page_fn, batch, settings, deadline)
                tally.merge(batch_tally)
                emit(findings)
                progress.update(read_here, tally)
        finally:
            if isinstance(deadline, AlarmDeadline):
                deadline.uninstall()
        return
    pool = _Pool(jobs, page_fn, settings)
    for findings, batch_tally in pool.run(work):
        tally.merge(batch_tally)
        read_by_workers += batch_tally.bytes_read  # a range's; a batch of pages read none
        emit(findings)
        progress.update(read_here + read_by_workers, tally)
