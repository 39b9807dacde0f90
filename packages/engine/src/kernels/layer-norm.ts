import { util } from "@tensorflow/tfjs-core";
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  ROW_NORMALIZE_GRAD_KERNEL,
  ROW_NORMALIZE_KERNEL,
  ROW_NORMALIZE_SUMS_KERNEL,
  ROW_VARIANCE_KERNEL,
} from "../fused-kernel-names";
import { heapAddress, simdKernelsFor } from "../simd/heap-module";
import type { SimdKernels } from "../simd/heap-module";
import { channelSumsOnHeap, writeSums } from "./channel-sums";
import { allocate, asWasmBackend, f32, wasmKernel } from "./wasm-heap";

/*
 * Layer normalisation's full-size passes, fused (fused-kernel-names.ts), on the SIMD module (simd/layer-norm-wat.ts):
 * the composed ops wrote 5 tensors of x's size forward and 7 backward. Row statistics are the wasm backend's Mean over
 * the last axis (a float32 sum in order, ÷ the row's length), element-wise values the composed ops' float32
 * operations, and dGamma, dBeta the Sum over leading axes (channel-sums.ts), so every output has the composed ops'
 * bits. Rows of a multiple of 4 floats only: models compose the ops for others.
 */

interface Rows {
  readonly simd: SimdKernels;
  readonly channels: number;
  readonly rows: number;
}

/** Checks the operands (float32; `full` of x's shape; one value per row or per channel) and finds the module. */
function rowsOf(
  backend: BackendWasm,
  kernelName: string,
  x: TensorInfo,
  operands: {
    full?: Record<string, TensorInfo>;
    perRow?: Record<string, TensorInfo>;
    perChannel?: Record<string, TensorInfo>;
  },
): Rows {
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const rows = channels === 0 ? 0 : util.sizeFromShape(x.shape) / channels;
  const check = (group: Record<string, TensorInfo> | undefined, size: number | undefined, what: string) => {
    for (const [name, t] of Object.entries(group ?? {})) {
      if (t.dtype !== "float32") throw new Error(`${kernelName}: ${name} must be float32, got ${t.dtype}`);
      const ok = size === undefined ? util.arraysEqual(t.shape, x.shape) : util.sizeFromShape(t.shape) === size;
      if (!ok) throw new Error(`${kernelName}: ${name} [${t.shape}] must hold ${what} of x [${x.shape}]`);
    }
  };
  check({ x }, undefined, "the shape");
  check(operands.full, undefined, "the shape");
  check(operands.perRow, rows, "one value per row");
  check(operands.perChannel, channels, "one value per channel");
  const simd = simdKernelsFor(backend);
  if (x.shape.length < 2 || channels % 4 !== 0 || simd === undefined) {
    throw new Error(`${kernelName}: needs rows of a multiple of 4 floats and the SIMD module (x [${x.shape}])`);
  }
  return { simd, channels, rows };
}

const at = (backend: BackendWasm, t: TensorInfo) => heapAddress(backend, t.dataId);
type Seven = [number, number, number, number, number, number, number];
const addresses = (backend: BackendWasm, tensors: Seven extends unknown ? TensorInfo[] : never): Seven =>
  tensors.map((t) => at(backend, t)) as Seven;
const statShape = (x: TensorInfo) => [...x.shape.slice(0, -1), 1];

const varianceKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { x, mean } = inputs as { x: TensorInfo; mean: TensorInfo };
  const { simd, channels, rows } = rowsOf(backend, ROW_VARIANCE_KERNEL, x, { perRow: { mean } });
  const variance = allocate(backend, statShape(x));
  simd.row_variance(at(backend, x), at(backend, mean), at(backend, variance), rows, channels);
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
  const [xAt, yAt, hAt, mAt, rAt, gAt, bAt] = addresses(backend, [x, y, xhat, mean, rstd, gamma, beta]);
  simd.row_normalize(xAt, yAt, hAt, mAt, rAt, gAt, bAt, rows, channels);
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
  const [dAt, hAt, gAt] = [dy, xhat, gamma].map((t) => at(backend, t)) as [number, number, number];
  simd.row_norm_means(dAt, hAt, at(backend, meanScaled), at(backend, meanScaledXhat), gAt, rows, channels);
  // norm_sums' third and fourth sums are Σ dy·xhat and Σ dy per channel, summed as the Sum over leading axes.
  const sums = channelSumsOnHeap(backend, rows, channels, 4, (acc, first, tileRows) =>
    simd.norm_sums(dAt + 4 * first * channels, hAt + 4 * first * channels, gAt, acc, tileRows, channels),
  );
  writeSums(f32(backend, dGamma), sums[2] as Float64Array, rows, false);
  writeSums(f32(backend, dBeta), sums[3] as Float64Array, rows, false);
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
  const [dAt, hAt, dxAt, m1At, m2At, rAt, gAt] = addresses(backend, [
    dy,
    xhat,
    dx,
    meanScaled,
    meanScaledXhat,
    rstd,
    gamma,
  ]);
  simd.row_norm_grad(dAt, hAt, dxAt, m1At, m2At, rAt, gAt, rows, channels);
  return dx;
};

export const rowVarianceWasm = wasmKernel(ROW_VARIANCE_KERNEL, varianceKernel);
export const rowNormalizeWasm = wasmKernel(ROW_NORMALIZE_KERNEL, normalizeKernel);
export const rowNormalizeSumsWasm = wasmKernel(ROW_NORMALIZE_SUMS_KERNEL, sumsKernel);
export const rowNormalizeGradWasm = wasmKernel(ROW_NORMALIZE_GRAD_KERNEL, gradKernel);
