import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { binaryCrossEntropy, softTargetCrossEntropy } from "./losses";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("losses against hand-computed values", () => {
  const logits = tf.tensor2d([
    [2, 0, -1],
    [0, 0, 0],
  ]);

  it("soft-target cross-entropy", () => {
    const targets = tf.tensor2d([
      [0.9, 0.05, 0.05],
      [0, 1, 0],
    ]);
    const lse0 = Math.log(Math.exp(2) + 1 + Math.exp(-1));
    const row0 = -(0.9 * (2 - lse0) + 0.05 * (0 - lse0) + 0.05 * (-1 - lse0));
    const row1 = Math.log(3);
    expect(softTargetCrossEntropy(logits, targets).dataSync()[0]).toBeCloseTo((row0 + row1) / 2, 6);
  });

  it("binary cross-entropy averages one sigmoid loss per class, stable for large logits", () => {
    const targets = tf.tensor2d([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    const bce = (x: number, z: number) =>
      -(z * Math.log(1 / (1 + Math.exp(-x))) + (1 - z) * Math.log(1 - 1 / (1 + Math.exp(-x))));
    const expected = (bce(2, 1) + bce(0, 0) + bce(-1, 0) + bce(0, 0) + bce(0, 1) + bce(0, 0)) / 6;
    expect(binaryCrossEntropy(logits, targets).dataSync()[0]).toBeCloseTo(expected, 6);
    const huge = binaryCrossEntropy(tf.tensor2d([[500, -500]]), tf.tensor2d([[0, 1]])).dataSync()[0]!;
    expect(huge).toBeCloseTo(500, 3);
  });
});
