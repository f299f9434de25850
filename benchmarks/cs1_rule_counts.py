"""Findings per citation rule on the enwiki corpus articles, for before/after comparisons.

Run by hand (never in tests)::

    .venv/bin/python benchmarks/cs1_rule_counts.py [--today 2026-12-03] [--sample RULE]

Checks every article of ``../shared/corpus/articles/{wtf_wikipedia,enwiki_gensim,
enwiki_gensim_tables}`` with the ``cite`` rules and prints, per rule, its severity and the
number of findings; ``--sample RULE`` prints a few of that rule's findings to read as an
editor would.  Compare two versions by running it with each on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import random
from pathlib import Path

from wikibox.lint.checker import check_text
from wikibox.lint.config import Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles"
ENWIKI_DIRS = ("wtf_wikipedia", "enwiki_gensim", "enwiki_gensim_tables")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default="2026-12-03")
    parser.add_argument("--sample", action="append", default=[])
    parser.add_argument("--size", type=int, default=8)
    args = parser.parse_args()
    settings = Settings(
        wiki="enwiki", select=("cite",), today=datetime.date.fromisoformat(args.today)
    )
    counts: collections.Counter = collections.Counter()
    severities: dict[str, str] = {}
    samples: dict[str, list[str]] = collections.defaultdict(list)
    pages = 0
    for directory in ENWIKI_DIRS:
        for path in sorted((CORPUS / directory).glob("*")):
            if path.suffix not in (".txt", ".wiki"):
                continue
            pages += 1
            text = path.read_text(encoding="utf-8")
            for finding in check_text(text, settings=settings, source=path.name):
                counts[finding.rule] += 1
                severities[finding.rule] = str(finding.severity)
                if finding.rule in args.sample:
                    samples[finding.rule].append(f"{path.name}:{finding.line}: {finding.message}")
    print(f"{pages} enwiki articles")
    print(f"{'rule':32} {'severity':8} {'findings':>8}")
    for rule, count in sorted(counts.items()):
        print(f"{rule:32} {severities[rule]:8} {count:8}")
    print(f"{'all':32} {'':8} {sum(counts.values()):8}")
    rng = random.Random(12)
    for rule, found in samples.items():
        print(f"\n{rule}: {len(found)}")
        for line in rng.sample(found, min(args.size, len(found))):
            print("  " + line)


if __name__ == "__main__":
    main()
