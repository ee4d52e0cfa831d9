"""The case's non-AI facts in the reader window: :class:`CaseFactsPanel`.

Renders a :class:`~ph_assist.study.case_facts.CaseFacts` as it is, one row per
fact, in every phase of a read: the reader sees the same BNP (in its unit and
in pg/mL), quality flags and ECG measurements with the AI and without it.
No science and no wording here: every text comes from the facts object.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ph_assist.gui.style import COLORS, label, section
from ph_assist.study.case_facts import CaseFacts

__all__ = ["CaseFactsPanel"]

_LEVEL_COLOR = {"warn": COLORS["warn"], "met": COLORS["above"], "not met": COLORS["below"],
                "not measurable": COLORS["warn"]}


class CaseFactsPanel(QScrollArea):
    """One row per fact (label, value, quieter detail); :meth:`set_facts` replaces them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(4)
        lay.addWidget(section(QCoreApplication.translate("CaseFactsPanel", "Case data")))
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(1, 1)
        lay.addWidget(self._grid_host)
        lay.addStretch(1)
        self._facts: CaseFacts | None = None
        self._values: dict[str, QLabel] = {}

    def set_facts(self, facts: CaseFacts | None) -> None:
        """Show ``facts`` (None: nothing)."""
        self._facts = facts
        while self._grid.count():
            item = self._grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        self._values = {}
        if facts is None:
            return
        for row, f in enumerate(facts.facts):
            color = _LEVEL_COLOR.get(f.level, COLORS["ink"])
            criterion = f.level in ("met", "not met", "not measurable")
            if criterion:  # an ECG criterion: its status, then its (long) name across the panel
                text = (f"<span style='color:{color}'><b>{html.escape(f.text)}</b></span> "
                        f"\u2014 {html.escape(f.label)}")
            else:
                text = f"<span style='color:{color}'>{html.escape(f.text)}</span>"
            if f.detail:
                text += f"<br><span style='color:{COLORS['muted']}'><small>{html.escape(f.detail)}</small></span>"
            value = label(text, wrap=True)
            value.setTextFormat(Qt.TextFormat.RichText)
            value.setProperty("fact", f.key)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if criterion:
                value.setContentsMargins(12, 0, 0, 0)
                self._grid.addWidget(value, row, 0, 1, 2)
            else:
                name = label(f.label, bold=True, color=COLORS["muted"])
                name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self._grid.addWidget(name, row, 0)
                self._grid.addWidget(value, row, 1)
            self._values[f.key] = value
        self._grid.setColumnMinimumWidth(0, 90)

    def facts(self) -> CaseFacts | None:
        return self._facts

    def shown(self) -> dict[str, str]:
        """``{key: plain text}`` of every fact on screen (what a test compares between the arms)."""
        from PySide6.QtGui import QTextDocument

        out = {}
        for key, lab in self._values.items():
            doc = QTextDocument()
            doc.setHtml(lab.text())
            out[key] = " ".join(doc.toPlainText().split())
        return out

    def value_label(self, key: str) -> QLabel | None:
        return self._values.get(key)
