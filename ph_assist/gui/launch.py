"""Start a PH-Assist window: the one launch sequence (:func:`launch`).

Both windows start here: the main window (``ph-assist gui``, see
:mod:`ph_assist.gui.app`) and the reader window (``ph-assist study read``,
see :mod:`ph_assist.gui.reader_mode`).  The sequence is:

1. with a screenshot, check its file name (a ``.png`` in a folder that exists);
2. create (or reuse) the ``QApplication`` with the organisation and
   application names that :class:`~PySide6.QtCore.QSettings` files are kept
   under; on Linux, a missing display or missing Qt system libraries give one
   line naming the packages to install instead of Qt aborting the process;
3. make the window (a callable given by the caller) and size it to the
   screen (:func:`fit_to_screen`) unless a size is given;
4. install an exception hook: a bug of ours inside a Qt slot becomes one line
   in the window, the traceback goes to the log;
5. show the window, then either run the event loop, or wait until the window
   is ready, save a picture of it, print one JSON line and return.

This module imports no other module of :mod:`ph_assist.gui` (the window and
everything specific to it come in as callables), so it cannot take part in an
import circle.  Only Qt is imported, and only inside the functions.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, cast

from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication, QPixmap, QWindow
    from PySide6.QtWidgets import QApplication

__all__ = ["APPLICATION", "DEFAULT_SIZE", "ORGANIZATION", "XCB_PACKAGES", "GUIError", "Screenshot", "application",
           "chosen_language", "default_size", "fit_to_screen", "install_translators", "launch", "missing_xcb_libraries", "parse_size", "prepare_platform",
           "print_err", "wait_for"]

ORGANIZATION = "PH-Assist"
APPLICATION = "PH-Assist"
DEFAULT_SIZE = (1600, 960)

log = logging.getLogger("ph_assist.gui")


class GUIError(Exception):
    """A problem of starting a window (no display, missing libraries, a bad size), reported as one line."""


def print_err(text: str) -> None:
    """``ph-assist: <text>`` on stderr, on one line."""
    print(f"ph-assist: {' '.join(str(text).split())}", file=sys.stderr)


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


# ---------------------------------------------------------------- the platform and the QApplication


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


def missing_xcb_libraries(libraries: Iterable[str] | None = None) -> list[str]:
    """The libraries of :data:`XCB_PACKAGES` (or ``libraries``) that cannot be loaded here.

    Qt aborts the whole process (SIGABRT) when its xcb platform plugin cannot
    load; checking first turns that into one line naming the packages to install.
    """
    missing = []
    for lib in (XCB_PACKAGES if libraries is None else libraries):
        try:
            ctypes.CDLL(lib)
        except OSError:
            missing.append(lib)
    return missing


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


def application(*, headless: bool = False) -> QApplication:
    """The running QApplication, created with PH-Assist's names if there is none.

    ``headless``: the caller only renders to a file (see :func:`prepare_platform`).
    """
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is None:
        prepare_platform(headless=headless)
        app = QApplication(sys.argv[:1])
    else:
        app = cast("QApplication", existing)  # the caller's: windows need a widgets application
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain("ph-assist.invalid")
    app.setApplicationName(APPLICATION)
    install_translators(app)
    return app


# ---------------------------------------------------------------- the interface language

#: QSettings key of the language chosen in the Language menu ("auto", "en", "ja").
LANGUAGE_KEY = "language"
#: The language asked for on the command line (``--lang``); wins over the settings.
requested_language: str | None = None
_translators: list[Any] = []
# Two labels of Qt 6's own file dialog that Qt's Japanese catalogue (qtbase_ja.qm, written for Qt 5's
# "Look in:" / "Files of type:" without a mnemonic) lacks; PH-Assist's catalogue, installed after
# Qt's, answers them (context "QFileDialog", as Qt asks).
_QT_FILE_DIALOG_LABELS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
                          QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"))


def chosen_language() -> str | None:
    """The language to use before the system locale: ``--lang`` (of ``ph-assist gui`` or of ``ph-assist``,
    which sets :func:`ph_assist.i18n.set_language`), ``$PH_ASSIST_LANG``, the Language menu's choice
    (QSettings); ``None`` when none of them names one (the locale decides)."""
    from PySide6.QtCore import QSettings

    from ph_assist import i18n

    for value in (requested_language, i18n.explicit_language(), os.environ.get("PH_ASSIST_LANG"),
                  QSettings().value(LANGUAGE_KEY, "auto")):
        if isinstance(value, str) and i18n.normalize_language(value):
            return i18n.normalize_language(value)
    return None


def install_translators(app: QGuiApplication, lang: str | None = None) -> str:
    """Translate the running app into ``lang`` (default :func:`chosen_language`, else the locale); the language.

    Installs a ``QTranslator`` with PH-Assist's compiled catalogue (``ph_assist/i18n/ph_assist_<lang>.qm``)
    and one with Qt's own (``qtbase_<lang>.qm``: the buttons of standard dialogs), sets the Qt-free
    :func:`ph_assist.i18n.translate` to the same language, makes it ``QLocale``'s default (numbers in
    spin boxes) and adds the Japanese font (:func:`ph_assist.i18n.japanese_font_path`) as a fallback
    family so that Japanese text has glyphs on systems without a CJK font.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QFont, QFontDatabase

    from ph_assist import i18n

    code = i18n.set_language(lang or chosen_language())
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if code != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"qtbase_{code}", qt_dir), (f"ph_assist_{code}", str(i18n.CATALOGUE_DIR))):
            tr = QTranslator(app)
            if tr.load(name, folder):
                app.installTranslator(tr)
                _translators.append(tr)
            else:
                log.warning("translation %s not found in %s", name, folder)
    QLocale.setDefault(QLocale(code))
    font_path = i18n.japanese_font_path()
    if font_path is not None and i18n.JAPANESE_FONT_FAMILY not in QFontDatabase.families():
        QFontDatabase.addApplicationFont(str(font_path))
    font = QFont(app.font())
    families = [f for f in font.families() or [font.family()] if f != i18n.JAPANESE_FONT_FAMILY]
    # Japanese: the Japanese font first, so that widgets measure their text with the font that draws it
    # (Qt's size hints under-measure glyphs taken from a fallback family and clip the labels).
    font.setFamilies([i18n.JAPANESE_FONT_FAMILY, *families] if code == "ja" else [*families, i18n.JAPANESE_FONT_FAMILY])
    app.setFont(font)
    return code


