"""Which ECG leads, and where in the beat, drove the ECG sub-score.

A Grad-CAM of the 1-D ECG network is one band over time for all 12 leads
(the first convolution mixes the leads), so it cannot say whether the model
used the R wave in V1 or the P wave in II.  Two per-lead attributions, on
the preprocessed model input ``x`` ``(1, 12, T)`` (high-passed, so 0 is the
isoelectric baseline):

* **lead occlusion**: ``logit(x) - logit(x with lead i set to 0)`` for each
  lead, all 13 inputs in one batch (cost: one forward pass of a batch of 13).
  Positive = the lead raised the PH score.
* **Integrated Gradients** (Sundararajan et al. 2017) from the all-zero
  baseline, ``steps`` midpoint-rule points along the straight path, one
  batched forward + backward: an ``(12, T)`` map whose sum equals
  ``logit(x) - logit(0)`` up to the quadrature error (completeness); summed
  over time it gives the per-lead value, and its positive part, smoothed,
  the per-lead time profile (where in the beat).

The limb leads are linear combinations of two independent signals (III = II
- I, aVR, aVL, aVF from I and II), so a network may read one limb lead's
information from another; the attribution reports what *this* network used.

:func:`rank_summary` measures, over many cases, how often the leads that
carry the synthetic generator's PH effects (:data:`PH_LEADS`) rank first,
against chance.

References
----------
M. Sundararajan, A. Taly and Q. Yan, "Axiomatic attribution for deep
networks", ICML 2017.
M. D. Zeiler and R. Fergus, "Visualizing and understanding convolutional
networks", ECCV 2014 (occlusion).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from ph_assist.io.leads import STANDARD_LEADS

__all__ = [
    "LEAD_METHODS",
    "PH_LEADS",
    "LeadAttribution",
    "lead_occlusion",
    "integrated_gradients",
    "lead_attribution",
    "lead_time_profile",
    "explain_ecg_leads",
    "rank_summary",
]

#: Per-lead methods of :func:`lead_attribution`.
LEAD_METHODS = ("occlusion", "integrated_gradients")
#: Leads carrying the synthetic generator's PH effects (ph_assist/synth/ecg.py): V1 (tall R from the
#: right-ventricular component, inverted T), II (P pulmonale, calibrated on lead II), I and aVF (the
#: frontal axis: right axis deviation turns I negative and aVF positive).
PH_LEADS = ("I", "II", "aVF", "V1")


def _check_input(net: nn.Module, x: torch.Tensor) -> torch.Tensor:
    if not isinstance(x, torch.Tensor) or x.dim() != 3 or x.shape[0] != 1 or x.shape[1] != len(STANDARD_LEADS):
        shape = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x).__name__
        raise ValueError(f"ECG input must be (1, 12, T), got {shape}")
    if torch.is_inference_mode_enabled():
        raise RuntimeError("per-lead attribution needs autograd; call it outside torch.inference_mode()")
    x = x.detach().clone() if x.is_inference() else x.detach()
    if not torch.isfinite(x).all():
        raise ValueError("ECG input contains NaN or infinite values")
    return x


def _logits(net: nn.Module, batch: torch.Tensor) -> torch.Tensor:
    out = net(batch)
    if out.numel() != batch.shape[0]:
        raise ValueError(f"model must output one logit per input, got shape {tuple(out.shape)}")
    return out.reshape(-1)


class _EvalMode:
    """Eval mode for the duration of a block; every module's ``training`` flag restored afterwards."""

    def __init__(self, net: nn.Module) -> None:
        self.net = net
        self.modes = [(m, m.training) for m in net.modules()]

    def __enter__(self) -> None:
        self.net.eval()

    def __exit__(self, *exc: Any) -> None:
        for m, training in self.modes:
            m.training = training


