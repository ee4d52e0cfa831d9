"""Tests of the DICOM, HL7 aECG, Philips, GE MUSE, SCP-ECG and MFER ECG readers.

Every reader is tested on a small file written here from a synthetic signal
(so a fresh clone tests it) and, where ../shared/data is present, on the real
sample files.  The ``write_*`` helpers are also the fuzz tests' base files.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import struct
from pathlib import Path

import numpy as np
import pytest

from ph_assist.errors import ECGReadError, IncompleteECGError, InputError
from ph_assist.io import read_ecg
from ph_assist.io.ecg_aecg import read_aecg
from ph_assist.io.ecg_dicom import read_dicom_ecg
from ph_assist.io.ecg_mfer import read_mfer
from ph_assist.io.ecg_muse import read_muse_xml
from ph_assist.io.ecg_philips import calibration_start, read_philips_xml
from ph_assist.io.ecg_scp import read_scp
from ph_assist.io.leads import STANDARD_LEADS
from tests.conftest import sample_file

FS = 500
N = 5000  # 10 s at 500 Hz
MUSE_LEADS = ("I", "II", "V1", "V2", "V3", "V4", "V5", "V6")
PATIENT_NAME, PATIENT_ID = "Doe^Jane", "PID-0042-SECRET"


# ---------------------------------------------------------------------------
# Synthetic signals and file writers
# ---------------------------------------------------------------------------


def synthetic_counts(leads: tuple[str, ...] = STANDARD_LEADS, n: int = N, seed: int = 0) -> dict[str, np.ndarray]:
    """ECG-like integer ADC counts (beats every 0.8 s plus noise), one array per lead."""
    rng = np.random.default_rng(seed)
    t = np.arange(n) / FS
    beat = np.exp(-(((t % 0.8) - 0.3) / 0.012) ** 2)  # narrow "QRS" spikes
    wave = np.exp(-(((t % 0.8) - 0.55) / 0.05) ** 2)  # broad "T" waves
    out = {}
    for k, name in enumerate(leads):
        x = (180 + 20 * k) * beat + (30 + 3 * k) * wave + rng.normal(0, 3, n)
        out[name] = np.round(x - 20).astype(np.int16)
    return out


def write_aecg(path: Path, counts: dict[str, np.ndarray], *, scale_uv: float = 2.5,
               origin_uv: float = 0.0, increment: str = "0.002", increment_unit: str = "s",
               scale_unit: str = "uV") -> Path:
    """A minimal HL7 aECG document: one rhythm series, one sequence per lead."""
    sequences = [
        f'<component><sequence><code code="TIME_ABSOLUTE" codeSystem="2.16.840.1.113883.5.4"/>'
        f'<value xsi:type="GLIST_TS"><head value="20210304101112.000"/>'
        f'<increment value="{increment}" unit="{increment_unit}"/></value></sequence></component>'
    ]
    for name, x in counts.items():
        code = "MDC_ECG_LEAD_AVRNEG" if name == "-aVR" else f"MDC_ECG_LEAD_{name}"
        sequences.append(
            f'<component><sequence><code code="{code}" codeSystem="2.16.840.1.113883.6.24"/>'
            f'<value xsi:type="SLIST_PQ"><origin value="{origin_uv}" unit="uV"/>'
            f'<scale value="{scale_uv}" unit="{scale_unit}"/>'
            f'<digits>{" ".join(str(int(v)) for v in x)}</digits></value></sequence></component>'
        )
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<AnnotatedECG xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <id root="1.2.3"/><code code="93000" codeSystem="2.16.840.1.113883.6.12"/>
 <effectiveTime><center value="20210304101112"/></effectiveTime>
 <componentOf><timepointEvent><componentOf><subjectAssignment><subject><trialSubject>
  <id root="1.2.3" extension="{PATIENT_ID}"/>
  <subjectDemographicPerson><name>{PATIENT_NAME}</name>
   <administrativeGenderCode code="F" codeSystem="2.16.840.1.113883.5.1"/>
   <birthTime value="19600704"/></subjectDemographicPerson>
 </trialSubject></subject></subjectAssignment></componentOf></timepointEvent></componentOf>
 <component><series><id root="1.2.3.4"/>
  <code code="RHYTHM" codeSystem="2.16.840.1.113883.5.4"/>
  <effectiveTime><low value="20210304101112"/></effectiveTime>
  <author><seriesAuthor><manufacturedSeriesDevice><manufacturerModelName>TestCart 9</manufacturerModelName>
  </manufacturedSeriesDevice><manufacturerOrganization><name>Acme Medical</name></manufacturerOrganization>
  </seriesAuthor></author>
  <component><sequenceSet>{"".join(sequences)}</sequenceSet></component>
 </series></component>
</AnnotatedECG>
"""
    path.write_text(text, encoding="utf-8")
    return path


