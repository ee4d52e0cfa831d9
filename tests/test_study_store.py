"""Reader studies: set-up, the log's invariants, the reader's session, the kill test."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from ph_assist.errors import ManifestError, PHAssistError
from ph_assist.study import (
    CaseView,
    StudyError,
    StudyStore,
    analyze_study,
    create_study,
    likelihood_rating,
    load_study,
    open_session,
    study_status,
    study_table,
)
from ph_assist.study.protocol import LOG_FILE, STUDY_FILE, default_key_path

REPO = Path(__file__).resolve().parents[1]
WORKER = Path(__file__).with_name("study_kill_worker.py")
T0 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.timezone.utc)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def make_manifest(folder: Path, n: int = 8, *, labels: list[int] | None = None, extra: str = "") -> Path:
    """A manifest of n cases with small dummy ECG/CXR files (the session never reads them)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = folder / "cases"
    files.mkdir(exist_ok=True)
    labels = labels if labels is not None else [i % 2 for i in range(n)]
    rows = ["case_id,ecg_path,cxr_path,bnp,bnp_unit,label,patient_id,site"]
    for i, y in enumerate(labels):
        cid = f"C{i:03d}"
        (files / f"{cid}_ecg.csv").write_text("I,II\n0,0\n")
        (files / f"{cid}_cxr.png").write_bytes(b"\x89PNG dummy")
        bnp = "" if i % 4 == 3 else str(40 + 30 * (i % 100))
        unit = "" if not bnp else "pg/mL"
        rows.append(f"{cid},cases/{cid}_ecg.csv,cases/{cid}_cxr.png,{bnp},{unit},{y},Patient Name {i},site{i % 2}")
    path = folder / "manifest.csv"
    path.write_text("\n".join(rows) + "\n" + extra, encoding="utf-8")
    return path


class Clock:
    """A settable UTC clock for sessions."""

    def __init__(self, start: dt.datetime = T0):
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


def read_all(session, answer_fn) -> int:
    """Drive a session to the end (or the washout); answer_fn(case, condition) -> (ph, conf)."""
    n = 0
    while session.phase not in ("done", "washout"):
        case = session.show_case()
        if session.phase == "unaided":
            session.answer(*answer_fn(case.case_id, "unaided"))
            n += 1
            if session.phase != "awaiting_lock":
                continue  # crossover: final on answer; the next case is not on screen yet
            session.lock_and_show_ai()
        if session.phase == "aided":
            assert session.ai_visible
            session.answer_aided(*answer_fn(case.case_id, "aided"))
            n += 1
    return n


def labels_of(folder: Path) -> dict[str, int]:
    return load_study(folder, key=default_key_path(folder)).truth()


@pytest.fixture()
def seq_study(tmp_path):
    manifest = make_manifest(tmp_path / "data", 8)
    create_study(tmp_path / "study", manifest, ["R1", "R2"], "sequential", 1234, name="pilot")
    return tmp_path / "study"


# --------------------------------------------------------------------------
# set-up
# --------------------------------------------------------------------------


def test_create_writes_study_json_and_log(seq_study):
    doc = json.loads((seq_study / STUDY_FILE).read_text())
    assert doc["design"] == "sequential" and doc["seed"] == 1234 and doc["name"] == "pilot"
    assert doc["readers"] == ["R1", "R2"]
    assert doc["washout_days"] is None
    assert doc["app_version"] and doc["created_utc"].endswith("Z")
    assert len(doc["cases"]) == 8 and "labels" not in doc  # the labels are in the key file, outside the folder
    assert sorted(labels_of(seq_study).values()) == [0] * 4 + [1] * 4
    # Other manifest columns (patient names, site) are never copied.
    text = (seq_study / STUDY_FILE).read_text()
    assert "Patient Name" not in text and "site0" not in text and "site1" not in text
    # Paths relative to the study folder, resolvable.
    study = load_study(seq_study)
    assert all(study.resolve(c.ecg_path).is_file() and study.resolve(c.cxr_path).is_file() for c in study.cases)
    assert study.case("C003").bnp is None and study.case("C001").bnp == "70"
    with StudyStore(seq_study / LOG_FILE) as store:
        assert store.conn_pragma("journal_mode") == "wal"
        assert store.conn_pragma("synchronous") == 2  # FULL
        assert store.integrity_check() == [] and store.check_invariants() == []
        assert store.readers() == ["R1", "R2"]
        assert len(store.plan("R1")) == 16


