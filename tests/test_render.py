"""`wikibox render`: golden files, round trips, escaping, templates, errors, the real wiki.

The property tests (random strings in every field) are in test_render_props.py.
"""

from __future__ import annotations

import datetime
import html
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import wikibox
from wikibox.cli.render import render as render_command
from wikibox.errors import InputError, RenderError
from wikibox.lint.checker import check_text
from wikibox.lint.config import Settings
from wikibox.model.spec_input import load_spec, parse_spec
from wikibox.rendering.article import render, render_document
from wikibox.wikitext.escape import escape_value, unescape_value

EXAMPLE = Path(__file__).parents[1] / "examples" / "putin-trump-call-2025-02"
SPEC_FILE = EXAMPLE / "article.yaml"
GOLDEN = {"jawiki": EXAMPLE / "rendered.jawiki.wiki", "enwiki": EXAMPLE / "rendered.enwiki.wiki"}
TODAY = datetime.date(2025, 10, 20)


def without_spans(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_spans(v) for k, v in value.items() if k not in ("span", "use_spans")}
    if isinstance(value, list):
        return [without_spans(v) for v in value]
    return value


def assert_contains(expected: Any, actual: Any, path: str = "") -> None:
    """Every field of ``expected`` is in ``actual`` with the same value (lists item by item);
    ``actual`` may have more fields (extract adds informative ones such as a param's text)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        for key, value in expected.items():
            assert key in actual, f"{path}/{key} missing"
            assert_contains(value, actual[key], f"{path}/{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), path
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_contains(e, a, f"{path}/{i}")
    else:
        assert expected == actual, f"{path}: {expected!r} != {actual!r}"


def extract(text: str, wiki: str, title: str | None = None) -> dict[str, Any]:
    return without_spans(wikibox.extract(text, wiki=wiki, title=title))


@pytest.fixture(scope="module")
def example_spec() -> dict[str, Any]:
    return load_spec(SPEC_FILE)


# --- the example and its golden files ---------------------------------------------------------


@pytest.mark.parametrize("wiki", ["jawiki", "enwiki"])
def test_golden_file_is_what_the_command_writes(wiki: str) -> None:
    result = CliRunner().invoke(render_command, [str(SPEC_FILE), "--wiki", wiki])
    assert result.exit_code == 0, result.output
    assert result.output == GOLDEN[wiki].read_text(encoding="utf-8")


def test_output_file_option_writes_the_same(tmp_path: Path) -> None:
    out = tmp_path / "out.wiki"
    result = CliRunner().invoke(
        render_command, [str(SPEC_FILE), "--wiki", "jawiki", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == GOLDEN["jawiki"].read_text(encoding="utf-8")


def test_example_round_trips_through_extract(example_spec: dict[str, Any]) -> None:
    spec = extract(render(example_spec), "jawiki")
    assert_contains(example_spec, spec)


@pytest.mark.parametrize("wiki", ["jawiki", "enwiki"])
def test_golden_file_is_in_the_canonical_style(wiki: str) -> None:
    page = GOLDEN[wiki].read_text(encoding="utf-8")
    assert render(wikibox.extract(page, wiki=wiki)) == page


def test_every_reference_written_once_in_full(example_spec: dict[str, Any]) -> None:
    page = GOLDEN["jawiki"].read_text(encoding="utf-8")
    keys = [ref["key"] for ref in example_spec["references"]]
    for key in keys:
        assert page.count(f'<ref name="{key}">') == 1, key
    assert page.count('<ref name="cnn-liptak" />') == 1
    assert len(re.findall(r"<ref\b[^>]*(?<!/)>", page)) == len(keys)


def test_jawiki_dates_and_reference_section(example_spec: dict[str, Any]) -> None:
    page = GOLDEN["jawiki"].read_text(encoding="utf-8")
    assert "| date         = 2025年2月12日" in page
    assert "|date=2025-02-12" in page and "|access-date=2025-02-14" in page
    assert "== 脚注 ==\n{{Reflist}}\n" in page
    assert "{{Use" not in page


def test_enwiki_dates_order_and_reference_section() -> None:
    page = GOLDEN["enwiki"].read_text(encoding="utf-8")
    assert page.splitlines()[1] == "{{Use dmy dates}}"
    assert "| date         = 12 February 2025" in page
    assert "== References ==\n{{Reflist}}\n" in page
    # enwiki's documented order: url first, then title; jawiki's: title first
    assert "{{Cite news |url=https://www.cbsnews.com/" in page
    assert "{{Cite news |title=トランプ大統領、プーチン大統領と会談" in GOLDEN["jawiki"].read_text()


def _findings(text: str, wiki: str) -> Counter[tuple[str, str]]:
    found = check_text(text, settings=Settings(wiki=wiki, today=TODAY))
    return Counter((f.rule, f.message) for f in found)


@pytest.mark.parametrize("wiki", ["jawiki", "enwiki"])
def test_check_reports_only_what_the_data_carries(wiki: str) -> None:
    """The draft and the renderings hold the same data: no finding is the renderer's own."""
    draft = _findings((EXAMPLE / "article.wiki").read_text(encoding="utf-8"), "jawiki")
    rendered = _findings(GOLDEN[wiki].read_text(encoding="utf-8"), wiki)
    assert rendered - draft == Counter()
    if wiki == "jawiki":
        assert rendered == draft
    rules = {rule for rule, _ in rendered}
    assert "cite-bare-url" in rules  # the four bare URLs stay bare: the data has no title


