"""Golden values for bicubic.test.ts: PyTorch's bicubic resize (align_corners=False, A = -0.75, taps clamped
to the border) computed from its definition with numpy, independently of the TypeScript code.

Run from the repository root: python3 packages/models/src/layers/bicubic-golden.py
It rewrites bicubic-golden.json next to this script.
"""
import json
import math
import os

import numpy as np

A = -0.75


def kernel(x):
    """Keys' cubic convolution kernel with parameter A, for any real x."""
    x = abs(x)
    if x <= 1:
        return (A + 2) * x**3 - (A + 3) * x**2 + 1
    if x < 2:
        return A * x**3 - 5 * A * x**2 + 8 * A * x - 4 * A
    return 0.0


def matrix(n_in, n_out):
    """Row o: the weights output o gives each input sample (taps beyond the border fold onto it)."""
    m = np.zeros((n_out, n_in))
    scale = n_in / n_out
    for o in range(n_out):
        src = (o + 0.5) * scale - 0.5
        base = math.floor(src)
        for tap in range(base - 1, base + 3):
            m[o, min(n_in - 1, max(0, tap))] += kernel(src - tap)
    return m


def main():
    rng = np.random.default_rng(0)
    cases = []
    for n_in, n_out in [(8, 5), (8, 4), (4, 7), (7, 3), (2, 2), (3, 8)]:
        m = matrix(n_in, n_out)
        grid = rng.standard_normal((n_in, n_in, 2))
        resized = np.einsum("ai,bj,ijd->abd", m, m, grid)
        cases.append(
            {
                "in": n_in,
                "out": n_out,
                "matrix": m.tolist(),
                "grid": grid.tolist(),
                "resized": resized.tolist(),
            }
        )
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bicubic-golden.json")
    with open(path, "w") as f:
        json.dump({"a": A, "cases": cases}, f)
        f.write("\n")
    print(f"wrote {path}: {len(cases)} cases")


if __name__ == "__main__":
    main()
