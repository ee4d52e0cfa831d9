"""Is this input unlike the training data?  One detector per modality.

A sub-model's score means something only for inputs that resemble the cases
it was trained on.  A network trained on synthetic ECGs or radiograph
phantoms gives confident but meaningless scores to a real recording; this
module measures how far an input lies from the training data so that the
physician can be warned.

* ECG and chest X-ray: :func:`features_and_logits` runs the bundle's network
  once and returns, besides the logit, a feature vector per case (globally
  average-pooled activations of chosen layers).  :class:`FeatureDensity`
  models the training features as one Gaussian (mean and a Ledoit-Wolf
  shrunk covariance) and scores a case by its Mahalanobis distance; a case
  whose distance exceeds the ``quantile`` (default 99 %) of the distances of
  held-out validation cases is *unlike* the training data (Lee et al. 2018,
  class-agnostic and with the layers' features concatenated).
* BNP: :class:`RangeCheck` flags a value outside the central 99 % of the
  training values.

Every fitted detector is plain numbers: :meth:`FeatureDensity.to_arrays`
(float32 arrays for safetensors) and ``to_meta`` (JSON).

References
----------
.. [1] K. Lee, K. Lee, H. Lee, J. Shin. "A simple unified framework for
   detecting out-of-distribution samples and adversarial attacks."
   NeurIPS 2018.
.. [2] O. Ledoit, M. Wolf. "A well-conditioned estimator for large-dimensional
   covariance matrices." J. Multivariate Anal. 88 (2004) 365-411.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
import torch
from torch import nn

__all__ = [
    "features_and_logits", "net_kind", "FeatureDensity", "RangeCheck",
    "UNLIKE_WORDING", "default_layers", "pooled_outputs", "PENULTIMATE",
]

#: The input of the network's final ``Linear`` layer (``fc``).
PENULTIMATE = "penultimate"



def default_layers(net: nn.Module, kind: str | None = None) -> tuple[str, ...]:
    """The layers whose pooled outputs make the features: the stem and every stage, the
    last one as the :data:`PENULTIMATE` vector (Lee et al. 2018).

    For the standard networks: ECG ``stem, stages.0, stages.1, stages.2, penultimate``
    (32 + 32 + 64 + 128 + 256 = 512 features); CXR ``relu, layer1, layer2, layer3,
    penultimate`` (64 + 64 + 128 + 256 + 512 = 1024).  The penultimate layer alone
    flags only 68 % of the real 12-lead ECGs with the demo bundle, every stage 93 %
    (``docs/validation/ood.md``).
    """
    kind = kind or net_kind(net)
    if kind == "ecg":
        stages = getattr(net, "stages", None)
        n = len(stages) if isinstance(stages, nn.Sequential) else 0
        return ("stem", *(f"stages.{i}" for i in range(n - 1)), PENULTIMATE)
    if kind == "cxr":
        return ("relu", "layer1", "layer2", "layer3", PENULTIMATE)
    raise ValueError(f"kind must be 'ecg' or 'cxr', got {kind!r}")


UNLIKE_WORDING = {
    "ecg": "This ECG is unlike the ECGs the model was trained on; its ECG sub-score may be meaningless.",
    "cxr": "This chest X-ray is unlike the radiographs the model was trained on; "
           "its chest X-ray sub-score may be meaningless.",
    "bnp": "This BNP value lies outside the range of the values the model was trained on; "
           "its BNP sub-score may be unreliable.",
}


# -- features ----------------------------------------------------------------
def net_kind(net: nn.Module) -> str:
    """``"ecg"`` for a 1-D network (first convolution ``Conv1d``), ``"cxr"`` for a 2-D one."""
    for m in net.modules():
        if isinstance(m, nn.Conv1d):
            return "ecg"
        if isinstance(m, nn.Conv2d):
            return "cxr"
    raise ValueError("cannot tell an ECG from a CXR network: it has no convolution")


def _final_linear(net: nn.Module) -> nn.Linear:
    fc = getattr(net, "fc", None)
    if isinstance(fc, nn.Linear):
        return fc
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    if not linears:
        raise ValueError("the network has no Linear layer")
    return linears[-1]


def _pool(t: torch.Tensor) -> torch.Tensor:
    """``(n, C, ...)`` -> ``(n, C)``: mean over every axis after the channels."""
    t = t.detach()
    return t.flatten(2).mean(dim=2) if t.dim() > 2 else t.reshape(t.shape[0], -1)


@contextlib.contextmanager
def pooled_outputs(net: nn.Module, names: Sequence[str]) -> Iterator[dict[str, torch.Tensor]]:
    """Hooks ``net`` so that each forward pass fills the yielded dict with the globally
    pooled output ``(batch, channels)`` of each layer in ``names`` (module names or
    :data:`PENULTIMATE`, the input of the final Linear layer); the hooks go on exit."""
    modules = dict(net.named_modules())
    captured: dict[str, torch.Tensor] = {}
    handles = []
    try:
        for name in names:
            if name == PENULTIMATE:
                handles.append(_final_linear(net).register_forward_pre_hook(
                    lambda _m, args, name=name: captured.__setitem__(name, _pool(args[0]))))
            elif name in modules and name:
                handles.append(modules[name].register_forward_hook(
                    lambda _m, _a, out, name=name: captured.__setitem__(name, _pool(out))))
            else:
                raise ValueError(f"the network has no layer {name!r}")
        yield captured
    finally:
        for h in handles:
            h.remove()


def features_and_logits(
    net: nn.Module,
    x: np.ndarray,
    *,
    batch_size: int = 32,
    device: str | torch.device = "cpu",
    layers: Sequence[str] | None = None,
    kind: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Logits and pooled features of ``x`` from one forward pass per batch.

    Parameters
    ----------
    net : nn.Module
        A single-logit ECG or CXR network (put in eval mode for the call).
    x : ndarray, shape (n, ...)
        Preprocessed inputs, as for :func:`~ph_assist.models.bundle.batch_logits`.
    batch_size : int
    device : str or torch.device
    layers : sequence of str, optional
        Module names (``net.named_modules()``) or :data:`PENULTIMATE`; the
        globally average-pooled output of each is concatenated in this order.
        Default: :func:`default_layers` (the stem and every stage).
    kind : {"ecg", "cxr"}, optional
        The network's kind; detected from its modules when omitted.

    Returns
    -------
    logits : ndarray, shape (n,)
        float64, equal to ``batch_logits(net, x)``.
    features : ndarray, shape (n, d)
        float64.
    """
    kind = kind or net_kind(net)
    names = tuple(layers) if layers is not None else default_layers(net, kind)
    if not names:
        raise ValueError("at least one layer is needed")
    with pooled_outputs(net, names) as captured:
        was_training = net.training
        net.eval()
        logits, feats = [], []
        if torch.device(device).type == "cuda":
            batch_size = max(batch_size, 256)
        try:
            with torch.inference_mode():
                for i in range(0, len(x), batch_size):
                    xb = torch.from_numpy(np.ascontiguousarray(x[i:i + batch_size], dtype=np.float32)).to(device)
                    captured.clear()
                    logits.append(net(xb).reshape(-1).double().cpu().numpy())
                    feats.append(torch.cat([captured[n] for n in names], dim=1).double().cpu().numpy())
        finally:
            net.train(was_training)
    if not logits:
        return np.zeros(0), np.zeros((0, 0))
    return np.concatenate(logits), np.concatenate(feats)


