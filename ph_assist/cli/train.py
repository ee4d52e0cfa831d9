"""``ph-assist train`` and ``ph-assist evaluate``: the published design on your own files."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

from ph_assist.errors import InputError
from ph_assist.i18n import translate, using_language


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser(
        "train",
        help=translate("cli", "train a model bundle from a manifest of labelled cases"),
        description=translate("cli", "Train the ECG CNN, the CXR ResNet18 and the BNP regression, then the fusion "
                                     "network on out-of-fold sub-model outputs, calibrate and choose the operating "
                                     "threshold on the validation split, and write a complete, hash-verified bundle. "
                                     "Manifest columns: case_id, patient_id, site, split (train/val/test or empty = "
                                     "automatic, by patient), label (1 = PH), ecg_path, cxr_path, bnp, bnp_unit."),
    )
    t.add_argument("--manifest", required=True, help=translate("cli", "training manifest CSV"))
    t.add_argument("--out", required=True, metavar="BUNDLE", help=translate("cli", "bundle folder to write"))
    t.add_argument("--device", default="cpu", help=translate("cli", "cpu or cuda (default cpu)"))
    t.add_argument("--epochs", type=int, default=12,
                   help=translate("cli", "epochs of the ECG and CXR networks (default 12)"))
    t.add_argument("--ecg-epochs", type=int, help=translate("cli", "epochs of the ECG network (overrides --epochs)"))
    t.add_argument("--cxr-epochs", type=int, help=translate("cli", "epochs of the CXR network (overrides --epochs)"))
    t.add_argument("--cxr-size", type=int, default=224, metavar="PX",
                   help=translate("cli", "CXR input size in pixels (default 224 as published; 512 allowed)"))
    t.add_argument("--batch-size", type=int, default=64)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--oof-folds", type=int, default=5, help=translate("cli", "folds for the out-of-fold fusion inputs"))
    t.add_argument("--powerline", type=int, choices=[50, 60],
                   help=translate("cli", "mains frequency to notch (default none)"))
    t.add_argument("--analyte", default="BNP", choices=["BNP", "NT-proBNP"])
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1),
                   help=translate("cli", "processes that read and preprocess files"))
    t.add_argument("--cache", help=translate("cli", "preprocessing cache folder (default: BUNDLE.cache)"))
    t.add_argument("--name", help=translate("cli", "bundle name (default: the --out folder name)"))
    t.add_argument("--training-data", default="hospital cases listed in the training manifest",
                   help=translate("cli", "description of the training data for the model card"))
    t.add_argument("--label-definition",
                   default="PH = mean pulmonary arterial pressure > 20 mmHg at right heart catheterisation")
    t.add_argument("--synthetic", action="store_true",
                   help=translate("cli", "the training data are synthetic: the bundle is marked not for clinical use"))
    t.add_argument("--evaluate", action="store_true",
                   help=translate("cli", "also evaluate on the test split into BUNDLE/evaluation"))
    t.add_argument("--recipe",
                   help=translate("cli", "how this training was started, for the model card (for example the script "
                                         "and its settings); the exact command line is always appended"))
    t.add_argument("--force", action="store_true", help=translate("cli", "replace an existing bundle folder"))
    t.set_defaults(func=cmd_train)

    r = sub.add_parser(
        "refit",
        help=translate("cli", "refit a bundle's fusion, calibration, thresholds and training-data description "
                              "(networks kept)"),
        description=translate("cli", "Keeps the bundle's ECG, CXR and BNP models; fits the monotone fusion (and the "
                                     "logistic-regression fusion beside it) on out-of-sample logits, calibration and "
                                     "thresholds per set of inputs on the validation split, and the 'unlike the "
                                     "training data' detectors on the training split. --manifest is the bundle's "
                                     "training manifest (same --seed, so the same patient-level splits). A bundle "
                                     "without stored out-of-fold logits (format 1) needs --fusion-manifest: labelled "
                                     "cases the networks never saw."),
    )
    r.add_argument("--bundle", required=True, help=translate("cli", "bundle folder whose networks are kept"))
    r.add_argument("--manifest", required=True, help=translate("cli", "the bundle's training manifest"))
    r.add_argument("--fusion-manifest",
                   help=translate("cli", "labelled cases never seen by the networks, to fit the fusion on"))
    r.add_argument("--out", required=True, metavar="BUNDLE", help=translate("cli", "new bundle folder"))
    r.add_argument("--seed", type=int, default=0,
                   help=translate("cli", "seed of the automatic split (as in training) and the fusion"))
    r.add_argument("--device", default="cpu")
    r.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    r.add_argument("--cache", help=translate("cli", "preprocessing cache folder (default: BUNDLE.cache)"))
    r.add_argument("--name", help=translate("cli", "new bundle name (default: the old one)"))
    r.add_argument("--training-data", help=translate("cli", "new description of the training data for the model card"))
    r.add_argument("--force", action="store_true", help=translate("cli", "replace an existing bundle folder"))
    r.set_defaults(func=cmd_refit)

    e = sub.add_parser(
        "evaluate",
        help=translate("cli", "evaluate a bundle on labelled cases: AUCs with 95%% CI, calibration, per-site "
                              "breakdown"),
        description=translate("cli", "Writes metrics.json, predictions.csv, roc.png, calibration.png and report.md."),
    )
    e.add_argument("--bundle", help=translate("cli", "bundle folder (default: the demo bundle)"))
    e.add_argument("--manifest", required=True, help=translate("cli", "manifest CSV with labels"))
    e.add_argument("--out", required=True, metavar="DIR")
    e.add_argument("--split", default="all", choices=["all", "train", "val", "test"],
                   help=translate("cli", "which split of the manifest to evaluate (default: all rows)"))
    e.add_argument("--device", default="cpu")
    e.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    e.add_argument("--cache", help=translate("cli", "preprocessing cache folder (default: DIR/.cache)"))
    e.add_argument("--seed", type=int, default=0, help=translate("cli", "seed of the automatic split (as in training)"))
    e.add_argument("--explain-cases", type=int, default=100, metavar="N",
                   help=translate("cli", "on a synthetic cohort with the generator's masks: measure the app's "
                                         "explanations (CXR map localisation, ECG lead ranks) on up to N PH cases "
                                         "(default 100; 0: skip)"))
    e.add_argument("--force", action="store_true", help=translate("cli", "replace an earlier evaluation in DIR"))
    e.add_argument("--include-fitting-cases", action="store_true",
                   help=translate("cli", "also score rows whose files fitted the bundle (in-sample; refused by "
                                         "default)"))
    e.set_defaults(func=cmd_evaluate)


class _ProgressLine:
    def __init__(self, prefix: str) -> None:
        self.prefix, self.t0, self.last = prefix, time.perf_counter(), 0.0

    def __call__(self, message: str, fraction: float) -> None:
        now = time.perf_counter()
        if now - self.last < 1.0 and fraction < 1.0:
            return
        self.last = now
        elapsed = now - self.t0
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else float("nan")
        eta_text = f"ETA {int(eta // 60)}:{int(eta % 60):02d}" if eta == eta else "ETA -"
        sys.stderr.write(f"\r{self.prefix}: {fraction:5.1%} {eta_text}  {message[:70]:<70}")
        sys.stderr.flush()
        if fraction >= 1.0:
            sys.stderr.write("\n")


def _init_distributed() -> tuple[int, int]:
    """Join the process group when started by ``torchrun`` (WORLD_SIZE > 1)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return 0, 1
    import torch
    import torch.distributed as dist

    if not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    return dist.get_rank(), dist.get_world_size()


