"""Shared adapter between ecgdatakit's format parsers and :class:`ECG`.

The HL7 aECG, Philips, GE MUSE, SCP-ECG and MFER readers are thin wrappers
around one ecgdatakit parser class each.  This module does the common work:

* runs the parser with its Python warnings silenced (they are diagnostics
  such as "invalid birth date", never something a user should see);
* turns every exception it raises into one :class:`ECGReadError` line that
  names the file and the problem;
* converts each lead to millivolts (refusing uncalibrated ADC counts),
  checks that the standard leads share one sampling rate, and copies the
  non-identifying metadata (age, sex, time, device, statements; never names
  or IDs) before handing everything to :func:`build_ecg`.

Leads at different sampling rates are refused rather than resampled: a
resting ECG stores every lead at one rate, so a mismatch means a monitor
recording or a damaged file, and resampling would hide that.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

import numpy as np

from ph_assist.errors import ECGReadError, PHAssistError
from ph_assist.i18n import translate
from ph_assist.io.detect import check_readable
from ph_assist.io.identity import patient_key
from ph_assist.io.ecg import ECG, ECGMetadata, build_ecg, unit_to_mv
from ph_assist.io.leads import normalize_lead_name

#: Longest problem text taken over from a library message.
_MAX_MESSAGE = 240
#: Most interpretation statements kept, and longest kept statement.
_MAX_STATEMENTS, _MAX_STATEMENT_CHARS = 64, 400
_MAX_AGE_YEARS = 130

Precheck = Callable[[Path], None]
#: Adjusts the standard-lead channels (name -> mV) in place, given the rate.
Postprocess = Callable[[dict[str, np.ndarray], float], None]


def resolve_lead(label: object) -> tuple[str | None, float]:
    """Standard lead name and sign for a channel label.

    ``normalize_lead_name`` would read an inverted lead such as ``-aVR``
    (Cabrera display) as ``aVR``; here it is recognised and returned with
    sign ``-1`` so the caller can restore the standard polarity.
    """
    text = str(label).strip()
    core = re.sub(r"^(?:ecg\s+)?(?:lead\s+)?", "", text, flags=re.IGNORECASE).strip()
    if core.startswith("-"):
        std = normalize_lead_name(core[1:].strip())
        return (std, -1.0) if std is not None else (None, 1.0)
    return normalize_lead_name(text), 1.0


def clean_message(exc: BaseException, path: Path, *prefixes: str) -> str:
    """One short line from a library exception, without the file's path."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for name in sorted({str(path), os.fspath(path.resolve())}, key=len, reverse=True):
        text = text.replace(name, "the file")
    for prefix in prefixes:
        if prefix and text.lower().startswith((prefix.lower() + ":", prefix.lower() + " ")):
            text = text[len(prefix) + 1:].strip()
    if len(text) > _MAX_MESSAGE:
        text = text[:_MAX_MESSAGE].rstrip() + " ..."
    return text


def refuse_xml_entities(
    path: Path, fmt: str, handler_factory: Callable[[], ContentHandler] = ContentHandler,
) -> ContentHandler | None:
    """Refuse XML that declares entities or external references.

    A streaming defusedxml (SAX) pass; nothing is built unless the handler
    made by ``handler_factory`` collects it.  Used in front of parsers that do
    not themselves parse with defusedxml.  Returns the handler of the pass that
    read the whole document, or ``None`` when the document is malformed (the
    real parser then fails with its own message).
    """
    import defusedxml.sax
    from defusedxml import DefusedXmlException

    data = path.read_bytes()
    attempts: list[bytes] = [data]
    # The parsers retry undeclared encodings with a lossy decode; check that too.
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    attempts.append(re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1).encode("utf-8"))
    for attempt in attempts:
        handler = handler_factory()
        try:
            defusedxml.sax.parseString(attempt, handler)
            return handler
        except DefusedXmlException as exc:
            raise ECGReadError(
                path,
                translate("errors", "{format}: the XML declares entities or external references "
                                    "({error_type}); refused for security").format(
                    format=fmt, error_type=type(exc).__name__),
            ) from None
        except (SAXException, ValueError, UnicodeError):
            continue
    return None


