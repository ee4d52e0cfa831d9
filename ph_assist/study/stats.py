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
from typing import Any, NamedTuple

import numpy as np
from scipy import stats as _st

from ph_assist.errors import InputError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.stats_core import mann_whitney_auc
from ph_assist.study.agreement import KappaResult, reader_agreement

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
            labels = [translate("errors", "read {n}").format(n=n) for n in range(1, len(recs) + 1)]
        if not recs:
            raise InputError(src, translate("errors", "no reads (the table is empty)"))
        if not math.isfinite(float(decision_threshold)):
            raise InputError(src, translate("errors", "decision threshold {threshold!r} is not a finite number").format(
                threshold=decision_threshold))
        has_dec = [rec.get("decision") is not None for rec in recs]
        if any(has_dec) and not all(has_dec):
            first = labels[has_dec.index(False)]
            raise InputError(src, translate("errors", "{read}: decision is missing; give a 0/1 decision for every read "
                                                      "or for none").format(read=first))
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
                    raise InputError(src, translate("errors", "{read}: {column} is empty").format(read=lab, column=col))
                ids.append(text)
            r, t, c = ids
            truth = _parse_binary(rec.get("truth"))
            if truth is None:
                raise InputError(src, translate("errors", "{read}: truth {value} must be 0 or 1").format(
                    read=lab, value=_show(rec.get("truth"))))
            rating = _parse_number(rec.get("rating"))
            if rating is None:
                raise InputError(src, translate("errors", "{read}: rating {value} is not a number").format(
                    read=lab, value=_show(rec.get("rating"))))
            if not math.isfinite(rating):
                raise InputError(src, translate("errors", "{read}: rating {value} is not a finite number").format(
                    read=lab, value=_show(rec.get("rating"))))
            if given:
                dec = _parse_binary(rec.get("decision"))
                if dec is None:
                    raise InputError(src, translate("errors", "{read}: decision {value} must be 0 or 1").format(
                        read=lab, value=_show(rec.get("decision"))))
            else:
                dec = int(rating >= decision_threshold)
            if c in truth_of and truth_of[c][0] != truth:
                t0, lab0 = truth_of[c]
                raise InputError(src, translate("errors", "{read}: case {case!r} has truth {truth} but {first} gave it "
                                                          "truth {first_truth}").format(read=lab, case=c, truth=truth,
                                                                                        first=lab0, first_truth=t0))
            truth_of.setdefault(c, (truth, lab))
            key = (r, t, c)
            if key in seen:
                raise InputError(src, translate(
                    "errors", "{read}: duplicate read of case {case!r} by reader {reader!r} in treatment "
                              "{treatment!r} (first read at {first})"
                ).format(read=lab, case=c, reader=r, treatment=t, first=seen[key]))
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
    return translate("errors", "(empty)") if value is None or str(value).strip() == "" else repr(str(value).strip())


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


class _ORCovariances(NamedTuple):
    """Obuchowski-Rockette error covariances, averaged from the jackknife.

    ``var``, ``cov1``, ``cov2``, ``cov3`` are averaged over all treatments
    and readers; the ``*_by_treatment`` lists (length t) and ``*_by_reader``
    lists (length J) average within one treatment or one reader.
    """

    var: float
    cov1: float
    cov2: float
    cov3: float
    var_by_treatment: list[float]
    cov2_by_treatment: list[float]
    var_by_reader: list[float]
    cov1_by_reader: list[float]


class _MeanSquares(NamedTuple):
    """Treatment means and the ANOVA mean squares of ``theta[t, J]``.

    ``ms_r``, ``ms_tr`` and the ``ms_r_by_treatment`` entries are NaN with
    one reader.
    """

    means_t: np.ndarray
    difference: float
    ms_t: float
    ms_r: float
    ms_tr: float
    ms_r_by_treatment: list[float]


