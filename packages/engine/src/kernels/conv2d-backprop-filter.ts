import { Conv2DBackpropFilter } from "@tensorflow/tfjs-core";
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { PATCH_BUDGET_FLOATS, convGeometry, imagesPerChunk, requireNHWC, shape4 } from "./conv-geometry";
import type { ConvGeometry } from "./conv-geometry";
import { allocate, asWasmBackend, f32, release, runWasmKernel } from "./wasm-heap";

/**
 * dW[ky,kx,ci,co] = Σ_{n,oy,ox} x[n, oy·s+ky·d−pad, ox·s+kx·d−pad, ci] · dy[n,oy,ox,co].
 *
 * As a matrix product: with the patch matrix P[m, (ky,kx,ci)] (one row per output pixel m) and
 * dyᵀ[co, m], dWᵀ = dyᵀ · P. Both operands are laid out so that the wasm backend's own BatchMatMul
 * runs without transpose flags: that is its XNNPACK path, about 10× faster than its transposed path.
 * P is built in chunks of whole images to bound the temporary memory.
 */
const conv2DBackpropFilterKernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const backend = asWasmBackend(untyped);
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  requireNHWC(Conv2DBackpropFilter, dataFormat);
  const g = convGeometry(shape4(x, "x"), shape4(filterShape, "filterShape"), strides, 1, pad, dimRoundingMode, false);
  const patchWidth = g.filterHeight * g.filterWidth * g.inChannels;
  const co = g.outChannels;
  const pixelsPerImage = g.outHeight * g.outWidth;
  const chunkImages = imagesPerChunk(g, PATCH_BUDGET_FLOATS);

  const out = allocate(backend, [...filterShape]);
  f32(backend, out).fill(0);
  for (let n0 = 0; n0 < g.batch; n0 += chunkImages) {
    const images = Math.min(chunkImages, g.batch - n0);
    const rows = images * pixelsPerImage;
    const patches = allocate(backend, [1, rows, patchWidth]);
    const dyT = allocate(backend, [1, co, rows]);
    fillPatches(f32(backend, patches), f32(backend, x), g, n0, images);
    transposeRows(f32(backend, dyT), f32(backend, dy), n0 * pixelsPerImage, rows, co);
    const product = runWasmKernel(backend, "BatchMatMul", { a: dyT, b: patches }, { transposeA: false, transposeB: false });
    release(backend, patches);
    release(backend, dyT);
    addTransposed(f32(backend, out), f32(backend, product), co, patchWidth);
    release(backend, product);
  }
  return out;
};

/** Writes rows of the patch matrix for images [n0, n0+images): row (n,oy,ox), columns (ky,kx,ci), zeros outside. */
export function fillPatches(p: Float32Array, x: Float32Array, g: ConvGeometry, n0: number, images: number): void {
  const { inHeight: h, inWidth: w, inChannels: c, filterHeight: kh, filterWidth: kw } = g;
  let o = 0;
  for (let n = n0; n < n0 + images; n++) {
    const imageBase = n * h * w * c;
    for (let oy = 0; oy < g.outHeight; oy++) {
      const y0 = oy * g.strideHeight - g.padTop;
      for (let ox = 0; ox < g.outWidth; ox++) {
        const x0 = ox * g.strideWidth - g.padLeft;
        for (let ky = 0; ky < kh; ky++) {
          const iy = y0 + ky * g.dilationHeight;
          const rowInside = iy >= 0 && iy < h;
          for (let kx = 0; kx < kw; kx++) {
            const ix = x0 + kx * g.dilationWidth;
            if (rowInside && ix >= 0 && ix < w) {
              let s = imageBase + (iy * w + ix) * c;
              const end = o + c;
              while (o < end) p[o++] = x[s++];
            } else {
              p.fill(0, o, o + c);
              o += c;
            }
          }
        }
      }
    }
  }
}

/** dst[c, r] = src[(r0 + r), c] for r < rows: a [rows, cols] block of src transposed into [cols, rows]. */
function transposeRows(dst: Float32Array, src: Float32Array, r0: number, rows: number, cols: number): void {
  const block = 64;
  for (let rb = 0; rb < rows; rb += block) {
    const rEnd = Math.min(rows, rb + block);
    for (let c = 0; c < cols; c++) {
      let d = c * rows + rb;
      let s = (r0 + rb) * cols + c;
      for (let r = rb; r < rEnd; r++, s += cols) dst[d++] = src[s];
    }
  }
}

/** out[j, c] += productT[c, j] for an out of shape [width, cols]. */
function addTransposed(out: Float32Array, productT: Float32Array, cols: number, width: number): void {
  for (let c = 0; c < cols; c++) {
    let s = c * width;
    for (let j = 0; j < width; j++) out[j * cols + c] += productT[s++];
  }
}

export const conv2DBackpropFilterWasm: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: conv2DBackpropFilterKernel,
};
