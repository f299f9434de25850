"""`wikibox check`: the findings of the rule catalogue on pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wikibox.cli.options import (
    Exit,
    check_options,
    csv_list,
    fail,
    read_input,
    settings_for,
    title_for,
)
from wikibox.errors import WikiboxError

__all__ = ["check", "report_skipped"]


def report_skipped(settings, registry) -> None:
    """Say which selected rules did not run on this wiki, and why (on stderr, so the JSON and
    SARIF outputs stay as they are)."""
    from wikibox.lint.config import resolve_selection
    from wikibox.lint.rules import skipped_on
    from wikibox.model.profiles import wiki_config

    wiki = wiki_config(settings.wiki, tuple(settings.profile_files), strict=True)
    skipped = skipped_on(wiki, resolve_selection(settings, registry))
    for reason in sorted(set(skipped.values())):
        names = ", ".join(name for name, why in skipped.items() if why == reason)
        click.echo(f"wikibox: not run because {reason}: {names}", err=True)


@click.command()
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
    from wikibox.lint.checker import check_article
    from wikibox.lint.output import FORMATTERS
    from wikibox.lint.rules import REGISTRY
    from wikibox.model.build import parse

    flags["select"] = csv_list(flags.get("select"))
    flags["ignore"] = csv_list(flags.get("ignore"))
    results = []
    try:
        for file in files:
            settings = settings_for(Path(file) if file != "-" else Path.cwd(), config_file, **flags)
            text, name = read_input(file)
            article = parse(
                text,
                wiki=settings.wiki,
                source=name,
                title=title_for(file, text),
                profiles=settings.profile_files,
            )
            results.append((name, check_article(article, settings=settings)))
    except WikiboxError as exc:
        fail(exc)
    out = sys.stdout
    FORMATTERS[fmt](results, REGISTRY, out, fmt == "text" and out.isatty())
    report_skipped(settings, REGISTRY)
    sys.exit(Exit.FINDINGS if any(findings for _, findings in results) else Exit.CLEAN)
