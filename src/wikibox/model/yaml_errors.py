"""One line for a YAML error, with its position: what every reader of a user's YAML file says.

PyYAML's own message runs over several lines (marks, a caret); wikibox's error path gives one
line naming the file, so the readers of profile files and of specs both ask :func:`yaml_problem`.
"""

from __future__ import annotations

import yaml

__all__ = ["yaml_problem"]


def yaml_problem(exc: yaml.YAMLError, text: str) -> tuple[str, int | None, int | None]:
    """``("malformed YAML: …", line, column)`` for an error raised while reading ``text``
    (1-based positions; None where PyYAML gives none)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        if mark is None:
            return f"malformed YAML: {problem}", None, None
        return f"malformed YAML: {problem}", mark.line + 1, mark.column + 1
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return f"malformed YAML: character U+{exc.character:04X} is not allowed", line, column
    return "malformed YAML: " + " ".join(str(exc).split()), None, None
