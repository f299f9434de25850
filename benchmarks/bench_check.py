"""Benchmark: `check` on large real articles, relative to mwparserfromhell's parse alone.

Run by hand (never in tests): ``python benchmarks/bench_check.py [--pages 20] [--repeat 5]``.
Reads the real articles of ``../shared/corpus/articles`` (not part of the repository), takes
the largest pages, and times, interleaved on the same pages in the same run:

* ``parse``       mwparserfromhell.parse(text, skip_style_tags=True)   (the baseline)
* ``wikibox parse`` wikibox.parse (parse + positions + infobox/references/sections)
* ``check``       wikibox check with every rule, parsing the page as far as the rules read it
                  (lint/plan.py; the path each page took is printed)
* ``rules: F``    the rules of one family alone, on an article already parsed (so the rows
                  show where the time of ``check`` beyond ``wikibox parse`` goes)

and prints each as a ratio of the baseline (goal: check ≤ 1.0 × parse, issue #15).  Machines
here are noisy, so only ratios measured in the same run mean anything.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import statistics
import time
from pathlib import Path

import mwparserfromhell

from wikibox.lint.checker import check_article, check_text
from wikibox.lint.config import Settings
from wikibox.lint.plan import plan_parse
from wikibox.lint.rules import FAMILIES
from wikibox.model.build import parse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles"
WIKIS = {"jawiki_xztextfilter": "jawiki", "enwiki_gensim": "enwiki", "wtf_wikipedia": "enwiki"}


def pages(limit: int) -> list[tuple[str, str, str]]:
    found = []
    for directory, wiki in WIKIS.items():
        for path in (CORPUS / directory).glob("*.*"):
            if path.suffix in (".wiki", ".txt"):
                found.append((path.stat().st_size, path.name, wiki, path))
    found.sort(reverse=True)
    return [(name, wiki, path.read_text(encoding="utf-8")) for _, name, wiki, path in found[:limit]]


def timed(fn, repeat: int) -> float:
    best = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best.append(time.perf_counter() - start)
    return min(best)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"corpus not found at {CORPUS}")
    sample = pages(args.pages)
    today = datetime.date(2026, 1, 1)
    ratios_parse, ratios_check = [], []
    total_mb = sum(len(t.encode()) for _, _, t in sample) / 1e6
    totals = {"parse": 0.0, "wikibox parse": 0.0, "check": 0.0}
    family_totals = dict.fromkeys(FAMILIES, 0.0)
    paths: dict[str, int] = {}
    for name, wiki, text in sample:
        settings = Settings(wiki=wiki, today=today)
        article = parse(text, wiki=wiki)
        for family in FAMILIES:
            only = Settings(wiki=wiki, today=today, select=(family,))
            family_totals[family] += timed(
                lambda a=article, s=only: check_article(a, settings=s), args.repeat
            )
        base = timed(lambda t=text: mwparserfromhell.parse(t, skip_style_tags=True), args.repeat)
        ours = timed(lambda t=text, w=wiki: parse(t, wiki=w), args.repeat)
        # what `wikibox check` does: parse as far as the rules read (lint/plan.py), then check
        full = timed(lambda t=text, s=settings: check_text(t, settings=s), args.repeat)
        path = plan_parse(text, settings)[0]
        paths[path] = paths.get(path, 0) + 1
        totals["parse"] += base
        totals["wikibox parse"] += ours
        totals["check"] += full
        ratios_parse.append(ours / base)
        ratios_check.append(full / base)
        print(
            f"{name[:40]:40} {len(text) / 1e3:8.0f} kB  parse {base * 1e3:7.1f} ms  "
            f"wikibox parse ×{ours / base:4.2f}  check ×{full / base:4.2f}  ({path})"
        )
    print()
    print(f"{len(sample)} pages, {total_mb:.2f} MB, best of {args.repeat}")
    print(f"baseline parse: {total_mb / totals['parse']:.2f} MB/s")
    print(
        f"wikibox parse / parse: median ×{statistics.median(ratios_parse):.2f}, "
        f"total ×{totals['wikibox parse'] / totals['parse']:.2f}"
    )
    print(
        f"check / parse:         median ×{statistics.median(ratios_check):.2f}, "
        f"total ×{totals['check'] / totals['parse']:.2f}  (goal ≤ 1.0)"
    )
    print(f"how check parsed the pages: {paths}")
    for family, seconds in family_totals.items():
        print(f"  rules: {family:8} ×{seconds / totals['parse']:.2f} of parse (on a parsed page)")


if __name__ == "__main__":
    main()
