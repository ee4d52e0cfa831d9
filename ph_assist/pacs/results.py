"""What PH-Assist stores back on the PACS for one assessed case: the SR and the Grad-CAM overlay.

:func:`result_instances` builds, from an assessment and the case it was
computed from, the assessment's Comprehensive SR (:mod:`ph_assist.pacs.sr`)
and, where the radiograph is a DICOM instance with a Grad-CAM map, its overlay
as a Secondary Capture (:mod:`ph_assist.pacs.overlay`).  Both join the
radiograph's study (the ECG's when there is no radiograph).  The same function
serves ``ph-assist assess --store`` and the GUI's "Send to PACS".  Qt-free.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path

from ph_assist.errors import InputError
from ph_assist.i18n import translate

__all__ = ["ResultInstance", "result_instances", "write_instances"]


@dataclasses.dataclass(frozen=True)
class ResultInstance:
    """One DICOM instance made from an assessment."""

    kind: str  # "sr" (the assessment) or "overlay" (the Grad-CAM Secondary Capture)
    dataset: object  # pydicom.Dataset

    @property
    def sop_instance_uid(self) -> str:
        return str(self.dataset.SOPInstanceUID)  # type: ignore[attr-defined]

    def as_dict(self) -> dict:
        """JSON-ready: the kind and the SOP Instance UID only."""
        return {"kind": self.kind, "sop_instance_uid": self.sop_instance_uid}


def _dicom_source(obj, fmt: str):
    """The DICOM dataset an input was read from, or None for another format."""
    if obj is None or getattr(obj, "source_format", "") != fmt:
        return None
    import pydicom

    path = obj.source_path
    try:
        return pydicom.dcmread(path, stop_before_pixels=True)
    except (OSError, pydicom.errors.InvalidDicomError) as exc:
        raise InputError(path, translate("errors", "cannot be read again to reference it ({reason})").format(
            reason=getattr(exc, 'strerror', None) or exc)) from None


def result_instances(result, case, *, overlay: bool = True) -> list[ResultInstance]:
    """The assessment SR and, where possible, the Grad-CAM overlay of one case.

    Parameters
    ----------
    result : ph_assist.assessment.Assessment
    case : ph_assist.cases.Case
        The inputs ``result`` was computed from; the radiograph and/or ECG
        must be DICOM instances (their study and patient are the SR's).
    overlay : bool
        Also the overlay (needs a DICOM radiograph and ``result.cxr_cam``).

    Returns
    -------
    list of ResultInstance
        The SR first, then the overlay when made.

    Raises
    ------
    InputError
        Neither input is a DICOM instance.
    """
    from ph_assist.pacs.sr import assessment_sr

    cxr_ds = _dicom_source(case.cxr, "dicom-cxr")
    ecg_ds = _dicom_source(case.ecg, "dicom-ecg")
    evidence = [ds for ds in (cxr_ds, ecg_ds) if ds is not None]
    if not evidence:
        raise InputError(None, translate("errors", "storing on a PACS needs a DICOM radiograph or ECG (its study and "
                                                   "patient are the result's); these inputs are other formats"))
    out = [ResultInstance("sr", assessment_sr(result, evidence))]
    if overlay and cxr_ds is not None and result.cxr_cam is not None:
        from ph_assist.pacs.overlay import overlay_sc

        out.append(ResultInstance("overlay", overlay_sc(result, case.cxr, cxr_ds)))
    return out


def write_instances(instances: list[ResultInstance], folder: str | os.PathLike) -> list[Path]:
    """Save instances as ``<kind>_<hash>.dcm`` in ``folder`` (hash of the SOP Instance UID; no patient data)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in instances:
        name = f"{item.kind}_{hashlib.sha256(item.sop_instance_uid.encode('ascii')).hexdigest()[:16]}.dcm"
        item.dataset.save_as(target / name, enforce_file_format=True)  # type: ignore[attr-defined]
        paths.append(target / name)
    return paths
