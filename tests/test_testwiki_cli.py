"""`scripts/testwiki` as the README uses it twice in a row: start --detach returns once the
wiki answers, status is a readiness probe, stop says so and removes the stale pywikibot config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wikibox.testing.wiki import TestWiki


def run_testwiki(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wikibox.testing.wiki_cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.wiki
def test_detach_status_stop_twice(test_wiki: TestWiki, tmp_path: Path) -> None:
    # test_wiki only makes the test skip (or fail in CI) when MediaWiki is missing.
    directory = str(tmp_path / "wiki")
    config = tmp_path / "wiki" / "pywikibot" / "user-config.py"
    assert run_testwiki("status", "--dir", directory).returncode == 1
    ports = []
    try:
        for _ in range(2):
            started = run_testwiki("start", "--dir", directory, "--detach")
            assert started.returncode == 0, started.stderr
            api = next(line.split()[1] for line in started.stdout.splitlines()
                       if line.startswith("api:"))  # fmt: skip
            ports.append(api)
            status = run_testwiki("status", "--dir", directory)
            assert status.returncode == 0
            assert f"{api} is up" in status.stdout
            assert api.removesuffix("/api.php") in config.read_text()
            stopped = run_testwiki("stop", "--dir", directory)
            assert stopped.returncode == 0
            assert f"testwiki: stopped {api}" in stopped.stdout
            assert not config.exists()
            assert run_testwiki("status", "--dir", directory).returncode == 1
    finally:
        run_testwiki("stop", "--dir", directory)
    assert len(ports) == 2
