import * as tf from "@tensorflow/tfjs-core";
import { UserError, type SeededRandom } from "@seedscope/core";
import { initValues, type Init } from "./init";
import type { ParameterInfo } from "./types";

export interface ParamOptions {
  trainable?: boolean;
  weightDecay?: boolean;
}

/**
 * Creates and owns a model's variables under readable names. Each tensor draws from its own stream
 * forked (in creation order) from the model's init stream.
 */
export class ParamStore {
  private readonly entries: ParameterInfo[] = [];
  private readonly byName = new Map<string, ParameterInfo>();

  constructor(private readonly rng: SeededRandom) {}

  create(name: string, shape: readonly number[], init: Init, options: ParamOptions = {}): tf.Variable {
    if (this.byName.has(name)) throw new Error(`duplicate parameter name ${name}`);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = initValues(init, size, this.rng.fork(name));
    const trainable = options.trainable ?? true;
    // No tfjs variable name: tfjs names are global and two models would collide.
    const initial = tf.tensor(values, [...shape], "float32");
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    const info: ParameterInfo = { name, variable, trainable, weightDecay: trainable && (options.weightDecay ?? true) };
    this.entries.push(info);
    this.byName.set(name, info);
    return variable;
  }

  get all(): readonly ParameterInfo[] {
    return this.entries;
  }

  trainableVariables(): tf.Variable[] {
    return this.entries.filter((e) => e.trainable).map((e) => e.variable);
  }

  paramCount(): number {
    return this.entries.filter((e) => e.trainable).reduce((n, e) => n + e.variable.size, 0);
  }

  getWeights(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const e of this.entries) out.set(e.name, Float32Array.from(e.variable.dataSync() as Float32Array));
    return out;
  }

  setWeights(weights: Map<string, Float32Array>): void {
    const missing = this.entries.filter((e) => !weights.has(e.name)).map((e) => e.name);
    const unknown = [...weights.keys()].filter((k) => !this.byName.has(k));
    if (missing.length > 0 || unknown.length > 0) {
      throw new UserError(
        `checkpoint does not match the model: missing [${missing.join(", ")}], unexpected [${unknown.join(", ")}]`,
      );
    }
    for (const e of this.entries) {
      const values = weights.get(e.name)!;
      if (values.length !== e.variable.size) {
        throw new UserError(
          `checkpoint tensor ${e.name} has ${values.length} values, the model expects ${e.variable.size}`,
        );
      }
    }
    for (const e of this.entries) {
      tf.tidy(() => e.variable.assign(tf.tensor(weights.get(e.name)!, e.variable.shape, "float32")));
    }
  }

  dispose(): void {
    for (const e of this.entries) e.variable.dispose();
  }
}
