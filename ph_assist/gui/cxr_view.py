"""A PACS-style chest X-ray viewer: window/level, zoom/pan, pixel read-out, ruler, Grad-CAM overlay.

:class:`CXRView` shows one :class:`~ph_assist.io.cxr.CXR` and, optionally, a
heat map (float ``(H, W)`` in [0, 1], the image's shape) drawn over it.
:class:`CXRPanel` wraps the view with compact controls, a colour bar and a
read-out line.  The widgets hold no science: windowing is
:meth:`CXR.windowed`, distances use the reader's pixel spacing and its
:attr:`CXR.spacing_calibrated` / :attr:`CXR.spacing_label`, and the heat map
is shown as given (never rescaled).

Why a ``QGraphicsView``: zoom and pan are one view transform, and the image,
the heat map and the ruler are items in one scene whose coordinates *are*
image pixel coordinates (pixel ``(row, col)`` covers ``[col, col + 1) x
[row, row + 1)``), so overlays stay aligned at every zoom by construction,
and the viewport-to-image mapping is a single inverted transform
(:meth:`CXRView.pixel_at`).  The grey image is smooth-scaled (bilinear,
from a box-filtered level below 1:2 zoom, so that minifying a large film does
not alias), and ``ItemIgnoresTransformations`` keeps the ruler's label and
end marks the same size at every zoom.

Mouse and keys (as in PACS viewers):

* right drag, or left drag with the W/L tool: window/level; drag right =
  wider window (less contrast), drag down = higher level (centre), both in
  the units of ``cxr.values``.  Re-rendering is throttled to one frame per
  :data:`WL_FRAME_MS` (the latest position wins; the release is exact).
* middle drag, or left drag with the Pan tool: pan.
* wheel, ``+`` / ``-``: zoom (about the pointer for the wheel); ``F`` or a
  double click: fit; ``1``: 1:1 (one image pixel per device pixel).
* left drag with the Ruler tool: a distance between two pixel centres;
  ``Esc`` clears it.  ``R``: reset the window to the file's default.
* ``I``: invert the grey scale.  ``L`` / ``M``: the Lung / Mediastinum
  window (made from the image's histogram, :func:`~ph_assist.cxr_tools.window_presets`);
  ``D``: the file's own window (again: its next one).
* ``C``: the CTR tool: left drag the maximal cardiac width, then the maximal
  internal thoracic width (both kept horizontal); the ratio is shown, in mm
  only where the spacing is calibrated (:func:`~ph_assist.cxr_tools.ctr_for`).
  ``Esc`` clears it; a third drag starts a new ratio.
* ``H`` (panel): the DICOM header, identifiers never shown and free text
  withheld unless asked for (:func:`~ph_assist.cxr_tools.dicom_header`).
* The view takes the keyboard focus by Tab or a click and then shows a frame
  in the highlight colour; :data:`VIEW_KEYS` and :data:`PANEL_KEYS` are the
  tables the key handlers dispatch from.
* The patient direction at each image edge (R / L / H / F ...) is drawn from
  Patient Orientation; without it nothing is drawn (never guessed).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, QRectF, QSize, QTimer, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QStandardItemModel,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyleOptionGraphicsItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ph_assist.cxr_tools import (
    CTRResult,
    EdgeLabels,
    HeaderView,
    Width,
    ctr_for,
    dicom_header,
    edge_labels,
    window_presets,
)
from ph_assist.errors import InputError
from ph_assist.gui.colormaps import DEFAULT_CMAP, colorbar_rgba, heatmap_rgba, validate_heatmap
from ph_assist.gui.flow_layout import FlowLayout, group
from ph_assist.gui.style import ElidedLabel
from ph_assist.i18n import QT_TRANSLATE_NOOP

__all__ = ["CXRView", "CXRPanel", "ColorBar", "HeaderDialog", "TOOLS", "PRESET_KEYS", "EMPTY_TEXT", "WL_FRAME_MS",
           "VIEW_KEYS", "PANEL_KEYS", "to_uint8"]

#: The left-button tools: window/level, pan, ruler, cardiothoracic ratio.
TOOLS = ("wl", "pan", "ruler", "ctr")
EMPTY_TEXT = QT_TRANSLATE_NOOP("cxr_view", "No chest X-ray loaded")
#: Shown over the image instead of an overlay when the map is all zero.
EMPTY_MAP_TEXT = QT_TRANSLATE_NOOP("cxr_view", "Grad-CAM: no region raised this score")


#: What a chest X-ray's pixel spacing measures (:attr:`ph_assist.io.cxr.CXR.spacing_label`), for lupdate.
_SPACING_LABELS = (
    QT_TRANSLATE_NOOP("cxr_view", "no pixel spacing: sizes in pixels only"),
    QT_TRANSLATE_NOOP("cxr_view", "mm at the patient (Pixel Spacing, calibrated)"),
    QT_TRANSLATE_NOOP("cxr_view", "mm at the detector (Imager Pixel Spacing), not corrected for magnification"),
)


def _spacing(label: str) -> str:
    """:attr:`~ph_assist.io.cxr.CXR.spacing_label` in the interface language."""
    m = re.fullmatch(r"mm at the patient, estimated: Imager Pixel Spacing / magnification factor (\S+)", label)
    if m:
        return QCoreApplication.translate(
            "cxr_view", "mm at the patient, estimated: Imager Pixel Spacing / magnification factor {factor}"
        ).format(factor=m.group(1))
    return QCoreApplication.translate("cxr_view", label)


def _tr(text: str) -> str:
    """``text`` (marked with ``QT_TRANSLATE_NOOP("cxr_view", ...)``) in the interface language;
    an unnamed window of the file ("Window 2") too."""
    unnamed = re.fullmatch(r"Window (\d+)", text)
    if unnamed:
        return QCoreApplication.translate("cxr_view", "Window {n}").format(n=unnamed.group(1))
    return QCoreApplication.translate("cxr_view", text)


#: Minimum time between two re-renders while dragging the window (ms): one display frame.
WL_FRAME_MS = 16
#: Screen pixels of drag that sweep the whole value range (window/level sensitivity).
WL_DRAG_SPAN_PX = 400.0
MAX_ZOOM = 32.0  # screen pixels per image pixel
ZOOM_STEP = 1.25
_RULER_COLOR = QColor(255, 214, 10)
#: Colours of the two CTR widths: cardiac, thoracic.
_CTR_COLORS = (QColor(255, 105, 97), QColor(90, 200, 250))
_CTR_NAMES = (QT_TRANSLATE_NOOP("cxr_view", "cardiac"), QT_TRANSLATE_NOOP("cxr_view", "thoracic"))
#: Window preset names made by :func:`ph_assist.cxr_tools.window_presets` and :meth:`CXRView.presets`, for lupdate.
_PRESET_NAMES = (QT_TRANSLATE_NOOP("cxr_view", "Lung"), QT_TRANSLATE_NOOP("cxr_view", "Mediastinum"),
                 QT_TRANSLATE_NOOP("cxr_view", "Full range"))
#: Keys of the window presets (the view's key handler) and what they choose.
PRESET_KEYS = {"L": "Lung", "M": "Mediastinum", "D": "file window"}
#: Width (px) of the frame drawn round the image while the canvas has keyboard focus.
FOCUS_FRAME_PX = 3
_K = Qt.Key
#: The image canvas's keys: (Qt keys, the key as shown, what it does, the action on the view).
#: :meth:`CXRView.keyPressEvent` dispatches from this table and the main window's shortcuts
#: dialog lists it, so the two cannot drift apart.
VIEW_KEYS: tuple[tuple[tuple[Qt.Key, ...], str, str, Callable[[Any], Any]], ...] = (
    ((_K.Key_Plus, _K.Key_Equal), "+", QT_TRANSLATE_NOOP("cxr_view", "Zoom in"), lambda v: v.zoom_by(ZOOM_STEP)),
    ((_K.Key_Minus, _K.Key_Underscore), "−", QT_TRANSLATE_NOOP("cxr_view", "Zoom out"), lambda v: v.zoom_by(1.0 / ZOOM_STEP)),
    ((_K.Key_F,), "F", QT_TRANSLATE_NOOP("cxr_view", "Fit the image to the window"), lambda v: v.fit()),
    ((_K.Key_1,), "1", QT_TRANSLATE_NOOP("cxr_view", "1:1 (one image pixel per screen pixel)"), lambda v: v.actual_size()),
    ((_K.Key_R,), "R", QT_TRANSLATE_NOOP("cxr_view", "Reset the window to the file's default"), lambda v: v.reset_window()),
    ((_K.Key_I,), "I", QT_TRANSLATE_NOOP("cxr_view", "Invert the grey scale"), lambda v: v.toggle_inverted()),
    ((_K.Key_L,), "L", QT_TRANSLATE_NOOP("cxr_view", "Lung window"), lambda v: v.apply_preset(PRESET_KEYS["L"])),
    ((_K.Key_M,), "M", QT_TRANSLATE_NOOP("cxr_view", "Mediastinum window"), lambda v: v.apply_preset(PRESET_KEYS["M"])),
    ((_K.Key_D,), "D", QT_TRANSLATE_NOOP("cxr_view", "The file's own window (again: its next one)"), lambda v: v.apply_preset(PRESET_KEYS["D"])),
    ((_K.Key_C,), "C", QT_TRANSLATE_NOOP("cxr_view", "Cardiothoracic ratio tool (drag two widths)"), lambda v: v.set_tool("ctr")),
    ((_K.Key_O,), "O", QT_TRANSLATE_NOOP("cxr_view", "Overlay as outline (contour lines) or filled heat map"),
     lambda v: v.toggle_overlay_mode()),
    ((_K.Key_Escape,), "Esc", QT_TRANSLATE_NOOP("cxr_view", "Clear the ruler and the cardiothoracic ratio"),
     lambda v: (v.clear_measurement(), v.clear_ctr())),
)
#: The panel's keys (with the focus on the image or on a control of the panel that does not use the key).
PANEL_KEYS: tuple[tuple[tuple[Qt.Key, ...], str, str, Callable[[Any], Any]], ...] = (
    ((_K.Key_H,), "H", QT_TRANSLATE_NOOP("cxr_view", "The DICOM header (identifiers never shown)"), lambda p: p.show_header()),
)
_COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)


def _key_action(table: tuple, event: Any) -> Callable[[Any], Any] | None:
    """The action of ``table`` for a key event, or None (also for Ctrl / Alt / Meta + key: menu shortcuts)."""
    if event.modifiers() & _COMMAND_MODIFIERS:
        return None
    key = event.key()
    return next((fn for keys, _label, _text, fn in table if key in keys), None)


def to_uint8(display: np.ndarray) -> np.ndarray:
    """A [0, 1] float image as C-contiguous uint8 (rounded), without Python loops."""
    tmp = np.multiply(display, np.float32(255.0), dtype=np.float32)
    tmp += np.float32(0.5)
    out = np.empty(tmp.shape, dtype=np.uint8)
    np.copyto(out, tmp, casting="unsafe")  # truncation of x + 0.5 >= 0: rounding
    return out


def _fmt(value: float) -> str:
    """A pixel value or window parameter: integers without decimals, others with 4 significant digits."""
    v = float(value)
    if math.isfinite(v) and v == round(v) and abs(v) < 1e9:
        return str(int(round(v)))
    return f"{v:.4g}"


def _half(u8: np.ndarray) -> np.ndarray:
    """2 x 2 box average of a uint8 image (odd last row / column dropped), rounded."""
    h, w = u8.shape[0] // 2, u8.shape[1] // 2
    a = u8[: 2 * h, : 2 * w]
    s = a[0::2, 0::2].astype(np.uint16)
    s += a[1::2, 0::2]
    s += a[0::2, 1::2]
    s += a[1::2, 1::2]
    s += 2
    s >>= 2
    return s.astype(np.uint8)


class _GreyImageItem(QGraphicsItem):
    """The grey image, smooth-scaled, with box-filtered levels (a mipmap) for zooms below 1:2.

    Qt's smooth pixmap scaling is bilinear: minifying a 2000-px radiograph to
    a 700-px view by it skips pixels and aliases fine patterns (anti-scatter
    grid lines turn into moire).  At a zoom below 1/2 the item draws a
    2^k-times box-averaged copy instead, made on first use after each window
    change (a few ms), so the remaining bilinear minification is under 2x.
    Item coordinates are image pixels: the item covers (0, 0)-(W, H).
    """

    MAX_LEVEL = 4  # down to 1/16

    def __init__(self) -> None:
        super().__init__()
        self._u8: np.ndarray | None = None
        self._levels: dict[int, tuple[np.ndarray, QImage, QPixmap]] = {}
        self._rect = QRectF()

    def set_image(self, u8: np.ndarray | None) -> QImage | None:
        """Show a C-contiguous uint8 ``(H, W)`` image (kept referenced); returns its full-size QImage."""
        self.prepareGeometryChange()
        self._u8 = u8
        self._levels = {}
        if u8 is None:
            self._rect = QRectF()
            return None
        h, w = u8.shape
        self._rect = QRectF(0.0, 0.0, float(w), float(h))
        return self._level(0)[1]

    def _level(self, k: int) -> tuple[np.ndarray, QImage, QPixmap]:
        if k not in self._levels:
            arr = self._u8 if k == 0 else _half(self._level(k - 1)[0])
            h, w = arr.shape
            image = QImage(arr.data, w, h, w, QImage.Format.Format_Grayscale8)
            self._levels[k] = (arr, image, QPixmap.fromImage(image))
        return self._levels[k]

    def level_for(self, scale: float) -> int:
        """The level drawn at ``scale`` device pixels per image pixel."""
        k = 0
        while k < self.MAX_LEVEL and scale * (2 ** (k + 1)) <= 1.0 and min(self._u8.shape) >> (k + 1) >= 16:
            k += 1
        return k

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if self._u8 is None:
            return
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        k = self.level_for(scale)
        arr, _image, pixmap = self._level(k)
        f = float(2 ** k)
        target = QRectF(0.0, 0.0, arr.shape[1] * f, arr.shape[0] * f)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))


class _ContourItem(QGraphicsItem):
    """The outline mode's isolines (:func:`ph_assist.render.heat_contours`), in image pixel coordinates.

    Drawn with cosmetic pens (constant screen width at every zoom): a dark halo under each line in
    the heat scale's colour of its level, so the lines stay readable on bright and dark parts of
    the radiograph while the heart border and hila between them stay visible.
    """

    def __init__(self) -> None:
        super().__init__()
        self._paths: list[tuple[QPainterPath, QColor, float]] = []
        self._rect = QRectF()

    def set_map(self, heat: np.ndarray | None, cmap: str) -> None:
        from ph_assist.render import CONTOUR_LEVELS, contour_colors, heat_contours

        self.prepareGeometryChange()
        self._paths = []
        self._rect = QRectF()
        if heat is not None:
            h, w = heat.shape
            self._rect = QRectF(0, 0, w, h)
            colors = contour_colors(CONTOUR_LEVELS, cmap)
            for i, ((_level, lines), rgb) in enumerate(zip(heat_contours(heat), colors)):
                path = QPainterPath()
                for line in lines:
                    pts = line + 0.5  # pixel centres -> scene coordinates (pixel i covers [i, i + 1])
                    path.moveTo(float(pts[0, 0]), float(pts[0, 1]))
                    for x, y in pts[1:]:
                        path.lineTo(float(x), float(y))
                self._paths.append((path, QColor.fromRgbF(*rgb), 1.5 + 0.5 * i))
        self.update()

    def paths(self) -> list[QPainterPath]:
        return [p for p, _c, _w in self._paths]

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setClipRect(self._rect)  # the overlay never leaves the image
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, color, width in self._paths:
            halo = QPen(QColor(0, 0, 0, 200), width + 2.0)
            halo.setCosmetic(True)
            painter.setPen(halo)
            painter.drawPath(path)
            pen = QPen(color, width)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPath(path)


class _Marker(QGraphicsItem):
    """A ruler end mark: a small ring, the same size at every zoom."""

    def __init__(self, parent: QGraphicsItem | None = None, color: QColor = _RULER_COLOR) -> None:
        super().__init__(parent)
        self._color = color
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)

    def boundingRect(self) -> QRectF:
        return QRectF(-5.0, -5.0, 10.0, 10.0)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(0, 0, 0, 200), 3.0))
        painter.drawEllipse(QPointF(0, 0), 3.5, 3.5)
        painter.setPen(QPen(self._color, 1.5))
        painter.drawEllipse(QPointF(0, 0), 3.5, 3.5)


class _Tag(QGraphicsItem):
    """A text label on a dark rounded box, the same size at every zoom, offset from its anchor."""

    def __init__(self, parent: QGraphicsItem | None = None, color: QColor = _RULER_COLOR) -> None:
        super().__init__(parent)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._color = color
        self._text = ""
        self._font = QFont()
        self._font.setPointSizeF(max(self._font.pointSizeF(), 9.0))
        self._font.setBold(True)
        self._rect = QRectF(10.0, 8.0, 0.0, 0.0)

    def set_text(self, text: str) -> None:
        self._text = text
        fm = QFontMetricsF(self._font)
        self.set_offset(self._rect.x(), self._rect.y(), fm.horizontalAdvance(text) + 12.0, fm.height() + 6.0)

    def set_offset(self, dx: float, dy: float, w: float | None = None, h: float | None = None) -> None:
        """Put the box's top-left corner at (dx, dy) device pixels from the anchor."""
        rect = QRectF(dx, dy, self._rect.width() if w is None else w, self._rect.height() if h is None else h)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
            self.update()

    def box(self) -> QRectF:
        """The box, in device pixels relative to the anchor."""
        return QRectF(self._rect)

    def text(self) -> str:
        return self._text

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 190))
        painter.drawRoundedRect(self._rect, 4.0, 4.0)
        painter.setFont(self._font)
        painter.setPen(self._color)
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)


