"""ECG preprocessing: an :class:`~ph_assist.io.ecg.ECG` to the model's input array.

Pipeline (every step is fixed by :class:`ECGPreprocessConfig`, which is stored
in the model bundle so training and inference use the same one):

1. **Window.**  The model sees ``duration_s`` (10 s) of signal.  A longer
   record is cropped to its *central* ``duration_s`` window (the start sample
   is ``(n - L) // 2`` with ``L = ceil(duration_s * fs)`` source samples);
   a shorter one is used whole, starting at its first sample, and zero-padded
   at the end after resampling (``n_valid`` remembers how much is real).
   ``filter_margin_s`` of extra signal on each side of the window (where the
   record has it) is filtered along with the window and then discarded, so the
   filters' edge transients fall outside the window.
2. **Missing samples.**  NaN samples (missing leads, dropped segments) are
   filled by linear interpolation along time (a lead that is entirely NaN is
   filled with zeros) so that resampling and filtering see a continuous signal;
   they are marked invalid in ``valid`` and set to 0 at the end.
3. **Resampling** to ``target_fs`` with :func:`scipy.signal.resample_poly`, the
   rational factor ``up/down = target_fs / fs`` from :class:`fractions.Fraction`
   (denominator limited to 1000: for an exotic rate such as 499.7 Hz the
   effective output rate, stored in ``PreparedECG.effective_fs``, differs from
   ``target_fs`` by well under 0.1 %).
4. **Filtering**, zero-phase (``sosfiltfilt``), at ``target_fs``: Butterworth
   high-pass at ``highpass_hz`` (baseline wander) and, if ``powerline_hz`` is
   50 or 60, an IIR notch of quality ``notch_q`` (about 30).
5. **Amplitude**: values in mV are clipped to ``±clip_mv`` and divided by
   ``scale_mv``; invalid samples and the padding are set to 0.

The returned :class:`PreparedECG` carries the mapping from model time back to
the source record (``start_s``, ``effective_fs``), so a map over model time
(a Grad-CAM) can be drawn on the original trace with :meth:`PreparedECG.to_source`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Protocol

import numpy as np
from scipy import signal as sps

from ph_assist.i18n import translate

__all__ = ["ECGPreprocessConfig", "ECGSignal", "PreparedECG", "preprocess_ecg", "preprocess_signal", "N_LEADS"]

N_LEADS = 12
_CROP_RULES = ("center",)
_PAD_RULES = ("end",)
_MAX_DENOMINATOR = 1000


@dataclasses.dataclass(frozen=True)
class ECGPreprocessConfig:
    """How an ECG becomes the model input.  JSON round-trip via :meth:`to_dict`."""

    target_fs: int = 500
    duration_s: float = 10.0
    highpass_hz: float | None = 0.5
    highpass_order: int = 2  # Butterworth order; zero-phase filtering doubles it
    powerline_hz: int | None = None  # 50, 60 or None (no notch)
    notch_q: float = 30.0
    clip_mv: float = 5.0
    scale_mv: float = 1.0
    crop: str = "center"  # longer records: central ``duration_s`` window
    pad: str = "end"  # shorter records: zeros after the signal
    filter_margin_s: float = 1.0

    def __post_init__(self) -> None:
        if int(self.target_fs) != self.target_fs or self.target_fs < 50:
            raise ValueError(translate("errors", "target_fs must be an integer >= 50 Hz, got {value!r}").format(
                value=self.target_fs))
        object.__setattr__(self, "target_fs", int(self.target_fs))
        if not (0.5 <= float(self.duration_s) <= 120.0):
            raise ValueError(translate("errors", "duration_s must be within 0.5-120 s, got {value!r}").format(
                value=self.duration_s))
        object.__setattr__(self, "duration_s", float(self.duration_s))
        nyquist = self.target_fs / 2.0
        if self.highpass_hz is not None and not (0.0 < float(self.highpass_hz) < nyquist):
            raise ValueError(translate("errors", "highpass_hz must be within 0-{nyquist:g} Hz or None, got {value!r}")
                             .format(nyquist=nyquist, value=self.highpass_hz))
        if self.powerline_hz not in (None, 50, 60):
            raise ValueError(translate("errors", "powerline_hz must be 50, 60 or None, got {value!r}").format(
                value=self.powerline_hz))
        if self.powerline_hz is not None and self.powerline_hz >= nyquist:
            raise ValueError(translate("errors", "a {notch} Hz notch needs target_fs > {minimum} Hz").format(
                notch=self.powerline_hz, minimum=2 * self.powerline_hz))
        if not (1 <= int(self.highpass_order) <= 8):
            raise ValueError(translate("errors", "highpass_order must be 1-8, got {value!r}").format(
                value=self.highpass_order))
        if not float(self.notch_q) > 0:
            raise ValueError(translate("errors", "notch_q must be positive, got {value!r}").format(value=self.notch_q))
        if not (float(self.clip_mv) > 0 and float(self.scale_mv) > 0):
            raise ValueError(translate("errors", "clip_mv and scale_mv must be positive"))
        if self.crop not in _CROP_RULES:
            raise ValueError(translate("errors", "crop must be one of {rules}, got {value!r}").format(
                rules=_CROP_RULES, value=self.crop))
        if self.pad not in _PAD_RULES:
            raise ValueError(translate("errors", "pad must be one of {rules}, got {value!r}").format(
                rules=_PAD_RULES, value=self.pad))
        if not (0.0 <= float(self.filter_margin_s) <= 10.0):
            raise ValueError(translate("errors", "filter_margin_s must be within 0-10 s, got {value!r}").format(
                value=self.filter_margin_s))

    @property
    def n_samples(self) -> int:
        """Length of the model input (``target_fs * duration_s``)."""
        return int(round(self.target_fs * self.duration_s))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe dict (goes into the bundle's ``config.json``)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ECGPreprocessConfig:
        """Inverse of :meth:`to_dict`.  Unknown keys raise ``ValueError`` (a newer
        pipeline we cannot reproduce); absent keys take their defaults."""
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "ECG preprocessing config must be a JSON object"))
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(translate("errors", "unknown ECG preprocessing setting(s): {names}").format(
                names=", ".join(unknown)))
        try:
            return cls(**dict(data))
        except TypeError as exc:
            raise ValueError(translate("errors", "invalid ECG preprocessing config: {error}").format(
                error=exc)) from None


@dataclasses.dataclass(frozen=True, eq=False)
class PreparedECG:
    """A model-ready ECG and its link to the source record.

    ``x`` is float32 ``(12, n)`` with ``n = config.n_samples``; ``valid`` is a
    bool mask of the same shape (false for padding and for samples that were
    NaN in the source).  Model sample ``k`` lies at source time
    ``start_s + k / effective_fs`` seconds.
    """

    x: np.ndarray
    valid: np.ndarray
    n_valid: int
    start_s: float
    fs: float
    effective_fs: float
    source_fs: float
    source_n_samples: int
    config: ECGPreprocessConfig
    cropped: bool
    padded: bool

    @property
    def lead_present(self) -> np.ndarray:
        """``(12,)`` bool: the lead has at least one valid sample."""
        return np.asarray(self.valid.any(axis=1))

    def model_times_s(self) -> np.ndarray:
        """Source-record time (s) of each of the ``n`` model samples."""
        return self.start_s + np.arange(self.x.shape[1]) / self.effective_fs

    def source_times_to_model(self, t_s: np.ndarray | float) -> np.ndarray:
        """Fractional model sample index of source-record time(s) ``t_s``."""
        return (np.asarray(t_s, dtype=np.float64) - self.start_s) * self.effective_fs

    def to_source(self, values: np.ndarray) -> np.ndarray:
        """Map values over model time onto the source record's samples.

        ``values`` has shape ``(..., m)`` and spans the whole model window:
        ``m == n`` (one per model sample) or any other ``m`` (e.g. a coarse
        Grad-CAM), whose points are taken as centred bins (``align_corners=False``
        convention).  Returns ``(..., source_n_samples)`` float32 by linear
        interpolation; source samples outside the valid model window are NaN.
        """
        vals = np.asarray(values, dtype=np.float64)
        if vals.ndim < 1 or vals.shape[-1] < 1:
            raise ValueError("values must have a time axis")
        n, m = self.x.shape[1], vals.shape[-1]
        centres = (np.arange(m) + 0.5) * (n / m) - 0.5  # model-sample position of each value
        k = self.source_times_to_model(np.arange(self.source_n_samples) / self.source_fs)
        inside = (k >= -0.5) & (k <= self.n_valid - 0.5)
        flat = vals.reshape(-1, m)
        out = np.full((flat.shape[0], self.source_n_samples), np.nan)
        for i, row in enumerate(flat):
            out[i, inside] = np.interp(k[inside], centres, row)
        return out.reshape(vals.shape[:-1] + (self.source_n_samples,)).astype(np.float32)


def _fill_nan(seg: np.ndarray, nan: np.ndarray) -> np.ndarray:
    """Linear interpolation over NaN runs per lead; an all-NaN lead becomes zeros."""
    out = seg.copy()
    idx = np.arange(seg.shape[1])
    for lead in range(seg.shape[0]):
        bad = nan[lead]
        if not bad.any():
            continue
        if bad.all():
            out[lead] = 0.0
            continue
        good = ~bad
        out[lead, bad] = np.interp(idx[bad], idx[good], seg[lead, good])
    return out


def _rational(target_fs: float, fs: float) -> tuple[int, int]:
    ratio = (Fraction(target_fs) / Fraction(fs)).limit_denominator(_MAX_DENOMINATOR)
    if ratio <= 0:
        raise ValueError(f"cannot resample from {fs} Hz to {target_fs} Hz")
    return ratio.numerator, ratio.denominator


def _filter(y: np.ndarray, cfg: ECGPreprocessConfig) -> np.ndarray:
    fs = float(cfg.target_fs)
    padlen = min(y.shape[1] - 1, int(round(fs)))
    if cfg.highpass_hz is not None:
        sos = sps.butter(cfg.highpass_order, cfg.highpass_hz, btype="highpass", fs=fs, output="sos")
        y = sps.sosfiltfilt(sos, y, axis=1, padlen=padlen)
    if cfg.powerline_hz is not None:
        b, a = sps.iirnotch(cfg.powerline_hz, cfg.notch_q, fs=fs)
        y = sps.sosfiltfilt(sps.tf2sos(b, a), y, axis=1, padlen=padlen)
    return y


def preprocess_signal(
    signal: np.ndarray, fs: float, cfg: ECGPreprocessConfig | None = None
) -> PreparedECG:
    """Preprocess a raw ``(12, n)`` array in mV sampled at ``fs`` Hz (NaN = missing)."""
    cfg = cfg or ECGPreprocessConfig()
    sig = np.asarray(signal, dtype=np.float64)
    if sig.ndim != 2 or sig.shape[0] != N_LEADS:
        raise ValueError(f"ECG signal must have shape (12, n), got {sig.shape}")
    fs = float(fs)
    if not (math.isfinite(fs) and fs > 0):
        raise ValueError(f"sampling rate must be positive, got {fs!r}")
    n = sig.shape[1]
    if n < 2:
        raise ValueError("ECG signal has fewer than 2 samples")
    nan = ~np.isfinite(sig)
    up, down = _rational(cfg.target_fs, fs)
    eff_fs = fs * up / down
    n_out = cfg.n_samples

    window = int(math.ceil(cfg.duration_s * fs - 1e-9))  # source samples in the model window
    cropped = n > window
    s0 = (n - window) // 2 if cropped else 0
    margin = int(math.ceil(cfg.filter_margin_s * fs))
    # The left margin must be a multiple of `down` so that the window starts on
    # an output sample of resample_poly (whose sample j lies at input j*down/up).
    left = min(s0, int(math.ceil(margin / down)) * down)
    left = (left // down) * down
    seg_start, seg_end = s0 - left, min(n, s0 + window + margin)
    seg = _fill_nan(sig[:, seg_start:seg_end], nan[:, seg_start:seg_end])
    if (up, down) != (1, 1):
        y = sps.resample_poly(seg, up, down, axis=1, padtype="line")
    else:
        y = seg
    y = _filter(y, cfg)
    offset = left * up // down
    body = y[:, offset:offset + n_out]
    n_valid = min(body.shape[1], n_out, int(math.floor((n - s0) * up / down + 1e-9)))
    body = body[:, :n_valid]

    # Validity: a model sample is valid when its nearest source sample is not NaN.
    src_idx = np.clip(np.rint(s0 + np.arange(n_valid) * down / up).astype(np.int64), 0, n - 1)
    valid = np.zeros((N_LEADS, n_out), dtype=bool)
    valid[:, :n_valid] = ~nan[:, src_idx]

    x = np.zeros((N_LEADS, n_out), dtype=np.float64)
    x[:, :n_valid] = np.clip(body, -cfg.clip_mv, cfg.clip_mv) / cfg.scale_mv
    x[~valid] = 0.0
    x32 = x.astype(np.float32)
    x32.setflags(write=False)
    valid.setflags(write=False)
    return PreparedECG(
        x=x32,
        valid=valid,
        n_valid=int(n_valid),
        start_s=s0 / fs,
        fs=float(cfg.target_fs),
        effective_fs=eff_fs,
        source_fs=fs,
        source_n_samples=n,
        config=cfg,
        cropped=cropped,
        padded=n_valid < n_out,
    )


class ECGSignal(Protocol):
    """What :func:`preprocess_ecg` reads: an :class:`~ph_assist.io.ecg.ECG`, or any object with these."""

    @property
    def signal(self) -> np.ndarray: ...  # (12, n) in mV

    @property
    def fs(self) -> float: ...  # sampling rate, Hz


def preprocess_ecg(ecg: ECGSignal, cfg: ECGPreprocessConfig | None = None) -> PreparedECG:
    """Preprocess an :class:`~ph_assist.io.ecg.ECG` (anything with ``signal`` and ``fs``)."""
    return preprocess_signal(ecg.signal, ecg.fs, cfg)
