"""Reading and writing MRMC reader-study tables.

Long CSV (:func:`load_long_csv`, :func:`write_long_csv`)
    One row per read with the columns ``reader, treatment, case, truth,
    rating`` and optionally ``decision`` (header names are matched ignoring
    letter case and surrounding spaces; other columns are ignored).  ``truth``
    and ``decision`` are 0/1; ``rating`` is a number (higher = more likely
    PH).  Without a ``decision`` column the decision is ``rating >= 50``.
    Errors are :class:`~ph_assist.errors.InputError` whose message names the
    file, the row (the line number in the file; the header is row 1) and the
    problem.  The file must hold exactly two treatments.

iMRMC (:func:`write_imrmc`)
    The ``.imrmc`` input format of the FDA iMRMC program, also read by
    RJafroc ``DfReadDataFile(..., format = "iMRMC")``: free-text header lines,
    the study size lines ``NR:``, ``N0:``, ``N1:``, ``NM:`` (readers,
    non-diseased cases, diseased cases, modalities), then ``BEGIN DATA:``,
    then one truth row ``-1,<caseID>,0,<truth>`` per case and one row
    ``<readerID>,<caseID>,<modalityID>,<score>`` per read, with integer IDs.
    The map from the integer IDs to the original IDs is written in the
    header.  Two constraints of the readers shape the header: iMRMC takes
    *any* header line that contains ``N0:``/``N1:``/``NR:``/``NM:`` (any
    letter case) as a size line, and stops at a line starting with
    ``BEGIN DATA:``, so the original IDs are percent-encoded (``:`` becomes
    ``%3A``) and no other header text has a colon; iMRMC reads every line after
    ``BEGIN DATA:`` as data, so no blank line follows it.  Truth values are
    written as the exact strings ``0``/``1``, which iMRMC requires.
"""

from __future__ import annotations

import csv
import io
import os
import urllib.parse
from collections.abc import Sequence

from ph_assist.errors import InputError
from ph_assist.i18n import translate
from ph_assist.io.safe_csv import csv_cell, uncsv_cell
from ph_assist.study.stats import DEFAULT_DECISION_THRESHOLD, ReadTable

__all__ = ["REQUIRED_COLUMNS", "load_long_csv", "write_long_csv", "write_imrmc"]

REQUIRED_COLUMNS = ("reader", "treatment", "case", "truth", "rating")
OPTIONAL_COLUMNS = ("decision",)


def _delimiter(header_line: str) -> str:
    if "," in header_line:
        return ","
    for d in (";", "\t"):
        if d in header_line:
            return d
    return ","


def load_long_csv(
    path: str | os.PathLike, *, decision_threshold: float = DEFAULT_DECISION_THRESHOLD
) -> ReadTable:
    """Load a long-format reader-study CSV into a validated :class:`ReadTable`.

    Args:
        path: the CSV file (UTF-8, optional BOM; comma, or else semicolon or
            tab, separated).
        decision_threshold: decision = ``rating >= decision_threshold`` when
            the file has no ``decision`` column.

    Raises:
        InputError: unreadable file, missing columns, a non-numeric rating,
            truth/decision not 0/1, a case whose truth differs between rows,
            a duplicate read, or not exactly two treatments.
    """
    p = os.fspath(path)
    try:
        with open(p, "r", encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise InputError(p, translate("errors", "file not found")) from None
    except IsADirectoryError:
        raise InputError(p, translate("errors", "is a folder, not a CSV file")) from None
    except UnicodeDecodeError:
        raise InputError(p, translate("errors", "not a UTF-8 text file")) from None
    except OSError as err:
        raise InputError(p, translate("errors", "cannot read the file ({error})").format(
            error=err.strerror or err)) from None
    if not text.strip():
        raise InputError(p, translate("errors", "the file is empty (no header row)"))
    first_line = next(line for line in text.splitlines() if line.strip())
    rows = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    header: list[str] | None = None
    records: list[dict[str, str | None]] = []
    labels: list[str] = []
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in row]
                dup = sorted({h for h in header if h and header.count(h) > 1})
                if dup:
                    raise InputError(p, translate("errors", "row {row}: column(s) {columns} appear more than once in "
                                                            "the header").format(row=rows.line_num,
                                                                                 columns=", ".join(dup)))
                missing = [c for c in REQUIRED_COLUMNS if c not in header]
                if missing:
                    raise InputError(p, translate(
                        "errors", "missing required column(s) {missing} (the header row has: {header}; needed: "
                                  "{needed}, optional: decision)"
                    ).format(missing=", ".join(missing),
                             header=", ".join(h for h in header if h) or translate("errors", "nothing"),
                             needed=", ".join(REQUIRED_COLUMNS)))
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                raise InputError(p, translate("errors", "row {row}: {fields} fields but the header has "
                                                        "{header}").format(row=rows.line_num, fields=len(row),
                                                                           header=len(header)))
            rec: dict[str, str | None] = {}
            for col in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
                if col in header:
                    idx = header.index(col)
                    val = uncsv_cell(row[idx].strip()) if idx < len(row) else ""
                    rec[col] = val if val else None
            records.append(rec)
            labels.append(translate("errors", "row {row}").format(row=rows.line_num))
    except csv.Error as err:
        raise InputError(p, translate("errors", "row {row}: malformed CSV ({error})").format(
            row=rows.line_num, error=err)) from None
    if not records:
        raise InputError(p, translate("errors", "the file has a header but no reads"))
    table = ReadTable.from_records(records, decision_threshold=decision_threshold, source=p, labels=labels)
    trts = tuple(dict.fromkeys(table.treatment))
    if len(trts) != 2:
        raise InputError(p, translate(
            "errors", "found {n} treatment(s) ({treatments}); a reader study needs exactly two (e.g. 'unaided' and "
                      "'aided')"
        ).format(n=len(trts), treatments=", ".join(map(repr, trts))))
    return table


