"""Infobox rules: parameters against TemplateData, and the meaning of the values.

The wiki's own modules flag only unknown parameters, and only after the page is rendered.
These rules check the parameters against the template's TemplateData (unknown, duplicated,
deprecated, required, empty) and what the values mean: the date (valid, not in the future, in
the article's format), the participants of a meeting, the previous/next links of a series
(links at all, not to itself, not the same, in chronological order and reciprocal across pages,
the last two through a resolver), and the image value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.nodes import Wikilink

from ..dates import DATE_TEMPLATES, MONTHS, InvalidDate, WikiDate, parse_date
from ..findings import RemoveParam, RenameParam, Report, Severity
from ..model import Infobox, Param
from ..names import normalize_page_title, strip_comments
from ..semantics import FLAG_TEMPLATES, participant_items, participants, sequence_link
from ..wikitext import parse_wikitext, plain_text, template_name
from .base import Context, Rule

__all__ = ["RULES"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
ROLE_WORDS = {"previous": "previous event", "next": "next event"}
PERSON_ROLE_WORDS = {"previous": "predecessor", "next": "successor"}


def _schema(ctx: Context, box: Infobox):
    return ctx.schemas.get(box.template)


def _is_blank(param: Param) -> bool:
    """Nothing but whitespace and comments."""
    return param.is_empty


def _is_partial(schema) -> bool:
    """A schema that lists only some of the template's parameters says so in its
    description (a sentence starting "Partial:"); unknown names may be real ones."""
    return bool(schema.description and _PARTIAL.search(schema.description))


_PARTIAL = re.compile(r"(?:^|[.!]\s+)Partial:")


def _folded(name: str) -> str:
    return re.sub(r"[-_ ]", "", name.casefold())


def _canonical(schema, name: str) -> str:
    """The parameter a name sets: its canonical name, or for a deprecated name that names
    its replacement, the replacement (templates read the old name as a fallback)."""
    if schema is None:
        return name
    spec = schema.lookup(name)
    if spec is None:
        return name
    if spec.deprecated and spec.replacement and schema.is_known(spec.replacement):
        return schema.canonical(spec.replacement) or spec.name
    return spec.name


def unknown_template(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The infobox template has no bundled or user TemplateData: only generic checks ran.

    Why:
        Without a schema wikibox cannot tell unknown, deprecated or required parameters, so
        a clean result means less than it seems.  Add the template's TemplateData with
        ``--schemas DIR`` or ``wikibox schema pull``.
    Fails:
        {{Infobox space elevator|name=X}}
    Passes:
        {{Infobox summit meeting|name=X}}
    Does not flag:
        Templates that are not infoboxes; infoboxes whose name reaches a known template
        through the wiki's redirect map.
    """
    if _schema(ctx, box) is None:
        yield Report(
            f"no TemplateData for {{{{{box.template}}}}}: its parameters were not checked",
            box.name_span,
        )


