#!/usr/bin/env python3
"""Makes the small ONNX models the inference tests and the inference benchmark run.

Run with Debian's PyTorch (python3-torch 1.13, CPU):  /usr/bin/python3 make_test_model.py
Everything is deterministic (fixed seeds), random weights: these models are NOT trained and predict nothing
meaningful. They exist to pin the ONNX Runtime binding, the model-card checks and the sliding-window stitching.

Writes, beside this script:
  tiny-seg/model.onnx, model.json       a 2-level 3D U-Net (8 -> 8 channels, softmax), dynamic batch and spatial axes
  tiny-seg/reference_input.npy          float32 [1, 8, 8, 16, 16]
  tiny-seg/reference_output.npy         float32 [1, 8, 8, 16, 16]: PyTorch's output for that input
  pointwise/model.onnx, model.json      1x1x1 convolutions only (no spatial context): sliding-window output must equal
                                        whole-volume output exactly, whatever the tiling
  unet-standin/model.onnx, model.json   a 3-level 3D U-Net (16/32/64 channels, InstanceNorm), the size of the
                                        project's segmentation net: the benchmark's stand-in when no trained model exists
"""
import hashlib
import json
import os

import numpy as np
import torch
import torch.nn as nn

torch.set_num_threads(2)
HERE = os.path.dirname(os.path.abspath(__file__))
CHANNELS = ["NC", "AP", "VP", "DP", "NC_present", "AP_present", "VP_present", "DP_present"]
CLASSES = ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst"]


def block(cin, cout, norm):
    layers = [nn.Conv3d(cin, cout, 3, padding=1)]
    if norm:
        layers.append(nn.InstanceNorm3d(cout, affine=True))
    layers.append(nn.LeakyReLU(0.01))
    return nn.Sequential(*layers)


class UNet(nn.Module):
    """Encoder-decoder with skip connections; `widths` per level; output softmax over classes (dim 1)."""

    def __init__(self, cin, classes, widths, norm):
        super().__init__()
        self.down = nn.ModuleList()
        c = cin
        for w in widths:
            self.down.append(block(c, w, norm))
            c = w
        self.up = nn.ModuleList()
        self.fuse = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.up.append(nn.ConvTranspose3d(c, w, 2, stride=2))
            self.fuse.append(block(2 * w, w, norm))
            c = w
        self.head = nn.Conv3d(c, classes, 1)

    def forward(self, x):
        skips = []
        for i, d in enumerate(self.down):
            x = d(x)
            if i < len(self.down) - 1:
                skips.append(x)
                x = nn.functional.max_pool3d(x, 2)
        for up, fuse in zip(self.up, self.fuse):
            x = up(x)
            x = fuse(torch.cat([x, skips.pop()], dim=1))
        return torch.softmax(self.head(x), dim=1)


class Pointwise(nn.Module):
    def __init__(self, cin, classes):
        super().__init__()
        self.a = nn.Conv3d(cin, 16, 1)
        self.b = nn.Conv3d(16, classes, 1)

    def forward(self, x):
        return torch.softmax(self.b(torch.relu(self.a(x))), dim=1)


def export(model, name, patch, overlap, example_shape):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    model.eval()
    example = torch.zeros(example_shape)
    axes = {0: "batch", 2: "z", 3: "y", 4: "x"}
    torch.onnx.export(model, example, path, opset_version=17, input_names=["image"], output_names=["probabilities"],
                      dynamic_axes={"image": axes, "probabilities": axes}, do_constant_folding=True)
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    card = {
        "format": "liverscreen-model-card/1",
        "name": name,
        "version": "0.0.1-test",
        "sha256": sha,
        "task": "segmentation",
        "synthetic": True,
        "inputs": [{"name": "image", "dtype": "float32", "shape": [-1, len(CHANNELS), -1, -1, -1]}],
        "outputs": [{"name": "probabilities", "dtype": "float32", "shape": [-1, len(CLASSES), -1, -1, -1]}],
        "axisOrder": "NCZYX",
        "channels": CHANNELS,
        "workingSpacingMm": [1.5, 1.5, 5.0],
        "normalization": {"kind": "window", "minHu": -200, "maxHu": 400},
        "classes": CLASSES,
        "patchSize": patch,
        "overlap": overlap,
        "metrics": {"cohort": "none: random weights, test fixture only"},
        "training": {"recipe": "tests/LiverScreen.Inference.Tests/TestData/make_test_model.py", "seeds": [0], "selected": 0},
    }
    with open(os.path.join(folder, "model.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    return folder


def main():
    torch.manual_seed(0)
    tiny = UNet(len(CHANNELS), len(CLASSES), [8, 16], norm=False)
    folder = export(tiny, "tiny-seg", [16, 32, 32], 0.5, (1, 8, 16, 32, 32))
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 8, 8, 16, 16)).astype(np.float32)
    with torch.no_grad():
        y = tiny(torch.from_numpy(x)).numpy().astype(np.float32)
    np.save(os.path.join(folder, "reference_input.npy"), x)
    np.save(os.path.join(folder, "reference_output.npy"), y)

    torch.manual_seed(1)
    export(Pointwise(len(CHANNELS), len(CLASSES)), "pointwise", [8, 16, 16], 0.5, (1, 8, 8, 16, 16))

    torch.manual_seed(2)
    export(UNet(len(CHANNELS), len(CLASSES), [16, 32, 64], norm=True), "unet-standin", [32, 128, 128], 0.5,
           (1, 8, 32, 64, 64))


if __name__ == "__main__":
    main()
