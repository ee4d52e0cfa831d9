"""PH-Assist performance benchmarks: one command, every figure, on the machine it runs on.

    .venv/bin/python benchmarks/run.py [--quick] [--json OUT.json] [--only SECTION,...]

Sections (see benchmarks/README.md for what each one measures and why):

  latency   per-case latency: reading each file format, preprocessing, each
            sub-model forward, fusion, each Grad-CAM, the whole assessment
            (files already read) and its ratio to the bare ECG + CXR forwards
  startup   cold start to the first finished assessment in a fresh process
            (wall time and peak RSS), and the GUI's time to a visible window
  triage    ``ph-assist triage`` throughput and peak memory per manifest size,
            each size in its own fresh process
  training  training throughput (bare forward/backward, loading alone, the
            train_net loop) on the CPU, and on the GPU where there is one
  study     durable commit time of one reader-study answer

Every figure is a median of several runs after a warm-up (the count is
printed beside it) and the report carries the machine it came from.  Timings
on a shared machine are noisy: compare figures only within one run, or
between runs on the same idle machine.  ``--quick`` uses fewer repeats and
smaller sizes (target: under 2 minutes on 2 cores).  The model is the shipped
demo bundle (``resources/bundles/demo``) whatever ``$PH_ASSIST_BUNDLE`` says.

Exit status: 0 when every selected section ran (a section may still skip a
measurement whose input is absent, with the reason), 1 when one failed, 2 for
bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # the sibling bench_*.py modules and _common
    sys.path.insert(0, str(HERE))
if str(HERE.parent) not in sys.path:
    sys.path.insert(1, str(HERE.parent))

import _common as C

SCHEMA = "ph-assist-benchmarks/1"
SECTIONS = ("latency", "startup", "triage", "training", "study")
STATUSES = ("ok", "error", "skipped")
DEMO_BUNDLE = C.REPO / "resources" / "bundles" / "demo"
H200_JSON = C.REPO / "docs" / "validation" / "bench_training_h200.json"
TARGETS = {"assessment_over_forwards": 2.5, "gui_window_visible_s": 1.5}

#: repeats and sizes per mode
SETTINGS: dict[str, dict[str, Any]] = {
    "quick": {
        "read_repeats": 3, "model_repeats": 5, "cheap_repeats": 50, "case_repeats": 3,
        "cold_runs": 2, "cold_warmup": 0, "ref_runs": 1, "gui_runs": 3, "gui_warmup": 1,
        "triage_sizes": (50, 200), "triage_runs": {50: 2}, "triage_pool": 20,
        "train_cpu": {"n": 16, "batch": 8, "epochs": 1, "steps": 2, "warmup": 1},
        "study_answers": 40,
    },
    "full": {
        "read_repeats": 10, "model_repeats": 20, "cheap_repeats": 200, "case_repeats": 10,
        "cold_runs": 5, "cold_warmup": 1, "ref_runs": 3, "gui_runs": 5, "gui_warmup": 1,
        "triage_sizes": (100, 1000, 5000), "triage_runs": {100: 3}, "triage_pool": 20,
        "train_cpu": None,  # bench_training.default_sizes("cpu", quick=False)
        "study_answers": 200,
    },
}


# -- arguments -------------------------------------------------------------------
def parse_sections(text: str | None) -> tuple[str, ...]:
    """``"latency,study"`` -> ``("latency", "study")`` in the canonical order; ``None`` -> all."""
    if text is None:
        return SECTIONS
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    bad = [n for n in names if n not in SECTIONS]
    if bad or not names:
        raise argparse.ArgumentTypeError(
            f"unknown section {', '.join(bad) or '(none given)'}; choose from {', '.join(SECTIONS)}")
    return tuple(s for s in SECTIONS if s in names)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="benchmarks/run.py", description=__doc__.split("\n\n")[0],
        epilog=f"sections: {', '.join(SECTIONS)}")
    p.add_argument("--quick", action="store_true", help="fewer repeats, smaller sizes (< 2 min on 2 cores)")
    p.add_argument("--json", metavar="OUT.json", type=Path, help="also write the report as JSON")
    p.add_argument("--only", metavar="SECTION,...", type=parse_sections, default=SECTIONS,
                   help=f"run only these sections ({', '.join(SECTIONS)})")
    p.add_argument("--sample-data", metavar="DIR",
                   help="real sample files (default: $PH_ASSIST_SAMPLE_DATA or ../shared/data)")
    return p


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)


# -- report schema ---------------------------------------------------------------
_FIGURE_KEYS = {"name": str, "unit": str, "stat": str, "note": str}
_MACHINE_KEYS = ("date", "host_cpu", "cores", "ram_gib", "python", "numpy", "gpu", "thread_env", "blas")


def validate_report(report: dict[str, Any]) -> list[str]:
    """Problems with a report's shape (empty list = valid).  Used by the tests."""
    problems: list[str] = []

    def need(cond: bool, msg: str) -> None:
        if not cond:
            problems.append(msg)

    need(report.get("schema") == SCHEMA, f"schema is not {SCHEMA}")
    need(report.get("mode") in SETTINGS, "mode is not quick/full")
    need(isinstance(report.get("wall_s"), (int, float)), "wall_s missing")
    need(isinstance(report.get("command"), str), "command missing")
    machine = report.get("machine")
    need(isinstance(machine, dict) and all(k in machine for k in _MACHINE_KEYS), "machine info incomplete")
    sections = report.get("sections")
    if not isinstance(sections, dict):
        return problems + ["sections missing"]
    need(list(sections) == [s for s in SECTIONS if s in sections], "sections out of order")
    for name, sec in sections.items():
        need(name in SECTIONS, f"unknown section {name}")
        if not isinstance(sec, dict):
            problems.append(f"{name}: not an object")
            continue
        need(sec.get("status") in STATUSES, f"{name}: bad status {sec.get('status')!r}")
        need(isinstance(sec.get("wall_s"), (int, float)), f"{name}: wall_s missing")
        need(isinstance(sec.get("machine"), dict), f"{name}: machine missing")
        need(isinstance(sec.get("extra"), dict), f"{name}: extra missing")
        figs = sec.get("figures")
        if not isinstance(figs, list):
            problems.append(f"{name}: figures missing")
            continue
        if sec.get("status") == "ok":
            need(len(figs) > 0, f"{name}: ok but no figures")
        for f in figs:
            for k, t in _FIGURE_KEYS.items():
                need(isinstance(f.get(k), t), f"{name}: figure {f.get('name')!r} lacks {k}")
            v = f.get("value")
            need(v is None or isinstance(v, (int, float)), f"{name}: figure {f.get('name')!r} value not numeric")
            need(v is not None or bool(f.get("note")), f"{name}: figure {f.get('name')!r} without value or reason")
    return problems


