"""Shared fixtures.  Real sample files are found through PH_ASSIST_SAMPLE_DATA."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests read English text unless they choose a language (tests/test_i18n.py); a Japanese
# locale or Language-menu choice on the developer's machine must not change that.
os.environ["PH_ASSIST_LANG"] = "en"

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def japanese():
    """The Qt-free translate in Japanese for one test (the language before it comes back after)."""
    from ph_assist import i18n

    with i18n.using_language("ja"):
        yield


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


@pytest.fixture(scope="session")
def quick_bundle_dir(tmp_path_factory) -> Path:
    """A real bundle from a quick, seeded training run on generated toy data (~10 s, once per run)."""
    import torch

    from ph_assist.training.toy import quick_bundle

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        bundle = quick_bundle(tmp_path_factory.mktemp("bundle"), seed=0)
    finally:
        torch.set_num_threads(threads)
    return Path(bundle.path)


@pytest.fixture(scope="session")
def demo_case_files(tmp_path_factory):
    """The demo case, generated into a temporary cache folder."""
    from ph_assist.resources import demo_case

    return demo_case(tmp_path_factory.mktemp("demo") / "case")
