"""The look shared by the widgets: one palette, the label factories and the one eliding label.

Qt widgets only (no science).  :mod:`ph_assist.gui.risk_panel` and
:mod:`ph_assist.gui.ecg_measure_panel` draw with these, so a colour or a
heading style is defined once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: Colours of the result widgets (text, rules, above/below threshold, warnings, errors).
COLORS = {
    "ink": "#1f2933", "muted": "#616e7c", "line": "#d3d8de", "above": "#9b1c1c", "above_bg": "#fbeaea",
    "below": "#24543a", "below_bg": "#e7f3ec", "warn": "#8a5a00", "warn_bg": "#fdf0c8", "error": "#b00020",
    # the reader window's banners and frames
    "warn_text": "#4d3300", "warn_edge": "#c98a00", "error_bg": "#fbeaea", "header_bg": "#eef1f4",
    "ai_edge": "#7b93b0",
}


def label(text: str = "", *, size: float | None = None, bold: bool = False, color: str | None = None,
          wrap: bool = False, selectable: bool = True, small: bool = False) -> QLabel:
    """A label in the widgets' style: ``size`` in points or ``small`` (90 %), bold, coloured,
    wrapping (then it takes the width it is given), selectable by mouse."""
    lab = QLabel(text)
    font = QFont(lab.font())
    if size is not None:
        font.setPointSizeF(size)
    elif small:
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.9))
    font.setBold(bold)
    lab.setFont(font)
    if color:
        lab.setStyleSheet(f"color: {color};")
    lab.setWordWrap(wrap)
    if wrap:
        lab.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    if selectable:
        lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def section(title: str) -> QLabel:
    """A section heading: small bold capitals in the muted colour."""
    lab = QLabel(title.upper())
    font = QFont(lab.font())
    font.setPointSizeF(max(7.5, font.pointSizeF() * 0.82))
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    lab.setFont(font)
    lab.setStyleSheet(f"color: {COLORS['muted']}; padding-top: 6px;")
    return lab


class ElidedLabel(QLabel):
    """One line that elides ("…") instead of growing or clipping; the full text is its tooltip.

    :meth:`text` is the full text (what was set); the label shows as much as its width allows
    (:meth:`shown_text`), cut at the end, or in the middle with ``elide=Qt.TextElideMode.ElideMiddle``
    so that what ends the text (a bundle ID) stays readable.  Qt paints it as any QLabel, so style
    sheets (background, padding) apply.  ``tooltip=False`` for read-outs that change on every mouse move;
    ``margins`` (width, height) is the room the size hints add around the text.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None, *,
                 elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight, tooltip: bool = True,
                 margins: tuple[int, int] = (6, 4), min_width: int = 20) -> None:
        super().__init__("", parent)
        self.elide = elide
        self._tooltip = tooltip
        self._margins = margins
        self._min_width = min_width
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt
        self._full = text or ""
        if self._tooltip:
            self.setToolTip(self._full)
        self._apply()

    def text(self) -> str:
        return self._full

    def full_text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """What is on screen now (the elided text)."""
        return super().text()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt
        super().resizeEvent(event)
        self._apply()

    def _apply(self) -> None:
        width = max(10, self.contentsRect().width())
        shown = self.fontMetrics().elidedText(self._full, self.elide, width)
        if shown != super().text():
            super().setText(shown)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt
        mw, mh = self._margins
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + mw, self.fontMetrics().height() + mh)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt
        return QSize(max(self._min_width, self.minimumWidth()), self.fontMetrics().height() + self._margins[1])
