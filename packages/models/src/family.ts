import type * as tf from "@tensorflow/tfjs-core";
import type { ParamStore } from "./params";
import type { ForwardContext } from "./residual";
import type { BranchInfo, PosEmbedResize } from "./types";

/** A model spec with its defaults filled in. */
export interface ResolvedSpec {
  arch: string;
  imageSize: number;
  channels: number;
  numClasses: number;
  widthScale: number;
  /** undefined: the family default; null: off. */
  layerScaleInit: number | null | undefined;
  posEmbedResize: PosEmbedResize;
}

/** What a family builds: its branches, a forward pass and a FLOP count. */
export interface Network {
  readonly branches: readonly BranchInfo[];
  readonly stages: readonly number[];
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D;
  /** Multiply-accumulates per image at input side `imageSize`. */
  macs(imageSize: number): number;
}

export interface ArchDefinition {
  name: string;
  family: string;
  description: string;
  build(spec: ResolvedSpec, store: ParamStore): Network;
}

/** Divide-and-co-train width division: c·s rounded to a multiple of `multiple` (even by default), at least `multiple`. */
export function scaleWidth(channels: number, scale: number, multiple = 2): number {
  return Math.max(multiple, Math.round((channels * scale) / multiple) * multiple);
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Divide-and-co-train's division of a network whose stages share a channel divisor (Zhao et al., Appendix A:
 * ResNet [16, 32, 64] → [12, 24, 48] for S = 2, [8, 16, 32] for S = 4): the widths' GCD is scaled and rounded
 * once (§3.1: "GCD/√S, rounded to an even number") and every stage keeps its multiple of it. Rounding each
 * stage on its own instead gives [12, 22, 46] and a smaller ensemble than the paper's.
 */
export function scaleStageWidths(widths: readonly number[], scale: number, multiple = 2): number[] {
  if (scale === 1) return [...widths];
  const divisor = widths.reduce(gcd);
  const scaled = scaleWidth(divisor, scale, multiple);
  return widths.map((w) => (w / divisor) * scaled);
}

/**
 * CaiT's LayerScale init rule (thesis §3.5): ε = 0.1 up to depth 18, 1e-5 at depth 24, 1e-6 deeper.
 * The thesis does not give the value between 18 and 24; we use 1e-5 there.
 */
export function layerScaleForDepth(depth: number): number {
  if (depth <= 18) return 0.1;
  if (depth <= 24) return 1e-5;
  return 1e-6;
}

/** The LayerScale init to use: the spec's value, else the family default (null: LayerScale off). */
export function resolveLayerScale(spec: ResolvedSpec, familyDefault: number | null): number | null {
  return spec.layerScaleInit === undefined ? familyDefault : spec.layerScaleInit;
}

/** Branches of an isotropic network: one stage, `perBlock` branches (named by `kinds`) per block. */
export function isotropicBranches(depth: number, kinds: readonly string[]): BranchInfo[] {
  const out: BranchInfo[] = [];
  for (let b = 0; b < depth; b++) {
    for (const kind of kinds) out.push({ index: out.length, stage: 0, blockInStage: b, name: `block${b}.${kind}` });
  }
  return out;
}
