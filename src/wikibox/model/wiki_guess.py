"""Which wiki a page was written for, guessed from its letters when nobody said.

A Japanese draft checked as enwiki gets findings that do not apply there (its dates, its
reference-list templates), so when neither ``--wiki`` nor a config file names the wiki the
CLI asks this module, and says in its summary which wiki it assumed and why.  The guess reads
the scripts of the page's letters — kana for Japanese, the letters only Ukrainian, Russian or
Bulgarian use, Vietnamese's stacked diacritics — and falls back to enwiki.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["WikiGuess", "guess_wiki"]

_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN = re.compile(r"[ыэёЫЭЁ]")
_BULGARIAN_HARD_SIGN = re.compile(r"[ъ]")
_VIETNAMESE = re.compile(r"[ơưđăƠƯĐĂ\u1ea0-\u1ef9]")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class WikiGuess:
    wiki: str
    reason: str


def guess_wiki(text: str) -> WikiGuess:
    """The wiki whose language the page's letters are in (enwiki when nothing else fits)."""
    text = _COMMENT.sub("", text)
    kana, han = len(_KANA.findall(text)), len(_HAN.findall(text))
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    letters = kana + han + cyrillic + latin or 1
    if kana + han >= 5 and (kana + han) / letters >= 0.1:
        return WikiGuess("jawiki", f"Japanese text: {kana} kana, {han} kanji")
    if cyrillic >= 20 and cyrillic / letters >= 0.3:
        ukrainian = len(_UKRAINIAN.findall(text))
        russian = len(_RUSSIAN.findall(text))
        if ukrainian > russian:
            reason = f"Cyrillic text with {ukrainian} Ukrainian letters (і ї є ґ)"
            return WikiGuess("ukwiki", reason)
        if russian * 400 < cyrillic and len(_BULGARIAN_HARD_SIGN.findall(text)) > russian:
            return WikiGuess("bgwiki", "Cyrillic text with ъ and without ы, э")
        return WikiGuess("ruwiki", f"Cyrillic text with {russian} Russian letters (ы э ё)")
    vietnamese = len(_VIETNAMESE.findall(text))
    if vietnamese >= 5 and vietnamese / letters >= 0.02:
        return WikiGuess("viwiki", f"Vietnamese letters ({vietnamese} such as ơ ư ạ ệ)")
    return WikiGuess("enwiki", "no other language's letters")
