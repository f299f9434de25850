"""Write an article spec as wikitext, from Jinja2 templates, correct by construction.

The layout is in templates (``templates/<wiki>/article.wiki.j2``, a generic infobox and
citation template, shared macros); the *safety* is in code, so a user's template cannot forget
it:

* the environment (:mod:`wikibox.render_environment`) is a
  :class:`~jinja2.sandbox.SandboxedEnvironment` with :class:`~jinja2.StrictUndefined` — a
  missing field is an error naming it, never ``""``;
* every value written into a template parameter goes through
  :func:`~wikibox.wikiescape.escape_value`, which keeps balanced markup (``[[a|b]]``,
  ``{{flagicon|USA}}``, comments, ``<ref>…</ref>``) and escapes what would change the page's
  structure: a ``|`` becomes ``{{!}}``, stray braces and double brackets become character
  references, a stray ``<ref``/``<!--``/``<nowiki`` becomes ``&lt;``.  The result is parsed
  back and compared before it is used (:mod:`wikibox.template_calls`);
* citations in prose are markers (``{{#ref:KEY}}``) that are expanded last, in page order:
  the first use gets the definition, later uses ``<ref name="…" />``.

Templates use ``<< … >>`` for values, ``<% … %>`` for statements and ``<# … #>`` for comments,
so that wikitext's own ``{{ }}`` needs no escaping in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from wikibox.errors import InputError, RenderError
from wikibox.model.profiles import infobox_profile
from wikibox.model.schema import load_schemas
from wikibox.model.spec import USE_DATES
from wikibox.model.spec_input import normalize_spec, spec_problems
from wikibox.rendering.environment import (
    RUNAWAY_TEMPLATE,
    make_environment,
    reformat_date,
    render_error,
)
from wikibox.rendering.template_calls import Call, check_call, layout_of, make_args
from wikibox.rendering.values import (
    check_participants,
    check_prose,
    date_styles,
    prepared_params,
    prose_styles,
    section_heading,
)
from wikibox.wikitext.escape import REF_MARKER, check_template_name
from wikibox.wikitext.names import normalize_template_name

__all__ = ["PARTS", "RenderOptions", "Rendered", "render", "render_document"]

PARTS = ("article", "infobox", "references", "citation:KEY")


@dataclass(frozen=True)
class RenderOptions:
    """How to render: for which wiki, which part, and with which templates."""

    wiki: str | None = None  # default: the spec's own wiki
    part: str = "article"
    list_defined: bool | None = None  # None: as each reference's `list_defined` says
    template_dirs: tuple[Path, ...] = ()
    title_comment: bool = True
    schema_dirs: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Rendered:
    """The wikitext and what the renderer noticed on the way (e.g. a reference never cited)."""

    text: str
    warnings: tuple[str, ...] = ()


def render_document(spec: dict[str, Any], options: RenderOptions | None = None) -> Rendered:
    """Render ``spec`` (a dict as `wikibox extract` prints it, or as a writer wrote it)."""
    return _Renderer(spec, options or RenderOptions()).render()


def render(spec: dict[str, Any], **options: Any) -> str:
    """The wikitext of ``spec``; keyword arguments are :class:`RenderOptions` fields."""
    return render_document(spec, RenderOptions(**options)).text


# --- the renderer ------------------------------------------------------------------------------

_MARKER_KEYS = re.compile(r"\{\{#ref:([^{}]*)\}\}")
_EXPAND = re.compile(
    r"(?P<skip><!--.*?-->|<(?P<raw>nowiki|pre|syntaxhighlight|source|math)\b[^>]*?(?<!/)>"
    r".*?</(?P=raw)\s*>)"
    r"|\{\{#ref:(?P<key>[^{}|]*)\}\}"
    r"|\{\{#references(?P<args>(?:\|[^{}]*)?)\}\}"
    r"|<ref\b(?P<attrs>[^>]*?)(?<!/)>",
    re.DOTALL | re.IGNORECASE,
)
_ATTR = re.compile(r"""\b(name|group)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'/>]+))""", re.I)
_ROLES = ("date", "participants", "previous", "next")


