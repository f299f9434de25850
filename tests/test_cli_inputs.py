"""What a new user trips on at the command line: standard input, the wiki and the title a page
is read with, colour, what `fix` says and shows, bare URLs, SARIF."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.model.wiki_guess import guess_wiki

SUMMIT = """{{Infobox summit meeting
| date     = 16 July 2018
| follows  = [[2017 Hamburg summit]]
| precedes = [[2018 Helsinki summit]]
}}
Text.
"""
JA_PAGE = """{{Infobox summit meeting
| date = 2025年2月12日
}}
2025年2月12日、両国の首脳は電話で会談した。会談はおよそ九十分にわたって行われた。
<ref>https://example.org/a</ref>

== 脚注 ==
{{Reflist}}
"""
BARE = "A summit.<ref>https://example.org/a</ref>\n\n== References ==\n{{Reflist}}\n"


def run(*args, input=None, env=None):
    return CliRunner().invoke(
        main, [str(a) for a in args], input=input, env=env, catch_exceptions=False
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    return page


# ---- `-` is standard input (and output) everywhere


def test_set_on_stdin_writes_stdout_not_a_file_named_dash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("set", "-", "infobox.follows", "[[2016 Paris summit]]", input=SUMMIT)
    assert result.exit_code == 0
    assert "| follows  = [[2016 Paris summit]]\n" in result.stdout
    assert result.stdout.startswith("{{Infobox summit meeting\n")
    assert not (tmp_path / "-").exists()


def test_fix_on_stdin_writes_the_fixed_page_to_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "会談が行われた。 <ref>{{cite web |title=A |url=https://a.org}}</ref>\n"
    result = run("fix", "-", "--wiki", "jawiki", input=text)
    assert result.exit_code == 0
    assert result.stdout == text.replace("。 <ref>", "。<ref>")
    assert "<stdin>: fixed 1 (wt-space-before-ref)" in result.stderr
    assert not (tmp_path / "-").exists()


# ---- the wiki: detected from the page when nobody says


@pytest.mark.parametrize(
    ("text", "wiki"),
    [
        (JA_PAGE, "jawiki"),
        ("Саміт відбувся у Гельсінкі. Його підсумки їхні лідери оцінили по-різному.", "ukwiki"),
        ("Саммит состоялся в Хельсинки. Его итоги были оценены лидерами по-разному.", "ruwiki"),
        ("Срещата се състоя в Хелзинки. Тя беше оценена от лидерите по различен начин.", "bgwiki"),
        ("Hội nghị thượng đỉnh diễn ra tại Helsinki vào tháng bảy năm đó.", "viwiki"),
        (SUMMIT, "enwiki"),
    ],
)
def test_guess_wiki(text, wiki):
    assert guess_wiki(text).wiki == wiki


def test_check_without_wiki_reads_a_japanese_page_as_jawiki(tmp_path):
    page = write(tmp_path, "会談.wiki", JA_PAGE)
    guessed = run("check", page, "--today", "2026-01-01")
    given = run("check", page, "--today", "2026-01-01", "--wiki", "jawiki")
    assert "wiki jawiki assumed (detected from the page: Japanese text" in guessed.stdout
    assert "assumed" not in given.stdout
    position = re.compile(re.escape(str(page)) + r":\d+:\d+: ")
    findings = [line for line in guessed.stdout.splitlines() if position.match(line)]
    assert findings
    assert findings == [line for line in given.stdout.splitlines() if position.match(line)]


def test_a_configured_wiki_is_not_guessed(tmp_path):
    write(tmp_path, "wikibox.toml", 'wiki = "enwiki"\n')
    page = write(tmp_path, "会談.wiki", JA_PAGE)
    assert "assumed" not in run("check", page).stdout


# ---- the title: where it came from, and --title


def test_title_from_the_file_name_is_said_and_title_overrides_it(tmp_path):
    page = write(tmp_path, "draft.wiki", SUMMIT)
    from_name = run("check", page, "--select", "infobox-sequence-self", "--wiki", "enwiki")
    assert from_name.exit_code == 0
    assert "title 'draft' (from the file name; give --title" in from_name.stdout
    titled = run(
        "check", page, "--select", "infobox-sequence-self", "--wiki", "enwiki",
        "--title", "2018 Helsinki summit",
    )  # fmt: skip
    assert titled.exit_code == 1
    assert "precedes (next event) links to the article itself" in titled.stdout
    assert "from the file name" not in titled.stdout


# ---- colour


def test_color_option_and_no_color(tmp_path):
    page = write(tmp_path, "P.wiki", "{{Infobox summit meeting\n| partcipants = [[A]]\n}}\n")
    args = ("check", page, "--wiki", "enwiki", "--select", "infobox-unknown-param")
    assert "\x1b[" in run(*args, "--color", "always").stdout
    assert "\x1b[" not in run(*args, "--color", "never").stdout
    assert "\x1b[" not in run(*args).stdout  # not a terminal
    from wikibox.cli.options import use_colour

    class Terminal:
        def isatty(self):
            return True

    assert use_colour("auto", Terminal())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_COLOR", "1")
        assert not use_colour("auto", Terminal())
        assert use_colour("always", Terminal())


# ---- what fix says and shows


def test_fix_says_when_there_is_nothing_to_fix(tmp_path):
    page = write(tmp_path, "Clean.wiki", "Text.\n")
    result = run("fix", page, "--wiki", "enwiki")
    assert result.exit_code == 0
    assert f"{page}: nothing to fix" in result.stdout


def test_fix_word_diff_shows_only_the_change(tmp_path):
    paragraph = "東京は日本の首都である。" * 40
    text = f"{paragraph} <ref>{{{{cite web |title=A |url=https://a.org}}}}</ref>{paragraph}\n"
    page = write(tmp_path, "P.wiki", text)
    lines = run("fix", page, "--wiki", "jawiki", "--diff").stdout
    words = run("fix", page, "--wiki", "jawiki", "--word-diff")
    assert words.exit_code == 1
    assert "である。[- -]<ref>" in words.stdout
    assert len(words.stdout) < 300 < len(lines)
    assert page.read_text(encoding="utf-8") == text


# ---- bare URLs


def test_tag_bare_urls_uses_the_wikis_tag_or_refuses(tmp_path):
    en = write(tmp_path, "En.wiki", BARE)
    result = run("fix", en, "--wiki", "enwiki", "--tag-bare-urls", "--today", "2026-12-03")
    assert result.exit_code == 0
    assert "{{Bare URL inline|date=December 2026}}" in en.read_text(encoding="utf-8")
    ja = write(tmp_path, "Ja.wiki", JA_PAGE)
    result = run("fix", ja, "--wiki", "jawiki", "--tag-bare-urls", "--today", "2026-12-03")
    assert result.exit_code == 2
    assert "no bare-URL maintenance template is known for jawiki" in result.output
    assert ja.read_text(encoding="utf-8") == JA_PAGE


def test_fetch_titles_says_per_url_what_failed(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # closed once the block ends: nothing listens there
    url = f"http://127.0.0.1:{port}/gone"
    page = write(tmp_path, "P.wiki", f"A.<ref>{url}</ref>\n\n== References ==\n{{{{Reflist}}}}\n")
    result = run("fix", page, "--wiki", "enwiki", "--fetch-titles", "--select", "cite-bare-url")
    assert result.exit_code == 0
    assert f"{url}: no title fetched (cannot connect:" in result.stderr
    assert "left bare" in result.stderr


# ---- SARIF


def test_sarif_points_nowhere_made_up(tmp_path):
    page = write(tmp_path, "P.wiki", "{{Infobox summit meeting\n| partcipants = [[A]]\n}}\n")
    result = run("check", page, "--wiki", "enwiki", "--format", "sarif")
    driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
    assert ".invalid" not in result.stdout
    assert "informationUri" not in driver
