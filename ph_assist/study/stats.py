"""Statistics of a multi-reader multi-case (MRMC) reader study.

A reader study has readers (clinicians) read the same cases in two
*treatments* - typically ``"unaided"`` and then ``"aided"`` (with PH-Assist) -
as in Kishikawa et al. 2025, where 10 cardiologists' accuracy rose from 65.0%
to 74.0% with an AI.  This module turns such a study into numbers:

* per reader and pooled, per treatment: accuracy, sensitivity, specificity
  (from the binary decisions) with Wilson 95% intervals, and the empirical
  (trapezoidal, Wilcoxon-Mann-Whitney) AUC from the confidence ratings;
* exact McNemar tests of correct/incorrect, per reader and pooled;
* the change-of-mind table (right->wrong, wrong->right, ...);
* the Obuchowski-Rockette analysis with Hillis (2007, 2008) denominator
  degrees of freedom and jackknife covariances - the method of OR-DBM MRMC
  2.5, RJafroc ``St(method = "OR")`` and MRMCaov ``mrmc(..., cov = jackknife)``
  - for AUC, accuracy, sensitivity and specificity.

Data model
----------
A :class:`ReadTable` is a long table with one row per *read*: ``reader``,
``treatment``, ``case``, ``truth`` (0 = no PH, 1 = PH), ``rating`` (confidence,
0-100 in PH-Assist studies, any finite number is accepted; higher = more
likely PH) and ``decision`` (0/1).  When no decision was recorded the
decision is derived as ``rating >= 50`` (:data:`DEFAULT_DECISION_THRESHOLD`;
another threshold can be given).  Decisions are either given for every read
or derived for every read, never mixed.

Missing reads
-------------
All analyses use one balanced set of cases: the cases read by *every* reader
in *both* treatments.  Cases that some reader skipped (in either treatment)
are dropped and counted in :attr:`StudyResult.n_cases_dropped` and in the
notes.  If no case is left, or a reader has no read at all in a treatment,
:func:`analyze` refuses with an :class:`~ph_assist.errors.InputError`.  In a
balanced design the pooled proportions equal the means of the readers'
proportions.

Obuchowski-Rockette / Hillis
----------------------------
For a figure of merit (FOM) ``theta[i, j]`` (treatment ``i``, reader ``j``)
the error covariances are estimated by the jackknife over cases,
``cov = (n - 1) / n * sum_k (theta_(k) - mean)(theta'_(k) - mean')``, and
averaged into Var, Cov1 (same reader, other treatment), Cov2 (same treatment,
other reader) and Cov3 (other reader and treatment).  With ``t`` treatments
and ``J`` readers::

    MS(T)  = J * sum_i (theta_i. - theta..)^2 / (t - 1)
    MS(TR) = sum_ij (theta_ij - theta_i. - theta_.j + theta..)^2 / ((t-1)(J-1))
    den    = MS(TR) + J * max(Cov2 - Cov3, 0)
    F      = MS(T) / den,   ddf_H = den^2 / (MS(TR)^2 / ((t-1)(J-1)))
    95% CI of a difference: d +- t(0.975; ddf_H) * sqrt(2 * den / J)

(Hillis 2007, Stat Med 26:596-619; Hillis, Berbaum & Metz 2008, Acad Radiol
15:647-661; Chakraborty, RJafroc book, chapter "Obuchowski-Rockette-Hillis
(ORH) method").  The fixed-reader (cases random) and fixed-case (readers
random) analyses of the same programs are also given.

The jackknife runs over the cases on which the FOM depends, as RJafroc does
for its binary FOMs (``HrSe``, ``HrSp`` in ``PseudoValuesFactorial``): all
cases for AUC and accuracy, the diseased cases only for sensitivity, the
non-diseased cases only for specificity.  (MRMCaov instead jackknifes every
case for ``binary_sens``/``binary_spec``; deleting a case of the other class
leaves the FOM unchanged, so its covariances are those here times
``(K - 1) / K * n / (n - 1)``, with ``K`` all cases and ``n`` the cases of the
relevant class.)

Degenerate data never raise: a single reader gets the fixed-reader analysis
(the random-reader one needs two readers), zero error terms give ``F = inf``
(p = 0) or ``F = nan`` (p = 1), ``MS(TR) = 0`` gives ``ddf = inf``; each such
case is written into the result's notes.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats as _st

from ph_assist.errors import InputError
from ph_assist.stats_core import mann_whitney_auc

__all__ = [
    "DEFAULT_DECISION_THRESHOLD",
    "FOMS",
    "ReadTable",
    "Proportion",
    "TreatmentMetrics",
    "McNemarResult",
    "ChangeOfMind",
    "DifferenceTest",
    "SingleTreatmentCI",
    "ORHillisResult",
    "StudyResult",
    "wilson_ci",
    "empirical_auc",
    "mcnemar_exact",
    "or_hillis",
    "analyze",
]

#: Decision = rating >= this, when the table has no decision column.
DEFAULT_DECISION_THRESHOLD = 50.0
#: Figures of merit analysed by :func:`analyze`, in report order.
FOMS = ("auc", "accuracy", "sensitivity", "specificity")
#: Quantities below this (FOMs lie in [0, 1]) count as exactly zero.
_EPS = 1e-13
_Z975 = float(_st.norm.ppf(0.975))


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


@dataclasses.dataclass(frozen=True, eq=False)
class ReadTable:
    """A long table of reads (one row per reader x treatment x case).

    Build it with :meth:`from_records` (or :func:`ph_assist.study.mrmc_io.
    load_long_csv`), which validates it.  Columns are parallel tuples.

    Attributes:
        reader, treatment, case: identifiers (strings; surrounding white
            space is stripped and inner runs of white space become one space).
        truth: 0 (no PH) or 1 (PH); the same for every read of a case.
        rating: confidence (finite float; higher = more likely PH).
        decision: 0/1 call per read.
        decision_given: True when decisions came from the data, False when
            they were derived as ``rating >= decision_threshold``.
        decision_threshold: the threshold used when derived.
        source: file the table came from (used in error messages), or None.
    """

    reader: tuple[str, ...]
    treatment: tuple[str, ...]
    case: tuple[str, ...]
    truth: tuple[int, ...]
    rating: tuple[float, ...]
    decision: tuple[int, ...]
    decision_given: bool
    decision_threshold: float = DEFAULT_DECISION_THRESHOLD
    source: str | None = None

    def __len__(self) -> int:
        return len(self.reader)

    # ---- construction ---------------------------------------------------
    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        decision_threshold: float = DEFAULT_DECISION_THRESHOLD,
        source: str | os.PathLike | None = None,
        labels: Sequence[str] | None = None,
    ) -> ReadTable:
        """Validate records (mappings with the column names) into a table.

        ``decision`` is optional in the records; it must be present (0/1) in
        all of them or in none.  ``labels`` names each record in error
        messages (e.g. ``"row 7"``); by default ``"read 1"``, ``"read 2"``...

        Raises:
            InputError: naming ``source`` and the offending record.
        """
        src = None if source is None else os.fspath(source)
        recs = list(records)
        if labels is None:
            labels = [f"read {n}" for n in range(1, len(recs) + 1)]
        if not recs:
            raise InputError(src, "no reads (the table is empty)")
        if not math.isfinite(float(decision_threshold)):
            raise InputError(src, f"decision threshold {decision_threshold!r} is not a finite number")
        has_dec = [rec.get("decision") is not None for rec in recs]
        if any(has_dec) and not all(has_dec):
            first = labels[has_dec.index(False)]
            raise InputError(src, f"{first}: decision is missing; give a 0/1 decision for every read or for none")
        given = all(has_dec)

        readers: list[str] = []
        treatments: list[str] = []
        cases: list[str] = []
        truths: list[int] = []
        ratings: list[float] = []
        decisions: list[int] = []
        truth_of: dict[str, tuple[int, str]] = {}
        seen: dict[tuple[str, str, str], str] = {}
        for rec, lab in zip(recs, labels):
            ids = []
            for col in ("reader", "treatment", "case"):
                val = rec.get(col)
                text = "" if val is None else _one_line(str(val))
                if not text:
                    raise InputError(src, f"{lab}: {col} is empty")
                ids.append(text)
            r, t, c = ids
            truth = _parse_binary(rec.get("truth"))
            if truth is None:
                raise InputError(src, f"{lab}: truth {_show(rec.get('truth'))} must be 0 or 1")
            rating = _parse_number(rec.get("rating"))
            if rating is None:
                raise InputError(src, f"{lab}: rating {_show(rec.get('rating'))} is not a number")
            if not math.isfinite(rating):
                raise InputError(src, f"{lab}: rating {_show(rec.get('rating'))} is not a finite number")
            if given:
                dec = _parse_binary(rec.get("decision"))
                if dec is None:
                    raise InputError(src, f"{lab}: decision {_show(rec.get('decision'))} must be 0 or 1")
            else:
                dec = int(rating >= decision_threshold)
            if c in truth_of and truth_of[c][0] != truth:
                t0, lab0 = truth_of[c]
                raise InputError(
                    src, f"{lab}: case {c!r} has truth {truth} but {lab0} gave it truth {t0}"
                )
            truth_of.setdefault(c, (truth, lab))
            key = (r, t, c)
            if key in seen:
                raise InputError(
                    src,
                    f"{lab}: duplicate read of case {c!r} by reader {r!r} in treatment {t!r} "
                    f"(first read at {seen[key]})",
                )
            seen[key] = lab
            readers.append(r)
            treatments.append(t)
            cases.append(c)
            truths.append(truth)
            ratings.append(rating)
            decisions.append(dec)
        return cls(
            reader=tuple(readers),
            treatment=tuple(treatments),
            case=tuple(cases),
            truth=tuple(truths),
            rating=tuple(ratings),
            decision=tuple(decisions),
            decision_given=given,
            decision_threshold=float(decision_threshold),
            source=src,
        )

    # ---- views ----------------------------------------------------------
    def records(self) -> list[dict[str, Any]]:
        """The reads as a list of dicts (column name -> value)."""
        return [
            {
                "reader": r,
                "treatment": t,
                "case": c,
                "truth": y,
                "rating": x,
                "decision": d,
            }
            for r, t, c, y, x, d in zip(
                self.reader, self.treatment, self.case, self.truth, self.rating, self.decision
            )
        ]

    @property
    def readers(self) -> tuple[str, ...]:
        """Reader IDs in order of first appearance."""
        return tuple(dict.fromkeys(self.reader))

    @property
    def cases(self) -> tuple[str, ...]:
        """Case IDs in order of first appearance."""
        return tuple(dict.fromkeys(self.case))

    @property
    def treatments(self) -> tuple[str, ...]:
        """Treatment labels in analysis order.

        ``("unaided", "aided")`` (as spelled in the data) when those are the
        two labels (any letter case); otherwise order of first appearance.
        Differences are always *second minus first* (aided - unaided).
        """
        order = tuple(dict.fromkeys(self.treatment))
        low = {t.lower(): t for t in order}
        if len(order) == 2 and set(low) == {"unaided", "aided"}:
            return (low["unaided"], low["aided"])
        return order

    def case_truth(self) -> dict[str, int]:
        """Case ID -> truth."""
        return dict(zip(self.case, self.truth))


def _show(value: Any) -> str:
    return "(empty)" if value is None or str(value).strip() == "" else repr(str(value).strip())


def _parse_number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _parse_binary(value: Any) -> int | None:
    num = _parse_number(value)
    if num is None or num not in (0.0, 1.0):
        return None
    return int(num)


# --------------------------------------------------------------------------
# Elementary statistics
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Proportion:
    """``successes / n`` with its Wilson score interval (NaN when n = 0)."""

    successes: int
    n: int
    estimate: float
    ci_lower: float
    ci_upper: float


def wilson_ci(successes: int, n: int, confidence: float = 0.95) -> Proportion:
    """Proportion with the Wilson score interval (Wilson 1927)."""
    if n <= 0:
        return Proportion(int(successes), int(n), math.nan, math.nan, math.nan)
    z = float(_st.norm.ppf(0.5 + confidence / 2))
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Proportion(int(successes), int(n), p, max(0.0, centre - half), min(1.0, centre + half))


def _placements(x1: np.ndarray, x0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Placement values: V10[k] = P(x0 < x1_k) + P(x0 = x1_k)/2, and V01[m]."""
    s0 = np.sort(x0)
    s1 = np.sort(x1)
    lo = np.searchsorted(s0, x1, "left")
    hi = np.searchsorted(s0, x1, "right")
    v10 = (lo + 0.5 * (hi - lo)) / len(x0)
    lo1 = np.searchsorted(s1, x0, "left")
    hi1 = np.searchsorted(s1, x0, "right")
    v01 = ((len(x1) - hi1) + 0.5 * (hi1 - lo1)) / len(x1)
    return v10, v01


