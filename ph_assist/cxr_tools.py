"""Reading tools for a chest radiograph: window presets, orientation, cardiothoracic ratio, header view.

The Qt-free half of the viewer's tools (:mod:`ph_assist.gui.cxr_view` draws
them); every function takes a :class:`~ph_assist.io.cxr.CXR` or plain values.

* :func:`window_presets`: *Lung* and *Mediastinum* windows made from the
  image's own histogram, then the file's windows (Window Center/Width).
* :func:`edge_labels`: the patient direction at each image edge from Patient
  Orientation (0020,0020); ``None`` when the file does not say (an
  orientation is never guessed from View Position or the anatomy).
* :func:`cardiothoracic_ratio`: the ratio of two horizontal widths, in mm
  only where the pixel spacing is calibrated.
* :func:`dicom_header`: the file's header as rows, with identifiers never
  shown and free text withheld unless asked for, as ``ph-assist inspect``
  does.

References
----------
.. [1] DICOM PS3.3, C.7.6.1.1.1 (Patient Orientation), C.7.6.2 (Image
   Laterality), C.8.11.5 (View Position), C.11.2.1.2 (Window Center/Width).
.. [2] DICOM PS3.15, Annex E: Attribute Confidentiality Profiles (Table E.1-1).
.. [3] Danzer CS. The cardiothoracic ratio: an index of cardiac enlargement.
   Am J Med Sci 1919;157:513-521.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from ph_assist.errors import CXRReadError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.io.cxr import CXR, WindowPreset
from ph_assist.io.safe_csv import file_ref

__all__ = [
    "LUNG_PERCENTILES", "MEDIASTINUM_PERCENTILES", "lung_window", "mediastinum_window", "window_presets",
    "EdgeLabels", "edge_labels", "Width", "CTRResult", "cardiothoracic_ratio", "ctr_for",
    "HeaderRow", "HeaderView", "dicom_header", "IDENTIFIER_KEYWORDS", "FREE_TEXT_KEYWORDS",
]

# --------------------------------------------------------------------------- window presets

#: Attenuation percentiles (low, high) of the central image that bound each window.
LUNG_PERCENTILES = (1.0, 65.0)
MEDIASTINUM_PERCENTILES = (35.0, 99.5)
_SAMPLE_PX = 250_000  # pixels the percentiles are computed on (a regular subsample)


def _attenuation_percentiles(cxr: CXR, qs: tuple[float, float]) -> tuple[float, float]:
    """Percentiles ``qs`` of the central 80 % of the image, ordered by attenuation, in ``values`` units.

    The central crop leaves out collimator borders and burnt-in labels.  For
    MONOCHROME1 a higher stored value is *less* attenuation, so the
    percentiles are taken of ``-values`` and mapped back.
    """
    v = cxr.values
    h, w = v.shape
    crop = v[h // 10: h - h // 10, w // 10: w - w // 10]
    step = max(1, math.ceil(math.sqrt(crop.size / _SAMPLE_PX)))
    sample = np.asarray(crop[::step, ::step], dtype=np.float64).ravel()
    sign = -1.0 if cxr.photometric == "MONOCHROME1" else 1.0
    lo, hi = np.percentile(sign * sample, qs)
    return float(sign * lo), float(sign * hi)


def _window_between(a: float, b: float, name: str) -> WindowPreset:
    lo, hi = min(a, b), max(a, b)
    return WindowPreset((lo + hi) / 2.0, max(hi - lo, 2.0), name)


def lung_window(cxr: CXR) -> WindowPreset:
    """A window for the lung fields: the darker (less attenuating) part of the image.

    Spans the :data:`LUNG_PERCENTILES` of the central image by attenuation,
    so lung vessels and parenchyma get the grey range and the mediastinum
    and bone go white.

    Notes
    -----
    A radiograph's pixel values are not calibrated attenuation (unlike CT's
    Hounsfield units), so CT's lung window (W 1500 / L -600 HU) has no
    meaning here; the window is made from this image's own histogram and is
    the same whether the file is MONOCHROME1 or MONOCHROME2.
    """
    return _window_between(*_attenuation_percentiles(cxr, LUNG_PERCENTILES), "Lung")


def mediastinum_window(cxr: CXR) -> WindowPreset:
    """A window for the mediastinum, heart and spine: the brighter (more attenuating) part.

    Spans the :data:`MEDIASTINUM_PERCENTILES` of the central image by
    attenuation: the lungs go black, the heart borders, spine and
    retrocardiac region get the grey range.  See :func:`lung_window`.
    """
    return _window_between(*_attenuation_percentiles(cxr, MEDIASTINUM_PERCENTILES), "Mediastinum")


def window_presets(cxr: CXR) -> tuple[WindowPreset, ...]:
    """Lung, Mediastinum, then the file's own windows (``cxr.windows``, unnamed ones "Window i")."""
    own = tuple(WindowPreset(w.center, w.width, w.name or f"Window {i + 1}") for i, w in enumerate(cxr.windows))
    return (lung_window(cxr), mediastinum_window(cxr), *own)


