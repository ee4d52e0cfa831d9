"""The study log's hash chain: every committed row signed and chained to the one before.

Why
---
``study.sqlite`` is an ordinary SQLite file.  Its triggers stop PH-Assist (and
careless scripts) from breaking the protocol, but anyone can drop a trigger in
the ``sqlite3`` shell and edit an answer; afterwards the file looks as sound as
before.  The chain makes such edits detectable: :func:`verify_log` (``ph-assist
study verify``) names the first record that no longer matches.

The chain
---------
Table ``chain`` holds, per reader, records ``seq = 0, 1, 2, ...``: one per row
committed to ``events`` (each inserted event) or ``reads`` (each insert or
update of an answer, with the row's state after the transaction).  A record
keeps ``tbl``, ``ref`` (the event's ``id``, or ``case_id<TAB>condition`` of a
read), ``row`` - the row as canonical JSON (every column by name, keys
sorted, no whitespace; an event's local ``id`` left out so that a merged copy
keeps its MACs) - and

    mac = HMAC-SHA256(reader_secret, prev_mac "\\n" seq "\\n" tbl "\\n" row)

where ``prev_mac`` is the previous record's ``mac`` (for ``seq = 0`` the
SHA-256 of ``"ph-assist chain|<study_id>|<reader>"``).  Columns added to the
tables later are covered without a change here.  The records are written by
:meth:`Ledger.seal` in the same SQLite transaction as the rows (temporary
triggers of the writing connection note every changed row), so a row and its
record are committed together or not at all.

Secrets
-------
The coordinator's study folder holds ``study.secret`` (32 random bytes, hex,
written by :func:`write_study_secret` when the study is created).  A reader's
chain is keyed with ``reader_secret = HMAC-SHA256(study_secret, "ph-assist
reader chain|" + reader)`` (:func:`reader_secret`); a reader kit holds only its
reader's secret (``reader.secret``), never the study secret.

Heads
-----
A chain alone cannot show that its *last* records were cut off (with their
rows).  After each commit the writer stores the reader's head - record count
and last MAC, signed with the reader's secret - in ``log_heads/<reader>.json``
beside the log (:func:`write_head`); the study (and each kit) starts with a
signed head of 0 records per reader.  A chain shorter than its head, a head
that does not match the chain, or a missing head file is reported.  A head
lags the log by at most one transaction after a crash, which is accepted (the
chain itself proves the records after it).

Threat model
------------
The secret must be on the workstation for PH-Assist to sign answers there, so
the chain detects changes made *outside the app*: the ``sqlite3`` shell, a hex
editor, a script that does not know the secret, a copied file.  It does not
stop a reader who extracts ``reader.secret`` from the kit and re-signs a forged
log of that reader (nor one who restores an older copy of the whole kit folder,
log and head together); such a reader can forge only their own reads, never
another reader's, and never the labels, which no kit holds.

References
----------
.. [1] H. Krawczyk, M. Bellare, R. Canetti, "HMAC: Keyed-Hashing for Message
   Authentication", RFC 2104, 1997.
.. [2] B. Schneier, J. Kelsey, "Secure audit logs to support computer
   forensics", ACM Trans. Inf. Syst. Secur. 2(2):159-176, 1999.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ph_assist.i18n import translate
from ph_assist.study.store import StudyError, write_bytes_atomic

__all__ = [
    "CHAIN_FORMAT", "SECRET_FILE", "READER_SECRET_FILE", "HEADS_DIR", "Keyring", "Ledger", "Finding",
    "LogVerification", "canonical_row", "reader_secret", "write_study_secret", "write_reader_secret",
    "write_head", "verify_log", "chain_records", "init_study_keys",
]

CHAIN_FORMAT = "hmac-sha256/1"
SECRET_FILE = "study.secret"
READER_SECRET_FILE = "reader.secret"
HEADS_DIR = "log_heads"

SCHEMA = """
CREATE TABLE chain (
    reader TEXT NOT NULL,
    seq    INTEGER NOT NULL CHECK (typeof(seq) = 'integer' AND seq >= 0),
    tbl    TEXT NOT NULL CHECK (tbl IN ('events', 'reads')),
    ref    TEXT NOT NULL,
    row    TEXT NOT NULL,
    mac    TEXT NOT NULL,
    PRIMARY KEY (reader, seq)
) WITHOUT ROWID;
"""

TRIGGERS = """
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
BEGIN SELECT RAISE(ABORT, 'the chain of the study log is append-only'); END;
CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
BEGIN SELECT RAISE(ABORT, 'the chain of the study log is append-only'); END;
"""

# Per connection (TEMP): note every row the transaction changes.
_TEMP = """
CREATE TEMP TABLE IF NOT EXISTS ledger_pending (n INTEGER PRIMARY KEY, tbl TEXT, reader TEXT, ref TEXT);
CREATE TEMP TRIGGER IF NOT EXISTS ledger_events_insert AFTER INSERT ON main.events
BEGIN INSERT INTO ledger_pending (tbl, reader, ref) VALUES ('events', NEW.reader, CAST(NEW.id AS TEXT)); END;
CREATE TEMP TRIGGER IF NOT EXISTS ledger_reads_insert AFTER INSERT ON main.reads
BEGIN INSERT INTO ledger_pending (tbl, reader, ref)
      VALUES ('reads', NEW.reader, NEW.case_id || char(9) || NEW.condition);
