"""The one small hierarchy of errors wikibox raises.

Bad *markup* is never an exception: it is a finding.  These errors are for input that cannot be
read at all (a missing file, bytes that are not UTF-8, an empty page, malformed YAML) and for
problems with the outside world (a wiki that is down, an edit conflict).  Each carries the file or
page it is about and, where known, the position, so the CLI can print ``path:line:col: message``.
"""

from __future__ import annotations

__all__ = ["ConfigError", "ConflictError", "InputError", "RenderError", "WikiboxError"]


class WikiboxError(Exception):
    """Base class: a message plus where it happened."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.source or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message


class InputError(WikiboxError):
    """The input cannot be read as wikitext or as a spec (missing, not UTF-8, empty, malformed)."""


class ConfigError(WikiboxError):
    """A configuration file or option is invalid (unknown rule, unknown option, bad value)."""


class RenderError(WikiboxError):
    """A template could not be rendered (missing field, unsafe value)."""


class ConflictError(WikiboxError):
    """A file changed between reading and writing it; nothing was written (run again)."""
