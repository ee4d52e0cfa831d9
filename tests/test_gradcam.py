"""Tests of ph_assist.explain.gradcam: the definition, localisation, the ResNet18 CXR model, edge cases."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
import torchvision
from torch import nn

from ph_assist.explain import (
    GradCAM,
    cxr_gradcam,
    ecg_gradcam,
    normalize_cam,
    upsample_cam_1d,
    upsample_cam_2d,
)
from ph_assist.explain.gradcam import CAM_METHODS, cam_is_empty, cell_centres, cxr_explanation

torch.set_num_threads(2)


# ---------------------------------------------------------------- helpers

def reference_gradcam(model: nn.Sequential, split: int, x: torch.Tensor) -> tuple[float, np.ndarray]:
    """Grad-CAM straight from the definition (Selvaraju et al. 2017), on a float64 copy.

    ``model[:split]`` ends at the target layer; ``model[split:]`` maps its activations A
    to the logit y.  w_k = mean_spatial(dy/dA_k); cam = ReLU(sum_k w_k A_k).
    """
    model = copy.deepcopy(model).double().eval()
    features, head = model[:split], model[split:]
    with torch.no_grad():
        a = features(x.double())
    a.requires_grad_(True)
    y = head(a.clone()).reshape(())  # clone: the head may start with an in-place op
    (g,) = torch.autograd.grad(y, a)
    spatial = tuple(range(2, a.dim()))
    w = g.mean(dim=spatial, keepdim=True)
    cam = torch.relu((w * a).sum(dim=1))[0]
    return float(y.detach()), cam.detach().numpy()


def conv1d_net() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv1d(3, 8, 7, padding=3), nn.BatchNorm1d(8), nn.ReLU(inplace=True),  # 0..2
        nn.Conv1d(8, 16, 5, stride=2, padding=2), nn.BatchNorm1d(16),            # 3..4  (target 4)
        nn.ReLU(inplace=True),                                                    # in-place after target
        nn.Conv1d(16, 16, 3, padding=1), nn.ReLU(),
        nn.AdaptiveMaxPool1d(1), nn.Flatten(), nn.Linear(16, 1),
    )


def conv2d_net() -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(inplace=True),  # 0..2
        nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16),             # 3..4 (target 4)
        nn.ReLU(inplace=True),
        nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
        nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(16, 1),
    )


def randomise_bn(model: nn.Module, seed: int) -> None:
    """Non-trivial running statistics so that eval-mode BatchNorm is not the identity."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.running_mean.copy_(0.2 * torch.randn(m.running_mean.shape, generator=g))
            m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=g))


def cxr_resnet18() -> nn.Module:
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None, num_classes=1)
    model.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return model.eval()


def train(model: nn.Module, x: torch.Tensor, y: torch.Tensor, steps: int) -> None:
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.train()
    for _ in range(steps):
        opt.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(model(x).reshape(-1), y)
        loss.backward()
        opt.step()
    model.eval()
    model.zero_grad(set_to_none=True)


# ------------------------------------------------------- (1) the definition

