"""Citation rules: the checks of the CS1 module (Module:Citation/CS1), made before rendering.

A citation is a ``<ref>`` holding a citation template (``{{cite news}}``, ``{{cite web}}``,
jawiki's ``{{Cite news|和書|…}}``) or only a bare URL.  The rules on citation templates visit
every citation of the page (``visits="citation"``: the engine hands each a
:class:`~wikibox.model.citation.Citation`, read once per template), in ``<ref>`` tags and in
bibliographies alike (CS1 checks both), and need one (``needs=may_cite``: a page that cannot
call a citation template is not walked for them); the rules on bare URLs and duplicates look at
the references.  Messages use the CS1
module's wording, and each docstring names the CS1 error it mirrors, so an editor can look it up
on Help:CS1 errors.

This module holds the rules on what a citation must have (a title, a URL where CS1 requires
one or an access date needs one, the newspaper of a news citation, the access date of an online
one) and the family's ``FAMILY``, which lists the rules of the sibling modules too, in
catalogue order:

* :mod:`.view`          the CS1 name groups and the helpers every citation rule reads values with
* :mod:`.dates`         dates CS1 rejects, access before publication, year vs date
* :mod:`.params`        parameters against the module's Whitelist: unknown, empty, deprecated
* :mod:`.references`    bare URLs and duplicated references
* :mod:`.titles`        a site name after the title, a title a scraper got
* :mod:`.scripts`       mixed scripts, invisible characters, a missing ``|language=``
* :mod:`.identifiers`   ISBN, ISSN, DOI, PMID and PMC checks
* :mod:`.values`        URLs and missing pipes inside values
"""

from __future__ import annotations

from collections.abc import Iterator

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, Family, rule
from wikibox.lint.rules.cite.dates import access_date_before_date, date_invalid, year_date_mismatch
from wikibox.lint.rules.cite.identifiers import identifier_invalid
from wikibox.lint.rules.cite.params import (
    deprecated_param,
    duplicate_param,
    empty_unknown_param,
    unknown_param,
)
from wikibox.lint.rules.cite.references import bare_url, duplicate
from wikibox.lint.rules.cite.scripts import invisible_char, language_missing, mixed_script
from wikibox.lint.rules.cite.titles import generic_title, title_site_suffix
from wikibox.lint.rules.cite.values import external_link_in_param, missing_pipe
from wikibox.lint.rules.cite.view import (
    ACCESS_DATE,
    CHAPTER_URL,
    TITLE,
    URL,
    WORK,
    may_cite,
)
from wikibox.model.article import Span
from wikibox.model.citation import Citation

