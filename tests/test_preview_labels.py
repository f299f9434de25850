"""The preview of a jawiki page speaks the wiki's language inside the article (issue 16): the
empty-row note, citation languages, flags; and the sidebar counts in plural."""

from __future__ import annotations

from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.preview.labels import flag_emoji, language_label

JA_PAGE = (
    "{{Infobox summit meeting\n| name = 会談\n| date = 2025年2月12日\n| location =\n"
    "| participants = {{flagicon|USA}} [[ドナルド・トランプ]]<br />"
    "{{flagicon|RUS}} [[ウラジーミル・プーチン]]\n}}\n"
    "両国の首脳が電話で会談した。<ref>{{Cite web|url=https://example.org/a|title=Call"
    "|website=Example|language=en|access-date=2025-02-13}}</ref>\n"
    "<ref>{{Cite web|url=https://example.org/b|title=Звонок|website=Пример|language=ru}}</ref>"
    "\n\n== 脚注 ==\n{{Reflist}}\n"
)


def preview(tmp_path, text: str, wiki: str) -> tuple[str, str]:
    page = tmp_path / "P.wiki"
    page.write_text(text, encoding="utf-8")
    out = tmp_path / "p.html"
    result = CliRunner().invoke(
        main, ["preview", str(page), "--wiki", wiki, "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code in (0, 1), result.output
    return out.read_text(encoding="utf-8"), result.output


def test_jawiki_preview_in_japanese_inside_the_article(tmp_path):
    html, _ = preview(tmp_path, JA_PAGE, "jawiki")
    assert "(empty: not shown on the wiki)" not in html
    assert "（空欄: ウィキペディアでは表示されない）" in html
    assert "(英語)" in html and "(ロシア語)" in html
    assert "(en)" not in html and "(ru)" not in html
    assert "🇺🇸" in html and "🇷🇺" in html
    assert ">USA</span>" not in html


def test_enwiki_citation_language_reads_like_cs1():
    assert language_label("ru", "enwiki") == "(in Russian)"
    assert language_label("ru, en", "jawiki") == "(ロシア語、英語)"
    assert language_label("xx", "enwiki") == "(in xx)"
    assert flag_emoji("USA") == "🇺🇸" and flag_emoji("Atlantis") is None


def test_counts_are_plural(tmp_path):
    html, output = preview(tmp_path, JA_PAGE, "jawiki")
    for line in output.splitlines():
        if line.startswith("wikibox: wrote"):
            assert " 1 warning" in line or "warnings" in line or "warning" not in line
            assert "1 infos" not in line
    import re

    for count, severity in re.findall(r'class="pill sev-\w+">(\d+) (\w+)</span>', html):
        assert severity.endswith("s") == (count != "1"), (count, severity)