def _barrier() -> None:
    import torch.distributed as dist

    dist.barrier()


def _check_device(device: str) -> str:
    import torch

    if device.startswith("cuda") and not torch.cuda.is_available():
        raise InputError(None, translate("errors", "--device cuda: no CUDA GPU is available on this machine"))
    if not (device == "cpu" or device.startswith("cuda")):
        raise InputError(None, translate("errors", "--device must be cpu or cuda, not {device!r}").format(
            device=device))
    return device


def cmd_train(args: argparse.Namespace) -> int:
    from ph_assist.models.bundle import save_bundle
    from ph_assist.preprocess.cxr import CXRPreprocessConfig
    from ph_assist.preprocess.ecg import ECGPreprocessConfig
    from ph_assist.training.core import TrainConfig, fit_bundle
    from ph_assist.training.data import load_cohort

    out = Path(args.out)
    rank, world = _init_distributed()
    if out.exists() and not args.force and rank == 0:
        raise InputError(out, translate("errors", "already exists; choose another folder or pass --force"))
    device = _check_device(args.device)
    if world > 1 and device.startswith("cuda"):
        device = f"cuda:{int(os.environ.get('LOCAL_RANK', 0))}"
    if not 32 <= args.cxr_size <= 1024:
        raise InputError(None, translate("errors", "--cxr-size {size} is outside 32-1024 px").format(
            size=args.cxr_size))
    ecg_cfg = ECGPreprocessConfig(powerline_hz=args.powerline)
    cxr_cfg = CXRPreprocessConfig(size=args.cxr_size)
    cache = Path(args.cache) if args.cache else out.with_name(out.name + ".cache")
    t0 = time.perf_counter()
    read_progress = _ProgressLine(translate("cli", "reading files"))
    if world > 1 and rank != 0:
        _barrier()  # rank 0 fills the preprocessing cache first; the others then read it
    cohort = load_cohort(args.manifest, cache, ecg_cfg, cxr_cfg, analyte=args.analyte, seed=args.seed,
                         workers=args.workers,
                         progress=(lambda k, n: read_progress(_files_done(k, n), k / max(n, 1))) if rank == 0 else None)
    if world > 1 and rank == 0:
        _barrier()
    t_read = time.perf_counter() - t0
    for line in cohort.problems[:20]:
        print(translate("cli", "left out: {reason}").format(reason=line), file=sys.stderr)
    if len(cohort.problems) > 20:
        print(translate("cli", "left out: ... and {n} more").format(n=len(cohort.problems) - 20), file=sys.stderr)
    for split in ("train", "val"):
        if split not in cohort.arrays:
            raise InputError(args.manifest, translate("errors", "no {split} cases after splitting by patient").format(
                split=split))
    train, val = cohort.arrays["train"], cohort.arrays["val"]
    try:  # --oof-folds 1, --batch-size 1 ... are the user's to fix
        config = TrainConfig(
            name=args.name or out.name, ecg_preprocess=ecg_cfg, cxr_preprocess=cxr_cfg, analyte=args.analyte,
            batch_size=args.batch_size, lr=args.lr, ecg_epochs=args.ecg_epochs, cxr_epochs=args.cxr_epochs,
            oof_folds=args.oof_folds, training_data=args.training_data, label_definition=args.label_definition,
            synthetic_training_data=args.synthetic, clinical_use=False, recipe=_recipe(args),
        )
    except ValueError as exc:
        raise InputError(args.manifest, translate("errors", "cannot train: {error}").format(error=exc)) from None
    print(translate("cli", "training on {n_train} cases ({ph_train} PH), validating on {n_val} ({ph_val} PH); "
                           "device {device}; files read in {seconds} s").format(
        n_train=len(train), ph_train=int(train.y.sum()), n_val=len(val), ph_val=int(val.y.sum()), device=device,
        seconds=f"{t_read:.0f}"), file=sys.stderr)
    try:
        bundle = fit_bundle(train, val, config=config, seed=args.seed, epochs=args.epochs, device=device,
                            progress=_ProgressLine(translate("cli", "training")) if rank == 0 else None,
                            checkpoint_dir=(cache / "checkpoints") if world == 1 else None)
    except ValueError as exc:
        raise InputError(args.manifest, translate("errors", "cannot train: {error}").format(error=exc)) from None
    if rank != 0:  # every rank holds the same weights; rank 0 writes the bundle
        return 0
    bundle_id = save_bundle(bundle, out, overwrite=args.force)
    if world > 1:
        print(translate("cli", "trained with DistributedDataParallel on {n} processes").format(n=world),
              file=sys.stderr)
    perf = bundle.card.performance
    print(f"*** {bundle.banner} ***")
    print(translate("cli", "wrote bundle {path} ({bundle_id}) in {seconds} s of training").format(
        path=out, bundle_id=bundle_id[:12], seconds=f"{bundle.train_seconds:.0f}")
          + (translate("cli", "; resumed {n} nets from checkpoints").format(n=len(bundle.resumed_nets))
             if bundle.resumed_nets else ""))
    for m in ("ecg", "cxr", "bnp", "fused"):
        a = perf.get(m)
        if a:
            print(translate("cli", "{data} AUC {model} {auc}, n={n}").format(
                data=bundle.card.validation_data, model=f"{m:<5}", auc=_fmt_auc(a), n=a["n"]))
    for w in bundle.card.warnings:
        print(translate("cli", "warning: {text}").format(text=_warning_text(w)), file=sys.stderr)
    if args.evaluate and "test" in cohort.arrays:
        def test_rows() -> str:
            return translate("cli", "the {n} cases of the manifest's test split (patients not in training or "
                                    "validation)").format(n=len(cohort.arrays["test"]))

        with using_language("en"):  # metrics.json is English
            description = test_rows()
        _evaluate_and_write(bundle, cohort.arrays["test"], cohort.sites["test"], out / "evaluation",
                            device, manifest=Path(args.manifest), rows_scored={"description": description},
                            rows_shown=test_rows())
    return 0


