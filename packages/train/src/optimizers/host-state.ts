import * as tf from "@tensorflow/tfjs-core";
import type { OptimizedParameter } from "./optimizer";
import { restoreSlotState, slotState } from "./slots";

/**
 * Backends whose tensors live in this process' memory (the wasm heap, or JavaScript arrays), where an
 * optimizer step runs faster as one loop per parameter over its values than as ~25 small tensor ops
 * per parameter, each with its own dispatch: for resnet8 at 12 px the tensor-op LAMB step took ~20 ms of a
 * ~120–170 ms training step. On a GPU backend the tensor ops stay (reading weights back each step would cost more).
 */
const HOST_BACKENDS: readonly string[] = ["wasm", "cpu"];

export function runsOnHost(): boolean {
  return HOST_BACKENDS.includes(tf.getBackend());
}

/** The values of a float32 tensor (read-only: on the cpu backend this is the tensor's own storage). */
export function hostValues(t: tf.Tensor): Float32Array {
  if (t.dtype !== "float32") throw new Error(`expected a float32 tensor, got ${t.dtype}`);
  return t.dataSync() as Float32Array;
}

/**
 * Replaces a variable's values (a new tensor; the old one is released by assign). Not in place on purpose: the wasm
 * backend's XNNPACK convolutions and matmuls pack a weight once and cache the packed copy under the tensor's data
 * id until that tensor is freed, so weights written into the same memory would never reach them (tried: resnet8's
 * convolutions kept using the weights they first packed, and the run ended at chance).
 */
export function assignHost(variable: tf.Variable, values: Float32Array): void {
  tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, "float32")));
}

/** Per-parameter optimizer buffers held as plain arrays (zero-initialised), plus the step count. */
export class HostSlots {
  private readonly slots = new Map<string, Float32Array[]>();
  step = 0;

  constructor(
    private readonly params: readonly OptimizedParameter[],
    names: readonly string[],
  ) {
    for (const name of names)
      this.slots.set(
        name,
        params.map((p) => new Float32Array(p.variable.size)),
      );
  }

  get(name: string): Float32Array[] {
    return this.slots.get(name)!;
  }

  getState(): Map<string, Float32Array> {
    return slotState(this.step, this.slots, this.params, (a) => a.slice());
  }

  setState(state: Map<string, Float32Array>): void {
    this.step = restoreSlotState(state, this.slots, this.params, (a, values) => {
      if (values.length !== a.length) return false;
      a.set(values);
      return true;
    });
  }
}

/** State handling shared by the host-loop optimizers: buffers in {@link HostSlots}, nothing to dispose. */
export abstract class HostOptimizer {
  protected readonly slots: HostSlots;

  constructor(params: readonly OptimizedParameter[], slotNames: readonly string[]) {
    this.slots = new HostSlots(params, slotNames);
  }

  getState(): Map<string, Float32Array> {
    return this.slots.getState();
  }

  setState(state: Map<string, Float32Array>): void {
    this.slots.setState(state);
  }

  dispose(): void {}
}
