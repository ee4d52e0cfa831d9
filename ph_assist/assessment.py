"""One case, scored: the :class:`Assessment` every front end shows.

:func:`assess` takes what was read (an :class:`~ph_assist.io.ECG`, a
:class:`~ph_assist.io.cxr.CXR`, a :class:`~ph_assist.io.labs.Labs`, any of
them may be missing) and a loaded model bundle, and returns the sub-scores,
the calibrated fused risk with its category at the operating threshold **of
the set of inputs the case has** (with that threshold's own validation
sensitivity and specificity and their 95% CIs), the partial flag naming what
is missing, Grad-CAM maps mapped back onto the original trace and image, each
modality's contribution to the fused risk, a warning for each input that is
unlike the bundle's training data, the bundle's name, hash and banner, and
timings.

Sub-scores are calibrated: a sub-score is the risk the bundle gives from that
input alone (the calibration of that single input), so it reads on the same
scale as the fused risk; the sub-model's raw output is kept, labelled
uncalibrated, in the JSON.

Deterministic: the networks are in eval mode, no sampling is involved, so the
same inputs and bundle always give the same numbers.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from ph_assist.cases import MODALITIES, MODALITY_NAMES
from ph_assist.errors import PHAssistError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

if TYPE_CHECKING:
    import torch
    from torch import nn

    from ph_assist.io.cxr import CXR
    from ph_assist.io.ecg import ECG
    from ph_assist.io.labs import Labs
    from ph_assist.models.bundle import ModelBundle
    from ph_assist.models.cxr_net import CXRResNet18
    from ph_assist.models.ecg_net import ECGResNet1d
    from ph_assist.models.ood_set import OODSet


class _Prepared(Protocol):
    """What scoring reads of a preprocessed input (:class:`~ph_assist.preprocess.ecg.PreparedECG`
    or :class:`~ph_assist.preprocess.cxr.PreparedCXR`)."""

    @property
    def x(self) -> np.ndarray: ...

    def to_source(self, cam: np.ndarray) -> np.ndarray: ...


#: A Grad-CAM function of :mod:`ph_assist.explain.gradcam`: ``(model, x, target_layer) -> (logit, cam)``.
GradCAM = Callable[["nn.Module", "torch.Tensor", "nn.Module"], tuple[float, np.ndarray]]

_In = TypeVar("_In")
_Prep = TypeVar("_Prep", bound=_Prepared)



class AssessmentError(PHAssistError):
    """A case that cannot be assessed (e.g. no input at all)."""


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclasses.dataclass(frozen=True)
class SubScore:
    """One sub-model's output for this case."""

    modality: str
    logit: float
    probability: float  # calibrated: the bundle's risk from this input alone
    contribution: float | None  # fused risk with this modality minus fused risk without it
    validation_auc: Mapping[str, Any] | None  # from the model card: auc, ci_low, ci_high, n
    source: str  # a hash of the file that names nothing ("file:<12 hex>"), or the lab description
    model_output: float = float("nan")  # the sub-model's own output, sigmoid(logit): NOT calibrated
    auc_source: str = ""  # where validation_auc comes from, e.g. "synthetic validation set, n = 482"
    unlike_training: str | None = None  # a sentence when the input is unlike the training data

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality": self.modality,
            "logit": self.logit,
            "probability": self.probability,
            "probability_meaning": "calibrated risk of PH from this input alone",
            "model_output_uncalibrated": self.model_output,
            "contribution": self.contribution,
            "validation_auc": dict(self.validation_auc) if self.validation_auc else None,
            "validation_auc_source": self.auc_source,
            "unlike_training_data": self.unlike_training,
            "source": self.source,
        }


