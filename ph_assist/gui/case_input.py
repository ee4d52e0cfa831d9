"""The inputs of the case under review: :class:`CaseInputPanel`.

A pseudonymous case ID, the ECG file, the chest X-ray file and the BNP value
with its unit and analyte.  The BNP field is validated as it is typed by
:func:`ph_assist.io.labs.parse_labs`; an invalid value shows the
:class:`~ph_assist.errors.LabValueError` message inline, on one line, and
is not used.  A valid value is offered to the window (``labsChanged``) when
editing pauses or ends.

Identifiers (the case ID and file names) are hidden until the window's
View > Show identifiers is on: the case ID field is masked and files are
described by kind ("WFDB ECG, 12 leads, 10 s"), not by name.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, QTimer, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ph_assist.errors import LabValueError

if TYPE_CHECKING:
    from ph_assist.io.labs import Labs

__all__ = [
    "ANALYTES",
    "BNP_UNITS",
    "ERROR_COLOR",
    "CaseInputPanel",
    "ElidedLabel",
    "describe_cxr",
    "describe_ecg",
    "mask_paths",
]

BNP_UNITS = ("pg/mL", "ng/L", "pmol/L")
ANALYTES = ("BNP", "NT-proBNP")
ERROR_COLOR = "#b00020"
MUTED_COLOR = "#616e7c"
#: Pause in typing after which a valid BNP value is used (ms).
BNP_DEBOUNCE_MS = 600

_POSIX_PATH = re.compile(r"(?<![\w.])(?:~|\.{1,2})?(?:/[^/\s:;,'\"()]+)+/([^/\s:;,'\"()]+)")
_WIN_PATH = re.compile(r"\b[A-Za-z]:\\(?:[^\\\s:;,'\"()]+\\)*([^\\\s:;,'\"()]+)")


def mask_paths(text: str) -> str:
    """``text`` with every file path shortened to its file name (folders often carry names or IDs)."""
    return _WIN_PATH.sub(r"\1", _POSIX_PATH.sub(r"\1", text))


def describe_ecg(ecg: Any) -> str:
    fmt = {"wfdb": "WFDB", "dicom-ecg": "DICOM", "hl7-aecg": "HL7 aECG", "philips-xml": "Philips XML",
           "ge-muse-xml": "GE MUSE XML", "scp-ecg": "SCP-ECG", "mfer": "MFER", "csv": "CSV"}.get(
        ecg.source_format, ecg.source_format)
    n_ok = len(ecg.usable_leads)
    return QCoreApplication.translate("CaseInputPanel", "{format}, {n_ok}/12 leads, {seconds:.0f} s, {fs:g} Hz").format(
        format=fmt, n_ok=n_ok, seconds=ecg.duration_s, fs=ecg.fs)


def describe_cxr(cxr: Any) -> str:
    fmt = {"dicom-cxr": "DICOM", "png": "PNG", "jpeg": "JPEG"}.get(cxr.source_format, cxr.source_format)
    h, w = cxr.shape
    view = f" {cxr.view_position}" if getattr(cxr, "view_position", None) else ""
    return f"{fmt}{view}, {w} × {h} px"


class ElidedLabel(QLabel):
    """A one-line label that elides its text ("…") instead of growing; the full text is its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(text, parent)
        self.elide = elide  # ElideMiddle keeps what ends the text (a bundle ID) readable
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.update()

    def minimumSizeHint(self) -> QSize:
        return QSize(20, self.fontMetrics().height() + 4)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + 6, self.fontMetrics().height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), self.elide, rect.width())
        p.setPen(self.palette().color(self.foregroundRole()))
        p.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        p.end()


class _FileRow:
    def __init__(self, panel: CaseInputPanel, grid: QGridLayout, row: int, title: str, kind: str) -> None:
        self.kind = kind
        self.path: Path | None = None
        self.description = ""
        self.title = QLabel(title)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.label = ElidedLabel("")
        self.open_button = QToolButton()
        self.open_button.setText(QCoreApplication.translate("_FileRow", "Open…"))
        self.open_button.setToolTip(QCoreApplication.translate("_FileRow", "Open the {title} file").format(title=title))
        self.clear_button = QToolButton()
        self.clear_button.setText("✕")
        self.clear_button.setToolTip(QCoreApplication.translate("_FileRow", "Remove the {title} from this case").format(title=title))
        self.clear_button.setAutoRaise(True)
        grid.addWidget(self.title, row, 0)
        grid.addWidget(self.label, row, 1)
        grid.addWidget(self.open_button, row, 2)
        grid.addWidget(self.clear_button, row, 3)
        self.refresh(False)

    def set(self, path: Path | None, description: str = "") -> None:
        self.path, self.description = path, description
        self.refresh(self.label.property("identifiers") or False)

    def refresh(self, identifiers: bool) -> None:
        self.label.setProperty("identifiers", identifiers)
        if self.path is None:
            self.label.setText(QCoreApplication.translate("_FileRow", "none"))
            self.label.setStyleSheet(f"color: {MUTED_COLOR};")
            self.clear_button.setEnabled(False)
            return
        self.label.setStyleSheet("")
        self.clear_button.setEnabled(True)
        self.label.setText(f"{self.path.name} — {self.description}" if identifiers else self.description)
        if identifiers:
            self.label.setToolTip(f"{self.path}\n{self.description}")


