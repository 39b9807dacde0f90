/*
 * Kernels seedscope registers under names of its own, for ops that tfjs-core composes from several kernels.
 * Code that uses one checks that the current backend has it (tf.getKernel) and composes the op otherwise.
 */

/** GELU, x·Φ(x), exact (erf) form. Inputs { x }; output y of x's shape. */
export const GELU_KERNEL = "SeedscopeGelu";

/** GELU's gradient. Inputs { dy, x }; output dx = dy · (Φ(x) + x·φ(x)). */
export const GELU_GRAD_KERNEL = "SeedscopeGeluGrad";

/*
 * Batch normalisation over every axis but the last (channels), in training: the full-size passes of models'
 * normalizeWithStats, fused, with the same float32 operations in the same order (so the same bits). Shapes:
 * x, dy, xhat [..., C]; per-channel statistics keep x's rank ([1, …, 1, C]); gamma, beta, dGamma, dBeta [C].
 */

/** Inputs { x, mean }; output the biased variance mean((x − mean)²) per channel, of mean's shape. */
export const CHANNEL_VARIANCE_KERNEL = "SeedscopeChannelVariance";

/** Inputs { x, mean, rstd, gamma, beta }; outputs [y, xhat]: xhat = (x − mean)·rstd, y = xhat·gamma + beta. */
export const CHANNEL_NORMALIZE_KERNEL = "SeedscopeChannelNormalize";

/**
 * Inputs { dy, xhat, gamma }; outputs [mean(dy·gamma), mean(dy·gamma·xhat)] per channel (the statistics' shape)
 * and [Σ dy·xhat, Σ dy] per channel ([C]): the sums of the normalisation's backward pass.
 */
export const CHANNEL_NORMALIZE_SUMS_KERNEL = "SeedscopeChannelNormalizeSums";

/** Inputs { dy, xhat, gamma, meanScaled, meanScaledXhat, rstd }; output dx = (dy·γ − meanScaled − xhat·meanScaledXhat)·rstd. */
export const CHANNEL_NORMALIZE_GRAD_KERNEL = "SeedscopeChannelNormalizeGrad";

/*
 * Layer normalisation over the last axis, in training: the same passes with per-row statistics ([..., 1]: each a
 * float32 sum in order divided by the row's length, as the wasm backend's Mean over the last axis) and the
 * per-channel sums of dGamma and dBeta over the leading axes. Same inputs and outputs as the channel kernels above.
 */
export const ROW_VARIANCE_KERNEL = "SeedscopeRowVariance";
export const ROW_NORMALIZE_KERNEL = "SeedscopeRowNormalize";
export const ROW_NORMALIZE_SUMS_KERNEL = "SeedscopeRowNormalizeSums";
export const ROW_NORMALIZE_GRAD_KERNEL = "SeedscopeRowNormalizeGrad";
