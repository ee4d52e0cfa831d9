"""Synthetic 12-lead ECGs from a dipole (vectorcardiographic) heart model.

The heart is a single time-varying current dipole ``H(t) = (X, Y, Z)`` in
Frank's axes (X to the patient's left, Y to the feet, Z to the back).  Each
beat is a sum of Gaussian-shaped components, each pointing in an anatomical
direction:

* P loop: right-atrial (earlier, inferior-anterior) and left-atrial (later,
  leftward-posterior) depolarisation;
* QRS loop: septal (rightward-anterior, small), left-ventricular free wall
  (the main vector, along the frontal axis, posterior), right-ventricular free
  wall (rightward-anterior; grows with right-ventricular pressure load),
  basal/terminal (rightward-superior-posterior) and, with right bundle branch
  block, a late slow rightward-anterior component;
* T loop: one asymmetric component whose direction rotates posteriorly (and
  away from the left) with right-ventricular strain.

The dipole is projected onto the leads with a fixed lead field: the frontal
hexaxial projection for the limb electrodes and Dower's inverse-transform rows
for V1-V6.  Noise is added at the *electrodes* (RA, LA, LL, V1-V6) and the
leads are formed from electrode potentials, so Einthoven's and Goldberger's
relations hold exactly (III = II - I, aVR = -(I + II)/2, ...), noise
included, as on a real cart.

Noise: respiration-driven baseline wander and slow electrode drift, mains
interference (50 or 60 Hz by site, different amplitude per electrode so it
does not cancel), band-limited EMG and amplifier noise; beats vary with
respiratory sinus arrhythmia and random RR jitter, and in amplitude and axis
with respiration.

Atrial fibrillation (driver ``ecg_af``, generator v2; 0 when absent): no P
waves, irregularly irregular RR intervals (independent log-normal, CV about
20 %) and a fibrillatory baseline (f waves, 4-9 Hz with wandering frequency
and amplitude, largest in V1 and the inferior leads); the ventricular
complexes are unchanged.

Only the ``ecg_*`` drivers of :mod:`ph_assist.synth.latent` enter here, so
the ECG carries no information about PH beyond them.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ph_assist.io.leads import STANDARD_LEADS
from ph_assist.synth.sites import SiteProfile

FS = 500.0
DURATION_S = 10.0

#: Dower's inverse transform rows (X, Y, Z) for V1-V6 (Dower et al., J Electrocardiol 1988).
DOWER_PRECORDIAL = np.array([
    [-0.515, 0.157, -0.917],
    [0.044, 0.164, -1.387],
    [0.882, 0.098, -1.277],
    [1.213, 0.127, -0.601],
    [1.125, 0.127, -0.086],
    [0.831, 0.076, 0.230],
])
#: Gain of the frontal (hexaxial) projection for the limb electrodes.
LIMB_GAIN = 0.95
ELECTRODES = ("RA", "LA", "LL", "V1", "V2", "V3", "V4", "V5", "V6")


def _unit(v: tuple[float, float, float] | np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    return v / np.linalg.norm(v)


def limb_from_dipole(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Leads I and II from dipole samples ``(3, n)`` (hexaxial frontal projection)."""
    lead_i = LIMB_GAIN * h[0]
    lead_ii = LIMB_GAIN * (0.5 * h[0] + np.sqrt(3.0) / 2.0 * h[1])
    return lead_i, lead_ii


@functools.lru_cache(maxsize=4)
def _emg_sos(fs: float) -> np.ndarray:
    from scipy.signal import butter

    return butter(2, [20.0, min(150.0, 0.45 * fs)], btype="bandpass", fs=fs, output="sos")


