import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { threadedWasmMemory } from "../wasm-threads";
import { SIMD_WASM_BASE64, SIMD_WASM_SHARED_BASE64 } from "./binary";

/** The SIMD module's exports (module-wat.ts); addresses, strides and sizes in bytes unless named counts. */
export interface SimdKernels {
  /**
   * C = A·B (C += A·B when accumulate is 1) for row-major A [m, k] (stored [k, m] when transposedA is 1) and
   * B [k, n], over a batch; a stride of 0 shares that operand.
   */
  gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    batch: number,
    strideA: number,
    strideB: number,
    strideC: number,
    transposedA: 0 | 1,
    accumulate: 0 | 1,
  ): void;
  /**
   * C = A·B (C += A·B when accumulate is 1) with A[i, p] at a + i·lda + p·pstep, B[p, j] at b + p·ldb + 4j and
   * C[i, j] at c + i·ldc + 4j, over a batch; with strideC 0 and accumulate, the items sum into one C in order.
   */
  gemm_strided(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    batch: number,
    strideA: number,
    strideB: number,
    strideC: number,
    lda: number,
    pstep: number,
    ldb: number,
    ldc: number,
    accumulate: 0 | 1,
  ): void;
  /** Per channel (ch a multiple of 4), float64 acc[c] += x over rows of x (norm-wat.ts). */
  channel_sum(x: number, acc: number, rows: number, ch: number): void;
  /** Per channel (ch a multiple of 4), float64 acc[c] += (x − mean)² over rows of x. */
  norm_variance(x: number, mean: number, acc: number, rows: number, ch: number): void;
  /** xhat = (x − mean)·rstd, y = xhat·gamma + beta over rows of ch channels. */
  norm_apply(
    x: number,
    y: number,
    xhat: number,
    mean: number,
    rstd: number,
    gamma: number,
    beta: number,
    rows: number,
    ch: number,
  ): void;
  /** The four float64 accumulator arrays at acc gain dy·γ, dy·γ·xhat, dy·xhat and dy per channel. */
  norm_sums(dy: number, xhat: number, gamma: number, acc: number, rows: number, ch: number): void;
  /** The two float64 accumulator arrays at acc gain dy·xhat and dy per channel. */
  norm_param_sums(dy: number, xhat: number, acc: number, rows: number, ch: number): void;
  /** dx = ((dy·γ − m1) − xhat·m2)·rstd over rows of ch channels. */
  norm_grad(
    dy: number,
    xhat: number,
    dx: number,
    gamma: number,
    m1: number,
    m2: number,
    rstd: number,
    rows: number,
    ch: number,
  ): void;
  /** Per row of ch floats (ch a multiple of 4): variance[r] = Σ (x − mean[r])², a float32 sum in order, ÷ ch (layer-norm-wat.ts). */
  row_variance(x: number, mean: number, variance: number, rows: number, ch: number): void;
  /** xhat = (x − mean[r])·rstd[r], y = xhat·γ + β. */
  row_normalize(
    x: number,
    y: number,
    xhat: number,
    mean: number,
    rstd: number,
    gamma: number,
    beta: number,
    rows: number,
    ch: number,
  ): void;
  /** Per row, the means of dy·γ and of dy·γ·xhat (float32 sums in order, ÷ ch). */
  row_norm_means(
    dy: number,
    xhat: number,
    meanScaled: number,
    meanScaledXhat: number,
    gamma: number,
    rows: number,
    ch: number,
  ): void;
  /** dx = ((dy·γ − m1[r]) − xhat·m2[r])·rstd[r]. */
  row_norm_grad(
    dy: number,
    xhat: number,
    dx: number,
    m1: number,
    m2: number,
    rstd: number,
    gamma: number,
    rows: number,
    ch: number,
  ): void;
  /**
   * Depthwise filter gradient for one image and tap: float64 acc[c] += x·dy over rows × cols pixels (strides in
   * bytes; depthwise-wat.ts).
   */
  dw_filter(
    x: number,
    dy: number,
    acc: number,
    rows: number,
    cols: number,
    xRow: number,
    dyRow: number,
    xStep: number,
    dyStep: number,
    ch: number,
  ): void;
  /** out[i] = exp(in[i]) for count floats. */
  exp(input: number, output: number, count: number): void;
  /** out[i] = erf(in[i]) for count floats. */
  erf(input: number, output: number, count: number): void;
  /** out[i] = GELU(in[i]) for count floats. */
  gelu(input: number, output: number, count: number): void;
  /** dx[i] = dy[i] · GELU′(x[i]) for count floats. */
  gelu_grad(dy: number, x: number, dx: number, count: number): void;
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();

/** The module instantiated on a memory (once per memory). */
export function simdKernelsOn(memory: WebAssembly.Memory): SimdKernels {
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    const shared = memory.buffer instanceof SharedArrayBuffer;
    const bytes = Buffer.from(shared ? SIMD_WASM_SHARED_BASE64 : SIMD_WASM_BASE64, "base64");
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    kernels = instance.exports as unknown as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** The backend's heap as a WebAssembly.Memory: exported by the single-threaded build, captured for the threaded one. */
function heapMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const exported = (backend.wasm as { asm?: { memory?: unknown } }).asm?.memory;
  if (exported instanceof WebAssembly.Memory) return exported;
  const shared = threadedWasmMemory();
  const heap = (backend.wasm as { HEAPF32?: Float32Array }).HEAPF32;
  return shared !== undefined && heap?.buffer instanceof SharedArrayBuffer ? shared : undefined;
}

/** The SIMD kernels on this backend's heap, or undefined where it cannot be reached (callers fall back to tfjs). */
export function simdKernelsFor(backend: BackendWasm): SimdKernels | undefined {
  const memory = heapMemory(backend);
  return memory === undefined ? undefined : simdKernelsOn(memory);
}

/** A wasm tensor's byte address on the heap. */
export function heapAddress(backend: BackendWasm, dataId: object): number {
  return backend.dataIdMap.get(dataId).memoryOffset;
}

/** The byte addresses of several wasm tensors, in order (typed as a tuple of as many numbers). */
export function heapAddresses<T extends readonly TensorInfo[]>(
  backend: BackendWasm,
  tensors: readonly [...T],
): { [K in keyof T]: number } {
  return tensors.map((t) => heapAddress(backend, t.dataId)) as { [K in keyof T]: number };
}
