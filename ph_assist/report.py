"""The PDF report of one assessed case (matplotlib, A4; no Qt).

:func:`report_figure` lays the page out as a matplotlib ``Figure``: the
title, the model bundle (name, short hash) with its intended-use banner in a
warning box when the bundle is not for clinical use, the report's date and
time, the pseudonymous case ID (never a name), the fused risk with its
category at the bundle's operating threshold and the partial flag, the three
sub-scores with their model-card validation AUCs and their contributions to
the fused risk, the BNP value and its ESC/ERS 2022 stratum (a prognostic
stratum in PAH, not a diagnostic cut-off), ECG quality warnings, the ECG's
measurements and ECG criteria of PH (:func:`ph_assist.ecg_measure.measurements_report`,
worded by :func:`ph_assist.presentation.criteria_rows`), the ECG with
its Grad-CAM band, the chest X-ray with its Grad-CAM overlay
(:func:`ph_assist.render.cxr_overlay_rgb`) and the footer
:data:`FOOTER`.

:func:`ecg_page_figure` is the second page when there is an ECG: the 12
leads on ECG paper at the standard scale (A4 landscape, 25 mm/s, 10 mm/mV,
1 mm / 5 mm grid), a 1 mV calibration pulse at the start of each row, the
3 x 4 layout of 2.5 s per lead and a 10 s lead II rhythm strip, and a
footer naming the display filter (:data:`ECG_PAGE_FILTERS`, the ECG
viewer's default) with the paper speed and gain.  The axes of that page
are placed in inches so that one second is exactly :data:`PAPER_SPEED_MM_S`
mm of paper and one millivolt :data:`GAIN_MM_MV` mm, as long as the PDF is
printed at 100 % ("actual size").  :func:`write_report` saves the pages as
one PDF, atomically.

File paths are left out on purpose (they often carry names or record
numbers); only the pseudonymous case ID identifies the case.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ph_assist.errors import InputError
from ph_assist.i18n import (
    JAPANESE_FONT_FAMILY,
    QT_TRANSLATE_NOOP,
    current_language,
    format_datetime,
    japanese_font_path,
    translate,
    using_language,
)
from ph_assist.presentation import (
    display_width,
    PARTIAL_NOTE,
    SYNTHETIC_DISCLAIMER,
    contribution_definition,
    criteria_rows,
    format_auc,
    format_points,
    measurement_lines,
    notice_of,
    present,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ph_assist.assessment import Assessment
    from ph_assist.io.cxr import CXR
    from ph_assist.io.ecg import ECG
    from ph_assist.io.labs import Labs

__all__ = [
    "A4_LANDSCAPE_IN",
    "A4_PORTRAIT_IN",
    "ECG_PAGE_FILTERS",
    "FOOTER",
    "GAIN_MM_MV",
    "PAPER_SPEED_MM_S",
    "SYNTHETIC_DISCLAIMER",
    "disclaimer",
    "ecg_page_figure",
    "figure_texts",
    "format_auc",
    "format_points",
    "report_figure",
    "write_report",
]

FOOTER = QT_TRANSLATE_NOOP("report", "PH-Assist research software — not a certified medical device")
A4_PORTRAIT_IN = (8.27, 11.69)
#: A4 landscape in inches, exactly (297 x 210 mm): the ECG page's physical scale depends on it.
A4_LANDSCAPE_IN = (297 / 25.4, 210 / 25.4)
#: Standard ECG paper: speed (mm of paper per second) and gain (mm per mV).
PAPER_SPEED_MM_S, GAIN_MM_MV = 25.0, 10.0
#: The display filter of the ECG page: (0.5 Hz high-pass, notch Hz or None, 40 Hz low-pass), as
#: :func:`ph_assist.preprocess.display_filters.display_filter` takes them: the ECG viewer's default.
ECG_PAGE_FILTERS: tuple[bool, int | None, bool] = (True, None, False)
#: Standard 3 x 4 layout (2.5 s per lead) and the lead II rhythm strip.
_ECG_ROWS = (("I", "aVR", "V1", "V4"), ("II", "aVL", "V2", "V5"), ("III", "aVF", "V3", "V6"))

_WARN_FACE, _WARN_EDGE, _WARN_TEXT = "#fdf0c8", "#c98a00", "#4d3300"
_NOTE_FACE, _NOTE_EDGE = "#eef1f4", "#9aa5b1"
_INK, _MUTED, _ALERT = "#1f2933", "#52606d", "#9b1c1c"
_MARGIN = 0.6  # inches


def _t(text: str) -> str:
    return translate("report", text)


def _fonts() -> Any:
    """``matplotlib.rc_context`` with the report's fonts: for Japanese, IPAexGothic (TrueType, embedded
    in the PDF as Type 42 with its glyphs; :func:`ph_assist.i18n.japanese_font_path`) first and DejaVu
    Sans as the fallback for symbols it lacks; for English matplotlib's default (DejaVu Sans)."""
    import logging

    import matplotlib

    # IPAexGothic has one weight: bold Japanese is drawn regular (the size and colour still set headings
    # apart); matplotlib would warn about it for every bold text.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    if current_language() != "ja":
        return matplotlib.rc_context({"pdf.fonttype": 42})
    path = japanese_font_path()
    if path is None:
        raise InputError(None, translate("errors", "the Japanese font (package matplotlib-fontja) is not "
                                                   "installed; pip install matplotlib-fontja, or write the report "
                                                   "with --lang en"))
    from matplotlib import font_manager

    if JAPANESE_FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    return matplotlib.rc_context({"font.family": [JAPANESE_FONT_FAMILY, "DejaVu Sans"], "pdf.fonttype": 42})


