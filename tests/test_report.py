"""The one-page PDF report (ph_assist.report; matplotlib, no Qt)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess

import pytest

from ph_assist.errors import InputError
from ph_assist.presentation import percent, present
from ph_assist.report import (
    A4_PORTRAIT_IN,
    FOOTER,
    SYNTHETIC_DISCLAIMER,
    disclaimer,
    figure_texts,
    format_auc,
    format_points,
    report_figure,
    write_report,
)

CREATED = dt.datetime(2025, 11, 28, 14, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def scored(quick_bundle_dir, demo_case_files):
    """The demo case assessed with Grad-CAM, and a BNP-only case (partial)."""
    from ph_assist.assessment import assess
    from ph_assist.cases import load_case
    from ph_assist.resources import load_default_bundle

    bundle = load_default_bundle(quick_bundle_dir)
    d = demo_case_files
    case = load_case(case_id=d.case_id, ecg_path=d.ecg_path, cxr_path=d.cxr_path, bnp=d.bnp, bnp_unit=d.bnp_unit)
    full = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs, case_id=d.case_id)
    bnp_only = load_case(case_id="PSEUDO-7", bnp="120")
    partial = assess(bundle, labs=bnp_only.labs, case_id="PSEUDO-7")
    return {"case": case, "full": full, "bnp_only": bnp_only, "partial": partial}


def _joined(fig) -> str:
    """All texts of the page, each on one line (wrapped lines re-joined)."""
    return "\n".join(" ".join(t.split()) for t in figure_texts(fig))


def test_report_page_content(scored, demo_case_files):
    case, a = scored["case"], scored["full"]
    fig = report_figure(a, ecg=case.ecg, cxr=case.cxr, labs=case.labs, created=CREATED)
    assert tuple(round(v, 2) for v in fig.get_size_inches()) == A4_PORTRAIT_IN
    text = _joined(fig)
    assert SYNTHETIC_DISCLAIMER in text
    assert FOOTER in text
    assert "2025-11-28 14:05" in text
    assert f"Case ID (pseudonymous): {demo_case_files.case_id}" in text
    assert percent(a.risk) in text
    assert a.category_label[1:] in text
    assert "Complete" in text and "PARTIAL" not in text
    assert a.bundle_name in text and a.bundle_id[:12] in text
    for m in ("ecg", "cxr", "bnp"):
        s = a.subscores[m]
        assert format_auc(s.validation_auc) in text
        view = present(a).subscore(m)
        assert view.contribution in text  # "lowered it 11 points" in the table
        assert " ".join(view.contribution_sentence.split()[:6]) in " ".join(text.split())  # the sentence in the note
    assert demo_case_files.bnp_unit == "pmol/L"  # the demo's BNP is entered in pmol/L and converted
    assert f"entered {demo_case_files.bnp} pmol/L" in text
    assert "prognostic stratum in PAH, not a diagnostic cut-off" in text
    # the pictures are there (ECG trace + Grad-CAM band; radiograph with overlay + colour bar)
    assert len(fig.axes) >= 3
    assert any(ax.images for ax in fig.axes[:1]) and fig.axes[1].images
    # no file paths (they can carry names or record numbers)
    assert str(demo_case_files.ecg_path.parent) not in text and demo_case_files.cxr_path.name not in text


def test_partial_report_names_what_is_missing(scored):
    a = scored["partial"]
    text = _joined(report_figure(a, labs=scored["bnp_only"].labs, created=CREATED))
    assert "PARTIAL — missing: ECG, chest X-ray" in text
    assert "No ECG in this assessment" in text and "No chest X-ray in this assessment" in text
    assert "missing — not used" in text
    assert "Case ID (pseudonymous): PSEUDO-7" in text


def test_write_report_pdf(scored, tmp_path, demo_case_files):
    case, a = scored["case"], scored["full"]
    out = write_report(tmp_path / "case.pdf", a, ecg=case.ecg, cxr=case.cxr, labs=case.labs, created=CREATED)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1
    assert b"Synthetic training data - not for clinical use" in data  # document metadata (Subject)
    assert b"not a certified medical device" in data
    assert demo_case_files.case_id.encode() in data  # Title
    assert not list(tmp_path.glob("*.part"))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], check=False, capture_output=True, text=True).stdout
        assert "not for clinical use" in text and demo_case_files.case_id in text


def test_write_report_refuses_bad_paths(scored, tmp_path):
    with pytest.raises(InputError, match="ending in .pdf"):
        write_report(tmp_path / "case.png", scored["partial"])
    with pytest.raises(InputError, match="folder not found"):
        write_report(tmp_path / "no" / "case.pdf", scored["partial"])


def test_disclaimer_follows_the_bundle(scored):
    a = scored["partial"]
    assert disclaimer(a).startswith("Synthetic training data — not for clinical use")
    assert "unverified origin" in disclaimer(a)  # the test bundle is unsigned
    cleared = dataclasses.replace(a, banner="For use by cardiologists as decision support", clinical_use=True,
                                  synthetic_training_data=False)
    assert disclaimer(cleared) == "For use by cardiologists as decision support"
    text = _joined(report_figure(cleared, created=CREATED))
    assert "Synthetic" not in text and FOOTER in text
    synthetic_odd_banner = dataclasses.replace(a, banner="Research use only")
    assert disclaimer(synthetic_odd_banner).startswith(SYNTHETIC_DISCLAIMER)


def test_formatting_helpers():
    assert format_points(0.171) == "+17 points"
    assert format_points(-0.052) == "-5 points"
    assert format_points(0.004) == "±0 points"
    assert format_points(None) == "—"
    assert format_auc({"auc": 0.8793, "ci_low": 0.8003, "ci_high": 0.9584}) == "0.88 (95% CI 0.80–0.96)"
    assert format_auc(None) == "not reported"


def test_report_module_imports_no_qt():
    import subprocess
    import sys

    code = ("import sys, ph_assist.report; "
            "print([m for m in sys.modules if m.startswith('PySide6') or m == 'matplotlib.pyplot'])")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"
