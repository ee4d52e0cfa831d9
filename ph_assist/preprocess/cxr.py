"""Chest X-ray preprocessing: a ``(H, W)`` image in [0, 1] to the model's input.

Rule ``"letterbox"`` (the only one): the image is scaled so that its longer
side becomes ``size`` pixels, keeping the aspect ratio (bilinear, antialiased,
with :func:`torch.nn.functional.interpolate`), and centred on a ``size x size``
canvas filled with ``pad_value`` (0, i.e. black, as the film background); the
shorter side's padding is split ``(size - new) // 2`` before and the rest
after.  The canvas is then normalised ``(v - mean) / std``.  Nothing is
cropped, so no part of the lungs is ever lost.

:class:`PreparedCXR` records the geometry (per-axis scale, offsets) and maps
model-space maps and points back onto the source image (:meth:`PreparedCXR.to_source`,
:meth:`PreparedCXR.point_to_source`).  Coordinates are continuous pixel
coordinates: pixel ``i`` covers ``[i, i + 1)``, so its centre is ``i + 0.5``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
import torch.nn.functional as F
from numpy.typing import ArrayLike

from ph_assist.i18n import translate

if TYPE_CHECKING:
    from ph_assist.io.cxr import CXR

__all__ = ["CXRPreprocessConfig", "PreparedCXR", "preprocess_cxr", "as_image_array"]

_RULES = ("letterbox",)
MIN_SIZE, MAX_SIZE = 16, 1024


@dataclasses.dataclass(frozen=True)
class CXRPreprocessConfig:
    """How a radiograph becomes the model input.  JSON round-trip via :meth:`to_dict`.

    ``size`` is 224 by default (512 for a high-resolution bundle; small sizes
    such as 64 are allowed for tests).  ``mean``/``std`` act on the [0, 1]
    grayscale image.
    """

    size: int = 224
    rule: str = "letterbox"
    pad_value: float = 0.0
    mean: float = 0.5
    std: float = 0.25
    antialias: bool = True

    def __post_init__(self) -> None:
        if int(self.size) != self.size or not (MIN_SIZE <= int(self.size) <= MAX_SIZE):
            raise ValueError(translate("errors", "size must be an integer within {low}-{high}, got {value!r}").format(
                low=MIN_SIZE, high=MAX_SIZE, value=self.size))
        object.__setattr__(self, "size", int(self.size))
        if self.rule not in _RULES:
            raise ValueError(translate("errors", "rule must be one of {rules}, got {value!r}").format(
                rules=_RULES, value=self.rule))
        if not (0.0 <= float(self.pad_value) <= 1.0):
            raise ValueError(translate("errors", "pad_value must be within [0, 1], got {value!r}").format(
                value=self.pad_value))
        if not float(self.std) > 0:
            raise ValueError(translate("errors", "std must be positive, got {value!r}").format(value=self.std))
        for name in ("pad_value", "mean", "std"):
            object.__setattr__(self, name, float(getattr(self, name)))
        object.__setattr__(self, "antialias", bool(self.antialias))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-safe dict (goes into the bundle's ``config.json``)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CXRPreprocessConfig:
        """Inverse of :meth:`to_dict`; unknown keys raise ``ValueError``."""
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "CXR preprocessing config must be a JSON object"))
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(translate("errors", "unknown CXR preprocessing setting(s): {names}").format(
                names=", ".join(unknown)))
        try:
            return cls(**dict(data))
        except TypeError as exc:
            raise ValueError(translate("errors", "invalid CXR preprocessing config: {error}").format(
                error=exc)) from None


def _resize(img: np.ndarray, shape: tuple[int, int], *, antialias: bool) -> np.ndarray:
    t = torch.from_numpy(np.ascontiguousarray(img, dtype=np.float32))[None, None]
    out = F.interpolate(t, size=shape, mode="bilinear", align_corners=False, antialias=antialias)
    return out[0, 0].numpy()


@dataclasses.dataclass(frozen=True, eq=False)
class PreparedCXR:
    """A model-ready radiograph and its letterbox geometry.

    ``x`` is float32 ``(1, size, size)``.  The source image (``source_shape``
    ``(H, W)``) was resized to ``resized_shape`` ``(h, w)`` and placed with its
    top-left corner at ``(offset_y, offset_x)``; ``scale_y = h / H`` and
    ``scale_x = w / W`` (both equal ``scale`` up to rounding).
    """

    x: np.ndarray
    source_shape: tuple[int, int]
    resized_shape: tuple[int, int]
    scale: float
    scale_y: float
    scale_x: float
    offset_y: int
    offset_x: int
    config: CXRPreprocessConfig

    @property
    def size(self) -> int:
        return self.config.size

    @property
    def content_mask(self) -> np.ndarray:
        """``(size, size)`` bool: true on image content, false on padding."""
        mask = np.zeros((self.size, self.size), dtype=bool)
        h, w = self.resized_shape
        mask[self.offset_y:self.offset_y + h, self.offset_x:self.offset_x + w] = True
        return mask

    def image01(self) -> np.ndarray:
        """The model input back in [0, 1] units, ``(size, size)`` (for display)."""
        return self.x[0] * self.config.std + self.config.mean

    def to_source(self, heatmap: np.ndarray) -> np.ndarray:
        """Map a model-space map onto the source image.

        ``heatmap`` is ``(size, size)`` or any coarser ``(h', w')`` grid that
        spans the whole model input (a Grad-CAM); it is first brought to
        ``(size, size)``, the padding is cut away and the rest is resized to the
        source ``(H, W)`` (bilinear).  Returns float32 ``(H, W)``.
        """
        hm = np.asarray(heatmap, dtype=np.float32)
        if hm.ndim != 2 or hm.size == 0:
            raise ValueError(f"heatmap must be a 2-D array, got shape {hm.shape}")
        if not np.all(np.isfinite(hm)):
            raise ValueError("heatmap contains NaN or infinite values")
        s = self.size
        if hm.shape != (s, s):
            hm = _resize(hm, (s, s), antialias=False)
        h, w = self.resized_shape
        crop = hm[self.offset_y:self.offset_y + h, self.offset_x:self.offset_x + w]
        return _resize(crop, self.source_shape, antialias=True).astype(np.float32, copy=False)

    def point_to_source(self, x: float, y: float) -> tuple[float, float]:
        """Model-space point ``(x, y)`` (continuous pixels) to source ``(x, y)``."""
        return (x - self.offset_x) / self.scale_x, (y - self.offset_y) / self.scale_y

    def point_to_model(self, x: float, y: float) -> tuple[float, float]:
        """Source-image point ``(x, y)`` to model space; inverse of :meth:`point_to_source`."""
        return x * self.scale_x + self.offset_x, y * self.scale_y + self.offset_y


def as_image_array(image: CXR | ArrayLike) -> np.ndarray:
    """The ``(H, W)`` float32 array of a ``CXR`` object (its ``image``) or an array.

    NaN becomes 0 and values are clipped to [0, 1].  A trailing or leading
    singleton channel axis is dropped.
    """
    arr = getattr(image, "image", image)
    arr = np.asarray(arr, dtype=np.float32)
    if arr.ndim == 3 and 1 in (arr.shape[0], arr.shape[-1]):
        arr = arr.reshape(arr.shape[1:] if arr.shape[0] == 1 else arr.shape[:-1])
    if arr.ndim != 2 or min(arr.shape) < 1:
        raise ValueError(f"a chest X-ray must be a 2-D grayscale image, got shape {arr.shape}")
    return np.clip(np.nan_to_num(arr, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)


def preprocess_cxr(image: CXR | ArrayLike, cfg: CXRPreprocessConfig | None = None) -> PreparedCXR:
    """Letterbox and normalise a radiograph (``CXR`` object or ``(H, W)`` array in [0, 1])."""
    cfg = cfg or CXRPreprocessConfig()
    img = as_image_array(image)
    big_h, big_w = img.shape
    s = cfg.size
    scale = s / max(big_h, big_w)
    h = min(s, max(1, int(round(big_h * scale))))
    w = min(s, max(1, int(round(big_w * scale))))
    resized = _resize(img, (h, w), antialias=cfg.antialias) if (h, w) != (big_h, big_w) else img
    top, left = (s - h) // 2, (s - w) // 2
    canvas = np.full((s, s), cfg.pad_value, dtype=np.float32)
    canvas[top:top + h, left:left + w] = resized
    x = ((canvas - cfg.mean) / cfg.std).astype(np.float32)[None]
    x.setflags(write=False)
    return PreparedCXR(
        x=x,
        source_shape=(int(big_h), int(big_w)),
        resized_shape=(h, w),
        scale=scale,
        scale_y=h / big_h,
        scale_x=w / big_w,
        offset_y=top,
        offset_x=left,
        config=cfg,
    )
