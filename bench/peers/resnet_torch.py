"""PyTorch peer of bench/train.ts: trains the CIFAR ResNet-20 of He et al. (3 stages of 3 basic blocks,
16/32/64 channels, BatchNorm, option-A identity shortcuts with zero channel padding) on random
28x28x1 data, 10 classes, with SGD (momentum 0.9, weight decay 1e-4), and prints one JSON line:
images/s of a full step and its split into forward, backward and optimizer step (medians, ms).

    python3 bench/peers/resnet_torch.py --threads 1 --batch 64 --size 28 --steps 10
"""

import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.extra = cout - cin
        self.stride = stride

    def shortcut(self, x):
        # Option A: subsample by the stride, append zero channels; no parameters.
        if self.stride > 1:
            x = x[:, :, :: self.stride, :: self.stride]
        if self.extra > 0:
            x = F.pad(x, (0, 0, 0, 0, 0, self.extra))
        return x

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + self.shortcut(x))


class CifarResNet(nn.Module):
    def __init__(self, depth=20, channels=1, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.stem = nn.Conv2d(channels, 16, 3, 1, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        blocks, cin = [], 16
        for stage, cout in enumerate((16, 32, 64)):
            for b in range(n):
                blocks.append(Block(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(cin, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(x)))
        x = self.blocks(x)
        return self.head(x.mean(dim=(2, 3)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=28)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds for warm-up + measured steps")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = CifarResNet().train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(args.batch, 1, args.size, args.size)
    y = torch.randint(0, 10, (args.batch,))

    def iterate():
        t0 = time.perf_counter()
        with torch.no_grad():
            F.cross_entropy(model(x), y).item()
        t1 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        loss.item()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        return t1 - t0, t2 - t1, t3 - t2

    start = time.perf_counter()
    warm = [iterate()]
    while len(warm) < args.warmup and time.perf_counter() - start < args.budget / 3:
        warm.append(iterate())
    measured = []
    while len(measured) < args.steps and time.perf_counter() - start < args.budget:
        measured.append(iterate())
    samples = measured or warm

    ms = lambda xs: 1000 * statistics.median(xs)
    step = ms([g + o for _, g, o in samples])
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "measuredSteps": len(measured),
        "stepMs": step,
        "forwardMs": ms([f for f, _, _ in samples]),
        "backwardMs": ms([g - f for f, g, _ in samples]),
        "optimizerMs": ms([o for _, _, o in samples]),
        "imagesPerSecond": args.batch * 1000 / step,
        "params": sum(p.numel() for p in model.parameters()),
    }))


if __name__ == "__main__":
    main()
