"""The README says what is true: its test command is the one CI runs, its library snippet
prints what it shows, and the virtual environment it creates is ignored by git (issue 16)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_the_readme_test_command_is_what_ci_runs():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_command = re.search(
        r"# README: test command begins\n(.*?)# README: test command ends", run, re.DOTALL
    ).group(1)
    readme_command = re.search(r"```sh\n(.*?)```", section("Run the tests"), re.DOTALL).group(1)
    assert readme_command == ci_command == "bash .ci/test\n"
    assert (ROOT / ".ci" / "test").is_file()


def test_the_library_snippet_prints_what_it_shows(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    block = re.search(r"```python\n(.*?)```", section("Library"), re.DOTALL).group(1)
    test = doctest.DocTestParser().get_doctest(block, {}, "README Library", "README.md", 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_the_virtual_environment_the_readme_creates_is_ignored():
    assert ".venv" in README
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/.venv/" in ignored or ".venv/" in ignored
