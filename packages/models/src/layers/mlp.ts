import type * as tf from "@tensorflow/tfjs-core";
import { truncNormal } from "../init";
import type { ParamStore } from "../params";
import { gelu } from "./activations";
import { Linear } from "./linear";

/** The transformer FFN: Linear(d → hidden), GELU, Linear(hidden → d). */
export class Mlp {
  private readonly fc1: Linear;
  private readonly fc2: Linear;

  constructor(
    store: ParamStore,
    name: string,
    readonly dim: number,
    readonly hidden: number,
  ) {
    this.fc1 = new Linear(store, `${name}.fc1`, dim, hidden, truncNormal());
    this.fc2 = new Linear(store, `${name}.fc2`, hidden, dim, truncNormal());
  }

  apply(x: tf.Tensor): tf.Tensor {
    return this.fc2.apply(gelu(this.fc1.apply(x)));
  }

  /** Multiply-accumulates for `tokens` tokens. */
  macs(tokens: number): number {
    return 2 * tokens * this.dim * this.hidden;
  }
}
