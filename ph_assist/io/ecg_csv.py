"""ECGs as CSV: one column per lead, a header row naming the leads.

CSV stores no sampling rate, so the caller gives it (``fs``).  Columns whose
header is not a standard lead (a time or sample-number column, for example)
are ignored.  Values are millivolts unless ``units`` says otherwise.  Empty
cells become NaN and are flagged as missing segments.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import numpy as np

from ph_assist.errors import ECGReadError
from ph_assist.io.ecg import ECG, build_ecg, unit_to_mv
from ph_assist.io.leads import STANDARD_LEADS, normalize_lead_name

FORMAT = "csv"
MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 24 * 3600 * 1000


def read_csv(
    path: str | os.PathLike,
    *,
    fs: float | None = None,
    units: str = "mV",
    allow_incomplete: bool = False,
) -> ECG:
    """Read an ECG from CSV.  ``fs`` (Hz) is required."""
    p = Path(path)
    if fs is None:
        raise ECGReadError(p, "CSV files store no sampling rate; give it (--fs in the CLI)")
    factor = unit_to_mv(units)
    if factor is None:
        raise ECGReadError(p, f"unknown unit {units!r}; use mV, uV or V")
    if p.stat().st_size > MAX_BYTES:
        raise ECGReadError(p, "CSV file is too large to be a resting ECG")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ECGReadError(p, "CSV is not UTF-8 text") from None
    if "\x00" in text:
        raise ECGReadError(p, "CSV contains binary data (NUL bytes)")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise ECGReadError(p, "CSV has no header row")
    header = [h.strip() for h in header]
    columns = [(j, name) for j, name in enumerate(header) if normalize_lead_name(name)]
    if not columns:
        raise ECGReadError(
            p, f"CSV header names no ECG lead (got: {', '.join(header[:8])}); "
               f"expected names like {', '.join(STANDARD_LEADS[:4])} ...")
    values: list[list[float]] = [[] for _ in columns]
    for row_no, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(values[0]) >= MAX_ROWS:
            raise ECGReadError(p, "CSV has more rows than 24 h of samples")
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        for k, (j, name) in enumerate(columns):
            cell = row[j].strip()
            if not cell:
                values[k].append(np.nan)
                continue
            try:
                v = float(cell)
            except ValueError:
                raise ECGReadError(p, f"row {row_no}, column {name}: {cell[:20]!r} is not a number") from None
            values[k].append(v if np.isfinite(v) else np.nan)
    if not values[0]:
        raise ECGReadError(p, "CSV has a header but no samples")
    channels = [(name, np.asarray(vals) * factor) for (_, name), vals in zip(columns, values)]
    return build_ecg(channels, fs, source_format=FORMAT, source_path=p, allow_incomplete=allow_incomplete)


def write_csv(ecg: ECG, out: str | os.PathLike) -> Path:
    """Write an ECG as CSV: header ``I,II,...,V6``, values in mV, empty cells for NaN."""
    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(ecg.leads)
        for row in np.asarray(ecg.signal, dtype=np.float64).T:
            writer.writerow(["" if not np.isfinite(v) else f"{v:.5g}" for v in row])
    return p
