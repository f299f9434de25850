"""CS1's date check for citation parameters: rules stricter than :func:`~wikibox.dates.parse_date`.

The citation module (CS1) validates ``|date=``, ``|access-date=``, ``|archive-date=`` and a few
more, and on top of the MOS:DATE forms it accepts some of its own (``n.d.``, ``c. 1900``, seasons,
a ``2025a`` disambiguator) and refuses some that prose accepts (``Sept``, ISO dates before 1582,
an access date before Wikipedia began).  :func:`check_citation_date` gives the reason a value
fails, in CS1's terms, or None.
"""

from __future__ import annotations

import datetime
import re

from wikibox.model.dates import (
    LONG_MONTHS,
    SHORT_MONTHS,
    InvalidDate,
    WikiDate,
    clean_date_text,
    format_date,
    parse_date,
)

__all__ = ["check_citation_date"]

_WIKIPEDIA_START = datetime.date(2001, 1, 15)  # CS1's lower bound for |access-date=


_WORD = re.compile(r"[A-Za-z]+")


_CITATION_DATE_PARAMS = {
    "date": "date", "publication-date": "publication-date", "publicationdate": "publication-date",
    "access-date": "access-date", "accessdate": "access-date", "archive-date": "archive-date",
    "archivedate": "archive-date", "year": "year", "lay-date": "lay-date", "laydate": "lay-date",
    "doi-broken-date": "doi-broken-date", "doi-inactive-date": "doi-broken-date",
    "pmc-embargo-date": "pmc-embargo-date", "embargo": "pmc-embargo-date",
}  # fmt: skip
_NO_DATE = re.compile(r"n\.d\.[A-Za-z]?|nd[A-Za-z]?")
_CIRCA = re.compile(r"c\. (?P<y>[1-9][0-9]{2,3})[A-Za-z]?")
_YEAR = re.compile(r"(?P<y>[1-9][0-9]{2,3})[A-Za-z]?")
_JA_YEAR = re.compile(r"(?P<y>[1-9][0-9]{2,3})年")
_DISAMBIGUATED = re.compile(r"(?P<date>.*(?<![0-9])[0-9]{3,4})[A-Za-z]")
_SHORT_YEAR_RANGE = re.compile(r".*[0-9]{4}–(?P<yy>[0-9]{2})")
_SEASON = r"(?:Winter|Spring|Summer|Fall|Autumn)"
_PERIOD = rf"(?:{_SEASON}|(?:First|Second|Third|Fourth) Quarter|Easter|Christmas)"
_SEASON_FORMS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"{_PERIOD} (?P<y>[1-9][0-9]{{2,3}})",
        rf"(?P<s>{_SEASON})–(?P<s2>{_SEASON}) (?P<y>[0-9]{{4}})",
        rf"(?P<s>{_SEASON}) (?P<y>[0-9]{{4}}) – (?P<s2>{_SEASON}) (?P<y2>[0-9]{{4}})",
        r"(?P<ws>Winter|Summer) (?P<y>[0-9]{4})–(?P<y2>[0-9]{2}|[0-9]{4})",
    )
)


