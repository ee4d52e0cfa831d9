"""The reader-study log: one SQLite file per study (``study.sqlite``).

Durability
----------
The database runs with ``PRAGMA journal_mode=WAL`` and
``PRAGMA synchronous=FULL`` (and ``fullfsync`` where the platform has it), and
every change is one ``BEGIN IMMEDIATE ... COMMIT`` transaction: when a
recording method returns, the answer is in the write-ahead log and fsynced.
A crash (or a killed process) at any point leaves either the whole answer or
none of it.  The study folder must be on a local disk (SQLite's WAL mode does
not work over network file systems).

Tables
------
``meta``
    ``schema_version``, ``study_id``, ``design``, ``washout_days`` (crossover
    only), ``created_utc``, ``app_version``, ``plan_sha256``.  Immutable.
``plan``
    The reading plan, one row per *read*: ``reader, step, session,
    order_index, case_id, condition``.  ``step`` numbers a reader's reads
    0, 1, 2, ... over all sessions; ``order_index`` (0-based) is the case's
    position in that session's randomised order.  A sequential study has, per
    case, an ``unaided`` step followed by an ``aided`` step of the same case;
    a crossover study has one step per case and session.  Immutable.
``events``
    Append-only, one row per event: ``utc`` (ISO 8601, UTC, microseconds),
    ``mono_ns`` (monotonic clock of the process that wrote it; comparable
    only within one ``run_id``), ``run_id``, ``reader``, ``session``,
    ``case_id`` (the study's pseudonymous case ID), ``condition``,
    ``order_index``, ``event`` (:data:`EVENTS`), the answer (``ph``,
    ``confidence``, ``time_ms``, and from schema 2 ``rating``, ``action``,
    ``comment``; for ``paused`` events ``time_ms`` is the active time on the
    case so far), ``app_version`` and ``bundle_id``.
``reads``
    The current answer per ``(reader, case_id, condition)``: ``ph`` (0/1: the
    decision, PH yes/no, whatever the rating scale), ``confidence`` (integer
    0-100; binary + confidence scale only, else NULL), ``time_ms`` (active
    time on the case from show to answer, pauses excluded), ``locked``
    (final), timestamps and the number of changes; from schema 2 also
    ``rating`` (the rating analysed as ROC data, on the study's scale),
    ``action`` (0/1, the answer to the protocol's action question, else
    NULL), ``comment`` (free text, at most :data:`MAX_COMMENT` characters)
    and ``practice`` (1 for a practice case: read, never analysed).

Schema versions
---------------
1 (PH-Assist before the configurable protocol): no ``rating``, ``action``,
``comment``, ``practice`` columns and ``confidence`` NOT NULL.  Such a log is
migrated when opened writable (``ALTER TABLE ... ADD COLUMN``: NULL, or 0 for
``practice``, in the existing rows; nothing is rewritten or lost; its
``meta`` keeps ``schema_version`` 1, the columns say what the file holds).
Opened read-only it is read as if migrated.  2: as described here.

Invariants enforced by the database itself (triggers), whatever program
writes to it:

* reads follow the plan in order: a read is accepted only for the reader's
  next step (every earlier step locked; no skipping, no going back);
* a locked read never changes, and no read or event is ever deleted;
* an unaided answer cannot be recorded or changed once the AI was shown for
  that case in the same session (crossover: the AI of session 1 precedes the
  unaided read of session 2 by design, separated by the washout);
* an aided read cannot be recorded before the AI was shown for its case;
* the AI is shown only for the reader's current aided step (in a sequential
  study: after the unaided answer was locked);
* a later session's reads and case/AI displays are refused before the
  washout (counted from the reader's last locked read of the previous
  session) has passed;
* ``confidence`` is an integer 0-100 (or NULL, schema 2), ``ph`` 0 or 1.  Any pairing of answer
  and confidence is accepted: confidence is the reader's certainty in the
  answer given (0 = guessing, 100 = certain).

The :class:`StudyStore` recording methods check the same rules first, inside
the transaction, to give a readable :class:`StudyError`; the triggers are the
backstop.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import numbers
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ph_assist.errors import PHAssistError
from ph_assist.i18n import translate

__all__ = [
    "SCHEMA_VERSION", "EVENTS", "CONDITIONS", "StudyError", "PlanStep", "ReadRecord", "Answer",
    "ReaderState", "StudyStore", "check_answer", "MAX_COMMENT", "washout_message", "utc_now", "format_utc", "parse_utc", "plan_sha256",
    "write_bytes_atomic",
]

SCHEMA_VERSION = 2  # 2: reads/events gained rating, action, comment (and reads practice); see the docstring
_READABLE_SCHEMAS = (1, 2)
#: Longest comment a reader may attach to a read (characters).
MAX_COMMENT = 2000
CONDITIONS = ("unaided", "aided")
EVENTS = ("case_shown", "answered", "answer_changed", "locked", "ai_shown", "paused", "resumed")



def write_bytes_atomic(path: Path, data: bytes, *, mode: int = 0o666, sync_dir: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old file or the new one, never half of one.

    A new temporary file beside ``path`` (permissions ``mode``, less the umask; ``0o600`` for a secret)
    is written, flushed to disk and renamed over ``path``; with ``sync_dir`` the folder's entry is
    flushed too (POSIX).
    """
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_dir and hasattr(os, "O_DIRECTORY"):
        fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class StudyError(PHAssistError):
    """A reader-study action that the protocol or the log refuses (one line)."""

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))


