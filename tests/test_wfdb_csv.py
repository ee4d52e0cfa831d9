"""WFDB and CSV readers and writers, on generated records and the real sample files."""

import numpy as np
import pytest

from ph_assist.errors import ECGReadError, IncompleteECGError, InputError
from ph_assist.io import read_ecg
from ph_assist.io.ecg_csv import read_csv, write_csv
from ph_assist.io.ecg_wfdb import read_wfdb, write_wfdb
from tests.conftest import sample_file
from tests.ecg_fixtures import synthetic_leads, write_mat_v4_record, write_wfdb_record


def test_wfdb_roundtrip_within_one_microvolt(tmp_path):
    hea = write_wfdb_record(tmp_path)
    ecg = read_ecg(hea)
    leads = synthetic_leads()
    assert ecg.source_format == "wfdb" and ecg.fs == 500 and ecg.signal.shape == (12, 5000)
    for name in ecg.leads:
        np.testing.assert_allclose(ecg.lead(name), leads[name], atol=0.0006)
    # every path spelling of the record reads the same
    for spelling in (tmp_path / "rec", tmp_path / "rec.dat"):
        np.testing.assert_array_equal(read_ecg(spelling).signal, ecg.signal)


def test_wfdb_microvolt_units_converted(tmp_path):
    ecg = read_ecg(write_wfdb_record(tmp_path, units="uV"))
    assert np.nanmax(np.abs(ecg.signal)) < 3.0  # mV, not uV


def test_mat_v4_lowercase_mv_and_header_metadata(tmp_path):
    ecg = read_ecg(write_mat_v4_record(tmp_path))
    leads = synthetic_leads()
    np.testing.assert_allclose(ecg.lead("V2"), np.round(leads["V2"] * 1000) / 1000, atol=1e-6)
    assert ecg.metadata.age_years == 63 and ecg.metadata.sex == "M"


def test_write_wfdb_then_csv_roundtrip(tmp_path):
    ecg = read_ecg(write_wfdb_record(tmp_path))
    again = read_wfdb(write_wfdb(ecg, tmp_path / "out" / "copy.hea"))
    np.testing.assert_allclose(again.signal, ecg.signal, atol=0.0006)
    csv_ecg = read_csv(write_csv(ecg, tmp_path / "copy.csv"), fs=ecg.fs)
    np.testing.assert_allclose(csv_ecg.signal, ecg.signal, rtol=1e-4, atol=1e-5)


def test_wfdb_missing_signal_file_and_absurd_header(tmp_path):
    hea = write_wfdb_record(tmp_path)
    (tmp_path / "rec.dat").unlink()
    with pytest.raises(ECGReadError, match="signal file 'rec.dat'.*missing"):
        read_ecg(hea)
    hea.write_text("rec 12 500 99999999999\n" + "\n".join(
        f"rec.dat 16 1000/mV 16 0 0 0 0 {n}" for n in ("I", "II", "III", "aVR", "aVL", "aVF",
                                                       "V1", "V2", "V3", "V4", "V5", "V6")))
    (tmp_path / "rec.dat").write_bytes(b"\0" * 100)
    with pytest.raises(ECGReadError, match="longer than 24 h"):
        read_ecg(hea)


def test_wfdb_truncated_signal_file(tmp_path):
    hea = write_wfdb_record(tmp_path)
    dat = tmp_path / "rec.dat"
    dat.write_bytes(dat.read_bytes()[:5000])
    with pytest.raises(ECGReadError):
        read_ecg(hea)


def test_csv_needs_fs_and_reports_bad_cells(tmp_path):
    p = tmp_path / "e.csv"
    rows = ["time,I,II,V1,V2,V3,V4,V5,V6"] + [f"{i / 500},0.1,0.2,0.3,0.4,0.5,0.6,{0.1 * (i % 7)},0.1" for i in range(2000)]
    p.write_text("\n".join(rows))
    with pytest.raises(ECGReadError, match="sampling rate"):
        read_ecg(p)
    ecg = read_ecg(p, fs=500)  # 8 leads + derived limb leads; time column ignored
    assert {q.lead for q in ecg.quality if q.derived} == {"III", "aVR", "aVL", "aVF"}
    rows[10] = "0.02,0.1,abc,0.3,0.4,0.5,0.6,0.7,0.8"
    p.write_text("\n".join(rows))
    with pytest.raises(ECGReadError, match="row 11, column II: 'abc' is not a number"):
        read_ecg(p, fs=500)
    p.write_text("a,b,c\n1,2,3\n")
    with pytest.raises(ECGReadError, match="names no ECG lead"):
        read_ecg(p, fs=500)


# --- the real sample files ---------------------------------------------------

def test_ptbxl_native_100hz():
    ecg = read_ecg(sample_file("ecg", "wfdb", "ptbxl_native", "00001_lr.hea"))
    assert ecg.fs == 100 and ecg.n_samples == 1000 and ecg.duration_s == 10
    assert ecg.source_leads[3] == "AVR" and all(q.ok for q in ecg.quality)


def test_cinc2021_all_fifty_records():
    folder = sample_file("ecg", "wfdb", "cinc2021")
    headers = sorted(folder.glob("*.hea"))
    assert len(headers) == 50
    for hea in headers:
        ecg = read_ecg(hea)
        assert ecg.signal.shape == (12, 5000) and ecg.fs == 500
        assert ecg.metadata.age_years is not None
    # A real record with three zero leads is flagged, not hidden.
    js = read_ecg(folder / "JS20008.hea")
    assert {q.lead for q in js.quality if q.flat} == {"V2", "V4", "V6"}


def test_ptb_fifteen_leads_keep_twelve_standard():
    import wfdb

    path = sample_file("ecg", "wfdb", "ptbdb", "s0010_re.hea")
    ecg = read_ecg(path)
    raw = wfdb.rdrecord(str(path.with_suffix("")))
    assert raw.n_sig == 15 and ecg.signal.shape == (12, 38400) and ecg.fs == 1000
    np.testing.assert_allclose(ecg.lead("V6"), raw.p_signal[:, 11], atol=1e-6)
    assert ecg.metadata.age_years == 81 and ecg.metadata.sex == "F"


def test_mitdb_monitor_strip_refused():
    with pytest.raises(IncompleteECGError, match=r"2 of 12 standard leads \(II, V5\)"):
        read_ecg(sample_file("ecg", "wfdb", "mitdb", "100.hea"))


def test_non_ecg_files_refused(tmp_path):
    p = tmp_path / "notes.bin"
    p.write_bytes(b"\x01\x02 random bytes")
    with pytest.raises(InputError, match="unrecognised file type"):
        read_ecg(p)
    with pytest.raises(InputError, match="file not found"):
        read_ecg(tmp_path / "nope.hea")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        read_ecg(tmp_path / "empty.csv", fs=500)
