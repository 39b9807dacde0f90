"""PyTorch peer of bench/train.ts for resnet20: the CIFAR ResNet-20 of He et al. (3 stages of 3 basic
blocks, 16/32/64 channels, BatchNorm, option-A identity shortcuts with zero channel padding) on random
28x28x1 data, 10 classes; the protocol and the JSON line are bench/peers/common.py's.

    /usr/bin/python3 bench/peers/resnet_torch.py --threads 1 --batch 64 --size 28 --steps 10
"""

import torch.nn.functional as F
from common import CLASSES, run
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


if __name__ == "__main__":
    run(lambda size: CifarResNet(classes=CLASSES))
