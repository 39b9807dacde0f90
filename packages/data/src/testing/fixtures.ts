// Helpers shared by this package's tests: deterministic synthetic images and temp folders.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SeededRandom } from "@seedscope/core";
import type { FloatImage } from "../augment/image";
import { makeDataset } from "../dataset";
import type { Dataset, ImageShape } from "../dataset";

export function randomBytes(length: number, seed: number): Uint8Array {
  const random = SeededRandom.fromSeed(seed, "test-bytes");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random.int(256);
  return out;
}

export function randomImage(height: number, width: number, channels: number, seed: number): FloatImage {
  const random = SeededRandom.fromSeed(seed, "test-image");
  const data = new Float32Array(height * width * channels);
  for (let i = 0; i < data.length; i++) data[i] = random.uniform();
  return { data, height, width, channels };
}

export function copyImage(image: FloatImage): FloatImage {
  return { ...image, data: image.data.slice() };
}

/** 32-bit FNV-1a over the bytes of a typed array. */
export function fingerprint(array: ArrayBufferView): number {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A temp folder removed by the returned cleanup. */
export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `seedscope-data-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A small random dataset: `perClass` images per class in each split. */
export function syntheticDataset(
  shape: ImageShape,
  numClasses: number,
  perClass: number,
  options: { flip?: boolean } = {},
): Dataset {
  const size = shape.height * shape.width * shape.channels;
  const make = (seed: number) => {
    const count = numClasses * perClass;
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) labels[i] = i % numClasses;
    return { count, images: randomBytes(count * size, seed), labels };
  };
  return makeDataset({
    name: "synthetic",
    numClasses,
    shape,
    horizontalFlip: options.flip ?? true,
    splits: { train: make(1), val: make(2), v2: make(3) },
    provenance: { train: "random bytes", val: "random bytes", v2: "random bytes" },
  });
}
