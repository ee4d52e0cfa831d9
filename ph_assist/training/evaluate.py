"""Evaluate a bundle on labelled cases: the paper's table, for the user's own data.

:func:`evaluate_arrays` scores preprocessed cases with a bundle and computes
per-modality and fused AUC with 95% CI (DeLong), sensitivity and specificity
at the bundle's operating thresholds, the Brier score, a reliability curve
and a per-site breakdown (a held-out site is the external validation).
:func:`write_evaluation` writes ``metrics.json``, ``predictions.csv``,
``roc.png``, ``calibration.png`` and ``report.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ph_assist.io.safe_csv import csv_cell
from ph_assist.models.bundle import ModelBundle, batch_logits
from ph_assist.training.cohort import CohortArrays
from ph_assist.training.metrics import roc_auc_ci

MODALITIES = ("ecg", "cxr", "bnp")
NAMES = {"ecg": "ECG", "cxr": "Chest X-ray", "bnp": "BNP", "fused": "Fused"}


def _clean(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if isinstance(v, np.generic):
        return _clean(v.item())
    return v


def score_arrays(bundle: ModelBundle, data: CohortArrays, device: str = "cpu") -> np.ndarray:
    """``(n, 3)`` ECG/CXR/BNP logits (NaN where the modality is missing)."""
    z = np.full((len(data), 3), np.nan)
    if data.ecg is not None and data.ecg_present.any():
        bundle.ecg_net.to(device)
        z[data.ecg_present, 0] = batch_logits(bundle.ecg_net, data.ecg[data.ecg_present], device=device)
        bundle.ecg_net.cpu()
    if data.cxr is not None and data.cxr_present.any():
        bundle.cxr_net.to(device)
        z[data.cxr_present, 1] = batch_logits(bundle.cxr_net, data.cxr[data.cxr_present], device=device)
        bundle.cxr_net.cpu()
    if data.bnp_present.any():
        z[data.bnp_present, 2] = bundle.bnp.decision_function(data.bnp[data.bnp_present])
    return z


def _sens_spec(y: np.ndarray, p: np.ndarray, threshold: float) -> dict[str, Any]:
    pred = p >= threshold
    pos, neg = y == 1, y == 0
    sens = float(pred[pos].mean()) if pos.any() else float("nan")
    spec = float((~pred[neg]).mean()) if neg.any() else float("nan")
    return {"threshold": threshold, "sensitivity": sens, "specificity": spec,
            "n_positive": int(pos.sum()), "n_negative": int(neg.sum())}


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    edges = np.linspace(0, 1, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (p >= lo) & ((p < hi) | (hi == 1.0))
        if m.any():
            out.append({"bin": [float(lo), float(hi)], "n": int(m.sum()),
                        "mean_predicted": float(p[m].mean()), "observed": float(y[m].mean())})
    return out


def _auc(y: np.ndarray, s: np.ndarray) -> dict[str, Any] | None:
    ok = np.isfinite(s)
    if ok.sum() < 2 or len(np.unique(y[ok])) < 2:
        return None
    return roc_auc_ci(y[ok], s[ok]).to_dict()


def evaluate_arrays(bundle: ModelBundle, data: CohortArrays, sites: Sequence[str] | None = None,
                    device: str = "cpu") -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Metrics dict and per-case arrays (logits, fused probability)."""
    z = score_arrays(bundle, data, device)
    usable = np.isfinite(z).any(axis=1)
    prob = np.full(len(data), np.nan)
    if usable.any():
        prob[usable] = bundle.fuse_batch(z[usable])
    y = data.y
    yu, pu = y[usable], prob[usable]
    sites_arr = np.asarray(sites if sites is not None else [""] * len(data))
    metrics: dict[str, Any] = {
        "bundle": {"name": bundle.name, "id": bundle.bundle_id, "banner": bundle.banner,
                   "synthetic_training_data": bundle.card.synthetic_training_data,
                   "clinical_use": bundle.card.clinical_use},
        "evaluated": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "n_cases": int(len(data)), "n_usable": int(usable.sum()), "n_positive": int(yu.sum()),
        "auc": {m: _auc(y, z[:, i]) for i, m in enumerate(MODALITIES)},
        "modality_coverage": {m: int(np.isfinite(z[:, i]).sum()) for i, m in enumerate(MODALITIES)},
    }
    metrics["auc"]["fused"] = _auc(yu, pu)
    metrics["operating_points"] = {
        op.name: {**_sens_spec(yu, pu, op.threshold), "validation_sensitivity": op.sensitivity,
                  "validation_specificity": op.specificity, "criterion": op.criterion}
        for op in bundle.thresholds.points
    }
    metrics["default_operating_point"] = bundle.thresholds.default_point.name
    metrics["brier"] = float(np.mean((pu - yu) ** 2)) if len(yu) else None
    metrics["reliability"] = reliability(yu, pu)
    per_site = {}
    for site in sorted(set(sites_arr.tolist())):
        m = sites_arr == site
        mu = m & usable
        per_site[site or "(none)"] = {
            "n": int(m.sum()), "n_positive": int(y[m].sum()),
            "auc": {**{mod: _auc(y[m], z[m, i]) for i, mod in enumerate(MODALITIES)},
                    "fused": _auc(y[mu], prob[mu])},
            "default_operating_point": _sens_spec(y[mu], prob[mu], bundle.thresholds.default_point.threshold),
        }
    metrics["per_site"] = per_site
    arrays = {"logits": z, "probability": prob, "y": y}
    return _clean(metrics), arrays


