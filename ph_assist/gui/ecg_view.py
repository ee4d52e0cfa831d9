"""A 12-lead ECG viewer that looks like the paper ECGs cardiologists read.

:class:`ECGView` draws an :class:`~ph_assist.io.ecg.ECG` in the standard
printed layout: 3 rows x 4 columns of 2.5 s per lead (I/II/III, aVR/aVL/aVF,
V1-V3, V4-V6; each column shows its own quarter of the 10 s window) and a
10 s lead II rhythm strip, on 1 mm / 5 mm ECG paper at 25 or 50 mm/s and
5, 10 or 20 mm/mV, with a 1 mV calibration pulse at the start of each row.
The widget works out pixels per millimetre from its size (the paper keeps its
millimetre proportions); speed and gain change the drawing exactly as they
change a paper ECG, and the paper scrolls where it no longer fits.

On top of the tracing it shows a Grad-CAM over the time axis as a translucent
colour band behind each lead segment (one band for all leads, or one per
lead), a per-lead attribution as a colour chip beside each lead's name (which
leads drove the ECG score), the quality flags of each lead, an enlarged
single-lead view (click a lead) and calipers (Δt, ΔV, heart rate).  Band,
chips and the footer legend use the radiograph overlay's colour scale
(:data:`ph_assist.gui.colormaps.DEFAULT_CMAP`, ``inferno``: dark purple low,
pale yellow high), so one scale reads the same in every view.

:class:`ECGPanel` wraps the view with its controls.

Keys (the view takes the focus by Tab or a click and then shows a frame in
the highlight colour): ``+`` / ``-`` zoom, ``F`` fit, ``Enter`` enlarges lead
II and ``↑`` / ``↓`` step through the leads there, ``←`` / ``→`` and
Page Up / Down move the window of a longer record, ``Esc`` closes the
enlarged lead or clears the calipers.  :data:`VIEW_KEYS` and
:data:`LEAD_KEYS` are the tables the key handlers dispatch from.

Widgets hold no science: the display filters are
:func:`ph_assist.preprocess.display_filters.display_filter` (applied to a copy,
for display only), the colour map is :mod:`ph_assist.gui.colormaps`; this
module only maps millivolts and seconds onto paper and paper onto pixels.

Rendering: per-panel polylines (min/max-decimated to about two points per
pixel column, built from numpy through a ``QDataStream`` in one call) and the
grid lines are cached until the size, data or settings change; the painted
viewport is cached as a pixmap so caliper drags only redraw the calipers.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QDataStream,
    QEvent,
    QIODevice,
    QLineF,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollBar,
    QSizePolicy,
    QSlider,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ph_assist.gui.colormaps import DEFAULT_CMAP, colorbar_rgba, colormap_lut, heatmap_rgba
from ph_assist.gui.flow_layout import SEPARATOR_PROPERTY, FlowLayout, group
from ph_assist.io.ecg import ECG, FLAT_PEAK_TO_PEAK_MV, MAX_PLAUSIBLE_MV
from ph_assist.io.leads import STANDARD_LEADS
from ph_assist.preprocess.display_filters import describe_filters, display_filter
from ph_assist.i18n import QT_TRANSLATE_NOOP

__all__ = ["ECGView", "ECGPanel", "SPEEDS_MM_S", "GAINS_MM_MV", "VIEW_KEYS", "LEAD_KEYS"]

# ---------------------------------------------------------------- paper layout
SPEEDS_MM_S = (25.0, 50.0)
GAINS_MM_MV = (5.0, 10.0, 20.0)
WINDOW_S = 10.0  # seconds on one page
COLUMN_S = 2.5  # seconds per lead in the 3 x 4 layout
LAYOUT = (("I", "aVR", "V1", "V4"), ("II", "aVL", "V2", "V5"), ("III", "aVF", "V3", "V6"))
RHYTHM_LEAD = "II"
RHYTHM_KEY = "rhythm"

ROW_PITCH_MM = 40.0  # paper height of one row (fixed, as on paper: big complexes may overlap)
TOP_MM = 5.0
FOOTER_MM = 10.0
RIGHT_MM = 3.0
CAL_PRE_MM = 2.5
CAL_PULSE_S = 0.2  # width of the 1 mV calibration pulse
CAL_POST_MM = 2.5
REF_SPEED = 25.0  # the fit-to-window scale is that of a 25 mm/s page
CAM_INSET_MM = 1.5  # the Grad-CAM band stops this far from the row edges
CAM_CMAP = DEFAULT_CMAP  # the radiograph overlay's scale (inferno), for the band, the chips and the legend
CHIP_W_MM, CHIP_H_MM = 3.2, 2.4  # the per-lead attribution chip beside a lead's name
MAX_ZOOM = 4.0
ZOOM_STEP = 1.25  # one + / - key press, one Ctrl + wheel notch
CALIPER_STEP_S = 0.01  # one arrow key press moves a caliper end 10 ms
CALIPER_BIG_STEP_S = 0.2  # Shift + arrow: 200 ms (one large box at 25 mm/s)
CLICK_SLOP_PX = 4.0
FOCUS_FRAME_PX = 3  # the frame drawn round the page while the view has keyboard focus

# ---------------------------------------------------------------- keys
_K = Qt.Key
#: The view's keys: (Qt keys, the key as shown, what it does, the action on the view).  An action
#: that returns False did not apply (the key goes on to the parent).  :meth:`ECGView.keyPressEvent`
#: dispatches from this table and the main window's shortcuts dialog lists it.
VIEW_KEYS: tuple[tuple[tuple[Qt.Key, ...], str, str, Callable[[Any], Any]], ...] = (
    ((_K.Key_Plus, _K.Key_Equal), "+", QT_TRANSLATE_NOOP("ecg_view", "Zoom in (the page scrolls)"), lambda v: v.set_zoom(v.zoom() * ZOOM_STEP)),
    ((_K.Key_Minus, _K.Key_Underscore), "−", QT_TRANSLATE_NOOP("ecg_view", "Zoom out"), lambda v: v.set_zoom(v.zoom() / ZOOM_STEP)),
    ((_K.Key_F,), "F", QT_TRANSLATE_NOOP("ecg_view", "Fit the page to the window"), lambda v: v.set_zoom(1.0)),
    ((_K.Key_Return, _K.Key_Enter), "Enter", QT_TRANSLATE_NOOP("ecg_view", "Enlarge a lead (lead II first)"), lambda v: v._open_lead_by_key()),
    ((_K.Key_K,), "K", QT_TRANSLATE_NOOP("ecg_view", "Calipers by keyboard: place them on the rhythm strip; "
                                                     "again: switch the end the arrow keys move"),
     lambda v: v.caliper_key()),
    ((_K.Key_Left,), "←", QT_TRANSLATE_NOOP("ecg_view", "Window 1 s earlier (records longer than 10 s)"), lambda v: v._arrow(-1)),
    ((_K.Key_Right,), "→", QT_TRANSLATE_NOOP("ecg_view", "Window 1 s later"), lambda v: v._arrow(1)),
    ((), "← / →", QT_TRANSLATE_NOOP("ecg_view", "With calipers: move the active end 10 ms (Shift: 200 ms)"),
     lambda v: False),
    ((_K.Key_Up,), "↑", QT_TRANSLATE_NOOP("ecg_view", "With calipers: move them to the previous lead"),
     lambda v: v._caliper_lead_step(-1)),
    ((_K.Key_Down,), "↓", QT_TRANSLATE_NOOP("ecg_view", "With calipers: move them to the next lead"),
     lambda v: v._caliper_lead_step(1)),
    ((_K.Key_PageUp,), "Page Up", QT_TRANSLATE_NOOP("ecg_view", "Window 10 s earlier"), lambda v: v._step_window(-WINDOW_S)),
    ((_K.Key_PageDown,), "Page Down", QT_TRANSLATE_NOOP("ecg_view", "Window 10 s later"), lambda v: v._step_window(WINDOW_S)),
    ((_K.Key_Escape,), "Esc", QT_TRANSLATE_NOOP("ecg_view", "Clear the calipers"), lambda v: v._clear_caliper_by_key()),
)
#: The keys of the enlarged single-lead view (same form as :data:`VIEW_KEYS`).
LEAD_KEYS: tuple[tuple[tuple[Qt.Key, ...], str, str, Callable[[Any], Any]], ...] = (
    ((_K.Key_Down,), "↓", QT_TRANSLATE_NOOP("ecg_view", "Next lead"), lambda z: z.step_lead(1)),
    ((_K.Key_Up,), "↑", QT_TRANSLATE_NOOP("ecg_view", "Previous lead"), lambda z: z.step_lead(-1)),
    ((_K.Key_Escape, _K.Key_Space, _K.Key_Return, _K.Key_Enter), "Esc", QT_TRANSLATE_NOOP("ecg_view", "Close the enlarged lead"),
     lambda z: z._view.close_lead()),
)
_COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.MetaModifier)


def _dispatch_key(table: tuple, target: Any, event: QKeyEvent) -> bool:
    """Run ``table``'s action for ``event`` on ``target``; False when no action applies.

    Keys with Ctrl, Alt or Meta are left to the menus' shortcuts.
    """
    if event.modifiers() & _COMMAND_MODIFIERS:
        return False
    key = event.key()
    fn = next((fn for keys, _label, _text, fn in table if key in keys), None)
    return fn is not None and fn(target) is not False

# ---------------------------------------------------------------- colours
PAPER = QColor(255, 252, 251)
OUTSIDE = QColor(236, 236, 238)
GRID_MINOR = QColor(250, 212, 216)
GRID_MAJOR = QColor(238, 160, 170)
TRACE = QColor(20, 20, 24)
LABEL = QColor(20, 20, 24)
WARN = QColor(196, 70, 0)
MUTED = QColor(110, 110, 118)
CALIPER = QColor(20, 95, 200)

_FLAG_TEXT = {
    "missing": QT_TRANSLATE_NOOP("ecg_view", "missing: the file holds no samples for this lead"),
    "flat": QT_TRANSLATE_NOOP("ecg_view", "flat: under {mv:g} mV peak-to-peak (electrode off?)"),
    "saturated": QT_TRANSLATE_NOOP("ecg_view", "saturated: the signal is clipped at the amplifier's limit"),
    "out_of_range": QT_TRANSLATE_NOOP("ecg_view", "out of range: values beyond ±{mv:g} mV"),
}
_FLAG_MV = {"flat": FLAT_PEAK_TO_PEAK_MV, "out_of_range": MAX_PLAUSIBLE_MV}


@dataclasses.dataclass(frozen=True)
class _Panel:
    """One lead segment on the page, in paper millimetres."""

    key: str  # lead name, or RHYTHM_KEY
    lead: str
    index: int  # row of the lead in ECG.signal
    t0: float  # start, seconds after the window start
    seconds: float
    x: float
    y: float
    w: float
    h: float

    @property
    def baseline(self) -> float:
        return self.y + self.h / 2.0

    def contains(self, x_mm: float, y_mm: float) -> bool:
        return self.x <= x_mm < self.x + self.w and self.y <= y_mm < self.y + self.h


def footer_plan(avail: float, filter_w: float, span_w: float, legend_w: float, gap: float) -> tuple[bool, bool]:
    """What the page's footer line shows besides the filter text: ``(span, legend)``.

    The filter text always (elided when even it does not fit: it says what the trace is), then
    the colour legend where it fits at the right, then the time span where it still fits
    between them (a longer record also shows it beside the window slider).  Widths in pixels.
    """
    show_legend = legend_w > 0 and filter_w + gap + legend_w <= avail
    used = filter_w + (gap + legend_w if show_legend else 0.0)
    return used + gap + span_w <= avail, show_legend


def _left_mm(speed: float) -> float:
    return CAL_PRE_MM + CAL_PULSE_S * speed + CAL_POST_MM


def _paper_size_mm(speed: float) -> tuple[float, float]:
    return _left_mm(speed) + WINDOW_S * speed + RIGHT_MM, TOP_MM + 4 * ROW_PITCH_MM + FOOTER_MM


def _page_panels(speed: float) -> tuple[_Panel, ...]:
    left = _left_mm(speed)
    col_w = COLUMN_S * speed
    panels = []
    for lead in STANDARD_LEADS:
        row = next(r for r, names in enumerate(LAYOUT) if lead in names)
        col = LAYOUT[row].index(lead)
        panels.append(_Panel(lead, lead, STANDARD_LEADS.index(lead), col * COLUMN_S, COLUMN_S,
                             left + col * col_w, TOP_MM + row * ROW_PITCH_MM, col_w, ROW_PITCH_MM))
    panels.append(_Panel(RHYTHM_KEY, RHYTHM_LEAD, STANDARD_LEADS.index(RHYTHM_LEAD), 0.0, WINDOW_S,
                         left, TOP_MM + 3 * ROW_PITCH_MM, WINDOW_S * speed, ROW_PITCH_MM))
    return tuple(panels)


# ---------------------------------------------------------------- geometry helpers (numpy -> Qt)
def _polygon(x: np.ndarray, y: np.ndarray) -> QPolygonF:
    """A QPolygonF from two float arrays, deserialised in one call (about 10x faster than a loop)."""
    n = int(x.size)
    buf = np.empty(2 * n, dtype=">f8")
    buf[0::2] = x
    buf[1::2] = y
    poly = QPolygonF()
    # Keep the byte array referenced: QDataStream(QByteArray, mode) reads through a pointer to it.
    raw = QByteArray(np.array([n], dtype=">u4").tobytes() + buf.tobytes())
    stream = QDataStream(raw, QIODevice.OpenModeFlag.ReadOnly)
    stream >> poly  # noqa: B015 - QDataStream extraction
    ok = stream.status() == QDataStream.Status.Ok and poly.size() == n
    if ok:  # guard against a change of Qt's serialisation format: check the ends
        first, last = poly.at(0), poly.at(n - 1)
        ok = (abs(first.x() - x[0]) < 1e-6 and abs(first.y() - y[0]) < 1e-6
              and abs(last.x() - x[-1]) < 1e-6 and abs(last.y() - y[-1]) < 1e-6)
    if not ok:  # pragma: no cover - defensive
        poly = QPolygonF([QPointF(a, b) for a, b in zip(x.tolist(), y.tolist())])
    return poly


def _decimate(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep the first and last, min and max of each pixel column where samples outnumber pixels 2:1."""
    n = x.size
    if n < 8 or n <= 2.0 * (x[-1] - x[0]) + 4:
        return x, y
    col = np.floor(x - x[0]).astype(np.int64)
    starts = np.flatnonzero(np.concatenate(([True], col[1:] != col[:-1])))
    ends = np.concatenate((starts[1:], [n])) - 1
    lo = np.minimum.reduceat(y, starts)
    hi = np.maximum.reduceat(y, starts)
    rising = y[ends] >= y[starts]  # keep the drawing order of the extremes
    first = np.where(rising, lo, hi)
    second = np.where(rising, hi, lo)
    xs = np.empty(2 * starts.size)
    ys = np.empty(2 * starts.size)
    xs[0::2], xs[1::2] = x[starts], x[ends]
    ys[0::2], ys[1::2] = first, second
    return xs, ys