def wait_for(condition: Callable[[], Any], timeout_s: float, poll_ms: int = 20) -> bool:
    """Run the event loop until ``condition()`` is true or ``timeout_s`` passes; whether it became true."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    app = QApplication.instance()
    while time.monotonic() < deadline:
        if condition():
            return True
        if app is None:  # no event loop to run: only the condition can change
            time.sleep(poll_ms / 1000.0)
            continue
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, poll_ms)
        time.sleep(poll_ms / 1000.0 / 4)
    return bool(condition())


# ---------------------------------------------------------------- the window's size


def fit_to_screen(available: tuple[int, int], preferred: tuple[int, int] = DEFAULT_SIZE) -> tuple[int, int]:
    """The window size for a screen's available area in logical pixels (Qt's, after the scale
    factor): the preferred size, or 92 % x 90 % of the area when that is smaller."""
    return min(preferred[0], int(available[0] * 0.92)), min(preferred[1], int(available[1] * 0.9))


def default_size(app: QGuiApplication) -> tuple[int, int]:
    """:func:`fit_to_screen` on the primary screen's available area (:data:`DEFAULT_SIZE` without a screen)."""
    screen = app.primaryScreen()
    if screen is not None:
        geo = screen.availableGeometry()
        if geo.width() > 0 and geo.height() > 0:
            return fit_to_screen((geo.width(), geo.height()))
    return DEFAULT_SIZE


# ---------------------------------------------------------------- the launch


class AppWindow(Protocol):
    """What :func:`launch` needs of a window: a ``QWidget`` (the calls below) with
    ``show_error(text)`` and ``shutdown()`` (:class:`~ph_assist.gui.main_window.MainWindow`,
    the reader window)."""

    def resize(self, w: int, h: int, /) -> None: ...

    def show(self) -> None: ...

    def close(self) -> bool: ...

    def deleteLater(self) -> None: ...  # noqa: N802 - Qt

    def grab(self) -> QPixmap: ...

    def winId(self) -> int: ...  # noqa: N802 - Qt

    def windowHandle(self) -> QWindow: ...  # noqa: N802 - Qt

    def show_error(self, text: str) -> None: ...

    def shutdown(self) -> None: ...


