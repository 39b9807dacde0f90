import * as tf from "@tensorflow/tfjs-core";
import type { Conv2DBackpropFilterAttrs } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend";
import { randomValues } from "../test-support/compare-backends";
import { filterGradient } from "./conv2d-backprop-filter";

type Pad = Conv2DBackpropFilterAttrs["pad"];

// Each case: x's shape, the filter's, strides, padding, and the padding's top and left as tfjs resolves it.

/** dW by definition, in float64. */
function referenceGradient(
  x: Float32Array,
  dy: Float32Array,
  [n, h, w, ci]: number[],
  [oh, ow, co]: number[],
  [kh, kw]: number[],
  [sh, sw]: number[],
  [top, left]: number[],
): Float64Array {
  const out = new Float64Array(kh * kw * ci * co);
  for (let ky = 0; ky < kh; ky++)
    for (let kx = 0; kx < kw; kx++)
      for (let b = 0; b < n; b++)
        for (let oy = 0; oy < oh; oy++)
          for (let ox = 0; ox < ow; ox++) {
            const iy = oy * sh + ky - top;
            const ix = ox * sw + kx - left;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            for (let c = 0; c < ci; c++)
              for (let o = 0; o < co; o++)
                out[((ky * kw + kx) * ci + c) * co + o]! +=
                  (x[((b * h + iy) * w + ix) * ci + c] as number) * (dy[((b * oh + oy) * ow + ox) * co + o] as number);
          }
  return out;
}

describe("Conv2DBackpropFilter on the SIMD GEMM", () => {
  let backend: BackendWasm;
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
    backend = tf.backend() as BackendWasm;
  });

  type Shape4 = [number, number, number, number];
  const cases: Array<[string, Shape4, Shape4, [number, number], Pad, number[]]> = [
    ["3×3 stride 1 same, 16 → 16 channels", [6, 9, 8, 16], [3, 3, 16, 16], [1, 1], "same", [1, 1]],
    ["3×3 stride 1 same, odd channels", [5, 7, 6, 3], [3, 3, 3, 7], [1, 1], "same", [1, 1]],
    ["3×3 stride 2 same", [4, 9, 8, 5], [3, 3, 5, 9], [2, 2], "same", [1, 0]],
    ["3×3 stride 1 valid", [3, 6, 7, 4], [3, 3, 4, 6], [1, 1], "valid", [0, 0]],
    [
      "5×5 stride 1 pad 1",
      [3, 7, 6, 2],
      [5, 5, 2, 5],
      [1, 1],
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      [1, 1],
    ],
    ["3×3 strides [2, 1] same", [2, 8, 7, 3], [3, 3, 3, 4], [2, 1], "same", [0, 1]],
    ["1 input channel", [7, 10, 10, 1], [3, 3, 1, 16], [1, 1], "same", [1, 1]],
    ["1×1 stride 1", [5, 6, 7, 12], [1, 1, 12, 10], [1, 1], "valid", [0, 0]],
  ];

  it.each(cases)(
    "%s: XNNPACK's bits, within float32 rounding of the exact sums",
    (_, xShape, fShape, strides, pad, padTL) => {
      const x = tf.tensor(
        randomValues(
          xShape.reduce((a, b) => a * b),
          1,
        ),
        xShape,
        "float32",
      ) as tf.Tensor4D;
      const probe = tf.conv2d(x, tf.zeros(fShape) as tf.Tensor4D, strides, pad);
      const dyShape = probe.shape;
      probe.dispose();
      const dy = tf.tensor(
        randomValues(
          dyShape.reduce((a, b) => a * b),
          2,
        ),
        dyShape,
        "float32",
      );
      const attrs = { strides, pad, dataFormat: "NHWC", dimRoundingMode: undefined, filterShape: fShape } as never;
      const read = (route: "auto" | "convolution") => {
        const info = filterGradient(backend, x as never, dy as never, attrs, route);
        const t = tf.engine().makeTensorFromTensorInfo(info);
        const values = t.dataSync() as Float32Array;
        t.dispose();
        return values;
      };
      const viaGemm = read("auto");
      const viaConvolution = read("convolution");
      expect(viaGemm.length).toBe(fShape.reduce((a, b) => a * b));
      const differ = viaGemm.filter((v, i) => !Object.is(v, viaConvolution[i])).length;
      expect(differ).toBe(0);
      const exact = referenceGradient(
        x.dataSync() as Float32Array,
        dy.dataSync() as Float32Array,
        xShape,
        dyShape.slice(1),
        fShape,
        strides,
        padTL,
      );
      const scale = Math.max(...exact.map(Math.abs));
      viaGemm.forEach((v, i) => expect(Math.abs(v - (exact[i] as number))).toBeLessThan(1e-5 * scale + 1e-6));
      x.dispose();
      dy.dispose();
    },
  );
});
