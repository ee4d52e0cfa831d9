"""File > From PACS… and Send to PACS…, offscreen with pytest-qt, against a real Orthanc on loopback.

Configure a connection in the dialog (written to the same ``pacs.toml`` the
command line reads), query by patient ID, retrieve the radiograph into a case
that the main window opens and assesses, send the result back (SR + overlay),
cancel a retrieval, and a closed port: one line, nothing hangs.
"""

from __future__ import annotations

import json

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402

from ph_assist import pacs  # noqa: E402
from ph_assist.gui.app import wait_for  # noqa: E402
from ph_assist.gui.pacs_dialog import ConnectionDialog, PACSDialog, open_from_pacs, send_to_pacs  # noqa: E402
from tests.pacs_fixtures import CXR_STUDY, ECG_STUDY, OUR_AET, PATIENT_ID, _free_port, orthanc  # noqa: E402,F401

TIMEOUT_MS = 60_000


@pytest.fixture()
def cfg(tmp_path, monkeypatch):
    monkeypatch.setenv("PH_ASSIST_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setenv("PH_ASSIST_PACS_CASES", str(tmp_path / "cases"))
    return tmp_path / "cfg" / "pacs.toml"


def _configure(qtbot, dialog: PACSDialog, port: int, name: str = "orthanc") -> None:
    editor = ConnectionDialog(dialog, calling_aet=OUR_AET)
    qtbot.addWidget(editor)
    editor.name.setText(name)
    editor.aet.setText("")  # refused: one line in the editor, which stays open
    editor.host.setText("127.0.0.1")
    editor.port.setValue(port)
    editor.accept()
    assert editor.connection() is None and "aet" in editor.error.text() and "\n" not in editor.error.text()
    editor.aet.setText("ORTHANC")
    editor.accept()
    assert dialog.save_connection(editor.connection())


def test_configure_query_retrieve_and_send_back(qtbot, orthanc, cfg, tmp_path):
    from ph_assist.gui.main_window import MainWindow
    from ph_assist.resources import resources_dir

    window = MainWindow(bundle_path=resources_dir() / "bundles" / "demo",
                        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    dialog = open_from_pacs(window)
    assert "No PACS configured" in dialog.status.text()
    _configure(qtbot, dialog, orthanc.dicom_port)
    assert pacs.get_connection("orthanc").port == orthanc.dicom_port  # the CLI's file, read back by the CLI's code
    with qtbot.waitSignal(dialog.runner.busyChanged, timeout=TIMEOUT_MS, raising=False):
        dialog.echo()
    assert wait_for(lambda: "answers" in dialog.status.text(), 30), dialog.status.text()

    dialog.any_date.setChecked(True)
    dialog.patient_id.setText(PATIENT_ID)
    dialog.search()
    assert wait_for(lambda: dialog.results.rowCount() == 2, 30), dialog.status.text()
    cells = [dialog.results.item(r, c).text() for r in range(2) for c in range(4)]
    assert CXR_STUDY in cells and ECG_STUDY in cells and PATIENT_ID not in " ".join(cells)

    dialog.results.selectAll()  # the radiograph study and the ECG study: one case
    with qtbot.waitSignal(window.resultShown, timeout=TIMEOUT_MS):
        with qtbot.waitSignal(dialog.caseRetrieved, timeout=TIMEOUT_MS) as got:
            dialog.retrieve()
    folder = Path(got.args[0])
    assert folder.parent == tmp_path / "cases" and PATIENT_ID not in folder.name
    assert sorted(p.name[:3] for p in folder.iterdir()) == ["cxr", "ecg"]
    assert wait_for(window.settled, 60)
    assert window._case.assessment is not None and window._case.assessment.cxr_cam is not None

    dialog.close()
    assert dialog.patient_id.text() == ""  # the identifier is gone with the dialog ...
    assert PATIENT_ID not in cfg.read_text()  # ... and never written

    job = send_to_pacs(window, name="orthanc")
    assert job is not None and job.done.wait(60)
    assert wait_for(lambda: "Stored on" in window.status_text(), 10), window.status_text()
    found = pacs.find_series(pacs.get_connection("orthanc"), [CXR_STUDY], ("SR", "OT"))
    assert sorted(s.modality for s in found) >= ["OT", "SR"]

    # the worklist: the day's radiographs, each with the patient's nearest ECG (here 8 years later)
    from PySide6.QtCore import QDate

    dialog.any_date.setChecked(False)
    dialog.date_from.setDate(QDate(2004, 8, 26))
    dialog.date_to.setDate(QDate(2004, 8, 26))
    dialog.ecg_days.setValue(3650)
    export = tmp_path / "labs_of_the_day.json"  # the laboratory's FHIR export: this patient's BNP
    export.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "identifier": [{"value": PATIENT_ID}]}},
        {"resource": {"resourceType": "Observation", "status": "final", "subject": {"reference": "Patient/p1"},
                      "effectiveDateTime": "2004-08-26T09:00:00Z",  # the radiograph's day
                      "code": {"coding": [{"system": "http://loinc.org", "code": "30934-4"}]},
                      "valueQuantity": {"value": 388, "unit": "pg/mL", "system": "http://unitsofmeasure.org",
                                        "code": "pg/mL"}}}]}))
    dialog.labs_file.setText(str(export))
    with qtbot.waitSignal(dialog.worklistBuilt, timeout=TIMEOUT_MS) as built:
        dialog.build_worklist(tmp_path / "worklist")
    manifest = Path(built.args[0]).read_text()
    assert manifest.splitlines()[1].startswith("pacs-001,case_001/ecg_") and PATIENT_ID not in manifest
    assert manifest.splitlines()[1].endswith("case_001/labs.json")
    assert "1 with a BNP from the laboratory export" in dialog.status.text()
    assert wait_for(lambda: window.worklist_panel.model.rowCount() == 1 and window.settled(), 60)
    window.shutdown()


