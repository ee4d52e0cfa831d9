"""How well saliency maps point at known anatomy: CAM mass in a mask and the pointing game.

For a set of cases with a map each (a Grad-CAM on the model input) and
boolean masks of the findings (the synthetic generator's main pulmonary
artery, hilar arteries, right heart, heart, lungs, ...), on the same grid:

* **mass fraction**: the share of the map's positive mass that lies inside
  the mask, ``sum(cam * mask) / sum(cam)`` over the valid region (the
  letterbox padding is cut away);
* **pointing game** (Zhang et al. 2018): a hit when the map's peak lies
  inside the mask or within ``tolerance_px`` pixels of it;

and the same for an **image-independent mean map**: for case ``i`` the
average of the *other* cases' maps (leave-one-out, each map scaled to unit
mass first so every case weighs the same).  It knows where the findings
usually are, but not where they are in this image; a map that localises no
better than it carries no image-specific information about location.  The
mask's own area fraction is the mass of a uniform map.

An all-zero map (no region raised the score) has no mass and no peak: it
counts as mass 0 and a miss, and is reported in ``n_empty``.

:func:`mask_to_model` brings a mask drawn on the source image onto the
letterboxed model input with the same geometry as the image
(:mod:`ph_assist.preprocess.cxr`).

References
----------
J. Zhang et al., "Top-down neural attention by excitation backprop",
IJCV 126:1084-1102, 2018 (the pointing game; 15 px tolerance at the
original image size).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike

__all__ = [
    "DEFAULT_TOLERANCE_PX",
    "mask_to_model",
    "mass_fraction",
    "pointing_hit",
    "leave_one_out_mean",
    "cam_localisation",
    "finding_localisation",
]

#: Pointing-game tolerance at the 224-px model input (a quarter of a layer-4 cell).
DEFAULT_TOLERANCE_PX = 8
_N_BOOT = 1000


class LetterboxGeometry(Protocol):
    """Where a source image lies on the model input grid: a
    :class:`~ph_assist.preprocess.cxr.PreparedCXR`, or any object with these."""

    @property
    def source_shape(self) -> tuple[int, int]: ...

    @property
    def resized_shape(self) -> tuple[int, int]: ...

    @property
    def offset_y(self) -> int: ...

    @property
    def offset_x(self) -> int: ...

    @property
    def size(self) -> int: ...


def mask_to_model(mask: np.ndarray, prepared: LetterboxGeometry) -> np.ndarray:
    """A source-image mask on the model input grid, via the letterbox geometry of ``prepared``.

    Parameters
    ----------
    mask : ndarray of bool, ``(H, W)``
        On the source image (``prepared.source_shape``).
    prepared : PreparedCXR
        Or any object with ``source_shape``, ``resized_shape``,
        ``offset_y``, ``offset_x`` and ``size``.

    Returns
    -------
    ndarray of bool, ``(size, size)``: the mask resized like the image
    (bilinear, pixel centres aligned, i.e. ``align_corners=False``, which is
    right here: image and mask share one pixel grid) and thresholded at 0.5;
    False on the padding.
    """
    import torch
    import torch.nn.functional as F

    m = np.asarray(mask)
    if m.shape != tuple(prepared.source_shape):
        raise ValueError(f"mask shape {m.shape} differs from the source image {tuple(prepared.source_shape)}")
    h, w = prepared.resized_shape
    t = torch.from_numpy(m.astype(np.float32))[None, None]
    small = F.interpolate(t, size=(h, w), mode="bilinear", align_corners=False)[0, 0].numpy()
    out = np.zeros((prepared.size, prepared.size), dtype=bool)
    out[prepared.offset_y:prepared.offset_y + h, prepared.offset_x:prepared.offset_x + w] = small >= 0.5
    return out


def _check_map(cam: ArrayLike, shape: tuple[int, ...] | None = None) -> np.ndarray:
    arr = np.asarray(cam, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"a map must be 2-D, got shape {arr.shape}")
    if shape is not None and arr.shape != shape:
        raise ValueError(f"map shape {arr.shape} differs from the mask shape {shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("map contains NaN or infinite values")
    return np.maximum(arr, 0.0)


def mass_fraction(cam: np.ndarray, mask: np.ndarray, valid: np.ndarray | None = None) -> float:
    """Share of the map's positive mass inside ``mask`` (within ``valid``); NaN for an all-zero map."""
    m = np.asarray(mask, dtype=bool)
    c = _check_map(cam, m.shape)
    if valid is not None:
        c = np.where(np.asarray(valid, dtype=bool), c, 0.0)
    total = c.sum()
    return float(c[m].sum() / total) if total > 0 else float("nan")


