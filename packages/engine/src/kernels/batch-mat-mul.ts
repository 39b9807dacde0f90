import { BatchMatMul, broadcast_util, util } from "@tensorflow/tfjs-core";
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { getThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { simdKernelsFor } from "../simd/heap-module";
import { smallGemm } from "../simd/small-gemm";
import { allocate, asWasmBackend, release, reshapeView, runWasmKernel, captureStockKernel } from "./wasm-heap";
import type { StockKernel } from "./wasm-heap";

/*
 * Wraps the stock wasm BatchMatMul of tfjs 4.22, which is fast (XNNPACK) only without transpose
 * flags and with one shared batch. Measured on [1024, 64] × [64, 256]: plain 3.4 ms, transposeA
 * 105 ms, transposeB 42 ms; [64, 16, 64] × [64, 256] (a dense layer on tokens) 68 ms. So: transpose
 * operands explicitly (cheap), and fold a's batch into its rows when b is shared by the whole batch.
 * Batched products whose b differs per batch item (attention) take tfjs' scalar loop: they run on
 * seedscope's own SIMD kernel instead (simd/small-gemm.ts), as do the products it is faster on
 * (see {@link ownGemmWins}).
 */

let stock: StockKernel | undefined;

const batchMatMulKernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  if (stock === undefined) throw new Error("BatchMatMul (wasm): the stock kernel was not captured");
  const backend = asWasmBackend(untyped);
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  let a = inputs.a as TensorInfo;
  let b = inputs.b as TensorInfo;
  const own = ownProduct(backend, a, b, transposeA, transposeB);
  if (own !== undefined) return own;
  const swapped = swappedProduct(backend, a, b, transposeA, transposeB);
  if (swapped !== undefined) return swapped;
  const temps: TensorInfo[] = [];
  if (transposeA) temps.push((a = transposeInner(backend, a)));
  if (transposeB) temps.push((b = transposeInner(backend, b)));
  const plain = { transposeA: false, transposeB: false };
  const aOuter = a.shape.slice(0, -2);
  const bOuter = b.shape.slice(0, -2);
  const aBatch = util.sizeFromShape(aOuter);
  let out: TensorInfo;
  if (aBatch > 1 && util.sizeFromShape(bOuter) === 1 && a.dtype === "float32") {
    const [m, k] = a.shape.slice(-2) as [number, number];
    const n = b.shape[b.shape.length - 1] as number;
    const a2 = reshapeView(backend, a, [1, aBatch * m, k]);
    const b2 = reshapeView(backend, b, [1, k, n]);
    out = stock.kernelFunc({ inputs: { a: a2, b: b2 }, backend, attrs: plain }) as TensorInfo;
    release(backend, a2);
    release(backend, b2);
    out.shape = [...broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter), m, n];
  } else {
    out = stock.kernelFunc({ inputs: { a, b }, backend, attrs: plain }) as TensorInfo;
  }
  for (const t of temps) release(backend, t);
  return out;
};

/*
 * When the small GEMM beats XNNPACK on a product with one shared b, measured through tf.matMul on one thread
 * (AMD EPYC, GFLOP/s, XNNPACK → own): [96 × 3200]·[3200 × 384] 19.1 → 34.9, [16 × 6272]·[6272 × 144]
 * 6.9 → 44.0, [6272 × 144]·[144 × 16] 18.4 → 41.9, [1568 × 288]·[288 × 32] 19.3 → 36.3, [3200 × 384]·[384 × 96]
 * 23.6 → 29.5, [384 × 3200]·[3200 × 96] (aᵀ·b) 22.2 → 24.4, 512² with aᵀ 22.3 → 30.6; 768² 34.8 → 35.5; but
 * plain 512² 36.3 → 32.1 and 1024² 36.2 → 24.2. XNNPACK packs b on every call (a cost in k·n) and then
 * blocks for the cache; the small GEMM reads all of b again for every 5 rows of a, which stops paying once
 * b outgrows the core's cache (1 MB here) and a has many rows.
 * On several threads XNNPACK splits the rows among them and the small GEMM runs on one, so there the small
 * GEMM takes only products with few rows (weight gradients).
 *
 * The choice cannot change a result: XNNPACK's GEMM, like the small GEMM, adds each output's products one at
 * a time in order of p (simd-module.test.ts checks both against those sums), so a run gives the same bits on
 * 1 and 2 threads, and as before the small GEMM existed.
 */
const OWN_MAX_B_FLOATS = 1 << 18;
const OWN_MAX_ROWS = 512;

export function ownGemmWins(rows: number, k: number, n: number): boolean {
  const threads = getThreadsCount();
  return threads === 1 ? rows <= OWN_MAX_ROWS || k * n < OWN_MAX_B_FLOATS : rows * threads <= OWN_MAX_ROWS;
}

