"""Figures of a reader study (matplotlib, Agg backend; no Qt).

:func:`plot_accuracy_slopes`
    Each reader's accuracy without -> with the AI (a slope chart), with the
    mean over readers in bold.
:func:`plot_roc`
    Empirical ROC curves of every reader (thin) and of all reads pooled
    (thick), without and with the AI.
:func:`save_plots`
    Both, as PNGs in a folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ph_assist.study.stats import ReadTable, StudyResult

__all__ = ["empirical_roc", "plot_accuracy_slopes", "plot_roc", "save_plots", "PLOT_FILES"]

PLOT_FILES = ("accuracy_slopes.png", "roc.png")
_COLOURS = ("#1f77b4", "#d62728")  # first (without AI), second (with AI) treatment


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() != "agg":
        matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def empirical_roc(truth, rating) -> tuple[np.ndarray, np.ndarray]:
    """(FPR, TPR) of the empirical ROC: one point per distinct rating, from (0, 0) to (1, 1)."""
    y = np.asarray(truth, dtype=int)
    x = np.asarray(rating, dtype=float)
    thresholds = np.unique(x)[::-1]
    n1, n0 = max(int((y == 1).sum()), 1), max(int((y == 0).sum()), 1)
    tpr = [0.0] + [float(np.sum((x >= t) & (y == 1))) / n1 for t in thresholds]
    fpr = [0.0] + [float(np.sum((x >= t) & (y == 0))) / n0 for t in thresholds]
    return np.array(fpr), np.array(tpr)


def _label(trt: str) -> str:
    return {"unaided": "without AI", "aided": "with AI"}.get(trt.lower(), f"treatment {trt}")


def plot_accuracy_slopes(result: StudyResult, path: str | os.PathLike, *, title: str | None = None) -> Path:
    """Slope chart of each reader's accuracy, first -> second treatment."""
    plt = _pyplot()
    t0, t1 = result.treatments
    fig, ax = plt.subplots(figsize=(5.5, 5.0), dpi=120)
    try:
        ends: dict[float, list[str]] = {}
        for reader in result.readers:
            a0 = result.per_reader[reader][t0].accuracy.estimate
            a1 = result.per_reader[reader][t1].accuracy.estimate
            colour = "#2ca02c" if a1 > a0 else ("#d62728" if a1 < a0 else "#7f7f7f")
            ax.plot([0, 1], [a0, a1], "-o", color=colour, alpha=0.8, lw=1.4, ms=5, zorder=3)
            ends.setdefault(round(a1, 6), []).append(str(reader))
        for a1, names in ends.items():  # readers ending at the same accuracy share one label
            text = ", ".join(names) if len(names) <= 4 else f"{', '.join(names[:3])} +{len(names) - 3}"
            ax.annotate(text, (1, a1), xytext=(7, 0), textcoords="offset points", va="center", fontsize=7)
        m0 = result.pooled[t0].accuracy.estimate
        m1 = result.pooled[t1].accuracy.estimate
        ax.plot([0, 1], [m0, m1], "--s", color="black", lw=2, ms=6, alpha=0.6, zorder=2,
                label=f"mean of readers: {m0:.1%} -> {m1:.1%}")
        ax.set_xticks([0, 1], [_label(t0), _label(t1)])
        ax.set_xlim(-0.3, 1.4)
        lo = min([result.per_reader[r][t].accuracy.estimate for r in result.readers for t in (t0, t1)] + [m0, m1])
        ax.set_ylim(max(0.0, lo - 0.1), 1.02)
        ax.set_ylabel("accuracy")
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
        ax.set_title(title or f"Reader accuracy ({len(result.readers)} readers, {result.n_cases} cases)")
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out)
    finally:
        plt.close(fig)
    return out


def plot_roc(table: ReadTable, result: StudyResult, path: str | os.PathLike, *, title: str | None = None) -> Path:
    """Empirical ROC curves per reader (thin) and pooled (thick), both treatments."""
    plt = _pyplot()
    kept = set(result.readers)
    cases = set(result.dropped_cases)
    fig, ax = plt.subplots(figsize=(5.5, 5.5), dpi=120)
    try:
        for trt, colour in zip(result.treatments, _COLOURS):
            rows = [(r, y, x) for r, t, c, y, x in zip(table.reader, table.treatment, table.case, table.truth,
                                                        table.rating)
                    if t == trt and r in kept and c not in cases]
            for reader in result.readers:
                ys = [y for r, y, _ in rows if r == reader]
                xs = [x for r, _, x in rows if r == reader]
                if ys:
                    fpr, tpr = empirical_roc(ys, xs)
                    ax.plot(fpr, tpr, "-", color=colour, alpha=0.25, lw=0.9)
            if rows:
                fpr, tpr = empirical_roc([y for _, y, _ in rows], [x for _, _, x in rows])
                auc = result.pooled[trt].auc
                auc_txt = "n/a" if auc is None or not np.isfinite(auc) else f"{auc:.3f}"
                ax.plot(fpr, tpr, "-", color=colour, lw=2.5,
                        label=f"{_label(trt)}: pooled reads (mean reader AUC {auc_txt})")
        ax.plot([0, 1], [0, 1], ":", color="grey", lw=1)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.set_xlabel("1 - specificity")
        ax.set_ylabel("sensitivity")
        ax.set_title(title or "ROC: readers (thin) and pooled reads (thick)")
        ax.legend(loc="lower right", fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out)
    finally:
        plt.close(fig)
    return out


def save_plots(table: ReadTable, result: StudyResult, folder: str | os.PathLike) -> list[Path]:
    """Write ``accuracy_slopes.png`` and ``roc.png`` into ``folder``; returns their paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    return [plot_accuracy_slopes(result, out / PLOT_FILES[0]), plot_roc(table, result, out / PLOT_FILES[1])]
