import { getKernel } from "@tensorflow/tfjs-core";
import type {
  DataType,
  KernelConfig,
  KernelFunc,
  KernelSetupFunc,
  NamedAttrMap,
  TensorInfo,
} from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/**
 * Narrow access to the wasm backend's tensor memory for kernels written in TypeScript.
 *
 * Tensors of the wasm backend live in the WebAssembly heap. A view on that heap is detached whenever
 * the heap grows, and any allocation (ours or a nested wasm kernel's) may grow it, so views must be
 * taken after the last allocation that precedes their use: call {@link f32} / {@link i32} again after
 * {@link allocate} or {@link runWasmKernel}.
 */

/** Kernel functions receive the backend typed as `{}`; for a kernel registered for 'wasm' it is a BackendWasm. */
export function asWasmBackend(backend: object): BackendWasm {
  return backend as BackendWasm;
}

/** A zero-copy float32 view of a wasm tensor's memory. */
export function f32(backend: BackendWasm, info: TensorInfo): Float32Array {
  if (info.dtype !== "float32") throw new Error(`expected a float32 tensor, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** A zero-copy int32 view of a wasm tensor's memory. */
export function i32(backend: BackendWasm, info: TensorInfo): Int32Array {
  if (info.dtype !== "int32") throw new Error(`expected an int32 tensor, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Int32Array;
}

/** Allocates an uninitialised tensor on the wasm heap; the caller fills it (or zeroes it). */
export function allocate(backend: BackendWasm, shape: number[], dtype: DataType = "float32"): TensorInfo {
  return backend.makeOutput(shape, dtype);
}

/** Frees a temporary created by {@link allocate} or {@link runWasmKernel} (never a kernel's inputs). */
export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** Runs another kernel of the wasm backend (e.g. its XNNPACK matmul) on wasm tensors, without the engine. */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const kernel = getKernel(kernelName, "wasm");
  if (kernel === undefined) throw new Error(`Kernel '${kernelName}' not registered for backend 'wasm'`);
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(out)) throw new Error(`wasm kernel '${kernelName}' returned several outputs`);
  return out;
}

/** Reshapes without copying (the wasm Reshape kernel shares memory and counts a reference); release afterwards. */
export function reshapeView(backend: BackendWasm, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasmKernel(backend, "Reshape", { x }, { shape });
}

/** A kernel's registration for the wasm backend. */
export function wasmKernel(kernelName: string, kernelFunc: KernelFunc): KernelConfig {
  return { kernelName, backendName: "wasm", kernelFunc };
}

/** A stock wasm kernel that one of ours wraps, and its setup (which binds its wasm function). */
export type StockKernel = { readonly kernelFunc: KernelFunc; readonly setupFunc?: KernelSetupFunc };

/** The kernel registered now under `name` for wasm, unless it is already `mine` (or none is). */
export function captureStockKernel(name: string, mine: KernelFunc): StockKernel | undefined {
  const current = getKernel(name, "wasm");
  return current !== undefined && current.kernelFunc !== mine
    ? { kernelFunc: current.kernelFunc, setupFunc: current.setupFunc }
    : undefined;
}
