"""``wikibox scan``: the rule engine over whole XML dumps (the CLI shell of :mod:`.scan`).

The per-page function is :func:`wikibox.scan.checks.check_dump_page`.  Settings come as for
``check``: packaged defaults < ``wikibox.toml`` (found upward from the current directory) <
``--config`` < flags.  Findings are written as JSON lines as they arrive; the summary comes last.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import click

from wikibox.cli.options import finite_seconds
from wikibox.errors import WikiboxError

__all__ = ["scan_command"]


#: The default page time limit: seconds, plus seconds per million characters of the page.
#: Generous on purpose: measured on the corpus, a 180 KB article takes 0.6-0.7 s on an idle
#: core, and a limit that busy machines hit makes the results depend on the load.
DEFAULT_TIMEOUT = 2.0
DEFAULT_TIMEOUT_PER_MILLION = 20.0


@click.command(name="scan")
@click.argument("dumps", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--wiki", default=None, metavar="WIKI", help="enwiki, jawiki, … (default: enwiki)")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A wikibox.toml to use on top of the discovered one.",
)
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
    callback=lambda ctx, param, value: finite_seconds(value),
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
    dumps, wiki, config_file, select, ignore, severity, today, namespaces, jobs, engine,
    scheduler, timeout, fmt, output, html_report, no_prefilter,
) -> None:  # fmt: skip
    """Check every page of XML dumps (.xml, .bz2, .gz, .xz, or a multistream .bz2 beside its
    -index.txt(.bz2)) in constant memory on every core, or on a Dask cluster.

    Findings are JSON lines (title, page_id, revision_id, rule, severity, message, line,
    column) written as they come; a summary follows on stderr (or last, with --format json).
    A page that crashes a rule or takes longer than --timeout becomes a scan-page-error
    finding and the scan goes on.
    """
    from wikibox.cli.options import Exit, csv_list, fail, report_error, settings_for
    from wikibox.lint.prefilter import wiki_infobox_names
    from wikibox.model.profiles import wiki_config
    from wikibox.scan.checks import check_dump_page, selected_families
    from wikibox.scan.run import scan

    flags = {
        "wiki": wiki,
        "select": csv_list(select),
        "ignore": csv_list(ignore),
        "severity": severity,
        "today": today,
    }
    try:
        settings = settings_for(Path.cwd(), config_file, **flags)
        families = None if no_prefilter else selected_families(settings)
        # The profile files are read now: a bad one is one error, not a crash on every page.
        config = wiki_config(settings.wiki, tuple(settings.profile_files), strict=True)
    except WikiboxError as exc:
        fail(exc)
    try:
        out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror}")
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
            functools.partial(check_dump_page, settings=settings),
            jobs=jobs,
            namespaces=set(namespaces) if namespaces else {0},
            families=families,
            extra_names=wiki_infobox_names(config),
            page_timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
            timeout_per_million=DEFAULT_TIMEOUT_PER_MILLION if timeout is None else 0.0,
            engine=engine,
            scheduler=scheduler,
            on_finding=on_finding,
        )
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click ends the command quietly
    except (OSError, ValueError, WikiboxError) as exc:
        fail(exc)
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
            write_html_report(Path(html_report), collected, document, wiki=settings.wiki)
        except WikiboxError as exc:
            fail(exc)
    if document["errors"]:
        # Every finding read before the damage is written above; the damage decides the status.
        for error in document["errors"]:
            report_error(error)
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
