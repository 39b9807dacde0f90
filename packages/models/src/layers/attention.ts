import * as tf from "@tensorflow/tfjs-core";
import { truncNormal } from "../init";
import type { ParamStore } from "../params";
import { Linear } from "./linear";

/** [B, N, h·dh] → [B, h, N, dh] */
function splitHeads(x: tf.Tensor, heads: number): tf.Tensor {
  const [b, n, d] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [b, n, heads, d / heads]), [0, 2, 1, 3]);
}

/** [B, h, N, dh] → [B, N, h·dh] */
function mergeHeads(x: tf.Tensor): tf.Tensor {
  const [b, h, n, dh] = x.shape as [number, number, number, number];
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [b, n, h * dh]);
}

/**
 * Talking-heads mixing (Shazeer et al.; used by CaiT's self-attention): a learned h×h linear map across
 * heads, applied to [B, h, N, M] attention logits or weights.
 */
class HeadMix {
  private readonly linear: Linear;

  constructor(store: ParamStore, name: string, heads: number) {
    this.linear = new Linear(store, name, heads, heads, truncNormal());
  }

  apply(x: tf.Tensor): tf.Tensor {
    return tf.transpose(this.linear.apply(tf.transpose(x, [0, 2, 3, 1])), [0, 3, 1, 2]);
  }
}

/** Multi-head self-attention on [B, N, d] tokens, optionally with talking heads. */
export class SelfAttention {
  private readonly qkv: Linear;
  private readonly proj: Linear;
  private readonly mixLogits: HeadMix | null;
  private readonly mixWeights: HeadMix | null;

  constructor(
    store: ParamStore,
    name: string,
    readonly dim: number,
    readonly heads: number,
    talkingHeads = false,
  ) {
    if (dim % heads !== 0) throw new Error(`${name}: dim ${dim} not divisible by ${heads} heads`);
    this.qkv = new Linear(store, `${name}.qkv`, dim, 3 * dim, truncNormal());
    this.proj = new Linear(store, `${name}.proj`, dim, dim, truncNormal());
    this.mixLogits = talkingHeads ? new HeadMix(store, `${name}.talkLogits`, heads) : null;
    this.mixWeights = talkingHeads ? new HeadMix(store, `${name}.talkWeights`, heads) : null;
  }

  apply(x: tf.Tensor): tf.Tensor {
    const [q, k, v] = tf.split(this.qkv.apply(x), 3, -1).map((t) => splitHeads(t, this.heads)) as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    let logits = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(this.dim / this.heads));
    if (this.mixLogits) logits = this.mixLogits.apply(logits);
    let weights = tf.softmax(logits);
    if (this.mixWeights) weights = this.mixWeights.apply(weights);
    return this.proj.apply(mergeHeads(tf.matMul(weights, v)));
  }

  macs(tokens: number): number {
    const d = this.dim;
    const mix = this.mixLogits ? 2 * this.heads * this.heads * tokens * tokens : 0;
    return tokens * 3 * d * d + 2 * tokens * tokens * d + tokens * d * d + mix;
  }
}

/**
 * Class attention (thesis eqs. 3.8–3.12): only the class token queries; keys and values come from the
 * class token and the patches (CaiT, `clsInKeys`) or from the patches alone (PatchConvNet's pooling).
 * Input: the normalised class token [B, 1, d] and patches [B, N, d]; output [B, 1, d].
 */
export class ClassAttention {
  private readonly q: Linear;
  private readonly k: Linear;
  private readonly v: Linear;
  private readonly proj: Linear;

  constructor(
    store: ParamStore,
    name: string,
    readonly dim: number,
    readonly heads: number,
    private readonly clsInKeys: boolean,
  ) {
    if (dim % heads !== 0) throw new Error(`${name}: dim ${dim} not divisible by ${heads} heads`);
    this.q = new Linear(store, `${name}.q`, dim, dim, truncNormal());
    this.k = new Linear(store, `${name}.k`, dim, dim, truncNormal());
    this.v = new Linear(store, `${name}.v`, dim, dim, truncNormal());
    this.proj = new Linear(store, `${name}.proj`, dim, dim, truncNormal());
  }

  apply(cls: tf.Tensor, patches: tf.Tensor): tf.Tensor {
    const z = this.clsInKeys ? tf.concat([cls, patches], 1) : patches;
    const q = splitHeads(this.q.apply(cls), this.heads);
    const k = splitHeads(this.k.apply(z), this.heads);
    const v = splitHeads(this.v.apply(z), this.heads);
    const weights = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(this.dim / this.heads)));
    return this.proj.apply(mergeHeads(tf.matMul(weights, v)));
  }

  macs(patches: number): number {
    const d = this.dim;
    const keys = this.clsInKeys ? patches + 1 : patches;
    return d * d /* q */ + 2 * keys * d * d /* k, v */ + 2 * keys * d /* q·k, weights·v */ + d * d /* proj */;
  }
}
