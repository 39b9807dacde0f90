import { UserError } from "@seedscope/core";
import { getBackend, getGradient, getKernel, profile } from "@tensorflow/tfjs-core";
import type { TensorContainer } from "@tensorflow/tfjs-core";

/**
 * Kernels that an op's gradient runs besides element-wise arithmetic and reshaping (which every
 * backend has). These are the ones a backend may lack: wasm in tfjs 4.22 ships without several.
 */
const BACKWARD_KERNELS: Readonly<Record<string, readonly string[]>> = {
  Conv2D: ["Conv2DBackpropInput", "Conv2DBackpropFilter"],
  FusedConv2D: ["Conv2DBackpropInput", "Conv2DBackpropFilter"],
  Conv2DBackpropInput: ["Conv2D", "Conv2DBackpropFilter"],
  DepthwiseConv2dNative: ["DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"],
  FusedDepthwiseConv2D: ["DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"],
  MaxPool: ["MaxPoolGrad"],
  AvgPool: ["AvgPoolGrad"],
  GatherV2: ["UnsortedSegmentSum"],
  GatherNd: ["ScatterNd"],
  ScatterNd: ["GatherNd"],
  TensorScatterUpdate: ["TensorScatterUpdate", "GatherNd"],
  ResizeBilinear: ["ResizeBilinearGrad"],
  ResizeNearestNeighbor: ["ResizeNearestNeighborGrad"],
  Elu: ["EluGrad"],
  LRN: ["LRNGrad"],
  MirrorPad: ["Slice", "Reverse", "PadV2"],
};

/** Fused kernels whose ops define their gradient inline (customGrad) rather than in the registry. */
const OWN_GRADIENT = new Set(["FusedConv2D", "FusedDepthwiseConv2D", "_FusedMatMul"]);

export interface AssertKernelsOptions {
  /** The tfjs backend name to check; the active backend by default. */
  readonly backend?: string;
  /** Ops that run on inputs only (augmentation, resizing): a forward kernel suffices. */
  readonly forwardOnly?: readonly string[];
}

/**
 * Throws a {@link UserError} naming the first op (kernel name, e.g. `Conv2D`) that cannot run
 * forward, or backward unless listed in `forwardOnly`, on the backend. Call it before a run starts,
 * so that a run never discovers a missing kernel mid-way (and never falls back to another backend).
 */
export function assertKernels(ops: Iterable<string>, options: AssertKernelsOptions = {}): void {
  const backend = options.backend ?? getBackend();
  const forwardOnly = new Set(options.forwardOnly ?? []);
  for (const op of new Set(ops)) {
    if (getKernel(op, backend) === undefined) {
      throw new UserError(
        `op '${op}' has no kernel on backend '${backend}': this model cannot run there — choose another backend`,
      );
    }
    if (forwardOnly.has(op)) continue;
    if (!OWN_GRADIENT.has(op) && getGradient(op) === undefined) {
      throw new UserError(
        `op '${op}' has no gradient registered (backend '${backend}'): this model cannot be trained with it`,
      );
    }
    for (const backward of BACKWARD_KERNELS[op] ?? []) {
      if (getKernel(backward, backend) === undefined) {
        throw new UserError(
          `op '${op}' cannot be trained on backend '${backend}': its gradient needs kernel '${backward}', which that backend lacks — choose another backend`,
        );
      }
    }
  }
}

/**
 * The kernel names `fn` runs on the active backend, in first-use order. Run one training step on a
 * tiny batch through it before a run starts: a kernel the backend lacks, or an op on the gradient
 * path without a gradient, surfaces as a {@link UserError} instead of failing the run later. (Pass
 * the forward pass's kernels to {@link assertKernels} to check another backend.)
 */
export async function kernelsUsed(fn: () => unknown): Promise<string[]> {
  try {
    const info = await profile(() => fn() as TensorContainer);
    return [...new Set(info.kernelNames)];
  } catch (error) {
    const message = (error as Error).message;
    const missing = /Kernel '([^']+)' not registered for backend '([^']+)'/.exec(message);
    if (missing) {
      throw new UserError(`op '${missing[1]}' has no kernel on backend '${missing[2]}' — choose another backend`, {
        cause: error,
      });
    }
    const noGradient = /gradient function not found for (\w+)/.exec(message);
    if (noGradient) {
      throw new UserError(
        `op '${noGradient[1]}' has no gradient registered (backend '${getBackend()}'): this model cannot be trained with it`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}