__all__ = ["FAMILY", "MODULE_INDEPENDENT"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

TITLE_REQUIRED = frozenset((
    "cite web", "cite news", "cite book", "cite journal", "cite magazine", "cite press release",
    "cite report", "cite conference", "cite av media", "cite thesis", "cite speech",
    "cite interview", "cite podcast", "cite document",
))  # fmt: skip
URL_REQUIRED = frozenset(("cite web", "cite podcast", "cite mailing list"))
# What {{cite encyclopedia}} shows as its title when |title= is empty: the encyclopedia's name,
# once an article in it is named (Module:Citation/CS1's remapping of |encyclopedia=).
ENCYCLOPEDIA = ("encyclopedia", "encyclopaedia", "script-encyclopedia")
ARTICLE = ("article", "entry", "chapter", "contribution", "script-chapter", "script-article",
           "script-entry", "script-contribution")  # fmt: skip
# The CS1 templates (Module:Citation/CS1); wrappers such as {{cite IETF}} build their own URL.
CS1_TEMPLATES = TITLE_REQUIRED | URL_REQUIRED | frozenset((
    "citation", "cite encyclopedia", "cite episode", "cite map", "cite newsgroup",
    "cite serial", "cite sign", "cite techreport", "cite arxiv", "cite biorxiv", "cite ssrn",
))  # fmt: skip


def _missing_span(cite: Citation, names: tuple[str, ...]) -> Span:
    """Where a missing parameter is reported: at its empty occurrence, else at the name."""
    empty = cite.given(*names)
    return empty.span if empty is not None else cite.name_span


@rule(name="cite-missing-title", severity=Severity.ERROR, visits="citation", needs=may_cite)
def missing_title(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A citation with no title (nor ``|trans-title=`` or ``|script-title=``).

    Why:
        The title is what the reader looks for and what the URL is linked from; without it
        CS1 shows an error (err_citation_missing_title, "Missing or empty |title=").
        A ``{{cite encyclopedia}}`` needs ``|title=``, or ``|article=`` (``|entry=`` …) with
        ``|encyclopedia=``: the module then shows the encyclopedia as the title.
    Fails:
        {{cite news |url=https://example.com/a |work=CBS News}}
        {{cite web |url=https://example.com/a |title= }}
        {{cite encyclopedia |encyclopedia=Britannica |year=2000}}
    Passes:
        {{cite news |url=https://example.com/a |title=Summit ends |work=CBS News}}
        {{cite web |url=https://example.com/a |script-title=ru:Саммит}}
        {{cite encyclopedia |encyclopedia=Britannica |article=Abacus}}
    Does not flag:
        Templates where CS1 takes the title from elsewhere (``{{citation}}``,
        ``{{cite episode}}``) and citation templates outside CS1 (``{{cite tweet}}``) unless
        their TemplateData requires a title; a title made of templates or markup only.
    """
    names = cite.names(TITLE)
    if cite.kind == "cite encyclopedia":
        if cite.filled(*names) is None and not (
            cite.filled(*ENCYCLOPEDIA) and cite.filled(*cite.names(ARTICLE))
        ):
            yield Report(
                f"Missing or empty |title= in {{{{{cite.name}}}}}", _missing_span(cite, names)
            )
        return
    required = cite.kind in TITLE_REQUIRED or (
        cite.schema is not None and "title" in cite.schema.required_params()
    )
    if required and cite.filled(*names) is None:
        yield Report(f"Missing or empty |title= in {{{{{cite.name}}}}}", _missing_span(cite, names))


@rule(name="cite-missing-url", severity=Severity.ERROR, visits="citation", needs=may_cite)
def missing_url(ctx: Context, cite: Citation) -> Iterator[Report]:
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
    web = cite.kind in URL_REQUIRED or (cite.kind == "citation" and cite.filled("website"))
    names = cite.names(URL)
    if web and cite.filled(*names) is None:
        yield Report(f"Missing or empty |url= in {{{{{cite.name}}}}}", _missing_span(cite, names))


@rule(
    name="cite-access-date-without-url", severity=Severity.ERROR, visits="citation", needs=may_cite
)
def access_date_without_url(ctx: Context, cite: Citation) -> Iterator[Report]:
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
    if cite.kind not in CS1_TEMPLATES:
        return
    access = cite.filled(*cite.names(ACCESS_DATE))
    if access is None or cite.filled(*cite.names(URL), *cite.names(CHAPTER_URL)):
        return
    yield Report(
        f"|{access.name}= requires |url= in {{{{{cite.name}}}}}",
        access.span,
        data={"param": access.name},
    )


# Where a citation may name its outlet besides the work.
OUTLET = ("publisher", "agency", "via")


# --- what a news or web citation should have ---------------------------------------------------


@rule(name="cite-missing-work", severity=Severity.INFO, visits="citation", needs=may_cite)
def missing_work(ctx: Context, cite: Citation) -> Iterator[Report]:
    """Advice: a ``{{cite news}}`` that names no newspaper, news site or agency.

    Why:
        "Which paper?" is the first thing a reader needs to judge a news source.  The module
        does not require it of cite news or cite web (it asks for a periodical only of cite
        journal and cite magazine, err_missing_periodical), so this is advice, not an error:
        a citation that names its outlet in ``|publisher=``, ``|agency=`` or ``|via=`` is
        left alone.
    Fails:
        {{cite news |title=Summit ends |url=https://example.com/a}}
        {{cite news |title=Summit ends |newspaper= }}
    Passes:
        {{cite news |title=Summit ends |work=CBS News}}
        {{cite news |title=Summit ends |publisher=CBS}}
        (jawiki) {{Cite news|和書|title=会談|newspaper=朝日新聞}}
    Does not flag:
        Other templates; any alias of the work (``|newspaper=``, ``|website=``,
        ``|magazine=`` …) counts, and so do ``|publisher=``, ``|agency=`` and ``|via=``.
    """
    if cite.kind != "cite news":
        return
    if cite.filled(*cite.names(WORK), *cite.names(OUTLET)):
        return
    yield Report(
        f"{{{{{cite.name}}}}} does not name the newspaper or news site "
        "(|work=, |newspaper=, |publisher= or |agency=)",
        cite.name_span,
    )


@rule(name="cite-missing-access-date", severity=Severity.INFO, visits="citation", needs=may_cite)
def missing_access_date(ctx: Context, cite: Citation) -> Iterator[Report]:
    """An online news or web citation with a URL but no access date.

    Why:
        Web pages change and disappear; the access date tells readers (and archive bots)
        which version supported the text.  The module does not require it: advice.
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
    if cite.kind not in ("cite web", "cite news"):
        return
    url = cite.filled(*cite.names(URL))
    if url is not None and cite.filled(*cite.names(ACCESS_DATE)) is None:
        yield Report(
            f"{{{{{cite.name}}}}} has |url= but no |access-date=", cite.name_span,
        )  # fmt: skip


# The citation rules that do not depend on the wiki's citation module (a bare URL, one source
# cited twice, mixed scripts are defects anywhere); the others run only on wikis whose profile
# says their module is CS1 (citation_module: cs1).
MODULE_INDEPENDENT = frozenset(("cite-bare-url", "cite-duplicate", "cite-mixed-script"))

FAMILY = Family.of(
    "cite",
    "Citation rules",
    [
        bare_url,
        missing_title,
        missing_url,
        access_date_without_url,
        date_invalid,
        access_date_before_date,
        year_date_mismatch,
        unknown_param,
        empty_unknown_param,
        deprecated_param,
        duplicate_param,
        missing_work,
        missing_access_date,
        duplicate,
        title_site_suffix,
        generic_title,
        mixed_script,
        invisible_char,
        language_missing,
        identifier_invalid,
        external_link_in_param,
        missing_pipe,
    ],
    fast_needles=("<ref", "{{cite", "{{Cite", "http"),
    folded_needles=("cite", "citation", "<ref", "http", "reflist", "<references", "sfn", "harv"),
)
