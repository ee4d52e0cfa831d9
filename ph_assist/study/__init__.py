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
