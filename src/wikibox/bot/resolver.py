"""The live wiki as a :class:`~wikibox.resolve.Resolver`, for the series rules and sync-series.

``infobox-sequence-order`` and ``infobox-sequence-reciprocal`` read the infobox of the pages a
page's previous/next links lead to.  This resolver fetches them through pywikibot, follows a
redirect to its target (so a link through a redirect counts as a link to the target), and keeps
every answer, so a series of N pages costs about N page reads however often its pages link to
each other.  It knows the whole wiki (``complete``): a page it cannot find does not exist, and
the reciprocity rule says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wikibox.model.article import Article
from wikibox.model.build import parse
from wikibox.wikitext.names import normalize_page_title

if TYPE_CHECKING:
    import pywikibot

__all__ = ["WikiResolver"]


class WikiResolver:
    """Pages of a pywikibot site, parsed and cached by title."""

    complete = True  # a title the wiki does not have is a page that does not exist

    def __init__(self, site: pywikibot.site.BaseSite, *, wiki: str = "enwiki") -> None:
        self.site = site
        self.wiki = wiki
        self._cache: dict[str, Article | None] = {}
        self._texts: dict[str, str | None] = {}  # read by the bot, parsed when first needed
        self._interwiki: frozenset[str] | None = None

    def resolve(self, title: str) -> Article | None:
        """The parsed page (a redirect's target), or None when the page does not exist."""
        key = normalize_page_title(title)
        if key not in self._cache:
            if key in self._texts:
                text = self._texts.pop(key)
                self._cache[key] = None if text is None else parse(text, title=key, wiki=self.wiki)
            else:
                self._cache[key] = self._fetch(key)
        return self._cache[key]

    def remember(self, title: str, text: str | None) -> None:
        """Record a page's text the bot has just read or saved, instead of fetching it again."""
        key = normalize_page_title(title)
        self._cache.pop(key, None)
        self._texts[key] = text

    def is_interwiki(self, title: str) -> bool:
        """Whether ``title`` names a page of another wiki (``[[fr:…]]``, ``[[wikt:…]]``).

        Such a link is never fetched: the bot works on one site and reaches no other.
        """
        prefix, colon, _ = title.partition(":")
        if not colon:
            return False
        if self._interwiki is None:
            entries = self.site.siteinfo.get("interwikimap", [])
            self._interwiki = frozenset(entry["prefix"].lower() for entry in entries)
        return prefix.strip().lower() in self._interwiki

    def _fetch(self, title: str) -> Article | None:
        import pywikibot
        from pywikibot.exceptions import CircularRedirectError, InvalidTitleError

        if self.is_interwiki(title):
            return None
        try:
            page: Any = pywikibot.Page(self.site, title)
            if page.isRedirectPage():
                page = page.getRedirectTarget()
            if not page.exists():
                return None
            text = page.text
        except (InvalidTitleError, CircularRedirectError, ValueError):
            return None  # not a title a page can have
        return parse(text, title=page.title(), wiki=self.wiki)
