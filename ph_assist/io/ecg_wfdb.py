"""WFDB records (``.hea`` + ``.dat`` or MAT v4 ``.mat``), read with wfdb-python.

Covers PTB-XL, PhysioNet/CinC 2021 (MAT v4, lowercase ``mv`` units) and the
PTB diagnostic database (15 leads: the 12 standard ones are kept).  The
header is read and checked before any signal data is touched, so a header
that declares absurd sizes is refused without allocating memory: the sample
budget (:data:`~ph_assist.io.ecg.MAX_TOTAL_SAMPLES`), and each signal file
must be a regular file (not a FIFO, a device or a link to one) whose size
agrees with what the header declares.
"""

from __future__ import annotations

import math
import os
import re
import stat
import warnings
from pathlib import Path

from ph_assist.errors import ECGReadError, InputError
from ph_assist.i18n import translate
from ph_assist.io.detect import MAX_FILE_BYTES
from ph_assist.io.ecg import ECG, ECGMetadata, build_ecg, check_budget, check_fs, unit_to_mv
from ph_assist.io.leads import normalize_lead_name

FORMAT = "wfdb"
#: Longest record read (samples per channel): 24 h at 1 kHz.
MAX_SAMPLES = 24 * 3600 * 1000
MAX_CHANNELS = 64
#: Largest header file (bytes).
MAX_HEADER_BYTES = 1 * 2**20
#: Bytes per sample of the WFDB storage formats (signal.5 of the WFDB docs);
#: FLAC formats (508, 516, 524) are compressed and only checked for type.
BYTES_PER_SAMPLE = {"8": 1, "16": 2, "24": 3, "32": 4, "61": 2, "80": 1, "160": 2,
                    "212": 1.5, "310": 4 / 3, "311": 4 / 3}
_RECORD_NAME = re.compile(r"^[-\w]+$")


