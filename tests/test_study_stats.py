"""Tests of ph_assist.study: MRMC reader-study statistics and file formats."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest
from sklearn.metrics import roc_auc_score

from ph_assist.errors import InputError
from ph_assist.study import ReadTable, analyze, load_long_csv, write_imrmc, write_long_csv
from ph_assist.study.stats import empirical_auc, mcnemar_exact, wilson_ci

DATA = Path(__file__).parent / "data" / "mrmc"
VANDYKE = DATA / "vandyke_long.csv"


def assert_printed(value: float, printed: str) -> None:
    """``value`` agrees with a number printed as ``printed`` to its last digit."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    tol = 0.5 * 10.0**-decimals + 1e-12
    assert abs(value - float(printed)) <= tol, f"{value!r} != printed {printed}"


def make_table(rows, **kw) -> ReadTable:
    cols = ("reader", "treatment", "case", "truth", "rating", "decision")
    return ReadTable.from_records([dict(zip(cols, r)) for r in rows], **kw)


# --------------------------------------------------------------------------
# The published worked example: Van Dyke et al. (1993)
# --------------------------------------------------------------------------
#
# Sources (see tests/data/mrmc/README.md):
#  [ORDBM] OR-DBM MRMC 2.51 output for VanDyke.lrc, "TRAPEZOIDAL AREA
#          ANALYSIS", Covariance Estimation Method: Jackknifing, stored in
#          the RJafroc repository as inst/IowaResults/VanDyke.txt.
#  [MRMCaov] MRMCaov README (0.1.x), summary(mrmc(empirical_auc(truth,
#          rating), treatment, reader, case, data = VanDyke)).
# Both print treatment 1 minus treatment 2; analyze() reports second minus
# first, so the printed differences and CIs appear here with the sign flipped.


@pytest.fixture(scope="module")
def vandyke():
    table = load_long_csv(VANDYKE)
    return table, analyze(table)


def test_vandyke_data_shape(vandyke):
    table, res = vandyke
    assert len(table) == 1140
    assert res.readers == ("1", "2", "3", "4", "5")
    assert res.treatments == ("1", "2")
    assert (res.n_cases, res.n_nondiseased, res.n_diseased, res.n_cases_dropped) == (114, 69, 45, 0)


def test_vandyke_reader_aucs_match_published(vandyke):
    # [ORDBM] "TREATMENT x READER AUC ESTIMATES"
    printed = {
        "1": ("0.91964573", "0.85877617", "0.90386473", "0.97310789", "0.82979066"),
        "2": ("0.94782609", "0.90531401", "0.92173913", "0.99935588", "0.92995169"),
    }
    _, res = vandyke
    auc = res.or_hillis["auc"]
    for trt, values in printed.items():
        for reader, text in zip(res.readers, values):
            assert_printed(auc.reader_estimates[trt][reader], text)
            assert_printed(res.per_reader[reader][trt].auc, text)


