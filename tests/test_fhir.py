"""BNP / NT-proBNP from FHIR R4 Observation and Bundle files (ph_assist.io.fhir)."""

import csv
import json
import os

import pytest

from ph_assist.cli import main
from ph_assist.errors import LabsReadError, LabValueError
from ph_assist.io.fhir import LOINC_CODES, MAX_FILE_BYTES, read_fhir_labs
from ph_assist.io.labs import parse_labs

SECRET = "Patient/MRN-4711-Doe"  # must never reach a message or an output
NAME = "Doe-Secretname"


def obs(code="30934-4", value=180, unit="pg/mL", status="final", when="2024-03-01T10:00:00Z",
        comparator=None, ucum=True, **extra):
    q = {"value": value, "unit": unit}
    if ucum:
        q.update(system="http://unitsofmeasure.org", code=unit)
    if comparator:
        q["comparator"] = comparator
    res = {"resourceType": "Observation", "status": status,
           "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                     "code": "laboratory"}]}],
           "code": {"coding": [{"system": "http://loinc.org", "code": code}], "text": "NP"},
           "subject": {"reference": SECRET, "display": NAME}, "valueQuantity": q}
    if when:
        res["effectiveDateTime"] = when
    res.update(extra)
    return res


def bundle(*resources, type_="searchset"):
    entries = [{"resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": NAME}]}}]
    entries += [{"resource": r} for r in resources]
    return {"resourceType": "Bundle", "type": type_, "entry": entries}


@pytest.fixture(scope="module")
def demo_bundle():
    """The shipped demo bundle: loads in about a second, where training a quick one takes 10-30 s."""
    from ph_assist.resources import default_bundle_path

    path = default_bundle_path()
    if not path.exists():
        pytest.skip(f"demo bundle not found at {path}")
    return path


@pytest.fixture
def write(tmp_path):
    def _write(doc, name="labs.json"):
        p = tmp_path / name
        p.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
        return p
    return _write


