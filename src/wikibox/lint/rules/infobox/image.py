"""Infobox rule on the image value: a plain file name, not a URL, a thumbnail or a framed link.

Infobox templates take a file name and draw the image themselves; the values checked here are
the usual wrong things pasted into the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.nodes import Wikilink

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.model.article import Infobox
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import parse_wikitext

__all__ = ["image_syntax"]


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


@rule(name="infobox-image-syntax", severity=Severity.ERROR, visits="infobox")
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
        yield Report(f"{param.name} {short(raw)!r} {problem}", param.value_span)
