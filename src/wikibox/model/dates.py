"""Strict parsing and formatting of the dates the wikis accept.

The wikis are strict, so this module is too.  The citation module (CS1) files an article under
"CS1 errors: dates" for ``12-14 February 2025`` (hyphen), ``Sept 12, 2025``, ``2025-02`` or
``12/02/2025``, and MOS:DATE asks for the same few prose forms in infoboxes.  :func:`parse_date`
accepts the MOS:DATE forms (plus the Japanese 年月日 forms and the date templates) and raises
:class:`InvalidDate` with a reason for anything else; it never normalises silently.
:func:`~wikibox.model.citation_dates.check_citation_date` adds CS1's stricter rules on top.
Leniency lives in one place, :func:`~wikibox.model.date_repair.repair_date`, which rewrites an
unambiguous but badly written date and refuses anything it would have to guess.  Writing dates
is :mod:`wikibox.model.date_format`.

One grammar serves every form: a value is one *piece* (``12 February 2025``) or two pieces joined
by a dash (``12`` + ``14 February 2025``).  Piece shapes are named as in CS1's pattern table
(``dMy``, ``Mdy``, ``My`` …).  A range is valid when its pair of shapes is a known one *and* it
is the shortest way to write that range (MOS:DATERANGE); :func:`format_date` writes ranges from
the same layout function, so what we write is exactly what we accept.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import mwparserfromhell
from mwparserfromhell.nodes import Template

from wikibox.model.date_format import (
    MONTHS,
    STYLES,
    format_date,
    range_layout,
    render_piece,
    single_shape,
)
from wikibox.wikitext.names import normalize_template_name, strip_comments

__all__ = [
    "DATE_TEMPLATES",
    "LONG_MONTHS",
    "MONTHS",
    "REF_TAG",
    "SHORT_MONTHS",
    "STYLES",
    "InvalidDate",
    "WikiDate",
    "clean_date_text",
    "format_date",
    "parse_date",
    "parse_prose",
    "style_of",
]


LONG_MONTHS = {name: number for number, name in enumerate(MONTHS, 1)}
SHORT_MONTHS = {name[:3]: number for number, name in enumerate(MONTHS, 1)}
# parse_date takes "Sept" (common, and unambiguous); CS1 does not, so the checker refuses it.
_MONTH_NUMBERS = {**LONG_MONTHS, **SHORT_MONTHS, "Sept": 9}
_FOLDED_MONTHS = {name.lower(): number for name, number in _MONTH_NUMBERS.items()}


REF_TAG = re.compile(r"<ref\b[^>]*?/>|<ref\b[^>]*>.*?</ref\s*>", re.IGNORECASE | re.DOTALL)
_NBSP = re.compile(r"&nbsp;|&#160;|&#xa0;|\u00a0", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SEPARATOR = re.compile(r"( ?[–〜～] ?)")


_D, _M, _Y = r"(?P<d>[0-9]{1,2})", r"(?P<m>[A-Za-z]+\.?)", r"(?P<y>[0-9]{3,4})"
# Loose on purpose (optional commas, any day digits, any month word): the strict rules are
# checked in _piece_parts so that a near miss gets a precise reason instead of "unrecognised".
_PIECES = {
    shape: re.compile(pattern)
    for shape, pattern in {
        "dMy": rf"{_D} {_M},? {_Y}",
        "Mdy": rf"{_M} {_D},? {_Y}",
        "yMd": rf"{_Y} {_M} {_D}",
        "My": rf"{_M},? {_Y}",
        "dM": rf"{_D} {_M}",
        "Md": rf"{_M} {_D}",
        "d,y": rf"{_D},? {_Y}",
        "M": _M,
        "d": _D,
        "y": _Y,
        "yy": r"(?P<yy>[0-9]{2})",
        "ymd": r"(?P<y>[0-9]{4})-(?P<mm>[0-9]{2})-(?P<dd>[0-9]{2})",
        "ja:ymd": r"(?P<y>[0-9]{3,4})年(?P<mm>[0-9]{1,2})月(?P<dd>[0-9]{1,2})日",
        "ja:ym": r"(?P<y>[0-9]{3,4})年(?P<mm>[0-9]{1,2})月",
        "ja:y": r"(?P<y>[0-9]{3,4})年",
        "ja:md": r"(?P<mm>[0-9]{1,2})月(?P<dd>[0-9]{1,2})日",
        "ja:m": r"(?P<mm>[0-9]{1,2})月",
        "ja:d": r"(?P<dd>[0-9]{1,2})日",
    }.items()
}
_SINGLE_FORMATS = {"dMy": "dmy", "Mdy": "mdy", "yMd": "dmy", "My": "my", "y": "y", "ymd": "iso",
                   "ja:ymd": "ja", "ja:ym": "ja", "ja:y": "ja"}  # fmt: skip
_RANGE_FORMATS = {
    ("d", "dMy"): "dmy", ("dM", "dMy"): "dmy", ("dMy", "dMy"): "dmy",
    ("Md", "d,y"): "mdy", ("Md", "Mdy"): "mdy", ("Mdy", "Mdy"): "mdy",
    ("M", "My"): "my", ("My", "My"): "my", ("y", "y"): "y", ("y", "yy"): "y",
    ("ja:ymd", "ja:d"): "ja", ("ja:ymd", "ja:md"): "ja", ("ja:ymd", "ja:ymd"): "ja",
    ("ja:ym", "ja:m"): "ja", ("ja:ym", "ja:ym"): "ja", ("ja:y", "ja:y"): "ja",
}  # fmt: skip
# Forms people write that no wiki accepts, with the reason to give (first match wins).
_DIAGNOSES = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (r"[0-9]{4}-W[0-9]{2}(-[0-9])?", "ISO week dates are not accepted"),
        (r"[0-9]{4}-[0-9]{3}", "ISO ordinal dates are not accepted"),
        (r"[0-9]{4}-(0[1-9]|1[0-2])", "ISO year-month (YYYY-MM) is not accepted: February 2025"),
        (r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", "an ISO date has a two-digit month and day"),
        (r"[0-9]{1,4}[/.][0-9]{1,2}[/.][0-9]{1,4}", "all-numeric dates are only YYYY-MM-DD"),
        (r".*[0-9](st|nd|rd|th)\b.*", "ordinal days (1st, 12th) are not accepted"),
        (r".*[-—].*", "a date range needs an en dash (–), not a hyphen or em dash"),
    )
)


@dataclass(frozen=True)
class WikiDate:
    """A day, month or year as written in wikitext, or a range of them.

    A range is its start (``self``) with ``end`` set; both share precision and format.  ``text``
    keeps the value as written so a finding can quote it back; an ``end`` carries its own date
    written out in full in the range's format.
    """

    text: str
    year: int
    month: int | None
    day: int | None
    precision: str  # "day" | "month" | "year"
    format: str  # "iso" | "dmy" | "mdy" | "ja" | "my" | "y"
    end: WikiDate | None = None
    template: str | None = None

    def start(self) -> datetime.date:
        """The earliest day covered (the 1st of a month, 1 January of a year)."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last(self) -> datetime.date:
        """The latest day covered: the range's end, or the last day of the month or year."""
        if self.end is not None:
            return self.end.last()
        if self.month is None:
            return datetime.date(self.year, 12, 31)
        return datetime.date(
            self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1]
        )

    def isoformat(self) -> str:
        """ISO 8601 (``2025-02``, ``2025``; ranges as intervals): for metadata, not wikitext."""
        text = f"{self.year:04d}"
        text += f"-{self.month:02d}" if self.month is not None else ""
        text += f"-{self.day:02d}" if self.day is not None else ""
        return text if self.end is None else f"{text}/{self.end.isoformat()}"


