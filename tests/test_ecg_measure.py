"""ph_assist.ecg_measure: measurements against the carts, synthetic drivers and bad input."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from ph_assist.ecg_measure import (MET, NOT_MEASURABLE, NOT_MET, PH_CRITERIA, TOLERANCES, compare,
                                   device_measurements, measure_ecg, measurements_report)
from ph_assist.errors import ECGReadError, PHAssistError
from ph_assist.io import read_ecg
from ph_assist.io.ecg import ECG, lead_quality
from ph_assist.io.leads import STANDARD_LEADS

SAMPLE_DIR = Path(os.environ.get("PH_ASSIST_SAMPLE_DATA",
                                 Path(__file__).resolve().parents[1].parent / "shared" / "data"))
SAMPLE = str(SAMPLE_DIR) if (SAMPLE_DIR / "ecg").is_dir() else None


def _drivers(**over):
    d = {"ecg_axis_deg": 40.0, "ecg_rv_mv": 0.3, "ecg_p_mv": 0.15, "ecg_t_post": -0.4, "ecg_volt": 1.0,
         "ecg_lvh": 0.1, "ecg_hr": 70.0, "ecg_qrs_ms": 90.0, "ecg_rbbb": 0, "ecg_af": 0}
    d.update(over)
    return d


def _synthetic(seed: int = 0, **over) -> ECG:
    from ph_assist.synth.ecg import render_ecg, to_ecg
    from ph_assist.synth.sites import DEFAULT_SITES

    leads, _ = render_ecg(_drivers(**over), DEFAULT_SITES[0], np.random.default_rng(seed))
    return to_ecg(leads, 500.0, "synthetic.hea")


def _raw_ecg(signal: np.ndarray, fs: float) -> ECG:
    """An ECG object built directly (bypassing the readers' 2-s minimum)."""
    sig = np.asarray(signal, dtype=np.float32)
    q = tuple(lead_quality(name, sig[i], fs) for i, name in enumerate(STANDARD_LEADS))
    return ECG(signal=sig, fs=fs, source_format="synthetic", source_path="bad.csv", quality=q)


class TestPydicomWaveform:
    def test_against_the_mortara_cart(self):
        from pydicom.data import get_testdata_file

        ecg = read_ecg(get_testdata_file("waveform_ecg.dcm"))
        m = measure_ecg(ecg)
        dev = device_measurements(ecg)
        assert dev is not None and dev["values"]["qrs_ms"] == 75
        for key, row in compare(m, dev).items():
            if row["device"] is not None and key != "hr_bpm":
                assert row["pass"], (key, row)
        assert abs(m.hr_bpm - 60000.0 / dev["values"]["rr_ms"]) <= TOLERANCES["hr_bpm"]
        assert m.rhythm["p_wave"] and not m.rhythm["af_suspected"]
        assert [c.key for c in m.criteria] == list(PH_CRITERIA)
        assert all(c.status == NOT_MET for c in m.criteria)  # a normal ECG
        rep = measurements_report(ecg)
        assert rep["values"]["qrs_ms"] == pytest.approx(m.qrs_ms, abs=0.1)
        assert rep["device_measurements"]["source"].startswith("device")


class TestSynthetic:
    @pytest.mark.parametrize("axis", [-30.0, 60.0, 120.0])
    def test_axis_hr_qrs(self, axis):
        m = measure_ecg(_synthetic(1, ecg_axis_deg=axis, ecg_hr=75.0))
        assert m.hr_bpm == pytest.approx(75.0, abs=3.0)
        assert m.qrs_axis_deg == pytest.approx(axis, abs=20.0)
        assert m.qrs_ms == pytest.approx(90.0, abs=20.0)
        rad = m.criterion("right_axis_deviation").status
        assert rad == (MET if axis > 90 else NOT_MET)

    def test_rbbb(self):
        m = measure_ecg(_synthetic(2, ecg_rbbb=1, ecg_qrs_ms=140.0))
        assert m.qrs_ms >= 120.0
        assert m.criterion("complete_rbbb").status == MET
        assert measure_ecg(_synthetic(2)).criterion("complete_rbbb").status == NOT_MET

    def test_af_has_no_p_wave(self):
        m = measure_ecg(_synthetic(3, ecg_af=1, ecg_hr=95.0))
        assert m.rhythm["af_suspected"]
        assert m.pr_ms is None and m.p_axis_deg is None
        assert "atrial fibrillation" in m.reasons["pr_ms"]
        assert m.criterion("p_pulmonale").status == NOT_MEASURABLE

    def test_a_pr_is_the_generators_or_none_never_the_window_edge(self):
        """With a large T wave at 70-100 bpm the previous beat's T reaches into the P search window:
        the PR is the generator's (0.125 s + 0.04 RR) or not reported, never the window's length
        (the earlier 354-364 ms); AF humps are not P waves."""
        for seed in range(8):
            for hr in (70.0, 100.0):
                m = measure_ecg(_synthetic(seed, ecg_hr=hr, ecg_axis_deg=103.0, ecg_t_post=-0.53, ecg_volt=0.73))
                truth = (0.125 + 0.04 * 60.0 / hr) * 1000.0
                if m.pr_ms is None:
                    assert "P wave" in m.reasons["pr_ms"]
                else:
                    assert abs(m.pr_ms - truth) <= 30.0, (seed, hr, m.pr_ms, truth)
        with_pr = sum(measure_ecg(_synthetic(seed, ecg_af=1, ecg_hr=85.0, ecg_axis_deg=103.0, ecg_t_post=-0.53,
                                              ecg_volt=0.73)).pr_ms is not None for seed in range(10))
        assert with_pr <= 1

    def test_ph_signs(self):
        m = measure_ecg(_synthetic(4, ecg_axis_deg=115.0, ecg_rv_mv=1.6, ecg_p_mv=0.32, ecg_t_post=0.9))
        status = {c.key: c.status for c in m.criteria}
        assert status["right_axis_deviation"] == MET
        assert status["p_pulmonale"] == MET
        assert status["rs_ratio_v1"] == MET


class TestBadInput:
    def test_flat_line(self):
        with pytest.raises(ECGReadError, match="usable lead"):
            measure_ecg(_raw_ecg(np.zeros((12, 5000)), 500.0))

    def test_one_second(self):
        ecg = _synthetic(5)
        with pytest.raises(ECGReadError, match="beat") as err:
            measure_ecg(_raw_ecg(np.asarray(ecg.signal)[:, :500], 500.0))
        assert "\n" not in str(err.value) and str(err.value).startswith("bad.csv: ")

    def test_report_carries_the_error(self):
        rep = measurements_report(_raw_ecg(np.zeros((12, 5000)), 500.0))
        assert "usable lead" in rep["error"]


CART_FILES = ["philips_xml/2020-5-18_15-48-11.xml", "philips_xml/ad4d3d80-d165_1-04_orig.xml",
              "ge_muse_xml/MUSE_20200923_093504_79000_example.xml", "hl7_aecg/HL7_Example_aECG.xml",
              "dicom/pydicom_waveform_ecg.dcm"]


@pytest.mark.skipif(not SAMPLE, reason=f"real sample ECGs not found at {SAMPLE_DIR} (set PH_ASSIST_SAMPLE_DATA)")
class TestSampleFiles:
    @pytest.mark.parametrize("name", CART_FILES)
    def test_within_tolerance_of_the_cart(self, name):
        path = Path(SAMPLE) / "ecg" / name
        if not path.exists():
            pytest.skip(f"{path} absent")
        ecg = read_ecg(path)
        dev = device_measurements(ecg)
        assert dev is not None
        rows = compare(measure_ecg(ecg), dev)
        judged = {k: r for k, r in rows.items() if r["pass"] is not None}
        assert len(judged) >= 4
        assert all(r["pass"] for r in judged.values()), judged

    def test_philips_ivcd_disagreement_is_known(self):
        """129DYPRG: Philips measures QRS 135 ms (IVCD with acute inferior MI); we find ~105 ms.
        Documented in docs/validation/ecg_measurements.md; every other quantity agrees."""
        path = Path(SAMPLE) / "ecg" / "philips_xml" / "129DYPRG.XML"
        if not path.exists():
            pytest.skip(f"{path} absent")
        ecg = read_ecg(path)
        rows = compare(measure_ecg(ecg), device_measurements(ecg))
        assert {k for k, r in rows.items() if r["pass"] is False} == {"qrs_ms"}

    @pytest.mark.parametrize("name", ["wfdb/mitdb/100.hea", "mfer/monk_test-file.MWF", "scp/demo.scp"])
    def test_odd_records_measure_or_fail_cleanly(self, name):
        path = Path(SAMPLE) / "ecg" / name
        if not path.exists():
            pytest.skip(f"{path} absent")
        try:
            ecg = read_ecg(path, allow_incomplete=True)
        except PHAssistError:
            pytest.skip(f"{name} is refused by the reader")
        rep = measurements_report(ecg)
        assert "error" in rep or rep["values"]["hr_bpm"] is not None


def test_p_wave_found_behind_the_tail_of_a_broad_t_wave():
    """The demo PAH case (83 bpm, deep broad T waves): the P search skips the previous T's falling tail."""
    import csv

    from ph_assist.io import read_ecg
    from ph_assist.resources import demo_case

    d = demo_case()
    m = measure_ecg(read_ecg(d.ecg_path))
    latents = {r["case_id"]: r for r in csv.DictReader(open(d.ecg_path.parent.parent / "latents.csv"))}
    p_ii = float(latents[d.case_id]["ecg_p_mv"])
    assert m.pr_ms is not None and "pr_ms" not in m.reasons
    assert abs(m.amplitudes_mv["P_II"] - p_ii) < 0.03
