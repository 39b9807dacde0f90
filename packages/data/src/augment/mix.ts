import type { SeededRandom } from "@seedscope/core";
import type { ImageShape } from "../dataset";

/** A recipe's mixing settings (`augment.mixupAlpha`, …); a config passes as is. */
export interface MixOptions {
  /** Mixup α (0 turns mixup off). */
  readonly mixupAlpha: number;
  /** CutMix α (0 turns cutmix off). */
  readonly cutmixAlpha: number;
  /** With both on, probability that a mixed batch uses cutmix; null when at most one is on. */
  readonly mixSwitchProb: number | null;
  /** Probability that a batch is mixed at all; default 1, as timm and DeiT. */
  readonly mixProb?: number;
}

/** timm's switch probability, for a config that turns both on without giving one (a recipe must give it). */
const DEFAULT_MIX_SWITCH_PROB = 0.5;

export interface CutBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

export interface MixChoice {
  readonly kind: "none" | "mixup" | "cutmix";
  /** Weight of each image's own content and label (for cutmix: the fraction of its pixels kept). */
  readonly lambda: number;
  readonly box: CutBox | null;
}

const NO_MIX: MixChoice = { kind: "none", lambda: 1, box: null };

/**
 * Draws one mix for a whole batch (timm's "batch" mode): with probability `mixProb`, cutmix with
 * probability `mixSwitchProb` when both are on (else mixup), λ ~ Beta(α, α). CutMix cuts a box of
 * sides H·√(1−λ) × W·√(1−λ) around a uniform centre, clipped to the image, and then sets λ to the
 * fraction of the image the box leaves untouched.
 */
export function sampleMix(options: MixOptions, random: SeededRandom, height: number, width: number): MixChoice {
  const { mixupAlpha, cutmixAlpha } = options;
  const useMixup = mixupAlpha > 0;
  const useCutmix = cutmixAlpha > 0;
  // Drawn even at probability 1, so the random stream is the same whatever mixProb is.
  if ((!useMixup && !useCutmix) || !random.bernoulli(options.mixProb ?? 1)) return NO_MIX;
  const cut = useCutmix && (!useMixup || random.bernoulli(options.mixSwitchProb ?? DEFAULT_MIX_SWITCH_PROB));
  if (!cut) return { kind: "mixup", lambda: random.beta(mixupAlpha, mixupAlpha), box: null };
  const drawn = random.beta(cutmixAlpha, cutmixAlpha);
  const ratio = Math.sqrt(1 - drawn);
  const cutH = Math.floor(height * ratio);
  const cutW = Math.floor(width * ratio);
  const cy = random.int(height);
  const cx = random.int(width);
  const y0 = Math.max(0, cy - Math.floor(cutH / 2));
  const y1 = Math.min(height, cy + Math.floor(cutH / 2));
  const x0 = Math.max(0, cx - Math.floor(cutW / 2));
  const x1 = Math.min(width, cx + Math.floor(cutW / 2));
  const lambda = 1 - ((y1 - y0) * (x1 - x0)) / (height * width);
  return { kind: "cutmix", lambda, box: { x0, y0, x1, y1 } };
}

/**
 * Mixes each image i of the batch with image count−1−i (the batch reversed, as timm does), in place,
 * on images (count × H × W × C) and target rows (count × numClasses).
 */
export function applyMix(
  choice: MixChoice,
  images: Float32Array,
  targets: Float32Array,
  count: number,
  shape: ImageShape,
  numClasses: number,
): void {
  if (choice.kind === "none") return;
  const lambda = choice.lambda;
  const size = shape.height * shape.width * shape.channels;
  for (let i = 0, j = count - 1; i < j; i++, j--) {
    const a = i * size;
    const b = j * size;
    if (choice.kind === "mixup") {
      for (let k = 0; k < size; k++) {
        const va = images[a + k]!;
        const vb = images[b + k]!;
        images[a + k] = lambda * va + (1 - lambda) * vb;
        images[b + k] = lambda * vb + (1 - lambda) * va;
      }
    } else if (choice.box) {
      const { x0, y0, x1, y1 } = choice.box;
      const c = shape.channels;
      for (let y = y0; y < y1; y++) {
        for (let k = (y * shape.width + x0) * c, end = (y * shape.width + x1) * c; k < end; k++) {
          const t = images[a + k]!;
          images[a + k] = images[b + k]!;
          images[b + k] = t;
        }
      }
    }
    const ta = i * numClasses;
    const tb = j * numClasses;
    for (let k = 0; k < numClasses; k++) {
      const ya = targets[ta + k]!;
      const yb = targets[tb + k]!;
      targets[ta + k] = lambda * ya + (1 - lambda) * yb;
      targets[tb + k] = lambda * yb + (1 - lambda) * ya;
    }
  }
}
