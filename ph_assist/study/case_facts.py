"""The non-AI facts of a study case, built once and shown the same in both arms (no Qt).

A reader study compares reads *with* the AI against reads *without* it, so
the two arms must differ by the AI alone: a unit conversion, a quality flag
or an ECG measurement shown only beside the AI would be part of the
intervention and confound the result (issue 13, item 1).  This module builds
everything a reader may see of a case that does not come from the model
bundle, as one :class:`CaseFacts`; the reader window renders that object in
every phase and condition, and its AI panel shows only the model's output.

The facts:

``bnp``
    The BNP as entered and, when entered in another unit, in pg/mL
    (``"8.32 pmol/L = 28.82 pg/mL"``), or "not measured".
``bnp_stratum``
    The ESC/ERS 2022 prognostic stratum of that value (a property of the
    value, not of the model).
``ecg`` / ``cxr``
    Whether the case has the recording (and could be read).
``ecg_quality``
    Per-lead signal-quality flags of the ECG, in the wording the assessment
    uses for its warning (:func:`ecg_quality_line`).
``ecg_measurements``, ``ecg_device_measurements``, ``ecg_criteria``, ``ecg_criterion:<key>``
    The global ECG measurements of PH-Assist's median beat
    (:func:`ph_assist.ecg_measure.measurements_report`), the cart's own
    values where the file carries them, and each ECG criterion of PH - in
    the words of :mod:`ph_assist.presentation`.
``cxr_notes``
    What reading the radiograph noted (frames, orientation, colour).
``problems``
    What could not be read.

:func:`ai_only_warnings` says which of an assessment's warnings are such facts
(so the AI panel leaves them out: they are already on screen in both arms).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ph_assist.i18n import translate

__all__ = ["Fact", "CaseFacts", "case_facts", "ecg_quality_line", "bnp_text", "ai_only_warnings"]


@dataclasses.dataclass(frozen=True)
class Fact:
    """One line of the case's facts.

    ``key`` names the field (stable, for tests and renderers); ``label`` is
    the short name shown before it; ``text`` the value; ``detail`` a second,
    quieter line; ``level`` ``"info"``, ``"warn"`` (a quality flag, a problem)
    or ``"met"``/``"not met"``/``"not measurable"`` (an ECG criterion).
    """

    key: str
    label: str
    text: str
    detail: str = ""
    level: str = "info"


@dataclasses.dataclass(frozen=True)
class CaseFacts:
    """The non-AI facts of one case, in display order (see the module docstring)."""

    facts: tuple[Fact, ...]
    #: The assessment warnings these facts already show (exact texts), see :func:`ai_only_warnings`.
    warnings: tuple[str, ...] = ()
    #: The ECG measurements are still being computed (a renderer says so).
    measuring: bool = False

    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.facts)

    def get(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def as_dict(self) -> dict[str, str]:
        """``{key: "text | detail"}``: what a test compares field by field."""
        return {f.key: f.text + (f" | {f.detail}" if f.detail else "") for f in self.facts}

    def lines(self) -> list[str]:
        """One line per fact: ``"BNP: 8.32 pmol/L = 28.82 pg/mL"``."""
        return [f"{f.label}: {f.text}" + (f" ({f.detail})" if f.detail else "") for f in self.facts]


def ecg_quality_line(ecg: Any) -> str | None:
    """``"ECG quality: V1 (noisy); V2 (flat)"`` for the leads with flags, or None.

    The same text as the assessment's ECG-quality warning, so that the AI panel can leave it
    out (:func:`ai_only_warnings`).
    """
    from ph_assist.assessment import ecg_quality_warning

    return ecg_quality_warning(ecg)


def _num(v: float) -> str:
    return f"{v:.4g}"


def bnp_text(bnp: str | None, unit: str | None, pg_ml: float | None) -> str:
    """The BNP in its unit and in pg/mL: ``"8.32 pmol/L = 28.82 pg/mL"``, ``"120 pg/mL"``, ``"not measured"``."""
    if not bnp:
        return translate("case_facts", "not measured")
    unit = (unit or "pg/mL").strip()
    entered = f"{bnp} {unit}"
    if pg_ml is None or unit.lower() == "pg/ml":
        return entered
    lt = "<" if str(bnp).strip().startswith("<") else ""
    return translate("case_facts", "{entered} = {lt}{value} pg/mL").format(entered=entered, lt=lt,
                                                                          value=_num(pg_ml))


def _bnp_facts(bnp: str | None, unit: str | None, pg_ml: float | None) -> list[Fact]:
    out = [Fact("bnp", "BNP", bnp_text(bnp, unit, pg_ml))]
    if not bnp:
        return out
    try:
        from ph_assist.io.labs import parse_labs

        labs = parse_labs(str(bnp), unit or "pg/mL", "BNP")
    except Exception:  # the study validated it; a value it cannot parse again has no stratum
        return out
    if labs.converted and pg_ml is None:
        out[0] = Fact("bnp", "BNP", bnp_text(bnp, unit, float(labs.value_pg_ml)))
    out.append(Fact("bnp_stratum", translate("case_facts", "BNP stratum"), translate("presentation", labs.stratum),
                    translate("case_facts", "ESC/ERS 2022; prognostic in PAH, not a diagnostic cut-off")))
    return out


def _ecg_facts(ecg: Any, has_ecg: bool, report: Mapping[str, Any] | None, measuring: bool) -> list[Fact]:
    from ph_assist.presentation import criteria_rows, criteria_summary, measurement_lines

    if not has_ecg:
        return [Fact("ecg", translate("case_facts", "ECG"), translate("case_facts", "none for this case"))]
    if ecg is None:
        return [Fact("ecg", translate("case_facts", "ECG"), translate("case_facts", "could not be read"), level="warn")]
    usable = len(getattr(ecg, "usable_leads", ()) or ())
    n_leads = len(getattr(ecg, "leads", ()) or ())
    text = translate("case_facts", "{usable} of {n} leads usable, {s} s").format(
        usable=usable, n=n_leads, s=f"{float(getattr(ecg, 'duration_s', 0.0)):.1f}")
    out = [Fact("ecg", translate("case_facts", "ECG"), text)]
    from ph_assist.assessment import ecg_quality_items

    q = "; ".join(ecg_quality_items(ecg))
    out.append(Fact("ecg_quality", translate("case_facts", "ECG quality"),
                    q or translate("case_facts", "no lead flagged"),
                    level="warn" if q else "info"))
    if report is None:
        if measuring:
            out.append(Fact("ecg_measurements", translate("case_facts", "ECG measurements"),
                            translate("case_facts", "measuring\u2026")))
        return out
    for i, line in enumerate(measurement_lines(report)):
        # "ECG measurements — PH-Assist, median beat: HR 61 bpm · …" -> value, and who measured as the detail
        head, _sep, body = line.partition(": ")
        who = head.split(" \u2014 ", 1)[1] if " \u2014 " in head else ""
        label = (translate("case_facts", "ECG measurements") if i == 0
                 else translate("case_facts", "ECG measurements, device"))
        out.append(Fact("ecg_measurements" if i == 0 else "ecg_device_measurements", label, body or line, who,
                        level="warn" if "error" in report and i == 0 else "info"))
    out.append(Fact("ecg_criteria", translate("case_facts", "ECG criteria of PH"),
                    criteria_summary(report).split(": ", 1)[-1]))
    for r in criteria_rows(report):
        detail = r.value
        if r.reason:
            detail = f"{detail} ({r.reason})" if detail else r.reason
        out.append(Fact(f"ecg_criterion:{r.key}", r.label, r.status_text, detail, level=r.status))
    return out


def _cxr_facts(cxr: Any, has_cxr: bool) -> list[Fact]:
    if not has_cxr:
        return [Fact("cxr", translate("case_facts", "Chest X-ray"), translate("case_facts", "none for this case"))]
    if cxr is None:
        return [Fact("cxr", translate("case_facts", "Chest X-ray"), translate("case_facts", "could not be read"),
                     level="warn")]
    out = [Fact("cxr", translate("case_facts", "Chest X-ray"), translate("case_facts", "read"))]
    notes = tuple(getattr(cxr, "notes", ()) or ())
    if notes:
        out.append(Fact("cxr_notes", translate("case_facts", "Chest X-ray notes"), "; ".join(notes), level="warn"))
    return out


def case_facts(*, bnp: str | None, bnp_unit: str | None, bnp_pg_ml: float | None = None,
               has_ecg: bool, has_cxr: bool, ecg: Any = None, cxr: Any = None,
               ecg_report: Mapping[str, Any] | None = None, problems: Sequence[str] = (),
               measuring: bool = False) -> CaseFacts:
    """The non-AI facts of a case.

    Parameters
    ----------
    bnp, bnp_unit, bnp_pg_ml : str or None, str or None, float or None
        The BNP as the study holds it (:class:`~ph_assist.study.protocol.CaseView`).
    has_ecg, has_cxr : bool
        The case names an ECG / a chest X-ray.
    ecg, cxr : ECG or None, CXR or None
        The recordings as read (None: absent or unreadable).
    ecg_report : dict or None
        :func:`ph_assist.ecg_measure.measurements_report` of ``ecg`` (None: not measured yet).
    problems : sequence of str
        What could not be read (already free of identifiers).
    measuring : bool
        The report is being computed.

    Returns
    -------
    CaseFacts
        The same object whatever the read's condition: nothing here depends on the AI.
    """
    facts = _bnp_facts(bnp, bnp_unit, bnp_pg_ml)
    facts += _ecg_facts(ecg, has_ecg, ecg_report, measuring and ecg_report is None)
    facts += _cxr_facts(cxr, has_cxr)
    for i, p in enumerate(problems):
        facts.append(Fact(f"problem:{i}", translate("case_facts", "Could not read"), p, level="warn"))
    warnings = [w for w in (ecg_quality_line(ecg) if ecg is not None else None,) if w]
    warnings += list(getattr(cxr, "notes", ()) or ()) if cxr is not None else []
    return CaseFacts(tuple(facts), tuple(warnings), measuring=measuring and ecg_report is None)


def ai_only_warnings(warnings: Iterable[str], facts: CaseFacts) -> tuple[str, ...]:
    """The warnings of an assessment that are not case facts (those the AI panel shows)."""
    known = set(facts.warnings)
    return tuple(w for w in warnings if w not in known)
