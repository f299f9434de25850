"""Wikitext rules: the common syntax errors CheckWiki tracks, read from the parsed tree.

This module holds the rules on ``{{Template:…}}`` prefixes and spaces before ``<ref>``, and
the family's ``FAMILY``, which lists the rules of the sibling modules too, in catalogue
order: the raw-text balance rules (brackets, tags) of :mod:`.balance`, the headings and empty
sections of :mod:`.syntax_headings`, the invisible characters of :mod:`.syntax_invisible` and
the self links and links to the wiki written as external links of :mod:`.syntax_links`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.nodes import Comment, Heading, Tag, Template, Text

from wikibox.lint.findings import ReplaceNode, Report, Severity
from wikibox.lint.rules.base import Context, Family, PageText, rule
from wikibox.lint.rules.ref.index import ref_tags
from wikibox.lint.rules.wt import balance
from wikibox.lint.rules.wt.headings import empty_section, heading_hierarchy, heading_markup
from wikibox.lint.rules.wt.invisible import invisible_char
from wikibox.lint.rules.wt.links import internal_as_external, self_link
from wikibox.wikitext.parser import tag_name

__all__ = ["FAMILY"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# -- templates -----------------------------------------------------------------------------

#: Local names of the Template namespace ("Template:" works on every wiki).
TEMPLATE_NAMESPACES = {
    "ja": ("テンプレート",),
    "uk": ("Шаблон",),
    "bg": ("Шаблон",),
    "ru": ("Шаблон",),
    "vi": ("Bản mẫu",),
    "de": ("Vorlage",),
    "fr": ("Modèle",),
}
# Where none of these is in the page, no template is called with its namespace.
_NAMESPACED_CALL = re.compile(
    r"\{\{\s*(?:"
    + "|".join(re.escape(n) for n in ("Template", *sum(TEMPLATE_NAMESPACES.values(), ())))
    + r")\s*:",
    re.IGNORECASE,
)


@rule(
    name="wt-template-prefix",
    severity=Severity.WARNING,
    visits="template",
    fixable=True,
    checkwiki=1,
    needs=_NAMESPACED_CALL,
)
def template_prefix(ctx: Context, template: Template) -> Iterator[Report]:
    """A template call written with its namespace: ``{{Template:Foo}}`` for ``{{Foo}}``.

    Why:
        The prefix is redundant: MediaWiki looks templates up in the Template namespace
        anyway.  It clutters the source and hides the template from some tools.  CheckWiki
        #1 (template namespace in template usage).  The fix removes the prefix and keeps the
        spacing of the name.
    Fails:
        {{Template:Citation needed|date=May 2024}}
        {{ template : Reflist }}
        (jawiki) {{テンプレート:要出典}}
    Passes:
        {{Citation needed|date=May 2024}}
    Does not flag:
        ``{{subst:…}}``, ``{{msgnw:…}}`` and other modifiers; a prefix after a comment in the
        name; ``{{:Template:Foo}}`` (not a usual call).
    """
    raw = str(template.name)
    names = ("Template", *TEMPLATE_NAMESPACES.get(ctx.wiki.language, ()))
    pattern = r"^(\s*)(" + "|".join(re.escape(n) for n in names) + r")\s*:\s*"
    match = re.match(pattern, raw, re.IGNORECASE)
    if match is None or not raw[match.end() :].strip():
        return
    new_name = match.group(1) + raw[match.end() :]
    yield Report(
        f"{{{{{raw.strip()}}}}} is written with its namespace; use {{{{{new_name.strip()}}}}}",
        ctx.span(template.name),
        fix=(ReplaceNode(template.name, new_name),),
    )


# -- references ----------------------------------------------------------------------------

_SPACES_BEFORE_REF = re.compile(r"[ \t]+<ref", re.IGNORECASE)
_AFTER_MARKUP = re.compile(r"(?:>|\[[^\[\]\s]*)\Z")


def _spaces_after_markup(page: PageText) -> bool:
    """Whether spaces before a ``<ref>`` follow a tag or a comment (``<small> <ref>``: they may
    open the tag's content, where the rule lets them be) or an external link's URL
    (``[http://… <ref>``: the ref opens the link's title).  A regional parse leaves tags and
    links as text and cannot tell, so such a page is parsed whole (``prose=``)."""
    text = page.text
    for match in _SPACES_BEFORE_REF.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _AFTER_MARKUP.search(text, line_start, match.start()):
            return True
    return False


@rule(
    name="wt-space-before-ref",
    severity=Severity.INFO,
    visits="article",
    fixable=True,
    checkwiki=61,
    needs=re.compile(r"[ \t]<ref", re.IGNORECASE),
    prose=_spaces_after_markup,
)
def space_before_ref(ctx: Context, article) -> Iterator[Report]:
    """Spaces between the text (or a previous ref) and a ``<ref>``.

    Why:
        A footnote marker belongs right after the word or punctuation it supports; a space
        before it can wrap the marker to the next line, away from its text (MOS:REFSPACE).
        The fix removes the spaces.  CheckWiki has no error of its own for it; its #61
        (reference before punctuation) fix removes these spaces too.
    Fails:
        The city is old. <ref>Smith 2020.</ref>
        Old.<ref>A.</ref> <ref>B.</ref>
        The [[Louvre]] <ref name="x" />
    Passes:
        The city is old.<ref>Smith 2020.</ref>
        * <ref>Smith 2020.</ref>   (a list item that starts with a ref)
    Does not flag:
        Whitespace at the start of a line (the ref starts the line; removing a line break
        would join lines), after a list marker or a table cell separator (``* ``, ``| ``,
        ``!! ``), at the start of a template parameter, after a comment, or inside a
        reference list (``{{Reflist|refs=…}}``).
    """
    in_list = {id(ref.node) for ref in ref_tags(ctx) if ref.in_list}
    text = article.text
    locator = article.locator
    for code in article.locator.codes:
        nodes = code.nodes
        for i in range(1, len(nodes)):
            ref = nodes[i]
            if type(ref) is not Tag or tag_name(ref) != "ref":
                continue
            previous = nodes[i - 1]
            if id(ref) in in_list or not isinstance(previous, Text):
                continue
            value = str(previous)
            kept = value.rstrip(" \t")
            if kept == value:
                continue
            if not kept and (i < 2 or isinstance(nodes[i - 2], Comment | Heading)):
                continue
            start = locator.offset(previous) + len(kept)
            line = text[text.rfind("\n", 0, start) + 1 : start].strip()
            if not line or re.fullmatch(r"[*#:;]+", line) or line.endswith(("|", "!")):
                continue
            yield Report(
                f"space before <ref> after {_tail(text, start)!r}",
                article.index.span(start, locator.offset(ref)),
                fix=(ReplaceNode(previous, kept),),
            )


def _tail(text: str, end: int, limit: int = 20) -> str:
    line = text[max(0, end - limit) : end].rsplit("\n", 1)[-1]
    return ("…" if end - len(line) > 0 and len(line) == limit else "") + line


FAMILY = Family.of(
    "wt",
    "Wikitext rules",
    [
        *balance.RULES,
        heading_hierarchy,
        heading_markup,
        template_prefix,
        invisible_char,
        self_link,
        internal_as_external,
        space_before_ref,
        empty_section,
    ],
)
