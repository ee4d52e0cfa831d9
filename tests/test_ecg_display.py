"""The ECG's measurements and PH criteria on screen and in the PDF; the PDF's ECG page at paper scale.

The real ECG is pydicom's ``waveform_ecg.dcm`` (a Mortara cart's 12-lead
DICOM waveform, with the cart's own measurements): a normal ECG, so every
PH criterion is "not met", and the device's values are in the file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import threading

import numpy as np
import pytest

from ph_assist.ecg_measure import NOT_MEASURABLE, NOT_MET, PH_CRITERIA, measurements_report
from ph_assist.presentation import (
    DEVICE_LABEL,
    MEASUREMENT_NAMES,
    criteria_rows,
    criteria_summary,
    measurement_lines,
    measurement_rows,
)

CREATED = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.UTC)
ERROR_REPORT = {"error": "ECG measurement: no QRS complex found", "device_measurements": None}


@pytest.fixture(scope="module")
def ecg():
    pytest.importorskip("pydicom")
    from pydicom.data import get_testdata_file

    from ph_assist.io import read_ecg

    return read_ecg(get_testdata_file("waveform_ecg.dcm"))


@pytest.fixture(scope="module")
def report(ecg):
    return measurements_report(ecg)


# ---------------------------------------------------------------- the wording (Qt-free)


class TestWording:
    def test_rows_of_a_measured_ecg(self, report):
        rows = measurement_rows(report)
        assert [r.key for r in rows] == list(MEASUREMENT_NAMES)
        qrs = next(r for r in rows if r.key == "qrs_ms")
        assert qrs.ours == f"{report['values']['qrs_ms']:.0f} ms" and qrs.device == "75 ms"  # the Mortara cart
        crit = criteria_rows(report)
        assert [c.key for c in crit] == list(PH_CRITERIA)
        assert all(c.status == NOT_MET and c.status_text == "not met" for c in crit)
        rad = crit[0]
        assert rad.line.startswith("not met — Right axis deviation (QRS axis > +90 deg): +")
        assert criteria_summary(report) == "ECG criteria of PH: 0 of 6 met"
        lines = measurement_lines(report)
        assert len(lines) == 2 and DEVICE_LABEL in lines[1] and "QRS 75 ms" in lines[1]

    def test_amplitudes_keep_three_decimals(self, report):
        p = next(c for c in criteria_rows(report) if c.key == "p_pulmonale")
        v = report["ph_criteria"][3]["value"]
        assert p.value == f"{v:.3f} mV"  # 0.245 mV must not read as 0.25 (the threshold) when not met

    def test_an_unmeasurable_ecg_lists_every_criterion_with_the_reason(self):
        crit = criteria_rows(ERROR_REPORT)
        assert [c.key for c in crit] == list(PH_CRITERIA)
        assert all(c.status == NOT_MEASURABLE and "no QRS complex found" in c.line for c in crit)
        assert measurement_rows(ERROR_REPORT) == []
        assert measurement_lines(ERROR_REPORT) == ["ECG measurements: not measurable (ECG measurement: "
                                                   "no QRS complex found)"]


# ---------------------------------------------------------------- the widget


@pytest.fixture
def gated(monkeypatch):
    """``workers.measure_ecg_task`` held at a gate until the test opens it (no timing involved)."""
    pytest.importorskip("pytestqt")
    from ph_assist.gui import workers

    gate = threading.Event()
    real = workers.measure_ecg_task

    def task(job, ecg):
        assert gate.wait(60)
        return real(job, ecg)

    monkeypatch.setattr(workers, "measure_ecg_task", task)
    return gate


def test_panel_says_measuring_then_shows_the_criteria(qtbot, ecg, gated):
    from ph_assist.gui.ecg_measure_panel import MEASURING_TEXT, ECGMeasurePanel
    from ph_assist.gui.workers import JobRunner

    panel = ECGMeasurePanel()
    qtbot.addWidget(panel)
    runner = JobRunner(panel)
    assert panel.state() == "none" and panel.isHidden()  # no ECG: nothing shown
    job = panel.measure(ecg, runner)
    # measure() returned while the work is still held at the gate: the GUI thread was not blocked
    assert not job.done.is_set()
    assert panel.state() == "measuring" and MEASURING_TEXT in panel.text() and "measuring…" in panel.text()
    gated.set()
    qtbot.waitUntil(lambda: panel.state() == "result", timeout=60000)
    assert panel.criteria() == {k: NOT_MET for k in PH_CRITERIA}
    text = panel.text()
    for label in PH_CRITERIA.values():
        assert label in text
    assert DEVICE_LABEL in text and "75 ms" in text  # the cart's QRS beside ours
    assert "ECG criteria of PH: 0 of 6 met" in text
    assert panel.report_for(ecg) is panel.report()
    runner.wait()


def test_a_result_for_an_ecg_no_longer_shown_is_dropped(qtbot, ecg, gated):
    from ph_assist.gui.ecg_measure_panel import ECGMeasurePanel
    from ph_assist.gui.workers import JobRunner

    panel = ECGMeasurePanel()
    qtbot.addWidget(panel)
    runner = JobRunner(panel)
    job = panel.measure(ecg, runner)
    panel.measure(None, runner)  # the ECG was removed
    gated.set()
    qtbot.waitUntil(lambda: not runner.busy(), timeout=60000)
    assert job.done.is_set()
    assert panel.state() == "none" and panel.report() is None


def test_not_measurable_shows_the_reason_and_the_risk_panel_hosts_it(qtbot):
    from ph_assist.gui.risk_panel import RiskPanel

    rp = RiskPanel()
    qtbot.addWidget(rp)
    panel = rp.ecg_measure
    panel.set_report(ERROR_REPORT)
    assert panel.state() == "error"
    assert panel.criteria() == {k: NOT_MEASURABLE for k in PH_CRITERIA}
    assert "ECG not measurable: ECG measurement: no QRS complex found" in panel.text()
    assert "not measurable" in rp.text()
    rp.set_empty()  # a new result state leaves the ECG's measurements alone: they follow the ECG
    assert panel.state() == "error"
    panel.clear()
    assert panel.state() == "none" and panel.criteria() == {}


# ---------------------------------------------------------------- the PDF


@pytest.fixture(scope="module")
def assessed(quick_bundle_dir, ecg):
    from ph_assist.assessment import assess
    from ph_assist.resources import load_default_bundle

    bundle = load_default_bundle(quick_bundle_dir)
    return assess(bundle, ecg=ecg, case_id="PSEUDO-ECG-1")


@pytest.fixture(scope="module")
def pdf(assessed, ecg, report, tmp_path_factory):
    from ph_assist.report import write_report

    return write_report(tmp_path_factory.mktemp("pdf") / "case.pdf", assessed, ecg=ecg, created=CREATED,
                        measurements=report)


def _pdf_pages(path) -> list[tuple[float, float]]:
    """Page sizes in points (pdfinfo)."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], check=True, capture_output=True,
                         text=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((float(w), float(h)))
    return sizes


