"""The training core: preprocessed cohorts in, a complete :class:`ModelBundle` out.

:func:`fit_bundle` does, in order:

1. **Out-of-fold sub-model logits.**  The training cases are split into
   ``config.oof_folds`` stratified folds (``StratifiedKFold``, shuffled with
   the seed).  For each fold an ECG net, a CXR net and a BNP model are
   trained on the other folds and score the held-out fold, so every training
   case gets ECG/CXR/BNP logits from models that never saw it.  (k = 5 by
   default; the quick test path uses k = 2.)
2. **Final sub-models** are trained on all training cases; they go into the
   bundle.
3. **Fusion** is trained on the out-of-fold logits (never on the final
   models' in-sample logits, which would be over-confident and leak labels),
   with modality dropout, so it learns how much to trust each sub-model on
   unseen data.  The network is monotone in each logit
   (:class:`~ph_assist.models.fusion.MonotoneFusionNet`); a logistic
   regression on the same inputs is fitted beside it for comparison.
4. **Validation** (``val``): the final sub-models and fusion score it; for
   each of the seven sets of present inputs a :class:`Calibrator` and the
   operating thresholds (target sensitivity, default 0.9, and Youden's J,
   with Wilson 95% CIs) are fitted on the validation cases that have those
   inputs (:func:`~ph_assist.training.calibrate.fit_operating_set`);
   per-modality, per-input-set and fused AUCs with 95% CI fill the model
   card, with a warning where the validation set is too small to trust.
   Calibration and thresholds are fitted on the same cases the AUCs are
   reported on: the AUCs are unaffected (calibration is monotone) but the
   thresholds' sensitivity and specificity are optimistic; the card says so.
5. **Training record**: salted hashes of every training and validation
   case's files, their labels and logits (out-of-fold for training cases),
   so ``evaluate`` can refuse in-sample rows and ``refit`` can refit the
   fusion and calibration without retraining the networks.

ECG and CXR nets: AdamW, ``BCEWithLogitsLoss``, cosine learning-rate decay,
mini-batches in a seeded random order, no augmentation, a fixed number of
epochs (no early stopping: ``val`` is kept for calibration).  After training
the BatchNorm running statistics are recomputed over the training cases
(one pass in train mode with a cumulative average), so eval mode is sound
even after very few steps.

Reproducibility: every random choice derives from ``seed`` (per-component
seeds from a hash of seed and component name; ``torch.manual_seed`` and
``numpy.random.default_rng``), deterministic algorithms are switched on for
the duration of the call, and the caller's global torch RNG state is
restored afterwards.  On one machine with one thread count the same seed
gives bit-identical weights.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import math
import os
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, cast

import numpy as np
import torch
from sklearn.model_selection import StratifiedKFold
from torch import nn

from ph_assist.i18n import translate
from ph_assist.models.bnp import BNPModel, normalize_analyte
from ph_assist.models.bundle import ModelBundle, batch_logits, library_versions
from ph_assist.models.card import ModelCard, default_banner
from ph_assist.models.cxr_net import CXRResNet18, build_cxr_resnet18
from ph_assist.models.ecg_net import ECGNetConfig, ECGResNet1d
from ph_assist.models.fusion import (
    MODALITIES, FusionNet, FusionSpec, LogisticFusion, MonotoneFusionNet, build_fusion_net, fusion_features,
    modality_dropout,
)
from ph_assist.models.ood_set import fit_ood
from ph_assist.models.record import TrainingRecord
from ph_assist.preprocess.cxr import CXRPreprocessConfig
from ph_assist.preprocess.ecg import ECGPreprocessConfig
from ph_assist.training.cohort import CohortArrays
from ph_assist.training.calibrate import fit_operating_set
from ph_assist.training.metrics import paired_auc_difference, roc_auc_ci, small_sample_warning

__all__ = ["TrainConfig", "fit_bundle", "ProgressCallback", "train_net", "train_fusion", "train_logistic_fusion",
           "fusion_logits", "describe_fusion_choice"]

#: ``progress(message, fraction_done)``, fraction in [0, 1].
ProgressCallback = Callable[[str, float], None]


@dataclasses.dataclass(frozen=True)
class TrainConfig:
    """Everything that shapes a training run except the data, seed and epochs."""

    name: str = "ph-assist"
    ecg_preprocess: ECGPreprocessConfig = ECGPreprocessConfig()
    cxr_preprocess: CXRPreprocessConfig = CXRPreprocessConfig()
    ecg_net: ECGNetConfig = ECGNetConfig()
    fusion: FusionSpec = FusionSpec()
    analyte: str = "BNP"
    batch_size: int = 32
    lr: float = 1e-3
    weight_decay: float = 1e-2
    ecg_epochs: int | None = None  # None: the ``epochs`` given to fit_bundle
    cxr_epochs: int | None = None
    fusion_epochs: int = 200
    fusion_lr: float = 3e-3
    fusion_batch_size: int = 64
    modality_dropout_p: float = 0.3
    oof_folds: int = 5
    calibration: str = "platt"
    target_sensitivity: float = 0.9
    bnp_C: float = 1.0
    auc_method: str = "auto"
    intended_use: str = (
        "Research decision support: estimate the probability of pulmonary hypertension "
        "from a 12-lead ECG, a chest X-ray and BNP, to help decide on referral for "
        "echocardiography. Not a diagnosis; not a certified medical device."
    )
    training_data: str = "unspecified"
    label_definition: str = "PH = mean pulmonary arterial pressure > 20 mmHg at right heart catheterisation"
    synthetic_training_data: bool = False
    clinical_use: bool = False
    recipe: str = ""  # the exact command line, for the model card

    def __post_init__(self) -> None:
        object.__setattr__(self, "analyte", normalize_analyte(self.analyte))
        if self.oof_folds < 2:
            raise ValueError(translate("errors", "oof_folds must be >= 2"))
        if not (0.0 <= self.modality_dropout_p <= 1.0):
            raise ValueError(translate("errors", "modality_dropout_p must be within [0, 1]"))
        if self.batch_size < 2:
            raise ValueError(translate("errors", "batch_size must be >= 2 (BatchNorm)"))


def _seed_for(seed: int, *parts: object) -> int:
    text = "/".join([str(int(seed))] + [str(p) for p in parts])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little") & 0x7FFFFFFF


@contextlib.contextmanager
def _deterministic() -> Iterator[None]:
    prev = torch.are_deterministic_algorithms_enabled()
    prev_warn = torch.is_deterministic_algorithms_warn_only_enabled()
    prev_cudnn = (torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark)
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    try:
        with torch.random.fork_rng(devices=[]):
            yield
    finally:
        torch.use_deterministic_algorithms(prev, warn_only=prev_warn)
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = prev_cudnn


def _recalibrate_batchnorm(net: nn.Module, batches: _Batches, n: int, batch_size: int) -> None:
    """Re-estimate BatchNorm running statistics over the training data (one
    pass in train mode with a cumulative average), batches gathered as in training."""
    bns = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not bns or n == 0:
        return
    momenta = [m.momentum for m in bns]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None  # cumulative average over the batches below
    net.train()
    try:
        with torch.no_grad(), batches.autocast():
            for i in range(0, n, batch_size):
                idx = np.arange(i, min(i + batch_size, n))
                if len(idx) < 2 and n >= 2:
                    continue
                net(batches.get(idx))
    finally:
        for m, mom in zip(bns, momenta):
            m.momentum = mom
        net.eval()


class _Batches:
    """Mini-batches of ``x`` on ``device``.

    On a GPU the whole (preprocessed, float16) array is copied to the device
    once through pinned memory, and batches are gathered there: the loop then
    runs at the model's own speed instead of waiting for host copies.  On the
    CPU batches are sliced from the host array.
    """

    def __init__(self, x: np.ndarray, device: str) -> None:
        self.device = torch.device(device)
        self.cuda = self.device.type == "cuda"
        self.channels_last = x.ndim == 4 and self.cuda
        if self.cuda:
            host = torch.from_numpy(np.ascontiguousarray(x, dtype=np.float16)).pin_memory()
            self.data: torch.Tensor | None = host.to(self.device, non_blocking=True)
        else:
            self.data = None
            self.x = x

    def autocast(self):
        """bf16 autocast on CUDA; nothing on the CPU."""
        return torch.autocast("cuda", dtype=torch.bfloat16) if self.cuda else contextlib.nullcontext()

    def index(self, idx: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.ascontiguousarray(idx, dtype=np.int64)).to(self.device, non_blocking=True)

    def get(self, idx: np.ndarray | torch.Tensor) -> torch.Tensor:
        if self.cuda:
            t = idx if isinstance(idx, torch.Tensor) else self.index(idx)
            xb = cast(torch.Tensor, self.data).index_select(0, t)  # set when cuda; float16, autocast feeds bf16
        else:
            if isinstance(idx, torch.Tensor):
                idx = idx.numpy()
            xb = torch.from_numpy(np.ascontiguousarray(self.x[idx], dtype=np.float32))
        if self.channels_last:
            xb = xb.contiguous(memory_format=torch.channels_last)
        return xb


def _distributed() -> tuple[int, int]:
    """(rank, world size) when running under ``torchrun`` with an initialised process group."""
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


_NetT = TypeVar("_NetT", bound=nn.Module)


def train_net(
    net: _NetT,
    x: np.ndarray,
    y: np.ndarray,
    *,
    epochs: int,
    batch_size: int,
    lr: float,
    weight_decay: float,
    seed: int,
    device: str = "cpu",
    on_epoch: Callable[[int], None] | None = None,
) -> _NetT:
    """Train a single-logit network with AdamW + BCEWithLogits; returns it in eval mode.

    On CUDA: bf16 autocast, channels_last for image models, data resident on
    the GPU (see :class:`_Batches`).  The CPU path is plain float32.  Under
    ``torchrun`` (an initialised process group) the network is wrapped in
    DistributedDataParallel: every rank draws the same batch order and trains
    on its share of each batch, gradients are averaged, so the global batch
    stays ``batch_size`` and every rank ends with identical weights.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    rank, world = _distributed()
    cuda = torch.device(device).type == "cuda"
    net.to(device).train()
    if cuda and x.ndim == 4:
        net.to(memory_format=torch.channels_last)
    model: nn.Module = net
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel

        model = DistributedDataParallel(net, device_ids=[torch.device(device).index] if cuda else None)
    n = len(y)
    bs = max(2 * world, min(batch_size, n))
    steps = max(1, epochs * math.ceil(n / bs))
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    loss_fn = nn.BCEWithLogitsLoss()
    batches = _Batches(x, device)
    yt = torch.from_numpy(np.asarray(y, dtype=np.float32)).to(device)
    for epoch in range(epochs):
        perm = rng.permutation(n)
        for i in range(0, n, bs):
            b = np.sort(perm[i:i + bs])
            if len(b) < 2 * world:  # BatchNorm needs 2 cases per rank; all ranks skip together
                continue
            idx = batches.index(b[rank::world])
            xb = batches.get(idx)
            yb = yt.index_select(0, idx) if cuda else yt[idx]
            opt.zero_grad(set_to_none=True)
            with batches.autocast():
                out = model(xb).reshape(-1)
            loss = loss_fn(out.float(), yb)
            loss.backward()
            opt.step()
            sched.step()
        if on_epoch is not None:
            on_epoch(epoch + 1)
    _recalibrate_batchnorm(net, batches, n, bs)
    net.to(memory_format=torch.contiguous_format)
    return net.eval()