def empirical_auc(truth: Sequence[int] | np.ndarray, rating: Sequence[float] | np.ndarray) -> float:
    """Empirical (trapezoidal) AUC = Wilcoxon-Mann-Whitney, ties counted 1/2.

    NaN when there is no diseased or no non-diseased case.  Computed by
    :func:`ph_assist.stats_core.mann_whitney_auc`, the one AUC of PH-Assist.
    """
    y = np.asarray(truth, dtype=int)
    x = np.asarray(rating, dtype=float)
    return mann_whitney_auc(x[y == 1], x[y == 0])


@dataclasses.dataclass(frozen=True)
class McNemarResult:
    """Exact McNemar test of correct/incorrect between two treatments.

    ``right_to_wrong`` (b) and ``wrong_to_right`` (c) are the discordant
    pairs; p is the two-sided exact binomial p of min(b, c) in b + c trials
    with probability 1/2 (p = 1 when b + c = 0).
    """

    right_to_wrong: int
    wrong_to_right: int
    n_discordant: int
    p_value: float


def mcnemar_exact(right_to_wrong: int, wrong_to_right: int) -> McNemarResult:
    """Two-sided exact McNemar test from the discordant counts."""
    b, c = int(right_to_wrong), int(wrong_to_right)
    n = b + c
    p = 1.0 if n == 0 else min(1.0, 2.0 * float(_st.binom.cdf(min(b, c), n, 0.5)))
    return McNemarResult(b, c, n, p)


