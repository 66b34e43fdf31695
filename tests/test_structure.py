"""The package's shape: no import circles, no two modules of one name, stages that import forwards.

Module-level imports only (those inside functions and under ``if TYPE_CHECKING:`` run later, when
every module is loaded); read with ``ast``, so a circle is found even where import order hides it.
"""

from __future__ import annotations

import ast
import pkgutil
from collections import defaultdict
from pathlib import Path

import docgen

PACKAGE = Path(docgen.__file__).parent


def _modules() -> dict[str, Path]:
    found = {"docgen": PACKAGE / "__init__.py"}
    for info in pkgutil.walk_packages([str(PACKAGE)], "docgen."):
        if info.name.startswith(("docgen.templates", "docgen.docs")):
            continue
        relative = Path(*info.name.split(".")[1:])
        path = PACKAGE / relative / "__init__.py" if info.ispkg else PACKAGE / relative.with_suffix(".py")
        found[info.name] = path
    return found


MODULES = _modules()


def _top_level(tree: ast.Module):
    """The statements run at import: the module's own, and those of its top-level if/try blocks
    (but not ``if TYPE_CHECKING:``)."""
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from node.orelse
            continue
        if isinstance(node, (ast.If, ast.Try)):
            yield from (child for block in (node.body, getattr(node, "orelse", []),
                                            getattr(node, "finalbody", [])) for child in block)
            for handler in getattr(node, "handlers", []):
                yield from handler.body
            continue
        yield node


def _imports(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _top_level(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from package import module`
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _with_parents(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first: edges to those too."""
    full = defaultdict(set)
    for name, targets in graph.items():
        for target in targets:
            parts = target.split(".")
            full[name].update(".".join(parts[:index]) for index in range(2, len(parts) + 1))
        full[name].discard(name)
    return full


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_module_graph_has_no_circle():
    graph = _with_parents(GRAPH)
    # A package's __init__ importing its own submodules is how packages work, not a circle,
    # unless a submodule also needs the package's names: keep the edge only in that direction.
    for name in list(graph):
        graph[name] = {target for target in graph[name] if not target.startswith(name + ".")}
    assert _cycles(graph) == []


def test_a_circle_would_be_found():
    """The check itself: two modules importing each other are reported."""
    assert _cycles({"docgen.a": {"docgen.b"}, "docgen.b": {"docgen.a"}, "docgen.c": {"docgen.a"}}) == \
        [["docgen.a", "docgen.b"]]


def test_no_two_modules_share_a_name():
    names = defaultdict(list)
    for name in MODULES:
        leaf = name.rpartition(".")[2]
        if leaf not in ("__main__",) and name != "docgen":
            names[leaf].append(name)
    assert {leaf: found for leaf, found in names.items() if len(found) > 1} == {}


# Each stage may import the stages before it, never one after (at module level). Question types lay
# themselves out in blocks and the worksheet's layout places them: blocks, then types, then the layout.
STAGES = ["docgen.content", "docgen.layout.blocks", "docgen.questions", "docgen.layout", "docgen.render",
          "docgen.export", "docgen.engine"]


def test_each_stage_imports_only_earlier_stages():
    def stage(module: str) -> int | None:
        matches = [(len(prefix), index) for index, prefix in enumerate(STAGES)
                   if module == prefix or module.startswith(prefix + ".")]
        return max(matches)[1] if matches else None

    backwards = sorted(f"{name} -> {target}" for name, targets in GRAPH.items() for target in targets
                       if stage(name) is not None and stage(target) is not None and stage(target) > stage(name))
    assert backwards == []
