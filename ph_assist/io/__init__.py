"""Files to typed, validated objects: :class:`ECG`, :class:`CXR`, :class:`Labs`.

``read_ecg(path)`` and ``read_cxr(path)`` detect the format from the file's
content and dispatch to one small reader module per format.  Every failure is
a :class:`ph_assist.errors.InputError` (or subclass) naming the file.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any

from ph_assist.errors import InputError, UnsupportedFormatError
from ph_assist.i18n import translate
from ph_assist.io.detect import Detected, detect
from ph_assist.io.ecg import ECG, ECGMetadata, LeadQuality, build_ecg
from ph_assist.io.leads import STANDARD_LEADS

if TYPE_CHECKING:
    from ph_assist.io.cxr import CXR

__all__ = [
    "ECG", "ECGMetadata", "LeadQuality", "STANDARD_LEADS", "Detected",
    "build_ecg", "detect", "read", "read_ecg", "read_cxr",
]

# format -> (module, function).  Imported lazily: the GUI starts faster, and a
# broken optional codec only affects its own format.
_ECG_READERS = {
    "wfdb": ("ph_assist.io.ecg_wfdb", "read_wfdb"),
    "dicom-ecg": ("ph_assist.io.ecg_dicom", "read_dicom_ecg"),
    "hl7-aecg": ("ph_assist.io.ecg_aecg", "read_aecg"),
    "philips-xml": ("ph_assist.io.ecg_philips", "read_philips_xml"),
    "ge-muse-xml": ("ph_assist.io.ecg_muse", "read_muse_xml"),
    "scp-ecg": ("ph_assist.io.ecg_scp", "read_scp"),
    "mfer": ("ph_assist.io.ecg_mfer", "read_mfer"),
    "csv": ("ph_assist.io.ecg_csv", "read_csv"),
}


def _reader(fmt: str):
    module, func = _ECG_READERS[fmt]
    return getattr(importlib.import_module(module), func)


def read_ecg(
    path: str | os.PathLike,
    *,
    fs: float | None = None,
    allow_incomplete: bool = False,
    format: str | None = None,  # noqa: A002 - mirrors the CLI option
) -> ECG:
    """Read an ECG file of any supported format.

    ``fs`` is needed for CSV files only (they do not store a sampling rate).
    ``allow_incomplete`` returns records with fewer than 12 leads, the
    missing ones flagged, instead of raising :class:`IncompleteECGError`.
    """
    fmt = format or detect(path).format
    if fmt not in _ECG_READERS:
        raise UnsupportedFormatError(path, translate("errors", "is a {format} file, not an ECG").format(format=fmt))
    kwargs: dict[str, Any] = {"allow_incomplete": allow_incomplete}
    if fmt == "csv":
        kwargs["fs"] = fs
    return _reader(fmt)(path, **kwargs)


def read_cxr(path: str | os.PathLike) -> CXR:
    """Read a chest radiograph (DICOM in any common transfer syntax, PNG, JPEG)."""
    from ph_assist.io.cxr import read_cxr as _read_cxr

    found = detect(path)
    if found.kind != "cxr":
        raise UnsupportedFormatError(path, translate("errors", "is an ECG ({format}), not a chest X-ray").format(
            format=found.format))
    return _read_cxr(path)


def read(path: str | os.PathLike, *, fs: float | None = None, allow_incomplete: bool = False) -> ECG | CXR:
    """Read an ECG or a chest X-ray, whichever the file is."""
    found = detect(path)
    if found.kind == "ecg":
        return read_ecg(path, fs=fs, allow_incomplete=allow_incomplete, format=found.format)
    if found.kind == "cxr":
        return read_cxr(path)
    raise InputError(path, translate("errors", "unsupported file"))  # pragma: no cover - detect() raises first
