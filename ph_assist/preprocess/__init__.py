"""Preprocessing: ECG records and chest X-rays to model inputs, with the
geometry needed to map explanations back onto the source."""

from __future__ import annotations

from ph_assist.preprocess.cxr import CXRPreprocessConfig, PreparedCXR, preprocess_cxr
from ph_assist.preprocess.ecg import ECGPreprocessConfig, PreparedECG, preprocess_ecg, preprocess_signal

__all__ = [
    "CXRPreprocessConfig", "PreparedCXR", "preprocess_cxr",
    "ECGPreprocessConfig", "PreparedECG", "preprocess_ecg", "preprocess_signal",
]
