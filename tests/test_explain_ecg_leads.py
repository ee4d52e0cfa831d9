"""Per-lead ECG attribution on constructed networks with known answers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from ph_assist.explain.ecg_leads import (
    PH_LEADS,
    explain_ecg_leads,
    integrated_gradients,
    lead_attribution,
    lead_occlusion,
    lead_time_profile,
    rank_summary,
)
from ph_assist.io.leads import STANDARD_LEADS
from ph_assist.models.ecg_net import ECGResNet1d

torch.set_num_threads(2)
T = 400


class OneLead(nn.Module):
    """Logit = sum over time of a learned-looking nonlinearity of lead ``k`` only, in a window."""

    def __init__(self, k: int, window: tuple[int, int] = (100, 140)) -> None:
        super().__init__()
        self.k, self.window = k, window
        self.bn = nn.BatchNorm1d(12)  # eval mode must be used: running stats are the identity

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.bn(x)
        a, b = self.window
        return (torch.tanh(x[:, self.k, a:b]) ** 2).sum(dim=1, keepdim=True) - 1.0


def ecg_input(seed: int = 0) -> torch.Tensor:
    return torch.randn(1, 12, T, generator=torch.Generator().manual_seed(seed))


@pytest.mark.parametrize("method", ["occlusion", "integrated_gradients"])
@pytest.mark.parametrize("k", [1, 6])  # II, V1
def test_a_net_that_reads_one_lead_ranks_it_first(method: str, k: int) -> None:
    net = OneLead(k).train()  # left in train mode on purpose: attribution must use eval mode
    attr = lead_attribution(net, ecg_input(k), method=method)
    assert attr.shape == (12,) and attr.dtype == np.float64
    assert int(np.argmax(attr)) == k and attr[k] > 0
    np.testing.assert_allclose(np.delete(attr, k), 0.0, atol=1e-9)
    assert net.training and net.bn.training  # modes restored


def test_occlusion_is_the_logit_drop() -> None:
    net = OneLead(6)
    x = ecg_input(1)
    logit, drop = lead_occlusion(net, x)
    with torch.no_grad():
        assert logit == pytest.approx(float(net.eval()(x)), rel=1e-6)
        x0 = x.clone()
        x0[:, 6] = 0
        assert drop[6] == pytest.approx(logit - float(net(x0)), rel=1e-5)


def test_integrated_gradients_completeness_and_time_profile() -> None:
    torch.manual_seed(0)
    net = ECGResNet1d(widths=(8, 16), dropout=0.0).eval()
    x = ecg_input(2)
    logit, attr = integrated_gradients(net, x, steps=64)
    with torch.no_grad():
        f0 = float(net(torch.zeros_like(x)))
    assert attr.shape == (12, T)
    assert attr.sum() == pytest.approx(logit - f0, abs=0.02 * max(1.0, abs(logit - f0)))
    assert all(p.grad is None for p in net.parameters())
    # the time profile of the one-lead net sits in its window, on its lead
    prof = lead_time_profile(integrated_gradients(OneLead(1, (200, 220)), x)[1], fs=500.0, smooth_ms=10)
    assert prof.shape == (12, T) and prof.dtype == np.float32 and prof.max() == pytest.approx(1.0)
    assert not np.any(np.delete(prof, 1, axis=0))
    assert 195 <= int(np.argmax(prof[1])) < 225
    assert not np.any(lead_time_profile(np.zeros((12, T))))


def test_explain_ecg_leads_bundles_values_names_and_profile() -> None:
    res = explain_ecg_leads(OneLead(0), ecg_input(3))
    assert res.leads == STANDARD_LEADS and res.values.shape == (12,)
    assert res.ranked()[0] == "I" and list(res.to_dict()) == list(STANDARD_LEADS)
    assert res.profile is not None and res.profile.shape == (12, T)
    assert explain_ecg_leads(OneLead(0), ecg_input(3), profile=False).profile is None


def test_input_errors() -> None:
    net = OneLead(0)
    with pytest.raises(ValueError, match=r"\(1, 12, T\)"):
        lead_attribution(net, torch.zeros(2, 12, T))
    with pytest.raises(ValueError, match="method"):
        lead_attribution(net, ecg_input(), method="shap")
    with torch.inference_mode():
        x = ecg_input()
        with pytest.raises(RuntimeError, match="inference_mode"):
            lead_attribution(net, x, method="integrated_gradients")
    bad = ecg_input()
    bad[0, 3, 5] = float("nan")
    with pytest.raises(ValueError, match="NaN"):
        lead_attribution(net, bad)


def test_rank_summary_known_answers() -> None:
    idx = {name: i for i, name in enumerate(STANDARD_LEADS)}
    a = np.zeros((4, 12))
    a[0, idx["V1"]] = 3  # a PH lead first
    a[1, idx["II"]] = 3
    a[2, idx["V5"]] = 3  # a non-PH lead first
    a[3, idx["V1"]], a[3, idx["aVF"]], a[3, idx["I"]] = 3, 2, 1
    s = rank_summary(a)
    assert s["target"] == ["I", "II", "aVF", "V1"] and set(PH_LEADS) == set(s["target"])
    assert s["top1_in_set"] == pytest.approx(0.75) and s["chance_top1"] == pytest.approx(1 / 3)
    assert s["chance_in_top3"] == pytest.approx(1.0)
    assert s["chance_any_in_top3"] == pytest.approx(1 - 56 / 220)
    assert s["first_counts"] == {"II": 1, "V1": 2, "V5": 1}
    # case 4: all 4 PH leads >= every other lead, 3 of them strictly
    assert 0.5 < s["auc"] < 1.0 and 0 < s["top1_p_value"] < 1
    assert rank_summary(np.tile(np.arange(12.0), (3, 1)))["auc"] < 0.5  # V-leads carry most here
    with pytest.raises(ValueError):
        rank_summary(np.zeros((3, 11)))


def test_matches_captum_integrated_gradients() -> None:
    captum = pytest.importorskip("captum.attr")
    torch.manual_seed(1)
    net = ECGResNet1d(widths=(8, 16), dropout=0.0).eval()
    x = ecg_input(4)
    _, ours = integrated_gradients(net, x, steps=16)
    ref = captum.IntegratedGradients(net).attribute(x, baselines=torch.zeros_like(x), n_steps=16,
                                                     method="riemann_middle")
    np.testing.assert_allclose(ours, ref[0].double().numpy(), rtol=1e-3, atol=1e-6)
