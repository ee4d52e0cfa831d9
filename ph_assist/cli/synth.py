"""``ph-assist synth``: generate a synthetic PH cohort (ECG + chest X-ray + BNP files and a manifest)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from ph_assist.errors import InputError
from ph_assist.i18n import translate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth",
        help=translate("cli", "generate a synthetic PH cohort (ECG, chest X-ray, BNP) for training and demos"),
        description=translate("cli", "Generate a SYNTHETIC cohort: per case a 10-s 12-lead ECG (WFDB or DICOM), a PA "
                                     "chest X-ray (DICOM) and a BNP value, drawn from a latent patient model in "
                                     "which PH (mPAP > 20 mmHg) leaves physiological traces. Writes manifest.csv, "
                                     "latents.csv, cohort.json and finding masks into OUT. The same seed gives the "
                                     "same cohort for any number of workers. Generator v2 (default) is calibrated to "
                                     "published figures (docs/validation/synthetic_cohort_v2.md); v1 reproduces "
                                     "cohorts made before it byte for byte. None of the data is from a real person."),
    )
    p.add_argument("--n", type=int, required=True, help=translate("cli", "number of cases"))
    p.add_argument("--seed", type=int, required=True, help=translate("cli", "random seed (same seed, same cohort)"))
    p.add_argument("--out", required=True, help=translate("cli", "output folder (created; must not hold a cohort yet)"))
    p.add_argument("--ecg-format", choices=("wfdb", "dicom", "mixed"), default="wfdb",
                   help=translate("cli", "ECG file format: WFDB (.hea/.dat), DICOM 12-lead waveform, or a random mix "
                                         "(default: wfdb)"))
    p.add_argument("--cxr-size", type=int, default=512,
                   help=translate("cli", "chest X-ray side in pixels (default: 512)"))
    p.add_argument("--prevalence", type=float, default=0.35, help=translate("cli", "share of PH cases (default: 0.35)"))
    p.add_argument("--workers", type=int, default=1, help=translate("cli", "worker processes (default: 1)"))
    p.add_argument("--ceiling-n", type=int, default=20000,
                   help=translate("cli", "latent cases simulated to estimate the ceiling AUCs in cohort.json "
                                         "(default: 20000; 0 skips)"))
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help=translate("cli", "set a generator parameter (difficulty), e.g. --param ecg_effect=0.8; "
                                         "names: see cohort.json 'parameters' (repeatable)"))
    p.add_argument("--generator", choices=("v1", "v2"), default="v2",
                   help=translate("cli", "generator version: v2 (default; calibrated to the literature, IDs unique "
                                         "per cohort) or v1 (the generator of bundles made before v2, reproduced "
                                         "byte for byte)"))
    p.add_argument("--scenario", choices=("standard", "balanced"), default="standard",
                   help=translate("cli", "v2 only: 'balanced' gives patients without PH the same prevalence of left "
                                         "heart failure and COPD as patients with PH (default: standard)"))
    p.add_argument("--latents-only", action="store_true",
                   help=translate("cli", "write only latents.csv and cohort.json (no manifest, ECG, X-ray or mask "
                                         "files); fast, for checking the generator's figures on large samples"))
    p.add_argument("--force", action="store_true", help=translate("cli", "overwrite a cohort already in OUT"))
    p.add_argument("--quiet", action="store_true", help=translate("cli", "no progress line"))
    p.set_defaults(func=cmd_synth)


def _progress_printer(total: int, stream=None):
    start = time.monotonic()
    last = [0.0]

    def show(done: int, n: int) -> None:
        now = time.monotonic()
        if done < n and now - last[0] < 0.2:
            return
        last[0] = now
        elapsed = max(now - start, 1e-9)
        rate = done / elapsed
        eta = (n - done) / rate if rate > 0 else 0.0
        m, s = divmod(int(round(eta)), 60)
        out = stream or sys.stderr  # looked up now: sys.stderr may be replaced after import
        line = translate("cli", "synth: case {done}/{n}  {rate:.1f} cases/s  ETA {minutes:d}:{seconds:02d}")
        out.write("\r" + line.format(done=done, n=n, rate=rate, minutes=m, seconds=s) + "   ")
        if done >= n:
            out.write("\n")
        out.flush()

    return show


def cmd_synth(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from ph_assist.synth.cohort import generate_cohort
    from ph_assist.synth.latent import default_params

    if args.n < 1:
        raise InputError(None, translate("errors", "--n must be at least 1, not {n}").format(n=args.n))
    if args.workers < 1:
        raise InputError(
            None, translate("errors", "--workers must be at least 1, not {workers}").format(workers=args.workers))
    if not 0.0 < args.prevalence < 1.0:
        raise InputError(
            None, translate("errors", "--prevalence must be between 0 and 1 (exclusive), not {prevalence:g}").format(
            prevalence=args.prevalence))
    if args.ceiling_n < 0:
        raise InputError(None, translate("errors", "--ceiling-n must be 0 or more, not {n}").format(n=args.ceiling_n))
    import dataclasses

    cls = type(default_params(args.generator))
    values: dict[str, Any] = {"prevalence": args.prevalence}  # keyword arguments of the params dataclass
    if args.scenario != "standard":
        if args.generator == "v1":
            raise InputError(
                None, translate("errors", "--scenario {scenario} needs --generator v2").format(scenario=args.scenario))
        values["scenario"] = args.scenario
    known = {f.name for f in dataclasses.fields(cls)} - {"scenario"}
    for item in args.param:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or name not in known:
            raise InputError(
                None, translate("errors", "--param {item!r}: expected NAME=VALUE with NAME one of {names}").format(
                item=item, names=", ".join(sorted(known))))
        try:
            values[name] = float(text)
        except ValueError:
            raise InputError(None, translate("errors", "--param {item!r}: {text!r} is not a number").format(
                item=item, text=text)) from None
    try:
        params = cls(**values)
    except ValueError as exc:  # a parameter out of its range (the dataclass checks it)
        raise InputError(None, translate("errors", "--param: {error}").format(error=exc)) from None
    start = time.monotonic()
    manifest = generate_cohort(
        args.out, args.n, args.seed, ecg_format=args.ecg_format, cxr_size=args.cxr_size, params=params,
        workers=args.workers, progress=None if args.quiet else _progress_printer(args.n),
        n_ceiling=args.ceiling_n, overwrite=args.force, latents_only=args.latents_only,
    )
    elapsed = time.monotonic() - start
    info = json.loads((Path(manifest).parent / "cohort.json").read_text(encoding="utf-8"))
    ceil = info.get("ceiling_auc") or {}
    text = ", ".join(f"{k} {ceil[k]:.3f}" for k in ("ecg", "cxr", "bnp", "fusion") if k in ceil)
    if args.latents_only:
        line = translate("cli", "wrote {path} (latents of {n} synthetic cases, {n_ph} with PH, generator {version}, "
                                "{seconds} s)")
    else:
        line = translate("cli", "wrote {path} ({n} synthetic cases, {n_ph} with PH, generator {version}, {seconds} s)")
    print(line.format(path=manifest, n=args.n, n_ph=info["n_ph"], version=info["generator_version"],
                      seconds=f"{elapsed:.1f}"))
    if text:
        print(translate("cli", "ceiling AUCs from the generator's latents: {aucs}").format(aucs=text))
    return 0
