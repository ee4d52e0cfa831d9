"""Lead-name normalisation and derivation of the limb leads.

ECG files spell lead names in many ways (``MLII``, ``V1 ``, ``avr``, ``AVR``,
``Lead I (Einthoven)``, ``DII``).  :func:`normalize_lead_name` maps them onto
the 12 standard names in :data:`STANDARD_LEADS`, or returns ``None`` for a
channel that is not one of them (Frank leads, respiration, pressure ...).
"""

from __future__ import annotations

import re

import numpy as np

STANDARD_LEADS: tuple[str, ...] = (
    "I", "II", "III", "aVR", "aVL", "aVF",
    "V1", "V2", "V3", "V4", "V5", "V6",
)
LIMB_LEADS = STANDARD_LEADS[:6]
PRECORDIAL_LEADS = STANDARD_LEADS[6:]

_CANON = {name.upper(): name for name in STANDARD_LEADS}
_ALIASES = {
    # Modified limb leads of monitors and Holters, and the European D-names.
    "MLI": "I", "MLII": "II", "MLIII": "III",
    "DI": "I", "DII": "II", "DIII": "III", "D1": "I", "D2": "II", "D3": "III",
    "LEAD1": "I", "LEAD2": "II", "LEAD3": "III",
}
_NOISE = re.compile(r"\(.*?\)|\[.*?\]")


def normalize_lead_name(name: object) -> str | None:
    """The standard name of a lead, or ``None`` if it is not one of the 12.

    >>> normalize_lead_name(" avr"), normalize_lead_name("MLII"), normalize_lead_name("Lead V1 (something)")
    ('aVR', 'II', 'V1')
    >>> normalize_lead_name("vx") is None
    True
    """
    if name is None:
        return None
    text = _NOISE.sub("", str(name)).strip().upper()
    if text.startswith("-") or "LEAD-" in text.replace(" ", ""):
        return None  # an inverted lead (-aVR): the reader must negate it, not rename it
    text = text.replace("_", " ").replace("-", " ").strip()
    for prefix in ("LEAD ", "ECG "):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
    text = text.replace(" ", "")
    if text in _CANON:
        return _CANON[text]
    return _ALIASES.get(text)


def derive_limb_leads(leads: dict[str, np.ndarray]) -> set[str]:
    """Fill in III, aVR, aVL and aVF from I and II where they are absent.

    Uses Einthoven's and Goldberger's relations (III = II - I, aVR = -(I+II)/2,
    aVL = I - II/2, aVF = II - I/2), as GE MUSE and other 8-lead stores
    expect.  Changes ``leads`` in place; returns the names it derived.
    """
    derived: set[str] = set()
    if "I" not in leads or "II" not in leads:
        return derived
    lead_i = np.asarray(leads["I"], dtype=np.float64)
    lead_ii = np.asarray(leads["II"], dtype=np.float64)
    if lead_i.shape != lead_ii.shape:
        return derived
    formulas = {
        "III": lambda: lead_ii - lead_i,
        "aVR": lambda: -(lead_i + lead_ii) / 2.0,
        "aVL": lambda: lead_i - lead_ii / 2.0,
        "aVF": lambda: lead_ii - lead_i / 2.0,
    }
    for name, formula in formulas.items():
        if name not in leads:
            leads[name] = formula().astype(np.float32)
            derived.add(name)
    return derived
