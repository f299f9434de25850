"""How much the dump layer costs, as ratios measured in one run.

    python benchmarks/bench_dump.py [--out /tmp/wikibox-bench] [--scale 1] [--big-scale 10]
                                    [--skip-dask] [--only check-infobox,check] [--skip-memory]

Builds (or reuses) the benchmark dumps of ``build_dumps.py`` and prints:

* throughput on the 1x dump: bz2 decompression alone (the floor), reading pages (decompress +
  expat), and ``scan`` with a trivial page function, with ``mwparserfromhell.parse`` alone, with
  wikibox ``check`` (default rules) and with an infobox-only selection (prefiltered), on 1 core
  and on all cores, local engine and Dask; each as wall
  seconds, CPU seconds of every process involved, pages/s, MB/s of wikitext and the ratio to
  reading alone;
  and each row's throughput as a share of bz2 decompression alone (issue 15's yardstick);
* the paths an infobox-only scan takes: pages the prefilter drops, pages whose infobox regions
  alone are parsed, pages parsed whole because the region scanner is unsure (the fallbacks);
* peak RSS of reading and of scanning the 1x and the big (10x) dump, each measured in a fresh
  process, so constant memory shows as equal numbers for both sizes.

``--scale 8`` measures the throughput table on the 8x dump instead of the 1x one.

RSS and CPU are sampled with psutil over this process and every process under it (pool workers,
Dask workers).  ``ru_maxrss`` cannot be used: a child started by ``subprocess`` inherits its
parent's peak, and workers started by a forkserver are not our children.  The machine may be
shared: timings are the best of ``--repeat`` runs, the load average is printed, and the CPU
column does not depend on the load.
"""

from __future__ import annotations

import argparse
import bz2
import datetime
import functools
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import mwparserfromhell
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_dumps import build

from wikibox.dump.reader import iter_pages
from wikibox.lint.config import Settings
from wikibox.lint.prefilter import wiki_infobox_names
from wikibox.model.profiles import wiki_config
from wikibox.scan.checks import check_dump_page as check_page
from wikibox.scan.checks import infobox_only_path
from wikibox.scan.run import scan


def trivial_page(page) -> list[dict]:
    """Nothing at all: what is left is reading, shipping and counting."""
    return []


def parse_page(page) -> list[dict]:
    """The stand-in for ``check``: a full parse, tree dropped at once."""
    mwparserfromhell.parse(page.text, skip_style_tags=True)
    return []


_TODAY = datetime.date(2026, 1, 1)
PAGE_FUNCTIONS = {
    "trivial": trivial_page,
    "parse": parse_page,
    # the real thing: wikibox check with the default rule set, and an infobox-only selection
    "check": functools.partial(check_page, settings=Settings(today=_TODAY)),
    "check-infobox": functools.partial(
        check_page, settings=Settings(select=("infobox",), today=_TODAY)
    ),
}
FAMILIES = {"check": {"infobox", "cite", "ref", "wt"}, "check-infobox": {"infobox"}}


class Meter:
    """Samples RSS and CPU time of this process and of every process under it."""

    def __init__(self, interval: float = 0.05) -> None:
        self._process = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self._cpu_start = self._cpu(self._process)
        self._child_cpu: dict[int, float] = {}
        self.main_mb = self.worker_mb = self.total_mb = self.cpu_seconds = 0.0
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def _cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    def _sample(self) -> None:
        while True:
            main = self._process.memory_info().rss / 1e6
            workers = []
            for child in self._process.children(recursive=True):
                try:
                    workers.append(child.memory_info().rss / 1e6)
                    self._child_cpu[child.pid] = self._cpu(child)
                except psutil.Error:
                    continue
            self.main_mb = max(self.main_mb, main)
            self.worker_mb = max(self.worker_mb, *workers, 0.0)
            self.total_mb = max(self.total_mb, main + sum(workers))
            if self._stop.wait(self._interval):
                return

    def __enter__(self) -> Meter:
        self._started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._started
        self._stop.set()
        self._thread.join()
        own = self._cpu(self._process) - self._cpu_start
        self.cpu_seconds = own + sum(self._child_cpu.values())


def bz2_floor(path: Path) -> dict:
    size = 0
    with bz2.open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            size += len(chunk)
    return {"xml_bytes": size}


def read_only(path: Path) -> dict:
    pages = text = 0
    for page in iter_pages(path):
        pages += 1
        text += len(page.text.encode("utf-8"))
    return {"pages": pages, "text": text}


def run_scan(path: Path, fn: str, jobs: int, engine: str = "local") -> dict:
    summary = scan(
        [path],
        PAGE_FUNCTIONS[fn],
        jobs=jobs,
        engine=engine,
        progress=False,
        page_timeout=60.0,
        families=FAMILIES.get(fn),
        extra_names=wiki_infobox_names(wiki_config("enwiki")),
    )
    return {"pages": summary.pages_read, "text": summary.bytes_text}


def metered(measure: Callable[..., dict], *args: object) -> dict:
    with Meter() as meter:
        result = measure(*args)
    result.update(
        seconds=meter.seconds,
        cpu_seconds=meter.cpu_seconds,
        main_mb=meter.main_mb,
        worker_mb=meter.worker_mb,
        total_mb=meter.total_mb,
    )
    return result


def best_of(repeat: int, measure: Callable[..., dict], *args: object) -> dict:
    """The fastest of ``repeat`` runs: the machine may be shared, the minimum is the cost."""
    runs = [metered(measure, *args) for _ in range(max(1, repeat))]
    return min(runs, key=lambda run: run["seconds"])


