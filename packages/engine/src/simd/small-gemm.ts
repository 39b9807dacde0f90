import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapAddress } from "./heap-module";
import type { SimdKernels } from "./heap-module";

/*
 * Products on the SIMD module's GEMM (gemm-wat.ts), on the wasm backend's tensors where they lie: operands
 * are neither copied nor packed. Batched products whose right operand differs per batch item (attention's
 * q·kᵀ and weights·v) run here; tfjs' wasm backend sends those to a scalar loop (≈ 2.5 GFLOP/s against
 * 29–40 here, `npm run bench:gemm`).
 */

/** A batch of products a [m, k] · b [k, n] → [m, n]; strides in elements between batch items (0: shared). */
export interface BatchedProduct {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly strideA: number;
  readonly strideB: number;
  /** a's items are stored [k, m] (aᵀ), read in place. */
  readonly transposedA: boolean;
}

/** out ← a · b for every batch item, with the SIMD kernels on this backend's heap; out is [batch, m, n], allocated by the caller. */
export function smallGemm(
  backend: BackendWasm,
  kernels: SimdKernels,
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  p: BatchedProduct,
): void {
  const at = (t: TensorInfo) => heapAddress(backend, t.dataId);
  const { m, k, n } = p;
  kernels.gemm(
    at(a),
    at(b),
    at(out),
    m,
    k,
    n,
    p.batch,
    4 * p.strideA,
    4 * p.strideB,
    4 * m * n,
    p.transposedA ? 1 : 0,
    0,
  );
}
