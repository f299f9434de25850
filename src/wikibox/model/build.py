"""Build an :class:`~wikibox.model.Article` from wikitext: the one entry point for parsing.

The page is parsed once; one :class:`~wikibox.locate.NodeLocator` walk gives every node its
position; then the infoboxes, sections and references are read off the tree.  Nothing here
changes the tree, so ``str(article.code) == text`` always holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from mwparserfromhell.nodes import Heading, Template

from wikibox.errors import InputError
from wikibox.model.article import Article, Infobox, Section, template_params
from wikibox.model.profiles import infobox_profile, wiki_config
from wikibox.model.references import extract_references
from wikibox.wikitext.parser import parse_wikitext, plain_text, template_name
from wikibox.wikitext.positions import NodeLocator, OffsetIndex

__all__ = [
    "MAX_PAGE_BYTES",
    "article_from_code",
    "infobox_templates",
    "nested_params",
    "parse",
    "read_page",
    "read_text",
]

TITLE_COMMENT = re.compile(r"\A\s*<!--\s*title\s*:\s*(.*?)\s*-->")


def parse(
    text: str,
    *,
    title: str | None = None,
    wiki: str = "enwiki",
    source: str | None = None,
    profiles: tuple[Path, ...] = (),
) -> Article:
    """Parse a page.  Never raises on bad markup: problems are for the rules to report.

    ``profiles`` are extra profile files (``Settings.profile_files``) with wikis and infobox
    templates of the user's own."""
    return article_from_code(
        text, parse_wikitext(text), title=title, wiki=wiki, source=source, profiles=profiles
    )


def article_from_code(
    text: str,
    code,
    *,
    title: str | None,
    wiki: str,
    source: str | None,
    profiles: tuple[Path, ...],
    whole_page: bool = True,
) -> Article:
    """The Article of a tree whose text is ``text``.  ``whole_page=False`` is for a tree that
    parsed only some regions (the rest left as plain text): sections and references are then
    not read, since they were not parsed."""
    index = OffsetIndex(text)
    locator = NodeLocator(code, index)
    if title is None:
        match = TITLE_COMMENT.match(text)
        title = match.group(1) if match else None
    config = wiki_config(wiki, profiles)
    infoboxes = tuple(
        _infobox(node, locator, profiles)
        for node in infobox_templates(locator, config.is_infobox_name)
    )
    return Article(
        title=title,
        wiki=wiki,
        text=text,
        code=code,
        infoboxes=infoboxes,
        sections=_sections(code, locator) if whole_page else (),
        references=extract_references(locator, config) if whole_page else (),
        index=index,
        locator=locator,
        source=source,
    )


def read_page(
    path: str | Path, *, wiki: str = "enwiki", profiles: tuple[Path, ...] = ()
) -> Article:
    """Read and parse a ``.wiki`` file; the title comes from a first-line
    ``<!-- title: … -->`` comment, else from the file name."""
    path = Path(path)
    text = read_text(path)
    match = TITLE_COMMENT.match(text)
    title = match.group(1) if match else path.stem.replace("_", " ")
    return parse(text, title=title, wiki=wiki, source=str(path), profiles=profiles)


#: The largest page read, in bytes, unless configured (``max_page_bytes``): four times
#: MediaWiki's own limit ($wgMaxArticleSize, 2 MiB), so a real page always fits, and ``check
#: /dev/zero`` or a runaway generated file ends with an error instead of exhausting memory.
MAX_PAGE_BYTES = 8 << 20


def read_text(path: Path, *, allow_empty: bool = False, max_bytes: int = MAX_PAGE_BYTES) -> str:
    """Read a UTF-8 file with errors that name the file and the position of a bad byte."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(
                f"larger than {max_bytes:,} bytes (max_page_bytes in wikibox.toml)",
                source=str(path),
            )
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            source=str(path),
            line=line,
            column=column,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not allow_empty and not text.strip():
        raise InputError("the page is empty", source=str(path))
    return text


def infobox_templates(locator: NodeLocator, is_infobox_name) -> list[Template]:
    """Every infobox template of a page, in document order."""
    name_of = locator.name_of
    return [t for t in locator.of_type(Template) if is_infobox_name(name_of(t))]


def _infobox(node: Template, locator: NodeLocator, profiles: tuple[Path, ...]) -> Infobox:
    name = template_name(node)
    profile = infobox_profile(name, profiles)
    params = template_params(node, locator)
    inner: tuple = ()
    roles: dict[str, str] = {}
    if profile is not None:
        inner = nested_params(node, profile.nested, locator)
        present = {p.name for p in params}
        inner_names = {p.name for p in inner if not p.is_empty}
        for role, candidates in profile.roles.items():
            roles[role] = next(
                (c for c in candidates if c in present),
                next((c for c in candidates if c in inner_names), candidates[0]),
            )
    return Infobox(
        name=str(node.name),
        template=name,
        params=params,
        span=locator.span(node),
        name_span=locator.span(node.name),
        profile=profile.template if profile else None,
        kind=profile.kind if profile else None,
        roles=roles,
        inner_params=inner,
        node=node,
    )


def nested_params(node: Template, nested: frozenset[str], locator: NodeLocator) -> tuple:
    """The parameters of the templates inside the box's values that hold roles too (an
    album's ``{{Extra chronology}}``), in document order."""
    if not nested:
        return ()
    found = []
    for param in node.params:
        for inner in param.value.filter_templates(recursive=True):
            if template_name(inner) in nested:
                found.extend(template_params(inner, locator))
    return tuple(found)


def _sections(code, locator: NodeLocator) -> tuple[Section, ...]:
    headings = [n for n in code.nodes if isinstance(n, Heading)]
    index = locator.index
    sections = []
    for i, heading in enumerate(headings):
        start, end = locator.range(heading)
        body_end = locator.offset(headings[i + 1]) if i + 1 < len(headings) else len(index.text)
        sections.append(
            Section(
                level=heading.level,
                title=plain_text(heading.title),
                span=index.span(start, end),
                body_span=index.span(end, body_end),
                node=heading,
            )
        )
    return tuple(sections)