def test_orders_are_reproducible_from_the_seed(tmp_path):
    manifest = make_manifest(tmp_path / "data", 10)
    a = create_study(tmp_path / "a", manifest, ["R1", "R2", "R3"], "sequential", 99)
    b = create_study(tmp_path / "b", manifest, ["R1", "R2", "R3"], "sequential", 99)
    c = create_study(tmp_path / "c", manifest, ["R1", "R2", "R3"], "sequential", 100)
    order = {r: [cid for cid, _ in a.schedule[r][0].cases] for r in a.readers}
    assert order == {r: [cid for cid, _ in b.schedule[r][0].cases] for r in b.readers}
    assert order != {r: [cid for cid, _ in c.schedule[r][0].cases] for r in c.readers}
    assert len({tuple(o) for o in order.values()}) == 3  # each reader has an own order
    ids = [f"C{i:03d}" for i in range(10)]
    for j, r in enumerate(a.readers):  # the documented formula
        rng = np.random.default_rng(np.random.SeedSequence([99, j]))
        assert order[r] == [ids[i] for i in rng.permutation(10)]
    # the loaded study (from study.json) has the same orders
    assert load_study(tmp_path / "a").schedule == a.schedule


def test_manifest_problems_are_clear(tmp_path):
    good = make_manifest(tmp_path / "d", 4)
    text = good.read_text()
    cases = [
        (text.replace("C001,", "C000,", 1), "row 3: duplicate case_id 'C000' (first on row 2"),
        (text.replace(",1,Patient Name 1", ",yes,Patient Name 1"), "row 3: label 'yes'"),
        (text.replace("label,", "truth,"), "missing column(s) label"),
        (text.replace("cases/C002_ecg.csv", "cases/nope.csv"), "row 4: ecg_path 'cases/nope.csv'"),
        (text.replace(",70,pg/mL", ",70,"), "row 3: bnp '70' of case 'C001' has no bnp_unit"),
        (text.replace(",70,pg/mL", ",-70,pg/mL"), "row 3: case 'C001': BNP -70"),
    ]
    for k, (body, expected) in enumerate(cases):
        m = tmp_path / "d" / f"m{k}.csv"
        m.write_text(body)
        with pytest.raises(ManifestError) as exc:
            create_study(tmp_path / f"s{k}", m, ["R1"], "sequential", 1)
        msg = str(exc.value)
        assert str(m) in msg and expected in msg and "\n" not in msg, msg
        assert not (tmp_path / f"s{k}").exists()
    one_class = make_manifest(tmp_path / "e", 3, labels=[1, 1, 1])
    with pytest.raises(ManifestError, match="no case without PH"):
        create_study(tmp_path / "x", one_class, ["R1"], "sequential", 1)
    with pytest.raises(ManifestError, match="file not found"):
        create_study(tmp_path / "x", tmp_path / "missing.csv", ["R1"], "sequential", 1)


def test_parameter_problems_are_refused(tmp_path, seq_study):
    m = make_manifest(tmp_path / "d", 4)
    for kwargs, pattern in [
        (dict(readers=["R1"], design="parallel"), "unknown design"),
        (dict(readers=["Dr John Smith"], design="sequential"), "not valid"),
        (dict(readers=["R1", "R1"], design="sequential"), "more than once"),
        (dict(readers=["R1"], design="sequential", seed=-1), "non-negative"),
        (dict(readers=["R1"], design="crossover", washout_days=0), "washout"),
    ]:
        kw = {"seed": 1, **kwargs}
        with pytest.raises(StudyError, match=pattern):
            create_study(tmp_path / "new", m, **kw)
    with pytest.raises(StudyError, match="already holds a study"):
        create_study(seq_study, m, ["R1"], "sequential", 1)


