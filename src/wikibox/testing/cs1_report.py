"""Agreement tables for the CS1 comparison (`wikibox.testing.cs1_compare`), as plain text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .cs1_compare import Outcome, RuleMap, date_verdicts

__all__ = ["class_table", "date_table", "overall_line", "unmapped_table"]

VERDICTS = ("both", "neither", "wikibox-only", "module-only", "differ")
DATE_GROUPS = {
    "accessdate": "access-date",
    "archivedate": "archive-date",
    "publicationdate": "publication-date",
    "airdate": "air-date",
}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header))] + [list(map(str, row)) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(_aligned(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _aligned(row: Sequence[str], widths: Sequence[int]) -> list[str]:
    """The first column left-aligned (names), the others right-aligned (numbers)."""
    rest = (cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
    return [row[0].ljust(widths[0]), *rest]


def compared(outcomes: Sequence[Outcome]) -> list[Outcome]:
    """The outcomes the module rendered (a Lua error leaves nothing to compare)."""
    return [outcome for outcome in outcomes if not outcome.script_error]


def overall_line(outcomes: Sequence[Outcome]) -> str:
    done = compared(outcomes)
    agree = sum(outcome.agrees for outcome in done)
    failed = len(outcomes) - len(done)
    return (
        f"citations compared: {len(done)}; agree on every class: {agree} "
        f"({_percent(agree, len(done)).strip()}); module failed on {failed}"
    )


def class_table(outcomes: Sequence[Outcome], rule_map: RuleMap) -> str:
    """Per class: how often both flag it, neither, only one side, or both on other params.

    "agree" is (both + neither) / citations; "flagged agree" is both / (every citation that
    either side flags), the share that matters for rare errors.
    """
    done = compared(outcomes)
    rows = []
    for row in rule_map.classes:
        counts = Counter(outcome.class_verdict(row.name) for outcome in done)
        flagged = sum(counts[verdict] for verdict in VERDICTS if verdict != "neither")
        rows.append(
            [
                row.name,
                row.rule,
                *(counts[verdict] for verdict in VERDICTS),
                _percent(counts["both"] + counts["neither"], len(done)),
                _percent(counts["both"], flagged),
            ]
        )
    header = ["class", "wikibox rule", *VERDICTS, "agree", "flagged agree"]
    return _table(header, rows)


def date_table(outcomes: Sequence[Outcome]) -> str:
    """Per date parameter (aliases folded): valid or not, by each side, per value."""
    counts: dict[str, Counter[str]] = {}
    for outcome in compared(outcomes):
        for param, _, ours, theirs in date_verdicts(outcome):
            group = DATE_GROUPS.get(param, param)
            verdict = (
                "both reject" if ours and theirs
                else "both accept" if not (ours or theirs)
                else "wikibox-only" if ours
                else "module-only"
            )  # fmt: skip
            for name in (group, "all"):
                counts.setdefault(name, Counter())[verdict] += 1
    columns = ("both accept", "both reject", "wikibox-only", "module-only")
    rows = []
    for name in sorted(counts, key=lambda name: (name == "all", name)):
        total = sum(counts[name].values())
        agree = counts[name]["both accept"] + counts[name]["both reject"]
        rows.append([name, total, *(counts[name][c] for c in columns), _percent(agree, total)])
    return _table(["date parameter", "values", *columns, "agree"], rows)


def unmapped_table(outcomes: Sequence[Outcome]) -> str:
    """Module errors that no wikibox rule claims to check, by anchor."""
    counts = Counter(anchor for outcome in compared(outcomes) for anchor in outcome.unmapped)
    return _table(["module error (no wikibox rule)", "citations"], counts.most_common())