def _recipe(args: argparse.Namespace) -> str:
    import shlex

    line = "ph-assist " + " ".join(shlex.quote(a) for a in getattr(args, "argv", sys.argv[1:]))
    started = getattr(args, "recipe", None)
    return f"{started}, which ran: {line}" if started else line


def cmd_refit(args: argparse.Namespace) -> int:
    from ph_assist.models.bundle import load_bundle, save_bundle
    from ph_assist.training.cohort import concat_cohorts
    from ph_assist.training.data import load_cohort
    from ph_assist.training.refit import refit_bundle

    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(out, translate("errors", "already exists; choose another folder or pass --force"))
    device = _check_device(args.device)
    bundle = load_bundle(args.bundle)
    cache = Path(args.cache) if args.cache else out.with_name(out.name + ".cache")
    progress = _ProgressLine(translate("cli", "reading files"))
    cohort = load_cohort(args.manifest, cache, bundle.ecg_preprocess, bundle.cxr_preprocess, analyte=bundle.analyte,
                         seed=args.seed, workers=args.workers, splits=("train", "val"),
                         progress=lambda k, n: progress(_files_done(k, n), k / max(n, 1)))
    for split in ("train", "val"):
        if split not in cohort.arrays:
            raise InputError(args.manifest, translate("errors", "no {split} cases after splitting by patient").format(
                split=split))
    fusion_cases = None
    if args.fusion_manifest:
        fc = load_cohort(args.fusion_manifest, cache, bundle.ecg_preprocess, bundle.cxr_preprocess,
                         analyte=bundle.analyte, seed=args.seed, workers=args.workers,
                         progress=lambda k, n: progress(_files_done(k, n), k / max(n, 1)))
        fusion_cases = concat_cohorts(list(fc.arrays.values()))
    try:
        new, measured = refit_bundle(bundle, train=cohort.arrays["train"], val=cohort.arrays["val"],
                                     fusion_cases=fusion_cases, seed=args.seed, device=device, recipe=_recipe(args),
                                     name=args.name, training_data=args.training_data)
    except ValueError as exc:
        raise InputError(args.bundle, translate("errors", "cannot refit: {error}").format(error=exc)) from None
    bundle_id = save_bundle(new, out, overwrite=args.force)
    print(f"*** {new.banner} ***")
    print(translate("cli", "wrote bundle {path} ({bundle_id}); networks kept from {source_id}").format(
        path=out, bundle_id=bundle_id[:12], source_id=(bundle.bundle_id or "")[:12]))
    for m in ("ecg", "cxr", "bnp", "fused"):
        a = new.card.performance.get(m)
        if a:
            print(translate("cli", "{data} AUC {model} {auc}, n={n}").format(
                data=new.card.validation_data, model=f"{m:<5}", auc=_fmt_auc(a), n=a["n"]))
    comp = new.card.fusion.get("comparison", {}).get("network_minus_logistic_auc", {})
    if comp.get("difference") is not None:
        print(translate("cli", "fusion: network minus logistic regression AUC {difference:+.4f} (95% CI {low:+.4f} "
                               "to {high:+.4f}); shipped: {shipped}").format(
            difference=comp["difference"], low=comp["ci_low"], high=comp["ci_high"],
            shipped=new.card.fusion["shipped"]))
    for w in new.card.warnings:
        print(translate("cli", "warning: {text}").format(text=_warning_text(w)), file=sys.stderr)
    return 0