# -- the density of the training features -------------------------------------
def _key(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _as_features(features: ArrayLike, what: str, dim: int | None = None) -> np.ndarray:
    f = np.asarray(features, dtype=np.float64)
    if f.ndim == 1 and dim is not None and f.shape[0] == dim:
        f = f[None]
    if f.ndim != 2:
        raise ValueError(f"{what} must be a 2-D array (n, d), got shape {f.shape}")
    if dim is not None and f.shape[1] != dim:
        raise ValueError(f"{what} have {f.shape[1]} features, the detector was fitted on {dim}")
    if not np.all(np.isfinite(f)):
        raise ValueError(f"{what} contain NaN or infinite values")
    return f


class FeatureDensity:
    """Mahalanobis distance to the training features, with a validated threshold.

    Parameters
    ----------
    quantile : float
        A case is *unlike* the training data when its distance exceeds this
        quantile of the validation cases' distances (so about ``1 - quantile``
        of in-distribution cases are flagged).
    shrinkage : {"ledoit-wolf", "oas"}
        Covariance estimator, fitted on the training features after scaling
        each feature to unit variance (so features of different layers weigh
        alike), i.e. shrinkage towards the diagonal of the covariance.
    layer : str
        Which features these are (stored in the metadata only).

    Attributes
    ----------
    mean_ : ndarray (d,)
    precision_ : ndarray (d, d)
        Inverse of the shrunk covariance, in the original feature units.
        Both are rounded to float32 when fitted, so that a stored detector
        gives exactly the same distances.
    threshold_ : float
    n_fit_, n_val_ : int
    val_flag_rate_ : float
        Share of the validation cases above ``threshold_``.

    References
    ----------
    .. [1] Lee et al., NeurIPS 2018 (see the module docstring).
    .. [2] Ledoit & Wolf, J. Multivariate Anal. 2004.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> d = FeatureDensity().fit(rng.normal(size=(500, 4)), rng.normal(size=(500, 4)))
    >>> bool(d.is_unlike(np.full((1, 4), 10.0))[0])
    True
    """

    _SHRINKAGE = ("ledoit-wolf", "oas")
    method = "mahalanobis"

    def __init__(self, quantile: float = 0.99, shrinkage: str = "ledoit-wolf", layer: str = PENULTIMATE) -> None:
        self.quantile = quantile
        self.shrinkage = shrinkage
        self.layer = layer

    # -- fitting ---------------------------------------------------------------
    def fit(self, train_features: ArrayLike, val_features: ArrayLike) -> FeatureDensity:
        """Learn the mean and precision on ``train_features`` ``(n, d)`` and the
        threshold on ``val_features`` ``(m, d)`` (other cases of the same source)."""
        from sklearn.covariance import OAS, LedoitWolf

        if not 0.0 < float(self.quantile) < 1.0:
            raise ValueError(f"quantile must be within (0, 1), got {self.quantile!r}")
        if self.shrinkage not in self._SHRINKAGE:
            raise ValueError(f"shrinkage must be one of {', '.join(self._SHRINKAGE)}, got {self.shrinkage!r}")
        train = _as_features(train_features, "training features")
        val = _as_features(val_features, "validation features", train.shape[1])
        if len(train) < 2 or len(val) < 1:
            raise ValueError("need at least 2 training and 1 validation case")
        mean = train.mean(axis=0)
        scale = train.std(axis=0)
        scale = np.where(scale > 1e-12 * max(float(scale.max()), 1e-300), scale, 1.0)
        est = (LedoitWolf if self.shrinkage == "ledoit-wolf" else OAS)(assume_centered=True)
        est.fit((train - mean) / scale)
        precision = est.precision_ / np.outer(scale, scale)
        precision = 0.5 * (precision + precision.T)
        self.mean_ = mean.astype(np.float32).astype(np.float64)
        self.precision_ = precision.astype(np.float32).astype(np.float64)
        self.n_fit_, self.n_val_ = len(train), len(val)
        val_scores = self.score(val)
        self.threshold_ = float(np.quantile(val_scores, float(self.quantile)))
        self.val_flag_rate_ = float(np.mean(val_scores > self.threshold_))
        return self

    # -- scoring ---------------------------------------------------------------
    @property
    def dim(self) -> int:
        return int(self.mean_.shape[0])

    def score(self, features: ArrayLike) -> np.ndarray:
        """Mahalanobis distances ``(n,)`` of ``features`` ``(n, d)`` (or one ``(d,)`` vector)."""
        f = _as_features(features, "features", self.dim) - self.mean_
        d2 = np.sum((f @ self.precision_) * f, axis=1)
        return np.sqrt(np.maximum(d2, 0.0))

    def is_unlike(self, features: ArrayLike) -> np.ndarray:
        """``(n,)`` bool: the distance exceeds :attr:`threshold_`."""
        return self.score(features) > self.threshold_

    # -- persistence -----------------------------------------------------------
    def to_arrays(self, prefix: str = "") -> dict[str, np.ndarray]:
        """``{prefix.mean: (d,), prefix.precision: (d, d)}`` float32 (for safetensors)."""
        return {_key(prefix, "mean"): self.mean_.astype(np.float32),
                _key(prefix, "precision"): self.precision_.astype(np.float32)}

    def to_meta(self) -> dict[str, Any]:
        """The JSON part: method, hyper-parameters, threshold and what it was fitted on."""
        return {
            "method": f"{self.method}-{self.shrinkage}",
            "layer": self.layer,
            "quantile": float(self.quantile),
            "threshold": float(self.threshold_),
            "n_fit": int(self.n_fit_),
            "n_val": int(self.n_val_),
            "dim": self.dim,
            "val_flag_rate": float(self.val_flag_rate_),
            "description": (
                f"Mahalanobis distance of the globally pooled features of {self.layer} to the "
                f"{self.n_fit_} training cases (covariance shrunk by {self.shrinkage}); a case is "
                f"unlike the training data above the {self.quantile:.0%} quantile of "
                f"{self.n_val_} validation cases' distances."
            ),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, Any], prefix: str, meta: Mapping[str, Any]) -> FeatureDensity:
        """A fitted detector from :meth:`to_arrays` and :meth:`to_meta`; :class:`ValueError`
        (one line, naming the part) when anything is missing, malformed or not finite."""
        if not isinstance(meta, Mapping):
            raise ValueError("unlike-training-data detector: metadata must be a JSON object")
        where = f"unlike-training-data detector {prefix or ''}".rstrip()
        missing = [k for k in ("method", "layer", "quantile", "threshold", "n_fit", "n_val", "dim")
                   if k not in meta]
        if missing:
            raise ValueError(f"{where}: metadata lacks {', '.join(missing)}")
        method = str(meta["method"])
        shrinkage = method.removeprefix(f"{cls.method}-")
        if not method.startswith(f"{cls.method}-") or shrinkage not in cls._SHRINKAGE:
            raise ValueError(f"{where}: unknown method {method!r}")
        try:
            dim, n_fit, n_val = int(meta["dim"]), int(meta["n_fit"]), int(meta["n_val"])
            quantile, threshold = float(meta["quantile"]), float(meta["threshold"])
        except (TypeError, ValueError):
            raise ValueError(f"{where}: dim, n_fit, n_val, quantile and threshold must be numbers") from None
        if dim < 1 or n_fit < 2 or n_val < 1:
            raise ValueError(f"{where}: dim, n_fit or n_val is out of range")
        if not 0.0 < quantile < 1.0 or not math.isfinite(threshold) or threshold < 0:
            raise ValueError(f"{where}: quantile must be within (0, 1) and threshold a finite distance")
        mean = cls._array(arrays, prefix, "mean", (dim,), where)
        precision = cls._array(arrays, prefix, "precision", (dim, dim), where)
        if not np.allclose(precision, precision.T, rtol=1e-5, atol=1e-6 * float(np.abs(precision).max())):
            raise ValueError(f"{where}: precision matrix is not symmetric")
        if np.any(np.diag(precision) <= 0):
            raise ValueError(f"{where}: precision matrix has a non-positive diagonal")
        self = cls(quantile=quantile, shrinkage=shrinkage, layer=str(meta["layer"]))
        self.mean_, self.precision_ = mean, precision
        self.threshold_, self.n_fit_, self.n_val_ = threshold, n_fit, n_val
        self.val_flag_rate_ = float(meta.get("val_flag_rate", float("nan")))
        return self

    @staticmethod
    def _array(arrays: Mapping[str, Any], prefix: str, name: str, shape: tuple[int, ...], where: str) -> np.ndarray:
        key = _key(prefix, name)
        if key not in arrays:
            raise ValueError(f"{where}: array {key} is missing")
        a = arrays[key]
        a = a.detach().cpu().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
        if a.shape != shape:
            raise ValueError(f"{where}: array {key} has shape {a.shape}, expected {shape}")
        if not np.issubdtype(a.dtype, np.floating) or not np.all(np.isfinite(a)):
            raise ValueError(f"{where}: array {key} must hold finite floating-point numbers")
        return a.astype(np.float64)


