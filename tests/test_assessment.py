"""assess(): sub-scores, fused risk, partial flags, Grad-CAM on the source axes, determinism."""

import numpy as np
import pytest

from ph_assist.assessment import AssessmentError, assess
from ph_assist.cases import load_case
from ph_assist.errors import LabValueError
from ph_assist.io.labs import parse_labs
from ph_assist.models.bundle import load_bundle


@pytest.fixture(scope="module")
def bundle(quick_bundle_dir):
    return load_bundle(quick_bundle_dir)


@pytest.fixture(scope="module")
def case(demo_case_files):
    d = demo_case_files
    return load_case(case_id=d.case_id, ecg_path=d.ecg_path, cxr_path=d.cxr_path, bnp=d.bnp,
                     bnp_unit=d.bnp_unit, strict=True)


def test_full_case(bundle, case):
    a = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs, case_id=case.case_id)
    assert 0.0 < a.risk < 1.0 and not a.partial and a.missing == ()
    assert set(a.subscores) == {"ecg", "cxr", "bnp"}
    assert a.positive == (a.risk >= bundle.thresholds.default_point.threshold)
    # Grad-CAM maps live on the original trace and image.
    assert a.ecg_cam.shape == (case.ecg.n_samples,) and a.cxr_cam.shape == case.cxr.image.shape
    assert np.nanmax(a.ecg_cam) <= 1.0 and np.nanmin(a.cxr_cam) >= 0.0
    # The sub-score from the Grad-CAM pass equals the plain forward pass.
    plain = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs, explain=False)
    for m in ("ecg", "cxr", "bnp"):
        assert a.subscores[m].logit == pytest.approx(plain.subscores[m].logit, abs=1e-5)
    assert a.risk == pytest.approx(plain.risk, abs=1e-6)
    # Contribution = risk with all minus risk without that modality.
    without_cxr = assess(bundle, ecg=case.ecg, labs=case.labs, explain=False)
    assert a.subscores["cxr"].contribution == pytest.approx(a.risk - without_cxr.risk, abs=1e-6)
    s = a.summary()
    assert s["bundle"]["id"] == bundle.bundle_id and "not for clinical use" in s["bundle"]["banner"]
    assert "not for clinical use" in a.text().splitlines()[0]


def test_same_inputs_same_numbers(bundle, case):
    a = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs)
    b = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs)
    assert a.risk == b.risk
    np.testing.assert_array_equal(a.cxr_cam, b.cxr_cam)
    np.testing.assert_array_equal(np.nan_to_num(a.ecg_cam), np.nan_to_num(b.ecg_cam))


@pytest.mark.parametrize("present", [("ecg",), ("cxr",), ("bnp",), ("ecg", "bnp"), ("cxr", "bnp")])
def test_partial_cases_name_what_is_missing(bundle, case, present):
    kwargs = {"ecg": case.ecg, "cxr": case.cxr, "labs": case.labs}
    names = {"ecg": "ecg", "cxr": "cxr", "bnp": "labs"}
    a = assess(bundle, **{names[m]: kwargs[names[m]] for m in present}, explain=False)
    assert a.partial and set(a.missing) == {"ecg", "cxr", "bnp"} - set(present)
    assert 0.0 < a.risk < 1.0
    assert "PARTIAL" in a.text()


def test_nothing_to_assess_and_wrong_analyte(bundle):
    with pytest.raises(AssessmentError):
        assess(bundle)
    with pytest.raises(LabValueError, match="trained on BNP"):
        assess(bundle, labs=parse_labs(900, "pg/mL", "NT-proBNP"))


def test_other_peptide_leaves_bnp_out_and_scores_the_rest(bundle, case):
    """NT-proBNP with a BNP bundle: a partial case from the ECG and the radiograph, saying why."""
    a = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=parse_labs(900, "pg/mL", "NT-proBNP"), explain=False)
    b = assess(bundle, ecg=case.ecg, cxr=case.cxr, explain=False)
    assert a.partial and a.missing == ("bnp",) and "bnp" not in a.subscores
    assert a.risk == b.risk and a.threshold["subset"] == "ecg+cxr"
    assert any("NT-proBNP was left out" in w for w in a.warnings) and "NT-proBNP was left out" in a.text()
