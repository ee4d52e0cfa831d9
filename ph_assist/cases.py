"""A case: the ECG, chest X-ray and BNP of one patient, read from files.

:func:`load_case` reads each modality independently: an unreadable file
leaves that modality out and records the reason (one line naming the file),
so a batch job can still score the case on what remains, marked partial.
"""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from ph_assist.errors import PHAssistError

if TYPE_CHECKING:
    from ph_assist.io.cxr import CXR
    from ph_assist.io.ecg import ECG
    from ph_assist.io.labs import Labs


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
) -> Case:
    """Read whatever of the three inputs is given.

    With ``strict`` the first problem is raised (the CLI's single-case path);
    otherwise problems are collected in ``Case.problems``.
    """
    from ph_assist.io import read_cxr, read_ecg
    from ph_assist.io.labs import parse_labs

    problems: list[str] = []
    ecg = cxr = labs = None

    def attempt(fn):
        try:
            return fn()
        except PHAssistError as exc:
            if strict:
                raise
            problems.append(str(exc))
            return None

    if ecg_path:
        ecg = attempt(lambda: read_ecg(ecg_path, fs=ecg_fs))
    if cxr_path:
        cxr = attempt(lambda: read_cxr(cxr_path))
    if bnp not in (None, ""):
        labs = attempt(lambda: parse_labs(bnp, bnp_unit, bnp_analyte))
    return Case(case_id=case_id, ecg=ecg, cxr=cxr, labs=labs, problems=tuple(problems))
