"""The desktop app's main window (ph_assist.gui.main_window and friends), offscreen with pytest-qt.

Uses the real quick bundle (``quick_bundle_dir``) and the generated demo case
(``demo_case_files``); every model call runs on the window's worker threads,
so the tests wait for the window's signals, never sleep.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")
pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit

from ph_assist.gui.app import wait_for
from ph_assist.gui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[1]
TIMEOUT_MS = 60_000  # the first bundle load imports PyTorch


# ---------------------------------------------------------------- helpers and fixtures


def make_window(settings_dir: Path, bundle: Path | None, size=(1600, 960)) -> MainWindow:
    settings = QSettings(str(settings_dir / "ph-assist.ini"), QSettings.Format.IniFormat)
    w = MainWindow(bundle_path=bundle, settings=settings)
    w.resize(*size)
    w.show()
    return w


def wait_settled(w: MainWindow, timeout_s: float = 60.0) -> None:
    assert wait_for(w.settled, timeout_s), f"window did not settle: busy={w.busy_label.text()!r} " \
                                           f"status={w.status_text()!r}"


def open_and_wait(qtbot, w: MainWindow, **case) -> object:
    with qtbot.waitSignal(w.resultShown, timeout=TIMEOUT_MS) as blocker:
        w.open_case(**case)
    wait_settled(w)
    return blocker.args[0]


@pytest.fixture
def window(qtbot, tmp_path, quick_bundle_dir):
    w = make_window(tmp_path, quick_bundle_dir)
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    wait_settled(w)
    yield w
    w.shutdown()


@pytest.fixture(scope="module")
def loaded(qapp, tmp_path_factory, quick_bundle_dir, demo_case_files):
    """One window with the demo case assessed (shared by the read-only tests of this module)."""
    d = tmp_path_factory.mktemp("gui_main")
    w = make_window(d, quick_bundle_dir)
    wait_settled(w)
    got = []
    w.resultShown.connect(got.append)
    demo = demo_case_files
    w.open_case(ecg=demo.ecg_path, cxr=demo.cxr_path, bnp=demo.bnp, bnp_unit=demo.bnp_unit, case_id=demo.case_id)
    assert wait_for(lambda: bool(got) and w.settled(), 60), w.status_text()
    yield w
    w.shutdown()
    w.close()
    w.deleteLater()


# ---------------------------------------------------------------- start-up


def test_window_starts_without_heavy_imports(tmp_path):
    code = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from ph_assist.gui.main_window import MainWindow
        w = MainWindow(bundle_path={str(tmp_path / 'none')!r},
                       settings=QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))
        heavy = [m for m in ("torch", "matplotlib", "scipy", "ph_assist.models", "ph_assist.gui.ecg_view")
                 if m in sys.modules]
        print("HEAVY", heavy)
    """)
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60,
                         cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert "HEAVY []" in out.stdout, out.stdout


def test_benchmark_startup_flag_reports_first_expose(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-m", "ph_assist.cli.gui", "--benchmark-startup", "--bundle",
                          str(tmp_path / "none")], check=False, capture_output=True, text=True, timeout=60,
                         cwd=REPO, env=env)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["window_exposed_unix"] > 0


# ---------------------------------------------------------------- the demo case


