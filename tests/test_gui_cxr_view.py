"""The chest X-ray viewer (ph_assist.gui.cxr_view) and its colour maps (ph_assist.gui.colormaps).

Runs offscreen (pytest-qt, QT_QPA_PLATFORM=offscreen).  The radiograph is
RG1_UNCR.dcm of pydicom-data (a real CR chest PA, 15-bit MONOCHROME1),
downsampled and re-written by ``tests/cxr_fixtures.py`` with the windows and
pixel spacings each test needs, then read with :func:`read_cxr`.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QImage, QMouseEvent, QWheelEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ph_assist.gui import colormaps  # noqa: E402
from ph_assist.gui.cxr_view import EMPTY_MAP_TEXT, EMPTY_TEXT, CXRPanel, CXRView, to_uint8  # noqa: E402
from ph_assist.io.cxr import read_cxr  # noqa: E402
from tests import cxr_fixtures as fx  # noqa: E402

WINDOWS = dict(WindowCenter=[15000, 12000], WindowWidth=[30000, 8000],
               WindowCenterWidthExplanation=["NORMAL", "HARD"])


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """RG1_UNCR downsampled 4x (488 x 460), with different windows and spacings."""
    d = tmp_path_factory.mktemp("gui_cxr")
    small = fx.rg1_pixels(4)
    return {
        "windows": fx.save(fx.cr_dataset(small, **WINDOWS), d / "windows.dcm"),
        "calibrated": fx.save(fx.cr_dataset(small, PixelSpacing=[0.2, 0.25], **WINDOWS), d / "cal.dcm"),
        "detector": fx.save(fx.cr_dataset(small, ImagerPixelSpacing=[0.6, 0.6], **WINDOWS), d / "det.dcm"),
        "magnified": fx.save(fx.cr_dataset(small, ImagerPixelSpacing=[0.6, 0.6],
                                           EstimatedRadiographicMagnificationFactor=1.2, **WINDOWS),
                             d / "mag.dcm"),
        "plain": fx.save(fx.cr_dataset(small), d / "plain.dcm"),  # no window, no spacing
    }


@pytest.fixture
def panel(qtbot) -> CXRPanel:
    p = CXRPanel()
    qtbot.addWidget(p)
    p.resize(900, 720)
    p.show()
    qtbot.waitExposed(p)
    return p


def load(panel: CXRPanel, path: Path):
    cxr = read_cxr(path)
    panel.set_cxr(cxr)
    QApplication.processEvents()
    return cxr


def grab(widget) -> np.ndarray:
    """The widget as an (H, W, 3) uint8 array."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = image.width(), image.height(), image.bytesPerLine()
    buf = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return buf.reshape(h, bpl)[:, : 3 * w].reshape(h, w, 3).copy()


def image_region(view: CXRView, arr: np.ndarray, inset: int = 4) -> np.ndarray:
    """The part of a viewport grab that shows the image."""
    h, w = view.cxr().shape
    tl, br = view.view_pos_of(0, 0), view.view_pos_of(h - 1, w - 1)
    y0, y1 = max(int(tl.y()) + inset, 0), min(int(br.y()) - inset, arr.shape[0])
    x0, x1 = max(int(tl.x()) + inset, 0), min(int(br.x()) - inset, arr.shape[1])
    return arr[y0:y1, x0:x1]


def mouse(view: CXRView, kind: QEvent.Type, pos: QPointF, button=Qt.MouseButton.NoButton,
          buttons=Qt.MouseButton.NoButton) -> None:
    vp = view.viewport()
    event = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(QPointF(pos))), button, buttons,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, event)


def drag(view: CXRView, button, start: QPointF, end: QPointF, steps: int = 10, process: bool = True) -> None:
    mouse(view, QEvent.Type.MouseButtonPress, start, button, button)
    for i in range(1, steps + 1):
        t = i / steps
        p = QPointF(start.x() + t * (end.x() - start.x()), start.y() + t * (end.y() - start.y()))
        mouse(view, QEvent.Type.MouseMove, p, Qt.MouseButton.NoButton, button)
        if process:
            QApplication.processEvents()
    mouse(view, QEvent.Type.MouseButtonRelease, end, button, Qt.MouseButton.NoButton)
    QApplication.processEvents()


def centre(view: CXRView) -> QPointF:
    return QPointF(view.viewport().rect().center())


def luminance(arr: np.ndarray) -> np.ndarray:
    return arr.astype(np.float64).mean(axis=2)


# --------------------------------------------------------------------------- display