def _fmt(x: float) -> str:
    """Shortest text that reads back as the same float; integers without '.0'."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def write_long_csv(
    path: str | os.PathLike, table: ReadTable, *, include_decision: bool | None = None
) -> None:
    """Write a table as long CSV (readable by :func:`load_long_csv`).

    Args:
        include_decision: write the ``decision`` column; by default only
            when the decisions were recorded (not derived from ratings), so
            that loading the file again gives the same table.
    """
    with_dec = table.decision_given if include_decision is None else include_decision
    cols = list(REQUIRED_COLUMNS) + (["decision"] if with_dec else [])
    with open(os.fspath(path), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for rec in table.records():
            row = [csv_cell(rec["reader"]), csv_cell(rec["treatment"]), csv_cell(rec["case"]),
                   str(rec["truth"]), _fmt(rec["rating"])]
            if with_dec:
                row.append(str(rec["decision"]))
            w.writerow(row)


def _enc(text: str) -> str:
    # Percent-encode everything that could be read as structure: ':' (size
    # keys), '%' itself, control characters and non-ASCII.
    return urllib.parse.quote(str(text), safe=" !$&'()*+,;=@[]/-._~#")


def write_imrmc(
    path: str | os.PathLike,
    table: ReadTable,
    *,
    treatments: Sequence[str] | None = None,
    title: str | None = None,
) -> dict[str, dict[str, int]]:
    """Write a table in the iMRMC ``.imrmc`` input format.

    IDs: readers ``1..NR`` in order of first appearance, modalities
    ``1..NM`` in ``treatments`` order (default :attr:`ReadTable.treatments`),
    cases ``1..N0`` for the non-diseased and ``N0+1..N0+N1`` for the
    diseased cases (each group in order of first appearance).  All reads
    are written, also those of cases some reader skipped (iMRMC analyses
    such designs; RJafroc needs every case read by every reader).

    Returns:
        ``{"readers": {original: id}, "modalities": {...}, "cases": {...}}``.
    """
    order = list(treatments) if treatments is not None else list(table.treatments)
    missing = [t for t in dict.fromkeys(table.treatment) if t not in order]
    if missing:
        raise InputError(table.source, translate("errors", "treatment(s) {treatments} not in the modality order "
                                                           "given").format(treatments=", ".join(map(repr, missing))))
    truth_of = table.case_truth()
    cases = table.cases
    normals = [c for c in cases if truth_of[c] == 0]
    diseased = [c for c in cases if truth_of[c] == 1]
    reader_id = {r: n for n, r in enumerate(table.readers, start=1)}
    modality_id = {t: n for n, t in enumerate(order, start=1)}
    case_id = {c: n for n, c in enumerate(normals + diseased, start=1)}

    head = " ".join(str(title).replace(":", " ").split()) if title else ""
    if not head or head.upper() in {"N0", "N1", "NR", "NM"}:  # RJafroc would take a bare key as a size line
        head = f"PH-Assist MRMC reader study {head}".strip()
    lines = [
        head,
        "Exported by PH-Assist (ph_assist.study.mrmc_io.write_imrmc) for iMRMC and RJafroc DfReadDataFile format iMRMC",
        "Scores are confidence ratings (higher = more likely PH). Truth rows are -1,case,0,truth with truth 0 = no PH and 1 = PH",
        "",
        f"NR: {len(reader_id)}",
        f"N0: {len(normals)}",
        f"N1: {len(diseased)}",
        f"NM: {len(modality_id)}",
        "",
        "ID map (iMRMC ID = original ID; original IDs are percent-encoded)",
    ]
    lines += [f"reader {n} = {_enc(r)}" for r, n in reader_id.items()]
    lines += [f"modality {n} = {_enc(t)}" for t, n in modality_id.items()]
    lines += [f"case {n} = {_enc(c)}" for c, n in case_id.items()]
    lines += ["", "BEGIN DATA:"]
    lines += [f"-1,{case_id[c]},0,{truth_of[c]}" for c in normals + diseased]
    reads = sorted(
        zip(table.reader, table.case, table.treatment, table.rating),
        key=lambda x: (reader_id[x[0]], case_id[x[1]], modality_id[x[2]]),
    )
    lines += [f"{reader_id[r]},{case_id[c]},{modality_id[t]},{_fmt(x)}" for r, c, t, x in reads]
    with open(os.fspath(path), "w", encoding="ascii", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")
    return {"readers": reader_id, "modalities": modality_id, "cases": case_id}