# --------------------------------------------------------------------------
# time
# --------------------------------------------------------------------------


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def format_utc(when: dt.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (SQLite's julianday() reads it)."""
    if when.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


# --------------------------------------------------------------------------
# records
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PlanStep:
    """One planned read."""

    reader: str
    step: int
    session: int
    order_index: int  # 0-based position of the case in the session's order
    case_id: str
    condition: str  # "unaided" | "aided"


@dataclasses.dataclass(frozen=True)
class ReadRecord:
    """The current answer of one read (a row of ``reads``)."""

    reader: str
    case_id: str
    condition: str
    session: int
    order_index: int
    step: int
    ph: bool  # the decision (PH yes/no), whatever the scale
    confidence: int | None  # binary + confidence scale only
    time_ms: int
    locked: bool
    answered_utc: str
    updated_utc: str
    locked_utc: str | None
    n_changes: int
    rating: float | None = None  # None in a schema-1 log (derive it from ph and confidence)
    action: bool | None = None
    comment: str | None = None
    practice: bool = False


@dataclasses.dataclass(frozen=True)
class Answer:
    """What an answer holds besides the decision and the confidence (schema 2).

    ``rating`` is the rating analysed as ROC data (on the study's scale),
    ``action`` the answer to the action question (None when not asked),
    ``comment`` the reader's note (None when none), ``practice`` whether
    the read is of a practice case.  The session validates them against the
    study's protocol (:class:`ph_assist.study.protocol.StudyProtocol`).
    """

    rating: float | None = None
    action: bool | None = None
    comment: str | None = None
    practice: bool = False


@dataclasses.dataclass(frozen=True)
class ReaderState:
    """Where a reader stands, derived from the log alone.

    ``step`` is the first planned read that is not locked (None when all are);
    ``read`` its recorded but not yet locked answer (sequential unaided reads
    awaiting the lock); ``ai_shown`` whether the AI was shown for the
    current case in the current session; ``lockable`` whether the current
    unaided step is locked separately (an aided step of the same case follows
    in the same session) rather than final on answer; ``ai_with_case``
    whether the current aided step shows the AI together with the case (no
    unaided read of it precedes in the session); ``carried_ms`` the active
    time recorded by the last ``paused`` event of the current case and
    condition; ``opens_at`` when the current step's session opens (None
    when it is open or the step is in session 1).
    """

    reader: str
    n_steps: int
    n_locked: int
    n_sessions: int
    step: PlanStep | None
    session_cases: int
    read: ReadRecord | None
    ai_shown: bool
    lockable: bool
    ai_with_case: bool
    paused: bool
    carried_ms: int
    opens_at: dt.datetime | None
    previous_session_end: dt.datetime | None
    last_event_utc: str | None

    @property
    def done(self) -> bool:
        return self.step is None


def plan_sha256(plan: Sequence[PlanStep]) -> str:
    """Hash of the plan (ties ``study.json`` to ``study.sqlite``)."""
    h = hashlib.sha256()
    for p in sorted(plan, key=lambda p: (p.reader, p.step)):
        h.update(f"{p.reader}\t{p.step}\t{p.session}\t{p.order_index}\t{p.case_id}\t{p.condition}\n".encode())
    return h.hexdigest()


# --------------------------------------------------------------------------
# schema
# --------------------------------------------------------------------------

_TABLES = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE plan (
    reader      TEXT NOT NULL,
    step        INTEGER NOT NULL CHECK (typeof(step) = 'integer' AND step >= 0),
    session     INTEGER NOT NULL CHECK (typeof(session) = 'integer' AND session >= 1),
    order_index INTEGER NOT NULL CHECK (typeof(order_index) = 'integer' AND order_index >= 0),
    case_id     TEXT NOT NULL,
    condition   TEXT NOT NULL CHECK (condition IN ('unaided', 'aided')),
    PRIMARY KEY (reader, step),
    UNIQUE (reader, case_id, condition)
) WITHOUT ROWID;

CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    utc         TEXT NOT NULL,
    mono_ns     INTEGER NOT NULL,
    run_id      TEXT NOT NULL,
    reader      TEXT NOT NULL,
    session     INTEGER,
    case_id     TEXT,
    condition   TEXT CHECK (condition IS NULL OR condition IN ('unaided', 'aided')),
    order_index INTEGER,
    event       TEXT NOT NULL CHECK (event IN ('case_shown', 'answered', 'answer_changed', 'locked',
                                               'ai_shown', 'paused', 'resumed')),
    ph          INTEGER CHECK (ph IS NULL OR ph IN (0, 1)),
    confidence  INTEGER CHECK (confidence IS NULL OR (typeof(confidence) = 'integer'
                                                      AND confidence BETWEEN 0 AND 100)),
    time_ms     INTEGER CHECK (time_ms IS NULL OR (typeof(time_ms) = 'integer' AND time_ms >= 0)),
    app_version TEXT NOT NULL,
    bundle_id   TEXT,
    rating      REAL,
    action      INTEGER CHECK (action IS NULL OR action IN (0, 1)),
    comment     TEXT CHECK (comment IS NULL OR length(comment) <= 2000)
);
CREATE INDEX events_case ON events (reader, case_id, session, event);
CREATE INDEX events_reader ON events (reader, event);

CREATE TABLE reads (
    reader       TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    condition    TEXT NOT NULL CHECK (condition IN ('unaided', 'aided')),
    session      INTEGER NOT NULL,
    order_index  INTEGER NOT NULL,
    step         INTEGER NOT NULL,
    ph           INTEGER NOT NULL CHECK (ph IN (0, 1)),
    confidence   INTEGER CHECK (confidence IS NULL OR (typeof(confidence) = 'integer'
                                                       AND confidence BETWEEN 0 AND 100)),
    time_ms      INTEGER NOT NULL CHECK (typeof(time_ms) = 'integer' AND time_ms >= 0),
    locked       INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    answered_utc TEXT NOT NULL,
    updated_utc  TEXT NOT NULL,
    locked_utc   TEXT,
    n_changes    INTEGER NOT NULL DEFAULT 0,
    rating       REAL,
    action       INTEGER CHECK (action IS NULL OR action IN (0, 1)),
    comment      TEXT CHECK (comment IS NULL OR length(comment) <= 2000),
    practice     INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1)),
    PRIMARY KEY (reader, case_id, condition),
    CHECK (condition = 'unaided' OR locked = 1),
    CHECK ((locked = 1) = (locked_utc IS NOT NULL))
) WITHOUT ROWID;
CREATE UNIQUE INDEX reads_step ON reads (reader, step);
"""

# Created after meta and plan are filled (they make both immutable).
_TRIGGERS = """
CREATE TRIGGER meta_no_insert BEFORE INSERT ON meta
BEGIN SELECT RAISE(ABORT, 'the study metadata is fixed at creation'); END;
CREATE TRIGGER meta_no_update BEFORE UPDATE ON meta
BEGIN SELECT RAISE(ABORT, 'the study metadata is fixed at creation'); END;
CREATE TRIGGER meta_no_delete BEFORE DELETE ON meta
BEGIN SELECT RAISE(ABORT, 'the study metadata is fixed at creation'); END;
CREATE TRIGGER plan_no_insert BEFORE INSERT ON plan
BEGIN SELECT RAISE(ABORT, 'the reading plan is fixed at creation'); END;
CREATE TRIGGER plan_no_update BEFORE UPDATE ON plan
BEGIN SELECT RAISE(ABORT, 'the reading plan is fixed at creation'); END;
CREATE TRIGGER plan_no_delete BEFORE DELETE ON plan
BEGIN SELECT RAISE(ABORT, 'the reading plan is fixed at creation'); END;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- The AI is shown only for the reader's current aided step: every earlier
-- step locked (sequential: the unaided answer of this case is locked).
CREATE TRIGGER events_ai_in_order BEFORE INSERT ON events
WHEN NEW.event = 'ai_shown' AND (
    NOT EXISTS (SELECT 1 FROM plan p WHERE p.reader = NEW.reader AND p.case_id = NEW.case_id
                AND p.condition = 'aided' AND p.session IS NEW.session)
    OR (SELECT count(*) FROM reads r WHERE r.reader = NEW.reader AND r.locked = 1)
       != (SELECT p.step FROM plan p WHERE p.reader = NEW.reader AND p.case_id = NEW.case_id
           AND p.condition = 'aided'))
