"""Repair of badly written dates: the one place where date handling is lenient.

:func:`repair_date` rewrites a date that is unambiguous but badly written (``12th Feb 2025``,
``2025/2/12``, a hyphen in a range) in the wanted style, and refuses anything it would have to
guess (``03/04/2025``).  It reads with the loose mode of the grammar in :mod:`wikibox.dates` and
writes with :func:`~wikibox.dates.format_date`.
"""

from __future__ import annotations

import re

from wikibox.model.date_format import check_style
from wikibox.model.dates import (
    REF_TAG,
    InvalidDate,
    WikiDate,
    clean_date_text,
    format_date,
    parse_date,
    parse_prose,
    style_of,
)
from wikibox.wikitext.names import strip_comments

__all__ = ["repair_date"]

_LOOSE_YMD = re.compile(r"(?P<y>[0-9]{4})([-/.])(?P<m>[0-9]{1,2})\2(?P<d>[0-9]{1,2})")
_LOOSE_NUMERIC = re.compile(r"(?P<a>[0-9]{1,2})([-/.])(?P<b>[0-9]{1,2})\2(?P<y>[0-9]{4})")
_ORDINAL = re.compile(r"\b([0-9]{1,2})(?:st|nd|rd|th)(?: of)?\b", re.IGNORECASE)
_LOOSE_DASH = re.compile(r"\s*[-—]\s*")


def _loosen(text: str) -> str | None:
    """Rewrite the numeric and ordinal forms the loose grammar cannot read; None if ambiguous."""
    match = _LOOSE_YMD.fullmatch(text)
    if match:
        return f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}"
    match = _LOOSE_NUMERIC.fullmatch(text)
    if match:
        first, second = int(match["a"]), int(match["b"])
        if first != second and max(first, second) <= 12:
            return None  # 03/04/2025: 3 April or March 4 - the text cannot tell
        day, month = (first, second) if first > 12 or first == second else (second, first)
        return f"{match['y']}-{month:02d}-{day:02d}"
    return _LOOSE_DASH.sub("–", _ORDINAL.sub(r"\1", text))


def _is_well_written(date: WikiDate, text: str) -> bool:
    """Whether ``text`` is how :func:`format_date` writes ``date`` (or a MOS 2024–25 range)."""
    written = format_date(date, style_of(date.format))
    if date.end is not None and date.format == "y":
        return text in (written, f"{date.year}–{date.end.year % 100:02d}")
    return text == written


def repair_date(value: str, *, style: str) -> str | None:
    """Rewrite an unambiguous but badly written date in ``style``; None if fine or unsure.

    "Fine" means a well-written date in any accepted format (turning a good dmy date into mdy
    is :func:`format_date`'s job, not a repair).  Ambiguous (``03/04/2025``), impossible or
    unreadable values give None: a fixer must never guess.  Refs and comments around the date
    are kept.  A range of days cannot be written in ISO, so it keeps its own dmy/mdy style.
    """
    check_style(style)
    text = clean_date_text(value)
    if not text or "{{" in text:
        return None
    try:
        date: WikiDate | None = parse_date(text)
    except InvalidDate:
        loosened = _loosen(text)
        try:
            date = parse_prose(loosened, loose=True) if loosened else None
        except InvalidDate:
            date = None
    if date is None or (date.text == text and _is_well_written(date, text)):
        return None
    try:
        fixed = format_date(date, style)
    except ValueError:
        fixed = format_date(date, style_of(date.format))
    raw = value.strip()
    if fixed == text:
        return None
    if strip_comments(raw) == raw and not REF_TAG.search(raw):
        return fixed
    return raw.replace(text, fixed) if raw.count(text) == 1 else None