@dataclasses.dataclass(frozen=True, eq=False)
class Assessment:
    """The result of assessing one case with one model bundle."""

    case_id: str | None
    risk: float  # calibrated probability of PH (calibration of the inputs present)
    positive: bool  # risk >= the default operating threshold of the inputs present
    threshold: Mapping[str, Any]  # that threshold: name, threshold, sens/spec with CIs, inputs, n, measured_on
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
    origin: str = ""  # who signed the bundle, or why its origin is unverified
    #: per lead, how much hiding that lead lowers the ECG logit (lead occlusion); None without ECG or explain
    ecg_lead_attribution: Mapping[str, float] | None = None
    cxr_cam_empty: bool = False  # the Grad-CAM map is all zero: no region raised this score

    @property
    def category(self) -> str:
        return "above threshold" if self.positive else "below threshold"

    @property
    def category_label(self) -> str:
        side = "at or above" if self.positive else "below"
        return f"{side} the operating threshold {self.threshold['threshold']:.0%} {self.threshold_basis}"

    @property
    def unlike_summary(self) -> str | None:
        """One caution for the headline risk when any input is unlike the training data."""
        flagged = [MODALITY_NAMES[m] for m in MODALITIES
                   if m in self.subscores and self.subscores[m].unlike_training]
        if not flagged:
            return None
        what = flagged[0] if len(flagged) == 1 else ", ".join(flagged[:-1]) + " and " + flagged[-1]
        verb = "is" if len(flagged) == 1 else "are"
        return (f"Caution: the {what} {verb} unlike the data this model was trained on; "
                "the risk may not apply to this patient.")

    @property
    def threshold_basis(self) -> str:
        """For which inputs the threshold holds and what it gave where it was measured."""
        t = self.threshold
        n_text = f", n = {t['n']}" if t.get("n") else ""
        where = f"{t.get('measured_on') or 'validation set'}{n_text}"
        sens, spec = _pct_ci(t["sensitivity"], t.get("sensitivity_ci")), _pct_ci(t["specificity"],
                                                                                  t.get("specificity_ci"))
        if t.get("subset_specific", True):
            return f"for {t.get('inputs', 'these inputs')} ({where}: sensitivity {sens}, specificity {spec})"
        return (f"(measured on all inputs, not on {t.get('inputs', 'these inputs')} alone; {where}: "
                f"sensitivity {sens}, specificity {spec})")

    def summary(self) -> dict[str, Any]:
        """JSON-ready description (maps left out; see ``--cam-out``)."""
        return {
            "case_id": self.case_id,
            "fused_risk": self.risk,
            "category": self.category,
            "category_label": self.category_label,
            "operating_threshold": dict(self.threshold),
            "unlike_training_data": {m: s.unlike_training for m, s in self.subscores.items() if s.unlike_training},
            "unlike_training_data_summary": self.unlike_summary,
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
                "origin": self.origin,
            },
            "explanations": {"ecg": self.ecg_cam is not None, "cxr": self.cxr_cam is not None,
                             "cxr_empty": self.cxr_cam_empty,
                             "cxr_empty_meaning": "no region raised this score" if self.cxr_cam_empty else None},
            "ecg_lead_attribution": dict(self.ecg_lead_attribution) if self.ecg_lead_attribution else None,
            "ecg_lead_attribution_meaning": "drop of the ECG model's logit when that lead is hidden "
                                            "(positive: the lead raised the score)",
            "timings_ms": dict(self.timings_ms),
        }

    def text(self) -> str:
        """A short readable summary, banner first: the command line's text
        (:func:`ph_assist.presentation.assessment_text`, the one wording of an assessment)."""
        from ph_assist.presentation import assessment_text

        return assessment_text(self)


