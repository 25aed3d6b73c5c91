"""A compact anisotropic 3D U-Net for thick-slice CT (in the spirit of paper 003).

Slices are ~5 mm apart while pixels are ~1.5 mm, so the first levels convolve and pool only in-plane
(kernels 1x3x3, pooling 1x2x2) until the voxels are roughly isotropic, and only the deeper levels use 3x3x3 kernels
and pool through-plane. Input spatial sizes must be divisible by `pool_factor()` (z, y, x).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, k):
        super().__init__()
        pad = tuple(s // 2 for s in k)
        self.net = nn.Sequential(
            nn.Conv3d(cin, cout, k, padding=pad, bias=False),
            nn.InstanceNorm3d(cout, affine=True),
            nn.LeakyReLU(0.01, inplace=True),
            nn.Conv3d(cout, cout, k, padding=pad, bias=False),
            nn.InstanceNorm3d(cout, affine=True),
            nn.LeakyReLU(0.01, inplace=True),
        )

    def forward(self, x):
        return self.net(x)


class AnisoUNet(nn.Module):
    """features: channels per level; pools: pooling per level transition; kernels: conv kernel per level."""

    def __init__(self, in_ch=8, n_classes=8, features=(16, 32, 64, 128),
                 pools=((1, 2, 2), (1, 2, 2), (2, 2, 2)),
                 kernels=((1, 3, 3), (1, 3, 3), (3, 3, 3), (3, 3, 3))):
        super().__init__()
        assert len(features) == len(kernels) == len(pools) + 1
        self.config = {"in_ch": in_ch, "n_classes": n_classes, "features": list(features),
                       "pools": [list(p) for p in pools], "kernels": [list(k) for k in kernels]}
        self.pools = [tuple(p) for p in pools]
        self.down = nn.ModuleList()
        c = in_ch
        for f, k in zip(features, kernels):
            self.down.append(ConvBlock(c, f, tuple(k)))
            c = f
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for i in range(len(pools) - 1, -1, -1):
            self.up.append(nn.ConvTranspose3d(features[i + 1], features[i], self.pools[i], stride=self.pools[i]))
            self.dec.append(ConvBlock(2 * features[i], features[i], tuple(kernels[i])))
        self.head = nn.Conv3d(features[0], n_classes, 1)

    def pool_factor(self):
        f = [1, 1, 1]
        for p in self.pools:
            f = [a * b for a, b in zip(f, p)]
        return f

    def forward(self, x):
        skips = []
        for i, blk in enumerate(self.down):
            x = blk(x)
            if i < len(self.pools):
                skips.append(x)
                x = F.max_pool3d(x, self.pools[i], self.pools[i])
        for up, dec in zip(self.up, self.dec):
            x = up(x)
            x = dec(torch.cat([skips.pop(), x], 1))
        return self.head(x)  # logits


class WithSoftmax(nn.Module):
    """The ONNX graph outputs probabilities (model card: output "probabilities")."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, image):
        return torch.softmax(self.net(image), dim=1)


def build(config):
    return AnisoUNet(config["in_ch"], config["n_classes"], config["features"],
                     [tuple(p) for p in config["pools"]], [tuple(k) for k in config["kernels"]])


# 48/96 (not 64/128) at the two deepest levels: their 3x3x3 convolutions dominate the cost, and this recipe must
# train on 2 shared CPU cores (measured under load: ~2x faster steps together with the 16x80x80 patch).
# 8 inputs: the 4 phases and their presence flags; train_seg.py --lr-position adds LR_position (in_ch 9,
# common.SEG_CHANNELS): the shipped liver-seg 0.5.0 has it (a continuation, session 14); train_all.sh from scratch does
# not yet, as that is unmeasured (docs/models.md).
SEG_CONFIG = {"in_ch": 8, "n_classes": 8, "features": [16, 32, 48, 96],
              "pools": [[1, 2, 2], [1, 2, 2], [2, 2, 2]],
              "kernels": [[1, 3, 3], [1, 3, 3], [3, 3, 3], [3, 3, 3]]}
# Reclassifier: small liver-masked patches (16x48x48), three levels.
RECLS_CONFIG = {"in_ch": 8, "n_classes": 8, "features": [16, 32, 64],
                "pools": [[1, 2, 2], [2, 2, 2]],
                "kernels": [[1, 3, 3], [3, 3, 3], [3, 3, 3]]}