def parse_quietly(path: Path, parser: Any, fmt: str, precheck: Precheck | None = None) -> Any:
    """Run ``parser.parse(path)`` with warnings silenced and errors mapped."""
    from ecgdatakit.exceptions import ECGDataKitError

    prefixes = (fmt, getattr(parser, "FORMAT_NAME", ""), "GE MUSE")
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            if precheck is not None:
                precheck(path)
            return parser.parse(path)
    except PHAssistError:
        raise
    except ECGDataKitError as exc:
        raise ECGReadError(path, translate("errors", "{format}: {problem}").format(
            format=fmt, problem=clean_message(exc, path, *prefixes))) from None
    except MemoryError:
        raise ECGReadError(path, translate("errors", "{format}: the file declares more data than fits in memory")
                           .format(format=fmt)) from None
    except OSError as exc:
        raise ECGReadError(path, translate("errors", "{format}: cannot be read ({reason})").format(
            format=fmt, reason=exc.strerror or exc)) from None
    except Exception as exc:  # noqa: BLE001 - a library bug on odd input is still a bad file
        raise ECGReadError(
            path, translate("errors", "{format}: cannot decode the file ({error_type}: {error})").format(
                format=fmt, error_type=type(exc).__name__, error=clean_message(exc, path))
        ) from None


def lead_to_mv(lead: Any, path: Path, fmt: str) -> np.ndarray:
    """A lead's samples in mV; raw ADC counts without a voltage unit are refused."""
    samples = np.asarray(lead.samples, dtype=np.float64)
    if lead.is_raw:
        unit = lead.resolution_unit or ""
        factor = unit_to_mv(unit) if unit else None
        resolution, offset = float(lead.resolution), float(lead.offset or 0.0)
        if factor is None or not math.isfinite(resolution) or resolution == 0.0 \
                or not math.isfinite(offset):
            raise ECGReadError(
                path,
                translate("errors", "{format}: lead {lead} has no usable calibration (resolution {resolution:g} "
                                    "{unit}); its samples are raw ADC counts").format(
                    format=fmt, lead=lead.label, resolution=resolution,
                    unit=unit or translate("errors", "without a unit")),
            )
        return (samples * resolution + offset) * factor
    factor = unit_to_mv(lead.units)
    if factor is None:
        raise ECGReadError(path, translate("errors", "{format}: lead {lead} is in {unit}, not a voltage").format(
            format=fmt, lead=lead.label, unit=lead.units or translate("errors", "no unit")))
    return samples * factor


def _lead_rates(record: Any) -> list[float]:
    """Sampling rate of each lead, exact (not rounded) where the parser kept it."""
    leads = record.leads
    rates = [float(lead.sampling_rate) for lead in leads]
    meta = record.raw_metadata if isinstance(record.raw_metadata, dict) else {}
    exact = meta.get("sampling_rates")  # MFER: one per lead
    if isinstance(exact, list) and len(exact) == len(leads):
        candidates = [_finite(r) for r in exact]
        if all(c is not None and round(c) == r for c, r in zip(candidates, rates)):
            return [float(c) for c in candidates]  # type: ignore[arg-type]
    timing = meta.get("rhythm_time")  # HL7 aECG: one increment for the series
    if isinstance(timing, dict):
        rate = _finite(timing.get("sampling_rate_exact"))
        if rate is not None and len(set(rates)) == 1 and round(rate) == rates[0]:
            return [rate] * len(leads)
    return rates


def _finite(value: object) -> float | None:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


