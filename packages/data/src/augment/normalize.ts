import type { FloatImage } from "./image";

/** Writes (x − mean) / std per channel of `image` into `out` from `offset`. */
export function normalizeInto(
  image: FloatImage,
  mean: readonly number[],
  std: readonly number[],
  out: Float32Array,
  offset: number,
): void {
  const { data, channels: c } = image;
  const n = image.height * image.width * c;
  for (let ch = 0; ch < c; ch++) {
    const m = mean[ch] ?? 0;
    const inv = 1 / (std[ch] ?? 1);
    for (let i = ch; i < n; i += c) out[offset + i] = (data[i]! - m) * inv;
  }
}

/** The inverse of {@link normalizeInto}, in place on a slice; for checks and previews. */
export function denormalize(
  values: Float32Array,
  channels: number,
  mean: readonly number[],
  std: readonly number[],
): void {
  for (let i = 0; i < values.length; i++) {
    const ch = i % channels;
    values[i] = values[i]! * (std[ch] ?? 1) + (mean[ch] ?? 0);
  }
}
