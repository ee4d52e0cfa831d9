"""Does the CXR training recipe decide whether the map follows the findings?

Trains the CXR ResNet18 alone, from scratch, with the project's own
``train_net`` on a synthetic cohort, then measures on the PH cases of another
cohort what ``docs/validation/explanations.md`` measures for the demo bundle:

* CXR AUC (95 % CI) on the whole test cohort;
* the finding-specific localisation of the app's map (Grad-CAM at ``layer3``; at
  ``layer4`` before 1 December 2026, which the ``bench_cxr_recipe_*.json`` figures in
  ``docs/validation`` used; :func:`ph_assist.explain.localisation.finding_localisation`): in the cases
  whose finding is pronounced, the map's mass on the structure against the
  leave-one-out mean map's, per structure and pooled;
* ``bench_cxr_findings``' three checks: the logit drop when one finding is
  made normal, the map on a hilum enlarged on one side, and where the map
  changes when only the pulmonary artery is made normal.

``--reference`` measures the demo bundle's CXR network the same way; ``--bundle DIR``
measures only that bundle's CXR network, ``--weights FILE`` only a CXR network's saved
weights (a ``ph-assist train --cache`` checkpoint, ``.safetensors``, or this script's
``--cache`` weights, ``.pt``); neither needs a training cohort or trains anything.
``--maps-only`` skips the three re-rendering checks (about 4 of the 5 minutes);
``--also METHOD:LAYER`` (repeatable) measures further maps on the same cases, e.g. the
comparison of ``explanations.md`` on nine networks::

    python benchmarks/bench_cxr_recipe.py test-cohort --weights W/cache/checkpoints/cxr-KEY.safetensors \
        --maps-only --also gradcam:layer4 --also gradcam++:layer4 --also gradcam++:layer3 --out net.json

    python -m ph_assist synth --n 2400 --seed 101 --out train2400 --cxr-size 256 --workers 2 --quiet
    python benchmarks/bench_cxr_recipe.py train2400 test-cohort --batch-size 32 --epochs 6 \\
        --cache recipe-cache --reference --out recipe_b32_e6.json

About 16 minutes per 6 epochs of 2,400 radiographs on 2 CPU cores, plus 5 minutes of measuring.
Synthetic data only: this compares training recipes on the generator's phantoms.
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ph_assist.explain.gradcam import CAM_METHODS, DEFAULT_CXR_LAYER, DEFAULT_CXR_METHOD, cxr_explanation
from ph_assist.explain.measure import FINDING_PARTS, localise_findings, mapped_masks, masked_ph_cases
from ph_assist.io import read_cxr
from ph_assist.models.cxr_net import build_cxr_resnet18
from ph_assist.preprocess.cxr import CXRPreprocessConfig, PreparedCXR, preprocess_cxr
from ph_assist.training.core import _seed_for, train_net
from ph_assist.training.metrics import roc_auc_ci

import bench_cxr_findings as findings_bench

CONFIG = CXRPreprocessConfig()


class _Bundle:
    """What the findings benchmark needs of a bundle: a CXR network and its preprocessing."""

    def __init__(self, net: torch.nn.Module, name: str) -> None:
        self.cxr_net, self.bundle_id = net, name

    def prepare_cxr(self, image: Any) -> PreparedCXR:
        return preprocess_cxr(image, CONFIG)


def _arrays(cohort: Path, cache: Path | None) -> tuple[np.ndarray, np.ndarray]:
    key = cache / f"{cohort.resolve().name}-{CONFIG.size}.npz" if cache else None
    if key is not None and key.exists():
        with np.load(key) as z:
            return z["x"], z["y"]
    xs, ys = [], []
    with open(cohort / "manifest.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            xs.append(preprocess_cxr(read_cxr(cohort / row["cxr_path"]), CONFIG).x.astype(np.float16))
            ys.append(int(row["label"]))
    x, y = np.stack(xs), np.array(ys)
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        np.savez(key, x=x, y=y)
    return x, y


def _describe(cohort: Path) -> str:
    """The cohort as the generator's settings name it (no folder of this machine)."""
    try:
        meta = json.loads((cohort / "cohort.json").read_text(encoding="utf-8"))
        return (f"synthetic cohort '{cohort.name}': generator {meta['generator_version']}, seed {meta['seed']}, "
                f"{meta['n']} cases ({meta['n_ph']} PH), {meta['parameters']['scenario']} scenario")
    except (OSError, ValueError, KeyError, TypeError):
        return f"cohort '{cohort.name}'"


