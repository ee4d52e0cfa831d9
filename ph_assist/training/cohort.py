"""In-memory training data: preprocessed arrays per case, any modality may be missing."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ph_assist.models.bnp import normalize_analyte

__all__ = ["CohortArrays"]


def _stack(values: Any, n: int, shape_tail: tuple[int, ...] | None, what: str) -> tuple[np.ndarray | None, np.ndarray]:
    """An ``(n, ...)`` float32 array (zeros where missing) and the ``(n,)`` present mask."""
    if values is None:
        return None, np.zeros(n, dtype=bool)
    if isinstance(values, np.ndarray):
        arr = np.asarray(values, dtype=np.float32)
        if arr.shape[0] != n:
            raise ValueError(f"{what}: {arr.shape[0]} cases but {n} labels")
        present = np.ones(n, dtype=bool)
    else:
        items = list(values)
        if len(items) != n:
            raise ValueError(f"{what}: {len(items)} cases but {n} labels")
        present = np.array([v is not None for v in items], dtype=bool)
        if not present.any():
            return None, present
        ref = np.asarray(next(v for v in items if v is not None), dtype=np.float32)
        arr = np.zeros((n,) + ref.shape, dtype=np.float32)
        for i, v in enumerate(items):
            if v is not None:
                a = np.asarray(v, dtype=np.float32)
                if a.shape != ref.shape:
                    raise ValueError(f"{what}: case {i} has shape {a.shape}, expected {ref.shape}")
                arr[i] = a
    if shape_tail is not None and arr.shape[1:] != shape_tail:
        raise ValueError(f"{what}: cases must have shape {shape_tail}, got {arr.shape[1:]}")
    if not np.all(np.isfinite(arr[present])):
        raise ValueError(f"{what}: arrays contain NaN or infinite values")
    arr[~present] = 0.0
    return arr, present


@dataclasses.dataclass(eq=False)
class CohortArrays:
    """Preprocessed cases for training or validation.

    * ``ecg``: ``(n, 12, L)`` array, or a sequence of ``(12, L)`` arrays /
      ``None`` per case, or ``None`` (no ECG at all);
    * ``cxr``: ``(n, 1, S, S)`` (or ``(n, S, S)``) array, or a sequence of
      ``(1, S, S)`` arrays / ``None``, or ``None``;
    * ``bnp``: ``(n,)`` values in pg/mL of ``analyte``, NaN (or ``None``) = missing;
    * ``y``: ``(n,)`` labels, 1 = PH.

    After construction ``ecg``/``cxr`` are float32 arrays with zeros for
    missing cases (or ``None``) and ``ecg_present``/``cxr_present``/``bnp_present``
    are ``(n,)`` bool masks.
    """

    ecg: Any
    cxr: Any
    bnp: Any
    y: Any
    analyte: str = "BNP"
    case_ids: Sequence[str] | None = None
    #: per case, SHA-256 of its ECG and CXR files' bytes (``None`` where absent); used only
    #: to record, as salted hashes, which cases fitted a bundle (never the IDs)
    fingerprints: Sequence[tuple[str | None, str | None]] | None = None
    ecg_present: np.ndarray = dataclasses.field(init=False)
    cxr_present: np.ndarray = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        y = np.asarray(self.y).reshape(-1)
        if not np.all(np.isin(y, (0, 1))):
            raise ValueError("labels must be 0 or 1")
        self.y = y.astype(np.int64)
        n = len(self.y)
        self.analyte = normalize_analyte(self.analyte)
        self.ecg, self.ecg_present = _stack(self.ecg, n, None, "ECG")
        if self.ecg is not None and (self.ecg.ndim != 3 or self.ecg.shape[1] != 12):
            raise ValueError(f"ECG: cases must have shape (12, L), got {self.ecg.shape[1:]}")
        cxr = self.cxr
        if isinstance(cxr, np.ndarray) and cxr.ndim == 3:
            cxr = cxr[:, None]
        self.cxr, self.cxr_present = _stack(cxr, n, None, "CXR")
        if self.cxr is not None and (self.cxr.ndim != 4 or self.cxr.shape[1] != 1
                                     or self.cxr.shape[2] != self.cxr.shape[3]):
            raise ValueError(f"CXR: cases must have shape (1, S, S), got {self.cxr.shape[1:]}")
        if self.bnp is None:
            bnp = np.full(n, np.nan)
        else:
            bnp = np.array([np.nan if v is None else v for v in np.asarray(self.bnp, dtype=object).reshape(-1)],
                           dtype=np.float64)
        if len(bnp) != n:
            raise ValueError(f"BNP: {len(bnp)} values but {n} labels")
        if np.any(bnp[np.isfinite(bnp)] <= 0):
            raise ValueError("BNP values must be positive (pg/mL)")
        self.bnp = bnp
        if self.case_ids is not None:
            self.case_ids = tuple(str(c) for c in self.case_ids)
            if len(self.case_ids) != n:
                raise ValueError(f"{len(self.case_ids)} case IDs but {n} labels")
        if self.fingerprints is not None:
            self.fingerprints = tuple((a, b) for a, b in self.fingerprints)
            if len(self.fingerprints) != n:
                raise ValueError(f"{len(self.fingerprints)} fingerprints but {n} labels")

    def __len__(self) -> int:
        return len(self.y)

    @property
    def bnp_present(self) -> np.ndarray:
        return np.isfinite(self.bnp)

    @property
    def ecg_length(self) -> int | None:
        return None if self.ecg is None else int(self.ecg.shape[2])

    @property
    def cxr_size(self) -> int | None:
        return None if self.cxr is None else int(self.cxr.shape[2])

    def subset(self, idx: ArrayLike) -> CohortArrays:
        """The cases at integer indices (or bool mask) ``idx``."""
        rows = np.asarray(idx)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        idx = [int(i) for i in rows.reshape(-1)]
        ecg = None if self.ecg is None else [self.ecg[i] if self.ecg_present[i] else None for i in idx]
        cxr = None if self.cxr is None else [self.cxr[i] if self.cxr_present[i] else None for i in idx]
        if ecg is not None and not any(v is not None for v in ecg):
            ecg = None
        if cxr is not None and not any(v is not None for v in cxr):
            cxr = None
        ids = None if self.case_ids is None else [self.case_ids[i] for i in idx]
        fps = None if self.fingerprints is None else [self.fingerprints[i] for i in idx]
        return CohortArrays(ecg, cxr, self.bnp[rows], self.y[rows], self.analyte, ids, fps)


def concat_cohorts(parts: Sequence[CohortArrays]) -> CohortArrays:
    """One :class:`CohortArrays` holding the cases of ``parts`` in order."""
    if not parts:
        raise ValueError("nothing to concatenate")
    if len(parts) == 1:
        return parts[0]
    analytes = {p.analyte for p in parts}
    if len(analytes) != 1:
        raise ValueError(f"cohorts mix analytes: {', '.join(sorted(analytes))}")

    def items(kind: str) -> list | None:
        out: list = []
        for p in parts:
            arr, present = getattr(p, kind), getattr(p, f"{kind}_present")
            out += [None if arr is None or not present[i] else arr[i] for i in range(len(p))]
        return out if any(v is not None for v in out) else None

    ids = [c for p in parts for c in (p.case_ids or [""] * len(p))]
    fps = None
    if all(p.fingerprints is not None for p in parts):
        fps = [f for p in parts for f in (p.fingerprints or [])]  # none is None here
    return CohortArrays(
        ecg=items("ecg"), cxr=items("cxr"),
        bnp=np.concatenate([p.bnp for p in parts]), y=np.concatenate([p.y for p in parts]),
        analyte=analytes.pop(), case_ids=ids, fingerprints=fps,
    )
