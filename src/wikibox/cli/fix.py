"""`wikibox fix`: apply the rules' fixes to files, in place."""

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
    unified_diff,
)
from wikibox.errors import WikiboxError

__all__ = ["fix"]


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE…")
@check_options
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff; write nothing.")
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
    "--tag-bare-urls", is_flag=True, help="Tag bare-URL references with {{Bare URL inline}}."
)
def fix(
    files, config_file, show_diff, check_only, unsafe_fixes, fetch_titles, tag_bare_urls, **flags
) -> None:
    """Apply the fixes of the selected rules to FILE…, in place (atomically).

    Only safe, meaning-preserving fixes run unless --unsafe-fixes is given.  Fixes are applied
    until nothing more changes; fixing twice changes nothing.  Every other byte of the page
    stays as it was.
    """
    from wikibox.edit.files import write_atomic
    from wikibox.edit.fixes import fix_text

    flags["select"] = csv_list(flags.get("select"))
    flags["ignore"] = csv_list(flags.get("ignore"))
    would_change = False
    try:
        for file in files:
            if file == "-":
                fail("fix needs files (it writes them); use --diff to preview")
            settings = settings_for(Path(file), config_file, **flags)
            text, name = read_input(file)
            new, applied = fix_text(
                text,
                settings=settings,
                unsafe=unsafe_fixes,
                title=title_for(file, text),
                fetch_titles=fetch_titles,
                tag_bare_urls=tag_bare_urls,
            )
            if new == text:
                continue
            would_change = True
            rules_applied = sorted({f.rule for f in applied})
            if show_diff:
                click.echo(unified_diff(text, new, name), nl=False)
            elif check_only:
                click.echo(f"{name}: would fix {len(applied)} ({', '.join(rules_applied)})")
            else:
                write_atomic(Path(file), new)
                click.echo(f"{name}: fixed {len(applied)} ({', '.join(rules_applied)})")
    except WikiboxError as exc:
        fail(exc)
    sys.exit(Exit.FINDINGS if would_change and (check_only or show_diff) else Exit.CLEAN)
