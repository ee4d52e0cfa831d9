"""The chest X-ray model: torchvision's ResNet18 with a grayscale input.

:func:`build_cxr_resnet18` gives exactly ``torchvision.models.resnet18(weights=None,
num_classes=1)`` (same modules, same state-dict keys) with ``conv1`` replaced
by a ``Conv2d(in_channels, 64, 7, stride=2, padding=3, bias=False)`` so that a
1-channel radiograph goes in directly.  No pretrained weights are ever
downloaded.  Output: ``(batch, 1)`` logits.  ``target_layer`` is ``layer3``, the
layer of the app's Grad-CAM (chosen by measurement: ``docs/validation/explanations.md``).
"""

from __future__ import annotations

from torch import nn
from torchvision.models.resnet import BasicBlock, ResNet

__all__ = ["CXRResNet18", "build_cxr_resnet18", "CXR_ARCH", "CXR_CAM_LAYER"]

CXR_ARCH = "resnet18"
#: The stage whose Grad-CAM the app shows (14 x 14 cells of 16 px at 224 px).  Across nine networks its
#: mean margin over the image-independent map was larger than ``layer4``'s, three times the share of its
#: change lay on a changed pulmonary artery, and no map was empty; on the share of cases won the two are
#: level (``docs/validation/explanations.md``).  ``ph_assist.explain.gradcam.DEFAULT_CXR_LAYER`` names it
#: too (a test holds them equal; models do not import explain).
CXR_CAM_LAYER = "layer3"


class CXRResNet18(ResNet):
    """ResNet18 (torchvision's, ``weights=None``) with a 1-channel stem and one logit."""

    def __init__(self, in_channels: int = 1) -> None:
        super().__init__(BasicBlock, [2, 2, 2, 2], num_classes=1)
        self.in_channels = int(in_channels)
        self.conv1 = nn.Conv2d(self.in_channels, 64, kernel_size=7, stride=2, padding=3, bias=False)
        nn.init.kaiming_normal_(self.conv1.weight, mode="fan_out", nonlinearity="relu")

    @property
    def target_layer(self) -> nn.Module:
        """The stage the app's Grad-CAM is taken at (:data:`CXR_CAM_LAYER`, ``layer3``)."""
        return getattr(self, CXR_CAM_LAYER)


def build_cxr_resnet18(in_channels: int = 1) -> CXRResNet18:
    """A randomly initialised grayscale ResNet18 with a single-logit head."""
    return CXRResNet18(in_channels=in_channels)
