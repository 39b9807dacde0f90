// Imported first so that the stock wasm kernels are registered before this module replaces some.
import "@tensorflow/tfjs-backend-wasm";
import { getKernel, registerKernel, unregisterKernel } from "@tensorflow/tfjs-core";
import type { KernelConfig } from "@tensorflow/tfjs-core";
import { batchMatMulWasm } from "./batch-mat-mul";
import {
  channelNormalizeGradWasm,
  channelNormalizeSumsWasm,
  channelNormalizeWasm,
  channelVarianceWasm,
} from "./batch-norm";
import { conv2DWasm } from "./conv2d";
import { conv2DBackpropFilterWasm } from "./conv2d-backprop-filter";
import { conv2DBackpropInputWasm } from "./conv2d-backprop-input";
import { depthwiseConv2dBackpropFilterWasm, depthwiseConv2dBackpropInputWasm } from "./depthwise-conv2d-backprop";
import { gatherV2Wasm } from "./gather-v2";
import { geluGradWasm, geluWasm } from "./gelu";
import { rowNormalizeGradWasm, rowNormalizeSumsWasm, rowNormalizeWasm, rowVarianceWasm } from "./layer-norm";
import { castWasm, identityWasm } from "./identity";
import { meanWasm, sumWasm } from "./reduce-leading";
import { splitVWasm } from "./split-v";
import { transposeWasm } from "./transpose";
import { maxPoolGradWasm } from "./max-pool-grad";
import { unsortedSegmentSumWasm } from "./unsorted-segment-sum";

/** A kernel this package provides for the wasm backend of tfjs 4.22, and why. */
export interface WasmKernelPatch {
  readonly config: KernelConfig;
  /**
   * `missing`: tfjs has no wasm kernel; `replaces-slow` / `replaces-wrong`: the stock one is replaced;
   * `fused`: a kernel of seedscope's own name for an op tfjs composes (fused-kernel-names.ts).
   */
  readonly kind: "missing" | "replaces-slow" | "replaces-wrong" | "fused";
}

export const WASM_KERNEL_PATCHES: readonly WasmKernelPatch[] = [
  { config: conv2DBackpropFilterWasm, kind: "missing" },
  { config: depthwiseConv2dBackpropInputWasm, kind: "missing" },
  { config: depthwiseConv2dBackpropFilterWasm, kind: "missing" },
  { config: unsortedSegmentSumWasm, kind: "missing" },
  { config: geluWasm, kind: "fused" },
  { config: geluGradWasm, kind: "fused" },
  { config: channelVarianceWasm, kind: "fused" },
  { config: channelNormalizeWasm, kind: "fused" },
  { config: channelNormalizeSumsWasm, kind: "fused" },
  { config: channelNormalizeGradWasm, kind: "fused" },
  { config: rowVarianceWasm, kind: "fused" },
  { config: rowNormalizeWasm, kind: "fused" },
  { config: rowNormalizeSumsWasm, kind: "fused" },
  { config: rowNormalizeGradWasm, kind: "fused" },
  { config: conv2DBackpropInputWasm, kind: "replaces-slow" },
  { config: batchMatMulWasm(), kind: "replaces-slow" },
  { config: conv2DWasm(), kind: "replaces-slow" },
  { config: transposeWasm(), kind: "replaces-slow" },
  { config: splitVWasm, kind: "replaces-slow" },
  { config: identityWasm(), kind: "replaces-slow" },
  { config: castWasm(), kind: "replaces-slow" },
  { config: sumWasm(), kind: "replaces-slow" },
  { config: meanWasm(), kind: "replaces-slow" },
  { config: maxPoolGradWasm, kind: "replaces-wrong" },
  { config: gatherV2Wasm, kind: "replaces-wrong" },
];

/**
 * Registers this package's wasm kernels (idempotent). Safe before or after the wasm backend starts:
 * none of them needs a setup step. Returns the kernel names.
 */
export function registerWasmKernels(): string[] {
  for (const { config } of WASM_KERNEL_PATCHES) {
    const current = getKernel(config.kernelName, "wasm");
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current !== undefined) unregisterKernel(config.kernelName, "wasm");
    registerKernel(config);
  }
  return WASM_KERNEL_PATCHES.map((p) => p.config.kernelName);
}

/** The kernels above by name and kind, for reports. */
export function patchedWasmKernels(): ReadonlyArray<{
  readonly kernelName: string;
  readonly kind: WasmKernelPatch["kind"];
}> {
  return WASM_KERNEL_PATCHES.map(({ config, kind }) => ({ kernelName: config.kernelName, kind }));
}
