"""The test wiki's server process and its requirements: free ports, the state file a running
wiki leaves in its directory, starting checks and stopping."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import time
from pathlib import Path
from typing import Any

from wikibox.testing.api import TestWikiError

__all__ = [
    "INSTALL_HINT",
    "MEDIAWIKI",
    "STATE_FILE",
    "check_requirements",
    "free_port",
    "port_is_free",
    "read_state",
    "server_is_running",
    "stop_server",
]

MEDIAWIKI = Path("/usr/share/mediawiki")
INSTALL_HINT = "run `sudo .ci/install-debian.sh` (Debian 12)"
STATE_FILE = "testwiki.json"


def check_requirements() -> None:
    """Fail early, naming the Debian package and the script that installs it."""
    if shutil.which("php") is None:
        raise TestWikiError(f"php not found: install the Debian package php-cli; {INSTALL_HINT}")
    if not (MEDIAWIKI / "maintenance" / "install.php").exists():
        raise TestWikiError(
            f"{MEDIAWIKI} not found: install the Debian package mediawiki; {INSTALL_HINT}"
        )


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether *port* can be bound on 127.0.0.1 (so no other server would answer our probe)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def read_state(directory: Path) -> dict[str, Any]:
    """What `_save_state` wrote in *directory*, or {} for a directory with no wiki yet."""
    path = directory / STATE_FILE
    return dict(json.loads(path.read_text())) if path.exists() else {}


def server_is_running(pid: int) -> bool:
    """Whether *pid* is a live ``php -S`` (a PID from a stale state file may be reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return cmdline[0].endswith(b"php") and b"-S" in cmdline and state != "Z"


def stop_server(pid: int) -> None:
    """Kill a ``php -S`` process group by PID, and nothing that is not our server."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not server_is_running(pid):
            return  # gone, or a zombie that the process that started it will reap
        with contextlib.suppress(ProcessLookupError):  # it may exit between check and kill
            os.killpg(pid, sig)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and server_is_running(pid):
            time.sleep(0.05)
