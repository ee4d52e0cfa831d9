"""One patient per case: keyed patient keys (ph_assist.io.identity), the readers that set them,
``ph-assist assess`` and the worklist (``ph-assist triage``).  No Qt here."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pydicom
import pytest

from ph_assist.cli import main
from ph_assist.gui.case_state import CaseController
from ph_assist.io import read_cxr, read_ecg
from ph_assist.io.identity import PatientKey, key_of, patient_key, patient_mismatch, same_patient
from tests.conftest import sample_file
from tests.cxr_fixtures import cr_dataset, rg1_pixels, save

ECG_ID, CXR_ID = "642341", "9RG1"  # the IDs in pydicom's waveform_ecg.dcm and in RG1_UNCR.dcm


def ecg_dicom(tmp_path: Path, name: str, patient_id: str, birth: str = "19500101") -> Path:
    """pydicom's 12-lead DICOM ECG with a chosen patient ID and birth date."""
    from pydicom.data import get_testdata_file

    ds = pydicom.dcmread(get_testdata_file("waveform_ecg.dcm"))
    ds.PatientID, ds.PatientBirthDate = patient_id, birth
    out = tmp_path / name
    ds.save_as(out)
    return out


def cxr_dicom(tmp_path: Path, name: str, patient_id: str, birth: str = "19500101") -> Path:
    """A small generated CR chest radiograph (real RG1 pixels) with a chosen patient ID."""
    return save(cr_dataset(rg1_pixels(8), PatientID=patient_id, PatientBirthDate=birth), tmp_path / name)


# ---------------------------------------------------------------- the keys


class TestPatientKey:
    def test_normalised_ids_compare_equal(self):
        a = patient_key("  ab 123\x00", "19530508")
        b = patient_key("AB  123", dt.date(1953, 5, 8))
        assert same_patient(a, b) is True
        assert same_patient(a, patient_key("AB 124", "1953-05-08")) is False

    def test_birth_date_compared_only_when_both_have_one(self):
        assert same_patient(patient_key("X1", "19530508"), patient_key("X1")) is True
        assert same_patient(patient_key("X1", "19530508"), patient_key("X1", "19530509")) is False

    @pytest.mark.parametrize("pid", ["", None, "   ", "anonymous", "Unknown", "xxxxxx", "9999", "0"])
    def test_empty_and_placeholder_ids_are_unknown(self, pid):
        assert patient_key(pid, "19500101") is None
        assert same_patient(patient_key(pid), patient_key("P-1")) is None

    def test_key_hides_the_identifier(self):
        key = patient_key("PHA-123456", "19500101")
        assert isinstance(key, PatientKey) and repr(key) == "PatientKey(<hidden>)"
        # keyed: not the plain hash of the ID that a lookup table could reverse
        assert key.id_digest != hashlib.sha256(b"pha-123456").digest()
        assert b"123456" not in key.id_digest

    def test_mismatch_of_objects(self):
        class Obj:
            def __init__(self, key):
                self.metadata = type("M", (), {"patient_key": key})()

        p1, p2 = Obj(patient_key("P1")), Obj(patient_key("P2"))
        assert patient_mismatch(p1, p2) is True
        assert patient_mismatch(p1, Obj(patient_key("p1"))) is False
        assert patient_mismatch(p1, Obj(None)) is None and patient_mismatch(None, p2) is None


# ---------------------------------------------------------------- the readers, on real files


def test_real_files_of_two_patients_mismatch():
    ecg = read_ecg(sample_file("ecg", "dicom", "pydicom_waveform_ecg.dcm"))
    cxr = read_cxr(sample_file("cxr", "dicom", "RG1_UNCR.dcm"))
    assert key_of(ecg) is not None and key_of(cxr) is not None
    assert patient_mismatch(ecg, cxr) is True
    aecg = read_ecg(sample_file("ecg", "hl7_aecg", "HL7_Example_aECG.xml"))
    assert patient_mismatch(aecg, cxr) is True


def test_real_files_of_one_patient_match():
    # README: Example.scp is the same ECG (the same patient) as the HL7 aECG example.
    aecg = read_ecg(sample_file("ecg", "hl7_aecg", "HL7_Example_aECG.xml"))
    scp = read_ecg(sample_file("ecg", "scp", "Example.scp"))
    assert same_patient(key_of(aecg), key_of(scp)) is True
    # RG1_J2KI is RG1_UNCR compressed: the same patient
    a, b = (read_cxr(sample_file("cxr", "dicom", n)) for n in ("RG1_UNCR.dcm", "RG1_J2KI.dcm"))
    assert same_patient(key_of(a), key_of(b)) is True


def test_files_without_patient_id_never_warn():
    png = read_cxr(sample_file("cxr", "nih_png", "00000001_000.png"))
    wfdb = read_ecg(sample_file("ecg", "wfdb", "ptbxl_native", "00001_lr.hea"))
    dicom_ecg = read_ecg(sample_file("ecg", "dicom", "pydicom_waveform_ecg.dcm"))
    assert key_of(png) is None and key_of(wfdb) is None
    assert patient_mismatch(dicom_ecg, png) is None and patient_mismatch(wfdb, read_cxr(
        sample_file("cxr", "dicom", "RG1_UNCR.dcm"))) is None


