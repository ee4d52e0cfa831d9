"""File > From PACS…: configure a PACS connection, query it, retrieve a case; File > Send to PACS….

:class:`PACSDialog` lists the connections of ``pacs.toml`` (the file the
command line reads, :func:`ph_assist.pacs.config_path`), edits them
(:class:`ConnectionDialog`: AE titles, host, port or URL, TLS, credentials
by reference), queries the chosen PACS (date range, modalities, accession
number or patient ID) and retrieves the selected studies into a case folder
in the background, with progress and Cancel; ``caseRetrieved(folder)`` then
asks the window to open it.  "Worklist" retrieves the date range's
radiographs, each with the patient's nearest ECG
(:func:`ph_assist.pacs.worklist.pacs_worklist`), and ``worklistBuilt(manifest)``
asks the window to score and rank them.  A failure (PACS down, association refused,
transfer stopped) is one line in the dialog; files already retrieved stay.

Identifiers typed for a query are matching keys only: they are not written to
any settings or file, not shown in results, and the fields are cleared when
the dialog closes.  The work is done by plain functions (:func:`find_task`,
:func:`retrieve_task`, :func:`send_task`) that call the Qt-free
:mod:`ph_assist.pacs`; the widgets only collect input and show results.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import types
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ph_assist.errors import PHAssistError
from ph_assist.gui.workers import Job, JobRunner

__all__ = ["PACSDialog", "ConnectionDialog", "find_task", "retrieve_task", "send_task", "worklist_task", "cases_dir",
           "open_from_pacs", "send_to_pacs"]


# ---------------------------------------------------------------- tasks (plain Python, no widgets)

def find_task(job: Job, conn: Any, query: Any) -> list[Any]:
    """The studies ``query`` finds on ``conn`` (:func:`ph_assist.pacs.find`)."""
    from ph_assist import pacs

    job.report(0, None, QCoreApplication.translate("PACSDialog", "Searching…"))
    return pacs.find(conn, query, limit=500)


def retrieve_task(job: Job, conn: Any, study_uids: list[str], folder: Path) -> Path:
    """Retrieve the studies' radiograph and ECG into ``folder``; progress per file, cancellable between files."""
    from ph_assist import pacs

    count = [0]

    def on_file(item: Any) -> None:
        count[0] += 1
        job.report(count[0], None, item.kind)

    job.report(0, None, "")
    pacs.get(conn, study_uids, folder, on_file=on_file, cancelled=job.cancelled)
    return folder


def worklist_task(job: Job, conn: Any, folder: Path, date_from: dt.date | None, date_to: dt.date | None,
                  ecg_days: int, labs_file: str | None = None) -> Any:
    """The date range's radiographs with a matching ECG, retrieved case by case (:func:`ph_assist.pacs.worklist.pacs_worklist`);
    each patient's BNP from the laboratory's FHIR export ``labs_file`` where given."""
    from ph_assist.pacs.worklist import pacs_worklist

    job.report(0, None, "")
    return pacs_worklist(conn, folder, date_from=date_from, date_to=date_to, ecg_days=ecg_days,
                         on_case=lambda done, total: job.report(done, total, ""), cancelled=job.cancelled,
                         labs_file=labs_file or None)


def send_task(job: Job, conn: Any, assessment: Any, ecg: Any, cxr: Any) -> list[str]:
    """Store the assessment SR and the Grad-CAM overlay of the shown case on ``conn``; their SOP Instance UIDs."""
    from ph_assist import pacs
    from ph_assist.pacs.results import result_instances

    job.report(0, None, "")
    instances = result_instances(assessment, types.SimpleNamespace(ecg=ecg, cxr=cxr))
    return pacs.store(conn, [i.dataset for i in instances])


def cases_dir() -> Path:
    """Where retrieved cases go: ``<config dir>/pacs-cases`` (``$PH_ASSIST_PACS_CASES`` overrides)."""
    from ph_assist.pacs.config import config_dir

    base = os.environ.get("PH_ASSIST_PACS_CASES")
    return Path(base) if base else config_dir() / "pacs-cases"


