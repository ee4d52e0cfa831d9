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

from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

__all__ = ["ReaderHeader", "ReaderView", "ReaderStep", "reader_header", "reader_view", "reader_step",
           "answer_missing", "ai_placeholder_text", "ai_allowed", "instructions_text", "instructions_due",
           "progress_rows", "PROGRESS_COLUMNS", "AnswerDraft", "draft_missing", "draft_kwargs", "draft_of_record",
           "answer_summary"]

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
        return translate("reader_view", "Choose yes or no and set your confidence.")
    if ph is None:
        return translate("reader_view", "Choose yes or no.")
    if confidence is None:
        return translate("reader_view", "Set your confidence: move the slider, or tick \u201cI have set my "
                                        "confidence\u201d.")
    return ""


@dataclasses.dataclass(frozen=True)
class AnswerDraft:
    """What the answer box holds now (None: not given yet), on any of the protocol's scales.

    ``ph``/``confidence`` on the binary + confidence scale, ``rating`` on the 5-point (1-5) and the
    probability (0-100) scale, ``action`` the answer to the action question, ``comment`` the note.
    """

    ph: bool | None = None
    confidence: int | None = None
    rating: int | None = None
    action: bool | None = None
    comment: str = ""


def _scale(protocol: Any) -> str:
    return str(getattr(protocol, "scale", "binary_confidence") or "binary_confidence")


def _action_question(protocol: Any) -> str | None:
    return getattr(protocol, "action_question", None)


def draft_missing(protocol: Any, d: AnswerDraft) -> str:
    """What the reader still has to give on ``protocol``'s scale (``""``: complete).

    ``protocol`` is a :class:`~ph_assist.study.protocol.StudyProtocol` or None (a study before
    protocols: PH yes/no and confidence, no action question).
    """
    scale = _scale(protocol)
    if scale == "binary_confidence":
        out = answer_missing(d.ph, d.confidence)
    elif d.rating is None:
        out = (translate("reader_view", "Choose a rating from 1 to 5.") if scale == "five_point"
               else translate("reader_view", "Set the probability of PH (0-100 %)."))
    else:
        out = ""
    if not out and _action_question(protocol) and d.action is None:
        out = translate("reader_view", "Answer the question \u201c{question}\u201d.").format(
            question=_action_question(protocol))
    return out


def draft_kwargs(protocol: Any, d: AnswerDraft) -> dict[str, Any] | None:
    """The complete answer as keyword arguments of ``ReaderSession.answer``/``answer_aided`` (None: incomplete)."""
    if draft_missing(protocol, d):
        return None
    if _scale(protocol) == "binary_confidence":
        out: dict[str, Any] = {"ph": d.ph, "confidence": d.confidence}
    else:
        out = {"rating": d.rating}
    if _action_question(protocol):
        out["action"] = d.action
    comment = (d.comment or "").strip()
    if comment and getattr(protocol, "comment", False):
        out["comment"] = comment
    return out


def draft_of_record(protocol: Any, rec: Any) -> AnswerDraft:
    """The draft that gives ``rec`` (a :class:`~ph_assist.study.store.ReadRecord`) again."""
    rating = getattr(rec, "rating", None)
    if _scale(protocol) == "binary_confidence":
        return AnswerDraft(ph=bool(rec.ph), confidence=rec.confidence, action=getattr(rec, "action", None),
                           comment=getattr(rec, "comment", None) or "")
    return AnswerDraft(rating=None if rating is None else int(round(rating)), action=getattr(rec, "action", None),
                       comment=getattr(rec, "comment", None) or "")


def answer_summary(protocol: Any, rec: Any) -> str:
    """``"PH yes, confidence 70"``, ``"rating 4 (probably yes)"``, ``"probability 70 %"``; the action's answer after."""
    scale = _scale(protocol)
    rating = getattr(rec, "rating", None)
    if scale == "binary_confidence" or rating is None:
        text = translate("reader_view", "PH {yn}, confidence {confidence}").format(
            yn=translate("reader_view", "yes") if rec.ph else translate("reader_view", "no"),
            confidence=rec.confidence)
    elif scale == "five_point":
        from ph_assist.study.protocol import scale_choices

        words = dict(scale_choices("five_point")).get(int(round(rating)), "")
        text = translate("reader_view", "rating {k} ({words})").format(k=int(round(rating)), words=words.lower())
    else:
        text = translate("reader_view", "probability {p} %").format(p=int(round(rating)))
    action = getattr(rec, "action", None)
    if _action_question(protocol) and action is not None:
        text += translate("reader_view", "; {question} {yn}").format(
            question=_action_question(protocol),
            yn=translate("reader_view", "yes") if action else translate("reader_view", "no"))
    return text


