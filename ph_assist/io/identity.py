"""Whether two loaded files belong to the same patient, without keeping who the patient is.

A reader that can see the patient ID (and birth date) in its file passes them to
:func:`patient_key`, which returns a :class:`PatientKey`: keyed hashes (HMAC-SHA256) of the
normalised values under a random salt drawn once per process (:func:`secrets.token_bytes`).
Only the key is kept on the loaded object (``ECG.metadata.patient_key``,
``CXR.metadata.patient_key``); the identifier and birth date themselves are dropped at once.
The salt never leaves memory, so a key cannot be compared with one from another run, looked
up in a table of hashed IDs, or written anywhere useful; keys are not part of any
``to_dict``/``summary`` and their ``repr`` shows nothing.

:func:`same_patient` compares two keys and :func:`patient_mismatch` two loaded objects:
``True`` when the files belong to different patients, ``False`` when to the same one and
``None`` when it cannot be told (a file without a patient ID, such as WFDB or PNG, or a
placeholder ID such as ``"anonymous"`` or ``"xxxxxx"``).  Unknown never warns.

Rules
-----
* IDs are compared after trimming, collapsing inner white space and case folding; DICOM
  pads values with spaces or NUL (PS3.5 6.2), XML writers differ in case.
* Birth dates are compared only when both files carry one (as a calendar date); two files
  with the same ID but different birth dates are different patients.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import re
import secrets

__all__ = ["PatientKey", "patient_key", "same_patient", "patient_mismatch"]

#: Drawn once per process; never stored, logged or exported.
_SALT = secrets.token_bytes(32)

#: IDs that name nobody (anonymised or test exports): treated as unknown.
_PLACEHOLDERS = frozenset({
    "anonymous", "anonymized", "anonymised", "anon", "unknown", "none", "null", "n/a", "na",
    "nil", "-", "?", "patient", "patientid", "patient id", "id", "test",
})


@dataclasses.dataclass(frozen=True, eq=False)
class PatientKey:
    """Keyed hashes of one file's patient ID and birth date (see the module docstring).

    Attributes
    ----------
    id_digest : bytes
        HMAC-SHA256 of the normalised patient ID.
    birth_digest : bytes or None
        HMAC-SHA256 of the birth date (ISO), or None when the file has none.
    """

    id_digest: bytes = dataclasses.field(repr=False)
    birth_digest: bytes | None = dataclasses.field(default=None, repr=False)

    def __repr__(self) -> str:
        return "PatientKey(<hidden>)"


def _digest(kind: str, value: str) -> bytes:
    return hmac.new(_SALT, f"{kind}\x00{value}".encode("utf-8"), hashlib.sha256).digest()


def _normal_id(value: object) -> str | None:
    text = " ".join(str(value or "").replace("\x00", " ").split()).casefold()
    if not text or text in _PLACEHOLDERS or len(set(text)) == 1:
        return None  # empty, a placeholder, or one character repeated ("xxxxxx", "9999")
    return text


def _normal_date(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    digits = re.sub(r"[^0-9]", "", str(value or ""))  # DICOM DA "19530508", ISO "1953-05-08"
    if len(digits) < 8:
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return None


def patient_key(patient_id: object, birth_date: object = None) -> PatientKey | None:
    """The :class:`PatientKey` of a file's patient ID and birth date, or None when the ID is unknown.

    Parameters
    ----------
    patient_id : str or None
        The patient ID as the file stores it (DICOM PatientID (0010,0020), an XML patient id).
    birth_date : datetime.date, datetime.datetime, str or None
        The birth date (a date, or text holding YYYYMMDD / YYYY-MM-DD).

    Returns
    -------
    PatientKey or None
        None for an empty or placeholder ID: such a file never takes part in a comparison.
    """
    pid = _normal_id(patient_id)
    if pid is None:
        return None
    born = _normal_date(birth_date)
    return PatientKey(_digest("id", pid), _digest("birth", born) if born else None)


def same_patient(a: PatientKey | None, b: PatientKey | None) -> bool | None:
    """True when both keys name the same patient, False when different ones, None when unknown."""
    if a is None or b is None:
        return None
    if not hmac.compare_digest(a.id_digest, b.id_digest):
        return False
    if a.birth_digest is not None and b.birth_digest is not None:
        return hmac.compare_digest(a.birth_digest, b.birth_digest)
    return True


def key_of(obj: object) -> PatientKey | None:
    """The patient key of a loaded ECG or CXR (its ``metadata.patient_key``), or None."""
    key = getattr(getattr(obj, "metadata", None), "patient_key", None)
    return key if isinstance(key, PatientKey) else None


def patient_mismatch(ecg: object, cxr: object) -> bool | None:
    """Whether an ECG and a chest X-ray belong to different patients.

    Parameters
    ----------
    ecg, cxr : ECG, CXR or None
        Loaded objects (anything with ``metadata.patient_key``).

    Returns
    -------
    bool or None
        True: different patients (warn); False: the same patient; None: either is missing or
        does not say who the patient is (never warn).
    """
    same = same_patient(key_of(ecg), key_of(cxr))
    return None if same is None else not same