def _roc_points(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.metrics import roc_curve

    ok = np.isfinite(s)
    fpr, tpr, _ = roc_curve(y[ok], s[ok])
    return fpr, tpr


def write_evaluation(out: str | os.PathLike, metrics: dict[str, Any], arrays: dict[str, np.ndarray],
                     case_ids: Sequence[str], sites: Sequence[str] | None = None) -> list[Path]:
    """Write the evaluation files; returns their paths."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    written.append(folder / "metrics.json")

    z, prob, y = arrays["logits"], arrays["probability"], arrays["y"]
    with open(folder / "predictions.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "site", "label", "ecg_logit", "cxr_logit", "bnp_logit", "fused_probability"])
        for i, cid in enumerate(case_ids):
            w.writerow([csv_cell(cid), csv_cell(sites[i] if sites is not None else ""), int(y[i]),
                        *["" if not np.isfinite(v) else f"{v:.5f}" for v in (*z[i], prob[i])]])
    written.append(folder / "predictions.csv")

    banner = metrics["bundle"]["banner"]
    fig = Figure(figsize=(5.5, 5.2), dpi=120)
    ax = fig.subplots()
    for i, m in enumerate(MODALITIES + ("fused",)):
        s = prob if m == "fused" else z[:, i]
        auc = metrics["auc"].get(m)
        if auc is None:
            continue
        fpr, tpr = _roc_points(y, s)
        ax.plot(fpr, tpr, linewidth=2.2 if m == "fused" else 1.3, label=f"{NAMES[m]}: AUC {_fmt_auc(auc)}")
    ax.plot([0, 1], [0, 1], color="#999999", linestyle=":", linewidth=1)
    ax.set_xlabel("1 - specificity")
    ax.set_ylabel("sensitivity")
    ax.set_title(f"ROC - {metrics['bundle']['name']}\n{banner}", fontsize=9)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(folder / "roc.png")
    written.append(folder / "roc.png")

    fig = Figure(figsize=(5.5, 5.2), dpi=120)
    ax = fig.subplots()
    rel = metrics["reliability"]
    ax.plot([0, 1], [0, 1], color="#999999", linestyle=":", linewidth=1, label="perfect calibration")
    ax.plot([r["mean_predicted"] for r in rel], [r["observed"] for r in rel], marker="o",
            label=f"fused (Brier {metrics['brier']:.3f})" if metrics["brier"] is not None else "fused")
    for r in rel:
        ax.annotate(str(r["n"]), (r["mean_predicted"], r["observed"]), fontsize=6,
                    textcoords="offset points", xytext=(3, -8))
    ax.set_xlabel("predicted probability of PH")
    ax.set_ylabel("observed fraction with PH")
    ax.set_title(f"Calibration - {metrics['bundle']['name']}\n{banner}", fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(folder / "calibration.png")
    written.append(folder / "calibration.png")

    (folder / "report.md").write_text(report_markdown(metrics))
    written.append(folder / "report.md")
    return written


def _fmt_auc(a: dict[str, Any] | None) -> str:
    if not a or a.get("auc") is None:
        return "-"
    if a.get("ci_low") is None or a.get("ci_high") is None:
        return f"{a['auc']:.3f} (CI undefined)"
    return f"{a['auc']:.3f} ({a['ci_low']:.3f}-{a['ci_high']:.3f})"


def report_markdown(metrics: dict[str, Any]) -> str:
    b = metrics["bundle"]
    lines = [f"# Evaluation of {b['name']}", ""]
    if b.get("synthetic_training_data"):
        lines += ["> **Synthetic training data — not for clinical use.** These figures describe the model on "
                  "generated data; they are not clinical evidence.", ""]
    lines += [f"Bundle `{(b['id'] or '')[:12]}`, evaluated {metrics['evaluated']} on "
              f"{metrics['n_cases']} cases ({metrics['n_positive']} with PH; {metrics['n_usable']} with "
              f"at least one modality).", "",
              "| | AUC (95% CI, DeLong) | cases |", "|---|---|---|"]
    for m in MODALITIES:
        lines.append(f"| {NAMES[m]} | {_fmt_auc(metrics['auc'].get(m))} | {metrics['modality_coverage'][m]} |")
    lines.append(f"| **Fused** | **{_fmt_auc(metrics['auc'].get('fused'))}** | {metrics['n_usable']} |")
    lines += ["", "Operating points (thresholds chosen on the bundle's validation set):", "",
              "| threshold | here: sensitivity | here: specificity | at validation |", "|---|---|---|---|"]
    for name, op in metrics["operating_points"].items():
        default = " (default)" if name == metrics["default_operating_point"] else ""
        lines.append(f"| {name}{default}: {op['threshold']:.3f} | {op['sensitivity']:.3f} | "
                     f"{op['specificity']:.3f} | {op['validation_sensitivity']:.3f} / "
                     f"{op['validation_specificity']:.3f} |")
    if metrics["brier"] is not None:
        lines += ["", f"Brier score of the fused probability: {metrics['brier']:.4f} (see calibration.png)."]
    ceiling = metrics.get("synthetic_ceiling_auc")
    if ceiling:
        lines += ["", "Best AUC achievable from the synthetic generator's own latent variables (the ceiling "
                  "any model trained on these files can approach): " +
                  ", ".join(f"{NAMES.get(k, k)} {ceiling[k]:.3f}" for k in ("ecg", "cxr", "bnp") if k in ceiling) +
                  (f", fused {ceiling['fusion']:.3f}" if "fusion" in ceiling else "") + "."]
    lines += ["", "Per site:", "", "| site | cases (PH) | ECG | Chest X-ray | BNP | Fused |", "|---|---|---|---|---|---|"]
    for site, r in metrics["per_site"].items():
        lines.append(f"| {site} | {r['n']} ({r['n_positive']}) | " +
                     " | ".join(_fmt_auc(r["auc"].get(m)) for m in MODALITIES + ("fused",)) + " |")
    return "\n".join(lines) + "\n"
