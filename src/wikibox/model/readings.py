"""Infobox values as a reader sees them: the common templates expanded the way the page shows
them.

Real infobox values are mostly templates: ``{{plainlist}}`` lists of genres, ``{{birth
date|1931|6|24}}``, ``{{US$|89.95 billion}}``, ``{{nowrap|…}}``.  Plain text of such a value
(``Param.value``) is empty; :func:`read_value` expands the templates of the wiki's expansion
table (``profiles/readings.yaml``, data per wiki) instead:

* list templates and ``*`` bullets / ``<br />`` breaks give ``items`` as well as the text;
* date templates give typed dates (:class:`~wikibox.model.dates.WikiDate`), written in the
  wiki's date style;
* formatting, language, currency and number templates give their text; flags the country;
* a file link gives the file name (``[[File:Logo.svg|frameless]]`` reads ``Logo.svg``).

A template the table does not know is never dropped: its wikitext stays in the text and its
name is listed in ``unexpanded``, so a reader of the data sees that something was not read.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from mwparserfromhell.nodes import (
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from wikibox.model.dates import MONTHS, STYLES, InvalidDate, WikiDate, parse_date
from wikibox.model.profiles import ExpansionTable, expansion_table
from wikibox.wikitext.names import normalize_template_name, strip_comments
from wikibox.wikitext.parser import parse_wikitext, tag_name

__all__ = ["Reading", "read_value"]

_INVISIBLE_TAGS = frozenset({"ref", "references", "templatestyles"})
_BREAK_TAGS = frozenset({"br", "li", "p", "div"})
_LIST_MARKUP = frozenset({"*", "#", ";", ":"})
_SPACES = re.compile(r"[ \t\u00a0]+")
_STYLE_QUOTES = re.compile(r"'{2,5}")
_PLACEHOLDER = re.compile(r"\{([^{}|]+(?:\|[^{}|]+)*)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_NUMBER = re.compile(r"[0-9]{1,4}")
_LINE = "\n"


@dataclass(frozen=True)
class Reading:
    """A value as the page shows it.

    ``text`` is the visible text (lines joined with a line break); ``items`` the list items
    when the value is a list (a list template, bullets or several lines); ``dates`` the typed
    dates of its date templates (or of the text itself when it is a date); ``files`` the file
    names of its file links; ``unexpanded`` the names of templates left as wikitext.
    """

    text: str
    items: tuple[str, ...] = ()
    dates: tuple[WikiDate, ...] = ()
    files: tuple[str, ...] = ()
    unexpanded: tuple[str, ...] = ()

    @property
    def date(self) -> WikiDate | None:
        return self.dates[0] if self.dates else None

    def to_dict(self) -> dict:
        """The keys the article spec adds to a parameter (only those that say something)."""
        out: dict = {}
        if self.items:
            out["items"] = list(self.items)
        if self.files:
            out["files"] = list(self.files)
        if self.unexpanded:
            out["unexpanded"] = list(self.unexpanded)
        return out


@dataclass
class _Pieces:
    """What reading a run of nodes collects on the way."""

    parts: list[str] = field(default_factory=list)
    lists: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # items, text
    dates: list[WikiDate] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unexpanded: list[str] = field(default_factory=list)


def read_value(value: Wikicode | str, wiki: str = "enwiki") -> Reading:
    """Read a parameter value (its Wikicode, or wikitext) as the page shows it on ``wiki``."""
    code = parse_wikitext(value) if isinstance(value, str) else value
    reader = _Reader(expansion_table(wiki))
    pieces = _Pieces()
    reader.nodes(code, pieces)
    lines = _lines("".join(pieces.parts))
    text = _LINE.join(lines)
    if len(pieces.lists) == 1 and _LINE.join(_lines(pieces.lists[0][1])) == text:
        items = pieces.lists[0][0]
    elif len(lines) > 1:
        items = tuple(lines)
    else:
        items = ()
    dates = list(pieces.dates)
    if not dates and text and "{{" not in text:
        date = _prose_date(text, reader.table, wiki)
        if date is not None and date.precision != "year":  # a bare number is not a date
            dates.append(date)
    return Reading(
        text=text,
        items=items,
        dates=tuple(dates),
        files=tuple(pieces.files),
        unexpanded=tuple(dict.fromkeys(pieces.unexpanded)),
    )


def _prose_date(text: str, table: ExpansionTable, wiki: str) -> WikiDate | None:
    """A value that is a date: in a form :func:`parse_date` accepts, else in the wiki's own
    date text (``20 tháng 1 năm 2001``, ``6 липня 2006``)."""
    try:
        return parse_date(text, wiki=wiki)
    except InvalidDate:
        pass
    for precision, pattern in _local_patterns(table):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if parts.get("m") else None
        if parts.get("M"):
            month = table.months.index(parts["M"]) + 1
        day = int(parts["d"]) if parts.get("d") else None
        try:
            datetime.date(int(parts["y"]), month or 1, day or 1)
        except ValueError:
            return None
        return WikiDate(text, int(parts["y"]), month, day, precision, "dmy")
    return None


@lru_cache(maxsize=32)
def _local_patterns(table: ExpansionTable) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Regular expressions of the wiki's date texts (day and month precision)."""
    months = "|".join(re.escape(m) for m in table.months)
    fields = {
        "{d}": r"(?P<d>[0-9]{1,2})",
        "{m}": r"(?P<m>[0-9]{1,2})",
        "{y}": r"(?P<y>[0-9]{3,4})",
        "{M}": f"(?P<M>{months})",
    }
    patterns = []
    for formats in table.date_formats.values():
        for precision in ("day", "month"):
            pattern = re.escape(formats[precision]).replace(r"\{", "{").replace(r"\}", "}")
            pattern = pattern.replace(r"\ ", " ")
            for key, regex in fields.items():
                pattern = pattern.replace(re.escape(key), regex).replace(key, regex)
            patterns.append((precision, re.compile(pattern)))
    return tuple(patterns)


