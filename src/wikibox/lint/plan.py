"""How much of a page to parse for the selected rules.

A full mwparserfromhell parse is most of what a check costs, and most rules read only a page's
templates, refs and headings.  :func:`plan_parse` parses

* only the infoboxes (:mod:`wikibox.model.regions`) when every selected rule is an infobox
  rule (and, where the infoboxes cannot be parsed alone, the page regions below);
* only the templates, refs and headings (:mod:`wikibox.model.page_regions`) when no selected
  rule that reads the prose — text nodes, links, the nodes next to a ref (``Rule.prose``, or a
  rule that visits those nodes) — can fire on the page (its ``needs``);
* the whole page otherwise, and wherever the region scanner is unsure.

The findings are a full parse's on every page (``tests/test_regions_corpus.py`` runs both on
every corpus page).  ``fix`` and ``set`` always parse the whole page: their edits may touch the
prose.
"""

from __future__ import annotations

from wikibox.lint.config import Settings
from wikibox.lint.engine import rules_to_run
from wikibox.lint.rules import REGISTRY
from wikibox.lint.rules.base import PageText, Rule
from wikibox.model.article import Article
from wikibox.model.build import parse
from wikibox.model.page_regions import parse_page_regions
from wikibox.model.profiles import wiki_config
from wikibox.model.regions import parse_infobox_article

__all__ = ["PATHS", "parse_for_rules", "plan_parse", "reads_prose"]

#: How a page was parsed: its infoboxes only, its templates, refs and headings, or whole.
PATHS = ("infobox regions", "page regions", "whole")
#: Node targets in the prose: a rule that visits them needs the whole tree.
PROSE_TARGETS = frozenset({"text", "wikilink", "external_link", "comment"})


def reads_prose(rule: Rule, page: PageText) -> bool:
    """Whether ``rule`` reads, on ``page``, nodes that a regional parse leaves as plain text:
    its ``prose`` predicate says so, or it is True, or the rule visits text, link or comment
    nodes and has no predicate."""
    if callable(rule.prose):
        return rule.prose(page)
    return rule.prose or rule.visits in PROSE_TARGETS


def plan_parse(
    text: str,
    settings: Settings,
    *,
    title: str | None = None,
    source: str | None = None,
) -> tuple[str, Article]:
    """The article of ``text`` parsed as little as the selected rules allow, and how (one of
    :data:`PATHS`)."""
    profiles = tuple(settings.profile_files)
    where = {"title": title, "wiki": settings.wiki, "source": source, "profiles": profiles}
    config = wiki_config(settings.wiki, profiles, strict=True)
    rules = rules_to_run(settings, REGISTRY, config)
    page = PageText(text, title, config)
    infobox_only = bool(rules) and {rule.family for rule in rules} == {"infobox"}
    if infobox_only:
        article = parse_infobox_article(text, **where)
        if article is not None:
            return "infobox regions", article
    if infobox_only or not any(rule.may_fire(page) and reads_prose(rule, page) for rule in rules):
        article = parse_page_regions(text, **where)
        if article is not None:
            return "page regions", article
    return "whole", parse(text, **where)


def parse_for_rules(
    text: str, settings: Settings, *, title: str | None = None, source: str | None = None
) -> Article:
    """:func:`plan_parse`'s article."""
    return plan_parse(text, settings, title=title, source=source)[1]
