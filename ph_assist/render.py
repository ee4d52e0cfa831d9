"""Static pictures of a case for files and reports (matplotlib Agg, no Qt).

The GUI draws interactively with its own widgets; this module makes the PNGs
written by ``ph-assist assess --cam-out`` and the figures of the PDF report.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ph_assist.io.ecg import ECG


def heat_rgba(cam: np.ndarray, cmap: str = "inferno") -> np.ndarray:
    """A [0,1] map as RGBA floats with a perceptual colormap; NaN is transparent."""
    from matplotlib import colormaps

    arr = np.asarray(cam, dtype=np.float32)
    rgba = colormaps[cmap](np.nan_to_num(np.clip(arr, 0, 1), nan=0.0))
    rgba[..., 3] = np.where(np.isfinite(arr), 1.0, 0.0)
    return rgba.astype(np.float32)


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
    from PIL import Image

    p = Path(path)
    Image.fromarray(cxr_overlay_rgb(image, cam, opacity)).save(p)
    return p


def ecg_figure(ecg: ECG, cam: np.ndarray | None = None, *, title: str | None = None,
               seconds: float = 10.0, width_in: float = 11.0):
    """The 12 leads stacked over the first ``seconds``, Grad-CAM as a colour band behind each."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    n = min(ecg.n_samples, int(round(seconds * ecg.fs)))
    t = np.arange(n) / ecg.fs
    fig = Figure(figsize=(width_in, 0.62 * 12 + 0.6), dpi=110)
    axes = fig.subplots(12, 1, sharex=True)
    band = None if cam is None else np.asarray(cam[:n], dtype=np.float32)
    for i, (ax, lead) in enumerate(zip(axes, ecg.leads)):
        y = ecg.signal[i, :n]
        if band is not None:
            rgba = heat_rgba(band[None, :])
            rgba[..., 3] = 0.65 * np.nan_to_num(np.clip(band, 0, 1), nan=0.0)[None, :]  # low = clear
            ax.imshow(rgba, aspect="auto", extent=(0, t[-1] if n else 1, -2.5, 2.5),
                      interpolation="nearest", zorder=0)
        ax.plot(t, y, color="black", linewidth=0.6, zorder=2)
        ax.set_ylim(-2.5, 2.5)
        ax.set_yticks([])
        ax.set_ylabel(lead, rotation=0, ha="right", va="center", fontsize=8)
        for spine in ("top", "right", "left"):
            ax.spines[spine].set_visible(False)
        q = ecg.quality[i]
        if q.flags:
            ax.text(1.0, 0.9, ", ".join(q.flags), transform=ax.transAxes, ha="right", va="top",
                    fontsize=6, color="#b00020")
    axes[-1].set_xlabel("time (s)")
    if title:
        fig.suptitle(title, fontsize=9)
    fig.subplots_adjust(left=0.06, right=0.99, top=0.96 if title else 0.99, bottom=0.06, hspace=0.05)
    return fig


def save_ecg_overlay_png(ecg: ECG, cam: np.ndarray | None, path: str | os.PathLike, *,
                         title: str | None = None) -> Path:
    p = Path(path)
    fig = ecg_figure(ecg, cam, title=title)
    fig.savefig(p)
    return p
