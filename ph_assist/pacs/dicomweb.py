"""DICOMweb with dicomweb-client: QIDO-RS searches and WADO-RS retrieval.

Every request has a (connect, read) time limit and is tried once (no
automatic retries that would multiply the wait).  DICOMweb has no C-ECHO;
:func:`echo` asks for one study UID (``limit=1``) and discards the answer.

References
----------
DICOM PS3.18 10.4 (WADO-RS retrieve), 10.6 (QIDO-RS search), 8.7.3 (media
types of retrieved instances).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from ph_assist.errors import PACSError
from ph_assist.i18n import translate
from ph_assist.pacs.config import Connection
from ph_assist.pacs.dimse import series_from_dataset, study_from_dataset
from ph_assist.pacs.query import Query, Series, Study
from ph_assist.pacs.store import CaseFolder, RetrievalCancelled

__all__ = ["echo", "find_studies", "find_studies_by_patient", "find_series", "retrieve_series", "store",
           "session"]

_STUDY_FIELDS = ["StudyDescription", "ModalitiesInStudy", "NumberOfStudyRelatedSeries",
                 "NumberOfStudyRelatedInstances", "StudyDate"]
_SERIES_FIELDS = ["Modality", "SeriesDescription", "SeriesDate", "NumberOfSeriesRelatedInstances"]


def _session_class():
    import requests

    class Session(requests.Session):
        """A session whose ``ca_file`` wins over ``REQUESTS_CA_BUNDLE`` (requests lets the variable win)."""

        pinned_ca: str | None = None

        def merge_environment_settings(self, url, proxies, stream, verify, cert):
            settings = super().merge_environment_settings(url, proxies, stream, verify, cert)
            if self.pinned_ca:
                settings["verify"] = self.pinned_ca
            return settings

    return Session


def _Session():  # noqa: N802 - a factory, so that requests is imported only when a request is made
    return _session_class()()


def session(conn: Connection):
    """A :class:`requests.Session` for the connection: its CA (``ca_file``), our certificate, its credentials.

    The secret is read here (:func:`~ph_assist.pacs.config.read_secret`) and
    lives only in the session's headers.
    """
    import requests

    from ph_assist.pacs.config import read_secret

    http = _Session()
    if conn.ca_file:
        http.verify = http.pinned_ca = conn.ca_file
    if conn.cert_file:
        http.cert = (conn.cert_file, conn.key_file) if conn.key_file else conn.cert_file
    secret = read_secret(conn)
    if secret is not None:
        kind, value = secret
        if kind == "basic":
            user, _, password = value.partition(":")
            http.auth = requests.auth.HTTPBasicAuth(user, password)
        else:
            http.headers["Authorization"] = f"Bearer {value}"
    return http


def _client(conn: Connection):
    from dicomweb_client.api import DICOMwebClient

    client = DICOMwebClient(url=conn.url, session=session(conn), timeout=(conn.timeout, conn.timeout))
    client.set_http_retry_params(retry=False)
    return client


@contextlib.contextmanager
def _errors(conn: Connection, what: str) -> Iterator[None]:
    """Requests' exceptions as one :class:`PACSError` line."""
    import requests

    try:
        yield
    except requests.exceptions.HTTPError as exc:
        code: int | str = exc.response.status_code if exc.response is not None else "?"
        if code == 401:
            message = translate("errors", "{what}: HTTP {code} (authentication required)")
        elif code == 403:
            message = translate("errors", "{what}: HTTP {code} (access denied)")
        elif code == 404:
            message = translate("errors", "{what}: HTTP {code} (no such resource; is the URL the DICOMweb root?)")
        else:
            message = translate("errors", "{what}: HTTP {code}")
        raise PACSError(conn.describe(), message.format(what=what, code=code)) from None
    except requests.exceptions.SSLError as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            message = translate("errors", "{what}: the server's certificate is not trusted (set ca_file to its CA)")
        else:
            message = translate("errors", "{what}: TLS handshake failed (is it an https port?)")
        raise PACSError(conn.describe(), message.format(what=what)) from None
    except requests.exceptions.Timeout:
        raise PACSError(conn.describe(), translate("errors", "{what}: no answer within {timeout:g} s").format(
            what=what, timeout=conn.timeout)) from None
    except requests.exceptions.ConnectionError as exc:
        if "refused" in str(exc).lower():
            message = translate("errors", "{what}: connection refused (is the server running, is the port right?)")
        else:
            message = translate("errors", "{what}: cannot connect (server down or unreachable)")
        raise PACSError(conn.describe(), message.format(what=what)) from None
    except requests.exceptions.RequestException as exc:
        raise PACSError(conn.describe(), f"{what}: {type(exc).__name__}") from None  # untranslated: class name
    except ValueError as exc:  # a body that is not DICOM JSON / multipart DICOM
        raise PACSError(conn.describe(), translate("errors", "{what}: the answer is not DICOMweb ({reason})").format(
            what=what, reason=str(exc)[:80])) from None


