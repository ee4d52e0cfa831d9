"""Flag rates of a bundle's own "unlike the training data" check on real files, end to end.

Runs :func:`ph_assist.assessment.assess` (without Grad-CAM: the check uses the
same forward pass either way) on every real 12-lead ECG and every real chest
radiograph of the sample data, one input per case, and reports the share whose
input the bundle flags; with the synthetic demo bundle, real inputs should be
flagged (target >= 90 %).  The synthetic side of the measurement is in the
bundle's evaluation (``metrics.json`` key ``unlike_training_data``).

    python benchmarks/bench_ood_bundle.py [--bundle DIR] [--sample-data DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ood import real_files  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from ph_assist.assessment import assess
    from ph_assist.io import read_cxr, read_ecg
    from ph_assist.resources import load_default_bundle

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", help="bundle folder (default: the demo bundle)")
    ap.add_argument("--sample-data", default=os.environ.get("PH_ASSIST_SAMPLE_DATA", "../shared/data"))
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args(argv)
    bundle = load_default_bundle(args.bundle)
    files = real_files(Path(args.sample_data))
    report: dict = {"bundle": bundle.name, "bundle_id": bundle.bundle_id, "groups": {}}
    t0 = time.perf_counter()
    for group, paths in files.items():
        kind = group.split("_")[0]
        flagged, n, problems, not_flagged = 0, 0, [], []
        for p in paths:
            try:
                if kind == "ecg":
                    a = assess(bundle, ecg=read_ecg(p, allow_incomplete=group != "ecg_12lead"), explain=False)
                else:
                    a = assess(bundle, cxr=read_cxr(p), explain=False)
            except Exception as exc:  # noqa: BLE001 - report and go on
                problems.append(f"{p.name}: {type(exc).__name__}")
                continue
            n += 1
            if a.subscores[kind].unlike_training:
                flagged += 1
            else:
                not_flagged.append(p.name)
        report["groups"][group] = {"n": n, "flagged": flagged, "rate": flagged / n if n else None,
                                   "not_flagged": not_flagged, "not_read": problems}
        print(f"{group:<16} {flagged}/{n} flagged ({100 * flagged / max(n, 1):.1f} %)"
              + (f"; not flagged: {', '.join(not_flagged[:6])}" if not_flagged else "")
              + (f"; not read: {len(problems)}" if problems else ""))
    report["seconds"] = time.perf_counter() - t0
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
