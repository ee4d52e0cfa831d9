"""One presentation of an assessment (ph_assist.presentation), and every front end saying the same thing.

The demo case is assessed once, complete and without its radiograph (partial), and each
assessment is rendered by the command line (text and JSON), the PDF report, the worklist
CSV (``ph-assist triage`` and the GUI's "Save CSV…") and the GUI's risk panel: the risk,
the threshold with its input set and source, the bundle's notice, the PARTIAL wording, the
contributions, the AUCs and the BNP stratum caveat must read the same everywhere.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import shutil
import subprocess

import pytest

from ph_assist.presentation import (
    MODALITY_LABELS,
    NOT_STATED,
    PARTIAL_NOTE,
    STRATUM_CAVEAT,
    SYNTHETIC_DISCLAIMER,
    WORKLIST_COLUMNS,
    WorklistEntry,
    assessment_text,
    auc_line,
    bundle_notice,
    category_label,
    format_auc,
    format_points,
    notice_of,
    percent,
    percent_ci,
    present,
    stratum_line,
    threshold_basis,
    unlike_summary,
    worklist_cells,
)


def _flat(text: str) -> str:
    """Whitespace (wrapping) folded to single spaces, HTML bold tags dropped."""
    return " ".join(re.sub(r"</?b>", "", text).split())


# ---------------------------------------------------------------------------------------------- pure functions

class TestNumbers:
    def test_points_zero_rule_singular_and_plural(self):
        assert format_points(0.171) == "+17 points"
        assert format_points(-0.052) == "-5 points"
        assert format_points(0.004) == format_points(-0.0049) == "±0 points"
        assert format_points(0.005) == "+1 point" and format_points(-0.012) == "-1 point"
        assert format_points(None) == "—"

    def test_percent(self):
        assert percent(0.5234) == "52 %" and percent(0.5234, space=False) == "52%"
        assert percent(None) == "—"
        assert percent(0.9996) == ">99 %" and percent(0.001, space=False) == "<1%" and percent(0.994) == "99 %"
        assert percent(0.005) == "1 %" and percent(0.0) == "<1 %"
        assert percent_ci(0.9, (0.87, 0.93)) == "90% (95% CI 87%–93%)" and percent_ci(0.9, None) == "90%"

    def test_auc(self):
        auc = {"auc": 0.8793, "ci_low": 0.8003, "ci_high": 0.9584}
        assert format_auc(auc) == "0.88 (95% CI 0.80–0.96)"
        assert format_auc({"auc": 0.8}) == "0.80" and format_auc(None) == "not reported"
        assert auc_line(auc, "synthetic validation set, n = 919") == \
            "validation AUC 0.88 (95% CI 0.80–0.96) — synthetic validation set, n = 919"
        assert auc_line(None, "x") == "validation AUC not reported"

    def test_modality_table(self):
        assert MODALITY_LABELS == {"ecg": "ECG", "cxr": "Chest X-ray", "bnp": "BNP"}

    def test_stratum_caveat(self):
        label = "intermediate-low (ESC/ERS 2022 prognostic risk stratum in PAH, not a diagnostic cut-off)"
        assert stratum_line(label) == f"ESC/ERS 2022 stratum: intermediate-low — {STRATUM_CAVEAT}"
        assert "<b>intermediate-low</b>" in stratum_line(label, html=True)
        assert stratum_line(None) is None


class TestBundleNotice:
    def test_warning_rule(self):
        def warn(clinical, synthetic):
            return bundle_notice("b", None, "x", clinical_use=clinical, synthetic_training_data=synthetic).warn

        assert warn(False, False) and warn(False, True) and warn(True, True) and not warn(True, False)

    def test_text_names_synthetic_data_and_is_never_empty(self):
        n = bundle_notice("b", "0123456789abcdef", "Research use only", clinical_use=False,
                          synthetic_training_data=True)
        assert n.text == f"{SYNTHETIC_DISCLAIMER}. Research use only" and n.short_id == "0123456789ab"
        n = bundle_notice("b", None, "", clinical_use=True, synthetic_training_data=False)
        assert n.text == NOT_STATED and not n.warn and n.short_id == "unsaved"
        n = bundle_notice("b", None, "Synthetic training data — not for clinical use · unverified origin",
                          clinical_use=False, synthetic_training_data=True)
        assert n.text == n.banner  # already says so: nothing added


# ---------------------------------------------------------------------------------------------- one assessment

@pytest.fixture(scope="module")
def case(quick_bundle_dir, demo_case_files):
    """The demo case assessed once complete and once without its radiograph (partial), without
    Grad-CAM: the numbers ``ph-assist triage`` computes too (same path, bit for bit)."""
    from ph_assist.assessment import assess
    from ph_assist.cases import load_case
    from ph_assist.resources import load_default_bundle

    bundle = load_default_bundle(quick_bundle_dir)
    d = demo_case_files
    full_case = load_case(case_id=d.case_id, ecg_path=d.ecg_path, cxr_path=d.cxr_path, bnp=d.bnp,
                          bnp_unit=d.bnp_unit)
    part_case = load_case(case_id="PSEUDO-2", ecg_path=d.ecg_path, bnp=d.bnp, bnp_unit=d.bnp_unit)
    full = assess(bundle, ecg=full_case.ecg, cxr=full_case.cxr, labs=full_case.labs, explain=False,
                  case_id=d.case_id)
    partial = assess(bundle, ecg=part_case.ecg, labs=part_case.labs, explain=False, case_id="PSEUDO-2")
    files = {"full": (d.ecg_path, d.cxr_path), "partial": (d.ecg_path, None)}
    return {"bundle": bundle, "full": full, "partial": partial, "cases": {"full": full_case, "partial": part_case},
            "files": files, "bnp": (d.bnp, d.bnp_unit)}


@pytest.fixture(scope="module", params=["full", "partial"])
def which(request):
    return request.param


def test_view_agrees_with_the_assessment(case, which):
    a = case[which]
    v = present(a)
    assert v.category_label == category_label(a) == a.category_label
    assert v.threshold_basis == threshold_basis(a.threshold) == a.threshold_basis
    assert v.unlike_summary == unlike_summary(a) == a.unlike_summary
    assert v.risk == percent(a.risk) and v.threshold == percent(float(a.threshold["threshold"]))
    assert v.threshold_inputs and f"for {v.threshold_inputs} (" in v.category_label
    assert "synthetic validation set, n = " in v.threshold_basis and "sensitivity" in v.threshold_basis
    assert v.notice == notice_of(case["bundle"])  # the assessment and its bundle say the same
    assert "not for clinical use" in v.notice.text and v.notice.warn
    assert v.partial == (which == "partial")
    assert v.partial_line == ("PARTIAL — missing: chest X-ray" if which == "partial" else None)


def _cli(capsys, monkeypatch, case, which, *extra):
    """`ph-assist assess` on the case's files, its assessment being the fixture's (one assessment)."""
    import ph_assist.assessment
    from ph_assist.cli import main

    a = case[which]
    (ecg, cxr), (bnp, unit) = case["files"][which], case["bnp"]
    monkeypatch.setattr(ph_assist.assessment, "assess", lambda *args, **kw: a)
    argv = ["assess", "--ecg", ecg, "--bnp", bnp, "--bnp-unit", unit, "--bundle", case["bundle"].path,
            "--no-explain", "--case-id", a.case_id, *extra]
    if cxr is not None:
        argv[3:3] = ["--cxr", cxr]
    code = main([str(x) for x in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def _pdf_text(a, c, tmp_path) -> str:
    from ph_assist.report import figure_texts, report_figure, write_report

    texts = _flat("\n".join(figure_texts(report_figure(a, ecg=c.ecg, cxr=c.cxr, labs=c.labs))))
    out = write_report(tmp_path / "case.pdf", a, ecg=c.ecg, cxr=c.cxr, labs=c.labs)
    if shutil.which("pdftotext"):  # the file itself says it too
        pdf = _flat(subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                                   text=True).stdout)
        assert present(a).risk in pdf and "not for clinical use" in pdf and a.case_id in pdf
    return texts


def _panel_text(qtbot, a, labs):
    from ph_assist.gui.risk_panel import RiskPanel

    panel = RiskPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 900)
    panel.set_assessment(a, labs)
    return panel, _flat(panel.text())


def _worklists(case, tmp_path, qtbot):
    """Both worklists of the two cases: `ph-assist triage`'s CSV and the GUI's "Save CSV…"."""
    from ph_assist.gui.workers import WorklistItem
    from ph_assist.gui.worklist import WorklistPanel
    from ph_assist.io.manifest import ManifestRow
    from ph_assist.triage import triage

    manifest = tmp_path / "m.csv"
    with open(manifest, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "ecg_path", "cxr_path", "bnp", "bnp_unit"])
        for which in ("full", "partial"):
            ecg, cxr = case["files"][which]
            w.writerow([case[which].case_id, ecg, cxr or "", *case["bnp"]])
    root = os.path.commonpath([case["files"]["full"][0], tmp_path])
    triage(manifest, case["bundle"], tmp_path / "triage.csv", data_root=root)
    cli_rows = list(csv.reader(open(tmp_path / "triage.csv", encoding="utf-8")))

    panel = WorklistPanel()
    qtbot.addWidget(panel)
    notice = notice_of(case["bundle"])
    for seq, which in enumerate(("full", "partial")):
        e = WorklistEntry.of(case[which].case_id, case[which], case[which].warnings, notice)
        fields = {f.name: getattr(e, f.name) for f in dataclasses.fields(e)}
        panel.add_item(WorklistItem(seq=seq, row=ManifestRow(row_no=seq + 2, case_id=e.case_id), **fields))
    panel.model.recompute_ranks()
    panel.write_csv(tmp_path / "gui.csv")
    gui_rows = list(csv.reader(open(tmp_path / "gui.csv", encoding="utf-8")))
    return cli_rows, gui_rows, panel


def test_every_front_end_says_the_same(case, which, capsys, monkeypatch, tmp_path, qtbot):
    a, c = case[which], case["cases"][which]
    v = present(a)

    # -- the command line: text and JSON
    text = _cli(capsys, monkeypatch, case, which)
    assert text.startswith(assessment_text(a) + "\n")
    data = json.loads(_cli(capsys, monkeypatch, case, which, "--json"))
    pdf = _pdf_text(a, c, tmp_path)
    panel, shown = _panel_text(qtbot, a, c.labs)

    # the risk
    assert f"PH risk      {percent(a.risk, space=False)}  " in text and data["fused_risk"] == a.risk
    assert v.risk in pdf and panel.risk_label.text() == v.risk
    # the threshold, its input set and where it was measured
    for where in (text, data["category_label"], pdf, shown):
        assert v.category_label[1:] in _flat(where)
    assert data["operating_threshold"]["inputs"] == v.threshold_inputs
    assert panel.scale.values()[1] == float(a.threshold["threshold"])
    # the bundle's notice (research / synthetic / unverified origin) and its warning rule
    assert text.splitlines()[0] == f"*** {v.notice.text} ***" and data["bundle"]["banner"] == v.notice.text
    assert f"⚠ {v.notice.text}" in pdf and v.notice.text in shown
    assert data["bundle"]["clinical_use"] is False and v.notice.warn
    # sub-scores: risk alone, contribution (points), AUC with CI and source
    for s in v.subscores:
        if not s.present:
            assert panel.sub_rows[s.modality].score_label.text() == "missing"
            assert f"{s.label} missing — not used" in pdf
            continue
        assert panel.sub_rows[s.modality].score_label.text() == s.risk_alone and s.risk_alone in pdf
        if s.contribution is not None:
            assert s.contribution_sentence in text and s.contribution in pdf
            assert _flat(s.contribution_sentence)[:40] in _flat(pdf)
            assert panel.sub_rows[s.modality].contribution_label.text() == s.contribution
            assert panel.sub_rows[s.modality].contribution_label.toolTip() == s.contribution_sentence
        assert s.auc_line in text and _flat(s.auc_line) in shown and s.auc in pdf
    # the BNP stratum and its caveat
    assert v.stratum_line and v.stratum_line in text and v.stratum_line in pdf and v.stratum_line in shown
    # PARTIAL
    if v.partial:
        assert "PARTIAL      missing: chest X-ray. " + PARTIAL_NOTE in text
        assert data["partial"] is True and data["missing"] == ["cxr"]
        assert v.partial_line in pdf and PARTIAL_NOTE in pdf
        assert panel.partial_label.text() == f"{v.partial_line}. {PARTIAL_NOTE}"
    else:
        assert "PARTIAL" not in text and "PARTIAL" not in pdf and not panel.partial_label.isVisibleTo(panel)
        assert data["partial"] is False


def test_both_worklists_write_the_same_rows(case, tmp_path, qtbot):
    cli_rows, gui_rows, panel = _worklists(case, tmp_path, qtbot)
    assert cli_rows[0] == gui_rows[0] == list(WORKLIST_COLUMNS)
    assert cli_rows[1:] == gui_rows[1:]
    rows = {r[1]: dict(zip(WORKLIST_COLUMNS, r)) for r in cli_rows[1:]}
    for which in ("full", "partial"):
        a = case[which]
        v, row = present(a), rows[a.case_id]
        assert row["fused_risk"] == f"{a.risk:.4f}" and percent(float(row["fused_risk"])) == v.risk
        assert row["threshold_inputs"] == v.threshold_inputs and row["category"] == v.category
        assert percent(float(row["threshold"])) == v.threshold
        assert row["bundle_notice"] == v.notice.text
        assert row["partial"] == ("yes" if v.partial else "no") and row["missing"] == ";".join(a.missing)
        assert row == dict(zip(WORKLIST_COLUMNS, worklist_cells(
            WorklistEntry.of(a.case_id, a, row["issues"].split(" | ") if row["issues"] else (),
                             notice_of(a)), int(row["rank"]))))
    # the GUI's table shows the same risk and PARTIAL wording
    shown = {panel.cell_text(r, 2) for r in range(2)}
    assert shown == {present(case["full"]).risk, present(case["partial"]).risk}
    assert {panel.cell_text(r, 4) for r in range(2)} == {"complete", "missing chest X-ray"}
