"""The rules of the case under review (ph_assist.gui.case_state), without any window or Qt.

Inputs and results are plain sentinel objects: the controller compares inputs by identity and
never looks inside them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ph_assist.gui.case_state import (
    BNP_INVALID_STALE,
    READING_FILES,
    WAITING_FOR_BUNDLE,
    CaseController,
    CaseInputs,
    ClearResult,
    MarkCurrent,
    MarkStale,
    ShowAssessError,
    ShowBusy,
    ShowIdle,
    ShowResult,
    StartAssessment,
)

BUNDLE = object()


def ready() -> CaseController:
    c = CaseController()
    c.bundle_loading()
    assert c.bundle_ready(BUNDLE) == [ClearResult(), ShowIdle(None)]  # nothing to assess yet
    return c


def starts(effects) -> StartAssessment:
    """The one StartAssessment among ``effects`` (after the busy panel)."""
    assert effects[0] == ShowBusy() and isinstance(effects[1], StartAssessment) and len(effects) == 2, effects
    return effects[1]


def open_files(c: CaseController, ecg=None, cxr=None):
    """As the window does it: a read in flight, then the files arrive and the inputs are assessed."""
    serial = c.state.serial
    c.begin_read()
    assert c.request() == []  # a request waits for the files being read
    assert c.read_done(serial)
    if ecg is not None:
        c.set_ecg(Path("ecg.hea"), ecg)
    if cxr is not None:
        c.set_cxr(Path("cxr.png"), cxr)
    return c.request()


def test_open_assess_result_then_stale_then_current():
    c = ready()
    ecg, cxr = object(), object()
    job = starts(open_files(c, ecg, cxr))
    assert job.inputs.same_as(CaseInputs(ecg, cxr, None)) and job.bundle is BUNDLE
    a = object()
    shown = c.result_arrived(a, 0.2)
    assert shown == [ShowResult(a, job.inputs, 0.2)]
    assert c.state.assessment is a and not c.state.stale
    labs = object()
    c.set_labs(labs)  # a new BNP value: the shown result no longer matches the inputs
    assert c.state.stale
    job2 = starts(c.request())
    assert job2.inputs.labs is labs
    b = object()
    [res] = c.result_arrived(b)
    assert isinstance(res, ShowResult) and res.assessment is b and res.inputs is job2.inputs
    assert c.state.assessment is b and not c.state.stale


def test_two_quick_requests_only_the_last_is_shown():
    c = ready()
    ecg = object()
    starts(open_files(c, ecg))
    bnp_1, bnp_2 = object(), object()
    c.set_labs(bnp_1)
    assert c.request() == []  # merged: one assessment at a time
    c.set_labs(bnp_2)
    assert c.request() == []
    assert c.state.again and not c.settled()
    # the first result is outdated: dropped, and the latest inputs are assessed instead
    again = starts(c.result_arrived(object()))
    assert again.inputs.same_as(CaseInputs(ecg, None, bnp_2))
    assert c.state.assessment is None
    last = object()
    assert c.result_arrived(last, 1.0) == [ShowResult(last, again.inputs, 1.0)]
    assert c.state.assessment is last and c.settled()


def test_a_result_for_inputs_changed_without_a_request_is_not_shown():
    c = ready()
    starts(open_files(c, object()))
    c.set_cxr(Path("x.png"), object())  # e.g. set while the assessment ran, request still to come
    effects = c.result_arrived(object())
    assert not any(isinstance(e, ShowResult) for e in effects)
    assert starts(effects).inputs.cxr is c.state.cxr


def test_error_path_and_an_error_overtaken_by_a_request():
    c = ready()
    starts(open_files(c, object()))
    assert c.error_arrived("boom: file.hea") == [ShowAssessError("boom: file.hea")]
    assert c.state.assessment is None and c.settled()
    # an error of an assessment that a later request overtook is not shown: the latest inputs are assessed
    starts(c.request())
    c.set_labs(object())
    assert c.request() == []
    assert isinstance(c.error_arrived("old")[1], StartAssessment)


def test_bundle_not_ready_queues_the_request_until_it_is():
    c = CaseController()
    c.bundle_loading()
    ecg = object()
    assert open_files(c, ecg) == [ShowBusy(WAITING_FOR_BUNDLE)]
    assert c.state.bundle_state == "loading" and not c.state.running
    job = starts(c.bundle_ready(BUNDLE))
    assert job.inputs.ecg is ecg and c.state.bundle_state == "ready"


def test_missing_bundle_means_no_scores():
    c = CaseController()
    c.bundle_loading()
    c.bundle_failed("model bundle not found: /b")
    assert c.state.idle_result == ShowIdle("model bundle not found: /b")
    assert open_files(c, object()) == [ShowIdle("model bundle not found: /b")]
    assert c.new_case() == [ShowIdle("model bundle not found: /b")]


def test_no_inputs_no_result():
    c = ready()
    ecg = object()
    starts(open_files(c, ecg))
    c.result_arrived(object())
    c.set_ecg(None, None)  # the ECG cleared: nothing left to assess
    assert c.request() == [ClearResult(), ShowIdle(None)]
    assert c.state.assessment is None and c.state.assessed_inputs is None


def test_new_case_drops_the_running_assessment_and_old_reads():
    c = ready()
    old_serial = c.state.serial
    starts(open_files(c, object()))
    c.begin_read()  # a second file of the old case is being read
    c.set_case_id("  P-1 ")
    assert c.state.case_id == "P-1"
    assert c.new_case() == [ShowIdle(None)]
    assert c.state.case_id is None and c.state.ecg is None and c.state.again
    assert not c.read_done(old_serial)  # the old case's files are dropped
    # the old result arrives: not shown; the new case is empty
    assert c.result_arrived(object()) == [ClearResult(), ShowIdle(None)]
    assert c.state.assessment is None and c.settled()


def test_reading_files_while_a_result_is_shown_and_the_case_id_goes_with_the_request():
    c = ready()
    c.set_case_id("CASE-7")
    job = starts(open_files(c, object()))
    assert job.case_id == "CASE-7"
    c.result_arrived(object())
    assert c.begin_read() == [ShowBusy(READING_FILES)]
    assert c.state.reading == 1 and c.request() == []


def test_invalid_bnp_keeps_the_result_marked_stale():
    c = ready()
    assert c.bnp_checked("BNP value 'abc' is not a number") == []  # no result: nothing to mark
    c.bnp_checked(None)
    c.set_labs(object())
    starts(c.request())
    c.result_arrived(object())
    assert c.bnp_checked("BNP value 'abc' is not a number") == [MarkStale(BNP_INVALID_STALE)]
    assert c.state.stale and c.state.assessment is not None
    assert c.bnp_checked(None) == [MarkCurrent()]
    assert not c.state.stale


def test_inputs_compare_by_identity():
    x = [1]
    assert CaseInputs(x, None, None).same_as(CaseInputs(x, None, None))
    assert not CaseInputs(x, None, None).same_as(CaseInputs([1], None, None))
    assert not CaseInputs().same_as(None) and CaseInputs().empty()


def test_importing_the_model_loads_no_qt():
    code = ("import sys, ph_assist.gui.case_state, ph_assist.study.reader_view; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'torch')]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])
