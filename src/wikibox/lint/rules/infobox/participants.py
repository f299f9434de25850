"""Infobox rules on who took part: the participants of a meeting, and cells that show only
flag icons.

Machine translation and careless copies lose names and keep flags: a meeting left with one
participant, a name listed twice, a cell of flag icons with no name.  The flag rule reads every
parameter, not only the participants.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.wikicode import Wikicode

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule
from wikibox.lint.rules.infobox.view import profile_kind
from wikibox.model.article import Infobox
from wikibox.model.semantics import FLAG_TEMPLATES, participant_items, participants
from wikibox.wikitext.parser import parse_wikitext, plain_text, template_name

__all__ = ["flag_only", "participants_duplicate", "participants_missing"]


@rule(name="infobox-participants-missing", severity=Severity.WARNING, visits="infobox")
def participants_missing(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A meeting infobox with fewer than two participants.

    Why:
        A meeting has at least two sides; an empty or single participants cell usually means
        names were lost (for example a machine translation that dropped flag templates).
    Fails:
        {{Infobox summit meeting|participants=[[Donald Trump]]}}
    Passes:
        {{Infobox summit meeting|participants=[[Donald Trump]]<br />[[Vladimir Putin]]}}
    Does not flag:
        Infoboxes of events that are not meetings; participants written as one prose phrase
        with "and".
    """
    if profile_kind(box) != "meeting":
        return
    param = box.role_param("participants")
    if param is None:
        yield Report(f"{{{{{box.template}}}}} has no participants", box.name_span)
        return
    people = participants(param.node.value)
    if len(people) < 2 and not re.search(r"\band\b|および|と", param.value):
        count = "no participant" if not people else "only one participant"
        yield Report(f"{param.name}: {count}; a meeting has at least two", param.span)


@rule(name="infobox-participants-duplicate", severity=Severity.WARNING, visits="infobox")
def participants_duplicate(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The same participant listed twice.

    Why:
        A duplicated name is a copy-paste slip that hides the participant who was meant.
    Fails:
        {{Infobox summit meeting|participants=[[Donald Trump]]<br />[[Donald Trump]]}}
    Passes:
        {{Infobox summit meeting|participants=[[Donald Trump]]<br />[[Vladimir Putin]]}}
    Does not flag:
        Two people with the same display name who link to different pages.
    """
    param = box.role_param("participants")
    if param is None:
        return
    seen: set[str] = set()
    for person in participants(param.node.value):
        key = (person.target or person.name).casefold()
        if not key:
            continue
        if key in seen:
            yield Report(f"{param.name}: {person.name!r} is listed twice", param.span)
        seen.add(key)


@rule(name="infobox-flag-only", severity=Severity.WARNING, visits="infobox")
def flag_only(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A cell whose visible content is only flag icons, with no name.

    Why:
        Flags alone are invisible to screen readers and to text copies, and they are what
        machine translation keeps while it drops names (MOS:FLAG).
    Fails:
        {{Infobox summit meeting|participants={{flagicon|USA}}<br />{{flagicon|RUS}}}}
    Passes:
        {{Infobox summit meeting|participants={{flagicon|USA}} [[Donald Trump]]}}
    Does not flag:
        Flag templates that print the country's name (``{{flag|Finland}}``); parameters
        whose name says they hold a flag or an image (``flag``, ``都道府県旗``, ``image``),
        and flag templates given a ``size`` (both show the flag as a picture, which is the
        point); positional parameters.
    """
    participants_param = box.role_param("participants")
    for param in box.params:
        if "{{" not in param.raw or param.positional or _PICTURE_PARAM.search(param.name):
            continue
        if "flag" not in param.raw.casefold() and "<!--" not in param.raw:
            continue  # every flag template's name has "flag" in it (a comment may split it)
        if param is participants_param:
            items = participant_items(param.node.value)
        else:  # the value as parsed in the page, not parsed again
            items = [param.node.value if param.node is not None else param.raw]
        bare = [item for item in items if _is_flag_only(item)]
        if bare:
            what = "an entry" if len(items) > 1 else "the value"
            yield Report(
                f"{param.name}: {what} shows only a flag icon and no name", param.value_span
            )


def _is_flag_only(item: str | Wikicode) -> bool:
    code = item if isinstance(item, Wikicode) else parse_wikitext(item)
    flags = [
        t
        for t in code.filter_templates(recursive=False)
        if template_name(t) in FLAG_TEMPLATES and template_name(t) not in _NAMED_FLAGS
    ]
    if not flags or any(t.has("size") for t in flags):
        return False
    rest = "".join(str(n) for n in code.nodes if n not in flags)
    return not plain_text(rest) and not parse_wikitext(rest).filter_templates()


_NAMED_FLAGS = {"Flag", "Flagcountry", "Flagu", "Flag country"}
_PICTURE_PARAM = re.compile(r"flag|旗|image|画像|logo|ロゴ|icon|symbol|emblem|seal", re.I)
