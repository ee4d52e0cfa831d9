"""PACS echo / find / get against a real Orthanc on loopback (DIMSE and DICOMweb), never a mock.

A session fixture starts Orthanc (with the DICOMweb plugin) on free loopback
ports with a throwaway configuration and storage folder, uploads a CR chest
radiograph (pydicom-data RG1_UNCR.dcm) and a 12-lead ECG (pydicom's
waveform_ecg.dcm, given the radiograph's patient ID so the two make one
case) through Orthanc's REST API, and stops it afterwards.  The tests skip
only where the Orthanc binary is not installed (``apt-get install orthanc
orthanc-dicomweb``).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pydicom
import pytest

from ph_assist import pacs
from ph_assist.errors import InputError, PACSConfigError, PACSError, PACSNotFoundError
from tests import cxr_fixtures as fx
from tests.pacs_fixtures import (CXR_STUDY, ECG_STUDY, OUR_AET, PATIENT_ID, _free_port, config_dir, dimse,  # noqa: F401
                                 orthanc, run, web)


# -- configuration and query keys (no server) -------------------------------------------------------

class TestConfig:
    def test_named_connections_validated(self, tmp_path):
        f = tmp_path / "pacs.toml"
        f.write_text('calling_aet = "US"\n[connections.a]\naet = "PACS"\nhost = "h"\nport = 104\n'
                     '[connections.b]\nurl = "https://h/dicom-web/"\ntimeout = 3\n')
        conns = pacs.load_connections(f)
        assert conns["a"] == pacs.Connection(name="a", protocol="dimse", aet="PACS", host="h", port=104,
                                             calling_aet="US")
        assert conns["b"].url == "https://h/dicom-web" and conns["b"].timeout == 3.0

    @pytest.mark.parametrize("body, needle", [
        ('[connections.a]\naet = "P"\nhost = "h"\nport = 70000\n', "port must be an integer from 1 to 65535"),
        ('[connections.a]\naet = "ABCDEFGHIJKLMNOPQ"\nhost = "h"\nport = 1\n', "is not an AE title"),
        ('[connections.a]\naet = "P"\nhost = "h"\n', "missing port"),
        ('[connections.a]\naet = "P"\nhost = "h"\nport = 1\nretrieve = "move"\n', "needs move_port"),
        ('[connections.a]\nurl = "http://u:pw@h/dw"\n', "user name or password"),
        ('[connections.a]\nurl = "ftp://h/dw"\n', "not an http(s) URL"),
        ('[connections.a]\nurl = "http://h/dw"\nhost = "h"\n', "unknown key 'host'"),
        ('[connections.a]\naet = "P"\nhost = "h"\nport = 1\ntimeout = 0\n', "timeout must be"),
        ("[connections.a\n", "not valid TOML"),
        ('colour = "x"\n', "unknown key 'colour'"),
    ])
    def test_bad_file_one_line_naming_it(self, tmp_path, body, needle):
        f = tmp_path / "pacs.toml"
        f.write_text(body)
        with pytest.raises(PACSConfigError) as err:
            pacs.load_connections(f)
        assert needle in str(err.value) and str(f) in str(err.value) and "\n" not in str(err.value)

    def test_default_file_from_config_dir(self, tmp_path, monkeypatch):
        monkeypatch.setenv("PH_ASSIST_CONFIG_DIR", str(tmp_path))
        assert pacs.config_path() == tmp_path / "pacs.toml"
        assert pacs.load_connections() == {}  # no file yet: no connections
        with pytest.raises(PACSConfigError, match="no connection named 'x' .configured: none"):
            pacs.get_connection("x")

    def test_command_line_targets(self):
        c = pacs.parse_dimse_target("ORTHANC@127.0.0.1:4242")
        assert (c.aet, c.host, c.port, c.calling_aet, c.retrieve) == ("ORTHANC", "127.0.0.1", 4242, "PHASSIST", "get")
        assert pacs.parse_dimse_target("A@[::1]:104").host == "::1"
        for bad in ("ORTHANC@host", "@h:1", "A@h:0", "A@h:99999"):
            with pytest.raises(PACSConfigError):
                pacs.parse_dimse_target(bad)
        with pytest.raises(PACSConfigError, match="invalid port"):
            pacs.dicomweb_connection("http://h:99999/dicom-web")


class TestQuery:
    def test_keys_validated_and_identifiers_kept_out_of_repr(self):
        q = pacs.Query(date_from="2024-01-31", date_to="20240301", modalities=("ecg",), patient_id=" P123 ",
                       accession="A9")
        assert q.date_range() == "20240131-20240301" and q.modalities == ("ECG",) and q.patient_id == "P123"
        assert "P123" not in repr(q) and "A9" not in repr(q)
        assert pacs.Query(date_from="2024-01-01").date_range() == "20240101-"
        assert pacs.Query().date_range() == "" and pacs.Query().modalities == ("CR", "DX", "ECG")

    @pytest.mark.parametrize("kwargs, needle", [
        ({"date_from": "2024-13-01"}, "not a date"),
        ({"date_from": "2024-02-01", "date_to": "2024-01-01"}, "ends"),
        ({"modalities": ("CT",)}, "'CT' is not one PH-Assist reads"),
        ({"patient_id": "SMITH*"}, "without wildcards"),
        ({"accession": "A\\B"}, "without wildcards"),
        ({"study_uid": "1.2.abc"}, "not a DICOM UID"),
    ])
    def test_bad_keys(self, kwargs, needle):
        with pytest.raises(InputError, match=needle) as err:
            pacs.Query(**kwargs)
        assert "SMITH" not in str(err.value)  # an identifier is never echoed


# -- against the real Orthanc -----------------------------------------------------------------------

def test_echo_both_protocols(dimse, web, config_dir, capsys):
    assert pacs.echo(dimse) > 0 and pacs.echo(web) > 0
    for name in ("orthanc", "orthanc-web"):
        code, out, err = run(capsys, "pacs", "echo", name, "--json")
        assert code == 0, err
        assert json.loads(out)["ok"] is True


def test_find_by_modality_date_and_patient(dimse, web):
    for conn in (dimse, web):
        ecg = pacs.find(conn, pacs.Query(modalities=("ECG",), date_from="2013-01-01", date_to="2013-12-31"))
        assert [s.study_uid for s in ecg] == [ECG_STUDY] and ecg[0].modalities == ("ECG",)
        assert pacs.find(conn, pacs.Query(modalities=("CR", "DX"), date_to="2012-12-31"))[0].study_uid == CXR_STUDY
        assert pacs.find(conn, pacs.Query(modalities=("DX",))) == []
        both = pacs.find(conn, pacs.Query(patient_id=PATIENT_ID))
        assert [s.study_uid for s in both] == [CXR_STUDY, ECG_STUDY]  # oldest first
        assert str(both[0].date) == "2004-08-26" and both[0].n_series == 1
        assert pacs.find(conn, pacs.Query(patient_id="nobody")) == []
        assert pacs.find(conn, pacs.Query(accession="03028041970546"))[0].study_uid == ECG_STUDY
        series = pacs.find_series(conn, [CXR_STUDY, ECG_STUDY])
        assert sorted(s.modality for s in series) == ["CR", "ECG"]
        for s in both + series:  # typed results hold no patient data
            assert not {"patient_id", "patient_name", "accession"} & set(s.as_dict())


def _check_case(folder: Path, files) -> None:
    from ph_assist.cases import folder_case_files
    from ph_assist.io import read_cxr, read_ecg

    assert sorted(f.kind for f in files) == ["cxr", "ecg"]
    ecg_path, cxr_path = folder_case_files(folder)
    assert read_cxr(cxr_path).shape == (1955, 1841)
    assert read_ecg(ecg_path).signal.shape[0] == 12
    assert PATIENT_ID not in "".join(p.name for p in folder.iterdir())  # names carry no identifier


@pytest.mark.parametrize("how", ["C-GET", "C-MOVE", "WADO-RS"])
def test_get_case_opens_with_io(how, dimse, web, orthanc, tmp_path):
    import dataclasses

    conn = {"C-GET": dimse, "WADO-RS": web,
            "C-MOVE": dataclasses.replace(dimse, retrieve="move", move_port=orthanc.move_port)}[how]
    files = pacs.get(conn, [CXR_STUDY, ECG_STUDY], tmp_path / "case")
    _check_case(tmp_path / "case", files)
    again = pacs.get(conn, [ECG_STUDY], tmp_path / "case")  # a second retrieval overwrites, never duplicates
    assert [f.path for f in again] == [f.path for f in files if f.kind == "ecg"]
    assert len(list((tmp_path / "case").iterdir())) == 2


def test_cli_find_get_then_assess(config_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PH_ASSIST_BUNDLE", raising=False)  # the shipped demo bundle
    code, out, err = run(capsys, "pacs", "find", "orthanc-web", "--patient-id", "-", "--level", "series", "--json",
                         stdin=PATIENT_ID + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    rows = json.loads(out)["results"]
    assert sorted(r["modality"] for r in rows) == ["CR", "ECG"] and "description" not in rows[0]
    case = tmp_path / "case"
    code, out, err = run(capsys, "pacs", "get", "orthanc", "--patient-id", "-", "--out", case, "--json",
                         stdin=PATIENT_ID + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    assert PATIENT_ID not in out + err  # the identifier is a query key only
    files = {f["kind"]: f["path"] for f in json.loads(out)["files"]}
    code, out, err = run(capsys, "assess", "--ecg", files["ecg"], "--cxr", files["cxr"], "--bnp", "180",
                         "--no-explain", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["partial"] is False and 0 < result["fused_risk"] < 1


# -- failures: one line, exit 2, no hang ------------------------------------------------------------

def test_refused_port_is_one_line_and_quick(orthanc, capsys):
    closed = _free_port()
    for target in (["--dimse", f"ORTHANC@127.0.0.1:{closed}"], ["--url", f"http://127.0.0.1:{closed}/dicom-web"]):
        start = time.monotonic()
        code, out, err = run(capsys, "pacs", "echo", *target, "--timeout", "30")
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "connection refused" in err
        assert time.monotonic() - start < 10  # refused at once: the 30 s timeout is not waited out


def test_silent_server_times_out(capsys):
    with socket.socket() as silent:  # accepts connections and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        code, _, err = run(capsys, "pacs", "echo", "--dimse", f"ORTHANC@127.0.0.1:{port}", "--timeout", "1")
        assert code == 2 and "no association within 1 s" in err and err.count("\n") == 1
        code, _, err = run(capsys, "pacs", "find", "--url", f"http://127.0.0.1:{port}/dicom-web", "--timeout", "1")
        assert code == 2 and "no answer within 1 s" in err and err.count("\n") == 1


def test_unknown_study_is_a_clear_line(dimse, web, config_dir, tmp_path, capsys):
    for conn in (dimse, web):
        with pytest.raises(PACSNotFoundError, match=r"no study 1\.2\.3\.4 with a CR, DX or ECG series"):
            pacs.get(conn, ["1.2.3.4"], tmp_path / "none")
    code, out, err = run(capsys, "pacs", "get", "orthanc", "--study", "1.2.3.4", "--out", tmp_path / "x")
    assert code == 2 and out == "" and "no study 1.2.3.4" in err and err.count("\n") == 1


def test_rejected_association_and_bad_input(orthanc, config_dir, tmp_path, capsys):
    code, _, err = run(capsys, "pacs", "find", "nosuch")
    assert code == 2 and "no connection named 'nosuch'" in err and "orthanc-web" in err
    code, _, err = run(capsys, "pacs", "find", "orthanc", "--url", orthanc.dicomweb)
    assert code == 2 and "not several" in err
    code, _, err = run(capsys, "pacs", "get", "orthanc", "--out", tmp_path / "x")
    assert code == 2 and "say which studies" in err
    code, _, err = run(capsys, "pacs", "find", "orthanc", "--patient-id", "DOE*")
    assert code == 2 and "DOE" not in err
    # Orthanc's HTTP port speaks no DICOM: the association fails, in one line
    code, _, err = run(capsys, "pacs", "echo", "--dimse", f"ORTHANC@127.0.0.1:{orthanc.http_port}", "--timeout", "3")
    assert code == 2 and "no association" in err and err.count("\n") == 1


def test_errors_are_typed():
    assert issubclass(PACSNotFoundError, PACSError) and issubclass(PACSConfigError, InputError)


def test_pacs_is_qt_free_and_imports_network_libraries_lazily():
    from tests.test_import_contracts import QT, ROOT, _imports

    for path in sorted((ROOT / "pacs").glob("*.py")):
        bad = sorted(n for n in _imports(path)
                     if n.split(".")[0] in QT or n.startswith(("ph_assist.gui", "ph_assist.cli")))
        assert not bad, f"{path.name} imports {', '.join(bad)}"
    code = ("import sys, ph_assist.pacs; "
            "print(sorted(m for m in ('pynetdicom', 'dicomweb_client', 'requests') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]", out.stderr


@pytest.mark.parametrize("how", ["C-GET", "WADO-RS"])
def test_failed_save_keeps_files_already_retrieved(how, dimse, web, tmp_path):
    import hashlib

    conn = dimse if how == "C-GET" else web
    sop = str(pydicom.dcmread(fx.testdata("waveform_ecg.dcm"), stop_before_pixels=True).SOPInstanceUID)
    case = tmp_path / "case"
    (case / f"ecg_{hashlib.sha256(sop.encode()).hexdigest()[:16]}.dcm").mkdir(parents=True)  # the ECG cannot land
    with pytest.raises(PACSError) as err:
        pacs.get(conn, [CXR_STUDY, ECG_STUDY], case)
    message = str(err.value)
    assert "could not be saved" in message and "1 file(s) already retrieved are kept" in message
    assert "\n" not in message
    from ph_assist.io import read_cxr

    kept = [p for p in case.iterdir() if p.name.startswith("cxr_")]
    assert len(kept) == 1 and read_cxr(kept[0]).shape == (1955, 1841)
    assert not [p for p in case.iterdir() if p.name.startswith(".")]  # no half-written temporary left


# -- stretch: the assessment as a DICOM SR, stored back and read again ------------------------------

@pytest.fixture(scope="module")
def assessed_case(orthanc, tmp_path_factory):
    """A case retrieved by C-GET and assessed with the shipped demo bundle (BNP typed in)."""
    from ph_assist.assessment import assess
    from ph_assist.cases import folder_case_files, load_case
    from ph_assist.resources import load_default_bundle, resources_dir

    folder = tmp_path_factory.mktemp("sr_case")
    conn = pacs.parse_dimse_target(f"ORTHANC@127.0.0.1:{orthanc.dicom_port}", calling_aet=OUR_AET)
    pacs.get(conn, [CXR_STUDY, ECG_STUDY], folder)
    ecg_path, cxr_path = folder_case_files(folder)
    case = load_case(ecg_path=ecg_path, cxr_path=cxr_path, bnp="180", bnp_unit="pg/mL", strict=True)
    bundle = load_default_bundle(resources_dir() / "bundles" / "demo")  # the shipped demo bundle
    result = assess(bundle, ecg=case.ecg, cxr=case.cxr, labs=case.labs, explain=False)
    return result, [pydicom.dcmread(cxr_path), pydicom.dcmread(ecg_path)]


@pytest.mark.parametrize("how", ["C-STORE", "STOW-RS"])
def test_assessment_sr_stored_and_read_back(how, assessed_case, dimse, web, tmp_path):
    pytest.importorskip("highdicom")
    from ph_assist.pacs.sr import assessment_sr, read_assessment_sr

    result, evidence = assessed_case
    conn = dimse if how == "C-STORE" else web
    sr = assessment_sr(result, evidence)
    assert sr.StudyInstanceUID == CXR_STUDY and sr.Modality == "SR"  # joins the radiograph's study
    pacs.store(conn, [sr])
    back = pacs.get(conn, [CXR_STUDY], tmp_path / "sr", modalities=("SR",))
    mine = [f for f in back if pydicom.dcmread(f.path).SOPInstanceUID == sr.SOPInstanceUID]
    assert len(mine) == 1 and mine[0].kind == "sr"
    values = read_assessment_sr(pydicom.dcmread(mine[0].path))
    assert values["risk"] == round(100 * result.risk, 1)
    assert values["notice"] == result.banner and values["category"] == result.category_label  # UTF-8 intact
    assert {k: values[k] for k in ("ecg", "cxr", "bnp")} == {
        k: round(100 * result.subscores[k].probability, 1) for k in ("ecg", "cxr", "bnp")}
    with pytest.raises(InputError, match="not a PH-Assist assessment SR"):
        read_assessment_sr(evidence[0])
