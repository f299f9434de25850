"""TemplateData: what parameters a template takes, loaded from MediaWiki TemplateData JSON.

Each bundled file under ``schema/<wiki>/`` is one template's TemplateData object, named by the
template title (``Cite web.json``), and stays valid for MediaWiki's own validator so it can be
compared with, or replaced by, what the live wiki returns from ``action=templatedata``.  What
the parameters *mean* to wikibox (which one is the date, the previous event …) lives in the
infobox profiles, not here.  ``_redirects.json`` maps redirect titles to templates; other files
whose names start with ``_`` are not schemas.

Users add or override templates with extra directories (``--schema-dir``); a directory may hold
``<wiki>/`` subdirectories or flat JSON files, and a file may be a bare TemplateData object or
the API's ``{"pages": {...}}`` answer.

This module reads the files (:func:`load_schemas`) and builds a schema from each TemplateData
object (:func:`parse_templatedata`); the objects the rules query live in
:mod:`.template_schema`, and the validation against MediaWiki's rules in :mod:`.templatedata`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

from wikibox.errors import ConfigError
from wikibox.model.schema.template_schema import ParamSpec, SchemaSet, TemplateSchema
from wikibox.model.schema.templatedata import (
    DEPRECATED_TYPES,
    VALID_ROOT_KEYS,
    validate_templatedata,
)
from wikibox.wikitext.names import normalize_template_name

__all__ = [
    "ParamSpec",
    "SchemaSet",
    "TemplateSchema",
    "clear_cache",
    "load_schemas",
    "parse_templatedata",
    "validate_templatedata",
]

BUNDLED_DIR = Path(__file__).parent
REDIRECTS_FILE = "_redirects.json"
# Citation module data generated from a wiki's own Module:Citation/CS1 pages (``wikibox schema
# pull --citation-module``); it overrides the bundled data of the wiki's profile.
CITATION_MODULE_FILE = "_citation_module.json"

_WIKI_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


# --------------------------------------------------------------------------- parsing


def _text(value: Any, lang: str | None) -> str | None:
    """Pick one language from an InterfaceText: the wiki's, then English, then any."""
    if value is None or isinstance(value, str):
        return value
    for code in (lang, "en"):
        if code and code in value:
            return value[code]
    return next(iter(value.values()), None)


def _param_spec(name: str, param: Mapping[str, Any], lang: str | None) -> ParamSpec:
    kind = param.get("type") or "unknown"
    deprecated = param.get("deprecated")
    return ParamSpec(
        name=name,
        label=_text(param.get("label"), lang),
        type=DEPRECATED_TYPES.get(kind, kind),
        required=bool(param.get("required")),
        suggested=bool(param.get("suggested")),
        deprecated=deprecated if isinstance(deprecated, str) else bool(deprecated),
        aliases=tuple(str(alias).strip() for alias in param.get("aliases") or ()),
        description=_text(param.get("description"), lang),
        default=_text(param.get("default"), lang),
        example=_text(param.get("example"), lang),
        suggested_values=tuple(param.get("suggestedvalues") or ()),
        autovalue=param.get("autovalue"),
    )


