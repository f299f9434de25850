"""wikibox: parse, check, regenerate and minimally edit Wikipedia-style articles.

The public verbs::

    article = wikibox.parse(text, wiki="jawiki")      # Article: infobox, sections, references
    spec = wikibox.extract(text, wiki="jawiki")        # the article spec (a dict)

pywikibot is imported only by the bot commands, never by ``import wikibox``.
"""

from __future__ import annotations

from typing import Any

from .errors import ConfigError, InputError, RenderError, WikiboxError
from .model import Article, Infobox, Link, Param, Participant, Reference, Section, Span
from .parse import parse, read_page

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ConfigError",
    "Infobox",
    "InputError",
    "Link",
    "Param",
    "Participant",
    "Reference",
    "RenderError",
    "Section",
    "Span",
    "WikiboxError",
    "__version__",
    "extract",
    "parse",
    "read_page",
]


def extract(text: str, *, wiki: str = "enwiki", title: str | None = None) -> dict[str, Any]:
    """The article spec of a page (see ``docs/article-spec.md``)."""
    from .spec import article_spec

    return article_spec(parse(text, wiki=wiki, title=title))
