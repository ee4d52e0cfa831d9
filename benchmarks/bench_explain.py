"""Explanations measured on synthetic PH cases: CXR map localisation and per-lead ECG attribution.

CXR: for every PH case of a synthetic cohort (which carries the generator's
masks), each candidate map (Grad-CAM, HiResCAM, Grad-CAM++ at ResNet18's
``layer2``/``layer3``/``layer4``, and ``layer4`` Grad-CAM with the old
``align_corners=False`` upsampling) is computed on the letterboxed model input
and scored with :func:`ph_assist.explain.localisation.cam_localisation`
against the masks brought onto the same grid; cost is the median wall time
of one call (forward + backward + upsampling) per image.

ECG: per-lead attribution (:mod:`ph_assist.explain.ecg_leads`, lead occlusion
and Integrated Gradients) on the same PH cases; how often the leads that
carry the generator's PH effects rank first / in the top 3, against chance.

    python -m ph_assist synth --n 300 --seed 31 --out /work/explain-cache/c31 \\
        --cxr-size 256 --workers 2 --quiet
    python benchmarks/bench_explain.py /work/explain-cache/c31 --out bench_explain.json

Uses the bundle in ``resources/bundles/demo`` unless ``--bundle`` is given.
Torch runs on 2 CPU threads.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ph_assist.explain.ecg_leads import PH_LEADS, lead_attribution, rank_summary
from ph_assist.explain.gradcam import GradCAM, _combine, upsample_cam_2d
from ph_assist.explain.localisation import cam_localisation, finding_localisation, mask_to_model
from ph_assist.explain.measure import FINDINGS, MASKS

CONFIGS = [(m, layer) for layer in ("layer4", "layer3", "layer2") for m in ("gradcam", "hirescam", "gradcam++")]
OLD = ("gradcam", "layer4", "align_corners=False")


def _old_upsample(cam: np.ndarray, size: int) -> np.ndarray:
    import torch.nn.functional as F

    t = torch.from_numpy(np.ascontiguousarray(cam, dtype=np.float32))[None, None]
    return F.interpolate(t, size=(size, size), mode="bilinear", align_corners=False)[0, 0].numpy()


def _ph_cases(cohort: Path, limit: int | None) -> list[dict[str, str]]:
    with open(cohort / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["label"] == "1"]
    return rows[:limit] if limit else rows


def _all_maps(net: torch.nn.Module, x: torch.Tensor, layers: dict[str, torch.nn.Module]) -> dict[tuple, np.ndarray]:
    """Raw maps of every config from ONE forward + backward pass (hooks on all layers at once)."""
    acts: dict[str, torch.Tensor] = {}
    hooks = [layers[name].register_forward_hook(
        lambda m, i, o, name=name: acts.__setitem__(name, o) or o.clone())  # clone: keep o intact
        for name in ("layer2", "layer3", "layer4")]
    try:
        with torch.enable_grad():
            out = net(x).reshape(())
            names = list(acts)
            grads = torch.autograd.grad(out, [acts[n] for n in names])
    finally:
        for h in hooks:
            h.remove()
    g = dict(zip(names, grads))
    with torch.no_grad():
        return {(method, layer): _combine(acts[layer][0].float(), g[layer][0].float(), method).numpy()
                for method, layer in CONFIGS}


def _strengths(cohort: Path, rows: list[dict[str, str]]) -> dict[str, np.ndarray] | None:
    """Each finding's strength per case (the generator's driver in latents.csv); None without them."""
    path = cohort / "latents.csv"
    if not path.is_file():
        return None
    with open(path, newline="", encoding="utf-8") as fh:
        by_case = {r["case_id"]: r for r in csv.DictReader(fh)}
    try:
        return {name: np.array([float(by_case[r["case_id"]][driver]) for r in rows])
                for name, (_, driver) in FINDINGS.items()}
    except (KeyError, ValueError):
        return None


def bench_cxr(bundle: Any, cohort: Path, rows: list[dict[str, str]], cost_n: int) -> dict[str, Any]:
    from ph_assist.io import read_cxr

    net = bundle.cxr_net.eval()
    layers = dict(net.named_modules())
    xs, valid, masks = [], [], {k: [] for k in MASKS}
    single: dict[str, list[np.ndarray]] = {part: [] for part, _ in FINDINGS.values()}
    strengths = _strengths(cohort, rows)
    for r in rows:
        prep = bundle.prepare_cxr(read_cxr(cohort / r["cxr_path"]))
        xs.append(torch.from_numpy(np.array(prep.x, dtype=np.float32))[None])
        valid.append(prep.content_mask)
        with np.load(cohort / "masks" / f"{r['case_id']}_cxr.npz") as z:
            for name, parts in MASKS.items():
                union = np.zeros(prep.source_shape, dtype=bool)
                for part in parts:
                    union |= z[part]
                masks[name].append(mask_to_model(union, prep))
            if strengths is not None:
                for part in single:
                    single[part].append(mask_to_model(z[part], prep))
    size = xs[0].shape[-1]
    raw = [_all_maps(net, x, layers) for x in xs]
    masks_arr = {k: np.stack(v) for k, v in masks.items()}
    results = []
    for method, layer, *old in CONFIGS[:3] + [OLD] + CONFIGS[3:]:
        up = _old_upsample if old else (lambda c, s: upsample_cam_2d(c, (s, s)))
        cams = [up(r[(method, layer)], size) for r in raw]
        times = []  # cost: the app's own call (GradCAM + upsampling), on the first cost_n images
        with GradCAM(net, layers[layer], method) as gc:
            gc(xs[0])  # warm-up
            for x in xs[:cost_n]:
                t = time.perf_counter()
                up(gc(x)[1], size)
                times.append((time.perf_counter() - t) * 1e3)
        loc = cam_localisation(np.stack(cams), masks_arr, valid=np.stack(valid))
        loc.update(method=method, layer=layer, upsampling=old[0] if old else "receptive-field centres",
                   ms_per_image=round(statistics.median(times), 1))
        if strengths is not None:
            loc["findings"] = finding_localisation(
                np.stack(cams), {name: (np.stack(single[part]), strengths[name])
                                 for name, (part, _) in FINDINGS.items()}, valid=np.stack(valid))
            pooled = loc["findings"]["pooled"]
            print(f"{method:10s} {layer} pronounced findings: pooled {pooled['relative_margin']:+.1%} "
                  f"[{pooled['relative_margin_ci'][0]:+.1%}, {pooled['relative_margin_ci'][1]:+.1%}]; "
                  + ", ".join(f"{k} {v['relative']:+.0%} (wins {v['wins']:.0%})"
                              for k, v in loc["findings"]["structures"].items()), flush=True)
        results.append(loc)
        m = loc["masks"]["PA+hilar+right heart"]
        print(f"{method:10s} {layer} {loc['upsampling'][:12]:12s} mass {m['mass']:.3f} vs mean map "
              f"{m['mean_map_mass']:.3f} (margin {m['mass_margin']:+.3f}), hit {m['hit_rate']:.2f} vs "
              f"{m['mean_map_hit_rate']:.2f}; heart hit {loc['masks']['heart']['hit_rate']:.2f}; "
              f"empty {loc['n_empty']}; {loc['ms_per_image']} ms", flush=True)
    return {"n_cases": len(rows), "input_size": int(size), "cost_n": min(cost_n, len(xs)), "configs": results}


def bench_ecg(bundle: Any, cohort: Path, rows: list[dict[str, str]], cost_n: int) -> dict[str, Any]:
    from ph_assist.io import read_ecg

    net = bundle.ecg_net.eval()
    xs = []
    for r in rows:
        prep = bundle.prepare_ecg(read_ecg(cohort / r["ecg_path"]))
        xs.append(torch.from_numpy(np.array(prep.x, dtype=np.float32))[None])
    out: dict[str, Any] = {"n_cases": len(rows), "ph_leads": list(PH_LEADS), "cost_n": min(cost_n, len(xs)),
                           "methods": {}}
    for method in ("occlusion", "integrated_gradients"):
        lead_attribution(net, xs[0], method=method)  # warm-up
        attrs, times = [], []
        for i, x in enumerate(xs):
            t = time.perf_counter()
            attrs.append(lead_attribution(net, x, method=method))
            if i < cost_n:
                times.append((time.perf_counter() - t) * 1e3)
        summary = rank_summary(np.stack(attrs))
        summary["ms_per_ecg"] = round(statistics.median(times), 1)
        out["methods"][method] = summary
        print(f"{method}: top-1 in PH leads {summary['top1_in_set']:.2f} (chance {summary['chance_top1']:.2f}); "
              f"PH leads in top 3 {summary['mean_in_top3']:.2f} (chance {summary['chance_in_top3']:.2f}); "
              f"AUC {summary['auc']:.2f}; first: {summary['first_counts']}; {summary['ms_per_ecg']} ms",
              flush=True)
    return out


def to_markdown(res: dict[str, Any]) -> str:
    """The tables of docs/validation/explanations.md from a results JSON."""
    lines = []
    if "cxr" in res:
        lines += ["| method | layer | upsampling | PA+hilar+RH mass (mean map) | margin [95 % CI] | "
                  "PA+hilar+RH hit (mean map) | heart mass (mean map) | heart hit (mean map) | empty | ms/image |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for c in res["cxr"]["configs"]:
            a, h = c["masks"]["PA+hilar+right heart"], c["masks"]["heart"]
            lo, hi = a["mass_margin_ci"]
            lines.append(
                f"| {c['method']} | {c['layer']} | {'old bilinear' if c['upsampling'] != 'receptive-field centres' else 'RF centres'} "
                f"| {a['mass']:.3f} ({a['mean_map_mass']:.3f}) | {a['mass_margin']:+.3f} [{lo:+.3f}, {hi:+.3f}] "
                f"| {a['hit_rate']:.2f} ({a['mean_map_hit_rate']:.2f}) | {h['mass']:.3f} ({h['mean_map_mass']:.3f}) "
                f"| {h['hit_rate']:.2f} ({h['mean_map_hit_rate']:.2f}) | {c['n_empty']} | {c['ms_per_image']:.0f} |")
        if all("findings" in c for c in res["cxr"]["configs"]):
            names = list(res["cxr"]["configs"][0]["findings"]["structures"])
            lines += ["", "| method | layer | upsampling | pooled relative margin [95 % CI] | "
                      + " | ".join(f"{n}: relative (wins)" for n in names) + " |",
                      "|---|---|---|---|" + "---|" * len(names)]
            for c in res["cxr"]["configs"]:
                f, pooled = c["findings"], c["findings"]["pooled"]
                lo, hi = pooled["relative_margin_ci"]
                lines.append(
                    f"| {c['method']} | {c['layer']} | "
                    f"{'old bilinear' if c['upsampling'] != 'receptive-field centres' else 'RF centres'} "
                    f"| {pooled['relative_margin']:+.1%} [{lo:+.1%}, {hi:+.1%}] | "
                    + " | ".join(f"{f['structures'][n]['relative']:+.0%} ({f['structures'][n]['wins']:.0%})"
                                 for n in names) + " |")
        a0 = res["cxr"]["configs"][0]["masks"]
        lines += ["", "Mask area (share of the image; a uniform map's mass): "
                  + ", ".join(f"{k} {v['area_fraction']:.3f}" for k, v in a0.items())]
    if "ecg" in res:
        lines += ["", "| method | first lead in {I, II, aVF, V1} (chance) | p | PH leads in top 3 (chance) | "
                  "any in top 3 (chance) | AUC PH vs other leads | first-ranked leads | ms/ECG |",
                  "|---|---|---|---|---|---|---|---|"]
        for name, m in res["ecg"]["methods"].items():
            first = ", ".join(f"{k} {v}" for k, v in sorted(m["first_counts"].items(), key=lambda kv: -kv[1]))
            lines.append(f"| {name} | {m['top1_in_set']:.2f} ({m['chance_top1']:.2f}) | {m['top1_p_value']:.1g} "
                         f"| {m['mean_in_top3']:.2f} ({m['chance_in_top3']:.2f}) | {m['any_in_top3']:.2f} "
                         f"({m['chance_any_in_top3']:.2f}) | {m['auc']:.2f} | {first} | {m['ms_per_ecg']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cohort", type=Path, nargs="?", help="synthetic cohort folder (manifest.csv, masks/)")
    ap.add_argument("--bundle", type=Path, default=None, help="model bundle (default: the demo bundle)")
    ap.add_argument("--limit", type=int, default=None, help="at most this many PH cases")
    ap.add_argument("--cost-n", type=int, default=10, help="time each method on this many cases (default 10)")
    ap.add_argument("--part", choices=("all", "cxr", "ecg"), default="all")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    ap.add_argument("--markdown", type=Path, default=None, help="only print the tables of a results JSON")
    args = ap.parse_args(argv)
    if args.markdown:
        print(to_markdown(json.loads(args.markdown.read_text(encoding="utf-8"))))
        return 0
    torch.set_num_threads(2)
    from ph_assist.resources import load_default_bundle

    bundle = load_default_bundle(args.bundle)
    rows = _ph_cases(args.cohort, args.limit)
    res: dict[str, Any] = {"cohort": str(args.cohort), "bundle": bundle.bundle_id, "n_ph_cases": len(rows)}
    if args.part in ("all", "cxr"):
        res["cxr"] = bench_cxr(bundle, args.cohort, rows, args.cost_n)
    if args.part in ("all", "ecg"):
        res["ecg"] = bench_ecg(bundle, args.cohort, rows, args.cost_n)
    if args.out:
        args.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(to_markdown(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
