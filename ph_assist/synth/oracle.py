"""Ceiling AUCs: how well PH can be detected at best from what the generator rendered.

Definition (what "ceiling" means here, precisely)
-------------------------------------------------
A modality's file is drawn from that modality's *drivers* (the ``ecg_*``,
``cxr_*`` and ``bnp_*`` latents, see :mod:`ph_assist.synth.latent`) plus
recording noise that is independent of everything else.  By the
Neyman-Pearson lemma no classifier of the file can have a higher AUC than the
Bayes score ``P(PH | drivers)``: the file is the drivers garbled by
independent noise, and garbling never helps.  The *ceiling* of a modality is
the AUC of an estimate of that Bayes score:

* **ECG, CXR**: a logistic regression on the modality's drivers, with all
  squares and pairwise products of the continuous drivers (a quadratic
  log-odds, exact for Gaussian class-conditionals and close to exact here),
  ridge-penalised.  Positioning drivers of the X-ray that are independent of
  everything (rotation, shifts, inspiration depth) are left out; they cannot
  change the Bayes score.
* **BNP**: the AUC of the BNP value itself (the file holds one number and the
  Bayes score is monotone in it).  ``bnp_latent_mean`` (AUC of the case's
  mean log BNP before biological variation) is reported for information.
* **fusion**: the same quadratic logistic regression on the drivers of all
  three modalities together (within-modality squares and products;
  cross-modality terms linear).

The regressions are fitted on a large *reference* sample (20,000 cases)
simulated with the same generator parameters, independently of the sample
being evaluated, and the AUC is computed on the evaluated sample
(``method="reference"``, the default; this is the generator's own posterior,
estimated once, and unbiased on small samples).  ``method="crossfit"`` fits
on one half of the sample and scores the other half (and vice versa); it
needs no parameters but, below about 10,000 cases, under-estimates the
ceiling by 0.01-0.03 (the fit itself is noisy).

The estimate is slightly below the true Bayes AUC (the logistic family is an
approximation); its sampling SD is about 0.01 at 2,000 evaluated cases and
0.003 at 20,000.  A model trained on the rendered files should land *below*
these numbers; one that lands clearly above has found a leak (something in
the files that the generator did not mean to put there).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ph_assist.stats_core import mann_whitney_auc
from ph_assist.synth.latent import CXR_DRIVERS, CXR_NUISANCE, ECG_DRIVERS, ECG_DRIVERS_V2_ONLY

if TYPE_CHECKING:
    from ph_assist.synth.latent import AnyParams

_BINARY = {"ecg_rbbb", "cxr_female", "ecg_af"}


def auc(y: Sequence[int] | np.ndarray, score: Sequence[float] | np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted half); NaN without both classes.

    Any non-zero label counts as positive.  Computed by
    :func:`ph_assist.stats_core.mann_whitney_auc`, the one AUC of PH-Assist.
    """
    y = np.asarray(y).astype(bool)
    s = np.asarray(score, dtype=np.float64)
    return mann_whitney_auc(s[y], s[~y])


def fit_logistic(X: np.ndarray, y: np.ndarray, ridge: float = 1.0, iters: int = 60) -> np.ndarray:
    """Ridge-penalised logistic regression by damped Newton-Raphson; returns ``[b0, b...]``.

    ``X`` should be standardised; the intercept is not penalised.  The ridge
    keeps the fit finite even when the classes are separable.
    """
    n, d = X.shape
    A = np.hstack([np.ones((n, 1)), X])
    y = np.asarray(y, dtype=np.float64)
    pen = np.full(d + 1, float(ridge))
    pen[0] = 0.0

    def objective(w: np.ndarray) -> float:
        eta = A @ w
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * np.sum(pen * w * w))

    w = np.zeros(d + 1)
    f = objective(w)
    for _ in range(iters):
        eta = A @ w
        p = 0.5 * (1.0 + np.tanh(0.5 * eta))  # stable sigmoid
        grad = A.T @ (p - y) + pen * w
        H = (A * (p * (1.0 - p))[:, None]).T @ A + np.diag(pen + 1e-8)
        step = np.linalg.solve(H, grad)
        t = 1.0
        while t > 1e-6:  # backtracking: the objective must go down
            w_new = w - t * step
            f_new = objective(w_new)
            if f_new <= f - 1e-4 * t * float(grad @ step):
                break
            t *= 0.5
        w, f_old, f = w_new, f, f_new
        if abs(f_old - f) < 1e-9 * max(1.0, abs(f)):
            break
    return w


