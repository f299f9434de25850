"""The article model every part of wikibox shares.

These are small immutable values built once per page by :func:`wikibox.parse`.  They keep a
reference to the mwparserfromhell node they describe (``node``) so that edits can be made on the
tree, while everything a rule or an exporter needs (names, plain values, positions) is already
computed.  ``Span`` positions are 1-based lines and columns (inclusive end), plus half-open
character offsets and UTF-8 byte offsets into the page text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from wikibox.model.semantics import infobox_date, participants
from wikibox.model.values import Link, Participant
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import param_name, plain_text
from wikibox.wikitext.positions import Span

if TYPE_CHECKING:
    from mwparserfromhell.nodes import Template
    from mwparserfromhell.wikicode import Wikicode

    from wikibox.model.dates import WikiDate
    from wikibox.wikitext.positions import NodeLocator, OffsetIndex

__all__ = [
    "Article",
    "Infobox",
    "Link",
    "Param",
    "Participant",
    "Reference",
    "ReferenceUse",
    "Section",
    "Span",
    "template_params",
]


@dataclass(frozen=True)
class Param:
    """One template parameter as written.

    ``name`` is stripped of surrounding whitespace (positional parameters are ``"1"``, ``"2"`` …);
    ``raw`` is the value exactly as in the page; ``value`` is its plain text (comments removed,
    markup stripped, whitespace trimmed), which is what the reader sees.
    """

    name: str
    raw: str
    range: tuple[int, int]  # character offsets of the parameter (name to end of value)
    value_range: tuple[int, int]  # character offsets of the value, trimmed
    index: OffsetIndex = field(compare=False, repr=False)
    positional: bool = False
    node: Any = field(default=None, compare=False, repr=False)

    @cached_property
    def span(self) -> Span:
        """Where the parameter is, from its name to the end of its value."""
        return self.index.span(*self.range)

    @cached_property
    def value_span(self) -> Span:
        return self.index.span(*self.value_range)

    @cached_property
    def value(self) -> str:
        """The plain text (computed on demand: most rules read only a few values)."""
        return plain_text(self.node.value if self.node is not None else self.raw)

    @cached_property
    def is_empty(self) -> bool:
        """Nothing but whitespace and comments (a value made only of a template, such as
        ``{{start date|…}}``, is not empty even though its plain text is)."""
        return not strip_comments(self.raw).strip()


@dataclass(frozen=True)
class Infobox:
    """An infobox template call: its name as written and normalised, and its ordered params."""

    name: str
    template: str
    params: tuple[Param, ...]
    span: Span
    name_span: Span
    profile: str | None = None
    kind: str | None = None  # from the profile: meeting, event, person
    roles: dict[str, str] = field(default_factory=dict, compare=False)
    #: params of templates inside the values that hold roles too ({{Extra chronology}})
    inner_params: tuple[Param, ...] = field(default=(), compare=False, repr=False)
    node: Any = field(default=None, compare=False, repr=False)

    def get(self, name: str) -> Param | None:
        """The *last* parameter with this name (MediaWiki keeps the last of duplicates)."""
        for param in reversed(self.params):
            if param.name == name:
                return param
        return None

    def role_param(self, role: str) -> Param | None:
        """The parameter that plays ``role`` (date, participants, previous, next, …): one of
        the box's own, else one of a nested chronology template's."""
        name = self.roles.get(role)
        if not name:
            return None
        own = self.get(name)
        if own is not None:
            return own
        return next((p for p in self.inner_params if p.name == name and not p.is_empty), None)


@dataclass(frozen=True)
class ReferenceUse:
    """One ``<ref>`` tag: the definition itself or a reuse ``<ref name="x" />``."""

    span: Span
    is_definition: bool
    content: str | None = None
    node: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Reference:
    """A cited source: one ``<ref>`` definition and every place it is used.

    ``template`` and ``params`` describe the citation template inside the ref (``None`` and
    ``()`` when there is none); ``bare_url`` is set when the ref holds only a URL (optionally
    in single brackets without a title).  ``uses`` lists the definition first when it is in the
    body; a reference defined only inside ``{{Reflist|refs=…}}`` is ``list_defined``.
    """

    name: str | None
    group: str | None
    content: str
    template: str | None
    params: tuple[Param, ...]
    bare_url: str | None
    span: Span | None
    uses: tuple[ReferenceUse, ...]
    list_defined: bool = False
    template_node: Any = field(default=None, compare=False, repr=False)
    node: Any = field(default=None, compare=False, repr=False)

    @property
    def use_count(self) -> int:
        return len(self.uses)

    def get(self, name: str) -> Param | None:
        for param in reversed(self.params):
            if param.name == name:
                return param
        return None


@dataclass(frozen=True)
class Section:
    """A heading and the text under it (up to the next heading of any level)."""

    level: int
    title: str
    span: Span
    body_span: Span
    node: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Article:
    """A parsed page.  ``str(article.code) == article.text`` always holds."""

    title: str | None
    wiki: str
    text: str
    code: Wikicode = field(repr=False)
    infoboxes: tuple[Infobox, ...]
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]
    index: OffsetIndex = field(repr=False, compare=False)
    locator: NodeLocator = field(repr=False, compare=False)
    source: str | None = None

    @property
    def infobox(self) -> Infobox | None:
        """The first infobox of the page (the one readers see at the top)."""
        return self.infoboxes[0] if self.infoboxes else None

    def span_of(self, node: Any) -> Span:
        return self.locator.span(node)

    # Semantic views are computed on demand (they depend on the wiki's profile data).
    def infobox_date(self) -> WikiDate | None:
        return infobox_date(self)

    def participants(self) -> list[Participant]:
        box = self.infobox
        param = box.role_param("participants") if box else None
        return participants(param.node.value) if param is not None else []


def template_params(node: Template, locator: NodeLocator) -> tuple[Param, ...]:
    """The parameters of a template node, with positions and plain-text values.

    Raw texts are sliced from the page by the locator's offsets rather than serialised from
    the tree (which would walk every nested node again).  Read once per node and page: a
    citation in a ref is read by the references and again by the citation rules.
    """
    key = ("params", id(node))
    known = locator.derived.get(key)
    if known is not None:
        return known
    text = locator.index.text
    params = []
    for param in node.params:
        p_start, p_end = locator.range(param)
        v_start, v_end = locator.range(param.value)
        raw = text[v_start:v_end]
        start, end = _trimmed(p_start, text[p_start:p_end])
        value_start, value_end = _trimmed(v_start, raw)
        name = text[p_start : v_start - 1] if param.showkey else str(param.name)
        params.append(
            Param(
                name=param_name(name),
                raw=raw,
                range=(start, end),
                value_range=(value_start, value_end),
                index=locator.index,
                positional=not param.showkey,
                node=param,
            )
        )
    locator.derived[key] = params = tuple(params)
    return params


def _trimmed(offset: int, text: str) -> tuple[int, int]:
    """The range of ``text`` at ``offset`` without its leading and trailing whitespace."""
    stripped = text.strip()
    if not stripped:
        return offset + len(text), offset + len(text)
    start = offset + len(text) - len(text.lstrip())
    return start, start + len(stripped)
