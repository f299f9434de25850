"""What the commands share: exit codes, the error path, reading inputs, and the options of
`check` and `fix`, in one place.

Imports of the library's heavier layers stay inside the functions: `wikibox --help` and
`wikibox rules` then start without parsing or Jinja2 (a lazy import here buys start-up time).
"""

from __future__ import annotations

import json
import math
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from wikibox.errors import InputError, WikiboxError

T = TypeVar("T")

__all__ = [
    "CHECK_OPTIONS",
    "COLOR_OPTION",
    "TITLE_OPTION",
    "WIKI_OPTION",
    "Exit",
    "PageInput",
    "check_options",
    "csv_list",
    "dump_document",
    "fail",
    "finite_seconds",
    "flags_layer",
    "page_note",
    "read_input",
    "read_page",
    "report_error",
    "settings_for",
    "title_for",
    "unified_diff",
    "use_colour",
    "within_time_limit",
    "word_diff",
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


TITLE_OPTION = click.option(
    "--title",
    metavar="TITLE",
    help="The page's title (default: a leading <!-- title: … --> comment, else the file name).",
)


COLOR_OPTION = click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text output; auto: on a terminal, unless NO_COLOR is set.",
)


def use_colour(choice: str, stream: Any) -> bool:
    """Whether to colour output to STREAM (https://no-color.org: a non-empty NO_COLOR turns
    automatic colour off; --color always still wins)."""
    if choice in ("always", "never"):
        return choice == "always"
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def report_error(error: WikiboxError | str) -> None:
    """Print one error line (``wikibox: error: path:line:col: message``) and go on."""
    click.echo(f"wikibox: error: {error}", err=True)


def fail(error: WikiboxError | str) -> NoReturn:
    report_error(error)
    sys.exit(Exit.USAGE)


def read_input(path: str, max_bytes: int | None = None) -> tuple[str, str]:
    """The text of a file argument (``-`` is standard input) and the name to report it by;
    more than ``max_bytes`` (default: ``MAX_PAGE_BYTES``) is an input error."""
    from wikibox.model.build import MAX_PAGE_BYTES, read_text

    max_bytes = max_bytes or MAX_PAGE_BYTES
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            fail(f"<stdin>: larger than {max_bytes:,} bytes (max_page_bytes in wikibox.toml)")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            fail(f"<stdin>: not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}")
        if not text.strip():
            fail("<stdin>: the page is empty")
        return text, "<stdin>"
    return read_text(Path(path), max_bytes=max_bytes), path


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
    click.option(
        "--timeout",
        "page_timeout",
        type=click.FloatRange(min=0),
        callback=lambda ctx, param, value: finite_seconds(value),
        metavar="SECONDS",
        help="Seconds one page may take (default 60; 0: no limit).",
    ),
]


def finite_seconds(value: float | None) -> float | None:
    """A number of seconds given as a flag: NaN and infinity pass a FloatRange, and NaN would
    turn every comparison with the time spent false, so they are usage errors naming the flag."""
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise click.BadParameter(f"must be a number of seconds >= 0 (0: no limit), not {value}")
    return value


def check_options(func):
    for option in reversed(CHECK_OPTIONS):
        func = option(func)
    return func


def settings_for(path: Path, config_file: Path | None, *, base: Any = None, **flags: Any):
    """The settings for a file: BASE (the packaged defaults) < config files < FLAGS."""
    from wikibox.lint.checker import settings_for_file
    from wikibox.lint.config import Settings

    layer = flags_layer(**flags)
    if "pages" in layer:
        layer["pages"] = str(Path(layer["pages"]).resolve())
    if "schemas" in layer:
        layer["schemas"] = [str(Path(d).resolve()) for d in layer["schemas"]]
    if "profile" in layer:
        layer["profile"] = [str(Path(f).resolve()) for f in layer["profile"]]
    return settings_for_file(path, base if base is not None else Settings(), layer, config_file)


def title_for(file: str, text: str) -> str | None:
    return _title_and_origin(file, text, None)[0]


def _title_and_origin(file: str, text: str, given: str | None) -> tuple[str | None, str]:
    from wikibox.model.build import TITLE_COMMENT

    if given:
        return given, "from --title"
    match = TITLE_COMMENT.match(text)
    if match:
        return match.group(1), "from the <!-- title: --> comment"
    if file == "-":
        return None, "standard input has no file name; give --title"
    return Path(file).stem.replace("_", " "), "from the file name; give --title to change it"


@dataclass(frozen=True)
class PageInput:
    """A page read for a command, with the settings that apply and where its title and wiki
    came from (the summary says so: rules about titles and wikis depend on them)."""

    name: str
    text: str
    settings: Any
    title: str | None
    title_origin: str
    wiki_origin: str | None  # None: given by --wiki or a config file


