"""Grad-CAM saliency maps for the ECG (Conv1d) and chest X-ray (Conv2d) models.

Grad-CAM (Selvaraju et al., ICCV 2017): for a target layer with activations
``A_k`` (channel ``k``) and the model's output logit ``y``,

    w_k = mean over the spatial / time axes of  dy/dA_k
    cam = ReLU( sum_k  w_k * A_k )

Why our own ~150 lines rather than a library: pytorch-grad-cam supports only
2-D feature maps (no Conv1d, so not our ECG model); captum's ``LayerGradCam``
handles Conv1d but is a large dependency for one function.  The definition is
short, and ``tests/test_gradcam.py`` checks this implementation against it
(manual autograd on the activations, and the closed form for a GAP + linear
head) and checks that the maps localise known features.

Cost: one forward pass plus one backward pass through the layers *after* the
target layer only; the logit of that same forward pass is returned so callers
need not run the model twice.  The layers up to the target run without
recording a graph (it is never needed there), which on CPU makes a call cost
about one plain forward pass (benchmarks/bench_gradcam.py).
``torch.autograd.grad`` is used, so parameters' ``.grad`` is never populated,
and ``requires_grad`` is never changed.

Variants (``method``), all from the same single forward + backward pass:

* ``"gradcam"``: the definition above (channel weights = mean gradient).
* ``"hirescam"`` (Draelos & Carin 2020): ``cam = ReLU(sum_k dy/dA_k * A_k)``
  element-wise, i.e. the gradient is not averaged over the map first; for a
  global-average-pooling + linear head it equals Grad-CAM exactly (the
  gradient is then constant over the map), so it differs only where the
  gradient varies in space.
* ``"gradcam++"`` (Chattopadhay et al. 2018): channel weights
  ``w_k = sum_ij alpha_kij ReLU(g_kij)`` with
  ``alpha = g^2 / (2 g^2 + sum_ij A_kij g^3)`` (the exponential-output
  closed form of their Eq. 19, as in pytorch-grad-cam).

Upsampling geometry (:func:`upsample_cam_1d`, :func:`upsample_cam_2d`): the
value of feature cell ``j`` is placed on the centre of its receptive field,
input sample/pixel ``S * j`` for a stack of "same"-padded convolutions of
total stride ``S`` (ResNets: ``S`` = 32 at ``layer4``, 16 at ``layer3``),
and interpolated linearly in between; see :func:`cell_centres`.

Mapping the model-input-sized map back onto the original trace or image is
done elsewhere, by the preprocessing geometry.

References
----------
R. R. Selvaraju et al., "Grad-CAM: Visual explanations from deep networks via
gradient-based localization", ICCV 2017.
R. L. Draelos and L. Carin, "Use HiResCAM instead of Grad-CAM for faithful
explanations of convolutional neural networks", arXiv:2011.08891, 2020.
A. Chattopadhay et al., "Grad-CAM++: Generalized gradient-based visual
explanations for deep convolutional networks", WACV 2018.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any

import dataclasses

import numpy as np
import torch
from numpy.typing import ArrayLike
from torch import nn

__all__ = [
    "CAM_METHODS",
    "CAMResult",
    "DEFAULT_CXR_LAYER",
    "DEFAULT_CXR_METHOD",
    "GradCAM",
    "cam_is_empty",
    "cell_centres",
    "cxr_explanation",
    "cxr_gradcam",
    "ecg_gradcam",
    "normalize_cam",
    "upsample_cam_1d",
    "upsample_cam_2d",
]

_INFERENCE_MODE_MSG = (
    "GradCAM needs autograd and cannot run under torch.inference_mode(); "
    "call it outside any inference_mode block (it enables gradients itself, "
    "only for the duration of the call)"
)


#: The map variants :class:`GradCAM` computes (see the module docstring).
CAM_METHODS = ("gradcam", "hirescam", "gradcam++")
#: The CXR explanation the app shows, chosen by measurement on nine networks
#: (benchmarks/bench_cxr_recipe.py, docs/validation/explanations.md): method and ``named_modules()``
#: name.  The layer is the CXR network's ``target_layer`` (``models.cxr_net.CXR_CAM_LAYER``).
DEFAULT_CXR_METHOD = "gradcam"
DEFAULT_CXR_LAYER = "layer3"
#: A map whose maximum is at or below this is "empty": no region raised the score.
EMPTY_CAM_ATOL = 0.0


class GradCAM:
    """Grad-CAM (or HiResCAM / Grad-CAM++, ``method``) of a single-logit model at one target layer.

    Use as a context manager, or call :meth:`close` to remove the hook::

        with GradCAM(model, model.layer4) as gc:
            logit, cam = gc(x)          # x: (1, C, T) or (1, C, H, W)

    The forward hook on ``target_layer`` is passive except during
    :meth:`__call__`: then it replaces the layer's output ``A`` by a
    detached leaf that requires grad (so the map works even for a model whose
    parameters are frozen) and hands a *clone* of it downstream (so in-place
    operations after the layer, such as torchvision's ``ReLU(inplace=True)``
    or ``out += identity``, cannot alter the captured values).  Values are
    unchanged, so the returned logit equals ``model(x)`` in eval mode.

    The forward pass runs under ``torch.no_grad()`` and the hook switches
    gradients on from the target layer onwards, so no graph is recorded for
    the layers before it.  If the model's own grad-mode handling undoes that
    (the output then has no graph), the forward pass is repeated once with
    gradients enabled throughout.

    Not thread-safe; one call at a time per instance.  Must not be called
    under ``torch.inference_mode()`` (raises ``RuntimeError``): inference-mode
    tensors cannot take part in autograd.
    """

    def __init__(self, model: nn.Module, target_layer: nn.Module, method: str = "gradcam") -> None:
        if not any(m is target_layer for m in model.modules()):
            raise ValueError("target_layer is not a submodule of model")
        if method not in CAM_METHODS:
            raise ValueError(f"method must be one of {CAM_METHODS}, got {method!r}")
        self.method = method
        self.model = model
        self.target_layer = target_layer
        self._active = False
        self._activation: torch.Tensor | None = None
        self._n_calls = 0
        self._handle: torch.utils.hooks.RemovableHandle | None = (
            target_layer.register_forward_hook(self._hook)
        )

    def _hook(self, module: nn.Module, inputs: Any, output: Any) -> torch.Tensor | None:
        if not self._active:
            return None
        if not isinstance(output, torch.Tensor):
            raise TypeError(f"target layer must return a Tensor, got {type(output).__name__}")
        self._n_calls += 1
        # From here on record a graph; the grad-mode context around the model
        # call (see _forward) restores the previous mode when it exits.
        torch.set_grad_enabled(True)
        leaf = output.detach().requires_grad_(True)
        self._activation = leaf
        return leaf.clone()

    def __call__(self, x: torch.Tensor) -> tuple[float, np.ndarray]:
        """Run one forward + backward pass on ``x`` (batch of 1).

        Returns ``(logit, cam)``: the model's output logit from that forward
        pass and the raw (non-normalised, >= 0) map, float32, of the target
        layer's spatial shape: ``(T',)`` for ``(N, C, T')`` activations,
        ``(H', W')`` for ``(N, C, H', W')``.  An all-zero map is returned as
        zeros.  The model is evaluated in eval mode; every module's
        ``training`` flag is restored afterwards.
        """
        if self._handle is None:
            raise RuntimeError("GradCAM has been closed")
        if torch.is_inference_mode_enabled():
            raise RuntimeError(_INFERENCE_MODE_MSG)
        if x.is_inference():  # made under inference_mode: a normal copy can be used
            x = x.clone()
        modes = [(m, m.training) for m in self.model.modules()]
        self.model.eval()
        self._active = True
        try:
            out = self._forward(x, graph_before_target=False)
            if isinstance(out, torch.Tensor) and not out.requires_grad and self._activation is not None:
                out = self._forward(x, graph_before_target=True)  # the model reset grad mode itself
            act, n_calls = self._activation, self._n_calls
            if not isinstance(out, torch.Tensor) or out.numel() != 1:
                shape = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
                raise ValueError(f"model must output a single logit (batch of 1), got {shape}")
            if act is None:
                raise RuntimeError("target layer was not called during the forward pass")
            if n_calls > 1:
                raise RuntimeError(f"target layer was called {n_calls} times in one forward pass")
            if act.dim() < 3 or act.shape[0] != 1:
                raise ValueError(
                    f"target activations must be (1, C, T) or (1, C, H, W), got {tuple(act.shape)}"
                )
            grad = None
            if out.requires_grad:  # the one backward pass: logit -> A, nothing further
                # grad_outputs rather than out.reshape(()): no new op, so no grad mode needed
                (grad,) = torch.autograd.grad(out, act, torch.ones_like(out), allow_unused=True)
            if grad is None:
                raise RuntimeError("model output does not depend on the target layer")
        finally:
            self._active, self._activation = False, None
            for m, training in modes:
                m.training = training
        with torch.no_grad():
            cam = _combine(act.detach()[0].float(), grad[0].float(), self.method)
        return float(out.detach().reshape(())), cam.cpu().numpy().astype(np.float32, copy=False)

    def _forward(self, x: torch.Tensor, *, graph_before_target: bool) -> Any:
        self._activation, self._n_calls = None, 0
        with torch.enable_grad() if graph_before_target else torch.no_grad():
            return self.model(x)

    def close(self) -> None:
        """Remove the forward hook from the target layer (idempotent)."""
        if self._handle is not None:
            self._handle.remove()
            self._handle = None

    def __enter__(self) -> GradCAM:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _combine(a: torch.Tensor, g: torch.Tensor, method: str) -> torch.Tensor:
    """The map from activations ``a`` and gradients ``g`` (both ``(C, *spatial)``)."""
    spatial = tuple(range(1, g.dim()))
    if method == "hirescam":
        return torch.relu((g * a).sum(dim=0))
    if method == "gradcam++":
        g2 = g * g
        denom = 2.0 * g2 + a.sum(dim=spatial, keepdim=True) * g2 * g
        alpha = torch.where(denom != 0, g2 / torch.where(denom != 0, denom, torch.ones_like(denom)),
                            torch.zeros_like(denom))
        weights = (alpha * torch.relu(g)).sum(dim=spatial, keepdim=True)
        return torch.relu((weights * a).sum(dim=0))
    weights = g.mean(dim=spatial, keepdim=True)  # (C, 1, ...)
    return torch.relu((weights * a).sum(dim=0))


def _as_finite(cam: ArrayLike, ndim: int) -> np.ndarray:
    arr = np.asarray(cam, dtype=np.float32)
    if arr.ndim != ndim:
        raise ValueError(f"expected a {ndim}-D cam, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError("cam is empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError("cam contains NaN or infinite values")
    return arr


def _cell_stride(n_in: int, n_out: int) -> tuple[float, float]:
    """``(stride, offset)`` of the cell centres: cell ``j`` sits on input index ``offset + stride * j``."""
    if n_out == n_in:
        return 1.0, 0.0
    s = 2
    while s <= 2 * n_in:
        if -(-n_in // s) == n_out:  # ceil(n_in / s): "same" padding with total stride s
            return float(s), 0.0
        s *= 2
    stride = n_in / n_out  # not a power-of-two stack: centre of the cell's share of the input
    return stride, (stride - 1.0) / 2.0


def cell_centres(n_in: int, n_out: int, stride: float | None = None, offset: float = 0.0) -> np.ndarray:
    """Input index (sample or pixel) of the receptive-field centre of each of ``n_out`` feature cells.

    Parameters
    ----------
    n_in : int
        Input length along the axis (e.g. 224 pixels, 5000 samples).
    n_out : int
        Feature-map length along the axis (e.g. 7 at ResNet18's ``layer4``).
    stride : float, optional
        Total stride ``S`` of the layers up to the feature map.  By default
        the power of two ``S`` with ``ceil(n_in / S) == n_out`` (what a stack
        of stride-2 "same"-padded convolutions and poolings gives); if there
        is none, ``n_in / n_out`` with ``offset = (S - 1) / 2``.
    offset : float
        Input index of cell 0's centre (used with an explicit ``stride``).

    Returns
    -------
    ndarray, float64 ``(n_out,)``: ``offset + S * j``.

    Notes
    -----
    A convolution with odd kernel ``k``, padding ``(k - 1) / 2`` and stride
    ``s`` centres output ``j`` on input ``s * j``; composing such layers (and
    torchvision's max-pool ``k=3, s=2, p=1`` and 1x1 stride-2 shortcuts)
    centres cell ``j`` on input index ``S * j``, i.e. on continuous coordinate
    ``S * j + 0.5`` (pixel ``i`` covers ``[i, i + 1)``).
    ``F.interpolate(..., align_corners=False)`` instead treats cell ``j`` as
    covering ``[j S, (j + 1) S)`` and puts its value at index
    ``(j + 0.5) S - 0.5``: ``(S - 1) / 2`` too far (15.5 px at ``layer4``,
    224 px input).  ``align_corners=True`` stretches cell ``n_out - 1`` onto
    the last pixel: at 224 px, ``layer4`` cell ``j`` lands ``5.2 j`` px
    too far (up to 31 px).
    """
    if n_in < 1 or n_out < 1:
        raise ValueError(f"lengths must be positive, got {n_in} and {n_out}")
    if stride is None:
        stride, offset = _cell_stride(int(n_in), int(n_out))
    return offset + float(stride) * np.arange(n_out, dtype=np.float64)


def _interp_axis(a: np.ndarray, axis: int, n: int, stride: float | None, offset: float) -> np.ndarray:
    """Linear interpolation along ``axis`` from cell centres onto ``n`` input indices (clamped at the ends)."""
    m = a.shape[axis]
    centres = cell_centres(n, m, stride, offset)
    if m == 1:
        return np.repeat(a, n, axis=axis)
    pos = np.interp(np.arange(n, dtype=np.float64), centres, np.arange(m, dtype=np.float64))
    i0 = np.clip(np.floor(pos).astype(np.int64), 0, m - 2)
    w = (pos - i0).astype(np.float32)
    shape = [1] * a.ndim
    shape[axis] = n
    w = w.reshape(shape)
    return np.take(a, i0, axis=axis) * (1 - w) + np.take(a, i0 + 1, axis=axis) * w


def upsample_cam_1d(cam: ArrayLike, n: int, *, stride: float | None = None, offset: float = 0.0) -> np.ndarray:
    """A ``(T',)`` map onto ``n`` samples, each cell's value on its receptive-field centre.

    Linear between the cell centres given by :func:`cell_centres` (``stride``
    and ``offset`` are passed on), constant beyond the first and last centre.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    arr = _as_finite(cam, 1)
    return _interp_axis(arr, 0, int(n), stride, offset).astype(np.float32, copy=False)


def upsample_cam_2d(cam: ArrayLike, size: Sequence[int], *, stride: float | None = None,
                    offset: float = 0.0) -> np.ndarray:
    """An ``(H', W')`` map onto ``size=(H, W)``, each cell's value on its receptive-field centre.

    Bilinear between the cell centres of :func:`cell_centres` on each axis
    (``stride``/``offset`` apply to both), constant beyond the outermost
    centres.  See :func:`cell_centres` for why neither ``align_corners``
    setting of ``F.interpolate`` is right for a CNN feature map.
    """
    h, w = (int(s) for s in size)
    if h < 1 or w < 1:
        raise ValueError(f"size must be positive, got {tuple(size)}")
    arr = _as_finite(cam, 2)
    out = _interp_axis(_interp_axis(arr, 0, h, stride, offset), 1, w, stride, offset)
    return out.astype(np.float32, copy=False)


def normalize_cam(cam: ArrayLike) -> np.ndarray:
    """Scale a map to [0, 1] by dividing by its maximum; an all-zero map stays zeros.

    Negative values (never produced by :class:`GradCAM`) are clipped to 0.
    """
    arr = np.asarray(cam, dtype=np.float32)
    if not np.all(np.isfinite(arr)):
        raise ValueError("cam contains NaN or infinite values")
    arr = np.maximum(arr, 0.0)
    peak = float(arr.max()) if arr.size else 0.0
    if peak <= 0.0:
        return np.zeros_like(arr, dtype=np.float32)
    return (arr / peak).astype(np.float32, copy=False)


def ecg_gradcam(
    model: nn.Module, x: torch.Tensor, target_layer: nn.Module, *, normalize: bool = True,
    method: str = "gradcam",
) -> tuple[float, np.ndarray]:
    """Grad-CAM for an ECG model; ``x`` is ``(1, 12, T)``.

    Returns ``(logit, cam)`` with ``cam`` of shape ``(T,)`` on the model-input
    time axis, in [0, 1] unless ``normalize=False``.
    """
    if x.dim() != 3 or x.shape[0] != 1:
        raise ValueError(f"ECG input must be (1, leads, T), got {tuple(x.shape)}")
    with GradCAM(model, target_layer, method) as gc:
        logit, cam = gc(x)
    if cam.ndim != 1:
        raise ValueError(f"target layer gives a {cam.ndim}-D map; an ECG model needs 1-D (N, C, T)")
    cam = upsample_cam_1d(cam, x.shape[-1])
    return logit, normalize_cam(cam) if normalize else cam


def cxr_gradcam(
    model: nn.Module, x: torch.Tensor, target_layer: nn.Module, *, normalize: bool = True,
    method: str = "gradcam",
) -> tuple[float, np.ndarray]:
    """Grad-CAM for a chest X-ray model; ``x`` is ``(1, 1, H, W)`` (usually square).

    Returns ``(logit, cam)`` with ``cam`` of shape ``(H, W)`` on the model
    input, in [0, 1] unless ``normalize=False``.  ``method``: one of
    :data:`CAM_METHODS`.
    """
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError(f"CXR input must be (1, 1, H, W), got {tuple(x.shape)}")
    with GradCAM(model, target_layer, method) as gc:
        logit, cam = gc(x)
    if cam.ndim != 2:
        raise ValueError(f"target layer gives a {cam.ndim}-D map; a CXR model needs 2-D (N, C, H, W)")
    cam = upsample_cam_2d(cam, x.shape[-2:])
    return logit, normalize_cam(cam) if normalize else cam


def cam_is_empty(cam: ArrayLike) -> bool:
    """True when a map has no positive value: no region raised the score (shown as such, not as an overlay)."""
    arr = np.asarray(cam, dtype=np.float32)
    finite = arr[np.isfinite(arr)]
    return bool(finite.size == 0 or float(finite.max()) <= EMPTY_CAM_ATOL)


@dataclasses.dataclass(frozen=True, eq=False)
class CAMResult:
    """One explanation of one input: the logit of the same forward pass and the map.

    ``cam``: float32 on the model input (``(H, W)`` or ``(T,)``), in [0, 1]
    (divided by its maximum).  ``empty``: the raw map was all zero, so
    ``cam`` is all zero and no region raised the score; a viewer must say so
    rather than draw an empty overlay.  ``method`` and ``layer`` name what
    was computed.
    """

    logit: float
    cam: np.ndarray
    empty: bool
    method: str
    layer: str


def _named_layer(model: nn.Module, layer: str) -> nn.Module:
    modules = dict(model.named_modules())
    if layer not in modules or layer == "":
        raise ValueError(f"model has no layer {layer!r}")
    return modules[layer]


def cxr_explanation(model: nn.Module, x: torch.Tensor, *, method: str = DEFAULT_CXR_METHOD,
                    layer: str = DEFAULT_CXR_LAYER) -> CAMResult:
    """The chest X-ray explanation the app shows: ``method`` at the layer named ``layer``.

    The defaults are those chosen by the localisation benchmark
    (``benchmarks/bench_explain.py``, ``docs/validation/explanations.md``).
    ``x`` is ``(1, 1, H, W)``; the map is upsampled with receptive-field
    geometry (:func:`upsample_cam_2d`).
    """
    logit, raw = cxr_gradcam(model, x, _named_layer(model, layer), normalize=False, method=method)
    empty = cam_is_empty(raw)
    cam = np.zeros_like(raw) if empty else normalize_cam(raw)
    return CAMResult(logit=logit, cam=cam, empty=empty, method=method, layer=layer)
