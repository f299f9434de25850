"""HTML views: the preview of one article and the report of a scan, from ``templates/html/``.

Both pages are self-contained: CSS and script are inline, and a Content-Security-Policy lets
the browser load nothing else (no image, font or script from the network; only the inline
script whose SHA-256 the page names may run).  Values from pages and findings reach the HTML
only through Jinja2's autoescape or :func:`markupsafe.escape`, so wikitext such as
``<script>`` in a title, a parameter or a reference is shown as text, never run.

Offline, the preview's body is drawn by the small wikitext renderer of :mod:`wikibox.wikihtml`
(links, lists, bold/italic, numbered references, flags as text, other templates as chips): a
reviewer's approximation, not MediaWiki; :mod:`wikibox.preview_context` gathers what the
preview template needs.  For the wiki's own rendering, pass ``body_html`` from MediaWiki's
``action=parse`` (:func:`fetch_body_html`); the findings are attached to it.

Layout of this module: the environment, the report and its chart, the preview entry point and
``--via-wiki``.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from wikibox.errors import ConfigError, InputError
from wikibox.lint.findings import Finding
from wikibox.preview.context import PreviewBuilder
from wikibox.preview.markers import SEVERITY_ORDER
from wikibox.preview.wikihtml import page_link
from wikibox.rendering.environment import bundled_templates_dir
from wikibox.version import __version__

if TYPE_CHECKING:
    from wikibox.model.article import Article

__all__ = [
    "SEVERITY_COLOURS",
    "bar_chart_svg",
    "fetch_body_html",
    "html_environment",
    "preview_html",
    "report_html",
]

SEVERITY_COLOURS = {"error": "#d73333", "warning": "#e39d00", "info": "#3366cc"}
_NEUTRAL_COLOUR = "#72777d"


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The Jinja2 environment of the HTML pages: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(bundled_templates_dir() / "html"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["severity_colours"] = SEVERITY_COLOURS
    return env


def _inline_script(name: str) -> tuple[Markup, str]:
    """A script file's text (for an inline ``<script>``) and its CSP source expression."""
    source, _, _ = html_environment().loader.get_source(html_environment(), name)
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
    return Markup(source), f"'sha256-{digest}'"


def _render(template: str, *, script: str | None = None, **context: Any) -> str:
    csp_script = "'none'"
    if script is not None:
        context["script"], csp_script = _inline_script(script)
    else:
        context["script"] = None
    context["csp"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {csp_script}; base-uri 'none'; form-action 'none'"
    )
    return html_environment().get_template(template).render(**context)


# --------------------------------------------------------------------------- links


def _checked_wiki_url(wiki_url: str | None) -> str | None:
    if wiki_url and urllib.parse.urlsplit(wiki_url).scheme not in ("http", "https"):
        raise ConfigError(f"the wiki URL must start with http:// or https://, not {wiki_url!r}")
    return wiki_url or None


# --------------------------------------------------------------------------- the chart


