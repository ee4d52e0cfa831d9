"""A case: the ECG, chest X-ray and BNP of one patient, read from files.

:func:`load_case` reads each modality independently: an unreadable file
leaves that modality out and records the reason (one line naming the file),
so a batch job can still score the case on what remains, marked partial.
:func:`folder_case_files` finds the ECG and the chest X-ray in a case's
folder by their content (:func:`route_files` sorts any list of files).
:data:`MODALITIES` is the one definition of the three inputs and their order.

Qt-free: the desktop app's workers call these functions in a thread.
"""

from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ph_assist.errors import InputError, PHAssistError
from ph_assist.i18n import translate

if TYPE_CHECKING:
    from ph_assist.io.cxr import CXR
    from ph_assist.io.ecg import ECG
    from ph_assist.io.labs import Labs


#: The three inputs of a case, in the order every array, table and bundle uses.
#: The single definition: the models, the assessment and the GUI import it.
MODALITIES: tuple[str, ...] = ("ecg", "cxr", "bnp")
#: How each input is named in messages ("missing: chest X-ray").
MODALITY_NAMES: dict[str, str] = {"ecg": "ECG", "cxr": "chest X-ray", "bnp": "BNP"}

#: Longest case ID (characters).
MAX_CASE_ID = 64
#: Letters and digits of any script, space and ``_ - . + @ = # : ( )``.  No
#: slash, backslash, quote, comma, semicolon or control character: an ID is
#: used in file names, CSV cells and reports.
_CASE_ID_RE = re.compile(r"^[\w .+@=#:()\-]+$")