END;
CREATE TEMP TRIGGER IF NOT EXISTS ledger_reads_update AFTER UPDATE ON main.reads
BEGIN INSERT INTO ledger_pending (tbl, reader, ref)
      VALUES ('reads', NEW.reader, NEW.case_id || char(9) || NEW.condition);
END;
"""

_SECRET_FORMAT = "ph-assist-study-secret"
_READER_SECRET_FORMAT = "ph-assist-reader-secret"
_HEAD_FORMAT = "ph-assist-log-head"


# --------------------------------------------------------------------------
# canonical rows and MACs
# --------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"blob": bytes(value).hex()}
    raise TypeError(f"cannot chain a value of type {type(value).__name__}")


def canonical_row(tbl: str, row: Mapping[str, Any]) -> str:
    """A row as canonical JSON: every column by name, sorted; an event's local ``id`` left out."""
    body = {k: v for k, v in row.items() if not (tbl == "events" and k == "id")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def reader_secret(study_secret: bytes, reader: str) -> bytes:
    """The key of one reader's chain, derived from the study's secret."""
    return hmac.new(study_secret, b"ph-assist reader chain|" + reader.encode("utf-8"), hashlib.sha256).digest()


def genesis(study_id: str, reader: str) -> str:
    """The ``prev_mac`` of a reader's first record."""
    return hashlib.sha256(f"ph-assist chain|{study_id}|{reader}".encode()).hexdigest()


def record_mac(secret: bytes, prev_mac: str, seq: int, tbl: str, row: str) -> str:
    msg = f"{prev_mac}\n{seq}\n{tbl}\n{row}".encode()
    return hmac.new(secret, msg, hashlib.sha256).hexdigest()


def sign(secret: bytes, obj: Any) -> str:
    """HMAC-SHA256 of an object's canonical JSON (heads, kit manifests)."""
    return hmac.new(secret, _dumps(obj), hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------
# secrets
# --------------------------------------------------------------------------


def _write_private(path: Path, obj: Any) -> None:
    write_bytes_atomic(path, (json.dumps(obj, indent=2) + "\n").encode("utf-8"), mode=0o600, sync_dir=False)


def write_study_secret(folder: str | os.PathLike, study_id: str) -> bytes:
    """Create ``study.secret`` (refused if one exists); returns the secret."""
    path = Path(folder) / SECRET_FILE
    if path.exists():
        raise StudyError(translate("study", "{path}: already exists; a study's secret is never replaced").format(
            path=path))
    secret = secrets.token_bytes(32)
    _write_private(path, {"format": _SECRET_FORMAT, "study_id": study_id, "secret": secret.hex(),
                          "note": "signs the study log; keep it with the study, never in a reader's kit"})
    return secret


def write_reader_secret(folder: str | os.PathLike, study_id: str, reader: str, secret: bytes) -> None:
    """Write a kit's ``reader.secret`` (one reader's derived key)."""
    _write_private(Path(folder) / READER_SECRET_FILE,
                   {"format": _READER_SECRET_FORMAT, "study_id": study_id, "reader": reader, "secret": secret.hex()})


def _read_secret_file(path: Path, fmt: str) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != fmt:
            raise ValueError("wrong format")
        bytes.fromhex(str(doc["secret"]))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as err:
        raise StudyError(translate("study", "{path}: unreadable secret file ({problem})").format(
            path=path, problem=type(err).__name__)) from None
    return doc


@dataclasses.dataclass(frozen=True)
class Keyring:
    """The chain keys a folder holds: the study secret (any reader) or one reader's secret."""

    study_id: str
    study_secret: bytes | None = dataclasses.field(default=None, repr=False)
    readers: Mapping[str, bytes] = dataclasses.field(default_factory=dict, repr=False)

    @classmethod
    def from_folder(cls, folder: str | os.PathLike) -> Keyring | None:
        """The keys in ``folder`` (``study.secret`` or ``reader.secret``); None when there are none."""
        f = Path(folder)
        if (f / SECRET_FILE).is_file():
            doc = _read_secret_file(f / SECRET_FILE, _SECRET_FORMAT)
            return cls(str(doc.get("study_id")), bytes.fromhex(doc["secret"]))
        if (f / READER_SECRET_FILE).is_file():
            doc = _read_secret_file(f / READER_SECRET_FILE, _READER_SECRET_FORMAT)
            return cls(str(doc.get("study_id")), None, {str(doc.get("reader")): bytes.fromhex(doc["secret"])})
        return None

    def has(self, reader: str) -> bool:
        return self.study_secret is not None or reader in self.readers

    def secret(self, reader: str) -> bytes:
        if self.study_secret is not None:
            return reader_secret(self.study_secret, reader)
        if reader in self.readers:
            return self.readers[reader]
        raise StudyError(translate("study", "this folder holds no key for reader {reader!r}: answers of another "
                                            "reader cannot be signed or checked here").format(reader=reader))


# --------------------------------------------------------------------------
# writing the chain
# --------------------------------------------------------------------------


def _fetch_row(conn: sqlite3.Connection, tbl: str, reader: str, ref: str) -> dict[str, Any] | None:
    if tbl == "events":
        cur = conn.execute("SELECT * FROM events WHERE id = ?", (int(ref),))
    else:
        case_id, condition = ref.split("\t", 1)
        cur = conn.execute("SELECT * FROM reads WHERE reader = ? AND case_id = ? AND condition = ?",
                           (reader, case_id, condition))
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row))


