"""Philips Sierra / PageWriter XML reader, via ecgdatakit's ``SierraXMLParser``.

Handles Base64 and XLI-compressed waveforms (ecgdatakit rebuilds III, aVR,
aVL, aVF from the XLI residuals), UTF-8 and UTF-16 files.

Two checks run before ecgdatakit sees the file:

* ecgdatakit parses this format with xmltodict on the stdlib expat parser, so
  the file is first read with defusedxml: entity declarations and external
  references are refused;
* XLI is LZW compression, which expands up to ~600-fold, and ecgdatakit
  decodes every chunk in full, in Python, before it checks the length.  The
  decompressed size of each chunk is computed first (cheaply, from the code
  stream) and a chunk larger than the declared samples allow is refused, so
  a small file cannot make the reader run for minutes or take gigabytes.

PageWriter carts append a 1 mV calibration pulse to the rhythm data (the last
0.4 s of the 11 s: 0 mV, 1 mV for 200 ms, 0 mV, identical in every lead).  It
is not ECG: that trailing block is cut off, so the trace holds the patient's
signal only and the pulse is not mistaken for a clipped lead.
"""

from __future__ import annotations

import base64
import binascii
import math
import os
from pathlib import Path
from xml.sax.handler import ContentHandler

import numpy as np

from ph_assist.errors import ECGReadError
from ph_assist.i18n import translate
from ph_assist.io._ecgdatakit import read_with, refuse_xml_entities
from ph_assist.io.ecg import ECG, MAX_DURATION_S

_FMT = "Philips XML"
_PULSE_MV = 1.0
_TOL_MV = 1e-6
_MIN_BLOCK_S, _MIN_PULSE_S = 0.1, 0.05
_LZW_BITS = 10
#: XLI chunks (one per stored lead) allowed before the total size check bites.
_MAX_CHUNKS = 32