# -- shared set-up -----------------------------------------------------------------
class Context:
    """What several sections need, made once: the demo bundle and the demo case."""

    def __init__(self, mode: str, sample_data: str | None) -> None:
        self.mode = mode
        self.s = SETTINGS[mode]
        root = sample_data or os.environ.get("PH_ASSIST_SAMPLE_DATA") or str(C.REPO.parent / "shared" / "data")
        self.sample_data = Path(root)
        self._bundle = None
        self._demo = None
        self.tmp = Path(tempfile.mkdtemp(prefix="ph-assist-bench-"))

    @property
    def bundle(self):
        if self._bundle is None:
            from ph_assist.resources import load_default_bundle

            self._bundle = load_default_bundle(DEMO_BUNDLE)
        return self._bundle

    @property
    def demo(self):
        if self._demo is None:
            from ph_assist.resources import demo_case

            self._demo = demo_case()  # generated once into the user cache (outside every timing)
        return self._demo

    def child_env(self) -> dict[str, str]:
        env = C.child_env(PH_ASSIST_BUNDLE=str(DEMO_BUNDLE))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        return env

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# -- 1. per-case latency -------------------------------------------------------------
def _read_targets(ctx: Context) -> list[tuple[str, str, Path | None, str]]:
    """(label, kind, path or None, note) of every file kind whose reading is timed."""
    from pydicom.data import get_testdata_file

    from ph_assist.io.cxr import read_cxr, write_png16

    demo = ctx.demo
    png = ctx.tmp / "demo_cxr.png"
    write_png16(read_cxr(demo.cxr_path), png)
    out: list[tuple[str, str, Path | None, str]] = [
        ("WFDB ECG (demo case)", "ecg", Path(demo.ecg_path), "12 x 5000 at 500 Hz, .hea + .dat"),
        ("DICOM ECG (pydicom waveform_ecg.dcm)", "ecg", Path(get_testdata_file("waveform_ecg.dcm")),
         "12 leads, 10 s at 1 kHz"),
        ("DICOM CXR (demo case)", "cxr", Path(demo.cxr_path), "512 x 512, uncompressed"),
        ("PNG CXR (demo CXR, 16-bit)", "cxr", png, "512 x 512, written by write_png16"),
    ]
    s = ctx.sample_data
    philips = sorted((s / "ecg" / "philips_xml").glob("*.[xX][mM][lL]")) if s.is_dir() else []
    muse = sorted((s / "ecg" / "ge_muse_xml").glob("*.xml")) if s.is_dir() else []
    sample = [
        ("SCP-ECG (Example.scp)", "ecg", s / "ecg" / "scp" / "Example.scp", "12 leads, 500 Hz, Huffman"),
        ("HL7 aECG (HL7_Example_aECG.xml)", "ecg", s / "ecg" / "hl7_aecg" / "HL7_Example_aECG.xml",
         "12 leads, 500 Hz"),
        (f"Philips XML ({philips[0].name if philips else '-'})", "ecg", philips[0] if philips else None,
         "XLI-compressed, 12 x 5500"),
        (f"GE MUSE XML ({muse[0].name[:20] + '...' if muse else '-'})", "ecg", muse[0] if muse else None,
         "8 stored leads, 4 derived"),
        ("MFER (monk_test-file.MWF)", "ecg-incomplete", s / "ecg" / "mfer" / "monk_test-file.MWF",
         "5 ch, 250 Hz, 12 min; read with allow_incomplete"),
        ("DICOM CXR (RG1_UNCR.dcm)", "cxr", s / "cxr" / "dicom" / "RG1_UNCR.dcm",
         "1955 x 1841, 15-bit, uncompressed"),
        ("DICOM CXR (RG1_J2KI.dcm)", "cxr", s / "cxr" / "dicom" / "RG1_J2KI.dcm", "same image, JPEG 2000"),
    ]
    for label, kind, path, note in sample:
        if path is not None and not path.is_file() and path.name.startswith("RG1_"):
            with contextlib.suppress(Exception):  # pydicom-data (a test extra) ships the same two files
                path = Path(get_testdata_file(path.name))
                note += "; from pydicom-data"
        if path is None or not path.is_file():
            out.append((label, kind, None, f"sample data not found under {s} (set PH_ASSIST_SAMPLE_DATA)"))
        else:
            out.append((label, kind, path, note))
    return out


