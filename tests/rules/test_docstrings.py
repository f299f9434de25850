"""The Fails:/Passes: examples of every rule's docstring run as tests.

A rule's docstring is its documentation (``wikibox rules NAME``, docs/rules.md), so its examples
must be true: each line under ``Fails:`` gives at least one finding of that rule, each line under
``Passes:`` none.  The shape of an example line:

* ``(jawiki) …`` checks it as a page of that wiki (enwiki otherwise);
* ``(on "Paris") …`` or ``(on page "A") …`` gives the page's title;
* ``\\n`` is a line break, ``<U+200B>`` the character with that code point; a line that ends
  in a backslash goes on with the next line;
* three spaces and a parenthesis end the example: ``…   (a zero width space)`` is a comment.

An example whose comment begins ``(needs …`` describes a case that needs more than one page or a
TemplateData of the reader's own; it is shown to readers and not run here (the rule's YAML cases
in ``tests/rules/cases/`` cover those with resolvers and schemas).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

import pytest

import wikibox
from wikibox.lint.config import Settings
from wikibox.lint.rules import REGISTRY

WIKI_PREFIX = re.compile(r"^\((\w+wiki)\)\s*")
TITLE_PREFIX = re.compile(r'^\(on (?:page )?"([^"]+)"\)\s*')
COMMENT = re.compile(r"\s{3,}\((.*)\)\s*$")
CODE_POINT = re.compile(r"<U\+([0-9A-Fa-f]{4,6})>")
TODAY = datetime.date(2026, 1, 1)


@dataclass(frozen=True)
class Example:
    rule: str
    fails: bool
    wiki: str
    title: str | None
    text: str
    needs: str | None

    def __str__(self) -> str:
        return f"{self.rule}:{'fails' if self.fails else 'passes'}:{self.text[:40]}"


def parse_example(rule: str, fails: bool, line: str) -> Example:
    wiki, title, needs = "enwiki", None, None
    comment = COMMENT.search(line)
    if comment:
        if comment.group(1).startswith("needs"):
            needs = comment.group(1)
        line = line[: comment.start()]
    while True:
        if match := WIKI_PREFIX.match(line):
            wiki, line = match.group(1), line[match.end() :]
        elif match := TITLE_PREFIX.match(line):
            title, line = match.group(1), line[match.end() :]
        else:
            break
    text = CODE_POINT.sub(lambda m: chr(int(m.group(1), 16)), line.replace("\\n", "\n"))
    return Example(rule, fails, wiki, title, text, needs)


def examples() -> list[Example]:
    found = []
    for name, rule in REGISTRY.items():
        for section, fails in (("Fails:", True), ("Passes:", False)):
            pending = ""
            for line in rule.doc_section(section).splitlines():
                line = pending + line.strip()
                if line.endswith("\\"):
                    pending = line[:-1]
                elif line:
                    pending = ""
                    found.append(parse_example(name, fails, line))
    return found


EXAMPLES = examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_docstring_example(example: Example):
    if example.needs:
        pytest.skip(f"docstring example {example.needs}")
    settings = replace(Settings(), wiki=example.wiki, select=[example.rule], today=TODAY)
    findings = wikibox.check(example.text, settings=settings, title=example.title)
    own = [f for f in findings if f.rule == example.rule]
    if example.fails:
        assert own, f"{example.rule} should flag {example.text!r} (its docstring says so)"
    else:
        assert not own, f"{example.rule} flags {example.text!r}: {own[0].message}"


def test_every_rule_has_runnable_examples_of_both_kinds():
    runnable = {(e.rule, e.fails) for e in EXAMPLES if not e.needs}
    missing = [
        f"{name} {kind}"
        for name in REGISTRY
        for fails, kind in ((True, "Fails:"), (False, "Passes:"))
        if (name, fails) not in runnable and name not in RULES_NEEDING_OTHER_PAGES
    ]
    assert missing == []


# Their examples all need other pages or a TemplateData of the reader's own (see above); on
# enwiki the citation module deprecates no parameter at all, so cite-deprecated-param cannot fail
# there without one.
RULES_NEEDING_OTHER_PAGES = {
    "cite-deprecated-param",
    "infobox-missing-required",
    "infobox-sequence-order",
    "infobox-sequence-reciprocal",
}
