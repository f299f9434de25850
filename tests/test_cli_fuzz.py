"""Fuzz the CLI (issue #17): random page bytes, configs and specs never give a traceback.

Every run ends with exit 0, 1 or 2 and, when it fails, one ``wikibox: error:`` line; the
exception Click's runner catches is never anything but ``SystemExit``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikibox.cli.main import main

PAGE_PIECES = [
    b"{{Infobox summit meeting\n", b"| date = 30 February 2025\n", b"}}\n", b"{{", b"}}",
    b"<ref>", b"</ref>", b'<ref name="a" />', b"{{cite web |url=http://a.example |date=2025-2-1}}",
    b"[[", b"]]", b"\n== H ==\n", b"\xff", b"\x00", b"\r", b"\r\n", b"\xef\xbb\xbf", b"|",
    b"<!--", b"-->", b"{|", b"|}", b"x", "日本".encode(), b"<nowiki>", b"~~~~",
]  # fmt: skip
CONFIG_PIECES = [
    'wiki = "enwiki"\n', 'wiki = "jawiki"\n', "wiki = 5\n", 'select = ["cite"]\n',
    'select = ["nope"]\n', "select = 7\n", 'severity = "fatal"\n', "today = 2025-01-01\n",
    "today = 2025-01-01T10:00:00\n", 'today = "soon"\n', "[rules.cite-date-invalid]\n",
    'severity = "info"\n', "max_page_bytes = 10\n", "max_page_bytes = -1\n",
    'profiles = ["missing.yaml"]\n', "[", "= =\n", "\x00", 'pages = "nowhere"\n',
]  # fmt: skip
SPEC_PIECES = [
    "spec_version: 1\n", "wiki: enwiki\n", "wiki: 5\n", "title: A\n", "title: [1]\n",
    "lead: Hello\n", "lead: '{{#ref:k}}'\n", "infobox: {template: Infobox summit meeting}\n",
    "infobox: {template: 'X|Y', params: {a: b}}\n", "references: [{key: k, template: Cite news}]\n",
    "sections: [{level: 2, title: T, text: x}]\n", "sections: 5\n", "\x01", "- a\n", "{", "]\n",
    "categories: ['[[x]]']\n", "&a [*a]\n",
]  # fmt: skip

page_bytes = st.lists(st.sampled_from(PAGE_PIECES) | st.binary(max_size=4), max_size=12).map(
    b"".join
)
# Half the time a valid start, so the runs get past the config and the spec's header.
config_text = st.sampled_from(["", 'wiki = "enwiki"\n']) | st.lists(
    st.sampled_from(CONFIG_PIECES), max_size=6
).map("".join)
spec_text = st.tuples(
    st.sampled_from(["", "spec_version: 1\nwiki: enwiki\n"]),
    st.lists(st.sampled_from(SPEC_PIECES), max_size=8).map("".join),
).map("".join)


def _assert_clean_exit(result) -> None:
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert "rror" in result.output


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(page=page_bytes, config=config_text)
def test_check_extract_and_fix_never_crash(page: bytes, config: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "wikibox.toml").write_text(config, encoding="utf-8")
        path = root / "Page.wiki"
        path.write_bytes(page)
        other = root / "Other.wiki"
        other.write_text("{{Infobox summit meeting\n| date = 30 February 2025\n}}\n")
        runner = CliRunner()
        for args in (
            ["check", str(path), str(other)],
            ["check", "--format", "sarif", str(path)],
            ["extract", str(path)],
            ["fix", "--diff", str(path)],
            ["fix", str(path), str(other)],
        ):
            _assert_clean_exit(runner.invoke(main, args))


@FUZZ
@given(spec=spec_text)
def test_render_and_preview_of_any_spec_never_crash(spec: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        path = root / "spec.yaml"
        path.write_text(spec, encoding="utf-8")
        runner = CliRunner()
        for args in (
            ["render", str(path)],
            ["render", str(path), "-o", str(root / "out.wiki")],
            ["preview", str(path), "-o", str(root / "out.html")],
        ):
            _assert_clean_exit(runner.invoke(main, args))
