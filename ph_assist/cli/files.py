"""``ph-assist inspect`` and ``ph-assist convert``: what was read, and format conversion."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ph_assist.errors import InputError, UnsupportedFormatError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "inspect",
        help=translate("cli", "show what PH-Assist reads from an ECG or chest X-ray file"),
        description=translate("cli", "Read an ECG or chest X-ray file and print what was read: kind, format, leads, "
                                     "sampling rate, duration, image shape, pixel spacing and its kind, and quality "
                                     "flags. Patient names and IDs are never shown; the file is named by a hash and "
                                     "free-text header fields (device, interpretation statements, annotations, body "
                                     "part, window and LUT explanations), which can carry identifiers, are withheld "
                                     "unless --show-text is given."),
    )
    p.add_argument("path", nargs="?", help=translate("cli", "ECG or chest X-ray file (WFDB: the .hea file)"))
    p.add_argument("--demo", action="store_true", help=translate("cli", "inspect the demo ECG shipped with the app"))
    p.add_argument("--json", action="store_true", help=translate("cli", "print JSON instead of text"))
    p.add_argument("--fs", type=float, help=translate("cli", "sampling rate in Hz (CSV ECGs only)"))
    p.add_argument("--show-text", action="store_true",
                   help=translate("cli", "also show the file's path and its free-text header fields (they may "
                                         "identify the patient)"))
    p.add_argument("--allow-incomplete", action="store_true",
                   help=translate("cli", "show ECGs with fewer than 12 leads (missing leads flagged) instead of "
                                         "refusing them"))
    p.set_defaults(func=cmd_inspect)

    c = sub.add_parser(
        "convert",
        help=translate("cli", "convert an ECG to CSV or WFDB, or a chest X-ray to 16-bit PNG"),
        description=translate("cli", "Convert an ECG to CSV (mV, one column per lead, header) or WFDB (OUT ending "
                                     "in .hea, or .dat), or a chest X-ray to a 16-bit grayscale PNG in display "
                                     "polarity. The output format follows OUT's extension."),
    )
    c.add_argument("input", help=translate("cli", "ECG or chest X-ray file"))
    c.add_argument("output", help=translate("cli", "output file: .csv or .hea for ECGs, .png for chest X-rays"))
    c.add_argument("--fs", type=float, help=translate("cli", "sampling rate in Hz (CSV input only)"))
    c.add_argument("--force", action="store_true", help=translate("cli", "overwrite OUT if it exists"))
    c.set_defaults(func=cmd_convert)


def demo_ecg_path() -> Path:
    """The demo ECG: the 12-lead DICOM waveform that ships with pydicom."""
    from pydicom.data import get_testdata_file

    path = get_testdata_file("waveform_ecg.dcm")
    if path is None:  # pragma: no cover - part of every pydicom wheel
        raise InputError(None, translate("errors", "demo ECG (pydicom's waveform_ecg.dcm) is not installed"))
    return Path(path)


#: Metadata fields that hold free text from the file's header (DICOM LO/LT/ST/UT
#: values such as Manufacturer, BodyPartExamined, annotation text; XML text):
#: people type names and record numbers into them.
FREE_TEXT_METADATA = ("device", "statements", "manufacturer", "model", "body_part")


def _n_text(value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return sum(_n_text(v) for v in value)
    return int(value not in (None, ""))


def withhold_free_text(summary: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """``summary`` without the file's path and free-text header fields; and how many fields were withheld.

    The path becomes :func:`~ph_assist.io.safe_csv.file_ref` (file names
    carry identifiers); each non-empty free-text value (each statement or
    annotation, each window explanation, the VOI LUT explanation, the
    fields of :data:`FREE_TEXT_METADATA`) becomes None and is counted.
    """
    from ph_assist.io.safe_csv import file_ref

    out = dict(summary)
    n = 0
    if out.get("path"):
        out["path"] = file_ref(out["path"])
    meta = dict(out.get("metadata") or {})
    for key in FREE_TEXT_METADATA:
        if key in meta:
            n += _n_text(meta[key])
            meta[key] = [] if isinstance(meta[key], (list, tuple)) else None
    if "metadata" in out:
        out["metadata"] = meta
    if isinstance(out.get("windows"), list):
        n += sum(_n_text(w.get("name")) for w in out["windows"])
        out["windows"] = [{**w, "name": None} for w in out["windows"]]
    voi = out.get("voi")
    if isinstance(voi, str) and voi.startswith("VOI LUT "):
        out["voi"], n = "VOI LUT", n + 1
    out["free_text_withheld"] = n
    return out, n


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_format_value(v) for v in value) if value else "-"
    if value is None or value == "":
        return "-"
    return str(value)


# The label of each summary field (its key with spaces), translated where shown.
_FIELD_LABELS = {
    "kind": QT_TRANSLATE_NOOP("cli", "kind"),
    "format": QT_TRANSLATE_NOOP("cli", "format"),
    "path": QT_TRANSLATE_NOOP("cli", "path"),
    "leads": QT_TRANSLATE_NOOP("cli", "leads"),
    "source_leads": QT_TRANSLATE_NOOP("cli", "source leads"),
    "sampling_rate_hz": QT_TRANSLATE_NOOP("cli", "sampling rate hz"),
    "n_samples": QT_TRANSLATE_NOOP("cli", "n samples"),
    "duration_s": QT_TRANSLATE_NOOP("cli", "duration s"),
    "derived_leads": QT_TRANSLATE_NOOP("cli", "derived leads"),
    "quality": QT_TRANSLATE_NOOP("cli", "quality"),
    "age_years": QT_TRANSLATE_NOOP("cli", "age years"),
    "sex": QT_TRANSLATE_NOOP("cli", "sex"),
    "acquired": QT_TRANSLATE_NOOP("cli", "acquired"),
    "device": QT_TRANSLATE_NOOP("cli", "device"),
    "statements": QT_TRANSLATE_NOOP("cli", "statements"),
    "shape": QT_TRANSLATE_NOOP("cli", "shape"),
    "bits_stored": QT_TRANSLATE_NOOP("cli", "bits stored"),
    "photometric": QT_TRANSLATE_NOOP("cli", "photometric"),
    "pixel_spacing_mm": QT_TRANSLATE_NOOP("cli", "pixel spacing mm"),
    "spacing_kind": QT_TRANSLATE_NOOP("cli", "spacing kind"),
    "spacing_calibrated": QT_TRANSLATE_NOOP("cli", "spacing calibrated"),
    "spacing_label": QT_TRANSLATE_NOOP("cli", "spacing label"),
    "magnification_factor": QT_TRANSLATE_NOOP("cli", "magnification factor"),
    "view_position": QT_TRANSLATE_NOOP("cli", "view position"),
    "patient_orientation": QT_TRANSLATE_NOOP("cli", "patient orientation"),
    "image_laterality": QT_TRANSLATE_NOOP("cli", "image laterality"),
    "transfer_syntax": QT_TRANSLATE_NOOP("cli", "transfer syntax"),
    "lossy": QT_TRANSLATE_NOOP("cli", "lossy"),
    "windows": QT_TRANSLATE_NOOP("cli", "windows"),
    "voi_function": QT_TRANSLATE_NOOP("cli", "voi function"),
    "voi": QT_TRANSLATE_NOOP("cli", "voi"),
    "notes": QT_TRANSLATE_NOOP("cli", "notes"),
    "study_date": QT_TRANSLATE_NOOP("cli", "study date"),
    "modality": QT_TRANSLATE_NOOP("cli", "modality"),
    "manufacturer": QT_TRANSLATE_NOOP("cli", "manufacturer"),
    "model": QT_TRANSLATE_NOOP("cli", "model"),
    "body_part": QT_TRANSLATE_NOOP("cli", "body part"),
    "analyte": QT_TRANSLATE_NOOP("cli", "analyte"),
    "value_pg_ml": QT_TRANSLATE_NOOP("cli", "value pg ml"),
    "entered": QT_TRANSLATE_NOOP("cli", "entered"),
    "converted": QT_TRANSLATE_NOOP("cli", "converted"),
    "below_detection_limit": QT_TRANSLATE_NOOP("cli", "below detection limit"),
    "esc_ers_2022_stratum": QT_TRANSLATE_NOOP("cli", "esc ers 2022 stratum"),
    "stratum_note": QT_TRANSLATE_NOOP("cli", "stratum note"),
    "free_text": QT_TRANSLATE_NOOP("cli", "free text"),
}


def _label(key: str, width: int = 18) -> str:
    """``key``'s label in the interface language, padded by display width (a Japanese character is two columns)."""
    from ph_assist.presentation import pad_to_width

    text = translate("cli", _FIELD_LABELS[key]) if key in _FIELD_LABELS else key.replace("_", " ")
    return pad_to_width(text, width)


