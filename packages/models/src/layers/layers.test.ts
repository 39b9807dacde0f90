import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "@seedscope/core";
import { optionAShortcut } from "../families/resnet";
import { ParamStore } from "../params";
import { makeContext } from "../residual";
import { setupCpu } from "../test-support";
import { gelu } from "./activations";
import { BatchNorm, LayerNorm } from "./norm";

beforeAll(setupCpu);

const close = (a: ArrayLike<number>, b: number[], digits = 5) =>
  Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits));

describe("BatchNorm", () => {
  const x = () =>
    tf.tensor2d([
      [1, 10],
      [3, 20],
      [5, 60],
    ]); // per channel: mean 3 / 30, biased var 8/3 / 1400/3

  it("normalises with batch statistics in training and updates running ones (momentum 0.1, unbiased var)", () => {
    const store = new ParamStore(SeededRandom.fromSeed(0));
    const bn = new BatchNorm(store, "bn", 2);
    const y = bn.apply(x(), makeContext({ training: true }, 0, 3));
    close(tf.mean(y, 0).dataSync(), [0, 0]);
    const w = store.getWeights();
    close(w.get("bn.runningMean")!, [0.3, 3]);
    close(w.get("bn.runningVar")!, [0.9 + 0.1 * 4, 0.9 + 0.1 * 700], 4);
    store.dispose();
  });

  it("uses running statistics in eval and leaves them alone; updates can be switched off", () => {
    const store = new ParamStore(SeededRandom.fromSeed(0));
    const bn = new BatchNorm(store, "bn", 2);
    const y = bn.apply(x(), makeContext({ training: false }, 0, 3));
    close(
      y.dataSync(),
      [1, 10, 3, 20, 5, 60].map((v) => v / Math.sqrt(1 + 1e-5)),
      4,
    );
    bn.apply(x(), makeContext({ training: true, updateBatchNormStats: false }, 0, 3));
    expect(Array.from(store.getWeights().get("bn.runningMean")!)).toEqual([0, 0]);
    store.dispose();
  });

  it("updating running statistics inside a gradient tape leaves gradients intact", () => {
    const store = new ParamStore(SeededRandom.fromSeed(0));
    const bn = new BatchNorm(store, "bn", 2);
    const ctx = makeContext({ training: true }, 0, 3);
    const input = x();
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(bn.apply(input, ctx), input)) as tf.Scalar,
      store.trainableVariables(),
    );
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    expect(Object.keys(grads)).toHaveLength(2);
    // d/dβ sum(y·x) = sum over the batch of x
    close(grads[store.all[1]!.variable.name]!.dataSync(), [9, 90], 3);
    close(store.getWeights().get("bn.runningMean")!, [0.3, 3]);
    store.dispose();
  });
});

describe("other layers", () => {
  it("LayerNorm normalises the last axis", () => {
    const store = new ParamStore(SeededRandom.fromSeed(0));
    const ln = new LayerNorm(store, "ln", 4);
    const y = ln.apply(
      tf.tensor2d([
        [1, 2, 3, 4],
        [10, 10, 10, 14],
      ]),
    );
    close(tf.mean(y, 1).dataSync(), [0, 0]);
    close(tf.moments(y, 1).variance.dataSync(), [1, 1], 3);
    store.dispose();
  });

  it("GELU is x·Φ(x)", () => {
    close(gelu(tf.tensor1d([-1, 0, 1, 2])).dataSync(), [-0.158655, 0, 0.841345, 1.9545], 5);
  });

  it("option-A shortcut keeps every other pixel and appends zero channels", () => {
    const x = tf.reshape(tf.range(0, 2 * 5 * 5 * 2), [2, 5, 5, 2]);
    const y = optionAShortcut(x, 4);
    expect(y.shape).toEqual([2, 3, 3, 4]);
    const xa = x.arraySync() as number[][][][];
    const ya = y.arraySync() as number[][][][];
    for (let b = 0; b < 2; b++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) expect(ya[b]![i]![j]).toEqual([...xa[b]![2 * i]![2 * j]!, 0, 0]);
  });
});
