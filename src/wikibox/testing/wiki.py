"""A throwaway real MediaWiki on 127.0.0.1, for the test suite and for trying the bot safely.

Why a real wiki and not a mock: the bot's behaviour (edit conflicts, tokens, summaries, bot
flags, what TemplateData really returns) is defined by MediaWiki, so the tests run against
Debian's MediaWiki 1.39 with an sqlite database in a directory of its own, served by
``php -S``.  ``MW_CONFIG_FILE`` points MediaWiki at that directory's ``LocalSettings.php``, so
the read-only ``/usr/share/mediawiki`` is used as it is.  Pages are seeded and read with plain
urllib as a *human* user, so a test can tell the bot's edits from everybody else's.

Run ``python -m wikibox.testing.wiki_cli start`` to get one by hand (``scripts/testwiki``).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, Self

from wikibox.testing.api import ApiSession, Revision, TestWikiError
from wikibox.testing.processes import (
    MEDIAWIKI,
    STATE_FILE,
    check_requirements,
    free_port,
    port_is_free,
    read_state,
    server_is_running,
    stop_server,
)

__all__ = ["ApiSession", "Revision", "TestWiki", "TestWikiError"]

BOT_NAME = "WikiboxBot"
BOT_APP = "wikibox"
# What the bot may do, and no more: a bot password is limited to these grants.
BOT_GRANTS = "basic,highvolume,editpage,createeditmovepage"
HUMAN_NAME = "Human"
ACCOUNT_FIELDS = ("username", "password", "human", "human_password")
SERVER_LOG = "php-server.log"
EXTENSIONS = "Cite,ParserFunctions,TemplateData,Scribunto"

# Appended to the installer's LocalSettings.php; regenerated on every start so the port can
# change.  Debian's PlatformSettings.php sends the cache and logs to /var; keep them here.
SETTINGS_PHP = """<?php
// Written by wikibox.testing.wiki on every start; edit LocalSettings.php instead.
$wgServer = 'http://127.0.0.1:{port}';
$wgCacheDirectory = '{dir}/cache';
$wgUploadDirectory = '{dir}/images';
$wgTmpDirectory = '{dir}/tmp';
$wgDBerrorLog = '{dir}/logs/dberror.log';
$wgDebugLogGroups['exception'] = '{dir}/logs/exception.log';
$wgDebugLogGroups['error'] = '{dir}/logs/error.log';
$wgDebugLogGroups['fatal'] = '{dir}/logs/fatal.log';
$wgShowExceptionDetails = true;
$wgEnableEmail = false;
$wgPasswordAttemptThrottle = [];
$wgGroupPermissions['user']['noratelimit'] = true;
$wgScribuntoDefaultEngine = 'luastandalone';
// Drop-in settings that a test fixture adds with TestWiki.add_settings (read on every request).
foreach ( glob( __DIR__ . '/settings.d/*.php' ) ?: [] as $wikiboxDropIn ) {{
    require $wikiboxDropIn;
}}
"""


@dataclass
class TestWiki:
    """One running test wiki: where it lives, how to reach it and who may edit it."""

    __test__ = False  # not a pytest test class, despite the name

    directory: Path
    port: int
    pid: int
    username: str = f"{BOT_NAME}@{BOT_APP}"  # the bot password's login name
    # Bot passwords must match ^[0-9a-w]{32,}$: others are accepted, then fail at login.
    password: str = field(default_factory=lambda: secrets.token_hex(16))
    human: str = HUMAN_NAME  # an administrator who edits through `edit`
    human_password: str = field(default_factory=lambda: f"human-{secrets.token_hex(8)}")
    remove_directory: bool = False  # True when `create` made the directory itself
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False, compare=False)
    _human_session: ApiSession | None = field(default=None, repr=False, compare=False)

    @property
    def base_url(self) -> str:
        """The server and script path: ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The api.php endpoint, the one URL pywikibot needs."""
        return f"{self.base_url}/api.php"

    @property
    def index_url(self) -> str:
        """The index.php endpoint, for pages as a reader sees them."""
        return f"{self.base_url}/index.php"

    @property
    def bot_user(self) -> str:
        """The bot's account name, as revisions record it."""
        return self.username.split("@", 1)[0]

    @classmethod
    def create(cls, directory: Path | None = None, port: int | None = None) -> TestWiki:
        """Install a wiki into *directory* (a new temp dir by default) and start serving it.

        A directory that already holds a test wiki is started again as it is, with its pages
        and passwords.  A free port is picked when *port* is None.
        """
        check_requirements()
        remove = directory is None
        directory = Path(tempfile.mkdtemp(prefix="wikibox-testwiki-") if remove else directory)
        directory = directory.resolve()
        directory.mkdir(parents=True, exist_ok=True)
        state = read_state(directory)
        if server_is_running(state.get("pid", 0)):
            raise TestWikiError(f"already serving {state['api_url']}", source=str(directory))
        if not state and (directory / "LocalSettings.php").exists():
            raise TestWikiError("a half-installed wiki: remove it first", source=str(directory))
        if port is None:
            port = free_port()
        elif not port_is_free(port):
            raise TestWikiError(f"port {port} on 127.0.0.1 is in use", source=str(directory))
        accounts = {name: state[name] for name in ACCOUNT_FIELDS if name in state}
        wiki = cls(directory, port, 0, remove_directory=remove, **accounts)
        if not state:
            wiki._install()
        wiki._write_settings()
        wiki._start_server()
        wiki._save_state()
        return wiki

    def _php(self, script: str, *args: str, stdin: str = "") -> None:
        """Run a maintenance script against this wiki; a failure carries its output."""
        command = ["php", str(MEDIAWIKI / "maintenance" / script), *args]
        done = subprocess.run(
            command,
            input=stdin,
            env=self._env(),
            cwd=self.directory,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            output = f"{done.stdout}{done.stderr}"
            raise TestWikiError(f"{script} failed:\n{output}", source=str(self.directory))

    def _env(self) -> dict[str, str]:
        return {**os.environ, "MW_CONFIG_FILE": str(self.directory / "LocalSettings.php")}

    def _install(self) -> None:
        """Run install.php into the directory and create the bot, its password and grants."""
        for sub in ("data", "cache", "images", "tmp", "logs"):
            (self.directory / sub).mkdir(exist_ok=True)
        passfile = self.directory / "tmp" / "human-password"
        passfile.write_text(self.human_password)
        fixed = "--dbtype=sqlite --dbname=wikibox --scriptpath= --skins=Vector --lang=en"
        self._php(
            "install.php",
            *fixed.split(),
            f"--extensions={EXTENSIONS}",
            f"--dbpath={self.directory / 'data'}",
            f"--confpath={self.directory}",
            f"--server={self.base_url}",
            f"--passfile={passfile}",
            "Wikibox Test Wiki",
            self.human,
        )
        passfile.unlink()
        with (self.directory / "LocalSettings.php").open("a") as settings:
            settings.write("\nrequire __DIR__ . '/WikiboxSettings.php';\n")
        self._write_settings()
        self._php("createAndPromote.php", "--bot", self.bot_user, secrets.token_hex(16))
        grants = (f"--appid={BOT_APP}", f"--grants={BOT_GRANTS}")
        self._php("createBotPassword.php", *grants, self.bot_user, self.password)

    def _write_settings(self) -> None:
        text = SETTINGS_PHP.format(port=self.port, dir=str(self.directory).replace("'", "\\'"))
        (self.directory / "WikiboxSettings.php").write_text(text)

    def _save_state(self) -> None:
        """Remember accounts and PID, for `stop --dir` and for starting the wiki again."""
        state = {name: getattr(self, name) for name in ("port", "pid", *ACCOUNT_FIELDS)}
        path = self.directory / STATE_FILE
        path.touch(mode=0o600)
        path.write_text(json.dumps({**state, "api_url": self.api_url}, indent=2) + "\n")

    def _start_server(self, timeout: float = 60) -> None:
        """Start ``php -S`` in its own process group and wait until api.php answers."""
        log = (self.directory / SERVER_LOG).open("ab")
        address, php_ini = f"127.0.0.1:{self.port}", "opcache.enable_cli=1"  # ~10x faster
        command = ["php", "-d", php_ini, "-S", address, "-t", str(MEDIAWIKI)]
        self._process = subprocess.Popen(
            command,
            env=self._env(),
            cwd=self.directory,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        self.pid = self._process.pid
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._fail("php -S exited")
            try:
                ApiSession(self.api_url).call(action="query", meta="siteinfo", timeout=5)
                return
            except (urllib.error.HTTPError, TestWikiError) as error:
                self._fail(f"api.php answered with an error: {error}")
            except OSError:  # not listening yet
                time.sleep(0.05)
        self._fail(f"no answer within {timeout} s")

    def _fail(self, message: str) -> NoReturn:
        """Stop the server but keep the directory: its logs say what went wrong."""
        self._kill()
        raise TestWikiError(
            f"{message}; {SERVER_LOG} ends with:\n{self.log_tail()}", source=self.api_url
        )

    def log_tail(self, lines: int = 20) -> str:
        """The end of the php server's log, for error messages."""
        path = self.directory / SERVER_LOG
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server (its whole process group); remove the directory if it is ours."""
        self._kill()
        if self.remove_directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def _kill(self) -> None:
        stop_server(self.pid)
        if self._process is not None:
            self._process.wait(timeout=10)
            self._process = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # Seeding and reading pages, as a human and never through pywikibot.

    def human_session(self) -> ApiSession:
        """An API session logged in as the human administrator (made once, then reused)."""
        if self._human_session is None:
            self._human_session = ApiSession(self.api_url)
            self._human_session.login(self.human, self.human_password)
        return self._human_session

    def edit(self, title: str, text: str, summary: str = "wikibox test edit") -> int:
        """Save a page as the human through the API; returns the new revision id."""
        return self.human_session().edit(title, text, summary)

    def add_settings(self, name: str, php: str) -> Path:
        """Add a drop-in ``settings.d/NAME.php`` (PHP code, without ``<?php``).

        ``php -S`` reads the settings on every request, so the drop-in takes effect at once, with
        no restart; it stays for later starts of the same directory.
        """
        path = self.directory / "settings.d" / f"{name}.php"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"<?php\n// Added by a wikibox test fixture.\n{php.strip()}\n")
        return path

    def import_page(self, title: str, text: str, summary: str = "wikibox test seed") -> None:
        """Seed a page with the ``edit.php`` maintenance script, as "Maintenance script"."""
        self._php("edit.php", f"--summary={summary}", title, stdin=text)

    def revisions(self, title: str) -> list[Revision]:
        """All revisions of a page, newest first (an empty list for a missing page)."""
        session, found = ApiSession(self.api_url), []
        params = {
            "action": "query",
            "prop": "revisions",
            "titles": title,
            "rvprop": "ids|user|comment",
            "rvlimit": "max",
        }
        while True:
            answer = session.call(**params)
            page = answer["query"]["pages"][0]
            found += [
                Revision(r["revid"], r["user"], r["comment"]) for r in page.get("revisions", [])
            ]
            if "continue" not in answer:
                return found
            params.update(answer["continue"])

    def revision_count(self, title: str) -> int:
        """How many revisions a page has (0 when it does not exist)."""
        return len(self.revisions(title))

    def page_text(self, title: str) -> str | None:
        """The current wikitext of a page, or None when it does not exist."""
        answer = ApiSession(self.api_url).call(
            action="query", prop="revisions", titles=title, rvprop="content", rvslots="main"
        )
        page = answer["query"]["pages"][0]
        if page.get("missing"):
            return None
        return str(page["revisions"][0]["slots"]["main"]["content"])

    # pywikibot, configured without a family file.

    def pywikibot_settings(self, directory: Path) -> dict[str, Any]:
        """`pywikibot.config` values for this wiki, with the password file in *directory*.

        No family file is needed: ``family_files`` maps the name "testwiki" to api.php, and
        pywikibot's AutoFamily is a single-site family whose one code is its name, so family
        and code are both "testwiki".  Throttles are 0: the wiki is ours and on this machine.
        """
        return {
            "family_files": {"testwiki": self.api_url},
            "family": "testwiki",
            "mylang": "testwiki",
            "usernames": {"testwiki": {"testwiki": self.bot_user}},
            "password_file": str(directory / "user-password.py"),
            "put_throttle": 0,
            "minthrottle": 0,
            "maxthrottle": 0,
            "max_retries": 2,
            "retry_wait": 1,
            "retry_max": 2,
        }

    def pywikibot_dir(self, path: Path) -> Path:
        """Write ``user-config.py`` and ``user-password.py`` (mode 0600) for PYWIKIBOT_DIR.

        pywikibot only takes a PYWIKIBOT_DIR that holds a ``user-config.py``; without one it
        falls back to the current directory or ``~/.pywikibot``.
        """
        path = path.resolve()
        path.mkdir(parents=True, exist_ok=True)
        lines = ["# Written by wikibox.testing.wiki for the local test wiki.\n"]
        for name, value in self.pywikibot_settings(path).items():
            if isinstance(value, dict):
                lines += [f"{name}[{key!r}] = {item!r}\n" for key, item in value.items()]
            else:
                lines.append(f"{name} = {value!r}\n")
        app, secret = self.username.split("@", 1)[1], self.password
        entry = f"('testwiki', 'testwiki', {self.bot_user!r}, BotPassword({app!r}, {secret!r}))\n"
        for name, text in (("user-config.py", "".join(lines)), ("user-password.py", entry)):
            file = path / name
            file.touch(mode=0o600)
            file.chmod(0o600)
            file.write_text(text)
        return path
