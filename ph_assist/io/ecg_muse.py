"""GE MUSE XML reader, via ecgdatakit's ``GEMuseXMLParser``.

MUSE stores 8 leads (I, II, V1-V6); :func:`build_ecg` derives III, aVR, aVL
and aVF and flags them ``derived``.  ecgdatakit parses the XML with
defusedxml (the MUSE DOCTYPE is allowed, entity declarations are refused).
"""

from __future__ import annotations

import os

from ph_assist.io._ecgdatakit import read_with
from ph_assist.io.ecg import ECG


def read_muse_xml(path: str | os.PathLike, *, allow_incomplete: bool = False) -> ECG:
    """Read a GE MUSE XML export (``<RestingECG>``) as a 12-lead :class:`ECG` in mV."""
    from ecgdatakit.parsing.parsers.ge_muse_xml import GEMuseXMLParser

    return read_with(path, GEMuseXMLParser(), fmt="GE MUSE XML", source_format="ge-muse-xml",
                     allow_incomplete=allow_incomplete)
