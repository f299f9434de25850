"""`wikibox extract`: the article spec of a page."""

from __future__ import annotations

import click

from wikibox.cli.options import (
    TITLE_OPTION,
    dump_document,
    fail,
    page_note,
    read_page,
    within_time_limit,
)
from wikibox.errors import WikiboxError

__all__ = ["extract"]


@click.command()
@click.argument("file", metavar="FILE|-")
@click.option(
    "--wiki",
    default=None,
    metavar="WIKI",
    help="Which wiki's conventions apply (default: the configured wiki, else detected).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "yaml"]), default="json", show_default=True
)
@TITLE_OPTION
@click.option("--no-spans", is_flag=True, help="Leave out line/column spans.")
def extract(file: str, wiki: str | None, fmt: str, title: str | None, no_spans: bool) -> None:
    """Print the article spec of FILE: infobox (params, date, participants, previous/next),
    sections and every reference, with positions.

    Without --wiki or a configured wiki, the wiki is detected from the page (stderr says
    which).  The spec is the document `wikibox render` takes (docs/article-spec.md).
    """
    from wikibox.model.build import parse
    from wikibox.model.spec import article_spec

    try:
        page = read_page(file, None, title=title, wiki=wiki)
        spec = within_time_limit(
            page.settings.page_timeout,
            page.name,
            lambda: article_spec(
                parse(
                    page.text,
                    wiki=page.settings.wiki,
                    title=page.title,
                    source=page.name,
                    profiles=page.settings.profile_files,
                ),
                spans=not no_spans,
            ),
        )
    except WikiboxError as exc:
        fail(exc)
    if page.wiki_origin:
        click.echo(page_note(page), err=True)
    click.echo(dump_document(spec, fmt), nl=False)
