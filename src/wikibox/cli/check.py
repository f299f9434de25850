"""`wikibox check`: the findings of the rule catalogue on pages."""

from __future__ import annotations

import sys

import click

from wikibox.cli.options import (
    COLOR_OPTION,
    TITLE_OPTION,
    Exit,
    check_options,
    csv_list,
    page_note,
    read_page,
    report_error,
    use_colour,
    within_time_limit,
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
@TITLE_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
)
@COLOR_OPTION
def check(files, fmt, config_file, title, color, **flags) -> None:
    """Check FILE… for infobox, citation, reference and wikitext problems.

    Prints `path:line:col: severity rule message` for each finding.  Exit status: 0 no
    finding at or above --severity, 1 findings, 2 usage or input error.

    Without --wiki or a configured wiki, the wiki is detected from the page's script and the
    summary says which was assumed.  The title (for the series and self-link rules) is
    --title, a leading <!-- title: … --> comment, or the file name.

    Settings: packaged defaults < [tool.wikibox] in pyproject.toml or wikibox.toml found
    upward from each file < --config < flags.  Disable a rule in the page with
    <!-- wikibox-disable RULE --> or <!-- wikibox-disable-next-line RULE -->.
    """
    from wikibox.lint.checker import check_article
    from wikibox.lint.output import FORMATTERS, format_text
    from wikibox.lint.plan import parse_for_rules
    from wikibox.lint.rules import REGISTRY

    flags["select"] = csv_list(flags.get("select"))
    flags["ignore"] = csv_list(flags.get("ignore"))
    results, notes = [], []
    settings_by_wiki = {}  # the settings of each wiki checked, for report_skipped
    progress = _Progress(len(files))
    failed = False
    for file in files:
        try:
            page = read_page(file, config_file, title=title, **flags)

            def check_page(page=page):
                article = parse_for_rules(
                    page.text, page.settings, source=page.name, title=page.title
                )
                return check_article(article, settings=page.settings)

            findings = within_time_limit(page.settings.page_timeout, page.name, check_page)
            results.append((page.name, findings))
            notes.append(page_note(page))
            settings_by_wiki.setdefault(page.settings.wiki, page.settings)
        except WikiboxError as exc:
            # One bad file is reported; the findings of the others are still written.
            report_error(exc)
            failed = True
        progress.step(file)
    progress.done()
    out = sys.stdout
    colour = fmt == "text" and use_colour(color, out)
    if fmt == "text":
        format_text(results, REGISTRY, out, colour, notes=[n for n in notes if n])
    else:
        FORMATTERS[fmt](results, REGISTRY, out, colour)
    for settings in settings_by_wiki.values():
        report_skipped(settings, REGISTRY)
    if failed:
        sys.exit(Exit.USAGE)
    sys.exit(Exit.FINDINGS if any(findings for _, findings in results) else Exit.CLEAN)


class _Progress:
    """`checked 120/800 files` on a terminal's stderr for runs over many files (nothing when
    stderr is not a terminal, so logs and pipes stay clean)."""

    def __init__(self, total: int, verb: str = "checked") -> None:
        self.total, self.verb, self.count = total, verb, 0
        self.shown = total >= 20 and sys.stderr.isatty()

    def step(self, name: str) -> None:
        self.count += 1
        if self.shown:
            click.echo(f"\r{self.verb} {self.count}/{self.total} files", nl=False, err=True)

    def done(self) -> None:
        if self.shown and self.count:
            click.echo("\r" + " " * 40 + "\r", nl=False, err=True)