def read_page(file: str, config_file: Path | None, *, title: str | None = None, **flags: Any):
    """Read FILE (``-`` is standard input) and settle its settings, title and wiki.

    When neither ``--wiki`` nor a config file names the wiki, it is guessed from the page's
    letters (a Japanese draft is read as jawiki, not enwiki)."""
    from dataclasses import replace

    from wikibox.lint.config import Settings
    from wikibox.model.wiki_guess import guess_wiki

    where = Path(file) if file != "-" else Path.cwd()
    # an empty wiki in the base layer tells "nobody said" from "enwiki was asked for"
    settings = settings_for(where, config_file, base=Settings(wiki=""), **flags)
    text, name = read_input(file, settings.max_page_bytes)
    wiki_origin = None
    if not settings.wiki:
        guess = guess_wiki(text)
        settings = replace(settings, wiki=guess.wiki)
        wiki_origin = f"detected from the page: {guess.reason}; give --wiki to choose"
    page_title, title_origin = _title_and_origin(file, text, title)
    return PageInput(name, text, settings, page_title, title_origin, wiki_origin)


def page_note(page: PageInput) -> str:
    """One line saying which wiki and title a page was read with, when they were assumed."""
    parts = []
    if page.wiki_origin:
        parts.append(f"wiki {page.settings.wiki} assumed ({page.wiki_origin})")
    if "give --title" in page.title_origin:  # guessed, not said by --title or the page
        shown = repr(page.title) if page.title else "none"
        parts.append(f"title {shown} ({page.title_origin})")
    return f"{page.name}: {'; '.join(parts)}" if parts else ""


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


WORD_DIFF_CONTEXT = 20  # characters of unchanged text shown either side of a change


def word_diff(old: str, new: str, name: str) -> str:
    """Only what changed inside each changed line, ``[-old-]{+new+}`` as ``git diff
    --word-diff`` writes it, with a little context: a 15-character fix in a one-line
    paragraph of 2,000 characters reads as one short line, not two long ones."""
    import difflib
    import re

    token = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
    # a CJK paragraph is one \w+ run; split it per character so a change stays small
    cjk = re.compile(r"([\u3040-\u30ff\u4e00-\u9fff])")
    old_lines, new_lines = old.splitlines(), new.splitlines()
    out = [f"--- a/{name}", f"+++ b/{name}"]
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in lines.get_opcodes():
        if tag == "equal":
            continue
        before = "\n".join(old_lines[i1:i2])
        after = "\n".join(new_lines[j1:j2])
        split = lambda text: [t for part in token.findall(text) for t in cjk.split(part) if t]  # noqa: E731
        a, b = split(before), split(after)
        words = difflib.SequenceMatcher(None, a, b, autojunk=False)
        pieces = []
        for op, x1, x2, y1, y2 in words.get_opcodes():
            if op == "equal":
                pieces.append(("=", "".join(a[x1:x2])))
                continue
            if x2 > x1:
                pieces.append(("-", "".join(a[x1:x2])))
            if y2 > y1:
                pieces.append(("+", "".join(b[y1:y2])))
        out.append(f"@@ line {i1 + 1} @@")
        out.append(_word_diff_line(pieces))
    return "\n".join(out) + "\n" if len(out) > 2 else ""


def _word_diff_line(pieces: list[tuple[str, str]]) -> str:
    text = []
    for index, (op, chunk) in enumerate(pieces):
        if op == "-":
            text.append(f"[-{chunk}-]")
        elif op == "+":
            text.append(f"{{+{chunk}+}}")
        else:
            first, last = index == 0, index == len(pieces) - 1
            context = WORD_DIFF_CONTEXT
            if len(chunk) > 2 * context + 5 or ((first or last) and len(chunk) > context):
                head = "" if first else chunk[:context]
                tail = "" if last else chunk[-context:]
                chunk = f"{head}…{tail}" if not (first and last) else chunk
            text.append(chunk.replace("\n", "⏎"))
    return "".join(text)


def within_time_limit(seconds: float, name: str, work: Callable[[], T]) -> T:
    """``work()`` cut off after ``seconds`` (0: no limit), as ``scan`` does for each page.

    mwparserfromhell's tokenizer is slow on some broken markup (quadratic on thousands of
    unclosed ``{{``); a page past the limit is an input error naming the file, so a batch goes
    on with the others.  SIGALRM works only in the main thread; elsewhere there is no limit.
    """
    from wikibox.scan.deadline import AlarmDeadline, PageTimeout

    if not seconds or threading.current_thread() is not threading.main_thread():
        return work()
    deadline = AlarmDeadline()
    deadline.install()
    try:
        return deadline.call(lambda _page: work(), None, seconds)
    except PageTimeout:
        raise InputError(
            f"took longer than {seconds:g} s (page_timeout in wikibox.toml, or --timeout)",
            source=name,
        ) from None
    finally:
        deadline.uninstall()
