"""SCP-ECG (EN 1064) reader, via ecgdatakit's ``SCPECGParser``.

Reads uncompressed, Huffman-coded and reference-beat-subtracted rhythm data
(Section 6).  Before decoding, the lead table (Section 3) is checked here:
sample ranges that do not start at 1 (as in some non-standard writers) and
declared lengths beyond 24 hours are refused with a clear message, so a
damaged header can neither give a shifted trace nor make the decoder run for
minutes.  ecgdatakit's Huffman decoder is pure Python (about 1 µs a sample,
and a 1-bit code is one sample), so Huffman-coded records are also limited
to :data:`MAX_HUFFMAN_SAMPLES` samples over all leads: a 16 MB file could
otherwise keep it busy for two minutes.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from ph_assist.errors import ECGReadError
from ph_assist.i18n import translate
from ph_assist.io._ecgdatakit import read_with
from ph_assist.io.ecg import ECG, MAX_DURATION_S

_FMT = "SCP-ECG"
_HEADER = 16
#: Most Huffman-coded rhythm samples decoded (all leads): 12 leads x 22 min at 500 Hz.
MAX_HUFFMAN_SAMPLES = 8_000_000
# Section 3 lead codes of the standard leads (EN 1064 table 6)
_LEAD_CODES = {1: "I", 2: "II", 3: "V1", 4: "V2", 5: "V3", 6: "V4", 7: "V5", 8: "V6",
               61: "III", 62: "aVR", 63: "aVL", 64: "aVF", 65: "-aVR"}


def _sections(data: bytes) -> dict[int, bytes]:
    """Bodies of the sections listed in Section 0 (without their 16-byte header)."""
    sec0_len = struct.unpack_from("<I", data, 10)[0]
    end = min(6 + sec0_len, len(data))
    out: dict[int, bytes] = {}
    pos = 6 + _HEADER
    while pos + 10 <= end:
        sid, length, index = struct.unpack_from("<HII", data, pos)
        pos += 10
        if sid and length and index:
            out.setdefault(sid, data[index - 1 + _HEADER: index - 1 + length])
    return out


def _precheck(path: Path) -> None:
    """Refuse lead tables that would decode to a wrong or absurdly long trace."""
    data = path.read_bytes()
    try:
        sections = _sections(data)
        lead_table, rhythm, huffman = sections.get(3), sections.get(6), 2 in sections
        if not lead_table or not rhythm or len(rhythm) < 4:
            return  # ecgdatakit reports the missing section
        interval_us = struct.unpack_from("<H", rhythm, 2)[0]
        count = lead_table[0]
        leads = [struct.unpack_from("<IIB", lead_table, 2 + 9 * i) for i in range(count)]
        # Median beats (Section 5) are decoded too: reference beat length (Section 4)
        # over their sample interval, for every lead
        total = 0
        if 4 in sections and 5 in sections:
            beat_ms = struct.unpack_from("<H", sections[4], 0)[0]
            beat_interval_us = struct.unpack_from("<H", sections[5], 2)[0]
            if beat_interval_us:
                total = round(beat_ms * 1000 / beat_interval_us) * count
    except (struct.error, IndexError):
        return  # truncated header: ecgdatakit gives the specific message
    for start, stop, code in leads:
        name = _LEAD_CODES.get(code) or translate("errors", "code {code}").format(code=code)
        if start < 1 or stop < start:
            raise ECGReadError(
                path, translate("errors", "{format}: Section 3 gives lead {lead} the sample range {start}-{stop}; "
                                          "sample numbers start at 1 and must not decrease (non-standard or "
                                          "damaged file)").format(format=_FMT, lead=name, start=start, stop=stop),
            )
        if interval_us:
            fs = 1e6 / interval_us
            n = stop - start + 1
            if n > MAX_DURATION_S * fs:
                raise ECGReadError(
                    path, translate("errors", "{format}: lead {lead} declares {n} samples ({hours:.0f} h at "
                                              "{fs:g} Hz); longer than the 24 h any reader accepts").format(
                        format=_FMT, lead=name, n=n, hours=n / fs / 3600, fs=fs),
                )
        total += stop - start + 1
    if huffman and total > MAX_HUFFMAN_SAMPLES:
        raise ECGReadError(
            path, translate("errors", "{format}: the Huffman-coded data declares {total} samples in all; "
                                      "more than the {limit} a resting ECG needs").format(
                format=_FMT, total=total, limit=MAX_HUFFMAN_SAMPLES),
        )


def read_scp(path: str | os.PathLike, *, allow_incomplete: bool = False) -> ECG:
    """Read an SCP-ECG file (``.scp``) as an :class:`ECG` in mV."""
    from ecgdatakit.parsing.parsers.scp_ecg import SCPECGParser

    return read_with(path, SCPECGParser(), fmt=_FMT, source_format="scp-ecg",
                     allow_incomplete=allow_incomplete, precheck=_precheck)