def head_of(conn: sqlite3.Connection, reader: str) -> tuple[int, str | None]:
    """(number of records, last MAC) of a reader's chain."""
    row = conn.execute("SELECT seq, mac FROM chain WHERE reader = ? ORDER BY seq DESC LIMIT 1", (reader,)).fetchone()
    return (0, None) if row is None else (int(row[0]) + 1, str(row[1]))


class Ledger:
    """Writes the chain of one open log (used by :class:`~ph_assist.study.store.StudyStore`).

    Args:
        conn: the store's connection (the temporary triggers are created on it).
        study_id: the log's study ID.
        keys: the folder's keys (None: the log cannot be written to).
        heads_dir: where :func:`write_head` keeps the signed heads.
    """

    def __init__(self, conn: sqlite3.Connection, study_id: str, keys: Keyring | None, heads_dir: Path):
        self.conn = conn
        self.study_id = study_id
        self.keys = keys
        self.heads_dir = heads_dir
        for stmt in _split(_TEMP):
            conn.execute(stmt)

    def seal(self, conn: sqlite3.Connection) -> dict[str, tuple[int, str]]:
        """Append a chain record for every row changed in the open transaction; returns the new heads."""
        pending = conn.execute("SELECT tbl, reader, ref FROM temp.ledger_pending ORDER BY n").fetchall()
        if not pending:
            return {}
        heads: dict[str, tuple[int, str | None]] = {}
        seen: set[tuple[str, str, str]] = set()
        for tbl, reader, ref in pending:
            if (tbl, reader, ref) in seen:
                continue
            seen.add((tbl, reader, ref))
            if self.keys is None or not self.keys.has(reader):
                raise StudyError(translate("study", "the study log cannot be signed here: no {file} (or {reader_file} "
                                                    "of reader {reader!r}) beside it").format(
                    file=SECRET_FILE, reader_file=READER_SECRET_FILE, reader=reader))
            row = _fetch_row(conn, tbl, reader, ref)
            if row is None:  # pragma: no cover - rows are never deleted (triggers)
                continue
            if reader not in heads:
                heads[reader] = head_of(conn, reader)
            n, prev = heads[reader]
            text = canonical_row(tbl, row)
            mac = record_mac(self.keys.secret(reader), prev or genesis(self.study_id, reader), n, tbl, text)
            conn.execute("INSERT INTO chain (reader, seq, tbl, ref, row, mac) VALUES (?, ?, ?, ?, ?, ?)",
                         (reader, n, tbl, ref, text, mac))
            heads[reader] = (n + 1, mac)
        conn.execute("DELETE FROM temp.ledger_pending")
        return {r: (n, m) for r, (n, m) in heads.items() if m is not None}

    def discard_pending(self) -> None:
        """Forget rows noted outside :meth:`seal` (a merge writes its own records)."""
        self.conn.execute("DELETE FROM temp.ledger_pending")

    def publish(self, heads: Mapping[str, tuple[int, str]]) -> None:
        """After the commit: store the signed heads (best effort; a lagging head is accepted)."""
        for reader, (n, mac) in heads.items():
            assert self.keys is not None
            write_head(self.heads_dir, self.study_id, reader, n, mac, self.keys.secret(reader))