def _score_input(kind: str, obj: _In, prepare: Callable[[_In], _Prep], net: ECGResNet1d | CXRResNet18,
                 gradcam: GradCAM, score: Callable[[_Prep], float], explain: bool,
                 timings: dict[str, float], ood: OODSet | None = None,
                 features: dict[str, np.ndarray | None] | None = None,
                 extras: dict[str, Any] | None = None) -> tuple[float, np.ndarray | None]:
    """Preprocess one ECG or CXR and score it; with ``explain`` the logit comes from the
    Grad-CAM pass and the map is returned on the source's own axes (read-only).  With
    ``ood`` (the bundle's OODSet) the same forward pass also yields the features that
    the "unlike the training data" check needs, stored in ``features[kind]``."""
    import contextlib

    import torch

    t = time.perf_counter()
    prepared = prepare(obj)
    timings[f"{kind}_preprocess"] = (time.perf_counter() - t) * 1e3
    t = time.perf_counter()
    capture = ood.capture(kind, net) if ood is not None and ood.has(kind) else contextlib.nullcontext()
    if not explain:
        with capture as cap:
            logit = score(prepared)
        if cap is not None and features is not None:
            features[kind] = cap.features
        timings[f"{kind}_model"] = (time.perf_counter() - t) * 1e3
        return float(logit), None
    x = torch.from_numpy(np.array(prepared.x, dtype=np.float32))[None]
    with capture as cap:
        logit, cam = gradcam(net, x, net.target_layer)
    if cap is not None and features is not None:
        features[kind] = cap.features
    source_cam = np.clip(prepared.to_source(cam), 0.0, 1.0).astype(np.float32)  # NaN (outside) stays NaN
    source_cam.setflags(write=False)
    timings[f"{kind}_model_gradcam"] = (time.perf_counter() - t) * 1e3
    if extras is not None:
        from ph_assist.explain.gradcam import cam_is_empty

        extras[f"{kind}_cam_empty"] = bool(cam_is_empty(cam))
        if kind == "ecg":
            from ph_assist.explain.ecg_leads import explain_ecg_leads

            t = time.perf_counter()
            extras["ecg_leads"] = explain_ecg_leads(net, x, profile=False).to_dict()
            timings["ecg_lead_attribution"] = (time.perf_counter() - t) * 1e3
    return float(logit), source_cam


def _pct_ci(v: float, ci: Any) -> str:
    if ci and ci[0] is not None and ci[1] is not None:
        return f"{v:.0%} (95% CI {ci[0]:.0%}–{ci[1]:.0%})"
    return f"{v:.0%}"


#: The ECG quality flags of :attr:`ph_assist.io.ecg.LeadQuality.flags`, as shown in warnings.
_QUALITY_FLAGS = {
    "missing": QT_TRANSLATE_NOOP("assessment", "missing"),
    "flat": QT_TRANSLATE_NOOP("assessment", "flat"),
    "saturated": QT_TRANSLATE_NOOP("assessment", "saturated"),
    "out_of_range": QT_TRANSLATE_NOOP("assessment", "out of range"),
}


def ecg_quality_items(ecg: Any) -> list[str]:
    """The flagged leads of ``ecg`` with their flags, in the interface language: ``["V3 (flat)", ...]``."""
    return [f"{q.lead} ({', '.join(translate('assessment', _QUALITY_FLAGS.get(f, f)) for f in q.flags)})"
            for q in getattr(ecg, "quality", ()) if q.flags]


def ecg_quality_warning(ecg: Any) -> str | None:
    """``"ECG quality: V3 (flat); V5 (saturated)"`` (translated), or None when no lead is flagged."""
    flagged = ecg_quality_items(ecg)
    return translate("assessment", "ECG quality: {leads}").format(leads="; ".join(flagged)) if flagged else None


