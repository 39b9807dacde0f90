import * as tf from "@tensorflow/tfjs-core";
import type { OptimizedParameter } from "./optimizer";

/** Per-parameter optimizer buffers (e.g. Adam's moments), zero-initialised, plus the step count. */
export class Slots {
  private readonly slots = new Map<string, tf.Variable[]>();
  step = 0;

  constructor(
    private readonly params: readonly OptimizedParameter[],
    names: readonly string[],
  ) {
    for (const name of names) {
      this.slots.set(
        name,
        params.map((p) => tf.variable(tf.zerosLike(p.variable), false, `${name}/${p.name}/${p.variable.id}`)),
      );
    }
  }

  get(name: string): tf.Variable[] {
    return this.slots.get(name)!;
  }

  getState(): Map<string, Float32Array> {
    const state = new Map<string, Float32Array>([["step", Float32Array.of(this.step)]]);
    for (const [name, vars] of this.slots) {
      vars.forEach((v, i) => state.set(`${name}/${this.params[i]!.name}`, v.dataSync() as Float32Array));
    }
    return state;
  }

  setState(state: Map<string, Float32Array>): void {
    const step = state.get("step");
    if (!step) throw new Error("optimizer state has no step count");
    this.step = step[0]!;
    for (const [name, vars] of this.slots) {
      vars.forEach((v, i) => {
        const key = `${name}/${this.params[i]!.name}`;
        const values = state.get(key);
        if (!values || values.length !== v.size)
          throw new Error(`optimizer state ${key} is missing or has the wrong size`);
        v.assign(tf.tensor(values, v.shape));
      });
    }
  }

  dispose(): void {
    for (const vars of this.slots.values()) vars.forEach((v) => v.dispose());
  }
}