#: Relative cost of one training case for one epoch, per sub-model network, so that the progress
#: fraction (and the ETA the CLI and GUI derive from it) follows time rather than epoch counts.
#: From the CPU training throughputs in ``docs/performance.md`` (ECG about 84 cases/s, CXR 13-15);
#: on a GPU the ratio differs and the ETA is rougher.  Without it, a CPU run with six CXR epochs
#: said "ETA 21 min" after its ECG networks and took 85.
TRAIN_COST = {"ecg": 1.0, "cxr": 6.0}


class _Progress:
    def __init__(self, callback: ProgressCallback | None, total: float) -> None:
        self.callback, self.total, self.done = callback, max(total, 1.0), 0.0

    def step(self, message: str, amount: float = 1.0) -> None:
        self.done += amount
        if self.callback is not None:
            self.callback(message, min(1.0, self.done / self.total))


def _both_classes(y: np.ndarray) -> bool:
    return bool((y == 1).any() and (y == 0).any())


class _Trainer:
    """Trains the sub-model nets; with a ``checkpoint_dir``, each finished net is
    saved (safetensors) under a key of its config, seed, epochs, tag and data,
    and a rerun of the same training loads it instead of training again, so an
    interrupted run resumes from the last finished net."""

    def __init__(self, cfg: TrainConfig, seed: int, epochs: int, device: str, progress: _Progress,
                 checkpoint_dir: str | None = None) -> None:
        self.cfg, self.seed, self.device, self.progress = cfg, seed, device, progress
        self.ecg_epochs = cfg.ecg_epochs if cfg.ecg_epochs is not None else epochs
        self.cxr_epochs = cfg.cxr_epochs if cfg.cxr_epochs is not None else epochs
        self.checkpoint_dir = checkpoint_dir
        self.resumed: list[str] = []

    def _key(self, kind: str, tag: str, x: np.ndarray, y: np.ndarray, epochs: int) -> str:
        h = hashlib.sha256()
        net_cfg = self.cfg.ecg_net.to_dict() if kind == "ecg" else {"arch": "resnet18", "in_channels": 1}
        h.update(repr((kind, tag, self.seed, epochs, self.cfg.batch_size, self.cfg.lr, self.cfg.weight_decay,
                       sorted(net_cfg.items()), x.shape, str(self.device).split(":")[0])).encode())
        h.update(np.ascontiguousarray(y, dtype=np.int64).tobytes())
        step = max(1, len(x) // 64)  # a sample of the data, enough to tell cohorts apart
        h.update(np.ascontiguousarray(x[::step], dtype=np.float16).tobytes())
        return h.hexdigest()[:24]

    def _fit(self, kind: str, net: _NetT, x: np.ndarray, y: np.ndarray, tag: str, epochs: int) -> _NetT:
        from safetensors.torch import load_file, save_file

        label = "ECG" if kind == "ecg" else "CXR"
        cost = TRAIN_COST[kind]
        path = None
        if self.checkpoint_dir:
            os.makedirs(self.checkpoint_dir, exist_ok=True)
            path = os.path.join(self.checkpoint_dir, f"{kind}-{self._key(kind, tag, x, y, epochs)}.safetensors")
            if os.path.exists(path):
                net.load_state_dict(load_file(path))
                self.resumed.append(f"{label} {tag}")
                self.progress.step(f"{label} network ({tag}): resumed from checkpoint", epochs * len(x) * cost)
                return net.eval()
        trained = train_net(
            net, x, y, epochs=epochs, batch_size=self.cfg.batch_size, lr=self.cfg.lr,
            weight_decay=self.cfg.weight_decay, seed=_seed_for(self.seed, kind, tag), device=self.device,
            on_epoch=lambda e: self.progress.step(f"{label} network ({tag}): epoch {e}/{epochs}", len(x) * cost),
        )
        if path:
            state = {k: v.detach().cpu().contiguous() for k, v in trained.state_dict().items()}
            save_file(state, path + ".tmp")
            os.replace(path + ".tmp", path)
        return trained

    def ecg(self, x: np.ndarray, y: np.ndarray, tag: str) -> ECGResNet1d:
        torch.manual_seed(_seed_for(self.seed, "ecg-init", tag))
        return self._fit("ecg", ECGResNet1d(self.cfg.ecg_net), x, y, tag, self.ecg_epochs)

    def cxr(self, x: np.ndarray, y: np.ndarray, tag: str) -> CXRResNet18:
        torch.manual_seed(_seed_for(self.seed, "cxr-init", tag))
        return self._fit("cxr", build_cxr_resnet18(in_channels=1), x, y, tag, self.cxr_epochs)

    def bnp(self, v: np.ndarray, y: np.ndarray) -> BNPModel:
        return BNPModel(self.cfg.analyte, C=self.cfg.bnp_C).fit(v, y)


def _out_of_fold_logits(train: CohortArrays, trainer: _Trainer) -> np.ndarray:
    """``(n, 3)`` ECG/CXR/BNP logits of each training case from models fitted
    without its fold; NaN where the modality is missing (or a fold could not
    be fitted for lack of one class)."""
    cfg, n = trainer.cfg, len(train)
    skf = StratifiedKFold(n_splits=cfg.oof_folds, shuffle=True, random_state=_seed_for(trainer.seed, "folds"))
    oof = np.full((n, len(MODALITIES)), np.nan)
    for f, (tr, te) in enumerate(skf.split(np.zeros(n), train.y)):
        tag = f"fold {f + 1}/{cfg.oof_folds}"
        for col, present, data, fit in (
            (0, train.ecg_present, train.ecg, trainer.ecg),
            (1, train.cxr_present, train.cxr, trainer.cxr),
        ):
            a, b = tr[present[tr]], te[present[te]]
            if len(b) and _both_classes(train.y[a]):
                net = fit(data[a], train.y[a], tag)
                oof[b, col] = batch_logits(net, data[b], device=trainer.device)
        pb = train.bnp_present
        a, b = tr[pb[tr]], te[pb[te]]
        if len(b) and _both_classes(train.y[a]):
            oof[b, 2] = trainer.bnp(train.bnp[a], train.y[a]).decision_function(train.bnp[b])
    return oof


def train_logistic_fusion(oof: np.ndarray, y: np.ndarray, cfg: TrainConfig, seed: int,
                          copies: int = 5) -> LogisticFusion:
    """The logistic-regression baseline on the same inputs, with the same modality
    dropout (``copies`` dropped copies of the cases beside the originals)."""
    keep = np.isfinite(oof).any(axis=1)
    z, yy = oof[keep], y[keep]
    rng = np.random.default_rng(_seed_for(seed, "fusion-lr"))
    zs = [z] + [modality_dropout(z, rng, cfg.modality_dropout_p) for _ in range(copies)]
    return LogisticFusion(logit_clip=cfg.fusion.logit_clip).fit(np.concatenate(zs), np.tile(yy, copies + 1))


def fusion_logits(net: nn.Module, logits: np.ndarray, logit_clip: float) -> np.ndarray:
    """Fused logits ``(n,)`` of a fusion network for ``(n, 3)`` logits (NaN = missing)."""
    with torch.inference_mode():
        return net.eval()(torch.from_numpy(fusion_features(logits, logit_clip))).reshape(-1).double().numpy()


def describe_fusion_choice(y: np.ndarray, mlp: np.ndarray, lr: np.ndarray, data: str) -> dict[str, Any]:
    """Which fusion is shipped and why: the monotone 3-layer network (the published
    design), with its paired comparison against the logistic-regression fusion."""
    try:
        diff = paired_auc_difference(y, mlp, lr)
    except ValueError as exc:
        diff = {"note": str(exc)}
    d = diff.get("difference")
    if d is None:
        verdict = "the comparison could not be made"
    elif diff["ci_low"] > 0:
        verdict = "the network discriminates better than the logistic regression"
    elif diff["ci_high"] < 0:
        verdict = "the logistic regression discriminates better than the network"
    else:
        verdict = "the two do not differ measurably"
    return {
        "shipped": "monotone 3-layer fully connected network",
        "why": ("the published design (Kishikawa et al. 2025: a 3-layer fully connected fusion), constrained to be "
                "monotone in each sub-model output so that more evidence never lowers the risk; on the "
                f"{data}, {verdict}"),
        "comparison": {"data": data, "network_minus_logistic_auc": diff},
    }


def train_fusion(oof: np.ndarray, y: np.ndarray, cfg: TrainConfig, seed: int) -> FusionNet | MonotoneFusionNet:
    """The fusion network, trained on ``(n, 3)`` out-of-sample logits with modality dropout."""
    keep = np.isfinite(oof).any(axis=1)
    z, yy = oof[keep], y[keep].astype(np.float32)
    torch.manual_seed(_seed_for(seed, "fusion-init"))
    net = build_fusion_net(cfg.fusion)
    rng = np.random.default_rng(_seed_for(seed, "fusion"))
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.fusion_lr, weight_decay=cfg.weight_decay)
    loss_fn = nn.BCEWithLogitsLoss()
    bs = max(2, min(cfg.fusion_batch_size, len(yy)))
    net.train()
    for _ in range(cfg.fusion_epochs):
        feats = torch.from_numpy(fusion_features(modality_dropout(z, rng, cfg.modality_dropout_p),
                                                 cfg.fusion.logit_clip))
        target = torch.from_numpy(yy)
        perm = rng.permutation(len(yy))
        for i in range(0, len(yy), bs):
            b = torch.from_numpy(np.sort(perm[i:i + bs]))
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(feats[b]).reshape(-1), target[b])
            loss.backward()
            opt.step()
    return net.eval()


