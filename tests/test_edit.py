"""Minimal-diff edits: set/add/rename/remove keep the layout; every other byte is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from click.testing import CliRunner

from wikibox import set_value
from wikibox.cli.main import main
from wikibox.edit.files import write_atomic
from wikibox.edit.fixes import set_template_param
from wikibox.edit.update import InvalidValue
from wikibox.wikitext.parser import parse_wikitext

ALIGNED = """Lead text.
{{Infobox summit meeting
| name         = A meeting
| date         = 12 February 2025
| participants = [[A]]<br />[[B]]
| precedes     = [[Next meeting]]
}}
Body.
"""
PLAIN = """{{Infobox summit meeting
|name=A meeting
|date=12 February 2025
|follows=[[Earlier]]
}}"""


def changed_lines(old: str, new: str) -> list[int]:
    """Line numbers (1-based, in ``old``) that differ; a pure insertion shifts nothing."""
    import difflib

    out = []
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines())
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            out.extend(range(i1 + 1, i2 + 1) if i2 > i1 else [i1 + 0.5])
    return out


def edited(text: str, name: str, value: str, before: str | None = None) -> str:
    code = parse_wikitext(text)
    set_template_param(code.filter_templates()[0], name, value, before=before)
    return str(code)


@pytest.mark.parametrize(
    ("text", "name", "value", "expected_line"),
    [
        (ALIGNED, "date", "13 February 2025", "| date         = 13 February 2025"),
        (ALIGNED, "venue", "Phone", "| venue        = Phone"),
        (PLAIN, "date", "13 February 2025", "|date=13 February 2025"),
        (PLAIN, "precedes", "[[Later]]", "|precedes=[[Later]]"),
    ],
)
def test_block_layout_kept(text, name, value, expected_line):
    new = edited(text, name, value)
    assert expected_line in new.splitlines()
    assert len(changed_lines(text, new)) == 1
    assert new.count("\n}}") == text.count("\n}}")


def test_new_param_goes_before_the_given_neighbour():
    new = edited(ALIGNED, "caption", "Handshake", before="date")
    lines = new.splitlines()
    assert lines.index("| caption      = Handshake") + 1 == lines.index(
        "| date         = 12 February 2025"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{{cite web |url=x |title=y}}", "{{cite web |url=x |title=y |access-date=2025-01-01}}"),
        ("{{cite web|url=x|title=y}}", "{{cite web|url=x|title=y|access-date=2025-01-01}}"),
        (
            "{{cite web | url = x | title = y }}",
            "{{cite web | url = x | title = y | access-date = 2025-01-01 }}",
        ),
    ],
)
def test_inline_layout_kept(text, expected):
    assert edited(text, "access-date", "2025-01-01") == expected


def test_set_value_uses_paramorder_for_new_params():
    new = set_value(ALIGNED, "infobox.host_country", "[[Finland]]")
    lines = new.splitlines()
    assert "| host_country = [[Finland]]" in lines
    assert lines.index("| host_country = [[Finland]]") < lines.index(
        "| date         = 12 February 2025"
    )
    assert len(changed_lines(ALIGNED, new)) == 1


def test_set_value_on_a_reference():
    text = 'x<ref name="cnn">{{cite news |url=https://e.org |title=T |work=CNN}}</ref>\n{{Reflist}}'
    new = set_value(text, "reference.cnn.access-date", "2025-02-14", today=_today())
    assert "|work=CNN |access-date=2025-02-14}}" in new


def test_set_value_refuses_invalid_value():
    with pytest.raises(InvalidValue, match="30 February 2025 does not exist"):
        set_value(ALIGNED, "infobox.date", "30 February 2025")


def test_set_value_unknown_path():
    from wikibox.errors import WikiboxError

    with pytest.raises(WikiboxError, match=r"expected infobox\.PARAM"):
        set_value(ALIGNED, "box.date", "x")
    with pytest.raises(WikiboxError, match="no reference 'nope'"):
        set_value(ALIGNED, "reference.nope.title", "x")


def test_fix_cli_diff_check_and_write(tmp_path):
    page = tmp_path / "Page.wiki"
    original = ALIGNED.replace("| date         = 12 February 2025\n", "| date = 1 May 2020\n" * 2)
    page.write_text(original, encoding="utf-8")
    runner = CliRunner()
    args = ["fix", str(page), "--select", "infobox-duplicate-param"]
    diff = runner.invoke(main, [*args, "--diff"])
    assert diff.exit_code == 1 and "-| date = 1 May 2020" in diff.output
    assert page.read_text(encoding="utf-8") == original
    check = runner.invoke(main, [*args, "--check"])
    assert check.exit_code == 1 and "would fix 1" in check.output
    assert page.read_text(encoding="utf-8") == original
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    fixed = page.read_text(encoding="utf-8")
    assert fixed.count("| date = 1 May 2020\n") == 1
    assert changed_lines(original, fixed) == [4]
    assert runner.invoke(main, [*args, "--check"]).exit_code == 0


def test_set_cli(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text(ALIGNED, encoding="utf-8")
    result = CliRunner().invoke(main, ["set", str(page), "infobox.date", "30 February 2025"])
    assert result.exit_code == 2 and "does not exist" in result.output
    assert page.read_text(encoding="utf-8") == ALIGNED
    result = CliRunner().invoke(main, ["set", str(page), "infobox.date", "13 February 2025"])
    assert result.exit_code == 0
    assert "| date         = 13 February 2025" in page.read_text(encoding="utf-8")


def test_atomic_write_replaces_and_keeps_mode(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text("old", encoding="utf-8")
    page.chmod(0o600)
    write_atomic(page, "new")
    assert page.read_text(encoding="utf-8") == "new"
    assert page.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["Page.wiki"]


def test_killed_between_temp_write_and_rename_keeps_the_original(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text("the user's text", encoding="utf-8")
    script = (
        "import os, signal, sys\n"
        "from wikibox.edit import files as io\n"
        "def killed(*args):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "io.os.replace = killed\n"
        "io.write_atomic(sys.argv[1], 'half-done new text')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(page)], check=False)
    assert proc.returncode == -signal.SIGKILL
    assert page.read_text(encoding="utf-8") == "the user's text"
    leftovers = [p for p in tmp_path.iterdir() if p.name != "Page.wiki"]
    assert all(p.read_text(encoding="utf-8") == "half-done new text" for p in leftovers)
    assert os.access(page, os.R_OK)


def _today():
    import datetime

    return datetime.date(2026, 1, 1)