def test_pdf_has_the_ecg_page_second_in_landscape(pdf, tmp_path):
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and not list(pdf.parent.glob("*.part"))
    if not shutil.which("pdfinfo"):
        assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") == 2
        pytest.skip("pdfinfo (poppler-utils) not installed: page sizes not checked")
    sizes = _pdf_pages(pdf)
    assert len(sizes) == 2
    assert sizes[0] == pytest.approx((595.44, 841.68), abs=0.5)  # A4 portrait, as before
    assert sizes[1] == pytest.approx((297 / 25.4 * 72, 210 / 25.4 * 72), abs=0.01)  # A4 landscape, exactly


def test_pdf_without_an_ecg_is_one_page(assessed, tmp_path):
    from ph_assist.report import write_report

    out = write_report(tmp_path / "no-ecg.pdf", assessed, created=CREATED)
    if shutil.which("pdfinfo"):
        assert len(_pdf_pages(out)) == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True, text=True).stdout
        assert "criteria of PH" not in text


def test_ecg_page_is_at_25_mm_per_s_and_10_mm_per_mv(ecg, report):
    """The physical scale from the figure's geometry: page inches x axes fraction / data span."""
    from matplotlib.collections import LineCollection

    from ph_assist.report import A4_LANDSCAPE_IN, ecg_page_figure

    fig = ecg_page_figure(ecg, case_id="PSEUDO-ECG-1", created=CREATED, measurements=report)
    w_in, h_in = fig.get_size_inches()
    assert (w_in * 25.4, h_in * 25.4) == pytest.approx((297.0, 210.0), abs=1e-9)
    assert tuple(fig.get_size_inches()) == pytest.approx(A4_LANDSCAPE_IN)
    ax = next(a for a in fig.axes if a.get_label() == "ecg paper")
    pos = ax.get_position()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    mm_per_s = pos.width * w_in * 25.4 / (x1 - x0)
    mm_per_mv = pos.height * h_in * 25.4 / (y1 - y0)
    assert mm_per_s == pytest.approx(25.0, abs=1e-9)
    assert mm_per_mv == pytest.approx(10.0, abs=1e-9)
    assert x1 - x0 >= 10.0  # the 10 s rhythm strip fits
    # the paper fits on the page
    assert pos.x0 >= 0 and pos.x1 <= 1 and pos.y0 >= 0 and pos.y1 <= 1
    # the grid: 1 mm lines every 0.04 s and 0.1 mV, 5 mm lines every 0.2 s and 0.5 mV
    grids = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(grids) == 2
    for coll, step_s, step_mv in zip(grids, (0.04, 0.2), (0.1, 0.5)):
        xs = sorted({round(s[0][0], 9) for s in coll.get_segments() if s[0][0] == s[1][0]})
        ys = sorted({round(s[0][1], 9) for s in coll.get_segments() if s[0][1] == s[1][1]})
        if step_s == 0.04:  # minor lines skip the major positions
            assert np.min(np.diff(xs)) == pytest.approx(0.04) and np.min(np.diff(ys)) == pytest.approx(0.1)
        else:
            assert np.allclose(np.diff(xs), 0.2) and np.allclose(np.diff(ys), 0.5)
            assert 0.0 in xs  # aligned on t = 0
    # a 1 mV, 0.2 s calibration pulse at the start of each of the 4 rows: 10 mm high, 5 mm wide
    pulses = [ln for ln in ax.lines if len(ln.get_xdata()) == 6 and max(ln.get_xdata()) < 0]
    assert len(pulses) == 4
    for ln in pulses:
        x, y = np.asarray(ln.get_xdata()), np.asarray(ln.get_ydata())
        assert (y.max() - y.min()) * mm_per_mv == pytest.approx(10.0)
        high = x[y == y.max()]
        assert (high.max() - high.min()) * mm_per_s == pytest.approx(5.0)
    # 3 x 4 leads of 2.5 s and the 10 s lead II strip
    spans = sorted(round(float(np.ptp(ln.get_xdata())) + 1 / ecg.fs, 2) for ln in ax.lines
                   if len(ln.get_xdata()) > 100)
    assert spans == [2.5] * 12 + [10.0]
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "25 mm/s" in texts and "10 mm/mV" in texts and "Display filter: 0.5 Hz high-pass" in texts