def format_summary(summary: dict[str, Any]) -> str:
    """A readable multi-line rendering of an object's ``summary()``."""
    lines = []
    quality = summary.get("quality")
    for key, value in summary.items():
        if key in ("quality", "metadata", "free_text_withheld"):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}={_format_value(v)}" for k, v in value.items()) or "-"
        lines.append(f"{_label(key)} {_format_value(value)}")
    if isinstance(quality, dict):
        problems = {lead: flags for lead, flags in quality.items() if flags}
        if problems:
            lines.append(f"{_label('quality')} " + "; ".join(f"{lead}: {', '.join(flags)}"
                                                          for lead, flags in problems.items()))
        else:
            lines.append(f"{_label('quality')} " + translate("cli", "all leads ok"))
    meta = summary.get("metadata") or {}
    shown = {k: v for k, v in meta.items() if v not in (None, "", [], ())}
    for key, value in shown.items():
        if key == "statements":
            value = " | ".join(value)
        lines.append(f"{_label(key)} {_format_value(value)}")
    if summary.get("free_text_withheld"):
        lines.append(f"{_label('free_text')} " + translate(
            "cli", "{n} field(s) withheld (they may identify the patient; --show-text shows them)").format(
            n=summary["free_text_withheld"]))
    return "\n".join(lines)


