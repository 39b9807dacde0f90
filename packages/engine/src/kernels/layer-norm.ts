import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  ROW_NORMALIZE_GRAD_KERNEL,
  ROW_NORMALIZE_KERNEL,
  ROW_NORMALIZE_SUMS_KERNEL,
  ROW_VARIANCE_KERNEL,
} from "../fused-kernel-names";
import { heapAddresses, simdKernelsFor } from "../simd/heap-module";
import type { SimdKernels } from "../simd/heap-module";
import { channelSumsOnHeap, writeSums } from "./channel-sums";
import { normLayout } from "./norm-operands";
import type { NormOperands } from "./norm-operands";
import { allocate, asWasmBackend, f32, wasmKernel } from "./wasm-heap";

/*
 * Layer normalisation's full-size passes, fused (fused-kernel-names.ts), on the SIMD module (simd/layer-norm-wat.ts):
 * the composed ops wrote 5 tensors of x's size forward and 7 backward. Row statistics are the wasm backend's Mean over
 * the last axis (a float32 sum in order, ÷ the row's length), element-wise values the composed ops' float32
 * operations, and dGamma, dBeta the Sum over leading axes (channel-sums.ts), so every output has the composed ops'
 * bits. Rows of a multiple of 4 floats only: models compose the ops for others.
 */

/** The module and x's layout, or an error naming what is missing (models compose the ops in those cases). */
function rowsOf(
  backend: BackendWasm,
  kernelName: string,
  x: TensorInfo,
  operands: NormOperands,
): { simd: SimdKernels; channels: number; rows: number } {
  const { channels, rows } = normLayout(kernelName, x, operands);
  const simd = simdKernelsFor(backend);
  if (channels % 4 !== 0 || simd === undefined) {
    throw new Error(`${kernelName}: needs rows of a multiple of 4 floats and the SIMD module (x [${x.shape}])`);
  }
  return { simd, channels, rows };
}

const statShape = (x: TensorInfo) => [...x.shape.slice(0, -1), 1];

const varianceKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { x, mean } = inputs as { x: TensorInfo; mean: TensorInfo };
  const { simd, channels, rows } = rowsOf(backend, ROW_VARIANCE_KERNEL, x, { perRow: { mean } });
  const variance = allocate(backend, statShape(x));
  simd.row_variance(...heapAddresses(backend, [x, mean, variance]), rows, channels);
  return variance;
};

const normalizeKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { x, mean, rstd, gamma, beta } = inputs as Record<"x" | "mean" | "rstd" | "gamma" | "beta", TensorInfo>;
  const { simd, channels, rows } = rowsOf(backend, ROW_NORMALIZE_KERNEL, x, {
    perRow: { mean, rstd },
    perChannel: { gamma, beta },
  });
  const y = allocate(backend, [...x.shape]);
  const xhat = allocate(backend, [...x.shape]);
  simd.row_normalize(...heapAddresses(backend, [x, y, xhat, mean, rstd, gamma, beta]), rows, channels);
  return [y, xhat];
};

const sumsKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { dy, xhat, gamma } = inputs as Record<"dy" | "xhat" | "gamma", TensorInfo>;
  const { simd, channels, rows } = rowsOf(backend, ROW_NORMALIZE_SUMS_KERNEL, dy, {
    full: { xhat },
    perChannel: { gamma },
  });
  const [meanScaled, meanScaledXhat] = [allocate(backend, statShape(dy)), allocate(backend, statShape(dy))] as const;
  const [dGamma, dBeta] = [allocate(backend, [channels]), allocate(backend, [channels])] as const;
  const [dAt, hAt] = heapAddresses(backend, [dy, xhat]);
  simd.row_norm_means(...heapAddresses(backend, [dy, xhat, meanScaled, meanScaledXhat, gamma]), rows, channels);
  // Σ dy·xhat and Σ dy per channel, summed as the Sum over leading axes.
  const [dyXhat, dySum] = channelSumsOnHeap(backend, rows, channels, 2, (acc, first, tileRows) =>
    simd.norm_param_sums(dAt + 4 * first * channels, hAt + 4 * first * channels, acc, tileRows, channels),
  );
  writeSums(f32(backend, dGamma), dyXhat as Float64Array, rows, false);
  writeSums(f32(backend, dBeta), dySum as Float64Array, rows, false);
  return [meanScaled, meanScaledXhat, dGamma, dBeta];
};

const gradKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { dy, xhat, gamma, meanScaled, meanScaledXhat, rstd } = inputs as Record<
    "dy" | "xhat" | "gamma" | "meanScaled" | "meanScaledXhat" | "rstd",
    TensorInfo
  >;
  const { simd, channels, rows } = rowsOf(backend, ROW_NORMALIZE_GRAD_KERNEL, dy, {
    full: { xhat },
    perRow: { meanScaled, meanScaledXhat, rstd },
    perChannel: { gamma },
  });
  const dx = allocate(backend, [...dy.shape]);
  simd.row_norm_grad(
    ...heapAddresses(backend, [dy, xhat, dx, meanScaled, meanScaledXhat, rstd, gamma]),
    rows,
    channels,
  );
  return dx;
};

export const rowVarianceWasm = wasmKernel(ROW_VARIANCE_KERNEL, varianceKernel);
export const rowNormalizeWasm = wasmKernel(ROW_NORMALIZE_KERNEL, normalizeKernel);
export const rowNormalizeSumsWasm = wasmKernel(ROW_NORMALIZE_SUMS_KERNEL, sumsKernel);
export const rowNormalizeGradWasm = wasmKernel(ROW_NORMALIZE_GRAD_KERNEL, gradKernel);
