"""The synthetic cohort generator (ph_assist.synth) and ``ph-assist synth``."""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from ph_assist.io import read_ecg
from ph_assist.io.labs import parse_labs
from ph_assist.io.leads import STANDARD_LEADS
from ph_assist.synth import (
    MANIFEST_COLUMNS,
    GeneratorParams,
    case_seed,
    ceiling_auc,
    cohort_latents,
    generate_cohort,
    read_latents_csv,
    render_case,
    simulate_latents,
)
from ph_assist.synth.cxr import write_cxr_dicom
from ph_assist.synth.ecg import render_ecg, write_ecg_wfdb
from ph_assist.synth.latent import ECG_DRIVERS
from ph_assist.synth.measure import cxr_measures, ecg_measures
from ph_assist.synth.sites import DEFAULT_SITES

SEED = 7
N = 12
SIZE = 256
HAVE_CXR_READER = importlib.util.find_spec("ph_assist.io.cxr") is not None
HAVE_DICOM_ECG_READER = importlib.util.find_spec("ph_assist.io.ecg_dicom") is not None


def _rows(manifest: Path) -> list[dict[str, str]]:
    with open(manifest, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """A small mixed-format cohort (WFDB and DICOM ECGs), written once for the module."""
    out = tmp_path_factory.mktemp("cohort") / "c"
    fmt = "mixed" if HAVE_DICOM_ECG_READER else "wfdb"
    generate_cohort(out, N, SEED, ecg_format=fmt, cxr_size=SIZE, n_ceiling=0)
    return out


# --------------------------------------------------------------------------- files


def test_manifest_columns_paths_and_labels(cohort):
    manifest = cohort / "manifest.csv"
    with open(manifest, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == MANIFEST_COLUMNS
    rows = _rows(manifest)
    assert len(rows) == N
    assert len({r["case_id"] for r in rows}) == N and len({r["patient_id"] for r in rows}) == N
    lat = read_latents_csv(cohort / "latents.csv")
    for i, r in enumerate(rows):
        for key in ("ecg_path", "cxr_path"):
            p = Path(r[key])
            assert not p.is_absolute() and ".." not in p.parts
            assert (cohort / p).is_file()
        assert r["split"] == ""
        assert r["site"] in {s.name for s in DEFAULT_SITES}
        assert r["label"] in ("0", "1")
        assert lat["case_id"][i] == r["case_id"]
        # label is defined as latent mPAP > 20 mmHg
        assert int(r["label"]) == int(lat["mpap"][i] > 20.0)
        labs = parse_labs(r["bnp"], r["bnp_unit"], "BNP")
        assert 5.0 - 0.01 <= labs.value_pg_ml <= 5000.0 + 0.01
        assert labs.value_pg_ml == pytest.approx(lat["bnp_pg_ml"][i], rel=2e-3, abs=0.06)
        assert (cohort / "masks" / f"{r['case_id']}_ecg.npz").is_file()
        assert (cohort / "masks" / f"{r['case_id']}_cxr.npz").is_file()
    for col in ("mpap", "severity", "age", "sex", "egfr", "lhf", "copd", "rbbb", "ecg_axis_deg",
                "ph_group", "bmi", "bnp_pg_ml", "cxr_mpa", "cxr_prune", "ecg_p_mv"):
        assert col in lat, col


def test_cohort_json(cohort):
    info = json.loads((cohort / "cohort.json").read_text(encoding="utf-8"))
    assert info["synthetic"] is True and "SYNTHETIC" in info["statement"]
    assert info["seed"] == SEED and info["n"] == N
    assert info["generator_version"]
    assert info["parameters"]["prevalence"] == GeneratorParams().prevalence
    assert "(mPAP) > 20 mmHg" in info["label_definition"]
    assert len(info["sites"]) == 3


def test_every_ecg_reads_back_as_a_valid_12_lead(cohort):
    formats = set()
    for r in _rows(cohort / "manifest.csv"):
        ecg = read_ecg(cohort / r["ecg_path"])
        formats.add(ecg.source_format)
        assert ecg.leads == STANDARD_LEADS
        assert ecg.fs == 500.0 and ecg.n_samples == 5000
        assert all(q.ok for q in ecg.quality), [q.flags for q in ecg.quality if not q.ok]
        i, ii, iii = ecg.lead("I"), ecg.lead("II"), ecg.lead("III")
        # Einthoven and Goldberger hold up to the 1 uV storage resolution.
        assert np.abs(iii - (ii - i)).max() <= 0.0016
        assert np.abs(ecg.lead("aVR") + (i + ii) / 2).max() <= 0.0021
        assert np.abs(ecg.lead("aVF") - (ii - i / 2)).max() <= 0.0021
        assert 0.3 < np.ptp(ii) < 8.0
    if HAVE_DICOM_ECG_READER:
        assert formats == {"wfdb", "dicom-ecg"}


def test_every_cxr_reads_back_through_pydicom(cohort):
    import pydicom

    seen = set()
    for r in _rows(cohort / "manifest.csv"):
        ds = pydicom.dcmread(cohort / r["cxr_path"])
        assert ds.file_meta.TransferSyntaxUID == pydicom.uid.ExplicitVRLittleEndian
        assert ds.Modality in ("DX", "CR") and ds.ViewPosition == "PA"
        assert ds.BitsAllocated == 16 and ds.BitsStored == 12 and ds.HighBit == 11
        assert ds.PhotometricInterpretation in ("MONOCHROME1", "MONOCHROME2")
        assert len(ds.ImagerPixelSpacing) == 2 and float(ds.ImagerPixelSpacing[0]) > 0
        assert str(ds.PatientName) == "" and str(ds.PatientID) == ""
        px = ds.pixel_array
        assert px.shape == (SIZE, SIZE) and px.max() <= 4095 and px.std() > 100
        seen.add(ds.Modality)


@pytest.mark.skipif(not HAVE_CXR_READER, reason="ph_assist/io/cxr.py (read_cxr) is not there yet")
def test_every_cxr_reads_back_through_read_cxr(cohort):
    from ph_assist.io import read_cxr

    lat = read_latents_csv(cohort / "latents.csv")
    for i, r in enumerate(_rows(cohort / "manifest.csv")):
        cxr = read_cxr(cohort / r["cxr_path"])
        assert cxr.shape == (SIZE, SIZE) and cxr.view_position == "PA"
        assert cxr.pixel_spacing_mm is not None
        if i < 3:  # the file holds what render_case draws, up to 12-bit quantisation
            row = {k: lat[k][i] for k in lat}
            _, image, _ = render_case(row, case_seed(SEED, i), cxr_size=SIZE)
            assert np.abs(cxr.image - image).max() < 1.0 / 4095 + 1e-4


@pytest.mark.skipif(not HAVE_CXR_READER, reason="ph_assist/io/cxr.py (read_cxr) is not there yet")
def test_monochrome1_is_stored_inverted_and_reads_back_the_same(tmp_path):
    import pydicom

    from ph_assist.io import read_cxr

    row = {k: v[0] for k, v in cohort_latents(1, 3).items()}
    _, image, _ = render_case(row, 5, cxr_size=128)
    site = DEFAULT_SITES[2]
    p1 = write_cxr_dicom(image, tmp_path / "m1.dcm", uid_seed="x", site=site, monochrome1=True)
    p2 = write_cxr_dicom(image, tmp_path / "m2.dcm", uid_seed="x", site=site, monochrome1=False)
    a, b = pydicom.dcmread(p1).pixel_array.astype(int), pydicom.dcmread(p2).pixel_array.astype(int)
    assert np.array_equal(a, 4095 - b)
    c1, c2 = read_cxr(p1), read_cxr(p2)
    assert c1.photometric == "MONOCHROME1"
    assert np.abs(c1.image - c2.image).max() < 1e-3
    assert np.abs(c2.image - image).max() < 1.0 / 4095 + 1e-4


def test_masks_files(cohort):
    r = _rows(cohort / "manifest.csv")[0]
    with np.load(cohort / "masks" / f"{r['case_id']}_cxr.npz") as z:
        for key in ("main_pa", "hilar_arteries", "right_heart", "pruned_periphery", "heart", "lungs"):
            assert z[key].dtype == bool and z[key].shape == (SIZE, SIZE) and z[key].any(), key
        assert bool(z["ph"]) == (r["label"] == "1")
    with np.load(cohort / "masks" / f"{r['case_id']}_ecg.npz") as z:
        for key in ("P_II", "QRS_V1", "T_V1", "T_V2", "T_V3"):
            assert z[key].dtype == bool and z[key].shape == (5000,) and z[key].any(), key
        assert z["findings"].shape == (12, 5000)
        assert list(z["leads"]) == list(STANDARD_LEADS)
        assert z["findings"][STANDARD_LEADS.index("II")].sum() == z["P_II"].sum()
        assert not z["findings"][STANDARD_LEADS.index("V6")].any()


def test_render_case_reproduces_the_files(cohort):
    lat = read_latents_csv(cohort / "latents.csv")
    rows = _rows(cohort / "manifest.csv")
    for i in (0, 1):
        row = {k: lat[k][i] for k in lat}
        leads, _, masks = render_case(row, case_seed(SEED, i), cxr_size=SIZE)
        ecg = read_ecg(cohort / rows[i]["ecg_path"])
        for name in STANDARD_LEADS:
            assert np.abs(ecg.lead(name) - leads[name]).max() <= 0.0006
        with np.load(cohort / "masks" / f"{rows[i]['case_id']}_cxr.npz") as z:
            assert np.array_equal(z["main_pa"], masks["cxr"]["main_pa"])


def test_fast_wfdb_writer_matches_write_wfdb(tmp_path):
    rows = cohort_latents(3, 11)
    for i in range(3):
        d = {k: rows[k][i] for k in ECG_DRIVERS}
        leads, _ = render_ecg(d, DEFAULT_SITES[i], np.random.default_rng(i))
        write_ecg_wfdb(leads, 500.0, tmp_path / "slow" / f"r{i}", fast=False)
        write_ecg_wfdb(leads, 500.0, tmp_path / "fast" / f"r{i}")
        for ext in (".hea", ".dat"):
            assert (tmp_path / "slow" / f"r{i}{ext}").read_bytes() == (tmp_path / "fast" / f"r{i}{ext}").read_bytes()


# --------------------------------------------------------------------------- determinism


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_cohort_for_any_worker_count(cohort, tmp_path):
    fmt = "mixed" if HAVE_DICOM_ECG_READER else "wfdb"
    again = generate_cohort(tmp_path / "again", N, SEED, ecg_format=fmt, cxr_size=SIZE, n_ceiling=0,
                            workers=2).parent
    a, b = _tree_bytes(cohort), _tree_bytes(again)
    assert a.keys() == b.keys()
    assert a["manifest.csv"] == b["manifest.csv"]
    # Every file is byte-identical (fixed UIDs, no timestamps, deterministic npz).
    assert [k for k in a if a[k] != b[k]] == []


def test_different_seed_different_cohort(cohort, tmp_path):
    other = generate_cohort(tmp_path / "other", 4, SEED + 1, cxr_size=128, n_ceiling=0).parent
    assert (other / "manifest.csv").read_bytes() != (cohort / "manifest.csv").read_bytes()[:200]
    la, lb = read_latents_csv(cohort / "latents.csv"), read_latents_csv(other / "latents.csv")
    assert not np.allclose(la["mpap"][:4], lb["mpap"])
    ea = read_ecg(cohort / _rows(cohort / "manifest.csv")[0]["ecg_path"]).signal
    eb = read_ecg(other / _rows(other / "manifest.csv")[0]["ecg_path"]).signal
    assert not np.allclose(ea, eb)


def test_cases_do_not_depend_on_cohort_size():
    small, big = cohort_latents(5, 99), cohort_latents(9, 99)
    for key in ("mpap", "ecg_axis_deg", "cxr_mpa", "bnp_pg_ml"):
        assert np.array_equal(small[key], big[key][:5])
    row = {k: v[2] for k, v in small.items()}
    a, b = render_case(row, case_seed(99, 2), cxr_size=64), render_case(row, case_seed(99, 2), cxr_size=64)
    assert np.array_equal(a[1], b[1]) and all(np.array_equal(a[0][k], b[0][k]) for k in a[0])


def test_renderers_read_only_their_own_drivers():
    row = {k: v[0] for k, v in cohort_latents(1, 5).items()}
    changed = dict(row, label=1 - int(row["label"]), mpap=55.0, severity=1.4, age=30.0, lhf=1, copd=1,
                   bnp_pg_ml=999.0, egfr=20.0)
    a, b = render_case(row, 1, cxr_size=64), render_case(changed, 1, cxr_size=64)
    assert all(np.array_equal(a[0][k], b[0][k]) for k in a[0])
    assert np.array_equal(a[1], b[1])


# --------------------------------------------------------------------------- physiology


@pytest.fixture(scope="module")
def rendered():
    """Measurements on 200 rendered (not written) cases."""
    n, seed = 200, 2024
    lat = cohort_latents(n, seed)
    out = []
    for i in range(n):
        row = {k: lat[k][i] for k in lat}
        leads, image, masks = render_case(row, case_seed(seed, i), cxr_size=SIZE)
        m = ecg_measures(leads, masks["ecg"])
        m.update(cxr_measures(masks["cxr"]))
        cm = masks["cxr"]
        m["heart_mean"] = float(image[cm["heart"]].mean())
        m["lung_mean"] = float(image[cm["lungs"]].mean())
        m["mpa_mean"] = float(image[cm["main_pa"]].mean())
        m["periph_in_lungs"] = float((cm["pruned_periphery"] & ~cm["lungs"]).sum())
        m["bnp"] = float(row["bnp_pg_ml"])
        m["label"] = int(row["label"])
        out.append(m)
    return out


def _means(rendered, key):
    y = np.array([m["label"] for m in rendered])
    x = np.array([m[key] for m in rendered], dtype=float)
    assert 40 <= y.sum() <= 120  # both classes well represented
    return float(np.nanmean(x[y == 1])), float(np.nanmean(x[y == 0]))


def test_ph_shifts_the_ecg_in_aggregate(rendered):
    ph, no = _means(rendered, "qrs_axis_deg")
    assert ph - no > 3.0  # frontal QRS axis more rightward
    ph, no = _means(rendered, "r_fraction_v1")
    assert ph - no > 0.04  # R/(R+S) in V1: more R-dominant
    y = np.array([m["label"] for m in rendered])
    rs = np.array([m["rs_ratio_v1"] for m in rendered])
    assert np.median(rs[y == 1]) > 1.2 * np.median(rs[y == 0])
    ph, no = _means(rendered, "p_ii_mv")
    assert ph - no > 0.015  # taller P in II
    ph, no = _means(rendered, "t_v1v3_mv")
    assert no - ph > 0.015  # more negative T in V1-V3


def test_ph_shows_on_the_cxr_and_bnp_in_aggregate(rendered):
    ph, no = _means(rendered, "mpa_area_mm2")
    assert ph > 1.08 * no  # larger main pulmonary artery
    ph, no = _means(rendered, "hilar_width_mm")
    assert ph - no > 0.5  # wider hilar arteries (pixels)
    ph, no = _means(rendered, "right_heart_area_mm2")
    assert ph > 1.02 * no
    y = np.array([m["label"] for m in rendered])
    bnp = np.array([m["bnp"] for m in rendered])
    assert np.median(bnp[y == 1]) > 1.8 * np.median(bnp[y == 0])


def test_masks_align_with_the_rendered_anatomy(rendered):
    heart = np.array([m["heart_mean"] for m in rendered])
    lung = np.array([m["lung_mean"] for m in rendered])
    mpa = np.array([m["mpa_mean"] for m in rendered])
    assert (heart - lung > 0.2).all()  # the heart mask covers the dense heart, the lung mask the air
    assert (mpa - lung > 0.15).mean() > 0.95
    assert all(m["periph_in_lungs"] == 0 for m in rendered)


def test_ecg_masks_mark_the_waves():
    row = {k: v[0] for k, v in cohort_latents(1, 8).items()}
    d = {k: row[k] for k in ECG_DRIVERS}
    leads, masks = render_ecg(d, DEFAULT_SITES[0], np.random.default_rng(0), noise=False)
    ii, v1 = leads["II"], leads["V1"]
    qrs_energy = np.mean(np.abs(np.diff(v1))[masks["QRS_V1"][1:]])
    rest = np.mean(np.abs(np.diff(v1))[~(masks["qrs"] | masks["p"] | masks["t"])[1:]])
    assert qrs_energy > 10 * rest
    for r in masks["r_peaks"]:
        assert masks["qrs"][r]
    assert np.abs(ii[masks["P_II"]]).mean() > 3 * np.abs(ii[~(masks["qrs"] | masks["p"] | masks["t"])]).mean()


# --------------------------------------------------------------------------- ceilings


def test_ceiling_aucs_are_in_the_intended_bands():
    """Generator v1's bands (v2's are checked in test_synth_v2.py)."""
    v1 = GeneratorParams()
    c = ceiling_auc(simulate_latents(2000, 31, v1), v1)
    assert 0.77 <= c["ecg"] <= 0.87, c
    assert 0.77 <= c["cxr"] <= 0.87, c
    assert 0.67 <= c["bnp"] <= 0.78, c
    assert 0.86 <= c["fusion"] <= 0.93, c
    assert c["fusion"] > max(c["ecg"], c["cxr"], c["bnp"]) + 0.03, c


def test_ceiling_is_a_real_ceiling_for_a_weaker_generator():
    weak = GeneratorParams(ecg_effect=0.3, cxr_effect=0.3, bnp_effect=0.3)
    c = ceiling_auc(simulate_latents(2000, 32, weak), weak, method="crossfit")
    d = ceiling_auc(simulate_latents(2000, 32, GeneratorParams()), GeneratorParams())
    assert c["ecg"] < d["ecg"] - 0.05 and c["fusion"] < d["fusion"] - 0.05


# --------------------------------------------------------------------------- CLI


def _cli(argv: list[str]) -> int:
    from ph_assist.cli import EXIT_USER, _Parser
    from ph_assist.cli import synth as synth_cli
    from ph_assist.errors import PHAssistError

    parser = _Parser(prog="ph-assist")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    synth_cli.register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except PHAssistError as exc:
        import sys

        print(f"ph-assist: {exc}", file=sys.stderr)
        return EXIT_USER


def test_cli_synth_writes_a_cohort_with_progress(tmp_path, capsys):
    out = tmp_path / "cli"
    rc = _cli(["synth", "--n", "3", "--seed", "1", "--out", str(out), "--cxr-size", "128",
               "--ceiling-n", "0"])
    captured = capsys.readouterr()
    assert rc == 0
    assert "case 3/3" in captured.err and "ETA" in captured.err
    assert "3 synthetic cases" in captured.out
    assert len(_rows(out / "manifest.csv")) == 3
    # A second run into the same folder is refused with one line, exit 2.
    rc = _cli(["synth", "--n", "3", "--seed", "1", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "already holds a cohort" in err


def test_cli_synth_rejects_bad_arguments(tmp_path, capsys):
    assert _cli(["synth", "--n", "0", "--seed", "1", "--out", str(tmp_path / "x")]) == 2
    assert _cli(["synth", "--n", "2", "--seed", "1", "--out", str(tmp_path / "y"), "--prevalence", "1.5"]) == 2
    with pytest.raises(SystemExit) as exc:
        _cli(["synth", "--n", "2", "--seed", "1", "--out", str(tmp_path / "z"), "--ecg-format", "scp"])
    assert exc.value.code == 2
    capsys.readouterr()


def test_register_adds_the_subcommand():
    from ph_assist.cli import synth as synth_cli

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    synth_cli.register(sub)
    args = parser.parse_args(["synth", "--n", "5", "--seed", "2", "--out", "o", "--workers", "2",
                              "--ecg-format", "dicom", "--cxr-size", "384", "--prevalence", "0.2"])
    assert (args.n, args.seed, args.workers, args.ecg_format, args.cxr_size, args.prevalence) == \
        (5, 2, 2, "dicom", 384, 0.2)
