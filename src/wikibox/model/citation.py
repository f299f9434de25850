"""A citation template read once: its name, parameters, schema and the citation module's view.

The citation rules visit :class:`Citation` values (``visits="citation"``): the engine builds one
per citation template of the page with :func:`build_citation`, and every citation rule reads the
same value, so the template's name, parameters and the module's data are resolved once per
template, not once per rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Template

from wikibox.model.article import Article, Param, Span, template_params
from wikibox.model.cs1 import CitationModule, citation_module, load_module_data
from wikibox.model.references import is_citation_template_name

if TYPE_CHECKING:
    from wikibox.model.profiles import WikiConfig
    from wikibox.model.schema import SchemaSet, TemplateSchema

__all__ = ["Citation", "build_citation"]


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
        return next((p for p in reversed(self.params) if p.name in names and not p.is_empty), None)

    def names(self, base: Iterable[str]) -> tuple[str, ...]:
        """``base`` plus the names the schema gives the same parameters (aliases)."""
        base = tuple(base)
        return self.schema.with_aliases(base) if self.schema else tuple(dict.fromkeys(base))

    def count(self, name: str) -> int:
        return sum(1 for p in self.params if p.name == name)

    @property
    def flag(self) -> str | None:
        """jawiki's positional language flag (``和書``), if any."""
        first = self.given("1")
        return first.value.strip() if first is not None and first.positional else None


def build_citation(
    node: Template, *, article: Article, schemas: SchemaSet, wiki: WikiConfig
) -> Citation | None:
    """The :class:`Citation` of a template node, or None when it is not a citation template."""
    name = article.locator.name_of(node)
    if not is_citation_template_name(name):
        return None
    kind = schemas.resolve(name).casefold()
    pulled = getattr(schemas, "citation_module", None)
    if pulled is not None:  # the wiki's own module, pulled with `wikibox schema pull`
        module = load_module_data(pulled)
    else:
        module = citation_module(wiki.module_data) if wiki.module_data else None
    cite_class = module.citation_class(kind) if module is not None else None
    start = article.locator.offset(node.name)
    written = str(node.name)
    lead = len(written) - len(written.lstrip())
    end = start + lead + len(written.strip())
    return Citation(
        node=node,
        name=name,
        kind=kind,
        params=template_params(node, article.locator),
        schema=schemas.get(name),
        name_span=article.index.span(start + lead, max(end, start + lead + 1)),
        module=module if cite_class is not None else None,
        cite_class=cite_class,
    )
