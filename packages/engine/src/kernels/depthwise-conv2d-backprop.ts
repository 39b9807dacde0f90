import { DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput } from "@tensorflow/tfjs-core";
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from "@tensorflow/tfjs-core";
import { convGeometry, shape4, validOutputRange } from "./conv-geometry";
import { transposedConvPadding } from "./conv2d-backprop-input";
import type { ConvGeometry } from "./conv-geometry";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapAddress, simdKernelsFor } from "../simd/heap-module";
import type { SimdKernels } from "../simd/heap-module";
import { allocate, asWasmBackend, f32, release, runWasmKernel } from "./wasm-heap";

/*
 * Depthwise convolution, filter [kh, kw, channels, multiplier], output channel c·multiplier + q:
 *   y[n,oy,ox,c·m+q] = Σ_{ky,kx} x[n, oy·s+ky·d−pad, ox·s+kx·d−pad, c] · w[ky,kx,c,q].
 * Both gradients are cheap (no reduction over channels). The input gradient with multiplier 1 and
 * stride 1 is a depthwise convolution of dy with the filter rotated by 180° (the wasm backend's
 * XNNPACK kernel, as fast as the forward pass); the filter gradient, and the input gradient otherwise,
 * are direct loops with channels innermost (contiguous in x, dy and w).
 */

