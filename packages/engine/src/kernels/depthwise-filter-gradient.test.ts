import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend";
import { randomValues } from "../test-support/compare-backends";

/**
 * The depthwise filter gradient as the kernel's loop sums it: per image and tap, a float64 sum per channel over
 * the valid output pixels in order of (oy, ox), added to the channel's float64 total; rounded once.
 */
function loopOrderGradient(
  x: Float32Array,
  dy: Float32Array,
  [n, h, w, c]: number[],
  [oh, ow]: number[],
  k: number,
  stride: number,
  [top, left]: number[],
): Float32Array {
  const total = new Float64Array(k * k * c);
  for (let b = 0; b < n; b++)
    for (let ky = 0; ky < k; ky++)
      for (let kx = 0; kx < k; kx++)
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          for (let oy = 0; oy < oh; oy++)
            for (let ox = 0; ox < ow; ox++) {
              const iy = oy * stride + ky - top;
              const ix = ox * stride + kx - left;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              sum +=
                (x[((b * h + iy) * w + ix) * c + ch] as number) * (dy[((b * oh + oy) * ow + ox) * c + ch] as number);
            }
          const i = (ky * k + kx) * c + ch;
          total[i] = (total[i] as number) + sum;
        }
  return Float32Array.from(total);
}

describe("DepthwiseConv2dNativeBackpropFilter on wasm", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  // Channels a multiple of 4 run on the SIMD module, others in TypeScript: both must give the loop's sums.
  it.each([
    ["3×3 same, 8 channels (SIMD)", [3, 7, 6, 8], 3, 1, "same", [1, 1]],
    ["3×3 stride 2 same, 12 channels (SIMD)", [2, 9, 8, 12], 3, 2, "same", [1, 0]],
    ["3×3 valid, 4 channels (SIMD)", [2, 6, 5, 4], 3, 1, "valid", [0, 0]],
    ["3×3 same, 6 channels (TypeScript)", [3, 7, 6, 6], 3, 1, "same", [1, 1]],
  ] as Array<[string, [number, number, number, number], number, number, "same" | "valid", number[]]>)(
    "%s: the loop's float64 sums, rounded once",
    (_, xShape, k, stride, pad, padTL) => {
      const c = xShape[3] as number;
      const x = tf.tensor(
        randomValues(
          xShape.reduce((a, b) => a * b),
          1,
        ),
        xShape,
      ) as tf.Tensor4D;
      const w = tf.zeros([k, k, c, 1]) as tf.Tensor4D;
      const dyShape = tf.depthwiseConv2d(x, w, stride, pad).shape;
      const dy = tf.tensor(
        randomValues(
          dyShape.reduce((a, b) => a * b),
          2,
        ),
        dyShape,
      ) as tf.Tensor4D;
      const got = tf.grad((filter: tf.Tensor) =>
        tf.sum(tf.mul(tf.depthwiseConv2d(x, filter as tf.Tensor4D, stride, pad), dy)),
      )(w);
      const expected = loopOrderGradient(
        x.dataSync() as Float32Array,
        dy.dataSync() as Float32Array,
        xShape,
        dyShape.slice(1, 3),
        k,
        stride,
        padTL,
      );
      expect(Array.from(got.dataSync())).toEqual(Array.from(expected));
      tf.dispose([x, w, dy, got]);
    },
  );
});
