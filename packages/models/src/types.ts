import type * as tf from "@tensorflow/tfjs-core";

export interface ModelSpec {
  arch: string;
  imageSize: number;
  channels: number;
  numClasses: number;
  /** Divide-and-co-train: channel widths multiplied by this factor (rounded to even). Default 1. */
  widthScale?: number;
  /**
   * LayerScale initial value. `undefined`: the family's default (none for ViT, the CaiT depth rule for
   * CaiT / ResMLP / PatchConvNet); a number: that value; `null`: LayerScale off (ResMLP keeps its
   * post-affine, initialised at 1). Ignored by ResNet.
   */
  layerScaleInit?: number | null;
  /** How ViT/CaiT resize their position-embedding grid at another input size. Default "bilinear". */
  posEmbedResize?: PosEmbedResize;
}

export type PosEmbedResize = "bicubic" | "bilinear";

export interface BranchInfo {
  index: number;
  stage: number;
  blockInStage: number;
  /** Readable path of the branch, e.g. `stage2.block0` or `block3.attn`. */
  name: string;
}

export type BranchDrop =
  | { kind: "keep" }
  | { kind: "skip" }
  | { kind: "mask"; keep: Float32Array }
  | { kind: "subset"; indices: Int32Array; scale: number };

/** Reported once per residual branch that runs, with the number of samples it ran on. */
export interface BranchTrace {
  branch: number;
  samples: number;
}

export interface ForwardOptions {
  /** Training mode: BatchNorm uses batch statistics and updates its running statistics. */
  training: boolean;
  /** One per branch (see `Model.branches`); default keep. Honoured in both modes. */
  drops?: readonly BranchDrop[];
  /** Training mode only: set false to leave BatchNorm running statistics untouched. Default true. */
  updateBatchNormStats?: boolean;
  /** Called for every branch that runs (for tests and profiling). */
  trace?: (event: BranchTrace) => void;
}

/** One named tensor of the model. Non-trainable ones (BatchNorm running statistics) have trainable false. */
export interface ParameterInfo {
  name: string;
  variable: tf.Variable;
  trainable: boolean;
  /** False for biases, norm / affine / LayerScale parameters, tokens and position embeddings. */
  weightDecay: boolean;
}

export interface Model {
  readonly arch: string;
  readonly spec: ModelSpec;
  readonly branches: readonly BranchInfo[];
  readonly stages: readonly number[];
  readonly paramCount: number;
  readonly flopsPerImage: number;
  readonly trainableVariables: readonly tf.Variable[];
  /** Every tensor by name, trainable or not, with its weight-decay flag. */
  readonly parameters: readonly ParameterInfo[];
  /** FLOPs per image at another input size (same convention as `flopsPerImage`). */
  flopsAt(imageSize: number): number;
  forward(x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D;
  getWeights(): Map<string, Float32Array>;
  setWeights(w: Map<string, Float32Array>): void;
  dispose(): void;
}

export interface ArchitectureInfo {
  name: string;
  family: string;
  description: string;
}
