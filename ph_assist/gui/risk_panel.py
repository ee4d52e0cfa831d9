"""The result of one case, in words for clinicians: :class:`RiskPanel`.

Shows an :class:`~ph_assist.assessment.Assessment` as it is: the calibrated
fused PH risk (large), a 0-100 % scale with the bundle's operating threshold,
the category at that threshold with its validation sensitivity and
specificity, the PARTIAL flag naming what is missing, the three sub-scores
with their model-card validation AUCs (95% CI) and their contributions to
the fused risk (signed percentage points), the BNP value as entered and
converted with the ESC/ERS 2022 stratum (stated as a prognostic stratum in
PAH, not a diagnostic cut-off), the warnings, and the model bundle (name,
short hash, intended-use banner).  Below the sub-scores, the ECG's own
measurements and ECG criteria of PH (:class:`~ph_assist.gui.ecg_measure_panel.ECGMeasurePanel`,
which follows the ECG, not the result).  No logits, no science: every number comes
from the assessment (or the :class:`~ph_assist.io.labs.Labs` it was computed
from), and every word from :func:`ph_assist.presentation.present`, which the
command line, the PDF report and the worklists render too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ph_assist.gui.ecg_measure_panel import ECGMeasurePanel
from ph_assist.gui.style import COLORS
from ph_assist.gui.style import label as _label
from ph_assist.gui.style import section as _section
from ph_assist.i18n import translate
from ph_assist.presentation import (
    MODALITY_LABELS,
    PARTIAL_NOTE,
    BundleNotice,
    SubScoreView,
    auc_line,
    contribution_definition,
    format_points,
    percent,
    present,
    short_id,
    stratum_line,
)

if TYPE_CHECKING:
    from ph_assist.assessment import Assessment
    from ph_assist.io.labs import Labs

__all__ = ["COLORS", "MODALITY_LABELS", "RiskPanel", "RiskScale", "format_auc", "format_points"]

STATES = ("empty", "busy", "result", "stale", "no-bundle", "error")
format_auc = auc_line  # "validation AUC 0.88 (95% CI 0.80–0.96)": the wording of ph_assist.presentation




def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setStyleSheet(f"color: {COLORS['line']};")
    return line


class RiskScale(QWidget):
    """A 0-100 % bar with the operating threshold (tick) and the case's risk (marker)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._risk: float | None = None
        self._threshold: float | None = None
        self._positive = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(self.tr("Fused PH risk on a 0–100 % scale; the tick is the model bundle's operating threshold"))

    def set_values(self, risk: float | None, threshold: float | None, positive: bool = False) -> None:
        self._risk, self._threshold, self._positive = risk, threshold, positive
        self.update()

    def values(self) -> tuple[float | None, float | None]:
        return self._risk, self._threshold

    def sizeHint(self) -> QSize:
        return QSize(240, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, int(self.fontMetrics().height() * 2 + 20))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height()
        margin = 6.0
        bar = QRectF(margin, line + 6.0, self.width() - 2 * margin, 8.0)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#e4e7eb"))
        p.drawRoundedRect(bar, 4, 4)
        if self._risk is not None:
            filled = QRectF(bar.left(), bar.top(), bar.width() * max(0.0, min(1.0, self._risk)), bar.height())
            p.setBrush(QColor(COLORS["above"] if self._positive else "#52606d"))
            p.drawRoundedRect(filled, 4, 4)
        p.setPen(QColor(COLORS["muted"]))
        p.drawText(QRectF(bar.left(), bar.bottom() + 3, 60, line), Qt.AlignmentFlag.AlignLeft, "0 %")
        p.drawText(QRectF(bar.right() - 60, bar.bottom() + 3, 60, line), Qt.AlignmentFlag.AlignRight, "100 %")
        if self._threshold is not None:
            x = bar.left() + bar.width() * self._threshold
            p.setPen(QPen(QColor(COLORS["ink"]), 2.0))
            p.drawLine(QPointF(x, bar.top() - 4), QPointF(x, bar.bottom() + 4))
            text = QCoreApplication.translate("RiskScale", "threshold {percent}").format(percent=percent(self._threshold))
            w = fm.horizontalAdvance(text) + 4
            left = min(max(bar.left(), x - w / 2), bar.right() - w)
            p.setPen(QColor(COLORS["ink"]))
            p.drawText(QRectF(left, 1.0, w, line), Qt.AlignmentFlag.AlignCenter, text)
        p.end()


