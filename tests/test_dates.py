"""Tables of date cases for wikibox.dates: parsing, formatting, CS1 checks and repairs.

Every table row is one case with an id saying what it covers; expected values are named
(``year=…``, ``reason=…``) rather than positional, so a failing row reads on its own.
"""

from __future__ import annotations

import datetime
import pickle
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikibox.model.citation_dates import check_citation_date
from wikibox.model.date_repair import repair_date
from wikibox.model.dates import InvalidDate, WikiDate, format_date, parse_date

TODAY = datetime.date(2025, 2, 12)


def case(value: str, id: str, **expected: object) -> object:
    return pytest.param(value, expected, id=id)


def fields(date: WikiDate, expected: dict[str, object]) -> dict[str, object]:
    """The attributes named in ``expected`` (``iso`` stands for ``date.isoformat()``)."""
    return {name: date.isoformat() if name == "iso" else getattr(date, name) for name in expected}


# --- parse_date: single dates ------------------------------------------------------------------

SINGLE_DATES = [
    case("2025-02-12", "iso", year=2025, month=2, day=12, precision="day", format="iso"),
    case("12 February 2025", "dmy", year=2025, month=2, day=12, precision="day", format="dmy"),
    case("February 12, 2025", "mdy", year=2025, month=2, day=12, precision="day", format="mdy"),
    case("12 Feb 2025", "dmy-short-month", month=2, day=12, format="dmy"),
    case("Feb 12, 2025", "mdy-short-month", month=2, day=12, format="mdy"),
    case("12 Sept 2025", "dmy-sept", month=9, day=12, format="dmy"),
    case("Sept 12, 2025", "mdy-sept", month=9, format="mdy"),
    case("1 May 2025", "dmy-one-digit-day", day=1, month=5, format="dmy"),
    case("February 2025", "month-year", month=2, day=None, precision="month", format="my"),
    case("Feb 2025", "month-year-short", month=2, precision="month", format="my"),
    case("2025", "year", year=2025, month=None, day=None, precision="year", format="y"),
    case("950", "three-digit-year", year=950, precision="year"),
    case("29 February 2024", "leap-day", day=29, month=2, year=2024),
    case("2000-02-29", "leap-day-400", iso="2000-02-29"),
    case("2025年2月12日", "ja-day", year=2025, month=2, day=12, precision="day", format="ja"),
    case("2025年02月05日", "ja-zero-padded", month=2, day=5, format="ja"),
    case("2025年2月", "ja-month", month=2, day=None, precision="month", format="ja"),
    case("2025年", "ja-year", year=2025, precision="year", format="ja"),
]


@pytest.mark.parametrize(("value", "expected"), SINGLE_DATES)
def test_parse_single_date(value: str, expected: dict[str, object]) -> None:
    date = parse_date(value)
    assert fields(date, expected) == expected
    assert date.text == value
    assert date.end is None and date.template is None


CLEANED_VALUES = [
    case("12 February 2025<ref>Source</ref>", "ref", text="12 February 2025"),
    case('12 February 2025<ref name="a" />', "self-closing-ref", text="12 February 2025"),
    case('<ref name="b">x</ref> 2025', "leading-ref", text="2025"),
    case("February 12, 2025 <!-- checked -->", "comment", text="February 12, 2025"),
    case("12&nbsp;February 2025", "nbsp-entity", text="12 February 2025"),
    case("12\u00a0February\u00a02025", "nbsp-character", text="12 February 2025"),
    case("\n  2025-02-12 \n", "surrounding-space", text="2025-02-12"),
    case("12 February 2025<REF group=n>a</REF>", "upper-case-ref", text="12 February 2025"),
]


@pytest.mark.parametrize(("value", "expected"), CLEANED_VALUES)
def test_parse_strips_comments_refs_and_nbsp(value: str, expected: dict[str, object]) -> None:
    assert fields(parse_date(value), expected) == expected


# --- parse_date: ranges ------------------------------------------------------------------------

