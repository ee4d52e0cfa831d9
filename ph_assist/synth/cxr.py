"""Synthetic PA chest radiographs: an anatomical phantom.

The image is built as a map of X-ray attenuation (bright = dense, display
polarity) in *body coordinates* (``u`` to the image right = patient's left,
``v`` downwards, the thorax spanning about -0.8..0.8), then positioned
(rotation, shift, patient size, the site's field of view), exposed and given
detector noise:

* body outline and soft tissue (thicker in the middle; breasts in women),
  neck and shoulders, abdomen below the diaphragm with a gastric bubble;
* lungs (superellipses cut by the diaphragm domes) with correlated
  parenchymal texture and a branching pulmonary vessel tree from each hilum,
  tapering outwards;
* mediastinum, aortic knob, descending aorta, the main pulmonary artery
  segment on the left heart border below the knob, the hilar pulmonary
  arteries;
* the heart as a union of chambers (right atrium on the right border, left
  ventricle forming the left border and apex, right ventricle in front);
* spine, posterior ribs (curved bands with cortical edges), faint anterior
  ribs and clavicles.

PH (through the ``cxr_*`` drivers) enlarges the main pulmonary artery (a
bulge below the aortic knob) and the hilar arteries, enlarges the right heart
(wider, rounder silhouette with an uplifted apex) and prunes the peripheral
vessels (fewer, thinner vessels in the outer lung).  Confounders: left heart
failure (left-ventricular cardiomegaly, vascular congestion with upper-lobe
diversion and perihilar haze), COPD (low flat diaphragms, hyperlucent lungs,
sparse peripheral vessels, narrow heart), positioning, patient size and sex,
exposure and detector noise.

:func:`render_cxr` returns the image in [0, 1] and boolean masks of the
main pulmonary artery, the hilar arteries, the right heart, the pruned
periphery (outer lung zone), the whole heart and the lungs, on the image grid.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ph_assist.synth.sites import SiteProfile

#: Stored bit depth of the DICOM files.
BITS_STORED = 12
_EDGE = 0.008  # softness of organ borders (body units)
_SAMPLES_PER_UNIT = 300.0  # vessel centre-line samples per body unit
_VESSEL_CONTRAST = 6.5  # attenuation per unit vessel diameter (body units)


def _sig(x: np.ndarray, edge: float = _EDGE) -> np.ndarray:
    """Soft step: 0 outside (x < 0), 1 inside, over about ``edge``."""
    return 0.5 * (1.0 + np.tanh(x / edge))


class _Frame:
    """Pixel grid <-> body coordinates for one image."""

    def __init__(self, size: int, fov: float, rot_deg: float, shift: tuple[float, float]):
        self.size = size
        self.fov = fov
        self.rot = np.radians(rot_deg)
        self.shift = shift
        self._uv: tuple[np.ndarray, np.ndarray] | None = None

    def _grids(self) -> tuple[np.ndarray, np.ndarray]:
        if self._uv is None:
            c = (np.arange(self.size, dtype=np.float32) + 0.5) / self.size * 2.0 - 1.0
            u = c[None, :] - np.float32(self.shift[0])
            v = c[:, None] - np.float32(self.shift[1])
            cr, sr = np.float32(np.cos(self.rot)), np.float32(np.sin(self.rot))
            self._uv = ((cr * u - sr * v) * np.float32(self.fov), (sr * u + cr * v) * np.float32(self.fov))
        return self._uv

    @property
    def u(self) -> np.ndarray:
        return self._grids()[0]

    @property
    def v(self) -> np.ndarray:
        return self._grids()[1]

    def to_pixels(self, ub: np.ndarray, vb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Body coordinates to (column, row) pixel positions (floats)."""
        cr, sr = np.cos(self.rot), np.sin(self.rot)
        ub, vb = ub / self.fov, vb / self.fov
        u = cr * ub + sr * vb + self.shift[0]
        v = -sr * ub + cr * vb + self.shift[1]
        return (u + 1.0) * 0.5 * self.size - 0.5, (v + 1.0) * 0.5 * self.size - 0.5


