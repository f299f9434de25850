"""What a rule is: a name, a default severity, a family, what it visits, and a generator.

A rule is a plain function with its record written right above it, in keyword arguments::

    @rule(name="cite-missing-title", severity=Severity.ERROR, visits="citation")
    def missing_title(ctx, cite): ...

:func:`rule` turns the function into a :class:`Rule` value (no metaclass, nothing derived from
names).  The family is not repeated in each record: a family package lists its rules once in a
:class:`Family` (its ``FAMILY``), which also carries what the docs and the dump prefilter need.

The function's docstring is the rule's documentation, in a fixed shape checked by the tests: a
summary line, then the sections ``Why:``, ``Fails:``, ``Passes:`` and ``Does not flag:``; the
wikitext under ``Fails:`` and ``Passes:`` runs as a test (``tests/rules/test_docstrings.py``).

A rule visits one kind of target, and the engine calls it once per target:

``article``    the whole :class:`~wikibox.model.Article` (once)
``infobox``    each :class:`~wikibox.model.Infobox`
``reference``  each :class:`~wikibox.model.Reference`
``citation``   each citation template, as a :class:`~wikibox.model.citation.Citation`
``template`` / ``tag`` / ``wikilink`` / ``external_link`` / ``heading`` / ``text`` / ``comment``
               each node of that type, from the engine's single walk of the tree

A rule may declare ``needs=``, a necessary condition on the page: where it does not hold, the
rule cannot fire, and the engine does not run it (nor the shared work only it would ask for).
It is one of two things, and the engine asks it once per page, before any rule runs:

* a compiled pattern: the rule can fire only where ``pattern.search(text)`` finds it;
* a predicate ``needs(page: PageText) -> bool``: the rule can fire only where it returns True.
  It sees the raw text, the title and the wiki's configuration (:class:`PageText`), never the
  parsed tree, so it costs a few regex searches, not a walk.

Either must be a superset of the rule's findings: False (or no match) only where the rule
would report nothing, whatever mwparserfromhell makes of the text — when in doubt (a comment
inside a name, say), a predicate answers True.  ``tests/test_rule_needs.py`` checks this on a
tenth of the corpus pages.
"""

from __future__ import annotations

import datetime
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from wikibox.lint.findings import Report, Severity
from wikibox.model.citation import Citation, build_citation

if TYPE_CHECKING:
    from wikibox.model.article import Article
    from wikibox.model.profiles import WikiConfig
    from wikibox.model.resolve import Resolver
    from wikibox.model.schema import SchemaSet

__all__ = [
    "DOC_SECTIONS",
    "TARGETS",
    "Context",
    "Family",
    "Needs",
    "Option",
    "PageText",
    "Rule",
    "rule",
    "short",
]

TARGETS = (
    "article",
    "infobox",
    "reference",
    "citation",
    "template",
    "tag",
    "wikilink",
    "external_link",
    "heading",
    "text",
    "comment",
)
DOC_SECTIONS = ("Why:", "Fails:", "Passes:", "Does not flag:")


@dataclass(frozen=True)
class PageText:
    """What a ``needs`` predicate may look at: the page before its tree is walked."""

    text: str
    title: str | None
    wiki: WikiConfig


#: A rule's necessary condition on the page: a pattern to search, or a predicate.
Needs = re.Pattern[str] | Callable[[PageText], bool]


@dataclass(frozen=True)
class Option:
    """A per-rule option: its type, default and help (the declared schema of rule options)."""

    type: type
    default: Any
    help: str

    def coerce(self, rule: str, name: str, value: Any) -> Any:
        if self.type is list and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if self.type is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise TypeError(
                f"option {name!r} of rule {rule!r} must be {self.type.__name__}, "
                f"not {type(value).__name__}"
            )
        return value


