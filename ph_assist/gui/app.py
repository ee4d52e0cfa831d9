"""Start the desktop app: :func:`run_gui` (used by ``ph-assist gui``).

Shows the :class:`~ph_assist.gui.main_window.MainWindow` through the one
launch sequence of :func:`ph_assist.gui.launch.launch` (the QApplication, the
exception hook, the size, the optional screenshot), opens the case or the
worklist that its :class:`GuiOptions` name, and then either runs the event loop, or
(``--screenshot OUT.png``) waits for the case's result, saves a picture of the
window and returns.  Only Qt and the light parts of PH-Assist are imported
here; PyTorch, the models and matplotlib are loaded by background workers
after the window is shown.

The names of :mod:`ph_assist.gui.launch` that callers used from here
(:func:`application`, :func:`wait_for`, :class:`GUIError`, ...) are still
importable from this module.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ph_assist.i18n import translate
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

if TYPE_CHECKING:
    from ph_assist.gui.main_window import MainWindow

__all__ = ["APPLICATION", "DEFAULT_SIZE", "ORGANIZATION", "XCB_PACKAGES", "GUIError", "application",
           "fit_to_screen", "missing_xcb_libraries", "parse_size", "prepare_platform", "run_gui", "wait_for",
           "GuiOptions"]


@dataclasses.dataclass(frozen=True)
class GuiOptions:
    """What to open and how: the options of ``ph-assist gui`` (built by :mod:`ph_assist.cli.gui`).

    Attributes
    ----------
    demo : bool
        Open the generated demo case.
    bundle : path, optional
        Model bundle folder (default: ``$PH_ASSIST_BUNDLE`` or the demo bundle).
    ecg, cxr : path, optional
        A case's ECG and chest X-ray files.
    bnp : str, optional
        A BNP value as typed (``120``, ``<5``), in ``bnp_unit``, of ``analyte``.
    case_id : str, optional
        Pseudonymous case ID.
    worklist : path, optional
        A manifest CSV to score and rank.
    show_identifiers : bool
        Start with case IDs and file names shown.
    screenshot : path, optional
        Wait for the result, save a picture of the window there and return.
    size : str, optional
        Window size ``WxH`` (checked by :func:`run_gui`: exit 2 with one line if malformed).
    timeout_s : float
        With ``screenshot``: how long to wait for the result.
    lang : str, optional
        Interface language (``"auto"`` or a code); None: the Language menu's choice.
    benchmark_startup : bool
        Time the start-up and exit (``--benchmark-startup``).
    """

    demo: bool = False
    bundle: str | Path | None = None
    ecg: str | Path | None = None
    cxr: str | Path | None = None
    bnp: str | None = None
    bnp_unit: str = "pg/mL"
    analyte: str = "BNP"
    case_id: str | None = None
    worklist: str | Path | None = None
    show_identifiers: bool = False
    screenshot: Path | None = None
    size: str | None = None
    timeout_s: float = 180.0
    lang: str | None = None
    benchmark_startup: bool = False


def run_gui(options: GuiOptions) -> int:
    """Open the main window as ``options`` say (see ``ph-assist gui --help``); the exit code."""
    try:
        size = parse_size(options.size)
    except GUIError as exc:
        print_err(str(exc))
        return 2
    import ph_assist.gui.launch as launch_module

    launch_module.requested_language = options.lang
    demo = options.demo
    ecg, cxr, bnp = options.ecg, options.cxr, options.bnp
    case_requested = demo or bool(ecg or cxr or bnp)
    benchmark = options.benchmark_startup
    if demo and (ecg or cxr or bnp) and not benchmark:
        print_err("--demo opens the demo case; do not combine it with --ecg/--cxr/--bnp")
        return 2

    def make_window() -> MainWindow:
        from ph_assist.gui.main_window import MainWindow

        return MainWindow(bundle_path=options.bundle)

    def open_inputs(window: MainWindow) -> None:
        if demo:
            window.open_demo()
        elif case_requested:
            window.open_case(ecg=ecg, cxr=cxr, bnp=bnp, bnp_unit=options.bnp_unit, analyte=options.analyte,
                             case_id=options.case_id)
        if options.worklist:
            window.open_worklist(options.worklist)
        if options.show_identifiers:
            window.set_identifiers_visible(True)

    from ph_assist.gui.workers import internal_error_text

    out = options.screenshot
    shot = None if out is None else _main_screenshot(Path(out), case_requested, options.timeout_s)
    return launch(make_window, error_line=internal_error_text, size=size, screenshot=shot,
                  after_show=open_inputs, benchmark=benchmark)


def _main_screenshot(out: Path, case_requested: bool, timeout_s: float) -> Screenshot:
    """The main window is pictured once settled with the case's result (or the error shown instead)."""

    def ready(window: MainWindow) -> bool:
        if not window.settled():
            return False
        if window.worklist_panel.running():
            return False
        if case_requested and window.bundle() is not None and window.assessment() is None:
            # settled without a result: an error was shown (or the case is still being opened)
            return window.status_is_error() and not window.busy()
        return True

    def problem(window: MainWindow) -> str | None:
        if window.bundle() is None:
            return translate("cli", "screenshot written to {path} without scores: {problem}").format(
                path=out, problem=window.bundle_message())
        if case_requested and window.assessment() is None:
            return translate("cli", "screenshot written to {path} without a result: {problem}").format(
                path=out, problem=window.status_text())
        return None

    def summary(window: MainWindow, seconds: float) -> dict[str, Any]:
        risk = window.assessment()
        return {"seconds": seconds, "fused_risk": None if risk is None else round(risk.risk, 4)}

    return Screenshot(out, ready, translate("cli", "the result"),
                      lambda w: w.busy_label.text() or translate("cli", "starting"), problem, summary,
                      timeout_s)
