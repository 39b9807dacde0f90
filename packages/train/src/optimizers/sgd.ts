import * as tf from "@tensorflow/tfjs-core";
import type { Optimizer, OptimizedParameter } from "./optimizer";
import { Slots } from "./slots";

export interface SgdOptions {
  readonly momentum: number;
  readonly nesterov: boolean;
  /** L2 weight decay added to the gradient (coupled, as PyTorch's SGD does). */
  readonly weightDecay: number;
}

/** SGD with (Nesterov) momentum in PyTorch's formulation: buf = μ·buf + g; step = g + μ·buf (Nesterov) or buf. */
export class Sgd implements Optimizer {
  private readonly slots: Slots;

  constructor(
    private readonly params: readonly OptimizedParameter[],
    private readonly options: SgdOptions,
  ) {
    this.slots = new Slots(params, options.momentum > 0 ? ["momentum"] : []);
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    const { momentum, nesterov, weightDecay } = this.options;
    const first = this.slots.step === 0;
    this.slots.step++;
    this.params.forEach((p, i) => {
      tf.tidy(() => {
        let g: tf.Tensor = grads[i]!;
        if (p.weightDecay && weightDecay > 0) g = tf.add(g, tf.mul(p.variable, weightDecay));
        let update = g;
        if (momentum > 0) {
          const buf = this.slots.get("momentum")[i]!;
          // PyTorch starts the buffer at the first gradient rather than at μ·0 + g (the same thing).
          const next = first ? g : tf.add(tf.mul(buf, momentum), g);
          buf.assign(next);
          update = nesterov ? tf.add(g, tf.mul(next, momentum)) : next;
        }
        p.variable.assign(tf.sub(p.variable, tf.mul(update, lr)));
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
