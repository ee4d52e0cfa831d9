"""Reader studies for the study coordinator: set-up (:class:`StudySetupDialog`) and results
(:class:`StudyAnalysisView`).

:class:`StudySetupDialog` collects what :func:`~ph_assist.study.protocol.create_study`
needs (the case manifest, pseudonymous reader IDs, the design, the seed, the
washout, the study folder; optionally the model bundle the study is fixed to),
the protocol (:class:`~ph_assist.study.protocol.StudyProtocol`: question,
rating scale, action question, prefill of the aided answer, instructions,
practice cases, comments) and where the coordinator's key file goes (outside
the study folder), and creates the study off the GUI thread; every problem is
one line in the dialog.

:class:`StudyAnalysisView` runs :func:`~ph_assist.study.report.analyze_study`
(and the two figures of :mod:`ph_assist.study.plots`) off the GUI thread and
shows: per reader and pooled accuracy, sensitivity, specificity and AUC
without -> with the AI (and McNemar's p), the Obuchowski-Rockette-Hillis
results per figure of merit (difference, 95 % CI, F, ddf, p), the
change-of-mind table, the notes and both figures.  "Export…" writes
``analysis.json``, the figures, ``reads_long.csv`` and ``reads.imrmc`` with
:func:`~ph_assist.study.report.write_analysis`.

The coordinator's views hold the labels (they analyse, with the key file the
coordinator chooses: :meth:`StudyAnalysisView.load` takes it, and asks for it
when a study keeps its labels in a key); the reader's window
(:mod:`ph_assist.gui.reader_mode`) never does.
"""

from __future__ import annotations

import dataclasses
import math
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ph_assist.gui import workers
from ph_assist.study.report import treatment_label

__all__ = ["StudySetupDialog", "StudyAnalysisView", "StudyProgressView", "AnalysisData", "create_study_task",
           "analysis_task", "progress_task", "ProgressData"]

MUTED = "#616e7c"
ERROR = "#b00020"


# ---------------------------------------------------------------- background work (no widgets)


def create_study_task(job: workers.Job, folder: str, manifest: str, readers: list[str], design: str, seed: int,
                      washout_days: int, name: str | None, bundle: str | None, protocol: Any = None,
                      key_path: str | None = None) -> Any:
    """Verify the bundle (if given) and create the study (and its key file); returns the :class:`Study`."""
    from ph_assist.study.protocol import create_study

    bundle_id = None
    if bundle:
        from ph_assist.models.bundle import verify_bundle

        job.report(0, None, QCoreApplication.translate("study_views", "Checking the model bundle…"))
        bundle_id = verify_bundle(bundle)["bundle_id"]
    job.report(0, None, QCoreApplication.translate("study_views", "Creating the study…"))
    return create_study(folder, manifest, readers, design, seed, washout_days, name, bundle_id=bundle_id,
                        protocol=protocol, key_path=key_path)


@dataclasses.dataclass(frozen=True)
class AnalysisData:
    """An analysed study: what :class:`StudyAnalysisView` shows."""

    study: Any  # Study
    table: Any  # ReadTable
    result: Any  # StudyResult
    plots: tuple[Path, ...]  # accuracy slopes, ROC (PNG)
    action: Any = None  # ActionSummary or None


def analysis_task(job: workers.Job, folder: str | os.PathLike, plots_dir: str | os.PathLike,
                  key: str | os.PathLike | None = None) -> AnalysisData:
    """Analyse a study (with the coordinator's key file) and draw its figures into ``plots_dir`` (Agg)."""
    import matplotlib

    matplotlib.use("Agg")  # never a GUI backend on a pool thread
    from ph_assist.study.plots import save_plots
    from ph_assist.study.report import analyze_study_full

    job.report(0, None, QCoreApplication.translate("study_views", "Analysing the study…"))
    full = analyze_study_full(folder, key)
    job.report(1, None, QCoreApplication.translate("study_views", "Drawing the figures…"))
    plots = save_plots(full.table, full.result, plots_dir)
    return AnalysisData(full.study, full.table, full.result, tuple(plots), full.action)


