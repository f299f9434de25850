"""`wikibox rules` as a new user reads it: a header, whole summaries, plain text, families."""

from __future__ import annotations

from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.lint.rules import FAMILIES, REGISTRY


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_listing_has_a_header_row():
    first = run("rules").output.splitlines()[0].split()
    assert first == ["rule", "severity", "fix", "summary"]


def test_summaries_are_whole_sentences():
    listing = run("rules").output
    # this summary wraps onto a second docstring line; the listing used to stop at "lies"
    assert "is impossible, or lies after today (--today)." in listing
    for rule in REGISTRY.values():
        assert rule.summary.endswith((".", ")")), rule.name


def test_no_rst_markup_in_the_terminal():
    assert "``" not in run("rules").output
    assert "``" not in run("rules", "infobox-date-format").output
    assert "``" in run("rules", "infobox-date-format", "--format", "markdown").output


def test_a_family_lists_its_rules():
    result = run("rules", "cite")
    assert result.exit_code == 0
    names = {line.split()[0] for line in result.output.splitlines()[1:]}
    assert names == {rule.name for rule in FAMILIES["cite"].rules}


def test_unknown_name_names_the_families():
    result = run("rules", "cit")
    assert result.exit_code == 2
    assert "infobox, cite, ref, wt" in result.output
