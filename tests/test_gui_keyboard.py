"""The main window by keyboard alone (offscreen, pytest-qt): Tab order, canvas keys, shortcuts.

The main flow sends key events only, each to the widget that has the focus
(as a keyboard would): Tab to the ECG page, zoom it, switch to the chest X-ray
by shortcut, Tab to the image, invert it, hide its Grad-CAM by shortcut, open
the shortcuts dialog and close it with Esc.  The window is the one of
tests/test_gui_main.py (real quick bundle, generated demo case).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QAction, QImage, QKeySequence, QMouseEvent, QPalette  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ph_assist.gui.app import wait_for  # noqa: E402
from tests.test_gui_main import make_window, wait_settled  # noqa: E402

MAX_TABS = 80


@pytest.fixture(scope="module")
def win(qapp, tmp_path_factory, quick_bundle_dir, demo_case_files):
    """The window with the demo case assessed (Grad-CAM on both viewers), active, viewers tabbed."""
    w = make_window(tmp_path_factory.mktemp("gui_keyboard"), quick_bundle_dir)
    wait_settled(w)
    got = []
    w.resultShown.connect(got.append)
    demo = demo_case_files
    w.open_case(ecg=demo.ecg_path, cxr=demo.cxr_path, bnp=demo.bnp, bnp_unit=demo.bnp_unit, case_id=demo.case_id)
    assert wait_for(lambda: bool(got) and w.settled(), 60), w.status_text()
    activate(w)
    yield w
    w.shutdown()
    w.close()
    w.deleteLater()


# ---------------------------------------------------------------- helpers

def activate(w) -> None:
    """Make ``w`` the active window (key events and window shortcuts go to the active window)."""
    w.activateWindow()
    assert wait_for(lambda: QApplication.activeWindow() is w, 10)


def focused() -> QWidget:
    f = QApplication.focusWidget()
    assert f is not None, "nothing has the keyboard focus"
    return f


def key(k: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key press, sent where a keyboard's would go: the focused widget."""
    QTest.keyClick(focused(), k, mod)
    QApplication.processEvents()


def shortcut(seq: str) -> None:
    ks = QKeySequence(seq)[0]
    key(ks.key(), ks.keyboardModifiers())


def tab_until(pred, what: str) -> int:
    for n in range(MAX_TABS):
        if pred(focused()):
            return n
        key(Qt.Key.Key_Tab)
    raise AssertionError(f"{what} never got the focus in {MAX_TABS} Tabs (stuck at {focused()!r})")


def expected_stops(w) -> set[int]:
    """Every control of the window a Tab may stop at now: visible, enabled, taking Tab focus (by Qt's flags).

    The inner parts of such a control are not counted (the image's viewport hands its focus to the image).
    """
    found = [c for c in w.findChildren(QWidget) if QWidget.window(c) is w and c.isVisible() and c.isEnabled()
             and c.focusPolicy() & Qt.FocusPolicy.TabFocus]
    return {id(c) for c in found if not any(o is not c and o.isAncestorOf(c) for o in found)}


