"""The latent (hidden) patient model of the synthetic cohort.

Every case is a patient with a pulmonary artery pressure and a handful of
other conditions.  The *label* is defined here and nowhere else:

    label = 1 (PH)  <=>  latent mean pulmonary arterial pressure mPAP > 20 mmHg

(the 2022 ESC/ERS haemodynamic definition).  PH *severity* is
``(mPAP - 20) / 25`` (0 without PH, about 1 at mPAP 45 mmHg).

Each modality has its own *drivers*: a few numbers from which the renderer
draws that modality and nothing else (``ecg_*`` for the ECG, ``cxr_*`` for the
chest X-ray, ``bnp_*`` for the lab value).  They mix

* the PH signal: severity times a per-patient, per-modality *expression*
  factor (some patients with PH have a near-normal ECG but a typical X-ray,
  and vice versa), scaled by the modality's effect size;
* confounders that mimic parts of the PH picture in patients without PH:
  left heart failure (LHF: left-ventricular enlargement, congestion, LVH,
  high BNP), COPD (right axis, low voltage, hyperinflation, sparse
  peripheral vessels), isolated right bundle branch block, right axis in
  young or thin patients, age and renal function (BNP);
* biological variation that is unrelated to PH.

Sampling is vectorised over a matrix of standard normal and uniform draws,
one row per case (:data:`N_NORMAL`, :data:`N_UNIFORM` columns).  A cohort
draws each row from that case's own child seed, so case *k* is the same
whatever ``n`` or the number of workers; the ceiling estimates draw one big
matrix at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Union, cast

import numpy as np

from ph_assist.synth import bnp as _bnp

if TYPE_CHECKING:
    from ph_assist.synth.latent_v2 import GeneratorParamsV2

    #: Parameters of either generator (v1 :class:`GeneratorParams` or v2 ``GeneratorParamsV2``).
    AnyParams = Union["GeneratorParams", GeneratorParamsV2]

#: Version of generator v1 (this module's model); bump whenever its output for a seed changes.
GENERATOR_VERSION_V1 = "1.0.0"
#: Version of the default generator (v2, :mod:`ph_assist.synth.latent_v2`).
GENERATOR_VERSION = "2.0.0"
#: ``--generator`` names and the versions they select.
GENERATORS = {"v1": GENERATOR_VERSION_V1, "v2": GENERATOR_VERSION}

PH_GROUPS = ("none", "PAH", "left-heart", "lung", "CTEPH")

# Columns of the per-case random draws.  Append only: reordering changes every cohort.
_NORMALS = (
    "mpap", "age", "bmi", "egfr", "expr_shared", "expr_ecg", "expr_cxr", "expr_bnp",
    "ecg_axis", "ecg_rv", "ecg_p", "ecg_t", "ecg_volt", "ecg_hr", "ecg_qrs",
    "cxr_mpa", "cxr_hilar", "cxr_rv", "cxr_lv", "cxr_prune", "cxr_aorta",
    "cxr_rot", "cxr_shift_x", "cxr_shift_y", "cxr_inspiration",
    "bnp_bio", "bnp_assay", "nonph_mpap",
)
_UNIFORMS = (
    "site", "label", "group", "sex", "lhf", "copd", "rbbb", "lvh", "congestion",
    "hyperinfl", "copd_prune", "bnp_unit", "ecg_format", "cxr_mono1", "htn", "copd_axis",
)
N_NORMAL = 32
N_UNIFORM = 20
_ZI = {name: i for i, name in enumerate(_NORMALS)}
_UI = {name: i for i, name in enumerate(_UNIFORMS)}
assert len(_NORMALS) <= N_NORMAL and len(_UNIFORMS) <= N_UNIFORM

#: The drivers each renderer reads (and the only latents it reads).
ECG_DRIVERS = (
    "ecg_axis_deg", "ecg_rv_mv", "ecg_p_mv", "ecg_t_post", "ecg_volt", "ecg_lvh",
    "ecg_hr", "ecg_qrs_ms", "ecg_rbbb",
)
CXR_DRIVERS = (
    "cxr_mpa", "cxr_hilar", "cxr_rv", "cxr_lv", "cxr_prune", "cxr_congestion",
    "cxr_hyperinfl", "cxr_aorta", "cxr_body", "cxr_female",
    "cxr_rot_deg", "cxr_shift_x", "cxr_shift_y", "cxr_inspiration",
)
#: CXR drivers that carry no information about PH (positioning): left out of the ceiling fit.
CXR_NUISANCE = ("cxr_rot_deg", "cxr_shift_x", "cxr_shift_y", "cxr_inspiration")
BNP_DRIVERS = ("bnp_pg_ml",)
#: Drivers that only generator v2 writes (absent from v1 latents; renderers read them as 0).
ECG_DRIVERS_V2_ONLY = ("ecg_af",)


@dataclasses.dataclass(frozen=True)
class GeneratorParams:
    """Knobs of the synthetic cohort.

    The defaults give ceiling AUCs (see :mod:`ph_assist.synth.oracle`) of
    about 0.83 (ECG), 0.82 (CXR), 0.73 (BNP) and 0.89 (fusion), measured on
    20,000 simulated latent cases.  ``*_effect`` scale the PH signs of one
    modality (0 removes them); ``expression_sd`` and ``expression_shared``
    control how unevenly PH shows across patients and how much the modalities
    agree; ``confounder_scale`` multiplies the prevalence of LHF, COPD and
    isolated RBBB in patients without PH.  The noise knobs change the files,
    not the ceilings.  This class selects generator v1 (``version``
    "1.0.0"); :class:`ph_assist.synth.latent_v2.GeneratorParamsV2` selects v2."""

    version: ClassVar[str] = GENERATOR_VERSION_V1

    prevalence: float = 0.35  # share of cases with PH (mPAP > 20 mmHg)
    ecg_effect: float = 1.0  # size of every PH sign in the ECG
    cxr_effect: float = 1.0  # size of every PH sign in the X-ray
    bnp_effect: float = 1.0  # rise of log BNP with PH severity
    expression_sd: float = 0.4  # per-patient log-SD of how strongly PH shows in a modality
    expression_shared: float = 0.2  # share of that variation common to all modalities
    confounder_scale: float = 1.0  # multiplies the prevalence of LHF, COPD, RBBB in non-PH cases
    lhf_bnp: float = 1.5  # rise of log BNP with left heart failure
    bnp_sd: float = 0.75  # biological log-SD of BNP
    bnp_pmol_fraction: float = 0.15  # share of BNP values reported in pmol/L
    ecg_noise: float = 1.0  # scale of ECG recording noise (does not change the ceilings)
    cxr_noise: float = 1.0  # scale of detector noise (does not change the ceilings)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GeneratorParams:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def _pick(u: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Index of the category each uniform falls in (rows of ``probs`` or one vector)."""
    cum = np.cumsum(probs, axis=-1)
    cum = cum / cum[..., -1:]
    if cum.ndim == 1:
        return np.searchsorted(cum, u, side="right").clip(0, len(cum) - 1)
    return (u[:, None] >= cum).sum(axis=1).clip(0, cum.shape[1] - 1)


