"""Analysis of a reader study from its log, text summary and exports.

:func:`study_table` builds the long table (one row per reader x treatment x
case) from the locked reads of a study's log: ``treatment`` is ``unaided`` or
``aided``, ``truth`` the label from the coordinator's key file (``key``; a
study made before key files keeps it in ``study.json``, which a note says),
``rating`` the rating on the study's scale (binary + confidence: the
PH-likelihood rating of :func:`ph_assist.study.protocol.likelihood_rating`;
5-point: 1-5, ordinal, ties count one half in the empirical AUC;
probability: 0-100) and ``decision`` the reader's PH yes/no (binary: the
answer; 5-point: rating >= 4; probability: rating >= 50 -
:func:`ph_assist.study.protocol.decision_rule`, written into the result's
``decision_rule``).  Practice cases are left out of everything.
:func:`analyze_study` runs :func:`ph_assist.study.stats.analyze` on it;
:func:`analyze_study_full` also summarises the action question's answers
(:class:`ActionSummary`: the rate of "yes" by arm and by truth).  :func:`format_summary` renders a
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
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.presentation import display_width, pad_to_width
from ph_assist.study.protocol import (
    Study,
    StudyProtocol,
    open_study_log,
    likelihood_rating,
    load_study,
    scale_label,
)
from ph_assist.study.stats import FOMS, NO_COMMON_CASE, Proportion, ReadTable, StudyResult, analyze, wilson_ci
from ph_assist.study.store import ReadRecord, StudyError

__all__ = ["TREATMENTS", "study_table", "analyze_study", "analyze_study_full", "analysis_dict", "source_ref",
           "format_summary", "write_analysis", "export_study", "ActionSummary", "StudyAnalysis",
           "LABELS_IN_FOLDER_NOTE"]

TREATMENTS = ("unaided", "aided")
KeyPath = str | os.PathLike | None

#: Said (in the notes, and by the CLI as a warning) when a study keeps its labels in study.json.
#: A constant marked for translation: show it as ``translate("study", LABELS_IN_FOLDER_NOTE)``.
LABELS_IN_FOLDER_NOTE = QT_TRANSLATE_NOOP(
    "study", "this study was made by an older PH-Assist: its ground truth is in study.json inside "
             "the study folder, where readers could open it; studies made now keep it in a separate "
             "key file")


@dataclasses.dataclass(frozen=True)
class ActionSummary:
    """The answers to the protocol's action question (e.g. "refer for echocardiography?").

    ``by_arm[treatment][group]``: the proportion of reads answered "yes",
    ``group`` ``"PH"``, ``"no PH"`` (by the truth) or ``"all"``;
    ``per_reader[reader][treatment]``: the same over all the reader's cases.
    Over the analysed (non-practice) locked reads of the readers analysed.
    """

    question: str
    by_arm: dict[str, dict[str, Proportion]]
    per_reader: dict[str, dict[str, Proportion]]


@dataclasses.dataclass(frozen=True)
class StudyAnalysis:
    """Everything the analysis of a study gives (see :func:`analyze_study_full`)."""

    study: Study
    table: ReadTable
    result: StudyResult
    action: ActionSummary | None
    n_practice_reads: int


def _rating(x: ReadRecord) -> float:
    if x.rating is not None:
        return x.rating
    if x.confidence is None:  # pragma: no cover - the log requires one of them
        raise StudyError(translate("errors", "reader {reader}, case {case}: the read has neither a rating nor a "
                                             "confidence").format(reader=x.reader, case=x.case_id))
    return likelihood_rating(x.ph, x.confidence)


def _action_summary(question: str | None, reads: list[ReadRecord], truth: dict[str, int],
                    readers: list[str]) -> ActionSummary | None:
    if question is None:
        return None
    asked = [x for x in reads if x.action is not None]

    def prop(rows: list[ReadRecord]) -> Proportion:
        return wilson_ci(sum(1 for x in rows if x.action), len(rows))

    by_arm = {t: {"PH": prop([x for x in asked if x.condition == t and truth[x.case_id] == 1]),
                  "no PH": prop([x for x in asked if x.condition == t and truth[x.case_id] == 0]),
                  "all": prop([x for x in asked if x.condition == t])} for t in TREATMENTS}
    per_reader = {r: {t: prop([x for x in asked if x.reader == r and x.condition == t]) for t in TREATMENTS}
                  for r in readers}
    return ActionSummary(question, by_arm, per_reader)


def _table_and_study(folder: str | os.PathLike, key: KeyPath = None
                     ) -> tuple[Study, ReadTable, list[str], ActionSummary | None, int]:
    study = load_study(folder, key=key)
    truth = study.truth()
    with open_study_log(study) as store:
        reads = store.reads(locked_only=True)
        pending = {r: store.state(r) for r in study.readers}
    practice = set(study.protocol.practice_cases)
    n_practice = sum(1 for x in reads if x.practice or x.case_id in practice)
    reads = [x for x in reads if not (x.practice or x.case_id in practice)]
    if not reads:
        raise StudyError(translate("errors", "{folder}: no answer has been locked yet; nothing to analyse").format(
            folder=study.folder) + (translate("errors", " (practice cases are never analysed)") if n_practice else ""))
    notes = [translate("study", LABELS_IN_FOLDER_NOTE)] if study.labels_in_folder else []
    if n_practice:
        notes.append(translate("study", "{n} read(s) of the {k} practice case(s) left out of every analysis").format(
            n=n_practice, k=len(practice)))
    for r, st in pending.items():
        if not st.done:
            notes.append(translate("study", "reader {reader} has finished {done} of {n} reads (study in "
                                            "progress)").format(reader=r, done=st.n_locked, n=st.n_steps))
    # Readers without a locked read in both treatments cannot be paired; leave them out.
    have = {(x.reader, x.condition) for x in reads}
    complete = [r for r in study.readers if all((r, t) in have for t in TREATMENTS)]
    left_out = [r for r in study.readers if r not in complete]
    if left_out:
        notes.append(translate("study", "reader(s) {readers} left out: no locked read in both conditions yet").format(
            readers=", ".join(left_out)))
    if not complete:
        raise StudyError(translate("errors", "{folder}: no reader has locked reads both without and with the AI "
                                             "yet; nothing to analyse").format(folder=study.folder))
    order = {r: i for i, r in enumerate(study.readers)}
    reads = sorted((x for x in reads if x.reader in complete), key=lambda x: (order[x.reader], x.step))
    records = [
        {"reader": x.reader, "treatment": x.condition, "case": x.case_id, "truth": truth[x.case_id],
         "rating": _rating(x), "decision": int(x.ph)}
        for x in reads
    ]
    labels = [translate("errors", "reader {reader}, case {case}, {condition}").format(
        reader=x.reader, case=x.case_id, condition=x.condition) for x in reads]
    table = ReadTable.from_records(records, source=str(study.log_path), labels=labels)
    action = _action_summary(study.protocol.action_question, reads, truth, complete)
    return study, table, notes, action, n_practice


def study_table(folder: str | os.PathLike, key: KeyPath = None) -> ReadTable:
    """The long table of a study's locked reads (see the module docstring); ``key``: the coordinator's key file."""
    return _table_and_study(folder, key)[1]


def _analyze(table: ReadTable) -> StudyResult:
    trts = tuple(table.treatments)
    if set(t.lower() for t in trts) == set(TREATMENTS):
        low = {t.lower(): t for t in trts}
        trts = (low["unaided"], low["aided"])
    try:
        return analyze(table, trts)
    except InputError as err:
        if err.problem == translate("errors", NO_COMMON_CASE):
            raise StudyError(translate("errors", "{source}: no case has been read by every reader both without and "
                                                 "with the AI yet; nothing to analyse").format(
                source=table.source)) from None
        raise


def analyze_study_full(folder: str | os.PathLike, key: KeyPath = None, *,
                       verify: bool = True) -> StudyAnalysis:
    """Analyse a study's log (see the module docstring), with the action question's summary.

    Args:
        folder: the study folder.
        key: the coordinator's key file (written by ``create_study``);
            needed unless the study predates key files.
        verify: check the signed log first (:func:`ph_assist.study.kits.verify_folder`)
            and refuse a log that fails; ``False`` analyses it anyway (the caller
            has checked, or says that it did not).

    Raises:
        StudyError: one line - a log that fails verification or cannot be
            verified (no ``study.secret``), no key for a study that needs one,
            a key of another study, or nothing to analyse yet.
    """
    unsigned_note = []
    if verify:
        from ph_assist.study.kits import verify_folder

        v = verify_folder(folder)
        if not v.chained:
            unsigned_note = [translate("study", "the log has no signatures (made before PH-Assist signed study logs): "
                                                "edits made outside the app cannot be detected")]
        elif v.first is not None:
            raise StudyError(translate("study", "{folder}: not analysed, the log fails verification: {finding} "
                                                "(see 'ph-assist study verify')").format(folder=v.folder,
                                                                                         finding=v.first.line()))
    study, table, notes, action, n_practice = _table_and_study(folder, key)
    notes = unsigned_note + notes
    result = _analyze(table)
    p = study.protocol
    notes = [translate("study", "scale: {key} ({scale}); {definition}").format(
        key=p.scale, scale=scale_label(p.scale), definition=p.rating_definition)] + notes
    result = dataclasses.replace(result, decision_rule=p.decision_rule, notes=notes + list(result.notes))
    return StudyAnalysis(study, table, result, action, n_practice)


def analyze_study_with_table(folder: str | os.PathLike, key: KeyPath = None, *, verify: bool = True
                             ) -> tuple[Study, ReadTable, StudyResult]:
    """:func:`analyze_study` that also returns the study and the table."""
    a = analyze_study_full(folder, key, verify=verify)
    return a.study, a.table, a.result


def analyze_study(folder: str | os.PathLike, key: KeyPath = None) -> StudyResult:
    """Analyse a study's log: unaided vs aided, every reader and pooled (OR-Hillis etc.)."""
    return analyze_study_full(folder, key).result


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


