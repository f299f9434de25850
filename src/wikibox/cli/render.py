"""``wikibox render``: an article spec in, wikitext out (attached to the main group by cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wikibox.errors import WikiboxError

__all__ = ["configured_template_dirs", "render"]


@click.command("render")
@click.argument("spec_file", metavar="SPEC|-")
@click.option(
    "--wiki",
    default=None,
    metavar="WIKI",
    help="The wiki to write for (enwiki, jawiki, …); default: the spec's own wiki.",
)
@click.option(
    "--part",
    default="article",
    show_default=True,
    metavar="PART",
    help="article, infobox, references, or citation:KEY (one citation template).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option(
    "--list-defined/--inline-refs",
    "list_defined",
    default=None,
    help="Put every definition in {{Reflist|refs=…}} / write each at its first use "
    "(default: as each reference's list_defined says).",
)
@click.option(
    "--templates",
    "template_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A directory of templates searched first (repeatable), then those of `templates` "
    "in wikibox.toml, then the bundled ones.",
)
@click.option(
    "--schemas",
    "schema_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Extra TemplateData directory (repeatable): parameter order, formats, date types.",
)
@click.option("--no-title-comment", is_flag=True, help="Leave out <!-- title: … --> at the top.")
def render(
    spec_file: str,
    wiki: str | None,
    part: str,
    output: Path | None,
    list_defined: bool | None,
    template_dirs: tuple[Path, ...],
    schema_dirs: tuple[Path, ...],
    no_title_comment: bool,
) -> None:
    """Write the wikitext of the article spec SPEC (YAML or JSON, as `wikibox extract` prints
    it) from the Jinja2 templates: the article, its infobox, its reference list or one
    citation.

    \b
    In the spec's prose a citation is {{#ref:KEY}} and the reference list {{#references}}
    (docs/article-spec.md).  Each reference is written in full at its first use and as
    <ref name="KEY" /> afterwards.  Exit status: 0 written, 2 unreadable spec or a value that
    cannot be written safely (the message names the field).
    """
    from wikibox.cli.options import Exit, fail
    from wikibox.model.spec_input import load_spec, parse_spec
    from wikibox.rendering.article import RenderOptions, render_document

    try:
        if spec_file == "-":
            text = sys.stdin.buffer.read().decode("utf-8", errors="strict")
            spec = parse_spec(
                text, source="<stdin>", fmt="json" if text.lstrip()[:1] == "{" else "yaml"
            )
            base = Path.cwd()
        else:
            spec = load_spec(spec_file)
            base = Path(spec_file).resolve().parent
        options = RenderOptions(
            wiki=wiki,
            part=part,
            list_defined=list_defined,
            template_dirs=(*template_dirs, *configured_template_dirs(base)),
            title_comment=not no_title_comment,
            schema_dirs=schema_dirs,
        )
        rendered = render_document(spec, options)
    except UnicodeDecodeError as exc:
        fail(f"<stdin>: not UTF-8: byte offset {exc.start}")
    except WikiboxError as exc:
        fail(exc)
    for warning in rendered.warnings:
        click.echo(f"wikibox: warning: {warning}", err=True)
    text = rendered.text if rendered.text.endswith("\n") else rendered.text + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        from wikibox.edit.files import refuse_overwriting_inputs, write_atomic

        try:
            refuse_overwriting_inputs(output, [spec_file])
            write_atomic(output, text)
        except WikiboxError as exc:
            fail(exc)
    sys.exit(Exit.CLEAN)


def configured_template_dirs(start: Path, config_file: Path | None = None) -> tuple[Path, ...]:
    """``templates = [...]`` of ``config_file`` (``--config``), then of the wikibox.toml /
    pyproject.toml found upward from ``start`` (the spec's folder), each relative to its file
    (flags come first: the precedence of every other setting).

    The whole file is checked as every other command checks it: an unknown setting or a bad
    value is a :class:`ConfigError` naming the file here too, not ignored because rendering
    does not use it."""
    from wikibox.errors import ConfigError
    from wikibox.lint.config import Settings, find_config_file, load_config_file

    dirs: list[Path] = []
    for found in (config_file, find_config_file(start)):
        if found is None:
            continue
        layer = load_config_file(found)
        Settings().merged(layer, source=str(found))
        value = layer.get("templates", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError("'templates' must be a list of directories", source=str(found))
        dirs += [found.parent / v for v in value]
    return tuple(dirs)
