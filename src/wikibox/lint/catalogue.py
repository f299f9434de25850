"""Rule documentation generated from the registry (``docs/rules.md``, ``wikibox rules``).

Code and docs cannot drift: the docstring of each rule function *is* its documentation, and a
test fails when ``docs/rules.md`` differs from what this module renders.  Regenerate with
``python -m wikibox.lint.catalogue > docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

from wikibox.lint.rules import FAMILIES
from wikibox.lint.rules.base import DOC_SECTIONS, Rule

__all__ = ["missing_sections", "rule_markdown", "rules_markdown"]


def missing_sections(rule: Rule) -> list[str]:
    """Docstring sections a rule lacks (the summary counts as one)."""
    missing = [] if rule.summary else ["summary"]
    lines = {line.strip() for line in rule.doc.splitlines()}
    missing += [s for s in DOC_SECTIONS if s not in lines or not rule.doc_section(s).strip()]
    return missing


def rule_markdown(rule: Rule) -> str:
    meta = f"*{rule.severity.value}*"
    if rule.fixable:
        meta += " · fixable"
    if rule.checkwiki:
        meta += f" · CheckWiki #{rule.checkwiki}"
    out = [f"### `{rule.name}`", "", meta, "", rule.summary, ""]
    titles = {
        "Why:": "Why",
        "Fails:": "Fails",
        "Passes:": "Passes",
        "Does not flag:": "Does not flag",
    }
    for section, title in titles.items():
        body = rule.doc_section(section)
        if not body:
            continue
        if section in ("Fails:", "Passes:"):
            out += [f"**{title}**", "", "```wikitext", _dedent(body), "```", ""]
        else:
            out += [f"**{title}:** {' '.join(body.split())}", ""]
    if rule.options:
        out += ["**Options:**", ""]
        out += [
            f"- `{name}` ({option.type.__name__}, default `{option.default!r}`): {option.help}"
            for name, option in rule.options.items()
        ]
        out.append("")
    return "\n".join(out)


def rules_markdown(registry: Mapping[str, Rule]) -> str:
    out = [
        "# The rule catalogue",
        "",
        "Generated from the rule docstrings by",
        "`python -m wikibox.lint.catalogue > docs/rules.md`; do not edit by hand.  Severities are",
        "the defaults (change them per rule in `wikibox.toml`).",
        "",
        "## Severities",
        "",
        "One contract for every rule, and for the citation rules in terms of the wiki's own",
        "citation module (Module:Citation/CS1 on enwiki); each citation rule's docstring names the",
        "module error or category it mirrors:",
        "",
        "- **error**: the wiki shows an error for it (for citations: the module shows a red",
        '  error message and files the page in a "CS1 errors" category).',
        "- **warning**: the module puts it in a maintenance category, or it is a defect of fact",
        "  the module is silent on (mixed scripts in a name, the site's name pasted into the",
        "  title, a bare URL, an access date before the publication date).",
        "- **info**: style and advice.",
        "",
        "Citation rules that need the module's conventions run only on wikis whose profile says",
        "they use CS1 (`citation_module: cs1`); elsewhere the check says which rules did not run.",
        "A fix that could change meaning is unsafe (`wikibox fix --unsafe-fixes`); no default fix",
        "is cosmetic only.",
        "",
        "| rule | severity | fixable | summary |",
        "|---|---|---|---|",
    ]
    for rule in registry.values():
        out.append(
            f"| [`{rule.name}`](#{rule.name}) | {rule.severity.value} | "
            f"{'yes' if rule.fixable else ''} | {rule.summary.replace('|', '&#124;')} |"
        )
    out.append("")
    for family in FAMILIES.values():
        title = family.title
        members = [r for r in registry.values() if r.family == family.name]
        if not members:
            continue
        out += [f"## {title}", ""]
        for rule in members:
            out.append(rule_markdown(rule))
    return "\n".join(out).rstrip("\n") + "\n"


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip("\n")


if __name__ == "__main__":  # pragma: no cover
    import sys

    from wikibox.lint.rules import REGISTRY

    sys.stdout.write(rules_markdown(REGISTRY))