# --------------------------------------------------------------------------- orientation

_OPPOSITE = {"A": "P", "P": "A", "R": "L", "L": "R", "H": "F", "F": "H"}
_DIRECTION_NAMES = {"A": QT_TRANSLATE_NOOP("cxr_tools", "anterior"),
                    "P": QT_TRANSLATE_NOOP("cxr_tools", "posterior"),
                    "R": QT_TRANSLATE_NOOP("cxr_tools", "patient's right"),
                    "L": QT_TRANSLATE_NOOP("cxr_tools", "patient's left"),
                    "H": QT_TRANSLATE_NOOP("cxr_tools", "head"),
                    "F": QT_TRANSLATE_NOOP("cxr_tools", "feet")}
_EDGE_NAMES = {"left": QT_TRANSLATE_NOOP("cxr_tools", "image left = {direction}"),
               "right": QT_TRANSLATE_NOOP("cxr_tools", "image right = {direction}"),
               "top": QT_TRANSLATE_NOOP("cxr_tools", "image top = {direction}"),
               "bottom": QT_TRANSLATE_NOOP("cxr_tools", "image bottom = {direction}")}


@dataclasses.dataclass(frozen=True)
class EdgeLabels:
    """The patient direction towards each image edge (``"L"``, ``"R"``, ``"H"``, ``"F"``, ``"A"``, ``"P"``
    or a combination for an oblique axis such as ``"LF"``)."""

    left: str
    right: str
    top: str
    bottom: str

    def side_of(self, letter: str) -> str | None:
        """The edge (``"left"``, ``"right"``, ``"top"``, ``"bottom"``) whose label starts with ``letter``."""
        for edge in ("left", "right", "top", "bottom"):
            if getattr(self, edge)[:1] == letter:
                return edge
        return None

    def describe(self) -> str:
        """One line: ``"image left = patient's right, image right = patient's left, ..."``."""
        return translate("cxr_tools", ", ").join(
            translate("cxr_tools", _EDGE_NAMES[edge]).format(
                direction=translate("cxr_tools", _DIRECTION_NAMES[getattr(self, edge)[0]]))
            for edge in ("left", "right", "top", "bottom"))


def edge_labels(patient_orientation: tuple[str, str] | None) -> EdgeLabels | None:
    """The patient direction at each image edge, from Patient Orientation; ``None`` without it.

    Patient Orientation's first value is the direction of the rows (from the
    first column towards the last: the image's right edge), its second the
    direction of the columns (from the first row towards the last: the
    bottom edge) [1]_.  The opposite edges get the opposite letters.  A
    standard PA chest film reads ``("L", "F")``: the patient's right on the
    image's left.

    View Position and Image Laterality do not say how the image is stored
    (a PA film can be stored mirrored), so nothing is derived from them:
    without a valid Patient Orientation there is no label.

    References
    ----------
    .. [1] DICOM PS3.3, C.7.6.1.1.1 Patient Orientation.
    """
    if patient_orientation is None:
        return None
    rows, cols = (str(v).upper() for v in patient_orientation)
    if not rows or not cols or not set(rows + cols) <= set(_OPPOSITE):
        return None
    flip = lambda s: "".join(_OPPOSITE[ch] for ch in s)  # noqa: E731
    return EdgeLabels(left=flip(rows), right=rows, top=flip(cols), bottom=cols)


# --------------------------------------------------------------------------- cardiothoracic ratio


@dataclasses.dataclass(frozen=True)
class Width:
    """A horizontal width on the image: image row ``row`` from column ``col0`` to ``col1`` (pixel centres)."""

    row: float
    col0: float
    col1: float

    @property
    def pixels(self) -> float:
        return abs(float(self.col1) - float(self.col0))


