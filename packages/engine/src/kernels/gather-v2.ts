import { GatherV2, backend_util, util } from "@tensorflow/tfjs-core";
import type { GatherV2Attrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { asWasmBackend, i32 } from "./wasm-heap";

/**
 * out[b, o, i, :] = x[b, o, indices[b, i], :], with x viewed as [batch, outer, dim, slice].
 * Replaces the stock wasm GatherV2 of tfjs 4.22, which returns wrong values (and reads past the
 * input) when batchDims > 0. Each slice is one contiguous copy.
 */
const gatherV2Kernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const backend = asWasmBackend(untyped);
  const x = inputs.x as TensorInfo;
  const indices = inputs.indices as TensorInfo;
  const { axis, batchDims } = attrs as unknown as GatherV2Attrs;
  const parsedAxis = util.parseAxisParam(axis, x.shape)[0] ?? 0;
  const info = backend_util.segment_util.collectGatherOpShapeInfo(x, indices, parsedAxis, batchDims);
  const { batchSize, outerSize, dimSize, sliceSize } = info;
  const perBatch = util.sizeFromShape(indices.shape) / batchSize;
  const out = backend.makeOutput(info.outputShape, x.dtype);
  if (util.sizeFromShape(info.outputShape) === 0) return out;
  const idx = i32(backend, indices);
  for (let k = 0; k < idx.length; k++) {
    const v = idx[k] as number;
    if (v < 0 || v >= dimSize) throw new Error(`GatherV2: the index value ${v} is not in [0, ${dimSize - 1}]`);
  }
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let outer = 0; outer < outerSize; outer++) {
      const base = (b * outerSize + outer) * dimSize;
      for (let i = 0; i < perBatch; i++) {
        const s = (base + (idx[b * perBatch + i] as number)) * sliceSize;
        dst.set(src.subarray(s, s + sliceSize), o);
        o += sliceSize;
      }
    }
  }
  return out;
};

export const gatherV2Wasm: KernelConfig = {
  kernelName: GatherV2,
  backendName: "wasm",
  kernelFunc: gatherV2Kernel,
};
