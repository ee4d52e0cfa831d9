"""The PH-Assist main window: case review (ECG, chest X-ray, result) and worklists.

Layout, top to bottom: a permanent banner strip naming the model bundle and
its intended use (warning colour for a bundle that is not for clinical use;
there is no way to hide it); the case review, i.e. the ECG and chest X-ray
viewers side by side (tabbed when the window is narrow) with the case inputs
and the :class:`~ph_assist.gui.risk_panel.RiskPanel` on the right; a
worklist tab once a manifest is opened; the status bar (one-line messages,
errors in red, a busy bar while background work runs).

The window holds no science.  Files are read with
:func:`~ph_assist.cases.load_case` (routed by :func:`~ph_assist.io.detect`),
cases are scored with :func:`~ph_assist.assessment.assess`, worklists case
by case the same way, reports by :func:`ph_assist.report.write_report`, all
on background threads (:mod:`ph_assist.gui.workers`); the results arrive by
signals.  Heavy modules (PyTorch, the models, matplotlib, SciPy) are imported
by those workers after the window is shown; the ECG viewer, whose module
needs SciPy, is put in place once they are loaded.

Identifiers (the case ID and file paths) are hidden unless View > Show
identifiers is on; the readers keep no patient names at all.  Recent cases and
the last folder are kept in memory for this session only: file and folder
names carry identifiers in practice (``MRN99887766_DOE_ecg.dcm``), and a
list of patients left in the settings of a shared workstation would show the
next user who was reviewed.  The settings file (QSettings) holds no path,
file name or case ID; entries that older versions stored are removed when
the window opens.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QSettings, QSize, QTimer, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ph_assist.errors import BundleNotFoundError, PHAssistError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.gui import workers
from ph_assist.gui.case_state import (
    CaseController,
    ClearResult,
    Effect,
    MarkCurrent,
    MarkStale,
    ShowAssessError,
    ShowBusy,
    ShowIdle,
    ShowResult,
    StartAssessment,
)
from ph_assist.gui.case_input import ERROR_COLOR, MUTED_COLOR, CaseInputPanel, mask_paths
from ph_assist.gui.style import ElidedLabel
from ph_assist.gui.cxr_view import CXRPanel
from ph_assist.gui.risk_panel import RiskPanel
from ph_assist.gui.worklist import WorklistPanel
from ph_assist.presentation import patient_mismatch_warning

log = logging.getLogger("ph_assist.gui")

__all__ = ["APP_TITLE", "LAYOUTS", "BannerStrip", "MainWindow", "ShortcutsDialog", "bundle_problem_text",
           "tab_stops"]

APP_TITLE = "PH-Assist"
LAYOUTS = ("auto", "side", "tabs")
#: Width (px) of the viewer area from which ECG and chest X-ray are shown side by side (auto layout).
SIDE_BY_SIDE_MIN_WIDTH = 1100
MAX_RECENT = 8
ECG_FILTER = QT_TRANSLATE_NOOP("MainWindow",
                               "ECG files (*.hea *.dat *.mat *.dcm *.xml *.scp *.mwf *.mfer *.csv *.txt);;All files (*)")
CXR_FILTER = QT_TRANSLATE_NOOP("MainWindow", "Chest X-rays (*.dcm *.dicom *.png *.jpg *.jpeg);;All files (*)")
MANIFEST_FILTER = QT_TRANSLATE_NOOP("MainWindow", "Case manifests (*.csv);;All files (*)")


def bundle_problem_text(exc: Any) -> str:
    """One line for a bundle that cannot be used, e.g. ``model bundle not found: DIR — train one …``."""
    if isinstance(exc, BundleNotFoundError):
        hint = exc.hint
        return QCoreApplication.translate("MainWindow", "model bundle not found: {path}").format(path=exc.path) + (f" — {hint}" if hint else "")
    if isinstance(exc, PHAssistError):
        return QCoreApplication.translate("MainWindow", "model bundle cannot be used: {problem}").format(problem=exc)
    return QCoreApplication.translate("MainWindow", "model bundle cannot be loaded: {problem}").format(problem=exc)


class BannerStrip(QFrame):
    """The always-visible strip at the top: model bundle name and its intended-use banner."""

    STYLES: ClassVar[dict[str, tuple[str, str, str]]] = {
        "warn": ("#fdf0c8", "#c98a00", "#4d3300"),
        "note": ("#eef1f4", "#c3cad3", "#1f2933"),
        "error": ("#fbeaea", "#d08787", "#8b1a1a"),
        "loading": ("#eef1f4", "#c3cad3", "#52606d"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bannerStrip")
        self.icon_label = QLabel("")
        self.text_label = QLabel("")  # wraps rather than hides part of a long message
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.text_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.text_label.setFont(font)
        self.icon_label.setFont(font)
        self.bundle_label = ElidedLabel("", elide=Qt.TextElideMode.ElideMiddle)  # the ID (at the end) stays readable
        self.bundle_label.setMaximumWidth(520)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 12, 6)
        lay.setSpacing(8)
        lay.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.text_label, 3)
        lay.addWidget(self.bundle_label, 1)
        self.kind = ""
        self.set_loading()

    def _style(self, kind: str) -> None:
        self.kind = kind
        bg, edge, fg = self.STYLES[kind]
        self.setStyleSheet(f"#bannerStrip {{ background: {bg}; border-bottom: 1px solid {edge}; }} "
                           f"#bannerStrip QLabel {{ color: {fg}; background: transparent; }}")

    def set_loading(self, where: str = "") -> None:
        self._style("loading")
        self.icon_label.setText("…")
        self.text_label.setText(self.tr("Loading the model bundle from {where} …").format(where=where) if where
                                else self.tr("Loading the model bundle …"))
        self.bundle_label.setText("")
        self.bundle_label.setVisible(False)

    def set_bundle(self, name: str, bundle_id: str | None, banner: str, warn: bool) -> None:
        self._style("warn" if warn else "note")
        self.icon_label.setText("⚠" if warn else "ℹ")
        self.text_label.setText(banner or translate("presentation", "Intended use not stated by the model bundle"))
        self.bundle_label.setText(self.tr("Model: {name} · {value}").format(name=name, value=(bundle_id or 'unsaved')[:12]))
        self.bundle_label.setVisible(True)
        self.bundle_label.setToolTip(self.tr("Model bundle {name}\nID {value}").format(name=name, value=bundle_id or 'unsaved'))

    def set_problem(self, text: str) -> None:
        self._style("error")
        self.icon_label.setText("✕")
        self.text_label.setText(text)
        self.bundle_label.setText("")
        self.bundle_label.setVisible(False)

    def text(self) -> str:
        return " ".join(t for t in (self.text_label.text(), self.bundle_label.text()) if t)


def tab_stops(root: QWidget) -> list[QWidget]:
    """``root`` and the widgets under it that Tab stops at, in their focus-chain order.

    Hidden and disabled widgets are included (Tab skips them while they are); the inner parts of
    a compound widget (a canvas's overlay, a combo box's editor) are not.
    """
    # Only focusPolicy, isAncestorOf and QWidget.window are asked of the widgets met on the way:
    # the chain holds Qt's private parts too (a table's corner button, a header's viewport), and
    # PySide crashes when it collects the wrapper focusProxy() returns for some of them; and the
    # canvases have a window() of their own (the grey-scale or time window).
    def takes_tab(w: QWidget) -> bool:
        return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)

    top = QWidget.window(root)
    found = [root] if takes_tab(root) else []
    w = root.nextInFocusChain()
    for _ in range(100_000):  # the chain is a cycle through the whole window
        if w is None or w is root:
            break
        if takes_tab(w) and root.isAncestorOf(w) and QWidget.window(w) is top:
            found.append(w)
        w = w.nextInFocusChain()
    inner = [o for o in found if o is not root]  # a container that takes the focus keeps its controls
    return [w for w in found if not any(o is not w and o.isAncestorOf(w) for o in inner)]


def _plain(text: str) -> str:
    """A menu text without its mnemonic marker and trailing ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class ShortcutsDialog(QDialog):
    """Help > Keyboard shortcuts: a table of ``(section, key, what it does)`` rows (see
    :meth:`MainWindow.shortcut_rows`, which makes them from the menus' actions and the viewers' key
    tables).  Esc or Close closes it."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts — PH-Assist"))
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Key"), self.tr("What it does")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        section_item: QTreeWidgetItem | None = None
        bold = QFont(self.font())
        bold.setBold(True)
        for section, key, text in rows:
            if section_item is None or section_item.text(0) != section:
                section_item = QTreeWidgetItem([section, ""])
                section_item.setFirstColumnSpanned(True)
                section_item.setFont(0, bold)
                self.tree.addTopLevelItem(section_item)
                section_item.setExpanded(True)
            QTreeWidgetItem(section_item, [key, text])
        self.tree.setItemsExpandable(False)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tree, 1)
        lay.addWidget(buttons)
        self.resize(700, 740)
        self.tree.setFocus()

    def rows(self) -> list[tuple[str, str, str]]:
        """The rows shown: (section, key, what it does)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            sec = self.tree.topLevelItem(i)
            out += [(sec.text(0), sec.child(j).text(0), sec.child(j).text(1)) for j in range(sec.childCount())]
        return out