RANGES = [
    case("12–14 February 2025", "dmy-day-range", iso="2025-02-12/2025-02-14", format="dmy"),
    case("February 12–14, 2025", "mdy-day-range", iso="2025-02-12/2025-02-14", format="mdy"),
    case("12 February – 3 March 2025", "dmy-month-range", iso="2025-02-12/2025-03-03"),
    case("February 12 – March 3, 2025", "mdy-month-range", iso="2025-02-12/2025-03-03"),
    case("30 December 2024 – 2 January 2025", "dmy-year-range", iso="2024-12-30/2025-01-02"),
    case("December 30, 2024 – January 2, 2025", "mdy-year-range", iso="2024-12-30/2025-01-02"),
    case("February–March 2025", "month-range", iso="2025-02/2025-03", precision="month"),
    case("Feb–Mar 2025", "short-month-range", iso="2025-02/2025-03", format="my"),
    case("December 2024 – January 2025", "month-year-range", iso="2024-12/2025-01"),
    case("2024–2025", "year-range", iso="2024/2025", precision="year", format="y"),
    case("2024–25", "year-range-short-end", iso="2024/2025", format="y"),
    case("1999–2000", "year-range-century", iso="1999/2000"),
    case("2025年2月12日–14日", "ja-day-range", iso="2025-02-12/2025-02-14", format="ja"),
    case("2025年2月12日 – 3月3日", "ja-month-day-range", iso="2025-02-12/2025-03-03"),
    case("2025年2月12日〜2025年3月3日", "ja-wave-dash", iso="2025-02-12/2025-03-03"),
    case("2024年〜2025年", "ja-year-range", iso="2024/2025", format="ja"),
]


@pytest.mark.parametrize(("value", "expected"), RANGES)
def test_parse_range(value: str, expected: dict[str, object]) -> None:
    date = parse_date(value)
    assert fields(date, expected) == expected
    assert date.end is not None
    assert date.end.precision == date.precision and date.end.format == date.format


def test_range_end_is_written_out_in_full() -> None:
    end = parse_date("12–14 February 2025").end
    assert end == WikiDate("14 February 2025", 2025, 2, 14, "day", "dmy")


# --- parse_date: templates ---------------------------------------------------------------------

TEMPLATES = [
    case(
        "{{start date|2025|2|12}}",
        "start-date",
        iso="2025-02-12",
        format="mdy",
        template="start date",
    ),
    case("{{Start date|2025|2|12|df=y}}", "start-date-df", format="dmy", template="start date"),
    case("{{start date|2025|2|12|df=yes}}", "start-date-df-yes", format="dmy"),
    case("{{start_date|2025|02|12}}", "underscore-name-zero-padded", iso="2025-02-12"),
    case("{{Template:Start date|2025|2|12}}", "template-prefix", iso="2025-02-12"),
    case(
        "{{start date|2025|2}}", "start-date-month", iso="2025-02", precision="month", format="my"
    ),
    case("{{start date|2025}}", "start-date-year", iso="2025", precision="year", format="y"),
    case("{{start date|2025|February|12}}", "start-date-month-name", iso="2025-02-12"),
    case("{{start date|2025|2|12|14|30|(UTC)}}", "start-date-with-time", iso="2025-02-12"),
    case(
        "{{start date and age|2025|2|12|df=y}}",
        "start-date-and-age",
        format="dmy",
        template="start date and age",
    ),
    case("{{end date|2025|2|14}}", "end-date", iso="2025-02-14", template="end date"),
    case("{{dts|2025|2|12}}", "dts-numbers", iso="2025-02-12", format="mdy", template="dts"),
    case("{{dts|2025|Feb|12}}", "dts-month-name", iso="2025-02-12"),
    case("{{dts|format=dmy|2025|2|12}}", "dts-format-dmy", format="dmy"),
    case("{{dts|2025-02-12}}", "dts-iso", iso="2025-02-12", format="mdy", template="dts"),
    case("{{dts|12 February 2025}}", "dts-dmy-text", iso="2025-02-12", format="dmy"),
    case("{{dts|2025}}", "dts-year", iso="2025", precision="year"),
    case(
        "{{start and end dates|2025|2|12|2025|2|14}}",
        "start-and-end-dates",
        iso="2025-02-12/2025-02-14",
        template="start and end dates",
        format="mdy",
    ),
    case(
        "{{Start and end dates|2025|2|12|2025|2|12|df=y}}",
        "start-and-end-same-day",
        iso="2025-02-12/2025-02-12",
        format="dmy",
    ),
    case("{{start date|2025|2|12}}<ref>x</ref>", "template-then-ref", iso="2025-02-12"),
    case(
        " {{start date|2025|2|12}} <!-- c -->", "template-with-space-and-comment", iso="2025-02-12"
    ),
    case("{{start date|1=2025|2=2|3=12}}", "named-positional-params", iso="2025-02-12"),
]


