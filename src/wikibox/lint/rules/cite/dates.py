"""Citation rules on dates: the checks CS1 makes on them, and two it does not.

CS1 rejects a date it cannot read, a day that does not exist, a date in the future and an
access date outside the years the web has been archived (``cite-date-invalid``, which rewrites
an unambiguous date in the citation's or the article's style).  Beyond CS1, an access date
before the publication date and a ``|year=`` that is not the year of ``|date=`` are flagged:
one of the two values is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikibox.lint.findings import Report, SetParam, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.lint.rules.cite.view import ACCESS_DATE, may_cite
from wikibox.model.article import Param
from wikibox.model.citation import Citation
from wikibox.model.citation_dates import check_citation_date
from wikibox.model.cs1.dates import (
    DateNames,
    check_date,
    citation_date_errors,
)
from wikibox.model.cs1.dates import (
    year_date_mismatch as module_year_mismatch,
)
from wikibox.model.date_repair import repair_date
from wikibox.model.dates import InvalidDate, WikiDate, format_date, parse_date
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import template_name

__all__ = ["access_date_before_date", "date_invalid", "year_date_mismatch"]

# CS1's date_parameters_list (orig-date is free text and never checked).
DATE_PARAMS = ("date", "publication-date", "year", "access-date", "accessdate", "archive-date",
               "archivedate", "lay-date", "doi-broken-date")  # fmt: skip

_USE_DATES = {"use dmy dates": "dmy", "use mdy dates": "mdy"}
# The module's date parameters (its meta-parameter names) in the order it lists them.
_MODULE_DATES = {"AccessDate": "access-date", "ArchiveDate": "archive-date", "Date": "date",
                 "DoiBroken": "doi-broken-date", "Embargo": "pmc-embargo-date",
                 "PublicationDate": "publication-date", "Year": "year"}  # fmt: skip
_MODULE_REASON = "not a date the citation module accepts here"


def _module_reason(value: str, name: str) -> str:
    """Why the module rejects a value wikibox's own reading accepts, when it can be told."""
    if "\u00a0" in value or "&nbsp;" in value:
        return "a non-breaking space is not accepted; write a plain space"
    if re.search(r"(?<![0-9])0[0-9]{3}(?![0-9])", value):
        return "a year is written without a leading zero"
    if re.search(r"[0-9][A-Za-z]$", value.strip()) and name not in ("date",):
        return f"a letter after the year (CITEREF) is only accepted in |date=, not |{name}="
    if name in ("archive-date", "archivedate"):
        return f"|{name}= must be one full date (day, month and year)"
    return _MODULE_REASON


def module_date_errors(ctx: Context, cite: Citation) -> frozenset[str] | None:
    """The date parameters (names as written) the wiki's citation module rejects, or None when
    wikibox does not have the module's data for this template."""
    if cite.module is None:
        return None

    def compute() -> frozenset[str]:
        values = {}
        for meta, key in _MODULE_DATES.items():
            for name in cite.module.aliases(meta):
                param = cite.filled(name)
                if param is not None:
                    values[key] = (param.name, strip_comments(param.raw).strip())
                    break
        names = DateNames(cite.module.data["date_names"])
        return frozenset(citation_date_errors(values, names=names, today=ctx.today))

    return ctx.memo(f"cite-dates:{id(cite.node)}", compute)


def _use_dates_style(ctx: Context) -> str | None:
    def compute() -> str | None:
        for template in ctx.article.code.filter_templates(recursive=False):
            style = _USE_DATES.get(template_name(template).casefold())
            if style:
                return style
        return None

    return ctx.memo("cite:use-dates", compute)


def _valid_date(ctx: Context, param: Param, cite: Citation | None = None) -> WikiDate | None:
    """The parsed date when the value passes CS1's check, else None."""
    if param.is_empty:
        return None
    rejected = module_date_errors(ctx, cite) if cite is not None else None
    if rejected is not None:
        if param.name in rejected:
            return None
    elif check_citation_date(param.raw, param=param.name, wiki=ctx.article.wiki,
                             today=ctx.today) is not None:  # fmt: skip
        return None
    try:
        return parse_date(param.raw, wiki=ctx.article.wiki)
    except InvalidDate:
        return None


