"""The BNP model: logistic regression on the log natriuretic peptide level.

Feature: ``z = (ln(value_pg_ml) - mean) / scale`` (standardised natural log,
mean and scale from the training set); model: scikit-learn
``LogisticRegression`` on ``z``.  The analyte (``"BNP"`` or ``"NT-proBNP"``)
is fixed when the model is fitted: the two peptides have very different
scales, so a value of the other analyte is refused, never converted.

Persistence is plain JSON (:meth:`BNPModel.to_dict`): coefficient, intercept,
scaler mean and scale, analyte and the scikit-learn version.  Probabilities
are always computed from those stored numbers (in NumPy), both right after
fitting and after loading, so a round trip gives identical results.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike
import sklearn
from sklearn.linear_model import LogisticRegression

from ph_assist.errors import LabValueError
from ph_assist.i18n import translate

__all__ = ["BNPModel", "normalize_analyte", "ANALYTES"]

ANALYTES = ("BNP", "NT-proBNP")
_ANALYTE_KEYS = {"BNP": "BNP", "NTPROBNP": "NT-proBNP", "NTBNP": "NT-proBNP"}


def normalize_analyte(name: object) -> str:
    """``"BNP"`` or ``"NT-proBNP"`` for any usual spelling; else :class:`LabValueError`."""
    key = "".join(ch for ch in str(name).upper() if ch.isalnum())
    if key not in _ANALYTE_KEYS:
        raise LabValueError(translate("errors", "unknown natriuretic peptide {name!r}; expected BNP or "
                                             "NT-proBNP").format(
            name=name))
    return _ANALYTE_KEYS[key]


class LabsLike(Protocol):
    """What :meth:`BNPModel.check_labs` reads: a :class:`ph_assist.io.labs.Labs`
    or any object with these two attributes."""

    @property
    def analyte(self) -> str: ...

    @property
    def value_pg_ml(self) -> float: ...


def _log_values(values: ArrayLike) -> np.ndarray:
    v = np.asarray(values, dtype=np.float64).reshape(-1)
    bad = ~np.isfinite(v) | (v <= 0)
    if bad.any():
        raise LabValueError(translate("errors", "peptide values must be positive numbers in pg/mL, "
                                             "got {value!r}").format(
            value=v[bad][0]))
    return np.log(v)


class BNPModel:
    """Logistic regression of PH on standardised ``ln(pg/mL)``.

    Attributes
    ----------
    coef_, intercept_ : float
        Slope and intercept of the logit on the standardised feature.
    mean_, scale_ : float
        Mean and standard deviation of ``ln(pg/mL)`` on the training set.
    sklearn_version_ : str
        The scikit-learn version that fitted the model.

    Learned attributes exist only after :meth:`fit` or :meth:`from_dict`
    (scikit-learn's trailing-underscore convention); ``bnp.json`` keeps the
    names without the underscore.

    >>> m = BNPModel("BNP").fit([10, 20, 300, 500], [0, 0, 1, 1])
    >>> m.predict_proba([15, 400]).shape
    (2, 2)
    """

    coef_: float
    intercept_: float
    mean_: float
    scale_: float
    sklearn_version_: str

    def __init__(self, analyte: str = "BNP", *, C: float = 1.0) -> None:
        self.analyte = normalize_analyte(analyte)
        self.C = float(C)

    @property
    def is_fitted(self) -> bool:
        return hasattr(self, "coef_")

    def fit(self, values_pg_ml: ArrayLike, y: ArrayLike) -> BNPModel:
        """Fit on peptide values (pg/mL, > 0) and 0/1 labels."""
        logv = _log_values(values_pg_ml)
        yy = np.asarray(y).reshape(-1).astype(int)
        if len(yy) != len(logv):
            raise ValueError(f"{len(logv)} values but {len(yy)} labels")
        if set(np.unique(yy)) != {0, 1}:
            raise ValueError("labels must contain both classes 0 and 1")
        mean = float(logv.mean())
        scale = float(logv.std())
        if not scale > 0:
            scale = 1.0
        z = ((logv - mean) / scale)[:, None]
        lr = LogisticRegression(C=self.C, solver="lbfgs", max_iter=1000)
        lr.fit(z, yy)
        self.coef_ = float(lr.coef_[0, 0])
        self.intercept_ = float(lr.intercept_[0])
        self.mean_, self.scale_ = mean, scale
        self.sklearn_version_ = sklearn.__version__
        return self

    def _check(self) -> None:
        if not self.is_fitted:
            raise RuntimeError("BNPModel is not fitted")

    def decision_function(self, values_pg_ml: ArrayLike) -> np.ndarray:
        """Logits ``(n,)`` of P(PH)."""
        self._check()
        z = (_log_values(values_pg_ml) - self.mean_) / self.scale_
        return self.coef_ * z + self.intercept_

    def predict_proba(self, values_pg_ml: ArrayLike) -> np.ndarray:
        """``(n, 2)``: columns P(no PH), P(PH), as in scikit-learn."""
        logit = self.decision_function(values_pg_ml)
        p1 = 1.0 / (1.0 + np.exp(-logit))
        return np.stack([1.0 - p1, p1], axis=1)

    def check_labs(self, labs: LabsLike) -> float:
        """The value (pg/mL) of ``labs`` (anything with ``analyte`` and
        ``value_pg_ml``) after checking its analyte matches this model's."""
        analyte = normalize_analyte(getattr(labs, "analyte", None))
        if analyte != self.analyte:
            raise LabValueError(
                translate("errors", "this bundle was trained on {trained}; {analyte} values cannot be used").format(
                    trained=self.analyte, analyte=analyte)
            )
        raw: Any = getattr(labs, "value_pg_ml", None)  # checked below, whatever the caller passed
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise LabValueError(translate("errors", "{analyte} value {value!r} is not a number").format(
                analyte=analyte, value=raw)) from None
        if not (math.isfinite(value) and value > 0):
            raise LabValueError(translate("errors", "{analyte} value {value!r} pg/mL is not a positive number").format(
                analyte=analyte, value=value))
        return value

    def logit_labs(self, labs: LabsLike) -> float:
        """Logit of P(PH) for one ``Labs`` object (analyte checked)."""
        return float(self.decision_function([self.check_labs(labs)])[0])

    def predict_proba_labs(self, labs: LabsLike) -> np.ndarray:
        """``(1, 2)`` probabilities for one ``Labs`` object; a value of the other
        analyte raises :class:`~ph_assist.errors.LabValueError`."""
        return self.predict_proba([self.check_labs(labs)])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (``bnp.json`` in a bundle)."""
        self._check()
        return {
            "model": "logistic_regression_on_standardised_ln_pg_per_ml",
            "analyte": self.analyte,
            "unit": "pg/mL",
            "feature": "(ln(value_pg_ml) - mean) / scale",
            "coef": self.coef_,
            "intercept": self.intercept_,
            "mean": self.mean_,
            "scale": self.scale_,
            "C": self.C,
            "sklearn_version": self.sklearn_version_,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BNPModel:
        """Inverse of :meth:`to_dict`; ``ValueError`` if a field is missing or not finite."""
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "BNP model must be a JSON object"))
        try:
            model = cls(str(data["analyte"]), C=float(data.get("C", 1.0)))
            nums = {k: float(data[k]) for k in ("coef", "intercept", "mean", "scale")}
        except KeyError as exc:
            raise ValueError(translate("errors", "BNP model lacks field {field!r}").format(field=exc.args[0])) from None
        except (TypeError, ValueError, LabValueError) as exc:
            raise ValueError(translate("errors", "invalid BNP model: {error}").format(error=exc)) from None
        if not all(math.isfinite(v) for v in nums.values()) or not nums["scale"] > 0:
            raise ValueError(translate("errors", "BNP model parameters must be finite (scale > 0)"))
        model.coef_, model.intercept_ = nums["coef"], nums["intercept"]
        model.mean_, model.scale_ = nums["mean"], nums["scale"]
        model.sklearn_version_ = str(data.get("sklearn_version", "unknown"))
        return model
