import type { SeededRandom } from "@seedscope/core";
import type { FloatImage } from "./image";

export interface ErasedBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Random erasing on a normalized image: with probability `p`, up to 10 tries to place a rectangle of
 * area fraction uniform in (0.02, 1/3) and aspect ratio log-uniform in (0.3, 3.3) inside the image;
 * the first that fits is filled with independent N(0, 1) noise per pixel and channel (normalized
 * units). Returns the erased box, or null.
 */
export function randomErasing(image: FloatImage, p: number, random: SeededRandom): ErasedBox | null {
  if (p <= 0 || !random.bernoulli(p)) return null;
  const { data, height: h, width: w, channels: c } = image;
  const area = h * w;
  const logLo = Math.log(0.3);
  const logHi = Math.log(1 / 0.3);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * random.range(0.02, 1 / 3);
    const aspect = Math.exp(random.range(logLo, logHi));
    const eh = Math.round(Math.sqrt(target * aspect));
    const ew = Math.round(Math.sqrt(target / aspect));
    if (eh < 1 || ew < 1 || eh >= h || ew >= w) continue;
    const y0 = random.intBetween(0, h - eh);
    const x0 = random.intBetween(0, w - ew);
    for (let y = y0; y < y0 + eh; y++) {
      for (let i = (y * w + x0) * c, end = (y * w + x0 + ew) * c; i < end; i++) data[i] = random.normal();
    }
    return { x: x0, y: y0, width: ew, height: eh };
  }
  return null;
}