def test_demo_case_result_in_risk_panel(loaded, quick_bundle_dir, demo_case_files):
    from ph_assist.assessment import assess
    from ph_assist.cases import load_case
    from ph_assist.resources import load_default_bundle

    w = loaded
    a = w.assessment()
    rp = w.risk_panel
    assert rp.state() == "result"
    # the same numbers as the science computes directly
    demo = demo_case_files
    case = load_case(case_id=demo.case_id, ecg_path=demo.ecg_path, cxr_path=demo.cxr_path, bnp=demo.bnp,
                     bnp_unit=demo.bnp_unit)
    direct = assess(load_default_bundle(quick_bundle_dir), ecg=case.ecg, cxr=case.cxr, labs=case.labs, explain=False)
    assert a.risk == pytest.approx(direct.risk, abs=1e-6)
    assert rp.risk_label.text() == f"{direct.risk * 100:.0f} %"
    assert "threshold" in rp.category_label.text() and "sensitivity" in rp.category_label.text()
    assert rp.category_label.isVisible()
    assert not rp.partial_label.isVisible()
    for m, row in rp.sub_rows.items():
        s = a.subscores[m]
        assert row.score_label.text() == f"{s.probability * 100:.0f} %"
        assert "validation AUC" in row.auc_label.text() and "95% CI" in row.auc_label.text()
        assert "point" in row.contribution_label.text()
    assert "entered 49.01 pmol/L" in rp.bnp_label.text() or "entered" in rp.bnp_label.text()
    assert "prognostic" in rp.stratum_label.text() and "not a diagnostic cut-off" in rp.stratum_label.text()
    assert "logit" not in rp.text().lower()
    # banner: always there, names the bundle and its intended use
    assert w.banner.isVisible()
    assert "Synthetic training data — not for clinical use" in w.banner.text()
    assert a.bundle_name in w.banner.text() and a.bundle_id[:12] in w.banner.text()
    assert w.banner.kind == "warn"
    # Grad-CAM reached both viewers
    assert w.ecg_panel.view.has_explanation()
    assert w.cxr_panel.view.heatmap() is not None
    assert not w.status_is_error() and "fused PH risk" in w.status_text()


def _cam_checkbox(panel):
    from PySide6.QtWidgets import QCheckBox

    return next(b for b in panel.findChildren(QCheckBox) if "Grad-CAM" in b.text())


def test_overlay_toggles_drive_the_viewers(loaded):
    w = loaded
    ecg_view, cxr_view = w.ecg_panel.view, w.cxr_panel.view
    w.set_overlays_visible(ecg=False, cxr=False)
    assert not ecg_view.explanation_visible() and not cxr_view.heatmap_visible()
    ecg_box = _cam_checkbox(w.ecg_panel)
    assert not w.cxr_panel.cam_check.isChecked() and not ecg_box.isChecked()
    # the panels' own check boxes keep the View menu in step
    w.cxr_panel.cam_check.setChecked(True)
    ecg_box.setChecked(True)
    assert cxr_view.heatmap_visible() and ecg_view.explanation_visible()
    assert w.act_cxr_cam.isChecked() and w.act_ecg_cam.isChecked()
    w.act_cxr_cam.trigger()
    assert not cxr_view.heatmap_visible()
    w.act_cxr_cam.trigger()
    assert cxr_view.heatmap_visible()


def test_risk_panel_warnings_and_wording(loaded):
    import dataclasses

    from ph_assist.gui.risk_panel import RiskPanel

    a = dataclasses.replace(loaded.assessment(), warnings=("ECG quality: V3 (flat)",), positive=False)
    panel = RiskPanel()
    try:
        panel.set_assessment(a)
        assert panel.warnings_label.isVisibleTo(panel.widget()) and "V3 (flat)" in panel.warnings_label.text()
        assert panel.category_label.text().startswith("<b>Below threshold</b>")
        text = panel.text().lower()
        assert "logit" not in text and "validation auc" in text and "points" in text
        panel.set_empty()
        assert panel.state() == "empty" and not panel.warnings_label.isVisibleTo(panel.widget())
    finally:
        panel.deleteLater()


def test_window_level_change_and_reset(loaded):
    view = loaded.cxr_panel.view
    default = view.window()
    view.set_window(default[0] + 100.0, default[1] / 2)
    assert view.window() == pytest.approx((default[0] + 100.0, default[1] / 2))
    assert not view.window_is_default()
    assert loaded.cxr_panel.preset_combo.currentText() == "Custom"
    view.reset_window()
    assert view.window() == pytest.approx(default) and view.window_is_default()


def test_identifiers_hidden_by_default(loaded, demo_case_files):
    w = loaded
    ci = w.case_input
    assert not w.identifiers_visible()
    assert ci.case_id_edit.echoMode() == QLineEdit.EchoMode.Password
    assert demo_case_files.case_id not in ci.ecg_row.label.text() + ci.cxr_row.label.text()
    assert demo_case_files.case_id not in w.windowTitle()
    assert demo_case_files.case_id not in " ".join(a.text() for a in w.recent_menu.actions())
    w.act_identifiers.trigger()
    try:
        assert ci.case_id_edit.echoMode() == QLineEdit.EchoMode.Normal
        assert demo_case_files.ecg_path.name in ci.ecg_row.label.text()
        assert demo_case_files.case_id in w.windowTitle()
    finally:
        w.act_identifiers.trigger()
    assert ci.case_id_edit.echoMode() == QLineEdit.EchoMode.Password


