"""Conformance: wikibox's cite-* rules against enwiki's Module:Citation/CS1 on a local MediaWiki.

Run by hand (never in tests): ``python benchmarks/cs1_conformance.py [--sample N]``.  Starts its
own test wiki (`TestWiki.create`, Debian's mediawiki, php and lua5.1: see
``.ci/install-debian.sh``), imports the module from ``../shared/reference/cs1/enwiki`` (not
part of the repository), renders every CS1 citation template of the English articles in
``../shared/corpus/articles`` plus the generated edge cases, checks each with wikibox on a
minimal page, and prints:

* the agreement per class (rule ↔ module error, ``tests/data/cs1-rule-map.yaml``),
* the verdicts on date values alone, per date parameter,
* the module errors that no wikibox rule checks,
* the disagreements that ``tests/data/cs1-known-disagreements.yaml`` does not list (and the
  listed ones that are gone), and how long it all took.

``--update-known`` rewrites the known-disagreements file from a full run, keeping its reasons.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from wikibox.testing.cs1 import cs1_source, install_cs1, render_citations, wiki_today
from wikibox.testing.cs1_cases import edge_cases
from wikibox.testing.cs1_compare import RuleMap, compare, corpus_cases, sample
from wikibox.testing.cs1_known import KnownDisagreements, key_of
from wikibox.testing.cs1_report import class_table, date_table, overall_line, unmapped_table
from wikibox.testing.wiki import TestWiki

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
RULE_MAP = REPO / "tests" / "data" / "cs1-rule-map.yaml"
KNOWN = REPO / "tests" / "data" / "cs1-known-disagreements.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="only this many corpus citations")
    parser.add_argument("--batch", type=int, default=50, help="citations per API request")
    parser.add_argument("--update-known", action="store_true", help="rewrite the known list")
    parser.add_argument("--wiki-dir", type=Path, help="reuse a test wiki directory")
    args = parser.parse_args()
    source = cs1_source(REPO)
    if not source.is_dir() or not CORPUS.is_dir():
        print(f"needs {source} and {CORPUS}", file=sys.stderr)
        return 2
    if args.update_known and args.sample:
        print("--update-known needs the full run (no --sample)", file=sys.stderr)
        return 2
    started = time.monotonic()
    corpus = corpus_cases(CORPUS)
    cases = corpus.cases if args.sample is None else sample(corpus.cases, args.sample)
    with TestWiki.create(args.wiki_dir) as wiki:
        install_cs1(wiki, source)
        ready = time.monotonic()
        today = wiki_today(wiki)
        cases = cases + edge_cases(today)
        verdicts = render_citations(wiki, [case.wikitext for case in cases], batch_size=args.batch)
    rendered = time.monotonic()
    outcomes = compare(cases, verdicts, RuleMap.load(RULE_MAP), today)
    checked = time.monotonic()

    skipped = ", ".join(f"{reason} {count}" for reason, count in corpus.skipped.most_common())
    print(f"today (the wiki server's UTC date, given to wikibox too): {today}")
    print(f"corpus citations: {len(corpus.cases)} compared; left out: {skipped}")
    print(overall_line(outcomes))
    print()
    print(class_table(outcomes, RuleMap.load(RULE_MAP)))
    print()
    print("Date values alone:")
    print(date_table(outcomes))
    print()
    print(unmapped_table(outcomes))
    print()
    for outcome in outcomes:
        if outcome.script_error:
            print(f"module failed on {outcome.case.id}: {outcome.script_error[:200]}")

    disagreements = [d for outcome in outcomes for d in outcome.disagreements()]
    known = KnownDisagreements.load(KNOWN)
    found = {key_of(d) for d in disagreements}
    listed = known.keys(case.id for case in cases)
    print(f"disagreements: {len(found)} ({len(found & listed)} listed as known)")
    for key in sorted(found - listed):
        print(f"  not listed: {key}")
    for key in sorted(listed - found):
        print(f"  listed but agrees now: {key}")
    if args.update_known:
        known.updated(disagreements).dump(KNOWN)
        print(f"wrote {KNOWN.relative_to(REPO)}")
    print(
        f"time: wiki ready {ready - started:.1f} s, module rendered {len(cases)} citations in "
        f"{rendered - ready:.1f} s, wikibox {checked - rendered:.1f} s, "
        f"total {time.monotonic() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
