import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  CHANNEL_NORMALIZE_GRAD_KERNEL,
  CHANNEL_NORMALIZE_KERNEL,
  CHANNEL_NORMALIZE_SUMS_KERNEL,
  CHANNEL_VARIANCE_KERNEL,
} from "../fused-kernel-names";
import { heapAddresses, simdKernelsFor } from "../simd/heap-module";
import type { SimdKernels } from "../simd/heap-module";
import { channelSums, channelSumsOnHeap, writeSums } from "./channel-sums";
import { normLayout } from "./norm-operands";
import { allocate, asWasmBackend, f32, wasmKernel } from "./wasm-heap";

/*
 * Batch normalisation's full-size passes, fused (see fused-kernel-names.ts). The composed ops wrote 5 tensors of
 * x's size forward and 7 backward and read them back; these read x (or dy and xhat) twice and write only what
 * the step keeps. Each value is the composed ops' float32 operation (Math.fround of the float64 result of one
 * +, −, ×: exactly the float32 result), and each per-channel sum is taken as reduce-leading.ts takes it (channel-sums.ts), so every output has the composed ops' bits. Where the channels are a multiple of 4
 * and the SIMD module reaches the heap, the passes run on it (simd/norm-wat.ts), four channels at a time, with the
 * same operations; otherwise in the loops below.
 */

const fr = Math.fround;

/** The SIMD module where it applies to rows of `channels` floats on this backend. */
function simdFor(backend: BackendWasm, channels: number): SimdKernels | undefined {
  return channels % 4 === 0 ? simdKernelsFor(backend) : undefined;
}

const varianceKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { x, mean } = inputs as Record<"x" | "mean", TensorInfo>;
  const { channels, rows } = normLayout(CHANNEL_VARIANCE_KERNEL, x, { perChannel: { mean } });
  const out = allocate(backend, [...mean.shape]);
  const simd = simdFor(backend, channels);
  if (simd !== undefined) {
    const [xAt, meanAt] = heapAddresses(backend, [x, mean]);
    const [sum] = channelSumsOnHeap(backend, rows, channels, 1, (acc, first, tileRows) =>
      simd.norm_variance(xAt + 4 * first * channels, meanAt, acc, tileRows, channels),
    );
    writeSums(f32(backend, out), sum as Float64Array, rows, true);
    return out;
  }
  const xs = f32(backend, x);
  const m = f32(backend, mean);
  const [sum] = channelSums(rows, channels, 1, ([acc], start, end) => {
    const a = acc as Float64Array;
    for (let i = start; i < end; i += channels) {
      for (let c = 0; c < channels; c++) {
        const d = fr((xs[i + c] as number) - (m[c] as number));
        a[c] = (a[c] as number) + fr(d * d);
      }
    }
  });
  writeSums(f32(backend, out), sum as Float64Array, rows, true);
  return out;
};

const normalizeKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { x, mean, rstd, gamma, beta } = inputs as Record<"x" | "mean" | "rstd" | "gamma" | "beta", TensorInfo>;
  const { channels, rows } = normLayout(CHANNEL_NORMALIZE_KERNEL, x, { perChannel: { mean, rstd, gamma, beta } });
  const y = allocate(backend, [...x.shape]);
  const xhat = allocate(backend, [...x.shape]);
  const simd = simdFor(backend, channels);
  if (simd !== undefined) {
    const [xAt, yAt, hAt, mAt, rAt, gAt, bAt] = heapAddresses(backend, [x, y, xhat, mean, rstd, gamma, beta]);
    simd.norm_apply(xAt, yAt, hAt, mAt, rAt, gAt, bAt, rows, channels);
    return [y, xhat];
  }
  const [m, r, g, b] = [mean, rstd, gamma, beta].map((t) => f32(backend, t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const xs = f32(backend, x);
  const ys = f32(backend, y);
  const hs = f32(backend, xhat);
  for (let i = 0; i < xs.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const h = fr(fr((xs[i + c] as number) - (m[c] as number)) * (r[c] as number));
      hs[i + c] = h;
      ys[i + c] = fr(h * (g[c] as number)) + (b[c] as number); // the store rounds the sum to float32
    }
  }
  return [y, xhat];
};

const sumsKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { dy, xhat, gamma } = inputs as Record<"dy" | "xhat" | "gamma", TensorInfo>;
  const { channels, rows } = normLayout(CHANNEL_NORMALIZE_SUMS_KERNEL, dy, { full: { xhat }, perChannel: { gamma } });
  const statShape = [...dy.shape.slice(0, -1).map(() => 1), channels];
  const outputs = [
    allocate(backend, statShape),
    allocate(backend, statShape),
    allocate(backend, [channels]),
    allocate(backend, [channels]),
  ];
  const simd = simdFor(backend, channels);
  const sums =
    simd === undefined
      ? sumsInLoops(backend, dy, xhat, gamma, rows, channels)
      : sumsOnSimd(backend, simd, dy, xhat, gamma, rows, channels);
  const [o1, o2, o3, o4] = outputs.map((t) => f32(backend, t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  writeSums(o1, sums[0] as Float64Array, rows, true);
  writeSums(o2, sums[1] as Float64Array, rows, true);
  writeSums(o3, sums[2] as Float64Array, rows, false);
  writeSums(o4, sums[3] as Float64Array, rows, false);
  return outputs;
};

function sumsOnSimd(
  backend: BackendWasm,
  simd: SimdKernels,
  dy: TensorInfo,
  xhat: TensorInfo,
  gamma: TensorInfo,
  rows: number,
  channels: number,
): Float64Array[] {
  const [dyAt, hAt, gAt] = heapAddresses(backend, [dy, xhat, gamma]);
  return channelSumsOnHeap(backend, rows, channels, 4, (acc, first, tileRows) =>
    simd.norm_sums(dyAt + 4 * first * channels, hAt + 4 * first * channels, gAt, acc, tileRows, channels),
  );
}

function sumsInLoops(
  backend: BackendWasm,
  dy: TensorInfo,
  xhat: TensorInfo,
  gamma: TensorInfo,
  rows: number,
  channels: number,
): Float64Array[] {
  const d = f32(backend, dy);
  const h = f32(backend, xhat);
  const g = f32(backend, gamma);
  return channelSums(rows, channels, 4, ([scaledSum, scaledXhatSum, dyXhatSum, dySum], start, end) => {
    const s1 = scaledSum as Float64Array;
    const s2 = scaledXhatSum as Float64Array;
    const s3 = dyXhatSum as Float64Array;
    const s4 = dySum as Float64Array;
    for (let i = start; i < end; i += channels) {
      for (let c = 0; c < channels; c++) {
        const dv = d[i + c] as number;
        const hv = h[i + c] as number;
        const scaled = fr(dv * (g[c] as number));
        s1[c] = (s1[c] as number) + scaled;
        s2[c] = (s2[c] as number) + fr(scaled * hv);
        s3[c] = (s3[c] as number) + fr(dv * hv);
        s4[c] = (s4[c] as number) + dv;
      }
    }
  });
}

const gradKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const { dy, xhat, gamma, meanScaled, meanScaledXhat, rstd } = inputs as Record<
    "dy" | "xhat" | "gamma" | "meanScaled" | "meanScaledXhat" | "rstd",
    TensorInfo
  >;
  const { channels, rows } = normLayout(CHANNEL_NORMALIZE_GRAD_KERNEL, dy, {
    full: { xhat },
    perChannel: { gamma, meanScaled, meanScaledXhat, rstd },
  });
  const dx = allocate(backend, [...dy.shape]);
  const simd = simdFor(backend, channels);
  if (simd !== undefined) {
    const [dAt, hAt, dxAt, gAt, m1At, m2At, rAt] = heapAddresses(backend, [
      dy,
      xhat,
      dx,
      gamma,
      meanScaled,
      meanScaledXhat,
      rstd,
    ]);
    simd.norm_grad(dAt, hAt, dxAt, gAt, m1At, m2At, rAt, rows, channels);
    return dx;
  }
  const [g, m1, m2, r] = [gamma, meanScaled, meanScaledXhat, rstd].map((t) => f32(backend, t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const d = f32(backend, dy);
  const h = f32(backend, xhat);
  const out = f32(backend, dx);
  for (let i = 0; i < d.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const scaled = fr((d[i + c] as number) * (g[c] as number));
      const centered = fr(scaled - (m1[c] as number));
      out[i + c] = fr(fr(centered - fr((h[i + c] as number) * (m2[c] as number))) * (r[c] as number));
    }
  }
  return dx;
};

export const channelVarianceWasm = wasmKernel(CHANNEL_VARIANCE_KERNEL, varianceKernel);
export const channelNormalizeWasm = wasmKernel(CHANNEL_NORMALIZE_KERNEL, normalizeKernel);
export const channelNormalizeSumsWasm = wasmKernel(CHANNEL_NORMALIZE_SUMS_KERNEL, sumsKernel);
export const channelNormalizeGradWasm = wasmKernel(CHANNEL_NORMALIZE_GRAD_KERNEL, gradKernel);
