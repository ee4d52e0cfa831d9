"""Generator v2: the latent patient model calibrated to published figures.

Same label (PH = latent mPAP > 20 mmHg, ESC/ERS 2022) and the same drivers
as v1 (:mod:`ph_assist.synth.latent`), plus atrial fibrillation
(``ecg_af``: its own rhythm in :mod:`ph_assist.synth.ecg`).  What changed,
and why (the figures are in ``docs/validation/synthetic_cohort_v2.md``):

* **Haemodynamics per PH group.**  mPAP, pulmonary arterial wedge pressure
  (PAWP) and cardiac output give the pulmonary vascular resistance
  PVR = (mPAP - PAWP) / CO.  PAH and CTEPH present with severe
  pre-capillary PH (REVEAL, COMPERA, the NIH registry, the international
  CTEPH registry), left-heart PH is post-capillary (PAWP > 15 mmHg) and
  mostly moderate, lung-disease PH mostly mild.
* **One right-ventricular load** ``rv_load`` (half mPAP above 20 mmHg, half
  PVR above 2 WU) drives every PH sign: ECG, X-ray *and* BNP.  So the signs
  grow with mPAP and PVR, and BNP is higher in severe than in mild PH.
* **BNP** (:func:`ph_assist.synth.bnp.bnp_log_mean_v2`) rises with the RV
  load, left heart failure, atrial fibrillation, age, female sex and low
  eGFR, and falls with BMI (obesity).
* **Atrial fibrillation**: more common with age, in left heart failure and
  left-heart PH, a little more with RV load; it raises BNP.
* **Comorbidities carry their own signs, not PH's.**  Left heart failure
  enlarges the left ventricle, congests the lungs and raises BNP; COPD
  hyperinflates, lowers QRS voltage and turns the axis a little; neither
  enlarges the pulmonary artery or prunes vessels as PH does, unless the
  patient also has PH.
* **Scenario** ``balanced``: the prevalence of left heart failure and of
  COPD in patients without PH is set to their prevalence in patients with PH
  (which the PH-group mix fixes), so a model cannot find PH by finding the
  comorbidities.

Draws: :data:`N_NORMAL` standard normals and :data:`N_UNIFORM` uniforms per
case (more than v1's; v2 is a different generator, not an extension).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from ph_assist.synth import bnp as _bnp

GENERATOR_VERSION = "2.0.0"
SCENARIOS = ("standard", "balanced")
PH_GROUPS = ("none", "PAH", "left-heart", "lung", "CTEPH")
#: Share of each PH group among PH cases (PAH, left-heart, lung, CTEPH): a referral-centre
#: mix chosen for the demo, not a population figure (design choice, as in v1).
GROUP_MIX = (0.30, 0.35, 0.20, 0.15)
#: Prevalence of left heart failure / COPD in PH groups other than their own, and in the
#: standard scenario's patients without PH (design choices for a referral population).
LHF_OTHER_PH, LHF_NON_PH = 0.05, 0.18
COPD_OTHER_PH, COPD_NON_PH = 0.08, 0.12

_NORMALS = (
    "mpap", "age", "bmi", "egfr", "expr_shared", "expr_ecg", "expr_cxr", "expr_bnp",
    "ecg_axis", "ecg_rv", "ecg_p", "ecg_t", "ecg_volt", "ecg_hr", "ecg_qrs",
    "cxr_mpa", "cxr_hilar", "cxr_rv", "cxr_lv", "cxr_prune", "cxr_aorta",
    "cxr_rot", "cxr_shift_x", "cxr_shift_y", "cxr_inspiration",
    "bnp_bio", "bnp_assay", "nonph_mpap", "pawp", "co", "cxr_zoom",
)
_UNIFORMS = (
    "site", "label", "group", "sex", "lhf", "copd", "rbbb", "lvh", "congestion",
    "hyperinfl", "copd_prune", "bnp_unit", "ecg_format", "cxr_mono1", "htn", "copd_axis", "af",
)
N_NORMAL = 40
N_UNIFORM = 24
_ZI = {name: i for i, name in enumerate(_NORMALS)}
_UI = {name: i for i, name in enumerate(_UNIFORMS)}
assert len(_NORMALS) <= N_NORMAL and len(_UNIFORMS) <= N_UNIFORM


@dataclasses.dataclass(frozen=True)
class GeneratorParamsV2:
    """Knobs of generator v2 (see :class:`ph_assist.synth.latent.GeneratorParams` for v1).

    ``scenario``: ``"standard"`` or ``"balanced"`` (LHF and COPD as common
    without PH as with PH).  ``*_effect`` scale the PH signs of one modality
    (0 removes them); ``expression_sd``/``expression_shared``: how unevenly
    PH shows across patients and how much the modalities agree;
    ``confounder_scale`` multiplies the prevalence of LHF and COPD in the
    standard scenario's non-PH cases; ``bnp_sd``: biological log-SD of BNP.
    Radiograph positioning: ``cxr_shift_sd`` (SD of the thorax's offset, in
    half-widths of the image; clipped at 8/3 SD), ``cxr_rot_sd`` (SD of the
    in-plane rotation in degrees; clipped at 3.2 SD) and ``cxr_zoom_sd``
    (log-SD of an extra magnification factor, clipped at 2 SD).  The defaults
    are generator 2.0.0's tight positioning; the demo recipe
    (``resources/make_demo_bundle.sh``) varies positioning more, so that
    where the anatomy lies differs from image to image.
    The calibrated physiology itself is fixed (module constants and
    :func:`ph_assist.synth.bnp.bnp_log_mean_v2`), with its sources in
    ``docs/validation/synthetic_cohort_v2.md``.
    """

    version: ClassVar[str] = GENERATOR_VERSION

    prevalence: float = 0.35
    scenario: str = "standard"
    ecg_effect: float = 1.0
    cxr_effect: float = 1.0
    bnp_effect: float = 1.0
    expression_sd: float = 0.4
    expression_shared: float = 0.3
    confounder_scale: float = 1.0
    bnp_sd: float = 0.6
    bnp_pmol_fraction: float = 0.15
    ecg_noise: float = 1.0
    cxr_noise: float = 1.0
    cxr_shift_sd: float = 0.03
    cxr_rot_sd: float = 2.5
    cxr_zoom_sd: float = 0.0

    def __post_init__(self) -> None:
        if self.scenario not in SCENARIOS:
            raise ValueError(f"scenario {self.scenario!r} is not one of {', '.join(SCENARIOS)}")
        for name, top in (("cxr_shift_sd", 0.3), ("cxr_rot_sd", 20.0), ("cxr_zoom_sd", 0.5)):
            value = getattr(self, name)
            if not 0.0 <= value <= top:  # also refuses NaN
                raise ValueError(f"{name} must lie between 0 and {top:g}, not {value!r}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GeneratorParamsV2:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def comorbidity_prevalence(params: GeneratorParamsV2) -> dict[str, float]:
    """Expected prevalence of LHF and COPD in PH and non-PH cases under ``params``."""
    w = np.asarray(GROUP_MIX) / np.sum(GROUP_MIX)
    lhf_ph = w[1] + (1.0 - w[1]) * LHF_OTHER_PH
    copd_ph = w[2] + (1.0 - w[2]) * COPD_OTHER_PH
    if params.scenario == "balanced":
        lhf_no, copd_no = lhf_ph, copd_ph
    else:
        lhf_no = min(LHF_NON_PH * params.confounder_scale, 1.0)
        copd_no = min(COPD_NON_PH * params.confounder_scale, 1.0)
    return {"lhf_ph": float(lhf_ph), "lhf_non_ph": float(lhf_no),
            "copd_ph": float(copd_ph), "copd_non_ph": float(copd_no)}


def _pick(u: np.ndarray, probs: np.ndarray) -> np.ndarray:
    cum = np.cumsum(probs) / np.sum(probs)
    return np.searchsorted(cum, u, side="right").clip(0, len(cum) - 1)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def sample_latents_v2(
    z: np.ndarray,
    u: np.ndarray,
    params: GeneratorParamsV2 = GeneratorParamsV2(),
    site_weights: tuple[float, ...] = (0.45, 0.35, 0.20),
    site_names: tuple[str, ...] = ("A", "B", "C"),
) -> dict[str, np.ndarray]:
    """Latents of ``len(z)`` cases from ``(n, N_NORMAL)`` normals and ``(n, N_UNIFORM)`` uniforms."""
    z = np.asarray(z, dtype=np.float64)
    u = np.asarray(u, dtype=np.float64)
    n = z.shape[0]
    Z = lambda k: z[:, _ZI[k]]  # noqa: E731
    U = lambda k: u[:, _UI[k]]  # noqa: E731
    p = params

    site_idx = _pick(U("site"), np.asarray(site_weights, dtype=float))
    label = (U("label") < p.prevalence).astype(np.int64)
    group = np.where(label == 1, 1 + _pick(U("group"), np.asarray(GROUP_MIX)), 0)
    pah, lhd, lung, cteph = (group == 1), (group == 2), (group == 3), (group == 4)
    ph = label == 1

    # ---- haemodynamics ----------------------------------------------------------
    # mPAP above 20 mmHg: log-normal with a group median (PAH ~ 49, CTEPH ~ 45, left-heart
    # ~ 32, lung ~ 28 mmHg in total); without PH N(15, 2.5) below 20.
    excess_median = np.select([pah, lhd, lung, cteph], [28.0, 11.0, 7.0, 24.0], 10.0)
    excess_sd = np.select([pah, lhd, lung, cteph], [0.38, 0.55, 0.60, 0.38], 0.5)
    mpap_ph = np.minimum(20.5 + excess_median * np.exp(excess_sd * Z("mpap")), 90.0)
    mpap_no = np.clip(15.0 + 2.5 * Z("nonph_mpap"), 8.0, 20.0)
    mpap = np.where(ph, mpap_ph, mpap_no)
    severity = np.where(ph, np.clip((mpap - 20.0) / 25.0, 0.0, 2.0), 0.0)
    pawp = np.where(lhd, np.clip(21.0 + 4.0 * Z("pawp"), 16.0, 35.0), np.clip(10.0 + 2.5 * Z("pawp"), 4.0, 15.0))
    pawp = np.minimum(pawp, mpap - 2.0)
    co = np.clip(5.3 - 0.9 * np.where(ph & ~lhd, severity, 0.3 * severity) + 0.8 * Z("co"), 2.0, 9.0)
    pvr = np.clip((mpap - pawp) / co, 0.3, 30.0)
    # Right-ventricular load: pressure and resistance together (0 without PH).
    rv_load = np.where(ph, 0.5 * severity + 0.5 * np.clip((pvr - 2.0) / 6.0, 0.0, 2.5), 0.0)

    # ---- comorbidities -----------------------------------------------------------
    prev = comorbidity_prevalence(p)
    p_lhf = np.where(ph, np.where(lhd, 1.0, LHF_OTHER_PH), prev["lhf_non_ph"])
    lhf = (U("lhf") < p_lhf).astype(np.int64)
    p_copd = np.where(ph, np.where(lung, 1.0, COPD_OTHER_PH), prev["copd_non_ph"])
    copd = (U("copd") < p_copd).astype(np.int64)

    age_mean = np.select([pah, lhd, lung, cteph], [53.0, 72.0, 67.0, 63.0], 58.0) + 10.0 * lhf * (~ph)
    age_sd = np.select([pah, lhd, lung, cteph], [15.0, 9.0, 9.0, 13.0], 15.0)
    age = np.clip(age_mean + age_sd * Z("age"), 18.0, 95.0).round(0)
    p_female = np.select([pah, lhd, lung, cteph], [0.79, 0.60, 0.40, 0.50], 0.52)
    female = (U("sex") < p_female).astype(np.int64)
    bmi = np.clip(27.5 + 5.0 * Z("bmi") - 2.0 * copd, 16.0, 50.0).round(1)
    egfr = np.clip(100.0 - 0.8 * (age - 40.0) - 10.0 * lhf + 14.0 * Z("egfr"), 8.0, 130.0).round(0)
    # Atrial fibrillation: age, heart failure, left-heart PH, RV load.
    af_logit = (-3.7 + 0.075 * (age - 60.0) + 2.3 * lhf + 0.5 * lhd + 0.35 * copd
                + 0.5 * np.minimum(rv_load, 1.5))
    af = (U("af") < _sigmoid(af_logit)).astype(np.int64)
    p_rbbb = np.where(ph, 0.03 + 0.04 * np.minimum(rv_load, 1.5),
                      0.025 + 0.025 * (age > 70) + 0.02 * copd)
    rbbb = (U("rbbb") < p_rbbb).astype(np.int64)

    # ---- how strongly PH shows in each modality -----------------------------------
    s, rho = p.expression_sd, p.expression_shared
    expr = {}
    for m in ("ecg", "cxr", "bnp"):
        g = np.sqrt(rho) * Z("expr_shared") + np.sqrt(1.0 - rho) * Z(f"expr_{m}")
        expr[m] = np.exp(s * g - 0.5 * s * s)
    rv = {m: rv_load * expr[m] for m in expr}
    rv_sign = {m: rv[m] * (0.6 + 0.4 * np.minimum(rv[m], 2.0)) for m in rv}

    # ---- ECG drivers -------------------------------------------------------------
    e = p.ecg_effect
    r_ecg = rv_sign["ecg"]
    thin = np.clip((24.0 - bmi) / 4.0, -2.0, 2.0)
    young = np.clip((40.0 - age) / 15.0, 0.0, 1.5)
    htn = (U("htn") < 0.12).astype(float)
    lvh = np.where(lhf == 1, 0.4 + 0.6 * U("lvh"), 0.3 * htn * U("lvh"))
    copd_sev = copd * (0.5 + 0.5 * U("copd_axis"))
    axis = (38.0 - 0.30 * (age - 55.0) + 7.0 * thin + 12.0 * young + 18.0 * copd_sev - 25.0 * lvh
            + e * 56.0 * r_ecg + 22.0 * Z("ecg_axis"))
    ecg = {
        "ecg_axis_deg": np.clip(axis, -80.0, 200.0),
        "ecg_rv_mv": 0.22 * np.exp(0.55 * Z("ecg_rv")) + e * 0.38 * r_ecg,
        "ecg_p_mv": 0.11 * np.exp(0.30 * Z("ecg_p")) + 0.03 * copd_sev + e * 0.06 * r_ecg,
        "ecg_t_post": -0.30 + 0.25 * Z("ecg_t") + e * 0.75 * r_ecg + 0.1 * lvh,
        "ecg_volt": np.exp(0.18 * Z("ecg_volt")) * (1.0 + 0.08 * thin) * (1.0 - 0.35 * copd_sev)
        * (1.0 + 0.5 * lvh) * np.where(bmi > 32, 0.85, 1.0),
        "ecg_lvh": lvh,
        "ecg_hr": np.clip(68.0 + 11.0 * Z("ecg_hr") + 5.0 * severity + 5.0 * copd + 5.0 * lhf + 14.0 * af,
                          45.0, 150.0),
        "ecg_qrs_ms": np.where(rbbb == 1, 132.0 + 8.0 * Z("ecg_qrs"), 90.0 + 7.0 * Z("ecg_qrs"))
        + 4.0 * e * r_ecg,
        "ecg_rbbb": rbbb,
        "ecg_af": af,
    }

    # ---- CXR drivers -------------------------------------------------------------
    c = p.cxr_effect
    r_cxr = rv_sign["cxr"]
    congestion = lhf * (0.3 + 0.7 * U("congestion"))
    hyper = copd * (0.4 + 0.6 * U("hyperinfl"))
    cxr = {
        "cxr_mpa": np.exp(0.16 * Z("cxr_mpa")) * (1.0 + c * 0.85 * r_cxr) + 0.04 * hyper + 0.04 * congestion,
        "cxr_hilar": np.exp(0.16 * Z("cxr_hilar")) * (1.0 + c * 0.55 * r_cxr) + 0.06 * congestion,
        "cxr_rv": np.exp(0.10 * Z("cxr_rv")) * (1.0 + c * 0.16 * r_cxr),
        "cxr_lv": np.exp(0.07 * Z("cxr_lv")) * (1.0 + 0.30 * lhf * (0.4 + 0.6 * U("lvh")))
        * (1.0 + 0.002 * (age - 55.0)),
        "cxr_prune": np.clip(c * 0.12 * r_cxr + 0.18 * hyper * U("copd_prune")
                             + 0.12 * np.abs(Z("cxr_prune")), 0.0, 1.0),
        "cxr_congestion": congestion,
        "cxr_hyperinfl": hyper,
        "cxr_aorta": np.exp(0.1 * Z("cxr_aorta")) * (1.0 + 0.008 * (age - 55.0)),
        "cxr_body": np.clip(bmi / 26.0, 0.65, 1.7),
        "cxr_female": female,
        "cxr_rot_deg": np.clip(p.cxr_rot_sd * Z("cxr_rot"), -3.2 * p.cxr_rot_sd, 3.2 * p.cxr_rot_sd),
        "cxr_shift_x": np.clip(p.cxr_shift_sd * Z("cxr_shift_x"), -p.cxr_shift_sd * 8 / 3, p.cxr_shift_sd * 8 / 3),
        "cxr_shift_y": np.clip(p.cxr_shift_sd * Z("cxr_shift_y"), -p.cxr_shift_sd * 8 / 3, p.cxr_shift_sd * 8 / 3),
        "cxr_zoom": np.exp(p.cxr_zoom_sd * np.clip(Z("cxr_zoom"), -2.0, 2.0)),
        "cxr_inspiration": np.clip(Z("cxr_inspiration"), -2.5, 2.5),
    }

    # ---- BNP ---------------------------------------------------------------------
    bnp_log_mean = _bnp.bnp_log_mean_v2(age, female, egfr, lhf, af, copd, bmi, rv["bnp"],
                                        bnp_effect=p.bnp_effect)
    bnp_true, bnp_measured = _bnp.bnp_values(bnp_log_mean, Z("bnp_bio"), Z("bnp_assay"), bio_sd=p.bnp_sd)
    unit_pmol = U("bnp_unit") < p.bnp_pmol_fraction

    out: dict[str, np.ndarray] = {
        "site": np.asarray(site_names, dtype=object)[site_idx],
        "label": label,
        "mpap": mpap.round(1),
        "pawp": pawp.round(1),
        "cardiac_output": co.round(2),
        "pvr_wu": pvr,
        "severity": severity,
        "rv_load": rv_load,
        "ph_group": np.asarray(PH_GROUPS, dtype=object)[group],
        "age": age,
        "sex": np.where(female == 1, "F", "M").astype(object),
        "bmi": bmi,
        "egfr": egfr,
        "lhf": lhf,
        "copd": copd,
        "af": af,
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
