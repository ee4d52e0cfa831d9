"""Model bundles: every trained part of PH-Assist in one verifiable folder.

Layout (all names fixed)::

    config.json         format + version, name, date, library versions,
                        ECG/CXR preprocessing, network shapes, analyte, fusion inputs
    ecg.safetensors     ECG network weights
    cxr.safetensors     CXR network weights
    fusion.safetensors  fusion network weights (format 2: monotone in each logit)
    bnp.json            BNP logistic regression (plain numbers)
    calibration.json    calibrator of the fused logit, one per set of present inputs (format 2)
    thresholds.json     operating thresholds with their validation sens/spec (and Wilson
                        95% CIs), one set per set of present inputs (format 2)
    fusion_lr.json      (format 2) the logistic-regression fusion the evaluation compares with
    training_record.json (format 2) salted file hashes, roles, labels and sub-model logits
                        of the fitting cases (no IDs): in-sample refusal and refits
    ood.json, ood.safetensors  (optional) description of the training inputs per modality,
                        for the "unlike the training data" warning
    model_card.json     intended use, data, label, AUCs with 95% CI, use flags, banner
    manifest.json       every file above with SHA-256 and size, and the bundle ID

Format 1 bundles (one calibration and one threshold set for every input set,
a fusion that is not constrained to be monotone) still load; every display
then says that the threshold was not measured for the inputs at hand.

Weights are stored only as safetensors (tensors, no executable content) and
everything else as JSON; nothing else is ever deserialised.  The bundle ID is
the SHA-256 of the manifest's entries (``"<name>\\t<sha256>\\t<size>\\n"``
lines, sorted by name), so it changes whenever any file does.

:func:`save_bundle` writes to a temporary sibling folder and renames it into
place, so a crash never leaves a half-written bundle under the final name.
:func:`load_bundle` refuses (with :class:`~ph_assist.errors.BundleError`,
one line naming the folder and the problem) a folder that is missing, lacks a
file, holds a file whose hash differs from the manifest, comes from a newer
format version, or whose weights do not fit the architectures in its config.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike
import torch
from safetensors.torch import load_file, save_file
from torch import nn

from ph_assist.errors import BundleError
from ph_assist.i18n import translate
from ph_assist.models.bnp import BNPModel, LabsLike, normalize_analyte
from ph_assist.models.calibration import Calibrator, Thresholds
from ph_assist.models.card import ModelCard, default_banner
from ph_assist.models.operating import OperatingSet, SubsetOperating
from ph_assist.models.cxr_net import CXR_ARCH, CXRResNet18, build_cxr_resnet18
from ph_assist.models.ecg_net import ECGNetConfig, ECGResNet1d
from ph_assist.models.fusion import (
    FusionNet, FusionSpec, LogisticFusion, MonotoneFusionNet, PresentInputs, build_fusion_net, fusion_features,
)
from ph_assist.models.record import TrainingRecord

if TYPE_CHECKING:
    from ph_assist.io.cxr import CXR
    from ph_assist.models.ood_set import OODSet
from ph_assist.models.signing import Origin, check_origin
from ph_assist.preprocess.cxr import CXRPreprocessConfig, PreparedCXR, preprocess_cxr
from ph_assist.preprocess.ecg import ECGPreprocessConfig, ECGSignal, PreparedECG, preprocess_ecg

__all__ = [
    "ModelBundle", "save_bundle", "load_bundle", "verify_bundle", "write_manifest",
    "library_versions", "batch_logits", "BUNDLE_FORMAT", "FORMAT_VERSION", "BUNDLE_FILES",
]

BUNDLE_FORMAT = "ph-assist-model-bundle"
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
ECG_ARCH = "ecg_resnet1d"
BUNDLE_FILES_V1 = (
    "config.json", "ecg.safetensors", "cxr.safetensors", "fusion.safetensors",
    "bnp.json", "calibration.json", "thresholds.json", "model_card.json",
)
BUNDLE_FILES = BUNDLE_FILES_V1 + ("fusion_lr.json", "training_record.json")
OPTIONAL_FILES = ("ood.json", "ood.safetensors")
_REQUIRED = {1: BUNDLE_FILES_V1, 2: BUNDLE_FILES}
_CONFIG_KEYS = (
    "format", "format_version", "bundle_name", "created", "library_versions",
    "ecg_preprocess", "cxr_preprocess", "cxr_input_size", "ecg_net", "cxr_net", "analyte", "fusion",
)
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def library_versions() -> dict[str, str]:
    """Versions of the libraries a bundle's numbers depend on."""
    import scipy
    import sklearn
    import torchvision

    import ph_assist

    return {
        "ph_assist": ph_assist.__version__,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
    }


