import * as tf from "@tensorflow/tfjs-core";
import { UserError } from "@seedscope/core";
import type { BranchDrop, ForwardOptions } from "./types";

const KEEP: BranchDrop = { kind: "keep" };

/** What a family's forward pass needs to know beyond the input. */
export interface ForwardContext {
  readonly training: boolean;
  readonly updateBatchNormStats: boolean;
  drop(branch: number): BranchDrop;
  trace(branch: number, samples: number): void;
}

export function makeContext(options: ForwardOptions, branchCount: number, batch: number): ForwardContext {
  const drops = options.drops;
  if (drops !== undefined) {
    if (drops.length !== branchCount) {
      throw new UserError(`drops has ${drops.length} entries, the model has ${branchCount} residual branches`);
    }
    drops.forEach((d, i) => validateDrop(d, i, batch));
  }
  const trace = options.trace;
  return {
    training: options.training,
    updateBatchNormStats: options.training && (options.updateBatchNormStats ?? true),
    drop: (i) => drops?.[i] ?? KEEP,
    trace: (branch, samples) => trace?.({ branch, samples }),
  };
}

function validateDrop(drop: BranchDrop, branch: number, batch: number): void {
  if (drop.kind === "mask" && drop.keep.length !== batch) {
    throw new UserError(`branch ${branch}: mask has ${drop.keep.length} entries for a batch of ${batch}`);
  }
  if (drop.kind === "subset") {
    const seen = new Uint8Array(batch);
    for (const i of drop.indices) {
      if (i < 0 || i >= batch) throw new UserError(`branch ${branch}: subset index ${i} outside a batch of ${batch}`);
      if (seen[i]) throw new UserError(`branch ${branch}: subset index ${i} repeated`);
      seen[i] = 1;
    }
  }
}

/**
 * `identity + branch(x)` under the branch's drop instruction. Batch is axis 0 of `x`, `identity` and
 * the branch output (which must have the identity's shape).
 *
 * "subset" is efficient stochastic depth (cosub §4): the branch runs on the gathered samples only
 * (so its BatchNorm sees only them), and its output is put back in place with a gather from
 * [output; zero row] — a formulation with gradients on every backend (tfjs has no ScatterNd gradient).
 */
export function residual(
  ctx: ForwardContext,
  index: number,
  x: tf.Tensor,
  identity: tf.Tensor,
  branch: (input: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  const drop = ctx.drop(index);
  const batch = x.shape[0]!;
  switch (drop.kind) {
    case "keep":
      ctx.trace(index, batch);
      return tf.add(identity, branch(x));
    case "skip":
      return identity;
    case "mask": {
      ctx.trace(index, batch);
      const y = branch(x);
      const shape = [batch, ...y.shape.slice(1).map(() => 1)];
      return tf.add(identity, tf.mul(y, tf.tensor(drop.keep, shape, "float32")));
    }
    case "subset": {
      const k = drop.indices.length;
      if (k === 0) return identity;
      ctx.trace(index, k);
      const y = tf.mul(branch(tf.gather(x, tf.tensor1d(drop.indices, "int32"))), drop.scale);
      const padded = tf.concat([y, tf.zeros([1, ...y.shape.slice(1)])], 0);
      const where = new Int32Array(batch).fill(k);
      drop.indices.forEach((sample, pos) => (where[sample] = pos));
      return tf.add(identity, tf.gather(padded, tf.tensor1d(where, "int32")));
    }
  }
}
