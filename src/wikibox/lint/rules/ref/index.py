"""Where the refs of a page are, as Cite sees them: the index the ``ref`` rules share.

mwparserfromhell gives ``<ref>`` tags; Cite also counts refs made by templates
(``{{#tag:ref}}``, ``{{Refn}}``, ``{{Efn}}`` …) and refs in ``<gallery>`` captions (which
mwparserfromhell leaves as text), keys each ref by (group, name), and gives a ref defined
inside a list the list's group.  Which templates make refs or lists, and for which group, is
per-wiki data kept here until the wiki profiles can say it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mwparserfromhell.nodes import Tag, Template

from wikibox.lint.rules.base import Context, PageText
from wikibox.model.article import Span
from wikibox.model.references import ref_attribute, reference_list_nodes
from wikibox.wikitext.names import TEMPLATE_NAME_COMMENT, strip_comments
from wikibox.wikitext.parser import param_name, parse_wikitext, plain_text, tag_name
from wikibox.wikitext.positions import NodeLocator

__all__ = [
    "MAKER_WORDS",
    "REF_TAG",
    "RefList",
    "RefTag",
    "by_key",
    "is_ref",
    "may_hold_refs",
    "param_text",
    "ref_tag_nodes",
    "ref_tags",
    "reference_lists",
    "unquote",
]

#: Note-list templates and the group they list when no ``group=`` is given.  (Per-wiki data;
#: it belongs in the wiki profiles once they can say which group a list shows.)
NOTE_LISTS = {
    "en": {
        "Notelist": "lower-alpha",
        "Notelist-la": "lower-alpha",
        "Notelist-ua": "upper-alpha",
        "Notelist-lr": "lower-roman",
        "Notelist-ur": "upper-roman",
        "Notelist-lg": "lower-greek",
        "Notes": "lower-alpha",
    },
    "ja": {"Notelist": "注釈", "Notelist2": "注"},
}
#: Templates that make a ref (name → default group), for every wiki ("*") and per language.
REF_TEMPLATES = {
    "*": {"#tag:ref": None, "Refn": None},
    "en": {
        "Efn": "lower-alpha",
        "Efn-la": "lower-alpha",
        "Efn-ua": "upper-alpha",
        "Efn-lr": "lower-roman",
        "Efn-ur": "upper-roman",
        "Efn-lg": "lower-greek",
    },
    "ja": {"Refnest": None, "Efn": "注釈", "Efn2": "注"},
}
#: Tags whose content mwparserfromhell keeps as text although MediaWiki parses it.
UNPARSED_TAGS = frozenset({"gallery", "imagemap"})

#: Found where a page has a ``<ref>`` tag (mwparserfromhell reads a tag's name right after
#: its ``<``), in its text or in a gallery caption.
REF_TAG = re.compile(r"<ref", re.IGNORECASE)
#: Every name of REF_TEMPLATES holds one of these words (tests/test_rule_needs.py checks); one
#: pattern each, as an alternation of words ignoring case is searched several times slower.
MAKER_WORDS = (re.compile(r"\#tag:ref", re.IGNORECASE), re.compile("efn", re.IGNORECASE))


def may_hold_refs(page: PageText) -> bool:
    """Whether the page may have a ref of any kind (see :func:`ref_tags`): a ``<ref>`` tag or a
    call of a template that makes one.  The ``needs`` of the rules that read them."""
    text = page.text
    return bool(
        REF_TAG.search(text)
        or any(word.search(text) for word in MAKER_WORDS)
        or TEMPLATE_NAME_COMMENT.search(text)
    )


@dataclass(frozen=True)
class RefTag:
    """One ``<ref>`` (or ``{{#tag:ref}}``) as Cite keys it."""

    node: Tag | Template
    span: Span
    name: str | None
    group: str | None
    content: str | None  # None for a reuse (self-closing, empty or whitespace-only)
    in_list: bool  # inside <references>…</references> or {{Reflist|refs=…}}


@dataclass(frozen=True)
class RefList:
    node: Tag | Template
    group: str | None


def unquote(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().strip("\"'").strip()
    return value or None


def is_ref(tag) -> bool:
    return type(tag) is Tag and tag_name(tag) == "ref"


def param_text(template: Template, name: str) -> str | None:
    for param in template.params:
        if param.showkey and param_name(str(param.name)) == name:
            return plain_text(param.value)
    return None


def reference_lists(ctx: Context) -> list[RefList]:
    """Every reference list of the page with the group it shows."""

    def compute() -> list[RefList]:
        notes = NOTE_LISTS.get(ctx.wiki.language, {})
        name_of = ctx.article.locator.name_of
        lists = []
        for node in reference_list_nodes(ctx.article.locator, ctx.wiki):
            if isinstance(node, Tag):
                group = unquote(ref_attribute(node, "group"))
            else:
                group = unquote(param_text(node, "group")) or notes.get(name_of(node))
            lists.append(RefList(node, group))
        for template in ctx.article.locator.of_type(Template):
            name = name_of(template)
            if name in notes and name not in ctx.wiki.reference_lists:
                group = unquote(param_text(template, "group")) or notes[name]
                lists.append(RefList(template, group))
            elif name.casefold() == "#tag:references":
                lists.append(RefList(template, unquote(param_text(template, "group"))))
        return lists

    return ctx.memo("refs.lists", compute)


def ref_tags(ctx: Context) -> list[RefTag]:
    """Every ref of the page in document order, with the group Cite gives it (a ref inside a
    list takes the list's group when it has none of its own).  Refs made by templates
    (``{{#tag:ref}}``, ``{{Refn}}``, ``{{Efn}}`` …) and refs in ``<gallery>`` captions count."""

    def compute() -> list[RefTag]:
        list_group: dict[int, str | None] = {}
        for ref_list in reference_lists(ctx):
            node = ref_list.node
            kinds = (Tag, Template)
            if isinstance(node, Tag):
                inner = node.contents.filter(forcetype=kinds) if node.contents else []
            else:
                inner = [n for p in node.params for n in p.value.filter(forcetype=kinds)]
            for inner_node in inner:
                list_group[id(inner_node)] = ref_list.group
        makers = {**REF_TEMPLATES.get("*", {}), **REF_TEMPLATES.get(ctx.wiki.language, {})}
        refs: list[RefTag] = []
        _collect(ctx.article.locator, ctx.span, ctx.article.index, list_group, makers, refs)
        return refs

    return ctx.memo("refs.tags", compute)


def _collect(locator, span_of, index, list_group, makers, refs: list[RefTag]) -> None:
    name_of, text_of = locator.name_of, locator.text_of  # slices of the page, not str(tree)
    for node in locator.of_type(Tag, Template):
        if is_ref(node):
            group = unquote(ref_attribute(node, "group")) or list_group.get(id(node))
            name = unquote(ref_attribute(node, "name"))
            body = "" if node.self_closing or node.contents is None else text_of(node.contents)
            content = body if strip_comments(body).strip() else None
            refs.append(RefTag(node, span_of(node), name, group, content, id(node) in list_group))
        elif isinstance(node, Tag) and tag_name(node) in UNPARSED_TAGS:
            if node.contents is None or "<ref" not in text_of(node.contents).lower():
                continue
            # mwparserfromhell leaves gallery captions as text; MediaWiki parses them.
            base = span_of(node.contents).start
            inner = parse_wikitext(text_of(node.contents))
            locator = NodeLocator(inner)

            def inner_span(n, locator=locator, base=base):
                start, end = locator.range(n)
                return index.span(base + start, base + end)

            _collect(locator, inner_span, index, list_group, makers, refs)
        elif isinstance(node, Template) and name_of(node) in makers:
            content_param = next(
                (p for p in node.params if param_name(str(p.name)) in ("1", "text")), None
            )
            body = text_of(content_param.value) if content_param is not None else ""
            content = body if strip_comments(body).strip() else None
            name = unquote(param_text(node, "name"))
            group = (
                unquote(param_text(node, "group"))
                or list_group.get(id(node))
                or makers[name_of(node)]
            )
            in_list = id(node) in list_group
            refs.append(RefTag(node, span_of(node), name, group, content, in_list))


def ref_tag_nodes(ctx: Context) -> list[Tag]:
    """The ``<ref>`` tags of the page's tree, once per page for the rules that read each tag
    (not those of gallery captions, which mwparserfromhell leaves as text)."""
    return ctx.memo(
        "refs.tag_nodes", lambda: [n for n in ctx.article.locator.of_type(Tag) if is_ref(n)]
    )


def by_key(ctx: Context) -> dict[tuple[str | None, str], list[RefTag]]:
    def compute() -> dict[tuple[str | None, str], list[RefTag]]:
        keys: dict[tuple[str | None, str], list[RefTag]] = {}
        for ref in ref_tags(ctx):
            if ref.name is not None:
                keys.setdefault((ref.group, ref.name), []).append(ref)
        return keys

    return ctx.memo("refs.keys", compute)