def parse_templatedata(
    data: Mapping[str, Any],
    *,
    name: str,
    source: Path | None = None,
    lang: str | None = None,
) -> TemplateSchema:
    """Validate a TemplateData object and build its :class:`TemplateSchema`.

    Raises :class:`~wikibox.errors.ConfigError` naming the file and the offending key.
    """
    title = normalize_template_name(name)
    problems = validate_templatedata(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(
            f"invalid TemplateData for {title!r}: {problems[0]}{more}",
            source=str(source) if source else None,
        )
    raw_params: Mapping[str, Mapping[str, Any]] = data["params"]
    order = list(data.get("paramOrder") or raw_params)
    params: dict[str, ParamSpec] = {}
    aliases: dict[str, str] = {}
    for param_name in order:
        param = raw_params[param_name]
        parent = param.get("inherits")
        if parent is not None:  # the child's own keys win; an alias can name one param only
            inherited = {k: v for k, v in raw_params[parent].items() if k != "aliases"}
            param = {**inherited, **param}
        spec = _param_spec(param_name.strip(), param, lang)
        params[spec.name] = spec
        aliases.update(dict.fromkeys(spec.aliases, spec.name))
    fmt = data.get("format")
    return TemplateSchema(
        name=title,
        params=MappingProxyType(params),
        param_order=tuple(params),
        format=fmt,
        description=_text(data.get("description"), lang),
        source=source,
        raw=MappingProxyType(dict(data)),
        _aliases=MappingProxyType(aliases),
    )


# --------------------------------------------------------------------------- loading


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"malformed JSON: {exc.msg}", source=str(path), line=exc.lineno, column=exc.colno
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read schema file: {exc}", source=str(path)) from exc


def _unwrap(data: Any, path: Path) -> list[tuple[str, Any]]:
    """Return (template name, TemplateData) pairs from a bare object or an API answer."""
    if isinstance(data, Mapping) and "pages" in data and "params" not in data:
        pages = data["pages"]
        pages = list(pages.values()) if isinstance(pages, Mapping) else pages
        if not isinstance(pages, list):
            raise ConfigError("pages: must be an object or an array", source=str(path))
        found = []
        for page in pages:
            if not isinstance(page, Mapping) or "title" not in page:
                raise ConfigError("pages: every page needs a title", source=str(path))
            if "missing" in page or "params" not in page:
                continue
            body = {key: value for key, value in page.items() if key in VALID_ROOT_KEYS}
            found.append((page["title"], body))
        return found
    return [(unquote(path.stem), data)]


def _read_redirects(path: Path) -> dict[str, str]:
    data = _read_json(path)
    if not isinstance(data, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ConfigError("redirects must be an object of title: target strings", source=str(path))
    return {normalize_template_name(k): normalize_template_name(v) for k, v in data.items()}


def _load_dir(
    directory: Path, lang: str | None
) -> tuple[dict[str, TemplateSchema], dict[str, str]]:
    schemas: dict[str, TemplateSchema] = {}
    redirects: dict[str, str] = {}
    for path in sorted(directory.glob("*.json")):
        if path.name == REDIRECTS_FILE:
            redirects.update(_read_redirects(path))
            continue
        if path.name.startswith("_"):
            continue
        for title, data in _unwrap(_read_json(path), path):
            schema = parse_templatedata(data, name=title, source=path, lang=lang)
            if schema.name in schemas:
                raise ConfigError(
                    f"template {schema.name!r} is also defined in {schemas[schema.name].source}",
                    source=str(path),
                )
            schemas[schema.name] = schema
    return schemas, redirects


def _layer_dirs(wiki: str, extra_dirs: tuple[Path, ...]) -> list[Path]:
    layers = []
    if _WIKI_NAME.match(wiki) and (BUNDLED_DIR / wiki).is_dir():
        layers.append(BUNDLED_DIR / wiki)
    for directory in extra_dirs:
        if not directory.is_dir():
            raise ConfigError("schema directory not found", source=str(directory))
        layers.append(directory / wiki if (directory / wiki).is_dir() else directory)
    return layers


@lru_cache(maxsize=32)
def _load_cached(wiki: str, extra_dirs: tuple[Path, ...]) -> SchemaSet:
    lang = wiki.removesuffix("wiki") or None
    schemas: dict[str, TemplateSchema] = {}
    redirects: dict[str, str] = {}
    citation_module = None
    for directory in _layer_dirs(wiki, extra_dirs):
        if (directory / CITATION_MODULE_FILE).is_file():
            citation_module = directory / CITATION_MODULE_FILE
        layer_schemas, layer_redirects = _load_dir(directory, lang)
        # A later layer wins; within a layer a schema wins over a redirect of the same name.
        for name, target in layer_redirects.items():
            schemas.pop(name, None)
            redirects[name] = target
        for name, schema in layer_schemas.items():
            redirects.pop(name, None)
            schemas[name] = schema
    return SchemaSet(wiki, schemas, redirects, citation_module=citation_module)


def load_schemas(wiki: str = "enwiki", extra_dirs: Sequence[Path | str] = ()) -> SchemaSet:
    """Load the bundled TemplateData for ``wiki``, then each extra directory over it, in order.

    An unknown wiki has no bundle, only what the extra directories hold.  Results are cached
    per (wiki, directories); call :func:`clear_cache` after changing files in a long process.
    """
    dirs = tuple(Path(directory).expanduser().resolve() for directory in extra_dirs)
    return _load_cached(wiki, dirs)


def clear_cache() -> None:
    """Forget loaded schema sets (for tests and long-running processes that edit schema files)."""
    _load_cached.cache_clear()
