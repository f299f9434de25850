"""Resolvers: how the series rules see the *other* pages of a series.

``infobox-sequence-order`` and ``infobox-sequence-reciprocal`` need the infobox of the pages
that ``previous``/``next`` link to.  A resolver answers "what is the page with this title?":
:class:`PagesResolver` reads a directory of ``*.wiki`` files; the bot adds one that asks the
live wiki.  With no resolver the series rules say nothing — they never guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from wikibox.model.build import TITLE_COMMENT, parse, read_page
from wikibox.wikitext.names import normalize_page_title

if TYPE_CHECKING:
    from wikibox.model.article import Article

__all__ = ["PagesResolver", "Resolver", "StaticResolver"]


class Resolver(Protocol):
    def resolve(self, title: str) -> Article | None:
        """The parsed page with this title, or None when it does not exist."""


class StaticResolver:
    """Pages given in memory (title → wikitext); used by tests and by the bot's cache."""

    def __init__(self, pages: dict[str, str], *, wiki: str = "enwiki") -> None:
        self.wiki = wiki
        self._texts = {normalize_page_title(t): text for t, text in pages.items()}
        self._parsed: dict[str, Article | None] = {}

    def resolve(self, title: str) -> Article | None:

        key = normalize_page_title(title)
        if key not in self._parsed:
            text = self._texts.get(key)
            self._parsed[key] = None if text is None else parse(text, title=key, wiki=self.wiki)
        return self._parsed[key]


class PagesResolver:
    """A directory of ``*.wiki`` files; a file's title is its first-line
    ``<!-- title: … -->`` comment, else its name (``_`` read as a space)."""

    def __init__(self, directory: Path, *, wiki: str = "enwiki") -> None:

        self.directory = Path(directory)
        self.wiki = wiki
        self._read_page = read_page
        self._files: dict[str, Path] = {}
        self._parsed: dict[str, Article | None] = {}
        for path in sorted(self.directory.glob("*.wiki")):
            self._files[normalize_page_title(self._title_of(path))] = path

    @staticmethod
    def _title_of(path: Path) -> str:
        with path.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline()

        match = TITLE_COMMENT.match(first)
        return match.group(1) if match else path.stem.replace("_", " ")

    def titles(self) -> list[str]:
        return list(self._files)

    def resolve(self, title: str) -> Article | None:
        key = normalize_page_title(title)
        if key not in self._parsed:
            path = self._files.get(key)
            self._parsed[key] = None if path is None else self._read_page(path, wiki=self.wiki)
        return self._parsed[key]
