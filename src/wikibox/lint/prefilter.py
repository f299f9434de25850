"""Drop, before any parse, the pages that cannot give a finding for the selected rule families.

Most pages of a dump have no infobox, and a parse costs far more than a substring test, so a scan
that checks only some rule families asks :func:`prefilter` first.  The test is deliberately
loose: a page that passes for nothing costs one parse, a page wrongly dropped is a finding nobody
sees.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Set

from wikibox.lint.rules import FAMILIES
from wikibox.model.profiles import WikiConfig, infobox_families

__all__ = ["prefilter", "wiki_infobox_names"]


@functools.lru_cache(maxsize=64)
def _needles(
    families: frozenset[str], extra_names: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fast, folded) needles for a selection of families.

    An extra name is matched by its longest word: a page that uses the template must contain it
    whatever separators (space, ``_``, several spaces) and first-letter case it is written with.
    """
    fast: list[str] = []
    folded: list[str] = []
    for family in sorted(families):
        fast += FAMILIES[family].fast_needles or ()
        folded += FAMILIES[family].folded_needles or ()
    if "infobox" in families:  # the infobox families of every language (Картка, Taxobox …)
        generic = infobox_families()
        extra_names = (*generic.prefixes, *generic.suffixes, *sorted(generic.names), *extra_names)
    for name in extra_names:
        words = unicodedata.normalize("NFC", name).casefold().replace("_", " ").split()
        if words:
            folded.append(max(words, key=len))
    return tuple(dict.fromkeys(fast)), tuple(dict.fromkeys(folded))


def wiki_infobox_names(config: WikiConfig) -> tuple[str, ...]:
    """The ``extra_names`` a scan of one wiki passes: that wiki's own infobox prefixes and
    names (jawiki's 基礎情報, ruwiki's {{НП}} …), which the generic families may not cover."""
    return (*config.infobox_prefixes, *sorted(config.infobox_names))


def prefilter(text: str, families: Set[str], extra_names: Iterable[str] = ()) -> bool:
    """True when a page may give a finding for the selected rule families.

    Families: ``infobox`` (the longest word of an infobox prefix, suffix or name of any
    language — ``infobox``, ``картка``, ``thông tin``, ``taxobox`` … from
    ``infobox_names.yaml`` — or of one of ``extra_names``, in any case, in the name of a
    template: after a ``{{`` with no ``|`` between, comments left out), ``cite`` and ``ref``
    (``<ref``, a citation template, a URL, a reference list), and ``wt`` (wikitext syntax: any
    page, always True).  An unknown family also gives True: the prefilter never hides a
    finding it does not understand.
    The test is ``in`` and ``find`` on the text and on ``text.casefold()``, no regular
    expression but the one that drops comments.
    """
    if not families or not families <= FAMILIES.keys():
        return True
    if any(FAMILIES[family].fast_needles is None for family in families):
        return True  # a family that any page can give a finding for (wikitext syntax)
    others = frozenset(families) - {"infobox"}
    if others:
        fast, folded = _needles(others, ())
        if any(needle in text for needle in fast):
            return True
        if any(needle in text.casefold() for needle in folded):
            return True
    if "infobox" not in families:
        return False
    fast, folded = _needles(frozenset({"infobox"}), tuple(extra_names))
    if any(_in_template_name(text, needle) for needle in fast):
        return True
    text = text.casefold()
    present = []
    for needle in folded:
        if needle in text:
            if _in_template_name(text, needle):
                return True
            present.append(needle)
    if not present or "<!--" not in text:
        return False
    text = _COMMENT.sub("", text)  # a comment in a name may hide it: {{<!-- a|b -->Infobox
    return any(_in_template_name(text, needle) for needle in present)


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)  # an unclosed one is text to the parser


def _in_template_name(text: str, word: str) -> bool:
    """Whether ``word`` occurs in ``text`` between a ``{{`` and the first ``|`` after it: where
    a template's name is written."""
    pos = text.find(word)
    while pos >= 0:
        opening = text.rfind("{{", 0, pos)
        if opening >= 0 and text.find("|", opening, pos) < 0:
            return True
        pos = text.find(word, pos + 1)
    return False