def _ecg_warnings(ecg: ECG) -> list[str]:
    w = ecg_quality_warning(ecg)
    return [w] if w else []


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
    from ph_assist.io.safe_csv import file_ref

    if ecg is None and cxr is None and labs is None:
        raise AssessmentError(translate("errors", "nothing to assess: give an ECG, a chest X-ray or a BNP value"))
    timings: dict[str, float] = {}
    t_total = time.perf_counter()
    logits: dict[str, float] = {}
    sources: dict[str, str] = {}
    ecg_cam = cxr_cam = None
    warnings: list[str] = []
    ood_features: dict[str, np.ndarray | None] = {}  # None: the capture saw no features
    extras: dict[str, Any] = {}

    if ecg is not None:
        logits["ecg"], ecg_cam = _score_input("ecg", ecg, bundle.prepare_ecg, bundle.ecg_net, ecg_gradcam,
                                              bundle.score_ecg, explain, timings, bundle.ood, ood_features, extras)
        sources["ecg"] = file_ref(ecg.source_path) or "ECG"
        warnings += _ecg_warnings(ecg)

    if cxr is not None:
        logits["cxr"], cxr_cam = _score_input("cxr", cxr, bundle.prepare_cxr, bundle.cxr_net, cxr_gradcam,
                                              bundle.score_cxr, explain, timings, bundle.ood, ood_features, extras)
        sources["cxr"] = file_ref(cxr.source_path) or "chest X-ray"
        warnings += list(getattr(cxr, "notes", ()) or ())

    bnp_stratum = None
    if labs is not None and labs.analyte != bundle.analyte:
        # The two peptides are not interchangeable (no conversion is defensible): score the rest.
        note = translate("assessment", "{given} was given but this model bundle was trained on {trained}; the two "
                                       "peptides are not interchangeable, so {given} was left out of the risk").format(
            given=labs.analyte, trained=bundle.analyte)
        if not logits:
            from ph_assist.errors import LabValueError

            raise LabValueError(translate("errors", "{note}, and nothing else was given to assess").format(note=note))
        warnings.append(note)
        bnp_stratum = labs.stratum_label
        labs = None
    if labs is not None:
        t = time.perf_counter()
        logits["bnp"] = float(bundle.score_bnp(labs))
        timings["bnp_model"] = (time.perf_counter() - t) * 1e3
        sources["bnp"] = labs.describe()
        bnp_stratum = labs.stratum_label

    # Fusion of everything present, of every leave-one-out subset and of each input alone, in one batch.
    t = time.perf_counter()
    present = [m for m in MODALITIES if m in logits]
    rows = [[logits.get(m, np.nan) for m in MODALITIES]]
    loo = [m for m in present if len(present) > 1]
    for m in loo:
        rows.append([np.nan if k == m else logits.get(k, np.nan) for k in MODALITIES])
    for m in present:
        rows.append([logits[m] if k == m else np.nan for k in MODALITIES])
    probs = bundle.fuse_batch(np.asarray(rows, dtype=np.float64))
    risk = float(probs[0])
    contributions = {m: risk - float(p) for m, p in zip(loo, probs[1:])}
    alone = {m: float(p) for m, p in zip(present, probs[1 + len(loo):])}
    timings["fusion"] = (time.perf_counter() - t) * 1e3

    unlike = {}
    if bundle.ood is not None:
        unlike = bundle.ood.check(ood_features, labs)
    card = bundle.card
    performance = card.performance or {}
    subscores = {
        m: SubScore(
            modality=m,
            logit=logits[m],
            probability=alone[m],
            contribution=contributions.get(m),
            validation_auc=performance.get(m),
            source=sources[m],
            model_output=_sigmoid(logits[m]),
            auc_source=card.source_of((performance.get(m) or {}).get("n")),
            unlike_training=unlike.get(m),
        )
        for m in present
    }
    op = bundle.operating_for(present)
    point = op.thresholds.default_point
    threshold = {
        **point.to_dict(), "inputs": op.label, "subset": op.subset, "n": op.thresholds.n,
        "n_positive": op.thresholds.n_positive, "measured_on": op.thresholds.measured_on,
        "subset_specific": op.subset_specific, "warning": op.warning,
    }
    if bundle.ood is None:
        warnings.append(translate("assessment", "this model bundle has no description of its training data: inputs "
                                                "unlike it cannot be flagged"))
    missing = tuple(m for m in MODALITIES if m not in logits)
    timings["total"] = (time.perf_counter() - t_total) * 1e3
    return Assessment(
        case_id=case_id,
        risk=risk,
        positive=bool(risk >= point.threshold),
        threshold=threshold,
        partial=bool(missing),
        missing=missing,
        subscores=subscores,
        bundle_name=bundle.name,
        bundle_id=bundle.bundle_id,
        banner=bundle.banner,
        clinical_use=bool(bundle.clinical_use),
        origin=bundle.origin.describe(),
        ecg_lead_attribution=extras.get("ecg_leads"),
        cxr_cam_empty=bool(extras.get("cxr_cam_empty", False)),
        synthetic_training_data=bool(bundle.card.synthetic_training_data),
        ecg_cam=ecg_cam,
        cxr_cam=cxr_cam,
        bnp_stratum=bnp_stratum,
        warnings=tuple(warnings),
        timings_ms={k: round(v, 3) for k, v in timings.items()},
    )