def lead_occlusion(net: nn.Module, x: torch.Tensor, baseline: float = 0.0) -> tuple[float, np.ndarray]:
    """Logit drop when each lead in turn is replaced by ``baseline``.

    Parameters
    ----------
    net : nn.Module
        Maps ``(N, 12, T)`` to ``(N, 1)`` logits.
    x : Tensor ``(1, 12, T)``
        The preprocessed ECG.
    baseline : float
        Value a lead is replaced by (0: the isoelectric line of a high-passed input).

    Returns
    -------
    logit : float
        ``net(x)``.
    drop : ndarray float64 ``(12,)``
        ``logit - net(x with lead i = baseline)``; positive: lead ``i`` raised the score.
    """
    x = _check_input(net, x)
    n = x.shape[1]
    batch = x.repeat(n + 1, 1, 1)
    idx = torch.arange(n)
    batch[idx + 1, idx, :] = float(baseline)
    with _EvalMode(net), torch.no_grad():
        z = _logits(net, batch).double().numpy()
    return float(z[0]), z[0] - z[1:]


def integrated_gradients(net: nn.Module, x: torch.Tensor, baseline: torch.Tensor | None = None,
                         steps: int = 32) -> tuple[float, np.ndarray]:
    """Integrated Gradients of the logit, ``(12, T)``, from ``baseline`` (default all zeros).

    ``attr = (x - x0) * mean_k dlogit/dx (x0 + a_k (x - x0))`` with the
    midpoint rule ``a_k = (k + 1/2) / steps``, all ``steps`` points in one
    batch.  Returns ``(logit of x, attr)`` with ``attr`` float64.  Parameters'
    ``.grad`` are never touched.
    """
    x = _check_input(net, x)
    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps}")
    x0 = torch.zeros_like(x) if baseline is None else baseline.detach().to(x.dtype).reshape(x.shape)
    alphas = ((torch.arange(steps, dtype=x.dtype) + 0.5) / steps).reshape(-1, 1, 1)
    path = (x0 + alphas * (x - x0)).requires_grad_(True)
    with _EvalMode(net), torch.enable_grad():
        z = _logits(net, path)
        (g,) = torch.autograd.grad(z.sum(), path)
        with torch.no_grad():
            logit = float(_logits(net, x).reshape(()))
    attr = ((x - x0)[0].double() * g.double().mean(dim=0)).numpy()
    return logit, attr


def lead_attribution(net: nn.Module, x: torch.Tensor, method: str = "occlusion") -> np.ndarray:
    """Per-lead attribution of the ECG logit, ``(12,)`` float64, in :data:`~ph_assist.io.leads.STANDARD_LEADS` order.

    ``method``: ``"occlusion"`` (logit drop when the lead is zeroed) or
    ``"integrated_gradients"`` (IG summed over time).  Positive values raised
    the score.  Logit units.
    """
    if method == "occlusion":
        return lead_occlusion(net, x)[1]
    if method == "integrated_gradients":
        return integrated_gradients(net, x)[1].sum(axis=1)
    raise ValueError(f"method must be one of {LEAD_METHODS}, got {method!r}")


def lead_time_profile(attr: np.ndarray, fs: float = 500.0, smooth_ms: float = 40.0) -> np.ndarray:
    """Where in time each lead raised the score: the positive part of ``attr`` ``(12, T)``, smoothed.

    Gaussian smoothing with a FWHM of ``smooth_ms`` (a QRS is about 100 ms),
    then divided by the largest value over all leads, so leads compare on one
    scale.  Returns float32 ``(12, T)`` in [0, 1]; all zeros when nothing
    raised the score.
    """
    from scipy.ndimage import gaussian_filter1d

    a = np.asarray(attr, dtype=np.float64)
    if a.ndim != 2 or not np.all(np.isfinite(a)):
        raise ValueError(f"attr must be a finite (leads, T) array, got shape {a.shape}")
    sigma = smooth_ms / 1000.0 * fs / (2.0 * math.sqrt(2.0 * math.log(2.0)))
    prof = gaussian_filter1d(np.maximum(a, 0.0), sigma, axis=1, mode="constant") if sigma > 0 else np.maximum(a, 0)
    peak = prof.max() if prof.size else 0.0
    return (prof / peak if peak > 0 else np.zeros_like(prof)).astype(np.float32)


