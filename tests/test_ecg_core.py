"""build_ecg: lead names, derived leads, 12-lead check and quality flags."""

import numpy as np
import pytest

from ph_assist.errors import ECGReadError, IncompleteECGError
from ph_assist.io import STANDARD_LEADS, build_ecg
from ph_assist.io.leads import normalize_lead_name
from tests.ecg_fixtures import synthetic_leads


@pytest.mark.parametrize("raw,std", [
    ("MLII", "II"), ("V1 ", "V1"), ("avr", "aVR"), ("AVR", "aVR"), ("aVL", "aVL"),
    ("Lead I (Einthoven)", "I"), ("Lead aVF", "aVF"), ("DIII", "III"), ("v6", "V6"),
    ("vx", None), ("-aVR", None), ("Lead -aVR", None), ("Resp", None), ("", None), (None, None), ("V7", None),
])
def test_lead_names_normalised(raw, std):
    assert normalize_lead_name(raw) == std


def test_twelve_leads_in_standard_order_float32_readonly():
    leads = synthetic_leads()
    shuffled = dict(reversed(list(leads.items())))
    ecg = build_ecg(shuffled, 500, source_format="test", source_path="x")
    assert ecg.signal.shape == (12, 5000) and ecg.signal.dtype == np.float32
    for i, name in enumerate(STANDARD_LEADS):
        np.testing.assert_array_equal(ecg.signal[i], leads[name])
    assert ecg.duration_s == pytest.approx(10.0)
    assert all(q.ok for q in ecg.quality)
    with pytest.raises(ValueError):
        ecg.signal[0, 0] = 1.0


def test_eight_stored_leads_derive_the_other_four():
    leads = synthetic_leads()
    stored = {k: v for k, v in leads.items() if k not in ("III", "aVR", "aVL", "aVF")}
    ecg = build_ecg(stored, 500, source_format="test", source_path="x")
    np.testing.assert_allclose(ecg.lead("III"), leads["II"] - leads["I"], atol=1e-6)
    np.testing.assert_allclose(ecg.lead("aVR"), -(leads["I"] + leads["II"]) / 2, atol=1e-6)
    assert {q.lead for q in ecg.quality if q.derived} == {"III", "aVR", "aVL", "aVF"}


def test_monitor_strip_is_refused_or_flagged():
    leads = synthetic_leads()
    strip = {"MLII": leads["II"], "V5": leads["V5"]}
    with pytest.raises(IncompleteECGError, match="2 of 12 standard leads"):
        build_ecg(strip, 500, source_format="test", source_path="strip.hea")
    ecg = build_ecg(strip, 500, source_format="test", source_path="strip.hea", allow_incomplete=True)
    missing = {q.lead for q in ecg.quality if q.missing}
    assert missing == set(STANDARD_LEADS) - {"II", "V5"}
    assert np.isnan(ecg.lead("V1")).all() and not ecg.is_complete


def test_quality_flags_flat_saturated_nan_out_of_range():
    leads = synthetic_leads()
    leads["V2"] = np.zeros_like(leads["V2"])                     # flat
    v3 = leads["V3"].copy()
    v3[v3 > 0.5] = 0.5                                          # clipped peaks
    leads["V3"] = v3
    v4 = leads["V4"].copy()
    v4[1000:1500] = np.nan                                      # a gap
    leads["V4"] = v4
    leads["V5"] = leads["V5"] + 20.0                            # DC offset beyond physiology
    q = {x.lead: x for x in build_ecg(leads, 500, source_format="t", source_path="x").quality}
    assert q["V2"].flat and not q["V2"].ok
    assert q["V3"].saturated
    assert q["V4"].nan_fraction == pytest.approx(0.1) and "nan_segments(10.0%)" in q["V4"].flags
    assert q["V5"].out_of_range
    assert q["I"].ok and q["V6"].ok


@pytest.mark.parametrize("fs,n,match", [
    (0, 5000, "sampling rate"), (-500, 5000, "sampling rate"), (float("nan"), 5000, "sampling rate"),
    (1e6, 5000, "sampling rate"), (500, 100, "at least"), (500, 0, "no samples"),
])
def test_absurd_records_refused(fs, n, match):
    with pytest.raises(ECGReadError, match=match):
        build_ecg({"I": np.zeros(n), "II": np.ones(n)}, fs, source_format="t", source_path="x")


def test_no_standard_lead_and_all_flat_refused():
    with pytest.raises(ECGReadError, match="no standard ECG lead"):
        build_ecg({"vx": np.zeros(5000), "Resp": np.zeros(5000)}, 500, source_format="t", source_path="x")
    with pytest.raises(ECGReadError, match="flat"):
        build_ecg({k: np.zeros(5000) for k in STANDARD_LEADS}, 500, source_format="t", source_path="x")


def test_error_names_the_file_in_one_line():
    with pytest.raises(ECGReadError) as info:
        build_ecg({"vx": np.zeros(5000)}, 500, source_format="t", source_path="/data/a b.hea")
    assert str(info.value).startswith("/data/a b.hea: ") and "\n" not in str(info.value)
