import { fixBatchMatMulBroadcastGradient } from "./batch-matmul-broadcast";
import { fixMirrorPadGradient } from "./mirror-pad";
import { registerNonDifferentiableGradients } from "./non-differentiable";
import { ensureTfjsGradients } from "./register-tfjs-gradients";
import type { GradientSource } from "./register-tfjs-gradients";
import { registerScatterGatherNdGradients } from "./scatter-gather-nd";

/**
 * Registers every gradient training needs, for all backends: tfjs-core's own (see
 * {@link ensureTfjsGradients}), then this package's additions and fixes. Idempotent.
 */
export async function registerGradients(): Promise<GradientSource> {
  const source = await ensureTfjsGradients();
  fixBatchMatMulBroadcastGradient();
  fixMirrorPadGradient();
  registerNonDifferentiableGradients();
  registerScatterGatherNdGradients();
  return source;
}
