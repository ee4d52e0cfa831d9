"""How often does the "unlike the training data" detector fire, per modality?

With the shipped demo bundle (trained on a SYNTHETIC cohort) this script

1. generates three small synthetic cohorts with the project's own generator
   (``ph-assist synth``; default seeds 21 / 22 / 23 with 600 / 300 / 300
   cases): the first to fit the detectors, the second for their thresholds,
   the third as a fresh in-distribution test;
2. preprocesses them with the bundle's settings through
   :func:`ph_assist.training.data.load_cohort` (cached under ``--cache``);
3. reads every real radiograph (247 JSRT PNGs, the NIH PNGs, the RG1 DICOMs)
   and every real ECG file of the sample data through the ordinary readers and
   the bundle's preprocessing;
4. extracts the pooled activations of every candidate layer in one forward
   pass per batch (:func:`ph_assist.models.ood.features_and_logits`), fits a
   :class:`~ph_assist.models.ood.FeatureDensity` per candidate feature set, and
   reports the share flagged in each group (target: <= 5 % of the synthetic
   test cohort, >= 90 % of the real radiographs and 12-lead ECGs);
5. fits the BNP :class:`~ph_assist.models.ood.RangeCheck` and times the
   scoring of one case.

    nice -n 10 .venv/bin/python benchmarks/bench_ood.py --cache /work/ood-cache --json out/ood.json

Nothing here is a test; the figures are in ``docs/validation/ood.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ph_assist.models.ood import (  # noqa: E402
    PENULTIMATE,
    FeatureDensity,
    RangeCheck,
    default_layers,
    features_and_logits,
)

#: Every layer whose pooled output is extracted (one forward pass), per kind.
ALL_LAYERS = {
    "ecg": ("stem", "stages.0", "stages.1", "stages.2", PENULTIMATE),
    "cxr": ("relu", "layer1", "layer2", "layer3", PENULTIMATE),
}
#: Candidate feature sets compared (subsets of ALL_LAYERS, concatenated).
CANDIDATES = {
    "ecg": [(PENULTIMATE,), ("stages.2",), ("stages.1",), ("stages.0",), ("stem",),
            ("stages.2", PENULTIMATE), ("stages.1", PENULTIMATE), ("stages.0", PENULTIMATE),
            ("stages.1", "stages.2", PENULTIMATE), ("stem", "stages.0", "stages.1"),
            ("stem", "stages.0", "stages.1", "stages.2"), ALL_LAYERS["ecg"]],
    "cxr": [(PENULTIMATE,), ("layer3",), ("layer2",), ("layer1",), ("relu",),
            ("layer3", PENULTIMATE), ("layer2", PENULTIMATE), ("layer1", PENULTIMATE),
            ("layer2", "layer3", PENULTIMATE), ("relu", "layer1", "layer2"),
            ("relu", "layer1", "layer2", "layer3"), ALL_LAYERS["cxr"]],
}
SEEDS = {"fit": (21, 600), "val": (22, 300), "test": (23, 300)}


def log(msg: str) -> None:
    print(f"[ood {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- data ------------------------------------------------------------------------
def synth_cohort(cache: Path, seed: int, n: int) -> Path:
    out = cache / f"synth-{seed}-n{n}"
    if not (out / "manifest.csv").exists():
        log(f"generating synthetic cohort seed {seed}, n {n}")
        subprocess.run([sys.executable, "-m", "ph_assist", "synth", "--n", str(n), "--seed", str(seed),
                        "--out", str(out), "--cxr-size", "256", "--workers", "2", "--quiet",
                        "--ceiling-n", "0", "--force"], check=True, cwd=REPO)
    return out / "manifest.csv"


def load_synth(bundle: Any, cache: Path, seed: int, n: int) -> Any:
    from ph_assist.training.cohort import concat_cohorts
    from ph_assist.training.data import load_cohort

    manifest = synth_cohort(cache, seed, n)
    loaded = load_cohort(manifest, cache / "prep", bundle.ecg_preprocess, bundle.cxr_preprocess,
                         analyte=bundle.analyte, workers=2)
    return concat_cohorts([loaded.arrays[s] for s in ("train", "val", "test") if s in loaded.arrays])


def real_files(data: Path) -> dict[str, list[Path]]:
    ecg = data / "ecg"
    twelve = sorted((ecg / "wfdb" / "cinc2021").glob("*.hea")) + [
        ecg / "wfdb" / "ptbxl_native" / "00001_lr.hea", ecg / "wfdb" / "ptbdb" / "s0010_re.hea",
        ecg / "dicom" / "pydicom_waveform_ecg.dcm", ecg / "hl7_aecg" / "HL7_Example_aECG.xml",
        ecg / "scp" / "Example.scp", *sorted((ecg / "philips_xml").iterdir()),
        *sorted((ecg / "ge_muse_xml").iterdir()),
    ]
    return {
        "ecg_12lead": twelve,
        "ecg_not_12lead": [ecg / "wfdb" / "mitdb" / "100.hea", ecg / "scp" / "demo.scp",
                           ecg / "mfer" / "monk_test-file.MWF"],
        "cxr_jsrt": sorted((data / "cxr" / "jsrt_scr_512" / "images").glob("*.png")),
        "cxr_other": [*sorted((data / "cxr" / "nih_png").glob("*.png")),
                      *sorted((data / "cxr" / "dicom").glob("*.dcm"))],
    }


def prepare_real(bundle: Any, paths: list[Path], kind: str) -> tuple[np.ndarray, list[str], list[str]]:
    from ph_assist.io import read_cxr, read_ecg

    xs, names, problems = [], [], []
    for p in paths:
        try:
            if kind == "ecg":
                x = bundle.prepare_ecg(read_ecg(p, allow_incomplete=True)).x
            else:
                x = bundle.prepare_cxr(read_cxr(p)).x
        except Exception as exc:  # noqa: BLE001 - report and go on
            problems.append(f"{p.name}: {type(exc).__name__}: {exc}")
            continue
        xs.append(np.asarray(x, dtype=np.float32))
        names.append(p.name)
    return (np.stack(xs) if xs else np.zeros((0,))), names, problems


# -- features ----------------------------------------------------------------------
def layer_dims(net: Any, kind: str, sample: np.ndarray) -> dict[str, int]:
    dims = {}
    for name in ALL_LAYERS[kind]:
        _, f = features_and_logits(net, sample[:1], layers=(name,), kind=kind)
        dims[name] = f.shape[1]
    return dims


def slice_layers(feats: np.ndarray, dims: dict[str, int], layers: tuple[str, ...]) -> np.ndarray:
    offsets, o = {}, 0
    for name, d in dims.items():
        offsets[name] = (o, o + d)
        o += d
    return np.concatenate([feats[:, slice(*offsets[name])] for name in layers], axis=1)


def rate(flags: np.ndarray) -> dict[str, Any]:
    return {"flagged": int(flags.sum()), "n": int(len(flags)),
            "rate": float(flags.mean()) if len(flags) else None}


def evaluate(net: Any, kind: str, feats: dict[str, np.ndarray], dims: dict[str, int], groups: list[str],
             quantile: float, names: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = []
    for layers in CANDIDATES[kind]:
        get = {g: slice_layers(feats[g], dims, layers) for g in feats}
        det = FeatureDensity(quantile=quantile, layer="+".join(layers)).fit(get["fit"], get["val"])
        row = {"layers": list(layers), "dim": det.dim, "threshold": det.threshold_,
               "val_flag_rate": det.val_flag_rate_}
        for g in ["test", *groups]:
            if len(get[g]):
                row[g] = rate(det.is_unlike(get[g]))
                ratio = det.score(get[g]) / det.threshold_
                row[g]["distance_over_threshold"] = {
                    "min": float(ratio.min()), "p10": float(np.quantile(ratio, 0.1)),
                    "median": float(np.median(ratio)), "max": float(ratio.max())}
                if g in names:
                    row[g]["not_flagged"] = [n for n, r in zip(names[g], ratio) if r <= 1.0]
        row["default"] = tuple(layers) == default_layers(net, kind)
        rows.append(row)
    return rows


def per_case_ms(fns: dict[str, Any], repeats: int = 20) -> dict[str, float]:
    """Median milliseconds of each function, run interleaved (one of each per round),
    so that a load change on a shared machine hits them alike."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for k, fn in fns.items():
        fn()
    for _ in range(repeats):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t)
    return {k: round(1e3 * float(np.median(v)), 3) for k, v in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_cache = os.environ.get("PH_ASSIST_OOD_CACHE", str(Path.home() / ".cache" / "ph-assist-ood"))
    ap.add_argument("--cache", default=default_cache,
                    help="folder for the synthetic cohorts and preprocessed arrays (outside the repo)")
    ap.add_argument("--sample-data", help="the sample data folder (default: $PH_ASSIST_SAMPLE_DATA or ../shared/data)",
                    default=os.environ.get("PH_ASSIST_SAMPLE_DATA", str(REPO.parent / "shared" / "data")))
    ap.add_argument("--bundle", default=None, help="model bundle folder (default: the demo bundle)")
    ap.add_argument("--quantile", type=float, default=0.99)
    ap.add_argument("--only", default="ecg,cxr", help="modalities with a network to measure (default: ecg,cxr)")
    ap.add_argument("--json", default=None, help="write the figures to this JSON file")
    args = ap.parse_args(argv)

    import torch

    from ph_assist.resources import load_default_bundle

    t_start = time.perf_counter()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    bundle = load_default_bundle(args.bundle)
    log(f"bundle {bundle.name} {bundle.short_id}; torch threads {torch.get_num_threads()}")

    synth = {part: load_synth(bundle, cache, *SEEDS[part]) for part in ("fit", "val", "test")}
    files = real_files(Path(args.sample_data))
    real, names, problems = {}, {}, {}
    kinds = [k for k in ("ecg", "cxr") if k in args.only.split(",")]
    files = {g: p for g, p in files.items() if g.split("_")[0] in kinds}
    for group, paths in files.items():
        kind = "ecg" if group.startswith("ecg") else "cxr"
        real[group], names[group], problems[group] = prepare_real(bundle, paths, kind)
        log(f"{group}: {len(names[group])} of {len(paths)} files prepared")

    report: dict[str, Any] = {"bundle": {"name": bundle.name, "id": bundle.bundle_id},
                              "seeds": {k: {"seed": s, "n": n} for k, (s, n) in SEEDS.items()},
                              "quantile": args.quantile, "problems": problems, "files": names}
    for kind in kinds:
        net = getattr(bundle, f"{kind}_net")
        groups = [g for g in real if g.startswith(kind)]
        sets = {part: getattr(c, kind)[getattr(c, f"{kind}_present")] for part, c in synth.items()}
        sets.update({g: real[g] for g in groups})
        dims = layer_dims(net, kind, sets["fit"])
        feats, logits = {}, {}
        for g, x in sets.items():
            t = time.perf_counter()
            logits[g], feats[g] = features_and_logits(net, x, layers=ALL_LAYERS[kind], kind=kind)
            log(f"{kind} {g}: {len(x)} cases, features {feats[g].shape[1]}, {time.perf_counter() - t:.1f} s")
        np.savez(cache / f"features-{kind}-{bundle.short_id}.npz", dims=json.dumps(dims),
                 **{f"feats_{g}": f for g, f in feats.items()}, **{f"logits_{g}": v for g, v in logits.items()})
        rows = evaluate(net, kind, feats, dims, groups, args.quantile, names)
        # timing of the kept detector on one case
        det_layers = default_layers(net, kind)
        det = FeatureDensity(quantile=args.quantile, layer="+".join(det_layers)).fit(
            slice_layers(feats["fit"], dims, det_layers), slice_layers(feats["val"], dims, det_layers))
        one = sets["test"][:1]
        from ph_assist.models.bundle import batch_logits

        f_one = slice_layers(feats["test"][:1], dims, det_layers)
        timing = per_case_ms({
            "forward_ms": lambda: batch_logits(net, one),
            "features_and_logits_ms": lambda: features_and_logits(net, one, layers=det_layers, kind=kind),
        })
        timing.update(per_case_ms({"density_score_ms": lambda: det.score(f_one)}, repeats=200))
        p_gt_half = {g: float(np.mean(logits[g] > 0)) for g in sets}
        report[kind] = {"layer_dims": dims, "candidates": rows, "timing": timing,
                        "share_sub_score_above_50pct": p_gt_half, "kept": det.to_meta()}

    bnp = RangeCheck(analyte=bundle.analyte).fit(synth["fit"].bnp)
    tb = synth["test"].bnp[np.isfinite(synth["test"].bnp)]
    report["bnp"] = {"range": bnp.to_meta(), "test": rate(np.asarray(bnp.is_unlike(tb)))}
    report["runtime_s"] = time.perf_counter() - t_start

    print_report(report)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _pct(r: dict[str, Any] | None) -> str:
    if not r:
        return "-"
    return f"{100 * r['rate']:5.1f} % ({r['flagged']}/{r['n']})"


def print_report(report: dict[str, Any]) -> None:
    for kind in [k for k in ("ecg", "cxr") if k in report]:
        rows = report[kind]["candidates"]
        groups = [g for g in rows[0] if g.startswith(kind)]
        print(f"== {kind.upper()}: share flagged as unlike the training data (quantile {report['quantile']})")
        head = f"  {'layers':<42} {'dim':>5}  {'synthetic test':<20}" + "".join(f"{g:<22}" for g in groups)
        print(head)
        for r in rows:
            mark = "*" if r["default"] else " "
            print(f"{mark} {'+'.join(r['layers']):<42} {r['dim']:>5}  {_pct(r.get('test')):<20}"
                  + "".join(f"{_pct(r.get(g)):<22}" for g in groups))
        kept = next(r for r in rows if r["default"])
        for g in ["test", *groups]:
            m = kept[g]["distance_over_threshold"]
            print(f"  kept, {g}: distance / threshold min {m['min']:.2f}, 10th pct {m['p10']:.2f}, "
                  f"median {m['median']:.2f}" + (f"; not flagged: {', '.join(kept[g]['not_flagged'])}"
                                                 if kept[g].get("not_flagged") else ""))
        t = report[kind]["timing"]
        print(f"  per case: forward {t['forward_ms']:.1f} ms, forward + features {t['features_and_logits_ms']:.1f} ms, "
              f"density score {t['density_score_ms']:.3f} ms")
        print(f"  share of sub-scores > 50 %: "
              + ", ".join(f"{g} {100 * v:.0f} %" for g, v in report[kind]["share_sub_score_above_50pct"].items()))
        for g, probs in report["problems"].items():
            if g.startswith(kind):
                for p in probs:
                    print(f"  not prepared: {p}")
    b = report["bnp"]
    print(f"== BNP range {b['range']['low']:.4g}-{b['range']['high']:.4g} {b['range']['unit']}: "
          f"synthetic test flagged {_pct(b['test'])}")
    print(f"(* = kept, default_layers(); total {report['runtime_s']:.0f} s)")


if __name__ == "__main__":
    raise SystemExit(main())
