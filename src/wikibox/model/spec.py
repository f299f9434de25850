"""The *article spec*: an article as data (JSON/YAML), printed by ``wikibox extract``.

The same document is the input of ``wikibox render``: what extract reads off a page, render can
write back.  Its JSON Schema is ``schema/article.schema.json`` and it is documented in
``docs/article-spec.md``.  Spans are included by extract and optional on input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from wikibox.model.article import Article, Infobox, Param, Reference, Span
from wikibox.model.dates import InvalidDate, WikiDate, parse_date
from wikibox.model.profiles import wiki_config
from wikibox.model.readings import read_value
from wikibox.model.references import reference_list_nodes
from wikibox.model.semantics import participants, sequence_link
from wikibox.wikitext.parser import template_name

__all__ = [
    "REFERENCES_MARKER",
    "REF_MARKER",
    "SPEC_VERSION",
    "USE_DATES",
    "ProseLayout",
    "article_spec",
    "prose_layout",
    "reference_keys",
    "spec_schema",
    "validate_spec",
]

SPEC_VERSION = 1
_KEY_UNSAFE = re.compile(r"[^\w\-.]+", re.UNICODE)
#: The placeholder of a citation in the spec's prose: ``{{#ref:KEY}}`` (see docs/article-spec.md).
REF_MARKER = "{{{{#ref:{key}}}}}"
#: The placeholder of the reference list: ``{{#references}}``, with the list's own parameters.
REFERENCES_MARKER = "{{#references}}"


def article_spec(article: Article, *, spans: bool = True) -> dict[str, Any]:
    """The spec document of a parsed article."""
    box = article.infobox
    keys = reference_keys(article.references)
    layout = prose_layout(article, keys)
    infobox = _infobox_spec(box, article.wiki, spans) if box else None
    if infobox is not None and layout.infobox_in_text:
        infobox["in_text"] = True
    spec: dict[str, Any] = {
        "spec_version": SPEC_VERSION,
        "title": article.title,
        "wiki": article.wiki,
        "infobox": infobox,
        "other_infoboxes": [
            {"template": b.template, **({"span": b.span.to_dict()} if spans else {})}
            for b in article.infoboxes[1:]
        ],
        "sections": [
            {
                "level": s.level,
                "title": s.title,
                **({"heading": heading} if heading != s.title else {}),
                "text": text,
                **_span(s.span, spans),
            }
            for s, heading, text in zip(
                article.sections, layout.headings, layout.texts, strict=True
            )
        ],
        "references": [
            _reference_spec(ref, key, spans)
            for ref, key in zip(article.references, keys, strict=True)
        ],
    }
    if layout.preamble:
        spec["preamble"] = layout.preamble
    if layout.date_style:
        spec["date_style"] = layout.date_style
    spec["lead"] = layout.lead
    spec["categories"] = layout.categories
    return spec


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


def _read_param_spec(param: Param, wiki: str, spans: bool) -> dict[str, Any]:
    """An infobox parameter: its wikitext, and its value as a reader sees it (``text``, plus
    ``items``, ``date``, ``files`` and ``unexpanded`` when they apply)."""
    reading = read_value(param.node.value if param.node is not None else param.raw, wiki)
    out = {"name": param.name, "value": param.raw.strip(), "text": reading.text}
    out.update(reading.to_dict())
    if reading.date is not None:
        out["date"] = date_spec(reading.date)
    out.update(_span(param.span, spans))
    return out


def _role_readings(box: Infobox, params: list[dict[str, Any]], wiki: str) -> dict[str, Any]:
    """What each role reads (birth, death, released, founded …), keyed by role."""
    by_name = {p["name"]: p for p in params}
    out = {}
    for role in box.roles:
        param = box.role_param(role)
        if param is None or param.is_empty:
            continue
        spec = by_name.get(param.name) if box.get(param.name) is param else None
        if spec is None:  # a nested chronology template's parameter
            spec = _read_param_spec(param, wiki, False)
        out[role] = {k: v for k, v in spec.items() if k in ("name", "text", "items", "date")}
    return out


def _infobox_spec(box: Infobox, wiki: str, spans: bool) -> dict[str, Any]:
    params = [_read_param_spec(p, wiki, spans) for p in box.params]
    out: dict[str, Any] = {
        "template": box.template,
        "name_as_written": box.name,
        "params": params,
        "roles": dict(box.roles),
    }
    if box.kind:
        out["kind"] = box.kind
    date_param = box.role_param("date")
    out["date"] = None
    if date_param is not None and not date_param.is_empty:
        try:
            out["date"] = date_spec(parse_date(date_param.raw, wiki=wiki))
        except InvalidDate as exc:
            read = read_value(date_param.node.value, wiki) if date_param.node else None
            if read is not None and read.date is not None:
                out["date"] = date_spec(read.date)
            else:
                out["date"] = {"text": date_param.value, "invalid": exc.reason}
    people = box.role_param("participants")
    out["participants"] = [
        {k: v for k, v in vars(p).items() if v is not None}
        for p in (participants(people.node.value) if people is not None else [])
    ]
    for role in ("previous", "next"):
        link = sequence_link(box.role_param(role))
        out[role] = {"target": link.target, "text": link.text} if link else None
    out["role_readings"] = _role_readings(box, params, wiki)
    out.update(_span(box.span, spans))
    return out


def _reference_spec(ref: Reference, key: str, spans: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"key": key, "name": ref.name}
    if ref.group:
        out["group"] = ref.group
    if ref.template:
        out["template"] = ref.template
        if ref.template_node is not None:
            out["name_as_written"] = str(ref.template_node.name).strip()
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
    text = (
        resources.files("wikibox.model.schema").joinpath("article.schema.json").read_text("utf-8")
    )
    return json.loads(text)


def validate_spec(document: Any) -> list[str]:
    """Problems of a spec document against the JSON Schema, as ``path: message`` lines."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(spec_schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    ]


