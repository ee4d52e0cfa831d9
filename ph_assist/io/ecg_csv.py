"""ECGs as CSV: one column per lead, a header row naming the leads.

CSV stores no sampling rate, so the caller gives it (``fs``).  Columns whose
header is not a standard lead (a time or sample-number column, for example)
are ignored.  Values are millivolts unless ``units`` says otherwise.  Empty
cells become NaN and are flagged as missing segments.

The file is read as a stream into compact float arrays (8 bytes a value, not
a Python float in a list), against a size cap (:data:`MAX_BYTES`) and the
sample budget (:data:`~ph_assist.io.ecg.MAX_TOTAL_SAMPLES`); a malformed CSV
(a field over the csv module's limit, an unbalanced quote) is an
:class:`~ph_assist.errors.ECGReadError`, not a crash.
"""

from __future__ import annotations

import array
import csv
import os
from pathlib import Path

import numpy as np

from ph_assist.errors import ECGReadError
from ph_assist.i18n import translate
from ph_assist.io.detect import check_readable
from ph_assist.io.ecg import MAX_TOTAL_SAMPLES, ECG, build_ecg, check_fs, unit_to_mv
from ph_assist.io.leads import STANDARD_LEADS, normalize_lead_name

FORMAT = "csv"
#: Largest CSV read (bytes): 12 leads x 10 min at 1 kHz written with 8 characters a value.
MAX_BYTES = 64 * 1024 * 1024
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
        raise ECGReadError(p, translate("errors", "CSV files store no sampling rate; give it (--fs in the CLI)"))
    fs = check_fs(p, fs)
    factor = unit_to_mv(units)
    if factor is None:
        raise ECGReadError(p, translate("errors", "unknown unit {unit!r}; use mV, uV or V").format(unit=units))
    size = check_readable(p).stat().st_size
    if size > MAX_BYTES:
        raise ECGReadError(p, translate("errors", "CSV file is {mib:.0f} MiB; larger than a resting ECG "
                                                  "({limit} MiB at most)").format(mib=size / 2**20,
                                                                                 limit=MAX_BYTES // 2**20))
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            return _read_stream(p, fh, fs, factor, allow_incomplete)
    except UnicodeDecodeError:
        raise ECGReadError(p, translate("errors", "CSV is not UTF-8 text")) from None
    except csv.Error as exc:
        raise ECGReadError(p, translate(
            "errors", "malformed CSV ({detail}); an unbalanced quote or a huge field").format(detail=exc)) from None


def _read_stream(p: Path, fh, fs: float, factor: float, allow_incomplete: bool) -> ECG:
    head = fh.read(4096)
    if "\x00" in head:
        raise ECGReadError(p, translate("errors", "CSV contains binary data (NUL bytes)"))
    try:
        dialect = csv.Sniffer().sniff(head, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    fh.seek(0)
    reader = csv.reader(fh, dialect)
    header = next(reader, None)
    if not header:
        raise ECGReadError(p, translate("errors", "CSV has no header row"))
    header = [h.strip() for h in header]
    columns = [(j, name) for j, name in enumerate(header) if normalize_lead_name(name)]
    if not columns:
        raise ECGReadError(
            p, translate("errors", "CSV header names no ECG lead (got: {got}); expected names like {leads} ...").format(
                got=", ".join(header[:8]), leads=", ".join(STANDARD_LEADS[:4])))
    max_rows = min(MAX_ROWS, MAX_TOTAL_SAMPLES // len(columns))
    values = [array.array("d") for _ in columns]
    nan = float("nan")
    for row in reader:
        row_no = reader.line_num
        if not row or all(not c.strip() for c in row):
            continue
        if len(values[0]) >= max_rows:
            raise ECGReadError(p, translate("errors", "CSV has more than {rows:,} rows of {leads} leads; "
                                                      "more samples than PH-Assist reads per record").format(
                rows=max_rows, leads=len(columns)))
        if len(row) < len(header):
            row = row + [""] * (len(header) - len(row))
        for k, (j, name) in enumerate(columns):
            cell = row[j].strip()
            if not cell:
                values[k].append(nan)
                continue
            try:
                v = float(cell)
            except ValueError:
                if "\x00" in cell:
                    raise ECGReadError(p, translate("errors", "CSV contains binary data (NUL bytes)")) from None
                raise ECGReadError(p, translate(
                    "errors", "row {row}, column {column}: {cell!r} is not a number").format(
                    row=row_no, column=name, cell=cell[:20])) from None
            values[k].append(v if v - v == 0 else nan)
    if not values[0]:
        raise ECGReadError(p, translate("errors", "CSV has a header but no samples"))
    channels = [(name, np.frombuffer(vals, dtype=np.float64) * factor) for (_, name), vals in zip(columns, values)]
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
