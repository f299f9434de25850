"""``wikibox schema pull``: a template's TemplateData from the wiki into the user's schemas.

New and changed templates then need no wikibox release: the bot and ``--schemas DIR`` read the
pulled files like the bundled ones.  The wiki's ``action=templatedata`` answer is in the page's
content language (``lang=``), and MediaWiki fills in every key it knows (``"required": false``,
``"aliases": []`` …); those defaults are dropped again, so the saved file is the TemplateData as
written on the template page, one object per file (``Infobox summit meeting.json``), in the
same form as the bundled files.  A pulled redirect is saved under its target's name and the
redirect recorded in ``_redirects.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikibox.edit.files import write_atomic
from wikibox.errors import ConfigError, WikiboxError
from wikibox.model.cs1.generate import MODULE_FILES, module_data
from wikibox.model.schema import (
    CITATION_MODULE_FILE,
    REDIRECTS_FILE,
    VALID_ROOT_KEYS,
    parse_templatedata,
)
from wikibox.wikitext.names import normalize_template_name

if TYPE_CHECKING:
    import pywikibot

__all__ = [
    "Pulled",
    "compact_templatedata",
    "pull_citation_module",
    "pull_templatedata",
    "schema_file_name",
]

_MISSING = object()
# What MediaWiki's TemplateDataBlob fills in when a key is absent.
PARAM_DEFAULTS: dict[str, Any] = {
    "label": None,
    "required": False,
    "suggested": False,
    "description": None,
    "example": None,
    "deprecated": False,
    "aliases": [],
    "autovalue": None,
    "default": None,
    "type": "unknown",
    "suggestedvalues": [],
}
ROOT_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "description": (None,),
    "format": (None,),
    "sets": ([],),
    "maps": ({}, []),  # PHP writes an empty object as []
}


@dataclass(frozen=True)
class Pulled:
    """One requested template: where its TemplateData was saved, or why it was not."""

    requested: str
    template: str
    path: Path | None = None
    problem: str | None = None


def compact_templatedata(page: Mapping[str, Any]) -> dict[str, Any]:
    """The TemplateData of one page of the API answer, without MediaWiki's filled-in defaults."""
    data: dict[str, Any] = {}
    for key, value in page.items():
        if key not in VALID_ROOT_KEYS or value in ROOT_DEFAULTS.get(key, ()):
            continue
        data[key] = value
    params = data.get("params") or {}
    data["params"] = {
        name: {
            key: value
            for key, value in (spec or {}).items()
            if PARAM_DEFAULTS.get(key, _MISSING) != value
        }
        for name, spec in params.items()
    }
    return data


def schema_file_name(template: str) -> str:
    """``Infobox summit meeting.json``; ``%`` and ``/`` are %-escaped (the loader unquotes)."""
    return template.replace("%", "%25").replace("/", "%2F") + ".json"


def pull_templatedata(
    site: pywikibot.site.APISite, titles: Iterable[str], directory: Path
) -> list[Pulled]:
    """Fetch the TemplateData of ``titles`` and save each into ``directory``.

    A template whose TemplateData MediaWiki's validator would reject is not saved (the loader
    would refuse it later anyway); the problem is returned instead.
    """
    import pywikibot

    requested = {pywikibot.Page(site, title, ns=10).title(): title for title in titles}
    answer = site.simple_request(
        action="templatedata",
        titles=list(requested),
        lang=site.lang,
        redirects=True,
        includeMissingTitles=True,
        formatversion=2,
    ).submit()
    redirects = {entry["from"]: entry["to"] for entry in answer.get("redirects", ())}
    pages = answer.get("pages") or {}
    by_title = {
        page["title"]: page for page in (pages.values() if isinstance(pages, dict) else pages)
    }
    directory.mkdir(parents=True, exist_ok=True)
    results = []
    for title, as_given in requested.items():
        target = redirects.get(title, title)
        template = normalize_template_name(target)
        page = by_title.get(target)
        if page is None or page.get("missing") or page.get("invalid"):
            results.append(Pulled(as_given, template, problem="no such template on the wiki"))
            continue
        if page.get("notemplatedata"):
            results.append(Pulled(as_given, template, problem="the template has no TemplateData"))
            continue
        results.append(_save(as_given, template, compact_templatedata(page), directory))
        if target != title:
            _add_redirect(directory, normalize_template_name(title), template)
    return results


def _save(requested: str, template: str, data: dict[str, Any], directory: Path) -> Pulled:

    path = directory / schema_file_name(template)
    try:
        parse_templatedata(data, name=template, source=path)
    except ConfigError as error:
        return Pulled(requested, template, problem=error.message)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return Pulled(requested, template, path=path)


def _add_redirect(directory: Path, name: str, target: str) -> None:

    path = directory / REDIRECTS_FILE
    try:
        redirects = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError) as error:
        raise WikiboxError(f"cannot read: {error}", source=str(path)) from None
    redirects[name] = target
    write_atomic(path, json.dumps(redirects, ensure_ascii=False, indent=2) + "\n")


def pull_citation_module(site: pywikibot.site.APISite, directory: Path) -> Pulled:
    """Fetch the wiki's Module:Citation/CS1/Whitelist and /Configuration and generate the
    citation module data from them into ``directory/_citation_module.json``.

    The Lua pages are kept beside it (``_citation_module/``) so the data can be generated
    again; they are the wiki's text, stored where the user keeps pulled schemas.
    """
    import pywikibot

    lua_dir = directory / "_citation_module"
    lua_dir.mkdir(parents=True, exist_ok=True)
    pages: dict[str, Any] = {}
    for title, file_name in MODULE_FILES.values():
        page = pywikibot.Page(site, title)
        if not page.exists():
            return Pulled(title, title, problem="no such module page on the wiki")
        write_atomic(lua_dir / file_name, page.text)
        pages[title] = {"oldid": page.latest_revision_id}
    source = {"wiki": str(site.dbName()), "pages": pages, "generated_by": "wikibox schema pull"}
    data = module_data(lua_dir, source=source)
    path = directory / CITATION_MODULE_FILE
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return Pulled("Module:Citation/CS1", "Module:Citation/CS1", path=path)
