"""One case, scored: the :class:`Assessment` every front end shows.

:func:`assess` takes what was read (an :class:`~ph_assist.io.ECG`, a
:class:`~ph_assist.io.cxr.CXR`, a :class:`~ph_assist.io.labs.Labs`, any of
them may be missing) and a loaded model bundle, and returns the sub-scores,
the calibrated fused risk with its category at the bundle's operating
threshold, the partial flag naming what is missing, Grad-CAM maps mapped back
onto the original trace and image, each modality's contribution to the fused
risk, the bundle's name, hash and banner, and timings.

Deterministic: the networks are in eval mode, no sampling is involved, so the
same inputs and bundle always give the same numbers.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ph_assist.errors import PHAssistError

if TYPE_CHECKING:
    from ph_assist.io.cxr import CXR
    from ph_assist.io.ecg import ECG
    from ph_assist.io.labs import Labs
    from ph_assist.models.bundle import ModelBundle

MODALITIES = ("ecg", "cxr", "bnp")
MODALITY_NAMES = {"ecg": "ECG", "cxr": "chest X-ray", "bnp": "BNP"}


class AssessmentError(PHAssistError):
    """A case that cannot be assessed (e.g. no input at all)."""


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclasses.dataclass(frozen=True)
class SubScore:
    """One sub-model's output for this case."""

    modality: str
    logit: float
    probability: float  # the sub-model's own output, sigmoid(logit); not calibrated
    contribution: float | None  # fused risk with this modality minus fused risk without it
    validation_auc: Mapping[str, Any] | None  # from the model card: auc, ci_low, ci_high, n
    source: str  # file path or lab description

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality": self.modality,
            "logit": self.logit,
            "probability": self.probability,
            "contribution": self.contribution,
            "validation_auc": dict(self.validation_auc) if self.validation_auc else None,
            "source": self.source,
        }


@dataclasses.dataclass(frozen=True, eq=False)
class Assessment:
    """The result of assessing one case with one model bundle."""

    case_id: str | None
    risk: float  # calibrated probability of PH
    positive: bool  # risk >= the bundle's default operating threshold
    threshold: Mapping[str, Any]  # name, threshold, sensitivity, specificity on validation
    partial: bool
    missing: tuple[str, ...]
    subscores: Mapping[str, SubScore]
    bundle_name: str
    bundle_id: str | None
    banner: str
    clinical_use: bool
    synthetic_training_data: bool
    ecg_cam: np.ndarray | None = None  # (n_samples,) on the ECG's own time axis, NaN outside the model window
    cxr_cam: np.ndarray | None = None  # (H, W) on the CXR image
    bnp_stratum: str | None = None
    warnings: tuple[str, ...] = ()
    timings_ms: Mapping[str, float] = dataclasses.field(default_factory=dict)

    @property
    def category(self) -> str:
        return "above threshold" if self.positive else "below threshold"

    @property
    def category_label(self) -> str:
        t = self.threshold
        side = "at or above" if self.positive else "below"
        return (f"{side} the operating threshold {t['threshold']:.0%} "
                f"(validation sensitivity {t['sensitivity']:.0%}, specificity {t['specificity']:.0%})")

    def summary(self) -> dict[str, Any]:
        """JSON-ready description (maps left out; see ``--cam-out``)."""
        return {
            "case_id": self.case_id,
            "fused_risk": self.risk,
            "category": self.category,
            "operating_threshold": dict(self.threshold),
            "partial": self.partial,
            "missing": list(self.missing),
            "subscores": {k: v.to_dict() for k, v in self.subscores.items()},
            "bnp_stratum": self.bnp_stratum,
            "warnings": list(self.warnings),
            "bundle": {
                "name": self.bundle_name,
                "id": self.bundle_id,
                "banner": self.banner,
                "clinical_use": self.clinical_use,
                "synthetic_training_data": self.synthetic_training_data,
            },
            "explanations": {"ecg": self.ecg_cam is not None, "cxr": self.cxr_cam is not None},
            "timings_ms": dict(self.timings_ms),
        }

    def text(self) -> str:
        """A short readable summary, banner first."""
        lines = [f"*** {self.banner} ***",
                 f"bundle       {self.bundle_name} ({(self.bundle_id or 'unsaved')[:12]})"]
        if self.case_id:
            lines.append(f"case         {self.case_id}")
        head = f"PH risk      {self.risk:.0%}  {self.category_label}"
        lines.append(head)
        if self.partial:
            lines.append(f"PARTIAL      missing: {', '.join(MODALITY_NAMES[m] for m in self.missing)}")
        for m in MODALITIES:
            s = self.subscores.get(m)
            if s is None:
                continue
            auc = s.validation_auc
            auc_text = (f"validation AUC {auc['auc']:.2f} ({auc['ci_low']:.2f}-{auc['ci_high']:.2f})"
                        if auc else "validation AUC -")
            contrib = "" if s.contribution is None else f", contribution {_points(s.contribution)}"
            lines.append(f"{MODALITY_NAMES[m]:<12} sub-score {s.probability:.0%}{contrib}; {auc_text}")
            lines.append(f"{'':<12} from {s.source}")
        if self.bnp_stratum:
            lines.append(f"BNP stratum  {self.bnp_stratum}")
        for w in self.warnings:
            lines.append(f"warning      {w}")
        return "\n".join(lines)


