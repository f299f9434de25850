"""Run a per-page function over whole dumps, on every core or on a Dask cluster.

The page function (``PageFunction``) is what ``wikibox check`` does to one page; this module only
reads, filters, ships and counts.  It must be a picklable top-level function (or a
``functools.partial`` of one), because it runs in other processes.

Engines
    ``local``: the main process reads the dump and drops the pages the prefilter rules out, then
    ships batches of pages (a few MB of text each) to a ``ProcessPoolExecutor`` of ``jobs``
    workers.  At most ``2 × jobs`` batches are in flight, so memory does not grow with the dump.
    ``jobs=1`` runs everything in this process (easiest to debug).

    ``dask``: workers read the dump themselves, so nothing page-sized crosses the client.  A
    multistream dump with its index next to it is cut into byte ranges of whole bz2 streams; any
    other dump file is one task.  Each task returns its findings and counts.

Time limit per page
    In a process's main thread (pool workers, ``jobs=1`` from the main thread) the limit is
    ``signal.setitimer(ITIMER_REAL)`` and a SIGALRM handler that raises :class:`PageTimeout`.
    The handler runs at the next bytecode, or inside C code that calls ``PyErr_CheckSignals()``:
    ``time.sleep`` does, and so does mwparserfromhell's C tokenizer (at every markup character),
    so a parse is cut short within ~0.1 s (measured on a 3 MB table that takes 4 s to parse).
    Dask runs tasks in worker threads, where signals cannot be used, so there a watchdog thread
    raises :class:`PageTimeout` in the task thread with ``PyThreadState_SetAsyncExc``.  That
    exception waits for the thread to run Python bytecode: one long C call (the tokenizer, a
    ``time.sleep``, a regular expression) finishes first — on that table, the tokenizer is about
    a fifth of the parse — and the page is reported late but still reported.  A page that timed
    out or raised becomes a ``scan-page-error`` finding.  A local worker process that dies (a
    segfault, ``os._exit``) is replaced, and the pages that were in flight are re-run one at a
    time so the one that kills it is reported and the others are checked; on Dask, a task whose
    worker dies is retried by Dask and finally fails the scan with ``KilledWorker``.
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import functools
import heapq
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from wikibox.dump import (
    DEFAULT_NAMESPACES,
    DumpReader,
    PageRecord,
    RangeReader,
    find_multistream_index,
    read_multistream_header,
    split_ranges,
    stream_offsets,
)

__all__ = [
    "FAMILIES",
    "PAGE_ERROR_RULE",
    "PageFunction",
    "PageTimeout",
    "ScanSummary",
    "prefilter",
    "scan",
]

PageFunction = Callable[[PageRecord], list[dict]]

#: The rule families the prefilter knows; any other family disables the prefilter.
FAMILIES = frozenset({"infobox", "cite", "ref", "wt"})

PAGE_ERROR_RULE = "scan-page-error"
_TOP_PAGES = 10

# --------------------------------------------------------------------------- prefilter

# Needles searched in the case-folded text.  They are deliberately loose: a page that passes for
# nothing costs one parse, a page wrongly dropped is a finding nobody sees.
_NEEDLES = {
    "infobox": ("infobox", "基礎情報"),
    "cite": ("cite", "citation", "<ref", "http", "reflist", "<references", "sfn", "harv"),
    "ref": ("<ref", "reflist", "<references", "efn", "sfn", "cite", "citation", "http"),
}
# Case-sensitive spellings tried first on the raw text: most pages that pass, pass here, and
# only the pages that will be dropped pay for ``casefold()``.
_FAST_NEEDLES = {
    "infobox": ("nfobox", "基礎情報"),
    "cite": ("<ref", "{{cite", "{{Cite", "http"),
    "ref": ("<ref", "{{Reflist", "{{reflist"),
}


@functools.lru_cache(maxsize=64)
def _needles(
    families: frozenset[str], extra_names: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fast, folded) needles for a selection of families.

    An extra name is matched by its longest word: a page that uses the template must contain it
    whatever separators (space, ``_``, several spaces) and first-letter case it is written with.
    """
    fast: list[str] = []
    folded: list[str] = []
    for family in sorted(families):
        fast += _FAST_NEEDLES[family]
        folded += _NEEDLES[family]
    for name in extra_names:
        words = unicodedata.normalize("NFC", name).casefold().replace("_", " ").split()
        if words:
            folded.append(max(words, key=len))
    return tuple(fast), tuple(folded)


