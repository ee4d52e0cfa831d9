"""HL7 annotated ECG (aECG) XML reader, via ecgdatakit's ``HL7aECGParser``.

ecgdatakit parses the XML with defusedxml: entity declarations and external
references are refused.  The rhythm series is read; representative beats are
not.
"""

from __future__ import annotations

import os

from ph_assist.io._ecgdatakit import read_with
from ph_assist.io.ecg import ECG


def read_aecg(path: str | os.PathLike, *, allow_incomplete: bool = False) -> ECG:
    """Read an HL7 aECG file (``<AnnotatedECG>``) as a 12-lead :class:`ECG` in mV."""
    from ecgdatakit.parsing.parsers.hl7_aecg import HL7aECGParser

    return read_with(path, HL7aECGParser(), fmt="HL7 aECG", source_format="hl7-aecg",
                     allow_incomplete=allow_incomplete)
