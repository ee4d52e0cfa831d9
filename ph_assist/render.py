"""Static pictures of a case for files and reports (matplotlib Agg, no Qt).

The GUI draws interactively with its own widgets; this module makes the PNGs
written by ``ph-assist assess --cam-out`` and the figures of the PDF report.

Every heat colour here uses :data:`HEAT_CMAP` (``inferno``: dark purple low,
pale yellow high), the scale of the GUI's radiograph overlay, ECG band and
per-lead chips (``ph_assist.gui.colormaps.DEFAULT_CMAP``), so a map reads the
same on screen, in the PNGs and in the PDF.  A map that is all zero is
labelled "no region raised this score" instead of being drawn as an empty
overlay.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ph_assist.io.ecg import ECG

#: The heat colour scale of every figure (the GUI's DEFAULT_CMAP).
HEAT_CMAP = "inferno"
#: Written on a figure whose map is all zero.
EMPTY_MAP_TEXT = "Grad-CAM: no region raised this score"


def map_is_empty(cam: np.ndarray | None) -> bool:
    """True for a map with no positive finite value (``None`` is no map, not an empty one)."""
    if cam is None:
        return False
    arr = np.asarray(cam, dtype=np.float32)
    return not bool(np.any(np.nan_to_num(arr, nan=0.0) > 0))


def heat_rgba(cam: np.ndarray, cmap: str = HEAT_CMAP) -> np.ndarray:
    """A [0,1] map as RGBA floats with a perceptual colormap; NaN is transparent."""
    from matplotlib import colormaps

    arr = np.asarray(cam, dtype=np.float32)
    rgba = colormaps[cmap](np.nan_to_num(np.clip(arr, 0, 1), nan=0.0))
    rgba[..., 3] = np.where(np.isfinite(arr), 1.0, 0.0)
    return rgba.astype(np.float32)


#: The radiograph overlay's two modes: the filled heat map, or its outline (contour lines).
OVERLAY_MODES = ("fill", "contour")
#: Heat levels of the outline mode's isolines, on the same [0, 1] scale (and colours) as the
#: filled map.  Below 0.4 inferno is too dark to read on a radiograph.
CONTOUR_LEVELS = (0.4, 0.6, 0.8)


def heat_contours(cam: np.ndarray, levels: tuple[float, ...] = CONTOUR_LEVELS) -> list[tuple[float, list[np.ndarray]]]:
    """The isolines of a [0, 1] map at ``levels`` (matplotlib's contour algorithm, ``contourpy``).

    Parameters
    ----------
    cam : ndarray, shape (H, W)
        The heat map, values in [0, 1]; NaN counts as 0.
    levels : tuple of float
        Heat values of the lines.

    Returns
    -------
    list of (level, lines)
        One entry per level; ``lines`` are ``(N, 2)`` float arrays of ``(x, y)`` = (column, row)
        in pixel-centre coordinates of the map, so every point lies inside the image
        (``0 <= x <= W - 1``, ``0 <= y <= H - 1``).  Closed lines repeat their first point.
    """
    import contourpy

    arr = np.nan_to_num(np.asarray(cam, dtype=np.float64), nan=0.0)
    if arr.ndim != 2 or min(arr.shape) < 2:
        raise ValueError(f"a heat map must be 2-D with at least 2 x 2 values, not shape {arr.shape}")
    gen = contourpy.contour_generator(z=arr, line_type=contourpy.LineType.Separate)
    return [(float(level), [np.asarray(line, dtype=np.float64) for line in gen.lines(level) if len(line) > 1])
            for level in levels]


def contour_colors(levels: tuple[float, ...] = CONTOUR_LEVELS, cmap: str = HEAT_CMAP) -> list[tuple[float, ...]]:
    """RGB (0-1) of each level on the heat scale: the colour the filled map has at that value."""
    from matplotlib import colormaps

    return [tuple(float(c) for c in colormaps[cmap](float(v))[:3]) for v in levels]


def cxr_overlay_rgb(image: np.ndarray, cam: np.ndarray | None, opacity: float = 0.45) -> np.ndarray:
    """Grayscale image with the heat map blended on top, as uint8 RGB.

    The map's own value scales the opacity, so low-attention regions show
    the radiograph unchanged.
    """
    gray = np.clip(np.asarray(image, dtype=np.float32), 0, 1)
    rgb = np.repeat(gray[..., None], 3, axis=2)
    if cam is not None:
        heat = heat_rgba(cam)
        alpha = opacity * np.nan_to_num(np.clip(cam, 0, 1), nan=0.0)[..., None]
        rgb = (1 - alpha) * rgb + alpha * heat[..., :3]
    return (np.clip(rgb, 0, 1) * 255 + 0.5).astype(np.uint8)


def save_cxr_overlay_png(image: np.ndarray, cam: np.ndarray | None, path: str | os.PathLike,
                         opacity: float = 0.45) -> Path:
    from PIL import Image, ImageDraw

    p = Path(path)
    img = Image.fromarray(cxr_overlay_rgb(image, cam, opacity))
    if map_is_empty(cam):
        draw = ImageDraw.Draw(img)
        box = draw.textbbox((6, 6), EMPTY_MAP_TEXT)
        draw.rectangle((box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3), fill=(0, 0, 0))
        draw.text((6, 6), EMPTY_MAP_TEXT, fill=(235, 235, 235))
    img.save(p)
    return p


def lead_levels(values: np.ndarray) -> np.ndarray:
    """Per-lead attribution as colour levels in [0, 1]: value over the largest positive value (else 0)."""
    v = np.asarray(values, dtype=np.float64)
    top = float(v.max()) if v.size else 0.0
    return np.clip(v / top, 0.0, 1.0) if top > 0 else np.zeros_like(v)


def ecg_figure(ecg: ECG, cam: np.ndarray | None = None, *, title: str | None = None,
               seconds: float = 10.0, width_in: float = 11.0, lead_attribution: np.ndarray | None = None):
    """The 12 leads stacked over the first ``seconds``, Grad-CAM as a colour band behind each.

    ``cam``: ``(n_samples,)`` (one band for all leads) or ``(12, n_samples)``
    (one per lead, e.g. a per-lead time profile).  ``lead_attribution``:
    ``(12,)`` per-lead values (e.g. the logit drop when a lead is blanked),
    drawn as a colour chip left of each lead's name, with a legend.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    n = min(ecg.n_samples, int(round(seconds * ecg.fs)))
    t = np.arange(n) / ecg.fs
    fig = Figure(figsize=(width_in, 0.62 * 12 + 0.6), dpi=110)
    axes = fig.subplots(12, 1, sharex=True)
    bands = None
    if cam is not None:
        c = np.asarray(cam, dtype=np.float32)
        bands = np.broadcast_to(c[..., :n], (len(ecg.leads), n)) if c.ndim == 1 else c[:, :n]
    levels = None if lead_attribution is None else lead_levels(lead_attribution)
    for i, (ax, lead) in enumerate(zip(axes, ecg.leads)):
        y = ecg.signal[i, :n]
        if bands is not None:
            band = bands[i]
            rgba = heat_rgba(band[None, :])
            rgba[..., 3] = 0.65 * np.nan_to_num(np.clip(band, 0, 1), nan=0.0)[None, :]  # low = clear
            ax.imshow(rgba, aspect="auto", extent=(0, t[-1] if n else 1, -2.5, 2.5),
                      interpolation="nearest", zorder=0)
        ax.plot(t, y, color="black", linewidth=0.6, zorder=2)
        ax.set_ylim(-2.5, 2.5)
        ax.set_yticks([])
        ax.set_ylabel(lead, rotation=0, ha="right", va="center", fontsize=8)
        if levels is not None:
            from matplotlib import colormaps
            from matplotlib.patches import Rectangle

            ax.add_patch(Rectangle((-0.045, 0.3), 0.012, 0.4, transform=ax.transAxes, clip_on=False,
                                   facecolor=colormaps[HEAT_CMAP](float(levels[i])), edgecolor="0.4",
                                   linewidth=0.5))
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        q = ecg.quality[i]
        if q.flags:
            ax.text(1.0, 0.9, ", ".join(q.flags), transform=ax.transAxes, ha="right", va="top",
                    fontsize=6, color="#b00020")
    axes[-1].set_xlabel("time (s)")
    if bands is not None and map_is_empty(bands):
        axes[0].text(0.5, 0.95, EMPTY_MAP_TEXT, transform=axes[0].transAxes, ha="center", va="top", fontsize=7)
    if levels is not None:
        from matplotlib import colormaps
        from matplotlib.colors import Normalize
        from matplotlib.cm import ScalarMappable

        cax = fig.add_axes((0.80, 0.012, 0.15, 0.012))
        cb = fig.colorbar(ScalarMappable(Normalize(0, 1), colormaps[HEAT_CMAP]), cax=cax, orientation="horizontal")
        cb.set_ticks([0, 1], labels=["low", "high"], fontsize=6)
        cax.set_title("lead attribution (chips)" + (" · Grad-CAM (bands)" if bands is not None else ""),
                      fontsize=6)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.subplots_adjust(left=0.06, right=0.99, top=0.96 if title else 0.99, bottom=0.06, hspace=0.05)
    return fig


def save_ecg_overlay_png(ecg: ECG, cam: np.ndarray | None, path: str | os.PathLike, *,
                         title: str | None = None, lead_attribution: np.ndarray | None = None) -> Path:
    p = Path(path)
    fig = ecg_figure(ecg, cam, title=title, lead_attribution=lead_attribution)
    fig.savefig(p)
    return p