def _logits(net: torch.nn.Module, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return np.concatenate([net(torch.from_numpy(x[i:i + 64].astype(np.float32))).reshape(-1).numpy()
                               for i in range(0, len(x), 64)])


def _print_findings(label: str, loc: dict[str, Any], empty: int, n: int) -> None:
    print(f"  {label}", flush=True)
    for k, v in loc["structures"].items():
        print(f"    {k:24s} mass {v['mass']:.4f} (mean map {v['mean_map_mass']:.4f}) {v['relative']:+.0%}, "
              f"wins {v['wins']:.0%}", flush=True)
    pooled = loc["pooled"]
    print(f"    pooled {pooled['relative_margin']:+.1%} (95% CI {pooled['relative_margin_ci'][0]:+.1%} to "
          f"{pooled['relative_margin_ci'][1]:+.1%}), median {pooled['median_relative_margin']:+.1%}, "
          f"wins {pooled['wins']:.0%}; {empty} empty maps of {n}", flush=True)


def measure(net: torch.nn.Module, name: str, test: Path, x: np.ndarray, y: np.ndarray, limit: int,
            maps_only: bool = False, also: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    """``also``: further (method, layer) maps measured on the same cases, beside the app's."""
    net = net.eval()
    auc = roc_auc_ci(y, _logits(net, x))
    out: dict[str, Any] = {"network": name, "cxr_auc": auc.auc, "cxr_auc_ci": [auc.ci_low, auc.ci_high]}
    print(f"{name}: CXR AUC {auc.auc:.3f} ({auc.ci_low:.3f}-{auc.ci_high:.3f}) on {len(y)} cases", flush=True)
    cases = masked_ph_cases(test / "manifest.csv", limit=None)
    maps = (("app", DEFAULT_CXR_METHOD, DEFAULT_CXR_LAYER),) + tuple(
        (f"{m}@{l}", m, l) for m, l in also if (m, l) != (DEFAULT_CXR_METHOD, DEFAULT_CXR_LAYER))
    cams: dict[str, list[np.ndarray]] = {key: [] for key, _, _ in maps}
    empty = dict.fromkeys(cams, 0)
    valid: list[np.ndarray] = []
    single: dict[str, list[np.ndarray]] = {part: [] for part in FINDING_PARTS}
    for case in cases:
        prep = preprocess_cxr(read_cxr(case["cxr"]), CONFIG)
        xin = torch.from_numpy(np.array(prep.x, dtype=np.float32))[None]
        for key, method, layer in maps:
            res = cxr_explanation(net, xin, method=method, layer=layer)
            empty[key] += bool(res.empty)
            cams[key].append(res.cam)
        valid.append(prep.content_mask)
        for part, m in (mapped_masks(case["masks"], prep, FINDING_PARTS) or {}).items():
            single[part].append(m)
    valid_arr = np.stack(valid)
    loc = localise_findings(np.stack(cams["app"]), single, cases, valid_arr)
    out.update(map=f"{DEFAULT_CXR_METHOD}@{DEFAULT_CXR_LAYER}", findings=loc, empty_maps=empty["app"],
               n_ph_cases=len(cases))
    _print_findings(f"the app's map ({DEFAULT_CXR_METHOD} {DEFAULT_CXR_LAYER})", loc, empty["app"], len(cases))
    if also:
        out["other_maps"] = {}
        for key, _, _ in maps[1:]:
            other = localise_findings(np.stack(cams[key]), single, cases, valid_arr)
            out["other_maps"][key] = {"findings": other, "empty_maps": empty[key]}
            _print_findings(key, other, empty[key], len(cases))
    if maps_only:
        return out
    bundle = _Bundle(net, name)
    rows = findings_bench._ph_latents(test)
    with tempfile.TemporaryDirectory() as tmp:
        render = findings_bench._Renderer(bundle, Path(tmp))
        out["what_the_network_uses"] = findings_bench.what_the_network_uses(bundle, rows[:limit], render)
        out["one_sided_hilum"] = findings_bench.one_sided_hilum(bundle, rows, render)
        out["pulmonary_artery_change"] = findings_bench.pulmonary_artery_change(bundle, rows[:limit], render)
    return out


def _load_weights(path: Path) -> torch.nn.Module:
    """A grayscale CXR ResNet18 with saved weights: safetensors (no code runs) or a tensors-only .pt."""
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        state = load_file(str(path))
    else:
        state = torch.load(path, weights_only=True)
    net = build_cxr_resnet18()
    net.load_state_dict(state)
    return net.eval()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train", type=Path, nargs="?", help="synthetic training cohort (ph-assist synth)")
    ap.add_argument("test", type=Path, help="synthetic test cohort with masks and latents.csv")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=100, help="PH cases for the logit-drop and artery checks")
    ap.add_argument("--cache", type=Path, help="folder for the prepared arrays and the trained weights")
    ap.add_argument("--reference", action="store_true", help="also measure the demo bundle's CXR network")
    ap.add_argument("--bundle", type=Path, help="measure only this bundle's CXR network (train nothing)")
    ap.add_argument("--weights", type=Path, help="measure only the CXR network with these weights (train nothing)")
    ap.add_argument("--maps-only", action="store_true", help="skip the three re-rendering checks")
    ap.add_argument("--also", action="append", default=[], metavar="METHOD:LAYER",
                    help="also measure this map (e.g. gradcam:layer3, gradcam++:layer4); repeatable")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    args = ap.parse_args(argv)
    given = [a for a in (args.train, args.bundle, args.weights) if a is not None]
    if len(given) != 1:
        ap.error("give one of: a training cohort, --bundle DIR, --weights FILE")
    try:
        also = tuple((m, l) for m, l in (a.split(":") for a in args.also))
    except ValueError:
        ap.error("--also takes METHOD:LAYER, e.g. gradcam:layer3")
    for m, l in also:
        if m not in CAM_METHODS or l not in ("layer1", "layer2", "layer3", "layer4"):
            ap.error(f"--also {m}:{l}: METHOD is one of {', '.join(CAM_METHODS)}, LAYER one of layer1-layer4")
    torch.set_num_threads(2)
    if args.bundle is not None or args.weights is not None:
        xt, yt = _arrays(args.test, args.cache)
        if args.bundle is not None:
            from ph_assist.models.bundle import load_bundle

            b = load_bundle(args.bundle)
            key, net, name = "bundle", b.cxr_net, f"bundle {b.bundle_id}"
        else:
            try:
                net = _load_weights(args.weights)
            except Exception as exc:  # noqa: BLE001 - any unreadable or foreign file: one line, exit 2
                ap.error(f"--weights {args.weights}: not the weights of a CXR ResNet18 ({str(exc).splitlines()[0][:200]})")
            key, name = "weights", args.weights.name
        only: dict[str, Any] = {
            "data": "synthetic cohorts of generator v2 (not evidence about real radiographs)",
            "test_cohort": _describe(args.test),
            key: measure(net, name, args.test, xt, yt, args.limit, args.maps_only, also)}
        if args.out:
            args.out.write_text(json.dumps(only, indent=1) + "\n", encoding="utf-8")
        return 0
    x, y = _arrays(args.train, args.cache)
    xt, yt = _arrays(args.test, args.cache)
    recipe = {"train_cohort": _describe(args.train), "n_train": int(len(y)), "ph_train": int(y.sum()),
              "batch_size": args.batch_size, "epochs": args.epochs, "lr": args.lr, "weight_decay": 1e-2,
              "seed": args.seed, "input_px": CONFIG.size}
    tag = f"b{args.batch_size}-e{args.epochs}-lr{args.lr:g}-s{args.seed}-n{len(y)}"
    weights = args.cache / f"cxr-{tag}.pt" if args.cache else None
    torch.manual_seed(_seed_for(args.seed, "cxr-init", "bench"))
    net = build_cxr_resnet18()
    t0 = time.perf_counter()
    if weights is not None and weights.exists():
        net.load_state_dict(torch.load(weights, weights_only=True))
        recipe["train_seconds"] = None
    else:
        net = train_net(net, x, y, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr, weight_decay=1e-2,
                        seed=_seed_for(args.seed, "cxr", "bench"),
                        on_epoch=lambda e: print(f"epoch {e}/{args.epochs} at {time.perf_counter() - t0:.0f} s",
                                                 flush=True))
        recipe["train_seconds"] = round(time.perf_counter() - t0)
        if weights is not None:
            torch.save(net.state_dict(), weights)
    res: dict[str, Any] = {"data": "synthetic cohorts of generator v2 (not evidence about real radiographs)",
                           "test_cohort": _describe(args.test), "recipe": recipe,
                           "trained": measure(net, tag, args.test, xt, yt, args.limit, args.maps_only, also)}
    if args.reference:
        from ph_assist.resources import load_default_bundle

        demo = load_default_bundle(None)
        res["reference"] = measure(demo.cxr_net, f"demo bundle {demo.bundle_id}", args.test, xt, yt, args.limit,
                                   args.maps_only, also)
    if args.out:
        args.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
