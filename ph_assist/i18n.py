"""Translation of user-visible text, without Qt.

Every string a user reads (GUI, PDF report, the CLI's human-readable output) goes through
Qt's translation system. Widgets use ``self.tr("...")`` or
``QCoreApplication.translate("Context", "...")``; code that must not import Qt (the
presentation layer, the report, the CLI) calls :func:`translate` from this module with the
same ``(context, text)`` pair. ``pyside6-lupdate`` extracts both forms into the ``.ts``
files, so one catalogue serves every front end.

Write the source text in English, as a literal (lupdate cannot read f-strings), with named
placeholders filled afterwards::

    translate("report", "PH risk {risk}").format(risk=percent(p))
"""

from __future__ import annotations

__all__ = ["translate"]


def translate(context: str, text: str) -> str:
    """Return ``text`` (English source) in the current interface language.

    Parameters
    ----------
    context : str
        Translation context, as in ``QCoreApplication.translate`` (for example
        ``"report"`` or ``"presentation"``).
    text : str
        The English source text, a literal.
    """
    return text
