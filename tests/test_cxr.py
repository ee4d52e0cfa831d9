"""The chest X-ray reader (ph_assist.io.cxr) on real and generated files.

Real files: RG1_UNCR.dcm / RG1_J2KI.dcm (a CR chest PA of the pydicom-data
package, also in the sample data) and pydicom's own test files, always
available; the NIH and JSRT PNGs and the ECG DICOM of ../shared/data when
present.  Every other transfer syntax is generated from RG1_UNCR by
``tests/cxr_fixtures.py``.
"""

from __future__ import annotations

import dataclasses
import io
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.dataset import Dataset
from pydicom.pixels import apply_modality_lut, apply_voi_lut
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000,
    JPEG2000Lossless,
    JPEGLSLossless,
    RLELossless,
)

import ph_assist.io
from ph_assist.errors import CXRReadError, InputError, UnsupportedFormatError
from ph_assist.io import cxr as cxr_mod
from ph_assist.io.cxr import CXR, WindowPreset, apply_window, read_cxr, write_png16
from tests import cxr_fixtures as fx
from tests.conftest import sample_file


def lungs_and_mediastinum(image: np.ndarray) -> tuple[float, float]:
    """Mean of the lung fields and of the central (mediastinum/spine) strip of a PA film."""
    h, w = image.shape
    rows = slice(int(0.3 * h), int(0.6 * h))
    centre = image[rows, int(0.45 * w):int(0.55 * w)]
    lungs = np.concatenate([image[rows, int(0.2 * w):int(0.35 * w)].ravel(),
                            image[rows, int(0.65 * w):int(0.8 * w)].ravel()])
    return float(lungs.mean()), float(centre.mean())


def assert_valid_cxr(c: CXR) -> None:
    assert isinstance(c, CXR)
    for arr in (c.image, c.values):
        assert arr.dtype == np.float32 and arr.ndim == 2
        assert not arr.flags.writeable
    assert c.image.shape == c.values.shape
    assert 0.0 <= float(c.image.min()) < float(c.image.max()) <= 1.0
    json.dumps(c.summary())


@pytest.fixture(scope="module")
def small() -> np.ndarray:
    """RG1_UNCR downsampled 4x: 488 x 460, 15-bit, stored as MONOCHROME1."""
    return fx.rg1_pixels(4)


