"""A small synthetic cohort in which PH leaves simple but real signs in each modality.

Used by tests and demos to train a real bundle in seconds.  **Synthetic data:
a bundle trained on it is marked "not for clinical use".**

Each PH case shows the signs of a modality with probability 0.75 (a non-PH
case with probability 0.1), independently per modality, with a random
strength, so each modality alone is informative but imperfect and fusion has
something to add:

* **ECG** (Gaussian-shaped P, Q, R, S, T waves on jittered beats, 55-100 bpm,
  random gain, white noise and baseline wander): PH signs are a dominant R
  wave in V1 (tall R, small S), deep S waves in V5-V6, negative T in V1-V3
  and right-axis deviation of the frontal QRS axis (about 45° to about 115°).
* **CXR** (soft-tissue background, two dark lung fields, spine, a bright
  central cardiac/mediastinal shadow, noise, small random shift and gain):
  PH widens the central shadow and adds a bright hilar (pulmonary artery)
  bulge on the left of the mediastinum.
* **BNP** (pg/mL): log-normal, median 30 without PH, 120 with PH.

:func:`make_toy_cohort` returns preprocessed :class:`CohortArrays` made with
the real preprocessing (:func:`toy_preprocess_configs`); :func:`toy_ecg` and
:func:`toy_cxr_image` give single raw cases (an ``ECG`` object and a
``(H, W)`` image) for end-to-end tests; :func:`quick_bundle` trains and saves
a small bundle.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from ph_assist.io.ecg import ECG, build_ecg
from ph_assist.io.leads import STANDARD_LEADS
from ph_assist.models.bundle import ModelBundle, save_bundle
from ph_assist.models.ecg_net import ECGNetConfig
from ph_assist.models.fusion import FusionSpec
from ph_assist.preprocess.cxr import CXRPreprocessConfig, preprocess_cxr
from ph_assist.preprocess.ecg import ECGPreprocessConfig, preprocess_signal
from ph_assist.training.cohort import CohortArrays
from ph_assist.training.core import ProgressCallback, TrainConfig, fit_bundle

__all__ = [
    "make_toy_cohort", "toy_preprocess_configs", "toy_ecg_signal", "toy_ecg", "toy_cxr_image",
    "toy_bnp", "quick_train_config", "quick_bundle", "TOY_DURATION_S",
]

TOY_DURATION_S = 10.0
P_SIGNS_PH, P_SIGNS_NO_PH = 0.75, 0.10

_LIMB_ANGLES = np.deg2rad([0.0, 60.0, 120.0, -150.0, -30.0, 90.0])  # I II III aVR aVL aVF
_R_NORMAL = np.array([0.2, 0.4, 0.7, 1.1, 1.3, 1.1])
_S_NORMAL = np.array([1.0, 1.2, 0.8, 0.5, 0.3, 0.2])
_R_PH = np.array([1.1, 0.9, 0.7, 0.7, 0.6, 0.5])
_S_PH = np.array([0.15, 0.5, 0.8, 0.8, 0.9, 0.8])
#                     P      Q      R     S     T
_WAVE_MU = np.array([-0.16, -0.03, 0.0, 0.03, 0.28])
_WAVE_SIGMA = np.array([0.025, 0.008, 0.012, 0.012, 0.05])


def _strength(rng: np.random.Generator, label: int) -> float:
    """Strength in [0, 1] of the PH signs a modality shows for one case."""
    shows = rng.random() < (P_SIGNS_PH if label else P_SIGNS_NO_PH)
    return float(rng.uniform(0.6, 1.0) if shows else rng.uniform(0.0, 0.2))


def toy_ecg_signal(rng: np.random.Generator, strength: float, fs: float = 500.0,
                   duration_s: float = TOY_DURATION_S) -> np.ndarray:
    """A ``(12, n)`` float32 ECG in mV with PH signs of the given strength (0-1)."""
    n = int(round(fs * duration_s))
    t = np.arange(n) / fs
    s = float(np.clip(strength, 0.0, 1.0))
    gain = rng.uniform(0.75, 1.25)
    amp = np.zeros((12, 5))
    axis = np.deg2rad(45.0 + 70.0 * s + rng.normal(0.0, 15.0))
    proj = 1.2 * np.cos(axis - _LIMB_ANGLES)
    amp[:6, 2] = np.maximum(proj, 0.0) + 0.1
    amp[:6, 3] = -(np.maximum(-proj, 0.0) + 0.1)
    amp[:6, 0] = 0.12 * np.cos(np.deg2rad(60.0) - _LIMB_ANGLES)  # P along lead II
    amp[:6, 4] = 0.25 * np.cos(np.deg2rad(45.0) - _LIMB_ANGLES)
    amp[6:, 2] = (1 - s) * _R_NORMAL + s * _R_PH
    amp[6:, 3] = -((1 - s) * _S_NORMAL + s * _S_PH)
    amp[6:, 0] = 0.08
    amp[6:, 4] = 0.3
    amp[6:9, 4] = 0.2 * (1.0 - 2.0 * s)  # T inversion V1-V3
    amp[:, 1] = -0.05
    amp *= gain * rng.uniform(0.9, 1.1, size=(12, 1))

    rr = 60.0 / rng.uniform(55.0, 100.0)
    beats = [rng.uniform(0.0, rr)]
    while beats[-1] < duration_s + 1.0:
        beats.append(beats[-1] + rr * rng.uniform(0.97, 1.03))
    beat_t = np.array([-1.0] + beats)
    idx = np.clip(np.searchsorted(beat_t, t), 1, len(beat_t) - 1)
    sig = np.zeros((12, n))
    for nearest in (beat_t[idx - 1], beat_t[idx]):
        rel = t - nearest
        g = np.exp(-0.5 * ((rel[None, :] - _WAVE_MU[:, None]) / _WAVE_SIGMA[:, None]) ** 2)
        sig += amp @ g
    wander = 0.15 * np.sin(2 * np.pi * rng.uniform(0.1, 0.4) * t + rng.uniform(0, 2 * np.pi))
    sig += wander[None, :] + rng.normal(0.0, 0.03, size=sig.shape)
    return sig.astype(np.float32)


def toy_cxr_image(rng: np.random.Generator, strength: float, height: int = 64,
                  width: int | None = None) -> np.ndarray:
    """A ``(height, width)`` float32 radiograph in [0, 1] (bones bright) with PH signs."""
    width = width or height
    s = float(np.clip(strength, 0.0, 1.0))
    yy, xx = np.mgrid[-1:1:complex(0, height), -1:1:complex(0, width)]
    xx = xx + rng.normal(0.0, 0.03)
    yy = yy + rng.normal(0.0, 0.03)

    def blob(cx: float, cy: float, rx: float, ry: float, edge: float = 0.08) -> np.ndarray:
        r = np.sqrt(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2)
        return 1.0 / (1.0 + np.exp((r - 1.0) / edge))

    img = 0.30 + 0.10 * np.exp(-(xx / 0.9) ** 4)
    lungs = blob(-0.42, -0.05, 0.30, 0.62) + blob(0.42, -0.05, 0.30, 0.62)
    img = img - 0.22 * lungs
    img = img + 0.25 * blob(0.0, 0.0, 0.06, 1.2, 0.2)  # spine
    half_width = 0.22 + 0.20 * s + rng.normal(0.0, 0.02)
    img = img + 0.45 * blob(0.04, 0.30, half_width, 0.33)  # cardiac shadow
    img = img + 0.45 * s * blob(-0.20, -0.12, 0.11, 0.11)  # pulmonary artery bulge
    img = img * rng.uniform(0.9, 1.1) + rng.normal(0.0, 0.04, size=img.shape)
    return np.clip(img, 0.0, 1.0).astype(np.float32)


def toy_bnp(rng: np.random.Generator, label: int) -> float:
    """A BNP value (pg/mL): log-normal, median 30 (no PH) or 120 (PH)."""
    return float(np.exp(rng.normal(np.log(120.0 if label else 30.0), 0.95)))


def toy_preprocess_configs(ecg_len: int = 5000, cxr_size: int = 64) -> tuple[ECGPreprocessConfig, CXRPreprocessConfig]:
    """The preprocessing whose output :func:`make_toy_cohort` produces."""
    if ecg_len % int(TOY_DURATION_S):
        raise ValueError(f"ecg_len must be a multiple of {int(TOY_DURATION_S)}")
    return (ECGPreprocessConfig(target_fs=ecg_len // int(TOY_DURATION_S), duration_s=TOY_DURATION_S),
            CXRPreprocessConfig(size=cxr_size))


def make_toy_cohort(n: int, seed: int, ecg_len: int = 5000, cxr_size: int = 64, *,
                    prevalence: float = 0.4, missing_fraction: float = 0.0,
                    analyte: str = "BNP") -> CohortArrays:
    """``n`` preprocessed toy cases (labels drawn with ``prevalence``, at least
    two of each class).  With ``missing_fraction`` > 0 each modality is missing
    in that fraction of cases (never all three for one case)."""
    if n < 4:
        raise ValueError("a toy cohort needs at least 4 cases")
    rng = np.random.default_rng(seed)
    ecg_cfg, cxr_cfg = toy_preprocess_configs(ecg_len, cxr_size)
    n_pos = int(np.clip(round(prevalence * n), 2, n - 2))
    y = np.zeros(n, dtype=np.int64)
    y[rng.choice(n, n_pos, replace=False)] = 1
    present = rng.random((n, 3)) >= missing_fraction
    for k in np.flatnonzero(~present.any(axis=1)):
        present[k, rng.integers(0, 3)] = True
    ecg: list[Any] = []
    cxr: list[Any] = []
    bnp = np.full(n, np.nan)
    for i in range(n):
        sig = toy_ecg_signal(rng, _strength(rng, y[i]), fs=ecg_cfg.target_fs)
        img = toy_cxr_image(rng, _strength(rng, y[i]), cxr_size)
        value = toy_bnp(rng, y[i])
        ecg.append(preprocess_signal(sig, ecg_cfg.target_fs, ecg_cfg).x if present[i, 0] else None)
        cxr.append(preprocess_cxr(img, cxr_cfg).x if present[i, 1] else None)
        if present[i, 2]:
            bnp[i] = value
    return CohortArrays(ecg, cxr, bnp, y, analyte, [f"toy-{seed}-{i}" for i in range(n)])


def toy_ecg(label: int, seed: int, fs: float = 500.0, duration_s: float = TOY_DURATION_S) -> ECG:
    """One raw toy ECG as an :class:`~ph_assist.io.ecg.ECG` object."""
    rng = np.random.default_rng(seed)
    sig = toy_ecg_signal(rng, _strength(rng, label), fs=fs, duration_s=duration_s)
    return build_ecg(list(zip(STANDARD_LEADS, sig)), fs, source_format="toy", source_path="<toy>")


def quick_train_config(ecg_len: int = 5000, cxr_size: int = 64, *, name: str = "toy-quick",
                       cxr_epochs: int | None = 2) -> TrainConfig:
    """Small, fast settings for tests: narrow ECG net, 2 CXR epochs (ResNet18
    dominates the cost on CPU), 2-fold OOF, short fusion training."""
    ecg_cfg, cxr_cfg = toy_preprocess_configs(ecg_len, cxr_size)
    return TrainConfig(
        name=name,
        ecg_preprocess=ecg_cfg,
        cxr_preprocess=cxr_cfg,
        ecg_net=ECGNetConfig(widths=(8, 16, 16, 32), dropout=0.1),
        fusion=FusionSpec(hidden=(16, 8), dropout=0.1),
        batch_size=16,
        lr=3e-3,
        weight_decay=1e-3,
        cxr_epochs=cxr_epochs,
        fusion_epochs=60,
        fusion_lr=1e-2,
        oof_folds=2,
        training_data="Synthetic toy cohort (ph_assist.training.toy)",
        label_definition="Synthetic label; PH signs planted in each modality",
        synthetic_training_data=True,
        clinical_use=False,
    )


def quick_bundle(tmp_path: str | os.PathLike, seed: int = 0, *, n_train: int = 64, n_val: int = 96,
                 epochs: int = 3, cxr_epochs: int = 2, ecg_len: int = 5000, cxr_size: int = 64,
                 progress: ProgressCallback | None = None) -> ModelBundle:
    """Train a small bundle on toy data and save it as ``tmp_path/quick-bundle-<seed>``.

    ``epochs`` is the ECG network's, ``cxr_epochs`` the CXR network's.  About
    5-10 s on one CPU thread.  Returns the saved bundle (``bundle.path``,
    ``bundle.bundle_id`` set; ``bundle.train_seconds`` holds the training time).
    """
    train = make_toy_cohort(n_train, seed, ecg_len, cxr_size)
    val = make_toy_cohort(n_val, seed + 1_000_003, ecg_len, cxr_size)
    bundle = fit_bundle(train, val, config=quick_train_config(ecg_len, cxr_size, cxr_epochs=cxr_epochs), seed=seed,
                        epochs=epochs, progress=progress)
    folder = Path(tmp_path) / f"quick-bundle-{seed}"
    save_bundle(bundle, folder, overwrite=True)
    return bundle
