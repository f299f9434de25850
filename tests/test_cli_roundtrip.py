"""extract → render and set on what the page said: its duplicate parameters, its heading, the
case of its template names and the order of its parameters (issue 16)."""

from __future__ import annotations

from click.testing import CliRunner

from wikibox.cli.main import main

DUPLICATE_DATE = (
    "A.<ref>{{cite web |url=https://example.com/ |title=A "
    "|date=15 May 2024 |date=16 May 2024}}</ref>\n"
)
JA_PAGE = (
    "会談が行われた。<ref>{{cite news |title=会談 |url=https://example.jp/a "
    "|newspaper=朝日新聞 |date=2025-02-12}}</ref>\n\n== 参考文献 ==\n{{Reflist}}\n"
)


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def test_duplicate_citation_parameter_is_a_finding(tmp_path):
    page = tmp_path / "P.wiki"
    page.write_text(DUPLICATE_DATE, encoding="utf-8")
    result = run("check", page, "--wiki", "enwiki")
    assert result.exit_code == 1
    assert "cite-duplicate-param |date= is given again on line 1" in result.stdout


def test_set_refuses_to_pick_one_of_a_duplicated_pair(tmp_path):
    page = tmp_path / "P.wiki"
    page.write_text(DUPLICATE_DATE, encoding="utf-8")
    result = run("set", page, "reference.ref1.date", "17 May 2024", "--wiki", "enwiki")
    assert result.exit_code == 2
    assert "|date= is given 2 times" in result.output
    assert page.read_text(encoding="utf-8") == DUPLICATE_DATE


def test_render_of_an_extracted_duplicate_keeps_both(tmp_path):
    spec = run("extract", "-", "--wiki", "enwiki", input=DUPLICATE_DATE).stdout
    (tmp_path / "spec.json").write_text(spec, encoding="utf-8")
    result = run("render", tmp_path / "spec.json")
    assert result.exit_code == 0, result.output
    assert "|date=15 May 2024 |date=16 May 2024}}" in result.stdout


def test_extract_then_render_keeps_what_a_jawiki_page_said(tmp_path):
    page = tmp_path / "会談.wiki"
    page.write_text(JA_PAGE, encoding="utf-8")
    spec = run("extract", page, "--format", "yaml").stdout  # no --wiki: detected as jawiki
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    result = run("render", tmp_path / "spec.yaml", "--wiki", "jawiki")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(JA_PAGE)
