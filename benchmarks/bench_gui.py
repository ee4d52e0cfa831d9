"""Responsiveness of the desktop app: start-up to a visible window, and files chosen to results shown.

(a) Start-up: a fresh process runs ``python -m ph_assist gui --demo
    --benchmark-startup`` (``python -m ph_assist.cli.gui`` if ``gui`` is not
    wired into the CLI yet), which prints the wall-clock time at which the
    main window is first exposed and exits; the figure is that time minus the
    time just before the process was started (interpreter start included).
    Target: <= 1.5 s, which needs PyTorch, the models and matplotlib to be
    imported only after the window is shown.
(b) Case: in this process, a window with the model bundle loaded (and warmed
    up) opens the demo case's ECG, chest X-ray and BNP; the figure is the time
    from ``open_case`` to the ``resultShown`` signal (files read, assessment
    with Grad-CAM on both images, result, overlays and panels updated), then
    one round of painting.  Target: <= 1 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py [--bundle DIR] [--repeats 5]

Without ``--bundle`` (and without ``$PH_ASSIST_BUNDLE`` or the shipped demo
bundle) a quick bundle is trained into a temporary folder first (~15 s).
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS_S = {"startup_to_window": 1.5, "case_to_result": 1.0}


def _stats(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3), "n": len(values)}


def _gui_command() -> list[str]:
    """``python -m ph_assist gui`` if the CLI has the sub-command, else the module directly."""
    try:
        from ph_assist.cli import build_parser

        parser = build_parser()
        sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
        if "gui" in sub.choices:
            return [sys.executable, "-m", "ph_assist", "gui"]
    except Exception:  # noqa: BLE001, S110 - a CLI being edited elsewhere must not stop the benchmark
        pass
    return [sys.executable, "-m", "ph_assist.cli.gui"]


def bench_startup(repeats: int, bundle: Path, settings_dir: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(settings_dir)  # leave the user's settings alone
    env["PH_ASSIST_BUNDLE"] = str(bundle)
    cmd = [*_gui_command(), "--demo", "--benchmark-startup"]
    base, times, heavy = [], [], []
    for _ in range(repeats):
        t0 = time.time()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
        base.append(time.time() - t0)
        t0 = time.time()
        out = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120, env=env, cwd=REPO)
        if out.returncode != 0:
            raise SystemExit(f"bench_gui: start-up run failed ({out.returncode}): {out.stderr.strip()[-400:]}")
        data = json.loads([line for line in out.stdout.splitlines() if line.startswith("{")][-1])
        times.append(data["window_exposed_unix"] - t0)
        heavy.append(data["heavy_modules_loaded"])
    return {"command": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd)),
            "seconds": _stats(times), "bare_interpreter_seconds": _stats(base),
            "modules_being_imported_by_background_workers_at_expose": heavy,
            "target_s": TARGETS_S["startup_to_window"],
            "meets_target": statistics.median(times) <= TARGETS_S["startup_to_window"]}


def bench_case(repeats: int, bundle: Path, settings_dir: Path, demo_dir: Path | None) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from ph_assist.gui.app import application, wait_for
    from ph_assist.gui.main_window import MainWindow
    from ph_assist.resources import demo_case

    app = application()
    demo = demo_case(demo_dir)
    window = MainWindow(bundle_path=bundle,
                        settings=QSettings(str(settings_dir / "bench.ini"), QSettings.Format.IniFormat))
    window.resize(1600, 960)
    window.show()
    t0 = time.perf_counter()
    if not wait_for(window.settled, 180) or window.bundle() is None:
        raise SystemExit(f"bench_gui: the window did not get ready: {window.status_text()}")
    load_s = time.perf_counter() - t0
    results: list[object] = []
    window.resultShown.connect(results.append)

    def one() -> float:
        n = len(results)
        t = time.perf_counter()
        window.open_case(ecg=demo.ecg_path, cxr=demo.cxr_path, bnp=demo.bnp, bnp_unit=demo.bnp_unit,
                         case_id=demo.case_id)
        if not wait_for(lambda: len(results) > n, 60, poll_ms=2):
            raise SystemExit(f"bench_gui: no result: {window.status_text()}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)  # paint the result
        return time.perf_counter() - t

    first = one()  # the first case after start-up (bundle warmed up in the background)
    times = [one() for _ in range(repeats)]
    a = results[-1]
    window.shutdown()
    window.close()
    QApplication.processEvents()
    return {"seconds": _stats(times), "first_case_seconds": round(first, 3),
            "bundle_load_after_show_seconds": round(load_s, 3),
            "assess_timings_ms": dict(a.timings_ms), "target_s": TARGETS_S["case_to_result"],
            "meets_target": statistics.median(times) <= TARGETS_S["case_to_result"]}


def _bundle(arg: str | None, tmp: Path) -> tuple[Path, str]:
    from ph_assist.resources import default_bundle_path

    if arg:
        return Path(arg), "given"
    if default_bundle_path().exists():
        return default_bundle_path(), "default"
    import torch

    from ph_assist.training.toy import quick_bundle

    torch.set_num_threads(1)
    b = quick_bundle(tmp / "bundle", seed=0)
    torch.set_num_threads(os.cpu_count() or 1)
    return Path(b.path), "quick bundle trained for this run"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", help="model bundle folder (default: $PH_ASSIST_BUNDLE, the demo bundle, "
                                    "or a quick bundle trained now)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--demo-dir", help="where the demo case lives / is generated (default: the user cache)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as tmp_s:
        tmp = Path(tmp_s)
        bundle, source = _bundle(args.bundle, tmp)
        if args.demo_dir is None:
            from ph_assist.resources import demo_case

            demo_case()  # generate once, outside the timings
        startup = bench_startup(args.repeats, bundle, tmp)
        case = bench_case(args.repeats, bundle, tmp, Path(args.demo_dir) if args.demo_dir else None)
    import torch

    print(json.dumps({
        "startup_to_window_exposed": startup,
        "case_files_to_result_shown": case,
        "bundle": {"path": str(bundle), "source": source},
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(),
                    "torch_threads": torch.get_num_threads(), "qpa": os.environ.get("QT_QPA_PLATFORM", "")},
    }, indent=2))


if __name__ == "__main__":
    main()
