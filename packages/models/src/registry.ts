import { UserError, type SeededRandom } from "@seedscope/core";
import type { ArchDefinition } from "./family";
import { caitArch } from "./families/cait";
import { patchConvNetArch } from "./families/patchconvnet";
import { resmlpArch } from "./families/resmlp";
import { resnetArch } from "./families/resnet";
import { vitArch, type VitConfig } from "./families/vit";
import { buildModel } from "./model";
import type { ArchitectureInfo, Model, ModelSpec } from "./types";

/**
 * Sizes are scaled down from the papers' so that 28×28 / 32×32 inputs train on a small CPU: patch 4
 * (a 7×7 or 8×8 grid), width 96, 6 blocks for the isotropic families.
 */
const VIT_TINY: VitConfig = { patch: 4, dim: 96, depth: 6, heads: 3, mlpRatio: 4 };
const PCN_S = { dim: 96, depth: 6, stemConvs: 2, mlpRatio: 4, seReduction: 16 } as const;

const ARCHS: readonly ArchDefinition[] = [
  ...[8, 20, 32, 44, 56, 110].map(resnetArch),
  vitArch("vit-tiny", VIT_TINY, "ViT/DeiT-Tiny scaled down: patch 4, d 96, 6 blocks, 3 heads, MLP ×4, class token"),
  vitArch("deit-tiny", VIT_TINY, "alias of vit-tiny (DeiT is ViT with its training recipe)"),
  caitArch(
    "cait-xxs",
    { patch: 4, dim: 96, depth: 6, classDepth: 2, heads: 2, mlpRatio: 4 },
    "CaiT-XXS scaled down: patch 4, d 96 (48 per head, 2 heads), 6 SA + 2 class-attention blocks, LayerScale, talking heads",
  ),
  resmlpArch(
    "resmlp-s",
    { patch: 4, dim: 96, depth: 6, mlpRatio: 4 },
    "ResMLP-S scaled down: patch 4, d 96, 6 layers, Affine norms",
  ),
  patchConvNetArch(
    "pcn-s",
    { ...PCN_S, norm: "layer" },
    "PatchConvNet-S scaled down: 2-conv stem (patch 4), d 96, 6 conv blocks with LayerNorm, attention pooling",
  ),
  patchConvNetArch(
    "pcn-s-bn",
    { ...PCN_S, norm: "batch" },
    "pcn-s with BatchNorm in the trunk (the thesis' Table 5.8 variant)",
  ),
];

function findArch(name: string): ArchDefinition {
  const def = ARCHS.find((a) => a.name === name);
  if (!def) {
    throw new UserError(`unknown architecture "${name}"; valid names: ${ARCHS.map((a) => a.name).join(", ")}`);
  }
  return def;
}

export function createModel(spec: ModelSpec, rng: SeededRandom): Model {
  return buildModel(findArch(spec.arch), spec, rng);
}

export function listArchitectures(): ArchitectureInfo[] {
  return ARCHS.map(({ name, family, description }) => ({ name, family, description }));
}