def batch_logits(net: nn.Module, x: np.ndarray, batch_size: int = 32,
                 device: str | torch.device = "cpu") -> np.ndarray:
    """Logits ``(n,)`` float64 of a single-logit network over ``x`` (eval mode, no grad)."""
    was_training = net.training
    net.eval()
    out = []
    if torch.device(device).type == "cuda":
        batch_size = max(batch_size, 256)
    try:
        with torch.inference_mode():
            for i in range(0, len(x), batch_size):
                xb = torch.from_numpy(np.ascontiguousarray(x[i:i + batch_size], dtype=np.float32)).to(device)
                out.append(net(xb).reshape(-1).double().cpu().numpy())
    finally:
        net.train(was_training)
    return np.concatenate(out) if out else np.zeros(0)


def _missing(v: float | None) -> bool:
    return v is None or not np.isfinite(float(v))


class ModelBundle:
    """A loaded (or freshly trained) PH-Assist model.

    The networks are kept in eval mode; every scoring method runs under
    :func:`torch.inference_mode`, so the same inputs always give identical
    numbers.  ``bundle_id`` and ``path`` are set by :func:`save_bundle` and
    :func:`load_bundle` (``None`` for a bundle that was never saved).
    """

    def __init__(
        self,
        *,
        name: str,
        ecg_preprocess: ECGPreprocessConfig,
        cxr_preprocess: CXRPreprocessConfig,
        ecg_net: ECGResNet1d,
        cxr_net: CXRResNet18,
        bnp: BNPModel,
        fusion: FusionNet | MonotoneFusionNet,
        operating: OperatingSet,
        card: ModelCard,
        fusion_lr: LogisticFusion | None = None,
        record: TrainingRecord | None = None,
        ood: OODSet | None = None,
        created: str | None = None,
        versions: Mapping[str, str] | None = None,
        bundle_id: str | None = None,
        path: str | os.PathLike | None = None,
        format_version: int = FORMAT_VERSION,
    ) -> None:
        self.name = str(name)
        self.ecg_preprocess = ecg_preprocess
        self.cxr_preprocess = cxr_preprocess
        self.ecg_net = ecg_net.cpu().eval()
        self.cxr_net = cxr_net.cpu().eval()
        self.bnp = bnp
        self.fusion = fusion.cpu().eval()
        self.operating = operating
        self.fusion_lr = fusion_lr
        self.record = record
        self.ood = ood  # ph_assist.models.ood_set.OODSet or None (no "unlike the training data" check)
        self.format_version = int(format_version)
        self.origin = Origin("unsigned")  # set by load_bundle from signature.json and the trust store
        self.card = card
        self.created = created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        self.library_versions = dict(versions or library_versions())
        self.bundle_id = bundle_id
        self.path = None if path is None else Path(path)
        self.train_seconds: float | None = None  # set by training; not saved
        self.resumed_nets: list[str] = []  # set by training (nets resumed from checkpoints); not saved

    # -- description -------------------------------------------------------
    @property
    def analyte(self) -> str:
        return self.bnp.analyte

    @property
    def cxr_input_size(self) -> int:
        return self.cxr_preprocess.size

    @property
    def ecg_net_config(self) -> ECGNetConfig:
        return self.ecg_net.config

    @property
    def fusion_spec(self) -> FusionSpec:
        return self.fusion.spec

    @property
    def short_id(self) -> str | None:
        return None if self.bundle_id is None else self.bundle_id[:12]

    @property
    def clinical_use(self) -> bool:
        """The card's ``clinical_use``, honoured only for a bundle signed by a trusted key."""
        return bool(self.card.clinical_use and self.origin.verified)

    @property
    def banner(self) -> str:
        """The line every display of a score shows: from the card's flags and the origin, never free text."""
        base = default_banner(synthetic_training_data=self.card.synthetic_training_data,
                              clinical_use=self.clinical_use)
        if self.origin.verified:
            return base
        return f"{base} · unverified origin" if base else "Unverified origin — not for clinical use"

    @property
    def calibrator(self) -> Calibrator:
        """Calibration of cases with all three inputs."""
        return self.operating.full.calibrator

    @property
    def thresholds(self) -> Thresholds:
        """Thresholds of cases with all three inputs (see :meth:`operating_for` for the others)."""
        return self.operating.full.thresholds

    def operating_for(self, present: PresentInputs) -> SubsetOperating:
        """Calibration and thresholds for a set of present inputs (names, key or mask)."""
        return self.operating.for_subset(present)

    def config_dict(self) -> dict[str, Any]:
        """The content of ``config.json``."""
        return {
            "format": BUNDLE_FORMAT,
            "format_version": self.format_version,
            "bundle_name": self.name,
            "created": self.created,
            "library_versions": dict(self.library_versions),
            "ecg_preprocess": self.ecg_preprocess.to_dict(),
            "cxr_preprocess": self.cxr_preprocess.to_dict(),
            "cxr_input_size": self.cxr_input_size,
            "ecg_net": {"arch": ECG_ARCH, **self.ecg_net_config.to_dict()},
            "cxr_net": {"arch": CXR_ARCH, "in_channels": self.cxr_net.in_channels},
            "analyte": self.analyte,
            "fusion": self.fusion_spec.to_dict(),
            "outputs": "sub-models and fusion give logits; risk = calibration of the present inputs (fused logit)",
        }

    # -- preprocessing with this bundle's settings ---------------------------
    def prepare_ecg(self, ecg: ECGSignal) -> PreparedECG:
        """Preprocess an ECG object with this bundle's ECG settings."""
        return preprocess_ecg(ecg, self.ecg_preprocess)

    def prepare_cxr(self, image: CXR | ArrayLike) -> PreparedCXR:
        """Preprocess a CXR object or ``(H, W)`` image with this bundle's CXR settings."""
        return preprocess_cxr(image, self.cxr_preprocess)

    # -- scoring -----------------------------------------------------------
    def _input(self, prepared: PreparedECG | PreparedCXR | ArrayLike, cfg: ECGPreprocessConfig | CXRPreprocessConfig,
               shape: tuple[int, ...], what: str) -> torch.Tensor:
        if isinstance(prepared, (PreparedECG, PreparedCXR)):
            if prepared.config != cfg:
                raise ValueError(f"this {what} was preprocessed with other settings than the bundle's")
            x: ArrayLike = prepared.x
        else:
            x = prepared
        arr = np.array(x, dtype=np.float32)
        if arr.shape != shape:
            raise ValueError(f"{what} input must have shape {shape}, got {arr.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{what} input contains NaN or infinite values")
        return torch.from_numpy(arr)[None]

    def score_ecg(self, prepared: PreparedECG | np.ndarray) -> float:
        """ECG sub-model logit for a :class:`PreparedECG` (or its ``x`` array)."""
        x = self._input(prepared, self.ecg_preprocess, (12, self.ecg_preprocess.n_samples), "ECG")
        with torch.inference_mode():
            return float(self.ecg_net(x).reshape(()))

    def score_cxr(self, prepared: PreparedCXR | np.ndarray) -> float:
        """CXR sub-model logit for a :class:`PreparedCXR` (or its ``x`` array)."""
        s = self.cxr_input_size
        x = self._input(prepared, self.cxr_preprocess, (1, s, s), "CXR")
        with torch.inference_mode():
            return float(self.cxr_net(x).reshape(()))

    def score_bnp(self, labs: LabsLike) -> float:
        """BNP sub-model logit for a ``Labs`` object (``analyte``, ``value_pg_ml``);
        :class:`~ph_assist.errors.LabValueError` if the analyte is not the bundle's."""
        return self.bnp.logit_labs(labs)

    def fused_logits(self, logits: np.ndarray) -> np.ndarray:
        """Fused logits ``(n,)`` from ``(n, 3)`` sub-model logits (NaN = missing)."""
        feats = fusion_features(logits, self.fusion_spec.logit_clip)
        if np.any(feats[:, 3:].sum(axis=1) == 0):
            raise ValueError("at least one modality (ECG, CXR or BNP) is needed")
        with torch.inference_mode():
            return self.fusion(torch.from_numpy(feats)).reshape(-1).double().numpy()

    def fuse_batch(self, logits: np.ndarray) -> np.ndarray:
        """Calibrated probabilities ``(n,)`` from ``(n, 3)`` sub-model logits (NaN = missing);
        each case is calibrated for the set of inputs it has."""
        z = np.asarray(logits, dtype=np.float64)
        z = z[None] if z.ndim == 1 else z
        return self.operating.predict(self.fused_logits(z), np.isfinite(z))

    def fused_logit(self, ecg_logit: float | None = None, cxr_logit: float | None = None,
                    bnp_logit: float | None = None) -> float:
        """Uncalibrated fused logit; ``None`` (or NaN) marks a missing modality."""
        row = [np.nan if v is None or _missing(v) else float(v) for v in (ecg_logit, cxr_logit, bnp_logit)]
        return float(self.fused_logits(np.array([row]))[0])

    def fuse(self, ecg_logit: float | None = None, cxr_logit: float | None = None,
             bnp_logit: float | None = None) -> float:
        """Calibrated probability of PH from the available sub-model logits."""
        row = [np.nan if v is None or _missing(v) else float(v) for v in (ecg_logit, cxr_logit, bnp_logit)]
        return float(self.fuse_batch(np.array([row]))[0])

    def is_positive(self, probability: float, threshold: str | None = None,
                    present: PresentInputs | None = None) -> bool:
        """``probability >= `` the named (default: the bundle's default) threshold of the
        set of inputs ``present`` (default: all three)."""
        thresholds = self.thresholds if present is None else self.operating_for(present).thresholds
        point = thresholds[threshold] if threshold else thresholds.default_point
        return bool(probability >= point.threshold)


