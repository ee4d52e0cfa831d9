"""The case under review, without Qt: its state (:class:`CaseState`) and its rules (:class:`CaseController`).

The main window (:class:`~ph_assist.gui.main_window.MainWindow`) owns the widgets; this module owns
what they show.  Each thing that happens to the case (a file read, a BNP edit, a cleared viewer,
the model bundle ready, an assessment finished or failed) is a method of :class:`CaseController`;
the method updates the state and returns a list of *effects*, small frozen records such as
:class:`StartAssessment` or :class:`ShowResult`, that the window carries out with Qt, in order.
The rules can thus be tested without a window, the way napari pairs a Qt-free model
(``napari.components.Dims``) with the widget that draws it (``QtDims``).

The rules
---------
* An assessment is requested whenever the inputs change (a file read, a file cleared, a valid
  BNP value); while files are still being read, the request waits for them.
* Without any input there is no result (:class:`ClearResult`, :class:`ShowIdle`).
* Before the model bundle is ready a request waits ("Waiting for the model bundle…") and is
  carried out by :meth:`CaseController.bundle_ready`; without a bundle there are no scores.
* One assessment runs at a time.  Requests made while it runs are merged into one: when it
  ends, a result whose inputs are no longer the case's inputs (compared by identity), or one
  that a later request has overtaken, is dropped and the latest inputs are assessed instead.
  Only the latest result is ever shown.
* A new case (:meth:`CaseController.new_case`) drops the result and any files still being read
  for the old case (reads carry the serial number of the case they were started for).
* A file whose patient (compared by keyed hash only, :mod:`ph_assist.io.identity`) differs from
  the patient of the ECG or chest X-ray the case already holds is a conflict
  (:meth:`CaseController.different_patient`): the window asks whether to start a new case, add it
  anyway or cancel.  A file that does not say who the patient is never conflicts.
* The shown result is *stale* (:attr:`CaseState.stale`) when it no longer matches the inputs; an
  invalid BNP value keeps the last result, marked as computed for the last valid value.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ph_assist.io.identity import key_of, patient_mismatch, same_patient

__all__ = [
    "WAITING_FOR_BUNDLE", "READING_FILES", "BNP_INVALID_STALE",
    "CaseInputs", "CaseState", "CaseController", "Effect",
    "StartAssessment", "ShowResult", "ShowAssessError", "ShowIdle", "ShowBusy", "ClearResult",
    "MarkStale", "MarkCurrent",
]

WAITING_FOR_BUNDLE = "Waiting for the model bundle…"
READING_FILES = "Reading files…"
BNP_INVALID_STALE = "BNP value invalid — the result below is for the last valid value"

#: Bundle states: not asked for yet, being loaded, ready, or known to be unusable.
BUNDLE_STATES = ("idle", "loading", "ready", "missing")


@dataclasses.dataclass(frozen=True)
class CaseInputs:
    """What an assessment is computed from: the loaded ECG, chest X-ray and labs (each may be None)."""

    ecg: Any = None
    cxr: Any = None
    labs: Any = None

    def empty(self) -> bool:
        return self.ecg is None and self.cxr is None and self.labs is None

    def same_as(self, other: CaseInputs | None) -> bool:
        """The very same objects (identity: a re-read file is a new input even when equal)."""
        return other is not None and self.ecg is other.ecg and self.cxr is other.cxr and self.labs is other.labs

    def as_tuple(self) -> tuple[Any, Any, Any]:
        return self.ecg, self.cxr, self.labs


# ---------------------------------------------------------------- effects (what the window does)


@dataclasses.dataclass(frozen=True)
class StartAssessment:
    """Assess ``inputs`` with ``bundle`` in the background; report with ``result_arrived``/``error_arrived``."""

    inputs: CaseInputs
    bundle: Any
    case_id: str | None


@dataclasses.dataclass(frozen=True)
class ShowResult:
    """Show ``assessment`` (computed from ``inputs`` in ``seconds``) with its maps."""

    assessment: Any
    inputs: CaseInputs
    seconds: float


@dataclasses.dataclass(frozen=True)
class ShowAssessError:
    """The case could not be assessed: no result, no maps, the error (``text``) shown."""

    text: str


@dataclasses.dataclass(frozen=True)
class ShowIdle:
    """No result to show: the empty result panel, or ``no_bundle`` (why there are no scores)."""

    no_bundle: str | None = None


@dataclasses.dataclass(frozen=True)
class ShowBusy:
    """The result panel busy with ``text`` (None: the panel's own "assessing" text)."""

    text: str | None = None


@dataclasses.dataclass(frozen=True)
class ClearResult:
    """The result is gone: no Grad-CAM maps in the viewers, the result's actions disabled."""


@dataclasses.dataclass(frozen=True)
class MarkStale:
    """The shown result stays but no longer matches the inputs (``text`` says why)."""

    text: str


@dataclasses.dataclass(frozen=True)
class MarkCurrent:
    """The shown result matches the inputs."""


Effect = StartAssessment | ShowResult | ShowAssessError | ShowIdle | ShowBusy | ClearResult | MarkStale | MarkCurrent


# ---------------------------------------------------------------- the state


@dataclasses.dataclass
class CaseState:
    """The case under review: inputs, result, model bundle and the assessment in flight.

    Only :class:`CaseController` changes it; the window reads it.
    """

    # inputs
    ecg: Any = None
    ecg_path: Path | None = None
    cxr: Any = None
    cxr_path: Path | None = None
    labs: Any = None  # the last valid BNP (an invalid entry keeps it; see bnp_error)
    bnp_error: str | None = None  # the BNP field holds an invalid value (not used)
    case_id: str | None = None
    # the result shown
    assessment: Any = None
    assessed_inputs: CaseInputs | None = None
    # the model bundle
    bundle: Any = None
    bundle_state: str = "idle"
    bundle_message: str = ""
    # work in flight
    serial: int = 0  # the case's number: reads started for an older case are dropped
    reading: int = 0  # file reads in flight
    running: bool = False  # an assessment in flight
    again: bool = False  # a request came while it ran (merged: the latest inputs are assessed next)
    pending: CaseInputs | None = None  # the inputs of the assessment in flight

    def inputs(self) -> CaseInputs:
        return CaseInputs(self.ecg, self.cxr, self.labs)

    @property
    def stale(self) -> bool:
        """A result is shown but no longer matches the inputs (changed since, or an invalid BNP entry)."""
        return self.assessment is not None and (bool(self.bnp_error) or not self.inputs().same_as(self.assessed_inputs))

    @property
    def patient_mismatch(self) -> bool | None:
        """The ECG and the chest X-ray belong to different patients (None: cannot be told)."""
        return patient_mismatch(self.ecg, self.cxr)

    @property
    def idle_result(self) -> ShowIdle:
        """What the result panel shows without a result."""
        return ShowIdle(self.bundle_message if self.bundle_state == "missing" else None)


# ---------------------------------------------------------------- the rules


class CaseController:
    """The rules of the case under review (see the module docstring); every method returns effects."""

    def __init__(self, state: CaseState | None = None) -> None:
        self.state = state if state is not None else CaseState()

    # -- the model bundle

    def bundle_loading(self) -> None:
        self.state.bundle_state = "loading"

    def bundle_ready(self, bundle: Any) -> list[Effect]:
        """The bundle is loaded: a waiting request is carried out."""
        s = self.state
        s.bundle, s.bundle_state, s.bundle_message = bundle, "ready", ""
        return self.request()

    def bundle_failed(self, message: str) -> None:
        s = self.state
        s.bundle, s.bundle_state, s.bundle_message = None, "missing", message

    # -- the inputs

    def new_case(self) -> list[Effect]:
        """Forget the case: inputs, result, and the result of an assessment still running."""
        s = self.state
        s.serial += 1
        s.ecg = s.cxr = s.labs = None
        s.ecg_path = s.cxr_path = None
        s.bnp_error = None
        s.case_id = None
        s.assessment = s.assessed_inputs = None
        if s.running:
            s.again = True  # its result belongs to the old case
        return [s.idle_result]

    def begin_read(self) -> list[Effect]:
        """Files of this case are being read (requests wait for them)."""
        s = self.state
        s.reading += 1
        return [ShowBusy(READING_FILES)] if s.assessment is not None else []

    def read_done(self, serial: int) -> bool:
        """A read started for case ``serial`` ended; True when that case is still under review."""
        self.state.reading -= 1
        return serial == self.state.serial

    def different_patient(self, objs: list[Any]) -> bool:
        """True when one of ``objs`` (files just read) belongs to another patient than the ECG or
        chest X-ray the case holds (compared by keyed hash; unknown never conflicts)."""
        s = self.state
        held = [o for o in (s.ecg, s.cxr) if o is not None]
        return any(same_patient(key_of(a), key_of(b)) is False for a in held for b in objs if b is not None)

    def set_ecg(self, path: Path | None, ecg: Any) -> None:
        self.state.ecg, self.state.ecg_path = ecg, path

    def set_cxr(self, path: Path | None, cxr: Any) -> None:
        self.state.cxr, self.state.cxr_path = cxr, path

    def set_labs(self, labs: Any) -> None:
        """A valid BNP entry (or None: emptied)."""
        self.state.labs = labs

    def set_case_id(self, case_id: str | None) -> None:
        self.state.case_id = (case_id or "").strip() or None

    def bnp_checked(self, error: str | None) -> list[Effect]:
        """The BNP field was checked: ``error`` when it holds an invalid value.  The shown result stays,
        marked stale while the entry is invalid."""
        s = self.state
        s.bnp_error = error or None
        if s.assessment is None:
            return []
        return [MarkStale(BNP_INVALID_STALE)] if s.bnp_error else [MarkCurrent()]

    # -- the assessment

    def request(self) -> list[Effect]:
        """The inputs changed: assess them (now, after the files being read, after the running
        assessment, or once the bundle is ready)."""
        s = self.state
        if s.reading:
            return []
        inputs = s.inputs()
        if inputs.empty():
            s.assessment = s.assessed_inputs = None
            return [ClearResult(), s.idle_result]
        if s.bundle is None:
            return [s.idle_result] if s.bundle_state == "missing" else [ShowBusy(WAITING_FOR_BUNDLE)]
        if s.running:
            s.again = True
            return []
        s.pending, s.running = inputs, True
        return [ShowBusy(), StartAssessment(inputs, s.bundle, s.case_id)]

    def result_arrived(self, assessment: Any, seconds: float = float("nan")) -> list[Effect]:
        """The running assessment ended: show it, or assess the latest inputs when it is outdated."""
        s = self.state
        s.running = False
        if s.again or s.pending is None or not s.pending.same_as(s.inputs()):
            s.again = False
            return self.request()
        s.assessment, s.assessed_inputs = assessment, s.pending
        return [ShowResult(assessment, s.pending, seconds)]

    def error_arrived(self, text: str) -> list[Effect]:
        """The running assessment failed: no result (or assess the latest inputs when it was overtaken)."""
        s = self.state
        s.running = False
        if s.again:
            s.again = False
            return self.request()
        s.assessment = s.assessed_inputs = None
        return [ShowAssessError(text)]

    def settled(self) -> bool:
        """No assessment in flight or owed."""
        return not self.state.running and not self.state.again