class TestReadFhirLabs:
    def test_bnp_pg_ml_is_the_typed_value(self, write):
        assert read_fhir_labs(write(obs())) == parse_labs("180", "pg/mL", "BNP")

    def test_nt_probnp_ng_l(self, write):
        labs = read_fhir_labs(write(obs("33762-6", 1200, "ng/L")))
        assert labs == parse_labs("1200", "ng/L", "NT-proBNP")
        assert labs.analyte == "NT-proBNP" and labs.value_pg_ml == 1200.0 and not labs.converted

    def test_bnp_pmol_l_converted_like_typed(self, write):
        labs = read_fhir_labs(write(obs("47092-2", value=34.6, unit="pmol/L")))
        assert labs == parse_labs("34.6", "pmol/L", "BNP")
        assert labs.value_pg_ml == pytest.approx(34.6 * 3.464) and "entered 34.6 pmol/L" in labs.describe()

    @pytest.mark.parametrize("code", ["33763-4", "83108-1"])
    def test_nt_probnp_moles_code_with_pmol_l(self, write, code):
        labs = read_fhir_labs(write(obs(code, 100, "pmol/L")))
        assert labs.analyte == "NT-proBNP" and labs.value_pg_ml == pytest.approx(845.7)

    @pytest.mark.parametrize("code,analyte", [("42637-9", "BNP"), ("83107-3", "NT-proBNP")])
    def test_alternate_loinc_codes(self, write, code, analyte):
        assert read_fhir_labs(write(obs(code, 400))).analyte == analyte

    def test_below_detection_limit_comparator(self, write):
        labs = read_fhir_labs(write(obs(value=5, comparator="<")))
        assert labs == parse_labs("<5", "pg/mL") and labs.below_detection_limit

    def test_comparator_above_range_refused(self, write):
        with pytest.raises(LabsReadError, match="comparator '>'"):
            read_fhir_labs(write(obs(value=5000, comparator=">")))

    def test_unit_text_without_ucum_uses_typed_rules(self, write):
        assert read_fhir_labs(write(obs(unit="pg/ml", ucum=False))).value_pg_ml == 180.0
        with pytest.raises(LabsReadError, match="unknown unit"):
            read_fhir_labs(write(obs(unit="mg/dL", ucum=False)))

    def test_ucum_unit_not_read(self, write):
        with pytest.raises(LabsReadError, match="UCUM unit 'ng/mL'"):
            read_fhir_labs(write(obs(unit="ng/mL")))

    def test_typed_value_rules_apply(self, write):
        with pytest.raises(LabsReadError, match="reportable range.*NT-proBNP"):
            read_fhir_labs(write(obs(value=25000)))
        with pytest.raises(LabsReadError, match="negative"):
            read_fhir_labs(write(obs(value=-3)))

    def test_code_and_unit_contradict(self, write):
        with pytest.raises(LabsReadError, match="mass concentration but the unit is pmol/L"):
            read_fhir_labs(write(obs("30934-4", 34.6, "pmol/L")))
        with pytest.raises(LabsReadError, match="moles concentration but the unit is pg/mL"):
            read_fhir_labs(write(obs("33763-4", 845, "ng/L")))

    def test_bundle_most_recent_wins(self, write):
        old, new = obs(value=900, when="2023-01-05T08:00:00Z"), obs(value=120, when="2024-02-01T08:00:00+01:00")
        assert read_fhir_labs(write(bundle(new, old))).value_pg_ml == 120.0
        assert read_fhir_labs(write(bundle(old, new, type_="collection"))).value_pg_ml == 120.0

    def test_bundle_skips_entered_in_error_and_other_codes(self, write):
        wrong = obs(value=333, when="2024-06-01", status="entered-in-error")
        other = obs("2160-0", 1.1, "mg/dL", when="2024-07-01")  # creatinine: ignored
        good = obs("33762-6", 700, when="2024-05-01T00:00:00Z", status="amended")
        labs = read_fhir_labs(write(bundle(wrong, other, good)))
        assert labs.analyte == "NT-proBNP" and labs.value_pg_ml == 700.0

    def test_bundle_with_no_final_result(self, write):
        b = bundle(obs(status="entered-in-error"), obs(status="preliminary", when="2024-04-01"))
        with pytest.raises(LabsReadError, match=r"not final \(1 entered-in-error, 1 preliminary\)"):
            read_fhir_labs(write(b))

    def test_bundle_same_time_different_values(self, write):
        with pytest.raises(LabsReadError, match="same, most recent time"):
            read_fhir_labs(write(bundle(obs(value=100), obs(value=200))))

    def test_bundle_undated_results(self, write):
        with pytest.raises(LabsReadError, match="no effective date"):
            read_fhir_labs(write(bundle(obs(value=100, when=None), obs(value=200))))

    def test_bundle_type_and_empty(self, write):
        with pytest.raises(LabsReadError, match="of type 'transaction'"):
            read_fhir_labs(write(bundle(obs(), type_="transaction")))
        with pytest.raises(LabsReadError, match="holds no BNP or NT-proBNP Observation"):
            read_fhir_labs(write(bundle(obs("2160-0", 1.1, "mg/dL"))))

    @pytest.mark.parametrize("status", ["entered-in-error", "cancelled", "preliminary"])
    def test_single_observation_status_refused(self, write, status):
        with pytest.raises(LabsReadError, match=f"status '{status}'; only final, amended, corrected"):
            read_fhir_labs(write(obs(status=status)))

    def test_wrong_code(self, write):
        p = write(obs("2160-0", 1.1, "mg/dL"))
        with pytest.raises(LabsReadError) as err:
            read_fhir_labs(p)
        assert str(err.value) == (f"{p}: the Observation's code is not BNP or NT-proBNP (code 2160-0); "
                                  f"supported LOINC codes: {', '.join(LOINC_CODES)}")

    def test_no_value(self, write):
        res = obs()
        del res["valueQuantity"]
        res["dataAbsentReason"] = {"text": "haemolysed"}
        with pytest.raises(LabsReadError, match="no value"):
            read_fhir_labs(write(res))
        res = obs()
        res["valueQuantity"] = None
        res["valueString"] = "<10"
        with pytest.raises(LabsReadError, match="valueString, not a valueQuantity"):
            read_fhir_labs(write(res))

    @pytest.mark.parametrize("text,match", [
        ("{not json", "not valid JSON"), ('{"value": NaN}', "not valid JSON"), ("[1, 2]", "not a FHIR resource"),
        ('{"resourceType": "Patient"}', "a FHIR Patient resource"), ("<Observation/>", "looks like XML"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ])
    def test_not_fhir(self, write, text, match):
        with pytest.raises(LabsReadError, match=match):
            read_fhir_labs(write(text))

    def test_invalid_fhir_observation(self, write):
        with pytest.raises(LabsReadError, match="not a valid FHIR R4 Observation: effectiveDateTime"):
            read_fhir_labs(write(obs(when="1 March 2024")))

    def test_file_problems(self, tmp_path):
        big = tmp_path / "big.json"
        with open(big, "wb") as fh:
            fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no 20 MB written
        with pytest.raises(LabsReadError, match="at most 20 MB"):
            read_fhir_labs(big)
        with pytest.raises(LabsReadError, match="file not found"):
            read_fhir_labs(tmp_path / "missing.json")
        with pytest.raises(LabsReadError, match="is a folder"):
            read_fhir_labs(tmp_path)
        (tmp_path / "latin1.json").write_bytes(b'{"a": "\xe9"}')
        with pytest.raises(LabsReadError, match="not a UTF-8"):
            read_fhir_labs(tmp_path / "latin1.json")

    def test_errors_are_one_line_and_typed(self, write):
        with pytest.raises(LabsReadError) as err:
            read_fhir_labs(write(obs(value=-3)))
        assert "\n" not in str(err.value) and not isinstance(err.value, LabValueError)

    def test_no_identifier_in_any_message(self, write):
        docs = [obs(status="cancelled"), obs(value=25000), obs(when="bad"), obs("1-8", ucum=False),
                bundle(obs(value=1), obs(value=2)), bundle(obs(status="entered-in-error"))]
        for doc in docs:
            with pytest.raises(LabsReadError) as err:
                read_fhir_labs(write(doc))
            assert "MRN" not in str(err.value) and NAME not in str(err.value)


# --------------------------------------------------------------- the assessment
def test_fhir_file_gives_the_same_assessment_as_typed(demo_bundle, tmp_path, write, capsys):
    """A FHIR Observation file gives the same assessment as the same value typed (CLI, JSON)."""
    from tests.ecg_fixtures import write_wfdb_record

    ecg = write_wfdb_record(tmp_path, seed=3)
    common = ["assess", "--ecg", ecg, "--bundle", demo_bundle, "--json", "--no-explain"]
    fhir = write(bundle(obs("47092-2", 34.6, "pmol/L"), obs(value=999, when="2020-01-01")))
    results = []
    for extra in (["--fhir", fhir], ["--bnp", "34.6", "--bnp-unit", "pmol/L"]):
        assert main([str(a) for a in common + extra]) == 0
        out, err = capsys.readouterr()
        assert "MRN" not in out + err and NAME not in out + err
        results.append(json.loads(out))
    by_fhir, typed = results
    assert by_fhir["missing"] == typed["missing"] == ["cxr"], by_fhir["missing"]
    assert by_fhir["fused_risk"] == typed["fused_risk"]
    assert by_fhir["subscores"]["bnp"] == typed["subscores"]["bnp"]
    assert by_fhir["bnp_stratum"] == typed["bnp_stratum"]


def test_assess_api_same_fused_risk(demo_bundle, write):
    from ph_assist.assessment import assess
    from ph_assist.models.bundle import load_bundle

    b = load_bundle(demo_bundle)
    for doc, typed in ((obs("30934-4", 1200, "ng/L"), ("1200", "ng/L", "BNP")),
                       (obs(value=5, comparator="<"), ("<5", "pg/mL", "BNP"))):
        a = assess(b, labs=read_fhir_labs(write(doc)), explain=False)
        t = assess(b, labs=parse_labs(*typed), explain=False)
        assert a.risk == t.risk


def test_cli_bad_fhir_exit_2_one_line(demo_bundle, write, capsys):
    for doc, match in ((obs(status="entered-in-error"), "status 'entered-in-error'"), ("{oops", "not valid JSON")):
        p = write(doc)
        code = main(["assess", "--fhir", str(p), "--bundle", str(demo_bundle)])
        _, err = capsys.readouterr()
        assert code == 2 and err.count("\n") == 1 and str(p) in err and match in err
        assert "MRN" not in err
    with pytest.raises(SystemExit) as ex:
        main(["assess", "--fhir", "x.json", "--bnp", "10"])
    assert ex.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


def test_triage_manifest_with_fhir_path(demo_bundle, tmp_path, write, capsys):
    labs = tmp_path / "labs"
    labs.mkdir()
    (labs / "a.json").write_text(json.dumps(obs(value=900)))
    (labs / "b.json").write_text(json.dumps(bundle(obs(value=20), obs(value=2000, when="2019-01-01"))))
    (labs / "c.json").write_text(json.dumps(obs(status="entered-in-error")))
    outside = tmp_path.parent / f"{tmp_path.name}-outside.json"
    outside.write_text(json.dumps(obs()))
    m = tmp_path / "m.csv"
    with open(m, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "bnp", "bnp_unit", "fhir_path"])
        w.writerow(["A", "", "", "labs/a.json"])
        w.writerow(["B", "", "", "labs/b.json"])
        w.writerow(["C", "", "", "labs/c.json"])
        w.writerow(["D", "", "", os.path.relpath(outside, tmp_path)])
        w.writerow(["E", "50", "pg/mL", "labs/a.json"])
    out = tmp_path / "wl.csv"
    code = main(["triage", str(m), "--out", str(out), "--bundle", str(demo_bundle), "--quiet"])
    stdout, _ = capsys.readouterr()
    outside.unlink()
    assert code == 0
    rows = {r["case_id"]: r for r in csv.DictReader(open(out))}
    assert rows["A"]["status"] == rows["B"]["status"] == "scored"
    assert float(rows["A"]["fused_risk"]) > float(rows["B"]["fused_risk"])  # 900 vs the most recent 20
    assert rows["C"]["status"] == "not scored" and "entered-in-error" in rows["C"]["issues"]
    assert "c.json" not in rows["C"]["issues"]  # file names never in a worklist
    assert "leads outside" in rows["D"]["issues"] and "one BNP source" in rows["E"]["issues"]
    text = open(out).read() + stdout
    assert "MRN" not in text and NAME not in text