def _regular_file(path: Path, what: str) -> os.stat_result:
    """``os.stat`` of ``path`` (links followed), or an error unless it is a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ECGReadError(path, translate("errors", "WFDB: {what} not found").format(what=what)) from None
    except OSError as exc:
        raise ECGReadError(path, translate("errors", "WFDB: {what} cannot be read ({reason})").format(
            what=what, reason=exc.strerror or exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise ECGReadError(path, translate(
            "errors", "WFDB: {what} is a device, FIFO or socket, not a regular file").format(what=what))
    return st


def check_signal_files(header: Path, hdr) -> None:
    """Each signal file is a regular file whose size agrees with the header (before any read)."""
    names = list(hdr.file_name or [])
    fmts = list(hdr.fmt or [None] * len(names))
    offsets = list(getattr(hdr, "byte_offset", None) or [0] * len(names))
    per_file: dict[str, list[tuple[str | None, int]]] = {}
    for name, fmt, offset in zip(names, fmts, offsets):
        per_file.setdefault(name, []).append((None if fmt is None else str(fmt), int(offset or 0)))
    for name, channels in per_file.items():
        if Path(name).name != name or name in (".", ".."):
            raise ECGReadError(header, translate(
                "errors", "WFDB: signal file {name!r} is not a file beside the header").format(name=name))
        path = header.parent / name
        if not path.exists() and not path.is_symlink():
            raise ECGReadError(header, translate(
                "errors", "WFDB: signal file {name!r} named in the header is missing").format(name=name))
        size = _regular_file(path, translate("errors", "signal file {name!r}").format(name=name)).st_size
        if size > MAX_FILE_BYTES:
            raise ECGReadError(header, translate(
                "errors", "WFDB: signal file {name!r} is {mib:.0f} MiB; larger than any ECG PH-Assist reads").format(
                name=name, mib=size / 2**20))
        bps = [BYTES_PER_SAMPLE.get(fmt or "") for fmt, _ in channels]
        known = [b for b in bps if b is not None]
        if name.lower().endswith(".mat") or len(known) < len(bps):
            continue  # MAT v4 has its own header; FLAC is compressed
        expected = max(off for _, off in channels) + math.ceil(sum(known) * int(hdr.sig_len))
        if size < expected:
            raise ECGReadError(header, translate(
                "errors", "WFDB signal file {name!r} is truncated: {size} bytes, "
                          "the header declares {expected}").format(
                name=name, size=size, expected=expected))
        if size > 2 * expected + 2**20:
            raise ECGReadError(header, translate(
                "errors", "WFDB signal file {name!r} is {size} bytes; the header declares {expected}; "
                          "the header does not describe this file").format(
                name=name, size=size, expected=expected))


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
        raise ECGReadError(path, translate("errors", "WFDB: header file (.hea) not found beside the signal file"))
    if _regular_file(header, translate("errors", "header file")).st_size > MAX_HEADER_BYTES:
        raise ECGReadError(header, translate("errors", "WFDB: header file is larger than 1 MiB; not a WFDB header"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hdr = wfdb.rdheader(str(base))
    except Exception as exc:  # wfdb raises ValueError, IndexError, ... on bad headers
        raise ECGReadError(header, translate("errors", "WFDB header cannot be parsed ({error}: {detail})").format(
            error=type(exc).__name__, detail=exc)) from None

    n_sig = int(hdr.n_sig or 0)
    sig_len = int(hdr.sig_len or 0)
    if n_sig <= 0:
        raise ECGReadError(header, translate("errors", "WFDB header declares no signals"))
    if n_sig > MAX_CHANNELS:
        raise ECGReadError(header, translate("errors", "WFDB header declares {n} signals; not an ECG").format(n=n_sig))
    if sig_len <= 0:
        raise ECGReadError(header, translate("errors", "WFDB header declares no samples (signal length missing or 0)"))
    if sig_len > MAX_SAMPLES:
        raise ECGReadError(header, translate(
            "errors", "WFDB header declares {n} samples per signal; longer than 24 h").format(n=sig_len))
    if hdr.fs is None or not hdr.fs > 0:
        raise ECGReadError(header, translate(
            "errors", "WFDB header has an invalid sampling rate ({fs})").format(fs=hdr.fs))
    check_fs(header, hdr.fs, translate("errors", "WFDB header"))
    check_budget(header, n_sig, sig_len, translate("errors", "WFDB header"))
    check_signal_files(header, hdr)

    wanted = [i for i, name in enumerate(hdr.sig_name or []) if normalize_lead_name(name)]
    if not wanted:
        shown = ", ".join(map(str, hdr.sig_name or []))
        raise ECGReadError(header, translate(
            "errors", "WFDB record holds no standard ECG lead (signals: {signals})").format(signals=shown))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rec = wfdb.rdrecord(str(base), channels=wanted, physical=True, return_res=32)
    except Exception as exc:
        raise ECGReadError(header, translate("errors", "WFDB signal data cannot be read ({error}: {detail})").format(
            error=type(exc).__name__, detail=exc)) from None
    if rec.p_signal is None or rec.p_signal.ndim != 2:
        raise ECGReadError(header, translate("errors", "WFDB record holds no signal data"))
    if rec.p_signal.shape[0] < sig_len:
        raise ECGReadError(header, translate("errors", "WFDB signal file is truncated: {n} of {total} samples").format(
            n=rec.p_signal.shape[0], total=sig_len))

    channels = []
    for j, (name, unit) in enumerate(zip(rec.sig_name, rec.units or [None] * len(rec.sig_name))):
        factor = unit_to_mv(unit or "mV")
        if factor is None:
            raise ECGReadError(header, translate(
                "errors", "WFDB: lead {lead} has unit {unit!r}; expected mV, uV or V").format(lead=name, unit=unit))
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
    if not _RECORD_NAME.match(base.name):
        raise InputError(out, translate("errors", "a WFDB record name may hold only letters, digits, '-' and '_' "
                                        "(no dot or space); choose another output name"))
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
