"""Shared fixtures.

The wiki fixtures start one real MediaWiki per test session on 127.0.0.1 (see
`wikibox.testing.wiki`): bots are tested against it, never against a public wiki or a mock.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from wikibox.testing.wiki import TestWiki


def _private_pywikibot_dir() -> Path:
    """Point PYWIKIBOT_DIR at a private directory before any test module imports pywikibot.

    pywikibot reads PYWIKIBOT_DIR once, on first import, and takes it only if it holds a
    ``user-config.py``; otherwise it writes its logs, caches and cookies into the current
    directory (the repo) or ``~/.pywikibot``, and a developer's own config would leak in.
    """
    directory = Path(tempfile.mkdtemp(prefix="wikibox-pywikibot-"))
    (directory / "user-config.py").write_text("# The pywikibot_site fixture fills this in.\n")
    os.environ["PYWIKIBOT_DIR"] = str(directory)
    return directory


PYWIKIBOT_DIR = _private_pywikibot_dir()
# atexit runs last-in-first-out, so this runs after pywikibot's own exit handlers have written.
atexit.register(shutil.rmtree, PYWIKIBOT_DIR, ignore_errors=True)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


@pytest.fixture(scope="session")
def test_wiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestWiki]:
    """A running MediaWiki for the whole session, stopped at its end.

    Without php or MediaWiki installed the wiki tests are skipped on a developer's machine, but
    fail in CI (``CI`` set), where `.ci/install-debian.sh` must have installed them.
    """
    from wikibox.testing.wiki import TestWiki, TestWikiError, check_requirements

    try:
        check_requirements()
    except TestWikiError as error:
        if _in_ci():
            pytest.fail(f"CI needs the test wiki: {error}", pytrace=False)
        pytest.skip(f"no local MediaWiki: {error}")
    wiki = TestWiki.create(tmp_path_factory.mktemp("testwiki"))
    try:
        yield wiki
    finally:
        wiki.stop()


@pytest.fixture(scope="session")
def pywikibot_site(test_wiki: TestWiki) -> Any:
    """A `pywikibot.Site` for the test wiki, logged in as the bot (through its bot password).

    The settings are written to PYWIKIBOT_DIR (so a bot run in a subprocess finds them) and
    also set on the imported `pywikibot.config`, because a test module may have imported
    pywikibot before the wiki, and so its port, existed.
    """
    test_wiki.pywikibot_dir(PYWIKIBOT_DIR)
    import pywikibot

    for name, value in test_wiki.pywikibot_settings(PYWIKIBOT_DIR).items():
        if isinstance(value, dict):
            getattr(pywikibot.config, name).update(value)
        else:
            setattr(pywikibot.config, name, value)
    site = pywikibot.Site("testwiki", "testwiki")
    site.login()
    return site
