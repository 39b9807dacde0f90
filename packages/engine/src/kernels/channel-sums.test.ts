import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend";
import { randomValues } from "../test-support/compare-backends";
import { sumLeadingRows } from "./reduce-leading";

describe("Sum and Mean over leading axes on wasm (channel-sums.ts)", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  // 600 rows: two whole tiles of 256 and a partial one. 8 and 12 channels run on the SIMD module, 6 in TypeScript.
  it.each([[[600, 8]], [[20, 30, 12]], [[600, 6]]])(
    "%j: the kernel's sums have the bits of the TypeScript loops, within float32 of the exact sums",
    (shape) => {
      const cols = shape[shape.length - 1] as number;
      const rows = shape.reduce((a, b) => a * b) / cols;
      const values = randomValues(rows * cols, 5).map((v) => v * 1000 + 0.001);
      const x = tf.tensor(values, shape);
      const axes = shape.slice(0, -1).map((_, i) => i);
      for (const mean of [false, true]) {
        const got = (mean ? tf.mean(x, axes) : tf.sum(x, axes)).dataSync();
        const loops = new Float32Array(cols);
        sumLeadingRows(values, rows, cols, loops, mean);
        expect(Array.from(got)).toEqual(Array.from(loops));
        for (let c = 0; c < cols; c++) {
          let exact = 0;
          for (let r = 0; r < rows; r++) exact += values[r * cols + c] as number;
          if (mean) exact /= rows;
          expect(got[c]).toBe(Math.fround(exact));
        }
      }
      x.dispose();
    },
  );
});