@dataclasses.dataclass(frozen=True)
class ChangeOfMind:
    """How correctness changed from the first to the second treatment."""

    right_to_wrong: int
    wrong_to_right: int
    right_to_right: int
    wrong_to_wrong: int

    @property
    def n(self) -> int:
        return self.right_to_wrong + self.wrong_to_right + self.right_to_right + self.wrong_to_wrong


@dataclasses.dataclass(frozen=True)
class TreatmentMetrics:
    """Descriptive metrics of one reader (or all readers pooled) in one treatment.

    For the pooled entry the proportions count every read of every reader
    (equal, in this balanced design, to the mean over readers; the Wilson
    interval ignores the reader/case correlation and is descriptive only);
    ``auc`` is the mean of the readers' AUCs (as in OR analysis) and
    ``auc_pooled_reads`` the AUC of all reads put together.  For one reader
    ``auc_se`` is the jackknife standard error.
    """

    accuracy: Proportion
    sensitivity: Proportion
    specificity: Proportion
    auc: float
    auc_se: float | None = None
    auc_pooled_reads: float | None = None


# --------------------------------------------------------------------------
# Obuchowski-Rockette / Hillis
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DifferenceTest:
    """Test and CI of the treatment difference (second minus first).

    ``statistic`` is F (``"F"``), chi-square (``"chi2"``); ``df2`` is the
    denominator df (Hillis ddf for random readers, ``inf`` for chi-square).
    ``t_or_z`` is the difference over its standard error.
    """

    analysis: str
    statistic_name: str
    statistic: float
    df1: float
    df2: float
    p_value: float
    difference: float
    std_err: float
    t_or_z: float
    ci_lower: float
    ci_upper: float
    error_term: float


