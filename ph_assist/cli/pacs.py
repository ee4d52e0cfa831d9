"""``ph-assist pacs echo|find|get``: fetch a case's radiograph and ECG from a PACS.

The PACS is a connection named in ``pacs.toml`` (in ``$PH_ASSIST_CONFIG_DIR``,
default ``~/.config/ph-assist``), or given directly with ``--dimse
AET@HOST:PORT`` or ``--url DICOMWEB_ROOT``.  Server problems and bad input are
one line on stderr and exit 2, like every other command.  Patient IDs and
accession numbers are used for the query only and never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from ph_assist.errors import InputError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

_EPILOG = QT_TRANSLATE_NOOP("cli", "Connections: pacs.toml in $PH_ASSIST_CONFIG_DIR (default ~/.config/ph-assist), "
                                   "e.g.\n"
                                   "  [connections.radiology]\n  aet = \"ORTHANC\"\n  host = \"127.0.0.1\"\n"
                                   "  port = 4242\n\n"
                                   "  [connections.web]\n  url = \"http://127.0.0.1:8042/dicom-web\"")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pacs",
                       help=translate("cli", "echo, find and get radiographs and ECGs on a PACS (DIMSE or DICOMweb)"),
                       description=translate("cli", "Talk to a PACS: check it answers (echo), list studies holding "
                                                    "radiographs (CR, DX) or ECG waveforms (find), and retrieve them "
                                                    "into a case folder (get)."),
                       epilog=translate("cli", _EPILOG), formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = p.add_subparsers(dest="pacs_command", metavar="ACTION", required=True, parser_class=type(p))

    e = verbs.add_parser("echo",
                         help=translate("cli", "check that the PACS answers (C-ECHO, or a minimal QIDO-RS search)"))
    _target_args(e)
    e.set_defaults(func=cmd_echo)

    f = verbs.add_parser("find", help=translate("cli", "list the studies (or series) holding radiographs or ECGs"))
    _target_args(f)
    _query_args(f)
    f.add_argument("--level", choices=["study", "series"], default="study",
                   help=translate("cli", "list studies or their series"))
    f.add_argument("--limit", type=int, default=100, metavar="N",
                   help=translate("cli", "list at most N studies, the most recent (default 100)"))
    f.add_argument("--show-text", action="store_true",
                   help=translate("cli", "also show study and series descriptions (free text, which may identify the "
                                         "patient)"))
    f.set_defaults(func=cmd_find)

    g = verbs.add_parser("get", help=translate("cli", "retrieve studies' radiograph and ECG into a case folder"),
                         description=translate("cli", "Retrieve the CR/DX radiograph and ECG waveform instances of "
                                                      "the given studies (--study, repeatable) or of every study the "
                                                      "query keys find, into OUT. Files already retrieved are kept "
                                                      "if the transfer stops."))
    _target_args(g)
    g.add_argument("--study", action="append", default=[], metavar="UID",
                   help=translate("cli", "Study Instance UID (repeatable)"))
    _query_args(g)
    g.add_argument("--max-studies", type=int, default=5, metavar="N",
                   help=translate("cli", "without --study: refuse when the query finds more than N studies (default "
                                         "5)"))
    g.add_argument("--out", required=True, metavar="DIR",
                   help=translate("cli", "case folder to write (created if missing)"))
    g.set_defaults(func=cmd_get)

    s = verbs.add_parser("store",
                         help=translate("cli", "send DICOM files (an assessment SR, a Grad-CAM overlay) to the PACS"),
                         description=translate("cli", "Send DICOM files to the PACS (C-STORE, or STOW-RS), e.g. the "
                                                      "SR and overlay that 'ph-assist assess --dicom-out DIR' wrote. "
                                                      "Usage: pacs store PACS FILE... where PACS is a connection "
                                                      "name, AET@HOST:PORT or a DICOMweb URL. 'ph-assist assess "
                                                      "--store PACS' makes and sends them in one step."))
    _target_args(s, positional=False)
    s.add_argument("items", nargs="+", metavar="FILE",
                   help=translate("cli", "the connection name (without --dimse/--url), then the DICOM files"))
    s.set_defaults(func=cmd_store)


def _target_args(p: argparse.ArgumentParser, positional: bool = True) -> None:
    if positional:
        p.add_argument("connection", nargs="?", help=translate("cli", "a connection named in pacs.toml"))
    p.add_argument("--dimse", metavar="AET@HOST:PORT",
                   help=translate("cli", "a DIMSE PACS, instead of a named connection"))
    p.add_argument("--url", metavar="URL", help=translate("cli", "a DICOMweb root, e.g. http://host:8042/dicom-web"))
    p.add_argument("--config", metavar="FILE",
                   help=translate("cli", "connections file (default: pacs.toml in the config folder)"))
    p.add_argument("--aet", default=None, metavar="AET",
                   help=translate("cli", "our AE title with --dimse (default PHASSIST)"))
    p.add_argument("--move-port", type=int, default=0, metavar="PORT",
                   help=translate("cli", "with --dimse: retrieve by C-MOVE to our storage SCP on PORT instead of "
                                         "C-GET"))
    p.add_argument("--timeout", type=float, default=None, metavar="S",
                   help=translate("cli", "seconds allowed for each network step (default 10)"))
    p.add_argument("--json", action="store_true", help=translate("cli", "print JSON"))


def _query_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE", help=translate("cli", "study date from (YYYY-MM-DD)"))
    p.add_argument("--to", dest="date_to", metavar="DATE",
                   help=translate("cli", "study date to, inclusive (YYYY-MM-DD)"))
    p.add_argument("--modality", action="append", choices=["CR", "DX", "ECG", "SR", "OT"], metavar="MOD",
                   help=translate("cli", "CR, DX or ECG (repeatable; default all three); SR and OT read back "
                                         "PH-Assist's stored results (assessment SR, Grad-CAM overlay)"))
    p.add_argument("--accession", metavar="NUMBER",
                   help=translate("cli", "accession number (exact; '-' reads it from stdin)"))
    p.add_argument("--patient-id", metavar="ID",
                   help=translate("cli", "patient ID (exact; '-' reads it from stdin, keeping it out of the process "
                                         "list and shell history)"))


def connection_from_args(args: argparse.Namespace):
    """The :class:`~ph_assist.pacs.Connection` the command line names (exactly one way)."""
    from ph_assist.pacs.config import (DEFAULT_CALLING_AET, DEFAULT_TIMEOUT, dicomweb_connection, get_connection,
                                       parse_dimse_target)

    given = [x for x in (args.connection, args.dimse, args.url) if x]
    if len(given) != 1:
        if given:
            raise InputError(None, translate("errors", "name one PACS: a configured connection, --dimse "
                                                       "AET@HOST:PORT or --url URL (not several)"))
        raise InputError(None, translate("errors", "name one PACS: a configured connection, --dimse AET@HOST:PORT "
                                                   "or --url URL"))
    if args.timeout is not None and not 0.1 <= args.timeout <= 600:
        raise InputError("--timeout", translate("errors", "must be from 0.1 to 600 seconds"))
    timeout = args.timeout or DEFAULT_TIMEOUT
    if args.url:
        return dicomweb_connection(args.url, timeout=timeout)
    if args.dimse:
        if args.move_port and not 0 < args.move_port < 65536:
            raise InputError("--move-port", translate("errors", "must be a port from 1 to 65535"))
        return parse_dimse_target(args.dimse, calling_aet=args.aet or DEFAULT_CALLING_AET, timeout=timeout,
                                  retrieve="move" if args.move_port else "get", move_port=args.move_port)
    if args.aet or args.move_port:
        raise InputError(None, translate("errors", "--aet and --move-port go with --dimse; a named connection sets "
                                                   "them in pacs.toml"))
    conn = get_connection(args.connection, args.config)
    if args.timeout is not None:
        import dataclasses

        conn = dataclasses.replace(conn, timeout=timeout)
    return conn


def _identifier(value: str | None, what: str) -> str | None:
    if value != "-":
        return value
    line = sys.stdin.readline().strip()
    if not line:
        raise InputError(what, translate("errors", "nothing on standard input"))
    return line


def query_from_args(args: argparse.Namespace, study_uid: str | None = None):
    """A validated :class:`~ph_assist.pacs.Query` from the query options."""
    from ph_assist.pacs import Query

    return Query(date_from=args.date_from, date_to=args.date_to, modalities=tuple(args.modality or ()),
                 accession=_identifier(args.accession, "--accession"),
                 patient_id=_identifier(args.patient_id, "--patient-id"), study_uid=study_uid)


def cmd_echo(args: argparse.Namespace) -> int:
    from ph_assist import pacs

    conn = connection_from_args(args)
    seconds = pacs.echo(conn)
    if args.json:
        print(json.dumps({"connection": conn.describe(), "ok": True, "seconds": round(seconds, 4)}))
    else:
        print(translate("cli", "{pacs}: answers ({ms} ms)").format(pacs=conn.describe(), ms=f"{seconds * 1000:.0f}"))
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from ph_assist import pacs

    conn = connection_from_args(args)
    query = query_from_args(args)
    if args.limit < 1:
        raise InputError("--limit", translate("errors", "must be at least 1"))
    studies = pacs.find(conn, query, limit=args.limit)
    rows = pacs.find_series(conn, [s.study_uid for s in studies], query.modalities) \
        if args.level == "series" and studies else studies
    if args.json:
        items = [r.as_dict() for r in rows]
        if not args.show_text:
            for item in items:
                item.pop("description", None)
        print(json.dumps({"connection": conn.describe(), "level": args.level, "results": items}, indent=2))
        return 0
    if not rows:
        print(translate("cli", "{pacs}: nothing found").format(pacs=conn.describe()))
    for r in rows:
        print(_row_text(r, args.show_text))
    return 0


def _row_text(r, show_text: bool) -> str:
    date = r.date.isoformat() if r.date else "----------"
    text = f"  {r.description}" if show_text and r.description else ""
    if hasattr(r, "series_uid"):
        n = translate("errors", "{n} inst").format(n=r.n_instances) if r.n_instances is not None else ""
        return translate("errors", "{date}  {modality:<4} {count:>8}  study {study_uid}  series {series_uid}{text}"
                         ).format(date=date, modality=r.modality, count=n, study_uid=r.study_uid,
                                  series_uid=r.series_uid, text=text)
    mods = "/".join(r.modalities) or "?"
    n = translate("errors", "{n} series").format(n=r.n_series) if r.n_series is not None else ""
    return f"{date}  {mods:<8} {n:>10}  {r.study_uid}{text}"


def cmd_get(args: argparse.Namespace) -> int:
    from ph_assist import pacs
    from ph_assist.pacs.query import check_uid

    conn = connection_from_args(args)
    query = query_from_args(args)
    uids = [check_uid(u, "--study") for u in args.study]
    start = time.perf_counter()
    if not uids:
        if not (query.patient_id or query.accession or query.date_from or query.date_to):
            raise InputError(None, translate("errors", "say which studies: --study UID, or query keys (--patient-id, "
                                                       "--accession, --from/--to)"))
        found = pacs.find(conn, query)
        if not found:
            from ph_assist.errors import PACSNotFoundError

            raise PACSNotFoundError(conn.describe(), translate("errors", "no study matches the query keys"))
        if len(found) > args.max_studies:
            raise InputError("--max-studies", translate(
                "errors", "the query finds {n} studies, more than {max_studies}; narrow it (--from/--to, --modality) "
                          "or raise --max-studies").format(n=len(found), max_studies=args.max_studies))
        uids = [s.study_uid for s in found]
    files = pacs.get(conn, uids, args.out, modalities=query.modalities)
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"connection": conn.describe(), "folder": args.out, "seconds": round(seconds, 3),
                          "files": [f.as_dict() for f in files]}, indent=2))
        return 0
    for f in files:
        print(translate("cli", "wrote {kind} {path}").format(kind=f.kind, path=f.path))
    kinds = {f.kind for f in files}
    hint = (translate("cli", "; open the folder in the app, or: {command}").format(
        command="ph-assist assess" + "".join(f" --{k} {next(f.path for f in files if f.kind == k)}"
                                             for k in ("ecg", "cxr") if k in kinds))) \
        if kinds & {"ecg", "cxr"} else ""
    if len(uids) == 1:
        line = translate("cli", "{n} file(s) from 1 study in {seconds} s")
    else:
        line = translate("cli", "{n} file(s) from {n_studies} studies in {seconds} s")
    print(line.format(n=len(files), n_studies=len(uids), seconds=f"{seconds:.1f}") + hint)
    return 0


def cmd_store(args: argparse.Namespace) -> int:
    import pydicom

    from ph_assist import pacs

    items = list(args.items)
    args.connection = None
    if not (args.dimse or args.url):  # the first item names the PACS: a connection, a URL or AET@HOST:PORT
        first = items.pop(0)
        if first.startswith(("http://", "https://")):
            args.url = first
        elif "@" in first:
            args.dimse = first
        else:
            args.connection = first
    if not items:
        raise InputError(None, translate("errors", "name the DICOM files to store (after the connection)"))
    conn = connection_from_args(args)
    datasets = []
    for path in items:
        try:
            datasets.append(pydicom.dcmread(path))
        except (OSError, pydicom.errors.InvalidDicomError) as exc:
            raise InputError(path, translate("errors", "not a DICOM file PH-Assist can send ({reason})").format(
                reason=getattr(exc, 'strerror', None) or exc)) from None
        if "SOPInstanceUID" not in datasets[-1] or "TransferSyntaxUID" not in getattr(datasets[-1], "file_meta", {}):
            raise InputError(path, translate("errors", "has no SOP Instance UID or file meta information; not a "
                                                       "storable instance"))
    uids = pacs.store(conn, datasets)
    if args.json:
        print(json.dumps({"connection": conn.describe(), "stored": uids}, indent=2))
    else:
        for uid in uids:
            print(translate("cli", "stored {uid}").format(uid=uid))
        print(translate("cli", "{pacs}: {n} instance(s) stored").format(pacs=conn.describe(), n=len(uids)))
    return 0
