import { DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput } from "@tensorflow/tfjs-core";
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from "@tensorflow/tfjs-core";
import { convGeometry, shape4 } from "./conv-geometry";
import type { ConvGeometry } from "./conv-geometry";
import { allocate, asWasmBackend, f32 } from "./wasm-heap";

/*
 * Depthwise convolution, filter [kh, kw, channels, multiplier], output channel c·multiplier + q:
 *   y[n,oy,ox,c·m+q] = Σ_{ky,kx} x[n, oy·s+ky·d−pad, ox·s+kx·d−pad, c] · w[ky,kx,c,q].
 * Both gradients are cheap (no reduction over channels), so direct loops with channels innermost
 * (contiguous in x, dy and w) are enough.
 */

/** Calls `visit(xBase, dyBase, tapBase)` for every (n, oy, ox, ky, kx) whose input pixel is inside the image. */
function forEachTap(g: ConvGeometry, multiplier: number, visit: (xBase: number, dyBase: number, tapBase: number) => void): void {
  const { inHeight: h, inWidth: w, inChannels: c } = g;
  const outChannels = c * multiplier;
  for (let n = 0; n < g.batch; n++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      const y0 = oy * g.strideHeight - g.padTop;
      for (let ox = 0; ox < g.outWidth; ox++) {
        const x0 = ox * g.strideWidth - g.padLeft;
        const dyBase = ((n * g.outHeight + oy) * g.outWidth + ox) * outChannels;
        for (let ky = 0; ky < g.filterHeight; ky++) {
          const iy = y0 + ky * g.dilationHeight;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < g.filterWidth; kx++) {
            const ix = x0 + kx * g.dilationWidth;
            if (ix < 0 || ix >= w) continue;
            visit(((n * h + iy) * w + ix) * c, dyBase, (ky * g.filterWidth + kx) * outChannels);
          }
        }
      }
    }
  }
}

const backpropInputKernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const backend = asWasmBackend(untyped);
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const filterShape = shape4(filter, "filter");
  const g = convGeometry(shape4(inputShape, "inputShape"), filterShape, strides, dilations, pad, dimRoundingMode, true);
  const m = filterShape[3];
  const c = g.inChannels;
  const out = allocate(backend, [...inputShape]);
  const dx = f32(backend, out);
  const dyv = f32(backend, dy);
  const wv = f32(backend, filter);
  dx.fill(0);
  if (m === 1) {
    forEachTap(g, 1, (xb, yb, wb) => {
      for (let ch = 0; ch < c; ch++) dx[xb + ch] += dyv[yb + ch] * wv[wb + ch];
    });
  } else {
    forEachTap(g, m, (xb, yb, wb) => {
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let q = 0; q < m; q++) sum += dyv[yb + ch * m + q] * wv[wb + ch * m + q];
        dx[xb + ch] += sum;
      }
    });
  }
  return out;
};

const backpropFilterKernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const backend = asWasmBackend(untyped);
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const g = convGeometry(shape4(x, "x"), shape4(filterShape, "filterShape"), strides, dilations, pad, dimRoundingMode, true);
  const m = filterShape[3];
  const c = g.inChannels;
  // Sums run over every output pixel of the batch: accumulate in float64, round once.
  const acc = new Float64Array(filterShape[0] * filterShape[1] * c * m);
  const out = allocate(backend, [...filterShape]);
  const xv = f32(backend, x);
  const dyv = f32(backend, dy);
  if (m === 1) {
    forEachTap(g, 1, (xb, yb, wb) => {
      for (let ch = 0; ch < c; ch++) acc[wb + ch] += xv[xb + ch] * dyv[yb + ch];
    });
  } else {
    forEachTap(g, m, (xb, yb, wb) => {
      for (let ch = 0; ch < c; ch++) {
        const xval = xv[xb + ch];
        for (let q = 0; q < m; q++) acc[wb + ch * m + q] += xval * dyv[yb + ch * m + q];
      }
    });
  }
  f32(backend, out).set(acc);
  return out;
};

export const depthwiseConv2dBackpropInputWasm: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: "wasm",
  kernelFunc: backpropInputKernel,
};

export const depthwiseConv2dBackpropFilterWasm: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: "wasm",
  kernelFunc: backpropFilterKernel,
};