def _trace_polylines(values: np.ndarray, fs: float, t_from: float, t_to: float, x0: float,
                     px_per_s: float, base: float, px_per_mv: float) -> list[QPolygonF]:
    """Polylines (pixels) of ``values[k]`` (sample k at k/fs s) over ``[t_from, t_to)``; NaN splits them."""
    k0 = max(0, int(math.ceil(t_from * fs - 1e-9)))
    k1 = min(values.size, int(math.ceil(t_to * fs - 1e-9)))
    if k1 - k0 < 2:
        return []
    seg = values[k0:k1].astype(np.float64)
    k = np.arange(k0, k1, dtype=np.float64)
    xs = x0 + (k / fs - t_from) * px_per_s
    ys = base - seg * px_per_mv
    finite = np.isfinite(seg)
    if finite.all():
        return [_polygon(*_decimate(xs, ys))]
    edges = np.flatnonzero(np.diff(np.concatenate(([0], finite.view(np.int8), [0]))))
    out = []
    for a, b in zip(edges[0::2].tolist(), edges[1::2].tolist()):
        if b - a >= 2:
            out.append(_polygon(*_decimate(xs[a:b], ys[a:b])))
    return out


def _cam_image(cam: np.ndarray, first_sample: int, fs: float, t_from: float, t_to: float,
               width_px: int) -> QImage | None:
    """A 1-pixel-high RGBA strip of the Grad-CAM over ``[t_from, t_to)`` (window seconds), one pixel per column."""
    if width_px < 1:
        return None
    t = t_from + (np.arange(width_px) + 0.5) * ((t_to - t_from) / width_px)
    pos = first_sample + t * fs
    vals = np.interp(pos, np.arange(cam.size), cam, left=0.0, right=0.0)
    vals[pos > cam.size - 0.5] = 0.0  # past the end of the record: no colour
    rgba = np.ascontiguousarray(heatmap_rgba(vals[None, :].astype(np.float32), cmap=CAM_CMAP))
    img = QImage(rgba.data, width_px, 1, 4 * width_px, QImage.Format.Format_RGBA8888)
    return img.copy()  # own the pixels


def _grid_lines(x0: float, y0: float, w: float, h: float, ppm: float) -> tuple[list[QLineF], list[QLineF]]:
    """Minor (1 mm) and major (5 mm) grid lines in pixels over a paper rectangle starting at (x0, y0) mm."""
    minor: list[QLineF] = []
    major: list[QLineF] = []
    draw_minor = ppm >= 2.0  # below 2 px per mm the 1 mm grid is a grey haze
    for i in range(int(math.floor(w + 1e-6)) + 1):
        line = QLineF((x0 + i) * ppm, y0 * ppm, (x0 + i) * ppm, (y0 + h) * ppm)
        if i % 5 == 0:
            major.append(line)
        elif draw_minor:
            minor.append(line)
    for j in range(int(math.floor(h + 1e-6)) + 1):
        line = QLineF(x0 * ppm, (y0 + j) * ppm, (x0 + w) * ppm, (y0 + j) * ppm)
        if j % 5 == 0:
            major.append(line)
        elif draw_minor:
            minor.append(line)
    return minor, major


def _cal_pulse(x0_mm: float, base_mm: float, speed: float, gain: float, ppm: float) -> QPolygonF:
    """The 1 mV, 0.2 s calibration pulse drawn at the start of a row."""
    a = x0_mm + CAL_PRE_MM
    b = a + CAL_PULSE_S * speed
    pts = [(x0_mm + 0.5, base_mm), (a, base_mm), (a, base_mm - gain), (b, base_mm - gain), (b, base_mm),
           (b + CAL_POST_MM - 0.5, base_mm)]
    return QPolygonF([QPointF(px * ppm, py * ppm) for px, py in pts])


def _trace_pen(width: float = 1.0) -> QPen:
    """The trace pen.  Width 1 is a cosmetic pen, which Qt's raster engine draws
    antialiased about 50x faster than any wider pen (a wide pen goes through the
    path stroker): 13 panels in ~5 ms instead of ~90 ms."""
    if width <= 1.0:
        pen = QPen(TRACE, 1.0)
        pen.setCosmetic(True)
        return pen
    return QPen(TRACE, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap, Qt.PenJoinStyle.BevelJoin)


