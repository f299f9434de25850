"""The ``wikibox`` command: a thin shell over the library.

Exit codes are named (:class:`Exit`): 0 clean, 1 findings (or a change would be made), 2 usage
or input error.  Every error message names the file (and position where known).
"""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .errors import WikiboxError

__all__ = ["Exit", "main"]


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
    from .parse import read_text

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikibox")
def main() -> None:
    """Parse, check, regenerate and minimally edit Wikipedia articles.

    \b
    wikibox extract PAGE.wiki     the article as data (infobox, dates, references)
    wikibox check PAGE.wiki       what is wrong with it, with line and column
    wikibox fix PAGE.wiki         apply the safe fixes, changing only what must change
    wikibox set PAGE PATH VALUE   set one value, checked by the rules first
    wikibox rules                 the catalogue of rules
    wikibox bot …                 the same on a live wiki, through pywikibot
    """


@main.command()
@click.argument("file", metavar="FILE|-")
@WIKI_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True
)
@click.option("--title", help="Page title (default: a first-line <!-- title: … --> or the name).")
@click.option("--no-spans", is_flag=True, help="Leave out line/column spans.")
def extract(file: str, wiki: str, fmt: str, title: str | None, no_spans: bool) -> None:
    """Print the article spec of FILE: infobox (params, date, participants, previous/next),
    sections and every reference, with positions.

    The spec is the document `wikibox render` takes (docs/article-spec.md).
    """
    from .parse import parse
    from .spec import article_spec

    try:
        text, name = read_input(file)
        if title is None and file != "-":
            title = Path(file).stem.replace("_", " ")
        article = parse(text, wiki=wiki, source=name)
        if article.title is not None:
            title = article.title
        article = parse(text, wiki=wiki, title=title, source=name)
    except WikiboxError as exc:
        fail(exc)
    click.echo(dump_document(article_spec(article, spans=not no_spans), fmt), nl=False)


def _csv(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _flags(**values: Any) -> dict[str, Any]:
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


def _settings(path: Path, config_file: Path | None, **flags: Any):
    from .check import settings_for_file
    from .config import Settings

    layer = _flags(**flags)
    if "pages" in layer:
        layer["pages"] = str(Path(layer["pages"]).resolve())
    if "schemas" in layer:
        layer["schemas"] = [str(Path(d).resolve()) for d in layer["schemas"]]
    return settings_for_file(path, Settings(), layer, config_file)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@check_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
)
def check(files, fmt, config_file, **flags) -> None:
    """Check FILE… for infobox, citation, reference and wikitext problems.

    Prints `path:line:col: severity rule message` for each finding.  Exit status: 0 no
    finding at or above --severity, 1 findings, 2 usage or input error.

    Settings: packaged defaults < [tool.wikibox] in pyproject.toml or wikibox.toml found
    upward from each file < --config < flags.  Disable a rule in the page with
    <!-- wikibox-disable RULE --> or <!-- wikibox-disable-next-line RULE -->.
    """
    from .check import check_article
    from .formats import FORMATTERS
    from .parse import parse
    from .rules import REGISTRY

    flags["select"] = _csv(flags.get("select"))
    flags["ignore"] = _csv(flags.get("ignore"))
    results = []
    try:
        for file in files:
            settings = _settings(Path(file) if file != "-" else Path.cwd(), config_file, **flags)
            text, name = read_input(file)
            article = parse(
                text,
                wiki=settings.wiki,
                source=name,
                title=_title_for(file, text),
                profiles=settings.profile_files,
            )
            results.append((name, check_article(article, settings=settings)))
    except WikiboxError as exc:
        fail(exc)
    out = sys.stdout
    FORMATTERS[fmt](results, REGISTRY, out, fmt == "text" and out.isatty())
    sys.exit(Exit.FINDINGS if any(findings for _, findings in results) else Exit.CLEAN)


def _title_for(file: str, text: str) -> str | None:
    from .parse import _TITLE_COMMENT

    match = _TITLE_COMMENT.match(text)
    if match:
        return match.group(1)
    return None if file == "-" else Path(file).stem.replace("_", " ")


