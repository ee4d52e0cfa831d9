"""Synthetic BNP values.

BNP is log-normal.  Its log mean rises with PH (right-ventricular wall
stress: severity times the patient's BNP expression factor) and with
non-PH conditions that also raise it: age, female sex, low eGFR (reduced
renal clearance), COPD (a little) and, strongly, left heart failure.  Obesity
lowers it.  So BNP alone is an imperfect PH marker: a patient with left
heart failure and no PH often has a higher BNP than one with mild PH.

Values are in pg/mL (= ng/L), with a small assay error, clipped to the
reportable range of a typical BNP assay (:data:`ASSAY_RANGE_PG_ML`).  A
share of the cases is *reported* in pmol/L (BNP-32, 3464 g/mol) to exercise
unit conversion; the manifest records the unit.
"""

from __future__ import annotations

import numpy as np

#: Reportable range of the synthetic assay (pg/mL).
ASSAY_RANGE_PG_ML = (5.0, 5000.0)
#: Molar mass of BNP-32 (g/mol): pmol/L x 3.464 = pg/mL (as ph_assist.io.labs uses).
BNP_MOLAR_MASS = 3464.0


def bnp_log_mean(age, female, egfr, lhf, copd, bmi, rv_bnp, *, bnp_effect: float = 1.0,
                 lhf_effect: float = 1.5) -> np.ndarray:
    """Mean of log BNP (pg/mL) for each case (arrays broadcast)."""
    return (np.log(22.0) + 0.022 * (age - 55.0) + 0.25 * female
            + 0.012 * np.maximum(75.0 - egfr, 0.0) + lhf_effect * lhf + 0.15 * copd
            + bnp_effect * 1.2 * rv_bnp - 0.25 * (bmi - 26.0) / 4.5)


#: Generator v2: log-BNP terms (pg/mL), with the figure each one reproduces.  Sources and the
#: measured values: docs/validation/synthetic_cohort_v2.md.
BNP_V2 = {
    "base_pg_ml": 20.0,  # man, 60 y, BMI 25, eGFR >= 90, no heart disease (Framingham lean adults ~21)
    "age_per_year": 0.02,  # rises with age (Redfield et al. 2002)
    "female": 0.30,  # women ~35 % higher (Redfield et al. 2002)
    "bmi_per_unit": -0.05,  # obese vs lean ~0.6x (Wang et al. 2004: 12.7 vs 21.4 pg/mL)
    "egfr_per_unit_below_90": 0.006,  # ~1.4x at eGFR 30 (on top of age)
    "lhf": 2.0,  # heart failure without PH: median of a few hundred pg/mL
    "af": 0.55,  # atrial fibrillation ~1.7x (about 2x crude, with its older age)
    "copd": 0.15,
    "rv_load": 1.85,  # right-ventricular load (mPAP and PVR): PAH median ~200 pg/mL at diagnosis
}


def bnp_log_mean_v2(age, female, egfr, lhf, af, copd, bmi, rv_load, *, bnp_effect: float = 1.0) -> np.ndarray:
    """Generator v2: mean of log BNP (pg/mL) per case (arrays broadcast); terms in :data:`BNP_V2`."""
    c = BNP_V2
    return (np.log(c["base_pg_ml"]) + c["age_per_year"] * (age - 60.0) + c["female"] * female
            + c["bmi_per_unit"] * (bmi - 25.0) + c["egfr_per_unit_below_90"] * np.maximum(90.0 - egfr, 0.0)
            + c["lhf"] * lhf + c["af"] * af + c["copd"] * copd + bnp_effect * c["rv_load"] * rv_load)


def bnp_values(log_mean, z_bio, z_assay, *, bio_sd: float = 0.75, assay_cv: float = 0.06):
    """(true BNP, measured BNP clipped to the assay range), both pg/mL."""
    true = np.exp(log_mean + bio_sd * z_bio)
    measured = np.clip(true * np.exp(assay_cv * z_assay), *ASSAY_RANGE_PG_ML)
    return true, measured


def report(value_pg_ml: float, pmol: bool) -> tuple[str, str]:
    """The value and unit as a lab report writes them (pg/mL: 1 decimal; pmol/L: 2)."""
    if pmol:
        return f"{value_pg_ml / (BNP_MOLAR_MASS / 1000.0):.2f}", "pmol/L"
    return f"{value_pg_ml:.1f}", "pg/mL"
