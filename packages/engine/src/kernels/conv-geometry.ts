import { backend_util } from "@tensorflow/tfjs-core";
import type { Conv2DBackpropFilterAttrs, TensorInfo } from "@tensorflow/tfjs-core";

type Shape4 = [number, number, number, number];
type Pad = Conv2DBackpropFilterAttrs["pad"];
type Rounding = "floor" | "round" | "ceil" | undefined;

export function shape4(info: TensorInfo | number[], what: string): Shape4 {
  const shape = Array.isArray(info) ? info : info.shape;
  if (shape.length !== 4) throw new Error(`${what} must be rank 4 (NHWC), got shape [${shape.join(", ")}]`);
  return shape as Shape4;
}

export function requireNHWC(kernelName: string, dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== "NHWC") {
    throw new Error(`${kernelName} on backend 'wasm' supports dataFormat 'NHWC' only, got '${dataFormat}'`);
  }
}

/** Convolution geometry in the form every kernel here loops over. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * The output positions [lo, hi) along one axis whose input position o·stride + offset lies in [0, inSize):
 * where one filter tap (offset = tap · dilation − padding) touches real input rather than padding.
 */
export function validOutputRange(offset: number, stride: number, inSize: number, outSize: number): [number, number] {
  const lo = Math.min(outSize, Math.max(0, Math.ceil(-offset / stride)));
  const hi = Math.max(lo, Math.min(outSize, Math.floor((inSize - 1 - offset) / stride) + 1));
  return [lo, hi];
}

export function convGeometry(
  inShape: Shape4,
  filterShape: Shape4,
  strides: number | [number, number],
  dilations: number | [number, number],
  pad: Pad,
  rounding: Rounding,
  depthwise: boolean,
): ConvGeometry {
  const info = backend_util.computeConv2DInfo(inShape, filterShape, strides, dilations, pad, rounding, depthwise);
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** A 1×1, stride-1, undilated, unpadded convolution: a product of x [pixels, ci] and the filter [ci, co]. */
export function isPointwise(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 1 &&
    g.filterWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.dilationHeight === 1 &&
    g.dilationWidth === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.outHeight === g.inHeight &&
    g.outWidth === g.inWidth
  );
}

/** Images per chunk so that a chunk's patch matrix stays under `maxFloats` (at least one image). */
export function imagesPerChunk(g: ConvGeometry, maxFloats: number): number {
  const perImage = g.outHeight * g.outWidth * g.filterHeight * g.filterWidth * g.inChannels;
  return Math.max(1, Math.min(g.batch, Math.floor(maxFloats / Math.max(1, perImage))));
}

/** Upper bound on the temporary patch matrices, in floats: the wasm heap never shrinks, so keep them modest. */
export const PATCH_BUDGET_FLOATS = 8 * 1024 * 1024;