@pytest.mark.parametrize(("value", "expected"), TEMPLATES)
def test_parse_template(value: str, expected: dict[str, object]) -> None:
    assert fields(parse_date(value), expected) == expected


# --- parse_date: refusals ----------------------------------------------------------------------

INVALID = [
    case("", "empty", reason="empty"),
    case("<!-- nothing -->", "only-comment", reason="empty"),
    case("30 February 2025", "30-february", reason="30 February 2025 does not exist"),
    case("29 February 2025", "29-february-common-year", reason="29 February 2025 does not exist"),
    case("1900-02-29", "29-february-1900", reason="29 February 1900 does not exist"),
    case("2025-13-01", "month-13", reason="month 13 does not exist"),
    case("2025-00-10", "month-0", reason="month 0 does not exist"),
    case("2025-02-00", "day-0", reason="0 February 2025 does not exist"),
    case("April 31, 2025", "31-april", reason="31 April 2025 does not exist"),
    case("31–32 January 2025", "range-day-32", reason="32 January 2025 does not exist"),
    case("{{start date|2025|2|30}}", "template-30-february", reason="does not exist"),
    case("2025-2-12", "iso-not-padded", reason="two-digit month and day"),
    case("2025-02", "iso-year-month", reason="YYYY-MM"),
    case("2025-W07-3", "iso-week", reason="ISO week dates"),
    case("2025-043", "iso-ordinal", reason="ISO ordinal"),
    case("12/02/2025", "slashes", reason="all-numeric"),
    case("2025/02/12", "slashes-year-first", reason="all-numeric"),
    case("12.02.2025", "dots", reason="all-numeric"),
    case("12th February 2025", "ordinal", reason="ordinal days"),
    case("12 Febuary 2025", "misspelt-month", reason="'Febuary' is not a month name"),
    case("12 february 2025", "lower-case-month", reason="write the month 'february' as"),
    case("Feb. 12, 2025", "month-with-full-stop", reason="write the month 'Feb.' as"),
    case("05 February 2025", "leading-zero-day", reason="leading zero"),
    case("February 12 2025", "mdy-missing-comma", reason="comma after the day"),
    case("February 12–14 2025", "mdy-range-missing-comma", reason="comma after the day"),
    case("February, 2025", "month-year-comma", reason="only a month-first date has a comma"),
    case("12 February, 2025", "dmy-extra-comma", reason="only a month-first date has a comma"),
    case("2025 February 12", "year-first-prose", reason="year-first"),
    case("12 February", "no-year", reason="not a recognised date format"),
    case("Winter 2025", "season", reason="'Winter' is not a month name"),
    case("12-14 February 2025", "hyphen-day-range", reason="en dash"),
    case("2024-2025", "hyphen-year-range", reason="en dash"),
    case("February 12—14, 2025", "em-dash-range", reason="en dash"),
    case("12 – 14 February 2025", "spaced-short-range", reason="write this range as 12–14"),
    case("12 February–3 March 2025", "unspaced-long-range", reason="12 February – 3 March 2025"),
    case("12 February 2025 – 14 February 2025", "redundant-range", reason="12–14 February 2025"),
    case("February 2025 – March 2025", "redundant-month-range", reason="February–March 2025"),
    case("12〜14 February 2025", "wave-dash-in-english", reason="write this range as"),
    case("14–12 February 2025", "backwards-range", reason="earlier to a later"),
    case("12–12 February 2025", "empty-range", reason="earlier to a later"),
    case("2025–2024", "backwards-year-range", reason="earlier to a later"),
    case("1999–00", "short-year-range-across-century", reason="earlier to a later"),
    case("3 March – 12 February 2025", "backwards-month-range", reason="earlier to a later"),
    case("{{start and end dates|2025|2|14|2025|2|12}}", "template-backwards", reason="earlier"),
    case("2025-02-12 – 2025-02-14", "iso-range", reason="not a recognised date range"),
    case("12–14–16 February 2025", "two-dashes", reason="exactly one dash"),
    case("{{birth date|2025|2|12}}", "not-a-date-template", reason="not a date template"),
    case("{{start date|2025|2|12}} (UTC)", "text-after-template", reason="stand alone"),
    case("{{start date}}", "template-no-year", reason="no year"),
    case("{{start date|2025||12}}", "template-day-without-month", reason="not a day"),
    case("{{start date|2025|Febtober|1}}", "template-bad-month", reason="not a month name"),
    case("{{start and end dates|2025|2|12}}", "template-no-end", reason="needs an end date"),
    case("{{dts|12 February}}", "dts-no-year", reason="not a recognised date format"),
    case("{{dts|12–14 February 2025}}", "dts-range", reason="single date"),
    case("Q1 2025", "unknown-word", reason="not a recognised date format"),
]


