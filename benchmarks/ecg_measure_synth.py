"""Our ECG measurements on a synthetic cohort against the generator's drivers.

Usage: ``ph-assist synth --n 20 --seed 3 --out /tmp/x --cxr-size 64`` then
``python benchmarks/ecg_measure_synth.py /tmp/x``.  Prints one Markdown row per case:
axis, HR, QRS, RBBB and AF, ours against the drivers (``latents.csv``).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from ph_assist.ecg_measure import measure_ecg
from ph_assist.io import read_ecg


def main(folder: str) -> int:
    root = Path(folder)
    lat = {r["case_id"]: r for r in csv.DictReader(open(root / "latents.csv", newline=""))}
    man = list(csv.DictReader(open(root / "manifest.csv", newline="")))
    print("| case | axis ours / driver | HR ours / driver | QRS ours / driver | RBBB ours / driver | AF ours / driver |")
    print("|---|---|---|---|---|---|")
    for row in man:
        d = lat[row["case_id"]]
        ecg_path = row.get("ecg_path") or row.get("ecg")
        m = measure_ecg(read_ecg(root / ecg_path))
        def f(v):
            return "n/a" if v is None else f"{v:.0f}"

        rbbb = m.criterion("complete_rbbb").status == "met"
        print(f"| {row['case_id'][-3:]} | {f(m.qrs_axis_deg)} / {float(d['ecg_axis_deg']):.0f} "
              f"| {f(m.hr_bpm)} / {float(d['ecg_hr']):.0f} | {f(m.qrs_ms)} / {float(d['ecg_qrs_ms']):.0f} "
              f"| {int(rbbb)} / {d['ecg_rbbb']} | {int(m.rhythm['af_suspected'])} / {d['ecg_af']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