def _datasets(items: list) -> list:
    from pydicom import Dataset

    return [Dataset.from_json(item) for item in items or []]


def echo(conn: Connection) -> float:
    """One minimal QIDO-RS request; seconds for the round trip."""
    start = time.perf_counter()
    with _errors(conn, "QIDO-RS"):
        _client(conn).search_for_studies(limit=1, fields=["StudyInstanceUID"])
    return time.perf_counter() - start


def find_studies(conn: Connection, query: Query) -> list[Study]:
    """Studies matching ``query``: one QIDO-RS search per modality, merged by Study Instance UID."""
    return [study for study, _ in find_studies_by_patient(conn, query)]


def find_studies_by_patient(conn: Connection, query: Query) -> list[tuple[Study, str]]:
    """As :func:`find_studies`, each with its Patient ID, for grouping in memory (never to keep or show)."""
    client = _client(conn)
    found: dict[str, tuple[Study, str]] = {}
    for modality in query.modalities:
        filters = {"ModalitiesInStudy": modality, "StudyDate": query.date_range(),
                   "AccessionNumber": query.accession, "PatientID": query.patient_id,
                   "StudyInstanceUID": query.study_uid}
        with _errors(conn, translate("errors", "QIDO-RS study search")):
            items = client.search_for_studies(fields=[*_STUDY_FIELDS, "PatientID"],
                                              search_filters={k: v for k, v in filters.items() if v})
            for ds in _datasets(items):
                if "StudyInstanceUID" in ds:
                    study = study_from_dataset(ds)
                    found.setdefault(study.study_uid, (study, str(ds.get("PatientID", "") or "")))
    return sorted(found.values(), key=lambda p: (p[0].date is None, p[0].date, p[0].study_uid))


def find_series(conn: Connection, study_uids: list[str], modalities: tuple[str, ...]) -> list[Series]:
    """The series of each study whose modality is in ``modalities``."""
    import requests

    client = _client(conn)
    out: list[Series] = []
    for uid in study_uids:
        with _errors(conn, translate("errors", "QIDO-RS series search")):
            try:
                items = client.search_for_series(uid, fields=_SERIES_FIELDS)
            except requests.exceptions.HTTPError as exc:  # some servers answer 404 for an unknown study
                if exc.response is None or exc.response.status_code != 404:
                    raise
                items = []
            out += [series_from_dataset(ds, uid) for ds in _datasets(items) if "SeriesInstanceUID" in ds]
    return [s for s in out if s.modality.upper() in modalities]


def retrieve_series(conn: Connection, series: list[Series], folder: CaseFolder) -> None:
    """WADO-RS each series into ``folder``, instance by instance as they arrive.

    Raises
    ------
    PACSError
        The retrieval failed or stopped; every file written until then stays in the folder.
    """
    client = _client(conn)
    for s in series:
        with _errors(conn, "WADO-RS"):
            for ds in client.iter_series(s.study_uid, s.series_uid):
                try:
                    folder.save(ds)
                except RetrievalCancelled:
                    raise
                except OSError as exc:  # full disk, read-only folder (as the DIMSE path words it)
                    raise PACSError(conn.describe(), translate(
                        "errors", "{n} instance(s) could not be saved: {reason}").format(
                        n=1, reason=f"{exc.filename or folder.folder}: {exc.strerror or exc}")) from None


def store(conn: Connection, datasets: list) -> None:
    """STOW-RS the datasets to the PACS."""
    with _errors(conn, "STOW-RS"):
        _client(conn).store_instances(list(datasets))
