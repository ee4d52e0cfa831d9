"""Training: preprocessed cohorts to a complete, verifiable model bundle.

The reusable core (:func:`fit_bundle`) is independent of where the data come
from; reading hospital files into :class:`CohortArrays` is built on top of it.
"""

from __future__ import annotations

from ph_assist.training.cohort import CohortArrays
from ph_assist.training.core import ProgressCallback, TrainConfig, fit_bundle, train_net
from ph_assist.training.metrics import AUCResult, roc_auc, roc_auc_ci
from ph_assist.training.toy import make_toy_cohort, quick_bundle, quick_train_config

__all__ = [
    "CohortArrays", "ProgressCallback", "TrainConfig", "fit_bundle", "train_net",
    "AUCResult", "roc_auc", "roc_auc_ci", "make_toy_cohort", "quick_bundle", "quick_train_config",
]