def test_empty_state(panel):
    view = panel.view
    assert view.cxr() is None and view.window() is None
    assert view.pixel_at(centre(view)) is None
    arr = grab(view.viewport())
    assert arr.std() > 0  # the empty-state text is drawn on black
    assert EMPTY_TEXT == "No chest X-ray loaded"
    assert not panel.preset_combo.isEnabled() and not panel.cam_check.isEnabled()
    with pytest.raises(ValueError):
        view.set_heatmap(np.zeros((100, 100), np.float32))


def test_shows_the_image_at_the_file_window(panel, files):
    cxr = load(panel, files["windows"])
    view = panel.view
    assert view.window() == (15000.0, 30000.0) and view.window_is_default()
    assert panel.wl_label.text() == "C 15000 / W 30000"
    region = luminance(image_region(view, grab(view.viewport())))
    assert region.std() > 10  # a radiograph, not a flat field
    # The shown grey levels are the reader's display image.
    assert np.array_equal(view._u8, to_uint8(cxr.image))
    # A 2000 x 2000 -> QImage conversion keeps its buffer referenced.
    assert view._qimage is not None and view._qimage.width() == cxr.shape[1]


def test_presets_listed_from_the_file(panel, files):
    load(panel, files["windows"])
    combo = panel.preset_combo
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["Default", "Lung", "Mediastinum", "NORMAL", "HARD", "Full range", "Custom"]
    assert combo.itemData(3) == (15000.0, 30000.0) and combo.itemData(4) == (12000.0, 8000.0)
    assert "C 12000 / W 8000" in combo.itemData(4, Qt.ItemDataRole.ToolTipRole)
    assert [p[0] for p in panel.view.presets()] == ["Lung", "Mediastinum", "NORMAL", "HARD", "Full range"]
    hard = 4
    panel.preset_combo.activated.emit(hard)
    assert panel.view.window() == (12000.0, 8000.0) and not panel.view.window_is_default()
    assert panel.preset_combo.currentIndex() == hard
    assert panel.wl_label.text() == "C 12000 / W 8000"


def test_file_without_window_defaults_to_its_voi(panel, files):
    cxr = load(panel, files["plain"])
    view = panel.view
    assert view.window_is_default() and not view.window_is_exact()
    assert panel.wl_label.text().startswith("file VOI: data range")
    lo, hi = float(cxr.values.min()), float(cxr.values.max())
    assert view.window() == pytest.approx(((lo + hi) / 2, hi - lo))
    assert np.array_equal(view._u8, to_uint8(cxr.image))


def test_wl_drag_direction_and_reset(panel, files, qtbot):
    cxr = load(panel, files["windows"])
    view = panel.view
    view.set_window(12000, 8000)  # a narrow window, so that widening has room to lower contrast
    QApplication.processEvents()
    narrow = grab(view.viewport())
    c0, w0 = view.window()
    changes = []
    view.windowChanged.connect(lambda c, w: changes.append((c, w)))
    start = centre(view)
    # Right drag to the right: wider window, same level.
    drag(view, Qt.MouseButton.RightButton, start, start + QPointF(150, 0))
    c1, w1 = view.window()
    assert w1 > w0 and c1 == pytest.approx(c0)
    assert changes and changes[-1] == (c1, w1)
    assert panel.preset_combo.currentText() == "Custom"
    wide = grab(view.viewport())
    assert luminance(image_region(view, wide)).std() < luminance(image_region(view, narrow)).std()
    np.testing.assert_array_equal(view._display, cxr.windowed(c1, w1))
    # Drag down: higher level, same width.
    drag(view, Qt.MouseButton.RightButton, start, start + QPointF(0, 80))
    c2, w2 = view.window()
    assert c2 > c1 and w2 == pytest.approx(w1)
    # Left drag with the W/L tool (the default tool) does the same.
    assert view.tool() == "wl"
    drag(view, Qt.MouseButton.LeftButton, start, start + QPointF(-60, 0))
    assert view.window()[1] < w2
    # Reset: back to the file default, pixel for pixel.
    panel.reset_button.click()
    assert view.window() == (15000.0, 30000.0) and view.window_is_default()
    assert panel.preset_combo.currentIndex() == 0
    view.set_window(15000, 30000)
    at_file_window = grab(view.viewport())
    view.reset_window()
    np.testing.assert_array_equal(grab(view.viewport()), at_file_window)


