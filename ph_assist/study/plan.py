"""Sample-size and power planning for an MRMC reader study (Obuchowski-Rockette / Hillis).

A pilot study (or any earlier study with the same kind of readers and cases)
gives the Obuchowski-Rockette variance components of a figure of merit (FOM):
the error variance ``Var`` and covariances ``Cov1`` (same reader, other
treatment), ``Cov2`` (same treatment, other reader), ``Cov3`` (other reader
and treatment), all estimated by the jackknife on the pilot's ``K*`` cases,
and the treatment-by-reader variance ``VarTR = MS(TR) - Var + Cov1 + Cov2 -
Cov3`` (:func:`ph_assist.study.stats.or_hillis` computes all of them).

For a planned study with ``J`` readers and ``K`` cases, Hillis, Obuchowski &
Berbaum (2011) scale the error terms, which shrink in proportion to the
number of cases, by ``K*/K`` and keep ``VarTR``, which does not depend on
the cases.  With ``d23 = max(Cov2 - Cov3, 0)`` and ``s = K*/K``::

    den   = max(VarTR, 0) + s * (Var - Cov1 + (J - 1) * d23)
    den2  = max(VarTR, 0) + s * (Var - Cov1 - d23)      # expected MS(TR)
    ddf_H = den^2 / (den2^2 / (J - 1))
    ncp   = J * d^2 / (2 * den)                          # two treatments, effect d
    power = P(F(1, ddf_H; ncp) > F_{1 - alpha}(1, ddf_H))

for random readers and random cases (``"RRRC"``, the Hillis analysis of
:func:`~ph_assist.study.stats.analyze`).  Readers fixed (``"FRRC"``):
``den = s * (Var - Cov1 + (J - 1) d23)`` on ``K - 1`` ddf; cases fixed
(``"RRFC"``): ``den = den2`` on ``J - 1`` ddf.  These are the formulas of
RJafroc's ``SsPowerGivenJK(..., method = "ORH")``; :func:`cases_for_power`
is its ``SsSampleSizeKGivenJ``: the smallest ``K`` whose power reaches the
target.

Assumptions (stated in the ``ph-assist study plan`` output): the planned
study reads the same kind of cases with the same disease prevalence as the
pilot (the scaling uses all the pilot's cases, so for sensitivity and
specificity the diseased and non-diseased cases grow in proportion), the
readers come from the same population, and the effect is a difference of
the reader-averaged FOM between the two treatments (aided minus unaided).
By default the effect is the pilot's observed difference, as RJafroc does;
a pilot's observed effect is noisy, so give the smallest effect that would
matter clinically with ``effect=``.
"""

from __future__ import annotations

import dataclasses
import math
import os
from typing import Any

import numpy as np
from scipy import stats as _st

from ph_assist.errors import InputError
from ph_assist.i18n import translate
from ph_assist.study.stats import FOMS, ORHillisResult, StudyResult

__all__ = [
    "ANALYSES",
    "ORVarianceComponents",
    "PowerResult",
    "components_from_result",
    "pilot_components",
    "power_given_jk",
    "cases_for_power",
]

#: The generalisations a power can be computed for (RJafroc's ``option``).
ANALYSES = ("RRRC", "FRRC", "RRFC")
#: :func:`cases_for_power` looks no further than this many cases by default.
DEFAULT_MAX_CASES = 100_000


