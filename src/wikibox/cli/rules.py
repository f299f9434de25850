"""`wikibox rules`: the rule catalogue, one family of it, or one rule's documentation."""

from __future__ import annotations

import re

import click

from wikibox.cli.options import (
    fail,
)

__all__ = ["plain_text", "rules"]

_LITERAL = re.compile(r"``(.+?)``")


def plain_text(text: str) -> str:
    """Docstring text for a terminal: RST ``literals`` lose their backquotes."""
    return _LITERAL.sub(r"\1", text)


@click.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def rules(name: str | None, fmt: str) -> None:
    """List the rule catalogue, the rules of family NAME (infobox, cite, ref, wt), or print
    the documentation of rule NAME."""
    from wikibox.lint.catalogue import rule_markdown, rules_markdown
    from wikibox.lint.rules import FAMILIES, REGISTRY

    if name is not None and name not in FAMILIES:
        rule = REGISTRY.get(name)
        if rule is None:
            from wikibox.lint.config import suggest

            families = ", ".join(FAMILIES)
            fail(f"unknown rule or family {name!r}{suggest(name, REGISTRY)} (families: {families})")
        click.echo(rule_markdown(rule) if fmt == "markdown" else _rule_text(rule))
        return
    selected = {r.name: r for r in (FAMILIES[name].rules if name else REGISTRY.values())}
    if fmt == "markdown":
        click.echo(rules_markdown(selected), nl=False)
        return
    width = max(len(n) for n in selected)
    click.echo(f"{'rule':<{width}}  {'severity':<8}  {'fix':<3}  summary")
    for rule in selected.values():
        fix = "fix" if rule.fixable else ""
        summary = plain_text(rule.summary)
        click.echo(f"{rule.name:<{width}}  {rule.severity.value:<8}  {fix:<3}  {summary}")


def _rule_text(rule) -> str:
    head = f"{rule.name} ({rule.severity.value}, family {rule.family}"
    head += ", fixable)" if rule.fixable else ")"
    if rule.checkwiki:
        head += f"  CheckWiki #{rule.checkwiki}"
    options = "".join(
        f"\n  {n} = {o.default!r}  ({o.type.__name__}) {plain_text(o.help)}"
        for n, o in rule.options.items()
    )
    return head + "\n\n" + plain_text(rule.doc) + (f"\n\nOptions:{options}" if options else "")
