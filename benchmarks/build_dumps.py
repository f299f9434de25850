"""Build benchmark dumps from the real articles of the shared corpus.

    python benchmarks/build_dumps.py --scale 10 [--out /tmp/wikibox-bench] [--force]

Reads ``../shared/corpus/articles`` (relative to the repository; every article listed in its
``MANIFEST.json``) and writes, for scale N (the corpus repeated N times, copies retitled
``"<title> (copy k)"`` with new page ids):

* ``bench-Nx-pages-articles.xml.bz2``: one bz2 stream, like ``pages-articles.xml.bz2``;
* ``bench-Nx-pages-articles-multistream.xml.bz2`` and ``…-multistream-index.txt.bz2``: 100 pages
  a stream, like Wikimedia's multistream pair.

The text is the articles' own; nothing from the corpus is stored in the repository.  The two
files are compressed in parallel (bz2 at level 9 is the slow part: ~45 MB of text a scale step).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from wikibox.dump.reader import PageRecord
from wikibox.dump.writer import write_dump, write_multistream

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def corpus_articles(corpus: Path) -> list[tuple[str, str]]:
    """(title, text) for every article in the manifest, titles from each folder's INDEX.json."""
    manifest = json.loads((corpus / "MANIFEST.json").read_text(encoding="utf-8"))
    titles: dict[str, str] = {}
    for index in corpus.glob("*/INDEX.json"):
        for entry in json.loads(index.read_text(encoding="utf-8")):
            titles[f"{index.parent.name}/{entry['file']}"] = entry["title"]
    articles = []
    for entry in manifest:
        path = corpus / entry["file"]
        text = path.read_text(encoding="utf-8")
        # MediaWiki never stores these; XML 1.0 cannot carry them.
        text = _NOT_XML.sub("", text)
        articles.append((titles.get(entry["file"], path.stem), text))
    return articles


def scaled_pages(articles: list[tuple[str, str]], scale: int) -> Iterator[PageRecord]:
    page_id = 0
    for copy in range(scale):
        for title, text in articles:
            page_id += 1
            redirect = None
            match = re.match(r"\s*#\S+\s*\[\[([^\]|#]+)", text)
            if match and text.lstrip().upper().startswith("#REDIRECT"):
                redirect = match.group(1)
            yield PageRecord(
                title=title if copy == 0 else f"{title} (copy {copy})",
                page_id=page_id,
                revision_id=10_000_000 + page_id,
                namespace=0,
                text=text,
                redirect=redirect,
                source="",
                timestamp="2024-06-01T00:00:00Z",
            )


def paths(out: Path, scale: int) -> dict[str, Path]:
    stem = f"bench-{scale}x-pages-articles"
    return {
        "plain": out / f"{stem}.xml.bz2",
        "multistream": out / f"{stem}-multistream.xml.bz2",
        "index": out / f"{stem}-multistream-index.txt.bz2",
    }


def _build(kind: str, corpus: Path, scale: int, out: Path) -> tuple[str, float]:
    started = time.perf_counter()
    articles = corpus_articles(corpus)
    target = paths(out, scale)
    if kind == "plain":
        write_dump(scaled_pages(articles, scale), target["plain"])
    else:
        write_multistream(scaled_pages(articles, scale), target["multistream"], target["index"])
    return kind, time.perf_counter() - started


def build(scale: int, out: Path, corpus: Path = CORPUS, force: bool = False) -> dict[str, Path]:
    """Build (or reuse) the dumps for one scale; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    target = paths(out, scale)
    todo = []
    if force or not target["plain"].exists():
        todo.append("plain")
    if force or not (target["multistream"].exists() and target["index"].exists()):
        todo.append("multistream")
    if todo:
        with ProcessPoolExecutor(max_workers=len(todo)) as pool:
            jobs = [pool.submit(_build, kind, corpus, scale, out) for kind in todo]
            for job in jobs:
                kind, seconds = job.result()
                print(f"built {kind} dump for scale {scale} in {seconds:.1f} s")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="copies of the corpus (default 1)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/wikibox-bench"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--force", action="store_true", help="rebuild files that exist")
    args = parser.parse_args()
    for name, path in build(args.scale, args.out, args.corpus, args.force).items():
        print(f"{name:12} {path}  {path.stat().st_size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
