"""Time limits for one call of a page function, so that one pathological page cannot stall a scan.

In a process's main thread (pool workers, ``jobs=1`` from the main thread) the limit is
``signal.setitimer(ITIMER_REAL)`` and a SIGALRM handler that raises :class:`PageTimeout`.  The
handler runs at the next bytecode, or inside C code that calls ``PyErr_CheckSignals()``:
``time.sleep`` does, and so does mwparserfromhell's C tokenizer (at every markup character), so a
parse is cut short within ~0.1 s (measured on a 3 MB table that takes 4 s to parse).

Dask runs tasks in worker threads, where signals cannot be used, so there a watchdog thread raises
:class:`PageTimeout` in the task thread with ``PyThreadState_SetAsyncExc``.  That exception waits
for the thread to run Python bytecode: one long C call (the tokenizer, a ``time.sleep``, a regular
expression) finishes first — on that table, the tokenizer is about a fifth of the parse — and the
page is reported late but still reported.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wikibox.dump.reader import PageRecord
    from wikibox.scan.pages import PageFunction

__all__ = ["PageTimeout"]


class PageTimeout(BaseException):
    """Raised inside a page function whose time is up.

    A ``BaseException``, so that an ``except Exception`` in a page function cannot swallow it.
    """


class AlarmDeadline:
    """Time limit by SIGALRM; only for the main thread of a process."""

    def __init__(self) -> None:
        self.armed = False
        self.previous: Any = None

    def install(self) -> None:
        self.previous = signal.signal(signal.SIGALRM, self._on_alarm)

    def uninstall(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous or signal.SIG_DFL)

    def _on_alarm(self, signum: int, frame: object) -> None:
        if self.armed:  # an alarm that lands after the call returned is ignored
            raise PageTimeout

    def call(self, page_fn: PageFunction, page: PageRecord, seconds: float) -> list[dict]:
        self.armed = True
        # The alarm repeats every 50 ms until the call returns: an exception raised while a
        # garbage-collector callback or a __del__ runs is swallowed by Python, so one alarm
        # alone could be lost.
        signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
        try:
            return page_fn(page)
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)


class ThreadDeadline:
    """Time limit for any thread: a watchdog thread raises PageTimeout in the late thread.

    Like the alarm, the exception is raised again every 50 ms until the call returns: one
    raised while a garbage-collector callback runs (distributed installs some in its workers)
    or inside a ``__del__`` is swallowed by Python, and a single shot would be lost.
    """

    REPEAT = 0.05

    def __init__(self) -> None:
        self._lock = threading.Lock()  # a C-level lock: ``with`` cannot be interrupted half-way
        self._wake = threading.Event()
        self._deadlines: dict[int, float] = {}
        self._watchdog: threading.Thread | None = None

    def call(self, page_fn: PageFunction, page: PageRecord, seconds: float) -> list[dict]:
        ident = threading.get_ident()
        with self._lock:
            self._deadlines[ident] = time.monotonic() + seconds
            if self._watchdog is None:
                self._watchdog = threading.Thread(
                    target=self._watch, name="wikibox-page-watchdog", daemon=True
                )
                self._watchdog.start()
        self._wake.set()
        try:
            return page_fn(page)
        finally:
            self._disarm(ident)

    def _disarm(self, ident: int) -> None:
        """Stop the repeats for this thread and cancel one that is pending.

        A repeat can still land while this runs; then it is caught here and the loop tries
        again, so the entry is always gone when the call returns (the outcome of the call —
        its result or its exception — is what the caller sees)."""
        while True:
            try:
                with self._lock:
                    self._deadlines.pop(ident, None)
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)
                return
            except PageTimeout:
                continue

    def _watch(self) -> None:
        while True:
            self._wake.clear()
            with self._lock:
                now = time.monotonic()
                for ident, deadline in list(self._deadlines.items()):
                    if deadline <= now:
                        # Under the lock: the call is still running.  Again in REPEAT seconds
                        # unless the call has returned by then.
                        self._deadlines[ident] = now + self.REPEAT
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(ident), ctypes.py_object(PageTimeout)
                        )
                wait = min(self._deadlines.values(), default=now + 3600) - now
            self._wake.wait(max(wait, 0.001))


_THREAD_DEADLINE = ThreadDeadline()  # one watchdog per process, started on first use


def deadline_here() -> AlarmDeadline | ThreadDeadline:
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return AlarmDeadline()
    return _THREAD_DEADLINE