def _wrap(text: str, width: int) -> list[str]:
    """:func:`textwrap.wrap` by terminal columns: a Japanese character counts two, and Japanese text,
    which has no spaces, breaks between any two characters (never before 、。）」 or ・)."""
    if display_width(text) == len(text):
        return textwrap.wrap(text, width)
    lines: list[str] = []
    for para in text.split("\n"):
        line, cols = "", 0
        for ch in para:
            w = display_width(ch)
            if cols + w > width and line and ch not in "、。，．）」』・：；":
                lines.append(line.rstrip())
                line, cols = ("", 0) if ch == " " else (ch, w)
                continue
            line, cols = line + ch, cols + w
        if line.strip():
            lines.append(line.rstrip())
    return lines


def _shorten(text: str, width: int) -> str:
    """:func:`textwrap.shorten` by terminal columns (see :func:`_wrap`)."""
    if display_width(text) == len(text):
        return textwrap.shorten(text, width, placeholder=" …")
    lines = _wrap(" ".join(text.split()), width - 2)
    return lines[0] + " …" if len(lines) > 1 else (lines[0] if lines else "")


def disclaimer(a: Assessment) -> str:
    """The intended-use line of the bundle (:func:`ph_assist.presentation.bundle_notice`)."""
    return notice_of(a).text


def _bnp_lines(a: Assessment, labs: Labs | None) -> list[str]:
    if labs is not None:
        value = f"{labs.analyte} {'<' if labs.below_detection_limit else ''}{labs.value_pg_ml:.4g} pg/mL"
        if labs.converted:
            value += translate("report", "   (entered {value} {unit})").format(value=labs.entered_value, unit=labs.entered_unit)
        else:
            value += translate("report", "   (as entered)")
    elif "bnp" in a.subscores:
        value = a.subscores["bnp"].source
    else:
        return [translate("report", "BNP: not given")]
    lines = [translate("report", "BNP value: {value}").format(value=value)]
    stratum = present(a).stratum_line
    if stratum:
        lines.append(stratum)
    return lines


def _draw_ecg(ax: Any, ecg: ECG, cam: np.ndarray | None) -> None:
    """3 x 4 leads of 2.5 s and a 10 s lead II rhythm strip, with the Grad-CAM band behind them."""
    from ph_assist.render import heat_rgba

    fs = float(ecg.fs)
    seconds = min(10.0, ecg.n_samples / fs)
    n = round(seconds * fs)
    t = np.arange(n) / fs
    spacing = 3.0  # mV between rows
    n_rows = len(_ECG_ROWS) + 1
    y_top, y_bottom = spacing / 2, -spacing * (n_rows - 1) - spacing / 2
    if cam is not None and n > 1:
        band = np.asarray(cam[:n], dtype=np.float32)
        rgba = heat_rgba(band[None, :])
        rgba[..., 3] = 0.6 * np.nan_to_num(np.clip(band, 0, 1), nan=0.0)[None, :]
        ax.imshow(rgba, aspect="auto", extent=(0, t[-1], y_bottom, y_top), interpolation="nearest", zorder=0)
    # paper grid: 0.2 s x 0.5 mV
    for x in np.arange(0, seconds + 1e-9, 0.2):
        ax.axvline(x, color="#f3c7c7", lw=0.3, zorder=1)
    for y in np.arange(y_bottom, y_top + 1e-9, 0.5):
        ax.axhline(y, color="#f3c7c7", lw=0.3, zorder=1)
    quarter = seconds / 4

    def trace(lead: str, t0: float, t1: float, base: float) -> None:
        i = list(ecg.leads).index(lead)
        a, b = round(t0 * fs), min(n, round(t1 * fs))
        y = np.asarray(ecg.signal[i, a:b], dtype=np.float64)
        finite = y[np.isfinite(y)]
        if finite.size:
            y = y - float(np.median(finite))
        y = np.clip(y, -spacing / 2 + 0.05, spacing / 2 - 0.05)
        ax.plot(t[a:b], base + y, color="black", lw=0.45, zorder=3)
        flags = ecg.quality[i].flags
        label = lead + (" *" if flags else "")
        ax.text(t0 + 0.04, base + 0.95, label, fontsize=6.5, color=_ALERT if flags else _INK, zorder=4,
                ha="left", va="bottom")

    for r, row in enumerate(_ECG_ROWS):
        base = -spacing * r
        for c, lead in enumerate(row):
            trace(lead, c * quarter, (c + 1) * quarter, base)
            if c:
                ax.plot([c * quarter] * 2, [base - 0.4, base + 0.4], color=_MUTED, lw=0.6, zorder=3)
    trace("II", 0.0, seconds, -spacing * len(_ECG_ROWS))
    ax.set_xlim(0, seconds)
    ax.set_ylim(y_bottom, y_top)
    ax.set_yticks([])
    ax.set_xticks(np.arange(0, seconds + 1e-9, 1.0))
    ax.tick_params(labelsize=6.5, length=2)
    ax.set_xlabel(translate("report", "time (s)   ·   grid 0.2 s × 0.5 mV   ·   * lead with a quality flag"), fontsize=6.5,
                  color=_MUTED, labelpad=1)
    for spine in ax.spines.values():
        spine.set_color("#c0c0c0")
        spine.set_linewidth(0.5)


