"""Synthetic acquisition sites: device characteristics that differ between hospitals.

Each site has its own ECG cart (mains frequency, noise, baseline wander) and
its own radiography system (field of view, exposure, detector noise, pixel
spacing, stored polarity).  Holding one site out of training turns it into an
external-validation set whose devices the model has never seen.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class SiteProfile:
    """Device characteristics of one synthetic site."""

    name: str
    weight: float  # share of the cohort
    mains_hz: float  # powerline interference frequency
    ecg_noise: float  # EMG / electrode noise scale (1 = typical)
    ecg_powerline_mv: float  # mean powerline amplitude at an electrode (mV)
    ecg_wander_mv: float  # respiration-like baseline wander amplitude (mV)
    cxr_fov: float  # field of view relative to the chest (larger = patient appears smaller)
    cxr_exposure: float  # brightness offset of the display image
    cxr_contrast: float  # contrast (gamma-like) of the display image
    cxr_noise: float  # detector noise SD on the [0, 1] display scale
    cxr_spacing_mm: float  # ImagerPixelSpacing at 512 px (scaled for other sizes)
    cxr_monochrome1: float  # fraction of images stored as MONOCHROME1 (inverted)
    cxr_modality: str  # "DX" or "CR"
    cxr_manufacturer: str
    ecg_manufacturer: str


DEFAULT_SITES: tuple[SiteProfile, ...] = (
    SiteProfile(
        name="A", weight=0.45, mains_hz=50.0, ecg_noise=1.0, ecg_powerline_mv=0.020,
        ecg_wander_mv=0.10, cxr_fov=1.00, cxr_exposure=0.00, cxr_contrast=1.00,
        cxr_noise=0.012, cxr_spacing_mm=0.80, cxr_monochrome1=0.0, cxr_modality="DX",
        cxr_manufacturer="PH-Assist Synthetic DR-A", ecg_manufacturer="PH-Assist Synthetic ECG-A",
    ),
    SiteProfile(
        name="B", weight=0.35, mains_hz=60.0, ecg_noise=1.4, ecg_powerline_mv=0.035,
        ecg_wander_mv=0.15, cxr_fov=1.08, cxr_exposure=0.04, cxr_contrast=0.90,
        cxr_noise=0.018, cxr_spacing_mm=0.85, cxr_monochrome1=0.0, cxr_modality="DX",
        cxr_manufacturer="PH-Assist Synthetic DR-B", ecg_manufacturer="PH-Assist Synthetic ECG-B",
    ),
    SiteProfile(
        name="C", weight=0.20, mains_hz=50.0, ecg_noise=0.8, ecg_powerline_mv=0.010,
        ecg_wander_mv=0.07, cxr_fov=0.95, cxr_exposure=-0.04, cxr_contrast=1.12,
        cxr_noise=0.010, cxr_spacing_mm=0.76, cxr_monochrome1=0.5, cxr_modality="CR",
        cxr_manufacturer="PH-Assist Synthetic CR-C", ecg_manufacturer="PH-Assist Synthetic ECG-C",
    ),
)


def site_by_name(name: str, sites: tuple[SiteProfile, ...] = DEFAULT_SITES) -> SiteProfile:
    for site in sites:
        if site.name == name:
            return site
    raise KeyError(f"unknown synthetic site {name!r}")
