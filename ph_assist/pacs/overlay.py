"""The chest X-ray's Grad-CAM overlay as a DICOM Secondary Capture a standard viewer displays.

:func:`overlay_sc` draws the radiograph with its Grad-CAM heat map blended in
(:func:`ph_assist.render.cxr_overlay_rgb`, the colours of the GUI and the PDF)
under a burned-in banner naming PH-Assist, the model bundle and its intended-use
notice, and wraps it in a Secondary Capture Image (highdicom ``SCImage``, RGB,
8 bits).  Every viewer shows a Secondary Capture; a presentation state cannot
carry a colour heat map, and a Parametric Map needs a viewer that fuses it.

The instance has new Series and SOP Instance UIDs and joins the radiograph's
study (same Study Instance UID).  Its Patient Module and the identifying keys
of the General Study Module are copied from the radiograph, attribute by
attribute, and nothing is added: a key the radiograph lacks stays absent (or
empty, where the IOD requires it, Type 2).  It references the radiograph
(Source Image Sequence, Referenced Image Sequence).  highdicom and Pillow are
imported only here; Qt-free.

References
----------
DICOM PS3.3 A.8.1 (Secondary Capture Image IOD), C.7.1.1 (Patient Module),
C.7.2.1 (General Study Module), C.7.6.1 (General Image Module: Burned In
Annotation, Source Image Sequence), C.8.6.1 (SC Equipment Module).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np

from ph_assist.errors import InputError
from ph_assist.i18n import translate

__all__ = ["overlay_sc", "overlay_banner", "overlay_pixels", "SC_SOP_CLASS", "PATIENT_MODULE", "STUDY_KEYS",
           "SERIES_NUMBER"]

SC_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture Image Storage
SERIES_NUMBER = 9902  # the assessment SR is series 9901
#: PS3.3 C.7.1.1: the Patient Module's attributes (copied when the radiograph has them).
PATIENT_MODULE = (
    "PatientName", "PatientID", "IssuerOfPatientID", "IssuerOfPatientIDQualifiersSequence", "TypeOfPatientID",
    "PatientBirthDate", "PatientBirthTime", "PatientBirthDateInAlternativeCalendar", "PatientDeathDateInAlternativeCalendar",
    "PatientAlternativeCalendar", "PatientSex", "ReferencedPatientPhotoSequence", "QualityControlSubject",
    "ReferencedPatientSequence", "OtherPatientIDsSequence", "OtherPatientNames", "EthnicGroup",
    "EthnicGroupCodeSequence", "PatientComments", "PatientSpeciesDescription", "PatientSpeciesCodeSequence",
    "PatientBreedDescription", "PatientBreedCodeSequence", "BreedRegistrationSequence", "StrainDescription",
    "StrainNomenclature", "StrainCodeSequence", "StrainAdditionalInformation", "StrainStockSequence",
    "GeneticModificationsSequence", "ResponsiblePerson", "ResponsiblePersonRole", "ResponsibleOrganization",
    "PatientIdentityRemoved", "DeidentificationMethod", "DeidentificationMethodCodeSequence",
    "SourcePatientGroupIdentificationSequence", "GroupOfPatientsIdentificationSequence",
)
#: PS3.3 C.7.2.1: the General Study Module's keys that name the study (copied, so the SC joins it).
STUDY_KEYS = ("StudyInstanceUID", "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID",
              "AccessionNumber", "IssuerOfAccessionNumberSequence", "StudyDescription")
_TYPE2 = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime",
          "ReferringPhysicianName", "StudyID", "AccessionNumber")


def overlay_banner(result) -> list[str]:
    """The banner's lines: PH-Assist, the bundle (name and short ID), its notice, what the colours are.

    Parameters
    ----------
    result : ph_assist.assessment.Assessment

    Returns
    -------
    list of str
        Unwrapped lines, English source through :func:`ph_assist.i18n.translate`.
    """
    from ph_assist.presentation import notice_of
    from ph_assist.render import map_is_empty

    notice = notice_of(result)
    lines = [translate("overlay", "PH-Assist {bundle} ({bundle_id}) \u2014 {notice} \u2014 Grad-CAM").format(
        bundle=notice.name, bundle_id=notice.short_id, notice=notice.text)]
    if map_is_empty(result.cxr_cam):
        lines.append(translate("overlay", "Grad-CAM: no region raised this score"))
    else:
        lines.append(translate("overlay", "Colour: regions that raised the chest X-ray sub-score (Grad-CAM); "
                                          "not a finding, not for diagnosis"))
    return lines


def _font(size: int):
    from PIL import ImageFont

    try:
        from matplotlib import font_manager

        return ImageFont.truetype(font_manager.findfont("DejaVu Sans"), size)
    except (ImportError, OSError):  # pragma: no cover - matplotlib ships DejaVu Sans
        return ImageFont.load_default(size)


def overlay_pixels(image: np.ndarray, cam: np.ndarray | None, banner: Sequence[str]) -> np.ndarray:
    """The radiograph with the heat map blended in, under a black strip holding ``banner``.

    Parameters
    ----------
    image : (H, W) float array in [0, 1]
        The radiograph as displayed (``CXR.image``).
    cam : (H, W) float array in [0, 1], NaN allowed, or None
    banner : sequence of str
        Lines to burn in; wrapped to the image width.

    Returns
    -------
    (H + h, W, 3) uint8 array
        The banner strip (``h`` rows) above the unchanged image geometry.
    """
    from PIL import Image, ImageDraw

    from ph_assist.render import cxr_overlay_rgb

    rgb = cxr_overlay_rgb(image, cam)
    width = rgb.shape[1]
    size = max(12, width // 60)
    font = _font(size)
    chars = max(20, int(width / (0.55 * size)) - 2)  # DejaVu Sans: ~0.55 em per character
    lines = [part for line in banner for part in textwrap.wrap(line, chars) or [""]]
    step = int(size * 1.3)
    strip = Image.new("RGB", (width, step * len(lines) + size), (0, 0, 0))
    draw = ImageDraw.Draw(strip)
    for i, line in enumerate(lines):
        draw.text((size // 2, size // 2 + i * step), line, fill=(255, 255, 255), font=font)
    return np.concatenate([np.asarray(strip, dtype=np.uint8), rgb], axis=0)


def overlay_sc(result, cxr, source, *, series_number: int = SERIES_NUMBER):
    """The Grad-CAM overlay of an assessed radiograph as a Secondary Capture instance.

    Parameters
    ----------
    result : ph_assist.assessment.Assessment
        Assessed with ``explain=True``, so that ``result.cxr_cam`` is the map.
    cxr : ph_assist.io.cxr.CXR
        The radiograph that was assessed (read from ``source``).
    source : pydicom.Dataset
        The radiograph's DICOM instance: its study, patient and SOP Instance UID.

    Returns
    -------
    pydicom.Dataset
        A highdicom ``SCImage``: RGB, explicit VR little endian, ready to store.

    Raises
    ------
    InputError
        No Grad-CAM map, or a map whose shape is not the radiograph's.
    """
    import highdicom as hd
    from pydicom.uid import generate_uid

    cam = result.cxr_cam
    if cam is None:
        raise InputError(None, translate("errors", "no chest X-ray Grad-CAM map to store (assess with explanations)"))
    if np.shape(cam) != np.shape(cxr.image):
        raise InputError(None, translate("errors", "the Grad-CAM map ({map_shape}) is not on the radiograph "
                                                   "({image_shape})").format(map_shape=np.shape(cam),
                                                                             image_shape=np.shape(cxr.image)))
    for key in ("StudyInstanceUID", "SOPInstanceUID", "SOPClassUID"):
        if not str(source.get(key, "") or ""):
            raise InputError(None, translate("errors", "the radiograph has no {keyword}; cannot place the overlay in "
                                                       "its study").format(keyword=key))
    pixels = overlay_pixels(cxr.image, cam, overlay_banner(result))
    sc = hd.sc.SCImage(
        pixel_array=pixels, photometric_interpretation="RGB", bits_allocated=8, coordinate_system="PATIENT",
        patient_orientation=("L", "F"),  # replaced just below by the radiograph's own (or left empty)
        study_instance_uid=str(source.StudyInstanceUID), series_instance_uid=generate_uid(),
        series_number=series_number, sop_instance_uid=generate_uid(), instance_number=1,
        manufacturer="PH-Assist", transfer_syntax_uid="1.2.840.10008.1.2.1")
    for key in _TYPE2:  # what highdicom filled in is replaced by the source's own (or left empty)
        if key in sc:
            del sc[key]
    for key in (*PATIENT_MODULE, *STUDY_KEYS):
        if key in source:
            sc[key] = source[key]
    for key in _TYPE2:
        if key not in sc:
            setattr(sc, key, "")
    # Type 2 in the General Image Module: the radiograph's orientation holds (the banner strip is above the image)
    # (through the element: highdicom's class declares the attribute a list, and the source's may be empty)
    sc["PatientOrientation"].value = source.get("PatientOrientation", "") or ""
    sc.Laterality = source.get("Laterality", "") or ""  # Type 2C in the General Series Module; empty: unpaired
    if "SpecificCharacterSet" in source:  # the copied names are in the radiograph's character set
        sc.SpecificCharacterSet = source.SpecificCharacterSet
    _describe(sc, source)
    return sc


def _describe(sc, source) -> None:
    """Derivation, references and the burned-in banner (text attributes ASCII, so any character set holds them)."""
    from pydicom import Dataset
    from pydicom.sequence import Sequence as DicomSequence

    sc.ImageType = ["DERIVED", "SECONDARY"]
    sc.SeriesDescription = "PH-Assist Grad-CAM overlay (research software)"
    sc.DerivationDescription = "Grad-CAM heat map of the chest X-ray sub-score blended over the radiograph; " \
                               "banner burned in"
    sc.ConversionType = "WSD"
    # PS3.3 C.7.6.1.1: "YES" means the pixels hold enough burned-in text to identify the patient. The banner
    # names no patient, so the radiograph's own value carries over (its pixels are in the overlay).
    sc.BurnedInAnnotation = "YES" if str(source.get("BurnedInAnnotation", "")).upper() == "YES" else "NO"
    if "RecognizableVisualFeatures" in source:
        sc.RecognizableVisualFeatures = source.RecognizableVisualFeatures
    ref = Dataset()
    ref.ReferencedSOPClassUID = source.SOPClassUID
    ref.ReferencedSOPInstanceUID = source.SOPInstanceUID
    sc.SourceImageSequence = DicomSequence([ref])
    ref2 = Dataset()
    ref2.ReferencedSOPClassUID = source.SOPClassUID
    ref2.ReferencedSOPInstanceUID = source.SOPInstanceUID
    sc.ReferencedImageSequence = DicomSequence([ref2])
    sc.LossyImageCompression = "01" if str(source.get("LossyImageCompression", "")) == "01" else "00"
