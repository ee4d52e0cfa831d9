"""Helpers shared by ``benchmarks/run.py``: machine description, median timing,
peak memory of a child process, and the plain-text table.

Nothing here imports torch at module level, so ``run.py --help`` and the
schema checks stay fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


# -- machine -------------------------------------------------------------------
def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 ** 2, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _blas() -> list[dict[str, Any]]:
    """BLAS / OpenMP thread pools loaded in this process (numpy's OpenBLAS, torch's OpenMP)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return []
    keep = ("internal_api", "version", "num_threads", "threading_layer", "architecture")
    return [{k: d[k] for k in keep if k in d} for d in threadpool_info()]


def machine_info(*, with_torch: bool = True) -> dict[str, Any]:
    """Where the figures come from: CPU, cores, RAM, GPU, library versions, thread settings, date."""
    import numpy as np

    info: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "host_cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "ram_gib": _ram_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "thread_env": {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                                     "OPENBLAS_CORETYPE", "PYTHONDONTWRITEBYTECODE")
                       if k in os.environ},
        "gpu": None,
    }
    if with_torch:
        import torch

        info["torch"] = torch.__version__
        info["torch_threads"] = torch.get_num_threads()
        if torch.cuda.is_available():
            info["gpu"] = torch.cuda.get_device_name(0)
    info["blas"] = _blas()  # after importing torch, so its OpenMP pool shows too
    with contextlib.suppress(Exception):  # a description, never a reason to fail
        import ph_assist

        info["ph_assist"] = ph_assist.__version__
    info["git_commit"] = _git_commit()
    return info


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=REPO, capture_output=True,
                             text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], check=False,
                               cwd=REPO,
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return out.stdout.strip() + ("+local changes" if dirty else "") if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def machine_line(m: Mapping[str, Any]) -> str:
    gpu = f", GPU {m['gpu']}" if m.get("gpu") else ", no GPU"
    torch_part = f", torch {m['torch']} ({m.get('torch_threads')} threads)" if m.get("torch") else ""
    return (f"{m['host_cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM{gpu}; Python {m['python']}, "
            f"numpy {m['numpy']}{torch_part}; load avg {m.get('load_avg_1m')}; {m['date']}")


# -- timing --------------------------------------------------------------------
def stats_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = sorted(1e3 * s for s in seconds)
    return {"median": round(statistics.median(ms), 3), "min": round(ms[0], 3), "max": round(ms[-1], 3),
            "n": len(ms)}


def timed(fn: Callable[[], object], repeats: int, warmup: int = 1) -> dict[str, float]:
    """Median (and min, max) milliseconds of ``fn()`` over ``repeats`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return stats_ms(times)


# -- child processes -------------------------------------------------------------
@dataclasses.dataclass
class ChildResult:
    returncode: int
    wall_s: float  # from just before the fork to the child's exit, measured by the launcher
    peak_rss_mb: float | None  # None if killed; the child's own peak resident set (ru_maxrss of that one process)
    stdout: str
    stderr: str
    timed_out: bool = False


# A small launcher forks and execs the command, waits for it with wait4 and reports the
# child's ru_maxrss.  Why not wait4 from here: Linux carries the parent's memory high-water
# mark across fork + exec into the child's ru_maxrss, so a child of this (torch-sized)
# process would show at least this process's RSS.  The launcher is a bare interpreter of
# about 10 MB, which is then the floor of every reported peak.
_LAUNCHER = r"""
import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
sys.stderr.flush()
os.write(2, ("\n@@bench-child maxrss_kb=%d wall_s=%.6f\n" % (ru.ru_maxrss, wall)).encode())
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""
_MARK = re.compile(r"\n?@@bench-child maxrss_kb=(\d+) wall_s=([0-9.]+)\n?$")


def run_child(cmd: Sequence[str], *, env: Mapping[str, str] | None = None, cwd: str | os.PathLike | None = None,
              timeout: float = 600.0) -> ChildResult:
    """Run ``cmd`` in a fresh process; its wall time and its own peak RSS.

    Output goes to temporary files, so a chatty child never blocks on a full pipe.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCHER, *cmd], stdout=out, stderr=err,
                                env=dict(env) if env else None, cwd=cwd, text=True, start_new_session=True)
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, 9)  # the launcher and the command (own session)
            proc.wait()
        outer = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    m = _MARK.search(stderr)
    if m:
        stderr = stderr[:m.start()]
        rss_mb, wall = round(int(m.group(1)) / 1024, 1), float(m.group(2))
    else:  # killed before it could report
        rss_mb, wall = None, outer
    return ChildResult(returncode=proc.returncode, wall_s=wall, peak_rss_mb=rss_mb, stdout=stdout,
                       stderr=stderr, timed_out=timed_out)


def children_peak_rss_mb() -> float:
    """Largest peak RSS of any child reaped so far (``RUSAGE_CHILDREN``); a cross-check only."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def self_peak_rss_mb() -> float | None:
    """This process's peak RSS (``VmHWM`` in ``/proc/self/status``)."""
    try:
        with open("/proc/self/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a benchmark child: this one, plus the repo on ``PYTHONPATH``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    env.update(extra)
    return env


# -- figures and the table ----------------------------------------------------------
def figure(name: str, value: float | None, unit: str, *, stat: str = "median", n: int | None = None,
           target: str | None = None, note: str = "", **extra: Any) -> dict[str, Any]:
    """One reported number.  ``value`` is ``None`` when it could not be measured (``note`` says why)."""
    f: dict[str, Any] = {"name": name, "value": None if value is None else round(float(value), 3),
                         "unit": unit, "stat": stat, "n": n, "note": note}
    if target:
        f["target"] = target
    f.update(extra)
    return f


def _fmt_value(v: float | None) -> str:
    if v is None:
        return "-"
    a = abs(v)
    if a >= 1000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def table(title: str, figures: Sequence[Mapping[str, Any]]) -> str:
    rows = [(f["name"], _fmt_value(f["value"]), f["unit"],
             f"{f['stat']}" + (f" of {f['n']}" if f.get("n") and f["stat"] == "median" else ""),
             "; ".join(x for x in (f"target {f['target']}" if f.get("target") else "", f.get("note") or "") if x))
            for f in figures]
    if not rows:
        return f"== {title}\n  (nothing measured)\n"
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    w3 = max(len(r[3]) for r in rows)
    lines = [f"== {title}"]
    for r in rows:
        lines.append(f"  {r[0]:<{w0}}  {r[1]:>{w1}} {r[2]:<{w2}}  {r[3]:<{w3}}  {r[4]}".rstrip())
    return "\n".join(lines) + "\n"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)
