"""Tests of ph_assist.study.plan (OR-Hillis power and sample size) and ``ph-assist study plan``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from ph_assist.errors import InputError
from ph_assist.study.plan import (
    ORVarianceComponents,
    cases_for_power,
    components_from_result,
    pilot_components,
    power_given_jk,
)
from tests.test_study_cli import run  # noqa: F401  (the CLI fixture)

VANDYKE = Path(__file__).parent / "data" / "mrmc" / "vandyke_long.csv"


def assert_printed(value: float, printed: str) -> None:
    """``value`` agrees with a number printed as ``printed`` to its last digit."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    assert abs(value - float(printed)) <= 0.5 * 10.0**-decimals + 1e-12, f"{value!r} != printed {printed}"


@pytest.fixture(scope="module")
def vandyke() -> ORVarianceComponents:
    return pilot_components(VANDYKE)


# --------------------------------------------------------------------------
# The published worked example
# --------------------------------------------------------------------------
#
# Source: Chakraborty DP, RJafroc vignette "Chapter 11, Vignette 4: RJafroc
# functions for ROC sample size estimation using ORH method" (RJafroc
# repository, vignettes/Ch11Vig4SampleSize.html, 2019-10-31), the worked
# examples of chapter 11 "Sample size estimation for ROC studies" of
# Chakraborty (2017) "Observer Performance Methods for Diagnostic Imaging",
# which implement Hillis, Obuchowski & Berbaum (2011), Acad Radiol
# 18:129-142.  Pilot: the Van Dyke data (RJafroc dataset02; 5 readers, 114
# cases), FOM "Wilcoxon" (empirical AUC), effect size = the observed
# difference 0.04380032, alpha = 0.05:
#   SsPowerGivenJK(dataset02, J = 6, K = 251, method = "ORH", option = "RRRC"):
#       powerRRRC 0.8005403, ncpRRRC 8.91, ddfHRRRC 16.1, fRRRC 4.49
#   SsSampleSizeKGivenJ(dataset02, J = 10, method = "ORH"):
#       RRRC: K = 163, power 0.8015625;  FRRC: K = 133, power 0.8011167;
#       RRFC: K = 53, power 0.8049666
#   SsPowerTable(dataset02, method = "ORH", option = "RRRC") (power 0.8):
#       J = 3: > 2000 cases; J = 4: 1089; 5: 344; 6: 251; 7: 211; 8: 188;
#       9: 173; 10: 163; 20: 126; 50: 109; 100: 103


def test_vandyke_pilot_components_are_the_published_or_estimates(vandyke):
    # OR-DBM MRMC 2.51 output for VanDyke.lrc (see tests/test_study_stats.py)
    assert vandyke.n_cases == 114 and vandyke.n_readers == 5 and vandyke.fom == "auc"
    assert_printed(vandyke.var, "0.00080229")
    assert_printed(vandyke.cov1, "0.00034661")
    assert_printed(vandyke.cov2, "0.00034407")
    assert_printed(vandyke.cov3, "0.00023903")
    assert_printed(vandyke.var_tr, "0.00020040")
    assert_printed(vandyke.observed_effect, "0.04380032")


def test_power_given_jk_matches_rjafroc_vignette(vandyke):
    r = power_given_jk(vandyke, abs(vandyke.observed_effect), 6, 251)
    assert_printed(r.power, "0.8005403")
    assert_printed(r.ncp, "8.91")
    assert_printed(r.ddf, "16.1")
    assert_printed(r.f_critical, "4.49")
    assert (r.analysis, r.readers, r.cases, r.df1, r.alpha) == ("RRRC", 6, 251, 1.0, 0.05)


@pytest.mark.parametrize("analysis, cases, power", [("RRRC", 163, "0.8015625"), ("FRRC", 133, "0.8011167"),
                                                    ("RRFC", 53, "0.8049666")])
def test_cases_for_power_matches_rjafroc_vignette(vandyke, analysis, cases, power):
    d = abs(vandyke.observed_effect)
    assert cases_for_power(vandyke, d, 10, analysis=analysis) == cases
    assert_printed(power_given_jk(vandyke, d, 10, cases, analysis=analysis).power, power)


@pytest.mark.parametrize("readers, cases", [(4, 1089), (5, 344), (6, 251), (7, 211), (8, 188), (9, 173),
                                            (10, 163), (20, 126), (50, 109), (100, 103)])
def test_power_table_matches_rjafroc_vignette(vandyke, readers, cases):
    assert cases_for_power(vandyke, abs(vandyke.observed_effect), readers) == cases


def test_three_readers_cannot_reach_the_power(vandyke):
    # the vignette's power table prints "> 2000" cases for J = 3: the RRRC
    # power is bounded by the reader variance however many cases are read
    with pytest.raises(InputError, match="cannot reach 0.8 however many cases"):
        cases_for_power(vandyke, abs(vandyke.observed_effect), 3)


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------


