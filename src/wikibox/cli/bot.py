"""The click commands ``wikibox bot …`` and ``wikibox schema …``.

They are attached to the main group with ``main.add_command(bot)`` and
``main.add_command(schema)``.  The arguments after a bot subcommand are handed to pywikibot
untouched (click would read ``-page:X`` as the short options ``-p -a -g -e``), so these
commands define no short options and use ``--help`` only; ``-help`` prints the same help plus
pywikibot's list of page generators.  pywikibot is imported inside the commands, never by
``import wikibox.bot_cli``: importing it reads (and may create) its configuration.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

import click

from wikibox.errors import WikiboxError

__all__ = ["bot", "schema"]

PASS_THROUGH = {
    "ignore_unknown_options": True,
    "allow_extra_args": True,
    "help_option_names": ["--help"],
}
COMMON_HELP = """
\b
pywikibot options work as in pywikibot's own scripts:
  global     -simulate  -family:F  -lang:L  -user:U  -dir:D  -log  -maxlag:N …
  pages      -page:TITLE  -cat:NAME  -transcludes:TEMPLATE  -links:PAGE
             -file:FILE  -search:TEXT  -ref:TITLE  -ns:N  -limit:N …  (-help lists them)
\b
wikibox options:
  -wiki:enwiki  -today:YYYY-MM-DD  -schemas:DIR (repeatable)"""
EDIT_HELP = """
  -always     save without asking (the diff is still shown)
  -summary:S  the edit summary (default: what changed, naming the rules)
  -cosmetic   also save cosmetic-only changes (whitespace, info-level fixes)

