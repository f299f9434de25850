"""``wikibox scan``: the rule engine over whole XML dumps (the CLI shell of :mod:`.scan`).

The per-page function is :func:`check_page`, a top-level function bound to the settings with
``functools.partial`` so worker processes and Dask workers can unpickle it.  Findings are
written as JSON lines as they arrive; the summary comes last.
"""

from __future__ import annotations

import functools
import json
import math
import sys
from pathlib import Path
from typing import Any

import click

from wikibox.errors import WikiboxError
from wikibox.lint.config import Settings, resolve_selection

__all__ = ["check_page", "scan_command"]


#: The default page time limit: seconds, plus seconds per million characters of the page.
#: Generous on purpose: measured on the corpus, a 180 KB article takes 0.6-0.7 s on an idle
#: core, and a limit that busy machines hit makes the results depend on the load.
DEFAULT_TIMEOUT = 2.0
DEFAULT_TIMEOUT_PER_MILLION = 20.0


def _seconds(value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise click.BadParameter(f"must be a number of seconds >= 0, not {value}")
    return value


def check_page(page, *, settings: Settings, regional: bool | None = None) -> list[dict[str, Any]]:
    """Every finding of one dump page, as JSON-able dicts (the scan's page function).

    With ``regional`` (every selected rule is an infobox rule; computed from ``settings``
    when not given) only the infobox templates are parsed, unless the region scanner is
    unsure — then, as always otherwise, the whole page."""
    from wikibox.lint.checker import check_article
    from wikibox.model.build import parse

    if regional is None:
        regional = infobox_only(settings)
    article = None
    if regional:
        from wikibox.model.regions import parse_infobox_article

        article = parse_infobox_article(page.text, title=page.title, wiki=settings.wiki)
    if article is None:
        article = parse(page.text, title=page.title, wiki=settings.wiki)
    return [
        {
            "title": page.title,
            "page_id": page.page_id,
            "revision_id": page.revision_id,
            **finding.to_dict(),
        }
        for finding in check_article(article, settings=settings)
    ]


def infobox_only(settings: Settings) -> bool:
    """Whether every selected rule is an infobox rule (so a regional parse is enough)."""
    return selected_families(settings) == {"infobox"}


def selected_families(settings: Settings) -> set[str]:
    from wikibox.lint.rules import REGISTRY

    return {REGISTRY[name].family for name in resolve_selection(settings, REGISTRY)}


@click.command(name="scan")
@click.argument("dumps", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--wiki", default="enwiki", show_default=True, metavar="WIKI")
@click.option("--select", metavar="RULES", help="Rules or families to run, comma-separated.")
@click.option("--ignore", metavar="RULES", help="Rules or families to skip, comma-separated.")
@click.option(
    "--severity", type=click.Choice(["error", "warning", "info"]), help="Minimum severity."
)
@click.option("--today", metavar="YYYY-MM-DD", help="The date 'future' is judged against.")
@click.option(
    "--namespace", "namespaces", type=int, multiple=True, help="Namespaces to read (default 0)."
)
@click.option("--jobs", type=int, default=None, help="Worker processes (default: every core).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://…); default: local.")
@click.option(
    "--timeout",
    type=float,
    default=None,
    callback=lambda ctx, param, value: _seconds(value),
    metavar="SECONDS",
    help="Seconds a page may take; 0 for no limit.  Default: 2 s plus 20 s per million "
    "characters of the page.  A page that times out is tried once more, alone, at the end.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "summary"]),
    default="jsonl",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@click.option("--html", "html_report", type=click.Path(dir_okay=False), help="An HTML report.")
@click.option("--no-prefilter", is_flag=True, help="Parse every page (slower; for checking).")
def scan_command(
    dumps, wiki, select, ignore, severity, today, namespaces, jobs, engine, scheduler,
    timeout, fmt, output, html_report, no_prefilter,
) -> None:  # fmt: skip
    """Check every page of XML dumps (.xml, .bz2, .gz, .xz, or a multistream .bz2 beside its
    -index.txt(.bz2)) in constant memory on every core, or on a Dask cluster.

    Findings are JSON lines (title, page_id, revision_id, rule, severity, message, line,
    column) written as they come; a summary follows on stderr (or last, with --format json).
    A page that crashes a rule or takes longer than --timeout becomes a scan-page-error
    finding and the scan goes on.
    """
    from wikibox.cli.options import Exit, csv_list
    from wikibox.scan.run import scan

    layer: dict[str, Any] = {"wiki": wiki}
    for key, value in (("select", csv_list(select)), ("ignore", csv_list(ignore))):
        if value:
            layer[key] = value
    if severity:
        layer["severity"] = severity
    if today:
        layer["today"] = today
    try:
        settings = Settings().merged(layer, source="<flags>")
        families = None if no_prefilter else selected_families(settings)
    except WikiboxError as exc:
        click.echo(f"wikibox: error: {exc}", err=True)
        sys.exit(Exit.USAGE)
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        click.echo(f"wikibox: error: {output}: cannot write: {exc.strerror}", err=True)
        sys.exit(Exit.USAGE)
    collected: list[dict] = []
    keep = fmt == "json" or html_report is not None

    def on_finding(finding: dict) -> None:
        if keep:
            collected.append(finding)
        if fmt == "jsonl":
            out.write(json.dumps(finding, ensure_ascii=False) + "\n")

    try:
        summary = scan(
            [Path(d) for d in dumps],
            functools.partial(check_page, settings=settings, regional=infobox_only(settings)),
            jobs=jobs,
            namespaces=set(namespaces) if namespaces else {0},
            families=families,
            page_timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            timeout_per_million=DEFAULT_TIMEOUT_PER_MILLION if timeout is None else 0.0,
            engine=engine,
            scheduler=scheduler,
            on_finding=on_finding,
        )
    except (OSError, ValueError, WikiboxError) as exc:
        click.echo(f"wikibox: error: {exc}", err=True)
        sys.exit(Exit.USAGE)
    document = summary.to_dict()
    if fmt == "json":
        out.write(json.dumps({"findings": collected, "summary": document}, ensure_ascii=False))
        out.write("\n")
    elif fmt == "summary":
        out.write(summary_text(document) + "\n")
    if fmt != "summary":
        click.echo(summary_text(document), err=True)
    if output:
        out.close()
    if html_report:
        from wikibox.cli.preview import write_html_report

        try:
            write_html_report(Path(html_report), collected, document, wiki=wiki)
        except WikiboxError as exc:
            click.echo(f"wikibox: error: {exc}", err=True)
            sys.exit(Exit.USAGE)
    if document["errors"]:
        # Every finding read before the damage is written above; the damage decides the status.
        for error in document["errors"]:
            click.echo(f"wikibox: error: {error}", err=True)
        sys.exit(Exit.USAGE)
    sys.exit(Exit.FINDINGS if document["findings"] else Exit.CLEAN)


def summary_text(summary: dict[str, Any]) -> str:
    lines = [
        f"pages read {summary['pages_read']}, parsed {summary['pages_parsed']}, "
        f"skipped by the prefilter {summary['pages_skipped']}, failed {summary['pages_failed']}, "
        f"unreadable {summary.get('pages_unreadable', 0)}",
        f"{summary['findings']} findings in {summary['elapsed']:.1f} s "
        f"({summary['pages_per_second']:.0f} pages/s, {summary['mb_per_second']:.2f} MB/s, "
        f"{summary['engine']} engine, {summary['jobs']} jobs)",
    ]
    for rule, count in sorted(summary["findings_by_rule"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {count:8}  {rule}")
    if summary["top_pages"]:
        lines.append("top pages: " + ", ".join(f"{t} ({n})" for t, n in summary["top_pages"]))
    return "\n".join(lines)
