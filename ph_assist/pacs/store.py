"""Retrieved instances into a case folder: one DICOM file each, written atomically.

File names are ``<kind>_<hash>.dcm`` (``cxr_`` or ``ecg_`` and 16 hex digits of the
SHA-256 of the SOP Instance UID): stable, so a second retrieval overwrites
rather than duplicates, and free of patient data.  A file is first written as
a hidden temporary and then renamed, so an interrupted retrieval leaves only
complete files (and :func:`ph_assist.cases.folder_case_files` skips hidden
ones).  Qt-free.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

from ph_assist.pacs.query import ECG_SOP_CLASSES, RADIOGRAPH_SOP_CLASSES, SC_SOP_CLASSES, SR_SOP_CLASSES

__all__ = ["Retrieved", "CaseFolder", "kind_of", "RetrievalCancelled"]


class RetrievalCancelled(Exception):
    """Raised inside a retrieval when the caller cancelled it (turned into a PACSError by :func:`ph_assist.pacs.get`)."""


def kind_of(sop_class_uid: str) -> str | None:
    """``"cxr"``, ``"ecg"``, ``"sr"`` (an assessment SR), ``"overlay"`` (a Secondary Capture) or None."""
    uid = str(sop_class_uid)
    if uid in RADIOGRAPH_SOP_CLASSES:
        return "cxr"
    if uid in ECG_SOP_CLASSES:
        return "ecg"
    if uid in SR_SOP_CLASSES:
        return "sr"
    if uid in SC_SOP_CLASSES:
        return "overlay"
    return None


@dataclasses.dataclass(frozen=True)
class Retrieved:
    """One file written by a retrieval."""

    path: Path
    kind: str  # "cxr", "ecg", "sr" or "overlay"
    study_uid: str
    series_uid: str
    sop_class_uid: str

    def as_dict(self) -> dict:
        """JSON-ready."""
        return {"path": str(self.path), "kind": self.kind, "study_uid": self.study_uid,
                "series_uid": self.series_uid, "sop_class_uid": self.sop_class_uid}


class CaseFolder:
    """A local case folder that retrieved datasets are saved into.

    Parameters
    ----------
    folder : path-like
        Created if missing (with its parents).
    """

    def __init__(self, folder: str | os.PathLike, *, on_save=None, cancelled=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.on_save = on_save  # called with each Retrieved, e.g. to show progress
        self.cancelled = cancelled or (lambda: False)  # polled before each file: True stops the retrieval
        self.written_: list[Retrieved] = []
        self.skipped_: int = 0

    def save(self, ds, file_meta=None) -> Retrieved | None:
        """Write one pydicom Dataset; skip (and count) classes that are neither radiograph nor ECG.

        Parameters
        ----------
        ds : pydicom.Dataset
            The instance as received.
        file_meta : pydicom.dataset.FileMetaDataset, optional
            Its file meta information (DIMSE gives it separately).
        """
        if self.cancelled():
            raise RetrievalCancelled()
        if file_meta is not None:
            ds.file_meta = file_meta
        sop_class = str(ds.get("SOPClassUID", "") or getattr(ds.get("file_meta"), "MediaStorageSOPClassUID", ""))
        kind = kind_of(sop_class)
        if kind is None:
            self.skipped_ += 1
            return None
        sop_uid = str(ds.SOPInstanceUID)
        name = f"{kind}_{hashlib.sha256(sop_uid.encode('ascii', 'replace')).hexdigest()[:16]}.dcm"
        target = self.folder / name
        tmp = self.folder / f".{name}.part"
        try:
            ds.save_as(tmp, enforce_file_format=True)
            os.replace(tmp, target)
        except OSError as exc:  # name the file the user will look for, not the temporary
            raise OSError(exc.errno, exc.strerror, str(target)) from None
        finally:
            tmp.unlink(missing_ok=True)
        item = Retrieved(target, kind, str(ds.get("StudyInstanceUID", "")), str(ds.get("SeriesInstanceUID", "")),
                         sop_class)
        self.written_.append(item)
        if self.on_save is not None:
            self.on_save(item)
        return item
