import * as tf from "@tensorflow/tfjs-core";
import { UserError } from "@seedscope/core";
import { truncNormal } from "../init";
import { Linear } from "../layers/linear";
import { Mlp } from "../layers/mlp";
import { Affine } from "../layers/norm";
import { PatchEmbed } from "../layers/patch";
import type { ParamStore } from "../params";
import { residual, type ForwardContext } from "../residual";
import type { BranchInfo } from "../types";
import {
  isotropicBranches,
  layerScaleForDepth,
  resolveLayerScale,
  scaleWidth,
  type ArchDefinition,
  type Network,
  type ResolvedSpec,
} from "../family";

export interface ResMlpConfig {
  patch: number;
  dim: number;
  depth: number;
  mlpRatio: number;
}

/**
 * A ResMLP layer (thesis eqs. 4.2–4.3): D = X + Aff(A·Aff(X)) with A a linear map across patches
 * (shared by the channels), then Y = D + Aff(C·GELU(B·Aff(D))). The pre-Affs start at λ = 1, β = 0;
 * the post-Affs play LayerScale's role and start at ε.
 */
class ResMlpBlock {
  private readonly pre1: Affine;
  private readonly crossPatch: Linear;
  private readonly post1: Affine;
  private readonly pre2: Affine;
  private readonly mlp: Mlp;
  private readonly post2: Affine;

  constructor(
    store: ParamStore,
    name: string,
    private readonly patches: number,
    private readonly dim: number,
    mlpRatio: number,
    postInit: number,
  ) {
    this.pre1 = new Affine(store, `${name}.pre1`, dim);
    this.crossPatch = new Linear(store, `${name}.crossPatch`, patches, patches, truncNormal());
    this.post1 = new Affine(store, `${name}.post1`, dim, postInit);
    this.pre2 = new Affine(store, `${name}.pre2`, dim);
    this.mlp = new Mlp(store, `${name}.mlp`, dim, dim * mlpRatio);
    this.post2 = new Affine(store, `${name}.post2`, dim, postInit);
  }

  apply(x: tf.Tensor, ctx: ForwardContext, firstBranch: number): tf.Tensor {
    const d = residual(ctx, firstBranch, x, x, (t) => {
      // [B, N, d] → [B, d, N]: the linear layer acts on the patch axis, the same for every channel.
      const mixed = tf.transpose(this.crossPatch.apply(tf.transpose(this.pre1.apply(t), [0, 2, 1])), [0, 2, 1]);
      return this.post1.apply(mixed);
    });
    return residual(ctx, firstBranch + 1, d, d, (t) => this.post2.apply(this.mlp.apply(this.pre2.apply(t))));
  }

  macs(): number {
    return this.patches * this.patches * this.dim + this.mlp.macs(this.patches);
  }
}

/**
 * ResMLP (thesis ch. 4): linear patch embedding, residual MLP layers, a final Aff, average pooling over
 * patches and a linear head. No position embedding or class token; the cross-patch layer fixes the
 * number of patches, hence the input size. Linear weights: truncated normal std 0.02 (the paper gives no
 * init; its code does), the patch projection PyTorch's Conv2d default (see PatchEmbed).
 */
class ResMlp implements Network {
  readonly branches: BranchInfo[];
  readonly stages: number[];
  private readonly embed: PatchEmbed;
  private readonly blocks: ResMlpBlock[] = [];
  private readonly norm: Affine;
  private readonly head: Linear;
  private readonly grid: number;

  constructor(spec: ResolvedSpec, store: ParamStore, config: ResMlpConfig) {
    const dim = scaleWidth(config.dim, spec.widthScale);
    // LayerScale "off" for ResMLP means post-Affs initialised at 1: the Aff is part of the layer.
    const postInit = resolveLayerScale(spec, layerScaleForDepth(config.depth)) ?? 1;
    this.embed = new PatchEmbed(store, "patchEmbed", spec.channels, dim, config.patch);
    this.grid = this.embed.grid(spec.imageSize);
    for (let i = 0; i < config.depth; i++) {
      this.blocks.push(new ResMlpBlock(store, `block${i}`, this.grid * this.grid, dim, config.mlpRatio, postInit));
    }
    this.norm = new Affine(store, "norm", dim);
    this.head = new Linear(store, "head", dim, spec.numClasses, truncNormal());
    this.branches = isotropicBranches(config.depth, ["crossPatch", "mlp"]);
    this.stages = [this.branches.length];
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    this.checkSize(x.shape[1]);
    let h = this.embed.apply(x);
    this.blocks.forEach((block, i) => (h = block.apply(h, ctx, 2 * i)));
    return this.head.apply(tf.mean(this.norm.apply(h), 1)) as tf.Tensor2D;
  }

  macs(imageSize: number): number {
    this.checkSize(imageSize);
    const blocks = this.blocks.reduce((n, blk) => n + blk.macs(), 0);
    return this.embed.macs(imageSize) + blocks + this.head.inDim * this.head.outDim;
  }

  private checkSize(imageSize: number): void {
    if (this.embed.grid(imageSize) !== this.grid) {
      throw new UserError(
        `ResMLP's cross-patch layer is built for a ${this.grid}×${this.grid} patch grid; it cannot take ${imageSize}×${imageSize} images`,
      );
    }
  }
}

export function resmlpArch(name: string, config: ResMlpConfig, description: string): ArchDefinition {
  return { name, family: "resmlp", description, build: (spec, store) => new ResMlp(spec, store, config) };
}
