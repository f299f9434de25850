"""Read every cited reference of a page: ``<ref>`` tags, named and reused refs, bare URLs.

A *reference* is one source: its definition (the ``<ref>`` with content) and every reuse
(``<ref name="x" />``).  Refs are keyed by (group, name) as the Cite extension keys them; an
unnamed ref is its own reference.  A reference defined inside ``{{Reflist|refs=…}}`` or
``<references>…</references>`` is *list-defined*.  When one name is defined twice, the first
definition is the reference's content and every definition is kept among its uses, so the rules
can compare them.
"""

from __future__ import annotations

from mwparserfromhell.nodes import Comment, ExternalLink, Tag, Template, Text

from wikibox.model.article import Reference, ReferenceUse, template_params
from wikibox.model.profiles import WikiConfig
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import tag_name, template_name
from wikibox.wikitext.positions import NodeLocator

__all__ = ["citation_template", "extract_references", "ref_attribute", "reference_list_nodes"]


def ref_attribute(tag: Tag, name: str) -> str | None:
    """The value of a ref attribute (``name``, ``group``), trimmed; None when absent."""
    for attr in tag.attributes:
        if str(attr.name).strip().lower() == name:
            return str(attr.value).strip() if attr.value is not None else ""
    return None


def is_citation_template_name(name: str) -> bool:
    folded = name.casefold()
    return folded.startswith("cite") or folded == "citation" or folded.startswith("citation/")


def citation_template(tag: Tag, name_of=template_name) -> Template | None:
    """The first citation template directly inside a ref (``{{cite news|…}}``…);
    ``name_of`` is the page locator's, when there is one."""
    for node in tag.contents.nodes:
        if isinstance(node, Template) and is_citation_template_name(name_of(node)):
            return node
    return None


def bare_url(tag: Tag) -> str | None:
    """The URL when a ref holds nothing but a URL (bare or in single brackets, no title)."""
    meaningful = [
        n
        for n in tag.contents.nodes
        if not isinstance(n, Comment) and not (isinstance(n, Text) and not str(n).strip())
    ]
    if len(meaningful) == 1 and isinstance(meaningful[0], ExternalLink):
        link = meaningful[0]
        if link.title is None or not str(link.title).strip():
            return str(link.url).strip()
    return None


def reference_list_nodes(locator: NodeLocator, config: WikiConfig) -> list:
    """The reference-list templates and ``<references>`` tags of a page, in document order."""
    lists = []
    for node in locator.of_type(Template, Tag):
        kind = type(node)
        if kind is Template:
            if locator.name_of(node) in config.reference_lists:
                lists.append(node)
        elif kind is Tag and tag_name(node) == "references":
            lists.append(node)
    return lists


def extract_references(locator: NodeLocator, config: WikiConfig) -> tuple[Reference, ...]:
    ref_tags = [n for n in locator.of_type(Tag) if _is_ref(n)]
    lists = reference_list_nodes(locator, config)
    containers = [(*locator.range(c), _list_group(c)) for c in lists]

    def container_of(tag: Tag) -> tuple[int, int, str | None] | None:
        start, end = locator.range(tag)
        for container in containers:
            if container[0] < start and end <= container[1]:
                return container
        return None

    order: list[tuple] = []
    groups: dict[tuple, list[tuple[Tag, bool]]] = {}
    for tag in ref_tags:
        name = ref_attribute(tag, "name")
        group = ref_attribute(tag, "group")
        container = container_of(tag) if containers else None
        if group is None and container is not None:
            group = container[2]  # a list-defined ref belongs to its list's group
        group = group or None
        key = (group, name) if name else (group, id(tag))
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append((tag, container is not None))

    text = locator.index.text

    def content_of(tag: Tag) -> str | None:
        """The content of a definition (sliced from the page), None for a reuse."""
        if tag.self_closing or tag.contents is None:
            return None
        start, end = locator.range(tag.contents)
        body = text[start:end]
        return body if strip_comments(body).strip() else None

    references = []
    for key in order:
        tags = [(t, ld, content_of(t)) for t, ld in groups[key]]
        definitions = [(t, ld) for t, ld, body in tags if body is not None]
        first, is_list_defined = definitions[0] if definitions else (tags[0][0], False)
        uses = tuple(
            ReferenceUse(span=locator.span(t), is_definition=body is not None, content=body, node=t)
            for t, _, body in tags
        )
        template = citation_template(first, locator.name_of) if definitions else None
        references.append(
            Reference(
                name=ref_attribute(first, "name") or None,
                group=key[0],
                content=locator.text_of(first.contents) if definitions else "",
                template=locator.name_of(template) if template is not None else None,
                params=template_params(template, locator) if template is not None else (),
                bare_url=bare_url(first) if definitions else None,
                span=locator.span(first) if definitions else None,
                uses=uses,
                list_defined=is_list_defined,
                template_node=template,
                node=first if definitions else None,
            )
        )
    return tuple(references)


def _is_ref(tag: Tag) -> bool:
    return tag_name(tag) == "ref"


def _list_group(container) -> str | None:
    """The group a reference list shows (``{{Reflist|group=n}}``, ``<references group=n>``)."""
    if isinstance(container, Template):
        return str(container.get("group").value).strip() or None if container.has("group") else None
    return ref_attribute(container, "group") or None
