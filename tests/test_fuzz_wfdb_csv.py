"""Fuzz the WFDB and CSV readers: every case ends in an ECG or an InputError, quickly."""

import time

import numpy as np
import pytest

from ph_assist.errors import InputError
from ph_assist.io import ECG, read_ecg
from tests.ecg_fixtures import write_mat_v4_record, write_wfdb_record

PER_CASE_S = 3.0


def _attempt(path, **kw):
    t0 = time.perf_counter()
    try:
        out = read_ecg(path, **kw)
        assert isinstance(out, ECG)
        result = "ok"
    except InputError as exc:
        assert "\n" not in str(exc)
        result = "error"
    elapsed = time.perf_counter() - t0
    assert elapsed < PER_CASE_S, f"{path} took {elapsed:.1f} s"
    return result


def _header_mutations(text: str, rng: np.random.Generator):
    lines = text.splitlines()
    first = lines[0].split()
    yield "\n".join([" ".join(first[:2] + ["0"] + first[3:])] + lines[1:])          # fs 0
    yield "\n".join([" ".join(first[:2] + ["-500"] + first[3:])] + lines[1:])       # fs < 0
    yield "\n".join([" ".join(first[:2] + ["1e12"] + first[3:])] + lines[1:])       # fs huge
    yield "\n".join([" ".join(first[:3] + ["4294967295"])] + lines[1:])             # samples huge
    yield "\n".join([" ".join([first[0], "13"] + first[2:])] + lines[1:])           # channel count wrong
    yield "\n".join([" ".join([first[0], "999999"] + first[2:])] + lines[1:])
    yield "\n".join(lines[:5])                                                      # channels cut
    yield "\n".join([lines[0]] + [ln.replace("1000", "0", 1) for ln in lines[1:]])  # gain 0
    yield "\n".join([lines[0]] + [ln.replace(" 16 ", " 999 ", 1) for ln in lines[1:]])  # bad fmt
    yield "\n".join([lines[0]] + [ln.replace("mV", "mmHg") for ln in lines[1:]])   # wrong unit
    yield "\n".join([lines[0]] + [ln.replace("rec.dat", "../../../etc/passwd") for ln in lines[1:]])
    yield text.replace(" ", "\t")
    yield ""
    for _ in range(25):  # random byte edits of the header text
        b = bytearray(text.encode())
        for _ in range(int(rng.integers(1, 6))):
            b[int(rng.integers(len(b)))] = int(rng.integers(32, 127))
        yield b.decode("latin-1")


def test_fuzz_wfdb(tmp_path):
    rng = np.random.default_rng(20261128)
    base = write_wfdb_record(tmp_path, seconds=4.0)
    header, signal = base.read_text(), (tmp_path / "rec.dat").read_bytes()
    outcomes = []
    for mutated in _header_mutations(header, rng):
        (tmp_path / "rec.hea").write_text(mutated)
        (tmp_path / "rec.dat").write_bytes(signal)
        outcomes.append(_attempt(tmp_path / "rec.hea"))
    (tmp_path / "rec.hea").write_text(header)
    for cut in np.linspace(0, len(signal) - 1, 30).astype(int):           # truncations
        (tmp_path / "rec.dat").write_bytes(signal[:cut])
        outcomes.append(_attempt(tmp_path / "rec.hea"))
    for _ in range(30):                                                   # bit flips in the samples
        b = bytearray(signal)
        for pos in rng.integers(0, len(b), size=20):
            b[pos] ^= 1 << int(rng.integers(8))
        (tmp_path / "rec.dat").write_bytes(bytes(b))
        outcomes.append(_attempt(tmp_path / "rec.hea"))
    assert len(outcomes) >= 90 and "error" in outcomes and "ok" in outcomes


def test_fuzz_mat_v4(tmp_path):
    rng = np.random.default_rng(7)
    hea = write_mat_v4_record(tmp_path)
    mat = (tmp_path / "JS0001.mat").read_bytes()
    n = 0
    for cut in list(range(0, 40, 3)) + list(np.linspace(40, len(mat) - 1, 15).astype(int)):
        (tmp_path / "JS0001.mat").write_bytes(mat[:cut])
        _attempt(hea)
        n += 1
    for _ in range(20):
        b = bytearray(mat)
        for pos in rng.integers(0, 24, size=3):                            # flips inside the MAT header
            b[pos] ^= 1 << int(rng.integers(8))
        (tmp_path / "JS0001.mat").write_bytes(bytes(b))
        _attempt(hea)
        n += 1
    assert n >= 45


def test_fuzz_csv(tmp_path):
    rng = np.random.default_rng(11)
    rows = ["I,II,V1,V2,V3,V4,V5,V6"] + [",".join(f"{v:.3f}" for v in rng.normal(0, 0.3, 8)) for _ in range(1500)]
    text = "\n".join(rows)
    p = tmp_path / "e.csv"
    outcomes = []
    cases = [text[:cut] for cut in np.linspace(0, len(text), 20).astype(int)]
    for _ in range(40):
        b = bytearray(text.encode())
        for pos in rng.integers(0, len(b), size=int(rng.integers(1, 30))):
            b[pos] = int(rng.integers(0, 256))
        cases.append(b)
    cases += ["I,II\n" + "1e309,nan\n" * 2000, "I;II;V1\n1;2;3\n" * 10, "\ufeffI,II\n", "I," * 10000 + "\n1"]
    for case in cases:
        p.write_bytes(case if isinstance(case, (bytes, bytearray)) else case.encode())
        outcomes.append(_attempt(p, fs=500, allow_incomplete=bool(rng.integers(2))))
    assert len(outcomes) >= 60 and "error" in outcomes


@pytest.mark.parametrize("fs", [0, -1, float("nan"), 1e9])
def test_csv_bad_fs(tmp_path, fs):
    p = tmp_path / "e.csv"
    p.write_text("I,II\n" + "0.1,0.2\n" * 3000)
    with pytest.raises(InputError, match="sampling rate"):
        read_ecg(p, fs=fs)
