"""One error path (issue #17): every failure of input, output, config, profile or template is
one line naming the file, exit 2, never a traceback; in a batch a bad file is reported and the
others are still checked and reported.  Also SARIF URIs and columns, and CR-only files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wikibox import parse
from wikibox.cli.main import main

BROKEN = """{{Infobox summit meeting
| date = 30 February 2025
| partcipants = [[A]]
}}
"""
DATED = (
    "{{Infobox summit meeting\n| name = A\n| date = 12 February 2025\n}}\n"
    "Text.<ref>{{cite web |url=https://example.org |title=T |date=2025-02-12 "
    "|access-date=2025-02-13}}</ref>\n"
)
SPEC = "spec_version: 1\nwiki: enwiki\ntitle: A\n"
# Ten aliases of ten aliases … of a list: 10**7 values from 8 short lines.  (At 9**9 values
# reading it took longer than anyone waits: the schema error printed the expanded list.)
ALIAS_LINES = ["a: &a [" + ", ".join(["x"] * 10) + "]"] + [
    f"{name}: &{name} [" + ", ".join([f"*{parent}"] * 10) + "]"
    for parent, name in zip("abcdef", "bcdefg", strict=True)
]
ALIAS_BOMB = SPEC + "\n".join(ALIAS_LINES) + "\nlead: *g\n"


def run(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("wikibox: error:")]
    assert len(errors) == 1, result.output
    for needle in needles:
        assert needle in errors[0], errors[0]


# --------------------------------------------------------------------------- batches


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_bad_file_in_a_check_batch_does_not_hide_the_others(tmp_path, fmt):
    pages = [tmp_path / f"P{n}.wiki" for n in range(4)]
    for page in pages:
        page.write_text(BROKEN, encoding="utf-8")
    pages[2].write_bytes(b"{{Infobox \xff}}")
    result = CliRunner().invoke(main, ["check", "--format", fmt, *map(str, pages)])
    assert result.exit_code == 2
    assert f"wikibox: error: {pages[2]}:1:11: not UTF-8" in result.stderr
    out = result.stdout
    for number in (0, 1, 3):
        assert f"P{number}.wiki" in out
    if fmt == "sarif":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(out)["runs"][0]["results"]
        }
        assert len(uris) == 3


# --------------------------------------------------------------------------- config


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"today = 2025-01-01T10:00:00\n", "'today' must be a date YYYY-MM-DD"),
        (b'wiki = "\xff"\n', "not UTF-8"),
        (b"a = " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "nested too deeply"),
    ],
)
def test_a_bad_config_file_is_one_line_naming_it(tmp_path, content, needle):
    (tmp_path / "wikibox.toml").write_bytes(content)
    page = tmp_path / "Page.wiki"
    page.write_text(DATED, encoding="utf-8")
    result = run("check", page)
    assert_one_line_error(result, "wikibox.toml", needle)


def test_a_config_that_is_a_directory_given_by_flag(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text(DATED, encoding="utf-8")
    config = tmp_path / "wikibox.toml"
    config.write_text('wiki = "enwiki"\n')
    from wikibox.errors import ConfigError
    from wikibox.lint.config import load_config_file

    with pytest.raises(ConfigError, match="cannot read"):
        load_config_file(tmp_path)


@pytest.mark.parametrize(
    ("profile", "needle"),
    [
        ("wikis: [1, 2]\n", "'wikis' must be a mapping"),
        ("wikis: {enwiki: 5}\n", "wikis.enwiki must be a mapping"),
        ("wikis: {enwiki: {language: 5}}\n", "wikis.enwiki.language must be a string"),
        ("infoboxes: [1]\n", "'infoboxes' must be a mapping"),
        ("infoboxes: {'Infobox summit meeting': 5}\n", "must be a mapping"),
        ("infoboxes: {'Infobox summit meeting': {roles: 5}}\n", ".roles must be a mapping"),
        (
            "infoboxes: {'Infobox summit meeting': {roles: {date: 5}}}\n",
            ".roles.date must be a parameter name",
        ),
        ("infoboxes: {'Infobox summit meeting': {labels: 5}}\n", ".labels must map"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "profile file"),
    ],
)
def test_a_profile_file_of_the_wrong_shape_is_one_line(tmp_path, profile, needle):
    (tmp_path / "wikibox.toml").write_text('profiles = ["p.yaml"]\n')
    (tmp_path / "p.yaml").write_text(profile)
    page = tmp_path / "Page.wiki"
    page.write_text(BROKEN, encoding="utf-8")
    result = run("check", page)
    assert_one_line_error(result, "p.yaml", needle)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"wikis: [\n", "p.yaml:2:1: profile file: malformed YAML: while parsing"),
        (b'a: "\x01"\n', "p.yaml:1:5: profile file: malformed YAML: character U+0001"),
        (b"a: \xff\n", "p.yaml: profile file: not UTF-8: byte 0xff at byte offset 3"),
    ],
)
def test_a_profile_file_that_cannot_be_read_is_one_line_with_its_position(
    tmp_path, content, needle
):
    (tmp_path / "p.yaml").write_bytes(content)
    page = tmp_path / "Page.wiki"
    page.write_text(BROKEN, encoding="utf-8")
    result = run("check", "--profile", tmp_path / "p.yaml", page)
    assert_one_line_error(result, needle)
    assert len(result.stderr.splitlines()) == 1, result.stderr  # not YAML's marks and caret


def test_scan_with_a_bad_profile_is_one_line_not_a_crash_on_every_page(tmp_path):
    from wikibox.dump.writer import write_dump

    (tmp_path / "p.yaml").write_text("wikis: {enwiki: 5}\n")
    config = tmp_path / "wikibox.toml"
    config.write_text('profiles = ["p.yaml"]\n')
    dump = tmp_path / "pages.xml"
    write_dump([("A", BROKEN), ("B", BROKEN)], dump)
    result = run("scan", dump, "--jobs", "1", "--config", config)
    assert_one_line_error(result, "p.yaml", "wikis.enwiki must be a mapping")
    assert "scan-page-error" not in result.output


# --------------------------------------------------------------------------- specs


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("s.yaml", SPEC.replace("title: A", 'title: "A\x01"'), "3:10: malformed YAML"),
        ("s.yaml", SPEC + "lead: " + "[" * 10_000 + "]" * 10_000 + "\n", "nested too deeply"),
        ("s.yaml", SPEC + "lead: " + "[" * 900 + "]" * 900 + "\n", "nested too deeply"),
        ("s.yaml", ALIAS_BOMB, "9:4: the spec expands to more than 1,000,000 values"),
        (
            "s.json",
            '{"spec_version": 1, "wiki": "enwiki", "lead": ' + "[" * 10_000 + "]" * 10_000 + "}",
            "nested too deeply",
        ),
    ],
)
def test_a_bad_spec_is_one_line(tmp_path, name, content, needle):
    spec = tmp_path / name
    spec.write_text(content, encoding="utf-8")
    for command in ("render", "preview"):
        result = run(command, spec, "-o", tmp_path / "out")
        assert_one_line_error(result, name, needle)


def test_a_spec_may_repeat_a_part_with_an_alias(tmp_path):
    from wikibox.model.spec_input import parse_spec

    spec = parse_spec(
        SPEC + "references:\n"
        "  - {key: a, template: Cite web, params: &p {title: T, url: 'https://example.org'}}\n"
        "  - {key: b, template: Cite web, params: *p}\n"
    )
    assert [ref["params"] for ref in spec["references"]] == [
        [{"name": "title", "value": "T"}, {"name": "url", "value": "https://example.org"}]
    ] * 2


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("template", "needle"),
    [
        ("<% for i in range(10**8) %>x<% endfor %>", "Range too big"),
        ("<% macro f(n) %><< f(n) >><% endmacro %><< f(1) >>", "recurses without end"),
        ('<< "a" * 10**9 >>', "a product longer than"),
        ("<< [1] * 10**8 >>", "a product longer than"),
        ("<< 7 ** 100000000 >>", "a power this large"),
    ],
)
def test_a_runaway_template_is_one_line(tmp_path, template, needle):
    templates = tmp_path / "tpl"
    (templates / "enwiki").mkdir(parents=True)  # the wiki's own template comes first
    (templates / "enwiki" / "article.wiki.j2").write_text(template + "\n", encoding="utf-8")
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = run("render", spec, "--templates", templates)
    assert_one_line_error(result, "article.wiki.j2", needle)


@pytest.mark.parametrize("command", ["render", "preview"])
def test_a_spec_beside_a_bad_config_file_is_one_line(tmp_path, command):
    (tmp_path / "wikibox.toml").write_text("colour = 1\n")
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = run(command, spec, "-o", tmp_path / "out")
    assert_one_line_error(result, "wikibox.toml", "unknown setting 'colour'")


def _configured_template(tmp_path, template: str):
    (tmp_path / "tpl" / "enwiki").mkdir(parents=True)
    (tmp_path / "tpl" / "enwiki" / "article.wiki.j2").write_text(template + "\n")
    (tmp_path / "wikibox.toml").write_text('templates = ["tpl"]\n')
    spec = tmp_path / "s.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


@pytest.mark.parametrize("command", ["render", "preview"])
def test_a_spec_is_rendered_with_the_templates_of_wikibox_toml(tmp_path, command):
    spec = _configured_template(tmp_path, "Written by my template.")
    result = run(command, spec, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Written by my template." in (tmp_path / "out").read_text(encoding="utf-8")


def test_preview_of_a_spec_stops_a_runaway_template_of_wikibox_toml(tmp_path):
    spec = _configured_template(tmp_path, "<% for i in range(10**8) %>x<% endfor %>")
    result = run("preview", spec, "-o", tmp_path / "out.html")
    assert_one_line_error(result, "article.wiki.j2", "Range too big")


# --------------------------------------------------------------------------- outputs


def test_sarif_uris_are_percent_encoded_and_columns_are_code_points(tmp_path):
    page = tmp_path / "Summit 100% #1 é.wiki"
    page.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "sarif", str(page)])
    document = json.loads(result.stdout)
    run_ = document["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    uri = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("Summit%20100%25%20%231%20%C3%A9.wiki")


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_findings_have_their_own_line_whatever_the_line_endings(newline):
    text = BROKEN.replace("\n", newline)
    article = parse(text)
    from wikibox.lint.checker import check_article

    lines = {f.rule: f.span.line for f in check_article(article)}
    assert lines["infobox-date-invalid"] == 2
    assert lines["infobox-unknown-param"] == 3


def test_scan_html_report_that_cannot_be_written_is_one_line(tmp_path):
    from wikibox.dump.writer import write_dump

    dump = tmp_path / "pages.xml"
    write_dump([("A", BROKEN)], dump)
    result = CliRunner().invoke(
        main, ["scan", str(dump), "--jobs", "1", "--html", str(tmp_path / "no" / "r.html")]
    )
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.output


def test_assert_helper_catches_a_traceback():
    class Fake:
        exit_code = 1
        exception = ValueError("x")
        output = "Traceback (most recent call last):\n"

    with pytest.raises(AssertionError):
        assert_one_line_error(Fake())


# --------------------------------------------------------------------------- limits


def test_a_page_larger_than_the_cap_is_one_line(tmp_path):
    (tmp_path / "wikibox.toml").write_text("max_page_bytes = 1000\n")
    page = tmp_path / "Big.wiki"
    page.write_text(BROKEN + "x" * 2000, encoding="utf-8")
    small = tmp_path / "Small.wiki"
    small.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page), str(small)])
    assert result.exit_code == 2
    assert "larger than 1,000 bytes" in result.stderr
    assert "Small.wiki" in result.stdout  # the other page is still checked


def test_preview_reads_a_page_with_the_configured_cap(tmp_path):
    (tmp_path / "wikibox.toml").write_text("max_page_bytes = 1000\n")
    page = tmp_path / "Big.wiki"
    page.write_text(BROKEN + "x" * 2000, encoding="utf-8")
    result = run("preview", page, "-o", tmp_path / "out.html")
    assert_one_line_error(result, "Big.wiki", "larger than 1,000 bytes")
    assert not (tmp_path / "out.html").exists()


def test_an_endless_input_stops_at_the_cap():
    result = run("check", "/dev/zero")
    assert_one_line_error(result, "/dev/zero", "larger than")


@pytest.mark.parametrize("value", ["0", "-5", '"big"', "true"])
def test_max_page_bytes_must_be_a_positive_integer(tmp_path, value):
    (tmp_path / "wikibox.toml").write_text(f"max_page_bytes = {value}\n")
    page = tmp_path / "Page.wiki"
    page.write_text(BROKEN, encoding="utf-8")
    assert_one_line_error(run("check", page), "max_page_bytes")