def normalize_case_id(text: object) -> str:
    """A case ID as stored: Unicode NFC, trimmed, inner whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def case_id_key(text: object) -> str:
    """The key two case IDs collide on: normalised and case-folded ("A  B" == "a b")."""
    return normalize_case_id(text).casefold()


def case_id_problem(text: object) -> str | None:
    """Why ``text`` is not a usable case ID, or ``None`` when it is."""
    cid = normalize_case_id(text)
    if not cid:
        return translate("errors", "case_id is empty")
    if len(cid) > MAX_CASE_ID:
        return translate("errors", "case_id is {n} characters long; at most {limit} are allowed").format(
            n=len(cid), limit=MAX_CASE_ID)
    if not _CASE_ID_RE.match(cid) or cid.strip(".") == "" or cid.startswith("."):
        bad = sorted({c for c in cid if not re.match(r"[\w .+@=#:()\-]", c)})
        shown = " ".join(repr(c) for c in bad[:5]) or translate("errors", "a leading dot")
        return translate("errors", "case_id {case_id!r} contains {shown}; allowed are letters, digits, "
                                   "spaces and _ - . + @ = # : ( )").format(case_id=cid[:40], shown=shown)
    return None


def validate_case_id(text: object) -> str:
    """The normalised case ID, or :class:`~ph_assist.errors.InputError` with one line."""
    problem = case_id_problem(text)
    if problem:
        raise InputError(None, problem)
    return normalize_case_id(text)


def safe_file_stem(case_id: str | None) -> str:
    """A file-name stem for outputs of one case that never leaves its folder."""
    if not case_id or case_id_problem(case_id):
        return "case"
    return re.sub(r"[^\w.+@=#()\-]", "_", normalize_case_id(case_id)).lstrip(".") or "case"


@dataclasses.dataclass(frozen=True, eq=False)
class Case:
    case_id: str | None
    ecg: ECG | None = None
    cxr: CXR | None = None
    labs: Labs | None = None
    problems: tuple[str, ...] = ()  # one line each: what could not be read and why

    @property
    def empty(self) -> bool:
        return self.ecg is None and self.cxr is None and self.labs is None


def load_case(
    *,
    case_id: str | None = None,
    ecg_path: str | os.PathLike | None = None,
    cxr_path: str | os.PathLike | None = None,
    bnp: object = None,
    bnp_unit: str = "pg/mL",
    bnp_analyte: str = "BNP",
    ecg_fs: float | None = None,
    strict: bool = False,
    fhir_path: str | os.PathLike | None = None,
) -> Case:
    """Read whatever of the three inputs is given.

    The BNP is either typed (``bnp``, ``bnp_unit``, ``bnp_analyte``) or read
    from a FHIR Observation / Bundle file (``fhir_path``,
    :func:`ph_assist.io.fhir.read_fhir_labs`), never both.  With ``strict``
    the first problem is raised (the CLI's single-case path); otherwise
    problems are collected in ``Case.problems``.
    """
    from ph_assist.io import read_cxr, read_ecg
    from ph_assist.io.labs import parse_labs

    problems: list[str] = []
    ecg = cxr = labs = None

    def attempt(what: str, fn):
        try:
            return fn()
        except PHAssistError as exc:
            if strict:
                raise
            # Name the modality, not the file: file names carry identifiers
            # and these lines reach worklists.
            problems.append(translate("errors", "{what}: {problem}").format(what=what, problem=exc.problem)
                            if isinstance(exc, InputError) else str(exc))
            return None
        except MemoryError:
            # One huge file must not stop a batch: that modality is left out.
            memory = translate("errors", "{what}: not enough memory to read this file").format(what=what)
            if strict:
                raise InputError(None, memory) from None
            problems.append(memory)
            return None

    if ecg_path:
        ecg = attempt(translate("errors", "ECG file"), lambda: read_ecg(ecg_path, fs=ecg_fs))
    if cxr_path:
        cxr = attempt(translate("errors", "chest X-ray file"), lambda: read_cxr(cxr_path))
    if fhir_path and bnp not in (None, ""):
        labs = attempt("BNP", lambda: _both_bnp())
    elif fhir_path:
        from ph_assist.io.fhir import read_fhir_labs

        labs = attempt(translate("errors", "BNP FHIR file"), lambda: read_fhir_labs(fhir_path))
    elif bnp not in (None, ""):
        labs = attempt("BNP", lambda: parse_labs(bnp, bnp_unit, bnp_analyte))
    return Case(case_id=case_id, ecg=ecg, cxr=cxr, labs=labs, problems=tuple(problems))


def _both_bnp() -> None:
    raise InputError(None, translate("errors", "both a typed BNP value and a FHIR file were given; use one"))


# ---------------------------------------------------------------- a case folder
def record_header(path: str | os.PathLike) -> Path:
    """A WFDB record's signal file (``.dat`` / ``.mat`` beside a ``.hea``) as its header; other paths as given."""
    p = Path(path)
    if p.suffix.lower() in (".dat", ".mat") and p.with_suffix(".hea").exists():
        return p.with_suffix(".hea")
    return p


def route_files(paths: Iterable[str | os.PathLike]) -> tuple[list[tuple[Path, str]], list[str]]:
    """Which of ``paths`` are ECGs and which chest X-rays (by :func:`ph_assist.io.detect.detect`).

    Parameters
    ----------
    paths : iterable of path-like
        Files to classify, by their content (not their names).

    Returns
    -------
    routed : list of (Path, str)
        Each readable file with its kind, ``"ecg"`` or ``"cxr"``; a WFDB
        record's header and signal files count once (as the header).
    problems : list of str
        One line for each file that is neither, naming the file.
    """
    from ph_assist.io.detect import detect

    routed: list[tuple[Path, str]] = []
    problems: list[str] = []
    seen: set[Path] = set()
    for raw in paths:
        p = record_header(raw)
        if p in seen:
            continue
        seen.add(p)
        try:
            routed.append((p, detect(p).kind))
        except PHAssistError as exc:
            problems.append(str(exc))
    return routed, problems


def _plausible_ecg(p: Path) -> bool:
    """A text file counts as a CSV ECG only if its header names ECG leads (a README.txt does not)."""
    if p.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return True
    from ph_assist.io.leads import normalize_lead_name

    try:
        with open(p, encoding="utf-8-sig", errors="replace") as fh:
            header = fh.readline(4096)
    except OSError:
        return False
    cells = [c.strip() for c in header.replace(";", ",").replace("\t", ",").split(",")]
    return sum(normalize_lead_name(c) is not None for c in cells) >= 2


def folder_case_files(folder: str | os.PathLike) -> tuple[Path | None, Path | None]:
    """The ECG and the chest X-ray of a case folder, picked by content (not by name).

    Parameters
    ----------
    folder : path-like
        A folder holding one case's files; hidden files are skipped, and
        files that are neither an ECG nor a chest X-ray (notes, a labs CSV
        without lead columns) are ignored.

    Returns
    -------
    ecg, cxr : Path or None
        The ECG (a WFDB record as its ``.hea``) and the chest X-ray; at least
        one is not ``None``.  The BNP is not a file of the folder: it is
        typed in.

    Raises
    ------
    InputError
        One line naming the folder: not a folder, cannot be listed, holds
        two or more ECGs or chest X-rays, or holds neither.
    """
    root = Path(folder)
    if not root.is_dir():
        raise InputError(root, translate("errors", "is not a folder"))
    try:
        entries = sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError as exc:
        raise InputError(root, translate("errors", "cannot be listed ({reason})").format(
            reason=exc.strerror or exc)) from None
    routed, _problems = route_files(entries)  # other files in the folder are not errors
    ecgs = [p for p, k in routed if k == "ecg" and _plausible_ecg(p)]
    cxrs = [p for p, k in routed if k == "cxr"]
    for what, found in ((translate("errors", "ECG"), ecgs), (translate("errors", "chest X-ray"), cxrs)):
        if len(found) > 1:
            names = ", ".join(p.name for p in found[:3]) + (", …" if len(found) > 3 else "")
            raise InputError(root, translate(
                "errors", "holds {n} {what} files ({names}); open the case's files one by one").format(
                n=len(found), what=what, names=names))
    if not ecgs and not cxrs:
        raise InputError(root, translate("errors", "holds no ECG or chest X-ray file PH-Assist reads"))
    return (ecgs[0] if ecgs else None), (cxrs[0] if cxrs else None)