def test_recent_cases_keep_paths_and_case_id_only(loaded, demo_case_files):
    items = loaded.recent_cases()
    assert items[0] == {"ecg": str(demo_case_files.ecg_path), "cxr": str(demo_case_files.cxr_path),
                        "case_id": demo_case_files.case_id}
    assert any("Recent case 1" in a.text() for a in loaded.recent_menu.actions())


def test_settings_file_holds_no_path_name_or_case_id(loaded, demo_case_files):
    """Recent cases and the last folder live for the session only; the settings file names no file."""
    loaded._remember_dir(str(demo_case_files.ecg_path))  # as a file dialog does
    assert loaded._start_dir() == str(demo_case_files.ecg_path.parent)
    loaded._settings.sync()
    ini = Path(loaded._settings.fileName())
    text = ini.read_text(encoding="utf-8", errors="replace") if ini.exists() else ""
    for needle in (demo_case_files.ecg_path.name, demo_case_files.cxr_path.name, demo_case_files.case_id,
                   str(demo_case_files.ecg_path.parent), "recent_cases", "last_dir"):
        assert needle not in text, needle


def test_paths_stored_by_earlier_versions_are_removed(qtbot, tmp_path):
    ini = tmp_path / "ph-assist.ini"
    old = QSettings(str(ini), QSettings.Format.IniFormat)
    old.setValue("recent_cases", json.dumps([{"ecg": "/data/MRN99887766_DOE_ecg.dcm", "cxr": None,
                                              "case_id": "MRN99887766"}]))
    old.setValue("last_dir", "/data/MRN99887766_DOE")
    old.sync()
    del old
    w = MainWindow(bundle_path=tmp_path / "none", settings=QSettings(str(ini), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    try:
        assert w.recent_cases() == [] and "MRN" not in ini.read_text()
        assert any(a.text() == "No recent cases" for a in w.recent_menu.actions())
    finally:
        w.shutdown()


def test_narrow_window_tabs_the_viewers(loaded, qtbot):
    w = loaded
    w.resize(1280, 720)
    qtbot.waitUntil(lambda: w.viewer_layout() == "tabs", timeout=5000)
    assert w.risk_panel.isVisible() and w.banner.isVisible()
    w.resize(1800, 1000)
    qtbot.waitUntil(lambda: w.viewer_layout() == "side", timeout=5000)
    w.resize(1600, 960)


def test_export_pdf_report_and_pngs(loaded, qtbot, tmp_path, demo_case_files):
    w = loaded
    out = tmp_path / "report.pdf"
    with qtbot.waitSignal(w.reportWritten, timeout=TIMEOUT_MS):
        assert w.export_report(out) is not None
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:]
    assert b"not for clinical use" in data  # PDF metadata (Subject), plain ASCII
    assert demo_case_files.case_id.encode() in data  # PDF metadata (Title)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], check=False, capture_output=True, text=True).stdout
        assert "not for clinical use" in text and demo_case_files.case_id in text
    for which in ("ecg", "cxr", "risk", "window"):
        p = w.export_png(which, tmp_path / f"{which}.png")
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    w.show_viewer("ecg")


# ---------------------------------------------------------------- inputs and errors


def test_bnp_validation_shows_the_message_inline(window, qtbot):
    ci = window.case_input
    for text, expected in (("-5", "BNP -5: a concentration cannot be negative"),
                           ("abc", "BNP value 'abc' is not a number")):
        ci.bnp_edit.clear()
        qtbot.keyClicks(ci.bnp_edit, text)
        assert ci.bnp_error() == expected
        assert ci.bnp_note.text() == expected and "\n" not in ci.bnp_note.text()
        assert ci.bnp_note.isVisible()
        assert ci.labs() is None
        qtbot.keyClick(ci.bnp_edit, Qt.Key.Key_Return)
        assert window.status_is_error() and window.status_text() == expected
    assert window.assessment() is None  # nothing was assessed from an invalid value
    ci.bnp_edit.clear()
    with qtbot.waitSignal(window.resultShown, timeout=TIMEOUT_MS):
        qtbot.keyClicks(ci.bnp_edit, "120")
        qtbot.keyClick(ci.bnp_edit, Qt.Key.Key_Return)
    assert ci.bnp_error() is None and ci.bnp_note.text() == ""
    assert window.risk_panel.state() == "result"
    # an invalid entry after a result: the result stays, flagged as not matching the field
    ci.bnp_edit.clear()
    qtbot.keyClicks(ci.bnp_edit, "1e9")
    qtbot.keyClick(ci.bnp_edit, Qt.Key.Key_Return)
    assert "above any assay's reportable range" in window.status_text()
    assert window.risk_panel.state() == "stale" and "invalid" in window.risk_panel.state_label.text()


def test_bad_file_gives_one_line_error(window, qtbot, tmp_path):
    bad = tmp_path / "garbage.dcm"
    bad.write_bytes(os.urandom(3000))
    with qtbot.waitSignal(window.errorShown, timeout=TIMEOUT_MS) as blocker:
        window.open_files([bad])
    wait_settled(window)
    line = window.status_text()
    assert blocker.args[0] == line
    assert "garbage.dcm" in line and "\n" not in line and "Traceback" not in line
    assert str(tmp_path) not in line  # identifiers hidden: the file name, not its folder
    assert window.status_is_error()
    assert "garbage.dcm" in window.case_input.file_error_label.text()
    assert window.cxr_panel.view.cxr() is None and window.assessment() is None
    # explicitly as a chest X-ray too, and the window still works afterwards
    with qtbot.waitSignal(window.errorShown, timeout=TIMEOUT_MS):
        window.open_cxr(bad)
    assert "garbage.dcm" in window.status_text()
    window.set_identifiers_visible(True)
    assert str(bad) in window.status_text()


def test_partial_case_bnp_only(window, qtbot):
    a = open_and_wait(qtbot, window, bnp="120")
    rp = window.risk_panel
    assert a.partial and set(a.missing) == {"ecg", "cxr"}
    assert rp.partial_label.isVisible()
    assert "PARTIAL" in rp.partial_label.text()
    assert "ECG" in rp.partial_label.text() and "chest X-ray" in rp.partial_label.text()
    assert rp.sub_rows["ecg"].score_label.text() == "missing"
    assert rp.sub_rows["cxr"].score_label.text() == "missing"
    assert rp.sub_rows["bnp"].score_label.text().endswith("%")


def test_drop_routes_files_by_content(window, qtbot, demo_case_files, tmp_path):
    # misleading names: routing is by content (detect), not by name
    d = tmp_path / "dropped"
    d.mkdir()
    shutil.copy(demo_case_files.cxr_path, d / "ecg_like_name.dcm")
    for suffix in (".hea", ".dat"):
        shutil.copy(demo_case_files.ecg_path.with_suffix(suffix), d / f"{demo_case_files.ecg_path.stem}{suffix}")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(d / "ecg_like_name.dcm")),
                  QUrl.fromLocalFile(str(d / f"{demo_case_files.ecg_path.stem}.hea")),
                  QUrl.fromLocalFile(str(d / f"{demo_case_files.ecg_path.stem}.dat"))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.resultShown, timeout=TIMEOUT_MS) as blocker:
        window.dropEvent(event)
    a = blocker.args[0]
    assert window.ecg_panel.view.ecg() is not None and window.cxr_panel.view.cxr() is not None
    assert set(a.subscores) == {"ecg", "cxr"}


