"""Background work of the desktop app: model loading, file reading, assessment, worklists, reports.

Everything slow runs on a :class:`~PySide6.QtCore.QThreadPool`, never on the
GUI thread, and reports back through Qt signals (queued into the GUI thread).
The functions that do the work (``load_bundle_task``, ``read_files_task``,
``assess_task``, ``score_manifest_task``, ``report_task``) are plain Python:
they call the Qt-free science (:func:`~ph_assist.cases.load_case`,
:func:`~ph_assist.assessment.assess`, ...) and know nothing about widgets.

Errors: a :class:`~ph_assist.errors.PHAssistError` reaches the window as the
exception object (its ``str()`` is one line naming the file); anything else is
a bug of ours and is turned into one line too (``internal error (...)``), the
traceback going to the ``ph_assist.gui`` logger only.

Grad-CAM registers hooks on the networks, which is not thread-safe: every use
of a bundle's networks holds :func:`bundle_lock` (one assessment at a time
per bundle), so a worklist scoring in the background and the case under
review never run the networks concurrently.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
import traceback
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from ph_assist.cases import folder_case_files, record_header, route_files
from ph_assist.errors import PHAssistError

if TYPE_CHECKING:  # not imported at run time: the window opens before PyTorch and the models load
    from ph_assist.assessment import Assessment
    from ph_assist.io.cxr import CXR
    from ph_assist.io.ecg import ECG
    from ph_assist.io.labs import Labs
    from ph_assist.models.bundle import ModelBundle
    from ph_assist.resources import DemoCase

log = logging.getLogger("ph_assist.gui")

__all__ = [
    "CaseResult",
    "FileResult",
    "Job",
    "JobRunner",
    "WorklistItem",
    "assess_task",
    "bundle_lock",
    "demo_case_task",
    "folder_case_files",
    "folder_case_task",
    "internal_error_text",
    "load_bundle_task",
    "measure_ecg_task",
    "prepare_viewers_task",
    "read_files_task",
    "report_task",
    "route_files",
    "score_manifest_task",
    "warm_up",
]

# ---------------------------------------------------------------- locks

_LOCKS: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def bundle_lock(bundle: ModelBundle) -> threading.Lock:
    """The lock every use of ``bundle``'s networks holds (Grad-CAM hooks are not thread-safe)."""
    with _LOCKS_GUARD:
        lock = _LOCKS.get(bundle)
        if lock is None:
            lock = _LOCKS[bundle] = threading.Lock()
        return lock


