"""Model bundles: save/load round trip, determinism, and refusal of broken bundles."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from safetensors.torch import load_file, save_file

from ph_assist.errors import BundleError, InputError, LabValueError
from ph_assist.models.bundle import (
    BUNDLE_FILES, FORMAT_VERSION, OPTIONAL_FILES, load_bundle, save_bundle, write_manifest,
)
from ph_assist.preprocess import ECGPreprocessConfig, preprocess_ecg
from ph_assist.training.toy import quick_bundle, toy_cxr_image, toy_ecg

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def _one_thread():
    prev = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(prev)


@pytest.fixture(scope="module")
def bundle(_one_thread, tmp_path_factory):
    return quick_bundle(tmp_path_factory.mktemp("bundles"), seed=7)


@pytest.fixture
def copy(bundle, tmp_path):
    """A private copy of the saved bundle folder, to break."""
    dst = tmp_path / "copy"
    shutil.copytree(bundle.path, dst)
    return dst


@pytest.fixture(scope="module")
def case(bundle):
    ecg = bundle.prepare_ecg(toy_ecg(1, seed=11))
    cxr = bundle.prepare_cxr(toy_cxr_image(np.random.default_rng(5), 0.9, 80, 70))
    labs = SimpleNamespace(analyte="BNP", value_pg_ml=180.0)
    return ecg, cxr, labs


def _scores(b, case):
    ecg, cxr, labs = case
    e, c, n = b.score_ecg(ecg), b.score_cxr(cxr), b.score_bnp(labs)
    fused = [b.fuse(e, c, n), b.fuse(e, None, n), b.fuse(None, c, None), b.fuse(None, None, n)]
    return [e, c, n] + fused


def test_folder_layout_manifest_and_id(bundle):
    folder = bundle.path
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(BUNDLE_FILES + OPTIONAL_FILES + ("manifest.json",))
    assert not any(p.suffix in (".pt", ".pth", ".pkl", ".pickle", ".joblib") for p in folder.rglob("*"))
    manifest = json.loads((folder / "manifest.json").read_text())
    lines = []
    for e in manifest["files"]:
        data = (folder / e["path"]).read_bytes()
        assert e["sha256"] == hashlib.sha256(data).hexdigest() and e["size"] == len(data)
        lines.append(f"{e['path']}\t{e['sha256']}\t{e['size']}\n")
    expected_id = hashlib.sha256("".join(sorted(lines)).encode()).hexdigest()
    assert manifest["bundle_id"] == expected_id == bundle.bundle_id
    assert not list(folder.parent.glob(".*partial*"))  # atomic write left nothing behind

    config = json.loads((folder / "config.json").read_text())
    assert config["format_version"] == FORMAT_VERSION and config["analyte"] == "BNP"
    assert config["cxr_input_size"] == 64
    assert set(config["library_versions"]) >= {"torch", "torchvision", "sklearn", "numpy", "ph_assist"}
    assert config["ecg_net"]["widths"] == [8, 16, 16, 32]
    assert config["fusion"]["inputs"][3:] == ["ecg_present", "cxr_present", "bnp_present"]
    card = json.loads((folder / "model_card.json").read_text())
    assert card["synthetic_training_data"] is True and card["clinical_use"] is False
    assert card["banner"] == "Synthetic training data — not for clinical use"
    for key in ("ecg", "cxr", "bnp", "fused"):
        perf = card["performance"][key]
        assert perf["ci_low"] <= perf["auc"] <= perf["ci_high"]
    thresholds = json.loads((folder / "thresholds.json").read_text())
    from ph_assist.models.fusion import SUBSETS

    assert sorted(thresholds["per_subset"]) == sorted(SUBSETS)  # one threshold set per set of inputs
    for key, entry in thresholds["per_subset"].items():
        assert thresholds["default"] in [p["name"] for p in entry["points"]]
        for p in entry["points"]:
            lo, hi = p["sensitivity_ci"]
            assert lo <= p["sensitivity"] <= hi and p["n_positive"] == entry["n_positive"]
    calibration = json.loads((folder / "calibration.json").read_text())
    assert sorted(calibration["per_subset"]) == sorted(SUBSETS)
    record = json.loads((folder / "training_record.json").read_text())
    assert {c["role"] for c in record["cases"]} == {"train", "val"}
    text = (folder / "training_record.json").read_text()
    assert "toy" not in text.lower()  # hashes only, no case IDs
    assert config["fusion"]["monotone"] is True


def test_save_load_identical_outputs(bundle, case):
    loaded = load_bundle(bundle.path)
    assert loaded.bundle_id == bundle.bundle_id and loaded.name == bundle.name
    assert loaded.ecg_preprocess == bundle.ecg_preprocess and loaded.cxr_preprocess == bundle.cxr_preprocess
    assert not loaded.ecg_net.training and not loaded.cxr_net.training and not loaded.fusion.training
    a, b = _scores(bundle, case), _scores(loaded, case)
    assert a == b  # bit-identical
    assert _scores(loaded, case) == b  # and deterministic across calls
    assert all(np.isfinite(a)) and all(0.0 < p < 1.0 for p in a[3:])
    assert loaded.card == bundle.card and loaded.thresholds == bundle.thresholds


def test_fusion_with_missing_modalities(bundle, case):
    ecg, cxr, labs = case
    e, c, n = bundle.score_ecg(ecg), bundle.score_cxr(cxr), bundle.score_bnp(labs)
    combos = [(e, c, n), (None, c, n), (e, None, n), (e, c, None), (e, None, None), (None, c, None),
              (None, None, n), (float("nan"), c, n)]
    probs = [bundle.fuse(*combo) for combo in combos]
    assert all(np.isfinite(p) and 0.0 < p < 1.0 for p in probs)
    assert probs[-1] == probs[1]  # NaN counts as missing
    with pytest.raises(ValueError):
        bundle.fuse(None, None, None)


def test_bundle_input_checks(bundle, case):
    ecg, _, _ = case
    with pytest.raises(LabValueError, match="trained on BNP; NT-proBNP"):
        bundle.score_bnp(SimpleNamespace(analyte="NT-proBNP", value_pg_ml=500.0))
    other = preprocess_ecg(toy_ecg(0, seed=1), ECGPreprocessConfig(powerline_hz=50))
    with pytest.raises(ValueError, match="other settings"):
        bundle.score_ecg(other)
    with pytest.raises(ValueError):
        bundle.score_cxr(np.zeros((1, 32, 32), np.float32))
    assert bundle.score_ecg(ecg.x) == bundle.score_ecg(ecg)


def _expect_refusal(folder: Path, pattern: str) -> BundleError:
    with pytest.raises(BundleError) as info:
        load_bundle(folder)
    err = info.value
    assert isinstance(err, InputError)
    msg = str(err)
    assert "\n" not in msg and msg.startswith(str(folder)), msg
    assert re.search(pattern, msg), msg
    return err


def test_tampered_weights_refused(copy):
    path = copy / "ecg.safetensors"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    _expect_refusal(copy, r"ecg\.safetensors .*SHA-256")


@pytest.mark.parametrize("name", ["cxr.safetensors", "bnp.json", "manifest.json"])
def test_deleted_file_refused(copy, name):
    (copy / name).unlink()
    _expect_refusal(copy, re.escape(name) + ".*missing")


def test_config_edits_refused(copy):
    cfg_path = copy / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["format_version"] = FORMAT_VERSION + 1
    cfg_path.write_text(json.dumps(cfg))
    _expect_refusal(copy, r"config\.json .*SHA-256")  # edited without updating the manifest
    write_manifest(copy)  # as if a newer PH-Assist had written it
    _expect_refusal(copy, rf"format version {FORMAT_VERSION + 1} is newer")
    cfg["format_version"] = FORMAT_VERSION
    cfg["ecg_preprocess"]["invented_setting"] = 3
    cfg_path.write_text(json.dumps(cfg))
    write_manifest(copy)
    _expect_refusal(copy, r"not compatible.*invented_setting")


def test_wrong_shape_weights_refused(copy):
    path = copy / "ecg.safetensors"
    tensors = load_file(str(path))
    tensors["fc.weight"] = torch.zeros(1, 64)  # architecture has 32 inputs
    save_file(tensors, str(path))
    write_manifest(copy)
    _expect_refusal(copy, r"ecg\.safetensors: tensor fc\.weight .*needs")
    del tensors["fc.weight"]
    save_file(tensors, str(path))
    write_manifest(copy)
    _expect_refusal(copy, r"ecg\.safetensors does not fit the ECG architecture: missing fc\.weight")


def test_other_refusals(tmp_path, copy, bundle):
    _expect_refusal(tmp_path / "nowhere", "not found")
    (copy / "calibration.json").write_text("{not json")
    write_manifest(copy)
    _expect_refusal(copy, r"calibration\.json cannot be read")
    with pytest.raises(BundleError, match="already exists"):
        save_bundle(bundle, copy)


def test_overwrite_replaces_atomically(bundle, tmp_path, case):
    target = tmp_path / "b"
    first = save_bundle(bundle, target)
    assert save_bundle(bundle, target, overwrite=True) == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]
    assert _scores(load_bundle(target), case) == _scores(bundle, case)


def test_no_unsafe_deserialisation_in_source():
    pattern = re.compile(r"torch\.load|\bpickle\b|joblib|allow_pickle\s*=\s*True|\bdill\b")
    pkg = REPO / "ph_assist"
    paths = [*(pkg / "models").glob("*.py"), *(pkg / "training").glob("*.py"),
             pkg / "preprocess" / "ecg.py", pkg / "preprocess" / "cxr.py"]
    assert len(paths) >= 10
    for path in paths:
        assert not pattern.search(path.read_text()), f"{path} mentions unsafe deserialisation"
