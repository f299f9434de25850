"""A rule's ``needs`` pattern is a necessary condition: where it is absent, the rule is silent.

The engine skips a rule whose ``needs`` is nowhere in the page.  That must never hide a finding:
on corpus pages without the pattern (../shared/corpus, read in place), the rule run without its
precondition reports nothing; on fixtures with the pattern, the rule still runs.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from wikibox.lint.config import Settings
from wikibox.lint.engine import run_rules
from wikibox.lint.rules import REGISTRY
from wikibox.model.build import parse

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles"
TODAY = datetime.date(2026, 1, 1)
WITH_NEEDS = sorted(name for name, rule in REGISTRY.items() if rule.needs is not None)
#: Every tenth page (about 115): enough variety, a few seconds.
SAMPLE_STEP = 10


def test_some_rules_declare_needs():
    assert "wt-invisible-char" in WITH_NEEDS


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
@pytest.mark.parametrize("name", WITH_NEEDS)
def test_rule_is_silent_where_its_needs_are_absent(name):
    rule = REGISTRY[name]
    unconditional = {name: dataclasses.replace(rule, needs=None)}
    settings = Settings(select=(name,), today=TODAY)
    paths = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".wiki", ".txt"))
    checked = 0
    for path in paths[::SAMPLE_STEP]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if rule.needs.search(text):
            continue
        checked += 1
        findings = run_rules(parse(text), unconditional, settings)
        assert findings == [], f"{name} fires on {path.name} without its needs pattern"
    assert checked > 20


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
