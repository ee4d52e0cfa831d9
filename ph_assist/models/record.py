"""Which cases fitted a bundle, as salted hashes, and their sub-model logits.

``training_record.json`` lets :func:`ph_assist.training.evaluate` refuse to
report in-sample figures, and lets ``ph-assist refit`` refit the fusion,
calibration and thresholds without retraining the networks.

Each case is identified by the SHA-256 of its ECG and CXR files' bytes (see
:func:`ph_assist.training.data.file_fingerprint`), hashed again with a random
per-bundle salt, so the record holds no case or patient ID, no file name and
nothing that links two bundles.  A case evaluated later counts as *used for
fitting* when either of its files has the same content as a file that fitted
the bundle.  Roles: ``"train"`` (networks and, with their out-of-fold logits,
the fusion), ``"val"`` (calibration, thresholds, the out-of-distribution
threshold), ``"fusion"`` (extra cases scored by the final networks, used only
to fit the fusion when it was refitted).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ph_assist.i18n import translate

__all__ = ["TrainingRecord", "ROLES"]

ROLES = ("train", "val", "fusion")
_HEX = set("0123456789abcdef")


def _salted(salt: str, sha: str | None) -> str | None:
    if sha is None:
        return None
    return hashlib.sha256(bytes.fromhex(salt) + bytes.fromhex(sha)).hexdigest()[:32]


def _num(v: float) -> float | None:
    return None if v is None or not math.isfinite(float(v)) else round(float(v), 6)


@dataclasses.dataclass
class TrainingRecord:
    """Salted file hashes, roles, labels and sub-model logits of the fitting cases."""

    salt: str
    roles: list[str]
    labels: np.ndarray  # (n,) int
    logits: np.ndarray  # (n, 3) ECG/CXR/BNP logits: out-of-fold for "train", final nets otherwise; NaN missing
    ecg_hashes: list[str | None]
    cxr_hashes: list[str | None]
    logits_kind: dict[str, str] = dataclasses.field(default_factory=dict)  # role -> how its logits were made

    @classmethod
    def new(cls) -> TrainingRecord:
        return cls(secrets.token_hex(16), [], np.zeros(0, dtype=np.int64), np.zeros((0, 3)), [], [])

    def add(self, role: str, fingerprints: Sequence[tuple[str | None, str | None]] | None,
            labels: ArrayLike, logits: ArrayLike, kind: str) -> None:
        """Append cases of one role; ``fingerprints`` are raw file SHA-256 pairs (salted here)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        y = np.asarray(labels).reshape(-1).astype(np.int64)
        z = np.asarray(logits, dtype=np.float64).reshape(len(y), 3)
        fps = list(fingerprints) if fingerprints is not None else [(None, None)] * len(y)
        if len(fps) != len(y):
            raise ValueError("one fingerprint pair per case is needed")
        self.roles += [role] * len(y)
        self.labels = np.concatenate([self.labels, y])
        self.logits = np.concatenate([self.logits, z])
        self.ecg_hashes += [_salted(self.salt, a) for a, _ in fps]
        self.cxr_hashes += [_salted(self.salt, b) for _, b in fps]
        self.logits_kind[role] = kind

    def __len__(self) -> int:
        return len(self.roles)

    def role_mask(self, role: str) -> np.ndarray:
        return np.array([r == role for r in self.roles], dtype=bool)

    def counts(self) -> dict[str, int]:
        return {r: int(self.role_mask(r).sum()) for r in ROLES if self.role_mask(r).any()}

    def used_for_fitting(self, fingerprints: Sequence[tuple[str | None, str | None]]) -> np.ndarray:
        """``(n,)`` bool: True where the case's ECG or CXR file content fitted this bundle."""
        ecg = {h for h in self.ecg_hashes if h}
        cxr = {h for h in self.cxr_hashes if h}
        return np.array([(a is not None and _salted(self.salt, a) in ecg)
                         or (b is not None and _salted(self.salt, b) in cxr) for a, b in fingerprints],
                        dtype=bool)

    def to_dict(self) -> dict[str, Any]:
        return {
            "what": "salted SHA-256 of each fitting case's ECG and CXR file contents (no IDs, no file names), "
                    "its role, label and sub-model logits",
            "hash_rule": "sha256(salt || sha256(file bytes))[:32 hex]; WFDB: header and signal files together",
            "salt": self.salt,
            "logits_kind": dict(self.logits_kind),
            "cases": [
                {"role": r, "label": int(y), "logits": [_num(v) for v in z], "ecg": a, "cxr": b}
                for r, y, z, a, b in zip(self.roles, self.labels, self.logits, self.ecg_hashes, self.cxr_hashes)
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TrainingRecord:
        try:
            salt = str(data["salt"])
            if len(salt) != 32 or not set(salt) <= _HEX:
                raise ValueError(translate("errors", "salt must be 32 hex digits"))
            cases = data["cases"]
            roles = [str(c["role"]) for c in cases]
            if not set(roles) <= set(ROLES):
                raise ValueError(translate("errors", "roles must be among {roles}").format(roles=ROLES))
            labels = np.array([int(c["label"]) for c in cases], dtype=np.int64)
            logits = np.array([[np.nan if v is None else float(v) for v in c["logits"]] for c in cases],
                              dtype=np.float64).reshape(len(cases), 3)
            hashes = []
            for key in ("ecg", "cxr"):
                hs = [c.get(key) for c in cases]
                for h in hs:
                    if h is not None and (len(h) != 32 or not set(h) <= _HEX):
                        raise ValueError(translate("errors", "malformed {key} hash").format(key=key))
                hashes.append(hs)
            kind = {str(k): str(v) for k, v in dict(data.get("logits_kind", {})).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(translate("errors", "invalid training record: {error}").format(error=exc)) from None
        return cls(salt, roles, labels, logits, hashes[0], hashes[1], kind)
