"""Positions: one offset index per page, checked against a naive re-search of the text."""

from __future__ import annotations

import pytest

from wikibox import parse
from wikibox.wikitext.parser import parse_wikitext
from wikibox.wikitext.positions import NodeLocator, OffsetIndex

CJK_INFOBOX = (
    "日本語の前置き。\n"
    "ﾃｷｽﾄ{{Infobox summit meeting\n"
    "| name = 会談\n"
    "|date=2025年2月12日\n"
    "| participants = [[ドナルド・トランプ]]\n"
    "}}\n"
)


def test_offset_index_lines_and_columns():
    index = OffsetIndex("ab\ncd\n\nef")
    assert index.position(0) == (1, 1)
    assert index.position(2) == (1, 3)  # the newline itself
    assert index.position(3) == (2, 1)
    assert index.position(7) == (4, 1)
    assert index.line_count == 4


def test_byte_offsets_count_utf8():
    index = OffsetIndex("日本\nx")
    assert index.byte_offset(1) == 3
    assert index.byte_offset(3) == 7  # two 3-byte characters and a newline
    span = index.span(3, 4)
    assert (span.start_byte, span.end_byte) == (7, 8)


@pytest.mark.parametrize(
    ("name", "line", "column", "end_column"),
    [
        ("name", 3, 3, 11),
        ("date", 4, 2, 16),
        ("participants", 5, 3, 30),
    ],
)
def test_param_spans_after_cjk_text(name, line, column, end_column):
    box = parse(CJK_INFOBOX).infobox
    param = box.get(name)
    assert (param.span.line, param.span.column) == (line, column)
    assert param.span.end_line == line
    assert param.span.end_column == end_column


def test_infobox_span_starts_after_cjk_prefix():
    box = parse(CJK_INFOBOX).infobox
    assert (box.span.line, box.span.column) == (2, 5)
    assert (box.span.end_line, box.span.end_column) == (6, 2)


PAGES = [
    CJK_INFOBOX,
    'a<ref name="x" group=n>{{cite web|url=http://e.org|title=T}}</ref>b<ref name=x/>',
    "== H ==\n[[Link|text]] [http://e.org title] {{{arg|default}}} <!-- c --> &amp;",
    "{{a|{{b|c=[[d|e]]}}|f=<span class=\"q\">g</span>}}\n* item ''x'' '''y'''",
    "<div><ref>unclosed {{t|1=",
    "{| class=wikitable\n|-\n| a || b\n|}\n",
]


@pytest.mark.parametrize("text", PAGES)
def test_every_node_offset_matches_its_text(text):
    """The locator's offset of each node is where the node's own text stands."""
    code = parse_wikitext(text)
    locator = NodeLocator(code)
    for node in code.filter(recursive=True):
        start, end = locator.range(node)
        assert text[start:end] == str(node), (type(node).__name__, str(node))
    for template in code.filter_templates(recursive=True):
        for param in template.params:
            start, end = locator.range(param)
            assert text[start:end] == str(param)
            v_start, v_end = locator.range(param.value)
            assert text[v_start:v_end] == str(param.value)