BEGIN SELECT RAISE(ABORT, 'AI shown out of order: only for the current aided read, after the unaided answer is locked');
END;

-- A case is shown only when it is the reader's current step.
CREATE TRIGGER events_show_in_order BEFORE INSERT ON events
WHEN NEW.event = 'case_shown' AND (
    NOT EXISTS (SELECT 1 FROM plan p WHERE p.reader = NEW.reader AND p.case_id = NEW.case_id
                AND p.condition IS NEW.condition AND p.session IS NEW.session)
    OR (SELECT count(*) FROM reads r WHERE r.reader = NEW.reader AND r.locked = 1)
       != (SELECT p.step FROM plan p WHERE p.reader = NEW.reader AND p.case_id = NEW.case_id
           AND p.condition = NEW.condition))
BEGIN SELECT RAISE(ABORT, 'case shown out of order: only the current case can be shown'); END;

-- No case or AI of a later session before the washout has passed.
CREATE TRIGGER events_washout BEFORE INSERT ON events
WHEN NEW.event IN ('case_shown', 'ai_shown') AND NEW.session > 1
 AND julianday(NEW.utc) < (SELECT julianday(max(r.locked_utc)) FROM reads r
                           WHERE r.reader = NEW.reader AND r.session = NEW.session - 1)
                          + (SELECT CAST(m.value AS REAL) FROM meta m WHERE m.key = 'washout_days')
BEGIN SELECT RAISE(ABORT, 'the washout before this session has not passed'); END;

CREATE TRIGGER reads_in_plan BEFORE INSERT ON reads
WHEN NOT EXISTS (SELECT 1 FROM plan p WHERE p.reader = NEW.reader AND p.case_id = NEW.case_id
                 AND p.condition = NEW.condition AND p.step = NEW.step AND p.session = NEW.session
                 AND p.order_index = NEW.order_index)
BEGIN SELECT RAISE(ABORT, 'the read is not in the reading plan'); END;

CREATE TRIGGER reads_in_order BEFORE INSERT ON reads
WHEN EXISTS (SELECT 1 FROM reads r WHERE r.reader = NEW.reader AND r.step >= NEW.step)
  OR (SELECT count(*) FROM reads r WHERE r.reader = NEW.reader AND r.locked = 1 AND r.step < NEW.step)
     != NEW.step
BEGIN SELECT RAISE(ABORT, 'out of order: only the current case can be answered (no skipping, no going back)');
END;

CREATE TRIGGER reads_aided_after_ai BEFORE INSERT ON reads
WHEN NEW.condition = 'aided'
 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.reader = NEW.reader AND e.case_id = NEW.case_id
                 AND e.session = NEW.session AND e.event = 'ai_shown')
BEGIN SELECT RAISE(ABORT, 'an aided read cannot be recorded before the AI was shown'); END;

CREATE TRIGGER reads_unaided_before_ai BEFORE INSERT ON reads
WHEN NEW.condition = 'unaided'
 AND EXISTS (SELECT 1 FROM events e WHERE e.reader = NEW.reader AND e.case_id = NEW.case_id
             AND e.session = NEW.session AND e.event = 'ai_shown')
BEGIN SELECT RAISE(ABORT, 'an unaided answer cannot be recorded after the AI was shown'); END;

CREATE TRIGGER reads_washout BEFORE INSERT ON reads
WHEN NEW.session > 1
 AND julianday(NEW.answered_utc) < (SELECT julianday(max(r.locked_utc)) FROM reads r
                                    WHERE r.reader = NEW.reader AND r.session = NEW.session - 1)
                                   + (SELECT CAST(m.value AS REAL) FROM meta m WHERE m.key = 'washout_days')
BEGIN SELECT RAISE(ABORT, 'the washout before this session has not passed'); END;

CREATE TRIGGER reads_locked_unaided_frozen BEFORE UPDATE ON reads
WHEN OLD.condition = 'unaided' AND OLD.locked
BEGIN SELECT RAISE(ABORT, 'the unaided answer is locked; it cannot be changed'); END;

CREATE TRIGGER reads_locked_frozen BEFORE UPDATE ON reads
WHEN OLD.locked
BEGIN SELECT RAISE(ABORT, 'the answer is locked; it cannot be changed'); END;

