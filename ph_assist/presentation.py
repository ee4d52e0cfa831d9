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
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ph_assist.cases import MODALITIES, MODALITY_NAMES
from ph_assist.i18n import QT_TRANSLATE_NOOP, current_language, translate

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
    "data_text",
    "display_width",
    "pad_to_width",
    "format_auc",
    "format_points",
    "measurement_lines",
    "measurement_rows",
    "modality_label",
    "modality_name",
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
#: These constants are the English source: show them through ``translate("presentation", ...)``
#: (the functions below do), so that they follow the interface language.
MODALITY_LABELS: dict[str, str] = {m: MODALITY_NAMES[m][:1].upper() + MODALITY_NAMES[m][1:] for m in MODALITIES}
SYNTHETIC_DISCLAIMER = QT_TRANSLATE_NOOP("presentation", "Synthetic training data — not for clinical use")
NOT_STATED = QT_TRANSLATE_NOOP("presentation", "Intended use not stated by the model bundle")
PARTIAL_NOTE = QT_TRANSLATE_NOOP("presentation", "The fused risk uses only the inputs that were available.")
STRATUM_CAVEAT = QT_TRANSLATE_NOOP("presentation", "a prognostic stratum in PAH, not a diagnostic cut-off for PH")
#: For lupdate: the modality names and labels (:data:`ph_assist.cases.MODALITY_NAMES`), the banners of
#: :func:`ph_assist.models.card.default_banner`, the validation data of a model card, the ESC/ERS strata,
#: the ECG criteria of PH (:data:`ph_assist.ecg_measure.PH_CRITERIA`) and the measurement names.
_EXTRACTED = (
    QT_TRANSLATE_NOOP("presentation", "ECG"), QT_TRANSLATE_NOOP("presentation", "chest X-ray"),
    QT_TRANSLATE_NOOP("presentation", "BNP"), QT_TRANSLATE_NOOP("presentation", "Chest X-ray"),
    QT_TRANSLATE_NOOP("presentation", "Research use only — not for clinical use"),
    QT_TRANSLATE_NOOP("presentation", "synthetic validation set"), QT_TRANSLATE_NOOP("presentation", "validation set"),
    QT_TRANSLATE_NOOP("presentation", "validation"),
    QT_TRANSLATE_NOOP("presentation", "low"), QT_TRANSLATE_NOOP("presentation", "intermediate-low"),
    QT_TRANSLATE_NOOP("presentation", "intermediate-high"), QT_TRANSLATE_NOOP("presentation", "high"),
    QT_TRANSLATE_NOOP("presentation", "Right axis deviation (QRS axis > +90 deg)"),
    QT_TRANSLATE_NOOP("presentation", "R/S ratio in V1 > 1"),
    QT_TRANSLATE_NOOP("presentation", "R in V1 >= 0.7 mV"),
    QT_TRANSLATE_NOOP("presentation", "P in II >= 0.25 mV (P pulmonale)"),
    QT_TRANSLATE_NOOP("presentation", "RV strain: T negative in V1, V2 and V3"),
    QT_TRANSLATE_NOOP("presentation", "Complete RBBB (QRS >= 120 ms, terminal R in V1, terminal S in I and V6)"),
    QT_TRANSLATE_NOOP("presentation", "HR"), QT_TRANSLATE_NOOP("presentation", "P axis"),
    QT_TRANSLATE_NOOP("presentation", "QRS axis"), QT_TRANSLATE_NOOP("presentation", "T axis"),
    QT_TRANSLATE_NOOP("presentation", "deg"),
    QT_TRANSLATE_NOOP("presentation", "unverified origin"),
    QT_TRANSLATE_NOOP("presentation", "Unverified origin — not for clinical use"),
    QT_TRANSLATE_NOOP("presentation", "unverified origin: the bundle is not signed"),
)


def _t(text: str) -> str:
    """A string of this module (or of the data it shows) in the interface language."""
    return translate("presentation", text)


def modality_name(m: str) -> str:
    """``chest X-ray``: a modality in a sentence, in the interface language."""
    return _t(MODALITY_NAMES[m])


def modality_label(m: str) -> str:
    """``Chest X-ray``: a modality as a heading, in the interface language."""
    return _t(MODALITY_LABELS[m])