@pytest.mark.parametrize("readers, effect, target", [(5, 0.05, 0.8), (8, 0.04, 0.9), (12, 0.03, 0.8)])
def test_cases_for_power_inverts_power_given_jk(vandyke, readers, effect, target):
    k = cases_for_power(vandyke, effect, readers, power=target)
    assert power_given_jk(vandyke, effect, readers, k).power >= target
    assert power_given_jk(vandyke, effect, readers, k - 1).power < target


def test_more_readers_need_fewer_cases(vandyke):
    ks = [cases_for_power(vandyke, 0.05, j) for j in range(4, 16)]
    assert all(a >= b for a, b in zip(ks, ks[1:])) and ks[0] > ks[-1]


def test_power_grows_with_cases_and_effect_and_falls_with_alpha(vandyke):
    p = [power_given_jk(vandyke, 0.05, 8, k).power for k in (50, 100, 200, 400)]
    assert p == sorted(p) and p[0] < p[-1]
    assert power_given_jk(vandyke, 0.06, 8, 100).power > power_given_jk(vandyke, 0.05, 8, 100).power
    assert power_given_jk(vandyke, 0.05, 8, 100, alpha=0.01).power < power_given_jk(vandyke, 0.05, 8, 100).power


def test_pilot_design_reproduces_its_own_error_term(vandyke):
    # with the pilot's own J and K the RRRC denominator is MS(TR) + J max(Cov2 - Cov3, 0)
    # in expectation; with VarTR from MS(TR) this is exactly the analysis's error term
    r = power_given_jk(vandyke, 0.04380032, 5, 114)
    den = 5 * 0.04380032**2 / (2 * r.ncp)
    assert den == pytest.approx(0.00107626, abs=5e-9)  # OR-DBM MRMC "error term" of Van Dyke
    assert math.isfinite(r.ddf)


def test_components_from_result_needs_two_readers():
    from ph_assist.study import load_long_csv
    from ph_assist.study.report import analyze_table
    from ph_assist.study.stats import ReadTable

    table = load_long_csv(VANDYKE)
    one = ReadTable.from_records([r for r in table.records() if r["reader"] == "1"])
    with pytest.raises(InputError, match="one reader"):
        components_from_result(analyze_table(one))
    with pytest.raises(InputError, match="unknown figure of merit"):
        components_from_result(analyze_table(table), "kappa")


@pytest.mark.parametrize("kwargs, message", [
    (dict(effect=0.0), "effect size"), (dict(effect=math.nan), "effect size"), (dict(readers=1), "at least 2 readers"),
    (dict(alpha=1.0), "alpha"), (dict(analysis="XYZ"), "unknown analysis"), (dict(cases=1), "at least 2 cases"),
])
def test_power_given_jk_rejects_bad_designs(vandyke, kwargs, message):
    args = dict(effect=0.05, readers=5, cases=100, alpha=0.05) | kwargs
    analysis = args.pop("analysis", "RRRC")
    with pytest.raises(InputError, match=message):
        power_given_jk(vandyke, analysis=analysis, **args)


@pytest.mark.parametrize("power", [0.0, 1.0, 1.5])
def test_cases_for_power_rejects_impossible_targets(vandyke, power):
    with pytest.raises(InputError, match="power must lie"):
        cases_for_power(vandyke, 0.05, 5, power=power)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def test_cli_plan_json_reproduces_the_published_example(run):  # noqa: F811
    rc, out, err = run("study", "plan", "--pilot", VANDYKE, "--readers", 10, "--json")
    assert rc == 0, err
    got = json.loads(out)
    assert got["cases_needed"] == 163 and got["target_power"] == 0.8 and got["effect_source"] == "pilot"
    assert_printed(got["result"]["power"], "0.8015625")
    assert got["pilot"]["n_cases"] == 114

    rc, out, err = run("study", "plan", "--pilot", VANDYKE, "-J", 6, "-K", 251, "--json")
    assert rc == 0, err
    got = json.loads(out)
    assert got["cases_needed"] is None
    assert_printed(got["result"]["power"], "0.8005403")
    assert_printed(got["result"]["ddf"], "16.1")


def test_cli_plan_text(run):  # noqa: F811
    rc, out, err = run("study", "plan", "--pilot", VANDYKE, "-J", 10, "--effect", 0.05)
    assert rc == 0, err
    assert "Cases needed for power 0.8 with 10 readers" in out
    assert "Effect to detect: 0.0500 (given)" in out
    assert "Assumes" in out


@pytest.mark.parametrize("args, message", [
    (("--pilot", "missing.csv", "-J", 5), "pilot not found"),
    (("--pilot", VANDYKE, "-J", 1), "--readers must be at least 2"),
    (("--pilot", VANDYKE, "-J", 5, "--effect", 0), "--effect must be greater than 0"),
    (("--pilot", VANDYKE, "-J", 5, "--power", 1.2), "--power must lie between 0 and 1"),
    (("--pilot", VANDYKE, "-J", 3), "cannot reach"),
])
def test_cli_plan_bad_input_is_one_line_exit_2(run, args, message):  # noqa: F811
    rc, out, err = run("study", "plan", *args)
    assert rc == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
