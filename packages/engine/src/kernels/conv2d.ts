import { Conv2D } from "@tensorflow/tfjs-core";
import type { Conv2DAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { heapAddresses, simdKernelsFor } from "../simd/heap-module";
import { ownGemmWins } from "./batch-mat-mul";
import { convGeometry, isPointwise, shape4 } from "./conv-geometry";
import { allocate, asWasmBackend, captureStockKernel } from "./wasm-heap";
import type { StockKernel } from "./wasm-heap";

/*
 * Conv2D: a pointwise convolution (1×1, stride 1, no padding) is the product x [pixels, ci] · W [ci, co]; where
 * the small GEMM beats XNNPACK on that product (batch-mat-mul.ts' rule: PatchConvNet's and ResMLP-like 1×1
 * layers), it runs there. XNNPACK runs a pointwise convolution as its GEMM, which adds each output's products
 * in order of ci as the small GEMM does, so the bits do not change (tested). Every other convolution goes to
 * the stock kernel (XNNPACK), which the small GEMM does not beat: an implicit GEMM over the taps measured the
 * same speed on ResNet layers.
 */

let stock: StockKernel | undefined;

const conv2DKernel: KernelFunc = (args) => {
  const backend = asWasmBackend(args.backend);
  const x = args.inputs.x as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = args.attrs as unknown as Conv2DAttrs;
  const kernels = simdKernelsFor(backend);
  if (kernels !== undefined && (dataFormat ?? "NHWC") === "NHWC" && x.dtype === "float32" && x.shape.length === 4) {
    const g = convGeometry(shape4(x, "x"), shape4(filter, "filter"), strides, dilations, pad, dimRoundingMode, false);
    const pixels = g.batch * g.outHeight * g.outWidth;
    if (isPointwise(g) && pixels > 0 && ownGemmWins(pixels, g.inChannels, g.outChannels)) {
      const y = allocate(backend, [g.batch, g.outHeight, g.outWidth, g.outChannels]);
      kernels.gemm(...heapAddresses(backend, [x, filter, y]), pixels, g.inChannels, g.outChannels, 1, 0, 0, 0, 0, 0);
      return y;
    }
  }
  if (stock === undefined) throw new Error("Conv2D (wasm): the stock kernel was not captured");
  return stock.kernelFunc(args);
};

/** The wrapper's config; captures the stock kernel (and its setup, which binds the wasm function) on first call. */
export function conv2DWasm(): KernelConfig {
  stock ??= captureStockKernel(Conv2D, conv2DKernel);
  return { kernelName: Conv2D, backendName: "wasm", kernelFunc: conv2DKernel, setupFunc: stock?.setupFunc };
}

/** The stock kernel, for tests that compare the two (undefined before registration). */
export function stockConv2D(): KernelFunc | undefined {
  return stock?.kernelFunc;
}