def write_head(heads_dir: Path, study_id: str, reader: str, n: int, mac: str | None, secret: bytes) -> None:
    """Store a reader's signed head (``n`` records, the last one's ``mac``)."""
    heads_dir.mkdir(exist_ok=True)
    body = {"format": _HEAD_FORMAT, "study_id": study_id, "reader": reader, "n": int(n), "mac": mac}
    _write_private(heads_dir / f"{reader}.json", {**body, "sig": sign(secret, body)})


def read_head(heads_dir: Path, reader: str) -> dict[str, Any] | None:
    """A reader's head as stored (None when the file is missing); not checked."""
    path = heads_dir / f"{reader}.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def create_chain(conn: sqlite3.Connection) -> None:
    """Create the chain table and its triggers (inside the log's creating transaction)."""
    for stmt in _split(SCHEMA + TRIGGERS):
        conn.execute(stmt)


def _split(script: str) -> list[str]:
    out, buf = [], ""
    for line in script.splitlines():
        buf += line + "\n"
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    return out


# --------------------------------------------------------------------------
# verification
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Finding:
    """One broken record: whose chain, where, which case, what."""

    reader: str
    seq: int | None
    case_id: str | None
    what: str

    def line(self) -> str:
        where = translate("study", "reader {reader}").format(reader=self.reader)
        if self.seq is not None:
            where += translate("study", ", record {seq}").format(seq=self.seq)
        if self.case_id:
            where += translate("study", ", case {case_id}").format(case_id=self.case_id)
        return where + ": " + self.what


@dataclasses.dataclass(frozen=True)
class LogVerification:
    """The result of :func:`verify_log`.

    ``chained`` is False for a log made before the chain existed (nothing can
    be checked); ``findings`` lists every broken record, first ones first;
    ``records`` counts the chain records per reader.
    """

    path: Path
    chained: bool
    findings: tuple[Finding, ...]
    records: Mapping[str, int]

    @property
    def ok(self) -> bool:
        return self.chained and not self.findings

    @property
    def first(self) -> Finding | None:
        return self.findings[0] if self.findings else None


def chain_records(conn: sqlite3.Connection, reader: str) -> list[dict[str, Any]]:
    cur = conn.execute("SELECT reader, seq, tbl, ref, row, mac FROM chain WHERE reader = ? ORDER BY seq", (reader,))
    return [dict(zip(("reader", "seq", "tbl", "ref", "row", "mac"), r)) for r in cur.fetchall()]


def _rows(conn: sqlite3.Connection, tbl: str, reader: str) -> list[dict[str, Any]]:
    order = "id" if tbl == "events" else "step, case_id, condition"
    cur = conn.execute(f"SELECT * FROM {tbl} WHERE reader = ? ORDER BY {order}", (reader,))  # noqa: S608
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _case_of(row_text: str) -> str | None:
    try:
        return json.loads(row_text).get("case_id")
    except (ValueError, AttributeError):
        return None


