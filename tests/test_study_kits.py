"""Reader kits and the signed, chained study log: kit -> read elsewhere -> merge; tampering is detected."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ph_assist.study import StudyStore, analyze_study, create_study, load_study, open_session
from ph_assist.study.protocol import default_key_path
from ph_assist.study import kits, ledger
from ph_assist.study.kits import make_kit, merge_kit, verify_folder
from ph_assist.study.protocol import LOG_FILE
from ph_assist.study.store import StudyError
from tests.test_study_cli import run  # noqa: F401  (fixture)
from tests.test_study_store import Clock, make_manifest, read_all

REPO = Path(__file__).resolve().parents[1]


def answers(case_id: str, condition: str) -> tuple[bool, int]:
    k = int(case_id[1:])
    return (k % 3 != 0) if condition == "unaided" else (k % 2 == 1), 30 + 7 * k % 60


def answers_b(case_id: str, condition: str) -> tuple[bool, int]:
    ph, conf = answers(case_id, condition)
    return not ph, 100 - conf


@pytest.fixture()
def study(tmp_path) -> Path:
    manifest = make_manifest(tmp_path / "data", 6)
    create_study(tmp_path / "study", manifest, ["R1", "R2"], "sequential", 99, name="multisite")
    return tmp_path / "study"


def complete(folder: Path, reader: str, fn=answers, *, limit: int | None = None) -> None:
    s = open_session(folder, reader, clock=Clock())
    if limit is None:
        read_all(s, fn)
    else:
        for _ in range(limit):
            c = s.show_case().case_id
            s.answer(*fn(c, "unaided"))
            s.lock_and_show_ai()
            s.answer_aided(*fn(c, "aided"))
    s.close()


def reads_of(folder: Path, reader: str) -> list[tuple]:
    with StudyStore(folder / LOG_FILE) as st:
        return [(r.case_id, r.condition, r.ph, r.confidence, r.locked) for r in st.reads(reader)]


# --------------------------------------------------------------------------
# the kit workflow
# --------------------------------------------------------------------------


def test_study_completed_from_a_kit_on_another_folder_and_merged(study, tmp_path, run):
    kit = make_kit(study, "R1", tmp_path / "usb" / "kit_R1")
    # The reader's workstation: a copy of the kit, somewhere else.
    site2 = tmp_path / "site2" / "kit_R1"
    shutil.copytree(kit, site2)
    s = open_session(site2, "R1", clock=Clock())
    assert s.phase == "unaided" and s.current_case.ecg_path.is_relative_to(site2)
    assert s.current_case.ecg_path.is_file()
    read_all(s, answers)
    s.close()
    assert verify_folder(site2).ok
    rc, out, _ = run("study", "verify", site2)
    assert rc == 0 and "intact" in out
    # R2 reads at the coordinator's site, in the study folder itself.
    complete(study, "R2", answers_b)
    # Back home: merge (twice: nothing is duplicated).
    rc, out, err = run("study", "merge", study, site2)
    assert rc == 0, err
    assert "merged reader R1" in out
    rc, out, _ = run("study", "merge", study, site2)
    assert rc == 0 and "nothing new" in out
    assert reads_of(study, "R1") == reads_of(site2, "R1") and len(reads_of(study, "R1")) == 12
    with StudyStore(study / LOG_FILE) as st:
        assert st.check_invariants() == []
        assert len(st.events("R1")) == len(StudyStore(site2 / LOG_FILE).events("R1"))
    rc, out, _ = run("study", "verify", study)
    assert rc == 0 and "intact" in out
    key = default_key_path(study)  # the coordinator's key file, beside the study folder
    result = analyze_study(study, key)
    assert len(result.readers) == 2
    rc, out, err = run("study", "analyze", study, "--key", key)
    assert rc == 0, err


def test_kit_holds_no_labels_and_only_the_readers_part(study, tmp_path):
    labels = load_study(study, key=default_key_path(study)).truth()
    kit = make_kit(study, "R2", tmp_path / "kit")
    names = {p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file()}
    assert ledger.SECRET_FILE not in names and ledger.READER_SECRET_FILE in names
    assert not any(n.startswith("log_heads/R1") for n in names)
    doc = json.loads((kit / "study.json").read_text())
    assert "labels" not in doc and "seed" not in doc and "manifest" not in doc
    assert doc["readers"] == ["R2"] and list(doc["schedule"]) == ["R2"]
    assert [c["case_id"] for c in doc["cases"]] == sorted(labels)
    study_secret = json.loads((study / ledger.SECRET_FILE).read_text())["secret"]
    for p in kit.rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        assert b'"labels"' not in data and b'"label"' not in data, p
        assert study_secret.encode() not in data, p
        assert json.dumps(labels).encode() not in data and json.dumps(labels, indent=2).encode() not in data
    with sqlite3.connect(kit / LOG_FILE) as c:
        assert {r[0] for r in c.execute("SELECT DISTINCT reader FROM plan")} == {"R2"}
    # The kit refuses a non-empty target and cannot be made from a kit.
    with pytest.raises(StudyError, match="not empty"):
        make_kit(study, "R1", kit)
    with pytest.raises(StudyError, match="study.secret"):
        make_kit(kit, "R2", tmp_path / "kit2")


def test_merge_refuses_conflicts_other_studies_and_unsigned_kits(study, tmp_path):
    kit = make_kit(study, "R1", tmp_path / "kit")
    complete(kit, "R1", answers, limit=2)
    complete(study, "R1", answers_b, limit=1)  # R1 also answered at home, differently
    with pytest.raises(StudyError, match="already has other answers"):
        merge_kit(study, kit)
    other = tmp_path / "other"
    create_study(other, make_manifest(tmp_path / "d2", 6), ["R1"], "sequential", 1)
    with pytest.raises(StudyError, match="another study"):
        merge_kit(other, kit)


def test_partial_kit_merges_then_the_rest_merges_later(study, tmp_path):
    kit = make_kit(study, "R1", tmp_path / "kit")
    complete(kit, "R1", answers, limit=2)
    assert merge_kit(study, kit).imported > 0
    complete(kit, "R1", answers)
    r = merge_kit(study, kit)
    assert r.already > 0 and r.imported > 0 and r.reads_locked == 12
    assert verify_folder(study).ok


# --------------------------------------------------------------------------
# a kill during a merge loses nothing
# --------------------------------------------------------------------------


def test_merge_is_atomic_when_it_fails_inside_the_transaction(study, tmp_path, monkeypatch):
    kit = make_kit(study, "R1", tmp_path / "kit")
    complete(kit, "R1")
    calls = {"n": 0}
    real = ledger.verify_log

    def failing(*a, **k):
        calls["n"] += 1
        if calls["n"] == 3:  # the kit, the study, then inside the merge transaction
            raise RuntimeError("power cut")
        return real(*a, **k)

    monkeypatch.setattr(kits.ledger, "verify_log", failing)
    with pytest.raises(RuntimeError, match="power cut"):
        merge_kit(study, kit)
    assert calls["n"] == 3
    monkeypatch.setattr(kits.ledger, "verify_log", real)
    assert reads_of(study, "R1") == [] and verify_folder(study).ok
    with StudyStore(study / LOG_FILE) as st:
        assert st.events("R1") == []
    assert merge_kit(study, kit).reads_locked == 12


def test_sigkill_during_merge_leaves_the_study_log_as_before(study, tmp_path):
    kit = make_kit(study, "R1", tmp_path / "kit")
    complete(kit, "R1")
    complete(study, "R2")
    before = reads_of(study, "R2")
    script = (
        "import os, signal, sys\n"
        "from ph_assist.study import kits, ledger\n"
        "real = ledger.verify_log\n"
        "n = [0]\n"
        "def hook(conn, *a, **k):\n"
        "    n[0] += 1\n"
        "    if n[0] == 3:\n"
        "        assert conn.in_transaction and conn.execute('SELECT count(*) FROM reads WHERE reader = \"R1\"')"
        ".fetchone()[0] == 12\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(conn, *a, **k)\n"
        "kits.ledger.verify_log = hook\n"
        "kits.merge_kit(sys.argv[1], sys.argv[2])\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(study), str(kit)], cwd=REPO, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()[-2000:]
    assert reads_of(study, "R1") == [] and reads_of(study, "R2") == before
    assert verify_folder(study).ok
    assert merge_kit(study, kit).reads_locked == 12 and verify_folder(study).ok


# --------------------------------------------------------------------------
# tampering
# --------------------------------------------------------------------------


def _drop_triggers(c: sqlite3.Connection) -> None:
    for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        c.execute(f"DROP TRIGGER {name}")


def _tamper(folder: Path, sql: list[str]) -> None:
    c = sqlite3.connect(folder / LOG_FILE, isolation_level=None)
    _drop_triggers(c)  # what someone with the sqlite3 shell can do
    for stmt in sql:
        c.execute(stmt)
    c.close()


def _ev(folder: Path, reader: str, k: int) -> int:
    with sqlite3.connect(folder / LOG_FILE) as c:
        sql = "SELECT id FROM events WHERE reader = ? ORDER BY id LIMIT 1 OFFSET ?"
        return c.execute(sql, (reader, k)).fetchone()[0]


def _n_chain(folder: Path, reader: str) -> int:
    with sqlite3.connect(folder / LOG_FILE) as c:
        return c.execute("SELECT count(*) FROM chain WHERE reader = ?", (reader,)).fetchone()[0]


def _case_of_read(folder: Path, reader: str, step: int) -> str:
    with sqlite3.connect(folder / LOG_FILE) as c:
        return c.execute("SELECT case_id FROM reads WHERE reader = ? AND step = ?", (reader, step)).fetchone()[0]


TAMPERING = {
    # name: (function (folder) -> SQL statements, expected phrase in the line)
    "read confidence changed": (
        lambda f: ["UPDATE reads SET confidence = 99 WHERE reader = 'R1' AND step = 3"], "answer changed"),
    "read answer flipped": (
        lambda f: ["UPDATE reads SET ph = 1 - ph WHERE reader = 'R1' AND step = 0"], "answer changed"),
    "event value changed": (
        lambda f: [f"UPDATE events SET confidence = 1 WHERE id = {_ev(f, 'R1', 2)}"], "event row changed"),
    "event row deleted": (lambda f: [f"DELETE FROM events WHERE id = {_ev(f, 'R1', 4)}"], "event row deleted"),
    "read row deleted": (lambda f: ["DELETE FROM reads WHERE reader = 'R1' AND step = 2"], "answer row deleted"),
    "two event rows swapped": (
        lambda f: [f"UPDATE events SET id = -1 WHERE id = {_ev(f, 'R1', 5)}",
                   f"UPDATE events SET id = {_ev(f, 'R1', 5)} WHERE id = {_ev(f, 'R1', 6)}",
                   f"UPDATE events SET id = {_ev(f, 'R1', 6)} WHERE id = -1"], "swapped"),
    "event row inserted": (
        lambda f: [f"INSERT INTO events (utc, mono_ns, run_id, reader, session, case_id, condition, order_index, "
                   f"event, app_version) SELECT utc, mono_ns, run_id, reader, session, case_id, condition, "
                   f"order_index, 'paused', app_version FROM events WHERE id = {_ev(f, 'R1', 3)}"],
        "event row inserted"),
    "event row inserted in the middle (ids renumbered)": (
        lambda f: ["UPDATE events SET id = id + 1000 WHERE id > " + str(_ev(f, 'R1', 3)),
                   "INSERT INTO events (id, utc, mono_ns, run_id, reader, session, case_id, condition, order_index, "
                   "event, app_version) SELECT id + 1, utc, mono_ns + 1, run_id, reader, session, case_id, "
                   f"condition, order_index, 'paused', app_version FROM events WHERE id = {_ev(f, 'R1', 3)}"],
        "event row inserted before"),
    "read row inserted": (
        lambda f: ["INSERT INTO reads SELECT 'R2', case_id, condition, session, order_index, step + 100, ph, "
                   "confidence, time_ms, locked, answered_utc, updated_utc, locked_utc, n_changes, rating, action, "
                   "comment, practice FROM reads "
                   "WHERE reader = 'R1' AND (case_id, condition) NOT IN "
                   "(SELECT case_id, condition FROM reads WHERE reader = 'R2') "
                   "LIMIT 1"], "answer row inserted"),
    "chain record deleted": (lambda f: ["DELETE FROM chain WHERE reader = 'R1' AND seq = 7"], "chain record missing"),
    "chain record rewritten to match an edit": (
        lambda f: ["UPDATE reads SET confidence = 98 WHERE reader = 'R1' AND step = 1",
                   "UPDATE chain SET row = replace(row, '\"confidence\":', '\"confidence\":9') WHERE reader = 'R1' "
                   "AND seq = (SELECT max(seq) FROM chain WHERE reader = 'R1' AND tbl = 'reads' "
                   "AND ref = (SELECT case_id || char(9) || condition FROM reads WHERE reader = 'R1' AND step = 1))"],
        "MAC does not match"),
    "chain records reordered": (
        lambda f: ["UPDATE chain SET seq = 100000 WHERE reader = 'R1' AND seq = 2",
                   "UPDATE chain SET seq = 2 WHERE reader = 'R1' AND seq = 3",
                   "UPDATE chain SET seq = 3 WHERE reader = 'R1' AND seq = 100000"], "MAC does not match"),
    "tail truncated": (
        lambda f: [f"DELETE FROM chain WHERE reader = 'R1' AND seq >= {_n_chain(f, 'R1') - 3}",
                   "DELETE FROM events WHERE reader = 'R1' "
                   "AND id >= (SELECT max(id) FROM events WHERE reader = 'R1') - 1",
                   "DELETE FROM reads WHERE reader = 'R1' AND step = 11"], "truncated"),
}


@pytest.fixture()
def done_study(study) -> Path:
    complete(study, "R1")
    complete(study, "R2", limit=2)
    assert verify_folder(study).ok
    return study


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_verify_detects_tampering_and_names_the_record(done_study, case, run):
    make_sql, phrase = TAMPERING[case]
    _tamper(done_study, make_sql(done_study))
    rc, out, err = run("study", "verify", done_study)
    assert rc == 2, (out, err)
    lines = out.strip().splitlines()
    assert len(lines) == 1 and "TAMPERED" in lines[0] and phrase in lines[0], lines
    assert "reader R" in lines[0]
    if phrase not in ("answer row inserted",):
        assert "record " in lines[0]
    if phrase in ("answer changed", "answer row deleted", "event row changed", "event row deleted"):
        assert ", case C0" in lines[0]
    # analyze refuses it, unless told otherwise
    key = str(default_key_path(done_study))
    rc, out, err = run("study", "analyze", done_study, "--key", key)
    assert rc == 2 and "fails verification" in err and phrase in err
    rc, out, err = run("study", "analyze", done_study, "--key", key, "--allow-unverified")
    assert "warning" in err and "fails verification" in err and (rc == 0 or "not analysed" not in err)


def test_verify_names_the_changed_case_and_values(done_study, run):
    cid = _case_of_read(done_study, "R1", 3)
    _tamper(done_study, ["UPDATE reads SET confidence = 99 WHERE reader = 'R1' AND step = 3"])
    rc, out, _ = run("study", "verify", done_study)
    assert rc == 2 and f"case {cid}" in out and "confidence" in out and "-> 99" in out


def test_missing_or_forged_head_is_detected(done_study, run):
    head = done_study / ledger.HEADS_DIR / "R1.json"
    doc = json.loads(head.read_text())
    head.write_text(json.dumps({**doc, "n": doc["n"] - 2}))
    rc, out, _ = run("study", "verify", done_study)
    assert rc == 2 and "head of the log was altered" in out
    head.unlink()
    rc, out, _ = run("study", "verify", done_study)
    assert rc == 2 and "head" in out and "missing" in out


def test_kit_file_replaced_or_manifest_edited_is_detected(study, tmp_path, run):
    kit = make_kit(study, "R1", tmp_path / "kit")
    complete(kit, "R1", limit=1)
    (kit / "cases" / ".DS_Store").write_bytes(b"Finder was here")  # not the kit's; ignored
    assert verify_folder(kit).ok
    victim = sorted((kit / "cases").rglob("*.png"))[0]
    victim.write_bytes(b"\x89PNG another picture")
    rc, out, _ = run("study", "verify", kit)
    assert rc == 2 and "replaced or changed" in out and victim.name in out
    with pytest.raises(StudyError, match="tampering found"):
        merge_kit(study, kit)
    kit2 = make_kit(study, "R2", tmp_path / "kit2")
    doc = json.loads((kit2 / kits.KIT_FILE).read_text())
    doc["reader"] = "R1"
    (kit2 / kits.KIT_FILE).write_text(json.dumps(doc))
    rc, out, _ = run("study", "verify", kit2)
    assert rc == 2


def test_kit_log_tampering_blocks_the_merge(study, tmp_path, run):
    kit = make_kit(study, "R1", tmp_path / "kit")
    complete(kit, "R1")
    _tamper(kit, ["UPDATE reads SET confidence = 0 WHERE reader = 'R1' AND step = 5"])
    rc, out, _ = run("study", "verify", kit)
    assert rc == 2 and "answer changed" in out
    rc, out, err = run("study", "merge", study, kit)
    assert rc != 0 and "tampering found" in err and "answer changed" in err
    assert reads_of(study, "R1") == []


def test_log_without_chain_opens_and_verify_says_so(study, tmp_path, run):
    st = load_study(study, with_labels=False)
    with StudyStore(study / LOG_FILE) as s:
        plan, meta = s.all_plan(), dict(s.meta)
    for suffix in ("", "-wal", "-shm"):
        Path(str(study / LOG_FILE) + suffix).unlink(missing_ok=True)
    StudyStore.create(study / LOG_FILE, study_id=st.study_id, design=st.design, washout_days=None, plan=plan,
                      created_utc=meta["created_utc"], chain=False).close()
    complete(study, "R1", limit=1)
    rc, out, _ = run("study", "verify", study)
    assert rc == 3 and "no chain" in out
    rc, out, err = run("study", "verify", tmp_path / "nothing-here")
    assert rc == 1 and "ph-assist:" in err


def test_crossover_kit_with_washout_merges(tmp_path):
    import datetime as dt

    study = tmp_path / "xo"
    create_study(study, make_manifest(tmp_path / "data", 6), ["R1", "R2"], "crossover", 5, washout_days=28)
    kit = make_kit(study, "R2", tmp_path / "kit")
    clock = Clock()
    s = open_session(kit, "R2", clock=clock)
    read_all(s, answers)
    assert s.phase == "washout"
    s.close()
    clock.now += dt.timedelta(days=29)
    s = open_session(kit, "R2", clock=clock)
    read_all(s, answers)
    assert s.phase == "done"
    s.close()
    r = merge_kit(study, kit)
    assert r.reads_locked == 12 and reads_of(study, "R2") == reads_of(kit, "R2")
    assert verify_folder(study).ok and verify_folder(kit).ok


def test_analyze_needs_the_secret_to_verify_unless_allowed(done_study, tmp_path, run):
    copy = tmp_path / "copy"
    shutil.copytree(done_study, copy)
    (copy / ledger.SECRET_FILE).unlink()
    key = str(default_key_path(done_study))
    rc, _, err = run("study", "analyze", copy, "--key", key)
    assert rc == 2 and "cannot be verified" in err and "study.secret" in err
    rc, _, err = run("study", "analyze", copy, "--key", key, "--allow-unverified")
    assert "analysed without verifying" in err and "cannot be verified" not in err


def test_the_library_analysis_refuses_a_tampered_log_too(done_study):
    """What the GUI's analysis view calls (analyze_study_full) verifies the signed log, like the CLI."""
    from ph_assist.study.report import analyze_study_full

    key = default_key_path(done_study)
    assert analyze_study_full(done_study, key).result.n_cases > 0
    _tamper(done_study, ["UPDATE reads SET confidence = 99 WHERE reader = 'R1' AND step = 3"])
    with pytest.raises(StudyError, match="fails verification"):
        analyze_study_full(done_study, key)
    assert analyze_study_full(done_study, key, verify=False).result.n_cases > 0  # explicitly unverified


def test_a_pilot_study_folder_is_read_with_its_key(done_study, run):
    """`study plan --pilot STUDY` needs the coordinator's key like `analyze` (this 6-case study is then
    too small to plan from: the error says so, which shows the key was used)."""
    from ph_assist.errors import InputError
    from ph_assist.study.plan import pilot_components

    key = default_key_path(done_study)
    with pytest.raises(StudyError, match="key"):
        pilot_components(done_study)
    with pytest.raises(InputError, match="too few cases"):
        pilot_components(done_study, key=key)
    rc, out, err = run("study", "plan", "--pilot", done_study, "--key", key, "-J", "4", "--effect", "0.05")
    assert rc != 0 and "too few cases" in err and len(err.strip().splitlines()) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_secrets_are_written_private_and_whole(tmp_path):
    from ph_assist.study.ledger import SECRET_FILE, write_study_secret

    secret = write_study_secret(tmp_path, "S1")
    path = tmp_path / SECRET_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["secret"] == secret.hex()
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE]  # no temporary file left beside it
