"""Model parts: network shapes and target layers, BNP model, fusion, calibration, thresholds."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torchvision

from ph_assist.errors import LabValueError
from ph_assist.models import (
    BNPModel,
    Calibrator,
    ECGNetConfig,
    ECGResNet1d,
    FusionNet,
    FusionSpec,
    Thresholds,
    build_cxr_resnet18,
    choose_threshold,
    fusion_features,
    modality_dropout,
    youden_threshold,
)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    prev = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(prev)


def _capture(layer: torch.nn.Module, model: torch.nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    seen = {}
    h = layer.register_forward_hook(lambda m, i, o: seen.setdefault("out", o))
    try:
        with torch.no_grad():
            out = model(x)
    finally:
        h.remove()
    return out, seen["out"]


# -- networks -------------------------------------------------------------------
def test_ecg_net_shapes_and_target_layer():
    torch.manual_seed(0)
    net = ECGResNet1d().eval()
    out, feat = _capture(net.target_layer, net, torch.randn(2, 12, 5000))
    assert out.shape == (2, 1)
    assert feat.shape == (2, 256, 157)  # last conv map: 4 stages + stem, stride 2 each
    assert net.target_layer is net.stages[-1][-1]
    assert isinstance(net.target_layer.conv2, torch.nn.Conv1d)
    small = ECGResNet1d(ECGNetConfig(widths=(8, 16), blocks_per_stage=2)).eval()
    assert small(torch.randn(1, 12, 1000)).shape == (1, 1)
    assert sum(p.numel() for p in small.parameters()) < sum(p.numel() for p in net.parameters())
    with pytest.raises(ValueError):
        net(torch.randn(1, 8, 5000))
    assert ECGNetConfig.from_dict(json.loads(json.dumps(ECGNetConfig().to_dict()))) == ECGNetConfig()


def test_cxr_net_grayscale_resnet18():
    net = build_cxr_resnet18().eval()
    ref = torchvision.models.resnet18(weights=None, num_classes=1)
    assert net.conv1.in_channels == 1 and net.conv1.weight.shape == (64, 1, 7, 7)
    assert net.fc.out_features == 1
    ref_sd, sd = ref.state_dict(), net.state_dict()
    assert list(sd) == list(ref_sd)
    assert all(sd[k].shape == ref_sd[k].shape for k in sd if k != "conv1.weight")
    # The app's map is taken at layer3, and the model and the explanation module agree on it.
    from ph_assist.explain.gradcam import DEFAULT_CXR_LAYER

    assert net.target_layer is net.layer3 is dict(net.named_modules())[DEFAULT_CXR_LAYER]
    out, feat = _capture(net.target_layer, net, torch.randn(2, 1, 64, 64))
    assert out.shape == (2, 1) and feat.shape == (2, 256, 4, 4)
    out, feat = _capture(net.target_layer, net, torch.randn(1, 1, 224, 224))
    assert feat.shape == (1, 256, 14, 14)  # 16-px cells at the model's input size


# -- BNP ----------------------------------------------------------------------------
def _bnp_data(seed: int = 0, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    v = np.exp(rng.normal(np.where(y == 1, np.log(150), np.log(30)), 0.9))
    return v, y


def test_bnp_fit_predict_and_json_roundtrip():
    v, y = _bnp_data()
    m = BNPModel("BNP").fit(v, y)
    p = m.predict_proba(v)
    assert p.shape == (len(v), 2)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    grid = np.array([5.0, 20.0, 80.0, 300.0, 2000.0])
    assert np.all(np.diff(m.predict_proba(grid)[:, 1]) > 0)  # monotone in BNP
    again = BNPModel.from_dict(json.loads(json.dumps(m.to_dict())))
    assert np.array_equal(again.predict_proba(v), p)
    assert again.analyte == "BNP" and again.to_dict() == m.to_dict()
    labs = SimpleNamespace(analyte="BNP", value_pg_ml=250.0)
    assert again.predict_proba_labs(labs)[0, 1] == pytest.approx(m.predict_proba([250.0])[0, 1])


def test_bnp_refuses_other_analyte_and_bad_values():
    v, y = _bnp_data()
    m = BNPModel("BNP").fit(v, y)
    with pytest.raises(LabValueError, match="this bundle was trained on BNP; NT-proBNP values cannot be used"):
        m.predict_proba_labs(SimpleNamespace(analyte="NT-proBNP", value_pg_ml=900.0))
    with pytest.raises(LabValueError):
        m.predict_proba_labs(SimpleNamespace(analyte="troponin", value_pg_ml=9.0))
    for bad in (0.0, -3.0, float("nan"), "abc"):
        with pytest.raises(LabValueError):
            m.predict_proba_labs(SimpleNamespace(analyte="BNP", value_pg_ml=bad))
    nt = BNPModel("nt-probnp").fit(v * 6, y)
    assert nt.analyte == "NT-proBNP"
    with pytest.raises(LabValueError, match="trained on NT-proBNP"):
        nt.logit_labs(SimpleNamespace(analyte="BNP", value_pg_ml=100.0))
    with pytest.raises(ValueError):
        BNPModel().fit(v, np.zeros_like(y))


# -- fusion -------------------------------------------------------------------------
def test_fusion_features_and_missing_modalities():
    logits = np.array([[1.5, -0.5, 20.0], [np.nan, 2.0, np.nan], [np.nan, np.nan, -1.0]])
    f = fusion_features(logits, logit_clip=8.0)
    assert f.shape == (3, 6) and f.dtype == np.float32
    np.testing.assert_array_equal(f[0], [1.5, -0.5, 8.0, 1, 1, 1])
    np.testing.assert_array_equal(f[1], [0, 2.0, 0, 0, 1, 0])
    torch.manual_seed(0)
    net = FusionNet(FusionSpec()).eval()
    with torch.no_grad():
        out = net(torch.from_numpy(f))
    assert out.shape == (3, 1) and torch.isfinite(out).all()
    spec = FusionSpec.from_dict(json.loads(json.dumps(FusionSpec().to_dict())))
    assert spec == FusionSpec() and spec.input_names[:3] == ["ecg_logit", "cxr_logit", "bnp_logit"]


def test_modality_dropout_keeps_at_least_one():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4000, 3))
    z[:1000, 0] = np.nan  # some cases already lack the ECG
    z[1000:1500, :2] = np.nan  # some have only BNP
    d = modality_dropout(z, rng, p=0.3)
    present = np.isfinite(d)
    assert present.any(axis=1).all()
    assert not (present & ~np.isfinite(z)).any()  # nothing is resurrected
    np.testing.assert_array_equal(d[1000:1500], z[1000:1500])  # single modality kept
    dropped = (np.isfinite(z).sum(1) - present.sum(1))[1500:]
    assert set(np.unique(dropped)) == {0, 1, 2}
    assert (dropped > 0).mean() == pytest.approx(0.3, abs=0.04)


# -- calibration and thresholds ----------------------------------------------------------
@pytest.mark.parametrize("method", ["platt", "isotonic"])
def test_calibrator_roundtrip(method):
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 300)
    z = rng.normal(2.0 * y - 1.0, 1.5) * 3.0
    cal = Calibrator(method).fit(z, y)
    p = cal.predict(z)
    assert np.all((p >= 0) & (p <= 1))
    order = np.argsort(z)
    assert np.all(np.diff(p[order]) >= -1e-12)  # monotone
    again = Calibrator.from_dict(json.loads(json.dumps(cal.to_dict())))
    assert np.array_equal(again.predict(z), p)
    if method == "platt":
        assert 0 < cal.a_ < 1  # logits were inflated 3x: Platt shrinks them
        assert float(cal.predict(50.0)) < 1.0  # smoothed targets: never exactly 1


def test_platt_stays_finite_on_separable_data():
    cal = Calibrator().fit([-3, -2, -1, 1, 2, 3], [0, 0, 0, 1, 1, 1])
    assert np.isfinite(cal.a_) and np.isfinite(cal.b_)
    assert 0.5 < cal.predict(3.0) < 1.0


def test_choose_threshold_and_youden():
    y = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9])
    op = choose_threshold(y, p, target_sensitivity=0.8)
    assert (op.threshold, op.sensitivity, op.specificity) == (0.6, 0.8, 1.0)
    op = choose_threshold(y, p, target_sensitivity=0.9)
    assert (op.threshold, op.sensitivity, op.specificity) == (0.45, 1.0, 0.8)
    assert op.name == "sensitivity_90"
    j = youden_threshold(y, p)
    assert j.sensitivity + j.specificity == pytest.approx(1.8)
    assert j.threshold == 0.45  # J ties (0.8) at 0.6 and 0.45: the more sensitive wins
    rng = np.random.default_rng(2)
    yy = rng.integers(0, 2, 500)
    pp = rng.random(500) * 0.5 + 0.4 * yy
    for target in (0.8, 0.9, 0.95):
        op = choose_threshold(yy, pp, target)
        assert op.sensitivity >= target
        assert (pp[yy == 1] >= op.threshold).mean() == op.sensitivity
    th = Thresholds((choose_threshold(yy, pp), youden_threshold(yy, pp)), default="sensitivity_90")
    assert Thresholds.from_dict(json.loads(json.dumps(th.to_dict()))) == th
    with pytest.raises(ValueError):
        Thresholds(th.points, default="nope")
