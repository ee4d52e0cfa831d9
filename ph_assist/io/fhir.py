"""BNP and NT-proBNP from a FHIR R4 export of the laboratory system.

:func:`read_fhir_labs` reads a JSON file holding one ``Observation`` or a
``Bundle`` (``searchset`` or ``collection``) of resources, picks the most
recent usable natriuretic-peptide result and returns it as
:class:`~ph_assist.io.labs.Labs`.  The value goes through
:func:`~ph_assist.io.labs.parse_labs`, so a result from a file obeys exactly
the rules of a typed one (plausible range, ``<`` detection limit, pmol/L
conversion); a ``valueQuantity`` with comparator ``<`` is read as the typed
text ``"<5"``.

Accepted codes (LOINC, system ``http://loinc.org``), see :data:`LOINC_CODES`:

========  ==========  ===========  ============================================
LOINC     analyte     property     component / specimen
========  ==========  ===========  ============================================
30934-4   BNP         mass/volume  Natriuretic peptide B, serum or plasma
42637-9   BNP         mass/volume  Natriuretic peptide B, blood (point of care)
47092-2   BNP         moles/volume Natriuretic peptide B, serum or plasma
33762-6   NT-proBNP   mass/volume  NT-proBNP, serum or plasma
83107-3   NT-proBNP   mass/volume  NT-proBNP, serum or plasma, by immunoassay
33763-4   NT-proBNP   moles/volume NT-proBNP, serum or plasma
83108-1   NT-proBNP   moles/volume NT-proBNP, serum or plasma, by immunoassay
========  ==========  ===========  ============================================

The alternates measure the same component (LOINC component "Natriuretic
peptide B" or "Natriuretic peptide.B prohormone N-Terminal") as the primary
code of their analyte, on another specimen (whole blood), with the method
named, or as a substance (moles) rather than a mass concentration.  Codes
of other components (ANP, CNP, proBNP 1-108) are not read.  The LOINC
*property* (mass or substance concentration) must agree with the UCUM unit
of the value: pg/mL or ng/L with a mass code, pmol/L with a moles code; a
code and a unit that contradict each other are refused rather than
guessed.  Units are the UCUM codes ``pg/mL``, ``ng/L``
(the same number) and ``pmol/L`` (converted with the peptide's molar mass by
``parse_labs``); without a UCUM code the human-readable ``unit`` is read by
the same rules as a typed unit.

Only results with status ``final``, ``amended`` or ``corrected`` are used.
A single Observation with another status (``preliminary``,
``entered-in-error``, ``cancelled`` ...) is refused with that reason; in a
Bundle those are skipped, and if none is left the file is refused.  The
most recent result is the one with the latest ``effective[x]`` (date-time,
instant or period start), else ``issued``.  If the most recent result has
no usable value the file is refused: an older value is never used in its
place.

Parsing uses ``fhir.resources.R4B``: fhir.resources 7 and 8 default to FHIR
R5, whose Observation differs from R4's; R4B (4.3) keeps R4's Observation,
Quantity and Bundle unchanged (R4B only changed medication-definition,
evidence and subscription resources), so R4 exports validate against it.
Only Observation entries are validated; other entries of a Bundle (Patient,
Encounter ...) are skipped unread.  Nothing from the resource that could
identify a patient (subject, performer, identifiers, names, dates) ever
enters a message.

References
----------
HL7 FHIR R4 Observation, https://hl7.org/fhir/R4/observation.html;
Bundle, https://hl7.org/fhir/R4/bundle.html.
LOINC 30934-4, 42637-9, 47092-2, 33762-6, 83107-3, 33763-4, 83108-1,
https://loinc.org.
UCUM, https://ucum.org/ucum.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ph_assist.errors import LabsReadError, LabValueError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.io.labs import Labs, normalize_unit, parse_labs

#: Largest file read (bytes); a laboratory export of one patient is kilobytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
#: LOINC code -> (analyte, property): "mass" (pg/mL, ng/L) or "moles" (pmol/L).
LOINC_CODES: dict[str, tuple[str, str]] = {
    "30934-4": ("BNP", "mass"),
    "42637-9": ("BNP", "mass"),
    "47092-2": ("BNP", "moles"),
    "33762-6": ("NT-proBNP", "mass"),
    "83107-3": ("NT-proBNP", "mass"),
    "33763-4": ("NT-proBNP", "moles"),
    "83108-1": ("NT-proBNP", "moles"),
}
#: UCUM codes accepted, as the unit names of :func:`~ph_assist.io.labs.parse_labs`.
UCUM_UNITS = {"pg/mL": "pg/mL", "ng/L": "ng/L", "pmol/L": "pmol/L"}
USABLE_STATUS = ("final", "amended", "corrected")
#: The LOINC property of a code, as named in messages.
_PROPERTY_NAMES = {"mass": QT_TRANSLATE_NOOP("errors", "mass"), "moles": QT_TRANSLATE_NOOP("errors", "moles")}
BUNDLE_TYPES = ("searchset", "collection")


class _Candidate(NamedTuple):
    entry: int | None  # index in the Bundle, None for a lone Observation
    obs: Any  # fhir.resources.R4B.observation.Observation
    analyte: str
    prop: str
    when: _dt.datetime | None


def read_fhir_labs(path: str | os.PathLike) -> Labs:
    """The most recent BNP or NT-proBNP result of a FHIR R4 JSON file.

    Parameters
    ----------
    path : path-like
        A JSON file, at most :data:`MAX_FILE_BYTES`, holding one
        ``Observation`` or a ``Bundle`` of type ``searchset`` or
        ``collection``.

    Returns
    -------
    Labs
        As :func:`~ph_assist.io.labs.parse_labs` returns for the same value,
        unit and analyte typed in.

    Raises
    ------
    LabsReadError
        ``"<file>: <problem>"`` on one line: not readable, too large, not
        JSON, not FHIR, no supported code, no usable status, no value, a
        value that fails the typed-value rules, or several results at the
        most recent time that disagree.

    References
    ----------
    https://hl7.org/fhir/R4/observation.html
    """
    p = Path(path)
    doc = _load_json(p)
    kind = doc.get("resourceType") if isinstance(doc, dict) else None
    if kind == "Observation":
        cand = _candidate(p, None, doc)
        if cand is None:
            raise LabsReadError(p, translate("errors", "the Observation's code is not BNP or NT-proBNP ({codes}); "
                                                       "supported LOINC codes: {supported}").format(
                codes=_codes_text(doc), supported=", ".join(LOINC_CODES)))
        status = cand.obs.status
        if status not in USABLE_STATUS:
            raise LabsReadError(p, translate("errors", "the {analyte} Observation has status {status!r}; "
                                                       "only {usable} results are used").format(
                analyte=cand.analyte, status=status, usable=", ".join(USABLE_STATUS)))
        return _to_labs(p, cand)
    if kind == "Bundle":
        return _to_labs(p, _most_recent(p, list(_bundle_candidates(p, doc))))
    if not isinstance(doc, dict):
        raise LabsReadError(p, translate("errors", "not a FHIR resource (the JSON is not an object)"))
    shown = kind if isinstance(kind, str) and kind.isalnum() and len(kind) < 40 else "none"
    raise LabsReadError(p, translate(
        "errors", "a FHIR {kind} resource, not an Observation or a Bundle of Observations").format(kind=shown))


# ------------------------------------------------------------------ the file
def _load_json(p: Path) -> Any:
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise LabsReadError(p, translate("errors", "file not found")) from None
    except OSError as exc:
        raise LabsReadError(p, translate("errors", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise LabsReadError(p, translate("errors", "is a folder, not a FHIR JSON file"))
    if not stat.S_ISREG(st.st_mode):
        raise LabsReadError(p, translate("errors", "is a device, FIFO or socket, not a file"))
    if st.st_size > MAX_FILE_BYTES:
        raise LabsReadError(p, translate("errors", "is {mb:.0f} MB; a FHIR laboratory export read here may "
                                                   "be at most {limit} MB (export this patient's results only)").format(
            mb=st.st_size / 2**20, limit=MAX_FILE_BYTES // 2**20))
    try:
        with open(p, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise LabsReadError(p, translate("errors", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise LabsReadError(p, translate("errors", "is larger than {limit} MB").format(limit=MAX_FILE_BYTES // 2**20))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LabsReadError(p, translate("errors", "not a UTF-8 text file (FHIR JSON is UTF-8)")) from None
    if text.lstrip().startswith("<"):
        raise LabsReadError(p, translate(
            "errors", "looks like XML; FHIR is read as JSON (export the results as FHIR JSON)"))
    try:
        return json.loads(text, parse_float=decimal.Decimal, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        where = (translate("errors", " (line {line}, column {column})").format(line=exc.lineno, column=exc.colno)
                 if isinstance(exc, json.JSONDecodeError) else "")
        raise LabsReadError(p, translate("errors", "not valid JSON{where}").format(where=where)) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# ------------------------------------------------------------ the resources
def _coding_codes(doc: dict) -> list[tuple[str, str]]:
    code = doc.get("code")
    codings = code.get("coding") if isinstance(code, dict) else None
    if not isinstance(codings, list):
        return []
    return [(str(c.get("system", "")), str(c.get("code", ""))) for c in codings if isinstance(c, dict)]


def _codes_text(doc: dict) -> str:
    """The codes of a resource for a message: LOINC/system-less codes only, never free text."""
    codes = [c for s, c in _coding_codes(doc) if c and len(c) < 20 and c.replace("-", "").isalnum()]
    return (translate("errors", "code {codes}").format(codes=", ".join(codes[:3])) if codes
            else translate("errors", "no code"))


def _supported(doc: dict) -> tuple[str, str] | None:
    for system, code in _coding_codes(doc):
        if system == LOINC_SYSTEM and code in LOINC_CODES:
            return LOINC_CODES[code]
    return None


def _validate(p: Path, entry: int | None, doc: dict) -> Any:
    from fhir.resources.R4B.observation import Observation
    from pydantic import ValidationError

    try:
        return Observation.model_validate(doc)
    except ValidationError as exc:
        err = exc.errors(include_input=False, include_url=False)[0]
        loc = ".".join(str(x) for x in err.get("loc", ())) or "the resource"
        msg = str(err.get("msg", "invalid")).splitlines()[0][:120]
        where = translate("errors", "Bundle entry {entry}: ").format(entry=entry) if entry is not None else ""
        raise LabsReadError(p, translate("errors", "{where}not a valid FHIR R4 Observation: {loc}: {msg}").format(
            where=where, loc=loc, msg=msg)) from None


def _candidate(p: Path, entry: int | None, doc: dict) -> _Candidate | None:
    """The Observation as a candidate result, or ``None`` if its code is not supported."""
    found = _supported(doc)
    if found is None:
        return None
    obs = _validate(p, entry, doc)
    return _Candidate(entry, obs, found[0], found[1], _when(obs))


def _bundle_entries(p: Path, doc: dict) -> list:
    """The ``entry`` list of a Bundle of a type PH-Assist reads (:data:`BUNDLE_TYPES`)."""
    btype = doc.get("type")
    if btype not in BUNDLE_TYPES:
        shown = btype if isinstance(btype, str) and len(btype) < 30 else "missing"
        raise LabsReadError(p, translate("errors", "a Bundle of type {type!r}; only {types} Bundles are read").format(
            type=shown, types=translate("errors", " or ").join(BUNDLE_TYPES)))
    entries = doc.get("entry") or []
    if not isinstance(entries, list):
        raise LabsReadError(p, translate("errors", "not a valid FHIR Bundle: entry is not a list"))
    return entries


def _bundle_candidates(p: Path, doc: dict) -> Iterator[_Candidate]:
    entries = _bundle_entries(p, doc)
    for i, e in enumerate(entries):
        res = e.get("resource") if isinstance(e, dict) else None
        if isinstance(res, dict) and res.get("resourceType") == "Observation":
            cand = _candidate(p, i, res)
            if cand is not None:
                yield cand


def _when(obs: Any) -> _dt.datetime | None:
    """The clinically relevant time: ``effective[x]``, else ``issued`` (UTC; partial dates at their start)."""
    period = obs.effectivePeriod
    for value in (obs.effectiveDateTime, obs.effectiveInstant, period.start if period else None, obs.issued):
        if value is not None:
            return _as_utc(value)
    return None


def _as_utc(value: Any) -> _dt.datetime:
    if isinstance(value, _dt.datetime):
        return value.astimezone(_dt.timezone.utc) if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.timezone.utc)
    parts = [int(x) for x in str(value).split("-")[:3]]  # partial date: "2024" or "2024-03"
    parts += [1] * (3 - len(parts))
    return _dt.datetime(parts[0], parts[1], parts[2], tzinfo=_dt.timezone.utc)


def _most_recent(p: Path, cands: list[_Candidate]) -> _Candidate:
    if not cands:
        raise LabsReadError(p, translate("errors", "the Bundle holds no BNP or NT-proBNP Observation; "
                                                   "supported LOINC codes: {supported}").format(
            supported=", ".join(LOINC_CODES)))
    usable = [c for c in cands if c.obs.status in USABLE_STATUS]
    if not usable:
        counts: dict[str, int] = {}
        for c in cands:
            counts[str(c.obs.status)] = counts.get(str(c.obs.status), 0) + 1
        shown = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        raise LabsReadError(p, translate("errors", "the Bundle's {n} BNP / NT-proBNP Observation(s) are not final "
                                                   "({statuses}); only {usable} results are used").format(
            n=len(cands), statuses=shown, usable=", ".join(USABLE_STATUS)))
    if len(usable) == 1:
        return usable[0]
    if any(c.when is None for c in usable):
        raise LabsReadError(p, translate("errors", "the Bundle holds {n} final BNP / NT-proBNP results and some have "
                                                   "no effective date or issued time; cannot tell which is the most "
                                                   "recent").format(n=len(usable)))
    latest = max(c.when for c in usable if c.when is not None)
    top = [c for c in usable if c.when == latest]
    if len({_value_key(c) for c in top}) > 1:
        raise LabsReadError(p, translate("errors", "the Bundle holds {n} different BNP / NT-proBNP results at the "
                                                   "same, most recent time; cannot tell which to use").format(
            n=len(top)))
    return top[0]


def _value_key(c: _Candidate) -> tuple:
    q = c.obs.valueQuantity
    return (c.analyte,) + ((q.value, q.comparator, q.code, q.unit) if q is not None else (None,))


# ------------------------------------------------------------------- the value
def _to_labs(p: Path, c: _Candidate) -> Labs:
    where = translate("errors", "Bundle entry {entry}: ").format(entry=c.entry) if c.entry is not None else ""
    what = translate("errors", "{where}the {analyte} Observation").format(where=where, analyte=c.analyte)
    q = c.obs.valueQuantity
    if q is None:
        absent = c.obs.dataAbsentReason
        if absent is not None:
            raise LabsReadError(p, translate("errors", "{what} has no value (dataAbsentReason given)").format(
                what=what))
        kind = next((k for k in ("valueString", "valueCodeableConcept", "valueInteger", "valueRatio")
                     if getattr(c.obs, k, None) is not None), None)
        if kind:
            raise LabsReadError(p, translate("errors", "{what} holds a {kind}, not a valueQuantity with a unit").format(
                what=what, kind=kind))
        raise LabsReadError(p, translate("errors", "{what} has no valueQuantity").format(what=what))
    if q.value is None:
        raise LabsReadError(p, translate("errors", "{what} has a valueQuantity without a value").format(what=what))
    if q.comparator not in (None, "<"):
        raise LabsReadError(p, translate("errors", "{what} has comparator {comparator!r}; only '<' (below the assay's "
                                                   "detection limit) is read, as when typed").format(
            what=what, comparator=q.comparator))
    try:
        unit = _unit(q)
        text = f"{q.comparator or ''}{q.value}"
        labs = parse_labs(text, unit, c.analyte)
    except LabValueError as exc:
        raise LabsReadError(p, translate("errors", "{what}: {problem}").format(what=what, problem=exc)) from None
    needed = "moles" if labs.entered_unit == "pmol/L" else "mass"
    if needed != c.prop:
        raise LabsReadError(p, translate("errors", "{what}: its LOINC code is a {property} concentration but the "
                                                   "unit is {unit}; the export contradicts itself").format(
            what=what, property=translate("errors", _PROPERTY_NAMES[c.prop]), unit=labs.entered_unit))
    return labs


def _unit(q: Any) -> str:
    if q.system == UCUM_SYSTEM and q.code:
        if q.code not in UCUM_UNITS:
            raise LabValueError(translate("errors", "UCUM unit {unit!r} is not read; use pg/mL, ng/L or pmol/L").format(
                unit=q.code[:20]))
        return UCUM_UNITS[q.code]
    if q.unit:
        normalize_unit(q.unit)  # the typed-unit rules: refuses anything else
        return q.unit
    raise LabValueError(translate("errors", "the valueQuantity has no unit; expected UCUM pg/mL, ng/L or pmol/L"))


# ------------------------------------------------- a laboratory export of many patients
def observations_by_patient(path: str | os.PathLike) -> dict[str, list[dict]]:
    """The BNP / NT-proBNP Observations of a multi-patient FHIR Bundle, by patient identifier.

    For a worklist built from the PACS: the laboratory system exports one
    ``searchset`` or ``collection`` Bundle for the day, and each radiograph's
    patient is matched to their results by the identifier the PACS uses as
    Patient ID.  An Observation belongs to the identifiers of its
    ``subject``: ``subject.identifier.value``, and the ``identifier`` values of
    the ``Patient`` resource in the Bundle that ``subject.reference`` names
    (``Patient/<id>`` or the entry's ``fullUrl``).  Identifier values are
    compared exactly (surrounding spaces removed).  An identifier value that
    two different Patient resources of the Bundle carry (an MRN of one system
    equal to another system's number) is ambiguous and left out: a result is
    never given to a patient it may not belong to.  The result lives in memory
    only; only the code is checked here: :func:`read_fhir_labs` applies every
    rule when the case reads the file :func:`write_patient_labs` writes.

    Returns
    -------
    dict
        identifier value -> the patient's Observation resources (JSON objects,
        in Bundle order); an Observation whose subject matches no identifier,
        or only ambiguous ones, is left out.

    Raises
    ------
    LabsReadError
        The file is not a readable FHIR Bundle of a supported type.
    """
    p = Path(path)
    doc = _load_json(p)
    if not isinstance(doc, dict) or doc.get("resourceType") != "Bundle":
        raise LabsReadError(p, translate(
            "errors", "a laboratory export for a worklist must be a FHIR Bundle (searchset or collection)"))
    entries = _bundle_entries(p, doc)
    patients: dict[str, list[str]] = {}
    owners: dict[str, set[int]] = {}  # identifier value -> the Patient entries that carry it
    for k, e in enumerate(entries):
        res = e.get("resource") if isinstance(e, dict) else None
        if not (isinstance(res, dict) and res.get("resourceType") == "Patient"):
            continue
        ids = _identifier_values(res.get("identifier"))
        for value in ids:
            owners.setdefault(value, set()).add(k)
        refs = [f"Patient/{res['id']}"] if isinstance(res.get("id"), str) else []
        if isinstance(e.get("fullUrl"), str):
            refs.append(e["fullUrl"])
        for ref in refs:
            patients.setdefault(ref, []).extend(ids)
    ambiguous = {value for value, who in owners.items() if len(who) > 1}
    out: dict[str, list[dict]] = {}
    for e in entries:
        obs = e.get("resource") if isinstance(e, dict) else None
        if not isinstance(obs, dict) or obs.get("resourceType") != "Observation" or _supported(obs) is None:
            continue
        subj = obs.get("subject")
        subject: dict = subj if isinstance(subj, dict) else {}
        ids = _identifier_values([subject.get("identifier")])
        subject_ref = subject.get("reference")
        if isinstance(subject_ref, str):
            ids += patients.get(subject_ref, [])
        for value in dict.fromkeys(ids):
            if value not in ambiguous:
                out.setdefault(value, []).append(obs)
    return out


def observation_date(obs: dict) -> _dt.date | None:
    """The day of a raw Observation's result (``effective[x]``, else ``issued``); ``None`` when it
    gives no full date (a year or a month alone is not a day)."""
    period = obs.get("effectivePeriod")
    for value in (obs.get("effectiveDateTime"), obs.get("effectiveInstant"),
                  period.get("start") if isinstance(period, dict) else None, obs.get("issued")):
        if isinstance(value, str) and len(value) >= 10:
            try:
                return _dt.date.fromisoformat(value[:10])
            except ValueError:
                return None
    return None


def _identifier_values(identifiers: Any) -> list[str]:
    values = []
    for ident in identifiers if isinstance(identifiers, list) else []:
        v = ident.get("value") if isinstance(ident, dict) else None
        if isinstance(v, str) and v.strip():
            values.append(v.strip())
    return values


def write_patient_labs(observations: list[dict], dest: str | os.PathLike) -> Path:
    """Write one patient's Observations as a FHIR ``collection`` Bundle, without their ``subject``.

    The case then reads its BNP from this file (manifest column ``fhir_path``)
    with :func:`read_fhir_labs` and every rule of a typed value.  The subject,
    which names the patient, is left out: the case needs the result, not whose
    it is.
    """
    dest = Path(dest)
    clean = [_plain({k: v for k, v in obs.items() if k != "subject"}) for obs in observations]
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": obs} for obs in clean]}
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.write_text(json.dumps(bundle, indent=1), encoding="utf-8")
    os.replace(tmp, dest)
    return dest


def _plain(obj: Any) -> Any:
    """JSON as read by :func:`_load_json` (numbers as Decimal) back to plain JSON numbers."""
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if isinstance(obj, decimal.Decimal):
        return int(obj) if obj == obj.to_integral_value() and "." not in str(obj) else float(obj)
    return obj