class _Pane(QWidget):
    """A viewer with a small title line (the title is hidden when the viewers are tabbed)."""

    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.title_label = QLabel(title)
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setContentsMargins(8, 4, 8, 0)
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(0)
        self._lay.addWidget(self.title_label)
        self.body = body
        self._lay.addWidget(body, 1)

    def set_body(self, body: QWidget) -> None:
        old = self.body
        self._lay.replaceWidget(old, body)
        old.setParent(None)
        old.deleteLater()
        self.body = body


class MainWindow(QMainWindow):
    """See the module docstring.  ``bundle_path`` None: the default bundle; ``settings``: QSettings to use."""

    resultShown = Signal(object)  # Assessment
    bundleChanged = Signal(object)  # ModelBundle or None
    errorShown = Signal(str)
    worklistFinished = Signal(object)  # workers.WorklistDone
    reportWritten = Signal(object)  # Path
    viewersReady = Signal()

    def __init__(self, *, bundle_path: str | os.PathLike | None = None, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.setMinimumSize(QSize(640, 420))  # fits a 1920x1080 screen at scale factor 2 (960x540 logical)
        self._settings = settings if settings is not None else QSettings()
        self._recent: list[dict[str, Any]] = []  # this session only (see the module docstring)
        self._last_dir: str | None = None
        self._forget_stored_paths()
        self._bundle_path = None if bundle_path is None else Path(bundle_path)
        self._identifiers = False
        self._layout_mode = "auto"
        self._current_layout = ""
        self._started = False
        self._closed = False
        self._child_windows: list[QWidget] = []  # reader-mode and analysis windows opened from the Study menu
        # the case: its state and rules live in the Qt-free controller; this window carries out its effects
        self.case_controller = CaseController()
        self._case = self.case_controller.state
        self._pending_ecg_cam: Any = None
        self._t_request = 0.0
        self.last_result_seconds = float("nan")  # request (files chosen / input changed) -> result shown
        # worklist
        self._worklist_job: workers.Job | None = None
        self._worklist_serial = 0
        self._pending_worklist: Path | None = None
        # status
        self._status_raw = ""
        self._status_error = False
        self._status_mask = False

        self._runner = workers.JobRunner(self)
        self._runner.busyChanged.connect(self._on_busy)
        self._build_ui()
        self._build_menus()
        self._update_actions()
        self.resize(1600, 960)

    # ================================================================== construction

    def _build_ui(self) -> None:
        self.banner = BannerStrip()
        self.case_input = CaseInputPanel()
        self.risk_panel = RiskPanel()
        self.cxr_panel = CXRPanel()
        self.ecg_panel: Any = None  # ECGPanel once its module is loaded (it needs SciPy)
        placeholder = QLabel(self.tr("Loading the ECG viewer…"))
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet(f"color: {MUTED_COLOR};")
        self._ecg_pane = _Pane(self.tr("ECG"), placeholder)
        self._cxr_pane = _Pane(self.tr("Chest X-ray"), self.cxr_panel)

        self._side = QSplitter(Qt.Orientation.Horizontal)
        self._side.setChildrenCollapsible(False)
        self._tabs = QTabWidget()
        self._tabs.setDocumentMode(True)
        # Tab stops at the tab bar itself: a QTabWidget takes Tab focus only to pass it to its tab bar, and
        # with the bar hidden (auto-hide) that handing-on fails and the focus stays where it was.
        self._tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # also sets the bar's (its focus proxy)
        self._tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._viewer_stack = QStackedWidget()
        self._viewer_stack.addWidget(self._side)
        self._viewer_stack.addWidget(self._tabs)

        right = QWidget()
        right.setObjectName("rightColumn")
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.setSpacing(0)
        right_lay.addWidget(self.case_input)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d3d8de;")
        right_lay.addWidget(line)
        right_lay.addWidget(self.risk_panel, 1)
        right.setMinimumWidth(340)
        right.setMaximumWidth(500)
        self._right = right

        self._review = QSplitter(Qt.Orientation.Horizontal)
        self._review.setChildrenCollapsible(False)
        self._review.addWidget(self._viewer_stack)
        self._review.addWidget(right)
        self._review.setStretchFactor(0, 1)
        self._review.setStretchFactor(1, 0)
        self._review.setSizes([1200, 380])

        self.worklist_panel = WorklistPanel()
        self.main_tabs = QTabWidget()
        self.main_tabs.setDocumentMode(True)
        self.main_tabs.setTabBarAutoHide(True)
        self.main_tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.main_tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.main_tabs.addTab(self._review, self.tr("Case review"))

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.banner)
        lay.addWidget(self.main_tabs, 1)
        self.setCentralWidget(central)

        self.status_label = ElidedLabel("")
        self.busy_label = QLabel("")
        self.busy_label.setStyleSheet(f"color: {MUTED_COLOR};")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        bar = self.statusBar()
        bar.addWidget(self.status_label, 1)
        bar.addPermanentWidget(self.busy_label)
        bar.addPermanentWidget(self.busy_bar)
        self.busy_label.setVisible(False)
        self.busy_bar.setVisible(False)

        self.case_input.openEcgRequested.connect(self.choose_ecg)
        self.case_input.openCxrRequested.connect(self.choose_cxr)
        self.case_input.clearEcgRequested.connect(self.clear_ecg)
        self.case_input.clearCxrRequested.connect(self.clear_cxr)
        self.case_input.labsChanged.connect(self._on_labs)
        self.case_input.bnp_edit.editingFinished.connect(self._on_bnp_edited)
        self.case_input.caseIdChanged.connect(self._on_case_id)
        self.case_input.case_id_edit.editingFinished.connect(self._remember_recent)
        self.worklist_panel.caseActivated.connect(self.open_worklist_item)
        self.worklist_panel.cancelRequested.connect(self.cancel_worklist)
        self.worklist_panel.exportRequested.connect(self.choose_worklist_csv)
        self.cxr_panel.view.heatmapChanged.connect(self._sync_overlay_actions)
        self._apply_layout(force=True)

    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "", checkable: bool = False) -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        a.setCheckable(checkable)
        (a.toggled if checkable else a.triggered).connect(slot)
        return a

    def _build_menus(self) -> None:
        mb = self.menuBar()
        f = mb.addMenu(self.tr("&File"))
        self.act_new = self._action(self.tr("&New case"), self.new_case, QKeySequence.StandardKey.New)
        self.act_open_ecg = self._action(self.tr("Open &ECG…"), self.choose_ecg, "Ctrl+Shift+E", self.tr("Open an ECG file"))
        self.act_open_cxr = self._action(self.tr("Open chest &X-ray…"), self.choose_cxr, "Ctrl+Shift+X",
                                         self.tr("Open a chest X-ray file"))
        self.act_open_folder = self._action(self.tr("Open case &folder…"), self.choose_case_folder,
                                            QKeySequence.StandardKey.Open,
                                            self.tr("Open a folder holding one ECG and one chest X-ray file"))
        self.act_open_worklist = self._action(self.tr("Open &worklist…"), self.choose_worklist, "Ctrl+Shift+O",
                                              self.tr("Score every case of a manifest CSV and rank them by risk"))
        self.act_demo = self._action(self.tr("Open &demo case"), self.open_demo, None,
                                     self.tr("A synthetic PH patient generated by PH-Assist"))
        for a in (self.act_new, self.act_open_ecg, self.act_open_cxr, self.act_open_folder, self.act_open_worklist,
                  self.act_demo):
            f.addAction(a)
        from ph_assist.gui import pacs_dialog  # issue 15: query/retrieve a case, store the result back

        f.addAction(self._action(self.tr("From P&ACS…"), lambda: pacs_dialog.open_from_pacs(self), None,
                                 self.tr("Query a PACS and retrieve a radiograph and ECG into a case")))
        self.act_send_pacs = self._action(self.tr("Send to PA&CS…"), lambda: pacs_dialog.send_to_pacs(self), None,
                                          self.tr("Store this result's SR and Grad-CAM overlay on a PACS"))
        self.recent_menu = f.addMenu(self.tr("&Recent cases"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        f.addSeparator()
        self.act_report = self._action(self.tr("Export &report (PDF)…"), self.choose_report, "Ctrl+P",
                                       self.tr("One-page PDF report of this case"))
        f.addAction(self.act_report)
        f.addAction(self.act_send_pacs)
        png = f.addMenu(self.tr("Export &PNG"))
        self.act_png = {}
        for key, text in (("ecg", self.tr("ECG view…")), ("cxr", self.tr("Chest X-ray view…")),
                          ("risk", self.tr("Result panel…")), ("window", self.tr("Whole window…"))):
            self.act_png[key] = self._action(text, lambda _c=False, k=key: self.choose_png(k))
            png.addAction(self.act_png[key])
        f.addSeparator()
        f.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))

        v = mb.addMenu(self.tr("&View"))
        self.act_identifiers = self._action(self.tr("Show &identifiers"), self.set_identifiers_visible, "Ctrl+I",
                                            self.tr("Show the case ID and file names (hidden by default)"), checkable=True)
        v.addAction(self.act_identifiers)
        v.addSeparator()
        self.act_show_ecg = self._action(self.tr("&ECG viewer"), lambda _c=False: self.focus_viewer("ecg"), "Ctrl+1",
                                         self.tr("Bring the ECG viewer forward and put the keyboard focus in it"))
        self.act_show_cxr = self._action(self.tr("&Chest X-ray viewer"), lambda _c=False: self.focus_viewer("cxr"), "Ctrl+2",
                                         self.tr("Bring the chest X-ray viewer forward and put the keyboard focus in it"))
        v.addAction(self.act_show_ecg)
        v.addAction(self.act_show_cxr)
        v.addSeparator()
        self.act_cam_here = self._action(self.tr("&Grad-CAM of this viewer"), self.toggle_current_cam, "Ctrl+G",
                                         self.tr("Show or hide the Grad-CAM of the viewer with the keyboard focus (or on the front tab; side by side with the focus elsewhere: both)"))
        self.act_ecg_cam = self._action(self.tr("ECG Grad-CAM"), self._toggle_ecg_cam, "F7",
                                        self.tr("Show the ECG model's Grad-CAM band"), checkable=True)
        self.act_cxr_cam = self._action(self.tr("Chest X-ray Grad-CAM"), self._toggle_cxr_cam, "F8",
                                        self.tr("Show the chest X-ray model's Grad-CAM overlay"), checkable=True)
        self.act_ecg_cam.setChecked(True)
        self.act_cxr_cam.setChecked(True)
        v.addAction(self.act_cam_here)
        v.addAction(self.act_ecg_cam)
        v.addAction(self.act_cxr_cam)
        v.addSeparator()
        layout_menu = v.addMenu(self.tr("Viewer &layout"))
        group = QActionGroup(self)
        self.act_layout = {}
        for key, text in (("auto", self.tr("Automatic")), ("side", self.tr("Side by side")), ("tabs", self.tr("Tabs"))):
            a = QAction(text, self)
            a.setCheckable(True)
            a.setChecked(key == "auto")
            a.triggered.connect(lambda _c=False, k=key: self.set_viewer_layout(k))
            group.addAction(a)
            layout_menu.addAction(a)
            self.act_layout[key] = a
        self._build_language_menu(v)
        st = mb.addMenu(self.tr("&Study"))
        st.addAction(self._action(self.tr("&New reader study…"), self.new_study, None,
                                  self.tr("Set up a reader study (sequential or crossover) from a manifest")))
        st.addAction(self._action(self.tr("&Read a study…"), self.read_study, None,
                                  self.tr("Open reader mode for one reader of a study")))
        st.addAction(self._action(self.tr("Reader &progress…"), self.study_progress, None,
                                  self.tr("Where each reader of a study is (no key file needed)")))
        st.addAction(self._action(self.tr("&Analyse a study…"), self.analyse_study, None,
                                  self.tr("MRMC analysis of a study: with AI against without")))
        h = mb.addMenu(self.tr("&Help"))
        self.act_shortcuts = self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts,
                                          QKeySequence.StandardKey.HelpContents, self.tr("Every key of this window"))
        h.addAction(self.act_shortcuts)
        h.addAction(self._action(self.tr("&About PH-Assist"), self._about))
        self.shortcuts_dialog: ShortcutsDialog | None = None

    # ================================================================== keyboard

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """Every key of this window as ``(section, key, what it does)``, made from what the keys do.

        The menus' actions that have a shortcut (walked from the menu bar), then the keys of the
        ECG page, of its enlarged lead and of the chest X-ray image (the tables the viewers' key
        handlers dispatch from), then moving the focus.
        """
        from ph_assist.gui import cxr_view, ecg_view

        rows: list[tuple[str, str, str]] = []

        def walk(menu: Any, section: str) -> None:
            for a in menu.actions():
                if a.menu() is not None:
                    walk(a.menu(), section)
                elif not a.isSeparator():
                    for seq in a.shortcuts():
                        rows.append((section, seq.toString(QKeySequence.SequenceFormat.NativeText), _plain(a.text())))

        for top in self.menuBar().actions():
            if top.menu() is not None:
                walk(top.menu(), self.tr("{menu} menu").format(menu=_plain(top.text())))
        for section, table, ctx in ((self.tr("ECG page (when it has the focus)"), ecg_view.VIEW_KEYS, "ecg_view"),
                                    (self.tr("ECG enlarged lead"), ecg_view.LEAD_KEYS, "ecg_view"),
                                    (self.tr("Chest X-ray image (when it has the focus)"),
                                     cxr_view.VIEW_KEYS + cxr_view.PANEL_KEYS, "cxr_view")):
            rows += [(section, QCoreApplication.translate(ctx, label), QCoreApplication.translate(ctx, text))
                     for _keys, label, text, _fn in table]
        moving = self.tr("Moving around")
        rows += [(moving, self.tr("Tab / Shift+Tab"), self.tr("Next / previous control: case, ECG, chest X-ray, result")),
                 (moving, self.tr("Alt + underlined letter"), self.tr("Open a menu"))]
        return rows

    def show_shortcuts(self) -> ShortcutsDialog:
        """Open Help > Keyboard shortcuts (Esc closes it)."""
        if self.shortcuts_dialog is not None:
            self.shortcuts_dialog.close()
            self.shortcuts_dialog.deleteLater()
        self.shortcuts_dialog = ShortcutsDialog(self.shortcut_rows(), self)
        self.shortcuts_dialog.open()
        return self.shortcuts_dialog

    def current_viewer(self) -> str | None:
        """The viewer ("ecg" or "cxr") holding the keyboard focus, or on the front tab; None otherwise."""
        focus = QApplication.focusWidget()
        for key, pane in (("ecg", self._ecg_pane), ("cxr", self._cxr_pane)):
            if focus is not None and (focus is pane or pane.isAncestorOf(focus)):
                return key
        if self._current_layout == "tabs":
            return "ecg" if self._tabs.currentWidget() is self._ecg_pane else "cxr"
        return None

    def focus_viewer(self, which: str) -> None:
        """Bring the viewer ("ecg" or "cxr") forward and give the focus to its first control."""
        self.main_tabs.setCurrentWidget(self._review)
        self.show_viewer(which)
        stops = [w for w in self._viewer_stops(which)
                 if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if stops:
            stops[0].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_current_cam(self) -> None:
        """Show or hide the Grad-CAM of :meth:`current_viewer` (both viewers' when it is None)."""
        which = self.current_viewer()
        acts = {"ecg": [self.act_ecg_cam], "cxr": [self.act_cxr_cam], None: [self.act_ecg_cam, self.act_cxr_cam]}
        acts_on = [a for a in acts[which] if a.isEnabled()]
        if not acts_on:
            self.show_info(self.tr("No Grad-CAM to show in this viewer"))
            return
        shown = any(a.isChecked() for a in acts_on)
        for a in acts_on:
            a.setChecked(not shown)

    # ================================================================== reader studies

    def new_study(self) -> None:
        from ph_assist.gui.study_views import StudySetupDialog

        StudySetupDialog(self).exec()

    def _choose_study_folder(self, title: str) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, title)
        return folder or None

    def read_study(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ph_assist.gui.reader_mode import ReaderWindow

        folder = self._choose_study_folder(self.tr("Study folder"))
        if not folder:
            return
        reader, ok = QInputDialog.getText(self, self.tr("Reader"), self.tr("Reader ID:"))
        if not ok or not reader.strip():
            return
        window = ReaderWindow(folder, reader.strip())
        self._child_windows.append(window)
        window.show()

    def study_progress(self, folder: str | None = None) -> QWidget | None:
        """A window with each reader's progress (phase, cases done, last activity) of a study folder."""
        from ph_assist.gui.study_views import StudyProgressView

        folder = folder or self._choose_study_folder(self.tr("Study folder"))
        if not folder:
            return None
        view = StudyProgressView()
        view.setWindowTitle(self.tr("PH-Assist — reader progress"))
        view.resize(760, 320)
        view.load(folder)
        self._child_windows.append(view)
        view.show()
        return view

    def analyse_study(self) -> None:
        from ph_assist.gui.study_views import StudyAnalysisView

        folder = self._choose_study_folder(self.tr("Study folder to analyse"))
        if not folder:
            return
        view = StudyAnalysisView()
        view.setWindowTitle(self.tr("PH-Assist — study analysis"))
        view.resize(1100, 800)
        view.load(folder)
        self._child_windows.append(view)
        view.show()

    # ================================================================== start-up

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self._start_background)

    def _start_background(self) -> None:
        """After the window is shown: import the heavy modules and load the model bundle off the GUI thread."""
        if self._closed:
            return
        # The heat scale's colour table needs matplotlib; import it here, on the GUI thread, before
        # any worker starts importing: a first import from a paint event while a worker thread imports
        # other modules can end in Python's import-lock deadlock error and a window without overlays.
        from ph_assist.gui.colormaps import DEFAULT_CMAP, colormap_lut

        colormap_lut(DEFAULT_CMAP)
        self._runner.submit("viewers", workers.prepare_viewers_task, label=self.tr("Starting the viewers…"),
                            on_done=lambda _r: self._install_ecg_panel(),
                            on_error=lambda err: self._viewer_failed(err))
        self._load_bundle()

    def _load_bundle(self) -> None:
        self._t_bundle = time.perf_counter()
        self.case_controller.bundle_loading()
        self.banner.set_loading()
        self._runner.submit("bundle", workers.load_bundle_task, self._bundle_path, label=self.tr("Loading the model bundle…"),
                            on_done=self._on_bundle, on_error=self._on_bundle_error)

    def _install_ecg_panel(self) -> None:
        if self._closed or self.ecg_panel is not None:
            return
        from ph_assist.gui.ecg_view import ECGPanel

        panel = ECGPanel()
        self._ecg_pane.set_body(panel)
        self.ecg_panel = panel
        panel.view.viewChanged.connect(self._sync_overlay_actions)
        if self._case.ecg is not None:
            panel.set_ecg(self._case.ecg)
            if self._pending_ecg_cam is not None:
                self._set_ecg_cam(self._pending_ecg_cam)
                if self._case.assessment is not None:
                    self._set_lead_attribution(self._case.assessment.ecg_lead_attribution)
        panel.view.set_explanation_visible(self.act_ecg_cam.isChecked())
        self._pending_ecg_cam = None
        self._sync_overlay_actions()
        self.viewersReady.emit()

    def _viewer_failed(self, err: Any) -> None:
        self.show_error(self.tr("the ECG viewer cannot start: {error_text}").format(error_text=self._error_text(err)))

    def _on_bundle(self, bundle: Any) -> None:
        if self._closed:
            return
        effects = self.case_controller.bundle_ready(bundle)  # carried out below, as the last thing
        self.bundle_load_seconds = time.perf_counter() - getattr(self, "_t_bundle", time.perf_counter())
        from ph_assist.presentation import notice_of

        notice = notice_of(bundle)  # one wording and one warning rule for every front end
        self.banner.set_bundle(notice.name, notice.bundle_id, notice.text, notice.warn)
        self.risk_panel.set_bundle_info(notice)
        if not self._status_error:
            self.show_info(self.tr("Model bundle {name} loaded").format(name=bundle.name))
        self.bundleChanged.emit(bundle)
        self._update_actions()
        self._apply(effects)
        if self._pending_worklist is not None:
            manifest, self._pending_worklist = self._pending_worklist, None
            self.open_worklist(manifest)

    def _on_bundle_error(self, err: Any) -> None:
        if self._closed:
            return
        self.case_controller.bundle_failed(bundle_problem_text(err) if not isinstance(err, str) else err)
        self.banner.set_problem(self._case.bundle_message)
        self.risk_panel.set_bundle_info(None, None, None)
        self._show_idle(self._case.idle_result)
        self.show_error(self._case.bundle_message, mask=False)
        self.bundleChanged.emit(None)
        self._update_actions()
        if self._pending_worklist is not None:
            self._pending_worklist = None
            self.worklist_panel.fail(self.tr("cannot score the worklist: {bundle_message}").format(bundle_message=self._case.bundle_message))

    # ================================================================== state for callers and tests

    def bundle(self) -> Any:
        return self._case.bundle

    def bundle_state(self) -> str:
        return self._case.bundle_state

    def bundle_message(self) -> str:
        return self._case.bundle_message

    def assessment(self) -> Any:
        return self._case.assessment

    def case(self) -> dict[str, Any]:
        c = self._case
        return {"ecg": c.ecg, "cxr": c.cxr, "labs": c.labs, "ecg_path": c.ecg_path, "cxr_path": c.cxr_path,
                "case_id": c.case_id}

    def busy(self) -> bool:
        """Background work for the case under review is running (the worklist does not count)."""
        return any(j is not self._worklist_job for j in self._runner.jobs())

    def settled(self) -> bool:
        """Nothing left to wait for: viewers up, bundle loaded (or known missing), no case work running."""
        return (self.ecg_panel is not None and self._case.bundle_state in ("ready", "missing")
                and not self.busy() and not self._case.again)

    def status_text(self) -> str:
        return self.status_label.text()

    def status_is_error(self) -> bool:
        return self._status_error

    def identifiers_visible(self) -> bool:
        return self._identifiers

    def viewer_layout(self) -> str:
        """The layout in use: "side" or "tabs"."""
        return self._current_layout

    # ================================================================== messages

    def _error_text(self, err: Any) -> str:
        return err if isinstance(err, str) else " ".join(str(err).split())

    def _render_status(self) -> None:
        text = self._status_raw
        if self._status_error and self._status_mask and not self._identifiers:
            text = mask_paths(text)
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {ERROR_COLOR}; font-weight: bold;" if self._status_error else "")

    def show_error(self, text: Any, *, mask: bool = True) -> None:
        """One line, red, in the status bar (file paths shortened to file names unless identifiers are shown)."""
        line = " ".join(self._error_text(text).split())
        self._status_raw, self._status_error, self._status_mask = line, True, mask
        self._render_status()
        log.info("error shown: %s", line)
        self.errorShown.emit(self.status_label.text())

    def clear_error(self) -> None:
        """A new user action: the last error line no longer applies."""
        if self._status_error:
            self.show_info("")

    def show_info(self, text: str) -> None:
        self._status_raw, self._status_error, self._status_mask = " ".join(text.split()), False, False
        self._render_status()

    def _on_busy(self, busy: bool, text: str) -> None:
        if self._closed:
            return
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.busy_label.setText(text)

    # ================================================================== the case

    def new_case(self) -> None:
        """Clear the case under review (files, BNP, case ID, result)."""
        effects = self.case_controller.new_case()
        self._pending_ecg_cam = None
        self.case_input.clear()
        self.cxr_panel.set_heatmap(None)
        self.cxr_panel.set_cxr(None)
        if self.ecg_panel is not None:
            self.ecg_panel.set_ecg(None)
        self.risk_panel.ecg_measure.clear()
        self._apply(effects)
        self._update_title()
        self._update_actions()

    def open_case(self, *, ecg: str | os.PathLike | None = None, cxr: str | os.PathLike | None = None,
                  bnp: object = None, bnp_unit: str = "pg/mL", analyte: str = "BNP",
                  case_id: str | None = None) -> None:
        """Replace the case under review: read the files in the background, then assess."""
        self.new_case()
        self.clear_error()
        self.case_input.set_case_id(case_id)
        self.case_controller.set_case_id(case_id)
        self.case_input.set_bnp(bnp, bnp_unit, analyte)
        self.case_controller.set_labs(self.case_input.labs())
        self._apply(self.case_controller.bnp_checked(self.case_input.bnp_error()))  # no result yet: nothing shown
        if self.case_input.bnp_error():
            self.show_error(self.case_input.bnp_error())
        self._t_request = time.perf_counter()
        requests = [(p, k) for p, k in ((ecg, "ecg"), (cxr, "cxr")) if p]
        self._update_title()
        if requests:
            self._read(workers.read_files_task, requests)
        else:
            self._request_assessment()

    def open_files(self, paths: list[str | os.PathLike]) -> None:
        """Add files to the case, each routed to the ECG or the chest X-ray viewer by its content."""
        if paths:
            self.clear_error()
            self._t_request = time.perf_counter()
            self._read(workers.read_files_task, [(p, None) for p in paths])

    def open_ecg(self, path: str | os.PathLike) -> None:
        self.clear_error()
        self._t_request = time.perf_counter()
        self._read(workers.read_files_task, [(path, "ecg")])

    def open_cxr(self, path: str | os.PathLike) -> None:
        self.clear_error()
        self._t_request = time.perf_counter()
        self._read(workers.read_files_task, [(path, "cxr")])

    def open_case_folder(self, folder: str | os.PathLike) -> None:
        """A new case from a folder with one ECG and one chest X-ray (found by content, not by name)."""
        self.new_case()
        self.clear_error()
        self._t_request = time.perf_counter()
        self._read(workers.folder_case_task, Path(folder))

    def open_demo(self) -> None:
        """The generated demo patient (synthetic) with its BNP and case ID."""
        def done(demo: Any) -> None:
            self.open_case(ecg=demo.ecg_path, cxr=demo.cxr_path, bnp=demo.bnp, bnp_unit=demo.bnp_unit,
                           case_id=demo.case_id)

        self._runner.submit("demo", workers.demo_case_task, label=self.tr("Preparing the demo case…"), on_done=done,
                            on_error=self.show_error)

    def _read(self, fn: Any, arg: Any) -> None:
        serial = self._case.serial
        self._apply(self.case_controller.begin_read())
        self._runner.submit("read", fn, arg, label=self.tr("Reading files…"),
                            on_done=lambda res: self._on_files(serial, res),
                            on_error=lambda err: self._on_read_error(serial, err))

    def _on_files(self, serial: int, results: list[workers.FileResult]) -> None:
        if self._closed:
            return
        if not self.case_controller.read_done(serial):  # files of an earlier case
            self._request_assessment()
            return
        if self.case_controller.different_patient([r.obj for r in results if r.kind]):
            choice = self.ask_different_patient()
            if choice == "cancel":
                results = [r for r in results if not r.kind]  # only the read errors stay
            elif choice == "new":
                self.new_case()
        errors = [r.error for r in results if r.error]
        for r in results:
            if r.kind == "ecg":
                self._set_ecg(r.path, r.obj)
            elif r.kind == "cxr":
                self._set_cxr(r.path, r.obj)
        if errors:
            more = self.tr(" (and {n} more problem(s))").format(n=len(errors) - 1) if len(errors) > 1 else ""
            self.show_error(errors[0] + more)
            self.case_input.set_file_error(errors[0] if self._identifiers else mask_paths(errors[0]))
        else:
            self.case_input.set_file_error(None)
            if results:
                kinds = {r.kind for r in results}
                self.show_info(self.tr("Read the ECG and the chest X-ray") if kinds >= {"ecg", "cxr"}
                               else self.tr("Read the ECG") if "ecg" in kinds else self.tr("Read the chest X-ray"))
        if self._case.patient_mismatch:
            self.show_error(patient_mismatch_warning())
        if any(r.kind for r in results):
            self._remember_recent()
            self._request_assessment()
        elif self._case.assessment is not None:
            self._restore_result_state()

    def patient_conflict_box(self) -> QMessageBox:
        """The question asked when a file belongs to another patient than the case (keyboard: S, A,
        Esc; Enter starts a new case).  Not shown: :meth:`ask_different_patient` runs it."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Different patient"),
                          self.tr("This file belongs to a different patient than the case."), parent=self)
        box.setInformativeText(self.tr("The patient IDs in the files differ. Start a new case with this file, "
                                       "add it to the current case anyway, or cancel opening it."))
        new = box.addButton(self.tr("&Start a new case"), QMessageBox.ButtonRole.AcceptRole)
        add = box.addButton(self.tr("&Add anyway"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        new.setObjectName("start_new_case")
        add.setObjectName("add_anyway")
        cancel.setObjectName("cancel")
        box.setDefaultButton(new)
        box.setEscapeButton(cancel)
        return box

    def ask_different_patient(self) -> str:
        """Ask what to do with a file of another patient: ``"new"``, ``"add"`` or ``"cancel"``."""
        box = self.patient_conflict_box()
        box.exec()
        clicked = box.clickedButton()
        name = clicked.objectName() if clicked is not None else "cancel"
        box.deleteLater()
        return {"start_new_case": "new", "add_anyway": "add"}.get(name, "cancel")

    def _on_read_error(self, serial: int, err: Any) -> None:
        if self._closed:
            return
        if self.case_controller.read_done(serial):
            text = self._error_text(err)
            self.show_error(text)
            self.case_input.set_file_error(text if self._identifiers else mask_paths(text))
            if self._case.assessment is not None:
                self._restore_result_state()
        else:
            self._request_assessment()

    def _set_ecg(self, path: Path | None, ecg: Any) -> None:
        self.case_controller.set_ecg(path, ecg)
        self._pending_ecg_cam = None
        self.case_input.set_ecg_file(path, ecg)
        if self.ecg_panel is not None:
            self.ecg_panel.set_ecg(ecg)
        self.risk_panel.ecg_measure.measure(ecg, self._runner)  # off the GUI thread; "measuring…" meanwhile
        self._update_actions()

    def _set_cxr(self, path: Path | None, cxr: Any) -> None:
        self.case_controller.set_cxr(path, cxr)
        self.cxr_panel.set_heatmap(None)
        self.cxr_panel.set_cxr(cxr)
        self.case_input.set_cxr_file(path, cxr)
        self._update_actions()

    def clear_ecg(self) -> None:
        self.clear_error()
        self._t_request = time.perf_counter()
        self._set_ecg(None, None)
        self._request_assessment()

    def clear_cxr(self) -> None:
        self.clear_error()
        self._t_request = time.perf_counter()
        self._set_cxr(None, None)
        self._request_assessment()

    def set_bnp(self, value: object, unit: str = "pg/mL", analyte: str = "BNP") -> None:
        """Enter a BNP value as a user would (validated; a valid value updates the result)."""
        self._t_request = time.perf_counter()
        self.case_input.set_bnp(value, unit, analyte, emit=True)
        if self.case_input.bnp_error():
            self._on_bnp_edited()

    def _on_labs(self, labs: Any) -> None:
        self.clear_error()
        self.case_controller.set_labs(labs)
        self._t_request = time.perf_counter()
        self._request_assessment()

    def _on_bnp_edited(self) -> None:
        err = self.case_input.bnp_error()
        if err:
            self.show_error(err)
            self._restore_result_state()

    def _restore_result_state(self) -> None:
        """The shown result stays; say so when the BNP field holds an invalid value it does not use."""
        self._apply(self.case_controller.bnp_checked(self.case_input.bnp_error()))

    def _on_case_id(self, text: str) -> None:
        self.case_controller.set_case_id(text)
        self._update_title()

    # ================================================================== assessment

    def _request_assessment(self) -> None:
        if self._closed:
            return
        self._apply(self.case_controller.request())

    def _on_assessed(self, res: workers.CaseResult) -> None:
        if self._closed:
            return
        self._apply(self.case_controller.result_arrived(res.assessment, res.seconds))

    def _on_assess_error(self, err: Any) -> None:
        if self._closed:
            return
        self._apply(self.case_controller.error_arrived(self._error_text(err)))

    def _apply(self, effects: list[Effect]) -> None:
        """Carry out the case controller's decisions, in order."""
        for e in effects:
            if isinstance(e, StartAssessment):
                ecg, cxr, labs = e.inputs.as_tuple()
                self._runner.submit(
                    "assess", workers.assess_task, 0, e.bundle, ecg=ecg, cxr=cxr, labs=labs, case_id=e.case_id,
                    label=self.tr("Assessing the case…"), on_done=self._on_assessed, on_error=self._on_assess_error)
            elif isinstance(e, ShowResult):
                self._show_result(e)
            elif isinstance(e, ShowAssessError):
                self._show_assess_error(e.text)
            elif isinstance(e, ShowIdle):
                self._show_idle(e)
            elif isinstance(e, ShowBusy):
                if e.text is None:
                    self.risk_panel.set_busy()
                else:
                    self.risk_panel.set_busy(e.text)
            elif isinstance(e, ClearResult):
                self._set_ecg_cam(None)
                self._set_cxr_cam(None)
                self._update_actions()
            elif isinstance(e, MarkStale):
                self.risk_panel.set_stale(e.text)
            elif isinstance(e, MarkCurrent):
                self.risk_panel.set_current()
            else:  # pragma: no cover - a new kind of effect without its executor
                raise TypeError(f"unknown case effect {e!r}")

    def _show_idle(self, e: ShowIdle) -> None:
        if e.no_bundle is not None:
            self.risk_panel.set_no_bundle(self.tr("{no_bundle}. The viewers work without scores.").format(no_bundle=e.no_bundle))
        else:
            self.risk_panel.set_empty()

    def _show_result(self, e: ShowResult) -> None:
        a, seconds = e.assessment, e.seconds
        ecg, cxr, labs = e.inputs.as_tuple()
        waited = time.perf_counter() - self._t_request
        self.risk_panel.set_assessment(a, labs, seconds=seconds,
                                       load_seconds=getattr(self, "bundle_load_seconds", None),
                                       waited_seconds=waited if waited > seconds + 0.5 else None)
        self._set_ecg_cam(a.ecg_cam if ecg is not None else None)
        self._set_lead_attribution(a.ecg_lead_attribution if ecg is not None else None)
        self._set_cxr_cam(a.cxr_cam if cxr is not None else None)
        self.last_result_seconds = time.perf_counter() - self._t_request
        self._restore_result_state()
        if not self._status_error:  # an error of this action (e.g. one unreadable file) stays visible
            what = self.tr("Partial result") if a.partial else self.tr("Result")
            took = f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.0f} ms"
            from ph_assist.presentation import percent

            self.show_info(self.tr("{what}: fused PH risk {percent} — assessed in {took}").format(what=what, percent=percent(a.risk), took=took))
        self._update_actions()
        self._remember_recent()
        self.resultShown.emit(a)

    def _show_assess_error(self, text: str) -> None:
        self.risk_panel.set_error(self.tr("Could not assess this case: {value}").format(value=text if self._identifiers else mask_paths(text)))
        self._set_ecg_cam(None)
        self._set_cxr_cam(None)
        self.show_error(text)
        self._update_actions()

    def _set_ecg_cam(self, cam: Any) -> None:
        if self.ecg_panel is None:
            self._pending_ecg_cam = cam
            return
        try:
            self.ecg_panel.set_explanation(cam if self.ecg_panel.view.ecg() is not None else None)
        except ValueError as exc:  # a map that does not fit the trace: show the trace without it
            log.warning("ECG Grad-CAM not shown: %s", exc)
            self.ecg_panel.set_explanation(None)
        self._sync_overlay_actions()

    def _set_lead_attribution(self, values: Any) -> None:
        if self.ecg_panel is None:
            return
        from ph_assist.io.leads import STANDARD_LEADS

        try:
            arr = None if not values or self.ecg_panel.view.ecg() is None else [values[k] for k in STANDARD_LEADS]
            self.ecg_panel.set_lead_attribution(arr)
        except (ValueError, KeyError) as exc:
            log.warning("ECG lead attribution not shown: %s", exc)
            self.ecg_panel.set_lead_attribution(None)

    def _set_cxr_cam(self, cam: Any) -> None:
        try:
            self.cxr_panel.set_heatmap(cam if self.cxr_panel.view.cxr() is not None else None)
        except ValueError as exc:
            log.warning("chest X-ray Grad-CAM not shown: %s", exc)
            self.cxr_panel.set_heatmap(None)
        self._sync_overlay_actions()

    # ================================================================== overlays and layout

    def _toggle_ecg_cam(self, on: bool) -> None:
        if self.ecg_panel is not None and self.ecg_panel.view.explanation_visible() != on:
            self.ecg_panel.view.set_explanation_visible(on)

    def _toggle_cxr_cam(self, on: bool) -> None:
        if self.cxr_panel.view.heatmap_visible() != on:
            self.cxr_panel.view.set_heatmap_visible(on)

    def set_overlays_visible(self, ecg: bool | None = None, cxr: bool | None = None) -> None:
        if ecg is not None:
            self.act_ecg_cam.setChecked(ecg)
        if cxr is not None:
            self.act_cxr_cam.setChecked(cxr)

    def _sync_overlay_actions(self) -> None:
        if self._closed:
            return
        view = self.cxr_panel.view
        self.act_cxr_cam.blockSignals(True)
        self.act_cxr_cam.setChecked(view.heatmap_visible())
        self.act_cxr_cam.setEnabled(view.heatmap() is not None)
        self.act_cxr_cam.blockSignals(False)
        if self.ecg_panel is not None:
            ev = self.ecg_panel.view
            self.act_ecg_cam.blockSignals(True)
            self.act_ecg_cam.setChecked(ev.explanation_visible())
            self.act_ecg_cam.setEnabled(ev.has_explanation())
            self.act_ecg_cam.blockSignals(False)
        else:
            self.act_ecg_cam.setEnabled(False)

    def set_viewer_layout(self, mode: str) -> None:
        """"auto" (tabs when the viewer area is narrower than SIDE_BY_SIDE_MIN_WIDTH), "side" or "tabs"."""
        if mode not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, not {mode!r}")
        self._layout_mode = mode
        self.act_layout[mode].setChecked(True)
        self._apply_layout()

    def _apply_layout(self, force: bool = False) -> None:
        mode = self._layout_mode
        if mode == "auto":
            available = self.width() - max(self._right.width(), self._right.minimumWidth())
            mode = "side" if available >= SIDE_BY_SIDE_MIN_WIDTH else "tabs"
        if mode == self._current_layout and not force:
            return
        self._current_layout = mode
        if mode == "side":
            while self._tabs.count():
                self._tabs.removeTab(0)
            self._side.addWidget(self._ecg_pane)
            self._side.addWidget(self._cxr_pane)
            self._side.setStretchFactor(0, 3)
            self._side.setStretchFactor(1, 2)
            total = max(self._side.width(), 1000)
            self._side.setSizes([int(total * 0.58), int(total * 0.42)])
            for pane in (self._ecg_pane, self._cxr_pane):
                pane.title_label.setVisible(True)
                pane.show()
            self._viewer_stack.setCurrentWidget(self._side)
        else:
            current = 1 if self._tabs.currentIndex() == 1 else 0
            self._tabs.addTab(self._ecg_pane, self.tr("ECG"))
            self._tabs.addTab(self._cxr_pane, self.tr("Chest X-ray"))
            self._tabs.setCurrentIndex(current)
            for pane in (self._ecg_pane, self._cxr_pane):
                pane.title_label.setVisible(False)
            self._viewer_stack.setCurrentWidget(self._tabs)

    def tab_order(self) -> list[QWidget]:
        """Where Tab goes, in order: the case inputs, the viewer tabs, each viewer's controls then its canvas
        (ECG, then chest X-ray), the result panel, the worklist (hidden ones included; Tab skips them)."""
        order = [self.main_tabs.tabBar(), *tab_stops(self.case_input), self._tabs.tabBar(),
                 *self._viewer_stops("ecg"), *self._viewer_stops("cxr"), *tab_stops(self.risk_panel),
                 *tab_stops(self.worklist_panel)]
        return [w for w in order if QWidget.window(w) is self]  # the worklist: its own window until opened

    def _viewer_stops(self, which: str) -> list[QWidget]:
        """A viewer's Tab stops: its controls, then its canvas."""
        pane, panel = (self._ecg_pane, self.ecg_panel) if which == "ecg" else (self._cxr_pane, self.cxr_panel)
        canvas = getattr(panel, "view", None)
        return [w for w in tab_stops(pane) if w is not canvas] + ([canvas] if canvas is not None else [])

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt
        """Tab / Shift+Tab through :meth:`tab_order` (visible, enabled, taking Tab focus now), round and round.

        Qt's own focus chain is not used for this window: ``QWidget.setTabOrder`` misplaces compound
        widgets such as the canvases (whose viewport or overlay hands its focus on) and can split the
        chain into loops, so that Tab never leaves a group of controls.
        """
        focus = QApplication.focusWidget()
        stops = [w for w in self.tab_order() if w.isVisible() and w.isEnabled()
                 and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        here = None
        if focus is not None:
            here = next((i for i, w in enumerate(stops) if w is focus or w.isAncestorOf(focus)), None)
        if here is None:  # the focus is elsewhere (the menu bar, a dialog): Qt's own handling
            return super().focusNextPrevChild(forward)
        target = stops[(here + (1 if forward else -1)) % len(stops)]
        target.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
        return True

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._layout_mode == "auto":
            QTimer.singleShot(0, self._apply_layout)

    def show_viewer(self, which: str) -> None:
        """Bring the ECG ("ecg") or chest X-ray ("cxr") viewer to the front in the tabbed layout."""
        if self._current_layout == "tabs":
            self._tabs.setCurrentWidget(self._ecg_pane if which == "ecg" else self._cxr_pane)

    # ================================================================== identifiers, title, recent cases

    def set_identifiers_visible(self, visible: bool) -> None:
        self._identifiers = bool(visible)
        if self.act_identifiers.isChecked() != self._identifiers:
            self.act_identifiers.blockSignals(True)
            self.act_identifiers.setChecked(self._identifiers)
            self.act_identifiers.blockSignals(False)
        self.case_input.set_identifiers_visible(visible)
        self.worklist_panel.set_identifiers_visible(visible)
        self._render_status()
        self._update_title()
        self._fill_recent_menu()

    def _update_title(self) -> None:
        case_id = self.case_input.case_id()
        if case_id and self._identifiers:
            self.setWindowTitle(f"{case_id} — {APP_TITLE}")
        else:
            self.setWindowTitle(APP_TITLE)

    _STORED_PATH_KEYS: ClassVar[tuple[str, ...]] = ("recent_cases", "last_dir")  # written by earlier versions

    def _forget_stored_paths(self) -> None:
        """Remove paths and case IDs that earlier versions kept in the settings file."""
        if any(self._settings.contains(k) for k in self._STORED_PATH_KEYS):
            for k in self._STORED_PATH_KEYS:
                self._settings.remove(k)
            self._settings.sync()

    def recent_cases(self) -> list[dict[str, Any]]:
        """This session's recent cases, newest first: ``{"ecg", "cxr", "case_id"}`` (never written to disk)."""
        return [dict(it) for it in self._recent]

    def _remember_recent(self) -> None:
        """Remember this case for the session as file paths and the case ID (no names, no values)."""
        if self._case.ecg_path is None and self._case.cxr_path is None:
            return
        entry = {"ecg": str(self._case.ecg_path) if self._case.ecg_path else None,
                 "cxr": str(self._case.cxr_path) if self._case.cxr_path else None,
                 "case_id": self.case_input.case_id() or None}
        items = [it for it in self._recent if not (it["ecg"] == entry["ecg"] and it["cxr"] == entry["cxr"])]
        self._recent = [entry, *items][:MAX_RECENT]

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        items = self.recent_cases()
        for i, it in enumerate(items, 1):
            kinds = " + ".join(k for k, key in ((self.tr("ECG"), "ecg"), (self.tr("chest X-ray"), "cxr")) if it[key])
            if self._identifiers:
                names = ", ".join(Path(it[k]).name for k in ("ecg", "cxr") if it[k])
                text = f"&{i}  {it['case_id'] or self.tr('no case ID')} — {names}"
            else:
                text = self.tr("&{i}  Recent case {i} ({kinds})").format(i=i, kinds=kinds)
            act = menu.addAction(text)
            act.triggered.connect(lambda _c=False, it=it: self.open_case(ecg=it["ecg"], cxr=it["cxr"],
                                                                         case_id=it["case_id"]))
        if not items:
            empty = menu.addAction(self.tr("No recent cases"))
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(self.tr("Clear recent cases"))
        clear.setEnabled(bool(items))
        clear.triggered.connect(self._clear_recent)

    def _clear_recent(self) -> None:
        self._recent = []
        self._fill_recent_menu()

    # ================================================================== drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.handle_dropped(paths)

    def handle_dropped(self, paths: list[Path]) -> None:
        """A folder opens as a case; a manifest CSV as a worklist; other files go to their viewer."""
        folders = [p for p in paths if p.is_dir()]
        if folders:
            self.open_case_folder(folders[0])
            return
        if len(paths) == 1 and paths[0].suffix.lower() == ".csv" and _looks_like_manifest(paths[0]):
            self.open_worklist(paths[0])
            return
        self.open_files(paths)

    # ================================================================== worklist

    def open_worklist(self, manifest: str | os.PathLike) -> None:
        """Score every case of ``manifest`` in the background and show the ranked list."""
        manifest = Path(manifest)
        if self.main_tabs.indexOf(self.worklist_panel) < 0:
            self.main_tabs.addTab(self.worklist_panel, self.tr("Worklist"))
        self.main_tabs.setCurrentWidget(self.worklist_panel)
        self.cancel_worklist()
        self.worklist_panel.start(manifest)
        if self._case.bundle is None:
            if self._case.bundle_state == "missing":
                self.worklist_panel.fail(self.tr("cannot score the worklist: {bundle_message}").format(bundle_message=self._case.bundle_message))
                self.show_error(self.tr("cannot score the worklist: {bundle_message}").format(bundle_message=self._case.bundle_message), mask=False)
            else:
                self._pending_worklist = manifest
                self.worklist_panel.summary_label.setText(self.tr("Waiting for the model bundle…"))
            return
        self._worklist_serial += 1
        serial = self._worklist_serial

        def current() -> bool:
            return not self._closed and serial == self._worklist_serial

        self._worklist_job = self._runner.submit(
            "worklist", workers.score_manifest_task, manifest, self._case.bundle, label=self.tr("Scoring the worklist…"),
            on_item=lambda it: current() and self.worklist_panel.add_item(it),
            on_progress=lambda d, t, s: current() and self.worklist_panel.set_progress(d, t, s),
            on_done=lambda done: current() and self._on_worklist_done(done),
            on_error=lambda err: current() and self._on_worklist_error(err))

    def _on_worklist_done(self, done: Any) -> None:
        self._worklist_job = None
        self.worklist_panel.finish(done)
        state = "cancelled" if done.cancelled else "done"
        self.show_info(self.tr("Worklist {state}: {n_scored} scored, {n_failed} not scored").format(state=state, n_scored=done.n_scored, n_failed=done.n_failed))
        self.worklistFinished.emit(done)

    def _on_worklist_error(self, err: Any) -> None:
        self._worklist_job = None
        text = self._error_text(err)
        self.worklist_panel.fail(text if self._identifiers else mask_paths(text))
        self.show_error(text)

    def cancel_worklist(self) -> None:
        if self._worklist_job is not None:
            self._worklist_job.cancel()

    def open_worklist_item(self, item: Any) -> None:
        """Open a worklist case for review (with Grad-CAM)."""
        row = item.row
        self.main_tabs.setCurrentWidget(self._review)
        bnp, unit, analyte = row.bnp, row.bnp_unit, row.bnp_analyte
        if getattr(row, "fhir_path", None) and bnp in (None, ""):  # the manifest's BNP is a FHIR file
            from ph_assist.io.fhir import read_fhir_labs

            try:
                labs = read_fhir_labs(row.fhir_path)
                bnp, unit, analyte = labs.entered_value, labs.entered_unit, labs.analyte
            except PHAssistError as exc:
                self.show_error(str(exc))
        self.open_case(ecg=row.ecg_path, cxr=row.cxr_path, bnp=bnp, bnp_unit=unit, analyte=analyte,
                       case_id=row.case_id)

    # ================================================================== exports

    def export_report(self, path: str | os.PathLike) -> workers.Job | None:
        """Write the PDF report of the shown result in the background (``reportWritten`` when done)."""
        if self._case.assessment is None or self._case.assessed_inputs is None:
            self.show_error(self.tr("no result to report yet: open a case first"))
            return None
        ecg, cxr, labs = self._case.assessed_inputs.as_tuple()
        a = dataclasses.replace(self._case.assessment, case_id=self.case_input.case_id() or None)

        def done(p: Path) -> None:
            if self._closed:
                return
            self.show_info(QCoreApplication.translate("MainWindow", "Report saved: {value}").format(value=p if self._identifiers else p.name))
            self.reportWritten.emit(p)

        # The PDF shows what the viewers show: the radiograph's overlay mode, the ECG's display filter.
        filters = self.ecg_panel.view.filters() if self.ecg_panel is not None else None
        return self._runner.submit("report", workers.report_task, Path(path), a, ecg=ecg, cxr=cxr, labs=labs,
                                   measurements=self.risk_panel.ecg_measure.report_for(ecg),
                                   cxr_overlay=self.cxr_panel.view.overlay_mode(), ecg_filters=filters,
                                   label=self.tr("Writing the PDF report…"), on_done=done, on_error=self.show_error)

    def export_png(self, which: str, path: str | os.PathLike) -> Path:
        """Save a picture of a view: "ecg", "cxr", "risk" or "window"."""
        widgets = {"ecg": self.ecg_panel if self.ecg_panel is not None else self._ecg_pane,
                   "cxr": self.cxr_panel, "risk": self._right, "window": self}
        if which not in widgets:
            raise ValueError(f"which must be one of {sorted(widgets)}")
        out = Path(path)
        if which in ("ecg", "cxr"):
            self.show_viewer(which)
        if not widgets[which].grab().save(str(out), "PNG"):
            self.show_error(self.tr("{out}: cannot be written").format(out=out))
        else:
            self.show_info(self.tr("Saved {value}").format(value=out if self._identifiers else out.name))
        return out

    # ================================================================== dialogs

    def _start_dir(self) -> str:
        d = self._last_dir
        return d if d and Path(d).is_dir() else str(Path.home())

    def _remember_dir(self, path: str) -> None:
        """The folder the next file dialog opens in (this session only: folder names carry identifiers)."""
        self._last_dir = str(Path(path).parent if Path(path).is_file() else Path(path))

    def choose_ecg(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open ECG"), self._start_dir(), self.tr(ECG_FILTER))
        if path:
            self._remember_dir(path)
            self.open_ecg(path)

    def choose_cxr(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open chest X-ray"), self._start_dir(), self.tr(CXR_FILTER))
        if path:
            self._remember_dir(path)
            self.open_cxr(path)

    def choose_case_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Open case folder"), self._start_dir())
        if path:
            self._remember_dir(path)
            self.open_case_folder(path)

    def choose_worklist(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open worklist (case manifest)"), self._start_dir(),
                                              self.tr(MANIFEST_FILTER))
        if path:
            self._remember_dir(path)
            self.open_worklist(path)

    def choose_worklist_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save worklist"), str(Path(self._start_dir()) / "worklist.csv"),
                                              self.tr("CSV (*.csv)"))
        if path:
            try:
                self.worklist_panel.write_csv(path)
                self.show_info(self.tr("Worklist saved: {value}").format(value=path if self._identifiers else Path(path).name))
            except OSError as exc:
                self.show_error(self.tr("{path}: cannot be written ({value})").format(path=path, value=exc.strerror or exc))

    def choose_report(self) -> None:
        if self._case.assessment is None:
            self.show_error(self.tr("no result to report yet: open a case first"))
            return
        name = f"ph-assist-report-{self.case_input.case_id() or 'case'}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), str(Path(self._start_dir()) / name), self.tr("PDF (*.pdf)"))
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_report(path)

    def choose_png(self, which: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export PNG"), str(Path(self._start_dir()) / f"{which}.png"),
                                              self.tr("PNG (*.png)"))
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            self.export_png(which, path)

    def _build_language_menu(self, view_menu: QMenu) -> None:
        """View > Language: Automatic (the system locale), English, 日本語 (each in its own language).

        The choice is kept in the settings (``language``) and takes effect at the next start: the
        windows are built in one language (a restart also re-creates the dialogs and the PDF wording
        together).  ``--lang`` and ``$PH_ASSIST_LANG`` win over it.
        """
        from ph_assist.gui.launch import LANGUAGE_KEY
        from ph_assist.i18n import LANGUAGES

        menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        stored = str(self._settings.value(LANGUAGE_KEY, "auto") or "auto")
        self.act_language = {}
        for code, text in (("auto", self.tr("Automatic (system language)")), *LANGUAGES.items()):
            a = QAction(text, self)
            a.setCheckable(True)
            a.setChecked(code == stored)
            a.triggered.connect(lambda _c=False, c=code: self.set_language_setting(c))
            group.addAction(a)
            menu.addAction(a)
            self.act_language[code] = a

    def set_language_setting(self, code: str) -> None:
        """Keep ``code`` ("auto", "en", "ja") as the interface language for the next start."""
        from ph_assist.gui.launch import LANGUAGE_KEY

        self._settings.setValue(LANGUAGE_KEY, code)
        self._settings.sync()
        if code in self.act_language:
            self.act_language[code].setChecked(True)
        self.show_info(self.tr("The language changes when PH-Assist is started again."))

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About PH-Assist"),
                          self.tr("PH-Assist helps physicians catch pulmonary hypertension early from a 12-lead ECG, a chest X-ray and BNP.\n\nResearch software — not a certified medical device. It must not be the sole basis of a diagnosis. Every score names the model bundle that produced it."))

    def _update_actions(self) -> None:
        has_result = self._case.assessment is not None
        self.act_report.setEnabled(has_result)
        self.act_png["ecg"].setEnabled(self._case.ecg is not None)
        self.act_png["cxr"].setEnabled(self._case.cxr is not None)
        self._sync_overlay_actions()

    # ================================================================== closing

    def shutdown(self, wait_ms: int = 10000) -> None:
        """Cancel background work and wait for it (results still queued are dropped)."""
        if self._closed:
            return
        self._closed = True
        self._runner.cancel_all()
        self._runner.close()
        self._runner.wait(wait_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()  # gone at once; a model still loading may take a few seconds to finish
        self.shutdown()
        super().closeEvent(event)


def _looks_like_manifest(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            header = fh.readline().lower()
    except OSError:
        return False
    return "case_id" in [h.strip() for h in header.split(",")]
