"""What a rule is: a name, a default severity, a family, what it visits, and a generator.

Rules are plain functions wrapped in :class:`Rule` values with their metadata written out (no
metaclass, nothing derived from names).  The function's docstring is the rule's documentation,
in a fixed shape checked by the tests: a summary line, then the sections ``Why:``,
``Fails:``, ``Passes:`` and ``Does not flag:``.

A rule visits one kind of target, and the engine calls it once per target:

``article``    the whole :class:`~wikibox.model.Article` (once)
``infobox``    each :class:`~wikibox.model.Infobox`
``reference``  each :class:`~wikibox.model.Reference`
``template`` / ``tag`` / ``wikilink`` / ``external_link`` / ``heading`` / ``text`` / ``comment``
               each node of that type, from the engine's single walk of the tree
"""

from __future__ import annotations

import datetime
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wikibox.lint.findings import Report, Severity

if TYPE_CHECKING:
    from wikibox.model.article import Article
    from wikibox.model.profiles import WikiConfig
    from wikibox.model.resolve import Resolver
    from wikibox.model.schema import SchemaSet

__all__ = ["DOC_SECTIONS", "TARGETS", "Context", "Option", "Rule"]

TARGETS = (
    "article",
    "infobox",
    "reference",
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
    family: str
    visits: str
    check: Callable[..., Iterator[Report]]
    fixable: bool = False
    options: dict[str, Option] = field(default_factory=dict)
    checkwiki: int | None = None  # the CheckWiki error number, for wikitext rules

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.name):
            raise ValueError(f"rule name {self.name!r} is not kebab-case")
        if self.visits not in TARGETS:
            raise ValueError(f"rule {self.name!r} visits unknown target {self.visits!r}")

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

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

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute something once per article and share it between rules."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]
