"""PyTorch peer of bench/train.ts for resmlp-s, with the shapes of seedscope's `resmlp-s`
(packages/models/src/registry.ts, families/resmlp.ts): 4x4 patches (a 7x7 grid, 49 patches, at
28x28x1), d 96, 6 residual layers of a cross-patch linear map (49 -> 49, shared by the channels) and a
GELU MLP x4, each between Affine pre-norms and Affine post-scales (initialised at 0.1, the depth-6
LayerScale), a final Affine, average pooling over patches and a linear head, 10 classes. The protocol
and the JSON line are bench/peers/common.py's.

    /usr/bin/python3 bench/peers/resmlp_torch.py --threads 1 --batch 64 --size 28 --steps 10
"""

import torch
from common import CLASSES, Mlp, init_trunc_normal, patch_embed, run
from torch import nn

PATCH, DIM, DEPTH, MLP_RATIO, POST_INIT = 4, 96, 6, 4, 0.1


class Affine(nn.Module):
    """ResMLP's Aff: per-channel scale and shift, no statistics."""

    def __init__(self, dim, alpha=1.0):
        super().__init__()
        self.alpha = nn.Parameter(torch.full((dim,), alpha))
        self.beta = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        return x * self.alpha + self.beta


class Layer(nn.Module):
    def __init__(self, patches, dim, mlp_ratio):
        super().__init__()
        self.pre1 = Affine(dim)
        self.cross_patch = nn.Linear(patches, patches)
        self.post1 = Affine(dim, POST_INIT)
        self.pre2 = Affine(dim)
        self.mlp = Mlp(dim, dim * mlp_ratio)
        self.post2 = Affine(dim, POST_INIT)

    def forward(self, x):  # [B, N, d]
        x = x + self.post1(self.cross_patch(self.pre1(x).transpose(1, 2)).transpose(1, 2))
        return x + self.post2(self.mlp(self.pre2(x)))


class ResMlp(nn.Module):
    def __init__(self, size, classes=CLASSES):
        super().__init__()
        patches = (size // PATCH) ** 2
        self.embed = patch_embed(PATCH, DIM)
        self.layers = nn.Sequential(*[Layer(patches, DIM, MLP_RATIO) for _ in range(DEPTH)])
        self.norm = Affine(DIM)
        self.head = nn.Linear(DIM, classes)
        init_trunc_normal(self)

    def forward(self, x):
        h = self.embed(x).flatten(2).transpose(1, 2)  # [B, N, d]
        return self.head(self.norm(self.layers(h)).mean(dim=1))


if __name__ == "__main__":
    run(ResMlp)
