"""``wikibox preview`` and the ``--html`` report writer of ``wikibox scan`` / ``bot check``.

Attached to the main group by ``main.add_command(preview)``.  This module imports
:mod:`wikibox.cli` only inside functions, so it can be imported first (by tests, or by the
``cli`` module itself at the end of its body) without a circular import.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

__all__ = ["HTML_REPORT_OPTION", "preview", "write_html_report"]

SPEC_SUFFIXES = frozenset({".yaml", ".yml", ".json"})

#: The ``--html`` option of ``scan`` and ``bot check``; pass its value to write_html_report.
HTML_REPORT_OPTION = click.option(
    "--html",
    "html_report",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    help="Also write a self-contained HTML report (totals, chart, sortable findings).",
)


def write_html_report(
    path: str | Path,
    findings: Sequence[Mapping[str, Any]],
    summary: Mapping[str, Any],
    *,
    wiki: str | None = None,
    wiki_url: str | None = None,
    title: str = "wikibox report",
) -> Path:
    """Write the HTML report of a scan or bot run to ``path`` (atomically); returns the path.

    ``findings`` are finding dicts (``title``, ``rule``, ``severity``, ``message``, ``line``,
    ``column``), ``summary`` a dict such as ``ScanSummary.to_dict()``.  Page titles link to
    ``wiki_url`` (an article path, ``…/wiki/`` or ``…/index.php?title=$1``), or to the known URL
    of ``wiki`` (enwiki, jawiki …) when no URL is given.
    """
    from wikibox.edit.files import write_atomic
    from wikibox.model.profiles import wiki_config
    from wikibox.preview.report import report_html

    if wiki_url is None and wiki is not None:
        wiki_url = wiki_config(wiki).url
    path = Path(path)
    write_atomic(path, report_html(findings, summary, wiki_url=wiki_url, title=title))
    return path


@click.command()
@click.argument("source", metavar="FILE|SPEC|-")
@click.option(
    "--wiki", default=None, metavar="WIKI", help="enwiki, jawiki, … (default: config, else enwiki)"
)
@click.option(
    "-o",
    "--output",
    default="preview.html",
    show_default=True,
    metavar="PATH",
    help="Where to write the page; - for standard output.",
)
@click.option(
    "--via-wiki",
    "api_url",
    metavar="URL",
    help="Have this MediaWiki (its api.php) render the body, and attach the findings to it.",
)
@click.option("--title", help="Page title (default: a first-line <!-- title: … --> or the name).")
@click.option("--today", metavar="YYYY-MM-DD", help="The date 'future' is judged against.")
@click.option("--select", metavar="RULES", help="Rules or families to run, comma-separated.")
@click.option("--ignore", metavar="RULES", help="Rules or families to skip, comma-separated.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A wikibox.toml to use on top of the discovered one.",
)
def preview(
    source: str,
    wiki: str | None,
    output: str,
    api_url: str | None,
    title: str | None,
    today: str | None,
    select: str | None,
    ignore: str | None,
    config_file: Path | None,
) -> None:
    """Write an HTML preview of FILE (wikitext) with the findings of `check` attached.

    The page is self-contained (inline CSS, no network): the infobox as the wiki shows it, with
    the wiki's own row labels, the sections, the numbered references, and a numbered marker on
    each row, reference, heading or place a finding concerns (the message on hover and in the
    side list).  With --via-wiki URL the body is MediaWiki's own rendering (action=parse on
    that api.php) and the markers are attached to it.

    A SPEC (an article spec, .yaml/.yml/.json, as `wikibox extract` prints it) is rendered to
    wikitext first, as `wikibox render` would; line numbers are then those of that wikitext.
    Exit status: 0 written, 2 usage or input error.
    """
    from wikibox.cli.options import (
        csv_list,
        fail,
        read_input,
        settings_for,
        title_for,
        within_time_limit,
    )
    from wikibox.errors import WikiboxError
    from wikibox.lint.checker import check_article
    from wikibox.model.build import parse
    from wikibox.preview.report import fetch_body_html, preview_html

    is_spec = source != "-" and Path(source).suffix.lower() in SPEC_SUFFIXES
    try:
        if is_spec:
            text, wiki, spec_title = _render_spec(source, wiki, config_file)
            name, page_title = source, title or spec_title
        flags = {
            "wiki": wiki,
            "today": today,
            "select": csv_list(select),
            "ignore": csv_list(ignore),
        }
        settings = settings_for(Path(source) if source != "-" else Path.cwd(), config_file, **flags)
        if not is_spec:  # read with the configured size limit, as check reads it
            text, name = read_input(source, settings.max_page_bytes)
            page_title = title or title_for(source, text)

        def draw() -> tuple[str, list]:
            article = parse(text, wiki=settings.wiki, title=page_title, source=name)
            findings = check_article(article, settings=settings)
            body = None
            if api_url:
                body = fetch_body_html(api_url, text, title=article.title)
            html = preview_html(
                article, findings, wiki=settings.wiki, body_html=body, source_label=api_url
            )
            return html, findings

        page, findings = within_time_limit(settings.page_timeout, name, draw)
        if output == "-":
            click.echo(page, nl=False)
        else:
            from wikibox.edit.files import refuse_overwriting_inputs, write_atomic

            refuse_overwriting_inputs(output, [source])
            write_atomic(Path(output), page)
    except WikiboxError as exc:
        fail(exc)
    where = "standard output" if output == "-" else output
    click.echo(f"wikibox: wrote {where} ({_count(findings)})", err=True)
    sys.exit(0)


def _render_spec(
    path: str, wiki: str | None, config_file: Path | None
) -> tuple[str, str | None, str | None]:
    """The wikitext of an article spec (from the templates `wikibox render` would use), the
    wiki it is for and its title."""
    from wikibox.cli.render import configured_template_dirs
    from wikibox.model.spec_input import load_spec
    from wikibox.rendering.article import RenderOptions, render_document

    spec = load_spec(path)
    wiki = wiki or spec.get("wiki")
    template_dirs = configured_template_dirs(Path(path).resolve().parent, config_file)
    rendered = render_document(spec, RenderOptions(wiki=wiki, template_dirs=template_dirs))
    for warning in rendered.warnings:
        click.echo(f"wikibox: warning: {warning}", err=True)
    return rendered.text, wiki, spec.get("title")


def _count(findings: Sequence[Any]) -> str:
    if not findings:
        return "no findings"
    by_severity = Counter(str(getattr(f.severity, "value", f.severity)) for f in findings)
    parts = [
        f"{by_severity[s]} {s}{'' if by_severity[s] == 1 else 's'}"
        for s in ("error", "warning", "info")
        if by_severity[s]
    ]
    noun = "finding" if len(findings) == 1 else "findings"
    return f"{len(findings)} {noun}: {', '.join(parts)}"
