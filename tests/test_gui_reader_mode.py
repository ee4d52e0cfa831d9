"""Reader mode (ph_assist.gui.reader_mode) and the coordinator's study views (ph_assist.gui.study_views).

Offscreen with pytest-qt, on a small study made from the generated demo cohort
(``demo_case_files``) and the real quick bundle (``quick_bundle_dir``).  The
window's background work is waited for through ``settled()``, never by sleeping.
The log is checked by opening ``study.sqlite`` read-only.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QPushButton  # noqa: E402

from ph_assist.gui.app import wait_for  # noqa: E402
from ph_assist.gui.reader_mode import ReaderWindow  # noqa: E402
from ph_assist.gui.study_views import StudyAnalysisView, StudySetupDialog  # noqa: E402
from ph_assist.study.protocol import (  # noqa: E402
    StudyProtocol,
    create_study,
    default_key_path,
    load_study,
    open_session,
)
from ph_assist.study.store import StudyError, StudyStore  # noqa: E402

TIMEOUT_S = 90.0
SCREENSHOT = Path("/tmp/reader_mode.png")


# ---------------------------------------------------------------- fixtures and helpers


def write_manifest(demo_case_files, path: Path, n: int) -> Path:
    """``n`` cases of the demo cohort, with and without PH in turn (a study needs both), copied
    beside a smaller copy of its manifest (manifest paths must stay inside the manifest's folder)."""
    import shutil

    root = demo_case_files.ecg_path.parent.parent
    with open(root / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ph, no = [r for r in rows if r["label"] == "1"], [r for r in rows if r["label"] != "1"]
    rows = [r for pair in zip(no, ph) for r in pair][:n]
    assert len(rows) == n
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "ecg_path", "cxr_path", "bnp", "bnp_unit", "label"])
        for r in rows:
            for rel in (r["ecg_path"], r["cxr_path"]):
                src = root / rel
                for f in [src] + ([src.with_suffix(".dat")] if src.suffix == ".hea" else []):
                    (path.parent / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(f, path.parent / Path(rel).parent / f.name)
            w.writerow([r["case_id"], r["ecg_path"], r["cxr_path"], r["bnp"], r["bnp_unit"], r["label"]])
    return path


@pytest.fixture(scope="module")
def manifest4(tmp_path_factory, demo_case_files) -> Path:
    return write_manifest(demo_case_files, tmp_path_factory.mktemp("manifest") / "m4.csv", 4)


@pytest.fixture(scope="module")
def manifest6(tmp_path_factory, demo_case_files) -> Path:
    return write_manifest(demo_case_files, tmp_path_factory.mktemp("manifest") / "m6.csv", 6)


def open_window(qtbot, folder: Path, reader: str, bundle: Path, clock=None, size=(1600, 960)) -> ReaderWindow:
    w = ReaderWindow(folder, reader, bundle_path=bundle, clock=clock)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    settle(w)
    return w


def settle(w: ReaderWindow) -> None:
    assert wait_for(w.settled, TIMEOUT_S), f"window did not settle: state={w.state()} {w.message()!r} " \
                                           f"error={w.error_text()!r}"


def give_answer(w: ReaderWindow, ph: bool, confidence: int) -> None:
    """As a reader does it: click yes/no, move the slider."""
    box = w.answer_box
    (box.yes if ph else box.no).click()
    if box.slider.value() == confidence:
        if not box.set_check.isChecked():
            box.set_check.click()
    else:
        box.slider.setValue(confidence)


def click(qtbot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), f"{button.text()!r} is not clickable"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def events(folder: Path, reader: str) -> list[tuple[str, int | None, str | None]]:
    """(event, order_index, condition) of a reader, in log order, from the SQLite store opened read-only."""
    uri = f"file:{(folder / 'study.sqlite').as_posix()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        return [tuple(r) for r in conn.execute(
            "SELECT event, order_index, condition FROM events WHERE reader = ? ORDER BY id", (reader,))]
    finally:
        conn.close()


def read_case_sequential(qtbot, w: ReaderWindow, ph: bool, conf: int, aided_conf: int) -> None:
    """One whole sequential case through the widgets: unaided, lock (confirmed), aided."""
    assert w.phase() == "unaided" and not w.ai_visible()
    give_answer(w, ph, conf)
    click(qtbot, w.submit_button)
    assert w.phase() == "awaiting_lock"
    click(qtbot, w.lock_button)
    click(qtbot, w.confirm_lock_button)
    settle(w)
    assert w.phase() == "aided" and w.ai_visible() and w.ai_ready()
    give_answer(w, ph, aided_conf)
    click(qtbot, w.submit_button)
    settle(w)


def case_ids_and_files(folder: Path) -> list[str]:
    st = load_study(folder, with_labels=False)
    out = []
    for c in st.cases:
        out.append(c.case_id)
        out += [Path(p).name for p in (c.ecg_path, c.cxr_path) if p]
    return out


def assert_no_identifiers(w: ReaderWindow, folder: Path) -> None:
    texts = "\n".join(w.visible_texts())
    for ident in case_ids_and_files(folder):
        assert ident not in texts, f"{ident!r} is shown to the reader"


# ---------------------------------------------------------------- the reader's window


def test_unaided_read_hides_the_ai_and_needs_a_complete_answer(qtbot, tmp_path, manifest4, quick_bundle_dir):
    folder = tmp_path / "study"
    create_study(folder, manifest4, ["R1", "R2"], "sequential", 11)
    w = open_window(qtbot, folder, "R1", quick_bundle_dir)
    try:
        assert w.state() == "reading" and w.phase() == "unaided", w.message()
        assert w.progress_text() == "Case 1 of 4"
        # the AI is hidden, the Grad-CAM toggles are disabled, no map is loaded anywhere
        assert not w.ai_visible() and w.ai_placeholder.isVisible()
        assert w.risk_panel.state() == "empty" and w.risk_panel.assessment() is None
        assert not w.ecg_panel.cam.isEnabled() and not w.ecg_panel.view.has_explanation()
        assert not w.cxr_panel.cam_check.isEnabled() and w.cxr_panel.view.heatmap() is None
        assert w.ecg_panel.view.ecg() is not None and w.cxr_panel.view.cxr() is not None
        assert w.bnp_label.text() != "not measured"
        # no navigation controls, no identifiers
        labels = [b.text().lower() for b in w.findChildren(QPushButton)]
        for word in ("back", "previous", "skip", "next case", "go to"):
            assert not any(t.startswith(word) for t in labels), labels
        assert_no_identifiers(w, folder)
        # nothing chosen: submit impossible
        box = w.answer_box
        assert box.ph() is None and box.confidence() is None
        assert not w.submit_button.isEnabled()
        # a confidence alone is not enough: yes/no must be chosen
        box.slider.setValue(80)
        assert box.confidence() == 80 and box.set_check.isChecked()
        assert not w.submit_button.isEnabled()
        assert w.submit() is False and "yes or no" in w.hint_label.text()
        # yes/no alone is not enough either: the slider's default is not an answer
        box.clear()
        box.no.click()
        assert not w.submit_button.isEnabled() and "confidence" in w.hint_label.text()
        box.set_check.click()  # "I have set my confidence" accepts the slider where it is
        assert box.answer() == (False, 50) and w.submit_button.isEnabled()
        assert [e[0] for e in events(folder, "R1")] == ["case_shown"]
        assert not w.lock_button.isVisible()
    finally:
        w.close()