def _lines(text: str) -> list[str]:
    """The visible lines: bold/italic quotes gone (style is not parsed, see the parser
    notes), runs of spaces collapsed, blank lines dropped."""
    out = []
    for line in _STYLE_QUOTES.sub("", text).split(_LINE):
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


class _Reader:
    def __init__(self, table: ExpansionTable) -> None:
        self.table = table

    def text(self, code: Wikicode, pieces: _Pieces) -> str:
        """The text of a nested run (a template parameter), collecting into ``pieces``."""
        inner = _Pieces()
        self.nodes(code, inner)
        pieces.dates.extend(inner.dates)
        pieces.files.extend(inner.files)
        pieces.unexpanded.extend(inner.unexpanded)
        return "".join(inner.parts)

    def nodes(self, code: Wikicode, pieces: _Pieces) -> None:
        for node in code.nodes:
            self.node(node, pieces)

    def node(self, node, pieces: _Pieces) -> None:
        kind = type(node)
        if kind is Text:
            pieces.parts.append(node.value)
        elif kind is Template:
            self.template(node, pieces)
        elif kind is Wikilink:
            self.wikilink(node, pieces)
        elif kind is HTMLEntity:
            pieces.parts.append(node.normalize())
        elif kind is Tag:
            self.tag(node, pieces)
        elif kind is ExternalLink:
            shown = node.title if node.title is not None else node.url
            pieces.parts.append(self.text(shown, pieces))
        elif kind is Heading:
            pieces.parts.append(self.text(node.title, pieces))
        elif kind is not Comment:  # a template argument {{{x}}} and the like, as written
            pieces.parts.append(str(node))

    def tag(self, node: Tag, pieces: _Pieces) -> None:
        name = tag_name(node)
        if name in _INVISIBLE_TAGS:
            return
        if node.wiki_markup in _LIST_MARKUP or name in _BREAK_TAGS:
            pieces.parts.append(_LINE)
        if node.contents is not None and name not in ("nowiki", "math", "pre"):
            pieces.parts.append(self.text(node.contents, pieces))
        elif node.contents is not None:
            pieces.parts.append(str(node.contents))
        if name in ("p", "div"):
            pieces.parts.append(_LINE)

    def wikilink(self, node: Wikilink, pieces: _Pieces) -> None:
        title = strip_comments(str(node.title)).strip()
        namespace, _, rest = title.lstrip(":").partition(":")
        namespace = namespace.strip().casefold() if rest and not title.startswith(":") else ""
        if namespace in self.table.file_namespaces:
            name = rest.strip().replace("_", " ")
            pieces.files.append(name)
            pieces.parts.append(name)
            return
        if namespace in self.table.category_namespaces:
            return
        if node.text is not None:
            pieces.parts.append(self.text(node.text, pieces))
        else:
            pieces.parts.append(title.lstrip(":"))

    def template(self, node: Template, pieces: _Pieces) -> None:
        name = normalize_template_name(str(node.name))
        parser_function, _, argument = name.partition(":")
        expansion = self.table.lookup(name)
        if expansion is None and argument and parser_function.casefold() == "formatnum":
            pieces.parts.append(argument.strip())
            return
        if expansion is None:
            pieces.unexpanded.append(name)
            pieces.parts.append(str(node))
            return
        kind = expansion["kind"]
        if kind == "hidden":
            return
        args = {
            strip_comments(str(p.name)).strip(): p for p in node.params
        }  # the last of duplicates wins, as in MediaWiki
        if kind == "format":
            pieces.parts.append(self.format(expansion["text"], args, pieces))
        elif kind == "flag":
            if expansion.get("name") and "1" in args:
                shown = args["name"] if "name" in args else args["1"]
                pieces.parts.append(self.text(shown.value, pieces).strip())
        elif kind == "list":
            items = self.list_items(node, expansion, pieces)
            shown = expansion.get("separator", _LINE).join(items)
            pieces.lists.append((items, shown))
            pieces.parts.append(_LINE + shown + _LINE)
        elif kind == "date":
            pieces.parts.append(self.date(node, name, expansion, args, pieces))
        else:  # an entry of a kind this version does not know: keep it visible
            pieces.unexpanded.append(name)
            pieces.parts.append(str(node))

    def format(self, pattern: str, args: dict, pieces: _Pieces) -> str:
        def value(names: str) -> str:
            for key in names.split("|"):
                if key in args:
                    text = self.text(args[key].value, pieces).strip()
                    if text:
                        return text
            return ""

        def optional(match: re.Match[str]) -> str:
            part = match.group(1)
            keys = _PLACEHOLDER.findall(part)
            return "" if any(not value(k) for k in keys) else part

        while _OPTIONAL.search(pattern):
            pattern = _OPTIONAL.sub(optional, pattern)
        return _PLACEHOLDER.sub(lambda m: value(m.group(1)), pattern)

    def list_items(self, node: Template, expansion: dict, pieces: _Pieces) -> tuple[str, ...]:
        positional = [p for p in node.params if not p.showkey]
        if expansion.get("items") == "bullets":
            texts = [self.text(p.value, pieces) for p in positional[:1]]
        else:
            texts = [_LINE.join(_lines(self.text(p.value, pieces))) for p in positional]
            return tuple(t for t in texts if t)
        lines = []
        for text in texts:
            lines.extend(_lines(text))
        return tuple(lines)

    def date(self, node: Template, name: str, expansion: dict, args: dict, pieces) -> str:
        written = str(expansion.get("written", "") or "")
        try:
            if written:
                source = self.text(args[written].value, pieces) if written in args else ""
                date = parse_date(source)
                date = replace(date, template=name)  # shown as written
            else:
                date = self.numbered_date(node, name, expansion, args, pieces)
        except (InvalidDate, KeyError, ValueError):
            pieces.unexpanded.append(name)
            return str(node)
        style = self.table.date_style
        if "df" in args and str(args["df"].value).strip().lower() in ("y", "yes"):
            style = "dmy" if style == "mdy" else style
        text = date.text if written else self.table.date_text(date, style)
        shown = str(expansion.get("shown", "") or "")
        if written and shown in args and self.text(args[shown].value, pieces).strip():
            text = self.text(args[shown].value, pieces).strip()
        if not written:  # the format says how the date shows: a day in the wiki's style
            shown = {"day": style if style in STYLES else "dmy", "month": "my", "year": "y"}
            date = replace(date, format=shown[date.precision])
        pieces.dates.append(date)
        return text

    def numbered_date(self, node, name, expansion, args, pieces) -> WikiDate:
        def number(key: str, default: int | None) -> str:
            position = expansion.get(key, default)
            if position is None or str(position) not in args:
                return ""
            return self.text(args[str(position)].value, pieces).strip()

        year, month, day = number("year", 1), number("month", 2), number("day", 3)
        if not _NUMBER.fullmatch(year):
            raise InvalidDate(str(node), "no year")
        month_number = None
        if month:
            month_number = int(month) if month.isdigit() else _month(month, str(node))
        day_number = int(day) if day.isdigit() and month_number else None
        if month_number is not None and not 1 <= month_number <= 12:
            raise InvalidDate(str(node), "no such month")
        last_day = calendar.monthrange(int(year), month_number)[1] if month_number else 31
        if day_number is not None and not 1 <= day_number <= last_day:
            raise InvalidDate(str(node), "no such day")
        precision = "day" if day_number else "month" if month_number else "year"
        return WikiDate(
            str(node), int(year), month_number, day_number, precision, "y", template=name
        )


def _month(word: str, text: str) -> int:
    folded = word.strip().rstrip(".").casefold()
    for number, month in enumerate(MONTHS, start=1):
        if folded in (month.casefold(), month[:3].casefold()):
            return number
    raise InvalidDate(text, f"{word!r} is not a month")
