import * as tf from "@tensorflow/tfjs-core";
import {
  CHANNEL_NORMALIZE_GRAD_KERNEL,
  CHANNEL_NORMALIZE_KERNEL,
  CHANNEL_NORMALIZE_SUMS_KERNEL,
  CHANNEL_VARIANCE_KERNEL,
  ROW_NORMALIZE_GRAD_KERNEL,
  ROW_NORMALIZE_KERNEL,
  ROW_NORMALIZE_SUMS_KERNEL,
  ROW_VARIANCE_KERNEL,
} from "@seedscope/engine/fused-kernel-names";

/** The four fused kernels of one kind of normalisation (exported for tests): statistics per channel (BatchNorm) or per row (LayerNorm). */
interface NormalizationKernels {
  readonly variance: string;
  readonly normalize: string;
  readonly sums: string;
  readonly grad: string;
}

export const PER_CHANNEL: NormalizationKernels = {
  variance: CHANNEL_VARIANCE_KERNEL,
  normalize: CHANNEL_NORMALIZE_KERNEL,
  sums: CHANNEL_NORMALIZE_SUMS_KERNEL,
  grad: CHANNEL_NORMALIZE_GRAD_KERNEL,
};

export const PER_ROW: NormalizationKernels = {
  variance: ROW_VARIANCE_KERNEL,
  normalize: ROW_NORMALIZE_KERNEL,
  sums: ROW_NORMALIZE_SUMS_KERNEL,
  grad: ROW_NORMALIZE_GRAD_KERNEL,
};
import { ones, zeros, constant } from "../init";
import type { ParamStore } from "../params";
import type { ForwardContext } from "../residual";

const NO_DECAY = { weightDecay: false } as const;

/**
 * Normalisation over `axes` in training, (x − mean)·rsqrt(var + eps)·γ + β with the statistics of x itself,
 * as one differentiable op with its gradient written out: the chain rule through moments and the
 * broadcasts costs about twice as many full-size kernels (≈ 15 % of a resnet8 training step on wasm).
 * With g = dy·γ and x̂ the normalised x, dx = rsqrt(var + eps)·(g − mean(g) − x̂·mean(g·x̂)) over `axes`;
 * dγ and dβ sum dy·x̂ and dy over every axis but the last. The forward values are the same operations as
 * before. `onStats` receives the batch mean and (biased) variance, shaped for broadcasting.
 * Over every axis but the last (BatchNorm), or over the last axis when it is a multiple of 4 long (LayerNorm), where
 * the backend has seedscope's fused normalisation kernels (wasm), the full-size passes are those kernels: the same
 * float32 operations and sums, so the same values.
 */
export function normalizeWithStats(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  axes: readonly number[],
  eps: number,
  onStats?: (mean: tf.Tensor, variance: tf.Tensor) => void,
): tf.Tensor {
  const paramAxes = x.shape.slice(0, -1).map((_, i) => i);
  const overLeading = axes.length === paramAxes.length && axes.every((a, i) => a === i);
  const overLast = axes.length === 1 && axes[0] === x.rank - 1 && (x.shape[x.rank - 1] ?? 0) % 4 === 0;
  const kernels = overLeading ? PER_CHANNEL : overLast ? PER_ROW : undefined;
  if (x.rank >= 2 && kernels !== undefined && registered(kernels))
    return fusedNormalize(kernels, x, gamma, beta, axes, eps, onStats);
  return composedNormalize(x, gamma, beta, axes, paramAxes, eps, onStats);
}

function registered(kernels: NormalizationKernels): boolean {
  const backend = tf.getBackend();
  return Object.values(kernels).every((name) => tf.getKernel(name, backend) !== undefined);
}

function fusedNormalize(
  kernels: NormalizationKernels,
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  axes: readonly number[],
  eps: number,
  onStats?: (mean: tf.Tensor, variance: tf.Tensor) => void,
): tf.Tensor {
  const run = (name: string, inputs: tf.NamedTensorMap) => tf.engine().runKernel(name, inputs);
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xIn, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const mean = tf.mean(xIn, [...axes], true);
    const variance = run(kernels.variance, { x: xIn, mean }) as tf.Tensor;
    onStats?.(mean, variance);
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const [y, xhat] = run(kernels.normalize, { x: xIn, mean, rstd, gamma: g, beta: b }) as tf.Tensor[];
    save([xhat as tf.Tensor, rstd, g]);
    return {
      value: y as tf.Tensor,
      gradFunc: (d: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, r, gam] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const [meanScaled, meanScaledXhat, dGamma, dBeta] = run(kernels.sums, {
          dy: d,
          xhat: xh,
          gamma: gam,
        }) as tf.Tensor[];
        const dx = run(kernels.grad, {
          dy: d,
          xhat: xh,
          gamma: gam,
          meanScaled: meanScaled as tf.Tensor,
          meanScaledXhat: meanScaledXhat as tf.Tensor,
          rstd: r,
        }) as tf.Tensor;
        return [dx, dGamma as tf.Tensor, dBeta as tf.Tensor];
      },
    };
  });
  return op(x, gamma, beta);
}

/** The normalisation from tfjs-core's ops, on backends without the fused kernels (and as their reference). */
export function composedNormalize(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  axes: readonly number[],
  paramAxes: readonly number[],
  eps: number,
  onStats?: (mean: tf.Tensor, variance: tf.Tensor) => void,
): tf.Tensor {
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xIn, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const mean = tf.mean(xIn, [...axes], true);
    const centered = tf.sub(xIn, mean);
    const variance = tf.mean(tf.square(centered), [...axes], true);
    onStats?.(mean, variance);
    const rstd = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(centered, rstd);
    save([xhat, rstd, g]);
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (d: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, r, gam] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const scaled = tf.mul(d, gam);
        const dx = tf.mul(
          tf.sub(
            tf.sub(scaled, tf.mean(scaled, [...axes], true)),
            tf.mul(xh, tf.mean(tf.mul(scaled, xh), [...axes], true)),
          ),
          r,
        );
        return [dx, tf.sum(tf.mul(d, xh), [...paramAxes]), tf.sum(d, [...paramAxes])];
      },
    };
  });
  return op(x, gamma, beta);
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
      // Per-channel scale and shift first: two full-size ops instead of four.
      const scale = tf.mul(tf.rsqrt(tf.add(this.runningVar, this.eps)), this.gamma);
      return tf.add(tf.mul(x, scale), tf.sub(this.beta, tf.mul(this.runningMean, scale)));
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const channels = x.shape[x.rank - 1]!;
    const onStats = ctx.updateBatchNormStats
      ? (mean: tf.Tensor, variance: tf.Tensor) =>
          this.updateRunningStats(tf.reshape(mean, [channels]), tf.reshape(variance, [channels]), x.size / channels)
      : undefined;
    return normalizeWithStats(x, this.gamma, this.beta, axes, this.eps, onStats);
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
    return normalizeWithStats(x, this.gamma, this.beta, [x.rank - 1], this.eps);
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