def prefilter(text: str, families: Set[str], extra_names: Iterable[str] = ()) -> bool:
    """True when a page may give a finding for the selected rule families.

    Families: ``infobox`` (an ``infobox`` / ``基礎情報`` in any case, or one of ``extra_names``,
    e.g. ``Taxobox`` or ``Thông tin nhân vật``), ``cite`` and ``ref`` (``<ref``, a citation
    template, a URL, a reference list), and ``wt`` (wikitext syntax: any page, always True).  An
    unknown family also gives True: the prefilter never hides a finding it does not understand.
    The test is ``in`` on the text and on ``text.casefold()``, no regular expression.
    """
    if not families or not families <= FAMILIES or "wt" in families:
        return True
    fast, folded = _needles(frozenset(families), tuple(extra_names))
    if any(needle in text for needle in fast):
        return True
    text = text.casefold()
    return any(needle in text for needle in folded)


# --------------------------------------------------------------------------- time limits


class PageTimeout(BaseException):
    """Raised inside a page function whose time is up.

    A ``BaseException``, so that an ``except Exception`` in a page function cannot swallow it.
    """


class _AlarmDeadline:
    """Time limit by SIGALRM; only for the main thread of a process."""

    def __init__(self) -> None:
        self.armed = False
        self.previous: Any = None

    def install(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, self._on_alarm)

    def uninstall(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)

    def _on_alarm(self, signum: int, frame: object) -> None:
        if self.armed:  # an alarm that lands after the call returned is ignored
            raise PageTimeout

    def call(self, page_fn: PageFunction, page: PageRecord, seconds: float) -> list[dict]:
        self.armed = True
        # The alarm repeats every 50 ms until the call returns: an exception raised while a
        # garbage-collector callback or a __del__ runs is swallowed by Python, so one alarm
        # alone could be lost.
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
        try:
            return page_fn(page)
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)


