"""A rule's ``needs`` is a necessary condition: where it does not hold, the rule is silent.

The engine skips a rule whose ``needs`` (a pattern or a predicate) does not hold on the page.
That must never hide a finding: on corpus pages where it does not hold (../shared/corpus, read
in place, with the wiki of its folder and the file's name as title), the rule run without its
precondition reports nothing; on fixtures where it holds, the rule still runs.
"""

from __future__ import annotations

import dataclasses
import datetime
from functools import cache
from pathlib import Path

import pytest
import yaml

from wikibox.lint.config import Settings
from wikibox.lint.engine import run_rules
from wikibox.lint.rules import REGISTRY
from wikibox.lint.rules.base import PageText
from wikibox.model.article import Article
from wikibox.model.build import parse
from wikibox.model.profiles import wiki_config

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles"
#: The wiki of each corpus folder (enwiki for the others).
CORPUS_WIKIS = {
    "jawiki_xztextfilter": "jawiki",
    "ukwiki_xztextfilter": "ukwiki",
    "viwiki_xztextfilter": "viwiki",
    "bgwiki_gensim": "bgwiki",
}
CASES = Path(__file__).parent / "data" / "rule-needs.yaml"
TODAY = datetime.date(2026, 1, 1)
WITH_NEEDS = sorted(name for name, rule in REGISTRY.items() if rule.needs is not None)
#: Every tenth page (about 115): enough variety, a few seconds.
SAMPLE_STEP = 10


@cache
def sample() -> list[tuple[Path, str, PageText]]:
    """The sampled corpus pages: path, wiki, and the page as a ``needs`` sees it."""
    paths = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".wiki", ".txt"))
    pages = []
    for path in paths[::SAMPLE_STEP]:
        wiki = CORPUS_WIKIS.get(path.parent.name, "enwiki")
        text = path.read_text(encoding="utf-8", errors="replace")
        pages.append((path, wiki, PageText(text, path.stem, wiki_config(wiki))))
    return pages


@cache
def parsed(path: Path) -> Article:
    _, wiki, page = next(entry for entry in sample() if entry[0] == path)
    return parse(page.text, title=page.title, wiki=wiki)


def test_some_rules_declare_needs():
    assert {"wt-invisible-char", "wt-self-link", "ref-undefined"} <= set(WITH_NEEDS)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
@pytest.mark.parametrize("name", WITH_NEEDS)
def test_rule_is_silent_where_its_needs_are_absent(name):
    rule = REGISTRY[name]
    unconditional = {name: dataclasses.replace(rule, needs=None)}
    checked = 0
    for path, wiki, page in sample():
        if rule.may_fire(page):
            continue
        checked += 1
        settings = Settings(select=(name,), today=TODAY, wiki=wiki)
        findings = run_rules(parsed(path), unconditional, settings)
        assert findings == [], f"{name} fires on {path.name} where its needs do not hold"
    assert checked > 20


def _cases() -> list[dict]:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c['rule']}: {c['wikitext'][:40]}")
def test_needs_on_small_pages(case):
    rule = REGISTRY[case["rule"]]
    wiki = case.get("wiki", "enwiki")
    page = PageText(case["wikitext"], case.get("title"), wiki_config(wiki))
    assert rule.may_fire(page) is case["holds"]
    unconditional = {rule.name: dataclasses.replace(rule, needs=None)}
    article = parse(case["wikitext"], title=case.get("title"), wiki=wiki)
    settings = Settings(select=(rule.name,), today=TODAY, wiki=wiki)
    assert bool(run_rules(article, unconditional, settings)) is case["fires"]


def test_every_case_that_fires_holds():
    assert all(case["holds"] for case in _cases() if case["fires"])


def test_a_rule_runs_where_its_needs_are_present():
    text = "The\u200b city."
    findings = run_rules(parse(text), REGISTRY, Settings(select=("wt-invisible-char",)))
    assert [f.rule for f in findings] == ["wt-invisible-char"]


def test_every_flag_template_name_holds_flag():
    """infobox-flag-only skips values without "flag" in them: every flag template it knows
    must have that word in its name (a new one without it would be missed)."""
    from wikibox.model.semantics import FLAG_TEMPLATES

    assert all("flag" in name.casefold() for name in FLAG_TEMPLATES)
    text = "{{Infobox summit meeting\n| participants = {{F<!-- -->lagicon|USA}}\n}}"
    findings = run_rules(parse(text), REGISTRY, Settings(select=("infobox-flag-only",)))
    assert [f.rule for f in findings] == ["infobox-flag-only"]


def test_every_ref_template_name_holds_a_maker_word():
    """The ref rules need a ``<ref`` or a word of a ref-making template's name: a template
    added to REF_TEMPLATES without one would make refs the engine never looks for."""
    from wikibox.lint.rules.ref.index import MAKER_WORDS, REF_TEMPLATES

    names = [name for makers in REF_TEMPLATES.values() for name in makers]
    assert all(any(word.search(name) for word in MAKER_WORDS) for name in names)
