"""The HTML views without a browser: escaping, the infobox rows with the wiki's labels, where
finding markers land, the reference list, the report's totals, chart and tables, and the CLI.

The HTML is read back with a small tree builder over :mod:`html.parser`, so assertions name
elements and classes instead of matching text.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import html as html_module
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wikibox.cli.preview import preview, write_html_report
from wikibox.errors import ConfigError
from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.lint.findings import Finding, Severity
from wikibox.model.build import parse, read_page
from wikibox.preview.report import bar_chart_svg, preview_html, report_html
from wikibox.preview.wikihtml import page_link
from wikibox.rendering.environment import bundled_templates_dir as templates_dir

EXAMPLE = Path(__file__).parents[1] / "examples" / "putin-trump-call-2025-02" / "article.wiki"
TODAY = datetime.date(2025, 10, 20)
JAWIKI_LABELS = ["開催国", "日付", "参加者", "前回", "次回"]


# --------------------------------------------------------------------------- a small DOM


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)
        ]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'} class={cls}>"
        return found[0]

    def by_id(self, ident: str) -> Element:
        for element in self.iter():
            if element.attrs.get("id") == ident:
                return element
        raise AssertionError(f"no element with id {ident!r}")


class _TreeBuilder(HTMLParser):
    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
        | {"track", "wbr"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {}, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        if tag not in self.VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def dom(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def example() -> Any:
    return read_page(EXAMPLE, wiki="jawiki")


def finding(rule: str, severity: str, message: str, span: Any) -> Finding:
    return Finding(rule=rule, severity=Severity(severity), message=message, span=span)


def infobox_labels(page: Element) -> list[str]:
    box = page.find("table", "infobox")
    return [squash(th.text) for th in box.find_all("th", "infobox-label")]


# --------------------------------------------------------------------------- escaping

HOSTILE = """<!-- title: T<script>alert("title")</script> -->
{{Infobox summit meeting
| name = <script>alert("name")</script>
| date = 2025-02-12 <script>alert("param")</script>
| participants = [[A]], [[B]]
}}
Text<ref>{{Cite web |title=<script>alert("ref")</script> |url=javascript:alert(1)}}</ref>
[javascript:alert(2) click] <img src=x onerror=alert(3)>
== <script>alert("heading")</script> ==
{{Reflist}}
"""


def test_script_in_title_param_and_ref_is_text_not_markup() -> None:
    article = parse(HOSTILE, wiki="enwiki")
    assert article.title == 'T<script>alert("title")</script>'
    date = article.infobox.get("date")
    findings = [finding("x-rule", "error", 'bad <script>alert("msg")</script>', date.value_span)]
    html = preview_html(article, findings, wiki="enwiki")
    assert "<script" not in html.lower()  # the offline preview has no script at all
    assert "<img" not in html.lower()
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # in no attribute
    page = dom(html)
    assert squash(page.find("h1", "firstHeading").text) == 'T<script>alert("title")</script>'
    assert '<script>alert("param")</script>' in page.find("table", "infobox").text
    assert '<script>alert("ref")</script>' in page.find("ol", "references").text
    assert (
        '<script>alert("heading")</script>' in page.find("div", "mw-body-content").find("h2").text
    )
    marker = page.find("table", "infobox").find("a", "finding-marker")
    assert 'bad <script>alert("msg")</script>' in marker.attrs["title"]


def test_script_in_a_report_title_is_text_and_only_the_reports_own_script_runs() -> None:
    findings = [
        {
            "title": "<script>alert(1)</script>",
            "rule": "<b>rule</b>",
            "severity": "error",
            "message": "<img src=x onerror=alert(2)>",
            "line": 1,
            "column": 1,
        },
    ]
    html = report_html(findings, {}, wiki_url="https://en.wikipedia.org/wiki/")
    assert html.lower().count("<script") == 1
    assert "<img" not in html and "<b>rule" not in html
    page = dom(html)
    row = page.by_id("findings").find("tbody").find("tr")
    assert squash(row.text).startswith("<script>alert(1)</script>")
    link = row.find("a")
    assert link.attrs["href"] == ("https://en.wikipedia.org/wiki/%3Cscript%3Ealert(1)%3C/script%3E")


def test_the_csp_allows_exactly_the_inline_script() -> None:
    html = report_html([], {})
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    csp = html_module.unescape(csp)
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "img-src data:" in csp


def test_a_report_refuses_a_wiki_url_that_is_not_http() -> None:
    with pytest.raises(ConfigError, match="http"):
        report_html([], {}, wiki_url="javascript:alert(1)//")


# --------------------------------------------------------------------------- the infobox


def test_infobox_rows_carry_the_jawiki_labels_in_the_templates_order(example: Any) -> None:
    page = dom(preview_html(example, [], wiki="jawiki"))
    # host_country is empty: hidden, as on the wiki, while no finding points at it
    assert infobox_labels(page) == JAWIKI_LABELS[1:]
    box = page.find("table", "infobox")
    assert squash(box.find("th", "infobox-above").text) == example.infobox.get("name").value
    assert "President Trump at the G20" in box.find(cls="image-placeholder").text
    assert "ウラジーミル・プーチンと電話で話している" in box.find(cls="infobox-caption").text
    participants = box.by_id("infobox-0-participants")
    flags = participants.find_all("span", "flag-emoji")  # a flag, not the letters of a code
    assert [(f.attrs["title"], f.text) for f in flags] == [("USA", "🇺🇸"), ("RUS", "🇷🇺")]
    links = [a.text for a in participants.find_all("a")]
    assert links == ["ドナルド・トランプ", "ウラジーミル・プーチン"]
    follows = box.by_id("infobox-0-follows").find("a")
    assert follows.text == "ドナルド・トランプの2度目の就任"
    assert follows.attrs["href"].startswith("https://ja.wikipedia.org/wiki/")


def test_infobox_rows_on_enwiki_use_the_english_labels(example: Any) -> None:
    article = parse(example.text, wiki="enwiki", title=example.title)
    page = dom(preview_html(article, [], wiki="enwiki"))
    assert infobox_labels(page) == ["Date", "Participants", "Follows", "Precedes"]
    assert page.find("p", "tagline").text == "From Wikipedia, the free encyclopedia"


def test_the_check_finding_marks_the_empty_host_country_row(example: Any) -> None:
    findings = check_article(example, settings=Settings(wiki="jawiki", today=TODAY))
    empty_param = [f for f in findings if f.rule == "infobox-empty-param"]
    assert len(empty_param) == 1
    page = dom(preview_html(example, findings, wiki="jawiki"))
    assert infobox_labels(page) == JAWIKI_LABELS
    row = page.by_id("infobox-0-host_country")
    assert {"has-finding", "sev-info", "empty"} <= row.classes
    marker = row.find("a", "finding-marker")
    assert "host_country" in marker.attrs["title"]
    number = marker.text
    side = page.by_id(f"finding-{number}")
    assert side.find("code", "rule").text == "infobox-empty-param"
    assert "infobox: 開催国" in side.text
    assert side.find("a", "finding-marker").attrs["href"] == f"#marker-{number}"


def test_markers_land_on_the_row_reference_heading_and_text_they_concern(example: Any) -> None:
    date = example.infobox.get("date")
    reused = next(r for r in example.references if r.name == "cnn-liptak")
    section = next(s for s in example.sections if s.title == "結果")
    prose = example.text.index("クレムリンの")
    span = example.index.span(prose, prose + 6)
    findings = [
        finding("date-rule", "error", "the date is wrong", date.value_span),
        finding("ref-rule", "warning", "the citation is wrong", reused.uses[1].span),
        finding("heading-rule", "info", "the heading is odd", section.span),
        finding("text-rule", "warning", "this sentence is odd", span),
    ]
    page = dom(preview_html(example, findings, wiki="jawiki"))
    date_row = page.by_id("infobox-0-date")
    assert {"has-finding", "sev-error"} <= date_row.classes
    assert "the date is wrong" in date_row.find("a", "finding-marker").attrs["title"]
    # the reused reference is one item (number 6), both of its uses link to it
    item = page.by_id("cite_note-6")
    assert {"has-finding", "sev-warning"} <= item.classes
    assert "the citation is wrong" in item.find("a", "finding-marker").attrs["title"]
    assert len(item.find("span", "backlinks").find_all("a")) == 2
    uses = [s for s in page.find_all("sup", "reference") if s.find("a").text == "[6]"]
    assert len(uses) == 2 and all("has-finding" in s.classes for s in uses)
    heading = page.by_id("結果")
    assert "the heading is odd" in heading.find("a", "finding-marker").attrs["title"]
    paragraph = next(p for p in page.find_all("p") if "クレムリンの" in p.text)
    marker = paragraph.find("a", "finding-marker")
    assert "this sentence is odd" in marker.attrs["title"]
    assert squash(paragraph.text).startswith(marker.text + "クレムリンの")  # at its place
    listed = [
        squash(li.find("code", "rule").text)
        for li in page.find_all("li")
        if li.attrs.get("id", "").startswith("finding-")
    ]
    assert listed == ["date-rule", "ref-rule", "text-rule", "heading-rule"]  # page order


# --------------------------------------------------------------------------- the body


def test_every_reference_is_listed_once_with_its_number(example: Any) -> None:
    page = dom(preview_html(example, [], wiki="jawiki"))
    items = page.find("ol", "references").find_all("li")
    assert len(items) == len(example.references) == 37
    assert [i.attrs["id"] for i in items] == [f"cite_note-{n}" for n in range(1, 38)]
    first = squash(items[0].text)
    assert "クイン, メリッサ (2025-02-12)." in first
    assert "CBSニュース" in first and "2025年2月14日閲覧。" in first
    assert "https://www.interfax.ru/world/1029627" in squash(items[33].text)  # a bare URL
    assert page.by_id("cite_ref-6-1").find("a").attrs["href"] == "#cite_note-6"


def test_the_body_has_sections_paragraphs_lists_and_categories(example: Any) -> None:
    page = dom(preview_html(example, [], wiki="jawiki"))
    body = page.find("div", "mw-body-content")
    headings = [squash(h.find("span", "mw-headline").text) for h in body.find_all("h2")]
    assert headings == ["背景", "会話の流れ", "結果", "回答", "その後の電話", "参照", "脚注"]
    assert [squash(h.text) for h in body.find_all("h3")] == ["メディアと分析", "国内"]
    lead = body.find("p")
    assert lead.find("b").text == "2025年2月のプーチン・トランプ電話会談"
    see_also = [squash(li.text) for li in body.find("ul").find_all("li")]
    assert see_also == ["ロシアのウクライナ侵攻 (2022年-)", "ロシアとアメリカ合衆国の関係"]
    assert body.find("span", "thumb").find(cls="thumb-caption").text.startswith("2019年6月")
    assert "[要出典]" in squash(body.text)
    toc = [squash(a.text) for a in page.find("section", "toc").find_all("a")]
    assert toc[:4] == ["1背景", "2会話の流れ", "3結果", "4回答"] and "4.1メディアと分析" in toc
    assert [li.text for li in page.find("div", "categories").find_all("li")] == [
        "2025年の政治",
        "ドナルド・トランプ",
    ]


def test_wikitext_markup_is_drawn_and_unknown_tags_are_shown() -> None:
    text = (
        "''it'' '''bold''' '''''both''''' x\n"
        "* one\n** two\n# first\n"
        "[https://example.org/a site] [https://example.org/b] <code>c</code> "
        "<nowiki>[[not a link]]</nowiki> <marquee>m</marquee> {{Some template|x}}\n"
    )
    page = dom(preview_html(parse(text, wiki="enwiki", title="T"), [], wiki="enwiki"))
    body = page.find("div", "mw-body-content")
    first = body.find("p")
    assert first.find("i").text == "it" and first.find("b").text == "bold"
    assert [li.text.strip() for li in body.find("ul").find_all("li")] == ["one", "two"]
    assert body.find("ul").find_all("li")[1].attrs["class"] == "list-depth-2"
    assert body.find("ol").find("li").text.strip() == "first"
    links = [(a.text, a.attrs["href"]) for a in body.find_all("a", "external")]
    assert links == [("site", "https://example.org/a"), ("[1]", "https://example.org/b")]
    text_out = squash(body.text)
    assert "[[not a link]]" in text_out and "<marquee>m</marquee>" in text_out
    assert body.find("span", "template").text == "{{Some template}}"


def test_a_second_reference_list_shows_only_the_later_references() -> None:
    text = (
        "a<ref>one</ref>\n{{Reflist}}\n"
        "b<ref>two</ref> c<ref name=x group=n>note</ref>\n<references/>\n"
    )
    page = dom(preview_html(parse(text, wiki="enwiki", title="T"), [], wiki="enwiki"))
    lists = page.find("div", "mw-body-content").find_all("ol", "references")
    shown = [[squash(li.text) for li in ol.find_all("li")] for ol in lists]
    assert shown == [["^ one"], ["^ two"], ["^ note"]]  # the group is appended, as Cite does
    assert lists[2].attrs["data-group"] == "n"
    assert squash(page.by_id("references").text) == "References"


def test_the_last_line_and_a_finding_on_it_are_kept() -> None:
    text = "First.\n\nLast line [[Category:X]]"
    article = parse(text, wiki="enwiki", title="T")
    end = len(text) - 3
    findings = [finding("end-rule", "warning", "at the end", article.index.span(end, end + 1))]
    page = dom(preview_html(article, findings, wiki="enwiki"))
    paragraphs = [squash(p.text) for p in page.find("div", "mw-body-content").find_all("p")]
    assert paragraphs == ["First.", "Last line 1"]
    assert page.by_id("marker-1").attrs["title"].endswith("end-rule: at the end")


# --------------------------------------------------------------------------- the report

FINDINGS = [
    {
        "title": "Page A",
        "rule": "cite-bare-url",
        "severity": "warning",
        "message": "bare",
        "line": 3,
        "column": 5,
    },
    {
        "title": "Page A",
        "rule": "cite-bare-url",
        "severity": "warning",
        "message": "bare",
        "line": 9,
        "column": 1,
    },
    {
        "title": "Page A",
        "rule": "infobox-date-invalid",
        "severity": "error",
        "message": "date",
        "line": 2,
        "column": 9,
    },
    {
        "title": "Page B",
        "rule": "cite-bare-url",
        "severity": "warning",
        "message": "bare",
        "line": 1,
        "column": 1,
    },
    {
        "title": "Page C",
        "rule": "infobox-empty-param",
        "severity": "info",
        "message": "empty",
        "line": 4,
        "column": 3,
    },
]
SUMMARY = {
    "pages_read": 120,
    "pages_parsed": 100,
    "pages_skipped": 20,
    "pages_failed": 0,
    "findings": 5,
    "elapsed": 2.5,
    "pages_per_second": 48.0,
    "mb_per_second": 1.25,
    "engine": "local",
    "jobs": 2,
    "findings_by_rule": {"cite-bare-url": 3, "infobox-date-invalid": 1, "infobox-empty-param": 1},
    "top_pages": [["Page A", 3], ["Page B", 1], ["Page C", 1]],
    "slowest_pages": [["Page B", 0.75], ["Page A", 0.5]],
}


def test_report_totals() -> None:
    page = dom(report_html(FINDINGS, SUMMARY))
    totals = {
        squash(div.find("dt").text): squash(div.find("dd").text)
        for div in page.by_id("totals").find_all("div", "total")
    }
    assert totals["pages read"] == "120" and totals["pages checked"] == "100"
    assert totals["findings"] == "5" and totals["pages with findings"] == "3"
    assert (totals["errors"], totals["warnings"], totals["info"]) == ("1", "3", "1")
    assert totals["seconds"] == "2.5"


def test_report_chart_has_one_bar_per_rule_longest_first() -> None:
    page = dom(report_html(FINDINGS, SUMMARY))
    svg = page.by_id("rule-chart").find("svg", "chart")
    bars = [(g.attrs["data-key"], int(g.attrs["data-count"])) for g in svg.find_all("g", "bar")]
    assert bars == [("cite-bare-url", 3), ("infobox-date-invalid", 1), ("infobox-empty-param", 1)]
    widths = [float(g.find("rect").attrs["width"]) for g in svg.find_all("g", "bar")]
    assert widths[0] == pytest.approx(3 * widths[1])
    colours = [g.find("rect").attrs["fill"] for g in svg.find_all("g", "bar")]
    assert colours == ["#e39d00", "#d73333", "#3366cc"]  # the rules' severities


def test_report_tables_are_sortable_and_filterable_with_links_to_the_wiki() -> None:
    html = report_html(FINDINGS, SUMMARY, wiki_url="https://ja.wikipedia.org/wiki/")
    page = dom(html)
    for table_id in ("pages", "findings", "top-pages", "slowest-pages"):
        table = page.by_id(table_id)
        assert "sortable" in table.classes and table.find("thead").find_all("th")
    pages = page.by_id("pages").find("tbody").find_all("tr")
    assert [squash(r.find("td").text) for r in pages] == ["Page A", "Page B", "Page C"]
    assert pages[0].find("a").attrs["href"] == "https://ja.wikipedia.org/wiki/Page_A"
    rows = page.by_id("findings").find("tbody").find_all("tr")
    assert len(rows) == 5
    filters = [e for e in page.iter() if e.attrs.get("data-filter-table") == "findings"]
    assert [e.tag for e in filters] == ["input", "select", "select"]
    slow = page.by_id("slowest-pages").find("tbody").find_all("tr")
    cells = [[squash(td.text) for td in r.find_all("td")] for r in slow]
    assert cells == [["Page B", "0.750"], ["Page A", "0.500"]]


def test_report_without_summary_counts_from_the_findings_and_says_what_is_missing() -> None:
    page = dom(report_html(FINDINGS, {}, max_rows=2))
    assert [g.attrs["data-count"] for g in page.find_all("g", "bar")] == ["3", "1", "1"]
    assert "Not measured" in page.by_id("slow-heading").parent.text
    assert "3 more were left out" in squash(page.text)
    assert len(page.by_id("findings").find("tbody").find_all("tr")) == 2
    assert not page.by_id("findings").find_all("a")  # no wiki URL, no links


def test_bar_chart_adds_up_the_smallest_rules_and_escapes_labels() -> None:
    counts = {f"rule-{i:02d}": 100 - i for i in range(40)} | {"<x>": 1}
    svg = dom(str(bar_chart_svg(counts, max_bars=10)))
    bars = svg.find_all("g", "bar")
    assert len(bars) == 10
    assert bars[-1].attrs["data-key"] == "32 other rules"
    assert int(bars[-1].attrs["data-count"]) == sum(100 - i for i in range(9, 40)) + 1
    assert "<x>" not in str(bar_chart_svg({"<x>": 1}))


def test_page_link_uses_the_article_path() -> None:
    assert page_link("https://en.wikipedia.org/wiki/", "A b/c") == (
        "https://en.wikipedia.org/wiki/A_b/c"
    )
    assert page_link("http://127.0.0.1:8080/index.php?title=$1", "Ä") == (
        "http://127.0.0.1:8080/index.php?title=%C3%84"
    )
    assert page_link(None, "A") is None


def test_templates_are_found_in_the_repository() -> None:
    assert (templates_dir() / "html" / "preview.html.j2").is_file()


# --------------------------------------------------------------------------- the CLI


def test_preview_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "preview.html"
    result = CliRunner().invoke(
        preview, [str(EXAMPLE), "--wiki", "jawiki", "--today", "2025-10-20", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    page = dom(out.read_text(encoding="utf-8"))
    assert infobox_labels(page) == JAWIKI_LABELS
    assert page.by_id("infobox-0-host_country").find_all("a", "finding-marker")


def test_preview_command_to_stdout_and_with_rules_selected() -> None:
    args = [str(EXAMPLE), "--wiki", "jawiki", "--select", "infobox", "-o", "-"]
    result = CliRunner().invoke(preview, args)
    assert result.exit_code == 0, result.output
    page = dom(result.stdout)
    rules = {c.text for c in page.find("ol", "findings-list").find_all("code", "rule")}
    assert rules == {"infobox-empty-param"}


def test_preview_command_renders_an_article_spec_first(tmp_path: Path) -> None:
    spec = EXAMPLE.with_name("article.yaml")
    out = tmp_path / "spec.html"
    result = CliRunner().invoke(preview, [str(spec), "--today", "2025-10-20", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = dom(out.read_text(encoding="utf-8"))
    assert squash(page.find("h1", "firstHeading").text) == (
        "2025年2月のプーチン・トランプ大統領電話会談"
    )
    assert infobox_labels(page)[1:] == JAWIKI_LABELS[1:]  # the spec's wiki is jawiki
    assert len(page.find("ol", "references").find_all("li")) == 37


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("spec.yaml", "title: [unclosed\n", "spec.yaml"),
        ("missing.wiki", None, "missing.wiki"),
    ],
)
def test_preview_command_usage_errors(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = CliRunner().invoke(preview, [str(path), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "p.html").exists()


def test_write_html_report_links_pages_to_the_wikis_known_url(tmp_path: Path) -> None:
    path = write_html_report(tmp_path / "r.html", FINDINGS, SUMMARY, wiki="jawiki")
    page = dom(path.read_text(encoding="utf-8"))
    link = page.by_id("top-pages").find("a")
    assert link.attrs["href"] == "https://ja.wikipedia.org/wiki/Page_A"


# --------------------------------------------------------------------------- --via-wiki


@pytest.mark.wiki
def test_via_wiki_wraps_the_wikis_own_rendering(test_wiki: Any, tmp_path: Path) -> None:
    out = tmp_path / "via.html"
    args = [
        str(EXAMPLE),
        "--wiki",
        "jawiki",
        "--today",
        "2025-10-20",
        "-o",
        str(out),
        "--via-wiki",
        test_wiki.api_url,
    ]
    result = CliRunner().invoke(preview, args)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    page = dom(html)
    body = page.find("div", "mw-body-content")
    assert body.find("div", "mw-parser-output")  # MediaWiki's own HTML
    assert len(body.find("ol", "references").find_all("li")) == 37  # rendered by Cite
    assert "body rendered by " + test_wiki.api_url in squash(page.find("header").text)
    assert page.find("ol", "findings-list").find_all("li")  # the findings are around it
    assert html.lower().count("<script>") == 1  # markers.js (the JSON block is type=json)
    assert page.by_id("wikibox-findings").attrs["type"] == "application/json"


@pytest.mark.wiki
def test_via_wiki_reports_an_unreachable_wiki(tmp_path: Path, test_wiki: Any) -> None:
    dead = test_wiki.api_url.replace("/api.php", "/no-such-api.php")
    result = CliRunner().invoke(
        preview, [str(EXAMPLE), "-o", str(tmp_path / "p.html"), "--via-wiki", dead]
    )
    assert result.exit_code == 2
    assert "no-such-api.php" in result.output


def test_nested_refs_are_previewed_without_parsing_them_again(tmp_path, monkeypatch):
    """Each ref's body is drawn from the nodes parsed with the page: parsing its text again
    parsed every nested ref once per level (2,000 nested refs took 90 s, now 1 s)."""
    from wikibox.preview import context

    depth = 2000
    page = tmp_path / "Nested.wiki"
    page.write_text("Text" + "<ref>a" * depth + "</ref>" * depth + "\n{{Reflist}}\n")
    article = read_page(page, wiki="enwiki")
    parsed: list[int] = []
    real = context.parse_wikitext

    def counting(text, *args, **kwargs):
        parsed.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(context, "parse_wikitext", counting)
    preview_html(article, [], wiki="enwiki")
    assert sum(parsed) < 2 * len(page.read_text())  # was ~depth² / 2 characters re-parsed
