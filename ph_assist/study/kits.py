"""Reader kits: one reader's part of a study, read on another workstation and merged back.

A kit (:func:`make_kit`, ``ph-assist study kit STUDY --reader R1 --out KIT``)
is a folder that opens like a study (``ph-assist study read KIT --reader R1``,
:func:`~ph_assist.study.protocol.open_session`):

``study.json``
    The study's protocol for this reader only: no labels, no seed, no
    manifest reference, the cases sorted by case ID, only this reader's
    schedule.
``case_files.json``, ``cases/NNNN/``
    Copies of the files of this reader's cases (WFDB records with their
    signal files), nothing else.
``study.sqlite``, ``log_heads/R1.json``
    An empty log of this reader's plan, chained (:mod:`ph_assist.study.ledger`).
``reader.secret``
    This reader's chain key, derived from the study's secret.
``kit.json``
    The manifest: study ID, reader, SHA-256 of every file above, signed
    twice - with the reader's key (checked by ``study verify KIT`` anywhere)
    and with the study's (checked by ``study merge`` at the coordinator; the
    kit cannot forge it).

:func:`merge_kit` (``ph-assist study merge STUDY KIT``) verifies the kit and
imports the reader's rows and chain records into the study log in one
transaction; :func:`verify_folder` (``ph-assist study verify``) checks a study
or a kit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ph_assist.i18n import translate
from ph_assist.study import ledger
from ph_assist.study.ledger import Finding, Keyring, LogVerification
from ph_assist.study.protocol import (
    FILES_FILE,
    LOG_FILE,
    STUDY_FILE,
    _write_json_atomic,
    load_study,
    open_study_log,
)
from ph_assist.study.store import StudyError, StudyStore, plan_sha256

__all__ = ["KIT_FILE", "FolderVerification", "make_kit", "merge_kit", "verify_folder", "MergeResult"]

KIT_FILE = "kit.json"
KIT_FORMAT = "ph-assist-reader-kit"
_DROPPED = ("labels", "seed", "manifest", "randomisation", "numpy_version")  # never in a kit
_WFDB = (".hea", ".dat", ".mat")
_BROWSER_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _companions(path: Path) -> list[Path]:
    """The file and, for a WFDB record, its header and signal files."""
    if path.suffix.lower() in _WFDB:
        return sorted(p for p in path.parent.glob(path.stem + ".*") if p.suffix.lower() in _WFDB and p.is_file())
    return [path]


def _kit_files(folder: Path) -> dict[str, str]:
    names = [STUDY_FILE, FILES_FILE]
    cases = folder / "cases"
    if cases.is_dir():
        # Files that file browsers drop into folders they show are not the kit's (and never opened).
        names += sorted(p.relative_to(folder).as_posix() for p in cases.rglob("*")
                        if p.is_file() and p.name not in _BROWSER_LITTER)
    return {n: _sha256(folder / n) for n in names if (folder / n).is_file()}


def _manifest_body(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("mac_reader", "mac_study")}


def make_kit(study_folder: str | os.PathLike, reader: str, out: str | os.PathLike) -> Path:
    """Write reader ``reader``'s kit of a study into ``out`` (new or empty); returns the kit folder.

    Raises:
        StudyError: unknown reader, a study without a chain or its secret, or
            an ``out`` that exists and is not empty.
    """
    study = load_study(study_folder, with_labels=False)
    if reader not in study.readers:
        raise StudyError(translate("study", "reader {reader!r} is not in study {name!r} (readers: {readers})").format(
            reader=reader, name=study.name, readers=", ".join(study.readers)))
    keys = Keyring.from_folder(study.folder)
    if keys is None or keys.study_secret is None:
        raise StudyError(translate(
            "study",
            "{folder}: no {file}; a kit can only be made from the coordinator's study folder of a study with a signed"
            " log"
        ).format(folder=study.folder, file=ledger.SECRET_FILE))
    with open_study_log(study) as store:
        if not store.meta.get("chain"):
            raise StudyError(translate(
                "study",
                "{log}: the log has no chain (created before reader kits existed)"
            ).format(log=study.log_path))
        plan = store.plan(reader)
    target = Path(out)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StudyError(translate(
            "study",
            "{folder}: exists and is not empty; a kit goes into a new or empty folder"
        ).format(folder=target))
    doc = json.loads((study.folder / STUDY_FILE).read_text(encoding="utf-8"))
    mine = {cid for s in study.schedule[reader] for cid, _ in s.cases}
    target.mkdir(parents=True, exist_ok=True)
    try:
        files: dict[str, dict[str, str | None]] = {}
        for k, case in enumerate(sorted((c for c in study.cases if c.case_id in mine), key=lambda c: c.case_id)):
            sub = target / "cases" / f"{k + 1:04d}"
            entry: dict[str, str | None] = {}
            for col in ("ecg_path", "cxr_path"):
                src = study.resolve(getattr(case, col))
                if src is None:
                    entry[col] = None
                    continue
                if not src.is_file():
                    raise StudyError(translate("study", "{file}: the {kind} of case {case!r} is missing").format(
                        file=src, kind=col.split("_")[0].upper(), case=case.case_id))
                sub.mkdir(parents=True, exist_ok=True)
                for f in _companions(src):
                    shutil.copy2(f, sub / f.name)
                entry[col] = (sub / src.name).relative_to(target).as_posix()
            files[case.case_id] = entry
        kit_doc = {k: v for k, v in doc.items() if k not in _DROPPED}
        kit_doc.update({
            "readers": [reader],
            "cases": sorted((c for c in doc["cases"] if c["case_id"] in mine), key=lambda c: c["case_id"]),
            "schedule": {reader: doc["schedule"][reader]},
            "plan_sha256": plan_sha256(plan),
            "kit": {"reader": reader, "study_plan_sha256": study.plan_sha256},
        })
        _write_json_atomic(target / FILES_FILE, {"format": "ph-assist-reader-study-files",
                                                  "study_id": study.study_id, "cases": files})
        _write_json_atomic(target / STUDY_FILE, kit_doc)
        secret = keys.secret(reader)
        ledger.write_reader_secret(target, study.study_id, reader, secret)
        ledger.write_head(target / ledger.HEADS_DIR, study.study_id, reader, 0, None, secret)
        StudyStore.create(target / LOG_FILE, study_id=study.study_id, design=study.design,
                          washout_days=study.washout_days, plan=plan, created_utc=study.created_utc).close()
        body = {"format": KIT_FORMAT, "version": 1, "study_id": study.study_id, "study_name": study.name,
                "reader": reader, "created_utc": ledger_now(), "files": _kit_files(target)}
        _write_json_atomic(target / KIT_FILE, {**body, "mac_reader": ledger.sign(secret, body),
                                               "mac_study": ledger.sign(keys.study_secret, body)})
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def ledger_now() -> str:
    from ph_assist.study.store import format_utc, utc_now

    return format_utc(utc_now())


# --------------------------------------------------------------------------
# verification
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FolderVerification:
    """The result of :func:`verify_folder`: the log's verification plus the kit manifest's findings."""

    folder: Path
    kind: str  # "study" | "kit"
    log: LogVerification
    findings: tuple[Finding, ...]

    @property
    def chained(self) -> bool:
        return self.log.chained

    @property
    def ok(self) -> bool:
        return self.chained and not self.findings

    @property
    def first(self) -> Finding | None:
        return self.findings[0] if self.findings else None


def _read_kit(folder: Path) -> dict[str, Any] | None:
    path = folder / KIT_FILE
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def _kit_findings(folder: Path, doc: Mapping[str, Any], reader: str, secret: bytes,
                  study_secret: bytes | None = None) -> list[Finding]:
    body = _manifest_body(doc)
    if doc.get("mac_reader") != ledger.sign(secret, body) or (
            study_secret is not None and doc.get("mac_study") != ledger.sign(study_secret, body)):
        return [Finding(reader, None, None, translate("study", "the kit manifest ({name}) was altered").format(
            name=KIT_FILE))]
    files = body.get("files")
    listed: dict[str, Any] = files if isinstance(files, dict) else {}
    actual = _kit_files(folder)
    out = []
    for name in sorted(set(listed) | set(actual)):
        if name not in actual:
            out.append(Finding(reader, None, None, translate("study", "kit file {name} is missing").format(name=name)))
        elif name not in listed:
            out.append(Finding(reader, None, None, translate("study", "kit file {name} was added").format(name=name)))
        elif listed[name] != actual[name]:
            out.append(Finding(reader, None, None, translate(
                "study", "kit file {name} was replaced or changed (SHA-256 differs)").format(name=name)))
    return out


def verify_folder(folder: str | os.PathLike) -> FolderVerification:
    """Verify a study folder or a reader kit: the log's chain and heads, and a kit's signed manifest.

    Raises:
        StudyError: not a study or kit, or no key to check it with.
    """
    study = load_study(folder, with_labels=False)
    f = study.folder
    kit = _read_kit(f)
    with open_study_log(study) as store:
        if not store.meta.get("chain"):
            return FolderVerification(f, "kit" if kit is not None else "study",
                                      LogVerification(study.log_path, False, (), {}), ())
        keys = Keyring.from_folder(f)
        if keys is None:
            raise StudyError(translate(
                "study",
                "{folder}: no {file} or {reader_file}; the log's signatures cannot be checked here"
            ).format(folder=f, file=ledger.SECRET_FILE, reader_file=ledger.READER_SECRET_FILE))
        log = ledger.verify_log(store._conn, study.log_path, study.study_id, study.readers, keys,
                                heads_dir=f / ledger.HEADS_DIR)
    findings = list(log.findings)
    if kit is not None:
        reader = str(kit.get("reader"))
        if reader not in study.readers or not keys.has(reader) or kit.get("study_id") != study.study_id:
            findings.insert(0, Finding(reader, None, None, translate(
                "study", "the kit manifest does not belong to this folder's study and reader")))
        else:
            findings[:0] = _kit_findings(f, kit, reader, keys.secret(reader), keys.study_secret)
    return FolderVerification(f, "kit" if kit is not None else "study", log, tuple(findings))


# --------------------------------------------------------------------------
# merging
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class MergeResult:
    """What :func:`merge_kit` did: the reader, records imported and already present."""

    reader: str
    imported: int
    already: int
    reads_locked: int


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def merge_kit(study_folder: str | os.PathLike, kit_folder: str | os.PathLike) -> MergeResult:
    """Bring a reader kit's answers back into the study log (atomic, idempotent).

    The kit's manifest and log are verified first (both signatures; the
    chain; the signed head), the kit must be of this study and its plan the
    study's plan for the kit's reader, and the study's own chain for that
    reader must be a prefix of the kit's (a study that already holds other
    answers of the reader is refused).  The missing records and their rows
    are then replayed in chain order in one transaction - the study log's
    triggers check the protocol again - and the reader's chain is verified
    inside the transaction before it commits.  Merging the same kit again
    imports nothing.

    Raises:
        StudyError: a kit that fails verification (the first broken record
            named), belongs elsewhere, or conflicts with the study's answers.
    """
    study = load_study(study_folder, with_labels=False)
    keys = Keyring.from_folder(study.folder)
    if keys is None or keys.study_secret is None:
        raise StudyError(translate("study", "{folder}: no {file}; merge into the coordinator's study folder").format(
            folder=study.folder, file=ledger.SECRET_FILE))
    kit_path = Path(kit_folder)
    kit = _read_kit(kit_path)
    if kit is None:
        raise StudyError(translate("study", "{kit}: not a reader kit (no {file})").format(kit=kit_path, file=KIT_FILE))
    reader = str(kit.get("reader"))
    if kit.get("study_id") != study.study_id:
        raise StudyError(translate("study", "{kit}: a kit of another study (study ID {theirs}, not {ours})").format(
            kit=kit_path, theirs=str(kit.get("study_id"))[:12], ours=study.study_id[:12]))
    if reader not in study.readers:
        raise StudyError(translate("study", "{kit}: reader {reader!r} is not in study {name!r}").format(
            kit=kit_path, reader=reader, name=study.name))
    bad = _kit_findings(kit_path.resolve(), kit, reader, keys.secret(reader), keys.study_secret)
    if bad:
        raise StudyError(translate("study", "{kit}: kit not merged, tampering found: {finding}").format(
            kit=kit_path, finding=bad[0].line()))
    check = verify_folder(kit_path)
    if not check.chained:
        raise StudyError(translate("study", "{kit}: the kit's log has no chain").format(kit=kit_path))
    if check.first is not None:
        raise StudyError(translate("study", "{kit}: kit not merged, tampering found: {finding}").format(
            kit=kit_path, finding=check.first.line()))
    kit_study = load_study(kit_path, with_labels=False)
    with open_study_log(kit_study) as kstore, open_study_log(study) as store:
        if kstore.plan(reader) != store.plan(reader) or kstore.design != store.design \
                or kstore.washout_days != store.washout_days:
            raise StudyError(translate(
                "study",
                "{kit}: the kit's reading plan of reader {reader!r} differs from the study's"
            ).format(kit=kit_path, reader=reader))
        if not store.meta.get("chain") or store._ledger is None:
            raise StudyError(translate(
                "study",
                "{log}: the study log has no chain; kits cannot be merged into it"
            ).format(log=study.log_path))
        own = ledger.verify_log(store._conn, study.log_path, study.study_id, study.readers, keys)
        if own.first is not None:
            raise StudyError(translate(
                "study",
                "{log}: the study log fails verification, nothing merged: {finding}"
            ).format(log=study.log_path, finding=own.first.line()))
        theirs = ledger.chain_records(kstore._conn, reader)
        mine = ledger.chain_records(store._conn, reader)
        if [r["mac"] for r in mine] != [r["mac"] for r in theirs[:len(mine)]]:
            k = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a["mac"] != b["mac"]), len(theirs))
            raise StudyError(translate(
                "study",
                "{log}: reader {reader!r} already has other answers in the study (they differ from the kit's at "
                "record {k}); nothing merged"
            ).format(log=study.log_path, reader=reader, k=k))
        todo = theirs[len(mine):]
        if todo:
            _replay(store, study.study_id, study.readers, reader, keys, todo)
        n_locked = len(store.reads(reader, locked_only=True))
    return MergeResult(reader, len(todo), len(mine), n_locked)


def _replay(store: StudyStore, study_id: str, readers: Sequence[str], reader: str, keys: Keyring,
            todo: list[dict[str, Any]]) -> None:
    conn = store._conn  # the merge writes its own (the kit's) chain records, not the ledger's
    cols = {t: _columns(conn, t) for t in ("events", "reads")}
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as err:
        raise StudyError(translate(
            "study",
            "{log}: the study log is busy or read-only ({err})"
        ).format(log=store.path, err=err)) from None
    try:
        for r in todo:
            row = json.loads(r["row"])
            tbl = r["tbl"]
            unknown = set(row) - cols[tbl]
            if unknown or row.get("reader") != reader:
                raise StudyError(translate(
                    "study",
                    "kit record {seq}: columns {cols} unknown to this study log"
                ).format(seq=r["seq"], cols=sorted(unknown)))
            names = sorted(row)
            ref = r["ref"]
            if tbl == "events":
                cur = conn.execute(f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                                   [row[n] for n in names])
                ref = str(cur.lastrowid)
            else:
                key = (reader, row["case_id"], row["condition"])
                exists = conn.execute("SELECT 1 FROM reads WHERE reader = ? AND case_id = ? AND condition = ?",
                                      key).fetchone()
                if exists:
                    sets = [n for n in names if n not in ("reader", "case_id", "condition")]
                    conn.execute(f"UPDATE reads SET {', '.join(n + ' = ?' for n in sets)} "
                                 "WHERE reader = ? AND case_id = ? AND condition = ?",
                                 [row[n] for n in sets] + list(key))
                else:
                    conn.execute(f"INSERT INTO reads ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                                 [row[n] for n in names])
            conn.execute("INSERT INTO chain (reader, seq, tbl, ref, row, mac) VALUES (?, ?, ?, ?, ?, ?)",
                         (reader, r["seq"], tbl, ref, r["row"], r["mac"]))
        assert store._ledger is not None
        store._ledger.discard_pending()
        after = ledger.verify_log(conn, store.path, study_id, readers, keys)
        if after.first is not None:
            raise StudyError(translate(
                "study",
                "{log}: the merged log would not verify ({finding}); nothing merged"
            ).format(log=store.path, finding=after.first.line()))
        conn.execute("COMMIT")
    except sqlite3.IntegrityError as err:
        conn.execute("ROLLBACK")
        raise StudyError(translate(
            "study",
            "{log}: the kit's answers are refused by the study log ({err}); nothing merged"
        ).format(log=store.path, err=err)) from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    n, mac = ledger.head_of(conn, reader)
    ledger.write_head(store.path.parent / ledger.HEADS_DIR, study_id, reader, n, mac, keys.secret(reader))
