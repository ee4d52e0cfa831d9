"""DICOM ECG reader (12-Lead, General and Ambulatory ECG Waveform Storage).

Reads the rhythm multiplex group: the one labelled RHYTHM, else the ORIGINAL
one, else the longest; a median-beat group is never used.  Samples are decoded
here rather than with ``Dataset.waveform_array`` so that every header value is
checked before anything is allocated.  Scaling follows DICOM PS3.3 C.10.9.1.4:

    value = raw * ChannelSensitivity * ChannelSensitivityCorrectionFactor + ChannelBaseline

in the unit of the Channel Sensitivity Units Sequence (the baseline is already
in that unit; pydicom 3's ``waveform_array(i, as_raw=False)`` computes the
same), then converted to mV, one lead at a time.

Waveform Padding Value (PS3.3 C.10.9.1.6) marks samples that carry no
signal.  Real carts declare it as 0, a value genuine samples take all the
time, so padding is only honoured where it can be padding: runs at the start
or the end of the record, or anywhere when the value is an extreme of the
sample encoding (e.g. -32768 for 16-bit SS).

Budgets are checked before anything is allocated: the sampling rate, the
channel and sample counts (:data:`~ph_assist.io.ecg.MAX_TOTAL_SAMPLES`) and,
for the Deflated Explicit VR Little Endian transfer syntax, the decompressed
size (:data:`~ph_assist.io.ecg.MAX_DECODED_BYTES`), inflated as a stream.
Patient names and IDs are never read into the result.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import warnings
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ph_assist.errors import ECGReadError, PHAssistError
from ph_assist.i18n import translate
from ph_assist.io._ecgdatakit import clean_message, resolve_lead
from ph_assist.io.detect import check_readable
from ph_assist.io.identity import patient_key
from ph_assist.io.ecg import (
    ECG,
    MAX_DECODED_BYTES,
    MAX_DURATION_S,
    ECGMetadata,
    build_ecg,
    check_budget,
    check_fs,
    unit_to_mv,
)

if TYPE_CHECKING:
    from pydicom import Dataset

_FMT = "DICOM ECG"
_MAX_CHANNELS = 256
_DTYPES = {
    (8, "SB"): "i1", (8, "UB"): "u1", (16, "SS"): "i2", (16, "US"): "u2",
    (32, "SL"): "i4", (32, "UL"): "u4", (64, "SV"): "i8", (64, "UV"): "u8",
}
# SCP-ECG / MDC lead numbers (CID 3001: "5.6.3-9-<n>" and "2:<n>")
_LEAD_NUMBERS = {1: "I", 2: "II", 3: "V1", 4: "V2", 5: "V3", 6: "V4", 7: "V5", 8: "V6",
                 61: "III", 62: "aVR", 63: "aVL", 64: "aVF", 65: "-aVR"}
_CODE_RE = re.compile(r"^(?:5\.6\.3-9-|2:)(\d+)$")
_NOT_RHYTHM = ("MEDIAN", "BEAT", "AVERAGE", "REPRESENTATIVE", "TEMPLATE")
_AGE_UNITS = {"Y": 1.0, "M": 1 / 12, "W": 7 / 365.25, "D": 1 / 365.25}


def _text(item: Dataset | None, keyword: str) -> str:
    value = item.get(keyword, "") if item is not None else ""
    return " ".join(str(value if value is not None else "").split())


def _number(item: Dataset, keyword: str, default: float | None) -> float | None:
    value = item.get(keyword, None)
    if value is None or value == "":
        return default
    out = float(value)
    return out if math.isfinite(out) else None


def _is_rhythm(group: Dataset) -> bool:
    label = _text(group, "MultiplexGroupLabel").upper()
    return not any(word in label for word in _NOT_RHYTHM)


def _duration(group: Dataset) -> float:
    try:
        return float(group.NumberOfWaveformSamples) / float(group.SamplingFrequency)
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return 0.0


def select_rhythm_group(groups: list[Dataset]) -> Dataset | None:
    """The rhythm multiplex group: labelled RHYTHM, else ORIGINAL, else longest."""
    candidates = [g for g in groups if _is_rhythm(g)]
    for wanted in (
        lambda g: "RHYTHM" in _text(g, "MultiplexGroupLabel").upper(),
        lambda g: _text(g, "WaveformOriginality").upper() == "ORIGINAL",
    ):
        chosen = [g for g in candidates if wanted(g)]
        if chosen:
            return max(chosen, key=_duration)
    return max(candidates, key=_duration) if candidates else None


def channel_lead(channel: Dataset) -> tuple[str, str | None, float]:
    """(label as written, standard lead or None, sign) of one channel definition."""
    sources = channel.get("ChannelSourceSequence") or []
    source = sources[0] if len(sources) else None
    code = _text(source, "CodeValue")
    meaning = _text(source, "CodeMeaning")
    label = meaning or _text(channel, "ChannelLabel") or code or "unnamed"
    match = _CODE_RE.match(code)
    if match and int(match.group(1)) in _LEAD_NUMBERS:
        std, sign = resolve_lead(_LEAD_NUMBERS[int(match.group(1))])
        return label, std, sign
    for text in (meaning, _text(channel, "ChannelLabel"), code):
        text = re.sub(r"^MDC_ECG_LEAD_", "", text, flags=re.IGNORECASE)
        if text.upper() == "AVRNEG":
            text = "-aVR"
        std, sign = resolve_lead(text)
        if std is not None:
            return label, std, sign
    return label, None, 1.0


def _unit_factor(channel: Dataset) -> tuple[float | None, str]:
    units = channel.get("ChannelSensitivityUnitsSequence") or []
    unit = units[0] if len(units) else None
    for text in (_text(unit, "CodeValue"), _text(unit, "CodeMeaning")):
        factor = unit_to_mv(text) if text else None
        if factor is not None:
            return factor, text
    return None, _text(unit, "CodeValue") or _text(unit, "CodeMeaning") or "no unit"


def _decode_group(ds: Dataset, group: Dataset, path: Path) -> tuple[list[tuple[str, np.ndarray]], float]:
    """Channels of one multiplex group in mV, and its sampling rate."""
    n_ch = int(group.NumberOfWaveformChannels)
    n_s = int(group.NumberOfWaveformSamples)
    fs = _number(group, "SamplingFrequency", None)
    bits = int(group.WaveformBitsAllocated)
    interp = _text(group, "WaveformSampleInterpretation").upper()
    if not 1 <= n_ch <= _MAX_CHANNELS:
        raise ECGReadError(path, translate("errors", "DICOM ECG: {n} waveform channels declared").format(n=n_ch))
    if fs is None or not fs > 0:
        raise ECGReadError(path, translate("errors", "DICOM ECG: sampling frequency {value!r} is not usable").format(
            value=group.get("SamplingFrequency")))
    fs = check_fs(path, fs, _FMT)
    if not 1 <= n_s <= MAX_DURATION_S * fs:
        raise ECGReadError(path, translate("errors", "DICOM ECG: {n} samples per channel declared at {fs:g} Hz").format(
            n=n_s, fs=fs))
    check_budget(path, n_ch, n_s, _FMT)
    if interp in ("MB", "AB"):
        raise ECGReadError(path, translate(
            "errors", "DICOM ECG: mu-law/A-law coded samples ({interp}) are not supported").format(interp=interp))
    if (bits, interp) not in _DTYPES:
        raise ECGReadError(path, translate(
            "errors", "DICOM ECG: unsupported sample encoding {bits} bits {interp}").format(
            bits=bits, interp=interp or translate("errors", "(none)")))
    big_endian = getattr(ds, "original_encoding", (None, True))[1] is False
    dtype = np.dtype(_DTYPES[(bits, interp)]).newbyteorder(">" if big_endian else "<")
    raw_bytes = group.get("WaveformData") or b""
    expected = n_ch * n_s * dtype.itemsize
    if len(raw_bytes) < expected:
        raise ECGReadError(
            path, translate("errors", "DICOM ECG: waveform data holds {size} bytes; the header declares "
                                      "{n_ch} channels x {n_s} samples ({expected} bytes); "
                                      "the file is truncated or damaged").format(
                size=len(raw_bytes), n_ch=n_ch, n_s=n_s, expected=expected),
        )
    raw = np.frombuffer(raw_bytes, dtype=dtype, count=n_ch * n_s).reshape(n_s, n_ch)
    definitions = list(group.get("ChannelDefinitionSequence") or [])
    if len(definitions) != n_ch:
        raise ECGReadError(
            path, translate("errors", "DICOM ECG: {n_ch} waveform channels declared "
                                      "but {n_def} channel definitions").format(n_ch=n_ch, n_def=len(definitions)),
        )
    padding = bytes(group.get("WaveformPaddingValue") or b"")
    pad_value = np.frombuffer(padding[: dtype.itemsize], dtype=dtype)[0] \
        if len(padding) >= dtype.itemsize else None
    info = np.iinfo(dtype)
    pad_anywhere = pad_value is not None and int(pad_value) in (info.min, info.max)

    channels: list[tuple[str, np.ndarray]] = []
    for index, channel in enumerate(definitions):
        label, std, sign = channel_lead(channel)
        if std is None:
            channels.append((label, np.empty(0)))  # not an ECG lead: dropped by build_ecg
            continue
        sensitivity = _number(channel, "ChannelSensitivity", None)
        correction = _number(channel, "ChannelSensitivityCorrectionFactor", 1.0)
        baseline = _number(channel, "ChannelBaseline", 0.0)
        factor, unit = _unit_factor(channel)
        if not sensitivity or not correction or baseline is None:
            stated = (channel.get("ChannelSensitivity"), channel.get("ChannelSensitivityCorrectionFactor"))
            raise ECGReadError(
                path, translate("errors", "DICOM ECG: channel '{label}' has no usable sensitivity "
                                          "({sensitivity!r} x {correction!r})").format(
                    label=label, sensitivity=stated[0], correction=stated[1]),
            )
        if factor is None:
            raise ECGReadError(path, translate(
                "errors", "DICOM ECG: channel '{label}' is in {unit}, not a voltage unit").format(
                label=label, unit=unit))
        column = raw[:, index]
        mv = (column.astype(np.float64) * (sensitivity * correction) + baseline) * factor
        if pad_value is not None:
            mv[padding_mask(column, pad_value, anywhere=pad_anywhere)] = np.nan
        channels.append((std, sign * mv))
    return channels, fs


def padding_mask(column: np.ndarray, pad_value: Any, *, anywhere: bool = False) -> np.ndarray:
    """Samples of one channel that are Waveform Padding Value padding.

    Parameters
    ----------
    column : ndarray
        Raw (stored) samples of one channel.
    pad_value : scalar
        The declared Waveform Padding Value.
    anywhere : bool
        The value is an extreme of the sample encoding, which a real signal
        does not take: every such sample is padding.  Otherwise only the runs
        of ``pad_value`` at the start and the end of the record are padding;
        the same value in between is a genuine sample (carts declare 0).

    Returns
    -------
    ndarray of bool

    References
    ----------
    DICOM PS3.3 C.10.9.1.6, Waveform Padding Value.
    """
    is_pad = column == pad_value
    if anywhere or not is_pad.any():
        return is_pad
    mask = np.zeros(len(column), dtype=bool)
    not_pad = np.flatnonzero(~is_pad)
    if not_pad.size == 0:
        mask[:] = True
        return mask
    mask[: not_pad[0]] = True
    mask[not_pad[-1] + 1:] = True
    return mask


def _parse_da(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value[:8], "%Y%m%d").date() if len(value) >= 8 else None
    except ValueError:
        return None


def _parse_dt(value: str) -> dt.datetime | None:
    """A DICOM DT (or DA + TM joined) value, without its time zone offset."""
    match = re.match(r"^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,6}))?", value.strip())
    if not match:
        return None
    y, mo, d, h, mi, s, frac = match.groups()
    try:
        return dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                           int((frac or "0").ljust(6, "0")))
    except ValueError:
        return None


def _metadata(ds: Dataset) -> ECGMetadata:
    acquired = None
    for keys in (("AcquisitionDateTime",), ("ContentDate", "ContentTime"), ("StudyDate", "StudyTime")):
        value = "".join(_text(ds, key).replace(":", "") for key in keys)
        acquired = _parse_dt(value) if value else None
        if acquired is not None:
            break
    age = None
    match = re.match(r"^(\d{1,3})([DWMY])$", _text(ds, "PatientAge").upper())
    if match:
        age = int(match.group(1)) * _AGE_UNITS[match.group(2)]
    else:
        born = _parse_da(_text(ds, "PatientBirthDate"))
        if born is not None and acquired is not None:
            on = acquired.date()
            age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age is not None and not 0 <= age <= 130:
        age = None
    sex = _text(ds, "PatientSex").upper()
    device = " ".join(dict.fromkeys(
        v for v in (_text(ds, "Manufacturer"), _text(ds, "ManufacturerModelName")) if v))
    statements = []
    for item in ds.get("WaveformAnnotationSequence") or []:
        text = _text(item, "UnformattedTextValue")
        if text:
            statements.append(text[:400])
    return ECGMetadata(
        age_years=float(age) if age is not None else None,
        sex=sex if sex in ("M", "F") else None,
        acquired=acquired,
        device=device or None,
        statements=tuple(statements[:64]),
        patient_key=patient_key(_text(ds, "PatientID"), _text(ds, "PatientBirthDate")),
    )


def _inflate(fh: Any, path: Path, limit: int = MAX_DECODED_BYTES) -> bytes:
    """Raw-deflate data from ``fh``, decompressed as a stream against ``limit`` bytes."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    out = bytearray()
    while True:
        chunk = fh.read(1 << 16)
        if not chunk:
            break
        while chunk:
            out += inflater.decompress(chunk, limit + 1 - len(out))
            if len(out) > limit:
                raise ECGReadError(
                    path, translate("errors", "DICOM ECG: the deflated data expands to more than {mib} MiB; "
                                              "larger than any ECG PH-Assist reads").format(mib=limit // 2**20))
            chunk = inflater.unconsumed_tail
    out += inflater.flush()
    if len(out) > limit:
        raise ECGReadError(path, translate(
            "errors", "DICOM ECG: the deflated data expands to more than {mib} MiB").format(mib=limit // 2**20))
    return bytes(out)


def dcmread_bounded(path: Path) -> Dataset:
    """``pydicom.dcmread(path, force=True)``, with a deflated data set inflated against a budget.

    pydicom inflates a Deflated Explicit VR Little Endian data set in one
    call, whatever it expands to (a 0.5 MB file can hold gigabytes of
    zeros); here it is inflated as a stream and refused past
    :data:`~ph_assist.io.ecg.MAX_DECODED_BYTES`.
    """
    import pydicom
    from pydicom import filereader
    from pydicom.filebase import DicomBytesIO
    from pydicom.uid import DeflatedExplicitVRLittleEndian

    with open(path, "rb") as fh:
        filereader.read_preamble(fh, True)
        meta = filereader._read_file_meta_info(fh)
        if meta.get("TransferSyntaxUID") != DeflatedExplicitVRLittleEndian:
            fh.seek(0)
            return pydicom.dcmread(fh, force=True)
        body = _inflate(fh, path)
    # pydicom annotates read_dataset's file as BinaryIO; its own DicomBytesIO is what it reads in practice.
    ds = filereader.read_dataset(DicomBytesIO(body), is_implicit_VR=False,  # type: ignore[arg-type]
                                 is_little_endian=True)
    ds.file_meta = meta
    return ds


def _read(path: Path, allow_incomplete: bool) -> ECG:
    ds = dcmread_bounded(path)
    groups = list(ds.get("WaveformSequence") or [])
    if not groups:
        raise ECGReadError(path, translate("errors", "DICOM ECG: the file holds no waveform (no Waveform Sequence)"))
    group = select_rhythm_group(groups)
    if group is None:
        raise ECGReadError(path, translate(
            "errors", "DICOM ECG: the file holds only median-beat waveforms, no rhythm strip"))
    channels, fs = _decode_group(ds, group, path)
    return build_ecg(channels, fs, source_format="dicom-ecg", source_path=path,
                     metadata=_metadata(ds), allow_incomplete=allow_incomplete)


def read_dicom_ecg(path: str | os.PathLike, *, allow_incomplete: bool = False) -> ECG:
    """Read a DICOM ECG waveform file as a 12-lead :class:`ECG` in mV."""
    p = check_readable(path)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")  # pydicom's notes on odd files are not for users
            return _read(p, allow_incomplete)
    except PHAssistError:
        raise
    except MemoryError:
        raise ECGReadError(p, translate(
            "errors", "DICOM ECG: the file declares more data than fits in memory")) from None
    except Exception as exc:  # noqa: BLE001 - pydicom raises many types on damaged files
        raise ECGReadError(
            p, translate("errors", "DICOM ECG: damaged or truncated file ({error}: {detail})").format(
                error=type(exc).__name__, detail=clean_message(exc, p))
        ) from None
