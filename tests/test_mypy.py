"""The Qt-free packages type-check clean under mypy (configuration: ``[tool.mypy]`` in pyproject.toml).

The science code, PACS, presentation, report, triage, resources, i18n and
CLI layers are checked (``files`` in the configuration), and of the Qt GUI
the seams to them: its launch, app and background-worker modules.
Skips when mypy is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install -e .[test])")
def test_science_packages_type_check_clean():
    cache = ROOT / ".mypy_cache"
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(cache),
         "--no-color-output", "--no-error-summary"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    errors = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"mypy found problems in the science packages:\n{errors}"
    assert "error:" not in errors
