"""Escape a value so that it can be written as a template argument without changing the page.

Balanced markup is kept as written (``[[a|b]]``, ``{{flagicon|USA}}``, comments,
``<ref>…</ref>``), found the way MediaWiki's preprocessor finds it and kept only when
mwparserfromhell reads it the same way; what would change the page's structure is escaped: a
``|`` becomes ``{{!}}``, stray braces and double brackets become character references, a stray
``<ref``/``<!--``/``<nowiki`` becomes ``&lt;``.  Names of parameters, templates and ``<ref>``
attributes that cannot be written safely are a :class:`~wikibox.errors.RenderError`.
"""

from __future__ import annotations

import re
from typing import Any

from mwparserfromhell.nodes import Argument, Comment, Tag, Template, Wikilink

from wikibox.errors import RenderError
from wikibox.wikitext.parser import parse_wikitext
from wikibox.wikitext.positions import NodeLocator

__all__ = [
    "BEHAVIOUR_SWITCH",
    "OPAQUE_TAGS",
    "REF_MARKER",
    "attribute",
    "check_name",
    "check_template_name",
    "escape_switches",
    "escape_value",
    "unescape_value",
]

#: Tags the MediaWiki preprocessor keeps whole: a ``|`` or ``}}`` inside does not end a
#: template argument.  (``<span>`` and other HTML tags are *not* among them.)
OPAQUE_TAGS = frozenset(
    {
        "ref", "references", "nowiki", "pre", "math", "chem", "ce", "syntaxhighlight",
        "source", "gallery", "poem", "score", "timeline", "graph", "templatedata",
        "templatestyles", "indicator", "categorytree", "mapframe", "maplink", "hiero",
        "imagemap", "inputbox", "section", "charinsert", "includeonly",
    }
)  # fmt: skip
#: Tags that change what a page transcludes; never let one through in a value.
_TRANSCLUSION_TAGS = ("noinclude", "onlyinclude")
_TAG_NAMES = "|".join(sorted(OPAQUE_TAGS | set(_TRANSCLUSION_TAGS), key=len, reverse=True))
_OPAQUE_OPEN = re.compile(rf"<({'|'.join(sorted(OPAQUE_TAGS, key=len, reverse=True))})"
                          r"(?=[\s/>])[^>]*?(/?)>", re.IGNORECASE)  # fmt: skip
_STRAY_TAG = re.compile(rf"<(?:!--|/?(?:{_TAG_NAMES})(?=[\s/>]|\Z))", re.IGNORECASE)
_TAG_START = re.compile(r"</?[A-Za-z]")
REF_MARKER = re.compile(r"\{\{#ref:")
_ENTITIES = {
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
    "~": "&#126;",
    "=": "&#61;",
    "_": "&#95;",
}
_UNESCAPES = {"{{!}}": "|", "{{=}}": "=", "&lt;": "<", **{v: k for k, v in _ENTITIES.items()}}
_UNESCAPE = re.compile("|".join(re.escape(k) for k in _UNESCAPES))
#: A link into a category: it would file the page there.  ``[[:Category:X]]`` (a link to the
#: category page) is fine.  The namespace's names on the wikis wikibox knows.
_CATEGORY_LINK = re.compile(
    r"\[\[[\s_]*(?:category|カテゴリ|категорія|категория|thể[\s_]+loại)[\s_]*:",
    re.IGNORECASE,
)
_REF_OPEN = re.compile(r"<ref\b", re.IGNORECASE)
#: A behaviour switch such as ``__NOTOC__`` or ``__NOINDEX__`` (any language's name).
#: A lookahead, so that overlapping ones (``__A__B__``) are all found.
BEHAVIOUR_SWITCH = re.compile(r"(?=__[^\W_]+__)")
#: Characters that are not text: MediaWiki strips or refuses them, and a NUL ends strings.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BAD_NAME = re.compile(r"[|={}\[\]<>\n]")
_BAD_TEMPLATE = re.compile(r"[|{}\[\]<>\n#]")


