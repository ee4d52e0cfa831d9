"""Chest X-ray files generated for the tests, so that they run in a fresh clone.

The source image is the real CR chest radiograph ``RG1_UNCR.dcm`` of the
``pydicom-data`` package (1955 x 1841, 15-bit, MONOCHROME1), downsampled.
It is re-encoded in every transfer syntax an encoder is installed for:
native syntaxes and deflate by pydicom, RLE by pydicom, JPEG 2000 by
pylibjpeg-openjpeg, JPEG baseline by Pillow, and lossless JPEG (process 14,
selection value 1) and JPEG-LS (lossless and near-lossless) by the small
encoders below, written from ITU-T T.81 Annex H and ITU-T T.87.
"""

from __future__ import annotations

import copy
import functools
import io
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.pixels import set_pixel_data
from pydicom.uid import (
    UID,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    JPEGBaseline8Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    generate_uid,
)

CR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.1"  # Computed Radiography Image Storage
DX_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.1.1"  # Digital X-Ray Image Storage - For Presentation


def testdata(name: str) -> Path:
    """A file of pydicom's or pydicom-data's test set (installed with the test extras)."""
    from pydicom.data import get_testdata_file

    path = get_testdata_file(name)
    if path is None:  # pragma: no cover - pydicom-data is a test dependency
        import pytest

        pytest.skip(f"pydicom test file {name} not installed (pip install pydicom-data)")
    return Path(path)


@functools.lru_cache(maxsize=None)
def _rg1_full() -> np.ndarray:
    arr = pydicom.dcmread(testdata("RG1_UNCR.dcm")).pixel_array
    arr.setflags(write=False)
    return arr


