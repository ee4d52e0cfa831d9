"""Discrimination metrics: ROC AUC with a 95% confidence interval.

Default method: DeLong et al. (1988) variance of the Mann-Whitney AUC, in the
fast midrank form of Sun & Xu (2014); the interval is ``AUC ± z * SE``
clipped to [0, 1].  ``method="bootstrap"`` gives a stratified percentile
bootstrap instead (seeded, so reproducible).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
from scipy import stats

__all__ = ["AUCResult", "roc_auc", "roc_auc_ci"]


@dataclasses.dataclass(frozen=True)
class AUCResult:
    """An AUC with its confidence interval (``ci_low``/``ci_high`` NaN if undefined)."""

    auc: float
    ci_low: float
    ci_high: float
    n: int
    n_positive: int
    method: str
    level: float = 0.95

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe (NaN becomes ``None``)."""
        def clean(v: Any) -> Any:
            return None if isinstance(v, float) and not math.isfinite(v) else v
        return {k: clean(v) for k, v in dataclasses.asdict(self).items()}


def _split(y: Any, score: Any) -> tuple[np.ndarray, np.ndarray]:
    yy = np.asarray(y).reshape(-1).astype(int)
    s = np.asarray(score, dtype=np.float64).reshape(-1)
    if len(yy) != len(s):
        raise ValueError(f"{len(yy)} labels but {len(s)} scores")
    if not np.all(np.isfinite(s)):
        raise ValueError("scores must be finite")
    if not set(np.unique(yy)) <= {0, 1}:
        raise ValueError("labels must be 0 or 1")
    pos, neg = s[yy == 1], s[yy == 0]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("AUC needs at least one positive and one negative case")
    return pos, neg


def roc_auc(y: Any, score: Any) -> float:
    """Area under the ROC curve (ties count one half)."""
    pos, neg = _split(y, score)
    ranks = stats.rankdata(np.concatenate([pos, neg]))
    m, n = len(pos), len(neg)
    return float((ranks[:m].sum() - m * (m + 1) / 2.0) / (m * n))


def _delong(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    m, n = len(pos), len(neg)
    tz = stats.rankdata(np.concatenate([pos, neg]))
    tx, ty = stats.rankdata(pos), stats.rankdata(neg)
    auc = (tz[:m].sum() / m - (m + 1) / 2.0) / n
    if m < 2 or n < 2:
        return float(auc), math.nan
    v10 = (tz[:m] - tx) / n  # per positive: fraction of negatives ranked below
    v01 = 1.0 - (tz[m:] - ty) / m  # per negative: fraction of positives ranked above
    var = np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n
    return float(auc), float(math.sqrt(max(var, 0.0)))


def roc_auc_ci(
    y: Any,
    score: Any,
    *,
    level: float = 0.95,
    method: str = "delong",
    n_boot: int = 2000,
    seed: int = 0,
) -> AUCResult:
    """ROC AUC of ``score`` for labels ``y`` with a ``level`` confidence interval."""
    if not (0.0 < level < 1.0):
        raise ValueError("level must be within (0, 1)")
    pos, neg = _split(y, score)
    n, n_pos = len(pos) + len(neg), len(pos)
    if method == "delong":
        auc, se = _delong(pos, neg)
        if math.isnan(se):
            lo = hi = math.nan
        else:
            z = stats.norm.ppf(0.5 + level / 2.0)
            lo, hi = float(max(0.0, auc - z * se)), float(min(1.0, auc + z * se))
        return AUCResult(auc, lo, hi, n, n_pos, "DeLong", level)
    if method == "bootstrap":
        auc = roc_auc(np.r_[np.ones(len(pos)), np.zeros(len(neg))], np.r_[pos, neg])
        rng = np.random.default_rng(seed)
        boots = np.empty(n_boot)
        for b in range(n_boot):
            bp = pos[rng.integers(0, len(pos), len(pos))]
            bn = neg[rng.integers(0, len(neg), len(neg))]
            boots[b] = _delong(bp, bn)[0]
        lo, hi = np.quantile(boots, [(1 - level) / 2.0, (1 + level) / 2.0])
        return AUCResult(auc, float(lo), float(hi), n, n_pos, f"stratified bootstrap ({n_boot})", level)
    raise ValueError(f"method must be 'delong' or 'bootstrap', got {method!r}")