def _design(blocks: list[np.ndarray], quad: list[bool]) -> np.ndarray:
    """Linear terms of every block, plus squares and within-block products where asked."""
    cols = []
    for block, q in zip(blocks, quad):
        cols.append(block)
        if q:
            k = block.shape[1]
            for i in range(k):
                for j in range(i, k):
                    cols.append((block[:, i] * block[:, j])[:, None])
    return np.hstack(cols)


def _block(latents: Mapping[str, np.ndarray], names: Sequence[str]) -> np.ndarray:
    cols = []
    for name in names:
        x = np.asarray(latents[name], dtype=np.float64)
        if name == "bnp_pg_ml":
            x = np.log(x)
        cols.append(x)
    return np.column_stack(cols)


def _standardise(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mu = train.mean(axis=0)
    sd = train.std(axis=0)
    sd[sd < 1e-12] = 1.0
    return (train - mu) / sd, (test - mu) / sd


def crossfit_scores(X: np.ndarray, y: np.ndarray, seed: int = 0, ridge: float = 1.0) -> np.ndarray:
    """Out-of-fold logistic scores (2-fold, random halves fixed by ``seed``)."""
    n = len(y)
    perm = np.random.default_rng(seed).permutation(n)
    halves = (perm[: n // 2], perm[n // 2:])
    out = np.empty(n)
    for a, b in (halves, halves[::-1]):
        Xa, Xb = _standardise(X[a], X[b])
        w = fit_logistic(Xa, y[a].astype(float), ridge=ridge)
        out[b] = w[0] + Xb @ w[1:]
    return out


_MODALITIES = ("ecg", "cxr", "fusion")


def _raw_blocks(latents: Mapping[str, np.ndarray]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(continuous, binary) driver matrices per modality, unstandardised."""
    ecg = list(ECG_DRIVERS) + [n for n in ECG_DRIVERS_V2_ONLY if n in latents]  # v2 adds AF
    cxr = [n for n in CXR_DRIVERS if n not in CXR_NUISANCE]
    out = {}
    for name, names in (("ecg", ecg), ("cxr", cxr), ("bnp", ["bnp_pg_ml"])):
        cont = [n for n in names if n not in _BINARY]
        binary = [n for n in names if n in _BINARY]
        C = _block(latents, cont)
        B = _block(latents, binary) if binary else np.zeros((C.shape[0], 0))
        out[name] = (C, B)
    return out


def _quadratic(C: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Linear, square and pairwise-product terms of the (standardised) continuous drivers,
    the binary drivers, and binary x continuous products."""
    X = _design([C], [True])
    return np.hstack([X, B] + [B[:, [j]] * C for j in range(B.shape[1])])


class OracleModel:
    """Quadratic logistic estimate of P(PH | drivers) per modality and for their fusion.

    Attributes
    ----------
    stats_ : dict of str to (ndarray, ndarray)
        Per modality, the mean and SD of the continuous drivers.
    xstats_ : dict of str to (ndarray, ndarray)
        Per modality (and ``"fusion"``), the mean and SD of the design columns.
    weights_ : dict of str to ndarray
        Per modality, intercept then coefficients of the ridge logistic fit.

    Learned attributes exist only after :meth:`fit` (scikit-learn's
    trailing-underscore convention).
    """

    stats_: dict[str, tuple[np.ndarray, np.ndarray]]
    xstats_: dict[str, tuple[np.ndarray, np.ndarray]]
    weights_: dict[str, np.ndarray]

    def __init__(self, ridge: float = 10.0):
        self.ridge = ridge

    def _designs(self, latents: Mapping[str, np.ndarray], fit: bool) -> dict[str, np.ndarray]:
        blocks = _raw_blocks(latents)
        designs = {}
        if fit:
            self.stats_ = {}
        for name, (C, B) in blocks.items():
            if fit:
                sd = C.std(axis=0)
                self.stats_[name] = (C.mean(axis=0), np.where(sd > 1e-12, sd, 1.0))
            mu, sd = self.stats_[name]
            designs[name] = _quadratic((C - mu) / sd, B)
        designs["fusion"] = np.hstack([designs["ecg"], designs["cxr"], designs["bnp"]])
        return designs

    def fit(self, latents: Mapping[str, np.ndarray]) -> OracleModel:
        y = np.asarray(latents["label"]).astype(float)
        designs = self._designs(latents, fit=True)
        self.xstats_, self.weights_ = {}, {}
        for name in _MODALITIES:
            X = designs[name]
            sd = X.std(axis=0)
            self.xstats_[name] = (X.mean(axis=0), np.where(sd > 1e-12, sd, 1.0))
            mu, sd = self.xstats_[name]
            self.weights_[name] = fit_logistic((X - mu) / sd, y, ridge=self.ridge)
        return self

    def scores(self, latents: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Log-odds of PH per modality (``ecg``, ``cxr``, ``fusion``) and log BNP (``bnp``)."""
        designs = self._designs(latents, fit=False)
        out = {}
        for name in _MODALITIES:
            mu, sd = self.xstats_[name]
            w = self.weights_[name]
            out[name] = w[0] + ((designs[name] - mu) / sd) @ w[1:]
        out["bnp"] = np.log(np.asarray(latents["bnp_pg_ml"], dtype=np.float64))
        return out


@functools.lru_cache(maxsize=8)
def reference_oracle(params_items: tuple = (), reference_n: int = 20000, seed: int = 0x0AC1E,
                     version: str = "1.0.0") -> OracleModel:
    """The oracle fitted on ``reference_n`` latent cases simulated with the given parameters
    (``tuple(sorted(params.to_dict().items()))``) of generator ``version``; cached."""
    from ph_assist.synth.latent import params_from_dict, simulate_latents

    params = params_from_dict(dict(params_items), version)
    return OracleModel().fit(simulate_latents(reference_n, seed, params, stream=1))


def _reference_scores(latents: Mapping[str, np.ndarray], params: AnyParams | None,
                      reference_n: int) -> dict[str, np.ndarray]:
    from ph_assist.synth.latent import default_params

    p = params if params is not None else default_params()
    model = reference_oracle(tuple(sorted(p.to_dict().items())), int(reference_n), version=p.version)
    return model.scores(latents)


def ceiling_auc(
    latents: Mapping[str, np.ndarray],
    params: AnyParams | None = None,
    *,
    method: str = "reference",
    reference_n: int = 20000,
    seed: int = 0,
) -> dict[str, float]:
    """Ceiling AUCs of ECG, CXR, BNP and their fusion on a latent sample.

    ``latents``: columns as returned by :func:`ph_assist.synth.latent.sample_latents`
    (or read back from ``latents.csv``).  ``params``: the
    :class:`~ph_assist.synth.latent.GeneratorParams` the sample was drawn with
    (v2's default parameters when ``None``).

    ``method="reference"`` (default): the oracle is fitted on ``reference_n``
    *independent* cases simulated with ``params`` and evaluated on
    ``latents``; unbiased for small samples (SD about 0.01 at 2,000 cases).
    ``method="crossfit"``: fitted on one half of ``latents`` and evaluated on
    the other and vice versa; needs no ``params`` but under-estimates the
    ceiling by about 0.01-0.03 below some 10,000 cases.  See the module
    docstring for what "ceiling" means.
    """
    y = np.asarray(latents["label"]).astype(int)
    bnp = np.log(np.asarray(latents["bnp_pg_ml"], dtype=np.float64))
    if method == "reference":
        sc = _reference_scores(latents, params, reference_n)
    elif method == "crossfit":
        model = OracleModel()
        designs = model._designs(latents, fit=True)
        sc = {name: crossfit_scores(designs[name], y, seed, ridge=model.ridge) for name in _MODALITIES}
    else:
        raise ValueError(f"unknown ceiling method {method!r}")
    return {
        "ecg": auc(y, sc["ecg"]),
        "cxr": auc(y, sc["cxr"]),
        "bnp": auc(y, bnp),
        "bnp_latent_mean": auc(y, np.asarray(latents["bnp_log_mean"], dtype=np.float64)),
        "fusion": auc(y, sc["fusion"]),
        "n": int(len(y)),
        "prevalence": float(y.mean()),
    }


def ceiling_auc_by_group(latents: Mapping[str, np.ndarray], params: AnyParams | None = None, *,
                         reference_n: int = 20000) -> dict[str, dict[str, float]]:
    """Ceiling AUCs per PH group: each group's PH cases against *all* cases without PH.

    Same oracle as :func:`ceiling_auc` (``method="reference"``).  Returns
    ``{group: {"ecg", "cxr", "bnp", "fusion", "n"}}`` for the groups present.
    """
    y = np.asarray(latents["label"]).astype(int)
    group = np.asarray(latents["ph_group"]).astype(str)
    sc = _reference_scores(latents, params, reference_n)
    no = y == 0
    out = {}
    for g in sorted(set(group[y == 1].tolist())):
        sel = no | ((y == 1) & (group == g))
        out[g] = {m: auc(y[sel], sc[m][sel]) for m in ("ecg", "cxr", "bnp", "fusion")}
        out[g]["n"] = int(((y == 1) & (group == g)).sum())
    return out


def comorbidity_flag_rates(latents: Mapping[str, np.ndarray], params: AnyParams | None = None, *,
                           clean_flag_rate: float = 0.20, reference_n: int = 20000) -> dict[str, dict[str, float]]:
    """How much the oracle's PH score rises with comorbidities alone, in cases *without* PH.

    For each modality the threshold is set so that ``clean_flag_rate`` of the
    PH-free cases without left heart failure and without COPD ("clean") are
    flagged; reported is the share of PH-free cases with LHF (and with COPD)
    above that threshold, and the AUC of their score against the clean cases
    (0.5: the comorbidity alone does not raise the PH score).
    """
    y = np.asarray(latents["label"]).astype(int)
    lhf = np.asarray(latents["lhf"]).astype(int) == 1
    copd = np.asarray(latents["copd"]).astype(int) == 1
    sc = _reference_scores(latents, params, reference_n)
    clean = (y == 0) & ~lhf & ~copd
    groups = {"lhf": (y == 0) & lhf, "copd": (y == 0) & copd}
    out: dict[str, dict[str, float]] = {}
    for m in ("ecg", "cxr", "bnp", "fusion"):
        thr = float(np.quantile(sc[m][clean], 1.0 - clean_flag_rate))
        row = {"clean": float(np.mean(sc[m][clean] > thr))}
        for name, sel in groups.items():
            row[name] = float(np.mean(sc[m][sel] > thr)) if sel.any() else float("nan")
            yy = np.concatenate([np.ones(int(sel.sum())), np.zeros(int(clean.sum()))])
            row[f"{name}_auc_vs_clean"] = auc(yy, np.concatenate([sc[m][sel], sc[m][clean]]))
        out[m] = row
    out["n"] = {"clean": int(clean.sum()), "lhf": int(groups["lhf"].sum()), "copd": int(groups["copd"].sum())}
    return out
