"""Synthetic 12-lead ECGs for tests that must run in a fresh clone."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ph_assist.io.leads import STANDARD_LEADS

# Per-lead amplitude (mV) of P, Q, R, S, T for the precordial leads; limb leads
# are built from I and II with Einthoven's and Goldberger's relations.
_PRECORDIAL = {
    "V1": (0.08, 0.0, 0.3, -1.0, -0.1), "V2": (0.08, 0.0, 0.6, -1.2, 0.3),
    "V3": (0.08, -0.05, 0.9, -0.8, 0.4), "V4": (0.08, -0.08, 1.3, -0.4, 0.4),
    "V5": (0.08, -0.1, 1.2, -0.2, 0.3), "V6": (0.08, -0.1, 0.9, -0.1, 0.25),
}
_LIMB = {"I": (0.08, -0.05, 0.7, -0.1, 0.2), "II": (0.15, -0.05, 1.1, -0.2, 0.3)}
_TIMES = (-0.18, -0.03, 0.0, 0.03, 0.25)  # s relative to the R peak
_WIDTHS = (0.025, 0.008, 0.01, 0.01, 0.05)


def _beat_train(amps, t, r_times):
    x = np.zeros_like(t)
    for r in r_times:
        for a, dt, w in zip(amps, _TIMES, _WIDTHS):
            x += a * np.exp(-0.5 * ((t - r - dt) / w) ** 2)
    return x


def synthetic_leads(fs: float = 500.0, seconds: float = 10.0, seed: int = 0, hr: float = 70.0) -> dict[str, np.ndarray]:
    """A plausible 12-lead ECG (mV) with a little noise; deterministic for a seed."""
    rng = np.random.default_rng(seed)
    n = int(round(fs * seconds))
    t = np.arange(n) / fs
    rr = 60.0 / hr
    r_times = np.arange(0.4, seconds, rr) + rng.normal(0, 0.01, size=len(np.arange(0.4, seconds, rr)))
    leads = {name: _beat_train(a, t, r_times) for name, a in {**_LIMB, **_PRECORDIAL}.items()}
    for name in leads:
        leads[name] = leads[name] + rng.normal(0, 0.01, n)
    i, ii = leads["I"], leads["II"]
    leads["III"] = ii - i
    leads["aVR"] = -(i + ii) / 2
    leads["aVL"] = i - ii / 2
    leads["aVF"] = ii - i / 2
    return {name: leads[name].astype(np.float32) for name in STANDARD_LEADS}


def write_wfdb_record(folder: Path, name: str = "rec", fs: float = 500.0, seconds: float = 10.0,
                      seed: int = 0, units: str = "mV", leads: dict | None = None) -> Path:
    """Write a synthetic record with wfdb-python; returns the .hea path."""
    import wfdb

    leads = leads or synthetic_leads(fs, seconds, seed)
    names = list(leads)
    sig = np.stack([leads[k] for k in names], axis=1).astype(np.float64)
    scale = {"mV": 1.0, "uV": 1000.0}[units]
    wfdb.wrsamp(name, fs=fs, units=[units] * len(names), sig_name=names, p_signal=sig * scale,
                fmt=["16"] * len(names), adc_gain=[1000.0 / scale] * len(names),
                baseline=[0] * len(names), write_dir=str(folder))
    return folder / f"{name}.hea"


def write_mat_v4_record(folder: Path, name: str = "JS0001", fs: float = 500.0, seed: int = 0) -> Path:
    """A PhysioNet/CinC-2021-style record: MAT v4 signal file, lowercase 'mv' units."""
    leads = synthetic_leads(fs, 10.0, seed)
    gain = 1000.0
    adc = np.stack([np.round(leads[k] * gain) for k in STANDARD_LEADS]).astype("<i2")  # (12, n)
    n = adc.shape[1]
    # MAT v4 header: type (0 = little-endian double? we use int16 = 30), rows, cols, imag, namelen
    header = np.array([30, 12, n, 0, 4], dtype="<i4").tobytes() + b"val\x00"
    (folder / f"{name}.mat").write_bytes(header + adc.T.reshape(-1).tobytes())  # column-major (12 x n)
    lines = [f"{name} 12 {fs:g} {n}"]
    for k, lead in enumerate(STANDARD_LEADS):
        lines.append(f"{name}.mat 16x1+24 {gain:g}(0)/mv 16 0 {int(adc[k, 0])} 0 0 {lead}")
    lines += ["# Age: 63", "# Sex: Male", "# Dx: 164934002"]
    (folder / f"{name}.hea").write_text("\n".join(lines) + "\n")
    return folder / f"{name}.hea"
