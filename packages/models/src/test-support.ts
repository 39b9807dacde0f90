import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { SeededRandom } from "@seedscope/core";
import { createModel } from "./registry";
import type { Model, ModelSpec } from "./types";

/**
 * Test setup: the cpu backend, plus tfjs-core's gradient definitions and chained ops. Node resolves
 * tfjs-core to its CommonJS bundle, which registers neither (the umbrella @tensorflow/tfjs does);
 * the ES-module build's registrations land in the same global registries. The engine package does
 * this for real runs; the model code itself uses only functional ops and needs neither.
 */
export async function setupCpu(): Promise<void> {
  await tf.setBackend("cpu");
  if (tf.getGradient("Conv2D") === undefined) {
    await import("@tensorflow/tfjs-core/dist/register_all_gradients.js");
    await import("@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js");
  }
}

/** A model for tests: 10 classes, 1 channel unless given. */
export function makeModel(arch: string, imageSize: number, seed = 0, extra: Partial<ModelSpec> = {}): Model {
  return createModel({ arch, imageSize, channels: 1, numClasses: 10, ...extra }, SeededRandom.fromSeed(seed));
}

/** Deterministic pseudo-images in [0, 1), NHWC. */
export function fakeImages(batch: number, size: number, channels = 1, seed = 1): tf.Tensor4D {
  const rng = SeededRandom.fromSeed(seed, "images");
  const values = Float32Array.from({ length: batch * size * size * channels }, () => rng.uniform());
  return tf.tensor4d(values, [batch, size, size, channels]);
}

/** Largest absolute difference between two tensors. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}
