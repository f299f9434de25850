"""Read one ``<page>`` element of a dump into a :class:`PageRecord`, with expat.

Each page (cut out of the stream by :mod:`wikibox.dump.split`) is parsed by an expat parser of
its own: the stdlib's C parser decodes entities and checks that the XML is well-formed, exactly as
it did under ElementTree when mwxml read the pages, so the same pages are damaged and a
malformed page's message is the same.  The handlers keep only what a record needs, so no element
tree or revision object is built: the page's title, namespace, id and redirect, and the latest
revision's id, timestamp and text.

What the handlers accept is what mwxml accepted (the reader used it before): the same tags in a
``<page>``, a ``<revision>``, a ``<contributor>`` and a ``<content>`` slot, any other tag there
is damage; the same values must be numbers or timestamps (in every revision, not only the
latest); a title takes its namespace prefix from ``<ns>``, or, in a dump without ``<ns>``, from
the namespace names of the header.  A page that the namespace or redirect filter drops is left
as soon as the filter can tell, at its first ``<revision>``: its text is never decoded, and
damage after that point does not count, as before.
"""

from __future__ import annotations

import calendar
import logging
import re
import time
from collections.abc import Set
from dataclasses import dataclass
from xml.parsers import expat

__all__ = ["DamagedPage", "PageParser", "PageRecord"]

logger = logging.getLogger("wikibox.dump.reader")  # the logger these warnings always had


@dataclass(frozen=True, slots=True)
class PageRecord:
    """The latest revision of one page, as read from a dump."""

    title: str
    page_id: int
    revision_id: int | None
    namespace: int
    text: str
    redirect: str | None
    source: str
    timestamp: str | None
    #: What is wrong with a page that could not be read (then ``text`` is empty), else None.
    damage: str | None = None


class DamagedPage(Exception):
    """A page that cannot be read; the message says why."""


class _Dropped(Exception):
    """The namespace or redirect filter drops the page: stop parsing it."""


_PAGE_TAGS = frozenset({"title", "ns", "id", "redirect", "restrictions", "DiscussionThreading"})
_REVISION_TAGS = frozenset(
    {"id", "timestamp", "contributor", "minor", "origin", "sha1", "parentid", "model", "format"}
    | {"comment", "text", "content"}
)
_CONTENT_TAGS = frozenset({"role", "origin", "model", "format", "id", "text"})
# The elements whose children are read, each in the one place it can be ("user": a contributor
# that is not deleted); any other element's children are not looked at.
_NESTING = frozenset(
    {("document", "mediawiki"), ("mediawiki", "page"), ("page", "revision")}
    | {("revision", "user"), ("revision", "content")}
)
_CONTEXTS = frozenset({"document"} | {child for _, child in _NESTING})
# The elements whose text is kept, by (parent, tag).
_KEPT = frozenset(
    {("page", "title"), ("page", "ns"), ("page", "id")}
    | {("revision", "id"), ("revision", "timestamp"), ("revision", "parentid")}
    | {("revision", "text"), ("user", "id"), ("content", "role"), ("content", "origin")}
    | {("content", "text")}
)
_TEXT_BUFFER = 1 << 16  # bytes of text expat gathers before handing them over


class PageParser:
    """What reading a page needs from its dump: the root tag, the namespaces, the filter."""

    def __init__(
        self,
        root_tag: bytes,
        namespace_ids: dict[str, int],
        prefixes: dict[int, str],
        source: str,
        namespaces: Set[int] | None,
        skip_redirects: bool,
    ) -> None:
        #: The page is parsed inside the dump's root element, so that line and column numbers in
        #: messages, and the XML namespace of the tags, are those of a whole document.
        self.root_tag = root_tag
        self.namespace_ids = namespace_ids  # name → key, for a dump without <ns>
        self.prefixes = prefixes  # key → name, for the title
        self.source = source
        self.namespaces = namespaces
        self.skip_redirects = skip_redirects
        self.local_names: dict[str, str] = {}  # expat's "uri}tag" → "tag", for every dump tag

    def record(self, data: bytes) -> PageRecord | None:
        """The record of one ``<page>…</page>``; None when the filter drops it.

        Raises :class:`DamagedPage` when the page cannot be read."""
        page = _Page(self)
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.buffer_size = _TEXT_BUFFER
        parser.StartElementHandler = page.start
        parser.EndElementHandler = page.end
        parser.CharacterDataHandler = page.characters
        try:
            parser.Parse(self.root_tag + data + b"</mediawiki>", True)
        except expat.ExpatError as error:
            raise DamagedPage(f"malformed XML in the page: {error}") from None
        except _Dropped:
            return None
        return page.record()

    def title_and_namespace(self, name: str | None, namespace: int | None) -> tuple[str, int]:
        """The full title, prefix and all, and the namespace of a page."""
        if name is None:
            raise DamagedPage("a page without <id> or <title>")
        if namespace is None:  # no <ns>: the prefix says, if the header names it
            prefix, colon, rest = name.partition(":")
            if colon and not rest.startswith(" ") and prefix in self.namespace_ids:
                namespace, name = self.namespace_ids[prefix], rest
            else:
                namespace = 0
        title = name.replace("_", " ")
        prefix = self.prefixes.get(namespace)
        if prefix and not title.startswith(prefix + ":"):
            title = f"{prefix}:{title}"
        return title, namespace


