"""What the commands share: exit codes, the error path, reading inputs, and the options of
`check` and `fix`, in one place.

Imports of the library's heavier layers stay inside the functions: `wikibox --help` and
`wikibox rules` then start without parsing or Jinja2 (a lazy import here buys start-up time).
"""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn

import click

from wikibox.errors import WikiboxError

__all__ = [
    "CHECK_OPTIONS",
    "WIKI_OPTION",
    "Exit",
    "check_options",
    "csv_list",
    "dump_document",
    "fail",
    "flags_layer",
    "read_input",
    "settings_for",
    "title_for",
    "unified_diff",
]


class Exit(IntEnum):
    CLEAN = 0
    FINDINGS = 1
    USAGE = 2


WIKI_OPTION = click.option(
    "--wiki",
    default="enwiki",
    show_default=True,
    metavar="WIKI",
    help="Which wiki's conventions apply (enwiki, jawiki, …).",
)


def fail(error: WikiboxError | str) -> NoReturn:
    click.echo(f"wikibox: error: {error}", err=True)
    sys.exit(Exit.USAGE)


def read_input(path: str) -> tuple[str, str]:
    """The text of a file argument (``-`` is standard input) and the name to report it by."""
    from wikibox.model.build import read_text

    if path == "-":
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            fail(f"<stdin>: not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}")
        if not text.strip():
            fail("<stdin>: the page is empty")
        return text, "<stdin>"
    return read_text(Path(path)), path


def dump_document(document: Any, fmt: str) -> str:
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def csv_list(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def flags_layer(**values: Any) -> dict[str, Any]:
    """Command-line flags as a settings layer (only those given)."""
    layer: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == () or value == []:
            continue
        layer[key] = list(value) if isinstance(value, tuple) else value
    return layer


CHECK_OPTIONS = [
    click.option(
        "--wiki", default=None, metavar="WIKI", help="enwiki, jawiki, … (default: enwiki)"
    ),
    click.option("--select", metavar="RULES", help="Rules or families to run, comma-separated."),
    click.option("--ignore", metavar="RULES", help="Rules or families to skip, comma-separated."),
    click.option(
        "--severity",
        type=click.Choice(["error", "warning", "info"]),
        help="Report only findings at or above this severity.",
    ),
    click.option("--today", metavar="YYYY-MM-DD", help="The date 'future' is judged against."),
    click.option(
        "--pages",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="A directory of *.wiki pages that resolve previous/next links.",
    ),
    click.option(
        "--schemas",
        multiple=True,
        type=click.Path(exists=True, file_okay=False),
        help="Extra TemplateData directory (repeatable).",
    ),
    click.option(
        "--profile",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help="A profile file describing a wiki (its reference lists, citation module, date "
        "languages) or infoboxes (repeatable).",
    ),
    click.option(
        "--config",
        "config_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A wikibox.toml to use on top of the discovered one.",
    ),
]


def check_options(func):
    for option in reversed(CHECK_OPTIONS):
        func = option(func)
    return func


def settings_for(path: Path, config_file: Path | None, **flags: Any):
    from wikibox.lint.checker import settings_for_file
    from wikibox.lint.config import Settings

    layer = flags_layer(**flags)
    if "pages" in layer:
        layer["pages"] = str(Path(layer["pages"]).resolve())
    if "schemas" in layer:
        layer["schemas"] = [str(Path(d).resolve()) for d in layer["schemas"]]
    if "profile" in layer:
        layer["profile"] = [str(Path(f).resolve()) for f in layer["profile"]]
    return settings_for_file(path, Settings(), layer, config_file)


def title_for(file: str, text: str) -> str | None:
    from wikibox.model.build import TITLE_COMMENT

    match = TITLE_COMMENT.match(text)
    if match:
        return match.group(1)
    return None if file == "-" else Path(file).stem.replace("_", " ")


def unified_diff(old: str, new: str, name: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )
