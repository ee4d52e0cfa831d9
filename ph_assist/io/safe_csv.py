"""CSV cells that a spreadsheet will not run as formulas, and file references without names.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula
(``=HYPERLINK(...)`` in a case ID becomes a live link).  :func:`csv_cell`
neutralises such a cell the way the OWASP rule says: a leading single quote,
so the text is shown as written.  Numbers the app writes itself (``-0.25``)
are left alone, so they stay numbers.

File names often carry identifiers (``MRN99887766_DOE_ecg.dcm``);
:func:`file_ref` gives a short, stable reference to a file that names
neither the file nor its folder.

References
----------
OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import hashlib
import os
import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")


def csv_cell(value: object) -> str:
    """``value`` as text that is safe in a CSV cell opened by a spreadsheet.

    Parameters
    ----------
    value : object
        Anything; ``None`` becomes ``""``.

    Returns
    -------
    str
        The text, prefixed with ``'`` when it starts with a formula
        character (``= + - @``, tab, carriage return) and is not a plain
        number.

    Examples
    --------
    >>> csv_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> csv_cell(-0.25), csv_cell("P-001")
    ('-0.25', 'P-001')
    """
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_row(values) -> list[str]:
    """:func:`csv_cell` applied to every value of a row."""
    return [csv_cell(v) for v in values]


def uncsv_cell(text: str) -> str:
    """Undo :func:`csv_cell` (for reading back a file the app wrote)."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(text[1:]):
        return text[1:]
    return text


def file_ref(path: str | os.PathLike | None) -> str | None:
    """A reference to a file that does not reveal its name: ``"file:<12 hex>"``.

    The hash is of the absolute path, so the same file gives the same
    reference within one machine, and nothing of the name is readable.
    """
    if path is None:
        return None
    raw = os.fsencode(os.path.abspath(os.fspath(path)))
    return "file:" + hashlib.sha256(raw).hexdigest()[:12]