def cmd_inspect(args: argparse.Namespace) -> int:
    from ph_assist.io import read

    if args.demo and args.path:
        raise InputError(args.path, translate("errors", "give either a PATH or --demo, not both"))
    path = demo_ecg_path() if args.demo else args.path
    if not path:
        raise InputError(None, translate("errors", "inspect needs a PATH (or --demo)"))
    obj = read(path, fs=args.fs, allow_incomplete=args.allow_incomplete)
    summary = obj.summary()
    from ph_assist.io.ecg import ECG

    if isinstance(obj, ECG):
        from ph_assist.ecg_measure import measurements_report

        summary["measurements"] = measurements_report(obj)
    if not args.show_text:
        summary, _ = withhold_free_text(summary)
    if args.json:
        print(json.dumps(summary, indent=2, default=str))
    else:
        measurements = summary.pop("measurements", None)
        print(format_summary(summary))
        if measurements is not None:
            from ph_assist.ecg_measure import report_line

            print(report_line(measurements))
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from ph_assist.io import ECG, read

    out = Path(args.output)
    if out.exists() and not args.force:
        raise InputError(out, translate("errors", "already exists; choose another name or pass --force"))
    obj = read(args.input, fs=args.fs)
    suffix = out.suffix.lower()
    if isinstance(obj, ECG):
        if suffix == ".csv":
            from ph_assist.io.ecg_csv import write_csv

            written = write_csv(obj, out)
            print(translate("cli", "wrote {path} (12 leads in mV, {fs} Hz: read it back with --fs {fs})").format(
                path=written, fs=f"{obj.fs:g}"))
        elif suffix in (".hea", ".dat", ""):
            from ph_assist.io.ecg_wfdb import write_wfdb

            written = write_wfdb(obj, out)
            print(translate("cli", "wrote {path} (WFDB, 12 leads, {fs} Hz)").format(path=written, fs=f"{obj.fs:g}"))
        else:
            raise UnsupportedFormatError(
                out, translate("errors", "an ECG converts to .csv or WFDB (.hea); not to {target}").format(
                target=suffix or translate("errors", "this")))
        return 0
    if suffix != ".png":
        raise UnsupportedFormatError(out, translate("errors", "a chest X-ray converts to a 16-bit .png only"))
    from ph_assist.io.cxr import write_png16

    written = write_png16(obj, out)
    print(translate("cli", "wrote {path} (16-bit grayscale PNG, display polarity)").format(path=written))
    return 0