def test_wl_drag_is_throttled_and_exact_on_release(panel, files):
    load(panel, files["windows"])
    view = panel.view
    c0, w0 = view.window()
    before = view.render_count
    start = centre(view)
    # 40 moves with no event processing in between: far fewer re-renders, the last position wins.
    drag(view, Qt.MouseButton.RightButton, start, start + QPointF(200, -40), steps=40, process=False)
    renders = view.render_count - before
    assert 1 <= renders <= 3
    expected = view._dragged_window(c0, w0, 200, -40)
    assert view.window() == pytest.approx(expected)


def test_set_window_rejects_invalid(panel, files):
    load(panel, files["windows"])
    for c, w in ((1000, 0), (1000, -5), (float("nan"), 100), (1000, float("inf"))):
        with pytest.raises(ValueError):
            panel.view.set_window(c, w)


def test_window_update_is_fast_on_a_full_size_radiograph(qtbot):
    """W/L on the full RG1_UNCR (1955 x 1841): windowing, uint8, QImage and QPixmap together."""
    cxr = read_cxr(fx.testdata("RG1_UNCR.dcm"))
    assert cxr.shape[0] * cxr.shape[1] > 3.5e6
    view = CXRView()
    qtbot.addWidget(view)
    view.resize(600, 600)
    view.set_cxr(cxr)
    times = []
    for i in range(7):
        t0 = time.perf_counter()
        view.set_window(14000 + 100 * i, 20000 + 500 * i)
        times.append((time.perf_counter() - t0) * 1e3)
    median = float(np.median(times))
    # Minified to fit: drawn from a box-filtered level, not by skipping pixels.
    item = view._image_item
    assert view.zoom() < 0.5 and item.level_for(view.zoom()) >= 1
    view.viewport().repaint()
    k = item.level_for(view.zoom())
    level = item._level(k)[0]
    assert level.shape == (cxr.shape[0] >> k, cxr.shape[1] >> k)
    assert abs(float(level.mean()) - float(view._u8.mean())) < 1.0
    print(f"\nW/L update on {cxr.shape[0]} x {cxr.shape[1]}: median {median:.1f} ms "
          f"(render {view.last_render_ms:.1f} ms)")
    assert median < 250  # typically ~30 ms; generous for a loaded shared machine


def test_box_filtered_levels():
    from ph_assist.gui.cxr_view import _GreyImageItem, _half

    u8 = np.arange(7 * 9, dtype=np.uint8).reshape(7, 9) * 4
    half = _half(u8)
    assert half.shape == (3, 4)
    assert half[1, 2] == round(u8[2:4, 4:6].astype(float).mean())
    item = _GreyImageItem()
    item.set_image(np.zeros((1000, 800), np.uint8))
    assert [item.level_for(s) for s in (2.0, 1.0, 0.6, 0.5, 0.3, 0.25, 0.1, 0.01)] == [0, 0, 0, 1, 1, 2, 3, 4]


# --------------------------------------------------------------------------- zoom, pan, mapping, read-out


def test_zoom_and_fit(panel, files, qtbot):
    load(panel, files["windows"])
    view = panel.view
    fitted = view.zoom()
    assert view.is_fitted() and fitted == pytest.approx(view.fit_zoom())
    view.zoom_by(2.0)
    assert view.zoom() == pytest.approx(2 * fitted) and not view.is_fitted()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom() == pytest.approx(2.5 * fitted)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom() == pytest.approx(2 * fitted)
    # Wheel: zoom about the pointer, which keeps the pixel under it.
    pos = centre(view) + QPointF(60, -40)
    under = view.pixel_at(pos)
    wheel = QWheelEvent(pos, QPointF(view.viewport().mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(2.5 * fitted)
    after = view.pixel_at(pos)
    assert abs(after[0] - under[0]) <= 1 and abs(after[1] - under[1]) <= 1
    # Pan with the middle button moves the image with the pointer.
    before = view.pixel_at(centre(view))
    drag(view, Qt.MouseButton.MiddleButton, centre(view), centre(view) + QPointF(-50, -30))
    moved = view.pixel_at(centre(view))
    assert moved[1] > before[1] and moved[0] > before[0]
    panel.fit_button.click()
    assert view.zoom() == pytest.approx(fitted) and view.is_fitted()
    panel.actual_button.click()
    assert view.zoom() * view.devicePixelRatioF() == pytest.approx(1.0)
    assert panel.zoom_label.text() == "Zoom 100 %"
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.zoom() == pytest.approx(fitted)


def test_pixel_at_maps_the_view_centre_to_the_image_centre(panel, files):
    cxr = load(panel, files["windows"])
    view = panel.view
    h, w = cxr.shape
    r, c = view.pixel_at(centre(view))
    assert abs(r - h / 2) <= 1 and abs(c - w / 2) <= 1
    assert view.pixel_at(QPoint(-10, -10)) is None
    for rc in ((0, 0), (h - 1, w - 1), (123, 321)):
        assert view.pixel_at(view.view_pos_of(*rc)) == rc
    view.zoom_by(3.0)
    for rc in ((200, 200), (250, 180)):
        pos = view.view_pos_of(*rc)
        if view.viewport().rect().contains(pos.toPoint()):
            assert view.pixel_at(pos) == rc


def test_readout_matches_the_cxr_values(panel, files):
    cxr = load(panel, files["windows"])
    view = panel.view
    infos = []
    view.cursorInfo.connect(infos.append)
    pos = view.view_pos_of(200, 150)
    mouse(view, QEvent.Type.MouseMove, pos)
    info = infos[-1]
    assert (info["row"], info["col"]) == (200, 150) == view.pixel_at(pos)
    assert info["value"] == float(cxr.values[200, 150])
    assert info["display"] == pytest.approx(float(cxr.image[200, 150]))
    assert info["heat"] is None
    assert "row 200, col 150" in panel.readout_label.text()
    assert str(int(cxr.values[200, 150])) in panel.readout_label.text()
    view.set_window(12000, 8000)
    mouse(view, QEvent.Type.MouseMove, pos)
    assert infos[-1]["display"] == pytest.approx(float(cxr.windowed(12000, 8000)[200, 150]))
    mouse(view, QEvent.Type.MouseMove, QPointF(1, 1))  # off the image (left margin)
    if view.pixel_at(QPointF(1, 1)) is None:
        assert infos[-1] == {}
        assert "move the pointer" in panel.readout_label.text()
    mouse(view, QEvent.Type.MouseMove, pos)
    assert infos[-1] != {}
    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))  # the pointer leaves the view
    assert infos[-1] == {} and "move the pointer" in panel.readout_label.text()