# --- round trips --------------------------------------------------------------------------------

CANONICAL_PAGES = {
    "enwiki-dmy-preamble": (
        "enwiki",
        "{{Short description|A test}}\n"
        "{{Use dmy dates}}\n"
        "{{Infobox summit meeting\n"
        "| name         = A summit\n"
        "| date         = 12 February 2025\n"
        "| participants = [[A]]<br />[[B|b]]\n"
        "| follows      = [[Summit 1]]\n"
        "}}\n"
        "'''A summit''' took place.<ref name=\"one\">{{Cite web |url=https://a.example/ |title=A "
        "{{!}} B |date=2025-02-12 |website=Example |access-date=2025-02-14}}</ref>\n"
        "\n"
        "== Background ==\n"
        'Text.<ref name="one" /> More.<ref>https://b.example/x</ref>\n'
        "\n"
        "== ''Styled'' heading ==\n"
        "=== Sub ===\n"
        "Sub text.\n"
        "\n"
        "== References ==\n"
        "{{Reflist}}\n"
        "\n"
        "[[Category:Summits]]\n"
        "[[Category:2025 events|Summit]]\n",
    ),
    "jawiki-list-defined": (
        "jawiki",
        "{{Infobox summit meeting\n"
        "| name = 会談\n"
        "| date = 2025年2月12日\n"
        "}}\n"
        "'''会談'''は行われた。<ref name=\"a\" />\n"
        "\n"
        "== 脚注 ==\n"
        "{{Reflist|refs=\n"
        '<ref name="a">{{Cite web |title=記事 |url=https://a.example/ |accessdate=2025-02-14}}'
        "</ref>\n"
        "}}\n",
    ),
    "no-infobox": (
        "enwiki",
        "Just a lead.<ref>Plain source.</ref>\n\n== Notes ==\n{{Reflist}}\n",
    ),
    "no-references": ("jawiki", "リードだけ。\n\n[[Category:テスト]]\n"),
    "infobox-inside-a-section": (
        "enwiki",
        "Lead.\n\n== Part ==\n{{Infobox event\n| title = E\n}}\nText.\n\n== References ==\n"
        "{{Reflist|30em}}\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CANONICAL_PAGES))
def test_canonical_page_renders_back_byte_for_byte(name: str) -> None:
    wiki, page = CANONICAL_PAGES[name]
    spec = wikibox.extract(page, wiki=wiki)
    assert render(spec) == page


@pytest.mark.parametrize("name", sorted(CANONICAL_PAGES))
def test_extract_of_render_is_the_spec(name: str) -> None:
    wiki, page = CANONICAL_PAGES[name]
    spec = extract(page, wiki)
    assert extract(render(spec), wiki) == spec


def test_any_page_keeps_params_references_and_prose() -> None:
    """The draft is not in the canonical style (its citations are not in paramOrder): the
    rendering keeps the page's order and template names (issue 16)."""
    page = (EXAMPLE / "article.wiki").read_text(encoding="utf-8")
    before = extract(page, "jawiki")
    after = extract(render(before), "jawiki", title=before["title"])
    for old, new in zip(before["references"], after["references"], strict=True):
        assert [p["name"] for p in new.get("params", [])] == [
            p["name"] for p in old.get("params", [])
        ]
        assert new.get("name_as_written") == old.get("name_as_written")

    def as_data(spec: dict[str, Any]) -> Any:
        refs = [{**r, "params": sorted((p["name"], p["value"]) for p in r.get("params", []))}
                for r in spec["references"]]  # fmt: skip
        return {**spec, "references": refs}

    assert as_data(after) == as_data(before)


def test_writer_conveniences_are_normalised() -> None:
    spec = parse_spec(
        "spec_version: 1\nwiki: enwiki\ntitle: T\nlead: |\n  Lead.{{#ref:s}}\n"
        "references:\n- key: s\n  template: Cite web\n  params:\n    title: Source\n"
        "    url: https://s.example/\n    access-date: 2025-02-14\n    page: 12\n"
    )
    page = render(spec)
    assert page.endswith(
        'Lead.<ref name="s">{{Cite web |url=https://s.example/ |title=Source |page=12 '
        "|access-date=2025-02-14}}</ref>\n\n== References ==\n{{Reflist}}\n"
    )


# --- references ----------------------------------------------------------------------------------


def _tiny_spec(**changes: Any) -> dict[str, Any]:
    spec = {
        "spec_version": 1,
        "wiki": "enwiki",
        "lead": "A.{{#ref:x}} B.{{#ref:x}} C.{{#ref:y}}",
        "sections": [{"level": 2, "title": "References", "text": "{{#references}}"}],
        "references": [
            {"key": "x", "template": "Cite web", "params": [{"name": "title", "value": "X"}]},
            {"key": "y", "name": None, "bare_url": "https://y.example/"},
        ],
    }
    spec.update(changes)
    return spec


def test_first_use_defines_later_uses_reuse() -> None:
    assert render(_tiny_spec(), title_comment=False) == (
        'A.<ref name="x">{{Cite web |title=X}}</ref> B.<ref name="x" /> '
        "C.<ref>https://y.example/</ref>\n\n== References ==\n{{Reflist}}\n"
    )


def test_list_defined_puts_definitions_in_the_list() -> None:
    page = render(_tiny_spec(), list_defined=True)
    assert page == (
        'A.<ref name="x" /> B.<ref name="x" /> C.<ref name="y" />\n\n== References ==\n'
        '{{Reflist|refs=\n<ref name="x">{{Cite web |title=X}}</ref>\n'
        '<ref name="y">https://y.example/</ref>\n}}\n'
    )
    again = wikibox.extract(page, wiki="enwiki")
    assert all(ref["list_defined"] for ref in again["references"])
    assert render(again) == page


def test_references_section_is_added_when_the_spec_has_none() -> None:
    page = render(_tiny_spec(sections=[]), wiki="jawiki")
    assert page.endswith("\n\n== 脚注 ==\n{{Reflist}}\n")


def test_uncited_reference_is_a_warning() -> None:
    spec = _tiny_spec(lead="A.{{#ref:x}}")
    assert render_document(spec).warnings == (
        "reference 'y' is never cited ({{#ref:y}} is nowhere)",
    )


def test_unknown_key_names_the_field_and_line() -> None:
    spec = _tiny_spec(sections=[{"level": 2, "title": "S", "text": "a\nb{{#ref:yy}}"}])
    with pytest.raises(RenderError, match=r"sections/0/text: line 2: unknown reference key "
                                          r"'yy' \(did you mean 'y'\?\)"):  # fmt: skip
        render(spec)


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("citation:x", "{{Cite web |title=X}}"),
        ("references", "{{Reflist}}"),
    ],
)
def test_parts(part: str, expected: str) -> None:
    assert render(_tiny_spec(), part=part) == expected


