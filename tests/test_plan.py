"""lint/plan.py: a page is parsed only as far as the selected rules read it, and the findings
are a full parse's whatever the path."""

from __future__ import annotations

import datetime

import pytest

from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.lint.plan import plan_parse
from wikibox.model.build import parse

TODAY = datetime.date(2026, 1, 1)
EVERY_RULE = Settings(today=TODAY)
INFOBOX_ONLY = Settings(today=TODAY, select=("infobox",))
SUMMIT = "{{Infobox summit meeting\n| date = February 12, 2025\n}}\n"
REFS = "\n== References ==\n{{Reflist}}\n"

#: name → (wikitext, settings, the path the planner takes)
PAGES = {
    "templates, refs and headings": (
        SUMMIT + "Talks.<ref>{{cite web|url=https://e.org|title=T}}</ref>" + REFS,
        EVERY_RULE,
        "page regions",
    ),
    "a space before a ref after text": (
        "Talks. <ref>Smith 2001.</ref>" + REFS,
        EVERY_RULE,
        "page regions",
    ),
    "a space before a ref opening a tag's content": (
        "Talks.<small> <ref>Smith 2001.</ref></small>" + REFS,
        EVERY_RULE,
        "whole",
    ),
    "a space before a ref opening an external link's title": (
        "Talks [http://e.org <ref>Smith 2001.</ref>]." + REFS,
        EVERY_RULE,
        "whole",
    ),
    "a space before a ref after a comment": (
        "Talks.<!-- c --> <ref>Smith 2001.</ref>" + REFS,
        EVERY_RULE,
        "whole",
    ),
    "a possible self link": ("See [[Summit|the summit]]." + REFS, EVERY_RULE, "whole"),
    "an invisible character": ("Talks\u200b here." + REFS, EVERY_RULE, "whole"),
    "a link to the wiki": (
        "[https://en.wikipedia.org/wiki/Paris Paris]" + REFS,
        EVERY_RULE,
        "whole",
    ),
    "a link to the wiki in a ref": (
        "Paris.<ref>[https://en.wikipedia.org/wiki/Paris Paris]</ref>" + REFS,
        EVERY_RULE,
        "page regions",
    ),
    "a link to another wiki": (
        "[https://fr.wikipedia.org/wiki/Paris]" + REFS,
        EVERY_RULE,
        "page regions",
    ),
    "an infobox-only selection": (SUMMIT + "Talks. <ref>x</ref>", INFOBOX_ONLY, "infobox regions"),
    "infobox-only, an infobox that cannot be parsed alone": (
        "[[Paris]] is old.\n{{Infobox summit meeting|date=12 May 2001]}}\n",
        INFOBOX_ONLY,
        "page regions",  # a ] with a [ before it: the infobox path gives up, page regions not
    ),
    "a heading in a div": ("<div>\n== H ==\n</div>\nText.", EVERY_RULE, "whole"),
}


def _findings(article, settings):
    return [
        (f.rule, f.span.start, f.span.end, f.message)
        for f in check_article(article, settings=settings)
    ]


@pytest.mark.parametrize("name", PAGES)
def test_path_and_findings_of_a_full_parse(name):
    text, settings, expected_path = PAGES[name]
    path, article = plan_parse(text, settings, title="Summit")
    assert path == expected_path
    full = parse(text, title="Summit")
    assert _findings(article, settings) == _findings(full, settings)


def test_the_prose_rules_still_fire_on_each_path():
    for name, rule, expected_path in (
        ("a space before a ref after text", "wt-space-before-ref", "page regions"),
        ("a possible self link", "wt-self-link", "whole"),
    ):
        text, settings, _ = PAGES[name]
        path, article = plan_parse(text, settings, title="Summit")
        assert path == expected_path
        assert rule in {f.rule for f in check_article(article, settings=settings)}
