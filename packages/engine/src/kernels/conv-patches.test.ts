import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend";
import { randomValues } from "../test-support/compare-backends";
import { convGeometry } from "./conv-geometry";
import type { ConvGeometry } from "./conv-geometry";
import { fillPatchesTransposed, filterGradConvPadding } from "./conv2d-backprop-filter";

type Pad = Parameters<typeof convGeometry>[4];

/** Pᵀ by definition, element by element, from x in NHWC. */
function naivePatchesT(x: Float32Array, g: ConvGeometry, n0: number, images: number): Float32Array {
  const cols = images * g.outHeight * g.outWidth;
  const out = new Float32Array(g.filterHeight * g.filterWidth * g.inChannels * cols);
  for (let ky = 0; ky < g.filterHeight; ky++)
    for (let kx = 0; kx < g.filterWidth; kx++)
      for (let ci = 0; ci < g.inChannels; ci++) {
        const row = (ky * g.filterWidth + kx) * g.inChannels + ci;
        for (let n = n0; n < n0 + images; n++)
          for (let oy = 0; oy < g.outHeight; oy++)
            for (let ox = 0; ox < g.outWidth; ox++) {
              const iy = oy * g.strideHeight + ky * g.dilationHeight - g.padTop;
              const ix = ox * g.strideWidth + kx * g.dilationWidth - g.padLeft;
              const inside = iy >= 0 && iy < g.inHeight && ix >= 0 && ix < g.inWidth;
              const col = ((n - n0) * g.outHeight + oy) * g.outWidth + ox;
              out[row * cols + col] = inside
                ? (x[((n * g.inHeight + iy) * g.inWidth + ix) * g.inChannels + ci] as number)
                : 0;
            }
      }
  return out;
}

/** x [n,h,w,c] → [c,n,h,w]. */
function toCNHW(x: Float32Array, [n, h, w, c]: number[]): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < n * h * w; i++) for (let ch = 0; ch < c; ch++) out[ch * n * h * w + i] = x[i * c + ch] as number;
  return out;
}

describe("transposed patch matrix of Conv2DBackpropFilter", () => {
  const cases: Array<[string, number[], number[], number | [number, number], Pad]> = [
    ["3x3 s1 same", [3, 5, 6, 2], [3, 3, 2, 1], 1, "same"],
    [
      "5x5 s1 pad 1",
      [2, 7, 6, 3],
      [5, 5, 3, 1],
      1,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    ],
    ["3x3 s1 valid", [2, 5, 7, 2], [3, 3, 2, 1], 1, "valid"],
    ["3x3 s2 same", [3, 7, 6, 2], [3, 3, 2, 1], 2, "same"],
    [
      "3x3 strides [2,1] asymmetric pad",
      [2, 6, 5, 1],
      [3, 3, 1, 1],
      [2, 1],
      [
        [0, 0],
        [2, 0],
        [0, 1],
        [0, 0],
      ],
    ],
    ["4x4 s4 valid", [2, 8, 8, 3], [4, 4, 3, 1], 4, "valid"],
  ];
  it.each(cases)("%s, whole batch and a chunk of images", (_, xShape, wShape, strides, pad) => {
    const g = convGeometry(xShape as never, wShape as never, strides, 1, pad, undefined, false);
    const x = randomValues(
      xShape.reduce((a, b) => a * b),
      3,
    );
    const xT = toCNHW(x, xShape);
    for (const [n0, images] of [
      [0, g.batch],
      [1, g.batch - 1],
      [g.batch - 1, 1],
    ] as const) {
      const expected = naivePatchesT(x, g, n0, images);
      const got = new Float32Array(expected.length).fill(Number.NaN);
      fillPatchesTransposed(got, xT, g, n0, images);
      expect(Array.from(got)).toEqual(Array.from(expected));
    }
  });
});

describe("zero-copy Identity and Cast on wasm", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  it("clones and same-dtype casts keep their values after the source is disposed", () => {
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const c = tf.clone(x);
    const k = tf.cast(x, "float32");
    const i = tf.cast(x, "int32");
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(k.dataSync())).toEqual([1, 2, 3, 4]);
    expect(i.dtype).toBe("int32");
    expect(Array.from(i.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([c, k, i]);
  });

  it("does not leak memory", () => {
    const x = tf.tensor([1, 2, 3]);
    const before = tf.memory().numTensors;
    const buffers = tf.memory().numDataBuffers;
    tf.tidy(() => {
      tf.add(tf.clone(x), tf.cast(x, "float32"));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
  });
});

describe("Conv2DBackpropFilter as a forward convolution", () => {
  it("pads the bottom/right so that the convolution's output is the filter size", () => {
    // 3×3 'same': 8 px stride 1 (8 out, 1 above), 8 px stride 2 (4 out, 0 above), 7 px stride 2 (4 out, 1 above).
    expect(filterGradConvPadding(8, 8, 3, 1, 1, 1)).toBe(1);
    expect(filterGradConvPadding(8, 4, 3, 2, 1, 0)).toBe(1);
    expect(filterGradConvPadding(7, 4, 3, 2, 1, 1)).toBe(1);
  });

  it("does not apply where the original convolution never reads the last input rows (patch-matrix path)", () => {
    // 3×3 stride 2 'valid' on 8 px: 3 outputs read rows 0…6, row 7 never: that would need padding −1.
    expect(filterGradConvPadding(8, 3, 3, 2, 1, 0)).toBeUndefined();
  });
});