def test_part_infobox_expands_its_citations() -> None:
    spec = _tiny_spec(
        infobox={"template": "Infobox event", "params": {"title": "E", "date": "2025{{#ref:x}}"}}
    )
    assert render(spec, part="infobox") == (
        '{{Infobox event\n| title = E\n| date  = 2025<ref name="x">{{Cite web |title=X}}</ref>\n}}'
    )


def test_unknown_part_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown part 'body'"):
        render(_tiny_spec(), part="body")


# --- escaping ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("plain text", "plain text"),
        ("a | b", "a {{!}} b"),
        ("[[a|b]] and {{flagicon|USA}}", "[[a|b]] and {{flagicon|USA}}"),
        ("a{{!}}b", "a{{!}}b"),
        ("ends with }}", "ends with &#125;&#125;"),
        ("ends with }", "ends with &#125;"),
        ("{{unclosed|x", "&#123;&#123;unclosed{{!}}x"),
        ("a ]] b [[ c", "a &#93;&#93; b &#91;&#91; c"),
        ("[note] stays", "[note] stays"),
        ("[[a{b|c]]", "&#91;&#91;a&#123;b{{!}}c&#93;&#93;"),
        ("x <!-- open", "x &lt;!-- open"),
        ("x <!-- a|b --> y", "x <!-- a|b --> y"),
        ("<nowiki>|}}</nowiki>", "<nowiki>|}}</nowiki>"),
        ("stray </ref> here", "stray &lt;/ref> here"),
        ('<span title="a|b">x</span>', '<span title="a{{!}}b">x</span>'),
        ("sig ~~~~", "sig &#126;&#126;~~"),
        ("<noinclude>x</noinclude>", "&lt;noinclude>x&lt;/noinclude>"),
        ("{{{1|}}}", "{{{1|}}}"),
        ("{{{{x}}}}", "&#123;{{{x}}}&#125;"),
    ],
)
def test_escape_value(value: str, escaped: str) -> None:
    assert escape_value(value)[0] == escaped
    assert unescape_value(escaped) == unescape_value(value)


