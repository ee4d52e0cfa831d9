"""Chest radiographs: DICOM (any common transfer syntax), PNG and JPEG to :class:`CXR`.

:func:`read_cxr` decides the format from the file's content, validates the
header before any pixel data is decoded, and returns an immutable :class:`CXR`
whose ``image`` is ready to show and to feed a model:

* ``values``: the stored pixel values after the Modality LUT (Rescale
  Slope/Intercept or Modality LUT Sequence), float32, not yet windowed.
* ``image``: ``values`` through the VOI transform, in [0, 1], in *display
  polarity* (bright = bone).  The VOI transform is the file's VOI LUT Sequence
  if it has one, else its first window (Window Center/Width with the VOI LUT
  Function LINEAR, LINEAR_EXACT or SIGMOID), else the minimum-maximum of the
  data.  MONOCHROME1 images are inverted exactly once, after the VOI
  transform; Presentation LUT Shape is not applied on top (for CR/DX it only
  restates the photometric interpretation).
* PNG and JPEG files are display images already: ``image`` is
  ``value / (2**bits - 1)`` and ``values`` the pixel values as stored.

Files that are not usable chest radiographs raise
:class:`~ph_assist.errors.CXRReadError` (or
:class:`~ph_assist.errors.UnsupportedFormatError` for files that are no image
format at all).  No pydicom, Pillow or numpy exception escapes, except
:class:`MemoryError`.

Accepted DICOM: Modality CR, DX or RG, or Modality OT / absent (secondary
capture, digitised film) when the image is a single greyscale frame; such an
image carries a note that its spacing and windows may not describe the
original radiograph.  Refused: every other modality (CT, MR, US, NM, PT, ECG
waveforms ...), multi-frame and colour images, BitsAllocated other than 8 or
16, sides outside :data:`MIN_SIDE_PX`-:data:`MAX_SIDE_PX`, truncated or
corrupt pixel data and images without contrast.

View Position is reported as PA, AP or LL (every lateral view: LL, RL,
LATERAL) and ``None`` otherwise.  Patient names, IDs and birth dates are never
stored; only the age (from Patient's Age, or computed from birth and study
dates) and sex are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, overload

import numpy as np

from ph_assist.errors import CXRReadError, InputError, UnsupportedFormatError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.io.detect import check_readable
from ph_assist.io.identity import PatientKey, patient_key

if TYPE_CHECKING:
    from pydicom import Dataset
    from pydicom.uid import UID

__all__ = [
    "CXR", "CXRMetadata", "WindowPreset", "MIN_SIDE_PX", "MAX_SIDE_PX",
    "RADIOGRAPH_MODALITIES", "read_cxr", "write_png16", "apply_window",
]

#: Smallest and largest accepted image side (pixels).
MIN_SIDE_PX = 64
MAX_SIDE_PX = 8192
#: DICOM modalities accepted as radiographs.
RADIOGRAPH_MODALITIES = ("CR", "DX", "RG")
#: Modalities accepted when the image is a single greyscale frame
#: ("" = Modality absent): secondary captures and digitised films.
_CAPTURE_MODALITIES = ("OT", "")
VOI_FUNCTIONS = ("LINEAR", "LINEAR_EXACT", "SIGMOID")

_SC_SOP_PREFIX = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture Image Storage (all kinds)
_WAVEFORM_SOP_PREFIX = "1.2.840.10008.5.1.4.1.1.9."
_MODALITY_NAMES = {  # translated where the error is raised
    "CT": QT_TRANSLATE_NOOP("errors", "a CT image"), "MR": QT_TRANSLATE_NOOP("errors", "an MR image"),
    "US": QT_TRANSLATE_NOOP("errors", "an ultrasound image"),
    "NM": QT_TRANSLATE_NOOP("errors", "a nuclear medicine image"), "PT": QT_TRANSLATE_NOOP("errors", "a PET image"),
    "ECG": QT_TRANSLATE_NOOP("errors", "an ECG waveform"), "MG": QT_TRANSLATE_NOOP("errors", "a mammogram"),
    "XA": QT_TRANSLATE_NOOP("errors", "an X-ray angiogram"), "RF": QT_TRANSLATE_NOOP("errors", "a fluoroscopy image"),
    "IO": QT_TRANSLATE_NOOP("errors", "an intra-oral dental radiograph"),
    "PX": QT_TRANSLATE_NOOP("errors", "a panoramic dental radiograph"),
    "SR": QT_TRANSLATE_NOOP("errors", "a structured report"),
    "RTPLAN": QT_TRANSLATE_NOOP("errors", "a radiotherapy plan"),
    "RTDOSE": QT_TRANSLATE_NOOP("errors", "a radiotherapy dose"),
    "RTSTRUCT": QT_TRANSLATE_NOOP("errors", "a radiotherapy structure set"),
    "SEG": QT_TRANSLATE_NOOP("errors", "a segmentation"), "PR": QT_TRANSLATE_NOOP("errors", "a presentation state"),
    "OP": QT_TRANSLATE_NOOP("errors", "an ophthalmic photograph"), "XC": QT_TRANSLATE_NOOP("errors", "a photograph"),
    "ES": QT_TRANSLATE_NOOP("errors", "an endoscopy image"), "SM": QT_TRANSLATE_NOOP("errors", "a microscopy slide"),
    "DOC": QT_TRANSLATE_NOOP("errors", "a document"), "KO": QT_TRANSLATE_NOOP("errors", "a key object selection"),
}
_VIEW_POSITIONS = {"PA": "PA", "AP": "AP", "LL": "LL", "RL": "LL", "LATERAL": "LL", "LAT": "LL"}
_MAX_MESSAGE = 160
#: The body axis of each Patient Orientation letter (PS3.3 C.7.6.1.1.1).
_AXIS = {"A": 0, "P": 0, "R": 1, "L": 1, "H": 2, "F": 2}


class WindowPreset(NamedTuple):
    """One window stored in the file: centre and width in ``values`` units, and its name."""

    center: float
    width: float
    name: str = ""


@dataclasses.dataclass(frozen=True)
class CXRMetadata:
    """Non-identifying metadata.  Patient names, IDs and birth dates are never stored."""

    age_years: float | None = None
    sex: str | None = None  # "M", "F" or None
    acquired: dt.datetime | None = None  # acquisition (or content) date and time
    study_date: dt.date | None = None
    modality: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    body_part: str | None = None
    #: Keyed hash of the patient ID and birth date (:mod:`ph_assist.io.identity`); only compared,
    #: never exported (not in :meth:`to_dict`).
    patient_key: PatientKey | None = dataclasses.field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "age_years": self.age_years,
            "sex": self.sex,
            "acquired": self.acquired.isoformat() if self.acquired else None,
            "study_date": self.study_date.isoformat() if self.study_date else None,
            "modality": self.modality,
            "manufacturer": self.manufacturer,
            "model": self.model,
            "body_part": self.body_part,
        }


def apply_window(values: np.ndarray, center: float, width: float, function: str = "LINEAR") -> np.ndarray:
    """Map ``values`` through a DICOM window to float32 in [0, 1] (PS3.3 C.11.2.1.2).

    ``function`` is the VOI LUT Function: ``LINEAR`` (the default),
    ``LINEAR_EXACT`` or ``SIGMOID``.  No polarity change is made here.
    """
    c, w = float(center), float(width)
    if not (math.isfinite(c) and math.isfinite(w) and w > 0):
        raise ValueError(f"invalid window centre {center!r} / width {width!r}")
    x = np.asarray(values, dtype=np.float32)
    function = (function or "LINEAR").upper()
    if function == "SIGMOID":
        with np.errstate(over="ignore"):
            out = 1.0 / (1.0 + np.exp(np.float32(-4.0 / w) * (x - np.float32(c))))
    elif function == "LINEAR_EXACT":
        out = (x - np.float32(c)) / np.float32(w) + np.float32(0.5)
    elif function == "LINEAR":
        if w <= 1.0:  # the standard requires width >= 1: a step at c - 0.5
            out = (x > np.float32(c - 0.5)).astype(np.float32)
        else:
            out = (x - np.float32(c - 0.5)) / np.float32(w - 1.0) + np.float32(0.5)
    else:
        raise ValueError(f"unknown VOI LUT function {function!r}")
    return np.clip(out, 0.0, 1.0).astype(np.float32, copy=False)


@dataclasses.dataclass(frozen=True, eq=False)
class CXR:
    """A chest radiograph, ready to display and to analyse.

    ``image`` is float32 ``(H, W)`` in [0, 1], bright = bone.  ``values`` are
    the Modality-LUT output before windowing (for MONOCHROME1 still in stored
    polarity); :meth:`windowed` re-windows them.  Both arrays are read-only.
    ``pixel_spacing_mm`` is ``(row, column)`` spacing; see ``spacing_kind``,
    :attr:`spacing_calibrated` and :attr:`spacing_label` for what it measures.
    """

    image: np.ndarray
    values: np.ndarray
    bits_stored: int
    photometric: str  # "MONOCHROME1" or "MONOCHROME2"
    source_format: str  # "dicom-cxr", "png" or "jpeg"
    source_path: str
    windows: tuple[WindowPreset, ...] = ()
    voi_function: str = "LINEAR"
    voi: str = ""  # how ``image`` was made: "VOI LUT ...", "window c/w", "data range ..."
    pixel_spacing_mm: tuple[float, float] | None = None
    spacing_kind: str | None = None  # "PixelSpacing", "ImagerPixelSpacing" or None
    magnification_factor: float | None = None  # Estimated Radiographic Magnification Factor
    view_position: str | None = None  # "PA", "AP", "LL" or None
    #: Patient Orientation (0020,0020): the patient directions of the rows (towards the last
    #: column) and of the columns (towards the last row), each 1-3 of A P R L H F; None when
    #: absent or invalid.
    patient_orientation: tuple[str, str] | None = None
    image_laterality: str | None = None  # Image Laterality (0020,0062): "R", "L", "U", "B" or None
    transfer_syntax: str | None = None
    lossy: bool = False
    metadata: CXRMetadata = dataclasses.field(default_factory=CXRMetadata)
    notes: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.image.shape[0]), int(self.image.shape[1])

    @property
    def spacing_calibrated(self) -> bool:
        """True when ``pixel_spacing_mm`` is (an estimate of) millimetres at the patient."""
        if self.pixel_spacing_mm is None:
            return False
        return self.spacing_kind == "PixelSpacing" or self.magnification_factor is not None

    @property
    def spacing_label(self) -> str:
        """A short human description of what ``pixel_spacing_mm`` measures."""
        if self.pixel_spacing_mm is None:
            return "no pixel spacing: sizes in pixels only"
        if self.spacing_kind == "PixelSpacing":
            return "mm at the patient (Pixel Spacing, calibrated)"
        if self.magnification_factor is not None:
            return (f"mm at the patient, estimated: Imager Pixel Spacing / magnification "
                    f"factor {self.magnification_factor:g}")
        return "mm at the detector (Imager Pixel Spacing), not corrected for magnification"

    def windowed(self, center: float, width: float, function: str | None = None) -> np.ndarray:
        """``values`` through the window ``center``/``width``, float32 in [0, 1], bright = bone.

        ``function`` defaults to the file's VOI LUT Function.  MONOCHROME1
        images are inverted, as in ``image``.  Raises :class:`ValueError` for
        a width <= 0 or an unknown function.
        """
        out = apply_window(self.values, center, width, function or self.voi_function)
        if self.photometric == "MONOCHROME1":
            out = np.float32(1.0) - out
        return out

    def summary(self) -> dict[str, Any]:
        """A JSON-ready description (what ``ph-assist inspect`` prints)."""
        return {
            "kind": "CXR",
            "format": self.source_format,
            "path": self.source_path,
            "shape": list(self.shape),
            "bits_stored": self.bits_stored,
            "photometric": self.photometric,
            "pixel_spacing_mm": list(self.pixel_spacing_mm) if self.pixel_spacing_mm else None,
            "spacing_kind": self.spacing_kind,
            "spacing_calibrated": self.spacing_calibrated,
            "spacing_label": self.spacing_label,
            "magnification_factor": self.magnification_factor,
            "view_position": self.view_position,
            "patient_orientation": list(self.patient_orientation) if self.patient_orientation else None,
            "image_laterality": self.image_laterality,
            "transfer_syntax": self.transfer_syntax,
            "lossy": self.lossy,
            "windows": [{"center": w.center, "width": w.width, "name": w.name} for w in self.windows],
            "voi_function": self.voi_function,
            "voi": self.voi,
            "notes": list(self.notes),
            "metadata": self.metadata.to_dict(),
        }


# --------------------------------------------------------------------------- entry points


def read_cxr(path: str | os.PathLike) -> CXR:
    """Read a chest radiograph: DICOM, PNG or JPEG, detected from the content.

    Raises :class:`CXRReadError` for a file that is not a usable chest
    radiograph and :class:`UnsupportedFormatError` for one that is no image
    format PH-Assist reads.
    """
    p = check_readable(path)
    fmt = _sniff(p)
    try:
        with warnings.catch_warnings():
            # pydicom and Pillow warn about every oddity of a header; the
            # problems that matter become errors or ``notes``.
            warnings.simplefilter("ignore")
            return _read_dicom(p) if fmt == "dicom-cxr" else _read_pillow(p, fmt)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - third-party readers raise anything on bad input
        raise CXRReadError(p, translate("errors", "cannot be read as a chest X-ray ({reason})").format(
            reason=_describe(exc))) from None
    except BaseException as exc:
        if not _is_rust_panic(exc):
            raise
        raise CXRReadError(p, translate("errors", "cannot be read as a chest X-ray ({reason})").format(
            reason=_describe(exc))) from None


def write_png16(cxr: CXR, out_path: str | os.PathLike) -> Path:
    """Write ``cxr.image`` as a 16-bit greyscale PNG; returns the path written.

    Reading the PNG back with :func:`read_cxr` gives ``cxr.image`` within
    1/65535.
    """
    from PIL import Image

    out = Path(out_path)
    pixels = np.rint(np.clip(cxr.image, 0.0, 1.0) * 65535.0).astype(np.uint16)
    try:
        Image.fromarray(pixels).save(out, format="PNG")
    except OSError as exc:
        raise InputError(out, translate("errors", "cannot be written ({reason})").format(
            reason=exc.strerror or exc)) from None
    return out


# --------------------------------------------------------------------------- helpers


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or translate("errors", "no details")
    if len(text) > _MAX_MESSAGE:
        text = text[: _MAX_MESSAGE - 3] + "..."
    return f"{type(exc).__name__}: {text}"


def _is_rust_panic(exc: BaseException) -> bool:
    """True for pyo3's PanicException: decoders written in Rust (pylibjpeg-rle) raise it
    on some corrupt input, and it derives from BaseException, not Exception."""
    return type(exc).__name__ == "PanicException"


def _sniff(p: Path) -> str:
    try:
        with open(p, "rb") as fh:
            head = fh.read(132)
    except OSError as exc:
        raise InputError(p, translate("errors", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None
    if head[128:132] == b"DICM":
        return "dicom-cxr"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if p.suffix.lower() in (".dcm", ".dicom"):
        return "dicom-cxr"  # DICOM without the 128-byte preamble
    raise UnsupportedFormatError(p, translate("errors", "not a chest X-ray file PH-Assist reads (DICOM, PNG or JPEG)"))


def _check_side(p: Path, rows: int, cols: int) -> None:
    if rows <= 0 or cols <= 0:
        raise CXRReadError(p, translate("errors", "image has {rows} rows and {cols} columns").format(
            rows=rows, cols=cols))
    if not (MIN_SIDE_PX <= rows <= MAX_SIDE_PX and MIN_SIDE_PX <= cols <= MAX_SIDE_PX):
        raise CXRReadError(
            p, translate("errors", "image is {cols} x {rows} px; a radiograph has {low}-{high} px a side").format(
                cols=cols, rows=rows, low=MIN_SIDE_PX, high=MAX_SIDE_PX))


def _check_contrast(p: Path, arr: np.ndarray) -> None:
    lo, hi = arr.min(), arr.max()
    if lo == hi:
        raise CXRReadError(p, translate("errors", "image is constant (every pixel is {lo:g}): no contrast").format(
            lo=float(lo)))


def _freeze(arr: np.ndarray) -> np.ndarray:
    arr = np.ascontiguousarray(arr, dtype=np.float32)
    arr.setflags(write=False)
    return arr


def _data_range_image(p: Path, values: np.ndarray) -> tuple[np.ndarray, float, float]:
    lo, hi = float(values.min()), float(values.max())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise CXRReadError(p, translate("errors", "pixel values are not finite"))
    if hi <= lo:
        raise CXRReadError(p, translate("errors", "image is constant (every pixel is {lo:g}): no contrast").format(
            lo=lo))
    return (values - np.float32(lo)) / np.float32(hi - lo), lo, hi


# --------------------------------------------------------------------------- PNG and JPEG


def _read_pillow(p: Path, fmt: str) -> CXR:
    from PIL import Image, ImageOps

    notes: list[str] = []
    formats = ("PNG",) if fmt == "png" else ("JPEG", "MPO")
    try:
        im: Image.Image = Image.open(p, formats=formats)
    except Image.DecompressionBombError as exc:
        raise CXRReadError(p, translate("errors", "image is too large to decode safely ({reason})").format(
            reason=_describe(exc))) from None
    with im:
        cols, rows = im.size
        _check_side(p, rows, cols)  # before any pixel is decoded
        n_frames = getattr(im, "n_frames", 1)
        if n_frames > 1:
            notes.append(translate("cxr", "file holds {n} frames; the first is used").format(n=n_frames))
        im.load()  # raises on truncated or corrupt data
        if fmt == "jpeg" or "exif" in im.info:
            orientation = im.getexif().get(0x0112, 1)
            if orientation not in (1, None):
                im = ImageOps.exif_transpose(im)
                notes.append(translate("cxr", "rotated upright by its EXIF orientation ({orientation})").format(
                    orientation=orientation))
        mode = im.mode
        if mode in ("I;16", "I;16B", "I;16L", "I;16N"):
            arr, bits = np.asarray(im).astype(np.uint16), 16
        elif mode == "I":
            arr = np.asarray(im)
            if arr.min() < 0 or arr.max() > 65535:
                raise CXRReadError(p, translate("errors", "32-bit image with values {lo}..{hi} is not a radiograph")
                                   .format(lo=arr.min(), hi=arr.max()))
            arr, bits = arr.astype(np.uint16), 16
        elif mode == "L":
            arr, bits = np.asarray(im), 8
        else:
            rgb = np.asarray(im.convert("RGB"))
            if not (np.array_equal(rgb[..., 0], rgb[..., 1]) and np.array_equal(rgb[..., 1], rgb[..., 2])):
                notes.append(translate("cxr", "colour image ({mode}) converted to grey (ITU-R 601 luma)").format(
                    mode=mode))
            elif "A" in mode:
                notes.append(translate("cxr", "{mode} image: alpha channel ignored").format(mode=mode))
            elif mode != "1":
                notes.append(translate("cxr", "{mode} image with equal channels used as grey").format(mode=mode))
            arr, bits = np.asarray(im.convert("L")), 8
    if arr.shape != (rows, cols) and arr.shape != (cols, rows):  # exif_transpose may swap
        raise CXRReadError(p, translate("errors", "decoded image has shape {shape}, expected {rows} x {cols}").format(
            shape=arr.shape, rows=rows, cols=cols))
    _check_contrast(p, arr)
    values = arr.astype(np.float32)
    full = float(2**bits - 1)
    return CXR(
        image=_freeze(values / np.float32(full)),
        values=_freeze(values),
        bits_stored=bits,
        photometric="MONOCHROME2",
        source_format=fmt,
        source_path=os.fspath(p),
        voi=f"full range 0-{full:g}",
        lossy=fmt == "jpeg",
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- DICOM


def _read_dicom(p: Path) -> CXR:
    import pydicom
    from pydicom.errors import InvalidDicomError

    try:
        ds = pydicom.dcmread(p)
    except InvalidDicomError:  # no preamble: allowed for .dcm files
        ds = pydicom.dcmread(p, force=True)
    notes: list[str] = []
    ts = _transfer_syntax(p, ds)
    modality = _check_modality(p, ds, notes)
    rows, cols, bits_allocated, bits_stored, photometric = _check_image_header(p, ds)
    if (_text(ds, "PresentationIntentType", "") or "").upper() == "FOR PROCESSING":
        notes.append(translate("cxr", "a 'for processing' image: raw detector data, not processed for display"))
    stored = _decode(p, ds, ts, rows, cols, bits_allocated)
    _check_contrast(p, stored)
    values = _modality_values(p, ds, stored, notes)
    _check_contrast(p, values)

    windows, function = _windows(ds, notes)
    image, voi = _voi_image(p, ds, values, windows, function, notes)
    if photometric == "MONOCHROME1":
        image = np.float32(1.0) - image
    spacing, kind, magnification = _spacing(ds, notes)
    lossy = _text(ds, "LossyImageCompression") == "01" or ts in ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51")
    return CXR(
        image=_freeze(image),
        values=_freeze(values),
        bits_stored=bits_stored,
        photometric=photometric,
        source_format="dicom-cxr",
        source_path=os.fspath(p),
        windows=windows,
        voi_function=function,
        voi=voi,
        pixel_spacing_mm=spacing,
        spacing_kind=kind,
        magnification_factor=magnification,
        view_position=_VIEW_POSITIONS.get((_text(ds, "ViewPosition") or "").upper()),
        patient_orientation=_patient_orientation(ds, notes),
        image_laterality=_laterality(ds, notes),
        transfer_syntax=ts.name,
        lossy=lossy,
        metadata=_metadata(ds, modality),
        notes=tuple(notes),
    )


def _text(ds: Dataset, keyword: str, default: str | None = None) -> str | None:
    """A string attribute, stripped, or ``default`` when absent, empty or unreadable."""
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - invalid values raise on access
        return default
    if value is None:
        return default
    if not isinstance(value, str) and hasattr(value, "__len__") and not isinstance(value, bytes):
        value = value[0] if len(value) else ""
    text = str(value).strip().strip("\x00").strip()
    return text or default


@overload
def _int(p: Path, ds: Dataset, keyword: str, default: int) -> int: ...
@overload
def _int(p: Path, ds: Dataset, keyword: str, default: int | None = None) -> int | None: ...
def _int(p: Path, ds: Dataset, keyword: str, default: int | None = None) -> int | None:
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001
        raise CXRReadError(p, translate("errors", "{keyword} cannot be read").format(keyword=keyword)) from None
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CXRReadError(p, translate("errors", "{keyword} is not a single number ({value!r})").format(
            keyword=keyword, value=str(value)[:40])) from None


def _floats(ds: Dataset, keyword: str) -> list[float] | None:
    """A numeric multi-value attribute as floats, or ``None`` when absent or unreadable."""
    try:
        value = ds.get(keyword)
        if value is None or value == "":
            return None
        items = [value] if isinstance(value, (str, bytes, int, float)) else list(value)
        return [float(v) for v in items]
    except Exception:  # noqa: BLE001 - invalid DS/IS values raise on access or conversion
        return None


def _transfer_syntax(p: Path, ds: Dataset) -> UID:
    from pydicom.uid import UID, ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian

    meta = getattr(ds, "file_meta", None)
    uid = meta.get("TransferSyntaxUID") if meta is not None else None
    if uid is None:  # no file meta: use what pydicom found while reading
        implicit, little = getattr(ds, "original_encoding", (None, None))
        if implicit is None:
            raise CXRReadError(p, translate("errors", "DICOM file has no transfer syntax"))
        uid = ImplicitVRLittleEndian if implicit else (ExplicitVRLittleEndian if little else ExplicitVRBigEndian)
        ds.file_meta.TransferSyntaxUID = uid
    uid = UID(str(uid))
    if not uid.is_transfer_syntax:
        raise CXRReadError(p, translate("errors", "unknown DICOM transfer syntax {uid!r}").format(uid=str(uid)[:64]))
    return uid


def _check_modality(p: Path, ds: Dataset, notes: list[str]) -> str | None:
    sop = _text(ds, "SOPClassUID", "") or ""
    modality = (_text(ds, "Modality", "") or "").upper()
    if sop.startswith(_WAVEFORM_SOP_PREFIX) or modality == "ECG":
        raise CXRReadError(p, translate("errors", "is a DICOM ECG waveform, not a chest radiograph"))
    if modality in RADIOGRAPH_MODALITIES:
        return modality
    if modality in _CAPTURE_MODALITIES:
        if sop.startswith(_SC_SOP_PREFIX):
            note = translate("cxr", "secondary capture (Modality {modality}): spacing and windows may not describe "
                                    "the original radiograph")
        else:
            note = translate("cxr", "image without a radiograph modality (Modality {modality}): spacing and windows "
                                    "may not describe the original radiograph")
        notes.append(note.format(modality=modality or translate("cxr", "absent")))
        return modality or None
    name = _MODALITY_NAMES.get(modality)
    what = translate("errors", name) if name else f"Modality {modality}"
    raise CXRReadError(p, translate("errors", "is {what} (Modality {modality}), not a radiograph; PH-Assist reads "
                                              "{modalities} chest X-rays").format(
        what=what, modality=modality, modalities=", ".join(RADIOGRAPH_MODALITIES)))


def _check_image_header(p: Path, ds: Dataset) -> tuple[int, int, int, int, str]:
    """Validate the Image Pixel module before anything is decoded."""
    if "PixelData" not in ds:
        other = [k for k in ("FloatPixelData", "DoubleFloatPixelData") if k in ds]
        raise CXRReadError(p, translate("errors", "holds no integer Pixel Data ({keyword})").format(keyword=other[0])
                           if other else translate("errors", "holds no image (no Pixel Data)"))
    rows, cols = _int(p, ds, "Rows"), _int(p, ds, "Columns")
    if rows is None or cols is None:
        raise CXRReadError(p, translate("errors", "image header has no Rows or Columns"))
    _check_side(p, rows, cols)
    photometric = (_text(ds, "PhotometricInterpretation", "") or "").upper()
    samples = _int(p, ds, "SamplesPerPixel", 1)
    if photometric in ("RGB", "PALETTE COLOR", "ARGB", "CMYK", "HSV") or photometric.startswith("YBR"):
        raise CXRReadError(p, translate("errors", "is a colour image (Photometric Interpretation {photometric}); "
                                                  "a radiograph is greyscale").format(photometric=photometric))
    if samples != 1:
        raise CXRReadError(p, translate("errors", "has {samples} samples per pixel; a greyscale radiograph has 1")
                           .format(samples=samples))
    if photometric not in ("MONOCHROME1", "MONOCHROME2"):
        raise CXRReadError(p, translate("errors", "Photometric Interpretation {value!r} is not MONOCHROME1 or "
                                                  "MONOCHROME2").format(
            value=photometric[:20] or translate("errors", "absent")))
    frames = _int(p, ds, "NumberOfFrames", 1)
    if frames != 1:
        raise CXRReadError(p, translate("errors", "is a multi-frame image ({frames} frames); a radiograph is one image")
                           .format(frames=frames) if frames > 1
                           else translate("errors", "Number of Frames is {frames}").format(frames=frames))
    bits_allocated = _int(p, ds, "BitsAllocated")
    bits_stored = _int(p, ds, "BitsStored", bits_allocated)
    representation = _int(p, ds, "PixelRepresentation", 0)
    if bits_allocated not in (8, 16):
        raise CXRReadError(p, translate("errors", "Bits Allocated {bits} is not supported (8 or 16)").format(
            bits=bits_allocated))
    if bits_stored is None or not (1 <= bits_stored <= bits_allocated):
        raise CXRReadError(p, translate("errors", "Bits Stored {stored} does not fit Bits Allocated {allocated}")
                           .format(stored=bits_stored, allocated=bits_allocated))
    if representation not in (0, 1):
        raise CXRReadError(p, translate("errors", "Pixel Representation {value} is not 0 or 1").format(
            value=representation))
    return rows, cols, bits_allocated, bits_stored, photometric


def _codestream_shape(frame: bytes) -> tuple[int, int] | None:
    """``(rows, columns)`` from a JPEG, JPEG-LS or JPEG 2000 frame header, if one is found."""
    if frame[:2] == b"\xff\xd8":  # JPEG family: walk the marker segments to the SOF
        i = 2
        while i + 4 <= len(frame):
            if frame[i] != 0xFF:
                return None
            marker = frame[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
                continue
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC) or marker == 0xF7:
                if i + 9 > len(frame):
                    return None
                rows = int.from_bytes(frame[i + 5:i + 7], "big")
                cols = int.from_bytes(frame[i + 7:i + 9], "big")
                return (rows, cols) if rows else None  # 0 rows: set later by a DNL marker
            if marker == 0xDA:
                return None
            i += 2 + int.from_bytes(frame[i + 2:i + 4], "big")
        return None
    j = frame.find(b"\xff\x4f\xff\x51", 0, 4096)  # JPEG 2000 SOC + SIZ (maybe inside a JP2 box)
    if j < 0 or j + 24 > len(frame):
        return None
    x, y, x0, y0 = (int.from_bytes(frame[j + k:j + k + 4], "big") for k in (8, 12, 16, 20))
    return y - y0, x - x0


def _check_rle_header(p: Path, frame: bytes, bits_allocated: int) -> None:
    """An RLE frame starts with its segment count and offsets (PS3.5 G.3.1); check them."""
    if len(frame) < 64:
        raise CXRReadError(p, translate("errors", "RLE pixel data is shorter than its 64-byte header"))
    header = np.frombuffer(frame[:64], dtype="<u4")
    n = int(header[0])
    offsets = header[1:1 + n].astype(np.int64) if 1 <= n <= 15 else None
    if (offsets is None or n != bits_allocated // 8 or offsets[0] != 64
            or np.any(np.diff(offsets) <= 0) or offsets[-1] >= len(frame)):
        raise CXRReadError(p, translate("errors", "RLE pixel data has a corrupt header (segment count or offsets)"))


def _decode(p: Path, ds: Dataset, ts: UID, rows: int, cols: int, bits_allocated: int) -> np.ndarray:
    """The stored pixel values as an integer ``(rows, cols)`` array."""
    raw = ds.PixelData
    if not isinstance(raw, (bytes, bytearray)):
        raise CXRReadError(p, translate("errors", "Pixel Data is not a byte string"))
    if ts.is_encapsulated:
        from pydicom.encaps import get_frame

        try:
            frame = get_frame(raw, 0, number_of_frames=1)
        except Exception as exc:  # noqa: BLE001
            raise CXRReadError(p, translate("errors", "compressed pixel data is corrupt ({reason})").format(
                reason=_describe(exc))) from None
        if not frame:
            raise CXRReadError(p, translate("errors", "compressed pixel data is empty"))
        if ts == "1.2.840.10008.1.2.5":
            _check_rle_header(p, frame, bits_allocated)
        found = _codestream_shape(frame)
        if found is not None and found != (rows, cols):
            raise CXRReadError(p, translate("errors", "compressed image is {found_cols} x {found_rows} px but the "
                                                      "header says {cols} x {rows}").format(
                found_cols=found[1], found_rows=found[0], cols=cols, rows=rows))
    else:
        expected = rows * cols * bits_allocated // 8
        if len(raw) < expected:
            raise CXRReadError(p, translate("errors", "pixel data is truncated: {size} bytes where {rows} x {cols} "
                                                      "at {bits} bits need {expected}").format(
                size=len(raw), rows=rows, cols=cols, bits=bits_allocated, expected=expected))
    try:
        arr = ds.pixel_array
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - every decoder has its own exceptions
        raise CXRReadError(p, translate("errors", "pixel data cannot be decoded ({syntax}; {reason})").format(
            syntax=ts.name, reason=_describe(exc))) from None
    except BaseException as exc:
        if not _is_rust_panic(exc):
            raise
        raise CXRReadError(p, translate("errors", "pixel data cannot be decoded ({syntax}; decoder failed: "
                                                  "{reason})").format(syntax=ts.name, reason=_describe(exc))) from None
    arr = np.asarray(arr)
    if arr.shape != (rows, cols) or arr.dtype.kind not in "iu":
        raise CXRReadError(p, translate("errors", "decoded pixel data has shape {shape} ({dtype}), expected "
                                                  "{rows} x {cols} integers").format(
            shape=arr.shape, dtype=arr.dtype, rows=rows, cols=cols))
    return arr  # pydicom masks bits above Bits Stored and sign-extends signed values


def _modality_values(p: Path, ds: Dataset, stored: np.ndarray, notes: list[str]) -> np.ndarray:
    """The Modality LUT (PS3.3 C.11.1) applied to the stored values, as float32."""
    if ds.get("ModalityLUTSequence"):
        from pydicom.pixels import apply_modality_lut

        values = np.asarray(apply_modality_lut(stored, ds), dtype=np.float32)
    else:
        values = stored.astype(np.float32)
        slope, intercept = _floats(ds, "RescaleSlope"), _floats(ds, "RescaleIntercept")
        if ("RescaleSlope" in ds and slope is None) or ("RescaleIntercept" in ds and intercept is None):
            notes.append(translate("cxr", "Rescale Slope or Intercept cannot be read; ignored"))
        slope_v = slope[0] if slope else 1.0
        intercept_v = intercept[0] if intercept else 0.0
        if not (math.isfinite(slope_v) and math.isfinite(intercept_v)) or slope_v == 0.0:
            raise CXRReadError(p, translate("errors", "Rescale Slope {slope:g} / Intercept {intercept:g} is invalid")
                               .format(slope=slope_v, intercept=intercept_v))
        if (slope_v, intercept_v) != (1.0, 0.0):
            values *= np.float32(slope_v)
            values += np.float32(intercept_v)
    if not np.isfinite(values).all():
        raise CXRReadError(p, translate("errors", "the Modality LUT gives non-finite pixel values"))
    return values


def _windows(ds: Dataset, notes: list[str]) -> tuple[tuple[WindowPreset, ...], str]:
    function = (_text(ds, "VOILUTFunction", "LINEAR") or "LINEAR").upper()
    if function not in VOI_FUNCTIONS:
        notes.append(translate("cxr", "unknown VOI LUT Function {function}; LINEAR used").format(
            function=repr(function[:20])))
        function = "LINEAR"
    centers, widths = _floats(ds, "WindowCenter"), _floats(ds, "WindowWidth")
    if not centers or not widths:
        return (), function
    try:
        names = ds.get("WindowCenterWidthExplanation") or []
        names = [str(names)] if isinstance(names, str) else [str(n) for n in names]
    except Exception:  # noqa: BLE001
        names = []
    presets = []
    for i, (c, w) in enumerate(zip(centers, widths)):
        if math.isfinite(c) and math.isfinite(w) and w > 0:
            presets.append(WindowPreset(c, w, names[i].strip() if i < len(names) else ""))
        else:
            notes.append(translate("cxr", "window {center}/{width} is invalid and ignored").format(
                center=f"{c:g}", width=f"{w:g}"))
    return tuple(presets), function


def _voi_image(p: Path, ds: Dataset, values: np.ndarray, windows: tuple[WindowPreset, ...],
               function: str, notes: list[str]) -> tuple[np.ndarray, str]:
    """``values`` through the file's VOI transform to [0, 1], before any inversion."""
    image, voi = None, ""
    if ds.get("VOILUTSequence"):
        try:
            image, voi = _apply_voi_lut(ds, values)
        except MemoryError:
            raise
        except Exception as exc:  # noqa: BLE001
            notes.append(translate("cxr", "VOI LUT cannot be applied ({reason}); ignored").format(
                reason=_describe(exc)))
    if image is None and windows:
        c, w, _ = windows[0]
        image, voi = apply_window(values, c, w, function), f"window {c:g}/{w:g} ({function})"
    if image is not None and float(image.min()) == float(image.max()):
        notes.append(translate("cxr", "the file's {voi} leaves the image blank; the data range is used").format(
            voi=voi))
        image = None
    if image is None:
        image, lo, hi = _data_range_image(p, values)
        voi = f"data range {lo:g}-{hi:g}"
    return image.astype(np.float32, copy=False), voi


