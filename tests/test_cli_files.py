"""`ph-assist inspect` and `ph-assist convert`: output, exit codes, one-line errors."""

import json
import subprocess
import sys

import numpy as np
import pytest

from ph_assist.cli import main
from ph_assist.io import read_ecg
from tests.conftest import sample_file
from tests.ecg_fixtures import write_wfdb_record


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_inspect_text_and_json(tmp_path, capsys):
    hea = write_wfdb_record(tmp_path)
    code, out, err = run(capsys, "inspect", str(hea))
    assert code == 0 and err == ""
    assert "wfdb" in out and "sampling rate hz   500" in out and "all leads ok" in out
    code, out, _ = run(capsys, "inspect", str(hea), "--json")
    data = json.loads(out)
    assert data["kind"] == "ECG" and data["n_samples"] == 5000 and data["duration_s"] == 10.0
    assert data["leads"][:3] == ["I", "II", "III"] and set(data["quality"]) == set(data["leads"])


def test_inspect_demo(capsys):
    code, out, _ = run(capsys, "inspect", "--demo", "--json")
    data = json.loads(out)
    assert code == 0 and data["format"] == "dicom-ecg" and data["sampling_rate_hz"] == 1000


@pytest.mark.parametrize("content,match", [
    (b"", "file is empty"),
    (b"hello world", "unrecognised file type"),
    (b"<?xml version='1.0'?><note>hi</note>", "not an ECG format"),
])
def test_bad_input_exit_2_one_line(tmp_path, capsys, content, match):
    p = tmp_path / "bad.bin"
    p.write_bytes(content)
    code, out, err = run(capsys, "inspect", str(p))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(p) in err and match in err


def test_missing_file_and_usage_errors(tmp_path, capsys):
    code, _, err = run(capsys, "inspect", str(tmp_path / "none.dcm"))
    assert code == 2 and "file not found" in err
    with pytest.raises(SystemExit) as info:
        main(["inspect", "--no-such-flag"])
    assert info.value.code == 2


def test_convert_ecg_to_csv_and_wfdb(tmp_path, capsys):
    hea = write_wfdb_record(tmp_path)
    code, out, _ = run(capsys, "convert", str(hea), str(tmp_path / "o.csv"))
    assert code == 0 and "--fs 500" in out
    header = (tmp_path / "o.csv").read_text().splitlines()[0]
    assert header == "I,II,III,aVR,aVL,aVF,V1,V2,V3,V4,V5,V6"
    code, _, _ = run(capsys, "convert", str(tmp_path / "o.csv"), str(tmp_path / "w" / "o.hea"), "--fs", "500")
    assert code == 0
    np.testing.assert_allclose(read_ecg(tmp_path / "w" / "o.hea").signal, read_ecg(hea).signal, atol=1e-3)
    code, _, err = run(capsys, "convert", str(hea), str(tmp_path / "o.csv"))
    assert code == 2 and "already exists" in err
    code, _, err = run(capsys, "convert", str(hea), str(tmp_path / "o.png"))
    assert code == 2 and ".csv or WFDB" in err


def test_console_script_never_prints_a_traceback(tmp_path):
    bad = tmp_path / "broken.dcm"
    bad.write_bytes(b"\0" * 128 + b"DICM" + b"\xff" * 300)
    proc = subprocess.run([sys.executable, "-m", "ph_assist", "inspect", str(bad)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert str(bad) in proc.stderr


def test_inspect_real_monitor_strip_with_allow_incomplete(capsys):
    path = sample_file("ecg", "wfdb", "mitdb", "100.hea")
    code, _, err = run(capsys, "inspect", str(path))
    assert code == 2 and "not a 12-lead ECG" in err
    code, out, _ = run(capsys, "inspect", str(path), "--allow-incomplete")
    assert code == 0 and "V1: missing" in out


@pytest.mark.parametrize("command", ["inspect", "convert", "assess", "triage", "study", "synth", "train",
                                     "evaluate", "gui"])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: ph-assist" in capsys.readouterr().out


def test_convert_cxr_to_16bit_png(tmp_path, capsys):
    from PIL import Image
    from pydicom.data import get_testdata_file

    from ph_assist.io import read_cxr

    src = get_testdata_file("RG1_UNCR.dcm")
    out = tmp_path / "cxr.png"
    code, stdout, _ = run(capsys, "convert", src, str(out))
    assert code == 0 and "16-bit" in stdout
    with Image.open(out) as im:
        assert im.mode.startswith("I") and im.size == (1841, 1955)
    np.testing.assert_allclose(read_cxr(out).image, read_cxr(src).image, atol=1 / 65535 + 1e-6)
    code, _, err = run(capsys, "convert", src, str(tmp_path / "cxr.csv"))
    assert code == 2 and "16-bit .png only" in err


def _identifying_ecg(tmp_path):
    """pydicom's 12-lead ECG with identifiers typed into its free-text fields, under an identifying name."""
    import pydicom
    from pydicom.data import get_testdata_file

    ds = pydicom.dcmread(get_testdata_file("waveform_ecg.dcm"))
    ds.Manufacturer = "St Elsewhere ward 7 (DOE JOHN)"
    ds.BodyPartExamined = "MRN99887766"
    ds.StudyDescription = "ECG for DOE JOHN MRN99887766"
    ds.WaveformAnnotationSequence[0].UnformattedTextValue = "Patient DOE JOHN, MRN 99887766: sinus rhythm"
    path = tmp_path / "MRN99887766_DOE_ecg.dcm"
    ds.save_as(path)
    return path


def test_inspect_withholds_free_text_and_the_file_name(tmp_path, capsys):
    path = _identifying_ecg(tmp_path)
    for extra in ([], ["--json"]):
        code, out, err = run(capsys, "inspect", str(path), *extra)
        assert code == 0, err
        assert "DOE" not in out and "99887766" not in out and "MRN" not in out and "Elsewhere" not in out
    data = json.loads(out)
    assert data["path"].startswith("file:") and data["metadata"]["statements"] == []
    n = data["free_text_withheld"]
    assert n >= 3  # the device and at least two annotations
    code, out, _ = run(capsys, "inspect", str(path))
    assert f"{n} field(s) withheld" in out and "--show-text" in out
    code, out, _ = run(capsys, "inspect", str(path), "--show-text", "--json")
    data = json.loads(out)
    assert code == 0 and data["path"] == str(path) and "free_text_withheld" not in data
    assert "St Elsewhere ward 7 (DOE JOHN)" in data["metadata"]["device"]
    assert any("DOE JOHN" in s for s in data["metadata"]["statements"])


def test_inspect_withholds_radiograph_free_text(tmp_path, capsys):
    from tests.cxr_fixtures import cr_dataset, rg1_pixels, save

    ds = cr_dataset(rg1_pixels(8), BodyPartExamined="DOE JOHN CHEST", WindowCenter=[2000.0], WindowWidth=[3000.0],
                    WindowCenterWidthExplanation="set for MRN99887766")
    path = save(ds, tmp_path / "MRN99887766_cxr.dcm")
    code, out, err = run(capsys, "inspect", str(path), "--json")
    assert code == 0, err
    assert "DOE" not in out and "99887766" not in out and "Doe" not in out and "PHA-123456" not in out
    data = json.loads(out)
    assert data["free_text_withheld"] == 3 and data["metadata"]["body_part"] is None  # manufacturer, body, window
    code, out, _ = run(capsys, "inspect", str(path), "--show-text")
    assert "DOE JOHN CHEST" in out and "Doe" not in out  # names and IDs stay hidden even then
