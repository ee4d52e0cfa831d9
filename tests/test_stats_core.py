"""The one AUC (ph_assist.stats_core) and the three places that use it."""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from ph_assist.stats_core import mann_whitney_auc
from ph_assist.study.stats import empirical_auc
from ph_assist.synth.oracle import auc as oracle_auc
from ph_assist.training.metrics import roc_auc, roc_auc_ci


def _exact_auc(pos: np.ndarray, neg: np.ndarray) -> Fraction:
    """Pair counting in exact arithmetic (Bamber 1975): wins + ties/2 over m n."""
    twice = int(np.sum(pos[:, None] > neg[None, :])) * 2 + int(np.sum(pos[:, None] == neg[None, :]))
    return Fraction(twice, 2 * len(pos) * len(neg))


def _samples(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        m, n = (int(v) for v in rng.integers(1, 120, 2))
        y = np.r_[np.ones(m, int), np.zeros(n, int)]
        x = np.round(rng.normal(size=m + n) + y * rng.uniform(0, 2), int(rng.integers(0, 3)))  # ties at 0-2 dp
        perm = rng.permutation(m + n)
        yield y[perm], x[perm]


def test_the_auc_is_pair_counting_correctly_rounded():
    for y, x in _samples(0, 200):
        exact = _exact_auc(x[y == 1], x[y == 0])
        assert mann_whitney_auc(x[y == 1], x[y == 0]) == float(exact)  # float(Fraction) rounds to nearest


def test_ties_count_one_half_and_an_empty_class_is_nan():
    assert mann_whitney_auc(np.array([2.0, 3.0]), np.array([1.0, 2.0])) == 0.875
    assert mann_whitney_auc(np.array([1.0, 1.0]), np.array([1.0])) == 0.5
    assert math.isnan(mann_whitney_auc(np.array([]), np.array([1.0])))
    assert math.isnan(mann_whitney_auc(np.array([1.0]), np.array([np.nan])))


def test_matches_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    for y, x in _samples(1, 50):
        if 0 < y.sum() < len(y):
            assert mann_whitney_auc(x[y == 1], x[y == 0]) == pytest.approx(metrics.roc_auc_score(y, x), abs=1e-15)


def test_the_three_callers_give_the_same_number_bit_for_bit():
    for y, x in _samples(2, 200):
        a = roc_auc(y, x)
        assert empirical_auc(y, x) == a and oracle_auc(y, x) == a
        assert roc_auc_ci(y, x, method="delong").auc == a and roc_auc_ci(y, x, method="newcombe").auc == a
    assert math.isnan(empirical_auc([1, 1], [2, 3])) and math.isnan(oracle_auc([0, 0], [2, 3]))


def test_study_and_synth_get_the_auc_without_torch():
    code = ("import sys, ph_assist.study.stats, ph_assist.synth.oracle, ph_assist.stats_core, ph_assist.cases; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"
