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

:class:`MonotoneFusionNet` (the default since bundle format 2) keeps the same
3-layer shape but is **monotone non-decreasing in each sub-model logit** for
every set of present inputs: a higher ECG, CXR or BNP sub-model output can
never lower the fused risk.  Every weight on a path from a logit to the
output is non-negative (stored unconstrained and passed through softplus),
the presence indicators enter the first layer with free weights (they are
fixed for a given set of inputs), and each hidden layer uses monotone
activations: half of its units ReLU (convex), half the reflected ReLU
``-relu(-x)`` (concave), so the network is not restricted to convex
functions.  This is the construction of Runje & Shankaranarayana (2023):
non-negative weights with a convex/concave activation pair give a universal
approximator of monotone functions.

:class:`LogisticFusion` is the plain baseline the evaluation compares with:
a logistic regression on the clipped logits and the presence indicators.

References
----------
.. [1] D. Runje and S. M. Shankaranarayana, "Constrained monotonic neural
   networks", Proc. ICML 2023, PMLR 202:29338-29353.
.. [2] J. Sill, "Monotonic networks", NIPS 1997.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike
import torch
from torch import nn

from ph_assist.cases import MODALITIES, MODALITY_NAMES
from ph_assist.i18n import translate

__all__ = [
    "FusionSpec", "FusionNet", "MonotoneFusionNet", "LogisticFusion", "build_fusion_net",
    "fusion_features", "modality_dropout", "MODALITIES", "SUBSETS", "subset_key", "subset_label", "PresentInputs",
]

#: The seven non-empty sets of inputs, largest first, each as a key like ``"ecg+bnp"``.
SUBSETS: tuple[str, ...] = (
    "ecg+cxr+bnp", "ecg+cxr", "ecg+bnp", "cxr+bnp", "ecg", "cxr", "bnp",
)


#: A set of present inputs: modality names (``["ecg", "bnp"]``) or a length-3
#: boolean mask in ``MODALITIES`` order.
PresentInputs: TypeAlias = Iterable[str] | Iterable[bool] | np.ndarray


def subset_key(present: PresentInputs) -> str:
    """The key of a set of present modalities (any iterable of names, or a
    length-3 boolean mask in ``MODALITIES`` order), e.g. ``"ecg+bnp"``."""
    items = list(present)
    if len(items) == len(MODALITIES) and all(isinstance(v, (bool, np.bool_)) for v in items):
        names = [m for m, p in zip(MODALITIES, items) if p]
    else:
        names = [str(m) for m in items]
        unknown = set(names) - set(MODALITIES)
        if unknown:
            raise ValueError(f"unknown modality {sorted(unknown)[0]!r}")
    key = "+".join(m for m in MODALITIES if m in names)
    if not key:
        raise ValueError("at least one modality (ECG, CXR or BNP) is needed")
    return key


def subset_label(key: str) -> str:
    """Readable name of a subset key: ``"ecg+bnp"`` -> ``"ECG + BNP"``."""
    return " + ".join(MODALITY_NAMES[m] for m in key.split("+"))


@dataclasses.dataclass(frozen=True)
class FusionSpec:
    """The fusion network's inputs and shape (stored in ``config.json``)."""

    modalities: tuple[str, ...] = MODALITIES
    input_kind: str = "logit"
    logit_clip: float = 8.0
    hidden: tuple[int, ...] = (16, 8)
    dropout: float = 0.1
    monotone: bool = True  # False only in format-1 bundles

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
            "monotone": self.monotone,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FusionSpec:
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "fusion spec must be a JSON object"))
        try:
            spec = cls(
                modalities=tuple(data["modalities"]),
                input_kind=data["input_kind"],
                logit_clip=float(data["logit_clip"]),
                hidden=tuple(data["hidden"]),
                dropout=float(data["dropout"]),
                monotone=bool(data.get("monotone", False)),
            )
        except KeyError as exc:
            raise ValueError(translate("errors", "fusion spec lacks field {field!r}").format(
                field=exc.args[0])) from None
        except TypeError as exc:
            raise ValueError(translate("errors", "invalid fusion spec: {error}").format(error=exc)) from None
        if "inputs" in data and list(data["inputs"]) != spec.input_names:
            raise ValueError(translate("errors", "fusion inputs {inputs} are not {expected}").format(
                inputs=data["inputs"], expected=spec.input_names))
        return spec


def fusion_features(logits: ArrayLike, logit_clip: float = 8.0) -> np.ndarray:
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
        self.spec = dataclasses.replace(spec or FusionSpec(), monotone=False)
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