def in_fresh_process(*args: str) -> dict:
    command = [sys.executable, __file__, "--child", *args]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_child(argv: list[str]) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    what, path = argv[0], Path(argv[1])
    if what == "read":
        print(json.dumps(metered(read_only, path)))
    else:
        print(json.dumps(metered(run_scan, path, "trivial", int(argv[2]))))


def regional_paths(path: Path) -> dict[str, int]:
    """How the pages of an infobox-only scan are checked (the fallbacks are the pages parsed
    whole because the region scanner is unsure), counted as the scan decides."""
    settings = Settings(select=("infobox",), today=_TODAY)
    paths: dict[str, int] = {}
    for page in iter_pages(path):
        kind = infobox_only_path(page.text, settings)
        paths[kind] = paths.get(kind, 0) + 1
    return paths


def throughput(args: argparse.Namespace, small: dict[str, Path], cores: int) -> None:
    plain = small["plain"]
    fast, slow = args.repeat, args.parse_repeat
    rows = [
        ("bz2 decompress only (floor)", best_of(fast, bz2_floor, plain)),
        ("read pages (decompress + expat)", best_of(fast, read_only, plain)),
    ]
    functions = [("trivial", fast), ("parse", slow), ("check", slow), ("check-infobox", slow)]
    if args.only:
        functions = [(fn, repeat) for fn, repeat in functions if fn in args.only.split(",")]
    for fn, repeat in functions:
        for jobs in sorted({1, cores}):
            rows.append(
                (f"scan {fn}, local, jobs={jobs}", best_of(repeat, run_scan, plain, fn, jobs))
            )
        if cores > 1:  # the workers decompress their own byte ranges of a multistream dump
            run = best_of(repeat, run_scan, small["multistream"], fn, cores)
            rows.append((f"scan {fn}, local multistream, jobs={cores}", run))
        if not args.skip_dask:
            run = best_of(repeat, run_scan, small["multistream"], fn, cores, "dask")
            rows.append((f"scan {fn}, dask multistream, {cores} workers", run))

    reading = rows[1][1]
    pages, text = reading["pages"], reading["text"]
    print(f"\n{pages} pages, {text / 1e6:.1f} MB of wikitext ", end="")
    print(f"({rows[0][1]['xml_bytes'] / 1e6:.1f} MB of XML); best of {fast} runs (parse: {slow})")
    floor = rows[0][1]["seconds"]
    header = (
        f"{'wall s':>7} {'CPU s':>7} {'pages/s':>8} {'MB/s':>6} {'× read':>7} {'CPU × read':>10}"
        f" {'% of floor':>10}"
    )
    print(f"{'':42} {header}")
    for name, run in rows:
        wall, cpu = run["seconds"], run["cpu_seconds"]
        rates = f"{pages / wall:8.0f} {text / 1e6 / wall:6.2f}"
        ratios = f"{wall / reading['seconds']:7.2f} {cpu / reading['cpu_seconds']:10.2f}"
        print(f"{name:42} {wall:7.2f} {cpu:7.2f} {rates} {ratios} {floor / wall:10.1%}")
    by_name = dict(rows)
    for fn in ("trivial", "parse", "check", "check-infobox"):
        one = by_name.get(f"scan {fn}, local, jobs=1")
        many = by_name.get(f"scan {fn}, local, jobs={cores}")
        ranges = by_name.get(f"scan {fn}, local multistream, jobs={cores}")
        if one and many and cores > 1:
            speedup = one["seconds"] / many["seconds"]
            print(f"\n{fn}: {cores} jobs are {speedup:.2f}× one (wall)", end="")
            if ranges:
                multistream = one["seconds"] / ranges["seconds"]
                print(f"; {multistream:.2f}× on the multistream dump", end="")
    if "check-infobox" in dict(functions):
        print(f"\n\ninfobox-only scan, pages by path: {regional_paths(plain)}")


def memory(big_scale: int, small: dict[str, Path], big: dict[str, Path], cores: int) -> None:
    print(f"\npeak RSS, MB (fresh process each)          {'1x':>8} {f'{big_scale}x':>8}")
    for label, what in (("read pages", "read"), (f"scan trivial jobs={cores}", "scan")):
        extra = [str(cores)] if what == "scan" else []
        results = [in_fresh_process(what, str(paths["plain"]), *extra) for paths in (small, big)]
        columns = [("main process", "main_mb")]
        if extra:
            columns += [("largest worker", "worker_mb"), ("all processes", "total_mb")]
        for name, key in columns:
            values = " ".join(f"{result[key]:8.0f}" for result in results)
            print(f"{label + ', ' + name:42} {values}")
        timing = " / ".join(f"{r['pages']} pages in {r['seconds']:.1f} s" for r in results)
        print(f"{'':42} ({timing})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/wikibox-bench"))
    parser.add_argument("--scale", type=int, default=1, help="dump for the throughput table")
    parser.add_argument("--big-scale", type=int, default=10)
    parser.add_argument("--only", help="page functions to time, e.g. check-infobox,check")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per cheap timing (best)")
    parser.add_argument("--parse-repeat", type=int, default=1, help="runs per parse timing")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure_child(args.child)
        return

    cores = os.cpu_count() or 1
    small = build(args.scale, args.out)
    size = small["plain"].stat().st_size / 1e6
    print(f"{args.scale}x dump: {size:.1f} MB bz2; {cores} cores, ", end="")
    print(f"load {os.getloadavg()[0]:.1f}; ", end="")
    print(f"Python {sys.version.split()[0]}, mwparserfromhell {mwparserfromhell.__version__}")
    throughput(args, small, cores)
    if not args.skip_memory:
        memory(args.big_scale, build(1, args.out), build(args.big_scale, args.out), cores)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
