"""The reader window, issue 13: equal non-AI information in both arms, a laptop layout, the keyboard flow,
the instructions page and the coordinator's per-reader progress view.

Offscreen with pytest-qt on a small study made from the generated demo cohort and the real quick bundle
(as tests/test_gui_reader_mode.py); background work is waited for through ``settled()``.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import types
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ph_assist.gui.app import wait_for  # noqa: E402
from ph_assist.gui.reader_mode import ReaderWindow  # noqa: E402
from ph_assist.gui.study_views import StudyProgressView  # noqa: E402
from ph_assist.study import reader_view as rv  # noqa: E402
from ph_assist.study.case_facts import ai_only_warnings, bnp_text, case_facts, ecg_quality_line  # noqa: E402
from ph_assist.study.protocol import StudyProtocol, create_study, open_session, study_status  # noqa: E402
from tests.test_gui_reader_mode import events, give_answer, write_manifest  # noqa: E402

TIMEOUT_S = 90.0
#: The issue's case: BNP entered as 8.32 pmol/L is 28.82 pg/mL (x 3.464).
BNP_PMOL = "8.32"
BNP_PG = "28.82 pg/mL"


@pytest.fixture(scope="module")
def manifest_pmol(tmp_path_factory, demo_case_files) -> Path:
    """Four demo cases; the first one's BNP in pmol/L."""
    path = write_manifest(demo_case_files, tmp_path_factory.mktemp("manifest") / "m.csv", 4)
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[1][3], rows[1][4] = BNP_PMOL, "pmol/L"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def open_window(qtbot, folder: Path, reader: str, bundle: Path, clock=None, size=(1366, 768)) -> ReaderWindow:
    w = ReaderWindow(folder, reader, bundle_path=bundle, clock=clock)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    settle(w)
    return w


def settle(w: ReaderWindow) -> None:
    assert wait_for(w.settled, TIMEOUT_S), f"not settled: {w.state()} {w.message()!r} {w.error_text()!r}"


