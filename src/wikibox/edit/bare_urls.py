"""Turning bare-URL references into citations, the one fix that needs the outside world.

``cite-bare-url`` reports ``<ref>https://…</ref>``; offline nothing can know the page's title,
so by default ``wikibox fix`` leaves bare URLs alone.  Two opt-in ways out:

* ``--fetch-titles`` fetches each URL (HTTP GET, 10 s time-out, at most 512 KiB read, HTML
  only) and writes ``{{cite web |url=… |title=<the page's <title>> |access-date=<today>}}``;
  a URL that does not answer with a title is left as it is;
* ``--tag-bare-urls`` adds ``{{Bare URL inline|date=<Month YYYY>}}`` after the reference, the
  maintenance tag bots and editors look for, where the page has none yet.  The tag and its
  date are the wiki's own (``BARE_URL_TAGS``); a wiki with no known tag is refused rather than
  given an English template with an English date.

A URL whose title cannot be had is left bare, and the reason is reported per URL.

Never used by the tests against anything but a server on 127.0.0.1.
"""

from __future__ import annotations

import datetime
import html
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from wikibox.errors import ConfigError
from wikibox.model.article import Article
from wikibox.wikitext.parser import parse_wikitext

__all__ = ["BARE_URL_TAGS", "BareUrlTag", "TitleUnavailable", "fetch_title", "fix_bare_urls"]

MAX_BYTES = 512 * 1024
TIMEOUT = 10.0
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)
_TAG_NAMES = ("bare url inline", "bare url", "bare url inline")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class BareUrlTag:
    """A wiki's maintenance template for a bare URL and how it writes the month it was tagged."""

    template: str
    date_label: Callable[[datetime.date], str]


def _english_month(day: datetime.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


# Only wikis whose template is known; the others get a refusal that names the wiki.
BARE_URL_TAGS: dict[str, BareUrlTag] = {
    "enwiki": BareUrlTag("Bare URL inline", _english_month),
}


class TitleUnavailable(Exception):
    """Why a URL gave no title (said per URL by ``wikibox fix --fetch-titles``)."""


def fetch_title(url: str, *, timeout: float = TIMEOUT) -> str:
    """The ``<title>`` of an HTML page; :class:`TitleUnavailable` says why there is none."""
    if not url.lower().startswith(("http://", "https://")):
        raise TitleUnavailable("not an http(s) URL")
    request = urllib.request.Request(url, headers={"User-Agent": "wikibox (bare URL fixer)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get("Content-Type", "text/html")
            if "html" not in content_type:
                raise TitleUnavailable(f"not an HTML page ({content_type})")
            body = response.read(MAX_BYTES)
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise TitleUnavailable(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise TitleUnavailable(f"cannot connect: {exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise TitleUnavailable(str(exc) or type(exc).__name__) from None
    match = _TITLE.search(body)
    if not match:
        raise TitleUnavailable("the page has no <title>")
    if charset is None:
        meta = _CHARSET.search(body)
        charset = meta.group(1).decode("ascii", "replace") if meta else "utf-8"
    try:
        raw = match.group(1).decode(charset, "replace")
    except LookupError:
        raw = match.group(1).decode("utf-8", "replace")
    title = " ".join(html.unescape(raw).split())
    if not title:
        raise TitleUnavailable("the page's <title> is empty")
    return title


def _escape(value: str) -> str:
    """A title made safe as a template parameter value."""
    value = value.replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;")
    value = value.replace("[[", "&#91;&#91;").replace("]]", "&#93;&#93;")
    return value.replace("|", "{{!}}").replace("<", "&lt;")


def fix_bare_urls(
    article: Article,
    *,
    today: datetime.date,
    fetch_titles: bool = False,
    tag: bool = False,
    fetch: Callable[[str], str | None] = fetch_title,
    wiki: str = "enwiki",
    problems: list[str] | None = None,
) -> int:
    """Apply the chosen bare-URL fixes to the article's tree in place; the number applied.

    Each URL whose title could not be fetched is appended to PROBLEMS with the reason.
    Tagging on a wiki without a known tag raises :class:`~wikibox.errors.ConfigError`."""
    bare_url_tag = BARE_URL_TAGS.get(wiki) if tag else None
    if tag and bare_url_tag is None:
        raise ConfigError(
            f"--tag-bare-urls: no bare-URL maintenance template is known for {wiki} "
            f"(known: {', '.join(BARE_URL_TAGS)}); nothing was tagged"
        )
    applied = 0
    for ref in article.references:
        if not ref.bare_url or ref.node is None:
            continue
        title = None
        if fetch_titles:
            try:
                title = fetch(ref.bare_url)
            except TitleUnavailable as reason:
                if problems is not None:
                    problems.append(f"{ref.bare_url}: no title fetched ({reason}); left bare")
        if title:
            citation = (
                f"{{{{cite web |url={ref.bare_url} |title={_escape(title)} "
                f"|access-date={today.isoformat()}}}}}"
            )
            ref.node.contents = parse_wikitext(citation)
            applied += 1
        elif bare_url_tag is not None and not _tagged(article, ref.node):
            label = bare_url_tag.date_label(today)
            article.code.insert_after(ref.node, f"{{{{{bare_url_tag.template}|date={label}}}}}")
            applied += 1
    return applied


def _tagged(article: Article, ref_node) -> bool:
    """Whether a {{Bare URL inline}} already follows the ref."""
    end = article.locator.range(ref_node)[1]
    following = article.text[end : end + 40].lower().lstrip()
    return following.startswith(tuple("{{" + name for name in _TAG_NAMES))
