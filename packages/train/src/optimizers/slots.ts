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
    return slotState(this.step, this.slots, this.params, (v) => v.dataSync() as Float32Array);
  }

  setState(state: Map<string, Float32Array>): void {
    this.step = restoreSlotState(state, this.slots, this.params, (v, values) => {
      if (values.length !== v.size) return false;
      v.assign(tf.tensor(values, v.shape));
      return true;
    });
  }

  dispose(): void {
    for (const vars of this.slots.values()) vars.forEach((v) => v.dispose());
  }
}

/**
 * Optimizer buffers in checkpoint form: "step", then one array per "<slot>/<parameter name>" (what `read` gives
 * for each buffer).
 */
export function slotState<B>(
  step: number,
  slots: ReadonlyMap<string, readonly B[]>,
  params: readonly OptimizedParameter[],
  read: (buffer: B) => Float32Array,
): Map<string, Float32Array> {
  const state = new Map<string, Float32Array>([["step", Float32Array.of(step)]]);
  for (const [name, buffers] of slots) buffers.forEach((b, i) => state.set(`${name}/${params[i]!.name}`, read(b)));
  return state;
}

/**
 * Writes each buffer's values from checkpoint form (`write` returns false when the sizes differ) and returns the
 * step count; a missing or mis-sized entry is an error naming it.
 */
export function restoreSlotState<B>(
  state: ReadonlyMap<string, Float32Array>,
  slots: ReadonlyMap<string, readonly B[]>,
  params: readonly OptimizedParameter[],
  write: (buffer: B, values: Float32Array) => boolean,
): number {
  const step = state.get("step");
  if (!step) throw new Error("optimizer state has no step count");
  for (const [name, buffers] of slots) {
    buffers.forEach((b, i) => {
      const key = `${name}/${params[i]!.name}`;
      const values = state.get(key);
      if (!values || !write(b, values)) throw new Error(`optimizer state ${key} is missing or has the wrong size`);
    });
  }
  return step[0]!;
}
