"""Findings, and the edits that fix them: small immutable values.

A rule yields :class:`Report` values (what is wrong, where, and optionally how to fix it); the
engine turns each into a :class:`Finding` by stamping the rule's name and severity, so rules
never deal with levels or output.  A fix is a tuple of :class:`Edit` values: operations on the
parsed tree (set or rename a template parameter, replace a node), applied by
:mod:`wikibox.edit` so that only the bytes that must change do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wikibox.model.article import Span

__all__ = [
    "Edit",
    "Finding",
    "RemoveParam",
    "RenameParam",
    "ReplaceNode",
    "Report",
    "SetParam",
    "Severity",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


class Edit:
    """Base class of the edits a fix is made of."""

    safe: bool = True


@dataclass(frozen=True)
class SetParam(Edit):
    """Set (or add) parameter ``name`` of ``template`` to ``value`` (wikitext)."""

    template: Any = field(compare=False)
    name: str
    value: str
    before: str | None = None  # when adding: put the new parameter before this one


@dataclass(frozen=True)
class RenameParam(Edit):
    """Rename a parameter, keeping its value and the spacing around its name."""

    template: Any = field(compare=False)
    param: Any = field(compare=False)
    new_name: str


@dataclass(frozen=True)
class RemoveParam(Edit):
    """Remove one parameter (one occurrence, when the name is duplicated)."""

    template: Any = field(compare=False)
    param: Any = field(compare=False)


@dataclass(frozen=True)
class ReplaceNode(Edit):
    """Replace a node (or a run of text) by new wikitext."""

    node: Any = field(compare=False)
    text: str
    parent: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class Report:
    """What a rule says: a message, a span, optional fix and data for machines."""

    message: str
    span: Span
    fix: tuple[Edit, ...] | None = None
    unsafe_fix: bool = False
    data: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Finding:
    """A report stamped with the rule that made it."""

    rule: str
    severity: Severity
    message: str
    span: Span
    fix: tuple[Edit, ...] | None = field(default=None, compare=False)
    unsafe_fix: bool = False
    data: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def fixable(self) -> bool:
        """A safe fix is attached (``wikibox fix`` applies it without ``--unsafe-fixes``)."""
        return bool(self.fix) and not self.unsafe_fix

    @property
    def unsafe_fixable(self) -> bool:
        return bool(self.fix) and self.unsafe_fix

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "fixable": self.fixable,
        }
