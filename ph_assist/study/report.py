"""Analysis of a reader study from its log, text summary and exports.

:func:`study_table` builds the long table (one row per reader x treatment x
case) from the locked reads of a study's log: ``treatment`` is ``unaided`` or
``aided``, ``truth`` the study's hidden label, ``rating`` the PH-likelihood
rating of :func:`ph_assist.study.protocol.likelihood_rating` and ``decision``
the reader's yes/no.  :func:`analyze_study` runs
:func:`ph_assist.study.stats.analyze` on it.  :func:`format_summary` renders a
result as text; :func:`write_analysis` writes ``analysis.json``, the plots,
``reads_long.csv`` and ``reads.imrmc`` into a folder.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path
from typing import Any

from ph_assist.errors import InputError
from ph_assist.study.mrmc_io import write_imrmc, write_long_csv
from ph_assist.study.protocol import (
    RATING_DEFINITION,
    Study,
    open_study_log,
    likelihood_rating,
    load_study,
)
from ph_assist.study.stats import FOMS, ReadTable, StudyResult, analyze
from ph_assist.study.store import StudyError

__all__ = ["TREATMENTS", "study_table", "analyze_study", "analysis_dict", "source_ref", "format_summary",
           "write_analysis", "export_study"]

TREATMENTS = ("unaided", "aided")


def _table_and_study(folder: str | os.PathLike) -> tuple[Study, ReadTable, list[str]]:
    study = load_study(folder)
    truth = study.truth()
    with open_study_log(study) as store:
        reads = store.reads(locked_only=True)
        pending = {r: store.state(r) for r in study.readers}
    if not reads:
        raise StudyError(f"{study.folder}: no answer has been locked yet; nothing to analyse")
    notes = []
    for r, st in pending.items():
        if not st.done:
            notes.append(f"reader {r} has finished {st.n_locked} of {st.n_steps} reads (study in progress)")
    # Readers without a locked read in both treatments cannot be paired; leave them out.
    have = {(x.reader, x.condition) for x in reads}
    complete = [r for r in study.readers if all((r, t) in have for t in TREATMENTS)]
    left_out = [r for r in study.readers if r not in complete]
    if left_out:
        notes.append(f"reader(s) {', '.join(left_out)} left out: no locked read in both conditions yet")
    if not complete:
        raise StudyError(f"{study.folder}: no reader has locked reads both without and with the AI yet; "
                         "nothing to analyse")
    order = {r: i for i, r in enumerate(study.readers)}
    reads = sorted((x for x in reads if x.reader in complete), key=lambda x: (order[x.reader], x.step))
    records = [
        {"reader": x.reader, "treatment": x.condition, "case": x.case_id, "truth": truth[x.case_id],
         "rating": likelihood_rating(x.ph, x.confidence), "decision": int(x.ph)}
        for x in reads
    ]
    labels = [f"reader {x.reader}, case {x.case_id}, {x.condition}" for x in reads]
    table = ReadTable.from_records(records, source=str(study.log_path), labels=labels)
    return study, table, notes


def study_table(folder: str | os.PathLike) -> ReadTable:
    """The long table of a study's locked reads (see the module docstring)."""
    return _table_and_study(folder)[1]


def _analyze(table: ReadTable) -> StudyResult:
    trts = tuple(table.treatments)
    if set(t.lower() for t in trts) == set(TREATMENTS):
        low = {t.lower(): t for t in trts}
        trts = (low["unaided"], low["aided"])
    try:
        return analyze(table, trts)
    except InputError as err:
        if "no case was read by every reader" in str(err):
            raise StudyError(f"{table.source}: no case has been read by every reader both without and with the "
                             "AI yet; nothing to analyse") from None
        raise


def analyze_study_with_table(folder: str | os.PathLike) -> tuple[Study, ReadTable, StudyResult]:
    """:func:`analyze_study` that also returns the study and the table."""
    study, table, notes = _table_and_study(folder)
    result = _analyze(table)
    if notes:
        result = dataclasses.replace(result, notes=list(notes) + list(result.notes))
    return study, table, result


def analyze_study(folder: str | os.PathLike) -> StudyResult:
    """Analyse a study's log: unaided vs aided, every reader and pooled (OR-Hillis etc.)."""
    return analyze_study_with_table(folder)[2]


def analyze_table(table: ReadTable) -> StudyResult:
    """Analyse an external long table (e.g. from :func:`load_long_csv`)."""
    return _analyze(table)


