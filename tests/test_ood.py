"""The "unlike the training data" detectors (ph_assist.models.ood)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from ph_assist.models.bundle import batch_logits
from ph_assist.models.cxr_net import build_cxr_resnet18
from ph_assist.models.ecg_net import ECGNetConfig, ECGResNet1d
from ph_assist.models.ood import (
    PENULTIMATE,
    UNLIKE_WORDING,
    FeatureDensity,
    RangeCheck,
    default_layers,
    features_and_logits,
    net_kind,
)


@pytest.fixture(scope="module")
def ecg_net() -> ECGResNet1d:
    torch.manual_seed(0)
    return ECGResNet1d(ECGNetConfig(widths=(8, 16)))


@pytest.fixture(scope="module")
def cxr_net():
    torch.manual_seed(0)
    return build_cxr_resnet18()


_MIX = np.random.default_rng(123).normal(size=(6, 6))


def _gaussian(rng: np.random.Generator, n: int) -> np.ndarray:
    """A correlated 6-D Gaussian cloud (the same one for every ``rng``)."""
    return rng.normal(size=(n, 6)) @ _MIX + 3.0


class TestFeaturesAndLogits:
    def test_ecg_logits_equal_batch_logits(self, ecg_net):
        x = np.random.default_rng(1).normal(size=(5, 12, 400)).astype(np.float32)
        logits, feats = features_and_logits(ecg_net, x, batch_size=2)
        np.testing.assert_array_equal(logits, batch_logits(ecg_net, x, batch_size=2))
        assert default_layers(ecg_net) == ("stem", "stages.0", PENULTIMATE)
        assert feats.shape == (5, 8 + 8 + 16) and logits.dtype == np.float64

    def test_cxr_logits_equal_batch_logits(self, cxr_net):
        x = np.random.default_rng(2).normal(size=(3, 1, 64, 64)).astype(np.float32)
        logits, feats = features_and_logits(cxr_net, x, batch_size=2)
        np.testing.assert_array_equal(logits, batch_logits(cxr_net, x, batch_size=2))
        assert feats.shape == (3, 64 + 64 + 128 + 256 + 512) and np.all(np.isfinite(feats))

    def test_penultimate_is_the_input_of_the_final_linear(self, ecg_net):
        x = np.random.default_rng(3).normal(size=(4, 12, 300)).astype(np.float32)
        logits, feats = features_and_logits(ecg_net, x, layers=(PENULTIMATE,))
        fc = ecg_net.fc
        manual = feats @ fc.weight.detach().double().numpy().T + fc.bias.detach().double().numpy()
        np.testing.assert_allclose(manual.ravel(), logits, rtol=1e-5, atol=1e-5)

    def test_layers_are_concatenated_in_order(self, ecg_net):
        x = np.random.default_rng(4).normal(size=(2, 12, 300)).astype(np.float32)
        _, a = features_and_logits(ecg_net, x, layers=("stages.0",))
        _, b = features_and_logits(ecg_net, x, layers=(PENULTIMATE,))
        _, ab = features_and_logits(ecg_net, x, layers=("stages.0", PENULTIMATE))
        np.testing.assert_allclose(ab, np.concatenate([a, b], axis=1), rtol=1e-6)

    def test_hooks_removed_and_mode_restored(self, ecg_net):
        ecg_net.train()
        try:
            features_and_logits(ecg_net, np.zeros((1, 12, 200), np.float32), layers=("stages.1", PENULTIMATE))
            assert ecg_net.training
            assert not any(m._forward_hooks or m._forward_pre_hooks for m in ecg_net.modules())
        finally:
            ecg_net.eval()

    def test_unknown_layer(self, ecg_net):
        with pytest.raises(ValueError, match="no layer"):
            features_and_logits(ecg_net, np.zeros((1, 12, 200), np.float32), layers=("layer9",))

    def test_kind_and_default_layers_exist(self, ecg_net, cxr_net):
        assert net_kind(ecg_net) == "ecg" and net_kind(cxr_net) == "cxr"
        assert default_layers(ECGResNet1d()) == ("stem", "stages.0", "stages.1", "stages.2", PENULTIMATE)
        names = dict(cxr_net.named_modules())
        assert all(n == PENULTIMATE or n in names for n in default_layers(cxr_net))


@pytest.fixture(scope="module")
def fitted() -> FeatureDensity:
    return FeatureDensity().fit(_gaussian(np.random.default_rng(0), 4000), _gaussian(np.random.default_rng(1), 3000))


class TestFeatureDensity:
    def test_in_distribution_about_one_percent(self, fitted):
        det = fitted
        fresh = _gaussian(np.random.default_rng(7), 20000)
        r = det.is_unlike(fresh).mean()
        assert 0.004 < r < 0.02
        assert det.val_flag_rate_ <= 0.011 and det.n_fit_ == 4000 and det.n_val_ == 3000

    def test_far_shifted_all_flagged(self, fitted):
        det = fitted
        far = _gaussian(np.random.default_rng(8), 500) + 50.0
        assert det.is_unlike(far).all()

    def test_single_vector_and_wrong_dim(self, fitted):
        det = fitted
        assert det.score(det.mean_).shape == (1,) and det.score(det.mean_)[0] == pytest.approx(0.0, abs=1e-9)
        with pytest.raises(ValueError, match="features"):
            det.score(np.zeros((2, 5)))
        with pytest.raises(ValueError, match="NaN"):
            det.score(np.full((1, 6), np.nan))

    def test_round_trip_identical(self, fitted):
        det = fitted
        arrays = det.to_arrays("ood.ecg")
        assert set(arrays) == {"ood.ecg.mean", "ood.ecg.precision"}
        assert all(a.dtype == np.float32 for a in arrays.values())
        meta = json.loads(json.dumps(det.to_meta()))
        back = FeatureDensity.from_arrays(arrays, "ood.ecg", meta)
        x = _gaussian(np.random.default_rng(9), 300) * 1.5
        np.testing.assert_array_equal(back.score(x), det.score(x))
        np.testing.assert_array_equal(back.is_unlike(x), det.is_unlike(x))
        assert meta["dim"] == 6 and meta["method"] == "mahalanobis-ledoit-wolf" and "Mahalanobis" in meta["description"]

    def test_round_trip_through_safetensors(self, fitted, tmp_path):
        from safetensors.numpy import load_file, save_file

        det = fitted
        save_file(det.to_arrays("cxr"), str(tmp_path / "ood.safetensors"))
        back = FeatureDensity.from_arrays(load_file(str(tmp_path / "ood.safetensors")), "cxr", det.to_meta())
        x = _gaussian(np.random.default_rng(10), 50)
        np.testing.assert_array_equal(back.score(x), det.score(x))

    @pytest.mark.parametrize("corrupt, match", [
        (lambda a, m: a.__setitem__("p.mean", np.full(6, np.nan, np.float32)), "finite"),
        (lambda a, m: a.__setitem__("p.precision", np.eye(5, dtype=np.float32)), "shape"),
        (lambda a, m: a.pop("p.mean"), "missing"),
        (lambda a, m: a.__setitem__("p.precision", np.triu(np.ones((6, 6), np.float32))), "symmetric"),
        (lambda a, m: m.__setitem__("dim", 7), "shape"),
        (lambda a, m: m.__setitem__("threshold", float("nan")), "threshold"),
        (lambda a, m: m.pop("quantile"), "lacks quantile"),
        (lambda a, m: m.__setitem__("method", "isolation-forest"), "method"),
    ])
    def test_corrupt_raises(self, fitted, corrupt, match):
        det = fitted
        arrays, meta = det.to_arrays("p"), det.to_meta()
        corrupt(arrays, meta)
        with pytest.raises(ValueError, match=match):
            FeatureDensity.from_arrays(arrays, "p", meta)

    def test_init_stores_only_and_fit_validates(self):
        d = FeatureDensity(quantile=1.5, shrinkage="x")
        assert not hasattr(d, "mean_")
        with pytest.raises(ValueError, match="quantile"):
            d.fit(np.zeros((5, 2)), np.zeros((5, 2)))
        with pytest.raises(ValueError, match="shrinkage"):
            FeatureDensity(shrinkage="x").fit(np.zeros((5, 2)), np.zeros((5, 2)))
        with pytest.raises(ValueError, match="3 features"):
            FeatureDensity().fit(np.zeros((5, 2)), np.zeros((5, 3)))

    def test_constant_feature_does_not_break(self):
        rng = np.random.default_rng(3)
        x = np.c_[rng.normal(size=(400, 3)), np.zeros(400)]  # a dead ReLU channel
        det = FeatureDensity(shrinkage="oas").fit(x[:300], x[300:])
        assert np.all(np.isfinite(det.precision_)) and det.is_unlike(x[:1] + 40).all()


class TestRangeCheck:
    def test_range_and_flags(self):
        v = np.exp(np.random.default_rng(0).normal(4.0, 1.2, size=5000))
        rc = RangeCheck("BNP").fit(np.r_[v, np.nan])
        assert rc.n_fit_ == 5000 and rc.low_ < np.median(v) < rc.high_
        assert rc.is_unlike(rc.high_ * 2) is True and rc.is_unlike(np.median(v)) is False
        assert rc.is_unlike(float("nan")) is False
        assert 0.005 < rc.is_unlike(v).mean() < 0.015

    def test_meta_round_trip_and_errors(self):
        rc = RangeCheck("BNP").fit([10.0, 20.0, 30.0, 4000.0])
        meta = json.loads(json.dumps(rc.to_meta()))
        back = RangeCheck.from_meta(meta)
        assert (back.low_, back.high_, back.unit, back.analyte) == (rc.low_, rc.high_, "pg/mL", "BNP")
        with pytest.raises(ValueError, match="low"):
            RangeCheck.from_meta({**meta, "low": 5000.0})
        with pytest.raises(ValueError, match="malformed"):
            RangeCheck.from_meta({k: v for k, v in meta.items() if k != "high"})
        with pytest.raises(ValueError, match="2 finite"):
            RangeCheck().fit([np.nan, 3.0])


def test_wording_plain():
    assert set(UNLIKE_WORDING) == {"ecg", "cxr", "bnp"}
    for text in UNLIKE_WORDING.values():
        assert text.endswith(".") and "Mahalanobis" not in text and "distribution" not in text
