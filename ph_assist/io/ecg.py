"""The :class:`ECG` object every ECG reader returns, and :func:`build_ecg`.

A reader's only job is to get lead names, samples in millivolts, the sampling
rate and a little metadata out of its file format.  It hands them to
:func:`build_ecg`, which normalises lead names, derives limb leads where the
format stores only 8, checks the record really is a 12-lead ECG, computes the
per-lead quality flags and returns the validated, immutable :class:`ECG`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

import numpy as np

from ph_assist.errors import ECGReadError, IncompleteECGError
from ph_assist.i18n import translate
from ph_assist.io.identity import PatientKey
from ph_assist.io.leads import STANDARD_LEADS, derive_limb_leads, normalize_lead_name

#: Amplitude beyond which a sample is not physiological (mV).
MAX_PLAUSIBLE_MV = 15.0
#: A lead whose peak-to-peak amplitude stays under this is flat (mV).
FLAT_PEAK_TO_PEAK_MV = 0.02
#: A plateau at the lead's extreme value longer than this is clipping (s); so
#: are three or more plateaus of at least :data:`CLIPPED_BEAT_RUN_S` (the R
#: waves of clipped beats).  A few samples at the same extreme (a QRS nadir
#: of 8 ms quantised to one value) are an ordinary plateau, not clipping.
SATURATION_RUN_S = 0.04
CLIPPED_BEAT_RUN_S = 0.016
MIN_FS, MAX_FS = 50.0, 20000.0
MIN_DURATION_S, MAX_DURATION_S = 2.0, 24 * 3600.0
#: Budget of one record, in samples over all channels a reader decodes
#: (2**25: 12 leads x 46 min at 1 kHz; a resting ECG is 12 x 5,000).  Readers
#: check it from the header, before allocating or decompressing anything.
MAX_TOTAL_SAMPLES = 2**25
#: Budget of one record's decompressed bytes (deflated DICOM, compressed XML).
MAX_DECODED_BYTES = 128 * 2**20


def check_budget(path: str | os.PathLike, n_channels: int, n_samples: int, what: str = "") -> None:
    """Raise :class:`ECGReadError` when ``n_channels x n_samples`` exceeds :data:`MAX_TOTAL_SAMPLES`."""
    total = int(n_channels) * int(n_samples)
    if total > MAX_TOTAL_SAMPLES:
        raise ECGReadError(
            path, translate("errors", "{prefix}{channels} channels x {samples} samples = {total:,} samples; "
                                      "more than the {limit:,} PH-Assist reads per record").format(
                prefix=f"{what}: " if what else "", channels=n_channels, samples=n_samples, total=total,
                limit=MAX_TOTAL_SAMPLES))


def check_fs(path: str | os.PathLike, fs: object, what: str = "") -> float:
    """The sampling rate as a float in ``MIN_FS..MAX_FS``, or :class:`ECGReadError`."""
    prefix = f"{what}: " if what else ""
    try:
        value = float(fs)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ECGReadError(path, translate("errors", "{prefix}sampling rate {fs!r} is not a number").format(
            prefix=prefix, fs=fs)) from None
    if not np.isfinite(value) or not (MIN_FS <= value <= MAX_FS):
        raise ECGReadError(path, translate("errors", "{prefix}sampling rate {fs:g} Hz is outside {low:g}-{high:g} Hz")
                           .format(prefix=prefix, fs=value, low=MIN_FS, high=MAX_FS))
    return value

_UNIT_TO_MV = {
    "mv": 1.0, "millivolt": 1.0, "millivolts": 1.0,
    "uv": 1e-3, "µv": 1e-3, "μv": 1e-3, "microvolt": 1e-3, "microvolts": 1e-3,
    "nv": 1e-6, "v": 1e3, "volt": 1e3, "volts": 1e3,
}


def unit_to_mv(unit: object) -> float | None:
    """Factor that turns a value in ``unit`` into millivolts, or ``None`` if unknown."""
    if unit is None:
        return None
    return _UNIT_TO_MV.get(str(unit).strip().lower().replace(" ", ""))


@dataclasses.dataclass(frozen=True)
class LeadQuality:
    """Quality flags of one lead.  ``ok`` is true when none is raised."""

    lead: str
    missing: bool = False
    flat: bool = False
    saturated: bool = False
    nan_fraction: float = 0.0
    out_of_range: bool = False
    derived: bool = False

    @property
    def ok(self) -> bool:
        return not (self.missing or self.flat or self.saturated or self.out_of_range
                    or self.nan_fraction > 0.0)

    @property
    def flags(self) -> list[str]:
        """Names of the raised flags (``derived`` is information, not a problem)."""
        out = [name for name in ("missing", "flat", "saturated", "out_of_range")
               if getattr(self, name)]
        if self.nan_fraction > 0.0 and not self.missing:
            out.append(f"nan_segments({self.nan_fraction:.1%})")
        return out


@dataclasses.dataclass(frozen=True)
class ECGMetadata:
    """Non-identifying metadata.  Patient names and IDs are never stored."""

    age_years: float | None = None
    sex: str | None = None  # "M", "F" or None
    acquired: dt.datetime | None = None
    device: str | None = None
    statements: tuple[str, ...] = ()  # machine or cardiologist interpretation text
    #: Keyed hash of the patient ID and birth date (:mod:`ph_assist.io.identity`); only compared,
    #: never exported (not in :meth:`to_dict`).
    patient_key: PatientKey | None = dataclasses.field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "age_years": self.age_years,
            "sex": self.sex,
            "acquired": self.acquired.isoformat() if self.acquired else None,
            "device": self.device,
            "statements": list(self.statements),
        }


@dataclasses.dataclass(frozen=True, eq=False)
class ECG:
    """A 12-lead ECG: leads I, II, III, aVR, aVL, aVF, V1-V6 in mV.

    ``signal`` has shape ``(12, n_samples)``, dtype float32, NaN where a lead
    or a segment is missing.  It is read-only.
    """

    signal: np.ndarray
    fs: float
    source_format: str
    source_path: str
    quality: tuple[LeadQuality, ...]
    metadata: ECGMetadata = dataclasses.field(default_factory=ECGMetadata)
    source_leads: tuple[str, ...] = ()  # channel names as the file wrote them

    leads = STANDARD_LEADS

    @property
    def n_samples(self) -> int:
        return int(self.signal.shape[1])

    @property
    def duration_s(self) -> float:
        return self.n_samples / self.fs

    @property
    def usable_leads(self) -> tuple[str, ...]:
        return tuple(q.lead for q in self.quality if not (q.missing or q.flat))

    @property
    def is_complete(self) -> bool:
        return not any(q.missing for q in self.quality)

    def lead(self, name: str) -> np.ndarray:
        """The samples of one lead (any spelling :func:`normalize_lead_name` knows)."""
        std = normalize_lead_name(name)
        if std is None:
            raise KeyError(f"not a standard ECG lead: {name!r}")
        return self.signal[STANDARD_LEADS.index(std)]

    def summary(self) -> dict[str, Any]:
        """A JSON-ready description (what ``ph-assist inspect`` prints)."""
        return {
            "kind": "ECG",
            "format": self.source_format,
            "path": self.source_path,
            "leads": list(self.leads),
            "source_leads": list(self.source_leads),
            "sampling_rate_hz": self.fs,
            "n_samples": self.n_samples,
            "duration_s": round(self.duration_s, 3),
            "quality": {q.lead: q.flags for q in self.quality},
            "derived_leads": [q.lead for q in self.quality if q.derived],
            "metadata": self.metadata.to_dict(),
        }


def _runs(mask: np.ndarray) -> np.ndarray:
    """Lengths of the runs of True in a boolean array."""
    if not mask.any():
        return np.zeros(0, dtype=np.int64)
    padded = np.concatenate(([0], mask.view(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return edges[1::2] - edges[0::2]


def _clipped(runs: np.ndarray, fs: float) -> bool:
    """Plateaus at the extreme value: one long one, or several short ones (clipped beats)."""
    if runs.size == 0:
        return False
    long_run = max(3, int(round(SATURATION_RUN_S * fs)))
    short_run = max(5, int(round(CLIPPED_BEAT_RUN_S * fs)))
    return bool(runs.max() >= long_run or (runs >= short_run).sum() >= 3)


def lead_quality(name: str, x: np.ndarray, fs: float, *, derived: bool = False) -> LeadQuality:
    """Flags for one lead's samples (mV)."""
    nan = ~np.isfinite(x)
    if nan.all():
        return LeadQuality(name, missing=True, nan_fraction=1.0, derived=derived)
    valid = x[~nan]
    lo, hi = float(valid.min()), float(valid.max())
    flat = (hi - lo) < FLAT_PEAK_TO_PEAK_MV
    saturated = False
    if not flat:
        xs = np.where(nan, np.nan, x)
        saturated = _clipped(_runs(xs == hi), fs) or _clipped(_runs(xs == lo), fs)
    out_of_range = max(abs(lo), abs(hi)) > MAX_PLAUSIBLE_MV
    return LeadQuality(
        name,
        flat=flat,
        saturated=saturated,
        nan_fraction=float(nan.mean()),
        out_of_range=out_of_range,
        derived=derived,
    )