# --------------------------------------------------------------------------
# sequential design: full run and analysis
# --------------------------------------------------------------------------


def test_two_readers_sequential_full_run_and_analysis(seq_study):
    truth = labels_of(seq_study)
    answers = {
        # R1: right on every case without AI except C000 and C001, right on all with AI
        "R1": lambda c, cond: ((truth[c] == 1) != (cond == "unaided" and c in ("C000", "C001")), 60 + int(c[1:])),
        # R2: always says PH without AI; right with AI except C002
        "R2": lambda c, cond: (True, 50) if cond == "unaided" else ((truth[c] == 1) != (c == "C002"), 80),
    }
    clock = Clock()
    for reader in ("R1", "R2"):
        s = open_session(seq_study, reader, clock=clock)
        assert (s.phase, s.progress, s.shown) == ("unaided", "case 1 of 8", False)
        first = s.current_case
        assert isinstance(first, CaseView) and first.condition == "unaided"
        assert first.case_id == load_study(seq_study).schedule[reader][0].cases[0][0]
        assert read_all(s, answers[reader]) == 16
        assert s.phase == "done" and s.current_case is None and "done" in s.progress
        with pytest.raises(StudyError, match="read every case"):
            s.show_case()
        s.close()
    st = {x.reader: x for x in study_status(seq_study)}
    assert st["R1"].phase == "done" and st["R1"].reads_done == 16

    table = study_table(seq_study, key=default_key_path(seq_study))
    assert len(table) == 32 and table.decision_given
    rec = {(r["reader"], r["treatment"], r["case"]): r for r in table.records()}
    assert rec[("R2", "unaided", "C004")]["rating"] == likelihood_rating(True, 50) == 75.0
    assert rec[("R1", "aided", "C003")]["rating"] == 50 + (60 + 3) / 2
    assert rec[("R1", "aided", "C000")]["rating"] == 50 - 60 / 2

    res = analyze_study(seq_study, key=default_key_path(seq_study))
    assert res.treatments == ("unaided", "aided") and res.readers == ("R1", "R2")
    assert (res.n_cases, res.n_diseased, res.n_nondiseased) == (8, 4, 4)
    acc = {r: (res.per_reader[r]["unaided"].accuracy.estimate, res.per_reader[r]["aided"].accuracy.estimate)
           for r in res.readers}
    assert acc == {"R1": (6 / 8, 1.0), "R2": (4 / 8, 7 / 8)}
    assert res.per_reader["R2"]["unaided"].sensitivity.estimate == 1.0
    assert res.per_reader["R2"]["unaided"].specificity.estimate == 0.0
    assert res.change_of_mind["R1"].wrong_to_right == 2 and res.change_of_mind["R2"].right_to_wrong == 0
    assert res.or_hillis["auc"] is not None and res.or_hillis["auc"].rrrc is not None


def test_unaided_answer_can_change_until_locked_then_never(seq_study):
    s = open_session(seq_study, "R1", clock=Clock())
    case = s.show_case().case_id
    a = s.answer(True, 40)
    b = s.answer(False, 90)
    assert (a.n_changes, b.n_changes, b.ph, b.confidence, b.locked) == (0, 1, False, 90, False)
    assert s.phase == "awaiting_lock" and s.recorded_answer.confidence == 90
    s.lock_and_show_ai()
    assert s.phase == "aided" and s.ai_visible and s.current_case.case_id == case
    assert s.unaided_answer.locked and s.unaided_answer.confidence == 90
    with pytest.raises(StudyError, match="answer_aided"):
        s.answer(True, 10)  # the unaided answer is gone for good
    events = [e["event"] for e in s._store.events("R1")]
    assert events == ["case_shown", "answered", "answer_changed", "locked", "ai_shown"]
    s.close()