class CaseInputPanel(QWidget):
    """Case ID, ECG and chest X-ray files, BNP value + unit + analyte; see the module docstring."""

    openEcgRequested = Signal()
    openCxrRequested = Signal()
    clearEcgRequested = Signal()
    clearCxrRequested = Signal()
    labsChanged = Signal(object)  # Labs or None (emptied); only valid values are emitted
    caseIdChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._identifiers = False
        self._labs: Labs | None = None
        self._emitted: tuple | None = None
        self._error: str | None = None

        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 6)
        lay.setSpacing(4)
        title = QLabel(self.tr("CASE"))
        font = QFont(title.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.82))
        font.setBold(True)
        title.setFont(font)
        title.setStyleSheet(f"color: {MUTED_COLOR};")
        lay.addWidget(title)

        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        id_title = QLabel(self.tr("Case ID"))
        bold = QFont(id_title.font())
        bold.setBold(True)
        id_title.setFont(bold)
        self.case_id_edit = QLineEdit()
        self.case_id_edit.setPlaceholderText(self.tr("pseudonymous, optional"))
        self.case_id_edit.setToolTip(self.tr("A pseudonymous case ID for the report and the recent-cases list; never a patient name. Hidden unless View > Show identifiers is on."))
        self.case_id_edit.setClearButtonEnabled(True)
        grid.addWidget(id_title, 0, 0)
        grid.addWidget(self.case_id_edit, 0, 1, 1, 3)
        self.ecg_row = _FileRow(self, grid, 1, self.tr("ECG"), "ecg")
        self.cxr_row = _FileRow(self, grid, 2, self.tr("Chest X-ray"), "cxr")

        bnp_title = QLabel(self.tr("BNP"))
        bnp_title.setFont(bold)
        self.bnp_edit = QLineEdit()
        self.bnp_edit.setPlaceholderText(self.tr("e.g. 120 or <10"))
        self.bnp_edit.setToolTip(self.tr("Natriuretic peptide value as reported by the laboratory; '<x' for a result below the assay's detection limit"))
        self.bnp_edit.setMaximumWidth(110)
        self.unit_combo = QComboBox()
        self.unit_combo.addItems(BNP_UNITS)
        self.unit_combo.setToolTip(self.tr("Unit of the value (pg/mL = ng/L; pmol/L is converted)"))
        self.analyte_combo = QComboBox()
        self.analyte_combo.addItems(ANALYTES)
        self.analyte_combo.setToolTip(self.tr("BNP and NT-proBNP are different analytes; one is never used as the other"))
        bnp_box = QHBoxLayout()
        bnp_box.setSpacing(6)
        bnp_box.addWidget(self.bnp_edit, 1)
        bnp_box.addWidget(self.unit_combo)
        bnp_box.addWidget(self.analyte_combo)
        bnp_box.addStretch(0)
        grid.addWidget(bnp_title, 3, 0)
        grid.addLayout(bnp_box, 3, 1, 1, 3)
        lay.addLayout(grid)

        self.bnp_note = ElidedLabel("")  # converted value (grey) or the validation error (red)
        lay.addWidget(self.bnp_note)
        self.file_error_label = ElidedLabel("")
        self.file_error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.file_error_label.setVisible(False)
        lay.addWidget(self.file_error_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(BNP_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._commit)
        self.bnp_edit.textChanged.connect(self._validate)
        self.bnp_edit.textChanged.connect(lambda _t: self._debounce.start())
        self.bnp_edit.editingFinished.connect(self._commit)
        self.bnp_edit.returnPressed.connect(self._commit)
        self.unit_combo.currentIndexChanged.connect(lambda _i: (self._validate(), self._commit()))
        self.analyte_combo.currentIndexChanged.connect(lambda _i: (self._validate(), self._commit()))
        self.ecg_row.open_button.clicked.connect(self.openEcgRequested)
        self.cxr_row.open_button.clicked.connect(self.openCxrRequested)
        self.ecg_row.clear_button.clicked.connect(self.clearEcgRequested)
        self.cxr_row.clear_button.clicked.connect(self.clearCxrRequested)
        self.case_id_edit.textChanged.connect(self.caseIdChanged)
        self.set_identifiers_visible(False)
        self._validate()

    # ------------------------------------------------------------------ BNP

    def _validate(self) -> None:
        from ph_assist.io.labs import parse_labs

        text = self.bnp_edit.text().strip()
        self._labs, self._error = None, None
        if text:
            try:
                self._labs = parse_labs(text, self.unit_combo.currentText(), self.analyte_combo.currentText())
            except LabValueError as exc:
                self._error = " ".join(str(exc).split())
        if self._error:
            self.bnp_note.setText(self._error)
            self.bnp_note.setStyleSheet(f"color: {ERROR_COLOR};")
            self.bnp_edit.setStyleSheet(f"QLineEdit {{ border: 1px solid {ERROR_COLOR}; border-radius: 3px; "
                                        "padding: 1px 3px; }")
        else:
            self.bnp_edit.setStyleSheet("")
            self.bnp_note.setStyleSheet(f"color: {MUTED_COLOR};")
            if self._labs is not None and self._labs.converted:
                self.bnp_note.setText(self.tr("= {value_pg_ml:.4g} pg/mL {analyte}").format(value_pg_ml=self._labs.value_pg_ml, analyte=self._labs.analyte))
            elif self._labs is not None and self.unit_combo.currentText() == "ng/L":
                self.bnp_note.setText(self.tr("ng/L = pg/mL"))
            else:
                self.bnp_note.setText("")

    def _commit(self) -> None:
        """Offer the current BNP to the window if it is valid (or empty) and differs from the last one."""
        self._debounce.stop()
        if self._error:
            return
        key = None if self._labs is None else (self._labs.analyte, self._labs.value_pg_ml,
                                               self._labs.below_detection_limit, self._labs.entered_unit)
        if key == self._emitted:
            return
        self._emitted = key
        self.labsChanged.emit(self._labs)

    def labs(self) -> Labs | None:
        """The valid BNP result, or None (empty or invalid: see :meth:`bnp_error`)."""
        return self._labs

    def bnp_error(self) -> str | None:
        """The one-line LabValueError message of an invalid BNP value, else None."""
        return self._error

    def set_bnp(self, value: object, unit: str = "pg/mL", analyte: str = "BNP", *, emit: bool = False) -> None:
        """Fill the BNP fields (e.g. from the demo case or a worklist row)."""
        from ph_assist.io.labs import normalize_analyte, normalize_unit

        for w in (self.bnp_edit, self.unit_combo, self.analyte_combo):
            w.blockSignals(True)
        try:
            self.bnp_edit.setText("" if value in (None, "") else str(value))
            try:
                u = normalize_unit(unit)
                self.unit_combo.setCurrentText("ng/L" if str(unit).strip().lower() == "ng/l" else u)
            except LabValueError:
                self.unit_combo.setCurrentIndex(0)
            try:
                self.analyte_combo.setCurrentText(normalize_analyte(analyte))
            except LabValueError:
                self.analyte_combo.setCurrentIndex(0)
        finally:
            for w in (self.bnp_edit, self.unit_combo, self.analyte_combo):
                w.blockSignals(False)
        self._debounce.stop()
        self._validate()
        if emit:
            self._commit()
        else:
            self._emitted = None if self._labs is None else (self._labs.analyte, self._labs.value_pg_ml,
                                                             self._labs.below_detection_limit,
                                                             self._labs.entered_unit)

    # ------------------------------------------------------------------ files, ID, identifiers

    def set_ecg_file(self, path: str | os.PathLike | None, ecg: Any = None) -> None:
        self.ecg_row.set(None if path is None else Path(path), describe_ecg(ecg) if ecg is not None else "")

    def set_cxr_file(self, path: str | os.PathLike | None, cxr: Any = None) -> None:
        self.cxr_row.set(None if path is None else Path(path), describe_cxr(cxr) if cxr is not None else "")

    def set_file_error(self, text: str | None) -> None:
        self.file_error_label.setText(text or "")
        self.file_error_label.setVisible(bool(text))

    def case_id(self) -> str:
        return self.case_id_edit.text().strip()

    def set_case_id(self, case_id: str | None) -> None:
        self.case_id_edit.blockSignals(True)
        self.case_id_edit.setText(case_id or "")
        self.case_id_edit.blockSignals(False)

    def identifiers_visible(self) -> bool:
        return self._identifiers

    def set_identifiers_visible(self, visible: bool) -> None:
        self._identifiers = bool(visible)
        self.case_id_edit.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)
        self.case_id_edit.setPlaceholderText(self.tr("pseudonymous, optional") if visible
                                             else self.tr("hidden (View › Show identifiers)"))
        for row in (self.ecg_row, self.cxr_row):
            row.refresh(self._identifiers)
        text = self.file_error_label.text()
        if text and not visible:
            self.file_error_label.setText(mask_paths(text))

    def clear(self) -> None:
        self.set_case_id("")
        self.set_ecg_file(None)
        self.set_cxr_file(None)
        self.set_bnp("")
        self._emitted = None
        self.set_file_error(None)
