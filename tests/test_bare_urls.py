"""The opt-in bare-URL fixes, against a web server of our own on 127.0.0.1."""

from __future__ import annotations

import datetime
import http.server
import threading

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.edit.fixes import fix_text
from wikibox.lint.config import Settings

TODAY = datetime.date(2026, 11, 26)
PAGES = {
    "/article": b"<html><head><meta charset='utf-8'><title>Leaders | talk &amp; agree"
    b"</title></head><body>x</body></html>",
    "/ja": "<html><head><title>首脳が電話会談</title></head></html>".encode(),
    "/pdf": b"%PDF-1.4",
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = PAGES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        kind = "application/pdf" if self.path == "/pdf" else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def page(base: str) -> str:
    return (
        f"Talks began.<ref>{base}/article</ref> Agreed.<ref>[{base}/ja]</ref>"
        f" Report.<ref>{base}/pdf</ref> Gone.<ref>{base}/missing</ref>\n"
        "== References ==\n{{Reflist}}\n"
    )


def test_fetch_titles_makes_citations_and_leaves_the_rest(server):
    text = page(server)
    settings = Settings(today=TODAY)
    fixed, applied = fix_text(text, settings=settings, fetch_titles=True)
    assert (
        f"<ref>{{{{cite web |url={server}/article |title=Leaders {{{{!}}}} talk & agree "
        "|access-date=2026-11-26}}</ref>" in fixed
    )
    assert f"|url={server}/ja |title=首脳が電話会談 |" in fixed
    assert f"<ref>{server}/pdf</ref>" in fixed and f"<ref>{server}/missing</ref>" in fixed
    assert [f.rule for f in applied] == ["cite-bare-url", "cite-bare-url"]
    assert fixed.splitlines()[1:] == text.splitlines()[1:]  # only the line with the refs
    again, more = fix_text(fixed, settings=settings, fetch_titles=True)
    assert again == fixed and not more


def test_tagging_without_network(server):
    text = page(server)
    fixed, _applied = fix_text(text, settings=Settings(today=TODAY), tag_bare_urls=True)
    assert fixed.count("{{Bare URL inline|date=November 2026}}") == 4
    assert f"<ref>{server}/article</ref>{{{{Bare URL inline|date=November 2026}}}}" in fixed
    again, _ = fix_text(fixed, settings=Settings(today=TODAY), tag_bare_urls=True)
    assert again == fixed


def test_default_fix_leaves_bare_urls_alone(server):
    text = page(server)
    assert fix_text(text, settings=Settings(today=TODAY))[0] == text


def test_cli_flag(server, tmp_path):
    path = tmp_path / "Page.wiki"
    path.write_text(page(server), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["fix", str(path), "--fetch-titles", "--today", "2026-11-26", "--diff"]
    )
    assert result.exit_code == 1
    assert "+Talks began.<ref>{{cite web |url=" in result.output
