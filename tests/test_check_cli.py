"""`wikibox check`: formats, exit codes, config layering, suppression, the example article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.lint.catalogue import missing_sections, rules_markdown
from wikibox.lint.rules import REGISTRY

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "putin-trump-call-2025-02" / "article.wiki"
BROKEN = """{{Infobox summit meeting
| date = 30 February 2025
| partcipants = [[A]]
}}
"""


def run(*args, cwd=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def broken(tmp_path):
    page = tmp_path / "Broken.wiki"
    page.write_text(BROKEN, encoding="utf-8")
    return page


def test_text_format_and_exit_code(broken):
    result = run("check", broken, "--select", "infobox", "--today", "2026-01-01")
    assert result.exit_code == 1
    assert f"{broken}:2:10: error infobox-date-invalid date '30 February 2025'" in result.output
    assert f"{broken}:3:3: error infobox-unknown-param" in result.output
    assert result.output.rstrip().endswith(
        "3 findings (2 errors, 1 warning) in 1 file; 1 more with `wikibox fix --unsafe-fixes`."
    )


def test_json_shape(broken):
    result = run("check", broken, "--format", "json", "--select", "infobox-unknown-param")
    document = json.loads(result.output)
    assert list(document) == ["files", "summary"]
    (entry,) = document["files"]
    assert entry["path"] == str(broken)
    (finding,) = entry["findings"]
    assert set(finding) == {
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "fixable",
    }
    assert (finding["line"], finding["column"], finding["fixable"]) == (3, 3, False)
    assert document["summary"]["error"] == 1


def test_sarif(broken):
    result = run("check", broken, "--format", "sarif", "--select", "infobox")
    sarif = json.loads(result.output)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    rule_ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert "infobox-date-invalid" in rule_ids
    assert all(r["help"]["text"] for r in run_["tool"]["driver"]["rules"])
    region = run_["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1


def test_github_annotations(broken):
    result = run("check", broken, "--format", "github", "--select", "infobox-unknown-param")
    assert result.output.startswith(f"::error file={broken},line=3,col=3,")
    assert "title=infobox-unknown-param::" in result.output


def test_clean_page_exits_0(tmp_path):
    page = tmp_path / "Clean.wiki"
    page.write_text("{{Infobox summit meeting|date=12 February 2025}}\n", encoding="utf-8")
    result = run("check", page, "--select", "infobox-date-invalid")
    assert result.exit_code == 0
    assert "No findings in 1 file." in result.output


def test_severity_threshold(broken):
    result = run("check", broken, "--select", "infobox", "--severity", "error", "--format", "json")
    severities = {f["severity"] for f in json.loads(result.output)["files"][0]["findings"]}
    assert severities == {"error"}


def test_unknown_rule_is_a_usage_error(broken):
    result = run("check", broken, "--select", "infobox-unknwn-param")
    assert result.exit_code == 2
    assert "unknown rule or family 'infobox-unknwn-param'" in result.output
    assert "did you mean 'infobox-unknown-param'" in result.output


def test_config_layering(tmp_path, broken):
    """wikibox.toml < --config < flags."""
    (tmp_path / "wikibox.toml").write_text('select = ["infobox-unknown-param"]\n')
    assert _rules(run("check", broken, "--format", "json")) == {"infobox-unknown-param"}
    extra = tmp_path / "extra.toml"
    extra.write_text('select = ["infobox-date-invalid"]\n')
    assert _rules(run("check", broken, "--format", "json", "--config", extra)) == {
        "infobox-date-invalid"
    }
    result = run("check", broken, "--format", "json", "--config", extra, "--select", "infobox")
    assert "infobox-unknown-param" in _rules(result)


def test_pyproject_tool_table_and_per_rule_severity(tmp_path, broken):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.wikibox]\nselect = ["infobox-date-invalid"]\n'
        '[tool.wikibox.rules.infobox-date-invalid]\nseverity = "warning"\n'
    )
    result = run("check", broken, "--format", "json")
    (finding,) = json.loads(result.output)["files"][0]["findings"]
    assert finding["severity"] == "warning"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("colour = true\n", "unknown setting 'colour'"),
        ('[rules.no-such-rule]\nseverity = "info"\n', "unknown rule 'no-such-rule'"),
        ("[rules.infobox-date-invalid]\nstrictness = 3\n", "has no option 'strictness'"),
        ('severity = "fatal"\n', "unknown severity 'fatal'"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_config_names_the_problem(tmp_path, broken, toml, message):
    (tmp_path / "wikibox.toml").write_text(toml)
    result = run("check", broken)
    assert result.exit_code == 2
    assert message in result.output


def test_suppression_comments(tmp_path):
    page = tmp_path / "P.wiki"
    page.write_text(
        "{{Infobox summit meeting\n"
        "<!-- wikibox-disable-next-line infobox-unknown-param -->\n"
        "| partcipants = [[A]]\n"
        "| atendees = [[B]]\n"
        "}}\n<!-- wikibox-disable infobox-date-invalid -->\n",
        encoding="utf-8",
    )
    result = run("check", page, "--format", "json", "--select", "infobox-unknown-param")
    lines = [f["line"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert lines == [4]


def test_rules_command_lists_and_documents():
    listing = run("rules").output
    assert all(name in listing for name in REGISTRY)
    doc = run("rules", "infobox-sequence-order").output
    assert "Why:" in doc and "Does not flag:" in doc
    assert run("rules", "nope").exit_code == 2


def test_every_rule_documents_its_sections():
    lacking = {name: missing_sections(rule) for name, rule in REGISTRY.items()}
    assert {k: v for k, v in lacking.items() if v} == {}


def test_docs_rules_md_is_up_to_date():
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_markdown(REGISTRY), (
        "run: python -m wikibox.lint.catalogue > docs/rules.md"
    )


def _rules(result) -> set[str]:
    return {f["rule"] for f in json.loads(result.output)["files"][0]["findings"]}
