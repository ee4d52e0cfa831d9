"""PH-Assist models: ECG 1-D CNN, CXR ResNet18, BNP logistic regression,
late-fusion network, calibration/thresholds, and the model bundle on disk."""

from __future__ import annotations

from ph_assist.models.bnp import BNPModel, normalize_analyte
from ph_assist.models.bundle import ModelBundle, load_bundle, save_bundle, verify_bundle
from ph_assist.models.calibration import (
    Calibrator,
    OperatingPoint,
    Thresholds,
    choose_threshold,
    youden_threshold,
)
from ph_assist.models.card import ModelCard
from ph_assist.models.cxr_net import CXRResNet18, build_cxr_resnet18
from ph_assist.models.ecg_net import ECGNetConfig, ECGResNet1d
from ph_assist.models.fusion import FusionNet, FusionSpec, fusion_features, modality_dropout

__all__ = [
    "BNPModel", "normalize_analyte",
    "ModelBundle", "load_bundle", "save_bundle", "verify_bundle",
    "Calibrator", "OperatingPoint", "Thresholds", "choose_threshold", "youden_threshold",
    "ModelCard",
    "CXRResNet18", "build_cxr_resnet18",
    "ECGNetConfig", "ECGResNet1d",
    "FusionNet", "FusionSpec", "fusion_features", "modality_dropout",
]
