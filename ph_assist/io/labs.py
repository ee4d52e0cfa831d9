"""Natriuretic peptides: BNP and NT-proBNP as a validated :class:`Labs` object.

BNP and NT-proBNP are different analytes with different scales (NT-proBNP
runs several-fold higher); one is never silently used as the other.  Values
in pmol/L are converted to pg/mL (= ng/L) with the molar masses of the
peptides, and the conversion is recorded.

The ESC/ERS 2022 risk stratum is a *prognostic* stratum for patients already
diagnosed with pulmonary arterial hypertension (Humbert et al., Eur Heart J
2022, four-strata follow-up model).  It is shown as context, never as a
diagnostic cut-off for PH.
"""

from __future__ import annotations

import dataclasses
import math
import re

from ph_assist.errors import LabValueError
from ph_assist.i18n import translate

ANALYTES = ("BNP", "NT-proBNP")
#: Molar masses (g/mol): BNP-32 3464; NT-proBNP (76 aa) 8457.  pmol/L x M/1000 = pg/mL.
MOLAR_MASS = {"BNP": 3464.0, "NT-proBNP": 8457.0}
#: Highest value any routine assay reports (pg/mL); beyond is a typo or a wrong unit.
PLAUSIBLE_MAX = {"BNP": 10_000.0, "NT-proBNP": 100_000.0}
#: Lowest value any routine assay reports (pg/mL); results under an assay's
#: limit of detection are entered as "<limit", never as a tiny number.
PLAUSIBLE_MIN = 1.0
#: ESC/ERS 2022 four-strata cut-offs (pg/mL): low | intermediate-low | intermediate-high | high.
ESC_ERS_2022_CUTS = {"BNP": (50.0, 200.0, 800.0), "NT-proBNP": (300.0, 650.0, 1100.0)}
STRATA = ("low", "intermediate-low", "intermediate-high", "high")
STRATUM_NOTE = "ESC/ERS 2022 prognostic risk stratum in PAH, not a diagnostic cut-off"

_UNITS = {
    "pg/ml": "pg/mL", "ng/l": "pg/mL", "pg/mL".lower(): "pg/mL", "pgml": "pg/mL",
    "pmol/l": "pmol/L", "pmoll": "pmol/L",
}
_ANALYTE_NAMES = {
    "bnp": "BNP", "ntprobnp": "NT-proBNP", "nt-probnp": "NT-proBNP", "nt_probnp": "NT-proBNP",
    "ntbnp": "NT-proBNP", "nt-bnp": "NT-proBNP",
}


def normalize_unit(unit: object) -> str:
    key = str(unit or "").strip().lower().replace(" ", "")
    if key not in _UNITS:
        raise LabValueError(translate("errors", "unknown unit {unit!r}; use pg/mL (= ng/L) or pmol/L").format(
            unit=unit))
    return _UNITS[key]


def normalize_analyte(analyte: object) -> str:
    key = str(analyte or "").strip().lower().replace(" ", "")
    if key not in _ANALYTE_NAMES:
        raise LabValueError(translate("errors", "unknown analyte {analyte!r}; use BNP or NT-proBNP").format(
            analyte=analyte))
    return _ANALYTE_NAMES[key]


@dataclasses.dataclass(frozen=True)
class Labs:
    """One natriuretic-peptide result."""

    analyte: str  # "BNP" or "NT-proBNP"
    value_pg_ml: float
    entered_value: str
    entered_unit: str  # "pg/mL" or "pmol/L"
    below_detection_limit: bool = False  # entered as "<x"

    @property
    def converted(self) -> bool:
        return self.entered_unit != "pg/mL"

    @property
    def stratum(self) -> str:
        """ESC/ERS 2022 four-strata label (prognostic, PAH only)."""
        cuts = ESC_ERS_2022_CUTS[self.analyte]
        v = self.value_pg_ml
        for cut, name in zip(cuts, STRATA):
            if v < cut:
                return name
        return STRATA[-1]

    @property
    def stratum_label(self) -> str:
        return f"{self.stratum} ({STRATUM_NOTE})"

    def describe(self) -> str:
        """E.g. ``BNP 120 pg/mL (entered 34.6 pmol/L)``."""
        text = f"{self.analyte} {self.value_pg_ml:.4g} pg/mL"
        if self.below_detection_limit:
            text = f"{self.analyte} <{self.value_pg_ml:.4g} pg/mL"
        if self.converted:
            text += translate("labs", " (entered {value} {unit})").format(value=self.entered_value,
                                                                         unit=self.entered_unit)
        return text

    def summary(self) -> dict:
        return {
            "kind": "Labs",
            "analyte": self.analyte,
            "value_pg_ml": self.value_pg_ml,
            "entered": f"{self.entered_value} {self.entered_unit}",
            "converted": self.converted,
            "below_detection_limit": self.below_detection_limit,
            "esc_ers_2022_stratum": self.stratum,
            "stratum_note": STRATUM_NOTE,
        }


