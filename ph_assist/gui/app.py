"""Start the desktop app: :func:`run_gui` (used by ``ph-assist gui``).

Shows the :class:`~ph_assist.gui.main_window.MainWindow` through the one
launch sequence of :func:`ph_assist.gui.launch.launch` (the QApplication, the
exception hook, the size, the optional screenshot), opens the case or the
worklist that ``args`` names, and then either runs the event loop, or
(``--screenshot OUT.png``) waits for the case's result, saves a picture of the
window and returns.  Only Qt and the light parts of PH-Assist are imported
here; PyTorch, the models and matplotlib are loaded by background workers
after the window is shown.

The names of :mod:`ph_assist.gui.launch` that callers used from here
(:func:`application`, :func:`wait_for`, :class:`GUIError`, ...) are still
importable from this module.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ph_assist.gui.launch import (
    APPLICATION,
    DEFAULT_SIZE,
    ORGANIZATION,
    XCB_PACKAGES,
    GUIError,
    Screenshot,
    application,
    fit_to_screen,
    launch,
    missing_xcb_libraries,
    parse_size,
    prepare_platform,
    print_err,
    wait_for,
)

__all__ = ["APPLICATION", "DEFAULT_SIZE", "ORGANIZATION", "XCB_PACKAGES", "GUIError", "application",
           "fit_to_screen", "missing_xcb_libraries", "parse_size", "prepare_platform", "run_gui", "wait_for"]


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window as ``args`` says (see ``ph-assist gui --help``); the exit code."""
    try:
        size = parse_size(getattr(args, "size", None))
    except GUIError as exc:
        print_err(str(exc))
        return 2
    import ph_assist.gui.launch as launch_module

    launch_module.requested_language = getattr(args, "lang", None)
    demo = bool(getattr(args, "demo", False))
    ecg, cxr, bnp = getattr(args, "ecg", None), getattr(args, "cxr", None), getattr(args, "bnp", None)
    case_requested = demo or bool(ecg or cxr or bnp)
    benchmark = bool(getattr(args, "benchmark_startup", False))
    if demo and (ecg or cxr or bnp) and not benchmark:
        print_err("--demo opens the demo case; do not combine it with --ecg/--cxr/--bnp")
        return 2

    def make_window() -> Any:
        from ph_assist.gui.main_window import MainWindow

        return MainWindow(bundle_path=getattr(args, "bundle", None))

    def open_inputs(window: Any) -> None:
        if demo:
            window.open_demo()
        elif case_requested:
            window.open_case(ecg=ecg, cxr=cxr, bnp=bnp, bnp_unit=getattr(args, "bnp_unit", None) or "pg/mL",
                             analyte=getattr(args, "analyte", None) or "BNP", case_id=getattr(args, "case_id", None))
        if getattr(args, "worklist", None):
            window.open_worklist(args.worklist)
        if getattr(args, "show_identifiers", False):
            window.set_identifiers_visible(True)

    from ph_assist.gui.workers import internal_error_text

    out = getattr(args, "screenshot", None)
    shot = None if not out else _main_screenshot(Path(out), case_requested,
                                                 float(getattr(args, "timeout", None) or 180.0))
    return launch(make_window, error_line=internal_error_text, size=size, screenshot=shot,
                  after_show=open_inputs, benchmark=benchmark)


def _main_screenshot(out: Path, case_requested: bool, timeout_s: float) -> Screenshot:
    """The main window is pictured once settled with the case's result (or the error shown instead)."""

    def ready(window: Any) -> bool:
        if not window.settled():
            return False
        if window.worklist_panel.running():
            return False
        if case_requested and window.bundle() is not None and window.assessment() is None:
            # settled without a result: an error was shown (or the case is still being opened)
            return window.status_is_error() and not window.busy()
        return True

    def problem(window: Any) -> str | None:
        if window.bundle() is None:
            return f"screenshot written to {out} without scores: {window.bundle_message()}"
        if case_requested and window.assessment() is None:
            return f"screenshot written to {out} without a result: {window.status_text()}"
        return None

    def summary(window: Any, seconds: float) -> dict[str, Any]:
        risk = window.assessment()
        return {"seconds": seconds, "fused_risk": None if risk is None else round(risk.risk, 4)}

    return Screenshot(out, ready, "the result", lambda w: w.busy_label.text() or "starting", problem, summary,
                      timeout_s)
