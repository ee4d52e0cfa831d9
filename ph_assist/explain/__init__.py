"""Explanations of model outputs: class-activation maps over the ECG trace and the chest X-ray,
their localisation against known anatomy, and per-lead ECG attribution."""

from __future__ import annotations

from ph_assist.explain.gradcam import (
    CAM_METHODS,
    DEFAULT_CXR_LAYER,
    DEFAULT_CXR_METHOD,
    CAMResult,
    GradCAM,
    cam_is_empty,
    cell_centres,
    cxr_explanation,
    cxr_gradcam,
    ecg_gradcam,
    normalize_cam,
    upsample_cam_1d,
    upsample_cam_2d,
)

__all__ = [
    "CAM_METHODS",
    "CAMResult",
    "DEFAULT_CXR_LAYER",
    "DEFAULT_CXR_METHOD",
    "GradCAM",
    "cam_is_empty",
    "cell_centres",
    "cxr_explanation",
    "cxr_gradcam",
    "ecg_gradcam",
    "normalize_cam",
    "upsample_cam_1d",
    "upsample_cam_2d",
]
