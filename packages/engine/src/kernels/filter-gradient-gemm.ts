import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { heapAddress } from "../simd/heap-module";
import type { SimdKernels } from "../simd/heap-module";
import { isPointwise, validOutputRange } from "./conv-geometry";
import type { ConvGeometry } from "./conv-geometry";
import { allocate, f32 } from "./wasm-heap";

/*
 * The filter gradient of a convolution on the SIMD module's GEMM, reading x and dy where they lie: no patch
 * matrix, no transposes. For one filter tap (ky, kx) and one output row oy, the output pixels ox of the row's
 * valid run read input pixels a fixed stride apart, so
 *   dW[ky, kx] += Σ_{ox} Σ_n x[n, iy, ox·s + xOff]ᵀ · dy[n, oy, ox]
 * is one strided batch: one item per pixel, each item a product over the batch (A = the pixel's ci values of
 * every image, one image pitch apart, read transposed; B = its co values likewise), summed into the tap's
 * [ci, co] block of dW in order.
 *
 * Every weight adds its products one at a time in order of (oy, ox, n), from 0, with no fused multiply-add:
 * the order in which the wasm backend's XNNPACK convolution summed them when it ran this gradient (as a
 * convolution of x by dy with the batch as channels, where padding adds zero terms, left out here). So the
 * gradient keeps the bits it had, on any thread count. A 1×1, stride-1, unpadded convolution is one product
 * xᵀ · dy over the pixels in order (n, oy, ox), as tfjs' matrix product summed it.
 */

/** dW [kh, kw, ci, co]; allocates its output. */
export function filterGradientOnGemm(
  backend: BackendWasm,
  kernels: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  filterShape: readonly number[],
): TensorInfo {
  const { inChannels: ci, outChannels: co, inWidth: w, outWidth: ow, batch } = g;
  const out = allocate(backend, [...filterShape]);
  const xAt = heapAddress(backend, x.dataId);
  const dyAt = heapAddress(backend, dy.dataId);
  const outAt = heapAddress(backend, out.dataId);
  if (isPointwise(g)) {
    const pixels = batch * g.outHeight * ow;
    kernels.gemm(xAt, dyAt, outAt, ci, pixels, co, 1, 0, 0, 0, 1, 0);
    return out;
  }
  f32(backend, out).fill(0);
  const xImage = 4 * g.inHeight * w * ci;
  const dyImage = 4 * g.outHeight * ow * co;
  // Output rows outermost: one row of dy and the input rows its taps read stay in cache across the taps.
  for (let oy = 0; oy < g.outHeight; oy++) {
    for (let ky = 0; ky < g.filterHeight; ky++) {
      const iy = oy * g.strideHeight + ky * g.dilationHeight - g.padTop;
      if (iy < 0 || iy >= g.inHeight) continue;
      for (let kx = 0; kx < g.filterWidth; kx++) {
        const xOff = kx * g.dilationWidth - g.padLeft;
        const [oxLo, oxHi] = validOutputRange(xOff, g.strideWidth, w, ow);
        if (oxHi <= oxLo) continue;
        kernels.gemm_strided(
          xAt + 4 * ci * (iy * w + oxLo * g.strideWidth + xOff),
          dyAt + 4 * co * (oy * ow + oxLo),
          outAt + 4 * ci * co * (ky * g.filterWidth + kx),
          ci,
          batch,
          co,
          oxHi - oxLo,
          4 * ci * g.strideWidth,
          4 * co,
          0,
          4,
          xImage,
          dyImage,
          4 * co,
          1,
        );
      }
    }
  }
  return out;
}