class _Renderer:
    """One rendering of one spec: the templates, the schemas and the references' state."""

    def __init__(self, spec: dict[str, Any], options: RenderOptions) -> None:

        problems = spec_problems(spec)
        if problems:
            path, message = problems[0]
            where = "/".join(map(str, path)) or "(root)"
            raise InputError(f"the spec does not match its schema: {where}: {message}")
        self.spec = normalize_spec(spec)
        self.options = options
        self.source_wiki = self.spec["wiki"]
        self.wiki = options.wiki or self.source_wiki
        self.cross_wiki = self.wiki != self.source_wiki
        self.env = make_environment(options.template_dirs)
        self.schemas = load_schemas(self.wiki, options.schema_dirs)
        self.refs: dict[str, dict[str, Any]] = {}
        for index, ref in enumerate(self.spec.get("references", [])):
            if ref["key"] in self.refs:
                raise InputError(f"references/{index}: the key {ref['key']!r} is used twice")
            self.refs[ref["key"]] = ref
        self.cited = self._count_citations()
        self.date_style, self.citation_date_style = date_styles(
            self.spec, self.wiki, cross_wiki=self.cross_wiki
        )

    # -- parts ----------------------------------------------------------------------------
    def render(self) -> Rendered:
        part = self.options.part
        if part == "article":
            text = self._expand(self._article()) + "\n"
        elif part == "infobox":
            call = self._infobox_call()
            if call is None:
                raise InputError("the spec has no infobox at the top of the page")
            text = self._expand(self._infobox_text(call))
        elif part == "references":
            text = self._reference_list("", set(self.cited))
        elif part.startswith("citation:"):
            key = part.removeprefix("citation:")
            text = self._citation(key, self._reference(key, "--part"))
        else:
            raise InputError(f"unknown part {part!r} (one of: {', '.join(PARTS)})")
        unused = [k for k in self.refs if k not in self.cited]
        warnings = [f"reference {k!r} is never cited ({{{{#ref:{k}}}}} is nowhere)" for k in unused]
        return Rendered(text, tuple(warnings) if part == "article" else ())

    def _article(self) -> str:
        spec = self.spec
        lead = spec.get("lead", "")
        check_prose(lead, "lead")
        check_prose(spec.get("preamble", ""), "preamble")
        sections = []
        for index, section in enumerate(spec.get("sections", [])):
            text = section.get("text", "")
            check_prose(text, f"sections/{index}/text")
            sections.append(
                {
                    "level": section["level"],
                    "title": section_heading(section, index),
                    "text": text,
                    "is_references": "{{#references" in text,
                }
            )
        prose = "\n".join([spec.get("preamble", ""), lead, *(s["text"] for s in sections)])
        call = self._infobox_call()
        title = spec.get("title")
        page = {
            "title": title,
            "title_comment": bool(title) and self.options.title_comment,
            "preamble": spec.get("preamble", ""),
            "date_style": self.date_style,
            "has_use_dates": bool(USE_DATES.search(prose)),
            "infobox": self._infobox_text(call) if call else "",
            "lead": lead,
            "sections": sections,
            "categories": spec.get("categories", []),
            "cross_wiki": self.cross_wiki,
            "add_references_section": bool(self.refs) and "{{#references" not in prose,
        }
        if title and ("-->" in title or "\n" in title):
            raise RenderError(f"title: {title!r} cannot be written in a comment")
        names = [f"{self.wiki}/article.wiki.j2", "article.wiki.j2"]
        return self._fill(names, page=page, wiki=self.wiki).strip("\n")

    def _infobox_call(self) -> Call | None:
        box = self.spec.get("infobox")
        if not box or box.get("in_text"):
            return None
        template = check_template_name(box["template"], "infobox/template")
        written = (box.get("name_as_written") or "").strip()
        same = written and normalize_template_name(written) == normalize_template_name(template)
        schema = self.schemas.get(template)
        params = [(p["name"], p["value"]) for p in box.get("params", [])]
        params += self._role_params(box, {name for name, _ in params})
        params = prepared_params(
            params,
            schema,
            self.date_style,
            rename_deprecated=self.cross_wiki,
            keep_order=bool(same),
        )
        args = make_args(params, refs=True, where="infobox")
        return Call(written if same else template, args, layout_of(_format(schema), "block"))

    def _infobox_text(self, call: Call) -> str:
        names = [f"{self.wiki}/infobox/{call.template}.wiki.j2", f"{self.wiki}/infobox.wiki.j2"]
        names = [n for n in names if "/" not in call.template] + ["infobox.wiki.j2"]
        text = self._fill(names, call=call, wiki=self.wiki).strip("\n")
        check_call(text, call, "infobox")
        return text

    def _citation(self, key: str, ref: dict[str, Any]) -> str:
        template = check_template_name(ref["template"], f"reference {key}")
        schema = self.schemas.get(template)
        # a citation extracted from a page comes back as the page wrote it: its name's case
        # ({{cite news}}) and its parameters' order
        written = (ref.get("name_as_written") or "").strip()
        same = written and normalize_template_name(written) == normalize_template_name(template)
        params = [(p["name"], p["value"]) for p in ref.get("params", [])]
        params = prepared_params(
            params,
            schema,
            self.citation_date_style,
            rename_deprecated=self.cross_wiki,
            keep_order=bool(same),
        )
        call = Call(
            written if same else template,
            make_args(params, refs=False, where=f"reference {key}"),
            layout_of(_format(schema), "spaced"),
        )
        names = [f"{self.wiki}/cite/{template}.wiki.j2", f"{self.wiki}/cite.wiki.j2"]
        names = [n for n in names if "/" not in template] + ["cite.wiki.j2"]
        text = self._fill(names, call=call, reference=ref, wiki=self.wiki).strip("\n")
        check_call(text, call, f"reference {key}")
        return text

    def _reference_list(self, extra: str, used: set[str]) -> str:
        definitions = [
            self._definition(key, ref)
            for key, ref in self.refs.items()
            if key in used and self._list_defined(key)
        ]
        names = [f"{self.wiki}/references.wiki.j2", "references.wiki.j2"]
        return self._fill(names, definitions=definitions, extra=extra, wiki=self.wiki).strip("\n")

    # -- references -----------------------------------------------------------------------
    def _reference(self, key: str, where: str) -> dict[str, Any]:
        ref = self.refs.get(key)
        if ref is None:
            import difflib

            close = difflib.get_close_matches(key, list(self.refs), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise RenderError(f"{where}: unknown reference key {key!r}{hint}")
        return ref

    def _list_defined(self, key: str) -> bool:
        ref = self.refs[key]
        if ref.get("group"):
            return False
        chosen = self.options.list_defined
        return bool(ref.get("list_defined")) if chosen is None else chosen

    def _tag_name(self, key: str) -> str | None:
        ref = self.refs[key]
        name = ref.get("name", key)
        if name is None and (self.cited[key] > 1 or self._list_defined(key)):
            name = key  # a reused or list-defined reference needs a name
        return name

    def _body(self, key: str, ref: dict[str, Any]) -> str:
        if ref.get("template"):
            return self._citation(key, ref)
        if ref.get("bare_url"):
            url = ref["bare_url"].strip()
            if re.search(r"[\s<>\[\]{}|]", url):
                raise RenderError(f"reference {key}: {url!r} cannot be written as a bare URL")
            return url
        content = ref.get("content", "").strip()
        if not content:
            raise RenderError(f"reference {key}: it has no template, bare_url or content")
        if re.search(r"</?ref\b", content, re.I) or REF_MARKER.search(content):
            raise RenderError(f"reference {key}: a reference cannot contain another")
        return content

    def _definition(self, key: str, ref: dict[str, Any]) -> str:
        macros = self._macros()
        return str(macros.ref(self._body(key, ref), self._tag_name(key), ref.get("group")))

    def _reuse(self, key: str) -> str:
        return str(self._macros().ref_reuse(self._tag_name(key), self.refs[key].get("group")))

    def _count_citations(self) -> dict[str, int]:
        from collections import Counter

        spec = self.spec
        fields = [("preamble", spec.get("preamble", "")), ("lead", spec.get("lead", ""))]
        fields += [
            (f"sections/{i}/text", s.get("text", ""))
            for i, s in enumerate(spec.get("sections", []))
        ]
        box = spec.get("infobox") or {}
        fields += [(f"infobox/params/{p['name']}", p["value"]) for p in box.get("params", [])]
        counts: Counter[str] = Counter()
        for where, text in fields:
            for match in _MARKER_KEYS.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                self._reference(match.group(1), f"{where}: line {line}")
                counts[match.group(1)] += 1
        return counts

    def _expand(self, text: str) -> str:
        """Replace the markers in page order: a definition at the first use, reuses after."""
        raw_defined = set()
        for match in _EXPAND.finditer(text):
            if match.group("attrs") is not None:
                attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4)
                         for m in _ATTR.finditer(match.group("attrs"))}  # fmt: skip
                raw_defined.add((attrs.get("group") or None, attrs.get("name")))
        used = {m.group("key") for m in _EXPAND.finditer(text) if m.group("key") is not None}
        emitted: set[str] = set()

        def replace(match: re.Match[str]) -> str:
            key = match.group("key")
            if key is not None:
                ref = self._reference(key, "marker")
                name = self._tag_name(key)
                reuse = self._list_defined(key) or key in emitted
                reuse = reuse or (name is not None and (ref.get("group"), name) in raw_defined)
                emitted.add(key)
                return self._reuse(key) if reuse else self._definition(key, ref)
            if match.group("args") is not None:
                return self._reference_list(match.group("args"), used)
            return match.group(0)

        return _EXPAND.sub(replace, text)

    # -- values ---------------------------------------------------------------------------
    def _role_params(self, box: dict[str, Any], present: set[str]) -> list[tuple[str, str]]:
        """Infobox parameters written from the spec's structured fields (``date``,
        ``participants``, ``previous``, ``next``) when ``params`` does not give them."""

        profile = infobox_profile(box["template"])
        if profile is None:
            return []
        macros, out = self._macros(), []
        for role in _ROLES:
            names, data = profile.roles.get(role), box.get(role)
            if not names or not data or any(name in present for name in names):
                continue
            if role == "date":
                style = self.date_style or prose_styles(self.wiki)[0]
                value = reformat_date(data.get("iso") or data["text"], style)
            elif role == "participants":
                check_participants(data)
                value = str(macros.participants(data))
            else:
                value = str(macros.wikilink(data.get("target"), data["text"]))
            out.append((names[0], value))
        return out

    # -- templates ------------------------------------------------------------------------
    def _macros(self) -> Any:
        template = self._template(["macros.wiki.j2"])
        try:
            return template.module
        except (jinja2.TemplateError, *RUNAWAY_TEMPLATE) as exc:
            raise render_error(exc, template) from None

    def _template(self, names: list[str]) -> jinja2.Template:
        try:
            return self.env.select_template(names)
        except jinja2.TemplatesNotFound:
            raise RenderError(f"no template among {', '.join(names)}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(exc.message or "syntax error", source=exc.filename,
                              line=exc.lineno) from None  # fmt: skip

    def _fill(self, names: list[str], **context: Any) -> str:
        template = self._template(names)
        try:
            return template.render(**context)
        except (jinja2.TemplateError, *RUNAWAY_TEMPLATE) as exc:
            raise render_error(exc, template) from None


#: What a template that runs away raises: the sandbox's range limit, endless recursion.


def _format(schema: Any) -> str | None:
    return schema.format if schema is not None else None