def test_vandyke_or_hillis_random_readers_random_cases_match_published(vandyke):
    _, res = vandyke
    a = res.or_hillis["auc"]
    # [ORDBM] "TREATMENT AUC MEANS", "TREATMENT AUC MEAN DIFFERENCES" (1 - 2)
    assert_printed(a.treatment_means["1"], "0.89703704")
    assert_printed(a.treatment_means["2"], "0.94083736")
    assert_printed(-a.difference, "-0.04380032")
    assert_printed(res.pooled["1"].auc, "0.89703704")
    # [ORDBM] "TREATMENT X READER ANOVA of AUCs" and reader ANOVAs per treatment
    assert_printed(a.ms_t, "0.00479617")
    assert_printed(a.ms_r, "0.00383620")
    assert_printed(a.ms_tr, "0.00055103")
    assert_printed(a.ms_r_by_treatment["1"], "0.00308263")
    assert_printed(a.ms_r_by_treatment["2"], "0.00130460")
    # [ORDBM] "Obuchowski-Rockette variance component and covariance estimates"
    assert_printed(a.var_r, "0.00153500")
    assert_printed(a.var_tr, "0.00020040")
    assert_printed(a.cov1, "0.00034661")
    assert_printed(a.cov2, "0.00034407")
    assert_printed(a.cov3, "0.00023903")
    assert_printed(a.var, "0.00080229")
    assert_printed(a.cov1 / a.var, "0.43203138")
    assert_printed(a.cov2 / a.var, "0.42886683")
    assert_printed(a.cov3 / a.var, "0.29793328")
    # [MRMCaov] the same to 10 significant digits
    assert_printed(a.var, "0.0008022883")
    assert_printed(a.cov1, "0.0003466137")
    assert_printed(a.cov2, "0.0003440748")
    assert_printed(a.cov3, "0.0002390284")
    assert_printed(a.var_tr, "0.0002004025")
    assert_printed(a.var_r, "0.0015349993")
    # [ORDBM] Analysis 1 (a): F = 4.46, ddf = 15.26, p = 0.0517, error term
    r = a.rrrc
    assert r is not None
    assert_printed(r.statistic, "4.46")
    assert_printed(r.df2, "15.26")
    assert_printed(r.p_value, "0.0517")
    assert_printed(r.error_term, "0.00107626")
    assert r.df1 == 1
    # [MRMCaov] "ANOVA global test": Denominator, F, df2, p-value
    assert_printed(r.error_term, "0.001076263")
    assert_printed(r.statistic, "4.456319")
    assert_printed(r.df2, "15.25967")
    assert_printed(r.p_value, "0.05166569")
    # [ORDBM] Analysis 1 (b): 1 - 2: -0.04380, StdErr 0.02075, t -2.11, CI (-0.08796, 0.00036)
    assert_printed(r.std_err, "0.02075")
    assert_printed(-r.t_or_z, "-2.11")
    assert_printed(-r.ci_upper, "-0.08796")
    assert_printed(-r.ci_lower, "0.00036")
    # [MRMCaov] StdErr 0.02074862, t -2.110999, CI (-0.0879594986, 0.0003588544)
    assert_printed(r.std_err, "0.02074862")
    assert_printed(-r.t_or_z, "-2.110999")
    assert_printed(-r.ci_upper, "-0.0879594986")
    assert_printed(-r.ci_lower, "0.0003588544")
    # [ORDBM] Analysis 1 (c) / [MRMCaov] single-treatment CIs
    s1, s2 = a.rrrc_single_treatment["1"], a.rrrc_single_treatment["2"]
    assert_printed(s1.std_err, "0.03317360")
    assert_printed(s1.df, "12.74")
    assert_printed(s1.ci_lower, "0.82522360")
    assert_printed(s1.ci_upper, "0.96885048")
    assert_printed(a.cov2_by_treatment["1"], "0.00048396")
    assert_printed(s2.std_err, "0.02156637")
    assert_printed(s2.df, "12.71")
    assert_printed(s2.ci_lower, "0.89413783")
    assert_printed(s2.ci_upper, "0.98753689")
    assert_printed(a.cov2_by_treatment["2"], "0.00020419")
    assert_printed(s1.df, "12.74465")  # [MRMCaov]
    assert_printed(s2.df, "12.71019")  # [MRMCaov]


def test_vandyke_fixed_reader_and_fixed_case_analyses_match_published(vandyke):
    _, res = vandyke
    a = res.or_hillis["auc"]
    # [ORDBM] Analysis 2 (fixed readers, random cases)
    f = a.frrc
    assert_printed(f.statistic, "5.47595")
    assert_printed(f.p_value, "0.0193")
    assert_printed(f.std_err, "0.01872")
    assert_printed(-f.t_or_z, "-2.34")
    assert_printed(-f.ci_upper, "-0.08049")
    assert_printed(-f.ci_lower, "-0.00711")
    assert_printed(a.frrc_single_treatment["1"].std_err, "0.02428971")
    assert_printed(a.frrc_single_treatment["1"].ci_lower, "0.84943008")
    assert_printed(a.frrc_single_treatment["2"].ci_upper, "0.97371835")
    assert_printed(a.var_by_treatment["1"], "0.00101410")
    assert_printed(a.var_by_treatment["2"], "0.00059047")
    # [ORDBM] Analysis 2 (d): single-reader differences (1 - 2)
    printed = {
        "1": ("-0.02818", "0.02551", "0.2693", "0.00069890", "0.00037347"),
        "2": ("-0.04654", "0.02630", "0.0768", "0.00110605", "0.00076016"),
        "3": ("-0.01787", "0.03121", "0.5668", "0.00084234", "0.00035532"),
        "4": ("-0.02625", "0.01729", "0.1290", "0.00015058", "0.00000108"),
        "5": ("-0.10016", "0.04406", "0.0230", "0.00121357", "0.00024304"),
    }
    for reader, (d, se, p, var, cov1) in printed.items():
        rr = a.frrc_by_reader[reader]
        assert_printed(-rr.estimate, d)
        assert_printed(rr.std_err, se)
        assert_printed(rr.p_value, p)
        assert_printed(a.var_by_reader[reader], var)
        assert_printed(a.cov1_by_reader[reader], cov1)
    # [ORDBM] Analysis 3 (random readers, fixed cases)
    g = a.rrfc
    assert_printed(g.statistic, "8.70")
    assert_printed(g.p_value, "0.0420")
    assert (g.df1, g.df2) == (1, 4)
    assert_printed(g.std_err, "0.01485")
    assert_printed(-g.ci_upper, "-0.08502")
    assert_printed(-g.ci_lower, "-0.00258")
    assert_printed(a.rrfc_single_treatment["1"].std_err, "0.02482994")
    assert_printed(a.rrfc_single_treatment["2"].ci_lower, "0.89598936")


