"""Global ECG measurements from a median beat, and the ECG criteria of pulmonary hypertension.

The method, step by step (every constant is a module-level name below):

1. **Filtering.**  The record is resampled to :data:`FS_WORK` (500 Hz) and
   band-passed 0.5-40 Hz (zero-phase Butterworth): the baseline goes, the
   QRS, P and T keep their shape.  Leads flagged missing, flat, saturated or
   with NaN segments by the reader are not used.
2. **R peaks.**  A multi-lead QRS energy: each usable independent lead (I, II,
   V1-V6) band-passed 8-25 Hz, differentiated, squared, summed and integrated
   over 100 ms (Pan & Tompkins, 1985, on all leads at once).  Peaks at least
   250 ms apart that reach :data:`R_THRESHOLD` of the typical peak are beats;
   each is moved to the largest spatial velocity nearby.  Fewer than 2 beats
   is an error (:class:`~ph_assist.errors.ECGReadError`).
3. **Median beat.**  Beats preceded or followed by an RR more than 20 %
   shorter than the median (ectopics), and beats whose QRS correlates
   below :data:`MIN_BEAT_CORR` with the first median, are rejected; the
   median of the rest, sample by sample and lead by lead, is the median beat.
   A lead whose beats differ from its median by more than
   :data:`MAX_LEAD_NOISE` of its QRS amplitude is noisy and not used.
4. **Global fiducials** from the median beats of all usable leads (one set of
   onsets/offsets for the ECG, as carts report them):
   QRS onset/offset where the spatial velocity (the norm of the derivative
   over the independent leads) falls to :data:`QRS_SV_FRACTION` of its QRS
   peak, walking out from the R peak; P wave: the largest deflection of the
   spatial P magnitude (distance from the PR-segment level) 40-300 ms before
   the QRS, its onset/offset where it falls to :data:`P_FRACTION` of its peak;
   a P wave that is not clearly above the beat-to-beat noise is "absent"
   (with an irregular RR: atrial fibrillation suspected).  T end: the tangent
   method (Lepeschkin & Surawicz, 1952) on the spatial T magnitude: the
   tangent at its steepest descent after the T peak, extended to the
   PR-segment level.
5. **Amplitudes** per lead against the PR-segment baseline (the 20 ms before
   the QRS onset); frontal axes from the net areas of the P,
   QRS and T waves in I and aVF, aVF taken as II - I/2 (Einthoven; the stored
   aVF is that or derived from it) and scaled by 2/sqrt(3) to the hexaxial
   frame: axis = atan2(2 aVF / sqrt(3), I).
6. **PH criteria** (each met / not met / not measurable, with the value and
   threshold): right axis deviation (QRS axis > +90 deg), R/S in V1 > 1,
   R in V1 >= 0.7 mV, P in II >= 0.25 mV (P pulmonale), RV strain (T negative
   in V1, V2 and V3), complete RBBB (see :func:`_rbbb`).

The cart's own measurements, where the file carries them (Philips, GE MUSE,
HL7 aECG, SCP, DICOM), are read by :func:`device_measurements` with the same
bounded parsers the readers use, and reported apart, labelled as the device's.

References
----------
.. [1] Pan J, Tompkins WJ. A real-time QRS detection algorithm. IEEE Trans
   Biomed Eng 1985;32:230-6.
.. [2] Lepeschkin E, Surawicz B. The measurement of the Q-T interval of the
   electrocardiogram. Circulation 1952;6:378-88.
.. [3] Surawicz B, et al. AHA/ACCF/HRS recommendations for the standardization
   and interpretation of the ECG, part III: intraventricular conduction
   disturbances. Circulation 2009;119:e235-40 (complete RBBB).
.. [4] Humbert M, et al. 2022 ESC/ERS Guidelines for the diagnosis and
   treatment of pulmonary hypertension. Eur Heart J 2022;43:3618-731
   (Table 9: ECG signs suggesting PH).
.. [5] Willems JL, et al. (CSE Working Party). Establishment of a reference
   library for evaluating computer ECG measurement programs. Comput Biomed
   Res 1985;18:439-57 (global measurements from all leads together).
"""

from __future__ import annotations

import dataclasses
import math
import os
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ph_assist.errors import ECGReadError
from ph_assist.i18n import translate
from ph_assist.io.leads import STANDARD_LEADS

if TYPE_CHECKING:
    from ph_assist.io.ecg import ECG

#: Sampling rate the measurements are made at (Hz).
FS_WORK = 500.0
#: Band of the filtered signal the median beats are built from (Hz).
BAND_HZ = (0.5, 40.0)
#: Band of the QRS-energy signal used to find R peaks (Hz).
QRS_BAND_HZ = (8.0, 25.0)
#: A peak of the QRS energy is a beat when it reaches this fraction of the typical peak.
R_THRESHOLD = 0.25
#: Shortest RR accepted between two beats (s).
MIN_RR_S = 0.25
#: Beats whose QRS correlates less than this with the first median beat are rejected.
MIN_BEAT_CORR = 0.90
#: A lead is noisy when the median beat-to-median RMS difference exceeds this fraction of its QRS amplitude.
MAX_LEAD_NOISE = 0.30
#: QRS onset/offset: spatial velocity falls to this fraction of its QRS peak.
QRS_SV_FRACTION = (0.05, 0.04)
#: QRS onset/offset never below this multiple of the median velocity 200-600 ms before the R peak.
ISOELECTRIC_MULTIPLE = 1.5
#: P onset/offset: the spatial P magnitude falls to this fraction of its peak.
P_FRACTION = 0.2
#: The P wave is looked for this long before the QRS onset at most (s); 0.6 RR at most.
P_SEARCH_S = 0.42
#: A P wave must exceed this magnitude (mV) and this multiple of the beat-to-beat noise.
P_MIN_MV, P_MIN_SNR = 0.04, 3.0
#: Median correlation of each beat's P window with the median beat's, below which there is no P wave.
P_MIN_CONSISTENCY = 0.5
#: The same with an irregular RR, where fibrillatory waves can average into a P-like hump: sinus P
#: waves of the synthetic cohort correlate 0.84 or more, the humps of its AF ECGs 0.51-0.75 (120 each).
P_MIN_CONSISTENCY_IRREGULAR = 0.8
#: RR coefficient of variation above which the rhythm counts as irregular.
IRREGULAR_RR_CV = 0.10
#: Median-beat window around the R peak (s).
PRE_S, POST_S = 0.60, 0.75
#: Independent leads (the other four limb leads are linear combinations of I and II).
INDEPENDENT = ("I", "II", "V1", "V2", "V3", "V4", "V5", "V6")
#: T negative: dominant T deflection at most this (mV).
T_NEG_MV = -0.05

