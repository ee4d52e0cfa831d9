"""A risk a physician can trust: monotone fusion, per-input-set calibration and thresholds."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from ph_assist.models.calibration import Calibrator, OperatingPoint, Thresholds
from ph_assist.models.fusion import (
    MODALITIES, SUBSETS, FusionSpec, LogisticFusion, MonotoneFusionNet, fusion_features, subset_key, subset_label,
)
from ph_assist.models.operating import OperatingSet

GRID = np.linspace(-8.0, 8.0, 33)


@pytest.fixture(scope="module")
def demo_like_case(demo_case_files):
    from ph_assist.cases import load_case

    d = demo_case_files
    c = load_case(case_id=d.case_id, ecg_path=d.ecg_path, cxr_path=d.cxr_path, bnp=d.bnp,
                  bnp_unit=d.bnp_unit, strict=True)
    return c.ecg, c.cxr, c.labs


def _scan(fused, key: str) -> None:
    """For every present logit, the output is non-decreasing along a grid with the
    other present logits held at every grid combination (coarser)."""
    present = [MODALITIES.index(m) for m in key.split("+")]
    coarse = np.linspace(-8.0, 8.0, 9)
    for col in present:
        others = [c for c in present if c != col]
        for values in itertools.product(coarse, repeat=len(others)):
            rows = np.full((len(GRID), 3), np.nan)
            rows[:, col] = GRID
            for c, v in zip(others, values):
                rows[:, c] = v
            out = fused(rows)
            assert np.all(np.diff(out) >= -1e-9), (key, col, values)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_monotone_network_is_monotone_for_every_input_set(seed):
    torch.manual_seed(seed)
    net = MonotoneFusionNet(FusionSpec()).eval()
    with torch.no_grad():  # random, large free weights: monotonicity must come from the construction
        for p in net.parameters():
            p.normal_(0.0, 2.0)

    def fused(z):
        with torch.inference_mode():
            return net(torch.from_numpy(fusion_features(z))).reshape(-1).double().numpy()

    for key in SUBSETS:
        _scan(fused, key)


def test_trained_bundle_risk_is_monotone_for_every_input_set(quick_bundle_dir):
    from ph_assist.models.bundle import load_bundle

    bundle = load_bundle(quick_bundle_dir)
    assert bundle.fusion_spec.monotone and bundle.format_version == 2
    for key in SUBSETS:
        _scan(bundle.fuse_batch, key)  # calibrated risk, with that set's own calibration


def test_subset_keys_and_labels():
    assert subset_key([True, False, True]) == "ecg+bnp"
    assert subset_key(["bnp", "ecg"]) == "ecg+bnp"
    assert subset_label("ecg+cxr+bnp") == "ECG + chest X-ray + BNP"
    with pytest.raises(ValueError):
        subset_key([False, False, False])


def test_logistic_fusion_round_trip():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    z = rng.normal(size=(400, 3)) + y[:, None]
    z[rng.random((400, 3)) < 0.2] = np.nan
    z[np.isnan(z).all(axis=1), 0] = 0.0
    lr = LogisticFusion().fit(z, y)
    again = LogisticFusion.from_dict(lr.to_dict())
    assert np.array_equal(lr.decision_function(z), again.decision_function(z))
    assert np.all(lr.coef_[:3] > 0)  # informative logits get positive weights


def test_format1_calibration_is_marked_not_subset_specific():
    cal = Calibrator().fit(np.array([-2.0, -1.0, 0.5, 1.0, 2.0, -0.5]), np.array([0, 0, 1, 1, 1, 0]))
    thr = Thresholds((OperatingPoint("sensitivity_90", 0.3, 0.9, 0.6),), "sensitivity_90")
    ops = OperatingSet.from_dicts(cal.to_dict(), thr.to_dict())
    assert not ops.subset_specific
    assert ops.for_subset(["cxr"]).thresholds.default_point.threshold == 0.3
    assert not ops.for_subset("cxr").subset_specific


def test_partial_case_shows_its_own_threshold(quick_bundle_dir, demo_like_case):
    from ph_assist.assessment import assess
    from ph_assist.models.bundle import load_bundle

    bundle = load_bundle(quick_bundle_dir)
    ecg, cxr, labs = demo_like_case
    full = assess(bundle, ecg=ecg, cxr=cxr, labs=labs, explain=False)
    only_bnp = assess(bundle, labs=labs, explain=False)
    t_full, t_bnp = full.threshold, only_bnp.threshold
    assert t_full["subset"] == "ecg+cxr+bnp" and t_bnp["subset"] == "bnp"
    expected = bundle.operating_for("bnp").thresholds.default_point
    assert t_bnp["threshold"] == expected.threshold and t_bnp["specificity"] == expected.specificity
    assert "for BNP (" in only_bnp.category_label and "synthetic validation set" in only_bnp.category_label
    assert only_bnp.positive == (only_bnp.risk >= expected.threshold)
    # sub-scores are calibrated: the BNP sub-score is the BNP-only risk
    assert abs(full.subscores["bnp"].probability - only_bnp.risk) < 1e-12
    summary = full.summary()
    assert summary["subscores"]["ecg"]["probability_meaning"].startswith("calibrated")
    assert "model_output_uncalibrated" in summary["subscores"]["ecg"]


def test_contributions_follow_the_sub_scores(quick_bundle_dir):
    """With a monotone fusion, a modality's contribution is non-decreasing in its logit."""
    from ph_assist.models.bundle import load_bundle

    bundle = load_bundle(quick_bundle_dir)
    rows = np.full((len(GRID), 3), 0.7)
    rows[:, 1] = GRID
    with_cxr = bundle.fuse_batch(rows)
    without = bundle.fuse_batch(np.array([[0.7, np.nan, 0.7]]))[0]
    assert np.all(np.diff(with_cxr - without) >= -1e-9)


