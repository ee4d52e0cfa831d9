"""Which radiograph findings does the CXR network use, and does its map follow them?

Two counterfactual checks on the PH cases of a synthetic cohort (generator v2, with ``latents.csv``),
each case re-rendered from its latent drivers with the same noise seed:

* **What the network uses**: the CXR sub-model's logit on the case as drawn, minus its logit with one
  finding set to normal (main pulmonary artery, hilar arteries, right heart and peripheral pruning,
  and, for comparison, the comorbidities' left ventricle, congestion and hyperinflation). A map can
  only point at evidence the network uses.
* **Does the map follow the side of a one-sided finding?** Cases whose hilar enlargement is at or
  above the PH median are re-rendered with the enlargement on one randomly chosen hilum only (the
  generator's ``cxr_hilar_left`` / ``cxr_hilar_right``). The leave-one-out mean map of the other
  cases cannot know the side; the candidate map's mass on the enlarged hilum is compared with it,
  paired by case (bootstrap 95 % interval), for Grad-CAM at ``layer4`` (the app's) and ``layer3``.
* **Where does the map change when only the pulmonary artery is made normal?** For PH cases with a
  main pulmonary artery at least 1.3 times normal, the share of the map's loss (map of the case minus
  map with ``cxr_mpa`` = 1, positive part) that lies on the artery or within 8 px of it.

    python benchmarks/bench_cxr_findings.py test-cohort --out bench_cxr_findings.json

Synthetic data only: this measures the demo network on the generator's phantoms. Torch on 2 CPU
threads; about a minute per 100 cases for each part.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ph_assist.explain.gradcam import GradCAM, upsample_cam_2d
from ph_assist.explain.localisation import mask_to_model
from ph_assist.io import read_cxr
from ph_assist.synth import cxr as synth_cxr
from ph_assist.synth.sites import site_by_name

#: Each finding set to a normal value (the median of the cohort's patients without PH, rounded).
NORMAL: dict[str, dict[str, float]] = {
    "main pulmonary artery": {"cxr_mpa": 1.0},
    "hilar arteries": {"cxr_hilar": 1.0},
    "right heart": {"cxr_rv": 1.0},
    "pruned periphery": {"cxr_prune": 0.09},
    "all four PH findings": {"cxr_mpa": 1.0, "cxr_hilar": 1.0, "cxr_rv": 1.0, "cxr_prune": 0.09},
    "left ventricle (comorbidity)": {"cxr_lv": 1.0},
    "congestion (comorbidity)": {"cxr_congestion": 0.0},
    "hyperinflation (comorbidity)": {"cxr_hyperinfl": 0.0},
}
LAYERS = ("layer4", "layer3")


def _ph_latents(cohort: Path) -> list[dict[str, str]]:
    with open(cohort / "manifest.csv", newline="", encoding="utf-8") as fh:
        labels = {r["case_id"]: r["label"] for r in csv.DictReader(fh)}
    with open(cohort / "latents.csv", newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if labels.get(r["case_id"]) == "1"]


def _drivers(row: dict[str, str]) -> dict[str, float]:
    return {k: float(v) for k, v in row.items() if k.startswith("cxr_")}


class _Renderer:
    """Render drivers to a DICOM file as the cohort does, and prepare it as the bundle does."""

    def __init__(self, bundle: Any, folder: Path):
        self.bundle, self.folder, self.n = bundle, folder, 0

    def prepare(self, drivers: dict[str, float], site: Any, seed: int) -> Any:
        return self.prepare_with_masks(drivers, site, seed)[0]

    def prepare_with_masks(self, drivers: dict[str, float], site: Any, seed: int) -> tuple[Any, dict[str, np.ndarray]]:
        image, masks = synth_cxr.render_cxr(drivers, site, np.random.default_rng(seed), size=256, hila_masks=True)
        self.n += 1
        path = synth_cxr.write_cxr_dicom(image, self.folder / f"{self.n}.dcm", uid_seed=f"bench{self.n}", site=site)
        return self.bundle.prepare_cxr(read_cxr(path)), masks


def _x(prep: Any) -> torch.Tensor:
    return torch.from_numpy(np.array(prep.x, dtype=np.float32))[None]


def what_the_network_uses(bundle: Any, rows: list[dict[str, str]], render: _Renderer) -> dict[str, Any]:
    net = bundle.cxr_net.eval()
    drops: dict[str, list[float]] = {k: [] for k in NORMAL}
    with torch.no_grad():
        for i, row in enumerate(rows):
            g, site, seed = _drivers(row), site_by_name(row["site"]), 5000 + i
            base = float(net(_x(render.prepare(g, site, seed))).reshape(()))
            for name, change in NORMAL.items():
                logit = float(net(_x(render.prepare({**g, **change}, site, seed))).reshape(()))
                drops[name].append(base - logit)
    out = {}
    for name, d in drops.items():
        a = np.array(d)
        out[name] = {"mean_logit_drop": float(a.mean()), "median": float(np.median(a)), "sd": float(a.std())}
        print(f"{name:30s} logit drop when normal: mean {a.mean():+.2f}, median {np.median(a):+.2f} "
              f"(SD {a.std():.2f})", flush=True)
    return {"n_cases": len(rows), "normal_values": NORMAL, "findings": out}


def one_sided_hilum(bundle: Any, rows: list[dict[str, str]], render: _Renderer) -> dict[str, Any]:
    net = bundle.cxr_net.eval()
    layers = dict(net.named_modules())
    strength = np.array([float(r["cxr_hilar"]) for r in rows])
    chosen = [r for r in rows if float(r["cxr_hilar"]) >= np.median(strength)]
    side_rng = np.random.default_rng(7)
    maps: dict[str, list[np.ndarray]] = {layer: [] for layer in LAYERS}
    enlarged, other = [], []
    for i, row in enumerate(chosen):
        g, site, seed = _drivers(row), site_by_name(row["site"]), 1000 + i
        left = side_rng.random() < 0.5
        g["cxr_hilar_left"], g["cxr_hilar_right"] = (g["cxr_hilar"], 1.0) if left else (1.0, g["cxr_hilar"])
        prep, masks = render.prepare_with_masks(g, site, seed)
        x = _x(prep)
        for layer in LAYERS:
            with GradCAM(net, layers[layer], "gradcam") as cam:
                m = np.maximum(upsample_cam_2d(cam(x)[1], x.shape[-2:]), 0.0) * prep.content_mask
            maps[layer].append(m / m.sum() if m.sum() > 0 else m)
        right_mask, left_mask = (mask_to_model(masks[k], prep) for k in ("hilum_right", "hilum_left"))
        enlarged.append(left_mask if left else right_mask)
        other.append(right_mask if left else left_mask)
    e, n = np.stack(enlarged), len(enlarged)
    boot = np.random.default_rng(0)
    out: dict[str, Any] = {"n_cases": n, "rule": "PH cases with hilar strength >= the PH median, the enlargement "
                                                  "re-drawn on one random hilum; the other hilum normal"}
    for layer in LAYERS:
        c = np.stack(maps[layer])
        loo = (c.sum(0)[None] - c) / (n - 1)
        mass, mean_mass = (c * e).sum((1, 2)), (loo * e).sum((1, 2))
        margin = mass - mean_mass
        ci = np.percentile([margin[boot.integers(0, n, n)].mean() for _ in range(1000)], [2.5, 97.5])
        out[f"gradcam {layer}"] = {"mass_on_enlarged_hilum": float(mass.mean()),
                                   "mean_map_mass": float(mean_mass.mean()), "margin": float(margin.mean()),
                                   "margin_ci": [float(ci[0]), float(ci[1])],
                                   "relative": float(mass.mean() / mean_mass.mean() - 1.0),
                                   "wins": float((margin > 0).mean())}
        print(f"Grad-CAM {layer}: mass on the enlarged hilum {mass.mean():.4f} vs mean map {mean_mass.mean():.4f} "
              f"({mass.mean() / mean_mass.mean() - 1:+.0%}, 95% CI of the margin {ci[0]:+.4f} to {ci[1]:+.4f}); "
              f"map wins in {(margin > 0).mean():.0%} of {n} cases", flush=True)
    return out


def pulmonary_artery_change(bundle: Any, rows: list[dict[str, str]], render: _Renderer) -> dict[str, Any]:
    from scipy.ndimage import binary_dilation

    net = bundle.cxr_net.eval()
    layers = dict(net.named_modules())
    chosen = [r for r in rows if float(r["cxr_mpa"]) >= 1.3]
    shares: dict[str, list[float]] = {layer: [] for layer in LAYERS}
    areas = []
    for i, row in enumerate(chosen):
        g, site, seed = _drivers(row), site_by_name(row["site"]), 9000 + i
        drawn, masks = render.prepare_with_masks(g, site, seed)
        normal = render.prepare({**g, "cxr_mpa": 1.0}, site, seed)
        near = binary_dilation(mask_to_model(masks["main_pa"], drawn), iterations=8) & drawn.content_mask
        areas.append(near.sum() / drawn.content_mask.sum())
        for layer in LAYERS:
            maps = []
            for prep in (drawn, normal):
                x = _x(prep)
                with GradCAM(net, layers[layer], "gradcam") as cam:
                    maps.append(np.maximum(upsample_cam_2d(cam(x)[1], x.shape[-2:]), 0.0) * prep.content_mask)
            loss = np.maximum(maps[0] - maps[1], 0.0)
            if loss.sum() > 0:
                shares[layer].append(float(loss[near].sum() / loss.sum()))
    out: dict[str, Any] = {"n_cases": len(chosen), "area_of_artery_and_8px": float(np.mean(areas))}
    for layer, v in shares.items():
        a = np.array(v)
        out[f"gradcam {layer}"] = {"share_of_loss_on_artery": float(a.mean()), "median": float(np.median(a)),
                                   "n_cases": int(a.size)}
        print(f"Grad-CAM {layer}: {a.mean():.1%} of the map's loss lies on the pulmonary artery (+8 px), "
              f"which is {np.mean(areas):.1%} of the image ({a.size} cases)", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cohort", type=Path, help="synthetic cohort folder (manifest.csv, latents.csv)")
    ap.add_argument("--bundle", type=Path, default=None, help="model bundle (default: the demo bundle)")
    ap.add_argument("--limit", type=int, default=100, help="PH cases for the first part (default 100)")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    from ph_assist.resources import load_default_bundle

    bundle = load_default_bundle(args.bundle)
    rows = _ph_latents(args.cohort)
    with tempfile.TemporaryDirectory() as tmp:
        render = _Renderer(bundle, Path(tmp))
        res = {"cohort": str(args.cohort), "bundle": bundle.bundle_id,
               "what_the_network_uses": what_the_network_uses(bundle, rows[:args.limit], render),
               "one_sided_hilum": one_sided_hilum(bundle, rows, render),
               "pulmonary_artery_change": pulmonary_artery_change(bundle, rows[:args.limit], render)}
    if args.out:
        args.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