def test_no_skipping_no_going_back_via_the_api(seq_study):
    s = open_session(seq_study, "R1", clock=Clock())
    with pytest.raises(StudyError, match="show the case first"):
        s.answer(True, 50)
    s.show_case()
    with pytest.raises(StudyError, match="not possible now"):
        s.answer_aided(True, 50)  # aided before unaided / AI
    with pytest.raises(StudyError, match="not possible now"):
        s.lock_and_show_ai()  # nothing to lock
    for bad in (101, -1, 50.5, True, "70"):
        with pytest.raises(StudyError, match="confidence"):
            s.answer(True, bad)
    with pytest.raises(StudyError, match="yes or no"):
        s.answer(1, 50)
    s.answer(True, 50)
    s.lock_and_show_ai()
    s.answer_aided(True, 60)
    first_plan = s._store.plan("R1")
    # The store itself refuses answering another case than the current one.
    with pytest.raises(StudyError, match="the log is at case"):
        s._store.record_answer("R1", first_plan[6], True, 50, 10, Clock()())
    with pytest.raises(StudyError, match="the log is at case"):
        s._store.record_answer("R1", first_plan[0], False, 50, 10, Clock()())
    s.close()


def _direct(folder: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / LOG_FILE, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def test_store_triggers_refuse_direct_writes(seq_study):
    s = open_session(seq_study, "R1", clock=Clock())
    c0 = s.show_case().case_id
    s.answer(True, 70)
    s.lock_and_show_ai()
    s.answer_aided(False, 60)
    c1 = s.show_case().case_id
    s.answer(True, 30)  # not locked yet
    plan = s._store.plan("R1")
    s.close()
    conn = _direct(seq_study)
    stamp = "2030-01-01T00:00:00.000000Z"

    def refused(sql: str, args=(), match: str = "") -> None:
        with pytest.raises(sqlite3.IntegrityError, match=match):
            conn.execute(sql, args)

    # the unaided answer cannot change after its AI was shown (and once locked)
    refused("UPDATE reads SET ph = 0 WHERE reader = 'R1' AND case_id = ? AND condition = 'unaided'", (c0,),
            "unaided answer (is locked|cannot be changed after the AI was shown)")
    refused("UPDATE reads SET confidence = 5 WHERE reader = 'R1' AND case_id = ? AND condition = 'aided'", (c0,),
            "locked")
    # an aided read cannot be recorded before the AI was shown for its case
    refused("INSERT INTO reads VALUES ('R1', ?, 'aided', 1, 1, 3, 1, 50, 10, 1, ?, ?, ?, 0, NULL, NULL, NULL, 0)", (c1, stamp, stamp, stamp),
            "out of order|before the AI")
    # the AI cannot be shown before the unaided answer is locked
    refused("INSERT INTO events (utc, mono_ns, run_id, reader, session, case_id, condition, order_index, event, "
            "app_version) VALUES (?, 0, 'x', 'R1', 1, ?, 'aided', 1, 'ai_shown', 'x')", (stamp, c1), "AI shown out of order")
    # no skipping: a later case cannot be answered
    p = plan[6]
    refused("INSERT INTO reads VALUES ('R1', ?, 'unaided', 1, ?, ?, 1, 50, 10, 0, ?, ?, NULL, 0, NULL, NULL, NULL, 0)",
            (p.case_id, p.order_index, p.step, stamp, stamp), "out of order")
    # no going back: an answered read cannot be inserted again, nothing is ever deleted
    refused("DELETE FROM reads WHERE reader = 'R1'", (), "never deleted")
    refused("DELETE FROM events", (), "append-only")
    refused("UPDATE events SET ph = 1", (), "append-only")
    refused("UPDATE plan SET case_id = 'C999'", (), "fixed")
    refused("UPDATE meta SET value = '2' WHERE key = 'schema_version'", (), "fixed")
    # a read not in the plan / out of range values
    refused("INSERT INTO reads VALUES ('R9', 'C000', 'unaided', 1, 0, 0, 1, 50, 10, 0, ?, ?, NULL, 0, NULL, NULL, NULL, 0)", (stamp, stamp),
            "not in the reading plan")
    refused("UPDATE reads SET confidence = 101 WHERE reader = 'R1' AND case_id = ? AND condition = 'unaided'", (c1,),
            "CHECK")
    # a not yet locked unaided answer (AI not shown) may change - but a change that bypasses the API
    # leaves no answer event, and the audit finds it
    conn.execute("UPDATE reads SET confidence = 31 WHERE reader = 'R1' AND case_id = ? AND condition = 'unaided'",
                 (c1,))
    conn.close()
    with StudyStore(seq_study / LOG_FILE) as store:
        assert store.check_invariants() == [f"R1: read {c1}/unaided differs from its last answer event"]


def test_open_errors_are_clear(tmp_path, seq_study):
    with pytest.raises(StudyError, match="not in study 'pilot'"):
        open_session(seq_study, "R7")
    with pytest.raises(StudyError, match="not a study folder"):
        open_session(tmp_path, "R1")
    # an unknown schema version (written behind the triggers' back)
    other = tmp_path / "copy"
    m = make_manifest(tmp_path / "d2", 4)
    create_study(other, m, ["R1"], "sequential", 5)
    conn = _direct(other)
    conn.execute("DROP TRIGGER meta_no_update")
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(StudyError, match="unknown study-log schema version '99'"):
        open_session(other, "R1")
    # a corrupt file
    (other / LOG_FILE).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(other / LOG_FILE) + suffix).unlink(missing_ok=True)
    with pytest.raises(StudyError, match="corrupt or not SQLite") as exc:
        open_session(other, "R1")
    assert "\n" not in str(exc.value) and isinstance(exc.value, PHAssistError)
    (other / LOG_FILE).unlink()
    with pytest.raises(StudyError, match="log is missing"):
        open_session(other, "R1")


