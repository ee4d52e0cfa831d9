"""Configurable study protocol (scales, action question, practice cases, comments) and the coordinator's key.

Each scale is analysed on a constructed study whose AUC, sensitivity, specificity and accuracy were
computed by hand (in the comments); the key file never sits in the study folder and reading never
needs it; a study written by the previous PH-Assist (tests/data/study_legacy) still opens, continues
and analyses.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from ph_assist.study import create_study, load_study, open_session
from ph_assist.study.protocol import (
    SCALES,
    StudyProtocol,
    decision_of,
    default_key_path,
    scale_choices,
    scale_label,
)
from ph_assist.study.report import (
    LABELS_IN_FOLDER_NOTE,
    analysis_dict,
    analyze_study,
    analyze_study_full,
    format_summary,
    study_table,
)
from ph_assist.study.store import MAX_COMMENT, StudyError, StudyStore
from tests.test_study_store import make_manifest
from tests.test_study_cli import run  # noqa: F401 - fixture

LEGACY = Path(__file__).parent / "data" / "study_legacy"
T0 = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)


def _truth(folder: Path) -> dict[str, int]:
    return load_study(folder, key=default_key_path(folder)).truth()


def _read_all(folder: Path, reader: str, unaided, aided, **extra) -> None:
    """Read every case: unaided(case, truth) / aided(case, truth) -> answer kwargs."""
    truth = _truth(folder)
    s = open_session(folder, reader)
    s.resume()
    while s.phase != "done":
        c = s.show_case().case_id
        s.answer(**unaided(c, truth[c]), **extra)
        s.lock_and_show_ai()
        s.answer_aided(**aided(c, truth[c]), **extra)
    s.close()


def _study(tmp_path: Path, protocol: StudyProtocol, n: int = 8, readers=("R1",)) -> Path:
    manifest = make_manifest(tmp_path / "data", n)  # labels i % 2: C000 0, C001 1, ...
    create_study(tmp_path / "study", manifest, list(readers), "sequential", 5, protocol=protocol)
    return tmp_path / "study"


# --------------------------------------------------------------------------
# each scale, analysed on constructed answers
# --------------------------------------------------------------------------

# 8 cases: PH C001, C003, C005, C007; no PH C000, C002, C004, C006.
FIVE = {"C001": 5, "C003": 4, "C005": 3, "C007": 2, "C000": 1, "C002": 2, "C004": 3, "C006": 4}
PROB = {"C001": 90, "C003": 60, "C005": 50, "C007": 30, "C000": 10, "C002": 49, "C004": 70, "C006": 30}


def test_five_point_scale_is_analysed_from_the_rating_and_its_decision(tmp_path):
    folder = _study(tmp_path, StudyProtocol(scale="five_point"))
    _read_all(folder, "R1", lambda c, y: {"rating": FIVE[c]}, lambda c, y: {"rating": 5 if y else 1})
    res = analyze_study(folder, key=default_key_path(folder))
    u, a = res.pooled["unaided"], res.pooled["aided"]
    # AUC by hand, PH ratings 5 4 3 2 vs no-PH 1 2 3 4 (ties count 1/2): (4 + 3.5 + 2.5 + 1.5) / 16
    assert u.auc == pytest.approx(11.5 / 16)
    # decision = rating >= 4: PH 5, 4 called (2/4); no PH 4 called (3/4 correct); accuracy 5/8
    assert (u.sensitivity.estimate, u.specificity.estimate, u.accuracy.estimate) == (0.5, 0.75, 0.625)
    assert (a.auc, a.accuracy.estimate) == (1.0, 1.0)
    assert "rating >= 4" in res.decision_rule
    assert any("five_point" in n for n in res.notes)
    table = study_table(folder, key=default_key_path(folder))
    assert sorted(set(table.rating)) == [1.0, 2.0, 3.0, 4.0, 5.0] and table.decision_given


def test_probability_scale_uses_50_as_the_decision_threshold(tmp_path):
    folder = _study(tmp_path, StudyProtocol(scale="probability"))
    _read_all(folder, "R1", lambda c, y: {"rating": PROB[c]}, lambda c, y: {"rating": 100 if y else 0})
    full = analyze_study_full(folder, key=default_key_path(folder))
    u = full.result.pooled["unaided"]
    # AUC by hand: PH 90 60 50 30 vs no-PH 10 49 70 30: (4 + 3 + 3 + 1.5) / 16
    assert u.auc == pytest.approx(11.5 / 16)
    # >= 50 is PH: PH 90 60 50 called (3/4), no PH 70 called (3/4 correct), 49 is not; accuracy 6/8
    assert (u.sensitivity.estimate, u.specificity.estimate, u.accuracy.estimate) == (0.75, 0.75, 0.75)
    doc = analysis_dict(full.result, source=folder, study=full.study, action=full.action)
    assert doc["scale"] == "probability" and "probability >= 50" in doc["decision_rule"]
    assert doc["protocol"]["scale"] == "probability" and doc["action"] is None


def test_binary_confidence_scale_rates_50_plus_minus_half_the_confidence(tmp_path):
    folder = _study(tmp_path, StudyProtocol())
    # unaided: right answers, more confident on the PH cases; a "no" with confidence 0 rates 50
    _read_all(folder, "R1", lambda c, y: {"ph": bool(y), "confidence": 80 if y else 0},
              lambda c, y: {"ph": bool(y), "confidence": 100})
    res = analyze_study(folder, key=default_key_path(folder))
    assert res.pooled["unaided"].accuracy.estimate == 1.0 and res.pooled["unaided"].auc == 1.0
    assert set(study_table(folder, key=default_key_path(folder)).rating) == {50.0, 90.0, 0.0, 100.0}
    assert res.decision_rule == "decision = the reader's PH yes/no answer"
    with open_session(folder, "R1") as s:
        assert s.protocol.scale == "binary_confidence"


def test_answers_are_checked_against_the_scale_in_one_line(tmp_path):
    folder = _study(tmp_path, StudyProtocol(scale="five_point"))
    s = open_session(folder, "R1")
    s.show_case()
    for kwargs, match in [({"ph": True, "confidence": 70}, "give rating, not ph and confidence"),
                          ({"rating": 6}, "between 1 and 5"), ({"rating": 2.5}, "whole number 1-5"),
                          ({"rating": True}, "whole number"), ({}, "whole number 1-5")]:
        with pytest.raises(StudyError, match=match) as err:
            s.answer(**kwargs)
        assert "\n" not in str(err.value)
    rec = s.answer(rating=4)
    assert (rec.rating, rec.ph, rec.confidence) == (4.0, True, None)
    s.close()
    folder2 = _study(tmp_path / "b", StudyProtocol())
    with open_session(folder2, "R1") as s2:
        s2.show_case()
        with pytest.raises(StudyError, match="not a rating"):
            s2.answer(rating=3)
        assert s2.answer(ph=True, confidence=70).rating == 85.0  # the old call keeps working
    assert [decision_of("five_point", r) for r in range(1, 6)] == [False, False, False, True, True]
    assert decision_of("probability", 49) is False and decision_of("probability", 50) is True


def test_scale_wording_is_one_source_for_gui_and_report():
    assert [v for v, _ in scale_choices("five_point")] == [1, 2, 3, 4, 5]
    assert scale_choices("five_point")[0][1] == "Definitely no" and scale_choices("five_point")[-1][1] == "Definitely yes"
    assert {s: bool(scale_label(s)) for s in SCALES} == dict.fromkeys(SCALES, True)
    with pytest.raises(StudyError, match="unknown rating scale"):
        StudyProtocol(scale="ten_point")


# --------------------------------------------------------------------------
# practice cases, prefill, action question, comments
# --------------------------------------------------------------------------


def test_practice_cases_come_first_and_are_never_analysed(tmp_path):
    manifest = make_manifest(tmp_path / "data", 10)  # C008 (no PH) and C009 (PH) are the practice cases
    folder = tmp_path / "study"
    protocol = StudyProtocol(scale="five_point", practice_cases=("C009", "C008"))
    create_study(folder, manifest, ["R1", "R2"], "sequential", 5, protocol=protocol)
    truth = _truth(folder)
    for reader in ("R1", "R2"):
        s = open_session(folder, reader)
        seen = []
        while s.phase != "done":
            c = s.show_case().case_id
            seen.append((c, s.is_practice))
            wrong = s.is_practice  # practice answers all wrong: they must not move any figure
            s.answer(rating=FIVE[c] if not wrong else (1 if truth[c] else 5))
            s.lock_and_show_ai()
            s.answer_aided(rating=(5 if truth[c] else 1) if not wrong else (1 if truth[c] else 5))
        s.close()
        assert seen[:2] == [("C009", True), ("C008", True)]  # first, in the protocol's order, for everyone
        assert not any(p for _, p in seen[2:]) and len(seen) == 10
    full = analyze_study_full(folder, key=default_key_path(folder))
    res = full.result
    assert res.n_cases == 8 and full.n_practice_reads == 8
    assert res.pooled["unaided"].auc == pytest.approx(11.5 / 16) and res.pooled["aided"].accuracy.estimate == 1.0
    assert not {"C008", "C009"} & set(study_table(folder, key=default_key_path(folder)).case)
    assert any("practice" in n for n in res.notes)
    with StudyStore(folder / "study.sqlite") as store:
        assert {r.case_id for r in store.reads() if r.practice} == {"C008", "C009"}


def test_practice_cases_must_be_in_the_manifest(tmp_path):
    manifest = make_manifest(tmp_path / "data", 4)
    with pytest.raises(StudyError, match="not in the manifest"):
        create_study(tmp_path / "s", manifest, ["R1"], "sequential", 1,
                     protocol=StudyProtocol(practice_cases=("C999",)))
    with pytest.raises(StudyError, match="no case of each kind"):
        create_study(tmp_path / "s", manifest, ["R1"], "sequential", 1,
                     protocol=StudyProtocol(practice_cases=("C001", "C003")))


def test_prefill_of_the_aided_answer_is_off_by_default(tmp_path):
    assert StudyProtocol().prefill_aided is False
    folder = _study(tmp_path, StudyProtocol())
    s = open_session(folder, "R1")
    s.show_case()
    s.answer(ph=True, confidence=60)
    s.lock_and_show_ai()
    assert s.protocol.prefill_aided is False and s.aided_prefill is None
    s.close()
    folder2 = _study(tmp_path / "b", StudyProtocol(prefill_aided=True))
    with open_session(folder2, "R1") as s2:
        s2.show_case()
        s2.answer(ph=True, confidence=60)
        s2.lock_and_show_ai()
        assert (s2.aided_prefill.ph, s2.aided_prefill.confidence) == (True, 60)
    assert json.loads((folder2 / "study.json").read_text())["protocol"]["prefill_aided"] is True


def test_action_question_and_comment_are_recorded_and_summarised(tmp_path):
    protocol = StudyProtocol(action_question="Refer for echocardiography?", comment=True,
                             instructions="Read each case as in clinic.\nNo time limit.")
    folder = _study(tmp_path, protocol)
    s = open_session(folder, "R1")
    assert s.protocol.instructions.startswith("Read each case") and "\n" in s.protocol.instructions
    s.show_case()
    with pytest.raises(StudyError, match="action question"):
        s.answer(ph=True, confidence=50)
    with pytest.raises(StudyError, match="longer than"):
        s.answer(ph=True, confidence=50, action=True, comment="x" * (MAX_COMMENT + 1))
    s.close()
    # unaided: refer everyone; aided: refer exactly the PH cases
    _read_all(folder, "R1", lambda c, y: {"ph": bool(y), "confidence": 50, "action": True, "comment": "  "},
              lambda c, y: {"ph": bool(y), "confidence": 90, "action": bool(y), "comment": f"note on {c}"})
    with StudyStore(folder / "study.sqlite") as store:
        reads = store.reads()
        assert all(r.comment is None for r in reads if r.condition == "unaided")  # blank: no comment
        assert {r.comment for r in reads if r.condition == "aided"} == {f"note on C{i:03d}" for i in range(8)}
        assert store.check_invariants() == []
        ev = [e for e in store.events() if e["event"] == "answered" and e["condition"] == "aided"]
        assert all(e["action"] in (0, 1) and e["comment"].startswith("note on") for e in ev)
    full = analyze_study_full(folder, key=default_key_path(folder))
    act = full.action
    assert act.question == "Refer for echocardiography?"
    assert (act.by_arm["unaided"]["PH"].estimate, act.by_arm["unaided"]["no PH"].estimate) == (1.0, 1.0)
    assert (act.by_arm["aided"]["PH"].estimate, act.by_arm["aided"]["no PH"].estimate) == (1.0, 0.0)
    assert act.by_arm["aided"]["all"].n == 8 and act.per_reader["R1"]["aided"].successes == 4
    text = format_summary(full.result, study=full.study, action=act)
    assert "Refer for echocardiography?" in text and "scale:" in text
    doc = analysis_dict(full.result, source=folder, study=full.study, action=act)
    assert doc["action"]["by_arm"]["aided"]["no PH"]["estimate"] == 0.0


def test_no_action_or_comment_where_the_protocol_asks_none(tmp_path):
    folder = _study(tmp_path, StudyProtocol())
    with open_session(folder, "R1") as s:
        s.show_case()
        with pytest.raises(StudyError, match="asks no action question"):
            s.answer(ph=True, confidence=50, action=True)
        with pytest.raises(StudyError, match="takes no comments"):
            s.answer(ph=True, confidence=50, comment="hello")


# --------------------------------------------------------------------------
# the key: outside the folder, never needed to read, needed to analyse
# --------------------------------------------------------------------------


def test_key_file_is_outside_the_folder_and_never_needed_to_read(tmp_path):
    folder = _study(tmp_path, StudyProtocol(), readers=("R1", "R2"))
    key = default_key_path(folder)
    assert key.is_file() and not key.resolve().is_relative_to(folder.resolve())
    truth = _truth(folder)
    key_text = key.read_text()
    nonce = json.loads(key_text)["nonce"]
    for f in folder.rglob("*"):  # nothing in the readers' folder holds the labels or the key
        if f.is_file():
            data = f.read_bytes()
            assert b'"labels"' not in data and nonce.encode() not in data, f.name
    # the coordinator takes the key away: readers still finish the study
    away = tmp_path / "coordinator" / "key.json"
    away.parent.mkdir()
    shutil.move(key, away)
    for r in ("R1", "R2"):
        _read = open_session(folder, r)
        while _read.phase != "done":
            c = _read.show_case().case_id
            _read.answer(ph=bool(truth[c]), confidence=40)
            _read.lock_and_show_ai()
            _read.answer_aided(ph=bool(truth[c]), confidence=90)
        _read.close()
    with pytest.raises(StudyError, match="coordinator's key file") as err:
        analyze_study(folder)
    assert "\n" not in str(err.value) and "--key" in str(err.value)
    res = analyze_study(folder, key=away)
    assert res.pooled["aided"].accuracy.estimate == 1.0
    assert LABELS_IN_FOLDER_NOTE not in res.notes
    # a changed key (one label flipped) or another study's key is refused in one line
    doc = json.loads(away.read_text())
    cid = next(iter(doc["labels"]))
    doc["labels"][cid] = 1 - doc["labels"][cid]
    forged = tmp_path / "coordinator" / "forged.json"
    forged.write_text(json.dumps(doc, indent=2))
    with pytest.raises(StudyError, match="not the key of study"):
        analyze_study(folder, key=forged)
    other = _study(tmp_path / "other", StudyProtocol())
    with pytest.raises(StudyError, match="not the key of study"):
        analyze_study(folder, key=default_key_path(other))
    with pytest.raises(StudyError, match="key file not found"):
        analyze_study(folder, key=tmp_path / "nope.json")


def test_key_path_inside_the_study_folder_is_refused(tmp_path):
    manifest = make_manifest(tmp_path / "data", 4)
    folder = tmp_path / "study"
    for bad in (folder / "key.json", folder / "sub" / "key.json"):
        with pytest.raises(StudyError, match="outside the study folder") as err:
            create_study(folder, manifest, ["R1"], "sequential", 1, key_path=bad)
        assert "\n" not in str(err.value)
    assert not folder.exists()
    create_study(folder, manifest, ["R1"], "sequential", 1, key_path=tmp_path / "k.json")
    with pytest.raises(StudyError, match="already exists"):  # a key is never overwritten
        create_study(tmp_path / "study2", manifest, ["R1"], "sequential", 1, key_path=tmp_path / "k.json")
    assert not (tmp_path / "study2").exists()


def test_crossover_seed_is_kept_in_the_key(tmp_path):
    manifest = make_manifest(tmp_path / "data", 8)
    folder = tmp_path / "study"
    create_study(folder, manifest, ["R1", "R2"], "crossover", 77, washout_days=14)
    assert json.loads((folder / "study.json").read_text())["seed"] is None
    assert load_study(folder).seed is None and load_study(folder, key=default_key_path(folder)).seed == 77


def test_cli_create_with_protocol_and_analyze_needs_the_key(tmp_path, run):  # noqa: F811
    manifest = make_manifest(tmp_path / "data", 8)
    study, key = tmp_path / "study", tmp_path / "coord" / "k.json"
    key.parent.mkdir()
    instructions = tmp_path / "instructions.txt"
    instructions.write_text("Read as in clinic.", encoding="utf-8")
    rc, out, err = run("study", "create", "--manifest", manifest, "--readers", "R1", "--design", "sequential",
                       "--seed", 3, "--out", study, "--key-out", study / "k.json")
    assert rc == 2 and "outside the study folder" in err and err.count("\n") == 1
    rc, out, err = run("study", "create", "--manifest", manifest, "--readers", "R1", "--design", "sequential",
                       "--seed", 3, "--out", study, "--key-out", key, "--scale", "five_point",
                       "--action-question", "Refer for echocardiography?", "--practice", "C000,C001",
                       "--instructions", instructions, "--comments")
    assert rc == 0, err
    assert "6 cases (3 PH, 3 no PH) and 2 practice case(s)" in out and str(key) in out
    p = load_study(study).protocol
    assert (p.scale, p.action_question, p.practice_cases, p.instructions, p.comment, p.prefill_aided) == (
        "five_point", "Refer for echocardiography?", ("C000", "C001"), "Read as in clinic.", True, False)
    truth = load_study(study, key=key).truth()
    s = open_session(study, "R1")
    while s.phase != "done":
        c = s.show_case().case_id
        s.answer(rating=4 if truth[c] else 2, action=bool(truth[c]))
        s.lock_and_show_ai()
        s.answer_aided(rating=5 if truth[c] else 1, action=bool(truth[c]))
    s.close()
    rc, out, err = run("study", "analyze", study)
    assert rc == 2 and "--key KEY.json" in err and err.count("\n") == 1
    rc, out, err = run("study", "analyze", study, "--key", key, "--json")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["n_cases"] == 6 and doc["scale"] == "five_point" and "rating >= 4" in doc["decision_rule"]
    assert doc["action"]["by_arm"]["aided"]["PH"]["estimate"] == 1.0
    rc, out, err = run("study", "analyze", study, "--key", key)
    assert rc == 0 and "Refer for echocardiography?" in out and "rating >= 4" in out


# --------------------------------------------------------------------------
# a study written by the previous PH-Assist
# --------------------------------------------------------------------------


def test_old_study_opens_migrates_continues_and_analyses(tmp_path, run):  # noqa: F811
    root = tmp_path / "legacy"
    shutil.copytree(LEGACY, root)
    folder = root / "study"
    with sqlite3.connect(folder / "study.sqlite") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"
        before = conn.execute("SELECT reader, case_id, condition, ph, confidence, locked FROM reads "
                              "ORDER BY reader, step").fetchall()
    conn.close()
    study = load_study(folder)
    assert study.labels_in_folder and study.protocol.prefill_aided and study.protocol.scale == "binary_confidence"
    s = open_session(folder, "R2")  # opening migrates the log: nothing a reader saved is lost
    assert s.phase == "awaiting_lock" and s.recorded_answer.confidence == 30 and s.recorded_answer.rating is None
    truth = study.truth()
    s.resume()  # closed with the case on screen: paused
    s.show_case()
    s.lock_and_show_ai()
    assert s.aided_prefill is not None  # the old studies prefilled: they still do
    s.answer_aided(ph=True, confidence=70)
    while s.phase != "done":
        c = s.show_case().case_id
        s.answer(ph=bool(truth[c]), confidence=50)
        s.lock_and_show_ai()
        s.answer_aided(ph=bool(truth[c]), confidence=95)
    s.close()
    with StudyStore(folder / "study.sqlite") as store:
        after = [(r.reader, r.case_id, r.condition, int(r.ph), r.confidence, int(r.locked)) for r in store.reads()]
        assert store.check_invariants() == []
    assert [a for a in after if a[0] == "R1"] == [tuple(b) for b in before if b[0] == "R1"]
    res = analyze_study(folder)  # no key: the labels are in study.json, and the notes say so
    assert LABELS_IN_FOLDER_NOTE in res.notes and res.n_cases == 4
    # R1: unaided wrong on C000 only (7/8 ... of 4 cases: 3/4), aided all right
    assert res.per_reader["R1"]["unaided"].accuracy.estimate == 0.75
    assert res.per_reader["R1"]["aided"].accuracy.estimate == 1.0
    rc, out, err = run("study", "analyze", folder)
    assert rc == 0 and "warning: this study was made by an older PH-Assist" in err


def test_crossover_practice_cases_are_read_first_without_and_with_the_ai(tmp_path):
    manifest = make_manifest(tmp_path / "data", 10)
    folder = tmp_path / "study"
    protocol = StudyProtocol(scale="probability", practice_cases=("C008", "C009"))
    create_study(folder, manifest, ["R1", "R2"], "crossover", 4, washout_days=1, protocol=protocol,
                 key_path=tmp_path / "deep" / "new" / "k.json")  # the key's folder is made
    plain = create_study(tmp_path / "plain", make_manifest(tmp_path / "d2", 8), ["R1", "R2"], "crossover", 4,
                         washout_days=1)
    study = load_study(folder)
    for r in ("R1", "R2"):
        s1 = study.schedule[r][0].cases
        assert s1[:2] == (("C008", ("unaided",)), ("C009", ("aided",)))
        assert [c for c, _ in s1[2:]] == [c for c, _ in plain.schedule[r][0].cases]  # same seed, same order
    clock = [T0]

    def now():
        clock[0] += dt.timedelta(minutes=1)
        return clock[0]

    s = open_session(folder, "R1", clock=now)
    first = s.show_case()
    assert (first.case_id, s.is_practice, s.phase) == ("C008", True, "unaided")
    s.answer(rating=20)
    assert s.show_case().case_id == "C009" and s.is_practice and s.ai_visible
    s.answer_aided(rating=80)
    s.show_case()
    assert not s.is_practice
    s.close()
