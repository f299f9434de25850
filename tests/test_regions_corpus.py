"""Regional parsing and the prefilter against a full parse, on every page of the shared corpus.

An infobox-only scan drops pages with :func:`~wikibox.lint.prefilter.prefilter` and parses only
the infobox regions of the others (:mod:`wikibox.model.regions`); a check with every rule parses
only the templates, refs and headings of a page where no rule that reads the prose can fire
(:mod:`wikibox.lint.plan`, :mod:`wikibox.model.page_regions`); both fall back to a full parse
when the region scanner is unsure.  The shortcuts must be invisible: on every corpus page
(../shared/corpus, CC BY-SA, read in place) the findings equal those of a full parse, and a
page the prefilter drops has no finding at all.  The test prints how many pages took each path
(run with ``-s``); ``benchmarks/bench_dump.py`` counts the same on dumps.
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path

import pytest

from wikibox.dump.reader import PageRecord
from wikibox.lint.config import Settings
from wikibox.lint.plan import plan_parse
from wikibox.scan.checks import check_dump_page, infobox_only_path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles"
WIKI_OF_FOLDER = {
    "jawiki_xztextfilter": "jawiki",
    "ukwiki_xztextfilter": "ukwiki",
    "viwiki_xztextfilter": "viwiki",
    "bgwiki_gensim": "bgwiki",
}
TODAY = datetime.date(2026, 1, 1)

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}"),
]


def corpus_pages() -> list[tuple[str, PageRecord]]:
    pages = []
    for path in sorted(CORPUS.glob("*/*")):
        if path.suffix not in (".wiki", ".txt"):
            continue
        wiki = WIKI_OF_FOLDER.get(path.parent.name, "enwiki")
        text = path.read_text(encoding="utf-8", errors="replace")
        record = PageRecord(
            title=path.stem,
            page_id=len(pages) + 1,
            revision_id=None,
            namespace=0,
            text=text,
            redirect=None,
            source=str(path),
            timestamp=None,
        )
        pages.append((wiki, record))
    return pages


def test_infobox_only_scan_equals_full_parse_on_every_corpus_page():
    paths: Counter[str] = Counter()
    differing = []
    pages = corpus_pages()
    assert len(pages) > 1000
    for wiki, page in pages:
        settings = Settings(wiki=wiki, select=("infobox",), today=TODAY)
        full = check_dump_page(page, settings=settings, regional=False)
        path = infobox_only_path(page.text, settings)
        paths[path] += 1
        if path == "dropped":
            if full:
                differing.append((page.source, "dropped", full[:2]))
            continue
        regional = check_dump_page(page, settings=settings, regional=True)
        if regional != full:
            differing.append((page.source, "regional", regional[:2], full[:2]))
    print(f"\n{len(pages)} corpus pages, infobox-only: {dict(paths)}")
    assert differing == []
    # The shortcuts are really taken (the test would pass trivially otherwise).
    assert paths["dropped"] > 500
    assert paths["infobox regions"] > 300


def test_default_rules_on_page_regions_equal_full_parse_on_every_corpus_page():
    """Every rule, on as little of each page as the rules read (lint/plan.py), against a full
    parse: the same findings on every corpus page, and most pages are not parsed whole."""
    paths: Counter[str] = Counter()
    differing = []
    for wiki, page in corpus_pages():
        settings = Settings(wiki=wiki, today=TODAY)
        paths[plan_parse(page.text, settings, title=page.title)[0]] += 1
        full = check_dump_page(page, settings=settings, regional=False)
        regional = check_dump_page(page, settings=settings, regional=True)
        if regional != full:
            differing.append((page.source, regional[:2], full[:2]))
    print(f"\ncorpus pages, every rule: {dict(paths)}")
    assert differing == []
    assert paths["page regions"] > 700