@dataclass(slots=True)
class _Text:
    """A revision's or a slot's ``<text>``: its attributes and its content."""

    deleted: bool = False
    size: str | int | None = None  # the bytes="…" attribute, a number once it is checked
    text: str | None = None


class _Page:
    """The expat handlers for one page, and what they found."""

    def __init__(self, parser: PageParser) -> None:
        self.parser = parser
        self.stack: list[str] = []  # the open tags, "mediawiki" first (see _NESTING)
        self.kept: list[str] = []  # the text of the element being kept (_KEPT), so far
        self.kept_depth = 0  # len(stack) while that element is open; 0: none
        self.keeping = False  # ElementTree's .text, which mwxml read, ends at the first child
        self.name: str | None = None
        self.namespace: int | None = None
        self.page_id: int | None = None
        self.redirect: str | None = None
        self.title = ""
        self.revisions = 0
        # the revision being read, then the latest one read
        self.revision_id: int | None = None
        self.timestamp: str | None = None
        self.parent_id: str | None = None
        self.main: _Text | None = None  # from <text>
        self.main_sha1 = False  # <text sha1="…">: the newer layout, which has <content> slots
        self.slots: list[tuple[str | None, _Text | None]] = []  # <content>: role, text
        self.slot_origin: str | None = None
        self.latest: tuple[int | None, str | None, _Text | None] | None = None

    # ------------------------------------------------------------------ handlers

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.keeping = False
        stack = self.stack
        parent = stack[-1] if stack else "document"
        if parent not in _CONTEXTS:
            stack.append("")  # inside an element whose children mwxml did not read
            return
        local = self.parser.local_names.get(name)
        if local is None:
            local = self.parser.local_names[name] = name[name.find("}") + 1 :]
        if parent == "page":
            self._page_child(local, attributes)
        elif parent == "revision":
            if local not in _REVISION_TAGS:
                raise DamagedPage(f"an unexpected tag in a <revision>: <{local}>")
            if local == "contributor" and attributes.get("deleted") is None:
                local = "user"  # its <id> must be a number; a deleted one is not read
            elif local == "text":
                self.main = _text(attributes)
                self.main_sha1 = attributes.get("sha1") is not None
            elif local == "content":
                self.slots.append((None, None))
                self.slot_origin = None
        elif parent == "content":
            if local not in _CONTENT_TAGS:
                raise DamagedPage(f"an unexpected tag in a <content>: <{local}>")
            if local == "text":
                self.slots[-1] = (self.slots[-1][0], _text(attributes))
        if local in _CONTEXTS and (parent, local) not in _NESTING:
            local = ""  # e.g. a <page> in a <contributor>: nothing to read in it
        stack.append(local)
        if (parent, local) in _KEPT:
            self.kept = []
            self.kept_depth = len(stack)
            self.keeping = True

    def _page_child(self, local: str, attributes: dict[str, str]) -> None:
        if local == "revision":
            if not self.revisions:
                self._filter()
            self.revisions += 1
            self.revision_id = self.timestamp = self.parent_id = self.main = None
            self.main_sha1 = False
            self.slots = []
        elif self.revisions:
            raise DamagedPage(f"an unexpected tag after the revisions of a <page>: <{local}>")
        elif local == "redirect":
            self.redirect = attributes.get("title")
        elif local not in _PAGE_TAGS:
            raise DamagedPage(f"an unexpected tag in a <page>: <{local}>")

    def characters(self, data: str) -> None:
        if self.keeping:
            self.kept.append(data)

    def end(self, name: str) -> None:
        stack = self.stack
        if len(stack) == self.kept_depth:
            self.keeping = False
            self.kept_depth = 0
            self._kept(stack[-2], stack.pop(), "".join(self.kept) or None)
            return
        local = stack.pop()
        parent = stack[-1] if stack else ""
        if parent == "page" and local == "revision":
            self._end_revision()
        elif parent == "revision" and local == "content":
            _number("<content><origin>", self.slot_origin)
            text = self.slots[-1][1]
            if text is not None:
                text.size = _number('<text bytes="…">', text.size)
        elif parent == "mediawiki" and not self.revisions:
            self._filter()  # the end of a page without revisions: now the filter can tell

    def _kept(self, parent: str, local: str, text: str | None) -> None:
        if parent == "page":
            if local == "title":
                self.name = text
            elif local == "ns":
                self.namespace = _number("<ns>", text, required=True)
            else:
                self.page_id = _number("<id>", text, required=True)
        elif parent == "revision":
            if local == "id":
                self.revision_id = _number("<revision><id>", text, required=True)
            elif local == "timestamp":
                self.timestamp = _timestamp(text)
            elif local == "parentid":
                self.parent_id = text
            elif self.main is not None:
                self.main.text = text
        elif parent == "user":
            _number("<contributor><id>", text, required=True)
        elif local == "role":
            self.slots[-1] = (text, self.slots[-1][1])
        elif local == "origin":
            self.slot_origin = text
        else:
            slot_text = self.slots[-1][1]
            if slot_text is not None:
                slot_text.text = text

    def _end_revision(self) -> None:
        """Keep the revision's main slot, as mwxml finds it: the <text> (of the old layout, or
        of the newer one, which gives it a sha1) unless a <content> slot has the role "main"."""
        main = None
        if self.main_sha1 or not self.slots:
            main = self.main or _Text()
            main.size = _number('<text bytes="…">', main.size)
        for role, text in self.slots:
            if role == "main":
                main = text or _Text()
        _number("<parentid>", self.parent_id)
        self.latest = (self.revision_id, self.timestamp, main)

    def _filter(self) -> None:
        self.title, self.namespace = self.parser.title_and_namespace(self.name, self.namespace)
        wanted = self.parser.namespaces
        if wanted is not None and self.namespace not in wanted:
            raise _Dropped
        if self.parser.skip_redirects and self.redirect:
            raise _Dropped

    # ------------------------------------------------------------------ the record

    def record(self) -> PageRecord:
        if self.page_id is None:
            raise DamagedPage("a page without <id> or <title>")
        assert self.namespace is not None  # set by _filter
        revision_id = timestamp = main = None
        if self.latest is not None:
            revision_id, timestamp, main = self.latest
        text = main.text if main is not None else None
        blanked = main is not None and not main.deleted and main.size == 0
        if text is None and not blanked:
            reason = "has no text (deleted or missing)" if self.latest else "has no revision"
            source = self.parser.source
            logger.warning("%s: page %r %s; yielded with empty text", source, self.title, reason)
        return PageRecord(
            title=self.title,
            page_id=self.page_id,
            revision_id=revision_id,
            namespace=self.namespace,
            text=text or "",
            redirect=self.redirect or None,
            source=self.parser.source,
            timestamp=timestamp,
        )