def build_ecg(
    channels: Mapping[str, Any] | list[tuple[str, Any]],
    fs: float,
    *,
    source_format: str,
    source_path: str | os.PathLike,
    metadata: ECGMetadata | None = None,
    allow_incomplete: bool = False,
) -> ECG:
    """Validate reader output and return an :class:`ECG`.

    ``channels`` maps the file's channel names to samples **in mV**.  Channels
    that are not standard leads (Frank leads, respiration ...) are dropped;
    the first of duplicate leads wins.  Missing III/aVR/aVL/aVF are derived
    from I and II.  Raises :class:`IncompleteECGError` when fewer than the 12
    standard leads remain, unless ``allow_incomplete`` (then they are NaN and
    flagged ``missing``), and :class:`ECGReadError` for anything that cannot
    be an ECG (no standard lead at all, absurd sampling rate or length).
    """
    path = os.fspath(source_path)
    items = list(channels.items()) if isinstance(channels, Mapping) else list(channels)
    fs = check_fs(path, fs)

    source_names = tuple(str(name).strip() for name, _ in items)
    leads: dict[str, np.ndarray] = {}
    for name, samples in items:
        std = normalize_lead_name(name)
        if std is None or std in leads:
            continue
        try:
            arr = np.asarray(samples, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise ECGReadError(path, translate("errors", "lead {name!r} holds non-numeric samples").format(
                name=name)) from None
        leads[std] = arr
    if not leads:
        shown = ", ".join(source_names[:8]) or translate("errors", "none")
        raise ECGReadError(path, translate("errors", "no standard ECG lead found (channels: {channels})").format(
            channels=shown))

    n = max(len(a) for a in leads.values())
    check_budget(path, len(STANDARD_LEADS), n)
    if n == 0:
        raise ECGReadError(path, translate("errors", "the record holds no samples"))
    duration = n / fs
    if duration < MIN_DURATION_S:
        raise ECGReadError(path, translate(
            "errors", "record is {duration:.2f} s long; at least {minimum:g} s are needed").format(
            duration=duration, minimum=MIN_DURATION_S))
    if duration > MAX_DURATION_S:
        raise ECGReadError(path, translate("errors", "record is {hours:.1f} h long; that is not a resting ECG").format(
            hours=duration / 3600))
    for name, arr in list(leads.items()):
        if len(arr) < n:  # shorter lead: pad with NaN so the gap is flagged, not hidden
            leads[name] = np.concatenate([arr, np.full(n - len(arr), np.nan)])

    derived = derive_limb_leads(leads)
    missing = [name for name in STANDARD_LEADS if name not in leads]
    if missing and not allow_incomplete:
        present = [name for name in STANDARD_LEADS if name in leads]
        raise IncompleteECGError(
            path,
            translate("errors", "not a 12-lead ECG: {n} of 12 standard leads ({present}); missing {missing}").format(
                n=len(present), present=", ".join(present), missing=", ".join(missing)),
        )

    signal = np.full((len(STANDARD_LEADS), n), np.nan, dtype=np.float32)
    quality = []
    for i, name in enumerate(STANDARD_LEADS):
        if name in leads:
            signal[i] = leads[name]
        quality.append(lead_quality(name, signal[i], fs, derived=name in derived))
    if all(q.missing or q.flat for q in quality):
        raise ECGReadError(path, translate("errors", "every lead is empty or flat; the record holds no ECG signal"))
    signal.setflags(write=False)
    return ECG(
        signal=signal,
        fs=fs,
        source_format=source_format,
        source_path=path,
        quality=tuple(quality),
        metadata=metadata or ECGMetadata(),
        source_leads=source_names,
    )