def section_latency(ctx: Context) -> tuple[list[dict], dict]:
    import numpy as np
    import torch
    from bench_gradcam import median_s

    from ph_assist.assessment import assess
    from ph_assist.cases import load_case
    from ph_assist.explain.gradcam import cxr_gradcam, ecg_gradcam
    from ph_assist.io import read_cxr, read_ecg
    from ph_assist.io.labs import parse_labs
    from ph_assist.models.bundle import load_bundle

    s = ctx.s
    figs: list[dict] = []
    extra: dict[str, Any] = {"bundle": str(DEMO_BUNDLE.relative_to(C.REPO)), "torch_threads": torch.get_num_threads()}
    bundle = ctx.bundle
    extra["bundle_id"] = bundle.short_id
    demo = ctx.demo

    # reading, one file kind at a time (first call outside the timing: it imports the reader)
    readers: dict[str, Callable[[Path], Any]] = {
        "ecg": lambda p: read_ecg(p),
        "ecg-incomplete": lambda p: read_ecg(p, allow_incomplete=True),
        "cxr": lambda p: read_cxr(p),
    }
    for label, kind, path, note in _read_targets(ctx):
        if path is None:
            figs.append(C.figure(f"read {label}", None, "ms", note=note, group="read"))
            continue
        fn = readers[kind]
        try:
            st = C.timed(lambda fn=fn, path=path: fn(path), s["read_repeats"], warmup=1)
        except Exception as exc:  # noqa: BLE001 - one unreadable sample must not stop the rest
            figs.append(C.figure(f"read {label}", None, "ms", note=f"failed: {exc}", group="read"))
            continue
        figs.append(C.figure(f"read {label}", st["median"], "ms", n=st["n"], note=note, group="read",
                             min=st["min"], max=st["max"]))

    # bundle load with warm imports (the cold figure is the startup section's)
    st = C.timed(lambda: load_bundle(DEMO_BUNDLE), max(2, s["read_repeats"] // 2), warmup=0)
    figs.append(C.figure("load model bundle (imports warm)", st["median"], "ms", n=st["n"],
                         note="SHA-256 check of every file + safetensors", group="setup"))

    ecg = read_ecg(demo.ecg_path)
    cxr = read_cxr(demo.cxr_path)
    labs = parse_labs(demo.bnp, demo.bnp_unit, "BNP")

    st = C.timed(lambda: bundle.prepare_ecg(ecg), s["model_repeats"], warmup=2)
    figs.append(C.figure("preprocess ECG", st["median"], "ms", n=st["n"], group="preprocess",
                         note="resample, filter, normalise to 12 x 5000"))
    st = C.timed(lambda: bundle.prepare_cxr(cxr), s["model_repeats"], warmup=2)
    figs.append(C.figure("preprocess CXR", st["median"], "ms", n=st["n"], group="preprocess",
                         note=f"to {bundle.cxr_input_size} x {bundle.cxr_input_size}"))

    pe, pc = bundle.prepare_ecg(ecg), bundle.prepare_cxr(cxr)
    xe = torch.from_numpy(np.array(pe.x, dtype=np.float32))[None]
    xc = torch.from_numpy(np.array(pc.x, dtype=np.float32))[None]
    ecg_net, cxr_net = bundle.ecg_net, bundle.cxr_net

    def fwd_ecg() -> None:
        with torch.inference_mode():
            ecg_net(xe)

    def fwd_cxr() -> None:
        with torch.inference_mode():
            cxr_net(xc)

    def cam_ecg() -> None:
        ecg_gradcam(ecg_net, xe, ecg_net.target_layer)

    def cam_cxr() -> None:
        cxr_gradcam(cxr_net, xc, cxr_net.target_layer)

    def assess_explain() -> None:
        assess(bundle, ecg=ecg, cxr=cxr, labs=labs, explain=True)

    def assess_plain() -> None:
        assess(bundle, ecg=ecg, cxr=cxr, labs=labs, explain=False)

    # interleaved (one of each per round) so that load changes on a shared machine hit all alike
    t_fe, t_fc, t_ge, t_gc, t_ax, t_ap = (1e3 * t for t in median_s(
        [fwd_ecg, fwd_cxr, cam_ecg, cam_cxr, assess_explain, assess_plain], s["model_repeats"], warmup=3))
    n = s["model_repeats"]
    figs += [
        C.figure("ECG net forward (bare)", t_fe, "ms", n=n, group="model", note="1 x 12 x 5000, inference_mode"),
        C.figure("CXR net forward (bare)", t_fc, "ms", n=n, group="model",
                 note=f"ResNet18, 1 x 1 x {bundle.cxr_input_size}^2, inference_mode"),
    ]
    st = C.timed(lambda: bundle.score_bnp(labs), s["cheap_repeats"], warmup=5)
    figs.append(C.figure("BNP model", st["median"], "ms", n=st["n"], group="model", note="logistic regression"))
    rows = np.array([[0.5, 0.2, 1.0], [np.nan, 0.2, 1.0], [0.5, np.nan, 1.0], [0.5, 0.2, np.nan]])
    st = C.timed(lambda: bundle.fuse_batch(rows), s["cheap_repeats"], warmup=5)
    figs.append(C.figure("fusion (+ 3 leave-one-out rows)", st["median"], "ms", n=st["n"], group="model",
                         note="as assess() runs it: one batch of 4 rows, calibrated"))
    figs += [
        C.figure("ECG Grad-CAM (logit + map)", t_ge, "ms", n=n, group="explain",
                 note=f"{t_ge / t_fe:.2f}x the bare forward"),
        C.figure("CXR Grad-CAM (logit + map)", t_gc, "ms", n=n, group="explain",
                 note=f"{t_gc / t_fc:.2f}x the bare forward"),
        C.figure("assessment, files already read, with Grad-CAM", t_ax, "ms", n=n, group="assessment",
                 note="assess(explain=True): preprocess, both Grad-CAMs, BNP, fusion, maps onto originals"),
        C.figure("assessment, files already read, no Grad-CAM", t_ap, "ms", n=n, group="assessment",
                 note="assess(explain=False)"),
    ]
    ratio = t_ax / (t_fe + t_fc)
    figs.append(C.figure("assessment / (ECG + CXR bare forwards)", ratio, "x", n=n, stat="ratio of medians",
                         target=f"<= {TARGETS['assessment_over_forwards']}", group="assessment",
                         meets_target=bool(ratio <= TARGETS["assessment_over_forwards"]),
                         note="same run, interleaved"))

    def from_files() -> None:
        case = load_case(case_id=demo.case_id, ecg_path=demo.ecg_path, cxr_path=demo.cxr_path,
                         bnp=demo.bnp, bnp_unit=demo.bnp_unit, strict=True)
        assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs, explain=True)

    st = C.timed(from_files, s["case_repeats"], warmup=1)
    figs.append(C.figure("case from files: load_case + assessment with Grad-CAM", st["median"], "ms",
                         n=st["n"], group="assessment", note="demo case: WFDB ECG, DICOM CXR, BNP"))
    a = assess(bundle, ecg=ecg, cxr=cxr, labs=labs, explain=True)
    extra["assessment_timings_ms_one_run"] = dict(a.timings_ms)
    return figs, extra


# -- 2. cold start and GUI ---------------------------------------------------------------
_GUI_PROBE = r"""
import json, os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
try:
    from ph_assist.gui.main_window import MainWindow
except Exception as exc:
    print(json.dumps({"skip": "ph_assist.gui.main_window.MainWindow not importable: %s" % exc})); sys.exit(0)
app = QApplication.instance() or QApplication(sys.argv[:1])
w = MainWindow()
class Exposed(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Expose and obj.isExposed() and not self.seen:
            self.seen = True
            print(json.dumps({"window_exposed_unix": time.time()}), flush=True)
            QTimer.singleShot(0, lambda: os._exit(0))
        return False
watcher = Exposed()
w.winId()
w.windowHandle().installEventFilter(watcher)
w.show()
app.exec()
"""


def _gui_own_probe(ctx: Context, runs: int, warmup: int) -> dict[str, Any]:
    """Window-visible time measured here (used when benchmarks/bench_gui.py is absent or fails)."""
    env = ctx.child_env()
    env["XDG_CONFIG_HOME"] = str(ctx.tmp / "gui-config")
    times = []
    for i in range(warmup + runs):
        t0 = time.time()
        r = C.run_child([sys.executable, "-c", _GUI_PROBE], env=env, cwd=C.REPO, timeout=120)
        lines = [ln for ln in r.stdout.splitlines() if ln.startswith("{")]
        if r.returncode != 0 or not lines:
            raise RuntimeError(f"GUI probe failed ({r.returncode}): {r.stderr.strip()[-300:]}")
        data = json.loads(lines[-1])
        if "skip" in data:
            return {"skip": data["skip"]}
        if i >= warmup:
            times.append(data["window_exposed_unix"] - t0)
    return {"seconds": {"median": round(statistics.median(times), 3), "min": round(min(times), 3),
                        "max": round(max(times), 3), "n": len(times)},
            "command": "python -c <probe: MainWindow() shown, first Expose event>"}


def _gui_startup(ctx: Context) -> tuple[dict[str, Any], str]:
    s = ctx.s
    try:
        import PySide6  # noqa: F401
    except ImportError as exc:
        return {"skip": f"PySide6 not installed ({exc})"}, "none"
    settings_dir = ctx.tmp / "gui-settings"
    settings_dir.mkdir(exist_ok=True)
    why = ""
    try:
        import bench_gui  # the GUI team's benchmark: ``ph-assist gui --demo --benchmark-startup``

        if s["gui_warmup"]:
            bench_gui.bench_startup(s["gui_warmup"], DEMO_BUNDLE, settings_dir)
        return bench_gui.bench_startup(s["gui_runs"], DEMO_BUNDLE, settings_dir), "benchmarks/bench_gui.py"
    except ImportError as exc:
        why = f"benchmarks/bench_gui.py not importable ({exc})"
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - bench_gui exits on failure
        why = f"benchmarks/bench_gui.py failed ({str(exc)[-200:]})"
    C.log(f"GUI: {why}; measuring with run.py's own probe")
    res = _gui_own_probe(ctx, s["gui_runs"], s["gui_warmup"])
    res["fallback_reason"] = why
    return res, "run.py probe"


def section_startup(ctx: Context) -> tuple[list[dict], dict]:
    s = ctx.s
    ctx.demo  # noqa: B018 - generate the demo case before any timing
    env = ctx.child_env()
    figs: list[dict] = []
    extra: dict[str, Any] = {}

    cmd = [sys.executable, "-m", "ph_assist", "assess", "--demo", "--json"]
    walls, rss = [], []
    for i in range(s["cold_warmup"] + s["cold_runs"]):
        r = C.run_child(cmd, env=env, cwd=C.REPO, timeout=300)
        if r.returncode != 0:
            raise RuntimeError(f"`ph-assist assess --demo --json` failed ({r.returncode}): {r.stderr.strip()[-300:]}")
        result = json.loads(r.stdout)
        if i == 0:
            extra["cold_start_assessment_timings_ms"] = result.get("timings_ms")
        if i >= s["cold_warmup"]:
            walls.append(r.wall_s)
            rss.append(r.peak_rss_mb)
    warm_note = "after one discarded run" if s["cold_warmup"] else "no discarded run"
    figs.append(C.figure("cold start to first assessment (assess --demo --json)", statistics.median(walls), "s",
                         n=len(walls), group="cold", min=round(min(walls), 3), max=round(max(walls), 3),
                         note=f"fresh process, OS file cache warm ({warm_note}); interpreter, imports, "
                              f"bundle check + load, read, assess with Grad-CAM"))
    figs.append(C.figure("cold start peak RSS", statistics.median(rss), "MB", n=len(rss), group="cold",
                         max=max(rss), note="the child's own ru_maxrss (wait4)"))

    # references: what the interpreter and the PyTorch import alone cost
    for label, code in (("bare interpreter (python -c pass)", "pass"),
                        ("import torch + torchvision", "import torch, torchvision")):
        ws, ms = [], []
        for _ in range(s["ref_runs"]):
            r = C.run_child([sys.executable, "-c", code], env=env, cwd=C.REPO, timeout=120)
            ws.append(r.wall_s)
            ms.append(r.peak_rss_mb)
        figs.append(C.figure(f"reference: {label}", statistics.median(ws), "s", n=len(ws), group="reference",
                             peak_rss_mb=statistics.median(ms), note=f"peak RSS {statistics.median(ms):.0f} MB"))

    gui, source = _gui_startup(ctx)
    extra["gui"] = gui
    extra["gui_source"] = source
    target = f"<= {TARGETS['gui_window_visible_s']} s"
    if "skip" in gui:
        figs.append(C.figure("GUI start to main window visible", None, "s", target=target, group="gui",
                             note=f"skipped: {gui['skip']}"))
    else:
        sec = gui["seconds"]
        note = "fresh process to first Expose of the main window (offscreen Qt)"
        if gui.get("bare_interpreter_seconds"):
            note += f"; bare interpreter {gui['bare_interpreter_seconds']['median']:.2f} s"
        if gui.get("modules_being_imported_by_background_workers_at_expose"):
            heavy = sorted({m for run in gui["modules_being_imported_by_background_workers_at_expose"] for m in run})
            note += f"; loaded at expose: {', '.join(heavy) or 'none of torch/matplotlib/scipy/models'}"
        figs.append(C.figure("GUI start to main window visible", sec["median"], "s", n=sec["n"], target=target,
                             group="gui", meets_target=bool(sec["median"] <= TARGETS["gui_window_visible_s"]),
                             min=sec["min"], max=sec["max"], source=source, note=note))
    return figs, extra


# -- 3. triage ---------------------------------------------------------------------
_RATE_RE = re.compile(r"(\d+) of (\d+) cases scored .*?, ([0-9.]+) cases/s")


def _triage_pool(ctx: Context) -> list[dict[str, str]]:
    import csv

    from ph_assist.synth.cohort import generate_cohort

    manifest = generate_cohort(ctx.tmp / "pool", ctx.s["triage_pool"], 20251129, cxr_size=512, n_ceiling=0)
    with open(manifest, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    base = Path(manifest).parent
    return [{"ecg_path": str(base / r["ecg_path"]), "cxr_path": str(base / r["cxr_path"]),
             "bnp": r["bnp"], "bnp_unit": r["bnp_unit"]} for r in rows]


def section_triage(ctx: Context) -> tuple[list[dict], dict]:
    import csv

    pool = _triage_pool(ctx)
    env = ctx.child_env()
    figs: list[dict] = []
    per_size = []
    for n in ctx.s["triage_sizes"]:
        manifest = ctx.tmp / f"triage_{n}.csv"
        with open(manifest, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["case_id", "ecg_path", "cxr_path", "bnp", "bnp_unit"])
            for i in range(n):
                p = pool[i % len(pool)]
                w.writerow([f"T{i:06d}", p["ecg_path"], p["cxr_path"], p["bnp"], p["bnp_unit"]])
        out = ctx.tmp / f"worklist_{n}.csv"
        cmd = [sys.executable, "-m", "ph_assist", "triage", str(manifest), "--out", str(out), "--quiet",
               "--force", "--bundle", str(DEMO_BUNDLE)]
        runs = ctx.s["triage_runs"].get(n, 1)
        rates, walls, peaks = [], [], []
        for _ in range(runs):
            C.log(f"triage: {n} cases")
            r = C.run_child(cmd, env=env, cwd=C.REPO, timeout=3600)
            m = _RATE_RE.search(r.stdout)
            if r.returncode != 0 or not m:
                raise RuntimeError(f"triage of {n} cases failed ({r.returncode}): "
                                   f"{(r.stderr or r.stdout).strip()[-300:]}")
            scored, total = int(m.group(1)), int(m.group(2))
            rates.append(float(m.group(3)))
            walls.append(r.wall_s)
            peaks.append(r.peak_rss_mb)
        rate, wall, peak = statistics.median(rates), statistics.median(walls), max(peaks)
        stat = "median" if runs > 1 else "one run"
        per_size.append({"cases": n, "scored": scored, "runs": runs, "cases_per_s": rate, "cases_per_s_all": rates,
                         "wall_s": round(wall, 2), "peak_rss_mb": peak, "peak_rss_mb_all": peaks})
        figs.append(C.figure(f"triage {n:,} cases: throughput", rate, "cases/s", n=runs, stat=stat, group="triage",
                             cases=n, note=f"{1e3 / rate:.0f} ms/case; {scored}/{total} scored; whole process "
                                           f"{wall:.1f} s incl. start-up + bundle load"))
        figs.append(C.figure(f"triage {n:,} cases: peak RSS", peak, "MB", n=runs,
                             stat=f"max of {runs} runs" if runs > 1 else "one run", group="triage", cases=n,
                             note="the child's own ru_maxrss"))
        out.unlink(missing_ok=True)
        manifest.unlink(missing_ok=True)
    rates = [p["cases_per_s"] for p in per_size]
    mems = [p["peak_rss_mb"] for p in per_size]
    figs.append(C.figure("triage: throughput largest / smallest size", rates[-1] / rates[0], "x", stat="ratio",
                         group="triage", note="~1 = cost linear in the number of cases"))
    figs.append(C.figure("triage: peak RSS largest - smallest size", mems[-1] - mems[0], "MB", stat="difference",
                         group="triage", note="~0 = memory flat"))
    extra = {"per_size": per_size, "command": "python -m ph_assist triage MANIFEST --out CSV --quiet --force "
                                              "--bundle resources/bundles/demo",
             "pool": f"{len(pool)} synthetic cases (WFDB ECG, 512 x 512 DICOM CXR, BNP) generated once; the "
                     f"manifest repeats them under distinct case IDs, so files are decoded every time but "
                     f"come from the OS file cache",
             "explain": False}
    return figs, extra


# -- 4. training -------------------------------------------------------------------
def section_training(ctx: Context) -> tuple[list[dict], dict]:
    import torch
    from bench_training import default_sizes, measure

    figs: list[dict] = []
    extra: dict[str, Any] = {}
    runs = [("cpu", ctx.s["train_cpu"] or default_sizes("cpu", quick=False))]
    if torch.cuda.is_available():
        runs.append(("cuda", default_sizes("cuda", quick=ctx.mode == "quick")))
    for device, sizes in runs:
        label = "CPU" if device == "cpu" else torch.cuda.get_device_name(0)
        res = measure(device, **sizes, log=lambda line, d=device: C.log(f"training {d}: {line}"))
        tiny = " (quick: tiny run, fixed per-run costs weigh heavily)" if ctx.mode == "quick" else ""
        extra[device] = {"sizes": sizes, "results": res, "threads": torch.get_num_threads()}
        for name, unit in (("ecg", "ECGs/s"), ("cxr", "images/s")):
            r = res[name]
            what = "ECG 1-D ResNet 12 x 5000" if name == "ecg" else "CXR ResNet18 224^2"
            common = {"n": None, "group": f"training-{device}", "device": label}
            figs += [
                C.figure(f"{label}: {what}: bare fwd+bwd+step", r["bare_fwd_bwd_per_s"], unit,
                         stat=f"rate over {sizes['steps']} steps", note=f"batch {sizes['batch']}", **common),
                C.figure(f"{label}: {what}: loading alone", r["loading_per_s"], unit, stat="rate",
                         note="mini-batches from the fp16 host array", **common),
                C.figure(f"{label}: {what}: train_net loop", r["train_loop_per_s"], unit,
                         stat=f"rate over {sizes['epochs']} epoch(s) of {sizes['n']}",
                         note=f"{r['loop_over_bare']:.0%} of bare (incl. BatchNorm re-estimation){tiny}",
                         **common),
            ]
    try:
        ref = json.loads(H200_JSON.read_text(encoding="utf-8"))
        extra["committed_gpu_reference"] = {"file": str(H200_JSON.relative_to(C.REPO)), "gpu": ref.get("gpu"),
                                            "torch": ref.get("torch"), "results": ref.get("results")}
        for name, unit in (("ecg", "ECGs/s"), ("cxr", "images/s")):
            r = ref["results"][name]
            figs.append(C.figure(f"{ref.get('gpu')} (committed, not this run): {name.upper()} train_net loop",
                                 r["train_loop_per_s"], unit, stat="recorded", group="training-reference",
                                 note=f"{r['loop_over_bare']:.0%} of bare {r['bare_fwd_bwd_per_s']:,.0f}/s; "
                                      f"from {H200_JSON.relative_to(C.REPO)}"))
    except (OSError, ValueError, KeyError) as exc:
        extra["committed_gpu_reference"] = f"unavailable: {exc}"
    return figs, extra


# -- 5. reader study -----------------------------------------------------------------
def section_study(ctx: Context) -> tuple[list[dict], dict]:
    from bench_study_commit import run

    res = run(ctx.s["study_answers"])
    a, b = res["answer_commit"], res["bare_sqlite_insert_commit"]
    fs = res["filesystem"]
    note = f"WAL, synchronous={res['synchronous']}, {fs} temp folder"
    if fs in ("tmpfs", "ramfs"):
        note += " (fsync is free on tmpfs: not representative)"
    figs = [
        C.figure("durable commit of one answer", a["median_ms"], "ms", n=a["n"], group="study",
                 p95=a["p95_ms"], note=note + f"; p95 {a['p95_ms']:.2f} ms"),
        C.figure("reference: bare SQLite insert + commit", b["median_ms"], "ms", n=b["n"], group="study",
                 note="the disk's fsync floor"),
        C.figure("lock answer and reveal AI", res["lock_and_show_ai"]["median_ms"], "ms",
                 n=res["lock_and_show_ai"]["n"], group="study", note="ReaderSession.lock_and_show_ai"),
    ]
    return figs, {"bench_study_commit": res}


RUNNERS: dict[str, Callable[[Context], tuple[list[dict], dict]]] = {
    "latency": section_latency, "startup": section_startup, "triage": section_triage,
    "training": section_training, "study": section_study,
}
TITLES = {
    "latency": "1. Per-case latency (demo bundle, in-process, after warm-up)",
    "startup": "2. Cold start and GUI start-up",
    "triage": "3. Batch triage (ph-assist triage, one fresh process per size)",
    "training": "4. Training throughput",
    "study": "5. Reader study: durable answer commit",
}


# -- main ----------------------------------------------------------------------------
def run_benchmarks(mode: str, sections: Sequence[str], sample_data: str | None = None,
                   command: str = "", echo: Callable[[str], None] | None = None) -> dict[str, Any]:
    t_all = time.perf_counter()
    if echo is None:
        def echo(text: str) -> None:
            print(text, flush=True)
    machine = C.machine_info(with_torch=any(s in sections for s in ("latency", "training")))
    report: dict[str, Any] = {
        "schema": SCHEMA, "command": command, "mode": mode, "machine": machine, "sections": {},
        "notes": ["medians after warm-up; a shared or loaded machine makes every figure noisy",
                  "the model is the shipped demo bundle resources/bundles/demo"],
    }
    echo(f"PH-Assist benchmarks ({mode}) on {C.machine_line(machine)}\n")
    ctx = Context(mode, sample_data)
    try:
        for name in sections:
            C.log(f"section {name} ...")
            t = time.perf_counter()
            sec: dict[str, Any] = {"status": "ok", "reason": None, "figures": [], "extra": {}}
            try:
                figs, extra = RUNNERS[name](ctx)
                sec["figures"], sec["extra"] = figs, extra
            except Exception as exc:  # noqa: BLE001 - report it and go on with the next section
                sec["status"] = "error"
                sec["reason"] = f"{type(exc).__name__}: {exc}"
                sec["extra"] = {"traceback": traceback.format_exc()[-2000:]}
            sec["wall_s"] = round(time.perf_counter() - t, 2)
            # torch may have been imported meanwhile: describe the machine as the section saw it
            sec["machine"] = C.machine_info(with_torch="torch" in sys.modules)
            report["sections"][name] = sec
            text = C.table(f"{TITLES[name]}  [{sec['wall_s']:.0f} s]", sec["figures"])
            if sec["status"] != "ok":
                text += f"  {sec['status'].upper()}: {sec['reason']}\n"
            echo(text)
    finally:
        ctx.close()
    report["machine"] = C.machine_info(with_torch="torch" in sys.modules)
    report["wall_s"] = round(time.perf_counter() - t_all, 1)
    echo(f"total {report['wall_s']:.0f} s ({mode}); figures are medians unless marked; shared machines are noisy")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    mode = "quick" if args.quick else "full"
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    report = run_benchmarks(mode, args.only, args.sample_data, command.strip())
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        C.log(f"wrote {args.json}")
    return 1 if any(s["status"] == "error" for s in report["sections"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
