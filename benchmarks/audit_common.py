"""What the robustness audit's parts share: running the real CLI, counting outcomes, pages.

``audit_robustness.py`` is the script to run; this module only holds its pieces.  Every page
written here is generated here (no corpus text): an infobox and a few citations with a few
defects each, different for each number.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["CITE_DATES", "Cli", "Result", "Row", "one_error_line", "page_text", "wikibox_path"]

TRACEBACK = "Traceback (most recent call last)"
#: A command that takes longer than this is counted as hanging (an "other" failure).
HANG_SECONDS = 120


def wikibox_path() -> str:
    """The ``wikibox`` of the venv running this script, else the one on PATH."""
    beside = Path(sys.executable).parent / "wikibox"
    return str(beside) if beside.exists() else (shutil.which("wikibox") or "wikibox")


@dataclass(frozen=True)
class Result:
    code: int | None  # None: killed after HANG_SECONDS
    stdout: str
    stderr: str

    @property
    def crashed(self) -> bool:
        """A traceback as a user sees one: printed, or an exit status the CLI never means."""
        return TRACEBACK in self.stderr or (self.code is not None and self.code not in (0, 1, 2))


class Cli:
    """The real ``wikibox`` command, run as a user runs it (a new process each time)."""

    def __init__(self, program: str) -> None:
        self.program = program

    def run(
        self,
        *args: str | Path,
        cwd: Path | None = None,
        stdin: bytes | None = None,
        timeout: float = HANG_SECONDS,
        prefix: tuple[str, ...] = (),
    ) -> Result:
        environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
        try:
            done = subprocess.run(
                [*prefix, self.program, *map(str, args)],
                cwd=cwd,
                input=stdin,
                capture_output=True,
                timeout=timeout,
                env=environment,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            return Result(None, _text(exc.stdout), _text(exc.stderr) + "\n[hung]")
        return Result(done.returncode, _text(done.stdout), _text(done.stderr))

    def start(self, *args: str | Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [self.program, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


_ERROR_LINE = re.compile(r"^(wikibox: error:|Error:)", re.MULTILINE)


#: What continues an error on the next line: a Python or YAML error printed whole, with its
#: marks and caret (a spec's schema problems are listed one a line, by design, and stay).
_CONTINUED = re.compile(r"^(\s+(in \"|\^)|\s*\^|\s*File \")")


def one_error_line(result: Result, needle: str) -> bool:
    """One error line (ours, or click's usage error), it names ``needle`` (the file), and no
    line after it continues it."""
    lines = result.stderr.splitlines()
    errors = [n for n, line in enumerate(lines) if _ERROR_LINE.match(line)]
    if len(errors) != 1 or needle not in lines[errors[0]]:
        return False
    return not any(_CONTINUED.match(line) for line in lines[errors[0] + 1 :])


@dataclass
class Row:
    """One line of the table, and the details behind its numbers."""

    category: str
    inputs: int = 0
    tracebacks: int = 0
    findings_lost: int = 0
    edits_lost: int = 0
    wrong_exit: int = 0
    other: int = 0
    notes: list[str] = field(default_factory=list)

    def note(self, kind: str, label: str, result: Result | None = None) -> None:
        detail = ""
        if result is not None:
            lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
            detail = f" [exit {result.code}] {lines[-1][:160] if lines else ''}"
        self.notes.append(f"{kind}: {label}{detail}")

    def expect(
        self,
        label: str,
        result: Result,
        codes: tuple[int, ...] = (2,),
        names: str | None = None,
    ) -> bool:
        """Count one input: a traceback, a hang, a wrong exit status, or (with ``names``) an
        error that is not one line naming the file.  True when it was as expected."""
        self.inputs += 1
        if result.crashed:
            self.tracebacks += 1
            self.note("traceback", label, result)
        elif result.code is None:
            self.other += 1
            self.note("hung", label, result)
        elif result.code not in codes:
            self.wrong_exit += 1
            self.note(f"exit not in {codes}", label, result)
        elif names is not None and result.code == 2 and not one_error_line(result, names):
            self.other += 1
            self.note(f"not one error line naming {names!r}", label, result)
        else:
            return True
        return False


CITE_DATES = ["2024-1-5", "2024-2-9", "2023-3-7", "2022-4-1", "2021-5-3", "2020-6-8"]


def page_text(number: int, *, citations: int | None = None) -> str:
    """A small article with a few defects, some fixable (unpadded ISO dates, a space before a
    ref), different for each ``number``; ``citations`` fixes how many cite-web refs it has."""
    rng = random.Random(number)
    date = rng.choice(["30 February 2025", f"{rng.randint(1, 28)} March 2024", "2024-13-01"])
    lines = ["{{Infobox summit meeting", f"| name = Meeting {number}", f"| date = {date}"]
    if rng.random() < 0.5:
        lines.append("| partcipants = [[Country A]]")
    else:
        lines.append(f"| participants = [[Country {number}]], [[Country {number + 1}]]")
    lines.append("}}")
    body = f"'''Meeting {number}''' was a meeting."
    for k in range(citations if citations is not None else rng.randint(1, 3)):
        cite_date = CITE_DATES[k % len(CITE_DATES)] if citations else rng.choice(CITE_DATES)
        space = " " if rng.random() < 0.3 else ""
        body += (
            f" Fact {k}.{space}<ref>{{{{cite web |url=https://example.org/{number}/{k} "
            f"|title=Item {k} of {number} |date={cite_date} |access-date=2024-12-01}}}}</ref>"
        )
    if rng.random() < 0.4:
        body += f" More.<ref>https://example.net/{number}</ref>"
    return "\n".join(lines) + "\n" + body + "\n\n== References ==\n{{Reflist}}\n"
