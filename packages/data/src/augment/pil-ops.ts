import type { InverseAffine } from "./affine";
import { type FloatImage, imageSize } from "./image";

/*
 * The point operations of timm's and torchvision's augmentation policies, as PIL computes them on 8-bit
 * images: each value is read as the 8-bit level round(255·v), mapped through a 256-entry table, and
 * written back as level/255. The image between operations stays float (no rounding after blends and
 * warps), which is where this differs from a PIL pipeline.
 */

/** The 8-bit level of a [0, 1] value. */
function level(v: number): number {
  const l = Math.round(v * 255);
  return Math.max(0, Math.min(255, l));
}

/** Maps every value of every channel through `table` (256 levels in, levels out). */
function applyTable(image: FloatImage, table: (l: number) => number): void {
  const { data } = image;
  const n = imageSize(image);
  for (let i = 0; i < n; i++) data[i] = table(level(data[i]!)) / 255;
}

/** PIL `ImageOps.invert`: 255 − level. */
export function invert8(image: FloatImage): void {
  applyTable(image, (l) => 255 - l);
}

/** PIL `ImageOps.posterize`: keeps the top `bits` bits (0 bits: black; 8 or more: unchanged, as timm). */
export function posterize8(image: FloatImage, bits: number): void {
  if (bits >= 8) return;
  const mask = bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
  applyTable(image, (l) => l & mask);
}

/** PIL `ImageOps.solarize`: inverts every level at or above `threshold` (in 8-bit units; 256: none). */
export function solarize8(image: FloatImage, threshold: number): void {
  applyTable(image, (l) => (l < threshold ? l : 255 - l));
}

/** timm's `solarize_add`: adds `add` (capped at 255) to every level below `threshold` (timm: 128). */
export function solarizeAdd8(image: FloatImage, add: number, threshold = 128): void {
  applyTable(image, (l) => (l < threshold ? Math.min(255, l + add) : l));
}

/** Per-channel 256-bin histogram of the 8-bit levels. */
function histogram(image: FloatImage, channel: number): Int32Array {
  const { data, channels: c } = image;
  const n = imageSize(image);
  const h = new Int32Array(256);
  for (let i = channel; i < n; i += c) h[level(data[i]!)]! += 1;
  return h;
}

function mapChannel(image: FloatImage, channel: number, table: ArrayLike<number>): void {
  const { data, channels: c } = image;
  const n = imageSize(image);
  for (let i = channel; i < n; i += c) data[i] = table[level(data[i]!)]! / 255;
}

/** PIL `ImageOps.autocontrast` (cutoff 0): each channel's levels stretched to [0, 255], truncated. */
export function autocontrast8(image: FloatImage): void {
  for (let ch = 0; ch < image.channels; ch++) {
    const h = histogram(image, ch);
    let lo = 0;
    while (lo < 256 && h[lo] === 0) lo++;
    let hi = 255;
    while (hi >= 0 && h[hi] === 0) hi--;
    if (hi <= lo) continue;
    const scale = 255 / (hi - lo);
    const offset = -lo * scale;
    const table = new Int32Array(256);
    for (let l = 0; l < 256; l++) table[l] = Math.min(255, Math.max(0, Math.trunc(l * scale + offset)));
    mapChannel(image, ch, table);
  }
}

/**
 * PIL `ImageOps.equalize`: per channel, step = (pixels − count of the top used level) // 255 and level l
 * maps to (step // 2 + pixels below l) // step. With fewer than 256 pixels beyond the top level the step
 * is 0 and PIL leaves the channel as it is — so on small images equalize often does nothing, as in PIL.
 */
export function equalize8(image: FloatImage): void {
  for (let ch = 0; ch < image.channels; ch++) {
    const h = histogram(image, ch);
    let used = 0;
    let total = 0;
    let top = 0;
    for (let l = 0; l < 256; l++) {
      if (h[l]! > 0) {
        used++;
        top = h[l]!;
      }
      total += h[l]!;
    }
    if (used <= 1) continue;
    const step = Math.floor((total - top) / 255);
    if (step === 0) continue;
    const table = new Int32Array(256);
    let acc = Math.floor(step / 2);
    for (let l = 0; l < 256; l++) {
      table[l] = Math.min(255, Math.floor(acc / step));
      acc += h[l]!;
    }
    mapChannel(image, ch, table);
  }
}

/**
 * PIL's affine shear (`img.transform(AFFINE, (1, f, 0, 0, 1, 0))`): anchored at the top-left corner, not
 * the centre. PIL samples at pixel centres (index + 0.5), so source x = x + f·(y + 0.5); in
 * {@link InverseAffine}'s centred coordinates that is a shear plus a shift of f·height/2.
 */
export function pilShearX(factor: number, height: number): InverseAffine {
  return { a: 1, b: factor, tx: (factor * height) / 2, d: 0, e: 1, ty: 0 };
}

/** {@link pilShearX} along y: source y = y + f·(x + 0.5). */
export function pilShearY(factor: number, width: number): InverseAffine {
  return { a: 1, b: 0, tx: 0, d: factor, e: 1, ty: (factor * width) / 2 };
}

/** PIL's affine translation `(1, 0, p, 0, 1, 0)`: source x = x + p, so the content moves by −p pixels. */
export function pilTranslate(px: number, py: number): InverseAffine {
  return { a: 1, b: 0, tx: px, d: 0, e: 1, ty: py };
}