def test_ref_in_a_citation_parameter_is_refused() -> None:
    with pytest.raises(RenderError, match="reference x title: a reference cannot be cited inside"):
        render(
            _tiny_spec(
                references=[
                    {"key": "x", "template": "Cite web", "params": {"title": "A<ref>B</ref>"}}
                ],
                lead="A.{{#ref:x}}",
            )
        )


def test_equals_in_a_positional_value_names_the_parameter() -> None:
    spec = _tiny_spec(
        lead="A.{{#ref:x}}",
        references=[
            {"key": "x", "template": "Cite web", "params": {"1": "a", "2": "b=c", "3": "d"}}
        ],
    )
    assert render(spec, part="citation:x") == "{{Cite web |a|2=b=c |3=d}}"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "a|b", "cannot be a parameter name"),
        ("name", "", "cannot be a parameter name"),
        ("template", "Cite {{x}}", "cannot be a template name"),
    ],
)
def test_unwritable_names_are_refused(field: str, value: str, message: str) -> None:
    ref = {"key": "x", "template": "Cite web", "params": [{"name": "title", "value": "X"}]}
    if field == "name":
        ref["params"] = [{"name": value, "value": "X"}]
    else:
        ref["template"] = value
    with pytest.raises(RenderError, match=message):
        render(_tiny_spec(lead="A.{{#ref:x}}", references=[ref]))


def test_heading_inside_text_is_refused() -> None:
    spec = _tiny_spec(lead="A.\n== Sneaky ==\nB.", references=[])
    with pytest.raises(RenderError, match="lead: line 2: a heading inside the text"):
        render(spec)


def test_title_with_markup_needs_a_heading_field() -> None:
    spec = _tiny_spec(sections=[{"level": 2, "title": "[[Link]]"}], references=[], lead="A")
    with pytest.raises(RenderError, match="not plain text; give `heading`"):
        render(spec)


# --- templates -----------------------------------------------------------------------------------