def internal_error_text(exc: BaseException) -> str:
    """One line for an unexpected exception (a bug of ours), never a traceback."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if len(text) > 200:
        text = text[:197] + "..."
    return QCoreApplication.translate("workers", "internal error ({name}: {text}); please report it").format(
        name=type(exc).__name__, text=text)


# ---------------------------------------------------------------- jobs


class JobSignals(QObject):
    """Signals of one :class:`Job` (a QRunnable cannot have signals itself)."""

    progress = Signal(int, object, str)  # done, total (int or None), text
    item = Signal(object)  # a partial result (worklist rows as they are scored)
    finished = Signal(object)  # the result
    failed = Signal(object)  # the exception (PHAssistError) or an internal-error line (str)


class Job(QRunnable):
    """One piece of background work: ``fn(job, *args, **kwargs)`` on a pool thread.

    ``fn`` may call :meth:`report` (progress), :meth:`emit_item` (partial
    results) and poll :meth:`cancelled`.
    """

    def __init__(self, name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (JobRunner keeps it until it is done)
        self.name = name
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()
        self.seconds = float("nan")

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int | None, text: str = "") -> None:
        self.signals.progress.emit(int(done), total, text)

    def emit_item(self, item: Any) -> None:
        self.signals.item.emit(item)

    def run(self) -> None:  # pool thread
        t0 = time.perf_counter()
        try:
            result = self.fn(self, *self.args, **self.kwargs)
        except PHAssistError as exc:
            self.seconds = time.perf_counter() - t0
            self.signals.failed.emit(exc)
        except Exception as exc:  # noqa: BLE001 - a bug of ours: one line for the user, the traceback for the log
            self.seconds = time.perf_counter() - t0
            log.error("job %s failed:\n%s", self.name, traceback.format_exc())
            self.signals.failed.emit(internal_error_text(exc))
        else:
            self.seconds = time.perf_counter() - t0
            self.signals.finished.emit(result)
        finally:
            self.done.set()


class JobRunner(QObject):
    """Starts :class:`Job` s on its own thread pool and keeps them alive until they report.

    ``busyChanged(busy, text)`` follows the jobs that were started with a
    ``label`` (the window's busy bar); ``label=None`` jobs run silently.
    """

    busyChanged = Signal(bool, str)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._jobs: dict[Job, str | None] = {}
        self._closed = False

    def close(self) -> None:
        """Stop delivering results (the owner is going away); running jobs finish unobserved."""
        self._closed = True

    def submit(self, name: str, fn: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Any], None] | None = None,
               on_progress: Callable[[int, Any, str], None] | None = None,
               on_item: Callable[[Any], None] | None = None,
               label: str | None = None, **kwargs: Any) -> Job:
        job = Job(name, fn, *args, **kwargs)
        self._jobs[job] = label
        if on_progress is not None:
            job.signals.progress.connect(on_progress)
        if on_item is not None:
            job.signals.item.connect(on_item)
        # Forget the job first, so that a handler starting another job sees the right busy state.
        job.signals.finished.connect(lambda result, j=job: self._finish(j, on_done, result))
        job.signals.failed.connect(lambda err, j=job: self._finish(j, on_error, err))
        self.pool.start(job)
        self._emit_busy()
        return job

    def _finish(self, job: Job, handler: Callable[[Any], None] | None, value: Any) -> None:
        self._jobs.pop(job, None)
        if self._closed:
            return
        self._emit_busy()
        if handler is not None:
            handler(value)

    def _emit_busy(self) -> None:
        if self._closed:
            return
        labels = [lab for lab in self._jobs.values() if lab]
        self.busyChanged.emit(bool(labels), labels[-1] if labels else "")

    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def busy(self) -> bool:
        """Whether any job has not reported yet (its result may still be queued)."""
        return bool(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool threads are idle (does not deliver the queued results)."""
        return bool(self.pool.waitForDone(msecs))


# ---------------------------------------------------------------- tasks (plain Python, no widgets)


def warm_up(bundle: ModelBundle) -> None:
    """Run each network once with Grad-CAM on zeros, so the first real case is not slowed by
    PyTorch's lazy initialisation.  Has no effect on results (eval mode, no state)."""
    import torch

    from ph_assist.explain.gradcam import cxr_gradcam, ecg_gradcam

    with bundle_lock(bundle):
        try:
            n = bundle.ecg_preprocess.n_samples
            ecg_gradcam(bundle.ecg_net, torch.zeros(1, 12, n), bundle.ecg_net.target_layer)
            s = bundle.cxr_input_size
            cxr_gradcam(bundle.cxr_net, torch.zeros(1, bundle.cxr_net.in_channels, s, s),
                        bundle.cxr_net.target_layer)
        except Exception:  # noqa: BLE001 - warm-up only: a real case will report any real problem
            log.debug("warm-up failed:\n%s", traceback.format_exc())


def load_bundle_task(job: Job, path: str | os.PathLike | None, warm: bool = True) -> ModelBundle:
    """Load the given (or the default) model bundle; warm it up."""
    from ph_assist.resources import load_default_bundle

    job.report(0, None, QCoreApplication.translate("workers", "Loading model bundle…"))
    bundle = load_default_bundle(path)
    if warm:
        job.report(1, None, QCoreApplication.translate("workers", "Preparing models…"))
        warm_up(bundle)
    return bundle


def prepare_viewers_task(job: Job) -> None:
    """Import what the viewers and the results need (NumPy signal processing, colour maps)."""
    import ph_assist.preprocess.display_filters  # noqa: F401  (pulls SciPy; the ECG viewer needs it)
    from ph_assist.gui import colormaps

    colormaps.colormap_lut(colormaps.DEFAULT_CMAP)  # imports matplotlib's colour tables


def demo_case_task(job: Job, folder: str | os.PathLike | None = None) -> DemoCase:
    """The demo patient's files (generated into the cache folder on first use)."""
    from ph_assist.resources import demo_case

    job.report(0, None, QCoreApplication.translate("workers", "Preparing the demo case…"))
    return demo_case(folder)


@dataclasses.dataclass(frozen=True)
class FileResult:
    """One file read for the case under review."""

    path: Path
    kind: str | None  # "ecg", "cxr" or None (unreadable)
    obj: Any = None  # ECG or CXR
    error: str | None = None  # one line naming the file


def read_files_task(job: Job, requests: Sequence[tuple[str | os.PathLike, str | None]]) -> list[FileResult]:
    """Read files for the case under review: ``[(path, kind)]`` with kind "ecg", "cxr" or None (detect)."""
    from ph_assist.cases import load_case

    out: list[FileResult] = []
    seen: set[Path] = set()
    for i, (raw, kind) in enumerate(requests):
        p = record_header(Path(raw))
        if p in seen:  # a WFDB record dropped as header and signal file
            continue
        seen.add(p)
        job.report(i, len(requests), QCoreApplication.translate("workers", "Reading {name}…").format(name=p.name))
        if kind is None:
            routed, problems = route_files([p])
            if problems:
                out.append(FileResult(p, None, error=problems[0]))
                continue
            kind = routed[0][1]
        # strict: the reader's own line, naming the file (the window masks it while identifiers are hidden)
        try:
            case = load_case(ecg_path=p if kind == "ecg" else None, cxr_path=p if kind == "cxr" else None,
                             strict=True)
        except PHAssistError as exc:
            out.append(FileResult(p, None, error=str(exc)))
            continue
        except MemoryError:
            out.append(FileResult(p, None, error=QCoreApplication.translate(
                "workers", "{path}: not enough memory to read this file").format(path=p)))
            continue
        obj = case.ecg if kind == "ecg" else case.cxr
        if obj is None:
            out.append(FileResult(p, None, error=case.problems[0] if case.problems else QCoreApplication.translate(
                "workers", "{path}: cannot be read").format(path=p)))
        else:
            out.append(FileResult(p, kind, obj))
    return out


def folder_case_task(job: Job, folder: str | os.PathLike) -> list[FileResult]:
    job.report(0, None, QCoreApplication.translate("workers", "Looking for the ECG and the chest X-ray…"))
    ecg, cxr = folder_case_files(folder)
    requests: list[tuple[Path, str | None]] = []
    if ecg is not None:
        requests.append((ecg, "ecg"))
    if cxr is not None:
        requests.append((cxr, "cxr"))
    return read_files_task(job, requests)


@dataclasses.dataclass(frozen=True)
class CaseResult:
    """The assessment of the case under review and what it was computed from."""

    serial: int
    assessment: Any  # Assessment
    seconds: float


def assess_task(job: Job, serial: int, bundle: ModelBundle, *, ecg: ECG | None = None, cxr: CXR | None = None,
                labs: Labs | None = None, case_id: str | None = None, explain: bool = True) -> CaseResult:
    """Score the case with Grad-CAM (one assessment at a time per bundle)."""
    from ph_assist.assessment import assess

    t0 = time.perf_counter()
    job.report(0, None, QCoreApplication.translate("workers", "Assessing the case…"))
    with bundle_lock(bundle):
        a = assess(bundle, ecg=ecg, cxr=cxr, labs=labs, explain=explain, case_id=case_id)
    return CaseResult(serial=serial, assessment=a, seconds=time.perf_counter() - t0)


@dataclasses.dataclass(frozen=True)
class WorklistItem:
    """One case of a worklist, scored (``risk`` set) or not (``issues`` say why)."""

    seq: int
    row: Any  # ManifestRow (paths, BNP: everything needed to open the case)
    case_id: str
    risk: float | None = None
    positive: bool | None = None
    category: str = ""
    partial: bool = False
    missing: tuple[str, ...] = ()
    subscores: dict[str, float] = dataclasses.field(default_factory=dict)
    threshold: float | None = None  # the default threshold of the inputs this case has
    threshold_inputs: str = ""
    unlike: tuple[str, ...] = ()  # modalities unlike the training data
    issues: tuple[str, ...] = ()
    bundle_name: str = ""
    bundle_id: str = ""
    banner: str = ""
    patient_mismatch: bool = False  # the ECG and the chest X-ray belong to different patients

    @property
    def scored(self) -> bool:
        return self.risk is not None


@dataclasses.dataclass(frozen=True)
class WorklistDone:
    manifest: Path
    n_cases: int
    n_scored: int
    n_failed: int
    cancelled: bool
    seconds: float


def score_manifest_task(job: Job, manifest: str | os.PathLike, bundle: ModelBundle) -> WorklistDone:
    """Score every case of a manifest without Grad-CAM, one at a time; rows stream out as items.

    The same steps as :func:`ph_assist.triage.triage` (read what can be read,
    score the rest, list the reasons), but case by case under the bundle
    lock, so the case under review can be assessed in between, and
    cancellable between cases.
    """
    from ph_assist.assessment import MODALITIES
    from ph_assist.triage import count_rows, score_manifest

    path = Path(manifest)
    t0 = time.perf_counter()
    total = count_rows(path)
    n = n_scored = n_failed = 0
    # A bad header raises ManifestError at the first case.
    for scored in score_manifest(path, bundle, guard=lambda: bundle_lock(bundle), cancelled=job.cancelled):
        row, a = scored.row, scored.assessment
        item = WorklistItem(seq=n, row=row, case_id=row.case_id, bundle_name=bundle.name,
                            bundle_id=bundle.bundle_id or "", banner=bundle.banner, issues=scored.issues,
                            patient_mismatch=bool(scored.patient_mismatch))
        if a is None:
            n_failed += 1
        else:
            n_scored += 1
            item = dataclasses.replace(
                item, risk=a.risk, positive=a.positive, category=a.category, partial=a.partial,
                missing=tuple(a.missing),
                subscores={m: a.subscores[m].probability for m in MODALITIES if m in a.subscores},
                threshold=float(a.threshold["threshold"]), threshold_inputs=str(a.threshold.get("inputs", "")),
                unlike=tuple(m for m in MODALITIES if m in a.subscores and a.subscores[m].unlike_training))
        n += 1
        job.emit_item(item)
        job.report(n, total, row.case_id)
    return WorklistDone(manifest=path, n_cases=n, n_scored=n_scored, n_failed=n_failed,
                        cancelled=job.cancelled(), seconds=time.perf_counter() - t0)


def measure_ecg_task(job: Job, ecg: ECG) -> dict[str, Any]:
    """The ECG's global measurements and PH criteria (:func:`ph_assist.ecg_measure.measurements_report`;
    never raises for an ECG it cannot measure: the dict says why)."""
    from ph_assist.ecg_measure import measurements_report

    job.report(0, None, QCoreApplication.translate("workers", "Measuring the ECG…"))
    return measurements_report(ecg)


def report_task(job: Job, path: str | os.PathLike, assessment: Assessment, *, ecg: ECG | None = None,
                cxr: CXR | None = None, labs: Labs | None = None, measurements: dict[str, Any] | None = None,
                cxr_overlay: str = "fill",
                ecg_filters: tuple[bool, int | None, bool] | None = None) -> Path:
    """Write the PDF report (matplotlib; no Qt); ``measurements``: the ECG's, when already computed;
    ``cxr_overlay`` and ``ecg_filters``: the viewers' choices (:func:`ph_assist.report.write_report`)."""
    from ph_assist.report import write_report

    job.report(0, None, QCoreApplication.translate("workers", "Writing the PDF report…"))
    return write_report(path, assessment, ecg=ecg, cxr=cxr, labs=labs, measurements=measurements,
                        cxr_overlay=cxr_overlay, ecg_filters=ecg_filters)
