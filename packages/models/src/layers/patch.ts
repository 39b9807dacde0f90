import * as tf from "@tensorflow/tfjs-core";
import { UserError } from "@seedscope/core";
import { fanInUniform, truncNormal } from "../init";
import type { ParamStore } from "../params";
import type { PosEmbedResize } from "../types";
import { bicubicGridMatrix } from "./bicubic";
import { Conv2d } from "./linear";

/**
 * Non-overlapping p×p patches, linearly projected to d: a p×p conv with stride p. Output [B, N, d].
 * Init: the reference code (DeiT / timm's ViT, CaiT, ResMLP) gives truncated normal 0.02 to its Linear layers
 * only; the projection, a Conv2d, keeps PyTorch's default U(±1/√fan-in). At ImageNet's 3×16×16 patches both
 * are ≈ 0.02, but at a 1×4×4 patch 0.02 is 7× too small: the embeddings start near zero, the biases and
 * norms (which LAMB moves by the full lr, without a trust ratio) outgrow them, and resmlp-s under a2 stayed
 * at the class prior (batch accuracy 27 % after 140 steps against 32 % with this init). The bias starts at 0.
 */
export class PatchEmbed {
  private readonly conv: Conv2d;

  constructor(
    store: ParamStore,
    name: string,
    channels: number,
    readonly dim: number,
    readonly patch: number,
  ) {
    this.conv = new Conv2d(store, name, channels, dim, patch, fanInUniform(channels * patch * patch), {
      stride: patch,
      pad: 0,
      bias: true,
    });
  }

  grid(imageSize: number): number {
    if (imageSize % this.patch !== 0) {
      throw new UserError(`image size ${imageSize} is not a multiple of the patch size ${this.patch}`);
    }
    return imageSize / this.patch;
  }

  apply(x: tf.Tensor4D): tf.Tensor {
    const g = this.grid(x.shape[1]);
    if (x.shape[2] !== x.shape[1]) throw new UserError(`expected square images, got ${x.shape[1]}×${x.shape[2]}`);
    return tf.reshape(this.conv.apply(x), [x.shape[0], g * g, this.dim]);
  }

  macs(imageSize: number): number {
    return this.conv.macs(imageSize);
  }
}

/**
 * Learned position embedding for `extra` leading tokens (the class token of ViT) plus a g×g grid. At
 * another grid size (e.g. ST++'s smaller subnet inputs) the grid part is resized: "bicubic" as DeiT does
 * when the resolution changes (PyTorch's bicubic, align_corners=False, as a fixed matrix applied by
 * matMul), or "bilinear" (tfjs' resizeBilinear, the only resize before recipe schema 3).
 */
export class PositionEmbedding {
  private readonly table: tf.Variable;

  constructor(
    store: ParamStore,
    name: string,
    private readonly grid: number,
    private readonly dim: number,
    private readonly extra = 0,
    private readonly resize: PosEmbedResize = "bilinear",
  ) {
    this.table = store.create(name, [1, extra + grid * grid, dim], truncNormal(), { weightDecay: false });
  }

  apply(tokens: tf.Tensor): tf.Tensor {
    const n = tokens.shape[1]! - this.extra;
    if (n === this.grid * this.grid) return tf.add(tokens, this.table);
    const g = Math.round(Math.sqrt(n));
    const gridPart = tf.slice(this.table, [0, this.extra, 0], [1, this.grid * this.grid, this.dim]);
    const resized = this.resizeGrid(gridPart, g);
    const table =
      this.extra > 0 ? tf.concat([tf.slice(this.table, [0, 0, 0], [1, this.extra, this.dim]), resized], 1) : resized;
    return tf.add(tokens, table);
  }

  /** The [1, grid², dim] grid part resized to [1, g², dim]. */
  private resizeGrid(gridPart: tf.Tensor, g: number): tf.Tensor {
    if (this.resize === "bicubic") {
      const op = tf.tensor2d(bicubicGridMatrix(this.grid, g), [g * g, this.grid * this.grid]);
      return tf.reshape(tf.matMul(op, tf.reshape(gridPart, [this.grid * this.grid, this.dim])), [1, g * g, this.dim]);
    }
    const map = tf.reshape(gridPart, [1, this.grid, this.grid, this.dim]) as tf.Tensor4D;
    return tf.reshape(tf.image.resizeBilinear(map, [g, g]), [1, g * g, this.dim]);
  }
}
