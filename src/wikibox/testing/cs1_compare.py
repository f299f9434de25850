"""wikibox's citation rules against the verdicts of Module:Citation/CS1 (see `wikibox.testing.cs1`).

Each citation is checked twice: by `wikibox.check` on a minimal page (the citation in a
``<ref>`` and a reference list) and by the module on the test wiki.  A mapping (YAML, see
``tests/data/cs1-rule-map.yaml``) turns both answers into *classes* ("dates", "ISBN",
"unsupported-parameter" …), and the two sets of classes are compared per citation:

* agree: both flag the class, or neither does;
* wikibox-only: wikibox flags what the module accepts (a false positive against the module);
* module-only: the module flags what wikibox misses.

The "dates" class is compared per date parameter, since a citation can have a good ``|date=``
and a bad ``|access-date=``.  Only the public API (`wikibox.check`) is used on the wikibox side.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mwparserfromhell
import yaml

import wikibox

from .cs1 import CITATION_CLASSES, TEMPLATE_REDIRECTS, CS1Verdict

__all__ = [
    "CORPUS_DIRS",
    "DATE_PARAMS",
    "Case",
    "Disagreement",
    "Outcome",
    "RuleMap",
    "compare",
    "corpus_cases",
    "date_verdicts",
    "page_for",
    "sample",
    "wikibox_findings",
]

CORPUS_DIRS = ("wtf_wikipedia", "enwiki_gensim", "enwiki_gensim_tables")
# The parameters Module:Citation/CS1 hands to Date validation (date_parameters_list), with the
# aliases the Whitelist accepts; |air-date= is promoted to |date= before the check.
DATE_PARAMS = frozenset((
    "date", "year", "publication-date", "publicationdate", "access-date", "accessdate",
    "archive-date", "archivedate", "doi-broken-date", "pmc-embargo-date", "embargo",
    "air-date", "airdate",
))  # fmt: skip
CS1_NAMES = {name.lower() for name in (*CITATION_CLASSES, *TEMPLATE_REDIRECTS)}
PARAM_IN_MESSAGE = re.compile(r"\|([^=|\s]+)=")
SUGGESTION = re.compile(r"\([^)]*suggested\)")
DATE_MESSAGE = re.compile(r"Check date values in:\s*(.*?)\s*\(help\)")


@dataclass(frozen=True)
class Case:
    """One citation template to compare; ``id`` is stable ("enwiki_gensim/Aa River.wiki#3")."""

    id: str
    wikitext: str

    @property
    def digest(self) -> str:
        return hashlib.sha1(self.wikitext.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class ClassRow:
    """One row of the rule map."""

    name: str
    rule: str
    anchors: frozenset[str]
    params: frozenset[str] = frozenset()
    part: str = ""
    category: str = ""
    by_param: bool = False  # compared per parameter, not only per citation


@dataclass(frozen=True)
class RuleMap:
    """The rule map: classes, and the rules deliberately beyond the module."""

    classes: tuple[ClassRow, ...]
    beyond_module: dict[str, str]

    @classmethod
    def load(cls, path: Path) -> RuleMap:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows = tuple(
            ClassRow(
                name=row["class"],
                rule=row["rule"],
                anchors=frozenset(row["anchors"]),
                params=frozenset(row.get("params", ())),
                part=row.get("part", ""),
                category=row.get("category", ""),
                by_param=bool(row.get("by_param", False)),
            )
            for row in data["classes"]
        )
        return cls(rows, dict(data.get("beyond_module", {})))

    @property
    def names(self) -> list[str]:
        return [row.name for row in self.classes]

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(anchor for row in self.classes for anchor in row.anchors)

    def wikibox_classes(self, findings: Iterable[Any]) -> dict[str, set[str]]:
        """Class -> details (the parameters named) of wikibox's findings."""
        found: dict[str, set[str]] = {}
        for finding in findings:
            param = _finding_param(finding)
            for row in self.classes:
                if row.rule == finding.rule and (not row.params or param in row.params):
                    found.setdefault(row.name, set()).add(param if row.by_param else "")
        return found

    def module_classes(self, verdict: CS1Verdict) -> tuple[dict[str, set[str]], set[str]]:
        """Class -> details of the module's errors, and the anchors no class names."""
        found: dict[str, set[str]] = {}
        unmapped: set[str] = set()
        for message in verdict.messages:
            if message.kind != "error":
                continue
            if message.anchor not in self.anchors:
                unmapped.add(message.anchor or message.text)
                continue
            for row in self.classes:
                if message.anchor in row.anchors:
                    for detail in _message_details(row, message.text):
                        found.setdefault(row.name, set()).add(detail if row.by_param else "")
        return found, unmapped