CREATE TRIGGER reads_unaided_after_ai BEFORE UPDATE ON reads
WHEN OLD.condition = 'unaided'
 AND EXISTS (SELECT 1 FROM events e WHERE e.reader = OLD.reader AND e.case_id = OLD.case_id
             AND e.session = OLD.session AND e.event = 'ai_shown')
BEGIN SELECT RAISE(ABORT, 'an unaided answer cannot be changed after the AI was shown'); END;

CREATE TRIGGER reads_keys_fixed BEFORE UPDATE ON reads
WHEN NEW.reader IS NOT OLD.reader OR NEW.case_id IS NOT OLD.case_id
  OR NEW.condition IS NOT OLD.condition OR NEW.session IS NOT OLD.session
  OR NEW.order_index IS NOT OLD.order_index OR NEW.step IS NOT OLD.step
  OR NEW.answered_utc IS NOT OLD.answered_utc OR NEW.locked < OLD.locked
BEGIN SELECT RAISE(ABORT, 'a read''s identity and first-answer time cannot be changed'); END;

CREATE TRIGGER reads_no_delete BEFORE DELETE ON reads
BEGIN SELECT RAISE(ABORT, 'answers are never deleted'); END;
"""

_READ_COLS = ("reader, case_id, condition, session, order_index, step, ph, confidence, time_ms, "
              "locked, answered_utc, updated_utc, locked_utc, n_changes, rating, action, comment, practice")
# A schema-1 log opened read-only: the columns it lacks read as their defaults.
_READ_COLS_V1 = _READ_COLS.replace("rating, action, comment, practice", "NULL, NULL, NULL, 0")
# Columns added by schema 2 (table, column definition), added to a schema-1 log when it is opened writable.
_V2_COLUMNS = (
    ("reads", "rating REAL"),
    ("reads", "action INTEGER CHECK (action IS NULL OR action IN (0, 1))"),
    ("reads", "comment TEXT CHECK (comment IS NULL OR length(comment) <= 2000)"),
    ("reads", "practice INTEGER NOT NULL DEFAULT 0 CHECK (practice IN (0, 1))"),
    ("events", "rating REAL"),
    ("events", "action INTEGER CHECK (action IS NULL OR action IN (0, 1))"),
    ("events", "comment TEXT CHECK (comment IS NULL OR length(comment) <= 2000)"),
)


def _read_record(row: Sequence[Any]) -> ReadRecord:
    (reader, case_id, condition, session, order_index, step, ph, conf, time_ms, locked,
     answered, updated, locked_utc, n_changes, rating, action, comment, practice) = row
    return ReadRecord(reader, case_id, condition, int(session), int(order_index), int(step), bool(ph),
                      None if conf is None else int(conf), int(time_ms), bool(locked), answered, updated,
                      locked_utc, int(n_changes), None if rating is None else float(rating),
                      None if action is None else bool(action), comment, bool(practice))


# --------------------------------------------------------------------------
# the store
# --------------------------------------------------------------------------


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    uri = path.absolute().as_uri() + ("?mode=rwc" if create else "?mode=rw")
    conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None, check_same_thread=False)
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StudyError(translate("errors", "cannot switch the study log to WAL mode (got {mode!r})").format(
            mode=mode))
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA fullfsync=ON")  # macOS: flush the drive cache too; no-op elsewhere
    conn.execute("PRAGMA checkpoint_fullfsync=ON")
    conn.execute("PRAGMA foreign_keys=ON")


class StudyStore:
    """An open study log.  One connection; not for use by several threads at once.

    Open an existing log with ``StudyStore(path)`` (runs ``PRAGMA
    integrity_check`` and checks the schema version); create one with
    :meth:`create`.  The recording methods (:meth:`record_show`,
    :meth:`record_answer`, :meth:`record_lock_and_ai`, :meth:`record_pause`,
    :meth:`record_resume`) each run one ``BEGIN IMMEDIATE`` transaction,
    derive the reader's state inside it, refuse anything the protocol does
    not allow with :class:`StudyError`, and return after the commit (durable).

    Args:
        path: the ``study.sqlite`` file.
        app_version, bundle_id: written into every event.
        check: run ``PRAGMA integrity_check`` on open (default True).
    """

    def __init__(self, path: str | os.PathLike, *, app_version: str | None = None,
                 bundle_id: str | None = None, check: bool = True, _conn: sqlite3.Connection | None = None):
        from ph_assist import __version__

        self.path = Path(path)
        self.app_version = app_version or __version__
        self.bundle_id = bundle_id
        self.run_id = uuid.uuid4().hex
        if _conn is not None:
            self._conn = _conn
        else:
            if not self.path.is_file():
                raise StudyError(translate("errors", "{path}: the study log is missing (not a study folder, or "
                                                     "study.sqlite was moved)").format(path=self.path))
            try:
                self._conn = _connect(self.path, create=False)
            except sqlite3.Error as err:
                raise StudyError(translate("errors", "{path}: cannot open the study log ({error})").format(
                    path=self.path, error=err)) from None
            try:
                if check:
                    self._integrity_check_or_raise()
                _configure(self._conn)
                self._check_schema()
            except sqlite3.DatabaseError as err:
                self._conn.close()
                raise StudyError(translate("errors", "{path}: not a readable PH-Assist study log (corrupt or not "
                                                     "SQLite: {error})").format(path=self.path, error=err)) from None
            except BaseException:
                self._conn.close()
                raise
        self._read_cols = _READ_COLS
        if _conn is None:
            self._migrate_v1()
        self.meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        self._plan_cache: dict[str, list[PlanStep]] = {}
        self._ledger = None
        if self.meta.get("chain"):  # every commit signed and chained (ph_assist.study.ledger)
            from ph_assist.study.ledger import HEADS_DIR, Keyring, Ledger

            try:
                keys = Keyring.from_folder(self.path.parent)
                self._ledger = Ledger(self._conn, self.meta.get("study_id", ""), keys, self.path.parent / HEADS_DIR)
            except BaseException:
                self._conn.close()
                raise

    # ---- creation ---------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike,
        *,
        study_id: str,
        design: str,
        washout_days: int | None,
        plan: Sequence[PlanStep],
        created_utc: str,
        app_version: str | None = None,
        chain: bool = True,
    ) -> StudyStore:
        """Create a new log with its (immutable) metadata and plan.

        With ``chain`` (default) every later commit is signed and chained
        (:mod:`ph_assist.study.ledger`); the folder then needs the study's
        secret (or the reader's, in a kit) to record answers.
        """
        from ph_assist import __version__

        p = Path(path)
        if p.exists():
            raise StudyError(translate("errors", "{path}: already exists; a study log is never overwritten").format(
                path=p))
        conn = _connect(p, create=True)
        try:
            _configure(conn)
            conn.execute("BEGIN IMMEDIATE")
            for stmt in _split_sql(_TABLES):
                conn.execute(stmt)
            meta = {
                "schema_version": str(SCHEMA_VERSION),
                "format": "ph-assist-study-log",
                "study_id": study_id,
                "design": design,
                "created_utc": created_utc,
                "app_version": app_version or __version__,
                "plan_sha256": plan_sha256(plan),
                "readers": json.dumps(list(dict.fromkeys(s.reader for s in plan))),
            }
            if chain:
                meta["chain"] = "hmac-sha256/1"  # ph_assist.study.ledger.CHAIN_FORMAT
            if washout_days is not None:
                meta["washout_days"] = str(int(washout_days))
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(meta.items()))
            conn.executemany(
                "INSERT INTO plan (reader, step, session, order_index, case_id, condition) VALUES (?, ?, ?, ?, ?, ?)",
                [(s.reader, s.step, s.session, s.order_index, s.case_id, s.condition) for s in plan],
            )
            for stmt in _split_sql(_TRIGGERS):
                conn.execute(stmt)
            if chain:
                from ph_assist.study.ledger import create_chain

                create_chain(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.close()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(str(p) + suffix)
            raise
        return cls(p, app_version=app_version, _conn=conn)

    # ---- open-time checks -------------------------------------------------
    def _integrity_check_or_raise(self) -> None:
        problems = self.integrity_check()
        if problems:
            raise StudyError(translate("errors", "{path}: the study log failed the SQLite integrity check "
                                                 "({problem})").format(path=self.path, problem=problems[0]))

    def integrity_check(self) -> list[str]:
        """``PRAGMA integrity_check``: an empty list when the file is sound."""
        rows = [r[0] for r in self._conn.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    def _check_schema(self) -> None:
        tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            raise StudyError(translate("errors", "{path}: not a PH-Assist study log (no meta table)").format(
                path=self.path))
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            raise StudyError(translate("errors", "{path}: not a PH-Assist study log (no schema version)").format(
                path=self.path))
        try:
            version = int(row[0])
        except ValueError:
            version = None
        if version not in _READABLE_SCHEMAS:
            raise StudyError(translate(
                "errors", "{path}: unknown study-log schema version {version!r} (this PH-Assist reads versions "
                          "{versions}; a newer PH-Assist may have written it)"
            ).format(path=self.path, version=row[0], versions=", ".join(map(str, _READABLE_SCHEMAS))))
        missing = {"plan", "events", "reads"} - tables
        if missing:
            raise StudyError(translate("errors", "{path}: the study log lacks table(s) {tables}").format(
                path=self.path, tables=", ".join(sorted(missing))))

    def _migrate_v1(self) -> None:
        """Add the schema-2 columns to a schema-1 log (or read it as if migrated when read-only)."""
        missing = [(t, d) for t, d in _V2_COLUMNS
                   if d.split()[0] not in {r[1] for r in self._conn.execute(f"PRAGMA table_info({t})")}]
        if not missing:
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            for table, definition in missing:
                self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {definition}")
            self._conn.execute("COMMIT")
        except sqlite3.OperationalError:  # read-only file or folder: nothing written, read with defaults
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._read_cols = _READ_COLS_V1

    # ---- plumbing ---------------------------------------------------------
    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()

    def __enter__(self) -> StudyStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StudyError(translate("errors", "{path}: the study log is busy or read-only ({error})").format(
                path=self.path, error=err)) from None
        try:
            yield conn
            heads = self._ledger.seal(conn) if self._ledger is not None else {}
            conn.execute("COMMIT")
            if heads:
                with contextlib.suppress(OSError):  # the answer is committed; a lagging head is accepted
                    self._ledger.publish(heads)  # type: ignore[union-attr]
        except sqlite3.IntegrityError as err:
            conn.execute("ROLLBACK")
            raise StudyError(translate("errors", "refused by the study log: {error}").format(error=err)) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # ---- queries ----------------------------------------------------------
    def conn_pragma(self, name: str) -> Any:
        """The value of a PRAGMA on this connection (e.g. ``journal_mode``, ``synchronous``)."""
        if not name.replace("_", "").isalpha():
            raise ValueError(f"not a pragma name: {name!r}")
        return self._conn.execute(f"PRAGMA {name}").fetchone()[0]

    @property
    def design(self) -> str:
        return self.meta.get("design", "")

    @property
    def washout_days(self) -> int | None:
        w = self.meta.get("washout_days")
        return None if w is None else int(w)

    def readers(self) -> list[str]:
        """Reader IDs in the order the study lists them."""
        try:
            return list(json.loads(self.meta["readers"]))
        except (KeyError, ValueError, TypeError):
            return [r[0] for r in self._conn.execute("SELECT DISTINCT reader FROM plan ORDER BY reader")]

    def plan(self, reader: str) -> list[PlanStep]:
        if reader not in self._plan_cache:
            rows = self._conn.execute(
                "SELECT reader, step, session, order_index, case_id, condition FROM plan "
                "WHERE reader = ? ORDER BY step", (reader,)).fetchall()
            self._plan_cache[reader] = [PlanStep(*r) for r in rows]
        return self._plan_cache[reader]

    def all_plan(self) -> list[PlanStep]:
        rows = self._conn.execute(
            "SELECT reader, step, session, order_index, case_id, condition FROM plan ORDER BY reader, step").fetchall()
        return [PlanStep(*r) for r in rows]

    def reads(self, reader: str | None = None, *, locked_only: bool = False) -> list[ReadRecord]:
        sql = f"SELECT {self._read_cols} FROM reads"
        cond, args = [], []
        if reader is not None:
            cond.append("reader = ?")
            args.append(reader)
        if locked_only:
            cond.append("locked = 1")
        if cond:
            sql += " WHERE " + " AND ".join(cond)
        sql += " ORDER BY reader, step"
        return [_read_record(r) for r in self._conn.execute(sql, args).fetchall()]

    def read(self, reader: str, case_id: str, condition: str) -> ReadRecord | None:
        row = self._conn.execute(f"SELECT {self._read_cols} FROM reads WHERE reader = ? AND case_id = ? AND condition = ?",
                                 (reader, case_id, condition)).fetchone()
        return None if row is None else _read_record(row)

    def events(self, reader: str | None = None) -> list[dict[str, Any]]:
        cur = self._conn.execute(
            "SELECT * FROM events" + (" WHERE reader = ?" if reader is not None else "") + " ORDER BY id",
            () if reader is None else (reader,))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    def state(self, reader: str, now: dt.datetime | None = None) -> ReaderState:
        """The reader's position, derived from the log."""
        return self._state(self._conn, reader, now or utc_now())

    def _state(self, conn: sqlite3.Connection, reader: str, now: dt.datetime) -> ReaderState:
        plan = self.plan(reader)
        if not plan:
            raise StudyError(translate("errors", "reader {reader!r} is not in this study").format(reader=reader))
        n_locked, max_locked = conn.execute(
            "SELECT count(*), max(step) FROM reads WHERE reader = ? AND locked = 1", (reader,)).fetchone()
        if n_locked and max_locked != n_locked - 1:
            raise StudyError(translate("errors", "{path}: the log of reader {reader!r} is inconsistent (locked "
                                                 "reads are not a prefix of the plan); it was modified outside "
                                                 "PH-Assist").format(path=self.path, reader=reader))
        step = plan[n_locked] if n_locked < len(plan) else None
        last = conn.execute("SELECT event, utc FROM events WHERE reader = ? AND event IN ('paused', 'resumed') "
                            "ORDER BY id DESC LIMIT 1", (reader,)).fetchone()
        paused = bool(last and last[0] == "paused")
        last_utc = conn.execute("SELECT max(utc) FROM events WHERE reader = ?", (reader,)).fetchone()[0]
        n_sessions = max(p.session for p in plan)
        read = None
        ai_shown = lockable = ai_with_case = False
        carried = 0
        opens_at = prev_end = None
        session_cases = 0
        if step is not None:
            session_cases = len({p.case_id for p in plan if p.session == step.session})
            row = conn.execute(f"SELECT {self._read_cols} FROM reads WHERE reader = ? AND step = ?",
                               (reader, step.step)).fetchone()
            read = None if row is None else _read_record(row)
            ai_shown = conn.execute(
                "SELECT 1 FROM events WHERE reader = ? AND case_id = ? AND session = ? AND event = 'ai_shown' LIMIT 1",
                (reader, step.case_id, step.session)).fetchone() is not None
            nxt = plan[step.step + 1] if step.step + 1 < len(plan) else None
            prv = plan[step.step - 1] if step.step > 0 else None
            lockable = (step.condition == "unaided" and nxt is not None and nxt.case_id == step.case_id
                        and nxt.session == step.session and nxt.condition == "aided")
            ai_with_case = (step.condition == "aided" and not (
                prv is not None and prv.case_id == step.case_id and prv.session == step.session
                and prv.condition == "unaided"))
            row = conn.execute(
                "SELECT time_ms FROM events WHERE reader = ? AND case_id = ? AND session = ? AND condition = ? "
                "AND event = 'paused' ORDER BY id DESC LIMIT 1",
                (reader, step.case_id, step.session, step.condition)).fetchone()
            carried = int(row[0]) if row and row[0] is not None else 0
            if step.session > 1 and self.washout_days is not None:
                end = conn.execute("SELECT max(locked_utc) FROM reads WHERE reader = ? AND session = ?",
                                   (reader, step.session - 1)).fetchone()[0]
                if end is not None:
                    prev_end = parse_utc(end)
                    # julianday() in the trigger has millisecond resolution; round up to be safe.
                    opens = prev_end + dt.timedelta(days=self.washout_days, milliseconds=1)
                    if now < opens:
                        opens_at = opens
        return ReaderState(reader=reader, n_steps=len(plan), n_locked=int(n_locked), n_sessions=n_sessions,
                           step=step, session_cases=session_cases, read=read, ai_shown=ai_shown,
                           lockable=lockable, ai_with_case=ai_with_case, paused=paused, carried_ms=carried,
                           opens_at=opens_at, previous_session_end=prev_end, last_event_utc=last_utc)

    # ---- recording ----------------------------------------------------------
    def _event(self, conn: sqlite3.Connection, when: dt.datetime, reader: str, event: str,
               step: PlanStep | None = None, *, ph: bool | None = None, confidence: int | None = None,
               time_ms: int | None = None, mono_ns: int | None = None, answer: Answer | None = None) -> None:
        a = answer or Answer()
        conn.execute(
            "INSERT INTO events (utc, mono_ns, run_id, reader, session, case_id, condition, order_index, event, "
            "ph, confidence, time_ms, app_version, bundle_id, rating, action, comment) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (format_utc(when), time.monotonic_ns() if mono_ns is None else mono_ns, self.run_id, reader,
             None if step is None else step.session, None if step is None else step.case_id,
             None if step is None else step.condition, None if step is None else step.order_index, event,
             None if ph is None else int(bool(ph)), confidence, time_ms, self.app_version, self.bundle_id,
             a.rating, None if a.action is None else int(a.action), a.comment),
        )

    @staticmethod
    def _expect(st: ReaderState, expected: PlanStep | None) -> PlanStep:
        if st.step is None:
            raise StudyError(translate("errors", "reader {reader!r} has finished every case of the study").format(
                reader=st.reader))
        if expected is not None and (expected.step, expected.case_id) != (st.step.step, st.step.case_id):
            raise StudyError(translate(
                "errors", "reader {reader!r}: the log is at case {case!r} ({condition}), not at case "
                          "{expected_case!r} ({expected_condition}); was this reader's session open twice? "
                          "Reopen the session"
            ).format(reader=st.reader, case=st.step.case_id, condition=st.step.condition,
                     expected_case=expected.case_id, expected_condition=expected.condition))
        return st.step

    @staticmethod
    def _check_open(st: ReaderState) -> None:
        if st.opens_at is not None:
            raise StudyError(washout_message(st))
        if st.paused:
            raise StudyError(translate("errors", "reader {reader!r}: the session is paused; resume it first").format(
                reader=st.reader))

    def record_show(self, reader: str, expected: PlanStep | None, when: dt.datetime) -> ReaderState:
        """Log that the current case is on screen (and its AI, for an aided read shown with the AI)."""
        with self._transaction() as conn:
            st = self._state(conn, reader, when)
            step = self._expect(st, expected)
            self._check_open(st)
            self._event(conn, when, reader, "case_shown", step)
            if step.condition == "aided" and st.ai_with_case and not st.ai_shown:
                self._event(conn, when, reader, "ai_shown", step)
        return self.state(reader, when)

    def record_answer(self, reader: str, expected: PlanStep | None, ph: bool, confidence: int | None,
                      time_ms: int, when: dt.datetime, *, answer: Answer | None = None) -> ReadRecord:
        """Record (or, for a not yet locked unaided read, change) the current read's answer.

        ``ph`` is the decision; ``confidence`` may be None only with an
        ``answer`` that carries the rating (scales other than binary +
        confidence).
        """
        answer = answer or Answer()
        ph, confidence, time_ms = check_answer(ph, confidence, time_ms,
                                               confidence_required=answer.rating is None)
        if self._read_cols is _READ_COLS_V1 and answer != Answer():
            raise StudyError(translate("errors", "{path}: this old study log is read-only here; it cannot take "
                                                 "this answer").format(path=self.path))
        a = answer
        stamp = format_utc(when)
        with self._transaction() as conn:
            st = self._state(conn, reader, when)
            step = self._expect(st, expected)
            self._check_open(st)
            if step.condition == "aided":
                if not st.ai_shown:
                    raise StudyError(translate("errors", "reader {reader!r}, case {case!r}: an aided read cannot "
                                                         "be recorded before the AI was shown").format(
                        reader=reader, case=step.case_id))
                self._insert_read(conn, step, ph, confidence, time_ms, stamp, locked=True, answer=a)
                self._event(conn, when, reader, "answered", step, ph=ph, confidence=confidence, time_ms=time_ms,
                            answer=a)
            else:
                if st.ai_shown:
                    raise StudyError(translate("errors", "reader {reader!r}, case {case!r}: the AI was shown; the "
                                                         "unaided answer can no longer be given or changed").format(
                        reader=reader, case=step.case_id))
                if st.read is None:
                    self._insert_read(conn, step, ph, confidence, time_ms, stamp, locked=not st.lockable, answer=a)
                    self._event(conn, when, reader, "answered", step, ph=ph, confidence=confidence, time_ms=time_ms,
                                answer=a)
                    if not st.lockable:
                        self._event(conn, when, reader, "locked", step, ph=ph, confidence=confidence,
                                    time_ms=time_ms, answer=a)
                else:
                    conn.execute(
                        "UPDATE reads SET ph = ?, confidence = ?, time_ms = ?, updated_utc = ?, "
                        "n_changes = n_changes + 1, rating = ?, action = ?, comment = ?, practice = ? "
                        "WHERE reader = ? AND case_id = ? AND condition = ?",
                        (int(ph), confidence, time_ms, stamp, a.rating, None if a.action is None else int(a.action),
                         a.comment, int(a.practice), reader, step.case_id, step.condition))
                    self._event(conn, when, reader, "answer_changed", step, ph=ph, confidence=confidence,
                                time_ms=time_ms, answer=a)
            row = conn.execute(f"SELECT {self._read_cols} FROM reads WHERE reader = ? AND case_id = ? AND condition = ?",
                               (reader, step.case_id, step.condition)).fetchone()
        return _read_record(row)

    @staticmethod
    def _insert_read(conn: sqlite3.Connection, step: PlanStep, ph: bool, confidence: int | None, time_ms: int,
                     stamp: str, *, locked: bool, answer: Answer) -> None:
        a = answer
        conn.execute(
            "INSERT INTO reads (reader, case_id, condition, session, order_index, step, ph, confidence, time_ms, "
            "locked, answered_utc, updated_utc, locked_utc, rating, action, comment, practice) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (step.reader, step.case_id, step.condition, step.session, step.order_index, step.step, int(ph),
             confidence, time_ms, int(locked), stamp, stamp, stamp if locked else None, a.rating,
             None if a.action is None else int(a.action), a.comment, int(a.practice)))

    def record_lock_and_ai(self, reader: str, expected: PlanStep | None, when: dt.datetime) -> ReaderState:
        """Lock the current unaided answer and log that the AI is shown (one transaction)."""
        with self._transaction() as conn:
            st = self._state(conn, reader, when)
            step = self._expect(st, expected)
            self._check_open(st)
            if step.condition != "unaided" or not st.lockable:
                raise StudyError(translate("errors", "reader {reader!r}, case {case!r}: there is no unaided answer "
                                                     "to lock here").format(reader=reader, case=step.case_id))
            if st.read is None:
                raise StudyError(translate("errors", "reader {reader!r}, case {case!r}: answer the case before "
                                                     "locking it").format(reader=reader, case=step.case_id))
            stamp = format_utc(when)
            conn.execute("UPDATE reads SET locked = 1, locked_utc = ? WHERE reader = ? AND case_id = ? "
                         "AND condition = 'unaided'", (stamp, reader, step.case_id))
            r = st.read
            self._event(conn, when, reader, "locked", step, ph=r.ph, confidence=r.confidence, time_ms=r.time_ms,
                        answer=Answer(r.rating, r.action, r.comment, r.practice))
            aided = self.plan(reader)[step.step + 1]
            self._event(conn, when, reader, "ai_shown", aided)
        return self.state(reader, when)

    def record_pause(self, reader: str, time_ms: int | None, when: dt.datetime) -> ReaderState:
        with self._transaction() as conn:
            st = self._state(conn, reader, when)
            if not st.paused:
                self._event(conn, when, reader, "paused", st.step,
                            time_ms=None if st.step is None or time_ms is None else max(0, int(time_ms)))
        return self.state(reader, when)

    def record_resume(self, reader: str, when: dt.datetime) -> ReaderState:
        with self._transaction() as conn:
            st = self._state(conn, reader, when)
            if st.paused:
                self._event(conn, when, reader, "resumed", st.step)
        return self.state(reader, when)

    # ---- audit --------------------------------------------------------------
    def check_invariants(self) -> list[str]:
        """Re-check the whole log against the protocol; a list of problems (empty when sound)."""
        problems: list[str] = []
        conn = self._conn
        meta_plan = self.meta.get("plan_sha256")
        if meta_plan != plan_sha256(self.all_plan()):
            problems.append("the reading plan does not match its recorded hash")
        events = self.events()
        by_case: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
        for e in events:
            if e["case_id"] is not None:
                by_case.setdefault((e["reader"], e["case_id"], e["session"]), []).append(e)
        for reader in {p.reader for p in self.all_plan()}:
            plan = self.plan(reader)
            reads = {r.step: r for r in self.reads(reader)}
            locked = sorted(s for s, r in reads.items() if r.locked)
            if locked != list(range(len(locked))):
                problems.append(f"{reader}: locked reads are not a prefix of the plan")
            unlocked = [s for s, r in reads.items() if not r.locked]
            if len(unlocked) > 1 or (unlocked and unlocked[0] != len(locked)):
                problems.append(f"{reader}: unlocked reads {unlocked} beyond the current step")
            for s, r in reads.items():
                p = plan[s] if s < len(plan) else None
                if p is None or (p.case_id, p.condition, p.session, p.order_index) != (
                        r.case_id, r.condition, r.session, r.order_index):
                    problems.append(f"{reader}: read {r.case_id}/{r.condition} does not match the plan")
                    continue
                evs = by_case.get((reader, r.case_id, r.session), [])
                ai_ids = [e["id"] for e in evs if e["event"] == "ai_shown"]
                answers = [e for e in evs if e["condition"] == r.condition
                           and e["event"] in ("answered", "answer_changed")]
                if not answers:
                    problems.append(f"{reader}: read {r.case_id}/{r.condition} has no answer event")
                    continue
                last = answers[-1]
                if ((bool(last["ph"]), last["confidence"], last["time_ms"], last.get("rating"), last.get("comment"))
                        != (r.ph, r.confidence, r.time_ms, r.rating, r.comment)):
                    problems.append(f"{reader}: read {r.case_id}/{r.condition} differs from its last answer event")
                if r.condition == "aided":
                    if not ai_ids or min(ai_ids) > answers[0]["id"]:
                        problems.append(f"{reader}: aided read of {r.case_id} recorded before the AI was shown")
                elif ai_ids and any(a["id"] > min(ai_ids) for a in answers):
                    problems.append(f"{reader}: unaided answer of {r.case_id} given after the AI was shown")
            washout = self.washout_days
            if washout is not None:
                for s in range(2, max(p.session for p in plan) + 1):
                    prev = [r.locked_utc for r in reads.values() if r.session == s - 1 and r.locked_utc]
                    cur = [r.answered_utc for r in reads.values() if r.session == s]
                    if prev and cur and parse_utc(min(cur)) < parse_utc(max(prev)) + dt.timedelta(days=washout):
                        problems.append(f"{reader}: session {s} began before the {washout}-day washout")
        n_bad = conn.execute("SELECT count(*) FROM reads WHERE confidence NOT BETWEEN 0 AND 100 "
                             "OR ph NOT IN (0, 1)").fetchone()[0]
        if n_bad:
            problems.append(f"{n_bad} read(s) with an answer out of range")
        return problems


