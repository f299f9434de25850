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
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

from ..errors import ConfigError
from ..names import normalize_template_name

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

# From MediaWiki's TemplateDataValidator.
VALID_ROOT_KEYS = frozenset({"description", "params", "paramOrder", "sets", "maps", "format"})
# fmt: off
VALID_PARAM_KEYS = frozenset({
    "label", "required", "suggested", "description", "example", "deprecated", "aliases",
    "autovalue", "default", "inherits", "type", "suggestedvalues",
})
VALID_TYPES = frozenset({
    "content", "line", "number", "boolean", "string", "date", "unbalanced-wikitext", "unknown",
    "url", "wiki-page-name", "wiki-user-name", "wiki-file-name", "wiki-template-name",
})
# fmt: on
DEPRECATED_TYPES = {
    "string/line": "line",
    "string/wiki-page-name": "wiki-page-name",
    "string/wiki-user-name": "wiki-user-name",
    "string/wiki-file-name": "wiki-file-name",
}
PREDEFINED_FORMATS = {"block": "{{_\n| _ = _\n}}", "inline": "{{_|_=_}}"}
_CUSTOM_FORMAT = re.compile(r"^\n?\{\{ *_+\n? *\|\n? *_+ *= *_+\n? *\}\}\n?$")
_INTERFACE_TEXT_KEYS = ("label", "description", "example", "default")
# "Use |access-date= instead." or "use {{para|access-date}}" -> access-date
_REPLACEMENT = (
    re.compile(r"\|\s*([^|={}]+?)\s*="),
    re.compile(r"\{\{\s*para\s*\|\s*([^|{}]+?)\s*[|}]"),
)
_WIKI_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter as TemplateData describes it (after ``inherits`` and type normalisation)."""

    name: str
    label: str | None = None
    type: str = "unknown"
    required: bool = False
    suggested: bool = False
    deprecated: bool | str = False
    aliases: tuple[str, ...] = ()
    description: str | None = None
    default: str | None = None
    example: str | None = None
    suggested_values: tuple[str, ...] = ()
    autovalue: str | None = None

    @property
    def replacement(self) -> str | None:
        """The parameter a deprecation message tells editors to use instead, if it names one."""
        if not isinstance(self.deprecated, str):
            return None
        for pattern in _REPLACEMENT:
            match = pattern.search(self.deprecated)
            if match and match.group(1).strip() != self.name:
                return match.group(1).strip()
        return None


@dataclass(frozen=True, eq=False)
class TemplateSchema:
    """A template's parameters, with lookups by name or alias.

    MediaWiki compares parameter names case-sensitively after trimming whitespace, so
    ``lookup`` does the same; only :meth:`closest` tries other spellings.
    """

    name: str
    params: Mapping[str, ParamSpec]
    param_order: tuple[str, ...]
    format: str | None
    description: str | None
    source: Path | None
    raw: Mapping[str, Any]
    _aliases: Mapping[str, str] = field(repr=False, default_factory=dict)
    _closest_cache: dict[tuple[str, float], str | None] = field(
        repr=False, default_factory=dict, compare=False
    )

    def lookup(self, name: str) -> ParamSpec | None:
        key = str(name).strip()
        spec = self.params.get(key)
        if spec is None and key in self._aliases:
            spec = self.params[self._aliases[key]]
        return spec

    def canonical(self, name: str) -> str | None:
        spec = self.lookup(name)
        return spec.name if spec else None

    def is_known(self, name: str) -> bool:
        return self.lookup(name) is not None

    def required_params(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.params.items() if spec.required)

    def closest(self, name: str, cutoff: float = 0.75) -> str | None:
        """Suggest a known name for a mistyped one: other separators, case, then fuzzy match.

        A deprecated name that names its replacement is answered with the replacement, so
        ``accessdate`` or ``acessdate`` on enwiki suggests ``access-date``.
        """
        key = str(name).strip()
        if not key:
            return None
        if self.is_known(key):
            return self._preferred(key)
        for variant in _spelling_variants(key):
            if self.is_known(variant):
                return self._preferred(variant)
        cache_key = (key, cutoff)
        if cache_key not in self._closest_cache:
            best = _fuzzy_best(key.casefold(), [*self.params, *self._aliases], cutoff)
            self._closest_cache[cache_key] = self._preferred(best) if best is not None else None
        return self._closest_cache[cache_key]

    def _preferred(self, known: str) -> str:
        spec = self.lookup(known)
        if spec is not None and spec.replacement and self.is_known(spec.replacement):
            return spec.replacement
        return known


def _fuzzy_best(folded: str, candidates: list[str], cutoff: float) -> str | None:
    """The candidate most like ``folded`` (difflib ratio), above ``cutoff``.

    ``real_quick_ratio`` and ``quick_ratio`` are upper bounds of ``ratio``, so most candidates
    are rejected without the full comparison.
    """
    best, best_ratio = None, cutoff
    matcher = difflib.SequenceMatcher(None, "", folded)
    for candidate in candidates:
        matcher.set_seq1(candidate.casefold())
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and best is None):
            best, best_ratio = candidate, ratio
    return best


def _spelling_variants(name: str) -> Iterator[str]:
    seen = {name}
    for base in (name, name.lower()):
        for old, new in (("_", "-"), ("_", " "), (" ", "-"), (" ", "_"), ("-", "_"), ("-", " ")):
            for variant in (base, base.replace(old, new)):
                if variant not in seen:
                    seen.add(variant)
                    yield variant
    squashed = re.sub(r"[-_ ]", "", name.lower())
    if squashed not in seen:
        yield squashed


class SchemaSet:
    """The templates known for one wiki, found by any spelling MediaWiki would accept."""

    def __init__(
        self,
        wiki: str,
        schemas: Mapping[str, TemplateSchema],
        redirects: Mapping[str, str] | None = None,
    ) -> None:
        self.wiki = wiki
        self._schemas = dict(schemas)
        self._redirects = dict(redirects or {})

    def resolve(self, template_name: str) -> str:
        """Normalise a template name and follow redirects (a loop stops where it repeats)."""
        name = normalize_template_name(template_name)
        seen = {name}
        while name not in self._schemas and name in self._redirects:
            name = self._redirects[name]
            if name in seen:
                break
            seen.add(name)
        return name

    def get(self, template_name: str) -> TemplateSchema | None:
        return self._schemas.get(self.resolve(template_name))

    def __contains__(self, template_name: object) -> bool:
        return isinstance(template_name, str) and self.get(template_name) is not None

    def __iter__(self) -> Iterator[TemplateSchema]:
        return iter(self._schemas[name] for name in self.names())

    def __len__(self) -> int:
        return len(self._schemas)

    def names(self) -> list[str]:
        return sorted(self._schemas)

    @property
    def redirects(self) -> Mapping[str, str]:
        return MappingProxyType(self._redirects)

    def __repr__(self) -> str:
        return f"SchemaSet({self.wiki!r}, {len(self._schemas)} templates)"


# --------------------------------------------------------------------------- validation


def _is_interface_text(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, Mapping):
        return bool(value) and all(
            isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in value.items()
        )
    return False


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _param_problems(name: str, param: Any, params: Mapping[str, Any]) -> list[str]:
    where = f"params.{name}"
    if not isinstance(param, Mapping):
        return [f"{where}: must be an object"]
    problems = [
        f"{where}.{key}: unknown parameter key" for key in param if key not in VALID_PARAM_KEYS
    ]
    given = {key: value for key, value in param.items() if value is not None}  # PHP isset()
    for key in _INTERFACE_TEXT_KEYS:
        if key in given and not _is_interface_text(given[key]):
            problems.append(f"{where}.{key}: must be a string or a {{language: string}} object")
    for key in ("required", "suggested"):
        if key in given and not isinstance(given[key], bool):
            problems.append(f"{where}.{key}: must be true or false")
    if "deprecated" in given and not isinstance(given["deprecated"], bool | str):
        problems.append(f"{where}.deprecated: must be a boolean or a string")
    if "autovalue" in given and not isinstance(given["autovalue"], str):
        problems.append(f"{where}.autovalue: must be a string")
    if "type" in given:
        kind = given["type"]
        if not isinstance(kind, str) or DEPRECATED_TYPES.get(kind, kind) not in VALID_TYPES:
            problems.append(f"{where}.type: unknown type {kind!r}")
    if "suggestedvalues" in given and not _is_str_list(given["suggestedvalues"]):
        problems.append(f"{where}.suggestedvalues: must be an array of strings")
    if "aliases" in given:
        aliases = given["aliases"]
        if not isinstance(aliases, list) or not all(
            isinstance(a, str | int) and not isinstance(a, bool) for a in aliases
        ):
            problems.append(f"{where}.aliases: must be an array of strings or integers")
    if "inherits" in given:
        parent = given["inherits"]
        if not isinstance(parent, str) or parent not in params:
            problems.append(f"{where}.inherits: no parameter named {parent!r}")
    return problems


def _alias_problems(params: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    owner: dict[str, str] = {}
    for name, param in params.items():
        if not isinstance(param, Mapping) or not isinstance(param.get("aliases"), list):
            continue
        for alias in param["aliases"]:
            alias = str(alias).strip()
            if alias in params:
                problems.append(f"params.{name}.aliases: {alias!r} is also a parameter")
            elif alias in owner and owner[alias] != name:
                problems.append(
                    f"params.{name}.aliases: {alias!r} is also an alias of {owner[alias]!r}"
                )
            owner.setdefault(alias, name)
    return problems


def _order_problems(order: Any, params: Mapping[str, Any]) -> list[str]:
    if not _is_str_list(order):
        return ["paramOrder: must be an array of parameter names"]
    problems = []
    seen: set[str] = set()
    for i, name in enumerate(order):
        if name not in params:
            problems.append(f"paramOrder[{i}]: {name!r} is not a parameter")
        elif name in seen:
            problems.append(f"paramOrder[{i}]: {name!r} is listed twice")
        seen.add(name)
    problems += [f"paramOrder: {name!r} is missing" for name in params if name not in seen]
    return problems


def _sets_problems(sets: Any, params: Mapping[str, Any]) -> list[str]:
    if not isinstance(sets, list):
        return ["sets: must be an array"]
    problems = []
    for i, entry in enumerate(sets):
        if not isinstance(entry, Mapping):
            problems.append(f"sets[{i}]: must be an object")
            continue
        if not _is_interface_text(entry.get("label")):
            problems.append(f"sets[{i}].label: missing or not a string")
        names = entry.get("params")
        if not _is_str_list(names) or not names:
            problems.append(f"sets[{i}].params: must be a non-empty array of parameter names")
            continue
        problems += [
            f"sets[{i}].params: {n!r} is not a parameter" for n in names if n not in params
        ]
    return problems


def _maps_problems(maps: Any, params: Mapping[str, Any]) -> list[str]:
    if not isinstance(maps, Mapping):
        return ["maps: must be an object"]
    problems = []
    for consumer, mapping in maps.items():
        if not isinstance(mapping, Mapping):
            problems.append(f"maps.{consumer}: must be an object")
            continue
        for key, value in mapping.items():
            values = value if isinstance(value, list) else [value]
            flat = [n for v in values for n in (v if isinstance(v, list) else [v])]
            for name in flat:
                if not isinstance(name, str):
                    problems.append(f"maps.{consumer}.{key}: {name!r} is not a string")
                elif name not in params:
                    problems.append(f"maps.{consumer}.{key}: {name!r} is not a parameter")
    return problems


def validate_templatedata(data: Any) -> list[str]:
    """Return the problems MediaWiki's TemplateDataValidator would report, or ``[]``.

    Unlike MediaWiki, which stops at the first problem, this lists them all.  It also rejects
    an alias that is a parameter's own name or belongs to two parameters: MediaWiki accepts
    those, but a lookup could not tell which parameter is meant.
    """
    if not isinstance(data, Mapping):
        return ["TemplateData must be a JSON object"]
    problems = [f"{key}: unknown root key" for key in data if key not in VALID_ROOT_KEYS]
    if data.get("description") is not None and not _is_interface_text(data["description"]):
        problems.append("description: must be a string or a {language: string} object")
    fmt = data.get("format")
    if fmt is not None:
        fmt = PREDEFINED_FORMATS.get(fmt, fmt) if isinstance(fmt, str) else fmt
        if not isinstance(fmt, str) or not _CUSTOM_FORMAT.match(fmt):
            problems.append("format: must be 'inline', 'block' or a valid format string")
    params = data.get("params")
    if params is None:
        return [*problems, "params: missing (an object is required)"]
    if not isinstance(params, Mapping):
        return [*problems, "params: must be an object"]
    for name, param in params.items():
        if not str(name).strip():
            problems.append("params: a parameter has a blank name")
        problems += _param_problems(name, param, params)
    problems += _alias_problems(params)
    if data.get("paramOrder") is not None:
        problems += _order_problems(data["paramOrder"], params)
    if data.get("sets") is not None:
        problems += _sets_problems(data["sets"], params)
    if data.get("maps") is not None:
        problems += _maps_problems(data["maps"], params)
    return problems


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
    for directory in _layer_dirs(wiki, extra_dirs):
        layer_schemas, layer_redirects = _load_dir(directory, lang)
        # A later layer wins; within a layer a schema wins over a redirect of the same name.
        for name, target in layer_redirects.items():
            schemas.pop(name, None)
            redirects[name] = target
        for name, schema in layer_schemas.items():
            redirects.pop(name, None)
            schemas[name] = schema
    return SchemaSet(wiki, schemas, redirects)


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