# --------------------------------------------------------------------------- ruler


def test_ruler_in_mm_only_with_calibrated_spacing(panel, files):
    cxr = load(panel, files["calibrated"])
    assert cxr.spacing_calibrated and cxr.spacing_kind == "PixelSpacing"
    view = panel.view
    results = []
    view.measured.connect(results.append)
    m = view.measure((100, 100), (130, 140))
    assert m["pixels"] == pytest.approx(50.0)
    assert m["mm"] == pytest.approx(math.hypot(30 * 0.2, 40 * 0.25))
    assert m["mm_at_detector"] is None and m["calibrated"]
    assert m["text"] == f"{m['mm']:.1f} mm" and "detector" not in m["text"]
    assert results == [m]
    assert panel.measure_label.text() == f"Ruler: {m['text']}"
    # With the mouse: ruler tool, drag between two pixel centres.
    panel.ruler_tool.click()
    assert view.tool() == "ruler"
    drag(view, Qt.MouseButton.LeftButton, view.view_pos_of(50, 60), view.view_pos_of(50, 160))
    m2 = results[-1]
    assert (m2["p1"], m2["p2"]) == ((50, 60), (50, 160))
    assert m2["mm"] == pytest.approx(100 * 0.25)
    assert view.measurement() == m2
    view.clear_measurement()
    assert view.measurement() is None


def test_ruler_at_the_detector_is_labelled_so(panel, files):
    cxr = load(panel, files["detector"])
    assert not cxr.spacing_calibrated and cxr.spacing_kind == "ImagerPixelSpacing"
    m = panel.view.measure((100, 100), (100, 200))
    assert m["mm"] is None  # never claimed as calibrated mm
    assert m["mm_at_detector"] == pytest.approx(60.0)
    assert m["text"] == "100.0 px · 60.0 mm at the detector"
    assert "at the detector" in panel.measure_label.text()
    assert "mm at the detector" in panel.measure_label.toolTip()  # cxr.spacing_label


def test_ruler_with_magnification_correction(panel, files):
    cxr = load(panel, files["magnified"])
    assert cxr.spacing_calibrated and cxr.magnification_factor == pytest.approx(1.2)
    m = panel.view.measure((100, 100), (100, 200))
    assert m["mm"] == pytest.approx(50.0)
    assert "est." in m["text"] and "detector" not in m["text"]


def test_ruler_in_pixels_without_spacing(panel, files):
    load(panel, files["plain"])
    m = panel.view.measure((10, 10), (13, 14))
    assert m["pixels"] == pytest.approx(5.0) and m["mm"] is None and m["mm_at_detector"] is None
    assert m["text"] == "5.0 px" and "mm" not in m["text"]
    with pytest.raises(ValueError):
        panel.view.measure((10, 10), (10_000, 10))


