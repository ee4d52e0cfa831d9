"""What the reader window shows, as pure functions of the reader's session (no Qt).

:class:`~ph_assist.study.protocol.ReaderSession` decides what a reader may do; this module turns
its answers into what the reader window (:class:`~ph_assist.gui.reader_mode.ReaderWindow`) puts on
screen, so that what a reader sees in each phase can be tested without a window:

* :func:`reader_step` — which page comes next (thank-you, washout, paused, load the case, wait
  for the AI, or the case itself), with the page's title and text;
* :func:`reader_view` — on the case page: the answer box's title, the submit / lock buttons
  (visible, enabled, label), the lock confirmation, the hint line, whether the AI may be shown;
* :func:`reader_header` — the progress line ("Case 3 of 12") and the Pause / Resume button;
* :func:`answer_missing` — what the reader still has to give before an answer can be submitted.

``session`` is anything with the attributes of a ``ReaderSession`` that these functions read
(``phase``, ``design``, ``condition``, ``paused``, ``shown``, ``ai_visible``, ``progress``,
``progress_info``, ``opens_at``, ``current_case``, ``recorded_answer``, ``unaided_answer``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ph_assist.i18n import translate

__all__ = ["ReaderHeader", "ReaderView", "ReaderStep", "reader_header", "reader_view", "reader_step",
           "answer_missing", "ai_placeholder_text", "ai_allowed", "instructions_text", "instructions_due",
           "progress_rows", "PROGRESS_COLUMNS"]

#: The window's states (see :data:`ph_assist.gui.reader_mode.STATES`): the case page is ``"reading"``.
READING = "reading"


@dataclasses.dataclass(frozen=True)
class ReaderHeader:
    """The header line: progress (``""`` before the session is open) and the Pause / Resume button."""

    progress: str
    pause_text: str
    pause_enabled: bool
    #: The case on screen is a practice case (its answers are not part of the study's results).
    practice: bool = False


@dataclasses.dataclass(frozen=True)
class ReaderView:
    """The answer controls of the case page.  ``None`` for a text: leave it as it is (not reading)."""

    reading: bool
    answer_enabled: bool
    answer_title: str | None
    submit_visible: bool
    submit_enabled: bool
    submit_text: str | None
    lock_visible: bool
    lock_enabled: bool
    confirm_visible: bool
    hint: str
    ai_allowed: bool  # the session allows the AI on screen now (see :func:`ai_allowed`)
    #: What Return does: ``"submit"``, ``"lock"`` (ask to lock), ``"confirm"`` (lock) or None (nothing now).
    primary: str | None = None


@dataclasses.dataclass(frozen=True)
class ReaderStep:
    """What the window does next.

    ``kind``: ``"done"``, ``"washout"``, ``"paused"``, ``"instructions"`` (a message page:
    ``title``, ``text``, ``button``); ``"load"`` (read the current case's files, page ``title``/``text``); ``"wait"``
    (files still being read: nothing changes); ``"prepare_ai"`` (the AI comes with the case: compute
    it first, page ``title``/``text``); ``"present"`` (the case page).
    """

    kind: str
    title: str = ""
    text: str = ""
    button: str | None = None


def answer_missing(ph: bool | None, confidence: int | None) -> str:
    """What the reader still has to do before submitting (``""`` when both are given)."""
    if ph is None and confidence is None:
        return "Choose yes or no and set your confidence."
    if ph is None:
        return "Choose yes or no."
    if confidence is None:
        return "Set your confidence: move the slider, or tick \u201cI have set my confidence\u201d."
    return ""


def ai_placeholder_text(design: str) -> str:
    """The text in place of the hidden AI panel."""
    if design == "crossover":
        return "This case is read without the AI."
    return ("The AI assessment is hidden while you read the case on your own.\n\n"
            "It appears after you submit and lock your unaided answer.")


def ai_allowed(session: Any, state: str) -> bool:
    """Whether the AI may be on screen: the case page, the case shown, an aided read with the AI revealed."""
    return session is not None and state == READING and bool(session.shown and session.ai_visible)


def reader_header(session: Any, state: str) -> ReaderHeader:
    """The header for ``session`` (None: not open) with the window in ``state``."""
    text = ""
    if session is not None:
        try:
            text = session.progress
        except Exception:  # pragma: no cover - the clock or the log failed
            text = ""
    paused = session is not None and session.paused
    return ReaderHeader(
        progress=text[:1].upper() + text[1:] if text else "",
        pause_text="Resume" if paused else "Pause",
        pause_enabled=session is not None and (paused or (state == READING and session.shown)),
        practice=bool(session is not None and state == READING and getattr(session, "is_practice", False)),
    )


def reader_view(session: Any, state: str, *, ph: bool | None = None, confidence: int | None = None,
                confirming: bool = False, ai_ready: bool = False) -> ReaderView:
    """The answer controls for ``session`` with the window in ``state``.

    Parameters
    ----------
    session : ReaderSession or None
        The reader's session (None before it is open).
    state : str
        The window's state; the controls are live only in ``"reading"``.
    ph, confidence : bool or None, int or None
        The answer in the answer box (None: not given yet).
    confirming : bool
        The reader asked to lock and is being asked to confirm.
    ai_ready : bool
        The AI shown is complete (a result or an error): the aided answer may be submitted.
    """
    reading = session is not None and state == READING
    phase = session.phase if reading else None
    answer = None if ph is None or confidence is None else (ph, confidence)
    complete = answer is not None
    missing = answer_missing(ph, confidence)
    if not reading:
        return ReaderView(False, False, None, False, False, None, False, False, False, "", False)
    answer_enabled = not confirming and phase in ("unaided", "awaiting_lock", "aided")
    lock_visible = phase == "awaiting_lock"
    confirm_visible = phase == "awaiting_lock" and confirming
    title, text, submit_enabled, lock_enabled, hint = None, None, False, False, ""
    if phase == "unaided":
        final = session.design == "crossover"
        title = "Your answer \u2014 without AI"
        text = "Submit answer and next case" if final else "Submit unaided answer"
        submit_enabled = complete
        hint = missing or ("Your answer is final when submitted." if final else "You can change it until you lock it.")
    elif phase == "awaiting_lock":
        rec = session.recorded_answer
        same = rec is not None and answer == (rec.ph, rec.confidence)
        title = "Your answer \u2014 without AI (submitted)"
        text = "Submit changed answer"
        submit_enabled = complete and not same and not confirming
        lock_enabled = same and not confirming
        if confirming:
            hint = ""
        elif not same:
            hint = missing or "You changed your answer: submit it again (or set it back) before locking."
        else:
            hint = "Submitted. Lock it to see the AI; after the lock it cannot be changed."
    elif phase == "aided":
        title = "Your answer \u2014 with AI"
        text = "Submit and next case"
        submit_enabled = complete and ai_ready
        if not ai_ready:
            hint = "The AI assessment is being computed\u2026"
        else:
            rec = session.unaided_answer
            hint = missing or (
                f"Your locked answer without AI: PH {'yes' if rec.ph else 'no'}, confidence {rec.confidence}. "
                "Prefilled: keep it or change it; final when submitted." if rec is not None
                else "Your answer is final when submitted.")
    primary = ("confirm" if confirm_visible else "lock" if lock_visible and lock_enabled
               else "submit" if submit_enabled else None)
    return ReaderView(True, answer_enabled, title, True, submit_enabled, text, lock_visible, lock_enabled,
                      confirm_visible, hint, ai_allowed(session, state), primary)


def _case_phrase(session: Any) -> str:
    p = session.progress_info
    return f"case {p.position} of {p.n_cases}"


def instructions_text(session: Any) -> str:
    """The study's instructions for readers (``""``: none), from ``session.protocol`` where there is one."""
    protocol = getattr(session, "protocol", None)
    return str(getattr(protocol, "instructions", "") or "").strip()


def instructions_due(session: Any, acknowledged: bool) -> bool:
    """Whether the instructions page comes before the case: the study has instructions, the reader has
    not started (no read recorded, first case of the first session) and has not pressed Start in this run."""
    if acknowledged or not instructions_text(session) or session.phase in ("done", "washout"):
        return False
    p = session.progress_info
    return p.reads_done == 0 and p.session == 1 and p.position == 1 and not session.shown


def reader_step(session: Any, *, case_key: tuple[int, str] | None, loaded: bool, ai_pending: bool,
                instructions_acknowledged: bool = True) -> ReaderStep:
    """The next page for ``session`` (the only place that decides the page).

    Parameters
    ----------
    session : ReaderSession
        The reader's open session.
    case_key : (session, case_id) or None
        The case the window has loaded or is loading.
    loaded : bool
        Its files are read.
    ai_pending : bool
        No AI result (and no AI error) for it yet.
    instructions_acknowledged : bool
        The reader pressed Start on the instructions page in this run (see :func:`instructions_due`).
    """
    phase = session.phase
    if phase == "done":
        n = session.progress_info.n_cases
        both = " in both sessions" if session.progress_info.n_sessions > 1 else ""
        return ReaderStep("done", "Thank you!", f"You have read all {n} cases of this study{both}. Your answers are "
                                                "saved. You can close this window.")
    if phase == "washout":
        opens: dt.datetime | None = session.opens_at
        prog = session.progress_info
        local = opens.astimezone() if opens is not None else None
        when = (f"{local:%A %d %B %Y, %H:%M} (local time; {opens:%Y-%m-%d %H:%M} UTC)"
                if local is not None else "later")
        return ReaderStep("washout", f"Session {prog.session - 1} of {prog.n_sessions} is complete",
                          f"Session {prog.session} opens on {when}. The pause between the sessions (washout) "
                          "is part of the study design. Please come back then; this window can be closed.")
    if instructions_due(session, instructions_acknowledged):
        return ReaderStep("instructions", translate("reader_view", "Instructions"), instructions_text(session),
                          translate("reader_view", "Start reading"))
    if session.paused:
        return ReaderStep("paused", "Paused", "The case is hidden and the time on case is stopped.", "Resume")
    cv = session.current_case
    if (cv.session, cv.case_id) != case_key:
        return ReaderStep("load", f"Loading {_case_phrase(session)}\u2026", "Reading the ECG and the chest X-ray.")
    if not loaded:
        return ReaderStep("wait")
    if not session.shown and phase == "aided" and ai_pending:
        # the AI comes with the case (crossover, or reopened after the lock): wait for it
        return ReaderStep("prepare_ai", f"Preparing {_case_phrase(session)}\u2026", "Computing the AI assessment.")
    return ReaderStep("present")


#: The columns of the coordinator's per-reader progress view (:func:`progress_rows`).
PROGRESS_COLUMNS = ("Reader", "Phase", "Session", "Cases done", "Reads done", "Last activity (UTC)", "Note")
_PHASE_WORDS = {"unaided": "reading (without AI)", "awaiting_lock": "answer given, not locked",
                "aided": "reading (with AI)", "washout": "washout", "done": "done"}


def _of(k: int, n: int) -> str:
    return translate("reader_view", "{k} of {n}").format(k=k, n=n)


def _minutes(utc: str | None) -> str:
    """``2026-03-02T09:00:00.000000Z`` -> ``2026-03-02 09:00``."""
    return utc[:16].replace("T", " ") if utc else "\u2014"


def progress_rows(statuses: Any, n_cases: int) -> list[list[str]]:
    """The rows of the per-reader progress view, one per :class:`~ph_assist.study.protocol.ReaderStatus`.

    ``n_cases`` is the number of cases a reader reads in each session (the study's cases).
    "Cases done" counts the current session's cases whose reads are all locked.
    """
    rows = []
    for st in statuses:
        phase = _PHASE_WORDS.get(st.phase, st.phase)
        if st.paused and st.phase not in ("done", "washout"):
            phase += translate("reader_view", " \u00b7 paused")
        if st.reads_done == 0 and st.phase == "unaided" and not st.last_activity_utc:
            phase = translate("reader_view", "not started")
        done = n_cases if st.phase == "done" else st.cases_done_in_session
        note = (translate("reader_view", "session {session} opens {when} UTC").format(
            session=st.session, when=_minutes(st.opens_at_utc)) if st.opens_at_utc else "")
        rows.append([st.reader, phase, _of(st.session, st.n_sessions), _of(done, n_cases), _of(st.reads_done, st.reads_total), _minutes(st.last_activity_utc),
                     note])
    return rows
