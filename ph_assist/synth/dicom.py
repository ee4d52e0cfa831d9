"""The anonymous DICOM header shared by the synthetic ECG and CXR files."""

from __future__ import annotations

from typing import Any

# Identifying attributes written empty: the data are synthetic and carry no identity.
_EMPTY = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime",
          "StudyID", "AccessionNumber", "ReferringPhysicianName")


def synthetic_dataset(*, sop_class: str, kind: str, uid_seed: Any, modality: str, manufacturer: str,
                      site_name: str, series_description: str):
    """A pydicom ``Dataset`` with file meta, deterministic UIDs and empty identifiers.

    UIDs derive from ``uid_seed`` and ``kind`` ("ecg" or "cxr"), so the same
    cohort seed writes byte-identical files.
    """
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid

    sop_uid = generate_uid(entropy_srcs=[uid_seed, f"{kind}-instance"])
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(sop_class)
    meta.MediaStorageSOPInstanceUID = sop_uid
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop_uid
    ds.StudyInstanceUID = generate_uid(entropy_srcs=[uid_seed, "study"])
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=[uid_seed, f"{kind}-series"])
    ds.Modality = modality
    ds.Manufacturer = manufacturer
    ds.InstitutionName = f"Synthetic site {site_name}"
    ds.SeriesDescription = series_description
    for name in _EMPTY:
        setattr(ds, name, "")
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    return ds