def _files_done(k: int, n: int) -> str:
    return translate("cli", "{k}/{n} files").format(k=k, n=n)


_SAMPLE_WARNING = re.compile(r"(?:(?P<inputs>[a-z+]+): )?(?P<purpose>validation|test) set has "
                             r"(?:(?P<pos>\d+) PH cases? \(fewer than \d+\))?(?: and )?"
                             r"(?:(?P<neg>\d+) cases? without PH \(fewer than \d+\))?: .*")


def _warning_text(text: str) -> str:
    """A stored (English) warning of a model card or metrics file in the interface language: the sample-size
    warning is rebuilt from its counts; any other text is shown as stored."""
    from ph_assist.training.metrics import MIN_EVENTS, MIN_NON_EVENTS, small_sample_warning

    m = _SAMPLE_WARNING.fullmatch(text)
    if not m or not (m["pos"] or m["neg"]):
        return text
    pos = int(m["pos"]) if m["pos"] else MIN_EVENTS
    neg = int(m["neg"]) if m["neg"] else MIN_NON_EVENTS
    if small_sample_warning(pos, neg, m["purpose"]) != text.removeprefix(f"{m['inputs']}: " if m["inputs"] else ""):
        return text  # not a sample-size warning after all
    shown = small_sample_warning(pos, neg, m["purpose"], translated=True) or text
    return f"{m['inputs']}: {shown}" if m["inputs"] else shown


