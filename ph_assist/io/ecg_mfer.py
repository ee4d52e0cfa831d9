"""MFER (ISO 22077) reader, via ecgdatakit's ``MFERParser``.

Monitor recordings (e.g. a Nihon Kohden central monitor with II, V5 and
non-ECG channels) are not 12-lead ECGs: they are refused with
:class:`IncompleteECGError` unless ``allow_incomplete``.  Channels that are
not ECG leads (pressure, SpO2, vendor codes such as ``Code49162``) are dropped
before the sampling rates are compared.
"""

from __future__ import annotations

import os

from ph_assist.io._ecgdatakit import read_with
from ph_assist.io.ecg import ECG


def read_mfer(path: str | os.PathLike, *, allow_incomplete: bool = False) -> ECG:
    """Read an MFER file (``.mwf``) as an :class:`ECG` in mV."""
    from ecgdatakit.parsing.parsers.mfer import MFERParser

    return read_with(path, MFERParser(), fmt="MFER", source_format="mfer",
                     allow_incomplete=allow_incomplete)
