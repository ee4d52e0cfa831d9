"""Start the desktop app: :func:`run_gui` (used by ``ph-assist gui``).

Creates (or reuses) the ``QApplication`` with the organisation and
application names that :class:`~PySide6.QtCore.QSettings` files are kept
under, shows the :class:`~ph_assist.gui.main_window.MainWindow`, and then
either runs the event loop, or (``--screenshot OUT.png``) waits for the
case's result, saves a picture of the window and returns.  Only Qt and the
light parts of PH-Assist are imported here; PyTorch, the models and
matplotlib are loaded by background workers after the window is shown.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["APPLICATION", "ORGANIZATION", "GUIError", "parse_size", "run_gui", "wait_for"]

ORGANIZATION = "PH-Assist"
APPLICATION = "PH-Assist"
DEFAULT_SIZE = (1600, 960)


class GUIError(Exception):
    """A problem of the headless path (screenshot), reported as one line."""


def parse_size(text: str | None) -> tuple[int, int] | None:
    """``"1280x720"`` -> ``(1280, 720)``; None stays None."""
    if not text:
        return None
    try:
        w, h = (int(v) for v in str(text).lower().replace("×", "x").split("x"))
    except ValueError:
        raise GUIError(f"--size {text!r}: use WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (640 <= w <= 8000 and 400 <= h <= 8000):
        raise GUIError(f"--size {text!r}: width 640-8000 and height 400-8000 pixels")
    return w, h


def prepare_platform(*, headless: bool) -> None:
    """Choose the Qt platform before the QApplication exists.

    A screenshot or a benchmark needs no screen: it renders offscreen.  An
    interactive window on a Linux machine with no display would make Qt abort
    the process; refuse with one line instead (raises :class:`GUIError`).
    """
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise GUIError("no display found (DISPLAY and WAYLAND_DISPLAY are unset): run PH-Assist on a desktop, "
                       "or add --screenshot OUT.png to render the window into a picture")
    if sys.platform.startswith("linux") and os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        missing = missing_xcb_libraries()
        if missing:
            packages = " ".join(sorted({XCB_PACKAGES.get(lib, lib) for lib in missing}))
            raise GUIError(f"the Qt window needs system libraries that are not installed ({', '.join(missing)}): "
                           f"on Debian/Ubuntu run 'sudo apt-get install {packages}'")


#: Shared libraries Qt's X11 (xcb) platform plugin loads, and the Debian/Ubuntu package of each.
XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-sync.so.1": "libxcb-sync1", "libxcb-shm.so.0": "libxcb-shm0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1", "libdbus-1.so.3": "libdbus-1-3",
}


def missing_xcb_libraries(libraries: Any = None) -> list[str]:
    """The libraries of :data:`XCB_PACKAGES` (or ``libraries``) that cannot be loaded here.

    Qt aborts the whole process (SIGABRT) when its xcb platform plugin cannot
    load; checking first turns that into one line naming the packages to install.
    """
    import ctypes

    missing = []
    for lib in (XCB_PACKAGES if libraries is None else libraries):
        try:
            ctypes.CDLL(lib)
        except OSError:
            missing.append(lib)
    return missing


def application(*, headless: bool = False) -> Any:
    """The running QApplication, created with PH-Assist's names if there is none.

    ``headless``: the caller only renders to a file (see :func:`prepare_platform`).
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        prepare_platform(headless=headless)
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain("ph-assist.invalid")
    app.setApplicationName(APPLICATION)
    return app


