"""Fetch a case from a PACS: echo, find and get over DIMSE or DICOMweb.

``echo(conn)`` checks that a PACS answers; ``find(conn, query)`` lists the
studies (or series) holding radiographs (CR, DX) or ECG waveforms; ``get(conn,
study_uids, folder)`` retrieves their radiograph and ECG instances into a
local case folder that :func:`ph_assist.cases.folder_case_files` and
:func:`ph_assist.io.read_cxr` / :func:`~ph_assist.io.read_ecg` open.

A :class:`Connection` comes from ``pacs.toml`` in the configuration folder
(:func:`get_connection`) or from a target typed on the command line
(:func:`parse_dimse_target`, :func:`dicomweb_connection`).  Every failure is a
one-line :class:`~ph_assist.errors.PACSError` (server) or
:class:`~ph_assist.errors.InputError` (what was asked).  Patient IDs and
accession numbers are matching keys only: they are never logged, never part
of a result, never in a message.  Qt-free; pynetdicom and dicomweb-client are
imported only when a network call is made.

Examples
--------
>>> from ph_assist import pacs
>>> conn = pacs.parse_dimse_target("ORTHANC@127.0.0.1:4242")       # doctest: +SKIP
>>> pacs.echo(conn)                                                  # doctest: +SKIP
0.012
>>> studies = pacs.find(conn, pacs.Query(date_from="2024-01-01"))   # doctest: +SKIP
>>> files = pacs.get(conn, [studies[0].study_uid], "case_001")      # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol

from ph_assist.errors import PACSError
from ph_assist.i18n import translate
from ph_assist.pacs.config import (Connection, config_path, dicomweb_connection, get_connection, load_connections,
                                   parse_dimse_target)
from ph_assist.pacs.query import DEFAULT_MODALITIES, Query, Series, Study, check_uid
from ph_assist.pacs.store import CaseFolder, RetrievalCancelled, Retrieved

__all__ = ["Connection", "Query", "Study", "Series", "Retrieved", "echo", "find", "find_series", "get", "store",
           "config_path", "load_connections", "get_connection", "parse_dimse_target", "dicomweb_connection",
           "connection_from_text"]


def connection_from_text(text: str, path: str | os.PathLike | None = None) -> Connection:
    """A connection named in ``pacs.toml``, or typed: ``AET@HOST:PORT`` (DIMSE) or an ``http(s)://`` DICOMweb root."""
    value = str(text).strip()
    if value.startswith(("http://", "https://")):
        return dicomweb_connection(value)
    if "@" in value:
        return parse_dimse_target(value)
    return get_connection(value, path)


class Backend(Protocol):
    """What a protocol module (:mod:`~ph_assist.pacs.dimse`, :mod:`~ph_assist.pacs.dicomweb`) provides."""

    def echo(self, conn: Connection) -> float: ...

    def find_studies(self, conn: Connection, query: Query) -> list[Study]: ...

    def find_studies_by_patient(self, conn: Connection, query: Query) -> list[tuple[Study, str]]: ...

    def find_series(self, conn: Connection, study_uids: list[str], modalities: tuple[str, ...]) -> list[Series]: ...

    def retrieve_series(self, conn: Connection, series: list[Series], folder: CaseFolder) -> None: ...

    def store(self, conn: Connection, datasets: list) -> None: ...


def _backend(conn: Connection) -> Backend:
    if conn.protocol == "dicomweb":
        from ph_assist.pacs import dicomweb

        return dicomweb
    from ph_assist.pacs import dimse

    return dimse


def echo(conn: Connection) -> float:
    """Check that the PACS answers (C-ECHO, or a minimal QIDO-RS search); seconds taken.

    Raises
    ------
    PACSError
        Refused, unknown host, rejected association, no answer within ``conn.timeout``.
    """
    return _backend(conn).echo(conn)


