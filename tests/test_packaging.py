"""The desktop build's script (``packaging/build.sh``) is present, executable and parses.

Building it takes minutes and is not part of the test run; see packaging/README.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[1] / "packaging"


@pytest.mark.parametrize("name", ["build.sh", "install-desktop-entry.sh"])
def test_packaging_scripts_are_executable_and_parse(name):
    script = PACKAGING / name
    assert os.access(script, os.X_OK), f"{script} is not executable"
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    result = subprocess.run([bash, "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