def _peak(c: np.ndarray) -> tuple[int, int] | None:
    if not np.any(c > 0):
        return None
    r, col = np.unravel_index(int(np.argmax(c)), c.shape)  # first maximum in row-major order
    return int(r), int(col)


def _distance_to_mask(mask: np.ndarray) -> np.ndarray:
    from scipy.ndimage import distance_transform_edt

    if not mask.any():
        return np.full(mask.shape, np.inf)
    return distance_transform_edt(~mask)


def pointing_hit(cam: np.ndarray, mask: np.ndarray, tolerance_px: float = DEFAULT_TOLERANCE_PX,
                 valid: np.ndarray | None = None) -> bool | None:
    """Whether the map's peak (first maximum, within ``valid``) lies within ``tolerance_px`` of ``mask``.

    Distance is Euclidean between pixel centres (0 inside the mask).
    ``None`` for an all-zero map (there is no peak).
    """
    m = np.asarray(mask, dtype=bool)
    c = _check_map(cam, m.shape)
    if valid is not None:
        c = np.where(np.asarray(valid, dtype=bool), c, 0.0)
    p = _peak(c)
    if p is None:
        return None
    return bool(_distance_to_mask(m)[p] <= tolerance_px)


def leave_one_out_mean(cams: np.ndarray, valid: np.ndarray | None = None) -> np.ndarray:
    """For each case the mean of the other cases' maps, each scaled to unit mass first.

    ``cams``: ``(n, H, W)``, n >= 2; ``valid``: optional ``(n, H, W)`` bool.
    All-zero maps add nothing (they have no mass to scale).  Returns float64
    ``(n, H, W)``.
    """
    c = np.maximum(np.asarray(cams, dtype=np.float64), 0.0)
    if c.ndim != 3 or c.shape[0] < 2:
        raise ValueError(f"need at least 2 maps of shape (n, H, W), got {c.shape}")
    if valid is not None:
        c = np.where(np.asarray(valid, dtype=bool), c, 0.0)
    mass = c.sum(axis=(1, 2), keepdims=True)
    unit = np.divide(c, mass, out=np.zeros_like(c), where=mass > 0)
    nonempty = (mass[:, 0, 0] > 0).astype(np.float64)
    total, count = unit.sum(axis=0), nonempty.sum()
    out = (total[None] - unit) / np.maximum(count - nonempty, 1.0)[:, None, None]
    return out


