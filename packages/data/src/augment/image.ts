/**
 * A float image being augmented: HWC, values in [0, 1] until normalization. `data` may be longer
 * than height × width × channels (a reused work buffer); only that prefix is the image.
 */
export interface FloatImage {
  data: Float32Array;
  height: number;
  width: number;
  channels: number;
}

export function imageSize(image: FloatImage): number {
  return image.height * image.width * image.channels;
}

export function clamp01(v: number): number {
  return v < 0 ? 0 : Math.min(v, 1);
}

/** ITU-R 601 luma weights, the usual RGB → grey conversion. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/** Grey value of pixel `p` (index of its first channel). */
export function luma(data: Float32Array, p: number, channels: number): number {
  return channels >= 3 ? LUMA[0] * data[p]! + LUMA[1] * data[p + 1]! + LUMA[2] * data[p + 2]! : data[p]!;
}

/** Named work buffers that grow to the largest size asked for and are then reused. */
export class Scratch {
  private readonly buffers = new Map<string, Float32Array>();

  get(name: string, size: number): Float32Array {
    let buffer = this.buffers.get(name);
    if (!buffer || buffer.length < size) {
      buffer = new Float32Array(size);
      this.buffers.set(name, buffer);
    }
    return buffer;
  }
}