@pytest.mark.parametrize(("value", "expected"), INVALID)
def test_parse_refuses(value: str, expected: dict[str, str]) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(value)
    assert expected["reason"] in caught.value.reason
    assert caught.value.reason in str(caught.value)


def test_invalid_date_carries_text_and_reason_and_pickles() -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_date(" 30 February 2025<ref>x</ref>")
    error = caught.value
    assert (error.text, error.reason) == ("30 February 2025", "30 February 2025 does not exist")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.text, copy.reason) == (error.text, error.reason)


# --- start(), last(), isoformat() -------------------------------------------------------------

BOUNDS = [
    case("12 February 2025", "day", start="2025-02-12", last="2025-02-12"),
    case("February 2025", "month", start="2025-02-01", last="2025-02-28"),
    case("February 2024", "leap-month", start="2024-02-01", last="2024-02-29"),
    case("2025", "year", start="2025-01-01", last="2025-12-31"),
    case("12–14 February 2025", "day-range", start="2025-02-12", last="2025-02-14"),
    case("February–March 2025", "month-range", start="2025-02-01", last="2025-03-31"),
    case("2024–25", "year-range", start="2024-01-01", last="2025-12-31"),
    case("{{start date|2025|12}}", "template-month", start="2025-12-01", last="2025-12-31"),
]


@pytest.mark.parametrize(("value", "expected"), BOUNDS)
def test_start_and_last(value: str, expected: dict[str, str]) -> None:
    date = parse_date(value)
    assert date.start().isoformat() == expected["start"]
    assert date.last().isoformat() == expected["last"]


# --- format_date -------------------------------------------------------------------------------

