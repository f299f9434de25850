"""Infobox values as a reader sees them (issue 13): the expansion of each kind of template,
and the roles of each infobox family.  The fixtures are in tests/data/readings.yaml and
tests/data/infobox-families.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wikibox import parse
from wikibox.model.readings import read_value
from wikibox.model.spec import article_spec, validate_spec

DATA = Path(__file__).parent / "data"
READINGS = yaml.safe_load((DATA / "readings.yaml").read_text(encoding="utf-8"))
FAMILIES = yaml.safe_load((DATA / "infobox-families.yaml").read_text(encoding="utf-8"))
READING_CASES = {
    f"{group}: {name}": case for group, cases in READINGS.items() for name, case in cases.items()
}


@pytest.mark.parametrize("case", READING_CASES.values(), ids=READING_CASES.keys())
def test_reading(case):
    reading = read_value(case["value"], case.get("wiki", "enwiki"))
    if "text" in case:
        assert reading.text == case["text"]
    if "items" in case:
        assert list(reading.items) == case["items"]
    if "date" in case:
        assert (reading.date.isoformat() if reading.date else None) == case["date"]
    if "files" in case:
        assert list(reading.files) == case["files"]
    assert list(reading.unexpanded) == case.get("unexpanded", [])


def test_every_expansion_kind_has_fixtures():
    assert {"lists", "dates", "formatting", "currency and numbers", "flags", "files"} <= set(
        READINGS
    )


@pytest.mark.parametrize("case", FAMILIES.values(), ids=FAMILIES.keys())
def test_family(case):
    text = case["wikitext"]
    article = parse(text, wiki=case.get("wiki", "enwiki"))
    assert str(article.code) == text  # the round trip stays exact
    spec = article_spec(article, spans=False)
    assert validate_spec(spec) == []
    box, expect = spec["infobox"], case["expect"]
    assert box["kind"] == expect["kind"]
    if "date" in expect:
        assert box["date"]["iso"] == expect["date"]
    for role in ("previous", "next"):
        if role in expect:
            assert box[role]["target"] == expect[role]
    for role, wanted in expect.get("roles", {}).items():
        reading = box["role_readings"][role]
        for key, value in wanted.items():
            got = reading["date"]["iso"] if key == "date" else reading.get(key)
            assert got == value, (role, key)


def test_unknown_template_never_blanks_a_param_in_the_spec():
    article = parse("{{Infobox person\n| known_for = {{Mystery|x}}\n}}")
    param = article_spec(article, spans=False)["infobox"]["params"][0]
    assert param["text"] == "{{Mystery|x}}"
    assert param["unexpanded"] == ["Mystery"]


def test_image_keeps_the_file_and_reads_its_name():
    article = parse("{{Infobox company\n| logo = [[File:Logo.svg|frameless]]\n}}")
    param = article_spec(article, spans=False)["infobox"]["params"][0]
    assert param["value"] == "[[File:Logo.svg|frameless]]"
    assert param["text"] == "Logo.svg"
    assert param["files"] == ["Logo.svg"]
