"""Infobox rules on a series: the previous/next links (follows/precedes, predecessor/successor).

Readers and tools follow a series through these links, so they must be links, not point to the
article itself or to the same page twice, and (through a resolver that reads the linked pages)
be in chronological order and reciprocal.  People's infoboxes are held to fewer of these rules:
an officeholder's predecessor may have no article, or hold several offices.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.lint.rules.infobox.dates import date_text
from wikibox.lint.rules.infobox.view import profile_kind
from wikibox.model.article import Infobox, Param
from wikibox.model.dates import InvalidDate, WikiDate, parse_date
from wikibox.model.readings import read_value
from wikibox.model.semantics import sequence_link
from wikibox.wikitext.names import normalize_page_title

__all__ = [
    "sequence_not_link",
    "sequence_order",
    "sequence_reciprocal",
    "sequence_same",
    "sequence_self",
]

ROLE_WORDS = {"previous": "previous event", "next": "next event"}
PERSON_ROLE_WORDS = {"previous": "predecessor", "next": "successor"}


def _sequence(box: Infobox) -> Iterator[tuple[str, Param]]:
    for role in ("previous", "next"):
        param = box.role_param(role)
        if param is not None and not param.is_empty:
            yield role, param


def _is_person(box: Infobox) -> bool:
    return profile_kind(box) == "person"


def _label(box: Infobox, role: str, param: Param) -> str:
    """``follows (previous event)``; just ``successor`` when the name already says it."""
    word = (PERSON_ROLE_WORDS if _is_person(box) else ROLE_WORDS)[role]
    return param.name if param.name == word else f"{param.name} ({word})"


# Plain text that says there is no previous/next event: nothing to link to.
_NO_EVENT = re.compile(
    r"^(?:[-–—−ー]+|none|n/?a|nil|first|inaugural|なし|無し|初回|第1回|最初)$", re.IGNORECASE
)


@rule(name="infobox-sequence-not-link", severity=Severity.WARNING, visits="infobox")
def sequence_not_link(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The previous/next event is plain text, not a wikilink.

    Why:
        Readers follow a series through these links, and series tools (and the reciprocity
        rule) can only follow links.
    Fails:
        {{Infobox summit meeting|follows=2018 Russia–United States summit}}
    Passes:
        {{Infobox summit meeting|follows=[[2018 Russia–United States summit]]}}
    Does not flag:
        Empty values; values with a link inside other markup; values saying there is none
        ("—", "none", "N/A", "なし", "初回"); values made only of templates (a series
        navigation template); people (an officeholder's predecessor may have no article, or
        be "Position established").
    """
    if _is_person(box):
        return
    for role, param in _sequence(box):
        link = sequence_link(param)
        if link is None or link.is_link or not link.text.strip():
            continue
        if _NO_EVENT.match(link.text.replace("'", "").strip(" .()")):
            continue
        yield Report(
            f"{_label(box, role, param)} {short(link.text)!r} is not a wikilink",
            param.value_span,
        )