FORMATS = [
    case(
        "2025-02-12",
        "iso-to-dmy",
        dmy="12 February 2025",
        mdy="February 12, 2025",
        iso="2025-02-12",
        ja="2025年2月12日",
    ),
    case("Feb 1, 2025", "short-month-to-long", dmy="1 February 2025", mdy="February 1, 2025"),
    case(
        "2025年2月",
        "month",
        dmy="February 2025",
        mdy="February 2025",
        iso="February 2025",
        ja="2025年2月",
    ),
    case("2025", "year", dmy="2025", mdy="2025", iso="2025", ja="2025年"),
    case(
        "12–14 February 2025",
        "day-range",
        dmy="12–14 February 2025",
        mdy="February 12–14, 2025",
        ja="2025年2月12日–14日",
    ),
    case(
        "February 12 – March 3, 2025",
        "cross-month-range",
        dmy="12 February – 3 March 2025",
        mdy="February 12 – March 3, 2025",
        ja="2025年2月12日–3月3日",
    ),
    case(
        "30 December 2024 – 2 January 2025",
        "cross-year-range",
        dmy="30 December 2024 – 2 January 2025",
        mdy="December 30, 2024 – January 2, 2025",
        ja="2024年12月30日–2025年1月2日",
    ),
    case(
        "Feb–Mar 2025",
        "month-range",
        dmy="February–March 2025",
        iso="February–March 2025",
        ja="2025年2月–3月",
    ),
    case(
        "December 2024 – January 2025",
        "month-year-range",
        mdy="December 2024 – January 2025",
        ja="2024年12月–2025年1月",
    ),
    case("2024–25", "year-range", dmy="2024–2025", iso="2024–2025", ja="2024年–2025年"),
    case("{{start date|2025|2|12}}", "template", dmy="12 February 2025", iso="2025-02-12"),
]


@pytest.mark.parametrize(("value", "expected"), FORMATS)
def test_format_date(value: str, expected: dict[str, str]) -> None:
    date = parse_date(value)
    assert {style: format_date(date, style) for style in expected} == expected


@pytest.mark.parametrize(
    "value", ["12–14 February 2025", "{{start and end dates|2025|2|12|2025|2|14}}"]
)
def test_format_day_range_as_iso_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="no ISO form"):
        format_date(parse_date(value), "iso")


@pytest.mark.parametrize("style", ["ymd", "DMY", "", "long"])
def test_unknown_style_is_refused(style: str) -> None:
    with pytest.raises(ValueError, match="unknown date style"):
        format_date(parse_date("2025"), style)
    with pytest.raises(ValueError, match="unknown date style"):
        repair_date("12 Feb 2025", style=style)


days = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(2999, 12, 31))


@given(
    start=days,
    length=st.integers(min_value=0, max_value=800),
    style=st.sampled_from(["dmy", "mdy", "ja"]),
)
def test_format_then_parse_round_trips(start: datetime.date, length: int, style: str) -> None:
    """Whatever format_date writes, parse_date reads back as the same dates."""
    single = parse_date(start.isoformat())
    assert parse_date(format_date(single, style)).isoformat() == start.isoformat()
    if length:
        end = parse_date((start + datetime.timedelta(days=length)).isoformat())
        span = replace(single, format=style, end=end)
        assert parse_date(format_date(span, style)).isoformat() == f"{start}/{end.isoformat()}"


# --- check_citation_date -----------------------------------------------------------------------


def cite(param: str, value: str, id: str, wiki: str = "enwiki", reason: str = "") -> object:
    return pytest.param(param, value, wiki, reason, id=id)


