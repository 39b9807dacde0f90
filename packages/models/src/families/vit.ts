import * as tf from "@tensorflow/tfjs-core";
import { truncNormal } from "../init";
import { SelfAttention } from "../layers/attention";
import { Linear } from "../layers/linear";
import { Mlp } from "../layers/mlp";
import { LayerNorm, LayerScale } from "../layers/norm";
import { PatchEmbed, PositionEmbedding } from "../layers/patch";
import type { ParamStore } from "../params";
import { residual, type ForwardContext } from "../residual";
import type { BranchInfo } from "../types";
import {
  isotropicBranches,
  resolveLayerScale,
  scaleWidth,
  type ArchDefinition,
  type Network,
  type ResolvedSpec,
} from "../family";

export interface VitConfig {
  patch: number;
  dim: number;
  depth: number;
  heads: number;
  mlpRatio: number;
}

/** Pre-norm transformer block: x + LS(SA(LN(x))), then x + LS(FFN(LN(x))). Two residual branches. */
export class TransformerBlock {
  private readonly norm1: LayerNorm;
  private readonly attn: SelfAttention;
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
    talkingHeads: boolean,
  ) {
    this.norm1 = new LayerNorm(store, `${name}.norm1`, dim);
    this.attn = new SelfAttention(store, `${name}.attn`, dim, heads, talkingHeads);
    this.ls1 = layerScale === null ? null : new LayerScale(store, `${name}.ls1`, dim, layerScale);
    this.norm2 = new LayerNorm(store, `${name}.norm2`, dim);
    this.mlp = new Mlp(store, `${name}.mlp`, dim, dim * mlpRatio);
    this.ls2 = layerScale === null ? null : new LayerScale(store, `${name}.ls2`, dim, layerScale);
  }

  /** `firstBranch` is the attention branch's index; the FFN's is the next one. */
  apply(x: tf.Tensor, ctx: ForwardContext, firstBranch: number): tf.Tensor {
    const a = residual(ctx, firstBranch, x, x, (t) => {
      const y = this.attn.apply(this.norm1.apply(t));
      return this.ls1 ? this.ls1.apply(y) : y;
    });
    return residual(ctx, firstBranch + 1, a, a, (t) => {
      const y = this.mlp.apply(this.norm2.apply(t));
      return this.ls2 ? this.ls2.apply(y) : y;
    });
  }

  macs(tokens: number): number {
    return this.attn.macs(tokens) + this.mlp.macs(tokens);
  }
}

/** Attention widths scale with widthScale, rounded to keep the head count (the head size changes). */
export function scaleAttentionDim(dim: number, heads: number, scale: number): number {
  return scale === 1 ? dim : scaleWidth(dim, scale, heads % 2 === 0 ? heads : 2 * heads);
}

/**
 * ViT / DeiT (thesis ch. 3): patch embedding, class token, learned position embedding (class position
 * included), pre-norm blocks of MHSA + GELU FFN, final LayerNorm, linear head on the class token.
 * LayerScale is off unless `layerScaleInit` is given (DeiT III uses 1e-4). Init as DeiT's reference
 * code: truncated normal std 0.02 for the Linear weights, tokens and position embedding, zero biases; the
 * patch projection keeps PyTorch's Conv2d default (see PatchEmbed).
 */
class VisionTransformer implements Network {
  readonly branches: BranchInfo[];
  readonly stages: number[];
  private readonly embed: PatchEmbed;
  private readonly cls: tf.Variable;
  private readonly pos: PositionEmbedding;
  private readonly blocks: TransformerBlock[] = [];
  private readonly norm: LayerNorm;
  private readonly head: Linear;

  constructor(spec: ResolvedSpec, store: ParamStore, config: VitConfig) {
    const dim = scaleAttentionDim(config.dim, config.heads, spec.widthScale);
    const layerScale = resolveLayerScale(spec, null);
    this.embed = new PatchEmbed(store, "patchEmbed", spec.channels, dim, config.patch);
    this.cls = store.create("clsToken", [1, 1, dim], truncNormal(), { weightDecay: false });
    this.pos = new PositionEmbedding(store, "posEmbed", this.embed.grid(spec.imageSize), dim, 1, spec.posEmbedResize);
    for (let i = 0; i < config.depth; i++) {
      this.blocks.push(new TransformerBlock(store, `block${i}`, dim, config.heads, config.mlpRatio, layerScale, false));
    }
    this.norm = new LayerNorm(store, "norm", dim);
    this.head = new Linear(store, "head", dim, spec.numClasses, truncNormal());
    this.branches = isotropicBranches(config.depth, ["attn", "mlp"]);
    this.stages = [this.branches.length];
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    const patches = this.embed.apply(x);
    const b = patches.shape[0]!;
    let h = this.pos.apply(tf.concat([tf.tile(this.cls, [b, 1, 1]), patches], 1));
    this.blocks.forEach((block, i) => (h = block.apply(h, ctx, 2 * i)));
    const cls = tf.reshape(this.norm.apply(tf.slice(h, [0, 0, 0], [b, 1, h.shape[2]!])), [b, -1]);
    return this.head.apply(cls) as tf.Tensor2D;
  }

  macs(imageSize: number): number {
    const tokens = this.embed.grid(imageSize) ** 2 + 1;
    const blocks = this.blocks.reduce((n, blk) => n + blk.macs(tokens), 0);
    return this.embed.macs(imageSize) + blocks + this.head.inDim * this.head.outDim;
  }
}

export function vitArch(name: string, config: VitConfig, description: string): ArchDefinition {
  return { name, family: "vit", description, build: (spec, store) => new VisionTransformer(spec, store, config) };
}
