"""The explanation measures' shared pieces on a real generated cohort (masks on the model's grid)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from ph_assist.errors import InputError
from ph_assist.explain.localisation import finding_localisation, mask_to_model
from ph_assist.explain.measure import (FINDING_PARTS, FINDINGS, MASKS, localise_findings, mapped_masks,
                                       masked_ph_cases, measure_explanations)
from ph_assist.io import read_cxr
from ph_assist.models.bundle import load_bundle
from ph_assist.preprocess.cxr import CXRPreprocessConfig, preprocess_cxr
from ph_assist.synth import generate_cohort


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    return generate_cohort(tmp_path_factory.mktemp("masked") / "c", 12, 21, cxr_size=96, n_ceiling=0).parent


def _prepared(case):
    return preprocess_cxr(read_cxr(case["cxr"]), CXRPreprocessConfig(size=64))


def test_mapped_masks_are_unions_on_the_model_grid(cohort):
    case = masked_ph_cases(cohort / "manifest.csv", limit=1)[0]
    prep = _prepared(case)
    named = mapped_masks(case["masks"], prep, MASKS)
    assert named is not None and set(named) == set(MASKS)
    assert all(m.shape == (64, 64) and m.dtype == bool for m in named.values())
    with np.load(case["masks"]) as z:
        assert np.array_equal(named["right heart"], mask_to_model(z["right_heart"], prep))
        pa, hilar = mask_to_model(z["main_pa"], prep), mask_to_model(z["hilar_arteries"], prep)
    assert named["PA+hilar"].sum() >= max(pa.sum(), hilar.sum()) > 0
    assert not (named["PA+hilar"] & ~named["PA+hilar+right heart"]).any()  # a union holds its parts


def test_a_mask_file_of_an_older_generator_is_none_and_measuring_it_names_the_file(cohort, tmp_path, quick_bundle_dir):
    cases = masked_ph_cases(cohort / "manifest.csv", limit=2)
    old = tmp_path / "old_cxr.npz"
    with np.load(cases[0]["masks"]) as z:
        np.savez(old, **{k: z[k] for k in z.files if k != "lungs"})
    prep = _prepared(cases[0])
    assert mapped_masks(old, prep, MASKS) is None
    assert mapped_masks(old, prep, FINDING_PARTS) is not None  # the findings' parts are all there
    shutil.copy(old, cases[1]["masks"])
    with pytest.raises(ValueError, match=r"_cxr\.npz: lacks one of the masks"):
        measure_explanations(load_bundle(quick_bundle_dir), cases)


def test_localise_findings_is_finding_localisation_on_the_generator_strengths(cohort):
    cases = masked_ph_cases(cohort / "manifest.csv", limit=None)
    assert len(cases) >= 2 and all("findings" in c for c in cases)
    rng = np.random.default_rng(0)
    cams, valid, single = [], [], {p: [] for p in FINDING_PARTS}
    for case in cases:
        prep = _prepared(case)
        cams.append(rng.random((64, 64)))
        valid.append(prep.content_mask)
        for part, m in mapped_masks(case["masks"], prep, FINDING_PARTS).items():
            single[part].append(m)
    got = localise_findings(np.stack(cams), single, cases, np.stack(valid))
    want = finding_localisation(
        np.stack(cams), {name: (np.stack(single[part]), np.array([c["findings"][name] for c in cases]))
                         for name, (part, _) in FINDINGS.items()}, valid=np.stack(valid))
    assert got == want and set(got["structures"]) == set(FINDINGS)


@pytest.mark.parametrize("damage", ["truncated", "pickled", "wrong shape"])
def test_a_damaged_mask_file_is_one_line_naming_it(cohort, tmp_path, damage):
    case = masked_ph_cases(cohort / "manifest.csv", limit=1)[0]
    bad = tmp_path / "bad_cxr.npz"
    if damage == "truncated":
        bad.write_bytes(Path(case["masks"]).read_bytes()[:40])
    elif damage == "pickled":
        np.savez(bad, heart=np.array([{"a": 1}], dtype=object))
    else:
        np.savez(bad, heart=np.zeros((5, 7), dtype=bool))
    with pytest.raises(InputError) as err:
        mapped_masks(bad, _prepared(case), {"heart": ("heart",)})
    assert str(err.value).startswith(f"{bad}: not a readable mask file (") and "\n" not in str(err.value)
