import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "@seedscope/core";
import { fakeImages, makeModel, setupCpu } from "./test-support";
import type { BranchDrop, Model } from "./types";

beforeAll(setupCpu);

function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1))) as tf.Scalar;
}

/** Loss on the batch (training-mode BN) before and after `steps` Adam steps. */
function fit(m: Model, steps: number, drops?: () => BranchDrop[]): [number, number] {
  const x = fakeImages(8, 8, 1, 9);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], "int32"), 10) as tf.Tensor2D;
  const loss = (d?: BranchDrop[]) => crossEntropy(m.forward(x, { training: true, drops: d }), labels);
  const first = tf.tidy(() => loss().dataSync()[0]!);
  const adam = tf.train.adam(3e-3);
  for (let i = 0; i < steps; i++) {
    adam.minimize(() => loss(drops?.()), false, m.trainableVariables as tf.Variable[])?.dispose();
  }
  const last = tf.tidy(() => loss().dataSync()[0]!);
  adam.dispose();
  tf.dispose([x, labels]);
  return [first, last];
}

describe("a few Adam steps on a fixed batch lower the loss", () => {
  it.each(["resnet8", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s", "pcn-s-bn"])("%s", (arch) => {
    const m = makeModel(arch, 8, 0, { widthScale: 0.5 });
    const [first, last] = fit(m, 5);
    expect(Number.isFinite(last)).toBe(true);
    expect(last).toBeLessThan(first);
    m.dispose();
  });

  it("also with efficient stochastic depth (a new random subset per step and branch)", () => {
    const m = makeModel("resnet8", 8, 0, { widthScale: 0.5 });
    const rng = SeededRandom.fromSeed(0, "drop");
    const tau = 0.25;
    const drops = (): BranchDrop[] =>
      m.branches.map(() => ({ kind: "subset", indices: rng.permutation(8).slice(0, 6), scale: 1 / (1 - tau) }));
    const [first, last] = fit(m, 5, drops);
    expect(last).toBeLessThan(first);
    m.dispose();
  });
});