def sample_latents(
    z: np.ndarray,
    u: np.ndarray,
    params: AnyParams = GeneratorParams(),
    site_weights: tuple[float, ...] = (0.45, 0.35, 0.20),
    site_names: tuple[str, ...] = ("A", "B", "C"),
) -> dict[str, np.ndarray]:
    """Latent variables of ``len(z)`` cases from their random draws.

    ``z``: ``(n, N_NORMAL)`` standard normals; ``u``: ``(n, N_UNIFORM)``
    uniforms in [0, 1) (:func:`draw_sizes` of the generator).  Returns a dict
    of 1-D arrays (one entry per case).  ``params`` selects the generator:
    :class:`GeneratorParams` v1 (this function's model), a
    :class:`~ph_assist.synth.latent_v2.GeneratorParamsV2` v2.
    """
    if params.version != GENERATOR_VERSION_V1:
        from ph_assist.synth.latent_v2 import sample_latents_v2

        return sample_latents_v2(z, u, cast("GeneratorParamsV2", params), site_weights, site_names)
    params = cast(GeneratorParams, params)  # the version says which generator's parameters these are
    z = np.asarray(z, dtype=np.float64)
    u = np.asarray(u, dtype=np.float64)
    n = z.shape[0]
    Z = lambda k: z[:, _ZI[k]]  # noqa: E731
    U = lambda k: u[:, _UI[k]]  # noqa: E731
    p = params
    cs = p.confounder_scale

    site_idx = _pick(U("site"), np.asarray(site_weights, dtype=float))
    label = (U("label") < p.prevalence).astype(np.int64)
    # PH group (clinical classification) among PH cases.
    group = np.where(label == 1, 1 + _pick(U("group"), np.array([0.30, 0.35, 0.20, 0.15])), 0)
    pah, lhd, lung, cteph = (group == 1), (group == 2), (group == 3), (group == 4)

    # mPAP: PH = 20 + log-normal excess (group-specific median), no PH = N(15, 2.5) below 20.
    excess_median = np.select([pah, lhd, lung, cteph], [14.0, 7.0, 6.0, 12.0], 8.0)
    excess = 0.5 + excess_median * np.exp(0.5 * Z("mpap"))
    mpap_ph = np.minimum(20.0 + excess, 90.0)
    mpap_no = np.clip(15.0 + 2.5 * Z("nonph_mpap"), 8.0, 20.0)
    mpap = np.where(label == 1, mpap_ph, mpap_no)
    severity = np.where(label == 1, np.clip((mpap - 20.0) / 25.0, 0.0, 2.0), 0.0)

    # Confounders: part of the PH aetiology in PH groups 2 and 3, independent in the rest.
    p_lhf = np.where(label == 1, np.where(lhd, 1.0, 0.05), min(0.18 * cs, 1.0))
    lhf = (U("lhf") < p_lhf).astype(np.int64)
    p_copd = np.where(label == 1, np.where(lung, 1.0, 0.06), min(0.12 * cs, 1.0))
    copd = (U("copd") < p_copd).astype(np.int64)

    age_mean = np.select([pah, lhd, lung, cteph], [52.0, 70.0, 66.0, 62.0], 58.0) + 8.0 * lhf * (label == 0)
    age_sd = np.where(pah, 15.0, np.where(label == 1, 10.0, 15.0))
    age = np.clip(age_mean + age_sd * Z("age"), 18.0, 95.0).round(0)
    female = (U("sex") < np.where(pah, 0.70, 0.50)).astype(np.int64)
    bmi = np.clip(26.0 + 4.5 * Z("bmi") - 1.5 * copd, 16.0, 48.0).round(1)
    egfr = np.clip(95.0 - 0.65 * (age - 40.0) - 12.0 * lhf + 13.0 * Z("egfr"), 8.0, 130.0).round(0)
    p_rbbb = np.where(label == 1, 0.06 + 0.15 * np.minimum(severity, 1.5),
                      min(0.06 * cs, 1.0) + 0.04 * (age > 70))
    rbbb = (U("rbbb") < p_rbbb).astype(np.int64)

    # How strongly PH shows in each modality (log-normal, mean 1, partly shared).
    s, rho = p.expression_sd, p.expression_shared
    expr = {}
    for m in ("ecg", "cxr", "bnp"):
        g = np.sqrt(rho) * Z("expr_shared") + np.sqrt(1.0 - rho) * Z(f"expr_{m}")
        expr[m] = np.exp(s * g - 0.5 * s * s)
    rv = {m: severity * expr[m] for m in expr}
    # Imaging and ECG signs grow faster than linearly: subtle in mild PH, florid in severe PH.
    rv_sign = {m: rv[m] * (0.5 + 0.5 * rv[m]) for m in rv}

    # ---- ECG drivers -------------------------------------------------------
    e = p.ecg_effect
    thin = np.clip((24.0 - bmi) / 4.0, -2.0, 2.0)  # > 0: thin
    young = np.clip((40.0 - age) / 15.0, 0.0, 1.5)
    htn = (U("htn") < 0.10).astype(float)  # hypertensive LVH without heart failure
    lvh = np.where(lhf == 1, 0.4 + 0.6 * U("lvh"), 0.3 * htn * U("lvh"))
    copd_sev = copd * (0.5 + 0.5 * U("copd_axis"))
    axis = (48.0 - 0.35 * (age - 55.0) + 9.0 * thin + 14.0 * young + 35.0 * copd_sev - 35.0 * lvh
            + e * 30.0 * rv_sign["ecg"] + 28.0 * Z("ecg_axis"))
    ecg = {
        "ecg_axis_deg": np.clip(axis, -80.0, 200.0),
        "ecg_rv_mv": 0.25 * np.exp(0.6 * Z("ecg_rv")) + e * 0.28 * rv_sign["ecg"],
        "ecg_p_mv": 0.11 * np.exp(0.36 * Z("ecg_p")) + 0.05 * copd_sev + e * 0.11 * rv_sign["ecg"],
        "ecg_t_post": -0.25 + 0.28 * Z("ecg_t") + e * 0.26 * rv_sign["ecg"] + 0.1 * lvh,
        "ecg_volt": np.exp(0.18 * Z("ecg_volt")) * (1.0 + 0.08 * thin) * (1.0 - 0.4 * copd_sev)
        * (1.0 + 0.5 * lvh) * np.where(bmi > 32, 0.85, 1.0),
        "ecg_lvh": lvh,
        "ecg_hr": np.clip(68.0 + 11.0 * Z("ecg_hr") + 4.0 * severity + 6.0 * copd + 6.0 * lhf, 45.0, 140.0),
        "ecg_qrs_ms": np.where(rbbb == 1, 132.0 + 8.0 * Z("ecg_qrs"), 90.0 + 7.0 * Z("ecg_qrs"))
        + 4.0 * e * rv_sign["ecg"],
        "ecg_rbbb": rbbb,
    }

    # ---- CXR drivers -------------------------------------------------------
    c = p.cxr_effect
    congestion = lhf * (0.3 + 0.7 * U("congestion"))
    hyper = copd * (0.4 + 0.6 * U("hyperinfl"))
    cxr = {
        "cxr_mpa": np.exp(0.18 * Z("cxr_mpa")) * (1.0 + c * 0.30 * rv_sign["cxr"]) + 0.12 * hyper + 0.08 * congestion,
        "cxr_hilar": np.exp(0.18 * Z("cxr_hilar")) * (1.0 + c * 0.24 * rv_sign["cxr"]) + 0.30 * congestion,
        "cxr_rv": np.exp(0.10 * Z("cxr_rv")) * (1.0 + c * 0.145 * rv_sign["cxr"]),
        "cxr_lv": np.exp(0.07 * Z("cxr_lv")) * (1.0 + 0.30 * lhf * (0.4 + 0.6 * U("lvh")))
        * (1.0 + 0.002 * (age - 55.0)),
        "cxr_prune": np.clip(c * 0.18 * rv_sign["cxr"] + 0.35 * hyper * U("copd_prune")
                             + 0.14 * np.abs(Z("cxr_prune")), 0.0, 1.0),
        "cxr_congestion": congestion,
        "cxr_hyperinfl": hyper,
        "cxr_aorta": np.exp(0.1 * Z("cxr_aorta")) * (1.0 + 0.008 * (age - 55.0)),
        "cxr_body": np.clip(bmi / 26.0, 0.65, 1.7),
        "cxr_female": female,
        "cxr_rot_deg": np.clip(2.5 * Z("cxr_rot"), -8.0, 8.0),
        "cxr_shift_x": np.clip(0.03 * Z("cxr_shift_x"), -0.08, 0.08),
        "cxr_shift_y": np.clip(0.03 * Z("cxr_shift_y"), -0.08, 0.08),
        "cxr_inspiration": np.clip(Z("cxr_inspiration"), -2.5, 2.5),
    }

    # ---- BNP (see ph_assist.synth.bnp) -------------------------------------
    bnp_log_mean = _bnp.bnp_log_mean(age, female, egfr, lhf, copd, bmi, rv["bnp"],
                                     bnp_effect=p.bnp_effect, lhf_effect=p.lhf_bnp)
    bnp_true, bnp_measured = _bnp.bnp_values(bnp_log_mean, Z("bnp_bio"), Z("bnp_assay"), bio_sd=p.bnp_sd)
    unit_pmol = U("bnp_unit") < p.bnp_pmol_fraction

    out: dict[str, np.ndarray] = {
        "site": np.asarray(site_names, dtype=object)[site_idx],
        "label": label,
        "mpap": mpap.round(1),
        "severity": severity,
        "ph_group": np.asarray(PH_GROUPS, dtype=object)[group],
        "age": age,
        "sex": np.where(female == 1, "F", "M").astype(object),
        "bmi": bmi,
        "egfr": egfr,
        "lhf": lhf,
        "copd": copd,
        "rbbb": rbbb,
        "expr_ecg": expr["ecg"],
        "expr_cxr": expr["cxr"],
        "expr_bnp": expr["bnp"],
        **ecg,
        **cxr,
        "bnp_log_mean": bnp_log_mean,
        "bnp_true_pg_ml": bnp_true,
        "bnp_pg_ml": bnp_measured,
        "bnp_unit_pmol": unit_pmol.astype(np.int64),
        "u_ecg_format": U("ecg_format"),
        "u_cxr_mono1": U("cxr_mono1"),
    }
    assert all(len(v) == n for v in out.values())
    return out