def _boot_ci(diff: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    d = diff[np.isfinite(diff)]
    if d.size < 2:
        return float("nan"), float("nan")
    means = d[rng.integers(0, d.size, size=(_N_BOOT, d.size))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def _scores(cams: np.ndarray, mask: np.ndarray, valid: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    n = cams.shape[0]
    mass = np.zeros(n)
    hit = np.zeros(n)
    for i in range(n):
        c = np.where(valid[i], np.maximum(cams[i], 0.0), 0.0)
        total = c.sum()
        if total <= 0:
            continue  # empty map: mass 0, a miss
        mass[i] = c[mask[i]].sum() / total
        p = _peak(c)
        hit[i] = float(_distance_to_mask(mask[i])[p] <= tol)
    return mass, hit


def _cams_and_valid(cams: Any, valid: Any) -> tuple[np.ndarray, np.ndarray]:
    """``(n, H, W)`` float maps (n >= 2, finite) and their bool content mask (all True when ``None``)."""
    c = np.asarray(cams, dtype=np.float64)
    if c.ndim != 3 or c.shape[0] < 2:
        raise ValueError(f"cams must be (n, H, W) with n >= 2, got shape {c.shape}")
    if not np.all(np.isfinite(c)):
        raise ValueError("cams contain NaN or infinite values")
    v = np.ones(c.shape, dtype=bool) if valid is None else np.asarray(valid, dtype=bool)
    if v.shape != c.shape:
        raise ValueError(f"valid has shape {v.shape}, cams {c.shape}")
    return c, v


def _masses(cams: np.ndarray, mask: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Each map's share of its positive mass inside the mask (0 for an empty map)."""
    c = np.where(valid, np.maximum(cams, 0.0), 0.0)
    total = c.sum(axis=(1, 2))
    inside = np.where(mask, c, 0.0).sum(axis=(1, 2))
    return np.divide(inside, total, out=np.zeros_like(total), where=total > 0)


def cam_localisation(
    cams: np.ndarray | Sequence[np.ndarray],
    masks: Mapping[str, np.ndarray | Sequence[np.ndarray]],
    *,
    valid: np.ndarray | Sequence[np.ndarray] | None = None,
    tolerance_px: float = DEFAULT_TOLERANCE_PX,
    seed: int = 0,
) -> dict[str, Any]:
    """Localisation of ``n`` maps against named masks, and of the leave-one-out mean map.

    Parameters
    ----------
    cams : array ``(n, H, W)``
        Maps on the model input (any non-negative scale; each is used as is).
    masks : mapping name -> bool array ``(n, H, W)``
        On the same grid (see :func:`mask_to_model`).  A union of several
        masks is just another entry (``a | b``).
    valid : bool array ``(n, H, W)``, optional
        Image content (``PreparedCXR.content_mask``): the letterbox padding
        is cut away from maps and masks.
    tolerance_px : float
        Pointing-game tolerance in pixels of this grid.
    seed : int
        Seed of the bootstrap of the mass margin (1000 resamples of cases).

    Returns
    -------
    dict (JSON-ready) with ``n_cases``, ``n_empty`` (all-zero maps),
    ``tolerance_px`` and, per mask, ``area_fraction`` (mean share of the
    valid area: a uniform map's mass), ``mass`` and ``hit_rate`` of the maps,
    ``mean_map_mass`` and ``mean_map_hit_rate`` of the leave-one-out mean
    map, ``mass_margin`` (mean paired difference, map minus mean map) with
    its bootstrap 95 % interval ``mass_margin_ci``, and ``mass_wins`` (share
    of cases where the map puts more mass in the mask than the mean map).
    """
    c, v = _cams_and_valid(cams, valid)
    n = c.shape[0]
    if not masks:
        raise ValueError("no masks given")
    mean_maps = leave_one_out_mean(c, v)
    empty = ~np.any(np.where(v, c, 0.0) > 0, axis=(1, 2))
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {"n_cases": int(n), "n_empty": int(empty.sum()), "tolerance_px": float(tolerance_px),
                           "mean_map": "leave-one-out mean of the other cases' unit-mass maps", "masks": {}}
    for name, mk in masks.items():
        m = np.asarray(mk, dtype=bool)
        if m.shape != c.shape:
            raise ValueError(f"mask {name!r} has shape {m.shape}, cams {c.shape}")
        m = m & v
        mass, hit = _scores(c, m, v, tolerance_px)
        mass0, hit0 = _scores(mean_maps, m, v, tolerance_px)
        diff = mass - mass0
        lo, hi = _boot_ci(diff, rng)
        out["masks"][name] = {
            "area_fraction": float(np.mean(m.sum(axis=(1, 2)) / np.maximum(v.sum(axis=(1, 2)), 1))),
            "mass": float(mass.mean()),
            "hit_rate": float(hit.mean()),
            "mean_map_mass": float(mass0.mean()),
            "mean_map_hit_rate": float(hit0.mean()),
            "mass_margin": float(diff.mean()),
            "mass_margin_ci": [lo, hi],
            "mass_wins": float(np.mean(diff > 0)),
        }
    return out


def finding_localisation(
    cams: np.ndarray | Sequence[np.ndarray],
    structures: Mapping[str, tuple[np.ndarray | Sequence[np.ndarray], np.ndarray | Sequence[float]]],
    *,
    valid: np.ndarray | Sequence[np.ndarray] | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Does the map move onto a structure when that structure is abnormal *in this image*?

    An image-independent map (the leave-one-out mean of the other cases' maps)
    puts the same mass on "where the findings usually are" in every case.  A
    map that reads the image should put more mass on the right heart when this
    radiograph's right heart is enlarged, on the periphery when this lung's
    vessels are pruned, and so on.  For each structure the cases are split at
    the median of the finding's strength (the generator's driver); in the
    cases where the finding is pronounced (at or above the median) the map's
    mass on the structure is compared with the mean map's, paired by case.
    The pooled figure averages, per case, the relative margin
    ``(mass - mean-map mass) / mean-map mass`` over the structures whose
    finding is pronounced in that case, then over cases.

    Parameters
    ----------
    cams : array ``(n, H, W)``
        Maps on the model input, n >= 2.
    structures : mapping name -> (mask ``(n, H, W)`` bool, strength ``(n,)``)
        The structure's mask per case and the strength of its finding per case.
    valid : bool array ``(n, H, W)``, optional
        Image content; the padding is cut away.
    seed : int
        Seed of the bootstrap intervals (1000 resamples of cases).

    Returns
    -------
    dict (JSON-ready): ``rule``, ``structures`` (per structure ``n_pronounced``,
    ``mass``, ``mean_map_mass``, ``margin``, ``margin_ci``, ``relative``
    (mass / mean-map mass - 1) and ``wins``, all over the pronounced cases) and
    ``pooled`` (``relative_margin``, ``relative_margin_ci``, ``n_cases``,
    ``median_relative_margin`` and ``wins``: the median of the per-case relative
    margins and the share of cases where it is positive).
    """
    c, v = _cams_and_valid(cams, valid)
    n = c.shape[0]
    if not structures:
        raise ValueError("no structures given")
    mean_maps = leave_one_out_mean(c, v)
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {
        "rule": "cases whose finding is at or above the median strength of these cases; mass of the map vs "
                "the leave-one-out mean map on the structure, paired by case",
        "structures": {},
    }
    rel_rows = []
    for name, (mk, strength) in structures.items():
        m = np.asarray(mk, dtype=bool)
        d = np.asarray(strength, dtype=np.float64)
        if m.shape != c.shape or d.shape != (n,):
            raise ValueError(f"structure {name!r}: mask {m.shape} / strength {d.shape} do not match cams {c.shape}")
        m = m & v
        mass, mass0 = _masses(c, m, v), _masses(mean_maps, m, v)
        hi = d >= np.median(d)
        diff = (mass - mass0)[hi]
        lo, up = _boot_ci(diff, rng)
        out["structures"][name] = {
            "n_pronounced": int(hi.sum()),
            "mass": float(mass[hi].mean()),
            "mean_map_mass": float(mass0[hi].mean()),
            "margin": float(diff.mean()),
            "margin_ci": [lo, up],
            "relative": float(mass[hi].mean() / mass0[hi].mean() - 1.0) if mass0[hi].mean() > 0 else float("nan"),
            "wins": float(np.mean(diff > 0)),
        }
        rel = np.divide(mass - mass0, mass0, out=np.full(n, np.nan), where=mass0 > 0)
        rel_rows.append(np.where(hi, rel, np.nan))
    r = np.stack(rel_rows)
    has = np.any(np.isfinite(r), axis=0)
    per_case = np.array([np.nanmean(r[:, i]) for i in np.flatnonzero(has)])
    lo, up = _boot_ci(per_case, rng)
    out["pooled"] = {"relative_margin": float(per_case.mean()) if per_case.size else float("nan"),
                     "relative_margin_ci": [lo, up], "n_cases": int(per_case.size),
                     # robust to a few cases whose mean map has almost no mass on a structure (large ratios):
                     "median_relative_margin": float(np.median(per_case)) if per_case.size else float("nan"),
                     "wins": float(np.mean(per_case > 0)) if per_case.size else float("nan")}
    return out
