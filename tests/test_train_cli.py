"""`ph-assist train` / `evaluate` from real files: patient-level splits, cache, resume, reports."""

import csv
import json

import pytest

from ph_assist.cli import main
from ph_assist.errors import ManifestError
from ph_assist.models.bundle import load_bundle
from ph_assist.training.data import read_training_manifest


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    from ph_assist.synth.cohort import generate_cohort

    return generate_cohort(tmp_path_factory.mktemp("cohort") / "c", 60, 5, cxr_size=96, n_ceiling=0)


def test_splits_are_by_patient(tmp_path, cohort):
    rows = list(csv.DictReader(open(cohort)))
    # Give pairs of cases the same patient: the automatic split must keep them together.
    for i, r in enumerate(rows):
        r["patient_id"] = f"P{i // 2}"
    m = cohort.parent / "m_pairs.csv"  # manifest paths must stay inside the manifest's folder
    with open(m, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow(r)
    cases, problems = read_training_manifest(m, seed=1)
    split_of = {}
    for c in cases:
        assert split_of.setdefault(c.patient_id, c.split) == c.split
    assert {c.split for c in cases} == {"train", "val", "test"}
    rows[0]["split"], rows[1]["split"] = "train", "test"  # same patient P0 in two splits
    with open(m, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(ManifestError, match="patient 'P0' is in both train and test"):
        read_training_manifest(m)


@pytest.mark.timeout(900)
def test_train_evaluate_resume(tmp_path, cohort, capsys):
    out = tmp_path / "bundle"
    args = ["train", "--manifest", str(cohort), "--out", str(out), "--epochs", "1", "--cxr-size", "64",
            "--oof-folds", "2", "--batch-size", "8", "--workers", "1", "--synthetic", "--evaluate",
            "--recipe", "bash make.sh (defaults)"]
    assert main(args) == 0, capsys.readouterr().err
    text = capsys.readouterr().out
    assert "not for clinical use" in text and "synthetic validation set AUC fused" in text
    bundle = load_bundle(out)
    assert bundle.card.synthetic_training_data and not bundle.card.clinical_use
    assert bundle.cxr_input_size == 64
    assert bundle.card.recipe.startswith("bash make.sh (defaults), which ran: ph-assist train --manifest ")
    metrics = json.loads((out / "evaluation" / "metrics.json").read_text())
    assert set(metrics["auc"]) == {"ecg", "cxr", "bnp", "fused", "logistic_fusion"}
    assert "test split" in metrics["rows_scored"]["description"]
    assert set(metrics["paired_comparisons"]) >= {"fused_vs_ecg", "fused_vs_logistic_fusion"}
    assert {"A", "B", "C"} >= set(metrics["per_site"]) and metrics["bundle"]["id"] == bundle.bundle_id
    for name in ("roc.png", "calibration.png", "report.md", "predictions.csv"):
        assert (out / "evaluation" / name).stat().st_size > 0
    cache = tmp_path / "bundle.cache"
    cached = sorted(cache.rglob("*.npy"))
    assert len(cached) == 120  # one ECG and one CXR per case, parsed once
    mtimes = [p.stat().st_mtime_ns for p in cached]
    # Same training again: files come from the cache and every net from its checkpoint.
    assert main(args + ["--force"]) == 0
    text = capsys.readouterr().out
    assert "resumed 6 nets from checkpoints" in text
    assert [p.stat().st_mtime_ns for p in cached] == mtimes
    assert load_bundle(out).card.performance == bundle.card.performance
    # Evaluation of the bundle on the whole manifest: the rows that fitted it are left out and said so,
    # and the generator's ceiling is computed on the very cases scored.
    ev = tmp_path / "ev"
    assert main(["evaluate", "--bundle", str(out), "--manifest", str(cohort), "--out", str(ev),
                 "--workers", "1"]) == 0
    captured = capsys.readouterr().out
    assert "left out because their ECG or radiograph file fitted this bundle" in captured
    assert main(["evaluate", "--bundle", str(out), "--manifest", str(cohort), "--out", str(ev)]) == 2
    assert "already holds an evaluation" in capsys.readouterr().err
    report = (ev / "report.md").read_text()
    assert "not clinical evidence" in report and "By site" in report and "TRIPOD+AI" in report
    m = json.loads((ev / "metrics.json").read_text())
    n_fit = bundle.record.counts()
    assert m["rows_scored"]["n_fitting_rows"] == n_fit["train"] + n_fit["val"]
    assert m["n_cases"] == 60 - m["rows_scored"]["n_fitting_rows"]
    assert m["synthetic_ceiling_on_these_cases"]["auc"]["fused"]["n"] == m["n_cases"]
    assert "fused_vs_ceiling" in m["paired_comparisons"] and m["decision_curve"]["n"] == m["n_usable"]
    assert m["sample_size_warning"]  # a handful of test cases: the report must say so
    assert (ev / "decision_curve.png").stat().st_size > 0
    # Only training rows: refused as in-sample unless asked.
    assert main(["evaluate", "--bundle", str(out), "--manifest", str(cohort), "--out", str(tmp_path / "ev2"),
                 "--split", "train", "--workers", "1"]) == 2
    assert "in-sample" in capsys.readouterr().err
    assert main(["evaluate", "--bundle", str(out), "--manifest", str(cohort), "--out", str(tmp_path / "ev2"),
                 "--split", "train", "--workers", "1", "--include-fitting-cases"]) == 0
    assert "INCLUDING" in capsys.readouterr().out
    # The cohort carries the generator's masks: the app's explanations are measured on its PH cases,
    # and PH is compared with non-PH within each comorbidity group.
    m2 = json.loads((tmp_path / "ev2" / "metrics.json").read_text())
    ex = m2["explanations"]
    n_ph = sum(r["label"] == "1" for r in csv.DictReader(open(cohort)))
    assert 2 <= ex["n_cases"] <= n_ph
    loc = ex["cxr"]["masks"]["PA+hilar+right heart"]
    assert 0 <= loc["mass"] <= 1 and 0 <= loc["mean_map_mass"] <= 1 and loc["mass_margin_ci"][0] <= loc["mass_margin"]
    assert (ex["cxr"]["method"], ex["cxr"]["layer"]) == ("gradcam", "layer3") and ex["ecg"]["chance_top1"] == 4 / 12
    assert "synthetic" in ex["data"]
    report2 = (tmp_path / "ev2" / "report.md").read_text()
    assert "Explanations on the generator's masks" in report2
    assert m2["auc_within_comorbidity"]["groups"] and "Within each comorbidity group" in report2
    # Refit from the stored out-of-fold logits: networks kept, fusion and calibration new.
    re_out = tmp_path / "refit"
    assert main(["refit", "--bundle", str(out), "--manifest", str(cohort), "--out", str(re_out),
                 "--workers", "1", "--cache", str(cache)]) == 0, capsys.readouterr().err
    refit = load_bundle(re_out)
    assert refit.format_version == 2 and refit.fusion_spec.monotone
    assert "ph-assist refit" in refit.card.recipe
    import torch

    for k, v in bundle.ecg_net.state_dict().items():
        assert torch.equal(v, refit.ecg_net.state_dict()[k])


def test_train_refusals(tmp_path, cohort, capsys):
    assert main(["train", "--manifest", str(cohort), "--out", str(tmp_path / "b"), "--device", "tpu"]) == 2
    assert "--device must be cpu or cuda" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("case_id,ecg_path\nA,x.hea\n")
    assert main(["train", "--manifest", str(bad), "--out", str(tmp_path / "b2")]) == 2
    assert "missing column(s) label" in capsys.readouterr().err


def test_torchrun_distributed_data_parallel(tmp_path, cohort):
    """Two processes under torchrun (gloo on the CPU) train one bundle with DDP."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = tmp_path / "ddp"
    proc = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", "29517",
         "-m", "ph_assist", "train", "--manifest", str(cohort), "--out", str(out), "--epochs", "1",
         "--cxr-size", "64", "--oof-folds", "2", "--batch-size", "8", "--workers", "1", "--synthetic"],
        capture_output=True, text=True, timeout=400, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "DistributedDataParallel on 2 processes" in proc.stderr
    assert load_bundle(out).card.synthetic_training_data


@pytest.mark.timeout(300)
def test_evaluate_survives_a_memory_error_in_one_file(tmp_path, quick_bundle_dir, capsys, monkeypatch):
    """A radiograph that exhausts memory is its row's problem, named in one line; the others are evaluated."""
    from pathlib import Path

    import ph_assist.io as io
    from ph_assist.synth.cohort import generate_cohort

    cohort = generate_cohort(tmp_path / "c", 24, 3, cxr_size=64, n_ceiling=0)
    rows = list(csv.DictReader(open(cohort)))
    bad = (cohort.parent / next(r for r in rows if r["cxr_path"])["cxr_path"]).resolve()
    real = io.read_cxr

    def read_cxr(path, *args, **kwargs):
        if Path(path).resolve() == bad:
            raise MemoryError
        return real(path, *args, **kwargs)

    monkeypatch.setattr(io, "read_cxr", read_cxr)  # the worker imports it from ph_assist.io (workers=1: in-process)
    ev = tmp_path / "ev"
    rc = main(["evaluate", "--bundle", str(quick_bundle_dir), "--manifest", str(cohort), "--out", str(ev),
               "--workers", "1", "--cache", str(tmp_path / "cache")])
    err = capsys.readouterr().err
    assert rc == 0, err
    line = next(x for x in err.splitlines() if bad.name in x)
    assert "not enough memory to read and preprocess it (MemoryError)" in line
    m = json.loads((ev / "metrics.json").read_text())
    assert m["n_cases"] == 24 - m["rows_scored"]["n_fitting_rows"]  # the row stays, scored without its radiograph