def test_treatment_order_sets_the_sign(vandyke):
    table, res = vandyke
    flipped = analyze(table, treatments=("2", "1")).or_hillis["auc"]
    assert flipped.difference == pytest.approx(-res.or_hillis["auc"].difference)
    assert flipped.rrrc.p_value == pytest.approx(res.or_hillis["auc"].rrrc.p_value)


def test_result_is_json_ready(vandyke):
    _, res = vandyke
    d = res.to_dict()
    text = json.dumps(d, allow_nan=False)
    back = json.loads(text)
    assert back["or_hillis"]["auc"]["rrrc"]["df2"] == pytest.approx(15.2597, abs=1e-4)
    assert set(back["or_hillis"]) == {"auc", "accuracy", "sensitivity", "specificity"}
    assert back["change_of_mind_total"]["n"] == 5 * 114
    assert back["notes"]


# --------------------------------------------------------------------------
# Elementary statistics
# --------------------------------------------------------------------------


@pytest.mark.parametrize("b,c", [(0, 0), (1, 0), (0, 5), (3, 3), (2, 9), (10, 4), (0, 12), (25, 40)])
def test_mcnemar_exact_matches_binomtest(b, c):
    res = mcnemar_exact(b, c)
    expected = 1.0 if b + c == 0 else binomtest(b, b + c, 0.5).pvalue
    assert res.p_value == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert (res.right_to_wrong, res.wrong_to_right, res.n_discordant) == (b, c, b + c)


def test_auc_with_ties_matches_sklearn():
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, 200)
    y[:2] = (0, 1)
    x = rng.integers(0, 6, 200) + 2 * y  # coarse scale: many ties
    assert empirical_auc(y, x) == pytest.approx(roc_auc_score(y, x), abs=1e-14)
    assert empirical_auc([0, 1, 0, 1], [3, 3, 3, 3]) == 0.5
    assert math.isnan(empirical_auc([1, 1], [2, 3]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 4)), min_size=2, max_size=40))
def test_auc_property_matches_sklearn(pairs):
    y = np.array([p[0] for p in pairs])
    x = np.array([p[1] for p in pairs], dtype=float)
    if y.min() == y.max():
        assert math.isnan(empirical_auc(y, x))
    else:
        assert empirical_auc(y, x) == pytest.approx(roc_auc_score(y, x), abs=1e-12)


def test_wilson_interval():
    p = wilson_ci(8, 10)
    assert p.estimate == 0.8
    assert (round(p.ci_lower, 4), round(p.ci_upper, 4)) == (0.4902, 0.9433)
    zero = wilson_ci(0, 20)
    assert zero.ci_lower == 0.0 and 0.16 < zero.ci_upper < 0.17
    assert math.isnan(wilson_ci(0, 0).estimate)


# --------------------------------------------------------------------------
# A tiny hand-checked study
# --------------------------------------------------------------------------

# Two readers, four cases (c1, c2 diseased), decisions given.
TINY = [
    # reader, treatment, case, truth, rating, decision
    ("A", "unaided", "c1", 1, 80, 1),
    ("A", "unaided", "c2", 1, 30, 0),
    ("A", "unaided", "c3", 0, 60, 1),
    ("A", "unaided", "c4", 0, 20, 0),
    ("A", "aided", "c1", 1, 90, 1),
    ("A", "aided", "c2", 1, 70, 1),
    ("A", "aided", "c3", 0, 40, 0),
    ("A", "aided", "c4", 0, 10, 0),
    ("B", "unaided", "c1", 1, 55, 1),
    ("B", "unaided", "c2", 1, 45, 0),
    ("B", "unaided", "c3", 0, 45, 0),
    ("B", "unaided", "c4", 0, 35, 0),
    ("B", "aided", "c1", 1, 35, 0),
    ("B", "aided", "c2", 1, 75, 1),
    ("B", "aided", "c3", 0, 30, 0),
    ("B", "aided", "c4", 0, 25, 0),
]