def _draw_contours(ax: Any, cam: np.ndarray, shape: tuple[int, int], drawn: tuple[int, int]) -> None:
    """The outline mode: the map's isolines (:func:`ph_assist.render.heat_contours`) over the radiograph
    drawn at ``drawn`` (rows, cols) pixels from an image of ``shape``, in the heat scale's colours."""
    from ph_assist.render import CONTOUR_LEVELS, contour_colors, heat_contours

    sy, sx = drawn[0] / shape[0], drawn[1] / shape[1]
    for i, ((_level, lines), rgb) in enumerate(zip(heat_contours(cam), contour_colors(CONTOUR_LEVELS))):
        for line in lines:
            x, y = (line[:, 0] + 0.5) * sx - 0.5, (line[:, 1] + 0.5) * sy - 0.5
            ax.plot(x, y, color="black", lw=1.6 + 0.4 * i, alpha=0.75, solid_capstyle="round")
            ax.plot(x, y, color=rgb, lw=0.9 + 0.4 * i, solid_capstyle="round")
    ax.set_xlim(-0.5, drawn[1] - 0.5)  # the lines stay on the image
    ax.set_ylim(drawn[0] - 0.5, -0.5)


def _cxr_rgb(cxr: CXR, cam: np.ndarray | None, max_px: int = 900) -> np.ndarray:
    from PIL import Image

    from ph_assist.render import cxr_overlay_rgb

    rgb = cxr_overlay_rgb(cxr.image, cam)
    h, w = rgb.shape[:2]
    if max(h, w) > max_px:
        img = Image.fromarray(rgb)
        img.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
        rgb = np.asarray(img)
    return rgb


_STATUS_COLOR = {"met": _ALERT, "not met": "#24543a", "not measurable": _WARN_EDGE}


def _measurements(ecg: ECG | None, measurements: dict[str, Any] | None) -> dict[str, Any] | None:
    """The given measurement report, else the ECG's (computed here), else ``None`` without an ECG."""
    if measurements is not None or ecg is None:
        return measurements
    from ph_assist.ecg_measure import measurements_report

    return measurements_report(ecg)


def report_figure(assessment: Assessment, *, ecg: ECG | None = None, cxr: CXR | None = None,
                  labs: Labs | None = None, created: dt.datetime | None = None,
                  measurements: dict[str, Any] | None = None, cxr_overlay: str = "fill") -> Figure:
    """The report page as a matplotlib ``Figure`` (A4 portrait); see the module docstring.

    ``measurements``: the ECG's :func:`~ph_assist.ecg_measure.measurements_report`
    when the caller has it already; computed from ``ecg`` when ``None``.
    ``cxr_overlay``: ``"fill"`` (the heat map blended on the radiograph) or ``"contour"`` (its
    isolines at :data:`ph_assist.render.CONTOUR_LEVELS`), as the GUI shows it.
    """
    from ph_assist.render import OVERLAY_MODES

    if cxr_overlay not in OVERLAY_MODES:
        raise ValueError(f"cxr_overlay must be one of {OVERLAY_MODES}, not {cxr_overlay!r}")
    import matplotlib

    matplotlib.use("Agg", force=False)
    with _fonts():
        return _report_figure(assessment, ecg=ecg, cxr=cxr, created=created, labs=labs, measurements=measurements,
                              cxr_overlay=cxr_overlay)


