"""Citation rules on whole references: a reference that is only a URL, and two references that
cite the same URL.

These rules look at the page's references (``<ref>`` tags, so they need a ``<ref``), not at
citation templates: a bare URL has no template, and a duplicate is only visible across
references.  The duplicate rule's
fix names the first reference and turns identical copies into reuses of it.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from typing import Any

from wikibox.lint.findings import ReplaceNode, Report, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.lint.rules.cite.view import URL
from wikibox.lint.rules.ref.index import REF_TAG
from wikibox.model.article import Article, Reference
from wikibox.model.references import ref_attribute

__all__ = ["bare_url", "duplicate", "normalise_url"]


@rule(name="cite-bare-url", severity=Severity.WARNING, visits="reference", needs=REF_TAG)
def bare_url(ctx: Context, ref: Reference) -> Iterator[Report]:
    """A reference that is only a URL (``<ref>https://…</ref>`` or ``<ref>[https://…]</ref>``).

    Why:
        A bare URL says nothing about the source (title, work, date) and cannot be found
        again once the link dies (link rot); CS1's counterpart is err_bare_url_missing_title
        and the "Bare URL" cleanup templates.  A ``<ref>`` holding only a URL never reaches
        the module, so this is a defect of fact it cannot see: a warning.  No fix: a title
        cannot be made up offline.
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


# Parameters that make two citations of one URL different sources: the archived copy (one per
# year of a data table), a date, a volume or an issue.
_DISTINCT = {"archive-url": "archive-url", "archiveurl": "archive-url", "date": "date",
             "year": "year", "volume": "volume", "issue": "issue", "number": "issue"}  # fmt: skip


def _locator(ref: Reference) -> tuple[str, ...]:
    located = tuple(p.value.strip() for p in ref.params if p.name in _LOCATORS)
    distinct = sorted(
        f"{_DISTINCT[p.name]}={p.value.strip()}"
        for p in ref.params
        if p.name in _DISTINCT and p.value.strip()
    )
    return located + tuple(distinct)


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


@rule(name="cite-duplicate", severity=Severity.INFO, visits="article", fixable=True, needs=REF_TAG)
def duplicate(ctx: Context, article: Article) -> Iterator[Report]:
    """Two separate references cite the same URL.

    Why:
        The reader sees the same source twice in the list, and an update (an archive link, a
        corrected title) made to one copy misses the other.  When the copies are identical
        the fix names the first (``name="domain-1"``) and turns the others into
        ``<ref name="…" />``.  The module looks at one citation at a time: advice.
    Fails:
        <ref>{{cite web |url=https://example.com/a |title=A}}</ref> … \\
        <ref>{{cite web |url=http://example.com/a/ |title=A}}</ref>
    Passes:
        <ref name="a">{{cite web |url=https://example.com/a |title=A}}</ref> … <ref name="a" />
    Does not flag:
        The same URL cited for different pages, chapters or quotes (a book on Google
        Books), or with a different archive URL, date, volume or issue (a data page
        archived once a year); refs in different groups (a note and a reference); URLs that
        differ in their query string.  Beyond the module (which does not look across
        citations), so it is advice.
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