def test_corrupted_pages_fail_the_integrity_check(tmp_path):
    m = make_manifest(tmp_path / "d", 40)
    create_study(tmp_path / "s", m, ["R1", "R2", "R3"], "sequential", 5)
    log = tmp_path / "s" / LOG_FILE
    with StudyStore(log) as store:  # checkpoint the WAL into the main file
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(log.read_bytes())
    page = 4096
    for off in range(2 * page + 100, min(len(data), 6 * page), 7):  # scribble over b-tree pages
        data[off] = 0xFF
    log.write_bytes(bytes(data))
    with pytest.raises(StudyError, match="integrity check|corrupt"):
        StudyStore(log)


# --------------------------------------------------------------------------
# session behaviour
# --------------------------------------------------------------------------


def test_resume_after_pause_and_restart(seq_study):
    clock = Clock()
    s = open_session(seq_study, "R2", clock=clock)
    read_all_n = 0
    for _ in range(3):  # three full cases
        s.show_case()
        s.answer(True, 50)
        s.lock_and_show_ai()
        s.answer_aided(True, 50)
        read_all_n += 2
    case = s.show_case().case_id
    s.answer(False, 20)
    time.sleep(0.03)
    s.pause()
    assert s.paused
    with pytest.raises(StudyError, match="paused"):
        s.lock_and_show_ai()
    s.close()

    s2 = open_session(seq_study, "R2", clock=clock)
    assert s2.paused and s2.phase == "awaiting_lock" and s2.progress == "case 4 of 8"
    assert s2.current_case.case_id == case and s2.recorded_answer.confidence == 20
    assert s2.time_on_case_ms >= 0
    s2.resume()
    s2.show_case()
    assert s2.time_on_case_ms >= 30  # carried over from the pause event
    s2.answer(True, 25)  # still changeable: not locked
    s2.lock_and_show_ai()
    s2.close(pause=False)  # a crash-like exit in the aided phase

    s3 = open_session(seq_study, "R2", clock=clock)
    assert not s3.paused and s3.phase == "aided" and s3.current_case.case_id == case
    assert s3.unaided_answer.ph is True and s3.unaided_answer.confidence == 25
    s3.show_case()
    s3.answer_aided(True, 90)
    assert s3.progress == "case 5 of 8" and s3.phase == "unaided"
    events = [e["event"] for e in s3._store.events("R2")]
    assert events.count("paused") == 1 and events.count("resumed") == 1
    s3.close()