def _diff(expected: str, actual: Mapping[str, Any], tbl: str) -> str:
    try:
        exp = json.loads(expected)
    except ValueError:  # pragma: no cover - the MAC covered it
        exp = {}
    act = json.loads(canonical_row(tbl, actual))
    keys = sorted(set(exp) | set(act))
    parts = [f"{k} {exp.get(k)!r} -> {act.get(k)!r}" for k in keys if exp.get(k) != act.get(k)]
    return ", ".join(parts[:3]) + (" ..." if len(parts) > 3 else "")


def _verify_reader(conn: sqlite3.Connection, study_id: str, reader: str, secret: bytes
                   ) -> list[tuple[float, Finding]]:
    """Findings of one reader's chain and rows, each with a sort position (the chain's seq)."""
    out: list[tuple[float, Finding]] = []
    recs = chain_records(conn, reader)
    prev = genesis(study_id, reader)
    good: list[dict[str, Any]] = []
    for i, r in enumerate(recs):
        if r["seq"] != i:
            missing = i
            out.append((missing, Finding(reader, missing, None, translate(
                "study", "chain record missing (deleted; the chain jumps from record {a} to {b})").format(
                    a=i - 1, b=r["seq"]))))
            break
        if record_mac(secret, prev, i, r["tbl"], r["row"]) != r["mac"]:
            out.append((i, Finding(reader, i, _case_of(r["row"]), translate(
                "study", "chain record altered, inserted or reordered (its MAC does not match)"))))
            break
        good.append(r)
        prev = r["mac"]
    # Rows are judged against the sound prefix of the chain only.
    # events: the rows in id order must be the records' rows in chain order (matched by content, so
    # renumbered ids do not hide an insertion, deletion or swap)
    ev_recs = [r for r in good if r["tbl"] == "events"]
    events = _rows(conn, "events", reader)
    texts = [canonical_row("events", e) for e in events]
    exp = [r["row"] for r in ev_recs]
    by_text = {t: r["seq"] for t, r in zip(exp, ev_recs)}
    chained_ids = len(recs) == len(good)  # beyond a broken record, rows cannot be judged
    for k, r in enumerate(ev_recs):
        act = texts[k] if k < len(texts) else None
        if act == exp[k]:
            continue
        nxt_exp = exp[k + 1] if k + 1 < len(exp) else None
        nxt_act = texts[k + 1] if k + 1 < len(texts) else None
        if act is None or (nxt_exp is not None and act == nxt_exp and nxt_act != exp[k]):
            what = translate("study", "event row deleted ({event})").format(event=json.loads(exp[k]).get("event"))
        elif nxt_act is not None and nxt_act == exp[k] and act not in by_text:
            what = translate("study", "event row inserted before this record (event id {id}, not in the "
                                      "chain)").format(id=events[k]["id"])
        elif act in by_text:
            what = translate("study", "event rows swapped or reordered (this row holds record {other})").format(
                other=by_text[act])
        else:
            what = translate("study", "event row changed: {diff}").format(diff=_diff(exp[k], events[k], "events"))
        out.append((r["seq"], Finding(reader, r["seq"], _case_of(r["row"]), what)))
        break
    else:
        if chained_ids and len(events) > len(ev_recs):
            e = events[len(ev_recs)]
            seq = len(good)
            out.append((seq, Finding(reader, seq, e.get("case_id"), translate(
                "study", "event row inserted after the last record (event id {id}, not in the chain)").format(
                    id=e["id"]))))
    # reads: each row as its latest record says
    latest: dict[str, dict[str, Any]] = {}
    for r in good:
        if r["tbl"] == "reads":
            latest[r["ref"]] = r
    reads = {f"{x['case_id']}\t{x['condition']}": x for x in _rows(conn, "reads", reader)}
    for ref, r in latest.items() if chained_ids else ():  # a read's latest state may lie beyond a break
        x = reads.get(ref)
        if x is None:
            out.append((r["seq"], Finding(reader, r["seq"], _case_of(r["row"]), translate(
                "study", "answer row deleted ({condition} read)").format(condition=ref.split("\t")[-1]))))
        elif canonical_row("reads", x) != r["row"]:
            out.append((r["seq"], Finding(reader, r["seq"], x.get("case_id"), translate(
                "study", "answer changed outside PH-Assist ({condition} read): {diff}").format(
                    condition=x.get("condition"), diff=_diff(r["row"], x, "reads")))))
    if chained_ids:
        for ref, x in reads.items():
            if ref not in latest:
                out.append((len(good), Finding(reader, None, x.get("case_id"), translate(
                    "study", "answer row inserted outside PH-Assist ({condition} read, not in the chain)").format(
                        condition=x.get("condition")))))
    return out