def test_open_case_folder(window, qtbot, demo_case_files, tmp_path):
    folder = tmp_path / "case"
    folder.mkdir()
    shutil.copy(demo_case_files.cxr_path, folder / "image.dcm")
    for suffix in (".hea", ".dat"):
        shutil.copy(demo_case_files.ecg_path.with_suffix(suffix), folder / f"{demo_case_files.ecg_path.stem}{suffix}")
    (folder / "notes.txt.bak").write_text("not a case file")
    with qtbot.waitSignal(window.resultShown, timeout=TIMEOUT_MS) as blocker:
        window.open_case_folder(folder)
    assert set(blocker.args[0].subscores) == {"ecg", "cxr"}
    # two radiographs: which one is meant? one clear line instead of a guess
    shutil.copy(demo_case_files.cxr_path, folder / "second.dcm")
    with qtbot.waitSignal(window.errorShown, timeout=TIMEOUT_MS):
        window.open_case_folder(folder)
    assert "2 chest X-ray files" in window.status_text()


def test_missing_bundle_keeps_viewers_working(qtbot, tmp_path, demo_case_files):
    w = make_window(tmp_path, tmp_path / "no-such-bundle")
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.bundle_state() == "missing", timeout=TIMEOUT_MS)
    assert "model bundle not found" in w.banner.text()
    assert "model bundle not found" in w.status_text() and w.status_is_error()
    assert w.banner.kind == "error" and w.banner.isVisible()
    wait_settled(w)
    w.open_ecg(demo_case_files.ecg_path)
    qtbot.waitUntil(lambda: w.ecg_panel.view.ecg() is not None, timeout=TIMEOUT_MS)
    assert w.risk_panel.state() == "no-bundle" and w.assessment() is None
    w.shutdown()