def test_sequential_flow_lock_ai_resume_and_log(qtbot, tmp_path, manifest4, quick_bundle_dir):
    folder = tmp_path / "study"
    create_study(folder, manifest4, ["R1", "R2"], "sequential", 5,
                 protocol=StudyProtocol(prefill_aided=True))  # the aided answer starts from the unaided one
    bundle_id = json.loads((quick_bundle_dir / "manifest.json").read_text())["bundle_id"]
    w = open_window(qtbot, folder, "R1", quick_bundle_dir)

    # -- case 1: unaided answer, changed before the lock
    give_answer(w, True, 70)
    click(qtbot, w.submit_button)
    assert w.phase() == "awaiting_lock" and not w.ai_visible()
    assert w.lock_button.isEnabled() and not w.submit_button.isEnabled()
    w.answer_box.slider.setValue(65)  # changed but not submitted: no lock
    assert not w.lock_button.isEnabled() and w.submit_button.isEnabled()
    click(qtbot, w.submit_button)
    assert w.session.recorded_answer.confidence == 65
    click(qtbot, w.lock_button)
    assert w.confirm_frame.isVisible() and "cannot be changed afterwards" in w.confirm_label.text()
    assert not w.answer_box.isEnabled() and w.phase() == "awaiting_lock" and not w.ai_visible()
    click(qtbot, w.cancel_lock_button)
    assert not w.confirm_frame.isVisible() and w.answer_box.isEnabled()
    click(qtbot, w.lock_button)
    with qtbot.waitSignal(w.aiShown, timeout=int(TIMEOUT_S * 1000)):
        click(qtbot, w.confirm_lock_button)
    settle(w)
    # -- the AI: risk, bundle hash, banner, Grad-CAM; the aided answer prefilled with the unaided one
    assert w.phase() == "aided" and w.ai_visible() and w.risk_panel.state() == "result"
    risk = w.risk_panel.assessment().risk
    assert 0.0 <= risk <= 1.0 and f"{risk * 100:.0f} %" in w.risk_panel.risk_label.text()
    assert bundle_id[:12] in w.ai_bundle_label.text()
    assert w.ai_banner_label.isVisible() and "not for clinical use" in w.ai_banner_label.text()
    assert w.ecg_panel.cam.isEnabled() and w.ecg_panel.view.has_explanation()
    assert w.cxr_panel.cam_check.isEnabled() and w.cxr_panel.view.heatmap() is not None
    assert w.answer_box.answer() == (True, 65) and w.submit_button.text() == "Submit and next case"
    assert w.progress_text() == "Case 1 of 4"
    assert_no_identifiers(w, folder)
    for _ in range(3):
        qtbot.wait(20)
    assert w.grab().save(str(SCREENSHOT), "PNG")

    # -- changing the unaided answer after the lock: refused by the session, one line in the window
    with pytest.raises(StudyError):
        w.session.answer(False, 10)
    assert w.submit_unaided_answer(False, 10) is False
    err = w.error_text()
    assert err and "\n" not in err and w.error_label.isVisible()
    assert "SYN" not in err and "unaided answer" in err
    assert w.state() == "reading" and w.phase() == "aided" and w.ai_visible()

    # -- the aided answer: next case, AI hidden again, answer cleared, error gone
    w.answer_box.slider.setValue(90)
    click(qtbot, w.submit_button)
    settle(w)
    assert w.progress_text() == "Case 2 of 4" and w.phase() == "unaided"
    assert not w.ai_visible() and w.risk_panel.assessment() is None
    assert not w.ecg_panel.cam.isEnabled() and not w.cxr_panel.cam_check.isEnabled()
    assert w.answer_box.answer() is None and w.error_text() == ""

    # -- case 2: answer, then close mid-case and reopen: the same case and phase
    give_answer(w, False, 40)
    click(qtbot, w.submit_button)
    assert w.phase() == "awaiting_lock"
    w.close()
    assert w.session is None
    w = open_window(qtbot, folder, "R1", quick_bundle_dir)
    assert w.progress_text() == "Case 2 of 4" and w.phase() == "awaiting_lock" and not w.ai_visible()
    assert w.answer_box.answer() == (False, 40) and w.lock_button.isEnabled()

    # -- pause and resume
    click(qtbot, w.pause_button)
    assert w.state() == "paused" and w.session.paused and not w._reading_page.isVisible()
    assert w.pause_button.text() == "Resume"
    click(qtbot, w.pause_button)
    assert w.state() == "reading" and not w.session.paused and w.answer_box.answer() == (False, 40)

    click(qtbot, w.lock_button)
    click(qtbot, w.confirm_lock_button)
    settle(w)
    assert w.ai_visible() and w.answer_box.answer() == (False, 40)
    click(qtbot, w.submit_button)  # the prefilled answer, unchanged
    settle(w)
    assert w.progress_text() == "Case 3 of 4"
    read_case_sequential(qtbot, w, True, 30, 60)
    assert w.progress_text() == "Case 4 of 4"
    read_case_sequential(qtbot, w, False, 55, 75)
    # -- done: the thank-you page
    assert w.state() == "done" and w.phase() == "done"
    assert "Thank you" in w.message() and "4 cases" in w.message()
    assert not w.pause_button.isEnabled()
    w.close()

    # -- the log, read-only: every event in order
    per_case = ["case_shown", "answered", "locked", "ai_shown", "answered"]
    expected = (
        [("case_shown", 0, "unaided"), ("answered", 0, "unaided"), ("answer_changed", 0, "unaided"),
         ("locked", 0, "unaided"), ("ai_shown", 0, "aided"), ("answered", 0, "aided")]
        + [("case_shown", 1, "unaided"), ("answered", 1, "unaided"), ("paused", 1, "unaided"),
           ("resumed", 1, "unaided"), ("case_shown", 1, "unaided"), ("paused", 1, "unaided"),
           ("resumed", 1, "unaided"), ("locked", 1, "unaided"), ("ai_shown", 1, "aided"), ("answered", 1, "aided")]
    )
    got = events(folder, "R1")
    assert got[:len(expected)] == expected
    assert [e[0] for e in got[len(expected):]] == per_case * 2
    assert [e[1] for e in got[len(expected):]] == [2] * 5 + [3] * 5
    assert events(folder, "R2") == []
    with StudyStore(folder / "study.sqlite") as store:
        assert store.check_invariants() == []
        reads = store.reads("R1", locked_only=True)
        assert len(reads) == 8
        first = {(r.order_index, r.condition): r for r in reads}
        assert (first[0, "unaided"].ph, first[0, "unaided"].confidence) == (True, 65)
        assert (first[0, "aided"].ph, first[0, "aided"].confidence) == (True, 90)
        assert all(r.time_ms >= 0 for r in reads)


