"""Hostile values, rendered and saved on the real MediaWiki of the test wiki (issue #17).

The page is saved (so the pre-save transform runs: signatures) and parsed by MediaWiki; its
sections, categories, page properties, templates and references must be those of the same
spec with harmless values.
"""

from __future__ import annotations

from typing import Any

import pytest

from wikibox.errors import RenderError
from wikibox.rendering.article import render
from wikibox.testing.wiki import ApiSession, TestWiki

HOSTILE = [
    "x\n== Heading ==\ny",
    "x\n=H=\n",
    "[[Category:Hostile]]",
    "[[ category : Hostile|k]]",
    "__NOINDEX__",
    "__NOTOC__ __NOEDITSECTION__",
    "~~~~",
    "~~~~~",
    "\n|}\n",
    "{|\n|a\n|}",
    "[[x|\n== H ==\n]]",
    "<ref>~~~~ [[Category:Hostile]] __NOINDEX__</ref>",
    "a | b = c",
    "}}{{",
]
BOX = ["name", "date", "participants", "follows", "caption"]
CITE = ["title", "work", "language"]


def _spec(value: str, title: str) -> dict[str, Any]:
    return {
        "spec_version": 1,
        "wiki": "enwiki",
        "infobox": {"template": "Infobox summit meeting", "params": dict.fromkeys(BOX, value)},
        "lead": "Lead.{{#ref:k}}",
        "sections": [
            {"level": 2, "title": title, "text": "Text."},
            {"level": 2, "title": "References", "text": "{{#references}}"},
        ],
        "categories": ["Good"],
        "references": [{"key": "k", "template": "Cite news", "params": dict.fromkeys(CITE, value)}],
    }


def _structure(wiki: TestWiki, title: str, text: str) -> dict[str, Any]:
    wiki.edit(title, text)
    answer = ApiSession(wiki.api_url).call(
        action="parse",
        page=title,
        prop="sections|categories|properties|templates|text",
        disablelimitreport=1,
    )["parse"]
    return {
        "sections": [s["line"] for s in answer["sections"]],
        "categories": sorted(c["category"] for c in answer["categories"]),
        "properties": sorted(answer["properties"]),
        "templates": sorted(t["title"] for t in answer["templates"]),
        "references": str(answer["text"]).count('class="reference"'),
        "signed": "User:" in (wiki.page_text(title) or ""),
    }


@pytest.mark.wiki
def test_hostile_values_do_not_change_the_page_on_mediawiki(test_wiki: TestWiki) -> None:
    expected = _structure(test_wiki, "Harmless values", render(_spec("harmless", "Plain")))
    changed = []
    for number, value in enumerate(HOSTILE):
        section_title = "Plain" if "\n" in value or "[" in value or "|" in value else value
        try:
            page = render(_spec(value, section_title))
        except RenderError:
            continue  # refused, nothing written
        got = _structure(test_wiki, f"Hostile value {number}", page)
        want = dict(expected)
        if section_title != "Plain":
            # MediaWiki shows the title as written: the escapes are character references.
            want["sections"] = [section_title, "References"]
            got["sections"] = [
                got["sections"][0].replace("&#126;", "~").replace("&#95;", "_"),
                *got["sections"][1:],
            ]
        if got != want:
            changed.append((value, got, want))
    print(f"{len(changed)} of {len(HOSTILE)} hostile values changed the page")
    assert changed == []
