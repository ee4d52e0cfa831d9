"""The project's exception types.

Every problem a user can cause (a bad file, an implausible lab value, a
broken model bundle) is raised as a subclass of :class:`PHAssistError`, whose
``str()`` is one line that names the file and the problem.  The CLI and the
GUI show that line and nothing else; they never show a traceback.
"""

from __future__ import annotations

import os


class PHAssistError(Exception):
    """Base class of every error PH-Assist reports to a user."""


class InputError(PHAssistError):
    """A file that cannot be used.  ``str(err)`` is ``"<file>: <problem>"``."""

    def __init__(self, path: str | os.PathLike | None, problem: str):
        self.path = None if path is None else os.fspath(path)
        self.problem = " ".join(str(problem).split())  # always one line
        super().__init__(self.__str__())

    def __str__(self) -> str:  # noqa: D105
        if self.path is None:
            return self.problem
        return f"{self.path}: {self.problem}"


class UnsupportedFormatError(InputError):
    """The file is not in any format PH-Assist reads, or not of the kind asked for."""


class ECGReadError(InputError):
    """An ECG file that is corrupt, truncated or not a usable ECG."""


class IncompleteECGError(ECGReadError):
    """The file is an ECG but not a 12-lead one (e.g. a monitor strip)."""


class CXRReadError(InputError):
    """A chest X-ray file that is corrupt, truncated or not a radiograph."""


class LabValueError(PHAssistError):
    """A laboratory value (BNP, NT-proBNP) that is missing, malformed or implausible."""


class LabsReadError(InputError):
    """A laboratory result file (a FHIR Observation or Bundle) that is unreadable or holds no usable BNP / NT-proBNP."""


class ManifestError(InputError):
    """A case manifest (CSV) with missing columns or malformed rows."""


class BundleError(InputError):
    """A model bundle folder that is missing, partial, tampered with or incompatible."""


class BundleNotFoundError(BundleError):
    """The model bundle folder does not exist; ``hint`` says what to do (in the interface language)."""

    def __init__(self, path: str | os.PathLike | None, problem: str, hint: str = ""):
        self.hint = hint
        super().__init__(path, problem)


class PACSConfigError(InputError):
    """A PACS connection file (``pacs.toml``) or connection given on the command line that is not usable."""


class PACSError(PHAssistError):
    """A PACS that cannot be reached or refuses a request.

    ``str(err)`` is ``"<connection>: <problem>"``, one line, and never holds a
    patient identifier.
    """

    def __init__(self, connection: str, problem: str):
        self.connection = connection
        self.problem = " ".join(str(problem).split())
        super().__init__(self.__str__())

    def __str__(self) -> str:  # noqa: D105
        return f"{self.connection}: {self.problem}"


class PACSNotFoundError(PACSError):
    """The PACS answered, but holds no such study (or nothing PH-Assist reads in it)."""
