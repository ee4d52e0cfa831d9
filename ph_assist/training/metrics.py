"""Evaluation statistics: discrimination, calibration, operating points, net benefit.

Everything here is plain numpy/scipy, takes labels ``y`` (0/1) and scores or
probabilities, validates its inputs once and dispatches to small private
helpers, in the manner of ``sklearn.metrics._ranking``.

* ROC AUC with a confidence interval (:func:`roc_auc_ci`): DeLong et al.
  (1988) in the fast midrank form of Sun & Xu (2014) for adequate samples,
  Newcombe's (2006) score interval for small samples or an AUC of 0 or 1,
  or a seeded stratified bootstrap.
* Two AUCs on the same cases compared (:func:`paired_auc_difference`).
* Binomial proportions (:func:`wilson_interval`) and an operating point's
  sensitivity, specificity, PPV and NPV (:func:`sensitivity_specificity_ci`).
* Calibration slope, calibration-in-the-large and O/E
  (:func:`calibration_slope_intercept`); decision curves
  (:func:`decision_curve`); the sample-size rule for validation sets
  (:func:`small_sample_warning`); a generic bootstrap (:func:`bootstrap_ci`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, special, stats

from ph_assist.i18n import translate, using_language
from ph_assist.stats_core import mann_whitney_auc

__all__ = [
    "AUCResult", "MIN_EVENTS", "MIN_NON_EVENTS", "bootstrap_ci", "calibration_slope_intercept",
    "decision_curve", "paired_auc_difference", "roc_auc", "roc_auc_ci", "sensitivity_specificity_ci",
    "small_sample_warning", "wilson_interval",
]

#: Events (PH cases) a validation set needs before its calibration and thresholds can be trusted.
MIN_EVENTS = 100
#: Non-events (cases without PH) a validation set needs, by the same rule.
MIN_NON_EVENTS = 100

_DELONG_MIN_PER_CLASS = 30  # below this, auto switches to Newcombe (AUC) / bootstrap (paired difference)
_PROB_CLIP = 1e-6


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


# -- validation ----------------------------------------------------------------
def _check_level(level: float) -> float:
    if not (0.0 < level < 1.0):
        raise ValueError(f"level must be within (0, 1), got {level!r}")
    return float(level)


def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2.0))


def _labels(y: ArrayLike) -> np.ndarray:
    yy = np.asarray(y).reshape(-1)
    if yy.dtype.kind == "f" and not np.all(np.isfinite(yy)):
        raise ValueError("labels must be 0 or 1 (found NaN or inf)")
    if not set(np.unique(yy).tolist()) <= {0, 1}:
        raise ValueError("labels must be 0 or 1")
    return yy.astype(int)


def _scores(score: ArrayLike, n: int, name: str = "scores") -> np.ndarray:
    s = np.asarray(score, dtype=np.float64).reshape(-1)
    if len(s) != n:
        raise ValueError(f"{n} labels but {len(s)} {name}")
    if not np.all(np.isfinite(s)):
        raise ValueError(f"{name} must be finite ({int(np.sum(~np.isfinite(s)))} are not)")
    return s


def _probabilities(p: ArrayLike, n: int) -> np.ndarray:
    pp = _scores(p, n, "probabilities")
    if np.any((pp < 0.0) | (pp > 1.0)):
        raise ValueError("probabilities must lie within [0, 1]")
    return pp


def _split(y: ArrayLike, score: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    yy = _labels(y)
    s = _scores(score, len(yy))
    pos, neg = s[yy == 1], s[yy == 0]
    if len(pos) == 0 or len(neg) == 0:
        raise ValueError("AUC needs at least one positive and one negative case")
    return pos, neg


# -- AUC -----------------------------------------------------------------------
def _placements(pos: np.ndarray, neg: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """AUC and DeLong's structural components (placement values), Sun & Xu midrank form.

    ``v10[i]`` is the fraction of negatives scored below positive ``i`` (ties
    count one half); ``v01[j]`` the fraction of positives scored above negative
    ``j``.  Both average to the AUC, which is returned as
    :func:`~ph_assist.stats_core.mann_whitney_auc` computes it (correctly
    rounded, so it equals :func:`roc_auc` bit for bit).
    """
    m, n = len(pos), len(neg)
    tz = stats.rankdata(np.concatenate([pos, neg]))
    tx, ty = stats.rankdata(pos), stats.rankdata(neg)
    v10 = (tz[:m] - tx) / n
    v01 = 1.0 - (tz[m:] - ty) / m
    return mann_whitney_auc(pos, neg), v10, v01


def _delong_covariance(pos: np.ndarray, neg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """AUCs of ``k`` scores and their DeLong covariance matrix.

    ``pos`` is ``(k, m)`` (the positives' scores under each of ``k`` scorings),
    ``neg`` is ``(k, n)``.  Returns ``aucs`` ``(k,)`` and ``cov`` ``(k, k)``:
    ``S10 / m + S01 / n`` with ``S10``, ``S01`` the sample covariances of the
    structural components (DeLong et al. 1988, eq. 3-4).  Needs ``m, n >= 2``.
    """
    comps = [_placements(p, q) for p, q in zip(pos, neg)]
    aucs = np.array([c[0] for c in comps])
    v10 = np.atleast_2d(np.array([c[1] for c in comps]))
    v01 = np.atleast_2d(np.array([c[2] for c in comps]))
    cov = np.atleast_2d(np.cov(v10, ddof=1)) / pos.shape[1] + np.atleast_2d(np.cov(v01, ddof=1)) / neg.shape[1]
    return aucs, cov


def _delong(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    if len(pos) < 2 or len(neg) < 2:
        return mann_whitney_auc(pos, neg), math.nan
    aucs, cov = _delong_covariance(pos[None, :], neg[None, :])
    return float(aucs[0]), float(math.sqrt(max(cov[0, 0], 0.0)))


def _newcombe_interval(auc: float, m: int, n: int, level: float) -> tuple[float, float]:
    """Newcombe (2006) method 5: score interval with the modified Hanley-McNeil variance.

    Solves ``(auc - t)**2 = z**2 * V(t)`` for ``t`` on each side of ``auc``, where
    ``V(t) = t (1 - t) [1 + N* ((1 - t)/(2 - t) + t/(1 + t))] / (m n)`` and
    ``N* = (m + n)/2 - 1``.  Because ``V`` vanishes only at 0 and 1, the interval
    is non-degenerate even when ``auc`` is 0 or 1.
    """
    z2 = _z(level) ** 2
    n_star = (m + n) / 2.0 - 1.0

    def w(t: float) -> float:  # V(t) / (t (1 - t))
        return (1.0 + n_star * ((1.0 - t) / (2.0 - t) + t / (1.0 + t))) / (m * n)

    def g(t: float) -> float:  # (auc - t)^2 / (t (1 - t)) - z^2 w(t), continuous up to t = auc in {0, 1}
        if auc == 1.0:
            r = (1.0 - t) / t
        elif auc == 0.0:
            r = t / (1.0 - t)
        else:
            r = (auc - t) ** 2 / (t * (1.0 - t))
        return r - z2 * w(t)

    eps = 1e-15
    lo = 0.0 if auc <= 0.0 or g(eps) <= 0.0 else optimize.brentq(g, eps, auc, xtol=1e-14)
    hi = 1.0 if auc >= 1.0 or g(1.0 - eps) <= 0.0 else optimize.brentq(g, auc, 1.0 - eps, xtol=1e-14)
    return float(lo), float(hi)


def _wald_interval(est: float, se: float, level: float, lo: float, hi: float) -> tuple[float, float]:
    if not math.isfinite(se):
        return math.nan, math.nan
    z = _z(level)
    return float(max(lo, est - z * se)), float(min(hi, est + z * se))


def roc_auc(y: ArrayLike, score: ArrayLike) -> float:
    """Area under the ROC curve (ties count one half).

    Parameters
    ----------
    y : array-like of shape (n,)
        Labels, 1 for PH and 0 for no PH.
    score : array-like of shape (n,)
        Finite scores; larger means more likely PH.

    Returns
    -------
    float
        The Mann-Whitney estimate of P(score of a positive > score of a negative).
    """
    pos, neg = _split(y, score)
    return mann_whitney_auc(pos, neg)


def roc_auc_ci(
    y: ArrayLike,
    score: ArrayLike,
    level: float = 0.95,
    method: str = "auto",
    *,
    n_boot: int = 2000,
    seed: int = 0,
) -> AUCResult:
    """ROC AUC of ``score`` for labels ``y`` with a ``level`` confidence interval.

    Parameters
    ----------
    y : array-like of shape (n,)
        Labels (0/1); at least one of each.
    score : array-like of shape (n,)
        Finite scores; larger means more likely positive.
    level : float, default 0.95
        Confidence level.
    method : {"auto", "delong", "newcombe", "bootstrap"}, default "auto"
        ``"delong"``: ``AUC ± z SE`` with the DeLong variance (Sun & Xu fast
        form), clipped to [0, 1]; undefined (NaN) with fewer than 2 cases in a
        class.  ``"newcombe"``: Newcombe's (2006) method 5 score interval,
        which stays non-degenerate at AUC 0 or 1 and behaves in small samples.
        ``"bootstrap"``: stratified percentile bootstrap of ``n_boot``
        resamples, seeded by ``seed``.  ``"auto"``: DeLong when both classes
        have at least 30 cases and ``0 < AUC < 1``, otherwise Newcombe.
    n_boot, seed : int
        Bootstrap resamples and seed (``method="bootstrap"`` only).

    Returns
    -------
    AUCResult
        ``method`` names the interval used, e.g. ``"DeLong"`` or
        ``"Newcombe score (small sample or boundary)"``.

    References
    ----------
    .. [1] DeLong ER, DeLong DM, Clarke-Pearson DL. Comparing the areas under two
       or more correlated receiver operating characteristic curves: a
       nonparametric approach. Biometrics 1988;44:837-845.
    .. [2] Sun X, Xu W. Fast implementation of DeLong's algorithm for comparing
       the areas under correlated receiver operating characteristic curves.
       IEEE Signal Process Lett 2014;21:1389-1393.
    .. [3] Newcombe RG. Confidence intervals for an effect size measure based on
       the Mann-Whitney statistic. Part 2: asymptotic methods and evaluation.
       Stat Med 2006;25:559-573 (method 5).

    Examples
    --------
    >>> r = roc_auc_ci([0, 0, 0, 1, 1, 1], [1, 2, 3, 4, 5, 6])
    >>> r.auc, r.ci_high, r.ci_low < 1.0, r.method
    (1.0, 1.0, True, 'Newcombe score (small sample or boundary)')
    """
    level = _check_level(level)
    if method not in ("auto", "delong", "newcombe", "bootstrap"):
        raise ValueError(f"method must be 'auto', 'delong', 'newcombe' or 'bootstrap', got {method!r}")
    pos, neg = _split(y, score)
    m, n = len(pos), len(neg)
    if method == "bootstrap":
        return _auc_bootstrap(pos, neg, level, n_boot, seed)
    if method == "auto":
        auc = mann_whitney_auc(pos, neg)
        method = "delong" if min(m, n) >= _DELONG_MIN_PER_CLASS and 0.0 < auc < 1.0 else "auto-newcombe"
    if method == "delong":
        auc, se = _delong(pos, neg)
        lo, hi = _wald_interval(auc, se, level, 0.0, 1.0)
        return AUCResult(auc, lo, hi, m + n, m, "DeLong", level)
    auc = mann_whitney_auc(pos, neg)
    lo, hi = _newcombe_interval(auc, m, n, level)
    label = "Newcombe score" if method == "newcombe" else "Newcombe score (small sample or boundary)"
    return AUCResult(auc, lo, hi, m + n, m, label, level)


def _auc_bootstrap(pos: np.ndarray, neg: np.ndarray, level: float, n_boot: int, seed: int) -> AUCResult:
    auc = mann_whitney_auc(pos, neg)
    ip, ineg = _bootstrap_indices([len(pos), len(neg)], n_boot, seed)
    lo, hi = _percentile_interval(_resampled_aucs(pos, neg, ip, ineg), level)
    return AUCResult(auc, lo, hi, len(pos) + len(neg), len(pos), f"stratified bootstrap ({n_boot})", level)


def _resampled_aucs(pos: np.ndarray, neg: np.ndarray, ip: np.ndarray, ineg: np.ndarray) -> np.ndarray:
    """AUC of each resample ``(pos[ip[b]], neg[ineg[b]])``; ``ip`` is ``(B, m)``, ``ineg`` ``(B, n)``."""
    m, n = len(pos), len(neg)
    if m * n > 250_000:  # large classes: rank each resample
        return np.array([mann_whitney_auc(pos[i], neg[j]) for i, j in zip(ip, ineg)])
    # small classes: AUC_b = c_pos' psi c_neg / (m n), psi the pairwise kernel, c the resample counts
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    return np.sum((_counts(ip, m) @ psi) * _counts(ineg, n), axis=1) / (m * n)


def _counts(idx: np.ndarray, k: int) -> np.ndarray:
    rows = np.arange(idx.shape[0])[:, None] * k
    return np.bincount((idx + rows).ravel(), minlength=idx.shape[0] * k).reshape(idx.shape[0], k).astype(float)


# -- paired AUC difference -----------------------------------------------------
def paired_auc_difference(
    y: ArrayLike,
    score_a: ArrayLike,
    score_b: ArrayLike,
    level: float = 0.95,
    method: str = "auto",
    *,
    n_boot: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """Difference of two ROC AUCs measured on the same cases, with CI and p-value.

    Parameters
    ----------
    y : array-like of shape (n,)
        Labels (0/1); at least one of each.
    score_a, score_b : array-like of shape (n,)
        Two scorings of the same cases; both must be finite on every case.
    level : float, default 0.95
        Confidence level of the interval for ``auc_a - auc_b``.
    method : {"auto", "delong", "bootstrap"}, default "auto"
        ``"delong"``: the paired DeLong test: ``var(a - b) = var a + var b -
        2 cov(a, b)`` from the structural components (Sun & Xu fast form),
        Wald interval and two-sided z test; needs 2 cases per class.
        ``"bootstrap"``: stratified paired bootstrap (the same resampled cases
        for both scores), percentile interval, two-sided p-value
        ``2 min(P(d* <= 0), P(d* >= 0))`` from the bootstrap distribution.
        ``"auto"``: DeLong when both classes have at least 30 cases, otherwise
        the bootstrap.
    n_boot, seed : int
        Bootstrap resamples and seed.

    Returns
    -------
    dict
        ``auc_a``, ``auc_b``, ``difference`` (a - b), ``ci_low``, ``ci_high``,
        ``se``, ``z``, ``p_value``, ``n``, ``n_positive`` and ``method`` (which
        of the two was used).

    Raises
    ------
    ValueError
        Lengths differ, labels not 0/1, a class empty, or a score not finite.

    References
    ----------
    .. [1] DeLong ER, DeLong DM, Clarke-Pearson DL. Biometrics 1988;44:837-845.
    .. [2] Sun X, Xu W. IEEE Signal Process Lett 2014;21:1389-1393.
    .. [3] Efron B, Tibshirani RJ. An Introduction to the Bootstrap. Chapman &
       Hall, 1993 (percentile interval; achieved significance level, ch. 16).
    """
    level = _check_level(level)
    if method not in ("auto", "delong", "bootstrap"):
        raise ValueError(f"method must be 'auto', 'delong' or 'bootstrap', got {method!r}")
    yy = _labels(y)
    a = _scores(score_a, len(yy), "score_a values")
    b = _scores(score_b, len(yy), "score_b values")
    pos_mask = yy == 1
    m, n = int(pos_mask.sum()), int((~pos_mask).sum())
    if m == 0 or n == 0:
        raise ValueError("AUC needs at least one positive and one negative case")
    pos = np.vstack([a[pos_mask], b[pos_mask]])
    neg = np.vstack([a[~pos_mask], b[~pos_mask]])
    if method == "auto":
        method = "delong" if min(m, n) >= _DELONG_MIN_PER_CLASS else "auto-bootstrap"
    if method == "delong":
        if min(m, n) < 2:
            raise ValueError("the paired DeLong test needs at least 2 positive and 2 negative cases")
        out = _paired_delong(pos, neg, level)
    else:
        out = _paired_bootstrap(pos, neg, level, n_boot, seed)
        if method == "auto-bootstrap":
            out["method"] += ", fewer than 30 cases in a class"
    return {**out, "n": m + n, "n_positive": m}


def _paired_delong(pos: np.ndarray, neg: np.ndarray, level: float) -> dict[str, Any]:
    aucs, cov = _delong_covariance(pos, neg)
    diff = float(aucs[0] - aucs[1])
    se = float(math.sqrt(max(cov[0, 0] + cov[1, 1] - 2.0 * cov[0, 1], 0.0)))
    if se > 0.0:
        zval = diff / se
        p = float(2.0 * stats.norm.sf(abs(zval)))
    elif diff == 0.0:  # e.g. identical scores: no evidence of a difference
        zval, p = 0.0, 1.0
    else:  # degenerate variance with a non-zero difference: no valid test
        zval, p = math.nan, math.nan
    lo, hi = _wald_interval(diff, se, level, -1.0, 1.0)
    return {"auc_a": float(aucs[0]), "auc_b": float(aucs[1]), "difference": diff, "ci_low": lo,
            "ci_high": hi, "se": se, "z": float(zval), "p_value": p, "method": "DeLong paired"}


def _paired_bootstrap(pos: np.ndarray, neg: np.ndarray, level: float, n_boot: int, seed: int) -> dict[str, Any]:
    auc_a, auc_b = mann_whitney_auc(pos[0], neg[0]), mann_whitney_auc(pos[1], neg[1])
    diff = auc_a - auc_b
    ip, ineg = _bootstrap_indices([pos.shape[1], neg.shape[1]], n_boot, seed)
    boots = _resampled_aucs(pos[0], neg[0], ip, ineg) - _resampled_aucs(pos[1], neg[1], ip, ineg)
    lo, hi = _percentile_interval(boots, level)
    se = float(np.std(boots, ddof=1))
    p = float(min(1.0, 2.0 * min(np.mean(boots <= 0.0), np.mean(boots >= 0.0))))
    zval = diff / se if se > 0.0 else (0.0 if diff == 0.0 else math.nan)
    return {"auc_a": auc_a, "auc_b": auc_b, "difference": float(diff), "ci_low": lo, "ci_high": hi,
            "se": se, "z": float(zval), "p_value": p,
            "method": f"stratified paired bootstrap ({n_boot})"}


# -- bootstrap -----------------------------------------------------------------
def _bootstrap_indices(sizes: Sequence[int], n_boot: int, seed: int) -> list[np.ndarray]:
    """Per stratum, an ``(n_boot, size)`` array of indices drawn with replacement.

    Draws resample by resample, stratum by stratum, so a given seed gives the
    same resamples however the statistic is then computed.
    """
    if n_boot < 2:
        raise ValueError(f"n_boot must be at least 2, got {n_boot}")
    rng = np.random.default_rng(seed)
    out = [np.empty((n_boot, k), dtype=np.int64) for k in sizes]
    for b in range(n_boot):
        for arr, k in zip(out, sizes):
            arr[b] = rng.integers(0, k, k)
    return out


def _percentile_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    ok = values[np.isfinite(values)]
    if len(ok) == 0:
        return math.nan, math.nan
    lo, hi = np.quantile(ok, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return float(lo), float(hi)


def bootstrap_ci(
    statistic: Callable[..., float],
    y: ArrayLike,
    *arrays: ArrayLike,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    stratified: bool = True,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(y, *arrays)``.

    Parameters
    ----------
    statistic : callable
        ``statistic(y_resampled, *arrays_resampled) -> float``.  Resamples on
        which it returns NaN (or inf) are left out of the percentiles.
    y : array-like of shape (n,)
        Outcome; with ``stratified=True`` cases are resampled within each
        value of ``y`` (so every resample keeps the observed class counts).
    *arrays : array-like, each of length n
        Per-case arrays resampled with the same indices as ``y``.
    n_boot : int, default 2000
    level : float, default 0.95
    seed : int, default 0
    stratified : bool, default True

    Returns
    -------
    (float, float)
        The ``(1 - level)/2`` and ``(1 + level)/2`` percentiles; ``(nan, nan)``
        if no resample gave a finite value.

    References
    ----------
    .. [1] Efron B, Tibshirani RJ. An Introduction to the Bootstrap. Chapman &
       Hall, 1993, ch. 13 (percentile interval).
    """
    level = _check_level(level)
    yy = np.asarray(y).reshape(-1)
    arrs = [np.asarray(a) for a in arrays]
    for k, a in enumerate(arrs):
        if len(a) != len(yy):
            raise ValueError(f"array {k + 1} has {len(a)} rows but y has {len(yy)}")
    if len(yy) == 0:
        raise ValueError("bootstrap_ci needs at least one case")
    strata = ([np.flatnonzero(yy == v) for v in np.unique(yy)[::-1]] if stratified
              else [np.arange(len(yy))])

    idx = _bootstrap_indices([len(s) for s in strata], n_boot, seed)
    values = np.empty(n_boot)
    for b in range(n_boot):
        rows = np.concatenate([s[i[b]] for s, i in zip(strata, idx)])
        values[b] = float(statistic(yy[rows], *[a[rows] for a in arrs]))
    return _percentile_interval(values, level)


# -- proportions and operating points ------------------------------------------
def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion ``k / n``.

    Parameters
    ----------
    k : int
        Successes, ``0 <= k <= n``.
    n : int
        Trials; ``n == 0`` gives ``(nan, nan)``.
    level : float, default 0.95

    Returns
    -------
    (float, float)
        Lower and upper limits, within [0, 1] (exactly 0 when ``k == 0`` and
        exactly 1 when ``k == n``).

    References
    ----------
    .. [1] Wilson EB. Probable inference, the law of succession, and statistical
       inference. J Am Stat Assoc 1927;22:209-212.
    .. [2] Newcombe RG. Two-sided confidence intervals for the single proportion:
       comparison of seven methods. Stat Med 1998;17:857-872.

    Examples
    --------
    >>> [round(v, 4) for v in wilson_interval(5, 10)]
    [0.2366, 0.7634]
    """
    level = _check_level(level)
    if int(k) != k or int(n) != n or not (0 <= k <= n):
        raise ValueError(f"need integers 0 <= k <= n, got k={k!r}, n={n!r}")
    k, n = int(k), int(n)
    if n == 0:
        return math.nan, math.nan
    z = _z(level)
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return float(lo), float(hi)


def _proportion(k: int, n: int, level: float) -> tuple[float, list[float]]:
    return (k / n if n else math.nan), list(wilson_interval(k, n, level))


def sensitivity_specificity_ci(y: ArrayLike, p: ArrayLike, threshold: float, level: float = 0.95) -> dict[str, Any]:
    """Sensitivity, specificity, PPV and NPV at one threshold, each with a Wilson interval.

    Parameters
    ----------
    y : array-like of shape (n,)
        Labels (0/1).
    p : array-like of shape (n,)
        Finite scores or probabilities; the rule is positive when ``p >= threshold``.
    threshold : float
    level : float, default 0.95

    Returns
    -------
    dict
        ``threshold``, ``sensitivity``, ``sensitivity_ci`` ``[lo, hi]``,
        ``specificity``, ``specificity_ci``, ``ppv``, ``ppv_ci``, ``npv``,
        ``npv_ci``, ``tp``, ``fp``, ``tn``, ``fn``, ``n_positive``,
        ``n_negative``.  A proportion with an empty denominator (no positives,
        no rule-positives, ...) is NaN with CI ``[nan, nan]``.  PPV and NPV
        are those of this sample's prevalence.

    References
    ----------
    .. [1] Wilson EB. J Am Stat Assoc 1927;22:209-212.
    .. [2] Altman DG, Machin D, Bryant TN, Gardner MJ. Statistics with
       Confidence, 2nd ed. BMJ Books, 2000, ch. 10.
    """
    level = _check_level(level)
    yy = _labels(y)
    pp = _scores(p, len(yy), "probabilities")
    if not math.isfinite(threshold):
        raise ValueError(f"threshold must be finite, got {threshold!r}")
    rule = pp >= threshold
    tp, fn = int(np.sum(rule & (yy == 1))), int(np.sum(~rule & (yy == 1)))
    fp, tn = int(np.sum(rule & (yy == 0))), int(np.sum(~rule & (yy == 0)))
    sens, sens_ci = _proportion(tp, tp + fn, level)
    spec, spec_ci = _proportion(tn, tn + fp, level)
    ppv, ppv_ci = _proportion(tp, tp + fp, level)
    npv, npv_ci = _proportion(tn, tn + fn, level)
    return {"threshold": float(threshold), "sensitivity": sens, "sensitivity_ci": sens_ci,
            "specificity": spec, "specificity_ci": spec_ci, "ppv": ppv, "ppv_ci": ppv_ci,
            "npv": npv, "npv_ci": npv_ci, "tp": tp, "fp": fp, "tn": tn, "fn": fn,
            "n_positive": tp + fn, "n_negative": tn + fp}


# -- calibration ---------------------------------------------------------------
class _FitFailed(Exception):
    """A logistic fit without a finite maximum-likelihood estimate."""


def _logistic_fit(x: np.ndarray, y: np.ndarray, offset: np.ndarray,
                  max_iter: int = 100, tol: float = 1e-10) -> tuple[np.ndarray, np.ndarray]:
    """Newton-Raphson (= IRLS) maximum likelihood of ``logit P(y=1) = x @ beta + offset``.

    Returns ``beta`` and its covariance, the inverse observed information
    ``(x' W x)^-1``.  Raises :class:`_FitFailed` when the information is
    singular, the fit does not converge or the coefficients run off to
    infinity (separation).
    """
    beta = np.zeros(x.shape[1])

    def loglik(b: np.ndarray) -> float:
        eta = x @ b + offset
        return float(np.sum(y * eta - np.logaddexp(0.0, eta)))

    ll = loglik(beta)
    for _ in range(max_iter):
        mu = special.expit(x @ beta + offset)
        w = mu * (1.0 - mu)
        info = x.T @ (x * w[:, None])
        if np.linalg.cond(info) > 1e12:
            raise _FitFailed("the information matrix is singular")
        step = np.linalg.solve(info, x.T @ (y - mu))
        t = 1.0
        while t > 1e-8:  # step halving keeps every iteration an ascent
            new = beta + t * step
            new_ll = loglik(new)
            if new_ll >= ll - 1e-12:
                break
            t /= 2.0
        else:
            raise _FitFailed("the likelihood could not be increased")
        beta, ll = new, new_ll
        if np.max(np.abs(beta)) > 50.0:
            raise _FitFailed("the coefficients diverge (separation)")
        if np.max(np.abs(t * step)) < tol:
            mu = special.expit(x @ beta + offset)
            info = x.T @ (x * (mu * (1.0 - mu))[:, None])
            return beta, np.linalg.inv(info)
    raise _FitFailed(f"no convergence in {max_iter} iterations")


def _calibration_note(y: np.ndarray, lp: np.ndarray) -> str | None:
    """Why a calibration model cannot be fitted, or ``None``."""
    n, events = len(y), int(y.sum())
    if n < 10:
        return f"only {n} cases (fewer than 10): calibration not estimated"
    if events == 0 or events == n:
        return f"all {n} cases have the same outcome: calibration not estimated"
    return None


def _slope_note(y: np.ndarray, lp: np.ndarray) -> str | None:
    if np.ptp(lp) == 0.0:
        return "all predicted probabilities are equal: calibration slope undefined"
    pos, neg = lp[y == 1], lp[y == 0]
    if neg.max() <= pos.min() or pos.max() <= neg.min():
        return "the predictions separate the outcomes perfectly: calibration slope is infinite"
    return None


def calibration_slope_intercept(y: ArrayLike, p: ArrayLike, level: float = 0.95) -> dict[str, Any]:
    """Calibration slope, calibration-in-the-large and observed/expected ratio.

    With ``lp = logit(p)`` (``p`` clipped into ``[1e-6, 1 - 1e-6]``):

    * calibration slope: ``b`` in ``logit P(y=1) = a + b * lp`` (ideal 1; below
      1 means predictions too extreme, i.e. over-fitting);
    * calibration-in-the-large: ``a`` in ``logit P(y=1) = a + lp`` (``lp`` an
      offset; ideal 0; above 0 means risks are under-estimated on average);
    * ``oe_ratio``: ``sum(y) / sum(p)`` (ideal 1).

    Both models are fitted by Newton-Raphson maximum likelihood; intervals
    are Wald intervals from the observed information.

    Parameters
    ----------
    y : array-like of shape (n,)
        Outcomes (0/1).
    p : array-like of shape (n,)
        Predicted probabilities in [0, 1].
    level : float, default 0.95

    Returns
    -------
    dict
        ``slope``, ``slope_ci`` ``[lo, hi]``, ``intercept`` (calibration-in-the-
        large), ``intercept_ci``, ``oe_ratio``, ``n``, ``n_events``, ``level``
        and ``note``.  When a model cannot be estimated (fewer than 10 cases,
        one outcome only, all ``p`` equal, separation, no convergence) its
        values are ``None`` and ``note`` says why; otherwise ``note`` is
        ``None``.  This function never raises for such data, only for invalid
        input (lengths, labels, probabilities outside [0, 1]).

    References
    ----------
    .. [1] Cox DR. Two further applications of a model for binary regression.
       Biometrika 1958;45:562-565.
    .. [2] Van Calster B, Nieboer D, Vergouwe Y, De Cock B, Pencina MJ,
       Steyerberg EW. A calibration hierarchy for risk models was defined:
       from utopia to empirical data. J Clin Epidemiol 2016;74:167-176.
    .. [3] Steyerberg EW, Vergouwe Y. Towards better clinical prediction models:
       seven steps for development and an ABCD for validation. Eur Heart J
       2014;35:1925-1931.
    """
    level = _check_level(level)
    yy = _labels(y).astype(np.float64)
    pp = np.clip(_probabilities(p, len(yy)), _PROB_CLIP, 1.0 - _PROB_CLIP)
    lp = special.logit(pp)
    out: dict[str, Any] = {"slope": None, "slope_ci": None, "intercept": None, "intercept_ci": None,
                           "oe_ratio": float(yy.sum() / pp.sum()) if len(yy) else None,
                           "n": int(len(yy)), "n_events": int(yy.sum()), "level": level, "note": None}
    note = _calibration_note(yy, lp)
    if note is not None:
        return {**out, "note": note}
    z = _z(level)
    notes = []
    try:
        beta, cov = _logistic_fit(np.ones((len(yy), 1)), yy, lp)
        se = math.sqrt(cov[0, 0])
        out["intercept"], out["intercept_ci"] = float(beta[0]), [float(beta[0] - z * se), float(beta[0] + z * se)]
    except _FitFailed as exc:
        notes.append(f"calibration-in-the-large not estimated: {exc}")
    slope_note = _slope_note(yy, lp)
    if slope_note is None:
        try:
            beta, cov = _logistic_fit(np.column_stack([np.ones(len(yy)), lp]), yy, np.zeros(len(yy)))
            se = math.sqrt(cov[1, 1])
            out["slope"], out["slope_ci"] = float(beta[1]), [float(beta[1] - z * se), float(beta[1] + z * se)]
        except _FitFailed as exc:
            notes.append(f"calibration slope not estimated: {exc}")
    else:
        notes.append(slope_note)
    out["note"] = "; ".join(notes) or None
    return out


# -- decision curve ------------------------------------------------------------
def decision_curve(y: ArrayLike, p: ArrayLike, thresholds: ArrayLike | None = None) -> dict[str, Any]:
    """Net benefit of the model, treat-all and treat-none across threshold probabilities.

    ``NB(pt) = TP/n - FP/n * pt / (1 - pt)``, where the model treats a case
    when ``p >= pt``; treat-all has ``TP = events``, ``FP = non-events``, i.e.
    ``prevalence - (1 - prevalence) * pt / (1 - pt)``; treat-none is 0.

    Parameters
    ----------
    y : array-like of shape (n,)
        Outcomes (0/1).
    p : array-like of shape (n,)
        Predicted probabilities in [0, 1].
    thresholds : array-like, optional
        Threshold probabilities, each strictly within (0, 1); default 0.01 to
        0.99 in steps of 0.01.

    Returns
    -------
    dict
        ``thresholds``, ``model``, ``treat_all``, ``treat_none`` (lists of
        float, one per threshold), ``prevalence`` and ``n``.

    References
    ----------
    .. [1] Vickers AJ, Elkin EB. Decision curve analysis: a novel method for
       evaluating prediction models. Med Decis Making 2006;26:565-574.
    """
    yy = _labels(y)
    pp = _probabilities(p, len(yy))
    if len(yy) == 0:
        raise ValueError("decision_curve needs at least one case")
    pt = (np.round(np.arange(1, 100) / 100.0, 2) if thresholds is None
          else np.asarray(thresholds, dtype=np.float64).reshape(-1))
    if len(pt) == 0 or not np.all((pt > 0.0) & (pt < 1.0)):
        raise ValueError("thresholds must lie strictly within (0, 1)")
    n = len(yy)
    prevalence = float(yy.mean())
    odds = pt / (1.0 - pt)
    pos, neg = np.sort(pp[yy == 1]), np.sort(pp[yy == 0])
    tp = len(pos) - np.searchsorted(pos, pt, side="left")  # treated: p >= pt
    fp = len(neg) - np.searchsorted(neg, pt, side="left")
    model = tp / n - fp / n * odds
    treat_all = prevalence - (1.0 - prevalence) * odds
    return {"thresholds": pt.tolist(), "model": model.tolist(), "treat_all": treat_all.tolist(),
            "treat_none": [0.0] * len(pt), "prevalence": prevalence, "n": n}


# -- sample-size rule ----------------------------------------------------------
def small_sample_warning(n_positive: int, n_negative: int, purpose: str, *, translated: bool = False) -> str | None:
    """A one-line warning when a validation or test set is too small to trust.

    The rule: a set on which calibration and decision thresholds are estimated
    or checked needs at least ``MIN_EVENTS`` (100) events (PH cases) and
    ``MIN_NON_EVENTS`` (100) non-events.  Below that, simulation studies show
    the estimates (calibration slope and intercept, sensitivity and
    specificity at a threshold, AUC) are biased and too imprecise to act on.

    Parameters
    ----------
    n_positive, n_negative : int
        Cases with and without PH in the set.
    purpose : str
        ``"validation"`` (thresholds and calibration are fitted on it) or
        ``"test"`` (performance is reported from it); anything else gives
        ``None``.
    translated : bool
        ``False`` (default): English, as stored in model cards and metrics
        files; ``True``: in the interface language, for display.

    Returns
    -------
    str or None
        The warning, e.g. ``"validation set has 5 PH cases (fewer than 100):
        its thresholds and calibration cannot be trusted"``, or ``None`` when
        the rule is met or does not apply.

    References
    ----------
    .. [1] Vergouwe Y, Steyerberg EW, Eijkemans MJC, Habbema JDF. Substantial
       effective sample sizes were required for external validation studies of
       predictive logistic regression models. J Clin Epidemiol 2005;58:475-483.
    .. [2] Collins GS, Ogundimu EO, Altman DG. Sample size considerations for
       the external validation of a multivariable prognostic model: a
       resampling study. Stat Med 2016;35:214-226.
    """
    if int(n_positive) != n_positive or int(n_negative) != n_negative or n_positive < 0 or n_negative < 0:
        raise ValueError(f"case counts must be non-negative integers, got {n_positive!r}, {n_negative!r}")
    if purpose not in ("validation", "test"):
        return None
    with contextlib.nullcontext() if translated else using_language("en"):
        if purpose == "validation":
            consequence = translate("cli", "its thresholds and calibration cannot be trusted")
            head = translate("cli", "validation set has {short}: {consequence}")
        else:
            consequence = translate("cli", "its performance estimates (AUC, sensitivity, specificity, calibration) "
                                           "are too imprecise to rely on")
            head = translate("cli", "test set has {short}: {consequence}")
        short = []
        if n_positive < MIN_EVENTS:
            short.append((translate("cli", "{n} PH case (fewer than {minimum})") if n_positive == 1 else
                          translate("cli", "{n} PH cases (fewer than {minimum})")).format(
                n=int(n_positive), minimum=MIN_EVENTS))
        if n_negative < MIN_NON_EVENTS:
            short.append((translate("cli", "{n} case without PH (fewer than {minimum})") if n_negative == 1 else
                          translate("cli", "{n} cases without PH (fewer than {minimum})")).format(
                n=int(n_negative), minimum=MIN_NON_EVENTS))
        if not short:
            return None
        joined = short[0] if len(short) == 1 else translate("cli", "{first} and {second}").format(
            first=short[0], second=short[1])
        return head.format(short=joined, consequence=consequence)