# --- prose: preamble, lead, section texts, categories -----------------------------------------
#
# The canonical page layout (what `wikibox render` writes, and what this reads back exactly):
#
#     <!-- title: T -->            optional, the first line
#     PREAMBLE                     what stands before the infobox ({{Short description}} …)
#     {{Use dmy dates}}            enwiki, when date_style is dmy/mdy (lifted into date_style)
#     {{Infobox …}}
#     LEAD
#     (blank line)
#     == Section ==
#     TEXT                         a ref is {{#ref:KEY}}, the reference list {{#references}}
#     (blank line)
#     [[Category:A]]
#
# Each piece is read back with its leading blank lines and trailing whitespace dropped, so any
# page gives the same prose, and a page written in this layout gives itself back byte for byte.

_TITLE_LINE = re.compile(r"\A\s*<!--\s*title\s*:.*?-->[ \t]*\n?", re.DOTALL)
USE_DATES = re.compile(r"\{\{\s*[Uu]se[ _](dmy|mdy)[ _]dates\s*(?:\|[^{}]*)?\}\}")
_USE_DATES_LINE = re.compile(r"\{\{Use (dmy|mdy) dates\}\}")
_CATEGORY_LINE = re.compile(r"\[\[Category:([^\[\]{}\n]+)\]\]")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


@dataclass(frozen=True)
class ProseLayout:
    """The prose of a page cut into the spec's pieces (markers in place of refs)."""

    preamble: str
    date_style: str | None
    infobox_in_text: bool
    lead: str
    headings: list[str]
    texts: list[str]
    categories: list[str]


