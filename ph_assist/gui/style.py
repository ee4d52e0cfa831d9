"""The look shared by the result widgets: one palette and the label factories.

Qt widgets only (no science).  :mod:`ph_assist.gui.risk_panel` and
:mod:`ph_assist.gui.ecg_measure_panel` draw with these, so a colour or a
heading style is defined once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy

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
