"""What the reader window shows in each phase (ph_assist.study.reader_view), on real reader sessions
(:func:`ph_assist.study.open_session` over a small study), without any window or Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from ph_assist.study import create_study, open_session
from ph_assist.study.reader_view import (
    ReaderStep,
    ai_allowed,
    ai_placeholder_text,
    answer_missing,
    reader_header,
    reader_step,
    reader_view,
)
from tests.test_study_store import Clock, make_manifest


def study(tmp_path, design: str, n: int = 4):
    manifest = make_manifest(tmp_path / "data", n)
    create_study(tmp_path / "study", manifest, ["R1"], design, 7, washout_days=28, name="pilot")
    return tmp_path / "study"


def key(s):
    cv = s.current_case
    return (cv.session, cv.case_id)


def present(s) -> None:
    """As the window does: the case loaded, then shown."""
    assert reader_step(s, case_key=None, loaded=False, ai_pending=True).kind == "load"
    assert reader_step(s, case_key=key(s), loaded=False, ai_pending=True) == ReaderStep("wait")
    assert reader_step(s, case_key=key(s), loaded=True, ai_pending=True).kind == "present"
    s.show_case()


def test_sequential_unaided_lock_aided_next(tmp_path):
    s = open_session(study(tmp_path, "sequential"), "R1", clock=Clock())
    step = reader_step(s, case_key=None, loaded=False, ai_pending=True)
    assert step == ReaderStep("load", "Loading case 1 of 4\u2026", "Reading the ECG and the chest X-ray.")
    assert reader_header(s, "loading").progress == "Case 1 of 4"
    assert not reader_header(s, "loading").pause_enabled  # nothing on screen to pause
    present(s)
    h = reader_header(s, "reading")
    assert (h.progress, h.pause_text, h.pause_enabled) == ("Case 1 of 4", "Pause", True)

    # unaided: nothing given, then a complete answer
    v = reader_view(s, "reading")
    assert (v.answer_title, v.submit_text, v.submit_visible, v.submit_enabled) == (
        "Your answer \u2014 without AI", "Submit unaided answer", True, False)
    assert not v.lock_visible and not v.confirm_visible and not v.ai_allowed and v.answer_enabled
    assert v.hint == "Choose yes or no and set your confidence."
    v = reader_view(s, "reading", ph=True, confidence=70)
    assert v.submit_enabled and v.hint == "You can change it until you lock it."

    # submitted: lock offered only for the submitted answer
    s.answer(True, 70)
    v = reader_view(s, "reading", ph=True, confidence=70)
    assert s.phase == "awaiting_lock"
    assert (v.submit_text, v.submit_enabled, v.lock_visible, v.lock_enabled) == (
        "Submit changed answer", False, True, True)
    assert v.hint.startswith("Submitted. Lock it to see the AI")
    v = reader_view(s, "reading", ph=True, confidence=60)
    assert v.submit_enabled and not v.lock_enabled and v.hint.startswith("You changed your answer")
    v = reader_view(s, "reading", ph=True, confidence=70, confirming=True)
    assert v.confirm_visible and not v.lock_enabled and not v.submit_enabled and not v.answer_enabled
    assert v.hint == ""

    # locked: the AI may be shown; the aided answer waits for it
    s.lock_and_show_ai()
    assert s.phase == "aided" and ai_allowed(s, "reading") and not ai_allowed(s, "paused")
    v = reader_view(s, "reading", ph=True, confidence=70, ai_ready=False)
    assert (v.answer_title, v.submit_text, v.submit_enabled) == ("Your answer \u2014 with AI", "Submit and next case",
                                                                 False)
    assert v.hint == "The AI assessment is being computed\u2026" and v.ai_allowed
    v = reader_view(s, "reading", ph=True, confidence=70, ai_ready=True)
    assert v.submit_enabled
    assert v.hint.startswith("Your locked answer without AI: PH yes, confidence 70.")

    # next case
    s.answer_aided(False, 40)
    assert s.phase == "unaided" and reader_header(s, "loading").progress == "Case 2 of 4"
    assert reader_step(s, case_key=("x", "old"), loaded=True, ai_pending=False).title == "Loading case 2 of 4\u2026"


def test_pause_and_done(tmp_path):
    s = open_session(study(tmp_path, "sequential", n=2), "R1", clock=Clock())
    present(s)
    s.pause()
    assert reader_step(s, case_key=key(s), loaded=True, ai_pending=True) == ReaderStep(
        "paused", "Paused", "The case is hidden and the time on case is stopped.", "Resume")
    h = reader_header(s, "paused")
    assert (h.pause_text, h.pause_enabled) == ("Resume", True)
    assert not reader_view(s, "paused").submit_visible
    s.resume()
    for _ in range(2):  # the last case too
        if not s.shown:
            s.show_case()
        s.answer(True, 80)
        s.lock_and_show_ai()
        s.answer_aided(True, 90)
    step = reader_step(s, case_key=None, loaded=False, ai_pending=True)
    assert step.kind == "done" and step.title == "Thank you!"
    assert "all 2 cases of this study." in step.text
    assert reader_header(s, "done").progress.startswith("Done: all 2 cases read")
    assert not reader_header(s, "done").pause_enabled


def test_locked_read_reopened_waits_for_the_ai_before_the_case(tmp_path):
    folder = study(tmp_path, "sequential")
    clock = Clock()
    s = open_session(folder, "R1", clock=clock)
    present(s)
    s.answer(False, 30)
    s.lock_and_show_ai()
    s.close()
    s = open_session(folder, "R1", clock=clock)
    if s.paused:
        s.resume()
    assert s.phase == "aided" and not s.shown
    # the AI comes with the case: computed before the case appears
    step = reader_step(s, case_key=key(s), loaded=True, ai_pending=True)
    assert step == ReaderStep("prepare_ai", "Preparing case 1 of 4\u2026", "Computing the AI assessment.")
    assert reader_step(s, case_key=key(s), loaded=True, ai_pending=False).kind == "present"
    s.show_case()
    v = reader_view(s, "reading", ph=False, confidence=30, ai_ready=True)
    assert v.hint.startswith("Your locked answer without AI: PH no, confidence 30.")
    assert not v.lock_visible


def test_crossover_final_answers_washout(tmp_path):
    clock = Clock()
    s = open_session(study(tmp_path, "crossover", n=2), "R1", clock=clock)
    assert ai_placeholder_text(s.design) == "This case is read without the AI."
    assert "after you submit and lock" in ai_placeholder_text("sequential")
    assert reader_header(s, "loading").progress == "Session 1 of 2, case 1 of 2"
    while s.phase != "washout":
        if not s.shown:
            s.show_case()
        if s.phase == "unaided":
            v = reader_view(s, "reading", ph=True, confidence=50)
            assert v.submit_text == "Submit answer and next case" and v.hint == "Your answer is final when submitted."
            s.answer(True, 50)
        else:
            assert s.phase == "aided" and ai_allowed(s, "reading")
            s.answer_aided(True, 50)
    step = reader_step(s, case_key=None, loaded=False, ai_pending=True)
    assert step.kind == "washout" and step.title == "Session 1 of 2 is complete"
    assert step.text.startswith("Session 2 opens on ") and "UTC)" in step.text
    clock.now += dt.timedelta(days=29)
    assert reader_step(s, case_key=None, loaded=False, ai_pending=True).kind == "load"


def test_no_session_or_not_reading_disables_everything():
    v = reader_view(None, "starting", ph=True, confidence=50)
    assert not (v.reading or v.answer_enabled or v.submit_visible or v.submit_enabled or v.lock_visible
                or v.confirm_visible or v.ai_allowed)
    assert v.answer_title is None and v.submit_text is None and v.hint == ""
    h = reader_header(None, "starting")
    assert (h.progress, h.pause_text, h.pause_enabled) == ("", "Pause", False)


@pytest.mark.parametrize("ph, confidence, text", [
    (None, None, "Choose yes or no and set your confidence."),
    (None, 40, "Choose yes or no."),
    (True, None, "Set your confidence: move the slider, or tick \u201cI have set my confidence\u201d."),
    (False, 0, ""),
])
def test_answer_missing(ph, confidence, text):
    assert answer_missing(ph, confidence) == text
