"""Safe writes: the user's text is never lost, half-written or silently overwritten.

The new text goes to a temporary file in the same directory, is flushed to disk, and only
then replaces the original with one ``os.replace`` (atomic on POSIX).  A process killed at any
moment leaves either the old file or the new one, never a mix; the temporary file of a killed
run is the only thing left behind (named ``.<file>.wikibox-*``).

An *edit* (``fix``, ``set``) passes the text it read as ``expected``; then the write is a
compare-and-swap: under an exclusive lock on the file, its current text must still be what was
read, else :class:`~wikibox.errors.ConflictError` and nothing is written (two editors, or a
``fix`` and a ``set`` on the same file at once, never lose each other's edits).  An edit also
keeps what the reader stripped or never saw: the UTF-8 byte-order mark and CRLF line endings.

Every write goes through a symlink to its target (the link stays a link), keeps the target's
mode and owner, and refuses a read-only file even when run as root.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import tempfile
from pathlib import Path

from wikibox.errors import ConflictError, InputError

__all__ = ["refuse_overwriting_inputs", "write_atomic"]

BOM = "\ufeff"
LONE_NEWLINE = re.compile(r"(?<!\r)\n")


def write_atomic(path: str | Path, text: str, *, expected: str | None = None) -> None:
    """Replace the file at ``path`` with ``text`` atomically.

    With ``expected`` (the text as read, byte-order mark stripped) the file must still hold
    that text, and the new text is written with the file's BOM and CRLF line endings.
    """
    shown = str(path)
    target = Path(os.path.realpath(path))
    try:
        status: os.stat_result | None = target.stat()
    except FileNotFoundError:
        if expected is not None:
            raise ConflictError("the file was removed since it was read", source=shown) from None
        status = None
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", source=shown) from None
    if status is not None:
        _refuse_unwritable(status, target, shown)
    with _locked(target if status is not None else None):
        if expected is not None:
            current = _current_text(target, shown)
            if current.removeprefix(BOM) != expected:
                raise ConflictError(
                    "the file changed since it was read; nothing written (run again)",
                    source=shown,
                )
            text = _keep_encoding_details(current, text)
        _replace(target, text, status, shown)


def refuse_overwriting_inputs(output: str | Path, inputs: list[str | Path]) -> None:
    """Raise :class:`InputError` when ``output`` names one of ``inputs`` (same file, by any
    path or link): ``preview f.wiki -o f.wiki`` must not replace the page with HTML."""
    for source in inputs:
        if str(source) == "-":
            continue
        with contextlib.suppress(OSError):
            if os.path.samefile(output, source):
                raise InputError(
                    f"the output is the input file {source}; choose another output path",
                    source=str(output),
                )


def _refuse_unwritable(status: os.stat_result, target: Path, shown: str) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise InputError("cannot write: not a regular file", source=shown)
    # os.access says yes to root for any file; the mode bits say what the owner meant.
    if not status.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise InputError("cannot write: the file is read-only", source=shown)


@contextlib.contextmanager
def _locked(target: Path | None):
    """An exclusive lock on the file being replaced, held until the new one is in place.

    A second writer waiting on the old file's lock re-reads the *path* once it has the lock, so
    it sees the first writer's text and its compare-and-swap fails as it should.
    """
    if target is None:
        yield
        return
    try:
        handle = open(target, "rb")  # noqa: SIM115 - held open across the replace
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _current_text(target: Path, shown: str) -> str:
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", source=shown) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConflictError(
            "the file changed since it was read (it is no longer UTF-8); nothing written",
            source=shown,
        ) from None


def _keep_encoding_details(current: str, text: str) -> str:
    """``text`` with the BOM and CRLF line endings of the file's ``current`` text."""
    body = current.removeprefix(BOM)
    if "\r\n" in body and not LONE_NEWLINE.search(body):
        text = LONE_NEWLINE.sub("\r\n", text)
    if current.startswith(BOM) and not text.startswith(BOM):
        text = BOM + text
    return text


def _replace(target: Path, text: str, status: os.stat_result | None, shown: str) -> None:
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.wikibox-", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", source=shown) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if status is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        else:
            # Owner first: chown clears the set-id bits that chmod then restores.
            with contextlib.suppress(PermissionError):
                os.chown(temp_name, status.st_uid, status.st_gid)
            os.chmod(temp_name, stat.S_IMODE(status.st_mode))
        if status is not None and status.st_nlink > 1:
            _write_in_place(target, temp_name, shown)
            return
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise InputError(f"cannot write: {exc.strerror}", source=shown) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def _write_in_place(target: Path, saved: str, shown: str) -> None:
    """Write a file that has other hard links into its own inode, so that every name of it
    sees the new text (a rename would give this name a new file and leave the others on the
    old one).  The new text is already safe in ``saved`` (written and synced); if the copy
    fails half-way, the error says where it is, and it is kept."""
    data = Path(saved).read_bytes()
    try:
        with open(target, "r+b") as handle:
            handle.write(data)
            handle.truncate()
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise InputError(
            f"cannot write: {exc.strerror}; the new text is saved in {saved}", source=shown
        ) from None
    os.unlink(saved)
