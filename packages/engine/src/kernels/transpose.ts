import { Transpose, util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, TensorInfo, TransposeAttrs } from "@tensorflow/tfjs-core";
import { asWasmBackend, captureStockKernel } from "./wasm-heap";
import type { StockKernel } from "./wasm-heap";

/*
 * The stock wasm Transpose of tfjs 4.22 is fast up to rank 4 and very slow beyond (measured 30 ms
 * for 200k floats at rank 5, as in attention's [batch, tokens, 3, heads, dim] → [3, batch, heads,
 * tokens, dim]). Rank ≥ 5 is done here: a strided copy, one contiguous run of the innermost output
 * axis at a time.
 */

let stock: StockKernel | undefined;

const transposeKernel: KernelFunc = (args) => {
  const x = args.inputs.x as TensorInfo;
  const { perm } = args.attrs as unknown as TransposeAttrs;
  if (x.shape.length < 5 || stock === undefined) {
    if (stock === undefined) throw new Error("Transpose (wasm): the stock kernel was not captured");
    return stock.kernelFunc(args);
  }
  const backend = asWasmBackend(args.backend);
  const rank = x.shape.length;
  const outShape = perm.map((p) => x.shape[p] as number);
  const out = backend.makeOutput(outShape, x.dtype);
  const size = util.sizeFromShape(outShape);
  if (size === 0) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const inStrides = [...util.computeStrides(x.shape), 1];
  // For each output axis, the step it takes in the input.
  const step = perm.map((p) => inStrides[p] as number);
  const inner = outShape[rank - 1] as number;
  const innerStep = step[rank - 1] as number;
  const counter = new Array<number>(rank - 1).fill(0);
  let base = 0;
  for (let o = 0; o < size; o += inner) {
    let s = base;
    for (let i = 0; i < inner; i++, s += innerStep) dst[o + i] = src[s] as number;
    // Advance the odometer over the outer output axes.
    for (let axis = rank - 2; axis >= 0; axis--) {
      const c = (counter[axis] as number) + 1;
      if (c < (outShape[axis] as number)) {
        counter[axis] = c;
        base += step[axis] as number;
        break;
      }
      counter[axis] = 0;
      base -= (c - 1) * (step[axis] as number);
    }
  }
  return out;
};

/** The wrapper's config; captures the stock kernel (and its setup) on first call. */
export function transposeWasm(): KernelConfig {
  stock ??= captureStockKernel(Transpose, transposeKernel);
  return { kernelName: Transpose, backendName: "wasm", kernelFunc: transposeKernel, setupFunc: stock?.setupFunc };
}
