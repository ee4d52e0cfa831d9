"""The ECG's global measurements and the ECG criteria of PH: :class:`ECGMeasurePanel`.

A small widget of the result panel, beside the ECG sub-score.  It shows a
:func:`ph_assist.ecg_measure.measurements_report` as it is: the measurements
(HR, PR, QRS, QT, QTc, axes) of PH-Assist's median beat beside the device's
own values where the file carries them (labelled
:data:`~ph_assist.presentation.DEVICE_LABEL`), and each ECG criterion of PH
as met, not met or not measurable with its value or its reason.  Every word
comes from :mod:`ph_assist.presentation` (the PDF report prints the same
rows); no science here.

:meth:`ECGMeasurePanel.measure` computes the report off the GUI thread
(:func:`ph_assist.gui.workers.measure_ecg_task` on the window's
:class:`~ph_assist.gui.workers.JobRunner`) and says "measuring…" meanwhile; a
result that arrives for an ECG no longer shown is dropped.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ph_assist.gui.style import COLORS, label, section
from ph_assist.presentation import (
    DEVICE_LABEL,
    MEASURED_BY,
    criteria_rows,
    criteria_summary,
    measurement_rows,
)
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

__all__ = ["ECGMeasurePanel", "MEASURING_TEXT", "STATES"]

STATES = ("none", "measuring", "result", "error")
MEASURING_TEXT = QT_TRANSLATE_NOOP("ECGMeasurePanel", "ECG measurements: measuring…")
_INK, _MUTED = COLORS["ink"], COLORS["muted"]
#: Status colours: met (above-threshold red), not met (below-threshold green), not measurable (warning amber).
_STATUS_COLOR = {"met": COLORS["above"], "not met": COLORS["below"], "not measurable": COLORS["warn"]}
_NOTE = QT_TRANSLATE_NOOP("ECGMeasurePanel",
                          "Criteria: ECG signs suggesting PH (ESC/ERS 2022). Values from PH-Assist's median beat; "
                          "the device's values are the acquiring cart's own, as stored in the file, shown for "
                          "comparison.")


class ECGMeasurePanel(QWidget):
    """Measurements and PH criteria of the ECG under review; hidden while there is no ECG."""

    stateChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = "none"
        self._report: dict[str, Any] | None = None
        self._ecg: Any = None
        self._serial = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addWidget(section(self.tr("ECG measurements and PH criteria")))
        self.status_label = label("", color=_MUTED, wrap=True)
        lay.addWidget(self.status_label)
        self._table = QWidget()
        self._grid = QGridLayout(self._table)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(0)
        lay.addWidget(self._table)
        self._criteria = QWidget()
        self._criteria_lay = QVBoxLayout(self._criteria)
        self._criteria_lay.setContentsMargins(0, 4, 0, 0)
        self._criteria_lay.setSpacing(2)
        lay.addWidget(self._criteria)
        self.note_label = label(self.tr(_NOTE), color=_MUTED, wrap=True, small=True)
        lay.addWidget(self.note_label)
        self.clear()

    # ------------------------------------------------------------------ feeding

    def measure(self, ecg: Any, runner: Any) -> Any:
        """Measure ``ecg`` on ``runner`` (a :class:`~ph_assist.gui.workers.JobRunner`); ``None`` clears.

        Shows "measuring…" at once and returns the job (``None`` without an ECG).
        """
        from ph_assist.gui import workers

        if ecg is None:
            self.clear()
            return None
        if ecg is self._ecg and self._state in ("measuring", "result", "error"):
            return None  # the same ECG again (e.g. the case re-read): its report stands
        self.set_measuring(ecg)
        serial = self._serial
        return runner.submit("measure-ecg", workers.measure_ecg_task, ecg,
                             on_done=lambda rep: self._on_done(serial, ecg, rep),
                             on_error=lambda err: self._on_done(serial, ecg, {"error": str(err)}))

    def _on_done(self, serial: int, ecg: Any, report: dict[str, Any]) -> None:
        if serial != self._serial:  # an earlier ECG's result
            return
        self.set_report(report, ecg)

    def set_measuring(self, ecg: Any = None) -> None:
        """Say "measuring…" (results of earlier requests are dropped from now on)."""
        self._serial += 1
        self._ecg, self._report = ecg, None
        self._clear_rows()
        self._set_state("measuring", self.tr(MEASURING_TEXT), _MUTED)
        self.note_label.setVisible(False)
        self.setVisible(True)

    def set_report(self, report: dict[str, Any], ecg: Any = None) -> None:
        """Show a :func:`~ph_assist.ecg_measure.measurements_report`."""
        self._report = dict(report)
        if ecg is not None:
            self._ecg = ecg
        self._clear_rows()
        error = "error" in report
        summary = criteria_summary(report)
        if error:
            self._set_state("error", self.tr("ECG not measurable: {value}").format(value=report['error']), _STATUS_COLOR["not measurable"])
        else:
            used = report.get("n_beats_used")
            beats = self.tr(" — median of {used} of {n} beats").format(used=used, n=report.get('n_beats')) \
                if used is not None else ""
            self._set_state("result", summary + beats, _INK)
        self._fill_table(report)
        self._fill_criteria(report)
        self.note_label.setVisible(True)
        self.setVisible(True)

    def clear(self) -> None:
        """No ECG: nothing to show (hidden); a result still on its way is dropped."""
        self._serial += 1
        self._ecg, self._report = None, None
        self._clear_rows()
        self._set_state("none", "", _MUTED)
        self.setVisible(False)

    # ------------------------------------------------------------------ drawing

    def _set_state(self, state: str, text: str, color: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {color};")
        self.status_label.setVisible(bool(text))
        changed = state != self._state
        self._state = state
        if changed:
            self.stateChanged.emit(state)

    def _clear_rows(self) -> None:
        for lay in (self._grid, self._criteria_lay):
            while lay.count():
                item = lay.takeAt(0)
                w = item.widget() if item is not None else None
                if w is not None:
                    w.setParent(None)
                    w.deleteLater()
        self._table.setVisible(False)
        self._criteria.setVisible(False)

    def _fill_table(self, report: dict[str, Any]) -> None:
        rows = measurement_rows(report)
        if not rows:
            return
        device = rows[0].device is not None
        ours_head = label(translate("presentation", MEASURED_BY), color=_MUTED, small=True, wrap=True)
        ours_head.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._grid.addWidget(ours_head, 0, 1)
        if device:
            dev_head = label(translate("presentation", DEVICE_LABEL), color=_MUTED, small=True, wrap=True)
            dev_head.setAlignment(Qt.AlignmentFlag.AlignRight)
            dev_head.setToolTip((report.get("device_measurements") or {}).get("source", DEVICE_LABEL))
            self._grid.addWidget(dev_head, 0, 2)
        for i, r in enumerate(rows, start=1):
            self._grid.addWidget(label(r.name), i, 0)
            ours = label(r.ours)
            ours.setAlignment(Qt.AlignmentFlag.AlignRight)
            self._grid.addWidget(ours, i, 1)
            if device:
                dev = label(r.device or "—", color=_MUTED)
                dev.setAlignment(Qt.AlignmentFlag.AlignRight)
                self._grid.addWidget(dev, i, 2)
        # the names are short: the two value columns share the width, so their headings wrap little
        self._grid.setColumnStretch(0, 0)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(2, 1 if device else 0)
        self._table.setVisible(True)

    def _fill_criteria(self, report: dict[str, Any]) -> None:
        for r in criteria_rows(report):
            color = _STATUS_COLOR.get(r.status, _INK)
            detail = r.value
            if r.reason:
                detail = f"{detail} ({r.reason})" if detail else r.reason
            text = (f"<span style='color:{color}'><b>{html.escape(r.status_text)}</b></span> "
                    f"— {html.escape(r.label)}")
            if detail:
                text += f"<br><span style='color:{_MUTED}'>{html.escape(detail)}</span>"
            lab = label(text, wrap=True)
            lab.setTextFormat(Qt.TextFormat.RichText)
            lab.setToolTip(r.line)
            lab.setProperty("criterion", r.key)
            lab.setProperty("status", r.status)
            self._criteria_lay.addWidget(lab)
        self._criteria.setVisible(self._criteria_lay.count() > 0)

    # ------------------------------------------------------------------ for tests and exports

    def state(self) -> str:
        return self._state

    def report(self) -> dict[str, Any] | None:
        """The report shown, or ``None``."""
        return self._report

    def report_for(self, ecg: Any) -> dict[str, Any] | None:
        """The report shown when it was measured on ``ecg`` (the same object), else ``None``."""
        return self._report if ecg is not None and ecg is self._ecg else None

    def criteria(self) -> dict[str, str]:
        """The criteria shown: key -> status."""
        out = {}
        for i in range(self._criteria_lay.count()):
            item = self._criteria_lay.itemAt(i)
            w = item.widget() if item is not None else None
            if w is not None and w.property("criterion"):
                out[str(w.property("criterion"))] = str(w.property("status"))
        return out

    def text(self) -> str:
        """Every text shown, top to bottom, as plain text (one line per label)."""
        from PySide6.QtGui import QTextDocument

        out = []
        for lab in self.findChildren(QLabel):
            if not lab.isVisibleTo(self) or not lab.text():
                continue
            if lab.textFormat() == Qt.TextFormat.RichText:
                doc = QTextDocument()
                doc.setHtml(lab.text())
                out.append(" ".join(doc.toPlainText().split()))
            else:
                out.append(lab.text())
        return "\n".join(out)