def _apply_voi_lut(ds: Dataset, values: np.ndarray) -> tuple[np.ndarray, str]:
    """The first VOI LUT Sequence item applied to ``values``, scaled to [0, 1].

    The output is divided by ``2**n - 1`` where ``n`` is the LUT's bit depth,
    taken from the bits its data really use when that is fewer than the LUT
    Descriptor declares (a common encoding error).
    """
    from pydicom.pixels import apply_voi

    item = ds.VOILUTSequence[0]
    n_entries, first, depth = (int(v) for v in item.LUTDescriptor)
    n_entries = n_entries or 65536
    iv = np.clip(np.rint(values), first, first + n_entries - 1).astype(np.int64)
    out = np.asarray(apply_voi(iv, ds, index=0), dtype=np.float32)
    used_bits = max(int(out.max()).bit_length(), 1)
    scale = float(2 ** min(depth, used_bits) - 1)
    explanation = _text(item, "LUTExplanation", "") or ""
    return np.clip(out / np.float32(scale), 0.0, 1.0), f"VOI LUT {explanation}".strip()


def _spacing(ds: Dataset, notes: list[str]) -> tuple[tuple[float, float] | None, str | None, float | None]:
    """(row, column) spacing in mm, what kind it is, and the magnification factor used."""

    def pair(keyword: str) -> tuple[float, float] | None:
        vals = _floats(ds, keyword)
        if vals is None:
            return None
        if len(vals) == 2 and all(math.isfinite(v) and 0.0 < v < 10.0 for v in vals):
            return float(vals[0]), float(vals[1])
        shown = "\\".join(f"{v:g}" for v in vals)
        notes.append(translate("cxr", "{keyword} {values} is not a valid spacing; ignored").format(
            keyword=keyword, values=shown))
        return None

    pixel, imager = pair("PixelSpacing"), pair("ImagerPixelSpacing")
    calibration = _text(ds, "PixelSpacingCalibrationType")
    if pixel is not None and not (imager is not None and np.allclose(pixel, imager) and calibration is None):
        return pixel, "PixelSpacing", None
    if pixel is not None:  # equal to Imager Pixel Spacing, no calibration type: detector plane
        notes.append(translate("cxr", "Pixel Spacing equals Imager Pixel Spacing without a calibration type: "
                                "taken as spacing at the detector"))
    if imager is None:
        return None, None, None
    factors = _floats(ds, "EstimatedRadiographicMagnificationFactor")
    factor = factors[0] if factors else None
    if factor is not None and math.isfinite(factor) and 1.0 <= factor <= 3.0:
        return (imager[0] / factor, imager[1] / factor), "ImagerPixelSpacing", float(factor)
    if factor is not None:
        notes.append(translate("cxr", "Estimated Radiographic Magnification Factor {factor} is implausible; "
                                "ignored").format(
            factor=f"{factor:g}"))
    return imager, "ImagerPixelSpacing", None


