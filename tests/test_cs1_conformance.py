"""wikibox's cite-* rules against enwiki's own citation module, run on the test wiki.

The module's Lua source is third-party (CC BY-SA) and stays outside the repository, in
``../shared/reference/cs1/enwiki``; without it these tests skip and say so.  The corpus
articles (``../shared/corpus/articles``) likewise.  The normal suite compares a deterministic
sample of corpus citations and the generated edge cases; the whole corpus runs with
``pytest -m corpus`` or ``WIKIBOX_CS1_FULL=1`` (about four minutes).

A disagreement must be listed in ``tests/data/cs1-known-disagreements.yaml`` with a reason,
and a listed one that no longer happens must be taken off: the list only shrinks.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from wikibox.testing.cs1 import cs1_source, install_cs1, render_citations, wiki_today
from wikibox.testing.cs1_cases import edge_cases
from wikibox.testing.cs1_compare import Case, Outcome, RuleMap, compare, corpus_cases, sample
from wikibox.testing.cs1_known import KnownDisagreements, key_of
from wikibox.testing.wiki import TestWiki

REPO = Path(__file__).resolve().parents[1]
SOURCE = cs1_source(REPO)
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
RULE_MAP = REPO / "tests" / "data" / "cs1-rule-map.yaml"
KNOWN = REPO / "tests" / "data" / "cs1-known-disagreements.yaml"
SAMPLE_SIZE = 300

pytestmark = [
    pytest.mark.wiki,
    pytest.mark.skipif(
        not SOURCE.is_dir(), reason=f"the CS1 module's source is not here: {SOURCE} is absent"
    ),
]


@pytest.fixture(scope="module")
def cs1_wiki(test_wiki: TestWiki) -> TestWiki:
    """The session's test wiki with Module:Citation/CS1 and the citation templates."""
    install_cs1(test_wiki, SOURCE)
    return test_wiki


def verdict_of(wiki: TestWiki, citation: str):
    [verdict] = render_citations(wiki, [citation])
    assert not verdict.script_error, verdict.script_error
    return verdict


# (a) The oracle itself.


def test_a_day_that_does_not_exist_is_a_date_error(cs1_wiki: TestWiki) -> None:
    verdict = verdict_of(
        cs1_wiki, "{{cite web |url=https://example.com/a |title=A |date=32 May 2020}}"
    )
    assert verdict.errors == {"CS1 errors: dates"}
    assert verdict.anchors == ("bad_date",)
    assert "Check date values in: |date=" in verdict.messages[0].text


def test_accessdate_is_still_accepted(cs1_wiki: TestWiki) -> None:
    verdict = verdict_of(
        cs1_wiki, "{{cite web |url=https://example.com/a |title=A |accessdate=5 May 2020}}"
    )
    assert verdict.errors == set()
    assert verdict.messages == ()


def test_deadurl_is_an_unsupported_parameter(cs1_wiki: TestWiki) -> None:
    verdict = verdict_of(cs1_wiki, "{{cite web |url=https://example.com/a |title=A |deadurl=no}}")
    assert verdict.errors == {"CS1 errors: unsupported parameter"}
    assert verdict.anchors == ("parameter_ignored_suggest",)


def test_each_citation_of_a_batch_gets_its_own_verdict(cs1_wiki: TestWiki) -> None:
    citations = [
        "{{cite web |url=https://example.com/a |title=A}}",
        "{{cite book |title=A |isbn=978-0-306-40615-8}}",
        "{{cite web |title=A}}",
        "{{cite news |title=A |date=2020-21}}",
    ]
    verdicts = render_citations(cs1_wiki, citations, batch_size=3)
    assert [v.wikitext for v in verdicts] == citations
    assert [v.errors for v in verdicts] == [
        set(),
        {"CS1 errors: ISBN"},
        {"CS1 errors: requires URL"},
        set(),
    ]
    assert verdicts[3].maintenance == {"CS1 maint: date format"}


def test_a_template_the_wiki_lacks_is_no_verdict(cs1_wiki: TestWiki) -> None:
    [verdict] = render_citations(cs1_wiki, ["{{cite no such thing |title=A}}"])
    assert verdict.script_error.startswith("no citation rendered")


# (b) and (c) The comparison.


def run(wiki: TestWiki, cases: Sequence[Case]) -> list[Outcome]:
    today = wiki_today(wiki)
    verdicts = render_citations(wiki, [case.wikitext for case in cases])
    return compare(cases, verdicts, RuleMap.load(RULE_MAP), today)


def assert_known(outcomes: Sequence[Outcome]) -> None:
    failed = [f"{o.case.id}: {o.script_error[:200]}" for o in outcomes if o.script_error]
    assert not failed, "the module failed on:\n" + "\n".join(failed)
    known = KnownDisagreements.load(KNOWN)
    found = {key_of(d) for outcome in outcomes for d in outcome.disagreements()}
    listed = known.keys(outcome.case.id for outcome in outcomes)
    new, gone = sorted(found - listed), sorted(listed - found)
    assert not new, (
        "disagreements with Module:Citation/CS1 that cs1-known-disagreements.yaml does not list"
        " (fix the rule, or list them with a reason):\n" + "\n".join(new)
    )
    assert not gone, (
        "listed disagreements that agree now: take them off cs1-known-disagreements.yaml\n"
        + "\n".join(gone)
    )


def test_every_known_group_has_a_reason() -> None:
    assert KnownDisagreements.load(KNOWN).unexplained() == []


def test_edge_cases_and_a_corpus_sample_agree_or_are_known(cs1_wiki: TestWiki) -> None:
    cases = edge_cases(wiki_today(cs1_wiki))
    if CORPUS.is_dir():
        cases = sample(corpus_cases(CORPUS).cases, SAMPLE_SIZE) + cases
    outcomes = run(cs1_wiki, cases)
    assert_known(outcomes)
    if not CORPUS.is_dir():
        pytest.skip(f"edge cases only: the corpus is not here ({CORPUS} is absent)")


@pytest.mark.corpus
def test_whole_corpus_agrees_or_is_known(
    cs1_wiki: TestWiki, request: pytest.FixtureRequest
) -> None:
    asked = "corpus" in (request.config.getoption("markexpr") or "")
    if not (asked or os.environ.get("WIKIBOX_CS1_FULL")):
        pytest.skip("the whole corpus runs with `pytest -m corpus` or WIKIBOX_CS1_FULL=1")
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus is not here: {CORPUS} is absent")
    assert_known(run(cs1_wiki, corpus_cases(CORPUS).cases + edge_cases(wiki_today(cs1_wiki))))
