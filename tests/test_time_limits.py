"""A page that takes too long is an input error naming the file, in every command that parses
one (as in `scan`); the other files of a batch are still checked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main

# mwparserfromhell needs seconds for this (quadratic in the unclosed "{{").
SLOW_PAGE = "{{a|" * 4000
GOOD_PAGE = "Text.<ref>https://example.org/a</ref>\n\n== References ==\n{{Reflist}}\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def pages(tmp_path):
    slow, good = tmp_path / "Slow.wiki", tmp_path / "Good.wiki"
    slow.write_text(SLOW_PAGE, encoding="utf-8")
    good.write_text(GOOD_PAGE, encoding="utf-8")
    return slow, good


def test_check_cuts_a_slow_page_off_and_checks_the_others(pages):
    slow, good = pages
    result = run("check", str(slow), str(good), "--wiki", "enwiki", "--timeout", "0.3",
                 "--format", "json")  # fmt: skip
    assert result.exit_code == 2
    assert f"{slow}: took longer than 0.3 s" in result.stderr
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == [str(good)] and files[0]["findings"]


@pytest.mark.parametrize("command", ["extract", "set"])
def test_extract_and_set_use_the_configured_limit(pages, tmp_path, command):
    slow, _ = pages
    (tmp_path / "wikibox.toml").write_text("page_timeout = 0.3\n")
    args = [command, str(slow), "--wiki", "enwiki"]
    if command == "set":
        args[2:2] = ["infobox.date", "2025-02-12"]
    result = run(*args)
    assert result.exit_code == 2
    assert "took longer than 0.3 s" in result.stderr
    assert slow.read_text(encoding="utf-8") == SLOW_PAGE  # nothing written


def test_fix_goes_on_after_a_slow_page(pages):
    slow, good = pages
    result = run("fix", str(slow), str(good), "--wiki", "enwiki", "--timeout", "0.3")
    assert result.exit_code == 2
    assert "took longer than 0.3 s" in result.stderr
    assert slow.read_text(encoding="utf-8") == SLOW_PAGE
    assert str(good) in result.stdout  # reported: fixed or nothing to fix


@pytest.mark.parametrize("value", ["-1", "nan", '"soon"', "true"])
def test_a_bad_page_timeout_is_one_config_error(tmp_path, value):
    page = tmp_path / "Page.wiki"
    page.write_text(GOOD_PAGE, encoding="utf-8")
    (tmp_path / "wikibox.toml").write_text(f"page_timeout = {value}\n")
    result = run("check", str(page))
    assert result.exit_code == 2
    assert "page_timeout" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["check", "fix"])
@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_a_nonsense_timeout_flag_is_a_usage_error_naming_it(pages, command, value):
    _, good = pages
    result = run(command, "--timeout", value, str(good))
    assert result.exit_code == 2
    assert "'--timeout'" in result.stderr
    assert good.read_text(encoding="utf-8") == GOOD_PAGE


def test_preview_is_cut_off_too(pages, tmp_path):
    slow, _ = pages
    (tmp_path / "wikibox.toml").write_text("page_timeout = 0.3\n")
    result = run("preview", str(slow), "--wiki", "enwiki", "-o", str(tmp_path / "out.html"))
    assert result.exit_code == 2
    assert "took longer than 0.3 s" in result.stderr
    assert not (tmp_path / "out.html").exists()