def source_ref(source: str | os.PathLike | None, study: Study | None = None) -> str | None:
    """How an analysis names its data without a file name: ``study:<study ID>`` or ``file:<12 hex>``.

    File and folder names carry identifiers in practice, so exports never
    hold them (:func:`ph_assist.io.safe_csv.file_ref`).
    """
    from ph_assist.io.safe_csv import file_ref

    if study is not None:
        return f"study:{study.study_id}"
    if source is None or str(source).startswith(("file:", "study:")):
        return None if source is None else str(source)
    return file_ref(source)


def analysis_dict(result: StudyResult, *, source: str | os.PathLike | None, study: Study | None = None
                  ) -> dict[str, Any]:
    """JSON-ready analysis: the result's fields plus ``source``, ``rating_definition`` and ``study``.

    ``source`` (the study folder or the long-CSV file) is recorded as
    :func:`source_ref`, never by its name.
    """
    out: dict[str, Any] = {"source": source_ref(source, study)}
    if study is not None:
        out["study"] = {"name": study.name, "study_id": study.study_id, "design": study.design,
                        "seed": study.seed, "washout_days": study.washout_days, "readers": list(study.readers),
                        "n_cases": len(study.cases), "created_utc": study.created_utc,
                        "bundle_id": study.bundle_id}
        out["rating_definition"] = RATING_DEFINITION
    out.update(result.to_dict())
    return out


# --------------------------------------------------------------------------
# text summary
# --------------------------------------------------------------------------


def _pct(x: float | None) -> str:
    return "   -  " if x is None or not math.isfinite(x) else f"{100 * x:5.1f}%"


def _num(x: float | None, fmt: str = ".3f") -> str:
    if x is None or math.isnan(x):
        return "-"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return format(x, fmt)