def _components(d: Mapping[str, Any], rr: float) -> tuple[list[tuple[float, float, np.ndarray]], dict[str, float]]:
    """Beat template: (time offset from R, sigma, dipole vector in mV) per component,
    and the window edges (offsets) of P, QRS and T."""
    volt = float(d["ecg_volt"])
    lvh = float(d["ecg_lvh"])
    rbbb = bool(int(d["ecg_rbbb"]))
    qrs_ms = float(d["ecg_qrs_ms"])
    theta = np.radians(float(d["ecg_axis_deg"]))
    rv = float(d["ecg_rv_mv"])
    # Width of the ventricular components: RBBB widens the QRS by its own late component.
    q = np.clip((qrs_ms - (40.0 if rbbb else 0.0)) / 90.0, 0.75, 1.5)

    comps: list[tuple[float, float, np.ndarray]] = []
    af = bool(int(d.get("ecg_af", 0)))
    # --- P loop (calibrated below so that the P peak in lead II equals ecg_p_mv).
    pr = 0.125 + 0.04 * rr  # PR shortens a little as the rate rises
    p_mv = float(d["ecg_p_mv"])
    tall = np.clip((p_mv - 0.12) / 0.15, 0.0, 1.0)  # P pulmonale: taller and more vertical
    phi = np.radians(55.0 + 20.0 * tall)
    ra_dir = _unit((np.cos(phi), np.sin(phi), -0.25))
    la_dir = _unit((0.85, 0.30, 0.45))
    p_center = -pr
    ra = (p_center - 0.018, 0.019, ra_dir)
    la = (p_center + 0.022, 0.021, la_dir * 0.055)
    # Solve the RA amplitude for the lead II peak of the P wave.
    t = np.linspace(-0.08, 0.08, 161) + p_center
    ii_dir = LIMB_GAIN * np.array([0.5, np.sqrt(3.0) / 2.0, 0.0])
    g_ra = np.exp(-0.5 * ((t - ra[0]) / ra[1]) ** 2) * float(ii_dir @ ra_dir)
    g_la = np.exp(-0.5 * ((t - la[0]) / la[1]) ** 2) * float(ii_dir @ la[2])
    lo, hi = 0.0, 1.0
    for _ in range(30):  # bisection: peak(II) is monotone in the RA amplitude
        mid = 0.5 * (lo + hi)
        if (mid * g_ra + g_la).max() < p_mv:
            lo = mid
        else:
            hi = mid
    if not af:  # atrial fibrillation: no organised atrial depolarisation, no P wave
        comps.append((ra[0], ra[1], ra_dir * lo))
        comps.append(la)

    # --- QRS loop.
    a_lv = 1.7 * volt
    lv_dir = _unit((0.80 * np.cos(theta), 0.80 * np.sin(theta), 0.62 - 0.15 * lvh))
    comps.append((-0.024 * q, 0.008 * q, _unit((-0.35, 0.25, -0.90)) * 0.22 * volt))  # septal
    comps.append((0.0, 0.0125 * q, lv_dir * a_lv))  # LV free wall
    comps.append((0.010 * q, 0.014 * q, _unit((-0.45, 0.35, -0.82)) * 1.3 * rv * np.sqrt(volt)))  # RV free wall
    comps.append((0.026 * q, 0.009 * q, _unit((-0.35, -0.50, 0.79)) * 0.30 * volt))  # basal/terminal
    qrs_on, qrs_off = -0.024 * q - 2.5 * 0.008 * q, 0.026 * q + 2.5 * 0.009 * q
    if rbbb:
        late = 0.040 + 0.5 * max(qrs_ms - 120.0, 0.0) / 1000.0
        comps.append((late, 0.016, _unit((-0.62, 0.05, -0.78)) * 0.55 * np.sqrt(volt)))
        qrs_off = max(qrs_off, late + 2.2 * 0.016)

    # --- T loop: rotates posteriorly (inverted T in V1-V3) with RV strain, away from
    # the left with LV strain; secondary changes with RBBB.
    t_post = float(d["ecg_t_post"]) + (0.30 if rbbb else 0.0)
    tz = 0.9 * t_post - 0.12
    tx = 0.62 - 0.35 * max(t_post + 0.25, 0.0) - 1.1 * max(lvh - 0.35, 0.0)
    t_dir = _unit((tx, 0.50, tz))
    t_amp = 0.36 * np.sqrt(volt) * (1.0 + 0.3 * lvh)
    t_peak = 0.29 * np.sqrt(rr)  # QT shortens with heart rate (Bazett-like)
    comps.append((t_peak - 0.018, 0.048, t_dir * t_amp * 0.85))  # ascending limb (slow)
    comps.append((t_peak + 0.012, 0.030, t_dir * t_amp * 0.55))  # descending limb (faster)
    windows = {
        "p_on": ra[0] - 2.2 * ra[1], "p_off": (ra[0] - 2.2 * ra[1]) if af else la[0] + 2.2 * la[1],
        "qrs_on": qrs_on, "qrs_off": qrs_off,
        "t_on": t_peak - 0.018 - 1.9 * 0.048, "t_off": t_peak + 0.012 + 2.2 * 0.030,
    }
    return comps, windows