# --------------------------------------------------------------------------- heat map


def heat_block(shape) -> tuple[np.ndarray, tuple[int, int], tuple[int, int]]:
    h, w = shape
    heat = np.zeros(shape, np.float32)
    heat[int(0.2 * h):int(0.45 * h), int(0.2 * w):int(0.45 * w)] = 1.0
    return heat, (int(0.33 * h), int(0.33 * w)), (int(0.75 * h), int(0.7 * w))


def test_heatmap_overlay(panel, files):
    cxr = load(panel, files["windows"])
    view = panel.view
    heat, hot, cold = heat_block(cxr.shape)
    plain = grab(view.viewport())
    view.set_heatmap(heat)
    assert view.heatmap_visible() and panel.cam_check.isEnabled() and panel.colorbar.isEnabled()
    shown = grab(view.viewport())

    def px(arr, rc):
        p = view.view_pos_of(*rc).toPoint()
        return arr[p.y(), p.x()].astype(int)

    assert np.abs(px(shown, hot) - px(plain, hot)).sum() > 30  # changed where the map is high
    np.testing.assert_array_equal(px(shown, cold), px(plain, cold))  # not where it is zero
    # Read-out includes the map value.
    infos = []
    view.cursorInfo.connect(infos.append)
    mouse(view, QEvent.Type.MouseMove, view.view_pos_of(*hot))
    assert infos[-1]["heat"] == 1.0 and "Grad-CAM 1.00" in panel.readout_label.text()
    # Hidden and opacity 0 look exactly like no overlay.
    panel.cam_check.setChecked(False)
    assert not view.heatmap_visible()
    hidden = grab(view.viewport())
    np.testing.assert_array_equal(hidden, plain)
    panel.cam_check.setChecked(True)
    panel.opacity_slider.setValue(0)
    assert view.heatmap_opacity() == 0.0 and panel.opacity_label.text() == "0 %"
    np.testing.assert_array_equal(grab(view.viewport()), hidden)
    # Opacity scales the change.
    panel.opacity_slider.setValue(30)
    d30 = np.abs(px(grab(view.viewport()), hot) - px(plain, hot)).sum()
    panel.opacity_slider.setValue(90)
    d90 = np.abs(px(grab(view.viewport()), hot) - px(plain, hot)).sum()
    assert 0 < d30 < d90
    # The overlay follows zoom and pan: still on the same pixels.
    view.zoom_by(2.5, view.view_pos_of(*hot))
    zoomed = grab(view.viewport())
    view.set_heatmap_visible(False)
    zoomed_plain = grab(view.viewport())
    assert np.abs(px(zoomed, hot) - px(zoomed_plain, hot)).sum() > 30
    view.set_heatmap_visible(True)
    view.set_heatmap(None)
    assert view.heatmap() is None and not panel.cam_check.isEnabled() and not panel.colorbar.isEnabled()