def test_tiny_study_metrics_change_of_mind_and_mcnemar():
    res = analyze(make_table(TINY))
    assert res.treatments == ("unaided", "aided")
    a_un, a_ai = res.per_reader["A"]["unaided"], res.per_reader["A"]["aided"]
    assert (a_un.accuracy.successes, a_un.sensitivity.successes, a_un.specificity.successes) == (2, 1, 1)
    assert (a_ai.accuracy.successes, a_ai.sensitivity.successes, a_ai.specificity.successes) == (4, 2, 2)
    assert a_un.auc == 0.75 and a_ai.auc == 1.0
    # reader A: c2 and c3 wrong -> right; reader B: c1 right -> wrong, c2 wrong -> right
    assert res.change_of_mind["A"] == type(res.change_of_mind["A"])(0, 2, 2, 0)
    assert res.change_of_mind["B"] == type(res.change_of_mind["B"])(1, 1, 2, 0)
    assert res.change_of_mind_total.right_to_wrong == 1 and res.change_of_mind_total.wrong_to_right == 3
    assert res.mcnemar["A"].p_value == pytest.approx(binomtest(0, 2, 0.5).pvalue)
    assert res.mcnemar["B"].p_value == 1.0
    assert res.mcnemar_pooled.p_value == pytest.approx(binomtest(1, 4, 0.5).pvalue)
    # pooled proportions = all reads; equal to the reader mean in a balanced design
    assert res.pooled["aided"].accuracy.estimate == pytest.approx(np.mean([1.0, 0.75]))
    assert res.pooled["unaided"].auc == pytest.approx(np.mean([0.75, res.per_reader["B"]["unaided"].auc]))
    acc = res.or_hillis["accuracy"]
    assert acc.treatment_means == {"unaided": pytest.approx(0.625), "aided": pytest.approx(0.875)}
    assert acc.difference == pytest.approx(0.25)


def test_binary_foms_jackknife_only_the_relevant_cases():
    res = analyze(make_table(TINY))
    sens = res.or_hillis["sensitivity"]
    spec = res.or_hillis["specificity"]
    assert sens.n_cases_jackknifed == 2 and spec.n_cases_jackknifed == 2
    assert res.or_hillis["accuracy"].n_cases_jackknifed == 4
    # jackknife variance of a proportion over n cases is p(1-p)/(n-1)
    p = sens.reader_estimates["unaided"]["A"]
    assert sens.var_by_reader["A"] == pytest.approx(
        np.mean([p * (1 - p) / 1, 0.0])  # aided: A found both diseased cases
    )


def test_decision_derived_from_rating_when_absent():
    rows = [r[:5] + (None,) for r in TINY]
    table = make_table(rows)
    assert not table.decision_given
    assert table.decision == tuple(int(r[4] >= 50) for r in TINY)
    res = analyze(table)
    assert "rating >= 50" in res.decision_rule
    assert any("rating >= 50" in n for n in res.notes)
    table60 = make_table(rows, decision_threshold=60)
    assert table60.decision == tuple(int(r[4] >= 60) for r in TINY)


# --------------------------------------------------------------------------
# Edge cases
# --------------------------------------------------------------------------


def _sim_rows(seed, n_readers=4, n_cases=40, d_first=1.0, d_second=1.0, prefix=""):
    """A Roe-Metz-like simulated study with 0-100 confidence ratings."""
    rng = np.random.default_rng(seed)
    truth = np.arange(n_cases) % 2
    case_eff = rng.normal(0, 1, n_cases)
    rows = []
    for j in range(n_readers):
        bias = rng.normal(0, 0.3)
        rc = rng.normal(0, 0.5, n_cases)
        for trt, d in (("unaided", d_first), ("aided", d_second)):
            latent = d * truth + case_eff + rc + bias + rng.normal(0, 0.7, n_cases) - d / 2
            rating = 100 / (1 + np.exp(-latent))
            for k in range(n_cases):
                rows.append((f"{prefix}R{j}", trt, f"case{k:03d}", int(truth[k]), round(float(rating[k]), 1), None))
    return rows