def test_time_on_case_is_measured_between_show_and_answer(seq_study):
    s = open_session(seq_study, "R1")
    s.show_case()
    time.sleep(0.06)
    rec = s.answer(True, 70)
    assert 60 <= rec.time_ms < 5000
    s.lock_and_show_ai()
    time.sleep(0.02)
    rec = s.answer_aided(True, 70)
    assert 20 <= rec.time_ms < 5000
    ev = [e for e in s._store.events("R1") if e["event"] == "answered"]
    assert all(e["app_version"] and e["mono_ns"] > 0 and e["utc"].endswith("Z") for e in ev)
    s.close()


def test_labels_are_never_reachable_through_a_reader_session(seq_study):
    truth = labels_of(seq_study)
    s = open_session(seq_study, "R1")
    with pytest.raises(StudyError, match="labels are not loaded|key file"):
        s._study.truth()
    seen: set[int] = set()

    def walk(obj, depth=0):
        """Every object reachable from the session (attributes, containers), not the sqlite connection."""
        if id(obj) in seen or depth > 6 or isinstance(obj, (sqlite3.Connection, type)):
            return
        seen.add(id(obj))
        if isinstance(obj, dict):
            assert not (set(obj) == set(truth) and set(obj.values()) <= {0, 1}), "labels reachable"
            for k, v in obj.items():
                walk(k, depth + 1)
                walk(v, depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for v in obj:
                walk(v, depth + 1)
        elif dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                assert f.name not in ("label", "truth") or getattr(obj, f.name) is None
                walk(getattr(obj, f.name), depth + 1)
        elif hasattr(obj, "__dict__") and not callable(obj):
            for v in vars(obj).values():
                walk(v, depth + 1)

    walk(s)
    while s.phase != "done":
        view = s.show_case()
        assert {f.name for f in dataclasses.fields(view)}.isdisjoint({"label", "truth"})
        if s.phase == "unaided":
            s.answer(True, 50)
            s.lock_and_show_ai()
        s.answer_aided(True, 50)
    walk(s)
    # the log holds no labels either
    with StudyStore(seq_study / LOG_FILE) as store:
        cols = {r[1] for t in ("events", "reads", "plan", "meta") for r in store._conn.execute(f"PRAGMA table_info({t})")}
        assert not cols & {"label", "truth"}
    s.close()


# --------------------------------------------------------------------------
# crossover design
# --------------------------------------------------------------------------


def test_crossover_washout_and_rerandomised_orders(tmp_path):
    m = make_manifest(tmp_path / "d", 10, labels=[1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    study = create_study(tmp_path / "x", m, ["R1", "R2"], "crossover", 7, washout_days=28)
    truth = study.truth()
    for r in study.readers:
        s1, s2 = study.schedule[r]
        aided1 = {c for c, reads in s1.cases if reads == ("aided",)}
        unaided1 = {c for c, reads in s1.cases if reads == ("unaided",)}
        assert len(aided1) == len(unaided1) == 5 and aided1 | unaided1 == set(truth)
        assert {c for c, reads in s2.cases if reads == ("unaided",)} == aided1  # swapped in session 2
        assert abs(sum(truth[c] for c in aided1) - sum(truth[c] for c in unaided1)) <= 1  # stratified
        assert [c for c, _ in s1.cases] != [c for c, _ in s2.cases]  # re-randomised
        assert sorted(c for c, _ in s2.cases) == sorted(truth)

    clock = Clock(T0)
    s = open_session(tmp_path / "x", "R1", clock=clock)
    assert s.progress == "session 1 of 2, case 1 of 10"
    seen_aided_with_case = False
    while s.phase not in ("done", "washout"):
        view = s.show_case()
        if view.condition == "aided":
            assert s.phase == "aided" and s.ai_visible  # AI comes with the case
            seen_aided_with_case = True
            s.answer_aided(True, 60)
        else:
            assert not s.ai_visible
            s.answer(False, 60)  # final at once in a crossover
            assert s.phase != "awaiting_lock"
    assert seen_aided_with_case
    assert s.phase == "washout" and s.current_case is None
    end = clock.now
    opens = end + dt.timedelta(days=28)
    assert s.opens_at is not None and abs((s.opens_at - opens).total_seconds()) < 60  # the test clock ticks
    with pytest.raises(StudyError) as exc:
        s.show_case()
    assert f"session 2 opens on {opens:%Y-%m-%d}" in str(exc.value)
    assert "session 2 of 2 opens on" in s.progress
    s.close()
    st = {x.reader: x for x in study_status(tmp_path / "x", now=end + dt.timedelta(days=1))}
    assert st["R1"].phase == "washout" and st["R1"].opens_at_utc.startswith(f"{opens:%Y-%m-%d}")

    # 27 days later: still refused
    late = Clock(end + dt.timedelta(days=27))
    s = open_session(tmp_path / "x", "R1", clock=late)
    with pytest.raises(StudyError, match="opens on"):
        s.show_case()
    s.close()
    # the store refuses session 2 before the washout, even when written directly
    conn = _direct(tmp_path / "x")
    p = [q for q in StudyStore(tmp_path / "x" / LOG_FILE).plan("R1") if q.session == 2][0]
    stamp = (end + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    with pytest.raises(sqlite3.IntegrityError, match="washout"):
        conn.execute("INSERT INTO events (utc, mono_ns, run_id, reader, session, case_id, condition, order_index, "
                     "event, app_version) VALUES (?, 0, 'x', 'R1', 2, ?, ?, 0, 'case_shown', 'x')",
                     (stamp, p.case_id, p.condition))
    with pytest.raises(sqlite3.IntegrityError, match="washout"):
        conn.execute("INSERT INTO reads VALUES ('R1', ?, ?, 2, 0, ?, 1, 50, 10, 1, ?, ?, ?, 0, NULL, NULL, NULL, 0)",
                     (p.case_id, p.condition, p.step, stamp, stamp, stamp))
    conn.close()

    # after the washout: session 2 in its own order, the other condition per case
    later = Clock(end + dt.timedelta(days=28, minutes=1))
    s = open_session(tmp_path / "x", "R1", clock=later)
    assert s.phase in ("unaided", "aided") and s.progress == "session 2 of 2, case 1 of 10"
    assert s.current_case.case_id == study.schedule["R1"][1].cases[0][0]
    assert read_all(s, lambda c, cond: (truth[c] == 1, 80)) == 10
    assert s.phase == "done"
    s.close()
    with StudyStore(tmp_path / "x" / LOG_FILE) as store:
        assert store.check_invariants() == []
        reads = store.reads("R1")
        assert len(reads) == 20 and {(r.case_id, r.condition) for r in reads} == {
            (c, cond) for c in truth for cond in ("unaided", "aided")}


# --------------------------------------------------------------------------
# the kill test
# --------------------------------------------------------------------------

N_KILLS = 24


def _step_of(store: StudyStore, reader: str) -> dict[tuple[str, str], int]:
    return {(p.case_id, p.condition): p.step for p in store.plan(reader)}


@pytest.mark.slow
def test_sigkill_never_loses_an_acknowledged_answer(tmp_path):
    sys.path.insert(0, str(WORKER.parent))
    import study_kill_worker as worker

    m = make_manifest(tmp_path / "d", 1000)
    folder = tmp_path / "kill"
    create_study(folder, m, ["K1"], "sequential", 2024)
    rng = random.Random(20250303)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    acks: dict[tuple[str, str], tuple[int, int]] = {}
    last_acked_step = -1
    starts: list[int] = []
    kills = 0
    done = False
    with StudyStore(folder / LOG_FILE) as store:
        step_of = _step_of(store, "K1")
    t_start = time.monotonic()
    while kills < N_KILLS and not done:
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen([sys.executable, str(WORKER), str(folder), "K1"], stdout=subprocess.PIPE,
                                    stderr=err, env=env)
            first = proc.stdout.readline().decode()
            assert first.startswith("START"), f"worker did not start: {first!r}"
            time.sleep(rng.uniform(0.0, 0.35))
            proc.send_signal(signal.SIGKILL)
            out = proc.stdout.read().decode()
            rc = proc.wait()
            err.seek(0)
            stderr = err.read().decode()
        if rc == -signal.SIGKILL:
            kills += 1
        else:
            assert rc == 0, f"worker failed (rc {rc}): {stderr[-2000:]}"
        _, case, cond, phase = first.split()
        if case != "-":
            s = step_of[(case, cond)]
            assert s >= (starts[-1] if starts else 0)
            assert last_acked_step <= s <= last_acked_step + 2, (first, last_acked_step)
            starts.append(s)
        complete = out.split("\n")[:-1]  # a line cut by the kill has no newline
        for line in complete:
            parts = line.split()
            if parts and parts[0] == "ACK":
                acks[(parts[1], parts[2])] = (int(parts[3]), int(parts[4]))
                last_acked_step = step_of[(parts[1], parts[2])]
            elif parts == ["DONE"]:
                done = True
    elapsed = time.monotonic() - t_start

    lost = []
    with StudyStore(folder / LOG_FILE) as store:  # integrity_check on open
        assert store.integrity_check() == []
        assert store.check_invariants() == []
        stored = {(r.case_id, r.condition): r for r in store.reads("K1")}
        for key, (ph, conf) in acks.items():
            rec = stored.get(key)
            ok = rec is not None and (int(rec.ph), rec.confidence) == (ph, conf)
            if not ok and rec is not None and key[1] == "unaided" and worker.changes(key[0]):
                # killed after the change was committed but before its ACK was printed
                ok = (ph, conf) == tuple(map(int, worker.planned(key[0], "unaided", 1))) and (
                    (int(rec.ph), rec.confidence) == tuple(map(int, worker.planned(key[0], "unaided", 2))))
            if not ok:
                lost.append((key, (ph, conf), rec))
        state = store.state("K1")
    # the resumed session continues at the right case
    s = open_session(folder, "K1")
    if state.step is not None:
        assert s.current_case.case_id == state.step.case_id and s.condition == state.step.condition
        assert last_acked_step <= state.step.step <= last_acked_step + 2
        assert (s.phase == "awaiting_lock") == (state.read is not None)
        assert state.n_locked == state.step.step
    s.close()
    summary = {"kills": kills, "acked_reads": len(acks), "answers_lost": len(lost), "seconds": round(elapsed, 1),
               "reads_stored": len(stored)}
    print("KILL-TEST", json.dumps(summary))
    assert not lost, lost[:5]
    assert kills >= N_KILLS or done
    assert len(acks) > 2 * kills  # the kills fell while answering


def test_analysis_of_a_study_in_progress_uses_cases_read_by_everyone(seq_study):
    with pytest.raises(StudyError, match="no answer has been locked yet"):
        analyze_study(seq_study, key=default_key_path(seq_study))
    truth = labels_of(seq_study)
    s = open_session(seq_study, "R1")
    read_all(s, lambda c, cond: (truth[c] == 1, 70))
    s.close()
    res = analyze_study(seq_study, key=default_key_path(seq_study))  # R2 has nothing yet: the complete reader is analysed alone
    assert res.readers == ("R1",) and any("R2 left out" in n for n in res.notes)
    assert res.or_hillis["auc"].rrrc is None  # one reader: fixed-reader analysis only
    s = open_session(seq_study, "R2")
    for _ in range(4):
        c = s.show_case().case_id
        s.answer(truth[c] == 0, 30)
        s.lock_and_show_ai()
        s.answer_aided(truth[c] == 1, 90)
    s.show_case()
    s.answer(True, 50)  # pending, not locked: not analysed
    s.close()
    res = analyze_study(seq_study, key=default_key_path(seq_study))
    assert res.readers == ("R1", "R2") and res.n_cases == 4 and res.n_cases_dropped == 4
    assert any("R2 has finished 8 of 16 reads" in n for n in res.notes)
    assert res.per_reader["R2"]["unaided"].accuracy.estimate == 0.0