def _season_years(text: str) -> list[int] | str | None:
    """Years of a CS1 season/quarter/holiday date, a reason if it is malformed, else None."""
    for form in _SEASON_FORMS:
        match = form.fullmatch(text)
        if match is None:
            continue
        years = [int(match["y"])]
        if match.groupdict().get("s") and match["s"] == match["s2"]:
            return "a range of seasons needs two different seasons"
        if match.groupdict().get("y2"):
            second = match["y2"]
            years.append(int(second) if len(second) == 4 else years[0] // 100 * 100 + int(second))
            if match.groupdict().get("ws") and years[1] - years[0] != 1:
                return f"{match['ws']} ranges span two consecutive years"
            if years[1] <= years[0]:
                return "a range must run from an earlier to a later date"
        return years
    return None


def _future_reason(
    param: str, name: str, date: WikiDate | None, year: int, today: datetime.date | None
) -> str | None:
    """CS1's future limit: the current year + 1 (+2 for PMC embargoes).

    Access and archive dates record something that has already happened, so for them the
    limit is tomorrow (CS1's one-day allowance for time zones), not next year.
    """
    if today is None:
        return None
    if date is not None and name in ("access-date", "archive-date"):
        if (date.end or date).start() > today + datetime.timedelta(days=1):
            return f"|{param}= is in the future"
        return None
    limit = today.year + (2 if name == "pmc-embargo-date" else 1)
    return f"{year} is too far in the future for |{param}=" if year > limit else None


def check_citation_date(
    value: str, *, param: str, wiki: str = "enwiki", today: datetime.date | None = None
) -> str | None:
    """Return why ``value`` fails CS1's date check for ``|param=``, or None if it passes.

    Only the parameters CS1 validates are checked; others (``orig-date`` is free text) and empty
    values give None.  Future limits apply only when ``today`` is given, so a result never
    depends on the clock: callers pass the day of the scan.
    """
    name = _CITATION_DATE_PARAMS.get(param.strip().lower())
    text = clean_date_text(value)
    if name is None or not text:
        return None
    if "{{" in text:
        return f"a template is not accepted in |{param}="
    if _NO_DATE.fullmatch(text):
        return None if name == "date" else f"'n.d.' is only accepted in |date=, not |{param}="
    year = _CIRCA.fullmatch(text) or (name == "year" and _YEAR.fullmatch(text))
    if name == "year" and wiki == "jawiki":
        year = year or _JA_YEAR.fullmatch(text)
    if year:
        if name not in ("date", "year"):
            return f"'c.' is only accepted in |date= and |year=, not |{param}="
        return _future_reason(param, name, None, int(year["y"]), today)
    if name == "year":
        return "|year= must be a year such as 2025 (a letter may follow: 2025a)"
    if name in ("date", "publication-date"):  # CITEREF disambiguator: "2025a", "12 May 2025b"
        disambiguated = _DISAMBIGUATED.fullmatch(text)
        text = disambiguated["date"] if disambiguated else text
    season = _season_years(text)
    if isinstance(season, list) and name != "date":
        return f"seasons, quarters and holidays are only accepted in |date=, not |{param}="
    if season is not None:
        return (
            season
            if isinstance(season, str)
            else _future_reason(param, name, None, season[-1], today)
        )
    try:
        date = parse_date(text, wiki=wiki)
    except InvalidDate as error:
        return error.reason
    return _citation_form_reason(date, text, param, name, wiki) or _future_reason(
        param, name, date, (date.end or date).year, today
    )


def _citation_form_reason(
    date: WikiDate, text: str, param: str, name: str, wiki: str
) -> str | None:
    """The CS1 rules that are stricter than :func:`parse_date`."""
    if date.format == "ja" and wiki != "jawiki":
        return f"the Japanese date format ({text}) is not accepted on {wiki}"
    words = _WORD.findall(text)
    if "Sept" in words:
        return "'Sept' is not accepted; write 'Sep' or 'September'"
    if any(word not in SHORT_MONTHS for word in words) and any(
        word not in LONG_MONTHS for word in words
    ):
        return "months in a range must be both full names or both abbreviations"
    if date.format == "iso" and date.year < 1582:
        return "ISO dates before 1582 are not accepted; write the month name"
    short_range = _SHORT_YEAR_RANGE.fullmatch(text)
    if short_range and int(short_range["yy"]) < 13:  # 2003–05 could be read as May 2003
        return f"write the second year in full ({format_date(date, 'dmy')})"
    if name == "access-date":
        if date.end is not None or date.precision != "day":
            return f"|{param}= must be a single full date (day, month and year)"
        if date.start() < _WIKIPEDIA_START:
            return f"|{param}= is before Wikipedia began (15 January 2001)"
    return None
