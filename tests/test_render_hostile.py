"""Hostile values cannot change a rendered page's structure (issue #17), with random input.

Values made of the pieces that break pages (a heading line, a category link, a behaviour
switch, a signature, a table end, control characters) go into every infobox and citation
parameter and into section titles; the rendered page must have exactly the spec's sections,
no category but the spec's, no behaviour switch and no signature — or the renderer refuses
the value with a RenderError.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wikibox
from wikibox.errors import RenderError
from wikibox.rendering.article import render
from wikibox.wikitext.escape import escape_switches, escape_value, unescape_value
from wikibox.wikitext.parser import parse_wikitext

HOSTILE = [
    "\n== Heading ==\n", "\n=H=\n", "== H ==", "[[Category:X]]", "[[ category : Y|k]]",
    "[[Kategorie:Z]]", "[[カテゴリ:Z]]", "__NOINDEX__", "__NOTOC__", "__目次非表示__", "~~~~",
    "~~~", "\n|}\n", "{|", "|}", "{{#ref:k}}", "[[", "]]", "{{", "}}", "|", "=", "\n", "x",
    "<ref>", "</ref>", "<!--", "[[:Category:Fine]]", "_", "__",
]  # fmt: skip
hostile = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=8).map("".join)
# A section title is plain text (markup in it is refused); these plain pieces still act.
hostile_title = (
    st.lists(st.sampled_from(["~~~~", "~", "__NOTOC__", "__INDEX__", "_", "x"]), min_size=1)
    .map("".join)
    .filter(lambda title: title.strip())
)

BOX_PARAMS = ["name", "date", "participants", "follows", "caption"]
CITE_PARAMS = ["title", "work", "date", "language"]
SWITCH = re.compile(r"(?=(__[^\W_]+__))")
CATEGORY = re.compile(r"^\s*(category|カテゴリ)\s*:", re.IGNORECASE)


def _structure(page: str) -> dict[str, Any]:
    code = parse_wikitext(page)
    return {
        "sections": [str(h.title).strip() for h in code.filter_headings()],
        "categories": sorted(
            str(link.title).split(":", 1)[1].strip()
            for link in code.filter_wikilinks()
            if CATEGORY.match(str(link.title))
        ),
        "switches": SWITCH.findall(page),
        "signatures": page.count("~~~"),
    }


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    box=st.fixed_dictionaries({name: hostile for name in BOX_PARAMS}),
    cite=st.fixed_dictionaries({name: hostile for name in CITE_PARAMS}),
    title=hostile_title,
)
def test_hostile_values_do_not_change_the_structure(box, cite, title) -> None:
    spec = {
        "spec_version": 1,
        "wiki": "enwiki",
        "infobox": {"template": "Infobox summit meeting", "params": box},
        "lead": "Lead.{{#ref:k}}",
        "sections": [
            {"level": 2, "title": "Plain", "text": "Text."},
            {"level": 2, "title": title.replace("\n", " "), "text": "x"},
            {"level": 2, "title": "References", "text": "{{#references}}"},
        ],
        "categories": ["Good"],
        "references": [{"key": "k", "template": "Cite news", "params": cite}],
    }
    try:
        page = render(spec)
    except RenderError as exc:
        # Refused with a message, nothing written: only a reference inside a citation is.
        assert "a reference cannot be cited inside a citation" in str(exc), exc
        return
    structure = _structure(page)
    heading = escape_switches(title.replace("\n", " ").strip())
    heading = re.sub(r"~(?=~~)", "&#126;", heading)
    assert structure["sections"] == ["Plain", heading, "References"]
    assert structure["categories"] == ["Good"]
    assert structure["switches"] == []
    assert structure["signatures"] == 0


@pytest.mark.parametrize("value", ["a\x00b", "\x07", "x\x1by"])
def test_control_characters_are_refused(value):
    with pytest.raises(RenderError, match="control character"):
        escape_value(value, where="infobox name")


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("x\n== Heading ==\ny", "x\n&#61;= Heading ==\ny"),
        ("[[Category:X]]", "&#91;&#91;Category:X&#93;&#93;"),
        ("__NOINDEX__", "&#95;_NOINDEX__"),
        ("[[:Category:X]]", "[[:Category:X]]"),
        ("[[File:A.jpg|thumb]]", "[[File:A.jpg|thumb]]"),
        ("snake_case", "snake_case"),
        ("__NOINDEX__x__", "&#95;_NOINDEX&#95;_x__"),
        ("[http://a.example/ t]", "[http://a.example/ t]"),
        ("[http://a.example/ t|u]]", "&#91;http://a.example/ t{{!}}u&#93;&#93;"),
        ("[http://a.example/ t", "&#91;http://a.example/ t"),
        ("a [b] [c", "a [b] &#91;c"),
    ],
)
def test_escaping_rules(value, escaped):
    assert escape_value(value)[0] == escaped


@pytest.mark.parametrize(
    "flag_template",
    ["{{#ref:k}}", "flag|x}}[[Category:Spam]]{{x", "flag<ref>x</ref>", "flag\n|}"],
)
def test_a_flag_template_that_is_not_a_template_name_is_refused(flag_template):
    """A participant's flag template becomes ``{{NAME|country}}``: anything but a name would
    change the page (a reference marker expanded inside it, a category, a table end)."""
    spec = {
        "spec_version": 1,
        "wiki": "enwiki",
        "infobox": {
            "template": "Infobox summit meeting",
            "params": {},
            "participants": [{"name": "Trump", "flag_template": flag_template, "country": "USA"}],
        },
        "lead": "Lead.{{#ref:k}}",
        "references": [{"key": "k", "template": "Cite news", "params": {"title": "T"}}],
    }
    with pytest.raises(RenderError, match="flag_template"):
        render(spec)


def test_a_participant_name_that_ends_a_table_stays_text():
    spec = {
        "spec_version": 1,
        "wiki": "enwiki",
        "infobox": {
            "template": "Infobox summit meeting",
            "params": {},
            "participants": [{"name": "\n|}\n", "target": "A"}, {"name": "B"}],
        },
        "lead": "Lead.",
    }
    try:
        page = render(spec)
    except RenderError:
        return  # refused is fine; written as structure is not
    box = parse_wikitext(page).filter_templates(recursive=False)[0]
    assert "|}" not in re.sub(r"\{\{!\}\}", "", str(box.get("participants").value))


def test_an_external_link_left_open_does_not_read_into_the_next_argument():
    """``]]`` is escaped, so the link ``[http://a.example/ t|u]]`` has no ``]``: mwparserfromhell
    read it on into the next argument up to its ``]``, and render refused the citation (found
    by the property test)."""
    spec = {
        "spec_version": 1,
        "wiki": "enwiki",
        "lead": "Lead.{{#ref:k}}",
        "references": [
            {
                "key": "k",
                "template": "Cite news",
                "params": {
                    "language": "[http://a.example/ t|u]]",
                    "access-date": "[http://a.example/ t|u]",
                },
            }
        ],
    }
    cite = parse_wikitext(render(spec)).filter_templates(matches="Cite news")[0]
    assert unescape_value(str(cite.get("language").value).strip()) == "[http://a.example/ t|u]]"
    assert str(cite.get("access-date").value).strip() == "[http://a.example/ t{{!}}u]"


@pytest.mark.parametrize(
    "value", ["[[|[[Category:X]]}}]]", "[[x|[[Category:Y]]]]", "a [[Category:X|k]] b"]
)
def test_a_category_link_inside_a_link_is_escaped_at_both_ends(value):
    """Escaping only the ``[[`` of the category left its ``]]`` to close the enclosing ``[[``
    early, and the ``}}`` after it ended the template call (found by the property test)."""
    escaped, _ = escape_value(value, refs=False, where="language")
    call = parse_wikitext("{{X|p=" + escaped + "|q=}}").nodes
    assert len(call) == 1 and len(call[0].params) == 2
    assert "[[Category" not in escaped and "&#93;&#93;" in escaped


def test_a_comment_left_open_inside_a_ref_does_not_hide_the_rest_of_the_page():
    """``<ref><!--</ref>`` reads as one ref alone, but on the page mwparserfromhell took the
    comment on to a ``-->`` in a later citation, and the infobox lost its end (found by the
    property test).  The open ``<!--`` is written ``&lt;!--``."""
    params = dict.fromkeys(["name", "image", "caption", "host_country", "date", "participants"], "")
    spec = {
        "spec_version": 1,
        "wiki": "enwiki",
        "infobox": {
            "template": "Infobox summit meeting",
            "params": {**params, "follows": "<ref><!--</ref>"},
        },
        "lead": "Lead.{{#ref:k}}",
        "references": [{"key": "k", "template": "Cite news", "params": {"access-date": "-->"}}],
    }
    article = wikibox.parse(render(spec))
    assert article.infobox is not None
    follows = next(p for p in article.infobox.params if p.name == "follows")
    assert follows.raw.strip() == "<ref>&lt;!--</ref>"
    assert [ref.params[0].raw for ref in article.references if ref.template] == ["-->"]
