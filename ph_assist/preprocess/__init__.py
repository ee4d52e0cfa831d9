"""Preprocessing: ECG records and chest X-rays to model inputs, with the
geometry needed to map explanations back onto the source.

Names are imported lazily (the CXR module needs torch), so that importing
``ph_assist.preprocess.display_filters`` for the viewer stays light.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "CXRPreprocessConfig": "cxr", "PreparedCXR": "cxr", "preprocess_cxr": "cxr",
    "ECGPreprocessConfig": "ecg", "PreparedECG": "ecg", "preprocess_ecg": "ecg", "preprocess_signal": "ecg",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f"ph_assist.preprocess.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'ph_assist.preprocess' has no attribute {name!r}")