def analysis_dict(result: StudyResult, *, source: str | os.PathLike | None, study: Study | None = None,
                  action: ActionSummary | None = None) -> dict[str, Any]:
    """JSON-ready analysis: the result's fields plus ``source``, ``study``, its ``protocol``, ``scale``,
    ``rating_definition`` (and ``decision_rule`` from the result) and ``action`` (the action question's
    summary, or None).

    ``source`` (the study folder or the long-CSV file) is recorded as
    :func:`source_ref`, never by its name.
    """
    out: dict[str, Any] = {"source": source_ref(source, study)}
    if study is not None:
        p: StudyProtocol = study.protocol
        out["study"] = {"name": study.name, "study_id": study.study_id, "design": study.design,
                        "seed": study.seed, "washout_days": study.washout_days, "readers": list(study.readers),
                        "n_cases": len(study.cases) - len(p.practice_cases), "created_utc": study.created_utc,
                        "bundle_id": study.bundle_id, "labels_in_study_folder": study.labels_in_folder}
        out["protocol"] = p.to_json()
        out["scale"] = p.scale
        out["rating_definition"] = p.rating_definition
    out.update(result.to_dict())
    if study is not None:
        out["action"] = None if action is None else _action_dict(action)
    return out


def _action_dict(action: ActionSummary) -> dict[str, Any]:
    from ph_assist.study.stats import _jsonable

    return _jsonable(action)


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
    names = {"unaided": translate("study", "without AI"), "aided": translate("study", "with AI")}
    return names.get(str(t).lower()) or translate("study", "treatment {t}").format(t=t)


