import * as tf from "@tensorflow/tfjs-core";
import type { Optimizer, OptimizedParameter } from "./optimizer";
import { Slots } from "./slots";

export interface AdamFamilyOptions {
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  /**
   * LAMB: scale each decayed tensor's update by the trust ratio ‖w‖ / ‖update‖. Tensors without weight
   * decay (norms, biases) keep ratio 1, as in timm's LAMB default.
   */
  readonly layerwiseTrustRatio: boolean;
}

/** AdamW (decoupled weight decay, bias-corrected moments) and, with the trust ratio, LAMB. */
export class AdamFamily implements Optimizer {
  private readonly slots: Slots;

  constructor(
    private readonly params: readonly OptimizedParameter[],
    private readonly options: AdamFamilyOptions,
  ) {
    this.slots = new Slots(params, ["m", "v"]);
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    const [b1, b2] = this.options.betas;
    const t = ++this.slots.step;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    const m = this.slots.get("m");
    const v = this.slots.get("v");
    this.params.forEach((p, i) => {
      tf.tidy(() => {
        const g = grads[i]!;
        const mNew = tf.add(tf.mul(m[i]!, b1), tf.mul(g, 1 - b1));
        const vNew = tf.add(tf.mul(v[i]!, b2), tf.mul(tf.square(g), 1 - b2));
        m[i]!.assign(mNew);
        v[i]!.assign(vNew);
        let update: tf.Tensor = tf.div(tf.div(mNew, c1), tf.add(tf.sqrt(tf.div(vNew, c2)), this.options.eps));
        const decays = p.weightDecay && this.options.weightDecay > 0;
        if (decays) update = tf.add(update, tf.mul(p.variable, this.options.weightDecay));
        let scale: tf.Tensor | number = lr;
        if (this.options.layerwiseTrustRatio && decays) {
          const wNorm = tf.norm(p.variable);
          const uNorm = tf.norm(update);
          const ratio = tf.where(
            tf.logicalAnd(tf.greater(wNorm, 0), tf.greater(uNorm, 0)),
            tf.div(wNorm, uNorm),
            tf.onesLike(wNorm),
          );
          scale = tf.mul(ratio, lr);
        }
        p.variable.assign(tf.sub(p.variable, tf.mul(update, scale)));
      });
    });
  }

  getState(): Map<string, Float32Array> {
    return this.slots.getState();
  }

  setState(state: Map<string, Float32Array>): void {
    this.slots.setState(state);
  }

  dispose(): void {
    this.slots.dispose();
  }
}