#: The PH criteria, in report order: key -> label.
PH_CRITERIA = {
    "right_axis_deviation": "Right axis deviation (QRS axis > +90 deg)",
    "rs_ratio_v1": "R/S ratio in V1 > 1",
    "r_v1": "R in V1 >= 0.7 mV",
    "p_pulmonale": "P in II >= 0.25 mV (P pulmonale)",
    "rv_strain": "RV strain: T negative in V1, V2 and V3",
    "complete_rbbb": "Complete RBBB (QRS >= 120 ms, terminal R in V1, terminal S in I and V6)",
}

MET, NOT_MET, NOT_MEASURABLE = "met", "not met", "not measurable"


@dataclasses.dataclass(frozen=True)
class Criterion:
    """One PH criterion: ``status`` is ``"met"``, ``"not met"`` or ``"not measurable"``."""

    key: str
    label: str
    status: str
    value: float | None = None
    unit: str = ""
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "status": self.status,
                "value": None if self.value is None else round(float(self.value), 3),
                "unit": self.unit, "reason": self.reason}


@dataclasses.dataclass(frozen=True, eq=False)
class ECGMeasurements:
    """Global measurements of one ECG.  ``None`` values have their reason in ``reasons``.

    ``fiducials_ms`` are the global P on/off, QRS on/off and T end relative to
    the R peak of the median beat; ``median_beat`` is ``(12, n)`` in mV at
    :data:`FS_WORK`, NaN for unused leads, sample ``pre`` is the R peak.
    """

    hr_bpm: float | None
    rr_ms: float | None
    pr_ms: float | None
    p_ms: float | None
    qrs_ms: float | None
    qt_ms: float | None
    qtc_bazett_ms: float | None
    qtc_fridericia_ms: float | None
    p_axis_deg: float | None
    qrs_axis_deg: float | None
    t_axis_deg: float | None
    amplitudes_mv: dict[str, float | None]
    criteria: tuple[Criterion, ...]
    rhythm: dict[str, Any]
    reasons: dict[str, str]
    fiducials_ms: dict[str, float | None]
    leads_used: tuple[str, ...]
    n_beats: int
    n_beats_used: int
    median_beat: np.ndarray = dataclasses.field(repr=False)
    pre: int = 0

    VALUES = ("hr_bpm", "rr_ms", "pr_ms", "p_ms", "qrs_ms", "qt_ms", "qtc_bazett_ms",
              "qtc_fridericia_ms", "p_axis_deg", "qrs_axis_deg", "t_axis_deg")

    def criterion(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: values, units, criteria, rhythm, reasons, fiducials."""
        def r(v: float | None) -> float | None:
            return None if v is None else round(float(v), 1)

        return {
            "method": "ph_assist.ecg_measure (median beat, global fiducials from all usable leads)",
            "values": {k: r(getattr(self, k)) for k in self.VALUES},
            "units": {k: ("bpm" if k == "hr_bpm" else "deg" if k.endswith("_deg") else "ms")
                      for k in self.VALUES},
            "amplitudes_mv": {k: None if v is None else round(v, 3) for k, v in self.amplitudes_mv.items()},
            "ph_criteria": [c.to_dict() for c in self.criteria],
            "rhythm": dict(self.rhythm),
            "reasons": dict(self.reasons),
            "fiducials_ms": {k: r(v) for k, v in self.fiducials_ms.items()},
            "leads_used": list(self.leads_used),
            "n_beats": self.n_beats,
            "n_beats_used": self.n_beats_used,
        }

    def summary_line(self) -> str:
        """One line of text: the main values and the criteria met."""
        def f(v: float | None, unit: str) -> str:
            return "n/a" if v is None else f"{v:.0f}{unit}"

        met = [c.key for c in self.criteria if c.status == MET]
        return (f"HR {f(self.hr_bpm, ' bpm')}, PR {f(self.pr_ms, ' ms')}, QRS {f(self.qrs_ms, ' ms')}, "
                f"QT/QTcB {f(self.qt_ms, '')}/{f(self.qtc_bazett_ms, ' ms')}, "
                f"axes P/QRS/T {f(self.p_axis_deg, '')}/{f(self.qrs_axis_deg, '')}/{f(self.t_axis_deg, ' deg')}; "
                f"PH criteria met: {', '.join(met) if met else 'none'}")


# --------------------------------------------------------------------------- helpers


def _resample(x: np.ndarray, fs: float) -> np.ndarray:
    from scipy.signal import resample_poly

    if abs(fs - FS_WORK) < 1e-6:
        return x.astype(np.float64)
    frac = Fraction(FS_WORK / fs).limit_denominator(1000)
    return resample_poly(x.astype(np.float64), frac.numerator, frac.denominator, axis=-1)


def _bandpass(x: np.ndarray, band: tuple[float, float], fs: float) -> np.ndarray:
    from scipy.signal import butter, sosfiltfilt

    sos = butter(2, band, btype="bandpass", fs=fs, output="sos")
    return sosfiltfilt(sos, x, axis=-1)


def _moving_mean(x: np.ndarray, n: float) -> np.ndarray:
    """Moving mean over ``n`` samples (truncated to an integer, at least 1)."""
    n = max(int(n), 1)
    return np.convolve(x, np.ones(n) / n, mode="same")


def _usable(ecg: ECG) -> list[int]:
    out = []
    for i, q in enumerate(ecg.quality):
        x = ecg.signal[i]
        if q.missing or q.flat or q.saturated or q.out_of_range or q.nan_fraction > 0.0:
            continue
        if not np.all(np.isfinite(x)):
            continue
        out.append(i)
    return out


def _where_below(x: np.ndarray, start: int, stop: int, level: float, step: int) -> int:
    """First index from ``start`` towards ``stop`` (exclusive) where ``x <= level``.

    Where ``x`` never gets that low, the index of its minimum on the way.
    """
    i = start
    while i != stop:
        if x[i] <= level:
            return i
        i += step
    seg = np.arange(start, stop, step)
    return int(seg[np.argmin(x[seg])])


# --------------------------------------------------------------------------- beats


def _detect_r(sig: np.ndarray, idx: list[int], path: str) -> np.ndarray:
    """R-peak sample indices on the multi-lead QRS energy (Pan-Tompkins style)."""
    from scipy.signal import find_peaks

    fs = FS_WORK
    band = _bandpass(sig[idx], QRS_BAND_HZ, fs)
    energy = (np.diff(band, axis=1, prepend=band[:, :1]) ** 2)
    # Normalise each lead so one large lead does not hide the others.
    scale = np.percentile(energy, 99, axis=1, keepdims=True)
    energy = (energy / np.where(scale > 0, scale, 1.0)).sum(axis=0)
    integ = _moving_mean(energy, 0.10 * fs)
    peaks, props = find_peaks(integ, distance=int(MIN_RR_S * fs), height=0.0)
    if peaks.size == 0:
        raise ECGReadError(path, translate("errors", "ECG measurement: no QRS complex found"))
    heights = props["peak_heights"]
    typical = np.percentile(heights, 90) if heights.size >= 5 else heights.max()
    peaks = peaks[heights >= R_THRESHOLD * typical]
    # Move each to the largest spatial velocity within +-60 ms (the steepest part of the QRS).
    sv = np.sqrt((np.diff(sig[idx], axis=1, prepend=sig[idx][:, :1]) ** 2).sum(axis=0))
    sv = _moving_mean(sv, 0.01 * fs)
    w = int(0.06 * fs)
    out = []
    for p in peaks:
        lo, hi = max(p - w, 0), min(p + w + 1, sig.shape[1])
        out.append(lo + int(np.argmax(sv[lo:hi])))
    return np.unique(np.asarray(out, dtype=np.int64))


def _median_beat(sig: np.ndarray, idx: list[int], r: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median beat ``(n_leads, n)``, the accepted R peaks and the per-beat stack."""
    fs = FS_WORK
    pre, post = int(PRE_S * fs), int(POST_S * fs)
    n = sig.shape[1]
    rr = np.diff(r)
    med_rr = np.median(rr) if rr.size else np.inf
    ok = (r - pre >= 0) & (r + post <= n)
    # Ectopic beats: a short RR before, or a premature beat after (compensatory pause).
    if rr.size >= 3:
        short_before = np.concatenate(([False], rr < 0.8 * med_rr))
        short_after = np.concatenate((rr < 0.8 * med_rr, [False]))
        ok &= ~(short_before | short_after)
    keep = r[ok] if ok.sum() >= 1 else r[(r - pre >= 0) & (r + post <= n)]
    if keep.size == 0:
        raise ECGReadError(None, "no complete beat")  # untranslated: caught below, never shown
    beats = np.stack([sig[:, k - pre:k + post] for k in keep], axis=0)  # (n_beats, leads, n)
    # Align each beat to the first median on the QRS (+-100 ms) by cross-correlation (+-10 ms).
    sub = np.asarray(idx)
    q0, q1 = pre - int(0.1 * fs), pre + int(0.1 * fs)
    med = np.median(beats, axis=0)
    lag = int(0.01 * fs)
    shifted = []
    for k, b in zip(keep, beats):
        best, best_s = -np.inf, 0
        for s in range(-lag, lag + 1):
            lo, hi = k - pre + s, k + post + s
            if lo < 0 or hi > n:
                continue
            c = float((sig[sub, lo + q0 - 0:lo + q1] * med[sub, q0:q1]).sum())
            if c > best:
                best, best_s = c, s
        shifted.append(k + best_s)
    keep = np.asarray(shifted)
    beats = np.stack([sig[:, k - pre:k + post] for k in keep], axis=0)
    med = np.median(beats, axis=0)
    a = med[sub, q0:q1].ravel()
    corr = np.array([np.corrcoef(b[sub, q0:q1].ravel(), a)[0, 1] for b in beats])
    good = corr >= MIN_BEAT_CORR
    if good.sum() >= max(1, int(0.3 * len(beats))):
        beats, keep = beats[good], keep[good]
    return np.median(beats, axis=0), keep, beats


# --------------------------------------------------------------------------- delineation


def _delineate(med: np.ndarray, beats: np.ndarray, ind: list[int], pre: int, rr_s: float,
               min_consistency: float = 0.5) -> tuple[dict[str, int | None], str]:
    """Global fiducials (sample indices in the median beat) and the P-wave note.

    ``min_consistency``: how well each beat's P window must correlate with the median beat's
    (:data:`P_MIN_CONSISTENCY`; :data:`P_MIN_CONSISTENCY_IRREGULAR` with an irregular RR).
    """
    fs = FS_WORK
    x = med[ind]
    d = np.gradient(x, axis=1) * fs  # mV/s
    sv = _moving_mean(np.sqrt((d ** 2).sum(axis=0)), 0.008 * fs)
    n = x.shape[1]
    w = int(0.08 * fs)
    peak = float(sv[pre - w:pre + w].max())
    # Floor: the velocity of whatever precedes the QRS (P wave, TP segment,
    # fibrillatory waves), so that an onset is never looked for inside them.
    floor = ISOELECTRIC_MULTIPLE * float(np.median(sv[max(pre - int(0.6 * fs), 0):pre - int(0.2 * fs)]))
    on = _where_below(sv, pre, max(pre - int(0.16 * fs), 1), max(QRS_SV_FRACTION[0] * peak, floor), -1)
    off = _where_below(sv, pre, min(pre + int(0.20 * fs), n - 1), max(QRS_SV_FRACTION[1] * peak, floor), +1)
    fid: dict[str, int | None] = {"qrs_on": on, "qrs_off": off}
    # PR-segment level (the baseline everything is measured against).
    b0 = max(on - int(0.02 * fs), 0)
    base = med[:, b0:on + 1].mean(axis=1, keepdims=True)
    xb = x - base[ind]
    # --- T end: tangent on the spatial magnitude after the QRS.
    from scipy.signal import butter, sosfiltfilt

    sos = butter(2, 15.0, fs=fs, output="sos")
    xs = sosfiltfilt(sos, xb, axis=1)
    mag = np.sqrt((xs ** 2).sum(axis=0))
    t_lo = off + int(0.06 * fs)
    t_hi = min(n - 1, pre + int(min(0.70, max(0.9 * rr_s - 0.05, 0.3)) * fs))
    t_end = None
    if t_hi - t_lo > int(0.05 * fs):
        tp = t_lo + int(np.argmax(mag[t_lo:t_hi]))
        slope = np.gradient(mag)
        seg = slope[tp:t_hi]
        if seg.size > 2 and seg.min() < 0:
            k = tp + int(np.argmin(seg))
            t_end = int(round(k - mag[k] / slope[k]))  # tangent meets zero magnitude (the PR level)
            t_end = min(max(t_end, k), n - 1)
        fid["t_peak"] = tp
    fid["t_end"] = t_end
    # --- P wave: spatial magnitude against the PR level, 40-300 ms before the QRS.
    sos_p = butter(2, 12.0, fs=fs, output="sos")
    xp = sosfiltfilt(sos_p, xb, axis=1)
    pm = np.sqrt((xp ** 2).sum(axis=0))
    p_lo = max(on - int(min(P_SEARCH_S, 0.6 * rr_s) * fs), 0)
    window_start = p_lo
    p_hi = on - int(0.03 * fs)
    note = ""
    fid["p_on"] = fid["p_off"] = fid["p_peak"] = None
    if p_hi - p_lo > int(0.05 * fs):
        # Skip the falling tail of the previous T wave at the window's start (fast rates, broad
        # T waves): search from the first point where the magnitude stops falling.
        seg = pm[p_lo:p_hi]
        rising = np.flatnonzero(np.diff(seg) > 0)
        if len(rising) and rising[0] > 0 and seg[0] > seg[rising[0]]:
            p_lo = p_lo + int(rising[0])
        pp = p_lo + int(np.argmax(pm[p_lo:p_hi]))
        amp = float(pm[pp])
        # Beat-to-beat noise in the same window.
        resid = beats[:, ind, p_lo:p_hi] - med[ind, p_lo:p_hi][None]
        noise = float(np.sqrt(np.mean(resid ** 2))) / math.sqrt(max(len(beats), 1)) if len(beats) > 1 else 0.0
        # A P wave rises from the baseline on both sides: a peak at the window's edge is not one.
        edge = pp <= p_lo + int(0.01 * fs)
        if amp >= P_MIN_MV and amp >= P_MIN_SNR * noise * math.sqrt(len(ind)) and not edge:
            # Onset/offset: the magnitude falls to P_FRACTION of the way from the
            # lowest level on that side (the TP and PR levels need not agree).
            lo_b = float(pm[p_lo:pp + 1].min())
            lo_a = float(pm[pp:on + 1].min())
            p_on = _where_below(pm, pp, max(p_lo - 1, 0), lo_b + P_FRACTION * (amp - lo_b), -1)
            p_off = _where_below(pm, pp, on, lo_a + P_FRACTION * (amp - lo_a), +1)
            # The same P wave must be in each beat (fibrillatory waves average into a hump).
            ref = xb[:, p_on:p_off + 1] - xb[:, p_on:p_off + 1].mean(axis=1, keepdims=True)
            cons = []
            for b in beats[:, ind, p_on:p_off + 1]:
                b = b - b.mean(axis=1, keepdims=True)
                den = float(np.sqrt((b ** 2).sum() * (ref ** 2).sum()))
                cons.append(float((b * ref).sum()) / den if den > 0 else 0.0)
            consistency = float(np.median(cons)) if len(beats) > 1 else 1.0
            if p_on <= window_start + int(0.01 * fs):
                # The wave runs into the start of the search window: what precedes it (the previous
                # beat's T wave, fibrillatory waves) cannot be told from a P wave, and its onset,
                # hence the PR interval, would be the window's edge, not a measurement.
                note = translate("ecg_measure", "no P wave with a clear onset (the atrial deflection runs into "
                                                "the start of the search window, {ms} ms before the QRS)").format(
                    ms=int(round((on - window_start) / fs * 1000)))
            elif consistency >= min_consistency:
                fid.update(p_on=p_on, p_off=p_off, p_peak=pp)
            else:
                note = translate("ecg_measure", "no consistent P wave (beats correlate {r:.2f} with the median "
                                                "in the P window; {need:.2f} needed)").format(
                    r=consistency, need=min_consistency)
        else:
            note = translate("ecg_measure", "no P wave found (largest atrial deflection {amp:.3f} mV, "
                                            "beat-to-beat noise {noise:.3f} mV)").format(
                amp=amp, noise=noise * math.sqrt(len(ind)))
    else:
        note = translate("ecg_measure", "no room for a P wave before the QRS")
    return fid, note


def _area(x: np.ndarray, a: int | None, b: int | None) -> float | None:
    if a is None or b is None or b <= a:
        return None
    return float(x[a:b + 1].sum() / FS_WORK)


def _axis(i_area: float | None, ii_area: float | None) -> float | None:
    """Frontal axis from net areas in I and II: atan2(2 aVF / sqrt 3, I), aVF = II - I/2 (Einthoven)."""
    if i_area is None or ii_area is None or (abs(i_area) + abs(ii_area)) == 0:
        return None
    avf = ii_area - 0.5 * i_area
    return float(np.degrees(np.arctan2(2.0 * avf / math.sqrt(3.0), i_area)))


def _rbbb(lead: dict[str, np.ndarray | None], on: int, off: int, qrs_ms: float) -> tuple[str, float, str]:
    """Complete RBBB, as implemented here.

    Met when QRS >= 120 ms, the terminal 40 ms of the QRS is net positive in V1
    (a terminal R': rsR', rSR' or qR) and net negative in I and V6 (a wide
    terminal S), after Surawicz et al. 2009 [3]_.  Not measurable when V1, or
    both I and V6, are unusable.
    """
    n40 = int(0.04 * FS_WORK)
    a = max(off - n40, on)

    def term(name: str) -> float | None:
        x = lead.get(name)
        return None if x is None else float(x[a:off + 1].mean())

    v1, i, v6 = term("V1"), term("I"), term("V6")
    if v1 is None or (i is None and v6 is None):
        return NOT_MEASURABLE, qrs_ms, translate("ecg_measure", "V1, or both I and V6, not usable")
    lateral = [v for v in (i, v6) if v is not None]
    detail = translate("ecg_measure", "terminal 40 ms mean: {values}").format(
        values=", ".join(f"{n} {v:+.2f} mV" for n, v in (("V1", v1), ("I", i), ("V6", v6)) if v is not None))
    ok = qrs_ms >= 120.0 and v1 > 0.0 and all(v < 0.0 for v in lateral)
    return (MET if ok else NOT_MET), qrs_ms, f"QRS {qrs_ms:.0f} ms; {detail}"


# --------------------------------------------------------------------------- public API


def measure_ecg(ecg: ECG) -> ECGMeasurements:
    """Measure one :class:`~ph_assist.io.ecg.ECG`: intervals, axes, amplitudes and PH criteria.

    Parameters
    ----------
    ecg : ph_assist.io.ecg.ECG
        A 12-lead ECG (``signal`` of shape ``(12, n_samples)`` in mV, ``fs`` in Hz,
        ``quality`` per lead) as returned by :func:`ph_assist.io.read_ecg`.

    Returns
    -------
    ECGMeasurements
        Values in bpm, ms and degrees; ``None`` with a reason where not measurable.

    Raises
    ------
    ECGReadError
        When fewer than two usable leads or fewer than two beats are found
        (flat or too short records); one line naming the file and the problem.
    """
    path = getattr(ecg, "source_path", None)
    idx_all = _usable(ecg)
    if len(idx_all) < 2:
        raise ECGReadError(path, translate(
            "errors", "ECG measurement: only {n} usable lead(s); at least 2 are needed").format(n=len(idx_all)))
    raw = np.asarray(ecg.signal, dtype=np.float64)[idx_all]
    if raw.shape[1] / float(ecg.fs) < 2 * MIN_RR_S:
        raise ECGReadError(path, translate("errors", "ECG measurement: the record lasts {seconds:.2f} s; "
                                                     "fewer than 2 beats").format(seconds=raw.shape[1] / float(ecg.fs)))
    sig = np.full((12, 0), np.nan)
    filt = _bandpass(_resample(raw, float(ecg.fs)), BAND_HZ, FS_WORK)
    sig = np.full((12, filt.shape[1]), 0.0)
    sig[idx_all] = filt
    ind = [i for i in idx_all if STANDARD_LEADS[i] in INDEPENDENT] or list(idx_all)
    ptp = np.ptp(sig[idx_all], axis=1)
    if ptp.max() < 0.05:
        raise ECGReadError(path, translate(
            "errors", "ECG measurement: no lead has a deflection over 0.05 mV; flat record"))
    r = _detect_r(sig, ind, path or "")
    if r.size < 2:
        raise ECGReadError(path, translate("errors", "ECG measurement: {n} beat found in {seconds:.1f} s; "
                                                     "at least 2 are needed").format(n=r.size, seconds=ecg.duration_s))
    rr = np.diff(r) / FS_WORK
    med_rr = float(np.median(rr))
    try:
        med, keep, beats = _median_beat(sig, ind, r)
    except ECGReadError:
        raise ECGReadError(path, translate("errors", "ECG measurement: no complete beat among the {n} found "
                                                     "in {seconds:.1f} s").format(
            n=r.size, seconds=ecg.duration_s)) from None
    pre = int(PRE_S * FS_WORK)
    # Noisy leads: beat-to-beat RMS difference against the QRS amplitude.
    noisy = []
    for i in idx_all:
        amp = float(np.ptp(med[i, pre - int(0.06 * FS_WORK):pre + int(0.08 * FS_WORK)]))
        rms = float(np.sqrt(np.mean((beats[:, i] - med[i][None]) ** 2))) if len(beats) > 1 else 0.0
        if amp < 0.05 or rms > MAX_LEAD_NOISE * amp:
            noisy.append(i)
    used = [i for i in idx_all if i not in noisy]
    ind_used = [i for i in ind if i in used] or ind
    rr_cv = float(np.std(rr) / np.mean(rr)) if rr.size >= 2 else 0.0
    irregular = rr.size >= 3 and rr_cv > IRREGULAR_RR_CV
    fid, p_note = _delineate(med, beats, ind_used, pre, med_rr,
                             P_MIN_CONSISTENCY_IRREGULAR if irregular else P_MIN_CONSISTENCY)
    # _delineate always finds the QRS onset and offset; the P wave and T end may be missing.
    on, off, t_end = cast(int, fid["qrs_on"]), cast(int, fid["qrs_off"]), fid["t_end"]
    p_on, p_off = fid["p_on"], fid["p_off"]  # both set, or both None
    b0 = max(int(on) - int(0.02 * FS_WORK), 0)
    med_b = med - med[:, b0:int(on) + 1].mean(axis=1, keepdims=True)
    median_beat = np.full_like(med_b, np.nan)
    median_beat[used] = med_b[used]
    lead = {name: (median_beat[k] if k in used else None) for k, name in enumerate(STANDARD_LEADS)}
    ms = 1000.0 / FS_WORK
    reasons: dict[str, str] = {}

    hr = 60.0 / med_rr
    rr_ms = med_rr * 1000.0
    qrs_ms = (off - on) * ms
    qt_ms = None if t_end is None else (t_end - on) * ms
    if qt_ms is None:
        reasons["qt_ms"] = reasons["qtc_bazett_ms"] = reasons["qtc_fridericia_ms"] = translate(
            "ecg_measure", "T end not found")
    qtcb = None if qt_ms is None else qt_ms / math.sqrt(med_rr)
    qtcf = None if qt_ms is None else qt_ms / med_rr ** (1.0 / 3.0)
    pr_ms = p_ms = p_axis = None
    if p_on is None or p_off is None:
        why = p_note + (translate("ecg_measure", "; irregular RR: atrial fibrillation suspected") if irregular else "")
        for k in ("pr_ms", "p_ms", "p_axis_deg"):
            reasons[k] = why
    else:
        pr_ms = (on - p_on) * ms
        p_ms = (p_off - p_on) * ms

    def area(name: str, a: int | None, b: int | None) -> float | None:
        x = lead.get(name)
        return None if x is None else _area(x, a, b)

    if p_on is not None:
        p_axis = _axis(area("I", p_on, p_off), area("II", p_on, p_off))
    qrs_axis = _axis(area("I", on, off), area("II", on, off))
    t_axis = None if t_end is None else _axis(area("I", off, t_end), area("II", off, t_end))
    for key, val, what in (("qrs_axis_deg", qrs_axis, "QRS"), ("t_axis_deg", t_axis, "T")):
        if val is None and key not in reasons:
            reasons[key] = translate("ecg_measure", "lead I or II not usable, or no net {wave} area").format(wave=what)
    if p_axis is None and "p_axis_deg" not in reasons:
        reasons["p_axis_deg"] = translate("ecg_measure", "lead I or II not usable")

    # Amplitudes against the PR-segment level.
    amps: dict[str, float | None] = {}
    v1 = lead["V1"]
    if v1 is not None:
        seg = v1[on:off + 1]
        amps["R_V1"], amps["S_V1"] = max(float(seg.max()), 0.0), max(-float(seg.min()), 0.0)
    else:
        amps["R_V1"] = amps["S_V1"] = None
    ii = lead["II"]
    amps["P_II"] = (float(ii[p_on:p_off + 1].max())
                    if ii is not None and p_on is not None and p_off is not None else None)
    for name in ("V1", "V2", "V3"):
        x = lead[name]
        if x is None or t_end is None:
            amps[f"T_{name}"] = None
            continue
        seg = x[off + int(0.04 * FS_WORK):t_end + 1]
        amps[f"T_{name}"] = float(seg.max()) if seg.max() >= -seg.min() else float(seg.min())

    criteria = _criteria(qrs_axis, amps, fid, p_note, irregular, lead, on, off, qrs_ms, reasons)
    fiducials = {k: (None if v is None else (v - pre) * ms)
                 for k in ("p_on", "p_off", "qrs_on", "qrs_off", "t_end") for v in [fid.get(k)]}
    rhythm = {"rr_cv": round(rr_cv, 3), "irregular": bool(irregular),
              "p_wave": fid["p_on"] is not None,
              "af_suspected": bool(irregular and fid["p_on"] is None)}
    return ECGMeasurements(
        hr_bpm=hr, rr_ms=rr_ms, pr_ms=pr_ms, p_ms=p_ms, qrs_ms=qrs_ms, qt_ms=qt_ms,
        qtc_bazett_ms=qtcb, qtc_fridericia_ms=qtcf, p_axis_deg=p_axis, qrs_axis_deg=qrs_axis,
        t_axis_deg=t_axis, amplitudes_mv=amps, criteria=criteria, rhythm=rhythm, reasons=reasons,
        fiducials_ms=fiducials, leads_used=tuple(STANDARD_LEADS[i] for i in used),
        n_beats=int(r.size), n_beats_used=int(len(beats)), median_beat=median_beat, pre=pre,
    )


def _criteria(qrs_axis: float | None, amps: dict[str, float | None], fid: dict[str, Any], p_note: str,
              irregular: bool, lead: dict[str, np.ndarray | None], on: int, off: int, qrs_ms: float,
              reasons: dict[str, str]) -> tuple[Criterion, ...]:
    def crit(key: str, status: str, value: float | None = None, unit: str = "", reason: str = "") -> Criterion:
        return Criterion(key, PH_CRITERIA[key], status, value, unit, reason)

    out = []
    if qrs_axis is None:
        out.append(crit("right_axis_deviation", NOT_MEASURABLE, reason=reasons.get("qrs_axis_deg", "")))
    else:
        out.append(crit("right_axis_deviation", MET if qrs_axis > 90.0 else NOT_MET, qrs_axis, "deg"))
    r, s = amps.get("R_V1"), amps.get("S_V1")
    if r is None:
        out.append(crit("rs_ratio_v1", NOT_MEASURABLE, reason=translate("ecg_measure", "V1 not usable")))
        out.append(crit("r_v1", NOT_MEASURABLE, reason=translate("ecg_measure", "V1 not usable")))
    else:
        ratio = r / s if s and s > 0.0 else math.inf
        shown = None if math.isinf(ratio) else ratio
        out.append(crit("rs_ratio_v1", MET if ratio > 1.0 else NOT_MET, shown, "",
                        translate("ecg_measure", "no S wave in V1") if shown is None
                        else f"R {r:.2f} mV, S {s:.2f} mV"))
        out.append(crit("r_v1", MET if r >= 0.7 else NOT_MET, r, "mV"))
    p = amps.get("P_II")
    if p is None:
        why = (translate("ecg_measure", "lead II not usable") if lead.get("II") is None
               else (p_note or translate("ecg_measure", "no P wave")))
        if irregular and fid.get("p_on") is None:
            why += translate("ecg_measure", "; irregular RR: atrial fibrillation suspected")
        out.append(crit("p_pulmonale", NOT_MEASURABLE, reason=why))
    else:
        out.append(crit("p_pulmonale", MET if p >= 0.25 else NOT_MET, p, "mV"))
    ts = [amps.get(f"T_{n}") for n in ("V1", "V2", "V3")]
    t_mv = [t for t in ts if t is not None]
    if len(t_mv) < len(ts):
        out.append(crit("rv_strain", NOT_MEASURABLE,
                        reason=translate("ecg_measure", "V1-V3 not all usable, or T end not found")))
    else:
        neg = all(t <= T_NEG_MV for t in t_mv)
        out.append(crit("rv_strain", MET if neg else NOT_MET, max(t_mv), "mV",  # the deciding value: the least negative T
                        translate("ecg_measure", "T in V1/V2/V3: {values} mV").format(
                            values=", ".join(f"{t:+.2f}" for t in t_mv))))
    status, value, why = _rbbb(lead, on, off, qrs_ms)
    out.append(crit("complete_rbbb", status, value, "ms", why))
    return tuple(out)


# --------------------------------------------------------------------------- device measurements

#: The cart's measurements reported, ecgdatakit field -> our key.
_DEVICE_FIELDS = {"heart_rate": "hr_bpm", "rr_interval": "rr_ms", "pr_interval": "pr_ms",
                  "qrs_duration": "qrs_ms", "qt_interval": "qt_ms", "qtc_bazett": "qtc_bazett_ms",
                  "qtc_fridericia": "qtc_fridericia_ms", "p_axis": "p_axis_deg",
                  "qrs_axis": "qrs_axis_deg", "t_axis": "t_axis_deg"}

_DEVICE_PARSERS = {
    "philips-xml": ("ecgdatakit.parsing.parsers.sierra_xml", "SierraXMLParser", "Philips XML"),
    "ge-muse-xml": ("ecgdatakit.parsing.parsers.ge_muse_xml", "GEMuseXMLParser", "GE MUSE XML"),
    "hl7-aecg": ("ecgdatakit.parsing.parsers.hl7_aecg", "HL7aECGParser", "HL7 aECG"),
    "scp-ecg": ("ecgdatakit.parsing.parsers.scp_ecg", "SCPECGParser", "SCP-ECG"),
    "dicom": ("ecgdatakit.parsing.parsers.dicom_waveform", "DICOMWaveformParser", "DICOM waveform"),
}


def device_measurements(ecg: ECG) -> dict[str, Any] | None:
    """The cart's own global measurements from the ECG's file, or ``None`` where it has none.

    The file (already accepted by :func:`ph_assist.io.read_ecg`) is parsed
    again, read-only, with the ecgdatakit parser its reader uses (the XML
    parsers run on defusedxml; the reader's size budget was checked on the
    first read).  Values are the device's, in bpm, ms and degrees.
    """
    import importlib

    from ph_assist.errors import PHAssistError
    from ph_assist.io._ecgdatakit import parse_quietly

    fmt = str(getattr(ecg, "source_format", ""))
    key = next((k for k in _DEVICE_PARSERS if fmt.startswith(k)), None)
    path = getattr(ecg, "source_path", None)
    if key is None or not path or not os.path.isfile(path):
        return None
    module, cls, name = _DEVICE_PARSERS[key]
    try:
        parser = getattr(importlib.import_module(module), cls)()
        record = parse_quietly(Path(path), parser, name)
    except (PHAssistError, ImportError):
        return None
    m = getattr(record, "measurements", None)
    values = {ours: (None if getattr(m, theirs, None) is None else float(getattr(m, theirs)))
              for theirs, ours in _DEVICE_FIELDS.items()}
    if values["hr_bpm"] is None and values["rr_ms"]:
        values["hr_bpm"] = round(60000.0 / values["rr_ms"], 1)
    if all(v is None for v in values.values()):
        return None
    return {"source": f"device (as stored in the {name} file)",
            "note": "the acquiring device's own measurements, as stored in the file", "values": values}


def compare(ours: ECGMeasurements, device: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per quantity: ours, the device's, the difference and pass/fail within :data:`TOLERANCES`."""
    out = {}
    for key, tol in TOLERANCES.items():
        a, b = getattr(ours, key), device["values"].get(key)
        if a is None or b is None:
            out[key] = {"ours": a, "device": b, "diff": None, "tolerance": tol, "pass": None}
            continue
        diff = a - b
        if key.endswith("_deg"):
            diff = (diff + 180.0) % 360.0 - 180.0
        out[key] = {"ours": a, "device": b, "diff": diff, "tolerance": tol, "pass": abs(diff) <= tol}
    return out


#: Agreement required with the cart (bpm, ms, degrees).
TOLERANCES = {"hr_bpm": 3.0, "pr_ms": 20.0, "qrs_ms": 15.0, "qt_ms": 30.0, "qrs_axis_deg": 20.0}


def measurements_report(ecg: ECG) -> dict[str, Any]:
    """What ``inspect --json`` and ``assess --json`` show: :meth:`ECGMeasurements.to_dict`
    plus ``"device_measurements"`` (the cart's, or ``None``); ``{"error": line}`` when
    the ECG cannot be measured."""
    from ph_assist.errors import PHAssistError

    try:
        out = measure_ecg(ecg).to_dict()
    except PHAssistError as exc:
        return {"error": getattr(exc, "problem", str(exc)), "device_measurements": device_measurements(ecg)}
    out["device_measurements"] = device_measurements(ecg)
    return out


def report_line(report: dict[str, Any]) -> str:
    """One line of text for a :func:`measurements_report` (the CLI's human-readable output)."""
    if "error" in report:
        return translate("ecg_measure", "measurements: not measurable ({problem})").format(problem=report["error"])
    v = report["values"]

    def f(key: str) -> str:
        return translate("ecg_measure", "n/a") if v.get(key) is None else f"{v[key]:.0f}"

    met = [translate("presentation", str(c["label"])) for c in report["ph_criteria"] if c["status"] == MET]
    line = translate("ecg_measure", "measurements: HR {hr} bpm, PR {pr}, QRS {qrs}, QT {qt}, QTcB {qtcb} ms, "
                                    "QRS axis {axis} deg; PH criteria met: {met}").format(
        hr=f("hr_bpm"), pr=f("pr_ms"), qrs=f("qrs_ms"), qt=f("qt_ms"), qtcb=f("qtc_bazett_ms"),
        axis=f("qrs_axis_deg"), met="; ".join(met) if met else translate("ecg_measure", "none"))
    if report.get("device_measurements"):
        line += translate("ecg_measure", " (device values also in the file)")
    return line


def _main(argv: list[str] | None = None) -> int:
    """``python -m ph_assist.ecg_measure FILE...``: our values against the cart's, as a Markdown table."""
    import argparse

    from ph_assist.errors import PHAssistError
    from ph_assist.io import read_ecg

    ap = argparse.ArgumentParser(prog="python -m ph_assist.ecg_measure", description=_main.__doc__)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args(argv)
    names = {"hr_bpm": "HR", "pr_ms": "PR", "qrs_ms": "QRS", "qt_ms": "QT", "qrs_axis_deg": "QRS axis"}
    print("| file | " + " | ".join(f"{v} ours / cart" for v in names.values()) + " | all within tolerance |")
    print("|---|" + "---|" * (len(names) + 1))
    for f in args.files:
        try:
            ecg = read_ecg(f)
            ours = measure_ecg(ecg)
        except PHAssistError as exc:
            print(f"| {Path(f).name} | " + " | ".join("-" for _ in names) + f" | error: {exc.problem if hasattr(exc, 'problem') else exc} |")
            continue
        dev = device_measurements(ecg)
        cells, verdicts = [], []
        for key in names:
            a = getattr(ours, key)
            if dev is None:
                cells.append(f"{'n/a' if a is None else f'{a:.0f}'} / -")
                continue
            c = compare(ours, dev)[key]
            b = c["device"]
            mark = "" if c["pass"] is None else (" ok" if c["pass"] else " **FAIL**")
            verdicts.append(c["pass"])
            cells.append(f"{'n/a' if a is None else f'{a:.0f}'} / {'-' if b is None else f'{b:.0f}'}{mark}")
        judged = [v for v in verdicts if v is not None]
        verdict = "no cart values" if not judged else ("pass" if all(judged) else "FAIL")
        print(f"| {Path(f).name} | " + " | ".join(cells) + f" | {verdict} |")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())
