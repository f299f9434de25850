"""`wikibox extract`: the article spec of a page."""

from __future__ import annotations

from pathlib import Path

import click

from wikibox.cli.options import (
    WIKI_OPTION,
    dump_document,
    fail,
    read_input,
)
from wikibox.errors import WikiboxError

__all__ = ["extract"]


@click.command()
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
    from wikibox.model.build import parse
    from wikibox.model.spec import article_spec

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
