"""What to look for on a PACS, and what a search returns.

:class:`Query` validates the search keys once (dates, modalities, accession
number, patient ID); :class:`Study` and :class:`Series` are the typed results.
Results carry no patient name, patient ID or accession number: the
identifiers a user types are used for the query only.

References
----------
DICOM PS3.4 C.6.1.1 (Study Root Query/Retrieve Information Model, the keys of
each level); PS3.5 6.2 (value representations DA, LO, SH, UI); PS3.18 10.6
(QIDO-RS search parameters).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ph_assist.errors import InputError
from ph_assist.i18n import translate

__all__ = ["Query", "Study", "Series", "RADIOGRAPH_MODALITIES", "ECG_MODALITIES", "DEFAULT_MODALITIES",
           "RETRIEVE_SOP_CLASSES", "ECG_SOP_CLASSES", "RADIOGRAPH_SOP_CLASSES", "SR_SOP_CLASSES", "SR_MODALITY",
           "SC_SOP_CLASSES", "SC_MODALITY"]

RADIOGRAPH_MODALITIES = ("CR", "DX")
ECG_MODALITIES = ("ECG",)
DEFAULT_MODALITIES = RADIOGRAPH_MODALITIES + ECG_MODALITIES

#: PS3.4 B.5: the waveform storage classes PH-Assist reads as ECGs.
ECG_SOP_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.9.1.1": "12-lead ECG Waveform Storage",
    "1.2.840.10008.5.1.4.1.1.9.1.2": "General ECG Waveform Storage",
    "1.2.840.10008.5.1.4.1.1.9.1.3": "Ambulatory ECG Waveform Storage",
}
#: PS3.4 B.5: the projection radiograph storage classes PH-Assist reads as chest X-rays.
RADIOGRAPH_SOP_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.1": "Computed Radiography Image Storage",
    "1.2.840.10008.5.1.4.1.1.1.1": "Digital X-Ray Image Storage - For Presentation",
    "1.2.840.10008.5.1.4.1.1.1.1.1": "Digital X-Ray Image Storage - For Processing",
}
#: PS3.4 B.5: the class PH-Assist stores its assessment in (see :mod:`ph_assist.pacs.sr`).
SR_SOP_CLASSES = {"1.2.840.10008.5.1.4.1.1.88.33": "Comprehensive SR Storage"}
SR_MODALITY = "SR"
#: PS3.4 B.5: the class of the Grad-CAM overlay (see :mod:`ph_assist.pacs.overlay`); modality OT.
SC_SOP_CLASSES = {"1.2.840.10008.5.1.4.1.1.7": "Secondary Capture Image Storage"}
SC_MODALITY = "OT"
RETRIEVE_SOP_CLASSES = {**RADIOGRAPH_SOP_CLASSES, **ECG_SOP_CLASSES, **SR_SOP_CLASSES, **SC_SOP_CLASSES}

_UID = re.compile(r"^[0-9]+(\.[0-9]+)*$")
# An identifier typed for a query: no wildcard (* ?), no backslash (a second value),
# no control characters; LO is 64 characters at most (PS3.5 6.2).
_IDENT = re.compile(r"^[^*?\\\x00-\x1f\x7f]{1,64}$")


def _date(value: str | dt.date | None, what: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise InputError(what, translate("errors", "{value!r} is not a date (YYYY-MM-DD)").format(value=value))


def check_uid(value: str, what: str = "study UID") -> str:
    """A DICOM UID (PS3.5 9.1): digits and dots, 64 characters at most."""
    text = str(value).strip()
    if not (_UID.match(text) and len(text) <= 64):
        raise InputError(what, translate("errors", "{value!r} is not a DICOM UID (digits and dots, e.g. "
                                                   "1.2.840.113619.2.1)").format(value=value))
    return text


@dataclasses.dataclass(frozen=True)
class Query:
    """Search keys, validated on creation.

    Parameters
    ----------
    date_from, date_to : date or str, optional
        Study date range, inclusive (``YYYY-MM-DD`` or ``YYYYMMDD``).
    modalities : sequence of str
        Modalities to look for; default CR, DX (radiographs) and ECG.
    accession, patient_id : str, optional
        Exact identifiers (no wildcards).  Used for the query only: neither
        is logged, stored or part of any result.
    study_uid : str, optional
        One study.

    Raises
    ------
    InputError
        One line naming the key: a malformed date, a range that ends before
        it starts, an unknown modality, a wildcard in an identifier.
    """

    date_from: dt.date | str | None = None
    date_to: dt.date | str | None = None
    modalities: tuple[str, ...] = DEFAULT_MODALITIES
    accession: str | None = dataclasses.field(default=None, repr=False)
    patient_id: str | None = dataclasses.field(default=None, repr=False)
    study_uid: str | None = None

    def __post_init__(self):
        start, end = _date(self.date_from, "--from"), _date(self.date_to, "--to")
        if start and end and end < start:
            raise InputError("--to", translate("errors", "the date range ends ({end}) before it starts ({start})")
                             .format(end=end, start=start))
        mods = tuple(dict.fromkeys(m.strip().upper() for m in (self.modalities or DEFAULT_MODALITIES)))
        bad = [m for m in mods if m not in DEFAULT_MODALITIES + (SR_MODALITY, SC_MODALITY)]
        if bad:
            raise InputError("--modality", translate("errors", "{modality!r} is not one PH-Assist reads (CR, DX, ECG)")
                             .format(modality=bad[0]))
        for key, what in (("accession", "--accession"), ("patient_id", "--patient-id")):
            value = getattr(self, key)
            if value is not None and not _IDENT.match(value.strip()):
                raise InputError(what, translate("errors", "must be 1-64 characters without wildcards (* ?), "
                                                           "backslash or control characters"))  # value not echoed
            object.__setattr__(self, key, None if value is None else value.strip())
        object.__setattr__(self, "date_from", start)
        object.__setattr__(self, "date_to", end)
        object.__setattr__(self, "modalities", mods)
        if self.study_uid is not None:
            object.__setattr__(self, "study_uid", check_uid(self.study_uid, "--study"))

    def date_range(self) -> str:
        """The DICOM DA range (PS3.4 C.2.2.2.5.1): ``YYYYMMDD-YYYYMMDD``, open ends allowed; '' for any date."""
        if not (self.date_from or self.date_to):
            return ""
        fmt = "%Y%m%d"
        # __post_init__ has parsed both ends to dates (or None)
        start, end = self.date_from, self.date_to
        assert not isinstance(start, str) and not isinstance(end, str)
        return (f"{start.strftime(fmt) if start else ''}-"
                f"{end.strftime(fmt) if end else ''}")


@dataclasses.dataclass(frozen=True)
class Study:
    """A study found on the PACS (no patient name, ID or accession number)."""

    study_uid: str
    date: dt.date | None
    modalities: tuple[str, ...]
    description: str = ""
    n_series: int | None = None
    n_instances: int | None = None

    def as_dict(self) -> dict:
        """JSON-ready (dates as ISO text)."""
        d = dataclasses.asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        d["modalities"] = list(self.modalities)
        return d


@dataclasses.dataclass(frozen=True)
class Series:
    """A series found on the PACS (no patient data)."""

    study_uid: str
    series_uid: str
    modality: str
    date: dt.date | None = None
    description: str = ""
    n_instances: int | None = None

    def as_dict(self) -> dict:
        """JSON-ready (dates as ISO text)."""
        d = dataclasses.asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


def parse_da(value: object) -> dt.date | None:
    """A DICOM DA value (``YYYYMMDD``) as a date; None where empty or malformed."""
    text = str(value or "").strip()
    try:
        return dt.datetime.strptime(text[:8], "%Y%m%d").date() if text else None
    except ValueError:
        return None


def parse_int(value: object) -> int | None:
    """An IS value as int; None where empty or malformed."""
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None
