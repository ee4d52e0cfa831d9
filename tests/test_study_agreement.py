"""Tests of ph_assist.study.agreement (Fleiss' and Cohen's kappa) and its place in the analysis."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from ph_assist.study import analyze, load_long_csv
from ph_assist.study.agreement import category_counts, cohen_kappa, fleiss_kappa, reader_agreement
from ph_assist.study.report import analysis_dict, format_summary

VANDYKE = Path(__file__).parent / "data" / "mrmc" / "vandyke_long.csv"

# Wikipedia, "Fleiss' kappa", section "Worked example" (the table as also
# reproduced in statsmodels' stats/tests/test_inter_rater.py): 10 subjects,
# 14 raters, 5 categories; the published P_i column, P_bar = 0.378,
# P_e = 0.213 and kappa = 0.210.
WIKIPEDIA_COUNTS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]
WIKIPEDIA_P_I = ("1.000", "0.253", "0.308", "0.440", "0.330", "0.462", "0.242", "0.176", "0.286", "0.286")

# Fleiss (1971), Psychol Bull 76:378-382, Table 1: 30 patients, 6
# psychiatrists, 5 diagnoses (1 depression, 2 personality disorder,
# 3 schizophrenia, 4 neurosis, 5 other), kappa = 0.430.  Distributed as
# `diagnoses` in R's irr package, whose kappam.fleiss(diagnoses) prints
# Kappa = 0.4302445 and z = 17.65183 (Fleiss, Nee & Landis 1979 standard
# error; the irr output as recorded in statsmodels' test_inter_rater.py);
# one row per patient, the six diagnoses given.
FLEISS_1971_DIAGNOSES = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]


def assert_printed(value: float, printed: str) -> None:
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    assert abs(value - float(printed)) <= 0.5 * 10.0**-decimals + 1e-12, f"{value!r} != printed {printed}"


class TestFleissKappa:
    def test_wikipedia_worked_example(self):
        r = fleiss_kappa(WIKIPEDIA_COUNTS)
        assert_printed(r.kappa, "0.210")
        assert_printed(r.observed_agreement, "0.378")
        assert_printed(r.chance_agreement, "0.213")
        assert (r.n_subjects, r.n_raters, r.n_categories) == (10, 14, 5)
        c = np.asarray(WIKIPEDIA_COUNTS, float)
        for row, printed in zip(c, WIKIPEDIA_P_I):  # the published per-subject agreement
            assert_printed((np.sum(row**2) - 14) / (14 * 13), printed)

    def test_fleiss_1971_diagnoses_and_irr_z(self):
        counts, cats = category_counts(FLEISS_1971_DIAGNOSES)
        assert cats == [1, 2, 3, 4, 5]
        assert counts.sum(axis=0).tolist() == [26, 26, 30, 55, 43]
        r = fleiss_kappa(counts)
        assert_printed(r.kappa, "0.430")  # Fleiss 1971
        assert_printed(r.kappa, "0.4302445")  # irr::kappam.fleiss
        assert_printed(r.z, "17.65183")  # irr: Fleiss, Nee & Landis (1979) SE
        assert r.p_value < 1e-10
        assert r.ci_lower < r.kappa < r.ci_upper

    def test_bootstrap_interval_is_reproducible_and_optional(self):
        a = fleiss_kappa(WIKIPEDIA_COUNTS, seed=3)
        b = fleiss_kappa(WIKIPEDIA_COUNTS, seed=3)
        assert (a.ci_lower, a.ci_upper) == (b.ci_lower, b.ci_upper) and a.n_bootstrap == 2000
        none = fleiss_kappa(WIKIPEDIA_COUNTS, n_bootstrap=0)
        assert math.isnan(none.ci_lower) and none.n_bootstrap == 0 and none.kappa == a.kappa

    def test_perfect_and_undefined_agreement(self):
        assert fleiss_kappa([[3, 0], [0, 3], [3, 0]]).kappa == pytest.approx(1.0)
        r = fleiss_kappa([[3, 0], [3, 0]])  # everyone says the same about everything: P_e = 1
        assert math.isnan(r.kappa) and math.isnan(r.ci_lower) and r.to_dict()["kappa"] is None

    @pytest.mark.parametrize("bad", [[[1, 1], [2, 1]], [[1, 0], [0, 1]], [[-1, 3]], [], [[0.5, 1.5]]])
    def test_rejects_malformed_tables(self, bad):
        with pytest.raises(ValueError):
            fleiss_kappa(bad)


def test_cohen_kappa_equals_sklearn():
    rng = np.random.default_rng(7)
    for _ in range(20):
        a = rng.integers(0, 3, 40)
        b = np.where(rng.random(40) < 0.6, a, rng.integers(0, 3, 40))
        assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert math.isnan(cohen_kappa([1, 1], [1, 1]))


def test_reader_agreement_per_treatment_and_none_for_one_reader():
    d = np.array([[[1, 0, 1, 0], [1, 0, 0, 0], [1, 1, 1, 0]],
                  [[1, 0, 1, 0], [1, 0, 1, 0], [1, 0, 1, 0]]])
    out = reader_agreement(d, ("unaided", "aided"), n_bootstrap=0)
    assert list(out) == ["unaided", "aided"]
    assert out["aided"].kappa == pytest.approx(1.0) and out["unaided"].kappa < 1.0
    counts = np.stack([3 - d[0].sum(0), d[0].sum(0)], axis=1)
    assert out["unaided"].kappa == fleiss_kappa(counts, n_bootstrap=0).kappa
    assert reader_agreement(d[:, :1], ("unaided", "aided")) == {}


def test_analysis_reports_agreement_in_json_and_summary():
    table = load_long_csv(VANDYKE, decision_threshold=3)
    res = analyze(table)
    assert set(res.agreement) == {"1", "2"}
    k = res.agreement["1"]
    assert (k.n_subjects, k.n_raters, k.n_categories) == (114, 5, 2)
    d = json.loads(json.dumps(analysis_dict(res, source=None), allow_nan=False))
    assert d["agreement"]["2"]["kappa"] == pytest.approx(res.agreement["2"].kappa)
    text = format_summary(res)
    assert "Fleiss' kappa" in text and f"kappa {res.agreement['1'].kappa:.3f}" in text