def ai_placeholder_text(design: str) -> str:
    """The text in place of the hidden AI panel."""
    if design == "crossover":
        return translate("reader_view", "This case is read without the AI.")
    return translate("reader_view", "The AI assessment is hidden while you read the case on your own.\n\n"
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
        pause_text=translate("reader_view", "Resume") if paused else translate("reader_view", "Pause"),
        pause_enabled=session is not None and (paused or (state == READING and session.shown)),
        practice=bool(session is not None and state == READING and getattr(session, "is_practice", False)),
    )


def reader_view(session: Any, state: str, *, ph: bool | None = None, confidence: int | None = None,
                confirming: bool = False, ai_ready: bool = False, draft: AnswerDraft | None = None) -> ReaderView:
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
    draft : AnswerDraft or None
        The answer on any scale of the study's protocol (instead of ``ph``/``confidence``).
    """
    reading = session is not None and state == READING
    phase = session.phase if reading else None
    protocol = getattr(session, "protocol", None)
    if draft is None:
        draft = AnswerDraft(ph=ph, confidence=confidence)
        if _scale(protocol) != "binary_confidence" or _action_question(protocol):
            protocol = None  # a caller that knows only yes/no and confidence
    answer = draft_kwargs(protocol, draft)
    complete = answer is not None
    missing = draft_missing(protocol, draft)
    if not reading:
        return ReaderView(False, False, None, False, False, None, False, False, False, "", False)
    answer_enabled = not confirming and phase in ("unaided", "awaiting_lock", "aided")
    lock_visible = phase == "awaiting_lock"
    confirm_visible = phase == "awaiting_lock" and confirming
    title, text, submit_enabled, lock_enabled, hint = None, None, False, False, ""
    if phase == "unaided":
        final = session.design == "crossover"
        title = translate("reader_view", "Your answer \u2014 without AI")
        text = (translate("reader_view", "Submit answer and next case") if final
                else translate("reader_view", "Submit unaided answer"))
        submit_enabled = complete
        hint = missing or (translate("reader_view", "Your answer is final when submitted.") if final
                           else translate("reader_view", "You can change it until you lock it."))
    elif phase == "awaiting_lock":
        rec = session.recorded_answer
        same = rec is not None and answer == draft_kwargs(protocol, draft_of_record(protocol, rec))
        title = translate("reader_view", "Your answer \u2014 without AI (submitted)")
        text = translate("reader_view", "Submit changed answer")
        submit_enabled = complete and not same and not confirming
        lock_enabled = same and not confirming
        if confirming:
            hint = ""
        elif not same:
            hint = missing or translate("reader_view", "You changed your answer: submit it again (or set it back) "
                                                       "before locking.")
        else:
            hint = translate("reader_view", "Submitted. Lock it to see the AI; after the lock it cannot be changed.")
    elif phase == "aided":
        title = translate("reader_view", "Your answer \u2014 with AI")
        text = translate("reader_view", "Submit and next case")
        submit_enabled = complete and ai_ready
        if not ai_ready:
            hint = translate("reader_view", "The AI assessment is being computed\u2026")
        else:
            rec = session.unaided_answer
            prefilled = getattr(getattr(session, "protocol", None), "prefill_aided", True)
            then = (translate("reader_view", "Prefilled: keep it or change it; final when submitted.") if prefilled
                    else translate("reader_view", "Give your answer with the AI; final when submitted."))
            hint = missing or (
                translate("reader_view", "Your locked answer without AI: {answer}. {then}").format(
                    answer=answer_summary(protocol, rec), then=then) if rec is not None
                else translate("reader_view", "Your answer is final when submitted."))
    primary = ("confirm" if confirm_visible else "lock" if lock_visible and lock_enabled
               else "submit" if submit_enabled else None)
    return ReaderView(True, answer_enabled, title, True, submit_enabled, text, lock_visible, lock_enabled,
                      confirm_visible, hint, ai_allowed(session, state), primary)


def _local_moment(local: dt.datetime) -> str:
    """A local date and time as the interface language writes it (weekday in English only)."""
    from ph_assist.i18n import current_language, format_datetime

    return format_datetime(local) if current_language() == "ja" else f"{local:%A %d %B %Y, %H:%M}"


def _case_phrase(session: Any) -> str:
    p = session.progress_info
    return translate("reader_view", "case {k} of {n}").format(k=p.position, n=p.n_cases)


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
        text = (translate("reader_view", "You have read all {n} cases of this study in both sessions. Your answers "
                                         "are saved. You can close this window.")
                if session.progress_info.n_sessions > 1 else
                translate("reader_view", "You have read all {n} cases of this study. Your answers are saved. You can "
                                         "close this window."))
        return ReaderStep("done", translate("reader_view", "Thank you!"), text.format(n=n))
    if phase == "washout":
        opens: dt.datetime | None = session.opens_at
        prog = session.progress_info
        local = opens.astimezone() if opens is not None else None
        when = (translate("reader_view", "{local} (local time; {utc} UTC)").format(
                    local=_local_moment(local), utc=f"{opens:%Y-%m-%d %H:%M}")
                if local is not None and opens is not None else translate("reader_view", "later"))
        return ReaderStep("washout", translate("reader_view", "Session {done} of {n} is complete").format(
                              done=prog.session - 1, n=prog.n_sessions),
                          translate("reader_view", "Session {session} opens on {when}. The pause between the "
                                                   "sessions (washout) is part of the study design. Please come back "
                                                   "then; this window can be closed.").format(
                              session=prog.session, when=when))
    if instructions_due(session, instructions_acknowledged):
        return ReaderStep("instructions", translate("reader_view", "Instructions"), instructions_text(session),
                          translate("reader_view", "Start reading"))
    if session.paused:
        return ReaderStep("paused", translate("reader_view", "Paused"),
                          translate("reader_view", "The case is hidden and the time on case is stopped."),
                          translate("reader_view", "Resume"))
    cv = session.current_case
    if (cv.session, cv.case_id) != case_key:
        return ReaderStep("load", translate("reader_view", "Loading {case}\u2026").format(case=_case_phrase(session)),
                          translate("reader_view", "Reading the ECG and the chest X-ray."))
    if not loaded:
        return ReaderStep("wait")
    if not session.shown and phase == "aided" and ai_pending:
        # the AI comes with the case (crossover, or reopened after the lock): wait for it
        return ReaderStep("prepare_ai", translate("reader_view", "Preparing {case}\u2026").format(
            case=_case_phrase(session)), translate("reader_view", "Computing the AI assessment."))
    return ReaderStep("present")


#: The columns of the coordinator's per-reader progress view (:func:`progress_rows`).
PROGRESS_COLUMNS = (QT_TRANSLATE_NOOP("StudyProgressView", "Reader"), QT_TRANSLATE_NOOP("StudyProgressView", "Phase"),
                    QT_TRANSLATE_NOOP("StudyProgressView", "Session"),
                    QT_TRANSLATE_NOOP("StudyProgressView", "Cases done"),
                    QT_TRANSLATE_NOOP("StudyProgressView", "Reads done"),
                    QT_TRANSLATE_NOOP("StudyProgressView", "Last activity (UTC)"),
                    QT_TRANSLATE_NOOP("StudyProgressView", "Note"))
_PHASE_WORDS = {"unaided": QT_TRANSLATE_NOOP("reader_view", "reading (without AI)"),
                "awaiting_lock": QT_TRANSLATE_NOOP("reader_view", "answer given, not locked"),
                "aided": QT_TRANSLATE_NOOP("reader_view", "reading (with AI)"),
                "washout": QT_TRANSLATE_NOOP("reader_view", "washout"),
                "done": QT_TRANSLATE_NOOP("reader_view", "done")}


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
        phase = translate("reader_view", _PHASE_WORDS[st.phase]) if st.phase in _PHASE_WORDS else st.phase
        if st.paused and st.phase not in ("done", "washout"):
            phase += translate("reader_view", " \u00b7 paused")
        if st.reads_done == 0 and st.phase == "unaided" and not st.last_activity_utc:
            phase = translate("reader_view", "not started")
        done = n_cases if st.phase == "done" else st.cases_done_in_session
        note = (translate("reader_view", "session {session} opens {when} UTC").format(
            session=st.session, when=_minutes(st.opens_at_utc)) if st.opens_at_utc else "")
        rows.append([st.reader, phase, _of(st.session, st.n_sessions), _of(done, n_cases),
                     _of(st.reads_done, st.reads_total), _minutes(st.last_activity_utc), note])
    return rows
