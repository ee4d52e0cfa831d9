"""Which kind of file is this?  Decided from content first, extension second."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

from ph_assist.errors import InputError, UnsupportedFormatError
from ph_assist.i18n import translate

#: Largest file any reader opens (bytes).  Resting ECGs are kilobytes to a few
#: MB; a radiograph DICOM tens of MB.
MAX_FILE_BYTES = 512 * 1024 * 1024

# format name -> kind
ECG_FORMATS = ("wfdb", "dicom-ecg", "hl7-aecg", "philips-xml", "ge-muse-xml", "scp-ecg", "mfer", "csv")
CXR_FORMATS = ("dicom-cxr", "png", "jpeg")


@dataclasses.dataclass(frozen=True)
class Detected:
    kind: str  # "ecg" or "cxr"
    format: str  # one of ECG_FORMATS or CXR_FORMATS


_DICOM_WAVEFORM_SOPS = {
    "1.2.840.10008.5.1.4.1.1.9.1.1",  # 12-lead ECG waveform storage
    "1.2.840.10008.5.1.4.1.1.9.1.2",  # general ECG waveform storage
    "1.2.840.10008.5.1.4.1.1.9.1.3",  # ambulatory ECG waveform storage
}


def check_readable(path: str | os.PathLike) -> Path:
    """The path as a :class:`Path`, or a clear error if it cannot be read at all."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, translate("errors", "file not found"))
    if p.is_dir():
        raise InputError(p, translate("errors", "is a folder, not a file"))
    try:
        st = p.stat()
    except OSError as exc:
        raise InputError(p, translate("errors", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO would hang the reader, /dev/zero never ends
        raise InputError(p, translate("errors", "is a device, FIFO or socket, not a regular file"))
    size = st.st_size
    if size == 0:
        raise InputError(p, translate("errors", "file is empty"))
    if size > MAX_FILE_BYTES:
        raise InputError(p, translate(
            "errors", "file is {mib:.0f} MiB; larger than any ECG or radiograph PH-Assist reads").format(
            mib=size / 2**20))
    if not os.access(p, os.R_OK):
        raise InputError(p, translate("errors", "permission denied"))
    return p


def _head(p: Path, n: int = 4096) -> bytes:
    try:
        with open(p, "rb") as fh:
            return fh.read(n)
    except OSError as exc:
        raise InputError(p, translate("errors", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None


def _xml_root(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM (Philips writes it)
        encoding = "utf-16"
    elif head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        encoding = "utf-16-le" if head[0:1] == b"<" else "utf-16-be"
    else:
        encoding = "utf-8"
    text = head[: len(head) // 2 * 2].decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    if not text.startswith("<"):
        return None
    lowered = text.lower()
    for marker, fmt in (
        ("<annotatedecg", "hl7-aecg"),
        ("<restingecgdata", "philips-xml"),
        ("<restingecg", "ge-muse-xml"),
    ):
        if marker in lowered:
            return fmt
    if ":annotatedecg" in lowered:
        return "hl7-aecg"
    return "xml"


def _dicom_kind(p: Path) -> str:
    import pydicom

    try:
        ds = pydicom.dcmread(p, stop_before_pixels=True, specific_tags=["SOPClassUID", "Modality"])
    except Exception as exc:  # pydicom raises many types on garbage
        raise InputError(p, translate("errors", "DICOM header cannot be read ({error_type}: {error})").format(
            error_type=type(exc).__name__, error=exc)) from None
    sop = str(getattr(ds, "SOPClassUID", "") or "")
    modality = str(getattr(ds, "Modality", "") or "").upper()
    if sop in _DICOM_WAVEFORM_SOPS or modality == "ECG" or sop.startswith("1.2.840.10008.5.1.4.1.1.9."):
        return "dicom-ecg"
    return "dicom-cxr"


def detect(path: str | os.PathLike) -> Detected:
    """Detect kind and format of a file.  Raises :class:`UnsupportedFormatError`."""
    p = Path(path)
    suffix = p.suffix.lower()
    # WFDB records are named by their header; the signal file sits beside it.
    if suffix == ".hea" or (suffix in (".dat", ".mat") and p.with_suffix(".hea").exists()):
        if suffix == ".hea":
            check_readable(p)
        return Detected("ecg", "wfdb")
    if not p.exists() and p.with_suffix(".hea").exists() and suffix in ("", ".dat", ".mat"):
        return Detected("ecg", "wfdb")
    p = check_readable(p)
    head = _head(p)
    if len(head) >= 132 and head[128:132] == b"DICM":
        kind = _dicom_kind(p)
        return Detected("ecg" if kind == "dicom-ecg" else "cxr", kind)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Detected("cxr", "png")
    if head.startswith(b"\xff\xd8\xff"):
        return Detected("cxr", "jpeg")
    xml = _xml_root(head)
    if xml is not None and xml != "xml":
        return Detected("ecg", xml)
    if head[16:22] == b"SCPECG" or suffix == ".scp":
        return Detected("ecg", "scp-ecg")
    if head[:2] == b"\x40\x20" or suffix in (".mwf", ".mfer", ".mfr"):
        return Detected("ecg", "mfer")
    if suffix in (".dcm", ".dicom"):
        kind = _dicom_kind(p)  # DICOM without the preamble
        return Detected("ecg" if kind == "dicom-ecg" else "cxr", kind)
    if suffix in (".csv", ".tsv", ".txt") and xml is None:
        return Detected("ecg", "csv")
    if xml == "xml":
        raise UnsupportedFormatError(
            p, translate("errors", "XML file is not an ECG format PH-Assist reads (HL7 aECG, Philips, GE MUSE)"))
    raise UnsupportedFormatError(
        p,
        translate("errors", "unrecognised file type; PH-Assist reads ECGs as WFDB, DICOM, HL7 aECG, Philips XML, "
                            "GE MUSE XML, SCP-ECG, MFER or CSV, and chest X-rays as DICOM, PNG or JPEG"),
    )