\b
Pages with {{nobots}}, protected, missing or redirect pages are skipped; an edit made by
someone else after the bot read the page is kept (read again, re-applied, retried once).
A summary (read / changed / skipped, why) ends the run."""


def _fail(message: object) -> NoReturn:
    click.echo(f"wikibox: error: {message}", err=True)
    sys.exit(2)


def _run(ctx: click.Context, command: str, args: Sequence[str]) -> NoReturn:
    if "-help" in args:
        _pywikibot_help(ctx)
    from pywikibot.exceptions import Error

    from wikibox.bot.commands import run_bot

    try:
        code = run_bot(command, list(args), out=sys.stdout)
    except (WikiboxError, Error) as error:
        _fail(error)
    sys.exit(code)


def _pywikibot_help(ctx: click.Context) -> NoReturn:
    from pywikibot import pagegenerators

    click.echo(ctx.get_help())
    click.echo("\npywikibot page generators and filters:\n")
    click.echo(pagegenerators.parameterHelp)
    sys.exit(0)


@click.group()
def bot() -> None:
    """Check and edit pages of a wiki with pywikibot.

    \b
    wikibox bot check -cat:"Russia–United States summits" -format:json
    wikibox bot fix -transcludes:"Infobox summit meeting" -always
    wikibox bot set infobox.precedes "[[2025 Alaska summit]]" -page:"2021 Geneva summit"
    wikibox bot render specs/ -part:infobox -transcludes:"Infobox summit meeting"
    wikibox bot sync-series -cat:"Russia–United States summits"

    Try it first on a local wiki: docs/bot.md.
    """


def _bot_command(name: str, summary: str, extra_help: str) -> Callable:
    def decorate(function: Callable) -> click.Command:
        function.__doc__ = summary + "\n" + COMMON_HELP + extra_help
        return bot.command(name=name, context_settings=PASS_THROUGH)(
            click.argument("args", nargs=-1, type=click.UNPROCESSED)(click.pass_context(function))
        )

    return decorate


@_bot_command(
    "check",
    "Report the findings of every page (text, json, sarif or github); never edits.\n\n"
    "The series rules follow previous/next links on the wiki.  Exit status 1 when there are "
    "findings.",
    """
  -format:F   text, json, sarif or github (default: text)
  -select:R,… / -ignore:R,…   rules or families; -severity:S  error, warning or info""",
)
def check(ctx: click.Context, args: tuple[str, ...]) -> None:
    _run(ctx, "check", args)


@_bot_command(
    "fix",
    "Apply the rules' fixes to every page, one edit per page.",
    """
  -unsafe     also apply fixes that may change meaning
  -select:R,… / -ignore:R,…   rules or families"""
    + EDIT_HELP,
)
def fix(ctx: click.Context, args: tuple[str, ...]) -> None:
    _run(ctx, "fix", args)


@_bot_command(
    "set",
    "Set PATH to VALUE on every page: wikibox bot set PATH VALUE [options].\n\n"
    "PATH is infobox.PARAM or reference.KEY.PARAM.  A value the rules find fault with is "
    "refused for that page.",
    """
  -force      set the value even if the rules find fault with it"""
    + EDIT_HELP,
)
def set_command(ctx: click.Context, args: tuple[str, ...]) -> None:
    _run(ctx, "set", args)


@_bot_command(
    "render",
    "Regenerate a part of every page from a spec: wikibox bot render SPEC [options].\n\n"
    "SPEC is a spec file (YAML or JSON, as `wikibox extract` writes it) or a directory of "
    "them; each page takes the spec whose title is the page's (a single spec without a title "
    "is used for every page).  The rendered part replaces the page's own: its first infobox, its "
    "reference list ({{Reflist}}, <references />), or the whole article.",
    """
  -part:P     infobox, references or article (default: infobox)"""
    + EDIT_HELP,
)
def render(ctx: click.Context, args: tuple[str, ...]) -> None:
    _run(ctx, "render", args)


@_bot_command(
    "sync-series",
    "Order the pages of a series by infobox date and make previous/next links agree.\n\n"
    "The pages come from a generator (-cat:, -links:LIST_PAGE, -page:…); -follow also takes "
    "the pages their previous/next links lead to.  The order is printed before any edit.",
    """
  -follow     follow previous/next links from the given pages"""
    + EDIT_HELP,
)
def sync_series(ctx: click.Context, args: tuple[str, ...]) -> None:
    _run(ctx, "sync-series", args)


@click.group()
def schema() -> None:
    """TemplateData schemas: what parameters a template takes."""


@schema.command(context_settings=PASS_THROUGH)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.option(
    "--schemas",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save into this directory (default: ~/.config/wikibox/schemas/WIKI/).",
)
@click.option("--wiki", metavar="WIKI", help="The WIKI of the default directory.")
@click.option(
    "--citation-module",
    is_flag=True,
    help="Also pull Module:Citation/CS1/Whitelist and /Configuration and generate the "
    "citation rules' data from them (needs lua5.1).",
)
def pull(
    args: tuple[str, ...], directory: Path | None, wiki: str | None, citation_module: bool
) -> None:
    """Fetch TEMPLATE…'s TemplateData from the wiki into your schema directory.

    \b
    wikibox schema pull "Template:Infobox summit meeting" -family:wikipedia -lang:en
    wikibox schema pull --citation-module -family:wikipedia -lang:ja

    The site is chosen with pywikibot's options (-family:, -lang:, -user:).  The bot reads
    the default directory on every run; elsewhere give it with --schemas DIR.
    """
    templates = [arg for arg in args if not arg.startswith("-")]
    if not templates and not citation_module:
        _fail('name at least one template, e.g. "Template:Infobox summit meeting"')
    from pywikibot.exceptions import Error

    from wikibox.bot.commands import run_schema_pull

    options = [arg for arg in args if arg.startswith("-")]
    try:
        pulled = run_schema_pull(
            templates, options, directory=directory, wiki=wiki, citation_module=citation_module
        )
    except (WikiboxError, Error) as error:
        _fail(error)
    for item in pulled:
        if item.path is not None:
            click.echo(f"{item.requested}: saved {item.path}")
        else:
            click.echo(f"{item.requested}: not saved: {item.problem}", err=True)
    sys.exit(0 if all(item.path is not None for item in pulled) else 1)