def test_manifest_row_fhir_path(tmp_path):
    from ph_assist.io.manifest import iter_manifest

    m = tmp_path / "m.csv"
    m.write_text("case_id,fhir_path\nA,a.json\nB,\n")
    a, b = iter_manifest(m)
    assert a.fhir_path == tmp_path / "a.json" and a.has_input and a.problem is None
    assert b.problem == "no ECG, chest X-ray or BNP given"


def test_study_manifest_reads_fhir_path(tmp_path, write):
    from ph_assist.errors import ManifestError
    from ph_assist.study.protocol import read_manifest
    from tests.ecg_fixtures import write_wfdb_record

    write_wfdb_record(tmp_path, "e1")
    write(obs("47092-2", 34.6, "pmol/L"), "a.json")
    write(obs("33762-6", 900), "nt.json")
    m = tmp_path / "m.csv"
    m.write_text("case_id,ecg_path,cxr_path,bnp,bnp_unit,label,fhir_path\n"
                 "A,e1.hea,,,,1,a.json\nB,e1.hea,,120,pg/mL,0,\n")
    cases, labels = read_manifest(m)
    typed = parse_labs("34.6", "pmol/L")
    assert (cases[0]["bnp"], cases[0]["bnp_unit"], cases[0]["bnp_pg_ml"]) == ("34.6", "pmol/L", typed.value_pg_ml)
    m.write_text("case_id,ecg_path,cxr_path,bnp,bnp_unit,label,fhir_path\n"
                 "A,e1.hea,,,,1,nt.json\nB,e1.hea,,120,pg/mL,0,\n")
    with pytest.raises(ManifestError, match="row 2: fhir_path of case 'A' holds NT-proBNP"):
        read_manifest(m)


