"""Case manifests: a CSV listing cases and their files, read as a stream.

Columns (header names, any order, case-insensitive): ``case_id`` (required),
``ecg_path``, ``cxr_path``, ``bnp``, ``bnp_unit`` (optional: a case may lack
any modality), and for training / studies ``label`` (1 = PH, 0 = no PH),
``patient_id``, ``site``, ``split``.  Paths are relative to the manifest's
folder (or to an explicit ``data_root``) and must stay inside it: an
absolute path, ``..`` or a symbolic link that leads out of that folder, a
device file or a FIFO is refused for that row.  Optional ``bnp_analyte`` (BNP
or NT-proBNP; default BNP).  Optional ``fhir_path``: the BNP or NT-proBNP as a
FHIR Observation / Bundle file of the laboratory system
(:func:`ph_assist.io.fhir.read_fhir_labs`), under the same path rules; a row
gives ``bnp`` or ``fhir_path``, not both.

Case IDs are validated (:func:`ph_assist.cases.case_id_problem`: allowed
characters, at most 64) and normalised (inner whitespace collapsed); two IDs
that are equal after normalisation and case folding ("A  B", "a b") are
refused as duplicates.

:func:`iter_manifest` yields one :class:`ManifestRow` at a time, so a
worklist of any length is read with flat memory.  A problem with the header
raises :class:`~ph_assist.errors.ManifestError`; a problem with one row is
attached to that row (``row.problem``) so batch jobs can carry on.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from ph_assist.errors import ManifestError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

REQUIRED = ("case_id",)
KNOWN = ("case_id", "patient_id", "site", "split", "label", "ecg_path", "cxr_path", "bnp", "bnp_unit",
         "bnp_analyte", "fhir_path")
SPLITS = ("train", "val", "test", "")
#: The problem of a row that names no input at all (translate it where shown or compared).
NO_INPUTS = QT_TRANSLATE_NOOP("errors", "no ECG, chest X-ray or BNP given")


@dataclasses.dataclass(frozen=True)
class ManifestRow:
    row_no: int  # line number in the CSV (header = 1)
    case_id: str
    ecg_path: Path | None = None
    cxr_path: Path | None = None
    bnp: str | None = None
    bnp_unit: str = "pg/mL"
    bnp_unit_given: bool = False  # False: the default pg/mL was assumed
    bnp_analyte: str = "BNP"
    fhir_path: Path | None = None  # BNP / NT-proBNP from a FHIR Observation or Bundle
    label: int | None = None
    patient_id: str | None = None
    site: str | None = None
    split: str = ""
    problem: str | None = None  # why this row cannot be used (None = fine)

    @property
    def has_input(self) -> bool:
        return bool(self.ecg_path or self.cxr_path or self.bnp or self.fhir_path)


def _resolve(base: Path, value: str) -> Path | None:
    value = value.strip()
    if not value:
        return None
    p = Path(value)
    return p if p.is_absolute() else base / p


def path_problem(root: Path, column: str, value: str) -> str | None:
    """Why the manifest's ``value`` in ``column`` may not be read, or ``None``.

    The path, symbolic links followed, must lie inside ``root``; an existing
    path must be a regular file (or a folder, for WFDB record names).
    """
    if "\x00" in value:
        return translate("errors", "{column} contains a NUL character").format(column=column)
    target = _resolve(root, value)
    if target is None:
        return None
    try:
        real_root = root.resolve()
        real = target.resolve()
    except (OSError, RuntimeError) as exc:  # symlink loop, name too long
        return translate("errors", "{column} cannot be resolved ({reason})").format(
            column=column, reason=getattr(exc, "strerror", None) or exc)
    if not real.is_relative_to(real_root):
        return translate("errors", "{column} leads outside the manifest's folder; files must lie inside it "
                                   "(or inside the folder given as --data-root)").format(column=column)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return None  # missing files are reported by the reader (WFDB names a record, not a file)
    except OSError as exc:
        return translate("errors", "{column} cannot be read ({reason})").format(column=column,
                                                                             reason=exc.strerror or exc)
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return translate("errors", "{column} is a device, FIFO or socket, not a file").format(column=column)
    return None


def _open(path: Path):
    try:
        return open(path, newline="", encoding="utf-8-sig")
    except FileNotFoundError:
        raise ManifestError(path, translate("errors", "file not found")) from None
    except IsADirectoryError:
        raise ManifestError(path, translate("errors", "is a folder, not a CSV manifest")) from None
    except OSError as exc:
        raise ManifestError(path, translate("errors", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None


def _delimiter(fh) -> str:
    """Comma, or semicolon / tab when the header uses those (spreadsheet exports)."""
    pos = fh.tell()
    header = fh.readline()
    fh.seek(pos)
    if "," in header:
        return ","
    return next((d for d in (";", "\t") if d in header), ",")


def iter_manifest(path: str | os.PathLike, *, require_label: bool = False,
                  required: tuple[str, ...] = (),
                  data_root: str | os.PathLike | None = None) -> Iterator[ManifestRow]:
    """Yield the manifest's rows; see the module docstring.  ``required`` names
    columns that must be present besides ``case_id`` (and ``label``);
    ``data_root`` is the folder paths are relative to and must stay inside
    (default: the manifest's folder)."""
    from ph_assist.cases import case_id_key, case_id_problem, normalize_case_id

    p = Path(path)
    base = Path(data_root) if data_root is not None else p.parent
    if data_root is not None and not base.is_dir():
        raise ManifestError(base, translate("errors", "--data-root is not a folder"))
    if p.exists() and not p.is_dir() and not p.is_file():
        raise ManifestError(p, translate("errors", "is a device, FIFO or socket, not a CSV manifest"))
    with _open(p) as fh:
        try:
            delimiter = _delimiter(fh)
        except UnicodeDecodeError:
            raise ManifestError(p, translate("errors", "not a UTF-8 text file")) from None
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ManifestError(p, translate("errors", "not a readable CSV ({detail})").format(detail=exc)) from None
        if not header:
            raise ManifestError(p, translate("errors", "the manifest is empty (no header row)"))
        columns = [h.strip().lower() for h in header]
        wanted = REQUIRED + (("label",) if require_label else ()) + tuple(required)
        missing = [c for c in dict.fromkeys(wanted) if c not in columns]
        if missing:
            raise ManifestError(p, translate("errors", "missing column(s) {missing}; found {found}").format(
                missing=", ".join(missing), found=", ".join(columns)))
        if not any(c in columns for c in ("ecg_path", "cxr_path", "bnp", "fhir_path")):
            raise ManifestError(p, translate(
                "errors", "no input column: need at least one of ecg_path, cxr_path, bnp, fhir_path"))
        index = {c: columns.index(c) for c in KNOWN if c in columns}
        seen: dict[str, int] = {}
        row_no = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise ManifestError(p, translate("errors", "row {row}: not readable CSV ({detail})").format(
                    row=row_no + 1, detail=exc)) from None
            row_no += 1
            if not cells or all(not c.strip() for c in cells):
                continue

            def get(name: str, cells: list[str] = cells) -> str:
                j = index.get(name)
                return cells[j].strip() if j is not None and j < len(cells) else ""

            case_id = normalize_case_id(get("case_id"))
            problem = case_id_problem(case_id)
            key = case_id_key(case_id)
            if problem is None and key in seen:
                problem = translate("errors", "duplicate case_id {case_id!r} (first on row {first}; IDs that differ "
                                              "only in spaces or letter case are the same case)").format(
                    case_id=case_id, first=seen[key])
            if problem is None:
                seen.setdefault(key, row_no)
            label: int | None = None
            raw_label = get("label")
            if raw_label:
                if raw_label in ("0", "1", "0.0", "1.0"):
                    label = int(float(raw_label))
                else:
                    problem = problem or translate(
                        "errors", "label {label!r} of case {case_id!r} must be 0 (no PH) or 1 (PH)").format(
                        label=raw_label, case_id=case_id)
            elif require_label:
                problem = problem or translate("errors", "label is empty")
            split = get("split").lower()
            if split not in SPLITS:
                problem = problem or translate("errors", "split {split!r} is not train, val, test or empty").format(
                    split=split)
            for column in ("ecg_path", "cxr_path", "fhir_path"):
                problem = problem or path_problem(base, column, get(column))
            if get("bnp") and get("fhir_path"):
                problem = problem or translate("errors", "both bnp and fhir_path are given; a case has one BNP source")
            row = ManifestRow(
                row_no=row_no,
                case_id=case_id if case_id and not case_id_problem(case_id) else f"row{row_no}",
                ecg_path=_resolve(base, get("ecg_path")),
                cxr_path=_resolve(base, get("cxr_path")),
                bnp=get("bnp") or None,
                bnp_unit=get("bnp_unit") or "pg/mL",
                bnp_unit_given=bool(get("bnp_unit")),
                bnp_analyte=get("bnp_analyte") or "BNP",
                fhir_path=_resolve(base, get("fhir_path")),
                label=label,
                patient_id=get("patient_id") or None,
                site=get("site") or None,
                split=split,
                problem=problem,
            )
            if problem is None and not row.has_input:
                row = dataclasses.replace(row, problem=translate("errors", NO_INPUTS))
            yield row