def _action_lines(action: ActionSummary, L0: str, L1: str) -> list[str]:
    lines = [translate("study", "Action question: {question} (share answered yes)").format(question=action.question)]
    w = max(len(L0), len(L1), 10)
    lines.append(f"{'':<{w}}  {'PH':>16} {'no PH':>16} {'all':>16}")
    for t, name in zip(TREATMENTS, (L0, L1)):
        cells = [f"{_pct(action.by_arm[t][g].estimate)} ({action.by_arm[t][g].successes}/{action.by_arm[t][g].n})"
                 for g in ("PH", "no PH", "all")]
        lines.append(f"{name:<{w}}  " + " ".join(c.rjust(16) for c in cells))
    return lines


def format_summary(result: StudyResult, *, title: str | None = None, study: Study | None = None,
                   action: ActionSummary | None = None) -> str:
    """A readable multi-line summary of an analysis (with ``study``: its scale; with ``action``: the action
    question's answers by arm and truth)."""
    t0, t1 = result.treatments
    L0, L1 = treatment_label(t0), treatment_label(t1)
    lines: list[str] = []
    if title:
        lines += [title, ""]
    lines.append(translate("study", "{readers} reader(s), {cases} case(s) analysed ({ph} PH, {no_ph} no PH)").format(
        readers=len(result.readers), cases=result.n_cases, ph=result.n_diseased, no_ph=result.n_nondiseased)
                 + (translate("study", "; {n} case(s) dropped (not read by everyone in both)").format(
                     n=result.n_cases_dropped) if result.n_cases_dropped else ""))
    if study is not None:
        lines.append(translate("study", "scale: {scale}; AUC from the rating, accuracy/sensitivity/specificity "
                                        "from the decision").format(scale=scale_label(study.protocol.scale)))
    lines.append(translate("study", "comparison: {second} minus {first}; decisions: {rule}").format(
        second=L1, first=L0, rule=result.decision_rule))
    lines.append("")
    T = _summary_words()
    w = max(display_width(t) for t in [T["reader"], T["pooled"], *map(str, result.readers)])
    head = (f"{pad_to_width(T['reader'], w)}  {'':1}{pad_to_width(T['accuracy'], 15, '^')} "
            f"{pad_to_width(T['sensitivity'], 15, '^')} {pad_to_width(T['specificity'], 15, '^')} {'AUC':^13}"
            f"  {T['mcnemar']}")
    lines.append(translate("study", "Per reader: {first} -> {second}").format(first=L0, second=L1))
    lines.append(head)

    def row(name: str, m0, m1, mc) -> str:
        cells = []
        for f in ("accuracy", "sensitivity", "specificity"):
            cells.append(f"{_pct(getattr(m0, f).estimate)}->{_pct(getattr(m1, f).estimate)}".rjust(15))
        cells.append(f"{_num(m0.auc)}->{_num(m1.auc)}".rjust(13))
        mcn = "" if mc is None else translate("study", "{right_to_wrong} right->wrong, {wrong_to_right} wrong->right, "
                                                        "p={p}").format(right_to_wrong=mc.right_to_wrong,
                                                                        wrong_to_right=mc.wrong_to_right,
                                                                        p=_p(mc.p_value))
        return f"{pad_to_width(name, w)}   " + " ".join(cells) + "  " + mcn

    for r in result.readers:
        lines.append(row(str(r), result.per_reader[r][t0], result.per_reader[r][t1], result.mcnemar[r]))
    lines.append(row(T["pooled"], result.pooled[t0], result.pooled[t1], result.mcnemar_pooled))
    lines.append("")

    lines.append(translate("study", "Obuchowski-Rockette-Hillis analysis (jackknife covariances)"))
    cw = max(10, display_width(L0), display_width(L1))
    lines.append(f"{'FOM':<12} {pad_to_width(L0, cw, '>')} {pad_to_width(L1, cw, '>')} "
                 f"{pad_to_width(T['diff'], 8, '>')}  {'95% CI':^19} {'F':>8} {'ddf':>8} {'p':>8}  {T['analysis']}")
    for fom in FOMS:
        res = result.or_hillis.get(fom)
        if res is None:
            lines.append(f"{fom:<12} {T['not_done']}")
            continue
        test = res.rrrc if res.rrrc is not None else res.frrc
        kind = T["rrrc"] if res.rrrc is not None else T["frrc"]
        stat = f"{_num(test.statistic, '.3f')}" if test.statistic_name == "F" else f"chi2={_num(test.statistic, '.3f')}"
        lines.append(
            f"{fom:<12} {_num(res.treatment_means[t0]):>{cw}} {_num(res.treatment_means[t1]):>{cw}} "
            f"{_num(res.difference, '+.3f'):>8}  [{_num(test.ci_lower, '+.3f')}, {_num(test.ci_upper, '+.3f')}] "
            f"{stat:>8} {_num(test.df2, '.2f'):>8} {_p(test.p_value):>8}  {kind}"
        )
    lines.append("")

    lines.append(translate("study", "Change of mind (correct {first} -> correct {second})").format(first=L0, second=L1))
    lines.append(f"{pad_to_width(T['reader'], w)}  " + " ".join(pad_to_width(T[k], 12, ">")
                                                            for k in ("rw", "wr", "rr", "ww")))
    for r in list(result.readers) + ["total"]:
        c = result.change_of_mind_total if r == "total" else result.change_of_mind[r]
        name = T["total"] if r == "total" else str(r)
        lines.append(f"{pad_to_width(name, w)}  {c.right_to_wrong:>12} {c.wrong_to_right:>12} {c.right_to_right:>12} "
                     f"{c.wrong_to_wrong:>12}")
    lines += _agreement_lines(result)
    if action is not None:
        lines.append("")
        lines += _action_lines(action, L0, L1)
    if result.notes:
        lines.append("")
        lines.append(translate("study", "Notes"))
        lines += [f"- {n}" for n in result.notes]
    return "\n".join(lines)