def test_missing_reads_are_dropped_and_reported():
    rows = _sim_rows(1)
    skipped = {("R1", "aided", "case003"), ("R2", "unaided", "case010")}
    rows = [r for r in rows if (r[0], r[1], r[2]) not in skipped]
    res = analyze(make_table(rows))
    assert res.n_cases_dropped == 2 and set(res.dropped_cases) == {"case003", "case010"}
    assert res.n_cases == 38
    assert any("2 case(s)" in n and "dropped" in n for n in res.notes)
    assert res.or_hillis["auc"].n_cases_jackknifed == 38


def test_reader_without_a_treatment_is_refused():
    rows = [r for r in _sim_rows(2) if not (r[0] == "R0" and r[1] == "aided")]
    with pytest.raises(InputError, match="reader 'R0' has no reads in treatment 'aided'"):
        analyze(make_table(rows))


def test_wrong_number_of_treatments_is_refused():
    rows = _sim_rows(12, n_readers=2, n_cases=6)
    third = [(r[0], "other", r[2], r[3], r[4], None) for r in rows if r[1] == "aided"]
    with pytest.raises(InputError, match="exactly two"):
        analyze(make_table(rows + third))
    with pytest.raises(InputError, match="treatment 'with' has no reads"):
        analyze(make_table(rows), treatments=("unaided", "with"))


def test_no_complete_case_is_refused():
    rows = [r for r in _sim_rows(3, n_readers=2, n_cases=6)
            if not ((r[0] == "R0" and r[2] in {"case000", "case001", "case002"})
                    or (r[0] == "R1" and r[2] in {"case003", "case004", "case005"}))]
    with pytest.raises(InputError, match="no case was read by every reader"):
        analyze(make_table(rows))


def test_single_reader_gets_fixed_reader_analysis_with_note():
    rows = _sim_rows(4, n_readers=1, d_second=2.5)
    res = analyze(make_table(rows))
    auc = res.or_hillis["auc"]
    assert auc.rrrc is None and auc.rrfc is None
    assert auc.frrc is not None and 0 <= auc.frrc.p_value <= 1
    assert auc.frrc_by_reader["R0"].estimate == pytest.approx(auc.difference)
    assert any("one reader" in n for n in res.notes)
    json.dumps(res.to_dict(), allow_nan=False)


def test_always_right_reader_does_not_break_the_analysis():
    rows = _sim_rows(5, n_readers=3)
    fixed = []
    for r in rows:
        if r[0] == "R0":  # R0 is always right and perfectly confident
            rating = 95.0 if r[3] == 1 else 5.0
            r = (r[0], r[1], r[2], r[3], rating, None)
        fixed.append(r)
    res = analyze(make_table(fixed))
    acc = res.or_hillis["accuracy"]
    assert acc.var_by_reader["R0"] == 0.0
    assert res.per_reader["R0"]["aided"].accuracy.estimate == 1.0
    assert res.per_reader["R0"]["aided"].auc == 1.0
    assert math.isfinite(acc.rrrc.p_value) and 0 <= acc.rrrc.p_value <= 1
    assert any("R0" in n and "zero jackknife variance" in n for n in res.notes)


def test_everyone_always_right_gives_nan_f_with_note():
    rows = [(r[0], r[1], r[2], r[3], 90.0 if r[3] else 10.0, None) for r in _sim_rows(6, n_readers=3)]
    res = analyze(make_table(rows))
    acc = res.or_hillis["accuracy"]
    assert acc.difference == 0.0
    assert math.isnan(acc.rrrc.statistic) and acc.rrrc.p_value == 1.0
    assert math.isinf(acc.rrrc.df2)
    assert any("accuracy" in n and "error term" in n and "zero" in n for n in res.notes)
    auc = res.or_hillis["auc"]
    assert auc.rrrc.p_value == 1.0
    d = res.to_dict()
    assert d["or_hillis"]["accuracy"]["rrrc"]["statistic"] is None
    json.dumps(d, allow_nan=False)


def test_perfect_improvement_without_variability_gives_infinite_f():
    # every reader wrong on every case unaided, right on every case aided
    rows = []
    for j in range(3):
        for k in range(10):
            y = k % 2
            rows.append((f"R{j}", "unaided", f"c{k}", y, 10.0 if y else 90.0, None))
            rows.append((f"R{j}", "aided", f"c{k}", y, 90.0 if y else 10.0, None))
    res = analyze(make_table(rows))
    acc = res.or_hillis["accuracy"]
    assert acc.difference == 1.0
    assert math.isinf(acc.rrrc.statistic) and acc.rrrc.p_value == 0.0
    assert any("F = inf" in n for n in res.notes)