def tab_cycle(w, start: QWidget, backwards: bool = False) -> list[QWidget]:
    """Tab (or Shift+Tab) from ``start`` until the focus is back there; the widgets visited, in order."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()
    assert focused() is start
    seen = [start]
    for _ in range(MAX_TABS):
        key(Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab,
            Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier)
        if focused() is start:
            return seen
        assert focused() not in seen, f"Tab came back to {focused()!r} before the start: stuck in a loop"
        seen.append(focused())
    raise AssertionError(f"Tab never came back to the start in {MAX_TABS} presses")


def frame_colour(widget) -> tuple[int, int, int]:
    """The colour of the pixel 1 px inside the widget's left edge, half-way down, as drawn now."""
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    c = img.pixelColor(1, img.height() // 2)
    return c.red(), c.green(), c.blue()


# ---------------------------------------------------------------- the main flow


def test_main_flow_by_keyboard_only(win):
    w = win
    w.set_viewer_layout("tabs")
    ecg_view, cxr_view = w.ecg_panel.view, w.cxr_panel.view
    highlight = w.palette().color(QPalette.ColorRole.Highlight)
    highlight = (highlight.red(), highlight.green(), highlight.blue())
    w.case_input.case_id_edit.setFocus()
    QApplication.processEvents()

    # Tab from the case panel to the ECG page; it shows a focus frame and takes its keys
    assert frame_colour(ecg_view) != highlight
    tabs = tab_until(lambda f: f is ecg_view, "the ECG page")
    assert tabs > 5  # the case inputs and the ECG controls come first
    assert frame_colour(ecg_view) == highlight
    zoom = ecg_view.zoom()
    key(Qt.Key.Key_Plus)
    assert ecg_view.zoom() == pytest.approx(zoom * 1.25)
    key(Qt.Key.Key_Return)  # the enlarged lead: ↓ steps through the leads, Esc closes it
    assert ecg_view.zoomed_lead() == "II"
    key(Qt.Key.Key_Down)
    assert ecg_view.zoomed_lead() == "III"
    key(Qt.Key.Key_Escape)
    assert ecg_view.zoomed_lead() is None and focused() is ecg_view

    # Ctrl+2: the chest X-ray tab, the focus on its first control; Tab on to the image
    shortcut("Ctrl+2")
    assert w._tabs.currentWidget() is w._cxr_pane
    assert w._cxr_pane.isAncestorOf(focused()) and focused() is not cxr_view
    tab_until(lambda f: f is cxr_view, "the chest X-ray image")
    assert frame_colour(cxr_view) == highlight
    assert not cxr_view.inverted()
    key(Qt.Key.Key_I)
    assert cxr_view.inverted()

    # Ctrl+G: the Grad-CAM of the viewer with the focus (the chest X-ray), not the ECG's
    assert cxr_view.heatmap_visible() and w.act_cxr_cam.isChecked()
    ecg_cam = ecg_view.explanation_visible()
    shortcut("Ctrl+G")
    assert not cxr_view.heatmap_visible() and not w.act_cxr_cam.isChecked()
    assert ecg_view.explanation_visible() == ecg_cam
    shortcut("Ctrl+G")
    assert cxr_view.heatmap_visible()
    shortcut("F7")  # the ECG's Grad-CAM from anywhere
    assert ecg_view.explanation_visible() != ecg_cam
    shortcut("F7")

    # Ctrl+1: back to the ECG tab
    shortcut("Ctrl+1")
    assert w._tabs.currentWidget() is w._ecg_pane and w._ecg_pane.isAncestorOf(focused())

    # F1: the shortcuts dialog, made from the actions and the canvases' key tables; Esc closes it
    shortcut("F1")
    dlg = w.shortcuts_dialog
    assert dlg is not None and wait_for(dlg.isVisible, 5)
    assert wait_for(lambda: dlg.isAncestorOf(QApplication.focusWidget()), 5)
    shown = dlg.rows()
    for act in w.findChildren(QAction):
        for seq in act.shortcuts():
            native = seq.toString(QKeySequence.SequenceFormat.NativeText)
            assert any(k == native for _s, k, _t in shown), f"{act.text()!r} ({native}) is not listed"
    labels = {(s.split(" (")[0], k) for s, k, _t in shown}
    for k in ("+", "−", "F", "Enter", "Esc"):
        assert ("ECG page", k) in labels
    for k in ("+", "−", "F", "1", "R", "I", "L", "M", "D", "C", "H", "Esc"):
        assert ("Chest X-ray image", k) in labels, k
    key(Qt.Key.Key_Escape)
    assert wait_for(lambda: not dlg.isVisible(), 5)


@pytest.mark.parametrize("layout", ["tabs", "side"])
def test_tab_cycle_visits_every_control_and_returns(win, layout):
    w = win
    activate(w)
    w.set_viewer_layout(layout)
    QApplication.processEvents()
    start = w.case_input.case_id_edit
    forward = tab_cycle(w, start)
    visited = {id(x) for x in forward}
    want = expected_stops(w)
    missing = [c for c in w.findChildren(QWidget) if id(c) in want - visited]
    assert not missing, f"Tab never reaches {missing}"
    assert visited <= want
    # the order: case panel, each viewer's controls then its canvas, the result panel
    pos = {id(x): i for i, x in enumerate(forward)}
    ecg, cxr = w.ecg_panel, w.cxr_panel
    if layout == "tabs":
        assert pos[id(w._tabs.tabBar())] < pos[id(ecg.highpass)]
    else:
        assert pos[id(ecg.highpass)] < pos[id(ecg.calipers)] < pos[id(ecg.view)] \
            < pos[id(cxr.preset_combo)] < pos[id(cxr.invert_button)] < pos[id(cxr.view)]
    shown = ecg if w._tabs.currentWidget() is w._ecg_pane or layout == "side" else cxr
    assert pos[id(w.case_input.bnp_edit)] < pos[id(shown.view)] < pos[id(w.risk_panel)]
    # Shift+Tab walks the same cycle backwards
    backward = tab_cycle(w, start, backwards=True)
    assert [id(x) for x in backward[1:]] == [id(x) for x in reversed(forward[1:])]


# ---------------------------------------------------------------- the enlarged lead and a double click


def test_double_click_on_a_lead_leaves_it_enlarged(win):
    w = win
    w.set_viewer_layout("side")
    view = w.ecg_panel.view
    pos = view.panel_rect("V1").center()
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos.toPoint())
    assert view.zoomed_lead() == "V1"
    # the second click of the double click lands on the overlay: press, double click, release
    overlay = view.lead_overlay
    local = QPointF(overlay.mapFrom(view, pos.toPoint()))
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseButtonRelease):
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
        ev = QMouseEvent(kind, local, overlay.mapToGlobal(local), Qt.MouseButton.LeftButton, buttons,
                         Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(overlay, ev)
    assert view.zoomed_lead() == "V1", "the double click closed the enlarged lead again"
    QTest.mouseClick(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, local.toPoint())
    assert view.zoomed_lead() is None  # a later single click still closes it


def test_canvas_keys_ignore_command_modifiers(win):
    """Ctrl / Alt + a canvas key is a menu shortcut, never the canvas's key (Ctrl+R must not reset the window)."""
    cxr_view = win.cxr_panel.view
    was = cxr_view.inverted()
    QTest.keyClick(cxr_view, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert cxr_view.inverted() == was
    ecg_view = win.ecg_panel.view
    zoom = ecg_view.zoom()
    QTest.keyClick(ecg_view, Qt.Key.Key_Plus, Qt.KeyboardModifier.AltModifier)
    assert ecg_view.zoom() == zoom
    assert np.isfinite(zoom)