class _WaveformSniffer(ContentHandler):
    """Collects the attributes and text of ``<parsedwaveforms>`` and the sampling rate."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: dict[str, str] | None = None
        self.parts: list[str] = []
        self.sampling_rate = ""
        self._inside: str | None = None

    def startElement(self, name: str, attrs) -> None:  # noqa: N802 - SAX API
        local = name.rsplit(":", 1)[-1].lower()
        if local == "parsedwaveforms" and self.attrs is None:
            self.attrs = {k.rsplit(":", 1)[-1].lower(): v for k, v in attrs.items()}
            self._inside = local
        elif local == "samplingrate" and not self.sampling_rate:
            self._inside = local

    def endElement(self, name: str) -> None:  # noqa: N802 - SAX API
        if name.rsplit(":", 1)[-1].lower() == self._inside:
            self._inside = None

    def characters(self, content: str) -> None:
        if self._inside == "parsedwaveforms":
            self.parts.append(content)
        elif self._inside == "samplingrate":
            self.sampling_rate += content


def lzw_output_length(data: bytes, limit: int, bits: int = _LZW_BITS) -> int:
    """Bytes ecgdatakit's LZW decoder would produce from ``data`` (stops once past ``limit``).

    Mirrors ``ecgdatakit.parsing.codecs.lzw.LzwDecoder`` but tracks string
    lengths only: fixed-width MSB-first codes, a code above the table's
    maximum ends the stream, an undefined code is the KwKwK case.
    """
    n_codes = len(data) * 8 // bits
    if n_codes == 0:
        return 0
    stream = np.unpackbits(np.frombuffer(data, dtype=np.uint8))[: n_codes * bits]
    codes = (stream.reshape(n_codes, bits).astype(np.int64) @ (1 << np.arange(bits - 1, -1, -1))).tolist()
    max_code = (1 << bits) - 2
    lengths = [1] * 256 + [0] * (max_code + 1 - 256)  # 0: not yet defined
    next_code, previous, total = 256, 0, 0
    for code in codes:
        if code > max_code:
            break
        length = lengths[code]
        if length == 0:
            if previous == 0:
                break  # the decoder refuses this stream
            length = lengths[code] = previous + 1
        if previous and next_code <= max_code:
            lengths[next_code] = previous + 1
            next_code += 1
        previous = length
        total += length
        if total > limit:
            break
    return total


def _number(text: str | None) -> float | None:
    try:
        value = float(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) and value > 0 else None


def _check_xli(path: Path, sniffer: _WaveformSniffer) -> None:
    """Refuse XLI data that would decompress far beyond the declared samples."""
    attrs = sniffer.attrs or {}
    method = (attrs.get("compression") or attrs.get("compressmethod") or "").strip().upper()
    if method != "XLI" or (attrs.get("compressflag", "").strip().lower() == "false"):
        return
    rate = _number(attrs.get("samplespersecond")) or _number(sniffer.sampling_rate)
    duration_ms = _number(attrs.get("durationperchannel"))
    if rate is None or duration_ms is None:
        return  # ecgdatakit refuses the file before decoding
    if duration_ms / 1000.0 > MAX_DURATION_S:
        raise ECGReadError(path, translate("errors", "{format}: {hours:.0f} h per lead declared; "
                                                     "longer than the 24 h any reader accepts").format(
            format=_FMT, hours=duration_ms / 3.6e6))
    per_chunk = 4 * int(duration_ms * rate / 1000.0) + 4096  # 2 bytes a sample, doubled
    try:
        payload = base64.b64decode("".join("".join(sniffer.parts).split()), validate=True)
    except (binascii.Error, ValueError):
        return  # ecgdatakit reports the invalid Base64
    offset, index, total = 0, 0, 0
    while offset + 8 <= len(payload):
        size = int.from_bytes(payload[offset:offset + 4], "little", signed=True)
        offset += 8
        if size <= 0 or size > len(payload) - offset:
            return  # ecgdatakit reports the broken chunk header
        index += 1
        produced = lzw_output_length(payload[offset:offset + size], per_chunk)
        total += produced
        if produced > per_chunk or total > _MAX_CHUNKS * per_chunk:
            raise ECGReadError(
                path, translate("errors", "{format}: XLI chunk {index} decompresses to more than {limit} bytes, "
                                          "far beyond the {duration_ms:g} ms declared per lead (damaged or "
                                          "malicious file)").format(
                    format=_FMT, index=index, limit=per_chunk, duration_ms=duration_ms),
            )
        offset += size


def _precheck(path: Path) -> None:
    sniffer = refuse_xml_entities(path, _FMT, _WaveformSniffer)
    if isinstance(sniffer, _WaveformSniffer):
        _check_xli(path, sniffer)


def calibration_start(channels: dict[str, np.ndarray], fs: float) -> int | None:
    """Index where a trailing calibration block starts, or ``None``.

    The block is the longest tail in which every lead holds the same value,
    that value always 0 or 1 mV; it counts only when it lasts at least 0.1 s
    and holds at least 0.05 s of 1 mV.  No real ECG has all leads identical.
    """
    arrays = list(channels.values())
    if len(arrays) < 2 or fs <= 0 or len({len(a) for a in arrays}) != 1 or len(arrays[0]) == 0:
        return None
    stack = np.vstack(arrays)
    first = stack[0]
    same = np.all(np.abs(stack - first) <= _TOL_MV, axis=0)
    level = (np.abs(first) <= _TOL_MV) | (np.abs(first - _PULSE_MV) <= _TOL_MV)
    bad = np.flatnonzero(~(same & level))
    start = int(bad[-1]) + 1 if bad.size else 0
    tail = first[start:]
    pulse = np.count_nonzero(np.abs(tail - _PULSE_MV) <= _TOL_MV)
    if len(tail) < _MIN_BLOCK_S * fs or pulse < _MIN_PULSE_S * fs:
        return None
    return start


def _drop_calibration_pulse(channels: dict[str, np.ndarray], fs: float) -> None:
    start = calibration_start(channels, fs)
    if start is not None:
        for name in channels:
            channels[name] = channels[name][:start]


def read_philips_xml(path: str | os.PathLike, *, allow_incomplete: bool = False) -> ECG:
    """Read a Philips Sierra/PageWriter XML file (``<restingecgdata>``) as an :class:`ECG` in mV."""
    from ecgdatakit.parsing.parsers.sierra_xml import SierraXMLParser

    return read_with(path, SierraXMLParser(), fmt=_FMT, source_format="philips-xml",
                     allow_incomplete=allow_incomplete, precheck=_precheck,
                     postprocess=_drop_calibration_pulse)
