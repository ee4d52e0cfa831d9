"""Shared fixtures.  Real sample files are found through PH_ASSIST_SAMPLE_DATA."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]


def sample_data_dir() -> Path:
    return Path(os.environ.get("PH_ASSIST_SAMPLE_DATA", REPO_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def sample_data() -> Path:
    """The real public sample files (../shared/data), or skip with the reason."""
    root = sample_data_dir()
    if not (root / "README.md").exists():
        pytest.skip(f"sample data not found at {root} (set PH_ASSIST_SAMPLE_DATA)")
    return root


def sample_file(*parts: str) -> Path:
    """One file from the sample data, or skip the test with a reason."""
    path = sample_data_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"sample file {path} not found (set PH_ASSIST_SAMPLE_DATA)")
    return path
