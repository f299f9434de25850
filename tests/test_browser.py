"""The preview and the report in a real browser: headless Chromium renders them, and the tests
ask the live DOM (through the DevTools protocol) what a reader would see.

Chromium runs with ``--remote-debugging-pipe``: the protocol travels over two pipes (fds 3
and 4 of the browser), so no port is opened and no WebSocket library is needed.  It starts
with the flags that keep it off the network and a fresh profile in the test's tmp dir; the
tests also check that the pages themselves asked for nothing but their own file.

Without Chromium these tests are skipped on a developer's machine and fail in CI (``CI`` set),
where ``.ci/install-debian.sh`` installs it.  ``WIKIBOX_UPDATE_SCREENSHOT=1`` also writes the
README's ``docs/preview.png`` from the preview of the example article.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.lint.findings import Finding, Severity
from wikibox.model.build import read_page
from wikibox.preview.report import fetch_body_html, preview_html, report_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "putin-trump-call-2025-02" / "article.wiki"
README_SCREENSHOT = ROOT / "docs" / "preview.png"
TODAY = datetime.date(2025, 10, 20)
JAWIKI_LABELS = ["開催国", "日付", "参加者", "前回", "次回"]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
INFO_BLUE = "rgb(51, 102, 204)"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


@pytest.fixture(scope="module")
def chromium_binary() -> str:
    found = os.environ.get("WIKIBOX_CHROMIUM") or next(
        (path for path in map(shutil.which, CHROMIUM_NAMES) if path), None
    )
    if found is None:
        if _in_ci():
            pytest.fail(
                "CI needs Chromium: .ci/install-debian.sh must install the Debian package "
                "'chromium'",
                pytrace=False,
            )
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); CI runs this")
    return found


_TRAMPOLINE = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


class Browser:
    """One headless Chromium and one tab, driven over the DevTools protocol on pipes."""

    def __init__(self, binary: str, profile: Path, log: Path) -> None:
        to_browser_read, self._write = os.pipe()
        self._read, from_browser_write = os.pipe()
        # The browser reads commands on fd 3 and writes answers on fd 4.  Popen keeps fds by
        # their own numbers, so a Python trampoline moves the pipe ends there and execs it.
        trampoline = [
            sys.executable,
            "-c",
            _TRAMPOLINE,
            str(to_browser_read),
            str(from_browser_write),
        ]
        with log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [*trampoline, binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}"],
                pass_fds=(to_browser_read, from_browser_write),
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
            )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.log = log
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    # -- the protocol -----------------------------------------------------------------------
    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == message["id"]:
                if "error" in answer:
                    raise AssertionError(f"{method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        return self.send(method, self.session, **params)

    def _receive(self, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._read], [], [], max(0.0, left))
            if not ready:
                raise AssertionError(f"Chromium did not answer in {timeout} s; {self._log()}")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise AssertionError(f"Chromium closed the pipe; {self._log()}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _log(self) -> str:
        return "its log ends: " + self.log.read_text(errors="replace")[-2000:]

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                self.events.remove(event)
                return event
        deadline = time.monotonic() + timeout
        while True:
            event = self._receive(max(0.1, deadline - time.monotonic()))
            if event.get("method") == method:
                return event
            self.events.append(event)

    # -- what the tests use -----------------------------------------------------------------
    def open(self, path: Path, width: int = 1280, height: int = 900) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.events.clear()
        self.call("Page.navigate", url=path.as_uri())
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        answer = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise AssertionError(f"{expression!r} threw {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def screenshot(self, path: Path, height: int | None = None) -> Path:
        """A PNG of the page (the whole page, or its first ``height`` pixels)."""
        size = self.js(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        clip = {"x": 0, "y": 0, "width": size[0], "height": height or size[1], "scale": 1}
        shot = self.call(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def problems(self) -> list[str]:
        """Uncaught exceptions and errors logged by the page (a CSP refusal is one)."""
        found = []
        for event in self.events:
            if event.get("method") == "Runtime.exceptionThrown":
                found.append(str(event["params"]["exceptionDetails"]))
            elif event.get("method") == "Log.entryAdded":
                entry = event["params"]["entry"]
                if entry["level"] == "error":
                    found.append(f"{entry['source']}: {entry['text']}")
        return found

    def close(self) -> None:
        with contextlib.suppress(AssertionError):  # it may be gone already
            self.send("Browser.close")
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._read)
        os.close(self._write)


@pytest.fixture
def browser(chromium_binary: str, tmp_path: Path) -> Any:
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    opened = Browser(chromium_binary, profile, tmp_path / "chromium.log")
    yield opened
    opened.close()


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, path


def assert_offline(browser: Browser, page: Path) -> None:
    assert browser.requested_urls() == [page.as_uri()]
    assert browser.problems() == []


def write_example_preview(directory: Path) -> Path:
    article = read_page(EXAMPLE, wiki="jawiki")
    findings = check_article(article, settings=Settings(wiki="jawiki", today=TODAY))
    path = directory / "preview.html"
    path.write_text(preview_html(article, findings, wiki="jawiki"), encoding="utf-8")
    return path


def update_readme_screenshot(
    browser: Browser, workdir: Path, target: Path = README_SCREENSHOT
) -> Path:
    """Write the README's picture: the top of the example's preview, 1280 × 1000."""
    browser.open(write_example_preview(workdir), 1280, 1000)
    return browser.screenshot(target, height=1000)


# --------------------------------------------------------------------------- the preview

ROWS_JS = """[...document.querySelectorAll('.infobox tr.infobox-row')].map(row => ({
  label: row.querySelector('th').innerText.trim(),
  value: row.querySelector('td').innerText.trim(),
  markers: [...row.querySelectorAll('.finding-marker')].map(m => ({
      title: m.title, colour: getComputedStyle(m).backgroundColor,
      visible: m.getBoundingClientRect().width > 0})),
}))"""

LAYOUT_JS = """(() => {
  const box = document.querySelector('.infobox').getBoundingClientRect();
  const content = document.querySelector('main.content').getBoundingClientRect();
  const lead = document.querySelector('.mw-body-content > p').getBoundingClientRect();
  const side = document.querySelector('nav.sidebar').getBoundingClientRect();
  return {box: [box.left, box.right, box.top, box.width], content: [content.left, content.right],
          lead: [lead.left, lead.top], side: [side.left, side.right]};
})()"""


def test_the_example_preview_renders_like_a_wiki_page(browser: Browser, tmp_path: Path) -> None:
    page = write_example_preview(tmp_path)
    browser.open(page)

    rows = browser.js(ROWS_JS)
    assert [row["label"] for row in rows] == JAWIKI_LABELS
    values = {row["label"]: row["value"] for row in rows}
    assert values["日付"] == "2025年2月12日"
    assert "🇺🇸 ドナルド・トランプ" in values["参加者"]  # a flag, not the letters USA
    assert "🇷🇺 ウラジーミル・プーチン" in values["参加者"]
    assert values["前回"] == "ドナルド・トランプの2度目の就任"
    assert values["次回"] == "2025年ロシア・米国首脳会談"

    # the finding about the empty host_country sits on that row, blue (info), visible
    host = next(row for row in rows if row["label"] == "開催国")
    assert len(host["markers"]) == 1
    assert "infobox-empty-param" in host["markers"][0]["title"]
    assert host["markers"][0]["colour"] == INFO_BLUE and host["markers"][0]["visible"]
    assert all(not row["markers"] for row in rows if row["label"] != "開催国")

    assert browser.js("document.querySelectorAll('ol.references > li').length") == 37
    assert browser.js("document.querySelector('h1.firstHeading').innerText") == (
        "2025年2月のプーチン・トランプ大統領電話会談"
    )

    # a Wikipedia layout: findings on the left, the infobox floated right beside the lead
    layout = browser.js(LAYOUT_JS)
    box_left, box_right, box_top, box_width = layout["box"]
    assert layout["side"][1] < layout["content"][0]
    assert abs(box_right - layout["content"][1]) < 2 and box_width > 250
    assert box_left > (layout["content"][0] + layout["content"][1]) / 2
    assert layout["lead"][0] < box_left and abs(layout["lead"][1] - box_top) < 60

    # the side list and the marker link to each other
    number = browser.js(
        "document.querySelector('#infobox-0-host_country .finding-marker').textContent"
    )
    browser.js(f"document.querySelector('#finding-{number} .finding-marker').click()")
    assert browser.js("location.hash") == f"#marker-{number}"

    assert_offline(browser, page)
    assert_png(browser.screenshot(tmp_path / "preview.png"))
    if os.environ.get("WIKIBOX_UPDATE_SCREENSHOT"):
        browser.events.clear()
        assert_png(update_readme_screenshot(browser, tmp_path, README_SCREENSHOT))


# --------------------------------------------------------------------------- the report


def scan_findings() -> list[dict[str, Any]]:
    rules = [
        ("cite-bare-url", "warning", 9),
        ("infobox-date-invalid", "error", 4),
        ("infobox-empty-param", "info", 2),
    ]
    findings = []
    for rule, severity, count in rules:
        for i in range(count):
            findings.append(
                {
                    "title": f"Page {'ABCD'[i % 4]}",
                    "rule": rule,
                    "severity": severity,
                    "message": f"{rule} #{i}",
                    "line": i + 1,
                    "column": 1,
                }
            )
    findings.append(
        {
            "title": "<script>window.pwned = 1</script>",
            "rule": "cite-bare-url",
            "severity": "warning",
            "message": "<img src=x onerror='window.pwned=2'>",
            "line": 1,
            "column": 1,
        }
    )
    return findings


def test_the_scan_report_has_a_chart_and_sortable_filterable_tables(
    browser: Browser, tmp_path: Path
) -> None:
    findings = scan_findings()
    summary = {
        "pages_read": 50,
        "pages_parsed": 40,
        "pages_skipped": 10,
        "pages_failed": 0,
        "findings": len(findings),
        "elapsed": 1.5,
        "slowest_pages": [["Page A", 0.2]],
    }
    page = tmp_path / "report.html"
    page.write_text(
        report_html(findings, summary, wiki_url="https://en.wikipedia.org/wiki/"), encoding="utf-8"
    )
    browser.open(page)

    bars = browser.js("""[...document.querySelectorAll('#rule-chart svg g.bar')].map(g => ({
        key: g.dataset.key, width: g.querySelector('rect').getBoundingClientRect().width}))""")
    assert [bar["key"] for bar in bars] == [
        "cite-bare-url",
        "infobox-date-invalid",
        "infobox-empty-param",
    ]
    assert bars[0]["width"] > bars[1]["width"] > bars[2]["width"] > 0
    assert browser.js("document.querySelector('#total-findings dd').innerText") == "16"

    # sort the pages by their number of findings: descending first, then ascending
    counts = "[...document.querySelectorAll('#pages tbody tr')].map(r => +r.cells[1].innerText)"
    browser.js("document.querySelectorAll('#pages thead th')[1].click()")
    assert browser.js(counts) == sorted(browser.js(counts), reverse=True)
    browser.js("document.querySelectorAll('#pages thead th')[1].click()")
    assert browser.js(counts) == sorted(browser.js(counts))
    assert (
        browser.js("document.querySelectorAll('#pages thead th')[1].getAttribute('aria-sort')")
        == "ascending"
    )

    # filter the findings by text, then by severity
    visible = "[...document.querySelectorAll('#findings tbody tr')].filter(r => !r.hidden)"
    browser.js("""(() => { const box = document.querySelector('input[data-filter-table=findings]');
        box.value = 'Page B'; box.dispatchEvent(new Event('input')); })()""")
    assert browser.js(f"{visible}.length") == 4
    assert browser.js("document.querySelector('[data-count-for=findings]').innerText") == (
        "4 of 16 shown"
    )
    browser.js("""(() => { const box = document.querySelector('input[data-filter-table=findings]');
        box.value = ''; box.dispatchEvent(new Event('input'));
        const pick = document.querySelector('select[data-filter-column=\"3\"]');
        pick.value = 'error'; pick.dispatchEvent(new Event('change')); })()""")
    assert browser.js(f"{visible}.map(r => r.cells[3].innerText)") == ["error"] * 4

    # a page title with a script is text; nothing of it ran
    assert browser.js("typeof window.pwned") == "undefined"
    assert browser.js("document.body.innerText.includes('<script>window.pwned = 1</script>')")
    assert browser.js("document.querySelector('#top-pages a').href") == (
        "https://en.wikipedia.org/wiki/Page_A"
    )

    assert_offline(browser, page)
    assert_png(browser.screenshot(tmp_path / "report.png"))


# --------------------------------------------------------------------------- --via-wiki

INFOBOX_TEMPLATE = """<table class="infobox">
<tr><th colspan="2">{{{name|}}}</th></tr>
{{#if:{{{host_country|}}}|<tr><th>開催国</th><td>{{{host_country}}}</td></tr>}}
{{#if:{{{date|}}}|<tr><th>日付</th><td>{{{date}}}</td></tr>}}
{{#if:{{{participants|}}}|<tr><th>参加者</th><td>{{{participants}}}</td></tr>}}
{{#if:{{{follows|}}}|<tr><th>前回</th><td>{{{follows}}}</td></tr>}}
{{#if:{{{precedes|}}}|<tr><th>次回</th><td>{{{precedes}}}</td></tr>}}
</table>"""


@pytest.mark.wiki
def test_markers_are_attached_to_the_wikis_own_rendering(
    browser: Browser, test_wiki: Any, tmp_path: Path
) -> None:
    test_wiki.edit("Template:Infobox summit meeting", INFOBOX_TEMPLATE)
    article = read_page(EXAMPLE, wiki="jawiki")
    box = article.infobox
    findings = [
        Finding("date-rule", Severity.ERROR, "the date is wrong", box.get("date").value_span),
        Finding("ref-rule", Severity.WARNING, "the citation is wrong", article.references[0].span),
        Finding("empty-rule", Severity.INFO, "empty", box.get("host_country").span),
    ]
    body = fetch_body_html(test_wiki.api_url, article.text, title=article.title)
    page = tmp_path / "via-wiki.html"
    html = preview_html(
        article, findings, wiki="jawiki", body_html=body, source_label=test_wiki.api_url
    )
    page.write_text(html, encoding="utf-8")
    browser.open(page)

    date_row = browser.js("""(() => {
        const th = [...document.querySelectorAll('.mw-parser-output table.infobox th')]
            .find(th => th.innerText.trim() === '日付');
        const row = th.closest('tr'); const marker = row.querySelector('.finding-marker');
        return {classes: row.className, title: marker && marker.title,
                colour: marker && getComputedStyle(marker).backgroundColor};
    })()""")
    assert "has-finding" in date_row["classes"] and "sev-error" in date_row["classes"]
    assert "the date is wrong" in date_row["title"]
    assert date_row["colour"] == "rgb(215, 51, 51)"
    first_ref = browser.js(
        "document.querySelector('.mw-parser-output ol.references > li .finding-marker').title"
    )
    assert "the citation is wrong" in first_ref
    assert (
        browser.js("document.querySelectorAll('.mw-parser-output ol.references > li').length") == 37
    )
    attached = browser.js("""Object.fromEntries([...document.querySelectorAll('.findings-list li')]
        .map(li => [li.dataset.rule, li.dataset.attached]))""")
    # the wiki hides the empty row, so that finding stays in the side list only
    assert attached == {"date-rule": "true", "ref-rule": "true", "empty-rule": "false"}

    assert_offline(browser, page)
    assert_png(browser.screenshot(tmp_path / "via-wiki.png"))