def _category_brackets(value: str) -> set[int]:
    """The positions of the ``[[`` and of its matching ``]]`` of each category link.

    Both ends are written as character references: escaping only the opening pair would leave
    a ``]]`` that closes an enclosing ``[[…`` early, and what follows it (``}}``) would end the
    template call (``[[|[[Category:X]]}}]]``)."""
    positions: set[int] = set()
    for match in _CATEGORY_LINK.finditer(value):
        start = match.start()
        positions.update((start, start + 1))
        depth, i = 0, start
        while i < len(value) - 1:
            pair = value[i : i + 2]
            if pair == "[[":
                depth, i = depth + 1, i + 2
            elif pair == "]]":
                depth, i = depth - 1, i + 2
                if depth == 0:
                    positions.update((i - 2, i - 1))
                    break
            else:
                i += 1
    return positions


def escape_value(value: str, *, refs: bool = True, where: str = "value") -> tuple[str, bool]:
    """``value`` made safe as a template argument, and whether it has a top-level ``=``.

    Balanced ``{{…}}``, ``{{{…}}}`` and ``[[…]]`` groups, comments and closed extension tags
    (``<ref>``, ``<nowiki>`` …) are kept as written — found the way MediaWiki's preprocessor
    finds them, and kept only when mwparserfromhell reads them the same way.  Outside them,
    ``|`` becomes ``{{!}}``, every brace and doubled square bracket a character reference, a
    stray ``<ref``/``</ref``/``<!--`` or a tag left open (``<span>`` without ``</span>``)
    ``&lt;``, ``~~~`` (a signature) ``&#126;~~``, an ``=`` that starts a line (a heading)
    ``&#61;``, a behaviour switch (``__NOTOC__``) ``&#95;_NOTOC__``, and the brackets of a
    category link (``[[Category:X]]`` would file the page there) character references.  A
    control character (NUL …) is a :class:`RenderError`.

    With ``refs=False`` (a citation's parameters) a ``<ref>`` or a ``{{#ref:…}}`` marker is
    a :class:`RenderError`: references cannot nest.
    """
    control = _CONTROL.search(value)
    if control:
        raise RenderError(
            f"{where}: the control character U+{ord(control.group()):04X} cannot be written"
        )
    kept = [span for span in _kept_spans(value) if not _CATEGORY_LINK.match(value, span[0])]
    switches = {m.start() for m in BEHAVIOUR_SWITCH.finditer(value)}
    if not refs:
        for start, end in kept:
            piece = value[start:end]
            if REF_MARKER.match(piece) or re.match(r"<ref(?:erences)?\b", piece, re.IGNORECASE):
                raise RenderError(f"{where}: a reference cannot be cited inside a citation")
    # 1: inside a kept group ({{…}}, [[…]]); 2: inside a kept tag or comment.  A signature, a
    # behaviour switch or a heading line acts inside a group too: only tags and comments keep
    # them.
    # A <ref>'s content is wikitext as well (it can file the page in a category): a group.
    protected = bytearray(len(value))
    unclosed_comments: set[int] = set()
    for start, end in kept:
        opaque = value[start] == "<" and not _REF_OPEN.match(value, start)
        protected[start:end] = (b"\x02" if opaque else b"\x01") * (end - start)
        if not opaque:
            unclosed_comments |= _unclosed_comments(value, start, end)
    category_brackets = _category_brackets(value)
    tag_starts = _complete_tag_starts(value) if "<" in value else set()
    out, has_equals = [], False
    for i, char in enumerate(value):
        line_start = char == "=" and i > 0 and value[i - 1] == "\n"
        signature = char == "~" and value.startswith("~~~", i)
        acts = i in switches or signature or line_start or i in category_brackets
        if i in unclosed_comments:
            out.append("&lt;")  # it would hide the rest of the page up to a later -->
        elif protected[i] == 2 or (protected[i] and not acts):
            out.append(char)
        elif protected[i]:
            out.append(_ENTITIES["_" if i in switches else "~" if signature else char])
        elif char == "|":
            out.append("{{!}}")
        elif char in "{}" or (
            char in "[]" and char in value[max(0, i - 1) : i] + value[i + 1 : i + 2]
        ):
            out.append(_ENTITIES[char])
        elif char == "<" and (
            _STRAY_TAG.match(value, i) or (_TAG_START.match(value, i) and i not in tag_starts)
        ):
            out.append("&lt;")
        elif char == "~" and value.startswith("~~~", i):
            out.append("&#126;")
        elif char == "=" and i > 0 and value[i - 1] == "\n":
            out.append("&#61;")  # a line that starts with = would be a heading: a section
        elif i in switches:
            out.append("&#95;")
        else:
            has_equals = has_equals or char == "="
            out.append(char)
    _escape_unclosed_brackets(value, protected, out)
    return "".join(out), has_equals