def test_cancel_keeps_the_folder_and_says_so(qtbot, orthanc, cfg, tmp_path):
    dialog = PACSDialog(config=cfg)
    qtbot.addWidget(dialog)
    _configure(qtbot, dialog, orthanc.dicom_port)
    dialog.any_date.setChecked(True)
    dialog.search()
    assert wait_for(lambda: dialog.results.rowCount() == 2, 30)
    dialog.results.selectAll()
    got = []
    dialog.caseRetrieved.connect(got.append)
    job = dialog.retrieve(tmp_path / "case")
    dialog.cancel()  # at once: before the first file lands
    assert job.done.wait(60)
    assert wait_for(lambda: "cancelled" in dialog.status.text(), 10), dialog.status.text()
    assert "kept in" in dialog.status.text() and "\n" not in dialog.status.text() and not got
    assert dialog.retrieve_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_closed_port_is_one_line(qtbot, cfg):
    dialog = PACSDialog(config=cfg)
    qtbot.addWidget(dialog)
    _configure(qtbot, dialog, _free_port(), name="down")
    dialog.search()
    assert wait_for(lambda: "connection refused" in dialog.status.text(), 20), dialog.status.text()
    assert "\n" not in dialog.status.text() and dialog.search_button.isEnabled()


def test_worklist_row_with_fhir_bnp_opens_with_that_bnp(qtbot, tmp_path):
    """A manifest row whose BNP is a FHIR file (fhir_path) opens in review with that BNP."""
    import json
    import types

    from ph_assist.gui.main_window import MainWindow

    window = MainWindow(bundle_path=tmp_path / "none",
                        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    fhir = tmp_path / "bnp.json"
    fhir.write_text(json.dumps({
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "30934-4"}]},
        "effectiveDateTime": "2024-01-01T08:00:00Z", "valueQuantity": {"value": 321, "unit": "pg/mL"}}))
    row = types.SimpleNamespace(ecg_path=None, cxr_path=None, bnp=None, bnp_unit="pg/mL", bnp_analyte="BNP",
                                case_id="c1", fhir_path=str(fhir))
    window.open_worklist_item(types.SimpleNamespace(row=row))
    labs = window.case_input.labs()
    assert labs is not None and labs.value_pg_ml == 321
    window.shutdown()