def _patient_orientation(ds: Dataset, notes: list[str]) -> tuple[str, str] | None:
    """Patient Orientation (PS3.3 C.7.6.1.1.1): two values, each 1-3 letters of A P R L H F naming
    different body axes; anything else is ignored with a note (an orientation is never guessed)."""
    try:
        raw = ds.get("PatientOrientation")
    except Exception:  # noqa: BLE001
        raw = None
    if raw is None or raw == "":
        return None
    items = [raw] if isinstance(raw, str) else list(raw)
    values = tuple(str(v).strip().upper() for v in items)
    ok = (len(values) == 2 and all(1 <= len(v) <= 3 and set(v) <= set(_AXIS) for v in values)
          and all(len({_AXIS[ch] for ch in v}) == len(v) for v in values)
          and _AXIS[values[0][0]] != _AXIS[values[1][0]])
    if not ok:
        shown = "\\".join(values)[:20]
        notes.append(translate("cxr", "Patient Orientation {values} is not valid; no orientation shown").format(
            values=repr(shown)))
        return None
    return values[0], values[1]


def _laterality(ds: Dataset, notes: list[str]) -> str | None:
    text = (_text(ds, "ImageLaterality", "") or "").upper()
    if text in ("R", "L", "U", "B"):
        return text
    if text:
        notes.append(translate("cxr", "Image Laterality {value} is not R, L, U or B; ignored").format(
            value=repr(text[:8])))
    return None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.datetime.strptime(text[:8], "%Y%m%d").date()
    except ValueError:
        return None


