import { Erf, Exp, getKernel, util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, KernelSetupFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { heapAddress, simdKernelsFor } from "../simd/heap-module";
import { asWasmBackend } from "./wasm-heap";

/*
 * Exp and Erf on the SIMD module (simd/unary-wat.ts), four values at a time: the stock wasm kernels call
 * the C library once per value, and GELU's forward and backward passes (erf, and exp for its density)
 * took 10–20 % of a ViT's or ResMLP's training step. Other dtypes stay with the stock kernels.
 */

type Stock = { kernelFunc: KernelFunc; setupFunc?: KernelSetupFunc };

/** Our kernel functions: never captured as the stock kernel should this module be evaluated again. */
const ours = new WeakSet<KernelFunc>();

function simdUnary(kernelName: string, run: "exp" | "erf"): KernelConfig {
  let stock: Stock | undefined;
  const kernelFunc: KernelFunc = (args) => {
    const backend = asWasmBackend(args.backend);
    const x = args.inputs.x as TensorInfo;
    const kernels = x.dtype === "float32" ? simdKernelsFor(backend) : undefined;
    if (kernels === undefined) {
      if (stock === undefined) throw new Error(`${kernelName} (wasm): the stock kernel was not captured`);
      return stock.kernelFunc(args);
    }
    const out = backend.makeOutput([...x.shape], "float32");
    const count = util.sizeFromShape(x.shape);
    if (count > 0) kernels[run](heapAddress(backend, x.dataId), heapAddress(backend, out.dataId), count);
    return out;
  };
  ours.add(kernelFunc);
  const current = getKernel(kernelName, "wasm");
  if (current !== undefined && !ours.has(current.kernelFunc)) {
    stock = { kernelFunc: current.kernelFunc, setupFunc: current.setupFunc };
  }
  return { kernelName, backendName: "wasm", kernelFunc, setupFunc: stock?.setupFunc };
}

export const expWasm: KernelConfig = simdUnary(Exp, "exp");
export const erfWasm: KernelConfig = simdUnary(Erf, "erf");
