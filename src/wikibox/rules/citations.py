"""Citation rules: the checks of the CS1 module (Module:Citation/CS1), made before rendering.

A citation is a ``<ref>`` holding a citation template (``{{cite news}}``, ``{{cite web}}``,
jawiki's ``{{Cite news|和書|…}}``) or only a bare URL.  The rules on citation templates visit
every citation template of the page, in ``<ref>`` tags and in bibliographies alike (CS1 checks
both); the rules on bare URLs and duplicates look at the references.  Messages use the CS1
module's wording, and each docstring names the CS1 error it mirrors, so an editor can look it up
on Help:CS1 errors.

This module holds the rules on a citation's shape: required parameters, dates, parameters
against TemplateData, bare URLs and duplicates.  The rules that read the text of the values
(identifiers, links and missing pipes inside values, site names in titles, scraped titles, mixed
scripts, invisible characters, language) live in :mod:`.citation_text`; this module's ``RULES``
registers both.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

from ..dates import InvalidDate, WikiDate, check_citation_date, format_date, parse_date, repair_date
from ..findings import RenameParam, ReplaceNode, Report, SetParam, Severity
from ..model import Article, Param, Reference, Span
from ..references import ref_attribute
from ..wikitext import template_name
from . import citation_text
from .base import Context, Rule
from .citation_text import WORK, Citation, citation, has_value, short

__all__ = ["RULES"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

URL = ("url", "URL")
CHAPTER_URL = ("chapter-url", "chapterurl", "contribution-url", "entry-url", "article-url",
               "section-url")  # fmt: skip
ACCESS_DATE = ("access-date", "accessdate")
# CS1's date_parameters_list (orig-date is free text and never checked).
DATE_PARAMS = ("date", "publication-date", "year", "access-date", "accessdate", "archive-date",
               "archivedate", "lay-date", "doi-broken-date")  # fmt: skip
TITLE_REQUIRED = frozenset((
    "cite web", "cite news", "cite book", "cite journal", "cite magazine", "cite press release",
    "cite report", "cite conference", "cite av media", "cite thesis", "cite speech",
    "cite interview", "cite podcast", "cite document",
))  # fmt: skip
URL_REQUIRED = frozenset(("cite web", "cite podcast", "cite mailing list"))
# The CS1 templates (Module:Citation/CS1); wrappers such as {{cite IETF}} build their own URL.
CS1_TEMPLATES = TITLE_REQUIRED | URL_REQUIRED | frozenset((
    "citation", "cite encyclopedia", "cite episode", "cite map", "cite newsgroup",
    "cite serial", "cite sign", "cite techreport", "cite arxiv", "cite biorxiv", "cite ssrn",
))  # fmt: skip


def _missing_span(cite: Citation, names: tuple[str, ...]) -> Span:
    """Where a missing parameter is reported: at its empty occurrence, else at the name."""
    empty = cite.given(*names)
    return empty.span if empty is not None else cite.name_span


def missing_title(ctx: Context, node: Any) -> Iterator[Report]:
    """A citation with no title (nor ``|trans-title=`` or ``|script-title=``).

    Why:
        The title is what the reader looks for and what the URL is linked from; without it
        CS1 shows an error (err_citation_missing_title, "Missing or empty |title=").
    Fails:
        {{cite news |url=https://example.com/a |work=CBS News}}
        {{cite web |url=https://example.com/a |title= }}
    Passes:
        {{cite news |url=https://example.com/a |title=Summit ends |work=CBS News}}
        {{cite web |url=https://example.com/a |script-title=ru:Саммит}}
    Does not flag:
        Templates where CS1 takes the title from elsewhere (``{{cite encyclopedia}}``,
        ``{{citation}}``, ``{{cite episode}}``) and citation templates outside CS1 (``{{cite
        tweet}}``) unless their TemplateData requires a title; a title made of templates or
        markup only.
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    required = cite.kind in TITLE_REQUIRED or (
        cite.schema is not None and "title" in cite.schema.required_params()
    )
    names = cite.names(citation_text.TITLE)
    if required and cite.filled(*names) is None:
        yield Report(f"Missing or empty |title= in {{{{{cite.name}}}}}", _missing_span(cite, names))


def missing_url(ctx: Context, node: Any) -> Iterator[Report]:
    """A ``{{cite web}}`` (or ``{{cite podcast}}``, ``{{cite mailing list}}``, or a
    ``{{citation}}`` with ``|website=``) without ``|url=``.

    Why:
        A web citation is only verifiable through its address; CS1 shows err_cite_web_url
        ("Missing or empty |url=").  A printed source belongs in ``{{cite news}}`` or
        ``{{cite book}}``.
    Fails:
        {{cite web |title=Summit ends |website=CNN}}
        {{cite web |title=Summit ends |url= |archive-url=https://web.archive.org/…}}
    Passes:
        {{cite web |url=https://example.com/a |title=Summit ends}}
        {{cite news |title=Summit ends |work=The Times}}
    Does not flag:
        Other templates, where the URL is optional; ``|chapter-url=`` does not count for
        ``{{cite web}}`` (CS1 does not count it either).
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    web = cite.kind in URL_REQUIRED or (cite.kind == "citation" and cite.filled("website"))
    names = cite.names(URL)
    if web and cite.filled(*names) is None:
        yield Report(f"Missing or empty |url= in {{{{{cite.name}}}}}", _missing_span(cite, names))


def access_date_without_url(ctx: Context, node: Any) -> Iterator[Report]:
    """An access date on a citation with no URL.

    Why:
        The access date says when an online source was read; without a URL there is nothing
        it applies to.  CS1: err_accessdate_missing_url ("|access-date= requires |url=").
        A DOI or other identifier does not count, as in CS1.
    Fails:
        {{cite news |title=Summit ends |work=The Times |access-date=12 February 2025}}
        (jawiki) {{Cite news|和書|title=会談|newspaper=朝日新聞|accessdate=2025年2月12日}}
    Passes:
        {{cite news |title=Summit ends |url=https://example.com/a |access-date=12 February 2025}}
        {{cite book |title=A |chapter-url=https://example.com/c |access-date=12 February 2025}}
    Does not flag:
        An empty access date; a citation whose URL is in ``|chapter-url=`` (or its aliases);
        templates outside CS1 that make the URL themselves (``{{cite IETF}}``, ``{{Cite
        Kotobank}}``, ``{{cite tweet}}``).
    """
    cite = citation(ctx, node)
    if cite is None or cite.kind not in CS1_TEMPLATES:
        return
    access = cite.filled(*cite.names(ACCESS_DATE))
    if access is None or cite.filled(*cite.names(URL), *cite.names(CHAPTER_URL)):
        return
    yield Report(
        f"|{access.name}= requires |url= in {{{{{cite.name}}}}}",
        access.span,
        data={"param": access.name},
    )


# --- dates --------------------------------------------------------------------------------------

_USE_DATES = {"use dmy dates": "dmy", "use mdy dates": "mdy"}


def _use_dates_style(ctx: Context) -> str | None:
    def compute() -> str | None:
        for template in ctx.article.code.filter_templates(recursive=False):
            style = _USE_DATES.get(template_name(template).casefold())
            if style:
                return style
        return None

    return ctx.memo("cite:use-dates", compute)


def _valid_date(ctx: Context, param: Param) -> WikiDate | None:
    """The parsed date when the value passes CS1's check, else None."""
    if not has_value(param):
        return None
    reason = check_citation_date(param.raw, param=param.name, wiki=ctx.article.wiki,
                                 today=ctx.today)  # fmt: skip
    if reason is not None:
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
        for date in [_valid_date(ctx, p)]
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
    return fixed if still is None and fixed != param.raw.strip() else None


def date_invalid(ctx: Context, node: Any) -> Iterator[Report]:
    """A citation date CS1 rejects: a format it does not accept, a day that does not exist, a
    date in the future, or an access date outside 15 January 2001 – tomorrow.

    Why:
        CS1 shows err_bad_date ("Check date values in: |date=") and files the page under
        "CS1 errors: dates"; the metadata (COinS) gets no date.  Checked: ``|date=``,
        ``|publication-date=``, ``|year=``, ``|access-date=``, ``|archive-date=`` (and their
        old spellings), as in CS1's date_parameters_list.  When the value is unambiguous the
        fix rewrites it in the style of the citation's other dates (ISO if they are ISO),
        else the article's ``{{Use dmy/mdy dates}}``; jawiki gets ISO (or 年月日 when the
        citation's other dates use it).
    Fails:
        {{cite web |date=2025-2-12 |access-date=2025-02-13}}   (fixed to 2025-02-12)
        {{cite news |date=30 February 2025}}
        {{cite news |date=03/04/2025}}   (3 April or March 4: no fix)
    Passes:
        {{cite news |date=12 February 2025 |access-date=2025-02-13}}
        (jawiki) {{Cite news|和書|date=2025年2月12日|accessdate=2025年2月13日}}
    Does not flag:
        ``|orig-date=`` (free text in CS1); ``n.d.``, ``c. 1900``, seasons and a CITEREF
        letter (``2025a``) where CS1 accepts them; empty values; dates in templates other
        than citation templates.
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in cite.params:
        if param.name not in DATE_PARAMS or not has_value(param):
            continue
        reason = check_citation_date(param.raw, param=param.name, wiki=ctx.article.wiki,
                                     today=ctx.today)  # fmt: skip
        if reason is None:
            continue
        fixed = _date_fix(ctx, cite, param) if cite.count(param.name) == 1 else None
        yield Report(
            f"Check date values in: |{param.name}= ({short(param.value)!r}: {reason}"
            + (f"; write {fixed!r})" if fixed else ")"),
            param.value_span,
            fix=(SetParam(node, param.name, fixed),) if fixed else None,
            data={"param": param.name, "reason": reason},
        )


def _publication(ctx: Context, cite: Citation) -> tuple[Param, WikiDate] | None:
    for names in (("date",), ("publication-date",), ("year",)):
        param = cite.filled(*names)
        date = _valid_date(ctx, param) if param is not None else None
        if date is not None:
            return param, date
    return None


def access_date_before_date(ctx: Context, node: Any) -> Iterator[Report]:
    """The source was accessed before it was published.

    Why:
        One of the two dates is wrong (often the day and month swapped, or the date of an
        update pasted as the access date); CS1 does not notice, but readers and archive bots
        rely on both.
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
    cite = citation(ctx, node)
    if cite is None:
        return
    access = cite.filled(*cite.names(ACCESS_DATE))
    accessed = _valid_date(ctx, access) if access is not None else None
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


def year_date_mismatch(ctx: Context, node: Any) -> Iterator[Report]:
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
    cite = citation(ctx, node)
    if cite is None:
        return
    year, date = cite.filled("year"), cite.filled("date")
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


# --- parameters against TemplateData ------------------------------------------------------------


def _unknown(cite: Citation) -> Iterator[Param]:
    if cite.schema is None:
        return
    for param in cite.params:
        if not cite.schema.is_known(param.name):
            yield param


def unknown_param(ctx: Context, node: Any) -> Iterator[Report]:
    """A parameter the citation template does not take (its TemplateData does not list it).

    Why:
        CS1 ignores it and shows err_parameter_ignored ("Unknown parameter |titel= ignored",
        with a suggestion when one is close) or, for text given without a name,
        err_text_ignored ('Text "…" ignored').  The value never reaches the reader.
    Fails:
        {{cite news |titel=Summit ends}}
        (enwiki) {{cite web|和書|title=会談|url=https://example.jp/}}   (positional flag)
    Passes:
        {{cite news |title=Summit ends}}
        (jawiki) {{Cite web|和書|title=会談|url=https://example.jp/}}
    Does not flag:
        Empty unknown parameters (``cite-empty-unknown-param``); templates without
        TemplateData; deprecated parameters (``cite-deprecated-param``).
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in _unknown(cite):
        if not has_value(param):
            continue
        if param.positional:
            message = f'Text "{short(param.value)}" ignored in {{{{{cite.name}}}}}'
        else:
            suggestion = cite.schema.closest(param.name)
            message = f"Unknown parameter |{param.name}= ignored" + (
                f" (|{suggestion}= suggested)" if suggestion else ""
            )
        yield Report(message, param.span, data={"param": param.name})


def empty_unknown_param(ctx: Context, node: Any) -> Iterator[Report]:
    """An unknown parameter with no value (``|titel=``, or a stray ``||``).

    Why:
        Harmless to the reader but CS1 still reports it (err_param_unknown_empty, "Cite has
        empty unknown parameter: |titel="), and it usually marks a value that was lost or
        a typo copied from a template skeleton.
    Fails:
        {{cite news |title=Summit ends |newpaper=}}
        {{cite web |url=https://example.com/ ||title=Summit ends}}
    Passes:
        {{cite news |title=Summit ends |newspaper=}}
        (jawiki) {{Cite web||title=会談|url=https://example.jp/}}   (jawiki takes ``1``)
    Does not flag:
        Unknown parameters with a value (``cite-unknown-param``); templates without
        TemplateData.
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in _unknown(cite):
        if not has_value(param):
            shown = param.name or "(empty string)"
            yield Report(
                f"Cite has empty unknown parameter: |{shown}=", param.span,
                data={"param": param.name},
            )  # fmt: skip


_DEAD_URL = {"yes": "dead", "y": "dead", "true": "dead", "no": "live", "n": "live",
             "false": "live", "unfit": "unfit", "usurped": "usurped"}  # fmt: skip


def deprecated_param(ctx: Context, node: Any) -> Iterator[Report]:
    """A parameter the template's TemplateData marks as deprecated (``|accessdate=`` on
    enwiki).

    Why:
        CS1 shows err_deprecated_params ("Cite uses deprecated parameter |accessdate=") and
        the parameter stops working when support is removed.  The fix renames it to the
        replacement the TemplateData names, unless the replacement is already there; for
        ``|deadurl=`` it also rewrites the value (``no`` → ``live``).
    Fails:
        {{cite web |url=https://example.com/ |title=A |accessdate=2025-02-12}}
        {{cite web |url=https://example.com/ |title=A |deadurl=no}}
    Passes:
        {{cite web |url=https://example.com/ |title=A |access-date=2025-02-12}}
        (jawiki) {{Cite web|和書|url=https://example.jp/|title=あ|accessdate=2025-02-12}}
    Does not flag:
        Aliases that are not deprecated; templates without TemplateData.
    """
    cite = citation(ctx, node)
    if cite is None or cite.schema is None:
        return
    present = {cite.schema.canonical(p.name) or p.name for p in cite.params}
    for param in cite.params:
        spec = cite.schema.lookup(param.name)
        if spec is None or not spec.deprecated:
            continue
        new = spec.replacement
        fix = None
        if new and cite.schema.is_known(new) and cite.schema.canonical(new) not in present:
            fix = (RenameParam(node, param.node, new),)
            if new == "url-status" and has_value(param):
                status = _DEAD_URL.get(param.value.strip().lower())
                fix = (*fix, SetParam(node, new, status)) if status else None
        yield Report(
            f"Cite uses deprecated parameter |{param.name}=" + (f" (use |{new}=)" if new else ""),
            param.span,
            fix=fix,
            data={"param": param.name, "replacement": new},
        )


# --- what a news or web citation should have ---------------------------------------------------


def missing_work(ctx: Context, node: Any) -> Iterator[Report]:
    """A ``{{cite news}}`` that does not name the newspaper or news site.

    Why:
        "Which paper?" is the first thing a reader needs to judge a news source; CS1 checks
        this only for journals and magazines (err_missing_periodical, "Cite news requires
        |newspaper="), but a news citation without it is just as incomplete.
    Fails:
        {{cite news |title=Summit ends |url=https://example.com/a}}
        {{cite news |title=Summit ends |publisher=CBS}}
    Passes:
        {{cite news |title=Summit ends |work=CBS News}}
        (jawiki) {{Cite news|和書|title=会談|newspaper=朝日新聞}}
    Does not flag:
        Other templates; any alias of the work (``|newspaper=``, ``|website=``,
        ``|magazine=`` …) counts.
    """
    cite = citation(ctx, node)
    if cite is None or cite.kind != "cite news" or cite.filled(*cite.names(WORK)):
        return
    yield Report(
        f"{{{{{cite.name}}}}} requires |work= (or |newspaper=, |website=): "
        "name the newspaper or news site",
        cite.name_span,
    )


def missing_access_date(ctx: Context, node: Any) -> Iterator[Report]:
    """An online news or web citation with a URL but no access date.

    Why:
        Web pages change and disappear; the access date tells readers (and archive bots)
        which version supported the text.
    Fails:
        {{cite web |url=https://example.com/a |title=A}}
        {{cite news |url=https://example.com/a |title=A |work=CBS News}}
    Passes:
        {{cite web |url=https://example.com/a |title=A |access-date=2025-02-12}}
        (jawiki) {{Cite web|和書|url=https://example.jp/|title=あ|accessdate=2025-02-12}}
    Does not flag:
        ``{{cite book}}``, ``{{cite journal}}`` and other templates for stable publications;
        citations without a URL.
    """
    cite = citation(ctx, node)
    if cite is None or cite.kind not in ("cite web", "cite news"):
        return
    url = cite.filled(*cite.names(URL))
    if url is not None and cite.filled(*cite.names(ACCESS_DATE)) is None:
        yield Report(
            f"{{{{{cite.name}}}}} has |url= but no |access-date=", cite.name_span,
        )  # fmt: skip


# --- references ---------------------------------------------------------------------------------


def bare_url(ctx: Context, ref: Reference) -> Iterator[Report]:
    """A reference that is only a URL (``<ref>https://…</ref>`` or ``<ref>[https://…]</ref>``).

    Why:
        A bare URL says nothing about the source (title, work, date) and cannot be found
        again once the link dies (link rot); CS1's counterpart is err_bare_url_missing_title
        and the "Bare URL" cleanup templates.  No fix: a title cannot be made up offline.
    Fails:
        <ref>https://example.com/a</ref>
        <ref>[https://example.com/a]</ref>
    Passes:
        <ref>[https://example.com/a Summit ends], CBS News, 12 February 2025.</ref>
        <ref>{{cite web |url=https://example.com/a |title=Summit ends}}</ref>
    Does not flag:
        Reuses (``<ref name="a" />``); refs with any text besides the URL.
    """
    if ref.bare_url is not None and ref.span is not None:
        yield Report(
            f"bare URL {short(ref.bare_url)!r} as a reference: give its title, work and date "
            "(e.g. with {{cite web}})",
            ref.span,
            data={"url": ref.bare_url},
        )


def _ref_url(ref: Reference) -> str | None:
    if ref.bare_url is not None:
        return ref.bare_url
    url = next((p for p in reversed(ref.params) if p.name in URL and p.value.strip()), None)
    return url.value.strip() if url is not None else None


def normalise_url(url: str) -> str:
    """Scheme, host case, fragment and a trailing slash do not make another page."""
    parts = urllib.parse.urlsplit(url.strip())
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{path}{query}"


_LOCATORS = ("page", "pages", "p", "pp", "at", "chapter", "section", "quote", "loc")


def _locator(ref: Reference) -> tuple[str, ...]:
    return tuple(p.value.strip() for p in ref.params if p.name in _LOCATORS)


def _new_name(article: Article, url: str) -> str:
    host = urllib.parse.urlsplit(url.strip()).netloc.lower().removeprefix("www.")
    labels = [label for label in host.split(".") if label]
    stem = labels[-2] if len(labels) >= 2 else (labels[0] if labels else "ref")
    stem = re.sub(r"[^a-z0-9-]", "", stem) or "ref"
    taken = {r.name for r in article.references if r.name}
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _reuse(tag: Any, name: str) -> str:
    group = ref_attribute(tag, "group")
    return f'<ref name="{name}"' + (f' group="{group}"' if group else "") + " />"


def duplicate(ctx: Context, article: Article) -> Iterator[Report]:
    """Two separate references cite the same URL.

    Why:
        The reader sees the same source twice in the list, and an update (an archive link, a
        corrected title) made to one copy misses the other.  When the copies are identical
        the fix names the first (``name="domain-1"``) and turns the others into
        ``<ref name="…" />``.
    Fails:
        <ref>{{cite web |url=https://example.com/a |title=A}}</ref> …
        <ref>{{cite web |url=http://example.com/a/ |title=A}}</ref>
    Passes:
        <ref name="a">{{cite web |url=https://example.com/a |title=A}}</ref> … <ref name="a" />
    Does not flag:
        The same URL cited for different pages, chapters or quotes (a book on Google
        Books); refs in different groups (a note and a reference); URLs that differ in
        their query string.
    """
    seen: dict[tuple, list[Reference]] = {}
    for ref in article.references:
        url = _ref_url(ref)
        if url is None or ref.span is None or ref.node is None:
            continue
        # Read the group off the tag: Reference.group is None for unnamed refs.
        group = ref_attribute(ref.node, "group") or None
        seen.setdefault((group, normalise_url(url), _locator(ref)), []).append(ref)
    for refs in seen.values():
        first, later = refs[0], refs[1:]
        same = [r for r in later if r.content.strip() == first.content.strip()]
        fixable = [r for r in same if r.use_count == 1 and not r.list_defined]
        fix = None
        if fixable and not first.list_defined:
            name = first.name or _new_name(article, _ref_url(first) or "")
            edits = [ReplaceNode(r.node, _reuse(r.node, name)) for r in fixable]
            if first.name is None:
                text = str(first.node)
                edits.insert(0, ReplaceNode(first.node, f'{text[:4]} name="{name}"{text[4:]}'))
            fix = tuple(edits)
        for ref in later:
            identical = "an identical copy of" if ref in same else "the same URL as"
            yield Report(
                f"reference is {identical} the reference on line {first.span.line} "
                f"({short(_ref_url(ref) or '')})",
                ref.span,
                fix=fix if ref is (fixable[0] if fixable else None) else None,
                data={"url": _ref_url(ref)},
            )


RULES: list[Rule] = [
    Rule("cite-bare-url", WARNING, "cite", "reference", bare_url),
    Rule("cite-missing-title", ERROR, "cite", "template", missing_title),
    Rule("cite-missing-url", ERROR, "cite", "template", missing_url),
    Rule("cite-access-date-without-url", ERROR, "cite", "template", access_date_without_url),
    Rule("cite-date-invalid", ERROR, "cite", "template", date_invalid, fixable=True),
    Rule("cite-access-date-before-date", ERROR, "cite", "template", access_date_before_date),
    Rule("cite-year-date-mismatch", ERROR, "cite", "template", year_date_mismatch),
    Rule("cite-unknown-param", ERROR, "cite", "template", unknown_param),
    Rule("cite-empty-unknown-param", WARNING, "cite", "template", empty_unknown_param),
    Rule("cite-deprecated-param", WARNING, "cite", "template", deprecated_param, fixable=True),
    Rule("cite-missing-work", WARNING, "cite", "template", missing_work),
    Rule("cite-missing-access-date", INFO, "cite", "template", missing_access_date),
    Rule("cite-duplicate", WARNING, "cite", "article", duplicate, fixable=True),
    *citation_text.RULES,
]