class _Ruler:
    """The ruler's scene items: a dark-outlined yellow line, two end marks and a label."""

    def __init__(self, scene: QGraphicsScene, color: QColor = _RULER_COLOR) -> None:
        self.shadow = QGraphicsLineItem()
        pen = QPen(QColor(0, 0, 0, 170), 4.0)
        pen.setCosmetic(True)
        self.shadow.setPen(pen)
        self.line = QGraphicsLineItem()
        pen = QPen(color, 2.0)
        pen.setCosmetic(True)
        self.line.setPen(pen)
        self.ends = (_Marker(color=color), _Marker(color=color))
        self.tag = _Tag(color=color)
        self.items: tuple[QGraphicsItem, ...] = (self.shadow, self.line, *self.ends, self.tag)
        for z, item in enumerate(self.items):
            item.setZValue(10 + z)
            scene.addItem(item)

    def place(self, a: QPointF, b: QPointF, text: str) -> None:
        self.shadow.setLine(a.x(), a.y(), b.x(), b.y())
        self.line.setLine(a.x(), a.y(), b.x(), b.y())
        self.ends[0].setPos(a)
        self.ends[1].setPos(b)
        self.tag.setPos(b)
        self.tag.set_text(text)

    def remove(self, scene: QGraphicsScene) -> None:
        for item in self.items:
            scene.removeItem(item)