def test_ms_tr_zero_gives_infinite_ddf_with_note():
    # Identical readers: theta[i, j] does not depend on j, so MS(TR) = 0.
    base = _sim_rows(8, n_readers=1, d_second=2.0)
    rows = [(f"R{j}",) + r[1:] for j in range(3) for r in base]
    res = analyze(make_table(rows))
    auc = res.or_hillis["auc"]
    assert auc.ms_tr == 0.0
    assert math.isinf(auc.rrrc.df2)
    assert 0 <= auc.rrrc.p_value <= 1 and math.isfinite(auc.rrrc.ci_lower)
    assert any("MS(TR) = 0" in n for n in res.notes)


def test_ties_everywhere_give_auc_one_half():
    rows = [(r[0], r[1], r[2], r[3], 50.0, None) for r in _sim_rows(9, n_readers=2, n_cases=10)]
    res = analyze(make_table(rows))
    assert all(res.per_reader[r][t].auc == 0.5 for r in res.readers for t in res.treatments)
    assert res.or_hillis["auc"].rrrc.p_value == 1.0


def test_one_class_only_skips_auc_with_note():
    rows = [r for r in _sim_rows(10, n_readers=2, n_cases=10) if r[3] == 1]
    res = analyze(make_table(rows))
    assert res.or_hillis["auc"] is None and res.or_hillis["specificity"] is None
    assert res.or_hillis["sensitivity"] is not None
    assert math.isnan(res.per_reader["R0"]["aided"].auc)
    assert any("same truth" in n for n in res.notes)
    json.dumps(res.to_dict(), allow_nan=False)


# --------------------------------------------------------------------------
# Simulated studies
# --------------------------------------------------------------------------


def test_simulated_strong_aid_is_significant():
    res = analyze(make_table(_sim_rows(11, n_readers=5, n_cases=60, d_first=0.8, d_second=3.0)))
    auc = res.or_hillis["auc"]
    assert auc.difference > 0.1
    assert auc.rrrc.p_value < 0.05
    assert auc.rrrc.ci_lower > 0


def test_simulated_identical_treatments_give_unremarkable_p_values():
    ps = [
        analyze(make_table(_sim_rows(100 + seed, n_readers=4, n_cases=40))).or_hillis["auc"].rrrc.p_value
        for seed in range(12)
    ]
    assert sum(p < 0.05 for p in ps) <= 3
    assert 0.2 < float(np.mean(ps)) < 0.8


# --------------------------------------------------------------------------
# Long CSV
# --------------------------------------------------------------------------


def test_long_csv_round_trip(tmp_path):
    for rows in (TINY, [r[:5] + (None,) for r in TINY]):
        table = make_table(rows)
        path = tmp_path / "reads.csv"
        write_long_csv(path, table)
        back = load_long_csv(path)
        assert back.records() == table.records()
        assert back.decision_given == table.decision_given
        assert back.source == str(path)
    # non-integer ratings survive exactly
    rows = [r[:4] + (r[4] + 0.1, r[5]) for r in TINY]
    table = make_table(rows)
    write_long_csv(tmp_path / "f.csv", table)
    assert load_long_csv(tmp_path / "f.csv").rating == table.rating


def test_vandyke_csv_round_trip(tmp_path):
    table = load_long_csv(VANDYKE)
    write_long_csv(tmp_path / "vd.csv", table)
    assert (tmp_path / "vd.csv").read_text() == VANDYKE.read_text()