class InvalidDate(ValueError):
    """A value that is not a date the wikis accept; ``reason`` says why in one sentence."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{text!r}: {reason}")
        self.text = text
        self.reason = reason

    def __reduce__(self) -> tuple[type[InvalidDate], tuple[str, str]]:
        # Keeps the error picklable for parallel dump scans (the default would pass one arg).
        return (InvalidDate, (self.text, self.reason))


def clean_date_text(value: str) -> str:
    """Drop what never belongs to the date itself: comments, refs, &nbsp; and extra space."""
    text = REF_TAG.sub("", strip_comments(value))
    return _SPACES.sub(" ", _NBSP.sub(" ", text)).strip()


def style_of(fmt: str) -> str:
    """The writing style that reproduces a parsed format (``my``/``y`` read alike in all)."""
    return fmt if fmt in STYLES else "dmy"


# --- reading -----------------------------------------------------------------------------------


def _shapes(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    for shape, pattern in _PIECES.items():
        match = pattern.fullmatch(text)
        if match:
            yield shape, match


def _month_number(word: str, text: str, loose: bool) -> int:
    folded = _FOLDED_MONTHS.get(word.rstrip(".").lower())
    if word in _MONTH_NUMBERS:
        return _MONTH_NUMBERS[word]
    if folded is None:
        raise InvalidDate(text, f"{word!r} is not a month name")
    if not loose:
        raise InvalidDate(text, f"write the month {word!r} as {MONTHS[folded - 1]!r}")
    return folded


def _piece_parts(shape: str, match: re.Match[str], text: str, loose: bool) -> dict[str, int]:
    """The numbers in one piece; in strict mode also the MOS:DATE/CS1 spelling rules."""
    groups = {key: value for key, value in match.groupdict().items() if value is not None}
    if not loose:
        if shape == "yMd":
            raise InvalidDate(text, "year-first dates with a month name are not accepted")
        if groups.get("d", "").startswith("0"):
            raise InvalidDate(text, "days are written without a leading zero")
        if "," in match.group(0) and shape not in ("Mdy", "d,y"):
            raise InvalidDate(text, "only a month-first date has a comma (February 12, 2025)")
        if "," not in match.group(0) and shape in ("Mdy", "d,y"):
            raise InvalidDate(text, "a month-first date has a comma after the day")
    parts = {key: int(groups[key]) for key in ("y", "d", "yy") if key in groups}
    if "m" in groups:
        parts["m"] = _month_number(groups["m"], text, loose)
    parts.update({key[0]: int(groups[key]) for key in ("mm", "dd") if key in groups})
    return parts


def _make(text: str, parts: dict[str, int], fmt: str, template: str | None = None) -> WikiDate:
    """Build a single WikiDate after checking that the day exists (never normalised)."""
    year, month, day = parts["y"], parts.get("m"), parts.get("d")
    if year < 1:
        raise InvalidDate(text, f"year {year} does not exist")
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(text, f"month {month} does not exist")
    if day is not None and (month is None or not 1 <= day <= calendar.monthrange(year, month)[1]):
        month_name = MONTHS[month - 1] if month else "(no month)"
        raise InvalidDate(text, f"{day} {month_name} {year} does not exist")
    precision = "day" if day is not None else "month" if month is not None else "year"
    return WikiDate(text, year, month, day, precision, fmt, template=template)


def _with_end(start: WikiDate, end: WikiDate, *, same_day_ok: bool = False) -> WikiDate:
    end = replace(end, text=render_piece(single_shape(end, style_of(end.format)), end))
    if end.start() < start.start() or (end.start() <= start.last() and not same_day_ok):
        raise InvalidDate(start.text, "a range must run from an earlier to a later date")
    return replace(start, end=end)


def parse_prose(text: str, *, loose: bool) -> WikiDate:
    pieces = _SEPARATOR.split(text)
    if len(pieces) == 1:
        for shape, match in _shapes(text):
            if shape in _SINGLE_FORMATS:
                return _make(text, _piece_parts(shape, match, text, loose), _SINGLE_FORMATS[shape])
        reason = next((why for form, why in _DIAGNOSES if form.fullmatch(text)), None)
        raise InvalidDate(text, reason or "not a recognised date format")
    if len(pieces) != 3:
        raise InvalidDate(text, "a date range has exactly one dash")
    left, dash, right = pieces
    for left_shape, left_match in _shapes(left):
        for right_shape, right_match in _shapes(right):
            fmt = _RANGE_FORMATS.get((left_shape, right_shape))
            if fmt is not None:
                first = _piece_parts(left_shape, left_match, text, loose)
                second = _piece_parts(right_shape, right_match, text, loose)
                return _build_range(
                    text, fmt, (left_shape, right_shape, dash), first, second, loose
                )
    raise InvalidDate(text, "not a recognised date range")


def _build_range(
    text: str,
    fmt: str,
    written: tuple[str, str, str],
    first: dict[str, int],
    second: dict[str, int],
    loose: bool,
) -> WikiDate:
    """Complete each side from the other (``12–14 February 2025``), check order and layout."""
    if "yy" in second:
        second["y"] = first["y"] // 100 * 100 + second.pop("yy")
    if "d" in second:
        second.setdefault("m", first.get("m", 0))
    second.setdefault("y", first.get("y", 0))
    first.setdefault("y", second["y"])
    if "d" in first:
        first.setdefault("m", second.get("m", 0))
    start, end = _make(text, first, fmt), _make(text, second, fmt)
    date = _with_end(start, end)
    if not loose and fmt != "ja":  # no jawiki rule on range layout that we know of: accept any
        left, right, dash = written
        if (left, "y" if right == "yy" else right, dash) != range_layout(fmt, start, end):
            raise InvalidDate(text, f"write this range as {format_date(date, style_of(fmt))}")
    return date


DATE_TEMPLATES = {
    "Start date": "start date",
    "Start date and age": "start date and age",
    "End date": "end date",
    "Dts": "dts",
    "Date table sorting": "dts",
    "Start and end dates": "start and end dates",
}
_NUMBER = re.compile(r"[0-9]{1,4}")


def _template_parts(text: str, year: str, month: str, day: str) -> dict[str, int]:
    if not _NUMBER.fullmatch(year):
        raise InvalidDate(text, f"{year!r} is not a year" if year else "the template has no year")
    parts = {"y": int(year)}
    if month:
        parts["m"] = int(month) if _NUMBER.fullmatch(month) else _month_number(month, text, True)
    if day:
        if not month or not _NUMBER.fullmatch(day):
            raise InvalidDate(text, f"{day!r} is not a day of a month")
        parts["d"] = int(day)
    return parts


def _parse_template(text: str) -> WikiDate:
    """Read ``{{start date|…}}``, ``{{dts|…}}``, ``{{start and end dates|…}}`` and kin."""
    wikicode = mwparserfromhell.parse(text, skip_style_tags=True)
    nodes = [node for node in wikicode.nodes if str(node).strip()]
    if len(nodes) != 1 or not isinstance(nodes[0], Template):
        raise InvalidDate(text, "a date template must stand alone")
    name = DATE_TEMPLATES.get(normalize_template_name(str(nodes[0].name)))
    if name is None:
        raise InvalidDate(text, f"{{{{{str(nodes[0].name).strip()}}}}} is not a date template")
    args = {str(param.name).strip(): str(param.value).strip() for param in nodes[0].params}
    fields = [args.get(str(number), "") for number in range(1, 7)]
    day_format = "dmy" if args.get("df", "").lower() in ("y", "yes") else "mdy"
    if name == "dts":  # {{dts}} says format=; it also takes one written date: {{dts|2025-02-12}}
        written = None if fields[1] or _NUMBER.fullmatch(fields[0]) else _dts_date(text, fields[0])
        shown = written.format if written and written.format in ("dmy", "mdy") else "mdy"
        day_format = args.get("format", "").lower() or shown
        day_format = day_format if day_format in ("dmy", "mdy", "iso") else shown
        if written is not None:
            day_format = _template_format(written, day_format)
            return replace(written, text=text, template=name, format=day_format)
    start = _make(text, _template_parts(text, *fields[:3]), "", name)
    start = replace(start, format=_template_format(start, day_format))
    if name != "start and end dates":
        return start
    if not fields[3]:
        raise InvalidDate(text, "{{start and end dates}} needs an end date")
    end = _make(text, _template_parts(text, *fields[3:]), start.format, name)
    return _with_end(start, end, same_day_ok=True)


def _dts_date(text: str, written: str) -> WikiDate:
    try:
        date = parse_prose(written, loose=False)
    except InvalidDate as error:
        raise InvalidDate(text, error.reason) from None
    if date.end is not None:
        raise InvalidDate(text, "{{dts}} holds a single date, not a range")
    return date


def _template_format(date: WikiDate, day_format: str) -> str:
    return {"day": day_format, "month": "my", "year": "y"}[date.precision]


def parse_date(value: str, *, wiki: str = "enwiki") -> WikiDate:
    """Parse the raw wikitext of a date value; raise :class:`InvalidDate` with a reason.

    Every form is parsed on every wiki (``wiki`` is accepted for symmetry with
    :func:`~wikibox.model.citation_dates.check_citation_date`, which is where per-wiki acceptance is
    decided).
    """
    text = clean_date_text(value)
    if not text:
        raise InvalidDate(text, "the value is empty")
    if "{{" in text:
        return _parse_template(text)
    return parse_prose(text, loose=False)