def bar_chart_svg(
    counts: Mapping[str, int],
    *,
    colours: Mapping[str, str] | None = None,
    max_bars: int = 30,
    width: int = 760,
    title: str = "Findings per rule",
) -> Markup:
    """A horizontal bar chart as inline SVG: one bar per key, longest first.

    Past ``max_bars`` the smallest keys are added up into one "N other rules" bar.  Text is
    monospace so label widths are known without measuring fonts.
    """
    items = sorted(((str(k), int(v)) for k, v in counts.items() if v > 0), key=_by_count)
    if len(items) > max_bars:
        rest = items[max_bars - 1 :]
        items = [*items[: max_bars - 1], (f"{len(rest)} other rules", sum(n for _, n in rest))]
    colours = colours or {}
    char, row = 7.2, 24
    longest = max((len(k) for k, _ in items), default=10)
    label_width = min(34, longest) * char + 16
    top = max((n for _, n in items), default=1)
    bar_space = width - label_width - (len(str(top)) + 2) * char
    height = row * len(items) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (key, count) in enumerate(items):
        y = 4 + i * row
        bar = max(1.0, count / top * bar_space)
        label = key if len(key) <= 34 else key[:33] + "…"
        parts.append(
            f'<g class="bar" data-key="{escape(key)}" data-count="{count}">'
            f"<title>{escape(key)}: {count}</title>"
            f'<text x="{label_width - 8:.0f}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width:.0f}" y="{y + 4}" width="{bar:.1f}" height="{row - 8}" '
            f'rx="2" fill="{escape(colours.get(key, _NEUTRAL_COLOUR))}"/>'
            f'<text class="count" x="{label_width + bar + 6:.1f}" y="{y + 16}">{count}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


# --------------------------------------------------------------------------- the report


def report_html(
    findings: Sequence[Mapping[str, Any]],
    summary: Mapping[str, Any],
    *,
    wiki_url: str | None = None,
    title: str = "wikibox report",
    max_rows: int = 50_000,
) -> str:
    """A self-contained HTML report of a scan or a bot run.

    ``findings`` are plain dicts (``title``, ``rule``, ``severity``, ``message``, ``line``,
    ``column``; others are ignored).  ``summary`` may hold the keys of
    ``ScanSummary.to_dict()`` (``pages_read``, ``findings_by_rule``, ``top_pages``,
    ``elapsed`` …) and ``slowest_pages`` (``[[title, seconds], …]``); missing counts are
    computed from the findings.  ``wiki_url`` (an article path such as
    ``https://ja.wikipedia.org/wiki/``) turns page titles into links.  The findings table
    holds at most ``max_rows`` rows (the page says when rows were left out).
    """
    wiki_url = _checked_wiki_url(wiki_url)
    rows = [_finding_row(f, wiki_url) for f in findings]
    rows.sort(key=lambda r: (r["title"], r["line"], r["column"], r["rule"]))
    by_rule = Counter({str(k): int(v) for k, v in (summary.get("findings_by_rule") or {}).items()})
    if not by_rule:
        by_rule = Counter(r["rule"] for r in rows)
    rule_severity: dict[str, str] = {}
    for r in rows:
        known = rule_severity.get(r["rule"])
        rank = SEVERITY_ORDER.get(r["severity"])
        if rank is not None and (known is None or rank < SEVERITY_ORDER[known]):
            rule_severity[r["rule"]] = r["severity"]
    pages = _pages(rows)
    top = summary.get("top_pages") or [[p["title"], p["count"]] for p in pages[:10]]
    slowest = summary.get("slowest_pages") or []
    total = int(summary.get("findings", len(rows)))
    return _render(
        "report.html.j2",
        script="report.js",
        title=title,
        summary=dict(summary),
        total=total,
        by_severity=Counter(r["severity"] for r in rows),
        chart=bar_chart_svg(
            by_rule, colours={k: SEVERITY_COLOURS[v] for k, v in rule_severity.items()}
        ),
        rules=sorted(by_rule.items(), key=_by_count),
        rule_severity=rule_severity,
        pages=pages,
        top_pages=[{"title": t, "count": n, "url": page_link(wiki_url, t)} for t, n in top],
        slowest_pages=[
            {"title": t, "seconds": float(s), "url": page_link(wiki_url, t)} for t, s in slowest
        ],
        rows=rows[:max_rows],
        rows_left_out=max(0, len(rows) - max_rows),
        wiki_url=wiki_url,
    )


def _finding_row(finding: Mapping[str, Any], wiki_url: str | None) -> dict[str, Any]:
    title = str(finding.get("title") or "")
    return {
        "title": title,
        "url": page_link(wiki_url, title) if title else None,
        "rule": str(finding.get("rule") or "?"),
        "severity": str(finding.get("severity") or "info"),
        "message": str(finding.get("message") or ""),
        "line": _int(finding.get("line")),
        "column": _int(finding.get("column")),
    }


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _pages(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    pages: dict[str, dict[str, Any]] = {}
    for row in rows:
        page = pages.setdefault(
            row["title"],
            {"title": row["title"], "url": row["url"], "count": 0, "rules": Counter()}
            | {s: 0 for s in SEVERITY_ORDER},
        )
        page["count"] += 1
        page["rules"][row["rule"]] += 1
        if row["severity"] in SEVERITY_ORDER:
            page[row["severity"]] += 1
    return sorted(pages.values(), key=lambda p: (-p["count"], p["title"]))


# --------------------------------------------------------------------------- the preview


def preview_html(
    article: Article,
    findings: Sequence[Finding],
    *,
    wiki: str,
    body_html: str | None = None,
    source_label: str | None = None,
) -> str:
    """The preview page of ``article`` with ``findings`` attached to what they concern.

    Without ``body_html`` wikibox draws the page itself (infobox on the right with the wiki's
    own row labels, sections, numbered references) and puts a numbered marker on the infobox
    row, reference, heading or place in the text each finding points at.  With ``body_html``
    (the HTML of MediaWiki's ``action=parse``, trusted as MediaWiki's sanitised output) that is
    the body, and a small script attaches the same markers to the rows, references and headings
    it finds there.  ``source_label`` says where the body came from.
    """
    context = PreviewBuilder(article, findings, wiki=wiki).context()
    mode = "offline"
    if body_html is not None:
        mode = "wiki"
        context["body_html"] = Markup(body_html)
    return _render(
        "preview.html.j2",
        script="markers.js" if mode == "wiki" else None,
        mode=mode,
        source_label=source_label,
        **context,
    )


# --------------------------------------------------------------------------- --via-wiki


def fetch_body_html(api_url: str, text: str, *, title: str | None = None) -> str:
    """The HTML MediaWiki renders for ``text`` (``action=parse`` on ``api_url``).

    A proxy from the environment is never used for a loopback address.  Errors (wiki down,
    not a MediaWiki API, an API error) raise :class:`InputError` naming the URL.
    """
    parts = urllib.parse.urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("--via-wiki needs an http(s) URL of api.php", source=api_url)
    handlers: list[urllib.request.BaseHandler] = []
    if _is_loopback(parts.hostname):
        handlers.append(urllib.request.ProxyHandler({}))
    params = {
        "action": "parse",
        "format": "json",
        "formatversion": "2",
        "text": text,
        "contentmodel": "wikitext",
        "prop": "text",
        "disablelimitreport": "1",
        "disableeditsection": "1",
        "title": title or "Preview",
    }
    request = urllib.request.Request(
        api_url,
        data=urllib.parse.urlencode(params).encode(),
        headers={"User-Agent": f"wikibox/{__version__} (preview)"},
    )
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=60) as response:
            answer = json.loads(response.read())
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot parse the page on the wiki: {exc}", source=api_url) from None
    if "error" in answer:
        error = answer["error"]
        raise InputError(f"{error.get('code')}: {error.get('info')}", source=api_url)
    try:
        return str(answer["parse"]["text"])
    except (KeyError, TypeError):
        raise InputError("the answer has no parse.text", source=api_url) from None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