#: Digits with at most one decimal POINT.  A comma is never a decimal mark
#: nor a thousands separator here: "1,250" is 1250 pg/mL in an English report
#: and 1.25 pg/mL in a German one, so it is refused, never guessed.
_NUMBER = re.compile(r"^\s*(<)?\s*([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*$")
_AMBIGUOUS = re.compile(r"^\s*<?\s*[0-9][0-9.,' \u00a0\u202f]*[,' \u00a0\u202f][0-9.,' \u00a0\u202f]*[0-9]\s*$")


def parse_number(text: str, name: str = "BNP") -> tuple[float, bool]:
    """Read a lab value written as text: ``(value, below_detection_limit)``.

    Accepted: digits with an optional decimal point and exponent (``120``,
    ``34.6``, ``1.2e3``), optionally after ``<`` for a result below the
    assay's detection limit.  A comma, an apostrophe or a space inside the
    number (``1,250``, ``1.250,5``, ``12,5``, ``1 250``) is refused as
    ambiguous: the same text means 1250 or 1.25 depending on the locale.

    Raises
    ------
    LabValueError
        With one line naming the problem.
    """
    text = str(text).strip()
    if text.startswith("-"):
        raise LabValueError(translate("errors", "{name} {text}: a concentration cannot be negative").format(
            name=name, text=text))
    m = _NUMBER.match(text)
    if m:
        return float(m.group(2)), bool(m.group(1))
    if _AMBIGUOUS.match(text):
        raise LabValueError(
            translate("errors", "{name} value {text!r} is ambiguous: a comma, apostrophe or space may be a thousands "
                                "separator or a decimal mark; write it with digits and a decimal point only "
                                "(e.g. 1250 or 12.5)").format(name=name, text=text))
    raise LabValueError(translate("errors", "{name} value {text!r} is not a number").format(name=name, text=text))


def parse_labs(value: object, unit: object = "pg/mL", analyte: object = "BNP") -> Labs:
    """Validate a BNP or NT-proBNP value and return :class:`Labs`.

    ``value`` may be a number or text (``"120"``, ``"12.5"``, ``"<10"`` for a
    result below the assay's detection limit; see :func:`parse_number`: a
    decimal comma or a thousands separator is refused as ambiguous).  Raises
    :class:`LabValueError` with the reason for negative, zero, non-numeric,
    non-finite, ambiguous, implausibly low (under :data:`PLAUSIBLE_MIN`) and
    implausibly high values.
    """
    name = normalize_analyte(analyte)
    unit_n = normalize_unit(unit)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise LabValueError(translate("errors", "{name} value is empty").format(name=name))
    below = False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        number, below = parse_number(text, name)
    if not math.isfinite(number):
        raise LabValueError(translate("errors", "{name} value {text!r} is not a finite number").format(
            name=name, text=text))
    if number < 0:
        raise LabValueError(translate("errors", "{name} {text} {unit}: a concentration cannot be negative").format(
            name=name, text=text, unit=unit_n))
    if number == 0:
        raise LabValueError(
            translate("errors", "{name} of 0 {unit} is below every assay's detection limit; "
                                "enter the reported limit, e.g. '<5'").format(name=name, unit=unit_n))
    pg_ml = number if unit_n == "pg/mL" else number * MOLAR_MASS[name] / 1000.0
    if pg_ml < PLAUSIBLE_MIN:
        raise LabValueError(
            translate("errors", "{name} {text} {unit} = {pg_ml:.3g} pg/mL is below any assay's detection limit "
                                "({minimum:g} pg/mL); enter the reported limit with '<', e.g. '<5'").format(
                name=name, text=text, unit=unit_n, pg_ml=pg_ml, minimum=PLAUSIBLE_MIN))
    if pg_ml > PLAUSIBLE_MAX[name]:
        hint = (translate("errors", " (is it NT-proBNP?)")
                if name == "BNP" and pg_ml <= PLAUSIBLE_MAX["NT-proBNP"] else "")
        raise LabValueError(
            translate("errors", "{name} {text} {unit} = {pg_ml:.0f} pg/mL is above any assay's reportable range "
                                "({maximum:.0f} pg/mL); check the value and unit{hint}").format(
                name=name, text=text, unit=unit_n, pg_ml=pg_ml, maximum=PLAUSIBLE_MAX[name], hint=hint))
    return Labs(analyte=name, value_pg_ml=pg_ml, entered_value=text, entered_unit=unit_n,
                below_detection_limit=below)
