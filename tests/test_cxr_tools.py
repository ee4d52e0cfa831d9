"""ph_assist.cxr_tools (no Qt): window presets, edge labels, cardiothoracic ratio, header view.

Real files: RG1_UNCR.dcm (pydicom-data: a CR chest PA, MONOCHROME1, Patient
Orientation L\\F, a real header with names and IDs), the sample radiographs
under PH_ASSIST_SAMPLE_DATA (NIH PNG, JSRT with CTR labels), skipped with a
reason where absent.
"""

from __future__ import annotations

import math

import numpy as np
import pydicom
import pytest

from ph_assist.cli.files import withhold_free_text
from ph_assist.cxr_tools import (
    IDENTIFIER_KEYWORDS,
    CTRResult,
    EdgeLabels,
    Width,
    cardiothoracic_ratio,
    ctr_for,
    dicom_header,
    edge_labels,
    lung_window,
    mediastinum_window,
    window_presets,
)
from ph_assist.errors import CXRReadError
from ph_assist.io.cxr import apply_window, read_cxr
from tests import cxr_fixtures as fx
from tests.conftest import sample_file


@pytest.fixture(scope="module")
def rg1():
    return read_cxr(fx.testdata("RG1_UNCR.dcm"))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """RG1 downsampled 4x as MONOCHROME1, and the same image stored MONOCHROME2 (values inverted)."""
    d = tmp_path_factory.mktemp("tools")
    px = fx.rg1_pixels(4)
    mono1 = fx.save(fx.cr_dataset(px, PatientOrientation=["L", "F"]), d / "m1.dcm")
    mono2 = fx.save(fx.cr_dataset((2**15 - 1 - px).astype(np.uint16), photometric="MONOCHROME2"), d / "m2.dcm")
    return read_cxr(mono1), read_cxr(mono2)


# --------------------------------------------------------------------------- window presets


class TestWindowPresets:
    def test_lung_is_the_less_attenuating_part_on_a_monochrome1_film(self, rg1):
        lung, med = lung_window(rg1), mediastinum_window(rg1)
        assert (lung.name, med.name) == ("Lung", "Mediastinum")
        # MONOCHROME1: higher stored values are darker (less attenuation), so the lung window sits higher.
        assert lung.center > med.center and lung.width > 0 and med.width > 0
        lo, hi = float(rg1.values.min()), float(rg1.values.max())
        for w in (lung, med):
            assert lo <= w.center - w.width / 2 and w.center + w.width / 2 <= hi

    def test_presets_do_what_they_say_on_the_displayed_image(self, rg1):
        """Lung window: the dark half of the film (lungs) spread over grey levels, the bright half white;
        mediastinum window the other way round."""
        display = rg1.image
        dark = display <= np.median(display)
        lung = rg1.windowed(*lung_window(rg1)[:2])
        med = rg1.windowed(*mediastinum_window(rg1)[:2])
        assert np.std(lung[dark]) > 1.5 * np.std(display[dark])  # more contrast in the lungs
        assert np.mean(lung[~dark] >= 0.99) > 0.3  # the dense half largely saturates white
        assert np.std(med[~dark]) > 1.5 * np.std(display[~dark])  # more contrast in the mediastinum
        assert np.mean(med[dark] <= 0.01) > 0.3  # the lungs largely go black

    def test_same_display_for_monochrome1_and_monochrome2(self, small):
        m1, m2 = small
        for make in (lung_window, mediastinum_window):
            a, b = m1.windowed(*make(m1)[:2]), m2.windowed(*make(m2)[:2])
            assert np.abs(a - b).max() < 2e-3

    def test_file_windows_follow(self, rg1):
        presets = window_presets(rg1)
        assert [p.name for p in presets] == ["Lung", "Mediastinum", "Window 1"]
        assert presets[2][:2] == (15000.0, 30000.0)

    @pytest.mark.parametrize("name", ["00000001_000.png", "00027426_000.png"])
    def test_on_real_8_bit_films(self, name):
        cxr = read_cxr(sample_file("cxr", "nih_png", name))
        lung, med = lung_window(cxr), mediastinum_window(cxr)
        assert lung.center < med.center  # MONOCHROME2: the lungs are the low values
        for w in (lung, med):
            shown = apply_window(cxr.values, w.center, w.width)
            assert 0.02 < float(np.mean((shown > 0) & (shown < 1))) < 0.98  # neither blank nor untouched


# --------------------------------------------------------------------------- orientation


