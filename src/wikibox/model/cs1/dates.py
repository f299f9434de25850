"""The date checks of Module:Citation/CS1/Date validation, in Python.

The module decides which citation dates are errors (err_bad_date, "Check date values in:
|date="); wikibox must give the same verdicts, so this is a line-for-line port of its
``check_date()``, ``dates()`` and ``year_date_check()`` (the 2026 revision, enwiki oldid
1333433129), with the month, season, quarter and holiday names taken from the module's own
Configuration data (:mod:`wikibox.model.cs1`).  Lua patterns become regular expressions with
the same meaning: ``%D-`` is a lazy run of non-digits, ``%a`` a letter, `` +`` plain spaces
only (so a non-breaking space is not a separator, as in the module).

:func:`citation_date_errors` takes a citation's date parameters as the module's main module
hands them over (``|year=`` or ``|publication-date=`` moved into ``|date=`` when that is empty)
and returns the parameters the module lists in its error.  The agreement with the module run
by ``lua5.1`` is measured by ``benchmarks/cs1_date_agreement.py``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DateNames", "check_date", "citation_date_errors", "year_date_mismatch"]

_WIKIPEDIA_START = datetime.date(2001, 1, 15)
_LETTER = r"[^\W\d_]"  # a Unicode letter: ustring's %a

# patterns_t of the module, in its order of tests (ymd is matched bytewise there).
_PATTERNS = {
    "ymd": re.compile(r"([1-9][0-9]{3})-([0-9]{2})-([0-9]{2})"),
    "Mdy": re.compile(rf"(\D*?) +([1-9]\d?), +(([1-9]\d\d\d?){_LETTER}?)"),
    "Md-dy": re.compile(rf"(\D*?) +([1-9]\d?)[-–]([1-9]\d?), +(([1-9]\d\d\d?){_LETTER}?)"),
    "dMy": re.compile(rf"([1-9]\d?) +(\D*?) +(([1-9]\d\d\d?){_LETTER}?)"),
    "d-dMy": re.compile(rf"([1-9]\d?)[-–]([1-9]\d?) +(\D*?) +(([1-9]\d\d\d?){_LETTER}?)"),
    "dM-dMy": re.compile(
        rf"([1-9]\d?) +(\D*?) +[-–] +([1-9]\d?) +(\D*?) +(([1-9]\d\d\d?){_LETTER}?)"
    ),
    "Md-Mdy": re.compile(
        rf"(\D*?) +([1-9]\d?) +[-–] +(\D*?) +([1-9]\d?), +(([1-9]\d\d\d?){_LETTER}?)"
    ),
    "dMy-dMy": re.compile(
        rf"([1-9]\d?) +(\D*?) +([1-9]\d\d\d?) +[-–] +([1-9]\d?) +(\D*?) +"
        rf"(([1-9]\d\d\d?){_LETTER}?)"
    ),
    "Mdy-Mdy": re.compile(
        rf"(\D*?) +([1-9]\d?), +([1-9]\d\d\d?) +[-–] +(\D*?) +([1-9]\d?), +"
        rf"(([1-9]\d\d\d?){_LETTER}?)"
    ),
    "My-My": re.compile(rf"(\D*?) +([1-9]\d\d\d?) +[-–] +(\D*?) +(([1-9]\d\d\d?){_LETTER}?)"),
    "M-My": re.compile(rf"(\D*?)[-–](\D*?) +(([1-9]\d\d\d?){_LETTER}?)"),
    "My": re.compile(rf"([^\d–]*?) +(([1-9]\d\d\d?){_LETTER}?)"),
    "Sy4-y2": re.compile(rf"(\D*?) +(([1-9]\d)\d\d)[-–]((\d\d){_LETTER}?)"),
    "Sy-y": re.compile(rf"(\D*?) +([1-9]\d\d\d?)[-–](([1-9]\d\d\d?){_LETTER}?)"),
    "y-y": re.compile(rf"([1-9]\d\d\d?)[-–](([1-9]\d\d\d?){_LETTER}?)"),
    "y4-y2": re.compile(rf"(([1-9]\d)\d\d)[-–]((\d\d){_LETTER}?)"),
    "y": re.compile(rf"(([1-9]\d\d\d?){_LETTER}?)"),
}
_CIRCA = re.compile(r"c\. ([1-9][0-9]{2}[0-9]?)[A-Za-z]?")
_NO_DATE = re.compile(r"n\.d\.[A-Za-z]?|nd[A-Za-z]?")
_YEAR_ONLY = re.compile(r"[1-9][0-9]{2}[0-9]?[A-Za-z]?")
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class DateNames:
    """The module's date names: ``{"en": {"long": {"January": 1 …}, "short": …, "season": …,
    "quarter": …, "named": …}, "local": {…}}`` (Configuration's ``date_names``)."""

    names: Mapping[str, Mapping[str, Mapping[str, int]]]

    def _get(self, kind: str, name: str) -> int:
        for language in ("local", "en"):
            number = self.names.get(language, {}).get(kind, {}).get(name)
            if number:
                return int(number)
        return 0

    def month(self, name: str) -> int:
        for language in ("local", "en"):
            for kind in ("long", "short"):
                number = self.names.get(language, {}).get(kind, {}).get(name)
                if number:
                    return int(number)
        return 0

    def season(self, name: str, param: str) -> int:
        return self._get("season", name) if param == "date" else 0

    def quarter(self, name: str, param: str) -> int:
        return self._get("quarter", re.sub(" +", " ", name)) if param == "date" else 0

    def named(self, name: str, param: str) -> int:
        return self._get("named", name) if param == "date" else 0

    def element(self, name: str, param: str) -> int:
        """A month, season, quarter or holiday number (0 when none): get_element_number."""
        return (
            self.month(name)
            or self.season(name, param)
            or self.quarter(name, param)
            or self.named(name, param)
        )

    def same_month_style(self, first: str, second: str) -> bool:
        """Both long names or both abbreviations: is_valid_month_range_style."""
        for language in ("en", "local"):
            for kind in ("long", "short"):
                table = self.names.get(language, {}).get(kind, {})
                if first in table and second in table:
                    return True
        return False


class _Checker:
    def __init__(self, names: DateNames, today: datetime.date) -> None:
        self.names = names
        self.today = today

    def valid_year(self, year: Any, param: str = "") -> bool:
        number = int(year)
        if number < 100:
            return False
        if param == "pmc-embargo-date":
            return number <= self.today.year + 2
        return number <= self.today.year + 1

    def valid_date(self, year: Any, month: Any, day: Any, param: str = "") -> bool:
        if not self.valid_year(year, param):
            return False
        year, month, day = int(year), int(month), int(day)
        if month == 2:
            if year < 1582:
                length = 29 if year % 4 == 0 else 28
            else:
                leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
                length = 29 if leap else 28
        else:
            length = _DAYS_IN_MONTH[month - 1] if 1 <= month <= 12 else 0
        return day <= length

    def month_season_range(self, start: str, end: str, param: str) -> bool:
        start_number = self.names.month(start)
        if start_number == 0:
            first, second = self.names.season(start, param), self.names.season(end, param)
            return first != 0 and second != 0 and first != second
        end_number = self.names.month(end)
        return start_number < end_number and self.names.same_month_style(start, end)

    def check_date(self, text: str, param: str) -> bool:
        """check_date() of the module: True when ``text`` is a date ``|param=`` accepts."""
        names = self.names
        year: Any = 0
        year2: Any = 0
        month: Any = 0
        month2: Any = 0
        day: Any = 0
        day2: Any = 0
        anchor = ""

        def match(key: str) -> tuple[str, ...] | None:
            found = _PATTERNS[key].fullmatch(text)
            return found.groups() if found else None

        if found := match("ymd"):
            year, month, day = found
            if int(month) > 12 or int(month) < 1 or int(year) < 1582 or int(day) == 0:
                return False
            anchor = year
        elif found := match("Mdy"):
            month, day, anchor, year = found
            month = names.month(month)
            if month == 0:
                return False
        elif found := match("Md-dy"):
            month, day, day2, anchor, year = found
            if int(day) >= int(day2):
                return False
            month = names.month(month)
            if month == 0:
                return False
            month2, year2 = month, year
        elif found := match("dMy"):
            day, month, anchor, year = found
            month = names.month(month)
            if month == 0:
                return False
        elif found := match("d-dMy"):
            day, day2, month, anchor, year = found
            if int(day) >= int(day2):
                return False
            month = names.month(month)
            if month == 0:
                return False
            month2, year2 = month, year
        elif found := match("dM-dMy"):
            day, month, day2, month2, anchor, year = found
            # the module passes no <param> here, so seasons never form a range
            if not self.month_season_range(month, month2, "") or not self.valid_year(year):
                return False
            month, month2, year2 = names.month(month), names.month(month2), year
        elif found := match("Md-Mdy"):
            month, day, month2, day2, anchor, year = found
            if not self.month_season_range(month, month2, param) or not self.valid_year(year):
                return False
            month, month2, year2 = names.month(month), names.month(month2), year
        elif (found := match("dMy-dMy")) or (found := match("Mdy-Mdy")):
            if _PATTERNS["dMy-dMy"].fullmatch(text):
                day, month, year, day2, month2, anchor, year2 = found
            else:
                month, day, year, month2, day2, anchor, year2 = found
            if int(year2) <= int(year):
                return False
            if not self.valid_year(year2) or not names.same_month_style(month, month2):
                return False
            month, month2 = names.month(month), names.month(month2)
            if month == 0 or month2 == 0:
                return False
        elif found := match("Sy4-y2"):
            season, year, century, anchor, year2 = found
            if season not in ("Winter", "Summer"):
                return False
            anchor = f"{year}–{anchor}"
            year2 = century + year2
            if int(year2) - int(year) != 1 or not self.valid_year(year2):
                return False
            month = names.season(season, param)
        elif found := match("Sy-y"):
            season, year, anchor, year2 = found
            month = names.season(season, param)
            winter_summer = (names._get("season", "Winter"), names._get("season", "Summer"))
            if month not in winter_summer:
                return False
            anchor = f"{year}–{anchor}"
            if int(year2) - int(year) != 1 or not self.valid_year(year2):
                return False
        elif found := match("My-My"):
            first, year, second, anchor, year2 = found
            anchor = f"{year}–{anchor}"
            if int(year) >= int(year2) or not self.valid_year(year2):
                return False
            if names.month(first) and names.month(second) and names.same_month_style(first, second):
                month, month2 = names.month(first), names.month(second)
            elif names.season(first, param) and names.season(second, param):
                month, month2 = names.season(first, param), names.season(second, param)
            else:
                return False
        elif found := match("M-My"):
            first, second, anchor, year = found
            if not self.month_season_range(first, second, param) or not self.valid_year(year):
                return False
            if names.month(first):
                month, month2 = names.month(first), names.month(second)
                if month == 0 or month2 == 0:
                    return False
            else:
                month, month2 = names.season(first, param), names.season(second, param)
            year2 = year
        elif found := match("My"):
            element, anchor, year = found
            if not self.valid_year(year):
                return False
            month = names.element(element, param)
            if not month:
                return False
        elif found := match("y-y"):
            year, anchor, year2 = found
            anchor = f"{year}–{anchor}"
            if int(year) >= int(year2) or not self.valid_year(year2):
                return False
        elif found := match("y4-y2"):
            year, century, anchor, year2 = found
            anchor = f"{year}–{anchor}"
            if int(year2) < 13:
                return False
            year2 = century + year2
            if int(year) >= int(year2) or not self.valid_year(year2):
                return False
        elif found := match("y"):
            anchor, year = found
            if not self.valid_year(year):
                return False
        else:
            return False

        if param != "date" and re.search(r"[a-z]$", anchor):
            return False  # a CITEREF letter is only for |date=
        single = bool(year and month and day) and not (year2 or month2 or day2)
        if param == "access-date":
            if not single:
                return False
            # is_valid_accessdate: 15 January 2001 <= the date < today + 2 days (compared as
            # numbers, because a Julian 29 February is no datetime.date)
            accessed = (int(year), int(month), int(day))
            limit = self.today + datetime.timedelta(days=2)
            start = _WIKIPEDIA_START
            if (
                not (start.year, start.month, start.day)
                <= accessed
                < (
                    limit.year,
                    limit.month,
                    limit.day,
                )
            ):
                return False
        if param == "archive-date" and not single:
            return False
        if year and month and day:
            if not (year2 or month2 or day2):
                return self.valid_date(year, month, day, param)
            if not year2 and not month2 and day2:
                return self.valid_date(year, month, day) and self.valid_date(year, month, day2)
            if not year2 and month2 and day2:
                return self.valid_date(year, month, day) and self.valid_date(year, month2, day2)
            if year2 and month2 and day2:
                return self.valid_date(year, month, day) and self.valid_date(year2, month2, day2)
        return True

    def check(self, param: str, value: str) -> bool:
        """One parameter of dates(): the special cases for ``c.``, ``n.d.`` and ``|year=``."""
        circa = _CIRCA.fullmatch(value)
        if circa:
            return param in ("date", "year") and self.valid_year(circa.group(1))
        if param == "date":
            return bool(_NO_DATE.fullmatch(value)) or self.check_date(value, param)
        if param == "year":
            return bool(_YEAR_ONLY.fullmatch(value))
        if param == "pmc-embargo-date":  # also one single date (is_valid_embargo_date)
            single = any(_PATTERNS[key].fullmatch(value) for key in ("ymd", "Mdy", "dMy"))
            return self.check_date(value, param) and single
        return self.check_date(value, param)


def check_date(value: str, param: str, *, names: DateNames, today: datetime.date) -> bool:
    """True when the module accepts ``value`` in its date parameter ``param`` (one of
    ``date``, ``year``, ``publication-date``, ``access-date``, ``archive-date``,
    ``doi-broken-date``, ``pmc-embargo-date``), as ``dates()`` checks one parameter."""
    return _Checker(names, today).check(param, value)


def citation_date_errors(
    values: Mapping[str, tuple[str, str]], *, names: DateNames, today: datetime.date
) -> list[str]:
    """The parameters whose dates the module rejects, by the names written in the citation.

    ``values`` maps the module's date parameters (``date``, ``year``, ``publication-date``,
    ``access-date``, ``archive-date``, ``doi-broken-date``, ``pmc-embargo-date``) to the
    name written and the value (trimmed); the ``|year=`` / ``|publication-date=`` promotion
    into an empty ``|date=`` is done here, as in the main module.
    """
    checker = _Checker(names, today)
    given = {key: (name, value) for key, (name, value) in values.items() if value}
    if "date" not in given:
        if "year" in given:
            given["date"] = given.pop("year")
        elif "publication-date" in given:
            given["date"] = given.pop("publication-date")
    publication, date = given.get("publication-date"), given.get("date")
    if publication is not None and date is not None and publication[1] == date[1]:
        del given["publication-date"]
    return [name for key, (name, value) in given.items() if not checker.check(key, value)]


def year_date_mismatch(year: str, date: str) -> bool:
    """year_date_check(): True when ``|year=`` is not a year of ``|date=`` (an error)."""
    year_match = re.search(r"\d\d\d\d?", year)
    year_digits = year_match.group(0) if year_match else None
    if re.search(r"\d\d\d\d-\d\d-\d\d", date):
        first = re.search(r"\d\d\d\d", date)
        four = re.search(r"\d\d\d\d", year)
        return (four.group(0) if four else None) != (first.group(0) if first else None)
    two_years = re.search(r"(\d\d\d\d?).*?(\d\d\d\d?)", date)
    if two_years:
        return year_digits not in two_years.groups()
    short_range = re.search(r"((\d\d)\d\d)[-–]+(\d\d)", date)
    if re.search(r"\d\d\d\d[-–]\d\d", date) and short_range:
        first, century, second = short_range.groups()
        return year_digits not in (first, century + second)
    one_year = re.search(r"\d\d\d\d?", date)
    if one_year:
        return year_digits != one_year.group(0)
    return True