def _fmt_auc(a):
    from ph_assist.training.evaluate import _fmt_auc as fmt

    if a and a.get("auc") is not None and (a.get("ci_low") is None or a.get("ci_high") is None):
        return translate("cli", "{auc:.3f} (CI undefined)").format(auc=a["auc"])
    return fmt(a)


def _evaluate_and_write(bundle, data, sites, out: Path, device: str, manifest: Path | None = None,
                        rows_scored: dict | None = None, explain_cases: int = 0, rows_shown: str | None = None) -> dict:
    from ph_assist.training.evaluate import evaluate_arrays, synthetic_ceiling_scores, write_evaluation

    ceiling = synthetic_ceiling_scores(manifest, data.case_ids or []) if manifest is not None else None
    groups = ceiling["ph_group"] if ceiling is not None else None
    metrics, arrays = evaluate_arrays(bundle, data, sites, device=device, ceiling=ceiling, groups=groups,
                                      comorbidity=ceiling.get("comorbidity") if ceiling is not None else None)
    if rows_scored:
        metrics["rows_scored"] = rows_scored
    if manifest is not None and explain_cases > 0:
        from ph_assist.explain.measure import masked_ph_cases, measure_explanations

        cases = masked_ph_cases(manifest, data.case_ids, limit=explain_cases)
        if len(cases) >= 2:
            line = _ProgressLine(translate("cli", "measuring explanations"))
            measured = measure_explanations(bundle, cases, progress=lambda k, n: line(
                translate("cli", "{k}/{n} PH cases").format(k=k, n=n), k / n))
            if measured:
                metrics["explanations"] = measured
    written = write_evaluation(out, metrics, arrays, data.case_ids or [], sites)
    print(f"*** {bundle.banner} ***")
    if rows_scored:
        print(translate("cli", "scored: {what}").format(what=rows_shown or rows_scored["description"]))
    ceil = (metrics.get("synthetic_ceiling_on_these_cases") or {}).get("auc", {})
    for m in ("ecg", "cxr", "bnp", "fused", "logistic_fusion"):
        a = metrics["auc"].get(m)
        c = ceil.get(m)
        ceil_text = translate("cli", "  (generator ceiling on these cases {auc:.3f})").format(auc=c["auc"]) if c else ""
        if a:
            print(translate("cli", "AUC {model} {auc}, n={n}{ceiling}").format(
                model=f"{m:<15}", auc=_fmt_auc(a), n=a["n"], ceiling=ceil_text))
    for key, d in metrics.get("paired_comparisons", {}).items():
        if d.get("difference") is not None:
            print(translate("cli", "paired {comparison} {difference:+.3f} (95% CI {low:+.3f} to {high:+.3f})").format(
                comparison=f"{key:<26}", difference=d["difference"], low=d["ci_low"], high=d["ci_high"]))
    for m, r in (metrics.get("unlike_training_data") or {}).items():
        print(translate("cli", "unlike the training data: {model} {k}/{n} flagged").format(
            model=f"{m:<4}", k=r["k"], n=r["n"]))
    ex = metrics.get("explanations")
    if ex:
        a = ex["cxr"]["masks"]["PA+hilar+right heart"]
        print(translate("cli", "CXR map on PA+hilar+right heart ({n} PH cases): mass {mass:.3f} vs mean map "
                               "{mean_mass:.3f} (margin {margin:+.3f}), hit {hit:.2f} vs {mean_hit:.2f}").format(
            n=ex["n_cases"], mass=a["mass"], mean_mass=a["mean_map_mass"], margin=a["mass_margin"],
            hit=a["hit_rate"], mean_hit=a["mean_map_hit_rate"]))
        fnd = ex["cxr"].get("findings")
        if fnd:
            pool = fnd["pooled"]
            lo, hi = pool["relative_margin_ci"]
            print(translate("cli", "CXR map on the structures with a pronounced finding: {margin:+.0%} mass vs the "
                                   "mean map (95% CI {low:+.0%} to {high:+.0%}, {n} cases)").format(
                margin=pool["relative_margin"], low=lo, high=hi, n=pool["n_cases"]))
        r = ex["ecg"]
        print(translate("cli", "ECG first lead in {{{leads}}}: {top1:.2f} (chance {chance:.2f})").format(
            leads=", ".join(r["ph_leads"]), top1=r["top1_in_set"], chance=r["chance_top1"]))
    if metrics.get("sample_size_warning"):
        print(translate("cli", "warning: {text}").format(text=_warning_text(metrics["sample_size_warning"])),
              file=sys.stderr)
    print(translate("cli", "wrote {path}").format(path=", ".join(str(p) for p in written)))
    return metrics


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ph_assist.resources import load_default_bundle
    from ph_assist.training.data import load_cohort

    out = Path(args.out)
    if (out / "metrics.json").exists() and not args.force:
        raise InputError(out, translate("errors", "already holds an evaluation; choose another folder or pass "
                                                  "--force"))
    device = _check_device(args.device)
    bundle = load_default_bundle(args.bundle)
    cache = Path(args.cache) if args.cache else out / ".cache"
    splits = ("train", "val", "test") if args.split == "all" else (args.split,)
    read_progress = _ProgressLine(translate("cli", "reading files"))
    cohort = load_cohort(args.manifest, cache, bundle.ecg_preprocess, bundle.cxr_preprocess,
                         analyte=bundle.analyte, seed=args.seed, workers=args.workers, splits=splits,
                         progress=lambda k, n: read_progress(_files_done(k, n), k / max(n, 1)))
    for line in cohort.problems[:20]:
        print(translate("cli", "left out: {reason}").format(reason=line), file=sys.stderr)
    if not cohort.arrays:
        raise InputError(args.manifest, translate("errors", "no cases in split {split!r}").format(split=args.split))
    from ph_assist.training.cohort import concat_cohorts

    data = concat_cohorts([cohort.arrays[s] for s in splits if s in cohort.arrays])
    import numpy as np

    sites = np.concatenate([cohort.sites[s] for s in splits if s in cohort.sites])
    n_rows = len(data)
    excluded = 0
    if bundle.record is not None and data.fingerprints is not None:
        used = bundle.record.used_for_fitting(data.fingerprints)
        excluded = int(used.sum())
        if excluded and not args.include_fitting_cases:
            if excluded == n_rows:
                raise InputError(args.manifest, translate("errors", "all {n} rows were used to fit this bundle (same "
                                                                    "ECG or radiograph files): an evaluation on them "
                                                                    "would be in-sample; pass --include-fitting-cases "
                                                                    "to do it anyway").format(n=n_rows))
            keep = np.flatnonzero(~used)
            data, sites = data.subset(keep), sites[keep]
    def rows() -> str:
        which = (translate("cli", "all rows") if args.split == "all"
                 else translate("cli", "the rows of split {split!r}").format(split=args.split))
        text = translate("cli", "{n} of the manifest's cases ({which}, split seed {seed})").format(
            n=len(data), which=which, seed=args.seed)
        if excluded and not args.include_fitting_cases:
            text += translate("cli", "; {n} rows left out because their ECG or radiograph file fitted this bundle "
                                     "(in-sample)").format(n=excluded)
        elif excluded:
            text += translate("cli", "; INCLUDING {n} rows that fitted this bundle (in-sample, optimistic)").format(
                n=excluded)
        elif bundle.record is None:
            text += translate("cli", "; this bundle records no fitting cases, so in-sample rows cannot be detected")
        else:
            text += translate("cli", "; none of them fitted this bundle")
        if cohort.problems:
            text += translate("cli", "; {n} rows or files could not be used").format(n=len(cohort.problems))
        return text

    with using_language("en"):  # metrics.json is English
        description = rows()
    _evaluate_and_write(bundle, data, sites, out, device, manifest=Path(args.manifest),
                        rows_scored={"description": description, "n_scored": len(data), "n_in_split": n_rows,
                                     "n_fitting_rows": excluded, "included_fitting_rows": bool(
                                         args.include_fitting_cases and excluded)},
                        explain_cases=max(0, args.explain_cases), rows_shown=rows())
    return 0
