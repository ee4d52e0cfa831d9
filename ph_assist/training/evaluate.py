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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ph_assist.io.safe_csv import csv_cell
from ph_assist.models.bundle import ModelBundle, batch_logits
from ph_assist.models.fusion import MODALITIES, SUBSETS, subset_key
from ph_assist.training.calibrate import subset_view
from ph_assist.training.cohort import CohortArrays
from ph_assist.training.metrics import (
    calibration_slope_intercept, decision_curve, paired_auc_difference, roc_auc_ci, small_sample_warning,
    wilson_interval,
)

NAMES = {"ecg": "ECG", "cxr": "Chest X-ray", "bnp": "BNP", "fused": "Fused", "logistic_fusion": "Logistic fusion"}


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


def score_arrays(bundle: ModelBundle, data: CohortArrays, device: str = "cpu",
                 unlike: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """``(n, 3)`` ECG/CXR/BNP logits (NaN where the modality is missing).

    With ``unlike`` (a dict) and a bundle that describes its training data, the
    same pass also fills ``unlike[modality]`` with an ``(n,)`` bool array: the
    case's input is unlike the training data (False where missing)."""
    z = np.full((len(data), 3), np.nan)
    ood = bundle.ood if unlike is not None else None
    for col, kind, net in ((0, "ecg", bundle.ecg_net), (1, "cxr", bundle.cxr_net)):
        x, present = getattr(data, kind), getattr(data, f"{kind}_present")
        if x is None or not present.any():
            continue
        net.to(device)
        if ood is not None and unlike is not None and ood.has(kind):  # ood is set only with unlike
            from ph_assist.models.ood import features_and_logits

            logits, feats = features_and_logits(net, x[present], device=device, layers=ood.layers[kind], kind=kind)
            flags = np.zeros(len(data), dtype=bool)
            flags[present] = ood.detectors[kind].is_unlike(feats)
            unlike[kind] = flags
            z[present, col] = logits
        else:
            z[present, col] = batch_logits(net, x[present], device=device)
        net.cpu()
    if data.bnp_present.any():
        z[data.bnp_present, 2] = bundle.bnp.decision_function(data.bnp[data.bnp_present])
        if ood is not None and unlike is not None and ood.has("bnp"):
            unlike["bnp"] = np.asarray(ood.detectors["bnp"].is_unlike(data.bnp), dtype=bool)
    return z


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


def _rate(k: int, n: int) -> dict[str, Any]:
    lo, hi = wilson_interval(k, n)
    return {"value": (k / n) if n else None, "ci": [lo, hi], "k": int(k), "n": int(n)}


def _sens_spec_cases(y: np.ndarray, p: np.ndarray, thr: np.ndarray) -> dict[str, Any]:
    """Sensitivity and specificity (Wilson 95% CIs) when each case has its own threshold."""
    pred = p >= thr
    pos, neg = y == 1, y == 0
    sens, spec = _rate(int(pred[pos].sum()), int(pos.sum())), _rate(int((~pred[neg]).sum()), int(neg.sum()))
    return {"sensitivity": sens["value"], "sensitivity_ci": sens["ci"], "specificity": spec["value"],
            "specificity_ci": spec["ci"], "n_positive": int(pos.sum()), "n_negative": int(neg.sum())}


def _subset_keys(z: np.ndarray) -> np.ndarray:
    return np.array([subset_key(row) if row.any() else "" for row in np.isfinite(z)], dtype=object)


def _paired(y: np.ndarray, a: np.ndarray, b: np.ndarray, what: str) -> dict[str, Any] | None:
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 4 or len(np.unique(y[ok])) < 2:
        return None
    try:
        return {"comparison": what, **paired_auc_difference(y[ok], a[ok], b[ok])}
    except ValueError as exc:
        return {"comparison": what, "note": str(exc)}


def synthetic_ceiling_scores(manifest: str | os.PathLike, case_ids: Sequence[str]) -> dict[str, Any] | None:
    """Per-case oracle scores of the synthetic generator for ``case_ids`` (from the
    ``latents.csv`` and ``cohort.json`` beside a synthetic manifest), or ``None``.

    The oracle is fitted on independently simulated latent cases and *evaluated on
    these very cases*, so the model-minus-ceiling difference is paired."""
    folder = Path(manifest).parent
    if not (folder / "latents.csv").is_file() or not (folder / "cohort.json").is_file():
        return None
    try:
        from ph_assist.synth import read_latents_csv
        from ph_assist.synth.latent import params_from_dict
        from ph_assist.synth.oracle import reference_oracle

        info = json.loads((folder / "cohort.json").read_text())
        lat = read_latents_csv(folder / "latents.csv")
        index = {str(c): i for i, c in enumerate(lat["case_id"])}
        rows = np.array([index.get(str(c), -1) for c in case_ids])
        if (rows < 0).any():
            return None
        sub = {k: np.asarray(v)[rows] for k, v in lat.items()}
        params = params_from_dict(info.get("parameters", {}), str(info.get("generator_version", "1.0.0")))
        model = reference_oracle(tuple(sorted(params.to_dict().items())), version=params.version)
        scores = model.scores(sub)
        lhf = np.asarray(sub.get("lhf", np.zeros(len(rows)))).astype(float) > 0
        copd = np.asarray(sub.get("copd", np.zeros(len(rows)))).astype(float) > 0
        comorbidity = np.where(lhf & copd, "LHF and COPD", np.where(lhf, "left heart failure",
                                                                     np.where(copd, "COPD", "neither")))
        return {"scores": {k: np.asarray(v, dtype=np.float64) for k, v in scores.items()},
                "ph_group": np.asarray(sub.get("ph_group", [""] * len(rows))).astype(str),
                "comorbidity": comorbidity,
                "generator_version": info.get("generator_version"),
                "definition": info.get("ceiling_definition", "")}
    except Exception:  # noqa: BLE001 - the ceiling is an extra; never stop an evaluation for it
        return None


def evaluate_arrays(bundle: ModelBundle, data: CohortArrays, sites: Sequence[str] | None = None,
                    device: str = "cpu", *, ceiling: Mapping[str, Any] | None = None,
                    groups: Sequence[str] | None = None,
                    comorbidity: Sequence[str] | None = None) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Metrics dict and per-case arrays (logits, fused probability, threshold used).

    Every case is calibrated and thresholded for the set of inputs it has.
    ``ceiling``: per-case synthetic oracle scores (:func:`synthetic_ceiling_scores`);
    ``groups``: a PH group per case (e.g. the generator's ``ph_group``).
    """
    unlike: dict[str, np.ndarray] = {}
    z = score_arrays(bundle, data, device, unlike=unlike)
    keys = _subset_keys(z)
    usable = keys != ""
    prob = np.full(len(data), np.nan)
    thr = np.full(len(data), np.nan)
    if usable.any():
        prob[usable] = bundle.fuse_batch(z[usable])
        for key in set(keys[usable].tolist()):
            thr[keys == key] = bundle.operating_for(key).thresholds.default_point.threshold
    y = data.y
    yu, pu = y[usable], prob[usable]
    sites_arr = np.asarray(sites if sites is not None else [""] * len(data))
    card = bundle.card
    metrics: dict[str, Any] = {
        "bundle": {"name": bundle.name, "id": bundle.bundle_id, "banner": bundle.banner,
                   "synthetic_training_data": card.synthetic_training_data,
                   "clinical_use": bundle.clinical_use, "origin": bundle.origin.describe(),
                   "format_version": bundle.format_version,
                   "fusion": dict(card.fusion)},
        "evaluated": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "n_cases": int(len(data)), "n_usable": int(usable.sum()), "n_positive": int(yu.sum()),
        "auc": {m: _auc(y, z[:, i]) for i, m in enumerate(MODALITIES)},
        "modality_coverage": {m: int(np.isfinite(z[:, i]).sum()) for i, m in enumerate(MODALITIES)},
        "input_sets": {k: int((keys == k).sum()) for k in SUBSETS if (keys == k).any()},
    }
    metrics["auc"]["fused"] = _auc(yu, pu)
    metrics["unlike_training_data"] = (
        {m: {**_rate(int(f.sum()), int(np.isfinite(z[:, i]).sum())),
             "rule": (bundle.ood.to_meta().get(m) or {}).get("description", "")}
         for i, m in enumerate(MODALITIES) if (f := unlike.get(m)) is not None}
        if bundle.ood is not None else None)
    lr = np.full(len(data), np.nan)
    if bundle.fusion_lr is not None and usable.any():
        lr[usable] = bundle.fusion_lr.decision_function(z[usable])
        metrics["auc"]["logistic_fusion"] = _auc(yu, lr[usable])

    # paired comparisons on the same cases
    paired: dict[str, Any] = {}
    for i, m in enumerate(MODALITIES):
        paired[f"fused_vs_{m}"] = _paired(y, prob, z[:, i], f"fused risk minus {NAMES[m]} alone, "
                                                             f"on the cases with {NAMES[m]}")
    if bundle.fusion_lr is not None:
        paired["fused_vs_logistic_fusion"] = _paired(y, prob, lr, "shipped fusion minus logistic-regression fusion")
    if ceiling is not None:
        sc = ceiling["scores"]
        metrics["synthetic_ceiling_on_these_cases"] = {
            "definition": ceiling.get("definition", ""),
            "auc": {"ecg": _auc(y, sc["ecg"]), "cxr": _auc(y, sc["cxr"]), "bnp": _auc(y, sc["bnp"]),
                    "fused": _auc(y, sc["fusion"])},
        }
        for i, m in enumerate(MODALITIES):
            paired[f"{m}_vs_ceiling"] = _paired(y, z[:, i], sc[m], f"{NAMES[m]} sub-model minus the generator's "
                                                                   f"{NAMES[m]} ceiling, same cases")
        paired["fused_vs_ceiling"] = _paired(y, prob, sc["fusion"], "fused risk minus the generator's fused "
                                                                    "ceiling, same cases")
    metrics["paired_comparisons"] = {k: v for k, v in paired.items() if v is not None}

    # operating points: each case at the threshold of its own set of inputs
    ops = {}
    for name in [p.name for p in bundle.thresholds.points]:
        t_case = np.full(len(data), np.nan)
        for key in set(keys[usable].tolist()):
            t_case[keys == key] = bundle.operating_for(key).thresholds[name].threshold
        ops[name] = {**_sens_spec_cases(yu, pu, t_case[usable]),
                     "rule": "each case at this operating point of the set of inputs it has"}
    metrics["operating_points"] = ops
    metrics["default_operating_point"] = bundle.thresholds.default_point.name

    # per set of inputs: modality-dropped copies of the cases that have those inputs
    by_inputs: dict[str, Any] = {}
    for key in SUBSETS:
        rows, zk = subset_view(z, key)
        if rows.sum() < 2:
            continue
        yk = y[rows]
        pk = bundle.fuse_batch(zk)
        op = bundle.operating_for(key)
        entry: dict[str, Any] = {"inputs": op.label, "n": int(rows.sum()), "n_positive": int(yk.sum()),
                                 "auc": _auc(yk, pk), "operating_points": {}}
        for point in op.thresholds.points:
            entry["operating_points"][point.name] = {
                "threshold": point.threshold,
                **_sens_spec_cases(yk, pk, np.full(len(yk), point.threshold)),
                "validation_sensitivity": point.sensitivity, "validation_specificity": point.specificity,
            }
        if len(np.unique(yk)) == 2:
            entry["calibration"] = calibration_slope_intercept(yk, pk)
        entry["warning"] = small_sample_warning(int(yk.sum()), int(len(yk) - yk.sum()), "test")
        by_inputs[key] = entry
    metrics["by_input_set"] = by_inputs

    metrics["brier"] = float(np.mean((pu - yu) ** 2)) if len(yu) else None
    metrics["calibration"] = calibration_slope_intercept(yu, pu) if len(np.unique(yu)) == 2 else None
    metrics["reliability"] = reliability(yu, pu)
    metrics["decision_curve"] = decision_curve(yu, pu) if len(yu) else None
    metrics["sample_size_warning"] = small_sample_warning(int(yu.sum()), int(len(yu) - yu.sum()), "test")

    per_site = {}
    for site in sorted(set(sites_arr.tolist())):
        m = sites_arr == site
        mu = m & usable
        per_site[site or "(none)"] = {
            "n": int(m.sum()), "n_positive": int(y[m].sum()),
            "auc": {**{mod: _auc(y[m], z[m, i]) for i, mod in enumerate(MODALITIES)},
                    "fused": _auc(y[mu], prob[mu])},
            "default_operating_point": _sens_spec_cases(y[mu], prob[mu], thr[mu]),
        }
    metrics["per_site"] = per_site
    if groups is not None:
        g = np.asarray(groups).astype(str)
        neg = (y == 0) & usable
        per_group = {}
        for grp in sorted(set(g[(y == 1)].tolist())):
            pos = (y == 1) & (g == grp) & usable
            sel = pos | neg
            per_group[grp] = {
                "n_positive": int(pos.sum()), "n_negative": int(neg.sum()),
                "auc": {**{mod: _auc(y[sel], z[sel, i]) for i, mod in enumerate(MODALITIES)},
                        "fused": _auc(y[sel], prob[sel])},
                "sensitivity_at_default": _rate(int((prob[pos] >= thr[pos]).sum()), int(pos.sum())),
            }
        nonph = {}
        c = np.asarray(comorbidity).astype(str) if comorbidity is not None else g
        for grp in sorted(set(c[(y == 0)].tolist())):
            sel = (y == 0) & (c == grp) & usable
            nonph[grp] = {"n": int(sel.sum()), "flagged_at_default": _rate(int((prob[sel] >= thr[sel]).sum()),
                                                                             int(sel.sum()))}
        within = {}
        for grp in sorted(set(c.tolist())):
            sel = (c == grp) & usable
            n1, n0 = int((y[sel] == 1).sum()), int((y[sel] == 0).sum())
            if n1 and n0:
                within[grp] = {"n_positive": n1, "n_negative": n0,
                               "auc": {**{mod: _auc(y[sel], z[sel, i]) for i, mod in enumerate(MODALITIES)},
                                       "fused": _auc(y[sel], prob[sel])}}
        metrics["per_ph_group"] = {"rule": "each PH group's cases against all non-PH cases", "groups": per_group}
        metrics["non_ph_flag_rate_by_group"] = nonph
        if comorbidity is not None:
            metrics["auc_within_comorbidity"] = {
                "rule": "PH against non-PH among the cases of one comorbidity group only: does the model "
                        "detect PH, or the comorbidity?", "groups": within}
    arrays = {"logits": z, "probability": prob, "y": y, "threshold": thr, "logistic_fusion_logit": lr}
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
        w.writerow(["case_id", "site", "label", "ecg_logit", "cxr_logit", "bnp_logit", "fused_probability",
                    "threshold_of_its_inputs"])
        thr = arrays.get("threshold", np.full(len(y), np.nan))
        for i, cid in enumerate(case_ids):
            w.writerow([csv_cell(cid), csv_cell(sites[i] if sites is not None else ""), int(y[i]),
                        *["" if not np.isfinite(v) else f"{v:.5f}" for v in (*z[i], prob[i], thr[i])]])
    written.append(folder / "predictions.csv")

    title = f"{metrics['bundle']['name']}\n{metrics['bundle']['banner']}"
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
    written.append(_finish_plot(fig, ax, folder / "roc.png", "1 - specificity", "sensitivity",
                                f"ROC - {title}", "lower right"))

    fig = Figure(figsize=(5.5, 5.2), dpi=120)
    ax = fig.subplots()
    rel = metrics["reliability"]
    ax.plot([0, 1], [0, 1], color="#999999", linestyle=":", linewidth=1, label="perfect calibration")
    ax.plot([r["mean_predicted"] for r in rel], [r["observed"] for r in rel], marker="o",
            label=f"fused (Brier {metrics['brier']:.3f})" if metrics["brier"] is not None else "fused")
    for r in rel:
        ax.annotate(str(r["n"]), (r["mean_predicted"], r["observed"]), fontsize=6,
                    textcoords="offset points", xytext=(3, -8))
    written.append(_finish_plot(fig, ax, folder / "calibration.png", "predicted probability of PH",
                                "observed fraction with PH", f"Calibration - {title}", "upper left"))

    dc = metrics.get("decision_curve")
    if dc:
        fig = Figure(figsize=(5.5, 4.4), dpi=120)
        ax = fig.subplots()
        t = np.asarray(dc["thresholds"])
        ax.plot(t, dc["model"], linewidth=2, label="fused risk")
        ax.plot(t, dc["treat_all"], color="#777777", linewidth=1, label="refer everyone")
        ax.plot(t, dc["treat_none"], color="#000000", linewidth=1, linestyle=":", label="refer no one")
        top = max(0.05, float(np.nanmax(dc["model"])) * 1.15)
        ax.set_ylim(-0.05 * top, top)
        ax.set_xlim(0, 0.8)
        written.append(_finish_plot(fig, ax, folder / "decision_curve.png",
                                    "threshold probability (risk at which one would refer)", "net benefit",
                                    f"Decision curve - {title}", "upper right"))

    (folder / "report.md").write_text(report_markdown(metrics))
    written.append(folder / "report.md")
    return written


def _finish_plot(fig: Any, ax: Any, path: Path, xlabel: str, ylabel: str, title: str, legend: str) -> Path:
    """Labels, title (with the bundle's banner) and legend; saves the figure to ``path``."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.legend(loc=legend, fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    return path


def _fmt_auc(a: dict[str, Any] | None) -> str:
    if not a or a.get("auc") is None:
        return "-"
    if a.get("ci_low") is None or a.get("ci_high") is None:
        return f"{a['auc']:.3f} (CI undefined)"
    return f"{a['auc']:.3f} ({a['ci_low']:.3f}-{a['ci_high']:.3f})"


def _fmt_ci(v: Any, ci: Any, pct: bool = True) -> str:
    if v is None:
        return "-"
    f = (lambda x: f"{100 * x:.1f}%") if pct else (lambda x: f"{x:.3f}")
    if ci and ci[0] is not None and ci[1] is not None:
        sep = " to " if min(ci[0], ci[1]) < 0 else "-"  # "-0.661 to -0.287", never "-0.661--0.287"
        return f"{f(v)} ({f(ci[0])}{sep}{f(ci[1])})"
    return f(v)


def _fmt_diff(d: Mapping[str, Any] | None) -> str:
    if not d or d.get("difference") is None:
        return "-"
    p = d.get("p_value")
    p_text = "" if p is None else (f", p = {p:.3f}" if p >= 0.001 else ", p < 0.001")
    return f"{d['difference']:+.3f} ({d['ci_low']:+.3f} to {d['ci_high']:+.3f}{p_text}; {d.get('method', '')})"


def report_markdown(metrics: dict[str, Any]) -> str:
    """The evaluation report, in the order of the TRIPOD+AI items that apply to an
    external evaluation of a fixed model (Collins et al., BMJ 2024;385:e078378)."""
    b = metrics["bundle"]
    synthetic = bool(b.get("synthetic_training_data"))
    lines = [f"# Evaluation of {b['name']}", ""]
    if synthetic:
        lines += ["> **Synthetic training data — not for clinical use.** These figures describe the model on "
                  "generated data; they are not clinical evidence.", ""]
    lines += ["## Source of data and participants (TRIPOD+AI 5-8)", "",
              f"Bundle `{(b['id'] or '')[:12]}` (format {b.get('format_version', 1)}), evaluated "
              f"{metrics['evaluated']} on {metrics['n_cases']} cases ({metrics['n_positive']} with PH; "
              f"{metrics['n_usable']} with at least one input)."]
    scored = metrics.get("rows_scored")
    if scored:
        lines += ["", f"Rows scored: {scored['description']}"]
    sets = metrics.get("input_sets") or {}
    if sets:
        lines += ["", "Inputs present: " + ", ".join(f"{k.replace('+', ' + ')} {v}" for k, v in sets.items()) + "."]
    if metrics.get("sample_size_warning"):
        lines += ["", f"> **Sample size:** {metrics['sample_size_warning']} (rule: at least 100 events and 100 "
                  "non-events; Vergouwe et al. 2005, Collins et al. 2016)."]
    unlike = metrics.get("unlike_training_data")
    if unlike:
        lines += ["", "Inputs flagged as unlike the bundle's training data: " + ", ".join(
            f"{NAMES[m]} {_fmt_ci(r['value'], r['ci'])} ({r['k']}/{r['n']})" for m, r in unlike.items()) + "."]
    lines += ["", "## Model (TRIPOD+AI 10-12)", ""]
    fusion = b.get("fusion") or {}
    if fusion:
        lines += [f"Shipped fusion: {fusion.get('shipped')}. Why: {fusion.get('why')}."]
    lines += ["Each case's risk is calibrated, and compared with the threshold, for the set of inputs it has.", "",
              "## Discrimination (TRIPOD+AI 23)", "",
              "| | AUC (95% CI) | cases |", "|---|---|---|"]
    for m in MODALITIES:
        a = metrics["auc"].get(m)
        lines.append(f"| {NAMES[m]} alone | {_fmt_auc(a)} | {metrics['modality_coverage'][m]} |")
    lines.append(f"| **Fused (shipped)** | **{_fmt_auc(metrics['auc'].get('fused'))}** | {metrics['n_usable']} |")
    if metrics["auc"].get("logistic_fusion"):
        lines.append(f"| Logistic-regression fusion | {_fmt_auc(metrics['auc']['logistic_fusion'])} | "
                     f"{metrics['n_usable']} |")
    ceil = metrics.get("synthetic_ceiling_on_these_cases")
    if ceil:
        for k in ("ecg", "cxr", "bnp", "fused"):
            lines.append(f"| Generator ceiling, {NAMES[k]} (same cases) | {_fmt_auc(ceil['auc'].get(k))} | "
                         f"{metrics['n_cases']} |")
    method = (metrics["auc"].get("fused") or {}).get("method", "")
    lines += ["", f"CI method: {method} (DeLong when both classes have at least 30 cases and 0 < AUC < 1, "
              "otherwise Newcombe's score interval).", "", "Paired differences (same cases):", "",
              "| comparison | AUC difference (95% CI) |", "|---|---|"]
    for key, d in (metrics.get("paired_comparisons") or {}).items():
        lines.append(f"| {d.get('comparison', key)} | {_fmt_diff(d)} |")
    if ceil:
        lines += ["", f"Ceiling: {ceil.get('definition', '')}"]
    lines += ["", "## Calibration (TRIPOD+AI 23)", ""]
    cal = metrics.get("calibration") or {}
    if cal.get("slope") is not None:
        lines.append(f"Calibration slope {_fmt_ci(cal['slope'], cal.get('slope_ci'), pct=False)}; "
                     f"calibration-in-the-large (intercept) {_fmt_ci(cal['intercept'], cal.get('intercept_ci'), False)};"
                     f" observed/expected {cal.get('oe_ratio', float('nan')):.3f}.")
    elif cal.get("note"):
        lines.append(f"Calibration slope not estimable: {cal['note']}")
    if metrics["brier"] is not None:
        lines.append(f"Brier score {metrics['brier']:.4f}. See calibration.png.")
    lines += ["", "## Classification at the operating thresholds (TRIPOD+AI 23)", "",
              "Thresholds were chosen on the bundle's validation set, separately for each set of inputs.", "",
              "| operating point | sensitivity (95% Wilson CI) | specificity (95% Wilson CI) |", "|---|---|---|"]
    for name, op in metrics["operating_points"].items():
        default = " (default)" if name == metrics["default_operating_point"] else ""
        lines.append(f"| {name}{default} | {_fmt_ci(op['sensitivity'], op['sensitivity_ci'])} | "
                     f"{_fmt_ci(op['specificity'], op['specificity_ci'])} |")
    lines += ["", "### By set of inputs (modality-dropped copies of the cases that have them)", "",
              "| inputs | cases (PH) | AUC (95% CI) | threshold | sensitivity here | specificity here | "
              "at validation (sens / spec) | calibration slope |", "|---|---|---|---|---|---|---|---|"]
    default = metrics["default_operating_point"]
    for key, e in (metrics.get("by_input_set") or {}).items():
        op = e["operating_points"].get(default, {})
        slope = (e.get("calibration") or {}).get("slope")
        lines.append(f"| {e['inputs']} | {e['n']} ({e['n_positive']}) | {_fmt_auc(e['auc'])} | "
                     f"{op.get('threshold', float('nan')):.3f} | {_fmt_ci(op.get('sensitivity'), op.get('sensitivity_ci'))}"
                     f" | {_fmt_ci(op.get('specificity'), op.get('specificity_ci'))} | "
                     f"{op.get('validation_sensitivity', float('nan')):.2f} / "
                     f"{op.get('validation_specificity', float('nan')):.2f} | "
                     f"{'-' if slope is None else f'{slope:.2f}'} |")
    dc = metrics.get("decision_curve")
    if dc:
        t = np.asarray(dc["thresholds"])
        lines += ["", "## Clinical utility: decision curve (Vickers & Elkin 2006)", "",
                  "| threshold probability | net benefit, fused | refer everyone | refer no one |", "|---|---|---|---|"]
        for pt in (0.05, 0.1, 0.2, 0.3, 0.5):
            i = int(np.argmin(np.abs(t - pt)))
            lines.append(f"| {t[i]:.2f} | {dc['model'][i]:.3f} | {dc['treat_all'][i]:.3f} | 0 |")
        lines += ["", "See decision_curve.png."]
    groups = metrics.get("per_ph_group")
    if groups:
        lines += ["", "## By PH group (each group's cases against all non-PH cases)", "",
                  "| group | PH cases | ECG | Chest X-ray | BNP | Fused | sensitivity at default |",
                  "|---|---|---|---|---|---|---|"]
        for grp, r in groups["groups"].items():
            sens = r["sensitivity_at_default"]
            lines.append(f"| {grp} | {r['n_positive']} | " +
                         " | ".join(_fmt_auc(r["auc"].get(m)) for m in MODALITIES + ("fused",)) +
                         f" | {_fmt_ci(sens['value'], sens['ci'])} |")
        nonph = metrics.get("non_ph_flag_rate_by_group") or {}
        if nonph:
            lines += ["", "Non-PH cases flagged at the default threshold, by comorbidity group: " +
                      "; ".join(f"{g} {_fmt_ci(r['flagged_at_default']['value'], r['flagged_at_default']['ci'])} "
                                f"(n = {r['n']})" for g, r in nonph.items()) + "."]
    ex = metrics.get("explanations")
    if ex:
        lines += ["", "## Explanations on the generator's masks (synthetic PH cases)", "",
                  f"{ex['data']}. Chest X-ray: the app's map ({ex['cxr']['method']} at {ex['cxr']['layer']}) "
                  "against the image-independent leave-one-out mean map of the same cases; mass = share of the "
                  "map inside the mask, hit = the map's peak inside the mask (pointing game, "
                  f"{ex['cxr']['tolerance_px']:.0f} px tolerance); {ex['cxr']['n_empty']} maps were empty.", "",
                  "| mask | area | mass (mean map) | margin [95% CI] | hit (mean map) |", "|---|---|---|---|---|"]
        for name, r in ex["cxr"]["masks"].items():
            lo, hi = r["mass_margin_ci"]
            lines.append(f"| {name} | {r['area_fraction']:.3f} | {r['mass']:.3f} ({r['mean_map_mass']:.3f}) | "
                         f"{r['mass_margin']:+.3f} [{lo:+.3f}, {hi:+.3f}] | {r['hit_rate']:.2f} "
                         f"({r['mean_map_hit_rate']:.2f}) |")
        fnd = ex["cxr"].get("findings")
        if fnd:
            lines += ["", "Does the map follow the findings of *this* image? In the cases where a finding is pronounced "
                      "(strength at or above the median of these cases), the map's mass on that structure against "
                      "the mean map's (which cannot know what this image shows):", "",
                      "| structure | cases | mass (mean map) | margin [95% CI] | relative | map wins |",
                      "|---|---|---|---|---|---|"]
            for name, r in fnd["structures"].items():
                lo, hi = r["margin_ci"]
                lines.append(f"| {name} | {r['n_pronounced']} | {r['mass']:.3f} ({r['mean_map_mass']:.3f}) | "
                             f"{r['margin']:+.4f} [{lo:+.4f}, {hi:+.4f}] | {r['relative']:+.0%} | {r['wins']:.0%} |")
            pool = fnd["pooled"]
            lo, hi = pool["relative_margin_ci"]
            robust = ""
            if "wins" in pool:  # metrics written before 1 December 2026 have only the mean
                robust = (f" Median per case {pool['median_relative_margin']:+.0%}; the map has more mass there than the "
                          f"mean map in {pool['wins']:.0%} of the cases.")
            lines += ["", f"Pooled over each case's pronounced findings: the map puts {pool['relative_margin']:+.0%} "
                      f"(95% CI {lo:+.0%} to {hi:+.0%}; {pool['n_cases']} cases) more mass on them than the mean map."
                      + robust]
        r = ex["ecg"]
        first = ", ".join(f"{k} {v}" for k, v in sorted(r["first_counts"].items(), key=lambda kv: -kv[1])[:6])
        lines += ["", f"ECG ({r['method']}): the first-ranked lead is one of {', '.join(r['ph_leads'])} (the leads "
                  f"that carry the generator's PH effects) in {r['top1_in_set']:.0%} of cases (chance "
                  f"{r['chance_top1']:.0%}, p = {r['top1_p_value']:.1g}); within-case AUC of those leads against "
                  f"the others {r['auc']:.2f} (chance 0.50). First-ranked: {first}. Cost: "
                  f"{ex['cxr']['ms_per_image']:.0f} ms per radiograph, {r['ms_per_ecg']:.0f} ms per ECG ({ex['device']})."]
    within = (metrics.get("auc_within_comorbidity") or {}).get("groups")
    if within:
        lines += ["", "## Within each comorbidity group (PH against non-PH with the same comorbidities)", "",
                  "| comorbidity | PH / non-PH | ECG | Chest X-ray | BNP | Fused |", "|---|---|---|---|---|---|"]
        for grp, r in within.items():
            lines.append(f"| {grp} | {r['n_positive']} / {r['n_negative']} | " +
                         " | ".join(_fmt_auc(r["auc"].get(m)) for m in MODALITIES + ("fused",)) + " |")
    lines += ["", "## By site", "", "| site | cases (PH) | ECG | Chest X-ray | BNP | Fused |", "|---|---|---|---|---|---|"]
    for site, r in metrics["per_site"].items():
        lines.append(f"| {site} | {r['n']} ({r['n_positive']}) | " +
                     " | ".join(_fmt_auc(r["auc"].get(m)) for m in MODALITIES + ("fused",)) + " |")
    lines += ["", "## Limitations (TRIPOD+AI 27)", ""]
    if synthetic:
        lines.append("- The model was trained and evaluated on synthetic data; nothing here estimates its "
                     "performance on patients.")
    lines.append("- Threshold sensitivity/specificity at validation were measured on the cases the thresholds "
                 "were chosen on (optimistic); the figures above are on the evaluated cases.")
    return "\n".join(lines) + "\n"