@dataclasses.dataclass(frozen=True)
class ORVarianceComponents:
    """Obuchowski-Rockette variance components of one FOM in a pilot study.

    Attributes
    ----------
    fom : str
        The figure of merit (``"auc"``, ``"accuracy"``, ...).
    var, cov1, cov2, cov3 : float
        Jackknife error variance and covariances on the pilot's cases.
    var_tr : float
        Treatment-by-reader variance component (may be negative; the power
        formulas use ``max(var_tr, 0)``).
    n_cases : int
        ``K*``, the number of pilot cases the error terms refer to.
    n_readers : int
        Readers in the pilot (for the record; the plan's J is free).
    observed_effect : float
        The pilot's difference of the reader-averaged FOM (second treatment
        minus first), NaN when unknown.
    """

    fom: str
    var: float
    cov1: float
    cov2: float
    cov3: float
    var_tr: float
    n_cases: int
    n_readers: int = 0
    observed_effect: float = math.nan

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers (NaN as None)."""
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in dataclasses.asdict(self).items()}


@dataclasses.dataclass(frozen=True)
class PowerResult:
    """Predicted power of a planned two-treatment study.

    Attributes
    ----------
    analysis : str
        ``"RRRC"``, ``"FRRC"`` or ``"RRFC"``.
    readers, cases : int
        The planned design (J, K).
    effect, alpha : float
        The effect size (absolute FOM difference) and the test's size.
    power : float
        Probability of rejecting "no difference" at ``alpha``.
    ncp : float
        Non-centrality parameter of the F distribution.
    df1, ddf : float
        Numerator (1) and denominator degrees of freedom (``inf``: chi-square).
    f_critical : float
        The critical value ``F_{1-alpha}(df1, ddf)``.
    """

    analysis: str
    readers: int
    cases: int
    effect: float
    alpha: float
    power: float
    ncp: float
    df1: float
    ddf: float
    f_critical: float

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers (infinite ddf as None)."""
        return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                for k, v in dataclasses.asdict(self).items()}


# --------------------------------------------------------------------------
# variance components of a pilot
# --------------------------------------------------------------------------


def _components(res: ORHillisResult, n_cases: int) -> ORVarianceComponents:
    return ORVarianceComponents(
        fom=res.fom, var=float(res.var), cov1=float(res.cov1), cov2=float(res.cov2), cov3=float(res.cov3),
        var_tr=float(res.var_tr), n_cases=int(n_cases), n_readers=len(res.readers),
        observed_effect=float(res.difference),
    )


def components_from_result(result: StudyResult, fom: str = "auc") -> ORVarianceComponents:
    """The OR variance components of one FOM of an analysed pilot.

    Parameters
    ----------
    result : StudyResult
        From :func:`ph_assist.study.stats.analyze`.
    fom : str
        One of :data:`~ph_assist.study.stats.FOMS`.

    Returns
    -------
    ORVarianceComponents
        ``n_cases`` is every analysed case of the pilot (for sensitivity and
        specificity too: the plan keeps the pilot's prevalence).

    Raises
    ------
    InputError
        Unknown FOM, fewer than two readers (``VarTR`` needs two), or the
        FOM's OR analysis was not possible on the pilot.
    """
    if fom not in FOMS:
        raise InputError(None, translate("study", "unknown figure of merit {fom} (choose one of {choices})").format(fom=repr(fom), choices=", ".join(FOMS)))
    res = result.or_hillis.get(fom)
    if res is None:
        raise InputError(None, translate("study", "the pilot has too few cases for an OR analysis of {fom}; cannot plan from it").format(fom=fom))
    if len(res.readers) < 2 or not math.isfinite(res.var_tr):
        raise InputError(None, translate("study", "the pilot has one reader; the reader variance needs at least two"))
    return _components(res, result.n_cases)


def pilot_components(
    path: str | os.PathLike, *, fom: str = "auc", decision_threshold: float | None = None,
    key: str | os.PathLike | None = None,
) -> ORVarianceComponents:
    """Analyse a pilot (a study folder or a long CSV of reads) and return its OR components.

    Parameters
    ----------
    path : path-like
        A study folder (its locked reads) or a long CSV (columns reader,
        treatment, case, truth, rating[, decision]) as ``study analyze``
        reads them.
    fom : str
        The figure of merit to plan for.
    decision_threshold : float, optional
        For a CSV without decisions: decision = rating >= this (default 50).
    key : path, optional
        The coordinator's key file of a pilot study folder (the ground truth; needed unless the
        study predates key files).

    Returns
    -------
    ORVarianceComponents

    Raises
    ------
    InputError, StudyError
        A missing or unusable pilot.
    """
    from ph_assist.study.report import analyze_study, analyze_table

    p = os.fspath(path)
    if not os.path.exists(p):
        raise InputError(p, translate("study", "pilot not found (give a study folder or a long CSV of reads)"))
    if os.path.isdir(p):
        if decision_threshold is not None:
            raise InputError(p, translate("study", "a decision threshold applies to a CSV of reads only (a study records decisions)"))
        result = analyze_study(p, key)
    else:
        from ph_assist.study.mrmc_io import load_long_csv

        kwargs = {} if decision_threshold is None else {"decision_threshold": decision_threshold}
        result = analyze_table(load_long_csv(p, **kwargs))
    try:
        return components_from_result(result, fom)
    except InputError as err:
        raise InputError(p, err.problem) from None


