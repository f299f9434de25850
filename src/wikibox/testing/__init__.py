"""Helpers for testing wikibox against a real, throwaway MediaWiki (see `wikibox.testing.wiki`).

Nothing in the library imports this package: it is for the test suite and for people who want to
try the bot on a wiki of their own before pointing it at a real one.  The names are loaded
lazily so that ``python -m wikibox.testing.wiki`` does not import the module twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wikibox.testing.wiki import ApiSession, Revision, TestWiki, TestWikiError

__all__ = ["ApiSession", "Revision", "TestWiki", "TestWikiError"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from wikibox.testing import wiki

        return getattr(wiki, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
