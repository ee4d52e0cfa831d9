"""DIMSE with pynetdicom: C-ECHO, C-FIND (Study Root), C-GET and C-MOVE to our own storage SCP.

Every step has a time limit (TCP connect, association, each DIMSE message,
network idle), so an unreachable or silent PACS ends in one
:class:`~ph_assist.errors.PACSError` line, never a hang.  Before associating
we open (and close) one TCP connection ourselves: that is how "connection
refused", "unknown host" and "no answer" can be told apart in the message.

References
----------
DICOM PS3.4 Annex A (Verification), C.4.1-C.4.3 (C-FIND, C-MOVE, C-GET);
PS3.7 9.1 (DIMSE status codes); PS3.7 D.3.3.4 (SCP/SCU role selection,
needed for C-GET).
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterator

from ph_assist.errors import PACSError, PACSNotFoundError
from ph_assist.i18n import translate
from ph_assist.pacs.config import Connection
from ph_assist.pacs.query import RETRIEVE_SOP_CLASSES, Query, Series, Study, parse_da, parse_int
from ph_assist.pacs.store import CaseFolder, RetrievalCancelled

__all__ = ["echo", "find_studies", "find_studies_by_patient", "find_series", "retrieve_series", "store"]

_PENDING = (0xFF00, 0xFF01)
#: Transfer syntaxes we accept for retrieved instances: uncompressed, then each compressed one
#: pydicom decodes with the pylibjpeg plugins PH-Assist installs.
_UNCOMPRESSED = ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2")
_COMPRESSED = ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
               "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
               "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.5")


def _ae(conn: Connection):
    from pynetdicom import AE

    ae = AE(ae_title=conn.calling_aet)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = conn.timeout
    ae.connection_timeout = conn.timeout
    return ae


def _probe(conn: Connection, context=None) -> None:
    """Open and close one TCP connection (and TLS handshake), to name the reason when there is no PACS to talk to."""
    import ssl

    where = f"{conn.host}:{conn.port}"
    try:
        with socket.create_connection((conn.host, conn.port), timeout=conn.timeout) as sock:
            if context is not None:  # the handshake happens here: an untrusted certificate is named
                context.wrap_socket(sock, server_hostname=conn.host).close()
    except ssl.SSLCertVerificationError as exc:
        raise PACSError(conn.describe(), translate("errors", "TLS: the PACS's certificate is not trusted ({reason}; "
                                                             "set ca_file to its CA)").format(
            reason=exc.verify_message)) from None
    except ssl.SSLError as exc:
        raise PACSError(conn.describe(), translate("errors", "TLS handshake failed at {where} ({reason}; is it the "
                                                             "TLS port, does it need our certificate?)").format(
            where=where, reason=exc.reason or exc)) from None
    except socket.gaierror:
        raise PACSError(conn.describe(), translate("errors", "unknown host {host!r}").format(host=conn.host)) \
            from None
    except ConnectionRefusedError:
        raise PACSError(conn.describe(), translate("errors", "connection refused at {where} (is the PACS running, "
                                                             "is the port right?)").format(where=where)) from None
    except TimeoutError:
        raise PACSError(conn.describe(), translate("errors", "no answer from {where} within {timeout:g} s").format(
            where=where, timeout=conn.timeout)) from None
    except OSError as exc:
        raise PACSError(conn.describe(), translate("errors", "cannot connect to {where} ({reason})").format(
            where=where, reason=exc.strerror or exc)) from None


@contextlib.contextmanager
def _association(conn: Connection, contexts: list, *, ext_neg=None, handlers=None) -> Iterator:
    context = conn.ssl_context() if conn.tls else None
    _probe(conn, context)
    ae = _ae(conn)
    for abstract, syntaxes in contexts:
        ae.add_requested_context(abstract, list(syntaxes))
    tls_args = (context, conn.host) if context is not None else None
    assoc = ae.associate(conn.host, conn.port, ae_title=conn.aet, ext_neg=ext_neg, evt_handlers=handlers or [],
                         tls_args=tls_args)
    if not assoc.is_established:
        if assoc.is_rejected:
            raise PACSError(conn.describe(), translate(
                "errors", "the PACS rejected the association (our AE title {calling_aet!r}, called AE title "
                          "{called_aet!r}: is ours registered there?)").format(calling_aet=conn.calling_aet,
                                                                               called_aet=conn.aet))
        raise PACSError(conn.describe(), translate("errors", "no association within {timeout:g} s (the server "
                                                             "aborted or did not answer; is it a DICOM port?)").format(
            timeout=conn.timeout))
    try:
        yield assoc
    finally:
        if assoc.is_established:
            assoc.release()
        else:
            assoc.abort()


def _check_final(conn: Connection, status, what: str) -> None:
    if not status or "Status" not in status:
        raise PACSError(conn.describe(), translate("errors", "{what}: no answer within {timeout:g} s, or the "
                                                             "association was aborted").format(
            what=what, timeout=conn.timeout))
    code = int(status.Status)
    if code == 0x0000 or code in _PENDING:
        return
    comment = str(status.get("ErrorComment", "") or "").strip()
    if comment:
        message = translate("errors", "{what} failed (status 0x{status:04X}: {comment})")
    else:
        message = translate("errors", "{what} failed (status 0x{status:04X})")
    raise PACSError(conn.describe(), message.format(what=what, status=code, comment=comment))


def echo(conn: Connection) -> float:
    """C-ECHO: seconds for the round trip (association included).

    Raises
    ------
    PACSError
        Refused, rejected, unanswered or failed, in one line.
    """
    from pynetdicom.sop_class import Verification

    start = time.perf_counter()
    with _association(conn, [(Verification, _UNCOMPRESSED)]) as assoc:
        _check_final(conn, assoc.send_c_echo(), "C-ECHO")
    return time.perf_counter() - start


def _find(conn: Connection, identifiers: list) -> Iterator:
    """C-FIND every identifier over one association; yield (identifier, match) pairs."""
    from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelFind as FIND

    with _association(conn, [(FIND, _UNCOMPRESSED)]) as assoc:
        for ident in identifiers:
            status = None
            for status, match in assoc.send_c_find(ident, FIND):
                if status and status.get("Status") in _PENDING and match is not None:
                    yield ident, match
            _check_final(conn, status, "C-FIND")


def _study_identifier(query: Query, modality: str, with_patient: bool = False):
    from pydicom import Dataset

    ds = Dataset()
    ds.QueryRetrieveLevel = "STUDY"
    ds.StudyInstanceUID = query.study_uid or ""
    ds.StudyDate = query.date_range()
    ds.ModalitiesInStudy = modality
    ds.StudyDescription = ""
    ds.NumberOfStudyRelatedSeries = ""
    ds.NumberOfStudyRelatedInstances = ""
    if query.accession:  # identifiers only as matching keys, never as return keys
        ds.AccessionNumber = query.accession
    if query.patient_id or with_patient:  # a return key only to group studies by patient, in memory
        ds.PatientID = query.patient_id or ""
    return ds


def study_from_dataset(ds) -> Study:
    """A :class:`Study` from a study-level response (patient data ignored)."""
    mods = ds.get("ModalitiesInStudy", "") or ()
    mods = (mods,) if isinstance(mods, str) else tuple(str(m) for m in mods)
    return Study(study_uid=str(ds.StudyInstanceUID), date=parse_da(ds.get("StudyDate")),
                 modalities=tuple(m for m in mods if m), description=str(ds.get("StudyDescription", "") or ""),
                 n_series=parse_int(ds.get("NumberOfStudyRelatedSeries")),
                 n_instances=parse_int(ds.get("NumberOfStudyRelatedInstances")))


def series_from_dataset(ds, study_uid: str) -> Series:
    """A :class:`Series` from a series-level response."""
    return Series(study_uid=str(ds.get("StudyInstanceUID", "") or study_uid), series_uid=str(ds.SeriesInstanceUID),
                  modality=str(ds.get("Modality", "") or ""), date=parse_da(ds.get("SeriesDate")),
                  description=str(ds.get("SeriesDescription", "") or ""),
                  n_instances=parse_int(ds.get("NumberOfSeriesRelatedInstances")))


def find_studies(conn: Connection, query: Query) -> list[Study]:
    """Studies matching ``query``, one C-FIND per modality, merged by Study Instance UID."""
    return [study for study, _ in find_studies_by_patient(conn, query)]


def find_studies_by_patient(conn: Connection, query: Query) -> list[tuple[Study, str]]:
    """As :func:`find_studies`, each with its Patient ID, for grouping in memory (never to keep or show)."""
    found: dict[str, tuple[Study, str]] = {}
    for _, match in _find(conn, [_study_identifier(query, m, True) for m in query.modalities]):
        if "StudyInstanceUID" in match:
            study = study_from_dataset(match)
            found.setdefault(study.study_uid, (study, str(match.get("PatientID", "") or "")))
    return sorted(found.values(), key=lambda p: (p[0].date is None, p[0].date, p[0].study_uid))


def find_series(conn: Connection, study_uids: list[str], modalities: tuple[str, ...]) -> list[Series]:
    """The series of each study whose modality is in ``modalities``."""
    from pydicom import Dataset

    idents = []
    for uid in study_uids:
        ds = Dataset()
        ds.QueryRetrieveLevel = "SERIES"
        ds.StudyInstanceUID = uid
        ds.SeriesInstanceUID = ""
        ds.Modality = ""
        ds.SeriesDate = ""
        ds.SeriesDescription = ""
        ds.NumberOfSeriesRelatedInstances = ""
        idents.append(ds)
    out = [series_from_dataset(m, str(ident.StudyInstanceUID)) for ident, m in _find(conn, idents)
           if "SeriesInstanceUID" in m]
    return [s for s in out if s.modality.upper() in modalities]


def _storage_contexts() -> list[tuple[str, tuple[str, ...]]]:
    # One context per class for the uncompressed syntaxes and one per compressed syntax, so the
    # PACS can send a compressed file as it is stored (no transcoding needed).
    return [(uid, syntaxes) for uid in RETRIEVE_SOP_CLASSES
            for syntaxes in [_UNCOMPRESSED, *((ts,) for ts in _COMPRESSED)]]


def _store_handler(folder: CaseFolder, errors: list[str]) -> Callable:
    def handle(event) -> int:
        try:
            folder.save(event.dataset, event.file_meta)
        except RetrievalCancelled:  # refuse the rest quickly; retrieve_series says "cancelled"
            return 0xA700
        except OSError as exc:  # full disk, read-only folder: keep what is written, report once
            errors.append(f"{exc.filename or folder.folder}: {exc.strerror or exc}")
            return 0xA700
        except Exception as exc:  # an instance pydicom cannot decode or re-encode
            errors.append(translate("errors", "an instance could not be saved ({error})").format(
                error=type(exc).__name__))
            return 0xC211
        return 0x0000
    return handle


def _series_identifier(series: Series):
    from pydicom import Dataset

    ds = Dataset()
    ds.QueryRetrieveLevel = "SERIES"
    ds.StudyInstanceUID = series.study_uid
    ds.SeriesInstanceUID = series.series_uid
    return ds


def retrieve_series(conn: Connection, series: list[Series], folder: CaseFolder) -> None:
    """C-GET (or C-MOVE to our own SCP, per ``conn.retrieve``) each series into ``folder``.

    Raises
    ------
    PACSError
        The retrieval failed or stopped; every file written until then stays in the folder.
    """
    errors: list[str] = []
    handler = _store_handler(folder, errors)
    try:
        if conn.retrieve == "move":
            _move(conn, series, handler, folder.cancelled)
        else:
            _get(conn, series, handler, folder.cancelled)
    except PACSError:
        if folder.cancelled():
            raise RetrievalCancelled() from None
        if not errors:
            raise
    if folder.cancelled():
        raise RetrievalCancelled()
    if errors:  # our side failed to save: that, not the PACS's resulting status, is the reason to give
        raise PACSError(conn.describe(), translate("errors", "{n} instance(s) could not be saved: {reason}").format(
            n=len(errors), reason=errors[0]))


def _get(conn: Connection, series: list[Series], handler: Callable, cancelled: Callable[[], bool]) -> None:
    from pynetdicom import build_role, evt
    from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelGet as GET

    roles = [build_role(uid, scp_role=True) for uid in RETRIEVE_SOP_CLASSES]
    contexts = [(GET, _UNCOMPRESSED), *_storage_contexts()]
    with _association(conn, contexts, ext_neg=roles, handlers=[(evt.EVT_C_STORE, handler)]) as assoc:
        for s in series:
            if cancelled():
                return
            status = None
            for status, _ in assoc.send_c_get(_series_identifier(s), GET):
                pass
            _check_sub_operations(conn, status, "C-GET")


def _move(conn: Connection, series: list[Series], handler: Callable, cancelled: Callable[[], bool]) -> None:
    from pynetdicom import evt
    from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelMove as MOVE

    scp = _ae(conn)
    for uid, syntaxes in _storage_contexts():
        scp.add_supported_context(uid, list(syntaxes))
    try:
        server = scp.start_server(("", conn.move_port), block=False, evt_handlers=[(evt.EVT_C_STORE, handler)])
    except OSError as exc:
        raise PACSError(conn.describe(), translate("errors", "cannot listen on port {port} for C-MOVE ({reason})")
                        .format(port=conn.move_port, reason=exc.strerror or exc)) from None
    try:
        with _association(conn, [(MOVE, _UNCOMPRESSED)]) as assoc:
            for s in series:
                if cancelled():
                    return
                status = None
                for status, _ in assoc.send_c_move(_series_identifier(s), conn.calling_aet, MOVE):
                    pass
                _check_sub_operations(conn, status, "C-MOVE")
    finally:
        server.shutdown()


def _check_sub_operations(conn: Connection, status, what: str) -> None:
    warning = bool(status) and status.get("Status") is not None and int(status.Status) == 0xB000
    if not warning:
        _check_final(conn, status, what)
    failed = parse_int(status.get("NumberOfFailedSuboperations")) or 0
    if warning or failed:
        if failed:
            message = translate("errors", "{what}: {n} instance(s) were not received (status 0x{status:04X}); the "
                                          "files received are kept")
        else:
            message = translate("errors", "{what}: some instance(s) were not received (status 0x{status:04X}); the "
                                          "files received are kept")
        raise PACSError(conn.describe(), message.format(what=what, n=failed, status=int(status.Status)))


def store(conn: Connection, datasets: list) -> None:
    """C-STORE each dataset (in its own transfer syntax) to the PACS.

    Raises
    ------
    PACSError
        The PACS did not accept a presentation context or refused an instance;
        instances stored before it stay stored.
    """

    contexts = list(dict.fromkeys((str(ds.SOPClassUID), (str(ds.file_meta.TransferSyntaxUID),)) for ds in datasets))
    stored: list[str] = []
    with _association(conn, contexts) as assoc:
        accepted = {(c.abstract_syntax, c.transfer_syntax[0]) for c in assoc.accepted_contexts}
        try:
            for ds in datasets:
                if (str(ds.SOPClassUID), str(ds.file_meta.TransferSyntaxUID)) not in accepted:
                    raise PACSError(conn.describe(), translate(
                        "errors", "C-STORE: the PACS does not accept {sop_class} ({transfer_syntax})").format(
                        sop_class=ds.SOPClassUID, transfer_syntax=ds.file_meta.TransferSyntaxUID))
                _check_final(conn, assoc.send_c_store(ds), "C-STORE")
                stored.append(str(getattr(ds, "Modality", "") or "instance"))
        except PACSError as exc:
            if not stored:
                raise
            raise PACSError(conn.describe(), translate(
                "errors", "{problem}; {n} of {total} stored before it ({stored})").format(
                problem=exc.problem, n=len(stored), total=len(datasets), stored=", ".join(stored))) from None


def no_study(conn: Connection, study_uid: str) -> PACSNotFoundError:
    """The error for a study the PACS does not hold (or holds nothing readable in)."""
    return PACSNotFoundError(conn.describe(), translate("errors", "no study {study_uid} with a CR, DX or ECG series")
                             .format(study_uid=study_uid))
