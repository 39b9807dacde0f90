import type { SeededRandom } from "@seedscope/core";
import { gaussianBlur, grayscale, solarize } from "./pixel-ops";
import type { FloatImage, Scratch } from "./image";

export type ThreeAugmentChoice = "grayscale" | "solarize" | "blur";
const CHOICES: readonly ThreeAugmentChoice[] = ["grayscale", "solarize", "blur"];

export interface ThreeAugmentOptions {
  /** Gaussian blur σ range, in pixels of the output image. */
  readonly blurSigma: readonly [number, number];
  /** Solarization threshold, in [0, 1] pixel units. */
  readonly solarizeThreshold: number;
}

/** DeiT III's solarization threshold; a recipe does not set it (the blur σ is a recipe field). */
export const SOLARIZE_THRESHOLD = 0.5;

/**
 * The blur σ range in pixels of the trained image: the recipe's range, given at `referenceResolution`
 * (DeiT III: 224), scaled by `outputSize / referenceResolution`; with no reference, as given.
 */
export function blurSigmaAt(
  range: readonly [number, number],
  referenceResolution: number | null,
  outputSize: number,
): [number, number] {
  const scale = referenceResolution === null ? 1 : outputSize / referenceResolution;
  return [range[0] * scale, range[1] * scale];
}

/**
 * 3-Augment (DeiT III): one of grayscale, solarization or Gaussian blur, chosen uniformly per image
 * (colour jitter and flip are separate steps of the pipeline). On one-channel images "grayscale"
 * changes nothing, so a third of them pass unchanged, as they would with the original on grey input.
 */
export function threeAugment(
  image: FloatImage,
  random: SeededRandom,
  scratch: Scratch,
  options: ThreeAugmentOptions,
): ThreeAugmentChoice {
  const choice = CHOICES[random.int(3)]!;
  if (choice === "grayscale") grayscale(image);
  else if (choice === "solarize") solarize(image, options.solarizeThreshold);
  else gaussianBlur(image, random.range(options.blurSigma[0], options.blurSigma[1]), scratch);
  return choice;
}
