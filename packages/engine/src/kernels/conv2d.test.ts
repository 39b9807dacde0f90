import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend";
import { randomValues } from "../test-support/compare-backends";
import { ownGemmWins } from "./batch-mat-mul";
import { stockConv2D } from "./conv2d";

describe("Conv2D on wasm: pointwise convolutions on the small GEMM", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  it.each([
    ["PatchConvNet's 1×1, 96 → 96", [64, 7, 7, 96], 96],
    ["an expansion, 96 → 384", [8, 7, 7, 96], 384],
    ["odd sizes, 13 → 7", [3, 5, 3, 13], 7],
  ])("%s: XNNPACK's bits", (_, xShape, co) => {
    const ci = xShape[3] as number;
    const size = (s: number[]) => s.reduce((a, b) => a * b);
    expect(ownGemmWins(size(xShape) / ci, ci, co)).toBe(true); // so the wrapper takes it
    const x = tf.tensor(randomValues(size(xShape), 1), xShape);
    const w = tf.tensor(randomValues(ci * co, 2), [1, 1, ci, co]);
    const ours = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "valid");
    const attrs = { strides: [1, 1], pad: "valid", dataFormat: "NHWC", dilations: [1, 1], dimRoundingMode: undefined };
    const stockKernel = stockConv2D();
    if (stockKernel === undefined) throw new Error("the stock Conv2D was not captured");
    const info = stockKernel({
      inputs: { x: x as never, filter: w as never },
      attrs: attrs as never,
      backend: tf.backend(),
    });
    const reference = tf.engine().makeTensorFromTensorInfo(info as never);
    const [a, b] = [ours.dataSync(), reference.dataSync()];
    expect(ours.shape).toEqual(reference.shape);
    expect(a.filter((v, i) => !Object.is(v, b[i])).length).toBe(0);
    // The product by definition, in float64, as a check that both are right.
    const xs = x.dataSync();
    const ws = w.dataSync();
    for (const p of [0, Math.floor(a.length / co / 2), a.length / co - 1]) {
      for (let o = 0; o < co; o++) {
        let exact = 0;
        for (let c = 0; c < ci; c++) exact += (xs[p * ci + c] as number) * (ws[c * co + o] as number);
        expect(Math.abs((a[p * co + o] as number) - exact)).toBeLessThan(1e-5 * ci);
      }
    }
    tf.dispose([x, w, ours, reference]);
  });
});
