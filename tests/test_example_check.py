"""`wikibox check` on the example draft finds what is really wrong with it, and nothing on a
clean article; `--pages` resolves a series."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.lint.checker import check_file
from wikibox.lint.config import Settings

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "putin-trump-call-2025-02" / "article.wiki"
CLEAN = Path(__file__).parent / "data" / "clean-summit.wiki"
TODAY = datetime.date(2026, 11, 26)

# The draft's real defects, by rule (see the issue: bare URLs, a mixed-script title, titles
# with a site suffix, a cite news without a work, citations without access dates), plus the
# lost host country, its {{要出典}} and the spaces between adjacent refs.
EXPECTED = {
    "cite-bare-url": 4,
    "cite-mixed-script": 1,
    "cite-title-site-suffix": 3,
    "cite-missing-work": 1,
    "cite-missing-access-date": 2,
    "infobox-empty-param": 1,
    "citation-needed": 1,
    "wt-space-before-ref": 5,
}


def test_the_example_reports_its_real_defects_and_nothing_else():
    _, findings = check_file(EXAMPLE, settings=Settings(wiki="jawiki", today=TODAY))
    assert Counter(f.rule for f in findings) == Counter(EXPECTED)
    bare = sorted(f.message.split("'")[1] for f in findings if f.rule == "cite-bare-url")
    assert bare[0] == "https://www.interfax.ru/russia/1031223"
    (mixed,) = [f for f in findings if f.rule == "cite-mixed-script"]
    assert "заверbolйско" in mixed.message


def test_a_clean_article_reports_nothing():
    _, findings = check_file(CLEAN, settings=Settings(wiki="enwiki", today=TODAY))
    assert [f"{f.line}:{f.column} {f.rule} {f.message}" for f in findings] == []


def _summit(title: str, date: str, follows: str, precedes: str) -> str:
    return (
        f"<!-- title: {title} -->\n{{{{Infobox summit meeting\n| date = {date}\n"
        f"| follows = {follows}\n| precedes = {precedes}\n}}}}\n"
    )


def test_pages_directory_resolves_the_series(tmp_path):
    pages = tmp_path / "series"
    pages.mkdir()
    (pages / "a.wiki").write_text(
        _summit("Summit A", "1 May 2018", "", "[[Summit B]]"), encoding="utf-8"
    )
    # B says it follows C and precedes A: out of order and not reciprocal
    (pages / "b.wiki").write_text(
        _summit("Summit B", "1 May 2019", "[[Summit C]]", "[[Summit A]]"), encoding="utf-8"
    )
    (pages / "c.wiki").write_text(
        _summit("Summit C", "1 May 2020", "[[Summit B]]", ""), encoding="utf-8"
    )
    args = ["check", str(pages / "b.wiki"), "--pages", str(pages), "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--select", "infobox-sequence-order"])
    messages = [f["message"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert len(messages) == 2
    assert any("'Summit C' is dated 2020-05-01, after this event" in m for m in messages)
    assert any("'Summit A' is dated 2018-05-01, before this event" in m for m in messages)
    result = CliRunner().invoke(main, [*args, "--select", "infobox-sequence-reciprocal"])
    messages = [f["message"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert any("Summit A" in m for m in messages)
    no_pages = CliRunner().invoke(
        main, ["check", str(pages / "b.wiki"), "--select", "infobox-sequence-order"]
    )
    assert no_pages.exit_code == 0  # without a resolver the series rules say nothing