# -- writing -----------------------------------------------------------------
def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, indent=2, sort_keys=True, allow_nan=False, ensure_ascii=False) + "\n").encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _save_weights(net: nn.Module, path: Path, model: str) -> None:
    tensors = {k: v.detach().cpu().contiguous().clone() for k, v in net.state_dict().items()}
    # One metadata entry only: safetensors writes its metadata map in hash order,
    # and several entries would make identical weights give different bytes.
    save_file(tensors, str(path), metadata={"ph_assist_model": model})
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _bundle_hash(entries: Sequence[Mapping[str, Any]]) -> str:
    lines = sorted(f"{e['path']}\t{e['sha256']}\t{int(e['size'])}\n" for e in entries)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def write_manifest(folder: str | os.PathLike) -> str:
    """(Re)write ``manifest.json`` for the bundle files in ``folder``; returns the bundle ID."""
    folder = Path(folder)
    version = FORMAT_VERSION
    try:
        version = int(json.loads((folder / "config.json").read_text(encoding="utf-8"))["format_version"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    entries = []
    for name in _REQUIRED.get(version, BUNDLE_FILES) + OPTIONAL_FILES:
        p = folder / name
        if name in OPTIONAL_FILES and not p.exists():
            continue
        entries.append({"path": name, "sha256": _sha256(p), "size": p.stat().st_size})
    bundle_id = _bundle_hash(entries)
    manifest = {
        "format": BUNDLE_FORMAT,
        "format_version": version,
        "files": entries,
        "bundle_id": bundle_id,
        "bundle_id_rule": "sha256 over the sorted lines '<path>\\t<sha256>\\t<size>\\n' of files",
    }
    _write(folder / MANIFEST, _json_bytes(manifest))
    return bundle_id


def save_bundle(bundle: ModelBundle, folder: str | os.PathLike, *, overwrite: bool = False) -> str:
    """Write ``bundle`` as the folder ``folder`` (atomically); returns the bundle ID.

    The files are written to a temporary sibling folder, flushed to disk, and
    the folder is renamed into place.  An existing ``folder`` is replaced only
    with ``overwrite=True`` (else :class:`BundleError`).  Sets ``bundle.bundle_id``
    and ``bundle.path``.
    """
    folder = Path(folder)
    if folder.exists() and not overwrite:
        raise BundleError(folder, translate("errors", "already exists; choose a new folder (or overwrite=True)"))
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".partial", dir=folder.parent))
    try:
        os.chmod(tmp, 0o755)
        _write(tmp / "config.json", _json_bytes(bundle.config_dict()))
        _save_weights(bundle.ecg_net, tmp / "ecg.safetensors", "ecg")
        _save_weights(bundle.cxr_net, tmp / "cxr.safetensors", "cxr")
        _save_weights(bundle.fusion, tmp / "fusion.safetensors", "fusion")
        _write(tmp / "bnp.json", _json_bytes(bundle.bnp.to_dict()))
        if bundle.format_version >= 2:
            if bundle.fusion_lr is None or bundle.record is None:
                raise BundleError(
                    folder, translate("errors", "a format-2 bundle needs its logistic fusion and training record"))
            _write(tmp / "calibration.json", _json_bytes(bundle.operating.calibration_dict()))
            _write(tmp / "thresholds.json", _json_bytes(bundle.operating.thresholds_dict()))
            _write(tmp / "fusion_lr.json", _json_bytes(bundle.fusion_lr.to_dict()))
            _write(tmp / "training_record.json", _json_bytes(bundle.record.to_dict()))
            if bundle.ood is not None:
                _write(tmp / "ood.json", _json_bytes(bundle.ood.to_meta()))
                save_file({k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32))
                           for k, v in bundle.ood.to_arrays().items()},
                          str(tmp / "ood.safetensors"), metadata={"ph_assist_model": "ood"})
        else:
            _write(tmp / "calibration.json", _json_bytes(bundle.calibrator.to_dict()))
            _write(tmp / "thresholds.json", _json_bytes(bundle.thresholds.to_dict()))
        _write(tmp / "model_card.json", _json_bytes(bundle.card.to_dict()))
        bundle_id = write_manifest(tmp)
        if folder.exists():
            old = folder.parent / f".{folder.name}.{uuid.uuid4().hex}.old"
            os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    bundle.bundle_id, bundle.path = bundle_id, folder
    return bundle_id


