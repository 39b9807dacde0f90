"""PyTorch peer of bench/train.ts for vit-tiny, with the shapes of seedscope's `vit-tiny`
(packages/models/src/registry.ts, families/vit.ts): 4x4 patches (a 7x7 grid at 28x28x1), a class token,
a learned position embedding, 6 pre-norm blocks of 3-head self-attention (d 96, qkv in one linear layer)
and a GELU MLP x4, LayerNorm eps 1e-6, a linear head on the class token, 10 classes. The protocol and
the JSON line are bench/peers/common.py's.

    /usr/bin/python3 bench/peers/vit_torch.py --threads 1 --batch 64 --size 28 --steps 10
"""

import torch
from common import CLASSES, Mlp, init_trunc_normal, patch_embed, run
from torch import nn

PATCH, DIM, DEPTH, HEADS, MLP_RATIO = 4, 96, 6, 3, 4


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, d = x.shape
        # [B, N, 3d] -> 3 x [B, h, N, d/h]
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        weights = ((q @ k.transpose(-2, -1)) * (d // self.heads) ** -0.5).softmax(dim=-1)
        return self.proj((weights @ v).transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = Mlp(dim, dim * mlp_ratio)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, size, classes=CLASSES):
        super().__init__()
        grid = size // PATCH
        self.embed = patch_embed(PATCH, DIM)
        self.cls = nn.Parameter(torch.zeros(1, 1, DIM))
        self.pos = nn.Parameter(torch.zeros(1, grid * grid + 1, DIM))
        self.blocks = nn.Sequential(*[Block(DIM, HEADS, MLP_RATIO) for _ in range(DEPTH)])
        self.norm = nn.LayerNorm(DIM, eps=1e-6)
        self.head = nn.Linear(DIM, classes)
        init_trunc_normal(self)
        nn.init.trunc_normal_(self.cls, std=0.02)
        nn.init.trunc_normal_(self.pos, std=0.02)

    def forward(self, x):
        patches = self.embed(x).flatten(2).transpose(1, 2)  # [B, N, d]
        h = torch.cat([self.cls.expand(x.shape[0], -1, -1), patches], dim=1) + self.pos
        h = self.blocks(h)
        return self.head(self.norm(h[:, 0]))


if __name__ == "__main__":
    run(VisionTransformer)
