"""Regional parsing for every rule family (model/page_regions.py): the regions found without a
parse, the pages that must be parsed whole, and findings identical to a full parse."""

from __future__ import annotations

import datetime

import pytest

from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.model.build import parse
from wikibox.model.page_regions import page_regions, parse_page_regions

SETTINGS = Settings(today=datetime.date(2026, 1, 1))
CITE = "{{cite web |url=https://example.org/a |title=A |access-date=2025-02-12}}"
SUMMIT = "{{Infobox summit meeting\n| date = February 12, 2025\n| location = [[Paris]]\n}}"

#: name → (wikitext, the regions found: (kind, text))
FOUND = {
    "prose only": ("Just [[prose]] with '''bold''' and a <span>tag</span>.", []),
    "template, ref, heading": (
        f"{SUMMIT}\nText.<ref>{CITE}</ref>\n\n== Notes ==\n{{{{Reflist}}}}\n",
        [
            ("template", SUMMIT),
            ("tag", f"<ref>{CITE}</ref>"),
            ("heading", "== Notes =="),
            ("template", "{{Reflist}}"),
        ],
    ),
    "named and reused refs": (
        'A.<ref name="a">Smith.</ref> B.<ref name="a" />',
        [("tag", '<ref name="a">Smith.</ref>'), ("tag", '<ref name="a" />')],
    ),
    "references element": (
        "<references>\n<ref name=x>X.</ref>\n</references>",
        [("tag", "<references>\n<ref name=x>X.</ref>\n</references>")],
    ),
    "template inside a ref and a heading": (
        "== A {{x}} ==\nT.<ref>{{cite book|title=B}}</ref>",
        [("heading", "== A {{x}} =="), ("tag", "<ref>{{cite book|title=B}}</ref>")],
    ),
    "ref in a comment and in nowiki": (
        "<!-- <ref>a</ref> --><nowiki><ref>b</ref></nowiki>",
        [("tag", "<nowiki><ref>b</ref></nowiki>")],  # parsed alone: text inside
    ),
    "gallery holding a ref": (
        "<gallery>\nA.jpg|Cap.<ref>R.</ref>\n</gallery>",
        [("tag", "<gallery>\nA.jpg|Cap.<ref>R.</ref>\n</gallery>")],
    ),
    "heading after a closed div": ("<div>box</div>\n== H ==\n", [("heading", "== H ==")]),
    "void tags and list items do not stay open": (
        "a<br>b<hr/>\n<li>x\n== H ==\n",
        [("heading", "== H ==")],
    ),
}

#: pages that must be parsed whole
WHOLE = {
    "unclosed ref": "Text.<ref>Never closed.\n== H ==\n",
    "heading in a div": "<div>\n== H ==\n</div>",
    "heading in a table": "{|\n|-\n|\n== H ==\n|}",
    "heading in a wikilink's caption": "[[File:A.jpg|thumb|Cap\n== H ==\n]]",
    "heading after a span never closed": "<span>a\n== H ==\n",
    "use template in a div": "<div>{{Use dmy dates}}</div>\n" + SUMMIT,
    "use template in an external link's title": (
        "[http://example.org {{Use dmy dates}}]\n" + SUMMIT
    ),
    "suppression comment": "<!-- wikibox-disable -->\n== H ==\n",
    "unclosed template": "{{Infobox summit meeting|date=1 May 2001\n== H ==\n",
    "ref crossing a template": "A.<ref>{{x|</ref>}}",
    "tag crossing the ref's end": "A.<ref><center>x</ref></center>",
    "link crossing the ref's end": "[[File:A.jpg|a <ref>b]] c</ref>",
    "a ] in a ref inside an external link": "[http://e.org a <ref>b]</ref> c]",
    "a ] in a ref inside a wikilink's caption": "[[File:A.jpg|thumb|a\n<ref>b]</ref>]]",
}


def _regions(text):
    regions = page_regions(text)
    if regions is None:
        return None
    return [(r.kind, text[r.start : r.end]) for r in regions]


@pytest.mark.parametrize("name", FOUND)
def test_page_regions(name):
    text, expected = FOUND[name]
    assert _regions(text) == expected
    assert parse_page_regions(text) is not None


@pytest.mark.parametrize("name", WHOLE)
def test_pages_parsed_whole(name):
    assert parse_page_regions(WHOLE[name]) is None


def _findings(article):
    return [
        (f.rule, f.span.line, f.span.column, f.span.end_line, f.span.end_column, f.message)
        for f in check_article(article, settings=SETTINGS)
    ]


EQUAL = {
    **{name: text for name, (text, _) in FOUND.items()},
    "the seed's kind of defects": (
        "{{Use dmy dates}}\n" + SUMMIT + "\nThe call.<ref>{{cite web |url=https://e.org "
        "|title=Call |date=2025-02-31}}</ref> Again.<ref name=b/>\n\n== Background ==\n\n"
        "=== Talks ===\n==== Details ====\nText.<ref>https://bare.example.org</ref>\n"
        "== References ==\n<references/>\n"
    ),
    "ref with a > in a quoted attribute": 'A.<ref name="a>b">X.</ref>',
    "a [ in a ref that opens no link": "A.<ref>[Smith, J. (2001). [[Title]]. Press.]</ref>",
    "a ] in a ref after a closed link": "[http://e.org a] b.<ref>[c [[d]] e]</ref>",
    "list-defined refs": (
        'A.<ref name="a"/>\n== Notes ==\n{{Reflist|refs=\n<ref name="a">A.</ref>\n'
        '<ref name="b">B.</ref>\n}}\n'
    ),
}


@pytest.mark.parametrize("name", EQUAL)
def test_regional_findings_equal_full_parse(name):
    text = EQUAL[name]
    regional = parse_page_regions(text, title="Page")
    full = parse(text, title="Page")
    assert regional is not None
    assert str(regional.code) == text
    assert [(s.level, s.title, s.span) for s in regional.sections] == [
        (s.level, s.title, s.span) for s in full.sections
    ]
    assert [(r.name, r.group, r.content, r.span) for r in regional.references] == [
        (r.name, r.group, r.content, r.span) for r in full.references
    ]
    assert _findings(regional) == _findings(full)