def test_ecg_page_scale_survives_into_the_pdf(pdf, tmp_path):
    """Rendered at 254 dpi (10 px per mm), the 5 mm grid lines of page 2 are 50 px apart."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "254", "-f", "2", "-l", "2", "-png", str(pdf), str(tmp_path / "p")],
                   check=True, capture_output=True, timeout=120)
    img = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")).astype(int)
    assert abs(img.shape[0] - 2100) <= 1 and abs(img.shape[1] - 2970) <= 1  # 210 x 297 mm at 10 px/mm
    row = img[1905]  # 1.5 mm above the bottom of the paper, between two 1 mm lines
    r, g, b = row[:, 0], row[:, 1], row[:, 2]
    major = (r > 200) & (g < 190) & (b < 190)  # the darker red of the 5 mm lines
    edges = np.flatnonzero(np.diff(np.concatenate(([0], major.astype(int), [0]))))
    centres = (edges[0::2] + edges[1::2] - 1) / 2
    gaps = np.diff(centres)
    assert len(centres) >= 50
    assert np.median(gaps) == pytest.approx(50.0, abs=0.5)  # 5 mm = 0.2 s at 25 mm/s
    assert (centres[-1] - centres[0]) / (len(centres) - 1) == pytest.approx(50.0, abs=0.1)


def test_criteria_and_scale_are_in_the_pdf_text(pdf):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "ECG measurements and ECG criteria of PH" in flat
    for short in ("Right axis deviation", "R/S ratio in V1 > 1", "R in V1 >= 0.7 mV", "P in II >= 0.25 mV",
                  "RV strain", "Complete RBBB"):
        assert short in flat
    assert flat.count("not met") >= 6
    assert "device (as stored in the file)" in flat
    assert "25 mm/s" in flat and "10 mm/mV" in flat and "0.5 Hz high-pass" in flat
    assert "PSEUDO-ECG-1" in flat
