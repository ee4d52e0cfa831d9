"""Reader mode: one reader of one reader study, one case at a time (:class:`ReaderWindow`).

The window is a thin face on :class:`~ph_assist.study.protocol.ReaderSession`,
which decides everything (the log is the only state): which case comes next,
whether the AI may be shown, what can still be changed.  The window only
shows what the session allows, and every refusal of the store
(:class:`~ph_assist.study.store.StudyError`) appears as one line above the
case, never as a crash.

What the reader sees
--------------------
* A header with the study, the reader's pseudonym, the progress ("Case 3 of
  12"; crossover: "Session 1 of 2, case 3 of 12") and Pause / Resume.  There
  are no navigation controls: no going back, no skipping.
* The case: the ECG and chest X-ray viewers (:class:`ECGPanel`,
  :class:`CXRPanel`, the files read off the GUI thread) - side by side on a
  wide screen, one at a time at full width below
  :attr:`ReaderWindow.SIDE_BY_SIDE_MIN_WIDTH` (tabs above them, Ctrl+1 /
  Ctrl+2 / Ctrl+3) - and the case data: the non-AI facts of
  :func:`ph_assist.study.case_facts.case_facts` (the BNP in its unit and in
  pg/mL with its stratum, the ECG's quality flags, measurements and PH
  criteria, the radiograph's notes), built once per case and shown the same
  in every phase and condition, so the arms differ by the AI alone.
  Case IDs and file names are never shown (errors are masked too).
* While the reader answers without the AI, the AI panel is hidden and the
  Grad-CAM toggles are disabled (no map is loaded into the viewers).  The AI
  panel (:class:`AIPanel`) shows the model's output only.
* The answer on the protocol's scale (:class:`AnswerBox`): PH yes / no and a
  0-100 confidence labelled with :data:`CONFIDENCE_LABEL` that counts only
  once it was moved or "I have set my confidence" is ticked; or 1-5
  (keys 1-5); or a probability 0-100 %; the protocol's action question and an
  optional comment.  Submit stays disabled until the answer is complete.
* Sequential design: "Submit unaided answer" (may be changed until the lock)
  -> "Lock answer and show AI…" with a confirmation (the unaided answer cannot
  be changed afterwards) -> the AI (risk panel with the bundle's name, hash
  and banner; Grad-CAM on the ECG and the X-ray) -> the aided answer
  (prefilled with the unaided one only when the protocol says so) ->
  "Submit and next case".
* Keyboard: Return does the page's next step (submit; ask to lock - the
  focus moves to Lock after a submit; lock), the confirmation takes Return or
  Y (Escape or N cancels), Ctrl+Return submits from the comment box; Tab
  goes answer -> Submit -> Lock -> confirmation -> Pause -> viewer tabs.
* Crossover design: the session says whether the case is read with the AI
  (shown together with the case) or without (final on submit).
* Before the first case, the protocol's instructions (when it has any); a
  practice case carries a banner.
* Pause hides the case (the time on case stops); closing the window pauses;
  reopening resumes exactly where the log says.  In the washout: the date on
  which the next session opens.  At the end: a thank-you page.

Time on case is measured by the session (from :meth:`show_case`, which the
window calls only once the case is on screen, to the answer).  The AI
assessment is computed off the GUI thread with the study's bundle, in
advance during the unaided read (never displayed before the lock).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ph_assist.errors import PHAssistError
from ph_assist.gui import workers
from ph_assist.gui.launch import Screenshot, launch
from ph_assist.gui.case_facts_panel import CaseFactsPanel
from ph_assist.gui.risk_panel import RiskPanel
from ph_assist.gui.style import COLORS as STYLE_COLORS, ElidedLabel
from ph_assist.study.case_facts import CaseFacts, ai_only_warnings, case_facts
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.study.protocol import CONFIDENCE_LABEL, DEFAULT_QUESTION, Study, load_study, open_session
from ph_assist.study.reader_view import (
    AnswerDraft,
    ai_allowed,
    ai_placeholder_text,
    answer_summary,
    draft_kwargs,
    draft_missing,
    draft_of_record,
    reader_header,
    reader_step,
    reader_view,
)
from ph_assist.study.store import StudyError

log = logging.getLogger("ph_assist.gui")

__all__ = ["ReaderWindow", "AnswerBox", "LoadedCase", "load_study_case_task", "CaseMasker", "STATES", "run_reader"]

#: What the window shows: ``starting`` (loading the model bundle), ``loading`` (a case), ``reading``,
#: ``paused``, ``washout``, ``done`` and ``error`` (the session cannot be opened or go on).
STATES = ("starting", "loading", "instructions", "reading", "paused", "washout", "done", "error")
#: The viewer modes (:meth:`ReaderWindow.set_viewer_mode`): one viewer at full width, or both side by side.
VIEWER_MODES = ("ecg", "cxr", "both")

#: The app's one palette (:mod:`ph_assist.gui.style`); banners here write in its dark warning ink.
COLORS = {**STYLE_COLORS, "warn": STYLE_COLORS["warn_text"]}


# ---------------------------------------------------------------- background work (no widgets)


@dataclasses.dataclass(frozen=True)
class LoadedCase:
    """The files of one study case, read."""

    serial: int
    ecg: Any
    cxr: Any
    labs: Any
    problems: tuple[str, ...]
    ecg_report: dict[str, Any] | None = None  # ph_assist.ecg_measure.measurements_report of ``ecg``


def load_study_case_task(job: workers.Job, serial: int, ecg_path: Path | None, cxr_path: Path | None,
                         bnp: str | None, bnp_unit: str | None) -> LoadedCase:
    """Read a study case's ECG, chest X-ray and BNP (a pool thread); problems are collected, not raised."""
    from ph_assist.cases import load_case

    job.report(0, None, QCoreApplication.translate("reader_mode", "Reading the case…"))
    case = load_case(ecg_path=ecg_path, cxr_path=cxr_path, bnp=bnp, bnp_unit=bnp_unit or "pg/mL")
    report = None
    if case.ecg is not None:
        from ph_assist.ecg_measure import measurements_report

        job.report(0, None, QCoreApplication.translate("reader_mode", "Measuring the ECG…"))
        report = measurements_report(case.ecg)  # part of the case's facts, shown in both arms
    return LoadedCase(serial, case.ecg, case.cxr, case.labs, tuple(case.problems), report)


# ---------------------------------------------------------------- identifiers


