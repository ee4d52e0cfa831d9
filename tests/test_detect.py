"""Format detection from content, on every real sample file."""

import pytest

from ph_assist.io import detect
from tests.conftest import sample_file

CASES = [
    (("ecg", "wfdb", "ptbxl_native", "00001_lr.hea"), "ecg", "wfdb"),
    (("ecg", "wfdb", "cinc2021", "E07500.mat"), "ecg", "wfdb"),
    (("ecg", "dicom", "pydicom_waveform_ecg.dcm"), "ecg", "dicom-ecg"),
    (("ecg", "hl7_aecg", "HL7_Example_aECG.xml"), "ecg", "hl7-aecg"),
    (("ecg", "scp", "Example.scp"), "ecg", "scp-ecg"),
    (("ecg", "philips_xml", "2020-5-18_15-48-11.xml"), "ecg", "philips-xml"),   # UTF-16 with BOM
    (("ecg", "philips_xml", "129DYPRG.XML"), "ecg", "philips-xml"),
    (("ecg", "ge_muse_xml", "MUSE_20200923_093504_79000_example.xml"), "ecg", "ge-muse-xml"),
    (("ecg", "mfer", "monk_test-file.MWF"), "ecg", "mfer"),
    (("cxr", "dicom", "RG1_UNCR.dcm"), "cxr", "dicom-cxr"),
    (("cxr", "dicom", "RG1_J2KI.dcm"), "cxr", "dicom-cxr"),
    (("cxr", "nih_png", "00000001_000.png"), "cxr", "png"),
]


@pytest.mark.parametrize("parts,kind,fmt", CASES, ids=[c[0][-1] for c in CASES])
def test_detect_sample_files(parts, kind, fmt):
    found = detect(sample_file(*parts))
    assert (found.kind, found.format) == (kind, fmt)


def test_scp_detected_by_content_without_extension(tmp_path):
    src = sample_file("ecg", "scp", "Example.scp")
    copy = tmp_path / "ecg_without_extension"
    copy.write_bytes(src.read_bytes())
    assert detect(copy).format == "scp-ecg"
