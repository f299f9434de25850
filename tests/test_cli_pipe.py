"""A reader that goes away (``wikibox scan … | head``) ends the command quietly, as click ends
every command on a broken pipe (status 1): no "Broken pipe" error, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wikibox.dump.writer import write_dump

PAGE = "Text.\n" + "A fact <ref>Smith 2001.</ref>\n" * 50


def run_without_reader(*args: str) -> subprocess.CompletedProcess:
    """Run ``wikibox ARGS`` with standard output a pipe whose reader is already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "wikibox.cli.main", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "command",
    [
        ["check", "{page}"],
        ["check", "{page}", "--format", "json"],
        ["scan", "{dump}", "--format", "jsonl"],
        ["scan", "{dump}", "--format", "json"],
    ],
)
def test_commands_stop_quietly_when_their_reader_is_gone(tmp_path: Path, command) -> None:
    page = tmp_path / "page.wiki"
    page.write_text(PAGE, encoding="utf-8")
    dump = tmp_path / "pages.xml.bz2"
    write_dump([("Page", PAGE)], dump)
    args = [part.format(page=page, dump=dump) for part in command]
    process = run_without_reader(*args)
    assert process.stderr.decode() == ""
    assert process.returncode == 1
