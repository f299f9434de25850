"""Safe writes (issue #17): compare-and-swap, symlinks, mode/owner/BOM/line endings,
read-only files, an output that names an input, and a fix batch that goes on after a bad file."""

from __future__ import annotations

import os
import threading

import pytest
from click.testing import CliRunner

from wikibox.cli.main import main
from wikibox.edit import fixes
from wikibox.edit.files import write_atomic
from wikibox.errors import ConflictError, InputError

FIXABLE = (
    "<ref>{{cite web |url=https://example.com/a |title=A |date=2025-2-12 "
    "|access-date=2025-02-13}}</ref>\n"
)
FIXED = FIXABLE.replace("2025-2-12", "2025-02-12")
SPEC = "spec_version: 1\nwiki: enwiki\ntitle: A\n"
INFOBOX = """{{Infobox summit meeting
| name         = A meeting
| date         = 12 February 2025
}}
Body.
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def fix(path) -> object:
    return run("fix", "--select", "cite-date-invalid", str(path))


def test_compare_and_swap_refuses_a_file_changed_since_it_was_read(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text("the text someone else saved", encoding="utf-8")
    with pytest.raises(ConflictError, match="changed since it was read"):
        write_atomic(page, "my edit", expected="the text I read")
    assert page.read_text(encoding="utf-8") == "the text someone else saved"


def test_two_writers_of_the_same_read_never_both_succeed(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text("original", encoding="utf-8")
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def writer(number: int) -> None:
        barrier.wait()
        try:
            write_atomic(page, f"edit {number}", expected="original")
            outcomes.append(f"edit {number}")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if o != "conflict"]
    assert len(winners) == 1
    assert page.read_text(encoding="utf-8") == winners[0]


def test_fix_does_not_overwrite_an_edit_saved_while_it_worked(tmp_path, monkeypatch):
    """`set` (or an editor) saves while `fix` computes: fix reports a conflict, the edit stays."""
    page = tmp_path / "Page.wiki"
    page.write_text(FIXABLE, encoding="utf-8")
    real_fix_text = fixes.fix_text
    concurrent = FIXABLE + "A paragraph saved meanwhile.\n"

    def fix_text_while_someone_saves(text, **kwargs):
        result = real_fix_text(text, **kwargs)
        page.write_text(concurrent, encoding="utf-8")
        return result

    monkeypatch.setattr(fixes, "fix_text", fix_text_while_someone_saves)
    result = fix(page)
    assert result.exit_code == 2
    assert "changed since it was read" in result.output
    assert page.read_text(encoding="utf-8") == concurrent


def test_fix_through_a_symlink_edits_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real.wiki"
    target.write_text(FIXABLE, encoding="utf-8")
    link = tmp_path / "Page.wiki"
    link.symlink_to(target)
    assert fix(link).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED


def test_fix_keeps_mode_and_owner(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("changing a file's owner needs root")
    page = tmp_path / "Page.wiki"
    page.write_text(FIXABLE, encoding="utf-8")
    os.chown(page, 4321, 4322)
    page.chmod(0o640)
    assert fix(page).exit_code == 0
    status = page.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o7777) == (4321, 4322, 0o640)
    assert page.read_text(encoding="utf-8") == FIXED


def test_fix_refuses_a_read_only_file_even_as_root(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text(FIXABLE, encoding="utf-8")
    page.chmod(0o444)
    result = fix(page)
    assert result.exit_code == 2
    assert "read-only" in result.output
    assert page.read_text(encoding="utf-8") == FIXABLE


def test_fix_keeps_the_byte_order_mark(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_bytes(b"\xef\xbb\xbf" + FIXABLE.encode())
    assert fix(page).exit_code == 0
    assert page.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode()


def test_set_keeps_crlf_line_endings_on_the_lines_it_adds(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_bytes(INFOBOX.replace("\n", "\r\n").encode())
    result = run("set", str(page), "infobox.venue", "Phone")
    assert result.exit_code == 0, result.output
    data = page.read_bytes()
    assert b"venue" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_set_keeps_the_byte_order_mark(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_bytes(b"\xef\xbb\xbf" + INFOBOX.encode())
    assert run("set", str(page), "infobox.venue", "Phone").exit_code == 0
    assert page.read_bytes().startswith(b"\xef\xbb\xbf{{Infobox")


def test_a_fix_batch_goes_on_after_a_bad_file(tmp_path):
    pages = []
    for number in range(3):
        page = tmp_path / f"Page{number}.wiki"
        page.write_text(FIXABLE, encoding="utf-8")
        pages.append(page)
    pages[1].write_bytes(b"\xff\xfe not UTF-8")
    result = run("fix", "--select", "cite-date-invalid", *map(str, pages))
    assert result.exit_code == 2
    assert f"{pages[1]}:1:1: not UTF-8" in result.output
    assert pages[0].read_text(encoding="utf-8") == FIXED
    assert pages[2].read_text(encoding="utf-8") == FIXED


def test_preview_refuses_an_output_that_is_its_input(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text(INFOBOX, encoding="utf-8")
    result = run("preview", str(page), "-o", str(page))
    assert result.exit_code == 2
    assert "the output is the input" in result.output
    assert page.read_text(encoding="utf-8") == INFOBOX


def test_render_refuses_an_output_that_is_its_spec(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    before = spec.read_text(encoding="utf-8")
    result = run("render", str(spec), "-o", str(spec))
    assert result.exit_code == 2
    assert "the output is the input" in result.output
    assert spec.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("command", ["render", "preview"])
def test_an_output_that_cannot_be_written_is_one_line(tmp_path, command):
    source = tmp_path / ("spec.yaml" if command == "render" else "Page.wiki")
    source.write_text(
        SPEC if command == "render" else INFOBOX,
        encoding="utf-8",
    )
    for output in (tmp_path / "no" / "such" / "x", tmp_path):
        result = run(command, str(source), "-o", str(output))
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "rror" in result.output and "Traceback" not in result.output


def test_a_directory_is_not_written_over(tmp_path):
    with pytest.raises(InputError, match="not a regular file"):
        write_atomic(tmp_path, "text")


def test_a_hard_linked_file_is_written_in_place_so_every_name_sees_it(tmp_path):
    page = tmp_path / "Page.wiki"
    page.write_text("old text", encoding="utf-8")
    other = tmp_path / "Other name.wiki"
    os.link(page, other)
    inode = page.stat().st_ino
    write_atomic(page, "new text", expected="old text")
    assert other.read_text(encoding="utf-8") == "new text"
    assert page.stat().st_ino == inode == other.stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Other name.wiki", "Page.wiki"]