def _check_cohort(c: CohortArrays, cfg: TrainConfig, what: str) -> None:
    if c.analyte != cfg.analyte:
        raise ValueError(translate("errors", "{what} BNP values are {analyte} but the config says {expected}").format(
            what=what, analyte=c.analyte, expected=cfg.analyte))
    if c.ecg is not None and c.ecg.shape[2] != cfg.ecg_preprocess.n_samples:
        raise ValueError(translate("errors", "{what} ECGs have {n} samples; the config needs {expected}").format(
            what=what, n=c.ecg.shape[2], expected=cfg.ecg_preprocess.n_samples))
    if c.cxr is not None and c.cxr.shape[2] != cfg.cxr_preprocess.size:
        raise ValueError(translate("errors", "{what} CXRs are {size} px; the config needs {expected}").format(
            what=what, size=c.cxr.shape[2], expected=cfg.cxr_preprocess.size))
    if not _both_classes(c.y):
        raise ValueError(translate("errors", "{what} set needs both PH and non-PH cases").format(what=what))


def fit_bundle(
    train: CohortArrays,
    val: CohortArrays,
    *,
    config: TrainConfig,
    seed: int,
    epochs: int,
    device: str = "cpu",
    progress: ProgressCallback | None = None,
    checkpoint_dir: str | os.PathLike | None = None,
) -> ModelBundle:
    """Train every part of a bundle on ``train``, calibrate and evaluate on ``val``.

    ``epochs`` is the number of epochs of the ECG and CXR networks (unless the
    config sets ``ecg_epochs``/``cxr_epochs``).  ``progress(message, fraction)``
    is called after every epoch and stage.  With ``checkpoint_dir`` every
    finished net is checkpointed there and a rerun resumes from them.  Returns
    an unsaved bundle (use :func:`~ph_assist.models.bundle.save_bundle`).
    """
    cfg = config
    if epochs < 1:
        raise ValueError(translate("errors", "epochs must be >= 1"))
    _check_cohort(train, cfg, translate("errors", "training"))
    _check_cohort(val, cfg, translate("errors", "validation"))
    for name, present in (("ECG", train.ecg_present), ("CXR", train.cxr_present), ("BNP", train.bnp_present)):
        if not _both_classes(train.y[present]):
            raise ValueError(translate("errors", "training set needs {modality} data from both PH and non-PH "
                                                 "cases").format(modality=name))
    if min(int(train.y.sum()), int(len(train) - train.y.sum())) < cfg.oof_folds:
        raise ValueError(translate("errors", "each class needs at least {folds} training cases for {folds}-fold "
                                             "fitting").format(folds=cfg.oof_folds))

    ecg_ep = cfg.ecg_epochs if cfg.ecg_epochs is not None else epochs
    cxr_ep = cfg.cxr_epochs if cfg.cxr_epochs is not None else epochs
    # k folds on (k - 1)/k of the cases each, then the final networks on all: k times one pass each.
    work = cfg.oof_folds * (ecg_ep * int(train.ecg_present.sum()) * TRAIN_COST["ecg"]
                            + cxr_ep * int(train.cxr_present.sum()) * TRAIN_COST["cxr"])
    finish = max(work, 1.0) / 100  # the fusion, the calibration and the rest: about 1 % each
    prog = _Progress(progress, work + 3 * finish)
    created = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    t_start = time.perf_counter()

    with _deterministic():
        trainer = _Trainer(cfg, seed, epochs, device, prog,
                           None if checkpoint_dir is None else os.fspath(checkpoint_dir))
        oof = _out_of_fold_logits(train, trainer)
        ecg_net = trainer.ecg(train.ecg[train.ecg_present], train.y[train.ecg_present], "final")
        cxr_net = trainer.cxr(train.cxr[train.cxr_present], train.y[train.cxr_present], "final")
        bnp = trainer.bnp(train.bnp[train.bnp_present], train.y[train.bnp_present])
        fusion = train_fusion(oof, train.y, cfg, seed)
        fusion_lr = train_logistic_fusion(oof, train.y, cfg, seed)
        prog.step("fusion network trained", finish)

        vz = np.full((len(val), len(MODALITIES)), np.nan)
        if val.ecg is not None and val.ecg_present.any():
            vz[val.ecg_present, 0] = batch_logits(ecg_net, val.ecg[val.ecg_present], device=device)
        if val.cxr is not None and val.cxr_present.any():
            vz[val.cxr_present, 1] = batch_logits(cxr_net, val.cxr[val.cxr_present], device=device)
        if val.bnp_present.any():
            vz[val.bnp_present, 2] = bnp.decision_function(val.bnp[val.bnp_present])

    usable = np.isfinite(vz).any(axis=1)
    yv = val.y[usable]
    if not _both_classes(yv):
        raise ValueError(translate("errors", "validation set needs both classes among cases with at least one "
                                             "modality"))
    fusion = fusion.cpu().eval()
    clip = cfg.fusion.logit_clip
    fused = fusion_logits(fusion, vz[usable], clip)
    val_data = "synthetic validation set" if cfg.synthetic_training_data else "validation set"
    operating, by_inputs = fit_operating_set(lambda z: fusion_logits(fusion, z, clip), vz[usable], yv,
                                             method=cfg.calibration, target_sensitivity=cfg.target_sensitivity,
                                             measured_on=val_data)
    prog.step("calibrated; thresholds chosen per set of inputs", finish)

    performance: dict[str, Any] = {}
    for col, name in enumerate(MODALITIES):
        ok = np.isfinite(vz[:, col])
        try:
            performance[name] = roc_auc_ci(val.y[ok], vz[ok, col], method=cfg.auc_method).to_dict()
        except ValueError:
            performance[name] = None
    performance["fused"] = roc_auc_ci(yv, fused, method=cfg.auc_method).to_dict()
    fusion_choice = describe_fusion_choice(yv, fused, fusion_lr.decision_function(vz[usable]),
                                           f"{val_data} (n = {len(yv)})")
    warnings = [w for w in (small_sample_warning(int(yv.sum()), int(len(yv) - yv.sum()), "validation"),) if w]
    warnings += [f"{k}: {v.warning}" for k, v in operating.per_subset.items()
                 if v.warning and v.warning not in warnings]
    with _deterministic():
        ood = fit_ood(ecg_net, cxr_net, train, val, analyte=cfg.analyte, device=device)
    record = TrainingRecord.new()
    record.add("train", train.fingerprints, train.y, oof, f"{cfg.oof_folds}-fold out-of-fold sub-model logits")
    record.add("val", val.fingerprints, val.y, vz, "final sub-models")

    n_pos = int(train.y.sum())
    card = ModelCard(
        name=cfg.name,
        date=created,
        intended_use=cfg.intended_use,
        training_data=(f"{cfg.training_data} — {len(train)} training cases ({n_pos} PH), "
                       f"{len(val)} validation cases ({int(val.y.sum())} PH)"),
        label_definition=cfg.label_definition,
        performance=performance,
        clinical_use=cfg.clinical_use,
        synthetic_training_data=cfg.synthetic_training_data,
        banner=default_banner(synthetic_training_data=cfg.synthetic_training_data, clinical_use=cfg.clinical_use),
        n_train=len(train),
        n_val=len(val),
        notes=(
            f"Fusion (monotone 3-layer network) trained on {cfg.oof_folds}-fold out-of-fold sub-model logits "
            f"with modality dropout p={cfg.modality_dropout_p:g}; a logistic-regression fusion was fitted beside it.",
            f"Calibration ({cfg.calibration}) and thresholds fitted per set of present inputs on the {val_data}; "
            "threshold sensitivity/specificity are measured on the same cases (optimistic).",
            f"AUC 95% CI: {performance['fused']['method']}. Seed {seed}; {ecg_ep} ECG and {cxr_ep} CXR epochs.",
        ),
        performance_by_inputs=by_inputs,
        fusion=fusion_choice,
        recipe=cfg.recipe,
        warnings=tuple(warnings),
    )
    prog.step("done", prog.total - prog.done)  # a fold skipped for lack of a class did less work
    bundle = ModelBundle(
        name=cfg.name,
        ecg_preprocess=cfg.ecg_preprocess,
        cxr_preprocess=cfg.cxr_preprocess,
        ecg_net=ecg_net,
        cxr_net=cxr_net,
        bnp=bnp,
        fusion=fusion,
        operating=operating,
        fusion_lr=fusion_lr,
        record=record,
        ood=ood,
        card=card,
        created=created,
        versions=library_versions(),
    )
    bundle.train_seconds = time.perf_counter() - t_start
    bundle.resumed_nets = list(trainer.resumed)
    return bundle
