"""benchmarks/run.py: argument parsing, report schema, the child-process helper, and one
tiny section end to end (the reader-study commit, ~1 s).  The full benchmark is never
run here: it takes minutes and its numbers are not test material."""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUN_PY = REPO / "benchmarks" / "run.py"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def run_mod():
    return _load("bench_run_under_test", RUN_PY)


@pytest.fixture(scope="module")
def common(run_mod):
    return sys.modules["_common"]  # imported by run.py from benchmarks/


def test_sections_parse_in_canonical_order(run_mod):
    assert run_mod.parse_sections(None) == run_mod.SECTIONS
    assert run_mod.parse_sections("study, latency") == ("latency", "study")
    assert run_mod.parse_sections("TRIAGE") == ("triage",)
    for bad in ("nope", "latency,nope", "", ","):
        with pytest.raises(argparse.ArgumentTypeError):
            run_mod.parse_sections(bad)


def test_arguments(run_mod, tmp_path):
    a = run_mod.parse_args([])
    assert a.quick is False and a.json is None and a.only == run_mod.SECTIONS
    a = run_mod.parse_args(["--quick", "--json", str(tmp_path / "r.json"), "--only", "triage,startup"])
    assert a.quick and a.json == tmp_path / "r.json" and a.only == ("startup", "triage")
    with pytest.raises(SystemExit) as exc:
        run_mod.parse_args(["--only", "gpu"])
    assert exc.value.code == 2


def test_quick_settings_are_smaller(run_mod):
    q, f = run_mod.SETTINGS["quick"], run_mod.SETTINGS["full"]
    assert max(q["triage_sizes"]) < 5000 <= max(f["triage_sizes"])
    for key in ("read_repeats", "model_repeats", "cold_runs", "study_answers"):
        assert q[key] <= f[key]


def test_child_helper_reports_the_childs_own_peak(common):
    # This test process is large (pytest, maybe torch); the child's figure must not inherit it.
    r = common.run_child([sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"])
    assert r.returncode == 3 and r.stdout == "out\n" and r.stderr == "err\n"
    assert 0 < r.peak_rss_mb < 200 and 0 < r.wall_s < 30
    big = common.run_child([sys.executable, "-c", "b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096])"])
    assert big.returncode == 0 and big.peak_rss_mb > 280
    t = common.run_child([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert t.timed_out and t.peak_rss_mb is None


def test_timing_and_table_helpers(common):
    st = common.timed(lambda: None, 5, warmup=1)
    assert st["n"] == 5 and st["min"] <= st["median"] <= st["max"]
    f = common.figure("x", 1.23456, "ms", n=5, target="<= 2", note="n")
    assert f["value"] == 1.235 and f["target"] == "<= 2"
    text = common.table("T", [f, common.figure("y", None, "s", note="skipped: reason")])
    assert "== T" in text and "skipped: reason" in text and " - s" in text


def test_quick_study_section_end_to_end(run_mod, tmp_path):
    out = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, str(RUN_PY), "--quick", "--only", "study", "--json", str(out)],
                          check=False, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Reader study" in proc.stdout and "durable commit of one answer" in proc.stdout
    report = json.loads(out.read_text())
    assert run_mod.validate_report(report) == []
    assert report["mode"] == "quick" and list(report["sections"]) == ["study"]
    sec = report["sections"]["study"]
    assert sec["status"] == "ok"
    commit = next(f for f in sec["figures"] if f["name"] == "durable commit of one answer")
    assert commit["unit"] == "ms" and commit["value"] > 0 and commit["n"] == run_mod.SETTINGS["quick"]["study_answers"]
    for key in ("host_cpu", "cores", "ram_gib", "python", "numpy", "date", "blas", "thread_env"):
        assert key in report["machine"] and key in sec["machine"]

    # the validator catches broken reports
    bad = copy.deepcopy(report)
    del bad["machine"]["host_cpu"]
    bad["sections"]["study"]["figures"][0]["value"] = None
    bad["sections"]["study"]["figures"][0]["note"] = ""
    bad["sections"]["study"]["status"] = "fine"
    problems = run_mod.validate_report(bad)
    assert any("machine" in p for p in problems)
    assert any("without value or reason" in p for p in problems)
    assert any("bad status" in p for p in problems)
