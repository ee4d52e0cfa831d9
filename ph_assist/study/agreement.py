"""Agreement between readers: Fleiss' kappa (many readers) and Cohen's kappa (two).

In a reader study every reader calls every case "PH" or "no PH", once
without and once with the AI.  How much the readers agree beyond chance, in
each condition, is Fleiss' kappa over those binary calls; an AI that brings
readers' calls together raises it.

Fleiss' kappa of ``N`` subjects each rated by ``n`` raters into ``k``
categories, from the counts ``n_ij`` (raters who put subject ``i`` in
category ``j``)::

    P_i   = (sum_j n_ij^2 - n) / (n (n - 1))       agreement on subject i
    P_bar = mean_i P_i,    p_j = sum_i n_ij / (N n),    P_e = sum_j p_j^2
    kappa = (P_bar - P_e) / (1 - P_e)

(Fleiss 1971).  Its standard error under "no agreement beyond chance"
(Fleiss, Nee & Landis 1979), with ``q_j = 1 - p_j``::

    se0 = sqrt(2) / (sum_j p_j q_j * sqrt(N n (n - 1)))
          * sqrt((sum_j p_j q_j)^2 - sum_j p_j q_j (q_j - p_j))

gives ``z = kappa / se0`` and its two-sided p.  That standard error holds
only under the null, so the confidence interval is a percentile bootstrap
over the subjects (cases), seeded and so reproducible.  Kappa is undefined
(NaN) when every call falls in one category (``P_e = 1``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats as _st

__all__ = ["KappaResult", "category_counts", "fleiss_kappa", "cohen_kappa", "reader_agreement"]

#: Bootstrap resamples of the confidence interval.
DEFAULT_BOOTSTRAP = 2000


@dataclasses.dataclass(frozen=True)
class KappaResult:
    """Fleiss' kappa with its test of "no agreement beyond chance" and a bootstrap CI.

    Attributes
    ----------
    kappa : float
        Fleiss' kappa (NaN when undefined).
    observed_agreement, chance_agreement : float
        ``P_bar`` and ``P_e``.
    std_err_null : float
        Standard error under kappa = 0 (Fleiss, Nee & Landis 1979).
    z, p_value : float
        ``kappa / std_err_null`` and its two-sided normal p.
    ci_lower, ci_upper : float
        Percentile bootstrap interval over subjects (NaN when undefined).
    confidence : float
        Level of the interval.
    n_subjects, n_raters, n_categories : int
        ``N``, ``n``, ``k``.
    n_bootstrap : int
        Resamples used for the interval (0: none).
    """

    kappa: float
    observed_agreement: float
    chance_agreement: float
    std_err_null: float
    z: float
    p_value: float
    ci_lower: float
    ci_upper: float
    confidence: float
    n_subjects: int
    n_raters: int
    n_categories: int
    n_bootstrap: int

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers (NaN as None)."""
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in dataclasses.asdict(self).items()}


def category_counts(ratings: np.ndarray | Sequence[Sequence[Any]]) -> tuple[np.ndarray, list[Any]]:
    """Counts ``n_ij`` from a subjects x raters table of category labels.

    Parameters
    ----------
    ratings : array_like, shape (N, n)
        ``ratings[i, r]`` is the category rater ``r`` gave subject ``i``.

    Returns
    -------
    counts : ndarray of int, shape (N, k)
        Raters per subject and category.
    categories : list
        The sorted category labels, in the columns' order.
    """
    arr = np.asarray(ratings)
    if arr.ndim != 2:
        raise ValueError("ratings must be a 2-D table (subjects x raters)")
    categories, codes = np.unique(arr, return_inverse=True)
    codes = codes.reshape(arr.shape)
    counts = np.stack([(codes == j).sum(axis=1) for j in range(len(categories))], axis=1)
    return counts, list(categories.tolist())


def _kappa_stats(counts: np.ndarray) -> tuple[float, float, float, np.ndarray]:
    """kappa, P_bar, P_e and p_j of one counts table (N, k)."""
    c = counts.astype(float)
    N = c.shape[0]
    n = float(c[0].sum())
    p_i = (np.sum(c**2, axis=1) - n) / (n * (n - 1))
    p_bar = float(p_i.mean())
    p_j = c.sum(axis=0) / (N * n)
    p_e = float(np.sum(p_j**2))
    kappa = (p_bar - p_e) / (1.0 - p_e) if p_e < 1.0 else math.nan
    return kappa, p_bar, p_e, p_j


def _bootstrap_kappas(counts: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    """Fleiss' kappa of ``n_boot`` resamples of the subjects (rows)."""
    c = counts.astype(float)
    N = c.shape[0]
    n = float(c[0].sum())
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, N, size=(n_boot, N))
    agree_i = (np.sum(c**2, axis=1) - n) / (n * (n - 1))
    p_bar = agree_i[idx].mean(axis=1)
    p_j = c[idx].sum(axis=1) / (N * n)
    p_e = np.sum(p_j**2, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p_e < 1.0, (p_bar - p_e) / (1.0 - p_e), np.nan)