class TestEdgeLabels:
    def test_real_pa_film(self, rg1):
        assert rg1.patient_orientation == ("L", "F") and rg1.view_position == "PA"
        e = edge_labels(rg1.patient_orientation)
        assert e == EdgeLabels(left="R", right="L", top="H", bottom="F")
        assert e.side_of("R") == "left" and e.side_of("L") == "right"
        assert "image left = patient's right" in e.describe()

    def test_mirrored_and_oblique(self):
        assert edge_labels(("R", "F")) == EdgeLabels(left="L", right="R", top="H", bottom="F")
        assert edge_labels(("LP", "F")).left == "RA"
        assert edge_labels(("P", "F")).side_of("L") is None  # a lateral: no left/right edge

    def test_none_when_unknown_never_guessed(self, tmp_path):
        assert edge_labels(None) is None
        # PA, but no Patient Orientation: nothing, although a PA film is usually stored R-on-the-left.
        cxr = read_cxr(fx.save(fx.cr_dataset(fx.rg1_pixels(8)), tmp_path / "pa.dcm"))
        assert cxr.view_position == "PA" and cxr.patient_orientation is None and edge_labels(None) is None

    @pytest.mark.parametrize("bad", [["L", "R"], ["X", "F"], ["L"], ["LLF", "F"], ["", "F"], ["L", "F", "A"]])
    def test_invalid_orientation_is_refused_with_a_note(self, tmp_path, bad):
        cxr = read_cxr(fx.save(fx.cr_dataset(fx.rg1_pixels(8), PatientOrientation=bad), tmp_path / "o.dcm"))
        assert cxr.patient_orientation is None
        assert any("Patient Orientation" in n for n in cxr.notes)

    def test_laterality_kept_only_when_valid(self, tmp_path):
        ok = read_cxr(fx.save(fx.cr_dataset(fx.rg1_pixels(8), ImageLaterality="U"), tmp_path / "u.dcm"))
        bad = read_cxr(fx.save(fx.cr_dataset(fx.rg1_pixels(8), ImageLaterality="Q"), tmp_path / "q.dcm"))
        assert ok.image_laterality == "U" and bad.image_laterality is None
        assert ok.summary()["image_laterality"] == "U"


# --------------------------------------------------------------------------- cardiothoracic ratio


class TestCTR:
    def test_ratio_in_pixels_without_spacing(self, rg1):
        # RG1's Pixel Spacing is 0\0: invalid, so the widths stay in pixels and say so.
        r = ctr_for(rg1, Width(900, 500, 1300), Width(1200, 1650, 200))
        assert isinstance(r, CTRResult) and r.ratio == pytest.approx(800 / 1450)
        assert r.unit == "px" and r.cardiac_mm is None and r.thoracic_mm is None
        assert r.text == "CTR 0.55 (cardiac 800 px / thoracic 1450 px)"
        assert any(n.startswith("widths in pixels, not mm") for n in r.notes)

    def test_mm_only_with_calibrated_spacing(self, tmp_path):
        px = fx.rg1_pixels(8)
        cal = read_cxr(fx.save(fx.cr_dataset(px, PixelSpacing=[0.2, 0.25]), tmp_path / "c.dcm"))
        det = read_cxr(fx.save(fx.cr_dataset(px, ImagerPixelSpacing=[0.6, 0.6]), tmp_path / "d.dcm"))
        mag = read_cxr(fx.save(fx.cr_dataset(px, ImagerPixelSpacing=[0.6, 0.6],
                                              EstimatedRadiographicMagnificationFactor=1.2), tmp_path / "m.dcm"))
        c, t = Width(100, 50, 130), Width(150, 20, 180)
        r = ctr_for(cal, c, t)
        assert (r.cardiac_mm, r.thoracic_mm) == pytest.approx((80 * 0.25, 160 * 0.25))  # column spacing
        assert r.unit == "mm" and "20.0 mm" in r.text and r.ratio == pytest.approx(0.5)
        assert ctr_for(det, c, t).unit == "px"  # detector plane: not calibrated
        assert ctr_for(mag, c, t).cardiac_mm == pytest.approx(80 * 0.6 / 1.2)

    def test_view_and_order_notes(self):
        c, t = Width(0, 0, 60), Width(0, 0, 50)
        r = cardiothoracic_ratio(c, t, view_position="AP")
        assert r.ratio == pytest.approx(1.2)
        assert any("exceeds" in n for n in r.notes) and any("AP film" in n for n in r.notes)
        assert any("lateral" in n for n in cardiothoracic_ratio(t, c, view_position="LL").notes)

    @pytest.mark.parametrize("c, t, spacing", [(Width(0, 5, 5), Width(0, 0, 9), None),
                                               (Width(0, 0, 5), Width(0, 0, math.nan), None),
                                               (Width(0, 0, 5), Width(0, 0, 9), 0.0),
                                               (Width(0, 0, 5), Width(0, 0, 9), -1.0)])
    def test_invalid_inputs(self, c, t, spacing):
        with pytest.raises(ValueError):
            cardiothoracic_ratio(c, t, column_spacing_mm=spacing)

    def test_jsrt_label_range(self):
        """The JSRT expert ratios (from SCR contours) are the kind of number the tool gives: 0.3-0.8."""
        import csv

        rows = list(csv.DictReader(open(sample_file("cxr", "jsrt_scr_512", "labels_ctr.csv"))))
        ratios = [float(r["ctr_from_scr_masks"]) for r in rows]
        assert len(ratios) == 247 and 0.3 < min(ratios) and max(ratios) < 0.85
        cxr = read_cxr(sample_file("cxr", "jsrt_scr_512", "images", rows[0]["id"] + ".png"))
        r = ctr_for(cxr, Width(300, 180, 180 + round(ratios[0] * 400)), Width(320, 56, 456))
        assert r.ratio == pytest.approx(ratios[0], abs=1 / 400) and r.unit == "px"