def case_folder_for(study_uids: list[str]) -> Path:
    """A case folder named by a hash of the study UIDs (no patient data in the name)."""
    digest = hashlib.sha256("\\".join(sorted(study_uids)).encode("ascii")).hexdigest()[:16]
    return cases_dir() / f"pacs_{digest}"


# ---------------------------------------------------------------- connection editor

class ConnectionDialog(QDialog):
    """Edit one connection: DIMSE (AE titles, host, port, TLS) or DICOMweb (URL, TLS files, credentials by reference).

    ``connection()`` is the validated :class:`~ph_assist.pacs.Connection`
    once the dialog is accepted; an invalid entry keeps the dialog open and
    says why in one line.
    """

    def __init__(self, parent: QWidget | None = None, conn: Any = None, calling_aet: str = "PHASSIST") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PACS connection"))
        self._calling_aet = calling_aet
        self._result: Any = None
        form = QFormLayout()
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("DIMSE (C-FIND, C-GET)"), "dimse")
        self.kind.addItem(self.tr("DICOMweb (QIDO-RS, WADO-RS)"), "dicomweb")
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Protocol"), self.kind)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._dimse_page())
        self.pages.addWidget(self._web_page())
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.1, 600)
        self.timeout.setValue(10)
        self.timeout.setSuffix(" s")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.pages)
        timeout_form = QFormLayout()
        timeout_form.addRow(self.tr("&Timeout per step"), self.timeout)
        layout.addLayout(timeout_form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        if conn is not None:
            self.set_connection(conn)

    def _dimse_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.aet, self.host = QLineEdit(), QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(104)
        self.calling = QLineEdit(self._calling_aet)
        self.tls = QCheckBox(self.tr("Use TLS (the PACS's TLS port)"))
        self.ca_file, self.cert_file, self.key_file = QLineEdit(), QLineEdit(), QLineEdit()
        form.addRow(self.tr("PACS &AE title"), self.aet)
        form.addRow(self.tr("&Host"), self.host)
        form.addRow(self.tr("P&ort"), self.port)
        form.addRow(self.tr("Our AE &title"), self.calling)
        form.addRow("", self.tls)
        form.addRow(self.tr("CA certificate (PEM)"), self.ca_file)
        form.addRow(self.tr("Our certificate (PEM)"), self.cert_file)
        form.addRow(self.tr("Our key (PEM)"), self.key_file)
        return page

    def _web_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://pacs.example.org/dicom-web")
        self.web_ca = QLineEdit()
        self.username = QLineEdit()
        self.secret_kind = QComboBox()
        for key, text in (("", self.tr("None")), ("password_env", self.tr("Password from environment variable")),
                          ("password_file", self.tr("Password from file")),
                          ("token_env", self.tr("Bearer token from environment variable")),
                          ("token_file", self.tr("Bearer token from file"))):
            self.secret_kind.addItem(text, key)
        self.secret_ref = QLineEdit()
        self.secret_ref.setPlaceholderText(self.tr("variable name or file path (never the secret itself)"))
        form.addRow(self.tr("&URL"), self.url)
        form.addRow(self.tr("CA certificate (PEM)"), self.web_ca)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Secret"), self.secret_kind)
        form.addRow(self.tr("Secret from"), self.secret_ref)
        return page

    def set_connection(self, conn: Any) -> None:
        self.name.setText(conn.name)
        self.kind.setCurrentIndex(1 if conn.protocol == "dicomweb" else 0)
        self.timeout.setValue(conn.timeout)
        if conn.protocol == "dicomweb":
            self.url.setText(conn.url)
            self.web_ca.setText(conn.ca_file)
            self.username.setText(conn.username)
            for key in ("password_env", "password_file", "token_env", "token_file"):
                if getattr(conn, key):
                    self.secret_kind.setCurrentIndex(self.secret_kind.findData(key))
                    self.secret_ref.setText(getattr(conn, key))
        else:
            self.aet.setText(conn.aet)
            self.host.setText(conn.host)
            self.port.setValue(conn.port)
            self.calling.setText(conn.calling_aet)
            self.tls.setChecked(conn.tls)
            self.ca_file.setText(conn.ca_file)
            self.cert_file.setText(conn.cert_file)
            self.key_file.setText(conn.key_file)

    def table(self) -> dict:
        """The ``[connections.NAME]`` keys entered (empty fields left out)."""
        if self.kind.currentData() == "dicomweb":
            table: dict = {"url": self.url.text().strip(), "ca_file": self.web_ca.text().strip(),
                           "username": self.username.text().strip()}
            if self.secret_kind.currentData():
                table[self.secret_kind.currentData()] = self.secret_ref.text().strip()
        else:
            table = {"aet": self.aet.text().strip(), "host": self.host.text().strip(), "port": self.port.value(),
                     "calling_aet": self.calling.text().strip() or self._calling_aet, "tls": self.tls.isChecked(),
                     "ca_file": self.ca_file.text().strip(), "cert_file": self.cert_file.text().strip(),
                     "key_file": self.key_file.text().strip()}
            if not table["tls"]:
                del table["tls"]
        table["timeout"] = float(self.timeout.value())
        return {k: v for k, v in table.items() if v not in ("", None)}

    def connection(self) -> Any:
        return self._result

    def accept(self) -> None:
        from ph_assist.pacs.config import make_connection

        try:
            self._result = make_connection(self.name.text().strip(), self.table(), calling_aet=self._calling_aet)
        except PHAssistError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


# ---------------------------------------------------------------- the dialog

class PACSDialog(QDialog):
    """Query a PACS and retrieve a case (see the module docstring)."""

    caseRetrieved = Signal(object)  # Path of the case folder
    worklistBuilt = Signal(object)  # Path of the manifest of a worklist built from the PACS

    def __init__(self, parent: QWidget | None = None, config: str | os.PathLike | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("From PACS"))
        self.config = Path(config) if config is not None else None
        self.runner = JobRunner(self, max_threads=1)
        self._job: Job | None = None
        self._connections: dict[str, Any] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self._connection_row())
        layout.addWidget(self._query_box())
        self.results = QTableWidget(0, 4)
        self.results.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Modalities"), self.tr("Series"),
                                                self.tr("Study UID")])
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.results.itemSelectionChanged.connect(self._sync)
        layout.addWidget(self.results)
        row = QHBoxLayout()
        self.retrieve_button = QPushButton(self.tr("&Retrieve into a case"))
        self.retrieve_button.clicked.connect(self.retrieve)
        self.cancel_button = QPushButton(self.tr("Ca&ncel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.worklist_button = QPushButton(self.tr("&Worklist: these dates' radiographs with an ECG"))
        self.worklist_button.setToolTip(self.tr("Retrieve each patient's radiograph of the date range with the "
                                                "ECG nearest in date, and rank them by risk"))
        self.worklist_button.clicked.connect(self.build_worklist)
        row.addWidget(self.retrieve_button)
        row.addWidget(self.worklist_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.studies: list[Any] = []
        self.reload_connections()
        self.resize(760, 520)

    # -- building
    def _connection_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.connection_box = QComboBox()
        self.connection_box.setMinimumWidth(260)
        label = QLabel(self.tr("&PACS"))
        label.setBuddy(self.connection_box)
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.clicked.connect(lambda: self.edit_connection(self.current_name()))
        self.new_button = QPushButton(self.tr("&New…"))
        self.new_button.clicked.connect(lambda: self.edit_connection(None))
        self.echo_button = QPushButton(self.tr("&Test"))
        self.echo_button.clicked.connect(self.echo)
        for w in (label, self.connection_box, self.edit_button, self.new_button, self.echo_button):
            row.addWidget(w)
        row.addStretch(1)
        self.connection_box.currentIndexChanged.connect(self._sync)
        return row

    def _query_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Query"))
        form = QFormLayout(box)
        today = QDate.currentDate()
        self.date_from, self.date_to = QDateEdit(today), QDateEdit(today)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.any_date = QCheckBox(self.tr("Any date"))
        self.any_date.toggled.connect(lambda on: (self.date_from.setEnabled(not on), self.date_to.setEnabled(not on)))
        dates = QHBoxLayout()
        for w in (self.date_from, QLabel("–"), self.date_to, self.any_date):
            dates.addWidget(w)
        dates.addStretch(1)
        self.modality = {m: QCheckBox(m) for m in ("CR", "DX", "ECG")}
        mods = QHBoxLayout()
        for box_ in self.modality.values():
            box_.setChecked(True)
            mods.addWidget(box_)
        mods.addStretch(1)
        self.accession, self.patient_id = QLineEdit(), QLineEdit()
        for w in (self.accession, self.patient_id):
            w.setPlaceholderText(self.tr("exact; used for this query only, never stored"))
        self.ecg_days = QSpinBox()
        self.ecg_days.setRange(0, 3650)
        self.ecg_days.setValue(30)
        self.ecg_days.setSuffix(self.tr(" days"))
        self.labs_file = QLineEdit()
        self.labs_file.setPlaceholderText(self.tr("optional: the laboratory's FHIR export (BNP / NT-proBNP of the day)"))
        self.labs_file.setToolTip(self.tr("A FHIR Bundle of many patients' BNP or NT-proBNP results; each worklist "
                                          "case gets its patient's most recent result within 30 days of the "
                                          "radiograph (matched by Patient ID in memory; no identifier is written; "
                                          "an ID two patients share is not used)"))
        labs_browse = QPushButton(self.tr("Browse…"))
        labs_browse.clicked.connect(self._choose_labs_file)
        labs_row = QHBoxLayout()
        labs_row.setContentsMargins(0, 0, 0, 0)
        labs_row.addWidget(self.labs_file, 1)
        labs_row.addWidget(labs_browse)
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        form.addRow(self.tr("Study date"), dates)
        form.addRow(self.tr("Modalities"), mods)
        form.addRow(self.tr("Accession number"), self.accession)
        form.addRow(self.tr("Patient ID"), self.patient_id)
        form.addRow(self.tr("Worklist: ECG within"), self.ecg_days)
        form.addRow(self.tr("Worklist: labs (FHIR)"), labs_row)
        form.addRow("", self.search_button)
        return box

    def _choose_labs_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Laboratory export (FHIR JSON)"), "",
                                              self.tr("FHIR JSON (*.json);;All files (*)"))
        if path:
            self.labs_file.setText(path)

    # -- connections
    def current_name(self) -> str | None:
        return self.connection_box.currentData()

    def current_connection(self) -> Any:
        return self._connections.get(self.current_name() or "")

    def reload_connections(self, select: str | None = None) -> None:
        from ph_assist.pacs.config import load_connections

        keep = select or self.current_name()
        self.connection_box.clear()
        try:
            self._connections = load_connections(self.config)
        except PHAssistError as exc:
            self._connections = {}
            self.say(str(exc), error=True)
        for name, conn in self._connections.items():
            self.connection_box.addItem(conn.describe(), name)
        if keep in self._connections:
            self.connection_box.setCurrentIndex(self.connection_box.findData(keep))
        if not self._connections:
            self.say(self.tr("No PACS configured yet: New… adds one (saved in {file}).").format(
                file=self._config_file()))
        self._sync()

    def _config_file(self) -> Path:
        from ph_assist.pacs.config import config_path

        return self.config or config_path()

    def edit_connection(self, name: str | None) -> bool:
        """Open the editor for ``name`` (None: a new one); save to the connections file when accepted."""
        from ph_assist.pacs.config import load_calling_aet

        calling = load_calling_aet(self.config)
        editor = ConnectionDialog(self, self._connections.get(name or ""), calling_aet=calling)
        self._editor = editor  # tests reach it
        if editor.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.save_connection(editor.connection(), replaces=name)

    def save_connection(self, conn: Any, replaces: str | None = None) -> bool:
        from ph_assist.pacs.config import load_calling_aet, save_connections

        connections = {k: v for k, v in self._connections.items() if k != replaces}
        connections[conn.name] = conn
        try:
            save_connections(connections, self._config_file(), calling_aet=load_calling_aet(self.config))
        except PHAssistError as exc:
            self.say(str(exc), error=True)
            return False
        self.reload_connections(select=conn.name)
        self.say(self.tr("Saved {name} in {file}").format(name=conn.name, file=self._config_file()))
        return True

    # -- actions
    def say(self, text: str, *, error: bool = False) -> None:
        """One line in the status label (red for a failure)."""
        self.status.setStyleSheet("color: #b00020" if error else "")
        self.status.setText(" ".join(str(text).split()))

    def _busy(self) -> bool:
        return self._job is not None

    def _sync(self) -> None:
        has_conn = self.current_connection() is not None
        busy = self._busy()
        self.edit_button.setEnabled(has_conn and not busy)
        self.echo_button.setEnabled(has_conn and not busy)
        self.search_button.setEnabled(has_conn and not busy)
        self.retrieve_button.setEnabled(has_conn and not busy and bool(self.selected_uids()))
        self.worklist_button.setEnabled(has_conn and not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)

    def _start(self, name: str, fn: Any, *args: Any, on_done: Any, text: str) -> Job:
        self.say(text)

        def failed(err: Any) -> None:
            self._job = None
            self.say(str(err), error=True)
            self._sync()

        def done(value: Any) -> None:
            self._job = None
            on_done(value)
            self._sync()

        self._job = self.runner.submit(name, fn, *args, on_done=done, on_error=failed,
                                       on_progress=self._on_progress)
        self._sync()
        return self._job

    def _on_progress(self, done: int, total: Any, text: str) -> None:
        if self._job is not None and self._job.name == "retrieve" and done:
            self.say(self.tr("Retrieving… {n} file(s)").format(n=done))
        elif self._job is not None and self._job.name == "worklist" and total:
            self.say(self.tr("Building the worklist… patient {done} of {total}").format(done=done, total=total))

    def echo(self) -> Job | None:
        from ph_assist import pacs

        conn = self.current_connection()
        if conn is None:
            return None

        def echo_task(job: Job) -> float:
            return pacs.echo(conn)

        return self._start("echo", echo_task, text=self.tr("Testing…"),
                           on_done=lambda s: self.say(self.tr("{pacs} answers ({ms} ms)").format(
                               pacs=conn.describe(), ms=round(s * 1000))))

    def query(self) -> Any:
        """The :class:`~ph_assist.pacs.Query` of the form (raises InputError for bad keys)."""
        from ph_assist import pacs

        def day(w: QDateEdit) -> dt.date:
            d = w.date()
            return dt.date(d.year(), d.month(), d.day())

        mods = tuple(m for m, box in self.modality.items() if box.isChecked())
        any_date = self.any_date.isChecked()
        return pacs.Query(date_from=None if any_date else day(self.date_from),
                          date_to=None if any_date else day(self.date_to), modalities=mods or ("CR", "DX", "ECG"),
                          accession=self.accession.text().strip() or None,
                          patient_id=self.patient_id.text().strip() or None)

    def search(self) -> Job | None:
        conn = self.current_connection()
        if conn is None:
            return None
        try:
            query = self.query()
        except PHAssistError as exc:
            self.say(str(exc), error=True)
            return None
        return self._start("find", find_task, conn, query, on_done=self._show_studies, text=self.tr("Searching…"))

    def _show_studies(self, studies: list[Any]) -> None:
        self.studies = list(reversed(studies))  # most recent first
        self.results.setRowCount(len(self.studies))
        for r, s in enumerate(self.studies):
            cells = [s.date.isoformat() if s.date else "", "/".join(s.modalities),
                     "" if s.n_series is None else str(s.n_series), s.study_uid]
            for c, text in enumerate(cells):
                self.results.setItem(r, c, QTableWidgetItem(text))
        self.say(self.tr("{n} stud(ies) found").format(n=len(self.studies)) if self.studies
                 else self.tr("Nothing found"))
        if self.studies:
            self.results.selectRow(0)

    def selected_uids(self) -> list[str]:
        rows = sorted({i.row() for i in self.results.selectedIndexes()})
        return [self.studies[r].study_uid for r in rows if r < len(self.studies)]

    def retrieve(self, folder: str | os.PathLike | None = None) -> Job | None:
        """Retrieve the selected studies into a case folder (default :func:`case_folder_for`), in the background."""
        conn, uids = self.current_connection(), self.selected_uids()
        if conn is None or not uids or self._busy():
            return None
        target = Path(folder) if folder else case_folder_for(uids)

        def done(path: Path) -> None:
            self.say(self.tr("Retrieved into {folder}").format(folder=path))
            self.caseRetrieved.emit(path)

        return self._start("retrieve", retrieve_task, conn, uids, target, on_done=done,
                           text=self.tr("Retrieving…"))

    def build_worklist(self, folder: str | os.PathLike | None = None) -> Job | None:
        """Retrieve the date range's radiographs with a matching ECG, write their manifest, ``worklistBuilt``."""
        conn = self.current_connection()
        if conn is None or self._busy():
            return None
        try:
            query = self.query()
        except PHAssistError as exc:
            self.say(str(exc), error=True)
            return None
        target = Path(folder) if folder else cases_dir() / dt.datetime.now().strftime("worklist_%Y%m%d_%H%M%S")

        def done(build: Any) -> None:
            text = self.tr("Worklist: {n} case(s); {m} radiograph(s) without an ECG within {d} days").format(
                n=build.n_cases, m=build.n_without_ecg, d=self.ecg_days.value())
            if self.labs_file.text().strip():
                text += self.tr("; {k} with a BNP from the laboratory export").format(k=build.n_with_labs)
            if build.problems:
                text += self.tr("; {k} not retrieved ({first})").format(k=len(build.problems), first=build.problems[0])
            if build.cancelled:
                text += self.tr("; cancelled")
            self.say(text, error=bool(build.problems))
            if build.n_cases:
                self.worklistBuilt.emit(build.manifest)

        return self._start("worklist", worklist_task, conn, target, query.date_from, query.date_to,
                           self.ecg_days.value(), self.labs_file.text().strip() or None, on_done=done,
                           text=self.tr("Building the worklist…"))

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.say(self.tr("Cancelling…"))

    def done(self, result: int) -> None:  # closing: forget identifiers, stop delivering results
        self.accession.clear()
        self.patient_id.clear()
        if self._job is not None:
            self._job.cancel()
        super().done(result)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self.accession.clear()
        self.patient_id.clear()
        super().closeEvent(event)


# ---------------------------------------------------------------- the main window's two actions

def open_from_pacs(window: Any) -> PACSDialog:
    """File > From PACS…: the dialog (one per window), whose retrieved case opens in ``window``."""
    dialog = getattr(window, "_pacs_dialog", None)
    if dialog is None:
        dialog = PACSDialog(window)
        dialog.caseRetrieved.connect(window.open_case_folder)
        dialog.worklistBuilt.connect(window.open_worklist)
        window._pacs_dialog = dialog
    dialog.show()
    dialog.raise_()
    return dialog


def send_to_pacs(window: Any, name: str | None = None) -> Job | None:
    """File > Send to PACS…: store the shown result's SR and Grad-CAM overlay on a configured PACS."""
    from ph_assist.pacs.config import load_connections

    case = window._case
    if case.assessment is None or case.assessed_inputs is None:
        window.show_error(QCoreApplication.translate("PACSDialog", "no result to send yet: open a case first"))
        return None
    try:
        connections = load_connections()
    except PHAssistError as exc:
        window.show_error(str(exc))
        return None
    if not connections:
        window.show_error(QCoreApplication.translate("PACSDialog", "no PACS configured: File > From PACS… > New…"))
        return None
    if name is None:
        name, ok = QInputDialog.getItem(window, QCoreApplication.translate("PACSDialog", "Send to PACS"),
                                        QCoreApplication.translate("PACSDialog", "PACS"), list(connections), 0, False)
        if not ok:
            return None
    conn = connections[name]
    ecg, cxr, _ = case.assessed_inputs.as_tuple()

    def done(uids: list[str]) -> None:
        window.show_info(QCoreApplication.translate("PACSDialog", "Stored on {pacs}: {n} instance(s)").format(
            pacs=conn.describe(), n=len(uids)))

    return window._runner.submit("send-pacs", send_task, conn, case.assessment, ecg, cxr, on_done=done,
                                 on_error=lambda e: window.show_error(str(e)),
                                 label=QCoreApplication.translate("PACSDialog", "Sending to the PACS…"))

