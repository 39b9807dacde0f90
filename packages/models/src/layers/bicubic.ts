/*
 * Bicubic resizing as PyTorch's `F.interpolate(mode="bicubic", align_corners=False)` computes it (what
 * DeiT uses to resize position embeddings): output index o samples the input at s = (o + 0.5)·(in/out) − 0.5
 * (not clamped), with the cubic convolution kernel of Keys, A = −0.75, on the four taps ⌊s⌋ − 1 … ⌊s⌋ + 2,
 * each clamped to the border. Written as a fixed matrix, so that tfjs (which has no bicubic resize)
 * applies it with a matMul and gradients flow to what is resized.
 */

/** PyTorch's cubic convolution coefficient. */
export const CUBIC_A = -0.75;

/** The four tap weights at fractional offset t ∈ [0, 1). */
export function cubicWeights(t: number, a = CUBIC_A): [number, number, number, number] {
  const near = (x: number) => ((a + 2) * x - (a + 3)) * x * x + 1; // |x| ≤ 1
  const far = (x: number) => ((a * x - 5 * a) * x + 8 * a) * x - 4 * a; // 1 < |x| < 2
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

/** The out × in matrix that resizes a length-`inSize` signal to `outSize` (row-major). */
export function bicubicMatrix(inSize: number, outSize: number): Float64Array {
  const m = new Float64Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = (o + 0.5) * scale - 0.5;
    const base = Math.floor(s);
    const w = cubicWeights(s - base);
    for (let k = 0; k < 4; k++) {
      const i = Math.min(inSize - 1, Math.max(0, base - 1 + k));
      m[o * inSize + i]! += w[k]!;
    }
  }
  return m;
}

/**
 * The (outSize²) × (inSize²) matrix resizing a row-major inSize × inSize grid to outSize × outSize:
 * the Kronecker product of the 1-D matrix with itself (bicubic is separable).
 */
export function bicubicGridMatrix(inSize: number, outSize: number): Float32Array {
  const m = bicubicMatrix(inSize, outSize);
  const n = inSize * inSize;
  const out = new Float32Array(outSize * outSize * n);
  for (let oy = 0; oy < outSize; oy++) {
    for (let ox = 0; ox < outSize; ox++) {
      const row = (oy * outSize + ox) * n;
      for (let iy = 0; iy < inSize; iy++) {
        const wy = m[oy * inSize + iy]!;
        if (wy === 0) continue;
        for (let ix = 0; ix < inSize; ix++) out[row + iy * inSize + ix] = wy * m[ox * inSize + ix]!;
      }
    }
  }
  return out;
}
