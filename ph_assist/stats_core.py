"""The one ROC AUC computation every part of PH-Assist uses.

A leaf module (NumPy, and SciPy imported on first use; no torch, no Qt) so
that the reader-study statistics, the synthetic-cohort oracle and the
training metrics can share it without importing each other's packages.
Callers validate their own inputs and decide what an empty class means
(:func:`ph_assist.training.metrics.roc_auc` raises,
:func:`ph_assist.study.stats.empirical_auc` and
:func:`ph_assist.synth.oracle.auc` return NaN); this function only counts.
"""

from __future__ import annotations

import numpy as np

__all__ = ["mann_whitney_auc"]


def mann_whitney_auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Area under the ROC curve from the scores of the positive and negative cases.

    Parameters
    ----------
    pos : ndarray of shape (m,)
        Scores of the positive cases (larger means more likely positive).
    neg : ndarray of shape (n,)
        Scores of the negative cases.

    Returns
    -------
    float
        The Mann-Whitney estimate of P(positive score > negative score), ties
        counted one half: ``(R - m (m + 1) / 2) / (m n)`` with ``R`` the sum of
        the positives' midranks in the pooled sample.  NaN when either class is
        empty or a score is NaN.

    References
    ----------
    .. [1] Bamber D. The area above the ordinal dominance graph and the area
       below the receiver operating characteristic graph. J Math Psychol
       1975;12:387-415.
    .. [2] Hanley JA, McNeil BJ. The meaning and use of the area under a
       receiver operating characteristic (ROC) curve. Radiology 1982;143:29-36.

    Examples
    --------
    >>> mann_whitney_auc(np.array([2.0, 3.0]), np.array([1.0, 2.0]))
    0.875
    """
    from scipy.stats import rankdata

    pos = np.asarray(pos, dtype=np.float64).reshape(-1)
    neg = np.asarray(neg, dtype=np.float64).reshape(-1)
    m, n = len(pos), len(neg)
    if m == 0 or n == 0:
        return float("nan")
    ranks = rankdata(np.concatenate([pos, neg]))
    return float((ranks[:m].sum() - m * (m + 1) / 2.0) / (m * n))