def _report_figure(assessment: Assessment, *, ecg: ECG | None, cxr: CXR | None, labs: Labs | None,
                   created: dt.datetime | None, measurements: dict[str, Any] | None, cxr_overlay: str) -> Figure:
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from ph_assist.render import map_is_empty
    from matplotlib.patches import FancyBboxPatch

    a = assessment
    v = present(a)
    W, H = A4_PORTRAIT_IN
    fig = Figure(figsize=(W, H), dpi=100)
    created = created or dt.datetime.now().astimezone()
    left, right = _MARGIN / W, 1 - _MARGIN / W

    def y(inches_from_top: float) -> float:
        return 1 - inches_from_top / H

    def text(x: float, top_in: float, s: str, **kw: Any) -> Any:
        kw.setdefault("fontsize", 9)
        kw.setdefault("color", _INK)
        kw.setdefault("va", "top")
        return fig.text(x, y(top_in), s, **kw)

    # -- title and date
    text(left, 0.45, translate("report", "PH-Assist — pulmonary hypertension risk report"), fontsize=15, weight="bold")
    text(left, 0.74, translate("report", "Report created {date}").format(
        date=f"{format_datetime(created)} {created.strftime('%Z') or ''}".rstrip()),
         fontsize=8.5, color=_MUTED)

    # -- intended-use banner (warning box unless the bundle is cleared for clinical use)
    warn = v.notice.warn
    box_top, box_h = 1.0, 0.55
    fig.patches.append(FancyBboxPatch(
        (left, y(box_top + box_h)), right - left, box_h / H, boxstyle="round,pad=0,rounding_size=0.006",
        transform=fig.transFigure, facecolor=_WARN_FACE if warn else _NOTE_FACE,
        edgecolor=_WARN_EDGE if warn else _NOTE_EDGE, linewidth=1.2))
    text(0.5, box_top + 0.12, ("⚠  " if warn else "") + v.notice.text, fontsize=13, weight="bold",
         color=_WARN_TEXT if warn else _INK, ha="center")
    text(0.5, box_top + 0.36, translate("report", "Model bundle: {name}   ·   ID {id}").format(name=v.notice.name,
                                                                               id=v.notice.short_id),
         fontsize=8.5, color=_WARN_TEXT if warn else _MUTED, ha="center")

    # -- case
    case_text = a.case_id if a.case_id else translate("report", "not given")
    text(left, 1.75, translate("report", "Case ID (pseudonymous): {case}").format(case=case_text), fontsize=10, weight="bold")

    # -- fused risk
    text(left, 2.05, translate("report", "Fused PH risk (calibrated)"), fontsize=9, color=_MUTED)
    text(left, 2.25, v.risk, fontsize=30, weight="bold")
    x2 = left + 1.55 / W
    category = v.category_label[0].upper() + v.category_label[1:]
    cat_lines = _wrap(category, 72)
    text(x2, 2.28, "\n".join(cat_lines), fontsize=9.5, weight="bold", color=_ALERT if a.positive else _INK,
         linespacing=1.3)
    if v.unlike_summary:
        caution = _wrap(v.unlike_summary, 86)
        text(x2, 2.28 + 0.2 * len(cat_lines), "\n".join(caution), fontsize=8.5, weight="bold", color=_ALERT,
             linespacing=1.2)
        cat_lines = cat_lines + [""] * len(caution)  # what follows starts below the caution
    if v.partial_line:
        text(x2, 2.33 + 0.2 * len(cat_lines), v.partial_line, fontsize=9.5, weight="bold", color=_WARN_EDGE)
        text(x2, 2.53 + 0.2 * len(cat_lines), translate("presentation", PARTIAL_NOTE), fontsize=8, color=_MUTED)
    else:
        text(x2, 2.33 + 0.2 * len(cat_lines), translate("report", "Complete — ECG, chest X-ray and BNP were all used."),
             fontsize=9, color=_MUTED)

    # -- sub-scores table (below the category, however many lines it took)
    top = max(3.05, 2.33 + 0.2 * len(cat_lines) + 0.5)
    cols = (left, left + 1.45 / W, left + 2.45 / W, left + 4.6 / W)
    heads = (translate("report", "Input"), translate("report", "Risk alone"), translate("report", "Effect on fused risk"),
             translate("report", "Validation AUC (model card)"))
    for x, h in zip(cols, heads):
        text(x, top, h, fontsize=8.5, weight="bold", color=_MUTED)
    fig.add_artist(Line2D([left, right], [y(top + 0.2)] * 2, color="#c0c0c0", lw=0.6))
    for i, s in enumerate(v.subscores):
        row_top = top + 0.28 + 0.24 * i
        text(cols[0], row_top, s.label, fontsize=9.5, weight="bold")
        if not s.present:
            text(cols[1], row_top, translate("report", "missing — not used"), fontsize=9, color=_MUTED)
            continue
        text(cols[1], row_top, s.risk_alone + (" (!)" if s.unlike else ""), fontsize=9.5,
             color=_ALERT if s.unlike else _INK)
        text(cols[2], row_top, s.contribution if s.contribution is not None else translate("report", "— (only input)"), fontsize=9.5)
        text(cols[3], row_top, s.auc, fontsize=9.5)
    note_top = top + 0.28 + 0.24 * 3
    auc_src = v.auc_source
    note = " ".join(
        [translate("report", "Risk alone: the calibrated risk from that input on its own."), contribution_definition()]
        + [sub.contribution_sentence for sub in v.subscores if sub.contribution_sentence]
    ) + (translate("report", " AUCs: {source}.").format(source=auc_src) if auc_src else "")
    note_lines = _wrap(note, 150)
    text(left, note_top, "\n".join(note_lines), fontsize=7, color=_MUTED)
    note_top += 0.12 * (len(note_lines) - 1)

    # -- BNP and warnings
    cursor = note_top + 0.32
    if v.unlike_labels:  # one short line: the caution under the risk says what it means
        text(left, cursor, translate("report", "(!) Unlike the training data: {inputs} — the sub-score may be meaningless.").format(
            inputs=translate("presentation", ", ").join(v.unlike_labels)), fontsize=8.5, weight="bold", color=_ALERT)
        cursor += 0.2
    if v.threshold_warning:
        wrapped = _wrap(translate("report", "Caution: {warning}").format(warning=v.threshold_warning), 120)
        text(left, cursor, "\n".join(wrapped[:2]), fontsize=8, color=_ALERT)
        cursor += 0.17 * min(len(wrapped), 2) + 0.03
    for line in _bnp_lines(a, labs):
        text(left, cursor, line, fontsize=9)
        cursor += 0.2
    for w in a.warnings[:3]:
        wrapped = _wrap(translate("report", "Warning: {warning}").format(warning=w), 120)
        text(left, cursor, "\n".join(wrapped[:2]), fontsize=8, color=_ALERT)
        cursor += 0.17 * min(len(wrapped), 2) + 0.03
    if len(a.warnings) > 3:
        text(left, cursor, translate("report", "… and {n} more warning(s)").format(n=len(a.warnings) - 3), fontsize=8, color=_ALERT)
        cursor += 0.2

    # -- ECG measurements (ours and the device's) and the ECG criteria of PH, two per line
    report = _measurements(ecg, measurements)
    if report is not None:
        cursor += 0.06
        text(left, cursor, translate("report", "ECG measurements and ECG criteria of PH (ESC/ERS 2022; the full ECG is on page 2)"),
             fontsize=8.5, weight="bold")
        cursor += 0.18
        for line in measurement_lines(report):
            text(left, cursor, _shorten(line, 140), fontsize=7, color=_INK)
            cursor += 0.13
        rows = criteria_rows(report)
        half = (right - left) / 2
        for i, row in enumerate(rows):
            x, top_in = left + half * (i % 2), cursor + 0.13 * (i // 2)
            text(x, top_in, row.status_text, fontsize=7, weight="bold", color=_STATUS_COLOR.get(row.status, _INK))
            detail = row.value if row.status != "not measurable" else row.reason
            cell = f"{row.short_label}: {detail}" if detail else row.short_label
            text(x + 0.8 / W, top_in, _shorten(cell, 60), fontsize=7, color=_INK)
        cursor += 0.13 * ((len(rows) + 1) // 2)

    # -- ECG with Grad-CAM band
    ecg_top = max(cursor + 0.2, 4.75)
    # The ECG gives up height when the text above ran long, so the notes below keep clear of the footer.
    # (down to 1.25 in with an ECG: its full-size copy is on page 2)
    ecg_h = min(2.45, max(1.25 if ecg is not None else 1.6, H - 0.75 - 2.45 - (ecg_top + 0.22 + 0.42)))
    text(left, ecg_top, translate("report", "ECG with Grad-CAM band (where along the trace the ECG model's score came from)"),
         fontsize=9, weight="bold")
    ax = fig.add_axes((left, y(ecg_top + 0.22 + ecg_h), right - left, ecg_h / H))
    if ecg is not None:
        _draw_ecg(ax, ecg, a.ecg_cam)
    else:
        ax.set_axis_off()
        ax.text(0.5, 0.5, translate("report", "No ECG in this assessment") if "ecg" in a.missing else translate("report", "ECG not included in the report"),
                ha="center", va="center", fontsize=10, color=_MUTED, transform=ax.transAxes)

    # -- chest X-ray with overlay
    cxr_top = ecg_top + 0.22 + ecg_h + 0.42
    side = min(3.3, H - cxr_top - 1.0)
    text(left, cxr_top, translate("report", "Chest X-ray with Grad-CAM outline (contour lines)")
         if cxr_overlay == "contour" else translate("report", "Chest X-ray with Grad-CAM overlay"),
         fontsize=9, weight="bold")
    ax2 = fig.add_axes((left, y(cxr_top + 0.2 + side), side / W, side / H))
    ax2.set_axis_off()
    if cxr is not None:
        contour = cxr_overlay == "contour" and a.cxr_cam is not None and not map_is_empty(a.cxr_cam)
        rgb = _cxr_rgb(cxr, None if contour else a.cxr_cam)
        ax2.imshow(rgb, interpolation="lanczos")
        if contour and a.cxr_cam is not None:
            _draw_contours(ax2, a.cxr_cam, cxr.image.shape[:2], rgb.shape[:2])
        ax2.set_anchor("NW")
        if a.cxr_cam is not None:
            cax = fig.add_axes((left + (side + 0.15) / W, y(cxr_top + 0.2 + side), 0.12 / W, side / H))
            cb = fig.colorbar(ScalarMappable(norm=Normalize(0, 1), cmap="inferno"), cax=cax, ticks=[0, 1])
            cb.ax.set_yticklabels([translate("report", "low"), translate("report", "high")], fontsize=7)
            cb.outline.set_linewidth(0.4)
    else:
        ax2.text(0.5, 0.5, translate("report", "No chest X-ray in this assessment") if "cxr" in a.missing
                 else translate("report", "Chest X-ray not included in the report"),
                 ha="center", va="center", fontsize=10, color=_MUTED, transform=ax2.transAxes)
    note_x = left + (side + 0.75) / W
    explain = translate("report", "How to read the maps: Grad-CAM shows which parts of the input most influenced the model's "
                 "sub-score, relative to the rest of this case (no unit). Bright does not mean abnormal, and the "
                 "maps are not a diagnosis or a localisation of disease. Use them to check that the model looked "
                 "at plausible regions (heart, pulmonary arteries, QRS/T waves), not at labels, markers or noise.")
    note_chars = 62 + int(max(0.0, 3.3 - side) * 16)  # a smaller radiograph leaves the notes more width
    explain_lines = _wrap(explain, note_chars)
    text(note_x, cxr_top + 0.25, "\n".join(explain_lines), fontsize=8, color=_MUTED, linespacing=1.35)
    use = translate("report", "Decision support only: the result must be interpreted by a physician together with the clinical "
             "picture and must not be the sole basis of a diagnosis. Echocardiography remains the screening "
             "test for PH; right-heart catheterisation confirms it.")
    text(note_x, cxr_top + 0.25 + 0.15 * len(explain_lines) + 0.15, "\n".join(_wrap(use, note_chars)),
         fontsize=8,
         color=_INK, linespacing=1.35)

    # -- footer
    fig.add_artist(Line2D([left, right], [y(H - 0.62)] * 2, color="#c0c0c0", lw=0.6))
    text(left, H - 0.55, _t(FOOTER), fontsize=9.5, weight="bold")
    text(right, H - 0.36, translate("report", "bundle ID {id}").format(id=a.bundle_id or translate("report", "unsaved")), fontsize=5.5, color=_MUTED,
         ha="right")
    text(left, H - 0.36, v.notice.text, fontsize=7, color=_MUTED)
    return fig


def _paper_grid(ax: Any, x0: float, x1: float, y0: float, y1: float) -> None:
    """ECG paper: 1 mm lines (0.04 s, 0.1 mV) and 5 mm lines (0.2 s, 0.5 mV), from t = 0 and 0 mV."""
    from matplotlib.collections import LineCollection

    mm_s, mm_mv = 1.0 / PAPER_SPEED_MM_S, 1.0 / GAIN_MM_MV  # one mm in seconds and in mV
    for major, color, lw in ((False, "#f7d4d4", 0.25), (True, "#e59a9a", 0.55)):
        step = 5 if major else 1
        kx = np.arange(np.ceil(x0 / mm_s - 1e-6), np.floor(x1 / mm_s + 1e-6) + 1).astype(int)
        ky = np.arange(np.ceil(y0 / mm_mv - 1e-6), np.floor(y1 / mm_mv + 1e-6) + 1).astype(int)
        kx = kx[(kx % 5 == 0) == major]
        ky = ky[(ky % 5 == 0) == major]
        segs = [((k * mm_s, y0), (k * mm_s, y1)) for k in kx] + [((x0, k * mm_mv), (x1, k * mm_mv)) for k in ky]
        ax.add_collection(LineCollection(segs, colors=color, linewidths=lw, zorder=1 + step / 10))


def ecg_page_figure(ecg: ECG, *, case_id: str | None = None, created: dt.datetime | None = None,
                    notice: str = "", measurements: dict[str, Any] | None = None,
                    filters: tuple[bool, int | None, bool] = ECG_PAGE_FILTERS,
                    filters_chosen: bool = False) -> Figure:
    """The ECG on standard paper: A4 landscape, 25 mm/s, 10 mm/mV (see the module docstring).

    Parameters
    ----------
    ecg : ECG
        The 12-lead ECG (mV); the first 10 s are drawn.
    case_id, created, notice : optional
        The pseudonymous case ID, the report's time and the bundle's notice, for the header.
    measurements : dict, optional
        The ECG's :func:`~ph_assist.ecg_measure.measurements_report`, printed in the header.
    filters : (highpass, notch, lowpass)
        The display filter (:func:`~ph_assist.preprocess.display_filters.display_filter`),
        named in the footer.
    filters_chosen : bool
        True when ``filters`` are the ones the user chose in the ECG viewer (the footer says so).

    Returns
    -------
    matplotlib.figure.Figure
        One page; its paper axes (label ``"ecg paper"``) have x in seconds and
        y in mV, sized so that 1 s is 25 mm and 1 mV is 10 mm of the page.

    References
    ----------
    .. [1] Kligfield P, et al. Recommendations for the standardization and
       interpretation of the electrocardiogram, part I. Circulation
       2007;115:1306-24 (25 mm/s, 10 mm/mV, the calibration pulse).
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    with _fonts():
        return _ecg_page_figure(ecg, case_id=case_id, created=created, notice=notice, measurements=measurements,
                                filters=filters, filters_chosen=filters_chosen)


def _ecg_page_figure(ecg: ECG, *, case_id: str | None, created: dt.datetime | None, notice: str,
                     measurements: dict[str, Any] | None, filters: tuple[bool, int | None, bool],
                     filters_chosen: bool) -> Figure:
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from ph_assist.preprocess.display_filters import describe_filters, display_filter

    W, H = A4_LANDSCAPE_IN
    fig = Figure(figsize=(W, H), dpi=100)
    mm = 1 / 25.4  # inches
    # the paper: 0.4 s of calibration before t = 0, then 10 s; four rows of 4 mV (40 mm)
    cal_s, seconds, row_mv, n_rows = 0.4, 10.0, 4.0, len(_ECG_ROWS) + 1
    x0, x1, y0, y1 = -cal_s, seconds, -row_mv * n_rows, 0.0
    width_in = (x1 - x0) * PAPER_SPEED_MM_S * mm
    height_in = (y1 - y0) * GAIN_MM_MV * mm
    left_in, bottom_in = (W - width_in) / 2, 18 * mm
    ax = fig.add_axes((left_in / W, bottom_in / H, width_in / W, height_in / H), label="ecg paper")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    _paper_grid(ax, x0, x1, y0, y1)

    fs = float(ecg.fs)
    n = min(ecg.n_samples, round(seconds * fs))
    hp, notch, lp = filters
    sig = display_filter(np.asarray(ecg.signal[:, :n], dtype=np.float64), fs, hp, notch, lp)
    t = np.arange(n) / fs
    leads = list(ecg.leads)
    ink: dict[str, Any] = dict(color="black", lw=0.55, zorder=3, solid_joinstyle="round")

    def trace(lead: str, t0: float, t1: float, base: float) -> None:
        i = leads.index(lead)
        a, b = round(t0 * fs), min(n, round(t1 * fs))
        y = sig[i, a:b].astype(np.float64)
        finite = y[np.isfinite(y)]
        if finite.size and not hp:
            y = y - float(np.median(finite))  # unfiltered: at least centre it on its row
        ax.plot(t[a:b], base + y, **ink)
        flags = ecg.quality[i].flags
        ax.text(t0 + 0.06, base + 1.25, lead + (" *" if flags else ""), fontsize=8, weight="bold",
                color=_ALERT if flags else _INK, zorder=4, ha="left", va="bottom")

    quarter = seconds / 4
    for r in range(n_rows):
        base = -row_mv * r - row_mv * 0.55
        # 1 mV calibration pulse, 0.2 s wide (5 mm x 10 mm), in the 0.4 s before the traces
        ax.plot([-0.38, -0.30, -0.30, -0.10, -0.10, -0.02], [base, base, base + 1, base + 1, base, base], **ink)
        if r < len(_ECG_ROWS):
            for c, lead in enumerate(_ECG_ROWS[r]):
                trace(lead, c * quarter, (c + 1) * quarter, base)
                if c:
                    ax.plot([c * quarter] * 2, [base - 0.5, base + 0.5], color=_INK, lw=0.8, zorder=3)
        else:
            trace("II", 0.0, seconds, base)
            ax.text(seconds - 0.05, base + 1.25, translate("report", "rhythm strip"), fontsize=7, color=_MUTED, ha="right",
                    va="bottom", zorder=4)

    # -- header
    created = created or dt.datetime.now().astimezone()
    left, right = left_in / W, (left_in + width_in) / W
    fig.text(left, 1 - 9 * mm / H, translate("report", "PH-Assist — 12-lead ECG"), fontsize=12, weight="bold", color=_INK, va="top")
    fig.text(right, 1 - 9 * mm / H, translate("report", "Case ID (pseudonymous): {case}   ·   report created {date}").format(
             case=case_id or translate("report", "not given"), date=format_datetime(created)), fontsize=8.5, color=_INK, ha="right",
             va="top")
    top_mm = 15.5
    if notice:
        fig.text(left, 1 - top_mm * mm / H, notice, fontsize=7.5, color=_WARN_TEXT, weight="bold", va="top")
        top_mm += 4.0
    for line in measurement_lines(measurements) if measurements is not None else []:
        fig.text(left, 1 - top_mm * mm / H, _shorten(line, 190), fontsize=7.5,
                 color=_INK, va="top")
        top_mm += 3.6

    # -- footer: what was done to the trace and the scale
    speed = translate("report", "{speed:g} mm/s · {gain:g} mm/mV · grid 1 mm (0.04 s, 0.1 mV) and 5 mm (0.2 s, 0.5 mV) · "
               "1 mV calibration pulse at the start of each row").format(speed=PAPER_SPEED_MM_S, gain=GAIN_MM_MV)
    if filters_chosen:
        filt = translate("report", "Display filter: {filters}, as chosen in the ECG viewer (zero-phase "
                                   "Butterworth, applied for display only; the models see their own "
                                   "preprocessing) · {fs:g} Hz · * lead with a quality flag")
    else:
        filt = translate("report", "Display filter: {filters} (zero-phase Butterworth, applied for display only; the models see their "
                                   "own preprocessing) · {fs:g} Hz · * lead with a quality flag")
    filt = filt.format(filters=describe_filters(hp, notch, lp), fs=ecg.fs)
    fig.text(left, (bottom_in - 3.5 * mm) / H, speed, fontsize=7, color=_INK, va="top")
    fig.text(left, (bottom_in - 7 * mm) / H, filt, fontsize=7, color=_INK, va="top")
    fig.text(left, (bottom_in - 11 * mm) / H, translate("report", "{footer}   ·   print at 100 % (actual size) for the paper scale"
                                                 ).format(footer=_t(FOOTER)),
             fontsize=7, color=_INK, weight="bold", va="top")
    fig.add_artist(Line2D([left, right], [(bottom_in - 2.5 * mm) / H] * 2, color="#c0c0c0", lw=0.5))
    return fig


def figure_texts(fig: Figure) -> list[str]:
    """Every text drawn on ``fig`` (for checks without a PDF text extractor)."""
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _ascii(s: str) -> str:
    return s.replace("—", "-").replace("–", "-").replace("·", "-").encode("ascii", "replace").decode("ascii")


def write_report(path: str | os.PathLike, assessment: Assessment, *, ecg: ECG | None = None,
                 cxr: CXR | None = None, labs: Labs | None = None, created: dt.datetime | None = None,
                 measurements: dict[str, Any] | None = None, cxr_overlay: str = "fill",
                 ecg_filters: tuple[bool, int | None, bool] | None = None) -> Path:
    """Write the PDF report to ``path`` (atomically) and return the path.

    One page (:func:`report_figure`), and the ECG on standard paper
    (:func:`ecg_page_figure`) as the second page when ``ecg`` is given.
    ``measurements``: the ECG's measurement report when already computed;
    ``cxr_overlay``: the radiograph's overlay mode (``"fill"`` or ``"contour"``);
    ``ecg_filters``: the display filter the user chose in the ECG viewer (``None``:
    :data:`ECG_PAGE_FILTERS`), used and named on the ECG page.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    out = Path(path)
    if out.suffix.lower() != ".pdf":
        raise InputError(out, translate("errors", "a report is a PDF file; use a name ending in .pdf"))
    if not out.parent.exists():
        raise InputError(out.parent, translate("errors", "folder not found"))
    created = created or dt.datetime.now().astimezone()
    measurements = _measurements(ecg, measurements)
    pages = [report_figure(assessment, ecg=ecg, cxr=cxr, labs=labs, created=created, measurements=measurements,
                           cxr_overlay=cxr_overlay)]
    if ecg is not None:
        pages.append(ecg_page_figure(ecg, case_id=assessment.case_id, created=created,
                                     notice=disclaimer(assessment), measurements=measurements,
                                     filters=ecg_filters if ecg_filters is not None else ECG_PAGE_FILTERS,
                                     filters_chosen=ecg_filters is not None))
    tmp = out.with_name(f".{out.name}.part")
    with using_language("en"):  # the PDF's document information is ASCII: English
        subject = f"{disclaimer(assessment)}. {FOOTER}."
    metadata = {
        "Title": _ascii(f"PH-Assist report - case {assessment.case_id or 'not given'}"),
        "Subject": _ascii(subject),
        "Keywords": _ascii(f"PH-Assist; bundle {assessment.bundle_name}; {assessment.bundle_id or ''}"),
        "Creator": "PH-Assist",
        "CreationDate": created,
    }
    try:
        with _fonts(), PdfPages(tmp, metadata=metadata) as pdf:
            for fig in pages:
                pdf.savefig(fig)  # the whole page, never cropped: the ECG page's scale depends on it
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(out, translate("errors", "cannot be written ({reason})").format(
            reason=exc.strerror or exc)) from None
    return out
