"""Static figures: per-lead chips and the empty-map label (matplotlib Agg, no Qt)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from ph_assist import render
from ph_assist.io import build_ecg
from tests.ecg_fixtures import synthetic_leads


def test_empty_cxr_map_is_labelled_not_drawn(tmp_path) -> None:
    img = np.full((64, 200), 0.5, np.float32)
    plain = render.cxr_overlay_rgb(img, None)
    assert np.array_equal(render.cxr_overlay_rgb(img, np.zeros_like(img)), plain)  # no tint
    p = render.save_cxr_overlay_png(img, np.zeros_like(img), tmp_path / "e.png")
    written = np.asarray(Image.open(p))
    assert not np.array_equal(written, plain)  # the label is there
    assert np.array_equal(written[40:], plain[40:])  # and nothing else changed
    assert render.map_is_empty(np.zeros(3)) and not render.map_is_empty(None)
    assert not render.map_is_empty(np.array([0.0, 0.1]))


def test_ecg_figure_with_lead_chips_and_per_lead_bands() -> None:
    ecg = build_ecg(synthetic_leads(500.0, 10.0), 500.0, source_format="test", source_path="x")
    np.testing.assert_allclose(render.lead_levels(np.array([2.0, 1.0, -1.0])), [1.0, 0.5, 0.0])
    assert not np.any(render.lead_levels(np.array([-1.0, 0.0])))
    values = np.zeros(12)
    values[6] = 1.0
    bands = np.zeros((12, ecg.n_samples), np.float32)
    bands[6, 1000:1100] = 1.0
    fig = render.ecg_figure(ecg, bands, lead_attribution=values)
    chips = [p for ax in fig.axes[:12] for p in ax.patches]
    assert len(chips) == 12
    from matplotlib import colormaps

    assert np.allclose(chips[6].get_facecolor(), colormaps[render.HEAT_CMAP](1.0))
    assert np.allclose(chips[0].get_facecolor(), colormaps[render.HEAT_CMAP](0.0))
    assert len(fig.axes) == 13  # the legend's colour bar