def find(conn: Connection, query: Query | None = None, *, limit: int | None = None) -> list[Study]:
    """Studies holding a radiograph or an ECG that match ``query``, oldest first.

    Parameters
    ----------
    conn : Connection
    query : Query, optional
        Default: every CR, DX and ECG study (give a date range on a real PACS).
    limit : int, optional
        Return at most this many (the most recent).

    Returns
    -------
    list of Study
        Without patient name, patient ID or accession number.
    """
    studies = _backend(conn).find_studies(conn, query or Query())
    return studies[-limit:] if limit else studies


def find_series(conn: Connection, study_uids: Sequence[str],
                modalities: Sequence[str] = DEFAULT_MODALITIES) -> list[Series]:
    """The radiograph and ECG series of the given studies (series-level query)."""
    uids = [check_uid(u, "--study") for u in study_uids]
    mods = Query(modalities=tuple(modalities)).modalities
    return _backend(conn).find_series(conn, uids, mods)


def get(conn: Connection, study_uids: Sequence[str], folder: str | os.PathLike,
        modalities: Sequence[str] = DEFAULT_MODALITIES, *, on_file: Callable[[Retrieved], None] | None = None,
        cancelled: Callable[[], bool] | None = None) -> list[Retrieved]:
    """Retrieve the radiograph and ECG instances of studies into a local case folder.

    Only series of ``modalities`` (default CR, DX, ECG) are retrieved, and of
    those only radiograph and ECG waveform SOP classes are written.

    Parameters
    ----------
    conn : Connection
        DIMSE (C-GET, or C-MOVE to our own SCP when ``conn.retrieve == "move"``)
        or DICOMweb (WADO-RS).
    study_uids : sequence of str
        Study Instance UIDs (e.g. a radiograph study and an ECG study of one patient).
    folder : path-like
        The case folder; created if missing.  Files are named by kind and a
        hash of the SOP Instance UID, so retrieving twice does not duplicate.
    on_file : callable, optional
        Called with each :class:`Retrieved` as it is written (progress).
    cancelled : callable, optional
        Polled before each file and each series; once it returns True the
        retrieval stops and :class:`~ph_assist.errors.PACSError` says how many
        files were kept.

    Returns
    -------
    list of Retrieved
        The files written, in arrival order.

    Raises
    ------
    PACSNotFoundError
        A study the PACS does not hold, or that has no CR/DX/ECG series.
    PACSError
        The server failed or stopped answering; files already written stay.
    """
    from ph_assist.pacs.dimse import no_study

    backend = _backend(conn)
    uids = list(dict.fromkeys(check_uid(u, "--study") for u in study_uids))
    mods = Query(modalities=tuple(modalities)).modalities
    series = backend.find_series(conn, uids, mods)
    for uid in uids:
        if not any(s.study_uid == uid for s in series):
            raise no_study(conn, uid)
    case = CaseFolder(folder, on_save=on_file, cancelled=cancelled)
    try:
        backend.retrieve_series(conn, series, case)
    except RetrievalCancelled:
        raise PACSError(conn.describe(), translate(
            "errors", "retrieval cancelled; {n} file(s) already retrieved are kept in {folder}").format(
            n=len(case.written_), folder=case.folder)) from None
    except PACSError as exc:
        if case.written_:  # what arrived stays; say so
            raise type(exc)(exc.connection, translate(
                "errors", "{problem}; {n} file(s) already retrieved are kept in {folder}").format(
                problem=exc.problem, n=len(case.written_), folder=case.folder)) from None
        raise
    if not case.written_:
        from ph_assist.errors import PACSNotFoundError

        raise PACSNotFoundError(conn.describe(), translate(
            "errors", "the studies' {modalities} series hold no radiograph or ECG waveform instance ({n} other "
                      "instance(s) skipped)").format(modalities="/".join(mods), n=case.skipped_))
    return case.written_


def store(conn: Connection, datasets: Sequence) -> list[str]:
    """Send datasets to the PACS (C-STORE, or STOW-RS), e.g. the SR and overlay of :mod:`ph_assist.pacs.results`.

    Returns
    -------
    list of str
        The SOP Instance UIDs stored, in order.

    Raises
    ------
    PACSError
        The PACS refused or did not answer.
    """
    if datasets:
        _backend(conn).store(conn, list(datasets))
    return [str(ds.SOPInstanceUID) for ds in datasets]