def _notice(color: str, tooltip: str) -> QLabel:
    """A bold, boxed line under the category (PARTIAL, unlike the training data)."""
    lab = _label("", bold=True, wrap=True)
    lab.setContentsMargins(8, 5, 8, 5)
    lab.setStyleSheet(f"color: {color}; background: {COLORS['warn_bg']}; border-radius: 4px;")
    lab.setToolTip(tooltip)
    return lab


class _SubScoreRow:
    """The widgets of one sub-score (two lines in the grid)."""

    def __init__(self, grid: QGridLayout, row: int, modality: str) -> None:
        self.modality = modality
        self.name_label = _label(translate("presentation", MODALITY_LABELS[modality]), bold=True)
        self.score_label = _label("—")
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.score_label.setToolTip(QCoreApplication.translate("_SubScoreRow", "The risk of PH this model bundle gives from this input alone (calibrated, on the same scale as the fused risk)"))
        self.contribution_label = _label("")
        self.contribution_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.contribution_label.setToolTip(contribution_definition())
        self.auc_label = _label("", color=COLORS["muted"], wrap=True)
        self.auc_label.setToolTip(QCoreApplication.translate("_SubScoreRow", "Discrimination of this sub-model on the bundle's validation set (from the model card), with its 95 % confidence interval and where it comes from"))
        self.unlike_label = _label("", color=COLORS["error"], wrap=True)
        self.unlike_label.setVisible(False)
        grid.addWidget(self.name_label, row, 0)
        grid.addWidget(self.score_label, row, 1)
        grid.addWidget(self.contribution_label, row, 2)
        grid.addWidget(self.auc_label, row + 1, 0, 1, 3)
        grid.addWidget(self.unlike_label, row + 2, 0, 1, 3)

    def set(self, sub: SubScoreView | None, *, present_but_unscored: bool = False) -> None:
        """Show one input's line (:class:`~ph_assist.presentation.SubScoreView`; missing: ``None``
        or a view of an absent input)."""
        if sub is None or not sub.present:
            self.name_label.setStyleSheet(f"color: {COLORS['muted']};")
            self.score_label.setText(QCoreApplication.translate("_SubScoreRow", "missing"))
            self.score_label.setStyleSheet(f"color: {COLORS['muted']};")
            self.contribution_label.setText("")
            self.auc_label.setText(QCoreApplication.translate("_SubScoreRow", "not used for this result"))
            self.unlike_label.setVisible(False)
            return
        self.name_label.setStyleSheet("")
        self.score_label.setStyleSheet("")
        self.score_label.setText(sub.risk_alone)
        self.contribution_label.setText(sub.contribution if sub.contribution is not None
                                        else QCoreApplication.translate("_SubScoreRow", "only input"))
        self.contribution_label.setToolTip(sub.contribution_sentence or contribution_definition())
        self.auc_label.setText(sub.auc_line)
        unlike = sub.unlike
        self.unlike_label.setText(f"⚠ {unlike}" if unlike else "")
        self.unlike_label.setVisible(bool(unlike))
        self.score_label.setStyleSheet(f"color: {COLORS['muted']};" if unlike else "")

    def clear(self) -> None:
        self.name_label.setStyleSheet("")
        self.score_label.setStyleSheet("")
        self.score_label.setText("—")
        self.contribution_label.setText("")
        self.auc_label.setText("")
        self.unlike_label.setText("")
        self.unlike_label.setVisible(False)

    def texts(self) -> list[str]:
        return [w.text() for w in (self.name_label, self.score_label, self.contribution_label, self.auc_label,
                                   self.unlike_label)]