def _repair_style(ctx: Context, cite: Citation, bad: Param) -> str:
    """The style a repaired date is written in: the other dates of the citation, then the
    article's ``{{Use dmy/mdy dates}}``, then the way the value itself is written."""
    others = [
        date.format
        for p in cite.params
        if p is not bad and p.name in DATE_PARAMS
        for date in [_valid_date(ctx, p, cite)]
        if date is not None and date.precision == "day"
    ]
    if ctx.article.wiki == "jawiki":
        return "ja" if others and all(f == "ja" for f in others) else "iso"
    if others and all(f == "iso" for f in others):
        return "iso"
    use = _use_dates_style(ctx)
    if use:
        return use
    if others and len(set(others)) == 1 and others[0] in ("dmy", "mdy"):
        return others[0]
    text = bad.value.strip()
    if re.match(r"[A-Za-z]", text):
        return "mdy"
    return "dmy" if re.match(r"[0-9]{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]", text) else "iso"


def _date_fix(ctx: Context, cite: Citation, param: Param) -> str | None:
    style = _repair_style(ctx, cite, param)
    fixed = repair_date(param.raw, style=style)
    if fixed is None:
        try:
            date = parse_date(param.raw, wiki=ctx.article.wiki)
        except InvalidDate:
            return None
        if date.format != "ja" or ctx.article.wiki == "jawiki" or param.raw.strip() != date.text:
            return None
        fixed = format_date(date, style if style != "ja" else "iso")
    still = check_citation_date(fixed, param=param.name, wiki=ctx.article.wiki, today=ctx.today)
    if cite.module is not None and still is None:
        key = next((_MODULE_DATES[meta] for meta in _MODULE_DATES
                    if param.name in cite.module.aliases(meta)), None)  # fmt: skip
        names = DateNames(cite.module.data["date_names"])
        if key is None or not check_date(fixed, key, names=names, today=ctx.today):
            return None
    return fixed if still is None and fixed != param.raw.strip() else None