@pytest.mark.parametrize("sub", [("ge_muse_xml",), ("philips_xml",)])
def test_xml_readers_keep_a_key_not_the_id(sub):
    folder = sample_file("ecg", *sub)
    for path in sorted(folder.iterdir()):
        ecg = read_ecg(path, allow_incomplete=True)
        text = json.dumps(ecg.summary(), default=str) + repr(ecg.metadata)
        assert "patient_key" not in text and "201700237" not in text and "1112010721168bdc" not in text


def test_identifier_is_never_exported():
    ecg = read_ecg(sample_file("ecg", "dicom", "pydicom_waveform_ecg.dcm"))
    cxr = read_cxr(sample_file("cxr", "dicom", "RG1_UNCR.dcm"))
    text = json.dumps([ecg.summary(), cxr.summary()], default=str) + repr(ecg.metadata) + repr(cxr.metadata)
    assert ECG_ID not in text and CXR_ID not in text and "19710123" not in text and "19400305" not in text
    assert "patient_key" not in json.dumps([ecg.metadata.to_dict(), cxr.metadata.to_dict()], default=str)


def test_generated_dicoms(tmp_path):
    e1 = read_ecg(ecg_dicom(tmp_path, "e1.dcm", "P-1"))
    c1 = read_cxr(cxr_dicom(tmp_path, "c1.dcm", "p-1 "))
    c2 = read_cxr(cxr_dicom(tmp_path, "c2.dcm", "P-2"))
    c1_other_birth = read_cxr(cxr_dicom(tmp_path, "c3.dcm", "P-1", birth="19600101"))
    assert patient_mismatch(e1, c1) is False
    assert patient_mismatch(e1, c2) is True
    assert patient_mismatch(e1, c1_other_birth) is True


# ---------------------------------------------------------------- the case's rule (no window)


def test_case_controller_flags_a_file_of_another_patient(tmp_path):
    e1 = read_ecg(ecg_dicom(tmp_path, "e1.dcm", "P-1"))
    c1, c2 = (read_cxr(cxr_dicom(tmp_path, f"c{i}.dcm", f"P-{i}")) for i in (1, 2))
    png = read_cxr(sample_file("cxr", "nih_png", "00000001_000.png"))
    ctl = CaseController()
    assert ctl.different_patient([c2]) is False  # an empty case holds nobody
    ctl.set_ecg(None, e1)
    assert ctl.different_patient([c1]) is False and ctl.different_patient([png]) is False
    assert ctl.different_patient([c2]) is True
    ctl.set_cxr(None, c2)
    assert ctl.state.patient_mismatch is True
    ctl.new_case()
    assert ctl.state.patient_mismatch is None


# ---------------------------------------------------------------- assess and triage


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_warns_once_and_flags_json(quick_bundle_dir, capsys, tmp_path):
    ecg = sample_file("ecg", "dicom", "pydicom_waveform_ecg.dcm")
    cxr = sample_file("cxr", "dicom", "RG1_UNCR.dcm")
    code, out, err = _run(capsys, "assess", "--ecg", ecg, "--cxr", cxr, "--bundle", quick_bundle_dir,
                          "--no-explain")
    assert code == 0, err
    warn = [line for line in out.splitlines() if "different patients" in line]
    assert len(warn) == 1 and warn[0].startswith("WARNING:")
    assert ECG_ID not in out + err and CXR_ID not in out + err
    code, out, err = _run(capsys, "assess", "--ecg", ecg, "--cxr", cxr, "--bundle", quick_bundle_dir,
                          "--no-explain", "--json")
    data = json.loads(out)
    assert code == 0 and data["patient_mismatch"] is True
    assert ECG_ID not in out and CXR_ID not in out
    # the same patient: no warning, flag false; a PNG: unknown (null)
    same = cxr_dicom(tmp_path, "same.dcm", ECG_ID, birth="19710123")
    code, out, _ = _run(capsys, "assess", "--ecg", ecg, "--cxr", same, "--bundle", quick_bundle_dir,
                        "--no-explain", "--json")
    assert json.loads(out)["patient_mismatch"] is False
    png = sample_file("cxr", "nih_png", "00000001_000.png")
    code, out, _ = _run(capsys, "assess", "--ecg", ecg, "--cxr", png, "--bundle", quick_bundle_dir, "--no-explain")
    assert code == 0 and "different patients" not in out


def test_triage_marks_the_case(quick_bundle_dir, tmp_path, capsys):
    ecg = ecg_dicom(tmp_path, "e.dcm", "PID-7781")
    cxr_same, cxr_other = cxr_dicom(tmp_path, "c1.dcm", "PID-7781"), cxr_dicom(tmp_path, "c2.dcm", "PID-9902")
    manifest = tmp_path / "m.csv"
    with open(manifest, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "ecg_path", "cxr_path", "bnp", "bnp_unit"])
        w.writerow(["same", ecg.name, cxr_same.name, "", ""])
        w.writerow(["mixed", ecg.name, cxr_other.name, "", ""])
    out = tmp_path / "worklist.csv"
    code, stdout, err = _run(capsys, "triage", manifest, "--out", out, "--bundle", quick_bundle_dir, "--quiet")
    assert code == 0, err
    rows = {r["case_id"]: r for r in csv.DictReader(open(out))}
    assert "different patients" in rows["mixed"]["issues"] and "different patients" not in rows["same"]["issues"]
    text = out.read_text() + stdout + err
    assert "PID-7781" not in text and "PID-9902" not in text
