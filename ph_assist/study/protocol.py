"""Reader-study set-up and the reader's session.

A study lives in one folder:

``study.json``
    The study, written once (atomically) by :func:`create_study`: name,
    design, seed (sequential only), washout, readers, the cases (pseudonymous
    case IDs and BNP), the :class:`StudyProtocol`, each reader's randomised
    sessions and case orders, the created time, the app version and the
    SHA-256 of the key file.  It names no file: file names carry identifiers
    in practice (``MRN99887766_DOE_ecg.dcm``), and this is the record a study
    shares.  It holds no label (format 3; formats 1-2, from before key
    files, held them and are still read - the analysis then says so).
``case_files.json``
    Where each case's files are (paths relative to the study folder), written
    once with ``study.json``.  It is read only to open the files and is
    never copied into an export (``analysis.json``, ``reads_long.csv``,
    ``reads.imrmc`` name cases by their IDs only).
``study.sqlite``
    The log (:mod:`ph_assist.study.store`): every event and every answer.

Outside the folder, with the coordinator only:

the key file (``create_study(key_path=...)``, ``study create --key-out``; default ``<folder>.key.json`` beside it)
    The ground-truth labels, the seed and the manifest's SHA-256, with a
    random nonce (so that the key's SHA-256 in ``study.json`` cannot be
    matched by hashing every possible labelling).  A key path inside the
    study folder, or one that exists, is refused.  Readers never need it:
    :func:`open_session` and ``study read`` do not look for it.  The
    analysis (:func:`ph_assist.study.report.analyze_study` ``key=``,
    ``study analyze/export --key``) needs it and checks its SHA-256;
    without it :meth:`Study.truth` raises a one-line :class:`StudyError`.
    The seed of a crossover study is kept in the key too: with the
    label-stratified halves, the seed and the recorded orders would give the
    labels away.  (The plan itself - which cases each reader reads with the
    AI in session 1 - necessarily stays readable; each half holds about as
    many PH cases as the other, which says nothing about a single case.)
    The manifest holds the labels as well: keep it with the key.

Protocol
--------
:class:`StudyProtocol` (in ``study.json``, fixed at creation): the question;
the rating scale (:data:`SCALES`); an optional yes/no action question asked
with every answer ("Refer for echocardiography?"); whether the aided answer
starts from the unaided one (``prefill_aided``, off by default: it invites
anchoring; studies made before the protocol load as
:data:`LEGACY_PROTOCOL`, which prefilled, as they did); instructions shown
before the first case; practice cases; whether readers may comment.

Practice cases (case IDs of the manifest) are read first by every reader, in
the protocol's order - sequential: unaided, lock, aided; crossover (session
1): alternately without and with the AI - and are left out of the
randomisation and of every analysis; their reads are flagged ``practice``
in the log.  The randomised orders of the other cases are those the same
seed gives without practice cases.
Designs
-------
``sequential``
    One session.  Per case: the unaided read; the reader locks the answer;
    the AI is revealed; the aided read - in the same sitting.
``crossover``
    Two sessions at least ``washout_days`` apart (counted from the reader's
    last answer of session 1).  In session 1 each reader reads half of the
    cases with the AI (shown together with the case) and the other half
    without; in session 2 the halves swap, in a new random order.  The
    halves are drawn per reader, stratified by the label (so each half has
    about as many PH cases as the other).  An unaided read in a crossover
    study is final when answered (no AI follows it in that session).

Randomisation
-------------
Reader ``j`` (0-based position in the reader list) draws from
``numpy.random.default_rng(numpy.random.SeedSequence([seed, j]))``:
sequential: one ``permutation`` of the cases (in manifest order);
crossover: a ``permutation`` of the PH cases and one of the non-PH cases
(the first ``ceil``/``floor`` half of each - alternating by reader so odd
counts balance - are read with the AI in session 1), then the session-1
order, then the session-2 order.  The resulting orders are written into
``study.json``, so the study never depends on the numpy version again.

Answers, the rating and the decision
------------------------------------
Every answer gives a *rating* (the ROC data: AUC and OR-Hillis of AUC) and a
*decision* PH yes/no (accuracy, sensitivity, specificity, McNemar, change of
mind); :func:`decision_rule` and :func:`rating_definition` word them, and
the analysis writes them into its output.

``binary_confidence`` (the default; ``answer(ph=True, confidence=70)``)
    "PH: yes/no" and a confidence 0-100 meaning *how sure the reader is of
    the answer given* (0 = guessing, 100 = certain); any pairing is
    accepted.  Rating: ``50 + confidence/2`` for "yes", ``50 -
    confidence/2`` for "no" (:func:`likelihood_rating`) - a certain "no" is
    0, a guess either way 50, a certain "yes" 100.  Decision: the yes/no
    answer.  The GUI labels the slider with :data:`CONFIDENCE_LABEL`.
``five_point`` (``answer(rating=4)``)
    1 definitely no, 2 probably no, 3 uncertain, 4 probably yes, 5
    definitely yes (:func:`scale_choices`).  Rating: the answer, ordinal
    (the empirical AUC counts ties as one half).  Decision: ``rating >= 4``.
``probability`` (``answer(rating=35)``)
    The reader's probability of PH, a whole number 0-100.  Rating: the
    answer.  Decision: ``rating >= 50``.

``action=True/False`` answers the action question (required when the
protocol asks one, refused otherwise); ``comment="..."`` (when the protocol
takes comments; at most :data:`~ph_assist.study.store.MAX_COMMENT`
characters; blank is no comment).  Wrong arguments for the scale are one
line of :class:`StudyError`.  The log keeps the decision (``ph``), the
confidence (binary only), the rating, the action, the comment and the
practice flag of every read.

The reader's session
--------------------
:func:`open_session` returns a :class:`ReaderSession` positioned exactly where
the log says the reader is (no cursor file).  The GUI drives it::

    s = open_session(folder, "R01", bundle_id=bundle.bundle_id)
    if s.paused: s.resume()
    while s.phase not in ("done", "washout"):
        case = s.show_case()                  # case ID, files, BNP - never the label
        if s.phase == "aided":                # crossover aided read: AI shown with the case
            s.answer_aided(ph=True, confidence=85)
            continue
        s.answer(ph=True, confidence=70)      # sequential: may be called again to change it ...
        if s.phase == "awaiting_lock":        # ... until locked (crossover: final, next case)
            s.lock_and_show_ai()              # answer locked, AI revealed (s.ai_visible)
            s.answer_aided(ph=False, confidence=60)
    s.close()                                 # pauses a case on screen; reopen resumes there

After :meth:`ReaderSession.answer` in a crossover study (and after every
:meth:`ReaderSession.answer_aided`) the session is at the next case, which is
not on screen until :meth:`ReaderSession.show_case` (``s.shown`` says so).

Each recording call returns only after the answer is committed durably.
Labels never reach a :class:`ReaderSession`: it loads the study without them
(and never opens the key file).  :attr:`ReaderSession.protocol` tells the GUI
what to ask, :attr:`ReaderSession.is_practice` whether the case on screen is
a practice case and :attr:`ReaderSession.aided_prefill` the unaided answer to
start the aided one from (None unless the protocol prefills).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import numbers
import os
import re
import secrets
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np

from ph_assist.errors import LabValueError, ManifestError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate
from ph_assist.study.ledger import init_study_keys, remove_keys
from ph_assist.study.store import (
    MAX_COMMENT,
    Answer,
    PlanStep,
    ReaderState,
    ReadRecord,
    StudyError,
    StudyStore,
    check_answer,
    format_utc,
    plan_sha256,
    utc_now,
    washout_message,
    write_bytes_atomic,
)

__all__ = [
    "DESIGNS", "PHASES", "STUDY_FILE", "LOG_FILE", "CONFIDENCE_LABEL", "RATING_DEFINITION",
    "StudyError", "StudyCase", "CaseView", "Study", "Progress", "ReaderStatus", "ReaderSession",
    "likelihood_rating", "read_manifest", "create_study", "load_study", "open_session", "open_study_log",
    "study_status", "SCALES", "SCALE_LABELS", "DEFAULT_QUESTION", "LEGACY_PROTOCOL", "StudyProtocol",
    "scale_label", "scale_choices", "decision_rule", "rating_definition", "decision_of", "default_key_path",
    "read_key", "KEY_FORMAT",
]

DESIGNS = ("sequential", "crossover")
PHASES = ("unaided", "awaiting_lock", "aided", "washout", "done")
STUDY_FILE = "study.json"
FILES_FILE = "case_files.json"
LOG_FILE = "study.sqlite"
STUDY_FORMAT = "ph-assist-reader-study"
STUDY_FORMAT_VERSION = 3  # 2: file paths moved into case_files.json; 3: protocol, labels in the key file
_READABLE_VERSIONS = (1, 2, 3)
MANIFEST_COLUMNS = ("case_id", "ecg_path", "cxr_path", "bnp", "bnp_unit", "label")
DEFAULT_WASHOUT_DAYS = 28

#: Label for the confidence slider, consistent with :func:`likelihood_rating`.
CONFIDENCE_LABEL = QT_TRANSLATE_NOOP("study", "How sure are you of this answer? (0 = guessing, 100 = certain)")
#: How a (yes/no, confidence) answer becomes the rating analysed as ROC data.
RATING_DEFINITION = QT_TRANSLATE_NOOP(
    "study",
    "PH-likelihood rating 0-100 = 50 + confidence/2 when the answer is 'PH: yes' and 50 - confidence/2 when "
    "it is 'PH: no' (confidence = certainty in the answer given, 0 = guessing, 100 = certain); "
    "decisions are the yes/no answers"
)

_READER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
_MAX_CASE_ID = 100

Clock = Callable[[], dt.datetime]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def likelihood_rating(ph: bool, confidence: int | float) -> float:
    """PH-likelihood rating (0-100) of an answer; see the module docstring."""
    c = float(confidence)
    return 50.0 + c / 2.0 if ph else 50.0 - c / 2.0


# --------------------------------------------------------------------------
# the protocol: question, rating scale, action question, practice cases
# --------------------------------------------------------------------------

#: Rating scales a study can ask for (see :class:`StudyProtocol`).
SCALES = ("binary_confidence", "five_point", "probability")
DEFAULT_QUESTION = QT_TRANSLATE_NOOP("study", "Does this patient have pulmonary hypertension?")
#: English names of the scales (source texts; :func:`scale_label` translates them).
SCALE_LABELS = {
    "binary_confidence": "PH yes/no and confidence 0-100",
    "five_point": "5-point scale (definitely no ... definitely yes)",
    "probability": "Probability of PH, 0-100 %",
}
_MAX_QUESTION = 300
_MAX_INSTRUCTIONS = 10_000


def scale_label(scale: str) -> str:
    """The (translated) name of a rating scale, for the set-up dialog and the report."""
    names = {
        "binary_confidence": translate("study", "PH yes/no and confidence 0-100"),
        "five_point": translate("study", "5-point scale (definitely no ... definitely yes)"),
        "probability": translate("study", "Probability of PH, 0-100 %"),
    }
    if scale not in names:
        raise StudyError(translate("errors", "unknown rating scale {scale!r}; use one of: {scales}").format(
            scale=scale, scales=", ".join(SCALES)))
    return names[scale]


def scale_choices(scale: str) -> tuple[tuple[Any, str], ...]:
    """The (value, translated wording) pairs a reader chooses from on a scale.

    ``binary_confidence``: the answer ``False``/``True`` (the confidence
    slider is labelled :data:`CONFIDENCE_LABEL`); ``five_point``: the
    ratings 1-5; ``probability``: the two ends of the 0-100 slider.
    """
    if scale == "binary_confidence":
        return ((False, translate("study", "No")), (True, translate("study", "Yes")))
    if scale == "five_point":
        return ((1, translate("study", "Definitely no")), (2, translate("study", "Probably no")),
                (3, translate("study", "Uncertain")), (4, translate("study", "Probably yes")),
                (5, translate("study", "Definitely yes")))
    if scale == "probability":
        return ((0, translate("study", "0 % = certainly no PH")), (100, translate("study", "100 % = certainly PH")))
    raise StudyError(translate("errors", "unknown rating scale {scale!r}; use one of: {scales}").format(
        scale=scale, scales=", ".join(SCALES)))


def decision_rule(scale: str) -> str:
    """How the PH yes/no decision analysed for accuracy, sensitivity and specificity is obtained."""
    rules = {
        "binary_confidence": translate("study", "decision = the reader's PH yes/no answer"),
        "five_point": translate("study", "decision PH = rating >= 4 (probably yes or definitely yes)"),
        "probability": translate("study", "decision PH = probability >= 50 %"),
    }
    return rules[scale]


def rating_definition(scale: str) -> str:
    """What the rating analysed as ROC data (AUC) is, on each scale."""
    defs = {
        "binary_confidence": translate("study", RATING_DEFINITION),
        "five_point": translate("study", "rating = the 5-point answer (1 definitely no, 2 probably no, 3 uncertain, "
                                         "4 probably yes, 5 definitely yes), ordinal; the empirical AUC counts ties "
                                         "as one half"),
        "probability": translate("study", "rating = the reader's probability of PH, 0-100 %"),
    }
    return defs[scale]


def decision_of(scale: str, rating: float) -> bool:
    """The decision of a rating on a scale (five_point: rating >= 4; probability: rating >= 50)."""
    if scale == "five_point":
        return rating >= 4
    if scale == "probability":
        return rating >= 50
    raise ValueError("binary_confidence: the decision is the reader's yes/no answer, recorded with the read")


def _text(value: Any, what: str, limit: int, *, multiline: bool = False) -> str:
    """``value`` as one line (or stripped text); ``what`` names it, marked with QT_TRANSLATE_NOOP("errors", ...)."""
    if not isinstance(value, str):
        raise StudyError(translate("errors", "the {what} must be text, not {type}").format(
            what=translate("errors", what), type=type(value).__name__))
    text = value.strip() if multiline else _one_line(value)
    if len(text) > limit:
        raise StudyError(translate("errors", "the {what} is longer than {limit} characters").format(
            what=translate("errors", what), limit=limit))
    return text


@dataclasses.dataclass(frozen=True)
class StudyProtocol:
    """What readers are asked and how, fixed at creation (stored in ``study.json``).

    Attributes:
        question: the question on screen (one line).
        scale: ``"binary_confidence"`` (PH yes/no and confidence 0-100; the
            rating is :func:`likelihood_rating`), ``"five_point"`` (1
            definitely no, 2 probably no, 3 uncertain, 4 probably yes, 5
            definitely yes) or ``"probability"`` (0-100 %); see
            :func:`scale_choices`.
        action_question: a yes/no question asked with every answer (e.g.
            ``"Refer for echocardiography?"``), or None (not asked).
        prefill_aided: whether the aided answer starts from the unaided one
            (off by default: it invites anchoring).  Studies made before the
            protocol existed load with True, which is what they did.
        instructions: text shown to readers before their first case.
        practice_cases: case IDs of the manifest read first by every reader,
            in this order, and never analysed.
        comment: whether readers may attach a free-text comment to a read.

    The decision analysed for accuracy, sensitivity, specificity and
    McNemar is the yes/no answer (binary_confidence), ``rating >= 4``
    (five_point) or ``rating >= 50`` (probability): :func:`decision_rule`.
    """

    question: str = DEFAULT_QUESTION
    scale: str = "binary_confidence"
    action_question: str | None = None
    prefill_aided: bool = False
    instructions: str = ""
    practice_cases: tuple[str, ...] = ()
    comment: bool = False

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise StudyError(translate("errors", "unknown rating scale {scale!r}; use one of: {scales}").format(
                scale=self.scale, scales=", ".join(SCALES)))
        question = _text(self.question, QT_TRANSLATE_NOOP("errors", "question"), _MAX_QUESTION)
        if not question:
            raise StudyError(translate("errors", "the question is empty"))
        object.__setattr__(self, "question", question)
        if self.action_question is not None:
            action = _text(self.action_question, QT_TRANSLATE_NOOP("errors", "action question"), _MAX_QUESTION)
            object.__setattr__(self, "action_question", action or None)
        object.__setattr__(self, "instructions",
                           _text(self.instructions, QT_TRANSLATE_NOOP("errors", "instructions text"), _MAX_INSTRUCTIONS,
                                 multiline=True))
        for flag in ("prefill_aided", "comment"):
            if not isinstance(getattr(self, flag), bool):
                raise StudyError(translate("errors", "{flag} must be True or False, not {value!r}").format(
                    flag=flag, value=getattr(self, flag)))
        if isinstance(self.practice_cases, str):
            raise StudyError("practice_cases must be a list of case IDs, not one string")  # untranslated: misuse
        practice = tuple(_one_line(c) for c in self.practice_cases)
        dup = sorted({c for c in practice if practice.count(c) > 1})
        if dup:
            raise StudyError(translate("errors", "practice case(s) {cases} listed more than once").format(
                cases=", ".join(dup)))
        object.__setattr__(self, "practice_cases", practice)

    @property
    def decision_rule(self) -> str:
        return decision_rule(self.scale)

    @property
    def rating_definition(self) -> str:
        return rating_definition(self.scale)

    def to_json(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["practice_cases"] = list(self.practice_cases)
        return d

    @classmethod
    def from_json(cls, doc: Mapping[str, Any]) -> StudyProtocol:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(doc) - known
        if unknown:
            raise StudyError(translate("errors", "unknown protocol field(s) {fields} (written by a newer "
                                                 "PH-Assist?)").format(fields=", ".join(sorted(unknown))))
        kw = dict(doc)
        if "practice_cases" in kw:
            kw["practice_cases"] = tuple(kw["practice_cases"])
        return cls(**kw)

    def check_answer(self, ph: object, confidence: object, rating: object) -> tuple[bool, int | None, float]:
        """Validate an answer on this protocol's scale: (decision, confidence or None, rating).

        Raises:
            StudyError: one line saying what this study's scale takes.
        """
        if self.scale == "binary_confidence":
            if rating is not None:
                raise StudyError(translate("errors", "this study asks PH yes/no and a confidence 0-100: give ph "
                                                     "and confidence, not a rating"))
            if ph is None or confidence is None:
                raise StudyError(translate("errors", "this study asks PH yes/no and a confidence 0-100: give both"))
            decision, conf, _ = check_answer(ph, confidence, 0)
            assert conf is not None  # required (the default): a whole number 0-100
            return decision, conf, likelihood_rating(decision, conf)
        if ph is not None or confidence is not None:
            raise StudyError(translate("errors", "this study asks for a rating on the {scale}: give rating, not ph "
                                                 "and confidence").format(scale=scale_label(self.scale)))
        lo, hi = (1, 5) if self.scale == "five_point" else (0, 100)
        if isinstance(rating, bool) or not isinstance(rating, numbers.Integral):
            raise StudyError(translate("errors", "the rating must be a whole number {lo}-{hi}, not {rating!r}").format(
                lo=lo, hi=hi, rating=rating))
        if not lo <= int(rating) <= hi:
            raise StudyError(translate("errors", "the rating must be between {lo} and {hi}, not {rating}").format(
                lo=lo, hi=hi, rating=int(rating)))
        return decision_of(self.scale, int(rating)), None, float(int(rating))


#: The protocol of a study made before protocols were configurable (the reader window prefilled the aided answer).
LEGACY_PROTOCOL = StudyProtocol(prefill_aided=True)


# --------------------------------------------------------------------------
# the coordinator's key file (the ground truth, outside the study folder)
# --------------------------------------------------------------------------

KEY_FORMAT = "ph-assist-study-key"


def default_key_path(folder: str | os.PathLike) -> Path:
    """Where the key goes when no path is given: ``<study folder>.key.json`` beside (not in) the folder."""
    f = Path(folder).absolute()
    return f.parent / f"{f.name}.key.json"


def _check_key_path(key: Path, folder: Path) -> None:
    k, f = key.absolute().resolve(), folder.absolute().resolve()
    if k == f or k.is_relative_to(f):
        raise StudyError(translate("errors", "{key}: the key file must be outside the study folder (readers open "
                                             "{folder}); choose another place, e.g. the coordinator's own "
                                             "folder").format(key=key, folder=f))
    if k.exists():
        raise StudyError(translate("errors", "{key}: already exists; a key file is never overwritten").format(key=key))
    if k.parent.exists() and not k.parent.is_dir():
        raise StudyError(translate("errors", "{key}: {parent} is not a folder").format(key=key, parent=k.parent))


def _key_json(study: Study, seed: int, manifest_hash: str) -> dict[str, Any]:
    assert study.labels is not None
    return {
        "format": KEY_FORMAT,
        "format_version": 1,
        "study_id": study.study_id,
        "name": study.name,
        "created_utc": study.created_utc,
        # random, so that the key's SHA-256 in study.json cannot be matched by trying every labelling
        "nonce": secrets.token_hex(16),
        "seed": seed,
        "manifest_sha256": manifest_hash,
        "labels": {cid: study.labels[cid] for cid in (c.case_id for c in study.cases)},
    }


def read_key(study: Study, key: str | os.PathLike) -> dict[str, Any]:
    """Read and check a study's key file: the labels (and the seed) only the coordinator holds.

    Raises:
        StudyError: missing or unreadable file, or the key of another study
            (its SHA-256 is not the one recorded in ``study.json``).
    """
    p = Path(key)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise StudyError(translate("errors", "{path}: key file not found").format(path=p)) from None
    except OSError as err:
        raise StudyError(translate("errors", "{path}: unreadable key file ({reason})").format(
            path=p, reason=err.strerror or err)) from None
    if study.key_sha256 is not None and hashlib.sha256(raw).hexdigest() != study.key_sha256:
        raise StudyError(translate("errors", "{path}: not the key of study {name!r} (its SHA-256 differs from the "
                                             "one recorded in study.json)").format(path=p, name=study.name))
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise StudyError(translate("errors", "{path}: not a PH-Assist study key file (not JSON)").format(
            path=p)) from None
    if not isinstance(doc, dict) or doc.get("format") != KEY_FORMAT or doc.get("study_id") != study.study_id:
        raise StudyError(translate("errors", "{path}: not the key file of study {name!r}").format(
            path=p, name=study.name))
    try:
        labels = {str(k): int(v) for k, v in doc["labels"].items()}
    except (KeyError, AttributeError, TypeError, ValueError):
        raise StudyError(translate("errors", "{path}: malformed key file (labels)").format(path=p)) from None
    missing = [c.case_id for c in study.cases if c.case_id not in labels]
    if missing or any(v not in (0, 1) for v in labels.values()):
        raise StudyError(translate("errors", "{path}: malformed key file (labels missing or not 0/1)").format(
            path=p))
    doc["labels"] = labels
    return doc


# --------------------------------------------------------------------------
# cases and the manifest
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class StudyCase:
    """A case as stored in ``study.json`` (no label).

    ``ecg_path``/``cxr_path`` are relative to the study folder (or absolute
    when no relative path exists, e.g. another drive); ``bnp`` is the value
    as entered (e.g. ``"120"`` or ``"<10"``), ``bnp_unit`` ``"pg/mL"`` or
    ``"pmol/L"``; ``bnp_pg_ml`` the value in pg/mL.  Missing items are None.
    """

    case_id: str
    ecg_path: str | None
    cxr_path: str | None
    bnp: str | None
    bnp_unit: str | None
    bnp_pg_ml: float | None


@dataclasses.dataclass(frozen=True)
class CaseView:
    """What the reader sees of the current case: files and BNP, never the label.

    ``position`` is 1-based within the session (``"case 12 of 60"``);
    ``condition`` the read it is shown for (``"unaided"``/``"aided"``).
    """

    case_id: str
    ecg_path: Path | None
    cxr_path: Path | None
    bnp: str | None
    bnp_unit: str | None
    bnp_pg_ml: float | None
    session: int
    position: int
    n_cases: int
    condition: str


def read_manifest(path: str | os.PathLike) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Read and validate a case manifest.

    Columns (header names matched ignoring case and surrounding spaces; other
    columns such as ``patient_id``, ``site`` or ``split`` are ignored and
    never copied): ``case_id, ecg_path, cxr_path, bnp, bnp_unit, label``.
    Paths are relative to the manifest's folder (or absolute); a case needs an
    ECG or a chest X-ray (or both) and the files must exist.  ``bnp`` may be
    empty (not measured); when given it needs ``bnp_unit`` (pg/mL, ng/L or
    pmol/L) and a plausible value; or ``fhir_path`` names the case's BNP as a
    FHIR Observation / Bundle file (:mod:`ph_assist.io.fhir`).  ``label`` is
    0 (no PH) or 1 (PH); the study needs at least one of each.

    Returns:
        (cases, labels): cases as dicts with absolute ``Path`` file paths,
        labels ``{case_id: 0/1}``.

    Raises:
        ManifestError: ``"<manifest>: row N: <problem>"`` (the header is row 1).
    """
    from ph_assist.io.labs import parse_labs
    from ph_assist.io.manifest import NO_INPUTS, iter_manifest

    p = Path(path)
    cases: list[dict[str, Any]] = []
    labels: dict[str, int] = {}
    for row in iter_manifest(p, require_label=True, required=MANIFEST_COLUMNS):
        n, cid = row.row_no, _one_line(row.case_id)
        if row.problem and row.problem != translate("errors", NO_INPUTS):
            raise ManifestError(p, translate("errors", "row {row}: {problem}").format(row=n, problem=row.problem))
        if len(cid) > _MAX_CASE_ID:
            raise ManifestError(p, translate("errors", "row {row}: case_id is longer than {limit} characters").format(
                row=n, limit=_MAX_CASE_ID))
        files: dict[str, Path | None] = {}
        for col in ("ecg_path", "cxr_path"):
            f = getattr(row, col)
            if f is not None and not f.exists():
                shown = str(f.relative_to(p.parent)) if f.is_relative_to(p.parent) else str(f)
                raise ManifestError(p, translate("errors", "row {row}: {column} {shown!r} of case {case_id!r} not "
                                                           "found (looked for {path})").format(
                    row=n, column=col, shown=shown, case_id=cid, path=f))
            files[col] = None if f is None else f.resolve()
        if files["ecg_path"] is None and files["cxr_path"] is None:
            raise ManifestError(p, translate("errors", "row {row}: case {case_id!r} has neither an ECG nor a chest "
                                                       "X-ray").format(row=n, case_id=cid))
        bnp = bnp_unit = None
        bnp_pg = None
        if row.bnp:
            if not row.bnp_unit_given:
                raise ManifestError(p, translate("errors", "row {row}: bnp {bnp!r} of case {case_id!r} has no "
                                                           "bnp_unit (pg/mL, ng/L or pmol/L)").format(
                    row=n, bnp=row.bnp, case_id=cid))
            try:
                labs = parse_labs(row.bnp, row.bnp_unit, "BNP")
            except LabValueError as err:
                raise ManifestError(p, translate("errors", "row {row}: case {case_id!r}: {problem}").format(
                    row=n, case_id=cid, problem=err)) from None
            bnp, bnp_unit, bnp_pg = labs.entered_value, labs.entered_unit, float(labs.value_pg_ml)
        elif row.fhir_path:
            bnp, bnp_unit, bnp_pg = _fhir_bnp(p, n, cid, row.fhir_path)
        cases.append({"case_id": cid, "ecg_path": files["ecg_path"], "cxr_path": files["cxr_path"],
                      "bnp": bnp, "bnp_unit": bnp_unit, "bnp_pg_ml": bnp_pg})
        labels[cid] = int(cast(int, row.label))  # require_label: a row that got here has one
    if not cases:
        raise ManifestError(p, translate("errors", "the manifest has no cases"))
    n1 = sum(labels.values())
    if n1 == 0 or n1 == len(labels):
        if n1 == 0:
            raise ManifestError(p, translate("errors", "no PH case (label 1): a reader study needs at least one case "
                                                       "of each"))
        raise ManifestError(p, translate("errors", "no case without PH (label 0): a reader study needs at least one "
                                                   "case of each"))
    return cases, labels