/** Calls `visit(xBase, dyBase, tapBase)` for every (n, oy, ox, ky, kx) whose input pixel is inside the image. */
function forEachTap(
  g: ConvGeometry,
  multiplier: number,
  visit: (xBase: number, dyBase: number, tapBase: number) => void,
): void {
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
  const { strides, dilations, pad, dimRoundingMode, inputShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const filterShape = shape4(filter, "filter");
  const g = convGeometry(shape4(inputShape, "inputShape"), filterShape, strides, dilations, pad, dimRoundingMode, true);
  const m = filterShape[3];
  const c = g.inChannels;
  const p = depthwiseTransposedPadding(g, m);
  if (p !== undefined && g.batch * g.outHeight * g.outWidth * c > 0) {
    // rotated[ky,kx,ch,0] = W[kh−1−ky, kw−1−kx, ch, 0]
    const { filterHeight: kh, filterWidth: kw } = g;
    const rotated = allocate(backend, [...filterShape]);
    const r = f32(backend, rotated);
    const w = f32(backend, filter);
    for (let t = 0; t < kh * kw; t++) r.set(w.subarray((kh * kw - 1 - t) * c, (kh * kw - t) * c), t * c);
    const pad = [
      [0, 0],
      [p[0], p[1]],
      [p[2], p[3]],
      [0, 0],
    ];
    const out = runWasmKernel(backend, "DepthwiseConv2dNative", { x: dy, filter: rotated }, {
      strides: 1,
      pad,
      dilations: 1,
      dataFormat: "NHWC",
    } as never);
    release(backend, rotated);
    return out;
  }
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
  const { strides, dilations, pad, dimRoundingMode, filterShape } =
    attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const g = convGeometry(
    shape4(x, "x"),
    shape4(filterShape, "filterShape"),
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
  const m = filterShape[3];
  const c = g.inChannels;
  // Sums run over every output pixel of the batch: accumulate in float64, round once.
  const acc = new Float64Array(filterShape[0] * filterShape[1] * c * m);
  const out = allocate(backend, [...filterShape]);
  const xv = f32(backend, x);
  const dyv = f32(backend, dy);
  const simd = m === 1 && c % 4 === 0 ? simdKernelsFor(backend) : undefined;
  if (simd !== undefined) {
    filterGradientOnSimd(backend, simd, x, dy, acc, g);
  } else if (m === 1) {
    filterGradientLoop(acc, xv, dyv, g);
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

/**
 * Padding [top, bottom, left, right] of the stride-1 depthwise convolution of dy (rotated filter) that
 * yields dx, or undefined where it does not apply (multiplier ≠ 1, stride or dilation > 1, cropping).
 */
export function depthwiseTransposedPadding(
  g: ConvGeometry,
  multiplier: number,
): [number, number, number, number] | undefined {
  // Per channel the same geometry as the dense case.
  return multiplier === 1 ? transposedConvPadding(g) : undefined;
}

/**
 * acc[ky,kx,ch] += Σ x[n, oy·s+ky·d−pad, ox·s+kx·d−pad, ch] · dy[n,oy,ox,ch] (multiplier 1). One image
 * at a time (it stays in cache), four channels at a time summed in locals over the image's pixels.
 */
function filterGradientLoop(acc: Float64Array, xv: Float32Array, dyv: Float32Array, g: ConvGeometry): void {
  const { inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw } = g;
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  const xStep = sw * c;
  const c4 = c - (c % 4);
  for (let n = 0; n < g.batch; n++) {
    for (let ky = 0; ky < kh; ky++) {
      const yOff = ky * g.dilationHeight - g.padTop;
      const [oyLo, oyHi] = validOutputRange(yOff, sh, h, oh);
      for (let kx = 0; kx < kw; kx++) {
        const xOff = kx * g.dilationWidth - g.padLeft;
        const [oxLo, oxHi] = validOutputRange(xOff, sw, w, ow);
        const tap = (ky * kw + kx) * c;
        for (let ch = 0; ch < c; ch += 4) {
          const lanes = ch < c4 ? 4 : c - ch;
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          for (let oy = oyLo; oy < oyHi; oy++) {
            let xo = ((n * h + oy * sh + yOff) * w + oxLo * sw + xOff) * c + ch;
            let yo = ((n * oh + oy) * ow + oxLo) * c + ch;
            if (lanes === 4) {
              for (let ox = oxLo; ox < oxHi; ox++, xo += xStep, yo += c) {
                a0 += (xv[xo] as number) * (dyv[yo] as number);
                a1 += (xv[xo + 1] as number) * (dyv[yo + 1] as number);
                a2 += (xv[xo + 2] as number) * (dyv[yo + 2] as number);
                a3 += (xv[xo + 3] as number) * (dyv[yo + 3] as number);
              }
            } else {
              for (let ox = oxLo; ox < oxHi; ox++, xo += xStep, yo += c) {
                a0 += (xv[xo] as number) * (dyv[yo] as number);
                if (lanes > 1) a1 += (xv[xo + 1] as number) * (dyv[yo + 1] as number);
                if (lanes > 2) a2 += (xv[xo + 2] as number) * (dyv[yo + 2] as number);
              }
            }
          }
          acc[tap + ch] += a0;
          if (lanes > 1) acc[tap + ch + 1] += a1;
          if (lanes > 2) acc[tap + ch + 2] += a2;
          if (lanes > 3) acc[tap + ch + 3] += a3;
        }
      }
    }
  }
}

/**
 * {@link filterGradientLoop} on the SIMD module (channels a multiple of 4): per image and tap, the module sums
 * x·dy per channel over the tap's valid pixels in float64, in the loop's order, into a scratch that is then added
 * to acc, as the loop adds its per-image sums.
 */
function filterGradientOnSimd(
  backend: BackendWasm,
  simd: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  acc: Float64Array,
  g: ConvGeometry,
): void {
  const { inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw } = g;
  const scratch = allocate(backend, [2 * c]);
  const at = heapAddress(backend, scratch.dataId);
  const xAt = heapAddress(backend, x.dataId);
  const dyAt = heapAddress(backend, dy.dataId);
  // dw_filter allocates nothing, so the heap cannot grow and detach this view while it is used.
  const sums = new Float64Array(f32(backend, scratch).buffer, at, c);
  for (let n = 0; n < g.batch; n++) {
    for (let ky = 0; ky < kh; ky++) {
      const yOff = ky * g.dilationHeight - g.padTop;
      const [oyLo, oyHi] = validOutputRange(yOff, g.strideHeight, h, oh);
      for (let kx = 0; kx < kw; kx++) {
        const xOff = kx * g.dilationWidth - g.padLeft;
        const [oxLo, oxHi] = validOutputRange(xOff, g.strideWidth, w, ow);
        const tap = (ky * kw + kx) * c;
        sums.fill(0);
        if (oyHi > oyLo && oxHi > oxLo) {
          simd.dw_filter(
            xAt + 4 * ((n * h + oyLo * g.strideHeight + yOff) * w + oxLo * g.strideWidth + xOff) * c,
            dyAt + 4 * ((n * oh + oyLo) * ow + oxLo) * c,
            at,
            oyHi - oyLo,
            oxHi - oxLo,
            4 * g.strideHeight * w * c,
            4 * ow * c,
            4 * g.strideWidth * c,
            4 * c,
            c,
          );
        }
        for (let ch = 0; ch < c; ch++) acc[tap + ch] = (acc[tap + ch] as number) + (sums[ch] as number);
      }
    }
  }
  release(backend, scratch);
}

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
