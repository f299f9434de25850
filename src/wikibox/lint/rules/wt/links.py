"""Wikitext rules on links: a wikilink to the article itself, and an external link to a page
of the same wiki.

Both go nowhere useful: a self link shows as bold text, and an external link to the wiki breaks
when the page is renamed.  A self link inside a template (a navbox lists the page by design)
and a link to the wiki inside a citation or a ``<ref>`` (citing Wikipedia is another problem)
are not flagged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from urllib.parse import unquote

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, PageText, rule
from wikibox.lint.rules.wt.ancestry import IN_CITATION, IN_REF, IN_TEMPLATE, ancestry
from wikibox.wikitext.names import normalize_page_title, strip_comments
from wikibox.wikitext.parser import plain_text

__all__ = ["internal_as_external", "may_link_to_itself", "self_link"]


#: The raw start of a wikilink's title: after each ``[[`` (overlapping), up to ``|``, ``[`` or
#: ``]``.  mwparserfromhell's title of a link there is this text, or runs on past one of those
#: characters (which then stays in the title unless a comment holds it).
_LINK_TITLE_START = re.compile(r"\[(?=\[([^|\[\]]*))")  # a literal first: 5× faster


def may_link_to_itself(page: PageText) -> bool:
    """Whether a wikilink of the page may be a self link (``wt-self-link``'s ``needs``): some
    ``[[`` is followed by the title, as the rule normalises it, or by a comment."""
    if not page.title:
        return False
    title = normalize_page_title(page.title)
    if any(c in title for c in "|[]"):
        return True  # not a page title; a link to it could hold these characters
    # The link's first character may become up to three in the title (its upper case); each
    # run between spaces after those is copied verbatim from the link: look for the longest.
    probe = max(title[3:].split(" "), key=len)
    for target in set(_LINK_TITLE_START.findall(page.text)):
        if "<!--" in target or (probe in target and normalize_page_title(target) == title):
            return True
    return False


@rule(
    name="wt-self-link",
    severity=Severity.WARNING,
    visits="wikilink",
    checkwiki=48,
    needs=may_link_to_itself,
)
def self_link(ctx: Context, link) -> Iterator[Report]:
    """A wikilink to the article itself.

    Why:
        A link to the page you are on goes nowhere (MediaWiki shows it as bold text, not a
        link); it is usually left over from text copied from another article.  CheckWiki #48
        (title linked in text).
    Fails:
        (on "Paris")  [[Paris]] is the capital of France.
        (on "Paris")  The [[paris|city]] has …
    Passes:
        (on "Paris")  See [[Paris#History|its history]].
        (on "Paris")  [[France]]
    Does not flag:
        Links with a ``#section`` anchor; links inside templates (navboxes list the page
        itself by design); pages with no known title; links through redirects (wikibox
        does not know them).
    """
    if not ctx.article.title:
        return
    target = strip_comments(str(link.title))
    if "#" in target or "{{" in target:
        return
    if normalize_page_title(target) != normalize_page_title(ctx.article.title):
        return
    if not ancestry(ctx).get(id(link), 0) & IN_TEMPLATE:  # the walk only for a self link
        yield Report(f"[[{target.strip()}]] links to the article itself", ctx.span(link))


_WIKI_URL = re.compile(
    r"^(?:https?:)?//([a-z][a-z-]*)(?:\.m)?\.wikipedia\.org/"
    r"(?:wiki/([^?#\s]+)(#\S*)?|w/index\.php\?title=([^&#\s]+)(#\S*)?)$",
    re.IGNORECASE,
)


_WIKI_HOST = re.compile(r"wikipedia\.org", re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def _own_wiki_host(language: str) -> re.Pattern[str]:
    return re.compile(rf"//{re.escape(language)}(?:\.m)?\.wikipedia\.org", re.IGNORECASE)


def _links_own_wiki(page: PageText) -> bool:
    """Whether the page holds a URL of its own wiki (``//en.wikipedia.org``, the mobile
    ``//en.m.wikipedia.org``): the rule's necessary condition."""
    return _own_wiki_host(page.wiki.language).search(page.text) is not None


def _wiki_url_in_prose(page: PageText) -> bool:
    """Whether a ``wikipedia.org`` may sit in the prose, outside every ``<ref>`` element and
    template: a regional parse reads refs and templates, so only such a page needs its prose
    parsed (``prose=``).  A template is taken as open where the last ``{{``/``}}`` before the
    URL is a ``{{`` (an outer template closed further on is missed: the answer is then True)."""
    text = page.text
    lowered = text.lower()
    for match in _WIKI_HOST.finditer(text):
        at = match.start()
        if text.rfind("{{", 0, at) > text.rfind("}}", 0, at):
            continue  # inside a template
        opening = lowered.rfind("<ref", 0, at)
        if opening < 0 or lowered.rfind("</ref", 0, at) > opening:
            return True
        if lowered[: lowered.find(">", opening) + 1].endswith("/>"):
            return True  # after a self-closing <ref … />: not inside it
    return False


@rule(
    name="wt-internal-as-external",
    severity=Severity.WARNING,
    visits="external_link",
    checkwiki=90,
    needs=_links_own_wiki,
    prose=_wiki_url_in_prose,
)
def internal_as_external(ctx: Context, link) -> Iterator[Report]:
    """An external link to a page of the same wiki, which should be a wikilink.

    Why:
        External links to the wiki itself break when the page is renamed (a wikilink follows
        the redirect), open as external links, and are not counted as links by the wiki.
        CheckWiki #90 (internal link written as external link).
    Fails:
        [https://en.wikipedia.org/wiki/Paris Paris]
        https://en.m.wikipedia.org/wiki/Eiffel_Tower   (the mobile site)
        (jawiki) [https://ja.wikipedia.org/wiki/東京 東京]
    Passes:
        [[Paris]]
        [https://fr.wikipedia.org/wiki/Paris Paris]   (another wiki: CheckWiki #91)
    Does not flag:
        Links inside ``<ref>`` or citation templates (citing Wikipedia is another problem),
        or written as a parameter value (``[[File:x.jpg|link=https://…]]``, ``|url=…``);
        links with a query (``?oldid=…``, ``action=history``) — they point at a revision,
        not a page; links to other language editions.
    """
    match = _WIKI_URL.match(str(link.url).strip())
    if match is None or match.group(1).lower() != ctx.wiki.language.lower():
        return
    if ancestry(ctx).get(id(link), 0) & (IN_REF | IN_CITATION):
        return
    text, start = ctx.article.text, ctx.article.locator.offset(link)
    while start > 0 and text[start - 1] == " ":
        start -= 1
    if start > 0 and text[start - 1] == "=":  # a parameter value (``link=``, ``url=``)
        return
    title = unquote(match.group(2) or match.group(4)).replace("_", " ")
    anchor = unquote(match.group(3) or match.group(5) or "")
    label = plain_text(link.title) if link.title is not None else ""
    suggestion = f"[[{title}{anchor}|{label}]]" if label else f"[[{title}{anchor}]]"
    yield Report(
        f"{str(link.url).strip()} links to this wiki; write {suggestion}",
        ctx.span(link),
        data={"title": title},
    )