def test_user_templates_come_before_the_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "enwiki").mkdir()
    (tmp_path / "enwiki" / "cite.wiki.j2").write_text(
        "{{<< call.template|lower >><% for a in call.args %>|<< a.name >>=<< a.value >>"
        "<% endfor %>}}"
    )
    assert render(_tiny_spec(), part="citation:x", template_dirs=(tmp_path,)) == (
        "{{cite web|title=X}}"
    )
    result = CliRunner().invoke(
        render_command,
        [
            str(SPEC_FILE),
            "--wiki",
            "enwiki",
            "--templates",
            str(tmp_path),
            "--part",
            "citation:cnn-liptak",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("{{cite news|url=https://www.cnn.com/2025/02/12/")


def test_templates_from_config(tmp_path: Path) -> None:
    (tmp_path / "mine" / "enwiki").mkdir(parents=True)
    (tmp_path / "mine" / "enwiki" / "references.wiki.j2").write_text("{{Refs}}")
    (tmp_path / "wikibox.toml").write_text('templates = ["mine"]\n')
    spec_file = tmp_path / "a.yaml"
    spec_file.write_text("spec_version: 1\nwiki: enwiki\n")
    result = CliRunner().invoke(render_command, [str(spec_file), "--part", "references"])
    assert result.exit_code == 0, result.output
    assert result.output == "{{Refs}}\n"


def test_missing_field_in_a_template_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "enwiki").mkdir()
    (tmp_path / "enwiki" / "cite.wiki.j2").write_text("line one\n<< reference.publisher >>\n")
    with pytest.raises(RenderError, match="has no attribute 'publisher'") as info:
        render(_tiny_spec(), part="citation:x", template_dirs=(tmp_path,))
    assert (info.value.source, info.value.line) == (str(tmp_path / "enwiki" / "cite.wiki.j2"), 2)


def test_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    (tmp_path / "enwiki").mkdir()
    (tmp_path / "enwiki" / "cite.wiki.j2").write_text("<< call.__class__.__mro__ >>")
    with pytest.raises(RenderError):
        render(_tiny_spec(), part="citation:x", template_dirs=(tmp_path,))


# --- reading specs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("spec_version: 1\nwiki: [enwiki\n", "malformed YAML", 3, 1),
        ("spec_version: 1\nwiki: enwiki\nwiki: jawiki\n", "the key 'wiki' is given twice", 3, 1),
        (
            "spec_version: 1\nwiki: enwiki\nsections:\n- level: 9\n  title: X\n",
            "sections/0/level (line 4, column 10): 9 is greater than the maximum of 6",
            4,
            10,
        ),
        ("spec_version: 1\nwiki: enwiki\nlead: 1.5\nsectoins: []\n", "('sectoins' was", 1, 1),
        (
            "spec_version: 1\nwiki: enwiki\ninfobox:\n  template: Infobox event\n  params:\n"
            "    date: [2025]\n",
            "infobox/params/date (line 6, column 11): [2025] is not of type 'string'",
            6,
            11,
        ),
    ],
)
def test_spec_errors_say_where(text: str, message: str, line: int, column: int) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as info:
        parse_spec(text, source="s.yaml")
    assert (info.value.source, info.value.line, info.value.column) == ("s.yaml", line, column)


def test_json_spec_errors_say_where() -> None:
    with pytest.raises(InputError, match="malformed JSON") as info:
        parse_spec('{"spec_version": 1,\n "wiki": }', source="s.json", fmt="json")
    assert (info.value.line, info.value.column) == (2, 10)


def test_command_exits_2_with_the_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("spec_version: 1\nwiki: enwiki\nlead: 'x{{#ref:nope}}'\n")
    result = CliRunner().invoke(render_command, [str(bad)])
    assert result.exit_code == 2
    assert "lead: line 1: unknown reference key 'nope'" in result.output


# --- the real MediaWiki ---------------------------------------------------------------------------

WIKI_TEMPLATES = {
    "Template:Reflist": "{{#tag:references|{{{refs|}}}|group={{{group|}}}}}",
    "Template:Cite news": "''{{{title|}}}'' {{{work|}}} {{{date|}}}",
    "Template:Cite web": "''{{{title|}}}'' {{{website|{{{work|}}}}}}",
    "Template:Flagicon": "",
    "Template:Infobox summit meeting": "{{{name|}}} {{{date|}}}",
    "Template:要出典": "[要出典]",
    "Template:Echo": "[{{{v|}}}]",
}


class WikiApi:
    """The test wiki's parser, with the few templates the example calls."""

    def __init__(self, test_wiki: Any) -> None:
        from wikibox.testing.wiki import ApiSession

        for title, text in WIKI_TEMPLATES.items():
            test_wiki.edit(title, text, summary="wikibox render test")
        self.session = ApiSession(test_wiki.api_url)

    def parse(self, text: str) -> str:
        answer = self.session.call(
            action="parse", text=text, contentmodel="wikitext", prop="text",
            disablelimitreport=1, post=True,
        )  # fmt: skip
        return str(answer["parse"]["text"])

    def expand(self, text: str) -> str:
        answer = self.session.call(action="expandtemplates", text=text, prop="wikitext", post=True)
        return str(answer["expandtemplates"]["wikitext"])


@pytest.fixture(scope="module")
def wiki_api(test_wiki: Any) -> WikiApi:
    return WikiApi(test_wiki)


@pytest.mark.wiki
@pytest.mark.parametrize(("wiki", "list_defined"), [("jawiki", False), ("enwiki", True)])
def test_mediawiki_lists_every_reference_once(
    wiki_api: WikiApi, example_spec: dict[str, Any], wiki: str, list_defined: bool
) -> None:
    html = wiki_api.parse(render(example_spec, wiki=wiki, list_defined=list_defined))
    assert "Cite error" not in html and "mw-ext-cite-error" not in html
    assert html.count('class="references"') == 1
    entries = re.findall(r'<li id="cite(?:_|&#95;)note-[^"]*"', html)
    assert len(entries) == len(example_spec["references"]) == 37