def _monotone_act(x: torch.Tensor) -> torch.Tensor:
    """ReLU on the first half of the units, reflected ReLU on the second half."""
    h = x.shape[1] // 2
    return torch.cat([torch.relu(x[:, : x.shape[1] - h]), -torch.relu(-x[:, x.shape[1] - h:])], dim=1)


class MonotoneFusionNet(nn.Module):
    """3-layer fully connected fusion, monotone non-decreasing in each logit.

    Same inputs and output as :class:`FusionNet`.  Parameters: ``w1z``
    (logits -> layer 1, softplus), ``w1p`` (presence -> layer 1, free),
    ``w2`` and ``w3`` (softplus), biases free.  ``weights_nonneg()`` returns
    the effective non-negative matrices.
    """

    def __init__(self, spec: FusionSpec | None = None) -> None:
        super().__init__()
        self.spec = spec or FusionSpec()
        h1, h2 = self.spec.hidden
        m = len(self.spec.modalities)
        self.w1z = nn.Parameter(torch.empty(h1, m))
        self.w1p = nn.Parameter(torch.empty(h1, m))
        self.b1 = nn.Parameter(torch.zeros(h1))
        self.w2 = nn.Parameter(torch.empty(h2, h1))
        self.b2 = nn.Parameter(torch.zeros(h2))
        self.w3 = nn.Parameter(torch.empty(1, h2))
        self.b3 = nn.Parameter(torch.zeros(1))
        self.drop = nn.Dropout(self.spec.dropout)
        with torch.no_grad():
            # softplus(-1.5) ~ 0.2: small positive starting weights, with spread
            for w in (self.w1z, self.w2, self.w3):
                w.normal_(-1.5, 0.5)
            nn.init.normal_(self.w1p, 0.0, 0.5)

    def weights_nonneg(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        f = nn.functional.softplus
        return f(self.w1z), f(self.w2), f(self.w3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 2 or x.shape[1] != self.spec.n_inputs:
            raise ValueError(f"fusion input must be (batch, {self.spec.n_inputs}), got {tuple(x.shape)}")
        m = len(self.spec.modalities)
        z, p = x[:, :m], x[:, m:]
        w1z, w2, w3 = self.weights_nonneg()
        h = _monotone_act(z @ w1z.T + p @ self.w1p.T + self.b1)
        h = self.drop(h)
        h = _monotone_act(h @ w2.T + self.b2)
        h = self.drop(h)
        return h @ w3.T + self.b3


def build_fusion_net(spec: FusionSpec) -> FusionNet | MonotoneFusionNet:
    """The fusion network class the spec asks for."""
    return MonotoneFusionNet(spec) if spec.monotone else FusionNet(spec)


class LogisticFusion:
    """Baseline fusion: logistic regression on the 6 fusion inputs.

    Fitted with scikit-learn (L2, ``C``); stored as plain numbers
    (:meth:`to_dict`) and evaluated in NumPy.  Learned attributes carry a
    trailing underscore (``coef_``, ``intercept_``) and exist only after
    :meth:`fit` or :meth:`from_dict`; the JSON keeps ``coef`` and ``intercept``.
    """

    coef_: np.ndarray
    intercept_: float

    def __init__(self, C: float = 1.0, logit_clip: float = 8.0) -> None:
        self.C = float(C)
        self.logit_clip = float(logit_clip)

    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "coef_")

    def fit(self, logits: np.ndarray, y: ArrayLike) -> LogisticFusion:
        from sklearn.linear_model import LogisticRegression

        x = fusion_features(logits, self.logit_clip)
        lr = LogisticRegression(C=self.C, max_iter=1000).fit(x, np.asarray(y).astype(int))
        self.coef_ = lr.coef_.reshape(-1).astype(np.float64)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def decision_function(self, logits: np.ndarray) -> np.ndarray:
        if not self.is_fitted:
            raise RuntimeError("LogisticFusion is not fitted")
        x = fusion_features(logits, self.logit_clip).astype(np.float64)
        return x @ self.coef_ + self.intercept_

    def to_dict(self) -> dict[str, Any]:
        if not self.is_fitted:
            raise RuntimeError("LogisticFusion is not fitted")
        return {"model": "logistic_regression", "inputs": FusionSpec().input_names, "C": self.C,
                "logit_clip": self.logit_clip, "coef": self.coef_.tolist(), "intercept": self.intercept_}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LogisticFusion:
        try:
            m = cls(float(data["C"]), float(data["logit_clip"]))
            m.coef_ = np.asarray(data["coef"], dtype=np.float64)
            m.intercept_ = float(data["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(translate("errors", "invalid logistic fusion: {error}").format(error=exc)) from None
        if m.coef_.shape != (2 * len(MODALITIES),) or not np.all(np.isfinite(m.coef_)):
            raise ValueError(translate("errors", "logistic fusion needs 6 finite coefficients"))
        return m
