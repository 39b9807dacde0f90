import { clamp01, imageSize, luma } from "./image";
import type { FloatImage, Scratch } from "./image";

/** RGB → grey replicated on the three channels; a one-channel image is grey already and is left alone. */
export function grayscale(image: FloatImage): void {
  const { data, channels: c } = image;
  if (c < 3) return;
  const n = imageSize(image);
  for (let p = 0; p < n; p += c) {
    const g = luma(data, p, c);
    data[p] = g;
    data[p + 1] = g;
    data[p + 2] = g;
  }
}

/** Inverts every value at or above `threshold`. */
export function solarize(image: FloatImage, threshold: number): void {
  const { data } = image;
  const n = imageSize(image);
  for (let i = 0; i < n; i++) if (data[i]! >= threshold) data[i] = 1 - data[i]!;
}

/** Keeps the top `bits` bits of each 8-bit value. */
export function posterize(image: FloatImage, bits: number): void {
  const mask = (0xff << (8 - bits)) & 0xff;
  const { data } = image;
  const n = imageSize(image);
  for (let i = 0; i < n; i++) data[i] = (Math.round(data[i]! * 255) & mask) / 255;
}

/** Multiplies every value by `factor` (blend with black). */
export function adjustBrightness(image: FloatImage, factor: number): void {
  const { data } = image;
  const n = imageSize(image);
  for (let i = 0; i < n; i++) data[i] = clamp01(data[i]! * factor);
}

/** Blends with the image's mean grey level: factor 0 gives flat grey, 1 the image. */
export function adjustContrast(image: FloatImage, factor: number): void {
  const { data, channels: c } = image;
  const n = imageSize(image);
  let sum = 0;
  for (let p = 0; p < n; p += c) sum += luma(data, p, c);
  const mean = sum / (n / c);
  for (let i = 0; i < n; i++) data[i] = clamp01(mean + factor * (data[i]! - mean));
}

/** Blends each pixel with its grey value; no-op on one-channel images. */
export function adjustSaturation(image: FloatImage, factor: number): void {
  const { data, channels: c } = image;
  if (c < 3) return;
  const n = imageSize(image);
  for (let p = 0; p < n; p += c) {
    const g = luma(data, p, c);
    for (let ch = 0; ch < 3; ch++) data[p + ch] = clamp01(g + factor * (data[p + ch]! - g));
  }
}

/** Blends with a 3×3 smoothed copy (centre weight 5, neighbours 1); border pixels are kept as they are. */
export function adjustSharpness(image: FloatImage, factor: number, scratch: Scratch): void {
  const { data, height: h, width: w, channels: c } = image;
  const n = imageSize(image);
  const copy = scratch.get("sharpness", n);
  copy.set(data.subarray(0, n));
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let ch = 0; ch < c; ch++) {
        const at = (y * w + x) * c + ch;
        let sum = 4 * copy[at]!;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += copy[at + (dy * w + dx) * c]!;
        const smooth = sum / 13;
        data[at] = clamp01(smooth + factor * (copy[at]! - smooth));
      }
    }
  }
}

/** Stretches each channel so its darkest value becomes 0 and its brightest 1. */
export function autocontrast(image: FloatImage): void {
  const { data, channels: c } = image;
  const n = imageSize(image);
  for (let ch = 0; ch < c; ch++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = ch; i < n; i += c) {
      lo = Math.min(lo, data[i]!);
      hi = Math.max(hi, data[i]!);
    }
    if (hi - lo < 1e-6) continue;
    const scale = 1 / (hi - lo);
    for (let i = ch; i < n; i += c) data[i] = (data[i]! - lo) * scale;
  }
}

// Reused by every call: JavaScript runs one equalize at a time.
const histogram = new Int32Array(256);

/** Histogram equalization of each channel over 256 levels. */
export function equalize(image: FloatImage): void {
  const { data, channels: c } = image;
  const n = imageSize(image);
  const pixels = n / c;
  for (let ch = 0; ch < c; ch++) {
    histogram.fill(0);
    for (let i = ch; i < n; i += c) histogram[Math.round(data[i]! * 255)]! += 1;
    let firstCount = 0;
    for (let v = 0; v < 256; v++) {
      if (histogram[v]! > 0) {
        firstCount = histogram[v]!;
        break;
      }
    }
    const spread = pixels - firstCount;
    if (spread <= 0) continue;
    // Map each level through the cumulative histogram, the lowest level to 0 and the top to 1.
    let cumulative = 0;
    for (let v = 0; v < 256; v++) {
      cumulative += histogram[v]!;
      histogram[v] = cumulative;
    }
    for (let i = ch; i < n; i += c) {
      const cdf = histogram[Math.round(data[i]! * 255)]!;
      data[i] = Math.max(0, (cdf - firstCount) / spread);
    }
  }
}

/** Separable Gaussian blur with standard deviation `sigma` pixels; edges repeat the border pixel. */
export function gaussianBlur(image: FloatImage, sigma: number, scratch: Scratch): void {
  const { data, height: h, width: w, channels: c } = image;
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = scratch.get("blur-kernel", 2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    const v = Math.exp(-(k * k) / (2 * sigma * sigma));
    kernel[k + radius] = v;
    total += v;
  }
  for (let k = 0; k <= 2 * radius; k++) kernel[k]! /= total;
  const n = imageSize(image);
  const tmp = scratch.get("blur-rows", n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const sx = Math.min(w - 1, Math.max(0, x + k));
          acc += kernel[k + radius]! * data[(y * w + sx) * c + ch]!;
        }
        tmp[(y * w + x) * c + ch] = acc;
      }
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++) {
          const sy = Math.min(h - 1, Math.max(0, y + k));
          acc += kernel[k + radius]! * tmp[(sy * w + x) * c + ch]!;
        }
        data[(y * w + x) * c + ch] = acc;
      }
    }
  }
}
