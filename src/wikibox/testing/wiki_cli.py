"""``python -m wikibox.testing.wiki_cli start|status|stop`` (``scripts/testwiki``): a test wiki
served by hand, for trying the bot safely on 127.0.0.1."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import time
from pathlib import Path

from wikibox.testing.api import ApiSession, TestWikiError
from wikibox.testing.processes import read_state, server_is_running, stop_server
from wikibox.testing.wiki import TestWiki

__all__ = ["forget_pywikibot_dir", "main"]


def main(argv: list[str] | None = None) -> int:
    """``start`` serves a wiki until Ctrl-C or ``stop`` (``--detach``: in the background,
    returning once it answers); ``status --dir D`` says whether it answers; ``stop --dir D``
    ends it and removes its pywikibot config, so a stale port is never used."""
    parser = argparse.ArgumentParser(prog="testwiki", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="install (if needed) and serve a test wiki")
    start.add_argument("--dir", type=Path, help="wiki directory (default: a new temp dir)")
    start.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    start.add_argument(
        "--detach",
        action="store_true",
        help="serve in the background; return once api.php answers (stop with `stop`)",
    )
    status = commands.add_parser("status", help="exit 0 if the wiki in a directory answers")
    status.add_argument("--dir", type=Path, required=True, help="wiki directory")
    stop = commands.add_parser("stop", help="stop the wiki served from a directory")
    stop.add_argument("--dir", type=Path, required=True, help="wiki directory")
    args = parser.parse_args(argv)
    try:
        if args.command == "stop":
            return _stop(args.dir)
        if args.command == "status":
            return _status(args.dir)
        if args.detach and args.dir is None:
            raise TestWikiError("--detach needs --dir (to stop it later)")
        return _serve(args.dir, args.port, detach=args.detach)
    except (TestWikiError, OSError) as error:
        print(f"testwiki: error: {error}", file=sys.stderr)
        return 1


def _stop(directory: Path) -> int:
    state = read_state(directory)
    if not state:
        raise TestWikiError("no test wiki here", source=str(directory))
    running = server_is_running(int(state["pid"]))
    stop_server(int(state["pid"]))
    forget_pywikibot_dir(directory.resolve() / "pywikibot")
    if running:
        print(f"testwiki: stopped {state['api_url']} (pid {state['pid']})")
    else:
        print(f"testwiki: {state['api_url']} was not running")
    return 0


def _status(directory: Path) -> int:
    """0 and the API URL when the wiki answers; 1 and why not otherwise (a readiness probe)."""
    state = read_state(directory)
    if not state:
        print(f"testwiki: no test wiki in {directory}")
        return 1
    if not server_is_running(int(state["pid"])):
        print(f"testwiki: {state['api_url']} is not running")
        return 1
    try:
        ApiSession(state["api_url"]).call(action="query", meta="siteinfo", timeout=5)
    except (OSError, TestWikiError) as error:
        print(f"testwiki: {state['api_url']} does not answer: {error}")
        return 1
    print(f"testwiki: {state['api_url']} is up (pid {state['pid']})")
    return 0


def forget_pywikibot_dir(path: Path) -> None:
    """Remove the config `pywikibot_dir` wrote: it names a port that is no longer served."""
    for name in ("user-config.py", "user-password.py"):
        with contextlib.suppress(FileNotFoundError):
            (path / name).unlink()


def _serve(directory: Path | None, port: int | None, *, detach: bool = False) -> int:
    started = time.monotonic()
    wiki = TestWiki.create(directory, port)
    config_dir = wiki.pywikibot_dir(wiki.directory / "pywikibot")
    stop_hint = f"`testwiki stop --dir {wiki.directory}`"
    print(
        f"api:      {wiki.api_url}\nuser:     {wiki.username}\npassword: {wiki.password}\n"
        f"human:    {wiki.human} / {wiki.human_password}\npid:      {wiki.pid}\n"
        f"dir:      {wiki.directory}\nready in  {time.monotonic() - started:.1f} s\n"
        f"export PYWIKIBOT_DIR={config_dir}\n"
        + (f"Serving in the background; {stop_hint} to stop" if detach else
           f"Ctrl-C or {stop_hint} to stop"),
        flush=True,
    )  # fmt: skip
    if detach:
        wiki._process = None  # php -S runs in its own session and outlives this process
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # Explicitly, because a shell's `&` starts the process with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert wiki._process is not None
        wiki._process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        wiki.stop()
        forget_pywikibot_dir(config_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