def _ellipse(fr: _Frame, cx: float, cy: float, ax: float, ay: float, angle_deg: float = 0.0) -> np.ndarray:
    """Inside-ness of an ellipse: 1 - r^2 (positive inside, 0 on the border)."""
    a = np.radians(angle_deg)
    du, dv = fr.u - np.float32(cx), fr.v - np.float32(cy)
    ca, sa = np.float32(np.cos(a)), np.float32(np.sin(a))
    x = (ca * du + sa * dv) / np.float32(ax)
    y = (-sa * du + ca * dv) / np.float32(ay)
    return 1.0 - (x * x + y * y)


def _ellipse_mask(fr: _Frame, *args: float) -> np.ndarray:
    return _sig(_ellipse(fr, *args), 0.06)


def _up2_axis(a: np.ndarray, axis: int) -> np.ndarray:
    """Exact 2x linear upsampling along ``axis`` (pixel centres aligned, edges clamped)."""
    a = np.moveaxis(a, axis, 0)
    prev = np.concatenate([a[:1], a[:-1]])
    nxt = np.concatenate([a[1:], a[-1:]])
    out = np.empty((2 * a.shape[0],) + a.shape[1:], dtype=a.dtype)
    out[0::2] = 0.75 * a + 0.25 * prev
    out[1::2] = 0.75 * a + 0.25 * nxt
    return np.moveaxis(out, 0, axis)


