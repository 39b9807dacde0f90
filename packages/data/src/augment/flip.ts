import type { FloatImage } from "./image";

/** Mirrors the image left-right in place. */
export function flipHorizontal(image: FloatImage): void {
  const { data, height, width, channels: c } = image;
  for (let y = 0; y < height; y++) {
    const row = y * width * c;
    for (let left = 0, right = width - 1; left < right; left++, right--) {
      for (let ch = 0; ch < c; ch++) {
        const a = row + left * c + ch;
        const b = row + right * c + ch;
        const t = data[a]!;
        data[a] = data[b]!;
        data[b] = t;
      }
    }
  }
}
