"""The display high-pass leaves the start of a trace as it was (no dip that looks like ST depression)."""

from __future__ import annotations

import numpy as np

from ph_assist.preprocess.display_filters import display_filter
from tests.conftest import sample_file


def test_spike_at_the_first_sample_leaves_no_dip():
    fs = 500.0
    t = np.arange(0, 10, 1 / fs)
    x = 0.3 * np.sin(2 * np.pi * 1.2 * t) + 0.8  # offset: the filter must remove it without an edge effect
    x[0] = 0.2  # a 1-sample spike of -0.6 mV at t = 0
    y = display_filter(x[None], fs, highpass=True)[0]
    raw = x - 0.8
    n = int(0.7 * fs)
    assert np.abs(y[1:n] - raw[1:n]).max() < 0.12  # an odd extension anchored on the spike gave 0.6 mV


def test_philips_trace_start_matches_the_raw_samples():
    """Philips 129DYPRG.XML: I, II, III start with a step; filtered, their first 0.7 s stay within
    0.1 mV of the raw samples (before: a -0.54 mV dip lasting 0.7 s)."""
    from ph_assist.io import read_ecg

    ecg = read_ecg(sample_file("ecg", "philips_xml", "129DYPRG.XML"))
    x = np.stack([ecg.lead(name) for name in ("I", "II", "III")])
    y = display_filter(x, ecg.fs, highpass=True)
    n = int(0.7 * ecg.fs)
    for raw, filt in zip(x, y):
        base = raw - np.median(raw[:n])
        assert np.abs(filt[5:n] - base[5:n]).max() < 0.1
