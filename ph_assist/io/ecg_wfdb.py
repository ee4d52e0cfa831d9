"""WFDB records (``.hea`` + ``.dat`` or MAT v4 ``.mat``), read with wfdb-python.

Covers PTB-XL, PhysioNet/CinC 2021 (MAT v4, lowercase ``mv`` units) and the
PTB diagnostic database (15 leads: the 12 standard ones are kept).  The
header is read and checked before any signal data is touched, so a header
that declares absurd sizes is refused without allocating memory.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

from ph_assist.errors import ECGReadError
from ph_assist.io.ecg import ECG, ECGMetadata, build_ecg, unit_to_mv
from ph_assist.io.leads import normalize_lead_name

FORMAT = "wfdb"
#: Longest record read (samples per channel): 24 h at 1 kHz.
MAX_SAMPLES = 24 * 3600 * 1000
MAX_CHANNELS = 64


def record_base(path: str | os.PathLike) -> Path:
    """The record name (path without extension) for any of its files."""
    p = Path(path)
    return p.with_suffix("") if p.suffix.lower() in (".hea", ".dat", ".mat") else p


def _metadata(comments: list[str]) -> ECGMetadata:
    age = sex = None
    for line in comments or []:
        m = re.match(r"\s*age\s*:\s*([0-9.]+)", line, re.IGNORECASE)
        if m:
            try:
                age = float(m.group(1))
            except ValueError:
                pass
            continue
        m = re.match(r"\s*sex\s*:\s*([a-z]+)", line, re.IGNORECASE)
        if m:
            word = m.group(1).lower()
            sex = "M" if word in ("m", "male") else "F" if word in ("f", "female") else None
    if age is not None and not (0 <= age <= 130):
        age = None
    return ECGMetadata(age_years=age, sex=sex)


def read_wfdb(path: str | os.PathLike, *, allow_incomplete: bool = False) -> ECG:
    """Read a WFDB record given its ``.hea``, its signal file or its base name."""
    import wfdb

    base = record_base(path)
    header = base.with_suffix(".hea")
    if not header.exists():
        raise ECGReadError(path, "WFDB: header file (.hea) not found beside the signal file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hdr = wfdb.rdheader(str(base))
    except Exception as exc:  # wfdb raises ValueError, IndexError, ... on bad headers
        raise ECGReadError(header, f"WFDB header cannot be parsed ({type(exc).__name__}: {exc})") from None

    n_sig = int(hdr.n_sig or 0)
    sig_len = int(hdr.sig_len or 0)
    if n_sig <= 0:
        raise ECGReadError(header, "WFDB header declares no signals")
    if n_sig > MAX_CHANNELS:
        raise ECGReadError(header, f"WFDB header declares {n_sig} signals; not an ECG")
    if sig_len <= 0:
        raise ECGReadError(header, "WFDB header declares no samples (signal length missing or 0)")
    if sig_len > MAX_SAMPLES:
        raise ECGReadError(header, f"WFDB header declares {sig_len} samples per signal; longer than 24 h")
    for name in set(hdr.file_name or []):
        if not (header.parent / name).exists():
            raise ECGReadError(header, f"WFDB: signal file {name!r} named in the header is missing")
    if hdr.fs is None or not hdr.fs > 0:
        raise ECGReadError(header, f"WFDB header has an invalid sampling rate ({hdr.fs})")

    wanted = [i for i, name in enumerate(hdr.sig_name or []) if normalize_lead_name(name)]
    if not wanted:
        shown = ", ".join(map(str, hdr.sig_name or []))
        raise ECGReadError(header, f"WFDB record holds no standard ECG lead (signals: {shown})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rec = wfdb.rdrecord(str(base), channels=wanted, physical=True, return_res=32)
    except Exception as exc:
        raise ECGReadError(header, f"WFDB signal data cannot be read ({type(exc).__name__}: {exc})") from None
    if rec.p_signal is None or rec.p_signal.ndim != 2:
        raise ECGReadError(header, "WFDB record holds no signal data")
    if rec.p_signal.shape[0] < sig_len:
        raise ECGReadError(header, f"WFDB signal file is truncated: {rec.p_signal.shape[0]} of {sig_len} samples")

    channels = []
    for j, (name, unit) in enumerate(zip(rec.sig_name, rec.units or [None] * len(rec.sig_name))):
        factor = unit_to_mv(unit or "mV")
        if factor is None:
            raise ECGReadError(header, f"WFDB: lead {name} has unit {unit!r}; expected mV, uV or V")
        channels.append((name, rec.p_signal[:, j] * factor))
    return build_ecg(
        channels,
        rec.fs,
        source_format=FORMAT,
        source_path=header,
        metadata=_metadata(list(hdr.comments or [])),
        allow_incomplete=allow_incomplete,
    )


def write_wfdb(ecg: ECG, out: str | os.PathLike) -> Path:
    """Write an ECG as a WFDB record (16-bit, 1 µV resolution); returns the ``.hea`` path."""
    import numpy as np
    import wfdb

    base = record_base(out)
    base.parent.mkdir(parents=True, exist_ok=True)
    signal = np.asarray(ecg.signal, dtype=np.float64).T.copy()
    # 16-bit format at 1000 adu/mV covers +-32 mV; NaN becomes the WFDB invalid sample.
    wfdb.wrsamp(
        record_name=base.name,
        fs=ecg.fs,
        units=["mV"] * signal.shape[1],
        sig_name=list(ecg.leads),
        p_signal=signal,
        fmt=["16"] * signal.shape[1],
        adc_gain=[1000.0] * signal.shape[1],
        baseline=[0] * signal.shape[1],
        write_dir=str(base.parent),
    )
    return base.with_suffix(".hea")
