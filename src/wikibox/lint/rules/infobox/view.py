"""How the infobox rules read a box: its schema, blank values, values quoted in messages.

Every infobox rule module needs the same few readings of a box (the TemplateData of its
template, a value shortened for a message, the kind of thing the box
describes); they live here, apart from the rules, so that every rule module can share them.
"""

from __future__ import annotations

from wikibox.lint.rules.base import Context, short
from wikibox.model.article import Infobox, Param
from wikibox.wikitext.names import strip_comments

__all__ = ["box_schema", "profile_kind", "shown"]


def box_schema(ctx: Context, box: Infobox):
    return ctx.schemas.get(box.template)


def shown(param: Param) -> str:
    """A value for a message: its plain text, or its wikitext when that shows nothing."""
    return short(param.value or strip_comments(param.raw).strip() or "(empty)")


def profile_kind(box: Infobox) -> str | None:
    return box.kind
