"""MediaWiki's TemplateData validator, rewritten: what makes a TemplateData object valid.

Bundled files must stay valid for MediaWiki's own TemplateDataValidator, so that they can be
compared with, or replaced by, what the live wiki returns; :func:`validate_templatedata` checks
the same keys, types and cross-references, and lists every problem instead of stopping at the
first.  The key and type sets are MediaWiki's, and ``wikibox schema pull`` uses them to keep
only the keys a file may hold.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "DEPRECATED_TYPES",
    "PREDEFINED_FORMATS",
    "VALID_PARAM_KEYS",
    "VALID_ROOT_KEYS",
    "VALID_TYPES",
    "validate_templatedata",
]

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
