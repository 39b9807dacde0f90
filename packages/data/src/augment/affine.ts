import { imageSize } from "./image";
import type { FloatImage, Scratch } from "./image";

/**
 * Maps output pixel centres to source positions, both relative to the image centre:
 * source = (a·x + b·y + tx, d·x + e·y + ty).
 */
export interface InverseAffine {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly d: number;
  readonly e: number;
  readonly ty: number;
}

export function rotation(degrees: number): InverseAffine {
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return { a: cos, b: sin, tx: 0, d: -sin, e: cos, ty: 0 };
}

export function shearX(amount: number): InverseAffine {
  return { a: 1, b: amount, tx: 0, d: 0, e: 1, ty: 0 };
}

export function shearY(amount: number): InverseAffine {
  return { a: 1, b: 0, tx: 0, d: amount, e: 1, ty: 0 };
}

/** Moves the content by (dx, dy) pixels. */
export function translation(dx: number, dy: number): InverseAffine {
  return { a: 1, b: 0, tx: -dx, d: 0, e: 1, ty: -dy };
}

/**
 * Resamples the image in place through `transform`, bilinearly; positions outside the image take
 * `fill` (one value per channel), blended smoothly at the border.
 */
export function warpAffine(
  image: FloatImage,
  transform: InverseAffine,
  fill: readonly number[],
  scratch: Scratch,
): void {
  const { data, height: h, width: w, channels: c } = image;
  const source = scratch.get("warp-source", imageSize(image));
  source.set(data.subarray(0, imageSize(image)));
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const { a, b, tx, d, e, ty } = transform;
  for (let y = 0; y < h; y++) {
    const ry = y - cy;
    for (let x = 0; x < w; x++) {
      const rx = x - cx;
      const sx = a * rx + b * ry + tx + cx;
      const sy = d * rx + e * ry + ty + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const out = (y * w + x) * c;
      const in00 = x0 >= 0 && x0 < w && y0 >= 0 && y0 < h;
      const in10 = x0 + 1 >= 0 && x0 + 1 < w && y0 >= 0 && y0 < h;
      const in01 = x0 >= 0 && x0 < w && y0 + 1 >= 0 && y0 + 1 < h;
      const in11 = x0 + 1 >= 0 && x0 + 1 < w && y0 + 1 >= 0 && y0 + 1 < h;
      for (let ch = 0; ch < c; ch++) {
        const f = fill[ch] ?? fill[0] ?? 0;
        const v00 = in00 ? source[(y0 * w + x0) * c + ch]! : f;
        const v10 = in10 ? source[(y0 * w + x0 + 1) * c + ch]! : f;
        const v01 = in01 ? source[((y0 + 1) * w + x0) * c + ch]! : f;
        const v11 = in11 ? source[((y0 + 1) * w + x0 + 1) * c + ch]! : f;
        const top = v00 + fx * (v10 - v00);
        const bottom = v01 + fx * (v11 - v01);
        data[out + ch] = top + fy * (bottom - top);
      }
    }
  }
}
