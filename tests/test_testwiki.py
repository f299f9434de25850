"""The test wiki itself: it must be the MediaWiki the bot will meet, with the extensions it needs.

If these fail, every bot test would fail for a reason that has nothing to do with the bot.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wikibox.testing import processes, wiki_cli
from wikibox.testing.wiki import ApiSession, TestWiki, TestWikiError

TEMPLATEDATA = {
    "description": "A test template.",
    "params": {"name": {"label": "Name", "type": "string", "required": True}},
}


def parse(wiki: TestWiki, text: str) -> str:
    """The HTML that MediaWiki renders for *text*."""
    answer = ApiSession(wiki.api_url).call(
        action="parse", text=text, contentmodel="wikitext", prop="text", disablelimitreport=1
    )
    return str(answer["parse"]["text"])


@pytest.mark.wiki
def test_siteinfo_names_mediawiki_and_its_extensions(test_wiki: TestWiki) -> None:
    answer = ApiSession(test_wiki.api_url).call(
        action="query", meta="siteinfo", siprop="general|extensions"
    )
    general = answer["query"]["general"]
    assert general["generator"].startswith("MediaWiki 1.39")
    assert general["sitename"] == "Wikibox Test Wiki"
    assert general["server"] == test_wiki.base_url
    names = {extension["name"] for extension in answer["query"]["extensions"]}
    assert {"Cite", "ParserFunctions", "TemplateData", "Scribunto"} <= names


@pytest.mark.wiki
def test_cite_renders_a_reference_list(test_wiki: TestWiki) -> None:
    html = parse(test_wiki, "a<ref>x</ref><references/>")
    assert 'class="references"' in html
    assert "cite_note-1" in html


@pytest.mark.wiki
def test_parser_functions_and_scribunto_run(test_wiki: TestWiki) -> None:
    test_wiki.edit(
        "Module:Hello", 'local p = {}\nfunction p.hi() return "hi from lua" end\nreturn p\n'
    )
    html = parse(test_wiki, "{{#if: x | yes-branch | no-branch }} {{#invoke:Hello|hi}}")
    assert "yes-branch" in html
    assert "hi from lua" in html


@pytest.mark.wiki
def test_templatedata_round_trips(test_wiki: TestWiki) -> None:
    blob = json.dumps(TEMPLATEDATA)
    test_wiki.edit(
        "Template:Foo", f"{{{{{{name}}}}}}<noinclude><templatedata>{blob}</templatedata>"
    )
    answer = ApiSession(test_wiki.api_url).call(action="templatedata", titles="Template:Foo")
    (page,) = answer["pages"].values()
    assert page["title"] == "Template:Foo"
    assert page["params"]["name"]["required"] is True
    assert page["params"]["name"]["type"] == "string"


@pytest.mark.wiki
def test_human_edit_adds_a_revision(test_wiki: TestWiki) -> None:
    title = "Human edit test"
    assert test_wiki.revision_count(title) == 0
    assert test_wiki.page_text(title) is None
    test_wiki.edit(title, "first")
    test_wiki.edit(title, "second", summary="second edit")
    assert test_wiki.revision_count(title) == 2
    assert test_wiki.page_text(title) == "second"
    latest = test_wiki.revisions(title)[0]
    assert (latest.user, latest.comment) == (test_wiki.human, "second edit")


@pytest.mark.wiki
def test_import_page_seeds_as_maintenance_script(test_wiki: TestWiki) -> None:
    test_wiki.import_page("Seeded page", "seeded text", summary="seed")
    assert test_wiki.page_text("Seeded page") == "seeded text"
    assert test_wiki.revisions("Seeded page")[0].comment == "seed"


@pytest.mark.wiki
def test_pywikibot_saves_as_the_bot(test_wiki: TestWiki, pywikibot_site: Any) -> None:
    import pywikibot

    assert Path(pywikibot.config.base_dir) == Path(os.environ["PYWIKIBOT_DIR"])
    assert pywikibot_site.user() == test_wiki.bot_user
    title = "Bot edit test"
    test_wiki.edit(title, "written by a human")
    page = pywikibot.Page(pywikibot_site, title)
    page.text = page.text + "\nand by the bot"
    page.save(summary="wikibox: test bot edit")
    latest = test_wiki.revisions(title)[0]
    assert (latest.user, latest.comment) == (test_wiki.bot_user, "wikibox: test bot edit")
    assert test_wiki.page_text(title) == "written by a human\nand by the bot"
    changes = ApiSession(test_wiki.api_url).call(
        action="query", list="recentchanges", rcshow="bot", rctitle=title, rcprop="user"
    )["query"]["recentchanges"]
    assert [change["user"] for change in changes] == [test_wiki.bot_user]  # flagged as a bot


def read_banner(server: subprocess.Popen[str]) -> dict[str, str]:
    """The ``name: value`` lines that ``testwiki start`` prints, up to its Ctrl-C hint."""
    assert server.stdout is not None
    banner: dict[str, str] = {}
    for line in iter(server.stdout.readline, ""):
        if line.startswith("Ctrl-C"):
            break
        name, _, value = line.partition(":")
        banner[name] = value.strip()
    return banner


@pytest.mark.wiki
def test_cli_starts_and_stops_a_wiki(test_wiki: TestWiki, tmp_path: Path) -> None:
    # test_wiki only makes the test skip (or fail in CI) when MediaWiki is missing.
    server = subprocess.Popen(
        [sys.executable, "-m", "wikibox.testing.wiki_cli", "start", "--dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = read_banner(server)
        assert banner["user"] == "WikiboxBot@wikibox"
        api = banner["api"]
        assert ApiSession(api).call(action="query", meta="siteinfo")["query"]["general"]
        assert wiki_cli.main(["stop", "--dir", str(tmp_path)]) == 0
        assert server.wait(timeout=15) == 0
    finally:
        server.kill()
        server.wait()


def test_missing_mediawiki_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "MEDIAWIKI", Path("/nonexistent/mediawiki"))
    with pytest.raises(TestWikiError, match=r"package mediawiki.*install-debian\.sh"):
        processes.check_requirements()