def prose_layout(article: Article, keys: list[str]) -> ProseLayout:
    """Cut a page into preamble, lead, section texts and categories.

    Every ``<ref>`` tag in the prose becomes ``{{#ref:KEY}}`` and the default reference list
    (``{{Reflist}}``, ``<references />``) becomes ``{{#references}}`` — its definitions are in
    the spec's ``references`` already.  The infobox stays out of the prose when it stands at
    the top level before the first heading; otherwise (``in_text``) it is left where it is.
    """
    text = article.text
    marked = _Marked(text, _marker_edits(article, keys))
    title = _TITLE_LINE.match(text)
    top = title.end() if title else 0
    sections = article.sections
    lead_end = sections[0].span.start if sections else len(text)
    box = article.infobox
    box_on_top = (
        box is not None
        and any(node is box.node for node in article.code.nodes)
        and top <= box.span.start
        and box.span.end <= lead_end
    )
    if box_on_top:
        preamble, lead = marked.piece(top, box.span.start), marked.piece(box.span.end, lead_end)
    else:
        preamble, lead = "", marked.piece(top, lead_end)
    lifted = None
    if box_on_top:
        head, _, last = preamble.rpartition("\n")
        if _USE_DATES_LINE.fullmatch(last):
            preamble, lifted = head.rstrip(), _USE_DATES_LINE.fullmatch(last).group(1)
    else:
        first, _, rest = lead.partition("\n")
        if _USE_DATES_LINE.fullmatch(first):
            lead, lifted = _clean(rest), _USE_DATES_LINE.fullmatch(first).group(1)
    texts = [marked.piece(s.body_span.start, s.body_span.end) for s in sections]
    if texts:
        texts[-1], categories = _split_categories(texts[-1])
    else:
        lead, categories = _split_categories(lead)
    declared = USE_DATES.search(text[:lead_end])
    return ProseLayout(
        preamble=preamble,
        date_style=lifted or (declared.group(1) if declared else None),
        infobox_in_text=box is not None and not box_on_top,
        lead=lead,
        headings=[str(s.node.title).strip() if s.node is not None else s.title for s in sections],
        texts=texts,
        categories=categories,
    )


class _Marked:
    """The page text with edits (offset ranges → replacement) applied piece by piece."""

    def __init__(self, text: str, edits: list[tuple[int, int, str]]) -> None:
        self.text = text
        self.edits = edits

    def piece(self, start: int, end: int) -> str:
        out, pos = [], start
        for e_start, e_end, replacement in self.edits:
            if e_start >= start and e_end <= end and e_start >= pos:
                out.append(self.text[pos:e_start])
                out.append(replacement)
                pos = e_end
        out.append(self.text[pos:end])
        return _clean("".join(out))


def _marker_edits(article: Article, keys: list[str]) -> list[tuple[int, int, str]]:
    """Where the ref tags and the reference list are, and the markers that replace them."""

    edits = []
    for node in reference_list_nodes(article.locator, wiki_config(article.wiki)):
        marker = _references_marker(node, template_name)
        if marker is not None:
            edits.append((*article.locator.range(node), marker))
            break
    for ref, key in zip(article.references, keys, strict=True):
        for use in ref.uses:
            edits.append((use.span.start, use.span.end, REF_MARKER.format(key=key)))
    edits.sort(key=lambda edit: (edit[0], -edit[1]))
    kept: list[tuple[int, int, str]] = []
    for edit in edits:  # drop edits inside another (the list-defined refs inside the list)
        if not kept or edit[0] >= kept[-1][1]:
            kept.append(edit)
    return kept


def _references_marker(node: Any, template_name: Any) -> str | None:
    """``{{#references|…}}`` for the page's default-group reference list, else None."""
    from mwparserfromhell.nodes import Template

    if isinstance(node, Template):
        if "note" in template_name(node).casefold():
            return None
        args = [p for p in node.params if str(p.name).strip() not in ("refs", "group")]
        if any(str(p.name).strip() == "group" and str(p.value).strip() for p in node.params):
            return None
        return "{{#references" + "".join("|" + str(p).strip() for p in args) + "}}"
    group = next((a for a in node.attributes if str(a.name).strip().lower() == "group"), None)
    return None if group is not None and str(group.value).strip() else REFERENCES_MARKER


def _split_categories(text: str) -> tuple[str, list[str]]:
    """The text without its trailing ``[[Category:…]]`` lines, and those categories."""
    lines = text.split("\n")
    categories: list[str] = []
    while lines:
        line = lines[-1].strip()
        match = _CATEGORY_LINE.fullmatch(line)
        if match:
            categories.insert(0, match.group(1))
        elif line:
            break
        lines.pop()
    return _clean("\n".join(lines)), categories


def _clean(text: str) -> str:
    """A piece without its leading blank lines and trailing whitespace."""
    return _LEADING_BLANK_LINES.sub("", text).rstrip()
