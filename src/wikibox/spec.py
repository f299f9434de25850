"""The *article spec*: an article as data (JSON/YAML), printed by ``wikibox extract``.

The same document is the input of ``wikibox render``: what extract reads off a page, render can
write back.  Its JSON Schema is ``schema/article.schema.json`` and it is documented in
``docs/article-spec.md``.  Spans are included by extract and optional on input.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from .dates import InvalidDate, WikiDate, parse_date
from .model import Article, Infobox, Param, Reference, Span
from .semantics import participants, sequence_link

__all__ = ["SPEC_VERSION", "article_spec", "reference_keys", "spec_schema", "validate_spec"]

SPEC_VERSION = 1
_KEY_UNSAFE = re.compile(r"[^\w\-.]+", re.UNICODE)


def article_spec(article: Article, *, spans: bool = True) -> dict[str, Any]:
    """The spec document of a parsed article."""
    box = article.infobox
    keys = reference_keys(article.references)
    return {
        "spec_version": SPEC_VERSION,
        "title": article.title,
        "wiki": article.wiki,
        "infobox": _infobox_spec(box, article.wiki, spans) if box else None,
        "other_infoboxes": [
            {"template": b.template, **({"span": b.span.to_dict()} if spans else {})}
            for b in article.infoboxes[1:]
        ],
        "sections": [
            {"level": s.level, "title": s.title, **_span(s.span, spans)} for s in article.sections
        ],
        "references": [
            _reference_spec(ref, key, spans)
            for ref, key in zip(article.references, keys, strict=True)
        ],
    }


def reference_keys(references: tuple[Reference, ...] | list[Reference]) -> list[str]:
    """A stable, unique key for each reference: its name, else ``ref1``, ``ref2`` …"""
    keys, seen = [], set()
    for number, ref in enumerate(references, start=1):
        base = _KEY_UNSAFE.sub("-", ref.name).strip("-") if ref.name else ""
        key = base or f"ref{number}"
        if ref.group:
            key = f"{_KEY_UNSAFE.sub('-', ref.group)}:{key}"
        candidate, n = key, 2
        while candidate in seen:
            candidate, n = f"{key}-{n}", n + 1
        seen.add(candidate)
        keys.append(candidate)
    return keys


def date_spec(date: WikiDate) -> dict[str, Any]:
    out: dict[str, Any] = {
        "text": date.text,
        "iso": date.isoformat(),
        "precision": date.precision,
        "format": date.format,
        "start": date.start().isoformat(),
        "end": date.last().isoformat(),
    }
    if date.template:
        out["template"] = date.template
    return out


def _span(span: Span | None, spans: bool) -> dict[str, Any]:
    return {"span": span.to_dict()} if spans and span is not None else {}


def _param_spec(param: Param, spans: bool) -> dict[str, Any]:
    return {
        "name": param.name,
        "value": param.raw.strip(),
        "text": param.value,
        **_span(param.span, spans),
    }


def _infobox_spec(box: Infobox, wiki: str, spans: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "template": box.template,
        "name_as_written": box.name,
        "params": [_param_spec(p, spans) for p in box.params],
        "roles": dict(box.roles),
    }
    date_param = box.role_param("date")
    out["date"] = None
    if date_param is not None and not date_param.is_empty:
        try:
            out["date"] = date_spec(parse_date(date_param.raw, wiki=wiki))
        except InvalidDate as exc:
            out["date"] = {"text": date_param.value, "invalid": exc.reason}
    people = box.role_param("participants")
    out["participants"] = [
        {k: v for k, v in vars(p).items() if v is not None}
        for p in (participants(people.node.value) if people is not None else [])
    ]
    for role in ("previous", "next"):
        link = sequence_link(box.role_param(role))
        out[role] = {"target": link.target, "text": link.text} if link else None
    out.update(_span(box.span, spans))
    return out


def _reference_spec(ref: Reference, key: str, spans: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"key": key, "name": ref.name}
    if ref.group:
        out["group"] = ref.group
    if ref.template:
        out["template"] = ref.template
        out["params"] = [_param_spec(p, spans) for p in ref.params]
    elif ref.bare_url:
        out["bare_url"] = ref.bare_url
    else:
        out["content"] = ref.content.strip()
    out["uses"] = ref.use_count
    if ref.list_defined:
        out["list_defined"] = True
    if spans:
        out["span"] = ref.span.to_dict() if ref.span else None
        out["use_spans"] = [u.span.to_dict() for u in ref.uses if not u.is_definition]
    return out


@lru_cache(maxsize=1)
def spec_schema() -> dict[str, Any]:
    """The JSON Schema of the article spec."""
    text = resources.files("wikibox.schema").joinpath("article.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_spec(document: Any) -> list[str]:
    """Problems of a spec document against the JSON Schema, as ``path: message`` lines."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(spec_schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    ]
