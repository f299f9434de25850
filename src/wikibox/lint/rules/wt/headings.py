"""Wikitext rules on the outline of the article: heading levels, markup in headings, and
sections with nothing in them.

Readers and screen readers navigate an article by its headings, so a skipped level, bold
markup or a trailing colon in a heading, and an empty section all break the outline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.nodes import Heading

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import plain_text

__all__ = ["empty_section", "heading_hierarchy", "heading_markup"]


@rule(name="wt-heading-hierarchy", severity=Severity.WARNING, visits="article", checkwiki=25)
def heading_hierarchy(ctx: Context, article) -> Iterator[Report]:
    """A heading that skips a level (``==`` then ``====``), or a first heading below level 2.

    Why:
        Screen readers and the table of contents navigate by level; a skipped level makes a
        broken outline (MOS:HEADINGS).  CheckWiki #25 (headline hierarchy), #7 (headlines
        all start with three "=") and #83 (start with three "=", later level two).
    Fails:
        == History ==\\n==== Early years ====
    Passes:
        == History ==\\n=== Early years ===\\n== Legacy ==
    Does not flag:
        Going back up any number of levels (``====`` then ``==``); headings inside templates
        or tags; level-1 headings as first heading (CheckWiki #19 is another matter).
    """
    previous = None
    for section in article.sections:
        level = section.level
        if previous is None:
            if level > 2:
                yield Report(
                    f"the first heading {section.title!r} is level {level} ({'=' * level}); "
                    "an article's sections start at level 2 (==)",
                    section.span,
                    data={"checkwiki": 7},
                )
        elif level > previous.level + 1:
            yield Report(
                f"heading {section.title!r} is level {level} ({'=' * level}) right after "
                f"level {previous.level} {previous.title!r}: level {previous.level + 1} skipped",
                section.span,
                data={"checkwiki": 25},
            )
        previous = section


@rule(name="wt-heading-markup", severity=Severity.WARNING, visits="heading", checkwiki=44)
def heading_markup(ctx: Context, heading: Heading) -> Iterator[Report]:
    """Bold markup (``'''``) in a heading, or a heading that ends with a colon.

    Why:
        Headings are already bold; ``'''`` in them is redundant and breaks section links.  A
        trailing colon is not used in headings (MOS:HEADINGS).  CheckWiki #44 (headlines with
        bold) and #57 (headlines end with colon).
    Fails:
        == '''History''' ==
        == History: ==
        == 歴史： ==   (full-width colon)
    Passes:
        == History ==
        == ''The Times'' ==   (italics for a title are fine)
    Does not flag:
        Italic markup (``''…''``); colons inside the heading (``== 3:2 win ==``); markup in
        comments inside the heading.
    """
    title = str(heading.title)
    blanked = re.sub(r"<!--.*?(?:-->|\Z)", lambda m: " " * len(m.group()), title, flags=re.S)
    title_start = ctx.article.locator.offset(heading.title)
    index = ctx.article.index
    bold = re.search(r"'''", blanked)
    if bold:
        yield Report(
            f"heading {plain_text(heading.title)!r} has bold markup (''')",
            index.span(title_start + bold.start(), title_start + bold.end()),
            data={"checkwiki": 44},
        )
    visible = re.sub(r"'{2,}", lambda m: " " * len(m.group()), blanked).rstrip()
    if visible.endswith((":", "：")):
        colon = len(visible) - 1
        yield Report(
            f"heading {plain_text(heading.title)!r} ends with a colon",
            index.span(title_start + colon, title_start + colon + 1),
            data={"checkwiki": 57},
        )


@rule(name="wt-empty-section", severity=Severity.INFO, visits="article", checkwiki=84)
def empty_section(ctx: Context, article) -> Iterator[Report]:
    """A section with nothing under its heading (a section holding only subsections is fine).

    Why:
        An empty section is a promise the article does not keep; readers jump to it from the
        table of contents and find nothing.  Either write it, tag it ``{{Empty section}}``,
        or remove the heading.  CheckWiki #84 (section without content).
    Fails:
        == History ==\\n== Legacy ==\\nText.
    Passes:
        == History ==\\n=== Early years ===\\nText.
    Does not flag:
        A section whose only content is subsections; a section holding only a template
        (``{{Empty section}}``, ``{{Main|…}}``, ``{{Reflist}}``) or a list, a table, an
        image — anything but whitespace and comments.
    """
    sections = article.sections
    for i, section in enumerate(sections):
        body = article.text[section.body_span.start : section.body_span.end]
        if strip_comments(body).strip():
            continue
        following = sections[i + 1] if i + 1 < len(sections) else None
        if following is not None and following.level > section.level:
            continue
        yield Report(f"section {section.title!r} is empty", section.span)