# --------------------------------------------------------------------------
# power and sample size
# --------------------------------------------------------------------------


def _check_design(effect: float, readers: int, alpha: float, analysis: str) -> None:
    if analysis not in ANALYSES:
        raise InputError(None, translate("study", "unknown analysis {analysis} (choose one of {choices})").format(analysis=repr(analysis), choices=", ".join(ANALYSES)))
    try:
        d = float(effect)
    except (TypeError, ValueError):
        d = math.nan
    if not (math.isfinite(d) and d > 0):
        raise InputError(None, translate("study", "effect size must be a number > 0 (got {effect})").format(effect=repr(effect)))
    if int(readers) != readers or readers < 2:
        raise InputError(None, translate("study", "the planned study needs at least 2 readers (got {readers})").format(readers=repr(readers)))
    if not (0 < alpha < 1):
        raise InputError(None, translate("study", "alpha must lie between 0 and 1 (got {alpha})").format(alpha=repr(alpha)))


def _error_terms(c: ORVarianceComponents, J: int, K: np.ndarray, analysis: str
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The F denominator and its ddf for J readers and each K (Hillis et al. 2011)."""
    s = c.n_cases / K
    vtr = max(c.var_tr, 0.0)
    d23 = max(c.cov2 - c.cov3, 0.0)
    case_term = s * (c.var - c.cov1 + (J - 1) * d23)
    ms_tr = vtr + s * (c.var - c.cov1 - d23)  # the expected MS(TR)
    if analysis == "FRRC":
        return case_term, K - 1.0
    if analysis == "RRFC":
        return ms_tr, np.full_like(K, J - 1.0)
    den = vtr + case_term
    with np.errstate(divide="ignore", invalid="ignore"):
        ddf = np.where(ms_tr > 0, den**2 / (ms_tr**2 / (J - 1)), np.inf)
    return den, ddf


def _power_arrays(c: ORVarianceComponents, effect: float, J: int, K: np.ndarray, alpha: float, analysis: str
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Power, ncp, ddf and critical F for J readers and each K."""
    den, ddf = _error_terms(c, J, K, analysis)
    if np.any(den <= 0):
        raise InputError(None, translate("study", "the pilot's {fom} shows no reader or case variability (the error term is zero); power cannot be estimated from it").format(fom=c.fom))  # noqa: E501
    ncp = J * effect**2 / (2.0 * den)
    finite = np.isfinite(ddf)
    ddf_f = np.where(finite, ddf, 1.0)
    fcrit = np.where(finite, _st.f.ppf(1 - alpha, 1, ddf_f), _st.chi2.ppf(1 - alpha, 1))
    power = np.where(finite, _st.ncf.sf(fcrit, 1, ddf_f, ncp), _st.ncx2.sf(fcrit, 1, ncp))
    return power, ncp, ddf, fcrit


def power_given_jk(
    var_components: ORVarianceComponents,
    effect: float,
    readers: int,
    cases: int,
    alpha: float = 0.05,
    *,
    analysis: str = "RRRC",
) -> PowerResult:
    """Power of a two-treatment study with ``readers`` readers and ``cases`` cases.

    Parameters
    ----------
    var_components : ORVarianceComponents
        From the pilot (:func:`pilot_components`).
    effect : float
        Difference of the reader-averaged FOM to detect (> 0; the sign does
        not matter for a two-sided test).
    readers, cases : int
        The planned J (>= 2) and K (>= 2).
    alpha : float
        Size of the two-sided test.
    analysis : {"RRRC", "FRRC", "RRFC"}
        Readers and cases random (default), readers fixed, or cases fixed.

    Returns
    -------
    PowerResult

    Raises
    ------
    InputError
        Invalid design or a pilot without variability.

    References
    ----------
    Hillis SL, Obuchowski NA, Berbaum KS (2011). Power estimation for
    multireader ROC methods: an updated and unified approach. Acad Radiol
    18:129-142.

    Hillis SL, Berbaum KS (2004). Power estimation for the
    Dorfman-Berbaum-Metz method. Acad Radiol 11:1260-1273.

    Chakraborty DP (2017). Observer Performance Methods for Diagnostic
    Imaging, chapter 11 "Sample size estimation for ROC studies"; RJafroc
    ``SsPowerGivenJK``.

    Examples
    --------
    The Van Dyke pilot (RJafroc ``dataset02``), 6 readers, 251 cases:

    >>> c = ORVarianceComponents("auc", 0.00080229, 0.00034661, 0.00034407, 0.00023903, 0.00020040, 114)
    >>> round(power_given_jk(c, 0.04380032, 6, 251).power, 3)
    0.801
    """
    _check_design(effect, readers, alpha, analysis)
    if int(cases) != cases or cases < 2:
        raise InputError(None, translate("study", "the planned study needs at least 2 cases (got {cases})").format(cases=repr(cases)))
    power, ncp, ddf, fcrit = _power_arrays(var_components, float(effect), int(readers),
                                           np.array([float(cases)]), float(alpha), analysis)
    return PowerResult(analysis=analysis, readers=int(readers), cases=int(cases), effect=float(effect),
                       alpha=float(alpha), power=float(power[0]), ncp=float(ncp[0]), df1=1.0, ddf=float(ddf[0]),
                       f_critical=float(fcrit[0]))


def _limit_power(c: ORVarianceComponents, effect: float, J: int, alpha: float, analysis: str) -> float:
    """Power with unlimited cases (the error terms reduce to ``VarTR``); 1 when it vanishes."""
    if analysis == "FRRC" or c.var_tr <= 0:
        return 1.0
    ncp = J * effect**2 / (2.0 * c.var_tr)
    fcrit = _st.f.ppf(1 - alpha, 1, J - 1)
    return float(_st.ncf.sf(fcrit, 1, J - 1, ncp))


def cases_for_power(
    var_components: ORVarianceComponents,
    effect: float,
    readers: int,
    power: float = 0.8,
    alpha: float = 0.05,
    *,
    analysis: str = "RRRC",
    max_cases: int = DEFAULT_MAX_CASES,
) -> int:
    """The smallest number of cases K whose power reaches ``power`` with ``readers`` readers.

    Parameters
    ----------
    var_components : ORVarianceComponents
        From the pilot (:func:`pilot_components`).
    effect : float
        Difference of the reader-averaged FOM to detect (> 0).
    readers : int
        The planned J (>= 2).
    power : float
        Target power, strictly between 0 and 1.
    alpha : float
        Size of the two-sided test.
    analysis : {"RRRC", "FRRC", "RRFC"}
        As in :func:`power_given_jk`.
    max_cases : int
        Largest K tried.

    Returns
    -------
    int
        K >= 2 with ``power_given_jk(..., K).power >= power``, the smallest
        such K.

    Raises
    ------
    InputError
        Invalid arguments, or the target is out of reach: with random
        readers the power is bounded (as K grows the error term tends to
        ``VarTR``), so more readers, not more cases, are needed.

    References
    ----------
    Hillis SL, Obuchowski NA, Berbaum KS (2011). Acad Radiol 18:129-142.
    RJafroc ``SsSampleSizeKGivenJ``.
    """
    _check_design(effect, readers, alpha, analysis)
    if not (0 < power < 1):
        raise InputError(None, translate("study", "power must lie strictly between 0 and 1 (got {power})").format(power=repr(power)))
    J = int(readers)
    limit = _limit_power(var_components, float(effect), J, float(alpha), analysis)
    if limit < power:
        raise InputError(None, translate("study", "with {J} readers the power cannot reach {power:g} however many cases are read (at most {limit:.3f}); plan more readers").format(J=J, power=power, limit=limit))  # noqa: E501
    start = 2
    while start <= max_cases:
        stop = min(max_cases, start * 4 + 1000)
        K = np.arange(start, stop + 1, dtype=float)
        pw = _power_arrays(var_components, float(effect), J, K, float(alpha), analysis)[0]
        hit = np.flatnonzero(pw >= power)
        if hit.size:
            return int(K[hit[0]])
        start = stop + 1
    raise InputError(None, translate("study", "more than {max_cases} cases would be needed for power {power:g} with {J} readers; plan more readers or a larger effect").format(max_cases=max_cases, power=power, J=J))  # noqa: E501
