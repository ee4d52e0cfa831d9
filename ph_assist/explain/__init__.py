"""Explanations of model outputs: Grad-CAM maps over the ECG trace and the chest X-ray."""

from __future__ import annotations

from ph_assist.explain.gradcam import (
    GradCAM,
    cxr_gradcam,
    ecg_gradcam,
    normalize_cam,
    upsample_cam_1d,
    upsample_cam_2d,
)

__all__ = [
    "GradCAM",
    "cxr_gradcam",
    "ecg_gradcam",
    "normalize_cam",
    "upsample_cam_1d",
    "upsample_cam_2d",
]
