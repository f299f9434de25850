"""Drop, before any parse, the pages that cannot give a finding for the selected rule families.

Most pages of a dump have no infobox, and a parse costs far more than a substring test, so a scan
that checks only some rule families asks :func:`prefilter` first.  The test is deliberately
loose: a page that passes for nothing costs one parse, a page wrongly dropped is a finding nobody
sees.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Set

__all__ = ["FAMILIES", "prefilter"]

#: The rule families the prefilter knows; any other family disables the prefilter.
FAMILIES = frozenset({"infobox", "cite", "ref", "wt"})


# Needles searched in the case-folded text.  They are deliberately loose: a page that passes for
# nothing costs one parse, a page wrongly dropped is a finding nobody sees.
_NEEDLES = {
    "infobox": ("infobox", "基礎情報"),
    "cite": ("cite", "citation", "<ref", "http", "reflist", "<references", "sfn", "harv"),
    "ref": ("<ref", "reflist", "<references", "efn", "sfn", "cite", "citation", "http"),
}
# Case-sensitive spellings tried first on the raw text: most pages that pass, pass here, and
# only the pages that will be dropped pay for ``casefold()``.
_FAST_NEEDLES = {
    "infobox": ("nfobox", "基礎情報"),
    "cite": ("<ref", "{{cite", "{{Cite", "http"),
    "ref": ("<ref", "{{Reflist", "{{reflist"),
}


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
        fast += _FAST_NEEDLES[family]
        folded += _NEEDLES[family]
    for name in extra_names:
        words = unicodedata.normalize("NFC", name).casefold().replace("_", " ").split()
        if words:
            folded.append(max(words, key=len))
    return tuple(fast), tuple(folded)


def prefilter(text: str, families: Set[str], extra_names: Iterable[str] = ()) -> bool:
    """True when a page may give a finding for the selected rule families.

    Families: ``infobox`` (an ``infobox`` / ``基礎情報`` in any case, or one of ``extra_names``,
    e.g. ``Taxobox`` or ``Thông tin nhân vật``), ``cite`` and ``ref`` (``<ref``, a citation
    template, a URL, a reference list), and ``wt`` (wikitext syntax: any page, always True).  An
    unknown family also gives True: the prefilter never hides a finding it does not understand.
    The test is ``in`` on the text and on ``text.casefold()``, no regular expression.
    """
    if not families or not families <= FAMILIES or "wt" in families:
        return True
    fast, folded = _needles(frozenset(families), tuple(extra_names))
    if any(needle in text for needle in fast):
        return True
    text = text.casefold()
    return any(needle in text for needle in folded)