def _fhir_bnp(manifest: Path, n: int, cid: str, path: Path) -> tuple[str, str, float]:
    """A case's BNP from its ``fhir_path`` file: (entered value, entered unit, pg/mL)."""
    from ph_assist.errors import LabsReadError
    from ph_assist.io.fhir import read_fhir_labs

    try:
        labs = read_fhir_labs(path)
    except LabsReadError as err:
        raise ManifestError(manifest, translate("errors", "row {row}: fhir_path of case {case_id!r}: {problem}").format(
            row=n, case_id=cid, problem=err.problem)) from None
    if labs.analyte != "BNP":
        raise ManifestError(manifest, translate("errors", "row {row}: fhir_path of case {case_id!r} holds "
                                                          "{analyte}; a reader study shows BNP").format(
            row=n, case_id=cid, analyte=labs.analyte))
    return labs.entered_value, labs.entered_unit, float(labs.value_pg_ml)


# --------------------------------------------------------------------------
# the study
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SessionPlan:
    """One session of one reader: the cases in order, each with its reads."""

    session: int
    cases: tuple[tuple[str, tuple[str, ...]], ...]  # (case_id, ("unaided", "aided"))


@dataclasses.dataclass(frozen=True)
class Study:
    """A study as recorded in ``study.json``.

    ``labels`` is None when loaded for readers (:func:`load_study` with
    ``with_labels=False``, as :func:`open_session` does) and when the study
    keeps them in the coordinator's key file and no key was given.
    ``key_sha256`` is the SHA-256 of that key file (None for studies made
    before key files, whose labels are in ``study.json``: ``labels_in_folder``).
    ``seed`` is None for a crossover study loaded without its key (its
    stratified randomisation and the seed together would reveal the labels,
    so the seed is kept in the key).
    """

    folder: Path
    study_id: str
    name: str
    design: str
    seed: int | None
    washout_days: int | None
    readers: tuple[str, ...]
    cases: tuple[StudyCase, ...]
    schedule: Mapping[str, tuple[SessionPlan, ...]]
    created_utc: str
    app_version: str
    bundle_id: str | None
    plan_sha256: str
    labels: Mapping[str, int] | None = dataclasses.field(default=None, repr=False)
    protocol: StudyProtocol = LEGACY_PROTOCOL
    key_sha256: str | None = None

    @property
    def labels_in_folder(self) -> bool:
        """Whether the labels sit in ``study.json`` (a study made before key files)."""
        return self.key_sha256 is None

    @property
    def n_sessions(self) -> int:
        return 2 if self.design == "crossover" else 1

    @property
    def log_path(self) -> Path:
        return self.folder / LOG_FILE

    def case(self, case_id: str) -> StudyCase:
        for c in self.cases:
            if c.case_id == case_id:
                return c
        raise StudyError(translate("errors", "case {case_id!r} is not in study {name!r}").format(
            case_id=case_id, name=self.name))

    def resolve(self, rel: str | None) -> Path | None:
        if rel is None:
            return None
        q = Path(rel)
        return q if q.is_absolute() else (self.folder / q).resolve()

    def plan(self) -> list[PlanStep]:
        """The reading plan (one step per read) of every reader, in reader order."""
        out: list[PlanStep] = []
        for reader in self.readers:
            step = 0
            for sess in self.schedule[reader]:
                for k, (cid, conds) in enumerate(sess.cases):
                    for cond in conds:
                        out.append(PlanStep(reader, step, sess.session, k, cid, cond))
                        step += 1
        return out

    def truth(self) -> dict[str, int]:
        """The ground-truth labels (analysis side only)."""
        if self.labels is None:
            if self.key_sha256 is not None:
                raise StudyError(translate("errors", "study {name!r}: the ground truth is in the coordinator's key "
                                                     "file, not in the study folder; give it (ph-assist study analyze "
                                                     "STUDY --key KEY.json)").format(name=self.name))
            raise StudyError(translate("errors", "the labels are not loaded in a reader's session"))
        return dict(self.labels)