CITATION_ACCEPTED = [
    cite("date", "12 February 2025", "date-dmy"),
    cite("date", "February 12, 2025", "date-mdy"),
    cite("date", "2025-02-12", "date-iso"),
    cite("date", "12 Feb 2025", "date-short-month"),
    cite("date", "February 2025", "date-month-year"),
    cite("date", "2025", "date-year"),
    cite("date", "2025a", "date-year-disambiguated"),
    cite("date", "February 12, 2025b", "date-mdy-disambiguated"),
    cite("date", "12–14 February 2025", "date-day-range"),
    cite("date", "February 12 – March 3, 2025", "date-mdy-range"),
    cite("date", "Jan–Feb 2025", "date-short-month-range"),
    cite("date", "2024–2025", "date-year-range"),
    cite("date", "2019–20", "date-short-year-range"),
    cite("date", "Winter 2025", "date-season"),
    cite("date", "Autumn 2024", "date-autumn"),
    cite("date", "Spring–Summer 2024", "date-season-range"),
    cite("date", "Winter 2024–25", "date-winter-across-years"),
    cite("date", "Summer 2023 – Winter 2024", "date-season-year-range"),
    cite("date", "First Quarter 2025", "date-quarter"),
    cite("date", "Christmas 2024", "date-holiday"),
    cite("date", "n.d.", "date-no-date"),
    cite("date", "nd", "date-nd"),
    cite("date", "c. 2025", "date-circa"),
    cite("date", "December 2026", "date-next-year-is-allowed"),
    cite("date", "12 February 2025<ref>x</ref>", "date-with-ref"),
    cite("publication-date", "February 12, 2025", "publication-date"),
    cite("year", "2025", "year"),
    cite("year", "2025a", "year-disambiguated"),
    cite("year", "c. 2025", "year-circa"),
    cite("year", "2025年", "year-ja-on-jawiki", wiki="jawiki"),
    cite("access-date", "2025-02-12", "access-date-today"),
    cite("access-date", "February 13, 2025", "access-date-tomorrow-time-zones"),
    cite("access-date", "15 January 2001", "access-date-first-day-of-wikipedia"),
    cite("accessdate", "12 February 2025", "accessdate-alias"),
    cite("archive-date", "2024-12-01", "archive-date"),
    cite("archivedate", "1 December 2024", "archivedate-alias"),
    cite("date", "2025年2月12日", "ja-date-on-jawiki", wiki="jawiki"),
    cite("accessdate", "2025年2月12日", "ja-access-date-on-jawiki", wiki="jawiki"),
    cite("date", "2025年2月", "ja-month-on-jawiki", wiki="jawiki"),
    cite("pmc-embargo-date", "1 January 2027", "pmc-embargo-two-years-ahead"),
    cite("orig-date", "sometime in 2025", "orig-date-not-checked"),
    cite("title", "whatever", "not-a-date-param"),
    cite("date", "", "empty-value"),
]


@pytest.mark.parametrize(("param", "value", "wiki", "reason"), CITATION_ACCEPTED)
def test_citation_date_accepted(param: str, value: str, wiki: str, reason: str) -> None:
    assert check_citation_date(value, param=param, wiki=wiki, today=TODAY) is None