def fleiss_kappa(
    counts: np.ndarray | Sequence[Sequence[int]],
    *,
    confidence: float = 0.95,
    n_bootstrap: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
) -> KappaResult:
    """Fleiss' kappa of a subjects x categories count table.

    Parameters
    ----------
    counts : array_like of int, shape (N, k)
        ``counts[i, j]``: raters who put subject ``i`` in category ``j``;
        every row sums to the same number of raters ``n >= 2``.  From a
        subjects x raters table of labels use :func:`category_counts`.
    confidence : float
        Level of the bootstrap interval.
    n_bootstrap : int
        Resamples of the subjects for the interval (0: no interval).
    seed : int
        Seed of the resampling.

    Returns
    -------
    KappaResult

    Raises
    ------
    ValueError
        Not a 2-D table of non-negative integers with a constant row sum
        of at least 2, or no subject.

    References
    ----------
    Fleiss JL (1971). Measuring nominal scale agreement among many raters.
    Psychol Bull 76:378-382.

    Fleiss JL, Nee JCM, Landis JR (1979). Large sample variance of kappa in
    the case of different sets of raters. Psychol Bull 86:974-977.

    Examples
    --------
    >>> round(fleiss_kappa([[2, 0], [0, 2], [1, 1]], n_bootstrap=0).kappa, 3)
    0.333
    """
    c = np.asarray(counts)
    if c.ndim != 2 or c.shape[0] < 1 or c.shape[1] < 1:
        raise ValueError("counts must be a non-empty subjects x categories table")
    if not np.all(np.isfinite(c)) or np.any(c < 0) or np.any(c != np.round(c)):
        raise ValueError("counts must be non-negative integers")
    rows = c.sum(axis=1)
    if np.any(rows != rows[0]) or rows[0] < 2:
        raise ValueError("every subject must be rated by the same number (>= 2) of raters")
    N, k = c.shape
    n = int(rows[0])
    kappa, p_bar, p_e, p_j = _kappa_stats(c)
    pq = p_j * (1.0 - p_j)
    spq = float(pq.sum())
    if spq > 0:
        inner = spq**2 - float(np.sum(pq * ((1.0 - p_j) - p_j)))
        se0 = math.sqrt(2.0) / (spq * math.sqrt(N * n * (n - 1))) * math.sqrt(max(inner, 0.0))
    else:
        se0 = math.nan
    z = kappa / se0 if se0 > 0 else math.nan
    p = float(2 * _st.norm.sf(abs(z))) if math.isfinite(z) else math.nan
    lo = hi = math.nan
    if n_bootstrap > 0 and math.isfinite(kappa):
        boot = _bootstrap_kappas(c, int(n_bootstrap), seed)
        boot = boot[np.isfinite(boot)]
        if boot.size:
            a = (1.0 - confidence) / 2.0
            lo, hi = (float(x) for x in np.quantile(boot, [a, 1.0 - a]))
    return KappaResult(
        kappa=float(kappa), observed_agreement=p_bar, chance_agreement=p_e, std_err_null=se0, z=float(z),
        p_value=p, ci_lower=lo, ci_upper=hi, confidence=float(confidence), n_subjects=N, n_raters=n,
        n_categories=k, n_bootstrap=int(n_bootstrap) if math.isfinite(lo) else 0,
    )


def cohen_kappa(a: Sequence[Any] | np.ndarray, b: Sequence[Any] | np.ndarray) -> float:
    """Cohen's kappa of two raters' category labels on the same subjects.

    Parameters
    ----------
    a, b : array_like, shape (N,)
        The two raters' labels.

    Returns
    -------
    float
        ``(p_o - p_e) / (1 - p_e)`` with each rater's own marginals; NaN
        when ``p_e = 1``.

    References
    ----------
    Cohen J (1960). A coefficient of agreement for nominal scales. Educ
    Psychol Meas 20:37-46.
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.shape != y.shape or x.ndim != 1 or x.size == 0:
        raise ValueError("a and b must be non-empty 1-D label arrays of the same length")
    cats, codes = np.unique(np.concatenate([x, y]), return_inverse=True)
    cx, cy = codes[: x.size], codes[x.size:]
    k = len(cats)
    p_o = float(np.mean(cx == cy))
    p_e = float(np.sum(np.bincount(cx, minlength=k) * np.bincount(cy, minlength=k))) / x.size**2
    return (p_o - p_e) / (1.0 - p_e) if p_e < 1.0 else math.nan


def reader_agreement(
    decisions: np.ndarray, treatments: Sequence[str], *, n_bootstrap: int = DEFAULT_BOOTSTRAP, seed: int = 0
) -> Mapping[str, KappaResult]:
    """Fleiss' kappa of the readers' binary calls in each treatment.

    Parameters
    ----------
    decisions : ndarray of int, shape (t, J, K)
        0/1 call of each reader on each case, per treatment (the balanced
        set of cases every reader read in every treatment).
    treatments : sequence of str
        Labels of the first axis.
    n_bootstrap, seed : int
        For the bootstrap interval (see :func:`fleiss_kappa`).

    Returns
    -------
    dict
        Treatment -> :class:`KappaResult`; empty with fewer than two readers.
    """
    d = np.asarray(decisions, dtype=int)
    if d.ndim != 3 or d.shape[1] < 2 or d.shape[2] < 1:
        return {}
    out = {}
    for i, trt in enumerate(treatments):
        pos = d[i].sum(axis=0)  # readers calling PH, per case
        counts = np.stack([d.shape[1] - pos, pos], axis=1)
        out[str(trt)] = fleiss_kappa(counts, n_bootstrap=n_bootstrap, seed=seed)
    return out