_PATH_RE = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?[\\/](?:[^\s'\"\\/]+[\\/])*[^\s'\",;)\\/]*")
_CASE_RE = re.compile(r"\bcase '([^']*)'")


#: The session's hints name its methods (for programmers); the reader gets the same in words.
_READER_WORDS = (
    ("give the unaided answer with answer()", "give your answer without the AI first"),
    ("lock the unaided answer with lock_and_show_ai() (or change it with answer())",
     "lock your unaided answer first (or change it)"),
    ("give the aided answer with answer_aided()",
     "your unaided answer is locked and cannot be changed; give your answer with the AI"),
    ("show the case first (show_case())", "the case is not on screen yet"),
)


#: How a message about one reader begins (left out when that reader reads it); translated as the messages are.
_OWN_ID_PREFIXES = (QT_TRANSLATE_NOOP("errors", "reader {reader!r}, "), QT_TRANSLATE_NOOP("errors", "reader {reader!r}: "))


def reader_words(text: str, reader: str | None = None) -> str:
    """A store or session message as the reader should read it (no method names, no own-ID prefix)."""
    out = " ".join(str(text).split())
    for api, words in _READER_WORDS:
        out = out.replace(api, words)
    if reader:
        for prefix in (translate("errors", template).format(reader=reader) for template in _OWN_ID_PREFIXES):
            if out.startswith(prefix):
                out = out[len(prefix):]
                break
    if out.startswith("this case: not possible now; "):
        out = "not possible now: " + out[len("this case: not possible now; "):]
    return out[:1].upper() + out[1:] if out else out


class CaseMasker:
    """Removes case IDs and file names from texts shown to the reader."""

    def __init__(self, study: Study | None) -> None:
        self._files: list[tuple[str, str]] = []
        self._ids: list[str] = []
        if study is None:
            return
        for c in study.cases:
            self._ids.append(c.case_id)
            for rel, what in ((c.ecg_path, "the ECG file"), (c.cxr_path, "the chest X-ray file")):
                if not rel:
                    continue
                full = study.resolve(rel)
                for s in {rel, str(full), os.path.basename(rel), full.name if full else ""}:
                    if s:
                        self._files.append((s, what))
        self._files.sort(key=lambda t: -len(t[0]))
        self._ids.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        out = " ".join(str(text).split())
        for s, what in self._files:
            out = out.replace(s, what)
        out = _PATH_RE.sub("[file]", out)
        out = _CASE_RE.sub("this case", out)
        for cid in self._ids:
            if cid:
                out = re.sub(rf"(?<![\w]){re.escape(cid)}(?![\w])", "this case", out)
        return out


# ---------------------------------------------------------------- widgets


def _bold(widget: QWidget, scale: float = 1.0) -> None:
    f = QFont(widget.font())
    f.setBold(True)
    if scale != 1.0:
        f.setPointSizeF(f.pointSizeF() * scale)
    widget.setFont(f)


def _scale_ends(low: str, high: str) -> QHBoxLayout:
    """The two muted end labels under a slider: ``low`` at the left, ``high`` at the right."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    for i, text in enumerate((low, high)):
        lab = QLabel(text)
        lab.setStyleSheet(f"color: {COLORS['muted']};")
        if i:
            row.addStretch(1)
        row.addWidget(lab)
    return row


class AnswerBox(QGroupBox):
    """The answer on the study protocol's scale (:meth:`set_protocol`); nothing preselected.

    * ``binary_confidence``: PH yes / no and the confidence 0-100, which counts only once the reader
      moved the slider or ticked "I have set my confidence";
    * ``five_point``: five choices, 1 definitely no ... 5 definitely yes (keys 1-5 in the window);
    * ``probability``: 0-100 % (slider and spin box; "not set" until the reader sets it);
    * the protocol's action question (yes / no) and, when it takes comments, an optional comment.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("AnswerBox", "Your answer"), parent)
        self._quiet = False
        self._protocol: Any = None
        self.question_label = QLabel(self.tr("Pulmonary hypertension?"))
        self.question_label.setWordWrap(True)
        _bold(self.question_label)
        # -- binary + confidence
        self.yes = QRadioButton(self.tr("&Yes, PH"))
        self.no = QRadioButton(self.tr("&No PH"))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        self.confidence_caption = QLabel(translate("study", CONFIDENCE_LABEL))
        self.confidence_caption.setWordWrap(True)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(10)
        self.slider.setTickInterval(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setValue(50)
        self.slider.setToolTip(translate("study", CONFIDENCE_LABEL))
        self.value_label = QLabel("")
        self.value_label.setMinimumWidth(self.value_label.fontMetrics().horizontalAdvance(self.tr("not set yet")) + 6)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.set_check = QCheckBox(self.tr("I have set my confidence"))
        self.set_check.setToolTip(self.tr("Tick to accept the slider where it is; moving the slider ticks it too"))
        ends = _scale_ends(self.tr("0 guessing"), self.tr("100 certain"))
        radios = QHBoxLayout()
        radios.setContentsMargins(0, 0, 0, 0)
        radios.addWidget(self.yes)
        radios.addSpacing(18)
        radios.addWidget(self.no)
        radios.addStretch(1)
        slider_row = QHBoxLayout()
        slider_row.setContentsMargins(0, 0, 0, 0)
        slider_row.addWidget(self.slider, 1)
        slider_row.addWidget(self.value_label)
        self.binary_part = QWidget()
        bl = QVBoxLayout(self.binary_part)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.setSpacing(3)
        bl.addLayout(radios)
        bl.addWidget(self.confidence_caption)
        bl.addLayout(slider_row)
        bl.addLayout(ends)
        bl.addWidget(self.set_check)
        # -- five-point scale
        self.five_part = QWidget()
        fl = QVBoxLayout(self.five_part)
        fl.setContentsMargins(0, 0, 0, 0)
        fl.setSpacing(1)
        self.five_group = QButtonGroup(self)
        self.five_group.setExclusive(True)
        self.five: dict[int, QRadioButton] = {}
        for k, words in ((1, self.tr("Definitely no")), (2, self.tr("Probably no")), (3, self.tr("Uncertain")),
                         (4, self.tr("Probably yes")), (5, self.tr("Definitely yes"))):
            rb = QRadioButton(f"{k}  {words}")
            rb.setToolTip(self.tr("Key {k}").replace("{k}", str(k)))
            self.five_group.addButton(rb, k)
            self.five[k] = rb
            fl.addWidget(rb)
        # -- probability 0-100 %
        self.prob_part = QWidget()
        pl = QHBoxLayout()
        pl.setContentsMargins(0, 0, 0, 0)
        self.prob_slider = QSlider(Qt.Orientation.Horizontal)
        self.prob_slider.setRange(0, 100)
        self.prob_slider.setPageStep(10)
        self.prob_slider.setTickInterval(10)
        self.prob_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.prob_slider.setValue(50)
        self.prob_spin = QSpinBox()
        self.prob_spin.setRange(-1, 100)
        self.prob_spin.setSpecialValueText(self.tr("not set"))
        self.prob_spin.setSuffix(" %")
        self.prob_spin.setValue(-1)
        self.prob_spin.setAccessibleName(self.tr("Probability of PH"))
        pl.addWidget(self.prob_slider, 1)
        pl.addWidget(self.prob_spin)
        pends = _scale_ends(self.tr("0 % = certainly no PH"), self.tr("100 % = certainly PH"))
        prob_box = QVBoxLayout()
        prob_box.setContentsMargins(0, 0, 0, 0)
        prob_box.setSpacing(2)
        prob_box.addLayout(pl)
        prob_box.addLayout(pends)
        self.prob_part.setLayout(prob_box)
        # -- the action question and the comment
        self.action_label = QLabel("")
        self.action_label.setWordWrap(True)
        _bold(self.action_label)
        self.action_yes = QRadioButton(self.tr("Yes"))
        self.action_no = QRadioButton(self.tr("No"))
        self.action_group = QButtonGroup(self)
        self.action_group.setExclusive(True)
        self.action_group.addButton(self.action_yes)
        self.action_group.addButton(self.action_no)
        self.action_part = QWidget()
        acl = QVBoxLayout(self.action_part)
        acl.setContentsMargins(0, 4, 0, 0)
        acl.setSpacing(2)
        arow = QHBoxLayout()
        arow.addWidget(self.action_yes)
        arow.addSpacing(18)
        arow.addWidget(self.action_no)
        arow.addStretch(1)
        acl.addWidget(self.action_label)
        acl.addLayout(arow)
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setPlaceholderText(self.tr("Comment (optional)"))
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setFixedHeight(self.comment_edit.fontMetrics().lineSpacing() * 2 + 14)

        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        lay.addWidget(self.question_label)
        lay.addWidget(self.binary_part)
        lay.addWidget(self.five_part)
        lay.addWidget(self.prob_part)
        lay.addWidget(self.action_part)
        lay.addWidget(self.comment_edit)

        self.group.buttonToggled.connect(lambda *_a: self._changed())
        self.slider.valueChanged.connect(self._slider_moved)
        self.set_check.toggled.connect(lambda _on: self._changed())
        self.five_group.buttonToggled.connect(lambda *_a: self._changed())
        self.prob_slider.valueChanged.connect(self._prob_slider_moved)
        self.prob_spin.valueChanged.connect(self._prob_spin_changed)
        self.action_group.buttonToggled.connect(lambda *_a: self._changed())
        self.comment_edit.textChanged.connect(self._changed)
        self.set_protocol(None)
        self._update_value()

    # -- the protocol
    def set_protocol(self, protocol: Any) -> None:
        """Show the widgets of ``protocol``'s scale, its question, action question and comment box."""
        self._protocol = protocol
        scale = getattr(protocol, "scale", "binary_confidence")
        question = getattr(protocol, "question", None)
        if question == DEFAULT_QUESTION:  # the default wording: in the reader's language (a custom one as entered)
            question = translate("study", DEFAULT_QUESTION)
        self.question_label.setText(question or self.tr("Pulmonary hypertension?"))
        self.binary_part.setVisible(scale == "binary_confidence")
        self.five_part.setVisible(scale == "five_point")
        self.prob_part.setVisible(scale == "probability")
        action = getattr(protocol, "action_question", None)
        self.action_label.setText(action or "")
        self.action_part.setVisible(bool(action))
        self.comment_edit.setVisible(bool(getattr(protocol, "comment", False)))

    def protocol(self) -> Any:
        return self._protocol

    def scale(self) -> str:
        return str(getattr(self._protocol, "scale", "binary_confidence"))

    # -- state
    def _slider_moved(self, _value: int) -> None:
        if not self._quiet and not self.set_check.isChecked():
            self.set_check.setChecked(True)  # emits changed
            return
        self._changed()

    def _prob_slider_moved(self, value: int) -> None:
        if self._quiet:
            return
        self.prob_spin.setValue(value)  # emits changed

    def _prob_spin_changed(self, value: int) -> None:
        if value >= 0 and self.prob_slider.value() != value:
            quiet, self._quiet = self._quiet, True
            self.prob_slider.setValue(value)
            self._quiet = quiet
        self._changed()

    def _changed(self) -> None:
        self._update_value()
        if not self._quiet:
            self.changed.emit()

    def _update_value(self) -> None:
        pal = QPalette(self.palette())
        if self.set_check.isChecked():
            self.value_label.setText(str(self.slider.value()))
            self.value_label.setStyleSheet(f"color: {COLORS['ink']}; font-weight: bold;")
        else:
            self.value_label.setText(self.tr("not set yet"))
            self.value_label.setStyleSheet(f"color: {COLORS['muted']};")
            # No coloured fill up to the middle: the slider must not look like an answer of 50.
            pal.setColor(QPalette.ColorRole.Highlight, pal.color(QPalette.ColorRole.Button))
        self.slider.setPalette(pal)
        ppal = QPalette(self.palette())
        if self.prob_spin.value() < 0:
            ppal.setColor(QPalette.ColorRole.Highlight, ppal.color(QPalette.ColorRole.Button))
        self.prob_slider.setPalette(ppal)

    def clear(self) -> None:
        """Nothing chosen: no answer, no rating, confidence not set (sliders in the middle), no comment."""
        self.set_draft(AnswerDraft())

    def prefill(self, ph: Any, confidence: int | None = None) -> None:
        """The widgets set to an earlier answer (it counts as set): ``prefill(ph, confidence)`` or
        ``prefill(record)`` with a :class:`~ph_assist.study.store.ReadRecord` on any scale."""
        if isinstance(ph, bool) or confidence is not None:
            self.set_draft(AnswerDraft(ph=bool(ph), confidence=int(confidence) if confidence is not None else None))
        else:
            self.set_draft(draft_of_record(self._protocol, ph))

    def set_draft(self, d: AnswerDraft) -> None:
        self._quiet = True
        try:
            for group, buttons, value in ((self.group, (self.yes, self.no), (d.ph is True, d.ph is False)),
                                          (self.action_group, (self.action_yes, self.action_no),
                                           (d.action is True, d.action is False))):
                group.setExclusive(False)
                for b, on in zip(buttons, value):
                    b.setChecked(on)
                group.setExclusive(True)
            self.slider.setValue(50 if d.confidence is None else d.confidence)
            self.set_check.setChecked(d.confidence is not None)
            self.five_group.setExclusive(False)
            for k, b in self.five.items():
                b.setChecked(self.scale() == "five_point" and d.rating == k)
            self.five_group.setExclusive(True)
            prob = d.rating if self.scale() == "probability" and d.rating is not None else -1
            self.prob_spin.setValue(prob)
            self.prob_slider.setValue(50 if prob < 0 else prob)
            self.comment_edit.setPlainText(d.comment or "")
        finally:
            self._quiet = False
        self._update_value()
        self.changed.emit()

    def set_rating(self, k: int) -> None:
        """Choose rating ``k`` on the 5-point scale (keys 1-5)."""
        if self.scale() == "five_point" and k in self.five and self.isEnabled():
            self.five[k].setChecked(True)
            self.five[k].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def draft(self) -> AnswerDraft:
        """What the box holds now."""
        scale = self.scale()
        rating = None
        if scale == "five_point":
            k = self.five_group.checkedId()
            rating = k if k in self.five else None
        elif scale == "probability":
            rating = self.prob_spin.value() if self.prob_spin.value() >= 0 else None
        action = True if self.action_yes.isChecked() else False if self.action_no.isChecked() else None
        return AnswerDraft(ph=self.ph(), confidence=self.confidence(), rating=rating, action=action,
                           comment=self.comment_edit.toPlainText() if self.comment_edit.isVisibleTo(self) else "")

    def kwargs(self) -> dict[str, Any] | None:
        """The complete answer as ``ReaderSession.answer`` keyword arguments, else None."""
        return draft_kwargs(self._protocol, self.draft())

    def first_control(self) -> QWidget:
        """Where the keyboard starts: the chosen answer, else the first choice."""
        scale = self.scale()
        if scale == "five_point":
            b = self.five_group.checkedButton()
            return b if b is not None else self.five[1]
        if scale == "probability":
            return self.prob_spin
        return self.no if self.no.isChecked() else self.yes

    def controls(self) -> list[QWidget]:
        """The answer's widgets in Tab order (those of other scales included; hidden ones are skipped)."""
        return [self.yes, self.no, self.slider, self.set_check, *self.five.values(), self.prob_spin,
                self.prob_slider, self.action_yes, self.action_no, self.comment_edit]

    def ph(self) -> bool | None:
        if self.scale() != "binary_confidence":
            return None
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def confidence(self) -> int | None:
        if self.scale() != "binary_confidence":
            return None
        return self.slider.value() if self.set_check.isChecked() else None

    def answer(self) -> tuple[bool, int] | None:
        """(ph, confidence) when both are given, else None (binary + confidence scale)."""
        ph, c = self.ph(), self.confidence()
        return None if ph is None or c is None else (ph, c)

    def missing(self) -> str:
        """What the reader still has to do ('' when complete)."""
        return draft_missing(self._protocol, self.draft())


class AIPanel(RiskPanel):
    """The risk panel with the model's output only: the BNP (value, conversion, stratum), the ECG's
    measurements and the inputs' quality warnings are case facts (:mod:`ph_assist.study.case_facts`),
    shown in both arms by the :class:`~ph_assist.gui.case_facts_panel.CaseFactsPanel`, so not here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts: CaseFacts | None = None
        lay = self.widget().layout()
        i = lay.indexOf(self.bnp_label)
        self._non_ai = [self.bnp_label, self.stratum_label, self.ecg_measure]
        if i > 0:
            self._non_ai.append(lay.itemAt(i - 1).widget())  # the "BNP" heading
        self._hide_non_ai()

    def _hide_non_ai(self) -> None:
        for w in self._non_ai:
            if w is not None:
                w.setVisible(False)

    def set_assessment(self, a: Any, labs: Any = None, seconds: float | None = None, **kw: Any) -> None:
        super().set_assessment(a, labs, seconds, **kw)
        self._hide_non_ai()
        if self.facts is not None:
            ai = ai_only_warnings(a.warnings, self.facts)
            self.warnings_label.setText("\n".join(f"\u2022 {w}" for w in ai))
            self.warnings_title.setVisible(bool(ai))
            self.warnings_label.setVisible(bool(ai))

    def _clear_result(self) -> None:
        super()._clear_result()
        if hasattr(self, "_non_ai"):
            self._hide_non_ai()


# ---------------------------------------------------------------- the window


class ReaderWindow(QMainWindow):
    """One reader of one study; see the module docstring.

    Args:
        study_folder: a folder made by :func:`~ph_assist.study.protocol.create_study`.
        reader_id: one of the study's reader IDs.
        bundle_path: the model bundle (default: ``$PH_ASSIST_BUNDLE`` or the demo bundle); a study
            fixed to another bundle refuses it.
        clock: the session's clock (timezone-aware UTC datetimes), for tests.
    """

    stateChanged = Signal(str)
    caseShown = Signal(int)  # 1-based position of the case put on screen
    aiShown = Signal()
    errorShown = Signal(str)

    def __init__(self, study_folder: str | os.PathLike, reader_id: str, *,
                 bundle_path: str | os.PathLike | None = None,
                 clock: Callable[[], dt.datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._folder = Path(study_folder)
        self._reader = str(reader_id)
        self._bundle_path = None if bundle_path is None else Path(bundle_path)
        self._clock = clock
        self._session: Any = None
        self._study: Study | None = None
        self._mask = CaseMasker(None)
        self._bundle: Any = None
        self._state = "starting"
        self._closed = False
        self._viewers_ready = False
        self._fatal = ""
        # the case on screen (or being loaded)
        self._serial = 0
        self._case_key: tuple[int, str] | None = None  # (session, case_id)
        self._loaded: LoadedCase | None = None
        self._assessment: Any = None
        self._assess_error: str | None = None
        self._assess_job: workers.Job | None = None
        self._configured: tuple[int, str, str] | None = None  # (session, case_id, phase) the widgets are set up for
        self._ai_on_screen = False
        self._confirming = False
        self._instructions_ack = False
        self._facts: CaseFacts | None = None
        self._cv: Any = None
        self._focus_next: QWidget | None = None  # where the keyboard focus goes once the page is set up
        self._primary: str | None = None  # what Return does (reader_view's ``primary``)
        self._viewer_mode = "both"
        self.ecg_panel: Any = None

        self.setWindowTitle(self.tr("PH-Assist reader study \u2014 reader {reader}").format(reader=self._reader))
        self.setMinimumSize(QSize(1000, 640))
        self._runner = workers.JobRunner(self, max_threads=2)
        self._build_ui()
        self._washout_timer = QTimer(self)
        self._washout_timer.setInterval(60_000)
        self._washout_timer.timeout.connect(self._washout_tick)
        self.resize(1600, 960)
        try:
            self._study = load_study(self._folder, with_labels=False)
            self._mask = CaseMasker(self._study)
            self.study_label.setText(self.tr("Reader study \u201c{name}\u201d \u00b7 reader {reader}").format(
                name=self._study.name, reader=self._reader))
        except StudyError as exc:
            self._fail(str(exc))
            return
        self._set_message(self.tr("Preparing the study\u2026"), self.tr("Loading the model bundle and the viewers."))
        QTimer.singleShot(0, self._start)

    # ================================================================== construction

    def _build_ui(self) -> None:
        # -- header: study, progress, pause
        header = QFrame()
        header.setObjectName("readerHeader")
        header.setStyleSheet(f"#readerHeader {{ background: {COLORS['header_bg']}; "
                             f"border-bottom: 1px solid {COLORS['line']}; }}")
        self.study_label = QLabel(self.tr("Reader study \u00b7 reader {reader}").format(reader=self._reader))
        self.study_label.setStyleSheet(f"color: {COLORS['muted']};")
        self.progress_label = QLabel("")
        _bold(self.progress_label, 1.5)
        self.progress_label.setAccessibleName("progress")
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(self.tr("Pause: the case is hidden and the time on case stops"))
        self.pause_button.clicked.connect(self.toggle_pause)
        hl = QHBoxLayout(header)
        hl.setContentsMargins(14, 8, 14, 8)
        hl.addWidget(self.progress_label)
        hl.addSpacing(18)
        hl.addWidget(self.study_label, 1)
        hl.addWidget(self.pause_button)

        # -- practice case banner (a protocol's practice cases: not part of the results)
        self.practice_label = QLabel(self.tr("Practice case \u2014 your answers to it are not part of the "
                                             "study's results."))
        self.practice_label.setStyleSheet(f"color: {COLORS['warn']}; background: {COLORS['warn_bg']}; "
                                          "padding: 4px 14px; font-weight: bold;")
        self.practice_label.setVisible(False)

        # -- one-line error
        self.error_label = ElidedLabel("", margins=(8, 8), min_width=40)
        self.error_label.setStyleSheet(f"color: {COLORS['error']}; background: {COLORS['error_bg']}; "
                                       "padding: 4px 14px; font-weight: bold;")
        self.error_label.setVisible(False)

        # -- message page (starting, loading, paused, washout, done, error)
        msg = QWidget()
        ml = QVBoxLayout(msg)
        ml.setContentsMargins(40, 40, 40, 40)
        ml.addStretch(2)
        self.message_title = QLabel("")
        self.message_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_title.setWordWrap(True)
        _bold(self.message_title, 1.8)
        self.message_text = QLabel("")
        self.message_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_text.setWordWrap(True)
        f = QFont(self.message_text.font())
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.message_text.setFont(f)
        self.message_button = QPushButton(self.tr("Resume"))
        self.message_button.clicked.connect(self._message_button_clicked)
        self.message_button.setVisible(False)
        self.message_text.setFixedWidth(720)  # short lines read better than one across the screen
        ml.addWidget(self.message_title)
        ml.addSpacing(10)
        ml.addWidget(self.message_text, 0, Qt.AlignmentFlag.AlignHCenter)
        ml.addSpacing(16)
        ml.addWidget(self.message_button, 0, Qt.AlignmentFlag.AlignHCenter)
        ml.addStretch(3)

        # -- reading page: viewers | side column
        self._build_viewers()
        side = self._build_side()
        reading = QSplitter(Qt.Orientation.Horizontal)
        reading.setChildrenCollapsible(False)
        reading.addWidget(self._viewer_area)
        reading.addWidget(side)
        reading.setStretchFactor(0, 1)
        reading.setStretchFactor(1, 0)
        reading.setSizes([1180, 420])
        self._reading_page = reading

        self.stack = QStackedWidget()
        self.stack.addWidget(msg)
        self.stack.addWidget(reading)
        self._message_page = msg

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(header)
        lay.addWidget(self.practice_label)
        lay.addWidget(self.error_label)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_keys()
        self._update_buttons()

    #: Below this window width one viewer is shown at a time, at full width (ECG or chest X-ray, switched by
    #: the tabs above them or Ctrl+1 / Ctrl+2): side by side or stacked, neither could be read on a laptop.
    SIDE_BY_SIDE_MIN_WIDTH = 1600

    def _build_viewers(self) -> None:
        from ph_assist.gui.cxr_view import CXRPanel

        self.cxr_panel = CXRPanel()
        self._ecg_holder = QWidget()
        self._ecg_holder_lay = QVBoxLayout(self._ecg_holder)
        self._ecg_holder_lay.setContentsMargins(0, 0, 0, 0)
        placeholder = QLabel(self.tr("Loading the ECG viewer\u2026"))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._ecg_holder_lay.addWidget(placeholder)
        self._ecg_placeholder = placeholder
        self.ecg_title = QLabel(self.tr("ECG"))
        self.cxr_title = QLabel(self.tr("Chest X-ray"))
        self._ecg_pane = self._pane(self.ecg_title, self._ecg_holder)
        self._cxr_pane = self._pane(self.cxr_title, self.cxr_panel)
        self.viewers = QSplitter(Qt.Orientation.Horizontal)
        self.viewers.setChildrenCollapsible(False)
        self.viewers.addWidget(self._ecg_pane)
        self.viewers.addWidget(self._cxr_pane)
        self.viewers.setStretchFactor(0, 3)
        self.viewers.setStretchFactor(1, 2)
        self.viewers.setSizes([700, 480])
        # the switch: one viewer at full width, or both (wide screens)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 0)
        bar.setSpacing(4)
        self.viewer_buttons: dict[str, QToolButton] = {}
        self._viewer_group = QButtonGroup(self)
        self._viewer_group.setExclusive(True)
        for mode, text, key in (("ecg", self.tr("ECG"), "Ctrl+1"), ("cxr", self.tr("Chest X-ray"), "Ctrl+2"),
                                ("both", self.tr("Both side by side"), "Ctrl+3")):
            b = QToolButton()
            b.setText(text)
            b.setCheckable(True)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setToolTip(self.tr("Show {what} ({key})").replace("{what}", text).replace("{key}", key))
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _on=False, m=mode: self.set_viewer_mode(m))
            self._viewer_group.addButton(b)
            self.viewer_buttons[mode] = b
            bar.addWidget(b)
            sc = QShortcut(QKeySequence(key), self)
            sc.activated.connect(lambda m=mode: self.set_viewer_mode(m))
        bar.addStretch(1)
        area = QWidget()
        al = QVBoxLayout(area)
        al.setContentsMargins(0, 0, 0, 0)
        al.setSpacing(2)
        al.addLayout(bar)
        al.addWidget(self.viewers, 1)
        self._viewer_area = area
        self._apply_viewer_mode()

    def _build_side(self) -> QWidget:
        side = QWidget()
        side.setObjectName("readerSide")
        sl = QVBoxLayout(side)
        sl.setContentsMargins(10, 6, 10, 8)
        sl.setSpacing(6)
        # the case's facts (both arms alike) above the AI (aided reads only), sharing the height
        self.facts_panel = CaseFactsPanel()
        self.ai_pane = QFrame()
        self.ai_pane.setObjectName("aiPane")
        self.ai_pane.setStyleSheet(f"#aiPane {{ border: 2px solid {COLORS['ai_edge']}; border-radius: 6px; }}")
        al = QVBoxLayout(self.ai_pane)
        al.setContentsMargins(2, 2, 2, 2)
        al.setSpacing(0)
        self.ai_title = QLabel(self.tr("AI assessment"))
        _bold(self.ai_title, 1.1)
        self.ai_title.setContentsMargins(10, 6, 10, 2)
        self.ai_bundle_label = QLabel("")
        self.ai_bundle_label.setContentsMargins(10, 0, 10, 4)
        self.ai_bundle_label.setStyleSheet(f"color: {COLORS['muted']};")
        self.ai_bundle_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ai_banner_label = QLabel("")
        self.ai_banner_label.setWordWrap(True)
        self.ai_banner_label.setStyleSheet(f"color: {COLORS['warn']}; background: {COLORS['warn_bg']}; "
                                           f"border: 1px solid {COLORS['warn_edge']}; border-radius: 4px; "
                                           "padding: 4px 8px; font-weight: bold;")
        self.ai_banner_label.setVisible(False)
        self.risk_panel = AIPanel()
        al.addWidget(self.ai_title)
        al.addWidget(self.ai_bundle_label)
        banner_wrap = QHBoxLayout()
        banner_wrap.setContentsMargins(8, 0, 8, 2)
        banner_wrap.addWidget(self.ai_banner_label)
        al.addLayout(banner_wrap)
        al.addWidget(self.risk_panel, 1)
        self.ai_pane.setVisible(False)
        self.ai_placeholder = QLabel("")
        self.ai_placeholder.setWordWrap(True)
        self.ai_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ai_placeholder.setStyleSheet(f"color: {COLORS['muted']}; border: 1px dashed {COLORS['line']}; "
                                          "border-radius: 6px; padding: 8px;")
        self.ai_placeholder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        ai_box = QWidget()
        self._ai_box = ai_box
        abl = QVBoxLayout(ai_box)
        abl.setContentsMargins(0, 0, 0, 0)
        abl.addWidget(self.ai_pane, 1)
        abl.addWidget(self.ai_placeholder, 0)
        self.info_split = QSplitter(Qt.Orientation.Vertical)
        self.info_split.setChildrenCollapsible(False)
        self.info_split.addWidget(self.facts_panel)
        self.info_split.addWidget(ai_box)
        self.info_split.setStretchFactor(0, 1)
        self.info_split.setStretchFactor(1, 1)
        sl.addWidget(self.info_split, 1)

        # the answer (always in view: fixed height at the bottom)
        self.answer_box = AnswerBox()
        self.answer_box.changed.connect(self._update_buttons)
        sl.addWidget(self.answer_box)
        self.hint_label = QLabel("")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet(f"color: {COLORS['muted']};")
        sl.addWidget(self.hint_label)
        self.submit_button = QPushButton(self.tr("Submit unaided answer"))
        self.submit_button.setAutoDefault(False)
        self.submit_button.clicked.connect(self.submit)
        _bold(self.submit_button)
        self.lock_button = QPushButton(self.tr("Lock answer and show AI\u2026"))
        self.lock_button.setAutoDefault(False)
        self.lock_button.clicked.connect(self.request_lock)
        _bold(self.lock_button)
        self.submit_button.setToolTip(self.tr("Return"))
        self.lock_button.setToolTip(self.tr("Return"))
        sl.addWidget(self.submit_button)
        sl.addWidget(self.lock_button)
        # inline confirmation of the lock: Return or Y locks, Escape or N cancels
        self.confirm_frame = QFrame()
        self.confirm_frame.setObjectName("confirmFrame")
        self.confirm_frame.setStyleSheet(f"#confirmFrame {{ background: {COLORS['warn_bg']}; "
                                         f"border: 1px solid {COLORS['warn_edge']}; border-radius: 6px; }}")
        cl = QVBoxLayout(self.confirm_frame)
        cl.setContentsMargins(10, 8, 10, 8)
        self.confirm_label = QLabel("")
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setStyleSheet(f"color: {COLORS['warn']};")
        self.confirm_lock_button = QPushButton(self.tr("Lock and show AI  [Return / Y]"))
        self.confirm_lock_button.setAutoDefault(False)
        _bold(self.confirm_lock_button)
        self.confirm_lock_button.clicked.connect(self.confirm_lock)
        self.cancel_lock_button = QPushButton(self.tr("Cancel  [Esc / N]"))
        self.cancel_lock_button.setAutoDefault(False)
        self.cancel_lock_button.clicked.connect(self.cancel_lock)
        cb = QHBoxLayout()
        cb.addWidget(self.cancel_lock_button)
        cb.addStretch(1)
        cb.addWidget(self.confirm_lock_button)
        cl.addWidget(self.confirm_label)
        cl.addLayout(cb)
        self.confirm_frame.setVisible(False)
        sl.addWidget(self.confirm_frame)
        side.setMinimumWidth(360)
        side.setMaximumWidth(460)
        self._side = side
        return side

    def _build_keys(self) -> None:
        """Return does the page's next step; the confirmation takes one key; a clear Tab order."""
        for seq in (QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter), QKeySequence("Ctrl+Return")):
            sc = QShortcut(seq, self)
            sc.activated.connect(self.press_return)
        for k in range(1, 6):  # the 5-point scale
            sc = QShortcut(QKeySequence(str(k)), self)
            sc.activated.connect(lambda k=k: self._key_rating(k))
        for key, slot in ((Qt.Key.Key_Escape, self._key_cancel), (Qt.Key.Key_Y, self._key_yes),
                          (Qt.Key.Key_N, self._key_no)):
            sc = QShortcut(QKeySequence(key), self)
            sc.activated.connect(slot)
        box = self.answer_box
        chain = [*box.controls(), self.submit_button, self.lock_button,
                 self.confirm_lock_button, self.cancel_lock_button, self.pause_button,
                 *self.viewer_buttons.values()]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    # ---- the viewers: one at full width, or both

    def set_viewer_mode(self, mode: str) -> None:
        """``"ecg"``, ``"cxr"`` or ``"both"`` (both only when the window is wide enough)."""
        if mode not in VIEWER_MODES:
            raise ValueError(f"viewer mode must be one of {VIEWER_MODES}, not {mode!r}")
        self._viewer_mode = mode
        self._apply_viewer_mode()

    def viewer_mode(self) -> str:
        """The mode in effect (``"both"`` falls back to ``"ecg"`` in a narrow window)."""
        wide = self.width() >= self.SIDE_BY_SIDE_MIN_WIDTH
        return self._viewer_mode if (self._viewer_mode != "both" or wide) else "ecg"

    def _apply_viewer_mode(self) -> None:
        mode = self.viewer_mode()
        wide = self.width() >= self.SIDE_BY_SIDE_MIN_WIDTH
        changed = (self._ecg_pane.isVisibleTo(self.viewers), self._cxr_pane.isVisibleTo(self.viewers)) != (
            mode in ("ecg", "both"), mode in ("cxr", "both"))
        self._ecg_pane.setVisible(mode in ("ecg", "both"))
        self._cxr_pane.setVisible(mode in ("cxr", "both"))
        if changed:  # a pane shown again gets its share of the width (a hidden pane keeps 0)
            total = max(2, self.viewers.width())
            self.viewers.setSizes({"ecg": [total, 0], "cxr": [0, total]}.get(mode, [total * 3 // 5, total * 2 // 5]))
        self.viewer_buttons["both"].setEnabled(wide)
        self.viewer_buttons["both"].setVisible(wide)
        self.viewer_buttons[mode].setChecked(True)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        super().resizeEvent(event)
        if hasattr(self, "viewer_buttons"):
            self._apply_viewer_mode()

    @staticmethod
    def _pane(title: QLabel, body: QWidget) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        _bold(title)
        title.setContentsMargins(8, 4, 8, 0)
        lay.addWidget(title)
        lay.addWidget(body, 1)
        return w

    # ================================================================== start-up

    def _start(self) -> None:
        if self._closed:
            return
        from ph_assist.gui.colormaps import DEFAULT_CMAP, colormap_lut

        colormap_lut(DEFAULT_CMAP)  # matplotlib imported on the GUI thread before workers import (see MainWindow)
        self._runner.submit("viewers", workers.prepare_viewers_task, on_done=lambda _r: self._install_ecg_panel(),
                            on_error=lambda err: self._fail(self.tr("the ECG viewer cannot start: {error}").format(
                                error=self._err(err))))
        self._runner.submit("bundle", workers.load_bundle_task, self._bundle_path, False,
                            on_done=self._on_bundle,
                            on_error=lambda err: self._fail(self.tr(
                                "the model bundle cannot be loaded: {error}; the study cannot go on without it. "
                                "Tell the study coordinator.").format(error=self._err(err))))

    def _install_ecg_panel(self) -> None:
        if self._closed or self.ecg_panel is not None:
            return
        from ph_assist.gui.ecg_view import ECGPanel

        panel = ECGPanel()
        self._ecg_holder_lay.removeWidget(self._ecg_placeholder)
        self._ecg_placeholder.deleteLater()
        self._ecg_holder_lay.addWidget(panel)
        self.ecg_panel = panel
        self._viewers_ready = True
        self._maybe_open()

    def _on_bundle(self, bundle: Any) -> None:
        if self._closed:
            return
        self._bundle = bundle
        from ph_assist.presentation import notice_of

        notice = notice_of(bundle)  # one wording and one warning rule for every front end
        bid = bundle.bundle_id or self.tr("unsaved")
        self.ai_bundle_label.setText(self.tr("Model {name} \u00b7 ID {id}").format(name=bundle.name, id=bid[:12]))
        self.ai_bundle_label.setToolTip(self.tr("Model bundle {name}\nID (SHA-256): {id}").format(name=bundle.name,
                                                                                                   id=bid))
        self.ai_banner_label.setText(f"\u26a0 {notice.text}")
        self.ai_banner_label.setVisible(notice.warn)
        self.risk_panel.set_bundle_info(notice)
        self._maybe_open()

    def _maybe_open(self) -> None:
        if self._closed or self._session is not None or self._state == "error":
            return
        if self._bundle is None or not self._viewers_ready:
            return
        try:
            self._session = open_session(self._folder, self._reader, bundle_id=self._bundle.bundle_id,
                                         clock=self._clock)
            if self._session.paused:  # closed or paused last time: reopening resumes
                self._session.resume()
            self.answer_box.set_protocol(getattr(self._session, "protocol", None))
        except StudyError as exc:
            self._fail(str(exc))
            return
        except Exception as exc:  # e.g. sqlite3.OperationalError (disk, lock)
            log.exception("opening the reader session failed")
            self._fail(workers.internal_error_text(exc))
            return
        self._advance()

    # ================================================================== the flow

    def _advance(self) -> None:
        """Make the window show what the session says (the only place that decides the page)."""
        s = self._session
        if self._closed or s is None:
            return
        self._update_header()
        try:
            step = reader_step(s, case_key=self._case_key, loaded=self._loaded is not None,
                               ai_pending=self._assessment is None and self._assess_error is None,
                               instructions_acknowledged=self._instructions_ack)
        except Exception as exc:  # pragma: no cover - the clock or the log failed
            self._fail(self._err(exc))
            return
        if step.kind == "washout":
            self._washout_timer.start()
        else:
            self._washout_timer.stop()
        if step.kind in ("done", "washout"):
            self._clear_case()
            self._set_message(step.title, step.text, state=step.kind)
        elif step.kind == "paused":
            self._set_message(step.title, step.text, state="paused", button=step.button)
            self.message_button.setFocus()
        elif step.kind == "instructions":
            self._set_message(step.title, step.text, state="instructions", button=step.button)
            self.message_button.setFocus()
        elif step.kind == "load":
            self._load_case(s.current_case, step)
        elif step.kind == "prepare_ai":
            self._ensure_assessment()
            self._set_message(step.title, step.text, state="loading")
        elif step.kind == "present":
            self._present()
        # "wait": still reading the files

    def _load_case(self, cv: Any, step: Any) -> None:
        self._clear_case()
        self._case_key = (cv.session, cv.case_id)
        self._serial += 1
        serial = self._serial
        self._set_message(step.title, step.text, state="loading")
        self._cv = cv
        self.ecg_title.setText(self.tr("ECG") if cv.ecg_path else self.tr("ECG \u2014 none for this case"))
        self.cxr_title.setText(self.tr("Chest X-ray") if cv.cxr_path
                               else self.tr("Chest X-ray \u2014 none for this case"))
        self._runner.submit("case", load_study_case_task, serial, cv.ecg_path, cv.cxr_path, cv.bnp, cv.bnp_unit,
                            on_done=self._on_case_loaded, on_error=lambda err, k=serial: self._on_case_error(k, err))

    def _set_facts(self, lc: LoadedCase | None, problems: list[str]) -> None:
        """Build the case's non-AI facts once (both arms render this same object)."""
        cv = self._cv
        facts = case_facts(bnp=cv.bnp, bnp_unit=cv.bnp_unit, bnp_pg_ml=cv.bnp_pg_ml,
                           has_ecg=cv.ecg_path is not None, has_cxr=cv.cxr_path is not None,
                           ecg=None if lc is None else lc.ecg, cxr=None if lc is None else lc.cxr,
                           ecg_report=None if lc is None else lc.ecg_report, problems=problems)
        self._facts = facts
        self.risk_panel.facts = facts
        self.facts_panel.set_facts(facts)

    def case_facts(self) -> CaseFacts | None:
        """The non-AI facts of the case on screen (the same object in both arms)."""
        return self._facts

    @property
    def bnp_label(self) -> QLabel:
        """The BNP line of the case's facts."""
        lab = self.facts_panel.value_label("bnp")
        return lab if lab is not None else QLabel("")

    def _clear_case(self) -> None:
        self._case_key = None
        self._loaded = None
        self._assessment = None
        self._assess_error = None
        self._assess_job = None
        self._configured = None
        self._confirming = False
        self._show_ai(False)
        if self.ecg_panel is not None:
            self.ecg_panel.set_ecg(None)
        self.cxr_panel.set_cxr(None)
        self._facts = None
        self.risk_panel.facts = None
        self.facts_panel.set_facts(None)

    def _on_case_loaded(self, loaded: LoadedCase) -> None:
        if self._closed or loaded.serial != self._serial:
            return
        self._loaded = loaded
        self._set_facts(loaded, [self._mask(p) for p in loaded.problems])
        # The AI will be needed for this case (sequential lock, or an aided read): compute it now, off screen.
        if self._session is not None and (self._session.design == "sequential"
                                          or self._session.condition == "aided"):
            self._ensure_assessment()
        self._advance()

    def _on_case_error(self, serial: int, err: Any) -> None:
        if self._closed or serial != self._serial:
            return
        # The case could not be read at all (unexpected: load_case collects problems); still show what we have.
        self._loaded = LoadedCase(serial, None, None, None, (self._err(err),))
        self._set_facts(None, [self._mask(self._err(err))])
        self._advance()

    def _ensure_assessment(self) -> None:
        if self._assess_job is not None or self._assessment is not None or self._assess_error is not None:
            return
        lc = self._loaded
        if lc is None or self._bundle is None:
            return
        if lc.ecg is None and lc.cxr is None and lc.labs is None:
            self._assess_error = self.tr("nothing to assess (no ECG, chest X-ray or BNP could be read)")
            return
        serial = self._serial
        self._assess_job = self._runner.submit(
            "assess", workers.assess_task, serial, self._bundle, ecg=lc.ecg, cxr=lc.cxr, labs=lc.labs,
            case_id=None, explain=True,
            on_done=self._on_assessed, on_error=lambda err, k=serial: self._on_assess_error(k, err))

    def _on_assessed(self, res: Any) -> None:
        if self._closed or res.serial != self._serial:
            return
        self._assess_job = None
        self._assessment = res.assessment
        self._after_ai_ready()

    def _on_assess_error(self, serial: int, err: Any) -> None:
        if self._closed or serial != self._serial:
            return
        self._assess_job = None
        self._assess_error = self._mask(self._err(err))
        self._after_ai_ready()

    def _after_ai_ready(self) -> None:
        if self._state == "reading":
            self._sync_ai()
            self._update_buttons()
        elif self._state == "loading":
            self._advance()

    def _present(self) -> None:
        """The case on screen (logged as shown once per run), the widgets set up for the phase."""
        s = self._session
        lc = self._loaded
        if not s.shown:
            if self.ecg_panel is not None:
                self.ecg_panel.set_ecg(lc.ecg)
            self.cxr_panel.set_cxr(lc.cxr)
            try:
                s.show_case()
            except StudyError as exc:
                self.show_error(str(exc))
                self._set_message(self.tr("The case cannot be shown"), self._mask(str(exc)), state="error")
                return
            self.caseShown.emit(s.current_case.position)
        self._configure_widgets()
        self._set_state("reading")
        self.stack.setCurrentWidget(self._reading_page)
        self._sync_ai()
        self._update_header()
        self._update_buttons()
        self._apply_focus()

    def _configure_widgets(self) -> None:
        s = self._session
        phase = s.phase
        cv = s.current_case
        key = (cv.session, cv.case_id, phase)
        if key == self._configured:
            return
        self._configured = key
        self._confirming = False
        box = self.answer_box
        if phase == "unaided":
            box.clear()
            self._focus_next = box.first_control()
        elif phase == "awaiting_lock":
            rec = s.recorded_answer
            if rec is not None:
                box.prefill(rec)
            self._focus_next = self.lock_button  # after Submit, the next step is the lock
        elif phase == "aided":
            # the unaided answer starts the aided one only when the protocol says so (it invites anchoring)
            rec = s.aided_prefill if hasattr(s, "aided_prefill") else s.unaided_answer
            if rec is not None:
                box.prefill(rec)
            else:
                box.clear()
            self._focus_next = box.first_control()

    def _apply_focus(self) -> None:
        w, self._focus_next = self._focus_next, None
        if w is not None and w.isVisibleTo(self) and w.isEnabled():
            w.setFocus(Qt.FocusReason.TabFocusReason)  # as Tab would: a spin box's text is selected, typing replaces it

    # ================================================================== the AI

    def _sync_ai(self) -> None:
        """Show the AI exactly when the session allows it (aided read, AI logged as shown)."""
        s = self._session
        allowed = ai_allowed(s, self._state)
        self._show_ai(allowed)
        if allowed:
            if self._assessment is not None:
                if not self._ai_on_screen:
                    self._put_ai_on_screen()
            elif self._assess_error is not None:
                self.risk_panel.set_error(self.tr("The AI could not assess this case: {error}").format(
                    error=self._assess_error))
            else:
                self._ensure_assessment()
                self.risk_panel.set_busy(self.tr("Computing the AI assessment\u2026"))

    def _put_ai_on_screen(self) -> None:
        a = self._assessment
        lc = self._loaded
        self.risk_panel.set_assessment(a, lc.labs if lc is not None else None)
        if self.ecg_panel is not None and self.ecg_panel.view.ecg() is not None and a.ecg_cam is not None:
            try:
                self.ecg_panel.set_explanation(a.ecg_cam)
                self.ecg_panel.view.set_explanation_visible(True)
            except ValueError as exc:
                log.warning("ECG Grad-CAM not shown: %s", exc)
        if self.cxr_panel.view.cxr() is not None and a.cxr_cam is not None:
            try:
                self.cxr_panel.set_heatmap(a.cxr_cam)
                self.cxr_panel.view.set_heatmap_visible(True)
            except ValueError as exc:
                log.warning("chest X-ray Grad-CAM not shown: %s", exc)
        self._ai_on_screen = True
        self.aiShown.emit()

    def _show_ai(self, on: bool) -> None:
        if not on:
            if self._ai_on_screen or self.ai_pane.isVisibleTo(self):
                self.risk_panel.set_empty("")
            self._ai_on_screen = False
            # No map in the viewers: their Grad-CAM toggles are disabled (and shown unticked).
            if self.ecg_panel is not None:
                if self.ecg_panel.view.has_explanation():
                    self.ecg_panel.set_explanation(None)
                if self.ecg_panel.view.explanation_visible():
                    self.ecg_panel.view.set_explanation_visible(False)
            if self.cxr_panel.view.heatmap() is not None:
                self.cxr_panel.set_heatmap(None)
            if self.cxr_panel.view.heatmap_visible():
                self.cxr_panel.view.set_heatmap_visible(False)
        self.cxr_panel.colorbar.setVisible(on)
        was = self.ai_pane.isVisibleTo(self)
        self.ai_pane.setVisible(on)
        self.ai_placeholder.setVisible(not on)
        s = self._session
        if not on and s is not None:
            self.ai_placeholder.setText(ai_placeholder_text(s.design))
        # the case data take the height the hidden AI leaves; with the AI shown, about a third of it
        placeholder_h = self.ai_placeholder.fontMetrics().lineSpacing() * 5 + 24  # its text: up to 5 short lines
        self._ai_box.setMaximumHeight(16777215 if on else placeholder_h)
        if on != was or not on:
            total = max(2, sum(self.info_split.sizes()))
            self.info_split.setSizes([total * 3 // 8, total - total * 3 // 8] if on
                                     else [max(1, total - placeholder_h), placeholder_h])

    def ai_visible(self) -> bool:
        """Whether the AI panel is shown."""
        return self.ai_pane.isVisibleTo(self)

    def ai_ready(self) -> bool:
        """Whether the AI shown is complete (a result or an error), i.e. the aided answer may be given."""
        return self._ai_on_screen or (self.ai_visible() and self._assess_error is not None)

    # ================================================================== actions

    def submit(self) -> bool:
        """The submit button: the unaided or the aided answer, as the phase says."""
        s = self._session
        if s is None or self._state != "reading":
            return False
        kw = self.answer_box.kwargs()
        if kw is None:
            self.hint_label.setText(self.answer_box.missing())
            return False
        if s.phase == "aided":
            if not self.ai_ready():
                self.hint_label.setText(self.tr("Wait for the AI assessment to appear."))
                return False
            return self.submit_aided_answer(**kw)
        return self.submit_unaided_answer(**kw)

    def submit_unaided_answer(self, ph: bool | None = None, confidence: int | None = None, **kw: Any) -> bool:
        """Give (or, before the lock, change) the unaided answer through the session (``kw``: ``rating``,
        ``action``, ``comment`` as :meth:`~ph_assist.study.protocol.ReaderSession.answer` takes them)."""
        return self._call(lambda s: s.answer(ph, confidence, **kw))

    def request_lock(self) -> None:
        """Ask for confirmation before locking (inline, below the buttons)."""
        s = self._session
        if s is None or self._state != "reading" or s.phase != "awaiting_lock":
            return
        rec = s.recorded_answer
        if rec is None:
            return
        self._confirming = True
        self.confirm_label.setText(
            self.tr("Lock your unaided answer ({answer}) and show the AI?\n"
                    "Your unaided answer cannot be changed afterwards.").format(
                answer=answer_summary(getattr(s, "protocol", None), rec)))
        self._update_buttons()
        self.confirm_lock_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel_lock(self) -> None:
        self._confirming = False
        self._update_buttons()
        if self.lock_button.isVisibleTo(self) and self.lock_button.isEnabled():
            self.lock_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- keys

    def press_return(self) -> None:
        """Return: a focused button other than the page's steps is pressed (Pause, Cancel, a viewer switch);
        otherwise the page's next step: submit, ask to lock, lock (:attr:`ReaderView.primary`), or the
        message page's button (Start reading, Resume)."""
        fw = QApplication.focusWidget()
        steps = (self.submit_button, self.lock_button, self.confirm_lock_button)
        if (isinstance(fw, QAbstractButton) and fw not in steps and fw.window() is self
                and fw.isVisible() and fw.isEnabled() and not isinstance(fw, QRadioButton)
                and not isinstance(fw, QCheckBox)):
            fw.click()
            return
        if self.stack.currentWidget() is self._message_page:
            if self.message_button.isVisible():
                self.message_button.click()
            return
        action = self._primary
        if action == "confirm":
            self.confirm_lock()
        elif action == "lock":
            self.request_lock()
        elif action == "submit":
            self.submit()
        elif self._state == "reading":
            self.submit()  # not complete: says what is missing

    def _key_rating(self, k: int) -> None:
        if self._state == "reading" and self.answer_box.isEnabled():
            self.answer_box.set_rating(k)

    def _key_cancel(self) -> None:
        if self._confirming:
            self.cancel_lock()

    def _key_yes(self) -> None:
        if self._confirming:
            self.confirm_lock()

    def _key_no(self) -> None:
        if self._confirming:
            self.cancel_lock()

    def _message_button_clicked(self) -> None:
        if self._state == "instructions":
            self._instructions_ack = True
            self._advance()
        else:
            self.resume()

    def confirm_lock(self) -> bool:
        """Lock the unaided answer and reveal the AI (after :meth:`request_lock`)."""
        if not self._confirming:
            return False
        self._confirming = False
        return self._call(lambda s: s.lock_and_show_ai())

    def submit_aided_answer(self, ph: bool | None = None, confidence: int | None = None, **kw: Any) -> bool:
        """Give the final answer with the AI; the session moves to the next case."""
        return self._call(lambda s: s.answer_aided(ph, confidence, **kw))

    def toggle_pause(self) -> None:
        if self._session is not None and self._session.paused:
            self.resume()
        else:
            self.pause()

    def pause(self) -> bool:
        """Hide the case and stop the time on case (logged)."""
        s = self._session
        if s is None or self._state != "reading" or not s.shown:
            return False
        self._confirming = False
        return self._call(lambda s: s.pause())

    def resume(self) -> bool:
        s = self._session
        if s is None or not s.paused:
            return False
        return self._call(lambda s: s.resume())

    def _call(self, fn: Callable[[Any], Any]) -> bool:
        """Run one session action; a refusal is one line above the case, then the window re-syncs."""
        s = self._session
        if s is None:
            self.show_error(self.tr("the study session is not open"))
            return False
        try:
            fn(s)
        except PHAssistError as exc:  # StudyError and friends
            self.show_error(str(exc))
            self._resync()
            return False
        except Exception as exc:  # e.g. sqlite3.OperationalError: still one line, never a crash
            log.exception("reader session action failed")
            self.show_error(workers.internal_error_text(exc))
            self._resync()
            return False
        self.clear_error()
        self._resync()
        return True

    def _resync(self) -> None:
        self._advance()
        if self._state == "reading":
            self._sync_ai()
            self._update_buttons()

    # ================================================================== display helpers

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)
        self._update_buttons()

    def _set_message(self, title: str, text: str, *, state: str | None = None, button: str | None = None) -> None:
        self.message_title.setText(title)
        self.message_text.setText(text)
        # (a word-wrapped label centred in a box layout gets the height of one line otherwise)
        self.message_text.setFixedHeight(max(self.message_text.heightForWidth(self.message_text.width()),
                                             self.message_text.fontMetrics().height()) + 4)
        self.message_button.setVisible(button is not None)
        if button:
            self.message_button.setText(button)
        self.stack.setCurrentWidget(self._message_page)
        if state is not None:
            self._set_state(state)
        self._update_header()

    def _fail(self, text: str) -> None:
        """The session cannot be opened or go on: one line, and a page saying so."""
        if self._closed:
            return
        self._fatal = self._mask(text)
        self.show_error(text)
        self._set_message(self.tr("The study cannot go on"), self._fatal, state="error")

    def _update_header(self) -> None:
        h = reader_header(self._session, self._state)
        self.progress_label.setText(h.progress)
        self.pause_button.setText(h.pause_text)
        self.pause_button.setEnabled(h.pause_enabled)
        self.practice_label.setVisible(h.practice)

    def _update_buttons(self) -> None:
        """Apply :func:`~ph_assist.study.reader_view.reader_view` to the answer controls."""
        box = self.answer_box
        v = reader_view(self._session, self._state, confirming=self._confirming, ai_ready=self.ai_ready(),
                        draft=box.draft())
        box.setEnabled(v.answer_enabled)
        self.submit_button.setVisible(v.submit_visible)
        self.lock_button.setVisible(v.lock_visible)
        self.confirm_frame.setVisible(v.confirm_visible)
        self.submit_button.setEnabled(v.submit_enabled)
        self.lock_button.setEnabled(v.lock_enabled)
        self.hint_label.setText(v.hint)
        self._primary = v.primary
        if not v.reading:
            return
        if v.answer_title is not None:
            box.setTitle(v.answer_title)
        if v.submit_text is not None:
            self.submit_button.setText(v.submit_text)
        self._update_header()

    def show_error(self, text: str) -> None:
        """One line above the case (case IDs and file names masked)."""
        line = reader_words(self._mask(text), self._reader)
        self.error_label.setText(line)
        self.error_label.setVisible(bool(line))
        if line:
            self.errorShown.emit(line)

    def clear_error(self) -> None:
        self.error_label.setText("")
        self.error_label.setVisible(False)

    def error_text(self) -> str:
        return self.error_label.full_text() if self.error_label.isVisibleTo(self) else ""

    @staticmethod
    def _err(err: Any) -> str:
        return " ".join(str(err).split()) if err is not None else "unknown error"

    def _washout_tick(self) -> None:
        if self._session is not None and self._state == "washout" and self._session.phase != "washout":
            self._advance()

    # ================================================================== state for callers and tests

    @property
    def session(self) -> Any:
        """The :class:`~ph_assist.study.protocol.ReaderSession` (None before it is open or after closing)."""
        return self._session

    def state(self) -> str:
        return self._state

    def phase(self) -> str | None:
        return None if self._session is None else self._session.phase

    def progress_text(self) -> str:
        return self.progress_label.text()

    def message(self) -> str:
        return f"{self.message_title.text()} \u2014 {self.message_text.text()}"

    def bundle(self) -> Any:
        return self._bundle

    def settled(self) -> bool:
        """Nothing in flight: the page is final for now (the AI, if shown, complete)."""
        if self._state in ("starting", "loading"):
            return False
        if self._runner.busy():
            return False
        if self._state == "reading" and self.ai_visible() and not self.ai_ready():
            return False
        return True

    def visible_texts(self) -> list[str]:
        """Every text and tooltip of the window's labels and buttons (to check that no identifier shows)."""
        out = [self.windowTitle()]
        for w in self.findChildren(QLabel) + self.findChildren(QAbstractButton):
            out.append(w.text())
            if isinstance(w, ElidedLabel):
                out.append(w.shown_text())
            out.append(w.toolTip())
        for w in self.findChildren(QGroupBox):
            out.append(w.title())
        return [t for t in out if t]

    # ================================================================== closing

    def shutdown(self) -> None:
        """Stop background work and close the session (a case on screen is paused, as the log records)."""
        if self._closed:
            return
        self._closed = True
        self._washout_timer.stop()
        self._runner.close()
        self._runner.cancel_all()
        s, self._session = self._session, None
        if s is not None:
            try:
                s.close()
            except Exception:  # the log could not be written: nothing more to do on the way out
                log.exception("closing the reader session failed")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt
        self.shutdown()
        super().closeEvent(event)


# ---------------------------------------------------------------- ``ph-assist study read``


def run_reader(study_folder: str | os.PathLike, reader_id: str, *, bundle_path: str | os.PathLike | None = None,
               screenshot: str | os.PathLike | None = None, size: tuple[int, int] | None = None,
               timeout_s: float = 180.0) -> int:
    """Open the reader window (``ph-assist study read``); with ``screenshot`` save a picture once the
    reader's current case is on screen (logged as shown, and paused on exit, like any display) and return.

    The window starts through :func:`ph_assist.gui.launch.launch`, as the main window does.
    Returns the exit code: 0, or 2 with one line on stderr (no screenshot in time, or the window shows
    an error).
    """
    shot = None
    if screenshot is not None:
        out = Path(screenshot)

        def problem(window: ReaderWindow) -> str | None:
            if window.state() == "error":
                return translate("cli", "screenshot written to {path}, but: {problem}").format(
                    path=out, problem=window.error_text() or window.message())
            return None

        def summary(window: ReaderWindow, seconds: float) -> dict[str, Any]:
            return {"state": window.state(), "phase": window.phase(), "progress": window.progress_text(),
                    "seconds": seconds}

        shot = Screenshot(out, ReaderWindow.settled, translate("cli", "the case"), ReaderWindow.state, problem, summary,
                          timeout_s)
    return launch(lambda: ReaderWindow(study_folder, reader_id, bundle_path=bundle_path),
                  error_line=workers.internal_error_text, size=size, screenshot=shot)