def test_crossover_ai_with_the_case_washout_and_session_two(qtbot, tmp_path, manifest4, quick_bundle_dir):
    folder = tmp_path / "study"
    create_study(folder, manifest4, ["R1"], "crossover", 3, washout_days=1)
    now = [dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)]
    w = open_window(qtbot, folder, "R1", quick_bundle_dir, clock=lambda: now[0])
    seen = {"aided": 0, "unaided": 0}
    for k in range(4):
        assert w.progress_text() == f"Session 1 of 2, case {k + 1} of 4"
        cond = w.session.condition
        seen[cond] += 1
        if cond == "aided":  # the AI comes with the case; nothing prefilled
            assert w.ai_visible() and w.ai_ready() and w.risk_panel.state() == "result"
            assert w.answer_box.answer() is None
        else:  # read without the AI: final on submit, no lock
            assert not w.ai_visible() and "without the AI" in w.ai_placeholder.text()
            assert w.submit_button.text() == "Submit answer and next case"
        give_answer(w, k % 2 == 0, 60 + k)
        click(qtbot, w.submit_button)
        settle(w)
        assert not w.lock_button.isVisible()
    assert seen == {"aided": 2, "unaided": 2}
    # -- the washout: the date session 2 opens
    assert w.state() == "washout" and w.phase() == "washout"
    opens = w.session.opens_at
    assert opens is not None and f"{opens:%Y-%m-%d %H:%M} UTC" in w.message()
    assert "Session 2 opens" in w.message() and not w.pause_button.isEnabled()
    w.close()
    # -- reopened after the washout: session 2, the other half
    now[0] += dt.timedelta(days=2)
    w = open_window(qtbot, folder, "R1", quick_bundle_dir, clock=lambda: now[0])
    try:
        assert w.state() == "reading" and w.progress_text() == "Session 2 of 2, case 1 of 4"
        assert w.ai_visible() == (w.session.condition == "aided")
    finally:
        w.close()


def test_a_study_fixed_to_another_bundle_is_refused_in_one_line(qtbot, tmp_path, manifest4, quick_bundle_dir):
    folder = tmp_path / "study"
    create_study(folder, manifest4, ["R1"], "sequential", 1, bundle_id="ab" * 32)
    w = open_window(qtbot, folder, "R1", quick_bundle_dir)
    try:
        assert w.state() == "error" and w.session is None
        err = w.error_text()
        assert "model bundle" in err and "\n" not in err
        assert events(folder, "R1") == []
    finally:
        w.close()


# ---------------------------------------------------------------- the coordinator's views


def _complete(folder: Path) -> None:
    truth = load_study(folder, key=default_key_path(folder)).truth()
    for k, reader in enumerate(load_study(folder).readers):
        s = open_session(folder, reader)
        while s.phase != "done":
            c = s.show_case().case_id
            wrong = (int(c[-2:]) + k) % 3 == 0
            s.answer((truth[c] == 1) != wrong, 40 + int(c[-2:]))
            s.lock_and_show_ai()
            s.answer_aided(truth[c] == 1, 70 + k)
        s.close()


