"""The ``wikibox`` command: a thin shell over the library, one module per command.

Exit codes are named (:class:`~wikibox.cli.options.Exit`): 0 clean, 1 findings (or a change
would be made), 2 usage or input error.  Every error message names the file (and position
where known).  The command modules import the library's heavy layers inside their functions,
so that `wikibox --help` starts fast.
"""

from __future__ import annotations

import click

from wikibox.cli.bot import bot, schema
from wikibox.cli.check import check
from wikibox.cli.extract import extract
from wikibox.cli.fix import fix
from wikibox.cli.options import Exit
from wikibox.cli.preview import preview
from wikibox.cli.render import render as render_command
from wikibox.cli.rules import rules
from wikibox.cli.scan import scan_command
from wikibox.cli.set import set_command
from wikibox.version import __version__

__all__ = ["Exit", "main"]


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


for command in (
    extract,
    check,
    fix,
    set_command,
    rules,
    render_command,
    scan_command,
    bot,
    schema,
    preview,
):
    main.add_command(command)

if __name__ == "__main__":  # pragma: no cover
    main()
