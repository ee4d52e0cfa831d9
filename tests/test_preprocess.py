"""ECG and CXR preprocessing: resampling, filters, crop/pad, NaN handling, letterbox geometry."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ph_assist.preprocess import (
    CXRPreprocessConfig,
    ECGPreprocessConfig,
    preprocess_cxr,
    preprocess_ecg,
    preprocess_signal,
)


def _tone(freq: float, fs: float, seconds: float, amp: float = 1.0, phase: float = 0.0) -> np.ndarray:
    t = np.arange(int(round(seconds * fs))) / fs
    return amp * np.sin(2 * np.pi * freq * t + phase)


def _amplitude_at(x: np.ndarray, fs: float, freq: float) -> float:
    """Amplitude of the sinusoid at ``freq`` (x spans a whole number of its periods)."""
    spec = np.abs(np.fft.rfft(x)) * 2 / len(x)
    f = np.fft.rfftfreq(len(x), 1 / fs)
    return float(spec[np.argmin(np.abs(f - freq))])


# -- ECG ------------------------------------------------------------------------
@pytest.mark.parametrize("fs", [250.0, 360.0, 500.0, 1000.0, 257.0])
def test_resampling_keeps_frequency_and_amplitude(fs):
    sig = np.tile(_tone(10.0, fs, 10.0), (12, 1))
    p = preprocess_signal(sig, fs)
    assert p.x.shape == (12, 5000) and p.x.dtype == np.float32
    assert p.n_valid == 5000 and not p.padded and p.valid.all()
    x = p.x[0].astype(np.float64)
    spec = np.abs(np.fft.rfft(x))
    assert np.fft.rfftfreq(5000, 1 / 500)[spec.argmax()] == pytest.approx(10.0)
    assert _amplitude_at(x, 500, 10.0) == pytest.approx(1.0, abs=0.02)
    # away from the edges the waveform is the source sine on the model time axis
    t = p.model_times_s()
    np.testing.assert_allclose(x[500:4500], np.sin(2 * np.pi * 10 * t[500:4500]), atol=0.02)


def test_notch_removes_powerline_and_keeps_signal():
    fs = 500.0
    lead = _tone(10.0, fs, 10.0) + _tone(50.0, fs, 10.0, amp=0.5)
    sig = np.tile(lead, (12, 1))
    plain = preprocess_signal(sig, fs, ECGPreprocessConfig(powerline_hz=None)).x[0][250:4750]
    notched = preprocess_signal(sig, fs, ECGPreprocessConfig(powerline_hz=50)).x[0][250:4750]
    assert _amplitude_at(plain, fs, 50.0) == pytest.approx(0.5, abs=0.02)
    assert _amplitude_at(notched, fs, 50.0) < 0.005  # > 40 dB down
    assert _amplitude_at(notched, fs, 10.0) == pytest.approx(1.0, abs=0.02)


def test_60hz_notch_and_validation():
    fs = 1000.0
    sig = np.tile(_tone(60.0, fs, 10.0, amp=0.3) + _tone(5.0, fs, 10.0), (12, 1))
    x = preprocess_signal(sig, fs, ECGPreprocessConfig(powerline_hz=60)).x[0][250:4750]
    assert _amplitude_at(x, 500, 60.0) < 0.005
    with pytest.raises(ValueError):
        ECGPreprocessConfig(powerline_hz=55)
    with pytest.raises(ValueError):
        ECGPreprocessConfig(target_fs=100, powerline_hz=50)  # notch at Nyquist


def test_highpass_removes_offset_and_wander():
    fs = 500.0
    t = np.arange(5000) / fs
    lead = 2.0 + 0.5 * np.sin(2 * np.pi * 0.1 * t) + _tone(10.0, fs, 10.0)
    x = preprocess_signal(np.tile(lead, (12, 1)), fs).x[0]
    assert abs(float(x[500:4500].mean())) < 0.05
    assert _amplitude_at(x, fs, 10.0) == pytest.approx(1.0, abs=0.03)


def test_long_record_central_crop():
    fs = 500.0
    n = 30 * 500
    ramp = np.arange(n) / fs * 0.1  # 0.1 mV per second: value encodes time
    cfg = ECGPreprocessConfig(highpass_hz=None)
    p = preprocess_signal(np.tile(ramp, (12, 1)), fs, cfg)
    assert p.cropped and not p.padded
    assert p.start_s == pytest.approx(10.0)
    assert p.x[0, 0] == pytest.approx(1.0, abs=1e-6)
    assert p.x[0, -1] == pytest.approx(0.1 * (10.0 + 4999 / 500), abs=1e-5)
    # odd surplus: start sample is floor((n - L) / 2)
    p2 = preprocess_signal(np.tile(ramp[:14999], (12, 1)), fs, cfg)
    assert p2.start_s == pytest.approx(4999 / 500)


def test_crop_with_resampling_maps_model_time_to_source_time():
    fs = 250.0
    sig = np.tile(_tone(1.0, fs, 25.0, phase=0.3), (12, 1))
    p = preprocess_signal(sig, fs, ECGPreprocessConfig(highpass_hz=None))
    assert p.start_s == pytest.approx(7.5)
    t = p.model_times_s()
    np.testing.assert_allclose(p.x[3], np.sin(2 * np.pi * t + 0.3), atol=0.01)


def test_short_record_zero_padded_at_end():
    fs = 360.0
    sig = np.tile(_tone(5.0, fs, 6.0), (12, 1))
    p = preprocess_signal(sig, fs)
    assert p.padded and not p.cropped and p.start_s == 0.0
    assert p.n_valid == 3000
    assert np.all(p.x[:, 3000:] == 0) and not p.valid[:, 3000:].any()
    assert p.valid[:, :3000].all()
    assert np.abs(p.x[:, 500:2500]).max() == pytest.approx(1.0, abs=0.03)


def test_amplitude_clip_and_scale():
    fs = 500.0
    sig = np.tile(_tone(10.0, fs, 10.0, amp=8.0), (12, 1))
    x = preprocess_signal(sig, fs, ECGPreprocessConfig(clip_mv=5.0, scale_mv=2.0)).x
    assert float(np.abs(x).max()) == pytest.approx(2.5, abs=1e-6)


def test_nan_segments_and_missing_lead():
    fs = 500.0
    clean = np.tile(_tone(7.0, fs, 10.0), (12, 1))
    sig = clean.copy()
    sig[1, 2000:2500] = np.nan  # 1 s gap in lead II
    sig[7] = np.nan  # V2 missing
    p = preprocess_signal(sig, fs)
    ref = preprocess_signal(clean, fs)
    assert np.all(np.isfinite(p.x))
    assert not p.valid[1, 2000:2500].any() and p.valid[1, :2000].all() and p.valid[1, 2500:].all()
    assert np.all(p.x[1, 2000:2500] == 0) and np.all(p.x[7] == 0)
    assert not p.lead_present[7] and p.lead_present[1] and p.lead_present.sum() == 11
    # away from the gap the lead is unchanged; other leads are untouched
    np.testing.assert_allclose(p.x[1, :1500], ref.x[1, :1500], atol=0.02)
    np.testing.assert_allclose(p.x[1, 3000:], ref.x[1, 3000:], atol=0.02)
    np.testing.assert_allclose(p.x[0], ref.x[0], atol=1e-6)


def test_to_source_places_model_values_on_source_samples():
    fs = 250.0
    p = preprocess_signal(np.random.default_rng(0).normal(size=(12, 250 * 20)), fs)
    assert p.start_s == pytest.approx(5.0)
    src = p.to_source(np.arange(5000, dtype=np.float64))
    assert src.shape == (5000,)
    inside = np.isfinite(src)
    assert np.flatnonzero(inside)[[0, -1]].tolist() == [1250, 3749]
    i = np.arange(5000)[inside]
    np.testing.assert_allclose(src[inside], (i / fs - 5.0) * 500, atol=1e-3)
    coarse = p.to_source(np.linspace(0, 1, 157))  # Grad-CAM resolution
    assert np.nanmin(coarse) >= 0 and np.nanmax(coarse) <= 1
    assert np.isnan(coarse[:1250]).all()


def test_preprocess_ecg_object_and_config_roundtrip():
    from ph_assist.training.toy import toy_ecg

    ecg = toy_ecg(1, seed=3, fs=360.0, duration_s=12.0)
    cfg = ECGPreprocessConfig(powerline_hz=60)
    p = preprocess_ecg(ecg, cfg)
    assert p.x.shape == (12, 5000) and p.start_s == pytest.approx(1.0) and p.source_fs == 360.0
    again = ECGPreprocessConfig.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert again == cfg
    with pytest.raises(ValueError, match="unknown"):
        ECGPreprocessConfig.from_dict({**cfg.to_dict(), "new_setting": 1})


# -- CXR ------------------------------------------------------------------------
def _rect_image(h: int, w: int, top: int, left: int, rh: int, rw: int) -> np.ndarray:
    img = np.zeros((h, w), dtype=np.float32)
    img[top:top + rh, left:left + rw] = 1.0
    return img


def test_letterbox_geometry_portrait():
    img = _rect_image(300, 200, 100, 50, 60, 40)
    p = preprocess_cxr(img, CXRPreprocessConfig(size=224))
    assert p.x.shape == (1, 224, 224) and p.x.dtype == np.float32
    assert p.resized_shape == (224, 149) and (p.offset_y, p.offset_x) == (0, 37)
    assert p.scale == pytest.approx(224 / 300)
    pad_value = (0.0 - 0.5) / 0.25
    assert np.all(p.x[0, :, :37] == pad_value) and np.all(p.x[0, :, 37 + 149:] == pad_value)
    assert p.content_mask.sum() == 224 * 149


def test_letterbox_landscape_offsets_rows():
    p = preprocess_cxr(np.full((100, 400), 0.5, np.float32), CXRPreprocessConfig(size=64))
    assert p.resized_shape == (16, 64) and (p.offset_y, p.offset_x) == (24, 0)
    np.testing.assert_allclose(p.image01()[24:40], 0.5, atol=1e-6)


def test_mask_maps_back_to_source_position():
    img = _rect_image(300, 200, 100, 50, 60, 40)
    p = preprocess_cxr(img, CXRPreprocessConfig(size=224))
    back = p.to_source(p.image01())
    assert back.shape == img.shape
    mask = back > 0.5
    truth = img > 0.5
    iou = (mask & truth).sum() / (mask | truth).sum()
    assert iou > 0.9
    # a coarse (Grad-CAM sized) map comes back at source size too
    assert p.to_source(np.ones((7, 7))).shape == (300, 200)


def test_point_roundtrip_and_location():
    img = _rect_image(300, 200, 100, 50, 60, 40)
    p = preprocess_cxr(img, CXRPreprocessConfig(size=224))
    cx, cy = 50 + 20, 100 + 30  # rectangle centre in the source
    mx, my = p.point_to_model(cx, cy)
    assert p.image01()[int(my), int(mx)] > 0.9
    assert p.point_to_source(mx, my) == pytest.approx((cx, cy))


@settings(max_examples=25, deadline=None)
@given(h=st.integers(20, 500), w=st.integers(20, 500), size=st.sampled_from([64, 224]),
       px=st.floats(0, 1), py=st.floats(0, 1))
def test_letterbox_geometry_property(h, w, size, px, py):
    p = preprocess_cxr(np.zeros((h, w), np.float32), CXRPreprocessConfig(size=size))
    rh, rw = p.resized_shape
    assert max(rh, rw) == size
    assert 0 <= p.offset_y and p.offset_y + rh <= size and 0 <= p.offset_x and p.offset_x + rw <= size
    assert abs(p.offset_y - (size - rh - p.offset_y)) <= 1 and abs(p.offset_x - (size - rw - p.offset_x)) <= 1
    x, y = px * w, py * h
    mx, my = p.point_to_model(x, y)
    assert p.offset_x - 1e-9 <= mx <= p.offset_x + rw + 1e-9
    assert p.point_to_source(mx, my) == pytest.approx((x, y))


def test_cxr_object_nan_and_config():
    obj = SimpleNamespace(image=np.where(np.eye(50, dtype=bool), np.nan, 0.7).astype(np.float32),
                          pixel_spacing_mm=None)
    p = preprocess_cxr(obj, CXRPreprocessConfig(size=64))
    assert np.all(np.isfinite(p.x))
    assert CXRPreprocessConfig(size=512).size == 512
    with pytest.raises(ValueError):
        CXRPreprocessConfig(size=8)
    cfg = CXRPreprocessConfig(size=512, mean=0.4, std=0.3)
    assert CXRPreprocessConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    with pytest.raises(ValueError):
        preprocess_cxr(np.zeros((3, 4, 5)))
