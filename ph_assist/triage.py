"""Batch triage: score every case of a manifest and rank them by fused PH risk.

Cases are read, scored and written one at a time, so memory stays flat
whatever the manifest's length: only the rank key (risk) and a file offset
of each finished row are kept, and the ranked worklist is assembled from a
temporary file at the end.  Bad files do not stop the run: an unreadable
modality is left out (the case is scored on the rest, marked partial, and
the reason listed); a case with nothing usable is listed as not scored, with
its reasons.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ph_assist.assessment import assess
from ph_assist.cases import load_case
from ph_assist.errors import PHAssistError
from ph_assist.io.identity import patient_mismatch
from ph_assist.io.manifest import ManifestRow, iter_manifest
from ph_assist.io.safe_csv import csv_row
from ph_assist.presentation import (
    WORKLIST_COLUMNS,
    WorklistEntry,
    notice_of,
    patient_mismatch_issue,
    worklist_cells,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ph_assist.assessment import Assessment
    from ph_assist.models.bundle import ModelBundle

__all__ = ["WORKLIST_COLUMNS", "ScoredRow", "TriageSummary", "count_rows", "score_manifest", "triage"]

#: progress(done, total_or_None, case_id)
Progress = Callable[[int, "int | None", str], None]


@dataclasses.dataclass
class TriageSummary:
    out: Path
    n_cases: int = 0
    n_scored: int = 0
    n_partial: int = 0
    n_failed: int = 0
    failures: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # first 1000
    seconds: float = 0.0

    @property
    def cases_per_s(self) -> float:
        return self.n_cases / self.seconds if self.seconds > 0 else 0.0


@dataclasses.dataclass(frozen=True, eq=False)
class ScoredRow:
    """One manifest row after scoring: the assessment (``None`` if nothing was usable) and the issues."""

    row: ManifestRow
    assessment: Assessment | None
    issues: tuple[str, ...]
    #: The ECG and the chest X-ray belong to different patients (True), the same one (False) or
    #: it cannot be told (None); see :func:`ph_assist.io.identity.patient_mismatch`.
    patient_mismatch: bool | None = None


def score_manifest(
    manifest: str | os.PathLike,
    bundle: ModelBundle,
    *,
    explain: bool = False,
    guard: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
    cancelled: Callable[[], bool] | None = None,
    data_root: str | os.PathLike | None = None,
) -> Iterator[ScoredRow]:
    """Score a manifest's cases one at a time (the first ``next()`` checks the header).

    Each modality is read on its own: an unreadable file leaves the case
    partial with the reason among the issues.  ``guard()`` wraps every
    assessment (the GUI passes its bundle lock); ``cancelled()`` is checked
    between cases.
    """
    for row in iter_manifest(manifest, data_root=data_root):
        if cancelled and cancelled():
            return
        issues: list[str] = []
        assessment = None
        mismatch = None
        if row.problem:
            issues.append(f"manifest row {row.row_no}: {row.problem}")
        else:
            case = load_case(case_id=row.case_id, ecg_path=row.ecg_path, cxr_path=row.cxr_path,
                             bnp=row.bnp, bnp_unit=row.bnp_unit, bnp_analyte=row.bnp_analyte,
                             fhir_path=row.fhir_path)
            issues.extend(case.problems)
            mismatch = patient_mismatch(case.ecg, case.cxr)
            if mismatch:
                issues.append(patient_mismatch_issue())
            if not case.empty:
                try:
                    with guard():
                        assessment = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs,
                                            explain=explain, case_id=row.case_id)
                except PHAssistError as exc:
                    issues.append(str(exc))
                except MemoryError:  # one case must not stop the batch
                    issues.append("not enough memory to score this case")
                else:
                    issues.extend(assessment.warnings)
        if assessment is None and not issues:
            issues.append("no usable input")
        yield ScoredRow(row=row, assessment=assessment, issues=tuple(issues), patient_mismatch=mismatch)


def count_rows(path: str | os.PathLike) -> int | None:
    try:
        with open(path, "rb") as fh:
            return max(0, sum(1 for line in fh if line.strip()) - 1)
    except OSError:
        return None


def triage(
    manifest: str | os.PathLike,
    bundle: ModelBundle,
    out: str | os.PathLike,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    explain: bool = False,
    data_root: str | os.PathLike | None = None,
) -> TriageSummary:
    """Score every case in ``manifest`` and write the ranked worklist CSV to ``out``.

    The manifest header is checked first (a bad header raises
    :class:`~ph_assist.errors.ManifestError` before anything is written).
    """
    manifest = Path(manifest)
    out = Path(out)
    t0 = time.perf_counter()
    scored_rows = score_manifest(manifest, bundle, explain=explain, cancelled=cancelled, data_root=data_root)
    first = next(scored_rows, None)  # validates the header before anything is written
    total = count_rows(manifest)
    summary = TriageSummary(out=out)
    keys: list[tuple[int, float, int, int]] = []  # (status order, -risk, seq, offset)
    notice = notice_of(bundle)
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as tmp:
        writer = csv.writer(tmp)
        for seq, scored in enumerate(_chain([first] if first is not None else [], scored_rows)):
            summary.n_cases += 1
            a = scored.assessment
            if a is None:
                summary.n_failed += 1
                if len(summary.failures) < 1000:
                    summary.failures.append((scored.row.case_id, "; ".join(scored.issues)))
            else:
                summary.n_scored += 1
                summary.n_partial += int(a.partial)
            entry = WorklistEntry.of(scored.row.case_id, a, scored.issues, notice)
            offset = tmp.tell()
            writer.writerow(csv_row(worklist_cells(entry, None)[1:]))  # the rank comes last; OWASP CSV rule
            keys.append((0 if a is not None else 1, -(a.risk if a else 0.0), seq, offset))
            if progress:
                progress(summary.n_cases, total, scored.row.case_id)

        keys.sort()
        out.parent.mkdir(parents=True, exist_ok=True)
        partial_out = out.with_name(out.name + ".part")
        with open(partial_out, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(WORKLIST_COLUMNS)
            rank = 0
            for status, _, _, offset in keys:
                tmp.seek(offset)
                line = tmp.readline()
                cells = next(csv.reader(io.StringIO(line)))
                rank_text = ""
                if status == 0:
                    rank += 1
                    rank_text = str(rank)
                w.writerow([rank_text, *cells])
        os.replace(partial_out, out)  # never leave a half-written worklist under the real name
    summary.seconds = time.perf_counter() - t0
    return summary


def _chain(first, rest):
    yield from first
    yield from rest
