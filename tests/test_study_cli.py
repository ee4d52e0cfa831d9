"""``ph-assist study``: create, status, analyze, export (through the CLI's real error handling)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ph_assist.cli as cli
from ph_assist.cli import study as study_cli
from ph_assist.study import load_long_csv, load_study, open_session
from ph_assist.study.protocol import default_key_path
from tests.test_study_store import make_manifest

VANDYKE = Path(__file__).parent / "data" / "mrmc" / "vandyke_long.csv"


@pytest.fixture()
def run(monkeypatch, capsys):
    """Run ``ph-assist ARGS`` through cli.main with the study command registered; (rc, out, err)."""
    original = cli.build_parser

    def build_parser():
        parser = original()
        sub = next(a for a in parser._actions if a.dest == "command")
        if "study" not in sub.choices:
            study_cli.register(sub)
        return parser

    monkeypatch.setattr(cli, "build_parser", build_parser)

    def _run(*argv: str) -> tuple[int, str, str]:
        try:
            rc = cli.main([str(a) for a in argv])
        except SystemExit as exc:  # argparse usage errors
            rc = int(exc.code or 0)
        out, err = capsys.readouterr()
        return rc, out, err

    return _run


def _answer_everything(folder: Path) -> None:
    truth = load_study(folder, key=default_key_path(folder)).truth()
    for k, reader in enumerate(load_study(folder).readers):
        s = open_session(folder, reader)
        while s.phase != "done":
            c = s.show_case().case_id
            wrong = (int(c[1:]) + k) % 3 == 0
            s.answer((truth[c] == 1) != wrong, 40 + int(c[1:]))
            s.lock_and_show_ai()
            s.answer_aided(truth[c] == 1, 70 + k)
        s.close()


def test_create_status_analyze_export(tmp_path, run):
    manifest = make_manifest(tmp_path / "data", 6)
    study = tmp_path / "study"
    rc, out, err = run("study", "create", "--manifest", manifest, "--readers", "R1,R2", "--design", "sequential",
                       "--seed", 42, "--out", study, "--name", "tiny")
    assert rc == 0, err
    assert "created study 'tiny'" in out and "6 cases (3 PH, 3 no PH)" in out and "R1, R2" in out
    assert str(default_key_path(study)) in out and default_key_path(study).is_file()
    assert (study / "study.json").is_file() and (study / "study.sqlite").is_file()

    rc, out, err = run("study", "status", study)
    assert rc == 0, err
    assert "R1" in out and "case 1 of 6" in out and "0/12 reads" in out and "checks passed" in out

    rc, out, err = run("study", "analyze", study, "--key", default_key_path(study))
    assert rc == 2 and "no answer has been locked yet" in err and err.count("\n") == 1

    _answer_everything(study)
    rc, out, err = run("study", "status", study, "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert [r["phase"] for r in doc["readers"]] == ["done", "done"] and doc["log_problems"] == []

    outdir = tmp_path / "out"
    rc, out, err = run("study", "analyze", study, "--key", default_key_path(study), "--out", outdir)
    assert rc == 0, err
    for needle in ("Per reader: without AI -> with AI", "pooled", "Obuchowski-Rockette-Hillis", "auc",
                   "accuracy", "sensitivity", "specificity", "Change of mind", "McNemar"):
        assert needle in out, needle
    for name in ("analysis.json", "accuracy_slopes.png", "roc.png", "reads_long.csv", "reads.imrmc"):
        assert (outdir / name).stat().st_size > 0, name
    assert (outdir / "roc.png").read_bytes()[:4] == b"\x89PNG"
    table = load_long_csv(outdir / "reads_long.csv")
    assert len(table) == 24 and table.decision_given and set(table.treatment) == {"unaided", "aided"}
    assert "NR: 2" in (outdir / "reads.imrmc").read_text()

    rc, out, err = run("study", "analyze", study, "--key", default_key_path(study), "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["study"]["name"] == "tiny" and doc["n_cases"] == 6 and doc["readers"] == ["R1", "R2"]
    assert doc["treatments"] == ["unaided", "aided"] and "50 + confidence/2" in doc["rating_definition"]
    assert doc["per_reader"]["R1"]["aided"]["accuracy"]["estimate"] == 1.0
    assert doc == json.loads((outdir / "analysis.json").read_text())

    long_csv, imrmc = tmp_path / "exp.csv", tmp_path / "exp.imrmc"
    rc, out, err = run("study", "export", study, "--key", default_key_path(study), "--long-csv", long_csv, "--imrmc", imrmc)
    assert rc == 0, err
    assert long_csv.read_text() == (outdir / "reads_long.csv").read_text()
    assert imrmc.read_text().startswith("PH-Assist reader study tiny\n")
    rc, out, err = run("study", "export", study, "--key", default_key_path(study), "--long-csv", long_csv)
    assert rc == 2 and "already exists" in err


def test_long_csv_analysis_reproduces_van_dyke(tmp_path, run):
    rc, out, err = run("study", "analyze", "--long-csv", VANDYKE, "--json")
    assert rc == 0, err
    doc = json.loads(out)
    auc = doc["or_hillis"]["auc"]["rrrc"]
    assert auc["statistic"] == pytest.approx(4.456319, abs=1e-5)
    assert auc["df2"] == pytest.approx(15.25967, abs=1e-4)
    assert auc["p_value"] == pytest.approx(0.05166569, abs=1e-6)
    assert doc["source"].startswith("file:") and "vandyke" not in json.dumps(doc).lower()
    rc, out, err = run("study", "analyze", "--long-csv", VANDYKE)
    assert rc == 0 and "4.456" in out and "treatment 1" in out


def test_cli_errors_are_one_line(tmp_path, run):
    manifest = make_manifest(tmp_path / "data", 4)
    cases = [
        (("study", "analyze"), "needs a STUDY_DIR or --long-csv"),
        (("study", "analyze", tmp_path, "--long-csv", VANDYKE), "not both"),
        (("study", "status", tmp_path), "not a study folder"),
        (("study", "create", "--manifest", tmp_path / "nope.csv", "--readers", "R1", "--design", "sequential",
          "--seed", 1, "--out", tmp_path / "s"), "file not found"),
        (("study", "create", "--manifest", manifest, "--readers", "Dr Smith", "--design", "sequential",
          "--seed", 1, "--out", tmp_path / "s"), "not valid"),
        (("study", "create", "--manifest", manifest, "--readers", "R1", "--design", "sequential",
          "--seed", "x", "--out", tmp_path / "s"), "invalid int value"),
        (("study", "export", tmp_path), "--long-csv FILE and/or --imrmc FILE"),
    ]
    for argv, needle in cases:
        rc, out, err = run(*argv)
        assert rc == 2, (argv, out, err)
        assert needle in err and err.count("\n") == 1 and "Traceback" not in err, (argv, err)


def test_long_csv_decision_threshold_for_other_scales(capsys):
    """A 1-5 rating scale needs its own decision threshold for the binary metrics."""
    import json
    from pathlib import Path

    from ph_assist.cli import main

    data = Path(__file__).parent / "data" / "mrmc" / "vandyke_long.csv"
    assert main(["study", "analyze", "--long-csv", str(data), "--json", "--decision-threshold", "3"]) == 0
    result = json.loads(capsys.readouterr().out)
    text = json.dumps(result)
    assert "4.456" in text  # the AUC analysis does not depend on the threshold
    assert "3" in json.dumps(result["decision_rule"])
    assert main(["study", "analyze", "STUDY", "--decision-threshold", "3"]) == 2
    assert "--long-csv data only" in capsys.readouterr().err


def test_no_file_name_reaches_study_json_or_exports(tmp_path, run):
    """File names carry identifiers (MRN, surname): study.json and every export name cases by ID only."""
    data = tmp_path / "MRN99887766_DOE_export"
    manifest = make_manifest(data, 4)
    for f in (data / "cases").iterdir():  # identifying file names, as hospital exports have them
        f.rename(f.with_name("MRN99887766_DOE_" + f.name))
    text = manifest.read_text().replace("cases/C", "cases/MRN99887766_DOE_C")
    manifest.write_text(text)
    study, outdir = tmp_path / "study", tmp_path / "out"
    rc, out, err = run("study", "create", "--manifest", manifest, "--readers", "R1,R2", "--design", "sequential",
                       "--seed", 3, "--out", study)
    assert rc == 0, err
    doc = json.loads((study / "study.json").read_text())
    assert "MRN" not in json.dumps(doc) and "manifest.csv" not in json.dumps(doc)
    assert doc["manifest"]["file"].startswith("file:") and "sha256" not in doc["manifest"]  # in the key
    assert "MRN99887766_DOE_C000_ecg.csv" in (study / "case_files.json").read_text()
    s = open_session(study, "R1")  # the reader still gets the files
    case = s.current_case
    assert case.ecg_path.is_file() and case.ecg_path.name.startswith("MRN99887766_DOE_C")
    s.close()
    _answer_everything(study)
    rc, out, err = run("study", "analyze", study, "--key", default_key_path(study), "--out", outdir, "--json")
    assert rc == 0, err
    assert json.loads(out)["source"] == "study:" + doc["study_id"]
    run("study", "export", study, "--key", default_key_path(study), "--long-csv", tmp_path / "e.csv", "--imrmc", tmp_path / "e.imrmc")
    for f in [*outdir.iterdir(), tmp_path / "e.csv", tmp_path / "e.imrmc"]:
        if f.suffix != ".png":
            assert "MRN" not in f.read_text() and "DOE" not in f.read_text(), f.name
    assert "MRN" not in out


def test_version_1_study_with_paths_inside_still_opens(tmp_path):
    """Studies made before case_files.json (paths in study.json) keep working."""
    from ph_assist.study import create_study

    create_study(tmp_path / "s", make_manifest(tmp_path / "d", 4), ["R1"], "sequential", 1)
    doc = json.loads((tmp_path / "s" / "study.json").read_text())
    files = json.loads((tmp_path / "s" / "case_files.json").read_text())["cases"]
    doc["format_version"] = 1
    doc["cases"] = [{**c, **files[c["case_id"]]} for c in doc["cases"]]
    (tmp_path / "s" / "study.json").write_text(json.dumps(doc))
    (tmp_path / "s" / "case_files.json").unlink()
    s = open_session(tmp_path / "s", "R1")
    assert s.current_case.ecg_path.is_file()
    s.close()
