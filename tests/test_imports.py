"""The import graph of ``desktop_ocr``: no cycles (lazy imports inside functions included), and
imports point one way: cli -> gui -> core/platform.

The graph is read from the source with ``ast``, not by importing, so an import that only runs on
one platform or inside a function counts too. An edge to a package's ``__init__`` is only drawn
when the package itself is imported, not for each of its submodules (importing a submodule runs
the parent's ``__init__`` first, but counting that would make every package that re-exports its
submodules a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import desktop_ocr

ROOT = Path(desktop_ocr.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    # a package's own name is its "current package"; a module's is its parent
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, path: Path, known: set[str]) -> dict[str, int]:
    """Every desktop_ocr module this one imports (anywhere in its body), with a line number."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    found: dict[str, int] = {}

    def add(name: str, line: int) -> None:
        # the longest known prefix: "desktop_ocr.core.images.load" -> "desktop_ocr.core.images"
        while name and name not in known:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.setdefault(name, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("desktop_ocr"):
                    add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node, module, is_package)
            if not target.startswith("desktop_ocr"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                add(sub if sub in known else target, node.lineno)
    return found


def _graph() -> dict[str, dict[str, int]]:
    mods = _modules()
    known = set(mods)
    return {m: _imports(m, p, known) for m, p in mods.items()}


def _cycles(graph: dict[str, dict[str, int]], ignore: set[tuple[str, str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), after dropping ``ignore``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if (v, w) in ignore:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _describe(graph: dict[str, dict[str, int]], comp: list[str]) -> str:
    members = set(comp)
    edges = [f"  {a} -> {b} (line {graph[a][b]})" for a in comp for b in graph[a] if b in members]
    return "\n".join(edges)


def test_the_graph_sees_lazy_imports():
    """The walk must see an import inside a function, or the cycle check below proves nothing."""
    graph = _graph()
    assert "desktop_ocr.gui.app" in graph["desktop_ocr.cli.main"]  # imported inside a function
    assert "desktop_ocr.core.images" in graph["desktop_ocr.cli.ocr"]


def test_no_import_cycles():
    graph = _graph()
    cycles = _cycles(graph, set())
    assert not cycles, "import cycles:\n" + "\n\n".join(_describe(graph, c) for c in cycles)


@pytest.mark.parametrize(
    ("area", "forbidden"),
    [
        ("desktop_ocr.core", ("desktop_ocr.cli", "desktop_ocr.gui", "desktop_ocr.platform")),
        ("desktop_ocr.platform", ("desktop_ocr.cli", "desktop_ocr.gui")),
        ("desktop_ocr.gui", ("desktop_ocr.cli",)),
    ],
)
def test_imports_point_one_way(area, forbidden):
    graph = _graph()
    wrong = [
        f"{m} -> {t} (line {line})"
        for m, targets in graph.items()
        if m == area or m.startswith(area + ".")
        for t, line in targets.items()
        if any(t == f or t.startswith(f + ".") for f in forbidden)
    ]
    assert not wrong, "\n".join(wrong)


def test_core_does_not_import_qt():
    wrong = []
    for module, path in _modules().items():
        if not module.startswith("desktop_ocr.core"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            wrong += [f"{module}: {n}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
    assert not wrong, "\n".join(wrong)