def _score_input(kind: str, obj: Any, prepare: Any, net: Any, gradcam: Any, score: Any, explain: bool,
                 timings: dict[str, float]) -> tuple[float, np.ndarray | None]:
    """Preprocess one ECG or CXR and score it; with ``explain`` the logit comes from the
    Grad-CAM pass and the map is returned on the source's own axes (read-only)."""
    import torch

    t = time.perf_counter()
    prepared = prepare(obj)
    timings[f"{kind}_preprocess"] = (time.perf_counter() - t) * 1e3
    t = time.perf_counter()
    if not explain:
        logit = score(prepared)
        timings[f"{kind}_model"] = (time.perf_counter() - t) * 1e3
        return float(logit), None
    x = torch.from_numpy(np.array(prepared.x, dtype=np.float32))[None]
    logit, cam = gradcam(net, x, net.target_layer)
    source_cam = np.clip(prepared.to_source(cam), 0.0, 1.0).astype(np.float32)  # NaN (outside) stays NaN
    source_cam.setflags(write=False)
    timings[f"{kind}_model_gradcam"] = (time.perf_counter() - t) * 1e3
    return float(logit), source_cam


def _points(delta: float) -> str:
    """A change in risk as percentage points, e.g. ``+17 points``; ``±0`` below half a point."""
    pts = delta * 100
    return "±0 points" if abs(pts) < 0.5 else f"{pts:+.0f} points"


def _ecg_warnings(ecg: ECG) -> list[str]:
    flagged = [f"{q.lead} ({', '.join(q.flags)})" for q in ecg.quality if q.flags]
    return [f"ECG quality: {'; '.join(flagged)}"] if flagged else []


def assess(
    bundle: ModelBundle,
    *,
    ecg: ECG | None = None,
    cxr: CXR | None = None,
    labs: Labs | None = None,
    explain: bool = True,
    case_id: str | None = None,
) -> Assessment:
    """Score one case with ``bundle``; any of ``ecg``, ``cxr``, ``labs`` may be ``None``.

    With ``explain`` (the default) Grad-CAM maps are computed; each costs about
    one forward pass, since the sub-score comes from the same pass.
    """
    from ph_assist.explain.gradcam import cxr_gradcam, ecg_gradcam

    if ecg is None and cxr is None and labs is None:
        raise AssessmentError("nothing to assess: give an ECG, a chest X-ray or a BNP value")
    timings: dict[str, float] = {}
    t_total = time.perf_counter()
    logits: dict[str, float] = {}
    sources: dict[str, str] = {}
    ecg_cam = cxr_cam = None
    warnings: list[str] = []

    if ecg is not None:
        logits["ecg"], ecg_cam = _score_input("ecg", ecg, bundle.prepare_ecg,
                                              bundle.ecg_net, ecg_gradcam, bundle.score_ecg, explain, timings)
        sources["ecg"] = ecg.source_path
        warnings += _ecg_warnings(ecg)

    if cxr is not None:
        logits["cxr"], cxr_cam = _score_input("cxr", cxr, bundle.prepare_cxr, bundle.cxr_net, cxr_gradcam,
                                              bundle.score_cxr, explain, timings)
        sources["cxr"] = cxr.source_path
        warnings += list(getattr(cxr, "notes", ()) or ())

    bnp_stratum = None
    if labs is not None:
        t = time.perf_counter()
        logits["bnp"] = float(bundle.score_bnp(labs))
        timings["bnp_model"] = (time.perf_counter() - t) * 1e3
        sources["bnp"] = labs.describe()
        bnp_stratum = labs.stratum_label

    # Fusion of everything present, and of every leave-one-out subset in one batch.
    t = time.perf_counter()
    present = [m for m in MODALITIES if m in logits]
    rows = [[logits.get(m, np.nan) for m in MODALITIES]]
    loo = [m for m in present if len(present) > 1]
    for m in loo:
        rows.append([np.nan if k == m else logits.get(k, np.nan) for k in MODALITIES])
    probs = bundle.fuse_batch(np.asarray(rows, dtype=np.float64))
    risk = float(probs[0])
    contributions = {m: risk - float(p) for m, p in zip(loo, probs[1:])}
    timings["fusion"] = (time.perf_counter() - t) * 1e3

    performance = bundle.card.performance or {}
    subscores = {
        m: SubScore(
            modality=m,
            logit=logits[m],
            probability=_sigmoid(logits[m]),
            contribution=contributions.get(m),
            validation_auc=performance.get(m),
            source=sources[m],
        )
        for m in present
    }
    point = bundle.thresholds.default_point
    missing = tuple(m for m in MODALITIES if m not in logits)
    timings["total"] = (time.perf_counter() - t_total) * 1e3
    return Assessment(
        case_id=case_id,
        risk=risk,
        positive=bool(risk >= point.threshold),
        threshold=point.to_dict(),
        partial=bool(missing),
        missing=missing,
        subscores=subscores,
        bundle_name=bundle.name,
        bundle_id=bundle.bundle_id,
        banner=bundle.banner,
        clinical_use=bool(bundle.card.clinical_use),
        synthetic_training_data=bool(bundle.card.synthetic_training_data),
        ecg_cam=ecg_cam,
        cxr_cam=cxr_cam,
        bnp_stratum=bnp_stratum,
        warnings=tuple(warnings),
        timings_ms={k: round(v, 3) for k, v in timings.items()},
    )