# --------------------------------------------------------------------------- header view


def _values(view) -> str:
    return "\n".join(r.value for r in view.rows)


class TestDicomHeader:
    def test_real_header_hides_identifiers(self, rg1):
        ds = pydicom.dcmread(rg1.source_path, stop_before_pixels=True)
        secrets = [str(ds.PatientName), ds.PatientID, ds.PatientBirthDate, ds.OtherPatientIDs,
                   ds.StudyInstanceUID, ds.SOPInstanceUID, str(ds.ReferringPhysicianName), ds.InstitutionName]
        for show_text in (False, True):
            view = dicom_header(rg1.source_path, show_text=show_text)
            text = view.text()
            for secret in secrets:
                assert secret not in text, secret
            by_name = {r.name: r for r in view.rows}
            assert by_name["Patient's Name"].withheld == "identifier"
            assert by_name["Patient's Birth Date"].withheld == "identifier"
            assert by_name["Patient ID"].withheld == "identifier"
            assert by_name["Patient Orientation"].value == "L\\F"
            assert by_name["SOP Class UID"].value == "Computed Radiography Image Storage"
            assert by_name["Window Center"].value == "15000"

    def test_free_text_withheld_like_inspect(self, rg1):
        """What ``ph-assist inspect`` withholds without --show-text is withheld here too, and shown with it."""
        summary, n = withhold_free_text(rg1.summary())
        assert n >= 2 and summary["metadata"]["manufacturer"] is None
        hidden, shown = dicom_header(rg1.source_path), dicom_header(rg1.source_path, show_text=True)
        for name in ("Manufacturer", "Manufacturer's Model Name", "Body Part Examined", "Study Description"):
            assert {r.name: r for r in hidden.rows}[name].withheld == "free text"
            assert {r.name: r for r in shown.rows}[name].withheld is None
        assert "Philips Medical Systems" not in hidden.text() and "Philips Medical Systems" in _values(shown)
        assert hidden.file.startswith("file:") and "RG1" not in hidden.file  # like inspect's file_ref
        assert hidden.free_text_withheld > 0 and shown.free_text_withheld == 0
        assert hidden.identifiers_withheld == shown.identifiers_withheld > 8

    def test_nested_and_private(self, tmp_path):
        ds = fx.cr_dataset(fx.rg1_pixels(8))
        item = pydicom.Dataset()
        item.CodeValue, item.CodeMeaning = "PA", "Doe Jane PA film"
        ds.ViewCodeSequence = [item]
        other = pydicom.Dataset()
        other.PatientID = "PHA-999"
        ds.OtherPatientIDsSequence = [other]
        block = ds.private_block(0x0029, "ACME", create=True)
        block.add_new(0x10, "LO", "Doe^Jane private")
        path = fx.save(ds, tmp_path / "nested.dcm")
        for show_text in (False, True):
            view = dicom_header(path, show_text=show_text)
            text = view.text()
            assert "Doe^Jane" not in text  # the name and the private copy of it: never
            if not show_text:
                assert "Doe" not in text and "Jane" not in text  # nor the free text that repeats it
            assert "PHA-999" not in text and "PHA-123456" not in text and "19500101" not in text
            assert any(r.withheld == "private" for r in view.rows)
            assert any(r.name == "Item 1" and r.depth == 1 for r in view.rows)
        shown = dicom_header(path, show_text=True)
        assert "Doe Jane PA film" in _values(shown)  # free text inside a sequence, shown when asked

    def test_identifier_list_covers_the_fixture_patient(self):
        assert {"PatientName", "PatientID", "PatientBirthDate", "OtherPatientIDs", "AccessionNumber"} <= \
            IDENTIFIER_KEYWORDS

    def test_not_dicom(self, tmp_path):
        bad = tmp_path / "x.dcm"
        bad.write_bytes(b"not dicom at all")
        with pytest.raises(CXRReadError):
            dicom_header(bad)

    def test_rows_are_bounded(self, rg1):
        view = dicom_header(rg1.source_path, max_rows=5)
        assert len(view.rows) == 5 and view.truncated
