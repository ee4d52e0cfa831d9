"""``ph-assist study``: create reader studies, follow their progress, analyse and export them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ph_assist.errors import InputError

if TYPE_CHECKING:
    from ph_assist.study.plan import ORVarianceComponents, PowerResult


def register(sub: argparse._SubParsersAction) -> None:
    from ph_assist.i18n import translate

    p = sub.add_parser(
        "study",
        help=translate("study", "reader studies: create, status, read, analyze, export"),
        description=translate("study", "Reader studies (MRMC): clinicians read each case without and with PH-Assist. "
                    "Create a study from a case manifest, follow the readers' progress, analyse the "
                    "reads (per reader and pooled metrics, McNemar, OR-Hillis) and export them."),
    )
    ss = p.add_subparsers(dest="study_command", metavar="SUBCOMMAND", parser_class=type(p))
    p.set_defaults(func=lambda args: _no_subcommand(p))

    c = ss.add_parser(
        "create",
        help=translate("study", "create a study folder from a case manifest"),
        description=translate("study", "Create a reader study: cases from a manifest CSV (columns case_id, ecg_path, "
                                       "cxr_path, "
                    "bnp, bnp_unit, label; paths relative to the manifest; label 1 = PH, 0 = no PH, never shown "
                    "to readers), pseudonymous reader IDs, the design and the randomisation seed."),
    )
    c.add_argument("--manifest", required=True, metavar="M.csv", help=translate("study", "case manifest CSV"))
    c.add_argument("--readers", required=True, metavar="R1,R2,...", help=translate("study", "comma-separated "
                                                                                            "pseudonymous reader IDs"))
    c.add_argument("--design", required=True, choices=("sequential", "crossover"),
                   help=translate("study", "sequential: unaided read, lock, AI, aided read per case; crossover: two "
                                           "sessions "
                        "separated by a washout, half the cases aided in each"))
    c.add_argument("--seed", required=True, type=int, metavar="S", help=translate("study", "randomisation seed "
                                                                                           "(recorded)"))
    c.add_argument("--out", required=True, metavar="STUDY_DIR", help=translate("study", "new (or empty) study folder"))
    c.add_argument("--name", help=translate("study", "study name (default: the folder name)"))
    c.add_argument("--washout-days", type=int, default=28, metavar="D",
                   help=translate("study", "days between crossover sessions (default 28; crossover only)"))
    c.add_argument("--bundle", metavar="DIR", help=translate("study", "model bundle readers will see (its ID is fixed "
                                                                      "in the study)"))
    c.add_argument("--key-out", metavar="KEY.json",
                   help=translate("study", "the coordinator's key file (the labels), written OUTSIDE the study "
                                           "folder; 'study "
                        "analyze --key' needs it, readers never do (default: STUDY_DIR.key.json beside the folder)"))
    c.add_argument("--scale", choices=("binary_confidence", "five_point", "probability"), default="binary_confidence",
                   help=translate("study", "how readers answer: binary_confidence (PH yes/no + confidence 0-100; "
                                           "default), five_point "
                        "(1 definitely no ... 5 definitely yes; PH when >= 4) or probability (0-100 %%; PH when >= "
                        "50)"))
    c.add_argument("--question", metavar="TEXT", help=translate("study", "the question readers answer (default: 'Does "
                                                                         "this patient "
                                                      "have pulmonary hypertension?')"))
    c.add_argument("--action-question", metavar="TEXT",
                   help=translate("study", "also ask this yes/no question with every answer, e.g. 'Refer for "
                                           "echocardiography?'"))
    c.add_argument("--prefill-aided", action="store_true",
                   help=translate("study", "start the aided answer from the unaided one (off by default: it invites "
                                           "anchoring)"))
    c.add_argument("--instructions", metavar="FILE.txt", help=translate("study", "text shown to readers before their "
                                                                                 "first case"))
    c.add_argument("--practice", metavar="ID1,ID2,...",
                   help=translate("study", "case IDs of the manifest read first by every reader, in this order, never "
                                           "analysed"))
    c.add_argument("--comments", action="store_true", help=translate("study", "let readers attach a free-text comment "
                                                                              "to a read"))
    c.set_defaults(func=cmd_create)

    s = ss.add_parser("status", help=translate("study", "show each reader's progress"),
                      description=translate("study", "Show each reader's progress, derived from the study log, and "
                                                     "check the log."))
    s.add_argument("study", metavar="STUDY_DIR")
    s.add_argument("--json", action="store_true", help=translate("study", "print JSON instead of text"))
    s.set_defaults(func=cmd_status)

    a = ss.add_parser(
        "analyze",
        help=translate("study", "analyse a study (or external reads in long CSV form)"),
        description=translate("study", "Analyse the locked reads of a study: per reader and pooled accuracy, "
                                       "sensitivity, "
                    "specificity and AUC without vs with AI, McNemar per reader, Obuchowski-Rockette-Hillis "
                    "F/ddf/p/95% CI, change-of-mind table. With --long-csv the same analysis runs on external "
                    "reader data (columns reader, treatment, case, truth, rating[, decision])."),
    )
    a.add_argument("study", nargs="?", metavar="STUDY_DIR", help=translate("study", "study folder (omit with "
                                                                                    "--long-csv)"))
    a.add_argument("--long-csv", metavar="FILE", help=translate("study", "analyse this long-format CSV instead of a "
                                                                         "study folder"))
    a.add_argument("--decision-threshold", type=float, metavar="R",
                   help=translate("study", "with --long-csv and no decision column: a read counts as 'PH' when rating "
                                           ">= R "
                        "(default 50, for 0-100 confidence; e.g. 3 for a 1-5 scale)"))
    a.add_argument("--key", metavar="KEY.json",
                   help=translate("study", "the study's key file (written by 'study create'; the ground truth is not "
                                           "in the folder)"))
    a.add_argument("--json", action="store_true", help=translate("study", "print the full analysis as JSON"))
    a.add_argument("--out", metavar="DIR",
                   help=translate("study", "also write analysis.json, accuracy_slopes.png, roc.png, reads_long.csv "
                                           "and reads.imrmc "
                        "into DIR (files of those names are replaced)"))
    a.add_argument("--allow-unverified", action="store_true",
                   help=translate("study", "analyse even when the study log fails 'study verify' (the analysis says "
                                           "so)"))
    a.set_defaults(func=cmd_analyze)

    r = ss.add_parser(
        "read",
        help=translate("study", "open the reader window for one reader of a study (GUI)"),
        description=translate("study", "Open the reader window for one reader: one case at a time (no going back or "
                                       "skipping), "
                    "the unaided answer, its lock, then the AI and the aided answer, as the study's design says. "
                    "Closing the window pauses; running the command again resumes where the log says."),
    )
    r.add_argument("study", metavar="STUDY_DIR")
    r.add_argument("--reader", required=True, metavar="ID", help=translate("study", "the reader's pseudonymous ID "
                                                                                    "(e.g. R01)"))
    r.add_argument("--bundle", metavar="DIR",
                   help=translate("study", "model bundle whose AI output the reader sees (default: $PH_ASSIST_BUNDLE "
                                           "or the demo "
                        "bundle); a study fixed to another bundle refuses it"))
    r.add_argument("--screenshot", metavar="OUT.png",
                   help=translate("study", "show the reader's current case, save a picture of the window to OUT.png "
                                           "and exit (for "
                        "docs and CI; the display is logged like any other and the case is paused on exit, so use "
                        "a copy of a real study)"))
    r.add_argument("--size", metavar="WxH", help=translate("study", "window size in pixels, e.g. 1600x960"))
    r.add_argument("--timeout", type=float, default=180.0, metavar="S",
                   help=translate("study", "with --screenshot: how long to wait for the case (default 180 s)"))
    r.set_defaults(func=cmd_read)

    e = ss.add_parser("export", help=translate("study", "export a study's reads as long CSV and/or iMRMC"),
                      description=translate("study", "Export the locked reads of a study as a long CSV (reader, "
                                                     "treatment, case, "
                                  "truth, rating, decision) and/or an iMRMC .imrmc file."))
    e.add_argument("study", metavar="STUDY_DIR")
    e.add_argument("--long-csv", metavar="FILE", help=translate("study", "write the long CSV here"))
    e.add_argument("--imrmc", metavar="FILE", help=translate("study", "write the iMRMC file here"))
    e.add_argument("--key", metavar="KEY.json", help=translate("study", "the study's key file (the exports hold the "
                                                                        "ground truth)"))
    e.add_argument("--force", action="store_true", help=translate("study", "overwrite existing output files"))
    e.set_defaults(func=cmd_export)
    _register_plan(ss)


def _register_plan(ss: argparse._SubParsersAction) -> None:
    from ph_assist.i18n import translate

    pl = ss.add_parser(
        "plan",
        help=translate("study", "sample size / power of a planned study from a pilot"),
        description=translate("study", "Plan a reader study from a pilot (a study folder or a long CSV of reads): the number of cases needed for a given power with J readers, or the power of a design with J readers and K cases, from the pilot's Obuchowski-Rockette variance components (Hillis, Obuchowski & Berbaum 2011, as RJafroc SsPowerGivenJK / SsSampleSizeKGivenJ). Assumes the planned cases are like the pilot's (same prevalence and difficulty) and the readers come from the same population."),  # noqa: E501
    )
    pl.add_argument("--pilot", required=True, metavar="READS.csv|STUDY_DIR",
                    help=translate("study", "the pilot's reads"))
    pl.add_argument("--key", metavar="KEY.json",
                    help=translate("study", "the coordinator's key file of a pilot study folder (its ground truth)"))
    pl.add_argument("--readers", "-J", required=True, type=int, metavar="J",
                    help=translate("study", "readers in the planned study (at least 2)"))
    pl.add_argument("--cases", "-K", type=int, metavar="K",
                    help=translate("study", "cases in the planned study: report its power (default: the cases needed for --power)"))  # noqa: E501
    pl.add_argument("--effect", type=float, metavar="D",
                    help=translate("study", "difference of the figure of merit to detect, e.g. 0.05 AUC (default: the pilot's observed difference)"))  # noqa: E501
    pl.add_argument("--power", type=float, default=0.8, metavar="P", help=translate("study", "target power (default "
                                                                                             "0.8)"))
    pl.add_argument("--alpha", type=float, default=0.05, metavar="A",
                    help=translate("study", "size of the two-sided test (default 0.05)"))
    pl.add_argument("--fom", default="auc", choices=("auc", "accuracy", "sensitivity", "specificity"),
                    help=translate("study", "figure of merit (default auc)"))
    pl.add_argument("--analysis", default="RRRC", choices=("RRRC", "FRRC", "RRFC"),
                    help=translate("study", "RRRC: readers and cases random (default); FRRC: readers fixed; RRFC: cases fixed"))  # noqa: E501
    pl.add_argument("--decision-threshold", type=float, metavar="R",
                    help=translate("study", "pilot CSV without a decision column: a read counts as PH when rating >= R (default 50)"))  # noqa: E501
    pl.add_argument("--json", action="store_true", help=translate("study", "print JSON"))
    pl.set_defaults(func=cmd_plan)

    k = ss.add_parser("kit", help=translate("study", "write one reader's kit for another workstation"),
                      description=translate("study", "Write one reader's self-contained kit (the reader's cases, "
                                                     "protocol and order; "
                                  "never the labels) that opens like a study: 'study read KIT --reader R'. "
                                  "Bring the answers back with 'study merge'."))
    k.add_argument("study", metavar="STUDY_DIR")
    k.add_argument("--reader", required=True, metavar="ID")
    k.add_argument("--out", required=True, metavar="KIT_DIR", help=translate("study", "new (or empty) folder"))
    k.set_defaults(func=cmd_kit)

    mg = ss.add_parser("merge", help=translate("study", "bring a reader kit's answers back into the study"),
                       description=translate("study", "Verify a reader kit (signed manifest, chained log) and import "
                                                      "its answers into "
                                   "the study log in one transaction; merging again imports nothing new."))
    mg.add_argument("study", metavar="STUDY_DIR")
    mg.add_argument("kit", metavar="KIT_DIR")
    mg.set_defaults(func=cmd_merge)

    v = ss.add_parser("verify", help=translate("study", "check a study's or a kit's signed log for tampering"),
                      description=translate("study", "Check the hash chain and signed heads of a study log (or a "
                                                     "reader kit, with its "
                                  "signed file list). Exit 0: intact; 2: tampering found (one line naming the first "
                                  "broken record); 3: a log made before the chain existed; 1: other errors."))
    v.add_argument("folder", metavar="STUDY_OR_KIT")
    v.set_defaults(func=cmd_verify)


def _no_subcommand(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2


def _protocol(args: argparse.Namespace):  # -> StudyProtocol
    from ph_assist.i18n import translate
    from ph_assist.study.protocol import DEFAULT_QUESTION, StudyProtocol

    instructions = ""
    if args.instructions:
        try:
            instructions = Path(args.instructions).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(args.instructions, translate("errors", "cannot read the instructions "
                                                                "({error_type})").format(
                error_type=type(err).__name__)) from None
    practice = tuple(c.strip() for c in (args.practice or "").split(",") if c.strip())
    return StudyProtocol(question=args.question or DEFAULT_QUESTION, scale=args.scale,
                         action_question=args.action_question or None, prefill_aided=args.prefill_aided,
                         instructions=instructions, practice_cases=practice, comment=args.comments)


def cmd_create(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.protocol import create_study, default_key_path, scale_label
    from ph_assist.study.store import StudyError

    readers = [r.strip() for r in args.readers.split(",") if r.strip()]
    if not readers:
        raise StudyError(translate("errors", "--readers lists no reader ID"))
    bundle_id = None
    if args.bundle:
        from ph_assist.models.bundle import verify_bundle

        bundle_id = verify_bundle(args.bundle)["bundle_id"]
    protocol = _protocol(args)
    key = Path(args.key_out) if args.key_out else default_key_path(args.out)
    study = create_study(args.out, args.manifest, readers, args.design, args.seed, args.washout_days,
                         args.name, bundle_id=bundle_id, protocol=protocol, key_path=key)
    truth = study.truth()
    n1 = sum(v for c, v in truth.items() if c not in protocol.practice_cases)
    n = len(study.cases) - len(protocol.practice_cases)
    print(translate("study", "created study {name!r} in {folder}").format(name=study.name, folder=study.folder))
    washout = (translate("study", " (washout {days} days)").format(days=study.washout_days)
               if study.washout_days else "")
    print(translate("study", "design {design}{washout}, seed {seed}, {n} reader(s): {readers}").format(
        design=study.design, washout=washout, seed=study.seed, n=len(study.readers), readers=", ".join(study.readers)))
    practice = (translate("study", " and {n} practice case(s), read first and never analysed").format(
        n=len(protocol.practice_cases)) if protocol.practice_cases else "")
    print(translate("study", "{n} cases ({n1} PH, {n0} no PH){practice}").format(n=n, n1=n1, n0=n - n1,
                                                                               practice=practice))
    print(translate("study", "scale: {scale}; {rule}").format(scale=scale_label(protocol.scale),
                                                             rule=protocol.decision_rule)
          + (translate("study", "; aided answer prefilled") if protocol.prefill_aided else ""))
    if protocol.action_question:
        print(translate("study", "action question: {question}").format(question=protocol.action_question))
    print(translate("study", "key file (labels, seed): {key} - keep it with the coordinator, away from the "
                             "readers; 'study analyze --key' needs it").format(key=key.absolute()))
    if bundle_id:
        print(translate("study", "model bundle {id}").format(id=bundle_id[:12]))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.protocol import open_study_log, load_study, study_status

    statuses = study_status(args.study)
    study = load_study(args.study, with_labels=False)
    with open_study_log(study) as store:
        problems = store.check_invariants()
    if args.json:
        import dataclasses

        print(json.dumps({"study": study.name, "design": study.design, "folder": str(study.folder),
                          "readers": [dataclasses.asdict(s) for s in statuses], "log_problems": problems}, indent=2))
        return 0 if not problems else 2
    print(translate("study", "study {name!r} ({design}, {cases} cases, {readers} readers)").format(
        name=study.name, design=study.design, cases=len(study.cases), readers=len(study.readers)))
    w = max(len("reader"), *(len(s.reader) for s in statuses))
    phases = {"unaided": translate("study", "next: unaided read"),
              "awaiting_lock": translate("study", "unaided answer given, not locked"),
              "aided": translate("study", "next: aided read"), "washout": translate("study", "in washout"),
              "done": translate("study", "finished")}
    for s in statuses:
        extra = []
        if s.paused:
            extra.append(translate("study", "paused"))
        if s.last_activity_utc:
            extra.append(translate("study", "last activity {time} UTC").format(
                time=s.last_activity_utc[:16].replace("T", " ")))
        reads = translate("study", "{done:>4}/{total} reads").format(done=s.reads_done, total=s.reads_total)
        print(f"{s.reader:<{w}}  {s.progress:<34} {reads}  {phases[s.phase]}"
              + (f" ({', '.join(extra)})" if extra else ""))
    if problems:
        print(translate("study", "log problems: {problems}").format(problems="; ".join(problems)))
        return 2
    print(translate("study", "log: integrity and protocol checks passed"))
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.report import (
        analysis_dict,
        analyze_table,
        format_summary,
        write_analysis,
    )

    if args.long_csv and args.study:
        raise InputError(None, translate("errors", "give either a STUDY_DIR or --long-csv FILE, not both"))
    if args.decision_threshold is not None and not args.long_csv:
        raise InputError(None, translate("errors", "--decision-threshold applies to --long-csv data only (a study "
                                                   "records decisions)"))
    study = None
    action = None
    if args.key and args.long_csv:
        raise InputError(None, translate("errors", "--key applies to a STUDY_DIR, not to --long-csv data (which "
                                                   "holds its truth)"))
    if args.long_csv:
        from ph_assist.study.mrmc_io import load_long_csv

        kwargs = {} if args.decision_threshold is None else {"decision_threshold": args.decision_threshold}
        table = load_long_csv(args.long_csv, **kwargs)
        result = analyze_table(table)
        source = str(Path(args.long_csv))
        title = translate("study", "Reader data {source}").format(source=source)
    elif args.study:
        _require_verified(args.study, args.allow_unverified)
        from ph_assist.study.report import LABELS_IN_FOLDER_NOTE, analyze_study_full

        full = analyze_study_full(args.study, key=args.key, verify=False)  # checked just above
        study, table, result, action = full.study, full.table, full.result, full.action
        if study.labels_in_folder:
            print(translate("study", "warning: {note}").format(note=translate("study", LABELS_IN_FOLDER_NOTE)),
                  file=sys.stderr)
        source = str(study.folder)
        title = translate("study", "Reader study {name!r} ({design}) in {folder}").format(
            name=study.name, design=study.design, folder=study.folder)
    else:
        raise InputError(None, translate("errors", "analyze needs a STUDY_DIR or --long-csv FILE"))
    written = []
    if args.out:
        written = write_analysis(args.out, table, result, source=source, study=study, action=action)
    if args.json:
        print(json.dumps(analysis_dict(result, source=source, study=study, action=action), indent=2))
    else:
        print(format_summary(result, title=title, study=study, action=action))
        if written:
            print("")
            print(translate("study", "wrote {files}").format(files=", ".join(str(p) for p in written)))
    return 0


def cmd_read(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.protocol import load_study
    from ph_assist.study.store import StudyError

    study = load_study(args.study, with_labels=False)  # a wrong folder or reader: one line, before any window
    if args.reader not in study.readers:
        raise StudyError(translate("errors", "reader {reader!r} is not in study {name!r} (readers: {readers})").format(
            reader=args.reader, name=study.name, readers=", ".join(study.readers)))
    from ph_assist.gui.launch import GUIError, parse_size

    try:
        size = parse_size(args.size)
    except GUIError as exc:
        raise InputError(None, str(exc)) from None
    from ph_assist.gui.reader_mode import run_reader

    return run_reader(args.study, args.reader, bundle_path=args.bundle, screenshot=args.screenshot, size=size,
                      timeout_s=args.timeout)


def cmd_export(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.report import export_study

    if not args.long_csv and not args.imrmc:
        raise InputError(None, translate("errors", "export needs --long-csv FILE and/or --imrmc FILE"))
    for f in (args.long_csv, args.imrmc):
        if f and Path(f).exists() and not args.force:
            raise InputError(f, translate("errors", "already exists; choose another name or pass --force"))
    for p in export_study(args.study, long_csv=args.long_csv, imrmc=args.imrmc, key=args.key):
        print(translate("study", "wrote {files}").format(files=p))
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.plan import cases_for_power, pilot_components, power_given_jk

    if args.readers < 2:
        raise InputError(None, translate("study", "--readers must be at least 2 (got {n})").format(n=args.readers))
    if args.cases is not None and args.cases < 2:
        raise InputError(None, translate("study", "--cases must be at least 2 (got {n})").format(n=args.cases))
    if args.effect is not None and not args.effect > 0:
        raise InputError(None, translate("study", "--effect must be greater than 0 (got {d})").format(d=args.effect))
    if not 0 < args.power < 1:
        raise InputError(None, translate("study", "--power must lie between 0 and 1 (got {p})").format(p=args.power))
    if not 0 < args.alpha < 1:
        raise InputError(None, translate("study", "--alpha must lie between 0 and 1 (got {a})").format(a=args.alpha))
    comp = pilot_components(args.pilot, fom=args.fom, decision_threshold=args.decision_threshold, key=args.key)
    effect = args.effect if args.effect is not None else abs(comp.observed_effect)
    if not effect > 0:
        raise InputError(args.pilot, translate("study", "the pilot shows no difference between the treatments; give the effect to detect with --effect"))  # noqa: E501
    cases = args.cases
    if cases is None:
        cases = cases_for_power(comp, effect, args.readers, args.power, args.alpha, analysis=args.analysis)
    res = power_given_jk(comp, effect, args.readers, cases, args.alpha, analysis=args.analysis)
    if args.json:
        print(json.dumps({"pilot": comp.to_dict(), "effect_source": "given" if args.effect is not None else "pilot",
                          "target_power": None if args.cases is not None else args.power,
                          "cases_needed": None if args.cases is not None else cases,
                          "result": res.to_dict()}, indent=2))
        return 0
    _print_plan(comp, res, effect_given=args.effect is not None, target=None if args.cases else args.power)
    return 0


def _print_plan(comp: ORVarianceComponents, res: PowerResult, *, effect_given: bool, target: float | None) -> None:
    from ph_assist.i18n import translate

    print(translate("study", "Pilot: {J} readers, {K} cases; {fom} variance components Var {var:.3g}, Cov1 {cov1:.3g}, Cov2 {cov2:.3g}, Cov3 {cov3:.3g}, VarTR {var_tr:.3g}").format(  # noqa: E501
        J=comp.n_readers, K=comp.n_cases, fom=comp.fom, var=comp.var, cov1=comp.cov1, cov2=comp.cov2,
        cov3=comp.cov3, var_tr=comp.var_tr))
    if effect_given:
        print(translate("study", "Effect to detect: {d:.4f} (given)").format(d=res.effect))
    else:
        print(translate("study", "Effect to detect: {d:.4f} (observed in the pilot; give the smallest difference that matters with --effect)").format(d=res.effect))  # noqa: E501
    if target is not None:
        print(translate("study", "Cases needed for power {target:g} with {J} readers ({analysis}, alpha {alpha:g}): {K}").format(  # noqa: E501
            target=target, J=res.readers, analysis=res.analysis, alpha=res.alpha, K=res.cases))
    print(translate("study", "Power with {J} readers and {K} cases ({analysis}, alpha {alpha:g}): {power:.3f} (ncp {ncp:.2f}, ddf {ddf:.1f}, critical F {f:.2f})").format(  # noqa: E501
        J=res.readers, K=res.cases, analysis=res.analysis, alpha=res.alpha, power=res.power, ncp=res.ncp,
        ddf=res.ddf, f=res.f_critical))
    print(translate("study", "Assumes the planned cases are like the pilot's (same prevalence and difficulty) and the readers come from the same population (Hillis, Obuchowski & Berbaum 2011)."))  # noqa: E501
def cmd_kit(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.kits import make_kit

    kit = make_kit(args.study, args.reader, args.out)
    print(translate("study", "wrote the kit of reader {reader} to {kit} (no labels); read it with: ph-assist study "
                             "read {kit} --reader {reader}").format(reader=args.reader, kit=kit))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from ph_assist.i18n import translate
    from ph_assist.study.kits import merge_kit

    r = merge_kit(args.study, args.kit)
    if r.imported:
        print(translate("study", "merged reader {reader}: {n} log records imported ({locked} answers locked)").format(
            reader=r.reader, n=r.imported, locked=r.reads_locked))
    else:
        print(translate("study", "reader {reader}: nothing new to merge ({n} records already in the study)").format(
            reader=r.reader, n=r.already))
    return 0


EXIT_VERIFY_OK, EXIT_VERIFY_ERROR, EXIT_TAMPERED, EXIT_NO_CHAIN = 0, 1, 2, 3


def cmd_verify(args: argparse.Namespace) -> int:
    import sys

    from ph_assist.errors import PHAssistError
    from ph_assist.i18n import translate
    from ph_assist.study.kits import verify_folder

    try:
        v = verify_folder(args.folder)
    except PHAssistError as exc:
        print(f"ph-assist: {exc}", file=sys.stderr)
        return EXIT_VERIFY_ERROR
    if not v.chained:
        print(translate("study", "{folder}: no chain (the log was created before PH-Assist signed study logs); "
                                 "edits cannot be detected").format(folder=v.folder))
        return EXIT_NO_CHAIN
    if v.first is not None:
        print(translate("study", "{folder}: TAMPERED: {finding}").format(folder=v.folder, finding=v.first.line()))
        return EXIT_TAMPERED
    n = sum(v.log.records.values())
    print(translate("study", "{folder}: intact ({kind}; {n} signed log records, {readers} reader(s))").format(
        folder=v.folder, kind=v.kind, n=n, readers=len(v.log.records)))
    return EXIT_VERIFY_OK


def _require_verified(folder: str, allow: bool) -> None:
    import sys

    from ph_assist.i18n import translate
    from ph_assist.study.kits import verify_folder
    from ph_assist.study.store import StudyError

    try:
        v = verify_folder(folder)
    except StudyError as exc:  # e.g. a copy of the study without its study.secret
        if not allow:
            raise StudyError(translate(
                "study", "not analysed, the log cannot be verified: {problem} (--allow-unverified analyses it "
                         "anyway)").format(problem=exc)) from None
        print(translate("study", "warning: analysed without verifying the log: {problem}").format(problem=exc),
              file=sys.stderr)
        return
    if not v.chained:
        print(translate("study", "note: {folder}: the log has no chain (made before PH-Assist signed study logs); "
                                 "it cannot be checked for tampering").format(folder=v.folder), file=sys.stderr)
    elif v.first is not None:
        if not allow:
            raise StudyError(translate("study", "{folder}: not analysed, the log fails verification: {finding} "
                                                "(see 'ph-assist study verify'; --allow-unverified analyses it "
                                                "anyway)").format(folder=v.folder, finding=v.first.line()))
        print(translate("study", "warning: {folder}: analysed although the log fails verification: "
                                 "{finding}").format(folder=v.folder, finding=v.first.line()), file=sys.stderr)