class _ThreadDeadline:
    """Time limit for any thread: a watchdog thread raises PageTimeout in the late thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # a C-level lock: ``with`` cannot be interrupted half-way
        self._wake = threading.Event()
        self._deadlines: dict[int, float] = {}
        self._watchdog: threading.Thread | None = None

    def call(self, page_fn: PageFunction, page: PageRecord, seconds: float) -> list[dict]:
        ident = threading.get_ident()
        with self._lock:
            self._deadlines[ident] = time.monotonic() + seconds
            if self._watchdog is None:
                self._watchdog = threading.Thread(
                    target=self._watch, name="wikibox-page-watchdog", daemon=True
                )
                self._watchdog.start()
        self._wake.set()
        try:
            return page_fn(page)
        finally:
            with self._lock:
                self._deadlines.pop(ident, None)

    def _watch(self) -> None:
        while True:
            self._wake.clear()
            with self._lock:
                now = time.monotonic()
                for ident, deadline in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[ident]  # under the lock: the call is still running
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(ident), ctypes.py_object(PageTimeout)
                        )
                wait = min(self._deadlines.values(), default=now + 3600) - now
            self._wake.wait(max(wait, 0.001))


_THREAD_DEADLINE = _ThreadDeadline()  # one watchdog per process, started on first use


# --------------------------------------------------------------------------- checking pages


@dataclass(frozen=True)
class _Settings:
    """What a worker needs besides the pages: small and picklable."""

    page_timeout: float | None
    namespaces: Set[int] | None = DEFAULT_NAMESPACES
    skip_redirects: bool = True
    families: Set[str] | None = None
    extra_names: tuple[str, ...] = ()


@dataclass
class _Tally:
    """Counts that add up across batches, tasks and sources."""

    pages_read: int = 0
    pages_parsed: int = 0
    pages_skipped: int = 0
    pages_failed: int = 0
    bytes_read: int = 0
    bytes_text: int = 0
    findings: int = 0
    findings_by_rule: Counter[str] = field(default_factory=Counter)
    top_pages: list[tuple[int, str]] = field(default_factory=list)  # (-count, title)

    def add_page(self, title: str, findings: list[dict]) -> None:
        self.findings += len(findings)
        self.findings_by_rule.update(str(finding.get("rule", "?")) for finding in findings)
        if findings:
            self.top_pages.append((-len(findings), title))
            if len(self.top_pages) > 8 * _TOP_PAGES:
                self.top_pages = heapq.nsmallest(_TOP_PAGES, self.top_pages)

    def merge(self, other: _Tally) -> None:
        for name in ("pages_read", "pages_parsed", "pages_skipped", "pages_failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.bytes_read += other.bytes_read
        self.bytes_text += other.bytes_text
        self.findings += other.findings
        self.findings_by_rule.update(other.findings_by_rule)
        self.top_pages = heapq.nsmallest(_TOP_PAGES, self.top_pages + other.top_pages)


def _error_finding(page: PageRecord, message: str) -> dict:
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


def _deadline_here() -> _AlarmDeadline | _ThreadDeadline:
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _AlarmDeadline()
    return _THREAD_DEADLINE


def _check_page(
    page_fn: PageFunction,
    page: PageRecord,
    timeout: float | None,
    deadline: _AlarmDeadline | _ThreadDeadline,
) -> tuple[list[dict], bool]:
    """Run the page function on one page: (findings, failed)."""
    try:
        result = deadline.call(page_fn, page, timeout) if timeout else page_fn(page)
        findings = list(result or ())
        for finding in findings:
            if not isinstance(finding, dict):
                raise TypeError(f"the page function returned a {type(finding).__name__}")
    except PageTimeout:
        seconds = f"{timeout:.1f}" if round(timeout or 0, 1) == timeout else f"{timeout:g}"
        return [_error_finding(page, f"page function timed out after {seconds} s")], True
    except Exception as error:
        message = f"page function crashed: {type(error).__name__}: {error}"
        return [_error_finding(page, message)], True
    for finding in findings:
        finding.setdefault("title", page.title)
        finding.setdefault("page_id", page.page_id)
        finding.setdefault("revision_id", page.revision_id)
    return findings, False


def _check_batch(
    page_fn: PageFunction,
    pages: list[PageRecord],
    timeout: float | None,
    deadline: _AlarmDeadline | _ThreadDeadline,
) -> tuple[list[dict], _Tally]:
    findings: list[dict] = []
    tally = _Tally()
    for page in pages:
        page_findings, failed = _check_page(page_fn, page, timeout, deadline)
        tally.pages_failed += failed
        tally.add_page(page.title, page_findings)
        findings += page_findings
    return findings, tally


# Worker-process state, set once by the pool initializer (one page function per pool).
_WORKER: dict[str, Any] = {}


def _init_worker(page_fn: PageFunction, timeout: float | None) -> None:
    deadline = _AlarmDeadline()
    deadline.install()
    _WORKER.update(page_fn=page_fn, timeout=timeout, deadline=deadline)


def _worker_batch(pages: list[PageRecord]) -> tuple[list[dict], _Tally]:
    return _check_batch(_WORKER["page_fn"], pages, _WORKER["timeout"], _WORKER["deadline"])


# --------------------------------------------------------------------------- the summary


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

    @classmethod
    def from_tally(cls, tally: _Tally, elapsed: float, engine: str, jobs: int) -> ScanSummary:
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
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (``MB`` is 10^6 bytes of UTF-8 wikitext)."""
        return {
            "pages_read": self.pages_read,
            "pages_parsed": self.pages_parsed,
            "pages_skipped": self.pages_skipped,
            "pages_failed": self.pages_failed,
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
        }


# --------------------------------------------------------------------------- progress