def write_muse(path: Path, counts: dict[str, np.ndarray], *, uv_per_bit: str = "4.88",
               units: str = "MICROVOLTS", sample_base: str = "500", sample_exponent: str = "0",
               sample_size: int = 2, doctype: str = '<!DOCTYPE RestingECG SYSTEM "restecg.dtd">') -> Path:
    """A minimal GE MUSE XML export with Base64 little-endian 16-bit leads."""
    leads = []
    for name, x in counts.items():
        payload = np.asarray(x, dtype="<i2").tobytes()
        leads.append(f"""<LeadData><LeadByteCountTotal>{len(payload)}</LeadByteCountTotal>
 <LeadSampleCountTotal>{len(x)}</LeadSampleCountTotal>
 <LeadAmplitudeUnitsPerBit>{uv_per_bit}</LeadAmplitudeUnitsPerBit><LeadAmplitudeUnits>{units}</LeadAmplitudeUnits>
 <LeadID>{name}</LeadID><LeadSampleSize>{sample_size}</LeadSampleSize>
 <LeadDataCRC32>{binascii.crc32(payload)}</LeadDataCRC32>
 <WaveFormData>{base64.b64encode(payload).decode()}</WaveFormData></LeadData>""")
    text = f"""<?xml version="1.0" encoding="ISO-8859-1"?>
{doctype}
<RestingECG><MuseInfo><MuseVersion>9.0.10</MuseVersion></MuseInfo>
<PatientDemographics><PatientID>{PATIENT_ID}</PatientID><PatientAge>57</PatientAge><AgeUnits>YEARS</AgeUnits>
<Gender>MALE</Gender><PatientLastName>{PATIENT_NAME}</PatientLastName></PatientDemographics>
<TestDemographics><DataType>RESTING</DataType><AcquisitionDevice>MAC5500</AcquisitionDevice>
<AcquisitionTime>08:15:00</AcquisitionTime><AcquisitionDate>03-04-2021</AcquisitionDate></TestDemographics>
<Diagnosis><DiagnosisStatement><StmtText>Sinus rhythm</StmtText></DiagnosisStatement>
<DiagnosisStatement><StmtText>Right axis deviation</StmtText></DiagnosisStatement></Diagnosis>
<Waveform><WaveformType>Rhythm</WaveformType><NumberofLeads>{len(counts)}</NumberofLeads>
<SampleType>CONTINUOUS_SAMPLES</SampleType><SampleBase>{sample_base}</SampleBase>
<SampleExponent>{sample_exponent}</SampleExponent>{"".join(leads)}</Waveform>
</RestingECG>
"""
    path.write_bytes(text.encode("latin-1"))
    return path