@dataclasses.dataclass(frozen=True, eq=False)
class LeadAttribution:
    """Per-lead explanation of one ECG logit.

    ``values``: ``(12,)`` logit drop per lead (occlusion); ``leads``: their
    names; ``profile``: ``(12, T)`` in [0, 1] on the model input's time axis
    (positive Integrated Gradients, smoothed), or ``None``.
    """

    logit: float
    values: np.ndarray
    leads: tuple[str, ...]
    profile: np.ndarray | None = None

    def to_dict(self) -> dict[str, float]:
        """``{lead: value}`` in lead order (JSON-ready)."""
        return {name: float(v) for name, v in zip(self.leads, self.values)}

    def ranked(self) -> list[str]:
        """Lead names, the strongest contribution to a higher score first."""
        return [self.leads[i] for i in np.argsort(-self.values, kind="stable")]


def explain_ecg_leads(net: nn.Module, x: torch.Tensor, *, fs: float = 500.0,
                      profile: bool = True, steps: int = 32) -> LeadAttribution:
    """Lead occlusion for the per-lead values and, with ``profile``, the IG time profile per lead."""
    logit, drop = lead_occlusion(net, x)
    prof = lead_time_profile(integrated_gradients(net, x, steps=steps)[1], fs) if profile else None
    return LeadAttribution(logit=logit, values=drop, leads=tuple(STANDARD_LEADS), profile=prof)


def rank_summary(attrs: np.ndarray, leads: Sequence[str] = STANDARD_LEADS,
                 target: Sequence[str] = PH_LEADS) -> dict[str, Any]:
    """How often the ``target`` leads rank at the top of per-case attributions, against chance.

    Parameters
    ----------
    attrs : ``(n, 12)``
        Per-case per-lead attributions (higher = raised the score more).
    leads, target : lead names (``target`` a subset of ``leads``).

    Returns
    -------
    dict with ``top1_in_set`` (share of cases whose first lead is a target
    lead; chance ``k / 12`` for ``k`` target leads) and its exact binomial
    p-value against chance, ``mean_in_top3`` (mean number of target leads
    among the first three; chance ``3 k / 12``), ``any_in_top3`` (chance
    ``1 - C(12 - k, 3) / C(12, 3)``), ``auc`` (per case, the probability that
    a target lead outranks a non-target lead, averaged; chance 0.5) and
    ``first_counts`` (how often each lead was first).
    """
    from scipy.stats import binomtest

    a = np.asarray(attrs, dtype=np.float64)
    leads = list(leads)
    if a.ndim != 2 or a.shape[1] != len(leads) or a.shape[0] < 1:
        raise ValueError(f"attrs must be (n, {len(leads)}), got {a.shape}")
    in_set = np.array([name in target for name in leads])
    k, m = int(in_set.sum()), len(leads)
    if not 0 < k < m:
        raise ValueError("target must be a proper, non-empty subset of leads")
    order = np.argsort(-a, axis=1, kind="stable")
    top1 = in_set[order[:, 0]]
    top3 = in_set[order[:, :3]].sum(axis=1)
    pos, neg = a[:, in_set], a[:, ~in_set]
    auc = ((pos[:, :, None] > neg[:, None, :]).mean(axis=(1, 2))
           + 0.5 * (pos[:, :, None] == neg[:, None, :]).mean(axis=(1, 2)))
    n = a.shape[0]
    return {
        "n_cases": int(n),
        "target": [name for name in leads if name in target],
        "top1_in_set": float(top1.mean()),
        "chance_top1": k / m,
        "top1_p_value": float(binomtest(int(top1.sum()), n, k / m, alternative="greater").pvalue),
        "mean_in_top3": float(top3.mean()),
        "chance_in_top3": 3 * k / m,
        "any_in_top3": float((top3 > 0).mean()),
        "chance_any_in_top3": 1 - math.comb(m - k, 3) / math.comb(m, 3),
        "auc": float(auc.mean()),
        "first_counts": {name: int((order[:, 0] == i).sum()) for i, name in enumerate(leads)
                         if (order[:, 0] == i).any()},
    }
