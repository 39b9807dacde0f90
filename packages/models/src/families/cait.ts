import * as tf from "@tensorflow/tfjs-core";
import { truncNormal } from "../init";
import { ClassAttention } from "../layers/attention";
import { Linear } from "../layers/linear";
import { Mlp } from "../layers/mlp";
import { LayerNorm, LayerScale } from "../layers/norm";
import { PatchEmbed, PositionEmbedding } from "../layers/patch";
import type { ParamStore } from "../params";
import type { ForwardContext } from "../residual";
import type { BranchInfo } from "../types";
import {
  isotropicBranches,
  layerScaleForDepth,
  resolveLayerScale,
  type ArchDefinition,
  type Network,
  type ResolvedSpec,
} from "../family";
import { scaleAttentionDim, TransformerBlock } from "./vit";

export interface CaitConfig {
  patch: number;
  dim: number;
  depth: number;
  classDepth: number;
  heads: number;
  mlpRatio: number;
}

/**
 * A class-attention block (thesis §3.6): cls ← cls + LS(CA(LN([cls; patches]))), then
 * cls ← cls + LS(FFN(LN(cls))). The patches are frozen: only the class token is updated.
 */
class ClassAttentionBlock {
  private readonly norm1: LayerNorm;
  private readonly attn: ClassAttention;
  private readonly ls1: LayerScale | null;
  private readonly norm2: LayerNorm;
  private readonly mlp: Mlp;
  private readonly ls2: LayerScale | null;

  constructor(
    store: ParamStore,
    name: string,
    dim: number,
    heads: number,
    mlpRatio: number,
    layerScale: number | null,
  ) {
    this.norm1 = new LayerNorm(store, `${name}.norm1`, dim);
    this.attn = new ClassAttention(store, `${name}.attn`, dim, heads, true);
    this.ls1 = layerScale === null ? null : new LayerScale(store, `${name}.ls1`, dim, layerScale);
    this.norm2 = new LayerNorm(store, `${name}.norm2`, dim);
    this.mlp = new Mlp(store, `${name}.mlp`, dim, dim * mlpRatio);
    this.ls2 = layerScale === null ? null : new LayerScale(store, `${name}.ls2`, dim, layerScale);
  }

  apply(cls: tf.Tensor, patches: tf.Tensor): tf.Tensor {
    const b = cls.shape[0]!;
    const [n, d] = [patches.shape[1]!, patches.shape[2]!];
    const u = this.norm1.apply(tf.concat([cls, patches], 1));
    let a = this.attn.apply(tf.slice(u, [0, 0, 0], [b, 1, d]), tf.slice(u, [0, 1, 0], [b, n, d]));
    if (this.ls1) a = this.ls1.apply(a);
    const c = tf.add(cls, a);
    let f = this.mlp.apply(this.norm2.apply(c));
    if (this.ls2) f = this.ls2.apply(f);
    return tf.add(c, f);
  }

  macs(patches: number): number {
    return this.attn.macs(patches) + this.mlp.macs(1);
  }
}

/**
 * CaiT (thesis §3.5–3.7): ViT without class token in the self-attention stage, LayerScale on every
 * residual branch (init by the depth rule unless given), talking-heads self-attention, then
 * `classDepth` class-attention blocks that update only the class token. Head size 48 as in the paper.
 * Residual branches (for stochastic depth / subnetwork sampling) are those of the self-attention stage;
 * the class-attention stage always runs, as in CaiT, whose drop-path is not applied there.
 */
class Cait implements Network {
  readonly branches: BranchInfo[];
  readonly stages: number[];
  private readonly embed: PatchEmbed;
  private readonly pos: PositionEmbedding;
  private readonly blocks: TransformerBlock[] = [];
  private readonly cls: tf.Variable;
  private readonly classBlocks: ClassAttentionBlock[] = [];
  private readonly norm: LayerNorm;
  private readonly head: Linear;

  constructor(spec: ResolvedSpec, store: ParamStore, config: CaitConfig) {
    const dim = scaleAttentionDim(config.dim, config.heads, spec.widthScale);
    const layerScale = resolveLayerScale(spec, layerScaleForDepth(config.depth));
    this.embed = new PatchEmbed(store, "patchEmbed", spec.channels, dim, config.patch);
    this.pos = new PositionEmbedding(store, "posEmbed", this.embed.grid(spec.imageSize), dim, 0, spec.posEmbedResize);
    for (let i = 0; i < config.depth; i++) {
      this.blocks.push(new TransformerBlock(store, `block${i}`, dim, config.heads, config.mlpRatio, layerScale, true));
    }
    this.cls = store.create("clsToken", [1, 1, dim], truncNormal(), { weightDecay: false });
    for (let i = 0; i < config.classDepth; i++) {
      this.classBlocks.push(
        new ClassAttentionBlock(store, `classBlock${i}`, dim, config.heads, config.mlpRatio, layerScale),
      );
    }
    this.norm = new LayerNorm(store, "norm", dim);
    this.head = new Linear(store, "head", dim, spec.numClasses, truncNormal());
    this.branches = isotropicBranches(config.depth, ["attn", "mlp"]);
    this.stages = [this.branches.length];
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    let h = this.pos.apply(this.embed.apply(x));
    this.blocks.forEach((block, i) => (h = block.apply(h, ctx, 2 * i)));
    const b = h.shape[0]!;
    let cls: tf.Tensor = tf.tile(this.cls, [b, 1, 1]);
    for (const block of this.classBlocks) cls = block.apply(cls, h);
    return this.head.apply(tf.reshape(this.norm.apply(cls), [b, -1])) as tf.Tensor2D;
  }

  macs(imageSize: number): number {
    const patches = this.embed.grid(imageSize) ** 2;
    const sa = this.blocks.reduce((n, blk) => n + blk.macs(patches), 0);
    const ca = this.classBlocks.reduce((n, blk) => n + blk.macs(patches), 0);
    return this.embed.macs(imageSize) + sa + ca + this.head.inDim * this.head.outDim;
  }
}

export function caitArch(name: string, config: CaitConfig, description: string): ArchDefinition {
  return { name, family: "cait", description, build: (spec, store) => new Cait(spec, store, config) };
}
