"""Imports run one way: the science never imports Qt or the GUI (checked on the source, every import)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "ph_assist"
SCIENCE = ("io", "preprocess", "models", "explain", "study", "training", "synth")
SCIENCE_MODULES = ("assessment.py", "cases.py", "triage.py", "report.py", "render.py", "errors.py", "resources.py",
                   "stats_core.py")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _files() -> list[Path]:
    out = [p for pkg in SCIENCE for p in sorted((ROOT / pkg).rglob("*.py"))]
    return out + [ROOT / m for m in SCIENCE_MODULES]


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_science_imports_no_qt_and_no_gui(path):
    bad = sorted(n for n in _imports(path) if n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6")
                 or n == "ph_assist.gui" or n.startswith("ph_assist.gui.") or n.startswith("ph_assist.cli"))
    assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}"


def test_models_do_not_import_training():
    """Layering: a bundle can be loaded and scored without the training code."""
    for path in sorted((ROOT / "models").rglob("*.py")):
        bad = sorted(n for n in _imports(path) if n.startswith("ph_assist.training"))
        assert not bad, f"{path.relative_to(ROOT)} imports {', '.join(bad)}"