def write_philips(path: Path, counts: dict[str, np.ndarray], *, resolution: str = "5",
                  rate: str = "500", duration_ms: str | None = None, calibration: bool = True,
                  xli_payload: bytes | None = None) -> Path:
    """A minimal Philips Sierra XML 1.04 file, uncompressed Base64 16-bit, lead after lead.

    With ``calibration`` the 0.4 s 1 mV calibration block that PageWriter
    carts append is added to every lead, as in real files.  ``xli_payload``
    replaces the samples with that (XLI-compressed) data.
    """
    names = list(counts)
    arrays = [np.asarray(counts[k], dtype=np.int64) for k in names]
    if calibration:
        try:
            one_mv = int(np.clip(round(1000 / float(resolution)), -32768, 32767))
        except (ValueError, ZeroDivisionError, OverflowError):  # odd values written on purpose
            one_mv = 200
        block = np.concatenate([np.zeros(50), np.full(100, one_mv), np.zeros(50)]).astype(np.int64)
        arrays = [np.concatenate([a, block]) for a in arrays]
    n = len(arrays[0])
    payload = np.concatenate(arrays).astype("<i2").tobytes()
    duration = duration_ms if duration_ms is not None else str(n * 1000 // FS)
    compression = "Uncompressed"
    if xli_payload is not None:
        payload, compression = xli_payload, "XLI"
    encoded = base64.b64encode(payload).decode()
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<restingecgdata xmlns="http://www3.medical.philips.com">
 <documentinfo><documentname>x.xml</documentname><documenttype>PhilipsECG</documenttype>
 <documentversion>1.04</documentversion></documentinfo>
 <dataacquisition date="2021-03-04" time="10:11:12">
  <machine machineid="1">PageWriter Test</machine>
  <signalcharacteristics><samplingrate>{rate}</samplingrate><resolution>{resolution}</resolution>
   <acquisitiontype>STD-12</acquisitiontype><numberchannelsallocated>{len(names)}</numberchannelsallocated>
   <numberchannelsvalid>{len(names)}</numberchannelsvalid></signalcharacteristics>
 </dataacquisition>
 <patient><generalpatientdata><patientid>{PATIENT_ID}</patientid>
  <name><lastname>{PATIENT_NAME}</lastname><firstname>Jane</firstname></name>
  <age><years>63</years></age><sex>Female</sex></generalpatientdata></patient>
 <interpretations><interpretation><statement><leftstatement>Sinus rhythm</leftstatement>
  <rightstatement>normal P axis</rightstatement></statement></interpretation></interpretations>
 <waveforms><parsedwaveforms dataencoding="Base64" compression="{compression}" numberofleads="{len(names)}"
  leadlabels="{' '.join(names)}" durationperchannel="{duration}" samplespersecond="{rate}"
  resolution="{resolution}" signalsigned="True" bitspersample="16">{encoded}</parsedwaveforms>
 </waveforms>
</restingecgdata>
"""
    path.write_text(text, encoding="utf-8")
    return path


def xli_bomb(n_codes: int, chunks: int = 12) -> bytes:
    """XLI data whose LZW stream expands ~600-fold (codes 256, 257 ... then the longest, repeated)."""
    codes = [65] + list(range(256, 1022))
    codes += [1021] * max(0, n_codes - len(codes))
    bits = "".join(format(c, "010b") for c in codes)
    bits += "0" * (-len(bits) % 8)
    stream = int(bits, 2).to_bytes(len(bits) // 8, "big")
    return (struct.pack("<iHh", len(stream), 0, 0) + stream) * chunks


# SCP-ECG lead codes (EN 1064 table 6)
SCP_CODES = {"I": 1, "II": 2, "V1": 3, "V2": 4, "V3": 5, "V4": 6, "V5": 7, "V6": 8,
             "III": 61, "aVR": 62, "aVL": 63, "aVF": 64}


def _scp_section(sid: int, body: bytes, *, marker: bytes = b"\0" * 6) -> bytes:
    if len(body) % 2:
        body += b"\0"
    header = struct.pack("<HIBB", sid, 16 + len(body), 20, 20) + marker
    crc = binascii.crc_hqx(header + body, 0xFFFF)
    return struct.pack("<H", crc) + header + body


def write_scp(path: Path, counts: dict[str, np.ndarray], *, avm_nv: int = 5000, interval_us: int = 2000,
              starts: list[int] | None = None, ends: list[int] | None = None,
              lead_count: int | None = None, extra: dict[int, bytes] | None = None) -> Path:
    """A minimal SCP-ECG record: Sections 0, 1, 3 and uncompressed Section 6.

    ``extra`` adds sections as given (id -> body), e.g. Section 2.
    """
    names = list(counts)
    n = len(counts[names[0]])
    starts = starts or [1] * len(names)
    ends = ends or [n] * len(names)
    sec1 = b"".join([
        bytes([0]) + struct.pack("<H", len(PATIENT_NAME) + 1) + PATIENT_NAME.encode() + b"\0",
        bytes([2]) + struct.pack("<H", len(PATIENT_ID) + 1) + PATIENT_ID.encode() + b"\0",
        bytes([5]) + struct.pack("<HHBB", 4, 1958, 2, 1),
        bytes([8]) + struct.pack("<HB", 1, 2),  # female
        bytes([25]) + struct.pack("<HHBB", 4, 2021, 3, 4),
        bytes([26]) + struct.pack("<HBBB", 3, 10, 11, 12),
        bytes([255]) + struct.pack("<H", 0),
    ])
    sec3 = bytes([lead_count if lead_count is not None else len(names), 0x04]) + b"".join(
        struct.pack("<IIB", s, e, SCP_CODES[k]) for k, s, e in zip(names, starts, ends))
    data = [np.asarray(counts[k], dtype="<i2").tobytes() for k in names]
    sec6 = struct.pack("<HHBB", avm_nv, interval_us, 0, 0) + b"".join(
        struct.pack("<H", len(d)) for d in data) + b"".join(data)
    bodies = {1: sec1, 3: sec3, 6: sec6, **(extra or {})}
    sections = {sid: _scp_section(sid, body) for sid, body in bodies.items()}
    pointer_len = 16 + 10 * 12
    pos = 6 + pointer_len + 1  # 1-based index of the first section after Section 0
    pointers = [struct.pack("<HII", 0, pointer_len, 7)]
    for sid in range(1, 12):
        if sid in sections:
            pointers.append(struct.pack("<HII", sid, len(sections[sid]), pos))
            pos += len(sections[sid])
        else:
            pointers.append(struct.pack("<HII", sid, 0, 0))
    sec0 = _scp_section(0, b"".join(pointers), marker=b"SCPECG")
    record = sec0 + b"".join(sections[s] for s in sorted(sections))
    size = 6 + len(record)
    body = struct.pack("<I", size) + record
    path.write_bytes(struct.pack("<H", binascii.crc_hqx(body, 0xFFFF)) + body)
    return path


# MFER lead codes (Part 1 table 5-17)
MFER_CODES = {"I": 1, "II": 2, "V1": 3, "V2": 4, "V3": 5, "V4": 6, "V5": 7, "V6": 8,
              "III": 61, "aVR": 62, "aVL": 63, "aVF": 64}


def _tlv(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        return bytes([tag, n]) + value
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + value


def write_mfer(path: Path, counts: dict[str, np.ndarray], *, ivl: bytes = bytes([1, 0xFD]) + (2).to_bytes(2, "big"),
               sen: bytes = bytes([0, 0xFA]) + (5).to_bytes(2, "big"), channels: int | None = None,
               blk: int | None = None, wfm: int = 1) -> Path:
    """A minimal big-endian MFER file: 16-bit samples, one sequence, channel-major.

    ``ivl`` (sampling interval: unit 1 = s, exponent -3, mantissa 2 = 2 ms) and
    ``sen`` (unit 0 = V, exponent -6, mantissa 5 = 5 µV) are raw MFER values.
    """
    names = list(counts)
    n = len(counts[names[0]])
    parts = [
        _tlv(0x40, b"MFR Standard 12-lead ECG".ljust(32, b" ")),
        _tlv(0x01, b"\x00"),  # big endian
        _tlv(0x08, wfm.to_bytes(2, "big")),
        _tlv(0x05, (channels if channels is not None else len(names)).to_bytes(1, "big")),
        _tlv(0x04, (blk if blk is not None else n).to_bytes(4, "big")),
        _tlv(0x06, (1).to_bytes(2, "big")),
        _tlv(0x0A, b"\x00"),  # int16
        _tlv(0x0B, ivl),
        _tlv(0x0C, sen),
        _tlv(0x81, PATIENT_NAME.encode()),
        _tlv(0x82, PATIENT_ID.encode()),
        _tlv(0x83, bytes([71]) + (0).to_bytes(2, "big") + (1949).to_bytes(2, "big") + bytes([5, 6])),
        _tlv(0x84, b"\x01"),  # male
        _tlv(0x85, (2021).to_bytes(2, "big") + bytes([3, 4, 10, 11, 12])),
    ]
    for ch, name in enumerate(names):
        ldn = _tlv(0x09, MFER_CODES[name].to_bytes(2, "big") if MFER_CODES[name] > 255
                   else bytes([MFER_CODES[name]]))
        parts.append(bytes([0x3F, ch, len(ldn)]) + ldn)
    data = b"".join(np.asarray(counts[k], dtype=">i2").tobytes() for k in names)
    parts.append(_tlv(0x1E, data))
    parts.append(b"\x80\x00")
    path.write_bytes(b"".join(parts))
    return path


def dicom_ecg_path() -> Path:
    """pydicom's bundled 12-lead DICOM ECG (a real Mortara file, MIT licence)."""
    from pydicom.data import get_testdata_file

    return Path(get_testdata_file("waveform_ecg.dcm"))


def assert_no_identity(ecg, *secrets: str) -> None:
    text = json.dumps(ecg.summary())
    for secret in filter(None, secrets):
        assert secret.lower() not in text.lower()


def assert_counts(ecg, counts: dict[str, np.ndarray], uv_per_count: float) -> None:
    """Each lead equals counts x scale in mV (to float32 precision) and rounds back exactly."""
    for name, x in counts.items():
        got = ecg.lead(name).astype(np.float64)
        expected = x.astype(np.float64) * uv_per_count / 1000.0
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9)
        np.testing.assert_array_equal(np.round(got * 1000.0 / uv_per_count), x)