def _time(text: str | None) -> dt.time | None:
    if not text:
        return None
    digits = text.split(".")[0].replace(":", "")
    try:
        return dt.time(int(digits[0:2]), int(digits[2:4] or 0), int(digits[4:6] or 0))
    except (ValueError, IndexError):
        return None


def _age_years(ds: Dataset, study: dt.date | None) -> float | None:
    text = (_text(ds, "PatientAge", "") or "").upper()
    if len(text) == 4 and text[:3].isdigit() and text[3] in "DWMY":
        n = int(text[:3])
        return round(n / {"D": 365.25, "W": 52.1775, "M": 12.0, "Y": 1.0}[text[3]], 2)
    # Computed from the birth date, which is itself not kept.
    birth = _date(_text(ds, "PatientBirthDate"))
    if birth is None or study is None or not (0 <= (study - birth).days < 130 * 365.25):
        return None
    return float(math.floor((study - birth).days / 365.25))


def _metadata(ds: Dataset, modality: str | None) -> CXRMetadata:
    study = _date(_text(ds, "StudyDate"))
    acquired = None
    for date_kw, time_kw in (("AcquisitionDate", "AcquisitionTime"), ("ContentDate", "ContentTime"),
                             ("StudyDate", "StudyTime")):
        day = _date(_text(ds, date_kw))
        if day is not None:
            acquired = dt.datetime.combine(day, _time(_text(ds, time_kw)) or dt.time())
            break
    sex = (_text(ds, "PatientSex", "") or "").upper()
    return CXRMetadata(
        age_years=_age_years(ds, study or (acquired.date() if acquired else None)),
        sex=sex if sex in ("M", "F") else None,
        acquired=acquired,
        study_date=study,
        modality=modality,
        manufacturer=_text(ds, "Manufacturer"),
        model=_text(ds, "ManufacturerModelName"),
        body_part=_text(ds, "BodyPartExamined"),
        patient_key=patient_key(_text(ds, "PatientID"), _text(ds, "PatientBirthDate")),
    )
