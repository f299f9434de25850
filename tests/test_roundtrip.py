"""Lossless parsing: str(parse(text)) == text for every input, NUL included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wikibox import parse
from wikibox.wikitext.parser import parse_wikitext

PIECES = [
    "{{",
    "}}",
    "[[",
    "]]",
    "[",
    "]",
    "|",
    "=",
    "<ref>",
    "</ref>",
    '<ref name="a" />',
    "<!--",
    "-->",
    "''",
    "'''",
    "\n",
    "==",
    "*",
    "{|",
    "|}",
    "<br />",
    "http://e.org/x",
    "日本語",
    "שלום",
    "مرحبا",
    "\u200f",
    "\t",
    "&nbsp;",
    "<span>",
    "</div>",
    "{{{",
    "}}}",
    "Infobox summit meeting",
    "cite web",
    "\x01",
    "\x7f",
]

wikitextish = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(min_size=0, max_size=5)), max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(wikitextish)
def test_parse_round_trips(text):
    text = text.replace("\x00", "")
    assert str(parse(text).code) == text


@settings(max_examples=100, deadline=None)
@given(wikitextish)
def test_round_trip_with_nul(text):
    text = "a\x00" + text
    assert str(parse_wikitext(text)) == text


def test_nul_is_not_truncated():
    text = "a\x00b [[x]] {{Infobox event|date=2020}}"
    article = parse(text)
    assert str(article.code) == text
    assert article.infobox is not None
