"""Balance rules of the ``wt`` family: brackets, braces and tags, read from the raw text.

mwparserfromhell repairs what it cannot match (an unclosed ``{{`` or ``<small>`` simply
becomes text), so these two rules scan the page text the way MediaWiki's preprocessor does:
comments and the contents of tags that are not wikitext (``<nowiki>``, ``<pre>``, ``<math>``,
``<syntaxhighlight>`` …) are blanked first, then a stack finds what opens and never closes, or
closes nothing.  Registered through :mod:`.syntax`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from mwparserfromhell.nodes import Template

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule
from wikibox.wikitext.parser import template_name

__all__ = ["RULES", "masked_text"]

#: Extension tags whose content is not wikitext: blanked before scanning.
OPAQUE_TAGS = frozenset(
    {"nowiki", "pre", "math", "chem", "ce", "syntaxhighlight", "source", "score", "timeline",
     "hiero", "graph", "templatedata", "mapframe", "maplink", "categorytree", "inputbox"}
)  # fmt: skip
#: Extension tags whose content is wikitext parsed on its own (tags cannot cross their edge).
SCOPED_TAGS = frozenset({"ref", "references", "poem", "gallery", "imagemap", "indicator"})
#: HTML tags that must be closed (tags with optional end tags — p, li, td … — are left out).
PAIRED_TAGS = frozenset(
    {"small", "big", "span", "div", "sup", "sub", "center", "s", "u", "code", "blockquote",
     "b", "i", "strike", "del", "ins", "tt", "font", "em", "strong", "abbr", "cite", "q",
     "var", "kbd", "samp", "mark", "ul", "ol", "dl", "table", "ruby", "bdi", "dfn", "time",
     "h1", "h2", "h3", "h4", "h5", "h6"}
)  # fmt: skip
#: Templates that open or close a <div> (casefolded names; "… begin"/"… end" names as well).
DIV_OPENERS = frozenset(
    {"div col", "col-begin", "refbegin", "multicol", "colbegin", "стовпці", "колонки",
     "columns", "collapse top", "hidden begin", "scrollbox"}
)  # fmt: skip
DIV_CLOSERS = frozenset(
    {"div col end", "col-end", "refend", "multicol-end", "colend", "div end", "end div",
     "кінець", "стовпці-кінець", "кінець стовпців", "collapse bottom", "hidden end"}
)  # fmt: skip
#: Templates whose parameters are shown as code, not parsed as tags.
CODE_TEMPLATES = frozenset({"code", "codett", "syntaxhighlight", "source", "pre", "sxhl"})
TAG_CHECKWIKI = {
    "ref": 94, "sub": 98, "sup": 99, "ul": 100, "ol": 100, "math": 13, "source": 14,
    "syntaxhighlight": 14, "code": 15, "nowiki": 23, "pre": 24, "gallery": 29,
}  # fmt: skip

_MASK_START = re.compile(
    r"<!--|<(" + "|".join(sorted(OPAQUE_TAGS)) + r")(?=[\s/>])([^<>]*)>", re.IGNORECASE
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])([^<>]*)>")
#: Runs of two or more (a single bracket opens or closes nothing below): written so, re finds
#: them 4× faster than ``\{+|\}+|\[+|\]+`` did on the largest corpus pages.
_BRACKET_RUN = re.compile(r"\{\{+|\}\}+|\[\[+|\]\]+")


@dataclass
class Masked:
    """The page text with comments and opaque tag contents blanked (same length), and the
    opaque tags that never close (MediaWiki shows those as text)."""

    text: str
    unclosed: list[tuple[str, int, int]] = field(default_factory=list)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def masked_text(ctx: Context) -> Masked:
    def compute() -> Masked:
        text = ctx.article.text
        pieces, unclosed, pos = [], [], 0
        while (match := _MASK_START.search(text, pos)) is not None:
            pieces.append(text[pos : match.start()])
            if match.group(0) == "<!--":
                close = text.find("-->", match.end())
                end = len(text) if close < 0 else close + 3
            elif match.group(2).rstrip().endswith("/"):
                end = match.end()
            else:
                name = match.group(1).lower()
                closer = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, match.end())
                if closer is None:
                    unclosed.append((name, match.start(), match.end()))
                    end = match.end()
                else:
                    end = closer.end()
            pieces.append(_blank(text[match.start() : end]))
            pos = end
        pieces.append(text[pos:])
        return Masked("".join(pieces), unclosed)

    return ctx.memo("balance.masked", compute)


def _snippet(text: str, start: int, limit: int = 40) -> str:
    line = text[start:].split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 1] + "…"


@rule(name="wt-unbalanced-brackets", severity=Severity.ERROR, visits="article", checkwiki=10)
def unbalanced_brackets(ctx: Context, article) -> Iterator[Report]:
    """``[[`` without ``]]``, ``{{`` without ``}}``, or a ``]]``/``}}`` that closes nothing.

    Why:
        An unclosed link or template swallows the text after it or shows raw markup; a stray
        closer is shown as text.  CheckWiki #10 and #46 (square brackets not correct end /
        begin) and #43 and #47 (template not correct end / begin).
    Fails:
        See [[Paris for details.
        {{Infobox person | name = A
        text]] here, and {{cn}}}} there
    Passes:
        [[File:x.jpg|thumb|A [[link]] in a caption]] and {{cite web|title=[[A]]}}
        <nowiki>[[</nowiki> and <!-- {{ --> and <math>\\{\\{x\\}\\}</math>
    Does not flag:
        Single ``[`` and ``]`` (external links and prose brackets are too noisy); anything in
        comments, ``<nowiki>``, ``<pre>``, ``<math>``, ``<syntaxhighlight>``/``<source>``,
        ``<score>``, ``<timeline>``, ``<chem>``; ``{{{parameter}}}`` syntax (balanced as
        MediaWiki balances it); a ``]]]`` or ``}}}`` whose extra bracket is a literal single
        one.
    """
    masked = masked_text(ctx).text
    text = ctx.article.text
    index = ctx.article.index
    stack: list[list] = []  # [opening char, count still open, offset]

    def unclosed(piece) -> Report:
        pair = "[[" if piece[0] == "[" else "{{"
        close = "]]" if piece[0] == "[" else "}}"
        return Report(
            f"{pair} is never closed by {close}: {_snippet(text, piece[2])!r}",
            index.span(piece[2], piece[2] + 2),
            data={"checkwiki": 10 if piece[0] == "[" else 43},
        )

    for run in _BRACKET_RUN.finditer(masked):
        char, length, start = run.group()[0], len(run.group()), run.start()
        if char in "[{":
            if length >= 2:
                stack.append([char, length, start])
            continue
        opener = "[" if char == "]" else "{"
        used = 0
        while length - used >= 2:
            if stack and stack[-1][0] == opener:
                piece = stack[-1]
                matched = min(length - used, piece[1], 2 if opener == "[" else 3)
                if matched < 2:
                    break
                piece[1] -= matched
                if piece[1] < 2:
                    stack.pop()
                used += matched
                continue
            deeper = [k for k, piece in enumerate(stack) if piece[0] == opener]
            if deeper:
                for piece in stack[deeper[-1] + 1 :]:
                    yield unclosed(piece)
                del stack[deeper[-1] + 1 :]
                continue
            pair = char * 2
            yield Report(
                f"{pair} closes nothing (no {opener * 2} before it): "
                f"{_snippet(text[max(0, start - 30) : start + length], 0, 60)!r}",
                index.span(start + used, start + length),
                data={"checkwiki": 46 if char == "]" else 47},
            )
            break
    for piece in stack:
        yield unclosed(piece)


def _tag_report(ctx: Context, name: str, start: int, end: int, closing: bool) -> Report:
    text = ctx.article.text[start:end]
    if closing:
        message = f"{text} closes nothing (no <{name}> open before it)"
    elif name in SCOPED_TAGS or name in OPAQUE_TAGS:
        message = (
            f"{_snippet(text, 0, 50)} is never closed: no </{name}> follows, so it shows as text"
        )
    else:
        message = f"{_snippet(text, 0, 50)} is never closed (no </{name}>)"
    return Report(
        message,
        ctx.article.index.span(start, end),
        data={"tag": name, "checkwiki": TAG_CHECKWIKI.get(name, 532)},
    )


def _div_templates(ctx: Context) -> list[tuple[int, bool]]:
    """Templates that open (True) or close (False) a ``<div>``, by offset: ``{{Div col}}`` …
    ``</div>`` and ``<div>`` … ``{{Div col end}}`` are balanced pairs."""

    def compute() -> list[tuple[int, bool]]:
        events = []
        for template in ctx.article.locator.of_type(Template):
            name = template_name(template).casefold()
            if name in DIV_OPENERS or name.endswith((" begin", "-begin", " top", " start")):
                events.append((ctx.article.locator.offset(template), True))
            elif name in DIV_CLOSERS or name.endswith((" end", "-end", " bottom")):
                events.append((ctx.article.locator.offset(template), False))
        return sorted(events)

    return ctx.memo("balance.div_templates", compute)


def _tag_text(ctx: Context) -> str:
    """The masked text with code templates (``{{Code|<b>}}`` shows markup, not tags) blanked."""

    def compute() -> str:
        text = masked_text(ctx).text
        ranges = [
            ctx.article.locator.range(t)
            for t in ctx.article.locator.of_type(Template)
            if template_name(t).casefold() in CODE_TEMPLATES
        ]
        for start, end in ranges:
            text = text[:start] + _blank(text[start:end]) + text[end:]
        return text

    return ctx.memo("balance.tag_text", compute)


def _scan_tags(ctx: Context, text: str, start: int, end: int) -> Iterator[Report]:
    """Tags of one parsing scope (the page, or the content of a ``<ref>`` …)."""
    stacks: dict[str, list[re.Match | None]] = {}
    events = _div_templates(ctx)
    divs = events[bisect_left(events, (start, False)) : bisect_left(events, (end, False))]

    def templates_before(offset: int) -> None:
        while divs and divs[0][0] < offset:
            _, opens = divs.pop(0)
            stack = stacks.setdefault("div", [])
            if opens:
                stack.append(None)  # a div opened by a template: never reported
            elif stack:
                stack.pop()

    pos = start
    while (match := _TAG.search(text, pos, end)) is not None:
        templates_before(match.start())
        closing, name = bool(match.group(1)), match.group(2).lower()
        self_closing = match.group(3).rstrip().endswith("/")
        pos = match.end()
        if name in SCOPED_TAGS:
            if closing:
                yield _tag_report(ctx, name, match.start(), match.end(), True)
                continue
            if self_closing:
                continue
            closer = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, match.end(), end)
            if closer is None:
                yield _tag_report(ctx, name, match.start(), match.end(), False)
                continue
            yield from _scan_tags(ctx, text, match.end(), closer.start())
            divs = divs[bisect_left(divs, (closer.end(), False)) :]
            pos = closer.end()
        elif name in OPAQUE_TAGS and closing:
            yield _tag_report(ctx, name, match.start(), match.end(), True)
        elif name in PAIRED_TAGS and not self_closing:
            stack = stacks.setdefault(name, [])
            if not closing:
                stack.append(match)
            elif stack:
                stack.pop()
            else:
                yield _tag_report(ctx, name, match.start(), match.end(), True)
    templates_before(end)
    for name, stack in stacks.items():
        for opener in stack:
            if opener is not None:
                yield _tag_report(ctx, name, opener.start(), opener.end(), False)


@rule(name="wt-unclosed-tag", severity=Severity.ERROR, visits="article", checkwiki=532)
def unclosed_tag(ctx: Context, article) -> Iterator[Report]:
    """A tag opened and never closed (``<ref>``, ``<small>``, ``<div>`` …), or closing nothing.

    Why:
        An unclosed ``<ref>`` or ``<nowiki>`` is shown as text; an unclosed ``<small>`` or
        ``<div>`` runs to the end of the section or the page, shrinking or boxing everything
        after it; a stray ``</span>`` shows nothing but marks a lost opening tag.  CheckWiki
        #94 (ref), #98 (sub), #99 (sup), #100 (lists), #13/#14/#15/#23/#24 (math, source,
        code, nowiki, pre), WPCleaner #532 (missing end tag).
    Fails:
        Text.<ref>Smith 2020.
        <small>Small text, never closed.
        Text.</span>
    Passes:
        <small>x</small> <ref name="a" /> <references /> a<br>b<br/>c <hr>
    Does not flag:
        Void and self-closing tags (``<br>``, ``<hr>``, ``<ref … />``, ``<references />``);
        tags with optional end tags (``<p>``, ``<li>``, ``<td>``, ``<tr>``, ``<dd>``,
        ``<rt>``); anything in comments, ``<nowiki>``, ``<pre>``, ``<math>``,
        ``<syntaxhighlight>``; misnesting (``<b><i></b></i>``) — each tag name is balanced on
        its own.  Tags inside a ``<ref>`` must close inside it (Cite parses its content
        alone).
    """
    masked = masked_text(ctx)
    for name, start, end in masked.unclosed:
        yield _tag_report(ctx, name, start, end, False)
    text = _tag_text(ctx)
    yield from _scan_tags(ctx, text, 0, len(text))


ERROR = Severity.ERROR

RULES = [
    unbalanced_brackets,
    unclosed_tag,
]
