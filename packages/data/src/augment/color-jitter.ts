import type { SeededRandom } from "@seedscope/core";
import { adjustBrightness, adjustContrast, adjustSaturation } from "./pixel-ops";
import type { FloatImage } from "./image";

/**
 * Colour jitter of strength s: brightness, contrast and saturation factors each uniform in
 * [max(0, 1 − s), 1 + s], applied in a random order; hue is left alone (the recipes jitter it by 0).
 * On one-channel images saturation means nothing, so only brightness and contrast are jittered.
 */
export function colorJitter(image: FloatImage, strength: number, random: SeededRandom): void {
  if (strength <= 0) return;
  const lo = Math.max(0, 1 - strength);
  const hi = 1 + strength;
  const kinds = image.channels >= 3 ? 3 : 2;
  // Random order without allocating: draw the first, then the second of the remaining ones.
  const first = random.int(kinds);
  let second = random.int(kinds - 1);
  if (second >= first) second += 1;
  const third = kinds === 3 ? 3 - first - second : -1;
  for (const kind of [first, second, third]) {
    if (kind < 0) continue;
    const factor = random.range(lo, hi);
    if (kind === 0) adjustBrightness(image, factor);
    else if (kind === 1) adjustContrast(image, factor);
    else adjustSaturation(image, factor);
  }
}