# ---------------------------------------------------------------------------
# DICOM
# ---------------------------------------------------------------------------


def test_dicom_reads_rhythm_group_in_mv():
    import pydicom

    path = dicom_ecg_path()
    ecg = read_dicom_ecg(path)
    assert ecg.fs == 1000.0 and ecg.signal.shape == (12, 10000)  # the 10 s rhythm, not the 1.2 s median
    assert ecg.source_format == "dicom-ecg" and ecg.is_complete
    assert not any(q.derived for q in ecg.quality)
    ds = pydicom.dcmread(path)
    # pydicom's waveform_array applies sensitivity x correction + baseline, in the stored unit (uV)
    scaled_uv = ds.waveform_array(0)
    raw = np.frombuffer(ds.WaveformSequence[0].WaveformData, dtype="<i2").reshape(10000, 12)
    for index, channel in enumerate(ds.WaveformSequence[0].ChannelDefinitionSequence):
        manual_uv = raw[:, index] * float(channel.ChannelSensitivity) * float(
            channel.ChannelSensitivityCorrectionFactor) + float(channel.ChannelBaseline)
        np.testing.assert_allclose(scaled_uv[:, index], manual_uv)
        np.testing.assert_allclose(ecg.signal[index], manual_uv / 1000.0, rtol=1e-6, atol=1e-9)


def test_dicom_metadata_has_no_identity():
    ecg = read_dicom_ecg(dicom_ecg_path())
    meta = ecg.metadata
    assert meta.age_years == 42.0 and meta.sex == "F"
    assert meta.acquired is not None and meta.acquired.year == 2013
    assert meta.device and "Mortara" in meta.device
    assert "RITMO SINUSALE" in meta.statements
    import pydicom

    ds = pydicom.dcmread(dicom_ecg_path())
    assert_no_identity(ecg, str(ds.PatientID), str(ds.PatientName.family_name))


def _edited_dicom(tmp_path: Path, name: str, edit) -> Path:
    import pydicom

    ds = pydicom.dcmread(dicom_ecg_path())
    edit(ds)
    out = tmp_path / name
    ds.save_as(out)
    return out


