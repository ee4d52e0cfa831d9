"""Seeded fuzz tests of the DICOM, HL7 aECG, Philips, GE MUSE, SCP-ECG and MFER readers.

Each test mutates base files (written by the reader tests from a synthetic
signal, plus the real sample files when ../shared/data is present): truncation
at many offsets, random bit flips and byte runs, wrong header fields
(sampling rate 0 / negative / huge, sample counts huge, channel count wrong,
sensitivity 0), giant dimensions and, for the XML formats, entity bombs and
external entities.  Every case must end in a valid :class:`ECG` or an
:class:`InputError`, never another exception, and within a time bound.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import signal
import struct
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np
import pytest

from ph_assist.errors import InputError
from ph_assist.io.ecg import ECG, MAX_FS, MIN_FS
from ph_assist.io.ecg_aecg import read_aecg
from ph_assist.io.ecg_dicom import read_dicom_ecg
from ph_assist.io.ecg_mfer import read_mfer
from ph_assist.io.ecg_muse import read_muse_xml
from ph_assist.io.ecg_philips import read_philips_xml
from ph_assist.io.ecg_scp import read_scp
from tests.conftest import sample_data_dir
from tests.test_ecg_readers import (
    ENTITY_ATTACKS,
    MUSE_LEADS,
    dicom_ecg_path,
    inject_dtd,
    synthetic_counts,
    write_aecg,
    write_mfer,
    write_muse,
    write_philips,
    write_scp,
    xli_bomb,
)

pytestmark = pytest.mark.slow  # about 20 s for the module

#: Slowest a single case may be (s); generous, a case takes milliseconds.
CASE_LIMIT_S = 3.0
#: A case still running after this is a hang: SIGALRM fails it.
HANG_LIMIT_S = 30
SEED = 20240611
WEIRD_NUMBERS = ["0", "-1", "-500", "1e308", "-1e308", "1e-308", "99999999999999999999999",
                 "4294967296", "NaN", "inf", "", "abc", "0.0000001", "65536"]

Case = tuple[str, bytes, str]  # (label, file content, file suffix)
MUST_REFUSE = "[must be refused]"  # in a label: the case must end in InputError


# ---------------------------------------------------------------------------
# Harness
# ---------------------------------------------------------------------------


class Hang(BaseException):
    """Raised into a case that runs too long; a BaseException so no reader can map it."""


@contextlib.contextmanager
def _deadline(seconds: float, label: str) -> Iterator[None]:
    """Turn a hang into a failure naming the case (Unix main thread; else a no-op).

    Uses the real-time interval timer and puts back any timer and handler
    already set (pytest-timeout's), minus the time spent here.
    """
    if not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum, frame):  # noqa: ARG001
        raise Hang(f"{label}: still running after {seconds} s (hang)")

    try:
        previous = signal.signal(signal.SIGALRM, _alarm)
    except ValueError:  # not the main thread
        yield
        return
    start = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 0.001))


def _check_ecg(ecg: ECG) -> None:
    assert isinstance(ecg, ECG)
    assert ecg.signal.ndim == 2 and ecg.signal.shape[0] == 12 and ecg.signal.dtype == np.float32
    assert not ecg.signal.flags.writeable
    assert MIN_FS <= ecg.fs <= MAX_FS and ecg.n_samples > 0


def run_cases(reader: Callable[..., ECG], cases: Iterable[Case], tmp_path: Path) -> dict[str, float]:
    """Run every case; returns counts of outcomes and the slowest case time."""
    stats = {"cases": 0, "ecg": 0, "input_error": 0, "max_s": 0.0}
    slowest = ""
    for index, (label, data, suffix) in enumerate(cases):
        path = tmp_path / f"case{index % 2}{suffix}"
        path.write_bytes(data)
        allow = index % 3 == 0  # exercise both the strict and the permissive path
        start = time.perf_counter()
        with _deadline(HANG_LIMIT_S, label):
            try:
                ecg = reader(path, allow_incomplete=allow)
            except InputError as exc:
                message = str(exc)
                assert message.startswith(str(path)) and "\n" not in message, f"{label}: {message!r}"
                stats["input_error"] += 1
            except Exception as exc:  # noqa: BLE001 - this is what the test looks for
                pytest.fail(f"{label}: {type(exc).__name__}: {exc}")
            else:
                assert MUST_REFUSE not in label, f"{label}: read as an ECG"
                _check_ecg(ecg)
                stats["ecg"] += 1
        elapsed = time.perf_counter() - start
        if elapsed > stats["max_s"]:
            stats["max_s"], slowest = elapsed, label
        stats["cases"] += 1
    assert stats["max_s"] < CASE_LIMIT_S, f"slowest case {slowest!r} took {stats['max_s']:.2f} s"
    return stats


def truncations(name: str, data: bytes, count: int, rng: random.Random, suffix: str) -> list[Case]:
    """The file cut at ``count`` offsets: dense in the header, spread over the rest."""
    head = list(range(0, min(len(data), 256), 7))
    rest = [rng.randrange(len(data)) for _ in range(max(0, count - len(head)))]
    offsets = sorted(set(head + rest))[:count]
    return [(f"{name} truncated at {n}", data[:n], suffix) for n in offsets]


def bit_flips(name: str, data: bytes, count: int, rng: random.Random, suffix: str,
              region: int | None = None) -> list[Case]:
    """1 to 8 random bit flips; half of them within the first ``region`` bytes (the header)."""
    out = []
    for k in range(count):
        buf = bytearray(data)
        limit = region if region and k % 2 == 0 else len(buf)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(min(limit, len(buf)))
            buf[at] ^= 1 << rng.randrange(8)
        out.append((f"{name} bit flips #{k}", bytes(buf), suffix))
    return out


def byte_runs(name: str, data: bytes, count: int, rng: random.Random, suffix: str,
              region: int | None = None) -> list[Case]:
    """A run of 1-16 bytes overwritten with random or extreme values."""
    out = []
    for k in range(count):
        buf = bytearray(data)
        limit = region if region and k % 2 == 0 else len(buf)
        at = rng.randrange(min(limit, len(buf)))
        size = rng.randint(1, 16)
        fill = rng.choice([None, 0x00, 0xFF, 0x7F, 0x80])
        for i in range(at, min(at + size, len(buf))):
            buf[i] = rng.randrange(256) if fill is None else fill
        out.append((f"{name} byte run #{k} at {at}", bytes(buf), suffix))
    return out


def xml_field_mutations(name: str, data: bytes, count: int, rng: random.Random, suffix: str,
                        encoding: str = "latin-1") -> list[Case]:
    """Numbers in attributes and short element texts replaced by weird values."""
    text = data.decode(encoding)
    fields = [m.span(1) for m in re.finditer(r'="([^"]{0,40})"', text)]
    fields += [m.span(1) for m in re.finditer(r">([^<>]{1,40})</", text)]
    out = []
    for k in range(count):
        start, stop = rng.choice(fields)
        value = rng.choice(WEIRD_NUMBERS)
        out.append((f"{name} field {text[start:stop][:20]!r} -> {value!r}",
                    (text[:start] + value + text[stop:]).encode(encoding), suffix))
    return out


def xml_structure_mutations(name: str, data: bytes, count: int, rng: random.Random, suffix: str,
                            encoding: str = "latin-1") -> list[Case]:
    """Elements deleted or duplicated, tags cut, random characters replaced."""
    text = data.decode(encoding)
    tags = [m.span() for m in re.finditer(r"<[^<>]{1,80}>", text)]
    out = []
    for k in range(count):
        kind = k % 4
        start, stop = rng.choice(tags)
        if kind == 0:
            new = text[:start] + text[stop:]
        elif kind == 1:
            new = text[:stop] + text[start:stop] + text[stop:]
        elif kind == 2:
            new = text[:start + 1] + text[stop - 1:]
        else:
            chars = list(text)
            for _ in range(rng.randint(1, 20)):
                chars[rng.randrange(len(chars))] = rng.choice("<>&\"'=/;#x0 \x00\u00e9")
            new = "".join(chars)
        out.append((f"{name} structure #{k}", new.encode(encoding, errors="replace"), suffix))
    return out


#: External DTD subsets: accepted (MUSE files name one) but never fetched, so no hang.
EXTERNAL_DTDS = {"external-dtd-dev-zero": ('<!DOCTYPE r SYSTEM "file:///dev/zero">', ""),
                 "external-dtd-http": ('<!DOCTYPE r PUBLIC "-//x//y" "http://127.0.0.1:9/x.dtd">', "")}


def entity_attacks(name: str, data: bytes, suffix: str) -> list[Case]:
    """Entity bombs and XXE (must be refused) and external DTD subsets (must not be fetched)."""
    refused = [(f"{name} {attack} {MUST_REFUSE}", inject_dtd(data, dtd, ref), suffix)
               for attack, (dtd, ref) in ENTITY_ATTACKS.items()]
    return refused + [(f"{name} {attack}", inject_dtd(data, dtd, ref), suffix)
                      for attack, (dtd, ref) in EXTERNAL_DTDS.items()]


def _sample(*parts: str) -> Path | None:
    path = sample_data_dir().joinpath(*parts)
    return path if path.exists() else None


def _report(request: pytest.FixtureRequest, stats: dict[str, float]) -> None:
    request.node.user_properties.append(("fuzz", dict(stats)))
    assert stats["cases"] > 0


# ---------------------------------------------------------------------------
# DICOM
# ---------------------------------------------------------------------------


def _dicom_variants() -> list[Case]:
    import pydicom
    from pydicom.dataset import Dataset

    def variant(label: str, edit: Callable[[Dataset], None]) -> Case:
        ds = pydicom.dcmread(dicom_ecg_path())
        out = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydicom notes the invalid values set on purpose
            edit(ds)
            ds.save_as(out)
        return (f"dicom {label}", out.getvalue(), ".dcm")

    def group(ds: Dataset) -> Dataset:
        return ds.WaveformSequence[0]

    def channels(ds: Dataset) -> list[Dataset]:
        return list(group(ds).ChannelDefinitionSequence)

    def set_all(keyword: str, value: object) -> Callable[[Dataset], None]:
        return lambda ds: [setattr(ch, keyword, value) for ch in channels(ds)]

    edits: dict[str, Callable[[Dataset], None]] = {
        "fs 0": lambda ds: setattr(group(ds), "SamplingFrequency", "0"),
        "fs negative": lambda ds: setattr(group(ds), "SamplingFrequency", "-500"),
        "fs huge": lambda ds: setattr(group(ds), "SamplingFrequency", "1e300"),
        "fs tiny": lambda ds: setattr(group(ds), "SamplingFrequency", "1e-300"),
        "samples 0": lambda ds: setattr(group(ds), "NumberOfWaveformSamples", 0),
        "samples huge": lambda ds: setattr(group(ds), "NumberOfWaveformSamples", 2**32 - 1),
        "channels 0": lambda ds: setattr(group(ds), "NumberOfWaveformChannels", 0),
        "channels 11": lambda ds: setattr(group(ds), "NumberOfWaveformChannels", 11),
        "channels 13": lambda ds: setattr(group(ds), "NumberOfWaveformChannels", 13),
        "channels huge": lambda ds: setattr(group(ds), "NumberOfWaveformChannels", 65535),
        "bits 12": lambda ds: setattr(group(ds), "WaveformBitsAllocated", 12),
        "bits 8": lambda ds: setattr(group(ds), "WaveformBitsAllocated", 8),
        "bits 64": lambda ds: setattr(group(ds), "WaveformBitsAllocated", 64),
        "interpretation MB": lambda ds: setattr(group(ds), "WaveformSampleInterpretation", "MB"),
        "interpretation US": lambda ds: setattr(group(ds), "WaveformSampleInterpretation", "US"),
        "interpretation junk": lambda ds: setattr(group(ds), "WaveformSampleInterpretation", "XX"),
        "no waveform data": lambda ds: delattr(group(ds), "WaveformData"),
        "empty waveform data": lambda ds: setattr(group(ds), "WaveformData", b""),
        "odd waveform data": lambda ds: setattr(group(ds), "WaveformData", group(ds).WaveformData[:-3] + b"\0"),
        "no channel definitions": lambda ds: delattr(group(ds), "ChannelDefinitionSequence"),
        "sensitivity 0": set_all("ChannelSensitivity", "0"),
        "sensitivity negative": set_all("ChannelSensitivity", "-1.25"),
        "sensitivity huge": set_all("ChannelSensitivity", "1e300"),
        "correction 0": set_all("ChannelSensitivityCorrectionFactor", "0"),
        "baseline huge": set_all("ChannelBaseline", "1e308"),
        "no units": lambda ds: [delattr(ch, "ChannelSensitivityUnitsSequence") for ch in channels(ds)],
        "no sources": lambda ds: [delattr(ch, "ChannelSourceSequence") for ch in channels(ds)],
        "no waveform sequence": lambda ds: delattr(ds, "WaveformSequence"),
        "empty waveform sequence": lambda ds: setattr(ds, "WaveformSequence", []),
        "only median": lambda ds: ds.WaveformSequence.__delitem__(0),
        "groups swapped": lambda ds: setattr(ds, "WaveformSequence", list(reversed(ds.WaveformSequence))),
        "labels removed": lambda ds: [delattr(g, "MultiplexGroupLabel") for g in ds.WaveformSequence],
        "padding value": lambda ds: group(ds).add_new(0x5400100A, "OW", b"\x00\x00"),
        "age junk": lambda ds: setattr(ds, "PatientAge", "999Y"),
        "dates junk": lambda ds: setattr(ds, "AcquisitionDateTime", "20131399999999"),
        "annotation junk": lambda ds: setattr(ds, "WaveformAnnotationSequence", [Dataset()]),
    }
    return [variant(label, edit) for label, edit in edits.items()]


def test_fuzz_dicom(tmp_path, request):
    rng = random.Random(SEED)
    data = dicom_ecg_path().read_bytes()
    header = data.find(b"\x00\x54\x10\x10")  # (5400,1010) Waveform Data: the header ends there
    header = header if header > 0 else 2048
    cases = (truncations("dicom", data, 40, rng, ".dcm") + bit_flips("dicom", data, 50, rng, ".dcm", header)
             + byte_runs("dicom", data, 30, rng, ".dcm", header) + _dicom_variants())
    _report(request, run_cases(read_dicom_ecg, cases, tmp_path))


# ---------------------------------------------------------------------------
# HL7 aECG
# ---------------------------------------------------------------------------


def test_fuzz_aecg(tmp_path, request):
    rng = random.Random(SEED + 1)
    counts = synthetic_counts(n=1500)  # 3 s: small and quick
    data = write_aecg(tmp_path / "base.xml", counts).read_bytes()
    variants = []
    for label, kwargs in {
        "increment 0": {"increment": "0"}, "increment negative": {"increment": "-0.002"},
        "increment tiny": {"increment": "1e-300"}, "increment huge": {"increment": "1e300"},
        "increment junk": {"increment": "abc"}, "increment unit missing": {"increment_unit": ""},
        "increment unit ms": {"increment_unit": "ms"}, "scale 0": {"scale_uv": 0.0},
        "scale huge": {"scale_uv": 1e308}, "scale unit V": {"scale_unit": "V"},
        "scale unit junk": {"scale_unit": "furlong"},
    }.items():
        variants.append((f"aecg {label}", write_aecg(tmp_path / "v.xml", counts, **kwargs).read_bytes(), ".xml"))
    one_lead = write_aecg(tmp_path / "v.xml", {"II": counts["II"]}).read_bytes()
    many = {f"V{k}": counts["V1"] for k in range(7, 200)}  # 193 extra, non-standard leads
    giant = write_aecg(tmp_path / "v.xml", {**counts, **many}).read_bytes()
    weird_digits = data.replace(b"<digits>", b"<digits>nan inf -inf 1e309 ", 3)
    variants += [("aecg one lead", one_lead, ".xml"), ("aecg weird digits", weird_digits, ".xml"),
                 ("aecg many leads", giant, ".xml")]
    cases = (truncations("aecg", data, 40, rng, ".xml") + bit_flips("aecg", data, 30, rng, ".xml", 4096)
             + xml_field_mutations("aecg", data, 50, rng, ".xml")
             + xml_structure_mutations("aecg", data, 30, rng, ".xml")
             + entity_attacks("aecg", data, ".xml") + variants)
    sample = _sample("ecg", "hl7_aecg", "HL7_Example_aECG.xml")
    if sample is not None:
        real = sample.read_bytes()
        cases += truncations("aecg sample", real, 10, rng, ".xml") + entity_attacks("aecg sample", real, ".xml")
    _report(request, run_cases(read_aecg, cases, tmp_path))


# ---------------------------------------------------------------------------
# GE MUSE
# ---------------------------------------------------------------------------


def test_fuzz_muse(tmp_path, request):
    rng = random.Random(SEED + 2)
    counts = synthetic_counts(MUSE_LEADS, n=1500)
    data = write_muse(tmp_path / "base.xml", counts).read_bytes()
    variants = []
    for label, kwargs in {
        "rate 0": {"sample_base": "0"}, "rate negative": {"sample_base": "-500"},
        "rate huge": {"sample_base": "1e308"}, "rate nan": {"sample_base": "nan"},
        "exponent huge": {"sample_exponent": "400"}, "exponent tiny": {"sample_exponent": "-400"},
        "exponent giant": {"sample_exponent": "1e30"}, "scale 0": {"uv_per_bit": "0"},
        "scale junk": {"uv_per_bit": "x"}, "units junk": {"units": "FURLONGS"},
        "sample size 3": {"sample_size": 3}, "sample size 8": {"sample_size": 8},
        "sample size 0": {"sample_size": 0}, "sample size 1": {"sample_size": 1},
        "sample size 4": {"sample_size": 4},
    }.items():
        variants.append((f"muse {label}", write_muse(tmp_path / "v.xml", counts, **kwargs).read_bytes(), ".xml"))
    text = data.decode("latin-1")
    variants += [
        ("muse count huge", re.sub(r"<LeadSampleCountTotal>\d+", "<LeadSampleCountTotal>99999999999", text,
                                   count=1).encode("latin-1"), ".xml"),
        ("muse bytes wrong", re.sub(r"<LeadByteCountTotal>\d+", "<LeadByteCountTotal>7", text,
                                    count=1).encode("latin-1"), ".xml"),
        ("muse no leads", re.sub(r"<LeadData>.*?</LeadData>", "", text, flags=re.S).encode("latin-1"), ".xml"),
        ("muse bad base64", text.replace("<WaveFormData>", "<WaveFormData>!!", 1).encode("latin-1"), ".xml"),
    ]
    cases = (truncations("muse", data, 40, rng, ".xml") + bit_flips("muse", data, 30, rng, ".xml", 2048)
             + xml_field_mutations("muse", data, 50, rng, ".xml")
             + xml_structure_mutations("muse", data, 30, rng, ".xml")
             + entity_attacks("muse", data, ".xml") + variants)
    sample = _sample("ecg", "ge_muse_xml", "MUSE_20200923_093504_79000_example.xml")
    if sample is not None:
        real = sample.read_bytes()
        cases += (truncations("muse sample", real, 10, rng, ".xml") + entity_attacks("muse sample", real, ".xml")
                  + xml_field_mutations("muse sample", real, 20, rng, ".xml"))
    _report(request, run_cases(read_muse_xml, cases, tmp_path))


# ---------------------------------------------------------------------------
# Philips
# ---------------------------------------------------------------------------


def test_fuzz_philips(tmp_path, request):
    rng = random.Random(SEED + 3)
    counts = synthetic_counts(n=1500)
    data = write_philips(tmp_path / "base.xml", counts).read_bytes()
    variants = []
    for label, kwargs in {
        "rate 0": {"rate": "0"}, "rate negative": {"rate": "-500"}, "rate huge": {"rate": "99999999999"},
        "duration 0": {"duration_ms": "0"}, "duration negative": {"duration_ms": "-1"},
        "duration huge": {"duration_ms": "1e300"}, "duration junk": {"duration_ms": "abc"},
        "resolution 0": {"resolution": "0"}, "resolution negative": {"resolution": "-5"},
        "resolution huge": {"resolution": "1e308"},
    }.items():
        variants.append((f"philips {label}", write_philips(tmp_path / "v.xml", counts, **kwargs).read_bytes(), ".xml"))
    text = data.decode("latin-1")
    variants += [
        ("philips leads 13", text.replace('numberofleads="12"', 'numberofleads="13"').encode(), ".xml"),
        ("philips leads huge", text.replace('leadlabels="I II', 'leadlabels="' + "V7 " * 5000 + 'I II').encode(),
         ".xml"),
        ("philips xli garbage", text.replace('compression="Uncompressed"', 'compression="XLI"').encode(), ".xml"),
        ("philips plain", text.replace('dataencoding="Base64"', 'dataencoding="Plain"').encode(), ".xml"),
        ("philips utf16", text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), ".xml"),
        ("philips version", text.replace("1.04</documentversion>", "9.99</documentversion>").encode(), ".xml"),
        ("philips xli bomb", write_philips(tmp_path / "v.xml", counts, xli_payload=xli_bomb(30000)).read_bytes(),
         ".xml"),
        ("philips xli one chunk", write_philips(tmp_path / "v.xml", counts, xli_payload=xli_bomb(3000, 1))
         .read_bytes(), ".xml"),
    ]
    cases = (truncations("philips", data, 40, rng, ".xml") + bit_flips("philips", data, 30, rng, ".xml", 2048)
             + xml_field_mutations("philips", data, 50, rng, ".xml")
             + xml_structure_mutations("philips", data, 30, rng, ".xml")
             + entity_attacks("philips", data, ".xml") + variants)
    sample = _sample("ecg", "philips_xml", "129DYPRG.XML")  # XLI-compressed, UTF-8
    if sample is not None:
        real = sample.read_bytes()
        base64_start = real.find(b">", real.find(b"<parsedwaveforms")) + 1
        cases += (truncations("philips xli", real, 15, rng, ".xml")
                  + entity_attacks("philips xli", real, ".xml")
                  + xml_field_mutations("philips xli", real, 15, rng, ".xml"))
        for k in range(15):  # corrupt the XLI stream itself (Base64 text stays valid)
            buf = bytearray(real)
            for _ in range(rng.randint(1, 6)):
                buf[base64_start + rng.randrange(4000)] = ord(rng.choice("ABCDEFGHabcdefgh0123456789+/"))
            cases.append((f"philips xli stream #{k}", bytes(buf), ".xml"))
    _report(request, run_cases(read_philips_xml, cases, tmp_path))


# ---------------------------------------------------------------------------
# SCP-ECG
# ---------------------------------------------------------------------------


def _scp_section_offsets(data: bytes) -> dict[int, int]:
    """Byte offset of each section's header, from Section 0."""
    out = {}
    length = struct.unpack_from("<I", data, 10)[0]
    for pos in range(22, 6 + length - 9, 10):
        sid, size, index = struct.unpack_from("<HII", data, pos)
        if size and index:
            out[sid] = index - 1
    return out


def _scp_header_edits(name: str, data: bytes) -> list[Case]:
    """Section 3 and 6 header fields set to absurd values, at their real offsets."""
    offsets = _scp_section_offsets(data)
    s3, s6 = offsets[3] + 16, offsets[6] + 16
    edits = {
        "interval 0": (s6 + 2, struct.pack("<H", 0)), "interval 1 us": (s6 + 2, struct.pack("<H", 1)),
        "interval max": (s6 + 2, struct.pack("<H", 65535)), "avm 0": (s6, struct.pack("<H", 0)),
        "difference mode 7": (s6 + 4, bytes([7])), "bimodal": (s6 + 5, bytes([1])),
        "lead count 0": (s3, bytes([0])), "lead count 255": (s3, bytes([255])), "lead count 13": (s3, bytes([13])),
        "lead count 1": (s3, bytes([1])), "first lead start 0": (s3 + 2, struct.pack("<I", 0)),
        "first lead end huge": (s3 + 6, struct.pack("<I", 2**32 - 1)),
        "first lead end 1e6": (s3 + 6, struct.pack("<I", 1_000_000)),
        "first lead reversed": (s3 + 2, struct.pack("<II", 5000, 1)),
        "lead code junk": (s3 + 10, bytes([200])), "reference subtraction flag": (s3 + 1, bytes([0x05])),
        "lead 1 size huge": (s6 + 6, struct.pack("<H", 65535)), "record size huge": (2, struct.pack("<I", 2**32 - 1)),
        "section 0 length 0": (10, struct.pack("<I", 0)),
    }
    out = []
    for label, (at, value) in edits.items():
        buf = bytearray(data)
        buf[at: at + len(value)] = value
        out.append((f"{name} {label}", bytes(buf), ".scp"))
    return out


def test_fuzz_scp(tmp_path, request):
    rng = random.Random(SEED + 4)
    counts = synthetic_counts(n=1500)
    data = write_scp(tmp_path / "base.scp", counts).read_bytes()
    variants = [
        ("scp 8 leads", write_scp(tmp_path / "v.scp", synthetic_counts(MUSE_LEADS, n=1500)).read_bytes(), ".scp"),
        ("scp lead count lies", write_scp(tmp_path / "v.scp", counts, lead_count=40).read_bytes(), ".scp"),
    ]
    header = _scp_section_offsets(data)[6] + 16 + 6 + 24  # everything before the samples
    cases = (truncations("scp", data, 40, rng, ".scp") + bit_flips("scp", data, 50, rng, ".scp", header)
             + byte_runs("scp", data, 30, rng, ".scp", header) + _scp_header_edits("scp", data) + variants)
    sample = _sample("ecg", "scp", "Example.scp")  # Huffman-coded
    if sample is not None:
        real = sample.read_bytes()
        cases += (truncations("scp huffman", real, 20, rng, ".scp")
                  + bit_flips("scp huffman", real, 30, rng, ".scp", 1024)
                  + _scp_header_edits("scp huffman", real))
    _report(request, run_cases(read_scp, cases, tmp_path))


# ---------------------------------------------------------------------------
# MFER
# ---------------------------------------------------------------------------


def test_fuzz_mfer(tmp_path, request):
    rng = random.Random(SEED + 5)
    counts = synthetic_counts(n=1500)
    data = write_mfer(tmp_path / "base.mwf", counts).read_bytes()

    def ivl(unit: int, exponent: int, mantissa: int) -> bytes:
        return bytes([unit, exponent & 0xFF]) + mantissa.to_bytes(4, "big", signed=True)

    variants = []
    for label, kwargs in {
        "rate 0": {"ivl": ivl(0, 0, 0)}, "interval 0": {"ivl": ivl(1, -3, 0)},
        "interval negative": {"ivl": ivl(1, -3, -2)}, "rate huge": {"ivl": ivl(0, 100, 5)},
        "rate tiny": {"ivl": ivl(0, -100, 5)}, "interval unit junk": {"ivl": ivl(9, 0, 1)},
        "ivl short": {"ivl": b"\x01"}, "sensitivity 0": {"sen": ivl(0, -6, 0)},
        "sensitivity huge": {"sen": ivl(0, 120, 1)}, "sensitivity not volts": {"sen": ivl(1, 0, 1)},
        "channels 0": {"channels": 0}, "channels 11": {"channels": 11}, "channels 13": {"channels": 13},
        "channels 255": {"channels": 255}, "block 0": {"blk": 0}, "block huge": {"blk": 2**32 - 1},
        "block 1": {"blk": 1}, "block odd": {"blk": 1499}, "dominant beat": {"wfm": 9},
    }.items():
        variants.append((f"mfer {label}", write_mfer(tmp_path / "v.mwf", counts, **kwargs).read_bytes(), ".mwf"))
    header = data.find(bytes([0x1E])) + 8  # everything before the samples
    cases = (truncations("mfer", data, 40, rng, ".mwf") + bit_flips("mfer", data, 50, rng, ".mwf", header)
             + byte_runs("mfer", data, 30, rng, ".mwf", header) + variants)
    sample = _sample("ecg", "mfer", "monk_test-file.MWF")
    if sample is not None:
        real = sample.read_bytes()
        cases += (truncations("mfer monitor", real, 15, rng, ".mwf")
                  + bit_flips("mfer monitor", real, 25, rng, ".mwf", 512))
    _report(request, run_cases(read_mfer, cases, tmp_path))
