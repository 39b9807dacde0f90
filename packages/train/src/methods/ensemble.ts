import * as tf from "@tensorflow/tfjs-core";
import { UserError } from "@seedscope/core";
import type { BranchDrop, BranchInfo, ForwardOptions, Model, ModelSpec, ParameterInfo } from "@seedscope/models";

const prefix = (i: number) => `member${i}/`;

/**
 * S networks seen as one model (Divide and Co-training): the forward pass averages the members' logits
 * (before softmax, as the paper's inference does); parameters, weights and branches are the members'
 * under `member<i>/` names, so the optimizer, EMA and checkpoints cover all of them.
 */
export class EnsembleModel implements Model {
  readonly arch: string;
  readonly spec: ModelSpec;
  readonly branches: readonly BranchInfo[];
  readonly stages: readonly number[];
  readonly paramCount: number;
  readonly flopsPerImage: number;
  readonly trainableVariables: readonly tf.Variable[];
  readonly parameters: readonly ParameterInfo[];

  /**
   * @param wide parameters and FLOPs per image of the undivided network the members replace, for the
   * equal-budget comparison (null when unknown).
   */
  constructor(
    readonly members: readonly Model[],
    readonly wide: { readonly params: number; readonly flops: number } | null = null,
  ) {
    if (members.length === 0) throw new Error("an ensemble needs members");
    this.arch = members[0]!.arch;
    this.spec = { ...members[0]!.spec };
    let offset = 0;
    const branches: BranchInfo[] = [];
    members.forEach((m, i) => {
      for (const b of m.branches) branches.push({ ...b, index: offset + b.index, name: `${prefix(i)}${b.name}` });
      offset += m.branches.length;
    });
    this.branches = branches;
    this.stages = members.flatMap((m) => m.stages);
    this.paramCount = members.reduce((n, m) => n + m.paramCount, 0);
    this.flopsPerImage = members.reduce((n, m) => n + m.flopsPerImage, 0);
    this.trainableVariables = members.flatMap((m) => m.trainableVariables);
    this.parameters = members.flatMap((m, i) => m.parameters.map((p) => ({ ...p, name: `${prefix(i)}${p.name}` })));
  }

  flopsAt(imageSize: number): number {
    return this.members.reduce((n, m) => n + m.flopsAt(imageSize), 0);
  }

  forward(x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D {
    const drops = options.drops;
    if (drops !== undefined && drops.length !== this.branches.length) {
      throw new UserError(
        `drops has ${drops.length} entries, the ensemble has ${this.branches.length} residual branches`,
      );
    }
    return tf.tidy(() => {
      let offset = 0;
      const logits = this.members.map((m) => {
        const own: BranchDrop[] | undefined = drops?.slice(offset, offset + m.branches.length);
        offset += m.branches.length;
        return m.forward(x, { ...options, ...(own === undefined ? {} : { drops: own }) });
      });
      return tf.div(tf.addN(logits), this.members.length) as tf.Tensor2D;
    });
  }

  getWeights(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    this.members.forEach((m, i) => {
      for (const [name, v] of m.getWeights()) out.set(`${prefix(i)}${name}`, v);
    });
    return out;
  }

  setWeights(weights: Map<string, Float32Array>): void {
    const unknown = [...weights.keys()].filter(
      (k) => !/^member\d+\//.test(k) || Number(k.slice(6, k.indexOf("/"))) >= this.members.length,
    );
    if (unknown.length > 0)
      throw new UserError(`checkpoint does not match the ensemble: unexpected [${unknown.join(", ")}]`);
    this.members.forEach((m, i) => {
      const own = new Map(
        [...weights].filter(([k]) => k.startsWith(prefix(i))).map(([k, v]) => [k.slice(prefix(i).length), v]),
      );
      m.setWeights(own);
    });
  }

  dispose(): void {
    for (const m of this.members) m.dispose();
  }
}
