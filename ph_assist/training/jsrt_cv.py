"""Real-data check of the CXR pipeline: 5-fold cross-validation on JSRT radiographs.

No public data set has PH labels.  To show that the chest X-ray pipeline
(reader → letterbox preprocessing → ResNet18 from scratch → Grad-CAM) learns
from *real* radiographs, this trains it to recognise a heart-size proxy: the
cardiothoracic ratio (CTR) > 0.5, measured from the expert heart and lung
contours of the SCR annotations of the 247 JSRT images.  CTR > 0.5 is not PH.

Usage::

    python -m ph_assist.training.jsrt_cv --data ../shared/data/cxr/jsrt_scr_512 --out jsrt_cv [--device cuda]

Writes ``jsrt_cv.json`` (per-fold and pooled out-of-fold AUC with 95% CI, and
where Grad-CAM falls: the share of Grad-CAM mass in the central cardiac
region vs the lateral lung fields, for positives and negatives) and
``gradcam_mean.png`` (the mean Grad-CAM over the positive cases).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np


def cardiac_region(size: int) -> np.ndarray:
    """Boolean mask of the central lower region where the heart lies on a PA film
    (columns 30-70 %, rows 40-90 % of a letterboxed square image)."""
    m = np.zeros((size, size), dtype=bool)
    m[int(0.40 * size):int(0.90 * size), int(0.30 * size):int(0.70 * size)] = True
    return m


def run(data: Path, out: Path, *, device: str = "cpu", size: int = 224, epochs: int = 20, folds: int = 5,
        seed: int = 0, batch_size: int = 32, lr: float = 1e-3) -> dict:
    import torch
    from sklearn.model_selection import StratifiedKFold

    from ph_assist.explain.gradcam import cxr_gradcam
    from ph_assist.io import read_cxr
    from ph_assist.models.cxr_net import CXR_CAM_LAYER, build_cxr_resnet18
    from ph_assist.preprocess.cxr import CXRPreprocessConfig, preprocess_cxr
    from ph_assist.training.core import _seed_for, train_net
    from ph_assist.training.metrics import roc_auc_ci

    with open(data / "labels_ctr.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cfg = CXRPreprocessConfig(size=size)
    t0 = time.perf_counter()
    x = np.stack([preprocess_cxr(read_cxr(data / "images" / f"{r['id']}.png"), cfg).x for r in rows])
    y = np.array([int(r["ctr_gt_0_5"]) for r in rows])
    t_read = time.perf_counter() - t0
    oof = np.full(len(y), np.nan)
    cams = np.zeros((len(y), size, size), dtype=np.float32)
    fold_aucs = []
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    t_train = 0.0
    n_seen = 0
    for f, (tr, te) in enumerate(skf.split(x, y)):
        torch.manual_seed(_seed_for(seed, "jsrt", f))
        t = time.perf_counter()
        net = train_net(build_cxr_resnet18(1), x[tr], y[tr], epochs=epochs, batch_size=batch_size, lr=lr,
                        weight_decay=1e-2, seed=_seed_for(seed, "jsrt-train", f), device=device)
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        t_train += time.perf_counter() - t
        n_seen += epochs * len(tr)
        net = net.cpu().eval()
        for i in te:
            logit, cam = cxr_gradcam(net, torch.from_numpy(np.array(x[i], dtype=np.float32))[None],
                                     net.target_layer)
            oof[i], cams[i] = logit, cam
        fold_aucs.append(roc_auc_ci(y[te], oof[te]).to_dict())
        print(f"fold {f + 1}/{folds}: AUC {fold_aucs[-1]['auc']:.3f}", file=sys.stderr)
    pooled = roc_auc_ci(y, oof).to_dict()
    region = cardiac_region(size)
    mass = cams.reshape(len(y), -1).sum(axis=1) + 1e-9
    central = cams[:, region].sum(axis=1) / mass
    result = {
        "what": "5-fold CV of the CXR pipeline (ResNet18 from scratch) on 247 real JSRT radiographs; "
                "label CTR > 0.5 from SCR contours (a heart-size proxy, not PH)",
        "n": int(len(y)), "n_positive": int(y.sum()), "folds": folds, "epochs": epochs, "size": size,
        "device": device, "seed": seed,
        "pooled_oof_auc": pooled, "fold_auc": fold_aucs,
        "gradcam": {
            "layer": CXR_CAM_LAYER,  # the app's map; runs before 1 December 2026 used layer4
            "cardiac_region": "rows 40-90 %, columns 30-70 % of the letterboxed image "
                              f"({region.mean():.0%} of its area)",
            "share_of_mass_in_cardiac_region_positives": float(central[y == 1].mean()),
            "share_of_mass_in_cardiac_region_negatives": float(central[y == 0].mean()),
        },
        "seconds": {"read_and_preprocess": round(t_read, 1), "train": round(t_train, 1)},
        "train_images_per_s": round(n_seen / t_train, 1) if t_train > 0 else None,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "jsrt_cv.json").write_text(json.dumps(result, indent=2) + "\n")
    _mean_cam_png(x[y == 1], cams[y == 1], out / "gradcam_mean.png")
    return result


def _mean_cam_png(x: np.ndarray, cams: np.ndarray, path: Path) -> None:
    from PIL import Image

    from ph_assist.render import cxr_overlay_rgb

    image = x[:, 0].mean(axis=0)
    image = (image - image.min()) / max(float(np.ptp(image)), 1e-6)
    cam = cams.mean(axis=0)
    cam = cam / max(float(cam.max()), 1e-6)
    Image.fromarray(cxr_overlay_rgb(image, cam, 0.5)).save(path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True, type=Path, help="folder with images/ and labels_ctr.csv")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--device", default="cpu")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    result = run(args.data, args.out, device=args.device, size=args.size, epochs=args.epochs, seed=args.seed)
    a = result["pooled_oof_auc"]
    print(f"JSRT CTR>0.5, 5-fold out-of-fold AUC {a['auc']:.3f} ({a['ci_low']:.3f}-{a['ci_high']:.3f}); "
          f"Grad-CAM mass in cardiac region: positives "
          f"{result['gradcam']['share_of_mass_in_cardiac_region_positives']:.0%}, negatives "
          f"{result['gradcam']['share_of_mass_in_cardiac_region_negatives']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
