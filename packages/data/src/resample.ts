/** A rectangle in source pixel units; fractional edges are allowed. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Source taps of one axis: output o reads `count[o]` pixels from `start[o]` with `weights[o * maxTaps + k]`. */
class AxisTaps {
  start = new Int32Array(0);
  count = new Int32Array(0);
  weights = new Float32Array(0);
  maxTaps = 0;

  /**
   * Shrinking (box longer than the output) averages the covered area exactly, so a downscale does
   * not alias; enlarging (or keeping the size) interpolates linearly between pixel centres, with
   * edges clamped. At equal sizes and an integer offset this is an exact copy.
   */
  compute(offset: number, length: number, srcSize: number, outSize: number): void {
    const step = length / outSize;
    const maxTaps = step > 1 ? Math.ceil(step) + 1 : 2;
    if (this.start.length < outSize) {
      this.start = new Int32Array(outSize);
      this.count = new Int32Array(outSize);
    }
    if (this.weights.length < outSize * maxTaps) this.weights = new Float32Array(outSize * maxTaps);
    this.maxTaps = maxTaps;
    for (let o = 0; o < outSize; o++) {
      const base = o * maxTaps;
      if (step > 1) {
        const lo = Math.max(0, offset + o * step);
        const hi = Math.min(srcSize, offset + (o + 1) * step);
        const first = Math.min(srcSize - 1, Math.floor(lo));
        let n = 0;
        let total = 0;
        for (let i = first; i < hi && n < maxTaps; i++, n++) {
          const w = Math.min(hi, i + 1) - Math.max(lo, i);
          this.weights[base + n] = w;
          total += w;
        }
        if (n === 0 || total <= 0) {
          this.weights[base] = 1;
          n = 1;
          total = 1;
        }
        for (let k = 0; k < n; k++) this.weights[base + k]! /= total;
        this.start[o] = first;
        this.count[o] = n;
      } else {
        const centre = Math.min(srcSize - 1, Math.max(0, offset + (o + 0.5) * step - 0.5));
        const i0 = Math.floor(centre);
        const frac = centre - i0;
        this.start[o] = i0;
        if (frac > 0 && i0 + 1 < srcSize) {
          this.weights[base] = 1 - frac;
          this.weights[base + 1] = frac;
          this.count[o] = 2;
        } else {
          this.weights[base] = 1;
          this.count[o] = 1;
        }
      }
    }
  }
}

/**
 * Resizes a box of an HWC image into an output image. Keeps its buffers between calls, so resizing
 * every image of a batch allocates nothing once the largest size has been seen.
 */
export class Resampler {
  private readonly xs = new AxisTaps();
  private readonly ys = new AxisTaps();
  private rows = new Float32Array(0);

  /**
   * Writes the `box` of `src` (srcH×srcW×channels, values multiplied by `scale`) resized to
   * outH×outW into `dst` from `dstOffset`.
   */
  resize(
    src: ArrayLike<number>,
    srcH: number,
    srcW: number,
    channels: number,
    box: Box,
    dst: Float32Array,
    dstOffset: number,
    outH: number,
    outW: number,
    scale = 1,
  ): void {
    const xs = this.xs;
    const ys = this.ys;
    xs.compute(box.x, box.width, srcW, outW);
    ys.compute(box.y, box.height, srcH, outH);
    let rowLo = srcH;
    let rowHi = 0;
    for (let o = 0; o < outH; o++) {
      rowLo = Math.min(rowLo, ys.start[o]!);
      rowHi = Math.max(rowHi, ys.start[o]! + ys.count[o]!);
    }
    const rowStride = outW * channels;
    const needed = (rowHi - rowLo) * rowStride;
    if (this.rows.length < needed) this.rows = new Float32Array(needed);
    const rows = this.rows;
    for (let y = rowLo; y < rowHi; y++) {
      const srcRow = y * srcW * channels;
      const outRow = (y - rowLo) * rowStride;
      for (let o = 0; o < outW; o++) {
        const first = xs.start[o]!;
        const n = xs.count[o]!;
        const base = o * xs.maxTaps;
        for (let ch = 0; ch < channels; ch++) {
          let acc = 0;
          for (let k = 0; k < n; k++) acc += xs.weights[base + k]! * src[srcRow + (first + k) * channels + ch]!;
          rows[outRow + o * channels + ch] = acc * scale;
        }
      }
    }
    for (let o = 0; o < outH; o++) {
      const first = ys.start[o]! - rowLo;
      const n = ys.count[o]!;
      const base = o * ys.maxTaps;
      const outRow = dstOffset + o * rowStride;
      for (let j = 0; j < rowStride; j++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += ys.weights[base + k]! * rows[(first + k) * rowStride + j]!;
        dst[outRow + j] = acc;
      }
    }
  }
}

/**
 * The box that "resize the short side to `shortSide`, then take the centred `outH`×`outW` crop"
 * selects, in source pixel units: the same pixels without building the intermediate image.
 */
export function centerCropBox(srcH: number, srcW: number, shortSide: number, outH: number, outW: number): Box {
  const factor = shortSide / Math.min(srcH, srcW);
  const resizedH = Math.round(srcH * factor);
  const resizedW = Math.round(srcW * factor);
  const top = Math.floor((resizedH - outH) / 2);
  const left = Math.floor((resizedW - outW) / 2);
  const fy = resizedH / srcH;
  const fx = resizedW / srcW;
  return { x: left / fx, y: top / fy, width: outW / fx, height: outH / fy };
}

/** A whole uint8 HWC image set resized to outH×outW (area average when shrinking), rounded back to uint8. */
export function resizeImagesU8(
  images: Uint8Array,
  count: number,
  srcH: number,
  srcW: number,
  channels: number,
  outH: number,
  outW: number,
): Uint8Array {
  const resampler = new Resampler();
  const one = new Float32Array(outH * outW * channels);
  const out = new Uint8Array(count * one.length);
  const inSize = srcH * srcW * channels;
  const box = { x: 0, y: 0, width: srcW, height: srcH };
  for (let i = 0; i < count; i++) {
    resampler.resize(images.subarray(i * inSize, (i + 1) * inSize), srcH, srcW, channels, box, one, 0, outH, outW);
    const base = i * one.length;
    for (let j = 0; j < one.length; j++) out[base + j] = Math.min(255, Math.max(0, Math.round(one[j]!)));
  }
  return out;
}
