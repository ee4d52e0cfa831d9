"""The published figures generator v2 is calibrated to, and their measurement on a cohort.

:data:`TARGETS` lists each figure with its source, the published value or
range, the value taken and the band a generated cohort must fall in.
:func:`latent_figures` measures the figures that are properties of the latent
patients (BNP, prevalences, the X-ray drivers); :func:`ecg_figures` renders
ECGs of a subset and measures the ECG criteria on the *signals* with
:func:`ph_assist.synth.measure.ecg_measures`.  :func:`check` pairs them.

Run ``python -m ph_assist.synth.calibration --n 20000`` to print the table
of ``docs/validation/synthetic_cohort_v2.md`` and the comorbidity check.

Definitions used in the measurements
------------------------------------
* *clean controls*: cases without PH, without left heart failure and without COPD.
* X-ray "enlarged" main pulmonary artery / hilar arteries, "pruning": the
  driver (``cxr_mpa``, ``cxr_hilar``, ``cxr_prune``) above the 95th centile
  of the clean controls of the same sample (a reference-range definition).
* ECG: right axis deviation = frontal QRS axis > +90 deg; R/S in V1 > 1;
  R in V1 >= 0.7 mV; P pulmonale = P in II >= 0.25 mV; RV strain = T wave
  negative (< -0.05 mV) in V1, V2 and V3; AF on the signal = RR coefficient
  of variation > 0.10 and no P wave measured in II.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ph_assist.synth.latent import AnyParams


@dataclasses.dataclass(frozen=True)
class Target:
    """One published figure and the band the generator must reproduce."""

    key: str
    figure: str
    source: str
    published: str
    taken: str
    lo: float
    hi: float
    on: str = "latents"  # "latents" or "signals"
    fmt: str = "{:.0f}"


REFS = {
    "ESC": "Humbert M, Kovacs G, Hoeper MM, et al. 2022 ESC/ERS Guidelines for the diagnosis and treatment "
           "of pulmonary hypertension. Eur Heart J 2022;43:3618-3731",
    "NIH": "Rich S, Dantzker DR, Ayres SM, et al. Primary pulmonary hypertension. A national prospective "
           "study. Ann Intern Med 1987;107:216-223",
    "REVEAL": "Badesch DB, Raskob GE, Elliott CG, et al. Pulmonary arterial hypertension: baseline "
              "characteristics from the REVEAL Registry. Chest 2010;137:376-387",
    "REVEAL-BNP": "Frantz RP, Farber HW, Badesch DB, et al. Baseline and serial brain natriuretic peptide "
                  "level predicts 5-year overall survival in patients with PAH: data from the REVEAL "
                  "Registry. Chest 2018;154:126-135",
    "COMPERA": "Hoeper MM, Huscher D, Ghofrani HA, et al. Elderly patients diagnosed with idiopathic "
               "pulmonary arterial hypertension: results from the COMPERA registry. Int J Cardiol "
               "2013;168:871-880",
    "CTEPH": "Pepke-Zaba J, Delcroix M, Lang I, et al. Chronic thromboembolic pulmonary hypertension "
             "(CTEPH): results from an international prospective registry. Circulation 2011;124:1973-1981",
    "TONELLI": "Tonelli AR, Baumgartner M, Alkukhun L, Minai OA, Dweik RA. Electrocardiography at "
               "diagnosis and close to the time of death in pulmonary arterial hypertension. Ann "
               "Noninvasive Electrocardiol 2014;19:258-265",
    "WANG": "Wang TJ, Larson MG, Levy D, et al. Impact of obesity on plasma natriuretic peptide levels. "
            "Circulation 2004;109:594-600",
    "REDFIELD": "Redfield MM, Rodeheffer RJ, Jacobsen SJ, et al. Plasma brain natriuretic peptide "
                "concentration: impact of age and gender. J Am Coll Cardiol 2002;40:976-982",
    "LEUCHTE": "Leuchte HH, Baumgartner RA, El Nounou M, et al. Brain natriuretic peptide is a prognostic "
               "parameter in chronic lung disease. Am J Respir Crit Care Med 2006;173:744-750",
    "ESC-AF": "Hindricks G, Potpara T, Dagres N, et al. 2020 ESC Guidelines for the diagnosis and "
              "management of atrial fibrillation. Eur Heart J 2021;42:373-498",
    "ESC-HF": "McDonagh TA, Metra M, Adamo M, et al. 2021 ESC Guidelines for the diagnosis and treatment "
              "of acute and chronic heart failure. Eur Heart J 2021;42:3599-3726",
    "DESIGN": "design choice of the generator (a referral population); no single published figure",
}

P = "{:.0%}"
TARGETS: tuple[Target, ...] = (
    # --- population and haemodynamics
    Target("pah_age_mean", "PAH: mean age at diagnosis (y)", "REVEAL", "53 +/- 14 (REVEAL); 36 +/- 15 (NIH 1987)",
           "53", 50, 56),
    Target("pah_female", "PAH: share of women", "REVEAL", "79.5 % (REVEAL); 1.7:1 F:M (NIH)", "79 %", 0.74, 0.84,
           fmt=P),
    Target("pah_mpap_mean", "PAH: mean mPAP at diagnosis (mmHg)", "NIH",
           "60 +/- 18 (NIH 1987); about 50 in REVEAL/COMPERA [m]", "about 50", 45, 56),
    Target("cteph_mpap_mean", "CTEPH: mean mPAP at diagnosis (mmHg)", "CTEPH", "about 47 +/- 12 [m]", "46", 42, 52),
    Target("lhd_pawp_min", "Left-heart PH: PAWP (mmHg), smallest", "ESC", "> 15 (definition)", "> 15", 15.01, float("inf")),
    # --- BNP by group and severity
    Target("bnp_pah", "BNP median, PAH (pg/mL)", "REVEAL-BNP",
           "roughly 150-300 at diagnosis (REVEAL, COMPERA) [m]; prognostic cut-off 340", "200", 150, 300),
    Target("bnp_lhd", "BNP median, left-heart PH (pg/mL)", "ESC",
           "higher than PAH; several hundred [m]", "about 450", 300, 900),
    Target("bnp_lung", "BNP median, lung-disease PH (pg/mL)", "LEUCHTE",
           "raised but lower than PAH; tens to ~150 [m]", "about 70", 35, 150),
    Target("bnp_cteph", "BNP median, CTEPH (pg/mL)", "CTEPH", "similar to PAH, ~150-400 [m]", "about 230", 120, 400),
    Target("bnp_clean", "BNP median, no PH and no LHF/COPD (pg/mL)", "WANG",
           "21 pg/mL in lean Framingham adults; higher when older", "about 25", 15, 60),
    Target("bnp_lhf_nonph", "BNP median, left heart failure without PH (pg/mL)", "ESC-HF",
           "well above 100 (HF rule-in), typically a few hundred [m]", "about 300", 150, 700),
    Target("bnp_mild_over_severe", "BNP median mPAP >= 35 / mPAP 21-24 (ratio)", "ESC",
           "BNP rises with mPAP and PVR (> 1)", "> 1.5", 1.5, 20, fmt="{:.2f}"),
    Target("bnp_within_group", "BNP median, top / bottom third of mPAP, smallest over PH groups", "ESC",
           "BNP rises with severity within every group (> 1)", "> 1.3", 1.3, 20, fmt="{:.2f}"),
    Target("bnp_pvr_rho", "Spearman rho of BNP with PVR, PAH + CTEPH", "REVEAL-BNP",
           "positive, moderate (about 0.3-0.5) [m]", "0.4", 0.25, 0.6, fmt="{:.2f}"),
    # --- BNP modifiers (clean controls)
    Target("bnp_obese_ratio", "BNP median BMI >= 30 / BMI < 25", "WANG",
           "0.59 (men), 0.62 (women)", "0.6", 0.45, 0.75, fmt="{:.2f}"),
    Target("bnp_female_ratio", "BNP median women / men", "REDFIELD", "about 1.3-1.6 [m]", "1.35", 1.15, 1.7,
           fmt="{:.2f}"),
    Target("bnp_age_ratio", "BNP median age >= 70 / age < 50", "REDFIELD", "about 2 [m]", "2", 1.5, 3.2,
           fmt="{:.2f}"),
    Target("bnp_egfr_ratio", "BNP median eGFR < 60 / eGFR >= 90", "ESC-HF",
           "raised with renal impairment, ~1.5-2.5x [m]", "1.6", 1.3, 2.6, fmt="{:.2f}"),
    Target("bnp_af_ratio", "BNP median with / without AF, no PH, no LHF", "ESC-AF",
           "about 2x in AF without heart failure [m]", "2", 1.5, 3.0, fmt="{:.2f}"),
    # --- AF
    Target("af_old_clean", "AF prevalence, no PH/LHF/COPD, age >= 75", "ESC-AF",
           "about 10 % at >= 75-80 y [m]", "10 %", 0.05, 0.18, fmt=P),
    Target("af_lhf_nonph", "AF prevalence, left heart failure without PH", "ESC-HF",
           "about 30-45 % in HF [m]", "35 %", 0.25, 0.50, fmt=P),
    Target("af_lhd", "AF prevalence, left-heart PH", "ESC",
           "common: about 40-60 % in PH-HFpEF [m]", "50 %", 0.35, 0.65, fmt=P),
    Target("af_pah", "AF prevalence, PAH at diagnosis", "ESC",
           "uncommon at diagnosis, a few % [m]", "5 %", 0.01, 0.10, fmt=P),
    # --- ECG criteria on rendered signals
    Target("ecg_rad_pah", "Right axis deviation (QRS axis > 90 deg), PAH", "NIH",
           "79 % (NIH 1987) [m]; median axis 97 deg at diagnosis (Tonelli 2014)",
           "about 70 % (between the two)", 0.55, 0.85, on="signals", fmt=P),
    Target("ecg_rad_none", "Right axis deviation, no PH", "DESIGN", "uncommon in adults [m]", "< 10 %", 0.0, 0.12,
           on="signals", fmt=P),
    Target("ecg_rs_pah", "R/S in V1 > 1, PAH", "TONELLI", "median R/S in V1 = 1 at diagnosis (about half)",
           "50 %", 0.35, 0.70, on="signals", fmt=P),
    Target("ecg_rs_none", "R/S in V1 > 1, no PH", "DESIGN", "rare in adults [m]", "< 8 %", 0.0, 0.10,
           on="signals", fmt=P),
    Target("ecg_rv1_pah", "R in V1 >= 0.7 mV, PAH", "ESC", "a minority; specific RVH criterion [m]", "30 %",
           0.15, 0.50, on="signals", fmt=P),
    Target("ecg_ppulm_pah", "P pulmonale (P in II >= 0.25 mV), PAH", "ESC", "a minority, ~10-30 % [m]", "20 %",
           0.08, 0.35, on="signals", fmt=P),
    Target("ecg_ppulm_none", "P pulmonale, no PH", "DESIGN", "rare [m]", "< 3 %", 0.0, 0.04, on="signals", fmt=P),
    Target("ecg_strain_pah", "RV strain (T < 0 in V1-V3), PAH", "ESC",
           "the most sensitive ECG sign in PAH, roughly half or more [m]", "60 %", 0.40, 0.80, on="signals",
           fmt=P),
    Target("ecg_strain_none", "RV strain, no PH", "DESIGN", "uncommon [m]", "< 10 %", 0.0, 0.12, on="signals",
           fmt=P),
    Target("rbbb_pah", "Complete RBBB, PAH", "TONELLI", "5 % at diagnosis (8 % near death)", "8 %", 0.03, 0.15,
           fmt=P),
    Target("rbbb_none", "Complete RBBB, no PH", "DESIGN", "about 1-5 %, rising with age [m]", "3 %", 0.01, 0.06,
           fmt=P),
    Target("ecg_af_detected", "AF cases with irregular RR and no P wave on the signal", "ESC-AF",
           "definition of AF on the ECG", "100 %", 0.95, 1.0, on="signals", fmt=P),
    # --- chest X-ray (drivers; see module docstring for 'enlarged')
    Target("cxr_mpa_pah", "CXR: enlarged main pulmonary artery, PAH", "NIH", "90 % [m]", "90 %", 0.80, 0.97, fmt=P),
    Target("cxr_hilar_pah", "CXR: enlarged hilar arteries, PAH", "NIH", "80 % [m]", "80 %", 0.70, 0.90, fmt=P),
    Target("cxr_prune_pah", "CXR: peripheral pruning, PAH", "NIH", "51 % [m]", "51 %", 0.40, 0.62, fmt=P),
    Target("cxr_normal_pah", "CXR: none of the three signs, PAH", "NIH", "6 % had a normal radiograph", "6 %",
           0.02, 0.12, fmt=P),
    Target("cxr_mpa_lhf", "CXR: enlarged main PA, LHF without PH", "DESIGN",
           "not a sign of left heart failure without PH", "< 15 %", 0.0, 0.15, fmt=P),
    Target("cxr_mpa_copd", "CXR: enlarged main PA, COPD without PH", "DESIGN",
           "not a sign of COPD without PH", "< 15 %", 0.0, 0.15, fmt=P),
    # --- comorbidities
    Target("obese", "Obesity (BMI >= 30), whole cohort", "DESIGN", "about a quarter to a third of adults [m]",
           "30 %", 0.22, 0.38, fmt=P),
    Target("lhf_nonph", "Left heart failure, no PH (standard scenario)", "DESIGN", "referral mix", "18 %",
           0.15, 0.21, fmt=P),
    Target("copd_nonph", "COPD, no PH (standard scenario)", "DESIGN", "referral mix", "12 %", 0.10, 0.14, fmt=P),
)


def _median(x: np.ndarray) -> float:
    return float(np.median(x)) if x.size else float("nan")


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic) if a.size > 2 else float("nan")


def latent_figures(lat: Mapping[str, np.ndarray]) -> dict[str, float]:
    """The latent-level figures of :data:`TARGETS` measured on a latent sample."""
    y = np.asarray(lat["label"]).astype(int)
    g = np.asarray(lat["ph_group"]).astype(str)
    lhf = np.asarray(lat["lhf"]).astype(int) == 1
    copd = np.asarray(lat["copd"]).astype(int) == 1
    af = np.asarray(lat["af"]).astype(int) == 1 if "af" in lat else np.zeros(len(y), bool)
    bnp = np.asarray(lat["bnp_pg_ml"], dtype=float)
    mpap = np.asarray(lat["mpap"], dtype=float)
    age = np.asarray(lat["age"], dtype=float)
    bmi = np.asarray(lat["bmi"], dtype=float)
    egfr = np.asarray(lat["egfr"], dtype=float)
    female = np.asarray(lat["sex"]).astype(str) == "F"
    rbbb = np.asarray(lat["rbbb"]).astype(int) == 1
    no = y == 0
    clean = no & ~lhf & ~copd
    pah, lhd, lung, cteph = (g == "PAH"), (g == "left-heart"), (g == "lung"), (g == "CTEPH")
    f: dict[str, float] = {
        "pah_age_mean": float(age[pah].mean()),
        "pah_female": float(female[pah].mean()),
        "pah_mpap_mean": float(mpap[pah].mean()),
        "cteph_mpap_mean": float(mpap[cteph].mean()),
        "bnp_pah": _median(bnp[pah]), "bnp_lhd": _median(bnp[lhd]), "bnp_lung": _median(bnp[lung]),
        "bnp_cteph": _median(bnp[cteph]), "bnp_clean": _median(bnp[clean]),
        "bnp_lhf_nonph": _median(bnp[no & lhf]),
        "bnp_mild_over_severe": _median(bnp[(y == 1) & (mpap >= 35)]) / _median(bnp[(y == 1) & (mpap < 25)]),
        "bnp_obese_ratio": _median(bnp[clean & (bmi >= 30)]) / _median(bnp[clean & (bmi < 25)]),
        "bnp_female_ratio": _median(bnp[clean & female]) / _median(bnp[clean & ~female]),
        "bnp_age_ratio": _median(bnp[clean & (age >= 70)]) / _median(bnp[clean & (age < 50)]),
        "bnp_egfr_ratio": _median(bnp[clean & (egfr < 60)]) / _median(bnp[clean & (egfr >= 90)]),
        "bnp_af_ratio": _median(bnp[no & ~lhf & af]) / _median(bnp[no & ~lhf & ~af]),
        "af_old_clean": float(af[clean & (age >= 75)].mean()),
        "af_lhf_nonph": float(af[no & lhf].mean()),
        "af_lhd": float(af[lhd].mean()), "af_pah": float(af[pah].mean()),
        "rbbb_pah": float(rbbb[pah].mean()), "rbbb_none": float(rbbb[no].mean()),
        "obese": float((bmi >= 30).mean()),
        "lhf_nonph": float(lhf[no].mean()), "copd_nonph": float(copd[no].mean()),
        "lhf_ph": float(lhf[y == 1].mean()), "copd_ph": float(copd[y == 1].mean()),
    }
    ratios = []
    for grp in (pah, lhd, lung, cteph):
        if grp.sum() >= 30:
            lo_t, hi_t = np.quantile(mpap[grp], [1 / 3, 2 / 3])
            ratios.append(_median(bnp[grp & (mpap >= hi_t)]) / _median(bnp[grp & (mpap <= lo_t)]))
    f["bnp_within_group"] = float(min(ratios)) if ratios else float("nan")
    f["bnp_mpap_21_24"] = _median(bnp[(y == 1) & (mpap < 25)])
    f["bnp_mpap_25_34"] = _median(bnp[(y == 1) & (mpap >= 25) & (mpap < 35)])
    f["bnp_mpap_35"] = _median(bnp[(y == 1) & (mpap >= 35)])
    if "pawp" in lat:
        f["lhd_pawp_min"] = float(np.asarray(lat["pawp"], dtype=float)[lhd].min())
        pre = pah | cteph
        f["bnp_pvr_rho"] = _spearman(bnp[pre], np.asarray(lat["pvr_wu"], dtype=float)[pre])
    # X-ray signs: above the 95th centile of the clean controls.
    signs = {}
    for key in ("cxr_mpa", "cxr_hilar", "cxr_prune"):
        x = np.asarray(lat[key], dtype=float)
        signs[key] = x > np.quantile(x[clean], 0.95)
    f["cxr_mpa_pah"] = float(signs["cxr_mpa"][pah].mean())
    f["cxr_hilar_pah"] = float(signs["cxr_hilar"][pah].mean())
    f["cxr_prune_pah"] = float(signs["cxr_prune"][pah].mean())
    f["cxr_normal_pah"] = float((~(signs["cxr_mpa"] | signs["cxr_hilar"] | signs["cxr_prune"]))[pah].mean())
    f["cxr_mpa_lhf"] = float(signs["cxr_mpa"][no & lhf].mean())
    f["cxr_mpa_copd"] = float(signs["cxr_mpa"][no & copd].mean())
    return f


def ecg_figures(lat: Mapping[str, np.ndarray], seed: int, *, per_group: int = 200,
                params: AnyParams | None = None) -> dict[str, float]:
    """ECG criteria measured on rendered signals (with recording noise) of a subset.

    Renders the first ``per_group`` PAH cases, ``per_group`` cases without
    PH and up to ``per_group`` cases with AF of the sample ``lat`` (made with
    :func:`ph_assist.synth.cohort.cohort_latents` of ``seed``: case ``k`` is
    rendered from its own signal seed, as in the cohort's files).
    """
    from ph_assist.synth.cohort import case_seed, _child
    from ph_assist.synth.ecg import render_ecg
    from ph_assist.synth.latent import ECG_DRIVERS, ECG_DRIVERS_V2_ONLY, default_params
    from ph_assist.synth.measure import ecg_measures
    from ph_assist.synth.sites import site_by_name

    p = params if params is not None else default_params()
    y = np.asarray(lat["label"]).astype(int)
    g = np.asarray(lat["ph_group"]).astype(str)
    af = np.asarray(lat.get("af", np.zeros(len(y))), dtype=float) == 1
    names = list(ECG_DRIVERS) + [k for k in ECG_DRIVERS_V2_ONLY if k in lat]

    def measure(idx: np.ndarray) -> list[dict[str, float]]:
        out = []
        for k in idx[:per_group].tolist():
            d = {name: lat[name][k] for name in names}
            rng = np.random.default_rng(_child(case_seed(seed, k), 0))
            leads, masks = render_ecg(d, site_by_name(str(lat["site"][k])), rng, noise_scale=p.ecg_noise)
            out.append(ecg_measures(leads, masks))
        return out

    def rate(ms: Sequence[dict[str, float]], fn) -> float:
        return float(np.mean([bool(fn(m)) for m in ms])) if ms else float("nan")

    crit = {
        "rad": lambda m: m["qrs_axis_deg"] > 90.0,
        "rs": lambda m: m["rs_ratio_v1"] > 1.0,
        "rv1": lambda m: m["r_v1_mv"] >= 0.7,
        "ppulm": lambda m: m["p_ii_mv"] >= 0.25,
        "strain": lambda m: max(m["t_v1_mv"], m["t_v2_mv"], m["t_v3_mv"]) < -0.05,
    }
    pah_m = measure(np.flatnonzero(g == "PAH"))
    none_m = measure(np.flatnonzero(y == 0))
    f = {f"ecg_{c}_pah": rate(pah_m, fn) for c, fn in crit.items()}
    f.update({f"ecg_{c}_none": rate(none_m, fn) for c, fn in crit.items()})
    af_m = measure(np.flatnonzero(af))
    f["ecg_af_detected"] = rate(af_m, lambda m: m["rr_cv"] > 0.10 and not np.isfinite(m["p_ii_mv"]))
    sinus = [m for m in none_m if np.isfinite(m["p_ii_mv"])]
    f["ecg_sinus_flagged_af"] = rate(sinus, lambda m: m["rr_cv"] > 0.10)
    f["n_ecg_pah"], f["n_ecg_none"], f["n_ecg_af"] = len(pah_m), len(none_m), len(af_m)
    return f


def check(figures: Mapping[str, float], targets: Sequence[Target] = TARGETS) -> list[tuple[Target, float, bool]]:
    """``(target, measured value, within the band)`` for every target measured in ``figures``."""
    out = []
    for t in targets:
        if t.key in figures:
            v = float(figures[t.key])
            out.append((t, v, bool(np.isfinite(v) and t.lo <= v <= t.hi)))
    return out


def markdown_table(rows: Sequence[tuple[Target, float, bool]], n_latent: int, n_signal: int) -> str:
    """The rows as the markdown table of docs/validation/synthetic_cohort_v2.md."""
    lines = ["| figure | source | published value / range | value taken | generator (n) | band | pass |",
             "|---|---|---|---|---|---|---|"]
    for t, v, ok in rows:
        n = f"{n_latent:,} latents" if t.on == "latents" else f"{n_signal} ECGs"
        band = f"{t.fmt.format(t.lo)}-{t.fmt.format(t.hi)}" if np.isfinite(t.hi) else f"> {t.lo:g}"
        lines.append(f"| {t.figure} | [{t.source}] | {t.published} | {t.taken} | {t.fmt.format(v)} ({n}) | "
                     f"{band} | {'pass' if ok else 'FAIL'} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import json
    import time

    from ph_assist.synth.cohort import cohort_latents
    from ph_assist.synth.latent import GeneratorParams
    from ph_assist.synth.latent_v2 import GeneratorParamsV2
    from ph_assist.synth.oracle import ceiling_auc_by_group, comorbidity_flag_rates

    ap = argparse.ArgumentParser(prog="python -m ph_assist.synth.calibration")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--ecg-per-group", type=int, default=300)
    ap.add_argument("--scenario", default="standard")
    a = ap.parse_args(argv)
    t0 = time.monotonic()
    params = GeneratorParamsV2(scenario=a.scenario)
    lat = cohort_latents(a.n, a.seed, params)
    t_lat = time.monotonic() - t0
    figs = latent_figures(lat)
    figs.update(ecg_figures(lat, a.seed, per_group=a.ecg_per_group, params=params))
    print(markdown_table(check(figs), a.n, a.ecg_per_group))
    print()
    print(json.dumps({k: round(v, 4) for k, v in figs.items() if k.startswith(("bnp_mpap", "lhf_", "copd_", "n_ecg",
                                                                                 "ecg_sinus"))}, indent=1))
    print(f"latents: {t_lat:.1f} s")
    for name, p in (("v1", GeneratorParams()), ("v2", params)):
        sample = cohort_latents(a.n, a.seed, p)
        print(name, "comorbidity flag rates", json.dumps(comorbidity_flag_rates(sample, p), indent=1))
        print(name, "ceiling AUC by group", json.dumps(ceiling_auc_by_group(sample, p), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
