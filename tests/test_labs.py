"""BNP / NT-proBNP validation, unit conversion and the ESC/ERS 2022 stratum."""

import pytest

from ph_assist.errors import LabValueError
from ph_assist.io.labs import STRATUM_NOTE, parse_labs


def test_bnp_pg_ml_and_ng_l_are_the_same():
    a, b = parse_labs(120, "pg/mL"), parse_labs("120", "ng/L")
    assert a.value_pg_ml == b.value_pg_ml == 120.0 and not a.converted


def test_pmol_l_converted_with_molar_mass_and_recorded():
    labs = parse_labs("34.6", "pmol/L")
    assert labs.value_pg_ml == pytest.approx(34.6 * 3.464)
    assert labs.converted and labs.entered_unit == "pmol/L"
    assert "entered 34.6 pmol/L" in labs.describe()
    nt = parse_labs("100", "pmol/L", analyte="NT-proBNP")
    assert nt.value_pg_ml == pytest.approx(845.7)


def test_nt_probnp_stays_its_own_analyte():
    nt = parse_labs(400, "pg/mL", analyte="nt-probnp")
    assert nt.analyte == "NT-proBNP"
    assert nt.stratum == "intermediate-low"           # 300-649 for NT-proBNP
    assert parse_labs(400, "pg/mL").stratum == "intermediate-high"  # 200-800 for BNP


@pytest.mark.parametrize("value,stratum", [(10, "low"), (49.9, "low"), (50, "intermediate-low"),
                                           (199, "intermediate-low"), (200, "intermediate-high"),
                                           (800, "high"), (5000, "high")])
def test_esc_ers_2022_bnp_strata(value, stratum):
    labs = parse_labs(value)
    assert labs.stratum == stratum
    assert "prognostic" in labs.stratum_label and "not a diagnostic cut-off" in STRATUM_NOTE


@pytest.mark.parametrize("value,unit,match", [
    (-5, "pg/mL", "cannot be negative"), ("-5", "pg/mL", "cannot be negative"),
    ("abc", "pg/mL", "not a number"), ("", "pg/mL", "empty"), (None, "pg/mL", "empty"),
    (float("nan"), "pg/mL", "finite"), (float("inf"), "pg/mL", "finite"),
    (0, "pg/mL", "detection limit"), (25000, "pg/mL", "reportable range.*NT-proBNP"),
    (100, "mg/dL", "unknown unit"), (5000, "pmol/L", "reportable range"),
])
def test_bad_values_refused_with_reason(value, unit, match):
    with pytest.raises(LabValueError, match=match):
        parse_labs(value, unit)


def test_below_detection_limit():
    labs = parse_labs("<5")
    assert labs.below_detection_limit and labs.value_pg_ml == 5.0 and labs.describe() == "BNP <5 pg/mL"
    assert parse_labs("12.5").value_pg_ml == 12.5


@pytest.mark.parametrize("text", ["1,250", "1.250,5", "12,5", "1 250", "1'250", "<1,5"])
def test_comma_and_thousands_separators_refused_as_ambiguous(text):
    # "1,250" was read as 1.25 pg/mL (bottom of a worklist); it is 1250 in an English report.
    with pytest.raises(LabValueError, match="ambiguous"):
        parse_labs(text)


@pytest.mark.parametrize("value", [5e-324, "5e-324", 0.5, "1e-3", "<0.1"])
def test_values_below_any_detection_limit_refused(value):
    with pytest.raises(LabValueError, match="below any assay's detection limit"):
        parse_labs(value)


@pytest.mark.parametrize("value,analyte", [(100001, "NT-proBNP"), ("1e6", "BNP"), (10001, "BNP")])
def test_values_above_any_reportable_range_refused(value, analyte):
    with pytest.raises(LabValueError, match="reportable range"):
        parse_labs(value, analyte=analyte)


def test_unknown_analyte():
    with pytest.raises(LabValueError, match="unknown analyte"):
        parse_labs(100, analyte="troponin")
