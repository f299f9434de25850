"""Turning bare-URL references into citations, the one fix that needs the outside world.

``cite-bare-url`` reports ``<ref>https://…</ref>``; offline nothing can know the page's title,
so by default ``wikibox fix`` leaves bare URLs alone.  Two opt-in ways out:

* ``--fetch-titles`` fetches each URL (HTTP GET, 10 s time-out, at most 512 KiB read, HTML
  only) and writes ``{{cite web |url=… |title=<the page's <title>> |access-date=<today>}}``;
  a URL that does not answer with a title is left as it is;
* ``--tag-bare-urls`` adds ``{{Bare URL inline|date=<Month YYYY>}}`` after the reference, the
  maintenance tag bots and editors look for, where the page has none yet.

Never used by the tests against anything but a server on 127.0.0.1.
"""

from __future__ import annotations

import datetime
import html
import re
import urllib.request
from collections.abc import Callable

from wikibox.model.article import Article
from wikibox.wikitext.parser import parse_wikitext

__all__ = ["fetch_title", "fix_bare_urls"]

MAX_BYTES = 512 * 1024
TIMEOUT = 10.0
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)
_TAG_NAMES = ("bare url inline", "bare url", "bare url inline")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def fetch_title(url: str, *, timeout: float = TIMEOUT) -> str | None:
    """The ``<title>`` of an HTML page, or None when it cannot be had."""
    if not url.lower().startswith(("http://", "https://")):
        return None
    request = urllib.request.Request(url, headers={"User-Agent": "wikibox (bare URL fixer)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if "html" not in response.headers.get("Content-Type", "text/html"):
                return None
            body = response.read(MAX_BYTES)
            charset = response.headers.get_content_charset()
    except (OSError, ValueError):
        return None
    match = _TITLE.search(body)
    if not match:
        return None
    if charset is None:
        meta = _CHARSET.search(body)
        charset = meta.group(1).decode("ascii", "replace") if meta else "utf-8"
    try:
        raw = match.group(1).decode(charset, "replace")
    except LookupError:
        raw = match.group(1).decode("utf-8", "replace")
    title = " ".join(html.unescape(raw).split())
    return title or None


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
) -> int:
    """Apply the chosen bare-URL fixes to the article's tree in place; the number applied."""
    applied = 0
    for ref in article.references:
        if not ref.bare_url or ref.node is None:
            continue
        title = fetch(ref.bare_url) if fetch_titles else None
        if title:
            citation = (
                f"{{{{cite web |url={ref.bare_url} |title={_escape(title)} "
                f"|access-date={today.isoformat()}}}}}"
            )
            ref.node.contents = parse_wikitext(citation)
            applied += 1
        elif tag and not _tagged(article, ref.node):
            label = f"{MONTHS[today.month - 1]} {today.year}"
            article.code.insert_after(ref.node, f"{{{{Bare URL inline|date={label}}}}}")
            applied += 1
    return applied


def _tagged(article: Article, ref_node) -> bool:
    """Whether a {{Bare URL inline}} already follows the ref."""
    end = article.locator.range(ref_node)[1]
    following = article.text[end : end + 40].lower().lstrip()
    return following.startswith(tuple("{{" + name for name in _TAG_NAMES))