class CXRView(QGraphicsView):
    """Shows a :class:`~ph_assist.io.cxr.CXR` with window/level, zoom, pan, read-out, ruler and heat map.

    Signals: ``windowChanged(center, width)`` (``values`` units) whenever the
    displayed window changes; ``cursorInfo(dict)`` as the pointer moves
    (``row``, ``col``, ``value`` = ``cxr.values`` there, ``display`` = the
    displayed grey level in [0, 1], ``heat`` = the heat map there or None;
    an empty dict when the pointer is off the image); ``measured(dict)``
    when a ruler measurement ends (see :meth:`measure`); ``zoomChanged``,
    ``cxrChanged`` and ``heatmapChanged`` for the controls.
    """

    windowChanged = Signal(float, float)
    cursorInfo = Signal(dict)
    measured = Signal(dict)
    zoomChanged = Signal(float)
    cxrChanged = Signal()
    heatmapChanged = Signal()
    invertedChanged = Signal(bool)
    ctrChanged = Signal(object)  # a CTRResult, or None
    toolChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, cmap: str = DEFAULT_CMAP) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.setBackgroundBrush(QBrush(QColor(0, 0, 0)))
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setMinimumSize(120, 120)

        self._image_item = _GreyImageItem()
        self._image_item.setZValue(0)
        self._heat_item = QGraphicsPixmapItem()
        self._heat_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._heat_item.setZValue(1)
        self._heat_item.setVisible(False)
        self._contour_item = _ContourItem()
        self._contour_item.setZValue(1)
        self._contour_item.setVisible(False)
        self._scene.addItem(self._image_item)
        self._scene.addItem(self._heat_item)
        self._scene.addItem(self._contour_item)
        self._overlay_mode = "fill"

        self._cmap = cmap
        self._cxr: Any = None
        self._vrange = (0.0, 1.0)
        self._default_window = (0.5, 1.0)
        self._default_exact = False
        self._window: tuple[float, float] | None = None
        self._is_default = True
        # Buffers behind the displayed pixmaps (kept alive with their QImages).
        self._display: np.ndarray | None = None  # float [0, 1], the displayed grey levels
        self._u8: np.ndarray | None = None
        self._qimage: QImage | None = None
        self._heat: np.ndarray | None = None
        self._heat_rgba: np.ndarray | None = None
        self._heat_qimage: QImage | None = None
        self._heat_visible = True
        self._heat_opacity = 0.5
        self._heat_empty = False

        self._tool = "wl"
        self._drag: tuple | None = None
        self._fit_mode = True
        self._ruler: _Ruler | None = None
        self._measurement: dict | None = None
        self._inverted = False
        self._presets: tuple = ()
        self._edges: EdgeLabels | None = None
        self._ctr_widths: list[Width] = []
        self._ctr_lines: list[_Ruler] = []
        self._ctr: CTRResult | None = None

        self._pending_window: tuple[float, float] | None = None
        self._wl_timer = QTimer(self)
        self._wl_timer.setSingleShot(True)
        self._wl_timer.setInterval(WL_FRAME_MS)
        self._wl_timer.timeout.connect(self._on_wl_timer)
        self.render_count = 0  # re-renders of the grey image (for tests and profiling)
        self.last_render_ms = 0.0
        self._update_cursor()

    # ------------------------------------------------------------------ image

    def cxr(self) -> Any:
        """The radiograph shown, or None."""
        return self._cxr

    def set_cxr(self, cxr: Any) -> None:
        """Show ``cxr`` (a :class:`~ph_assist.io.cxr.CXR`) at its file default window, fitted; None clears.

        The heat map and the ruler measurement belong to the previous image
        and are removed.
        """
        self._drag = None
        self._pending_window = None
        self._wl_timer.stop()
        self._remove_ruler()
        self._remove_ctr()
        self._inverted = False
        self._presets = ()
        self._edges = None
        self._heat = self._heat_rgba = self._heat_qimage = None
        self._heat_empty = False
        self._heat_item.setPixmap(QPixmap())
        self._heat_item.setVisible(False)
        self._cxr = cxr
        if cxr is None:
            self._window = None
            self._display = self._u8 = self._qimage = None
            self._image_item.set_image(None)
            self._scene.setSceneRect(QRectF())
            self.resetTransform()
            self.viewport().update()
            self.cxrChanged.emit()
            self.heatmapChanged.emit()
            self.cursorInfo.emit({})
            self.invertedChanged.emit(False)
            self.ctrChanged.emit(None)
            return
        values = cxr.values
        lo, hi = float(values.min()), float(values.max())
        self._vrange = (lo, hi)
        if cxr.windows and cxr.voi.startswith("window"):
            first = cxr.windows[0]
            self._default_window, self._default_exact = (float(first.center), float(first.width)), True
        else:  # VOI LUT, data range or full range: the C/W shown is the data range's
            self._default_window, self._default_exact = ((lo + hi) / 2.0, max(hi - lo, 1.0)), False
        self._window = self._default_window
        self._is_default = True
        self._presets = window_presets(cxr)
        self._edges = edge_labels(getattr(cxr, "patient_orientation", None))
        self._render()
        h, w = cxr.shape
        self._scene.setSceneRect(QRectF(0.0, 0.0, float(w), float(h)))
        self.fit()
        self.cxrChanged.emit()
        self.heatmapChanged.emit()
        self.windowChanged.emit(*self._window)
        self.invertedChanged.emit(False)
        self.ctrChanged.emit(None)

    def _render(self) -> None:
        """Re-make the grey pixmap from the current window (numpy -> uint8 -> QImage -> QPixmap)."""
        t0 = time.perf_counter()
        cxr = self._cxr
        display = cxr.image if self._is_default else cxr.windowed(*self._window)
        if self._inverted:
            display = np.float32(1.0) - display
        u8 = to_uint8(display)
        self._display, self._u8 = display, u8
        self._qimage = self._image_item.set_image(u8)
        self.render_count += 1
        self.last_render_ms = (time.perf_counter() - t0) * 1e3

    # ------------------------------------------------------------------ window / level

    def window(self) -> tuple[float, float] | None:
        """The current window ``(center, width)`` in ``values`` units, or None without an image.

        At the file default made by a VOI LUT or the data range (see
        :meth:`window_is_exact`) it is the data-range window the drag starts from.
        """
        return self._window

    def window_is_default(self) -> bool:
        return self._cxr is not None and self._is_default

    def window_is_exact(self) -> bool:
        """False at a file default that is no linear window (VOI LUT, data or full range)."""
        return not (self._is_default and not self._default_exact)

    def default_window(self) -> tuple[float, float] | None:
        return self._default_window if self._cxr is not None else None

    def window_description(self) -> str:
        """What the displayed grey levels are, for a label: ``"C 15000 / W 30000"`` or the file's VOI."""
        if self._cxr is None or self._window is None:
            return ""
        if self._is_default and not self._default_exact:
            return QCoreApplication.translate("cxr_view", "file VOI: {voi}").format(voi=self._cxr.voi)
        c, w = self._window
        return f"C {_fmt(c)} / W {_fmt(w)}"

    def presets(self) -> list[tuple[str, float, float]]:
        """``(name, center, width)``: "Lung" and "Mediastinum" (from the image's histogram, see
        :func:`~ph_assist.cxr_tools.window_presets`), the file's windows (``cxr.windows``; unnamed
        ones are "Window 1", ...), then "Full range" (the data's minimum to maximum)."""
        if self._cxr is None:
            return []
        out = [(wp.name, float(wp.center), float(wp.width)) for wp in self._presets]
        lo, hi = self._vrange
        out.append(("Full range", (lo + hi) / 2.0, max(hi - lo, 1.0)))
        return out

    def set_window(self, center: float, width: float) -> None:
        """Display ``cxr.windowed(center, width)``; raises :class:`ValueError` for a non-finite or non-positive window."""
        c, w = float(center), float(width)
        if not (math.isfinite(c) and math.isfinite(w) and w > 0):
            raise ValueError(f"invalid window centre {center!r} / width {width!r}")
        self._pending_window = None
        self._wl_timer.stop()
        if self._cxr is None:
            return
        self._apply_window(c, w)

    def apply_preset(self, name: str) -> bool:
        """Show the preset called ``name`` (see :meth:`presets`); ``"file window"`` is the file's first
        window, or the next one when a file window is shown.  False when there is no such preset."""
        presets = self.presets()
        if name == "file window":
            own = [p for p in presets[2:-1]]
            if not own:
                return False
            shown = [i for i, (_n, c, w) in enumerate(own)
                     if not self._is_default and self._window == (c, w)]
            _n, c, w = own[(shown[0] + 1) % len(own)] if shown else own[0]
            self.set_window(c, w)
            return True
        for n, c, w in presets:
            if n == name:
                self.set_window(c, w)
                return True
        return False

    def inverted(self) -> bool:
        """True when the grey scale is shown inverted (bone dark)."""
        return self._inverted

    def set_inverted(self, inverted: bool) -> None:
        """Show the grey scale inverted or not; the window, overlay and measurements are unchanged."""
        inverted = bool(inverted)
        if self._cxr is None or inverted == self._inverted:
            return
        self._inverted = inverted
        self._render()
        self.viewport().update()
        self.invertedChanged.emit(inverted)

    def toggle_inverted(self) -> None:
        self.set_inverted(not self._inverted)

    def edge_labels(self) -> EdgeLabels | None:
        """The patient direction at each image edge (from Patient Orientation), or None: nothing drawn."""
        return self._edges

    def reset_window(self) -> None:
        """Back to the file's default display (``cxr.image``)."""
        self._pending_window = None
        self._wl_timer.stop()
        if self._cxr is None:
            return
        self._is_default = True
        self._window = self._default_window
        self._render()
        self.windowChanged.emit(*self._window)

    def _apply_window(self, c: float, w: float) -> None:
        self._is_default = False
        self._window = (c, w)
        self._render()
        self.windowChanged.emit(c, w)

    def _request_window(self, c: float, w: float) -> None:
        """Throttled window change while dragging: at most one re-render per WL_FRAME_MS, latest wins."""
        if self._wl_timer.isActive():
            self._pending_window = (c, w)
            return
        self._pending_window = None
        self._apply_window(c, w)
        self._wl_timer.start()

    def _on_wl_timer(self) -> None:
        if self._pending_window is not None and self._cxr is not None:
            c, w = self._pending_window
            self._pending_window = None
            self._apply_window(c, w)
            self._wl_timer.start()

    def _flush_window(self) -> None:
        if self._pending_window is not None and self._cxr is not None:
            c, w = self._pending_window
            self._pending_window = None
            self._apply_window(c, w)
        self._wl_timer.stop()

    def _dragged_window(self, c0: float, w0: float, dx: float, dy: float) -> tuple[float, float]:
        lo, hi = self._vrange
        span = max(hi - lo, 1.0)
        step = span / WL_DRAG_SPAN_PX
        w = min(max(w0 + dx * step, 1.0), 4.0 * span)
        c = min(max(c0 + dy * step, lo - span), hi + span)
        return c, w

    # ------------------------------------------------------------------ heat map

    def heatmap(self) -> np.ndarray | None:
        return self._heat

    def set_heatmap(self, heat: np.ndarray | None) -> None:
        """Overlay ``heat`` (float ``(H, W)`` in [0, 1], the image's shape); None removes it.

        Raises :class:`ValueError` without an image, for another shape, or for
        values that are not finite or outside [0, 1] (the map is never
        rescaled here).  Visibility and opacity are kept from before.
        """
        if heat is None:
            self._heat = self._heat_rgba = self._heat_qimage = None
            self._heat_empty = False
            self._heat_item.setPixmap(QPixmap())
            self._heat_item.setVisible(False)
            self._contour_item.set_map(None, self._cmap)
            self._contour_item.setVisible(False)
            self.viewport().update()
            self.heatmapChanged.emit()
            return
        if self._cxr is None:
            raise ValueError("no chest X-ray is shown to overlay a heat map on")
        arr = validate_heatmap(heat, self._cxr.shape)
        self._heat_empty = not bool(np.any(arr > 0))  # all zero: say so, draw no overlay
        self.viewport().update()
        rgba = heatmap_rgba(arr, cmap=self._cmap, opacity=1.0)  # the item's opacity scales it
        h, w = arr.shape
        qimage = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
        self._heat_item.setPixmap(QPixmap.fromImage(qimage))
        self._heat, self._heat_rgba, self._heat_qimage = arr, rgba, qimage
        self._heat_item.setOpacity(self._heat_opacity)
        self._contour_item.set_map(arr if not self._heat_empty else None, self._cmap)
        self._show_overlay()
        self.heatmapChanged.emit()

    def _show_overlay(self) -> None:
        """The filled map or its outline, as the mode says (nothing while hidden or without a map)."""
        on = self._heat_visible and self._heat is not None
        self._heat_item.setVisible(on and self._overlay_mode == "fill")
        self._contour_item.setVisible(on and self._overlay_mode == "contour")

    def overlay_mode(self) -> str:
        """``"fill"`` (the heat map) or ``"contour"`` (its isolines, :data:`ph_assist.render.CONTOUR_LEVELS`)."""
        return self._overlay_mode

    def set_overlay_mode(self, mode: str) -> None:
        from ph_assist.render import OVERLAY_MODES

        if mode not in OVERLAY_MODES:
            raise ValueError(f"overlay mode must be one of {OVERLAY_MODES}, not {mode!r}")
        if mode != self._overlay_mode:
            self._overlay_mode = mode
            self._show_overlay()
            self.viewport().update()
            self.heatmapChanged.emit()

    def toggle_overlay_mode(self) -> None:
        self.set_overlay_mode("contour" if self._overlay_mode == "fill" else "fill")

    def contour_paths(self) -> list[QPainterPath]:
        """The outline mode's paths (scene = image pixel coordinates), one per level."""
        return self._contour_item.paths()

    def heatmap_visible(self) -> bool:
        return self._heat_visible

    def heatmap_empty(self) -> bool:
        """True when the map shown is all zero: the view says "no region raised this score"."""
        return self._heat is not None and self._heat_empty

    def set_heatmap_visible(self, visible: bool) -> None:
        self._heat_visible = bool(visible)
        self._show_overlay()
        self.viewport().update()
        self.heatmapChanged.emit()

    def heatmap_opacity(self) -> float:
        return self._heat_opacity

    def set_heatmap_opacity(self, opacity: float) -> None:
        """Overlay opacity in [0, 1] (clipped); 0 looks exactly like a hidden overlay."""
        o = float(opacity)
        if not math.isfinite(o):
            raise ValueError(f"invalid opacity {opacity!r}")
        self._heat_opacity = min(max(o, 0.0), 1.0)
        self._heat_item.setOpacity(self._heat_opacity)
        self.heatmapChanged.emit()

    def colormap(self) -> str:
        return self._cmap

    # ------------------------------------------------------------------ zoom / pan

    def zoom(self) -> float:
        """Screen (logical) pixels per image pixel."""
        return float(self.transform().m11())

    def fit_zoom(self) -> float:
        """The zoom at which the whole image fits the viewport."""
        if self._cxr is None:
            return 1.0
        h, w = self._cxr.shape
        vp = self.viewport().rect()
        return max(min((vp.width() - 4) / w, (vp.height() - 4) / h), 1e-3)

    def fit(self) -> None:
        """Fit the whole image in the viewport, centred; stays fitted while the view is resized."""
        self._fit_mode = True
        if self._cxr is None:
            return
        s = self.fit_zoom()
        self.resetTransform()
        self.scale(s, s)
        self.centerOn(self._scene.sceneRect().center())
        self._layout_tag()
        self.zoomChanged.emit(self.zoom())

    def actual_size(self) -> None:
        """1:1: one image pixel per device pixel, keeping the centre of the view."""
        if self._cxr is None:
            return
        dpr = self.devicePixelRatioF() or 1.0
        self.zoom_by((1.0 / dpr) / self.zoom())

    def is_fitted(self) -> bool:
        return self._fit_mode

    def zoom_by(self, factor: float, anchor: QPoint | QPointF | None = None) -> None:
        """Multiply the zoom by ``factor`` about ``anchor`` (viewport coordinates; default its centre)."""
        f = float(factor)
        if self._cxr is None or not (math.isfinite(f) and f > 0):
            return
        cur = self.zoom()
        new = min(max(cur * f, min(self.fit_zoom(), 1.0) * 0.25), MAX_ZOOM)
        if abs(new / cur - 1.0) < 1e-9:
            return
        a = QPointF(anchor) if anchor is not None else QPointF(self.viewport().rect().center())
        before = self._to_scene(a)
        self._fit_mode = False
        self.scale(new / cur, new / cur)
        after = self.viewportTransform().map(before)
        self._scroll_by(after.x() - a.x(), after.y() - a.y())
        self._layout_tag()
        self.zoomChanged.emit(self.zoom())

    def _scroll_by(self, dx: float, dy: float) -> None:
        hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
        hbar.setValue(hbar.value() + round(dx))
        vbar.setValue(vbar.value() + round(dy))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_mode:
            self.fit()
        else:
            self._layout_tag()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._fit_mode:
            self.fit()

    # ------------------------------------------------------------------ mapping and read-out

    def _to_scene(self, pos: QPoint | QPointF) -> QPointF:
        inverse, _ok = self.viewportTransform().inverted()
        return inverse.map(QPointF(pos))

    def pixel_at(self, pos: QPoint | QPointF) -> tuple[int, int] | None:
        """The image pixel ``(row, col)`` under viewport position ``pos``, or None off the image."""
        if self._cxr is None:
            return None
        s = self._to_scene(pos)
        col, row = math.floor(s.x()), math.floor(s.y())
        h, w = self._cxr.shape
        if 0 <= row < h and 0 <= col < w:
            return int(row), int(col)
        return None

    def view_pos_of(self, row: float, col: float) -> QPointF:
        """The viewport position of the centre of pixel ``(row, col)`` (the inverse of :meth:`pixel_at`)."""
        return self.viewportTransform().map(QPointF(col + 0.5, row + 0.5))

    def cursor_info(self, pos: QPoint | QPointF) -> dict:
        """What ``cursorInfo`` reports for viewport position ``pos`` ({} off the image)."""
        rc = self.pixel_at(pos)
        if rc is None or self._display is None:
            return {}
        r, c = rc
        return {
            "row": r,
            "col": c,
            "value": float(self._cxr.values[r, c]),
            "display": float(self._display[r, c]),
            "heat": float(self._heat[r, c]) if self._heat is not None else None,
        }

    # ------------------------------------------------------------------ ruler

    def tool(self) -> str:
        return self._tool

    def set_tool(self, tool: str) -> None:
        """The left-button tool: ``"wl"`` (window/level), ``"pan"``, ``"ruler"`` or ``"ctr"``
        (two horizontal drags: the maximal cardiac width, then the maximal internal thoracic width)."""
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}; one of {TOOLS}")
        changed = tool != self._tool
        self._tool = tool
        self._update_cursor()
        if changed:
            self.toolChanged.emit(tool)

    def measurement(self) -> dict | None:
        return self._measurement

    def measure(self, p1: tuple[int, int], p2: tuple[int, int]) -> dict:
        """Place the ruler between the centres of pixels ``p1`` and ``p2`` (``(row, col)``); emits ``measured``.

        The dict: ``p1``, ``p2``, ``pixels`` (distance in image pixels),
        ``mm`` (only where ``cxr.spacing_calibrated``, else None),
        ``mm_at_detector`` (Imager Pixel Spacing without a magnification
        correction, else None), ``calibrated``, ``spacing_label`` and
        ``text`` (what the label on the image says).
        """
        if self._cxr is None:
            raise ValueError("no chest X-ray is shown to measure on")
        h, w = self._cxr.shape
        for r, c in (p1, p2):
            if not (0 <= r < h and 0 <= c < w):
                raise ValueError(f"pixel ({r}, {c}) is outside the {h} x {w} image")
        m = self._place_ruler(p1, p2)
        self.measured.emit(m)
        return m

    def clear_measurement(self) -> None:
        self._remove_ruler()

    def _remove_ruler(self) -> None:
        if self._ruler is not None:
            self._ruler.remove(self._scene)
            self._ruler = None
        self._measurement = None

    def _place_ruler(self, p1: tuple[int, int], p2: tuple[int, int]) -> dict:
        m = self._distance(p1, p2)
        if self._ruler is None:
            self._ruler = _Ruler(self._scene)
        self._ruler.place(QPointF(p1[1] + 0.5, p1[0] + 0.5), QPointF(p2[1] + 0.5, p2[0] + 0.5), m["text"])
        self._measurement = m
        self._layout_tag()
        return m

    def _layout_tag(self) -> None:
        """Keep the labels of the ruler and the CTR lines inside the viewport."""
        for ruler in (self._ruler, *self._ctr_lines):
            if ruler is not None:
                self._layout_one(ruler)

    def _layout_one(self, ruler: _Ruler) -> None:
        """Keep one line's label inside the viewport (flip it left / up near the right / bottom edge)."""
        tag = ruler.tag
        line = ruler.line.line()
        vp = QRectF(self.viewport().rect())
        to_view = self.viewportTransform()
        # Anchor at the end point, else the start point, else the middle: the first one in view.
        anchor_scene = line.p2()
        for candidate in (line.p2(), line.p1(), line.center()):
            if vp.contains(to_view.map(candidate)):
                anchor_scene = candidate
                break
        tag.setPos(anchor_scene)
        anchor = to_view.map(anchor_scene)
        box = tag.box()
        w, h = box.width(), box.height()
        x = anchor.x() + 10.0 if anchor.x() + 10.0 + w <= vp.right() - 2 else anchor.x() - 10.0 - w
        y = anchor.y() + 8.0 if anchor.y() + 8.0 + h <= vp.bottom() - 2 else anchor.y() - 8.0 - h
        if vp.contains(anchor):  # keep the whole label in view
            x = min(max(x, vp.left() + 2.0), vp.right() - 2.0 - w)
            y = min(max(y, vp.top() + 2.0), vp.bottom() - 2.0 - h)
        tag.set_offset(x - anchor.x(), y - anchor.y())

    def _distance(self, p1: tuple[int, int], p2: tuple[int, int]) -> dict:
        cxr = self._cxr
        (r1, c1), (r2, c2) = (int(p1[0]), int(p1[1])), (int(p2[0]), int(p2[1]))
        dr, dc = r2 - r1, c2 - c1
        pixels = math.hypot(dr, dc)
        mm = mm_detector = None
        text = f"{pixels:.1f} px"  # a number and a unit
        if cxr.pixel_spacing_mm is not None:
            sr, sc = cxr.pixel_spacing_mm
            length = math.hypot(dr * sr, dc * sc)
            if cxr.spacing_calibrated:
                mm = length
                text = (f"{mm:.1f} mm" if cxr.spacing_kind == "PixelSpacing"
                        else QCoreApplication.translate("cxr_view", "{mm} mm (est. at patient)").format(mm=f"{mm:.1f}"))
            elif cxr.spacing_kind == "ImagerPixelSpacing":
                mm_detector = length
                text = QCoreApplication.translate("cxr_view", "{pixels} px · {mm} mm at the detector").format(
                    pixels=f"{pixels:.1f}", mm=f"{length:.1f}")
        return {
            "p1": (r1, c1),
            "p2": (r2, c2),
            "pixels": pixels,
            "mm": mm,
            "mm_at_detector": mm_detector,
            "calibrated": bool(cxr.spacing_calibrated),
            "spacing_label": cxr.spacing_label,
            "text": text,
        }

    # ------------------------------------------------------------------ cardiothoracic ratio

    def ctr_widths(self) -> tuple[Width, ...]:
        """The CTR widths drawn so far: (), (cardiac,) or (cardiac, thoracic)."""
        return tuple(self._ctr_widths)

    def ctr_result(self) -> CTRResult | None:
        """The cardiothoracic ratio once both widths are drawn, else None."""
        return self._ctr

    def set_ctr_widths(self, cardiac: Width | None, thoracic: Width | None = None) -> CTRResult | None:
        """Draw the cardiac and thoracic widths (image pixels); emits ``ctrChanged``.

        Raises :class:`ValueError` without an image or for a width outside it.
        """
        if self._cxr is None:
            raise ValueError("no chest X-ray is shown to measure on")
        widths = [w for w in (cardiac, thoracic) if w is not None]
        h, w_px = self._cxr.shape
        for w in widths:
            if not w.pixels > 0:
                raise ValueError(f"width {w} has no length")
            if not (0 <= w.row < h and 0 <= min(w.col0, w.col1) and max(w.col0, w.col1) < w_px):
                raise ValueError(f"width {w} is outside the {h} x {w_px} image")
        self._remove_ctr()
        for w in widths:
            self._ctr_widths.append(w)
            self._draw_ctr_width(len(self._ctr_widths) - 1)
        self._update_ctr()
        return self._ctr

    def clear_ctr(self) -> None:
        had = bool(self._ctr_widths)
        self._remove_ctr()
        if had:
            self.ctrChanged.emit(None)

    def _remove_ctr(self) -> None:
        for line in self._ctr_lines:
            line.remove(self._scene)
        self._ctr_lines, self._ctr_widths, self._ctr = [], [], None

    def _draw_ctr_width(self, i: int) -> None:
        w = self._ctr_widths[i]
        while len(self._ctr_lines) <= i:
            self._ctr_lines.append(_Ruler(self._scene, _CTR_COLORS[len(self._ctr_lines)]))
        y = w.row + 0.5
        self._ctr_lines[i].place(QPointF(w.col0 + 0.5, y), QPointF(w.col1 + 0.5, y), self._ctr_width_text(i))
        self._layout_tag()

    def _ctr_width_text(self, i: int) -> str:
        w, cxr = self._ctr_widths[i], self._cxr
        if cxr.spacing_calibrated and cxr.pixel_spacing_mm:
            return f"{_tr(_CTR_NAMES[i])} {w.pixels * cxr.pixel_spacing_mm[1]:.1f} mm"
        return f"{_tr(_CTR_NAMES[i])} {w.pixels:.0f} px"

    def _update_ctr(self) -> None:
        """Compute the ratio when both widths are there (a zero-length last width, a click, is dropped)."""
        if self._ctr_widths and self._ctr_widths[-1].pixels == 0:
            self._ctr_widths.pop()
            self._ctr_lines.pop().remove(self._scene)
        self._ctr = ctr_for(self._cxr, *self._ctr_widths) if len(self._ctr_widths) == 2 else None
        if self._ctr is not None and self._ctr_lines:
            self._ctr_lines[1].tag.set_text(self.tr("{ctr_width_text} · CTR {ratio:.2f}").format(ctr_width_text=self._ctr_width_text(1), ratio=self._ctr.ratio))
            self._layout_tag()
        self.ctrChanged.emit(self._ctr)

    def _ctr_drag_width(self, start: tuple[int, int], pos: QPointF) -> Width:
        _r, c = self._clamped_pixel(pos)
        return Width(row=start[0], col0=start[1], col1=c)

    def _clamped_pixel(self, pos: QPointF) -> tuple[int, int]:
        s = self._to_scene(pos)
        h, w = self._cxr.shape
        return (min(max(math.floor(s.y()), 0), h - 1), min(max(math.floor(s.x()), 0), w - 1))

    # ------------------------------------------------------------------ events

    def _update_cursor(self) -> None:
        shape = {"wl": Qt.CursorShape.SizeAllCursor, "pan": Qt.CursorShape.OpenHandCursor,
                 "ruler": Qt.CursorShape.CrossCursor, "ctr": Qt.CursorShape.CrossCursor}[self._tool]
        self.viewport().setCursor(shape)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._cxr is None or self._drag is not None:
            event.accept()
            return
        button, pos = event.button(), event.position()
        left = button == Qt.MouseButton.LeftButton
        if button == Qt.MouseButton.RightButton or (left and self._tool == "wl"):
            c0, w0 = self._window
            self._drag = ("wl", button, pos, c0, w0)
        elif button == Qt.MouseButton.MiddleButton or (left and self._tool == "pan"):
            self._drag = ("pan", button, pos)
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        elif left and self._tool == "ruler":
            start = self.pixel_at(pos)
            if start is not None:
                self._drag = ("ruler", button, start)
                self._place_ruler(start, start)
        elif left and self._tool == "ctr":
            start = self.pixel_at(pos)
            if start is not None:
                if len(self._ctr_widths) >= 2:  # a third width starts a new ratio
                    self.clear_ctr()
                self._ctr = None
                self._ctr_widths.append(Width(start[0], start[1], start[1]))
                self._draw_ctr_width(len(self._ctr_widths) - 1)
                self._drag = ("ctr", button, start)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        drag = self._drag
        if drag is not None and self._cxr is not None:
            kind = drag[0]
            if kind == "wl":
                _, _, start, c0, w0 = drag
                self._request_window(*self._dragged_window(c0, w0, pos.x() - start.x(), pos.y() - start.y()))
            elif kind == "pan":
                last = drag[2]
                self._fit_mode = False
                self._scroll_by(last.x() - pos.x(), last.y() - pos.y())
                self._layout_tag()
                self._drag = ("pan", drag[1], pos)
            elif kind == "ruler":
                self._place_ruler(drag[2], self._clamped_pixel(pos))
            elif kind == "ctr":
                self._ctr_widths[-1] = self._ctr_drag_width(drag[2], pos)
                self._draw_ctr_width(len(self._ctr_widths) - 1)
        if self._cxr is not None:
            self.cursorInfo.emit(self.cursor_info(pos))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None or event.button() != drag[1]:
            event.accept()
            return
        self._drag = None
        kind = drag[0]
        if kind == "wl":
            _, _, start, c0, w0 = drag
            pos = event.position()
            if pos != start:
                self._pending_window = self._dragged_window(c0, w0, pos.x() - start.x(), pos.y() - start.y())
            self._flush_window()
        elif kind == "ruler" and self._measurement is not None:
            m = self._place_ruler(drag[2], self._clamped_pixel(event.position()))
            if m["p1"] == m["p2"]:
                self._remove_ruler()
            else:
                self.measured.emit(m)
        elif kind == "ctr" and self._ctr_widths:
            self._ctr_widths[-1] = self._ctr_drag_width(drag[2], event.position())
            self._draw_ctr_width(len(self._ctr_widths) - 1)
            self._update_ctr()
        self._update_cursor()
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._tool not in ("ruler", "ctr"):
            self.fit()
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps and self._cxr is not None:
            self.zoom_by(ZOOM_STEP ** steps, event.position())
        event.accept()

    def keyPressEvent(self, event: Any) -> None:
        """The canvas keys of :data:`VIEW_KEYS` (without Ctrl / Alt / Meta: those belong to the menus)."""
        fn = _key_action(VIEW_KEYS, event)
        if fn is None:
            super().keyPressEvent(event)
            return
        fn(self)
        event.accept()

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        self.viewport().update()  # the focus frame

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.viewport().update()

    def _draw_focus_frame(self, painter: QPainter) -> None:
        """A frame in the highlight colour round the image area while the canvas has keyboard focus."""
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FOCUS_FRAME_PX)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_FRAME_PX / 2
        painter.drawRect(QRectF(self.viewport().rect()).adjusted(half, half, -half, -half))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave:  # the pointer left the image area
            self.cursorInfo.emit({})
        return super().viewportEvent(event)

    def _draw_edge_labels(self, painter: QPainter) -> None:
        """The patient direction at each edge of the image as shown (kept inside the viewport)."""
        edges = self._edges
        if edges is None:
            return
        h, w = self._cxr.shape
        shown = self.viewportTransform().mapRect(QRectF(0.0, 0.0, float(w), float(h)))
        area = shown.intersected(QRectF(self.viewport().rect())).adjusted(4, 4, -4, -4)
        if area.width() < 40 or area.height() < 40:
            return
        font = QFont(painter.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.4)
        font.setBold(True)
        painter.setFont(font)
        fm = painter.fontMetrics()
        c = area.center()
        for text, anchor in ((edges.left, "left"), (edges.right, "right"), (edges.top, "top"),
                             (edges.bottom, "bottom")):
            tw, th = fm.horizontalAdvance(text) + 10, fm.height() + 4
            x = {"left": area.left(), "right": area.right() - tw}.get(anchor, c.x() - tw / 2)
            y = {"top": area.top(), "bottom": area.bottom() - th}.get(anchor, c.y() - th / 2)
            box = QRectF(x, y, tw, th)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(box, 3, 3)
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._cxr is not None and self._edges is not None:
            painter = QPainter(self.viewport())
            self._draw_edge_labels(painter)
            painter.end()
        if self._cxr is None:
            painter = QPainter(self.viewport())
            font = painter.font()
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.3)
            painter.setFont(font)
            painter.setPen(QColor(170, 170, 170))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, _tr(EMPTY_TEXT))
            painter.end()
        elif self.heatmap_empty() and self._heat_visible:
            painter = QPainter(self.viewport())
            fm = painter.fontMetrics()
            w = fm.horizontalAdvance(_tr(EMPTY_MAP_TEXT)) + 16
            box = QRectF((self.viewport().width() - w) / 2, 8, w, fm.height() + 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 170))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor(235, 235, 235))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, _tr(EMPTY_MAP_TEXT))
            painter.end()
        if self.hasFocus():
            painter = QPainter(self.viewport())
            self._draw_focus_frame(painter)
            painter.end()


