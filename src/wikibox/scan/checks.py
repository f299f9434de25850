"""What ``wikibox scan`` does with each page of a dump: the rule engine, on as little of the
page as the selected rules read (:mod:`wikibox.lint.plan`: the infobox regions, the templates,
refs and headings, or the whole page).

:func:`check_dump_page` is a top-level function bound to the settings with ``functools.partial``,
so worker processes and Dask workers can unpickle it.
"""

from __future__ import annotations

from typing import Any

from wikibox.dump.reader import PageRecord
from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings, resolve_selection
from wikibox.lint.plan import plan_parse
from wikibox.lint.prefilter import prefilter, wiki_infobox_names
from wikibox.lint.rules import REGISTRY
from wikibox.model.build import parse
from wikibox.model.profiles import wiki_config

__all__ = ["check_dump_page", "infobox_only_path", "selected_families"]


def check_dump_page(
    page: PageRecord, *, settings: Settings, regional: bool = True
) -> list[dict[str, Any]]:
    """Every finding of one dump page, as JSON-able dicts (the scan's page function).

    The page is parsed as little as the selected rules read (:func:`plan_parse`); with
    ``regional=False``, whole (the tests compare the two)."""
    if regional:
        article = plan_parse(page.text, settings, title=page.title)[1]
    else:
        profiles = tuple(settings.profile_files)  # the user's infoboxes, as `check` reads them
        article = parse(page.text, title=page.title, wiki=settings.wiki, profiles=profiles)
    return [
        {
            "title": page.title,
            "page_id": page.page_id,
            "revision_id": page.revision_id,
            **finding.to_dict(),
        }
        for finding in check_article(article, settings=settings)
    ]


def selected_families(settings: Settings) -> set[str]:
    return {REGISTRY[name].family for name in resolve_selection(settings, REGISTRY)}


def infobox_only_path(text: str, settings: Settings) -> str:
    """How an infobox-only scan (``settings`` select the infobox rules) checks a page, for the
    benchmark's and the tests' counts: ``dropped`` by the prefilter, else the path
    :func:`plan_parse` takes (``infobox regions``, ``page regions``, ``whole``), with
    ``no infobox`` for a page whose infobox regions are none."""
    config = wiki_config(settings.wiki, tuple(settings.profile_files))
    if not prefilter(text, {"infobox"}, wiki_infobox_names(config)):
        return "dropped"
    path, article = plan_parse(text, settings)
    return "no infobox" if path == "infobox regions" and not article.infoboxes else path
