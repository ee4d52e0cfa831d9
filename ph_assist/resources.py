"""Where the app finds its model bundles and its demo case.

The demo case is generated, never shipped: a synthetic patient from the
project's own cohort generator (:mod:`ph_assist.synth`), written once as real
files (WFDB ECG, DICOM chest X-ray) into the user's cache folder and then read
through the ordinary readers, exactly as a hospital's files would be.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ph_assist.errors import BundleNotFoundError
from ph_assist.i18n import translate

REPO_ROOT = Path(__file__).resolve().parents[1]
#: Seed and case of the demo patient; bump DEMO_VERSION when the generator changes.
DEMO_SEED = 20251128
DEMO_VERSION = 2  # 2: generator v2, like the rebuilt demo bundle's training data
DEMO_N = 12


def resources_dir() -> Path:
    """``$PH_ASSIST_RESOURCES``, else ``resources/`` of the source tree or of the desktop build.

    A PyInstaller build (``packaging/build.sh``) unpacks its data files under
    ``sys._MEIPASS``; the demo bundle and trusted keys sit in ``resources/`` there.
    """
    env = os.environ.get("PH_ASSIST_RESOURCES")
    if env:
        return Path(env)
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "resources"
    return REPO_ROOT / "resources"


def default_bundle_path() -> Path:
    """``$PH_ASSIST_BUNDLE``, else the demo bundle in ``resources/bundles/demo``."""
    env = os.environ.get("PH_ASSIST_BUNDLE")
    return Path(env) if env else resources_dir() / "bundles" / "demo"


def load_default_bundle(path: str | os.PathLike | None = None):
    """Load the given bundle, or the default one, with a clear error when absent."""
    from ph_assist.models.bundle import load_bundle

    folder = Path(path) if path else default_bundle_path()
    if not folder.exists():
        hint = (translate("errors", "train one with `ph-assist train` or point PH_ASSIST_BUNDLE / --bundle "
                                    "at a bundle folder")
                if path is None else translate("errors", "check the --bundle path"))
        raise BundleNotFoundError(folder, translate("errors", "model bundle not found; {hint}").format(hint=hint), hint)
    return load_bundle(folder)


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ph-assist"


@dataclasses.dataclass(frozen=True)
class DemoCase:
    case_id: str
    ecg_path: Path
    cxr_path: Path
    bnp: str
    bnp_unit: str
    label: int


def demo_case(folder: str | os.PathLike | None = None) -> DemoCase:
    """The demo patient's files (generated on first use; a synthetic PH case)."""
    root = Path(folder) if folder else cache_dir() / f"demo-case-v{DEMO_VERSION}"
    manifest = root / "manifest.csv"
    if not manifest.exists():
        from ph_assist.synth.cohort import generate_cohort

        root.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".demo-", dir=root.parent))
        try:
            from ph_assist.synth.latent import default_params

            # The shipped demo bundle was trained on generator v2 cohorts (resources/make_demo_bundle.sh):
            # its demo case comes from the same generator, so that it is like the bundle's training data.
            generate_cohort(tmp / "c", DEMO_N, DEMO_SEED, cxr_size=512, n_ceiling=0, params=default_params("v2"))
            if root.exists():
                shutil.rmtree(root)
            os.replace(tmp / "c", root)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    with open(manifest, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # The first case with PH: the demo should show what the app looks for.
    row = next((r for r in rows if r["label"] == "1" and r["ecg_path"] and r["cxr_path"] and r["bnp"]), rows[0])
    return DemoCase(
        case_id=row["case_id"],
        ecg_path=root / row["ecg_path"],
        cxr_path=root / row["cxr_path"],
        bnp=row["bnp"],
        bnp_unit=row["bnp_unit"],
        label=int(row["label"]),
    )
