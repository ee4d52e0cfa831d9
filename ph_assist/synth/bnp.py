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
