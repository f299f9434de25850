"""The ``check`` verb: parse a page and run the selected rules on it."""

from __future__ import annotations

from pathlib import Path

from wikibox.lint.config import Settings, find_config_file, load_config_file
from wikibox.lint.engine import run_rules
from wikibox.lint.findings import Finding
from wikibox.lint.plan import parse_for_rules
from wikibox.lint.rules import REGISTRY
from wikibox.model.article import Article
from wikibox.model.build import read_page
from wikibox.model.resolve import PagesResolver, Resolver

__all__ = ["check_article", "check_file", "check_text", "settings_for_file"]


def check_article(
    article: Article, *, settings: Settings | None = None, resolver: Resolver | None = None
) -> list[Finding]:

    settings = settings or Settings(wiki=article.wiki)
    if resolver is None and settings.pages is not None:
        resolver = PagesResolver(settings.pages, wiki=article.wiki)
    return run_rules(article, REGISTRY, settings, resolver=resolver)


def check_text(
    text: str,
    *,
    settings: Settings | None = None,
    title: str | None = None,
    resolver: Resolver | None = None,
    source: str | None = None,
) -> list[Finding]:
    """The findings of ``text``, parsed only as far as the selected rules read it
    (:mod:`wikibox.lint.plan`)."""
    settings = settings or Settings()
    article = parse_for_rules(text, settings, title=title, source=source)
    return check_article(article, settings=settings, resolver=resolver)


def check_file(
    path: str | Path, *, settings: Settings | None = None, resolver: Resolver | None = None
) -> tuple[Article, list[Finding]]:
    settings = settings or Settings()
    article = read_page(path, wiki=settings.wiki, profiles=settings.profile_files)
    return article, check_article(article, settings=settings, resolver=resolver)


def settings_for_file(path: Path, base: Settings, flags: dict, config: Path | None) -> Settings:
    """Defaults < discovered wikibox.toml / pyproject.toml < --config < flags."""
    settings = base
    found = find_config_file(path if path.is_dir() else path.parent)
    if found is not None:
        settings = settings.merged(load_config_file(found), source=str(found))
    if config is not None:
        settings = settings.merged(load_config_file(config), source=str(config))
    return settings.merged(flags, source="<flags>")
