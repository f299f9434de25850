"""`wikibox fix`: apply the rules' fixes to files, in place (or standard input to stdout)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wikibox.cli.options import (
    TITLE_OPTION,
    Exit,
    check_options,
    csv_list,
    page_note,
    read_page,
    report_error,
    unified_diff,
    within_time_limit,
    word_diff,
)
from wikibox.errors import WikiboxError

__all__ = ["fix"]


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@check_options
@TITLE_OPTION
@click.option(
    "--diff",
    "show_diff",
    flag_value="lines",
    default=None,
    help="Print a unified diff; write nothing.",
)
@click.option(
    "--word-diff",
    "show_diff",
    flag_value="words",
    help="Print only the changed words of each line ([-old-]{+new+}); write nothing.",
)
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a fix would apply."
)
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that may change meaning.")
@click.option(
    "--fetch-titles",
    is_flag=True,
    help="Fetch the title of each bare-URL reference (network) and make it a {{cite web}}.",
)
@click.option(
    "--tag-bare-urls",
    is_flag=True,
    help="Tag bare-URL references with the wiki's maintenance template ({{Bare URL inline}}).",
)
def fix(
    files,
    config_file,
    title,
    show_diff,
    check_only,
    unsafe_fixes,
    fetch_titles,
    tag_bare_urls,
    **flags,
) -> None:
    """Apply the fixes of the selected rules to FILE…, in place (atomically).

    Only safe, meaning-preserving fixes run unless --unsafe-fixes is given.  Fixes are applied
    until nothing more changes; fixing twice changes nothing.  Every other byte of the page
    stays as it was.  FILE `-` reads standard input and writes the fixed page to standard
    output.
    """
    from wikibox.edit.files import write_atomic
    from wikibox.edit.fixes import fix_text

    flags["select"] = csv_list(flags.get("select"))
    flags["ignore"] = csv_list(flags.get("ignore"))
    would_change = failed = False
    for file in files:
        try:
            page = read_page(file, config_file, title=title, **flags)
            problems: list[str] = []
            new, applied = within_time_limit(
                page.settings.page_timeout,
                page.name,
                lambda page=page, problems=problems: fix_text(
                    page.text,
                    settings=page.settings,
                    unsafe=unsafe_fixes,
                    title=page.title,
                    fetch_titles=fetch_titles,
                    tag_bare_urls=tag_bare_urls,
                    problems=problems,
                ),
            )
            for problem in problems:
                click.echo(f"{page.name}: {problem}", err=True)
            note = page_note(page)
            if note:
                click.echo(note, err=True)
            rules_applied = ", ".join(sorted({f.rule for f in applied}))
            if file == "-" and not (show_diff or check_only):
                sys.stdout.write(new)
                if new != page.text:
                    click.echo(f"{page.name}: fixed {len(applied)} ({rules_applied})", err=True)
                continue
            if new == page.text:
                click.echo(f"{page.name}: nothing to fix")
                continue
            would_change = True
            if show_diff == "words":
                click.echo(word_diff(page.text, new, page.name), nl=False)
            elif show_diff:
                click.echo(unified_diff(page.text, new, page.name), nl=False)
            elif check_only:
                click.echo(f"{page.name}: would fix {len(applied)} ({rules_applied})")
            else:
                # compare-and-swap: nothing is written if the file changed since it was read
                write_atomic(Path(file), new, expected=page.text)
                click.echo(f"{page.name}: fixed {len(applied)} ({rules_applied})")
        except WikiboxError as exc:
            # One bad file is reported; the others in the batch are still fixed.
            report_error(exc)
            failed = True
    if failed:
        sys.exit(Exit.USAGE)
    sys.exit(Exit.FINDINGS if would_change and (check_only or show_diff) else Exit.CLEAN)
