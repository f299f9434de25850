"""The rule engine: walks an article once, dispatches to the selected rules, stamps findings.

The engine knows rules only through the registry it is given (it never imports a concrete
rule).  Article, infobox and reference rules are called once per target; node rules receive
each node of their type from a single walk of the tree; a rule whose ``needs`` does not hold
on the page is not run at all.  Findings suppressed in the wikitext
(``<!-- wikibox-disable rule -->`` for the rest of the page,
``<!-- wikibox-disable-next-line rule -->`` for the next line; no rule name means every rule) are
dropped, as are findings below the severity threshold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mwparserfromhell.nodes import Comment, ExternalLink, Heading, Tag, Template, Text, Wikilink

from wikibox.errors import WikiboxError
from wikibox.lint.config import Settings, resolve_selection, rule_options, validate_rule_settings
from wikibox.lint.findings import Finding
from wikibox.lint.rules import skipped_on
from wikibox.lint.rules.base import Context, PageText, Rule
from wikibox.model.article import Article
from wikibox.model.profiles import WikiConfig, wiki_config
from wikibox.model.schema import load_schemas

__all__ = ["RuleCrash", "Suppressions", "rules_to_run", "run_rules"]

NODE_TARGETS = {
    Template: "template",
    Tag: "tag",
    Wikilink: "wikilink",
    ExternalLink: "external_link",
    Heading: "heading",
    Text: "text",
    Comment: "comment",
}
_DIRECTIVE = re.compile(r"^\s*wikibox-(disable-next-line|disable)(?![\w-])(.*)$", re.DOTALL)


class RuleCrash(WikiboxError):
    """A rule raised an exception: a bug in wikibox, reported with the rule and the page."""


@dataclass
class Suppressions:
    """Rules disabled by comments: from a line on, or on one line."""

    from_line: list[tuple[int, frozenset[str]]]
    on_line: dict[int, set[str]]

    @classmethod
    def of(cls, article: Article) -> Suppressions:
        from_line: list[tuple[int, frozenset[str]]] = []
        on_line: dict[int, set[str]] = defaultdict(set)
        for comment in article.locator.of_type(Comment):
            match = _DIRECTIVE.match(str(comment.contents))
            if not match:
                continue
            names = frozenset(re.split(r"[\s,]+", match.group(2).strip())) - {""}
            span = article.span_of(comment)
            if match.group(1) == "disable":
                from_line.append((span.line, names))
            else:
                on_line[span.end_line + 1].update(names or {"*"})
        return cls(from_line, dict(on_line))

    def hides(self, finding: Finding) -> bool:
        line = finding.span.line
        for start, names in self.from_line:
            if line >= start and (not names or finding.rule in names):
                return True
        names_here = self.on_line.get(line, ())
        return "*" in names_here or finding.rule in names_here


def rules_to_run(settings: Settings, registry: Mapping[str, Rule], wiki: WikiConfig) -> list[Rule]:
    """The rules ``settings`` select, less those the wiki cannot run (no citation module …),
    in catalogue order: what :func:`run_rules` runs, and what the planner (lint/plan.py) asks
    how much of a page to parse."""
    names = resolve_selection(settings, registry)
    skipped = skipped_on(wiki, names)
    return [registry[name] for name in names if name not in skipped]


def run_rules(
    article: Article,
    registry: Mapping[str, Rule],
    settings: Settings,
    *,
    resolver=None,
    schemas=None,
) -> list[Finding]:
    """Every finding of the selected rules on ``article``, sorted by position."""

    validate_rule_settings(settings, registry)
    wiki = wiki_config(article.wiki, tuple(settings.profile_files), strict=True)
    page = PageText(article.text, article.title, wiki)
    verdicts: dict[int, bool] = {}  # by needs: rules of a family often share one

    def may_fire(rule: Rule) -> bool:
        key = id(rule.needs)
        if key not in verdicts:
            verdicts[key] = rule.may_fire(page)
        return verdicts[key]

    selected = [rule for rule in rules_to_run(settings, registry, wiki) if may_fire(rule)]
    if schemas is None:
        schemas = load_schemas(article.wiki, tuple(settings.schema_dirs))
    base = Context(
        article=article,
        wiki=wiki,
        schemas=schemas,
        today=settings.today,
        resolver=resolver,
    )
    findings: list[Finding] = []
    by_target: dict[str, list[Rule]] = defaultdict(list)
    for rule in selected:
        by_target[rule.visits].append(rule)

    def run(rule: Rule, targets: Iterable) -> None:
        context = Context(**{**vars(base), "options": rule_options(settings, rule)})
        context.cache = base.cache  # shared memo between rules
        severity = settings.severities.get(rule.name, rule.severity)
        try:
            for target in targets:
                for report in rule.check(context, target):
                    findings.append(
                        Finding(
                            rule=rule.name,
                            severity=severity,
                            message=report.message,
                            span=report.span,
                            fix=report.fix,
                            unsafe_fix=report.unsafe_fix,
                            data=report.data,
                        )
                    )
        except WikiboxError:
            raise
        except Exception as exc:  # a bug: name the rule and the page
            raise RuleCrash(
                f"rule {rule.name!r} crashed: {type(exc).__name__}: {exc}",
                source=article.source or article.title,
            ) from exc

    for rule in by_target.get("article", ()):
        run(rule, [article])
    for rule in by_target.get("infobox", ()):
        run(rule, article.infoboxes)
    for rule in by_target.get("reference", ()):
        run(rule, article.references)
    if by_target.get("citation"):
        citations = [
            c
            for node in article.locator.of_type(Template)
            if (c := base.citation(node)) is not None
        ]
        for rule in by_target["citation"]:
            run(rule, citations)
    node_rules = {t: by_target[t] for t in NODE_TARGETS.values() if by_target.get(t)}
    if node_rules:
        buckets: dict[str, list] = defaultdict(list)
        for node in article.locator.nodes:
            target = NODE_TARGETS.get(type(node))
            if target in node_rules:
                buckets[target].append(node)
        for target, rules in node_rules.items():
            for rule in rules:
                run(rule, buckets[target])

    suppressions = Suppressions.of(article)
    kept = [
        f
        for f in findings
        if f.severity.rank >= settings.threshold.rank and not suppressions.hides(f)
    ]
    return sorted(kept, key=lambda f: (f.span.start, f.span.end, f.rule))
