"""Worker for the kill test in tests/test_study_store.py (not a test itself).

    python tests/study_kill_worker.py STUDY_DIR READER

Opens the reader's session where the log says it stands, prints
``START <case> <condition> <phase>``, then reads cases as fast as it can and
prints ``ACK <case> <condition> <ph> <confidence>`` (flushed) after each
answer call has returned - i.e. after the answer was committed.  The answers
are a deterministic function of (case, condition, attempt) (:func:`planned`),
so the test knows them; some unaided answers are changed once before the lock
(:func:`changes`), and some cases pause and resume.  Prints ``DONE`` at the end.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _h(*parts: object) -> bytes:
    return hashlib.sha256("|".join(map(str, parts)).encode()).digest()


def planned(case: str, condition: str, attempt: int = 1) -> tuple[bool, int]:
    """(ph, confidence) of the attempt-th answer to (case, condition)."""
    h = _h(case, condition, attempt)
    return bool(h[0] & 1), h[1] % 101


def changes(case: str) -> bool:
    """Whether the worker changes this case's unaided answer once before locking it."""
    return _h(case, "change")[0] % 3 == 0


def pauses(case: str) -> bool:
    return _h(case, "pause")[0] % 5 == 0


def main(folder: str, reader: str) -> int:
    from ph_assist.study.protocol import open_session

    def ack(case: str, condition: str, value: tuple[bool, int]) -> None:
        sys.stdout.write(f"ACK {case} {condition} {int(value[0])} {value[1]}\n")
        sys.stdout.flush()

    s = open_session(folder, reader)
    cur = s.current_case
    sys.stdout.write(f"START {cur.case_id if cur else '-'} {s.condition or '-'} {s.phase}\n")
    sys.stdout.flush()
    if s.paused:
        s.resume()
    while s.phase != "done":
        case = s.show_case().case_id
        phase = s.phase
        if phase == "unaided":
            v1 = planned(case, "unaided", 1)
            s.answer(*v1)
            ack(case, "unaided", v1)
            if changes(case):
                v2 = planned(case, "unaided", 2)
                s.answer(*v2)
                ack(case, "unaided", v2)
            phase = s.phase
        if phase == "awaiting_lock":
            rec = s.recorded_answer
            v1 = planned(case, "unaided", 1)
            if changes(case) and rec is not None and (rec.ph, rec.confidence) == v1 and rec.n_changes == 0:
                v2 = planned(case, "unaided", 2)
                s.answer(*v2)
                ack(case, "unaided", v2)
            if pauses(case):
                s.pause()
                s.resume()
            s.lock_and_show_ai()
            phase = s.phase
        if phase == "aided":
            v = planned(case, "aided", 1)
            s.answer_aided(*v)
            ack(case, "aided", v)
    s.close()
    sys.stdout.write("DONE\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
