import { util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { GELU_GRAD_KERNEL, GELU_KERNEL } from "../fused-kernel-names";
import { heapAddress, simdKernelsFor } from "../simd/heap-module";
import { asWasmBackend } from "./wasm-heap";

/*
 * GELU and its gradient in one pass each on the SIMD module (simd/unary-wat.ts): the formula of models'
 * composed GELU, with the module's exp and erf (within 1 ulp and 4.5e−7 of exact) in place of the C
 * library's, and without the 5 forward and 11 backward tensors of the MLP's hidden size that the composed
 * ops write. float32 only (the models' activations are).
 */

function requireFloat32(kernelName: string, ...tensors: TensorInfo[]): void {
  for (const t of tensors) {
    if (t.dtype !== "float32") throw new Error(`${kernelName}: expected float32 inputs, got ${t.dtype}`);
  }
}

const geluKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const x = inputs.x as TensorInfo;
  requireFloat32(GELU_KERNEL, x);
  const kernels = simdKernelsFor(backend);
  if (kernels === undefined) throw new Error(`${GELU_KERNEL}: the SIMD module cannot reach this backend's memory`);
  const out = backend.makeOutput([...x.shape], "float32");
  const count = util.sizeFromShape(x.shape);
  if (count > 0) kernels.gelu(heapAddress(backend, x.dataId), heapAddress(backend, out.dataId), count);
  return out;
};

const geluGradKernel: KernelFunc = ({ inputs, backend: untyped }) => {
  const backend = asWasmBackend(untyped);
  const dy = inputs.dy as TensorInfo;
  const x = inputs.x as TensorInfo;
  requireFloat32(GELU_GRAD_KERNEL, dy, x);
  if (!util.arraysEqual(dy.shape, x.shape)) {
    throw new Error(`${GELU_GRAD_KERNEL}: dy [${dy.shape}] and x [${x.shape}] differ in shape`);
  }
  const kernels = simdKernelsFor(backend);
  if (kernels === undefined) throw new Error(`${GELU_GRAD_KERNEL}: the SIMD module cannot reach this backend's memory`);
  const out = backend.makeOutput([...x.shape], "float32");
  const count = util.sizeFromShape(x.shape);
  const at = (t: TensorInfo) => heapAddress(backend, t.dataId);
  if (count > 0) kernels.gelu_grad(at(dy), at(x), at(out), count);
  return out;
};

export const geluWasm: KernelConfig = { kernelName: GELU_KERNEL, backendName: "wasm", kernelFunc: geluKernel };
export const geluGradWasm: KernelConfig = {
  kernelName: GELU_GRAD_KERNEL,
  backendName: "wasm",
  kernelFunc: geluGradKernel,
};