class RiskPanel(QScrollArea):
    """The case's result; see the module docstring.  Call :meth:`set_assessment` or one of the states."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._assessment: Assessment | None = None
        self._state = "empty"
        body = QWidget()
        body.setObjectName("riskBody")
        self.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(12, 6, 12, 10)
        lay.setSpacing(4)

        # -- headline
        lay.addWidget(_section(self.tr("PH risk")))
        self.state_label = _label("", color=COLORS["muted"], wrap=True)
        lay.addWidget(self.state_label)
        base = QFont().pointSizeF()
        self.risk_label = _label("—", size=max(26.0, base * 2.9), bold=True, color=COLORS["ink"])
        self.risk_label.setToolTip(self.tr("Fused PH risk: the calibrated probability of PH from all available inputs, for the population the model bundle was validated on"))
        self.risk_caption = _label(self.tr("fused, calibrated"), color=COLORS["muted"])
        lay.addWidget(self.risk_label)
        lay.addWidget(self.risk_caption)
        self.scale = RiskScale()
        lay.addWidget(self.scale)
        self.category_label = _label("", wrap=True)
        self.category_label.setContentsMargins(8, 6, 8, 6)
        self.category_label.setToolTip(self.tr("The category at the model bundle's default operating threshold, with the sensitivity and specificity of that threshold on validation data"))
        lay.addWidget(self.category_label)
        self.partial_label = _notice(COLORS["warn"], self.tr("The fused risk uses only the inputs that were given; the missing ones were not imputed"))
        lay.addWidget(self.partial_label)
        self.unlike_summary_label = _notice(COLORS["error"], self.tr("At least one input is far from every case the model bundle was trained on (see the sub-scores below)"))
        self.unlike_summary_label.setVisible(False)
        lay.addWidget(self.unlike_summary_label)

        # -- sub-scores
        lay.addWidget(_section(self.tr("Sub-scores")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(1)
        head_score = _label(self.tr("risk alone"), color=COLORS["muted"])
        head_score.setToolTip(self.tr("The calibrated risk of PH from each input on its own"))
        head_contrib = _label(self.tr("effect on fused risk"), color=COLORS["muted"])
        head_contrib.setToolTip(contribution_definition())
        for h in (head_score, head_contrib):
            h.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(head_score, 0, 1)
        grid.addWidget(head_contrib, 0, 2)
        self.sub_rows = {m: _SubScoreRow(grid, 1 + 3 * i, m) for i, m in enumerate(("ecg", "cxr", "bnp"))}
        grid.setColumnStretch(0, 1)
        lay.addLayout(grid)

        # -- the ECG's measurements and PH criteria (fed by the window when an ECG is loaded; not by a result)
        self.ecg_measure = ECGMeasurePanel()
        lay.addWidget(self.ecg_measure)

        # -- BNP
        lay.addWidget(_section(self.tr("BNP")))
        self.bnp_label = _label("", wrap=True)
        self.stratum_label = _label("", wrap=True, color=COLORS["muted"])
        self.stratum_label.setToolTip(self.tr("ESC/ERS 2022 four-strata follow-up model (Humbert et al., Eur Heart J 2022): a prognostic stratum for patients already diagnosed with pulmonary arterial hypertension. It is context, not a diagnostic cut-off for PH."))
        lay.addWidget(self.bnp_label)
        lay.addWidget(self.stratum_label)

        # -- warnings
        self.warnings_title = _section(self.tr("Warnings"))
        self.warnings_label = _label("", wrap=True, color=COLORS["error"])
        lay.addWidget(self.warnings_title)
        lay.addWidget(self.warnings_label)

        # -- model
        lay.addWidget(_rule())
        lay.addWidget(_section(self.tr("Model bundle")))
        self.bundle_label = _label("", wrap=True)
        self.banner_label = _label("", wrap=True, bold=True)
        self.timing_label = _label("", color=COLORS["muted"], wrap=True)
        lay.addWidget(self.bundle_label)
        lay.addWidget(self.banner_label)
        lay.addWidget(self.timing_label)
        lay.addStretch(1)
        self.set_empty()

    # ------------------------------------------------------------------ states

    def state(self) -> str:
        return self._state

    def assessment(self) -> Assessment | None:
        return self._assessment

    def _clear_result(self) -> None:
        self._assessment = None
        self.risk_label.setText("—")
        self.risk_label.setStyleSheet(f"color: {COLORS['line']};")
        for w in (self.risk_label, self.risk_caption, self.scale):
            w.setVisible(False)
        self.scale.set_values(None, None)
        self.category_label.setText("")
        self.category_label.setVisible(False)
        self.partial_label.setVisible(False)
        self.unlike_summary_label.setVisible(False)
        for row in self.sub_rows.values():
            row.clear()
        self.bnp_label.setText("—")
        self.stratum_label.setText("")
        self.stratum_label.setVisible(False)
        self.warnings_title.setVisible(False)
        self.warnings_label.setVisible(False)
        self.timing_label.setText("")

    def _set_state(self, state: str, text: str, color: str | None = None) -> None:
        self._state = state
        self.state_label.setText(text)
        self.state_label.setStyleSheet(f"color: {color or COLORS['muted']};")
        self.state_label.setVisible(bool(text))

    def set_empty(self, text: str = "") -> None:
        text = text or self.tr("No result yet. Open an ECG or a chest X-ray, or enter a BNP value.")
        self._clear_result()
        self._set_state("empty", text)

    def set_busy(self, text: str = "") -> None:
        """Show that a new result is being computed (the previous one is greyed out)."""
        text = text or self.tr("Assessing the case…")
        self._set_state("busy", text)
        if self._assessment is not None:
            self.risk_label.setStyleSheet(f"color: {COLORS['muted']};")

    def set_stale(self, text: str) -> None:
        """The shown result no longer matches the inputs (e.g. an invalid BNP entry it does not use)."""
        self._set_state("stale" if self._assessment is not None else self._state, text, COLORS["error"])
        if self._assessment is not None:
            self.risk_label.setStyleSheet(f"color: {COLORS['muted']};")

    def set_current(self) -> None:
        """The shown result matches the inputs again."""
        if self._assessment is not None:
            self._set_state("result", "")
            self.risk_label.setStyleSheet(f"color: {COLORS['ink']};")

    def set_no_bundle(self, text: str) -> None:
        self._clear_result()
        self._set_state("no-bundle", text, COLORS["error"])

    def set_error(self, text: str) -> None:
        self._clear_result()
        self._set_state("error", text, COLORS["error"])

    def set_bundle_info(self, name: str | BundleNotice | None, bundle_id: str | None = None, banner: str | None = None,
                        warn: bool = True) -> None:
        """The model bundle shown at the bottom (also before any result); ``name`` may be a
        :class:`~ph_assist.presentation.BundleNotice` (then the other arguments are ignored)."""
        notice = name if isinstance(name, BundleNotice) else None
        if notice is not None:
            name, bundle_id, banner, warn = notice.name, notice.bundle_id, notice.text, notice.warn
        if name is None:
            self.bundle_label.setText(self.tr("No model bundle loaded"))
            self.banner_label.setText("")
            self.banner_label.setVisible(False)
            return
        self.bundle_label.setText(self.tr("{name}  ·  ID {short_id}").format(name=name, short_id=short_id(bundle_id)))
        self.bundle_label.setToolTip(self.tr("Model bundle {name}\nID (SHA-256 of its files): {value}").format(name=name, value=bundle_id or 'unsaved'))
        self.banner_label.setText(banner or "")
        self.banner_label.setVisible(bool(banner))
        self.banner_label.setStyleSheet(f"color: {COLORS['warn'] if warn else COLORS['ink']};")

    # ------------------------------------------------------------------ the result

    def set_assessment(self, a: Assessment, labs: Labs | None = None, seconds: float | None = None, *,
                       load_seconds: float | None = None, waited_seconds: float | None = None) -> None:
        self._assessment = a
        self._set_state("result", "")
        for w in (self.risk_label, self.risk_caption, self.scale):
            w.setVisible(True)
        v = present(a)
        self.risk_label.setText(v.risk)
        self.risk_label.setStyleSheet(f"color: {COLORS['ink']};")
        self.scale.set_values(a.risk, float(a.threshold["threshold"]), a.positive)
        self.category_label.setText(self.tr("<b>{category_head}</b> — {category_label}").format(category_head=v.category_head, category_label=v.category_label))
        fg, bg = (COLORS["above"], COLORS["above_bg"]) if a.positive else (COLORS["below"], COLORS["below_bg"])
        self.category_label.setStyleSheet(f"color: {fg}; background: {bg}; border-radius: 4px;")
        self.category_label.setVisible(True)
        self.partial_label.setText(f"{v.partial_line}. {translate('presentation', PARTIAL_NOTE)}" if v.partial_line else "")
        self.partial_label.setVisible(v.partial)
        self.unlike_summary_label.setText(f"⚠ {v.unlike_summary}" if v.unlike_summary else "")
        self.unlike_summary_label.setVisible(bool(v.unlike_summary))
        for s in v.subscores:
            self.sub_rows[s.modality].set(s)
        self._set_bnp(a, labs, v.stratum)
        self.warnings_title.setVisible(bool(v.warnings))
        self.warnings_label.setVisible(bool(v.warnings))
        self.warnings_label.setText("\n".join(f"• {w}" for w in v.warnings))
        self.set_bundle_info(v.notice)
        total = a.timings_ms.get("total") if a.timings_ms else None
        parts = []
        if seconds is not None:
            parts.append(self.tr("Assessed in {seconds:.2f} s (with Grad-CAM)").format(seconds=seconds))
        elif total is not None:
            parts.append(self.tr("Assessed in {seconds:.2f} s").format(seconds=total / 1e3))
        if load_seconds is not None:
            parts.append(self.tr("model bundle loaded in {seconds:.1f} s at start-up").format(seconds=load_seconds))
        if waited_seconds is not None:
            parts.append(self.tr("result shown {seconds:.1f} s after the request (it waited for the model)").format(
                seconds=waited_seconds))
        self.timing_label.setText("; ".join(parts))

    def _set_bnp(self, a: Assessment, labs: Labs | None, stratum: str | None) -> None:
        if labs is None and "bnp" not in a.subscores:
            self.bnp_label.setText(self.tr("Not given"))
            self.bnp_label.setStyleSheet(f"color: {COLORS['muted']};")
            self.stratum_label.setVisible(False)
            return
        self.bnp_label.setStyleSheet("")
        if labs is not None:
            lt = "<" if labs.below_detection_limit else ""
            text = f"{labs.analyte} {lt}{labs.value_pg_ml:.4g} pg/mL"
            if labs.converted:
                text += self.tr("  (entered {value} {unit}, converted)").format(value=labs.entered_value,
                                                                                unit=labs.entered_unit)
            else:
                text += self.tr("  (as entered)")
        else:
            text = a.subscores["bnp"].source
        self.bnp_label.setText(text)
        if stratum:
            self.stratum_label.setText(stratum_line(a.bnp_stratum, html=True) or "")
            self.stratum_label.setVisible(True)
        else:
            self.stratum_label.setVisible(False)

    # ------------------------------------------------------------------ for tests and exports

    def text(self) -> str:
        """Every text the panel shows, top to bottom (visible labels only)."""
        body = self.widget()
        out = []
        for lab in body.findChildren(QLabel):
            if lab.isVisibleTo(body) and lab.text():
                out.append(lab.text())
        return "\n".join(out)