@dataclasses.dataclass(frozen=True)
class SingleTreatmentCI:
    """CI of one treatment's reader-averaged FOM (or one reader's difference)."""

    estimate: float
    std_err: float
    df: float
    ci_lower: float
    ci_upper: float
    p_value: float | None = None


@dataclasses.dataclass(frozen=True)
class ORHillisResult:
    """Obuchowski-Rockette analysis of one FOM (jackknife covariances).

    ``reader_estimates[treatment][reader]`` is the single-treatment,
    single-reader FOM.  ``difference`` is the mean of the second treatment
    minus the mean of the first.  ``rrrc`` (random readers, random cases;
    Hillis ddf) is None with one reader.  ``frrc`` (fixed readers, random
    cases) and ``rrfc`` (random readers, fixed cases) follow OR-DBM MRMC 2.5.
    """

    fom: str
    treatments: tuple[str, str]
    readers: tuple[str, ...]
    n_cases_jackknifed: int
    reader_estimates: dict[str, dict[str, float]]
    treatment_means: dict[str, float]
    difference: float
    ms_t: float
    ms_r: float
    ms_tr: float
    ms_r_by_treatment: dict[str, float]
    var: float
    cov1: float
    cov2: float
    cov3: float
    var_r: float
    var_tr: float
    var_by_treatment: dict[str, float]
    cov2_by_treatment: dict[str, float]
    var_by_reader: dict[str, float]
    cov1_by_reader: dict[str, float]
    rrrc: DifferenceTest | None
    rrrc_single_treatment: dict[str, SingleTreatmentCI] | None
    frrc: DifferenceTest
    frrc_single_treatment: dict[str, SingleTreatmentCI]
    frrc_by_reader: dict[str, SingleTreatmentCI]
    rrfc: DifferenceTest | None
    rrfc_single_treatment: dict[str, SingleTreatmentCI] | None
    notes: list[str]


def _jackknife_cov(jk: np.ndarray) -> np.ndarray:
    """Jackknife covariance of FOMs: jk[t, J, n] -> cov[t, J, t, J]."""
    t, J, n = jk.shape
    x = jk.reshape(t * J, n)
    xc = x - x.mean(axis=1, keepdims=True)
    cov = (n - 1) / n * (xc @ xc.T)
    return cov.reshape(t, J, t, J)


def _mean_or_zero(values: list[float]) -> float:
    return float(np.mean(values)) if values else 0.0


def _clean(x: float) -> float:
    return 0.0 if abs(x) < _EPS else float(x)


def _t_quantile(df: float) -> float:
    if not math.isfinite(df):
        return _Z975
    return float(_st.t.ppf(0.975, df))


def _two_sided_p(stat: float, df: float) -> float:
    if math.isnan(stat):
        return 1.0
    if math.isinf(stat):
        return 0.0
    if not math.isfinite(df):
        return float(2 * _st.norm.sf(abs(stat)))
    return float(2 * _st.t.sf(abs(stat), df))


def _f_p(f: float, df1: float, df2: float) -> float:
    if math.isnan(f):
        return 1.0
    if math.isinf(f):
        return 0.0
    if not math.isfinite(df2):
        return float(_st.chi2.sf(f * df1, df1))
    return float(_st.f.sf(f, df1, df2))


def _ratio(num: float, den: float) -> float:
    if den > _EPS:
        return num / den
    return math.nan if num <= _EPS else math.inf


