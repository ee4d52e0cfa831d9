"""Late fusion of the three sub-models (ECG, CXR, BNP) into one PH risk.

Inputs (6 per case, in this order): the ECG, CXR and BNP sub-model **logits**,
then three "present" indicators.  Logits rather than probabilities because a
logit of 0 is exactly "no information" (P = 0.5): a missing modality is
entered as logit 0 with indicator 0, which is neutral on both counts, and
logits keep the resolution of confident outputs that probabilities squash
near 0 and 1.  Logits are clipped to ``±logit_clip`` (8, i.e. P within
0.0003-0.9997) so that one over-confident sub-model cannot swamp the rest.

:class:`FusionNet` is a 3-layer MLP: Linear-ReLU-Dropout, Linear-ReLU-Dropout,
Linear to one logit.  It is trained with *modality dropout*
(:func:`modality_dropout`): each training case, with probability ``p``
(0.3), loses 1 or 2 of its present modalities, so the network learns to give
a sensible risk from any non-empty subset of inputs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from torch import nn

__all__ = ["FusionSpec", "FusionNet", "fusion_features", "modality_dropout", "MODALITIES"]

MODALITIES = ("ecg", "cxr", "bnp")


@dataclasses.dataclass(frozen=True)
class FusionSpec:
    """The fusion network's inputs and shape (stored in ``config.json``)."""

    modalities: tuple[str, ...] = MODALITIES
    input_kind: str = "logit"
    logit_clip: float = 8.0
    hidden: tuple[int, ...] = (16, 8)
    dropout: float = 0.1

    def __post_init__(self) -> None:
        object.__setattr__(self, "modalities", tuple(str(m) for m in self.modalities))
        object.__setattr__(self, "hidden", tuple(int(h) for h in self.hidden))
        if self.modalities != MODALITIES:
            raise ValueError(f"fusion modalities must be {MODALITIES}, got {self.modalities}")
        if self.input_kind != "logit":
            raise ValueError(f"fusion input_kind must be 'logit', got {self.input_kind!r}")
        if len(self.hidden) != 2 or any(h < 1 for h in self.hidden):
            raise ValueError(f"fusion hidden must be two positive widths, got {self.hidden}")
        if not float(self.logit_clip) > 0:
            raise ValueError("logit_clip must be positive")
        if not (0.0 <= float(self.dropout) < 1.0):
            raise ValueError(f"dropout must be within [0, 1), got {self.dropout!r}")

    @property
    def input_names(self) -> list[str]:
        return [f"{m}_logit" for m in self.modalities] + [f"{m}_present" for m in self.modalities]

    @property
    def n_inputs(self) -> int:
        return 2 * len(self.modalities)

    def to_dict(self) -> dict[str, Any]:
        return {
            "modalities": list(self.modalities),
            "inputs": self.input_names,
            "input_kind": self.input_kind,
            "missing_value": 0.0,
            "logit_clip": self.logit_clip,
            "hidden": list(self.hidden),
            "dropout": self.dropout,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FusionSpec:
        if not isinstance(data, Mapping):
            raise ValueError("fusion spec must be a JSON object")
        try:
            spec = cls(
                modalities=tuple(data["modalities"]),
                input_kind=data["input_kind"],
                logit_clip=float(data["logit_clip"]),
                hidden=tuple(data["hidden"]),
                dropout=float(data["dropout"]),
            )
        except KeyError as exc:
            raise ValueError(f"fusion spec lacks field {exc.args[0]!r}") from None
        except TypeError as exc:
            raise ValueError(f"invalid fusion spec: {exc}") from None
        if "inputs" in data and list(data["inputs"]) != spec.input_names:
            raise ValueError(f"fusion inputs {data['inputs']} are not {spec.input_names}")
        return spec


def fusion_features(logits: Any, logit_clip: float = 8.0) -> np.ndarray:
    """``(n, 3)`` sub-model logits, NaN where missing, to ``(n, 6)`` float32 inputs."""
    z = np.asarray(logits, dtype=np.float64)
    if z.ndim == 1:
        z = z[None]
    if z.ndim != 2 or z.shape[1] != len(MODALITIES):
        raise ValueError(f"logits must have shape (n, {len(MODALITIES)}), got {z.shape}")
    present = np.isfinite(z)
    vals = np.where(present, np.clip(np.nan_to_num(z, nan=0.0), -logit_clip, logit_clip), 0.0)
    return np.concatenate([vals, present.astype(np.float64)], axis=1).astype(np.float32)


def modality_dropout(logits: np.ndarray, rng: np.random.Generator, p: float = 0.3) -> np.ndarray:
    """Copy of ``(n, 3)`` logits where each case, with probability ``p``, loses
    1 or 2 of its present modalities (set to NaN); at least one always stays.

    A case with three present modalities loses one or two (equally likely),
    one with two loses one, one with a single modality keeps it.
    """
    z = np.array(logits, dtype=np.float64, copy=True)
    if z.ndim != 2 or z.size == 0:
        return z
    n, m = z.shape
    present = np.isfinite(z)
    n_present = present.sum(axis=1)
    drop = (rng.random(n) < p) & (n_present >= 2)
    k = np.minimum(rng.integers(1, 3, size=n), n_present - 1)
    keys = np.where(present, rng.random((n, m)), np.inf)
    rank = np.argsort(np.argsort(keys, axis=1), axis=1)  # 0 = first present modality in random order
    z[drop[:, None] & present & (rank < k[:, None])] = np.nan
    return z


class FusionNet(nn.Module):
    """3-layer MLP over ``(batch, 6)`` fusion inputs; returns ``(batch, 1)`` logits."""

    def __init__(self, spec: FusionSpec | None = None) -> None:
        super().__init__()
        self.spec = spec or FusionSpec()
        h1, h2 = self.spec.hidden
        self.net = nn.Sequential(
            nn.Linear(self.spec.n_inputs, h1), nn.ReLU(), nn.Dropout(self.spec.dropout),
            nn.Linear(h1, h2), nn.ReLU(), nn.Dropout(self.spec.dropout),
            nn.Linear(h2, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 2 or x.shape[1] != self.spec.n_inputs:
            raise ValueError(f"fusion input must be (batch, {self.spec.n_inputs}), got {tuple(x.shape)}")
        return self.net(x)