def _verify_head(heads_dir: Path, study_id: str, reader: str, secret: bytes, recs: list[dict[str, Any]]
                 ) -> Finding | None:
    head = read_head(heads_dir, reader)
    if head is None:
        return Finding(reader, len(recs), None, translate(
            "study", "the signed head ({path}) is missing: the end of the log cannot be checked").format(
                path=heads_dir.name + "/" + reader + ".json"))
    body = {k: head.get(k) for k in ("format", "study_id", "reader", "n", "mac")}
    if (not head or head.get("sig") != sign(secret, body) or head.get("reader") != reader
            or head.get("study_id") != study_id or not isinstance(head.get("n"), int)):
        return Finding(reader, None, None, translate("study", "the signed head of the log was altered"))
    n = int(head["n"])
    if n > len(recs):
        return Finding(reader, len(recs), None, translate(
            "study", "log truncated: the signed head counts {n} records, the log holds {k}").format(n=n, k=len(recs)))
    if n > 0 and recs[n - 1]["mac"] != head.get("mac"):
        return Finding(reader, n - 1, _case_of(recs[n - 1]["row"]), translate(
            "study", "the log was rewritten: this record differs from the signed head"))
    return None


def verify_log(conn: sqlite3.Connection, path: Path, study_id: str, readers: Iterable[str], keys: Keyring,
               *, heads_dir: Path | None = None) -> LogVerification:
    """Check every reader's chain, rows and (with ``heads_dir``) signed head.

    Args:
        conn: an open connection to the log (``main`` schema).
        path: the log file (for messages).
        study_id: the study ID recorded in the log.
        readers: the readers to check; rows and records of any other reader
            are reported as inserted.
        keys: the folder's keys (:meth:`Keyring.from_folder`); a reader
            without a key is reported as an error (:class:`StudyError`).
        heads_dir: the folder of signed heads; None skips the head check.

    Returns:
        A :class:`LogVerification`; ``chained`` is False when the log has no
        ``chain`` table.
    """
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "chain" not in tables:
        return LogVerification(path, False, (), {})
    readers = list(readers)
    found: list[tuple[tuple[int, float], Finding]] = []
    counts: dict[str, int] = {}
    for j, reader in enumerate(readers):
        secret = keys.secret(reader)
        recs = chain_records(conn, reader)
        counts[reader] = len(recs)
        for pos, f in _verify_reader(conn, study_id, reader, secret):
            found.append(((j, pos), f))
        if heads_dir is not None:
            h = _verify_head(heads_dir, study_id, reader, secret, recs)
            if h is not None:
                found.append(((j, float(h.seq if h.seq is not None else len(recs))), h))
    known = set(readers)
    for tbl in ("events", "reads", "chain"):
        for (who,) in conn.execute(f"SELECT DISTINCT reader FROM {tbl}"):  # noqa: S608
            if who not in known:
                found.append(((len(readers), 0.0), Finding(str(who), None, None, translate(
                    "study", "rows of a reader who is not in this log's study were inserted ({table})").format(
                        table=tbl))))
                known.add(who)
    found.sort(key=lambda t: t[0])
    return LogVerification(path, True, tuple(f for _, f in found), counts)


def init_study_keys(folder: str | os.PathLike, study_id: str, readers: Iterable[str]) -> None:
    """A new study's ``study.secret`` and a signed head of 0 records for every reader."""
    f = Path(folder)
    secret = write_study_secret(f, study_id)
    for r in readers:
        write_head(f / HEADS_DIR, study_id, r, 0, None, reader_secret(secret, r))


def remove_keys(folder: str | os.PathLike) -> None:
    """Undo :func:`init_study_keys` (a study whose creation failed)."""
    f = Path(folder)
    (f / SECRET_FILE).unlink(missing_ok=True)
    heads = f / HEADS_DIR
    if heads.is_dir():
        for p in heads.glob("*.json"):
            p.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            heads.rmdir()
