"""What the citation rules share: the CS1 name groups and the helpers that read values.

Citation rules receive a :class:`~wikibox.model.citation.Citation` from the engine; a rule that
starts from a node instead (a reference, the whole article) gets the same value with
:func:`citation`.  The small helpers beside it (a value's span, a value with its markup blanked
out) are what several rule modules need to read values the same way; the shortened text for a
message is :func:`wikibox.lint.rules.base.short`, shared by every family.
"""

from __future__ import annotations

import re
from typing import Any

from mwparserfromhell.nodes import Template

from wikibox.lint.rules.base import Context, PageText
from wikibox.model.article import Param, Span
from wikibox.model.citation import Citation
from wikibox.wikitext.names import TEMPLATE_NAME_COMMENT

__all__ = [
    "ACCESS_DATE",
    "AUTHOR",
    "CHAPTER_URL",
    "LANGUAGE",
    "TITLE",
    "URL",
    "WORK",
    "citation",
    "mask",
    "may_cite",
    "value_span",
]

#: Where neither this nor a comment in a template's name is in the page, it calls no citation
#: template: their names start with "cite" or are "citation" (is_citation_template_name).
_CITATION_WORD = re.compile("cit(?:e|ation)", re.IGNORECASE)


def may_cite(page: PageText) -> bool:
    """Whether the page may call a citation template: the ``needs`` of the citation rules."""
    return bool(_CITATION_WORD.search(page.text) or TEMPLATE_NAME_COMMENT.search(page.text))


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


def citation(ctx: Context, node: Any) -> Citation | None:
    """The :class:`Citation` of a template node (the same value the engine hands the rules that
    visit citations), or None when it is not a citation template."""
    return ctx.citation(node) if isinstance(node, Template) else None


def value_span(ctx: Context, param: Param, start: int, end: int) -> Span:
    """The span of ``raw[start:end]`` of a parameter value."""
    lead = len(param.raw) - len(param.raw.lstrip())
    base = param.value_span.start - lead
    return ctx.article.index.span(base + start, base + max(end, start + 1))


def mask(text: str, *, nested: bool = True) -> str:
    """``text`` with comments, tags and (when ``nested``) templates blanked out, same length."""

    if "<" not in text and "{" not in text:
        return text  # nothing to blank (most values)

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
