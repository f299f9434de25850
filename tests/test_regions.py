"""Regional parsing: the infobox regions the scanner finds, and findings identical to a full
parse for an infobox-only selection."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.lint.plan import plan_parse
from wikibox.model.build import parse
from wikibox.model.profiles import wiki_config
from wikibox.model.regions import article_regions, infobox_regions, parse_infobox_article
from wikibox.scan.checks import check_dump_page as check_page

IS_INFOBOX = wiki_config("enwiki").is_infobox_name
INFOBOX_ONLY = Settings(select=("infobox",), today=datetime.date(2026, 1, 1))

SUMMIT = "{{Infobox summit meeting\n| date = February 12, 2025\n| location = [[Paris|the city]]\n}}"

#: name → (wikitext, the texts of the infobox regions the scanner must find)
FOUND = {
    "no infobox": ("Just prose with {{cite web|url=x}}.", []),
    "one infobox": (f"{{{{Use dmy dates}}}}\n{SUMMIT}\nProse.", [SUMMIT]),
    "nested infobox": (
        "{{Infobox summit meeting|date=1 May 2001"
        "|embed={{Infobox summit meeting|date=2 May 2001}}}}",
        [
            "{{Infobox summit meeting|date=1 May 2001|embed={{Infobox summit meeting|date=2 May "
            "2001}}}}",
            "{{Infobox summit meeting|date=2 May 2001}}",
        ],
    ),
    "comment with braces": (
        "<!-- {{Infobox summit meeting}} }} -->"
        "{{Infobox summit meeting|date=<!-- }} -->1 May 2001}}",
        ["{{Infobox summit meeting|date=<!-- }} -->1 May 2001}}"],
    ),
    "nowiki and pre": (
        "<nowiki>{{Infobox summit meeting}}</nowiki><pre>}}</pre>"
        "{{Infobox summit meeting|date=<nowiki>}}</nowiki>}}",
        ["{{Infobox summit meeting|date=<nowiki>}}</nowiki>}}"],
    ),
    "triple braces": (
        "{{Infobox summit meeting|date={{{date|1 May 2001}}}}}",
        ["{{Infobox summit meeting|date={{{date|1 May 2001}}}}}"],
    ),
    "infobox in a table": (
        '{| class="wikitable"\n|-\n| {{Infobox summit meeting|date=1 May 2001}}\n|}',
        ["{{Infobox summit meeting|date=1 May 2001}}"],
    ),
    "two infoboxes": (
        "{{Infobox summit meeting|date=1 May 2001}}\nText.\n{{infobox_summit meeting|date=x}}",
        ["{{Infobox summit meeting|date=1 May 2001}}", "{{infobox_summit meeting|date=x}}"],
    ),
    "template prefix and comment in name": (
        "{{Template:Infobox summit meeting<!-- a|b -->|date=1 May 2001}}",
        ["{{Template:Infobox summit meeting<!-- a|b -->|date=1 May 2001}}"],
    ),
}

#: wikitext the scanner must refuse (the caller then parses the whole page)
UNSURE = {
    "unclosed infobox": "{{Infobox summit meeting|date=1 May 2001\nProse.",
    "unclosed outer template": "{{Quote|{{Infobox summit meeting|date=1 May 2001}}",
    "four braces": "{{{{Infobox summit meeting}}}}",
    "argument closed by two braces": "{{Infobox summit meeting|date={{{1}}}}",
    "unclosed comment": "{{Infobox summit meeting}}<!-- {{x}}",
    "name with a newline": "{{Infobox summit meeting\nfoo|date=1 May 2001}}",
    "unclosed nowiki": "<nowiki>{{Infobox summit meeting}}",
}

#: pages whose infobox regions cannot be parsed alone (markup crossing the region's edge)
FULL_PARSE = {
    "tag closing after the box": "{{Infobox summit meeting|date=<center>1 May 2001}}</center>",
    "link closing after the box": "{{Infobox summit meeting|date=[[May 2001}}]]",
    "external link around the box": "[http://example.org {{Infobox summit meeting|x=a]}}",
    "heading closing after the box": "{{Infobox summit meeting|x=\n== Heading}}}s ==\n",
    "tag cut by the box's end": "{{Infobox summit meeting|x=a <br /}}}> b",
    "table split by a pipe": "{{Infobox summit meeting|x=\n{|}}\n|}",
    "use template nested in a ref": (
        "<ref>{{Use dmy dates}}</ref>\n{{Infobox summit meeting|date=May 5, 2001}}"
    ),
    "suppression comment": "<!-- wikibox-disable -->{{Infobox summit meeting|date=x}}",
    # a {{Use … dates}} after other markup, where it may not be a top-level template
    "use template in a link's caption": (
        f"{SUMMIT}\n[[File:Map.png|thumb|A map\n{{{{Use dmy dates}}}}\n]]"
    ),
    "use template in a div": f"{SUMMIT}\n<div>\n{{{{Use dmy dates}}}}\n</div>",
    "use template in a ref": f"{SUMMIT}\nText.<ref>{{{{Use dmy dates}}}}</ref>",
    "use template in a table": f"{SUMMIT}\n{{|\n| a\n{{{{Use dmy dates}}}}\n|}}",
    "use template in an external link": f"{SUMMIT}\n[http://example.org {{{{Use dmy dates}}}}]",
    "use template in a heading": f"{SUMMIT}\n== {{{{Use dmy dates}}}} ==\n",
    "first use template unsure": (
        f"{SUMMIT}\n<div>{{{{Use mdy dates}}}}</div>\n{{{{Use dmy dates}}}}\n"
    ),
}


@pytest.mark.parametrize("name", FOUND)
def test_infobox_regions(name):
    text, expected = FOUND[name]
    regions = infobox_regions(text, IS_INFOBOX)
    assert regions is not None
    assert [text[start:end] for start, end in regions] == expected


@pytest.mark.parametrize("name", UNSURE)
def test_unsure_scans_return_none(name):
    assert infobox_regions(UNSURE[name], IS_INFOBOX) is None


@pytest.mark.parametrize("name", FULL_PARSE)
def test_context_dependent_regions_fall_back(name):
    assert parse_infobox_article(FULL_PARSE[name]) is None


def test_page_without_infobox_needs_no_region():
    assert article_regions("{{Use dmy dates}}\nProse {{cite web|url=x}}.", IS_INFOBOX) == []


def _findings(article):
    return [
        (f.rule, f.span.line, f.span.column, f.message)
        for f in check_article(article, settings=INFOBOX_ONLY)
    ]


EQUAL = {
    **{name: text for name, (text, _) in FOUND.items()},
    "use dmy dates with mdy infobox date": f"{{{{Use dmy dates}}}}\n{SUMMIT}\nProse.",
    "prose dates decide the format": (
        f"{SUMMIT}\nOn 1 May 2001, 2 May 2001 and 3 May 2001 it met.\n"
    ),
    "infobox after lines": "Line one.\n\nLine two.\n" + SUMMIT + "\n== Section ==\n",
    "unicode before the box": "日本語の文。\n" + SUMMIT,
    "use template after the lead": f"'''Lead'''.\n{SUMMIT}\n{{{{Use dmy dates}}}}",
    "use template after navboxes": (
        f"{SUMMIT}\nProse <math>[[</math> [[a|b]].<ref>[[c]]</ref>\n"
        "{{Navbox|list=[[A]] [[B|b]]}}\n<!-- [[ -->\n{{Use dmy dates}}\n[[Category:X]]"
    ),
    "two use templates after the lead": (
        f"Lead.\n{SUMMIT}\n{{{{Use dmy dates}}}}\n<div>{{{{Use mdy dates}}}}</div>"
    ),
}


@pytest.mark.parametrize("name", EQUAL)
def test_regional_findings_equal_full_parse(name):
    text = EQUAL[name]
    regional = parse_infobox_article(text, title="Page")
    full = parse(text, title="Page")
    assert regional is not None
    assert str(regional.code) == text
    assert [b.span for b in regional.infoboxes] == [b.span for b in full.infoboxes]
    assert _findings(regional) == _findings(full)


def test_date_format_finding_survives_regional_parse():
    text = f"{{{{Use dmy dates}}}}\n{SUMMIT}\n"
    rules = {finding[0] for finding in _findings(parse_infobox_article(text))}
    assert "infobox-date-format" in rules


def test_check_page_regional_equals_full():
    page = SimpleNamespace(
        title="Summit", page_id=1, revision_id=2, text=f"{{{{Use dmy dates}}}}\n{SUMMIT}\n"
    )
    assert plan_parse(page.text, INFOBOX_ONLY)[0] == "infobox regions"
    assert plan_parse(page.text, Settings(select=("infobox", "cite")))[0] != "infobox regions"
    regional = check_page(page, settings=INFOBOX_ONLY, regional=True)
    full = check_page(page, settings=INFOBOX_ONLY, regional=False)
    assert regional == full
    assert regional
