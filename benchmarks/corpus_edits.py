"""Extended check (run by hand): minimal diffs on the real pages of ../shared/corpus.

``python benchmarks/corpus_edits.py [--limit N]`` reports, over every real article:

(a) parse and write back with no edit is byte-identical;
(b) setting one infobox parameter (the first named one with a one-line value) changes exactly
    one line;
(c) ``fix`` followed by ``check`` leaves none of the fixed findings, and ``fix`` again changes
    nothing.

The corpus is CC BY-SA data that stays outside the repository; this script only reads it.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import time
from collections import Counter
from pathlib import Path

from wikibox.edit.fixes import fix_text, set_template_param
from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.model.build import parse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles"
WIKI_OF_DIR = {"jawiki": "jawiki", "ukwiki": "ukwiki", "viwiki": "viwiki", "bgwiki": "bgwiki"}


def wiki_for(path: Path) -> str:
    prefix = path.parent.name.split("_")[0]
    return WIKI_OF_DIR.get(prefix, "enwiki")


def changed_line_count(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    paths = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".wiki", ".txt"))
    if args.limit:
        paths = paths[: args.limit]
    counts: Counter[str] = Counter()
    problems: list[str] = []
    today = datetime.date(2026, 1, 1)
    started = time.perf_counter()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        wiki = wiki_for(path)
        counts["pages"] += 1
        article = parse(text, wiki=wiki)
        if str(article.code) == text:
            counts["(a) round trip identical"] += 1
        else:
            problems.append(f"(a) {path.name}: round trip differs")
        box = article.infobox
        candidates = [p for p in (box.params if box else ()) if not p.positional]
        candidates = [p for p in candidates if "\n" not in p.raw.strip() and p.raw.strip()]
        if candidates:
            counts["(b) pages with an infobox param to set"] += 1
            edited = parse(text, wiki=wiki)
            target = next(p for p in edited.infobox.params if p.name == candidates[0].name)
            set_template_param(edited.infobox.node, target.name, "wikibox test value")
            lines = changed_line_count(text, str(edited.code))
            if lines == 1:
                counts["(b) exactly one line changed"] += 1
            else:
                problems.append(f"(b) {path.name}: {lines} lines changed")
        settings = Settings(wiki=wiki, today=today)
        fixed, applied = fix_text(text, settings=settings, title=path.stem)
        if applied:
            counts["(c) pages with fixes"] += 1
            counts["(c) fixes applied"] += len(applied)
            after = check_article(parse(fixed, wiki=wiki, title=path.stem), settings=settings)
            remaining = {f.rule for f in after if f.fixable} & {f.rule for f in applied}
            again, more = fix_text(fixed, settings=settings, title=path.stem)
            if not more and again == fixed:
                counts["(c) fixing again changes nothing"] += 1
            else:
                problems.append(f"(c) {path.name}: second fix applied {len(more)}")
            if remaining:
                counts["(c) pages where a fixed rule still finds a fixable problem"] += 1
                problems.append(f"(c) {path.name}: still {sorted(remaining)} after fix")
    elapsed = time.perf_counter() - started
    for key, value in counts.items():
        print(f"{key:60} {value}")
    print(f"{'elapsed':60} {elapsed:.1f} s")
    for line in problems[:40]:
        print(line)


if __name__ == "__main__":
    main()
