"""A layout that places widgets left to right and wraps them onto more lines when the width runs out.

The viewers' control rows use it, so that on a narrow pane (a small screen, a scale factor of 2, the
side-by-side layout) every control keeps the width its text needs and the row wraps, instead of
squeezing check boxes and combo boxes until their labels are clipped.  Modelled on Qt's
"Flow Layout" example (``qtbase/examples/widgets/layouts/flowlayout``).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QSizePolicy, QWidget

__all__ = ["SEPARATOR_PROPERTY", "FlowLayout", "group"]


#: Set this property on a widget (a "|" label) to mark it as a separator between groups.
SEPARATOR_PROPERTY = "flowSeparator"


def _hint(item: QLayoutItem) -> QSize:
    """The item's size hint, never under its widget's minimum size (an item whose widget ignores
    its size hint, such as an eliding label, would otherwise get no width at all)."""
    hint = item.sizeHint()
    w = item.widget()
    return hint.expandedTo(w.minimumSize()) if w is not None else hint


def _is_separator(item: QLayoutItem) -> bool:
    w = item.widget()
    return w is not None and bool(w.property(SEPARATOR_PROPERTY))


class FlowLayout(QLayout):
    """Items at their size hints, in reading order, wrapped at the layout's width.

    ``stretch_last``: the last item takes the rest of its line (a read-out label).
    """

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 6, line_spacing: int = 3,
                 stretch_last: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h_space = spacing
        self._v_space = line_spacing
        self._stretch_last = stretch_last

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt
        return self._do_layout(QRect(0, 0, width, 0), test_only=True)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt
        super().setGeometry(rect)
        self._do_layout(rect, test_only=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt
        """One line of every item (the width it would like)."""
        m = self.contentsMargins()
        visible = [it for it in self._items if not it.isEmpty()]
        w = sum(_hint(it).width() for it in visible) + self._h_space * max(0, len(visible) - 1)
        h = max((_hint(it).height() for it in visible), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt
        """The widest single item: narrower than that, an item would be clipped."""
        size = QSize()
        for it in self._items:
            if not it.isEmpty():
                size = size.expandedTo(_hint(it))
        m: QMargins = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, *, test_only: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_h = area.x(), area.y(), 0
        visible = [it for it in self._items if not it.isEmpty()]
        lines: list[list[tuple[QLayoutItem, QPoint, QSize]]] = [[]]
        dropped: list[QLayoutItem] = []
        for k, it in enumerate(visible):
            hint = _hint(it)
            need = hint.width()
            if _is_separator(it) and k + 1 < len(visible):
                need += self._h_space + _hint(visible[k + 1]).width()  # never last on a line
            if lines[-1] and x + need > area.right() + 1:
                x, y, line_h = area.x(), y + line_h + self._v_space, 0
                lines.append([])
            if _is_separator(it) and (not lines[-1] or k + 1 == len(visible)):
                dropped.append(it)  # a separator never starts or ends a line
                continue
            lines[-1].append((it, QPoint(x, y), hint))
            x += hint.width() + self._h_space
            line_h = max(line_h, hint.height())
        if not test_only:
            for it in dropped:
                it.setGeometry(QRect(area.x(), area.y(), 0, 0))
        if not test_only:
            for line in lines:
                if not line:
                    continue
                height = max(h.height() for _it, _p, h in line)
                for i, (it, pos, hint) in enumerate(line):
                    w = hint.width()
                    last = it is visible[-1]
                    grows = it.expandingDirections() & Qt.Orientation.Horizontal or (
                        it.widget() is not None
                        and it.widget().sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Expanding)
                    if (last and self._stretch_last) or (grows and i == len(line) - 1):
                        w = max(w, area.right() + 1 - pos.x())
                    it.setGeometry(QRect(QPoint(pos.x(), pos.y() + (height - hint.height()) // 2),
                                         QSize(w, hint.height())))
        return y + line_h - rect.y() + m.bottom()


def group(*widgets: QWidget, spacing: int = 4) -> QWidget:
    """Widgets that wrap together (a caption and its control, a check box and its slider)."""
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(spacing)
    for w in widgets:
        lay.addWidget(w)
    box.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return box
