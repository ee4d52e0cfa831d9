"""A worklist from the PACS: the day's chest radiographs, each with the same patient's nearest ECG.

:func:`pacs_worklist` finds the radiograph studies (CR, DX) of a date range,
keeps each patient's most recent one, looks for that patient's ECG study
nearest in date (within ``ecg_days``), retrieves each pair into its own case
folder and writes a case manifest (``manifest.csv``: ``case_id, ecg_path,
cxr_path, bnp, bnp_unit``) that ``ph-assist triage`` and the app's worklist
score and rank.  Patient IDs group the studies in memory only: case IDs are
sequence numbers (``pacs-001``), folder and file names hold no identifier,
and nothing is logged.  The BNP comes from the laboratory's FHIR export when
one is given (``labs_file``: a Bundle of the day's BNP / NT-proBNP
Observations of many patients, matched by the patient identifier in memory;
each matched case gets its own ``labs.json`` without the subject, named in the
manifest's ``fhir_path`` column and read with every rule of a typed value);
otherwise it is left empty and the case is scored partial until a value is
typed in review.  Qt-free.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ph_assist.errors import PACSError
from ph_assist.i18n import translate
from ph_assist.pacs.config import Connection
from ph_assist.pacs.query import Query, Study

if TYPE_CHECKING:
    from ph_assist.pacs import Backend

__all__ = ["WorklistBuild", "pacs_worklist"]


@dataclasses.dataclass(frozen=True)
class WorklistBuild:
    """What :func:`pacs_worklist` wrote."""

    manifest: Path
    n_cases: int  # cases in the manifest (radiograph + ECG retrieved)
    n_radiographs: int  # patients with a radiograph in the date range
    n_without_ecg: int  # of those, how many had no ECG within ecg_days
    problems: tuple[str, ...] = ()  # one line per case that could not be retrieved
    cancelled: bool = False
    n_with_labs: int = 0  # cases given a BNP / NT-proBNP from labs_file


def _backend(conn: Connection) -> Backend:
    from ph_assist.pacs import _backend as backend

    return backend(conn)


def pacs_worklist(conn: Connection, folder: str | os.PathLike, *, date_from: dt.date | str | None = None,
                  date_to: dt.date | str | None = None, ecg_days: int = 30, max_cases: int = 100,
                  on_case: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  labs_file: str | os.PathLike | None = None, labs_days: int = 30) -> WorklistBuild:
    """Retrieve the day's radiographs with a matching ECG into case folders and write their manifest.

    Parameters
    ----------
    conn : Connection
    folder : path-like
        Receives ``case_001/``, ``case_002/``, ... and ``manifest.csv``.
    date_from, date_to : date or str, optional
        The radiographs' study dates (default: today).
    ecg_days : int
        The ECG study may be at most this many days before or after the radiograph.
    max_cases : int
        Refuse a date range holding more patients than this.
    on_case : callable, optional
        ``on_case(done, total)`` after each case.
    cancelled : callable, optional
        Polled between cases; the manifest then lists the cases retrieved so far.
    labs_file : path-like, optional
        The laboratory's FHIR Bundle of BNP / NT-proBNP results of many
        patients (:func:`ph_assist.io.fhir.observations_by_patient`); read
        before anything is retrieved, so a bad file costs nothing.
    labs_days : int
        A result counts only if its day is at most this many days from the
        radiograph's study date; results without a full date, or for a
        radiograph without a study date, are not used (the case is then
        scored partial rather than with an old or undated BNP).

    Returns
    -------
    WorklistBuild

    Raises
    ------
    PACSError
        The searches failed (a case whose retrieval fails is listed in ``problems`` instead).
    """
    from ph_assist import pacs
    from ph_assist.io.fhir import observations_by_patient, write_patient_labs

    labs = observations_by_patient(labs_file) if labs_file else {}
    today = dt.date.today()
    query = Query(date_from=date_from or today, date_to=date_to or date_from or today, modalities=("CR", "DX"))
    backend = _backend(conn)
    latest: dict[str, Study] = {}
    for study, patient in backend.find_studies_by_patient(conn, query):
        if patient:  # oldest first: the last one kept is the most recent
            latest[patient] = study
    if len(latest) > max_cases:
        raise PACSError(conn.describe(), translate("errors", "{n} patients have a radiograph in that range, more "
                                                             "than {max_cases}; narrow the dates").format(
            n=len(latest), max_cases=max_cases))
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    without_ecg = 0
    stop = cancelled or (lambda: False)
    for done, (patient, cxr_study) in enumerate(latest.items(), start=1):
        if stop():
            break
        ecg_study = _nearest_ecg(conn, backend, patient, cxr_study.date, ecg_days)
        if ecg_study is None:
            without_ecg += 1
        else:
            case_id = f"pacs-{len(rows) + 1:03d}"
            case = root / f"case_{len(rows) + 1:03d}"
            try:
                files = pacs.get(conn, [cxr_study.study_uid, ecg_study.study_uid], case, cancelled=stop)
            except PACSError as exc:
                problems.append(f"{case_id}: {exc.problem}")
            else:
                paths = {f.kind: f.path.relative_to(root).as_posix() for f in files}
                if "cxr" in paths and "ecg" in paths:
                    fhir_path = ""
                    recent = _recent(labs.get(patient, []), cxr_study.date, labs_days)
                    if recent:
                        fhir_path = write_patient_labs(recent, case / "labs.json").relative_to(root).as_posix()
                    rows.append({"case_id": case_id, "ecg_path": paths["ecg"], "cxr_path": paths["cxr"],
                                 "bnp": "", "bnp_unit": "pg/mL", "fhir_path": fhir_path})
                else:
                    if "cxr" in paths:
                        problem = translate("errors", "{case_id}: the PACS sent no ECG")
                    else:
                        problem = translate("errors", "{case_id}: the PACS sent no radiograph")
                    problems.append(problem.format(case_id=case_id))
        if on_case is not None:
            on_case(done, len(latest))
    manifest = root / "manifest.csv"
    with open(manifest, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["case_id", "ecg_path", "cxr_path", "bnp", "bnp_unit", "fhir_path"])
        writer.writeheader()
        writer.writerows(rows)
    return WorklistBuild(manifest=manifest, n_cases=len(rows), n_radiographs=len(latest), n_without_ecg=without_ecg,
                         problems=tuple(problems), cancelled=stop(),
                         n_with_labs=sum(1 for r in rows if r["fhir_path"]))


def _nearest_ecg(conn: Connection, backend: Backend, patient: str, day: dt.date | None,
                 ecg_days: int) -> Study | None:
    window = dt.timedelta(days=max(0, int(ecg_days)))
    query = Query(patient_id=patient, modalities=("ECG",), date_from=day - window if day else None,
                  date_to=day + window if day else None)
    studies = [s for s, p in backend.find_studies_by_patient(conn, query) if p == patient or not p]
    if not studies:
        return None
    if day is None:
        return studies[-1]
    return min(studies, key=lambda s: (abs((s.date - day).days) if s.date else 10**6, s.study_uid))


def _recent(observations: list[dict], day: dt.date | None, days: int) -> list[dict]:
    """The observations dated within ``days`` of ``day`` (none without a day on either side)."""
    from ph_assist.io.fhir import observation_date

    if day is None:
        return []
    window = max(0, int(days))
    return [o for o in observations
            if (d := observation_date(o)) is not None and abs((d - day).days) <= window]