def _finding_param(finding: Any) -> str:
    param = getattr(finding, "data", {}).get("param")
    if param:
        return str(param).strip().lower()
    named = PARAM_IN_MESSAGE.search(finding.message)
    return named.group(1).lower() if named else ""


def _message_details(row: ClassRow, text: str) -> Iterator[str]:
    """The parameters a module message names, or the part of a date message *row* takes."""
    if row.part:
        dates = DATE_MESSAGE.search(text)
        items = re.split(r",\s*|\s+and\s+", dates.group(1)) if dates else []
        for item in items:
            if ("mismatch" in item) == (row.part == "mismatch"):
                named = PARAM_IN_MESSAGE.search(item)
                yield named.group(1).lower() if named and row.part == "params" else ""
        return
    # "Cite has empty unknown parameters: |a=, |b=, and |c=" names several; a suggestion in
    # parentheses ("(|url-status= suggested)") names none of the citation's own.
    params = [name.lower() for name in PARAM_IN_MESSAGE.findall(SUGGESTION.sub("", text))]
    for param in params or [""]:
        if not row.params or param in row.params:
            yield param


@dataclass(frozen=True)
class Disagreement:
    """A class on which the two sides differ for one citation."""

    case: str
    cls: str
    kind: str  # "wikibox-only" or "module-only"
    detail: str = ""  # a parameter, for the "dates" class and for grouping


@dataclass
class Outcome:
    """Both sides' classes for one citation."""

    case: Case
    wikibox: dict[str, set[str]]
    module: dict[str, set[str]]
    unmapped: set[str] = field(default_factory=set)
    maintenance: frozenset[str] = frozenset()
    script_error: str = ""
    messages: dict[str, list[str]] = field(default_factory=dict)

    def disagreements(self) -> list[Disagreement]:
        """Per class, and per parameter where both sides name the parameters."""
        found = []
        for name in sorted(set(self.wikibox) | set(self.module)):
            ours, theirs = self.wikibox.get(name, set()), self.module.get(name, set())
            if ours and theirs and not (_named(ours) and _named(theirs)):
                continue  # both flag it, and one side cannot say where: count as agreement
            found += [Disagreement(self.case.id, name, "wikibox-only", p) for p in ours - theirs]
            found += [Disagreement(self.case.id, name, "module-only", p) for p in theirs - ours]
        return sorted(found, key=lambda d: (d.cls, d.kind, d.detail))

    def class_verdict(self, name: str) -> str:
        """How the two sides compare on one class: "both", "neither", "wikibox-only",
        "module-only" or "differ" (both flag it, for different parameters)."""
        ours, theirs = bool(self.wikibox.get(name)), bool(self.module.get(name))
        if ours and theirs:
            return "differ" if any(d.cls == name for d in self.disagreements()) else "both"
        return "wikibox-only" if ours else "module-only" if theirs else "neither"

    @property
    def agrees(self) -> bool:
        return not self.script_error and not self.disagreements()


def _named(details: set[str]) -> bool:
    return all(details)


