"""Reader studies (MRMC): clinicians read cases without and then with PH-Assist.

:mod:`ph_assist.study.stats` computes the statistics (per-reader metrics,
McNemar, change of mind, Obuchowski-Rockette-Hillis analysis);
:mod:`ph_assist.study.mrmc_io` reads and writes the long CSV and writes the
iMRMC input format.
"""

from __future__ import annotations

from ph_assist.study.mrmc_io import load_long_csv, write_imrmc, write_long_csv
from ph_assist.study.stats import ReadTable, StudyResult, analyze

__all__ = ["ReadTable", "StudyResult", "analyze", "load_long_csv", "write_long_csv", "write_imrmc"]

# Reader-study set-up, the reader's session (for the GUI) and the study log.
from ph_assist.study.protocol import (  # noqa: E402
    CONFIDENCE_LABEL,
    RATING_DEFINITION,
    SCALES,
    CaseView,
    ReaderSession,
    Study,
    StudyProtocol,
    create_study,
    default_key_path,
    likelihood_rating,
    load_study,
    open_session,
    study_status,
)
from ph_assist.study.report import analyze_study, export_study, format_summary, study_table  # noqa: E402
from ph_assist.study.store import StudyError, StudyStore  # noqa: E402

__all__ += [
    "CONFIDENCE_LABEL", "RATING_DEFINITION", "CaseView", "ReaderSession", "Study", "StudyError", "StudyStore",
    "analyze_study", "create_study", "export_study", "format_summary", "likelihood_rating", "load_study",
    "open_session", "study_status", "study_table", "SCALES", "StudyProtocol", "default_key_path",
]
