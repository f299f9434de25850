"""Infobox rules on the date: it parses, is possible and not in the future, and is written in
the article's date format.

A date the wiki's date templates cannot read breaks sorting, microformats and every tool that
reads the infobox, and a date written in another format than the article's is usually pasted
from another wiki.  :func:`date_text` is also how :mod:`.infobox_series` reads the dates of the
linked events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule
from wikibox.lint.rules.infobox.view import box_schema, shown
from wikibox.model.article import Infobox, Param
from wikibox.model.dates import DATE_TEMPLATES, MONTHS, InvalidDate, parse_date
from wikibox.wikitext.parser import parse_wikitext, template_name

__all__ = ["article_date_style", "date_format", "date_invalid", "date_text"]


@rule(name="infobox-date-invalid", severity=Severity.ERROR, visits="infobox")
def date_invalid(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The infobox date does not parse in a format the wiki accepts, is impossible, or lies
    after today (``--today``).

    Why:
        An impossible date (30 February) or one the wiki's date templates cannot read breaks
        sorting, microformats and every tool that reads the infobox; a date in the future is
        almost always a typo in the year.
    Fails:
        {{Infobox summit meeting|date=30 February 2025}}
        {{Infobox summit meeting|date=2025-2-12}}
    Passes:
        {{Infobox summit meeting|date=12 February 2025}}
        {{Infobox summit meeting|date={{start date|2025|2|12}}}}
    Does not flag:
        Dates with month or year precision; the format (``infobox-date-format`` does that);
        Japanese dates on jawiki; values wrapped in a template that is not a date template
        (``{{circa|1850}}``, ``{{nowrap|…}}``: wikibox cannot read them); prose in a
        parameter whose TemplateData type is not ``date`` ("Annually in June").  Old
        linked dates (``[[1988年]][[4月21日]]``) are read as the text they show.
    """
    param = _date_param(ctx, box)
    if param is None:
        return
    try:
        date = parse_date(date_text(param.raw), wiki=ctx.article.wiki)
    except InvalidDate as exc:
        yield Report(f"{param.name} {shown(param)!r}: {exc.reason}", param.value_span)
        return
    if date.format not in ctx.wiki.date_formats and date.template is None:
        yield Report(
            f"{param.name} {shown(param)!r} is in a format ({_FORMAT_NAMES[date.format]}) "
            f"that {ctx.wiki.name} does not accept",
            param.value_span,
        )
    elif date.start() > ctx.today:
        yield Report(
            f"{param.name} {shown(param)!r} lies after today ({ctx.today.isoformat()})",
            param.value_span,
        )


# The templates dates.parse_date reads; any other template in a date value would have to be
# expanded to know the date.
_DATE_TEMPLATE_NAMES = DATE_TEMPLATES
_MONTH_WORDS = frozenset(
    word.casefold()
    for month in MONTHS
    for word in (month, month[:3], month[:3] + ".", "Sept", "Sept.")
)
_WORD = re.compile(r"[^\W\d_]+\.?")


def _date_param(ctx: Context, box: Infobox) -> Param | None:
    """The infobox's date parameter when its value is something to hold to the date rules."""
    param = box.role_param("date")
    if param is None or param.is_empty:
        return None
    code = parse_wikitext(param.raw)
    top = code.filter_templates(recursive=False)  # not those inside <ref>
    if any(template_name(t) not in _DATE_TEMPLATE_NAMES for t in top):
        return None
    schema = box_schema(ctx, box)
    spec = schema.lookup(param.name) if schema else None
    if spec is not None and spec.type == "date":
        return param
    return param if _looks_like_date(param.value) else None


def _looks_like_date(text: str) -> bool:
    """Only numbers, month names, 年月日 and date punctuation (not "Annually in June")."""
    rest = _WORD.sub(lambda m: "" if m.group(0).casefold() in _MONTH_WORDS else m.group(0), text)
    return bool(re.fullmatch(r"[\d\s,./\-–—〜～年月日]*", rest))


def date_text(raw: str) -> str:
    """A date value with its wikilinks unwrapped (``[[1988年]][[4月21日]]``: old linked
    dates read as the text they show)."""
    code = parse_wikitext(raw)
    for link in code.filter_wikilinks(recursive=False):
        code.replace(link, str(link.text if link.text is not None else link.title))
    return str(code)


_FORMAT_NAMES = {
    "iso": "ISO",
    "dmy": "day month year",
    "mdy": "month day, year",
    "ja": "Japanese 年月日",
    "my": "month year",
    "y": "year",
}
_USE_TEMPLATES = {"Use dmy dates": "dmy", "Use mdy dates": "mdy"}
_PROSE_DATES = {
    "dmy": re.compile(
        r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
        r"|November|December) \d{4}\b"
    ),
    "mdy": re.compile(
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
        r"|December) \d{1,2}, \d{4}\b"
    ),
    "ja": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
}


def article_date_style(ctx: Context) -> tuple[str | None, str]:
    """The article's date format: from ``{{Use dmy/mdy dates}}``, else the majority of its
    prose dates (at least three, and more than half of them)."""

    def compute() -> tuple[str | None, str]:
        for template in ctx.article.code.filter_templates(recursive=False):
            style = _USE_TEMPLATES.get(template_name(template))
            if style:
                return style, f"{{{{{template_name(template)}}}}}"
        text = ctx.article.text
        counts = {style: len(pattern.findall(text)) for style, pattern in _PROSE_DATES.items()}
        total = sum(counts.values())
        style, count = max(counts.items(), key=lambda item: item[1])
        if total >= 3 and count * 2 > total:
            return style, f"{count} of the article's {total} dates"
        return None, ""

    return ctx.memo("article_date_style", compute)


@rule(name="infobox-date-format", severity=Severity.WARNING, visits="infobox")
def date_format(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The infobox date's format differs from the article's (``{{Use dmy dates}}``,
    ``{{Use mdy dates}}``, or the format most of its dates use).

    Why:
        MOS:DATEUNIFY: an article uses one date format throughout; a lone mdy date in a dmy
        article is a sign of copy-paste from another wiki.
    Fails:
        {{Use dmy dates}}{{Infobox summit meeting|date=February 12, 2025}}
    Passes:
        {{Use dmy dates}}{{Infobox summit meeting|date=12 February 2025}}
    Does not flag:
        ISO dates, month-year and year-only dates (the same in every format); date
        templates on a Japanese-style article (jawiki's templates write 年月日; on enwiki a
        ``{{start date}}`` without ``df=y`` shows mdy and is flagged in a dmy article);
        formats the wiki does not accept at all (``infobox-date-invalid`` reports those);
        articles with no Use template and fewer than three prose dates or no clear
        majority.
    """
    param = _date_param(ctx, box)
    if param is None:
        return
    try:
        date = parse_date(date_text(param.raw), wiki=ctx.article.wiki)
    except InvalidDate:
        return
    if date.format not in ("dmy", "mdy", "ja") or date.format not in ctx.wiki.date_formats:
        return
    style, why = article_date_style(ctx)
    if date.template is not None and style == "ja":
        return
    if style and style != date.format:
        verb = "shown" if date.template else "written"
        yield Report(
            f"{param.name} {shown(param)!r} is {verb} {_FORMAT_NAMES[date.format]} but "
            f"the article uses {_FORMAT_NAMES[style]} ({why})",
            param.value_span,
            data={"expected": style},
        )
