"""The coordinator's set-up dialog chooses the protocol and the key file; the analysis view asks for the key.

Offscreen with pytest-qt; the study's case files are small dummies (nothing here opens them).
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QDialog  # noqa: E402

from ph_assist.gui.app import wait_for  # noqa: E402
from ph_assist.gui.study_views import StudyAnalysisView, StudySetupDialog  # noqa: E402
from ph_assist.study.protocol import load_study, open_session  # noqa: E402
from tests.test_study_store import make_manifest  # noqa: E402

TIMEOUT_S = 60


def test_setup_dialog_sets_the_protocol_and_the_key_file(qtbot, tmp_path):
    manifest = make_manifest(tmp_path / "data", 8)
    folder, key = tmp_path / "study", tmp_path / "coordinator.key.json"
    dlg = StudySetupDialog(manifest=str(manifest), folder=str(folder))
    qtbot.addWidget(dlg)
    assert not dlg.prefill_check.isChecked() and not dlg.action_edit.isEnabled()  # defaults: no prefill, no action
    dlg.readers_edit.setText("R01")
    dlg.key_edit.setText(str(folder / "key.json"))  # inside the study folder: refused in one line
    dlg.create()
    assert wait_for(lambda: not dlg.busy(), TIMEOUT_S)
    assert "outside the study folder" in dlg.error_text() and "\n" not in dlg.error_text()
    dlg.key_edit.setText(str(key))
    dlg.practice_edit.setText("C000; C001")
    dlg.set_scale("five_point")
    dlg.action_check.setChecked(True)
    assert dlg.action_edit.isEnabled() and dlg.action_edit.text() == "Refer for echocardiography?"
    dlg.instructions_edit.setPlainText("Read as in clinic.")
    dlg.comment_check.setChecked(True)
    dlg.create()
    assert wait_for(lambda: not dlg.busy(), TIMEOUT_S)
    assert dlg.result() == QDialog.DialogCode.Accepted, dlg.error_text()
    p = load_study(folder).protocol
    assert (p.scale, p.action_question, p.practice_cases, p.instructions, p.comment, p.prefill_aided) == (
        "five_point", "Refer for echocardiography?", ("C000", "C001"), "Read as in clinic.", True, False)
    assert key.is_file() and load_study(folder, key=key).truth()["C001"] == 1


def test_analysis_view_asks_for_the_key_and_shows_scale_and_action(qtbot, tmp_path):
    manifest = make_manifest(tmp_path / "data", 6)
    folder, key = tmp_path / "study", tmp_path / "k.json"
    dlg = StudySetupDialog(manifest=str(manifest), folder=str(folder))
    qtbot.addWidget(dlg)
    dlg.readers_edit.setText("R1, R2")
    dlg.key_edit.setText(str(key))
    dlg.set_scale("probability")
    dlg.action_check.setChecked(True)
    dlg.create()
    assert wait_for(lambda: not dlg.busy(), TIMEOUT_S) and dlg.result() == QDialog.DialogCode.Accepted
    truth = load_study(folder, key=key).truth()
    for r in ("R1", "R2"):
        s = open_session(folder, r)
        while s.phase != "done":
            c = s.show_case().case_id
            s.answer(rating=70 if truth[c] else 40, action=True)
            s.lock_and_show_ai()
            s.answer_aided(rating=95 if truth[c] else 5, action=bool(truth[c]))
        s.close()
    view = StudyAnalysisView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=1000) as blocker:
        view.load(folder)
    assert "key file" in blocker.args[0] and not view.key_button.isHidden()
    with qtbot.waitSignal(view.analysisReady, timeout=TIMEOUT_S * 1000):
        view.load(folder, key)
    assert "probability >= 50" in view.summary_label.text() and "Probability of PH" in view.summary_label.text()
    rows = view.action_table.texts()
    assert not view.action_table.isHidden() and [r[0] for r in rows] == ["without AI", "with AI"]
    assert rows[1][1].startswith("100.0 %") and rows[1][2].startswith("0.0 %")  # with AI: PH referred, no PH not
    view.shutdown()
