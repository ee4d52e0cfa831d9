"""Calibration and operating thresholds for each set of present inputs.

A fused logit means something different when it comes from the ECG alone than
when it comes from all three inputs: its spread, its calibration and the
threshold that reaches 90 % sensitivity all change.  :class:`OperatingSet`
therefore holds, for each of the seven non-empty sets of inputs
(:data:`~ph_assist.models.fusion.SUBSETS`), its own :class:`Calibrator` and
its own :class:`Thresholds`, fitted on the validation cases that have those
inputs (modality-dropped copies of cases with more inputs), each operating
point with its measured sensitivity and specificity and their 95 % Wilson
intervals.  Every display of a threshold shows the one for the inputs the
case actually used (:meth:`OperatingSet.for_subset`).

Format-1 bundles had one calibrator and one set of thresholds for every
case; :meth:`OperatingSet.from_single` wraps them, with
``subset_specific = False`` so the displays can say that the threshold was
not measured for the inputs at hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ph_assist.i18n import translate
from ph_assist.models.calibration import Calibrator, Thresholds
from ph_assist.models.fusion import SUBSETS, PresentInputs, subset_key, subset_label

__all__ = ["SubsetOperating", "OperatingSet"]


@dataclasses.dataclass(frozen=True)
class SubsetOperating:
    """Calibration and thresholds of one set of inputs."""

    subset: str
    calibrator: Calibrator
    thresholds: Thresholds
    subset_specific: bool = True
    warning: str | None = None  # e.g. too few validation cases to trust it

    @property
    def label(self) -> str:
        return subset_label(self.subset)

    def to_dict(self) -> dict[str, Any]:
        return {"subset": self.subset, "inputs": self.label, "calibration": self.calibrator.to_dict(),
                "thresholds": self.thresholds.to_dict(), "warning": self.warning}


class OperatingSet:
    """Per-subset calibration and thresholds (``calibration.json`` + ``thresholds.json``)."""

    def __init__(self, per_subset: Mapping[str, SubsetOperating], *, subset_specific: bool = True) -> None:
        missing = [k for k in SUBSETS if k not in per_subset]
        if missing:
            raise ValueError(f"no calibration for the inputs {', '.join(missing)}")
        self.per_subset = {k: per_subset[k] for k in SUBSETS}
        self.subset_specific = bool(subset_specific)

    @classmethod
    def from_single(cls, calibrator: Calibrator, thresholds: Thresholds) -> OperatingSet:
        """A format-1 bundle: the same calibration and thresholds for every set of inputs."""
        return cls({k: SubsetOperating(k, calibrator, thresholds, subset_specific=False) for k in SUBSETS},
                   subset_specific=False)

    def for_subset(self, present: PresentInputs) -> SubsetOperating:
        """The entry of a subset key (``"ecg+bnp"``), names, or a boolean mask."""
        key = present if isinstance(present, str) and present in self.per_subset else subset_key(present)
        return self.per_subset[key]

    @property
    def full(self) -> SubsetOperating:
        return self.per_subset[SUBSETS[0]]

    def predict(self, fused_logits: ArrayLike, present: ArrayLike) -> np.ndarray:
        """Calibrated probabilities of ``(n,)`` fused logits with ``(n, 3)`` presence masks."""
        z = np.asarray(fused_logits, dtype=np.float64).reshape(-1)
        mask = np.asarray(present, dtype=bool).reshape(len(z), -1)
        out = np.empty(len(z))
        keys = np.array([subset_key(row) for row in mask], dtype=object)
        for key in set(keys.tolist()):
            sel = keys == key
            out[sel] = self.per_subset[key].calibrator.predict(z[sel])
        return out

    def thresholds_for(self, present: PresentInputs) -> Thresholds:
        return self.for_subset(present).thresholds

    # -- persistence ----------------------------------------------------------
    def calibration_dict(self) -> dict[str, Any]:
        return {"per_subset": {k: v.calibrator.to_dict() for k, v in self.per_subset.items()},
                "rule": "risk = calibration of the set of inputs present (per_subset key) applied to the fused logit"}

    def thresholds_dict(self) -> dict[str, Any]:
        full = self.full.thresholds
        return {
            "rule": full.to_dict()["rule"],
            "default": full.default,
            "per_subset": {k: {**v.thresholds.to_dict(), "warning": v.warning} for k, v in self.per_subset.items()},
        }

    @classmethod
    def from_dicts(cls, calibration: object, thresholds: object) -> OperatingSet:
        """From ``calibration.json`` and ``thresholds.json`` (either format)."""
        if not isinstance(calibration, Mapping) or not isinstance(thresholds, Mapping):
            raise ValueError(translate("errors", "calibration and thresholds must be JSON objects"))
        if "per_subset" not in calibration and "per_subset" not in thresholds:
            return cls.from_single(Calibrator.from_dict(calibration), Thresholds.from_dict(thresholds))
        cal, thr = calibration.get("per_subset"), thresholds.get("per_subset")
        if not isinstance(cal, Mapping) or not isinstance(thr, Mapping):
            raise ValueError(translate("errors", "calibration.json and thresholds.json must both hold per_subset "
                                                 "entries"))
        unknown = (set(cal) | set(thr)) - set(SUBSETS)
        if unknown:
            raise ValueError(translate("errors", "unknown set of inputs {key!r}").format(key=sorted(unknown)[0]))
        entries = {}
        for k in SUBSETS:
            if k not in cal or k not in thr:
                raise ValueError(translate("errors", "no calibration or thresholds for the inputs {key!r}").format(
                    key=k))
            t = thr[k]
            if not isinstance(t, Mapping):
                raise ValueError(translate("errors", "thresholds for {key!r} must be a JSON object").format(key=k))
            warning = t.get("warning")
            entries[k] = SubsetOperating(k, Calibrator.from_dict(cal[k]), Thresholds.from_dict(t),
                                         warning=None if warning is None else str(warning))
        return cls(entries)