@dataclass(frozen=True)
class Screenshot:
    """What :func:`launch` needs to picture a window instead of running the event loop.

    Parameters
    ----------
    path : Path
        The PNG file to write (its folder must exist).
    ready : callable
        ``ready(window) -> bool``: the window shows what is to be pictured.
    waiting_for : str
        What is waited for, in the timeout line ("the result", "the case").
    still : callable
        ``still(window) -> str``: what the window is still doing, in the timeout line.
    problem : callable
        ``problem(window) -> str | None``: after the picture is written, why the
        window does not show what was asked (exit code 2 with that line), or None.
    summary : callable
        ``summary(window, seconds) -> dict``: the fields of the JSON line after ``screenshot``.
    timeout_s : float
        How long to wait for ``ready``.
    """

    path: Path
    ready: Callable[[Any], bool]
    waiting_for: str
    still: Callable[[Any], str]
    problem: Callable[[Any], str | None]
    summary: Callable[[Any, float], Mapping[str, Any]]
    timeout_s: float = 180.0


def _check_png(out: Path) -> str | None:
    if out.suffix.lower() != ".png":
        return translate("errors", "{path}: a screenshot is a PNG file; use a name ending in .png").format(path=out)
    if not out.parent.exists():
        return translate("errors", "{path}: folder not found").format(path=out.parent)
    return None


def launch(make_window: Callable[[], AppWindow], *, error_line: Callable[[BaseException], str],
           size: tuple[int, int] | None = None, screenshot: Screenshot | None = None,
           after_show: Callable[[Any], None] | None = None, benchmark: bool = False) -> int:
    """Start a window and run it; the exit code (0, or 2 with one line on stderr).

    Parameters
    ----------
    make_window : callable
        ``make_window() -> QWidget``, called once the QApplication exists.  The
        window has ``show_error(text)`` and ``shutdown()``.
    error_line : callable
        ``error_line(exc) -> str``: the one line shown in the window for an
        exception raised inside a Qt slot (the traceback goes to the log).
    size : (int, int), optional
        The window size in pixels; default: :func:`default_size`.
    screenshot : Screenshot, optional
        Picture the window once ready and return instead of running the event loop.
    after_show : callable, optional
        ``after_show(window)``: called once the window is shown (open a case...).
    benchmark : bool
        Print when the window is first painted, then leave (``--benchmark-startup``).
    """
    if screenshot is not None:
        bad = _check_png(screenshot.path)
        if bad:
            print_err(bad)
            return 2
    try:
        app = application(headless=benchmark or screenshot is not None)
    except GUIError as exc:
        print_err(str(exc))
        return 2
    window = make_window()
    window.resize(*(size or default_size(app)))
    if benchmark:
        return _benchmark_startup(app, window)
    previous_hook = sys.excepthook
    sys.excepthook = _excepthook(window, error_line, previous_hook)
    try:
        window.show()
        if after_show is not None:
            after_show(window)
        if screenshot is None:
            return int(app.exec())
        return _screenshot(app, window, screenshot)
    finally:
        sys.excepthook = previous_hook
        window.shutdown()
        if screenshot is not None:
            window.close()
            window.deleteLater()


_ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def _excepthook(window: AppWindow, error_line: Callable[[BaseException], str], previous: _ExceptHook) -> _ExceptHook:
    """A bug of ours inside a Qt slot: one line in the window, the traceback to the log (stderr)."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        try:
            window.show_error(error_line(exc))
        except Exception:  # noqa: BLE001, S110 - the window itself is gone; the log has it
            pass

    return hook


def _screenshot(app: QApplication, window: AppWindow, shot: Screenshot) -> int:
    from PySide6.QtCore import QEventLoop

    out = shot.path
    t0 = time.monotonic()
    ok = wait_for(lambda: shot.ready(window), shot.timeout_s)
    # a last round of events so that the final layout and overlays are painted
    for _ in range(5):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    if not ok:
        print_err(translate("errors", "timed out after {seconds} s waiting for {what} (still: {state}); no screenshot "
                                      "written").format(seconds=f"{shot.timeout_s:.0f}", what=shot.waiting_for,
                                                        state=shot.still(window)))
        return 2
    if not window.grab().save(str(out), "PNG"):
        print_err(translate("errors", "{path}: cannot be written").format(path=out))
        return 2
    problem = shot.problem(window)
    if problem:
        print_err(problem)
        return 2
    print(json.dumps({"screenshot": str(out), **shot.summary(window, round(time.monotonic() - t0, 3))}))
    return 0


def _benchmark_startup(app: QApplication, window: AppWindow) -> int:
    """Print the wall-clock time at which the window is first exposed (painted), then quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _Exposed(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 - Qt
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