def or_hillis(
    theta: np.ndarray,
    jk: np.ndarray,
    *,
    fom: str = "fom",
    treatments: Sequence[str] = ("1", "2"),
    readers: Sequence[str] | None = None,
) -> ORHillisResult:
    """Obuchowski-Rockette-Hillis analysis from FOMs and jackknife FOMs.

    Args:
        theta: FOM per treatment and reader, shape (2, J).
        jk: leave-one-case-out FOMs, shape (2, J, n) over the n jackknifed
            cases (see the module docstring for which cases).
        fom, treatments, readers: labels for the result.

    Returns:
        :class:`ORHillisResult`; with J = 1 the random-reader parts are None.
    """
    theta = np.asarray(theta, dtype=float)
    jk = np.asarray(jk, dtype=float)
    t, J = theta.shape
    if t != 2:
        raise ValueError("or_hillis compares exactly two treatments")
    if jk.shape[:2] != theta.shape or jk.shape[2] < 2:
        raise ValueError("jk must have shape (2, J, n) with n >= 2")
    readers = tuple(readers) if readers is not None else tuple(str(j + 1) for j in range(J))
    treatments = tuple(treatments)
    notes: list[str] = []
    n = jk.shape[2]

    cov = _jackknife_cov(jk)
    var = _mean_or_zero([cov[i, j, i, j] for i in range(t) for j in range(J)])
    cov1 = _mean_or_zero([cov[i, j, k, j] for i in range(t) for k in range(t) if k != i for j in range(J)])
    cov2 = _mean_or_zero([cov[i, j, i, m] for i in range(t) for j in range(J) for m in range(J) if m != j])
    cov3 = _mean_or_zero(
        [cov[i, j, k, m] for i in range(t) for k in range(t) if k != i for j in range(J) for m in range(J) if m != j]
    )
    var_i = [_mean_or_zero([cov[i, j, i, j] for j in range(J)]) for i in range(t)]
    cov2_i = [_mean_or_zero([cov[i, j, i, m] for j in range(J) for m in range(J) if m != j]) for i in range(t)]
    var_j = [_mean_or_zero([cov[i, j, i, j] for i in range(t)]) for j in range(J)]
    cov1_j = [_mean_or_zero([cov[i, j, k, j] for i in range(t) for k in range(t) if k != i]) for j in range(J)]

    means_t = theta.mean(axis=1)
    means_r = theta.mean(axis=0)
    grand = float(theta.mean())
    diff = float(means_t[1] - means_t[0])
    ms_t = _clean(J * float(np.sum((means_t - grand) ** 2)) / (t - 1))
    if J > 1:
        ms_r = _clean(t * float(np.sum((means_r - grand) ** 2)) / (J - 1))
        resid = theta - means_t[:, None] - means_r[None, :] + grand
        ms_tr = _clean(float(np.sum(resid**2)) / ((t - 1) * (J - 1)))
        ms_r_i = [_clean(float(np.sum((theta[i] - means_t[i]) ** 2)) / (J - 1)) for i in range(t)]
    else:
        ms_r = ms_tr = math.nan
        ms_r_i = [math.nan] * t
    d23 = max(cov2 - cov3, 0.0)

    # OR variance components (ANOVA estimates; may be negative).
    if J > 1:
        var_tr = ms_tr - var + cov1 + cov2 - cov3
        var_r = (ms_r - var_tr - var + cov2 - (t - 1) * (cov1 - cov3)) / t
    else:
        var_tr = var_r = math.nan

    # ---- random readers, random cases (Hillis) ----
    rrrc = rrrc_single = None
    if J > 1:
        den = _clean(ms_tr + J * d23)
        f = _ratio(ms_t, den)
        ddf = den**2 / (ms_tr**2 / ((t - 1) * (J - 1))) if ms_tr > _EPS else math.inf
        if ms_tr <= _EPS:
            notes.append(f"{fom}: MS(TR) = 0, so the Hillis denominator df is infinite (normal/chi-square reference)")
        if den <= _EPS:
            notes.append(
                f"{fom}: the random-reader error term MS(TR) + J*max(Cov2-Cov3,0) is zero "
                f"(no reader-by-treatment or case variability); F = {'nan, p = 1' if math.isnan(f) else 'inf, p = 0'}"
                " - not a meaningful test"
            )
        se = math.sqrt(2.0 * den / J)
        tstat = _ratio(diff, se) if diff >= 0 else -_ratio(-diff, se)
        q = _t_quantile(ddf)
        rrrc = DifferenceTest(
            "random readers, random cases (OR, Hillis ddf)",
            "F", f, float(t - 1), ddf, _f_p(f, t - 1, ddf), diff, se, tstat,
            diff - q * se, diff + q * se, den,
        )
        rrrc_single = {}
        for i in range(t):
            den_i = _clean(ms_r_i[i] + J * max(cov2_i[i], 0.0))
            df_i = den_i**2 / (ms_r_i[i] ** 2 / (J - 1)) if ms_r_i[i] > _EPS else math.inf
            se_i = math.sqrt(den_i / J)
            q_i = _t_quantile(df_i)
            m = float(means_t[i])
            rrrc_single[treatments[i]] = SingleTreatmentCI(m, se_i, df_i, m - q_i * se_i, m + q_i * se_i)
    else:
        notes.append(
            f"{fom}: one reader - the random-reader (OR/Hillis) analysis needs two or more readers; "
            "the fixed-reader, random-case analysis is reported instead"
        )

    # ---- fixed readers, random cases ----
    den_f = _clean(var - cov1 + (J - 1) * d23)
    chi2 = _ratio((t - 1) * ms_t, den_f)
    se_f = math.sqrt(2.0 * den_f / J)
    z_f = _ratio(diff, se_f) if diff >= 0 else -_ratio(-diff, se_f)
    frrc = DifferenceTest(
        "fixed readers, random cases",
        "chi2", chi2, float(t - 1), math.inf, _f_p(chi2 / (t - 1), t - 1, math.inf), diff, se_f, z_f,
        diff - _Z975 * se_f, diff + _Z975 * se_f, den_f,
    )
    if den_f <= _EPS:
        notes.append(f"{fom}: the fixed-reader error term Var - Cov1 + (J-1)*max(Cov2-Cov3,0) is zero")
    frrc_single = {}
    for i in range(t):
        se_i = math.sqrt(max(var_i[i] + (J - 1) * max(cov2_i[i], 0.0), 0.0) / J)
        m = float(means_t[i])
        frrc_single[treatments[i]] = SingleTreatmentCI(m, se_i, math.inf, m - _Z975 * se_i, m + _Z975 * se_i)
    frrc_by_reader = {}
    for j in range(J):
        d_j = float(theta[1, j] - theta[0, j])
        se_j = math.sqrt(max(2.0 * (var_j[j] - cov1_j[j]), 0.0))
        z_j = _ratio(abs(d_j), se_j)
        frrc_by_reader[readers[j]] = SingleTreatmentCI(
            d_j, se_j, math.inf, d_j - _Z975 * se_j, d_j + _Z975 * se_j, _two_sided_p(z_j, math.inf)
        )

    # ---- random readers, fixed cases ----
    rrfc = rrfc_single = None
    if J > 1:
        df2 = float((t - 1) * (J - 1))
        f_rf = _ratio(ms_t, ms_tr)
        se_rf = math.sqrt(2.0 * ms_tr / J)
        t_rf = _ratio(diff, se_rf) if diff >= 0 else -_ratio(-diff, se_rf)
        q = _t_quantile(df2)
        rrfc = DifferenceTest(
            "random readers, fixed cases",
            "F", f_rf, float(t - 1), df2, _f_p(f_rf, t - 1, df2), diff, se_rf, t_rf,
            diff - q * se_rf, diff + q * se_rf, ms_tr,
        )
        rrfc_single = {}
        q1 = _t_quantile(J - 1)
        for i in range(t):
            se_i = math.sqrt(ms_r_i[i] / J)
            m = float(means_t[i])
            rrfc_single[treatments[i]] = SingleTreatmentCI(m, se_i, float(J - 1), m - q1 * se_i, m + q1 * se_i)

    return ORHillisResult(
        fom=fom,
        treatments=(treatments[0], treatments[1]),
        readers=readers,
        n_cases_jackknifed=n,
        reader_estimates={treatments[i]: {readers[j]: float(theta[i, j]) for j in range(J)} for i in range(t)},
        treatment_means={treatments[i]: float(means_t[i]) for i in range(t)},
        difference=diff,
        ms_t=ms_t,
        ms_r=ms_r,
        ms_tr=ms_tr,
        ms_r_by_treatment={treatments[i]: ms_r_i[i] for i in range(t)},
        var=var,
        cov1=cov1,
        cov2=cov2,
        cov3=cov3,
        var_r=var_r,
        var_tr=var_tr,
        var_by_treatment={treatments[i]: var_i[i] for i in range(t)},
        cov2_by_treatment={treatments[i]: cov2_i[i] for i in range(t)},
        var_by_reader={readers[j]: var_j[j] for j in range(J)},
        cov1_by_reader={readers[j]: cov1_j[j] for j in range(J)},
        rrrc=rrrc,
        rrrc_single_treatment=rrrc_single,
        frrc=frrc,
        frrc_single_treatment=frrc_single,
        frrc_by_reader=frrc_by_reader,
        rrfc=rrfc,
        rrfc_single_treatment=rrfc_single,
        notes=notes,
    )