def data_text(text: str) -> str:
    """Words that come from a model card or an operating point (``synthetic validation set, n = 482``,
    ``ECG + chest X-ray + BNP``) in the interface language, as far as the catalogue knows them."""
    if not text:
        return text
    if " + " in text:
        return " + ".join(_t(part) for part in text.split(" + "))
    head, sep, tail = text.partition(", n = ")
    return _t(head) + sep + tail
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
    sp = " " if space and current_language() != "ja" else ""  # Japanese writes 42%
    # A model's probability is never certainty: what would round to 0 or 100 is shown as "<1" / ">99".
    if p < 0.005:
        return f"<1{sp}%"
    if p >= 0.995:
        return f">99{sp}%"
    return f"{math.floor(p * 100 + 0.5)}{sp}%"  # half up: 0.5 % reads 1 %, not 0 %


def percent_ci(value: float, ci: Sequence[float | None] | None) -> str:
    """``90% (95% CI 87%–93%)``; the value alone when the interval is unknown."""
    if ci and ci[0] is not None and ci[1] is not None:
        return translate("presentation", "{value:.0%} (95% CI {low:.0%}–{high:.0%})").format(value=value, low=ci[0], high=ci[1])
    return f"{value:.0%}"


def format_points(delta: float | None) -> str:
    """A change in risk as signed percentage points: ``+17 points``, ``-1 point``; ``±0 points``
    below half a point; ``—`` for ``None``."""
    if delta is None:
        return "—"
    pts = delta * 100.0
    if abs(pts) < 0.5:
        return translate("presentation", "±0 points")
    whole = math.floor(abs(pts) + 0.5)  # half a point rounds away from zero (never "+0 points")
    text = translate("presentation", "{sign}{n} point") if whole == 1 else translate("presentation", "{sign}{n} points")
    return text.format(sign="+" if pts > 0 else "-", n=whole)


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
    label, name = modality_label(modality), modality_name(modality)
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
        return translate("presentation", "not reported")
    text = f"{float(auc['auc']):.2f}"
    if auc.get("ci_low") is not None and auc.get("ci_high") is not None:
        level = float(auc.get("level", 0.95))
        text += translate("presentation", " ({level:.0%} CI {low:.2f}–{high:.2f})").format(level=level, low=float(auc['ci_low']),
                                                                    high=float(auc['ci_high']))
    return text


def auc_line(auc: Mapping[str, Any] | None, source: str = "") -> str:
    """``validation AUC 0.88 (95% CI 0.80–0.96) — synthetic validation set, n = 482``."""
    if not auc or auc.get("auc") is None:
        return translate("presentation", "validation AUC not reported")
    text = translate("presentation", "validation AUC {auc}").format(auc=format_auc(auc))
    return f"{text} — {data_text(source)}" if source else text


# ---------------------------------------------------------------------------------------------- sentences

def short_id(bundle_id: str | None) -> str:
    """The first 12 hex digits of a bundle's ID, or ``unsaved``."""
    return (bundle_id or translate("presentation", "unsaved"))[:12]


def names(modalities: Sequence[str]) -> str:
    """``ECG, chest X-ray`` (the modalities in a sentence, in the order given)."""
    return translate("presentation", ", ").join(modality_name(m) for m in modalities)


def missing_names(a: Assessment) -> str:
    """What the assessment lacks, in words (empty when complete)."""
    return names(a.missing)


def partial_line(a: Assessment) -> str | None:
    """``PARTIAL — missing: ECG, chest X-ray``, or ``None`` for a complete case."""
    return translate("presentation", "PARTIAL — missing: {names}").format(names=missing_names(a)) if a.partial else None


def threshold_basis(t: Mapping[str, Any]) -> str:
    """For which inputs the operating threshold holds and what it gave where it was measured."""
    n_text = f", n = {t['n']}" if t.get("n") else ""
    where = f"{_t(t.get('measured_on') or 'validation set')}{n_text}"
    sens = percent_ci(t["sensitivity"], t.get("sensitivity_ci"))
    spec = percent_ci(t["specificity"], t.get("specificity_ci"))
    inputs = data_text(t["inputs"]) if t.get("inputs") else translate("presentation", "these inputs")
    if t.get("subset_specific", True):
        return translate("presentation", "for {inputs} ({where}: sensitivity {sens}, specificity {spec})").format(
            inputs=inputs, where=where, sens=sens, spec=spec)
    return translate("presentation", "(measured on all inputs, not on {inputs} alone; {where}: sensitivity {sens}, specificity {spec})"
              ).format(inputs=inputs, where=where, sens=sens, spec=spec)


