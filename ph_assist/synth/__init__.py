"""Synthetic PH cohort: latent patient model, ECG/CXR/BNP renderers, cohort writer.

The data this package makes are synthetic.  See :mod:`ph_assist.synth.cohort`
for the cohort layout, :mod:`ph_assist.synth.latent` for the patient model and
:mod:`ph_assist.synth.oracle` for what the ceiling AUCs mean.
"""

from ph_assist.synth.cohort import (
    MANIFEST_COLUMNS,
    SYNTHETIC_STATEMENT,
    case_seed,
    cohort_latents,
    generate_cohort,
    read_latents_csv,
    render_case,
)
from ph_assist.synth.latent import GENERATOR_VERSION, GeneratorParams, simulate_latents
from ph_assist.synth.oracle import ceiling_auc

__all__ = [
    "GENERATOR_VERSION", "GeneratorParams", "MANIFEST_COLUMNS", "SYNTHETIC_STATEMENT",
    "case_seed", "ceiling_auc", "cohort_latents", "generate_cohort", "read_latents_csv",
    "render_case", "simulate_latents",
]
