"""wikibox: parse, check, regenerate and minimally edit Wikipedia-style articles.

The public verbs::

    article = wikibox.parse(text, wiki="jawiki")       # Article: infobox, sections, references
    spec = wikibox.extract(text, wiki="jawiki")         # the article spec (a dict)
    findings = wikibox.check(text, wiki="jawiki")       # list of Finding
    new_text, applied = wikibox.fix(text)               # safe fixes, minimal diff
    new_text = wikibox.set_value(text, "infobox.date", "2025年2月12日", wiki="jawiki")
    wikitext = wikibox.render(spec, wiki="enwiki")      # the spec back to wikitext

pywikibot is imported only by the bot commands, never by ``import wikibox``.

The verbs are thin: each calls one function of the layer that does the work (``model`` parses,
``lint`` checks, ``edit`` fixes and sets, ``rendering`` renders); no subpackage has a verb's
name, so ``wikibox.check`` and ``wikibox.render`` are always the functions.
"""

from __future__ import annotations

import datetime
from typing import Any

from wikibox.errors import ConfigError, InputError, RenderError, WikiboxError
from wikibox.lint.config import Settings
from wikibox.lint.findings import Finding, Severity
from wikibox.model.article import (
    Article,
    Infobox,
    Link,
    Param,
    Participant,
    Reference,
    Section,
    Span,
)
from wikibox.model.build import parse, read_page
from wikibox.version import __version__

__all__ = [
    "Article",
    "ConfigError",
    "Finding",
    "Infobox",
    "InputError",
    "Link",
    "Param",
    "Participant",
    "Reference",
    "RenderError",
    "Section",
    "Settings",
    "Severity",
    "Span",
    "WikiboxError",
    "__version__",
    "check",
    "extract",
    "fix",
    "parse",
    "read_page",
    "render",
    "set_value",
]


def _settings(settings: Settings | None, wiki: str | None, today: datetime.date | None):
    settings = settings or Settings()
    changes: dict[str, Any] = {}
    if wiki is not None:
        changes["wiki"] = wiki
    if today is not None:
        changes["today"] = today
    if changes:
        from dataclasses import replace

        settings = replace(settings, **changes)
    return settings


def extract(text: str, *, wiki: str = "enwiki", title: str | None = None) -> dict[str, Any]:
    """The article spec of a page (see ``docs/article-spec.md``)."""
    from wikibox.model.spec import article_spec

    return article_spec(parse(text, wiki=wiki, title=title))


def check(
    text: str,
    *,
    wiki: str | None = None,
    title: str | None = None,
    today: datetime.date | None = None,
    settings: Settings | None = None,
    resolver=None,
) -> list[Finding]:
    """Every finding of the selected rules (all by default), sorted by position."""
    from wikibox.lint.checker import check_text

    return check_text(
        text, settings=_settings(settings, wiki, today), title=title, resolver=resolver
    )


def fix(
    text: str,
    *,
    wiki: str | None = None,
    title: str | None = None,
    today: datetime.date | None = None,
    settings: Settings | None = None,
    unsafe: bool = False,
) -> tuple[str, list[Finding]]:
    """Apply the rules' safe fixes (``unsafe=True`` for all) until nothing changes."""
    from wikibox.edit.fixes import fix_text

    return fix_text(text, settings=_settings(settings, wiki, today), unsafe=unsafe, title=title)


def set_value(
    text: str,
    path: str,
    value: str,
    *,
    wiki: str | None = None,
    title: str | None = None,
    today: datetime.date | None = None,
    settings: Settings | None = None,
) -> str:
    """Set ``infobox.PARAM`` or ``reference.KEY.PARAM``; refuses values that add findings."""
    from wikibox.edit.update import set_value as _set_value

    return _set_value(text, path, value, settings=_settings(settings, wiki, today), title=title)


def render(spec: dict[str, Any] | str, *, wiki: str | None = None, **options: Any) -> str:
    """The wikitext of an article spec, from the Jinja2 templates (``docs/article-spec.md``).

    ``spec`` is the document (a dict) or the path of a YAML/JSON spec file.  Dates that a YAML
    loader turned into ``datetime.date`` values are written back as ISO text.
    """
    import os

    from wikibox.rendering.article import render as _render

    if isinstance(spec, str | os.PathLike):
        from wikibox.model.spec_input import load_spec

        spec = load_spec(spec)
    if wiki is not None:
        options["wiki"] = wiki
    return _render(_dates_as_text(spec), **options)


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
