"""Semantic views of an infobox: its date, its participants, its previous and next events.

Which parameter plays which role comes from the template's profile
(:mod:`wikibox.profiles`); how a value is read is the same for every template:

* ``participants`` may be written with ``<br />``, ``{{plainlist}}``/``{{flatlist}}`` bullets,
  ``{{ubl}}``/``{{unbulleted list}}``/``{{hlist}}`` items, ``*`` bullets or commas; each item
  may start with a flag template (``{{flagicon|USA}}``, ``{{flag|Russia}}``,
  ``{{flagdeco|…}}``) and holds a wikilink or plain text;
* ``previous``/``next`` is a wikilink (target page and display text) or plain text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

from wikibox.model.dates import InvalidDate, parse_date
from wikibox.model.values import Link, Participant
from wikibox.wikitext.names import normalize_page_title, normalize_template_name, strip_comments
from wikibox.wikitext.parser import parse_wikitext, plain_text

if TYPE_CHECKING:
    from wikibox.model.article import Article, Param
    from wikibox.model.dates import WikiDate

__all__ = [
    "FLAG_TEMPLATES",
    "LIST_TEMPLATES",
    "infobox_date",
    "participant_items",
    "participants",
    "sequence_link",
]

#: Flag templates; those in FLAG_WITH_NAME also print the country's name.
FLAG_TEMPLATES = frozenset(
    {"Flagicon", "Flag icon", "Flagdeco", "Flag", "Flagcountry", "Flagu", "Flag country", "Flagg"}
)
FLAG_WITH_NAME = frozenset({"Flag", "Flagcountry", "Flagu", "Flag country"})
#: List templates whose positional parameters are the items.
ITEM_LIST_TEMPLATES = frozenset(
    {"Ubl", "Unbulleted list", "Ubil", "Hlist", "Plain list/items", "Bulleted list", "Ulist"}
)
#: List templates whose first parameter is a ``*`` bulleted list.
BULLET_LIST_TEMPLATES = frozenset({"Plainlist", "Plain list", "Flatlist", "Flat list"})
LIST_TEMPLATES = ITEM_LIST_TEMPLATES | BULLET_LIST_TEMPLATES

_BREAK = re.compile(r"<br\s*/?\s*>|\n\s*[*#]+|\A\s*[*#]+", re.IGNORECASE)


def infobox_date(article: Article) -> WikiDate | None:
    """The parsed date of the article's infobox, or None when absent or invalid."""

    box = article.infobox
    param = box.role_param("date") if box else None
    if param is None or param.is_empty:
        return None
    try:
        return parse_date(param.raw, wiki=article.wiki)
    except InvalidDate:
        return None


def participant_items(value: Wikicode | str) -> list[str]:
    """Split a participants value into the wikitext of each item."""
    code = parse_wikitext(value) if isinstance(value, str) else value
    items: list[str] = []
    rest: list[str] = []
    for node in code.nodes:
        if isinstance(node, Template):
            name = normalize_template_name(str(node.name))
            if name in ITEM_LIST_TEMPLATES:
                items.extend(str(p.value) for p in node.params if not p.showkey)
                continue
            if name in BULLET_LIST_TEMPLATES and node.has("1"):
                items.extend(_split_breaks(str(node.get("1").value)))
                continue
        rest.append(str(node))
    leftover = _split_breaks("".join(rest))
    if len(leftover) == 1 and not items:
        leftover = _split_commas(leftover[0])
    items.extend(leftover)
    return [item for item in items if plain_text(item) or _has_flag(item)]


def participants(value: Wikicode | str) -> list[Participant]:
    """Each participant of a value: display name, link target, flag country."""
    return [_participant(item) for item in participant_items(value)]


def sequence_link(param: Param | None) -> Link | None:
    """The page a ``previous``/``next`` value points to (first wikilink), or its plain text."""
    if param is None or param.is_empty:
        return None
    code = param.node.value if param.node is not None else parse_wikitext(param.raw)
    links = [n for n in code.filter_wikilinks(recursive=True) if not _is_file_link(n)]
    if links:
        link = links[0]
        target = normalize_page_title(str(link.title))
        text = plain_text(link.text) if link.text is not None else strip_comments(str(link.title))
        return Link(target=target or None, text=text.strip(), raw=param.raw)
    return Link(target=None, text=param.value, raw=param.raw)


def _participant(item: str) -> Participant:
    code = parse_wikitext(item)
    country = flag = None
    for template in code.filter_templates(recursive=False):
        name = normalize_template_name(str(template.name))
        if name in FLAG_TEMPLATES:
            flag = name
            country = str(template.get("1").value).strip() if template.has("1") else None
            break
    links = [n for n in code.filter_wikilinks(recursive=False) if not _is_file_link(n)]
    target = normalize_page_title(str(links[0].title)) if links else None
    visible = [n for n in code.nodes if not (isinstance(n, Template) and _is_flag(n))]
    name = plain_text(Wikicode(visible))
    if not name and flag in FLAG_WITH_NAME and country:
        name = country
    return Participant(name=name, target=target, country=country, flag_template=flag)


def _split_breaks(text: str) -> list[str]:
    return [part for part in _BREAK.split(text) if part.strip()]


def _split_commas(text: str) -> list[str]:
    """Split at top-level commas (not inside links, templates or tags)."""
    parts, depth, start = [], 0, 0
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in ("[[", "{{"):
            depth, i = depth + 1, i + 2
            continue
        if pair in ("]]", "}}"):
            depth, i = max(0, depth - 1), i + 2
            continue
        if text[i] in ",、" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()] or [text]


def _is_flag(node: Template) -> bool:
    return normalize_template_name(str(node.name)) in FLAG_TEMPLATES


def _has_flag(item: str) -> bool:
    return any(_is_flag(t) for t in parse_wikitext(item).filter_templates(recursive=False))


def _is_file_link(link: Wikilink) -> bool:
    prefix = str(link.title).split(":", 1)[0].strip().casefold() if ":" in str(link.title) else ""
    return prefix in {"file", "image", "ファイル", "画像"}
