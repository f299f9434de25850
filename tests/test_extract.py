"""`wikibox extract` on the example article and on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.model.spec import validate_spec

EXAMPLE = Path(__file__).parents[1] / "examples" / "putin-trump-call-2025-02" / "article.wiki"


@pytest.fixture(scope="module")
def spec():
    result = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--wiki", "jawiki"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_spec_is_valid_against_its_schema(spec):
    assert validate_spec(spec) == []


def test_title_from_first_line_comment(spec):
    assert spec["title"] == "2025年2月のプーチン・トランプ大統領電話会談"


def test_infobox_date(spec):
    date = spec["infobox"]["date"]
    assert (date["iso"], date["precision"], date["format"]) == ("2025-02-12", "day", "ja")


def test_two_participants_with_targets_and_countries(spec):
    people = [(p["target"], p["country"]) for p in spec["infobox"]["participants"]]
    assert people == [("ドナルド・トランプ", "USA"), ("ウラジーミル・プーチン", "RUS")]


def test_previous_and_next(spec):
    assert spec["infobox"]["previous"]["target"] == "ドナルド・トランプの2度目の就任"
    assert spec["infobox"]["next"]["target"] == "2025年ロシア・米国首脳会談"


def test_every_ref_is_accounted_for(spec):
    text = EXAMPLE.read_text(encoding="utf-8")
    refs = spec["references"]
    assert sum(r["uses"] for r in refs) == text.count("<ref")
    reused = [r for r in refs if r["uses"] > 1]
    assert [(r["key"], r["uses"], len(r["use_spans"])) for r in reused] == [("cnn-liptak", 2, 1)]
    assert len(refs) == 37
    assert sum(1 for r in refs if "bare_url" in r) == 4
    assert all(r.get("template") in ("Cite news", "Cite web") for r in refs if "bare_url" not in r)


def test_param_spans_point_into_the_file(spec):
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for param in spec["infobox"]["params"]:
        span = param["span"]
        assert lines[span["line"] - 1][span["column"] - 1 :].startswith(param["name"])


def test_yaml_output_is_the_same_document(spec):
    result = CliRunner().invoke(
        main, ["extract", str(EXAMPLE), "--wiki", "jawiki", "--format", "yaml"]
    )
    assert result.exit_code == 0
    assert yaml.safe_load(result.output) == spec


def test_stdin_input():
    text = "{{Infobox summit meeting|date=12 February 2025}}"
    result = CliRunner().invoke(main, ["extract", "-"], input=text)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["infobox"]["date"]["format"] == "dmy"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfeab", "not UTF-8: byte 0xff at byte offset 0"),
        (b"ok\nbad \xe3\x81 here", ":2:5: not UTF-8"),
        (b"   \n", "the page is empty"),
    ],
)
def test_bad_input_exits_2_with_the_file_name(tmp_path, content, message):
    page = tmp_path / "page.wiki"
    page.write_bytes(content)
    result = CliRunner().invoke(main, ["extract", str(page)])
    assert result.exit_code == 2
    assert str(page) in result.output and message in result.output


def test_missing_file_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.wiki")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_import_does_not_import_pywikibot():
    code = "import sys, wikibox, wikibox.cli; assert 'pywikibot' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_help_texts():
    runner = CliRunner()
    assert "extract" in runner.invoke(main, ["--help"]).output
    assert "article spec" in runner.invoke(main, ["extract", "--help"]).output


def test_library_verbs_as_the_readme_shows():
    import datetime

    import yaml

    import wikibox

    text = EXAMPLE.read_text(encoding="utf-8")
    article = wikibox.parse(text, wiki="jawiki")
    assert (article.infobox.get("date").span.line, article.infobox.get("date").span.column) == (
        7,
        3,
    )
    assert article.infobox_date().isoformat() == "2025-02-12"
    today = datetime.date(2026, 11, 26)
    assert wikibox.check(text, wiki="jawiki", today=today)
    fixed, applied = wikibox.fix(text, wiki="jawiki", today=today)
    assert applied and not wikibox.fix(fixed, wiki="jawiki", today=today)[1]
    new = wikibox.set_value(text, "infobox.host_country", "[[アメリカ合衆国]]", wiki="jawiki")
    assert "| host_country = [[アメリカ合衆国]]" in new
    spec_path = EXAMPLE.parent / "article.yaml"
    rendered = wikibox.render(spec_path, wiki="jawiki")
    assert rendered == (EXAMPLE.parent / "rendered.jawiki.wiki").read_text(encoding="utf-8")
    as_dict = yaml.safe_load(spec_path.read_text(encoding="utf-8"))  # dates become date objects
    assert wikibox.render(as_dict, wiki="jawiki") == rendered