def export_task(job: workers.Job, out: str | os.PathLike, data: AnalysisData) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    from ph_assist.study.report import write_analysis

    job.report(0, None, QCoreApplication.translate("study_views", "Writing the files…"))
    return write_analysis(out, data.table, data.result, source=str(data.study.folder), study=data.study,
                          action=data.action)


def _one_line(err: Any) -> str:
    return " ".join(str(err).split()) or QCoreApplication.translate("study_views", "unknown error")


# ---------------------------------------------------------------- set-up


class StudySetupDialog(QDialog):
    """Create a reader study; see the module docstring.  ``study()`` is the created study after ``accept``."""

    studyCreated = Signal(object)  # Study

    def __init__(self, parent: QWidget | None = None, *, manifest: str | None = None,
                 folder: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New reader study"))
        self.setMinimumWidth(620)
        self._study: Any = None
        self._job: workers.Job | None = None
        self._runner = workers.JobRunner(self, max_threads=1)

        self.manifest_edit = QLineEdit(manifest or "")
        self.manifest_edit.setPlaceholderText(self.tr("CSV: case_id, ecg_path, cxr_path, bnp, bnp_unit, label"))
        self.readers_edit = QLineEdit("")
        self.readers_edit.setPlaceholderText(self.tr("pseudonyms, comma-separated, e.g. R01, R02, R03 (never names)"))
        self.design_combo = QComboBox()
        self.design_combo.addItem(self.tr("Sequential: without AI, lock, then with AI (one session)"), "sequential")
        self.design_combo.addItem(self.tr("Crossover: two sessions with a washout, half the cases with AI in each"),
                                  "crossover")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setValue(secrets.randbelow(1_000_000))
        self.seed_spin.setToolTip(self.tr("Seed of the randomised case orders (recorded in the study)"))
        self.washout_spin = QSpinBox()
        self.washout_spin.setRange(1, 365)
        self.washout_spin.setValue(28)
        self.washout_spin.setSuffix(self.tr(" days"))
        self.name_edit = QLineEdit("")
        self.name_edit.setPlaceholderText(self.tr("optional (default: the folder name)"))
        self.folder_edit = QLineEdit(folder or "")
        self.folder_edit.setPlaceholderText(self.tr("a new or empty folder"))
        self.bundle_edit = QLineEdit("")
        self.bundle_edit.setPlaceholderText(self.tr("optional: fix the model bundle readers will see"))
        self._build_protocol_fields()

        def with_browse(edit: QLineEdit, slot: Any) -> QWidget:
            w = QWidget()
            lay = QHBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(edit, 1)
            b = QPushButton(self.tr("Browse…"))
            b.setAutoDefault(False)
            b.clicked.connect(slot)
            lay.addWidget(b)
            return w

        form = QFormLayout()
        form.addRow(self.tr("Case manifest"), with_browse(self.manifest_edit, self._browse_manifest))
        form.addRow(self.tr("Reader IDs"), self.readers_edit)
        form.addRow(self.tr("Design"), self.design_combo)
        form.addRow(self.tr("Seed"), self.seed_spin)
        form.addRow(self.tr("Washout"), self.washout_spin)
        form.addRow(self.tr("Study name"), self.name_edit)
        form.addRow(self.tr("Study folder"), with_browse(self.folder_edit, self._browse_folder))
        form.addRow(self.tr("Model bundle"), with_browse(self.bundle_edit, self._browse_bundle))
        form.addRow(self.tr("Key file"), with_browse(self.key_edit, self._browse_key))
        form.addRow(self.tr("Question"), self.question_edit)
        form.addRow(self.tr("Rating scale"), self.scale_combo)
        form.addRow(self.tr("Action question"), self._action_row)
        form.addRow(self.tr("Practice cases"), self.practice_edit)
        form.addRow(self.tr("Instructions"), self.instructions_edit)
        form.addRow("", self.prefill_check)
        form.addRow("", self.comment_check)

        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {ERROR};")
        self.error_label.setVisible(False)
        self.status_label = QLabel("")
        self.status_label.setStyleSheet(f"color: {MUTED};")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton(self.tr("Create study"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        note = QLabel(self.tr("The labels in the manifest go into the key file, outside the study folder: keep it "
                              "with the coordinator, readers never need it. Each reader's case order is "
                              "randomised from the seed."))
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {MUTED};")
        lay.addWidget(note)
        lay.addLayout(form)
        lay.addWidget(self.error_label)
        lay.addWidget(self.status_label)
        lay.addWidget(self.buttons)
        self.design_combo.currentIndexChanged.connect(self._design_changed)
        self._design_changed()

    def _build_protocol_fields(self) -> None:
        from ph_assist.study.protocol import DEFAULT_QUESTION, SCALES, scale_label

        self.key_edit = QLineEdit("")
        self.key_edit.setPlaceholderText(self.tr("outside the study folder (default: <study folder>.key.json beside it)"))
        self.key_edit.setToolTip(self.tr("The ground truth (labels) and the seed, for the analysis only; "
                                         "never in the folder readers open"))
        self.question_edit = QLineEdit(DEFAULT_QUESTION)  # data: stored in study.json as entered
        self.scale_combo = QComboBox()
        for scale in SCALES:
            self.scale_combo.addItem(scale_label(scale), scale)
        self.scale_combo.setToolTip(self.tr("AUC is computed from the rating; accuracy, sensitivity and specificity "
                                            "from the decision (yes/no; 5-point: 4 or 5; probability: 50 % or more)"))
        self.action_check = QCheckBox(self.tr("Ask"))
        self.action_edit = QLineEdit(self.tr("Refer for echocardiography?"))
        self.action_edit.setEnabled(False)
        self.action_check.toggled.connect(self.action_edit.setEnabled)
        self._action_row = QWidget()
        row = QHBoxLayout(self._action_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.action_check)
        row.addWidget(self.action_edit, 1)
        self.practice_edit = QLineEdit("")
        self.practice_edit.setPlaceholderText(self.tr("optional: case IDs read first by everyone, never analysed"))
        self.instructions_edit = QPlainTextEdit("")
        self.instructions_edit.setPlaceholderText(self.tr("optional: shown to readers before their first case"))
        self.instructions_edit.setFixedHeight(70)
        self.prefill_check = QCheckBox(self.tr("Start the answer with the AI from the answer without it "
                                               "(invites anchoring)"))
        self.prefill_check.setChecked(False)
        self.comment_check = QCheckBox(self.tr("Readers may add a comment to each answer"))

    def set_scale(self, scale: str) -> None:
        i = self.scale_combo.findData(scale)
        if i < 0:
            raise ValueError(f"unknown scale {scale!r}")
        self.scale_combo.setCurrentIndex(i)

    def protocol(self) -> Any:
        """The :class:`~ph_assist.study.protocol.StudyProtocol` the fields describe (StudyError when invalid)."""
        from ph_assist.study.protocol import StudyProtocol

        practice = self.practice_edit.text().replace(";", ",")
        return StudyProtocol(
            question=self.question_edit.text(), scale=self.scale_combo.currentData(),
            action_question=self.action_edit.text() if self.action_check.isChecked() else None,
            prefill_aided=self.prefill_check.isChecked(), instructions=self.instructions_edit.toPlainText(),
            practice_cases=tuple(c.strip() for c in practice.split(",") if c.strip()),
            comment=self.comment_check.isChecked())

    def _browse_key(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Key file (outside the study folder)"),
                                              self.key_edit.text(), "JSON (*.json)")
        if path:
            self.key_edit.setText(path)

    # -- fields
    def _design_changed(self) -> None:
        self.washout_spin.setEnabled(self.design_combo.currentData() == "crossover")

    def set_design(self, design: str) -> None:
        i = self.design_combo.findData(design)
        if i < 0:
            raise ValueError(f"unknown design {design!r}")
        self.design_combo.setCurrentIndex(i)

    def _browse_manifest(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Case manifest"), self.manifest_edit.text(), "CSV (*.csv)")
        if path:
            self.manifest_edit.setText(path)

    def _browse_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Study folder (new or empty)"), self.folder_edit.text())
        if path:
            self.folder_edit.setText(path)

    def _browse_bundle(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Model bundle folder"), self.bundle_edit.text())
        if path:
            self.bundle_edit.setText(path)

    def readers(self) -> list[str]:
        text = self.readers_edit.text().replace(";", ",").replace("\n", ",")
        return [r.strip() for r in text.split(",") if r.strip()]

    # -- creating
    def create(self) -> None:
        """Check the fields and create the study off the GUI thread (one line per problem)."""
        if self._job is not None:
            return
        manifest, folder = self.manifest_edit.text().strip(), self.folder_edit.text().strip()
        readers = self.readers()
        if not manifest:
            return self.show_error(self.tr("choose the case manifest (CSV)"))
        if not readers:
            return self.show_error(self.tr("enter at least one reader ID (pseudonyms such as R01, never names)"))
        if not folder:
            return self.show_error(self.tr("choose the study folder (new or empty)"))
        from ph_assist.study.store import StudyError

        try:
            protocol = self.protocol()
        except StudyError as err:
            return self.show_error(_one_line(err))
        self.show_error("")
        self.status_label.setText(self.tr("Creating the study…"))
        self.create_button.setEnabled(False)
        self._job = self._runner.submit(
            "create-study", create_study_task, folder, manifest, readers, self.design_combo.currentData(),
            int(self.seed_spin.value()), int(self.washout_spin.value()), self.name_edit.text().strip() or None,
            self.bundle_edit.text().strip() or None, protocol, self.key_edit.text().strip() or None,
            on_done=self._created, on_error=self._failed)

    def _created(self, study: Any) -> None:
        self._job = None
        self._study = study
        self.status_label.setText(self.tr("Created study \u201c{name}\u201d: {cases} cases, {readers} readers").format(
            name=study.name, cases=len(study.cases), readers=len(study.readers)))
        self.studyCreated.emit(study)
        self.accept()

    def _failed(self, err: Any) -> None:
        self._job = None
        self.status_label.setText("")
        self.create_button.setEnabled(True)
        self.show_error(_one_line(err))

    def show_error(self, text: str) -> None:
        text = text[:1].upper() + text[1:] if text else text
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def busy(self) -> bool:
        return self._job is not None

    def study(self) -> Any:
        return self._study

    def done(self, r: int) -> None:  # noqa: D102 - Qt
        self._runner.close()
        super().done(r)


# ---------------------------------------------------------------- analysis


def _pct(x: float | None) -> str:
    return "–" if x is None or not math.isfinite(x) else f"{100 * x:.1f} %"


def _num(x: float | None, fmt: str = ".3f") -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    return format(x, fmt)


def _p(p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    return "< 0.0001" if p < 1e-4 else f"{p:.4f}"


class _Table(QTableWidget):
    """A read-only table that is as tall as its rows (the page scrolls, not the table)."""

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[list[str]], bold_last: bool = False) -> None:
        self.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignVCenter | (
                    Qt.AlignmentFlag.AlignLeft if j == 0 else Qt.AlignmentFlag.AlignRight))
                if bold_last and i == len(rows) - 1:
                    f = QFont(item.font())
                    f.setBold(True)
                    item.setFont(f)
                self.setItem(i, j, item)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
        h = self.horizontalHeader().height() + sum(self.rowHeight(i) for i in range(self.rowCount()))
        h += 2 * self.frameWidth() + (self.horizontalScrollBar().sizeHint().height()
                                      if self.horizontalScrollBar().isVisible() else 0)
        self.setFixedHeight(h + 2)
        # as wide as its columns (no stretched empty column), unless the page is narrower
        self.setMaximumWidth(sum(self.columnWidth(j) for j in range(self.columnCount())) + 2 * self.frameWidth() + 2)

    def texts(self) -> list[list[str]]:
        return [[self.item(i, j).text() if self.item(i, j) else "" for j in range(self.columnCount())]
                for i in range(self.rowCount())]


@dataclasses.dataclass(frozen=True)
class ProgressData:
    """The study's name and the rows of the progress view."""

    name: str
    design: str
    n_cases: int
    rows: list[list[str]]


def progress_task(job: workers.Job, folder: str | os.PathLike) -> ProgressData:
    """Every reader's standing from the log (:func:`~ph_assist.study.protocol.study_status`), as rows."""
    from ph_assist.study.protocol import load_study, study_status
    from ph_assist.study.reader_view import progress_rows

    job.report(0, None, QCoreApplication.translate("StudyProgressView", "Reading the study log\u2026"))
    study = load_study(folder, with_labels=False)
    return ProgressData(study.name, study.design, len(study.cases), progress_rows(study_status(folder),
                                                                                  len(study.cases)))


class StudyProgressView(QWidget):
    """Per reader: phase, session, cases done of the session's cases, reads done, last activity.

    Call :meth:`load` with the study folder (read off the GUI thread); "Refresh" reads the log again.
    It needs no labels and changes nothing: the coordinator can watch a study while it is read.
    """

    progressReady = Signal(object)  # ProgressData
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, runner: Any = None) -> None:
        super().__init__(parent)
        self._runner = runner if runner is not None else workers.JobRunner(self, max_threads=1)
        self._folder: str | None = None
        self._serial = 0
        self._data: ProgressData | None = None
        from ph_assist.study.reader_view import PROGRESS_COLUMNS

        self.heading = QLabel(self.tr("Reader progress"))
        hf = QFont(self.heading.font())
        hf.setBold(True)
        self.heading.setFont(hf)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the study log again"))
        self.refresh_button.setEnabled(False)
        self.refresh_button.clicked.connect(self.refresh)
        self.table = _Table([QCoreApplication.translate("StudyProgressView", c) for c in PROGRESS_COLUMNS])
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.status_label)
        lay.addWidget(self.table)
        lay.addStretch(1)

    def load(self, folder: str | os.PathLike) -> None:
        self._folder = str(folder)
        self.refresh()

    def refresh(self) -> None:
        if self._folder is None:
            return
        self._serial += 1
        serial = self._serial
        self.status_label.setText(QCoreApplication.translate("StudyProgressView", "Reading the study log\u2026"))
        self.status_label.setStyleSheet(f"color: {MUTED};")
        self._runner.submit("progress", progress_task, self._folder,
                            on_done=lambda d, k=serial: self._loaded(k, d),
                            on_error=lambda e, k=serial: self._failed(k, e))

    def _loaded(self, serial: int, data: ProgressData) -> None:
        if serial != self._serial:
            return
        self._data = data
        self.table.set_rows(data.rows)
        self.status_label.setText(QCoreApplication.translate(
            "StudyProgressView", "{n} cases per session; cases done count the current session's locked cases.")
            .replace("{n}", str(data.n_cases)))
        self.refresh_button.setEnabled(True)
        self.progressReady.emit(data)

    def _failed(self, serial: int, err: Any) -> None:
        if serial != self._serial:
            return
        text = _one_line(err)
        self.table.set_rows([])
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {ERROR};")
        self.refresh_button.setEnabled(self._folder is not None)
        self.failed.emit(text)

    def data(self) -> ProgressData | None:
        return self._data

    def rows(self) -> list[list[str]]:
        return self.table.texts()

    def busy(self) -> bool:
        return self._runner.busy()

    def shutdown(self) -> None:
        self._runner.close()
        self._runner.wait(10000)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        self.shutdown()
        super().closeEvent(event)


class StudyAnalysisView(QWidget):
    """A study's results; call :meth:`load` with the study folder.  See the module docstring."""

    analysisReady = Signal(object)  # AnalysisData
    failed = Signal(str)
    exported = Signal(object)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = workers.JobRunner(self, max_threads=1)
        self._data: AnalysisData | None = None
        self._job: workers.Job | None = None
        self._serial = 0
        self._tmp: str | None = None
        self._pixmaps: list[QPixmap] = []

        self.title_label = QLabel(self.tr("No study analysed yet"))
        f = QFont(self.title_label.font())
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.3)
        self.title_label.setFont(f)
        self.title_label.setWordWrap(True)
        self.summary_label = QLabel("")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet(f"color: {MUTED};")
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Write analysis.json, the figures, reads_long.csv and reads.imrmc "
                                              "into a folder"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export_folder)
        self.key_button = QPushButton(self.tr("Choose the key file…"))
        self.key_button.setToolTip(self.tr("The study's ground truth is in the coordinator's key file, outside the "
                                           "study folder"))
        self.key_button.setVisible(False)
        self.key_button.clicked.connect(self.choose_key_file)
        self._folder: str | None = None

        self.metrics_table = _Table([self.tr("Reader"), self.tr("Accuracy"), self.tr("Sensitivity"),
                                     self.tr("Specificity"), "AUC", self.tr("McNemar p (accuracy)")])
        self.orh_table = _Table([self.tr("Figure of merit"), self.tr("Without AI"), self.tr("With AI"),
                                 self.tr("Difference"), self.tr("95 % CI"), "F", "ddf", "p", self.tr("Analysis")])
        self.com_table = _Table([self.tr("Reader"), self.tr("right → wrong"), self.tr("wrong → right"),
                                 self.tr("right → right"), self.tr("wrong → wrong")])
        self.action_heading = QLabel("")
        hf0 = QFont(self.action_heading.font())
        hf0.setBold(True)
        self.action_heading.setFont(hf0)
        self.action_heading.setContentsMargins(0, 10, 0, 2)
        self.action_heading.setWordWrap(True)
        self.action_table = _Table([self.tr("Arm"), self.tr("PH"), self.tr("No PH"), self.tr("All")])
        self.notes_label = QLabel("")
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet(f"color: {MUTED};")
        self.slopes_image = QLabel("")
        self.roc_image = QLabel("")
        for img in (self.slopes_image, self.roc_image):
            img.setAlignment(Qt.AlignmentFlag.AlignCenter)
            img.setMinimumSize(200, 200)
            img.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

        def heading(text: str) -> QLabel:
            lab = QLabel(text)
            hf = QFont(lab.font())
            hf.setBold(True)
            lab.setFont(hf)
            lab.setContentsMargins(0, 10, 0, 2)
            return lab

        body = QWidget()
        bl = QVBoxLayout(body)
        bl.setContentsMargins(14, 10, 14, 14)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.key_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        bl.addLayout(top)
        bl.addWidget(self.summary_label)
        bl.addWidget(self.status_label)
        # who has read what: shown even when the study cannot be analysed yet
        self.progress_view = StudyProgressView(runner=workers.JobRunner(self, max_threads=1))
        bl.addWidget(self.progress_view)
        self.metrics_heading = heading(self.tr("Readers without AI → with AI"))
        bl.addWidget(self.metrics_heading)
        bl.addWidget(self.metrics_table)
        bl.addWidget(heading(self.tr("Obuchowski-Rockette-Hillis (with AI minus without AI)")))
        bl.addWidget(self.orh_table)
        bl.addWidget(heading(self.tr("Change of mind (correct without AI → correct with AI)")))
        bl.addWidget(self.com_table)
        bl.addWidget(self.action_heading)
        bl.addWidget(self.action_table)
        self.action_heading.setVisible(False)
        self.action_table.setVisible(False)
        bl.addWidget(heading(self.tr("Figures")))
        plots = QHBoxLayout()
        plots.addWidget(self.slopes_image, 1)
        plots.addWidget(self.roc_image, 1)
        self._plots_box = QWidget()
        self._plots_box.setLayout(plots)
        self._plots_box.setMinimumHeight(380)
        bl.addWidget(self._plots_box)
        bl.addWidget(heading(self.tr("Notes")))
        bl.addWidget(self.notes_label)
        bl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)

    # -- loading
    def load(self, folder: str | os.PathLike, key: str | os.PathLike | None = None) -> None:
        """Analyse the study in ``folder`` off the GUI thread; :attr:`analysisReady` or :attr:`failed` follows.

        ``key`` is the coordinator's key file.  Without one, a study that
        keeps its labels in a key is not analysed: :attr:`failed` says so and
        "Choose the key file…" asks for it (:meth:`choose_key_file`).
        """
        self._folder = str(folder)
        self.progress_view.load(folder)  # who has read what: needs no key, shown even when nothing can be analysed
        if key is None and self._needs_key(folder):
            self._serial += 1
            self._data = None
            self.export_button.setEnabled(False)
            self.key_button.setVisible(True)
            self.title_label.setText(self.tr("Choose the study's key file"))
            text = self.tr("The ground truth of this study is in the coordinator's key file, outside the study "
                           "folder: choose it to analyse the study")
            self._set_status(text, error=True)
            self.failed.emit(text)
            return
        self.key_button.setVisible(False)
        self._serial += 1
        serial = self._serial
        self._cleanup_tmp()
        self._tmp = tempfile.mkdtemp(prefix="ph-assist-analysis-")
        self._data = None
        self.export_button.setEnabled(False)
        self.title_label.setText(self.tr("Analysing {name}…").format(name=Path(folder).name))
        self._set_status(self.tr("Analysing the study…"))
        self._job = self._runner.submit("analysis", analysis_task, str(folder), self._tmp,
                                        None if key is None else str(key), on_done=lambda d, k=serial: self._loaded(k, d),
                                        on_error=lambda e, k=serial: self._failed(k, e))

    @staticmethod
    def _needs_key(folder: str | os.PathLike) -> bool:
        from ph_assist.study.protocol import load_study
        from ph_assist.study.store import StudyError

        try:
            return not load_study(folder, with_labels=False).labels_in_folder
        except StudyError:
            return False  # the analysis reports the problem

    def choose_key_file(self) -> None:
        if self._folder is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The study's key file"), "", "JSON (*.json)")
        if path:
            self.load(self._folder, path)

    def _loaded(self, serial: int, data: AnalysisData) -> None:
        if serial != self._serial:
            return
        self._job = None
        self._data = data
        self._show(data)
        self._set_status("")
        self.export_button.setEnabled(True)
        self.analysisReady.emit(data)

    def _failed(self, serial: int, err: Any) -> None:
        if serial != self._serial:
            return
        self._job = None
        text = _one_line(err)
        self.title_label.setText(self.tr("The study cannot be analysed"))
        self._set_status(text, error=True)
        self.failed.emit(text)

    def _set_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {ERROR if error else MUTED};")
        self.status_label.setVisible(bool(text))

    def _show(self, data: AnalysisData) -> None:
        st, r = data.study, data.result
        t0, t1 = r.treatments
        self.title_label.setText(self.tr("Reader study \u201c{name}\u201d ({design})").format(
            name=st.name, design=self._design_text(st.design)))
        dropped = (self.tr("; {n} case(s) left out (not read by everyone in both)").format(n=r.n_cases_dropped)
                   if r.n_cases_dropped else "")
        self.summary_label.setText(
            self.tr("{readers} reader(s), {cases} case(s) analysed ({ph} PH, {no_ph} no PH){dropped}. "
                    "Decisions: {rule}.").format(readers=len(r.readers), cases=r.n_cases, ph=r.n_diseased,
                                                 no_ph=r.n_nondiseased, dropped=dropped, rule=r.decision_rule)
            + self._scale_text(st))
        self.metrics_heading.setText(self.tr("Readers {without} → {with_ai}").format(
            without=treatment_label(t0), with_ai=treatment_label(t1)))

        def arrow(a: float | None, b: float | None, fmt: Any) -> str:
            return f"{fmt(a)} → {fmt(b)}"

        rows = []
        for name, m, mc in [(str(x), r.per_reader[x], r.mcnemar[x]) for x in r.readers] + [
                (self.tr("pooled"), r.pooled, r.mcnemar_pooled)]:
            m0, m1 = m[t0], m[t1]
            rows.append([name, arrow(m0.accuracy.estimate, m1.accuracy.estimate, _pct),
                         arrow(m0.sensitivity.estimate, m1.sensitivity.estimate, _pct),
                         arrow(m0.specificity.estimate, m1.specificity.estimate, _pct),
                         arrow(m0.auc, m1.auc, _num), "–" if mc is None else _p(mc.p_value)])
        self.metrics_table.set_rows(rows, bold_last=True)

        rows = []
        fom_names = {"auc": self.tr("auc"), "accuracy": self.tr("accuracy"), "sensitivity": self.tr("sensitivity"),
                     "specificity": self.tr("specificity")}
        for key, res in r.or_hillis.items():
            fom = fom_names.get(key, key)
            if res is None:
                rows.append([fom, "–", "–", "–", self.tr("not done (see notes)"), "", "", "", ""])
                continue
            test = res.rrrc if res.rrrc is not None else res.frrc
            kind = (self.tr("random readers & cases") if res.rrrc is not None
                    else self.tr("fixed readers (1 reader)"))
            stat = _num(test.statistic) if test.statistic_name == "F" else f"χ² {_num(test.statistic)}"
            rows.append([fom, _num(res.treatment_means[t0]), _num(res.treatment_means[t1]),
                         _num(res.difference, "+.3f"),
                         f"[{_num(test.ci_lower, '+.3f')}, {_num(test.ci_upper, '+.3f')}]", stat,
                         _num(test.df2, ".2f"), _p(test.p_value), kind])
        self.orh_table.set_rows(rows)

        rows = []
        for name in list(r.readers) + [None]:
            c = r.change_of_mind_total if name is None else r.change_of_mind[name]
            rows.append([self.tr("total") if name is None else str(name), str(c.right_to_wrong),
                         str(c.wrong_to_right), str(c.right_to_right),
                         str(c.wrong_to_wrong)])
        self.com_table.set_rows(rows, bold_last=True)

        self._show_action(data.action, t0, t1)
        self.notes_label.setText("\n".join(f"• {n}" for n in r.notes) if r.notes else self.tr("None."))
        self._pixmaps = [QPixmap(str(p)) for p in data.plots]
        for label, path in zip((self.slopes_image, self.roc_image), data.plots):
            label.setToolTip(Path(path).name)
        self._scale_plots()

    def _design_text(self, design: str) -> str:
        return {"sequential": self.tr("sequential"), "crossover": self.tr("crossover")}.get(design, design)

    def _scale_text(self, study: Any) -> str:
        from ph_assist.study.protocol import scale_label

        return " " + self.tr("Scale: {scale} (AUC from the rating).").format(scale=scale_label(study.protocol.scale))

    def _show_action(self, action: Any, t0: str, t1: str) -> None:
        self.action_heading.setVisible(action is not None)
        self.action_table.setVisible(action is not None)
        if action is None:
            return
        self.action_heading.setText(self.tr("Action question: {question} (share answered yes)").format(
            question=action.question))

        def cell(p: Any) -> str:
            return f"{_pct(p.estimate)} ({p.successes}/{p.n})"

        self.action_table.set_rows([[treatment_label(t), *(cell(action.by_arm[t][g]) for g in ("PH", "no PH", "all"))]
                                    for t in (t0, t1)])

    def _scale_plots(self) -> None:
        for label, pm in zip((self.slopes_image, self.roc_image), self._pixmaps):
            if pm.isNull():
                label.setText(self.tr("figure not available"))
                continue
            w = max(100, label.width() - 8)
            h = max(100, label.height() - 8)
            label.setPixmap(pm.scaled(w, h, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        super().resizeEvent(event)
        if self._pixmaps:
            self._scale_plots()

    # -- export
    def choose_export_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Export the analysis into a folder"))
        if path:
            self.export_to(path)

    def export_to(self, folder: str | os.PathLike) -> None:
        """Write analysis.json, the figures, reads_long.csv and reads.imrmc into ``folder`` (off the GUI thread)."""
        if self._data is None:
            self._set_status(self.tr("nothing to export: analyse a study first"), error=True)
            return
        self.export_button.setEnabled(False)
        self._set_status(self.tr("Exporting…"))
        self._runner.submit("export", export_task, str(folder), self._data,
                            on_done=self._exported, on_error=self._export_failed)

    def _exported(self, paths: list[Path]) -> None:
        self.export_button.setEnabled(True)
        folder = paths[0].parent if paths else ""
        self._set_status(self.tr("Exported {n} files to {folder}: {names}").format(
            n=len(paths), folder=folder, names=", ".join(p.name for p in paths)))
        self.exported.emit(paths)

    def _export_failed(self, err: Any) -> None:
        self.export_button.setEnabled(True)
        text = _one_line(err)
        self._set_status(self.tr("Export failed: {error}").format(error=text), error=True)
        self.failed.emit(text)

    # -- state
    def data(self) -> AnalysisData | None:
        return self._data

    def busy(self) -> bool:
        return self._runner.busy()

    def status_text(self) -> str:
        return self.status_label.text()

    def _cleanup_tmp(self) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def shutdown(self) -> None:
        self.progress_view.shutdown()
        self._runner.close()
        self._runner.wait(10000)
        self._cleanup_tmp()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        self.shutdown()
        super().closeEvent(event)