def default_params(generator: str = "v2") -> AnyParams:
    """Default parameters of a generator (``"v1"``/``"1.0.0"`` or ``"v2"``/``"2.0.0"``)."""
    version = GENERATORS.get(generator, generator)
    if version == GENERATOR_VERSION_V1:
        return GeneratorParams()
    if version == GENERATOR_VERSION:
        from ph_assist.synth.latent_v2 import GeneratorParamsV2

        return GeneratorParamsV2()
    raise ValueError(f"unknown generator {generator!r}; choose one of {', '.join(GENERATORS)}")


def params_from_dict(d: Mapping[str, Any], version: str = GENERATOR_VERSION) -> AnyParams:
    """Parameters of generator ``version`` from a dict (e.g. cohort.json's ``parameters``)."""
    return type(default_params(version)).from_dict(d)


def draw_sizes(params: AnyParams | None = None) -> tuple[int, int]:
    """(normals, uniforms) drawn per case by the generator ``params`` selects."""
    if params is None or params.version != GENERATOR_VERSION_V1:
        from ph_assist.synth import latent_v2

        return latent_v2.N_NORMAL, latent_v2.N_UNIFORM
    return N_NORMAL, N_UNIFORM


def draw_case(seed_seq: np.random.SeedSequence, params: AnyParams | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The latent draws of one case from its own seed sequence (v1 sizes unless ``params`` is v2)."""
    nz, nu = draw_sizes(params) if params is not None else (N_NORMAL, N_UNIFORM)
    rng = np.random.default_rng(seed_seq)
    return rng.standard_normal(nz), rng.random(nu)


def simulate_latents(n: int, seed: int = 0, params: AnyParams | None = None,
                     stream: int = 0) -> dict[str, np.ndarray]:
    """``n`` cases of latents at once (fast; for ceilings and tuning).

    ``params``: the generator and its knobs (default: v2's defaults).  Not
    the same cases as a cohort of the same seed (use
    :func:`ph_assist.synth.cohort.cohort_latents` for those); ``stream``
    selects independent samples for the same seed.
    """
    params = params if params is not None else default_params()
    nz, nu = draw_sizes(params)
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x5EED, int(stream)]))
    return sample_latents(rng.standard_normal((n, nz)), rng.random((n, nu)), params)


def latent_rows(latents: Mapping[str, np.ndarray]) -> list[dict[str, Any]]:
    """The columns-of-arrays latents as one dict per case, with Python scalars."""
    keys = list(latents)
    n = len(latents[keys[0]])
    rows = []
    for i in range(n):
        row = {}
        for k in keys:
            v = latents[k][i]
            row[k] = v.item() if hasattr(v, "item") else v
        rows.append(row)
    return rows