def test_analysis_view_shows_the_results_and_exports(qtbot, tmp_path, manifest6):
    folder = tmp_path / "study"
    create_study(folder, manifest6, ["R1", "R2"], "sequential", 2, name="tiny")
    _complete(folder)
    view = StudyAnalysisView()
    qtbot.addWidget(view)
    view.resize(1100, 900)
    view.show()
    with qtbot.waitSignal(view.failed, timeout=1000) as blocker:  # the ground truth is in the key file
        view.load(folder)
    assert "key file" in blocker.args[0] and view.key_button.isVisible() and not view.export_button.isEnabled()
    with qtbot.waitSignal(view.analysisReady, timeout=int(TIMEOUT_S * 1000)):
        view.load(folder, key=default_key_path(folder))
    assert not view.key_button.isVisible() and not view.action_table.isVisible()
    metrics = view.metrics_table.texts()
    assert [r[0] for r in metrics] == ["R1", "R2", "pooled"]
    assert all("→" in cell for r in metrics for cell in r[1:5])
    orh = view.orh_table.texts()
    assert [r[0] for r in orh] == ["auc", "accuracy", "sensitivity", "specificity"]
    auc = orh[0]
    assert auc[4].startswith("[") and auc[7] not in ("", "–")  # 95 % CI and p
    com = view.com_table.texts()
    assert [r[0] for r in com] == ["R1", "R2", "total"]
    assert all(not view_img.pixmap().isNull() for view_img in (view.slopes_image, view.roc_image))
    assert "tiny" in view.title_label.text()
    out = tmp_path / "export"
    with qtbot.waitSignal(view.exported, timeout=int(TIMEOUT_S * 1000)) as blocker:
        view.export_to(out)
    names = {p.name for p in blocker.args[0]}
    assert {"analysis.json", "reads_long.csv", "reads.imrmc", "roc.png", "accuracy_slopes.png"} <= names
    assert json.loads((out / "analysis.json").read_text())["study"]["name"] == "tiny"
    view.shutdown()


def test_analysis_view_reports_an_unanalysable_study_in_one_line(qtbot, tmp_path, manifest4):
    folder = tmp_path / "study"
    create_study(folder, manifest4, ["R1"], "sequential", 2)
    view = StudyAnalysisView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=int(TIMEOUT_S * 1000)) as blocker:
        view.load(folder, default_key_path(folder))
    assert "nothing to analyse" in blocker.args[0] and "\n" not in blocker.args[0]
    assert not view.export_button.isEnabled()
    view.shutdown()


def test_setup_dialog_creates_a_study(qtbot, tmp_path, manifest4):
    dlg = StudySetupDialog(manifest=str(manifest4))
    qtbot.addWidget(dlg)
    dlg.readers_edit.setText("R01, R02")
    dlg.set_design("crossover")
    assert dlg.washout_spin.isEnabled()
    dlg.seed_spin.setValue(123)
    dlg.washout_spin.setValue(14)
    # a missing folder is one line, nothing created
    dlg.create()
    assert "study folder" in dlg.error_text() and not dlg.busy()
    dlg.folder_edit.setText(str(tmp_path / "study"))
    dlg.create()
    assert wait_for(lambda: not dlg.busy(), TIMEOUT_S)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.error_text()
    st = load_study(tmp_path / "study", key=default_key_path(tmp_path / "study"))
    assert (st.readers, st.design, st.seed, st.washout_days) == (("R01", "R02"), "crossover", 123, 14)
    assert st.protocol == StudyProtocol()  # the defaults: yes/no + confidence, no prefill
    assert dlg.study().study_id == st.study_id
    # the same folder again: the store's refusal, one line
    dlg2 = StudySetupDialog(manifest=str(manifest4), folder=str(tmp_path / "study"))
    qtbot.addWidget(dlg2)
    dlg2.readers_edit.setText("R1")
    dlg2.create()
    assert wait_for(lambda: not dlg2.busy(), TIMEOUT_S)
    assert "already holds a study" in dlg2.error_text() and dlg2.result() != QDialog.DialogCode.Accepted
    assert not dlg2.washout_spin.isEnabled()  # sequential by default


# ---------------------------------------------------------------- ph-assist study read


def test_study_read_screenshot(qtbot, tmp_path, manifest4, quick_bundle_dir, capsys):
    import ph_assist.cli as cli

    folder = tmp_path / "study"
    create_study(folder, manifest4, ["R1", "R2"], "sequential", 9)
    out = tmp_path / "reader.png"
    rc = cli.main(["study", "read", str(folder), "--reader", "R2", "--bundle", str(quick_bundle_dir),
                   "--screenshot", str(out), "--size", "1280x800"])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    info = json.loads(captured.out.strip().splitlines()[-1])
    assert info["phase"] == "unaided" and info["progress"] == "Case 1 of 4"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the display was logged, and the case paused on exit; reopening resumes it
    assert [e[0] for e in events(folder, "R2")] == ["case_shown", "paused"]
    # one line for a reader who is not in the study, no window
    rc = cli.main(["study", "read", str(folder), "--reader", "R9", "--screenshot", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert rc == 2 and "R9" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