def _fibrillatory_dipole(t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """f waves of atrial fibrillation as a dipole ``(3, n)``: 4-9 Hz, wandering in frequency,
    amplitude and direction; about 0.05-0.15 mV, largest in V1 and the inferior leads."""
    n = t.size
    f0 = rng.uniform(5.0, 7.5)
    amp = rng.uniform(0.05, 0.12)
    out = np.zeros((3, n))
    for k, base_dir in enumerate(((0.2, 0.8, -0.55), (-0.3, 0.6, -0.75))):
        fm = f0 * (1.0 + 0.12 * np.sin(2 * np.pi * rng.uniform(0.1, 0.4) * t + rng.uniform(0, 2 * np.pi)))
        phase = 2 * np.pi * np.cumsum(fm) * (t[1] - t[0]) + rng.uniform(0, 2 * np.pi)
        env = 1.0 + 0.35 * np.sin(2 * np.pi * rng.uniform(0.2, 0.7) * t + rng.uniform(0, 2 * np.pi))
        out += np.outer(_unit(base_dir), amp * (0.7 if k else 1.0) * env * np.sin(phase))
    return out


def render_ecg(
    drivers: Mapping[str, Any],
    site: SiteProfile,
    rng: np.random.Generator,
    *,
    noise_scale: float = 1.0,
    fs: float = FS,
    duration_s: float = DURATION_S,
    noise: bool = True,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """One 10-s 12-lead ECG in mV from the ``ecg_*`` drivers.

    Returns ``(leads, masks)``: ``leads`` maps the 12 standard lead names to
    float64 arrays; ``masks`` holds boolean time masks of the PH findings
    (``P_II``, ``QRS_V1``, ``T_V1``, ``T_V2``, ``T_V3``), ``findings``
    (12 x n, those masks placed in their leads), ``qrs``, ``p`` and ``t``
    (all leads) and ``r_peaks`` (sample indices).  With ``noise=False`` the
    same beats are returned without any recording noise (for measurements);
    the random stream is consumed identically.
    """
    n = int(round(fs * duration_s))
    t = np.arange(n) / fs
    hr = float(drivers["ecg_hr"])
    rr_mean = 60.0 / hr
    resp_f = rng.uniform(0.18, 0.33)
    resp_phase = rng.uniform(0, 2 * np.pi)
    rsa = rng.uniform(0.02, 0.06)
    comps, win = _components(drivers, rr_mean)

    af = bool(int(drivers.get("ecg_af", 0)))
    # Beat times: respiratory sinus arrhythmia plus jitter (in AF: irregularly irregular RR);
    # the first beat may start before 0.
    r_times = []
    tr = -rng.uniform(0.0, rr_mean)
    while tr < duration_s + 0.6:
        r_times.append(tr)
        if af:
            rr = rr_mean * np.exp(rng.normal(-0.02, 0.2))
        else:
            rr = rr_mean * (1.0 + rsa * np.sin(2 * np.pi * resp_f * tr + resp_phase)) + rng.normal(0, 0.012 * rr_mean)
        tr += max(rr, 0.3)
    r_times_s = np.asarray(r_times)
    nb = len(r_times_s)
    resp = np.sin(2 * np.pi * resp_f * r_times_s + resp_phase)
    amp = (1.0 + 0.06 * resp) * (1.0 + 0.02 * rng.standard_normal(nb))
    rot = np.radians(4.0 * resp)  # respiration swings the frontal axis a few degrees

    h = np.zeros((3, n))
    for b in range(nb):
        c, s = np.cos(rot[b]), np.sin(rot[b])
        R = np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])  # rotation in the frontal plane
        for dt, sig, vec in comps:
            center = r_times_s[b] + dt
            i0 = max(int((center - 5 * sig) * fs), 0)
            i1 = min(int((center + 5 * sig) * fs) + 2, n)
            if i1 <= i0:
                continue
            g = np.exp(-0.5 * ((t[i0:i1] - center) / sig) ** 2)
            h[:, i0:i1] += np.outer(amp[b] * (R @ vec), g)

    if af:
        h += _fibrillatory_dipole(t, rng)

    lead_i, lead_ii = limb_from_dipole(h)
    pre = DOWER_PRECORDIAL @ h
    # Electrode potentials relative to Wilson's central terminal (heart part).
    phi = np.empty((9, n))
    phi[0] = -(lead_i + lead_ii) / 3.0
    phi[1] = phi[0] + lead_i
    phi[2] = phi[0] + lead_ii
    phi[3:] = pre
    ns = noise_scale
    # Draw the noise in every case so that noise=False consumes the same stream.
    wander_amp = site.ecg_wander_mv * rng.uniform(0.3, 1.2, 9)
    wander_phase = rng.uniform(0, 2 * np.pi, 9)
    drift = np.cumsum(rng.standard_normal((9, n // 50 + 2)), axis=1)
    emg_white = rng.standard_normal((9, n))
    pl_amp = site.ecg_powerline_mv * rng.uniform(0.2, 1.0, 9)
    pl_phase = rng.uniform(0, 2 * np.pi, 9)
    white = rng.standard_normal((9, n))
    emg_gain = rng.uniform(0.5, 1.5) * site.ecg_noise
    if noise:
        from scipy.signal import sosfilt

        coarse = np.arange(drift.shape[1]) * 50
        drift = drift - drift.mean(axis=1, keepdims=True)
        slow = np.stack([np.interp(np.arange(n), coarse, row) for row in drift])
        slow *= 0.012  # about 0.1 mV over 10 s
        wander = wander_amp[:, None] * np.sin(2 * np.pi * resp_f * t[None, :] + wander_phase[:, None])
        emg = sosfilt(_emg_sos(fs), emg_white, axis=1) * 0.012 * emg_gain
        emg[:3] *= 1.5  # limb electrodes pick up more muscle noise
        mains = pl_amp[:, None] * np.sin(2 * np.pi * site.mains_hz * t[None, :] + pl_phase[:, None])
        phi = phi + ns * (wander + slow * site.ecg_wander_mv / 0.1 + emg + mains + 0.004 * white)

    ra_, la_, ll_ = phi[0], phi[1], phi[2]
    wct = (ra_ + la_ + ll_) / 3.0
    leads = {
        "I": la_ - ra_,
        "II": ll_ - ra_,
        "III": ll_ - la_,
        "aVR": ra_ - (la_ + ll_) / 2.0,
        "aVL": la_ - (ra_ + ll_) / 2.0,
        "aVF": ll_ - (ra_ + la_) / 2.0,
    }
    for k, name in enumerate(("V1", "V2", "V3", "V4", "V5", "V6")):
        leads[name] = phi[3 + k] - wct

    def window_mask(on: str, off: str) -> np.ndarray:
        m = np.zeros(n, dtype=bool)
        if win[off] <= win[on]:  # no such wave (P in atrial fibrillation)
            return m
        for r in r_times_s:
            i0 = max(int(np.floor((r + win[on]) * fs)), 0)
            i1 = min(int(np.ceil((r + win[off]) * fs)) + 1, n)
            if i1 > i0:
                m[i0:i1] = True
        return m

    p_mask = window_mask("p_on", "p_off")
    qrs_mask = window_mask("qrs_on", "qrs_off")
    t_mask = window_mask("t_on", "t_off")
    findings = np.zeros((12, n), dtype=bool)
    idx = {name: i for i, name in enumerate(STANDARD_LEADS)}
    findings[idx["II"]] |= p_mask
    findings[idx["V1"]] |= qrs_mask
    for name in ("V1", "V2", "V3"):
        findings[idx[name]] |= t_mask
    peaks = np.round(r_times_s * fs).astype(np.int64)
    masks = {
        "P_II": p_mask, "QRS_V1": qrs_mask, "T_V1": t_mask, "T_V2": t_mask.copy(), "T_V3": t_mask.copy(),
        "findings": findings, "p": p_mask.copy(), "qrs": qrs_mask.copy(), "t": t_mask.copy(),
        "r_peaks": peaks[(peaks >= 0) & (peaks < n)],
    }
    return {name: leads[name] for name in STANDARD_LEADS}, masks


# --------------------------------------------------------------------------- writers


def to_ecg(leads: Mapping[str, np.ndarray], fs: float, path: str | os.PathLike, fmt: str = "synthetic"):
    """The rendered leads as a validated :class:`ph_assist.io.ECG`."""
    from ph_assist.io.ecg import build_ecg

    return build_ecg(list(leads.items()), fs, source_format=fmt, source_path=path)


def write_ecg_wfdb(leads: Mapping[str, np.ndarray], fs: float, out_base: str | os.PathLike, *,
                   fast: bool = True) -> Path:
    """Write a WFDB record (``.hea`` + ``.dat``, format 16, 1 uV per count); returns the ``.hea``.

    The leads are validated through :func:`ph_assist.io.build_ecg` first.
    ``fast=False`` writes with :func:`ph_assist.io.ecg_wfdb.write_wfdb`
    (wfdb-python); the default writes the same bytes directly, several times
    faster (wfdb-python's header code dominates the generator's run time).
    The tests check that both give identical files.
    """
    from ph_assist.io.ecg_wfdb import record_base, write_wfdb

    ecg = to_ecg(leads, fs, out_base)
    if not fast:
        return write_wfdb(ecg, out_base)
    base = record_base(out_base)
    base.parent.mkdir(parents=True, exist_ok=True)
    # As write_wfdb: float32 samples -> float64, x 1000 adu/mV, rounded half to even.
    sig = np.asarray(ecg.signal, dtype=np.float64).T * 1000.0
    if not np.isfinite(sig).all() or np.abs(sig).max() > 32767:
        return write_wfdb(ecg, out_base)  # NaN or out of range: let wfdb-python handle it
    digital = np.round(sig).astype(np.int64)
    checks = (digital.sum(axis=0) % 65536).tolist()
    dat = base.name + ".dat"
    fs_text = f"{int(ecg.fs)}" if float(ecg.fs).is_integer() else f"{ecg.fs}"
    lines = [f"{base.name} {len(ecg.leads)} {fs_text} {digital.shape[0]}"]
    for j, name in enumerate(ecg.leads):
        lines.append(f"{dat} 16 1000.0(0)/mV 16 0 {int(digital[0, j])} {int(checks[j])} 0 {name}")
    base.with_suffix(".dat").write_bytes(digital.astype("<i2").tobytes())
    header = base.with_suffix(".hea")
    header.write_text("\n".join(lines) + "\n", encoding="ascii")
    return header


# SCP-ECG lead codes (CID 3001) for the DICOM channel source sequence.
_SCPECG_CODES = {
    "I": ("5.6.3-9-1", "Lead I (Einthoven)"), "II": ("5.6.3-9-2", "Lead II"),
    "III": ("5.6.3-9-61", "Lead III"), "aVR": ("5.6.3-9-62", "Lead aVR"),
    "aVL": ("5.6.3-9-63", "Lead aVL"), "aVF": ("5.6.3-9-64", "Lead aVF"),
    "V1": ("5.6.3-9-3", "Lead V1"), "V2": ("5.6.3-9-4", "Lead V2"), "V3": ("5.6.3-9-5", "Lead V3"),
    "V4": ("5.6.3-9-6", "Lead V4"), "V5": ("5.6.3-9-7", "Lead V5"), "V6": ("5.6.3-9-8", "Lead V6"),
}
#: Resolution of the stored DICOM samples (uV per count).
DICOM_UV_PER_COUNT = 1.0


def write_ecg_dicom(
    leads: Mapping[str, np.ndarray],
    fs: float,
    path: str | os.PathLike,
    *,
    uid_seed: str,
    site: SiteProfile,
    series_description: str = "PH-Assist synthetic ECG",
) -> Path:
    """Write a DICOM 12-Lead ECG Waveform Storage file (explicit VR little endian).

    Samples are signed 16-bit at 1 uV per count; no patient name, ID or date
    is written (the data are synthetic).  UIDs are derived from ``uid_seed``
    so that the same cohort seed gives the same file.
    """
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence

    from ph_assist.synth.dicom import synthetic_dataset

    sop_class = "1.2.840.10008.5.1.4.1.1.9.1.1"  # 12-lead ECG Waveform Storage
    ds = synthetic_dataset(sop_class=sop_class, kind="ecg", uid_seed=uid_seed, modality="ECG",
                           manufacturer=site.ecg_manufacturer, site_name=site.name,
                           series_description=series_description)
    ds.ContentDate = ""
    ds.ContentTime = ""
    ds.AcquisitionDateTime = ""

    names = list(STANDARD_LEADS)
    data = np.stack([np.asarray(leads[k], dtype=np.float64) for k in names], axis=1)
    counts = np.clip(np.rint(data * 1000.0 / DICOM_UV_PER_COUNT), -32768, 32767).astype("<i2")
    group = Dataset()
    group.MultiplexGroupTimeOffset = "0"
    group.WaveformOriginality = "ORIGINAL"
    group.NumberOfWaveformChannels = len(names)
    group.NumberOfWaveformSamples = int(data.shape[0])
    group.SamplingFrequency = f"{fs:g}"
    group.MultiplexGroupLabel = "RHYTHM"
    channels = []
    for k, name in enumerate(names):
        code, meaning = _SCPECG_CODES[name]
        ch = Dataset()
        ch.ChannelLabel = name
        src = Dataset()
        src.CodeValue = code
        src.CodingSchemeDesignator = "SCPECG"
        src.CodingSchemeVersion = "1.3"
        src.CodeMeaning = meaning
        ch.ChannelSourceSequence = Sequence([src])
        ch.ChannelSensitivity = f"{DICOM_UV_PER_COUNT:g}"
        unit = Dataset()
        unit.CodeValue = "uV"
        unit.CodingSchemeDesignator = "UCUM"
        unit.CodeMeaning = "microvolt"
        ch.ChannelSensitivityUnitsSequence = Sequence([unit])
        ch.ChannelSensitivityCorrectionFactor = "1"
        ch.ChannelBaseline = "0"
        ch.ChannelSampleSkew = "0"
        ch.WaveformBitsStored = 16
        ch.FilterLowFrequency = "0.05"
        ch.FilterHighFrequency = "150"
        channels.append(ch)
    group.ChannelDefinitionSequence = Sequence(channels)
    group.WaveformBitsAllocated = 16
    group.WaveformSampleInterpretation = "SS"
    group.WaveformData = counts.tobytes()
    ds.WaveformSequence = Sequence([group])
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(out, enforce_file_format=True)
    return out
