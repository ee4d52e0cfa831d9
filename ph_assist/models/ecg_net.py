"""The ECG model: a 1-D residual CNN over the 12 x 5000 preprocessed ECG.

Architecture (after Kishikawa et al. 2025, a 1-D CNN on the 12-lead ECG):
a stem ``Conv1d(12, w0, k=15, stride=2)``-BN-ReLU, then one stage per entry of
``widths`` (default 32-64-128-256), each of ``blocks_per_stage`` basic residual
blocks (two ``Conv1d``-``BatchNorm1d`` with ReLU, identity or 1x1-conv
shortcut), the first block of every stage with stride 2; global average
pooling over time, dropout and a ``Linear`` to one logit.  Any input length
works (the pooling is global); 5000 samples give a 157-step final map.

The output is ``(batch, 1)`` logits (P(PH) = sigmoid).  :attr:`ECGResNet1d.target_layer`
is the last residual block, whose output is the last convolutional feature
map, for Grad-CAM.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, cast

import torch
from torch import nn

from ph_assist.i18n import translate

__all__ = ["ECGNetConfig", "BasicBlock1d", "ECGResNet1d"]


@dataclasses.dataclass(frozen=True)
class ECGNetConfig:
    """Shape of the ECG network; stored in the bundle's ``config.json``."""

    in_leads: int = 12
    widths: tuple[int, ...] = (32, 64, 128, 256)
    blocks_per_stage: int = 1
    stem_kernel: int = 15
    kernel_size: int = 7
    dropout: float = 0.3

    def __post_init__(self) -> None:
        widths = tuple(int(w) for w in self.widths)
        if not widths or any(w < 1 for w in widths):
            raise ValueError(f"widths must be positive integers, got {self.widths!r}")
        object.__setattr__(self, "widths", widths)
        if int(self.in_leads) < 1 or int(self.blocks_per_stage) < 1:
            raise ValueError("in_leads and blocks_per_stage must be >= 1")
        if int(self.stem_kernel) % 2 == 0 or int(self.kernel_size) % 2 == 0:
            raise ValueError("kernel sizes must be odd")
        if not (0.0 <= float(self.dropout) < 1.0):
            raise ValueError(f"dropout must be within [0, 1), got {self.dropout!r}")

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["widths"] = list(self.widths)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ECGNetConfig:
        if not isinstance(data, Mapping):
            raise ValueError(translate("errors", "ECG network config must be a JSON object"))
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(translate("errors", "unknown ECG network setting(s): {names}").format(
                names=", ".join(unknown)))
        try:
            kwargs: dict[str, Any] = {k: tuple(v) if k == "widths" else v for k, v in data.items()}
            return cls(**kwargs)
        except TypeError as exc:
            raise ValueError(translate("errors", "invalid ECG network config: {error}").format(error=exc)) from None


class BasicBlock1d(nn.Module):
    """Conv-BN-ReLU-Conv-BN plus shortcut, then ReLU."""

    def __init__(self, in_ch: int, out_ch: int, stride: int = 1, kernel_size: int = 7) -> None:
        super().__init__()
        pad = kernel_size // 2
        self.conv1 = nn.Conv1d(in_ch, out_ch, kernel_size, stride=stride, padding=pad, bias=False)
        self.bn1 = nn.BatchNorm1d(out_ch)
        self.conv2 = nn.Conv1d(out_ch, out_ch, kernel_size, padding=pad, bias=False)
        self.bn2 = nn.BatchNorm1d(out_ch)
        self.relu = nn.ReLU()
        self.shortcut: nn.Module
        if stride != 1 or in_ch != out_ch:
            self.shortcut = nn.Sequential(
                nn.Conv1d(in_ch, out_ch, 1, stride=stride, bias=False), nn.BatchNorm1d(out_ch)
            )
        else:
            self.shortcut = nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return self.relu(out + self.shortcut(x))


class ECGResNet1d(nn.Module):
    """1-D ResNet for ``(batch, 12, T)`` ECGs; returns ``(batch, 1)`` logits."""

    def __init__(self, config: ECGNetConfig | None = None, **overrides: Any) -> None:
        super().__init__()
        cfg = config or ECGNetConfig()
        if overrides:
            cfg = dataclasses.replace(cfg, **overrides)
        self.config = cfg
        w0 = cfg.widths[0]
        self.stem = nn.Sequential(
            nn.Conv1d(cfg.in_leads, w0, cfg.stem_kernel, stride=2, padding=cfg.stem_kernel // 2, bias=False),
            nn.BatchNorm1d(w0),
            nn.ReLU(),
        )
        stages = []
        in_ch = w0
        for width in cfg.widths:
            blocks = [BasicBlock1d(in_ch, width, stride=2, kernel_size=cfg.kernel_size)]
            blocks += [BasicBlock1d(width, width, kernel_size=cfg.kernel_size)
                       for _ in range(cfg.blocks_per_stage - 1)]
            stages.append(nn.Sequential(*blocks))
            in_ch = width
        self.stages = nn.Sequential(*stages)
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.dropout = nn.Dropout(cfg.dropout)
        self.fc = nn.Linear(in_ch, 1)
        for m in self.modules():
            if isinstance(m, nn.Conv1d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm1d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    @property
    def target_layer(self) -> nn.Module:
        """The last residual block (output: the last conv feature map), for Grad-CAM."""
        return cast(nn.Sequential, self.stages[-1])[-1]  # each stage is a Sequential of blocks

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The last feature map, ``(batch, widths[-1], T')``."""
        if x.dim() != 3 or x.shape[1] != self.config.in_leads:
            raise ValueError(f"ECG input must be (batch, {self.config.in_leads}, T), got {tuple(x.shape)}")
        return self.stages(self.stem(x))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        z = self.pool(self.features(x)).flatten(1)
        return self.fc(self.dropout(z))
