"""One presentation of an assessment: the words and numbers every front end shows.

The command line (:mod:`ph_assist.cli.assess`), the PDF report
(:mod:`ph_assist.report`), the worklists (:mod:`ph_assist.triage` and the
GUI's worklist) and the GUI's risk panel all render an
:class:`~ph_assist.assessment.Assessment` through this module, so a risk, a
threshold, a PARTIAL flag or a warning reads the same on every screen and in
every file.  No Qt and no plotting here: only strings.

:func:`present` builds an :class:`AssessmentView` (every string a front end
needs); the small functions it uses are public for the places that show one
piece (a percentage, a contribution in points, an AUC with its CI, the
bundle's notice).

Wording rules kept here and nowhere else:

* a contribution below half a point is ``±0 points``; one point is singular;
* an AUC is ``0.88 (95% CI 0.80–0.96)`` followed by where it was measured;
* the operating threshold names the inputs it holds for and its validation
  sensitivity and specificity with their CIs ("for ECG + chest X-ray + BNP
  (synthetic validation set, n = 919: sensitivity …)");
* a partial result says ``PARTIAL — missing: …`` and that only the given
  inputs were used;
* the ESC/ERS 2022 BNP stratum is always followed by its caveat (a
  prognostic stratum in PAH, not a diagnostic cut-off for PH);
* the bundle's notice (:func:`bundle_notice`): a bundle not cleared for
  clinical use, or trained on synthetic data, is shown as a warning, and
  synthetic training data are always named.

References
----------
Humbert M, et al. 2022 ESC/ERS Guidelines for the diagnosis and treatment of
pulmonary hypertension. Eur Heart J 2022;43:3618-3731 (the four-strata
follow-up model whose BNP cut-offs give the stratum).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ph_assist.cases import MODALITIES, MODALITY_NAMES
from ph_assist.i18n import translate

if TYPE_CHECKING:
    from ph_assist.assessment import Assessment, SubScore
    from ph_assist.models.bundle import ModelBundle

__all__ = [
    "MODALITIES",
    "MODALITY_LABELS",
    "MODALITY_NAMES",
    "NOT_STATED",
    "PARTIAL_NOTE",
    "STRATUM_CAVEAT",
    "SYNTHETIC_DISCLAIMER",
    "WORKLIST_COLUMNS",
    "AssessmentView",
    "BundleNotice",
    "CRITERION_STATUS_TEXT",
    "CriterionRow",
    "DEVICE_LABEL",
    "MEASURED_BY",
    "MEASUREMENT_NAMES",
    "MeasurementRow",
    "SubScoreView",
    "WorklistEntry",
    "assessment_text",
    "auc_line",
    "bundle_notice",
    "category_label",
    "contribution_effect",
    "contribution_points",
    "contribution_sentence",
    "contribution_definition",
    "criteria_rows",
    "criteria_summary",
    "format_auc",
    "format_points",
    "measurement_lines",
    "measurement_rows",
    "missing_names",
    "names",
    "notice_of",
    "partial_line",
    "patient_mismatch_issue",
    "patient_mismatch_warning",
    "percent",
    "percent_ci",
    "present",
    "short_id",
    "stratum_line",
    "stratum_name",
    "threshold_basis",
    "unlike_modalities",
    "unlike_summary",
    "worklist_cells",
]

#: A modality as a heading (table rows, sub-score names); :data:`MODALITY_NAMES` is the word in a sentence.
MODALITY_LABELS: dict[str, str] = {m: MODALITY_NAMES[m][:1].upper() + MODALITY_NAMES[m][1:] for m in MODALITIES}
SYNTHETIC_DISCLAIMER = "Synthetic training data — not for clinical use"
NOT_STATED = "Intended use not stated by the model bundle"
PARTIAL_NOTE = "The fused risk uses only the inputs that were available."
STRATUM_CAVEAT = "a prognostic stratum in PAH, not a diagnostic cut-off for PH"
#: The ranked worklist's CSV columns (``ph-assist triage`` and the GUI's "Save CSV…").
WORKLIST_COLUMNS = (
    "rank", "case_id", "status", "fused_risk", "category", "threshold", "threshold_inputs", "partial", "missing",
    "ecg_risk_alone", "cxr_risk_alone", "bnp_risk_alone", "unlike_training_data", "issues",
    "bundle", "bundle_id", "bundle_notice",
)


# ---------------------------------------------------------------------------------------------- numbers

def percent(p: float | None, *, space: bool = True) -> str:
    """A probability as a whole percentage: ``42 %`` (displays), ``42%`` with ``space=False``
    (inside a sentence and on the command line); ``—`` for ``None``; ``>99 %`` and ``<1 %`` at the
    ends (a risk estimate never reads as certainty)."""
    if p is None:
        return "—"
    sp = " " if space else ""
    # A model's probability is never certainty: what would round to 0 or 100 is shown as "<1" / ">99".
    if p < 0.005:
        return f"<1{sp}%"
    if p >= 0.995:
        return f">99{sp}%"
    return f"{math.floor(p * 100 + 0.5)}{sp}%"  # half up: 0.5 % reads 1 %, not 0 %


def percent_ci(value: float, ci: Sequence[float | None] | None) -> str:
    """``90% (95% CI 87%–93%)``; the value alone when the interval is unknown."""
    if ci and ci[0] is not None and ci[1] is not None:
        return f"{value:.0%} (95% CI {ci[0]:.0%}–{ci[1]:.0%})"
    return f"{value:.0%}"


def format_points(delta: float | None) -> str:
    """A change in risk as signed percentage points: ``+17 points``, ``-1 point``; ``±0 points``
    below half a point; ``—`` for ``None``."""
    if delta is None:
        return "—"
    pts = delta * 100.0
    if abs(pts) < 0.5:
        return "±0 points"
    whole = math.floor(abs(pts) + 0.5)  # half a point rounds away from zero (never "+0 points")
    return f"{'+' if pts > 0 else '-'}{whole} point" + ("" if whole == 1 else "s")


def contribution_definition() -> str:
    """What the "effect on fused risk" of an input is (tooltips, the PDF's note)."""
    return translate(
        "presentation",
        "Effect on fused risk: the fused risk of this case minus the fused risk of the same case "
        "assessed without that input (the same fusion model, that input left out), in percentage points.")


def contribution_points(risk: float, delta: float) -> int:
    """The signed change in whole percentage points between the shown risks with and without an input.

    Taken from the two risks as :func:`percent` rounds them, so the number always matches the two
    percentages shown beside it (``risk`` is the fused risk, ``delta`` the input's ``contribution``:
    fused risk minus the fused risk without that input).
    """
    def whole(p: float) -> int:
        return int(math.floor(min(max(p, 0.0), 1.0) * 100 + 0.5))

    return whole(risk) - whole(risk - delta)


def contribution_effect(risk: float, delta: float | None) -> str | None:
    """The short cell text of an input's effect on the fused risk: ``lowered it 11 points``,
    ``raised it 1 point``, ``no change (under 1 point)``; ``None`` when it is the only input."""
    if delta is None:
        return None
    pts = contribution_points(risk, delta)
    if pts == 0:
        return translate("presentation", "no change (under 1 point)")
    if pts > 0:
        text = translate("presentation", "raised it {n} point") if pts == 1 else \
            translate("presentation", "raised it {n} points")
    else:
        text = translate("presentation", "lowered it {n} point") if pts == -1 else \
            translate("presentation", "lowered it {n} points")
    return text.format(n=abs(pts))


def contribution_sentence(modality: str, risk: float, delta: float | None) -> str | None:
    """The input's effect on the fused risk in one sentence, exactly as computed
    (:func:`contribution_definition`): "BNP lowered the fused risk by 11 percentage points
    relative to the same case without BNP (63 % without it, 52 % with it)."; ``None`` when it is
    the only input (there is no fused risk without it)."""
    if delta is None:
        return None
    pts = contribution_points(risk, delta)
    label, name = MODALITY_LABELS[modality], MODALITY_NAMES[modality]
    values = {"input": label, "name": name, "n": abs(pts),
              "without": percent(risk - delta), "with": percent(risk)}
    if pts == 0:
        text = translate("presentation", "{input} changed the fused risk by less than 1 percentage point "
                                         "relative to the same case without {name} ({without} without it, "
                                         "{with} with it).")
    elif pts > 0:
        text = translate("presentation", "{input} raised the fused risk by {n} percentage point relative to "
                                         "the same case without {name} ({without} without it, {with} with it).") \
            if pts == 1 else \
            translate("presentation", "{input} raised the fused risk by {n} percentage points relative to "
                                      "the same case without {name} ({without} without it, {with} with it).")
    else:
        text = translate("presentation", "{input} lowered the fused risk by {n} percentage point relative to "
                                         "the same case without {name} ({without} without it, {with} with it).") \
            if pts == -1 else \
            translate("presentation", "{input} lowered the fused risk by {n} percentage points relative to "
                                      "the same case without {name} ({without} without it, {with} with it).")
    return text.format(**values)


def patient_mismatch_warning() -> str:
    """The one warning line when the ECG and the chest X-ray belong to different patients
    (:func:`ph_assist.io.identity.patient_mismatch`); it never names the patient."""
    return translate("presentation", "The ECG and the chest X-ray belong to different patients (the patient IDs "
                                     "in the files differ); check the files before using this result.")


def patient_mismatch_issue() -> str:
    """The worklist's issue for a case whose ECG and chest X-ray belong to different patients."""
    return translate("presentation", "ECG and chest X-ray belong to different patients (patient IDs differ)")


def format_auc(auc: Mapping[str, Any] | None) -> str:
    """``0.88 (95% CI 0.80–0.96)`` from a model-card entry; ``not reported`` without one."""
    if not auc or auc.get("auc") is None:
        return "not reported"
    text = f"{float(auc['auc']):.2f}"
    if auc.get("ci_low") is not None and auc.get("ci_high") is not None:
        level = float(auc.get("level", 0.95))
        text += f" ({level:.0%} CI {float(auc['ci_low']):.2f}–{float(auc['ci_high']):.2f})"
    return text


def auc_line(auc: Mapping[str, Any] | None, source: str = "") -> str:
    """``validation AUC 0.88 (95% CI 0.80–0.96) — synthetic validation set, n = 482``."""
    if not auc or auc.get("auc") is None:
        return "validation AUC not reported"
    text = f"validation AUC {format_auc(auc)}"
    return f"{text} — {source}" if source else text


# ---------------------------------------------------------------------------------------------- sentences

def short_id(bundle_id: str | None) -> str:
    """The first 12 hex digits of a bundle's ID, or ``unsaved``."""
    return (bundle_id or "unsaved")[:12]


def names(modalities: Sequence[str]) -> str:
    """``ECG, chest X-ray`` (the modalities in a sentence, in the order given)."""
    return ", ".join(MODALITY_NAMES[m] for m in modalities)


def missing_names(a: Assessment) -> str:
    """What the assessment lacks, in words (empty when complete)."""
    return names(a.missing)


def partial_line(a: Assessment) -> str | None:
    """``PARTIAL — missing: ECG, chest X-ray``, or ``None`` for a complete case."""
    return f"PARTIAL — missing: {missing_names(a)}" if a.partial else None


def threshold_basis(t: Mapping[str, Any]) -> str:
    """For which inputs the operating threshold holds and what it gave where it was measured."""
    n_text = f", n = {t['n']}" if t.get("n") else ""
    where = f"{t.get('measured_on') or 'validation set'}{n_text}"
    sens = percent_ci(t["sensitivity"], t.get("sensitivity_ci"))
    spec = percent_ci(t["specificity"], t.get("specificity_ci"))
    inputs = t.get("inputs", "these inputs")
    if t.get("subset_specific", True):
        return f"for {inputs} ({where}: sensitivity {sens}, specificity {spec})"
    return f"(measured on all inputs, not on {inputs} alone; {where}: sensitivity {sens}, specificity {spec})"


def category_label(a: Assessment) -> str:
    """``at or above the operating threshold 39% for ECG + chest X-ray + BNP (…)``."""
    side = "at or above" if a.positive else "below"
    return f"{side} the operating threshold {a.threshold['threshold']:.0%} {threshold_basis(a.threshold)}"


def unlike_modalities(a: Assessment) -> tuple[str, ...]:
    """The inputs flagged as unlike the bundle's training data, in :data:`MODALITIES` order."""
    return tuple(m for m in MODALITIES if m in a.subscores and a.subscores[m].unlike_training)


def unlike_summary(a: Assessment) -> str | None:
    """One caution for the headline risk when any input is unlike the training data."""
    flagged = [MODALITY_NAMES[m] for m in unlike_modalities(a)]
    if not flagged:
        return None
    what = flagged[0] if len(flagged) == 1 else ", ".join(flagged[:-1]) + " and " + flagged[-1]
    verb = "is" if len(flagged) == 1 else "are"
    return (f"Caution: the {what} {verb} unlike the data this model was trained on; "
            "the risk may not apply to this patient.")


def stratum_name(bnp_stratum: str | None) -> str | None:
    """The stratum alone (``intermediate-low``) from the assessment's stratum label."""
    return bnp_stratum.split(" (", 1)[0] if bnp_stratum else None


def stratum_line(bnp_stratum: str | None, *, html: bool = False) -> str | None:
    """``ESC/ERS 2022 stratum: intermediate-low — a prognostic stratum in PAH, not a diagnostic
    cut-off for PH`` (the stratum in bold with ``html``), or ``None`` without a stratum."""
    name = stratum_name(bnp_stratum)
    if name is None:
        return None
    shown = f"<b>{name}</b>" if html else name
    return f"ESC/ERS 2022 stratum: {shown} — {STRATUM_CAVEAT}"


# ---------------------------------------------------------------------------------------------- the bundle

@dataclasses.dataclass(frozen=True)
class BundleNotice:
    """What every display of a result says about the model bundle."""

    name: str
    bundle_id: str | None
    banner: str  # the bundle's own banner (may be empty for a signed bundle cleared for clinical use)
    text: str  # the intended-use line to show: never empty, names synthetic training data
    warn: bool  # shown as a warning: not cleared for clinical use, or trained on synthetic data
    origin: str = ""  # who signed the bundle, or why its origin is unverified

    @property
    def short_id(self) -> str:
        return short_id(self.bundle_id)


def bundle_notice(name: str, bundle_id: str | None, banner: str | None, *, clinical_use: bool,
                  synthetic_training_data: bool, origin: str = "") -> BundleNotice:
    """The bundle's notice; see :class:`BundleNotice`.

    The rule: a warning unless the bundle is cleared for clinical use and was
    not trained on synthetic data; the text is the bundle's banner, prefixed
    with :data:`SYNTHETIC_DISCLAIMER` when the banner does not say so itself,
    and :data:`NOT_STATED` when there is none.
    """
    text = banner or ""
    if synthetic_training_data and "synthetic" not in text.lower():
        text = f"{SYNTHETIC_DISCLAIMER}. {text}".strip()
    return BundleNotice(name=name, bundle_id=bundle_id, banner=banner or "", text=text or NOT_STATED,
                        warn=(not clinical_use) or bool(synthetic_training_data), origin=origin)


def notice_of(source: Assessment | ModelBundle) -> BundleNotice:
    """:func:`bundle_notice` of an assessment or of a loaded model bundle."""
    if hasattr(source, "card"):  # a ModelBundle
        b: Any = source
        return bundle_notice(b.name, b.bundle_id, b.banner, clinical_use=bool(b.clinical_use),
                             synthetic_training_data=bool(b.card.synthetic_training_data),
                             origin=b.origin.describe())
    a: Any = source
    return bundle_notice(a.bundle_name, a.bundle_id, a.banner, clinical_use=a.clinical_use,
                         synthetic_training_data=a.synthetic_training_data, origin=a.origin)


# ---------------------------------------------------------------------------------------------- the view

@dataclasses.dataclass(frozen=True)
class SubScoreView:
    """One input's line: its risk alone, contribution and validation AUC, in words."""

    modality: str
    label: str  # "Chest X-ray"
    name: str  # "chest X-ray"
    present: bool
    risk_alone: str = ""  # "41 %"
    contribution: str | None = None  # "lowered it 11 points"; None when it is the only input
    contribution_sentence: str | None = None  # what that means, in one sentence (tooltip, PDF, CLI)
    auc: str = ""  # "0.89 (95% CI 0.87–0.91)"
    auc_line: str = ""  # "validation AUC 0.89 (95% CI 0.87–0.91) — synthetic validation set, n = 919"
    auc_source: str = ""
    unlike: str | None = None  # the sentence when the input is unlike the training data
    source: str = ""


def _subscore_view(m: str, s: SubScore | None, risk: float) -> SubScoreView:
    if s is None:
        return SubScoreView(m, MODALITY_LABELS[m], MODALITY_NAMES[m], present=False)
    auc_src = s.auc_source if s.validation_auc else ""
    return SubScoreView(
        m, MODALITY_LABELS[m], MODALITY_NAMES[m], present=True, risk_alone=percent(s.probability),
        contribution=contribution_effect(risk, s.contribution),
        contribution_sentence=contribution_sentence(m, risk, s.contribution),
        auc=format_auc(s.validation_auc), auc_line=auc_line(s.validation_auc, auc_src), auc_source=s.auc_source,
        unlike=s.unlike_training, source=s.source)


@dataclasses.dataclass(frozen=True)
class AssessmentView:
    """Every string the front ends show for one assessment; built by :func:`present`."""

    case_id: str | None
    risk: str  # "52 %"
    positive: bool
    category: str  # "above threshold" / "below threshold"
    category_head: str  # "Above threshold" / "Below threshold"
    category_label: str  # "at or above the operating threshold 39% for … (…: sensitivity …, specificity …)"
    threshold: str  # "39 %"
    threshold_inputs: str  # "ECG + chest X-ray + BNP"
    threshold_basis: str
    threshold_warning: str | None
    partial: bool
    partial_line: str | None  # "PARTIAL — missing: ECG, chest X-ray"
    missing: str  # "ECG, chest X-ray"
    unlike_summary: str | None
    unlike_labels: tuple[str, ...]  # ("ECG", "Chest X-ray")
    subscores: tuple[SubScoreView, ...]  # always three, in MODALITIES order
    stratum: str | None  # "intermediate-low"
    stratum_line: str | None
    warnings: tuple[str, ...]
    notice: BundleNotice

    def subscore(self, modality: str) -> SubScoreView:
        return next(s for s in self.subscores if s.modality == modality)

    @property
    def auc_source(self) -> str:
        """Where the sub-scores' AUCs come from (the first one that says)."""
        return next((s.auc_source for s in self.subscores if s.present and s.auc_source), "")


def present(a: Assessment) -> AssessmentView:
    """The words and numbers of ``a`` for every front end."""
    t = a.threshold
    unlike = unlike_modalities(a)
    return AssessmentView(
        case_id=a.case_id,
        risk=percent(a.risk),
        positive=bool(a.positive),
        category="above threshold" if a.positive else "below threshold",
        category_head="Above threshold" if a.positive else "Below threshold",
        category_label=category_label(a),
        threshold=percent(float(t["threshold"])),
        threshold_inputs=str(t.get("inputs", "")),
        threshold_basis=threshold_basis(t),
        threshold_warning=t.get("warning") or None,
        partial=bool(a.partial),
        partial_line=partial_line(a),
        missing=missing_names(a),
        unlike_summary=unlike_summary(a),
        unlike_labels=tuple(MODALITY_LABELS[m] for m in unlike),
        subscores=tuple(_subscore_view(m, a.subscores.get(m), a.risk) for m in MODALITIES),
        stratum=stratum_name(a.bnp_stratum),
        stratum_line=stratum_line(a.bnp_stratum),
        warnings=tuple(a.warnings),
        notice=notice_of(a),
    )


def assessment_text(a: Assessment) -> str:
    """The command line's readable summary, the bundle's notice first."""
    v = present(a)
    n = v.notice
    lines = [f"*** {n.text} ***",
             f"bundle       {n.name} ({n.short_id})" + (f"; {n.origin}" if n.origin else "")]
    if v.case_id:
        lines.append(f"case         {v.case_id}")
    lines.append(f"PH risk      {percent(a.risk, space=False)}  {v.category_label}")
    if v.unlike_summary:
        lines.append(f"CAUTION      {v.unlike_summary[len('Caution: '):]}")
    if v.partial:
        lines.append(f"PARTIAL      missing: {v.missing}. {PARTIAL_NOTE}")
    if v.threshold_warning:
        lines.append(f"caution      {v.threshold_warning}")
    for s in v.subscores:
        if not s.present:
            continue
        sub = a.subscores[s.modality]
        lines.append(f"{s.name:<12} alone {percent(sub.probability, space=False)}; {s.auc_line}")
        if s.contribution_sentence:
            lines.append(f"{'':<12} {s.contribution_sentence}")
        lines.append(f"{'':<12} from {s.source}")
        if s.unlike:
            lines.append(f"{'':<12} UNLIKE TRAINING DATA: {s.unlike}")
    if v.stratum_line:
        lines.append(f"BNP stratum  {v.stratum_line}")
    for w in v.warnings:
        lines.append(f"warning      {w}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- worklists

class _WorklistLike(Protocol):
    """A worklist row's fields (:class:`WorklistEntry`, or the GUI's ``WorklistItem``)."""

    case_id: str
    risk: float | None
    category: str
    threshold: float | None
    threshold_inputs: str
    partial: bool
    missing: tuple[str, ...]
    subscores: Mapping[str, float]
    unlike: tuple[str, ...]
    issues: tuple[str, ...]
    bundle_name: str
    bundle_id: str
    banner: str


@dataclasses.dataclass(frozen=True)
class WorklistEntry:
    """One case of a worklist, scored (``risk`` set) or not (``issues`` say why).

    The same fields as the GUI's ``WorklistItem``, so :func:`worklist_cells`
    writes both the same way.
    """

    case_id: str
    issues: tuple[str, ...] = ()
    bundle_name: str = ""
    bundle_id: str = ""
    banner: str = ""  # the bundle's notice text (BundleNotice.text)
    risk: float | None = None
    positive: bool | None = None
    category: str = ""
    partial: bool = False
    missing: tuple[str, ...] = ()
    subscores: Mapping[str, float] = dataclasses.field(default_factory=dict)  # risk alone per modality
    threshold: float | None = None
    threshold_inputs: str = ""
    unlike: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        return self.risk is not None

    @classmethod
    def of(cls, case_id: str, a: Assessment | None, issues: Sequence[str], notice: BundleNotice) -> WorklistEntry:
        """The entry of a case: from its assessment, or not scored (``a`` is ``None``)."""
        base = cls(case_id=case_id, issues=tuple(issues), bundle_name=notice.name,
                   bundle_id=notice.bundle_id or "", banner=notice.text)
        if a is None:
            return base
        return dataclasses.replace(
            base, risk=a.risk, positive=a.positive, category=a.category, partial=a.partial,
            missing=tuple(a.missing), subscores={m: a.subscores[m].probability for m in MODALITIES
                                                 if m in a.subscores},
            threshold=float(a.threshold["threshold"]), threshold_inputs=str(a.threshold.get("inputs", "")),
            unlike=unlike_modalities(a))


def _fmt(v: float | None) -> str:
    return "" if v is None else f"{v:.4f}"


def worklist_cells(entry: _WorklistLike, rank: int | None) -> list[str]:
    """The CSV cells of one worklist row, in :data:`WORKLIST_COLUMNS` order (not yet made
    spreadsheet-safe: pass them through :func:`ph_assist.io.safe_csv.csv_row`)."""
    scored = entry.risk is not None
    return [
        "" if rank is None else str(rank), entry.case_id, "scored" if scored else "not scored",
        _fmt(entry.risk), entry.category if scored else "", _fmt(entry.threshold),
        entry.threshold_inputs if scored else "", ("yes" if entry.partial else "no") if scored else "",
        ";".join(entry.missing) if scored else "",
        *[_fmt(entry.subscores.get(m)) for m in MODALITIES],
        ";".join(entry.unlike), " | ".join(entry.issues), entry.bundle_name, entry.bundle_id, entry.banner,
    ]


# ---------------------------------------------------------------------------------------------- ECG measurements

#: The global ECG measurements shown, in order: key of :func:`ph_assist.ecg_measure.measurements_report`
#: ``"values"`` -> (name, unit).
MEASUREMENT_NAMES: dict[str, tuple[str, str]] = {
    "hr_bpm": ("HR", "bpm"), "rr_ms": ("RR", "ms"), "pr_ms": ("PR", "ms"), "p_ms": ("P", "ms"),
    "qrs_ms": ("QRS", "ms"), "qt_ms": ("QT", "ms"), "qtc_bazett_ms": ("QTc Bazett", "ms"),
    "qtc_fridericia_ms": ("QTc Fridericia", "ms"), "p_axis_deg": ("P axis", "deg"),
    "qrs_axis_deg": ("QRS axis", "deg"), "t_axis_deg": ("T axis", "deg"),
}
#: Whose values a measurement column holds.
MEASURED_BY = "PH-Assist, median beat"
DEVICE_LABEL = "device (as stored in the file)"
#: What a criterion's status reads as (``ph_assist.ecg_measure`` statuses).
CRITERION_STATUS_TEXT = {"met": "MET", "not met": "not met", "not measurable": "not measurable"}


@dataclasses.dataclass(frozen=True)
class MeasurementRow:
    """One global measurement: ours and, where the file has them, the device's (``None``: no device column)."""

    key: str
    name: str  # "QRS"
    unit: str  # "ms"
    ours: str  # "80 ms", or "—" (not measured)
    device: str | None  # "75 ms", "—", or None when the file carries no device measurements


@dataclasses.dataclass(frozen=True)
class CriterionRow:
    """One ECG criterion of PH, in words."""

    key: str
    label: str  # "Right axis deviation (QRS axis > +90 deg)"
    status: str  # "met", "not met" or "not measurable"
    status_text: str  # "MET", "not met", "not measurable"
    value: str  # "+50 deg", "0.08 mV", "" when there is no value
    reason: str  # why it is not measurable, or the detail behind the value

    @property
    def short_label(self) -> str:
        """The label without its parenthesis: ``Right axis deviation``."""
        return self.label.split(" (")[0]

    @property
    def line(self) -> str:
        """``not met — R/S ratio in V1 > 1: 0.07 (R 0.08 mV, S 1.09 mV)``."""
        detail = self.value
        if self.reason:
            detail = f"{detail} ({self.reason})" if detail else self.reason
        return f"{self.status_text} — {self.label}" + (f": {detail}" if detail else "")


def _measure_value(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "deg":
        return f"{v:+.0f} deg"
    return f"{v:.0f} {unit}"


def _criterion_value(v: float | None, unit: str) -> str:
    if v is None:
        return ""
    if unit == "deg":
        return f"{v:+.0f} deg"
    if unit == "mV":
        return f"{v:+.3f} mV" if v < 0 else f"{v:.3f} mV"  # 3 decimals: 0.245 must not read as 0.25
    if unit == "ms":
        return f"{v:.0f} ms"
    return f"{v:.2f}"


def measurement_rows(report: Mapping[str, Any]) -> list[MeasurementRow]:
    """The rows of a measurement table from :func:`ph_assist.ecg_measure.measurements_report`.

    Every quantity of :data:`MEASUREMENT_NAMES`, ours beside the device's
    (:data:`DEVICE_LABEL`) where the file carries them; empty for a report
    that could not measure the ECG and has no device values either.
    """
    ours = report.get("values") or {}
    dev_block = report.get("device_measurements") or None
    dev = dev_block.get("values", {}) if dev_block else None
    if not ours and not dev:
        return []
    return [MeasurementRow(k, name, unit, _measure_value(ours.get(k), unit),
                           None if dev is None else _measure_value(dev.get(k), unit))
            for k, (name, unit) in MEASUREMENT_NAMES.items()]


def _compact(values: Mapping[str, Any]) -> str:
    """``HR 61 bpm · PR 150 ms · QRS 80 ms · QT/QTcB 368/371 ms · axes P/QRS/T +76/+50/+61 deg``."""
    def num(key: str, fmt: str = ".0f") -> str:
        v = values.get(key)
        return "—" if v is None else format(float(v), fmt)

    return (f"HR {num('hr_bpm')} bpm · PR {num('pr_ms')} ms · QRS {num('qrs_ms')} ms · "
            f"QT/QTcB {num('qt_ms')}/{num('qtc_bazett_ms')} ms · "
            f"axes P/QRS/T {num('p_axis_deg', '+.0f')}/{num('qrs_axis_deg', '+.0f')}/{num('t_axis_deg', '+.0f')} deg")


def measurement_lines(report: Mapping[str, Any]) -> list[str]:
    """The measurements as one or two lines: ours, then the device's where the file has them.

    ``["ECG measurements — PH-Assist, median beat: HR 61 bpm · PR 150 ms · …",
    "ECG measurements — device (as stored in the file): HR 61 bpm · …"]``; a
    report that could not measure says why.
    """
    out = []
    if "error" in report:
        out.append(f"ECG measurements: not measurable ({report['error']})")
    else:
        out.append(f"ECG measurements — {MEASURED_BY}: {_compact(report.get('values') or {})}")
    dev = report.get("device_measurements") or None
    if dev:
        out.append(f"ECG measurements — {DEVICE_LABEL}: {_compact(dev.get('values') or {})}")
    return out


def criteria_rows(report: Mapping[str, Any]) -> list[CriterionRow]:
    """The ECG criteria of PH of a :func:`ph_assist.ecg_measure.measurements_report`, in report order.

    A report that could not measure the ECG lists every criterion as not
    measurable, with the report's reason.
    """
    from ph_assist.ecg_measure import NOT_MEASURABLE, PH_CRITERIA

    if "error" in report:
        return [CriterionRow(k, label, NOT_MEASURABLE, CRITERION_STATUS_TEXT[NOT_MEASURABLE], "",
                             str(report["error"])) for k, label in PH_CRITERIA.items()]
    rows = []
    for c in report.get("ph_criteria") or []:
        status = str(c.get("status", NOT_MEASURABLE))
        rows.append(CriterionRow(str(c["key"]), str(c.get("label", c["key"])), status,
                                 CRITERION_STATUS_TEXT.get(status, status),
                                 _criterion_value(c.get("value"), str(c.get("unit", ""))), str(c.get("reason", ""))))
    return rows


def criteria_summary(report: Mapping[str, Any]) -> str:
    """``ECG criteria of PH: 0 of 6 met, 0 not measurable``."""
    rows = criteria_rows(report)
    met = sum(r.status == "met" for r in rows)
    nm = sum(r.status == "not measurable" for r in rows)
    return f"ECG criteria of PH: {met} of {len(rows)} met" + (f", {nm} not measurable" if nm else "")
