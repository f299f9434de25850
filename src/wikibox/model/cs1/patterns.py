"""Lua patterns of the citation module's data, read as Python regular expressions.

The module's Configuration keeps some lists as Lua patterns (generic titles, ``archived
copy``).  :func:`lua_pattern` translates the subset they use, as Lua's byte-string functions
read it: ``%a``/``%d``/``%s`` are ASCII classes, ``%x`` escapes punctuation, ``-`` is a lazy
``*``; characters that are special only to Python (``{ } | \\``) are escaped.
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["lua_find", "lua_pattern"]

_CLASSES = {"a": "A-Za-z", "d": "0-9", "s": " \\t\\n\\v\\f\\r", "l": "a-z", "u": "A-Z",
            "w": "A-Za-z0-9", "p": "!-/:-@\\[-`{-~"}  # fmt: skip


@cache
def lua_pattern(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    index, in_class = 0, False
    while index < len(pattern):
        char = pattern[index]
        if char == "%" and index + 1 < len(pattern):
            code = pattern[index + 1]
            index += 2
            if code.lower() in _CLASSES:
                body = _CLASSES[code.lower()]
                negated = code.isupper()
                if in_class:
                    out.append(body if not negated else "")  # negated classes inside [] unused
                else:
                    out.append(f"[{'^' if negated else ''}{body}]")
            else:
                out.append(re.escape(code))
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append("[")
            if pattern[index + 1 : index + 2] == "^":
                out.append("^")
                index += 1
        elif char == "]" and in_class:
            in_class = False
            out.append("]")
        elif in_class:
            out.append(re.escape(char) if char in "\\[]^-" and char != "-" else char)
        elif char == "-":
            out.append("*?")
        elif char == "$" and index == len(pattern) - 1:
            out.append(r"\Z")  # Lua's $ is the end of the string, never before a newline
        elif char in "{}|\\":
            out.append(re.escape(char))
        else:
            out.append(char)
        index += 1
    return re.compile("".join(out))


def lua_find(text: str, pattern: str, *, plain: bool = False) -> bool:
    """``string.find(text, pattern, 1, plain)`` is not nil."""
    return pattern in text if plain else lua_pattern(pattern).search(text) is not None
