"""``ph-assist assess`` (one case) and ``ph-assist triage`` (a worklist)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ph_assist.errors import InputError
from ph_assist.i18n import translate


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser(
        "assess",
        help=translate("cli", "score one case: ECG, chest X-ray and/or BNP -> sub-scores and fused PH risk"),
        description=translate("cli", "Assess one case with a model bundle. Any of --ecg, --cxr and --bnp may be "
                                     "missing; the fused risk is then marked partial and names what is missing."),
    )
    a.add_argument("--ecg", metavar="FILE", help=translate("cli", "ECG file (any supported format)"))
    a.add_argument("--ecg-fs", type=float, metavar="HZ", help=translate("cli", "sampling rate of a CSV ECG"))
    a.add_argument("--cxr", metavar="FILE", help=translate("cli", "chest X-ray file (DICOM, PNG, JPEG)"))
    labs = a.add_mutually_exclusive_group()
    labs.add_argument("--bnp", metavar="VALUE",
                      help=translate("cli", "BNP value (e.g. 120, or <5 below the detection limit)"))
    labs.add_argument("--fhir", metavar="FILE",
                      help=translate("cli", "BNP / NT-proBNP from the laboratory system: a FHIR R4 Observation or "
                                            "Bundle (JSON); the most recent final result is used"))
    a.add_argument("--bnp-unit", default="pg/mL", choices=["pg/mL", "ng/L", "pmol/L"],
                   help=translate("cli", "unit of --bnp"))
    a.add_argument("--analyte", default="BNP", choices=["BNP", "NT-proBNP"],
                   help=translate("cli", "what --bnp measures"))
    a.add_argument("--bundle", metavar="DIR", help=translate("cli", "model bundle folder (default: the demo bundle)"))
    a.add_argument("--demo", action="store_true",
                   help=translate("cli", "assess the generated demo case (with --bnp: its ECG and radiograph with "
                                         "that BNP value)"))
    a.add_argument("--json", action="store_true", help=translate("cli", "print JSON"))
    a.add_argument("--cam-out", metavar="DIR",
                   help=translate("cli", "write Grad-CAM maps (.npy) and overlay PNGs here"))
    a.add_argument("--no-explain", action="store_true", help=translate("cli", "skip Grad-CAM (faster)"))
    a.add_argument("--case-id", help=translate("cli", "pseudonymous case ID to show in the output"))
    a.add_argument("--store", metavar="PACS",
                   help=translate("cli", "store the result on a PACS: the assessment as a DICOM SR and the Grad-CAM "
                                         "overlay as a Secondary Capture, in the radiograph's study (PACS: a "
                                         "connection in pacs.toml, AET@HOST:PORT or a DICOMweb URL; needs DICOM "
                                         "inputs)"))
    a.add_argument("--dicom-out", metavar="DIR", help=translate("cli", "write that SR and overlay as DICOM files here"))
    a.add_argument("--pacs-config", metavar="FILE",
                   help=translate("cli", "connections file for --store (default: pacs.toml in the config folder)"))
    a.add_argument("--report", metavar="OUT.pdf", help=translate("cli", "also write the PDF report of the case"))
    from ph_assist.cli import add_lang_argument

    add_lang_argument(a)
    a.set_defaults(func=cmd_assess)

    t = sub.add_parser(
        "triage",
        help=translate("cli", "score every case of a manifest and write a worklist ranked by PH risk"),
        description=translate("cli", "Manifest columns: case_id, ecg_path, cxr_path, bnp, bnp_unit (paths relative "
                                     "to the manifest's folder, or --data-root, and inside it). Bad files do not "
                                     "stop the run; each is listed with its reason."),
    )
    t.add_argument("manifest", help=translate("cli", "case manifest CSV"))
    t.add_argument("--out", required=True, metavar="CSV", help=translate("cli", "ranked worklist to write"))
    t.add_argument("--bundle", metavar="DIR", help=translate("cli", "model bundle folder (default: the demo bundle)"))
    t.add_argument("--data-root", metavar="DIR",
                   help=translate("cli", "folder the manifest's paths are relative to and must stay inside "
                                         "(default: the manifest's folder)"))
    t.add_argument("--force", action="store_true", help=translate("cli", "overwrite --out if it exists"))
    t.add_argument("--quiet", action="store_true", help=translate("cli", "no progress line"))
    t.set_defaults(func=cmd_triage)


def cmd_assess(args: argparse.Namespace) -> int:
    from ph_assist.assessment import assess
    from ph_assist.cases import load_case, validate_case_id
    from ph_assist.resources import demo_case, load_default_bundle

    if args.demo:
        if args.ecg or args.cxr:
            raise InputError(None, translate("errors", "--demo assesses the demo case's ECG and radiograph; do not "
                                                       "combine it with --ecg/--cxr (--bnp replaces its BNP value)"))
        demo = demo_case()
        ecg_path, cxr_path, unit, case_id = demo.ecg_path, demo.cxr_path, demo.bnp_unit, demo.case_id
        bnp: str | None = demo.bnp
        if args.bnp:  # what-if: the demo case with another BNP value
            bnp, unit = args.bnp, args.bnp_unit
        elif args.fhir:  # the demo case with the BNP of a laboratory export
            bnp = None
        analyte = "BNP" if not args.bnp else args.analyte
    else:
        ecg_path, cxr_path, bnp, unit, case_id = args.ecg, args.cxr, args.bnp, args.bnp_unit, args.case_id
        if case_id is not None:
            case_id = validate_case_id(case_id)
        analyte = args.analyte
        if not (ecg_path or cxr_path or bnp or args.fhir):
            raise InputError(None, translate("errors", "nothing to assess: give --ecg, --cxr and/or --bnp or --fhir "
                                                       "(or --demo)"))
    conn = None
    if args.store:  # a wrong connection name is refused before the models run
        from ph_assist.pacs import connection_from_text

        conn = connection_from_text(args.store, args.pacs_config)
    case = load_case(case_id=case_id, ecg_path=ecg_path, cxr_path=cxr_path, bnp=bnp, bnp_unit=unit,
                     bnp_analyte=analyte, ecg_fs=args.ecg_fs, strict=True,
                     fhir_path=args.fhir)  # inputs first: fast refusal
    bundle = load_default_bundle(args.bundle)
    result = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs,
                    explain=not args.no_explain or bool(args.cam_out), case_id=case_id)
    written = _write_cams(result, case, Path(args.cam_out)) if args.cam_out else []
    stored, dicom_files, store_error = _store(result, case, conn, args.dicom_out)
    from ph_assist.io.identity import patient_mismatch

    mismatch = patient_mismatch(case.ecg, case.cxr)  # None: cannot tell (never warns)
    if args.json:
        data = result.summary()
        data["patient_mismatch"] = mismatch
        data["cam_files"] = [str(p) for p in written]
        if args.dicom_out:
            data["dicom_files"] = [str(p) for p in dicom_files]
        if conn is not None:
            data["stored"] = {"connection": conn.describe(), "instances": stored,
                              "error": str(store_error) if store_error else None}
        if case.ecg is not None:
            from ph_assist.ecg_measure import measurements_report

            data["ecg_measurements"] = measurements_report(case.ecg)
        print(json.dumps(data, indent=2))
    else:
        from ph_assist.presentation import assessment_text, patient_mismatch_warning

        if mismatch:
            print(translate("cli", "WARNING: {text}").format(text=patient_mismatch_warning()))
        print(assessment_text(result))
        if case.ecg is not None:
            from ph_assist.ecg_measure import measurements_report, report_line

            print(report_line(measurements_report(case.ecg)))
        for p in written:
            print(translate("cli", "wrote {path}").format(path=p))
        for p in dicom_files:
            print(translate("cli", "wrote {path}").format(path=p))
        if stored and conn is not None:
            print(translate("cli", "stored on {pacs}: {what}").format(
                pacs=conn.describe(), what=", ".join(f"{i['kind']} {i['sop_instance_uid']}" for i in stored)))
    if args.report:
        from ph_assist.report import write_report

        out = write_report(args.report, result, ecg=case.ecg, cxr=case.cxr, labs=case.labs)
        if not args.json:
            print(translate("cli", "wrote {path}").format(path=out))
    if store_error is not None:
        raise store_error
    return 0


def _store(result, case, conn, dicom_out: str | None) -> tuple[list[dict], list[Path], Exception | None]:
    """The SR and overlay written to ``dicom_out`` and/or stored via ``conn``; a PACS failure is returned, not raised.

    The result is printed before a storing failure ends the command (exit 2, one line).
    """
    if conn is None and not dicom_out:
        return [], [], None
    from ph_assist import pacs
    from ph_assist.errors import PACSError
    from ph_assist.pacs.results import result_instances, write_instances

    instances = result_instances(result, case)
    files = write_instances(instances, dicom_out) if dicom_out else []
    if conn is None:
        return [], files, None
    try:
        pacs.store(conn, [i.dataset for i in instances])
    except PACSError as exc:
        return [], files, exc
    return [i.as_dict() for i in instances], files, None


def _write_cams(result, case, folder: Path) -> list[Path]:
    import numpy as np

    from ph_assist.cases import safe_file_stem
    from ph_assist.presentation import notice_of
    from ph_assist.render import save_cxr_overlay_png, save_ecg_overlay_png

    folder.mkdir(parents=True, exist_ok=True)
    stem = safe_file_stem(result.case_id)  # never a path: the files stay inside folder
    written = []
    note = f"{result.bundle_name}: {notice_of(result).text}"
    if result.ecg_cam is not None:
        np.save(folder / f"{stem}_ecg_gradcam.npy", result.ecg_cam)
        written.append(folder / f"{stem}_ecg_gradcam.npy")
        written.append(save_ecg_overlay_png(case.ecg, result.ecg_cam, folder / f"{stem}_ecg_gradcam.png",
                                            title=f"ECG Grad-CAM - {note}"))
    if result.cxr_cam is not None:
        np.save(folder / f"{stem}_cxr_gradcam.npy", result.cxr_cam)
        written.append(folder / f"{stem}_cxr_gradcam.npy")
        written.append(save_cxr_overlay_png(case.cxr.image, result.cxr_cam, folder / f"{stem}_cxr_gradcam.png"))
    return written


def cmd_triage(args: argparse.Namespace) -> int:
    from ph_assist.presentation import notice_of
    from ph_assist.resources import load_default_bundle
    from ph_assist.triage import triage

    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(out, translate("errors", "already exists; choose another name or pass --force"))
    bundle = load_default_bundle(args.bundle)
    t0 = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int | None, case_id: str) -> None:
        now = time.perf_counter()
        if args.quiet or (now - last[0] < 0.5 and done != total):
            return
        last[0] = now
        rate = done / max(now - t0, 1e-9)
        eta = f", ETA {int((total - done) / rate // 60)}:{int((total - done) / rate % 60):02d}" if total else ""
        sys.stderr.write("\r" + translate("cli", "triage: case {done}/{total} ({rate:.1f}/s{eta})").format(
            done=done, total=total or "?", rate=rate, eta=eta) + "   ")
        sys.stderr.flush()

    summary = triage(args.manifest, bundle, out, progress=progress, data_root=args.data_root)
    if not args.quiet:
        sys.stderr.write("\n")
    print(f"*** {notice_of(bundle).text} ***")
    print(translate("cli", "wrote {out}: {n_scored} of {n_cases} cases scored ({n_partial} partial), "
                           "{n_failed} not scored, {rate:.1f} cases/s, bundle {bundle}").format(
        out=summary.out, n_scored=summary.n_scored, n_cases=summary.n_cases, n_partial=summary.n_partial,
        n_failed=summary.n_failed, rate=summary.cases_per_s, bundle=bundle.name))
    for case_id, reason in summary.failures[:50]:
        print(translate("cli", "not scored: {case_id}: {reason}").format(case_id=case_id, reason=reason))
    if len(summary.failures) > 50:
        print(translate("cli", "... and {n} more (see the worklist's issues column)").format(
            n=summary.n_failed - 50))
    return 0