# -- reading -----------------------------------------------------------------
#: No bundle JSON file is larger (a training record of 100,000 cases is about 40 MB); a larger
#: one is refused before it is read, so a re-hashed giant file costs no memory.
MAX_JSON_BYTES = 128 * 1024 * 1024


def _read_json(folder: Path, name: str) -> Any:
    try:
        if (folder / name).stat().st_size > MAX_JSON_BYTES:
            raise BundleError(
                folder, translate("errors", "{name} is larger than {mib} MiB; not a PH-Assist bundle file").format(
                name=name, mib=MAX_JSON_BYTES >> 20))
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError(folder, translate("errors", "{name} cannot be read as JSON ({error})").format(
            name=name, error=exc)) from None
    except RecursionError:
        raise BundleError(
            folder, translate("errors", "{name} is nested too deeply to be a PH-Assist bundle file").format(
            name=name)) from None


def verify_bundle(folder: str | os.PathLike) -> dict[str, Any]:
    """Check the manifest and every file's size and SHA-256; returns the manifest.

    Every required file must be listed and every listed file present and
    intact.  Files in the folder that the manifest does not list are ignored
    (never read).
    """
    folder = Path(folder)
    if not folder.exists():
        raise BundleError(folder, translate("errors", "model bundle folder not found"))
    if not folder.is_dir():
        raise BundleError(folder, translate("errors", "is not a folder; a model bundle is a folder"))
    if not (folder / MANIFEST).is_file():
        raise BundleError(folder, translate("errors", "{manifest} is missing; not a complete model bundle").format(
            manifest=MANIFEST))
    manifest = _read_json(folder, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise BundleError(folder, translate("errors", "{manifest} is not a PH-Assist model bundle manifest").format(
            manifest=MANIFEST))
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(e, dict) for e in files):
        raise BundleError(folder, translate("errors", "{manifest} has no valid file list").format(manifest=MANIFEST))
    seen: set[str] = set()
    for e in files:
        name, sha, size = e.get("path"), e.get("sha256"), e.get("size")
        if (not isinstance(name, str) or not _NAME_RE.match(name) or name == MANIFEST
                or not isinstance(sha, str) or not _SHA_RE.match(sha)
                or not isinstance(size, int) or isinstance(size, bool) or size < 0):
            raise BundleError(folder, translate("errors", "{manifest} has a malformed entry {entry!r}").format(
                manifest=MANIFEST, entry=e))
        if name in seen:
            raise BundleError(
                folder, translate("errors", "{manifest} lists {name} twice").format(manifest=MANIFEST, name=name))
        seen.add(name)
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(folder, translate("errors", "{manifest} has an invalid format version {version!r}").format(
            manifest=MANIFEST, version=version))
    if version > FORMAT_VERSION:
        raise BundleError(folder, translate("errors", "bundle format version {version} is newer than this PH-Assist "
                                            "reads (up to {supported}); update PH-Assist").format(
            version=version, supported=FORMAT_VERSION))
    for name in _REQUIRED[version]:
        if name not in seen:
            raise BundleError(folder, translate("errors", "{manifest} does not list {name} (partial bundle)").format(
                manifest=MANIFEST, name=name))
    if (("ood.json" in seen) != ("ood.safetensors" in seen)):
        raise BundleError(folder, translate("errors", "{manifest} lists only one of ood.json and ood.safetensors "
                                            "(partial bundle)").format(manifest=MANIFEST))
    for e in files:
        p = folder / e["path"]
        if not p.is_file():
            raise BundleError(folder, translate("errors", "{name} is missing (partial bundle)").format(name=e["path"]))
        if p.stat().st_size != e["size"] or _sha256(p) != e["sha256"]:
            raise BundleError(
                folder, translate("errors", "{name} does not match its SHA-256 in {manifest} (modified or "
                                                "corrupt)").format(name=e["path"], manifest=MANIFEST))
    if manifest.get("bundle_id") != _bundle_hash(files):
        raise BundleError(folder, translate("errors", "the bundle ID in {manifest} does not match its file list "
                                            "(manifest modified)").format(manifest=MANIFEST))
    return manifest


