"""Talking to the test wiki's API as a plain HTTP client (urllib, a cookie jar), so that tests
can seed and read pages as a *human* user and tell the bot's edits from everybody else's."""

from __future__ import annotations

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from wikibox.errors import WikiboxError

__all__ = ["ApiSession", "Revision", "TestWikiError"]


class TestWikiError(WikiboxError):
    """The test wiki cannot be installed, started, reached or used."""

    __test__ = False  # not a pytest test class, despite the name


@dataclass(frozen=True)
class Revision:
    """The parts of a revision that tests check: who saved it and with what summary."""

    revid: int
    user: str
    comment: str


class ApiSession:
    """A cookie-keeping api.php client on plain urllib, independent of pywikibot on purpose."""

    def __init__(self, api_url: str) -> None:
        self.api_url = api_url
        # An empty ProxyHandler: a proxy from the environment must never see 127.0.0.1 traffic.
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )

    def call(self, *, post: bool = False, timeout: float = 30, **params: Any) -> dict[str, Any]:
        """Call the API and return its JSON; an API error becomes a `TestWikiError`."""
        query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
        if post:
            request = urllib.request.Request(self.api_url, data=query.encode())
        else:
            request = urllib.request.Request(f"{self.api_url}?{query}")
        with self._opener.open(request, timeout=timeout) as response:
            body = response.read()
        try:
            answer: dict[str, Any] = json.loads(body)
        except ValueError:
            raise TestWikiError(f"not JSON: {body[:500]!r}", source=self.api_url) from None
        if "error" in answer:
            error = answer["error"]
            raise TestWikiError(f"{error.get('code')}: {error.get('info')}", source=self.api_url)
        return answer

    def token(self, kind: str) -> str:
        """A fresh token of *kind* ("login", "csrf", ...) for this session."""
        tokens = self.call(action="query", meta="tokens", type=kind)["query"]["tokens"]
        return str(tokens[f"{kind}token"])

    def login(self, username: str, password: str) -> None:
        """Log in with action=login (works for main and bot passwords)."""
        token = self.token("login")
        result = self.call(
            post=True, action="login", lgname=username, lgpassword=password, lgtoken=token
        )["login"]
        if result.get("result") != "Success":
            raise TestWikiError(f"login as {username} failed: {result}", source=self.api_url)

    def edit(self, title: str, text: str, summary: str = "") -> int:
        """Save *text* to *title* and return the new revision id (the old one if unchanged)."""
        token = self.token("csrf")
        result = self.call(
            post=True, action="edit", title=title, text=text, summary=summary, token=token
        )["edit"]
        if result.get("result") != "Success":
            raise TestWikiError(f"edit failed: {result}", source=title)
        if "newrevid" in result:
            return int(result["newrevid"])
        return self.latest_revid(title)  # "nochange": MediaWiki saved nothing

    def latest_revid(self, title: str) -> int:
        """The id of the page's current revision (0 when the page does not exist)."""
        page = self.call(action="query", prop="info", titles=title)["query"]["pages"][0]
        return int(page.get("lastrevid", 0))
