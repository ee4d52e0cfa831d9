"""Refit a bundle's fusion, calibration, thresholds and training-data description
without retraining its networks.

The networks are the expensive part of a bundle; the fusion, the calibration
per set of inputs, the thresholds and the "unlike the training data"
detectors are cheap.  :func:`refit_bundle` keeps the ECG, CXR and BNP
sub-models and fits the rest again:

* **fusion** (monotone network and logistic-regression baseline) on
  *out-of-sample* sub-model logits: the out-of-fold logits stored in the
  bundle's training record when it has them, otherwise on ``fusion_cases``,
  extra labelled cases the networks never saw, scored by the final networks;
* **calibration and thresholds** per set of inputs on the validation cases;
* **the "unlike the training data" detectors** on the training cases'
  features, thresholds on the validation cases;
* a new **training record** (salted hashes of every case used) and model card
  (figures recomputed on the validation cases, which fusion was shipped and
  why, the exact recipe).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np

from ph_assist.i18n import translate
from ph_assist.models.bundle import ModelBundle, library_versions
from ph_assist.models.card import ModelCard
from ph_assist.models.fusion import MODALITIES, FusionSpec
from ph_assist.models.ood_set import fit_ood
from ph_assist.models.record import TrainingRecord
from ph_assist.training.calibrate import fit_operating_set
from ph_assist.training.cohort import CohortArrays
from ph_assist.training.core import (
    TrainConfig, describe_fusion_choice, fusion_logits, train_fusion, train_logistic_fusion,
)
from ph_assist.training.evaluate import score_arrays
from ph_assist.training.metrics import roc_auc_ci, small_sample_warning

__all__ = ["refit_bundle"]


def refit_bundle(
    bundle: ModelBundle,
    *,
    train: CohortArrays,
    val: CohortArrays,
    fusion_cases: CohortArrays | None = None,
    seed: int = 0,
    device: str = "cpu",
    recipe: str = "",
    name: str | None = None,
    training_data: str | None = None,
) -> tuple[ModelBundle, dict[str, Any]]:
    """A new (unsaved, format-2) bundle with ``bundle``'s networks and everything else refitted.

    ``train`` are the cases the networks were trained on (for the training-data
    description and the record), ``val`` the validation cases (calibration,
    thresholds, detector thresholds).  Returns the bundle and a dict of what was
    measured on the way (validation AUCs, the fusion comparison).
    """
    synthetic = bool(bundle.card.synthetic_training_data)
    cfg = TrainConfig(name=name or bundle.name, analyte=bundle.analyte,
                      fusion=FusionSpec(logit_clip=bundle.fusion_spec.logit_clip), synthetic_training_data=synthetic)
    record = TrainingRecord.new()
    if bundle.record is not None and bundle.record.role_mask("train").any() and fusion_cases is None:
        m = bundle.record.role_mask("train")
        fz, fy = bundle.record.logits[m], bundle.record.labels[m]
        fusion_source = f"{int(m.sum())} training cases' {bundle.record.logits_kind.get('train', 'stored')}"
    elif fusion_cases is not None:
        fz, fy = score_arrays(bundle, fusion_cases, device), fusion_cases.y
        fusion_source = (f"{len(fy)} separate cases never seen by the networks, scored by the final sub-models "
                         "(out-of-sample logits)")
    else:
        raise ValueError(translate("errors", "this bundle stores no out-of-fold logits: give fusion cases the "
                                             "networks never saw"))

    vz = score_arrays(bundle, val, device)
    usable = np.isfinite(vz).any(axis=1)
    yv = val.y[usable]
    fusion = train_fusion(fz, fy, cfg, seed)
    fusion_lr = train_logistic_fusion(fz, fy, cfg, seed)
    clip = cfg.fusion.logit_clip
    val_data = "synthetic validation set" if synthetic else "validation set"
    operating, by_inputs = fit_operating_set(lambda z: fusion_logits(fusion, z, clip), vz[usable], yv,
                                             method=cfg.calibration, target_sensitivity=cfg.target_sensitivity,
                                             measured_on=val_data)
    fused = fusion_logits(fusion, vz[usable], clip)
    performance: dict[str, Any] = {}
    for col, mod in enumerate(MODALITIES):
        ok = np.isfinite(vz[:, col])
        performance[mod] = roc_auc_ci(val.y[ok], vz[ok, col]).to_dict() if ok.sum() > 1 else None
    performance["fused"] = roc_auc_ci(yv, fused).to_dict()
    choice = describe_fusion_choice(yv, fused, fusion_lr.decision_function(vz[usable]),
                                    f"{val_data} (n = {len(yv)})")
    ood = fit_ood(bundle.ecg_net, bundle.cxr_net, train, val, analyte=bundle.analyte, device=device)

    tz = np.full((len(train), 3), np.nan)
    record.add("train", train.fingerprints, train.y, tz, "not stored (the networks' training cases)")
    record.add("val", val.fingerprints, val.y, vz, "final sub-models")
    if fusion_cases is not None:
        record.add("fusion", fusion_cases.fingerprints, fy, fz, "final sub-models (cases unseen by the networks)")

    warnings = [w for w in (small_sample_warning(int(yv.sum()), int(len(yv) - yv.sum()), "validation"),) if w]
    warnings += [f"{k}: {v.warning}" for k, v in operating.per_subset.items() if v.warning]
    old = bundle.card
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    card = dataclasses.replace(
        old,
        name=cfg.name,
        date=created,
        training_data=training_data or old.training_data,
        performance=performance,
        n_val=int(len(val)),
        notes=(
            f"Networks (ECG, CXR) and the BNP regression kept from bundle {(bundle.bundle_id or '')[:12]} "
            f"({old.date}); fusion, calibration, thresholds and the training-data description refitted.",
            f"Fusion (monotone 3-layer network) fitted on {fusion_source}, with modality dropout "
            f"p={cfg.modality_dropout_p:g}; a logistic-regression fusion was fitted beside it.",
            f"Calibration ({cfg.calibration}) and thresholds fitted per set of present inputs on the {val_data} "
            f"(n = {len(yv)}); threshold sensitivity/specificity are measured on the same cases (optimistic).",
            f"AUC 95% CI: {performance['fused']['method']}. Seed {seed}.",
        ) + tuple(f"Networks' original training: {n}" for n in old.notes if "epochs" in n),
        performance_by_inputs=by_inputs,
        fusion=choice,
        recipe=recipe,
        warnings=tuple(warnings),
    )
    new = ModelBundle(
        name=cfg.name, ecg_preprocess=bundle.ecg_preprocess, cxr_preprocess=bundle.cxr_preprocess,
        ecg_net=bundle.ecg_net, cxr_net=bundle.cxr_net, bnp=bundle.bnp, fusion=fusion, operating=operating,
        card=card, fusion_lr=fusion_lr, record=record, ood=ood, created=created, versions=library_versions(),
    )
    measured = {"validation_auc": performance, "by_inputs": by_inputs, "fusion_choice": choice,
                "fusion_source": fusion_source, "ood": ood.to_meta()}
    return new, measured