def key(qtbot, k, text: str = "") -> None:
    """One key press to whatever has the focus (as a keyboard does)."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, k)


def ai_text(w: ReaderWindow) -> str:
    return "\n".join([w.risk_panel.text(), w.ai_title.text(), w.ai_bundle_label.text(), w.ai_banner_label.text()])


def assert_ai_panel_holds_no_fact(w: ReaderWindow) -> None:
    text = ai_text(w)
    facts = w.case_facts()
    for word in ("pg/mL", "pmol/L", "ECG measurements", "ECG criteria", "ESC/ERS", "stratum", "ECG quality"):
        assert word not in text, word
    for f in facts.facts:  # no fact's value (long enough to be recognisable) is in the AI panel
        if f.key != "bnp" and len(f.text) > 12:
            assert f.text not in text, f


# ---------------------------------------------------------------- Qt-free


def test_case_facts_give_the_bnp_in_both_units_and_the_quality_flags_as_the_ai_words_them():
    assert bnp_text(BNP_PMOL, "pmol/L", 28.82048) == f"{BNP_PMOL} pmol/L = {BNP_PG}"
    assert bnp_text("120", "pg/mL", 120.0) == "120 pg/mL"
    assert bnp_text(None, None, None) == "not measured"
    facts = case_facts(bnp=BNP_PMOL, bnp_unit="pmol/L", bnp_pg_ml=None, has_ecg=False, has_cxr=False)
    assert facts.get("bnp").text == f"{BNP_PMOL} pmol/L = {BNP_PG}"  # converted even without the study's value
    assert facts.get("bnp_stratum").text == "low"
    assert facts.get("ecg").text == "none for this case"
    # the ECG-quality fact is worded exactly as the assessment's warning, so the AI panel can leave it out
    from ph_assist.assessment import _ecg_warnings

    lead = types.SimpleNamespace
    ecg = types.SimpleNamespace(quality=(lead(lead="I", flags=[]), lead(lead="V1", flags=["noisy", "clipped"])),
                                leads=("I", "V1"), usable_leads=("I", "V1"), duration_s=10.0)
    assert [ecg_quality_line(ecg)] == _ecg_warnings(ecg)
    f2 = case_facts(bnp=None, bnp_unit=None, has_ecg=True, has_cxr=False, ecg=ecg)
    assert f2.get("ecg_quality").level == "warn" and "V1 (noisy, clipped)" in f2.get("ecg_quality").text
    assert ai_only_warnings([ecg_quality_line(ecg), "model note"], f2) == ("model note",)


def test_reader_view_return_action_instructions_and_progress_rows():
    prog = types.SimpleNamespace(position=1, n_cases=4, session=1, n_sessions=1, reads_done=0)
    rec = types.SimpleNamespace(ph=True, confidence=60)
    s = types.SimpleNamespace(phase="unaided", design="sequential", shown=True, ai_visible=False,
                              recorded_answer=None, unaided_answer=None, progress_info=prog, paused=False)
    assert rv.reader_view(s, "reading").primary is None
    assert rv.reader_view(s, "reading", ph=True, confidence=60).primary == "submit"
    s.phase, s.recorded_answer = "awaiting_lock", rec
    assert rv.reader_view(s, "reading", ph=True, confidence=60).primary == "lock"
    assert rv.reader_view(s, "reading", ph=True, confidence=60, confirming=True).primary == "confirm"
    assert rv.reader_view(s, "reading", ph=True, confidence=61).primary == "submit"  # changed: submit again
    # instructions: only with a protocol that has them, before the first case, until Start
    s.phase, s.shown = "unaided", False
    assert not rv.instructions_due(s, False)
    s.protocol = types.SimpleNamespace(instructions="  Read each case as in clinic.  ")
    assert rv.instructions_due(s, False) and not rv.instructions_due(s, True)
    assert rv.instructions_text(s) == "Read each case as in clinic."
    prog.reads_done = 1
    assert not rv.instructions_due(s, False)
    st = types.SimpleNamespace(reader="R1", phase="washout", session=2, n_sessions=2, cases_done_in_session=0,
                               reads_done=4, reads_total=8, paused=False,
                               last_activity_utc="2026-03-02T09:00:00.000000Z",
                               opens_at_utc="2026-03-03T09:00:00.000000Z")
    assert rv.progress_rows([st], 4) == [["R1", "washout", "2 of 2", "0 of 4", "4 of 8", "2026-03-02 09:00",
                                          "session 2 opens 2026-03-03 09:00 UTC"]]


# ---------------------------------------------------------------- the window


def test_keyboard_only_read_and_the_same_facts_in_both_arms(qtbot, tmp_path, manifest_pmol, quick_bundle_dir):
    """Two sequential cases read with key events only; per case the non-AI facts shown without the AI
    equal those shown with it, field by field, and the AI panel holds none of them."""
    folder = tmp_path / "study"
    create_study(folder, manifest_pmol, ["R1"], "sequential", 4)
    w = open_window(qtbot, folder, "R1", quick_bundle_dir)
    seen_pmol = False
    try:
        for case in range(2):
            assert w.phase() == "unaided" and not w.ai_visible(), w.message()
            box = w.answer_box
            assert QApplication.focusWidget() is box.yes  # the keyboard starts at the answer
            unaided = w.facts_panel.shown()
            facts = w.case_facts()
            assert unaided and set(unaided) == set(facts.keys())
            assert {"bnp", "bnp_stratum", "ecg", "ecg_quality", "ecg_measurements", "ecg_criteria", "cxr"} <= set(unaided)
            if w.session.current_case.bnp_unit == "pmol/L":
                seen_pmol = True
                assert unaided["bnp"] == f"{BNP_PMOL} pmol/L = {BNP_PG}"  # without the AI: both units
            # the answer by keys: Space chooses "Yes", Tab to the slider, Right arrow sets the confidence
            key(qtbot, Qt.Key.Key_Space)
            assert box.ph() is True
            key(qtbot, Qt.Key.Key_Tab)
            assert QApplication.focusWidget() is box.slider
            key(qtbot, Qt.Key.Key_Right)
            assert box.confidence() == 51
            # Return submits; the focus goes to Lock; Return asks to lock; Return (or Y) locks
            key(qtbot, Qt.Key.Key_Return)
            assert w.phase() == "awaiting_lock" and QApplication.focusWidget() is w.lock_button
            key(qtbot, Qt.Key.Key_Return)
            assert w.confirm_frame.isVisible() and QApplication.focusWidget() is w.confirm_lock_button
            if case == 1:  # Escape cancels, back on Lock; then Return asks again and Y confirms
                key(qtbot, Qt.Key.Key_Escape)
                assert not w.confirm_frame.isVisible() and QApplication.focusWidget() is w.lock_button
                key(qtbot, Qt.Key.Key_Return)
                key(qtbot, Qt.Key.Key_Y)
            else:
                key(qtbot, Qt.Key.Key_Return)
            settle(w)
            assert w.phase() == "aided" and w.ai_visible() and w.ai_ready()
            # the same facts with the AI: the same object, the same texts, field by field
            assert w.case_facts() is facts
            assert w.facts_panel.shown() == unaided
            assert_ai_panel_holds_no_fact(w)
            # the protocol's default: the aided answer starts empty (no anchoring on the unaided one)
            assert box.answer() is None and QApplication.focusWidget() is box.yes
            key(qtbot, Qt.Key.Key_Return)  # incomplete: nothing happens but the hint
            assert w.phase() == "aided" and "yes or no" in w.hint_label.text()
            key(qtbot, Qt.Key.Key_Right)  # the arrow moves to "No" (beside "Yes"), Space chooses it
            assert QApplication.focusWidget() is box.no
            if not box.no.isChecked():
                key(qtbot, Qt.Key.Key_Space)
            assert box.ph() is False
            key(qtbot, Qt.Key.Key_Tab)
            key(qtbot, Qt.Key.Key_Left)
            assert box.answer() == (False, 49)
            key(qtbot, Qt.Key.Key_Return)  # the aided answer: next case
            settle(w)
        assert seen_pmol or w.progress_text() == "Case 3 of 4"
        assert [e[0] for e in events(folder, "R1")][:6] == ["case_shown", "answered", "locked", "ai_shown",
                                                           "answered", "case_shown"]
    finally:
        w.close()


def test_crossover_same_case_same_facts_in_both_sessions(qtbot, tmp_path, manifest_pmol, quick_bundle_dir):
    """Crossover: each case is read without the AI in one session and with it in the other; what the reader
    sees of the case besides the AI is the same both times."""
    folder = tmp_path / "study"
    create_study(folder, manifest_pmol, ["R1"], "crossover", 3, washout_days=1)
    now = [dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)]
    shown: dict[str, dict[str, dict[str, str]]] = {}
    for session in (1, 2):
        w = open_window(qtbot, folder, "R1", quick_bundle_dir, clock=lambda: now[0])
        try:
            for _ in range(4):
                assert w.state() == "reading", w.message()
                cid, cond = w.session.current_case.case_id, w.session.condition
                if cond == "aided":
                    assert w.ai_visible() and w.ai_ready()
                    assert_ai_panel_holds_no_fact(w)
                else:
                    assert not w.ai_visible()
                shown.setdefault(cid, {})[cond] = w.facts_panel.shown()
                give_answer(w, True, 70)
                w.press_return()
                settle(w)
            assert w.state() == "washout" if session == 1 else w.state() == "done"
        finally:
            w.close()
        now[0] += dt.timedelta(days=2)
    assert len(shown) == 4
    for cid, arms in shown.items():
        assert set(arms) == {"unaided", "aided"}, cid
        assert arms["unaided"] == arms["aided"], cid
    assert any(BNP_PG in arms["unaided"]["bnp"] for arms in shown.values())


def test_laptop_layout_one_viewer_at_full_width(qtbot, tmp_path, manifest_pmol, quick_bundle_dir):
    folder = tmp_path / "study"
    create_study(folder, manifest_pmol, ["R1"], "sequential", 2)
    w = open_window(qtbot, folder, "R1", quick_bundle_dir, size=(1366, 768))
    try:
        assert w.state() == "reading"
        assert w.viewer_mode() == "ecg" and not w.viewer_buttons["both"].isVisible()
        ecg = w._ecg_pane
        assert ecg.isVisible() and not w._cxr_pane.isVisible() and ecg.width() >= 850
        qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(10)
        assert w.viewer_mode() == "cxr" and w._cxr_pane.isVisible() and not ecg.isVisible()
        assert w._cxr_pane.width() >= 850 and w._cxr_pane.height() >= 550
        # the answer and its buttons are on screen, not cut off
        for widget in (w.answer_box, w.submit_button, w.hint_label):
            bottom = widget.mapTo(w, widget.rect().bottomLeft()).y()
            assert widget.isVisible() and bottom <= w.height(), widget
        w.resize(1700, 1000)
        w.set_viewer_mode("both")
        qtbot.wait(10)
        assert w.viewer_mode() == "both" and ecg.isVisible() and w._cxr_pane.isVisible()
        w.resize(1366, 768)
        assert w.viewer_mode() == "ecg"
    finally:
        w.close()


def practice_id(manifest: Path) -> str:
    with open(manifest, newline="", encoding="utf-8") as fh:
        return next(csv.DictReader(fh))["case_id"]


def test_five_point_scale_action_comment_instructions_practice(qtbot, tmp_path, manifest_pmol, quick_bundle_dir):
    """The 5-point scale by keys 1-5, the action question, a comment; the instructions before the first case;
    the practice case's banner; no prefill of the aided answer."""
    protocol = StudyProtocol(scale="five_point", action_question="Refer for echocardiography?", comment=True,
                             instructions="Read each case as you would in clinic.\nNo time limit.",
                             practice_cases=(practice_id(manifest_pmol),))
    folder = tmp_path / "study"
    create_study(folder, manifest_pmol, ["R1"], "sequential", 2, protocol=protocol)
    w = open_window(qtbot, folder, "R1", quick_bundle_dir)
    try:
        assert w.state() == "instructions" and "No time limit." in w.message()
        assert events(folder, "R1") == []  # the case is not shown (nor timed) before Start
        assert QApplication.focusWidget() is w.message_button
        key(qtbot, Qt.Key.Key_Return)
        settle(w)
        assert w.state() == "reading" and [e[0] for e in events(folder, "R1")] == ["case_shown"]
        assert w.session.is_practice and w.practice_label.isVisible()
        box = w.answer_box
        assert box.five_part.isVisible() and not box.binary_part.isVisible() and not box.prob_part.isVisible()
        assert box.question_label.text() == protocol.question and box.comment_edit.isVisible()
        assert box.action_label.text() == "Refer for echocardiography?"
        key(qtbot, Qt.Key.Key_4)
        assert box.draft().rating == 4 and QApplication.focusWidget() is box.five[4]
        key(qtbot, Qt.Key.Key_Return)  # the action question is not answered yet
        assert w.phase() == "unaided" and "Refer for echocardiography?" in w.hint_label.text()
        box.action_yes.click()
        box.comment_edit.setFocus()
        qtbot.keyClicks(box.comment_edit, "RV large; yes, 2 signs, no 5")
        qtbot.keyClick(box.comment_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert w.phase() == "awaiting_lock"
        rec = w.session.recorded_answer
        assert (rec.rating, rec.action, rec.comment, rec.practice) == (4.0, True, "RV large; yes, 2 signs, no 5", True)
        key(qtbot, Qt.Key.Key_Return)
        assert "rating 4 (probably yes); Refer for echocardiography? yes" in w.confirm_label.text()
        key(qtbot, Qt.Key.Key_Y)
        settle(w)
        assert w.phase() == "aided" and box.draft().rating is None and box.draft().action is None
        assert box.comment_edit.toPlainText() == ""
        for k in (Qt.Key.Key_5,):
            key(qtbot, k)
        box.action_no.click()
        key(qtbot, Qt.Key.Key_Return)
        settle(w)
        assert w.progress_text() == "Case 2 of 4" and not w.practice_label.isVisible()
    finally:
        w.close()


def test_probability_scale_with_prefill(qtbot, tmp_path, manifest_pmol, quick_bundle_dir):
    folder = tmp_path / "study"
    create_study(folder, manifest_pmol, ["R1"], "sequential", 2,
                 protocol=StudyProtocol(scale="probability", prefill_aided=True))
    w = open_window(qtbot, folder, "R1", quick_bundle_dir)
    try:
        box = w.answer_box
        assert w.state() == "reading" and box.prob_part.isVisible() and not w.practice_label.isVisible()
        assert QApplication.focusWidget() is box.prob_spin and box.draft().rating is None
        qtbot.keyClicks(box.prob_spin, "35")
        assert box.draft().rating == 35 and box.prob_slider.value() == 35
        key(qtbot, Qt.Key.Key_Return)
        assert w.phase() == "awaiting_lock" and QApplication.focusWidget() is w.lock_button
        key(qtbot, Qt.Key.Key_Return)
        key(qtbot, Qt.Key.Key_Return)
        settle(w)
        assert w.phase() == "aided" and box.draft().rating == 35  # prefilled, as the protocol asks
        assert "Prefilled" in w.hint_label.text() and "probability 35 %" in w.hint_label.text()
        key(qtbot, Qt.Key.Key_Return)
        settle(w)
        assert w.progress_text() == "Case 2 of 4"
    finally:
        w.close()


def test_progress_view_per_reader(qtbot, tmp_path, manifest_pmol):
    folder = tmp_path / "study"
    create_study(folder, manifest_pmol, ["R1", "R2"], "sequential", 7, name="progress")
    s = open_session(folder, "R1")
    for _ in range(2):
        s.show_case()
        s.answer(True, 50)
        s.lock_and_show_ai()
        s.answer_aided(True, 60)
    s.show_case()
    s.close()
    view = StudyProgressView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.progressReady, timeout=int(TIMEOUT_S * 1000)):
        view.load(folder)
    rows = view.rows()
    assert [r[0] for r in rows] == ["R1", "R2"]
    r1, r2 = rows
    assert r1[1] == "reading (without AI) \u00b7 paused" and r1[3] == "2 of 4" and r1[4] == "4 of 8"
    assert r1[5] != "\u2014"
    assert r2[1] == "not started" and r2[3] == "0 of 4" and r2[5] == "\u2014"
    assert len(study_status(folder)) == 2
    view.shutdown()
    # the analysis view shows the same progress, also before the key file is given
    from ph_assist.gui.study_views import StudyAnalysisView

    analysis = StudyAnalysisView()
    qtbot.addWidget(analysis)
    with qtbot.waitSignal(analysis.progress_view.progressReady, timeout=int(TIMEOUT_S * 1000)):
        analysis.load(folder)
    assert analysis.progress_view.rows() == rows and "key file" in analysis.status_label.text()
    analysis.shutdown()


def test_study_menu_opens_the_progress_view(qtbot, tmp_path, manifest_pmol):
    from PySide6.QtCore import QSettings

    from ph_assist.gui.main_window import MainWindow

    folder = tmp_path / "study"
    create_study(folder, manifest_pmol, ["R1"], "sequential", 3, name="menu")
    w = MainWindow(bundle_path=tmp_path / "no-bundle",
                   settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    titles = [a.text() for m in w.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert "Reader &progress…" in titles
    view = w.study_progress(str(folder))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.rows() != [], timeout=int(TIMEOUT_S * 1000))
    assert [r[0] for r in view.rows()] == ["R1"] and view.rows()[0][1] == "not started"
    view.shutdown()
