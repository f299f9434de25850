"""The rule catalogue: rule families, one explicit registry.

Each family package lists its rules once, in catalogue order, in its ``FAMILY``
(a :class:`~wikibox.lint.rules.base.Family`, which also holds the family's title in the docs and
the needles of the dump prefilter); each rule's record sits beside its function
(:func:`~wikibox.lint.rules.base.rule`):

* :mod:`.infobox`  infobox parameters, dates, participants, series links, image
* :mod:`.cite`     citation templates inside ``<ref>`` (modelled on the CS1 module)
* :mod:`.ref`      the Cite extension: named refs, reference lists, empty refs
* :mod:`.wt`       wikitext syntax errors tracked by CheckWiki

``REGISTRY`` maps each stable rule name to its :class:`~wikibox.lint.rules.base.Rule`.  Names
never change once released: users put them in config files and in suppression comments.
"""

from __future__ import annotations

from wikibox.lint.rules import cite, infobox, ref, wt
from wikibox.lint.rules.base import Context, Family, Option, Rule
from wikibox.model.profiles import WikiConfig

__all__ = ["FAMILIES", "REGISTRY", "Context", "Family", "Option", "Rule", "skipped_on"]

FAMILIES: dict[str, Family] = {
    family.name: family for family in (infobox.FAMILY, cite.FAMILY, ref.FAMILY, wt.FAMILY)
}

REGISTRY: dict[str, Rule] = {
    rule.name: rule for family in FAMILIES.values() for rule in family.rules
}


def skipped_on(wiki: WikiConfig, names: list[str]) -> dict[str, str]:
    """The rules of ``names`` that do not run on ``wiki``, with the reason: they depend on
    conventions wikibox does not know for it (a citation module other than CS1)."""
    if wiki.citation_module == "cs1":
        return {}
    reason = (
        f"{wiki.name} has no CS1 citation module"
        if wiki.citation_module == "none"
        else f"{wiki.name}'s citation module is unknown (citation_module in its profile)"
    )
    return {
        name: reason
        for name in names
        if name in REGISTRY
        and REGISTRY[name].family == "cite"
        and name not in cite.MODULE_INDEPENDENT
    }
