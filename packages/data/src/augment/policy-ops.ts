import type { SeededRandom } from "@seedscope/core";
import { rotation, warpAffine } from "./affine";
import type { FloatImage, Scratch } from "./image";
import {
  autocontrast8,
  equalize8,
  invert8,
  pilShearX,
  pilShearY,
  pilTranslate,
  posterize8,
  solarize8,
  solarizeAdd8,
} from "./pil-ops";
import { adjustBrightness, adjustContrast, adjustSaturation, adjustSharpness } from "./pixel-ops";

/*
 * The image operations of the AutoAugment / RandAugment family, each taking its argument after the
 * policy's magnitude mapping (degrees, blend factor, bits, threshold, pixels). timm's RandAugment and the
 * AutoAugment policies differ only in how a magnitude becomes that argument, so both use these.
 */

export type PolicyOp =
  | "AutoContrast"
  | "Equalize"
  | "Invert"
  | "Rotate"
  | "Posterize"
  | "Solarize"
  | "SolarizeAdd"
  | "Color"
  | "Contrast"
  | "Brightness"
  | "Sharpness"
  | "ShearX"
  | "ShearY"
  | "TranslateX"
  | "TranslateY";

export interface PolicyContext {
  readonly random: SeededRandom;
  readonly scratch: Scratch;
  /** Value per channel for pixels that geometric ops bring in from outside (timm: the dataset mean). */
  readonly fill: readonly number[];
}

/**
 * Applies `op` with its argument: Rotate degrees (PIL's rotation about the centre); Posterize bits kept;
 * Solarize threshold and SolarizeAdd amount in 8-bit levels; Color / Contrast / Brightness / Sharpness the
 * PIL `ImageEnhance` blend factor (1 = unchanged); ShearX/Y PIL's shear factor (anchored at the
 * top-left); TranslateX/Y pixels. Warps are bilinear (timm's DeiT pipeline picks bicubic for them).
 */
export function applyPolicyOp(image: FloatImage, op: PolicyOp, arg: number, ctx: PolicyContext): void {
  const warp = (t: Parameters<typeof warpAffine>[1]) => warpAffine(image, t, ctx.fill, ctx.scratch);
  switch (op) {
    case "AutoContrast":
      return autocontrast8(image);
    case "Equalize":
      return equalize8(image);
    case "Invert":
      return invert8(image);
    case "Rotate":
      return warp(rotation(arg));
    case "Posterize":
      return posterize8(image, arg);
    case "Solarize":
      return solarize8(image, arg);
    case "SolarizeAdd":
      return solarizeAdd8(image, arg);
    case "Color":
      return adjustSaturation(image, arg);
    case "Contrast":
      return adjustContrast(image, arg);
    case "Brightness":
      return adjustBrightness(image, arg);
    case "Sharpness":
      return adjustSharpness(image, arg, ctx.scratch);
    case "ShearX":
      return warp(pilShearX(arg, image.height));
    case "ShearY":
      return warp(pilShearY(arg, image.width));
    case "TranslateX":
      return warp(pilTranslate(arg, 0));
    case "TranslateY":
      return warp(pilTranslate(0, arg));
  }
}

/** timm's `_randomly_negate` and torchvision's signed magnitudes: ± with probability 1/2 each. */
export function randomlyNegate(v: number, random: SeededRandom): number {
  return random.bernoulli(0.5) ? -v : v;
}
