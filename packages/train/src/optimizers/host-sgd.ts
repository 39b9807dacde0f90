import type * as tf from "@tensorflow/tfjs-core";
import { assignHost, HostOptimizer, hostValues } from "./host-state";
import type { Optimizer, OptimizedParameter } from "./optimizer";
import type { SgdOptions } from "./sgd";

/** {@link Sgd}'s update as one loop per parameter, for backends whose tensors live in this process. */
export class HostSgd extends HostOptimizer implements Optimizer {
  constructor(
    private readonly params: readonly OptimizedParameter[],
    private readonly options: SgdOptions,
  ) {
    super(params, options.momentum > 0 ? ["momentum"] : []);
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    const { momentum, nesterov, weightDecay } = this.options;
    const first = this.slots.step === 0;
    this.slots.step++;
    const buffers = momentum > 0 ? this.slots.get("momentum") : undefined;
    this.params.forEach((p, i) => {
      const g = hostValues(grads[i]!);
      const w = hostValues(p.variable);
      const decay = p.weightDecay && weightDecay > 0 ? weightDecay : 0;
      const buf = buffers?.[i];
      const next = new Float32Array(w.length);
      for (let j = 0; j < w.length; j++) {
        const gj = g[j]! + decay * w[j]!;
        let update = gj;
        if (buf) {
          // PyTorch starts the buffer at the first gradient.
          const b = first ? gj : momentum * buf[j]! + gj;
          buf[j] = b;
          update = nesterov ? gj + momentum * b : b;
        }
        next[j] = w[j]! - lr * update;
      }
      assignHost(p.variable, next);
    });
  }
}
