"""`ph-assist assess` and `ph-assist triage` end to end on real files."""

import csv
import json
import os

import numpy as np

from ph_assist.cli import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_demo_json_and_cams(quick_bundle_dir, demo_case_files, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    d = demo_case_files
    code, out, err = run(capsys, "assess", "--ecg", d.ecg_path, "--cxr", d.cxr_path, "--bnp", d.bnp,
                         "--bnp-unit", d.bnp_unit, "--bundle", quick_bundle_dir, "--json",
                         "--cam-out", tmp_path / "cams", "--case-id", d.case_id)
    assert code == 0, err
    data = json.loads(out)
    assert data["partial"] is False and 0 < data["fused_risk"] < 1
    assert data["bundle"]["synthetic_training_data"] is True
    files = sorted(p.name for p in (tmp_path / "cams").iterdir())
    assert files == sorted(f"{d.case_id}_{m}_gradcam.{ext}" for m in ("ecg", "cxr") for ext in ("npy", "png"))
    cam = np.load(tmp_path / "cams" / f"{d.case_id}_cxr_gradcam.npy")
    assert cam.shape == (512, 512)


def test_assess_text_partial_and_errors(quick_bundle_dir, tmp_path, capsys):
    code, out, _ = run(capsys, "assess", "--bnp", "34.6", "--bnp-unit", "pmol/L", "--bundle", quick_bundle_dir)
    assert code == 0
    lines = out.splitlines()
    assert "not for clinical use" in lines[0] and any(line.startswith("PARTIAL") for line in lines)
    assert "entered 34.6 pmol/L" in out
    code, _, err = run(capsys, "assess", "--bnp", "-3", "--bundle", quick_bundle_dir)
    assert code == 2 and "negative" in err
    code, _, err = run(capsys, "assess", "--bnp", "100", "--bundle", tmp_path / "nope")
    assert code == 2 and "model bundle not found" in err
    bad = tmp_path / "x.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    code, _, err = run(capsys, "assess", "--cxr", bad, "--bundle", quick_bundle_dir)
    assert code == 2 and str(bad) in err and err.count("\n") == 1
    code, _, err = run(capsys, "assess", "--bundle", quick_bundle_dir)
    assert code == 2 and "nothing to assess" in err


def test_triage_ranks_and_lists_bad_files(quick_bundle_dir, demo_case_files, tmp_path, capsys):
    root = demo_case_files.ecg_path.parent.parent
    rows = list(csv.DictReader(open(root / "manifest.csv")))[:6]
    manifest = tmp_path / "m.csv"
    (tmp_path / "broken.dcm").write_bytes(b"\0" * 128 + b"DICM" + b"\x01" * 64)
    with open(manifest, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "ecg_path", "cxr_path", "bnp", "bnp_unit"])
        for r in rows:
            w.writerow([r["case_id"], root / r["ecg_path"], root / r["cxr_path"], r["bnp"], r["bnp_unit"]])
        w.writerow(["BAD1", "", tmp_path / "broken.dcm", "", ""])                  # nothing usable
        w.writerow(["BAD2", root / rows[0]["ecg_path"], tmp_path / "missing.dcm", "abc", "pg/mL"])  # partial
    out = tmp_path / "wl.csv"
    data_root = os.path.commonpath([root, tmp_path])  # absolute paths must lie inside the data root
    code, stdout, _ = run(capsys, "triage", manifest, "--out", out, "--bundle", quick_bundle_dir, "--quiet",
                          "--data-root", data_root)
    assert code == 0
    result = list(csv.DictReader(open(out)))
    assert len(result) == 8
    scored = [r for r in result if r["status"] == "scored"]
    risks = [float(r["fused_risk"]) for r in scored]
    assert risks == sorted(risks, reverse=True) and [r["rank"] for r in scored] == [str(i) for i in range(1, 8)]
    bad1 = next(r for r in result if r["case_id"] == "BAD1")
    assert bad1["status"] == "not scored" and "chest X-ray file: " in bad1["issues"] and "broken.dcm" not in bad1["issues"] and bad1["rank"] == ""
    bad2 = next(r for r in result if r["case_id"] == "BAD2")
    assert bad2["partial"] == "yes" and "chest X-ray file: file not found" in bad2["issues"] and "not a number" in bad2["issues"]
    assert "missing.dcm" not in bad2["issues"]  # file names carry identifiers: never in a worklist
    assert "not scored: BAD1" in stdout and "not for clinical use" in stdout
    assert all("not for clinical use" in r["bundle_notice"] for r in result)
    assert all("unverified origin" in r["bundle_notice"] for r in result)  # the test bundle is unsigned


def test_triage_bad_manifest(quick_bundle_dir, tmp_path, capsys):
    m = tmp_path / "m.csv"
    m.write_text("id,foo\n1,2\n")
    code, _, err = run(capsys, "triage", m, "--out", tmp_path / "o.csv", "--bundle", quick_bundle_dir)
    assert code == 2 and "missing column(s) case_id" in err
    assert not (tmp_path / "o.csv").exists()


def test_demo_bundle_risk_never_falls_with_more_bnp(capsys):
    """The shipped demo bundle: `assess --demo --bnp X --json` is non-decreasing in X, and its
    partial cases carry their own threshold and where it was measured."""
    risks, thresholds = [], set()
    for bnp in (5, 20, 60, 150, 400, 1000, 3000):
        code, out, err = run(capsys, "assess", "--demo", "--bnp", bnp, "--bnp-unit", "pg/mL", "--json")
        assert code == 0, err
        data = json.loads(out)
        risks.append(data["fused_risk"])
        thresholds.add(data["operating_threshold"]["subset"])
        assert data["operating_threshold"]["measured_on"] == "synthetic validation set"
        assert data["bundle"]["origin"].startswith("signed by PH-Assist project")
    assert all(b >= a for a, b in zip(risks, risks[1:])), risks
    assert thresholds == {"ecg+cxr+bnp"}
    code, out, err = run(capsys, "assess", "--bnp", "150", "--json")  # BNP alone, demo bundle
    data = json.loads(out)
    assert code == 0 and data["operating_threshold"]["subset"] == "bnp"
    assert data["operating_threshold"]["inputs"] == "BNP" and data["operating_threshold"]["sensitivity_ci"]