def _check_config(folder: Path, config: Any) -> None:
    if not isinstance(config, dict):
        raise BundleError(folder, translate("errors", "config.json is not a JSON object"))
    if config.get("format") != BUNDLE_FORMAT:
        raise BundleError(folder, translate("errors", "config.json is not a PH-Assist model bundle config (format "
                                            "{format!r})").format(format=config.get("format")))
    version = config.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BundleError(folder, translate("errors", "config.json has an invalid format version {version!r}").format(
            version=version))
    if version > FORMAT_VERSION:
        raise BundleError(
            folder,
            translate("errors", "bundle format version {version} is newer than this PH-Assist "
                                "reads (up to {supported}); update PH-Assist").format(
                version=version, supported=FORMAT_VERSION),
        )
    missing = [k for k in _CONFIG_KEYS if k not in config]
    if missing:
        raise BundleError(folder, translate("errors", "config.json lacks {fields}").format(fields=", ".join(missing)))


def _load_weights(folder: Path, name: str, net: nn.Module, what: str) -> None:
    try:
        tensors = load_file(str(folder / name))
    except Exception as exc:  # safetensors raises its own error types
        raise BundleError(folder, translate("errors", "{name} is not a valid safetensors file ({error})").format(
            name=name, error=exc)) from None
    expected = net.state_dict()
    missing = sorted(set(expected) - set(tensors))
    unexpected = sorted(set(tensors) - set(expected))
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(translate("errors", "missing {names}").format(
                names=", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")))
        if unexpected:
            parts.append(translate("errors", "unexpected {names}").format(
                names=", ".join(unexpected[:3]) + (" ..." if len(unexpected) > 3 else "")))
        raise BundleError(folder, translate("errors", "{name} does not fit the {what} architecture: {problems}").format(
            name=name, what=what, problems="; ".join(parts)))
    for key, ref in expected.items():
        t = tensors[key]
        if tuple(t.shape) != tuple(ref.shape) or t.dtype != ref.dtype:
            raise BundleError(
                folder,
                translate("errors", "{name}: tensor {key} is {dtype} {shape}, the {what} architecture "
                                    "needs {ref_dtype} {ref_shape}").format(
                    name=name, key=key, dtype=t.dtype, shape=tuple(t.shape), what=what, ref_dtype=ref.dtype,
                    ref_shape=tuple(ref.shape)),
            )
        if t.is_floating_point() and not bool(torch.isfinite(t).all()):
            raise BundleError(
                folder, translate("errors", "{name}: tensor {key} contains NaN or infinite values").format(
                name=name, key=key))
    net.load_state_dict(tensors, strict=True)


