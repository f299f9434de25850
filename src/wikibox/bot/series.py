"""sync-series: order the pages of a series by date and make their previous/next links agree.

A series is given as a set of pages (a category, the pages a list page links to) or as a start
page whose previous/next links are followed.  Each page's infobox date orders the series; every
page then gets the previous and next event that order implies, reciprocal by construction.  The
first page's "previous" and the last page's "next" are left alone unless they point back into
the series (then they are emptied): they may lead to events outside it.

Everything here works through a :class:`~wikibox.resolve.Resolver`, so it is the same on the
live wiki (the bot's resolver) and on files (``StaticResolver``, ``PagesResolver``).  Values are
set with :func:`wikibox.edit.set_template_param` (through ``set_value``), so a diff shows only
the link that changed.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wikibox.bot.tasks import Change, shorten
from wikibox.edit.update import set_value
from wikibox.lint.config import Settings
from wikibox.model.article import Article
from wikibox.model.build import parse
from wikibox.model.dates import WikiDate
from wikibox.model.resolve import Resolver
from wikibox.model.semantics import infobox_date, sequence_link
from wikibox.wikitext.names import normalize_page_title

__all__ = ["ROLES", "SeriesPage", "SeriesPlan", "collect_series", "plan_series", "sync_change"]

ROLES = ("previous", "next")
FOLLOW_LIMIT = 500


@dataclass(frozen=True)
class SeriesPage:
    """A page of the series: its date and where its previous/next links lead now."""

    title: str
    date: WikiDate
    links: Mapping[str, str | None]  # role -> page it links to (redirects followed), or None


@dataclass(frozen=True)
class SeriesPlan:
    """The series in date order and, per page, the links that must change.

    ``changes[title][role]`` is the page the link must point to, or None when the value must be
    emptied; a page or role that needs nothing is absent.
    """

    pages: tuple[SeriesPage, ...]
    changes: Mapping[str, Mapping[str, str | None]]
    left_out: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        """The order, one line a page, for the operator to review before any edit."""
        lines = [f"{n:3d}. {page.title} ({page.date.text})" for n, page in enumerate(self.pages, 1)]
        lines += [f"left out: {title}: {why}" for title, why in self.left_out.items()]
        return lines + list(self.notes)


def collect_series(
    titles: Iterable[str], resolver: Resolver, *, follow: bool = False
) -> tuple[list[Article], dict[str, str]]:
    """The pages named by ``titles`` and, with ``follow``, every page their links lead to.

    Following stops at pages whose infobox is another template than the page that linked to
    them (a previous/next link may lead out of the series).  Returns the articles found and
    ``{title: reason}`` for titles that could not be read.
    """
    found: dict[str, Article] = {}
    missing: dict[str, str] = {}
    queue = deque((normalize_page_title(t), None) for t in titles)
    while queue and len(found) < FOLLOW_LIMIT:
        title, template = queue.popleft()
        if title in found or title in missing:
            continue
        article = resolver.resolve(title)
        if article is None:
            missing[title] = "page does not exist"
            continue
        box = article.infobox
        if template is not None and (box is None or box.template != template):
            continue  # followed out of the series
        found[article.title or title] = article
        if follow and box is not None:
            for target in _link_targets(article).values():
                if target:
                    queue.append((target, box.template))
    return list(found.values()), missing


def _link_targets(article: Article) -> dict[str, str | None]:
    box = article.infobox
    targets: dict[str, str | None] = {}
    for role in ROLES:
        link = sequence_link(box.role_param(role)) if box is not None else None
        targets[role] = link.target if link is not None else None
    return targets


def series_page(article: Article, resolver: Resolver | None = None) -> SeriesPage | str:
    """The page as a member of the series, or why it cannot be one."""
    box = article.infobox
    if box is None:
        return "no infobox"
    if not all(role in box.roles for role in ROLES):
        return f"{{{{{box.template}}}}} has no previous/next parameters"
    date = infobox_date(article)
    if date is None:
        return "no valid date in the infobox"
    links = {}
    for role, target in _link_targets(article).items():
        resolved = resolver.resolve(target) if resolver is not None and target else None
        links[role] = (resolved.title if resolved is not None else None) or target
    return SeriesPage(normalize_page_title(article.title or ""), date, links)


def plan_series(articles: Iterable[Article], resolver: Resolver | None = None) -> SeriesPlan:
    """Order the pages by infobox date (then title) and work out the links each must have."""
    pages: list[SeriesPage] = []
    left_out: dict[str, str] = {}
    for article in articles:
        page = series_page(article, resolver)
        if isinstance(page, str):
            left_out[article.title or "?"] = page
        else:
            pages.append(page)
    pages.sort(key=lambda page: (page.date.start(), page.title))
    notes = tuple(
        f"same date: {a.title} and {b.title} are ordered by title"
        for a, b in itertools.pairwise(pages)
        if a.date.start() == b.date.start()
    )
    members = {page.title for page in pages}
    changes: dict[str, dict[str, str | None]] = {}
    for index, page in enumerate(pages):
        wanted = {
            "previous": pages[index - 1].title if index > 0 else None,
            "next": pages[index + 1].title if index + 1 < len(pages) else None,
        }
        for role, target in wanted.items():
            current = page.links.get(role)
            if target is None and current not in members:
                continue  # an end of the series: a link out of it stays
            if current != target:
                changes.setdefault(page.title, {})[role] = target
    return SeriesPlan(tuple(pages), changes, left_out, notes)


def sync_change(
    text: str, title: str, *, changes: Mapping[str, str | None], settings: Settings
) -> Change:
    """Point the page's previous/next links where the plan says (None empties the value).

    Run again on a fresh text after an edit conflict, it leaves alone a link that already points
    to the right page, so a human's fix of the same link is kept as written.
    """
    done = []
    for role, target in changes.items():
        box = parse(text, title=title, wiki=settings.wiki).infobox
        if box is None or role not in box.roles:
            return Change(text, refused="the page has no infobox with previous/next parameters")
        current = sequence_link(box.role_param(role))
        if target is None:
            if current is None:
                continue
            value = ""
        else:
            if current is not None and current.target == normalize_page_title(target):
                continue
            value = f"[[{target}]]"
        name = box.roles[role]
        text = set_value(
            text, f"infobox.{name}", value, settings=settings, title=title, validate=False
        )
        done.append(f"{name} = {value or '(empty)'}")
    summary = f"wikibox sync-series: {', '.join(done)} (series in date order)"
    return Change(text, shorten(summary) if done else "")