class ColorBar(QWidget):
    """A vertical colour bar of the heat-map colour map: high at the top, low at the bottom."""

    def __init__(self, parent: QWidget | None = None, *, cmap: str = DEFAULT_CMAP,
                 title: str = "Grad-CAM", high: str = "", low: str = "") -> None:
        super().__init__(parent)
        high, low = high or self.tr("high"), low or self.tr("low")
        self._cmap, self._title, self._high, self._low = cmap, title, high, low
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.setToolTip(self.tr("{title}: colour of the map value, low → high (relative, no unit)").format(title=title))

    def _bar_width(self) -> int:
        return 16

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        w = max(fm.horizontalAdvance(t) for t in (self._title, self._high, self._low)) + 10
        return QSize(max(w, self._bar_width() + 10), 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.sizeHint().width(), 4 * self.fontMetrics().height() + 20)

    def bar_rect(self) -> QRectF:
        """Where the colour ramp is drawn, in widget coordinates."""
        fm = self.fontMetrics()
        line = fm.height()
        top = 2 * line + 6  # title, then "high"
        bottom = self.height() - line - 4  # "low" under the bar
        x = (self.width() - self._bar_width()) / 2.0
        return QRectF(x, top, self._bar_width(), max(bottom - top, 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if not self.isEnabled():
            painter.setOpacity(0.35)
        fm = self.fontMetrics()
        line = fm.height()
        bar = self.bar_rect()
        n = max(int(bar.height()), 2)
        rgba = colorbar_rgba(n, 1, cmap=self._cmap)
        self._rgba = rgba  # keep the buffer alive while the QImage is used
        image = QImage(rgba.data, 1, n, 4, QImage.Format.Format_RGBA8888)
        painter.drawImage(bar, image)
        painter.setPen(self.palette().windowText().color())
        painter.drawRect(bar.adjusted(-0.5, -0.5, 0.5, 0.5))
        w = float(self.width())
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(0, 0, w, line + 2), Qt.AlignmentFlag.AlignCenter, self._title)
        painter.setFont(self.font())
        painter.drawText(QRectF(0, bar.top() - line - 2, w, line), Qt.AlignmentFlag.AlignCenter, self._high)
        painter.drawText(QRectF(0, bar.bottom() + 2, w, line), Qt.AlignmentFlag.AlignCenter, self._low)
        painter.end()


class CXRPanel(QWidget):
    """:class:`CXRView` with compact controls, a Grad-CAM colour bar and a read-out line.

    Controls: window preset combo (Default, the file's windows, full range)
    with a reset button and the current window; tools (W/L, Pan, Ruler);
    Fit, 1:1, zoom out/in with the zoom; the Grad-CAM toggle and its opacity.
    """

    def __init__(self, parent: QWidget | None = None, *, cmap: str = DEFAULT_CMAP) -> None:
        super().__init__(parent)
        self.view = CXRView(self, cmap=cmap)

        def tool_button(text: str, tip: str, checkable: bool = False) -> QToolButton:
            b = QToolButton(self)
            b.setText(text)
            b.setToolTip(tip)
            b.setCheckable(checkable)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            return b

        # Row 1: window/level and tools.
        self.preset_combo = QComboBox(self)
        self.preset_combo.setToolTip(self.tr("Window/level presets: the file default (R), Lung (L), Mediastinum (M), the file's windows (D), full range"))
        self.preset_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preset_combo.setMinimumContentsLength(8)
        self.reset_button = tool_button(self.tr("Reset"), self.tr("Reset the window to the file default (R)"))
        self.wl_label = ElidedLabel(parent=self, tooltip=False, margins=(4, 2))
        self.wl_label.setMinimumWidth(round(QFontMetricsF(self.font()).horizontalAdvance("C 32768 / W 65536")) + 4)
        self.wl_tool = tool_button(self.tr("W/L"), self.tr("Left drag: window (right = wider) / level (down = higher); the right button always does W/L"), True)
        self.pan_tool = tool_button(self.tr("Pan"), self.tr("Left drag: pan; the middle button always pans"), True)
        self.ruler_tool = tool_button(self.tr("Ruler"), self.tr("Left drag: measure a distance (Esc clears)"), True)
        self.ctr_tool = tool_button(self.tr("CTR"), self.tr("Cardiothoracic ratio (C): left drag the maximal cardiac width, then the maximal internal thoracic width (kept horizontal); Esc clears"), True)
        self.tool_group = QButtonGroup(self)
        self.tool_group.setExclusive(True)
        for b, name in ((self.wl_tool, "wl"), (self.pan_tool, "pan"), (self.ruler_tool, "ruler"),
                        (self.ctr_tool, "ctr")):
            self.tool_group.addButton(b)
            b.clicked.connect(lambda _checked=False, n=name: self.view.set_tool(n))
        self.wl_tool.setChecked(True)

        # Row 2: zoom and Grad-CAM.
        self.fit_button = tool_button(self.tr("Fit"), self.tr("Fit the image to the window (F, double click)"))
        self.actual_button = tool_button("1:1", self.tr("One image pixel per screen pixel (1)"))
        self.zoom_out_button = tool_button("−", self.tr("Zoom out (-)"))
        self.zoom_in_button = tool_button("+", self.tr("Zoom in (+, wheel)"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setToolTip(self.tr("Zoom: screen pixels per image pixel"))
        self.zoom_label.setMinimumWidth(QFontMetricsF(self.font()).horizontalAdvance("Zoom 3200 %") + 4)
        self.cam_check = QCheckBox(self.tr("Grad-CAM"), self)
        self.cam_check.setToolTip(self.tr("Show the Grad-CAM heat map of the X-ray model over the image: where the model's evidence lay, not a localisation of disease"))
        self.cam_check.setChecked(True)
        self.outline_button = tool_button(
            self.tr("Outline"),
            self.tr("Show the Grad-CAM map as contour lines at three levels of the same colour scale, so the "
                    "heart border and hila stay visible (O); off: the filled heat map"), True)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.setValue(round(self.view.heatmap_opacity() * 100))
        self.opacity_slider.setToolTip(self.tr("Heat-map opacity"))
        self.opacity_slider.setMinimumWidth(70)
        self.opacity_slider.setMaximumWidth(140)
        self.opacity_label = QLabel(self)
        self.opacity_label.setMinimumWidth(QFontMetricsF(self.font()).horizontalAdvance("100 %") + 4)
        self.colorbar = ColorBar(self, cmap=cmap)
        self.invert_button = tool_button(self.tr("Invert"), self.tr("Invert the grey scale (I)"), True)
        self.header_button = tool_button(self.tr("Header"), self.tr("The DICOM header: identifiers never shown, free text withheld (H)"))
        self.header_dialog: HeaderDialog | None = None

        # Read-out lines.
        self.readout_label = ElidedLabel(parent=self, tooltip=False, margins=(4, 2))
        self.measure_label = ElidedLabel(parent=self, tooltip=False, margins=(4, 2))

        # The controls wrap onto more lines on a narrow pane: each keeps the width its text needs.
        self.wl_label.setFixedWidth(self.wl_label.minimumWidth())  # no reflow while the window is dragged
        self.wl_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.controls = FlowLayout(spacing=4, line_spacing=2)
        self.opacity_caption = QLabel(self.tr("Opacity"), self)
        for w in (group(QLabel(self.tr("Window"), self), self.preset_combo), self.reset_button, self.wl_label,
                  group(QLabel(self.tr("Tool"), self), self.wl_tool, self.pan_tool, self.ruler_tool, self.ctr_tool),
                  group(self.fit_button, self.actual_button, self.zoom_out_button, self.zoom_in_button,
                        self.zoom_label),
                  self.invert_button, self.header_button, group(self.cam_check, self.outline_button),
                  group(self.opacity_caption, self.opacity_slider, self.opacity_label)):
            self.controls.addWidget(w)
        middle = QHBoxLayout()
        middle.setSpacing(4)
        middle.addWidget(self.view, 1)
        middle.addWidget(self.colorbar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self.controls)
        layout.addLayout(middle, 1)
        layout.addWidget(self.readout_label)
        layout.addWidget(self.measure_label)
        self.ctr_label = ElidedLabel(parent=self, tooltip=False, margins=(4, 2))
        layout.addWidget(self.ctr_label)

        self.preset_combo.activated.connect(self._on_preset)
        self.reset_button.clicked.connect(self.view.reset_window)
        self.fit_button.clicked.connect(self.view.fit)
        self.actual_button.clicked.connect(self.view.actual_size)
        self.zoom_out_button.clicked.connect(lambda: self.view.zoom_by(1.0 / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self.view.zoom_by(ZOOM_STEP))
        self.cam_check.toggled.connect(self.view.set_heatmap_visible)
        self.outline_button.toggled.connect(lambda on: self.view.set_overlay_mode("contour" if on else "fill"))
        self.opacity_slider.valueChanged.connect(lambda v: self.view.set_heatmap_opacity(v / 100.0))
        self.view.cxrChanged.connect(self._on_cxr)
        self.view.windowChanged.connect(self._on_window)
        self.view.zoomChanged.connect(self._on_zoom)
        self.view.heatmapChanged.connect(self._on_heatmap)
        self.view.cursorInfo.connect(self._on_cursor)
        self.view.measured.connect(self._on_measured)
        self.ruler_tool.toggled.connect(lambda _on: self._on_measured(self.view.measurement()))
        self.invert_button.toggled.connect(self.view.set_inverted)
        self.header_button.clicked.connect(self.show_header)
        self.view.invertedChanged.connect(self._on_inverted)
        self.view.ctrChanged.connect(self._on_ctr)
        self.view.toolChanged.connect(self._on_tool)
        # Tab order of the controls: reading order (Invert and Header were made after the Grad-CAM controls).
        # The image is left out: a compound widget (its viewport hands its focus on) that setTabOrder
        # misplaces; the main window puts each canvas after its controls.
        chain = (self.preset_combo, self.reset_button, self.wl_tool, self.pan_tool, self.ruler_tool, self.ctr_tool,
                 self.fit_button, self.actual_button, self.zoom_out_button, self.zoom_in_button, self.invert_button,
                 self.header_button, self.cam_check, self.outline_button, self.opacity_slider)
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
        self._on_cxr()
        self._on_heatmap()

    # Convenience pass-throughs and actions.
    def show_header(self) -> HeaderDialog | None:
        """Open (or refresh) the DICOM header of the image shown; None for a non-DICOM image."""
        cxr = self.view.cxr()
        if cxr is None or cxr.source_format != "dicom-cxr":
            return None
        if self.header_dialog is None:
            self.header_dialog = HeaderDialog(self)
        self.header_dialog.set_path(cxr.source_path)
        self.header_dialog.show()
        self.header_dialog.raise_()
        return self.header_dialog

    def keyPressEvent(self, event: Any) -> None:
        """The keys of :data:`PANEL_KEYS` (the view passes on the keys it does not use)."""
        fn = _key_action(PANEL_KEYS, event)
        if fn is None or self.view.cxr() is None:
            super().keyPressEvent(event)
            return
        fn(self)
        event.accept()

    def set_cxr(self, cxr: Any) -> None:
        self.view.set_cxr(cxr)

    def set_heatmap(self, heat: np.ndarray | None) -> None:
        self.view.set_heatmap(heat)

    # -- slots

    def _on_cxr(self) -> None:
        view, combo = self.view, self.preset_combo
        has = view.cxr() is not None
        combo.blockSignals(True)
        combo.clear()
        if has:
            combo.addItem(self.tr("Default"), "default")
            combo.setItemData(0, self.tr("The file's default display ({voi})").format(voi=view.cxr().voi),
                              Qt.ItemDataRole.ToolTipRole)
            for name, c, w in view.presets():
                combo.addItem(_tr(name), (c, w))
                combo.setItemData(combo.count() - 1, f"{name}: C {_fmt(c)} / W {_fmt(w)}",
                                  Qt.ItemDataRole.ToolTipRole)
            combo.addItem(self.tr("Custom"), "custom")
            combo.setItemData(combo.count() - 1, self.tr("Set by dragging"), Qt.ItemDataRole.ToolTipRole)
            model = combo.model()
            if isinstance(model, QStandardItemModel):
                model.item(combo.count() - 1).setEnabled(False)
        combo.blockSignals(False)
        for w in (combo, self.reset_button, self.wl_tool, self.pan_tool, self.ruler_tool, self.ctr_tool,
                  self.fit_button, self.actual_button, self.zoom_out_button, self.zoom_in_button,
                  self.invert_button):
            w.setEnabled(has)
        dicom = has and view.cxr().source_format == "dicom-cxr"
        self.header_button.setEnabled(dicom)
        self.header_button.setToolTip(self.tr("The DICOM header: identifiers never shown, free text withheld (H)")
                                      if dicom else self.tr("No DICOM header: the image is not a DICOM file"))
        if self.header_dialog is not None:
            self.header_dialog.close()
        edges = view.edge_labels()
        view.setToolTip(self.tr("Orientation (Patient Orientation): {edges}").format(edges=edges.describe()) if edges
                        else self.tr("Orientation: the file gives no Patient Orientation; no side markers are shown")
                        if has else "")
        self._on_ctr(view.ctr_result())
        self._on_window()
        self._on_zoom()
        self._on_cursor({})
        self._on_measured(None)

    def _on_preset(self, index: int) -> None:
        data = self.preset_combo.itemData(index)
        if data == "default":
            self.view.reset_window()
        elif isinstance(data, tuple):
            self.view.set_window(*data)

    def _on_window(self, *_args: float) -> None:
        view, combo = self.view, self.preset_combo
        if view.cxr() is None:
            self.wl_label.setText("")
            self.wl_label.setToolTip("")
            return
        self.wl_label.setText(view.window_description())
        self.wl_label.setToolTip(self.tr("{window_description}\nWindow centre (C) and width (W) in stored pixel values (after Rescale); drag right = wider, drag down = higher level").format(window_description=view.window_description()))
        if view.window_is_default():
            index = 0
        else:
            c, w = view.window()
            index = combo.count() - 1  # Custom
            for i in range(1, combo.count() - 1):
                data = combo.itemData(i)
                if isinstance(data, tuple) and math.isclose(data[0], c) and math.isclose(data[1], w):
                    index = i
                    break
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _on_inverted(self, inverted: bool) -> None:
        self.invert_button.blockSignals(True)
        self.invert_button.setChecked(inverted)
        self.invert_button.blockSignals(False)

    def _on_tool(self, tool: str) -> None:
        button = {"wl": self.wl_tool, "pan": self.pan_tool, "ruler": self.ruler_tool, "ctr": self.ctr_tool}[tool]
        button.setChecked(True)
        self._on_ctr(self.view.ctr_result())

    def _on_ctr(self, result: CTRResult | None) -> None:
        view = self.view
        if view.cxr() is None:
            self.ctr_label.setText("")
            self.ctr_label.setToolTip("")
            return
        if result is not None:
            notes = "; ".join(result.notes)
            self.ctr_label.setText(result.text + (f" — {notes}" if notes else ""))
            self.ctr_label.setToolTip("\n".join([result.text, *result.notes,
                                                  self.tr("Pixel spacing: {spacing}").format(
                                                      spacing=_spacing(result.spacing_label))]))
        elif view.tool() == "ctr":
            step = "cardiac" if not view.ctr_widths() else "thoracic"
            what = (self.tr("the maximal cardiac width") if step == "cardiac"
                    else self.tr("the maximal internal thoracic width (inner margins of the ribs)"))
            self.ctr_label.setText(self.tr("CTR: drag {what}").format(what=what))
            self.ctr_label.setToolTip("")
        else:
            self.ctr_label.setText("")
            self.ctr_label.setToolTip("")

    def _on_zoom(self, *_args: float) -> None:
        if self.view.cxr() is None:
            self.zoom_label.setText("")
            return
        dpr = self.view.devicePixelRatioF() or 1.0
        self.zoom_label.setText(self.tr("Zoom {value:.0f} %").format(value=self.view.zoom() * dpr * 100))

    def _on_heatmap(self) -> None:
        view = self.view
        has = view.heatmap() is not None
        for w in (self.cam_check, self.outline_button):
            w.setEnabled(has)
        fill = view.overlay_mode() == "fill"
        for w in (self.opacity_caption, self.opacity_slider, self.opacity_label):
            w.setEnabled(has and fill)  # the outline is drawn opaque
        self.outline_button.blockSignals(True)
        self.outline_button.setChecked(not fill)
        self.outline_button.blockSignals(False)
        self.colorbar.setEnabled(has and view.heatmap_visible())
        if view.heatmap_empty():
            self.colorbar.setEnabled(False)
            self.colorbar.setToolTip(self.tr("The Grad-CAM map is all zero: no region raised this score"))
        else:
            self.colorbar.setToolTip(self.tr("Grad-CAM colour scale: low → high (relative, no unit)") if has
                                     else self.tr("No Grad-CAM map for this image"))
        self.cam_check.blockSignals(True)
        self.cam_check.setChecked(view.heatmap_visible())
        self.cam_check.blockSignals(False)
        self.opacity_slider.blockSignals(True)
        self.opacity_slider.setValue(round(view.heatmap_opacity() * 100))
        self.opacity_slider.blockSignals(False)
        self.opacity_label.setText(f"{round(view.heatmap_opacity() * 100)} %")
        self.colorbar.update()

    def _on_cursor(self, info: dict) -> None:
        if self.view.cxr() is None:
            self.readout_label.setText("")
            return
        if not info:
            self.readout_label.setText(self.tr("Pixel: move the pointer over the image"))
            return
        text = self.tr("Pixel  row {row}, col {col}  ·  value {value}  ·  displayed {shown}").format(
            row=info["row"], col=info["col"], value=_fmt(info["value"]), shown=f"{info['display']:.3f}")
        if self.view.heatmap_empty():
            text += "  ·  " + self.tr("Grad-CAM: no region raised this score")
        elif info.get("heat") is not None:
            text += f"  ·  Grad-CAM {info['heat']:.2f}"
        self.readout_label.setText(text)

    def _on_measured(self, m: dict | None) -> None:
        cxr = self.view.cxr()
        if cxr is None:
            self.measure_label.setText("")
            self.measure_label.setToolTip("")
            return
        self.measure_label.setToolTip(self.tr("{text}\nPixel spacing: {spacing_label}").format(text=self.measure_label.text(), spacing_label=_spacing(cxr.spacing_label)))
        if m:
            text = self.tr("Ruler: {length}").format(length=m["text"])
            if m["mm"] is None and m["mm_at_detector"] is None:
                text += "  " + self.tr("(no pixel spacing: pixels only)") if cxr.pixel_spacing_mm is None else ""
            elif m["mm_at_detector"] is not None:
                text += "  " + self.tr("(not corrected for magnification)")
            self.measure_label.setText(text)
        else:
            self.measure_label.setText(self.tr("Ruler ({spacing_label})").format(spacing_label=_spacing(cxr.spacing_label)))


class HeaderDialog(QDialog):
    """The DICOM header of one file (:func:`~ph_assist.cxr_tools.dicom_header`): a tree of elements.

    Identifiers (names, IDs, birth date, instance UIDs, private elements ...)
    are never shown; free text is withheld unless "Show free text" is ticked,
    as ``ph-assist inspect --show-text``.  The file is named by a hash.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("DICOM header"))
        self.resize(720, 560)
        self._path: str | None = None
        self.header: HeaderView | None = None
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.text_check = QCheckBox(self.tr("Show free text (it may identify the patient; names and IDs are never shown)"),
                                    self)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("Tag"), self.tr("VR"), self.tr("Name"), self.tr("Value")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.text_check)
        layout.addWidget(self.tree, 1)
        self.text_check.toggled.connect(lambda _on: self.refresh())

    def set_path(self, path: str) -> None:
        self._path = path
        self.text_check.setChecked(False)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the header (with or without free text) and fill the tree."""
        self.tree.clear()
        self.header = None
        if self._path is None:
            return
        try:
            h = dicom_header(self._path, show_text=self.text_check.isChecked())
        except InputError as exc:
            self.summary_label.setText(self.tr("The header cannot be read: {problem}").format(problem=exc.problem))
            return
        self.header = h
        self.setWindowTitle(self.tr("DICOM header — {file}").format(file=h.file))
        text = self.tr("{n} element(s); {ids} identifier(s) and private element(s) never shown; {texts} free-text "
                       "field(s) withheld").format(n=len(h.rows), ids=h.identifiers_withheld,
                                                   texts=h.free_text_withheld)
        self.summary_label.setText(text + (" " + self.tr("(list truncated)") if h.truncated else ""))
        parents: list[QTreeWidgetItem] = []
        grey = QColor(128, 128, 128)
        for row in h.rows:
            item = QTreeWidgetItem([row.tag, row.vr, row.name, row.value])
            if row.withheld:
                for col in range(4):
                    item.setForeground(col, grey)
                font = item.font(3)
                font.setItalic(True)
                item.setFont(3, font)
            del parents[row.depth:]
            if parents:
                parents[-1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents.append(item)
        self.tree.expandAll()
        for col in range(3):
            self.tree.resizeColumnToContents(col)

    def values(self) -> list[str]:
        """Every value shown in the tree (for tests): top-level and nested."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem | None) -> None:
            if item is None:
                return
            out.append(item.text(3))
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out
