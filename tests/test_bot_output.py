"""The bot's results on stdout (plain when piped), and a wiki that does not answer (issue 16)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from wikibox.testing.wiki import TestWiki


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens once the block ends


def wikibox(*args: str, pywikibot_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYWIKIBOT_DIR": str(pywikibot_dir)}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "wikibox.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def down_wiki(tmp_path: Path) -> Path:
    """A pywikibot config for a wiki on 127.0.0.1 where nothing listens."""
    directory = tmp_path / "pywikibot"
    directory.mkdir()
    (directory / "user-config.py").write_text(
        f"family_files['downwiki'] = 'http://127.0.0.1:{closed_port()}/api.php'\n"
        "family = 'downwiki'\nmylang = 'downwiki'\n"
        "usernames['downwiki']['downwiki'] = 'Bot'\n"
        "max_retries = 1\nretry_wait = 0\nretry_max = 0\n"
    )
    return directory


@pytest.mark.parametrize(
    "command",
    [
        ("bot", "check", "-page:Some page"),
        ("bot", "fix", "-page:Some page", "-simulate"),
        ("schema", "pull", "Template:Infobox summit meeting"),
    ],
)
def test_a_wiki_that_does_not_answer_is_one_line_and_exit_2(down_wiki, tmp_path, command):
    if command[0] == "schema":
        command = (*command, "--schemas", str(tmp_path / "schemas"))
    result = wikibox(*command, pywikibot_dir=down_wiki)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("wikibox: error: the wiki downwiki:downwiki (http://127.0.0.1:")
    assert "did not answer" in lines[0]
    assert "Traceback" not in result.stderr


def test_preview_via_a_wiki_that_does_not_answer(tmp_path):
    page = tmp_path / "P.wiki"
    page.write_text("Text.\n", encoding="utf-8")
    api = f"http://127.0.0.1:{closed_port()}/api.php"
    result = subprocess.run(
        [sys.executable, "-m", "wikibox.cli.main", "preview", str(page), "--wiki", "enwiki",
         "-o", str(tmp_path / "p.html"), "--via-wiki", api],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert api in result.stderr and "Traceback" not in result.stderr


SUMMIT = (
    "{{Infobox summit meeting\n| date = 16 July 2018\n}}\n"
    "A summit.<ref>{{Template:Cite web |url=https://example.org/a |title=Report "
    "|website=Example News |date=2025-02-12}}</ref>\n\n== References ==\n{{Reflist}}\n"
)


@pytest.mark.wiki
def test_bot_results_go_to_stdout_without_markers(test_wiki: TestWiki, tmp_path: Path) -> None:
    test_wiki.edit("Output summit", SUMMIT)
    config = test_wiki.pywikibot_dir(tmp_path / "pywikibot")
    result = wikibox("bot", "fix", "-page:Output summit", "-simulate", "-always",
                     pywikibot_dir=config)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert ">>> Output summit <<<" in result.stdout
    assert "+ A summit.<ref>{{Cite web" in result.stdout or "+A summit.<ref>{{Cite web" in (
        result.stdout
    )
    assert "simulate: Output summit not saved" in result.stdout
    assert "read 1, would change 1, unchanged 0, skipped 0" in result.stdout
    assert "***" not in result.stdout + result.stderr
    assert "\x1b[" not in result.stdout  # piped: no colour
