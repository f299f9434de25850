"""Wikis without a profile are an error; a profile file describes a wiki; rules that need
conventions wikibox does not know for a wiki do not run there, and the check says so."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from wikibox import check
from wikibox.cli.main import main
from wikibox.errors import ConfigError

PAGE = (
    "Text.<ref>{{cite web |url=https://example.com/ |title=A |date=30 February 2020 "
    "|deadurl=no}}</ref>\n{{Références}}\n"
)
FRWIKI = """wikis:
  frwiki:
    language: fr
    script: Latin
    date_formats: [dmy, iso, my, y]
    reference_lists: [Références, Reflist]
    citation_needed: [Référence nécessaire]
    citation_module: unknown
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "Page.wiki"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def frwiki(tmp_path):
    path = tmp_path / "frwiki.yaml"
    path.write_text(FRWIKI, encoding="utf-8")
    return path


def test_a_wiki_without_a_profile_is_a_usage_error(page):
    result = run("check", "--wiki", "enwik", page)
    assert result.exit_code == 2
    assert "unknown wiki 'enwik'" in result.stderr
    assert "enwiki, jawiki" in result.stderr and "--profile FILE" in result.stderr
    assert "Traceback" not in result.stdout


def test_the_library_refuses_an_unknown_wiki_too():
    with pytest.raises(ConfigError, match="unknown wiki 'frwiki'"):
        check(PAGE, wiki="frwiki")


def test_a_profile_file_describes_the_wiki(page, frwiki):
    result = run("check", "--wiki", "frwiki", "--profile", frwiki, page)
    # {{Références}} is frwiki's reference list, so no "no reference list" finding; the
    # citation rules that need the CS1 module do not run, and stderr says so.
    assert "ref-no-references-list" not in result.stdout
    assert "cite-date-invalid" not in result.stdout and "cite-unknown-param" not in result.stdout
    assert result.exit_code == 0, result.output
    assert "not run because frwiki's citation module is unknown" in result.stderr
    assert "cite-date-invalid" in result.stderr


def test_the_config_key_profile(page, frwiki, tmp_path):
    (tmp_path / "wikibox.toml").write_text(
        f'wiki = "frwiki"\nprofile = "{frwiki.name}"\n', encoding="utf-8"
    )
    result = run("check", page)
    assert result.exit_code == 0, result.output + result.stderr
    assert "not run because frwiki's citation module is unknown" in result.stderr


def test_cite_rules_do_not_run_on_a_wiki_without_cs1(page):
    result = run("check", "--wiki", "ruwiki", "--select", "cite", page)
    assert "cite-date-invalid" not in result.stdout
    assert "not run because ruwiki has no CS1 citation module" in result.stderr


def test_enwiki_still_gets_the_citation_rules(page):
    result = run("check", "--wiki", "enwiki", "--select", "cite", page)
    assert result.exit_code == 1
    assert "cite-date-invalid" in result.stdout and "cite-unknown-param" in result.stdout
    assert "not run" not in result.stderr


def test_a_profile_naming_an_unknown_module_family_is_an_error(page, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(FRWIKI.replace("citation_module: unknown", "citation_module: cs2"))
    result = run("check", "--wiki", "frwiki", "--profile", bad, page)
    assert result.exit_code == 2 and "citation_module of 'frwiki'" in result.stderr