def test_inputs_unlike_the_training_data_are_flagged(quick_bundle_dir):
    """The bundle describes its training inputs; toy ECGs like them pass, noise does not."""
    from ph_assist.assessment import assess
    from ph_assist.io.ecg import build_ecg
    from ph_assist.io.leads import STANDARD_LEADS
    from ph_assist.models.bundle import load_bundle
    from ph_assist.training.toy import toy_ecg

    bundle = load_bundle(quick_bundle_dir)
    assert bundle.ood is not None and bundle.ood.has("ecg") and bundle.ood.has("cxr") and bundle.ood.has("bnp")
    flagged = [assess(bundle, ecg=toy_ecg(k % 2, 1000 + k), explain=k % 2 == 0).subscores["ecg"].unlike_training
               for k in range(10)]
    assert sum(f is not None for f in flagged) <= 2
    rng = np.random.default_rng(0)
    noise = build_ecg(list(zip(STANDARD_LEADS, rng.normal(0, 2.0, (12, 5000)).astype(np.float32))), 500.0,
                      source_format="test", source_path="<noise>")
    for explain in (False, True):  # the check uses the same forward pass as the score, with or without Grad-CAM
        a = assess(bundle, ecg=noise, explain=explain)
        assert a.subscores["ecg"].unlike_training and "unlike" in a.subscores["ecg"].unlike_training
        assert "UNLIKE TRAINING DATA" in a.text() and a.summary()["unlike_training_data"]["ecg"]
        assert a.unlike_summary.startswith("Caution: the ECG is unlike") and "CAUTION" in a.text()


def test_a_decreasing_calibration_is_refused(quick_bundle_dir, tmp_path):
    """A re-hashed bundle whose calibration would make the risk fall as the evidence rises is refused."""
    import json
    import shutil

    from ph_assist.errors import BundleError
    from ph_assist.models.bundle import load_bundle, write_manifest

    copy = tmp_path / "b"
    shutil.copytree(quick_bundle_dir, copy)
    cal = json.loads((copy / "calibration.json").read_text())
    cal["per_subset"]["ecg"]["a"] = -abs(cal["per_subset"]["ecg"]["a"])
    (copy / "calibration.json").write_text(json.dumps(cal))
    write_manifest(copy)
    with pytest.raises(BundleError, match="fall as the evidence rises"):
        load_bundle(copy)
