"""Infobox rules: the parameters against TemplateData, and the family's registry.

The wiki's own modules flag only unknown parameters, and only after the page is rendered.
The rules here check the parameters against the template's TemplateData (unknown, duplicated,
deprecated, required, empty).  The rules on what the values mean live beside this module: the
date (valid, not in the future, in the article's format) in :mod:`.infobox_dates`, the
participants of a meeting and cells showing only flags in :mod:`.infobox_participants`, the
previous/next links of a series in :mod:`.infobox_series`, and the image value in
:mod:`.infobox_image`.  This module's ``FAMILY`` lists the whole family, in catalogue order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wikibox.lint.findings import RemoveParam, RenameParam, Report, Severity
from wikibox.lint.rules.base import Context, Family, rule
from wikibox.lint.rules.infobox.dates import date_format, date_invalid
from wikibox.lint.rules.infobox.image import image_syntax
from wikibox.lint.rules.infobox.participants import (
    flag_only,
    participants_duplicate,
    participants_missing,
)
from wikibox.lint.rules.infobox.series import (
    sequence_not_link,
    sequence_order,
    sequence_reciprocal,
    sequence_same,
    sequence_self,
)
from wikibox.lint.rules.infobox.view import box_schema, shown
from wikibox.model.article import Infobox, Param

__all__ = ["FAMILY"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


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


@rule(name="infobox-unknown-template", severity=Severity.INFO, visits="infobox")
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
    if box_schema(ctx, box) is None:
        yield Report(
            f"no TemplateData for {{{{{box.template}}}}}: its parameters were not checked",
            box.name_span,
        )


@rule(name="infobox-unknown-param", severity=Severity.ERROR, visits="infobox", fixable=True)
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
    schema = box_schema(ctx, box)
    if schema is None:
        return
    partial = _is_partial(schema)
    present = {_canonical(schema, p.name) for p in box.params}
    for param in box.params:
        if schema.is_known(param.name) or (param.positional and param.is_empty):
            continue
        suggestion = schema.closest(param.name)
        if partial and (suggestion is None or _folded(suggestion) != _folded(param.name)):
            continue
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        what = "positional parameter" if param.positional else "parameter"
        yield Report(
            f"unknown {what} {param.name!r} in {{{{{box.template}}}}}"
            + (f" (value {shown(param)!r})" if param.positional else "")
            + hint,
            param.span,
            fix=(RenameParam(box.node, param.node, suggestion),)
            if suggestion and _canonical(schema, suggestion) not in present and not param.positional
            else None,
            unsafe_fix=True,
            data={"param": param.name, "suggestion": suggestion},
        )


@rule(name="infobox-duplicate-param", severity=Severity.ERROR, visits="infobox", fixable=True)
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
    schema = box_schema(ctx, box)
    seen: dict[str, Param] = {}
    for param in box.params:
        key = _canonical(schema, param.name)
        first = seen.get(key)
        seen[key] = param
        if first is None:
            continue
        removable = first.raw.strip() == param.raw.strip() or first.is_empty
        alias = "" if first.name == param.name else f" (as {param.name!r})"
        if first.value == param.value and not first.is_empty:
            what = "both values are the same"
        elif first.is_empty:
            what = "the first one is empty"
        else:
            what = f"MediaWiki uses the last value {shown(param)!r} and drops {shown(first)!r}"
        yield Report(
            f"parameter {first.name!r} is given again on line {param.span.line}{alias}; {what}",
            first.span,
            fix=(RemoveParam(box.node, first.node),) if removable else None,
            data={"param": first.name},
        )


@rule(name="infobox-deprecated-param", severity=Severity.WARNING, visits="infobox", fixable=True)
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
    schema = box_schema(ctx, box)
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


@rule(name="infobox-missing-required", severity=Severity.ERROR, visits="infobox")
def missing_required(ctx: Context, box: Infobox) -> Iterator[Report]:
    """A parameter the TemplateData marks as required is missing or empty.

    Why:
        A required parameter left out usually breaks the infobox's layout or leaves a row
        with no data.
    Fails:
        {{Infobox officeholder|office=Mayor}}   (needs a TemplateData that requires ``name``)
    Passes:
        {{Infobox officeholder|name=A|office=Mayor}}
    Does not flag:
        Suggested (not required) parameters; templates without a schema.
    """
    schema = box_schema(ctx, box)
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
        elif given[-1].is_empty:
            yield Report(
                f"required parameter {given[-1].name!r} of {{{{{box.template}}}}} is empty",
                given[-1].span,
            )


@rule(name="infobox-empty-param", severity=Severity.INFO, visits="infobox")
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
    schema = box_schema(ctx, box)
    required = {_canonical(schema, name) for name in schema.required_params()} if schema else set()
    for param in box.params:
        if param.is_empty and not param.positional:
            if _canonical(schema, param.name) in required:
                continue
            yield Report(f"parameter {param.name!r} of {{{{{box.template}}}}} is empty", param.span)


FAMILY = Family.of(
    "infobox",
    "Infobox rules",
    [
        unknown_template,
        unknown_param,
        duplicate_param,
        deprecated_param,
        missing_required,
        empty_param,
        date_invalid,
        date_format,
        participants_missing,
        participants_duplicate,
        flag_only,
        sequence_not_link,
        sequence_self,
        sequence_same,
        sequence_order,
        sequence_reciprocal,
        image_syntax,
    ],
    fast_needles=("nfobox", "基礎情報"),
    folded_needles=("infobox", "基礎情報"),
)
