"""Time to commit one reader-study answer durably (WAL + synchronous=FULL).

Creates a throw-away sequential study (one reader) in a temporary folder,
reads its cases through :class:`ph_assist.study.ReaderSession` and times every
answer call (``answer`` = unaided, ``answer_aided``): each one checks the
protocol inside a ``BEGIN IMMEDIATE`` transaction, writes the read and its
event, and returns after the fsynced commit.  For reference it also times a
bare one-row INSERT + COMMIT on a WAL database with synchronous=FULL (the
floor set by the disk's fsync) and the lock-and-reveal call.  Prints JSON.

    .venv/bin/python benchmarks/bench_study_commit.py [--answers 200] [--dir DIR]

Use ``--dir`` on the disk the studies will live on: a tmpfs /tmp makes fsync
free and the numbers meaningless.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _fs_type(path: Path) -> str:
    try:
        best, kind = "", "unknown"
        real = str(path.resolve())
        with open("/proc/mounts", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) > 2 and real.startswith(parts[1]) and len(parts[1]) > len(best):
                    best, kind = parts[1], parts[2]
        return kind
    except OSError:
        return "unknown"


def _stats(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    p95 = s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
    return {"n": len(s), "median_ms": round(statistics.median(s), 3), "p95_ms": round(p95, 3),
            "min_ms": round(s[0], 3), "max_ms": round(s[-1], 3)}


def bare_commits(folder: Path, n: int) -> list[float]:
    conn = sqlite3.connect(folder / "bare.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    out = []
    for i in range(n):
        t = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (v) VALUES (?)", (f"row {i}",))
        conn.execute("COMMIT")
        out.append(1000 * (time.perf_counter() - t))
    conn.close()
    return out


def run(answers: int = 200, folder: str | os.PathLike | None = None) -> dict:
    """Time ``answers`` durable answer commits in a throw-away study under ``folder``
    (default: the system temp folder); returns the figures as a dict."""
    from ph_assist import __version__
    from ph_assist.study import create_study, open_session

    n_cases = max(2, (answers + 1) // 2)
    with tempfile.TemporaryDirectory(dir=folder, prefix="bench_study_") as tmp:
        root = Path(tmp)
        (root / "cases").mkdir()
        rows = ["case_id,ecg_path,cxr_path,bnp,bnp_unit,label"]
        for i in range(n_cases):
            (root / "cases" / f"c{i}.csv").write_text("x")
            rows.append(f"B{i:04d},cases/c{i}.csv,,{50 + i % 400},pg/mL,{i % 2}")
        (root / "manifest.csv").write_text("\n".join(rows) + "\n")
        create_study(root / "study", root / "manifest.csv", ["B1"], "sequential", 1)

        session = open_session(root / "study", "B1")
        answer_ms: list[float] = []
        lock_ms: list[float] = []
        show_ms: list[float] = []
        while session.phase != "done" and len(answer_ms) < answers:
            t = time.perf_counter()
            session.show_case()
            show_ms.append(1000 * (time.perf_counter() - t))
            t = time.perf_counter()
            session.answer(True, 60)
            answer_ms.append(1000 * (time.perf_counter() - t))
            t = time.perf_counter()
            session.lock_and_show_ai()
            lock_ms.append(1000 * (time.perf_counter() - t))
            if len(answer_ms) >= answers:
                break
            t = time.perf_counter()
            session.answer_aided(False, 70)
            answer_ms.append(1000 * (time.perf_counter() - t))
        journal = session._store.conn_pragma("journal_mode")
        sync = session._store.conn_pragma("synchronous")
        session.close(pause=False)
        bare = bare_commits(root, answers)
        fs = _fs_type(root)

    return {
        "benchmark": "study answer commit (durable)",
        "journal_mode": journal,
        "synchronous": {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(sync, sync),
        "answer_commit": _stats(answer_ms),
        "lock_and_show_ai": _stats(lock_ms),
        "show_case": _stats(show_ms),
        "bare_sqlite_insert_commit": _stats(bare),
        "filesystem": fs,
        "sqlite": sqlite3.sqlite_version,
        "python": platform.python_version(),
        "ph_assist": __version__,
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=200, help="answers to time (default 200)")
    ap.add_argument("--dir", help="where to create the temporary study (default: the system temp folder)")
    args = ap.parse_args(argv)
    print(json.dumps(run(args.answers, args.dir), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