@dataclasses.dataclass(frozen=True)
class CTRResult:
    """A cardiothoracic ratio and the widths it came from.

    ``cardiac_mm`` / ``thoracic_mm`` are set only where the spacing is
    calibrated (mm at the patient); otherwise the widths are in pixels only
    and ``unit`` is ``"px"``.  ``notes`` say what limits the reading.
    """

    ratio: float
    cardiac_px: float
    thoracic_px: float
    cardiac_mm: float | None
    thoracic_mm: float | None
    spacing_label: str
    notes: tuple[str, ...] = ()

    @property
    def unit(self) -> str:
        return "mm" if self.cardiac_mm is not None else "px"

    @property
    def text(self) -> str:
        """One line: ``"CTR 0.48 (cardiac 132.0 mm / thoracic 275.0 mm)"``, or the widths in ``px``."""
        if self.cardiac_mm is not None and self.thoracic_mm is not None:
            widths = translate("cxr_tools", "cardiac {cardiac} mm / thoracic {thoracic} mm").format(
                cardiac=f"{self.cardiac_mm:.1f}", thoracic=f"{self.thoracic_mm:.1f}")
        else:
            widths = translate("cxr_tools", "cardiac {cardiac} px / thoracic {thoracic} px").format(
                cardiac=f"{self.cardiac_px:.0f}", thoracic=f"{self.thoracic_px:.0f}")
        return f"CTR {self.ratio:.2f} ({widths})"


def cardiothoracic_ratio(cardiac: Width, thoracic: Width, *, column_spacing_mm: float | None = None,
                         spacing_label: str = "no pixel spacing: sizes in pixels only",
                         view_position: str | None = None) -> CTRResult:
    """The cardiothoracic ratio: maximal cardiac width / maximal internal thoracic width [1]_.

    Parameters
    ----------
    cardiac, thoracic : Width
        The two horizontal widths, in image pixels.
    column_spacing_mm : float, optional
        mm per pixel along a row *at the patient* (calibrated spacing only);
        None gives the widths in pixels.  The ratio does not depend on it:
        both widths are horizontal.
    spacing_label : str
        What the spacing measures, for the notes (``CXR.spacing_label``).
    view_position : {"PA", "AP", "LL"}, optional
        An AP or lateral film gets a note: the ratio is defined on a PA film.

    Returns
    -------
    CTRResult

    Raises
    ------
    ValueError
        For a width that is not finite or not > 0, or an invalid spacing.

    References
    ----------
    .. [1] Danzer CS. The cardiothoracic ratio: an index of cardiac
       enlargement. Am J Med Sci 1919;157:513-521.
    """
    c_px, t_px = cardiac.pixels, thoracic.pixels
    for name, value in (("cardiac", c_px), ("thoracic", t_px)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"the {name} width must be > 0 pixels, got {value!r}")
    notes = []
    c_mm = t_mm = None
    if column_spacing_mm is not None:
        s = float(column_spacing_mm)
        if not (math.isfinite(s) and s > 0):
            raise ValueError(f"invalid column spacing {column_spacing_mm!r} mm")
        c_mm, t_mm = c_px * s, t_px * s
    else:
        notes.append(translate("cxr_tools", "widths in pixels, not mm ({spacing})").format(
            spacing=_spacing_text(spacing_label)))
    if c_px > t_px:
        notes.append(translate("cxr_tools", "the cardiac width exceeds the thoracic width: check which line is which"))
    if view_position == "AP":
        notes.append(translate("cxr_tools", "AP film: the heart is magnified; the ratio's PA reference values do not "
                                            "apply"))
    elif view_position == "LL":
        notes.append(translate("cxr_tools", "lateral film: the cardiothoracic ratio is measured on a PA film"))
    return CTRResult(c_px / t_px, c_px, t_px, c_mm, t_mm, spacing_label, tuple(notes))


def _spacing_text(label: str) -> str:
    """``CXR.spacing_label`` in the interface language (the labels are catalogued in context ``cxr_view``)."""
    m = re.fullmatch(r"mm at the patient, estimated: Imager Pixel Spacing / magnification factor (\S+)", label)
    if m:
        return translate("cxr_view", "mm at the patient, estimated: Imager Pixel Spacing / magnification factor "
                                     "{factor}").format(factor=m.group(1))
    return translate("cxr_view", label)


def ctr_for(cxr: CXR, cardiac: Width, thoracic: Width) -> CTRResult:
    """:func:`cardiothoracic_ratio` with the spacing and view of ``cxr`` (mm only if ``cxr.spacing_calibrated``)."""
    spacing = cxr.pixel_spacing_mm[1] if cxr.spacing_calibrated and cxr.pixel_spacing_mm else None
    return cardiothoracic_ratio(cardiac, thoracic, column_spacing_mm=spacing, spacing_label=cxr.spacing_label,
                                view_position=cxr.view_position)