def test_heatmap_validation(panel, files):
    cxr = load(panel, files["windows"])
    view = panel.view
    h, w = cxr.shape
    with pytest.raises(ValueError, match="shape"):
        view.set_heatmap(np.zeros((h // 2, w // 2), np.float32))
    bad = np.zeros(cxr.shape, np.float32)
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        view.set_heatmap(bad)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        view.set_heatmap(np.full(cxr.shape, 2.0, np.float32))
    view.set_heatmap(np.zeros(cxr.shape, np.float64))  # any float dtype in range is fine
    assert view.heatmap().dtype == np.float32


def test_new_image_clears_overlay_and_ruler(panel, files):
    cxr = load(panel, files["windows"])
    panel.view.set_heatmap(heat_block(cxr.shape)[0])
    panel.view.measure((1, 1), (5, 5))
    load(panel, files["plain"])
    assert panel.view.heatmap() is None and panel.view.measurement() is None
    panel.set_cxr(None)
    assert panel.view.cxr() is None and panel.readout_label.text() == ""


def test_colour_bar_present(panel, files):
    cxr = load(panel, files["windows"])
    panel.view.set_heatmap(heat_block(cxr.shape)[0])
    bar = panel.colorbar
    assert bar.isVisible() and bar.width() >= 16
    arr = grab(bar)
    rect = bar.bar_rect()
    x = int(rect.center().x())
    top, bottom = arr[int(rect.top()) + 2, x].astype(int), arr[int(rect.bottom()) - 2, x].astype(int)
    lut = colormaps.colormap_lut()
    assert np.abs(top - lut[-1, :3].astype(int)).max() <= 12  # high at the top
    assert np.abs(bottom - lut[0, :3].astype(int)).max() <= 12  # low at the bottom


def test_screenshot(panel, files, tmp_path):
    cxr = load(panel, files["detector"])
    view = panel.view
    h, w = cxr.shape
    yy, xx = np.mgrid[0:h, 0:w]
    heat = np.exp(-(((yy - 0.45 * h) / (0.12 * h)) ** 2 + ((xx - 0.3 * w) / (0.1 * w)) ** 2))
    view.set_heatmap(heat.astype(np.float32))
    view.measure((int(0.3 * h), int(0.25 * w)), (int(0.62 * h), int(0.9 * w)))
    mouse(view, QEvent.Type.MouseMove, view.view_pos_of(int(0.45 * h), int(0.3 * w)))
    QApplication.processEvents()
    pixmap = panel.grab()
    for path in (tmp_path / "cxr_view.png", Path("/tmp/cxr_view.png")):
        assert pixmap.save(str(path))
        assert path.stat().st_size > 10_000


# --------------------------------------------------------------------------- colour maps (Qt-free)


def test_colormap_helpers():
    lut = colormaps.colormap_lut("inferno")
    assert lut.shape == (256, 4) and lut.dtype == np.uint8 and not lut.flags.writeable
    assert (lut[:, 3] == 255).all()
    heat = np.linspace(0, 1, 101, dtype=np.float32).reshape(1, -1).repeat(3, axis=0)
    rgba = colormaps.heatmap_rgba(heat, opacity=0.8)
    assert rgba.shape == (3, 101, 4) and rgba.dtype == np.uint8 and rgba.flags.c_contiguous
    assert rgba[0, 0, 3] == 0 and rgba[0, 9, 3] == 0  # values below the floor (0.1): transparent
    assert abs(int(rgba[0, 30, 3]) - 0.8 * 255 * (0.3 - 0.1) / (0.5 - 0.1)) <= 2  # the ramp (8-bit steps)
    assert rgba[0, 50, 3] == rgba[0, -1, 3] == round(0.8 * 255)  # from the knee (0.5): the opacity
    assert (np.diff(rgba[0, :, 3].astype(int)) >= 0).all()  # alpha rises with the value
    assert (colormaps.heatmap_rgba(heat, opacity=0.0)[..., 3] == 0).all()
    np.testing.assert_array_equal(rgba[0, -1, :3], lut[-1, :3])
    bar = colormaps.colorbar_rgba(50, 3)
    assert bar.shape == (50, 3, 4)
    np.testing.assert_array_equal(bar[0, 0], lut[-1])  # high at the top
    np.testing.assert_array_equal(bar[-1, 0], lut[0])
    assert colormaps.colorbar_rgba(50, 2, vertical=False).shape == (2, 50, 4)
    with pytest.raises(ValueError):
        colormaps.colormap_lut("no-such-map")
    with pytest.raises(ValueError):
        colormaps.heatmap_alpha(heat, opacity=1.5)
    with pytest.raises(ValueError):
        colormaps.validate_heatmap(np.zeros((2, 2, 2)))
    clipped = colormaps.validate_heatmap(np.array([[-1e-6, 1 + 1e-6]]))
    assert clipped.min() == 0.0 and clipped.max() == 1.0


def test_colormaps_module_imports_no_qt():
    code = ("import sys, numpy as np; from ph_assist.gui import colormaps; "
            "colormaps.heatmap_rgba(np.zeros((4, 4))); "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken'))]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_all_zero_map_says_no_region_raised_the_score(panel, files):
    cxr = load(panel, files["windows"])
    view = panel.view
    plain = grab(view.viewport())
    view.set_heatmap(np.zeros(cxr.shape, np.float32))
    assert view.heatmap_empty() and view.heatmap() is not None
    assert "no region raised this score" in EMPTY_MAP_TEXT
    shown = grab(view.viewport())
    diff = np.abs(shown.astype(int) - plain.astype(int)).sum(axis=-1)
    h = shown.shape[0]
    assert diff[: h // 6].sum() > 0  # the notice is drawn at the top ...
    assert diff[h // 3:].sum() == 0  # ... and no overlay tints the image
    assert not panel.colorbar.isEnabled() and "no region raised" in panel.colorbar.toolTip()
    mouse(view, QEvent.Type.MouseMove, centre(view))
    assert "no region raised this score" in panel.readout_label.text()
    view.set_heatmap_visible(False)  # hidden: no notice either
    np.testing.assert_array_equal(grab(view.viewport()), plain)
    view.set_heatmap_visible(True)
    heat, _, _ = heat_block(cxr.shape)
    view.set_heatmap(heat)  # a real map replaces the notice
    assert not view.heatmap_empty() and panel.colorbar.isEnabled()
    view.set_heatmap(None)
    assert not view.heatmap_empty()
    np.testing.assert_array_equal(grab(view.viewport()), plain)


# --------------------------------------------------------------------------- reading tools: invert, presets,
# orientation, CTR, header (the maths is in tests/test_cxr_tools.py)


def test_invert_toggles_with_key_and_button(panel, files, qtbot):
    load(panel, files["windows"])
    view = panel.view
    before = view._u8.copy()
    qtbot.keyClick(view, Qt.Key.Key_I)
    assert view.inverted() and panel.invert_button.isChecked()
    assert np.abs(view._u8.astype(int) - (255 - before.astype(int))).max() <= 1
    view.set_window(12000, 8000)  # a window change keeps the inversion
    assert np.abs(view._u8.astype(int) - (255 - to_uint8(view.cxr().windowed(12000, 8000)))).max() <= 1
    panel.invert_button.click()
    assert not view.inverted()
    assert np.array_equal(view._u8, to_uint8(view.cxr().windowed(12000, 8000)))
    assert "(I)" in panel.invert_button.toolTip()


def test_preset_keys_change_the_displayed_window(panel, files, qtbot):
    from ph_assist.cxr_tools import lung_window, mediastinum_window

    cxr = load(panel, files["windows"])
    view = panel.view
    for key, make, name in ((Qt.Key.Key_L, lung_window, "Lung"), (Qt.Key.Key_M, mediastinum_window, "Mediastinum")):
        qtbot.keyClick(view, key)
        c, w, _ = make(cxr)
        assert view.window() == pytest.approx((c, w)) and panel.preset_combo.currentText() == name
        assert np.array_equal(view._u8, to_uint8(cxr.windowed(c, w)))
    qtbot.keyClick(view, Qt.Key.Key_D)  # the file's first window, then its next
    assert view.window() == (15000.0, 30000.0) and panel.preset_combo.currentText() == "NORMAL"
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert view.window() == (12000.0, 8000.0)
    qtbot.keyClick(view, Qt.Key.Key_R)
    assert view.window_is_default() and np.array_equal(view._u8, to_uint8(cxr.image))
    load(panel, files["plain"])  # no file window: D does nothing
    qtbot.keyClick(view, Qt.Key.Key_D)
    assert view.window_is_default()


def test_orientation_labels_only_from_patient_orientation(panel, tmp_path):
    px = fx.rg1_pixels(4)
    with_o = fx.save(fx.cr_dataset(px, PatientOrientation=["L", "F"]), tmp_path / "o.dcm")
    without = fx.save(fx.cr_dataset(px), tmp_path / "n.dcm")  # PA, but no Patient Orientation
    view = panel.view
    load(panel, without)
    assert view.edge_labels() is None and "no side markers" in view.toolTip()
    plain = grab(view.viewport())
    load(panel, with_o)
    labels = view.edge_labels()
    assert (labels.left, labels.right, labels.top, labels.bottom) == ("R", "L", "H", "F")
    assert "image left = patient's right" in view.toolTip()
    marked = grab(view.viewport())
    diff = np.abs(marked.astype(int) - plain.astype(int)).sum(axis=2) > 30
    h, w = diff.shape
    mid = view.view_pos_of(view.cxr().shape[0] / 2, 0)
    left_box = diff[int(mid.y()) - 15:int(mid.y()) + 15, int(mid.x()):int(mid.x()) + 40]
    assert left_box.sum() > 20  # a letter drawn at the image's left edge
    assert not diff[h // 2 - 40:h // 2 + 40, w // 2 - 40:w // 2 + 40].any()  # nothing over the middle


@pytest.fixture
def ctr_file(tmp_path) -> Path:
    """A synthetic 'film' of known widths: thorax cols 30-270 (240 px), heart cols 100-208 (108 px), 0.5 mm."""
    img = np.full((240, 300), 800, np.uint16)
    img[20:220, 30:271] = 2000  # thorax
    img[90:180, 100:209] = 3500  # heart
    return fx.save(fx.cr_dataset(img, photometric="MONOCHROME2", bits_stored=12, PixelSpacing=[0.5, 0.5]),
                   tmp_path / "ctr.dcm")


def test_ctr_tool_two_mouse_drags(panel, ctr_file, qtbot):
    load(panel, ctr_file)
    view = panel.view
    vp = view.viewport()
    assert view.zoom() > 2  # each image pixel covers several screen pixels: QPoint rounding stays inside
    results = []
    view.ctrChanged.connect(results.append)
    qtbot.keyClick(view, Qt.Key.Key_C)
    assert view.tool() == "ctr" and panel.ctr_tool.isChecked()
    assert "maximal cardiac width" in panel.ctr_label.text()

    def qdrag(p1: tuple[int, int], p2: tuple[int, int]) -> None:
        a, b = view.view_pos_of(*p1).toPoint(), view.view_pos_of(*p2).toPoint()
        qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
        for t in (0.25, 0.5, 0.75):
            qtbot.mouseMove(vp, QPoint(round(a.x() + t * (b.x() - a.x())), round(a.y() + t * (b.y() - a.y()))))
        qtbot.mouseMove(vp, b)
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)

    qdrag((130, 100), (133, 208))  # the heart; the hand drifts 3 rows, the width stays horizontal
    assert view.ctr_result() is None and "internal thoracic width" in panel.ctr_label.text()
    qdrag((200, 270), (200, 30))  # the thorax, dragged right to left
    r = view.ctr_result()
    assert r is not None and results[-1] is r
    assert (r.cardiac_px, r.thoracic_px) == (108, 240) and r.ratio == pytest.approx(0.45)
    assert (r.cardiac_mm, r.thoracic_mm) == pytest.approx((54.0, 120.0)) and r.unit == "mm"
    assert view.ctr_widths()[0].row == 130
    assert panel.ctr_label.text().startswith("CTR 0.45 (cardiac 54.0 mm / thoracic 120.0 mm)")
    assert "C" in panel.ctr_tool.toolTip() and "(C)" in panel.ctr_tool.toolTip()
    qdrag((60, 50), (60, 250))  # a third drag starts a new ratio
    assert view.ctr_result() is None and len(view.ctr_widths()) == 1
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.ctr_widths() == () and results[-1] is None


def test_ctr_in_pixels_without_calibrated_spacing(panel, files):
    from ph_assist.cxr_tools import Width

    load(panel, files["detector"])  # Imager Pixel Spacing only: the detector plane, not calibrated
    r = panel.view.set_ctr_widths(Width(200, 100, 200), Width(250, 40, 440))
    assert r.unit == "px" and r.cardiac_mm is None and r.ratio == pytest.approx(0.25)
    assert "px" in panel.ctr_label.text() and "widths in pixels, not mm" in panel.ctr_label.text()
    assert "at the detector" in panel.ctr_label.text()
    with pytest.raises(ValueError):
        panel.view.set_ctr_widths(Width(200, 100, 100), None)


def test_header_view_shows_no_identifiers(panel, files, qtbot):
    load(panel, files["windows"])
    assert panel.header_button.isEnabled() and "(H)" in panel.header_button.toolTip()
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_H)
    dialog = panel.header_dialog
    assert dialog is not None and dialog.isVisible()
    for show_text in (False, True):
        dialog.text_check.setChecked(show_text)
        values = "\n".join(dialog.values())
        for secret in ("Doe", "Jane", "PHA-123456", "19500101"):
            assert secret not in values and secret not in dialog.windowTitle()
        # The file's name, like inspect's path, only with the free text.
        assert (files["windows"].name in dialog.windowTitle()) == show_text
        assert "Patient Orientation" not in values  # a name column entry, not a value
        assert "withheld (identifier)" in values and "MONOCHROME1" in values
    dialog.text_check.setChecked(False)
    assert "withheld (free text" in "\n".join(dialog.values())
    assert "never shown" in dialog.summary_label.text()
    dialog.close()


def test_header_button_disabled_for_png(panel, tmp_path):
    png = fx.write_png(fx.to_8bit(fx.rg1_pixels(8)), tmp_path / "x.png")
    load(panel, png)
    assert not panel.header_button.isEnabled() and panel.show_header() is None


def test_screenshot_real_dicom_with_ctr(panel, tmp_path):
    """RG1_UNCR at full size: mediastinum window, orientation labels, a CTR drawn (looked at by eye)."""
    from ph_assist.cxr_tools import Width

    cxr = load(panel, fx.testdata("RG1_UNCR.dcm"))
    view = panel.view
    view.apply_preset("Mediastinum")
    view.set_tool("ctr")
    r = view.set_ctr_widths(Width(1180, 560, 1330), Width(1380, 190, 1690))
    QApplication.processEvents()
    assert r.unit == "px" and cxr.patient_orientation == ("L", "F")
    for path in (tmp_path / "cxr_tools.png", Path("/tmp/cxr_tools.png")):
        assert panel.grab().save(str(path)) and path.stat().st_size > 10_000