def test_a_multi_patient_export_is_split_by_patient_identifier(tmp_path, write):
    """The laboratory's day export: each patient's results found by the identifier the PACS uses,
    written per case without the subject, and read back with the typed-value rules."""
    from ph_assist.io.fhir import observations_by_patient, write_patient_labs

    def patient(pid, mrn, fhir_id):
        return {"fullUrl": f"urn:uuid:{fhir_id}",
                "resource": {"resourceType": "Patient", "id": fhir_id, "name": [{"family": NAME}],
                             "identifier": [{"system": "urn:hospital:mrn", "value": mrn}]}}

    a = obs(value=58.5, subject={"reference": "Patient/pa", "display": NAME})
    b = obs(code="33762-6", value=1450, subject={"reference": "urn:uuid:pb"})
    c = obs(value=90, subject={"identifier": {"system": "urn:hospital:mrn", "value": " MRN-C "}})
    stray = obs(value=12, subject={"reference": "Patient/unknown"})
    doc = {"resourceType": "Bundle", "type": "searchset",
           "entry": [patient("A", "MRN-A", "pa"), patient("B", "MRN-B", "pb")]
           + [{"resource": r} for r in (a, b, c, stray)]}
    by_patient = observations_by_patient(write(doc))
    assert sorted(by_patient) == ["MRN-A", "MRN-B", "MRN-C"]  # the stray result matches nobody
    out = write_patient_labs(by_patient["MRN-A"], tmp_path / "case_a.json")
    text = out.read_text(encoding="utf-8")
    assert "subject" not in text and NAME not in text and "MRN" not in text
    labs = read_fhir_labs(out)
    assert labs == parse_labs("58.5", "pg/mL", "BNP")
    labs_b = read_fhir_labs(write_patient_labs(by_patient["MRN-B"], tmp_path / "case_b.json"))
    assert labs_b.analyte == "NT-proBNP" and labs_b.value_pg_ml == 1450.0
    with pytest.raises(LabsReadError, match="must be a FHIR Bundle"):
        observations_by_patient(write(a, "one.json"))


def test_an_identifier_two_patients_carry_gives_nobody_a_result(write):
    """MRN 123 of one system and insurance number 123 of another: ambiguous, so no result is matched on it."""
    from ph_assist.io.fhir import observation_date, observations_by_patient

    doc = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "a", "identifier": [{"system": "urn:mrn", "value": "123"},
                                                                          {"system": "urn:mrn", "value": "A-1"}]}},
        {"resource": {"resourceType": "Patient", "id": "b", "identifier": [{"system": "urn:insurance", "value": "123"}]}},
        {"resource": obs(value=50, subject={"reference": "Patient/a"})},
        {"resource": obs(value=900, subject={"reference": "Patient/b"})}]}
    by_patient = observations_by_patient(write(doc))
    assert "123" not in by_patient and [o["valueQuantity"]["value"] for o in by_patient["A-1"]] == [50]
    assert str(observation_date(obs(when="2024-03-01T10:00:00Z"))) == "2024-03-01"
    assert observation_date(obs(when="2024-03")) is None and observation_date(obs(when=None)) is None
