"""`wikibox set`: set one value of a page, checked by the rules first."""

from __future__ import annotations

from pathlib import Path

import click

from wikibox.cli.options import (
    fail,
    read_input,
    settings_for,
    title_for,
    unified_diff,
)
from wikibox.errors import WikiboxError

__all__ = ["set_command"]


@click.command(name="set")
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
    from wikibox.edit.files import write_atomic
    from wikibox.edit.update import set_value

    try:
        settings = settings_for(Path(file), None, wiki=wiki, today=today)
        text, _ = read_input(file)
        new = set_value(
            text, path, value, settings=settings, title=title_for(file, text), validate=not force
        )
    except WikiboxError as exc:
        if exc.source is None:
            exc.source = file
        fail(exc)
    if new == text:
        click.echo(f"{file}: {path} already has that value")
        return
    if show_diff:
        click.echo(unified_diff(text, new, file), nl=False)
        return
    write_atomic(Path(file), new)
    click.echo(f"{file}: set {path}")
