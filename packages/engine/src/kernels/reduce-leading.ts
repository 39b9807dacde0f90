import { Mean, Sum, util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, SumAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { heapAddress, simdKernelsFor } from "../simd/heap-module";
import { channelSums, channelSumsOnHeap, writeSums } from "./channel-sums";
import { allocate, asWasmBackend, f32, captureStockKernel } from "./wasm-heap";
import type { StockKernel } from "./wasm-heap";

/*
 * Sum and Mean over the leading axes of a float32 tensor (batch-norm statistics and the gradients of
 * per-channel scale/shift: [n, h, w, c] → [c]). The stock wasm kernels transpose the reduced axes
 * innermost first, ~2 ms per 800k floats; here the rows are summed in place, a tile of rows at a time,
 * in float64 (so the result is at least as accurate as the stock float32 sum; channel-sums.ts), on the SIMD
 * module where the columns are a multiple of 4. Every other reduction goes to the stock kernel.
 */

let stockSum: StockKernel | undefined;
let stockMean: StockKernel | undefined;

/** out[c] = Σ_r x[r·cols + c] (divided by rows when `mean`), summed as channel-sums.ts sums. */
export function sumLeadingRows(x: Float32Array, rows: number, cols: number, out: Float32Array, mean: boolean): void {
  const [sum] = channelSums(rows, cols, 1, ([acc], start, end) => {
    const a = acc as Float64Array;
    for (let o = start; o < end; o += cols)
      for (let c = 0; c < cols; c++) a[c] = (a[c] as number) + (x[o + c] as number);
  });
  writeSums(out, sum as Float64Array, rows, mean);
}

function reduceKernel(mean: boolean): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    const rank = x.shape.length;
    const axes = util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    // Only a reduction over exactly the leading axes [0, k), 0 < k < rank, of float32.
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i) && x.dtype === "float32";
    if (!leading) {
      const stock = mean ? stockMean : stockSum;
      if (stock === undefined) throw new Error(`${mean ? Mean : Sum} (wasm): the stock kernel was not captured`);
      return stock.kernelFunc(args);
    }
    const backend = asWasmBackend(args.backend);
    const k = axes.length;
    const kept = x.shape.slice(k);
    const outShape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept;
    const rows = util.sizeFromShape(x.shape.slice(0, k));
    const cols = util.sizeFromShape(kept);
    const out = allocate(backend, outShape);
    const simd = cols % 4 === 0 ? simdKernelsFor(backend) : undefined;
    if (rows === 0) {
      f32(backend, out).fill(mean ? NaN : 0);
    } else if (simd !== undefined) {
      const xAt = heapAddress(backend, x.dataId);
      const [sum] = channelSumsOnHeap(backend, rows, cols, 1, (acc, first, tileRows) =>
        simd.channel_sum(xAt + 4 * first * cols, acc, tileRows, cols),
      );
      writeSums(f32(backend, out), sum as Float64Array, rows, mean);
    } else {
      sumLeadingRows(f32(backend, x), rows, cols, f32(backend, out), mean);
    }
    return out;
  };
}

const sumKernel = reduceKernel(false);
const meanKernel = reduceKernel(true);

/** Sum with a fast path for leading axes; captures the stock kernel (and its setup) on first call. */
export function sumWasm(): KernelConfig {
  stockSum ??= captureStockKernel(Sum, sumKernel);
  return { kernelName: Sum, backendName: "wasm", kernelFunc: sumKernel, setupFunc: stockSum?.setupFunc };
}

/** Mean with a fast path for leading axes; captures the stock kernel (and its setup) on first call. */
export function meanWasm(): KernelConfig {
  stockMean ??= captureStockKernel(Mean, meanKernel);
  return { kernelName: Mean, backendName: "wasm", kernelFunc: meanKernel, setupFunc: stockMean?.setupFunc };
}
