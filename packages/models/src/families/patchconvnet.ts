import * as tf from "@tensorflow/tfjs-core";
import { kaimingNormal, truncNormal } from "../init";
import { gelu } from "../layers/activations";
import { ClassAttention } from "../layers/attention";
import { Conv2d, Linear } from "../layers/linear";
import { Mlp } from "../layers/mlp";
import { BatchNorm, LayerNorm, LayerScale } from "../layers/norm";
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

export interface PatchConvNetConfig {
  dim: number;
  depth: number;
  /** Stride-2 3×3 convs in the stem; the paper uses 4 (patch 16) at 224 px, we use 2 (patch 4) for 28–32 px. */
  stemConvs: number;
  norm: "layer" | "batch";
  mlpRatio: number;
  /** Squeeze-and-excitation reduction; the thesis does not give it, we use the SE paper's 16. */
  seReduction: number;
}

/** Squeeze-and-excitation on NHWC: x · sigmoid(W2 relu(W1 mean_hw(x))). */
class SqueezeExcite {
  private readonly reduce: Linear;
  private readonly expand: Linear;

  constructor(
    store: ParamStore,
    name: string,
    private readonly dim: number,
    hidden: number,
  ) {
    this.reduce = new Linear(store, `${name}.reduce`, dim, hidden, truncNormal());
    this.expand = new Linear(store, `${name}.expand`, hidden, dim, truncNormal());
  }

  apply(x: tf.Tensor): tf.Tensor {
    const b = x.shape[0]!;
    const s = tf.sigmoid(this.expand.apply(tf.relu(this.reduce.apply(tf.mean(x, [1, 2])))));
    return tf.mul(x, tf.reshape(s, [b, 1, 1, this.dim]));
  }

  macs(): number {
    return 2 * this.reduce.inDim * this.reduce.outDim;
  }
}

/**
 * A trunk block (thesis §5.2.1): norm, 1×1 conv, GELU, 3×3 depthwise conv, GELU, squeeze-and-excitation,
 * 1×1 conv, LayerScale; the output keeps the input's shape.
 */
class ConvBlock {
  private readonly norm: LayerNorm | BatchNorm;
  private readonly conv1: Conv2d;
  private readonly dw: Conv2d;
  private readonly se: SqueezeExcite;
  private readonly conv2: Conv2d;
  private readonly ls: LayerScale | null;

  constructor(store: ParamStore, name: string, dim: number, config: PatchConvNetConfig, layerScale: number | null) {
    this.norm =
      config.norm === "batch" ? new BatchNorm(store, `${name}.norm`, dim) : new LayerNorm(store, `${name}.norm`, dim);
    this.conv1 = new Conv2d(store, `${name}.conv1`, dim, dim, 1, truncNormal(), { bias: true });
    this.dw = new Conv2d(store, `${name}.dwconv`, dim, dim, 3, kaimingNormal(9), { depthwise: true, bias: true });
    this.se = new SqueezeExcite(store, `${name}.se`, dim, Math.max(1, Math.round(dim / config.seReduction)));
    this.conv2 = new Conv2d(store, `${name}.conv2`, dim, dim, 1, truncNormal(), { bias: true });
    this.ls = layerScale === null ? null : new LayerScale(store, `${name}.ls`, dim, layerScale);
  }

  branch(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    const n = this.norm instanceof BatchNorm ? this.norm.apply(x, ctx) : this.norm.apply(x);
    const y = this.conv2.apply(this.se.apply(gelu(this.dw.apply(gelu(this.conv1.apply(n))))));
    return this.ls ? this.ls.apply(y) : y;
  }

  macs(size: number): number {
    return this.conv1.macs(size) + this.dw.macs(size) + this.se.macs() + this.conv2.macs(size);
  }
}

/**
 * Attention-based pooling (thesis §5.2.1): a learned class token is the single query of one
 * single-head attention over the patches; the result is added to the token, then a residual FFN.
 * Both residuals carry LayerScale. This stage always runs (it is not a droppable branch).
 */
class AttentionPooling {
  private readonly cls: tf.Variable;
  private readonly norm1: LayerNorm;
  private readonly attn: ClassAttention;
  private readonly ls1: LayerScale | null;
  private readonly norm2: LayerNorm;
  private readonly mlp: Mlp;
  private readonly ls2: LayerScale | null;

