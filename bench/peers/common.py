"""What every PyTorch peer of bench/train.ts shares: the command line, torch's own GEMM figure, the
timed training loop and the one JSON line it prints.

A peer module defines its network in plain torch.nn and calls `run(build)`, where `build(size)` returns
the model for size x size x 1 inputs and 10 classes. The protocol is the cells' (bench/train-cell.ts):
random data at a fixed batch, SGD (momentum 0.9, weight decay 1e-4), `--warmup` steps (within a third of
`--budget`), then up to `--steps` measured steps within `--budget` seconds; medians in ms.

Before training, the peer times torch.mm on float32 squares (`--gemm`, default 512,768,1024) at the
same thread count, warm-up then timed repetitions, and reports the best GFLOP/s (2 n^3 per product):
this says what kind of PyTorch it is (Debian's is built with a generic BLAS for matmul, oneDNN for
convolutions).
"""

import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

CLASSES = 10


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=28)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds for warm-up + measured steps")
    parser.add_argument("--gemm", default="512,768,1024", help="square sizes for torch.mm; empty: skip")
    parser.add_argument("--gemm-budget", type=float, default=3.0, help="seconds per GEMM size at most")
    return parser.parse_args()


def gemm_peak(sizes, budget, warmup=2, reps=10):
    """Best GFLOP/s of torch.mm per square size: `warmup` products, then up to `reps` timed ones."""
    out = []
    for n in sizes:
        a = torch.randn(n, n)
        b = torch.randn(n, n)
        start = time.perf_counter()
        for _ in range(warmup):
            torch.mm(a, b)
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            torch.mm(a, b)
            best = min(best, time.perf_counter() - t0)
            if time.perf_counter() - start > budget:
                break
        out.append({"n": n, "gflops": 2 * n**3 / best / 1e9})
    return out


def run(build):
    args = parse_args()
    torch.set_num_threads(args.threads)
    sizes = [int(s) for s in args.gemm.split(",") if s]
    gemm = gemm_peak(sizes, args.gemm_budget)

    torch.manual_seed(0)
    model = build(args.size).train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(args.batch, 1, args.size, args.size)
    y = torch.randint(0, CLASSES, (args.batch,))

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

    def ms(xs):
        return 1000 * statistics.median(xs)

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
        "gemm": gemm,
    }))


class Mlp(torch.nn.Module):
    """The transformer FFN of the isotropic peers: Linear(d -> hidden), exact GELU, Linear(hidden -> d)."""

    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = torch.nn.Linear(dim, hidden)
        self.fc2 = torch.nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


def patch_embed(patch, dim, channels=1):
    """Non-overlapping patch x patch patches projected to `dim`: a conv with stride `patch` (and bias)."""
    return torch.nn.Conv2d(channels, dim, patch, patch)


def init_trunc_normal(model):
    """DeiT's init, as seedscope's isotropic families: weights truncated normal std 0.02, zero biases."""
    for m in model.modules():
        if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d)):
            torch.nn.init.trunc_normal_(m.weight, std=0.02)
            torch.nn.init.zeros_(m.bias)