def _upsample(a: np.ndarray, size: int) -> np.ndarray:
    """Bilinear resize of the last two axes of ``a`` to ``size`` x ``size`` (pixel centres aligned)."""
    n = a.shape[-1]
    if n == size:
        return a
    if size == 2 * n:
        return _up2_axis(_up2_axis(a, a.ndim - 2), a.ndim - 1)
    src = (np.arange(size, dtype=np.float32) + 0.5) * np.float32(n / size) - 0.5
    i0 = np.clip(np.floor(src).astype(np.int64), 0, n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    w = np.clip(src - i0, 0.0, 1.0).astype(np.float32)
    rows = a[..., i0, :] * (1 - w)[:, None] + a[..., i1, :] * w[:, None]
    return rows[..., i0] * (1 - w) + rows[..., i1] * w


def _nearest(a: np.ndarray, size: int) -> np.ndarray:
    """Nearest-neighbour resize of a 2-D array to ``size`` x ``size``."""
    n = a.shape[-1]
    if n == size:
        return a
    idx = np.minimum(((np.arange(size) + 0.5) * (n / size)).astype(np.int64), n - 1)
    return a[idx][:, idx]


def _smoothstep(x: np.ndarray, a: float, b: float) -> np.ndarray:
    t = np.clip((x - a) / (b - a), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _vessel_tree(
    rng: np.random.Generator,
    hilum: tuple[float, float],
    side: int,
    lung_test,
    prune: float,
    congestion: float,
    hyper: float,
    periph_r: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sample points (u, v) and vessel diameters (body units) of one lung's arterial tree."""
    # Trunks leave the hilum upwards, outwards and downwards (angles in image axes, v down).
    base = np.array([-105.0, -140.0, 180.0, 150.0, 115.0, 92.0])
    if side > 0:  # patient's left (image right): mirror
        base = 180.0 - base
    ang = np.radians(base + rng.normal(0, 8, base.size))
    px = np.full(base.size, hilum[0]) + rng.normal(0, 0.01, base.size)
    py = np.full(base.size, hilum[1]) + rng.normal(0, 0.02, base.size)
    width = np.full(base.size, 0.020) * rng.uniform(0.85, 1.15, base.size)
    length = np.full(base.size, 0.12)
    pts_u, pts_v, pts_w = [], [], []
    for gen in range(8):
        if px.size == 0:
            break
        ex = px + np.cos(ang) * length
        ey = py + np.sin(ang) * length
        r_end = np.hypot(ex - hilum[0], ey - hilum[1])
        w = width.copy()
        # Upper-lobe diversion with venous congestion; hyperinflation thins everything.
        w *= 1.0 + congestion * (0.25 + 0.35 * (ey < hilum[1] - 0.1))
        w *= 1.0 - 0.25 * hyper
        periph = r_end > periph_r
        w = np.where(periph, w * (1.0 - 0.55 * prune), w)
        k = np.maximum((length * _SAMPLES_PER_UNIT).astype(np.int64), 2)
        seg = np.repeat(np.arange(px.size), k)
        first = np.repeat(np.cumsum(k) - k, k)
        t = (np.arange(seg.size) - first) / k[seg]
        pts_u.append(px[seg] + (ex - px)[seg] * t)
        pts_v.append(py[seg] + (ey - py)[seg] * t)
        pts_w.append(w[seg] * (1.0 - 0.25 * t))  # taper along the segment
        # Children: two per branch, splaying apart; stop outside the lung.
        alive = lung_test(ex, ey)
        if gen >= 3:
            # Pruning removes distal branches in the periphery (and COPD destroys some).
            kill = rng.random(px.size) < np.where(periph, 0.75 * prune, 0.0) + 0.15 * hyper
            alive &= ~kill
        idx = np.flatnonzero(alive)
        if idx.size == 0:
            break
        spread = np.radians(rng.uniform(16, 32, (idx.size, 2)))
        ang_c = np.concatenate([ang[idx] - spread[:, 0], ang[idx] + spread[:, 1]])
        px = np.concatenate([ex[idx], ex[idx]])
        py = np.concatenate([ey[idx], ey[idx]])
        ang = ang_c + np.radians(rng.normal(0, 6, ang_c.size))
        width = np.concatenate([width[idx], width[idx]]) * rng.uniform(0.66, 0.78, 2 * idx.size)
        length = np.concatenate([length[idx], length[idx]]) * rng.uniform(0.72, 0.86, 2 * idx.size)
    if not pts_u:
        return np.zeros(0), np.zeros(0), np.zeros(0)
    return np.concatenate(pts_u), np.concatenate(pts_v), np.concatenate(pts_w)


def _deposit(size: int, cols: np.ndarray, rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Bilinear splat of point weights onto a ``size`` x ``size`` grid."""
    c0 = np.floor(cols).astype(np.int64)
    r0 = np.floor(rows).astype(np.int64)
    fc, fr = cols - c0, rows - r0
    out = np.zeros(size * size, dtype=np.float64)
    for dr, dc, wgt in ((0, 0, (1 - fr) * (1 - fc)), (0, 1, (1 - fr) * fc), (1, 0, fr * (1 - fc)), (1, 1, fr * fc)):
        r, c = r0 + dr, c0 + dc
        ok = (r >= 0) & (r < size) & (c >= 0) & (c < size)
        out += np.bincount(r[ok] * size + c[ok], weights=(weights * wgt)[ok], minlength=size * size)
    return out.reshape(size, size).astype(np.float32)


def _anatomy(fr: _Frame, g: Mapping[str, float], rng: np.random.Generator) -> dict[str, Any]:
    """Attenuation map and organ fields of the smooth anatomy on the frame's grid."""
    mpa, hil, rvs, lvs = g["cxr_mpa"], g["cxr_hilar"], g["cxr_rv"], g["cxr_lv"]
    cong, hyp = g["cxr_congestion"], g["cxr_hyperinfl"]
    aorta, body, female = g["cxr_aorta"], g["cxr_body"], g["cxr_female"] > 0.5
    insp = g["cxr_inspiration"]
    u, v = fr.u, fr.v
    au = np.abs(u)

    # --- body outline and soft tissue, neck and shoulders ----------------------------
    chest_w = 0.72 + 0.04 * hyp
    fat = 0.06 + 0.10 * max(body - 0.8, 0.0)
    shoulder = _smoothstep(v, -1.02, -0.74)
    body_w = (0.17 + (chest_w + fat - 0.17) * shoulder) * (1.0 - 0.06 * _smoothstep(v, 0.3, 1.0))
    inside = np.clip(1.0 - (u / body_w) ** 2, 0.0, 1.0)
    body_mask = _sig(body_w - au, 0.012)
    att = body_mask * (0.50 + 0.12 * np.sqrt(inside)) * (1.0 + 0.10 * (body - 1.0))
    if female:
        for s in (-1, 1):
            att = att + 0.07 * _sig(_ellipse(fr, s * 0.47, 0.40, 0.28, 0.19), 0.2) * body_mask

    # --- diaphragm and lungs ---------------------------------------------------------
    dome_h = 0.12 * (1.0 - 0.75 * hyp)
    d0 = 0.46 + 0.13 * hyp + 0.025 * insp

    def diaphragm(uu):
        right = (d0 - 0.035) - dome_h * np.clip(1.0 - ((uu + 0.37) / 0.36) ** 2, 0.0, 1.0)
        left = d0 - dome_h * np.clip(1.0 - ((uu - 0.38) / 0.36) ** 2, 0.0, 1.0)
        return np.where(uu < 0, right, left)

    lung_top = 0.74 + 0.04 * hyp
    lung_w = 0.31 + 0.03 * hyp

    def lung_inside(uu, vv):
        cx = np.where(uu < 0, -0.39, 0.39)
        x = np.abs(uu - cx) / lung_w
        y = np.abs(vv - 0.0) / np.where(vv < 0.0, lung_top, 0.62)
        return 1.0 - x**2.4 - y**2.0

    lung_in = lung_inside(u, v)
    below = diaphragm(u) - v  # > 0 above the diaphragm
    lung = _sig(lung_in, 0.05) * _sig(below, 0.008)

    # --- heart and great vessels -----------------------------------------------------
    hx = 1.0 - 0.15 * hyp  # COPD: narrow, vertical heart
    drop = 0.06 * hyp + 0.02 * insp
    ra = _ellipse(fr, -0.105 - 0.07 * (rvs - 1.0), 0.20 + drop, 0.12 * hx * (1 + 0.7 * (rvs - 1)),
                  0.16 * (1 + 0.4 * (rvs - 1)))
    lv = _ellipse(fr, 0.14 + 0.10 * (lvs - 1.0), 0.24 + 0.05 * (lvs - 1.0) + drop,
                  0.245 * hx * lvs, 0.185 * lvs, -30.0 + 12.0 * (rvs - 1.0))
    rv = _ellipse(fr, 0.04 + 0.07 * (rvs - 1.0), 0.25 - 0.06 * (rvs - 1.0) + drop,
                  0.19 * hx * (1 + 0.9 * (rvs - 1)), 0.15 * (1 + 0.7 * (rvs - 1)), -10.0)
    la = _ellipse(fr, 0.04, 0.02 + drop, 0.11 * (1 + 0.3 * cong), 0.08)
    heart_in = np.maximum(np.maximum(ra, lv), np.maximum(rv, la))
    heart = _sig(heart_in, 0.06)
    right_heart_in = np.maximum(ra, rv)
    med_w = 0.085 + 0.02 * _smoothstep(v, -0.5, -0.1)
    med = _sig(med_w - np.abs(u - 0.005), 0.01) * _sig(0.15 - v, 0.04)
    svc = _sig(0.10 - np.abs(u + 0.04), 0.01) * _sig(v + 0.55, 0.03) * _sig(0.05 - v, 0.04)
    med = np.maximum(med, svc)
    knob = _ellipse(fr, 0.065, -0.31, 0.062 * aorta, 0.058 * aorta)
    desc_ao = _sig(0.028 - np.abs(u - 0.075), 0.01) * _sig(v + 0.3, 0.02) * _sig(0.45 - v, 0.05)
    mpa_in = _ellipse(fr, 0.085 + 0.05 * (mpa - 1.0), -0.17, 0.050 * mpa, 0.070 * (1 + 0.3 * (mpa - 1)))
    # Each hilum may be driven on its own (``cxr_hilar_right`` / ``cxr_hilar_left``, default: ``cxr_hilar``).
    hr, hl = g.get("cxr_hilar_right", hil), g.get("cxr_hilar_left", hil)
    h_r = _ellipse(fr, -0.165 - 0.02 * (hr - 1), -0.06, 0.028 * hr, 0.085 * (1 + 0.2 * (hr - 1)), 14.0)
    h_l = _ellipse(fr, 0.175 + 0.02 * (hl - 1), -0.13, 0.030 * hl, 0.070 * (1 + 0.2 * (hl - 1)), -22.0)
    hilar_in = np.maximum(h_r, h_l)
    vascular = np.maximum(_sig(knob, 0.08), _sig(mpa_in, 0.08))

    central = np.maximum(np.maximum(heart, med), vascular)
    air = lung * (1.0 - 0.85 * central)
    depth = np.sqrt(np.clip(lung_in, 0.0, 1.0))
    att = att + 0.07 * central + 0.03 * desc_ao
    att = att - air * (0.30 + 0.08 * depth) * (1.0 + 0.25 * hyp)
    att = att + 0.07 * _sig(hilar_in, 0.10) * (0.5 + 0.5 * lung)
    if cong > 0:
        att = att + 0.06 * cong * _sig(_ellipse(fr, 0.0, -0.02, 0.36, 0.26), 0.8) * lung  # perihilar haze

    # Abdomen below the diaphragm, gastric bubble under the left dome.
    att = att + 0.07 * _sig(-below, 0.01) * body_mask
    bubble = _sig(_ellipse(fr, 0.28, float(diaphragm(np.float32(0.28))) + 0.06, 0.065, 0.032), 0.2)
    att = att - 0.10 * bubble * rng.uniform(0.3, 1.0)

    # --- bones -----------------------------------------------------------------------
    spine = _sig(0.058 - au, 0.008) * _sig(v + 1.2, 0.02)
    vert = 0.7 + 0.3 * np.cos(2.0 * np.pi * (v + 0.02) / 0.085)
    att = att + 0.045 * spine * vert
    ribzone = _sig(au - 0.045, 0.02) * _sig(chest_w + 0.01 - au, 0.015) * _sig(v + 0.86, 0.03) * _sig(0.56 - v, 0.05)
    rib_phase = (v + 0.34 * au - 1.05 * u * u + 0.86) / (0.112 + 0.012 * hyp)
    frac = rib_phase - np.floor(rib_phase)
    band = _sig(frac - 0.02, 0.03) * _sig(0.40 - frac, 0.03)
    cortex = np.exp(-((frac - 0.05) / 0.05) ** 2) + np.exp(-((frac - 0.37) / 0.05) ** 2)
    att = att + ribzone * (0.040 * band + 0.022 * cortex) * (0.5 + 0.5 * lung)
    ant_phase = (v - 0.45 * au + 0.62) / 0.15
    afrac = ant_phase - np.floor(ant_phase)
    att = att + 0.018 * _sig(au - 0.2, 0.03) * ribzone * _sig(afrac, 0.05) * _sig(0.45 - afrac, 0.05)
    cl_v = -0.70 - 0.22 * (au - 0.06) + 0.35 * (au - 0.06) ** 2
    clav = _sig(0.021 - np.abs(v - cl_v), 0.006) * _sig(au - 0.05, 0.01) * _sig(0.52 - au, 0.02)
    att = att + 0.09 * clav

    # Parenchymal texture: correlated noise inside the aerated lung.
    n = fr.size
    lo = max(n // 16, 6)

    from scipy.ndimage import uniform_filter

    tex = _upsample(rng.standard_normal((lo, lo), dtype=np.float32), n)
    mid = uniform_filter(rng.standard_normal((n, n), dtype=np.float32), 3)
    att = att + air * (0.010 * tex + 0.012 * mid)
    return {
        "att": att.astype(np.float32), "air": air.astype(np.float32),
        "fields": (mpa_in, hilar_in, right_heart_in, heart_in, air - 0.5),
        "hila": (h_r, h_l),  # each hilum on its own (render_cxr's hila_masks)
        "lung_inside": lung_inside, "diaphragm": diaphragm,
    }


def render_cxr(
    drivers: Mapping[str, Any],
    site: SiteProfile,
    rng: np.random.Generator,
    *,
    size: int = 512,
    noise_scale: float = 1.0,
    hila_masks: bool = False,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One PA chest radiograph from the ``cxr_*`` drivers.

    Returns ``(image, masks)``: ``image`` is float32 ``(size, size)`` in
    [0, 1], display polarity (bright = dense); ``masks`` maps ``main_pa``,
    ``hilar_arteries``, ``right_heart``, ``pruned_periphery``, ``heart`` and
    ``lungs`` to boolean arrays of the same shape; with ``hila_masks`` also
    ``hilum_right`` and ``hilum_left`` (the patient's right and left hilum, for a
    finding drawn on one side: ``cxr_hilar_right`` / ``cxr_hilar_left``).

    The smooth anatomy is drawn at up to 256 px and interpolated; vessels and
    detector noise are drawn at the full size.
    """
    from scipy.ndimage import gaussian_filter

    g = {k: float(v) for k, v in drivers.items()}
    prune, cong, hyp, body = g["cxr_prune"], g["cxr_congestion"], g["cxr_hyperinfl"], g["cxr_body"]
    # Patient size: larger patients fill more of the field of view.
    fov = site.cxr_fov * (1.0 + 0.10 * (1.0 - body)) * rng.uniform(0.97, 1.03) * float(g.get("cxr_zoom", 1.0))
    pose = (g["cxr_rot_deg"], (g["cxr_shift_x"], g["cxr_shift_y"] + 0.03))
    lo_size = min(size, 256)
    fr_lo = _Frame(size if lo_size == size else lo_size, fov, *pose)
    an = _anatomy(fr_lo, g, rng)
    fr = _Frame(size, fov, *pose) if lo_size != size else fr_lo
    att_lo, air_lo = an["att"], an["air"]
    mpa_in, hilar_in, right_heart_in, heart_in, lung_field = an["fields"]

    # --- vessels ---------------------------------------------------------------------
    periph_r = 0.40
    lung_inside, diaphragm = an["lung_inside"], an["diaphragm"]

    def lung_test(uu: np.ndarray, vv: np.ndarray) -> np.ndarray:
        return (lung_inside(uu, vv) > 0.03) & (diaphragm(uu) - vv > 0.01)

    hila = ((-0.17, -0.07), (0.18, -0.13))
    pts = [_vessel_tree(rng, h, side, lung_test, prune, cong, hyp, periph_r)
           for side, h in zip((-1, 1), hila)]
    pu = np.concatenate([p[0] for p in pts])
    pv = np.concatenate([p[1] for p in pts])
    pw = np.concatenate([p[2] for p in pts])
    # A cylinder of diameter d projects to a profile of peak ~d and width ~d: deposit d^2
    # per unit length and blur to about the diameter.  Thick (central) vessels are drawn on
    # the coarse grid, thin (peripheral) ones at full resolution.
    thick = pw * (size / 2.0 / fov) >= 3.0
    for grid, sel, vis in ((fr_lo, thick, 0.15 + 0.85 * air_lo), (fr, ~thick, None)):
        if not sel.any():
            continue
        n_px = grid.size
        px_per_unit = n_px / 2.0 / fov
        cols, rows = grid.to_pixels(pu[sel], pv[sel])
        dpx = pw[sel] * px_per_unit
        acc = _deposit(n_px, cols, rows, dpx**2 * (px_per_unit / _SAMPLES_PER_UNIT))
        sigma = max(float(np.median(dpx)) * 0.45, 0.85)
        vmap = gaussian_filter(acc, sigma, truncate=2.5) * np.float32(_VESSEL_CONTRAST / px_per_unit)
        if vis is not None:  # coarse grid: add before upsampling
            att_lo = att_lo + vmap * vis
        else:
            thin_map = vmap
    att = _upsample(att_lo, size)

    # Masks on the coarse grid, brought to full size (nearest neighbour).
    r_hil = np.minimum(np.hypot(fr_lo.u - hila[0][0], fr_lo.v - hila[0][1]),
                       np.hypot(fr_lo.u - hila[1][0], fr_lo.v - hila[1][1]))
    lung_lo = lung_field > 0.0
    lo_masks = {
        "main_pa": mpa_in > 0.0,
        "hilar_arteries": hilar_in > 0.0,
        "right_heart": right_heart_in > 0.0,
        "pruned_periphery": lung_lo & (r_hil > periph_r),
        "heart": heart_in > 0.0,
        "lungs": lung_lo,
    }
    if hila_masks:
        lo_masks["hilum_right"], lo_masks["hilum_left"] = (h > 0.0 for h in an["hila"])
    packed = np.zeros(lung_lo.shape, dtype=np.uint8)
    for bit, m in enumerate(lo_masks.values()):
        packed |= m.astype(np.uint8) << bit
    packed = _nearest(packed, size)
    masks = {name: (packed & (1 << bit)) > 0 for bit, name in enumerate(lo_masks)}
    if (~thick).any():
        att = att + thin_map * (0.15 + 0.85 * masks["lungs"])

    # --- exposure and detector noise -------------------------------------------------
    x = np.clip((att - 0.05) / 0.80, 0.0, 1.0)
    contrast = site.cxr_contrast * rng.uniform(0.92, 1.08)
    x = np.power(x, np.float32(1.0 / contrast))
    exposure = site.cxr_exposure + rng.normal(0, 0.025)
    rows_v = ((np.arange(size, dtype=np.float32) + 0.5) / size * 2.0 - 1.0)[:, None]
    heel = np.float32(1.0) + np.float32(0.04 * rng.uniform(-1, 1)) * rows_v  # anode heel effect
    x = (x + np.float32(exposure)) * heel
    sd = np.float32(site.cxr_noise * noise_scale)
    x = x + sd * np.sqrt(np.clip(x, 0.0, 1.0) + np.float32(0.05)) * rng.standard_normal((size, size), dtype=np.float32)
    image = np.clip(x, 0.0, 1.0).astype(np.float32)

    return image, masks


def write_cxr_dicom(
    image: np.ndarray,
    path: str | os.PathLike,
    *,
    uid_seed: str,
    site: SiteProfile,
    monochrome1: bool = False,
    series_description: str = "PH-Assist synthetic chest X-ray",
) -> Path:
    """Write a PA chest radiograph as DICOM (DX or CR, 12 bits in 16, explicit VR LE).

    ``image`` is in display polarity in [0, 1].  MONOCHROME1 files store the
    inverted values (high = dark), so a reader that inverts once shows the
    same picture.  No patient name, ID, birth date or study date is written.
    """
    from ph_assist.synth.dicom import synthetic_dataset

    size = image.shape[0]
    maxv = (1 << BITS_STORED) - 1
    stored = np.rint(np.clip(image, 0.0, 1.0) * maxv).astype(np.uint16)
    if monochrome1:
        stored = (maxv - stored).astype(np.uint16)
    sop_class = ("1.2.840.10008.5.1.4.1.1.1.1" if site.cxr_modality == "DX"  # DX for presentation
                 else "1.2.840.10008.5.1.4.1.1.1")  # CR image storage
    ds = synthetic_dataset(sop_class=sop_class, kind="cxr", uid_seed=uid_seed, modality=site.cxr_modality,
                           manufacturer=site.cxr_manufacturer, site_name=site.name,
                           series_description=series_description)
    ds.BodyPartExamined = "CHEST"
    ds.ViewPosition = "PA"
    ds.PatientOrientation = ["L", "F"]  # columns towards the patient's left, rows towards the feet
    if site.cxr_modality == "DX":
        ds.PresentationIntentType = "FOR PRESENTATION"
    spacing = site.cxr_spacing_mm * 512.0 / size
    ds.ImagerPixelSpacing = [f"{spacing:.4f}", f"{spacing:.4f}"]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME1" if monochrome1 else "MONOCHROME2"
    ds.Rows = size
    ds.Columns = image.shape[1]
    ds.BitsAllocated = 16
    ds.BitsStored = BITS_STORED
    ds.HighBit = BITS_STORED - 1
    ds.PixelRepresentation = 0
    ds.RescaleIntercept = "0"
    ds.RescaleSlope = "1"
    ds.RescaleType = "US"
    ds.WindowCenter = f"{(maxv + 1) / 2:g}"
    ds.WindowWidth = f"{maxv + 1:g}"
    ds.VOILUTFunction = "LINEAR"
    ds.PresentationLUTShape = "INVERSE" if monochrome1 else "IDENTITY"
    ds.BurnedInAnnotation = "NO"
    ds.LossyImageCompression = "00"
    ds.PixelData = stored.astype("<u2").tobytes()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(out, enforce_file_format=True)
    return out