def category_label(a: Assessment) -> str:
    """``at or above the operating threshold 39% for ECG + chest X-ray + BNP (…)``."""
    text = (translate("presentation", "at or above the operating threshold {threshold:.0%} {basis}") if a.positive
            else translate("presentation", "below the operating threshold {threshold:.0%} {basis}"))
    return text.format(threshold=a.threshold["threshold"], basis=threshold_basis(a.threshold))


def unlike_modalities(a: Assessment) -> tuple[str, ...]:
    """The inputs flagged as unlike the bundle's training data, in :data:`MODALITIES` order."""
    return tuple(m for m in MODALITIES if m in a.subscores and a.subscores[m].unlike_training)


def unlike_summary(a: Assessment) -> str | None:
    """One caution for the headline risk when any input is unlike the training data."""
    flagged = [modality_name(m) for m in unlike_modalities(a)]
    if not flagged:
        return None
    if len(flagged) == 1:
        return translate("presentation", "Caution: the {what} is unlike the data this model was trained on; "
                  "the risk may not apply to this patient.").format(what=flagged[0])
    what = translate("presentation", "{first} and {last}").format(first=translate("presentation", ", ").join(flagged[:-1]), last=flagged[-1])
    return translate("presentation", "Caution: the {what} are unlike the data this model was trained on; "
              "the risk may not apply to this patient.").format(what=what)


def stratum_name(bnp_stratum: str | None) -> str | None:
    """The stratum alone (``intermediate-low``) from the assessment's stratum label."""
    return bnp_stratum.split(" (", 1)[0] if bnp_stratum else None


def stratum_line(bnp_stratum: str | None, *, html: bool = False) -> str | None:
    """``ESC/ERS 2022 stratum: intermediate-low — a prognostic stratum in PAH, not a diagnostic
    cut-off for PH`` (the stratum in bold with ``html``), or ``None`` without a stratum."""
    name = stratum_name(bnp_stratum)
    if name is None:
        return None
    shown = f"<b>{_t(name)}</b>" if html else _t(name)
    return translate("presentation", "ESC/ERS 2022 stratum: {stratum} — {caveat}").format(stratum=shown, caveat=_t(STRATUM_CAVEAT))


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
    text = _notice_text(text) if text else _t(NOT_STATED)
    return BundleNotice(name=name, bundle_id=bundle_id, banner=banner or "", text=text,
                        warn=(not clinical_use) or bool(synthetic_training_data), origin=origin)


def _notice_text(text: str) -> str:
    """A bundle's banner or origin in the interface language: it is made of fixed phrases
    (:func:`ph_assist.models.card.default_banner`, "unverified origin", ...) joined by ". " and " · "."""
    def phrase(p: str) -> str:
        signed = re.fullmatch(r"signed by (.+) \(key (\w+)\)", p)
        if signed:
            return translate("presentation", "signed by {signer} (key {key})").format(signer=signed.group(1),
                                                                                    key=signed.group(2))
        head, sep, tail = p.partition(": ")
        return _t(p) if _t(p) != p or not sep else _t(head) + sep + tail

    return " · ".join(". ".join(phrase(p) for p in part.split(". ")) for part in text.split(" · "))


