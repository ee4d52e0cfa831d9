"""ECGView / ECGPanel (PySide6, offscreen) and the Qt-free display filters."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ph_assist.io import build_ecg  # noqa: E402
from ph_assist.io.leads import STANDARD_LEADS  # noqa: E402
from ph_assist.preprocess.display_filters import describe_filters, display_filter  # noqa: E402
from tests.ecg_fixtures import synthetic_leads  # noqa: E402

pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtWidgets")
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QHelpEvent, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollBar, QToolTip  # noqa: E402

from ph_assist.gui.ecg_view import ECGPanel, ECGView  # noqa: E402

FS = 500.0
PANELS = (*STANDARD_LEADS, "rhythm")


# ---------------------------------------------------------------- helpers
def make_ecg(seconds: float = 10.0, fs: float = FS, **overrides):
    leads = synthetic_leads(fs, seconds)
    leads.update(overrides)
    return build_ecg(leads, fs, source_format="test", source_path="synthetic", allow_incomplete=True)


def pixels(widget) -> np.ndarray:
    """The widget as an (h, w, 3) uint8 RGB array."""
    img = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    w, h = img.width(), img.height()
    raw = np.frombuffer(img.constBits(), np.uint8, count=img.sizeInBytes())
    bgra = raw.reshape(h, img.bytesPerLine() // 4, 4)[:, :w]
    return bgra[..., 2::-1].copy()  # BGRA in memory -> RGB


def region(arr: np.ndarray, rect, x0: float = 0.0, x1: float = 1.0, y0: float = 0.0, y1: float = 1.0) -> np.ndarray:
    """Part of a panel rectangle (fractions of its width/height) cut from a pixel array."""
    xa, xb = int(rect.left() + x0 * rect.width()), int(rect.left() + x1 * rect.width())
    ya, yb = int(rect.top() + y0 * rect.height()), int(rect.top() + y1 * rect.height())
    return arr[max(0, ya):yb, max(0, xa):xb]


def dark(px: np.ndarray) -> int:
    """Trace-coloured (near black) pixels; the grid is pink, the paper near white."""
    return int((px.max(axis=-1) < 90).sum())


def warn_coloured(px: np.ndarray) -> int:
    r, g, b = px[..., 0].astype(int), px[..., 1].astype(int), px[..., 2].astype(int)
    return int(((r > 150) & (g < 120) & (b < 60)).sum())


def point(view: ECGView, key: str, t_rel: float, mv_above_baseline: float = 0.0) -> QPointF:
    """Widget point at ``t_rel`` seconds into a panel, ``mv`` above its baseline."""
    rect = view.panel_rect(key)
    ppm = view.px_per_mm()
    return QPointF(rect.left() + t_rel * view.speed() * ppm,
                   rect.center().y() - mv_above_baseline * view.gain() * ppm)


@pytest.fixture
def view(qtbot):
    v = ECGView()
    qtbot.addWidget(v)
    v.resize(1280, 820)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.fixture(scope="module")
def ecg():
    return make_ecg()


# ---------------------------------------------------------------- display filters (no Qt)
def test_display_filter_removes_powerline_and_drift_keeps_10_hz():
    t = np.arange(int(10 * FS)) / FS
    wanted = np.sin(2 * np.pi * 10 * t)
    x = wanted + 0.5 * np.sin(2 * np.pi * 50 * t) + 1.0 * np.sin(2 * np.pi * 0.2 * t + 0.3)
    y = display_filter(x, FS, highpass=True, notch=50, lowpass=False)
    mid = slice(int(FS), -int(FS))  # the edges of a 0.5 Hz high-pass need a second
    assert y.dtype == np.float32 and y.shape == x.shape
    assert np.sqrt(np.mean((y[mid] - wanted[mid]) ** 2)) < 0.04  # raw residual is ~0.8
    spec = np.abs(np.fft.rfft(y[mid])) / (y[mid].size / 2)
    freqs = np.fft.rfftfreq(y[mid].size, 1 / FS)
    amp = {f: spec[np.argmin(np.abs(freqs - f))] for f in (0.2, 10.0, 50.0)}
    assert amp[10.0] == pytest.approx(1.0, abs=0.05)  # kept, and zero-phase (residual above)
    assert amp[50.0] < 0.02 and amp[0.2] < 0.1


def test_display_filter_lowpass_and_nan_safety():
    t = np.arange(int(10 * FS)) / FS
    x = np.sin(2 * np.pi * 10 * t) + 0.5 * np.sin(2 * np.pi * 120 * t)
    lead = x.copy()
    lead[2000:2600] = np.nan  # a long gap: each side filtered on its own
    lead[3000:3004] = np.nan  # a short dropout: bridged
    sig = np.stack([x, lead, np.full_like(x, np.nan)]).astype(np.float32)
    before = sig.copy()
    y = display_filter(sig, FS, highpass=True, notch=None, lowpass=True)
    assert np.array_equal(np.isnan(y), np.isnan(sig))  # NaN exactly where it was
    assert np.array_equal(sig, before, equal_nan=True)  # input untouched
    mid = slice(int(FS), 1900)
    assert np.sqrt(np.mean((y[0, mid] - np.sin(2 * np.pi * 10 * t[mid])) ** 2)) < 0.03  # 120 Hz gone
    away = np.r_[500:1000, 3300:4500]  # more than ~0.6 s from the gaps: as if there were none
    assert np.abs(y[1, away] - y[0, away]).max() < 0.01
    assert np.isfinite(y[1, 2600:]).sum() == 2400 - 4  # after the long gap the trace goes on
    off = display_filter(sig, FS, highpass=False, notch=None, lowpass=False)
    assert off is not sig and np.array_equal(off, sig, equal_nan=True)
    with pytest.raises(ValueError):
        display_filter(sig, FS, notch=55)
    assert describe_filters(True, 50, True) == "0.5–40 Hz · 50 Hz notch"


# ---------------------------------------------------------------- rendering
def test_empty_state(view):
    assert view.position_at(QPointF(600, 400)) is None
    px = pixels(view)
    centre = px[380:440, 500:780]
    assert dark(centre) == 0 and (centre.max(axis=-1) < 160).sum() > 50  # grey "No ECG loaded"


def test_traces_in_all_13_panels_and_screenshot(qtbot, ecg, tmp_path):
    panel = ECGPanel()
    qtbot.addWidget(panel)
    panel.resize(1280, 880)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_ecg(ecg)
    t = np.arange(ecg.n_samples) / ecg.fs
    cam = np.exp(-0.5 * ((t - 1.3) / 0.25) ** 2) + 0.7 * np.exp(-0.5 * ((t - 6.4) / 0.2) ** 2)
    panel.set_explanation((cam / cam.max()).astype(np.float32))
    view = panel.view
    view.set_caliper_mode(True)
    a, b = point(view, "rhythm", 3.0), point(view, "rhythm", 3.85, 1.0)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=a.toPoint())
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=b.toPoint())

    px = pixels(view)
    for key in PANELS:  # skip the label and the lead-change tick at the left
        assert dark(region(px, view.panel_rect(key), x0=0.25)) > 40, key
    out = tmp_path / "ecg_view.png"
    assert panel.grab().save(str(out))
    shutil.copyfile(out, "/tmp/ecg_view.png")
    assert out.stat().st_size > 10_000


def test_explanation_band_visible_hidden_and_opacity(view, ecg):
    view.set_ecg(ecg)
    plain = pixels(view)
    t = np.arange(ecg.n_samples) / ecg.fs
    centres = [1.25, 3.75, 6.25, 8.75]  # one bump in each column
    cam = np.max([np.exp(-0.5 * ((t - c) / 0.2) ** 2) for c in centres], axis=0).astype(np.float32)
    view.set_explanation(cam)
    shown = pixels(view)
    diff = np.abs(shown.astype(int) - plain.astype(int)).sum(axis=-1)
    for key in PANELS:
        assert (region(diff[..., None], view.panel_rect(key))[..., 0] > 30).sum() > 200, key
    # the band sits at the right time: in the rhythm strip the change is centred on 6.25 s (+- 2 mm)
    # (its centroid: with inferno the map's top is pale yellow, close to the paper, so the largest
    # change is on the bump's flanks, symmetric about its centre)
    rect = view.panel_rect("rhythm")
    cols = region(diff[..., None], rect, x0=0.5, x1=0.75)[..., 0].sum(axis=0).astype(float)
    peak_x = rect.left() + 0.5 * rect.width() + float((cols * np.arange(cols.size)).sum() / cols.sum())
    expected = point(view, "rhythm", 6.25).x()
    assert abs(peak_x - expected) < 2 * view.px_per_mm()

    view.set_explanation_visible(False)
    assert np.array_equal(pixels(view), plain)
    view.set_explanation_visible(True)
    view.set_explanation_opacity(0.0)
    assert np.array_equal(pixels(view), plain)
    view.set_explanation_opacity(0.25)
    faint = pixels(view)
    assert 0 < np.abs(faint.astype(int) - plain.astype(int)).sum() < diff.sum()
    view.set_explanation(None)
    assert np.array_equal(pixels(view), plain)
    with pytest.raises(ValueError):
        view.set_explanation(np.zeros(ecg.n_samples - 1))
    with pytest.raises(ValueError):
        view.set_explanation(np.full(ecg.n_samples, 2.0))


def test_filter_text_follows_settings_and_filters_change_the_trace(view):
    t = np.arange(int(10 * FS)) / FS
    leads = synthetic_leads(FS, 10.0)
    leads = {k: (v + 0.3 * np.sin(2 * np.pi * 50 * t)).astype(np.float32) for k, v in leads.items()}
    view.set_ecg(build_ecg(leads, FS, source_format="test", source_path="x"))
    view.set_filters(True, 50, True)
    assert view.filter_text() == "0.5–40 Hz · 50 Hz notch · 25 mm/s · 10 mm/mV"
    clean = pixels(view)
    view.set_filters(False, None, False)
    assert view.filter_text() == "unfiltered · 25 mm/s · 10 mm/mV"
    noisy = pixels(view)
    rect = view.panel_rect("rhythm")
    assert dark(region(noisy, rect, x0=0.1)) > 1.3 * dark(region(clean, rect, x0=0.1))  # 50 Hz fuzz
    view.set_filters(True, 60, False)
    view.set_speed(50)
    view.set_gain(20)
    assert view.filter_text() == "0.5 Hz high-pass · 60 Hz notch · 50 mm/s · 20 mm/mV"
    with pytest.raises(ValueError):
        view.set_speed(30)
    with pytest.raises(ValueError):
        view.set_gain(7)


def test_position_at_maps_panels_to_lead_time_and_mv(view, ecg):
    view.set_ecg(ecg)
    s_per_px = 1.0 / (view.px_per_mm() * view.speed())
    for key, t_centre in (("V1", 6.25), ("aVR", 3.75), ("III", 1.25), ("V6", 8.75), ("rhythm", 5.0)):
        lead, t, mv = view.position_at(view.panel_rect(key).center())
        assert lead == ("II" if key == "rhythm" else key)
        assert t == pytest.approx(t_centre, abs=s_per_px)
    # 1 mV above the baseline reads 1 mV more than the baseline (10 mm/mV)
    _, _, base = view.position_at(point(view, "V2", 1.0))
    _, _, up = view.position_at(point(view, "V2", 1.0, 1.0))
    assert up - base == pytest.approx(1.0, abs=1.5 / (view.px_per_mm() * view.gain()))
    view.set_gain(20)
    _, _, base = view.position_at(point(view, "V2", 1.0))
    _, _, up = view.position_at(point(view, "V2", 1.0, 0.5))
    assert up - base == pytest.approx(0.5, abs=1.5 / (view.px_per_mm() * view.gain()))
    rect = view.panel_rect("I")
    assert view.position_at(QPointF(rect.left() - 10, rect.center().y())) is None  # calibration pulse
    assert view.position_at(QPointF(5, 5)) is None


def test_speed_scrolls_and_mapping_survives_scrolling(view, ecg):
    view.set_ecg(ecg)
    ppm = view.px_per_mm()
    assert view.panel_rect("rhythm").width() == pytest.approx(250 * ppm)
    view.set_speed(50)
    ppm = view.px_per_mm()
    assert view.panel_rect("rhythm").width() == pytest.approx(500 * ppm)
    assert view.panel_rect("rhythm").width() > view.width()  # wider than the widget: it scrolls
    hbar = next(b for b in view.findChildren(QScrollBar) if b.orientation() == Qt.Orientation.Horizontal)
    assert hbar.isVisible() and hbar.maximum() > 0
    hbar.setValue(hbar.maximum())
    lead, t, _ = view.position_at(view.panel_rect("V5").center())
    assert lead == "V5" and t == pytest.approx(8.75, abs=0.01)
    px = pixels(view)
    assert dark(region(px, view.panel_rect("V5"), x0=0.25)) > 40


def test_calipers_measure_the_dragged_interval(qtbot, view, ecg):
    view.set_ecg(ecg)
    view.set_caliper_mode(True)
    a = point(view, "rhythm", 2.0).toPoint()
    b = point(view, "rhythm", 2.83, 1.2).toPoint()
    with qtbot.waitSignal(view.caliperMeasured, timeout=2000) as blocker:
        qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=a)
        qtbot.mouseMove(view, b)
        qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=b)
    m = blocker.args[0]
    ppm = view.px_per_mm()
    expected_ms = (b.x() - a.x()) / (ppm * view.speed()) * 1000.0
    assert m["lead"] == "II" and m["panel"] == "rhythm"
    assert abs(m["dt_ms"] - expected_ms) <= 1000.0 / ecg.fs + 1e-9  # within one sample
    assert m["hr_bpm"] == pytest.approx(60000.0 / m["dt_ms"])
    assert m["dv_mv"] == pytest.approx((a.y() - b.y()) / (ppm * view.gain()), abs=1e-6)
    assert view.caliper() == m
    before = pixels(view)
    view.set_caliper_mode(False)  # clears the calipers
    assert view.caliper() is None
    assert not np.array_equal(before, pixels(view))
    # a drag past the panel is clamped to it
    view.set_caliper_mode(True)
    start = point(view, "V1", 2.0)
    end = point(view, "V2", 2.2)  # next panel: V2, below V1; clamped to V1's bottom edge
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end.toPoint())
    m = view.caliper()
    assert m["lead"] == "V1" and 5.0 <= m["t1_s"] <= m["t2_s"] <= 7.5


def test_click_opens_enlarged_lead_and_escape_or_click_closes(qtbot, view, ecg):
    view.set_ecg(ecg)
    page = pixels(view)
    with qtbot.waitSignal(view.leadClicked, timeout=2000) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.panel_rect("V1").center().toPoint())
    assert blocker.args == ["V1"]
    assert view.zoomed_lead() == "V1" and view.lead_overlay.isVisible()
    zoomed = pixels(view)
    assert np.abs(zoomed.astype(int) - page.astype(int)).sum(axis=-1).astype(bool).mean() > 0.5
    qtbot.keyClick(view.lead_overlay, Qt.Key.Key_Escape)
    assert view.zoomed_lead() is None
    assert np.array_equal(pixels(view), page)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.panel_rect("rhythm").center().toPoint())
    assert view.zoomed_lead() == "II"
    qtbot.mouseClick(view.lead_overlay, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert view.zoomed_lead() is None
    view.set_caliper_mode(True)  # in caliper mode a click measures instead
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.panel_rect("V1").center().toPoint())
    assert view.zoomed_lead() is None


def test_missing_and_flat_leads_are_labelled(view):
    n = int(10 * FS)
    ecg = make_ecg(V3=np.full(n, np.nan, np.float32), V5=np.zeros(n, np.float32))
    view.set_ecg(ecg)
    assert view.lead_label("V3") == ("V3 · missing", True)
    assert view.lead_label("V5") == ("V5 · flat", True)
    assert view.lead_label("V1") == ("V1", False)
    assert "missing" in view.tooltip_at(view.panel_rect("V3").center())
    assert "flat" in view.tooltip_at(view.panel_rect("V5").center())
    assert view.tooltip_at(view.panel_rect("V1").center()) == ""
    centre = view.panel_rect("V5").center().toPoint()  # the real tool-tip event path
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, centre, view.mapToGlobal(centre)))
    assert "flat" in QToolTip.text()
    QToolTip.hideText()
    px = pixels(view)
    for key, warned in (("V3", True), ("V5", True), ("V1", False), ("II", False)):
        label = region(px, view.panel_rect(key), x1=0.6, y1=0.25)
        assert (warn_coloured(label) > 20) == warned, key
    assert warn_coloured(region(px, view.panel_rect("V3"), 0.2, 0.8, 0.35, 0.65)) > 20  # "lead missing"
    assert dark(region(px, view.panel_rect("V3"), x0=0.25)) == 0  # no trace


def test_long_record_window_and_short_record(qtbot, view):
    long_ecg = make_ecg(seconds=30.0)
    panel = ECGPanel()
    qtbot.addWidget(panel)
    panel.resize(1280, 880)
    panel.show()
    panel.set_ecg(long_ecg)
    v = panel.view
    assert v.window() == (0.0, 10.0) and v.max_window_start() == pytest.approx(20.0)
    assert panel.window_slider.isVisible() and panel.window_slider.maximum() == 200
    panel.window_slider.setValue(120)
    assert v.window() == pytest.approx((12.0, 22.0))
    assert v.position_at(v.panel_rect("V1").center())[1] == pytest.approx(18.25, abs=0.01)
    v.setFocus()
    qtbot.keyClick(v, Qt.Key.Key_Right)
    assert v.window_start() == pytest.approx(13.0) and panel.window_slider.value() == 130
    v.set_window_start(99)
    assert v.window() == pytest.approx((20.0, 30.0))

    short = make_ecg(seconds=6.0)
    view.set_ecg(short)
    assert view.window() == pytest.approx((0.0, 6.0))
    px = pixels(view)
    assert dark(region(px, view.panel_rect("V1"), x0=0.1, x1=0.35)) > 10  # 5-6 s is there
    assert dark(region(px, view.panel_rect("V4"), x0=0.25)) == 0  # 7.5-10 s is not
    assert view.position_at(view.panel_rect("V4").center()) is None


def test_panel_controls_drive_the_view_and_follow_it(qtbot, ecg):
    panel = ECGPanel()
    qtbot.addWidget(panel)
    panel.show()
    v = panel.view
    assert not panel.cam.isEnabled()
    assert not panel.window_slider.isVisibleTo(panel)
    panel.set_ecg(ecg)
    panel.highpass.setChecked(False)
    panel.notch.setCurrentIndex(panel.notch.findData(60))
    panel.lowpass.setChecked(True)
    assert v.filters() == (False, 60, True)
    panel.speed.setCurrentIndex(panel.speed.findData(50.0))
    panel.gain.setCurrentIndex(panel.gain.findData(5.0))
    assert (v.speed(), v.gain()) == (50.0, 5.0)
    panel.zoom.setCurrentIndex(panel.zoom.findData(2.0))
    assert v.zoom() == 2.0
    v.set_filters(True, None, False)  # driven directly: the controls follow
    v.set_speed(25)
    assert panel.highpass.isChecked() and panel.notch.currentData() is None and not panel.lowpass.isChecked()
    assert panel.speed.currentData() == 25.0
    panel.set_explanation(np.zeros(ecg.n_samples, np.float32))
    assert panel.cam.isEnabled()
    panel.cam_opacity.setValue(30)
    assert v.explanation_opacity() == pytest.approx(0.3)
    panel.cam.setChecked(False)
    assert not v.explanation_visible()
    panel.calipers.setChecked(True)
    assert v.caliper_mode()
    v.caliperMeasured.emit({"lead": "V2", "dt_ms": 800.0, "hr_bpm": 75.0, "dv_mv": 1.0})
    assert "800 ms" in panel.readout.text() and "75 bpm" in panel.readout.text()
    panel.set_ecg(None)
    assert v.ecg() is None and not panel.cam.isEnabled()


def test_full_repaint_is_fast(view):
    view.set_ecg(make_ecg())  # 12 leads, 500 Hz, 10 s
    t = np.arange(5000) / FS
    view.set_explanation((0.5 + 0.5 * np.sin(t)).astype(np.float32))
    view.grab()
    ms = view.render_page_ms(repeats=5)  # geometry rebuilt and every layer drawn, each time
    print(f"full uncached repaint: {ms:.1f} ms at {view.width()}x{view.height()}")
    assert ms < 50.0


def test_lead_attribution_chips_legend_and_shared_colour_scale(view, ecg):
    from ph_assist import render
    from ph_assist.gui import colormaps
    from ph_assist.gui.ecg_view import CAM_CMAP

    assert CAM_CMAP == colormaps.DEFAULT_CMAP == render.HEAT_CMAP == "inferno"  # one scale everywhere
    view.set_ecg(ecg)
    assert view.legend_title() == "" and view.chip_rect("V1") is None
    plain = pixels(view)
    values = np.zeros(12)
    values[STANDARD_LEADS.index("V1")] = 2.0  # the strongest lead
    values[STANDARD_LEADS.index("II")] = 1.0
    values[STANDARD_LEADS.index("V5")] = -0.5  # lowered the score
    view.set_lead_attribution(values)
    assert view.legend_title() == "Lead attribution"
    assert view.lead_level("V1") == 1.0 and view.lead_level("II") == 0.5 and view.lead_level("V5") == 0.0
    arr = pixels(view)
    lut = colormaps.colormap_lut(CAM_CMAP)
    for lead, level in (("V1", 1.0), ("II", 0.5), ("V5", 0.0)):
        rect = view.chip_rect(lead)
        inner = region(arr, rect, 0.3, 0.7, 0.3, 0.7).reshape(-1, 3).astype(int)
        expected = lut[int(round(level * 255))][:3].astype(int)
        assert np.abs(inner - expected).max() <= 3, lead  # the chip shows the lead's colour on the scale
    # the legend is drawn in the footer, and the tooltip gives the value and rank
    assert np.abs(arr.astype(int) - plain.astype(int)).sum() > 0
    assert "attribution +2.00 (rank 1 of 12" in view.lead_tooltip("V1")
    assert "rank 2 of 12" in view.lead_tooltip("II")
    view.set_explanation(np.full(ecg.n_samples, 0.5, np.float32))
    assert view.legend_title() == "Grad-CAM · lead"
    view.set_explanation_visible(False)  # the Grad-CAM toggle hides chips and bands alike
    assert view.legend_title() == "" and view.chip_rect("V1") is None
    view.set_explanation_visible(True)
    view.set_explanation(None)
    view.set_lead_attribution(None)
    assert np.array_equal(pixels(view), plain)
    with pytest.raises(ValueError, match="12 finite"):
        view.set_lead_attribution(np.zeros(11))
    view.set_ecg(ecg)  # a new ECG clears the attribution
    assert view.lead_attribution() is None
    view.set_ecg(None)
    with pytest.raises(ValueError, match="set_ecg first"):
        view.set_lead_attribution(values)


def test_panel_enables_the_toggle_for_lead_attribution_alone(qtbot, ecg):
    panel = ECGPanel()
    qtbot.addWidget(panel)
    panel.set_ecg(ecg)
    assert not panel.cam.isEnabled()
    panel.set_lead_attribution(np.arange(12.0))
    assert panel.cam.isEnabled()
    panel.cam.setChecked(False)
    assert not panel.view.explanation_visible() and panel.view.legend_title() == ""