@dataclass(frozen=True)
class Rule:
    name: str
    severity: Severity
    visits: str
    check: Callable[..., Iterator[Report]]
    fixable: bool = False
    options: dict[str, Option] = field(default_factory=dict)
    checkwiki: int | None = None  # the CheckWiki error number, for wikitext rules
    family: str = ""  # set by the family that lists the rule (see Family)
    #: A necessary condition on the page (a pattern or a predicate, see the module's
    #: docstring): where it does not hold, the engine does not call the rule.
    needs: Needs | None = None
    #: The rule reads nodes of the page's prose (text, links, the nodes next to a ref) that a
    #: regional parse leaves as plain text: where it may fire, the page is parsed whole
    #: (lint/plan.py).  True, or a predicate on the page for a rule whose findings differ on
    #: a regional parse only on some pages.  A rule that visits text, link or comment nodes
    #: reads the prose anyway.
    prose: bool | Callable[[PageText], bool] = False

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise ValueError(f"rule name {self.name!r} is not kebab-case")
        if self.visits not in TARGETS:
            raise ValueError(f"rule {self.name!r} visits unknown target {self.visits!r}")

    def may_fire(self, page: PageText) -> bool:
        """False only where the rule cannot report anything on ``page`` (its ``needs``)."""
        if self.needs is None:
            return True
        if isinstance(self.needs, re.Pattern):
            return self.needs.search(page.text) is not None
        return self.needs(page)

    def __call__(self, ctx: Context, target: Any) -> Iterator[Report]:
        """Run the rule on one target (as the engine does)."""
        return self.check(ctx, target)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line (a summary may wrap in the source)."""
        return " ".join(self.doc.split("\n\n", 1)[0].split()) if self.doc else ""

    def doc_section(self, heading: str) -> str:
        """The text of one docstring section (``Why:``, ``Fails:`` …)."""
        lines = self.doc.splitlines()
        out, inside = [], False
        for line in lines:
            if line.strip() in DOC_SECTIONS:
                inside = line.strip() == heading
                continue
            if inside:
                out.append(line)
        return "\n".join(out).strip("\n")


def rule(
    *,
    name: str,
    severity: Severity,
    visits: str,
    fixable: bool = False,
    options: dict[str, Option] | None = None,
    checkwiki: int | None = None,
    needs: Needs | None = None,
    prose: bool | Callable[[PageText], bool] = False,
) -> Callable[[Callable[..., Iterator[Report]]], Rule]:
    """The record of the rule function below it: ``@rule(name=…, severity=…, visits=…)``."""

    def record(check: Callable[..., Iterator[Report]]) -> Rule:
        return Rule(
            name=name,
            severity=severity,
            visits=visits,
            check=check,
            fixable=fixable,
            options=dict(options or {}),
            checkwiki=checkwiki,
            needs=needs,
            prose=prose,
        )

    return record


@dataclass(frozen=True)
class Family:
    """A rule family: its id (``cite``), its title in the docs, its rules in catalogue order,
    and the needles of the dump prefilter.

    ``needles`` are searched with ``in`` on the raw text (``fast``, tried first) and on the
    case-folded text (``folded``) before a page is parsed; a page with none of them cannot give
    a finding of this family.  ``needles=None`` means any page can (the wikitext family).
    """

    name: str
    title: str
    rules: tuple[Rule, ...]
    fast_needles: tuple[str, ...] | None = None
    folded_needles: tuple[str, ...] | None = None

    @classmethod
    def of(
        cls,
        name: str,
        title: str,
        rules: list[Rule],
        *,
        fast_needles: tuple[str, ...] | None = None,
        folded_needles: tuple[str, ...] | None = None,
    ) -> Family:
        """The family, with each rule's ``family`` set to ``name``."""
        return cls(
            name=name,
            title=title,
            rules=tuple(replace(r, family=name) for r in rules),
            fast_needles=fast_needles,
            folded_needles=folded_needles,
        )


def short(text: str, limit: int = 60) -> str:
    """A value shortened for a message: whitespace folded, cut at ``limit`` with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Context:
    """What a rule may look at besides its target."""

    article: Article
    wiki: WikiConfig
    schemas: SchemaSet
    today: datetime.date
    options: dict[str, Any] = field(default_factory=dict)
    resolver: Resolver | None = None
    cache: dict[str, Any] = field(default_factory=dict)

    def span(self, node: Any):
        return self.article.locator.span(node)

    def citation(self, node: Any) -> Citation | None:
        """The citation read from a template node, once per page: the engine hands the same
        value to the rules that visit citations and to any rule that starts from the node."""
        return self.memo(
            f"cite:{id(node)}",
            lambda: build_citation(
                node, article=self.article, schemas=self.schemas, wiki=self.wiki
            ),
        )

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute something once per article and share it between rules."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]
