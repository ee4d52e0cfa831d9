"""Cost of a Grad-CAM call vs a bare forward pass, on CPU (2 threads).

Models: the CXR ResNet18 (1-channel input, 224 x 224, target ``layer4``; the app has used ``layer3``
since 1 December 2026, which ``benchmarks/run.py`` times) and a
representative 1-D ECG ResNet over 12 x 5000 (stem conv k=15 stride 2, four
stages of two basic residual blocks, 32-64-128-256 channels, stride 2 each;
target: the last stage).  Weights are random (no download); timing does not
depend on them.

    .venv/bin/python benchmarks/bench_gradcam.py [--repeats 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import torch
import torchvision
from torch import nn

from ph_assist.explain import GradCAM, cxr_gradcam, ecg_gradcam


class BasicBlock1d(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int, k: int = 7) -> None:
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, k, stride=stride, padding=k // 2, bias=False)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, k, padding=k // 2, bias=False)
        self.bn2 = nn.BatchNorm1d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.down: nn.Module = nn.Identity()
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(
                nn.Conv1d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm1d(cout)
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += self.down(x)
        return self.relu(out)


class ECGResNet1d(nn.Module):
    def __init__(self, leads: int = 12, widths: tuple[int, ...] = (32, 64, 128, 256)) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv1d(leads, widths[0], 15, stride=2, padding=7, bias=False),
            nn.BatchNorm1d(widths[0]), nn.ReLU(inplace=True),
        )
        stages, cin = [], widths[0]
        for w in widths:
            stages.append(nn.Sequential(BasicBlock1d(cin, w, 2), BasicBlock1d(w, w, 1)))
            cin = w
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(cin, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.layer4(self.layer3(self.layer2(self.layer1(self.stem(x)))))
        return self.fc(torch.flatten(self.pool(x), 1))


def cxr_resnet18() -> nn.Module:
    model = torchvision.models.resnet18(weights=None, num_classes=1)
    model.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return model


def median_s(fns: list[Callable[[], object]], repeats: int, warmup: int = 3) -> list[float]:
    """Median seconds of each function, timed interleaved (one of each per round) so that
    load changes on a shared machine affect all of them alike."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for fn, ts in zip(fns, times):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


def bench(name: str, model: nn.Module, x: torch.Tensor, convenience: Callable, repeats: int) -> None:
    model.eval()
    target = model.layer4

    def forward() -> None:
        with torch.inference_mode():
            model(x)

    def forward_backward_all() -> None:  # reference: a training-style full backward
        model.zero_grad(set_to_none=True)
        model(x).sum().backward()

    with GradCAM(model, target) as gc:
        t_fwd, t_gc, t_conv, t_fb = median_s(
            [forward, lambda: gc(x), lambda: convenience(model, x, target), forward_backward_all], repeats
        )
    model.zero_grad(set_to_none=True)
    _, cam = GradCAM(model, target)(x)
    print(f"{name}  input {tuple(x.shape)}  target layer4 -> cam {cam.shape}")
    rows = [
        ("forward (inference_mode)", t_fwd, ""),
        ("GradCAM.__call__ (logit + cam)", t_gc, ""),
        (f"{convenience.__name__} (+ upsample, normalise)", t_conv, ""),
        ("forward + full backward (all params)", t_fb, "  (reference)"),
    ]
    for label, t, note in rows:
        print(f"  {label:<40} {1e3 * t:7.1f} ms   {t / t_fwd:4.2f}x forward{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    threads = torch.get_num_threads()
    print(f"torch {torch.__version__}, CPU, {threads} threads, median of {args.repeats} interleaved runs\n")
    bench("CXR ResNet18", cxr_resnet18(), torch.randn(1, 1, 224, 224), cxr_gradcam, args.repeats)
    print()
    bench("ECG ResNet1d", ECGResNet1d(), torch.randn(1, 12, 5000), ecg_gradcam, args.repeats)


if __name__ == "__main__":
    main()
