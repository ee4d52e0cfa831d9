"""Training throughput: the real training loop vs the model's bare forward/backward rate.

For each sub-model (ECG 1-D ResNet over 12 x 5000, CXR ResNet18 at 224) on the
chosen device, measures:

* ``bare``: forward + backward + optimiser step on a batch that already sits
  on the device (the ceiling of the loop);
* ``loading``: the data path alone: gathering mini-batches from the
  preprocessed host array (as :func:`ph_assist.training.core.train_net` does;
  on a GPU this includes the one-off upload through pinned memory);
* ``loop``: :func:`train_net` itself (data loading, autocast, optimiser,
  the BatchNorm re-estimation pass) per training example.

Usage: ``python benchmarks/bench_training.py [--device cuda] [--quick] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _sync(device: str) -> None:
    import torch

    if device.startswith("cuda"):
        torch.cuda.synchronize()


def bare_rate(net, shape, batch: int, device: str, steps: int, warmup: int = 3) -> float:
    import contextlib

    import torch

    cuda = device.startswith("cuda")
    net = net.to(device).train()
    x = torch.randn((batch, *shape), device=device)
    if cuda and len(shape) == 3:
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    y = torch.randint(0, 2, (batch,), device=device).float()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    ac = torch.autocast("cuda", dtype=torch.bfloat16) if cuda else contextlib.nullcontext()

    def step():
        opt.zero_grad(set_to_none=True)
        with ac:
            out = net(x).reshape(-1)
        loss_fn(out.float(), y).backward()
        opt.step()

    for _ in range(warmup):
        step()
    _sync(device)
    t = time.perf_counter()
    for _ in range(steps):
        step()
    _sync(device)
    return batch * steps / (time.perf_counter() - t)


def loading_rate(x: np.ndarray, batch: int, device: str, epochs: int) -> float:
    from ph_assist.training.core import _Batches

    t = time.perf_counter()
    b = _Batches(x, device)
    rng = np.random.default_rng(0)
    n = 0
    for _ in range(epochs):
        perm = rng.permutation(len(x))
        for i in range(0, len(x), batch):
            xb = b.get(np.sort(perm[i:i + batch]))
            n += len(xb)
    _sync(device)
    return n / (time.perf_counter() - t)


def loop_rate(make_net, x: np.ndarray, batch: int, device: str, epochs: int) -> float:
    from ph_assist.training.core import train_net

    y = (np.arange(len(x)) % 2).astype(np.int64)
    t = time.perf_counter()
    train_net(make_net(), x, y, epochs=epochs, batch_size=batch, lr=1e-3, weight_decay=1e-2, seed=0,
              device=device)
    _sync(device)
    return epochs * len(x) / (time.perf_counter() - t)


def default_sizes(device: str, quick: bool) -> dict[str, int]:
    """Examples, batch size, epochs and bare steps used by ``main`` for ``device``."""
    cuda = device.startswith("cuda")
    return {
        "n": (4096 if not quick else 1024) if cuda else (64 if not quick else 32),
        "batch": 128 if cuda else 16,
        "epochs": 3 if cuda else 1,
        "steps": 30 if cuda else 3,
    }


def measure(device: str, *, n: int, batch: int, epochs: int, steps: int, warmup: int = 3,
            models: tuple[str, ...] = ("ecg", "cxr"), log=None) -> dict[str, dict]:
    """Bare, loading and loop rates (examples/s) of each sub-model on ``device``."""
    from ph_assist.models.cxr_net import build_cxr_resnet18
    from ph_assist.models.ecg_net import ECGResNet1d

    rng = np.random.default_rng(0)
    results = {}
    for name, make, shape in (
        ("ecg", lambda: ECGResNet1d(), (12, 5000)),
        ("cxr", lambda: build_cxr_resnet18(1), (1, 224, 224)),
    ):
        if name not in models:
            continue
        x = rng.standard_normal((n, *shape), dtype=np.float32).astype(np.float16)
        bare = bare_rate(make(), shape, batch, device, steps, warmup)
        load = loading_rate(x, batch, device, epochs)
        loop = loop_rate(make, x, batch, device, epochs)
        results[name] = {"bare_fwd_bwd_per_s": round(bare, 1), "loading_per_s": round(load, 1),
                         "train_loop_per_s": round(loop, 1), "loop_over_bare": round(loop / bare, 3),
                         "batch": batch, "n": n, "epochs": epochs}
        if log is not None:
            log(f"{name}: bare {bare:.1f}/s, loading alone {load:.1f}/s, train loop {loop:.1f}/s "
                f"({loop / bare:.0%} of bare)")
    return results


def main(argv: list[str] | None = None) -> int:
    import torch

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--device", default="cpu")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--json", type=Path)
    args = p.parse_args(argv)
    cuda = args.device.startswith("cuda")
    if not cuda:
        torch.set_num_threads(max(1, torch.get_num_threads()))
    results = measure(args.device, **default_sizes(args.device, args.quick),
                      log=lambda line: print(line, file=sys.stderr))
    info = {
        "device": args.device,
        "gpu": torch.cuda.get_device_name(0) if cuda else None,
        "cpu": platform.processor() or platform.machine(),
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "results": results,
    }
    text = json.dumps(info, indent=2)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
