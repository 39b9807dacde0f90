import { Mean, Sum, getKernel, util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, KernelSetupFunc, SumAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { allocate, asWasmBackend, f32 } from "./wasm-heap";

/*
 * Sum and Mean over the leading axes of a float32 tensor (batch-norm statistics and the gradients of
 * per-channel scale/shift: [n, h, w, c] → [c]). The stock wasm kernels transpose the reduced axes
 * innermost first, ~2 ms per 800k floats; here the rows are summed in place, a tile of rows at a time,
 * in float64 (so the result is at least as accurate as the stock float32 sum), ~0.5 ms. Every other
 * reduction goes to the stock kernel.
 */

type Stock = { kernelFunc: KernelFunc; setupFunc?: KernelSetupFunc };
let stockSum: Stock | undefined;
let stockMean: Stock | undefined;

/** Rows per tile: a tile of rows stays in cache while its column blocks are summed. */
const TILE_ROWS = 256;

/** out[c] = Σ_r x[r·cols + c] (divided by rows when `mean`), accumulated in float64. */
export function sumLeadingRows(x: Float32Array, rows: number, cols: number, out: Float32Array, mean: boolean): void {
  const acc = new Float64Array(cols);
  const c4 = cols - (cols % 4);
  for (let r0 = 0; r0 < rows; r0 += TILE_ROWS) {
    const end = Math.min(rows, r0 + TILE_ROWS) * cols;
    for (let c = 0; c < c4; c += 4) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let o = r0 * cols + c; o < end; o += cols) {
        a0 += x[o] as number;
        a1 += x[o + 1] as number;
        a2 += x[o + 2] as number;
        a3 += x[o + 3] as number;
      }
      acc[c] += a0;
      acc[c + 1] += a1;
      acc[c + 2] += a2;
      acc[c + 3] += a3;
    }
    for (let c = c4; c < cols; c++) {
      let a = 0;
      for (let o = r0 * cols + c; o < end; o += cols) a += x[o] as number;
      acc[c] += a;
    }
  }
  if (mean) for (let c = 0; c < cols; c++) out[c] = (acc[c] as number) / rows;
  else out.set(acc);
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
    const o = f32(backend, out);
    if (rows === 0) o.fill(mean ? NaN : 0);
    else sumLeadingRows(f32(backend, x), rows, cols, o, mean);
    return out;
  };
}

const sumKernel = reduceKernel(false);
const meanKernel = reduceKernel(true);

function capture(name: string, mine: KernelFunc): Stock | undefined {
  const current = getKernel(name, "wasm");
  return current !== undefined && current.kernelFunc !== mine
    ? { kernelFunc: current.kernelFunc, setupFunc: current.setupFunc }
    : undefined;
}

/** Sum with a fast path for leading axes; captures the stock kernel (and its setup) on first call. */
export function sumWasm(): KernelConfig {
  stockSum ??= capture(Sum, sumKernel);
  return { kernelName: Sum, backendName: "wasm", kernelFunc: sumKernel, setupFunc: stockSum?.setupFunc };
}

/** Mean with a fast path for leading axes; captures the stock kernel (and its setup) on first call. */
export function meanWasm(): KernelConfig {
  stockMean ??= capture(Mean, meanKernel);
  return { kernelName: Mean, backendName: "wasm", kernelFunc: meanKernel, setupFunc: stockMean?.setupFunc };
}
