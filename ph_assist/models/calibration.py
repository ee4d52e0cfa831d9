"""Calibration of the fused logit, and operating thresholds.

:class:`Calibrator` maps the fusion network's logit to a probability:

* ``"platt"`` (default): ``p = sigmoid(a * logit + b)``, fitted by maximum
  likelihood with Platt's smoothed targets (``(N+ + 1) / (N+ + 2)`` and
  ``1 / (N- + 2)``), which keeps ``a`` finite even on separable data;
* ``"isotonic"``: scikit-learn ``IsotonicRegression`` (monotone, clipped at
  the ends), stored as its breakpoints and evaluated with ``np.interp``.

Thresholds act on the calibrated probability; the rule is *positive when
p >= threshold*.  :func:`choose_threshold` gives the highest threshold whose
sensitivity reaches a target (i.e. the most specific one that does);
:func:`youden_threshold` maximises Youden's J = sensitivity + specificity - 1.
Both return an :class:`OperatingPoint` with the sensitivity and specificity
that threshold gave on the data it was chosen on.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize
from sklearn.isotonic import IsotonicRegression

from ph_assist.i18n import translate

__all__ = [
    "Calibrator", "OperatingPoint", "Thresholds", "choose_threshold", "youden_threshold",
    "sensitivity_specificity", "THRESHOLD_RULE",
]

THRESHOLD_RULE = "positive when calibrated probability >= threshold"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # overflow-free


class Calibrator:
    """Logit -> probability map fitted on validation data.

    Attributes
    ----------
    a_, b_ : float
        Platt slope and intercept (``method="platt"``).
    x_thresholds_, y_thresholds_ : ndarray (k,)
        Isotonic breakpoints (``method="isotonic"``).
    n_fit_ : int
        Number of cases it was fitted on.

    Learned attributes exist only after :meth:`fit` or :meth:`from_dict`
    (scikit-learn's trailing-underscore convention); the JSON written by
    :meth:`to_dict` keeps the names without the underscore.
    """

    METHODS = ("platt", "isotonic")

    a_: float
    b_: float
    x_thresholds_: np.ndarray
    y_thresholds_: np.ndarray
    n_fit_: int

    def __init__(self, method: str = "platt") -> None:
        if method not in self.METHODS:
            raise ValueError(f"calibration method must be one of {self.METHODS}, got {method!r}")
        self.method = method

    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "a_") or hasattr(self, "x_thresholds_")

    def fit(self, logits: ArrayLike, y: ArrayLike) -> Calibrator:
        z = np.asarray(logits, dtype=np.float64).reshape(-1)
        yy = np.asarray(y).reshape(-1).astype(int)
        if len(z) != len(yy) or not np.all(np.isfinite(z)):
            raise ValueError("logits must be finite and as many as the labels")
        n_pos, n_neg = int(yy.sum()), int(len(yy) - yy.sum())
        if n_pos == 0 or n_neg == 0:
            raise ValueError("calibration needs both classes")
        self.n_fit_ = len(yy)
        if self.method == "platt":
            t = np.where(yy == 1, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))

            def loss(ab: np.ndarray) -> tuple[float, np.ndarray]:
                s = ab[0] * z + ab[1]
                # cross-entropy with soft targets, stable form: log(1+e^s) - t*s
                nll = np.logaddexp(0.0, s) - t * s
                g = _sigmoid(s) - t
                return float(nll.sum()), np.array([float((g * z).sum()), float(g.sum())])

            prior = math.log((n_pos + 1.0) / (n_neg + 1.0))
            res = optimize.minimize(loss, np.array([1.0, prior]), jac=True, method="BFGS")
            if not res.x[0] > 0:  # keep the map increasing: more evidence never lowers the risk
                res = optimize.minimize(loss, np.array([1.0, prior]), jac=True, method="L-BFGS-B",
                                        bounds=[(1e-3, None), (None, None)])
            self.a_, self.b_ = float(res.x[0]), float(res.x[1])
        else:
            iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(z, yy)
            self.x_thresholds_ = np.asarray(iso.X_thresholds_, dtype=np.float64)
            self.y_thresholds_ = np.asarray(iso.y_thresholds_, dtype=np.float64)
        return self

    def predict(self, logits: ArrayLike) -> np.ndarray:
        """Calibrated probabilities, same shape as ``logits``."""
        if not self.is_fitted:
            raise RuntimeError("Calibrator is not fitted")
        z = np.asarray(logits, dtype=np.float64)
        if self.method == "platt":
            return _sigmoid(self.a_ * z + self.b_)
        return np.interp(z, self.x_thresholds_, self.y_thresholds_)

    def to_dict(self) -> dict[str, Any]:
        if not self.is_fitted:
            raise RuntimeError("Calibrator is not fitted")
        d: dict[str, Any] = {"method": self.method, "input": "fused_logit", "n_fit": self.n_fit_}
        if self.method == "platt":
            d.update({"formula": "p = 1 / (1 + exp(-(a * logit + b)))", "a": self.a_, "b": self.b_})
        else:
            d.update({"x_thresholds": self.x_thresholds_.tolist(), "y_thresholds": self.y_thresholds_.tolist()})
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibrator:
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "calibration must be a JSON object"))
        try:
            cal = cls(str(data["method"]))
            cal.n_fit_ = int(data.get("n_fit", 0))
            if cal.method == "platt":
                cal.a_, cal.b_ = float(data["a"]), float(data["b"])
                # a > 0: the calibrated risk must rise with the fused logit (more evidence, more risk)
                ok = math.isfinite(cal.a_) and math.isfinite(cal.b_) and cal.a_ > 0
            else:
                cal.x_thresholds_ = np.asarray(data["x_thresholds"], dtype=np.float64)
                cal.y_thresholds_ = np.asarray(data["y_thresholds"], dtype=np.float64)
                ok = bool(cal.x_thresholds_.ndim == 1 and cal.x_thresholds_.shape == cal.y_thresholds_.shape
                          and len(cal.x_thresholds_) >= 1 and np.all(np.diff(cal.x_thresholds_) >= 0)
                          and np.all((cal.y_thresholds_ >= 0) & (cal.y_thresholds_ <= 1))
                          and np.all(np.diff(cal.y_thresholds_) >= 0))
        except KeyError as exc:
            raise ValueError(translate("errors", "calibration lacks field {field!r}").format(
                field=exc.args[0])) from None
        except (TypeError, ValueError) as exc:
            raise ValueError(translate("errors", "invalid calibration: {error}").format(error=exc)) from None
        if not ok:
            raise ValueError(translate("errors", "invalid calibration parameters (non-finite, or a risk that would "
                                                 "fall as the evidence rises)"))
        return cal


@dataclasses.dataclass(frozen=True)
class OperatingPoint:
    """A threshold on the calibrated probability and what it gave where it was chosen."""

    name: str
    threshold: float
    sensitivity: float
    specificity: float
    criterion: str = ""
    sensitivity_ci: tuple[float, float] | None = None  # Wilson 95% CI on the cases it was chosen on
    specificity_ci: tuple[float, float] | None = None
    n_positive: int = 0
    n_negative: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        for k in ("sensitivity_ci", "specificity_ci"):
            d[k] = None if d[k] is None else [float(v) for v in d[k]]
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OperatingPoint:
        try:
            cis = [None if data.get(k) is None else (float(data[k][0]), float(data[k][1]))
                   for k in ("sensitivity_ci", "specificity_ci")]
            op = cls(str(data["name"]), float(data["threshold"]), float(data["sensitivity"]),
                     float(data["specificity"]), str(data.get("criterion", "")), cis[0], cis[1],
                     int(data.get("n_positive", 0)), int(data.get("n_negative", 0)))
        except KeyError as exc:
            raise ValueError(translate("errors", "operating point lacks field {field!r}").format(
                field=exc.args[0])) from None
        except (TypeError, ValueError) as exc:
            raise ValueError(translate("errors", "invalid operating point: {error}").format(error=exc)) from None
        if not all(math.isfinite(v) for v in (op.threshold, op.sensitivity, op.specificity)):
            raise ValueError(translate("errors", "operating point {name!r} has non-finite values").format(name=op.name))
        return op


def _check_binary(y: ArrayLike, p: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    yy = np.asarray(y).reshape(-1).astype(int)
    pp = np.asarray(p, dtype=np.float64).reshape(-1)
    if len(yy) != len(pp) or not np.all(np.isfinite(pp)):
        raise ValueError("scores must be finite and as many as the labels")
    if not (yy == 1).any() or not (yy == 0).any():
        raise ValueError("threshold selection needs both classes")
    return yy, pp


def sensitivity_specificity(y: ArrayLike, p: ArrayLike, threshold: float) -> tuple[float, float]:
    """Sensitivity and specificity of the rule ``p >= threshold``."""
    yy, pp = _check_binary(y, p)
    pos = pp >= threshold
    return float(pos[yy == 1].mean()), float((~pos[yy == 0]).mean())


def _curve(yy: np.ndarray, pp: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate thresholds (distinct scores, descending) with sens and spec of ``p >= t``."""
    cand = np.unique(pp)[::-1]
    pos = np.sort(pp[yy == 1])
    neg = np.sort(pp[yy == 0])
    sens = (len(pos) - np.searchsorted(pos, cand, side="left")) / len(pos)
    spec = np.searchsorted(neg, cand, side="left") / len(neg)
    return cand, sens, spec


def choose_threshold(y: ArrayLike, p: ArrayLike, target_sensitivity: float = 0.9, *,
                     name: str | None = None) -> OperatingPoint:
    """The highest threshold whose sensitivity is at least ``target_sensitivity``."""
    if not (0.0 < target_sensitivity <= 1.0):
        raise ValueError("target_sensitivity must be within (0, 1]")
    yy, pp = _check_binary(y, p)
    cand, sens, spec = _curve(yy, pp)
    i = int(np.flatnonzero(sens >= target_sensitivity - 1e-12)[0])  # the lowest cand always reaches 1.0
    return OperatingPoint(
        name or f"sensitivity_{round(100 * target_sensitivity)}",
        float(cand[i]), float(sens[i]), float(spec[i]),
        f"highest threshold with sensitivity >= {target_sensitivity:g}",
    )


def youden_threshold(y: ArrayLike, p: ArrayLike, *, name: str = "youden") -> OperatingPoint:
    """The threshold maximising Youden's J (ties: the more sensitive one)."""
    yy, pp = _check_binary(y, p)
    cand, sens, spec = _curve(yy, pp)
    j = sens + spec - 1.0
    i = int(np.flatnonzero(j >= j.max() - 1e-12)[-1])
    return OperatingPoint(name, float(cand[i]), float(sens[i]), float(spec[i]),
                          "maximum Youden's J (sensitivity + specificity - 1)")


@dataclasses.dataclass(frozen=True)
class Thresholds:
    """The bundle's operating points, one of them the default."""

    points: tuple[OperatingPoint, ...]
    default: str
    measured_on: str = "validation"
    n: int = 0
    n_positive: int = 0

    def __post_init__(self) -> None:
        names = [p.name for p in self.points]
        if len(set(names)) != len(names):
            raise ValueError("operating point names must be unique")
        if self.default not in names:
            raise ValueError(f"default threshold {self.default!r} is not one of {names}")

    def __getitem__(self, name: str) -> OperatingPoint:
        for p in self.points:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def default_point(self) -> OperatingPoint:
        return self[self.default]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": THRESHOLD_RULE,
            "default": self.default,
            "measured_on": self.measured_on,
            "n": self.n,
            "n_positive": self.n_positive,
            "points": [p.to_dict() for p in self.points],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thresholds:
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "thresholds must be a JSON object"))
        try:
            points = tuple(OperatingPoint.from_dict(p) for p in data["points"])
            return cls(points, str(data["default"]), str(data.get("measured_on", "validation")),
                       int(data.get("n", 0)), int(data.get("n_positive", 0)))
        except KeyError as exc:
            raise ValueError(translate("errors", "thresholds lack field {field!r}").format(field=exc.args[0])) from None
        except TypeError as exc:
            raise ValueError(translate("errors", "invalid thresholds: {error}").format(error=exc)) from None
