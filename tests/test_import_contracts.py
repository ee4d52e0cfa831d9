"""Imports run one way (checked on the source: every import, at module level and inside functions).

* The science never imports Qt or the GUI.
* The GUI's imports form no circle; :mod:`ph_assist.gui.launch` imports no other GUI module;
  widgets never import windows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "ph_assist"
SCIENCE = ("io", "preprocess", "models", "explain", "study", "training", "synth", "pacs")
SCIENCE_MODULES = ("assessment.py", "cases.py", "triage.py", "report.py", "render.py", "errors.py", "resources.py",
                   "stats_core.py", "cxr_tools.py", "gui/case_state.py", "ecg_measure.py", "presentation.py")
QT = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "shiboken2")
#: The windows and their launcher; every other module of ph_assist/gui is a widget (or a helper of widgets).
WINDOWS = ("ph_assist.gui.app", "ph_assist.gui.launch", "ph_assist.gui.main_window", "ph_assist.gui.reader_mode")


def _imported_names(tree: ast.AST) -> list[tuple[int, str, tuple[str, ...]]]:
    """``(level, module, names)`` of every import in ``tree``, at any depth (functions, methods,
    ``if TYPE_CHECKING:`` blocks), and of ``importlib.import_module("x")`` / ``__import__("x")`` with a literal."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((0, a.name, ()) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            out.append((node.level, node.module or "", tuple(a.name for a in node.names)))
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
                   or (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__")))):
            out.append((0, node.args[0].value, ()))
    return out


def _imports(path: Path) -> set[str]:
    """Absolute module names imported by ``path`` (relative imports are left out: they stay in the package)."""
    return {module for level, module, _ in _imported_names(ast.parse(path.read_text(encoding="utf-8")))
            if level == 0 and module}


def _files() -> list[Path]:
    out = [p for pkg in SCIENCE for p in sorted((ROOT / pkg).rglob("*.py"))]
    return out + [ROOT / m for m in SCIENCE_MODULES]


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_science_imports_no_qt_and_no_gui(path):
    bad = sorted(n for n in _imports(path) if n.split(".")[0] in QT
                 or n == "ph_assist.gui" or n.startswith("ph_assist.gui.") or n.startswith("ph_assist.cli"))
    assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}"


def test_the_import_walker_sees_imports_inside_functions():
    """The checks above and below would be blind without this: an import hidden in a method counts."""
    src = ("def f():\n    from PySide6.QtCore import QTimer\n"
           "class C:\n    def m(self):\n        import PyQt6.QtWidgets\n"
           "        importlib.import_module('ph_assist.gui.app')\n")
    names = {m for _, m, _ in _imported_names(ast.parse(src))}
    assert names == {"PySide6.QtCore", "PyQt6.QtWidgets", "ph_assist.gui.app"}


def test_models_do_not_import_training():
    """Layering: a bundle can be loaded and scored without the training code."""
    for path in sorted((ROOT / "models").rglob("*.py")):
        bad = sorted(n for n in _imports(path) if n.startswith("ph_assist.training"))
        assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}"


# ---------------------------------------------------------------- the package's import graph


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for its ``__init__.py``)."""
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The package module that ``import name`` loads last (its longest known prefix), or None."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in modules:
            return candidate
    return None


def _graph() -> dict[str, set[str]]:
    """module -> the package modules it imports anywhere in its source (``from P import m`` -> ``P.m``
    when ``m`` is a module, else ``P``), relative imports resolved."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for level, module, names in _imported_names(ast.parse(path.read_text(encoding="utf-8"))):
            if level:
                base = package.rsplit(".", level - 1)[0] if level > 1 else package
                module = f"{base}.{module}" if module else base
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in modules] or [module]
            edges.update(t for t in (_resolve(x, modules) for x in targets) if t and t != name)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_cycle_in(graph, set(c)) for c in components]


def _cycle_in(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A path from the component's first module back to it, through the component (breadth first)."""
    start = min(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v] & component):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if w not in previous:
                    previous[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {sorted(component)}")  # pragma: no cover - Tarjan found one


def test_the_cycle_finder_finds_a_hidden_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"d"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_gui_imports_form_no_cycle():
    """Module-level and function-level imports alike: an import inside a function still closes a circle
    (app -> main_window -> reader_mode -> app was one, hidden that way)."""
    graph = _graph()
    assert "ph_assist.gui.reader_mode" in graph["ph_assist.gui.main_window"]  # the graph sees function imports
    cycles = [c for c in _cycles(graph) if any(m == "ph_assist.gui" or m.startswith("ph_assist.gui.") for m in c)]
    assert not cycles, "import cycle(s): " + "; ".join(" -> ".join(c) for c in cycles)


def test_launch_imports_no_other_gui_module():
    """The launcher takes the window as a callable; it can never be part of a GUI import circle."""
    bad = sorted(m for m in _graph()["ph_assist.gui.launch"] if m == "ph_assist.gui" or m.startswith("ph_assist.gui."))
    assert not bad, f"gui/launch.py imports {', '.join(bad)}"


def test_widgets_never_import_windows():
    windows = {"ph_assist.gui.app", "ph_assist.gui.main_window", "ph_assist.gui.reader_mode"}
    graph = _graph()
    widgets = sorted(m for m in graph if m.startswith("ph_assist.gui.") and m not in WINDOWS)
    assert "ph_assist.gui.cxr_view" in widgets and "ph_assist.gui.study_views" in widgets
    bad = [f"{m} imports {', '.join(sorted(graph[m] & windows))}" for m in widgets if graph[m] & windows]
    assert not bad, "; ".join(bad)
