"""Display filters for ECG traces: what the viewer draws, never what a model sees.

Cardiologists read ECGs through the same few filters their carts offer:

* **baseline-wander high-pass** at 0.5 Hz (Butterworth, order 2),
* **powerline notch** at 50 or 60 Hz (IIR notch, quality factor 30),
* an optional **40 Hz low-pass** ("monitoring" bandwidth; Butterworth, order 4).

All of them run forward and backward (:func:`scipy.signal.sosfiltfilt`), so the
result has zero phase: waves are not shifted in time and the ST segment is not
distorted the way a causal 0.5 Hz high-pass would distort it.

The model's own preprocessing lives in :mod:`ph_assist.preprocess.ecg`; this
module only changes how a trace looks on screen.  :func:`display_filter`
always returns a new array and never modifies its input.

NaN samples (missing leads, dropped segments) stay NaN.  Short gaps (up to
:data:`BRIDGE_GAP_S`) are bridged by linear interpolation while filtering, so a
few dropped samples do not split a lead into pieces; every finite stretch
between longer gaps is filtered on its own, so the filters never ring across
a gap.  This module does not import Qt.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy import signal as sps

__all__ = [
    "HIGHPASS_HZ", "LOWPASS_HZ", "NOTCH_Q", "BRIDGE_GAP_S",
    "display_filter", "describe_filters",
]

HIGHPASS_HZ = 0.5
HIGHPASS_ORDER = 2
LOWPASS_HZ = 40.0
LOWPASS_ORDER = 4
NOTCH_Q = 30.0
#: NaN gaps up to this long are bridged (interpolated) while filtering.
BRIDGE_GAP_S = 0.05
#: Samples of mirror padding at each edge (seconds, capped by the length).
_PAD_S = 1.0


@functools.lru_cache(maxsize=64)
def _sos(fs: float, highpass: bool, notch: int | None, lowpass: bool) -> np.ndarray | None:
    """The cascade of second-order sections for one filter setting (None: nothing to do)."""
    nyquist = fs / 2.0
    parts = []
    if highpass and HIGHPASS_HZ < nyquist:
        parts.append(sps.butter(HIGHPASS_ORDER, HIGHPASS_HZ, btype="highpass", fs=fs, output="sos"))
    if notch is not None and notch < nyquist * 0.98:
        b, a = sps.iirnotch(float(notch), NOTCH_Q, fs=fs)
        parts.append(sps.tf2sos(b, a))
    if lowpass and LOWPASS_HZ < nyquist * 0.98:
        parts.append(sps.butter(LOWPASS_ORDER, LOWPASS_HZ, btype="lowpass", fs=fs, output="sos"))
    if not parts:
        return None
    return np.concatenate(parts, axis=0)


def _filter_block(sos: np.ndarray, x: np.ndarray, fs: float, highpass: bool) -> np.ndarray:
    """Zero-phase filtering along the last axis of a NaN-free block."""
    n = x.shape[-1]
    if n < 8:  # too short to filter: at most remove the offset
        return x - np.median(x, axis=-1, keepdims=True) if highpass else x.copy()
    padlen = min(n - 1, max(3 * 2 * len(sos), int(round(_PAD_S * fs))))
    # Mirror (even) padding: an odd extension is anchored on the edge sample, so a spike there
    # would shift the whole padded stretch and leave a slow dip at the start of the trace.
    return sps.sosfiltfilt(sos, x, axis=-1, padtype="even", padlen=padlen)


def _finite_runs(finite: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """``[start, stop)`` of the finite stretches, merging across gaps of <= ``max_gap`` samples."""
    idx = np.flatnonzero(np.diff(np.concatenate(([0], finite.view(np.int8), [0]))))
    starts, stops = idx[0::2], idx[1::2]
    runs: list[tuple[int, int]] = []
    for a, b in zip(starts.tolist(), stops.tolist()):
        if runs and a - runs[-1][1] <= max_gap:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs


def display_filter(
    signal: np.ndarray,
    fs: float,
    highpass: bool = True,
    notch: int | None = None,
    lowpass: bool = False,
) -> np.ndarray:
    """A filtered copy of ``signal`` for display.

    ``signal`` is one lead ``(n,)`` or several ``(leads, n)`` in mV sampled at
    ``fs`` Hz, NaN where samples are missing.  ``highpass`` applies the 0.5 Hz
    baseline-wander filter, ``notch`` is ``None``, ``50`` or ``60`` (Hz) and
    ``lowpass`` the 40 Hz low-pass.  A filter at or above the Nyquist frequency
    is skipped.  Returns float32 of the same shape, NaN exactly where the input
    is NaN (or infinite).
    """
    x = np.asarray(signal, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError(f"signal must be 1-D or 2-D (leads, samples), got shape {x.shape}")
    fs = float(fs)
    if not np.isfinite(fs) or fs <= 0:
        raise ValueError(f"fs must be a positive number, got {fs!r}")
    if notch not in (None, 50, 60):
        raise ValueError(f"notch must be None, 50 or 60 Hz, got {notch!r}")
    sos = _sos(fs, bool(highpass), notch, bool(lowpass))
    rows = x.reshape(-1, x.shape[-1]) if x.size else x.reshape(-1, 0)
    out = np.full(rows.shape, np.nan, dtype=np.float64)
    if sos is None:
        finite = np.isfinite(rows)
        out[finite] = rows[finite]
        return out.reshape(x.shape).astype(np.float32)

    finite = np.isfinite(rows)
    complete = finite.all(axis=1)
    if complete.any():  # the common case: whole leads, filtered together
        out[complete] = _filter_block(sos, rows[complete], fs, highpass)
    max_gap = max(1, int(round(BRIDGE_GAP_S * fs)))
    for i in np.flatnonzero(~complete):
        ok = finite[i]
        if not ok.any():
            continue
        for a, b in _finite_runs(ok, max_gap):
            seg = rows[i, a:b].copy()
            bad = ~ok[a:b]
            if bad.any():  # bridge short gaps; they are NaN again below
                k = np.arange(b - a)
                seg[bad] = np.interp(k[bad], k[~bad], seg[~bad])
            out[i, a:b] = _filter_block(sos, seg[None, :], fs, highpass)[0]
        out[i, ~ok] = np.nan
    return out.reshape(x.shape).astype(np.float32)


def describe_filters(highpass: bool, notch: int | None, lowpass: bool) -> str:
    """Short human-readable text of a filter setting, e.g. ``"0.5–40 Hz · 50 Hz notch"``."""
    from ph_assist.i18n import translate  # user-visible (ECG viewer, PDF): in the interface language

    if highpass and lowpass:
        band = f"{HIGHPASS_HZ:g}–{LOWPASS_HZ:g} Hz"
    elif highpass:
        band = translate("display_filters", "{hz:g} Hz high-pass").format(hz=HIGHPASS_HZ)
    elif lowpass:
        band = translate("display_filters", "{hz:g} Hz low-pass").format(hz=LOWPASS_HZ)
    else:
        band = translate("display_filters", "unfiltered")
    parts = [band]
    if notch is not None:
        parts.append(translate("display_filters", "{hz:d} Hz notch").format(hz=notch))
    return " · ".join(parts)
