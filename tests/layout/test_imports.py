"""The package's import graph: no cycles, not even through imports inside functions.

The layer contract (``[tool.importlinter]`` in pyproject.toml, run by ``.ci/run`` as
``lint-imports``) says which way imports go between packages; this test says that inside and
across packages no module can reach itself again.  Imports under ``if TYPE_CHECKING:`` are not
counted: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

SOURCE = Path(__file__).resolve().parents[2] / "src" / "wikibox"

TOP_LEVEL_MODULES_AT_MOST = 6


def _graph():
    return grimp.build_graph("wikibox", exclude_type_checking_imports=True)


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return components


def test_no_import_cycles():
    assert _cycles(_graph()) == []


def test_the_top_level_holds_few_modules():
    graph = _graph()
    top = [m for m in graph.modules if m.count(".") == 1 and not graph.find_children(m)]
    assert len(top) + 1 <= TOP_LEVEL_MODULES_AT_MOST, sorted(top)  # + wikibox/__init__.py


def test_no_private_names_imported_across_modules():
    """A name used by another module is public there: no ``from wikibox.x import _name``."""
    crossings = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wikibox"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        crossings.append(f"{path.relative_to(SOURCE)}:{node.lineno} {alias.name}")
    assert crossings == []


MODULE_LINES_AT_MOST = 400


def test_no_module_is_over_400_lines():
    """Small modules (STYLE.md): split one that grows past ~400 lines."""
    long = {
        str(path.relative_to(SOURCE)): lines
        for path in SOURCE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES_AT_MOST
    }
    assert long == {}
