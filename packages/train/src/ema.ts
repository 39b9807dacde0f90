import * as tf from "@tensorflow/tfjs-core";
import type { Model } from "@seedscope/models";

/**
 * Exponential moving average of every model tensor (BatchNorm statistics included), updated after each
 * optimizer step: ema ← d·ema + (1 − d)·w. Evaluation can swap the averaged weights in temporarily.
 */
export class Ema {
  private readonly shadows: Map<string, tf.Variable>;

  constructor(
    private readonly model: Model,
    private readonly decay: number,
  ) {
    this.shadows = new Map(model.parameters.map((p) => [p.name, tf.variable(p.variable.clone(), false)]));
  }

  update(): void {
    tf.tidy(() => {
      for (const p of this.model.parameters) {
        const shadow = this.shadows.get(p.name)!;
        shadow.assign(tf.add(tf.mul(shadow, this.decay), tf.mul(p.variable, 1 - this.decay)));
      }
    });
  }

  getWeights(): Map<string, Float32Array> {
    return new Map([...this.shadows].map(([name, v]) => [name, v.dataSync() as Float32Array]));
  }

  setWeights(weights: Map<string, Float32Array>): void {
    for (const [name, v] of this.shadows) {
      const values = weights.get(name);
      if (!values) throw new Error(`EMA weights lack ${name}`);
      v.assign(tf.tensor(values, v.shape));
    }
  }

  withAveragedWeights<T>(fn: () => T): T {
    const current = this.model.getWeights();
    this.model.setWeights(this.getWeights());
    try {
      return fn();
    } finally {
      this.model.setWeights(current);
    }
  }

  dispose(): void {
    for (const v of this.shadows.values()) v.dispose();
  }
}