def test_dicom_units_baseline_and_correction(tmp_path):
    import pydicom

    def edit(ds):
        group = ds.WaveformSequence[0]
        for ch in group.ChannelDefinitionSequence:
            ch.ChannelSensitivity = "0.00125"
            ch.ChannelSensitivityCorrectionFactor = "2"
            ch.ChannelBaseline = "0.05"
            unit = ch.ChannelSensitivityUnitsSequence[0]
            unit.CodeValue, unit.CodeMeaning = "mV", "millivolt"

    path = _edited_dicom(tmp_path, "mv.dcm", edit)
    ecg = read_dicom_ecg(path)
    ds = pydicom.dcmread(path)
    raw = np.frombuffer(ds.WaveformSequence[0].WaveformData, dtype="<i2").reshape(10000, 12)
    expected = raw.T * 0.00125 * 2 + 0.05  # DICOM PS3.3 C.10.9.1.4: baseline in sensitivity units
    np.testing.assert_allclose(ecg.signal, expected, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(ecg.signal, ds.waveform_array(0).T, rtol=1e-6, atol=1e-7)  # already mV


def test_dicom_volts_and_mdc_codes(tmp_path):
    def edit(ds):
        for ch in ds.WaveformSequence[0].ChannelDefinitionSequence:
            ch.ChannelSensitivity = "0.00000125"
            ch.ChannelSensitivityUnitsSequence[0].CodeValue = "V"
            src = ch.ChannelSourceSequence[0]
            number = src.CodeValue.rsplit("-", 1)[1]
            src.CodeValue, src.CodingSchemeDesignator, src.CodeMeaning = f"2:{number}", "MDC", "x"

    ecg = read_dicom_ecg(_edited_dicom(tmp_path, "v.dcm", edit))
    reference = read_dicom_ecg(dicom_ecg_path())
    np.testing.assert_allclose(ecg.signal, reference.signal, rtol=1e-6, atol=1e-9)


def test_dicom_group_choice_without_labels(tmp_path):
    def edit(ds):
        groups = list(ds.WaveformSequence)
        for group in groups:
            del group.MultiplexGroupLabel
        ds.WaveformSequence = list(reversed(groups))  # median first, rhythm (ORIGINAL) second

    ecg = read_dicom_ecg(_edited_dicom(tmp_path, "nolabel.dcm", edit))
    assert ecg.signal.shape == (12, 10000)

    def edit_no_originality(ds):
        edit(ds)
        for group in ds.WaveformSequence:
            del group.WaveformOriginality

    ecg = read_dicom_ecg(_edited_dicom(tmp_path, "plain.dcm", edit_no_originality))
    assert ecg.signal.shape == (12, 10000)  # the longest group


def test_dicom_age_from_birth_date(tmp_path):
    def edit(ds):
        del ds.PatientAge  # born 1971-01-23, acquired 2013-01-25

    assert read_dicom_ecg(_edited_dicom(tmp_path, "age.dcm", edit)).metadata.age_years == 42.0


def test_dicom_only_median_group_is_refused(tmp_path):
    def edit(ds):
        del ds.WaveformSequence[0]

    with pytest.raises(ECGReadError, match="median"):
        read_dicom_ecg(_edited_dicom(tmp_path, "median.dcm", edit))


def test_dicom_unknown_unit_and_missing_sensitivity_are_refused(tmp_path):
    def unit(ds):
        ds.WaveformSequence[0].ChannelDefinitionSequence[0].ChannelSensitivityUnitsSequence[0].CodeValue = "mm[Hg]"
        ds.WaveformSequence[0].ChannelDefinitionSequence[0].ChannelSensitivityUnitsSequence[0].CodeMeaning = "mmHg"

    def sensitivity(ds):
        del ds.WaveformSequence[0].ChannelDefinitionSequence[1].ChannelSensitivity

    with pytest.raises(ECGReadError, match="voltage"):
        read_dicom_ecg(_edited_dicom(tmp_path, "unit.dcm", unit))
    with pytest.raises(ECGReadError, match="sensitivity"):
        read_dicom_ecg(_edited_dicom(tmp_path, "sens.dcm", sensitivity))


def test_dicom_truncated_waveform_is_a_clear_error(tmp_path):
    def edit(ds):
        ds.WaveformSequence[0].WaveformData = ds.WaveformSequence[0].WaveformData[:1000]

    with pytest.raises(ECGReadError, match="truncated"):
        read_dicom_ecg(_edited_dicom(tmp_path, "short.dcm", edit))


def test_dicom_inverted_avr_is_restored(tmp_path):
    def edit(ds):
        src = ds.WaveformSequence[0].ChannelDefinitionSequence[3].ChannelSourceSequence[0]
        src.CodeValue, src.CodeMeaning = "5.6.3-9-65", "Lead -aVR"
        raw = np.frombuffer(ds.WaveformSequence[0].WaveformData, dtype="<i2").reshape(10000, 12).copy()
        raw[:, 3] = -raw[:, 3]
        ds.WaveformSequence[0].WaveformData = raw.tobytes()

    ecg = read_dicom_ecg(_edited_dicom(tmp_path, "neg.dcm", edit))
    np.testing.assert_array_equal(ecg.lead("aVR"), read_dicom_ecg(dicom_ecg_path()).lead("aVR"))


@pytest.mark.sample_data
def test_dicom_sample_file_matches_pydicom_copy():
    path = sample_file("ecg", "dicom", "pydicom_waveform_ecg.dcm")
    np.testing.assert_array_equal(read_dicom_ecg(path).signal, read_dicom_ecg(dicom_ecg_path()).signal)
    assert read_ecg(path).source_format == "dicom-ecg"


# ---------------------------------------------------------------------------
# HL7 aECG
# ---------------------------------------------------------------------------


def test_aecg_synthetic_round_trip(tmp_path):
    counts = synthetic_counts()
    ecg = read_aecg(write_aecg(tmp_path / "a.xml", counts, scale_uv=2.5))
    assert ecg.fs == 500.0 and ecg.signal.shape == (12, N) and ecg.source_format == "hl7-aecg"
    assert_counts(ecg, counts, 2.5)
    meta = ecg.metadata
    assert meta.sex == "F" and meta.age_years == 60.0
    assert meta.acquired is not None and (meta.acquired.year, meta.acquired.hour) == (2021, 10)
    assert meta.device == "Acme Medical TestCart 9"
    assert_no_identity(ecg, PATIENT_ID, "Doe")


def test_aecg_origin_units_and_inverted_avr(tmp_path):
    counts = synthetic_counts()
    counts["-aVR"] = -counts.pop("aVR")
    ecg = read_aecg(write_aecg(tmp_path / "a.xml", counts, scale_uv=0.005, scale_unit="mV", origin_uv=100.0))
    expected_ii = counts["II"] * 0.005 + 0.1
    np.testing.assert_allclose(ecg.lead("II"), expected_ii, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(ecg.lead("aVR"), -(counts["-aVR"] * 0.005 + 0.1), rtol=1e-6, atol=1e-7)


def test_aecg_non_integer_rate_is_kept_exact(tmp_path):
    ecg = read_aecg(write_aecg(tmp_path / "a.xml", synthetic_counts(), increment="0.003"))
    assert ecg.fs == pytest.approx(1 / 0.003)


def test_aecg_eight_leads_are_incomplete_unless_allowed(tmp_path):
    counts = synthetic_counts(("I", "II", "V1", "V2", "V3", "V4"))
    path = write_aecg(tmp_path / "a.xml", counts)
    with pytest.raises(IncompleteECGError, match="V5"):
        read_aecg(path)
    ecg = read_aecg(path, allow_incomplete=True)
    assert [q.lead for q in ecg.quality if q.missing] == ["V5", "V6"]
    assert {q.lead for q in ecg.quality if q.derived} == {"III", "aVR", "aVL", "aVF"}


def test_aecg_uncalibrated_lead_is_refused(tmp_path):
    path = write_aecg(tmp_path / "a.xml", synthetic_counts(), scale_unit="mmHg")
    with pytest.raises(ECGReadError, match="calibration"):
        read_aecg(path)


BILLION_LAUGHS = (
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>',
    "&h;",
)
XXE_FILE = ('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;")
XXE_PARAMETER = ('<!DOCTYPE r [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>', "")
XXE_INTERNAL = ('<!DOCTYPE r [<!ENTITY word "hello">]>', "&word;")
ENTITY_ATTACKS = {"billion-laughs": BILLION_LAUGHS, "xxe-file": XXE_FILE,
                  "xxe-parameter": XXE_PARAMETER, "internal-entity": XXE_INTERNAL}


def inject_dtd(data: bytes, dtd: str, reference: str) -> bytes:
    """Replace a document's DOCTYPE with ``dtd`` and put ``reference`` in its root element."""
    text = re.sub(r"<!DOCTYPE[^>]*>", "", data.decode("latin-1"), count=1)
    declaration_end = text.index("?>") + 2
    root_start = text.index("<", declaration_end)
    root_end = text.index(">", root_start) + 1
    return (text[:declaration_end] + "\n" + dtd + "\n" + text[root_start:root_end] + reference
            + text[root_end:]).encode("latin-1")


@pytest.mark.parametrize("reader, writer", [(read_aecg, write_aecg), (read_muse_xml, write_muse),
                                            (read_philips_xml, write_philips)])
@pytest.mark.parametrize("attack", sorted(ENTITY_ATTACKS))
def test_xml_readers_refuse_entities(tmp_path, reader, writer, attack):
    counts = synthetic_counts(MUSE_LEADS if writer is write_muse else STANDARD_LEADS)
    path = writer(tmp_path / "ecg.xml", counts)
    reader(path)  # the untouched file reads
    path.write_bytes(inject_dtd(path.read_bytes(), *ENTITY_ATTACKS[attack]))
    with pytest.raises(ECGReadError, match="entit|Entit") as info:
        reader(path)
    assert "root:" not in str(info.value)  # nothing of /etc/passwd leaks into the message


# ---------------------------------------------------------------------------
# GE MUSE
# ---------------------------------------------------------------------------


def test_muse_synthetic_round_trip_derives_limb_leads(tmp_path):
    counts = synthetic_counts(MUSE_LEADS)
    ecg = read_muse_xml(write_muse(tmp_path / "m.xml", counts))
    assert ecg.signal.shape == (12, N) and ecg.is_complete and ecg.source_format == "ge-muse-xml"
    assert_counts(ecg, counts, 4.88)
    assert {q.lead for q in ecg.quality if q.derived} == {"III", "aVR", "aVL", "aVF"}
    q = 4.88e-3
    np.testing.assert_array_equal(np.round(ecg.lead("III") / q), counts["II"].astype(int) - counts["I"])
    np.testing.assert_allclose(ecg.lead("III"), ecg.lead("II") - ecg.lead("I"), atol=1e-6)
    meta = ecg.metadata
    assert (meta.age_years, meta.sex, meta.device) == (57.0, "M", "MAC5500")
    assert meta.statements == ("Sinus rhythm", "Right axis deviation")
    assert_no_identity(ecg, PATIENT_ID, "Doe")


def test_muse_millivolt_units(tmp_path):
    counts = synthetic_counts(MUSE_LEADS)
    ecg = read_muse_xml(write_muse(tmp_path / "m.xml", counts, uv_per_bit="0.005", units="MILLIVOLTS"))
    assert_counts(ecg, counts, 5.0)


@pytest.mark.sample_data
def test_muse_sample_file_derived_leads_exact():
    from ecgdatakit.parsing.parsers.ge_muse_xml import GEMuseXMLParser

    path = sample_file("ecg", "ge_muse_xml", "MUSE_20200923_093504_79000_example.xml")
    ecg = read_muse_xml(path)
    assert ecg.signal.shape == (12, 5000) and ecg.fs == 500.0
    assert {q.lead for q in ecg.quality if q.derived} == {"III", "aVR", "aVL", "aVF"}
    raw = {lead.label: lead.samples for lead in GEMuseXMLParser().parse(path).leads}
    q = 4.88e-3
    np.testing.assert_array_equal(np.round(ecg.lead("III") / q), raw["II"] - raw["I"])
    np.testing.assert_allclose(ecg.lead("III"), ecg.lead("II") - ecg.lead("I"), atol=1e-6)
    assert ecg.metadata.sex == "M" and ecg.metadata.age_years == 40.0
    assert any("Sinus bradycardia" in s for s in ecg.metadata.statements)
    assert_no_identity(ecg, "201700237", "TESTONE")


# ---------------------------------------------------------------------------
# Philips
# ---------------------------------------------------------------------------


def test_philips_synthetic_round_trip_drops_calibration_pulse(tmp_path):
    counts = synthetic_counts()
    ecg = read_philips_xml(write_philips(tmp_path / "p.xml", counts))
    assert ecg.signal.shape == (12, N) and ecg.source_format == "philips-xml"
    assert_counts(ecg, counts, 5.0)
    assert not any(q.saturated for q in ecg.quality)
    assert ecg.metadata.statements == ("Sinus rhythm (normal P axis)",)
    assert ecg.metadata.sex == "F" and ecg.metadata.age_years == 63.0
    assert_no_identity(ecg, PATIENT_ID, "Doe")


def test_philips_without_calibration_pulse_is_kept_whole(tmp_path):
    counts = synthetic_counts()
    ecg = read_philips_xml(write_philips(tmp_path / "p.xml", counts, calibration=False))
    assert ecg.n_samples == N


def test_calibration_start_needs_identical_leads():
    pulse = np.concatenate([np.zeros(50), np.ones(100), np.zeros(50)])
    ecg_like = np.sin(np.arange(1000) / 7.0)
    same = {"I": np.concatenate([ecg_like, pulse]), "II": np.concatenate([ecg_like * 2, pulse])}
    assert calibration_start(same, 500.0) == 1000
    differing = {"I": same["I"], "II": np.concatenate([ecg_like * 2, pulse * 0.5])}
    assert calibration_start(differing, 500.0) is None


def test_philips_xli_bomb_is_refused_before_decoding(tmp_path):
    import time

    path = write_philips(tmp_path / "bomb.xml", synthetic_counts(n=1500), xli_payload=xli_bomb(20000))
    assert path.stat().st_size < 500_000  # ~180 MB once decompressed
    start = time.perf_counter()
    with pytest.raises(ECGReadError, match="XLI chunk 1 decompresses"):
        read_philips_xml(path)
    assert time.perf_counter() - start < 2.0


def test_lzw_output_length_matches_ecgdatakit():
    from ecgdatakit.parsing.codecs.lzw import LzwDecoder

    from ph_assist.io.ecg_philips import lzw_output_length

    rng = np.random.default_rng(3)
    streams = [xli_bomb(900, chunks=1)[8:], bytes(rng.integers(0, 256, 3000, dtype=np.uint8)),
               bytes(range(256)) * 4, b""]
    for stream in streams:
        try:
            expected = len(LzwDecoder(stream, bits=10).read_all())
        except Exception:  # noqa: BLE001 - an invalid stream; the length is then only a bound
            continue
        assert lzw_output_length(stream, 10**9) == expected


@pytest.mark.sample_data
@pytest.mark.parametrize("name", ["129DYPRG.XML", "2020-5-18_15-48-11.xml", "ad4d3d80-d165_1-04_orig.xml"])
def test_philips_sample_files(name):
    from ecgdatakit.parsing.parsers.sierra_xml import SierraXMLParser

    path = sample_file("ecg", "philips_xml", name)
    ecg = read_philips_xml(path)
    assert ecg.fs == 500.0 and ecg.is_complete
    assert 5200 <= ecg.n_samples < 5500  # 5500 stored; the trailing calibration pulse is cut off
    record = SierraXMLParser().parse(path)
    assert [len(lead.samples) for lead in record.leads] == [5500] * 12
    for lead in record.leads:  # XLI decoded, then 5 uV per count
        np.testing.assert_allclose(ecg.lead(lead.label), lead.samples[: ecg.n_samples] * 0.005,
                                   rtol=1e-6, atol=1e-7)
    assert ecg.metadata.statements
    assert not any(q.derived for q in ecg.quality)


# ---------------------------------------------------------------------------
# SCP-ECG
# ---------------------------------------------------------------------------


def test_scp_synthetic_round_trip(tmp_path):
    counts = synthetic_counts()
    ecg = read_scp(write_scp(tmp_path / "s.scp", counts, avm_nv=2500))
    assert ecg.fs == 500.0 and ecg.signal.shape == (12, N) and ecg.source_format == "scp-ecg"
    assert_counts(ecg, counts, 2.5)
    meta = ecg.metadata
    assert (meta.sex, meta.age_years) == ("F", 63.0)
    assert meta.acquired is not None and meta.acquired.replace(tzinfo=None).year == 2021
    assert_no_identity(ecg, PATIENT_ID, "Doe")


def test_scp_zero_based_sample_range_is_refused(tmp_path):
    counts = synthetic_counts(MUSE_LEADS)
    path = write_scp(tmp_path / "s.scp", counts, starts=[0] * 8, ends=[N] * 8)
    with pytest.raises(ECGReadError, match="sample range 0-"):
        read_scp(path)


def test_scp_absurd_length_is_refused_before_decoding(tmp_path):
    counts = synthetic_counts()
    path = write_scp(tmp_path / "s.scp", counts, ends=[2**32 - 1] * 12)
    with pytest.raises(ECGReadError, match="24 h"):
        read_scp(path)


def test_scp_huffman_sample_budget(tmp_path):
    counts = synthetic_counts()
    default_table = struct.pack("<H", 19999)
    path = write_scp(tmp_path / "s.scp", counts, ends=[700_000] * 12, extra={2: default_table})
    with pytest.raises(ECGReadError, match="Huffman-coded data declares 8400000 samples"):
        read_scp(path)


@pytest.mark.sample_data
def test_scp_example_matches_hl7_aecg_example():
    """Example.scp and HL7_Example_aECG.xml hold the same ECG (ECGConversion)."""
    scp = read_scp(sample_file("ecg", "scp", "Example.scp"))
    aecg = read_aecg(sample_file("ecg", "hl7_aecg", "HL7_Example_aECG.xml"))
    assert scp.fs == aecg.fs == 500.0 and scp.signal.shape == aecg.signal.shape == (12, 5000)
    # Same ADC counts x 2.5 uV in both files: equal to the bit (far within one quantum)
    np.testing.assert_array_equal(scp.signal, aecg.signal)
    assert scp.metadata.sex == aecg.metadata.sex == "M"
    assert scp.metadata.acquired.replace(tzinfo=None) == aecg.metadata.acquired.replace(tzinfo=None)


@pytest.mark.sample_data
def test_scp_demo_nonstandard_file_is_refused():
    path = sample_file("ecg", "scp", "demo.scp")
    for allow in (False, True):
        with pytest.raises(ECGReadError, match="Section 3 gives lead I the sample range 0-10000"):
            read_scp(path, allow_incomplete=allow)


# ---------------------------------------------------------------------------
# MFER
# ---------------------------------------------------------------------------


def test_mfer_synthetic_round_trip(tmp_path):
    counts = synthetic_counts()
    ecg = read_mfer(write_mfer(tmp_path / "m.mwf", counts))
    assert ecg.fs == 500.0 and ecg.signal.shape == (12, N) and ecg.source_format == "mfer"
    assert_counts(ecg, counts, 5.0)
    assert (ecg.metadata.sex, ecg.metadata.age_years) == ("M", 71.0)
    assert_no_identity(ecg, PATIENT_ID, "Doe")


def test_mfer_uncalibrated_ecg_lead_is_refused(tmp_path):
    path = write_mfer(tmp_path / "m.mwf", synthetic_counts(), sen=bytes([1, 0, 0, 1]))  # mmHg
    with pytest.raises(ECGReadError, match="calibration"):
        read_mfer(path)


@pytest.mark.sample_data
def test_mfer_monitor_recording_is_not_a_12_lead_ecg():
    path = sample_file("ecg", "mfer", "monk_test-file.MWF")
    with pytest.raises(IncompleteECGError, match="2 of 12"):
        read_mfer(path)
    ecg = read_mfer(path, allow_incomplete=True)
    assert ecg.fs == 250.0 and ecg.n_samples == 180000
    present = [q.lead for q in ecg.quality if not q.missing]
    assert present == ["II", "V5"]
    assert all(q.missing for q in ecg.quality if q.lead not in ("II", "V5"))
    assert ecg.metadata.age_years is None  # the file's 255 years is a placeholder
    assert "NIHON KOHDEN" in (ecg.metadata.device or "")


# ---------------------------------------------------------------------------
# Shared behaviour
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_dicom_ecg, read_aecg, read_philips_xml, read_muse_xml, read_scp, read_mfer])
def test_errors_name_the_file_on_one_line(tmp_path, reader):
    path = tmp_path / "garbage.bin"
    path.write_bytes(b"\x00\x01 this is not an ECG \xff" * 8)
    with pytest.raises(InputError) as info:
        reader(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message
    missing = tmp_path / "missing.xml"
    with pytest.raises(InputError, match="not found"):
        reader(missing)


def test_library_warnings_are_not_shown(tmp_path, recwarn):
    counts = synthetic_counts()
    path = write_mfer(tmp_path / "m.mwf", counts)
    data = bytearray(path.read_bytes())
    at = data.index(bytes([0x83, 7]))  # age tag: give an invalid birth date
    data[at + 2 + 5: at + 2 + 7] = bytes([13, 45])
    path.write_bytes(bytes(data))
    read_mfer(path)
    read_dicom_ecg(dicom_ecg_path())
    assert not [w for w in recwarn.list if "ph_assist" in w.filename or "ecgdatakit" in w.filename
                or "pydicom" in w.filename]


def test_read_ecg_dispatches_to_each_reader(tmp_path):
    counts = synthetic_counts()
    files = {
        "hl7-aecg": write_aecg(tmp_path / "a.xml", counts),
        "ge-muse-xml": write_muse(tmp_path / "m.xml", synthetic_counts(MUSE_LEADS)),
        "philips-xml": write_philips(tmp_path / "p.xml", counts),
        "scp-ecg": write_scp(tmp_path / "s.scp", counts),
        "mfer": write_mfer(tmp_path / "m.mwf", counts),
        "dicom-ecg": dicom_ecg_path(),
    }
    for fmt, path in files.items():
        assert read_ecg(path).source_format == fmt


def test_ecg_is_read_only_float32(tmp_path):
    ecg = read_aecg(write_aecg(tmp_path / "a.xml", synthetic_counts()))
    assert ecg.signal.dtype == np.float32
    with pytest.raises(ValueError):
        ecg.signal[0, 0] = 1.0