NASTY = ["a | b", "x}}", "x}", "{{y", "a ]] [[ b", "<!-- c", "<ref>d", "</ref>e", "=f", "~~~~",
         "[[a|b]] {{!}} c", "<nowiki>|</nowiki>", "{{{{z}}}}", "[[a{b|c]]", "{{|a}}",
         '<span title="a|b">x</span>']  # fmt: skip


@pytest.mark.wiki
@pytest.mark.parametrize("value", NASTY)
def test_mediawiki_reads_an_escaped_value_as_one_argument(wiki_api: WikiApi, value: str) -> None:
    """MediaWiki itself, not only our parser, sees the escaped value whole and unchanged."""
    escaped, _ = escape_value(value)
    expanded = wiki_api.expand(f"{{{{Echo|v={escaped}}}}}")
    assert html.unescape(expanded) == f"[{unescape_value(value)}]"


# --- dates, other wikis, structured infobox fields ---------------------------------------------


def test_date_styles_on_the_same_wiki() -> None:
    spec = {
        "spec_version": 1,
        "wiki": "enwiki",
        "date_style": "mdy",
        "citation_date_style": "dmy",
        "infobox": {"template": "Infobox event", "params": {"title": "E", "date": "2025-02-12"}},
        "lead": "E.{{#ref:a}}",
        "references": [
            {"key": "a", "template": "Cite web", "params": {"title": "A", "date": "2025-02-12",
                                                           "access-date": "2025-02-14"}}
        ],
    }  # fmt: skip
    page = render(spec, title_comment=False)
    assert page.startswith("{{Use mdy dates}}\n{{Infobox event\n| title = E\n")
    assert "| date  = February 12, 2025\n" in page
    assert "|date=12 February 2025 |access-date=14 February 2025}}" in page
    assert extract(page, "enwiki")["date_style"] == "mdy"


def test_another_wiki_gets_its_own_names_and_dates() -> None:
    spec = {
        "spec_version": 1,
        "wiki": "jawiki",
        "infobox": {"template": "Infobox summit meeting", "params": {"date": "2025年2月12日"}},
        "lead": "会談。{{#ref:a}}",
        "references": [
            {"key": "a", "template": "Cite web",
             "params": {"title": "A", "accessdate": "2025年2月14日"}}
        ],
    }  # fmt: skip
    page = render(spec, wiki="enwiki", title_comment=False)
    assert "| date = 12 February 2025" in page
    assert "{{Cite web |title=A |access-date=2025-02-14}}" in page
    back = render({**spec, "infobox": {**spec["infobox"]}}, title_comment=False)
    assert "| date = 2025年2月12日" in back and "|accessdate=2025年2月14日" in back


def test_infobox_written_from_structured_fields() -> None:
    spec = {
        "spec_version": 1,
        "wiki": "jawiki",
        "infobox": {
            "template": "Infobox summit meeting",
            "params": {"name": "会談"},
            "date": {"text": "2025-02-12", "iso": "2025-02-12"},
            "participants": [
                {"name": "ドナルド・トランプ", "target": "ドナルド・トランプ", "country": "USA",
                 "flag_template": "Flagicon"},
                {"name": "プーチン", "target": "ウラジーミル・プーチン"},
            ],
            "previous": {"target": "前の会談", "text": "前の会談"},
        },
    }  # fmt: skip
    page = render(spec, part="infobox")
    assert page == (
        "{{Infobox summit meeting\n"
        "| name         = 会談\n"
        "| date         = 2025年2月12日\n"
        "| participants = {{flagicon|USA}} [[ドナルド・トランプ]]<br />"
        "[[ウラジーミル・プーチン|プーチン]]\n"
        "| follows      = [[前の会談]]\n"
        "}}"
    )


def test_bundled_templates_are_the_repository_templates() -> None:
    """In a checkout they are the repository's; in an installed wheel, an exact copy."""
    from wikibox.rendering.environment import bundled_templates_dir

    bundled, repository = bundled_templates_dir(), Path(__file__).parents[1] / "templates"
    files = sorted(p.relative_to(repository) for p in repository.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(bundled) for p in bundled.rglob("*") if p.is_file())
    assert all((bundled / f).read_bytes() == (repository / f).read_bytes() for f in files)
    assert (bundled / "jawiki" / "article.wiki.j2").is_file()