def _practice_plan(practice: Sequence[str], design: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Practice cases, read first in the given order: as in a sequential study, or (crossover) alternately
    without the AI and with it, so readers try both kinds of read of session 1."""
    if design == "sequential":
        return tuple((c, ("unaided", "aided")) for c in practice)
    return tuple((c, ("unaided",) if k % 2 == 0 else ("aided",)) for k, c in enumerate(practice))


def _schedule(case_ids: Sequence[str], labels: Mapping[str, int], readers: Sequence[str], design: str,
              seed: int, practice: Sequence[str] = ()) -> dict[str, tuple[SessionPlan, ...]]:
    """Each reader's sessions; ``case_ids`` are the analysed cases (practice cases are prepended as given)."""
    out = _schedule_analysed(case_ids, labels, readers, design, seed)
    if not practice:
        return out
    first = _practice_plan(practice, design)
    return {r: (SessionPlan(sessions[0].session, first + sessions[0].cases),) + sessions[1:]
            for r, sessions in out.items()}


def _schedule_analysed(case_ids: Sequence[str], labels: Mapping[str, int], readers: Sequence[str], design: str,
                       seed: int) -> dict[str, tuple[SessionPlan, ...]]:
    out: dict[str, tuple[SessionPlan, ...]] = {}
    for j, reader in enumerate(readers):
        rng = np.random.default_rng(np.random.SeedSequence([seed, j]))
        if design == "sequential":
            order = [case_ids[i] for i in rng.permutation(len(case_ids))]
            out[reader] = (SessionPlan(1, tuple((c, ("unaided", "aided")) for c in order)),)
            continue
        pos = [c for c in case_ids if labels[c] == 1]
        neg = [c for c in case_ids if labels[c] == 0]
        pos = [pos[i] for i in rng.permutation(len(pos))]
        neg = [neg[i] for i in rng.permutation(len(neg))]
        k1 = (len(pos) + 1) // 2 if j % 2 == 0 else len(pos) // 2
        k0 = len(neg) // 2 if j % 2 == 0 else (len(neg) + 1) // 2
        aided_first = set(pos[:k1]) | set(neg[:k0])
        order1 = [case_ids[i] for i in rng.permutation(len(case_ids))]
        order2 = [case_ids[i] for i in rng.permutation(len(case_ids))]
        s1 = tuple((c, ("aided",) if c in aided_first else ("unaided",)) for c in order1)
        s2 = tuple((c, ("unaided",) if c in aided_first else ("aided",)) for c in order2)
        out[reader] = (SessionPlan(1, s1), SessionPlan(2, s2))
    return out


def _rel(path: Path | None, folder: Path) -> str | None:
    if path is None:
        return None
    try:
        return Path(os.path.relpath(path, folder)).as_posix()
    except ValueError:  # another drive (Windows)
        return str(path)


def _write_json_atomic(path: Path, obj: Any) -> None:
    write_bytes_atomic(path, (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def create_study(
    folder: str | os.PathLike,
    manifest_csv: str | os.PathLike,
    readers: Sequence[str],
    design: str,
    seed: int,
    washout_days: int = DEFAULT_WASHOUT_DAYS,
    name: str | None = None,
    *,
    bundle_id: str | None = None,
    clock: Clock | None = None,
    protocol: StudyProtocol | None = None,
    key_path: str | os.PathLike | None = None,
) -> Study:
    """Create a reader study in ``folder`` (new or empty) and its key file (outside it).

    Args:
        folder: the study folder; created if missing, refused if not empty.
        manifest_csv: the case manifest (see :func:`read_manifest`).
        readers: pseudonymous reader IDs (letters, digits, ``_ . -``; up to
            32 characters; e.g. ``R01``) - never names.
        design: ``"sequential"`` or ``"crossover"``.
        seed: non-negative integer seed of the randomisation (recorded).
        washout_days: days between the crossover sessions (crossover only).
        name: the study's name (default: the folder name).
        bundle_id: the model bundle whose AI output readers will see; when
            given, sessions opened with another bundle are refused.
        protocol: the question, scale, action question, prefill, instructions,
            practice cases and comments (default :class:`StudyProtocol`()).
        key_path: the coordinator's key file (the labels, the seed), written
            outside the study folder; default :func:`default_key_path`.
            ``study.json`` records its SHA-256, never the labels.  Only
            ``study analyze``/``export`` need it; readers never do.

    Raises:
        ManifestError: a bad manifest (file and row named).
        StudyError: bad parameters, a folder that is not empty, a key path
            inside the study folder or one that exists.
    """
    from ph_assist import __version__

    if design not in DESIGNS:
        raise StudyError(translate("errors", "unknown design {design!r}; use one of: {designs}").format(
            design=design, designs=", ".join(DESIGNS)))
    readers = [str(r).strip() for r in readers]
    if not readers:
        raise StudyError(translate("errors", "a study needs at least one reader"))
    for r in readers:
        if not _READER_ID.match(r):
            raise StudyError(translate("errors", "reader ID {reader!r} is not valid: use a pseudonym of letters, "
                                                 "digits, '_', '.', '-' (up to 32 characters, e.g. R01), never a "
                                                 "name").format(reader=r))
    dup = sorted({r for r in readers if readers.count(r) > 1})
    if dup:
        raise StudyError(translate("errors", "reader ID(s) {readers} appear more than once").format(
            readers=", ".join(dup)))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise StudyError(translate("errors", "the seed must be a non-negative whole number, not {seed!r}").format(
            seed=seed))
    washout: int | None = None
    if design == "crossover":
        if isinstance(washout_days, bool) or not isinstance(washout_days, (int, np.integer)) or washout_days < 1:
            raise StudyError(translate("errors", "the washout must be a whole number of days >= 1, not "
                                                 "{days!r}").format(days=washout_days))
        washout = int(washout_days)
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise StudyError(translate("errors", "{folder}: exists and is not a folder").format(folder=target))
    if target.is_dir() and any(target.iterdir()):
        if (target / STUDY_FILE).exists():
            raise StudyError(translate("errors", "{folder}: already holds a study; choose a new or empty "
                                                 "folder").format(folder=target))
        raise StudyError(translate("errors", "{folder}: is not empty; choose a new or empty folder").format(
            folder=target))
    protocol = protocol if protocol is not None else StudyProtocol()
    if not isinstance(protocol, StudyProtocol):
        raise StudyError(f"protocol must be a StudyProtocol, not {type(protocol).__name__}")  # untranslated: misuse
    key = Path(key_path) if key_path is not None else default_key_path(target)
    _check_key_path(key, target)
    cases, labels = read_manifest(manifest_csv)
    _check_practice(protocol, labels, Path(manifest_csv))
    manifest_hash = hashlib.sha256(Path(manifest_csv).read_bytes()).hexdigest()
    created_folder = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    target = target.resolve()
    key_written = False
    try:
        now = (clock or utc_now)()
        study_id = uuid.uuid4().hex
        practice = set(protocol.practice_cases)
        case_ids = [c["case_id"] for c in cases if c["case_id"] not in practice]
        schedule = _schedule(case_ids, labels, readers, design, int(seed), protocol.practice_cases)
        stored_cases = [
            StudyCase(c["case_id"], _rel(c["ecg_path"], target), _rel(c["cxr_path"], target), c["bnp"],
                      c["bnp_unit"], c["bnp_pg_ml"])
            for c in cases
        ]
        study = Study(
            folder=target, study_id=study_id, name=_one_line(name) if name else target.name, design=design,
            seed=int(seed), washout_days=washout, readers=tuple(readers), cases=tuple(stored_cases),
            schedule=schedule, created_utc=format_utc(now), app_version=__version__, bundle_id=bundle_id,
            plan_sha256="", labels=labels, protocol=protocol,
        )
        plan = study.plan()
        study = dataclasses.replace(study, plan_sha256=plan_sha256(plan))
        key_bytes = (json.dumps(_key_json(study, int(seed), manifest_hash), indent=2, ensure_ascii=False)
                     + "\n").encode("utf-8")
        study = dataclasses.replace(study, key_sha256=hashlib.sha256(key_bytes).hexdigest())
        init_study_keys(target, study_id, readers)  # study.secret, log_heads/ (ph_assist.study.ledger)
        StudyStore.create(target / LOG_FILE, study_id=study_id, design=design, washout_days=washout, plan=plan,
                          created_utc=study.created_utc).close()
        key.parent.mkdir(parents=True, exist_ok=True)
        if key.exists():  # appeared meanwhile: never overwritten
            raise StudyError(translate("errors", "{key}: already exists; a key file is never overwritten").format(
                key=key))
        write_bytes_atomic(key, key_bytes)
        key_written = True
        _write_json_atomic(target / FILES_FILE, _files_json(study))
        _write_json_atomic(target / STUDY_FILE, _study_json(study, Path(manifest_csv).resolve()))
    except BaseException:
        if key_written:
            key.unlink(missing_ok=True)
        for nm in (STUDY_FILE, FILES_FILE, LOG_FILE, LOG_FILE + "-wal", LOG_FILE + "-shm"):
            (target / nm).unlink(missing_ok=True)
        remove_keys(target)
        if created_folder:
            try:
                target.rmdir()
            except OSError:
                pass
        raise
    return study


_PATH_FIELDS = ("ecg_path", "cxr_path")


def _check_practice(protocol: StudyProtocol, labels: Mapping[str, int], manifest: Path) -> None:
    unknown = [c for c in protocol.practice_cases if c not in labels]
    if unknown:
        raise StudyError(translate("errors", "{manifest}: practice case(s) {cases} are not in the manifest").format(
            manifest=manifest, cases=", ".join(unknown[:5])))
    analysed = [y for c, y in labels.items() if c not in set(protocol.practice_cases)]
    if not analysed or min(analysed) == max(analysed):
        raise StudyError(translate("errors", "{manifest}: without the practice cases no case of each kind (PH and "
                                             "no PH) is left to analyse").format(manifest=manifest))


def _files_json(study: Study) -> dict[str, Any]:
    return {"format": STUDY_FORMAT + "-files", "study_id": study.study_id,
            "cases": {c.case_id: {k: getattr(c, k) for k in _PATH_FIELDS} for c in study.cases}}


def _study_json(study: Study, manifest: Path) -> dict[str, Any]:
    """``study.json``: everything but the labels, the seed (crossover) and the manifest's hash (all in the key).

    The manifest's SHA-256 moved into the key too: with the case IDs, BNP
    values and file paths a reader sees, a small manifest's every labelling
    could be hashed and compared.
    """
    from ph_assist.io.safe_csv import file_ref

    return {
        "format": STUDY_FORMAT,
        "format_version": STUDY_FORMAT_VERSION,
        "study_id": study.study_id,
        "name": study.name,
        "created_utc": study.created_utc,
        "app_version": study.app_version,
        "design": study.design,
        "washout_days": study.washout_days,
        # the seed with the label-stratified crossover halves would reveal the labels: it is in the key
        "seed": study.seed if study.design == "sequential" else None,
        "randomisation": "reader j (0-based): numpy.random.default_rng(numpy.random.SeedSequence([seed, j])); "
                         "see ph_assist.study.protocol; the resulting orders are recorded below",
        "protocol": study.protocol.to_json(),
        "key": {"sha256": study.key_sha256, "note": "the labels are in the coordinator's key file, outside the "
                                                    "study folder; 'ph-assist study analyze --key' needs it"},
        "numpy_version": np.__version__,
        "bundle_id": study.bundle_id,
        "rating_definition": study.protocol.rating_definition,
        "decision_rule": study.protocol.decision_rule,
        "confidence_label": CONFIDENCE_LABEL if study.protocol.scale == "binary_confidence" else None,
        "manifest": {"file": file_ref(manifest)},
        "case_files": FILES_FILE,
        "readers": list(study.readers),
        "cases": [{k: v for k, v in dataclasses.asdict(c).items() if k not in _PATH_FIELDS} for c in study.cases],
        "schedule": {
            reader: [
                {"session": s.session, "cases": [{"case_id": cid, "reads": list(conds)} for cid, conds in s.cases]}
                for s in sessions
            ]
            for reader, sessions in study.schedule.items()
        },
        "plan_sha256": study.plan_sha256,
    }


def load_study(folder: str | os.PathLike, *, with_labels: bool = True,
               key: str | os.PathLike | None = None) -> Study:
    """Load ``study.json`` of a study folder.

    Args:
        with_labels: load the labels: from ``key`` (checked against the
            SHA-256 in ``study.json``), or for a study made before key files
            from ``study.json``.  Without a key a keyed study loads with
            ``labels`` None (and :meth:`Study.truth` says the key is needed).
        key: the coordinator's key file (see :func:`create_study`).

    Raises:
        StudyError: no study there, a file that is not a PH-Assist study, or
            a key that is not this study's.
    """
    f = Path(folder)
    path = f / STUDY_FILE
    if not f.is_dir():
        raise StudyError(translate("errors", "{folder}: not a folder (expected a study folder made by 'ph-assist "
                                             "study create')").format(folder=f))
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StudyError(translate("errors", "{folder}: not a study folder (no {file})").format(
            folder=f, file=STUDY_FILE)) from None
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise StudyError(translate("errors", "{path}: unreadable study file ({problem})").format(
            path=path, problem=err)) from None
    if not isinstance(doc, dict) or doc.get("format") != STUDY_FORMAT:
        raise StudyError(translate("errors", "{path}: not a PH-Assist study file").format(path=path))
    if doc.get("format_version") not in _READABLE_VERSIONS:
        raise StudyError(translate("errors", "{path}: unknown study format version {version!r} (this PH-Assist "
                                             "reads versions {versions})").format(
            path=path, version=doc.get("format_version"), versions=", ".join(map(str, _READABLE_VERSIONS))))
    files = _load_case_files(f, doc) if doc["format_version"] >= 2 else None
    try:
        if files is not None:
            cases = tuple(StudyCase(**c, **files.get(str(c["case_id"]), dict.fromkeys(_PATH_FIELDS)))
                          for c in doc["cases"])
        else:  # version 1: the paths are in study.json
            cases = tuple(StudyCase(**c) for c in doc["cases"])
        schedule = {
            reader: tuple(SessionPlan(int(s["session"]), tuple((c["case_id"], tuple(c["reads"])) for c in s["cases"]))
                          for s in sessions)
            for reader, sessions in doc["schedule"].items()
        }
        labels = {str(k): int(v) for k, v in doc["labels"].items()} if with_labels and "labels" in doc else None
        keyed = doc["format_version"] >= 3
        protocol = StudyProtocol.from_json(doc["protocol"]) if keyed else LEGACY_PROTOCOL
        key_sha = str(doc["key"]["sha256"]) if keyed else None
        seed = None if doc.get("seed") is None else int(doc["seed"])
        study = Study(
            folder=f.resolve(), study_id=str(doc["study_id"]), name=str(doc["name"]), design=str(doc["design"]),
            seed=seed,
            washout_days=None if doc.get("washout_days") is None else int(doc["washout_days"]),
            readers=tuple(doc["readers"]), cases=cases, schedule=schedule, created_utc=str(doc["created_utc"]),
            app_version=str(doc["app_version"]), bundle_id=doc.get("bundle_id"),
            plan_sha256=str(doc["plan_sha256"]), labels=labels, protocol=protocol, key_sha256=key_sha,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise StudyError(translate("errors", "{path}: malformed study file ({error_type}: {problem})").format(
            path=path, error_type=type(err).__name__, problem=err)) from None
    if study.design not in DESIGNS or set(study.readers) != set(study.schedule):
        raise StudyError(translate("errors", "{path}: malformed study file (design or readers)").format(path=path))
    if with_labels and key is not None and keyed:
        kd = read_key(study, key)
        study = dataclasses.replace(study, labels=kd["labels"],
                                    seed=study.seed if kd.get("seed") is None else int(kd["seed"]))
    return study


def _load_case_files(folder: Path, doc: Mapping[str, Any]) -> dict[str, dict[str, str | None]]:
    path = folder / FILES_FILE
    try:
        files = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StudyError(translate("errors", "{path}: missing (the study's list of case files)").format(
            path=path)) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise StudyError(translate("errors", "{path}: unreadable list of case files ({error_type})").format(
            path=path, error_type=type(err).__name__)) from None
    if (not isinstance(files, dict) or files.get("study_id") != doc.get("study_id")
            or not isinstance(files.get("cases"), dict)):
        raise StudyError(translate("errors", "{path}: not the list of case files of {study_file}").format(
            path=path, study_file=folder / STUDY_FILE))
    out: dict[str, dict[str, str | None]] = {}
    for cid, entry in files["cases"].items():
        if not isinstance(entry, dict) or any(not isinstance(entry.get(k), (str, type(None))) for k in _PATH_FIELDS):
            raise StudyError(translate("errors", "{path}: malformed entry for case {case_id!r}").format(
                path=path, case_id=cid))
        out[str(cid)] = {k: entry.get(k) for k in _PATH_FIELDS}
    return out


def open_study_log(study: Study, *, bundle_id: str | None = None) -> StudyStore:
    """Open a study's log and check that it belongs to ``study`` (same study ID and plan)."""
    store = StudyStore(study.log_path, bundle_id=bundle_id)
    try:
        if store.meta.get("study_id") != study.study_id:
            raise StudyError(translate("errors", "{log}: belongs to another study than {study_file}").format(
                log=study.log_path, study_file=study.folder / STUDY_FILE))
        if store.meta.get("plan_sha256") != study.plan_sha256:
            raise StudyError(translate("errors", "{log}: its reading plan differs from {study_file}").format(
                log=study.log_path, study_file=study.folder / STUDY_FILE))
    except BaseException:
        store.close()
        raise
    return store


# --------------------------------------------------------------------------
# progress and phases
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Progress:
    """Numbers behind :attr:`ReaderSession.progress`.

    ``position`` is the 1-based position of the current case in its session
    (``n_cases`` when done); ``cases_done`` counts the session's cases whose
    reads are all locked; ``reads_done``/``reads_total`` count reads over
    the whole study.
    """

    session: int
    n_sessions: int
    position: int
    n_cases: int
    cases_done: int
    reads_done: int
    reads_total: int


def _phase(st: ReaderState, now: dt.datetime) -> str:
    if st.step is None:
        return "done"
    if st.opens_at is not None and now < st.opens_at:
        return "washout"
    if st.step.condition == "aided":
        return "aided"
    return "awaiting_lock" if st.read is not None else "unaided"


def _progress(st: ReaderState, plan: Sequence[PlanStep]) -> Progress:
    if st.step is None:
        last = plan[-1].session
        n_cases = len({p.case_id for p in plan if p.session == last})
        return Progress(last, st.n_sessions, n_cases, n_cases, n_cases, st.n_locked, st.n_steps)
    sess = st.step.session
    in_sess = [p for p in plan if p.session == sess]
    done_cases = len({p.case_id for p in in_sess if p.step < st.step.step}
                     - {p.case_id for p in in_sess if p.step >= st.step.step})
    return Progress(sess, st.n_sessions, st.step.order_index + 1, st.session_cases, done_cases, st.n_locked,
                    st.n_steps)


def _progress_text(phase: str, prog: Progress, st: ReaderState) -> str:
    prefix = (translate("study", "session {session} of {n}, ").format(session=prog.session, n=prog.n_sessions)
              if prog.n_sessions > 1 else "")
    if phase == "done":
        if prog.n_sessions > 1:
            return translate("study", "done: all {n} cases read in both sessions").format(n=prog.n_cases)
        return translate("study", "done: all {n} cases read").format(n=prog.n_cases)
    if phase == "washout":
        assert st.opens_at is not None
        return translate("study", "session {session} of {n} opens on {when} UTC").format(
            session=prog.session, n=prog.n_sessions, when=f"{st.opens_at:%Y-%m-%d %H:%M}")
    return prefix + translate("study", "case {k} of {n}").format(k=prog.position, n=prog.n_cases)


@dataclasses.dataclass(frozen=True)
class ReaderStatus:
    """One reader's standing (for ``ph-assist study status``)."""

    reader: str
    phase: str
    progress: str
    session: int
    n_sessions: int
    cases_done_in_session: int
    reads_done: int
    reads_total: int
    paused: bool
    last_activity_utc: str | None
    opens_at_utc: str | None


def study_status(folder: str | os.PathLike, *, now: dt.datetime | None = None) -> list[ReaderStatus]:
    """Every reader's progress, derived from the log."""
    study = load_study(folder, with_labels=False)
    now = now or utc_now()
    out = []
    with open_study_log(study) as store:
        for reader in study.readers:
            st = store.state(reader, now)
            phase = _phase(st, now)
            prog = _progress(st, store.plan(reader))
            out.append(ReaderStatus(
                reader, phase, _progress_text(phase, prog, st), prog.session, prog.n_sessions, prog.cases_done,
                prog.reads_done, prog.reads_total, st.paused, st.last_event_utc,
                None if phase != "washout" or st.opens_at is None else format_utc(st.opens_at),
            ))
    return out


# --------------------------------------------------------------------------
# the reader's session
# --------------------------------------------------------------------------


class ReaderSession:
    """One reader working through a study; see the module docstring.

    Create with :func:`open_session`.  All state comes from the log; the
    object only adds what the log cannot know: whether the current case is on
    screen in *this* run (after a restart, call :meth:`show_case` again) and
    the monotonic timer of the time on case.  Not thread-safe.
    """

    def __init__(self, study: Study, store: StudyStore, reader: str, clock: Clock):
        if study.labels is not None:  # pragma: no cover - guarded by open_session
            raise StudyError("a reader session must not hold the labels")  # untranslated: misuse
        self._study = study
        self._store = store
        self._reader = reader
        self._clock = clock
        self._cases = {c.case_id: c for c in study.cases}
        self._plan = store.plan(reader)
        self._st = store.state(reader, clock())
        self._shown_step: int | None = None  # plan step on screen in this run
        self._seg_start_ns: int | None = None  # monotonic start of the running timing segment
        self._carried_ms = 0  # active time on the current read before the running segment

    # ---- read-only view -----------------------------------------------------
    @property
    def reader_id(self) -> str:
        return self._reader

    @property
    def study_name(self) -> str:
        return self._study.name

    @property
    def design(self) -> str:
        return self._study.design

    @property
    def bundle_id(self) -> str | None:
        return self._store.bundle_id

    @property
    def protocol(self) -> StudyProtocol:
        """What readers are asked and how (scale, action question, prefill, instructions, practice, comment)."""
        return self._study.protocol

    @property
    def is_practice(self) -> bool:
        """Whether the current case is a practice case (read, never analysed)."""
        st = self._st
        return st.step is not None and st.step.case_id in self._study.protocol.practice_cases

    @property
    def aided_prefill(self) -> ReadRecord | None:
        """The unaided answer to start the aided answer from, when the protocol says so (else None)."""
        return self.unaided_answer if self.protocol.prefill_aided and self.phase == "aided" else None

    def _now(self) -> dt.datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the session clock must return timezone-aware datetimes")
        return now

    def _refresh(self) -> ReaderState:
        self._st = self._store.state(self._reader, self._now())
        return self._st

    @property
    def phase(self) -> str:
        """``"unaided"``, ``"awaiting_lock"``, ``"aided"``, ``"washout"`` or ``"done"``."""
        st = self._st
        if st.opens_at is not None and self._now() >= st.opens_at:
            st = self._refresh()
        return _phase(st, self._now())

    @property
    def condition(self) -> str | None:
        """The condition of the current read (None when done)."""
        return None if self._st.step is None else self._st.step.condition

    @property
    def paused(self) -> bool:
        return self._st.paused

    @property
    def shown(self) -> bool:
        """Whether the current case was shown in this run (see :meth:`show_case`)."""
        return self._st.step is not None and self._shown_step == self._st.step.step

    @property
    def ai_visible(self) -> bool:
        """Whether the GUI should show the AI output now (aided read, AI revealed)."""
        return self.phase == "aided" and self._st.ai_shown

    @property
    def opens_at(self) -> dt.datetime | None:
        """When the next session opens (crossover washout), else None."""
        return self._st.opens_at if self.phase == "washout" else None

    @property
    def progress_info(self) -> Progress:
        return _progress(self._st, self._plan)

    @property
    def progress(self) -> str:
        """E.g. ``"case 12 of 60"`` (crossover: ``"session 1 of 2, case 12 of 60"``)."""
        return _progress_text(self.phase, self.progress_info, self._st)

    @property
    def current_case(self) -> CaseView | None:
        """The case to read now (None when done or in the washout)."""
        st = self._st
        if st.step is None or self.phase == "washout":
            return None
        c = self._cases[st.step.case_id]
        return CaseView(
            case_id=c.case_id, ecg_path=self._study.resolve(c.ecg_path), cxr_path=self._study.resolve(c.cxr_path),
            bnp=c.bnp, bnp_unit=c.bnp_unit, bnp_pg_ml=c.bnp_pg_ml, session=st.step.session,
            position=st.step.order_index + 1, n_cases=st.session_cases, condition=st.step.condition,
        )

    @property
    def recorded_answer(self) -> ReadRecord | None:
        """The current read's answer when given but not yet locked (phase ``awaiting_lock``)."""
        return self._st.read

    @property
    def unaided_answer(self) -> ReadRecord | None:
        """The locked or pending unaided answer of the current case in this session (sequential design)."""
        st = self._st
        if st.step is None:
            return None
        if st.step.condition == "unaided":
            return st.read
        rec = self._store.read(self._reader, st.step.case_id, "unaided")
        return rec if rec is not None and rec.session == st.step.session else None

    @property
    def time_on_case_ms(self) -> int:
        """Active time on the current read so far (pauses excluded)."""
        if self._seg_start_ns is None:
            return self._carried_ms
        return self._carried_ms + (time.monotonic_ns() - self._seg_start_ns) // 1_000_000

    # ---- actions ----------------------------------------------------------
    def _require_active(self, *phases: str) -> ReaderState:
        phase = self.phase
        st = self._st
        if phase == "done":
            raise StudyError(translate("errors", "reader {reader!r} has read every case of study {name!r}").format(
                reader=self._reader, name=self._study.name))
        if phase == "washout":
            raise StudyError(washout_message(st))
        if st.paused:
            raise StudyError(translate("errors", "reader {reader!r}: the session is paused; resume it first").format(
                reader=self._reader))
        if phases and phase not in phases:
            hint = {
                "unaided": "give the unaided answer with answer()",
                "awaiting_lock": "lock the unaided answer with lock_and_show_ai() (or change it with answer())",
                "aided": "give the aided answer with answer_aided()",
            }[phase]
            case_id = None if st.step is None else st.step.case_id  # a step is set in these phases
            raise StudyError(  # untranslated: misuse
                f"reader {self._reader!r}, case {case_id!r}: not possible now; {hint}")
        return st

    def _require_shown(self, st: ReaderState) -> None:
        if self._shown_step != st.step.step:  # type: ignore[union-attr]
            raise StudyError(f"reader {self._reader!r}: show the case first (show_case())")  # untranslated: misuse

    def show_case(self) -> CaseView:
        """Put the current case on screen (logged); starts the time on case.

        For an aided read that comes with the AI (crossover) the AI is logged
        as shown too.  Calling it again in the same run changes nothing.
        """
        st = self._require_active()
        if self._shown_step == st.step.step:  # type: ignore[union-attr]
            return self.current_case  # type: ignore[return-value]
        self._st = self._store.record_show(self._reader, st.step, self._now())
        self._shown_step = self._st.step.step  # type: ignore[union-attr]
        self._carried_ms = self._st.carried_ms
        self._seg_start_ns = time.monotonic_ns()
        return self.current_case  # type: ignore[return-value]

    def _answer_parts(self, ph: object, confidence: object, rating: object, action: object,
                      comment: object) -> tuple[bool, int | None, Answer]:
        """Validate an answer against the protocol: (decision, confidence, the rest)."""
        p = self._study.protocol
        decision, conf, value = p.check_answer(ph, confidence, rating)
        if p.action_question is None:
            if action is not None:
                raise StudyError(translate("errors", "this study asks no action question; leave action out"))
        elif not isinstance(action, bool):
            raise StudyError(translate("errors", "answer the action question ({question!r}) with yes or no "
                                                 "(True/False)").format(question=p.action_question))
        if comment is not None:
            if not isinstance(comment, str):
                raise StudyError(translate("errors", "the comment must be text, not {type}").format(
                    type=type(comment).__name__))
            comment = comment.strip() or None
            if comment is not None and not p.comment:
                raise StudyError(translate("errors", "this study takes no comments; leave comment out"))
            if comment is not None and len(comment) > MAX_COMMENT:
                raise StudyError(translate("errors", "the comment is longer than {limit} characters ({n})").format(
                    limit=MAX_COMMENT, n=len(comment)))
        return decision, conf, Answer(value, action, comment, self.is_practice)

    def answer(self, ph: bool | None = None, confidence: int | None = None, *, rating: int | None = None,
               action: bool | None = None, comment: str | None = None) -> ReadRecord:
        """Give (or, before the lock, change) the unaided answer; durable on return.

        On the binary + confidence scale give ``ph`` and ``confidence``; on
        the 5-point scale ``rating`` 1-5; on the probability scale ``rating``
        0-100.  ``action`` (True/False) is required when the protocol asks
        its action question and refused otherwise; ``comment`` is optional
        text (when the protocol takes comments).
        """
        decision, conf, extra = self._answer_parts(ph, confidence, rating, action, comment)
        st = self._require_active("unaided", "awaiting_lock")
        self._require_shown(st)
        rec = self._store.record_answer(self._reader, st.step, decision, conf, self.time_on_case_ms, self._now(),
                                        answer=extra)
        self._after_answer(st)
        return rec

    def lock_and_show_ai(self) -> None:
        """Lock the unaided answer and reveal the AI (sequential design); durable on return."""
        st = self._require_active("awaiting_lock")
        self._require_shown(st)
        self._st = self._store.record_lock_and_ai(self._reader, st.step, self._now())
        self._shown_step = self._st.step.step if self._st.step is not None else None
        self._carried_ms = 0
        self._seg_start_ns = time.monotonic_ns()

    def answer_aided(self, ph: bool | None = None, confidence: int | None = None, *, rating: int | None = None,
                     action: bool | None = None, comment: str | None = None) -> ReadRecord:
        """Give the aided answer (final); durable on return.  Arguments as for :meth:`answer`."""
        decision, conf, extra = self._answer_parts(ph, confidence, rating, action, comment)
        st = self._require_active("aided")
        self._require_shown(st)
        if not st.ai_shown:  # pragma: no cover - show_case logs it
            raise StudyError(  # untranslated: misuse
                f"reader {self._reader!r}: the AI has not been shown for this case")
        rec = self._store.record_answer(self._reader, st.step, decision, conf, self.time_on_case_ms, self._now(),
                                        answer=extra)
        self._after_answer(st)
        return rec

    def _after_answer(self, before: ReaderState) -> None:
        st = self._refresh()
        if st.step is None or st.step.step != before.step.step:  # type: ignore[union-attr]
            self._shown_step = None
            self._seg_start_ns = None
            self._carried_ms = 0

    def pause(self) -> None:
        """Pause (logged with the time on case so far); a no-op when paused, done or in the washout."""
        if self._st.paused or self.phase in ("done", "washout"):
            return
        elapsed = self.time_on_case_ms
        self._st = self._store.record_pause(self._reader, elapsed, self._now())
        self._carried_ms = elapsed
        self._seg_start_ns = None

    def resume(self) -> None:
        """Resume after :meth:`pause` (also after reopening a paused session)."""
        if not self._st.paused:
            return
        self._st = self._store.record_resume(self._reader, self._now())
        if self.shown:
            self._seg_start_ns = time.monotonic_ns()

    def close(self, *, pause: bool = True) -> None:
        """Close the log; with ``pause`` (default) a case on screen is paused first."""
        try:
            if pause and self.shown and not self._st.paused:
                self.pause()
        finally:
            self._store.close()

    def __enter__(self) -> ReaderSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<ReaderSession {self._reader!r} of {self._study.name!r}: {self.progress}, {self.phase}>"


def open_session(
    study_folder: str | os.PathLike,
    reader_id: str,
    *,
    bundle_id: str | None = None,
    clock: Clock | None = None,
) -> ReaderSession:
    """Open a reader's session where the log says the reader left off.

    Args:
        study_folder: the folder made by :func:`create_study`.
        reader_id: one of the study's reader IDs.
        bundle_id: the model bundle the GUI shows (recorded in every event);
            refused if the study fixed another one.
        clock: returns the current UTC time (timezone-aware); for tests.

    Raises:
        StudyError: unknown reader, a log that is missing, corrupt, of an
            unknown schema or of another study.
    """
    study = load_study(study_folder, with_labels=False)
    if reader_id not in study.readers:
        raise StudyError(translate("errors", "reader {reader!r} is not in study {name!r} (readers: {readers})").format(
            reader=reader_id, name=study.name, readers=", ".join(study.readers)))
    if study.bundle_id and bundle_id and bundle_id != study.bundle_id:
        raise StudyError(translate("errors", "study {name!r} is read with model bundle {bundle}, not {other}").format(
            name=study.name, bundle=study.bundle_id[:12], other=bundle_id[:12]))
    store = open_study_log(study, bundle_id=bundle_id or study.bundle_id)
    try:
        return ReaderSession(study, store, reader_id, clock or utc_now)
    except BaseException:
        store.close()
        raise