def _summary_words() -> dict[str, str]:
    """The summary tables' words in the interface language."""
    return {
        "reader": translate("study", "reader"),
        "pooled": translate("study", "pooled"),
        "total": translate("study", "total"),
        "accuracy": translate("study", "accuracy"),
        "sensitivity": translate("study", "sensitivity"),
        "specificity": translate("study", "specificity"),
        "mcnemar": translate("study", "McNemar (acc.)"),
        "diff": translate("study", "diff"),
        "analysis": translate("study", "analysis"),
        "not_done": translate("study", "not done (see notes)"),
        "rrrc": translate("study", "random readers & cases"),
        "frrc": translate("study", "fixed readers (1 reader)"),
        "rw": translate("study", "right->wrong"),
        "wr": translate("study", "wrong->right"),
        "rr": translate("study", "right->right"),
        "ww": translate("study", "wrong->wrong"),
    }



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
                   source: str | os.PathLike | None, study: Study | None = None,
                   action: ActionSummary | None = None) -> list[Path]:
    """Write ``analysis.json``, the plots, ``reads_long.csv`` and ``reads.imrmc`` into ``folder``."""
    from ph_assist.study.plots import save_plots

    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise StudyError(translate("errors", "{path}: exists and is not a folder").format(path=out))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    p = out / "analysis.json"
    p.write_text(json.dumps(analysis_dict(result, source=source, study=study, action=action), indent=2) + "\n",
                 encoding="utf-8")
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
                 imrmc: str | os.PathLike | None = None, key: KeyPath = None) -> list[Path]:
    """Export a study's locked reads (practice cases left out) as long CSV and/or iMRMC; returns the files
    written.  ``key``: the coordinator's key file (the exports hold the truth)."""
    if long_csv is None and imrmc is None:
        raise StudyError(translate("errors", "nothing to export: give a long-CSV and/or an iMRMC output file"))
    study, table, *_ = _table_and_study(folder, key)
    written = []
    if long_csv is not None:
        write_long_csv(long_csv, table)
        written.append(Path(long_csv))
    if imrmc is not None:
        trts = tuple(t for t in TREATMENTS if t in set(table.treatment))
        write_imrmc(imrmc, table, treatments=trts, title=f"PH-Assist reader study {study.name}")
        written.append(Path(imrmc))
    return written
