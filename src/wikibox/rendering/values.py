"""Values as the wiki wants them: dates in its style, parameters in the order of the template's
documentation, deprecated names renamed when rendering for another wiki, section headings that
stay one heading.
"""

from __future__ import annotations

import re
from typing import Any

from wikibox.errors import RenderError
from wikibox.model.profiles import wiki_config
from wikibox.rendering.environment import reformat_date
from wikibox.wikitext.escape import check_template_name, escape_switches
from wikibox.wikitext.parser import parse_wikitext, plain_text

__all__ = [
    "check_participants",
    "check_prose",
    "date_styles",
    "prepared_params",
    "prose_styles",
    "section_heading",
]


def prepared_params(
    params: list[tuple[str, str]],
    schema: Any,
    date_style: str | None,
    *,
    rename_deprecated: bool = False,
    keep_order: bool = False,
) -> list[tuple[str, str]]:
    """Dates in the wiki's style, deprecated names renamed (``rename_deprecated``: for another
    wiki), in the
    order of the template's documentation (``paramOrder``, unknown names last) unless
    ``keep_order`` (a call extracted from a page keeps the page's order)."""
    if schema is None:
        return params
    out = []
    for name, value in params:
        param = schema.lookup(name)
        if rename_deprecated and param is not None and param.replacement:
            name = param.replacement
            param = schema.lookup(name) or param
        if param is not None and param.type == "date":
            value = reformat_date(value, date_style)
        out.append((name, value))
    if keep_order:
        return out
    rank = {name: i for i, name in enumerate(schema.param_order)}

    def order(item: tuple[int, tuple[str, str]]) -> tuple[int, int, int]:
        index, (name, _) = item
        position = rank.get(schema.canonical(name) or "")
        return (0, position, index) if position is not None else (1, 0, index)

    return [param for _, param in sorted(enumerate(out), key=order)]


def date_styles(
    spec: dict[str, Any], wiki: str, *, cross_wiki: bool
) -> tuple[str | None, str | None]:
    """Same wiki: the spec's styles (None: dates as written).  Another wiki: its own."""
    if not cross_wiki:
        return spec.get("date_style"), spec.get("citation_date_style")
    prose = prose_styles(wiki)[0]
    formats = wiki_config(wiki).date_formats
    return prose, "iso" if "iso" in formats else prose


def prose_styles(wiki: str) -> list[str]:
    """The styles of prose dates on the wiki (its first is the one new dates are written in)."""
    formats = wiki_config(wiki).date_formats
    return [f for f in formats if f in ("dmy", "mdy", "ja")] or ["dmy"]


def section_heading(section: dict[str, Any], index: int) -> str:
    """The heading of section ``index`` of a spec: plain text that stays one heading (no ``=``
    at its ends, no line break, no signature or behaviour switch once saved)."""
    where = f"sections/{index}"
    heading = section.get("heading", section["title"]).strip()
    if "heading" not in section and plain_text(heading) != heading:
        raise RenderError(f"{where}/title: {heading!r} is not plain text; give `heading`")
    if not heading or "\n" in heading or heading[0] == "=" or heading[-1] == "=":
        raise RenderError(f"{where}: {heading!r} cannot be written as a heading")
    # ~~~ would become a signature when the page is saved, __NOTOC__ a page setting.
    heading = escape_switches(heading)
    return re.sub(r"~(?=~~)", "&#126;", heading)


def check_prose(text: str, where: str) -> None:
    """Prose of a spec holds no heading: sections are the spec's own, never hidden in text."""
    for heading in parse_wikitext(text).filter_headings(recursive=False):
        line = text[: text.find(str(heading))].count("\n") + 1
        raise RenderError(
            f"{where}: line {line}: a heading inside the text; make it a section of its own"
        )


def check_participants(people: list[dict[str, Any]]) -> None:
    """Participants written into an infobox are one line of text each (a line break could end
    the box's table: ``|}``), and a flag template is a template's name, never markup."""
    for i, person in enumerate(people):
        if "flag_template" in person:
            check_template_name(person["flag_template"], f"infobox/participants/{i}/flag_template")
        for field in ("name", "target", "country"):
            if "\n" in (person.get(field) or ""):
                where = f"infobox/participants/{i}/{field}"
                raise RenderError(f"{where}: {person[field]!r} spans lines")
