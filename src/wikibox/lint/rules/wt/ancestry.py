"""Where each node of the page sits: inside a template, a citation template, a ``<ref>``.

mwparserfromhell nodes do not know their parents, and several wikitext rules skip a node by
where it is (a self link inside a navbox, an invisible character in a citation's parameter, a
link to the wiki inside a ``<ref>``).  :func:`ancestry` answers for every node at once, in one
walk of the tree, memoised for the page.
"""

from __future__ import annotations

from mwparserfromhell.nodes import Tag, Template

from wikibox.lint.rules.base import Context
from wikibox.model.references import is_citation_template_name
from wikibox.wikitext.parser import tag_name, template_name

__all__ = ["IN_CITATION", "IN_REF", "IN_TEMPLATE", "ancestry"]

IN_TEMPLATE, IN_CITATION, IN_REF = 1, 2, 4


def ancestry(ctx: Context) -> dict[int, int]:
    """For every node of the page: is it inside a template, a citation template, a ref?"""

    def compute() -> dict[int, int]:
        flags: dict[int, int] = {}

        def walk(code, state: int) -> None:
            for node in code.nodes:
                flags[id(node)] = state
                inner = state
                if isinstance(node, Template):
                    inner |= IN_TEMPLATE
                    if is_citation_template_name(template_name(node)):
                        inner |= IN_CITATION
                elif isinstance(node, Tag) and tag_name(node) == "ref":
                    inner |= IN_REF
                for child in node.__children__():
                    walk(child, inner)

        walk(ctx.article.code, 0)
        return flags

    return ctx.memo("syntax.ancestry", compute)
