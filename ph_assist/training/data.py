"""A hospital's files to training arrays: manifest, patient-level splits, preprocessing cache.

:func:`load_cohort` reads a training manifest (``case_id, patient_id, site,
split, label, ecg_path, cxr_path, bnp, bnp_unit``), assigns splits by patient
(no patient in two splits), reads every file through the ordinary readers
(every supported format), preprocesses it with the bundle's settings and
stores the result in an on-disk cache: one ``.npy`` per file and setting,
keyed by the file's path, size, modification time and the preprocessing
configuration.  Only the first run parses files; later runs (a resumed or
repeated training, an evaluation) memory-map the cached arrays.

Parsing runs in a process pool (``workers``) since DICOM decoding and
resampling are CPU-bound.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, cast

import numpy as np

from ph_assist.errors import ManifestError, PHAssistError
from ph_assist.i18n import current_language, set_language, translate
from ph_assist.io.manifest import ManifestRow, iter_manifest
from ph_assist.preprocess.cxr import CXRPreprocessConfig
from ph_assist.preprocess.ecg import ECGPreprocessConfig
from ph_assist.training.cohort import CohortArrays

SPLIT_FRACTIONS = {"train": 0.70, "val": 0.15, "test": 0.15}
CACHE_VERSION = 1


@dataclasses.dataclass(frozen=True)
class CaseRecord:
    """One usable manifest row, after splitting."""

    case_id: str
    patient_id: str
    site: str
    split: str
    label: int
    ecg_path: str | None
    cxr_path: str | None
    bnp_pg_ml: float  # NaN = missing


@dataclasses.dataclass
class LoadedCohort:
    cases: list[CaseRecord]
    arrays: dict[str, CohortArrays]  # split -> arrays
    problems: list[str]  # one line each: rows or files left out and why
    sites: dict[str, np.ndarray]  # split -> site label per case


def _auto_split(patient_id: str, seed: int) -> str:
    """Deterministic split from a hash of the patient ID (so all of a patient's cases agree)."""
    u = zlib.crc32(f"{seed}:{patient_id}".encode()) / 2**32
    acc = 0.0
    for name, frac in SPLIT_FRACTIONS.items():
        acc += frac
        if u < acc:
            return name
    return "test"


def read_training_manifest(path: str | os.PathLike, *, seed: int = 0,
                           analyte: str = "BNP") -> tuple[list[CaseRecord], list[str]]:
    """Validated cases with splits by patient, and the problems of rows left out."""
    from ph_assist.io.labs import parse_labs

    cases: list[CaseRecord] = []
    problems: list[str] = []
    patient_split: dict[str, str] = {}
    rows: list[ManifestRow] = list(iter_manifest(path, require_label=True))
    for row in rows:
        if row.problem:
            problems.append(translate("errors", "{path}: row {row}: {problem}").format(
                path=path, row=row.row_no, problem=row.problem))
            continue
        pid = row.patient_id or row.case_id
        if row.split:
            prev = patient_split.setdefault(pid, row.split)
            if prev != row.split:
                raise ManifestError(path, translate("errors", "row {row}: patient {patient!r} is in both {split_a} "
                                                              "and {split_b}; splits must be by patient").format(
                    row=row.row_no, patient=pid, split_a=prev, split_b=row.split))
    for row in rows:
        if row.problem:
            continue
        pid = row.patient_id or row.case_id
        split = row.split or patient_split.get(pid) or _auto_split(pid, seed)
        patient_split[pid] = split
        bnp = float("nan")
        if row.bnp:
            try:
                labs = parse_labs(row.bnp, row.bnp_unit, row.bnp_analyte)
                if labs.analyte != analyte:
                    problems.append(translate("errors", "{path}: row {row}: {analyte} value left out (training uses "
                                                        "{expected})").format(
                        path=path, row=row.row_no, analyte=labs.analyte, expected=analyte))
                else:
                    bnp = labs.value_pg_ml
            except PHAssistError as exc:
                problems.append(translate("errors", "{path}: row {row}: {problem}").format(
                    path=path, row=row.row_no, problem=exc))
        cases.append(CaseRecord(
            case_id=row.case_id, patient_id=pid, site=row.site or "", split=split,
            label=int(cast(int, row.label)),  # require_label=True: a row without a problem has one
            ecg_path=str(row.ecg_path) if row.ecg_path else None,
            cxr_path=str(row.cxr_path) if row.cxr_path else None, bnp_pg_ml=bnp,
        ))
    if not cases:
        raise ManifestError(path, translate("errors", "no usable case"))
    return cases, problems


def _cache_key(path: str, kind: str, config: dict[str, Any]) -> str:
    st = os.stat(path)
    text = json.dumps([CACHE_VERSION, kind, os.path.abspath(path), st.st_size, st.st_mtime_ns, config],
                      sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _prepare_one(task: tuple[str, str, dict[str, Any], str]) -> tuple[str, str | None]:
    """Worker: read + preprocess one file into the cache.  Returns (path, problem)."""
    kind, path, config, cache_file = task
    if os.path.exists(cache_file):
        return path, None
    try:
        if kind == "ecg":
            from ph_assist.io import read_ecg
            from ph_assist.preprocess.ecg import preprocess_ecg

            x = preprocess_ecg(read_ecg(path), ECGPreprocessConfig.from_dict(config)).x
        else:
            from ph_assist.io import read_cxr
            from ph_assist.preprocess.cxr import preprocess_cxr

            x = preprocess_cxr(read_cxr(path), CXRPreprocessConfig.from_dict(config)).x
        tmp = f"{cache_file}.{os.getpid()}.tmp.npy"
        try:
            np.save(tmp, np.asarray(x, dtype=np.float16))
            os.replace(tmp, cache_file)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except PHAssistError as exc:
        return path, str(exc)
    except MemoryError:  # one huge file is that row's problem, not the end of the run
        return path, translate("errors", "{path}: not enough memory to read and preprocess it (MemoryError)").format(
            path=path)
    except OSError as exc:  # e.g. the cache's disk is full
        return path, translate("errors", "{path}: cannot be read or cached ({reason})").format(
            path=path, reason=exc.strerror or type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a bad file must not stop a training run
        return path, f"{path}: {type(exc).__name__}: {exc}"
    return path, None


def build_cache(
    cases: Sequence[CaseRecord],
    cache_dir: str | os.PathLike,
    ecg_cfg: ECGPreprocessConfig,
    cxr_cfg: CXRPreprocessConfig,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[tuple[str, str], Path], list[str]]:
    """Preprocess every file once into ``cache_dir``; returns {(kind, path): cache file} and problems."""
    cache = Path(cache_dir)
    (cache / "ecg").mkdir(parents=True, exist_ok=True)
    (cache / "cxr").mkdir(parents=True, exist_ok=True)
    tasks, files, problems = [], {}, []
    configs = {"ecg": ecg_cfg.to_dict(), "cxr": cxr_cfg.to_dict()}
    for c in cases:
        for kind, path in (("ecg", c.ecg_path), ("cxr", c.cxr_path)):
            if not path or (kind, path) in files:
                continue
            try:
                key = _cache_key(path, kind, configs[kind])
            except OSError as exc:
                problems.append(translate("errors", "{path}: cannot be read ({reason})").format(
                    path=path, reason=exc.strerror or exc))
                continue
            target = cache / kind / f"{key}.npy"
            files[(kind, path)] = target
            tasks.append((kind, path, configs[kind], str(target)))
    done = 0
    failed: set[tuple[str, str]] = set()

    def handle(kind_path: tuple[str, str], result: tuple[str, str | None]) -> None:
        nonlocal done
        done += 1
        if result[1]:
            problems.append(result[1])
            failed.add(kind_path)
        if progress:
            progress(done, len(tasks))

    if workers > 1 and len(tasks) > 1:
        import multiprocessing as mp

        # a spawned worker starts in the default language: give it this one (its problems are shown)
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                 initializer=set_language, initargs=(current_language(),)) as pool:
            for task, result in zip(tasks, pool.map(_prepare_one, tasks, chunksize=8)):
                handle((task[0], task[1]), result)
    else:
        for task in tasks:
            handle((task[0], task[1]), _prepare_one(task))
    return {k: v for k, v in files.items() if k not in failed}, problems


def file_fingerprint(path: str | os.PathLike) -> str:
    """SHA-256 of a source file's bytes; for a WFDB header also of its signal
    files (same stem, ``.dat``/``.mat``), so a case is the same case whatever
    its name or ID."""
    p = Path(path)
    parts = [p]
    if p.suffix.lower() == ".hea":
        parts += sorted(q for q in p.parent.glob(p.stem + ".*") if q.suffix.lower() in (".dat", ".mat"))
    h = hashlib.sha256()
    for q in parts:
        with open(q, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def _fingerprint_or_none(path: str | None) -> str | None:
    if not path:
        return None
    try:
        return file_fingerprint(path)
    except OSError:
        return None


def cohort_arrays(cases: Sequence[CaseRecord], files: dict[tuple[str, str], Path], analyte: str) -> CohortArrays:
    """Stack cached arrays of ``cases`` (memory-mapped reads) into a :class:`CohortArrays`."""
    ecg = [np.load(files[("ecg", c.ecg_path)], mmap_mode="r") if c.ecg_path and ("ecg", c.ecg_path) in files
           else None for c in cases]
    cxr = [np.load(files[("cxr", c.cxr_path)], mmap_mode="r") if c.cxr_path and ("cxr", c.cxr_path) in files
           else None for c in cases]
    return CohortArrays(
        ecg=ecg if any(e is not None for e in ecg) else None,
        cxr=cxr if any(x is not None for x in cxr) else None,
        bnp=np.array([c.bnp_pg_ml for c in cases], dtype=np.float64),
        y=np.array([c.label for c in cases]),
        analyte=analyte,
        case_ids=[c.case_id for c in cases],
        fingerprints=[(_fingerprint_or_none(c.ecg_path) if ("ecg", c.ecg_path) in files else None,
                       _fingerprint_or_none(c.cxr_path) if ("cxr", c.cxr_path) in files else None)
                      for c in cases],
    )


def load_cohort(
    manifest: str | os.PathLike,
    cache_dir: str | os.PathLike,
    ecg_cfg: ECGPreprocessConfig,
    cxr_cfg: CXRPreprocessConfig,
    *,
    analyte: str = "BNP",
    seed: int = 0,
    workers: int = 1,
    splits: Sequence[str] = ("train", "val", "test"),
    progress: Callable[[int, int], None] | None = None,
) -> LoadedCohort:
    """Everything :func:`fit_bundle` and the evaluation need, per split."""
    cases, problems = read_training_manifest(manifest, seed=seed, analyte=analyte)
    cases = [c for c in cases if c.split in splits]
    files, file_problems = build_cache(cases, cache_dir, ecg_cfg, cxr_cfg, workers=workers, progress=progress)
    problems += file_problems
    arrays, sites = {}, {}
    for split in splits:
        chosen = [c for c in cases if c.split == split]
        if chosen:
            arrays[split] = cohort_arrays(chosen, files, analyte)
            sites[split] = np.array([c.site for c in chosen])
    return LoadedCohort(cases=cases, arrays=arrays, problems=problems, sites=sites)
