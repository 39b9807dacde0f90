import { UnsortedSegmentSum, util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, TensorInfo, UnsortedSegmentSumAttrs } from "@tensorflow/tfjs-core";
import { allocate, asWasmBackend, i32 } from "./wasm-heap";

/**
 * out[s, ...] = Σ_{i : ids[i] = s} x[i, ...]; the segment ids index the leading dimensions of x.
 * Negative ids are dropped (as TensorFlow does); ids ≥ numSegments are an error. Used by the
 * gradient of gather (embedding lookups, token selection, efficient stochastic depth).
 */
const unsortedSegmentSumKernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const backend = asWasmBackend(untyped);
  const x = inputs.x as TensorInfo;
  const segmentIds = inputs.segmentIds as TensorInfo;
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  if (x.dtype !== "float32" && x.dtype !== "int32") {
    throw new Error(`UnsortedSegmentSum on backend 'wasm' supports float32 and int32, got ${x.dtype}`);
  }
  const idCount = util.sizeFromShape(segmentIds.shape);
  const idRank = segmentIds.shape.length;
  if (x.shape.slice(0, idRank).join(",") !== segmentIds.shape.join(",")) {
    throw new Error(`UnsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must prefix x shape [${x.shape}]`);
  }
  const inner = util.sizeFromShape(x.shape.slice(idRank));
  const out = allocate(backend, [numSegments, ...x.shape.slice(idRank)], x.dtype);
  const ids = i32(backend, segmentIds);
  const outView = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  const xView = backend.typedArrayFromHeap(x) as Float32Array | Int32Array;
  outView.fill(0);
  for (let i = 0; i < idCount; i++) {
    const s = ids[i];
    if (s < 0) continue;
    if (s >= numSegments)
      throw new Error(`UnsortedSegmentSum: segment id ${s} at ${i} is not below numSegments ${numSegments}`);
    let o = s * inner;
    let k = i * inner;
    const end = o + inner;
    while (o < end) outView[o++] += xView[k++];
  }
  return out;
};

export const unsortedSegmentSumWasm: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: "wasm",
  kernelFunc: unsortedSegmentSumKernel,
};
