"""`wikibox set`: set one value of a page, checked by the rules first."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wikibox.cli.options import (
    TITLE_OPTION,
    fail,
    page_note,
    read_page,
    unified_diff,
    within_time_limit,
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
@TITLE_OPTION
def set_command(file, path, value, wiki, today, show_diff, force, title) -> None:
    """Set PATH of FILE to VALUE, validated by the rules before writing.

    \b
    PATH is infobox.PARAM or reference.KEY.PARAM, e.g.
      wikibox set page.wiki infobox.precedes "[[2025年ロシア・米国首脳会談]]"
      wikibox set page.wiki reference.cnn-liptak.access-date 2025-02-14

    FILE `-` reads standard input and writes the page to standard output.
    """
    from wikibox.edit.files import write_atomic
    from wikibox.edit.update import set_value

    try:
        page = read_page(file, None, title=title, wiki=wiki, today=today)
        text = page.text
        new = within_time_limit(
            page.settings.page_timeout,
            page.name,
            lambda: set_value(
                text, path, value, settings=page.settings, title=page.title, validate=not force
            ),
        )
    except WikiboxError as exc:
        if exc.source is None:
            exc.source = file
        fail(exc)
    if page.wiki_origin:
        click.echo(page_note(page), err=True)
    if file == "-" and not show_diff:
        sys.stdout.write(new)
        return
    if new == text:
        click.echo(f"{file}: {path} already has that value")
        return
    if show_diff:
        click.echo(unified_diff(text, new, file), nl=False)
        return
    try:
        write_atomic(Path(file), new, expected=text)
    except WikiboxError as exc:
        fail(exc)
    click.echo(f"{file}: set {path}")
