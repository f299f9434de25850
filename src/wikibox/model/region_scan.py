"""The brace scanner of regional parsing: where mwparserfromhell's templates are, without
parsing.

:func:`scan_templates` matches ``{{…}}`` the way mwparserfromhell does on real pages, skipping
comments and the content of tags that are not wikitext (``<nowiki>``, ``<math>`` …), and gives
up (``None``) wherever it is not sure: a run of four or more braces, an unclosed template or
comment, an opaque tag it cannot close, ``{{{`` closed by ``}}``, a template name
mwparserfromhell rejects.
"""

from __future__ import annotations

import re

from mwparserfromhell.definitions import PARSER_BLACKLIST

from wikibox.wikitext.names import normalize_template_name

__all__ = [
    "OPAQUE",
    "OPENER",
    "Element",
    "Region",
    "Scanned",
    "closing_tag",
    "scan_templates",
]

OPAQUE = "|".join(sorted(PARSER_BLACKLIST, key=len, reverse=True))
_TOKEN = re.compile(r"\{\{+|\}\}+|<!--|<(?:" + OPAQUE + r")(?=[\s/>])", re.IGNORECASE)
OPENER = re.compile(r"<(" + OPAQUE + r")((?:[ \t][^<>\n]*?)?)(/?)>", re.IGNORECASE)
_CLOSERS: dict[str, re.Pattern[str]] = {}

Region = tuple[int, int]
Scanned = tuple[int, int, int, str]  # start, end, depth, normalised name
Element = tuple[int, int, str]  # start, end, tag name ("!--" for a comment)


def closing_tag(name: str) -> re.Pattern[str]:
    pattern = _CLOSERS.get(name)
    if pattern is None:
        pattern = _CLOSERS[name] = re.compile(rf"</{name}\s*>", re.IGNORECASE)
    return pattern


def scan_templates(text: str, outside: list[Element] | None = None) -> list[Scanned] | None:
    """Every ``{{…}}`` template of ``text`` with its depth and normalised name, or ``None``.

    ``outside``, when given, receives the comments (named ``!--``) and the elements of opaque
    tags (``<nowiki>…</nowiki>``, named by the tag) that are not inside a template."""
    found: list[Scanned] = []
    skipped: list[Region] = []  # closed templates, arguments and comments, for names
    stack: list[tuple[int, int, int]] = []  # (start, 2 or 3 braces, len(skipped) at open)
    pos = 0
    search = _TOKEN.search
    while True:
        match = search(text, pos)
        if match is None:
            break
        token = match.group()
        start = match.start()
        pos = match.end()
        first = token[0]
        if first == "{":
            if len(token) > 3:
                return None
            stack.append((start, len(token), len(skipped)))
        elif first == "}":
            run = len(token)
            at = start
            while run >= 2 and stack:
                opened, size, inner = stack[-1]
                if size > run:
                    return None  # "{{{" closed by "}}": mwparserfromhell backtracks
                stack.pop()
                at += size
                run -= size
                if size == 2:
                    name = _template_name(text, opened, at, skipped[inner:])
                    if name is None:
                        return None
                    found.append((opened, at, len(stack), name))
                skipped.append((opened, at))
            if run and stack:
                return None  # a stray "}" inside a template: not worth guessing
        elif token == "<!--":
            end = text.find("-->", pos)
            if end < 0:
                return None  # unclosed: mwparserfromhell reads it as text, MediaWiki not
            pos = end + 3
            if stack:
                skipped.append((start, pos))
            elif outside is not None:
                outside.append((start, pos, "!--"))
        else:
            opener = OPENER.match(text, start)
            if opener is None or "{" in opener.group(2):
                return None  # an odd opening tag, or templates in its attributes
            name = opener.group(1).lower()
            if opener.group(3):
                pos = opener.end()
            else:
                closer = closing_tag(name).search(text, opener.end())
                if closer is None:
                    return None
                pos = closer.end()
            if outside is not None and not stack:
                outside.append((start, pos, name))
    if stack:
        return None
    found.sort()
    return found


_NAME_TROUBLE = re.compile(r"[\[\]<>{}\n]")
_BAD_NAME = re.compile(r"[\[\]<>{}]|\n\s*\S")


def _template_name(text: str, start: int, end: int, inner: list[Region]) -> str | None:
    """The normalised name of the template ``text[start:end]`` (up to its first pipe outside
    nested templates and comments), or ``None`` for a name mwparserfromhell rejects (it then
    reads the braces as text and matches the rest of the page differently)."""
    pipe = text.find("|", start + 2, end - 2)
    raw = text[start + 2 : end - 2 if pipe < 0 else pipe]
    if not _NAME_TROUBLE.search(raw) and raw.strip():
        return normalize_template_name(raw)
    pieces = []  # the name without its nested templates, arguments and comments
    pos = start + 2
    for skip_start, skip_end in sorted(inner):
        if skip_start < pos:
            continue  # inside a piece already skipped
        pipe = text.find("|", pos, skip_start)
        if pipe >= 0:
            break
        pieces.append(text[pos:skip_start])
        pos = skip_end
    else:
        pipe = text.find("|", pos, end - 2)
    pieces.append(text[pos : end - 2 if pipe < 0 else pipe])
    residue = "".join(pieces).rstrip()
    if _BAD_NAME.search(residue) or (len(pieces) == 1 and not residue.strip()):
        return None
    return normalize_template_name(text[start + 2 : end - 2 if pipe < 0 else pipe])