def _p(p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return "-"
    return "<0.0001" if p < 1e-4 else f"{p:.4f}"


def treatment_label(t: str) -> str:
    """How a treatment is named to people: "without AI", "with AI", or "treatment X"."""
    return {"unaided": "without AI", "aided": "with AI"}.get(str(t).lower(), f"treatment {t}")


def format_summary(result: StudyResult, *, title: str | None = None) -> str:
    """A readable multi-line summary of an analysis."""
    t0, t1 = result.treatments
    L0, L1 = treatment_label(t0), treatment_label(t1)
    lines: list[str] = []
    if title:
        lines += [title, ""]
    lines.append(f"{len(result.readers)} reader(s), {result.n_cases} case(s) analysed "
                 f"({result.n_diseased} PH, {result.n_nondiseased} no PH)"
                 + (f"; {result.n_cases_dropped} case(s) dropped (not read by everyone in both)"
                    if result.n_cases_dropped else ""))
    lines.append(f"comparison: {L1} minus {L0}; decisions: {result.decision_rule}")
    lines.append("")
    w = max([len("reader")] + [len(str(r)) for r in result.readers] + [len("pooled")])
    head = (f"{'reader':<{w}}  {'':1}{'accuracy':^15} {'sensitivity':^15} {'specificity':^15} {'AUC':^13}"
            f"  McNemar (acc.)")
    lines.append(f"Per reader: {L0} -> {L1}")
    lines.append(head)

    def row(name: str, m0, m1, mc) -> str:
        cells = []
        for f in ("accuracy", "sensitivity", "specificity"):
            cells.append(f"{_pct(getattr(m0, f).estimate)}->{_pct(getattr(m1, f).estimate)}".rjust(15))
        cells.append(f"{_num(m0.auc)}->{_num(m1.auc)}".rjust(13))
        mcn = "" if mc is None else (f"{mc.right_to_wrong} right->wrong, {mc.wrong_to_right} wrong->right, "
                                     f"p={_p(mc.p_value)}")
        return f"{name:<{w}}   " + " ".join(cells) + "  " + mcn

    for r in result.readers:
        lines.append(row(str(r), result.per_reader[r][t0], result.per_reader[r][t1], result.mcnemar[r]))
    lines.append(row("pooled", result.pooled[t0], result.pooled[t1], result.mcnemar_pooled))
    lines.append("")

    lines.append("Obuchowski-Rockette-Hillis analysis (jackknife covariances)")
    cw = max(10, len(L0), len(L1))
    lines.append(f"{'FOM':<12} {L0:>{cw}} {L1:>{cw}} {'diff':>8}  {'95% CI':^19} {'F':>8} {'ddf':>8} {'p':>8}  analysis")
    for fom in FOMS:
        res = result.or_hillis.get(fom)
        if res is None:
            lines.append(f"{fom:<12} not done (see notes)")
            continue
        test = res.rrrc if res.rrrc is not None else res.frrc
        kind = "random readers & cases" if res.rrrc is not None else "fixed readers (1 reader)"
        stat = f"{_num(test.statistic, '.3f')}" if test.statistic_name == "F" else f"chi2={_num(test.statistic, '.3f')}"
        lines.append(
            f"{fom:<12} {_num(res.treatment_means[t0]):>{cw}} {_num(res.treatment_means[t1]):>{cw}} "
            f"{_num(res.difference, '+.3f'):>8}  [{_num(test.ci_lower, '+.3f')}, {_num(test.ci_upper, '+.3f')}] "
            f"{stat:>8} {_num(test.df2, '.2f'):>8} {_p(test.p_value):>8}  {kind}"
        )
    lines.append("")

    lines.append(f"Change of mind (correct {L0} -> correct {L1})")
    lines.append(f"{'reader':<{w}}  {'right->wrong':>12} {'wrong->right':>12} {'right->right':>12} {'wrong->wrong':>12}")
    for r in list(result.readers) + ["total"]:
        c = result.change_of_mind_total if r == "total" else result.change_of_mind[r]
        lines.append(f"{str(r):<{w}}  {c.right_to_wrong:>12} {c.wrong_to_right:>12} {c.right_to_right:>12} "
                     f"{c.wrong_to_wrong:>12}")
    lines += _agreement_lines(result)
    if result.notes:
        lines.append("")
        lines.append("Notes")
        lines += [f"- {n}" for n in result.notes]
    return "\n".join(lines)


def _agreement_lines(result: StudyResult) -> list[str]:
    """The summary's inter-reader agreement section (Fleiss' kappa per treatment); none with one reader."""
    if not result.agreement:
        return []
    from ph_assist.i18n import translate

    lines = ["", translate("study", "Agreement between readers (Fleiss' kappa of the PH / no PH calls)")]
    for t in result.treatments:
        k = result.agreement.get(t)
        if k is None:
            continue
        p = _p(k.p_value)
        text = translate("study", "{treatment}: kappa {kappa}, 95% CI [{lower}, {upper}] (bootstrap); against chance: p {p}")
        lines.append(text.format(
            treatment=treatment_label(t), kappa=_num(k.kappa), lower=_num(k.ci_lower), upper=_num(k.ci_upper),
            p=p if p.startswith("<") else "= " + p))
    return lines


# --------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------


def write_analysis(folder: str | os.PathLike, table: ReadTable, result: StudyResult, *,
                   source: str | os.PathLike | None, study: Study | None = None) -> list[Path]:
    """Write ``analysis.json``, the plots, ``reads_long.csv`` and ``reads.imrmc`` into ``folder``."""
    from ph_assist.study.plots import save_plots

    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise StudyError(f"{out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    p = out / "analysis.json"
    p.write_text(json.dumps(analysis_dict(result, source=source, study=study), indent=2) + "\n", encoding="utf-8")
    written.append(p)
    written += save_plots(table, result, out)
    p = out / "reads_long.csv"
    write_long_csv(p, table)
    written.append(p)
    p = out / "reads.imrmc"
    write_imrmc(p, table, treatments=result.treatments, title=f"PH-Assist reader study {study.name}" if study else None)
    written.append(p)
    return written


def export_study(folder: str | os.PathLike, *, long_csv: str | os.PathLike | None = None,
                 imrmc: str | os.PathLike | None = None) -> list[Path]:
    """Export a study's locked reads as long CSV and/or iMRMC; returns the files written."""
    if long_csv is None and imrmc is None:
        raise StudyError("nothing to export: give a long-CSV and/or an iMRMC output file")
    study, table, _ = _table_and_study(folder)
    written = []
    if long_csv is not None:
        write_long_csv(long_csv, table)
        written.append(Path(long_csv))
    if imrmc is not None:
        trts = tuple(t for t in TREATMENTS if t in set(table.treatment))
        write_imrmc(imrmc, table, treatments=trts, title=f"PH-Assist reader study {study.name}")
        written.append(Path(imrmc))
    return written
