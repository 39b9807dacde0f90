import { util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { GELU_GRAD_KERNEL, GELU_KERNEL } from "../fused-kernel-names";
import { heapAddress, simdKernelsFor } from "../simd/heap-module";
import type { SimdKernels } from "../simd/heap-module";
import { asWasmBackend } from "./wasm-heap";

/*
 * GELU and its gradient in one pass each on the SIMD module (simd/unary-wat.ts): the formula of models'
 * composed GELU, with the module's exp and erf (within 1 ulp and 4.5e−7 of exact) in place of the C
 * library's, and without the 5 forward and 11 backward tensors of the MLP's hidden size that the composed
 * ops write. float32 only (the models' activations are).
 */

/**
 * Checks the named inputs (float32, all of x's shape, x last), allocates the output and runs one of the
 * module's element-wise functions on the inputs' and the output's heap addresses, in that order.
 */
function elementwise(
  kernelName: string,
  untyped: object,
  inputs: ReadonlyArray<readonly [string, TensorInfo]>,
  run: (kernels: SimdKernels, addresses: number[], count: number) => void,
): TensorInfo {
  const backend = asWasmBackend(untyped);
  const x = inputs[inputs.length - 1]?.[1] as TensorInfo;
  for (const [name, t] of inputs) {
    if (t.dtype !== "float32") throw new Error(`${kernelName}: expected float32 inputs, got ${t.dtype}`);
    if (!util.arraysEqual(t.shape, x.shape)) {
      throw new Error(`${kernelName}: ${name} [${t.shape}] and x [${x.shape}] differ in shape`);
    }
  }
  const kernels = simdKernelsFor(backend);
  if (kernels === undefined) throw new Error(`${kernelName}: the SIMD module cannot reach this backend's memory`);
  const out = backend.makeOutput([...x.shape], "float32");
  const count = util.sizeFromShape(x.shape);
  const addresses = [...inputs.map(([, t]) => t), out].map((t) => heapAddress(backend, t.dataId));
  if (count > 0) run(kernels, addresses, count);
  return out;
}

const geluKernel: KernelFunc = ({ inputs, backend }) =>
  elementwise(GELU_KERNEL, backend, [["x", inputs.x as TensorInfo]], (kernels, [x, y], count) =>
    kernels.gelu(x as number, y as number, count),
  );

const geluGradKernel: KernelFunc = ({ inputs, backend }) =>
  elementwise(
    GELU_GRAD_KERNEL,
    backend,
    [
      ["dy", inputs.dy as TensorInfo],
      ["x", inputs.x as TensorInfo],
    ],
    (kernels, [dy, x, dx], count) => kernels.gelu_grad(dy as number, x as number, dx as number, count),
  );

export const geluWasm: KernelConfig = { kernelName: GELU_KERNEL, backendName: "wasm", kernelFunc: geluKernel };
export const geluGradWasm: KernelConfig = {
  kernelName: GELU_GRAD_KERNEL,
  backendName: "wasm",
  kernelFunc: geluGradKernel,
};
