import { Cast, Identity } from "@tensorflow/tfjs-core";
import type { CastAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend, captureStockKernel } from "./wasm-heap";
import type { StockKernel } from "./wasm-heap";

/*
 * The stock wasm Identity, and Cast to the dtype a tensor already has, copy the whole tensor; tfjs-core
 * calls them often in gradients (e.g. moments casts its input; the backprop clones gradients), ~1 ms
 * per 800k floats. Here they share the input's memory and count a reference, as the wasm Reshape and
 * the cpu backend's Identity do: no kernel writes into its inputs, so sharing is safe.
 */

let stockIdentity: StockKernel | undefined;
let stockCast: StockKernel | undefined;

function share(untyped: object, x: TensorInfo): TensorInfo {
  asWasmBackend(untyped).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

const identityKernel: KernelFunc = (args) => {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype !== "string") return share(args.backend, x);
  if (stockIdentity === undefined) throw new Error("Identity (wasm): the stock kernel was not captured");
  return stockIdentity.kernelFunc(args);
};

const castKernel: KernelFunc = (args) => {
  const x = args.inputs.x as TensorInfo;
  const { dtype } = args.attrs as unknown as CastAttrs;
  if (dtype === x.dtype && x.dtype !== "string") return share(args.backend, x);
  if (stockCast === undefined) throw new Error("Cast (wasm): the stock kernel was not captured");
  return stockCast.kernelFunc(args);
};

/** Zero-copy Identity; captures the stock kernel (for strings) on first call. */
export function identityWasm(): KernelConfig {
  stockIdentity ??= captureStockKernel(Identity, identityKernel);
  return { kernelName: Identity, backendName: "wasm", kernelFunc: identityKernel, setupFunc: stockIdentity?.setupFunc };
}

/** Cast that shares memory when the dtype does not change; captures the stock kernel on first call. */
export function castWasm(): KernelConfig {
  stockCast ??= captureStockKernel(Cast, castKernel);
  return { kernelName: Cast, backendName: "wasm", kernelFunc: castKernel, setupFunc: stockCast?.setupFunc };
}
