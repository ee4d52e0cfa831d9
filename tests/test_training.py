"""Training core: metrics, cohort arrays, toy data, quick bundle (speed, skill, reproducibility)."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from sklearn.metrics import roc_auc_score

from ph_assist.training import CohortArrays, fit_bundle, make_toy_cohort, quick_bundle, quick_train_config, roc_auc_ci
from ph_assist.training.metrics import roc_auc
from ph_assist.training.core import TRAIN_COST
from ph_assist.training.toy import toy_cxr_image, toy_ecg


@pytest.fixture(scope="module")
def _one_thread():
    prev = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(prev)


@pytest.fixture(scope="module")
def quick(_one_thread, tmp_path_factory):
    return quick_bundle(tmp_path_factory.mktemp("quick"), seed=3)


def _fixed_case(bundle):
    ecg = bundle.prepare_ecg(toy_ecg(1, seed=21))
    cxr = bundle.prepare_cxr(toy_cxr_image(np.random.default_rng(22), 0.8, 64))
    labs = SimpleNamespace(analyte="BNP", value_pg_ml=95.0)
    e, c, n = bundle.score_ecg(ecg), bundle.score_cxr(cxr), bundle.score_bnp(labs)
    return [e, c, n, bundle.fuse(e, c, n), bundle.fuse(e, None, n)]


# -- metrics --------------------------------------------------------------------
def test_roc_auc_ci_delong_and_bootstrap():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    s = rng.normal(y * 1.0, 1.0)
    r = roc_auc_ci(y, s)
    assert r.auc == pytest.approx(roc_auc_score(y, s))
    assert r.ci_low < r.auc < r.ci_high and r.method == "DeLong"
    assert r.n == 400 and r.n_positive == int(y.sum())
    # DeLong SE is close to the Hanley-McNeil approximation for this design
    q1, q2 = r.auc / (2 - r.auc), 2 * r.auc**2 / (1 + r.auc)
    m, n = int(y.sum()), int(len(y) - y.sum())
    se_hm = np.sqrt((r.auc * (1 - r.auc) + (m - 1) * (q1 - r.auc**2) + (n - 1) * (q2 - r.auc**2)) / (m * n))
    assert (r.ci_high - r.ci_low) / (2 * 1.959964) == pytest.approx(se_hm, rel=0.15)
    b = roc_auc_ci(y, s, method="bootstrap", n_boot=300, seed=1)
    assert b.auc == pytest.approx(r.auc) and b.ci_low == pytest.approx(r.ci_low, abs=0.03)
    assert roc_auc([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9]) == pytest.approx(roc_auc_score([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9]))
    perfect = roc_auc_ci([0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6])
    assert perfect.auc == 1.0 and perfect.ci_high == 1.0
    with pytest.raises(ValueError):
        roc_auc_ci([1, 1, 1], [0.1, 0.2, 0.3])


# -- cohort and toy data -------------------------------------------------------
def test_cohort_arrays_missing_cases():
    ecg = [np.zeros((12, 100), np.float32), None, np.ones((12, 100), np.float32)]
    cxr = np.zeros((3, 16, 16), np.float32)
    c = CohortArrays(ecg, cxr, [10.0, None, np.nan], [0, 1, 1])
    assert c.ecg.shape == (3, 12, 100) and c.ecg_present.tolist() == [True, False, True]
    assert c.cxr.shape == (3, 1, 16, 16) and c.cxr_present.all()
    assert c.bnp_present.tolist() == [True, False, False]
    sub = c.subset([2, 1])
    assert sub.ecg_present.tolist() == [True, False] and sub.y.tolist() == [1, 1]
    with pytest.raises(ValueError):
        CohortArrays(ecg, None, [1.0, 2.0, -1.0], [0, 1, 1])
    with pytest.raises(ValueError):
        CohortArrays(None, None, None, [0, 2, 1])


def test_toy_cohort_carries_signal():
    c = make_toy_cohort(60, seed=0, ecg_len=1000, cxr_size=32, missing_fraction=0.3)
    assert c.ecg.shape == (60, 12, 1000) and c.cxr.shape == (60, 1, 32, 32)
    present = np.stack([c.ecg_present, c.cxr_present, c.bnp_present], axis=1)
    assert present.any(axis=1).all() and not present.all()
    full = make_toy_cohort(200, seed=1, ecg_len=1000, cxr_size=32)
    v1_r = full.ecg[:, 6].max(axis=1)  # tall R in V1
    centre = full.cxr[:, 0, 14:26, 8:24].mean(axis=(1, 2))  # wide central shadow
    for feature in (v1_r, centre, np.log(full.bnp)):
        assert 0.65 < roc_auc(full.y, feature) < 0.97  # informative, not perfect


def test_fit_bundle_validates_inputs():
    cfg = quick_train_config(1000, 32)
    tr = make_toy_cohort(12, seed=0, ecg_len=1000, cxr_size=32)
    one_class = CohortArrays(tr.ecg, tr.cxr, tr.bnp, np.zeros(12, int))
    with pytest.raises(ValueError, match="both"):
        fit_bundle(tr, one_class, config=cfg, seed=0, epochs=1)
    with pytest.raises(ValueError, match="samples"):
        fit_bundle(tr, tr, config=quick_train_config(5000, 32), seed=0, epochs=1)
    with pytest.raises(ValueError, match="NT-proBNP"):
        fit_bundle(tr, tr, config=dataclasses.replace(cfg, analyte="NT-proBNP"), seed=0, epochs=1)


def test_fit_with_missing_modalities(_one_thread):
    tr = make_toy_cohort(32, seed=5, ecg_len=1000, cxr_size=32, missing_fraction=0.3)
    va = make_toy_cohort(24, seed=6, ecg_len=1000, cxr_size=32, missing_fraction=0.3)
    steps: list[tuple[str, float]] = []
    b = fit_bundle(tr, va, config=quick_train_config(1000, 32, cxr_epochs=1), seed=0, epochs=1,
                   progress=lambda msg, frac: steps.append((msg, frac)))
    seen = [frac for _msg, frac in steps]
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 5
    # The fraction follows the work (cases x relative cost), not the count of epochs: a CXR epoch of the
    # final networks moves it TRAIN_COST["cxr"] times as far per case as an ECG epoch.
    gain = {msg: frac - prev for (msg, frac), (_m, prev) in zip(steps[1:], steps)}
    ratio = gain["CXR network (final): epoch 1/1"] / gain["ECG network (final): epoch 1/1"]
    assert ratio == pytest.approx(TRAIN_COST["cxr"] / TRAIN_COST["ecg"] * tr.cxr_present.sum() / tr.ecg_present.sum())
    probs = [b.fuse(1.0, None, None), b.fuse(None, -1.0, 0.5), b.fuse(0.2, 0.3, -0.1)]
    assert all(0.0 < p < 1.0 for p in probs)
    assert b.card.n_train == 32 and b.card.performance["fused"] is not None


# -- quick bundle -------------------------------------------------------------
def test_quick_bundle_is_fast_and_beats_chance(quick):
    print(f"quick bundle trained in {quick.train_seconds:.1f} s")
    assert quick.train_seconds < 90  # ~5-10 s on one free core; generous for loaded CI machines
    perf = quick.card.performance
    for key in ("ecg", "cxr", "bnp"):  # each modality alone: 95% CI clear of chance
        assert perf[key]["auc"] > 0.65 and perf[key]["ci_low"] > 0.5, (key, perf[key])
    assert perf["fused"]["auc"] > 0.85
    assert perf["fused"]["auc"] >= max(perf[k]["auc"] for k in ("ecg", "cxr", "bnp")) - 0.05
    point = quick.thresholds.default_point
    assert point.sensitivity >= 0.9


def test_quick_bundle_is_reproducible(quick, tmp_path):
    again = quick_bundle(tmp_path, seed=3)
    assert _fixed_case(again) == _fixed_case(quick)  # bit-identical
    for net in ("ecg_net", "cxr_net", "fusion"):
        a, b = getattr(quick, net).state_dict(), getattr(again, net).state_dict()
        assert all(torch.equal(a[k], b[k]) for k in a), net
    assert again.bnp.to_dict() == quick.bnp.to_dict()
    assert again.calibrator.to_dict() == quick.calibrator.to_dict()
    assert again.card.performance == quick.card.performance
