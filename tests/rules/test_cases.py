"""Every rule case under tests/rules/cases/ — one YAML file per rule — run by one test.

A file looks like::

    rule: infobox-unknown-param
    wiki: enwiki                # optional, default enwiki
    today: 2026-01-01           # optional, default 2026-01-01
    cases:
      - name: misspelled participants
        title: Some page        # optional page title
        pages: {Other page: "{{Infobox …}}"}   # optional: other pages of a series
        options: {}             # optional: the rule's options
        schemas: {Infobox x: {params: …}}   # optional: TemplateData the case brings along
        wikitext: |
          {{Infobox summit meeting
          | partcipants = x
          }}
        findings:
          - {line: 2, column: 3, message: "did you mean"}   # message: a substring, optional
        fixed: |                # optional: the text after `wikibox fix` (only this rule)
          …

Only the rule under test runs, so a case lists exactly that rule's findings.  Every case is
also checked for the round trip, and, when ``fixed`` is given, that fixing again changes
nothing and the fixed text no longer has the findings.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from wikibox.lint.checker import check_text
from wikibox.lint.config import Settings
from wikibox.lint.rules import REGISTRY
from wikibox.model.build import parse
from wikibox.model.resolve import StaticResolver

CASES_DIR = Path(__file__).parent / "cases"
DEFAULT_TODAY = datetime.date(2026, 1, 1)


def load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(data["cases"], start=1):
            case_id = f"{data['rule']}:{number}:{case.get('name', '')}"
            yield pytest.param(data, case, id=case_id)


ALL_CASES = list(load_cases())


def settings_for(data, case) -> Settings:
    today = case.get("today", data.get("today", DEFAULT_TODAY))
    if isinstance(today, str):
        today = datetime.date.fromisoformat(today)
    wiki = case.get("wiki", data.get("wiki", "enwiki"))
    return Settings(
        wiki=wiki,
        select=(data["rule"],),
        today=today,
        options={data["rule"]: case["options"]} if case.get("options") else {},
        schema_dirs=(case_schema_dir(case["schemas"], wiki),) if case.get("schemas") else (),
    )


def case_schema_dir(schemas: dict, wiki: str) -> Path:
    """A directory holding the TemplateData a case brings along (one per distinct content)."""
    import hashlib
    import json
    import tempfile

    blob = json.dumps(schemas, sort_keys=True, ensure_ascii=False)
    root = Path(tempfile.gettempdir()) / "wikibox-case-schemas"
    directory = root / hashlib.sha256(blob.encode()).hexdigest()[:16]
    (directory / wiki).mkdir(parents=True, exist_ok=True)
    for name, templatedata in schemas.items():
        (directory / wiki / f"{name}.json").write_text(
            json.dumps(templatedata, ensure_ascii=False), encoding="utf-8"
        )
    return directory


def run_case(data, case, text):
    settings = settings_for(data, case)
    resolver = None
    if case.get("pages") is not None:
        resolver = StaticResolver(case["pages"], wiki=settings.wiki)
    return check_text(text, settings=settings, title=case.get("title"), resolver=resolver)


@pytest.mark.parametrize(("data", "case"), ALL_CASES)
def test_rule_case(data, case):
    assert data["rule"] in REGISTRY, f"unknown rule {data['rule']!r}"
    text = case["wikitext"]
    assert str(parse(text).code) == text
    findings = run_case(data, case, text)
    got = [(f.line, f.column) for f in findings]
    want = [(f["line"], f["column"]) for f in case["findings"]]
    assert got == want, [f.message for f in findings]
    for finding, expected in zip(findings, case["findings"], strict=False):
        assert finding.rule == data["rule"]
        if "message" in expected:
            assert expected["message"] in finding.message
        if "fixable" in expected:
            assert finding.fixable == expected["fixable"]
    if "fixed" in case:
        from wikibox.edit.fixes import fix_text

        settings = settings_for(data, case)
        fixed, _ = fix_text(text, settings=settings, unsafe=case.get("unsafe", False))
        assert fixed == case["fixed"]
        again, applied = fix_text(fixed, settings=settings, unsafe=case.get("unsafe", False))
        assert again == fixed and not applied


def test_every_rule_has_enough_cases():
    """At least 3 failing and 2 passing cases per rule."""
    failing: dict[str, int] = dict.fromkeys(REGISTRY, 0)
    passing: dict[str, int] = dict.fromkeys(REGISTRY, 0)
    for param in ALL_CASES:
        data, case = param.values
        if case["findings"]:
            failing[data["rule"]] += 1
        else:
            passing[data["rule"]] += 1
    short = {
        name: (failing[name], passing[name])
        for name in REGISTRY
        if failing[name] < 3 or passing[name] < 2
    }
    assert not short, f"rules with too few cases (failing, passing): {short}"