def notice_of(source: Assessment | ModelBundle) -> BundleNotice:
    """:func:`bundle_notice` of an assessment or of a loaded model bundle."""
    if hasattr(source, "card"):  # a ModelBundle
        b: Any = source
        return bundle_notice(b.name, b.bundle_id, b.banner, clinical_use=bool(b.clinical_use),
                             synthetic_training_data=bool(b.card.synthetic_training_data),
                             origin=_notice_text(b.origin.describe()))
    a: Any = source
    return bundle_notice(a.bundle_name, a.bundle_id, a.banner, clinical_use=a.clinical_use,
                         synthetic_training_data=a.synthetic_training_data,
                         origin=_notice_text(a.origin) if a.origin else a.origin)


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
        return SubScoreView(m, modality_label(m), modality_name(m), present=False)
    auc_src = s.auc_source if s.validation_auc else ""
    return SubScoreView(
        m, modality_label(m), modality_name(m), present=True, risk_alone=percent(s.probability),
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
        return data_text(next((s.auc_source for s in self.subscores if s.present and s.auc_source), ""))


def present(a: Assessment) -> AssessmentView:
    """The words and numbers of ``a`` for every front end."""
    t = a.threshold
    unlike = unlike_modalities(a)
    return AssessmentView(
        case_id=a.case_id,
        risk=percent(a.risk),
        positive=bool(a.positive),
        category=translate("presentation", "above threshold") if a.positive else translate("presentation", "below threshold"),
        category_head=translate("presentation", "Above threshold") if a.positive else translate("presentation", "Below threshold"),
        category_label=category_label(a),
        threshold=percent(float(t["threshold"])),
        threshold_inputs=data_text(str(t.get("inputs", ""))),
        threshold_basis=threshold_basis(t),
        threshold_warning=t.get("warning") or None,
        partial=bool(a.partial),
        partial_line=partial_line(a),
        missing=missing_names(a),
        unlike_summary=unlike_summary(a),
        unlike_labels=tuple(modality_label(m) for m in unlike),
        subscores=tuple(_subscore_view(m, a.subscores.get(m), a.risk) for m in MODALITIES),
        stratum=stratum_name(a.bnp_stratum),
        stratum_line=stratum_line(a.bnp_stratum),
        warnings=tuple(a.warnings),
        notice=notice_of(a),
    )


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: 2 for East Asian wide and full-width characters."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad_to_width(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` terminal columns, as ``format(text, align + str(width))`` pads
    ASCII (``align``: ``"<"``, ``">"`` or ``"^"``), counting a wide Japanese character as two columns."""
    return format(text, f"{align}{max(0, width - (display_width(text) - len(text)))}")


def _head(label: str, width: int = 13) -> str:
    """``label`` padded to ``width`` terminal columns (at least one space after it)."""
    return pad_to_width(label, width - 1) + " "


def assessment_text(a: Assessment) -> str:
    """The command line's readable summary, the bundle's notice first."""
    v = present(a)
    n = v.notice
    lines = [f"*** {n.text} ***",
             _head(translate("presentation", "bundle")) + f"{n.name} ({n.short_id})" + (f"; {n.origin}" if n.origin else "")]
    if v.case_id:
        lines.append(_head(translate("presentation", "case")) + v.case_id)
    lines.append(_head(translate("presentation", "PH risk")) + f"{percent(a.risk, space=False)}  {v.category_label}")
    if v.unlike_summary:
        lines.append(_head(translate("presentation", "CAUTION")) + v.unlike_summary.removeprefix(translate("presentation", "Caution: ")))
    if v.partial:
        lines.append(_head(translate("presentation", "PARTIAL")) + translate("presentation", "missing: {names}. {note}").format(names=v.missing,
                                                                                 note=_t(PARTIAL_NOTE)))
    if v.threshold_warning:
        lines.append(_head(translate("presentation", "caution")) + v.threshold_warning)
    for s in v.subscores:
        if not s.present:
            continue
        sub = a.subscores[s.modality]
        lines.append(_head(s.name) + translate("presentation", "alone {risk}; {auc}").format(
            risk=percent(sub.probability, space=False), auc=s.auc_line))
        if s.contribution_sentence:
            lines.append(_head("") + s.contribution_sentence)
        lines.append(_head("") + translate("presentation", "from {source}").format(source=s.source))
        if s.unlike:
            lines.append(_head("") + translate("presentation", "UNLIKE TRAINING DATA: {reason}").format(reason=s.unlike))
    if v.stratum_line:
        lines.append(_head(translate("presentation", "BNP stratum")) + v.stratum_line)
    for w in v.warnings:
        lines.append(_head(translate("presentation", "warning")) + w)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- worklists

class _WorklistLike(Protocol):
    """A worklist row's fields (:class:`WorklistEntry`, or the GUI's ``WorklistItem``), read-only."""

    @property
    def case_id(self) -> str: ...
    @property
    def risk(self) -> float | None: ...
    @property
    def category(self) -> str: ...
    @property
    def threshold(self) -> float | None: ...
    @property
    def threshold_inputs(self) -> str: ...
    @property
    def partial(self) -> bool: ...
    @property
    def missing(self) -> tuple[str, ...]: ...
    @property
    def subscores(self) -> Mapping[str, float]: ...
    @property
    def unlike(self) -> tuple[str, ...]: ...
    @property
    def issues(self) -> tuple[str, ...]: ...
    @property
    def bundle_name(self) -> str: ...
    @property
    def bundle_id(self) -> str: ...
    @property
    def banner(self) -> str: ...


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
MEASURED_BY = QT_TRANSLATE_NOOP("presentation", "PH-Assist, median beat")
DEVICE_LABEL = QT_TRANSLATE_NOOP("presentation", "device (as stored in the file)")
#: What a criterion's status reads as (``ph_assist.ecg_measure`` statuses).
CRITERION_STATUS_TEXT = {"met": QT_TRANSLATE_NOOP("presentation", "MET"),
                         "not met": QT_TRANSLATE_NOOP("presentation", "not met"),
                         "not measurable": QT_TRANSLATE_NOOP("presentation", "not measurable")}


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
        return self.label.split(" (")[0].split("（")[0]

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
        return translate("presentation", "{value:+.0f} deg").format(value=v)
    return f"{v:.0f} {unit}"


def _criterion_value(v: float | None, unit: str) -> str:
    if v is None:
        return ""
    if unit == "deg":
        return translate("presentation", "{value:+.0f} deg").format(value=v)
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
    return [MeasurementRow(k, _t(name), unit, _measure_value(ours.get(k), unit),
                           None if dev is None else _measure_value(dev.get(k), unit))
            for k, (name, unit) in MEASUREMENT_NAMES.items()]


def _compact(values: Mapping[str, Any]) -> str:
    """``HR 61 bpm · PR 150 ms · QRS 80 ms · QT/QTcB 368/371 ms · axes P/QRS/T +76/+50/+61 deg``."""
    def num(key: str, fmt: str = ".0f") -> str:
        v = values.get(key)
        return "—" if v is None else format(float(v), fmt)

    return translate("presentation", "HR {hr} bpm · PR {pr} ms · QRS {qrs} ms · QT/QTcB {qt}/{qtc} ms · axes P/QRS/T {p}/{qrs_axis}/{t} deg"
              ).format(hr=num("hr_bpm"), pr=num("pr_ms"), qrs=num("qrs_ms"), qt=num("qt_ms"), qtc=num("qtc_bazett_ms"),
                       p=num("p_axis_deg", "+.0f"), qrs_axis=num("qrs_axis_deg", "+.0f"),
                       t=num("t_axis_deg", "+.0f"))


def measurement_lines(report: Mapping[str, Any]) -> list[str]:
    """The measurements as one or two lines: ours, then the device's where the file has them.

    ``["ECG measurements — PH-Assist, median beat: HR 61 bpm · PR 150 ms · …",
    "ECG measurements — device (as stored in the file): HR 61 bpm · …"]``; a
    report that could not measure says why.
    """
    out = []
    if "error" in report:
        out.append(translate("presentation", "ECG measurements: not measurable ({reason})").format(reason=report["error"]))
    else:
        out.append(translate("presentation", "ECG measurements — {who}: {values}").format(who=_t(MEASURED_BY),
                                                                    values=_compact(report.get("values") or {})))
    dev = report.get("device_measurements") or None
    if dev:
        out.append(translate("presentation", "ECG measurements — {who}: {values}").format(who=_t(DEVICE_LABEL),
                                                                    values=_compact(dev.get("values") or {})))
    return out


def criteria_rows(report: Mapping[str, Any]) -> list[CriterionRow]:
    """The ECG criteria of PH of a :func:`ph_assist.ecg_measure.measurements_report`, in report order.

    A report that could not measure the ECG lists every criterion as not
    measurable, with the report's reason.
    """
    from ph_assist.ecg_measure import NOT_MEASURABLE, PH_CRITERIA

    if "error" in report:
        return [CriterionRow(k, _t(label), NOT_MEASURABLE, _t(CRITERION_STATUS_TEXT[NOT_MEASURABLE]), "",
                             str(report["error"])) for k, label in PH_CRITERIA.items()]
    rows = []
    for c in report.get("ph_criteria") or []:
        status = str(c.get("status", NOT_MEASURABLE))
        rows.append(CriterionRow(str(c["key"]), _t(str(c.get("label", c["key"]))), status,
                                 _t(CRITERION_STATUS_TEXT.get(status, status)),
                                 _criterion_value(c.get("value"), str(c.get("unit", ""))), str(c.get("reason", ""))))
    return rows


def criteria_summary(report: Mapping[str, Any]) -> str:
    """``ECG criteria of PH: 0 of 6 met, 0 not measurable``."""
    rows = criteria_rows(report)
    met = sum(r.status == "met" for r in rows)
    nm = sum(r.status == "not measurable" for r in rows)
    text = translate("presentation", "ECG criteria of PH: {met} of {n} met").format(met=met, n=len(rows))
    return text + (translate("presentation", ", {n} not measurable").format(n=nm) if nm else "")