# --------------------------------------------------------------------------- header view

#: Attributes that identify the patient, the study or a person (after PS3.15 Table E.1-1): never shown.
#: Every PN (person name) and every instance UID is treated the same way.
IDENTIFIER_KEYWORDS = frozenset({
    "PatientName", "PatientID", "IssuerOfPatientID", "OtherPatientIDs", "OtherPatientIDsSequence",
    "OtherPatientNames", "PatientBirthDate", "PatientBirthTime", "PatientBirthName", "PatientMotherBirthName",
    "PatientAddress", "PatientTelephoneNumbers", "PatientTelecomInformation", "MedicalRecordLocator",
    "PatientInsurancePlanCodeSequence", "PatientPrimaryLanguageCodeSequence", "MilitaryRank", "BranchOfService",
    "CountryOfResidence", "RegionOfResidence", "EthnicGroup", "PatientReligiousPreference",
    "AccessionNumber", "StudyID", "AdmissionID", "IssuerOfAdmissionIDSequence", "VisitComments",
    "InstitutionName", "InstitutionAddress", "InstitutionalDepartmentName", "StationName",
    "DeviceSerialNumber", "RequestedProcedureID", "ScheduledProcedureStepID", "PerformedProcedureStepID",
    "RequestAttributesSequence", "ReferencedPatientSequence", "ReferencedStudySequence",
    "PatientComments", "ImageComments", "AdditionalPatientHistory", "PatientState",
})
#: Coded attributes that hold free text in practice; ``ph-assist inspect`` withholds them too.
FREE_TEXT_KEYWORDS = frozenset({"BodyPartExamined"})
_FREE_TEXT_VRS = frozenset({"LO", "SH", "LT", "ST", "UT", "UC", "UR", "AE"})
_BINARY_VRS = frozenset({"OB", "OW", "OF", "OD", "OL", "OV", "UN"})
_IDENTIFIER_PARTS = ("Birth", "Address", "Telephone", "PatientID")
MAX_HEADER_ROWS = 2000
_MAX_DEPTH = 8
_MAX_VALUE_CHARS = 120
_MAX_VALUES = 16


@dataclasses.dataclass(frozen=True)
class HeaderRow:
    """One header element: ``withheld`` is None (shown), ``"identifier"``, ``"free text"`` or ``"private"``."""

    tag: str  # "(0010,0010)"
    name: str
    vr: str
    value: str
    depth: int = 0
    withheld: str | None = None


@dataclasses.dataclass(frozen=True)
class HeaderView:
    """A DICOM header as rows, the file named by :func:`~ph_assist.io.safe_csv.file_ref` unless
    ``show_text``; counts of what was withheld."""

    file: str
    rows: tuple[HeaderRow, ...]
    identifiers_withheld: int
    free_text_withheld: int
    truncated: bool = False

    def text(self) -> str:
        """Plain text, one element a line, sequences indented."""
        return "\n".join(f"{'  ' * r.depth}{r.tag} {r.vr:<2} {r.name}: {r.value}" for r in self.rows)


_WITHHELD_KINDS = {"identifier": QT_TRANSLATE_NOOP("cxr_tools", "identifier"),
                   "free text": QT_TRANSLATE_NOOP("cxr_tools", "free text"),
                   "private": QT_TRANSLATE_NOOP("cxr_tools", "private")}
_WITHHELD_WHY = {"identifier": QT_TRANSLATE_NOOP("cxr_tools", "identifier"),
                 "free text": QT_TRANSLATE_NOOP("cxr_tools", "free text: may identify the patient"),
                 "private": QT_TRANSLATE_NOOP("cxr_tools", "private element")}


def _withheld_kind(elem: Any, keyword: str, show_text: bool) -> str | None:
    if elem.tag.is_private:
        return "private"
    vr = str(elem.VR)
    if (vr == "PN" or keyword in IDENTIFIER_KEYWORDS
            or (vr in ("LO", "SH", "DA", "DT", "TM", "PN") and any(p in keyword for p in _IDENTIFIER_PARTS))):
        return "identifier"
    if vr == "UI":
        from pydicom.uid import UID_dictionary

        values = elem.value if isinstance(elem.value, (list, tuple)) else [elem.value]
        return None if all(str(v) in UID_dictionary for v in values) else "identifier"
    if not show_text and (vr in _FREE_TEXT_VRS or keyword in FREE_TEXT_KEYWORDS):
        return "free text"
    return None