def washout_message(st: ReaderState) -> str:
    assert st.opens_at is not None and st.step is not None
    ended = st.previous_session_end.strftime("%Y-%m-%d %H:%M UTC") if st.previous_session_end else "?"
    return translate("errors", "reader {reader!r}: session {session} opens on {opens:%Y-%m-%d %H:%M} UTC "
                               "(washout after session {previous}, which ended {ended})").format(
        reader=st.reader, session=st.step.session, opens=st.opens_at, previous=st.step.session - 1, ended=ended)


def check_answer(ph: object, confidence: object, time_ms: float, *,
                 confidence_required: bool = True) -> tuple[bool, int | None, int]:
    if not isinstance(ph, bool):
        raise StudyError(translate("errors", "the PH answer must be yes or no (True/False), not {ph!r}").format(ph=ph))
    if confidence is None and not confidence_required:
        return ph, None, max(0, int(time_ms))
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Integral):
        raise StudyError(translate("errors", "confidence must be a whole number 0-100, not {confidence!r}").format(
            confidence=confidence))
    confidence = int(confidence)
    if not 0 <= confidence <= 100:
        raise StudyError(translate("errors", "confidence must be between 0 and 100, not {confidence}").format(
            confidence=confidence))
    return ph, int(confidence), max(0, int(time_ms))


def _split_sql(script: str) -> list[str]:
    """Split a script into statements (triggers hold ';' inside BEGIN ... END)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines():
        if line.strip().startswith("--"):
            continue
        buf += line + "\n"
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