@rule(
    name="cite-date-invalid",
    severity=Severity.ERROR,
    visits="citation",
    fixable=True,
    needs=may_cite,
)
def date_invalid(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A citation date CS1 rejects: a format it does not accept, a day that does not exist, a
    date in the future, or an access date outside 15 January 2001 – tomorrow.

    Why:
        CS1 shows err_bad_date ("Check date values in: |date=") and files the page under
        "CS1 errors: dates"; the metadata (COinS) gets no date.  Checked: ``|date=``,
        ``|publication-date=``, ``|year=``, ``|access-date=``, ``|archive-date=`` (and their
        old spellings), as in CS1's date_parameters_list.  Where wikibox has the module's data
        (enwiki) the verdict is the module's own (a port of Module:Citation/CS1/Date
        validation: ``|year=`` or ``|publication-date=`` checked as ``|date=`` when that is
        empty; a non-breaking space, a leading-zero year, a CITEREF letter outside
        ``|date=``, or an ``|archive-date=`` that is not one full date are errors).  When the
        value is unambiguous the fix rewrites it in the style of the citation's other dates
        (ISO if they are ISO), else the article's ``{{Use dmy/mdy dates}}``; jawiki gets ISO
        (or 年月日 when the citation's other dates use it).
    Fails:
        {{cite web |date=2025-2-12 |access-date=2025-02-13}}   (fixed to 2025-02-12)
        {{cite news |date=30 February 2025}}
        {{cite news |date=03/04/2025}}   (3 April or March 4: no fix)
    Passes:
        {{cite news |date=12 February 2025 |access-date=2025-02-13}}
        (jawiki) {{Cite news|和書|date=2025年2月12日|accessdate=2025年2月13日}}
    Does not flag:
        ``|orig-date=`` (free text in CS1); ``n.d.``, ``c. 1900``, seasons, hyphenated
        ranges (``5-7 March 2021``, ``2020-21``: the module accepts and tracks them), 29
        February of a Julian leap year before 1582, archive dates up to the end of next year
        and a CITEREF letter (``2025a``) in ``|date=``; empty values; dates in templates
        other than citation templates.
    """
    rejected = module_date_errors(ctx, cite)
    for param in cite.params:
        if param.name not in DATE_PARAMS or param.is_empty:
            continue
        if rejected is not None and (
            param.name not in rejected or cite.filled(param.name) is not param
        ):
            continue  # the module accepts it: no need to read the date here
        reason = check_citation_date(param.raw, param=param.name, wiki=ctx.article.wiki,
                                     today=ctx.today)  # fmt: skip
        if rejected is not None:
            reason = reason or _module_reason(param.raw, param.name)
        if reason is None:
            continue
        fixed = _date_fix(ctx, cite, param) if cite.count(param.name) == 1 else None
        yield Report(
            f"Check date values in: |{param.name}= ({short(param.value)!r}: {reason}"
            + (f"; write {fixed!r})" if fixed else ")"),
            param.value_span,
            fix=(SetParam(cite.node, param.name, fixed),) if fixed else None,
            data={"param": param.name, "reason": reason},
        )


def _publication(ctx: Context, cite: Citation) -> tuple[Param, WikiDate] | None:
    for names in (("date",), ("publication-date",), ("year",)):
        param = cite.filled(*names)
        date = _valid_date(ctx, param, cite) if param is not None else None
        if date is not None:
            return param, date
    return None


@rule(
    name="cite-access-date-before-date",
    severity=Severity.WARNING,
    visits="citation",
    needs=may_cite,
)
def access_date_before_date(ctx: Context, cite: Citation) -> Iterator[Report]:
    """The source was accessed before it was published.

    Why:
        One of the two dates is wrong (often the day and month swapped, or the date of an
        update pasted as the access date); CS1 does not notice, but readers and archive bots
        rely on both: a defect of fact the module is silent on, so a warning.
    Fails:
        {{cite news |date=12 February 2025 |access-date=2 February 2025}}
        {{cite web |year=2025 |access-date=2023-12-30}}
    Passes:
        {{cite news |date=12 February 2025 |access-date=12 February 2025}}
        (jawiki) {{Cite news|和書|date=2025年2月12日|accessdate=2025年2月13日}}
    Does not flag:
        An access date one day before the date (time zones: a paper dated in Tokyo can be
        read the evening before in New York); a month or a year less than a year ahead of
        the access date (magazines and yearbooks carry cover dates ahead of their release);
        dates CS1 rejects (``cite-date-invalid`` reports those); ``|archive-date=``.
    """
    access = cite.filled(*cite.names(ACCESS_DATE))
    accessed = _valid_date(ctx, access, cite) if access is not None else None
    published = _publication(ctx, cite)
    if accessed is None or published is None:
        return
    param, date = published
    margin = 1 if date.precision == "day" else 366
    if (date.start() - accessed.last()).days > margin:
        yield Report(
            f"|{access.name}={short(access.value)!r} is before |{param.name}="
            f"{short(param.value)!r}: the source was read before it was published",
            access.value_span,
        )


def _year_number(text: str) -> int | None:
    match = re.fullmatch(r"(?:c\. )?([0-9]{3,4})[A-Za-z年]?", text.strip())
    return int(match.group(1)) if match else None


@rule(name="cite-year-date-mismatch", severity=Severity.ERROR, visits="citation", needs=may_cite)
def year_date_mismatch(ctx: Context, cite: Citation) -> Iterator[Report]:
    """``|year=`` is not the year of ``|date=``.

    Why:
        CS1 shows "|year= / |date= mismatch" (appended to err_bad_date): one of the two is
        wrong, and short citations (``{{sfn|Smith|2024}}``) link by the year.
    Fails:
        {{cite news |date=12 February 2025 |year=2024}}
        {{cite book |date=2019–2020 |year=2021}}
    Passes:
        {{cite news |date=12 February 2025 |year=2025}}
        {{cite book |date=2025-02-12 |year=2025a}}
    Does not flag:
        A year that matches either end of a date range; values CS1 rejects anyway
        (``cite-date-invalid``); ``n.d.``, seasons and other dates that are not a day,
        month, year or range of them.
    """
    year, date = cite.filled("year"), cite.filled("date")
    if cite.module is not None:
        if year is None:
            return
        date = next(
            (p for name in cite.module.aliases("Date") for p in [cite.filled(name)] if p), None
        )
        if date is None:
            return
        year_text = strip_comments(year.raw).strip()
        if module_year_mismatch(year_text, strip_comments(date.raw).strip()):
            yield Report(
                f"|year= / |{date.name}= mismatch: |year={short(year.value)!r} but "
                f"|{date.name}={short(date.value)!r}",
                year.value_span,
            )
        return
    if year is None or date is None or _valid_date(ctx, year) is None:
        return
    parsed = _valid_date(ctx, date)
    number = _year_number(year.value)
    if parsed is None or number is None:
        return
    years = {parsed.year} | ({parsed.end.year} if parsed.end is not None else set())
    if number not in years:
        yield Report(
            f"|year= / |date= mismatch: |year={short(year.value)!r} but "
            f"|date={short(date.value)!r}",
            year.value_span,
        )
