"""The findings as the preview shows them: numbered markers and the worst severity of a group.

Shared by the offline renderer (:mod:`wikibox.wikihtml`), which places the markers that belong
in the text, and :mod:`wikibox.preview_context`, which attaches the others to infobox rows,
references and headings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from wikibox.lint.findings import Finding

__all__ = ["SEVERITY_ORDER", "Marker", "span_has", "worst_severity"]

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def span_has(span: Any, offset: int, end: int | None = None) -> bool:
    stop = span.end if end is None else end
    return span.start <= offset < stop or span.start == stop == offset


class Marker:
    """One finding as the preview shows it: numbered, with where it is attached."""

    def __init__(self, number: int, finding: Finding) -> None:
        self.number = number
        self.rule = finding.rule
        self.severity = str(getattr(finding.severity, "value", finding.severity))
        self.message = finding.message
        self.line, self.column = finding.span.line, finding.span.column
        self.offset = finding.span.start
        self.kind, self.where, self.label, self.ref = "text", f"line {self.line}", "", ""

    @property
    def html(self) -> Markup:
        return Markup(
            '<a class="finding-marker sev-{0}" id="marker-{1}" href="#finding-{1}" '
            'title="{1}. {0} · {2}: {3}" data-finding="{1}">{1}</a>'
        ).format(self.severity, self.number, self.rule, self.message)

    def data(self) -> dict[str, Any]:
        keys = ("number", "rule", "severity", "message", "line", "column", "kind", "label", "ref")
        return {key: getattr(self, key) for key in keys}


def worst_severity(markers: Iterable[Marker]) -> str | None:
    found = [m.severity for m in markers]
    return min(found, key=lambda s: SEVERITY_ORDER.get(s, 3)) if found else None
