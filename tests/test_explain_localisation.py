"""Localisation metrics on constructed maps and masks with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from ph_assist.explain.localisation import (
    finding_localisation,
    cam_localisation,
    leave_one_out_mean,
    mask_to_model,
    mass_fraction,
    pointing_hit,
)
from ph_assist.preprocess.cxr import preprocess_cxr


def box(shape: tuple[int, int], r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
    m = np.zeros(shape, dtype=bool)
    m[r0:r1, c0:c1] = True
    return m


class TestMassFraction:
    def test_known_share(self) -> None:
        cam = np.zeros((10, 10))
        cam[2, 2] = 3.0  # inside
        cam[8, 8] = 1.0  # outside
        assert mass_fraction(cam, box((10, 10), 0, 5, 0, 5)) == pytest.approx(0.75)

    def test_uniform_map_gives_area_fraction_and_valid_cuts_padding(self) -> None:
        cam = np.ones((10, 10))
        mask = box((10, 10), 0, 10, 0, 2)
        assert mass_fraction(cam, mask) == pytest.approx(0.2)
        valid = box((10, 10), 0, 10, 0, 5)  # the right half is letterbox padding
        assert mass_fraction(cam, mask, valid) == pytest.approx(0.4)

    def test_empty_map_is_nan_and_bad_input_raises(self) -> None:
        assert np.isnan(mass_fraction(np.zeros((4, 4)), box((4, 4), 0, 2, 0, 2)))
        with pytest.raises(ValueError, match="shape"):
            mass_fraction(np.zeros((4, 4)), np.zeros((5, 5), dtype=bool))
        with pytest.raises(ValueError, match="NaN"):
            mass_fraction(np.full((4, 4), np.nan), np.zeros((4, 4), dtype=bool))


class TestPointingHit:
    def test_inside_near_and_far(self) -> None:
        mask = box((40, 40), 10, 20, 10, 20)
        cam = np.zeros((40, 40))
        cam[15, 15] = 1.0
        assert pointing_hit(cam, mask, tolerance_px=0) is True
        cam[:] = 0
        cam[15, 23] = 1.0  # 4 px right of the last mask column (19)
        assert pointing_hit(cam, mask, tolerance_px=3) is False
        assert pointing_hit(cam, mask, tolerance_px=4) is True
        assert pointing_hit(np.zeros((40, 40)), mask) is None

    def test_peak_outside_valid_is_ignored(self) -> None:
        mask = box((20, 20), 0, 5, 0, 5)
        cam = np.zeros((20, 20))
        cam[2, 2] = 0.5
        cam[15, 15] = 1.0  # brighter, but on the padding
        assert pointing_hit(cam, mask, 0, valid=box((20, 20), 0, 10, 0, 10)) is True


def test_leave_one_out_mean_excludes_the_case_itself() -> None:
    cams = np.zeros((3, 4, 4))
    cams[0, 0, 0] = 2.0
    cams[1, 3, 3] = 5.0
    cams[2, 0, 3] = 1.0
    loo = leave_one_out_mean(cams)
    assert loo[0, 0, 0] == 0 and loo[0, 3, 3] == pytest.approx(0.5) and loo[0, 0, 3] == pytest.approx(0.5)
    assert loo[1, 3, 3] == 0 and loo[1, 0, 0] == pytest.approx(0.5)
    np.testing.assert_allclose(loo.sum(axis=(1, 2)), 1.0)
    # an all-zero map adds nothing and does not dilute the others
    cams[2] = 0
    assert leave_one_out_mean(cams)[0, 3, 3] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        leave_one_out_mean(cams[:1])


class TestCamLocalisation:
    def setup_method(self) -> None:
        rng = np.random.default_rng(0)
        self.n, self.shape = 20, (32, 32)
        self.masks = np.zeros((self.n,) + self.shape, dtype=bool)
        self.cams = np.zeros((self.n,) + self.shape)
        for i in range(self.n):  # the finding moves from case to case; the map follows it
            r, c = rng.integers(2, 26, size=2)
            self.masks[i, r:r + 4, c:c + 4] = True
            self.cams[i, r + 1, c + 1] = 1.0

    def test_a_map_that_follows_the_finding_beats_the_mean_map(self) -> None:
        res = cam_localisation(self.cams, {"finding": self.masks}, tolerance_px=0)
        m = res["masks"]["finding"]
        assert res["n_cases"] == self.n and res["n_empty"] == 0 and res["tolerance_px"] == 0
        assert m["mass"] == pytest.approx(1.0) and m["hit_rate"] == pytest.approx(1.0)
        assert m["area_fraction"] == pytest.approx(16 / 1024)
        assert m["mean_map_mass"] < 0.2
        assert m["mass_margin"] == pytest.approx(m["mass"] - m["mean_map_mass"])
        lo, hi = m["mass_margin_ci"]
        assert lo <= m["mass_margin"] <= hi and lo > 0.5 and m["mass_wins"] == 1.0

    def test_an_image_independent_map_ties_with_the_mean_map(self) -> None:
        fixed = np.zeros_like(self.cams)
        fixed[:, 16, 16] = 1.0  # the same spot whatever the image
        m = cam_localisation(fixed, {"finding": self.masks}, tolerance_px=0)["masks"]["finding"]
        assert m["mass"] == pytest.approx(m["mean_map_mass"])
        assert m["hit_rate"] == pytest.approx(m["mean_map_hit_rate"]) and m["mass_margin"] == pytest.approx(0)

    def test_empty_maps_count_as_misses(self) -> None:
        cams = self.cams.copy()
        cams[:5] = 0
        res = cam_localisation(cams, {"finding": self.masks, "nothing": np.zeros_like(self.masks)},
                               tolerance_px=0)
        assert res["n_empty"] == 5
        assert res["masks"]["finding"]["hit_rate"] == pytest.approx(15 / 20)
        assert res["masks"]["finding"]["mass"] == pytest.approx(15 / 20)
        assert res["masks"]["nothing"]["mass"] == 0 and res["masks"]["nothing"]["hit_rate"] == 0

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="shape"):
            cam_localisation(self.cams, {"x": self.masks[:, :16]})
        with pytest.raises(ValueError, match="no masks"):
            cam_localisation(self.cams, {})


def test_mask_to_model_follows_the_letterbox() -> None:
    img = np.zeros((100, 50), dtype=np.float32)  # tall image: padding left and right
    prep = preprocess_cxr(img)
    mask = box((100, 50), 40, 60, 0, 10)
    mm = mask_to_model(mask, prep)
    assert mm.shape == (224, 224) and not mm[~prep.content_mask].any()
    rows, cols = np.nonzero(mm)
    # source rows 40..60 -> model rows 89.6..134.4; columns 0..10 -> offset 56 .. 56 + 22.4
    assert abs(rows.min() - 89.6) <= 1 and abs(rows.max() + 1 - 134.4) <= 1
    assert cols.min() == prep.offset_x and abs(cols.max() + 1 - (prep.offset_x + 22.4)) <= 1
    with pytest.raises(ValueError, match="differs"):
        mask_to_model(mask.T, prep)


def test_finding_localisation_rewards_a_map_that_follows_this_images_finding() -> None:
    """A map that lights the structure only where the finding is pronounced beats the mean map;
    a map that is the same in every image (the mean map itself) has no margin."""
    rng = np.random.default_rng(3)
    n, size = 40, 32
    mask = np.zeros((n, size, size), dtype=bool)
    mask[:, 10:16, 10:16] = True  # the structure, same place in every case
    strength = rng.uniform(0.0, 1.0, n)
    pronounced = strength >= np.median(strength)
    base = np.ones((n, size, size))
    follows = base.copy()
    follows[pronounced, 10:16, 10:16] += 4.0  # evidence on the structure only when the finding is there
    res = finding_localisation(follows, {"s": (mask, strength)}, seed=0)
    s = res["structures"]["s"]
    assert s["n_pronounced"] == int(pronounced.sum())
    area = 36 / size**2
    assert s["mass"] == pytest.approx(5 * area / (1 + 4 * area))  # on the structure, where pronounced
    assert s["margin"] > 0 and s["margin_ci"][0] > 0 and s["wins"] == 1.0
    assert res["pooled"]["relative_margin"] > 0.3 and res["pooled"]["relative_margin_ci"][0] > 0
    assert res["pooled"]["wins"] == 1.0 and res["pooled"]["median_relative_margin"] > 0.3

    same = np.repeat(follows.mean(axis=0, keepdims=True), n, axis=0)  # image-independent
    flat = finding_localisation(same, {"s": (mask, strength)}, seed=0)
    assert flat["structures"]["s"]["margin"] == pytest.approx(0.0, abs=1e-12)
    assert flat["pooled"]["relative_margin"] == pytest.approx(0.0, abs=1e-12)
    assert flat["pooled"]["median_relative_margin"] == pytest.approx(0.0, abs=1e-12)


def test_finding_localisation_checks_shapes() -> None:
    cams = np.ones((3, 8, 8))
    with pytest.raises(ValueError, match="do not match"):
        finding_localisation(cams, {"s": (np.ones((3, 8, 8), bool), np.ones(2))})
    with pytest.raises(ValueError, match="no structures"):
        finding_localisation(cams, {})
