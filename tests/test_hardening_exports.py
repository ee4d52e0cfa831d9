"""Issue 14: BNP in manifests, path containment, case IDs, CSV injection, batches that survive."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from ph_assist.cases import case_id_problem, load_case, normalize_case_id
from ph_assist.io.manifest import iter_manifest
from ph_assist.io.safe_csv import csv_cell, file_ref, uncsv_cell


def _manifest(folder: Path, rows: list[list[str]]) -> Path:
    m = folder / "m.csv"
    with open(m, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "ecg_path", "cxr_path", "bnp"])
        w.writerows(rows)
    return m


def test_manifest_paths_stay_inside_the_manifest_folder(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "ok.png").write_bytes(b"x")
    (tmp_path / "outside.png").write_bytes(b"x")
    os.symlink(tmp_path / "outside.png", data / "link.png")
    os.mkfifo(data / "fifo.png")
    m = _manifest(data, [
        ["C1", "", "ok.png", ""], ["C2", "", "../../etc/passwd", ""], ["C3", "", "/etc/passwd", ""],
        ["C4", "/dev/zero", "", ""], ["C5", "", "link.png", ""], ["C6", "", "fifo.png", ""],
        ["C7", "", str(data / "ok.png"), ""],
    ])
    rows = {r.case_id: r for r in iter_manifest(m)}
    assert rows["C1"].problem is None and rows["C7"].problem is None
    for cid in ("C2", "C3", "C4", "C5"):
        assert "outside the manifest's folder" in rows[cid].problem
    assert "FIFO" in rows["C6"].problem
    # an explicit data root widens the allowed folder
    assert {r.case_id: r.problem for r in iter_manifest(m, data_root=tmp_path)}["C5"] is None


@pytest.mark.parametrize("bad,match", [("../../escaped", "'/'"), ("a" * 65, "at most 64"), ("", "empty"),
                                       ('=HYPERLINK("x")', "'\"'"), ("..", "leading dot"), ("a\x00b", "x00")])
def test_case_id_validation(bad, match):
    assert match in case_id_problem(bad)


def test_case_ids_that_collide_after_normalisation_are_refused(tmp_path):
    m = _manifest(tmp_path, [["A  B", "", "", "100"], ["A B", "", "", "100"], ["a b", "", "", "100"],
                             [" C ", "", "", "100"]])
    rows = list(iter_manifest(m))
    assert rows[0].case_id == "A B" and rows[0].problem is None
    assert "duplicate case_id 'A B' (first on row 2" in rows[1].problem
    assert "duplicate" in rows[2].problem
    assert rows[3].case_id == "C" and normalize_case_id(" C\t") == "C"


def test_manifest_bnp_uses_the_same_rule_as_the_cli(tmp_path):
    case = load_case(case_id="X", bnp="1,250")
    assert case.labs is None and "ambiguous" in case.problems[0]
    case = load_case(case_id="X", bnp="5e-324")
    assert case.labs is None and "detection limit" in case.problems[0]


def test_load_case_survives_memory_error_and_names_no_file(monkeypatch, tmp_path):
    import ph_assist.io as io

    def boom(path):
        raise MemoryError

    monkeypatch.setattr(io, "read_cxr", boom)
    secret = tmp_path / "MRN99887766_DOE_cxr.png"
    case = load_case(case_id="X", cxr_path=secret, bnp="100")
    assert case.labs is not None and case.cxr is None
    assert case.problems == ("chest X-ray file: not enough memory to read this file",)
    missing = load_case(case_id="Y", ecg_path=tmp_path / "MRN99887766_ecg.dcm")
    assert "MRN99887766" not in " ".join(missing.problems) and "file not found" in missing.problems[0]


@pytest.mark.parametrize("text", ["=1+2", "+1+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "=HYPERLINK(\"x\")"])
def test_csv_cell_neutralises_formulas_and_round_trips(text):
    assert csv_cell(text).startswith("'") and uncsv_cell(csv_cell(text)) == text


@pytest.mark.parametrize("value", [-0.25, "0.1234", "-1e-3", "P-001", "A B", "", None])
def test_csv_cell_leaves_numbers_and_plain_text(value):
    assert csv_cell(value) == ("" if value is None else str(value))


def test_reads_long_csv_round_trips_a_hostile_case_id(tmp_path):
    from ph_assist.study.mrmc_io import load_long_csv, write_long_csv
    from ph_assist.study.stats import ReadTable

    records = [{"reader": r, "treatment": t, "case": c, "truth": truth, "rating": rating}
               for r in ("R1", "=R2") for t in ("unaided", "aided")
               for c, truth, rating in (("=1+2", 1, 80), ("@SUM(1)", 0, 20), ("-2+3", 1, 60))]
    table = ReadTable.from_records([{k: str(v) for k, v in rec.items()} for rec in records])
    out = tmp_path / "reads_long.csv"
    write_long_csv(out, table)
    cells = [row for row in csv.reader(open(out))][1:]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in cells for cell in row[:3])
    again = load_long_csv(out)
    assert sorted(set(again.case)) == sorted({"=1+2", "@SUM(1)", "-2+3"})
    assert sorted(set(again.reader)) == ["=R2", "R1"]


def test_file_ref_names_nothing():
    ref = file_ref("/data/MRN99887766_DOE_ecg.dcm")
    assert ref.startswith("file:") and "MRN" not in ref and ref == file_ref("/data/MRN99887766_DOE_ecg.dcm")


def test_ordinary_plateau_is_not_saturation():
    from ph_assist.io.ecg import lead_quality

    fs = 500
    t = np.arange(5000) / fs
    x = 0.8 * np.sin(2 * np.pi * 1.1 * t)
    lo = x.min() - 0.1
    for start in (700, 1800, 3400):  # three 4-sample runs at the same minimum (8 ms)
        x[start:start + 4] = lo
    assert not lead_quality("aVR", x, fs).saturated
    y = np.clip(0.8 * np.sin(2 * np.pi * 1.1 * t), -2, 0.7)  # real clipping: long flat tops
    assert lead_quality("V1", y, fs).saturated


def test_philips_avr_plateau_not_flagged(sample_data):
    from ph_assist.io import read_ecg

    path = sample_data / "ecg" / "philips_xml" / "129DYPRG.XML"
    if not path.exists():
        pytest.skip("Philips sample 129DYPRG.XML not available")
    ecg = read_ecg(path)  # aVR has three 4-sample runs at its minimum (-0.475 mV)
    assert not any(q.saturated for q in ecg.quality)
