"""The model card: what a bundle is for, what it was trained on, how well it did.

Stored as ``model_card.json``.  ``banner`` is the line every display of a
result from this bundle must show (e.g. "Synthetic training data — not for
clinical use").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ph_assist.i18n import translate

__all__ = ["ModelCard", "default_banner", "PERFORMANCE_KEYS"]

PERFORMANCE_KEYS = ("ecg", "cxr", "bnp", "fused")


def default_banner(*, synthetic_training_data: bool, clinical_use: bool) -> str:
    """The display banner implied by the two flags."""
    if synthetic_training_data:
        return "Synthetic training data — not for clinical use"
    if not clinical_use:
        return "Research use only — not for clinical use"
    return ""


@dataclasses.dataclass(frozen=True)
class ModelCard:
    """Intended use, data, label, performance (AUC with 95% CI) and use flags.

    ``performance`` maps ``"ecg"``, ``"cxr"``, ``"bnp"``, ``"fused"`` to a dict
    ``{"auc", "ci_low", "ci_high", "n", "n_positive", "method"}`` or ``None``
    when it could not be computed (e.g. a modality absent from validation).
    """

    name: str
    date: str
    intended_use: str
    training_data: str
    label_definition: str
    performance: Mapping[str, Mapping[str, Any] | None]
    clinical_use: bool
    synthetic_training_data: bool
    banner: str
    n_train: int = 0
    n_val: int = 0
    notes: tuple[str, ...] = ()
    #: AUC (95% CI) of the fused logit on the validation cases of each set of inputs
    performance_by_inputs: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    #: which fusion was shipped and why, with the comparison it rests on
    fusion: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    #: the exact command line(s) that produced this bundle
    recipe: str = ""
    #: warnings about the data the figures come from (e.g. too few validation cases)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.clinical_use, bool) or not isinstance(self.synthetic_training_data, bool):
            raise ValueError("clinical_use and synthetic_training_data must be true or false")
        if self.synthetic_training_data and self.clinical_use:
            raise ValueError("a bundle trained on synthetic data cannot be marked for clinical use")
        if not isinstance(self.performance, Mapping):
            raise ValueError("performance must be a JSON object")
        object.__setattr__(self, "notes", tuple(str(n) for n in self.notes))
        object.__setattr__(self, "warnings", tuple(str(n) for n in self.warnings))
        # The banner follows the flags, never free text: an edited card cannot claim more.
        object.__setattr__(self, "banner", default_banner(synthetic_training_data=self.synthetic_training_data,
                                                          clinical_use=self.clinical_use))

    @property
    def validation_data(self) -> str:
        """Where the card's figures come from, in words: "synthetic validation set" or "validation set"."""
        return "synthetic validation set" if self.synthetic_training_data else "validation set"

    def source_of(self, n: int | None = None) -> str:
        """E.g. "synthetic validation set, n = 482" (n: the figure's own case count)."""
        n = self.n_val if n is None else n
        return f"{self.validation_data}, n = {n}" if n else self.validation_data

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["performance"] = {k: (dict(v) if v is not None else None) for k, v in self.performance.items()}
        d["notes"] = list(self.notes)
        d["warnings"] = list(self.warnings)
        d["performance_by_inputs"] = {k: (dict(v) if v is not None else None)
                                      for k, v in self.performance_by_inputs.items()}
        d["fusion"] = dict(self.fusion)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelCard:
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "model card must be a JSON object"))
        known = {f.name for f in dataclasses.fields(cls)}
        required = {f.name for f in dataclasses.fields(cls)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
        missing = sorted(required - set(data))
        if missing:
            raise ValueError(translate("errors", "model card lacks field(s): {fields}").format(
                fields=", ".join(missing)))
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["notes"] = tuple(kwargs.get("notes", ()))
        kwargs["warnings"] = tuple(kwargs.get("warnings", ()))
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise ValueError(translate("errors", "invalid model card: {error}").format(error=exc)) from None