@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_definition_conv1d(seed: int) -> None:
    torch.manual_seed(seed)
    model = conv1d_net().eval()
    randomise_bn(model, seed)
    x = torch.randn(1, 3, 101)
    ref_logit, ref_cam = reference_gradcam(model, 5, x)
    with GradCAM(model, model[4]) as gc:
        logit, cam = gc(x)
    assert cam.shape == (51,) and cam.dtype == np.float32
    assert ref_cam.max() > 0  # a non-trivial comparison
    np.testing.assert_allclose(cam, ref_cam, rtol=1e-4, atol=1e-5 * ref_cam.max())
    assert logit == pytest.approx(ref_logit, rel=1e-5, abs=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_matches_definition_conv2d(seed: int) -> None:
    torch.manual_seed(seed)
    model = conv2d_net().eval()
    randomise_bn(model, seed)
    x = torch.randn(1, 1, 30, 22)
    ref_logit, ref_cam = reference_gradcam(model, 5, x)
    with GradCAM(model, model[4]) as gc:
        logit, cam = gc(x)
    assert cam.shape == (15, 11) and cam.dtype == np.float32
    assert ref_cam.max() > 0
    np.testing.assert_allclose(cam, ref_cam, rtol=1e-4, atol=1e-5 * ref_cam.max())
    assert logit == pytest.approx(ref_logit, rel=1e-5, abs=1e-6)


def test_target_activations_are_taken_before_a_following_inplace_relu() -> None:
    """The BN target is followed by ReLU(inplace=True): its (partly negative) output must be used."""
    torch.manual_seed(3)
    model = conv1d_net().eval()
    randomise_bn(model, 3)
    x = torch.randn(1, 3, 64)
    seen: list[torch.Tensor] = []
    h = model[4].register_forward_hook(lambda m, i, o: seen.append(o.detach().clone()))
    try:
        with GradCAM(model, model[4]) as gc:
            gc(x)
    finally:
        h.remove()
    assert (seen[0] < 0).any()  # the hook saw pre-ReLU values...
    _, ref_cam = reference_gradcam(model, 5, x)  # ...and the definition uses them
    with GradCAM(model, model[4]) as gc:
        _, cam = gc(x)
    np.testing.assert_allclose(cam, ref_cam, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("dim", [1, 2])
def test_gap_linear_head_closed_form(dim: int) -> None:
    """With A -> global average pool -> linear, dy/dA_k = v_k / n, so cam = ReLU(sum_k v_k A_k) / n."""
    torch.manual_seed(4)
    conv, pool = (nn.Conv1d, nn.AdaptiveAvgPool1d) if dim == 1 else (nn.Conv2d, nn.AdaptiveAvgPool2d)
    model = nn.Sequential(conv(2, 6, 3, padding=1), nn.ReLU(), pool(1), nn.Flatten(), nn.Linear(6, 1)).eval()
    x = torch.randn(1, 2, *([40] if dim == 1 else [12, 9]))
    with torch.no_grad():
        a = model[1](model[0](x))[0].double()
    v = model[4].weight[0].detach().double().reshape(-1, *([1] * dim))
    n = a[0].numel()
    expected = torch.relu((v * a).sum(0)).numpy() / n
    with GradCAM(model, model[1]) as gc:
        _, cam = gc(x)
    np.testing.assert_allclose(cam, expected, rtol=1e-4, atol=1e-7)


# ------------------------------------------------------- (2) localisation

T1, WIN = 512, (300, 380)  # 1-D: positives carry a Gaussian bump centred inside WIN


def bump_data(n: int, g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, list[float]]:
    t = torch.arange(T1, dtype=torch.float32)
    x = 0.3 * torch.randn(n, 1, T1, generator=g)
    y = torch.zeros(n)
    centres: list[float] = []
    for i in range(0, n, 2):
        c = WIN[0] + 10 + float(torch.rand(1, generator=g)) * (WIN[1] - WIN[0] - 20)
        x[i, 0] += 2.0 * torch.exp(-0.5 * ((t - c) / 4) ** 2)
        y[i] = 1
        centres.append(c)
    return x, y, centres


def test_localisation_1d() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv1d(1, 8, 9, padding=4), nn.ReLU(), nn.MaxPool1d(2),
        nn.Conv1d(8, 16, 9, padding=4), nn.ReLU(),
        nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(16, 1),
    )
    x, y, _ = bump_data(64, torch.Generator().manual_seed(0))
    train(model, x, y, steps=40)
    xt, _, centres = bump_data(6, torch.Generator().manual_seed(1))
    for i, c in zip(range(0, 6, 2), centres):
        logit, cam = ecg_gradcam(model, xt[i : i + 1], model[4])
        assert logit > 0  # the model did learn the class
        assert cam.shape == (T1,) and cam.max() == pytest.approx(1.0)
        peak = int(cam.argmax())
        assert WIN[0] <= peak < WIN[1]
        assert abs(peak - c) <= 8  # and on this trace's bump
        assert cam[: WIN[0] - 20].max() < 0.5 and cam[WIN[1] + 20 :].max() < 0.5


S2, SQ = 32, (6, 14, 18, 26)  # 2-D: positives carry a bright square rows 6..13, cols 18..25


def test_localisation_2d() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 1),
    )
    r0, r1, c0, c1 = SQ
    g = torch.Generator().manual_seed(0)
    x = 0.3 * torch.randn(64, 1, S2, S2, generator=g)
    x[0::2, :, r0:r1, c0:c1] += 2.0
    y = torch.zeros(64)
    y[0::2] = 1
    train(model, x, y, steps=40)
    xt = 0.3 * torch.randn(1, 1, S2, S2, generator=torch.Generator().manual_seed(1))
    xt[:, :, r0:r1, c0:c1] += 2.0
    logit, cam = cxr_gradcam(model, xt, model[4])
    assert logit > 0
    assert cam.shape == (S2, S2)
    r, c = np.unravel_index(int(cam.argmax()), cam.shape)
    assert r0 <= r < r1 and c0 <= c < c1
    rows, cols = np.mgrid[:S2, :S2]
    w = cam / cam.sum()
    assert r0 <= (w * rows).sum() < r1 and c0 <= (w * cols).sum() < c1


