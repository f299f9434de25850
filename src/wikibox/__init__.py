"""wikibox: parse, check, regenerate and minimally edit Wikipedia-style articles.

The public verbs::

    article = wikibox.parse(text, wiki="jawiki")       # Article: infobox, sections, references
    spec = wikibox.extract(text, wiki="jawiki")         # the article spec (a dict)
    findings = wikibox.check(text, wiki="jawiki")       # list of Finding
    new_text, applied = wikibox.fix(text)               # safe fixes, minimal diff
    new_text = wikibox.set_value(text, "infobox.date", "2025年2月12日", wiki="jawiki")
    wikitext = wikibox.render(spec, wiki="enwiki")      # the spec back to wikitext

pywikibot is imported only by the bot commands, never by ``import wikibox``.

The verbs ``check`` and ``render`` share their names with submodules; the submodules are
imported here first, so the names in this namespace are the functions (``from wikibox.check
import check_text`` still reaches the module).
"""

from __future__ import annotations

import datetime
from typing import Any

from . import check as _check_module  # noqa: F401  (bind the submodule before the verb)
from . import render as _render_module  # noqa: F401  (likewise)
from .config import Settings
from .errors import ConfigError, InputError, RenderError, WikiboxError
from .findings import Finding, Severity
from .model import Article, Infobox, Link, Param, Participant, Reference, Section, Span
from .parse import parse, read_page

__version__ = "0.1.0"

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
    from .spec import article_spec

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
    from .check import check_text

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
    from .edit import fix_text

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
    from .update import set_value as _set_value

    return _set_value(text, path, value, settings=_settings(settings, wiki, today), title=title)


def render(spec: dict[str, Any] | str, *, wiki: str | None = None, **options: Any) -> str:
    """The wikitext of an article spec, from the Jinja2 templates (``docs/article-spec.md``).

    ``spec`` is the document (a dict) or the path of a YAML/JSON spec file.  Dates that a YAML
    loader turned into ``datetime.date`` values are written back as ISO text.
    """
    import os

    from .render import render as _render

    if isinstance(spec, str | os.PathLike):
        from .spec_input import load_spec

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