# --------------------------------------------------------------------------
# FOMs and their jackknife values on the balanced array
# --------------------------------------------------------------------------


def _auc_and_jackknife(ratings: np.ndarray, truth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """AUC[t, J] and leave-one-case-out AUC[t, J, K] (all K cases)."""
    t, J, K = ratings.shape
    pos = truth == 1
    n1, n0 = int(pos.sum()), int((~pos).sum())
    theta = np.empty((t, J))
    jk = np.empty((t, J, K))
    for i in range(t):
        for j in range(J):
            x = ratings[i, j]
            v10, v01 = _placements(x[pos], x[~pos])
            a = float(np.mean(v10))
            theta[i, j] = a
            jk[i, j, pos] = (n1 * a - v10) / (n1 - 1)
            jk[i, j, ~pos] = (n0 * a - v01) / (n0 - 1)
    return theta, jk


def _proportion_and_jackknife(success: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean[t, J] of 0/1 outcomes over n cases and leave-one-out means [t, J, n]."""
    n = success.shape[2]
    s = success.sum(axis=2)
    theta = s / n
    jk = (s[:, :, None] - success) / (n - 1)
    return theta, jk


# --------------------------------------------------------------------------
# Study result and analyze()
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class StudyResult:
    """Everything :func:`analyze` computes; :meth:`to_dict` is JSON-ready."""

    treatments: tuple[str, str]
    readers: tuple[str, ...]
    n_cases: int
    n_diseased: int
    n_nondiseased: int
    n_cases_dropped: int
    dropped_cases: tuple[str, ...]
    decision_rule: str
    per_reader: dict[str, dict[str, TreatmentMetrics]]
    pooled: dict[str, TreatmentMetrics]
    mcnemar: dict[str, McNemarResult]
    mcnemar_pooled: McNemarResult
    change_of_mind: dict[str, ChangeOfMind]
    change_of_mind_total: ChangeOfMind
    or_hillis: dict[str, ORHillisResult | None]
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts/lists/numbers/strings; NaN and infinities become None."""
        return _jsonable(self)


def _jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        if isinstance(obj, ChangeOfMind):
            out["n"] = obj.n
        return out
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    return obj


def _balanced_arrays(
    table: ReadTable, treatments: tuple[str, str]
) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Ratings/decisions[t, J, K] and truth[K] on the cases read by everyone.

    Returns readers, kept cases, ratings, decisions, truth, dropped cases.
    """
    src = table.source
    present = set(table.treatment)
    for trt in treatments:
        if trt not in present:
            raise InputError(src, f"treatment {trt!r} has no reads (treatments found: {', '.join(sorted(present))})")
    extra = present - set(treatments)
    if extra:
        raise InputError(
            src,
            f"found {len(present)} treatments ({', '.join(sorted(present))}); "
            f"the analysis compares exactly two: {treatments[0]!r} and {treatments[1]!r}",
        )
    readers = table.readers
    all_cases = table.cases
    index: dict[tuple[str, str, str], int] = {
        (r, t, c): n for n, (r, t, c) in enumerate(zip(table.reader, table.treatment, table.case))
    }
    for r in readers:
        for trt in treatments:
            if not any((r, trt, c) in index for c in all_cases):
                raise InputError(src, f"reader {r!r} has no reads in treatment {trt!r}; cannot pair the treatments")
    kept = [c for c in all_cases if all((r, trt, c) in index for r in readers for trt in treatments)]
    kept_set = set(kept)
    dropped = [c for c in all_cases if c not in kept_set]
    if not kept:
        raise InputError(src, "no case was read by every reader in both treatments; nothing to analyse")
    truth_of = table.case_truth()
    t, J, K = len(treatments), len(readers), len(kept)
    ratings = np.empty((t, J, K))
    decisions = np.empty((t, J, K), dtype=int)
    for i, trt in enumerate(treatments):
        for j, r in enumerate(readers):
            for k, c in enumerate(kept):
                n = index[(r, trt, c)]
                ratings[i, j, k] = table.rating[n]
                decisions[i, j, k] = table.decision[n]
    truth = np.array([truth_of[c] for c in kept], dtype=int)
    return readers, tuple(kept), ratings, decisions, truth, dropped


def analyze(table: ReadTable, treatments: Sequence[str] | None = None) -> StudyResult:
    """Analyse a two-treatment MRMC reader study.

    Args:
        table: the reads (see :class:`ReadTable`).
        treatments: ``(first, second)``; differences are second minus first.
            Defaults to :attr:`ReadTable.treatments` (unaided, aided).

    Returns:
        :class:`StudyResult` with descriptive metrics, McNemar tests, the
        change-of-mind table, OR-Hillis analyses of AUC, accuracy,
        sensitivity and specificity, and notes on anything unusual.

    Raises:
        InputError: not exactly two treatments, a reader missing a whole
            treatment, or no case read by everyone in both treatments.
    """
    order = tuple(treatments) if treatments is not None else table.treatments
    if len(order) != 2 or order[0] == order[1]:
        raise InputError(
            table.source,
            f"a reader study compares exactly two treatments; found {len(set(order))}: {', '.join(map(repr, order))}",
        )
    trts = (order[0], order[1])
    readers, cases, ratings, decisions, truth, dropped = _balanced_arrays(table, trts)
    J, K = len(readers), len(cases)
    pos = truth == 1
    n1, n0 = int(pos.sum()), K - int(pos.sum())
    notes: list[str] = []
    if table.decision_given:
        rule = "decisions as recorded"
    else:
        rule = f"decision = 1 when rating >= {table.decision_threshold:g} (no decisions recorded)"
        notes.append(f"no decision column: decisions derived as rating >= {table.decision_threshold:g}")
    if dropped:
        notes.append(
            f"{len(dropped)} case(s) not read by every reader in both treatments were dropped from all analyses: "
            + ", ".join(dropped[:20])
            + (" ..." if len(dropped) > 20 else "")
        )
    if n1 == 0 or n0 == 0:
        notes.append(
            "all analysed cases have the same truth: AUC and one of sensitivity/specificity are undefined"
        )

    correct = decisions == truth[None, None, :]

    # ---- descriptive metrics ----
    per_reader: dict[str, dict[str, TreatmentMetrics]] = {r: {} for r in readers}
    pooled: dict[str, TreatmentMetrics] = {}
    auc_theta = auc_jk = None
    if n1 >= 1 and n0 >= 1:
        if n1 >= 2 and n0 >= 2:
            auc_theta, auc_jk = _auc_and_jackknife(ratings, truth)
        else:
            auc_theta = np.array(
                [[empirical_auc(truth, ratings[i, j]) for j in range(J)] for i in range(2)]
            )
    auc_se = None
    if auc_jk is not None:
        cov = _jackknife_cov(auc_jk)
        auc_se = np.sqrt(np.array([[cov[i, j, i, j] for j in range(J)] for i in range(2)]))
    for i, trt in enumerate(trts):
        for j, r in enumerate(readers):
            per_reader[r][trt] = TreatmentMetrics(
                accuracy=wilson_ci(int(correct[i, j].sum()), K),
                sensitivity=wilson_ci(int(decisions[i, j, pos].sum()), n1),
                specificity=wilson_ci(int((decisions[i, j, ~pos] == 0).sum()), n0),
                auc=math.nan if auc_theta is None else float(auc_theta[i, j]),
                auc_se=None if auc_se is None else float(auc_se[i, j]),
            )
        pooled[trt] = TreatmentMetrics(
            accuracy=wilson_ci(int(correct[i].sum()), J * K),
            sensitivity=wilson_ci(int(decisions[i][:, pos].sum()), J * n1),
            specificity=wilson_ci(int((decisions[i][:, ~pos] == 0).sum()), J * n0),
            auc=math.nan if auc_theta is None else float(np.mean(auc_theta[i])),
            auc_pooled_reads=(
                math.nan if auc_theta is None else empirical_auc(np.tile(truth, J), ratings[i].reshape(-1))
            ),
        )

    # ---- McNemar and change of mind ----
    mcn: dict[str, McNemarResult] = {}
    com: dict[str, ChangeOfMind] = {}
    for j, r in enumerate(readers):
        a, b = correct[0, j], correct[1, j]
        c = ChangeOfMind(
            right_to_wrong=int(np.sum(a & ~b)),
            wrong_to_right=int(np.sum(~a & b)),
            right_to_right=int(np.sum(a & b)),
            wrong_to_wrong=int(np.sum(~a & ~b)),
        )
        com[r] = c
        mcn[r] = mcnemar_exact(c.right_to_wrong, c.wrong_to_right)
    total = ChangeOfMind(
        *(sum(getattr(c, f) for c in com.values()) for f in ("right_to_wrong", "wrong_to_right", "right_to_right", "wrong_to_wrong"))
    )
    mcn_pooled = mcnemar_exact(total.right_to_wrong, total.wrong_to_right)
    if J > 1:
        notes.append(
            "pooled McNemar test sums the discordant pairs of all readers; reads of the same case by "
            "different readers are not independent, so it is descriptive only (use the OR-Hillis accuracy analysis)"
        )

    # ---- OR-Hillis ----
    orh: dict[str, ORHillisResult | None] = {}
    if auc_jk is not None:
        orh["auc"] = or_hillis(auc_theta, auc_jk, fom="auc", treatments=trts, readers=readers)
    else:
        orh["auc"] = None
        notes.append("auc: OR analysis needs at least 2 diseased and 2 non-diseased cases; not done")
    subsets = {
        "accuracy": (correct, np.ones(K, dtype=bool), 2),
        "sensitivity": (decisions == 1, pos, 2),
        "specificity": (decisions == 0, ~pos, 2),
    }
    for name, (succ, mask, need) in subsets.items():
        m = int(mask.sum())
        if m < need:
            orh[name] = None
            notes.append(f"{name}: OR analysis needs at least {need} relevant cases (has {m}); not done")
            continue
        theta, jk = _proportion_and_jackknife(succ[:, :, mask].astype(float))
        orh[name] = or_hillis(theta, jk, fom=name, treatments=trts, readers=readers)
    for res in orh.values():
        if res is not None:
            notes.extend(res.notes)
    for name in FOMS:
        res = orh.get(name)
        if res is None:
            continue
        zero = [r for j, r in enumerate(res.readers) if res.var_by_reader[r] <= _EPS]
        if zero:
            notes.append(
                f"{name}: reader(s) {', '.join(zero)} have zero jackknife variance "
                "(the same outcome on every case, e.g. always right); their error terms are zero"
            )

    return StudyResult(
        treatments=trts,
        readers=readers,
        n_cases=K,
        n_diseased=n1,
        n_nondiseased=n0,
        n_cases_dropped=len(dropped),
        dropped_cases=tuple(dropped),
        decision_rule=rule,
        per_reader=per_reader,
        pooled=pooled,
        mcnemar=mcn,
        mcnemar_pooled=mcn_pooled,
        change_of_mind=com,
        change_of_mind_total=total,
        or_hillis={name: orh.get(name) for name in FOMS},
        notes=notes,
    )
