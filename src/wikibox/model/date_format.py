"""Writing dates as the wikis want them: one piece (``12 February 2025``) or a range written the
shortest way MOS:DATERANGE allows.

:mod:`wikibox.model.dates` parses with the same layout function (:func:`range_layout`), so what
wikibox writes is exactly what it accepts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wikibox.model.dates import WikiDate

__all__ = [
    "MONTHS",
    "PIECE_TEXT",
    "STYLES",
    "check_style",
    "format_date",
    "range_layout",
    "render_piece",
    "single_shape",
]

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
#: The styles :func:`format_date` and :func:`~wikibox.date_repair.repair_date` write.
STYLES = ("dmy", "mdy", "iso", "ja")

PIECE_TEXT = {
    "dMy": "{d} {M} {y}", "Mdy": "{M} {d}, {y}", "My": "{M} {y}", "dM": "{d} {M}",
    "Md": "{M} {d}", "d,y": "{d}, {y}", "M": "{M}", "d": "{d}", "y": "{y}",
    "ymd": "{y:04d}-{m:02d}-{d:02d}", "ja:ymd": "{y}年{m}月{d}日", "ja:ym": "{y}年{m}月",
    "ja:y": "{y}年", "ja:md": "{m}月{d}日", "ja:m": "{m}月", "ja:d": "{d}日",
}  # fmt: skip


def check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}; expected one of {', '.join(STYLES)}")


def single_shape(date: WikiDate, style: str) -> str:
    if style == "ja":
        return {"day": "ja:ymd", "month": "ja:ym", "year": "ja:y"}[date.precision]
    if date.precision != "day":
        return "My" if date.precision == "month" else "y"
    return {"dmy": "dMy", "mdy": "Mdy", "iso": "ymd"}[style]


def render_piece(shape: str, date: WikiDate) -> str:
    month_name = MONTHS[date.month - 1] if date.month else ""
    return PIECE_TEXT[shape].format(d=date.day, m=date.month, y=date.year, M=month_name)


def range_layout(fmt: str, start: WikiDate, end: WikiDate) -> tuple[str, str, str]:
    """The (left shape, right shape, dash) MOS:DATERANGE prescribes for a range.

    Repeat only what differs, and space the en dash when either side has a space in it.
    """
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    if fmt == "ja":
        full = single_shape(start, "ja")
        if not same_year or start.precision == "year":
            return full, full, "–"
        if start.precision == "month":
            return full, "ja:m", "–"
        return full, "ja:d" if same_month else "ja:md", "–"
    if start.precision == "year":
        return "y", "y", "–"
    if start.precision == "month":
        return ("M", "My", "–") if same_year else ("My", "My", " – ")
    if fmt == "mdy":
        if same_month:
            return "Md", "d,y", "–"
        return ("Md" if same_year else "Mdy"), "Mdy", " – "
    if same_month:
        return "d", "dMy", "–"
    return ("dM" if same_year else "dMy"), "dMy", " – "


def format_date(date: WikiDate, style: str) -> str:
    """Write ``date`` as wikitext in ``style`` (``dmy``, ``mdy``, ``iso`` or ``ja``).

    ISO 8601 is only used where the wikis accept it: a single full date.  A month or year is
    written ``February 2025`` / ``2025`` in every English style (CS1 rejects ``2025-02``), and a
    range of days has no accepted ISO form, so asking for one raises :class:`ValueError`.
    """
    check_style(style)
    if date.end is None:
        return render_piece(single_shape(date, style), date)
    if style == "iso" and date.precision == "day":
        raise ValueError("a range of days has no ISO form the wikis accept; use dmy or mdy")
    left, right, dash = range_layout("dmy" if style == "iso" else style, date, date.end)
    return render_piece(left, date) + dash + render_piece(right, date.end)
