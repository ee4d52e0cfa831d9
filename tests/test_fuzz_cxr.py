"""Fuzz the chest X-ray reader: every case ends in a CXR or an InputError, quickly.

Seeded and deterministic.  Small generated files (a 122 x 115 crop of the
real CR RG1_UNCR in several transfer syntaxes, a PNG and a JPEG) are
truncated at many offsets, bit-flipped, overwritten with noise, and given
wrong or absurd header values (DICOM attributes, PNG IHDR, JPEG SOF).
"""

from __future__ import annotations

import copy
import struct
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pydicom
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydicom.config import disable_value_validation
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000,
    JPEG2000Lossless,
    RLELossless,
)

from ph_assist.errors import InputError
from ph_assist.io.cxr import CXR, read_cxr
from tests import cxr_fixtures as fx

PER_CASE_S = 2.0


class Tally:
    """Runs cases and records the outcome and time of each."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.slowest = (0.0, "")
        self.bad: list[str] = []

    def run(self, path: Path, data: bytes, label: str) -> str:
        path.write_bytes(data)
        t0 = time.perf_counter()
        try:
            out = read_cxr(path)
            outcome = "ok"
            if not (isinstance(out, CXR) and out.image.dtype == np.float32 and out.image.ndim == 2
                    and 0.0 <= float(out.image.min()) <= float(out.image.max()) <= 1.0
                    and not out.image.flags.writeable):
                self.bad.append(f"{label}: invalid CXR returned")
        except InputError as exc:
            outcome = type(exc).__name__
            msg = str(exc)
            if "\n" in msg or not msg.startswith(str(path)):
                self.bad.append(f"{label}: badly formed message {msg!r}")
        except Exception as exc:  # noqa: BLE001 - exactly what the test looks for
            outcome = "leaked"
            self.bad.append(f"{label}: {type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - t0
        self.slowest = max(self.slowest, (elapsed, label))
        self.outcomes[outcome] += 1
        return outcome

    @property
    def count(self) -> int:
        return sum(self.outcomes.values())

    def check(self) -> None:
        assert not self.bad, f"{len(self.bad)} of {self.count} cases failed:\n" + "\n".join(self.bad[:20])
        assert self.slowest[0] < PER_CASE_S, f"slowest case {self.slowest[1]}: {self.slowest[0]:.2f} s"


@pytest.fixture(scope="module")
def pixels() -> np.ndarray:
    return fx.rg1_pixels(16)  # 122 x 115, 15-bit MONOCHROME1


def _base_dataset(pixels: np.ndarray) -> pydicom.Dataset:
    return fx.cr_dataset(pixels, WindowCenter=15000, WindowWidth=30000, PixelSpacing=[0.7, 0.7])


@pytest.fixture(scope="module")
def dicom_bases(pixels, tmp_path_factory) -> dict[str, bytes]:
    """One small CR file per transfer syntax, as bytes."""
    d = tmp_path_factory.mktemp("bases")
    ds = _base_dataset(pixels)
    files = {
        "explicit": fx.save(ds, d / "explicit.dcm"),
        "implicit": fx.save(ds, d / "implicit.dcm", ImplicitVRLittleEndian),
        "deflated": fx.save(ds, d / "deflated.dcm", DeflatedExplicitVRLittleEndian),
        "rle": fx.save(ds, d / "rle.dcm", RLELossless),
        "j2k": fx.save(ds, d / "j2k.dcm", JPEG2000Lossless),
        "j2k-lossy": fx.save(ds, d / "j2kl.dcm", JPEG2000, j2k_cr=[10]),
        "jpeg-sv1": fx.jpeg_lossless_dataset(pixels, d / "sv1.dcm"),
        "jpeg-baseline": fx.jpeg_baseline_dataset(fx.to_8bit(pixels), d / "base.dcm"),
        "jpeg-ls": fx.jpeg_ls_dataset(pixels, d / "jls.dcm", near=2)[0],
    }
    out = {name: path.read_bytes() for name, path in files.items()}
    for name, path in files.items():  # every base is itself a valid radiograph
        assert isinstance(read_cxr(path), CXR), name
    return out


@pytest.fixture(scope="module")
def image_bases(pixels, tmp_path_factory) -> dict[str, bytes]:
    d = tmp_path_factory.mktemp("images")
    p8 = fx.to_8bit(pixels)
    return {
        "png8": fx.write_png(p8, d / "a.png").read_bytes(),
        "png16": fx.write_png((pixels.astype(np.uint32) * 2).astype(np.uint16), d / "b.png").read_bytes(),
        "jpeg": fx.jpeg_bytes(p8, quality=90),
    }


def _suffix(name: str) -> str:
    return ".png" if name.startswith("png") else ".jpg" if name == "jpeg" else ".dcm"


def _truncations(size: int) -> list[int]:
    offsets = set(np.linspace(1, size - 1, 36).astype(int).tolist())
    offsets.update(range(1, min(size, 400), 23))  # header region, densely
    offsets.update(range(max(1, size - 64), size, 9))  # the very end
    return sorted(offsets)


def test_fuzz_truncation(dicom_bases, image_bases, tmp_path):
    tally = Tally()
    for name, data in {**dicom_bases, **image_bases}.items():
        path = tmp_path / f"trunc{_suffix(name)}"
        for cut in _truncations(len(data)):
            tally.run(path, data[:cut], f"{name} cut at {cut}")
    tally.check()
    assert tally.count > 600
    assert tally.outcomes["ok"] < tally.count  # truncation is noticed


def _pixel_offset(data: bytes) -> int:
    """Where the Pixel Data element starts (its tag), so that flips can target the header."""
    i = data.rfind(b"\xe0\x7f\x10\x00")
    return i if i > 0 else len(data)


def test_fuzz_bit_flips_and_noise(dicom_bases, image_bases, tmp_path):
    rng = np.random.default_rng(20260405)
    tally = Tally()
    for name, data in {**dicom_bases, **image_bases}.items():
        path = tmp_path / f"flip{_suffix(name)}"
        header_end = _pixel_offset(data) + 64 if _suffix(name) == ".dcm" else min(len(data), 256)
        for k in range(70):
            buf = bytearray(data)
            # Half the mutants flip bits in the header (and the first bytes of the
            # pixel data / compressed stream), half anywhere.
            limit = header_end if k % 2 == 0 else len(buf)
            for _ in range(int(rng.integers(1, 9))):
                pos = int(rng.integers(0, limit))
                buf[pos] ^= 1 << int(rng.integers(0, 8))
            tally.run(path, bytes(buf), f"{name} flips #{k}")
        for k in range(12):  # a run of random bytes or of 0xFF somewhere
            buf = bytearray(data)
            start = int(rng.integers(0, len(buf) - 1))
            n = int(rng.integers(1, 256))
            fill = rng.integers(0, 256, n).astype(np.uint8).tobytes() if k % 2 else b"\xff" * n
            buf[start:start + n] = fill[: len(buf) - start]
            tally.run(path, bytes(buf), f"{name} noise #{k} at {start}")
    tally.check()
    assert tally.count > 900


# Wrong and absurd values of the Image Pixel module and friends.
HEADER_MUTATIONS: dict[str, list] = {
    "Rows": [0, 1, 63, 64, 121, 123, 244, 8192, 8193, 65535],
    "Columns": [0, 1, 114, 116, 230, 8192, 65535],
    "BitsAllocated": [0, 1, 7, 8, 12, 32, 64, 65535],
    "BitsStored": [0, 1, 8, 12, 16, 17, 65535],
    "HighBit": [0, 7, 15, 16, 65535],
    "PixelRepresentation": [1, 2, 65535],
    "SamplesPerPixel": [0, 2, 3, 4, 65535],
    "NumberOfFrames": ["0", "2", "-1", "abc", "99999999"],
    "PhotometricInterpretation": ["MONOCHROME2", "RGB", "YBR_FULL_422", "PALETTE COLOR", "", "MONOCHROME3",
                                  "monochrome1"],
    "PlanarConfiguration": [1, 7],
    "WindowCenter": ["abc", "nan", "1e400", "-1e30"],
    "WindowWidth": ["0", "-5", "abc", "inf", "1e-30"],
    "VOILUTFunction": ["SIGMOID", "LINEAR_EXACT", "GAMMA", ""],
    "RescaleSlope": ["0", "-1", "nan", "abc", "1e30"],
    "RescaleIntercept": ["abc", "1e38", "-32768"],
    "PixelSpacing": ["abc", "0\\0", "-1\\1", "1", "inf\\inf", "1e5\\1e5"],
    "ImagerPixelSpacing": ["0.1\\0.1", "x\\y"],
    "EstimatedRadiographicMagnificationFactor": ["0", "abc", "1.2"],
    "Modality": ["CT", "ECG", "", "DX", "SC"],
    "SOPClassUID": ["1.2.840.10008.5.1.4.1.1.9.1.1", "1.2.3", ""],
    "PatientAge": ["abc", "999Y", "063", "-01Y"],
    "PatientBirthDate": ["abc", "20500101", "00000000"],
    "StudyDate": ["20131313", "abc"],
    "AcquisitionTime": ["99", "abcdef", "2500"],
    "ViewPosition": ["LATERAL", "XX", ""],
    "LossyImageCompression": ["01", "xx"],
}
TS_MUTATIONS = ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5",
                "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2", "1.2.3.4", ""]


# Valid stand-ins, one per VR, written first and then replaced in the bytes by the
# wrong value (pydicom refuses to write most of the wrong values itself).
_SENTINELS = {"DS": "97531.25", "IS": "97531", "CS": "ZQXZQX", "UI": "1.2.999.97531", "AS": "097Y",
              "DA": "19990909", "TM": "091011"}


def _mutated_bytes(ds: pydicom.Dataset, keyword: str, value, scratch: Path) -> bytes:
    """``ds`` written with ``keyword`` set to ``value``, however wrong the value is."""
    ds = copy.deepcopy(ds)
    if isinstance(value, int):
        setattr(ds, keyword, value)
        return _dataset_bytes(ds, scratch)
    vr = pydicom.datadict.dictionary_VR(keyword)
    sentinel = _SENTINELS[vr]
    setattr(ds, keyword, sentinel)
    data = _dataset_bytes(ds, scratch)
    raw = value.encode()
    raw += (b"\x00" if vr == "UI" else b" ") * (len(raw) % 2)
    old = sentinel.encode() + (b"\x00" if vr == "UI" else b" ") * (len(sentinel) % 2)
    i = data.rindex(old)
    if data[i - 4:i - 2] == vr.encode():  # explicit VR: 2-byte length
        return data[:i - 2] + struct.pack("<H", len(raw)) + raw + data[i + len(old):]
    return data[:i - 4] + struct.pack("<I", len(raw)) + raw + data[i + len(old):]


def _dataset_bytes(ds: pydicom.Dataset, path: Path) -> bytes:
    with disable_value_validation():
        ds.save_as(path, enforce_file_format=True)
    return path.read_bytes()


def _patch_transfer_syntax(data: bytes, uid: str) -> bytes:
    """Replace the file meta Transfer Syntax UID in the bytes, keeping the group length right."""
    tag = b"\x02\x00\x10\x00UI"
    i = data.index(tag)
    old_len = struct.unpack("<H", data[i + 6:i + 8])[0]
    value = uid.encode() + (b"\x00" if len(uid) % 2 else b"")
    out = bytearray(data[:i + 6] + struct.pack("<H", len(value)) + value + data[i + 8 + old_len:])
    g = out.index(b"\x02\x00\x00\x00UL")  # (0002,0000) File Meta Information Group Length
    group_len = struct.unpack("<I", out[g + 8:g + 12])[0] + len(value) - old_len
    out[g + 8:g + 12] = struct.pack("<I", group_len)
    return bytes(out)


def test_fuzz_dicom_header_values(dicom_bases, tmp_path):
    tally = Tally()
    scratch, path = tmp_path / "scratch.dcm", tmp_path / "case.dcm"
    for name in ("explicit", "implicit", "rle", "j2k", "jpeg-baseline", "jpeg-ls"):
        base = pydicom.dcmread(pydicom.filebase.DicomBytesIO(dicom_bases[name]))
        for keyword, values in HEADER_MUTATIONS.items():
            for value in values:
                data = _mutated_bytes(base, keyword, value, scratch)
                tally.run(path, data, f"{name} {keyword}={value!r}")
        for uid in TS_MUTATIONS:  # a transfer syntax that does not match the data
            tally.run(path, _patch_transfer_syntax(dicom_bases[name], uid), f"{name} TransferSyntaxUID={uid!r}")
        # Rows and Columns both absurd: must be refused before any decoding.
        giant = copy.deepcopy(base)
        giant.Rows, giant.Columns = 65535, 65535
        data = _dataset_bytes(giant, scratch)
        assert tally.run(path, data, f"{name} 65535 x 65535") == "CXRReadError"
    tally.check()
    assert tally.count > 700
    assert tally.outcomes["ok"] > 100 and tally.outcomes["CXRReadError"] > 300


def _png_chunks(data: bytes):
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def _png(chunks, fix_crc: bool = True) -> bytes:
    out = bytearray(b"\x89PNG\r\n\x1a\n")
    for kind, body in chunks:
        crc = zlib.crc32(kind + body) if fix_crc else 0xDEADBEEF
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)
    return bytes(out)


def test_fuzz_png_ihdr_and_jpeg_sof(image_bases, tmp_path):
    rng = np.random.default_rng(7)
    tally = Tally()
    for name in ("png8", "png16"):
        chunks = list(_png_chunks(image_bases[name]))
        assert chunks[0][0] == b"IHDR"
        w, h, depth, colour, comp, filt, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
        fields = {
            "width": [0, 1, 63, 64, w + 1, 9000, 65535, 100_000, 2**31 - 1, 2**32 - 1],
            "height": [0, 1, 63, h - 1, 9000, 65535, 2**31 - 1, 2**32 - 1],
            "depth": [1, 2, 4, 8, 16, 3, 255],
            "colour": [0, 2, 3, 4, 6, 1, 255],
            "compression": [1], "filter": [1], "interlace": [1, 2],
        }
        for field, values in fields.items():
            for value in values:
                vals = dict(width=w, height=h, depth=depth, colour=colour, compression=comp,
                            filter=filt, interlace=interlace)
                vals[field] = value
                ihdr = struct.pack(">IIBBBBB", *vals.values())
                for fix in (True, False):
                    data = _png([(b"IHDR", ihdr)] + chunks[1:], fix_crc=fix)
                    tally.run(tmp_path / "ihdr.png", data, f"{name} IHDR {field}={value} crc_ok={fix}")
        # Compressed stream damaged, with a valid CRC (only zlib notices).
        for k in range(20):
            body = bytearray(b"".join(b for kind, b in chunks if kind == b"IDAT"))
            for _ in range(int(rng.integers(1, 6))):
                body[int(rng.integers(0, len(body)))] = int(rng.integers(0, 256))
            data = _png([chunks[0], (b"IDAT", bytes(body)), (b"IEND", b"")])
            tally.run(tmp_path / "idat.png", data, f"{name} IDAT damaged #{k}")
        # A decompression bomb: a huge image of zeros that deflates to almost nothing.
        bomb_ihdr = struct.pack(">IIBBBBB", 8000, 8000, 8, 0, 0, 0, 0)
        bomb = zlib.compress(b"\x00" * (8001 * 8000), 9)
        data = _png([(b"IHDR", bomb_ihdr), (b"IDAT", bomb), (b"IEND", b"")])
        tally.run(tmp_path / "bomb.png", data, f"{name} constant 8000 x 8000 bomb")
    jpeg = image_bases["jpeg"]
    sof = jpeg.find(b"\xff\xc0")  # FF C0, length, precision, height, width, components
    assert sof > 0
    sof_fields = {"precision": (4, ">B", [0, 1, 12, 16, 255]), "height": (5, ">H", [0, 1, 63, 8193, 65535]),
                  "width": (7, ">H", [0, 1, 63, 8193, 65535]), "components": (9, ">B", [0, 3, 4, 255])}
    for field, (offset, fmt, values) in sof_fields.items():
        for value in values:
            buf = bytearray(jpeg)
            struct.pack_into(fmt, buf, sof + offset, value)
            tally.run(tmp_path / "sof.jpg", bytes(buf), f"jpeg SOF {field}={value}")
    tally.check()
    assert tally.count > 150


@settings(derandomize=True, max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.one_of(st.just(122), st.integers(60, 250), st.integers(0, 65535)),
       cols=st.one_of(st.just(115), st.integers(60, 250), st.integers(0, 65535)),
       bits_allocated=st.sampled_from([16, 8, 0, 1, 32]), bits_stored=st.sampled_from([15, 16, 12, 8, 1, 0, 17]),
       signed=st.sampled_from([0, 1, 2]), frames=st.sampled_from([1, 0, 2, -1]),
       samples=st.sampled_from([1, 0, 3]), syntax=st.sampled_from(["explicit", "rle", "j2k", "jpeg-ls"]))
def test_fuzz_dicom_geometry_hypothesis(dicom_bases, tmp_path, rows, cols, bits_allocated, bits_stored,
                                        signed, frames, samples, syntax):
    ds = pydicom.dcmread(pydicom.filebase.DicomBytesIO(dicom_bases[syntax]))
    with disable_value_validation():
        ds.Rows, ds.Columns, ds.BitsAllocated, ds.BitsStored = rows, cols, bits_allocated, bits_stored
        ds.PixelRepresentation, ds.NumberOfFrames, ds.SamplesPerPixel = signed, str(frames), samples
    tally = Tally()
    tally.run(tmp_path / "geo.dcm", _dataset_bytes(ds, tmp_path / "geo_src.dcm"), f"{syntax} geometry")
    tally.check()