def _font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, int(round(px))))
    f.setBold(bold)
    return f


def _draw_label(p: QPainter, x: float, y: float, text: str, color: QColor, font: QFont) -> QRectF:
    """Text with a translucent paper-coloured backing, top-left at (x, y) px; returns its box."""
    fm = QFontMetricsF(font)
    box = QRectF(x, y, fm.horizontalAdvance(text) + 6, fm.height() + 2)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 200))
    p.drawRoundedRect(box, 3, 3)
    p.setFont(font)
    p.setPen(color)
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    return box


def _fmt_s(t: float) -> str:
    return f"{t:.1f}".rstrip("0").rstrip(".") if abs(t - round(t)) < 1e-9 else f"{t:.2f}".rstrip("0")


# ---------------------------------------------------------------- the view
class ECGView(QWidget):
    """A 12-lead ECG on ECG paper.  See the module docstring.

    Coordinates: every ``QPointF`` argument is in this widget's coordinates
    (mouse-event coordinates).  Times are seconds from the start of the
    record; amplitudes are mV of the displayed (display-filtered) signal, with
    the lead's median over the shown window as its 0 mV baseline.
    """

    leadClicked = Signal(str)
    caliperMeasured = Signal(dict)
    #: Emitted when a display setting changes (filters, speed, gain, zoom,
    #: window, Grad-CAM, caliper mode), so that controls can follow.
    viewChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ecg: ECG | None = None
        self._cam: np.ndarray | None = None  # float32 (12, n) in [0, 1]
        self._cam_visible = True
        self._cam_opacity = 0.5
        self._leads_attr: np.ndarray | None = None  # float64 (12,) per-lead attribution, logit units
        self._highpass, self._notch, self._lowpass = True, None, False
        self._speed, self._gain, self._zoom = 25.0, 10.0, 1.0
        self._window_start = 0.0
        self._caliper_mode = False
        self.footer_shown: dict[str, str] = {}  # what the last paint put in the footer line (for tests)
        self._caliper: dict[str, Any] | None = None  # panel, t1, t2 (window seconds), mv1, mv2
        self._dragging = False
        self._press: QPointF | None = None
        # caches
        self._display: tuple[np.ndarray, np.ndarray, int] | None = None  # data, offsets, first sample
        self._geom: dict[str, Any] | None = None
        self._cam_imgs: dict[str, QImage] | None = None
        self._pixmap: QPixmap | None = None
        self.last_render_ms = float("nan")  # time of the last full (uncached) page render

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(320, 220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._hbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self._vbar = QScrollBar(Qt.Orientation.Vertical, self)
        for bar in (self._hbar, self._vbar):
            bar.hide()
            bar.valueChanged.connect(self._scrolled)
        self._zoom_overlay = _LeadZoom(self)
        self._zoom_overlay.hide()
        self._layout_scroll()

    # ------------------------------------------------------------ public API
    def sizeHint(self) -> QSize:  # noqa: N802 - Qt
        return QSize(1100, 760)

    def ecg(self) -> ECG | None:
        return self._ecg

    def set_ecg(self, ecg: ECG | None) -> None:
        """Show ``ecg`` (or the empty state for ``None``).  Clears the explanation and the calipers."""
        if ecg is not None and not isinstance(ecg, ECG):
            raise TypeError(f"set_ecg takes an ECG or None, not {type(ecg).__name__}")
        self._ecg = ecg
        self._cam = None
        self._leads_attr = None
        self._caliper = None
        self._window_start = 0.0
        self._zoom_overlay.hide()
        self._invalidate(data=True)
        self.viewChanged.emit()

    def set_explanation(self, cam: np.ndarray | None) -> None:
        """A Grad-CAM over the ECG's time axis: ``(n_samples,)`` (or ``(12, n_samples)``) in [0, 1].

        NaN (no explanation there, e.g. outside the model's input window) is
        drawn as 0.  Set it after :meth:`set_ecg`; ``None`` removes it.
        """
        if cam is None:
            self._cam = None
        else:
            if self._ecg is None:
                raise ValueError("set_explanation needs an ECG; call set_ecg first")
            arr = np.asarray(cam, dtype=np.float32)
            n = self._ecg.n_samples
            if arr.ndim == 1 and arr.size == n:
                arr = np.broadcast_to(arr, (len(STANDARD_LEADS), n))
            elif arr.shape != (len(STANDARD_LEADS), n):
                raise ValueError(f"explanation must have shape ({n},) or (12, {n}) to match the ECG; "
                                 f"got {arr.shape}")
            finite = arr[np.isfinite(arr)]
            if finite.size and (finite.min() < -1e-4 or finite.max() > 1 + 1e-4):
                raise ValueError(f"explanation values must lie in [0, 1]; got {finite.min():g}..{finite.max():g}")
            self._cam = np.clip(np.nan_to_num(arr, nan=0.0), 0.0, 1.0).astype(np.float32)
        self._cam_imgs = None
        self._invalidate()
        self.viewChanged.emit()

    def has_explanation(self) -> bool:
        return self._cam is not None

    def set_lead_attribution(self, values: Any | None) -> None:
        """Per-lead attribution of the ECG score, ``(12,)`` in :data:`STANDARD_LEADS` order (``None`` removes it).

        Any real units (e.g. the logit drop when the lead is blanked); each
        lead's chip is coloured by its value over the largest value, and
        leads that did not raise the score take the low end of the scale.
        Set it after :meth:`set_ecg`.  Shown with the Grad-CAM toggle.
        """
        if values is None:
            self._leads_attr = None
        else:
            if self._ecg is None:
                raise ValueError("set_lead_attribution needs an ECG; call set_ecg first")
            arr = np.asarray(values, dtype=np.float64)
            if arr.shape != (len(STANDARD_LEADS),) or not np.all(np.isfinite(arr)):
                raise ValueError(f"lead attribution must be 12 finite values, got shape {arr.shape}")
            self._leads_attr = arr
        self._invalidate()
        self.viewChanged.emit()

    def lead_attribution(self) -> np.ndarray | None:
        return None if self._leads_attr is None else self._leads_attr.copy()

    def lead_level(self, lead: str) -> float | None:
        """Colour level of ``lead``'s chip in [0, 1] (its value over the largest positive one), or ``None``."""
        if self._leads_attr is None:
            return None
        v = self._leads_attr[STANDARD_LEADS.index(lead)]
        top = float(self._leads_attr.max())
        return float(np.clip(v / top, 0.0, 1.0)) if top > 0 else 0.0

    def legend_title(self) -> str:
        """Title of the footer colour legend ("" when nothing is shaded)."""
        cam = self._cam_shown()
        leads = self._leads_shown()
        return {(True, True): self.tr("Grad-CAM · lead"), (True, False): "Grad-CAM",
                (False, True): self.tr("Lead attribution")}.get((cam, leads), "")

    def set_explanation_visible(self, visible: bool) -> None:
        self._cam_visible = bool(visible)
        self._invalidate()
        self.viewChanged.emit()

    def explanation_visible(self) -> bool:
        return self._cam_visible

    def set_explanation_opacity(self, opacity: float) -> None:
        """Opacity of the Grad-CAM band, 0 (invisible) to 1."""
        self._cam_opacity = float(min(1.0, max(0.0, opacity)))
        self._invalidate()
        self.viewChanged.emit()

    def explanation_opacity(self) -> float:
        return self._cam_opacity

    def set_filters(self, highpass: bool, notch: int | None, lowpass: bool) -> None:
        """Display filters: 0.5 Hz high-pass, notch ``None``/50/60 Hz, 40 Hz low-pass (display only)."""
        if notch not in (None, 50, 60):
            raise ValueError(f"notch must be None, 50 or 60, not {notch!r}")
        self._highpass, self._notch, self._lowpass = bool(highpass), notch, bool(lowpass)
        self._invalidate(data=True)
        self.viewChanged.emit()

    def filters(self) -> tuple[bool, int | None, bool]:
        return self._highpass, self._notch, self._lowpass

    def set_speed(self, mm_per_s: float) -> None:
        if float(mm_per_s) not in SPEEDS_MM_S:
            raise ValueError(f"speed must be one of {SPEEDS_MM_S} mm/s, not {mm_per_s!r}")
        self._speed = float(mm_per_s)
        self._layout_scroll()
        self._invalidate(geometry=True)
        self.viewChanged.emit()

    def speed(self) -> float:
        return self._speed

    def set_gain(self, mm_per_mv: float) -> None:
        if float(mm_per_mv) not in GAINS_MM_MV:
            raise ValueError(f"gain must be one of {GAINS_MM_MV} mm/mV, not {mm_per_mv!r}")
        self._gain = float(mm_per_mv)
        self._invalidate(geometry=True)
        self.viewChanged.emit()

    def gain(self) -> float:
        return self._gain

    def set_zoom(self, zoom: float) -> None:
        """Enlarge the page beyond fit-to-window (1 = fit); the page scrolls."""
        fx, fy = self._scroll_fraction()
        self._zoom = float(min(MAX_ZOOM, max(1.0, zoom)))
        self._layout_scroll()
        self._hbar.setValue(round(fx * self._hbar.maximum()))
        self._vbar.setValue(round(fy * self._vbar.maximum()))
        self._invalidate(geometry=True)
        self.viewChanged.emit()

    def zoom(self) -> float:
        return self._zoom

    def set_caliper_mode(self, on: bool) -> None:
        """In caliper mode a drag on a lead measures Δt, ΔV and heart rate instead of opening the lead."""
        self._caliper_mode = bool(on)
        if not on:
            self._caliper = None
            self._dragging = False
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self.update()
        self.viewChanged.emit()

    def caliper_mode(self) -> bool:
        return self._caliper_mode

    def caliper(self) -> dict[str, Any] | None:
        """The current caliper measurement (what :attr:`caliperMeasured` sent), or ``None``."""
        return self._caliper_result() if self._caliper else None

    def set_window_start(self, seconds: float) -> None:
        """First second shown, for records longer than 10 s (clamped; snapped to a sample)."""
        start = 0.0
        if self._ecg is not None:
            start = min(max(0.0, float(seconds)), self.max_window_start())
            start = round(start * self._ecg.fs) / self._ecg.fs
        if start != self._window_start:
            self._window_start = start
            self._caliper = None
            self._invalidate(data=True)
            self.viewChanged.emit()

    def window_start(self) -> float:
        return self._window_start

    def max_window_start(self) -> float:
        if self._ecg is None:
            return 0.0
        return max(0.0, self._ecg.duration_s - WINDOW_S)

    def window(self) -> tuple[float, float]:
        """(start, end) seconds of the record shown (end <= start + 10 s)."""
        if self._ecg is None:
            return 0.0, 0.0
        return self._window_start, min(self._ecg.duration_s, self._window_start + WINDOW_S)

    def filter_text(self) -> str:
        """What the corner of the page says, e.g. ``"0.5–40 Hz · 50 Hz notch · 25 mm/s · 10 mm/mV"``."""
        return " · ".join([describe_filters(self._highpass, self._notch, self._lowpass),
                           f"{self._speed:g} mm/s", f"{self._gain:g} mm/mV"])

    def lead_label(self, lead: str) -> tuple[str, bool]:
        """The label drawn for ``lead`` and whether it is in the warning colour (a quality flag is raised)."""
        q = self._quality(lead)
        if q is None:
            return lead, False
        flags = [("gaps" if f.startswith("nan_segments") else f.replace("_", " ")) for f in q.flags]
        if not flags:
            return lead, False
        return f"{lead} · {', '.join(flags)}", True

    def lead_tooltip(self, lead: str) -> str:
        """Quality flags of ``lead`` in words, and its attribution ("" when there is nothing to say)."""
        q = self._quality(lead)
        if q is None:
            return ""
        lines = []
        if self._leads_shown():
            v = self._leads_attr[STANDARD_LEADS.index(lead)]
            rank = 1 + int(np.sum(self._leads_attr > v))
            lines.append(self.tr("attribution {v:+.2f} (rank {rank} of 12; score change when this lead is blanked)")
                         .format(v=v, rank=rank))
        for f in q.flags:
            if f.startswith("nan_segments"):
                lines.append(self.tr("gaps: {fraction:.1%} of the samples are missing").format(fraction=q.nan_fraction))
            else:
                lines.append(QCoreApplication.translate("ecg_view", _FLAG_TEXT[f]).format(mv=_FLAG_MV.get(f, 0))
                             if f in _FLAG_TEXT else f)
        if q.derived:
            lines.append(self.tr("derived from leads I and II (not recorded)"))
        return f"{lead}: " + "; ".join(lines) if lines else ""

    def tooltip_at(self, pos: QPointF) -> str:
        hit = self._panel_at(pos)
        return self.lead_tooltip(hit[0].lead) if hit else ""

    def panel_rect(self, key: str) -> QRectF:
        """Widget rectangle of a lead's panel (``"V1"``) or of the rhythm strip (``"rhythm"``)."""
        for panel in _page_panels(self._speed):
            if panel.key == key:
                ppm = self._ppm()
                o = self._origin()
                return QRectF(o.x() + panel.x * ppm, o.y() + panel.y * ppm, panel.w * ppm, panel.h * ppm)
        raise KeyError(f"no panel {key!r}; use a lead name or {RHYTHM_KEY!r}")

    def position_at(self, pos: QPointF) -> tuple[str, float, float] | None:
        """(lead, time s from record start, mV) under a widget point, or ``None`` off the traces.

        ``None`` outside the lead panels (calibration area, margins, footer),
        past the end of the record and when no ECG is loaded.  The rhythm
        strip reports lead ``"II"``.
        """
        hit = self._panel_at(pos)
        if hit is None or self._ecg is None:
            return None
        panel, t_rel, mv = hit
        t = self._window_start + t_rel
        if t >= self._ecg.duration_s:
            return None
        return panel.lead, t, mv

    def px_per_mm(self) -> float:
        return self._ppm()

    @property
    def lead_overlay(self) -> QWidget:
        """The enlarged single-lead view (a child overlay; hidden when closed)."""
        return self._zoom_overlay

    def zoomed_lead(self) -> str | None:
        """The lead shown in the enlarged view, or ``None`` when it is closed."""
        return self._zoom_overlay.lead if self._zoom_overlay.isVisible() else None

    def open_lead(self, lead: str) -> None:
        """Open the enlarged single-lead view of ``lead`` over the whole window."""
        if self._ecg is None:
            return
        if lead not in STANDARD_LEADS:
            raise KeyError(f"not a standard lead: {lead!r}")
        self._zoom_overlay.open(lead)

    def close_lead(self) -> None:
        self._zoom_overlay.hide()
        self.setFocus()

    # ------------------------------------------------------------ state & caches
    def _quality(self, lead: str):
        if self._ecg is None:
            return None
        return self._ecg.quality[STANDARD_LEADS.index(lead)]

    def _invalidate(self, data: bool = False, geometry: bool = False) -> None:
        if data:
            self._display = None
            geometry = True
        if geometry:
            self._geom = None
            self._cam_imgs = None
        self._pixmap = None
        self.update()
        if self._zoom_overlay.isVisible():
            self._zoom_overlay.refresh()

    def _display_data(self) -> tuple[np.ndarray, np.ndarray, int]:
        """Filtered window (12, m) with each lead's median removed, the medians, and the first sample index."""
        if self._display is None:
            ecg = self._ecg
            assert ecg is not None
            fs = ecg.fs
            i0 = int(round(self._window_start * fs))
            i1 = min(ecg.n_samples, i0 + int(round(WINDOW_S * fs)))
            margin = int(round(2.0 * fs))  # filter a little beyond the window: no edge transients in view
            a, b = max(0, i0 - margin), min(ecg.n_samples, i1 + margin)
            filt = display_filter(ecg.signal[:, a:b], fs, self._highpass, self._notch, self._lowpass)
            data = filt[:, i0 - a:i1 - a]
            offsets = np.zeros(data.shape[0], dtype=np.float32)
            for i, row in enumerate(data):
                finite = row[np.isfinite(row)]
                if finite.size:
                    offsets[i] = np.median(finite)
            data = data - offsets[:, None]
            self._display = (data, offsets, i0)
        return self._display

    def _display_row(self, lead: str) -> np.ndarray:
        return self._display_data()[0][STANDARD_LEADS.index(lead)]

    # ------------------------------------------------------------ layout
    def _sb_extent(self) -> int:
        return self._hbar.sizeHint().height()

    def _viewport_size(self) -> tuple[float, float]:
        w = self.width() - (self._vbar.sizeHint().width() if self._vbar.isVisibleTo(self) else 0)
        h = self.height() - (self._sb_extent() if self._hbar.isVisibleTo(self) else 0)
        return float(max(1, w)), float(max(1, h))

    def _fit(self, vw: float, vh: float) -> float:
        ref_w, ref_h = _paper_size_mm(REF_SPEED)
        return max(0.5, min(vw / ref_w, vh / ref_h)) * self._zoom

    def _layout_scroll(self) -> None:
        """Decide which scroll bars are needed (they take room from the fit) and place them."""
        W, H = float(self.width()), float(self.height())
        sbh, sbw = self._sb_extent(), self._vbar.sizeHint().width()
        paper_w, paper_h = _paper_size_mm(self._speed)
        need_h = need_v = False
        for _ in range(3):
            vw, vh = W - (sbw if need_v else 0), H - (sbh if need_h else 0)
            ppm = self._fit(vw, vh)
            nh, nv = paper_w * ppm > vw + 0.5, paper_h * ppm > vh + 0.5
            if (nh, nv) == (need_h, need_v):
                break
            need_h, need_v = nh, nv
        vw, vh = W - (sbw if need_v else 0), H - (sbh if need_h else 0)
        ppm = self._fit(vw, vh)
        self._hbar.blockSignals(True)
        self._vbar.blockSignals(True)
        self._hbar.setVisible(need_h)
        self._vbar.setVisible(need_v)
        self._hbar.setGeometry(0, int(H - sbh), int(vw), sbh)
        self._vbar.setGeometry(int(W - sbw), 0, sbw, int(vh))
        self._hbar.setRange(0, max(0, int(math.ceil(paper_w * ppm - vw))))
        self._vbar.setRange(0, max(0, int(math.ceil(paper_h * ppm - vh))))
        self._hbar.setPageStep(int(vw))
        self._vbar.setPageStep(int(vh))
        self._hbar.setSingleStep(max(1, int(5 * ppm)))
        self._vbar.setSingleStep(max(1, int(5 * ppm)))
        self._hbar.blockSignals(False)
        self._vbar.blockSignals(False)
        if self._zoom_overlay.isVisible():
            self._zoom_overlay.setGeometry(0, 0, int(vw), int(vh))

    def _scroll_fraction(self) -> tuple[float, float]:
        fx = self._hbar.value() / self._hbar.maximum() if self._hbar.maximum() else 0.0
        fy = self._vbar.value() / self._vbar.maximum() if self._vbar.maximum() else 0.0
        return fx, fy

    def _ppm(self) -> float:
        return self._fit(*self._viewport_size())

    def _origin(self) -> QPointF:
        """Widget position of the paper's top-left corner (centred when smaller than the viewport)."""
        vw, vh = self._viewport_size()
        ppm = self._ppm()
        paper_w, paper_h = _paper_size_mm(self._speed)
        ox = max(0.0, (vw - paper_w * ppm) / 2.0) - (self._hbar.value() if self._hbar.isVisibleTo(self) else 0)
        oy = max(0.0, (vh - paper_h * ppm) / 2.0) - (self._vbar.value() if self._vbar.isVisibleTo(self) else 0)
        return QPointF(round(ox), round(oy))

    def _to_mm(self, pos: QPointF) -> tuple[float, float]:
        o, ppm = self._origin(), self._ppm()
        return (pos.x() - o.x()) / ppm, (pos.y() - o.y()) / ppm

    def _panel_at(self, pos: QPointF) -> tuple[_Panel, float, float] | None:
        """(panel, seconds after the window start, mV) under ``pos``, or ``None``."""
        if self._ecg is None:
            return None
        x_mm, y_mm = self._to_mm(QPointF(pos))
        for panel in _page_panels(self._speed):
            if panel.contains(x_mm, y_mm):
                t_rel = panel.t0 + (x_mm - panel.x) / self._speed
                offset = float(self._display_data()[1][panel.index])
                mv = (panel.baseline - y_mm) / self._gain + offset
                return panel, t_rel, mv
        return None

    def _scrolled(self) -> None:
        self._pixmap = None
        self.update()

    # ------------------------------------------------------------ geometry cache
    def _geometry(self) -> dict[str, Any]:
        if self._geom is not None:
            return self._geom
        assert self._ecg is not None
        ppm, speed, gain = self._ppm(), self._speed, self._gain
        data, _, _ = self._display_data()
        fs = self._ecg.fs
        panels = _page_panels(speed)
        traces = {}
        for p in panels:
            traces[p.key] = _trace_polylines(data[p.index], fs, p.t0, p.t0 + p.seconds, p.x * ppm,
                                             speed * ppm, p.baseline * ppm, gain * ppm)
        paper_w, paper_h = _paper_size_mm(speed)
        minor, major = _grid_lines(0.0, 0.0, math.floor(paper_w), math.floor(paper_h), ppm)
        cal = [_cal_pulse(0.0, TOP_MM + (r + 0.5) * ROW_PITCH_MM, speed, gain, ppm) for r in range(4)]
        ticks = []
        for p in panels:
            if p.t0 > 0:  # lead change mark, as printed ECGs have
                ticks.append(QLineF(p.x * ppm, (p.baseline - 3) * ppm, p.x * ppm, (p.baseline + 3) * ppm))
        self._geom = {"ppm": ppm, "panels": panels, "traces": traces, "minor": minor, "major": major,
                      "cal": cal, "ticks": ticks, "paper": (paper_w, paper_h)}
        return self._geom

    def _cam_images(self) -> dict[str, QImage]:
        if self._cam_imgs is None:
            assert self._ecg is not None and self._cam is not None
            ppm = self._ppm()
            _, _, i0 = self._display_data()
            self._cam_imgs = {}
            for p in _page_panels(self._speed):
                img = _cam_image(self._cam[p.index], i0, self._ecg.fs, p.t0, p.t0 + p.seconds,
                                 int(round(p.w * ppm)))
                if img is not None:
                    self._cam_imgs[p.key] = img
        return self._cam_imgs

    def _cam_shown(self) -> bool:
        return self._cam is not None and self._cam_visible and self._cam_opacity > 0.0

    def _leads_shown(self) -> bool:
        return self._leads_attr is not None and self._cam_visible

    # ------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt
        vw, vh = self._viewport_size()
        dpr = self.devicePixelRatioF()
        if self._pixmap is None or self._pixmap.size() != QSize(int(vw * dpr), int(vh * dpr)):
            t = time.perf_counter()
            pix = QPixmap(int(vw * dpr), int(vh * dpr))
            pix.setDevicePixelRatio(dpr)
            painter = QPainter(pix)
            try:
                self._render_page(painter, vw, vh)
            finally:
                painter.end()
            self._pixmap = pix
            self.last_render_ms = (time.perf_counter() - t) * 1000.0
        p = QPainter(self)
        try:
            p.drawPixmap(0, 0, self._pixmap)
            if self._caliper and self._ecg is not None:
                p.setClipRect(QRectF(0, 0, vw, vh))
                self._paint_caliper(p)
            if self._hbar.isVisible() and self._vbar.isVisible():  # the corner between the bars
                p.fillRect(QRectF(vw, vh, self.width() - vw, self.height() - vh), self.palette().window())
            if self.hasFocus():
                p.setClipping(False)
                self._paint_focus_frame(p, vw, vh)
        finally:
            p.end()

    def render_page_ms(self, repeats: int = 5) -> float:
        """Median time (ms) of a full, uncached page render at the current size (for benchmarks)."""
        vw, vh = self._viewport_size()
        times = []
        for _ in range(repeats):
            self._invalidate(geometry=True)
            img = QImage(int(vw), int(vh), QImage.Format.Format_ARGB32_Premultiplied)
            t = time.perf_counter()
            painter = QPainter(img)
            self._render_page(painter, vw, vh)
            painter.end()
            times.append((time.perf_counter() - t) * 1000.0)
        return float(np.median(times))

    def _render_page(self, p: QPainter, vw: float, vh: float) -> None:
        p.fillRect(QRectF(0, 0, vw, vh), OUTSIDE if self._ecg is not None else PAPER)
        if self._ecg is None:
            p.setPen(MUTED)
            p.setFont(_font(max(14.0, min(24.0, vh / 22)), bold=True))
            p.drawText(QRectF(0, 0, vw, vh), Qt.AlignmentFlag.AlignCenter, self.tr("No ECG loaded"))
            return
        g = self._geometry()
        ppm = g["ppm"]
        paper_w, paper_h = g["paper"]
        p.translate(self._origin())
        p.fillRect(QRectF(0, 0, paper_w * ppm, paper_h * ppm), PAPER)

        if self._cam_shown():
            imgs = self._cam_images()
            p.save()
            p.setOpacity(self._cam_opacity)
            for panel in g["panels"]:
                img = imgs.get(panel.key)
                if img is not None:
                    p.drawImage(QRectF(panel.x * ppm, (panel.y + CAM_INSET_MM) * ppm, img.width(),
                                       (panel.h - 2 * CAM_INSET_MM) * ppm), img)
            p.restore()

        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if g["minor"]:
            p.setPen(QPen(GRID_MINOR, 1.0))
            p.drawLines(g["minor"])
        p.setPen(QPen(GRID_MAJOR, 1.0))
        p.drawLines(g["major"])

        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(_trace_pen())
        for poly in g["cal"]:
            p.drawPolyline(poly)
        p.drawLines(g["ticks"])
        for polys in g["traces"].values():
            for poly in polys:
                p.drawPolyline(poly)

        label_font = _font(min(22.0, max(10.0, 3.2 * ppm)), bold=True)
        note_font = _font(min(20.0, max(10.0, 3.0 * ppm)))
        for panel in g["panels"]:
            text, warn = self.lead_label(panel.lead)
            rect = _draw_label(p, panel.x * ppm + 0.8 * ppm + 2, panel.y * ppm + 1.2 * ppm, text,
                               WARN if warn else LABEL, label_font)
            if self._leads_shown():
                self._paint_chip(p, panel.lead, rect.right() + 0.8 * ppm, rect.center().y(), ppm)
            q = self._quality(panel.lead)
            if q is not None and q.missing:
                p.setFont(note_font)
                p.setPen(WARN)
                p.drawText(QRectF(panel.x * ppm, panel.y * ppm, panel.w * ppm, panel.h * ppm),
                           Qt.AlignmentFlag.AlignCenter, self.tr("lead missing"))
        self._paint_footer(p, ppm, paper_w, paper_h)

    def _paint_chip(self, p: QPainter, lead: str, x: float, y_mid: float, ppm: float) -> None:
        level = self.lead_level(lead)
        assert level is not None
        r, g, b, _ = (int(c) for c in colormap_lut(CAM_CMAP)[int(round(level * 255))])
        rect = QRectF(x, y_mid - CHIP_H_MM * ppm / 2, CHIP_W_MM * ppm, CHIP_H_MM * ppm)
        p.save()
        p.setPen(QPen(MUTED, 1.0))
        p.setBrush(QColor(r, g, b))
        p.drawRect(rect)
        p.restore()

    def chip_rect(self, lead: str) -> QRectF | None:
        """Widget rectangle of ``lead``'s attribution chip in the 3 x 4 layout (``None`` when none is shown)."""
        if not self._leads_shown() or self._ecg is None:
            return None
        ppm = self._ppm()
        panel = next(pn for pn in _page_panels(self._speed) if pn.key == lead)
        label_font = _font(min(22.0, max(10.0, 3.2 * ppm)), bold=True)
        text, _ = self.lead_label(lead)
        fm = QFontMetricsF(label_font)
        o = self._origin()
        x = o.x() + panel.x * ppm + 0.8 * ppm + 2
        y = o.y() + panel.y * ppm + 1.2 * ppm
        label = QRectF(x, y, fm.horizontalAdvance(text) + 6, fm.height() + 2)
        return QRectF(label.right() + 0.8 * ppm, label.center().y() - CHIP_H_MM * ppm / 2,
                      CHIP_W_MM * ppm, CHIP_H_MM * ppm)

    def _paint_footer(self, p: QPainter, ppm: float, paper_w: float, paper_h: float) -> None:
        """The filter line, the time span and the colour legend, each only where it fits (no overlap)."""
        assert self._ecg is not None
        top = (paper_h - FOOTER_MM) * ppm
        h = FOOTER_MM * ppm
        font = _font(min(16.0, max(10.0, 2.8 * ppm)))
        p.setFont(font)
        fm = QFontMetricsF(font)
        left = _left_mm(self._speed) * ppm
        right = (paper_w - RIGHT_MM) * ppm
        start, end = self.window()
        span = self.tr("{start}–{end} s of {total} s").format(start=_fmt_s(start), end=_fmt_s(end),
                                                              total=_fmt_s(round(self._ecg.duration_s, 2)))
        legend = self._cam_shown() or self._leads_shown()
        bar_w, bar_h = max(60.0, 30 * ppm), max(8.0, 2.5 * ppm)
        low, high = self.tr("low"), self.tr("high")
        hi_w, lo_w = fm.horizontalAdvance(high), fm.horizontalAdvance(low)
        title = self.legend_title() if legend else ""
        title_w = fm.horizontalAdvance(title)
        legend_w = title_w + 8 + lo_w + 4 + bar_w + 4 + hi_w if legend else 0.0
        gap = 6 * ppm
        show_span, show_legend = footer_plan(right - left, fm.horizontalAdvance(self.filter_text()),
                                             fm.horizontalAdvance(span), legend_w, gap)
        text_right = right - (legend_w + gap if show_legend else 0.0)
        filt = fm.elidedText(self.filter_text(), Qt.TextElideMode.ElideRight, max(0.0, text_right - left))
        p.setPen(LABEL)
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        p.drawText(QRectF(left, top, text_right - left, h), align, filt)
        if show_span:
            x_span = left + fm.horizontalAdvance(filt) + gap
            p.setPen(MUTED)
            p.drawText(QRectF(x_span, top, text_right - x_span, h), align, span)
        self.footer_shown = {"filter": filt, "span": span if show_span else "", "legend": title if show_legend else ""}
        if show_legend:
            bar_x = right - hi_w - 4 - bar_w
            y = top + (h - bar_h) / 2
            p.setPen(LABEL)
            p.drawText(QRectF(bar_x - lo_w - 4 - title_w - 8, top, title_w, h), Qt.AlignmentFlag.AlignVCenter, title)
            p.setPen(MUTED)
            p.drawText(QRectF(bar_x - lo_w - 4, top, lo_w, h), Qt.AlignmentFlag.AlignVCenter, low)
            p.drawText(QRectF(right - hi_w, top, hi_w, h), Qt.AlignmentFlag.AlignVCenter, high)
            bar = colorbar_rgba(256, 1, cmap=CAM_CMAP, vertical=False)
            img = QImage(bar.data, 256, 1, 4 * 256, QImage.Format.Format_RGBA8888).copy()
            p.drawImage(QRectF(bar_x, y, bar_w, bar_h), img)
            p.setPen(QPen(MUTED, 1.0))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(bar_x, y, bar_w, bar_h))

    # ------------------------------------------------------------ calipers
    def _caliper_result(self) -> dict[str, Any]:
        c = self._caliper
        assert c is not None
        panel: _Panel = c["panel"]
        t1 = self._window_start + c["t1"]
        t2 = self._window_start + c["t2"]
        dt_ms = abs(t2 - t1) * 1000.0
        return {
            "lead": panel.lead,
            "panel": panel.key,
            "t1_s": t1,
            "t2_s": t2,
            "dt_ms": dt_ms,
            "mv1": c["mv1"],
            "mv2": c["mv2"],
            "dv_mv": c["mv2"] - c["mv1"],
            "hr_bpm": 60000.0 / dt_ms if dt_ms > 0 else None,
        }

    def _caliper_point(self, panel: _Panel, pos: QPointF) -> tuple[float, float]:
        """(window seconds snapped to a sample, mV) of ``pos``, clamped into ``panel`` and the record."""
        assert self._ecg is not None
        fs = self._ecg.fs
        x_mm, y_mm = self._to_mm(pos)
        x_mm = min(max(x_mm, panel.x), panel.x + panel.w)
        y_mm = min(max(y_mm, panel.y), panel.y + panel.h)
        t_rel = panel.t0 + (x_mm - panel.x) / self._speed
        last = (self._display_data()[0].shape[1] - 1) / fs
        t_rel = min(max(t_rel, panel.t0), panel.t0 + panel.seconds, last)
        t_rel = round(t_rel * fs) / fs
        offset = float(self._display_data()[1][panel.index])
        return t_rel, (panel.baseline - y_mm) / self._gain + offset

    def _paint_caliper(self, p: QPainter) -> None:
        c = self._caliper
        assert c is not None
        panel: _Panel = c["panel"]
        ppm = self._ppm()
        o = self._origin()
        offset = float(self._display_data()[1][panel.index])

        def x_of(t_rel: float) -> float:
            return o.x() + (panel.x + (t_rel - panel.t0) * self._speed) * ppm

        def y_of(mv: float) -> float:
            return o.y() + (panel.baseline - (mv - offset) * self._gain) * ppm

        top, bottom = o.y() + panel.y * ppm, o.y() + (panel.y + panel.h) * ppm
        x1, x2 = x_of(c["t1"]), x_of(c["t2"])
        y1, y2 = y_of(c["mv1"]), y_of(c["mv2"])
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(CALIPER, 1.5))
        p.drawLine(QLineF(x1, top, x1, bottom))
        p.drawLine(QLineF(x2, top, x2, bottom))
        p.setPen(QPen(CALIPER, 1.0, Qt.PenStyle.DashLine))
        p.drawLine(QLineF(x1, y1, x2, y1))
        p.drawLine(QLineF(x2, y1, x2, y2))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(CALIPER)
        p.drawEllipse(QPointF(x1, y1), 3, 3)
        p.drawEllipse(QPointF(x2, y2), 3, 3)
        r = self._caliper_result()
        hr = f" · {r['hr_bpm']:.0f} bpm" if r["hr_bpm"] else ""
        text = f"Δt {r['dt_ms']:.0f} ms{hr} · ΔV {r['dv_mv']:+.2f} mV"
        font = _font(min(16.0, max(11.0, 2.8 * ppm)), bold=True)
        fm = QFontMetricsF(font)
        w, h = fm.horizontalAdvance(text) + 10, fm.height() + 6
        vw, _ = self._viewport_size()
        bx = min(max(2.0, (x1 + x2) / 2 - w / 2), vw - w - 2)
        by = max(2.0, top - h - 2) if top - h - 2 > 0 else bottom + 2
        p.setBrush(QColor(255, 255, 255, 235))
        p.setPen(QPen(CALIPER, 1.0))
        p.drawRoundedRect(QRectF(bx, by, w, h), 4, 4)
        p.setFont(font)
        p.setPen(CALIPER)
        p.drawText(QRectF(bx, by, w, h), Qt.AlignmentFlag.AlignCenter, text)

    # ------------------------------------------------------------ events
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt
        self._layout_scroll()
        self._invalidate(geometry=True)
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        if event.button() != Qt.MouseButton.LeftButton or self._ecg is None:
            return super().mousePressEvent(event)
        pos = event.position()
        self._press = QPointF(pos)
        if self._caliper_mode:
            hit = self._panel_at(pos)
            if hit is None:
                self._caliper = None
                self._dragging = False
            else:
                panel = hit[0]
                t, mv = self._caliper_point(panel, pos)
                self._caliper = {"panel": panel, "t1": t, "t2": t, "mv1": mv, "mv2": mv}
                self._dragging = True
            self.update()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        if self._dragging and self._caliper is not None:
            t, mv = self._caliper_point(self._caliper["panel"], event.position())
            self._caliper.update(t2=t, mv2=mv)
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        if event.button() != Qt.MouseButton.LeftButton or self._ecg is None:
            return super().mouseReleaseEvent(event)
        pos = event.position()
        if self._dragging and self._caliper is not None:
            t, mv = self._caliper_point(self._caliper["panel"], pos)
            self._caliper.update(t2=t, mv2=mv)
            self._dragging = False
            self.update()
            self.caliperMeasured.emit(self._caliper_result())
        elif not self._caliper_mode and self._press is not None:
            moved = (pos - self._press).manhattanLength()
            hit = self._panel_at(pos)
            if hit is not None and moved <= CLICK_SLOP_PX:
                lead = hit[0].lead
                self.open_lead(lead)
                self.leadClicked.emit(lead)
        self._press = None
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt
        """The keys of :data:`VIEW_KEYS`."""
        self._key_shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if _dispatch_key(VIEW_KEYS, self, event):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- calipers by keyboard
    def caliper_key(self) -> bool:
        """K: place calipers on the rhythm strip (both ends at 1 s, the second end active), or,
        when calipers are shown, switch the end that the arrow keys move."""
        if self._ecg is None or self._zoom_overlay.isVisible():
            return False
        if self._caliper is None:
            if not self._caliper_mode:
                self.set_caliper_mode(True)
            panel = next(pn for pn in _page_panels(self._speed) if pn.key == RHYTHM_KEY)
            t = self._clamp_caliper_t(panel, panel.t0 + 1.0)
            mv = self._trace_mv(panel, t)
            self._caliper = {"panel": panel, "t1": t, "t2": t, "mv1": mv, "mv2": mv, "active": 2}
        else:
            self._caliper["active"] = 1 if self._caliper.get("active", 2) == 2 else 2
        self._caliper_changed()
        return True

    def caliper_active_end(self) -> int | None:
        """The caliper end (1 or 2) the arrow keys move, or None without calipers."""
        return None if self._caliper is None else int(self._caliper.get("active", 2))

    def _arrow(self, direction: int) -> bool:
        """← / →: move the active caliper end (Shift: a big step); without calipers, step the window 1 s."""
        if self._caliper is not None and self._ecg is not None:
            c = self._caliper
            end = int(c.get("active", 2))
            step = CALIPER_BIG_STEP_S if getattr(self, "_key_shift", False) else CALIPER_STEP_S
            t = self._clamp_caliper_t(c["panel"], c[f"t{end}"] + direction * step)
            c[f"t{end}"], c[f"mv{end}"] = t, self._trace_mv(c["panel"], t)
            self._caliper_changed()
            return True
        return self._step_window(float(direction))

    def _caliper_lead_step(self, direction: int) -> bool:
        """↑ / ↓ with calipers: the same times (clamped) on the previous / next lead of the page."""
        if self._caliper is None or self._ecg is None:
            return False
        c = self._caliper
        panels = _page_panels(self._speed)
        i = next((k for k, pn in enumerate(panels) if pn.key == c["panel"].key), 0)
        new = panels[(i + direction) % len(panels)]
        old = c["panel"]
        for end in (1, 2):
            t = self._clamp_caliper_t(new, new.t0 + (c[f"t{end}"] - old.t0))
            c[f"t{end}"], c[f"mv{end}"] = t, self._trace_mv(new, t)
        c["panel"] = new
        self._caliper_changed()
        return True

    def _clamp_caliper_t(self, panel: _Panel, t_rel: float) -> float:
        """Window seconds clamped into ``panel`` and the record, snapped to a sample."""
        assert self._ecg is not None
        fs = self._ecg.fs
        last = (self._display_data()[0].shape[1] - 1) / fs
        t_rel = min(max(t_rel, panel.t0), panel.t0 + panel.seconds, last)
        return round(t_rel * fs) / fs

    def _trace_mv(self, panel: _Panel, t_rel: float) -> float:
        """The displayed (filtered) trace's value in mV at ``t_rel`` on ``panel``'s lead."""
        assert self._ecg is not None
        data, offsets, _i0 = self._display_data()
        i = min(max(int(round(t_rel * self._ecg.fs)), 0), data.shape[1] - 1)
        value = float(data[panel.index, i])
        return (value if np.isfinite(value) else 0.0) + float(offsets[panel.index])

    def _caliper_changed(self) -> None:
        self.update()
        self.caliperMeasured.emit(self._caliper_result())

    def _step_window(self, seconds: float) -> bool:
        if self.max_window_start() <= 0:
            return False
        self.set_window_start(self._window_start + seconds)
        return True

    def _open_lead_by_key(self) -> bool:
        if self._ecg is None:
            return False
        self.open_lead(RHYTHM_LEAD)
        return True

    def _clear_caliper_by_key(self) -> bool:
        if self._zoom_overlay.isVisible():
            self.close_lead()
        elif self._caliper is not None:
            self._caliper = None
            self.update()
        return True

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        super().focusInEvent(event)
        self.update()  # the focus frame

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        super().focusOutEvent(event)
        self.update()

    def _paint_focus_frame(self, p: QPainter, vw: float, vh: float) -> None:
        """A frame in the highlight colour round the page while the view has keyboard focus."""
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), FOCUS_FRAME_PX)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_FRAME_PX / 2
        p.drawRect(QRectF(half, half, vw - 2 * half, vh - 2 * half))

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if delta.y():
                self.set_zoom(self._zoom * (ZOOM_STEP if delta.y() > 0 else 1.0 / ZOOM_STEP))
            event.accept()
            return
        dx, dy = delta.x(), delta.y()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            dx, dy = dy, 0
        if dy and not self._vbar.isVisible():
            dx, dy = dy, 0
        if dx and self._hbar.isVisible():
            self._hbar.setValue(self._hbar.value() - dx // 2)
        if dy and self._vbar.isVisible():
            self._vbar.setValue(self._vbar.value() - dy // 2)
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.position() if hasattr(event, "position") else QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


# ---------------------------------------------------------------- enlarged single lead
class _LeadZoom(QWidget):
    """An overlay over the view: one lead over the whole window, larger, in rows of 5 s (25 mm/s).

    Escape or a click closes it; ↑ / ↓ show the previous / next lead (:data:`LEAD_KEYS`).  The
    second click of the double click that opened it does not close it.
    """

    def __init__(self, view: ECGView) -> None:
        super().__init__(view)
        self._view = view
        self.lead: str | None = None
        self._swallow_release = False  # the release of a double click's second click
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("")

    def open(self, lead: str) -> None:
        self.lead = lead
        vw, vh = self._view._viewport_size()
        self.setGeometry(0, 0, int(vw), int(vh))
        self.show()
        self.raise_()
        self.setFocus()
        self.update()

    def refresh(self) -> None:
        if self._view.ecg() is None:
            self.hide()
        else:
            self.update()

    def step_lead(self, step: int) -> None:
        """Show the lead ``step`` places on in the standard order (wrapping round)."""
        i = STANDARD_LEADS.index(self.lead) if self.lead in STANDARD_LEADS else 0
        self.lead = STANDARD_LEADS[(i + step) % len(STANDARD_LEADS)]
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        # A double click on a lead: its first click opened this view, its second lands here and
        # must not close it again (Qt sends press, double click, release for the second click).
        self._swallow_release = True
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt
        if self._swallow_release:
            self._swallow_release = False
        else:
            self._view.close_lead()
        event.accept()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        self._swallow_release = False
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt
        """The keys of :data:`LEAD_KEYS`."""
        if _dispatch_key(LEAD_KEYS, self, event):
            event.accept()
            return
        super().keyPressEvent(event)

    def layout_mm(self) -> dict[str, float]:
        """Card layout in mm: seconds per row, rows, row pitch, baseline offset, size."""
        v = self._view
        speed, gain = v.speed(), v.gain()
        row_s = WINDOW_S / 2 if speed <= 25 else WINDOW_S / 4
        rows = int(math.ceil(WINDOW_S / row_s - 1e-9))
        y = v._display_row(self.lead) if self.lead else np.zeros(1)
        finite = y[np.isfinite(y)]
        hi = float(finite.max()) if finite.size else 1.0
        lo = float(finite.min()) if finite.size else -1.0
        hi, lo = max(hi, 1.0), min(lo, -0.5)  # room for the 1 mV pulse and a little below
        pitch = (hi - lo) * gain + 8.0
        header, footer = 9.0, 4.0
        left = _left_mm(speed) + 6.0  # room for the row's start time
        return {"row_s": row_s, "rows": rows, "pitch": pitch, "base": 4.0 + hi * gain, "header": header,
                "footer": footer, "left": left, "w": left + row_s * speed + RIGHT_MM,
                "h": header + rows * pitch + footer}

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt
        v = self._view
        ecg = v.ecg()
        p = QPainter(self)
        try:
            p.fillRect(self.rect(), QColor(20, 20, 30, 140))
            if ecg is None or self.lead is None:
                return
            L = self.layout_mm()
            margin = 12.0
            ppm = min((self.width() - 2 * margin) / L["w"], (self.height() - 2 * margin) / L["h"])
            ppm = max(ppm, 0.5)
            card = QRectF((self.width() - L["w"] * ppm) / 2, (self.height() - L["h"] * ppm) / 2,
                          L["w"] * ppm, L["h"] * ppm)
            p.setPen(QPen(QColor(90, 90, 100), 1.0))
            p.setBrush(PAPER)
            p.drawRect(card.adjusted(-1, -1, 0, 0))
            p.translate(card.topLeft())
            speed, gain = v.speed(), v.gain()
            data, _, i0 = v._display_data()
            idx = STANDARD_LEADS.index(self.lead)
            y = data[idx]
            top0 = L["header"]
            for r in range(L["rows"]):
                row_top = top0 + r * L["pitch"]
                t_from = r * L["row_s"]
                if v._cam_shown():
                    img = _cam_image(v._cam[idx], i0, ecg.fs, t_from, t_from + L["row_s"],
                                     int(round(L["row_s"] * speed * ppm)))
                    if img is not None:
                        p.save()
                        p.setOpacity(v.explanation_opacity())
                        p.drawImage(QRectF(L["left"] * ppm, (row_top + 1) * ppm, img.width(),
                                           (L["pitch"] - 2) * ppm), img)
                        p.restore()
            minor, major = _grid_lines(0.0, top0, math.floor(L["w"]), math.floor(L["rows"] * L["pitch"]), ppm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            if minor:
                p.setPen(QPen(GRID_MINOR, 1.0))
                p.drawLines(minor)
            p.setPen(QPen(GRID_MAJOR, 1.0))
            p.drawLines(major)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            pen = _trace_pen(1.5 if ppm >= 6.0 else 1.0)
            small = _font(min(16.0, max(10.0, 2.6 * ppm)))
            for r in range(L["rows"]):
                row_top = top0 + r * L["pitch"]
                base = row_top + L["base"]
                t_from = r * L["row_s"]
                p.setPen(pen)
                p.drawPolyline(_cal_pulse(L["left"] - _left_mm(speed), base, speed, gain, ppm))
                for poly in _trace_polylines(y, ecg.fs, t_from, t_from + L["row_s"], L["left"] * ppm,
                                             speed * ppm, base * ppm, gain * ppm):
                    p.drawPolyline(poly)
                p.setFont(small)
                p.setPen(MUTED)
                p.drawText(QRectF(1 * ppm, row_top * ppm + 2, L["left"] * ppm, 5 * ppm), Qt.AlignmentFlag.AlignLeft,
                           self.tr("{fmt_s} s").format(fmt_s=_fmt_s(v.window_start() + t_from)))
            label, warn = v.lead_label(self.lead)
            head = _font(min(22.0, max(12.0, 4.0 * ppm)), bold=True)
            p.setFont(head)
            p.setPen(WARN if warn else LABEL)
            hrect = QRectF(2 * ppm, 0, card.width() - 4 * ppm, L["header"] * ppm)
            p.drawText(hrect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            fm = QFontMetricsF(head)
            start, end = v.window()
            p.setFont(small)
            p.setPen(MUTED)
            info = f"{_fmt_s(start)}–{_fmt_s(end)} s · {v.filter_text()}"
            p.drawText(hrect.adjusted(fm.horizontalAdvance(label) + 4 * ppm, 0, 0, 0),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, info)
            p.drawText(hrect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                       self.tr("↑ ↓ other leads · Esc or click to close"))
            if ecg.quality[idx].missing:
                p.setFont(head)
                p.setPen(WARN)
                p.drawText(QRectF(0, top0 * ppm, card.width(), L["rows"] * L["pitch"] * ppm),
                           Qt.AlignmentFlag.AlignCenter, self.tr("lead missing"))
        finally:
            p.end()


# ---------------------------------------------------------------- view + controls
class ECGPanel(QWidget):
    """:class:`ECGView` with its controls: filters, speed, gain, zoom, Grad-CAM, calipers, time window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ECGView(self)

        self.highpass = QCheckBox(self.tr("0.5 Hz high-pass"))
        self.highpass.setToolTip(self.tr("Remove baseline wander (zero-phase, display only; the AI model uses its own fixed preprocessing)"))
        self.notch = QComboBox()
        for text, value in ((self.tr("Notch off"), None), (self.tr("50 Hz notch"), 50), (self.tr("60 Hz notch"), 60)):
            self.notch.addItem(text, value)
        self.notch.setToolTip(self.tr("Powerline interference notch filter (display only)"))
        self.lowpass = QCheckBox(self.tr("40 Hz low-pass"))
        self.lowpass.setToolTip(self.tr("Smooth muscle noise (monitoring bandwidth; lowers QRS amplitudes; display only)"))
        self.speed = QComboBox()
        for s in SPEEDS_MM_S:
            self.speed.addItem(self.tr("{s:g} mm/s").format(s=s), s)
        self.gain = QComboBox()
        for g in GAINS_MM_MV:
            self.gain.addItem(self.tr("{g:g} mm/mV").format(g=g), g)
        self.zoom = QComboBox()
        for text, z in ((self.tr("Fit"), 1.0), ("150 %", 1.5), ("200 %", 2.0), ("300 %", 3.0)):
            self.zoom.addItem(text, z)
        self.zoom.setToolTip(self.tr("Enlarge the page (scroll to move; Ctrl + wheel and + / − on the page also zoom)"))
        self._n_zoom_presets = self.zoom.count()
        self.cam = QCheckBox(self.tr("Grad-CAM"))
        self.cam.setToolTip(self.tr("Show where along the trace the AI model's ECG score came from"))
        self.cam_opacity = QSlider(Qt.Orientation.Horizontal)
        self.cam_opacity.setRange(0, 100)
        self.cam_opacity.setFixedWidth(90)
        self.cam_opacity.setToolTip(self.tr("Grad-CAM opacity"))
        self.calipers = QToolButton()
        self.calipers.setText(self.tr("Calipers"))
        self.calipers.setCheckable(True)
        self.calipers.setToolTip(self.tr("Drag between two points on a lead to measure Δt, ΔV and heart rate; "
                                         "by keyboard: K places them, the arrow keys move an end (Shift: "
                                         "200 ms), K switches the end, ↑/↓ change the lead (Esc clears)"))
        self.readout = QLabel("")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setMinimumWidth(40)
        self.window_slider = QSlider(Qt.Orientation.Horizontal)
        self.window_slider.setMinimumWidth(80)
        self.window_slider.setToolTip(self.tr("Move the 10 s window through a longer record (← / → keys: 1 s)"))
        self.window_label = QLabel("")

        # The controls wrap onto more lines on a narrow pane: each keeps the width its text needs.
        top = FlowLayout(spacing=6, line_spacing=2)
        top.setContentsMargins(6, 3, 6, 1)
        for w in (group(QLabel(self.tr("Filters:")), self.highpass), self.notch, self.lowpass, _separator(),
                  self.speed, self.gain, self.zoom, _separator(), group(self.cam, self.cam_opacity), _separator(),
                  self.calipers):
            top.addWidget(w)
        self.controls = top
        bottom = QHBoxLayout()
        bottom.setContentsMargins(6, 1, 6, 3)
        bottom.setSpacing(6)
        bottom.addWidget(self.readout, 3)
        # The time window of a record longer than 10 s (hidden otherwise).
        self._window_box = QWidget()
        wlay = QHBoxLayout(self._window_box)
        wlay.setContentsMargins(0, 0, 0, 0)
        wlay.addWidget(_separator())
        wlay.addWidget(QLabel(self.tr("Window:")))
        wlay.addWidget(self.window_slider, 1)
        wlay.addWidget(self.window_label)
        bottom.addWidget(self._window_box, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(top)
        lay.addLayout(bottom)
        lay.addWidget(self.view, 1)

        self.highpass.toggled.connect(self._filters_changed)
        self.notch.currentIndexChanged.connect(self._filters_changed)
        self.lowpass.toggled.connect(self._filters_changed)
        self.speed.currentIndexChanged.connect(lambda: self.view.set_speed(self.speed.currentData()))
        self.gain.currentIndexChanged.connect(lambda: self.view.set_gain(self.gain.currentData()))
        self.zoom.currentIndexChanged.connect(lambda: self.view.set_zoom(self.zoom.currentData()))
        self.cam.toggled.connect(self.view.set_explanation_visible)
        self.cam_opacity.valueChanged.connect(lambda v: self.view.set_explanation_opacity(v / 100.0))
        self.calipers.toggled.connect(self.view.set_caliper_mode)
        self.window_slider.valueChanged.connect(self._window_moved)
        self.view.viewChanged.connect(self._sync)
        self.view.caliperMeasured.connect(self._show_caliper)
        self._sync()

    # pass-through
    def set_ecg(self, ecg: ECG | None) -> None:
        self.view.set_ecg(ecg)

    def set_explanation(self, cam: np.ndarray | None) -> None:
        self.view.set_explanation(cam)

    def set_lead_attribution(self, values: Any | None) -> None:
        self.view.set_lead_attribution(values)

    def _filters_changed(self) -> None:
        self.view.set_filters(self.highpass.isChecked(), self.notch.currentData(), self.lowpass.isChecked())

    def _window_moved(self, value: int) -> None:
        self.view.set_window_start(value / 10.0)

    def _show_caliper(self, m: dict) -> None:
        hr = f" · {m['hr_bpm']:.0f} bpm" if m["hr_bpm"] else ""
        text = f"{m['lead']}: Δt {m['dt_ms']:.0f} ms{hr} · ΔV {m['dv_mv']:+.2f} mV"
        self.readout.setText(text)
        self.readout.setToolTip(self.tr("Calipers on lead {text}").format(text=text))

    def _sync(self) -> None:
        """Make the controls show the view's settings (the view may be driven directly too)."""
        v = self.view
        widgets = (self.highpass, self.notch, self.lowpass, self.speed, self.gain, self.zoom, self.cam,
                   self.cam_opacity, self.calipers, self.window_slider)
        for w in widgets:
            w.blockSignals(True)
        try:
            hp, notch, lp = v.filters()
            self.highpass.setChecked(hp)
            self.notch.setCurrentIndex(max(0, self.notch.findData(notch)) if notch else 0)
            self.lowpass.setChecked(lp)
            self.speed.setCurrentIndex(max(0, self.speed.findData(v.speed())))
            self.gain.setCurrentIndex(max(0, self.gain.findData(v.gain())))
            zi = self.zoom.findData(v.zoom())
            if zi < 0:  # Ctrl + wheel zoom: one "custom" entry, updated in place
                if self.zoom.count() == self._n_zoom_presets:
                    self.zoom.addItem("", None)
                zi = self.zoom.count() - 1
                self.zoom.setItemText(zi, f"{v.zoom() * 100:.0f} %")
                self.zoom.setItemData(zi, v.zoom())
            self.zoom.setCurrentIndex(zi)
            self.cam.setEnabled(v.has_explanation() or v.lead_attribution() is not None)
            self.cam_opacity.setEnabled(v.has_explanation() and v.explanation_visible())
            self.cam.setChecked(v.explanation_visible())
            self.cam_opacity.setValue(round(v.explanation_opacity() * 100))
            self.calipers.setChecked(v.caliper_mode())
            if not v.caliper_mode():
                self.readout.setText("")
            elif v.caliper() is None:
                self.readout.setText(self.tr("Drag across a lead to measure"))
            ecg = v.ecg()
            longer = ecg is not None and v.max_window_start() > 0
            self._window_box.setVisible(longer)
            self.window_slider.setRange(0, int(round(v.max_window_start() * 10)))
            self.window_slider.setValue(int(round(v.window_start() * 10)))
            if ecg is not None:
                start, end = v.window()
                self.window_label.setText(self.tr("{fmt_s}–{fmt_s2} s of {fmt_s3} s").format(fmt_s=_fmt_s(start), fmt_s2=_fmt_s(end), fmt_s3=_fmt_s(round(ecg.duration_s, 1))))
        finally:
            for w in widgets:
                w.blockSignals(False)


def _separator() -> QWidget:
    line = QLabel("|")
    line.setStyleSheet("color: #999; padding: 0 4px;")
    line.setProperty(SEPARATOR_PROPERTY, True)  # the control row (FlowLayout) drops it at a line's ends
    return line
