import type * as tf from "@tensorflow/tfjs-core";
import type { AdamFamilyOptions } from "./adam-family";
import { assignHost, HostOptimizer, hostValues } from "./host-state";
import type { Optimizer, OptimizedParameter } from "./optimizer";

/**
 * {@link AdamFamily}'s update (AdamW, and LAMB with the trust ratio) as one loop per parameter over its
 * values, for backends whose tensors live in this process (see `runsOnHost`). Arithmetic is in double
 * precision; weights and moments are stored as float32 after each step, so a resumed run reads exactly the
 * state an uninterrupted one would.
 */
export class HostAdamFamily extends HostOptimizer implements Optimizer {
  constructor(
    private readonly params: readonly OptimizedParameter[],
    private readonly options: AdamFamilyOptions,
  ) {
    super(params, ["m", "v"]);
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    const { betas, eps, weightDecay, layerwiseTrustRatio } = this.options;
    const [b1, b2] = betas;
    const t = ++this.slots.step;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    const ms = this.slots.get("m");
    const vs = this.slots.get("v");
    this.params.forEach((p, i) => {
      const g = hostValues(grads[i]!);
      const w = hostValues(p.variable);
      const m = ms[i]!;
      const v = vs[i]!;
      const decay = p.weightDecay && weightDecay > 0 ? weightDecay : 0;
      const update = new Float64Array(w.length);
      let wNormSq = 0;
      let uNormSq = 0;
      for (let j = 0; j < w.length; j++) {
        const gj = g[j]!;
        const mj = b1 * m[j]! + (1 - b1) * gj;
        const vj = b2 * v[j]! + (1 - b2) * gj * gj;
        m[j] = mj;
        v[j] = vj;
        const wj = w[j]!;
        const uj = mj / c1 / (Math.sqrt(vj / c2) + eps) + decay * wj;
        update[j] = uj;
        wNormSq += wj * wj;
        uNormSq += uj * uj;
      }
      // LAMB's trust ratio ‖w‖ / ‖update‖ on decayed tensors (1 where either norm is 0), as the tensor version.
      const ratio = layerwiseTrustRatio && decay > 0 && wNormSq > 0 && uNormSq > 0 ? Math.sqrt(wNormSq / uNormSq) : 1;
      const scale = lr * ratio;
      const next = new Float32Array(w.length);
      for (let j = 0; j < w.length; j++) next[j] = w[j]! - update[j]! * scale;
      assignHost(p.variable, next);
    });
  }
}