def rg1_pixels(factor: int = 4) -> np.ndarray:
    """RG1_UNCR's stored values (MONOCHROME1, 15 bits) averaged over ``factor`` x ``factor`` blocks."""
    full = _rg1_full()
    h, w = (full.shape[0] // factor) * factor, (full.shape[1] // factor) * factor
    blocks = full[:h, :w].reshape(h // factor, factor, w // factor, factor)
    return np.rint(blocks.mean(axis=(1, 3))).astype(np.uint16)


def cr_dataset(
    pixels: np.ndarray,
    *,
    photometric: str = "MONOCHROME1",
    bits_stored: int = 15,
    modality: str = "CR",
    sop_class: str = CR_SOP_CLASS,
    **attrs,
) -> Dataset:
    """A CR (by default) dataset holding ``pixels`` natively, with a fake patient.

    ``attrs`` are set as DICOM keywords (``PixelSpacing=[0.2, 0.2]`` ...).
    The patient name and ID are set so that tests can check they never leak.
    """
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = modality
    ds.PatientName = "Doe^Jane"
    ds.PatientID = "PHA-123456"
    ds.PatientBirthDate = "19500101"
    ds.PatientSex = "F"
    ds.PatientAge = "063Y"
    ds.StudyDate = "20130405"
    ds.StudyTime = "101500"
    ds.AcquisitionDate = "20130405"
    ds.AcquisitionTime = "101742.5"
    ds.Manufacturer = "Generated"
    ds.BodyPartExamined = "CHEST"
    ds.ViewPosition = "PA"
    set_pixel_data(ds, np.ascontiguousarray(pixels), photometric, bits_stored)
    for key, value in attrs.items():
        setattr(ds, key, value)
    return ds


def save(ds: Dataset, path: Path, transfer_syntax: str | None = None, **compress_kwargs) -> Path:
    """Write ``ds`` (not modified) to ``path``, re-encoded to ``transfer_syntax`` if given.

    Compressed syntaxes use pydicom's encoders (RLE, JPEG 2000); native ones
    are written as they are.  Explicit VR Big Endian byte-swaps the pixels.
    """
    ds = copy.deepcopy(ds)
    if transfer_syntax is not None:
        ts = UID(transfer_syntax)
        if ts.is_compressed:
            ds.compress(ts, **compress_kwargs)
        else:
            if ts == ExplicitVRBigEndian and ds.BitsAllocated == 16:
                native = np.frombuffer(ds.PixelData, dtype="<u2")
                ds.PixelData = native.astype(">u2").tobytes()
            ds.file_meta.TransferSyntaxUID = ts
    ds.save_as(path, enforce_file_format=True)
    return path


def save_encapsulated(ds: Dataset, path: Path, frame: bytes, transfer_syntax: str, *,
                      bits_allocated: int | None = None, photometric: str | None = None) -> Path:
    """Write ``ds`` with ``frame`` (one compressed codestream) as its pixel data."""
    ds = copy.deepcopy(ds)
    ds.file_meta.TransferSyntaxUID = transfer_syntax
    ds.PixelData = encapsulate([frame])
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    if bits_allocated is not None:
        ds.BitsAllocated = bits_allocated
    if photometric is not None:
        ds.PhotometricInterpretation = photometric
    ds.save_as(path, enforce_file_format=True)
    return path


def relabel_as_cr(src: Path, dst: Path, **attrs) -> Path:
    """Copy a DICOM file as a CR image, pixel data (and its encoding) untouched."""
    ds = pydicom.dcmread(src)
    ds.Modality = "CR"
    ds.SOPClassUID = CR_SOP_CLASS
    ds.file_meta.MediaStorageSOPClassUID = CR_SOP_CLASS
    for key, value in attrs.items():
        setattr(ds, key, value)
    ds.save_as(dst, enforce_file_format=True)
    return dst


def to_8bit(pixels: np.ndarray) -> np.ndarray:
    """Scale to 0-255 over the data range (for the 8-bit JPEG baseline, PNG and JPEG files)."""
    lo, hi = float(pixels.min()), float(pixels.max())
    return np.rint((pixels.astype(np.float64) - lo) / (hi - lo) * 255.0).astype(np.uint8)


def jpeg_bytes(pixels8: np.ndarray, quality: int = 90) -> bytes:
    """A baseline greyscale JPEG (JFIF) of an 8-bit image, by Pillow."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(pixels8).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def write_png(pixels: np.ndarray, path: Path, mode: str | None = None) -> Path:
    from PIL import Image

    Image.fromarray(pixels, mode=mode).save(path, format="PNG") if mode else \
        Image.fromarray(pixels).save(path, format="PNG")
    return path


# --------------------------------------------------------------------------- lossless JPEG


def _pack_codes(codes: np.ndarray, lengths: np.ndarray) -> bytes:
    """Concatenate variable-length codes (MSB first), pad with 1-bits, stuff 0xFF bytes."""
    lengths = lengths.astype(np.int64)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    bits = np.zeros(int(ends[-1]) + 7, dtype=np.uint8)
    bits[int(ends[-1]):] = 1  # padding of the last byte: 1-bits (T.81 F.1.2.3)
    for k in range(int(lengths.max())):
        sel = lengths > k
        shift = (lengths[sel] - 1 - k).astype(np.uint64)
        bits[starts[sel] + k] = ((codes[sel].astype(np.uint64) >> shift) & 1).astype(np.uint8)
    data = np.packbits(bits[: (len(bits) // 8) * 8]).tobytes()
    return data.replace(b"\xff", b"\xff\x00")


def encode_jpeg_lossless_sv1(pixels: np.ndarray, precision: int) -> bytes:
    """A lossless JPEG (T.81 process 14, predictor 1, point transform 0) of ``pixels``.

    Greyscale, ``precision`` 2-15 bits, one Huffman table of 5-bit codes.
    """
    x = pixels.astype(np.int64)
    rows, cols = x.shape
    pred = np.empty_like(x)
    pred[:, 1:] = x[:, :-1]  # predictor 1: the sample to the left
    pred[1:, 0] = x[:-1, 0]  # first column: the sample above
    pred[0, 0] = 1 << (precision - 1)
    diff = (x - pred).ravel()
    ssss = np.zeros(diff.shape, dtype=np.int64)
    nz = diff != 0
    ssss[nz] = np.floor(np.log2(np.abs(diff[nz]))).astype(np.int64) + 1
    extra = np.where(diff >= 0, diff, diff + (1 << ssss) - 1)  # T.81 F.1.2.1
    # Huffman table: categories 0..16 get the 5-bit codes 0..16.
    codes = (ssss << ssss) | extra
    lengths = 5 + ssss
    scan = _pack_codes(codes, lengths)
    bits_counts = bytes([0, 0, 0, 0, 17] + [0] * 11)
    dht = bytes([0x00]) + bits_counts + bytes(range(17))
    out = bytearray(b"\xff\xd8")
    out += b"\xff\xc3" + (11).to_bytes(2, "big") + bytes([precision]) + rows.to_bytes(2, "big") \
        + cols.to_bytes(2, "big") + bytes([1, 1, 0x11, 0])
    out += b"\xff\xc4" + (2 + len(dht)).to_bytes(2, "big") + dht
    out += b"\xff\xda" + (8).to_bytes(2, "big") + bytes([1, 1, 0x00, 1, 0, 0])
    out += scan + b"\xff\xd9"
    return bytes(out)


# --------------------------------------------------------------------------- JPEG-LS


class _BitWriter:
    """MSB-first bit writer with JPEG-LS marker stuffing (a 0-bit after every 0xFF byte)."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0  # bits in acc
        self.room = 8  # bits the current byte takes: 7 after a 0xFF

    def write(self, value: int, nbits: int) -> None:
        for i in range(nbits - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == self.room:
                self.out.append(self.acc)
                self.room = 7 if self.acc == 0xFF else 8
                self.acc, self.n = 0, 0

    def zeros(self, count: int) -> None:
        for _ in range(count):
            self.write(0, 1)

    def flush(self) -> bytes:
        if self.n:
            self.out.append(self.acc << (self.room - self.n))
            self.room = 7 if self.out[-1] == 0xFF else 8
            self.acc, self.n = 0, 0
        if self.out and self.out[-1] == 0xFF:
            self.out.append(0)
        return bytes(self.out)


_J = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14, 15]


def encode_jpeg_ls(pixels: np.ndarray, precision: int, near: int = 0) -> tuple[bytes, np.ndarray]:
    """A JPEG-LS (T.87) codestream of a greyscale image, and the image a decoder reconstructs.

    Default parameters (MAXVAL = 2**precision - 1, default thresholds, RESET
    64), regular and run modes.  ``near`` 0 is lossless; > 0 near-lossless.
    Pure Python: meant for small images.
    """
    img = [[int(v) for v in row] for row in np.asarray(pixels)]
    rows, cols = len(img), len(img[0])
    maxval = (1 << precision) - 1
    qstep = 2 * near + 1
    rng = (maxval + 2 * near) // qstep + 1
    qbpp = max(1, (rng - 1).bit_length())
    bpp = max(2, maxval.bit_length())
    limit = 2 * (bpp + max(8, bpp))
    factor = (min(maxval, 4095) + 128) >> 8

    def clamp(i: int, j: int) -> int:
        return j if (i > maxval or i < j) else i

    if maxval >= 128:
        t1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1)
        t2 = clamp(factor * (7 - 3) + 3 + 5 * near, t1)
        t3 = clamp(factor * (21 - 4) + 4 + 7 * near, t2)
    else:
        f = 256 // (maxval + 1)
        t1 = clamp(max(2, 3 // f + 3 * near), near + 1)
        t2 = clamp(max(3, 7 // f + 5 * near), t1)
        t3 = clamp(max(4, 21 // f + 7 * near), t2)
    reset = 64
    a_init = max(2, (rng + 32) // 64)
    A, N, B, C = [a_init] * 367, [1] * 367, [0] * 367, [0] * 367
    Nn = [0] * 367
    run_index = 0
    bw = _BitWriter()
    rec = [[0] * cols for _ in range(rows)]

    def quant(d: int) -> int:
        if d <= -t3:
            return -4
        if d <= -t2:
            return -3
        if d <= -t1:
            return -2
        if d < -near:
            return -1
        if d <= near:
            return 0
        if d < t1:
            return 1
        if d < t2:
            return 2
        if d < t3:
            return 3
        return 4

    def quantize_error(e: int) -> int:
        if near == 0:
            return e
        return (e + near) // qstep if e > 0 else -((near - e) // qstep)

    def modulo(e: int) -> int:
        if e < 0:
            e += rng
        if e >= (rng + 1) // 2:
            e -= rng
        return e

    def golomb(value: int, k: int, glimit: int) -> None:
        high = value >> k
        if high < glimit - qbpp - 1:
            bw.zeros(high)
            bw.write(1, 1)
            if k:
                bw.write(value & ((1 << k) - 1), k)
        else:
            bw.zeros(glimit - qbpp - 1)
            bw.write(1, 1)
            bw.write(value - 1, qbpp)

    def fix(v: int) -> int:
        return 0 if v < 0 else (maxval if v > maxval else v)

    for y in range(rows):
        above = rec[y - 1] if y else [0] * cols
        # Edge rules (T.87 A.2.1): Ra of a line's first sample is Rb, and its Rc
        # is the Ra of the previous line's first sample.
        line_rc = rec[y - 2][0] if y >= 2 else 0
        x = 0
        while x < cols:
            rb = above[x]
            ra = rec[y][x - 1] if x else rb
            rc = above[x - 1] if x else line_rc
            rd = above[x + 1] if x + 1 < cols else rb
            d1, d2, d3 = rd - rb, rb - rc, rc - ra
            if abs(d1) <= near and abs(d2) <= near and abs(d3) <= near:
                # run mode
                run_val = ra
                run_cnt = 0
                while x < cols and abs(img[y][x] - run_val) <= near:
                    rec[y][x] = run_val
                    run_cnt += 1
                    x += 1
                while run_cnt >= (1 << _J[run_index]):
                    bw.write(1, 1)
                    run_cnt -= 1 << _J[run_index]
                    if run_index < 31:
                        run_index += 1
                if x == cols:
                    if run_cnt > 0:
                        bw.write(1, 1)
                    continue
                bw.write(0, 1)
                if _J[run_index]:
                    bw.write(run_cnt, _J[run_index])
                # run interruption sample
                rb = above[x]
                ra = rec[y][x - 1] if x else rb
                ri_type = 1 if abs(ra - rb) <= near else 0
                px = ra if ri_type else rb
                err = img[y][x] - px
                sign = 1
                if ri_type == 0 and ra > rb:
                    err, sign = -err, -1
                err = quantize_error(err)
                rec[y][x] = fix(px + sign * err * qstep)
                err = modulo(err)
                q = 365 + ri_type
                temp = A[q] + (N[q] >> 1) if ri_type else A[q]
                k = 0
                while (N[q] << k) < temp:
                    k += 1
                if k == 0 and err > 0 and 2 * Nn[q] < N[q]:
                    mapping = 1
                elif err < 0 and 2 * Nn[q] >= N[q]:
                    mapping = 1
                elif err < 0 and k != 0:
                    mapping = 1
                else:
                    mapping = 0
                em = 2 * abs(err) - ri_type - mapping
                golomb(em, k, limit - _J[run_index] - 1)
                if err < 0:
                    Nn[q] += 1
                A[q] += (em + 1 - ri_type) >> 1
                if N[q] == reset:
                    A[q] >>= 1
                    N[q] >>= 1
                    Nn[q] >>= 1
                N[q] += 1
                if run_index > 0:
                    run_index -= 1
                x += 1
                continue
            # regular mode
            q1, q2, q3 = quant(d1), quant(d2), quant(d3)
            q = 81 * q1 + 9 * q2 + q3
            sign = 1
            if q < 0:
                q, sign = -q, -1
            if rc >= max(ra, rb):
                px = min(ra, rb)
            elif rc <= min(ra, rb):
                px = max(ra, rb)
            else:
                px = ra + rb - rc
            px = fix(px + sign * C[q])
            err = img[y][x] - px
            if sign < 0:
                err = -err
            err = quantize_error(err)
            rec[y][x] = fix(px + sign * err * qstep)
            err = modulo(err)
            k = 0
            while (N[q] << k) < A[q]:
                k += 1
            if near == 0 and k == 0 and 2 * B[q] <= -N[q]:
                merr = 2 * err + 1 if err >= 0 else -2 * (err + 1)
            else:
                merr = 2 * err if err >= 0 else -2 * err - 1
            golomb(merr, k, limit)
            B[q] += err * qstep
            A[q] += abs(err)
            if N[q] == reset:
                A[q] >>= 1
                B[q] = B[q] >> 1
                N[q] >>= 1
            N[q] += 1
            if B[q] <= -N[q]:
                B[q] += N[q]
                if C[q] > -128:
                    C[q] -= 1
                if B[q] <= -N[q]:
                    B[q] = -N[q] + 1
            elif B[q] > 0:
                B[q] -= N[q]
                if C[q] < 127:
                    C[q] += 1
                if B[q] > 0:
                    B[q] = 0
            x += 1
    scan = bw.flush()
    out = bytearray(b"\xff\xd8")
    out += b"\xff\xf7" + (11).to_bytes(2, "big") + bytes([precision]) + rows.to_bytes(2, "big") \
        + cols.to_bytes(2, "big") + bytes([1, 1, 0x11, 0])
    out += b"\xff\xda" + (8).to_bytes(2, "big") + bytes([1, 1, 0, near, 0, 0])
    out += scan + b"\xff\xd9"
    return bytes(out), np.array(rec, dtype=np.int64)


def jpeg_ls_dataset(pixels: np.ndarray, path: Path, *, near: int, bits_stored: int = 15,
                    photometric: str = "MONOCHROME1") -> tuple[Path, np.ndarray]:
    """A CR file holding ``pixels`` as JPEG-LS, and the image the decoder should return."""
    frame, reconstructed = encode_jpeg_ls(pixels, bits_stored, near)
    ds = cr_dataset(pixels, photometric=photometric, bits_stored=bits_stored)
    ts = JPEGLSLossless if near == 0 else JPEGLSNearLossless
    if near:
        ds.LossyImageCompression = "01"
    return save_encapsulated(ds, path, frame, ts), reconstructed


def jpeg_lossless_dataset(pixels: np.ndarray, path: Path, *, bits_stored: int = 15) -> Path:
    ds = cr_dataset(pixels, bits_stored=bits_stored)
    return save_encapsulated(ds, path, encode_jpeg_lossless_sv1(pixels, bits_stored), JPEGLosslessSV1)


def jpeg_baseline_dataset(pixels8: np.ndarray, path: Path, quality: int = 90) -> Path:
    ds = cr_dataset(pixels8, photometric="MONOCHROME2", bits_stored=8)
    ds.LossyImageCompression = "01"
    return save_encapsulated(ds, path, jpeg_bytes(pixels8, quality), JPEGBaseline8Bit)
