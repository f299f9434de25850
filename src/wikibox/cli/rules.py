"""`wikibox rules`: the rule catalogue, or one rule's documentation."""

from __future__ import annotations

import click

from wikibox.cli.options import (
    fail,
)

__all__ = ["rules"]


@click.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text")
def rules(name: str | None, fmt: str) -> None:
    """List the rule catalogue, or print the documentation of rule NAME."""
    from wikibox.lint.catalogue import rule_markdown, rules_markdown
    from wikibox.lint.rules import REGISTRY

    if name is not None:
        rule = REGISTRY.get(name)
        if rule is None:
            from wikibox.lint.config import suggest

            fail(f"unknown rule {name!r}{suggest(name, REGISTRY)}")
        click.echo(rule_markdown(rule) if fmt == "markdown" else _rule_text(rule))
        return
    if fmt == "markdown":
        click.echo(rules_markdown(REGISTRY), nl=False)
        return
    width = max(len(n) for n in REGISTRY)
    for rule in REGISTRY.values():
        fix = "fix" if rule.fixable else "   "
        click.echo(f"{rule.name:<{width}}  {rule.severity.value:<7}  {fix}  {rule.summary}")


def _rule_text(rule) -> str:
    head = f"{rule.name} ({rule.severity.value}, family {rule.family}"
    head += ", fixable)" if rule.fixable else ")"
    if rule.checkwiki:
        head += f"  CheckWiki #{rule.checkwiki}"
    options = "".join(
        f"\n  {n} = {o.default!r}  ({o.type.__name__}) {o.help}" for n, o in rule.options.items()
    )
    return head + "\n\n" + rule.doc + (f"\n\nOptions:{options}" if options else "")
