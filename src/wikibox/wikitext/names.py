"""Template and page names as MediaWiki compares them.

MediaWiki treats ``_`` and a space as the same character in a title, collapses runs of
whitespace, ignores the case of the first letter, and accepts an explicit ``Template:`` prefix
in a transclusion.  Every comparison of template names in wikibox goes through
:func:`normalize_template_name` so that ``{{infobox_summit meeting}}``,
``{{Template:Infobox summit meeting}}`` and ``{{Infobox summit meeting}}`` are one template.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "TEMPLATE_NAME_COMMENT",
    "TEMPLATE_PREFIXES",
    "normalize_page_title",
    "normalize_template_name",
    "strip_comments",
]

#: Namespace prefixes that may stand before a template name (English and Japanese wikis).
TEMPLATE_PREFIXES = ("template:", "テンプレート:", "tl:")

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_SPACE = re.compile(r"[\s_]+")


def strip_comments(text: str) -> str:
    """Remove HTML comments (an unclosed one runs to the end, as in MediaWiki)."""
    return _COMMENT.sub("", text)


def normalize_page_title(title: str) -> str:
    """Return a page title as MediaWiki stores it: ``_`` → space, trimmed, first letter upper."""
    title = _SPACE.sub(" ", strip_comments(title)).strip()
    if title.startswith(":"):
        title = title[1:].lstrip()
    title = title.split("#", 1)[0].rstrip()
    return title[:1].upper() + title[1:]


@lru_cache(maxsize=8192)
def normalize_template_name(name: str) -> str:
    """Return the canonical form of a template name as written in ``{{…}}``.

    >>> normalize_template_name(" infobox_summit  meeting<!-- x -->\\n")
    'Infobox summit meeting'
    >>> normalize_template_name("Template:Cite news")
    'Cite news'
    """
    name = _SPACE.sub(" ", strip_comments(str(name))).strip()
    if name.startswith(":"):
        name = name[1:].lstrip()
    lowered = name.lower()
    for prefix in TEMPLATE_PREFIXES:
        if lowered.startswith(prefix):
            name = name[len(prefix) :].lstrip()
            break
    return name[:1].upper() + name[1:]


#: A comment inside a template's name (before its first ``|``, ``{`` or ``}``).  Where there is
#: none, the raw name holds the letters :func:`normalize_template_name` leaves, but for case and
#: spaces; so a word of a name (ASCII, without spaces or underscores, searched ignoring case) is
#: in the raw text of every call, or this pattern is.  Case: Python's ``re.IGNORECASE`` covers
#: ı, ſ and the Kelvin sign; ß and the Latin ligatures fold into two or three letters, so such
#: a word must not hold ss, ff, fi, fl or st.  Rules' ``needs`` use this.
TEMPLATE_NAME_COMMENT = re.compile(r"\{\{[^|{}]*<!--")
