"""The rule catalogue: rule modules grouped in families, one explicit registry.

Families (their docs are in each module's docstring).  A family module's ``RULES`` also lists
the rules of the modules beside it (``infobox_*``, ``cite_*``, ``syntax_*`` and
:mod:`.balance`), in catalogue order:

* :mod:`.infobox`     infobox parameters, dates, participants, series links, image
* :mod:`.citations`   citation templates inside ``<ref>`` (modelled on the CS1 module)
* :mod:`.refs`        the Cite extension: named refs, reference lists, empty refs
* :mod:`.syntax`      wikitext syntax errors tracked by CheckWiki

``REGISTRY`` maps each stable rule name to its :class:`~wikibox.rules.base.Rule`.  Names never
change once released: users put them in config files and in suppression comments.
"""

from __future__ import annotations

from wikibox.lint.rules import cite as citations
from wikibox.lint.rules import infobox
from wikibox.lint.rules import ref as refs
from wikibox.lint.rules import wt as syntax
from wikibox.lint.rules.base import Context, Option, Rule

__all__ = ["FAMILIES", "REGISTRY", "Context", "Option", "Rule"]

FAMILIES = {
    "infobox": infobox.RULES,
    "cite": citations.RULES,
    "ref": refs.RULES,
    "wt": syntax.RULES,
}

REGISTRY: dict[str, Rule] = {rule.name: rule for rules in FAMILIES.values() for rule in rules}