def _write(tmp_path, text, name="study.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


HEADER = "reader,treatment,case,truth,rating\n"


@pytest.mark.parametrize(
    "text,message",
    [
        ("reader,case,truth\nA,c1,1\n", "missing required column(s) treatment, rating"),
        (HEADER + "A,unaided,c1,1,80\nA,unaided,c2,0,high\n", "row 3: rating 'high' is not a number"),
        (HEADER + "A,unaided,c1,1,80\nA,unaided,c2,0,\n", "row 3: rating (empty) is not a number"),
        (HEADER + "A,unaided,c1,1,nan\n", "row 2: rating 'nan' is not a finite number"),
        (HEADER + "A,unaided,c1,2,80\n", "row 2: truth '2' must be 0 or 1"),
        (HEADER + "A,unaided,c1,yes,80\n", "row 2: truth 'yes' must be 0 or 1"),
        (
            HEADER + "A,unaided,c1,1,80\nA,aided,c1,0,80\n",
            "row 3: case 'c1' has truth 0 but row 2 gave it truth 1",
        ),
        (
            HEADER + "A,unaided,c1,1,80\nB,unaided,c1,1,70\nA,unaided,c1,1,60\n",
            "row 4: duplicate read of case 'c1' by reader 'A' in treatment 'unaided' (first read at row 2)",
        ),
        (HEADER + ",unaided,c1,1,80\n", "row 2: reader is empty"),
        (
            "reader,treatment,case,truth,rating,decision\nA,unaided,c1,1,80,1\nA,aided,c1,1,80,\n",
            "row 3: decision is missing",
        ),
        (
            "reader,treatment,case,truth,rating,decision\nA,unaided,c1,1,80,maybe\n",
            "row 2: decision 'maybe' must be 0 or 1",
        ),
        (HEADER + "A,unaided,c1,1,80\nA,aided,c1,1,80\nA,third,c1,1,80\n", "found 3 treatment(s)"),
        (HEADER + "A,unaided,c1,1,80\n", "found 1 treatment(s)"),
        ("", "the file is empty"),
        (HEADER, "header but no reads"),
    ],
)
def test_long_csv_errors_name_file_row_and_problem(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_long_csv(path)
    msg = str(info.value)
    assert msg.startswith(f"{path}: ")
    assert message in msg
    assert "\n" not in msg


def test_long_csv_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        load_long_csv(tmp_path / "nope.csv")


def test_long_csv_header_is_forgiving(tmp_path):
    text = "\ufeff Reader ;Treatment;CASE;Truth;Rating;note\nA;unaided;c1;1;80;x\nA;aided;c1;1;90;y\n"
    path = _write(tmp_path, text)
    table = load_long_csv(path)
    assert table.records()[1] == {
        "reader": "A", "treatment": "aided", "case": "c1", "truth": 1, "rating": 90.0, "decision": 1,
    }


# --------------------------------------------------------------------------
# iMRMC export
# --------------------------------------------------------------------------


def test_imrmc_export_line_by_line(tmp_path):
    rows = [
        ("dr:a", "unaided", "c1", 1, 80, None),
        ("dr:a", "unaided", "c2", 0, 20.5, None),
        ("dr:a", "unaided", "c3", 0, 60, None),
        ("dr:a", "aided", "c1", 1, 90, None),
        ("dr:a", "aided", "c2", 0, 10, None),
        ("dr:a", "aided", "c3", 0, 40, None),
        ("bob", "aided", "c1", 1, 75, None),
        ("bob", "aided", "c2", 0, 5, None),
        ("bob", "aided", "c3", 0, 45, None),
        ("bob", "unaided", "c1", 1, 65, None),
        ("bob", "unaided", "c2", 0, 25, None),
        ("bob", "unaided", "c3", 0, 55, None),
    ]
    path = tmp_path / "study.imrmc"
    maps = write_imrmc(path, make_table(rows))
    assert maps == {
        "readers": {"dr:a": 1, "bob": 2},
        "modalities": {"unaided": 1, "aided": 2},
        "cases": {"c2": 1, "c3": 2, "c1": 3},
    }
    expected = [
        "PH-Assist MRMC reader study",
        "Exported by PH-Assist (ph_assist.study.mrmc_io.write_imrmc) for iMRMC and RJafroc DfReadDataFile format iMRMC",
        "Scores are confidence ratings (higher = more likely PH). Truth rows are -1,case,0,truth with truth 0 = no PH and 1 = PH",
        "",
        "NR: 2",
        "N0: 2",
        "N1: 1",
        "NM: 2",
        "",
        "ID map (iMRMC ID = original ID; original IDs are percent-encoded)",
        "reader 1 = dr%3Aa",
        "reader 2 = bob",
        "modality 1 = unaided",
        "modality 2 = aided",
        "case 1 = c2",
        "case 2 = c3",
        "case 3 = c1",
        "",
        "BEGIN DATA:",
        "-1,1,0,0",
        "-1,2,0,0",
        "-1,3,0,1",
        "1,1,1,20.5",
        "1,1,2,10",
        "1,2,1,60",
        "1,2,2,40",
        "1,3,1,80",
        "1,3,2,90",
        "2,1,1,25",
        "2,1,2,5",
        "2,2,1,55",
        "2,2,2,45",
        "2,3,1,65",
        "2,3,2,75",
    ]
    raw = path.read_bytes()
    assert raw.endswith(b"2,3,2,75\n") and b"\r" not in raw
    assert path.read_text().split("\n")[:-1] == expected


def _read_imrmc_like_the_readers(path: Path):
    """Parse .imrmc with the rules of iMRMC's InputFile.java and RJafroc's ReadImrmc."""
    lines = path.read_text().split("\n")
    if lines[-1] == "":
        lines = lines[:-1]
    sizes = {}
    pos = 0
    while not lines[pos].upper().startswith("BEGIN DATA:"):
        up = lines[pos].upper()
        keys = [k for k in ("N0:", "N1:", "NR:", "NM:") if k in up]  # iMRMC: anywhere in the line
        if keys:
            assert len(keys) == 1 and up.startswith(keys[0]), f"stray size key in header line {lines[pos]!r}"
            sizes[keys[0][:2]] = int(lines[pos][3:].strip())
        pos += 1
    data = [line.split(",") for line in lines[pos + 1:]]
    assert all(len(f) == 4 for f in data), "every line after BEGIN DATA: must be a 4-field row"
    truth = {f[1]: f[3] for f in data if f[0] == "-1"}
    assert set(truth.values()) <= {"0", "1"}  # iMRMC compares the strings "0"/"1"
    reads = {(f[0], f[1], f[2]): float(f[3]) for f in data if f[0] != "-1"}
    return sizes, truth, reads


def test_imrmc_export_of_vandyke_reads_back(tmp_path):
    table = load_long_csv(VANDYKE)
    path = tmp_path / "vandyke.imrmc"
    maps = write_imrmc(path, table, title="Van Dyke: 1993")
    sizes, truth, reads = _read_imrmc_like_the_readers(path)
    assert sizes == {"NR": 5, "N0": 69, "N1": 45, "NM": 2}
    assert len(reads) == 1140 and len(truth) == 114
    for rec in table.records():
        key = (str(maps["readers"][rec["reader"]]), str(maps["cases"][rec["case"]]),
               str(maps["modalities"][rec["treatment"]]))
        assert reads[key] == rec["rating"]
        assert truth[key[1]] == str(rec["truth"])
    assert path.read_text().startswith("Van Dyke 1993\n")


# --------------------------------------------------------------------------
# The complete result of a small fixed study, pinned
# --------------------------------------------------------------------------
#
# pinned_small_study.json was written by analyze() before or_hillis/analyze
# were split into step functions (issue 17); it holds every field of
# StudyResult.to_dict(), so any change to any number, note or key shows here.

PINNED = DATA / "pinned_small_study.json"


def _pinned_rows():
    """3 readers x 2 treatments x 10 cases (5 PH); reader C skipped c9 aided."""
    rows = []
    for j, reader in enumerate("ABC"):
        for i, trt in enumerate(("unaided", "aided")):
            for k in range(10):
                if (reader, trt, k) == ("C", "aided", 9):
                    continue
                y = k % 2
                rating = 25 + 12 * y * (1 + i) + (13 * k + 7 * j * k + 5 * i + 3 * j) % 41
                rows.append((reader, trt, f"c{k}", y, float(rating), int(rating >= 45)))
    return rows


def _pinned_results():
    rows = _pinned_rows()
    return {
        "three_readers": analyze(make_table(rows)).to_dict(),
        "one_reader": analyze(make_table([r[:5] + (None,) for r in rows if r[0] == "A"])).to_dict(),
    }


def _assert_same(got, want, path="$"):
    """Same keys (in order), strings, ints, Nones; floats to 1e-12 relative."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and list(got) == list(want), path
        for k in want:
            _assert_same(got[k], want[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), path
        for n, (g, w) in enumerate(zip(got, want)):
            _assert_same(g, w, f"{path}[{n}]")
    elif isinstance(want, float):
        assert isinstance(got, float) and got == pytest.approx(want, rel=1e-12, abs=1e-15), path
    else:
        assert type(got) is type(want) and got == want, path


def test_complete_result_of_a_small_study_is_pinned():
    got = json.loads(json.dumps(_pinned_results(), allow_nan=False))
    _assert_same(got, json.loads(PINNED.read_text()))
