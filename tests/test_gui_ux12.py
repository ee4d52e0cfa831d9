"""Issue 12 (cardiologist workflow) in the GUI, offscreen with pytest-qt: one patient per case,
the radiograph's outline mode, calipers by keyboard, the window at the screen sizes of the issue,
and what the PDF takes over from the viewers (overlay mode, ECG display filter)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel  # noqa: E402

from ph_assist.gui.app import wait_for  # noqa: E402
from ph_assist.gui.cxr_view import CXRPanel  # noqa: E402
from ph_assist.gui.flow_layout import SEPARATOR_PROPERTY  # noqa: E402
from ph_assist.gui.ecg_view import CALIPER_BIG_STEP_S, CALIPER_STEP_S, ECGPanel, footer_plan  # noqa: E402
from ph_assist.gui.launch import fit_to_screen  # noqa: E402
from ph_assist.gui.main_window import MainWindow  # noqa: E402
from ph_assist.io import read_cxr, read_ecg  # noqa: E402
from tests import cxr_fixtures as fx  # noqa: E402
from tests.conftest import sample_file  # noqa: E402
from tests.test_patient_identity import cxr_dicom, ecg_dicom  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
#: The issue's screens as (logical width, height) after the scale factor: 1920 x 1080 at 1 and 2,
#: 1366 x 768 at 1, 3840 x 2160 at 2.
SCREENS = {"1920x1080@1": (1920, 1080), "1920x1080@2": (960, 540), "1366x768@1": (1366, 768),
           "3840x2160@2": (1920, 1080)}


def make_window(tmp_path: Path, size=(1400, 900)) -> MainWindow:
    """A window without a model bundle (the viewers and the case work; no scores, no PyTorch)."""
    settings = QSettings(str(tmp_path / "ph-assist.ini"), QSettings.Format.IniFormat)
    w = MainWindow(bundle_path=tmp_path / "no-bundle", settings=settings)
    w.resize(*size)
    w.show()
    return w


@pytest.fixture
def window(qtbot, tmp_path):
    w = make_window(tmp_path)
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    assert wait_for(lambda: w.ecg_panel is not None and w.bundle_state() == "missing", 60)
    yield w
    w.shutdown()


def _read(w: MainWindow, fn, path: Path) -> None:
    before = w._case.serial, w._case.ecg, w._case.cxr
    fn(path)
    assert wait_for(lambda: w._case.reading == 0 and (w._case.serial, w._case.ecg, w._case.cxr) != before, 30), \
        w.status_text()


# ---------------------------------------------------------------- (a) one patient per case


@pytest.mark.parametrize("choice", ["new", "add", "cancel"])
def test_file_of_another_patient_asks(window, tmp_path, monkeypatch, choice):
    w = window
    asked = []
    monkeypatch.setattr(w, "ask_different_patient", lambda: asked.append(1) or choice)
    ecg = ecg_dicom(tmp_path, "e.dcm", "PID-1")
    _read(w, w.open_ecg, ecg)
    _read(w, w.open_cxr, cxr_dicom(tmp_path, "same.dcm", "PID-1"))
    assert not asked and w._case.patient_mismatch is False  # the same patient: nothing asked
    w.clear_cxr()
    held_ecg = w._case.ecg
    other = cxr_dicom(tmp_path, "other.dcm", "PID-2")
    if choice == "cancel":
        w.open_cxr(other)
        assert wait_for(lambda: w._case.reading == 0 and bool(asked), 30)
    else:
        _read(w, w.open_cxr, other)
    assert asked == [1]
    if choice == "new":  # a new case with only the new file
        assert w._case.ecg is None and w._case.cxr is not None
    elif choice == "add":  # both kept, the mismatch said in the status line, no identifier shown
        assert w._case.ecg is held_ecg and w._case.cxr is not None and w._case.patient_mismatch is True
        assert "different patients" in w.status_text() and "PID-" not in w.status_text()
    else:  # nothing changed
        assert w._case.ecg is held_ecg and w._case.cxr is None


def test_unknown_patient_never_asks(window, tmp_path, monkeypatch):
    w = window
    monkeypatch.setattr(w, "ask_different_patient", lambda: pytest.fail("asked for a file without patient ID"))
    _read(w, w.open_ecg, ecg_dicom(tmp_path, "e.dcm", "PID-1"))
    _read(w, w.open_cxr, sample_file("cxr", "nih_png", "00000001_000.png"))
    assert w._case.patient_mismatch is None and "different patients" not in w.status_text()


def test_the_question_is_keyboard_operable(window, qtbot):
    for key, expected in ((Qt.Key.Key_Escape, "cancel"), (Qt.Key.Key_Return, "start_new_case")):
        box = window.patient_conflict_box()
        assert box.text() == "This file belongs to a different patient than the case."
        names = sorted(b.objectName() for b in box.buttons())
        assert names == ["add_anyway", "cancel", "start_new_case"]
        assert all(b.focusPolicy() & Qt.FocusPolicy.TabFocus for b in box.buttons())
        box.open()
        qtbot.waitExposed(box)
        QTest.keyClick(box, key)
        assert wait_for(lambda: not box.isVisible(), 5)
        assert box.clickedButton().objectName() == expected
        box.deleteLater()
    box = window.patient_conflict_box()
    add = next(b for b in box.buttons() if b.objectName() == "add_anyway")
    assert add.text().replace("&", "") == "Add anyway" and "&A" in add.text()  # Alt+A
    box.deleteLater()


def test_worklist_row_is_marked(qapp):
    from ph_assist.gui.case_input import ERROR_COLOR
    from ph_assist.gui.workers import WorklistItem
    from ph_assist.gui.worklist import WorklistModel
    from ph_assist.presentation import patient_mismatch_issue

    model = WorklistModel()
    fake_row = type("Row", (), {"row_no": 2})()  # the model reads only the manifest row's number
    model.add(WorklistItem(seq=0, row=fake_row, case_id="c1", issues=(patient_mismatch_issue(),),
                           patient_mismatch=True))
    model.add(WorklistItem(seq=1, row=fake_row, case_id="c2"))
    marked, plain = model.index(0, 1), model.index(1, 1)
    assert model.data(marked, Qt.ItemDataRole.DisplayRole).startswith("⚠ ")
    assert model.data(marked, Qt.ItemDataRole.ForegroundRole) == QColor(ERROR_COLOR)
    assert model.data(marked, Qt.ItemDataRole.ToolTipRole) == patient_mismatch_issue()
    assert not model.data(plain, Qt.ItemDataRole.DisplayRole).startswith("⚠")
    assert "different patients" in model.data(model.index(0, 8), Qt.ItemDataRole.DisplayRole)


# ---------------------------------------------------------------- (b) outline mode


@pytest.fixture
def cxr_panel(qtbot, tmp_path):
    p = CXRPanel()
    qtbot.addWidget(p)
    p.resize(800, 700)
    p.show()
    qtbot.waitExposed(p)
    p.set_cxr(read_cxr(fx.save(fx.cr_dataset(fx.rg1_pixels(8)), tmp_path / "c.dcm")))
    h, w = p.view.cxr().shape
    yy, xx = np.mgrid[0:h, 0:w]
    heat = np.exp(-((xx - w * 0.55) ** 2 + (yy - h * 0.5) ** 2) / (2 * (w * 0.12) ** 2)).astype(np.float32)
    p.set_heatmap(heat)
    return p


def test_outline_mode_toggles_and_stays_on_the_image(cxr_panel, qtbot):
    p, v = cxr_panel, cxr_panel.view
    assert v.overlay_mode() == "fill" and not p.outline_button.isChecked()
    v.setFocus()
    fill = v.grab().toImage()
    QTest.keyClick(v, Qt.Key.Key_O)
    assert v.overlay_mode() == "contour" and p.outline_button.isChecked()
    assert not v._heat_item.isVisible() and v._contour_item.isVisible()
    assert not p.opacity_slider.isEnabled()  # the outline is opaque
    paths = v.contour_paths()
    assert len(paths) == 3 and all(not path.isEmpty() for path in paths)
    h, w = v.cxr().shape
    for path in paths:  # inside the image; nested: a higher level encloses less
        r = path.boundingRect()
        assert r.left() >= 0 and r.top() >= 0 and r.right() <= w and r.bottom() <= h
    areas = [path.boundingRect().width() * path.boundingRect().height() for path in paths]
    assert areas[0] > areas[1] > areas[2]
    outline = v.grab().toImage()
    # the map's centre shows the radiograph again (no colour wash), not the filled heat colour
    c = v.mapFromScene(w * 0.55 + 0.5, h * 0.5 + 0.5)
    f, o = QColor(fill.pixel(c.x(), c.y())), QColor(outline.pixel(c.x(), c.y()))
    assert abs(o.red() - o.blue()) < 12 < abs(f.red() - f.blue())  # grey vs the inferno colour
    p.outline_button.click()
    assert v.overlay_mode() == "fill" and v._heat_item.isVisible()
    p.cam_check.setChecked(False)
    v.set_overlay_mode("contour")
    assert not v._contour_item.isVisible()  # hidden overlay stays hidden in either mode


def test_shortcuts_dialog_lists_the_new_keys(window):
    rows = window.shortcut_rows()
    assert any(key == "O" and "outline" in text.lower() and section.startswith("Chest X-ray")
               for section, key, text in rows)
    assert any(key == "K" and "calipers" in text.lower() and section.startswith("ECG page")
               for section, key, text in rows)
    assert any("Shift" in text and "200 ms" in text for _s, _k, text in rows)


def test_pdf_follows_the_viewers(window, monkeypatch, tmp_path):
    """export_report hands the radiograph's overlay mode and the ECG's display filter to the report."""
    from ph_assist.gui.case_state import CaseInputs

    @dataclasses.dataclass
    class FakeAssessment:
        case_id: str | None = None

    w = window
    w._case.assessment, w._case.assessed_inputs = FakeAssessment(), CaseInputs()
    got = {}
    monkeypatch.setattr(w._runner, "submit", lambda *a, **kw: got.update(kw))
    w.cxr_panel.view.set_overlay_mode("contour")
    w.ecg_panel.highpass.setChecked(True)
    w.ecg_panel.notch.setCurrentIndex(w.ecg_panel.notch.findData(50))
    w.ecg_panel.lowpass.setChecked(True)
    w.export_report(tmp_path / "r.pdf")
    assert got["cxr_overlay"] == "contour" and got["ecg_filters"] == (True, 50, True)


def test_report_pages_use_the_choices(tmp_path):
    from ph_assist.report import _draw_contours, ecg_page_figure, figure_texts

    ecg = read_ecg(sample_file("ecg", "wfdb", "ptbxl_native", "00001_lr.hea"))
    texts = " ".join(figure_texts(ecg_page_figure(ecg, filters=(True, 60, True), filters_chosen=True)))
    assert "Display filter: 0.5–40 Hz · 60 Hz notch, as chosen in the ECG viewer" in texts
    texts = " ".join(figure_texts(ecg_page_figure(ecg)))
    assert "as chosen" not in texts and "Display filter: 0.5 Hz high-pass (" in texts
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    yy, xx = np.mgrid[0:40, 0:60]
    _draw_contours(ax, np.exp(-((xx - 30) ** 2 + (yy - 20) ** 2) / 80.0), (40, 60), (20, 30))
    lines = ax.get_lines()
    assert len(lines) == 2 * 3  # a halo and a line per level
    xs = np.concatenate([ln.get_xdata() for ln in lines])
    assert xs.min() >= -0.5 and xs.max() <= 29.5  # drawn on the half-size picture


# ---------------------------------------------------------------- (c) calipers by keyboard


def test_calipers_by_keyboard(qtbot):
    p = ECGPanel()
    qtbot.addWidget(p)
    p.resize(1100, 650)
    p.show()
    qtbot.waitExposed(p)
    p.set_ecg(read_ecg(sample_file("ecg", "wfdb", "ptbxl_native", "00001_lr.hea")))
    v = p.view
    v.setFocus()
    QTest.keyClick(v, Qt.Key.Key_K)
    c = v.caliper()
    assert v.caliper_mode() and p.calipers.isChecked()
    assert c["lead"] == "II" and c["panel"] == "rhythm" and c["dt_ms"] == 0 and v.caliper_active_end() == 2
    for _ in range(3):
        QTest.keyClick(v, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(v, Qt.Key.Key_Right)
    c = v.caliper()
    expected_ms = (3 * CALIPER_BIG_STEP_S + CALIPER_STEP_S) * 1000
    assert c["dt_ms"] == pytest.approx(expected_ms)
    assert c["hr_bpm"] == pytest.approx(60000 / expected_ms)
    assert p.readout.text() == f"II: Δt {expected_ms:.0f} ms · {60000 / expected_ms:.0f} bpm · ΔV {c['dv_mv']:+.2f} mV"
    assert np.isfinite(c["mv1"]) and np.isfinite(c["mv2"])  # the ends sit on the displayed trace
    QTest.keyClick(v, Qt.Key.Key_K)  # the other end
    assert v.caliper_active_end() == 1
    QTest.keyClick(v, Qt.Key.Key_Left)
    assert v.caliper()["t1_s"] == pytest.approx(1.0 - CALIPER_STEP_S)
    QTest.keyClick(v, Qt.Key.Key_Up)  # another lead, the same times where they fit
    assert v.caliper()["panel"] == "V6"
    QTest.keyClick(v, Qt.Key.Key_Escape)
    assert v.caliper() is None


# ---------------------------------------------------------------- (d) screen sizes


def test_footer_plan_never_overlaps():
    assert footer_plan(1000, 300, 100, 300, 10) == (True, True)
    assert footer_plan(650, 300, 100, 300, 10) == (False, True)  # the span gives way first
    assert footer_plan(500, 300, 100, 300, 10) == (True, False)
    assert footer_plan(300, 300, 100, 300, 10) == (False, False)
    assert footer_plan(1000, 300, 100, 0, 10) == (True, False)  # nothing shaded: no legend


def _overlaps(layout) -> list[str]:
    """Items of a control row (FlowLayout) that overlap each other."""
    rects = [(layout.itemAt(i).geometry(), layout.itemAt(i).widget()) for i in range(layout.count())]
    rects = [(r, wdg) for r, wdg in rects if r.width() > 0 and wdg is not None and wdg.isVisible()]
    return [f"{type(a).__name__} overlaps {type(b).__name__}" for i, (ra, a) in enumerate(rects)
            for rb, b in rects[i + 1:] if ra.intersects(rb)]


def _clipped(w: MainWindow) -> list[str]:
    """Controls narrower than their size hint (their text cut off) in the viewers and the case panel,
    and controls of a row drawn over each other."""
    bad = _overlaps(w.ecg_panel.controls) + _overlaps(w.cxr_panel.controls)
    for pane in (w.ecg_panel, w.cxr_panel, w.case_input):
        for kind in (QComboBox, QAbstractButton, QLabel):
            for c in pane.findChildren(kind):
                if not c.isVisible() or "Elided" in type(c).__name__ or c is getattr(w.ecg_panel, "readout", None):
                    continue
                if c.property(SEPARATOR_PROPERTY) and c.width() == 0:
                    continue  # a group separator the control row dropped at a line's end
                if c.width() < c.sizeHint().width() or c.height() < c.minimumSizeHint().height():
                    text = c.currentText() if isinstance(c, QComboBox) else c.text()
                    bad.append(f"{type(c).__name__} {text!r}: {c.width()} < {c.sizeHint().width()}")
    return bad


@pytest.mark.parametrize("screen", list(SCREENS))
def test_window_fits_each_screen(qtbot, tmp_path, demo_case_files, screen):
    avail = SCREENS[screen]
    w = make_window(tmp_path, fit_to_screen(avail))
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    try:
        assert wait_for(lambda: w.ecg_panel is not None, 60)
        d = demo_case_files
        w.open_case(ecg=d.ecg_path, cxr=d.cxr_path)
        assert wait_for(lambda: w._case.ecg is not None and w._case.cxr is not None, 60)
        qtbot.wait(50)
        assert w.width() <= avail[0] and w.height() <= avail[1]
        assert w.size().toTuple() == fit_to_screen(avail)  # not pushed larger by a minimum size
        mins = w.minimumSizeHint()
        assert mins.width() <= avail[0] and mins.height() <= avail[1]
        assert _clipped(w) == []
        for v in (w.ecg_panel.view,):
            v.repaint()
            assert v.footer_shown.get("filter", "").startswith("0.5 Hz high-pass")
    finally:
        w.shutdown()


def test_scale_factor_two_in_a_subprocess(tmp_path, demo_case_files):
    """QT_SCALE_FACTOR=2 on the 1920 x 1080 screen: the window's logical size is 960 x 540 at most."""
    script = textwrap.dedent(f"""
        import sys
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from ph_assist.gui.app import wait_for
        from ph_assist.gui.launch import fit_to_screen
        from ph_assist.gui.main_window import MainWindow
        from tests.test_gui_ux12 import _clipped
        w = MainWindow(bundle_path={str(tmp_path / 'none')!r},
                       settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))
        w.resize(*fit_to_screen((960, 540)))
        w.show()
        assert wait_for(lambda: w.ecg_panel is not None, 60)
        w.open_case(ecg={str(demo_case_files.ecg_path)!r}, cxr={str(demo_case_files.cxr_path)!r})
        assert wait_for(lambda: w._case.ecg is not None and w._case.cxr is not None, 60)
        wait_for(lambda: False, 0.2)
        print(w.devicePixelRatio(), w.width(), w.height(), _clipped(w))
        w.shutdown()
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", PYTHONPATH=str(REPO))
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    dpr, width, height, clipped = out.stdout.strip().splitlines()[-1].split(" ", 3)
    assert float(dpr) == 2.0 and int(width) <= 960 and int(height) <= 540 and clipped == "[]"