/** The outer (batch) shapes and the product's m × k · k × n, as the transpose flags read a and b. */
function productShape(a: TensorInfo, b: TensorInfo, tA: boolean, tB: boolean) {
  const [a0, a1] = a.shape.slice(-2) as [number, number];
  const [b0, b1] = b.shape.slice(-2) as [number, number];
  const [m, k] = tA ? [a1, a0] : [a0, a1];
  return { aOuter: a.shape.slice(0, -2), bOuter: b.shape.slice(0, -2), m, k, n: tB ? b0 : b1 };
}

/**
 * a · b (after the transposes) on the small GEMM: always when b has its own batch and a has the same one
 * (or a single item), which tfjs would run on its scalar loop; when b is shared, where it is the faster kernel.
 */
function ownProduct(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  tA: boolean,
  tB: boolean,
): TensorInfo | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32") return undefined;
  const { aOuter, bOuter, m, k, n } = productShape(a, b, tA, tB);
  const aBatch = util.sizeFromShape(aOuter);
  const bBatch = util.sizeFromShape(bOuter);
  const sameBatch = aOuter.length === bOuter.length && aOuter.every((d, i) => d === bOuter[i]);
  const perItemB = bBatch > 1 && (sameBatch || aBatch === 1);
  if (!(perItemB || (bBatch === 1 && ownGemmWins(aBatch * m, k, n)))) return undefined;
  const kernels = simdKernelsFor(backend);
  if (kernels === undefined) return undefined;
  // The small GEMM reads aᵀ in place; a's batch folds into its rows only when it is stored [m, k].
  const foldA = !perItemB && aBatch > 1;
  const plainA = tA && foldA ? transposeInner(backend, a) : a;
  const readsAT = tA && !foldA;
  const plainB = tB ? transposeInner(backend, b) : b;
  const out = allocate(backend, [...broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter), m, n]);
  smallGemm(
    backend,
    kernels,
    plainA,
    plainB,
    out,
    perItemB
      ? { batch: bBatch, m, k, n, strideA: aBatch === 1 ? 0 : m * k, strideB: k * n, transposedA: readsAT }
      : { batch: 1, m: aBatch * m, k, n, strideA: 0, strideB: 0, transposedA: readsAT },
  );
  if (plainA !== a) release(backend, plainA);
  if (plainB !== b) release(backend, plainB);
  return out;
}

/*
 * The stock kernel repacks its right-hand operand on every call (measured ~25 ns per float, against
 * ~1 ns per float for a transpose), which dominates products whose right operand is the large one,
 * as in weight gradients (xᵀ · dy with many rows). For a single product (no batch), when it is cheaper,
 * compute (Bᵀ · Aᵀ)ᵀ instead: the smaller operand is packed, at the price of transposes.
 */
const PACK_COST = 20;

function swappedProduct(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  tA: boolean,
  tB: boolean,
): TensorInfo | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32" || stock === undefined) return undefined;
  const { aOuter, bOuter, m, k, n } = productShape(a, b, tA, tB);
  if (util.sizeFromShape(aOuter) !== 1 || util.sizeFromShape(bOuter) !== 1) return undefined;
  const direct = PACK_COST * k * n + (tA ? m * k : 0) + (tB ? k * n : 0);
  const swap = PACK_COST * k * m + (tA ? 0 : m * k) + (tB ? 0 : k * n) + m * n;
  if (swap >= direct) return undefined;
  const temps: TensorInfo[] = [];
  // Bᵀ [n, k] and Aᵀ [k, m], as rank-3 single batches.
  const bT = tB
    ? reshapeView(backend, b, [1, n, k])
    : transposeInner(backend, reshapeView(backend, b, [1, k, n]), temps);
  const aT = tA
    ? reshapeView(backend, a, [1, k, m])
    : transposeInner(backend, reshapeView(backend, a, [1, m, k]), temps);
  temps.push(bT, aT);
  const plain = { transposeA: false, transposeB: false };
  const outT = stock.kernelFunc({ inputs: { a: bT, b: aT }, backend, attrs: plain }) as TensorInfo;
  temps.push(outT);
  const out = runWasmKernel(backend, "Transpose", { x: outT }, { perm: [0, 2, 1] });
  for (const t of temps) release(backend, t);
  out.shape = [...broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter), m, n];
  return out;
}

/** x with its last two dimensions swapped, materialised; with `consumed`, x is a temporary released afterwards. */
function transposeInner(backend: BackendWasm, x: TensorInfo, consumed?: TensorInfo[]): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  const out = runWasmKernel(backend, "Transpose", { x }, { perm });
  consumed?.push(x);
  return out;
}

/** The wrapper's config; captures the stock kernel (and its setup, which binds the wasm function) on first call. */
export function batchMatMulWasm(): KernelConfig {
  stock ??= captureStockKernel(BatchMatMul, batchMatMulKernel);
  return { kernelName: BatchMatMul, backendName: "wasm", kernelFunc: batchMatMulKernel, setupFunc: stock?.setupFunc };
}