CITATION_REJECTED = [
    cite("date", "2025-02", "iso-year-month", reason="YYYY-MM"),
    cite("date", "12/02/2025", "slashes", reason="all-numeric"),
    cite("date", "2025-W07", "iso-week", reason="ISO week"),
    cite("date", "12 Sept 2025", "sept", reason="'Sept' is not accepted"),
    cite("date", "January–Feb 2025", "mixed-month-styles", reason="both full names"),
    cite("date", "12 Feb – 3 March 2025", "mixed-month-styles-days", reason="both full names"),
    cite("date", "12-14 February 2025", "hyphen-range", reason="en dash"),
    cite("date", "2003–05", "short-year-range-below-13", reason="second year in full"),
    cite("date", "1500-02-12", "iso-before-1582", reason="before 1582"),
    cite("date", "30 February 2025", "impossible-day", reason="does not exist"),
    cite("date", "{{start date|2025|2|12}}", "template", reason="template is not accepted"),
    cite("date", "2025年2月12日", "ja-on-enwiki", reason="Japanese date format"),
    cite("access-date", "2025年2月12日", "ja-access-date-on-enwiki", reason="Japanese"),
    cite("date", "Spring–Spring 2025", "same-season-range", reason="two different seasons"),
    cite("date", "Winter 2023–25", "winter-not-consecutive", reason="consecutive"),
    cite("date", "Spring 2025 – Summer 2024", "season-range-backwards", reason="earlier"),
    cite("date", "2027", "date-too-far-ahead", reason="too far in the future"),
    cite("date", "c. 2030", "circa-too-far-ahead", reason="too far in the future"),
    cite("date", "Winter 2030", "season-too-far-ahead", reason="too far in the future"),
    cite("date", "2025–2027", "range-end-too-far-ahead", reason="too far in the future"),
    cite("pmc-embargo-date", "1 January 2028", "pmc-embargo-too-far", reason="future"),
    cite("archive-date", "Winter 2025", "season-in-archive-date", reason="only accepted in |date="),
    cite("publication-date", "Winter 2025", "season-in-publication-date", reason="|date="),
    cite("archive-date", "n.d.", "no-date-in-archive-date", reason="'n.d.' is only accepted"),
    cite("access-date", "c. 2025", "circa-in-access-date", reason="'c.' is only accepted"),
    cite("archive-date", "2025a", "disambiguator-in-archive-date", reason="not a recognised"),
    cite("year", "2024–2025", "year-range-in-year", reason="must be a year"),
    cite("year", "February 2025", "month-in-year", reason="must be a year"),
    cite("year", "2025年", "year-ja-on-enwiki", reason="must be a year"),
    cite("year", "2030", "year-too-far-ahead", reason="too far in the future"),
    cite("access-date", "February 2025", "access-date-month", reason="single full date"),
    cite("access-date", "2025", "access-date-year", reason="single full date"),
    cite("access-date", "10–12 February 2025", "access-date-range", reason="single full date"),
    cite("access-date", "14 January 2001", "access-date-before-wikipedia", reason="before"),
    cite("access-date", "2025-02-14", "access-date-day-after-tomorrow", reason="in the future"),
    cite("accessdate", "March 1, 2025", "accessdate-future", reason="in the future"),
    cite("archive-date", "2025-03-01", "archive-date-future", reason="in the future"),
    cite("access-date", "Sept 1, 2024", "access-date-sept", reason="'Sept'"),
]


@pytest.mark.parametrize(("param", "value", "wiki", "reason"), CITATION_REJECTED)
def test_citation_date_rejected(param: str, value: str, wiki: str, reason: str) -> None:
    found = check_citation_date(value, param=param, wiki=wiki, today=TODAY)
    assert found is not None and reason in found


FUTURE_WITHOUT_TODAY = [
    cite("access-date", "2099-01-01", "access-date"),
    cite("date", "2099", "date"),
    cite("year", "2099", "year"),
]


@pytest.mark.parametrize(("param", "value", "wiki", "reason"), FUTURE_WITHOUT_TODAY)
def test_future_limits_need_today(param: str, value: str, wiki: str, reason: str) -> None:
    assert check_citation_date(value, param=param) is None


def test_japanese_reason_names_the_wiki() -> None:
    reason = check_citation_date("2025年2月12日", param="date", wiki="enwiki")
    assert reason == "the Japanese date format (2025年2月12日) is not accepted on enwiki"


# --- repair_date -------------------------------------------------------------------------------


def fix(value: str, style: str, id: str, expected: str | None) -> object:
    return pytest.param(value, style, expected, id=id)