def page_for(citation: str) -> str:
    """The minimal page wikibox checks: the citation in a ``<ref>``, and a reference list."""
    return f"Text.<ref>{citation}</ref>\n\n== References ==\n{{{{reflist}}}}\n"


def wikibox_findings(citation: str, today: datetime.date) -> list[Any]:
    """wikibox's ``cite-*`` findings on the citation's minimal page."""
    findings = wikibox.check(page_for(citation), wiki="enwiki", today=today)
    return [finding for finding in findings if finding.rule.startswith("cite-")]


def compare(
    cases: Sequence[Case], verdicts: Sequence[CS1Verdict], rule_map: RuleMap, today: datetime.date
) -> list[Outcome]:
    """One `Outcome` per case; *verdicts* are the module's, in the same order."""
    outcomes = []
    for case, verdict in zip(cases, verdicts, strict=True):
        findings = wikibox_findings(case.wikitext, today)
        module, unmapped = rule_map.module_classes(verdict)
        messages = {
            "wikibox": [f"{f.rule}: {f.message}" for f in findings],
            "module": [m.text for m in verdict.messages],
        }
        outcomes.append(
            Outcome(
                case,
                rule_map.wikibox_classes(findings),
                module if not verdict.script_error else {},
                unmapped,
                verdict.maintenance,
                verdict.script_error,
                messages,
            )
        )
    return outcomes


def date_verdicts(outcome: Outcome) -> Iterator[tuple[str, str, bool, bool]]:
    """(parameter, value, wikibox rejects, module rejects) for each date the citation sets."""
    wikicode = mwparserfromhell.parse(outcome.case.wikitext)
    template = wikicode.filter_templates(recursive=False)[0]
    ours, theirs = outcome.wikibox.get("dates", set()), outcome.module.get("dates", set())
    for param in template.params:
        name = str(param.name).strip().lower()
        value = str(param.value).strip()
        if name in DATE_PARAMS and value:
            yield name, value, name in ours, name in theirs


# The corpus.


@dataclass
class CorpusCases:
    """The corpus citations to compare, and what was left out and why."""

    cases: list[Case] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def corpus_cases(articles: Path) -> CorpusCases:
    """Every CS1 citation template in the English articles of the corpus, in a stable order.

    Left out, and counted: templates that are not CS1 on enwiki (wrappers such as {{cite IETF}}
    build their own parameters), and citations holding other templates, which the test wiki
    does not have ({{!}} is a magic word and stays).
    """
    found = CorpusCases()
    english = _english_files(articles)
    for directory in CORPUS_DIRS:
        for path in sorted((articles / directory).glob("*.wiki")):
            if english is not None and f"{directory}/{path.name}" not in english:
                found.skipped["article not in English"] += 1
                continue
            text = path.read_text(encoding="utf-8")
            index = 0
            for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
                name = _template_name(template)
                if not (name.startswith("cite") or name == "citation"):
                    continue
                if name not in CS1_NAMES:
                    found.skipped[f"not CS1 on enwiki: {{{{{name}}}}}"] += 1
                    continue
                inner = {
                    _template_name(nested)
                    for param in template.params
                    for nested in param.value.filter_templates(recursive=True)
                }
                index += 1
                if inner - {"!"}:
                    found.skipped["holds templates the test wiki lacks"] += 1
                    continue
                found.cases.append(Case(f"{directory}/{path.name}#{index}", str(template)))
    return found


def _english_files(articles: Path) -> set[str] | None:
    manifest = articles / "MANIFEST.json"
    if not manifest.exists():
        return None
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    return {entry["file"] for entry in entries if entry.get("lang") == "en"}


def _template_name(template: Any) -> str:
    return str(template.name).strip().replace("_", " ").lower()


def sample(cases: Sequence[Case], size: int) -> list[Case]:
    """A deterministic sample: the *size* cases with the smallest digests, in corpus order."""
    chosen = {case.id for case in sorted(cases, key=lambda case: case.digest)[:size]}
    return [case for case in cases if case.id in chosen]