# ---------------------------------------------------------------- worklist


def _manifest_with_broken_row(demo_case_files, tmp_path) -> Path:
    src = demo_case_files.ecg_path.parent.parent / "manifest.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:] if line.strip()]
    for r in rows:  # make paths absolute: the manifest moves to tmp_path
        for col in ("ecg_path", "cxr_path"):
            j = header.index(col)
            if r[j]:
                r[j] = str(src.parent / r[j])
    broken = {c: "" for c in header}
    broken.update(case_id="BROKEN01", ecg_path=str(tmp_path / "missing.hea"), label="0")
    rows.append([broken[c] for c in header])
    # Manifest paths must stay inside the manifest's folder: put it in a folder above both.
    out = Path(os.path.commonpath([src.parent, tmp_path])) / f"worklist_{tmp_path.name}.csv"
    out.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return out


def test_worklist_ranks_cases_and_opens_one(window, qtbot, demo_case_files, tmp_path):
    manifest = _manifest_with_broken_row(demo_case_files, tmp_path)
    with qtbot.waitSignal(window.worklistFinished, timeout=TIMEOUT_MS) as blocker:
        window.open_worklist(manifest)
    done = blocker.args[0]
    assert (done.n_cases, done.n_scored, done.n_failed, done.cancelled) == (13, 12, 1, False)
    panel = window.worklist_panel
    assert window.main_tabs.currentWidget() is panel
    items = panel.visible_items()
    risks = [it.risk for it in items if it.scored]
    assert len(risks) == 12 and risks == sorted(risks, reverse=True)
    last = items[-1]
    assert last.case_id == "BROKEN01" and not last.scored
    assert panel.cell_text(len(items) - 1, 3) == "not scored"
    issues = panel.cell_text(len(items) - 1, 8)
    assert "missing.hea" not in issues and "ECG file: file not found" in issues  # no file names in a worklist
    assert [panel.cell_text(r, 0) for r in range(3)] == ["1", "2", "3"]
    assert panel.cell_text(0, 1).startswith("manifest row")  # identifiers hidden
    window.set_identifiers_visible(True)
    assert panel.cell_text(0, 1) == items[0].case_id
    # the saved CSV has the triage columns, ranked
    csv_out = panel.write_csv(tmp_path / "ranked.csv")
    from ph_assist.triage import WORKLIST_COLUMNS

    text = csv_out.read_text(encoding="utf-8").splitlines()
    assert text[0] == ",".join(WORKLIST_COLUMNS) and text[1].startswith(f"1,{items[0].case_id},scored")
    # double-click the top row: the case opens for review, with Grad-CAM
    table = panel.table
    rect = table.visualRect(panel.proxy.index(0, 1))
    with qtbot.waitSignal(window.resultShown, timeout=TIMEOUT_MS) as opened:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    a = opened.args[0]
    assert a.case_id == items[0].case_id and a.risk == pytest.approx(items[0].risk, abs=1e-6)
    assert a.ecg_cam is not None and window.main_tabs.currentWidget() is window._review
    assert window.case_input.case_id() == items[0].case_id


