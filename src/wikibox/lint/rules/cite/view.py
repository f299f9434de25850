"""The citation view the citation rules share: :func:`citation` and the CS1 name groups.

:func:`citation` turns a citation template node (``{{cite news}}``, jawiki ``{{Cite web|和書|…}}``)
into a :class:`Citation`: its parameters with positions, its schema and the CS1 name groups,
computed once per page and shared by every citation rule that visits the same node.  The small
helpers beside it (a value's span, a value with its markup blanked out, a shortened text for a
message) are what several rule modules need to read values the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mwparserfromhell.nodes import Template

from wikibox.lint.rules.base import Context
from wikibox.model.article import Param, Span, template_params
from wikibox.model.cs1 import CitationModule, citation_module, load_module_data
from wikibox.model.references import is_citation_template_name
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import template_name

if TYPE_CHECKING:
    from wikibox.model.schema import TemplateSchema

__all__ = [
    "ACCESS_DATE",
    "AUTHOR",
    "CHAPTER_URL",
    "LANGUAGE",
    "TITLE",
    "URL",
    "WORK",
    "Citation",
    "citation",
    "has_value",
    "mask",
    "short",
    "value_span",
]

# CS1's parameter names for one thing; a template's TemplateData aliases are added to these.
TITLE = ("title", "trans-title", "script-title", "trans_title")
WORK = ("work", "website", "newspaper", "magazine", "journal", "periodical")
LANGUAGE = ("language", "lang")
URL = ("url", "URL")
CHAPTER_URL = ("chapter-url", "chapterurl", "contribution-url", "entry-url", "article-url",
               "section-url")  # fmt: skip
ACCESS_DATE = ("access-date", "accessdate")
AUTHOR = re.compile(
    r"(?:author|last|first|surname|given|coauthors?)\d*(?:-(?:last|first))?"
    r"|author-(?:last|first)\d*|editor\d*(?:-(?:last|first))?|editor-(?:last|first)\d*"
)


@dataclass(frozen=True)
class Citation:
    """One citation template: its name, parameters and schema (None when unknown)."""

    node: Template
    name: str  # as written, normalised: "Cite web"
    kind: str  # through the wiki's redirects, casefolded: "cite web"
    params: tuple[Param, ...]
    schema: TemplateSchema | None
    name_span: Span
    # The wiki's citation module and this template's CitationClass (``web``, ``book`` …),
    # when wikibox has the module's data and the template is one of the module's.
    module: CitationModule | None = None
    cite_class: str | None = None

    def given(self, *names: str) -> Param | None:
        """The last parameter with one of these names, filled or not."""
        return next((p for p in reversed(self.params) if p.name in names), None)

    def filled(self, *names: str) -> Param | None:
        """The last parameter with one of these names that has a value (comments aside)."""
        return next((p for p in reversed(self.params) if p.name in names and has_value(p)), None)

    def names(self, base: Iterable[str]) -> tuple[str, ...]:
        """``base`` plus the names the schema gives the same parameters (aliases)."""
        found = list(base)
        for name in base:
            spec = self.schema.lookup(name) if self.schema else None
            if spec is not None:
                found += [spec.name, *spec.aliases]
        return tuple(dict.fromkeys(found))

    def count(self, name: str) -> int:
        return sum(1 for p in self.params if p.name == name)

    @property
    def flag(self) -> str | None:
        """jawiki's positional language flag (``和書``), if any."""
        first = self.given("1")
        return first.value.strip() if first is not None and first.positional else None


def citation(ctx: Context, node: Any) -> Citation | None:
    """The :class:`Citation` of a template node, or None when it is not a citation template."""
    if not isinstance(node, Template):
        return None
    name = template_name(node)
    if not is_citation_template_name(name):
        return None

    def build() -> Citation:
        kind = ctx.schemas.resolve(name).casefold()
        pulled = getattr(ctx.schemas, "citation_module", None)
        if pulled is not None:  # the wiki's own module, pulled with `wikibox schema pull`
            module = load_module_data(pulled)
        else:
            module = citation_module(ctx.wiki.module_data) if ctx.wiki.module_data else None
        cite_class = module.citation_class(kind) if module is not None else None
        start = ctx.article.locator.offset(node.name)
        written = str(node.name)
        lead = len(written) - len(written.lstrip())
        end = start + lead + len(written.strip())
        return Citation(
            node=node,
            name=name,
            kind=kind,
            params=template_params(node, ctx.article.locator),
            schema=ctx.schemas.get(name),
            name_span=ctx.article.index.span(start + lead, max(end, start + lead + 1)),
            module=module if cite_class is not None else None,
            cite_class=cite_class,
        )

    return ctx.memo(f"cite:{id(node)}", build)


def has_value(param: Param) -> bool:
    return bool(strip_comments(param.raw).strip())


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def value_span(ctx: Context, param: Param, start: int, end: int) -> Span:
    """The span of ``raw[start:end]`` of a parameter value."""
    lead = len(param.raw) - len(param.raw.lstrip())
    base = param.value_span.start - lead
    return ctx.article.index.span(base + start, base + max(end, start + 1))


def mask(text: str, *, nested: bool = True) -> str:
    """``text`` with comments, tags and (when ``nested``) templates blanked out, same length."""

    def blank(match: re.Match[str]) -> str:
        return "\x00" * len(match.group(0))

    text = re.sub(r"<!--.*?(?:-->|\Z)", blank, text, flags=re.DOTALL)
    text = re.sub(r"<[^<>]*>", blank, text)
    while nested:
        masked = re.sub(r"\{\{[^{}]*\}\}", blank, text)
        if masked == text:
            break
        text = masked
    return text