class _Progress:
    """A rich progress bar on stderr over compressed bytes, or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._bar = None
        self._started = time.perf_counter()
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("scan"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[rate]:,.0f} pages/s"),
            TextColumn("{task.fields[findings]:,} findings"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=False,
        )
        self._task = self._bar.add_task("scan", total=total, rate=0.0, findings=0)
        self._bar.start()

    def update(self, bytes_done: int, tally: _Tally) -> None:
        if self._bar is not None:
            rate = tally.pages_read / max(time.perf_counter() - self._started, 1e-9)
            self._bar.update(self._task, completed=bytes_done, rate=rate, findings=tally.findings)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


# --------------------------------------------------------------------------- local engine


def _read_batches(
    sources: Sequence[Path],
    settings: _Settings,
    tally: _Tally,
    batch_pages: int,
    batch_bytes: int,
    on_progress: Callable[[int], None],
) -> Iterator[list[PageRecord]]:
    """Read every source, count and prefilter pages, and group the survivors in batches."""
    done = 0
    families = settings.families
    batch: list[PageRecord] = []
    size = 0
    for path in sources:
        reader = DumpReader(
            path, namespaces=settings.namespaces, skip_redirects=settings.skip_redirects
        )
        for page in reader:
            text_bytes = len(page.text.encode("utf-8"))
            tally.pages_read += 1
            tally.bytes_text += text_bytes
            if tally.pages_read % 256 == 0:
                on_progress(done + reader.bytes_read)
            if families is not None and not prefilter(page.text, families, settings.extra_names):
                tally.pages_skipped += 1
                continue
            tally.pages_parsed += 1
            batch.append(page)
            size += text_bytes
            if len(batch) >= batch_pages or size >= batch_bytes:
                on_progress(done + reader.bytes_read)
                yield batch
                batch, size = [], 0
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

    def __init__(self, jobs: int, page_fn: PageFunction, timeout: float | None) -> None:
        self._args = (jobs, page_fn, timeout)
        self._executor = self._start()
        self._pending: dict[cf.Future, tuple[list[PageRecord], bool]] = {}
        self._suspects: deque[PageRecord] = deque()
        self.max_in_flight = 2 * jobs

    def _start(self) -> cf.ProcessPoolExecutor:
        jobs, page_fn, timeout = self._args
        # forkserver, not fork: the parent may have threads (rich, Dask) that fork would copy
        # in the middle of holding a lock.
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        return cf.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(page_fn, timeout),
        )

    def run(self, batches: Iterator[list[PageRecord]]) -> Iterator[tuple[list[dict], _Tally]]:
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

    def _collect(self, done: Set[cf.Future]) -> Iterator[tuple[list[dict], _Tally]]:
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
    def _failed(pages: list[PageRecord], message: str) -> tuple[list[dict], _Tally]:
        tally = _Tally(pages_failed=len(pages))
        findings = []
        for page in pages:
            finding = _error_finding(page, message)
            tally.add_page(page.title, [finding])
            findings.append(finding)
        return findings, tally


def _scan_local(
    sources: Sequence[Path],
    page_fn: PageFunction,
    settings: _Settings,
    jobs: int,
    batching: tuple[int, int],
    tally: _Tally,
    emit: Callable[[list[dict]], None],
    progress: _Progress,
) -> None:
    def on_progress(bytes_done: int) -> None:
        progress.update(bytes_done, tally)

    batches = _read_batches(sources, settings, tally, *batching, on_progress)
    if jobs == 1:
        deadline = _deadline_here()
        if isinstance(deadline, _AlarmDeadline):
            deadline.install()
        try:
            for batch in batches:
                findings, batch_tally = _check_batch(
                    page_fn, batch, settings.page_timeout, deadline
                )
                tally.merge(batch_tally)
                emit(findings)
        finally:
            if isinstance(deadline, _AlarmDeadline):
                deadline.uninstall()
        return
    pool = _Pool(jobs, page_fn, settings.page_timeout)
    for findings, batch_tally in pool.run(batches):
        tally.merge(batch_tally)
        emit(findings)


# --------------------------------------------------------------------------- dask engine


@dataclass(frozen=True)
class _DumpTask:
    """One unit of Dask work: a whole file, or a range of whole streams of a multistream file."""

    path: str
    start: int | None = None
    end: int | None = None
    header: bytes | None = None

    @property
    def size(self) -> int:
        if self.start is None or self.end is None:
            return os.path.getsize(self.path)
        return self.end - self.start


def _plan_tasks(sources: Sequence[Path], workers: int) -> tuple[list[_DumpTask], int]:
    """The tasks, and the bytes the client reads itself (multistream headers)."""
    tasks: list[_DumpTask] = []
    client_bytes = 0
    for path in sources:
        index = find_multistream_index(path)
        offsets = stream_offsets(index) if index else []
        if not offsets or offsets[0] == 0:
            tasks.append(_DumpTask(str(path)))
            continue
        header = read_multistream_header(path, offsets[0])
        client_bytes += offsets[0]
        size = os.path.getsize(path)
        parts = max(2 * workers, math.ceil((size - offsets[0]) / (64 << 20)))
        for start, end in split_ranges(offsets, size, parts):
            tasks.append(_DumpTask(str(path), start, end, header))
    return tasks, client_bytes


def _run_task(
    task: _DumpTask, page_fn: PageFunction, settings: _Settings
) -> tuple[list[dict], _Tally]:
    """Read one task's pages on a Dask worker and check them."""
    if task.start is None or task.end is None or task.header is None:
        reader: DumpReader | RangeReader = DumpReader(
            task.path, namespaces=settings.namespaces, skip_redirects=settings.skip_redirects
        )
    else:
        reader = RangeReader(
            task.path,
            task.start,
            task.end,
            task.header,
            namespaces=settings.namespaces,
            skip_redirects=settings.skip_redirects,
        )
    deadline = _deadline_here()
    installed = isinstance(deadline, _AlarmDeadline)
    if installed:
        deadline.install()  # only when a task runs in a main thread (a synchronous scheduler)
    tally = _Tally()
    findings: list[dict] = []
    try:
        for page in reader:
            tally.pages_read += 1
            tally.bytes_text += len(page.text.encode("utf-8"))
            if settings.families is not None and not prefilter(
                page.text, settings.families, settings.extra_names
            ):
                tally.pages_skipped += 1
                continue
            tally.pages_parsed += 1
            page_findings, failed = _check_page(page_fn, page, settings.page_timeout, deadline)
            tally.pages_failed += failed
            tally.add_page(page.title, page_findings)
            findings += page_findings
    finally:
        if installed:
            deadline.uninstall()
    tally.bytes_read = reader.bytes_read
    return findings, tally


