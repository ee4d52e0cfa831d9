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

Mapping the model-input-sized map back onto the original trace or image is
done elsewhere, by the preprocessing geometry.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "GradCAM",
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


class GradCAM:
    """Grad-CAM of a single-logit model at one target layer.

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

    def __init__(self, model: nn.Module, target_layer: nn.Module) -> None:
        if not any(m is target_layer for m in model.modules()):
            raise ValueError("target_layer is not a submodule of model")
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
            a, g = act.detach()[0].float(), grad[0].float()  # (C, *spatial)
            weights = g.mean(dim=tuple(range(1, g.dim())), keepdim=True)  # (C, 1, ...)
            cam = torch.relu((weights * a).sum(dim=0))
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


def _as_finite(cam: Any, ndim: int) -> np.ndarray:
    arr = np.asarray(cam, dtype=np.float32)
    if arr.ndim != ndim:
        raise ValueError(f"expected a {ndim}-D cam, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError("cam is empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError("cam contains NaN or infinite values")
    return arr


def upsample_cam_1d(cam: Any, n: int) -> np.ndarray:
    """Linear interpolation of a ``(T',)`` map onto ``n`` samples (align_corners=False)."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    t = torch.from_numpy(_as_finite(cam, 1).copy())[None, None]
    out = F.interpolate(t, size=int(n), mode="linear", align_corners=False)
    return out[0, 0].numpy().astype(np.float32, copy=False)


def upsample_cam_2d(cam: Any, size: Sequence[int]) -> np.ndarray:
    """Bilinear interpolation of an ``(H', W')`` map onto ``size=(H, W)`` (align_corners=False)."""
    h, w = (int(s) for s in size)
    if h < 1 or w < 1:
        raise ValueError(f"size must be positive, got {tuple(size)}")
    t = torch.from_numpy(_as_finite(cam, 2).copy())[None, None]
    out = F.interpolate(t, size=(h, w), mode="bilinear", align_corners=False)
    return out[0, 0].numpy().astype(np.float32, copy=False)


def normalize_cam(cam: Any) -> np.ndarray:
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
    model: nn.Module, x: torch.Tensor, target_layer: nn.Module, *, normalize: bool = True
) -> tuple[float, np.ndarray]:
    """Grad-CAM for an ECG model; ``x`` is ``(1, 12, T)``.

    Returns ``(logit, cam)`` with ``cam`` of shape ``(T,)`` on the model-input
    time axis, in [0, 1] unless ``normalize=False``.
    """
    if x.dim() != 3 or x.shape[0] != 1:
        raise ValueError(f"ECG input must be (1, leads, T), got {tuple(x.shape)}")
    with GradCAM(model, target_layer) as gc:
        logit, cam = gc(x)
    if cam.ndim != 1:
        raise ValueError(f"target layer gives a {cam.ndim}-D map; an ECG model needs 1-D (N, C, T)")
    cam = upsample_cam_1d(cam, x.shape[-1])
    return logit, normalize_cam(cam) if normalize else cam


def cxr_gradcam(
    model: nn.Module, x: torch.Tensor, target_layer: nn.Module, *, normalize: bool = True
) -> tuple[float, np.ndarray]:
    """Grad-CAM for a chest X-ray model; ``x`` is ``(1, 1, H, W)`` (usually square).

    Returns ``(logit, cam)`` with ``cam`` of shape ``(H, W)`` on the model
    input, in [0, 1] unless ``normalize=False``.
    """
    if x.dim() != 4 or x.shape[0] != 1:
        raise ValueError(f"CXR input must be (1, 1, H, W), got {tuple(x.shape)}")
    with GradCAM(model, target_layer) as gc:
        logit, cam = gc(x)
    if cam.ndim != 2:
        raise ValueError(f"target layer gives a {cam.ndim}-D map; a CXR model needs 2-D (N, C, H, W)")
    cam = upsample_cam_2d(cam, x.shape[-2:])
    return logit, normalize_cam(cam) if normalize else cam