def unknown_param(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A parameter the infobox template does not take.

    Why:
        MediaWiki silently ignores unknown parameters: a misspelled ``partcipants`` shows
        nothing, and the reader never sees the value.
    Fails:
        {{Infobox summit meeting|partcipants=[[A]]}}
    Passes:
        {{Infobox summit meeting|participants=[[A]]}}
    Does not flag:
        Templates without a schema (see ``infobox-unknown-template``); empty positional
        parameters left by a stray ``|``.  On a template whose schema is partial (a
        sentence of its description starts "Partial:"), only a known name written with
        another case or separator (``Host country`` for ``host_country``).
    """
    schema = _schema(ctx, box)
    if schema is None:
        return
    partial = _is_partial(schema)
    present = {_canonical(schema, p.name) for p in box.params}
    for param in box.params:
        if schema.is_known(param.name) or (param.positional and _is_blank(param)):
            continue
        suggestion = schema.closest(param.name)
        if partial and (suggestion is None or _folded(suggestion) != _folded(param.name)):
            continue
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        what = "positional parameter" if param.positional else "parameter"
        yield Report(
            f"unknown {what} {param.name!r} in {{{{{box.template}}}}}"
            + (f" (value {_shown(param)!r})" if param.positional else "")
            + hint,
            param.span,
            fix=(RenameParam(box.node, param.node, suggestion),)
            if suggestion and _canonical(schema, suggestion) not in present and not param.positional
            else None,
            unsafe_fix=True,
            data={"param": param.name, "suggestion": suggestion},
        )


def duplicate_param(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The same parameter given twice (or a parameter and its alias).

    Why:
        MediaWiki keeps the last value and silently drops the others, so an edit to the first
        occurrence has no effect.  When both values are equal, or the first one is blank, the
        fix removes the first one (the page shows the same); otherwise a person must choose.
    Fails:
        {{Infobox summit meeting|date=12 February 2025|date=13 February 2025}}
        {{Infobox summit meeting|venue=Helsinki|venues=Helsinki}}   (an alias)
    Passes:
        {{Infobox summit meeting|date=12 February 2025}}
    Does not flag:
        Different parameters with the same value.  The fix is left out when the values
        differ, even by a comment.
    """
    schema = _schema(ctx, box)
    seen: dict[str, Param] = {}
    for param in box.params:
        key = _canonical(schema, param.name)
        first = seen.get(key)
        seen[key] = param
        if first is None:
            continue
        removable = first.raw.strip() == param.raw.strip() or _is_blank(first)
        alias = "" if first.name == param.name else f" (as {param.name!r})"
        if first.value == param.value and not _is_blank(first):
            what = "both values are the same"
        elif _is_blank(first):
            what = "the first one is empty"
        else:
            what = f"MediaWiki uses the last value {_shown(param)!r} and drops {_shown(first)!r}"
        yield Report(
            f"parameter {first.name!r} is given again on line {param.span.line}{alias}; {what}",
            first.span,
            fix=(RemoveParam(box.node, first.node),) if removable else None,
            data={"param": first.name},
        )


def _shown(param: Param) -> str:
    """A value for a message: its plain text, or its wikitext when that shows nothing."""
    return _short(param.value or strip_comments(param.raw).strip() or "(empty)")


def deprecated_param(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A parameter the template's TemplateData marks as deprecated.

    Why:
        Deprecated parameters stop working when the template is cleaned up.  Where the
        TemplateData names the replacement, the fix renames the parameter in place.
    Fails:
        {{Infobox officeholder|imagesize=200px}}   (deprecated: use image_size)
    Passes:
        {{Infobox officeholder|image_size=200px}}
    Does not flag:
        Parameters without a schema; aliases that are not deprecated.  The fix is left out
        when the replacement is already given (``infobox-duplicate-param`` reports the
        pair) or is not a parameter of the template.
    """
    schema = _schema(ctx, box)
    if schema is None:
        return
    for param in box.params:
        spec = schema.lookup(param.name)
        if spec is None or not spec.deprecated:
            continue
        replacement = spec.replacement
        note = spec.deprecated.strip() if isinstance(spec.deprecated, str) else ""
        others = {_canonical(schema, p.name) for p in box.params if p is not param}
        can_rename = (
            replacement is not None
            and schema.is_known(replacement)
            and _canonical(schema, replacement) not in others
        )
        yield Report(
            f"parameter {param.name!r} of {{{{{box.template}}}}} is deprecated"
            + (f": {note}" if note else "")
            + (f" (use {replacement!r})" if replacement and replacement not in note else ""),
            param.span,
            fix=(RenameParam(box.node, param.node, replacement),) if can_rename else None,
            data={"param": param.name, "replacement": replacement},
        )


def missing_required(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A parameter the TemplateData marks as required is missing or empty.

    Why:
        A required parameter left out usually breaks the infobox's layout or leaves a row
        with no data.
    Fails:
        {{Infobox officeholder|office=Mayor}}   (no ``name``)
    Passes:
        {{Infobox officeholder|name=A|office=Mayor}}
    Does not flag:
        Suggested (not required) parameters; templates without a schema.
    """
    schema = _schema(ctx, box)
    if schema is None:
        return
    for name in schema.required_params():
        spec = schema.lookup(name)
        names = {name, *(spec.aliases if spec else ())}
        given = [p for p in box.params if p.name in names]
        if not given:
            yield Report(
                f"required parameter {name!r} of {{{{{box.template}}}}} is missing", box.name_span
            )
        elif _is_blank(given[-1]):
            yield Report(
                f"required parameter {given[-1].name!r} of {{{{{box.template}}}}} is empty",
                given[-1].span,
            )


def empty_param(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A parameter present with no value.

    Why:
        Empty parameters are harmless to readers but are often a sign of lost data (a machine
        translation that dropped flag templates, a copied blank template).
    Fails:
        {{Infobox summit meeting|host_country=|date=12 February 2025}}
    Passes:
        {{Infobox summit meeting|host_country=Finland}}
    Does not flag:
        Required parameters (``infobox-missing-required`` reports those); values with
        markup but no plain text (a flag template, an image, a ``<ref>``); a value that is
        only a comment is empty.
    """
    schema = _schema(ctx, box)
    required = {_canonical(schema, name) for name in schema.required_params()} if schema else set()
    for param in box.params:
        if _is_blank(param) and not param.positional:
            if _canonical(schema, param.name) in required:
                continue
            yield Report(f"parameter {param.name!r} of {{{{{box.template}}}}} is empty", param.span)


def date_invalid(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The infobox date does not parse in a format the wiki accepts, is impossible, or lies
    after today (``--today``).

    Why:
        An impossible date (30 February) or one the wiki's date templates cannot read breaks
        sorting, microformats and every tool that reads the infobox; a date in the future is
        almost always a typo in the year.
    Fails:
        {{Infobox summit meeting|date=30 February 2025}}
        {{Infobox summit meeting|date=2025-2-12}}
    Passes:
        {{Infobox summit meeting|date=12 February 2025}}
        {{Infobox summit meeting|date={{start date|2025|2|12}}}}
    Does not flag:
        Dates with month or year precision; the format (``infobox-date-format`` does that);
        Japanese dates on jawiki; values wrapped in a template that is not a date template
        (``{{circa|1850}}``, ``{{nowrap|…}}``: wikibox cannot read them); prose in a
        parameter whose TemplateData type is not ``date`` ("Annually in June").  Old
        linked dates (``[[1988年]][[4月21日]]``) are read as the text they show.
    """
    param = _date_param(ctx, box)
    if param is None:
        return
    try:
        date = parse_date(_date_text(param.raw), wiki=ctx.article.wiki)
    except InvalidDate as exc:
        yield Report(f"{param.name} {_shown(param)!r}: {exc.reason}", param.value_span)
        return
    if date.format not in ctx.wiki.date_formats and date.template is None:
        yield Report(
            f"{param.name} {_shown(param)!r} is in a format ({_FORMAT_NAMES[date.format]}) "
            f"that {ctx.wiki.name} does not accept",
            param.value_span,
        )
    elif date.start() > ctx.today:
        yield Report(
            f"{param.name} {_shown(param)!r} lies after today ({ctx.today.isoformat()})",
            param.value_span,
        )


# The templates dates.parse_date reads; any other template in a date value would have to be
# expanded to know the date.
_DATE_TEMPLATE_NAMES = DATE_TEMPLATES
_MONTH_WORDS = frozenset(
    word.casefold()
    for month in MONTHS
    for word in (month, month[:3], month[:3] + ".", "Sept", "Sept.")
)
_WORD = re.compile(r"[^\W\d_]+\.?")


def _date_param(ctx: Context, box: Infobox) -> Param | None:
    """The infobox's date parameter when its value is something to hold to the date rules."""
    param = box.role_param("date")
    if param is None or _is_blank(param):
        return None
    code = parse_wikitext(param.raw)
    top = code.filter_templates(recursive=False)  # not those inside <ref>
    if any(template_name(t) not in _DATE_TEMPLATE_NAMES for t in top):
        return None
    schema = _schema(ctx, box)
    spec = schema.lookup(param.name) if schema else None
    if spec is not None and spec.type == "date":
        return param
    return param if _looks_like_date(param.value) else None


def _looks_like_date(text: str) -> bool:
    """Only numbers, month names, 年月日 and date punctuation (not "Annually in June")."""
    rest = _WORD.sub(lambda m: "" if m.group(0).casefold() in _MONTH_WORDS else m.group(0), text)
    return bool(re.fullmatch(r"[\d\s,./\-–—〜～年月日]*", rest))


def _date_text(raw: str) -> str:
    """A date value with its wikilinks unwrapped (``[[1988年]][[4月21日]]``: old linked
    dates read as the text they show)."""
    code = parse_wikitext(raw)
    for link in code.filter_wikilinks(recursive=False):
        code.replace(link, str(link.text if link.text is not None else link.title))
    return str(code)


_FORMAT_NAMES = {
    "iso": "ISO",
    "dmy": "day month year",
    "mdy": "month day, year",
    "ja": "Japanese 年月日",
    "my": "month year",
    "y": "year",
}
_USE_TEMPLATES = {"Use dmy dates": "dmy", "Use mdy dates": "mdy"}
_PROSE_DATES = {
    "dmy": re.compile(
        r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
        r"|November|December) \d{4}\b"
    ),
    "mdy": re.compile(
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
        r"|December) \d{1,2}, \d{4}\b"
    ),
    "ja": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
}


def article_date_style(ctx: Context) -> tuple[str | None, str]:
    """The article's date format: from ``{{Use dmy/mdy dates}}``, else the majority of its
    prose dates (at least three, and more than half of them)."""

    def compute() -> tuple[str | None, str]:
        for template in ctx.article.code.filter_templates(recursive=False):
            style = _USE_TEMPLATES.get(template_name(template))
            if style:
                return style, f"{{{{{template_name(template)}}}}}"
        text = ctx.article.text
        counts = {style: len(pattern.findall(text)) for style, pattern in _PROSE_DATES.items()}
        total = sum(counts.values())
        style, count = max(counts.items(), key=lambda item: item[1])
        if total >= 3 and count * 2 > total:
            return style, f"{count} of the article's {total} dates"
        return None, ""

    return ctx.memo("article_date_style", compute)


def date_format(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The infobox date's format differs from the article's (``{{Use dmy dates}}``,
    ``{{Use mdy dates}}``, or the format most of its dates use).

    Why:
        MOS:DATEUNIFY: an article uses one date format throughout; a lone mdy date in a dmy
        article is a sign of copy-paste from another wiki.
    Fails:
        {{Use dmy dates}}{{Infobox summit meeting|date=February 12, 2025}}
    Passes:
        {{Use dmy dates}}{{Infobox summit meeting|date=12 February 2025}}
    Does not flag:
        ISO dates, month-year and year-only dates (the same in every format); date
        templates on a Japanese-style article (jawiki's templates write 年月日; on enwiki a
        ``{{start date}}`` without ``df=y`` shows mdy and is flagged in a dmy article);
        formats the wiki does not accept at all (``infobox-date-invalid`` reports those);
        articles with no Use template and fewer than three prose dates or no clear
        majority.
    """
    param = _date_param(ctx, box)
    if param is None:
        return
    try:
        date = parse_date(_date_text(param.raw), wiki=ctx.article.wiki)
    except InvalidDate:
        return
    if date.format not in ("dmy", "mdy", "ja") or date.format not in ctx.wiki.date_formats:
        return
    style, why = article_date_style(ctx)
    if date.template is not None and style == "ja":
        return
    if style and style != date.format:
        verb = "shown" if date.template else "written"
        yield Report(
            f"{param.name} {_shown(param)!r} is {verb} {_FORMAT_NAMES[date.format]} but "
            f"the article uses {_FORMAT_NAMES[style]} ({why})",
            param.value_span,
            data={"expected": style},
        )


def _profile_kind(box: Infobox) -> str | None:
    return box.kind


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
    if _profile_kind(box) != "meeting":
        return
    param = box.role_param("participants")
    if param is None:
        yield Report(f"{{{{{box.template}}}}} has no participants", box.name_span)
        return
    people = participants(param.node.value)
    if len(people) < 2 and not re.search(r"\band\b|および|と", param.value):
        count = "no participant" if not people else "only one participant"
        yield Report(f"{param.name}: {count}; a meeting has at least two", param.span)


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
        items = participant_items(param.node.value) if param is participants_param else [param.raw]
        bare = [item for item in items if _is_flag_only(item)]
        if bare:
            what = "an entry" if len(items) > 1 else "the value"
            yield Report(
                f"{param.name}: {what} shows only a flag icon and no name", param.value_span
            )


def _is_flag_only(item: str) -> bool:
    code = parse_wikitext(item)
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


def _sequence(box: Infobox) -> Iterator[tuple[str, Param]]:
    for role in ("previous", "next"):
        param = box.role_param(role)
        if param is not None and not _is_blank(param):
            yield role, param


def _is_person(box: Infobox) -> bool:
    return _profile_kind(box) == "person"


def _label(box: Infobox, role: str, param: Param) -> str:
    """``follows (previous event)``; just ``successor`` when the name already says it."""
    word = (PERSON_ROLE_WORDS if _is_person(box) else ROLE_WORDS)[role]
    return param.name if param.name == word else f"{param.name} ({word})"


# Plain text that says there is no previous/next event: nothing to link to.
_NO_EVENT = re.compile(
    r"^(?:[-–—−ー]+|none|n/?a|nil|first|inaugural|なし|無し|初回|第1回|最初)$", re.IGNORECASE
)


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
            f"{_label(box, role, param)} {_short(link.text)!r} is not a wikilink",
            param.value_span,
        )


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
    if param is None or _is_blank(param):
        return None
    try:
        return parse_date(_date_text(param.raw), wiki=wiki)
    except InvalidDate:
        return None


def sequence_order(ctx: Context, box: Infobox) -> Iterator[Report]:
    """Chronology broken: the previous event is dated after this one, or the next before it.

    Why:
        In {{Infobox summit meeting}} *follows* is the previous event and *precedes* the next
        one; swapping them is the most common error in series boxes.  The linked pages'
        dates come from a resolver (``--pages DIR``, or the live wiki with ``wikibox bot``).
    Fails:
        follows=[[2025 Russia–United States Summit]] on a page dated 12 February 2025, when
        that summit is dated 15 August 2025
    Passes:
        follows=[[Second inauguration of Donald Trump]] (20 January 2025)
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


def sequence_reciprocal(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A says next = B, but B's infobox does not say previous = A (or B does not exist).

    Why:
        A series is only navigable when its links agree in both directions; a one-sided link
        is usually an update made on one page and forgotten on the other.
    Fails:
        A: precedes=[[B]]; B: follows=[[C]]
    Passes:
        A: precedes=[[B]]; B: follows=[[A]]
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
    links = [sequence_link(p) for p in params if not _is_blank(p)]
    return [link for link in links if link is not None]


_THUMB = re.compile(r"^\d+px-", re.IGNORECASE)
_EXTENSION = re.compile(
    r"\.(?:jpe?g|png|gif|svg|tiff?|webp|xcf|pdf|djvu|ogv|webm|ogg|oga|opus|flac|wav|mp3|mpe?g"
    r"|mid|stl|jp2|avif|heic)$",
    re.IGNORECASE,
)
_FILE_PREFIX = re.compile(r"^(?:file|image|ファイル|画像)\s*:\s*", re.IGNORECASE)
_FRAME_OPTIONS = frozenset({"thumb", "thumbnail", "frame", "framed", "mini", "サムネイル"})


def _is_framed_link(raw: str) -> bool:
    """One link with a namespace prefix (a file, in any language) and a thumb/frame option."""
    nodes = [node for node in parse_wikitext(raw).nodes if str(node).strip()]
    if len(nodes) != 1 or not isinstance(nodes[0], Wikilink) or ":" not in str(nodes[0].title):
        return False
    options = str(nodes[0].text or "").split("|")
    return any(option.strip().casefold() in _FRAME_OPTIONS for option in options)


def image_syntax(ctx: Context, box: Infobox) -> Iterator[Report]:
    """The image value is not a plain file name: a URL, a thumbnail name (``440px-…``), a
    ``[[File:…|thumb]]`` link, or a name with no file extension.

    Why:
        Infobox images take a file name; a URL or a name with no extension shows a red link
        or the raw text, a thumbnail name is a copy of one rendering of the file (copied from
        the URL of a page), and a ``thumb`` link draws a framed thumbnail inside the box.
    Fails:
        {{Infobox summit meeting|image=440px-President Trump at the G20.jpg}}
        {{Infobox summit meeting|image=https://upload.wikimedia.org/x.jpg}}
        {{Infobox summit meeting|image=[[File:X.jpg|thumb|A caption]]}}
    Passes:
        {{Infobox summit meeting|image=President Trump at the G20 (48144047611).jpg}}
    Does not flag:
        A ``File:`` prefix before the name (the image module accepts it); a full
        ``[[File:X.jpg|200px]]`` link or other markup (several images, a ``<div>``): the
        image module passes them through and they render; templates in the value (an
        image chooser).
    """
    param = box.role_param("image")
    if param is None:
        return
    raw = strip_comments(param.raw).strip()
    if not raw or "{{" in raw:
        return
    problem = None
    if re.match(r"^\[?(?:https?:)?//", raw):
        problem = "is a URL, not a file name"
    elif raw.startswith("[[") or "<" in raw:
        if _is_framed_link(raw):
            problem = "is a framed [[File:…|thumb]] link; give only the file name"
    else:
        name = _FILE_PREFIX.sub("", raw)
        if _THUMB.match(name):
            problem = "is a thumbnail name (NNNpx-…); use the original file name"
        elif not _EXTENSION.search(name):
            problem = "has no file extension"
    if problem:
        yield Report(f"{param.name} {_short(raw)!r} {problem}", param.value_span)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULES = [
    Rule("infobox-unknown-template", INFO, "infobox", "infobox", unknown_template),
    Rule("infobox-unknown-param", ERROR, "infobox", "infobox", unknown_param, fixable=True),
    Rule("infobox-duplicate-param", ERROR, "infobox", "infobox", duplicate_param, fixable=True),
    Rule("infobox-deprecated-param", WARNING, "infobox", "infobox", deprecated_param, True),
    Rule("infobox-missing-required", ERROR, "infobox", "infobox", missing_required),
    Rule("infobox-empty-param", INFO, "infobox", "infobox", empty_param),
    Rule("infobox-date-invalid", ERROR, "infobox", "infobox", date_invalid),
    Rule("infobox-date-format", WARNING, "infobox", "infobox", date_format),
    Rule("infobox-participants-missing", WARNING, "infobox", "infobox", participants_missing),
    Rule("infobox-participants-duplicate", WARNING, "infobox", "infobox", participants_duplicate),
    Rule("infobox-flag-only", WARNING, "infobox", "infobox", flag_only),
    Rule("infobox-sequence-not-link", WARNING, "infobox", "infobox", sequence_not_link),
    Rule("infobox-sequence-self", ERROR, "infobox", "infobox", sequence_self),
    Rule("infobox-sequence-same", ERROR, "infobox", "infobox", sequence_same),
    Rule("infobox-sequence-order", ERROR, "infobox", "infobox", sequence_order),
    Rule("infobox-sequence-reciprocal", WARNING, "infobox", "infobox", sequence_reciprocal),
    Rule("infobox-image-syntax", ERROR, "infobox", "infobox", image_syntax),
]
