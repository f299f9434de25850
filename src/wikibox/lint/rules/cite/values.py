"""Citation rules on what a value holds that belongs elsewhere: a URL in a text field, or
another parameter's ``name=`` where a ``|`` is missing.

Both are read on the value with its comments, tags and (for the missing pipe) nested templates
blanked out by :func:`~.citation_view.mask`, so markup never looks like a slip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.lint.rules.cite.view import mask, may_cite, value_span
from wikibox.model.citation import Citation

__all__ = ["CORE_PARAMS", "external_link_in_param", "missing_pipe"]


_LINK_FIELDS = re.compile(
    r"title|trans-title|script-title|work|website|newspaper|publisher|periodical|magazine"
    r"|journal|agency|location|place|via|(?:author|last|first|surname|given)\d*"
    r"|author\d*-(?:last|first)|author-(?:last|first)\d*|coauthors?"
)
_URL_IN_TEXT = re.compile(r"(?:\b(?:https?|ftp)://|\[//)[^\s\]|<>{}]+", re.IGNORECASE)


@rule(
    name="cite-external-link-in-param", severity=Severity.ERROR, visits="citation", needs=may_cite
)
def external_link_in_param(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A URL inside the title, work, publisher, author, agency, location or via field.

    Why:
        CS1 shows err_param_has_ext_link ("External link in |work="): the value is linked
        text inside the citation's own link, the COinS metadata gets a URL instead of a
        name, and the address belongs in ``|url=``.
    Fails:
        {{cite web |url=https://example.com/a |title=A |website=https://example.com}}
        {{cite news |title=[https://example.com/a Summit ends]}}
    Passes:
        {{cite web |url=https://example.com/a |title=A |website=example.com}}
        {{cite news |title=Summit ends |work=[[The Times]]}}
    Does not flag:
        URL parameters, ``|id=``, ``|page(s)=``, ``|at=``, ``|quote=``; domain names without
        a scheme (``example.com`` is a fine website name); URLs inside comments.
    """
    for param in cite.params:
        if not _LINK_FIELDS.fullmatch(param.name):
            continue
        match = _URL_IN_TEXT.search(mask(param.raw, nested=False))
        if match:
            yield Report(
                f"External link in |{param.name}=: {short(match.group(0).lstrip('['))}",
                value_span(ctx, param, match.start(), match.end()),
                data={"param": param.name},
            )


# Parameters CS1 knows on every template, for templates without TemplateData (missing pipe).
CORE_PARAMS = frozenset((
    "title", "url", "date", "access-date", "accessdate", "work", "website", "newspaper",
    "publisher", "author", "last", "first", "pages", "page", "language", "location", "archive-url",
    "archive-date", "url-status", "isbn", "issn", "doi", "agency", "via", "quote", "magazine",
    "journal", "volume", "issue", "year", "trans-title", "format", "edition",
))  # fmt: skip
_PIPE = re.compile(r"(?:^|(?<=\s))([A-Za-z][\w-]*)(\s*)=")


@rule(name="cite-missing-pipe", severity=Severity.ERROR, visits="citation", needs=may_cite)
def missing_pipe(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A value holds another parameter's ``name=``: a ``|`` is missing.

    Why:
        ``|title=Summit ends url=https://…`` makes the URL part of the title; CS1 shows
        err_missing_pipe ("Missing pipe in: |title=").
    Fails:
        {{cite web |title=Summit ends url=https://example.com/a}}
        {{cite news |title=A |work=CBS News date=12 February 2025}}
    Passes:
        {{cite web |title=Summit ends |url=https://example.com/a?date=12}}
        {{cite journal |title=When x = y}}
    Does not flag:
        Words that are not parameter names; names inside templates, comments or tags;
        one- and two-letter names (``p = 0.05``) unless ``=`` follows directly.
    """
    for param in cite.params:
        if param.positional or "=" not in param.raw:
            continue
        for match in _PIPE.finditer(mask(param.raw)):
            name, gap = match.group(1), match.group(2)
            known = cite.schema.is_known(name) if cite.schema else name in CORE_PARAMS
            if known and (len(name) > 2 or not gap):
                yield Report(
                    f"Missing pipe in: |{param.name}= (it holds {name}=)",
                    value_span(ctx, param, match.start(1), match.end(1)),
                    data={"param": param.name, "holds": name},
                )
                break