def _unclosed_comments(value: str, start: int, end: int) -> set[int]:
    """Where a ``<!--`` starts inside the group ``value[start:end]`` (a ref's content, a
    template's argument) with no ``-->`` before the group ends.  Alone the group reads the
    same either way, but on the page mwparserfromhell takes the comment on to the next
    ``-->`` anywhere after it (another parameter's value), and the structure changes."""
    found = set()
    pos = value.find("<!--", start, end)
    while pos >= 0:
        close = value.find("-->", pos + 4, end)
        if close < 0:
            found.add(pos)
            pos = value.find("<!--", pos + 4, end)
        else:
            pos = value.find("<!--", close + 3, end)
    return found


def _escape_unclosed_brackets(value: str, protected: bytearray, out: list[str]) -> None:
    """A single ``[`` written as ``[`` with no ``]`` written after it outside kept groups becomes
    ``&#91;``.  mwparserfromhell reads ``[http://…`` as an external link up to the next ``]``
    even past this argument's ``|`` (``[http://a t|u]]``, whose ``]]`` is escaped, read on into
    the next argument); MediaWiki shows such a ``[`` as text either way."""
    closers = 0
    for i in range(len(value) - 1, -1, -1):
        if protected[i]:
            continue
        if out[i] == "]":
            closers += 1
        elif out[i] == "[" and not closers:
            out[i] = _ENTITIES["["]


def _complete_tag_starts(text: str) -> set[int]:
    """Where the HTML tags that open *and* close inside ``text`` start.

    A tag left open (``<span>``) would be closed by a ``</span>`` in a later argument when
    mwparserfromhell reads the call, while MediaWiki splits the arguments first; escaping the
    unmatched ``<`` keeps the two readings the same.
    """

    code = parse_wikitext(text)
    locator = NodeLocator(code)
    starts = set()
    for tag in code.filter_tags(recursive=True):
        start, end = locator.range(tag)
        starts.add(start)
        if not tag.self_closing and not tag.wiki_markup:
            starts.add(text.rfind("</", start, end))  # its closing tag
    return starts


def escape_switches(text: str) -> str:
    """``text`` with the first ``_`` of every behaviour switch a character reference."""
    starts = {m.start() for m in BEHAVIOUR_SWITCH.finditer(text)}
    return "".join("&#95;" if i in starts else char for i, char in enumerate(text))


def unescape_value(value: str) -> str:
    """Undo what :func:`escape_value` adds (``{{!}}`` → ``|`` …): the text MediaWiki shows."""
    return _UNESCAPE.sub(lambda m: _UNESCAPES[m.group(0)], value)