# -- BNP ---------------------------------------------------------------------
class RangeCheck:
    """Is a lab value outside the central range of the training values?

    Parameters
    ----------
    analyte : str
        ``"BNP"`` or ``"NT-proBNP"``.
    unit : str
        Unit of the values (PH-Assist keeps peptides in pg/mL).
    lower, upper : float
        Quantiles of the training values that bound the range (0.5 % and 99.5 %).

    Attributes
    ----------
    low_, high_ : float
        The training range, in ``unit``.
    n_fit_ : int
    """

    def __init__(self, analyte: str = "BNP", unit: str = "pg/mL", lower: float = 0.005, upper: float = 0.995) -> None:
        self.analyte = analyte
        self.unit = unit
        self.lower = lower
        self.upper = upper

    def fit(self, values: Any) -> RangeCheck:
        """Learn ``low_``/``high_`` from the finite training ``values`` (NaN = missing, ignored)."""
        v = np.asarray(values, dtype=np.float64).reshape(-1)
        v = v[np.isfinite(v)]
        if not 0.0 <= float(self.lower) < float(self.upper) <= 1.0:
            raise ValueError(f"need 0 <= lower < upper <= 1, got {self.lower!r}, {self.upper!r}")
        if len(v) < 2:
            raise ValueError("need at least 2 finite training values")
        self.low_, self.high_ = (float(q) for q in np.quantile(v, [float(self.lower), float(self.upper)]))
        self.n_fit_ = len(v)
        return self

    def is_unlike(self, value: ArrayLike) -> bool | np.ndarray:
        """True where ``value`` is outside ``[low_, high_]`` (a bool for a scalar,
        else a bool array); a missing (NaN) value is never flagged."""
        v = np.asarray(value, dtype=np.float64)
        out = np.isfinite(v) & ((v < self.low_) | (v > self.high_))
        return bool(out) if out.ndim == 0 else out

    def to_meta(self) -> dict[str, Any]:
        return {
            "method": "range",
            "analyte": str(self.analyte),
            "unit": str(self.unit),
            "lower_quantile": float(self.lower),
            "upper_quantile": float(self.upper),
            "low": float(self.low_),
            "high": float(self.high_),
            "n_fit": int(self.n_fit_),
            "description": (
                f"{self.analyte} values outside {self.low_:.4g}-{self.high_:.4g} {self.unit} "
                f"(the {self.lower:.1%}-{self.upper:.1%} quantiles of {self.n_fit_} training values) "
                "are unlike the training data."
            ),
        }

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> RangeCheck:
        """A fitted check from :meth:`to_meta`; :class:`ValueError` when malformed."""
        if not isinstance(meta, Mapping) or meta.get("method") != "range":
            raise ValueError("BNP range check: metadata is not a range check")
        try:
            self = cls(str(meta["analyte"]), str(meta["unit"]), float(meta["lower_quantile"]),
                       float(meta["upper_quantile"]))
            low, high, n = float(meta["low"]), float(meta["high"]), int(meta["n_fit"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"BNP range check: metadata is malformed ({exc})") from None
        if not (math.isfinite(low) and math.isfinite(high) and low <= high) or n < 2:
            raise ValueError("BNP range check: low/high must be finite with low <= high, and n_fit >= 2")
        self.low_, self.high_, self.n_fit_ = low, high, n
        return self