def _format_value(elem: Any) -> str:
    vr, value = str(elem.VR), elem.value
    if vr in _BINARY_VRS or isinstance(value, (bytes, bytearray)):
        return f"<{len(value) if value is not None else 0} bytes>"
    if vr == "UI":
        from pydicom.uid import UID

        items = value if isinstance(value, (list, tuple)) else [value]
        return "\\".join(UID(str(v)).name for v in items)
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        items = list(value)
        text = "\\".join(str(v) for v in items[:_MAX_VALUES])
        if len(items) > _MAX_VALUES:
            text += f"\\... ({len(items)} values)"
    else:
        text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 3] + "..."


def _walk(ds: Any, depth: int, show_text: bool) -> Iterator[HeaderRow]:
    for elem in ds:
        keyword = elem.keyword or ""
        tag = f"({elem.tag.group:04X},{elem.tag.element:04X})"
        name = elem.name if not elem.tag.is_private else "Private element"
        kind = _withheld_kind(elem, keyword, show_text)
        vr = str(elem.VR)
        if vr == "SQ":
            items = list(elem.value or [])
            if kind is not None:  # a sequence of identifiers: not even its items are walked
                yield HeaderRow(tag, name, vr, translate("cxr_tools", "withheld ({kind}; {n} item(s))").format(
                    kind=translate("cxr_tools", _WITHHELD_KINDS[kind]), n=len(items)), depth, kind)
                continue
            yield HeaderRow(tag, name, vr, translate("cxr_tools", "{n} item(s)").format(n=len(items)), depth)
            if depth + 1 >= _MAX_DEPTH:
                continue
            for i, item in enumerate(items, 1):
                yield HeaderRow("", translate("cxr_tools", "Item {i}").format(i=i), "", "", depth + 1)
                yield from _walk(item, depth + 2, show_text)
            continue
        if kind is not None:
            what = translate("cxr_tools", _WITHHELD_WHY[kind])
            yield HeaderRow(tag, name, vr, translate("cxr_tools", "withheld ({what})").format(what=what), depth, kind)
            continue
        yield HeaderRow(tag, name, vr, _format_value(elem), depth)


def dicom_header(path: str | os.PathLike, *, show_text: bool = False, max_rows: int = MAX_HEADER_ROWS) -> HeaderView:
    """The DICOM header of ``path`` (file meta and data set, pixel data left out) as rows.

    What is never shown, with or without ``show_text`` (after DICOM PS3.15
    Table E.1-1 [1]_): person names (every PN), patient IDs, birth date and
    time, addresses, accession and study IDs, institution and station
    names, device serial numbers, comments (:data:`IDENTIFIER_KEYWORDS`),
    instance UIDs (a UID is shown only when it is a registered DICOM UID
    such as a SOP class or transfer syntax) and private elements.

    What is withheld unless ``show_text``, as ``ph-assist inspect`` does
    without ``--show-text``: free text (LO, SH, LT, ST, UT, UC, UR and AE
    values, and Body Part Examined), and the file's name (shown as
    ``file:<hash>``).  Binary values show their length only.

    Raises
    ------
    CXRReadError
        When the file cannot be read as DICOM.

    References
    ----------
    .. [1] DICOM PS3.15, Annex E, Table E.1-1 Application Level Confidentiality Profile Attributes.
    """
    import pydicom

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(os.fspath(path), stop_before_pixels=True, force=True)
            meta = getattr(ds, "file_meta", None)
            if "SOPClassUID" not in ds and "Rows" not in ds and (meta is None or "TransferSyntaxUID" not in meta):
                raise CXRReadError(path, translate("errors", "is not a DICOM file (no SOP Class, Rows or Transfer "
                                                             "Syntax)"))
            rows: list[HeaderRow] = []
            truncated = False
            sources = ([meta] if meta is not None and len(meta) else []) + [ds]
            for source in sources:
                for row in _walk(source, 0, show_text):
                    if len(rows) >= max_rows:
                        truncated = True
                        break
                    rows.append(row)
    except (MemoryError, CXRReadError):
        raise
    except Exception as exc:  # noqa: BLE001 - pydicom raises anything on a bad header
        raise CXRReadError(path, translate("errors", "DICOM header cannot be read ({error_type})").format(
            error_type=type(exc).__name__)) from None

    n_id = sum(r.withheld in ("identifier", "private") for r in rows)
    n_text = sum(r.withheld == "free text" for r in rows)
    name = os.fspath(path) if show_text else (file_ref(path) or "")
    return HeaderView(name, tuple(rows), n_id, n_text, truncated)