def metadata_from_record(record: Any) -> ECGMetadata:
    """Age, sex, acquisition time, device and statements; no names or IDs (only their keyed hash)."""
    patient, recording = record.patient, record.recording
    age = _finite(getattr(patient, "age", None))
    if age is not None and not (0 <= age <= _MAX_AGE_YEARS):
        age = None
    sex = str(getattr(patient, "sex", "") or "").strip().upper()
    acquired = getattr(recording, "date", None)
    device_info = getattr(recording, "device", None)
    parts: list[str] = []
    for value in (getattr(device_info, "manufacturer", ""), getattr(device_info, "model", "")):
        value = " ".join(str(value or "").split())
        if value and value not in parts:
            parts.append(value)
    statements: list[str] = []
    for item in getattr(record.interpretation, "statements", []) or []:
        left, right = (item if isinstance(item, (tuple, list)) and len(item) == 2 else (item, ""))
        left, right = " ".join(str(left or "").split()), " ".join(str(right or "").split())
        line = f"{left} ({right})" if left and right else left or right
        if line:
            statements.append(line[:_MAX_STATEMENT_CHARS])
    return ECGMetadata(
        age_years=age,
        sex=sex if sex in ("M", "F") else None,
        acquired=acquired if isinstance(acquired, dt.datetime) else None,
        device=" ".join(parts) or None,
        statements=tuple(statements[:_MAX_STATEMENTS]),
        patient_key=patient_key(getattr(patient, "patient_id", None), getattr(patient, "birth_date", None)),
    )


def record_to_ecg(
    record: Any, path: Path, *, fmt: str, source_format: str, allow_incomplete: bool,
    postprocess: Postprocess | None = None,
) -> ECG:
    """Convert an ecgdatakit ``ECGRecord`` to a validated :class:`ECG`."""
    leads = list(record.leads or [])
    if not leads:
        raise ECGReadError(path, translate("errors", "{format}: the file holds no rhythm leads").format(format=fmt))
    channels: list[tuple[str, np.ndarray]] = []
    rates: dict[str, float] = {}
    for lead, rate in zip(leads, _lead_rates(record)):
        std, sign = resolve_lead(lead.label)
        if std is None:
            # Not one of the 12 (respiration, SpO2, Frank leads ...): listed
            # in source_leads, dropped by build_ecg without being converted.
            channels.append((str(lead.label), np.empty(0)))
            continue
        if std in rates:
            continue  # duplicate lead: the first one wins, as in build_ecg
        channels.append((std, sign * lead_to_mv(lead, path, fmt)))
        rates[std] = rate
    distinct = sorted(set(rates.values()))
    if len(distinct) > 1:
        shown = ", ".join(f"{name} {rate:g} Hz" for name, rate in rates.items())
        raise ECGReadError(
            path, translate("errors", "{format}: the leads have different sampling rates ({rates}); "
                                      "a 12-lead ECG records all leads at one rate").format(format=fmt, rates=shown),
        )
    fs = distinct[0] if distinct else 0.0
    if postprocess is not None:
        standard = {name: samples for name, samples in channels if name in rates}
        postprocess(standard, fs)
        channels = [(name, standard.get(name, samples)) for name, samples in channels]
    return build_ecg(
        channels, fs, source_format=source_format, source_path=path,
        metadata=metadata_from_record(record), allow_incomplete=allow_incomplete,
    )


def read_with(
    path: str | os.PathLike,
    parser: Any,
    *,
    fmt: str,
    source_format: str,
    allow_incomplete: bool = False,
    precheck: Precheck | None = None,
    postprocess: Postprocess | None = None,
) -> ECG:
    """Read ``path`` with an ecgdatakit parser instance and return an :class:`ECG`.

    ``fmt`` is the format's display name used in error messages;
    ``precheck(path)`` runs first (size or security checks) and raises
    :class:`ECGReadError` to refuse the file; ``postprocess(channels, fs)``
    may change the standard leads (in mV) before :func:`build_ecg`.
    """
    p = check_readable(path)
    record = parse_quietly(p, parser, fmt, precheck)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return record_to_ecg(
                record, p, fmt=fmt, source_format=source_format,
                allow_incomplete=allow_incomplete, postprocess=postprocess,
            )
    except PHAssistError:
        raise
    except Exception as exc:  # noqa: BLE001 - odd records must still end in a clear error
        raise ECGReadError(
            p, translate("errors", "{format}: unusable record ({error_type}: {error})").format(
                format=fmt, error_type=type(exc).__name__, error=clean_message(exc, p))
        ) from None
