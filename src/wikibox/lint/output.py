"""Output formats for findings, chosen from a table: text, json, sarif, github.

The JSON shape is stable (tools parse it)::

    {"files": [{"path": …, "findings": [{"rule", "severity", "message", "line", "column",
                "end_line", "end_column", "fixable"}]}],
      "summary": {"files": n, "findings": n, "error": n, "warning": n, "info": n, "fixable": n,
                 "unsafe_fixable": n}}

``fixable`` means a safe fix is attached (``wikibox fix`` applies it); unsafe fixes need
``--unsafe-fixes`` and are counted as ``unsafe_fixable``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO
from urllib.parse import quote

import click

from wikibox.lint.findings import Finding, Severity
from wikibox.version import __version__

__all__ = ["FORMATTERS", "summary"]

FileFindings = Sequence[tuple[str, Sequence[Finding]]]
_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def summary(results: FileFindings) -> dict[str, int]:
    counts = {"files": len(results), "findings": 0, "error": 0, "warning": 0, "info": 0}
    counts["fixable"] = counts["unsafe_fixable"] = 0
    for _, findings in results:
        for finding in findings:
            counts["findings"] += 1
            counts[finding.severity.value] += 1
            counts["fixable"] += finding.fixable
            counts["unsafe_fixable"] += finding.unsafe_fixable
    return counts


def format_text(
    results: FileFindings,
    rules: Mapping,
    out: TextIO,
    colour: bool,
    notes: Sequence[str] = (),
) -> None:
    """``path:line:col: severity rule message`` lines, then NOTES (what was assumed about a
    page: its wiki, its title) and the summary line."""
    for path, findings in results:
        if colour and findings:
            click.echo(click.style(path, bold=True, underline=True), file=out, color=True)
        for f in findings:
            severity = f.severity.value
            if colour:
                severity = click.style(severity, fg=_COLOURS[f.severity], bold=True)
                rule = click.style(f.rule, dim=True)
            else:
                rule = f.rule
            fix = " [fixable]" if f.fixable else (" [unsafe fix]" if f.unsafe_fixable else "")
            line = f"{path}:{f.line}:{f.column}: {severity} {rule} {f.message}{fix}"
            click.echo(("  " if colour else "") + line, file=out, color=colour)
    for note in notes:
        click.echo(note, file=out)
    counts = summary(results)
    if counts["findings"] == 0:
        text = f"No findings in {_plural(counts['files'], 'file')}."
    else:
        parts = [_plural(counts[s], s) for s in ("error", "warning", "info") if counts[s]]
        text = (
            f"{_plural(counts['findings'], 'finding')} ({', '.join(parts)}) in "
            f"{_plural(counts['files'], 'file')}"
        )
        if counts["fixable"]:
            text += f"; {counts['fixable']} fixable with `wikibox fix`"
        if counts["unsafe_fixable"]:
            text += f"; {counts['unsafe_fixable']} more with `wikibox fix --unsafe-fixes`"
        text += "."
    click.echo(click.style(text, bold=True) if colour else text, file=out, color=colour)


def format_json(results: FileFindings, rules: Mapping, out: TextIO, colour: bool) -> None:
    document = {
        "files": [
            {"path": path, "findings": [f.to_dict() for f in findings]}
            for path, findings in results
        ],
        "summary": summary(results),
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def format_sarif(results: FileFindings, rules: Mapping, out: TextIO, colour: bool) -> None:
    """SARIF 2.1.0.  The driver has no ``informationUri``: the project publishes no web page,
    and a made-up address would send code-scanning users nowhere; each rule carries its whole
    documentation as ``help`` instead."""
    used = sorted({f.rule for _, findings in results for f in findings})
    rule_entries = [
        {
            "id": name,
            "name": name,
            "shortDescription": {"text": rules[name].summary},
            "fullDescription": {"text": rules[name].doc},
            "help": {"text": rules[name].doc},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rules[name].severity]},
        }
        for name in used
    ]
    index = {name: i for i, name in enumerate(used)}
    sarif_results = [
        {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _sarif_uri(path)},
                        "region": {
                            "startLine": f.span.line,
                            "startColumn": f.span.column,
                            "endLine": f.span.end_line,
                            "endColumn": f.span.end_column + 1,
                        },
                    }
                }
            ],
        }
        for path, findings in results
        for f in findings
    ]
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wikibox",
                        "version": __version__,
                        "rules": rule_entries,
                    }
                },
                "results": sarif_results,
                # Columns count code points, as in every other output of wikibox.
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def _sarif_uri(path: str) -> str:
    """A file path as a SARIF URI reference: ``/`` separators, everything else that is not
    allowed in a URI percent-encoded (a space, ``#``, ``%``, non-ASCII letters)."""
    return quote(path.replace(os.sep, "/"), safe="/")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_github(text: str, *, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(results: FileFindings, rules: Mapping, out: TextIO, colour: bool) -> None:
    for path, findings in results:
        for f in findings:
            props = ",".join(
                [
                    f"file={_escape_github(path, property_=True)}",
                    f"line={f.span.line}",
                    f"col={f.span.column}",
                    f"endLine={f.span.end_line}",
                    f"endColumn={f.span.end_column}",
                    f"title={_escape_github(f.rule, property_=True)}",
                ]
            )
            out.write(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_escape_github(f.message)}\n")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


Formatter = Callable[[FileFindings, Mapping, TextIO, bool], None]
FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}
