import { MaxPoolGrad, backend_util } from "@tensorflow/tfjs-core";
import type { KernelConfig, KernelFunc, MaxPoolGradAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { shape4 } from "./conv-geometry";
import { allocate, asWasmBackend, f32 } from "./wasm-heap";

/**
 * dx[argmax of each window] += dy[window]. Replaces the stock wasm MaxPoolGrad of tfjs 4.22, which
 * measured wrong (gradient routed to the wrong positions for some windows of multi-channel inputs).
 * The argmax is the first maximum in (ky, kx) scan order, as on the cpu backend.
 */
const maxPoolGradKernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const backend = asWasmBackend(untyped);
  const dy = inputs.dy as TensorInfo;
  const input = inputs.input as TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(shape4(input, "input"), filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight, outWidth } = info;
  const out = allocate(backend, [...input.shape]);
  const dx = f32(backend, out);
  const xv = f32(backend, input);
  const dyv = f32(backend, dy);
  dx.fill(0);
  const best = new Float32Array(c);
  const bestAt = new Int32Array(c);
  for (let n = 0; n < batchSize; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * info.strideHeight - info.padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * info.strideWidth - info.padInfo.left;
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let ky = 0; ky < info.filterHeight; ky++) {
          const iy = y0 + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < info.filterWidth; kx++) {
            const ix = x0 + kx;
            if (ix < 0 || ix >= w) continue;
            const base = ((n * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xv[base + ch];
              if (v > best[ch] || bestAt[ch] < 0) {
                best[ch] = v;
                bestAt[ch] = base + ch;
              }
            }
          }
        }
        const dyBase = ((n * outHeight + oy) * outWidth + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          const at = bestAt[ch];
          if (at >= 0) dx[at] += dyv[dyBase + ch];
        }
      }
    }
  }
  return out;
};

export const maxPoolGradWasm: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGradKernel,
};
