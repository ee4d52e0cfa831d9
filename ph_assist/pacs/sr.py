"""An assessment as a DICOM Comprehensive SR (highdicom), and back.

:func:`assessment_sr` writes the fused PH risk, its category, each
modality's sub-score, the model bundle and its banner into a Comprehensive
SR that references the radiograph and the ECG it was computed from (and
inherits their patient and study, as highdicom does from the first evidence
instance).  :func:`read_assessment_sr` reads those values back from any such
SR, e.g. one retrieved from the PACS again.  Concept names use a private
coding scheme (``99PHASSIST``): this is not a standard template.  highdicom
is imported only here.

References
----------
DICOM PS3.3 A.35.3 (Comprehensive SR IOD), C.17.3 (SR Document Content
Module); PS3.16 (UCUM ``%``).  Bridge et al., "Highdicom: a Python library
for standardized encoding of image annotations and machine learning model
outputs in pathology and radiology", J Digit Imaging 35 (2022).
"""

from __future__ import annotations

from collections.abc import Sequence

from ph_assist.errors import InputError
from ph_assist.i18n import translate

__all__ = ["assessment_sr", "read_assessment_sr", "SR_SOP_CLASS", "SCHEME"]

SR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.33"  # Comprehensive SR Storage
SCHEME = "99PHASSIST"
_TITLE = ("PHA-0", "PH-Assist pulmonary hypertension risk assessment")
_NAMES = {"risk": ("PHA-1", "Fused PH risk"), "category": ("PHA-2", "Risk category"),
          "notice": ("PHA-3", "Notice"), "bundle": ("PHA-4", "Model bundle"),
          "missing": ("PHA-5", "Inputs missing"), "ecg": ("PHA-10", "ECG sub-score"),
          "cxr": ("PHA-11", "Chest X-ray sub-score"), "bnp": ("PHA-12", "BNP sub-score")}


def _code(key: str):
    import highdicom as hd

    value, meaning = _TITLE if key == "title" else _NAMES[key]
    return hd.sr.CodedConcept(value=value, scheme_designator=SCHEME, meaning=meaning)


def assessment_sr(result, evidence: Sequence, *, series_number: int = 9901):
    """A Comprehensive SR holding an assessment.

    Parameters
    ----------
    result : ph_assist.assessment.Assessment
        What :func:`ph_assist.assessment.assess` returned.
    evidence : sequence of pydicom.Dataset
        The radiograph and/or ECG it was computed from (at least one); the SR
        joins the first one's study.

    Returns
    -------
    pydicom.Dataset
        A highdicom ``ComprehensiveSR``, ready to store.
    """
    import highdicom as hd
    from pydicom.uid import generate_uid

    if not evidence:
        raise InputError(None, translate("errors", "an assessment SR needs the radiograph or ECG it was computed from"))
    percent = hd.sr.CodedConcept(value="%", scheme_designator="UCUM", meaning="percent")
    contains = hd.sr.RelationshipTypeValues.CONTAINS
    items = [
        hd.sr.TextContentItem(name=_code("notice"), value=str(result.banner)[:1024], relationship_type=contains),
        hd.sr.NumContentItem(name=_code("risk"), value=round(100 * float(result.risk), 1), unit=percent,
                             relationship_type=contains),
        hd.sr.TextContentItem(name=_code("category"), value=str(result.category_label)[:1024],
                              relationship_type=contains),
    ]
    for modality, sub in result.subscores.items():
        if modality in _NAMES and sub.probability is not None:
            items.append(hd.sr.NumContentItem(name=_code(modality), value=round(100 * float(sub.probability), 1),
                                              unit=percent, relationship_type=contains))
    items.append(hd.sr.TextContentItem(name=_code("bundle"),
                                       value=f"{result.bundle_name} ({(result.bundle_id or 'unsaved')[:12]})",
                                       relationship_type=contains))
    if result.missing:
        items.append(hd.sr.TextContentItem(name=_code("missing"), value=", ".join(result.missing),
                                           relationship_type=contains))
    root = hd.sr.ContainerContentItem(name=_code("title"))
    root.ContentSequence = hd.sr.ContentSequence(items, is_root=False)
    sr = hd.sr.ComprehensiveSR(
        evidence=list(evidence), content=root, series_instance_uid=generate_uid(), series_number=series_number,
        sop_instance_uid=generate_uid(), instance_number=1, manufacturer="PH-Assist", is_complete=True,
        series_description="PH-Assist assessment (research software)")
    sr.SpecificCharacterSet = "ISO_IR 192"  # UTF-8: the banner and labels hold dashes and other non-Latin-1 text
    return sr


def read_assessment_sr(ds) -> dict:
    """The values of an assessment SR: ``{"risk": 24.0, "category": ..., "ecg": ..., ...}`` (percent as numbers).

    Raises
    ------
    InputError
        Not a PH-Assist assessment SR.
    """
    title = ds.get("ConceptNameCodeSequence")
    if str(ds.get("SOPClassUID", "")) != SR_SOP_CLASS or not title \
            or (title[0].CodingSchemeDesignator, title[0].CodeValue) != (SCHEME, _TITLE[0]):
        raise InputError(None, translate("errors", "not a PH-Assist assessment SR"))
    keys = {value: key for key, (value, _) in _NAMES.items()}
    out: dict = {}
    for item in ds.get("ContentSequence", []):
        key = keys.get(item.ConceptNameCodeSequence[0].CodeValue)
        if key is None:
            continue
        if item.ValueType == "NUM":
            out[key] = float(item.MeasuredValueSequence[0].NumericValue)
        elif item.ValueType == "TEXT":
            out[key] = str(item.TextValue)
    return out