def _scan_dask(
    sources: Sequence[Path],
    page_fn: PageFunction,
    settings: _Settings,
    jobs: int,
    scheduler: str | None,
    tally: _Tally,
    emit: Callable[[list[dict]], None],
    progress: _Progress,
) -> int:
    """Run the tasks on Dask; returns the number of worker threads used."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        workers = max(1, sum(client.nthreads().values()))
        tasks, client_bytes = _plan_tasks(sources, workers)
        tally.bytes_read += client_bytes
        bytes_done = client_bytes
        queue = deque(tasks)
        sizes = {}

        def submit() -> Any:
            task = queue.popleft()
            future = client.submit(_run_task, task, page_fn, settings, pure=False)
            sizes[future.key] = task.size
            return future

        running = as_completed([submit() for _ in range(min(2 * workers, len(queue)))])
        for future in running:
            findings, task_tally = future.result()
            future.release()
            tally.merge(task_tally)
            emit(findings)
            bytes_done += sizes.pop(future.key)
            progress.update(bytes_done, tally)
            if queue:
                running.add(submit())
        return workers
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --------------------------------------------------------------------------- scan()


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
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
    on_finding: Callable[[dict], None] | None = None,
) -> ScanSummary:
    """Run ``page_fn`` on the latest revision of every page of the dumps.

    ``families=None`` checks every page; a set of families (see :func:`prefilter`) skips the
    pages that cannot give a finding for them.  ``extra_names`` are more infobox-like template
    names for the prefilter.  ``page_timeout`` (seconds; ``None`` or 0 for none) limits each
    call of ``page_fn``.  Findings go to ``on_finding`` as they arrive (in no fixed order), each
    with ``title``, ``page_id`` and ``revision_id`` added when missing.  ``progress=None`` shows a
    progress bar only when stderr is a terminal.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}; expected 'local' or 'dask'")
    jobs = max(1, jobs or os.cpu_count() or 1)
    paths = [Path(source).resolve() for source in sources]
    settings = _Settings(
        page_timeout=page_timeout or None,
        namespaces=frozenset(namespaces) if namespaces is not None else None,
        skip_redirects=skip_redirects,
        families=frozenset(families) if families is not None else None,
        extra_names=tuple(extra_names),
    )
    if progress is None:
        progress = sys.stderr.isatty()
    started = time.perf_counter()
    tally = _Tally()

    def emit(findings: list[dict]) -> None:
        if on_finding is not None:
            for finding in findings:
                on_finding(finding)

    total = sum(path.stat().st_size for path in paths if path.exists())
    bar = _Progress(progress, total)
    try:
        if engine == "dask":
            jobs = _scan_dask(paths, page_fn, settings, jobs, scheduler, tally, emit, bar)
        else:
            batching = (batch_pages, batch_bytes)
            _scan_local(paths, page_fn, settings, jobs, batching, tally, emit, bar)
        bar.update(total, tally)
    finally:
        bar.close()
    return ScanSummary.from_tally(tally, time.perf_counter() - started, engine, jobs)
