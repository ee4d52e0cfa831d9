"""Fit calibration and operating thresholds for each set of present inputs.

:func:`fit_operating_set` takes the validation cases' sub-model logits and
labels and, for each of the seven non-empty sets of inputs, keeps the cases
that have all of those inputs, hides the others (modality-dropped copies of
cases with more inputs), fuses them, fits a :class:`Calibrator` on the fused
logits and chooses the operating thresholds (target sensitivity and Youden's
J) on the calibrated probabilities.  Each operating point carries the
sensitivity and specificity it gave, with Wilson 95 % intervals, and each
set of inputs a warning when its cases are too few to trust
(:func:`~ph_assist.training.metrics.small_sample_warning`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ph_assist.i18n import translate
from ph_assist.models.calibration import Calibrator, OperatingPoint, Thresholds, choose_threshold, youden_threshold
from ph_assist.models.fusion import MODALITIES, SUBSETS
from ph_assist.models.operating import OperatingSet, SubsetOperating
from ph_assist.training.metrics import roc_auc_ci, small_sample_warning, wilson_interval

__all__ = ["subset_view", "fit_operating_set"]


def subset_view(logits: np.ndarray, key: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``(n, 3)`` logits that have every input of ``key``, the others set to NaN;
    returns ``(rows_mask, masked_logits_of_those_rows)``."""
    z = np.asarray(logits, dtype=np.float64)
    cols = [MODALITIES.index(m) for m in key.split("+")]
    rows = np.all(np.isfinite(z[:, cols]), axis=1)
    out = np.full((int(rows.sum()), len(MODALITIES)), np.nan)
    out[:, cols] = z[rows][:, cols]
    return rows, out


def _with_ci(op: OperatingPoint, y: np.ndarray, p: np.ndarray) -> OperatingPoint:
    pos, neg = y == 1, y == 0
    pred = p >= op.threshold
    tp, tn = int(pred[pos].sum()), int((~pred[neg]).sum())
    return dataclasses.replace(
        op, sensitivity_ci=wilson_interval(tp, int(pos.sum())), specificity_ci=wilson_interval(tn, int(neg.sum())),
        n_positive=int(pos.sum()), n_negative=int(neg.sum()),
    )


def fit_operating_set(
    fused_logits: Callable[[np.ndarray], np.ndarray],
    logits: np.ndarray,
    y: ArrayLike,
    *,
    method: str = "platt",
    target_sensitivity: float = 0.9,
    measured_on: str = "validation set",
) -> tuple[OperatingSet, dict[str, Any]]:
    """Per-subset calibration and thresholds, and per-subset AUCs with 95 % CI.

    ``fused_logits(z)`` maps ``(n, 3)`` sub-model logits (NaN = missing) to
    ``(n,)`` fused logits.  A set of inputs without both classes among its
    cases gets no entry and raises ``ValueError``.
    """
    yy = np.asarray(y).reshape(-1).astype(int)
    entries: dict[str, SubsetOperating] = {}
    perf: dict[str, Any] = {}
    for key in SUBSETS:
        rows, zk = subset_view(logits, key)
        yk = yy[rows]
        if len(yk) == 0 or yk.min() == yk.max():
            raise ValueError(translate("errors", "the validation cases with {inputs} need both PH and non-PH "
                                                 "cases").format(inputs=key.replace("+", " + ")))
        fused = np.asarray(fused_logits(zk), dtype=np.float64)
        cal = Calibrator(method).fit(fused, yk)
        prob = cal.predict(fused)
        target = _with_ci(choose_threshold(yk, prob, target_sensitivity), yk, prob)
        youden = _with_ci(youden_threshold(yk, prob), yk, prob)
        thresholds = Thresholds((target, youden), default=target.name, measured_on=measured_on,
                                n=int(len(yk)), n_positive=int(yk.sum()))
        warning = small_sample_warning(int(yk.sum()), int(len(yk) - yk.sum()), "validation")
        entries[key] = SubsetOperating(key, cal, thresholds, warning=warning)
        perf[key] = roc_auc_ci(yk, fused).to_dict()
    return OperatingSet(entries), perf