def load_bundle(folder: str | os.PathLike) -> ModelBundle:
    """Verify and load a bundle folder; every problem is a :class:`BundleError`."""
    folder = Path(folder)
    manifest = verify_bundle(folder)
    config = _read_json(folder, "config.json")
    _check_config(folder, config)
    try:
        ecg_pre = ECGPreprocessConfig.from_dict(config["ecg_preprocess"])
        cxr_pre = CXRPreprocessConfig.from_dict(config["cxr_preprocess"])
        ecg_cfg_raw = dict(config["ecg_net"])
        if ecg_cfg_raw.pop("arch", None) != ECG_ARCH:
            raise ValueError(f"unknown ECG network architecture (expected {ECG_ARCH})")
        ecg_cfg = ECGNetConfig.from_dict(ecg_cfg_raw)
        if ecg_cfg.in_leads != 12:
            raise ValueError("the ECG network must take 12 leads")
        cxr_cfg = dict(config["cxr_net"])
        if cxr_cfg.get("arch") != CXR_ARCH or cxr_cfg.get("in_channels") != 1:
            raise ValueError(f"unknown CXR network (expected {CXR_ARCH} with 1 input channel)")
        if config["cxr_input_size"] != cxr_pre.size:
            raise ValueError(f"cxr_input_size {config['cxr_input_size']!r} differs from the preprocessing size")
        spec = FusionSpec.from_dict(config["fusion"])
        analyte = normalize_analyte(config["analyte"])
    except BundleError:
        raise
    except Exception as exc:  # ValueError, TypeError, LabValueError from malformed fields
        raise BundleError(
            folder, translate("errors", "config.json is not compatible: {error}").format(error=exc)) from None

    version = int(config["format_version"])
    if int(manifest["format_version"]) != version:
        raise BundleError(folder, translate("errors", "config.json and manifest.json disagree on the format version"))
    if version >= 2 and not spec.monotone:
        raise BundleError(folder, translate("errors", "config.json: a format-2 bundle's fusion must be monotone"))
    ecg_net = ECGResNet1d(ecg_cfg)
    cxr_net = build_cxr_resnet18(in_channels=1)
    fusion = build_fusion_net(spec)
    _load_weights(folder, "ecg.safetensors", ecg_net, "ECG")
    _load_weights(folder, "cxr.safetensors", cxr_net, "CXR")
    _load_weights(folder, "fusion.safetensors", fusion, "fusion")

    parts: dict[str, Any] = {}
    loaders: list[tuple[str, Any]] = [("bnp.json", BNPModel.from_dict), ("model_card.json", ModelCard.from_dict)]
    if version >= 2:
        loaders += [("fusion_lr.json", LogisticFusion.from_dict), ("training_record.json", TrainingRecord.from_dict)]
    for name, loader in loaders:
        try:
            parts[name] = loader(_read_json(folder, name))
        except BundleError:
            raise
        except Exception as exc:
            raise BundleError(
                folder, translate("errors", "{name} is not valid: {error}").format(name=name, error=exc)) from None
    try:
        operating = OperatingSet.from_dicts(_read_json(folder, "calibration.json"),
                                            _read_json(folder, "thresholds.json"))
    except BundleError:
        raise
    except Exception as exc:
        raise BundleError(
            folder, translate("errors", "calibration.json / thresholds.json are not valid: {error}").format(
            error=exc)) from None
    if version >= 2 and not operating.subset_specific:
        raise BundleError(
            folder, translate("errors", "a format-2 bundle needs calibration and thresholds per set of inputs"))
    ood = None
    listed = {e["path"] for e in manifest["files"]}
    if "ood.json" in listed:
        from ph_assist.models.ood_set import OODSet

        try:
            arrays = {k: v.numpy() for k, v in load_file(str(folder / "ood.safetensors")).items()}
            ood = OODSet.from_arrays(arrays, _read_json(folder, "ood.json"))
        except BundleError:
            raise
        except Exception as exc:
            raise BundleError(folder, translate("errors", "ood.json / ood.safetensors are not valid: {error}").format(
                error=exc)) from None
    origin = check_origin(folder, manifest["bundle_id"])
    if origin.status == "invalid":
        raise BundleError(
            folder, translate("errors", "{detail}; refusing a bundle whose signature does not match it").format(
            detail=translate("errors", origin.detail)))
    bnp = parts["bnp.json"]
    if bnp.analyte != analyte:
        raise BundleError(
            folder, translate("errors", "bnp.json is for {analyte} but config.json says {expected}").format(
            analyte=bnp.analyte, expected=analyte))
    loaded = ModelBundle(
        name=str(config["bundle_name"]),
        ecg_preprocess=ecg_pre,
        cxr_preprocess=cxr_pre,
        ecg_net=ecg_net,
        cxr_net=cxr_net,
        bnp=bnp,
        fusion=fusion,
        operating=operating,
        card=parts["model_card.json"],
        fusion_lr=parts.get("fusion_lr.json"),
        record=parts.get("training_record.json"),
        ood=ood,
        format_version=version,
        created=str(config["created"]),
        versions=config["library_versions"],
        bundle_id=manifest["bundle_id"],
        path=folder,
    )
    loaded.origin = origin
    return loaded
