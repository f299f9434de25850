"""Atomic writes: the user's text is never lost or half-written.

The new text goes to a temporary file in the same directory, is flushed to disk, and only
then replaces the original with one ``os.replace`` (atomic on POSIX).  A process killed at any
moment leaves either the old file or the new one, never a mix; the temporary file of a killed
run is the only thing left behind (named ``.<file>.wikibox-*``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from wikibox.errors import InputError

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, text: str) -> None:
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.wikibox-", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", source=str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
