import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { threadedWasmMemory } from "../wasm-threads";
import { GEMM_WASM_BASE64, GEMM_WASM_SHARED_BASE64 } from "./gemm-binary";

/*
 * Runs seedscope's small-GEMM module (gemm-wat.ts) on the wasm backend's tensors where they lie: the module
 * imports the backend's own memory, so operands are neither copied nor packed. It is what batched products
 * whose right operand differs per batch (attention's q·kᵀ and weights·v) run on; tfjs' wasm backend sends
 * those to a scalar loop (≈ 2.5 GFLOP/s against ≈ 20–25 here).
 */

export type GemmExport = (
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
) => void;

const instances = new WeakMap<WebAssembly.Memory, GemmExport>();

/** The backend's heap as a WebAssembly.Memory: exported by the single-threaded build, captured for the threaded one. */
function heapMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const exported = (backend.wasm as { asm?: { memory?: unknown } }).asm?.memory;
  if (exported instanceof WebAssembly.Memory) return exported;
  const shared = threadedWasmMemory();
  const heap = (backend.wasm as { HEAPF32?: Float32Array }).HEAPF32;
  return shared !== undefined && heap?.buffer instanceof SharedArrayBuffer ? shared : undefined;
}

/** The module instantiated on a memory (once per memory): gemm(a, b, c, m, k, n, batch, strides…) in bytes. */
export function gemmOn(memory: WebAssembly.Memory): GemmExport {
  let gemm = instances.get(memory);
  if (gemm === undefined) {
    const shared = memory.buffer instanceof SharedArrayBuffer;
    const bytes = Buffer.from(shared ? GEMM_WASM_SHARED_BASE64 : GEMM_WASM_BASE64, "base64");
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    gemm = instance.exports.gemm as GemmExport;
    instances.set(memory, gemm);
  }
  return gemm;
}

function gemmFor(backend: BackendWasm): GemmExport | undefined {
  const memory = heapMemory(backend);
  return memory === undefined ? undefined : gemmOn(memory);
}

/** One product of a batch: row-major a [m, k] · b [k, n] → [m, n]; strides in elements between batch items (0: shared). */
export interface BatchedProduct {
  readonly batch: number;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly strideA: number;
  readonly strideB: number;
}

/** Whether this backend's heap can be reached (false leaves the caller to tfjs' own kernel). */
export function smallGemmAvailable(backend: BackendWasm): boolean {
  return gemmFor(backend) !== undefined;
}

/** out ← a · b for every batch item; out is [batch, m, n], allocated by the caller. */
export function smallGemm(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  p: BatchedProduct,
): void {
  const gemm = gemmFor(backend);
  if (gemm === undefined) throw new Error("the small GEMM cannot reach this wasm backend's memory");
  const address = (t: TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
  gemm(address(a), address(b), address(out), p.m, p.k, p.n, p.batch, 4 * p.strideA, 4 * p.strideB, 4 * p.m * p.n);
}
