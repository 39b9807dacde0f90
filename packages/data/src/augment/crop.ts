import type { SeededRandom } from "@seedscope/core";
import { centerCropBox } from "../resample";
import type { Box, Resampler } from "../resample";
import type { FloatImage, Scratch } from "./image";

/** A source image as stored: uint8 HWC, values 0..255. */
export interface SourceImage {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * Random Resized Crop's box: up to 10 tries of an area fraction uniform in `scale` and an aspect
 * ratio log-uniform in `ratio`; when no try fits, the centred crop with the ratio clamped into range.
 */
export function sampleResizedCropBox(
  random: SeededRandom,
  height: number,
  width: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
): Box {
  const area = height * width;
  const logLo = Math.log(ratio[0]);
  const logHi = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * random.range(scale[0], scale[1]);
    const aspect = Math.exp(random.range(logLo, logHi));
    const w = Math.round(Math.sqrt(target * aspect));
    const h = Math.round(Math.sqrt(target / aspect));
    if (w > 0 && h > 0 && w <= width && h <= height) {
      const y = random.intBetween(0, height - h);
      const x = random.intBetween(0, width - w);
      return { x, y, width: w, height: h };
    }
  }
  const sourceRatio = width / height;
  let w = width;
  let h = height;
  if (sourceRatio < ratio[0]) h = Math.round(w / ratio[0]);
  else if (sourceRatio > ratio[1]) w = Math.round(h * ratio[1]);
  return { x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), width: w, height: h };
}

/** Random Resized Crop into `out` (out.height × out.width), interpolated from the uint8 source. */
export function randomResizedCrop(
  source: SourceImage,
  out: FloatImage,
  random: SeededRandom,
  resampler: Resampler,
  scale: readonly [number, number],
  ratio: readonly [number, number],
): Box {
  const box = sampleResizedCropBox(random, source.height, source.width, scale, ratio);
  resampler.resize(
    source.data,
    source.height,
    source.width,
    source.channels,
    box,
    out.data,
    0,
    out.height,
    out.width,
    1 / 255,
  );
  return box;
}

/** Mirror index for reflect padding (the edge pixel is not repeated), valid for any offset. */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/**
 * Simple Random Crop (DeiT III): resize so the short side equals the output side, reflect-pad by
 * `padding` pixels on every side, and take a square output-sized crop at a uniformly random offset
 * (along both axes: the padding gives slack on the short axis too). Returns the offset in the padded image.
 */
export function simpleRandomCrop(
  source: SourceImage,
  out: FloatImage,
  random: SeededRandom,
  resampler: Resampler,
  scratch: Scratch,
  padding: number,
): { x: number; y: number } {
  const side = out.height;
  const short = Math.min(source.height, source.width);
  const rh = Math.round((source.height * side) / short);
  const rw = Math.round((source.width * side) / short);
  const c = source.channels;
  const resized = scratch.get("src-resized", rh * rw * c);
  const whole = { x: 0, y: 0, width: source.width, height: source.height };
  resampler.resize(source.data, source.height, source.width, c, whole, resized, 0, rh, rw, 1 / 255);
  const y0 = random.intBetween(0, rh + 2 * padding - side);
  const x0 = random.intBetween(0, rw + 2 * padding - side);
  const dst = out.data;
  for (let y = 0; y < side; y++) {
    const sy = reflectIndex(y + y0 - padding, rh);
    for (let x = 0; x < out.width; x++) {
      const sx = reflectIndex(x + x0 - padding, rw);
      const from = (sy * rw + sx) * c;
      const to = (y * out.width + x) * c;
      for (let ch = 0; ch < c; ch++) dst[to + ch] = resized[from + ch]!;
    }
  }
  return { x: x0, y: y0 };
}

/**
 * Evaluation view: resize the short side to output / cropRatio, keep the centred output-sized
 * square (cropRatio 1: the whole short side; DeiT's 0.875 drops the border).
 */
export function centerCrop(source: SourceImage, out: FloatImage, resampler: Resampler, cropRatio: number): void {
  const box = centerCropBox(source.height, source.width, Math.round(out.height / cropRatio), out.height, out.width);
  resampler.resize(
    source.data,
    source.height,
    source.width,
    source.channels,
    box,
    out.data,
    0,
    out.height,
    out.width,
    1 / 255,
  );
}