def _kept_spans(text: str) -> list[tuple[int, int]]:
    """The outermost groups and opaque tags of ``text`` that both parsers agree on.

    A comment or extension tag mwparserfromhell does not read as one node is not opaque
    after all: the text is scanned again with its ``<`` as plain text, so that the groups
    inside it are found.
    """
    plain: set[int] = set()
    while True:
        candidates = sorted(_preprocessor_spans(text, plain), key=lambda s: (s[0], -s[1]))
        kept: list[tuple[int, int]] = []
        rejected = None
        for start, end in candidates:
            if kept and start < kept[-1][1]:
                continue  # inside a kept span
            if _reads_as_one_node(text[start:end]):
                kept.append((start, end))
            elif text[start] == "<":
                rejected = start
                break
        if rejected is None:
            return kept
        plain.add(rejected)


def _preprocessor_spans(text: str, plain: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Brace/bracket groups and comments/extension tags, matched as MediaWiki's preprocessor
    matches them (Preprocessor_Hash: runs of ``{`` close as ``}}`` or ``}}}``, ``[[`` as
    ``]]``, a closer only matches the innermost open run of its own kind)."""
    stack: list[list[Any]] = []  # [open char, unmatched count, start offset]
    spans: list[tuple[int, int]] = []
    pos, size = 0, len(text)
    while pos < size:
        char = text[pos]
        if char == "<":
            end = _opaque_end(text, pos) if pos not in plain else None
            if end is not None:
                spans.append((pos, end))
                pos = end
                continue
            pos += 1
            continue
        if char not in "{}[]":
            pos += 1
            continue
        run = _run_length(text, pos, char)
        if char in "{[":
            if run >= 2:
                stack.append([char, run, pos])
            pos += run
            continue
        opener = "{" if char == "}" else "["
        if not stack or stack[-1][0] != opener:
            pos += run
            continue
        piece = stack[-1]
        count = min(run, piece[1])
        matched = min(count, 3 if char == "}" else 2) if count >= 2 else 0
        if not matched:
            pos += run
            continue
        piece[1] -= matched
        pos += matched
        spans.append((piece[2] + piece[1], pos))
        if piece[1] < 2:
            stack.pop()
    return spans


def _run_length(text: str, pos: int, char: str) -> int:
    end = pos
    while end < len(text) and text[end] == char:
        end += 1
    return end - pos


def _opaque_end(text: str, pos: int) -> int | None:
    """The end of a comment or closed extension tag starting at ``pos``, else None."""
    if text.startswith("<!--", pos):
        end = text.find("-->", pos + 4)
        return None if end < 0 else end + 3
    match = _OPAQUE_OPEN.match(text, pos)
    if match is None:
        return None
    if match.group(2):
        return match.end()
    close = re.compile(rf"</{re.escape(match.group(1))}\s*>", re.IGNORECASE).search(
        text, match.end()
    )
    return None if close is None else close.end()


def _reads_as_one_node(piece: str) -> bool:
    nodes = parse_wikitext(piece).nodes
    if len(nodes) != 1 or str(nodes[0]) != piece:
        return False
    node = nodes[0]
    if isinstance(node, Tag):
        return str(node.tag).strip().lower() in OPAQUE_TAGS
    return isinstance(node, Template | Argument | Wikilink | Comment)


def check_name(name: str, what: str) -> str:
    """A parameter name as given, or a :class:`RenderError` if it cannot be one."""
    if not name.strip() or _BAD_NAME.search(name) or name != name.strip():
        raise RenderError(f"{what}: {name!r} cannot be a parameter name")
    return name


def check_template_name(name: str, what: str) -> str:
    if not name.strip() or _BAD_TEMPLATE.search(name):
        raise RenderError(f"{what}: {name!r} cannot be a template name")
    return name.strip()


def attribute(value: str, what: str) -> str:
    """A ref attribute value in quotes (``name="cnn"``), or a :class:`RenderError`."""
    if not value or re.search(r"[<>\n]", value) or value.isdigit():
        raise RenderError(f"{what}: {value!r} cannot be a ref name (no <, >, newline, all digits)")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    raise RenderError(f"{what}: {value!r} has both kinds of quote")