# ------------------------------------------------------- (3) the CXR ResNet18

@pytest.fixture(scope="module")
def resnet() -> nn.Module:
    return cxr_resnet18()


def test_resnet18_layer4(resnet: nn.Module) -> None:
    x = torch.randn(1, 1, 224, 224, generator=torch.Generator().manual_seed(0))
    requires = [p.requires_grad for p in resnet.parameters()]
    calls: list[int] = []
    counter = resnet.register_forward_pre_hook(lambda m, i: calls.append(1))
    with GradCAM(resnet, resnet.layer4) as gc:
        logit, cam = gc(x)
        assert len(calls) == 1  # one forward pass per call
        logit2, cam2 = gc(x)
    counter.remove()
    assert cam.shape == (7, 7) and cam.dtype == np.float32
    assert np.all(np.isfinite(cam)) and cam.min() >= 0
    assert logit2 == logit and np.array_equal(cam2, cam)  # deterministic
    with torch.no_grad():
        expected = float(resnet(x))
    assert logit == pytest.approx(expected, rel=1e-6, abs=1e-6)
    assert all(p.grad is None for p in resnet.parameters())
    assert [p.requires_grad for p in resnet.parameters()] == requires
    assert not resnet.training
    assert len(resnet.layer4._forward_hooks) == 0  # removed on close
    up = normalize_cam(upsample_cam_2d(cam, (224, 224)))
    assert up.shape == (224, 224) and up.dtype == np.float32
    assert np.all(np.isfinite(up)) and up.min() >= 0 and up.max() == pytest.approx(1.0)

    logit3, full = cxr_gradcam(resnet, x, resnet.layer4)
    assert logit3 == logit
    np.testing.assert_allclose(full, up, rtol=1e-5, atol=1e-6)
    assert len(resnet.layer4._forward_hooks) == 0


