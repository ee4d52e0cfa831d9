"""The bundle's "unlike the training data" check: one detector per modality.

:class:`OODSet` holds a :class:`~ph_assist.models.ood.FeatureDensity` for the
ECG and the CXR network and a :class:`~ph_assist.models.ood.RangeCheck` for
BNP, stores them in ``ood.json`` (JSON) and ``ood.safetensors`` (arrays), and
checks one case: :meth:`OODSet.capture` hooks the same layers during the
forward pass that gives the sub-score (so the check costs no extra pass), and
:meth:`OODSet.check` returns a plain sentence for each input that is unlike
the training data.  :func:`fit_ood` fits it on the training cases and sets
each threshold on the validation cases.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import torch
from torch import nn

from ph_assist.models.ood import (
    PENULTIMATE, UNLIKE_WORDING, FeatureDensity, RangeCheck, default_layers, features_and_logits, pooled_outputs,
)

if TYPE_CHECKING:
    from ph_assist.models.bnp import LabsLike

__all__ = ["OODSet", "fit_ood", "CohortLike"]


class _Captured:
    features: np.ndarray | None = None


class OODSet:
    """Per-modality detectors; any of them may be absent."""

    def __init__(self, ecg: FeatureDensity | None = None, cxr: FeatureDensity | None = None,
                 bnp: RangeCheck | None = None, layers: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.detectors: dict[str, Any] = {k: v for k, v in (("ecg", ecg), ("cxr", cxr), ("bnp", bnp)) if v is not None}
        self.layers = {k: tuple(v) for k, v in (layers or {"ecg": (PENULTIMATE,), "cxr": (PENULTIMATE,)}).items()}

    def has(self, kind: str) -> bool:
        return kind in self.detectors

    @contextlib.contextmanager
    def capture(self, kind: str, net: nn.Module) -> Iterator[_Captured]:
        """Hooks ``net`` so that the next forward pass stores this detector's features
        (``(1, d)``) in the yielded object's ``features``."""
        names = self.layers[kind]
        out = _Captured()
        with pooled_outputs(net, names) as parts:
            yield out
            if all(n in parts for n in names):
                out.features = torch.cat([parts[n] for n in names], dim=1).double().cpu().numpy()

    def check(self, features: Mapping[str, np.ndarray | None], labs: LabsLike | None = None) -> dict[str, str]:
        """``{modality: sentence}`` for each present input that is unlike the training data."""
        flags: dict[str, str] = {}
        for kind in ("ecg", "cxr"):
            f = features.get(kind)
            if f is not None and kind in self.detectors and bool(self.detectors[kind].is_unlike(f)[0]):
                flags[kind] = UNLIKE_WORDING[kind]
        if labs is not None and "bnp" in self.detectors:
            value = getattr(labs, "value_pg_ml", None)
            if value is not None and bool(self.detectors["bnp"].is_unlike(float(value))):
                flags["bnp"] = UNLIKE_WORDING["bnp"]
        return flags

    def scores(self, kind: str, features: np.ndarray) -> np.ndarray:
        return self.detectors[kind].score(features)

    # -- persistence --------------------------------------------------------------
    def to_meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {"what": "description of the training inputs, for the 'unlike the training data' "
                                        "warning"}
        for kind, det in self.detectors.items():
            meta[kind] = det.to_meta()
            if kind in ("ecg", "cxr"):
                meta[kind]["layers"] = list(self.layers[kind])
        return meta

    def to_arrays(self) -> dict[str, np.ndarray]:
        arrays: dict[str, np.ndarray] = {}
        for kind in ("ecg", "cxr"):
            if kind in self.detectors:
                arrays.update(self.detectors[kind].to_arrays(kind))
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, Any], meta: Mapping[str, Any]) -> OODSet:
        if not isinstance(meta, Mapping):
            raise ValueError("ood.json must be a JSON object")
        dets: dict[str, Any] = {}
        layers: dict[str, tuple[str, ...]] = {"ecg": (PENULTIMATE,), "cxr": (PENULTIMATE,)}
        for kind in ("ecg", "cxr"):
            if kind in meta:
                m = meta[kind]
                if not isinstance(m, Mapping):
                    raise ValueError(f"ood.json: {kind} must be a JSON object")
                names = m.get("layers", [PENULTIMATE])
                if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
                    raise ValueError(f"ood.json: {kind} layers must be a list of names")
                layers[kind] = tuple(names)
                dets[kind] = FeatureDensity.from_arrays(arrays, kind, m)
        if "bnp" in meta:
            dets["bnp"] = RangeCheck.from_meta(meta["bnp"])
        return cls(dets.get("ecg"), dets.get("cxr"), dets.get("bnp"), layers)


class CohortLike(Protocol):
    """What :func:`fit_ood` reads of a set of cases: a
    :class:`~ph_assist.training.cohort.CohortArrays` (not imported: the models
    do not depend on the training code)."""

    @property
    def ecg(self) -> np.ndarray | None: ...  # (n, 12, T); zeros where missing

    @property
    def cxr(self) -> np.ndarray | None: ...  # (n, 1, S, S)

    @property
    def ecg_present(self) -> np.ndarray: ...  # (n,) bool

    @property
    def cxr_present(self) -> np.ndarray: ...

    @property
    def bnp(self) -> np.ndarray: ...  # (n,) pg/mL, NaN where missing


def fit_ood(ecg_net: nn.Module, cxr_net: nn.Module, train: CohortLike, val: CohortLike, *, analyte: str = "BNP",
            device: str = "cpu", quantile: float = 0.99) -> OODSet:
    """Fit the detectors on the training cases (``CohortArrays``) and set each
    threshold on the validation cases; a modality with too few cases is skipped."""
    dets: dict[str, Any] = {}
    layers_used: dict[str, tuple[str, ...]] = {}
    for kind, net in (("ecg", ecg_net), ("cxr", cxr_net)):
        xt, xv = getattr(train, kind), getattr(val, kind)
        if xt is None or xv is None:
            continue
        pt, pv = getattr(train, f"{kind}_present"), getattr(val, f"{kind}_present")
        if pt.sum() < 10 or pv.sum() < 10:
            continue
        layers = default_layers(net, kind)
        layers_used[kind] = layers
        _, ft = features_and_logits(net, xt[pt], device=device, layers=layers, kind=kind)
        _, fv = features_and_logits(net, xv[pv], device=device, layers=layers, kind=kind)
        dets[kind] = FeatureDensity(quantile=quantile, layer="+".join(layers)).fit(ft, fv)
    if np.isfinite(train.bnp).sum() >= 10:
        dets["bnp"] = RangeCheck(analyte).fit(train.bnp)
    return OODSet(dets.get("ecg"), dets.get("cxr"), dets.get("bnp"), layers_used)