  constructor(store: ParamStore, dim: number, mlpRatio: number, layerScale: number | null) {
    this.cls = store.create("pool.clsToken", [1, 1, dim], truncNormal(), { weightDecay: false });
    this.norm1 = new LayerNorm(store, "pool.norm1", dim);
    this.attn = new ClassAttention(store, "pool.attn", dim, 1, false);
    this.ls1 = layerScale === null ? null : new LayerScale(store, "pool.ls1", dim, layerScale);
    this.norm2 = new LayerNorm(store, "pool.norm2", dim);
    this.mlp = new Mlp(store, "pool.mlp", dim, dim * mlpRatio);
    this.ls2 = layerScale === null ? null : new LayerScale(store, "pool.ls2", dim, layerScale);
  }

  /** patches [B, N, d] → pooled [B, d] */
  apply(patches: tf.Tensor): tf.Tensor {
    const b = patches.shape[0]!;
    const cls = tf.tile(this.cls, [b, 1, 1]);
    let a = this.attn.apply(this.norm1.apply(cls), this.norm1.apply(patches));
    if (this.ls1) a = this.ls1.apply(a);
    const c = tf.add(cls, a);
    let f = this.mlp.apply(this.norm2.apply(c));
    if (this.ls2) f = this.ls2.apply(f);
    return tf.reshape(tf.add(c, f), [b, -1]);
  }

  macs(patches: number): number {
    return this.attn.macs(patches) + this.mlp.macs(1);
  }
}

/**
 * PatchConvNet (thesis ch. 5): convolutional stem (stride-2 3×3 convs with GELU between them) down to a
 * patch grid, a column of residual conv blocks at constant resolution, attention-based pooling, final
 * LayerNorm and linear head. LayerNorm in the trunk by default (the paper's default); the BatchNorm
 * variant is the paper's Table 5.7/5.8 alternative. LayerScale init is not given in the thesis: the
 * CaiT depth rule. Init (not given by the paper): He normal for the stem and depthwise convs,
 * truncated normal std 0.02 for 1×1 convs and linear layers.
 */
class PatchConvNet implements Network {
  readonly branches: BranchInfo[];
  readonly stages: number[];
  private readonly stem: Conv2d[] = [];
  private readonly blocks: ConvBlock[] = [];
  private readonly pool: AttentionPooling;
  private readonly norm: LayerNorm;
  private readonly head: Linear;

  constructor(spec: ResolvedSpec, store: ParamStore, config: PatchConvNetConfig) {
    const dim = scaleWidth(config.dim, spec.widthScale, 4);
    const layerScale = resolveLayerScale(spec, layerScaleForDepth(config.depth));
    // Stem widths double up to d, ending at d (LeViT-style: d/8, d/4, d/2, d for four convs).
    let cin = spec.channels;
    for (let i = 0; i < config.stemConvs; i++) {
      const cout = Math.max(1, Math.round(dim / 2 ** (config.stemConvs - 1 - i)));
      this.stem.push(
        new Conv2d(store, `stem.conv${i}`, cin, cout, 3, kaimingNormal(9 * cin), { stride: 2, bias: true }),
      );
      cin = cout;
    }
    for (let i = 0; i < config.depth; i++) this.blocks.push(new ConvBlock(store, `block${i}`, dim, config, layerScale));
    this.pool = new AttentionPooling(store, dim, config.mlpRatio, layerScale);
    this.norm = new LayerNorm(store, "norm", dim);
    this.head = new Linear(store, "head", dim, spec.numClasses, truncNormal());
    this.branches = isotropicBranches(config.depth, ["conv"]);
    this.stages = [this.branches.length];
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    let h: tf.Tensor = x;
    this.stem.forEach((conv, i) => (h = i > 0 ? conv.apply(gelu(h)) : conv.apply(h)));
    this.blocks.forEach((block, i) => (h = residual(ctx, i, h, h, (t) => block.branch(t, ctx))));
    const [b, gh, gw, d] = h.shape as [number, number, number, number];
    return this.head.apply(this.norm.apply(this.pool.apply(tf.reshape(h, [b, gh * gw, d])))) as tf.Tensor2D;
  }

  macs(imageSize: number): number {
    let size = imageSize;
    let total = 0;
    for (const conv of this.stem) {
      total += conv.macs(size);
      size = conv.outSize(size);
    }
    total += this.blocks.reduce((n, blk) => n + blk.macs(size), 0);
    return total + this.pool.macs(size * size) + this.head.inDim * this.head.outDim;
  }
}

export function patchConvNetArch(name: string, config: PatchConvNetConfig, description: string): ArchDefinition {
  return { name, family: "patchconvnet", description, build: (spec, store) => new PatchConvNet(spec, store, config) };
}
