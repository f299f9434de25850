"""Read an article spec (YAML or JSON) with errors that say where the problem is.

A spec is data a person writes, so the reader is strict and precise rather than clever:

* malformed YAML or JSON is an :class:`~wikibox.errors.InputError` with the file, line and
  column;
* a key given twice in one mapping is an error (PyYAML would silently keep the last one);
* scalars are read the YAML 1.2 way: ``2025-02-12`` stays the string ``"2025-02-12"``, ``no``
  stays ``"no"`` (Norwegian), ``1.10`` stays ``"1.10"`` and ``0362`` stays ``"0362"``; only
  ``true``/``false``, ``null`` and decimal integers are typed;
* every violation of the JSON Schema is reported with its path and, for YAML, its line and
  column.

:func:`normalize_spec` turns the input conveniences (``params`` as a mapping, integer values)
into the one form the renderer and ``wikibox extract`` share.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from wikibox.errors import InputError
from wikibox.model.build import read_text
from wikibox.model.spec import spec_schema
from wikibox.model.yaml_errors import yaml_problem

__all__ = ["load_spec", "normalize_spec", "parse_spec", "spec_problems"]


class _SpecLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 scalars and duplicate keys refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise InputError(
                    f"the key {key!r} is given twice in one mapping "
                    f"(first on line {seen[key].start_mark.line + 1})",
                    source=mark.name,
                    line=mark.line + 1,
                    column=mark.column + 1,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


_SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag.rsplit(":", 1)[-1] not in ("bool", "int", "float", "timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf")
)
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


TOO_DEEP = "the spec is nested too deeply"
#: The most values a spec may hold once its YAML aliases are expanded: far more than an article
#: has, far fewer than an alias "bomb" makes (nine aliases of nine aliases … of a list: 9**9
#: values from ten short lines, which took longer than anyone waits to validate and report).
MAX_SPEC_VALUES = 1_000_000


def load_spec(path: str | Path) -> dict[str, Any]:
    """Read, check and normalise the spec in ``path`` (``.json`` is JSON, anything else YAML)."""

    path = Path(path)
    text = read_text(path)
    return parse_spec(text, source=str(path), fmt="json" if path.suffix == ".json" else "yaml")


def parse_spec(text: str, *, source: str = "<spec>", fmt: str = "yaml") -> dict[str, Any]:
    """Parse, check against the JSON Schema and normalise a spec document."""
    if fmt == "json":
        document, root = _read_json(text, source), None
    else:
        document, root = _read_yaml(text, source)
    try:
        problems = spec_problems(document)
    except RecursionError:
        raise InputError(TOO_DEEP, source=source) from None
    if problems:
        line, column = _position(root, problems[0][0])
        listing = "\n".join(
            f"  {'/'.join(map(str, p)) or '(root)'}{_at(_position(root, p))}: {m}"
            for p, m in problems
        )
        count = f"{len(problems)} problems" if len(problems) > 1 else "1 problem"
        raise InputError(
            f"the spec does not match its schema ({count}):\n{listing}",
            source=source,
            line=line,
            column=column,
        )
    return normalize_spec(document)


def spec_problems(document: Any) -> list[tuple[list[Any], str]]:
    """Violations of the spec's JSON Schema as ``(path, message)``, in document order."""
    leaves = [_leaf(error) for error in _validator().iter_errors(document)]
    leaves.sort(key=lambda e: [str(p) for p in e.absolute_path])
    return [(list(leaf.absolute_path), _message(leaf)) for leaf in leaves]


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(spec_schema())


def normalize_spec(document: dict[str, Any]) -> dict[str, Any]:
    """The spec with every ``params`` a list of ``{name, value}`` and every value a string.

    A mapping ``{title: …, url: …}`` becomes the list, in the mapping's order; an integer value
    becomes its decimal string and a null value the empty string.  Prose loses its leading
    blank lines and trailing whitespace (a YAML ``|`` block ends with a newline), as
    ``wikibox extract`` writes it.  Nothing else changes.
    """
    spec = dict(document)
    for key in ("preamble", "lead"):
        if isinstance(spec.get(key), str):
            spec[key] = _clean(spec[key])
    if isinstance(spec.get("sections"), list):
        spec["sections"] = [
            {**s, "text": _clean(s["text"])} if isinstance(s.get("text"), str) else s
            for s in spec["sections"]
        ]
    if isinstance(spec.get("infobox"), dict):
        spec["infobox"] = _with_param_list(spec["infobox"])
    if isinstance(spec.get("references"), list):
        spec["references"] = [
            _with_param_list(ref) if isinstance(ref, dict) else ref for ref in spec["references"]
        ]
    return spec


def _clean(text: str) -> str:
    return re.sub(r"\A(?:[ \t]*\n)+", "", text).rstrip()


def _with_param_list(part: dict[str, Any]) -> dict[str, Any]:
    params = part.get("params")
    if params is None:
        return part
    if isinstance(params, dict):
        params = [{"name": str(name), "value": value} for name, value in params.items()]
    out = []
    for param in params:
        value = param.get("value")
        if value is None:
            value = ""
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        out.append({**param, "value": value})
    return {**part, "params": out}


def _read_json(text: str, source: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise InputError(f"the key {key!r} is given twice in one object", source=source)
            out[key] = value
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON: {exc.msg}", source=source, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise InputError(TOO_DEEP, source=source) from None


def _read_yaml(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    loader = None
    try:
        loader = _SpecLoader(text)  # refuses control characters already
        loader.name = source
        root = loader.get_single_node()
        if root is not None:
            _refuse_expansion(root, source)
        document = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        problem, line, column = yaml_problem(exc, text)
        raise InputError(problem, source=source, line=line, column=column) from None
    except RecursionError:
        raise InputError(TOO_DEEP, source=source) from None
    finally:
        if loader is not None:
            loader.dispose()
    return document, root


def _refuse_expansion(root: yaml.Node, source: str) -> None:
    """An :class:`InputError` at the first node that holds more than ``MAX_SPEC_VALUES`` values
    once its aliases are expanded.  Each node is counted once (aliases share their node), so
    this is linear in the size of the text."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # a node that holds itself: the schema refuses it
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(key) + size(value) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        else:
            total = 1
        if total > MAX_SPEC_VALUES:
            raise InputError(
                f"the spec expands to more than {MAX_SPEC_VALUES:,} values "
                "(YAML aliases repeat a part too often)",
                source=source,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
            )
        sizes[id(node)] = total
        return total

    size(root)


def _position(root: yaml.Node | None, path: list[Any]) -> tuple[int | None, int | None]:
    """Line and column of the YAML node at a JSON path (the deepest one that exists)."""
    node = root
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if step < len(node.value) else None
        if child is None:
            break
        node = child
    if node is None:
        return None, None
    return node.start_mark.line + 1, node.start_mark.column + 1


def _at(position: tuple[int | None, int | None]) -> str:
    line, column = position
    return f" (line {line}, column {column})" if line is not None else ""


def _leaf(error: Any) -> Any:
    """For a ``oneOf`` (infobox or null, params as list or mapping), the error of the branch
    that got furthest: ``infobox/params/date: [2025] is not of type 'string'`` rather than
    ``infobox: {…} is not of type 'null'``."""
    while error.context:
        error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))
    return error


def _message(error: Any) -> str:
    message = error.message
    return message if len(message) < 200 else message[:197] + "..."