def test_train_mode_and_frozen_parameters_are_respected(resnet: nn.Module) -> None:
    x = torch.randn(1, 1, 64, 64, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = float(resnet(x))
    resnet.train()
    resnet.layer1.eval()  # a mixed state must come back exactly as it was
    for p in resnet.parameters():
        p.requires_grad_(False)
    try:
        gc = GradCAM(resnet, resnet.layer4)
        logit, cam = gc(x)
        gc.close()
        assert logit == pytest.approx(expected, rel=1e-6, abs=1e-6)  # evaluated in eval mode
        assert cam.shape == (2, 2) and np.all(np.isfinite(cam))
        assert resnet.training and not resnet.layer1.training and resnet.layer2.training
        assert all(not p.requires_grad and p.grad is None for p in resnet.parameters())
        with pytest.raises(RuntimeError, match="closed"):
            gc(x)
    finally:
        resnet.eval()
        for p in resnet.parameters():
            p.requires_grad_(True)


def test_hook_is_passive_outside_a_call(resnet: nn.Module) -> None:
    x = torch.randn(1, 1, 64, 64, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        expected = resnet(x)
    with GradCAM(resnet, resnet.layer4):
        with torch.no_grad():
            again = resnet(x)
        assert not again.requires_grad
    assert torch.equal(again, expected)


def test_ecg_resnet_shape() -> None:
    """A small 1-D residual network over 12 x 5000: the map comes back on the 5000-sample axis."""

    class Block(nn.Module):
        def __init__(self, cin: int, cout: int) -> None:
            super().__init__()
            self.conv1 = nn.Conv1d(cin, cout, 7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm1d(cout)
            self.conv2 = nn.Conv1d(cout, cout, 7, padding=3, bias=False)
            self.bn2 = nn.BatchNorm1d(cout)
            self.down = nn.Sequential(nn.Conv1d(cin, cout, 1, stride=2, bias=False), nn.BatchNorm1d(cout))
            self.relu = nn.ReLU(inplace=True)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            out += self.down(x)
            return self.relu(out)

    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Conv1d(12, 16, 15, stride=2, padding=7), nn.BatchNorm1d(16), nn.ReLU(inplace=True),
        Block(16, 32), Block(32, 64),
        nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(64, 1),
    ).eval()
    x = torch.randn(1, 12, 5000)
    with GradCAM(model, model[4]) as gc:
        logit, cam = gc(x)
    assert cam.shape == (625,)
    logit2, full = ecg_gradcam(model, x, model[4])
    assert logit2 == logit and full.shape == (5000,) and full.dtype == np.float32
    assert np.all(np.isfinite(full)) and 0 <= full.min() and full.max() == pytest.approx(1.0)
    # a target whose output is changed in place by the block (bn2, then `out += identity`)
    _, cam_bn2 = GradCAM(model, model[4].bn2)(x)
    assert cam_bn2.shape == (625,) and np.all(np.isfinite(cam_bn2))
    assert all(p.grad is None for p in model.parameters())


# ------------------------------------------------------- (4) degenerate maps

def test_all_zero_cam_gives_zeros() -> None:
    model = nn.Sequential(nn.Conv1d(12, 4, 5, padding=2), nn.ReLU(), nn.AdaptiveAvgPool1d(1),
                          nn.Flatten(), nn.Linear(4, 1))
    with torch.no_grad():
        model[0].bias.fill_(-1e3)  # every activation after the ReLU is 0
    x = torch.randn(1, 12, 200)
    with GradCAM(model, model[1]) as gc:
        _, cam = gc(x)
    assert cam.shape == (200,) and not np.any(cam)
    _, full = ecg_gradcam(model, x, model[1])
    assert full.shape == (200,) and full.dtype == np.float32 and not np.any(full)
    assert not np.any(np.isnan(full))

    # zero gradient (the linear head ignores the features)
    model2 = nn.Sequential(nn.Conv2d(1, 4, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 1))
    with torch.no_grad():
        model2[3].weight.zero_()
    _, full2 = cxr_gradcam(model2, torch.randn(1, 1, 20, 20), model2[0])
    assert full2.shape == (20, 20) and not np.any(full2)


def test_normalize_and_upsample() -> None:
    z = normalize_cam(np.zeros((7, 7)))
    assert z.dtype == np.float32 and not np.any(z)
    n = normalize_cam(np.array([0.0, 1.0, 4.0]))
    np.testing.assert_array_equal(n, np.array([0.0, 0.25, 1.0], dtype=np.float32))
    with pytest.raises(ValueError):
        normalize_cam(np.array([np.nan, 1.0]))

    # receptive-field geometry: cell j sits on input index S*j (S = 2 here), linear between, flat beyond
    up = upsample_cam_1d(np.array([0.0, 1.0]), 4)
    np.testing.assert_allclose(up, [0.0, 0.5, 1.0, 1.0])
    assert up.dtype == np.float32
    np.testing.assert_allclose(upsample_cam_1d(np.full(5, 2.0), 17), np.full(17, 2.0))
    up2 = upsample_cam_2d(np.array([[0.0, 1.0], [1.0, 2.0]]), (4, 4))
    assert up2.shape == (4, 4) and up2.dtype == np.float32
    np.testing.assert_allclose(up2[0], [0.0, 0.5, 1.0, 1.0])
    np.testing.assert_allclose(up2[:, 0], [0.0, 0.5, 1.0, 1.0])
    # explicit stride/offset; a non-power-of-two ratio falls back to the cell's share of the input
    np.testing.assert_allclose(cell_centres(224, 7), 32.0 * np.arange(7))
    np.testing.assert_allclose(cell_centres(5000, 157), 32.0 * np.arange(157))
    np.testing.assert_allclose(cell_centres(9, 3), [0.0, 4.0, 8.0])  # stride 4: ceil(9 / 4) == 3
    np.testing.assert_allclose(cell_centres(12, 4), [1.0, 4.0, 7.0, 10.0])  # no power of two: stride 3
    np.testing.assert_allclose(upsample_cam_1d(np.array([0.0, 3.0]), 5, stride=3.0, offset=1.0),
                               [0.0, 0.0, 1.0, 2.0, 3.0])
    with pytest.raises(ValueError):
        upsample_cam_1d(np.zeros((2, 2)), 4)
    with pytest.raises(ValueError):
        upsample_cam_2d(np.zeros(3), (4, 4))


# ------------------------------------------------------- (5) misuse

def test_inference_mode_raises_clear_error() -> None:
    model = conv1d_net().eval()
    x = torch.randn(1, 3, 32)
    with GradCAM(model, model[4]) as gc:
        with torch.inference_mode():
            with pytest.raises(RuntimeError, match="inference_mode"):
                gc(x)
        # an input tensor made under inference_mode is fine outside it
        with torch.inference_mode():
            xi = torch.randn(1, 3, 32)
        _, cam = gc(xi)
        assert cam.shape == (16,)
    assert len(model[4]._forward_hooks) == 0


def test_gradcam_works_inside_no_grad() -> None:
    model = conv1d_net().eval()
    x = torch.randn(1, 3, 32)
    with GradCAM(model, model[4]) as gc:
        _, ref = gc(x)
        with torch.no_grad():
            _, cam = gc(x)
            assert not torch.is_grad_enabled()  # grad mode restored after the call
    np.testing.assert_array_equal(cam, ref)


def test_model_that_sets_grad_mode_itself() -> None:
    """A frozen feature extractor run under the model's own no_grad(): the fallback path."""

    class FrozenFeatures(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net = conv1d_net()
            self.calls = 0

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            self.calls += 1
            with torch.no_grad():
                a = self.net[:5](x)  # the target layer (net[4]) runs inside this block
            return self.net[5:](a)

    torch.manual_seed(5)
    model = FrozenFeatures().eval()
    randomise_bn(model, 5)
    x = torch.randn(1, 3, 48)
    _, ref_cam = reference_gradcam(model.net, 5, x)
    with GradCAM(model, model.net[4]) as gc:
        _, cam = gc(x)
    np.testing.assert_allclose(cam, ref_cam, rtol=1e-4, atol=1e-5 * ref_cam.max())
    assert model.calls == 2  # the fast pass gave no graph, so the forward pass was repeated
    assert torch.is_grad_enabled()


def test_misuse_errors() -> None:
    model = conv1d_net().eval()
    with pytest.raises(ValueError, match="submodule"):
        GradCAM(model, nn.Conv1d(1, 1, 1))
    with GradCAM(model, model[4]) as gc:
        with pytest.raises(ValueError, match="single logit"):
            gc(torch.randn(2, 3, 32))

    class WithUnused(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.net, self.unused = model, nn.Conv1d(3, 3, 1)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.net(x)  # never calls self.unused

    wrapped = WithUnused()
    with GradCAM(wrapped, wrapped.unused) as gc:
        with pytest.raises(RuntimeError, match="not called"):
            gc(torch.randn(1, 3, 32))
    assert len(wrapped.unused._forward_hooks) == 0
    with pytest.raises(ValueError, match="ECG input"):
        ecg_gradcam(model, torch.randn(3, 32), model[4])


# ------------------------------------------------------- (6) variants and geometry

def reference_variant(model: nn.Sequential, split: int, x: torch.Tensor, method: str) -> np.ndarray:
    """HiResCAM and Grad-CAM++ straight from their definitions, float64."""
    model = copy.deepcopy(model).double().eval()
    with torch.no_grad():
        a = model[:split](x.double())
    a.requires_grad_(True)
    (g,) = torch.autograd.grad(model[split:](a.clone()).reshape(()), a)
    a, g = a.detach()[0].numpy(), g[0].numpy()
    if method == "hirescam":
        return np.maximum((g * a).sum(axis=0), 0)
    sum_a = a.sum(axis=tuple(range(1, a.ndim)), keepdims=True)
    denom = 2 * g**2 + sum_a * g**3
    alpha = np.divide(g**2, denom, out=np.zeros_like(g), where=denom != 0)
    w = (alpha * np.maximum(g, 0)).sum(axis=tuple(range(1, a.ndim)), keepdims=True)
    return np.maximum((w * a).sum(axis=0), 0)


@pytest.mark.parametrize("method", ["hirescam", "gradcam++"])
def test_variants_match_definition(method: str) -> None:
    torch.manual_seed(3)
    model = conv2d_net().eval()
    randomise_bn(model, 3)
    x = torch.randn(1, 1, 16, 16)
    with GradCAM(model, model[4], method) as gc:
        _, cam = gc(x)
    np.testing.assert_allclose(cam, reference_variant(model, 5, x, method), rtol=1e-4, atol=1e-6)


def test_hirescam_equals_gradcam_under_global_average_pooling(resnet: nn.Module) -> None:
    x = torch.randn(1, 1, 64, 64, generator=torch.Generator().manual_seed(5))
    with GradCAM(resnet, resnet.layer4, "gradcam") as gc:
        _, a = gc(x)
    with GradCAM(resnet, resnet.layer4, "hirescam") as gc:
        _, b = gc(x)
    np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-7)
    assert set(CAM_METHODS) == {"gradcam", "hirescam", "gradcam++"}
    with pytest.raises(ValueError, match="method"):
        GradCAM(resnet, resnet.layer4, "scorecam")


@pytest.mark.parametrize("layer,stride,size,cells", [("layer3", 16, 224, [(5, 6), (7, 3)]),
                                                     ("layer4", 32, 512, [(7, 8), (8, 8)])])
def test_hot_cell_lands_on_its_receptive_field_centre(layer: str, stride: int, size: int,
                                                      cells: list[tuple[int, int]]) -> None:
    """A ResNet18 with constant positive convolution weights: the input-gradient of one feature cell is
    centred on that cell's receptive field; the upsampled one-hot map must peak there (within 1 px).
    layer4's receptive field (435 px) is tested on a 512-px input so the image border does not cut it."""
    model = torchvision.models.resnet18(weights=None, num_classes=1)
    model.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.constant_(m.weight, 1.0 / m.weight[0].numel())
    model.eval()
    acts = {}
    getattr(model, layer).register_forward_hook(lambda m, i, o: acts.__setitem__("a", o))
    # a little noise breaks max-pool ties (a tie sends the whole gradient to the window's first pixel)
    x = (1 + 0.01 * torch.randn(1, 1, size, size, generator=torch.Generator().manual_seed(0))).requires_grad_(True)
    model(x)
    a = acts["a"]
    rows, cols = np.mgrid[:size, :size]
    for j, k in cells:
        (g,) = torch.autograd.grad(a[0, :, j, k].sum(), x, retain_graph=True)
        w = g[0, 0].abs().numpy()
        centre = ((w * rows).sum() / w.sum(), (w * cols).sum() / w.sum())
        hot = np.zeros(a.shape[-2:])
        hot[j, k] = 1.0
        up = upsample_cam_2d(hot, (size, size))
        peak = np.unravel_index(int(up.argmax()), up.shape)
        assert peak == (stride * j, stride * k)
        assert abs(peak[0] - centre[0]) <= 1.0 and abs(peak[1] - centre[1]) <= 1.0
        # the old align_corners=False placement was (stride - 1) / 2 px further on each axis
        assert (stride * (j + 0.5) - 0.5) - centre[0] > stride / 2 - 2


def test_cxr_explanation_flags_an_empty_map() -> None:
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                          nn.Flatten(), nn.Linear(4, 1))
    x = torch.randn(1, 1, 16, 16)
    res = cxr_explanation(model, x, method="gradcam", layer="1")
    assert res.cam.shape == (16, 16) and res.method == "gradcam" and res.layer == "1"
    assert res.empty == (not np.any(res.cam))
    with torch.no_grad():
        model[0].bias.fill_(-1e3)  # every activation after the ReLU is 0
    res = cxr_explanation(model, x, method="hirescam", layer="1")
    assert res.empty and not np.any(res.cam) and cam_is_empty(res.cam)
    assert not cam_is_empty(np.array([[0.0, 0.2]])) and cam_is_empty(np.full((2, 2), np.nan))
    with pytest.raises(ValueError, match="no layer"):
        cxr_explanation(model, x, layer="layer9")