def wait_for(condition: Any, timeout_s: float, poll_ms: int = 20) -> bool:
    """Run the event loop until ``condition()`` is true or ``timeout_s`` passes; whether it became true."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    app = QApplication.instance()
    while time.monotonic() < deadline:
        if condition():
            return True
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, poll_ms)
        time.sleep(poll_ms / 1000.0 / 4)
    return bool(condition())


def fit_to_screen(available: tuple[int, int], preferred: tuple[int, int] = DEFAULT_SIZE) -> tuple[int, int]:
    """The window size for a screen's available area in logical pixels (Qt's, after the scale
    factor): the preferred size, or 92 % x 90 % of the area when that is smaller."""
    return min(preferred[0], int(available[0] * 0.92)), min(preferred[1], int(available[1] * 0.9))


def _default_size(app: Any) -> tuple[int, int]:
    screen = app.primaryScreen()
    if screen is not None:
        geo = screen.availableGeometry()
        if geo.width() > 0 and geo.height() > 0:
            return fit_to_screen((geo.width(), geo.height()))
    return DEFAULT_SIZE


def _print_err(text: str) -> None:
    print(f"ph-assist: {' '.join(text.split())}", file=sys.stderr)


def run_gui(args: Any) -> int:
    """Open the main window as ``args`` says (see ``ph-assist gui --help``); the exit code."""
    try:
        size = parse_size(getattr(args, "size", None))
    except GUIError as exc:
        _print_err(str(exc))
        return 2
    benchmark = bool(getattr(args, "benchmark_startup", False))
    try:
        app = application(headless=benchmark or bool(getattr(args, "screenshot", None)))
    except GUIError as exc:
        _print_err(str(exc))
        return 2
    from ph_assist.gui.main_window import MainWindow

    window = MainWindow(bundle_path=getattr(args, "bundle", None))
    window.resize(*(size or _default_size(app)))
    if benchmark:
        return _benchmark_startup(app, window)
    _install_excepthook(window)
    window.show()

    demo = bool(getattr(args, "demo", False))
    ecg, cxr, bnp = getattr(args, "ecg", None), getattr(args, "cxr", None), getattr(args, "bnp", None)
    case_requested = demo or bool(ecg or cxr or bnp)
    if demo and (ecg or cxr or bnp):
        _print_err("--demo opens the demo case; do not combine it with --ecg/--cxr/--bnp")
        window.shutdown()
        window.close()
        return 2
    if demo:
        window.open_demo()
    elif case_requested:
        window.open_case(ecg=ecg, cxr=cxr, bnp=bnp, bnp_unit=getattr(args, "bnp_unit", None) or "pg/mL",
                         analyte=getattr(args, "analyte", None) or "BNP", case_id=getattr(args, "case_id", None))
    if getattr(args, "worklist", None):
        window.open_worklist(args.worklist)
    if getattr(args, "show_identifiers", False):
        window.set_identifiers_visible(True)

    if getattr(args, "screenshot", None):
        try:
            return _screenshot(app, window, Path(args.screenshot), case_requested,
                               float(getattr(args, "timeout", None) or 180.0))
        finally:
            window.shutdown()
            window.close()
            window.deleteLater()
    return int(app.exec())


def _install_excepthook(window: Any) -> None:
    """A bug of ours inside a Qt slot: one line in the status bar, the traceback to the log (stderr)."""
    import logging

    from ph_assist.gui.workers import internal_error_text

    log = logging.getLogger("ph_assist.gui")
    previous = sys.excepthook

    def hook(exc_type: Any, exc: BaseException, tb: Any) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        try:
            window.show_error(internal_error_text(exc), mask=True)
        except Exception:  # noqa: BLE001, S110 - the window itself is gone; the log has it
            pass

    sys.excepthook = hook


def _screenshot(app: Any, window: Any, out: Path, case_requested: bool, timeout_s: float) -> int:
    from PySide6.QtCore import QEventLoop

    if out.suffix.lower() != ".png":
        _print_err(f"{out}: a screenshot is a PNG file; use a name ending in .png")
        return 2
    if not out.parent.exists():
        _print_err(f"{out.parent}: folder not found")
        return 2
    result: dict[str, Any] = {}
    window.resultShown.connect(lambda a: result.setdefault("assessment", a))

    def ready() -> bool:
        if not window.settled():
            return False
        if window.worklist_panel.running():
            return False
        if case_requested and window.bundle() is not None and window.assessment() is None:
            # settled without a result: an error was shown (or the case is still being opened)
            return window.status_is_error() and not window.busy()
        return True

    t0 = time.monotonic()
    ok = wait_for(ready, timeout_s)
    # a last round of events so that the final layout and overlays are painted
    for _ in range(5):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    if not ok:
        _print_err(f"timed out after {timeout_s:.0f} s waiting for the result "
                   f"(still: {window.busy_label.text() or 'starting'}); no screenshot written")
        return 2
    if not window.grab().save(str(out), "PNG"):
        _print_err(f"{out}: cannot be written")
        return 2
    if window.bundle() is None:
        _print_err(f"screenshot written to {out} without scores: {window.bundle_message()}")
        return 2
    if case_requested and window.assessment() is None:
        _print_err(f"screenshot written to {out} without a result: {window.status_text()}")
        return 2
    print(json.dumps({"screenshot": str(out), "seconds": round(time.monotonic() - t0, 3),
                      "fused_risk": None if window.assessment() is None else round(window.assessment().risk, 4)}))
    return 0


def _benchmark_startup(app: Any, window: Any) -> int:
    """Print the wall-clock time at which the window is first exposed (painted), then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _Exposed(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Expose and obj.isExposed() and not getattr(self, "seen", False):
                self.seen = True
                heavy = [m for m in ("torch", "matplotlib", "scipy", "ph_assist.models") if m in sys.modules]
                print(json.dumps({"window_exposed_unix": time.time(), "heavy_modules_loaded": heavy,
                                  "pid": os.getpid()}), flush=True)
                # The model bundle may still be loading on a worker thread: leave at once.
                QTimer.singleShot(0, lambda: os._exit(0))
            return False

    watcher = _Exposed()
    window.winId()  # create the native window so that its QWindow exists before show()
    window.windowHandle().installEventFilter(watcher)
    window.show()  # background loading starts as in normal use (it must not delay the first paint)
    return int(app.exec())
