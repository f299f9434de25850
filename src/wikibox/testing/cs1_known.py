"""The known disagreements between wikibox and Module:Citation/CS1 (a YAML file that only shrinks).

Each disagreement is keyed ``"<case id> <class> <kind> <param>"``, the parameter with its
digits written ``N`` (``last16`` … ``last46`` are one ``lastN``).  The file groups the keys by
the same ``<class> <kind> <param>`` and gives each group one reason::

    groups:
      - group: deprecated-parameter wikibox-only accessdate
        reason: the 2026 Whitelist accepts |accessdate= (true); wikibox calls it deprecated
        citations:
          - enwiki_gensim/ASCII.wiki#24

A comparison fails on a disagreement that is not listed (a new one, or one nobody explained)
and on a listed one that no longer happens (fixed: take it off the list).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .cs1_compare import Disagreement

__all__ = ["TODO_REASON", "KnownDisagreements", "group_of", "key_of"]

TODO_REASON = "TODO: explain"
HEADER = """\
# Disagreements between wikibox's cite-* rules and enwiki's Module:Citation/CS1 that are known.
#
# Written by `python benchmarks/cs1_conformance.py --update-known` (which keeps the reasons
# below and adds new groups with a reason of "TODO: explain"); the reasons are written by hand.
# tests/test_cs1_conformance.py fails on a disagreement missing here and on an entry that no
# longer disagrees: this list only shrinks.  A group is "<class> <kind> <parameter>", where
# <kind> is wikibox-only (wikibox flags what the module accepts) or module-only (wikibox
# misses what the module flags), the classes are those of tests/data/cs1-rule-map.yaml, and
# digits in the parameter are written N.  Citations are named "<corpus dir>/<article>#<n>" (the
# n-th CS1 citation template of the article in tree order) or "edge/<name>"
# (wikibox.testing.cs1_cases); the corpus text itself stays outside the repository.
"""


def group_of(disagreement: Disagreement) -> str:
    """``"<class> <kind> <param with digits as N>"`` (a trailing space when there is none)."""
    param = re.sub(r"\d+", "N", disagreement.detail) or "-"
    return f"{disagreement.cls} {disagreement.kind} {param}"


def key_of(disagreement: Disagreement) -> str:
    return f"{disagreement.case} {group_of(disagreement)}"


@dataclass
class KnownDisagreements:
    """The file's groups: group name -> (reason, citation ids)."""

    groups: dict[str, tuple[str, list[str]]]

    @classmethod
    def load(cls, path: Path) -> KnownDisagreements:
        if not path.exists():
            return cls({})
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            {
                group["group"]: (group["reason"], list(group["citations"]))
                for group in data.get("groups", [])
            }
        )

    def keys(self, cases: Iterable[str] | None = None) -> set[str]:
        """Every listed key, or those of the *cases* given (a sample checks only its own)."""
        wanted = None if cases is None else set(cases)
        return {
            f"{case} {group}"
            for group, (_, citations) in self.groups.items()
            for case in citations
            if wanted is None or case in wanted
        }

    def unexplained(self) -> list[str]:
        return sorted(group for group, (reason, _) in self.groups.items() if reason == TODO_REASON)

    def updated(self, disagreements: Iterable[Disagreement]) -> KnownDisagreements:
        """The list for *disagreements* (a full run's), keeping the reasons of known groups."""
        citations: dict[str, set[str]] = {}
        for disagreement in disagreements:
            citations.setdefault(group_of(disagreement), set()).add(disagreement.case)
        return KnownDisagreements(
            {
                group: (self.groups.get(group, (TODO_REASON, []))[0], sorted(cases))
                for group, cases in sorted(citations.items())
            }
        )

    def dump(self, path: Path) -> None:
        groups = [
            {"group": group, "reason": reason, "count": len(cases), "citations": cases}
            for group, (reason, cases) in self.groups.items()
        ]
        text = yaml.safe_dump({"groups": groups}, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(HEADER + "\n" + text, encoding="utf-8")
