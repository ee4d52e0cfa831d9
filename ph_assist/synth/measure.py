"""Simple measurements of the PH signs on rendered cases, guided by their masks.

Used by the tests (to check that PH leaves its traces in aggregate) and handy
for eyeballing a cohort.  These are *not* the model's features; they are
crude, mask-guided readings of what the generator drew.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def _segments(mask: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate(([0], mask.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[0::2], edges[1::2]))


def ecg_measures(leads: Mapping[str, np.ndarray], masks: Mapping[str, np.ndarray], fs: float = 500.0) -> dict[str, float]:
    """Frontal QRS axis (deg), R/S in V1, P amplitude in II (mV), mean T in V1-V3 (mV),
    T in V1, V2, V3 separately (mV) and the RR coefficient of variation (``rr_cv``).

    Each beat is measured against its own baseline: the mean of the 20 ms
    before the QRS (PR segment) or before the P wave; beats cut by the record
    edges are skipped.
    """
    n = len(leads["I"])
    pad = int(0.02 * fs)
    qrs = [(a, b) for a, b in _segments(np.asarray(masks["qrs"])) if a > 3 * pad and b < n - pad]
    p_w = [(a, b) for a, b in _segments(np.asarray(masks["p"])) if a > 2 * pad and b < n - pad]
    t_w = [(a, b) for a, b in _segments(np.asarray(masks["t"])) if a > 2 * pad and b < n - pad]

    def base(x: np.ndarray, start: int) -> float:
        return float(np.mean(x[max(start - pad, 0):start]))

    area_i = area_avf = 0.0
    r_v1, s_v1, t_vals = [], [], []
    t_lead: dict[str, list[float]] = {"V1": [], "V2": [], "V3": []}
    for a, b in qrs:
        area_i += float(np.sum(leads["I"][a:b] - base(leads["I"], a)))
        area_avf += float(np.sum(leads["aVF"][a:b] - base(leads["aVF"], a)))
        seg = leads["V1"][a:b] - base(leads["V1"], a)
        r_v1.append(max(float(seg.max()), 0.0))
        s_v1.append(max(float(-seg.min()), 0.0))
        # T wave that follows this QRS, against the same PR baseline.
        for ta, tb in t_w:
            if a < ta < a + int(0.7 * fs):
                per = {k: float(np.mean(leads[k][ta:tb]) - base(leads[k], a)) for k in ("V1", "V2", "V3")}
                t_vals.append(float(np.mean(list(per.values()))))
                for k, v in per.items():
                    t_lead[k].append(v)
                break
    p_amp = [float(np.max(leads["II"][a:b]) - base(leads["II"], a)) for a, b in p_w]
    r, s = float(np.median(r_v1)) if r_v1 else np.nan, float(np.median(s_v1)) if s_v1 else np.nan
    return {
        "qrs_axis_deg": float(np.degrees(np.arctan2(area_avf, area_i))) if qrs else np.nan,
        "r_v1_mv": r,
        "s_v1_mv": s,
        "rs_ratio_v1": r / max(s, 0.02) if qrs else np.nan,
        "r_fraction_v1": r / max(r + s, 1e-6) if qrs else np.nan,
        "p_ii_mv": float(np.median(p_amp)) if p_amp else np.nan,
        "t_v1v3_mv": float(np.median(t_vals)) if t_vals else np.nan,
        **{f"t_{k.lower()}_mv": float(np.median(v)) if v else np.nan for k, v in t_lead.items()},
        "rr_cv": _rr_cv(masks),
    }


def _rr_cv(masks: Mapping[str, np.ndarray]) -> float:
    """Coefficient of variation of the RR intervals (from ``r_peaks``); NaN with < 3 beats."""
    peaks = np.asarray(masks.get("r_peaks", []), dtype=float)
    if peaks.size < 3:
        return float("nan")
    rr = np.diff(np.sort(peaks))
    return float(np.std(rr) / np.mean(rr))


def cxr_measures(masks: Mapping[str, np.ndarray], pixel_mm: float = 1.0) -> dict[str, float]:
    """Areas (mm^2) of the pulmonary-artery and right-heart masks, hilar width (mm)."""
    def area(key: str) -> float:
        return float(np.count_nonzero(masks[key])) * pixel_mm**2 if key in masks else np.nan

    hilar = np.asarray(masks["hilar_arteries"])
    # Hilar width: widest horizontal extent of the hilar artery masks per row, mean of the two sides.
    widths = []
    half = hilar.shape[1] // 2
    for side in (hilar[:, :half], hilar[:, half:]):
        rows = side.sum(axis=1)
        widths.append(float(rows.max()) if rows.any() else 0.0)
    return {
        "mpa_area_mm2": area("main_pa"),
        "hilar_area_mm2": area("hilar_arteries"),
        "hilar_width_mm": float(np.mean(widths)) * pixel_mm,
        "right_heart_area_mm2": area("right_heart"),
        "heart_area_mm2": area("heart"),
    }