REPAIRS = [
    fix("2025-2-12", "dmy", "iso-unpadded", "12 February 2025"),
    fix("2025-2-12", "iso", "iso-unpadded-to-iso", "2025-02-12"),
    fix("12th February 2025", "dmy", "ordinal", "12 February 2025"),
    fix("February 12th, 2025", "mdy", "ordinal-mdy", "February 12, 2025"),
    fix("1st of May 2025", "dmy", "ordinal-of", "1 May 2025"),
    fix("Feb. 12, 2025", "mdy", "abbreviation-with-full-stop", "February 12, 2025"),
    fix("February 12 2025", "mdy", "missing-comma", "February 12, 2025"),
    fix("12 February, 2025", "dmy", "extra-comma", "12 February 2025"),
    fix("12 Feb 2025", "dmy", "short-month", "12 February 2025"),
    fix("12 Feb 2025", "mdy", "short-month-to-mdy", "February 12, 2025"),
    fix("Sept 12, 2025", "dmy", "sept", "12 September 2025"),
    fix("12 february 2025", "dmy", "lower-case-month", "12 February 2025"),
    fix("05 February 2025", "dmy", "leading-zero-day", "5 February 2025"),
    fix("2025/02/12", "iso", "slashes-year-first", "2025-02-12"),
    fix("2025.2.12", "mdy", "dots-year-first", "February 12, 2025"),
    fix("13/04/2025", "dmy", "slashes-day-over-12", "13 April 2025"),
    fix("04/13/2025", "dmy", "slashes-month-first", "13 April 2025"),
    fix("04/04/2025", "iso", "slashes-same-numbers", "2025-04-04"),
    fix("2025 February 12", "dmy", "year-first-prose", "12 February 2025"),
    fix("Feb 2025", "iso", "month-year-in-iso-style", "February 2025"),
    fix("12-14 February 2025", "dmy", "hyphen-range", "12–14 February 2025"),
    fix("12 - 14 Feb 2025", "mdy", "spaced-hyphen-range", "February 12–14, 2025"),
    fix("12–14 Feb 2025", "iso", "day-range-keeps-own-style", "12–14 February 2025"),
    fix("12 February 2025 – 14 February 2025", "dmy", "redundant-range", "12–14 February 2025"),
    fix("2024-2025", "dmy", "hyphen-year-range", "2024–2025"),
    fix("2019-20", "dmy", "hyphen-short-year-range", "2019–2020"),
    fix("2025年02月12日", "ja", "ja-zero-padded", "2025年2月12日"),
    fix("2025年2月12日 - 14日", "ja", "ja-hyphen-range", "2025年2月12日–14日"),
    fix("Feb 12, 2025<ref>x</ref>", "mdy", "keeps-ref", "February 12, 2025<ref>x</ref>"),
    fix("  12th February 2025\n", "dmy", "strips-surrounding-space", "12 February 2025"),
]


@pytest.mark.parametrize(("value", "style", "expected"), REPAIRS)
def test_repair(value: str, style: str, expected: str) -> None:
    repaired = repair_date(value, style=style)
    assert repaired == expected
    assert repair_date(repaired, style=style) is None  # idempotent
    wiki = "jawiki" if style == "ja" else "enwiki"
    assert check_citation_date(repaired, param="date", wiki=wiki) is None  # and CS1-clean


REFUSALS = [
    fix("03/04/2025", "dmy", "ambiguous-day-month", None),
    fix("03/04/2025", "iso", "ambiguous-day-month-iso", None),
    fix("12/02/25", "dmy", "two-digit-year", None),
    fix("2025-02", "dmy", "iso-year-month-ambiguous-with-range", None),
    fix("2025-02-30", "dmy", "impossible-iso", None),
    fix("30th February 2025", "dmy", "impossible-ordinal", None),
    fix("13/13/2025", "dmy", "impossible-slashes", None),
    fix("12 February 2025", "dmy", "already-fine-dmy", None),
    fix("12 February 2025", "mdy", "fine-dmy-is-not-converted", None),
    fix("February 12, 2025", "dmy", "fine-mdy-is-not-converted", None),
    fix("2025-02-12", "dmy", "fine-iso", None),
    fix("2024–25", "dmy", "fine-short-year-range", None),
    fix("12–14 February 2025", "mdy", "fine-range", None),
    fix("2025年2月12日", "dmy", "fine-ja", None),
    fix("{{start date|2025|2|12}}", "dmy", "template", None),
    fix("sometime in 2025", "dmy", "unreadable", None),
    fix("Winter 2025", "dmy", "season", None),
    fix("", "dmy", "empty", None),
    fix("14-12 February 2025", "dmy", "backwards-range", None),
    fix("Feb 12, 2025 <!-- Feb 12, 2025 -->", "mdy", "date-repeated-in-comment", None),
]


@pytest.mark.parametrize(("value", "style", "expected"), REFUSALS)
def test_repair_refuses(value: str, style: str, expected: None) -> None:
    assert repair_date(value, style=style) is expected
