"""A worklist: every case of a manifest scored in the background and ranked by fused PH risk.

:class:`WorklistPanel` shows the rows that
:func:`ph_assist.gui.workers.score_manifest_task` streams out (one
:class:`~ph_assist.gui.workers.WorklistItem` per case, scored without
Grad-CAM) in a sortable table, highest risk first, with a progress bar and a
Cancel button.  Cases that could not be scored sink to the bottom and say
why.  Double-clicking a row (or Enter) asks the window to open that case for
review, with Grad-CAM (``caseActivated``).

The table is a view: ranks, sorting and formatting only.  The CSV it saves
has the columns and rows of ``ph-assist triage`` (one row builder:
:func:`ph_assist.presentation.worklist_cells`).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ph_assist.gui.case_input import ERROR_COLOR, MUTED_COLOR, mask_paths
from ph_assist.gui.style import ElidedLabel
from ph_assist.i18n import QT_TRANSLATE_NOOP
from ph_assist.presentation import (
    MODALITIES,
    WORKLIST_COLUMNS,
    names,
    patient_mismatch_issue,
    percent,
    worklist_cells,
)

__all__ = ["COLUMNS", "ITEM_ROLE", "SORT_ROLE", "WorklistModel", "WorklistPanel"]

COLUMNS = (QT_TRANSLATE_NOOP("WorklistModel", "Rank"), QT_TRANSLATE_NOOP("WorklistModel", "Case ID"),
           QT_TRANSLATE_NOOP("WorklistModel", "PH risk"), QT_TRANSLATE_NOOP("WorklistModel", "Category"),
           QT_TRANSLATE_NOOP("WorklistModel", "Partial / missing"), QT_TRANSLATE_NOOP("WorklistModel", "ECG"),
           QT_TRANSLATE_NOOP("WorklistModel", "Chest X-ray"), QT_TRANSLATE_NOOP("WorklistModel", "BNP"),
           QT_TRANSLATE_NOOP("WorklistModel", "Issues"))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2
_ABOVE, _WARN = "#9b1c1c", "#8a5a00"
Index = QModelIndex | QPersistentModelIndex


class WorklistModel(QAbstractTableModel):
    """The worklist rows (one :class:`WorklistItem` each) and their ranks."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []
        self._ranks: dict[int, int] = {}
        self._identifiers = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content
    def clear(self) -> None:
        self.beginResetModel()
        self.items, self._ranks = [], {}
        self.endResetModel()

    def add(self, item: Any) -> None:
        n = len(self.items)
        self.beginInsertRows(QModelIndex(), n, n)
        self.items.append(item)
        self.endInsertRows()

    def ranked(self) -> list[Any]:
        """Scored cases by decreasing risk (ties: manifest order), then the cases not scored."""
        return sorted(self.items, key=lambda it: (0, -it.risk, it.seq) if it.scored else (1, 0.0, it.seq))

    def recompute_ranks(self) -> None:
        ranks, r = {}, 0
        for it in self.ranked():
            if it.scored:
                r += 1
                ranks[it.seq] = r
        self._ranks = ranks
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, 0))

    def rank(self, item: Any) -> int | None:
        return self._ranks.get(item.seq)

    def set_identifiers_visible(self, visible: bool) -> None:
        self._identifiers = bool(visible)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 1)
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, len(COLUMNS) - 1))

    # -- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 1 and not self._identifiers:
                return self.tr("Case (ID hidden)")
            return self.tr(COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                0: self.tr("Rank by fused PH risk among the scored cases"),
                2: self.tr("Fused, calibrated PH risk (without Grad-CAM; identical numbers)"),
                3: self.tr("At the default operating threshold of the inputs this case has"),
                5: self.tr("Calibrated risk from the ECG alone (! = unlike the training data)"),
                6: self.tr("Calibrated risk from the chest X-ray alone (! = unlike the training data)"),
                7: self.tr("Calibrated risk from BNP alone (! = unlike the training data)"),
                8: self.tr("Files that could not be read, ECG quality warnings, manifest problems"),
            }.get(section)
        return None

    def case_text(self, it: Any) -> str:
        return it.case_id if self._identifiers else self.tr("manifest row {row}").format(row=it.row.row_no)

    def issues_text(self, it: Any) -> str:
        text = " | ".join(it.issues)
        return text if self._identifiers else mask_paths(text)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        it = self.items[index.row()]
        col = index.column()
        if role == ITEM_ROLE:
            return it
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(it, col)
        if role == SORT_ROLE:
            return self._sort_key(it, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 8 or (col == 3 and not it.scored):
                return "\n".join(it.issues if self._identifiers else [mask_paths(i) for i in it.issues]) or None
            if col == 1 and getattr(it, "patient_mismatch", False):
                return patient_mismatch_issue()
            if col == 1 and self._identifiers:
                return self.tr("{case_id} (manifest row {row})").format(case_id=it.case_id, row=it.row.row_no)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (0, 2, 5, 6, 7):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 1 and getattr(it, "patient_mismatch", False):
                return QColor(ERROR_COLOR)
            if not it.scored and col in (3, 8):
                return QColor(ERROR_COLOR)
            if col == 3 and it.positive:
                return QColor(_ABOVE)
            if col == 4 and it.partial:
                return QColor(_WARN)
            if col == 8 and it.issues:
                return QColor(_WARN)
            if not it.scored:
                return QColor(MUTED_COLOR)
            return None
        if role == Qt.ItemDataRole.FontRole and col == 2 and it.scored:
            return self._bold
        return None

    def _display(self, it: Any, col: int) -> str:
        if col == 0:
            r = self._ranks.get(it.seq)
            return "" if r is None else str(r)
        if col == 1:
            # A case whose ECG and radiograph belong to different patients is marked (never named).
            return ("⚠ " if getattr(it, "patient_mismatch", False) else "") + self.case_text(it)
        if col == 2:
            return percent(it.risk) if it.scored else "—"
        if col == 3:
            return it.category if it.scored else self.tr("not scored")
        if col == 4:
            if not it.scored:
                return ""
            return self.tr("missing {names}").format(names=names(it.missing)) if it.partial else self.tr("complete")
        if col in (5, 6, 7):
            m = MODALITIES[col - 5]
            if m not in it.subscores:
                return "—"
            return percent(it.subscores.get(m)) + (" !" if m in it.unlike else "")
        if col == 8:
            return self.issues_text(it)
        return ""

    def _sort_key(self, it: Any, col: int) -> Any:
        if col == 0:
            return self._ranks.get(it.seq, 10**9)
        if col == 1:
            return self.case_text(it).lower() if self._identifiers else it.row.row_no
        if col == 2:
            return it.risk if it.scored else -1.0
        if col == 3:
            return (2 if it.positive else 1) if it.scored else 0
        if col == 4:
            return len(it.missing) if it.scored else 9
        if col in (5, 6, 7):
            m = MODALITIES[col - 5]
            return it.subscores.get(m, -1.0)
        return len(it.issues)


class WorklistPanel(QWidget):
    """The worklist view: header, progress with Cancel, the ranked table; see the module docstring."""

    caseActivated = Signal(object)  # WorklistItem
    cancelRequested = Signal()
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WorklistModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(True)
        self._manifest: Path | None = None
        self._running = False
        self._identifiers = False

        self.title_label = QLabel(self.tr("Worklist"))
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.summary_label = ElidedLabel("")
        self.summary_label.setStyleSheet(f"color: {MUTED_COLOR};")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop scoring; the cases scored so far stay in the list"))
        self.export_button = QPushButton(self.tr("Save CSV…"))
        self.export_button.setToolTip(self.tr("Save the ranked worklist as CSV (the columns of `ph-assist triage`)"))
        self.error_label = ElidedLabel("")
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.setVisible(False)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((50, 150, 70, 130, 170, 60, 80, 60)):
            self.table.setColumnWidth(col, width)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.note_label = QLabel(self.tr("Ranked by fused PH risk, scored without Grad-CAM. Double-click a case (or press Enter) to review it with Grad-CAM."))
        self.note_label.setStyleSheet(f"color: {MUTED_COLOR};")
        self.note_label.setWordWrap(True)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.title_label)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.setSpacing(6)
        lay.addLayout(top)
        lay.addWidget(self.error_label)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note_label)

        self.cancel_button.clicked.connect(self.cancelRequested)
        self.export_button.clicked.connect(self.exportRequested)
        self.table.doubleClicked.connect(self._activated)
        self.table.installEventFilter(self)  # Enter / Return opens the current row too
        self._set_running(False)
        self.export_button.setEnabled(False)

    # ------------------------------------------------------------------ driven by the window

    def start(self, manifest: str | os.PathLike) -> None:
        self._manifest = Path(manifest)
        self.model.clear()
        self.error_label.setVisible(False)
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self._set_running(True)
        self._update_title()
        self.summary_label.setText(self.tr("Scoring…"))

    def add_item(self, item: Any) -> None:
        self.model.add(item)

    def set_progress(self, done: int, total: int | None, _text: str = "") -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(f"{done} / {total}")
        self.summary_label.setText(self.tr("Scoring… {done} case(s) done").format(done=done))
        if done % 8 == 0:
            self.model.recompute_ranks()

    def finish(self, done: Any) -> None:
        """Scoring ended (all cases, or cancelled)."""
        self._set_running(False)
        self.model.recompute_ranks()
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.progress.setRange(0, max(1, done.n_cases))
        self.progress.setValue(done.n_cases)
        self.progress.setFormat(self.tr("cancelled") if done.cancelled else self.tr("done"))
        state = self.tr("Cancelled after") if done.cancelled else self.tr("Scored")
        self.summary_label.setText(self.tr("{state} {n_cases} case(s) in {seconds:.1f} s: {n_scored} scored, {n_failed} not scored").format(state=state, n_cases=done.n_cases, seconds=done.seconds, n_scored=done.n_scored, n_failed=done.n_failed))
        self.export_button.setEnabled(bool(self.model.items))

    def fail(self, text: str) -> None:
        self._set_running(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("failed"))
        self.summary_label.setText("")
        self.error_label.setText(text)
        self.error_label.setVisible(True)

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.cancel_button.setEnabled(running)
        self.cancel_button.setVisible(running)
        self.export_button.setEnabled(not running and bool(self.model.items))

    def running(self) -> bool:
        return self._running

    def _update_title(self) -> None:
        if self._manifest is None:
            self.title_label.setText(self.tr("Worklist"))
        else:
            self.title_label.setText(self.tr("Worklist — {name}").format(name=self._manifest.name) if self._identifiers
                                     else self.tr("Worklist"))
            self.title_label.setToolTip(str(self._manifest) if self._identifiers else "")

    def set_identifiers_visible(self, visible: bool) -> None:
        self._identifiers = bool(visible)
        self.model.set_identifiers_visible(visible)
        self._update_title()
        self.proxy.invalidate()

    # ------------------------------------------------------------------ rows

    def eventFilter(self, obj: Any, event: Any) -> bool:
        if (obj is self.table and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentIndex().isValid()):
            self._activated(self.table.currentIndex())
            return True
        return super().eventFilter(obj, event)

    def _activated(self, index: QModelIndex) -> None:
        item = self.proxy.data(index, ITEM_ROLE)
        if item is not None:
            self.caseActivated.emit(item)

    def visible_items(self) -> list[Any]:
        """The items in the order the table shows them."""
        return [self.proxy.data(self.proxy.index(r, 0), ITEM_ROLE) for r in range(self.proxy.rowCount())]

    def cell_text(self, view_row: int, column: int) -> str:
        return self.proxy.data(self.proxy.index(view_row, column), Qt.ItemDataRole.DisplayRole) or ""

    def write_csv(self, path: str | os.PathLike) -> Path:
        """The ranked worklist as CSV (the rows of ``ph-assist triage``:
        :func:`ph_assist.presentation.worklist_cells`)."""
        from ph_assist.io.safe_csv import csv_row

        out = Path(path)
        tmp = out.with_name(out.name + ".part")
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(WORKLIST_COLUMNS)
            for it in self.model.ranked():  # OWASP CSV rule: no cell starts a formula
                w.writerow(csv_row(worklist_cells(it, self.model.rank(it))))
        os.replace(tmp, out)
        return out