def _check_or_arrays(theta: np.ndarray, jk: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Validate the FOM arrays of :func:`or_hillis` and make them float.

    Parameters
    ----------
    theta : array_like, shape (2, J)
        FOM per treatment and reader.
    jk : array_like, shape (2, J, n)
        Leave-one-case-out FOMs.

    Returns
    -------
    theta, jk : ndarray
        The same arrays as float.

    Raises
    ------
    ValueError
        Not two treatments, or ``jk`` not of shape (2, J, n) with n >= 2.
    """
    theta = np.asarray(theta, dtype=float)
    jk = np.asarray(jk, dtype=float)
    t, J = theta.shape
    if t != 2:
        raise ValueError("or_hillis compares exactly two treatments")
    if jk.shape[:2] != theta.shape or jk.shape[2] < 2:
        raise ValueError("jk must have shape (2, J, n) with n >= 2")
    return theta, jk


def _or_covariances(jk: np.ndarray) -> _ORCovariances:
    """Var, Cov1, Cov2 and Cov3 of the Obuchowski-Rockette model.

    Parameters
    ----------
    jk : ndarray, shape (t, J, n)
        Leave-one-case-out FOMs.

    Returns
    -------
    _ORCovariances
        Var (same treatment and reader), Cov1 (same reader, other
        treatment), Cov2 (same treatment, other reader), Cov3 (other reader
        and treatment), each the mean of the jackknife covariances of its
        kind (0 when there is none, e.g. Cov2 with one reader), overall and
        per treatment or reader.

    References
    ----------
    Obuchowski NA, Rockette HE (1995). Hypothesis testing of diagnostic
    accuracy for multiple readers and multiple tests: an ANOVA approach with
    dependent observations. Commun Stat Simul Comput 24:285-308.
    """
    t, J = jk.shape[:2]
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
    return _ORCovariances(var, cov1, cov2, cov3, var_i, cov2_i, var_j, cov1_j)


def _or_mean_squares(theta: np.ndarray) -> _MeanSquares:
    """Treatment means, their difference and the mean squares MS(T), MS(R), MS(TR).

    Parameters
    ----------
    theta : ndarray, shape (t, J)
        FOM per treatment and reader.

    Returns
    -------
    _MeanSquares
        ``difference`` is the second treatment's mean minus the first's;
        ``ms_r_by_treatment[i]`` is the reader mean square within treatment
        ``i``.  Mean squares below the zero tolerance are exactly 0; those
        that need two readers are NaN with one.
    """
    t, J = theta.shape
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
    return _MeanSquares(means_t, diff, ms_t, ms_r, ms_tr, ms_r_i)


def _or_variance_components(ms: _MeanSquares, cov: _ORCovariances, t: int, J: int) -> tuple[float, float]:
    """ANOVA estimates of the reader and treatment-by-reader variances.

    Parameters
    ----------
    ms : _MeanSquares
    cov : _ORCovariances
    t, J : int
        Number of treatments and readers.

    Returns
    -------
    var_r, var_tr : float
        The OR variance components (may be negative); NaN with one reader.
    """
    if J <= 1:
        return math.nan, math.nan
    var_tr = ms.ms_tr - cov.var + cov.cov1 + cov.cov2 - cov.cov3
    var_r = (ms.ms_r - var_tr - cov.var + cov.cov2 - (t - 1) * (cov.cov1 - cov.cov3)) / t
    return var_r, var_tr


def _satterthwaite_df(den: float, ms: float, df: int) -> float:
    """Denominator degrees of freedom ``den^2 / (ms^2 / df)``; inf when ``ms`` is 0.

    With ``den = MS(TR) + J * max(Cov2 - Cov3, 0)``, ``ms = MS(TR)`` and
    ``df = (t - 1)(J - 1)`` this is the Hillis ddf; the single-treatment
    CIs use ``MS(R)`` of that treatment with ``df = J - 1``.

    Parameters
    ----------
    den : float
        The error term.
    ms : float
        The mean square it is built on.
    df : int
        The degrees of freedom of ``ms``.

    Returns
    -------
    float

    References
    ----------
    Hillis SL (2007). A comparison of denominator degrees of freedom methods
    for multiple observer ROC analysis. Stat Med 26:596-619.
    """
    return den**2 / (ms**2 / df) if ms > _EPS else math.inf


def _signed_ratio(diff: float, se: float) -> float:
    """``diff / se`` as :func:`_ratio` gives it, with the sign of ``diff``."""
    return _ratio(diff, se) if diff >= 0 else -_ratio(-diff, se)


def _difference_test(
    analysis: str,
    statistic_name: str,
    statistic: float,
    df1: float,
    df2: float,
    p_value: float,
    diff: float,
    se: float,
    q: float,
    error_term: float,
) -> DifferenceTest:
    """A :class:`DifferenceTest` with ``t_or_z = diff / se`` and CI ``diff +- q * se``.

    Parameters
    ----------
    analysis, statistic_name : str
        Labels.
    statistic, df1, df2, p_value : float
        The F or chi-square test.
    diff, se : float
        The treatment difference and its standard error.
    q : float
        The 0.975 quantile of the reference distribution.
    error_term : float
        The error term the test is built on.

    Returns
    -------
    DifferenceTest
    """
    return DifferenceTest(
        analysis, statistic_name, statistic, df1, df2, p_value, diff, se, _signed_ratio(diff, se),
        diff - q * se, diff + q * se, error_term,
    )


def _random_readers_random_cases(
    ms: _MeanSquares, d23: float, t: int, J: int, fom: str
) -> tuple[DifferenceTest, list[str]]:
    """The OR F test with Hillis ddf (readers and cases random); J >= 2.

    Parameters
    ----------
    ms : _MeanSquares
    d23 : float
        ``max(Cov2 - Cov3, 0)``.
    t, J : int
        Number of treatments and readers.
    fom : str
        FOM name for the notes.

    Returns
    -------
    test : DifferenceTest
        F = MS(T) / (MS(TR) + J * d23) on (t - 1, ddf_H) df; CI from the t
        distribution on ddf_H df.
    notes : list of str
        Infinite ddf, zero error term.

    References
    ----------
    Hillis SL, Berbaum KS, Metz CE (2008). Recent developments in the
    Dorfman-Berbaum-Metz procedure for multireader ROC study analysis.
    Acad Radiol 15:647-661.
    """
    notes: list[str] = []
    den = _clean(ms.ms_tr + J * d23)
    f = _ratio(ms.ms_t, den)
    ddf = _satterthwaite_df(den, ms.ms_tr, (t - 1) * (J - 1))
    if ms.ms_tr <= _EPS:
        notes.append(translate("study", "{fom}: MS(TR) = 0, so the Hillis denominator df is infinite "
                                        "(normal/chi-square reference)").format(fom=fom))
    if den <= _EPS:
        notes.append(translate(
            "study", "{fom}: the random-reader error term MS(TR) + J*max(Cov2-Cov3,0) is zero (no reader-by-treatment "
                     "or case variability); F = {f} - not a meaningful test"
        ).format(fom=fom, f="nan, p = 1" if math.isnan(f) else "inf, p = 0"))
    se = math.sqrt(2.0 * den / J)
    test = _difference_test(
        "random readers, random cases (OR, Hillis ddf)",
        "F", f, float(t - 1), ddf, _f_p(f, t - 1, ddf), ms.difference, se, _t_quantile(ddf), den,
    )
    return test, notes


def _rrrc_single_treatment(
    ms: _MeanSquares, cov: _ORCovariances, J: int, treatments: tuple[str, ...]
) -> dict[str, SingleTreatmentCI]:
    """CI of each treatment's reader-averaged FOM, readers and cases random; J >= 2.

    Parameters
    ----------
    ms : _MeanSquares
    cov : _ORCovariances
    J : int
        Number of readers.
    treatments : tuple of str
        Labels, in the order of ``theta``'s rows.

    Returns
    -------
    dict
        Treatment -> :class:`SingleTreatmentCI` with error term
        ``MS(R)_i + J * max(Cov2_i, 0)`` and its Satterthwaite df.
    """
    out = {}
    for i in range(len(ms.ms_r_by_treatment)):
        ms_r_i = ms.ms_r_by_treatment[i]
        den_i = _clean(ms_r_i + J * max(cov.cov2_by_treatment[i], 0.0))
        df_i = _satterthwaite_df(den_i, ms_r_i, J - 1)
        se_i = math.sqrt(den_i / J)
        q_i = _t_quantile(df_i)
        m = float(ms.means_t[i])
        out[treatments[i]] = SingleTreatmentCI(m, se_i, df_i, m - q_i * se_i, m + q_i * se_i)
    return out


def _fixed_readers_random_cases(
    ms: _MeanSquares, cov: _ORCovariances, d23: float, t: int, J: int, fom: str
) -> tuple[DifferenceTest, list[str]]:
    """The chi-square test with readers fixed and cases random.

    Parameters
    ----------
    ms : _MeanSquares
    cov : _ORCovariances
    d23 : float
        ``max(Cov2 - Cov3, 0)``.
    t, J : int
        Number of treatments and readers.
    fom : str
        FOM name for the notes.

    Returns
    -------
    test : DifferenceTest
        chi2 = (t - 1) MS(T) / (Var - Cov1 + (J - 1) d23) on t - 1 df;
        normal CI.
    notes : list of str
        Zero error term.
    """
    den_f = _clean(cov.var - cov.cov1 + (J - 1) * d23)
    chi2 = _ratio((t - 1) * ms.ms_t, den_f)
    se_f = math.sqrt(2.0 * den_f / J)
    test = _difference_test(
        "fixed readers, random cases",
        "chi2", chi2, float(t - 1), math.inf, _f_p(chi2 / (t - 1), t - 1, math.inf), ms.difference, se_f, _Z975,
        den_f,
    )
    notes = []
    if den_f <= _EPS:
        notes.append(translate("study", "{fom}: the fixed-reader error term Var - Cov1 + (J-1)*max(Cov2-Cov3,0) is "
                                        "zero").format(fom=fom))
    return test, notes


def _frrc_single_treatment(
    ms: _MeanSquares, cov: _ORCovariances, J: int, treatments: tuple[str, ...]
) -> dict[str, SingleTreatmentCI]:
    """Normal CI of each treatment's reader-averaged FOM, readers fixed.

    Parameters
    ----------
    ms : _MeanSquares
    cov : _ORCovariances
    J : int
        Number of readers.
    treatments : tuple of str
        Labels, in the order of ``theta``'s rows.

    Returns
    -------
    dict
        Treatment -> :class:`SingleTreatmentCI` with variance
        ``(Var_i + (J - 1) max(Cov2_i, 0)) / J``.
    """
    out = {}
    for i in range(len(cov.var_by_treatment)):
        se_i = math.sqrt(max(cov.var_by_treatment[i] + (J - 1) * max(cov.cov2_by_treatment[i], 0.0), 0.0) / J)
        m = float(ms.means_t[i])
        out[treatments[i]] = SingleTreatmentCI(m, se_i, math.inf, m - _Z975 * se_i, m + _Z975 * se_i)
    return out


def _frrc_by_reader(theta: np.ndarray, cov: _ORCovariances, readers: tuple[str, ...]) -> dict[str, SingleTreatmentCI]:
    """Each reader's treatment difference with its normal CI and two-sided p.

    Parameters
    ----------
    theta : ndarray, shape (2, J)
        FOM per treatment and reader.
    cov : _ORCovariances
    readers : tuple of str
        Labels, in the order of ``theta``'s columns.

    Returns
    -------
    dict
        Reader -> :class:`SingleTreatmentCI` of ``theta[1, j] - theta[0, j]``
        with variance ``2 (Var_j - Cov1_j)``.
    """
    out = {}
    for j in range(theta.shape[1]):
        d_j = float(theta[1, j] - theta[0, j])
        se_j = math.sqrt(max(2.0 * (cov.var_by_reader[j] - cov.cov1_by_reader[j]), 0.0))
        z_j = _ratio(abs(d_j), se_j)
        out[readers[j]] = SingleTreatmentCI(
            d_j, se_j, math.inf, d_j - _Z975 * se_j, d_j + _Z975 * se_j, _two_sided_p(z_j, math.inf)
        )
    return out


def _random_readers_fixed_cases(ms: _MeanSquares, t: int, J: int) -> DifferenceTest:
    """The F test with readers random and cases fixed: MS(T) / MS(TR); J >= 2.

    Parameters
    ----------
    ms : _MeanSquares
    t, J : int
        Number of treatments and readers.

    Returns
    -------
    DifferenceTest
        F on (t - 1, (t - 1)(J - 1)) df; CI from the t distribution.
    """
    df2 = float((t - 1) * (J - 1))
    f_rf = _ratio(ms.ms_t, ms.ms_tr)
    se_rf = math.sqrt(2.0 * ms.ms_tr / J)
    return _difference_test(
        "random readers, fixed cases",
        "F", f_rf, float(t - 1), df2, _f_p(f_rf, t - 1, df2), ms.difference, se_rf, _t_quantile(df2), ms.ms_tr,
    )


def _rrfc_single_treatment(ms: _MeanSquares, J: int, treatments: tuple[str, ...]) -> dict[str, SingleTreatmentCI]:
    """CI of each treatment's reader-averaged FOM, readers random, cases fixed; J >= 2.

    Parameters
    ----------
    ms : _MeanSquares
    J : int
        Number of readers.
    treatments : tuple of str
        Labels, in the order of ``theta``'s rows.

    Returns
    -------
    dict
        Treatment -> :class:`SingleTreatmentCI` with variance ``MS(R)_i / J``
        on J - 1 df.
    """
    out = {}
    q1 = _t_quantile(J - 1)
    for i in range(len(ms.ms_r_by_treatment)):
        se_i = math.sqrt(ms.ms_r_by_treatment[i] / J)
        m = float(ms.means_t[i])
        out[treatments[i]] = SingleTreatmentCI(m, se_i, float(J - 1), m - q1 * se_i, m + q1 * se_i)
    return out


def _labelled_estimates(
    theta: np.ndarray,
    ms: _MeanSquares,
    cov: _ORCovariances,
    var_r: float,
    var_tr: float,
    treatments: tuple[str, ...],
    readers: tuple[str, ...],
) -> dict[str, Any]:
    """The estimates of :class:`ORHillisResult`, keyed by its field names.

    Parameters
    ----------
    theta : ndarray, shape (t, J)
    ms : _MeanSquares
    cov : _ORCovariances
    var_r, var_tr : float
        The OR variance components.
    treatments, readers : tuple of str
        Labels of ``theta``'s rows and columns.

    Returns
    -------
    dict
        ``reader_estimates`` ... ``cov1_by_reader``, per-treatment and
        per-reader values as dicts keyed by label.
    """
    t, J = theta.shape
    return dict(
        reader_estimates={treatments[i]: {readers[j]: float(theta[i, j]) for j in range(J)} for i in range(t)},
        treatment_means={treatments[i]: float(ms.means_t[i]) for i in range(t)},
        difference=ms.difference,
        ms_t=ms.ms_t,
        ms_r=ms.ms_r,
        ms_tr=ms.ms_tr,
        ms_r_by_treatment={treatments[i]: ms.ms_r_by_treatment[i] for i in range(t)},
        var=cov.var,
        cov1=cov.cov1,
        cov2=cov.cov2,
        cov3=cov.cov3,
        var_r=var_r,
        var_tr=var_tr,
        var_by_treatment={treatments[i]: cov.var_by_treatment[i] for i in range(t)},
        cov2_by_treatment={treatments[i]: cov.cov2_by_treatment[i] for i in range(t)},
        var_by_reader={readers[j]: cov.var_by_reader[j] for j in range(J)},
        cov1_by_reader={readers[j]: cov.cov1_by_reader[j] for j in range(J)},
    )


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
    theta, jk = _check_or_arrays(theta, jk)
    t, J = theta.shape
    readers = tuple(readers) if readers is not None else tuple(str(j + 1) for j in range(J))
    treatments = tuple(treatments)
    cov = _or_covariances(jk)
    ms = _or_mean_squares(theta)
    var_r, var_tr = _or_variance_components(ms, cov, t, J)
    d23 = max(cov.cov2 - cov.cov3, 0.0)
    notes: list[str] = []
    rrrc = rrrc_single = rrfc = rrfc_single = None
    if J > 1:
        rrrc, rrrc_notes = _random_readers_random_cases(ms, d23, t, J, fom)
        notes.extend(rrrc_notes)
        rrrc_single = _rrrc_single_treatment(ms, cov, J, treatments)
        rrfc = _random_readers_fixed_cases(ms, t, J)
        rrfc_single = _rrfc_single_treatment(ms, J, treatments)
    else:
        notes.append(translate(
            "study", "{fom}: one reader - the random-reader (OR/Hillis) analysis needs two or more readers; "
                     "the fixed-reader, random-case analysis is reported instead"
        ).format(fom=fom))
    frrc, frrc_notes = _fixed_readers_random_cases(ms, cov, d23, t, J, fom)
    notes.extend(frrc_notes)
    return ORHillisResult(
        fom=fom,
        treatments=(treatments[0], treatments[1]),
        readers=readers,
        n_cases_jackknifed=jk.shape[2],
        **_labelled_estimates(theta, ms, cov, var_r, var_tr, treatments, readers),
        rrrc=rrrc,
        rrrc_single_treatment=rrrc_single,
        frrc=frrc,
        frrc_single_treatment=_frrc_single_treatment(ms, cov, J, treatments),
        frrc_by_reader=_frrc_by_reader(theta, cov, readers),
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
    #: Fleiss' kappa of the readers' calls per treatment (:mod:`ph_assist.study.agreement`); empty with one reader.
    agreement: dict[str, KappaResult] = dataclasses.field(default_factory=dict)

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
            raise InputError(src, translate("errors", "treatment {treatment!r} has no reads (treatments found: "
                                                      "{found})").format(treatment=trt,
                                                                         found=", ".join(sorted(present))))
    extra = present - set(treatments)
    if extra:
        raise InputError(src, translate(
            "errors", "found {n} treatments ({found}); the analysis compares exactly two: {first!r} and {second!r}"
        ).format(n=len(present), found=", ".join(sorted(present)), first=treatments[0], second=treatments[1]))
    readers = table.readers
    all_cases = table.cases
    index: dict[tuple[str, str, str], int] = {
        (r, t, c): n for n, (r, t, c) in enumerate(zip(table.reader, table.treatment, table.case))
    }
    for r in readers:
        for trt in treatments:
            if not any((r, trt, c) in index for c in all_cases):
                raise InputError(src, translate("errors", "reader {reader!r} has no reads in treatment {treatment!r}; "
                                                          "cannot pair the treatments").format(reader=r, treatment=trt))
    kept = [c for c in all_cases if all((r, trt, c) in index for r in readers for trt in treatments)]
    kept_set = set(kept)
    dropped = [c for c in all_cases if c not in kept_set]
    if not kept:
        raise InputError(src, translate("errors", NO_COMMON_CASE))
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


#: The problem when no case was read by every reader in both treatments (the study analysis words it its own way).
NO_COMMON_CASE = QT_TRANSLATE_NOOP("errors", "no case was read by every reader in both treatments; nothing to analyse")

_POOLED_MCNEMAR_NOTE = QT_TRANSLATE_NOOP(
    "study",
    "pooled McNemar test sums the discordant pairs of all readers; reads of the same case by "
    "different readers are not independent, so it is descriptive only (use the OR-Hillis accuracy analysis)"
)


def _treatment_pair(table: ReadTable, treatments: Sequence[str] | None) -> tuple[str, str]:
    """The two treatments to compare, in order (default: the table's).

    Parameters
    ----------
    table : ReadTable
    treatments : sequence of str or None
        ``(first, second)``, or None for :attr:`ReadTable.treatments`.

    Returns
    -------
    tuple of str
        ``(first, second)``.

    Raises
    ------
    InputError
        Not two distinct treatments.
    """
    order = tuple(treatments) if treatments is not None else table.treatments
    if len(order) != 2 or order[0] == order[1]:
        raise InputError(table.source, translate(
            "errors", "a reader study compares exactly two treatments; found {n}: {treatments}"
        ).format(n=len(set(order)), treatments=", ".join(map(repr, order))))
    return (order[0], order[1])


def _design_notes(table: ReadTable, dropped: list[str], n1: int, n0: int) -> tuple[str, list[str]]:
    """The decision rule and the notes on the design (derived decisions, dropped cases, one class).

    Parameters
    ----------
    table : ReadTable
    dropped : list of str
        Cases not read by everyone in both treatments.
    n1, n0 : int
        Diseased and non-diseased cases analysed.

    Returns
    -------
    rule : str
        How the decisions were obtained.
    notes : list of str
    """
    notes: list[str] = []
    if table.decision_given:
        rule = translate("study", "decisions as recorded")
    else:
        rule = translate("study", "decision = 1 when rating >= {threshold:g} (no decisions recorded)").format(
            threshold=table.decision_threshold)
        notes.append(translate("study", "no decision column: decisions derived as rating >= {threshold}").format(
            threshold=f"{table.decision_threshold:g}"))
    if dropped:
        notes.append(translate(
            "study", "{n} case(s) not read by every reader in both treatments were dropped from all analyses: "
                     "{cases}"
        ).format(n=len(dropped), cases=", ".join(dropped[:20]) + (" ..." if len(dropped) > 20 else "")))
    if n1 == 0 or n0 == 0:
        notes.append(translate(
            "study", "all analysed cases have the same truth: AUC and one of sensitivity/specificity are undefined"
        ))
    return rule, notes


def _reader_aucs(
    ratings: np.ndarray, truth: np.ndarray
) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """Per-treatment, per-reader AUCs with their jackknife values and standard errors.

    Parameters
    ----------
    ratings : ndarray, shape (2, J, K)
    truth : ndarray of int, shape (K,)

    Returns
    -------
    theta : ndarray, shape (2, J), or None
        Empirical AUCs; None without a diseased or a non-diseased case.
    jk : ndarray, shape (2, J, K), or None
        Leave-one-case-out AUCs; None unless there are at least 2 cases of
        each class.
    se : ndarray, shape (2, J), or None
        Jackknife standard errors; None when ``jk`` is.
    """
    J = ratings.shape[1]
    pos = truth == 1
    n1, n0 = int(pos.sum()), len(truth) - int(pos.sum())
    theta = jk = se = None
    if n1 >= 1 and n0 >= 1:
        if n1 >= 2 and n0 >= 2:
            theta, jk = _auc_and_jackknife(ratings, truth)
        else:
            theta = np.array([[empirical_auc(truth, ratings[i, j]) for j in range(J)] for i in range(2)])
    if jk is not None:
        cov = _jackknife_cov(jk)
        se = np.sqrt(np.array([[cov[i, j, i, j] for j in range(J)] for i in range(2)]))
    return theta, jk, se


def _per_reader_metrics(
    trts: tuple[str, str],
    readers: tuple[str, ...],
    decisions: np.ndarray,
    correct: np.ndarray,
    truth: np.ndarray,
    auc_theta: np.ndarray | None,
    auc_se: np.ndarray | None,
) -> dict[str, dict[str, TreatmentMetrics]]:
    """Accuracy, sensitivity, specificity (Wilson CIs) and AUC of each reader in each treatment.

    Parameters
    ----------
    trts : tuple of str
        The two treatments.
    readers : tuple of str
    decisions : ndarray of int, shape (2, J, K)
    correct : ndarray of bool, shape (2, J, K)
        Decision equals truth.
    truth : ndarray of int, shape (K,)
    auc_theta, auc_se : ndarray, shape (2, J), or None
        From :func:`_reader_aucs`.

    Returns
    -------
    dict
        ``[reader][treatment]`` -> :class:`TreatmentMetrics`.
    """
    pos = truth == 1
    n1, n0 = int(pos.sum()), len(truth) - int(pos.sum())
    per_reader: dict[str, dict[str, TreatmentMetrics]] = {r: {} for r in readers}
    for i, trt in enumerate(trts):
        for j, r in enumerate(readers):
            per_reader[r][trt] = TreatmentMetrics(
                accuracy=wilson_ci(int(correct[i, j].sum()), len(truth)),
                sensitivity=wilson_ci(int(decisions[i, j, pos].sum()), n1),
                specificity=wilson_ci(int((decisions[i, j, ~pos] == 0).sum()), n0),
                auc=math.nan if auc_theta is None else float(auc_theta[i, j]),
                auc_se=None if auc_se is None else float(auc_se[i, j]),
            )
    return per_reader


def _pooled_metrics(
    trts: tuple[str, str],
    ratings: np.ndarray,
    decisions: np.ndarray,
    correct: np.ndarray,
    truth: np.ndarray,
    auc_theta: np.ndarray | None,
) -> dict[str, TreatmentMetrics]:
    """The metrics of all reads of each treatment put together.

    Parameters
    ----------
    trts : tuple of str
        The two treatments.
    ratings : ndarray, shape (2, J, K)
    decisions : ndarray of int, shape (2, J, K)
    correct : ndarray of bool, shape (2, J, K)
        Decision equals truth.
    truth : ndarray of int, shape (K,)
    auc_theta : ndarray, shape (2, J), or None
        From :func:`_reader_aucs`.

    Returns
    -------
    dict
        Treatment -> :class:`TreatmentMetrics`: proportions over all J * K
        reads, ``auc`` the readers' mean AUC, ``auc_pooled_reads`` the AUC
        of all reads.
    """
    J, K = decisions.shape[1:]
    pos = truth == 1
    n1, n0 = int(pos.sum()), K - int(pos.sum())
    pooled: dict[str, TreatmentMetrics] = {}
    for i, trt in enumerate(trts):
        pooled[trt] = TreatmentMetrics(
            accuracy=wilson_ci(int(correct[i].sum()), J * K),
            sensitivity=wilson_ci(int(decisions[i][:, pos].sum()), J * n1),
            specificity=wilson_ci(int((decisions[i][:, ~pos] == 0).sum()), J * n0),
            auc=math.nan if auc_theta is None else float(np.mean(auc_theta[i])),
            auc_pooled_reads=(
                math.nan if auc_theta is None else empirical_auc(np.tile(truth, J), ratings[i].reshape(-1))
            ),
        )
    return pooled


def _change_of_mind(
    readers: tuple[str, ...], correct: np.ndarray
) -> tuple[dict[str, ChangeOfMind], ChangeOfMind]:
    """Each reader's change-of-mind table and their sum.

    Parameters
    ----------
    readers : tuple of str
    correct : ndarray of bool, shape (2, J, K)
        Decision equals truth.

    Returns
    -------
    by_reader : dict
        Reader -> :class:`ChangeOfMind` from the first to the second treatment.
    total : ChangeOfMind
        The counts summed over readers.
    """
    com: dict[str, ChangeOfMind] = {}
    for j, r in enumerate(readers):
        a, b = correct[0, j], correct[1, j]
        com[r] = ChangeOfMind(
            right_to_wrong=int(np.sum(a & ~b)),
            wrong_to_right=int(np.sum(~a & b)),
            right_to_right=int(np.sum(a & b)),
            wrong_to_wrong=int(np.sum(~a & ~b)),
        )
    fields = ("right_to_wrong", "wrong_to_right", "right_to_right", "wrong_to_wrong")
    total = ChangeOfMind(*(sum(getattr(c, f) for c in com.values()) for f in fields))
    return com, total


def _or_hillis_by_fom(
    trts: tuple[str, str],
    readers: tuple[str, ...],
    decisions: np.ndarray,
    correct: np.ndarray,
    truth: np.ndarray,
    auc_theta: np.ndarray | None,
    auc_jk: np.ndarray | None,
) -> tuple[dict[str, ORHillisResult | None], list[str]]:
    """:func:`or_hillis` of AUC, accuracy, sensitivity and specificity.

    The jackknife runs over all cases for AUC and accuracy, over the
    diseased cases for sensitivity and the non-diseased cases for
    specificity (see the module docstring).

    Parameters
    ----------
    trts : tuple of str
        The two treatments.
    readers : tuple of str
    decisions : ndarray of int, shape (2, J, K)
    correct : ndarray of bool, shape (2, J, K)
        Decision equals truth.
    truth : ndarray of int, shape (K,)
    auc_theta, auc_jk : ndarray or None
        From :func:`_reader_aucs`.

    Returns
    -------
    results : dict
        FOM -> :class:`ORHillisResult`, or None where too few cases.
    notes : list of str
        FOMs not analysed, then each analysis's own notes.
    """
    pos = truth == 1
    notes: list[str] = []
    orh: dict[str, ORHillisResult | None] = {}
    if auc_theta is not None and auc_jk is not None:  # both set, or both None
        orh["auc"] = or_hillis(auc_theta, auc_jk, fom="auc", treatments=trts, readers=readers)
    else:
        orh["auc"] = None
        notes.append(translate("study", "auc: OR analysis needs at least 2 diseased and 2 non-diseased cases; "
                                        "not done"))
    subsets = {
        "accuracy": (correct, np.ones(len(truth), dtype=bool), 2),
        "sensitivity": (decisions == 1, pos, 2),
        "specificity": (decisions == 0, ~pos, 2),
    }
    for name, (succ, mask, need) in subsets.items():
        m = int(mask.sum())
        if m < need:
            orh[name] = None
            notes.append(translate("study", "{fom}: OR analysis needs at least {need} relevant cases (has {m}); not "
                                            "done").format(fom=name, need=need, m=m))
            continue
        theta, jk = _proportion_and_jackknife(succ[:, :, mask].astype(float))
        orh[name] = or_hillis(theta, jk, fom=name, treatments=trts, readers=readers)
    for res in orh.values():
        if res is not None:
            notes.extend(res.notes)
    return orh, notes


def _zero_variance_notes(orh: Mapping[str, ORHillisResult | None]) -> list[str]:
    """Notes naming, per FOM, the readers whose jackknife variance is zero.

    Parameters
    ----------
    orh : mapping
        FOM -> :class:`ORHillisResult` or None.

    Returns
    -------
    list of str
        One note per FOM (in :data:`FOMS` order) that has such readers.
    """
    notes = []
    for name in FOMS:
        res = orh.get(name)
        if res is None:
            continue
        zero = [r for r in res.readers if res.var_by_reader[r] <= _EPS]
        if zero:
            notes.append(translate(
                "study", "{fom}: reader(s) {readers} have zero jackknife variance (the same outcome on every case, "
                         "e.g. always right); their error terms are zero"
            ).format(fom=name, readers=", ".join(zero)))
    return notes


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
    trts = _treatment_pair(table, treatments)
    readers, cases, ratings, decisions, truth, dropped = _balanced_arrays(table, trts)
    n1 = int((truth == 1).sum())
    rule, notes = _design_notes(table, dropped, n1, len(cases) - n1)
    correct = decisions == truth[None, None, :]
    auc_theta, auc_jk, auc_se = _reader_aucs(ratings, truth)
    com, total = _change_of_mind(readers, correct)
    if len(readers) > 1:
        notes.append(translate("study", _POOLED_MCNEMAR_NOTE))
    orh, or_notes = _or_hillis_by_fom(trts, readers, decisions, correct, truth, auc_theta, auc_jk)
    notes += or_notes + _zero_variance_notes(orh)
    return StudyResult(
        treatments=trts,
        readers=readers,
        n_cases=len(cases),
        n_diseased=n1,
        n_nondiseased=len(cases) - n1,
        n_cases_dropped=len(dropped),
        dropped_cases=tuple(dropped),
        decision_rule=rule,
        per_reader=_per_reader_metrics(trts, readers, decisions, correct, truth, auc_theta, auc_se),
        pooled=_pooled_metrics(trts, ratings, decisions, correct, truth, auc_theta),
        mcnemar={r: mcnemar_exact(c.right_to_wrong, c.wrong_to_right) for r, c in com.items()},
        mcnemar_pooled=mcnemar_exact(total.right_to_wrong, total.wrong_to_right),
        change_of_mind=com,
        change_of_mind_total=total,
        or_hillis={name: orh.get(name) for name in FOMS},
        notes=notes,
        agreement=dict(reader_agreement(decisions, trts)),
    )
