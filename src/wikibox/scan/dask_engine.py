"""The Dask scan engine: plan tasks over the dump files and run them on a cluster.

Workers read the dump themselves, so nothing page-sized crosses the client.  A multistream dump
with its index next to it is cut into byte ranges of whole bz2 streams; any other dump file is one
task.  Each task returns its findings and counts.  Dask pickles :func:`_run_task` by its module
path, so it must stay a top-level function of an importable module.  A task whose worker dies is
retried by Dask and finally fails the scan with ``KilledWorker``.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikibox.dump.multistream import (
    find_multistream_index,
    read_multistream_header,
    split_ranges,
    stream_offsets,
)
from wikibox.scan.deadline import AlarmDeadline, deadline_here
from wikibox.scan.pages import PageFunction, ScanSettings, dump_reader, read_and_check
from wikibox.scan.summary import ScanProgress, Tally


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
    task: _DumpTask, page_fn: PageFunction, settings: ScanSettings
) -> tuple[list[dict], Tally]:
    """Read one task's pages on a Dask worker and check them."""
    reader = dump_reader(settings, task.path, task.start, task.end, task.header)
    deadline = deadline_here()
    installed = isinstance(deadline, AlarmDeadline)
    if installed:
        deadline.install()  # only when a task runs in a main thread (a synchronous scheduler)
    try:
        return read_and_check(reader, page_fn, settings, deadline)
    finally:
        if installed:
            deadline.uninstall()


def scan_dask(
    sources: Sequence[Path],
    page_fn: PageFunction,
    settings: ScanSettings,
    jobs: int,
    scheduler: str | None,
    tally: Tally,
    emit: Callable[[list[dict]], None],
    progress: ScanProgress,
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