def _unified_diff(old: str, new: str, name: str) -> str:
    import difflib

    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@check_options
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a fix would apply."
)
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option(
    "--fetch-titles",
    is_flag=True,
    help="Fetch the title of each bare-URL reference (network) and make it a {{cite web}}.",
)
@click.option(
    "--tag-bare-urls", is_flag=True, help="Tag bare-URL references with {{Bare URL inline}}."
)
def fix(
    files, config_file, show_diff, check_only, unsafe_fixes, fetch_titles, tag_bare_urls, **flags
) -> None:
    """Apply the fixes of the selected rules to FILE…, in place (atomically).

    Only safe, meaning-preserving fixes run unless --unsafe-fixes is given.  Fixes are applied
    until nothing more changes; fixing twice changes nothing.  Every other byte of the page
    stays as it was.
    """
    from .edit import fix_text
    from .io import write_atomic

    flags["select"] = _csv(flags.get("select"))
    flags["ignore"] = _csv(flags.get("ignore"))
    would_change = False
    try:
        for file in files:
            if file == "-":
                fail("fix needs files (it writes them); use --diff to preview")
            settings = _settings(Path(file), config_file, **flags)
            text, name = read_input(file)
            new, applied = fix_text(
                text,
                settings=settings,
                unsafe=unsafe_fixes,
                title=_title_for(file, text),
                fetch_titles=fetch_titles,
                tag_bare_urls=tag_bare_urls,
            )
            if new == text:
                continue
            would_change = True
            rules_applied = sorted({f.rule for f in applied})
            if show_diff:
                click.echo(_unified_diff(text, new, name), nl=False)
            elif check_only:
                click.echo(f"{name}: would fix {len(applied)} ({', '.join(rules_applied)})")
            else:
                write_atomic(Path(file), new)
                click.echo(f"{name}: fixed {len(applied)} ({', '.join(rules_applied)})")
    except WikiboxError as exc:
        fail(exc)
    sys.exit(Exit.FINDINGS if would_change and (check_only or show_diff) else Exit.CLEAN)


@main.command(name="set")
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("path")
@click.argument("value")
@click.option("--wiki", default=None, metavar="WIKI", help="enwiki, jawiki, … (default: enwiki)")
@click.option("--today", metavar="YYYY-MM-DD", help="The date 'future' is judged against.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
@click.option("--force", is_flag=True, help="Write even if the value introduces findings.")
def set_command(file, path, value, wiki, today, show_diff, force) -> None:
    """Set PATH of FILE to VALUE, validated by the rules before writing.

    \b
    PATH is infobox.PARAM or reference.KEY.PARAM, e.g.
      wikibox set page.wiki infobox.precedes "[[2025年ロシア・米国首脳会談]]"
      wikibox set page.wiki reference.cnn-liptak.access-date 2025-02-14
    """
    from .io import write_atomic
    from .update import set_value

    try:
        settings = _settings(Path(file), None, wiki=wiki, today=today)
        text, _ = read_input(file)
        new = set_value(
            text, path, value, settings=settings, title=_title_for(file, text), validate=not force
        )
    except WikiboxError as exc:
        if exc.source is None:
            exc.source = file
        fail(exc)
    if new == text:
        click.echo(f"{file}: {path} already has that value")
        return
    if show_diff:
        click.echo(_unified_diff(text, new, file), nl=False)
        return
    write_atomic(Path(file), new)
    click.echo(f"{file}: set {path}")


@main.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def rules(name: str | None, fmt: str) -> None:
    """List the rule catalogue, or print the documentation of rule NAME."""
    from .docs import rule_markdown, rules_markdown
    from .rules import REGISTRY

    if name is not None:
        rule = REGISTRY.get(name)
        if rule is None:
            from .config import _suggest

            fail(f"unknown rule {name!r}{_suggest(name, REGISTRY)}")
        click.echo(rule_markdown(rule) if fmt == "markdown" else _rule_text(rule))
        return
    if fmt == "markdown":
        click.echo(rules_markdown(REGISTRY), nl=False)
        return
    width = max(len(n) for n in REGISTRY)
    for rule in REGISTRY.values():
        fix = "fix" if rule.fixable else "   "
        click.echo(f"{rule.name:<{width}}  {rule.severity.value:<7}  {fix}  {rule.summary}")


def _rule_text(rule) -> str:
    head = f"{rule.name} ({rule.severity.value}, family {rule.family}"
    head += ", fixable)" if rule.fixable else ")"
    if rule.checkwiki:
        head += f"  CheckWiki #{rule.checkwiki}"
    options = "".join(
        f"\n  {n} = {o.default!r}  ({o.type.__name__}) {o.help}" for n, o in rule.options.items()
    )
    return head + "\n\n" + rule.doc + (f"\n\nOptions:{options}" if options else "")


def _attach_commands() -> None:
    """Commands that live in their own modules (each imports its heavy libraries lazily)."""
    from .bot_cli import bot, schema
    from .preview_cli import preview
    from .render_cli import render as render_command
    from .scan_cli import scan_command

    main.add_command(render_command)
    main.add_command(scan_command)
    main.add_command(bot)
    main.add_command(schema)
    main.add_command(preview)


_attach_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
