import * as tf from "@tensorflow/tfjs-core";
import { ones, zeros, constant } from "../init";
import type { ParamStore } from "../params";
import type { ForwardContext } from "../residual";

const NO_DECAY = { weightDecay: false } as const;

function normalize(
  x: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  eps: number,
  gamma: tf.Tensor,
  beta: tf.Tensor,
): tf.Tensor {
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

/**
 * BatchNorm over every axis but the last (channels-last). Training: batch statistics, and — unless the
 * context says not to — an in-place update of the running statistics (PyTorch convention: momentum 0.1,
 * unbiased variance). The running statistics are non-trainable variables assigned from values computed
 * on the side of the forward pass; nothing downstream reads them in training, so a gradient tape around
 * the forward is unaffected (tfjs-layers updates its BatchNormalization the same way).
 */
export class BatchNorm {
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;
  private readonly runningMean: tf.Variable;
  private readonly runningVar: tf.Variable;

  constructor(
    store: ParamStore,
    name: string,
    channels: number,
    private readonly momentum = 0.1,
    private readonly eps = 1e-5,
    gammaInit = 1,
  ) {
    this.gamma = store.create(`${name}.weight`, [channels], constant(gammaInit), NO_DECAY);
    this.beta = store.create(`${name}.bias`, [channels], zeros, NO_DECAY);
    this.runningMean = store.create(`${name}.runningMean`, [channels], zeros, { trainable: false });
    this.runningVar = store.create(`${name}.runningVar`, [channels], ones, { trainable: false });
  }

  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    if (!ctx.training) {
      return normalize(x, this.runningMean, this.runningVar, this.eps, this.gamma, this.beta);
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(x, axes);
    if (ctx.updateBatchNormStats) this.updateRunningStats(mean, variance, x.size / x.shape[x.rank - 1]!);
    return normalize(x, mean, variance, this.eps, this.gamma, this.beta);
  }

  private updateRunningStats(mean: tf.Tensor, variance: tf.Tensor, n: number): void {
    const m = this.momentum;
    const unbiased = n > 1 ? n / (n - 1) : 1;
    tf.tidy(() => {
      const v = tf.mul(variance, unbiased);
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(v, m)));
    });
  }
}

/** LayerNorm over the last axis. */
export class LayerNorm {
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;

  constructor(
    store: ParamStore,
    name: string,
    dim: number,
    private readonly eps = 1e-6,
  ) {
    this.gamma = store.create(`${name}.weight`, [dim], ones, NO_DECAY);
    this.beta = store.create(`${name}.bias`, [dim], zeros, NO_DECAY);
  }

  apply(x: tf.Tensor): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    return normalize(x, mean, variance, this.eps, this.gamma, this.beta);
  }
}

/** ResMLP's Aff (thesis eq. 4.1): per-channel scale and shift, no statistics. */
export class Affine {
  private readonly alpha: tf.Variable;
  private readonly beta: tf.Variable;

  constructor(store: ParamStore, name: string, dim: number, alphaInit = 1) {
    this.alpha = store.create(`${name}.alpha`, [dim], constant(alphaInit), NO_DECAY);
    this.beta = store.create(`${name}.beta`, [dim], zeros, NO_DECAY);
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.add(tf.mul(x, this.alpha), this.beta);
  }
}

/** LayerScale (thesis eq. 3.7): diag(λ) on a residual branch's output, λ initialised to ε. */
export class LayerScale {
  private readonly lambda: tf.Variable;

  constructor(store: ParamStore, name: string, dim: number, init: number) {
    this.lambda = store.create(`${name}.lambda`, [dim], constant(init), NO_DECAY);
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.mul(x, this.lambda);
  }
}