@pytest.fixture(scope="module")
def gen(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cxr")


@pytest.fixture(scope="module")
def reference(small, gen) -> CXR:
    return read_cxr(fx.save(fx.cr_dataset(small, WindowCenter=15000, WindowWidth=30000), gen / "ref.dcm"))


# --------------------------------------------------------------------------- the real CR


@pytest.fixture(scope="module")
def rg1() -> CXR:
    return read_cxr(fx.testdata("RG1_UNCR.dcm"))


def test_rg1_uncr_header_and_metadata(rg1):
    assert_valid_cxr(rg1)
    assert rg1.shape == (1955, 1841)
    assert rg1.bits_stored == 15
    assert rg1.photometric == "MONOCHROME1"
    assert rg1.source_format == "dicom-cxr"
    assert rg1.transfer_syntax == "Explicit VR Little Endian"
    assert rg1.view_position == "PA"
    assert rg1.windows == (WindowPreset(15000.0, 30000.0, ""),)
    assert rg1.voi.startswith("window 15000/30000")
    assert not rg1.lossy
    # The file's Pixel Spacing is 0\0: not a spacing at all.
    assert rg1.pixel_spacing_mm is None and rg1.spacing_kind is None and not rg1.spacing_calibrated
    assert any("PixelSpacing" in n for n in rg1.notes)
    md = rg1.metadata
    assert (md.sex, md.modality, md.body_part) == ("F", "CR", "CHEST")
    assert md.manufacturer == "Philips Medical Systems"
    assert md.age_years == 64.0  # no Patient's Age: from birth date 1940-03-05 and study date 2004-08-26
    assert md.study_date.isoformat() == "2004-08-26"
    s = rg1.summary()
    assert s["kind"] == "CXR" and s["shape"] == [1955, 1841] and s["bits_stored"] == 15
    assert s["windows"] == [{"center": 15000.0, "width": 30000.0, "name": ""}]
    text = json.dumps(s)
    raw = pydicom.dcmread(fx.testdata("RG1_UNCR.dcm"), stop_before_pixels=True)
    for secret in (str(raw.PatientName), str(raw.PatientID), str(raw.PatientBirthDate)):
        assert secret and secret not in text


def test_rg1_values_are_the_stored_pixels(rg1):
    stored = pydicom.dcmread(fx.testdata("RG1_UNCR.dcm")).pixel_array
    np.testing.assert_array_equal(rg1.values, stored.astype(np.float32))


def test_rg1_monochrome1_inverted_exactly_once(rg1):
    # Display polarity: the lungs (air) are darker than the mediastinum and spine.
    lungs, centre = lungs_and_mediastinum(rg1.image)
    assert centre > lungs + 0.15
    # ... whereas the stored MONOCHROME1 values are the other way round.
    lungs_v, centre_v = lungs_and_mediastinum(rg1.values)
    assert centre_v < lungs_v
    # One inversion of the file's window, not zero or two.
    expected = 1.0 - apply_window(rg1.values, 15000, 30000)
    np.testing.assert_allclose(rg1.image, expected, atol=1e-6)
    np.testing.assert_allclose(rg1.windowed(15000, 30000), rg1.image, atol=1e-6)
    assert np.corrcoef(rg1.values.ravel()[::97], rg1.image.ravel()[::97])[0, 1] < -0.999


def test_rg1_j2ki_decodes_to_nearly_the_same_image(rg1):
    j2k = read_cxr(fx.testdata("RG1_J2KI.dcm"))
    assert_valid_cxr(j2k)
    assert j2k.transfer_syntax == "JPEG 2000 Image Compression"
    assert j2k.lossy  # LossyImageCompression 01: irreversible wavelet
    assert j2k.shape == rg1.shape and j2k.photometric == "MONOCHROME1"
    diff = np.abs(j2k.image - rg1.image)
    assert float(diff.mean()) < 0.003 and float(diff.max()) < 0.02
    assert np.corrcoef(j2k.values.ravel()[::31], rg1.values.ravel()[::31])[0, 1] > 0.999


# --------------------------------------------------------------------------- transfer syntaxes

LOSSLESS_NATIVE = [ExplicitVRLittleEndian, ImplicitVRLittleEndian, DeflatedExplicitVRLittleEndian,
                   ExplicitVRBigEndian]


@pytest.mark.parametrize("ts", LOSSLESS_NATIVE + [RLELossless, JPEG2000Lossless], ids=lambda t: t.name)
def test_pydicom_encoded_lossless_syntaxes(ts, small, gen, reference):
    path = fx.save(fx.cr_dataset(small, WindowCenter=15000, WindowWidth=30000),
                   gen / f"lossless_{ts}.dcm", ts)
    c = read_cxr(path)
    assert_valid_cxr(c)
    assert c.transfer_syntax == ts.name
    np.testing.assert_array_equal(c.values, small.astype(np.float32))
    np.testing.assert_array_equal(c.image, reference.image)


def test_jpeg_lossless_sv1(small, gen, reference):
    c = read_cxr(fx.jpeg_lossless_dataset(small, gen / "sv1.dcm"))
    assert c.transfer_syntax.startswith("JPEG Lossless, Non-Hierarchical, First-Order Prediction")
    np.testing.assert_array_equal(c.values, small.astype(np.float32))
    assert not c.lossy


def test_jpeg_ls_lossless(gen):
    pixels = fx.rg1_pixels(12)  # 162 x 153: the JPEG-LS encoder is pure Python
    path, rec = fx.jpeg_ls_dataset(pixels, gen / "jls0.dcm", near=0)
    np.testing.assert_array_equal(rec, pixels)
    c = read_cxr(path)
    assert c.transfer_syntax == "JPEG-LS Lossless Image Compression"
    np.testing.assert_array_equal(c.values, pixels.astype(np.float32))


def test_jpeg_ls_near_lossless(gen):
    pixels = fx.rg1_pixels(12)
    near = 3
    path, rec = fx.jpeg_ls_dataset(pixels, gen / "jls3.dcm", near=near)
    c = read_cxr(path)
    assert c.transfer_syntax == "JPEG-LS Lossy (Near-Lossless) Image Compression"
    assert c.lossy
    np.testing.assert_array_equal(c.values, rec.astype(np.float32))  # what T.87 reconstructs
    err = np.abs(c.values - pixels.astype(np.float32))
    assert float(err.max()) <= near and float(err.max()) > 0


def test_jpeg_2000_lossy(small, gen, reference):
    ds = fx.cr_dataset(small, WindowCenter=15000, WindowWidth=30000, LossyImageCompression="01")
    c = read_cxr(fx.save(ds, gen / "j2k_lossy.dcm", JPEG2000, j2k_cr=[20]))
    assert c.transfer_syntax == "JPEG 2000 Image Compression" and c.lossy
    assert float(np.abs(c.image - reference.image).mean()) < 0.005
    assert np.corrcoef(c.values.ravel(), small.ravel())[0, 1] > 0.999


def test_jpeg_baseline(small, gen):
    pixels8 = fx.to_8bit(small)
    path = fx.jpeg_baseline_dataset(pixels8, gen / "baseline.dcm")
    c = read_cxr(path)
    assert c.transfer_syntax == "JPEG Baseline (Process 1)" and c.lossy and c.bits_stored == 8
    # Same bitstream decoded independently by Pillow (libjpeg-turbo): equal within IDCT rounding.
    frame = fx.jpeg_bytes(pixels8)
    with Image.open(io.BytesIO(frame)) as im:
        pillow = np.asarray(im).astype(np.float32)
    assert float(np.abs(c.values - pillow).max()) <= 2.0
    assert float(np.abs(c.values - pixels8.astype(np.float32)).mean()) < 2.0


def test_jpeg_extended_12_bit(gen):
    # No 12-bit JPEG encoder is installed: pydicom's JPGExtended.dcm (NM, 12-bit lossy) and
    # JPEG-LL.dcm (the same image, lossless process 14) relabelled as CR.
    lossy = read_cxr(fx.relabel_as_cr(fx.testdata("JPGExtended.dcm"), gen / "ext.dcm"))
    lossless = read_cxr(fx.relabel_as_cr(fx.testdata("JPEG-LL.dcm"), gen / "ll.dcm"))
    assert lossy.transfer_syntax == "JPEG Extended (Process 2 and 4)" and lossy.lossy
    assert lossless.transfer_syntax.startswith("JPEG Lossless")
    assert lossy.shape == lossless.shape == (1024, 256) and lossy.bits_stored == 12
    assert float(np.abs(lossy.values - lossless.values).mean()) < 3.0  # values 0-278
    assert np.corrcoef(lossy.values.ravel(), lossless.values.ravel())[0, 1] > 0.98


@pytest.mark.parametrize("name", ["MR_small_jpeg_ls_lossless.dcm", "MR_small_RLE.dcm",
                                  "MR_small_jp2klossless.dcm", "MR_small_implicit.dcm",
                                  "MR_small_bigendian.dcm"])
def test_third_party_encoders_lossless(name, gen):
    """Bitstreams written by other encoders (CharLS, GDCM, OpenJPEG ...) equal MR_small.dcm."""
    ref = read_cxr(fx.relabel_as_cr(fx.testdata("MR_small.dcm"), gen / "mr_ref.dcm"))
    c = read_cxr(fx.relabel_as_cr(fx.testdata(name), gen / f"x_{name}"))
    np.testing.assert_array_equal(c.values, ref.values)
    np.testing.assert_array_equal(c.image, ref.image)


def test_third_party_deflated_secondary_capture():
    c = read_cxr(fx.testdata("image_dfl.dcm"))  # OT secondary capture, deflated
    assert c.transfer_syntax == "Deflated Explicit VR Little Endian"
    assert c.shape == (512, 512) and c.metadata.modality == "OT"
    assert any("secondary capture" in n for n in c.notes)
    stored = pydicom.dcmread(fx.testdata("image_dfl.dcm")).pixel_array
    np.testing.assert_array_equal(c.values, stored.astype(np.float32))


def test_dicom_without_preamble(small, gen, reference):
    path = fx.save(fx.cr_dataset(small, WindowCenter=15000, WindowWidth=30000), gen / "pre.dcm")
    raw = path.read_bytes()
    assert raw[128:132] == b"DICM"
    bare = gen / "bare.dcm"
    ds = pydicom.dcmread(path)
    ds.preamble = None
    ds.save_as(bare, enforce_file_format=False, implicit_vr=False, little_endian=True)
    assert bare.read_bytes()[128:132] != b"DICM"
    np.testing.assert_array_equal(read_cxr(bare).image, reference.image)


# --------------------------------------------------------------------------- polarity, VOI


def test_monochrome1_and_monochrome2_give_the_same_display(small, gen):
    inverted = (32767 - small.astype(np.int32)).astype(np.uint16)
    # Without a window (data range) ...
    m1 = read_cxr(fx.save(fx.cr_dataset(small, photometric="MONOCHROME1"), gen / "m1.dcm"))
    m2 = read_cxr(fx.save(fx.cr_dataset(inverted, photometric="MONOCHROME2"), gen / "m2.dcm"))
    assert m1.voi.startswith("data range")
    np.testing.assert_allclose(m1.image, m2.image, atol=1e-6)
    # ... and with mirrored LINEAR windows (PS3.3 C.11.2.1.2: c' = max - c + 1).
    m1w = read_cxr(fx.save(fx.cr_dataset(small, photometric="MONOCHROME1", WindowCenter=14000,
                                         WindowWidth=20000), gen / "m1w.dcm"))
    m2w = read_cxr(fx.save(fx.cr_dataset(inverted, photometric="MONOCHROME2",
                                         WindowCenter=32767 - 14000 + 1, WindowWidth=20000), gen / "m2w.dcm"))
    np.testing.assert_allclose(m1w.image, m2w.image, atol=1e-5)
    lungs, centre = lungs_and_mediastinum(m2w.image)
    assert centre > lungs
    np.testing.assert_allclose(m1.windowed(14000, 20000), m1w.image, atol=1e-6)


def test_apply_window_matches_the_dicom_formulas():
    x = np.array([0, 99.5, 100, 100.5, 150, 199.5, 200, 300], dtype=np.float32)
    # LINEAR, c=150, w=101: 0 at x <= 99.5, 1 above 199.5, (x - 149.5)/100 + 0.5 between.
    np.testing.assert_allclose(apply_window(x, 150, 101),
                               [0, 0, 0.005, 0.01, 0.505, 1, 1, 1], atol=1e-6)
    np.testing.assert_allclose(apply_window(x, 150, 100, "LINEAR_EXACT"),
                               [0, 0, 0, 0.005, 0.5, 0.995, 1, 1], atol=1e-6)
    sig = apply_window(x, 150, 100, "SIGMOID")
    assert sig[4] == pytest.approx(0.5) and sig[6] == pytest.approx(1 / (1 + np.exp(-2)), rel=1e-5)
    assert np.all(np.diff(sig) >= 0) and sig.dtype == np.float32
    with pytest.raises(ValueError):
        apply_window(x, 150, 0)
    with pytest.raises(ValueError):
        apply_window(x, 150, 10, "GAMMA")


def test_file_window_function_presets_and_rewindowing(small, gen):
    ds = fx.cr_dataset(small, photometric="MONOCHROME2", WindowCenter=[16000, 12000, 5],
                       WindowWidth=[20000, 8000, 0], WindowCenterWidthExplanation=["SOFT", "BONE", "BAD"],
                       VOILUTFunction="SIGMOID")
    c = read_cxr(fx.save(ds, gen / "presets.dcm"))
    assert c.windows == (WindowPreset(16000, 20000, "SOFT"), WindowPreset(12000, 8000, "BONE"))
    assert any("5/0" in n for n in c.notes)  # the invalid third window is reported
    assert c.voi_function == "SIGMOID" and c.voi == "window 16000/20000 (SIGMOID)"
    np.testing.assert_allclose(c.image, apply_window(small, 16000, 20000, "SIGMOID"), atol=1e-6)
    bone = c.windowed(12000, 8000)
    assert bone.dtype == np.float32 and bone.flags.writeable
    np.testing.assert_allclose(bone, apply_window(small, 12000, 8000, "SIGMOID"), atol=1e-6)
    np.testing.assert_allclose(c.windowed(12000, 8000, "LINEAR"), apply_window(small, 12000, 8000), atol=1e-6)


def test_window_that_blanks_the_image_falls_back_to_data_range(small, gen):
    c = read_cxr(fx.save(fx.cr_dataset(small, WindowCenter=60000, WindowWidth=10), gen / "blank.dcm"))
    assert c.voi.startswith("data range") and any("blank" in n for n in c.notes)
    assert float(c.image.min()) == 0.0 and float(c.image.max()) == 1.0


def test_voi_lut_sequence_takes_precedence(small, gen):
    lut = np.rint(65535 * (np.arange(32768) / 32767.0) ** 0.5).astype(np.uint16)
    item = Dataset()
    item.LUTDescriptor = [32768, 0, 16]  # entries, first value mapped, bits per entry
    item.LUTData = lut.astype("<u2").tobytes()
    item["LUTData"].VR = "OW"  # 64 KiB: too long for US in explicit VR
    item.LUTExplanation = "SQRT"
    ds = fx.cr_dataset(small, WindowCenter=100, WindowWidth=50)  # ignored: the LUT wins
    ds.VOILUTSequence = [item]
    c = read_cxr(fx.save(ds, gen / "voilut.dcm"))
    assert c.voi == "VOI LUT SQRT"
    expected = 1.0 - lut[small].astype(np.float32) / 65535.0  # MONOCHROME1: inverted afterwards
    np.testing.assert_allclose(c.image, expected, atol=1e-6)
    assert c.windows == (WindowPreset(100.0, 50.0, ""),)


def test_voi_lut_real_file():
    path = fx.testdata("vlut_04.dcm")  # OT with a 256-entry VOI LUT (pydicom-data)
    c = read_cxr(path)
    ds = pydicom.dcmread(path)
    expected = apply_voi_lut(ds.pixel_array, ds).astype(np.float32) / 65535.0
    np.testing.assert_allclose(c.image, expected, atol=1e-6)


def test_rescale_slope_intercept(small, gen):
    ds = fx.cr_dataset(small, photometric="MONOCHROME2", RescaleSlope=0.5, RescaleIntercept=-100,
                       RescaleType="US")
    c = read_cxr(fx.save(ds, gen / "rescale.dcm"))
    np.testing.assert_allclose(c.values, small * 0.5 - 100, atol=1e-3)
    assert float(c.values.min()) == pytest.approx(small.min() * 0.5 - 100)
    assert c.image.min() == 0.0 and c.image.max() == 1.0


def test_rescale_slope_zero_is_refused(small, gen):
    ds = fx.cr_dataset(small, RescaleSlope=0, RescaleIntercept=0)
    with pytest.raises(CXRReadError, match="Rescale Slope 0"):
        read_cxr(fx.save(ds, gen / "slope0.dcm"))


@pytest.mark.parametrize("signed", [False, True])
def test_bits_above_bits_stored_are_ignored(signed, gen):
    clean = (fx.rg1_pixels(8) >> 3).astype(np.int32)  # 12-bit values
    if signed:
        clean -= 2048
    ds = fx.cr_dataset(clean.astype(np.int16 if signed else np.uint16), bits_stored=12)
    raw = np.frombuffer(ds.PixelData, dtype="<u2")
    ds.PixelData = ((raw & 0x0FFF) | 0xA000).astype("<u2").tobytes()  # overlay-like garbage on top
    c = read_cxr(fx.save(ds, gen / f"highbits_{signed}.dcm"))
    np.testing.assert_array_equal(c.values, clean.astype(np.float32))


def test_for_processing_image_is_noted(small, gen):
    ds = fx.cr_dataset(small, modality="DX", sop_class="1.2.840.10008.5.1.4.1.1.1.1.1",
                       PresentationIntentType="FOR PROCESSING")
    c = read_cxr(fx.save(ds, gen / "processing.dcm"))
    assert any("for processing" in n for n in c.notes)


def test_modality_lut_sequence_real_file():
    path = fx.testdata("mlut_18.dcm")
    ds = pydicom.dcmread(path)
    c = read_cxr(path)
    np.testing.assert_array_equal(c.values, apply_modality_lut(ds.pixel_array, ds).astype(np.float32))


# --------------------------------------------------------------------------- spacing


@pytest.mark.parametrize(
    "attrs, spacing, kind, calibrated, factor, label",
    [
        ({"PixelSpacing": [0.2, 0.15]}, (0.2, 0.15), "PixelSpacing", True, None, "at the patient"),
        ({"ImagerPixelSpacing": [0.143, 0.143]}, (0.143, 0.143), "ImagerPixelSpacing", False, None,
         "at the detector"),
        ({"ImagerPixelSpacing": [0.143, 0.143], "EstimatedRadiographicMagnificationFactor": 1.1},
         (0.13, 0.13), "ImagerPixelSpacing", True, 1.1, "magnification factor 1.1"),
        ({"PixelSpacing": [0.143, 0.143], "ImagerPixelSpacing": [0.143, 0.143]},
         (0.143, 0.143), "ImagerPixelSpacing", False, None, "at the detector"),
        ({"PixelSpacing": [0.13, 0.13], "ImagerPixelSpacing": [0.143, 0.143]},
         (0.13, 0.13), "PixelSpacing", True, None, "at the patient"),
        ({"PixelSpacing": [0.143, 0.143], "ImagerPixelSpacing": [0.143, 0.143],
          "PixelSpacingCalibrationType": "GEOMETRY"}, (0.143, 0.143), "PixelSpacing", True, None, "patient"),
        ({}, None, None, False, None, "pixels only"),
        ({"PixelSpacing": [0, 0]}, None, None, False, None, "pixels only"),
    ],
)
def test_pixel_spacing_kinds(attrs, spacing, kind, calibrated, factor, label, small, gen):
    c = read_cxr(fx.save(fx.cr_dataset(small, modality="DX", sop_class=fx.DX_SOP_CLASS, **attrs),
                         gen / "spacing.dcm"))
    if spacing is None:
        assert c.pixel_spacing_mm is None
    else:
        assert c.pixel_spacing_mm == pytest.approx(spacing)
    assert (c.spacing_kind, c.spacing_calibrated, c.magnification_factor) == (kind, calibrated, factor)
    assert label in c.spacing_label
    s = c.summary()
    assert (s["spacing_kind"], s["spacing_calibrated"], s["spacing_label"]) == (kind, calibrated, c.spacing_label)


def test_generated_metadata_has_no_identifiers(small, gen):
    c = read_cxr(fx.save(fx.cr_dataset(small, ViewPosition="AP"), gen / "meta.dcm"))
    md = c.metadata
    assert (md.age_years, md.sex, md.body_part, md.modality, c.view_position) == (63.0, "F", "CHEST", "CR", "AP")
    assert md.acquired.isoformat() == "2013-04-05T10:17:42"
    text = json.dumps(c.summary())
    for secret in ("Doe", "Jane", "PHA-123456", "19500101", "1950-01-01"):
        assert secret not in text
    # Only a keyed hash of the patient ID and birth date is kept (issue 12: one patient per case).
    assert [f.name for f in dataclasses.fields(md) if "patient" in f.name] == ["patient_key"]
    from ph_assist.io.identity import PatientKey

    assert isinstance(md.patient_key, PatientKey) and "PHA" not in repr(md) + repr(md.patient_key)
    assert b"PHA-123456" not in md.patient_key.id_digest and "patient_key" not in md.to_dict()


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("name, words", [
    ("CT_small.dcm", "CT image"),
    ("MR_small.dcm", "MR image"),
    ("US1_UNCR.dcm", "ultrasound"),
    ("waveform_ecg.dcm", "ECG waveform"),
    ("rtplan.dcm", "radiotherapy plan"),
])
def test_refuses_non_radiograph_dicom(name, words):
    path = fx.testdata(name)
    with pytest.raises(CXRReadError) as err:
        read_cxr(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: ") and words in msg and "\n" not in msg


def test_package_level_reader_refuses_the_ecg_and_reads_the_cr():
    with pytest.raises(InputError):
        ph_assist.io.read_cxr(fx.testdata("waveform_ecg.dcm"))
    assert ph_assist.io.read_cxr(fx.testdata("RG1_UNCR.dcm")).shape == (1955, 1841)


def _refusal_cases(small):
    """name -> (dataset mutation, words in the message)."""
    rgb = np.repeat(fx.to_8bit(small)[..., None], 3, axis=2)
    return {
        "multi-frame": (lambda ds: fx.cr_dataset(np.stack([small, small])), "multi-frame"),
        "colour": (lambda ds: fx.cr_dataset(rgb, photometric="RGB", bits_stored=8), "colour"),
        "palette": (lambda ds: _set(ds, PhotometricInterpretation="PALETTE COLOR"), "colour"),
        "odd-photometric": (lambda ds: _set(ds, PhotometricInterpretation="XYZ"), "MONOCHROME"),
        "too-small": (lambda ds: fx.cr_dataset(fx.rg1_pixels(40)), "a side"),
        "rows-zero": (lambda ds: _set(ds, Rows=0), "0 rows"),
        "giant-header": (lambda ds: _set(ds, Rows=65535, Columns=65535), "a side"),
        "short-pixel-data": (lambda ds: _set(ds, Rows=600), "truncated"),
        "bits-allocated-32": (lambda ds: _set(ds, BitsAllocated=32), "Bits Allocated"),
        "bits-stored-17": (lambda ds: _set(ds, BitsStored=17), "Bits Stored"),
        "pixel-representation-2": (lambda ds: _set(ds, PixelRepresentation=2), "Pixel Representation"),
        "constant": (lambda ds: fx.cr_dataset(np.full((100, 90), 1234, np.uint16)), "constant"),
        "no-pixel-data": (lambda ds: _delete(ds, "PixelData"), "no Pixel Data"),
        "modality-mg": (lambda ds: _set(ds, Modality="MG"), "mammogram"),
    }


def _set(ds, **attrs):
    for k, v in attrs.items():
        setattr(ds, k, v)
    return ds


def _delete(ds, keyword):
    delattr(ds, keyword)
    return ds


REFUSAL_CASES = ["multi-frame", "colour", "palette", "odd-photometric", "too-small", "rows-zero",
                 "giant-header", "short-pixel-data", "bits-allocated-32", "bits-stored-17",
                 "pixel-representation-2", "constant", "no-pixel-data", "modality-mg"]


@pytest.mark.parametrize("case", REFUSAL_CASES)
def test_refuses_bad_dicom(case, small, gen):
    mutate, words = _refusal_cases(small)[case]
    ds = mutate(fx.cr_dataset(small))
    path = gen / f"bad_{case}.dcm"
    ds.save_as(path, enforce_file_format=True)
    with pytest.raises(CXRReadError) as err:
        read_cxr(path)
    assert words in str(err.value) and str(err.value).startswith(str(path))


def test_refuses_truncated_file(small, gen):
    path = fx.save(fx.cr_dataset(small), gen / "whole.dcm")
    cut = gen / "cut.dcm"
    cut.write_bytes(path.read_bytes()[: len(path.read_bytes()) - 5000])
    with pytest.raises(CXRReadError, match="truncated"):
        read_cxr(cut)


def test_refuses_corrupt_compressed_data(small, gen):
    ds = fx.cr_dataset(small)
    j2k = fx.save(ds, gen / "j2k_ok.dcm", JPEG2000Lossless)
    frame = pydicom.encaps.get_frame(pydicom.dcmread(j2k).PixelData, 0, number_of_frames=1)
    garbage = frame[:200] + bytes(range(256)) * 8  # a valid header, then noise
    with pytest.raises(CXRReadError, match="cannot be decoded"):
        read_cxr(fx.save_encapsulated(ds, gen / "j2k_bad.dcm", garbage, JPEG2000Lossless))
    with pytest.raises(CXRReadError, match="compressed image is 460 x 488 px but the header says"):
        read_cxr(fx.save_encapsulated(_set(fx.cr_dataset(small), Rows=500), gen / "j2k_dims.dcm",
                                      frame, JPEG2000Lossless))
    jls, _ = fx.encode_jpeg_ls(fx.rg1_pixels(12), 15)
    with pytest.raises(CXRReadError, match="compressed image"):
        read_cxr(fx.save_encapsulated(ds, gen / "jls_dims.dcm", jls, JPEGLSLossless))
    with pytest.raises(CXRReadError, match="RLE pixel data has a corrupt header"):
        read_cxr(fx.save_encapsulated(ds, gen / "rle_bad.dcm", b"\x00" * 64, RLELossless))
    # A valid RLE header, then runs that overflow the image: pylibjpeg-rle panics (a
    # BaseException from Rust), which must still end as a CXRReadError.
    rle = fx.save(ds, gen / "rle_ok.dcm", RLELossless)
    frame = pydicom.encaps.get_frame(pydicom.dcmread(rle).PixelData, 0, number_of_frames=1)
    overflow = frame[:64] + b"\x7f" * (len(frame) - 64)
    with pytest.raises(CXRReadError, match="cannot be decoded"):
        read_cxr(fx.save_encapsulated(ds, gen / "rle_overflow.dcm", overflow, RLELossless))


def test_refuses_unknown_files(gen):
    text = gen / "notes.txt"
    text.write_text("not an image\n")
    with pytest.raises(UnsupportedFormatError):
        read_cxr(text)
    with pytest.raises(InputError, match="file not found"):
        read_cxr(gen / "missing.png")
    fake = gen / "fake.dcm"
    fake.write_bytes(b"\x00" * 300)
    with pytest.raises(CXRReadError):
        read_cxr(fake)


# --------------------------------------------------------------------------- PNG and JPEG


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_png_8_and_16_bit(small, gen):
    p8 = fx.to_8bit(small)
    c8 = read_cxr(fx.write_png(p8, gen / "g8.png"))
    assert_valid_cxr(c8)
    assert (c8.source_format, c8.bits_stored, c8.photometric, c8.lossy) == ("png", 8, "MONOCHROME2", False)
    np.testing.assert_array_equal(c8.values, p8.astype(np.float32))
    np.testing.assert_allclose(c8.image, p8 / 255.0, atol=1e-7)
    assert c8.pixel_spacing_mm is None and c8.transfer_syntax is None and c8.windows == ()
    p16 = (small.astype(np.uint32) * 2).astype(np.uint16)
    c16 = read_cxr(fx.write_png(p16, gen / "g16.png"))
    assert c16.bits_stored == 16
    np.testing.assert_array_equal(c16.values, p16.astype(np.float32))
    np.testing.assert_allclose(c16.image, p16 / 65535.0, atol=1e-7)


def test_png_colour_modes_become_grey_with_a_note(small, gen):
    p8 = fx.to_8bit(small)
    grey_rgb = np.repeat(p8[..., None], 3, axis=2)
    c = read_cxr(fx.write_png(grey_rgb, gen / "rgb_grey.png"))
    np.testing.assert_array_equal(c.values, p8.astype(np.float32))
    assert any("equal channels" in n for n in c.notes)
    tinted = grey_rgb.copy()
    tinted[..., 0] = np.clip(tinted[..., 0].astype(int) + 20, 0, 255)
    c = read_cxr(fx.write_png(tinted, gen / "rgb_tint.png"))
    assert any("colour image (RGB) converted to grey" in n for n in c.notes)
    rgba = np.concatenate([grey_rgb, np.full(p8.shape + (1,), 255, np.uint8)], axis=2)
    c = read_cxr(fx.write_png(rgba, gen / "rgba.png"))
    assert any("alpha" in n for n in c.notes)
    np.testing.assert_array_equal(c.values, p8.astype(np.float32))


def test_jpeg_file(small, gen):
    p8 = fx.to_8bit(small)
    path = gen / "cxr.jpg"
    path.write_bytes(fx.jpeg_bytes(p8, quality=95))
    c = read_cxr(path)
    assert (c.source_format, c.bits_stored, c.lossy) == ("jpeg", 8, True)
    assert float(np.abs(c.values - p8).mean()) < 2.0
    lungs, centre = lungs_and_mediastinum(1.0 - c.image)  # 8-bit copy keeps MONOCHROME1 polarity
    assert centre > lungs


def test_jpeg_exif_orientation(small, gen):
    p8 = fx.to_8bit(small)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    path = gen / "rot.jpg"
    Image.fromarray(p8).save(path, format="JPEG", quality=95, exif=exif.tobytes())
    c = read_cxr(path)
    assert c.shape == (p8.shape[1], p8.shape[0]) and any("EXIF" in n for n in c.notes)


def test_png_and_jpeg_refusals(small, gen, monkeypatch):
    p8 = fx.to_8bit(small)
    good = fx.write_png(p8, gen / "good.png").read_bytes()
    cases = {
        "truncated.png": good[: len(good) // 2],
        "constant.png": fx.write_png(np.full((100, 100), 7, np.uint8), gen / "c.png").read_bytes(),
        "tiny.png": fx.write_png(p8[:40, :40], gen / "t.png").read_bytes(),
        "truncated.jpg": fx.jpeg_bytes(p8)[:3000],
    }
    for width, height in ((100_000, 100_000), (9000, 9000), (20_000, 5_000)):
        ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
        cases[f"bomb_{width}x{height}.png"] = good[:8] + _png_chunk(b"IHDR", ihdr) + good[33:]
    for name, data in cases.items():
        path = gen / name
        path.write_bytes(data)
        with pytest.raises(CXRReadError) as err:
            read_cxr(path)
        assert str(err.value).startswith(str(path)), name
    # Pillow's own decompression-bomb guard also ends in a CXRReadError.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    with pytest.raises(CXRReadError, match="too large"):
        read_cxr(gen / "good.png")


def test_write_png16_round_trip(small, gen):
    src = read_cxr(fx.save(fx.cr_dataset(small, WindowCenter=15000, WindowWidth=30000), gen / "rt.dcm"))
    out = write_png16(src, gen / "rt.png")
    with Image.open(out) as im:
        assert im.mode == "I;16" and im.size == (460, 488)
    back = read_cxr(out)
    assert back.bits_stored == 16 and back.source_format == "png"
    assert float(np.abs(back.image - src.image).max()) <= 1.0 / 65535
    with pytest.raises(InputError, match="cannot be written"):
        write_png16(src, gen / "no_such_dir" / "x.png")


def test_cxr_is_immutable(rg1):
    with pytest.raises(ValueError):
        rg1.image[0, 0] = 0.5
    with pytest.raises(ValueError):
        rg1.values[0, 0] = 1.0
    with pytest.raises(AttributeError):
        rg1.photometric = "MONOCHROME2"  # type: ignore[misc]


def test_side_limits_are_module_constants():
    assert (cxr_mod.MIN_SIDE_PX, cxr_mod.MAX_SIDE_PX) == (64, 8192)
    assert cxr_mod.RADIOGRAPH_MODALITIES == ("CR", "DX", "RG")


# --------------------------------------------------------------------------- sample data


@pytest.mark.sample_data
@pytest.mark.parametrize("name", ["RG1_UNCR.dcm", "RG1_J2KI.dcm"])
def test_sample_data_dicom(name, rg1):
    c = read_cxr(sample_file("cxr", "dicom", name))
    assert_valid_cxr(c)
    assert c.shape == (1955, 1841) and c.photometric == "MONOCHROME1"
    lungs, centre = lungs_and_mediastinum(c.image)
    assert centre > lungs + 0.15
    assert float(np.abs(c.image - rg1.image).mean()) < 0.003


@pytest.mark.sample_data
def test_sample_data_nih_png(sample_data):
    paths = sorted((sample_data / "cxr" / "nih_png").glob("*.png"))
    assert paths
    for path in paths:
        c = read_cxr(path)
        assert_valid_cxr(c)
        assert c.shape == (512, 512) and c.source_format == "png"
        lungs, centre = lungs_and_mediastinum(c.image)
        assert centre > lungs


@pytest.mark.sample_data
def test_sample_data_jsrt_png(sample_data):
    paths = sorted((sample_data / "cxr" / "jsrt_scr_512" / "images").glob("*.png"))[:8]
    assert paths
    for path in paths:
        c = read_cxr(path)
        assert_valid_cxr(c)
        assert c.shape == (512, 512) and c.bits_stored == 8
        lungs, centre = lungs_and_mediastinum(c.image)
        assert centre > lungs


@pytest.mark.sample_data
def test_sample_data_ecg_dicom_is_refused():
    path = sample_file("ecg", "dicom", "pydicom_waveform_ecg.dcm")
    with pytest.raises(CXRReadError, match="ECG waveform"):
        read_cxr(path)
    with pytest.raises(InputError):
        ph_assist.io.read_cxr(path)
