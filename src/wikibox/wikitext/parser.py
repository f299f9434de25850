"""Safe parsing of wikitext with mwparserfromhell, and small helpers on its nodes.

Two facts about mwparserfromhell on real pages shape this module (see the parser notes):

* its C tokenizer silently truncates text at a NUL character, so a page with NUL is parsed
  with the pure-Python tokenizer, which keeps every character (the round trip stays exact and
  the ``wt-invisible-char`` rule reports the NUL);
* an unbalanced ``''`` can swallow a whole infobox into plain text, so style tags are never
  parsed (``skip_style_tags=True``; it is also ~10 % faster).
"""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import Tag, Text
from mwparserfromhell.parser import Parser
from mwparserfromhell.wikicode import Wikicode

from wikibox.wikitext.names import normalize_template_name, strip_comments

_INVISIBLE_TAGS = frozenset({"ref", "references"})
_BLANK_LINES = re.compile(r"\n\n\n+")
_MARKUP = re.compile(r"[\[\]{}<>&'_\xa0]|://|~~~")

__all__ = [
    "param_name",
    "parse_wikitext",
    "plain_text",
    "tag_name",
    "template_name",
]


def parse_wikitext(text: str) -> Wikicode:
    """Parse ``text`` losslessly: ``str(parse_wikitext(t)) == t`` for every string."""
    if "\x00" in text:
        from mwparserfromhell.parser.tokenizer import Tokenizer

        parser = Parser()
        parser._tokenizer = Tokenizer()  # the pure-Python tokenizer does not stop at NUL
        return parser.parse(text, skip_style_tags=True)
    return mwparserfromhell.parse(text, skip_style_tags=True)


def plain_text(code: Wikicode | str) -> str:
    """What a reader sees of a value, roughly: markup stripped, comments gone, trimmed."""
    if isinstance(code, str):
        if not _MARKUP.search(code):
            return _BLANK_LINES.sub("\n\n", code).strip()
        code = parse_wikitext(code)
    elif len(code.nodes) == 1 and type(code.nodes[0]) is Text:
        value = code.nodes[0].value
        if not _MARKUP.search(value):
            return _BLANK_LINES.sub("\n\n", value).strip()
    pieces = []
    for node in code.nodes:
        if isinstance(node, Tag) and tag_name(node) in _INVISIBLE_TAGS:
            continue
        piece = node.__strip__(normalize=True, collapse=True, keep_template_params=False)
        if piece:
            pieces.append(str(piece))
    text = _BLANK_LINES.sub("\n\n", "".join(pieces))
    return strip_comments(text).replace("\xa0", " ").strip()


def tag_name(tag: Tag) -> str:
    """The lower-cased name of an HTML or extension tag (``ref``, ``references``, ``span`` …).

    Tags are everywhere in real pages, so the common case (a name that is one text node)
    avoids serialising the name's Wikicode."""
    nodes = tag.tag.nodes
    if len(nodes) == 1:
        first = list.__getitem__(nodes, 0)  # SmartList is a list; skip its slower indexing
        if type(first) is Text:
            return first.value.strip().lower()
    return str(tag.tag).strip().lower()


def template_name(template) -> str:
    """The normalised name of a template node."""
    return normalize_template_name(str(template.name))


def param_name(name: str) -> str:
    """A parameter name as MediaWiki matches it: comments removed, whitespace trimmed."""
    return strip_comments(name).strip()