def _text(attributes: dict[str, str]) -> _Text:
    return _Text(deleted=attributes.get("deleted") is not None, size=attributes.get("bytes"))


def _number(what: str, value: str | int | None, *, required: bool = False) -> int | None:
    """``int(value)``, as mwxml reads a number; None stays None unless it is ``required``."""
    if value is None:
        if required:
            raise DamagedPage(f"{what} is empty")
        return None
    try:
        return int(value)
    except ValueError:
        raise DamagedPage(f"{what} is not a number: {value!r}") from None


_LONG_TIMESTAMP = "%Y-%m-%dT%H:%M:%SZ"
_USUAL_TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")


def _timestamp(text: str | None) -> str:
    """The timestamp in its long form, as mwtypes reads it (``20240101000000`` is read too).

    The usual form is checked without ``time.strptime``, which costs more than the rest of a
    small page."""
    match = _USUAL_TIMESTAMP.fullmatch(text or "")
    if match:
        year, month, day, hour, minute, second = map(int, match.groups())
        date = year >= 1000 and 1 <= month <= 12 and day <= calendar.monthrange(year, month)[1]
        if date and day >= 1 and hour < 24 and minute < 60 and second < 62:  # leap seconds too
            return match.string
    for form in ("%Y%m%d%H%M%S", _LONG_TIMESTAMP):
        try:
            return time.strftime(_LONG_TIMESTAMP, time.strptime(str(text), form))
        except ValueError:
            continue
    raise DamagedPage(f"<timestamp> is not a date: {text!r}")
