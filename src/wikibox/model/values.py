"""Small values that the semantic readings produce and the article model holds: a link, a
participant.  They live apart from :mod:`wikibox.model.article` so that
:mod:`wikibox.model.semantics` can make them without importing the article it reads."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Link", "Participant"]


@dataclass(frozen=True)
class Link:
    """A wikilink target (normalised page title) with its display text, or plain text."""

    target: str | None
    text: str
    raw: str

    @property
    def is_link(self) -> bool:
        return self.target is not None


@dataclass(frozen=True)
class Participant:
    """One participant of an event: display name, link target, and the flag that precedes it."""

    name: str
    target: str | None = None
    country: str | None = None
    flag_template: str | None = None