def test_worklist_cancel_and_bad_manifest(window, qtbot, demo_case_files, tmp_path):
    manifest = _manifest_with_broken_row(demo_case_files, tmp_path)
    with qtbot.waitSignal(window.worklistFinished, timeout=TIMEOUT_MS) as blocker:
        window.open_worklist(manifest)
        window.cancel_worklist()
    assert blocker.args[0].cancelled and blocker.args[0].n_cases < 13
    bad = tmp_path / "bad.csv"
    bad.write_text("patient,whatever\n1,2\n", encoding="utf-8")
    with qtbot.waitSignal(window.errorShown, timeout=TIMEOUT_MS):
        window.open_worklist(bad)
    assert "bad.csv" in window.status_text() and "case_id" in window.status_text()
    assert window.worklist_panel.error_label.isVisible()


# ---------------------------------------------------------------- headless command


def _gui_parser() -> argparse.ArgumentParser:
    from ph_assist.cli.gui import register

    parser = argparse.ArgumentParser(prog="ph-assist")
    register(parser.add_subparsers(dest="command"))
    return parser


@pytest.fixture
def isolated_settings(tmp_path):
    fmt, scope = QSettings.Format.NativeFormat, QSettings.Scope.UserScope
    QSettings.setPath(fmt, scope, str(tmp_path / "settings"))
    QSettings.setPath(QSettings.Format.IniFormat, scope, str(tmp_path / "settings"))
    yield
    QSettings.setPath(fmt, scope, str(Path.home() / ".config"))
    QSettings.setPath(QSettings.Format.IniFormat, scope, str(Path.home() / ".config"))


def test_screenshot_command_writes_png(qapp, isolated_settings, tmp_path, quick_bundle_dir, demo_case_files, capsys):
    out = tmp_path / "shot.png"
    demo = demo_case_files
    args = _gui_parser().parse_args(["gui", "--bundle", str(quick_bundle_dir), "--ecg", str(demo.ecg_path),
                                     "--cxr", str(demo.cxr_path), "--bnp", demo.bnp, "--bnp-unit", demo.bnp_unit,
                                     "--case-id", demo.case_id, "--size", "1280x720", "--screenshot", str(out),
                                     "--timeout", "120"])
    assert args.func(args) == 0, capsys.readouterr().err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    img = QImage(str(out))
    assert (img.width(), img.height()) == (1280, 720)
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["fused_risk"] is not None


def test_screenshot_without_bundle_says_so_in_one_line(qapp, isolated_settings, tmp_path, demo_case_files, capsys):
    out = tmp_path / "shot.png"
    args = _gui_parser().parse_args(["gui", "--bundle", str(tmp_path / "nope"), "--ecg",
                                     str(demo_case_files.ecg_path), "--screenshot", str(out)])
    assert args.func(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "model bundle not found" in err
    assert out.exists()  # the window (viewers, message) is still pictured


def test_study_menu_opens_the_analysis_view(qtbot, tmp_path, monkeypatch):
    """Study > Analyse opens the MRMC analysis window for a chosen folder."""
    from ph_assist.gui import main_window as mw

    window = mw.MainWindow(bundle_path=tmp_path / "no-bundle")
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Study" in menus
    loaded = []
    monkeypatch.setattr(window, "_choose_study_folder", lambda title: str(tmp_path))
    from ph_assist.gui import study_views

    monkeypatch.setattr(study_views.StudyAnalysisView, "load", lambda self, folder: loaded.append(folder))
    window.analyse_study()
    assert loaded == [str(tmp_path)] and window._child_windows


def test_no_display_gives_one_line_instead_of_a_qt_abort(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    proc = subprocess.run([sys.executable, "-m", "ph_assist", "gui", "--bundle", str(tmp_path / "none")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "no display found" in proc.stderr and "--screenshot" in proc.stderr
