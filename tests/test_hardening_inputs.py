"""Adversarial inputs (issue 14): each ends with exit 2 and one line, fast, under a memory budget.

Every hostile file is built in ``tmp_path`` and the CLI runs in a subprocess,
whose peak RSS is read from ``os.wait4``.  Budget: :data:`RSS_BUDGET_MB`
(the torch-free CLI imports numpy and pydicom: about 100 MB).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

RSS_BUDGET_MB = 1500
TIME_BUDGET_S = 20.0  # generous on a loaded 2-core machine; the cases take 1-3 s
ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str | os.PathLike, env: dict | None = None) -> tuple[int, str, float, float]:
    """(exit code, stderr, peak RSS in MB, seconds) of ``python -m ph_assist ARGS``."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    t0 = time.monotonic()
    # The child reports its own high-water mark (VmHWM of its mm, after exec) on fd 3: os.wait4's
    # ru_maxrss would include the pytest process's memory inherited at fork.
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, str(write_fd), *map(os.fsdecode, args)], cwd=ROOT,
                            env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(write_fd,))
    os.close(write_fd)
    deadline = t0 + TIME_BUDGET_S * 3
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            pytest.fail(f"ph-assist {' '.join(map(str, args))} hung (killed after {TIME_BUDGET_S * 3:.0f} s)")
        time.sleep(0.05)
    seconds = time.monotonic() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    with os.fdopen(read_fd, "rb") as fh:
        reported = fh.read().decode().strip()
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = int(reported) / 1024 if reported.isdigit() else usage.ru_maxrss / 1024  # killed: upper bound
    return proc.returncode, err, peak_mb, seconds


_WRAPPER = """
import atexit, os, runpy, sys
fd = int(sys.argv[1])
def _report():
    with open('/proc/self/status') as fh:
        kb = next((line.split()[1] for line in fh if line.startswith('VmHWM')), '')
    os.write(fd, kb.encode())
atexit.register(_report)
sys.argv = ['ph_assist'] + sys.argv[2:]
runpy.run_module('ph_assist', run_name='__main__', alter_sys=True)
"""


def assert_refused(args, *words, env=None, time_budget=TIME_BUDGET_S):
    code, err, rss, seconds = run_cli(*args, env=env)
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    assert rss < RSS_BUDGET_MB, f"peak RSS {rss:.0f} MB"
    assert seconds < time_budget, f"{seconds:.1f} s"
    return err