@rule(name="infobox-sequence-self", severity=Severity.ERROR, visits="infobox")
def sequence_self(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The previous/next event links to the article itself.

    Why:
        A self-link breaks the series chain and shows as bold text instead of a link.
    Fails:
        (on page "A") {{Infobox summit meeting|precedes=[[A]]}}
    Passes:
        (on page "A") {{Infobox summit meeting|precedes=[[B]]}}
    Does not flag:
        Pages whose title is unknown (text given on standard input without ``--title``).
    """
    if not ctx.article.title:
        return
    title = normalize_page_title(ctx.article.title)
    for role, param in _sequence(box):
        link = sequence_link(param)
        if link and link.target == title:
            yield Report(
                f"{_label(box, role, param)} links to the article itself ({title!r})",
                param.value_span,
            )


@rule(name="infobox-sequence-same", severity=Severity.ERROR, visits="infobox")
def sequence_same(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The previous and the next event point to the same page.

    Why:
        One of the two is wrong: an event cannot come both before and after this one.
    Fails:
        {{Infobox summit meeting|follows=[[A]]|precedes=[[A]]}}
    Passes:
        {{Infobox summit meeting|follows=[[A]]|precedes=[[B]]}}
    Does not flag:
        Plain-text values; people (Benjamin Harrison's predecessor and successor were both
        Grover Cleveland).
    """
    if _is_person(box):
        return
    links = {role: sequence_link(param) for role, param in _sequence(box)}
    previous, following = links.get("previous"), links.get("next")
    if previous and following and previous.target and previous.target == following.target:
        param = box.role_param("next")
        yield Report(
            f"{box.roles['previous']} and {box.roles['next']} both link to {previous.target!r}",
            param.value_span,
        )


def _linked_infobox(ctx: Context, target: str):
    if ctx.resolver is None:
        return None, None
    page = ctx.memo(f"resolve:{target}", lambda: ctx.resolver.resolve(target))
    return page, (page.infobox if page is not None else None)


def _box_date(ctx: Context, box: Infobox, wiki: str) -> WikiDate | None:
    param = box.role_param("date")
    if param is None or param.is_empty:
        return None
    try:
        return parse_date(date_text(param.raw), wiki=wiki)
    except InvalidDate:
        pass
    # a date template of another family ({{film date}}, {{birth date}} …) as the page shows it
    reading = read_value(param.node.value if param.node is not None else param.raw, wiki)
    return reading.date if len(reading.dates) == 1 else None


@rule(name="infobox-sequence-order", severity=Severity.ERROR, visits="infobox")
def sequence_order(ctx: Context, box: Infobox) -> Iterator[Report]:
    """Chronology broken: the previous event is dated after this one, or the next before it.

    Why:
        In {{Infobox summit meeting}} *follows* is the previous event and *precedes* the next
        one; swapping them is the most common error in series boxes.  The linked pages'
        dates come from a resolver (``--pages DIR``, or the live wiki with ``wikibox bot``).
    Fails:
        follows=[[2025 Russia–United States Summit]]   (needs other pages: that one is later)
    Passes:
        follows=[[Second inauguration of Donald Trump]]   (needs other pages: that one of 20 Jan)
    Does not flag:
        Anything without a resolver, a linked page that cannot be found, or a date that does
        not parse (it never guesses); events on the same day; people (the first office in
        a predecessor's infobox is often another office), and links from an event to a
        person's page or back.
    """
    if ctx.resolver is None or _is_person(box):
        return
    this_date = _box_date(ctx, box, ctx.article.wiki)
    if this_date is None:
        return
    for role, param in _sequence(box):
        link = sequence_link(param)
        if link is None or not link.target:
            continue
        page, other = _linked_infobox(ctx, link.target)
        if other is None or _is_person(other):
            continue
        other_date = _box_date(ctx, other, page.wiki)
        if other_date is None:
            continue
        if role == "previous" and other_date.start() > this_date.start():
            yield Report(
                f"{param.name} (previous event) {link.target!r} is dated "
                f"{other_date.isoformat()}, after this event ({this_date.isoformat()})",
                param.value_span,
            )
        elif role == "next" and other_date.start() < this_date.start():
            yield Report(
                f"{param.name} (next event) {link.target!r} is dated "
                f"{other_date.isoformat()}, before this event ({this_date.isoformat()})",
                param.value_span,
            )


@rule(name="infobox-sequence-reciprocal", severity=Severity.WARNING, visits="infobox")
def sequence_reciprocal(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A says next = B, but B's infobox does not say previous = A (or B does not exist).

    Why:
        A series is only navigable when its links agree in both directions; a one-sided link
        is usually an update made on one page and forgotten on the other.
    Fails:
        A: precedes=[[B]]; B: follows=[[C]]   (needs other pages)
    Passes:
        A: precedes=[[B]]; B: follows=[[A]]   (needs other pages)
    Does not flag:
        Anything without a resolver or without the page's title; linked pages whose
        infobox template has no previous/next role, or is of another kind (an event that
        links to a person's page); a back link written as plain text that names this page
        (``infobox-sequence-not-link`` reports it there); a missing page unless the
        resolver knows the whole wiki (the bot's resolver does, ``--pages`` does not).
        For people, any numbered office's predecessor/successor (``predecessor2``) may
        hold the back link.
    """
    if ctx.resolver is None or not ctx.article.title:
        return
    title = normalize_page_title(ctx.article.title)
    back_role = {"previous": "next", "next": "previous"}
    for role, param in _sequence(box):
        link = sequence_link(param)
        if link is None or not link.target:
            continue
        page, other = _linked_infobox(ctx, link.target)
        if page is None:
            if getattr(ctx.resolver, "complete", False):
                yield Report(
                    f"{param.name} links to {link.target!r}, which does not exist",
                    param.value_span,
                )
            continue
        if other is None or back_role[role] not in other.roles:
            continue
        if _is_person(other) != _is_person(box):
            continue
        backs = _back_links(other, back_role[role])
        if any(back.target == title for back in backs):
            continue
        if any(not back.is_link and normalize_page_title(back.text) == title for back in backs):
            continue
        said = repr(backs[0].target or backs[0].text) if backs else "nothing"
        yield Report(
            f"{param.name} links to {link.target!r}, but its "
            f"{other.roles[back_role[role]]} says {said}, not {title!r}",
            param.value_span,
        )


def _back_links(box: Infobox, role: str) -> list:
    """The links in the parameter playing ``role`` (for people: in any numbered office's)."""
    name = box.roles[role]
    if _is_person(box):
        pattern = re.compile(re.escape(name) + r"\d*")
        params = [p for p in box.params if pattern.fullmatch(p.name)]
    else:
        params = [p for p in [box.role_param(role)] if p is not None]
    links = [sequence_link(p) for p in params if not p.is_empty]
    return [link for link in links if link is not None]
