"""render: regenerate a part of each page (infobox, reference list, article) from a spec.

The spec is the source of truth; the page keeps everything the part does not cover.  The part
is rendered with :func:`wikibox.render.render_document` and put in place of the page's own node
on the tree (the first infobox, the reference list), so the diff is the part and nothing else.
A spec names its page (``title:``): given a directory, each page takes the spec with its title,
and a spec with a title is never written onto a page with another.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mwparserfromhell.nodes import Template

from wikibox.bot.options import BotUsageError
from wikibox.bot.tasks import Change, Task, shorten
from wikibox.errors import WikiboxError
from wikibox.lint.checker import check_text
from wikibox.lint.config import Settings
from wikibox.lint.findings import Severity
from wikibox.model.build import parse
from wikibox.model.profiles import wiki_config
from wikibox.model.references import ref_attribute, reference_list_nodes
from wikibox.model.spec_input import load_spec
from wikibox.rendering.article import RenderOptions, render_document
from wikibox.wikitext.names import normalize_page_title

__all__ = ["PART_NAMES", "SpecFile", "Specs", "load_specs", "render_change", "render_task"]

#: How an edit summary names each part (``-part:``, :data:`.options.RENDER_PARTS`).
PART_NAMES = {"infobox": "infobox", "references": "reference list", "article": "article"}
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
#: Cite errors a regenerated infobox or reference list must not add to the page.
REFERENCE_RULES = ("ref-undefined", "ref-unused-list-defined", "ref-conflicting-definitions")


@dataclass(frozen=True)
class SpecFile:
    """A loaded spec and the file it came from (named in the edit summary)."""

    name: str
    spec: dict[str, Any]

    @property
    def title(self) -> str | None:
        title = self.spec.get("title")
        return normalize_page_title(title) if title else None


@dataclass(frozen=True)
class Specs:
    """The specs of a run: one file, or a directory whose specs are looked up by title."""

    source: Path
    by_title: Mapping[str, SpecFile]
    untitled: SpecFile | None = None  # a single spec without a title: for every page

    def for_page(self, title: str) -> SpecFile | str:
        """The spec for the page, or why there is none."""
        spec = self.by_title.get(normalize_page_title(title), self.untitled)
        if spec is not None:
            return spec
        if self.source.is_dir():
            return f"no spec for this page in {self.source}"
        return f"{self.source.name} is for {next(iter(self.by_title))!r}"


def load_specs(path: Path) -> Specs:
    """Read the spec file, or every spec file of the directory (each must name its page).

    Every spec is read (and checked against the schema) before the first page, so a broken
    file stops the run instead of skipping pages one by one.
    """

    if not path.is_dir():
        single = SpecFile(path.name, load_spec(path))
        if single.title is None:
            return Specs(path, {}, single)
        return Specs(path, {single.title: single})
    files = sorted(p for p in path.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
    if not files:
        raise BotUsageError(f"no spec files ({', '.join(SPEC_SUFFIXES)}) in {path}")
    by_title: dict[str, SpecFile] = {}
    for file in files:
        spec = SpecFile(file.name, load_spec(file))
        if spec.title is None:
            raise BotUsageError(f"{file}: a spec in a directory must name its page (title:)")
        if spec.title in by_title:
            raise BotUsageError(f"{file}: {by_title[spec.title].name} is for {spec.title!r} too")
        by_title[spec.title] = spec
    return Specs(path, by_title)


def render_task(specs: Specs, *, part: str, settings: Settings) -> Task:
    """The task of a run: each page rendered from the spec for its title."""

    def task(text: str, title: str) -> Change:
        spec = specs.for_page(title)
        if isinstance(spec, str):
            return Change(text, refused=spec)
        return render_change(
            text, title, spec=spec.spec, part=part, settings=settings, spec_name=spec.name
        )

    return task


def render_change(
    text: str,
    title: str,
    *,
    spec: dict[str, Any],
    part: str,
    settings: Settings,
    spec_name: str = "spec",
) -> Change:
    """Replace the page's ``part`` by the part rendered from ``spec``.

    ``infobox`` replaces the page's first infobox, ``references`` its reference list (the list
    only: the refs in the text stay), ``article`` the whole page.  Refused: a page without the
    node to replace, a spec that cannot be rendered, and a part whose replacement would add a
    Cite error to the page (a ref in the text whose definition was in the old part, a
    list-defined ref the text never cites).
    """
    if part not in PART_NAMES:
        return Change(text, refused=f"cannot render -part:{part}")
    options = RenderOptions(
        wiki=settings.wiki, part=part, title_comment=False, schema_dirs=settings.schema_dirs
    )
    try:
        rendered = render_document(spec, options).text.strip("\n")
    except WikiboxError as error:
        return Change(text, refused=f"the spec cannot be rendered: {error.message}")
    if part == "article":
        new_text = rendered
    else:
        article = parse(text, title=title, wiki=settings.wiki, profiles=settings.profile_files)
        node = _node_to_replace(article, part, settings)
        if node is None:
            return Change(text, refused=f"no {PART_NAMES[part]} to replace")
        article.code.replace(node, rendered)
        new_text = str(article.code)
    if new_text.rstrip() == text.rstrip():  # MediaWiki drops trailing whitespace on save
        return Change(text)
    if part != "article":  # the rest of the page may cite refs the old part defined
        added = _new_reference_errors(text, new_text, title, settings)
        if added:
            return Change(text, refused=f"the rendered {PART_NAMES[part]} would add {added}")
    summary = f"wikibox: regenerated the {PART_NAMES[part]} from spec {spec_name}"
    return Change(new_text, shorten(summary))


def _node_to_replace(article: Any, part: str, settings: Settings) -> Any:
    if part == "infobox":
        return article.infobox.node if article.infobox is not None else None
    config = wiki_config(settings.wiki, settings.profile_files)
    lists = reference_list_nodes(article.locator, config)
    return next((node for node in lists if not _list_group(node)), None)


def _list_group(node: Any) -> str | None:
    """The group a reference list shows: a notes list (``group=n``) is not the one we render."""
    if isinstance(node, Template):
        return str(node.get("group").value).strip() if node.has("group") else None
    return ref_attribute(node, "group")


def _new_reference_errors(old: str, new: str, title: str, settings: Settings) -> str:
    """The first Cite error the new text has and the old did not ("" when none)."""
    only = dataclasses.replace(
        settings, select=REFERENCE_RULES, ignore=(), threshold=Severity.INFO, severities={}
    )
    before = {
        (f.rule, f.message) for f in check_text(old, title=title, settings=only, source=title)
    }
    for finding in check_text(new, title=title, settings=only, source=title):
        if (finding.rule, finding.message) not in before:
            return f"{finding.rule}: {finding.message}"
    return ""