# ------------------------------------------------------------------ DICOM ECG
def _dicom_ecg(path: Path, n_ch: int, n_s: int, *, deflate: bool, bits: int = 8, data: bytes | None = None,
               padding: bytes | None = None) -> Path:
    import pydicom
    from pydicom.data import get_testdata_file
    from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian

    ds = pydicom.dcmread(get_testdata_file("waveform_ecg.dcm"))
    group = ds.WaveformSequence[0]
    defs = list(group.ChannelDefinitionSequence)
    while len(defs) < n_ch:
        defs.append(defs[len(defs) % 12])
    group.ChannelDefinitionSequence = defs[:n_ch]
    group.NumberOfWaveformChannels = n_ch
    group.NumberOfWaveformSamples = n_s
    group.WaveformBitsAllocated = bits
    group.WaveformSampleInterpretation = "SB" if bits == 8 else "SS"
    group.WaveformData = data if data is not None else bytes(n_ch * n_s * bits // 8)
    if padding is not None:
        group.add_new(0x5400100A, "OB" if bits == 8 else "OW", padding)  # Waveform Padding Value
    ds.WaveformSequence = [group]
    ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian if deflate else ExplicitVRLittleEndian
    ds.save_as(path, enforce_file_format=True)
    return path


def test_deflated_dicom_ecg_expanding_to_43m_samples(tmp_path):
    f = _dicom_ecg(tmp_path / "bomb.dcm", 12, 3_600_000, deflate=True)
    assert f.stat().st_size < 1_000_000
    assert_refused(["inspect", f], str(f), "samples")


def test_dicom_ecg_with_256_channels(tmp_path):
    f = _dicom_ecg(tmp_path / "wide.dcm", 256, 170_000, deflate=True)
    assert_refused(["inspect", f], str(f), "256 channels")


def test_deflate_is_inflated_against_a_budget(tmp_path):
    from ph_assist.errors import ECGReadError
    from ph_assist.io.ecg_dicom import _inflate
    import io
    import zlib

    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    blob = comp.compress(bytes(50 * 2**20)) + comp.flush()
    with pytest.raises(ECGReadError, match="expands to more than 8 MiB"):
        _inflate(io.BytesIO(blob), tmp_path / "x.dcm", limit=8 * 2**20)
    assert _inflate(io.BytesIO(blob), tmp_path / "x.dcm", limit=64 * 2**20) == bytes(50 * 2**20)


def test_dicom_padding_zero_keeps_genuine_zeros(tmp_path):
    # A real cart declares WaveformPaddingValue = 0: zeros inside the record are signal.
    from ph_assist.io import read_ecg

    n = 5000
    t = np.arange(n) / 1000
    x = np.round(400 * np.sin(2 * np.pi * 1.2 * t)).astype("<i2")  # many exact zeros
    x[100:-100:97] = 0  # genuine zero samples
    x[:50] = 0  # leading padding
    x[-30:] = 0  # trailing padding
    data = np.repeat(x[:, None], 12, axis=1).tobytes()
    f = _dicom_ecg(tmp_path / "cart.dcm", 12, n, deflate=False, bits=16, data=data,
                   padding=np.array([0], "<i2").tobytes())
    ecg = read_ecg(f)
    lead = ecg.lead("I")
    assert np.isnan(lead[:50]).all() and np.isnan(lead[-30:]).all()
    assert not np.isnan(lead[50:-30]).any()
    assert (lead[50:-30] == 0).sum() > 10  # genuine zeros kept


def test_padding_at_an_encoding_extreme_marks_every_sample():
    from ph_assist.io.ecg_dicom import padding_mask

    col = np.array([-32768, 5, 0, -32768, 7, -32768], dtype="<i2")
    assert padding_mask(col, np.int16(-32768), anywhere=True).tolist() == [1, 0, 0, 1, 0, 1]
    assert padding_mask(col, np.int16(0)).tolist() == [0] * 6
    assert padding_mask(np.zeros(4, "<i2"), np.int16(0)).all()


# ----------------------------------------------------------------------- WFDB
def _wfdb_header(path: Path, n_sig: int, sig_len: int, dat: str = "rec.dat") -> Path:
    leads = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    lines = [f"rec {n_sig} 500 {sig_len}"]
    lines += [f"{dat} 16 1000/mV 16 0 0 0 0 {leads[i % 12]}" for i in range(n_sig)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_wfdb_sparse_signal_file_beyond_the_budget(tmp_path):
    hea = _wfdb_header(tmp_path / "rec.hea", 12, 14_400_000)
    with open(tmp_path / "rec.dat", "wb") as fh:
        fh.truncate(12 * 14_400_000 * 2)  # 345 MB, sparse
    assert_refused(["inspect", hea], str(hea), "samples")


def test_wfdb_signal_file_larger_than_its_header_says(tmp_path):
    hea = _wfdb_header(tmp_path / "rec.hea", 12, 5000)
    with open(tmp_path / "rec.dat", "wb") as fh:
        fh.truncate(345_000_000)
    assert_refused(["inspect", hea], str(hea), "does not describe this file")


def test_wfdb_signal_file_linked_to_dev_zero(tmp_path):
    hea = _wfdb_header(tmp_path / "rec.hea", 12, 5000)
    os.symlink("/dev/zero", tmp_path / "rec.dat")
    assert_refused(["inspect", hea], "rec.dat", "not a regular file")


def test_wfdb_signal_file_is_a_fifo(tmp_path):
    hea = _wfdb_header(tmp_path / "rec.hea", 12, 5000)
    os.mkfifo(tmp_path / "rec.dat")
    assert_refused(["inspect", hea], "rec.dat", "not a regular file")
    assert_refused(["inspect", tmp_path / "rec.dat"], "rec.dat", "not a regular file")


def test_fifo_given_directly(tmp_path):
    os.mkfifo(tmp_path / "ecg.csv")
    assert_refused(["inspect", tmp_path / "ecg.csv", "--fs", "500"], "ecg.csv", "not a regular file")


# ------------------------------------------------------------------------ CSV
def test_csv_of_200_mb(tmp_path):
    f = tmp_path / "zeros.csv"
    with open(f, "wb") as fh:
        fh.write(b"I,II,V1\n")
        fh.truncate(200_000_000)
    assert_refused(["inspect", f, "--fs", "500"], str(f), "MiB")


def test_csv_field_over_the_limit_and_unbalanced_quote(tmp_path):
    f = tmp_path / "field.csv"
    f.write_text("I,II,V1\n" + '"' + "1" * 200_000 + '",0,0\n')
    assert_refused(["inspect", f, "--fs", "500"], str(f), "malformed CSV")
    g = tmp_path / "quote.csv"
    g.write_text('I,II,V1\n"' + "0,0,0\n" * 30_000)  # the quote never closes
    assert_refused(["inspect", g, "--fs", "500"], str(g), "malformed CSV")


def test_csv_rows_beyond_the_budget_are_refused_while_streaming(monkeypatch, tmp_path):
    from ph_assist.errors import ECGReadError
    from ph_assist.io import ecg_csv

    monkeypatch.setattr(ecg_csv, "MAX_TOTAL_SAMPLES", 3000)
    f = tmp_path / "long.csv"
    f.write_text("I,II,V1\n" + "0.1,0.2,0.3\n" * 2000)
    with pytest.raises(ECGReadError, match="more than 1,000 rows"):
        ecg_csv.read_csv(f, fs=500)


# ------------------------------------------------------------ operating system
def test_file_name_too_long(tmp_path):
    assert_refused(["inspect", tmp_path / ("a" * 300 + ".csv"), "--fs", "500"], "too long")


def test_non_utf8_file_name_on_a_strict_terminal(tmp_path):
    name = os.path.join(os.fsencode(tmp_path), b"\xff\xfe.csv")
    with open(name, "wb") as fh:
        fh.write(b"x,y\n1,2\n")
    code, err, _, _ = run_cli("inspect", os.fsdecode(name), "--fs", "500",
                              env={"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"})
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err


def test_unwritable_outputs(tmp_path):
    from pydicom.data import get_testdata_file

    demo = get_testdata_file("waveform_ecg.dcm")
    assert_refused(["convert", demo, "/proc/ph_assist_test.csv"], "/proc")
    assert_refused(["convert", demo, tmp_path / "rec.v1.hea"], "record name")


def test_folder_without_search_permission(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions")
    d = tmp_path / "locked"
    d.mkdir()
    (d / "ecg.csv").write_text("I\n0\n")
    d.chmod(0)
    try:
        assert_refused(["inspect", d / "ecg.csv", "--fs", "500"], "ecg.csv")
    finally:
        d.chmod(0o755)


def test_bundle_json_nested_100000_deep(tmp_path):
    b = tmp_path / "bundle"
    b.mkdir()
    for name in ("manifest.json", "config.json"):
        (b / name).write_text("[" * 100_000 + "]" * 100_000)
    # assess imports torch before it opens the bundle: slower, but one line and exit 2.
    assert_refused(["assess", "--bnp", "100", "--bundle", b],
                   "manifest.json is nested too deeply to be a PH-Assist bundle file", time_budget=90)


# ------------------------------------------------------------------ case IDs
def test_case_id_cannot_lead_cam_files_out_of_their_folder(tmp_path):
    out = tmp_path / "cams"
    assert_refused(["assess", "--bnp", "100", "--case-id", "../../escaped", "--cam-out", out], "case_id")
    assert not (tmp_path.parent / "escaped_ecg_gradcam.npy").exists()
    from ph_assist.cases import safe_file_stem

    for hostile in ("../../escaped", "/etc/passwd", "..", "a/../../b", "x" * 500):
        stem = safe_file_stem(hostile)
        assert (out / f"{stem}_ecg_gradcam.npy").resolve().parent == out.resolve()
