"""HTML views: the preview of one article and the report of a scan, from ``templates/html/``.

Both pages are self-contained: CSS and script are inline, and a Content-Security-Policy lets
the browser load nothing else (no image, font or script from the network; only the inline
script whose SHA-256 the page names may run).  Values from pages and findings reach the HTML
only through Jinja2's autoescape or :func:`markupsafe.escape`, so wikitext such as
``<script>`` in a title, a parameter or a reference is shown as text, never run.

Offline, the preview's body is drawn by the small wikitext renderer at the end of this module
(links, lists, bold/italic, numbered references, flags as text, other templates as chips): a
reviewer's approximation, not MediaWiki.  For the wiki's own rendering, pass ``body_html``
from MediaWiki's ``action=parse`` (:func:`fetch_body_html`); the findings are attached to it.

Layout of this module: the environment, the report and its chart, the preview entry point and
``--via-wiki``, then the renderer (``_Renderer`` for inline wikitext, ``_PreviewBuilder`` for
what the preview template needs, ``_Blocks`` for paragraphs and lists).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import re
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

import wikibox

from .errors import ConfigError, InputError
from .findings import Finding

if TYPE_CHECKING:
    from .model import Article

__all__ = [
    "SEVERITY_COLOURS",
    "bar_chart_svg",
    "fetch_body_html",
    "html_environment",
    "page_link",
    "preview_html",
    "report_html",
    "templates_dir",
]

SEVERITY_COLOURS = {"error": "#d73333", "warning": "#e39d00", "info": "#3366cc"}
_NEUTRAL_COLOUR = "#72777d"
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def templates_dir() -> Path:
    """The bundled ``templates/`` (in the wheel) or the repository's (editable install)."""
    bundled = Path(wikibox.__file__).parent / "templates"
    return bundled if bundled.is_dir() else Path(__file__).parents[2] / "templates"


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """The Jinja2 environment of the HTML pages: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() / "html"),
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


def page_link(wiki_url: str | None, title: str) -> str | None:
    """The URL of ``title`` on a wiki whose article path is ``wiki_url`` (``…/wiki/`` or
    ``…/index.php?title=$1``); None without a URL."""
    if not wiki_url:
        return None
    name = urllib.parse.quote(title.replace(" ", "_"), safe="/:_,-.!~*'()")
    return wiki_url.replace("$1", name) if "$1" in wiki_url else wiki_url + name


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
        rank = _SEVERITY_ORDER.get(r["severity"])
        if rank is not None and (known is None or rank < _SEVERITY_ORDER[known]):
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
            | {s: 0 for s in _SEVERITY_ORDER},
        )
        page["count"] += 1
        page["rules"][row["rule"]] += 1
        if row["severity"] in _SEVERITY_ORDER:
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
    context = _PreviewBuilder(article, findings, wiki=wiki).context()
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
        headers={"User-Agent": f"wikibox/{wikibox.__version__} (preview)"},
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


# --------------------------------------------------------------------------- drawing wikitext

# What the page chrome says in the wiki's language; other wikis get enwiki's.
_WIKI_TEXT = {
    "enwiki": {
        "tagline": "From Wikipedia, the free encyclopedia",
        "retrieved": "Retrieved {}.",
        "citation_needed": "citation needed",
        "references": "References",
        "contents": "Contents",
        "categories": "Categories",
    },
    "jawiki": {
        "tagline": "出典: フリー百科事典『ウィキペディア（Wikipedia）』",
        "retrieved": "{}閲覧。",
        "citation_needed": "要出典",
        "references": "脚注",
        "contents": "目次",
        "categories": "カテゴリ",
    },
}
_FILE_NAMESPACES = frozenset({"file", "image", "ファイル", "画像"})
_CATEGORY_NAMESPACES = frozenset({"category", "カテゴリ"})
_IMAGE_OPTION = re.compile(
    r"(thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|baseline|"
    r"upright(=.*)?|\d*x?\d+\s*px|(alt|link|page|class|lang)=.*|サムネイル|左|右|中央|なし)",
    re.IGNORECASE,
)
# Tags drawn as themselves (without attributes); any other tag is shown as text, as MediaWiki
# shows a tag it does not allow (``<script>`` among them).
_PLAIN_TAGS = frozenset(
    {
        *("b", "i", "u", "s", "del", "ins", "small", "big", "sup", "sub", "code", "tt", "q"),
        *("span", "abbr", "cite", "var", "kbd", "samp", "em", "strong", "center", "div", "p"),
        *("blockquote", "table", "tr", "td", "th", "caption", "ul", "ol", "li", "dl", "dt", "dd"),
    }
)
_LIST_MARKUP = {"*": "ul", "#": "ol", ":": "dl", ";": "dl"}
_HIDDEN_ROW_PARAMS = frozenset(
    {"name", "image", "caption", "image_size", "imagesize", "image_upright", "upright", "alt"}
    | {"embed", "child"}
)
_QUOTES = re.compile(r"('{2,})")


def _ascii_id(text: str) -> str:
    return re.sub(r"[^\w\-.]", "_", text)


def _span_has(span: Any, offset: int, end: int | None = None) -> bool:
    stop = span.end if end is None else end
    return span.start <= offset < stop or span.start == stop == offset


class _Marker:
    """One finding as the preview shows it: numbered, with where it is attached."""

    def __init__(self, number: int, finding: Finding) -> None:
        self.number = number
        self.rule = finding.rule
        self.severity = str(getattr(finding.severity, "value", finding.severity))
        self.message = finding.message
        self.line, self.column = finding.span.line, finding.span.column
        self.offset = finding.span.start
        self.kind, self.where, self.label, self.ref = "text", f"line {self.line}", "", ""

    @property
    def html(self) -> Markup:
        return Markup(
            '<a class="finding-marker sev-{0}" id="marker-{1}" href="#finding-{1}" '
            'title="{1}. {0} · {2}: {3}" data-finding="{1}">{1}</a>'
        ).format(self.severity, self.number, self.rule, self.message)

    def data(self) -> dict[str, Any]:
        keys = ("number", "rule", "severity", "message", "line", "column", "kind", "label", "ref")
        return {key: getattr(self, key) for key in keys}


def _worst(markers: Iterable[_Marker]) -> str | None:
    found = [m.severity for m in markers]
    return min(found, key=lambda s: _SEVERITY_ORDER.get(s, 3)) if found else None


class _Renderer:
    """Wikitext nodes to inline HTML; every piece of page text goes through ``escape``."""

    def __init__(self, builder: _PreviewBuilder) -> None:
        self.b = builder
        self.stack: list[str] = []  # open ''/''' formatting, innermost last
        self.pending: list[_Marker] = []  # body markers, by offset, not yet placed

    # -- nodes ------------------------------------------------------------------------------
    def inline(self, code: Any) -> Markup:
        """A nested value (a cell, link text, caption): its quotes are closed at its end."""
        saved, self.stack = self.stack, []
        html = Markup("").join(self.node(n) for n in code.nodes) + self.close_quotes()
        self.stack = saved
        return html.strip()

    def node(self, node: Any) -> Markup:
        from mwparserfromhell import nodes

        if isinstance(node, nodes.Text):
            return self.text(node.value, self._offset(node))
        if isinstance(node, nodes.Comment):
            html = Markup("")
        elif isinstance(node, nodes.HTMLEntity):
            html = escape(node.normalize())
        elif isinstance(node, nodes.Wikilink):
            html = self.wikilink(node)
        elif isinstance(node, nodes.ExternalLink):
            html = self.external_link(node)
        elif isinstance(node, nodes.Tag):
            html = self.tag(node)
        elif isinstance(node, nodes.Template):
            html = self.template(node)
        elif isinstance(node, nodes.Heading):
            html = self.inline(node.title)
        else:
            html = escape(str(node))
        return html + self.markers_before(self._end(node))

    def text(self, value: str, offset: int | None) -> Markup:
        out: list[Markup] = []
        start = 0
        if offset is not None:
            while self.pending and self.pending[0].offset < offset + len(value):
                marker = self.pending.pop(0)
                cut = max(0, marker.offset - offset)
                if cut < start:
                    out.append(marker.html)
                    continue
                out += [self.quotes(value[start:cut]), marker.html]
                start = cut
        out.append(self.quotes(value[start:]))
        return Markup("").join(out)

    def quotes(self, text: str) -> Markup:
        """``''italic''`` and ``'''bold'''`` (parsed with skip_style_tags, so done here)."""
        out: list[Markup] = []
        for i, piece in enumerate(_QUOTES.split(text)):
            if i % 2 == 0:
                out.append(escape(piece))
                continue
            n = len(piece)
            extra = n - 5 if n > 5 else (1 if n == 4 else 0)
            out.append(escape("'" * extra))
            for tag in {2: ("i",), 3: ("b",), 4: ("b",)}.get(n, ("b", "i")):
                out.append(self.toggle(tag))
        return Markup("").join(out)

    def toggle(self, tag: str) -> Markup:
        if tag not in self.stack:
            self.stack.append(tag)
            return Markup(f"<{tag}>")
        above = self.stack[self.stack.index(tag) + 1 :]
        del self.stack[self.stack.index(tag) :]
        self.stack += above
        return Markup("".join(f"</{t}>" for t in reversed(above)) + f"</{tag}>") + Markup(
            "".join(f"<{t}>" for t in above)
        )

    def close_quotes(self) -> Markup:
        html = Markup("".join(f"</{t}>" for t in reversed(self.stack)))
        self.stack = []
        return html

    def markers_before(self, end: int | None) -> Markup:
        placed: list[Markup] = []
        while end is not None and self.pending and self.pending[0].offset < end:
            placed.append(self.pending.pop(0).html)
        return Markup("").join(placed)

    def _offset(self, node: Any) -> int | None:
        locator = self.b.article.locator
        return locator.offset(node) if node in locator else None

    def _end(self, node: Any) -> int | None:
        locator = self.b.article.locator
        return locator.range(node)[1] if node in locator else None

    # -- links ------------------------------------------------------------------------------
    def wikilink(self, node: Any) -> Markup:
        from .names import strip_comments

        title = strip_comments(str(node.title)).strip()
        namespace = title.split(":", 1)[0].strip().casefold() if ":" in title else ""
        if namespace in _FILE_NAMESPACES:
            return self.thumb(title.split(":", 1)[1], str(node.text or ""))
        if namespace in _CATEGORY_NAMESPACES:
            self.b.categories.append(title.split(":", 1)[1].strip())
            return Markup("")
        title = title.removeprefix(":")
        text = self.inline(node.text) if node.text is not None else escape(title)
        page, _, fragment = title.partition("#")
        url = page_link(self.b.wiki_url, page) if page else ""
        href = (url or "") + (f"#{_ascii_id(fragment)}" if fragment else "")
        return Markup('<a href="{}" title="{}">{}</a>').format(href or "#", page, text)

    def external_link(self, node: Any) -> Markup:
        url = str(node.url).strip()
        if urllib.parse.urlsplit(url).scheme not in ("http", "https") and not url.startswith("//"):
            return escape(str(node))
        if not node.brackets:
            text = escape(url)
        elif node.title is not None and str(node.title).strip():
            text = self.inline(node.title)
        else:
            self.b.autonumber += 1
            text = escape(f"[{self.b.autonumber}]")
        return Markup('<a class="external" rel="nofollow" href="{}">{}</a>').format(url, text)

    def thumb(self, name: str, options: str) -> Markup:
        from .wikitext import parse_wikitext

        parts = [p for p in options.split("|") if p.strip()]
        captions = [p for p in parts if not _IMAGE_OPTION.fullmatch(p.strip())]
        caption = self.inline(parse_wikitext(captions[-1])) if captions else Markup("")
        return Markup(
            '<span class="thumb"><span class="image-placeholder" title="{0}">'
            '<span class="image-icon" aria-hidden="true"></span><span class="file-name">{0}'
            '</span></span><span class="thumb-caption">{1}</span></span>'
        ).format(name.strip(), caption)

    # -- tags and templates -----------------------------------------------------------------
    def tag(self, node: Any) -> Markup:
        name = str(node.tag).strip().casefold()
        contents = node.contents if node.contents is not None else None
        if name == "ref":
            return self.b.ref_marker(node)
        if name == "references" or node.wiki_markup in _LIST_MARKUP:
            return Markup("")
        if name == "br":
            return Markup("<br>")
        if name == "hr":
            return Markup("<hr>")
        if name in ("nowiki", "pre"):
            inner = escape(str(contents or ""))
            return Markup("<pre>{}</pre>").format(inner) if name == "pre" else inner
        if name in _PLAIN_TAGS and not node.self_closing:
            inner = self.inline(contents) if contents is not None else Markup("")
            css = ' class="wikitable"' if name == "table" else ""
            return Markup(f"<{name}{css}>") + inner + Markup(f"</{name}>")
        return escape(str(node))

    def template(self, node: Any) -> Markup:
        from .names import normalize_template_name, strip_comments
        from .semantics import FLAG_TEMPLATES, FLAG_WITH_NAME

        name = normalize_template_name(strip_comments(str(node.name)))
        if name in ("!", "="):
            return escape("|" if name == "!" else "=")
        if self.b.is_infobox(node) or name in self.b.config.reference_lists:
            return Markup("")
        args = {str(p.name).strip(): p.value for p in node.params}
        if name in FLAG_TEMPLATES:
            country = str(args.get("1", "")).strip()
            shown = Markup('<span class="flag" title="flag: {0}">{0}</span>').format(country)
            return shown + (escape(" " + country) if name in FLAG_WITH_NAME else Markup(""))
        if name in self.b.config.citation_needed:
            return Markup('<sup class="noprint">[<i>{}</i>]</sup>').format(
                self.b.text["citation_needed"]
            )
        if name.casefold().startswith(("cite", "citation")):
            return self.citation(args)
        if name.casefold() == "lang" and "2" in args:
            return self.inline(args["2"])
        return Markup(
            '<span class="template" title="{{{{{0}}}}}: not drawn offline">{{{{{0}}}}}</span>'
        ).format(name)

    def citation(self, args: Mapping[str, Any]) -> Markup:
        """A citation template, drawn roughly as the citation module does."""

        def get(*names: str) -> Any:
            for name in names:
                if name in args and str(args[name]).strip():
                    return args[name]
            return None

        authors = []
        for n in ("", *map(str, range(1, 10))):
            last, first = get(f"last{n}", f"author{n}"), get(f"first{n}")
            if last is not None:
                person = self.inline(last)
                authors.append(person + (", " + self.inline(first) if first else Markup("")))
        out: list[Markup] = []
        if authors:
            out.append(Markup("; ").join(authors))
        if get("date"):
            out.append(Markup(" ({})").format(self.inline(get("date"))))
        if out:
            out.append(Markup(". "))
        title = self.inline(get("title")) if get("title") else escape("(no title)")
        url = str(get("url") or "").strip()
        if urllib.parse.urlsplit(url).scheme in ("http", "https"):
            title = Markup('<a class="external" rel="nofollow" href="{}">{}</a>').format(url, title)
        out.append(Markup("“{}”").format(title))
        if get("trans-title"):
            out.append(Markup(" [{}]").format(self.inline(get("trans-title"))))
        if get("language"):
            out.append(Markup(" ({})").format(self.inline(get("language"))))
        work = get("work", "website", "newspaper", "magazine", "journal", "publisher")
        out.append(Markup(". <i>{}</i>.").format(self.inline(work)) if work else Markup("."))
        if get("access-date", "accessdate"):
            accessed = _ja_date(str(get("access-date", "accessdate")).strip(), self.b.wiki)
            out.append(escape(" " + self.b.text["retrieved"].format(accessed)))
        return Markup('<cite class="citation">{}</cite>').format(Markup("").join(out))


def _ja_date(value: str, wiki: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if wiki != "jawiki" or not match:
        return value
    year, month, day = (int(g) for g in match.groups())
    return f"{year}年{month}月{day}日"


class _PreviewBuilder:
    """Everything the preview template needs, from one article and its findings."""

    def __init__(self, article: Any, findings: Sequence[Finding], *, wiki: str) -> None:
        from .profiles import wiki_config

        self.article, self.wiki = article, wiki
        self.config = wiki_config(wiki)
        self.wiki_url = self.config.url
        self.text = _WIKI_TEXT.get(wiki, _WIKI_TEXT["enwiki"])
        self.categories: list[str] = []
        self.autonumber = 0
        ordered = sorted(findings, key=lambda f: (f.span.start, f.rule))
        self.markers = [_Marker(i + 1, f) for i, f in enumerate(ordered)]
        self._number_references()
        self.row_markers: dict[tuple[int, str], list[_Marker]] = {}
        self.box_markers: dict[int, list[_Marker]] = {}
        self.ref_markers: dict[int, list[_Marker]] = {}
        self.heading_markers: dict[int, list[_Marker]] = {}
        self.renderer = _Renderer(self)
        for marker in self.markers:
            self._attach(marker)

    # -- references -------------------------------------------------------------------------
    def _number_references(self) -> None:
        """Numbers per group in order of first use, as Cite does; unused ones come last."""

        def first_use(ref: Any) -> int:
            starts = [u.span.start for u in ref.uses] or ([ref.span.start] if ref.span else [])
            return min(starts, default=1 << 60)

        self.ref_number: dict[int, tuple[str, int]] = {}
        self.first_use: dict[int, int] = {}
        self.use_of: dict[int, tuple[Any, int]] = {}
        self.listed: set[int] = set()
        counters: Counter[str] = Counter()
        for ref in sorted(self.article.references, key=first_use):
            group = ref.group or ""
            counters[group] += 1
            self.ref_number[id(ref)] = (group, counters[group])
            self.first_use[id(ref)] = first_use(ref)
            for k, use in enumerate(ref.uses):
                self.use_of[id(use.node)] = (ref, k)

    def _ref_key(self, ref: Any) -> str:
        group, number = self.ref_number[id(ref)]
        return f"{_ascii_id(group)}-{number}" if group else str(number)

    def _ref_label(self, ref: Any) -> str:
        group, number = self.ref_number[id(ref)]
        return f"{group} {number}" if group else str(number)

    def ref_marker(self, node: Any) -> Markup:
        found = self.use_of.get(id(node))
        if found is None:
            return Markup('<sup class="reference">[?]</sup>')
        ref, k = found
        severity = _worst(self.ref_markers.get(id(ref), ()))
        css = f"reference has-finding sev-{severity}" if severity else "reference"
        return Markup(
            '<sup class="{}" id="cite_ref-{}-{}"><a href="#cite_note-{}">[{}]</a></sup>'
        ).format(css, self._ref_key(ref), k, self._ref_key(ref), self._ref_label(ref))

    def reference_list(self, group: str = "", before: int = 1 << 60) -> dict[str, Any]:
        """The references of ``group`` first used before ``before`` and not listed yet: as in
        MediaWiki, a second list of a group shows only the references cited since the first."""
        from .wikitext import parse_wikitext

        items = []
        refs = [
            r
            for r in self.article.references
            if (r.group or "") == group
            and id(r) not in self.listed
            and self.first_use[id(r)] < before
        ]
        self.listed.update(id(r) for r in refs)
        for ref in sorted(refs, key=lambda r: self.ref_number[id(r)][1]):
            if ref.template_node is not None:
                body = self.renderer.citation(
                    {str(p.name).strip(): p.value for p in ref.template_node.params}
                )
            elif ref.bare_url:
                body = Markup('<a class="external" rel="nofollow" href="{0}">{0}</a>').format(
                    ref.bare_url
                )
            else:
                body = self.renderer.inline(parse_wikitext(ref.content or ""))
            markers = self.ref_markers.get(id(ref), [])
            key = self._ref_key(ref)
            items.append(
                {
                    "key": key,
                    "label": self._ref_label(ref),
                    "html": body,
                    "markers": markers,
                    "severity": _worst(markers),
                    "backlinks": [f"cite_ref-{key}-{k}" for k in range(len(ref.uses))],
                }
            )
        return {"kind": "references", "group": group, "items": items}

    # -- attaching findings -----------------------------------------------------------------
    def is_infobox(self, node: Any) -> bool:
        return any(node is box.node for box in self.article.infoboxes)

    def _attach(self, marker: _Marker) -> None:
        offset = marker.offset
        for ref in self.article.references:
            spans = [u.span for u in ref.uses] + ([ref.span] if ref.span else [])
            if any(_span_has(s, offset) for s in spans):
                self.ref_markers.setdefault(id(ref), []).append(marker)
                marker.kind, marker.ref = "ref", self._ref_label(ref)
                marker.where = f"reference [{marker.ref}]"
                return
        for i, box in enumerate(self.article.infoboxes):
            for param in box.params:
                if _span_has(param.span, offset, max(param.span.end, param.value_span.end)):
                    self.row_markers.setdefault((i, param.name), []).append(marker)
                    marker.kind, marker.label = "row", self._row_label(box, param.name)
                    marker.where = f"infobox: {marker.label}"
                    return
            if _span_has(box.span, offset):
                self.box_markers.setdefault(i, []).append(marker)
                marker.kind, marker.where = "infobox", f"infobox {{{{{box.template}}}}}"
                return
        for i, section in enumerate(self.article.sections):
            if _span_has(section.span, offset):
                self.heading_markers.setdefault(i, []).append(marker)
                marker.kind, marker.label = "heading", section.title
                marker.where = f"heading {section.title}"
                return
        self.renderer.pending.append(marker)

    # -- the infobox ------------------------------------------------------------------------
    def _labels(self, box: Any) -> dict[str, str]:
        from .profiles import infobox_profile

        profile = infobox_profile(box.template)
        if profile is None:
            return {}
        return dict(profile.labels.get(self.wiki) or profile.labels.get("enwiki") or {})

    def _row_label(self, box: Any, param: str) -> str:
        role = {name: role for role, name in box.roles.items()}.get(param, param)
        labels = self._labels(box)
        return labels.get(role) or labels.get(param) or param.replace("_", " ").capitalize()

    def infobox(self, i: int, box: Any) -> dict[str, Any]:
        labels = self._labels(box)
        order = list(labels)
        role_of = {name: role for role, name in box.roles.items()}
        hidden = _HIDDEN_ROW_PARAMS | {box.roles.get(r) for r in ("name", "image", "caption")}
        latest = {param.name: param for param in box.params}
        rows = []
        for position, param in enumerate(latest.values()):
            markers = self.row_markers.get((i, param.name), [])
            if param.positional or (param.name in hidden and not markers):
                continue
            if param.is_empty and not markers:
                continue
            role = role_of.get(param.name, param.name)
            rank = order.index(role) if role in order else len(order) + position
            rows.append(
                {
                    "rank": rank,
                    "param": param.name,
                    "role": role,
                    "id": f"infobox-{i}-{param.name}",
                    "label": self._row_label(box, param.name),
                    "html": self.renderer.inline(param.node.value),
                    "empty": param.is_empty,
                    "markers": markers,
                    "severity": _worst(markers),
                }
            )
        rows.sort(key=lambda row: row["rank"])

        def value(role: str) -> Any:
            param = box.role_param(role) or box.get(role)
            return param if param is not None and not param.is_empty else None

        name, image, caption = value("name"), value("image"), value("caption")
        markers = self.box_markers.get(i, [])
        return {
            "id": f"infobox-{i}",
            "template": box.template,
            "rows": rows,
            "title": self.renderer.inline(name.node.value)
            if name
            else escape(self.article.title or box.template),
            "image": image.value if image else None,
            "caption": self.renderer.inline(caption.node.value) if caption else None,
            "markers": markers,
            "severity": _worst(markers),
        }

    # -- the body ---------------------------------------------------------------------------
    def body(self) -> list[dict[str, Any]]:
        from mwparserfromhell import nodes

        out = _Blocks(self.renderer)
        sections = {id(s.node): (i, s) for i, s in enumerate(self.article.sections)}
        anchors: Counter[str] = Counter()
        for node in self.article.code.nodes:
            if isinstance(node, nodes.Heading):
                i, section = sections.get(id(node), (None, None))
                markers = self.heading_markers.get(i, []) if i is not None else []
                plain = section.title if section else str(node.title).strip()
                anchor = _ascii_id(plain.replace(" ", "_")) or "section"
                anchors[anchor] += 1
                if anchors[anchor] > 1:
                    anchor += f"_{anchors[anchor]}"
                out.block(
                    {
                        "kind": "heading",
                        "level": node.level,
                        "anchor": anchor,
                        "text": plain,
                        "html": self.renderer.inline(node.title),
                        "markers": markers,
                        "severity": _worst(markers),
                    }
                )
            elif self._is_reference_list(node):
                _, end = self.article.locator.range(node)
                out.block(self.reference_list(self._list_group(node), before=end))
            elif isinstance(node, nodes.Tag) and node.wiki_markup in _LIST_MARKUP:
                out.list_marker(node.wiki_markup)
            elif isinstance(node, nodes.Tag) and node.wiki_markup == "----":
                out.block({"kind": "hr"})
            elif isinstance(node, nodes.Text):
                out.text(node.value, self.renderer._offset(node))
            else:
                out.add(self.renderer.node(node))
        out.add(self.renderer.markers_before(1 << 60))
        out.finish()
        unlisted = [r for r in self.article.references if id(r) not in self.listed]
        groups = {r.group or "" for r in unlisted}
        if groups:  # Cite shows the references the page never listed at its end
            out.block(
                {
                    "kind": "heading",
                    "level": 2,
                    "anchor": "references",
                    "markers": [],
                    "text": self.text["references"],
                    "html": escape(self.text["references"]),
                    "severity": None,
                }
            )
            for group in sorted(groups):
                out.block(self.reference_list(group))
        return out.blocks

    def _is_reference_list(self, node: Any) -> bool:
        from mwparserfromhell import nodes

        from .names import normalize_template_name, strip_comments

        if isinstance(node, nodes.Tag):
            return str(node.tag).strip().casefold() == "references"
        if isinstance(node, nodes.Template):
            name = normalize_template_name(strip_comments(str(node.name)))
            return name in self.config.reference_lists
        return False

    def _list_group(self, node: Any) -> str:
        """The group a reference list shows; ``{{Notelist}}`` shows ``lower-alpha`` notes."""
        from mwparserfromhell import nodes

        if node.has("group"):
            return str(node.get("group").value).strip()
        is_template = isinstance(node, nodes.Template)
        return "lower-alpha" if is_template and "notelist" in str(node.name).casefold() else ""

    # -- the whole page ---------------------------------------------------------------------
    def context(self) -> dict[str, Any]:
        infoboxes = [self.infobox(i, box) for i, box in enumerate(self.article.infoboxes)]
        blocks = self.body()
        toc, numbers = [], [0] * 7
        for block in blocks:
            if block["kind"] == "heading" and block["anchor"] != "references":
                level = max(2, min(6, block["level"]))
                numbers[level] += 1
                numbers[level + 1 :] = [0] * (6 - level)
                number = ".".join(str(n) for n in numbers[2 : level + 1] if n)
                toc.append(
                    {
                        "level": level,
                        "number": number,
                        "anchor": block["anchor"],
                        "text": block["text"],
                    }
                )
        references = sum(len(b["items"]) for b in blocks if b["kind"] == "references")
        return {
            "title": self.article.title or "(untitled)",
            "wiki": self.wiki,
            "lang": self.config.language,
            "text": self.text,
            "infoboxes": infoboxes,
            "blocks": blocks,
            "toc": toc,
            "categories": self.categories,
            "reference_count": references,
            "markers": self.markers,
            "marker_data": [m.data() for m in self.markers],
            "by_severity": Counter(m.severity for m in self.markers),
            "source": self.article.source,
            "body_html": None,
        }


class _Blocks:
    """Groups the lines of the body into paragraphs and lists, as the parser does."""

    def __init__(self, renderer: _Renderer) -> None:
        self.renderer = renderer
        self.blocks: list[dict[str, Any]] = []
        self.line: list[Markup] = []
        self.kind, self.depth = "text", 0
        self.paragraph: list[Markup] = []
        self.open_list: dict[str, Any] | None = None

    def add(self, html: Markup) -> None:
        if html:
            self.line.append(html)

    def text(self, value: str, offset: int | None) -> None:
        for i, piece in enumerate(value.split("\n")):
            if i:
                self.end_line()
            if piece:
                self.add(self.renderer.text(piece, offset))
            if offset is not None:
                offset += len(piece) + 1

    def list_marker(self, markup: str) -> None:
        if self.line:  # mid-line, a '*' is text
            self.add(escape(markup))
        elif self.kind == "text":
            self.kind, self.depth = markup, 1
        else:
            self.depth += 1

    def end_line(self) -> None:
        self.add(self.renderer.close_quotes())
        html, self.line = Markup("").join(self.line), []
        if self.kind == "text":
            self.open_list = None
            if str(html).strip():
                self.paragraph.append(html)
            else:
                self._close_paragraph()
        else:
            self._close_paragraph()
            tag = _LIST_MARKUP[self.kind]
            if self.open_list is None or self.open_list["tag"] != tag:
                self.open_list = {"kind": "list", "tag": tag, "items": []}
                self.blocks.append(self.open_list)
            term = self.kind == ";"
            self.open_list["items"].append({"html": html, "depth": self.depth, "term": term})
        self.kind, self.depth = "text", 0

    def finish(self) -> None:
        if self.line or self.kind != "text":
            self.end_line()
        self._close_paragraph()

    def block(self, block: dict[str, Any]) -> None:
        if self.line:
            self.end_line()
        self._close_paragraph()
        self.open_list = None
        self.blocks.append(block)

    def _close_paragraph(self) -> None:
        if self.paragraph:
            self.blocks.append({"kind": "paragraph", "html": Markup("\n").join(self.paragraph)})
            self.paragraph = []
