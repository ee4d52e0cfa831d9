"""Evaluation statistics in ph_assist.training.metrics, checked on real computations.

Reference values are worked by hand (noted beside each) or come from an
independent computation (sklearn, numpy polynomial roots, a brute-force
bootstrap); coverage is checked by seeded simulation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.polynomial import Polynomial
from scipy import special, stats
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from ph_assist.training.metrics import (
    MIN_EVENTS,
    MIN_NON_EVENTS,
    bootstrap_ci,
    calibration_slope_intercept,
    decision_curve,
    paired_auc_difference,
    roc_auc_ci,
    sensitivity_specificity_ci,
    small_sample_warning,
    wilson_interval,
)

# A 3 + 3 example worked by hand (placement values, DeLong 1988):
#   a: positives 0.9 0.6 0.4 | negatives 0.5 0.3 0.1 -> V10 = 1, 1, 2/3;  V01 = 2/3, 1, 1;   AUC 8/9
#   b: positives 0.8 0.3 0.7 | negatives 0.6 0.2 0.4 -> V10 = 1, 1/3, 1;  V01 = 2/3, 1, 2/3; AUC 7/9
#   S10 = [[1/27, -1/27], [-1/27, 4/27]], S01 = [[1/27, 1/54], [1/54, 1/27]]
#   var A = 2/81, var B = 5/81, cov = -1/162, var(A - B) = 8/81
HAND_Y = [1, 1, 1, 0, 0, 0]
HAND_A = [0.9, 0.6, 0.4, 0.5, 0.3, 0.1]
HAND_B = [0.8, 0.3, 0.7, 0.6, 0.2, 0.4]


def _binormal(rng, m, n, auc):
    """m positives, n negatives from unit-variance normals with the given true AUC."""
    d = math.sqrt(2.0) * stats.norm.ppf(auc)
    y = np.r_[np.ones(m, int), np.zeros(n, int)]
    return y, np.r_[rng.normal(d, 1.0, m), rng.normal(0.0, 1.0, n)]


def _correlated_pair(rng, n):
    """Two correlated scores of different skill on the same n cases."""
    y = rng.integers(0, 2, n)
    shared = rng.normal(0.0, 1.0, n)
    a = 1.2 * y + shared + rng.normal(0.0, 0.6, n)
    b = 0.8 * y + shared + rng.normal(0.0, 0.6, n)
    return y, a, b


class TestRocAucCi:
    def test_auto_is_delong_on_large_samples_and_newcombe_on_small(self):
        y, s = _binormal(np.random.default_rng(0), 60, 80, 0.8)
        big = roc_auc_ci(y, s)
        assert big.method == "DeLong"
        assert big == roc_auc_ci(y, s, method="delong")
        assert big.auc == pytest.approx(roc_auc_score(y, s))
        small = roc_auc_ci(y[50:70], s[50:70])  # 10 positives, 10 negatives
        assert small.method == "Newcombe score (small sample or boundary)"
        assert roc_auc_ci(y[50:70], s[50:70], method="newcombe").method == "Newcombe score"

    def test_auto_switches_to_newcombe_at_the_boundary_even_in_large_samples(self):
        y = np.r_[np.ones(40), np.zeros(40)]
        r = roc_auc_ci(y, y + np.linspace(0, 0.5, 80))
        assert r.auc == 1.0 and r.method.startswith("Newcombe")
        assert roc_auc_ci(y, y + np.linspace(0, 0.5, 80), method="delong").ci_low == 1.0  # DeLong degenerates

    def test_newcombe_perfect_separation_on_10_plus_10(self):
        y = np.r_[np.ones(10), np.zeros(10)]
        perfect = roc_auc_ci(y, np.r_[np.arange(10, 20), np.arange(10)], method="newcombe")
        assert perfect.auc == 1.0 and perfect.ci_high == 1.0
        assert 0.7 < perfect.ci_low < 1.0
        worst = roc_auc_ci(y, np.r_[np.arange(10), np.arange(10, 20)], method="newcombe")
        assert worst.auc == 0.0 and worst.ci_low == 0.0
        assert worst.ci_high == pytest.approx(1.0 - perfect.ci_low)

    @pytest.mark.parametrize("auc, m, n, level", [(0.8, 15, 15, 0.95), (1.0, 10, 10, 0.95),
                                                  (0.62, 7, 31, 0.90), (0.3, 25, 12, 0.99)])
    def test_newcombe_limits_are_roots_of_the_score_equation(self, auc, m, n, level):
        # (auc - t)^2 = z^2 t (1-t) [1 + N*((1-t)/(2-t) + t/(1+t))] / (mn), N* = (m+n)/2 - 1, multiplied out
        # by (2-t)(1+t): an independent quartic whose real roots in [0, 1] must be the limits.
        from ph_assist.training.metrics import _newcombe_interval
        z2 = stats.norm.ppf(0.5 + level / 2) ** 2
        ns = (m + n) / 2 - 1
        t = Polynomial([0, 1])
        quartic = ((auc - t) ** 2 * m * n * (2 - t) * (1 + t)
                   - z2 * t * (1 - t) * ((2 - t) * (1 + t) + ns * ((1 - t) * (1 + t) + t * (2 - t))))
        roots = sorted(r.real for r in quartic.roots() if abs(r.imag) < 1e-9 and -1e-9 <= r.real <= 1 + 1e-9)
        lo, hi = _newcombe_interval(auc, m, n, level)
        assert lo == pytest.approx(max(r for r in roots if r < auc - 1e-9), abs=1e-9)
        assert hi == pytest.approx(min([r for r in roots if r > auc + 1e-9] or [1.0]), abs=1e-9)

    def test_newcombe_coverage_by_simulation(self):
        rng = np.random.default_rng(20260101)
        covered = 0
        for _ in range(500):
            y, s = _binormal(rng, 15, 15, 0.8)
            r = roc_auc_ci(y, s)
            assert r.method.startswith("Newcombe")
            covered += r.ci_low <= 0.8 <= r.ci_high
        assert 0.92 <= covered / 500 <= 0.98

    def test_bad_method_and_level(self):
        with pytest.raises(ValueError, match="method"):
            roc_auc_ci([0, 1], [0.1, 0.9], method="hanley")
        with pytest.raises(ValueError, match="level"):
            roc_auc_ci([0, 1], [0.1, 0.9], level=95)


class TestPairedAucDifference:
    def test_hand_computed_example(self):
        r = paired_auc_difference(HAND_Y, HAND_A, HAND_B, method="delong")
        assert r["auc_a"] == pytest.approx(8 / 9) and r["auc_b"] == pytest.approx(7 / 9)
        assert r["difference"] == pytest.approx(1 / 9)
        assert r["se"] == pytest.approx(math.sqrt(8 / 81))
        assert r["z"] == pytest.approx(1 / math.sqrt(8))
        assert r["p_value"] == pytest.approx(2 * stats.norm.sf(1 / math.sqrt(8)))
        assert r["ci_low"] == pytest.approx(1 / 9 - 1.959964 * math.sqrt(8 / 81), abs=1e-6)
        assert (r["n"], r["n_positive"], r["method"]) == (6, 3, "DeLong paired")

    def test_variance_is_var_a_plus_var_b_minus_twice_the_covariance(self):
        z = stats.norm.ppf(0.975)
        var_a = ((8 / 9 - roc_auc_ci(HAND_Y, HAND_A, method="delong").ci_low) / z) ** 2  # upper limit is clipped at 1
        var_b = ((7 / 9 - roc_auc_ci(HAND_Y, HAND_B, method="delong").ci_low) / z) ** 2
        assert var_a == pytest.approx(2 / 81) and var_b == pytest.approx(5 / 81)
        r = paired_auc_difference(HAND_Y, HAND_A, HAND_B, method="delong")
        assert r["se"] ** 2 == pytest.approx(var_a + var_b - 2 * (-1 / 162))

    def test_reversed_score_doubles_the_unpaired_standard_error(self):
        # b = -a: AUC_b = 1 - AUC_a and cov(A, B) = -var A, so var(A - B) = 4 var A.
        y, a, _ = _correlated_pair(np.random.default_rng(3), 400)
        single = roc_auc_ci(y, a, method="delong")
        se_a = (single.ci_high - single.ci_low) / (2 * stats.norm.ppf(0.975))
        r = paired_auc_difference(y, a, -a)
        assert r["difference"] == pytest.approx(2 * single.auc - 1)
        assert r["se"] == pytest.approx(2 * se_a, rel=1e-9)

    @pytest.mark.parametrize("method", ["delong", "bootstrap"])
    def test_identical_scores(self, method):
        y, a, _ = _correlated_pair(np.random.default_rng(4), 120)
        r = paired_auc_difference(y, a, a, method=method)
        assert r["difference"] == 0.0 and r["p_value"] == 1.0 and r["se"] == 0.0
        assert r["ci_low"] == r["ci_high"] == 0.0

    def test_delong_agrees_with_a_brute_force_bootstrap(self):
        y, a, b = _correlated_pair(np.random.default_rng(5), 400)
        r = paired_auc_difference(y, a, b)
        assert r["method"] == "DeLong paired"
        assert r["auc_a"] == pytest.approx(roc_auc_score(y, a)) and r["auc_b"] == pytest.approx(roc_auc_score(y, b))
        # brute force: every positive-negative pair of each stratified resample, counted directly
        rng = np.random.default_rng(6)
        pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
        kernel = [(s[pos][:, None] > s[neg][None, :]) + 0.5 * (s[pos][:, None] == s[neg][None, :]) for s in (a, b)]
        diffs = []
        for _ in range(1000):
            i, j = rng.integers(0, len(pos), len(pos)), rng.integers(0, len(neg), len(neg))
            diffs.append(kernel[0][np.ix_(i, j)].mean() - kernel[1][np.ix_(i, j)].mean())
        assert r["se"] == pytest.approx(np.std(diffs, ddof=1), rel=0.1)
        boot = paired_auc_difference(y, a, b, method="bootstrap")
        assert boot["method"] == "stratified paired bootstrap (2000)"
        assert boot["difference"] == pytest.approx(r["difference"])
        assert boot["ci_low"] == pytest.approx(r["ci_low"], abs=0.015)
        assert boot["ci_high"] == pytest.approx(r["ci_high"], abs=0.015)
        assert r["p_value"] < 0.01 and boot["p_value"] < 0.01

    def test_auto_uses_the_bootstrap_below_30_per_class_and_is_seeded(self):
        y, a, b = _correlated_pair(np.random.default_rng(7), 50)
        r = paired_auc_difference(y, a, b)
        assert r["method"].startswith("stratified paired bootstrap (2000)")
        assert r == paired_auc_difference(y, a, b)
        assert r["ci_low"] <= r["difference"] <= r["ci_high"] and 0.0 <= r["p_value"] <= 1.0

    def test_rejects_non_finite_and_mismatched_scores(self):
        with pytest.raises(ValueError, match="score_b"):
            paired_auc_difference(HAND_Y, HAND_A, [0.8, np.nan, 0.7, 0.6, 0.2, 0.4])
        with pytest.raises(ValueError):
            paired_auc_difference(HAND_Y, HAND_A, HAND_B[:5])
        with pytest.raises(ValueError):
            paired_auc_difference([1, 1, 1], [0.1, 0.2, 0.3], [0.3, 0.2, 0.1])


class TestWilsonInterval:
    @pytest.mark.parametrize("k, n, expected", [(0, 10, (0.0, 0.2775)), (5, 10, (0.2366, 0.7634)),
                                                (10, 10, (0.7225, 1.0)), (81, 263, (0.2553, 0.3662))])
    def test_known_values(self, k, n, expected):
        # (81, 263): Newcombe 1998 Stat Med 17:857, Table II example, method 3 -> 0.2553 to 0.3662
        assert wilson_interval(k, n) == pytest.approx(expected, abs=6e-5)

    def test_boundaries_and_errors(self):
        lo, hi = wilson_interval(0, 10)
        assert lo == 0.0 and hi < 1.0
        assert all(math.isnan(v) for v in wilson_interval(0, 0))
        assert wilson_interval(3, 20, level=0.99)[1] > wilson_interval(3, 20)[1]
        with pytest.raises(ValueError):
            wilson_interval(11, 10)


class TestSensitivitySpecificityCi:
    def test_counts_and_intervals(self):
        y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
        p = [0.9, 0.5, 0.4, 0.7, 0.5, 0.2, 0.1, 0.3, 0.6, 0.05]
        r = sensitivity_specificity_ci(y, p, 0.5)  # p == threshold counts as rule-positive
        assert (r["tp"], r["fn"], r["fp"], r["tn"]) == (3, 1, 2, 4)
        assert r["sensitivity"] == 0.75 and r["specificity"] == pytest.approx(4 / 6)
        assert r["ppv"] == pytest.approx(3 / 5) and r["npv"] == pytest.approx(4 / 5)
        assert r["sensitivity_ci"] == list(wilson_interval(3, 4))
        assert r["npv_ci"] == list(wilson_interval(4, 5))
        assert (r["n_positive"], r["n_negative"], r["threshold"]) == (4, 6, 0.5)

    def test_undefined_proportions_are_nan(self):
        r = sensitivity_specificity_ci([0, 0, 0], [0.1, 0.2, 0.3], 0.5)
        assert math.isnan(r["sensitivity"]) and math.isnan(r["ppv"])
        assert all(math.isnan(v) for v in r["sensitivity_ci"])
        assert r["specificity"] == 1.0 and r["specificity_ci"][1] == 1.0


class TestCalibrationSlopeIntercept:
    @pytest.fixture(scope="class")
    @classmethod
    def cohort(cls):
        rng = np.random.default_rng(11)
        logit = rng.normal(-0.5, 1.5, 3000)
        return (rng.random(3000) < special.expit(logit)).astype(int), logit

    def test_well_calibrated(self, cohort):
        y, logit = cohort
        r = calibration_slope_intercept(y, special.expit(logit))
        assert r["note"] is None and r["n"] == 3000 and r["n_events"] == int(y.sum())
        assert r["slope_ci"][0] < 1.0 < r["slope_ci"][1] and r["slope"] == pytest.approx(1.0, abs=0.1)
        assert r["intercept_ci"][0] < 0.0 < r["intercept_ci"][1]
        assert r["oe_ratio"] == pytest.approx(1.0, abs=0.05)

    def test_slope_matches_an_unpenalised_sklearn_fit(self, cohort):
        y, logit = cohort
        r = calibration_slope_intercept(y, special.expit(logit))
        sk = LogisticRegression(C=np.inf, tol=1e-10, max_iter=1000).fit(logit[:, None], y)
        assert r["slope"] == pytest.approx(sk.coef_[0, 0], rel=1e-5)

    def test_over_confident_predictions_have_slope_one_half(self, cohort):
        y, logit = cohort
        r = calibration_slope_intercept(y, special.expit(2 * logit))
        assert r["slope"] == pytest.approx(0.5, abs=0.05) and r["slope_ci"][0] < 0.5 < r["slope_ci"][1]

    def test_calibration_in_the_large_recovers_a_shift(self, cohort):
        y, logit = cohort
        r = calibration_slope_intercept(y, special.expit(logit - 1.0))  # risks under-estimated by 1 logit
        assert r["intercept"] == pytest.approx(1.0, abs=0.1) and r["intercept_ci"][0] < 1.0 < r["intercept_ci"][1]
        assert r["slope"] == pytest.approx(calibration_slope_intercept(y, special.expit(logit))["slope"])
        assert r["oe_ratio"] > 1.3

    def test_probabilities_of_0_and_1_are_clipped(self, cohort):
        y, logit = cohort
        p = special.expit(logit)
        p[:5], p[5:10] = 0.0, 1.0
        r = calibration_slope_intercept(y, p)
        assert r["note"] is None and math.isfinite(r["slope"])

    @pytest.mark.parametrize("y, p, expect", [
        ([0] * 20, np.linspace(0.1, 0.9, 20), "same outcome"),
        ([0, 1] * 4, [0.3, 0.6] * 4, "fewer than 10"),
        ([0] * 10 + [1] * 10, np.linspace(0.1, 0.9, 20), "separate"),
        ([0, 1] * 10, [0.3] * 20, "equal"),
    ])
    def test_degenerate_inputs_give_none_and_a_note(self, y, p, expect):
        r = calibration_slope_intercept(y, p)
        assert r["slope"] is None and r["slope_ci"] is None and expect in r["note"]

    def test_invalid_probabilities_raise(self):
        with pytest.raises(ValueError):
            calibration_slope_intercept([0, 1] * 10, [1.5] * 20)


class TestDecisionCurve:
    def test_treat_all_and_treat_none(self):
        rng = np.random.default_rng(12)
        y = (rng.random(300) < 0.3).astype(int)
        r = decision_curve(y, rng.random(300))
        pt = np.asarray(r["thresholds"])
        assert len(pt) == 99 and pt[0] == 0.01 and pt[-1] == 0.99
        prev = y.mean()
        assert r["prevalence"] == pytest.approx(prev) and r["n"] == 300
        assert np.allclose(r["treat_all"], prev - (1 - prev) * pt / (1 - pt))
        assert r["treat_none"] == [0.0] * 99

    def test_perfect_model_net_benefit_is_the_prevalence(self):
        y = np.r_[np.ones(30, int), np.zeros(70, int)]
        r = decision_curve(y, y.astype(float))
        assert np.allclose(r["model"], 0.3)

    def test_hand_computed_point(self):
        # threshold 0.25 (odds 1/3): treated p >= 0.25 -> TP = 2, FP = 1 of n = 5: NB = 2/5 - 1/5 * 1/3
        r = decision_curve([1, 1, 0, 0, 1], [0.9, 0.3, 0.25, 0.1, 0.2], thresholds=[0.25])
        assert r["model"] == [pytest.approx(2 / 5 - 1 / 15)]

    def test_thresholds_must_be_inside_0_1(self):
        with pytest.raises(ValueError):
            decision_curve([0, 1], [0.2, 0.8], thresholds=[0.0, 0.5])


class TestSmallSampleWarning:
    def test_rule_thresholds(self):
        assert MIN_EVENTS == 100 and MIN_NON_EVENTS == 100
        assert small_sample_warning(100, 100, "validation") is None
        assert small_sample_warning(99, 500, "validation") is not None
        assert small_sample_warning(500, 99, "test") is not None
        assert small_sample_warning(5, 5, "training") is None

    def test_wording(self):
        assert small_sample_warning(5, 300, "validation") == (
            "validation set has 5 PH cases (fewer than 100): its thresholds and calibration cannot be trusted")
        msg = small_sample_warning(1, 40, "test")
        assert msg.startswith("test set has 1 PH case (fewer than 100) and 40 cases without PH (fewer than 100): ")
        assert "\n" not in msg


class TestBootstrapCi:
    def test_mean_interval_matches_the_t_interval(self):
        x = np.random.default_rng(13).normal(2.0, 1.0, 300)
        lo, hi = bootstrap_ci(lambda _y, v: v.mean(), np.zeros(300), x, stratified=False)
        half = stats.t.ppf(0.975, 299) * x.std(ddof=1) / math.sqrt(300)
        assert lo == pytest.approx(x.mean() - half, abs=0.02) and hi == pytest.approx(x.mean() + half, abs=0.02)

    def test_stratified_keeps_class_counts_and_is_seeded(self):
        y = np.r_[np.ones(7), np.zeros(30)]
        assert bootstrap_ci(lambda yy: yy.sum(), y, n_boot=200) == (7.0, 7.0)
        lo, hi = bootstrap_ci(lambda yy: yy.sum(), y, n_boot=200, stratified=False)
        assert lo < 7.0 < hi
        stat = lambda yy, s: s[yy == 1].mean() - s[yy == 0].mean()  # noqa: E731
        s = np.r_[np.arange(7) + 10.0, np.arange(30.0)]
        assert bootstrap_ci(stat, y, s, n_boot=300, seed=1) == bootstrap_ci(stat, y, s, n_boot=300, seed=1)


def test_resampled_aucs_agree_between_the_kernel_and_the_rank_paths():
    from ph_assist.training.metrics import _bootstrap_indices, _resampled_aucs
    rng = np.random.default_rng(14)
    pos, neg = np.round(rng.normal(0.5, 1, 600), 1), np.round(rng.normal(0, 1, 500), 1)  # ties included
    ip, ineg = _bootstrap_indices([600, 500], 20, seed=3)
    ranked = _resampled_aucs(pos, neg, ip, ineg)  # 600 x 500 pairs: the rank path
    kernel = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    assert np.allclose(ranked, [kernel[np.ix_(i, j)].mean() for i, j in zip(ip, ineg)])
    small = _resampled_aucs(pos[:100], neg[:80], ip[:, :100] % 100, ineg[:, :80] % 80)  # the kernel path
    assert np.allclose(small, [roc_auc_score(np.r_[np.ones(100), np.zeros(80)], np.r_[pos[:100][i], neg[:80][j]])
                               for i, j in zip(ip[:, :100] % 100, ineg[:, :80] % 80)])
