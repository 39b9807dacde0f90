import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Images as bytes (N × pixels) and one class per image. */
export interface DecodedImages {
  readonly images: Uint8Array;
  readonly labels: Int32Array;
}

/**
 * `decode()`'s result, kept as bytes in `cacheDir` and read back by later processes: decoding a dataset
 * shipped as JSON takes about half a second, reading its bytes a few milliseconds. The file's name hashes
 * the path, size and modification time of every source file, so a changed source is decoded again. The cache is
 * an optimization only: a file that cannot be read or written is decoded again (labels must fit a byte).
 */
export function cachedDecode(
  cacheDir: string,
  name: string,
  sources: readonly string[],
  pixelsPerImage: number,
  decode: () => DecodedImages,
): DecodedImages {
  const file = join(cacheDir, `${name}-${sourceStamp(sources)}.u8`);
  const cached = readCached(file, pixelsPerImage);
  if (cached !== null) return cached;
  const decoded = decode();
  writeCached(file, decoded);
  return decoded;
}

function sourceStamp(sources: readonly string[]): string {
  const hash = createHash("sha256");
  for (const source of sources) {
    const stat = statSync(source);
    hash.update(`${source}\0${stat.size}\0${stat.mtimeMs}\0`);
  }
  return hash.digest("hex").slice(0, 16);
}

function readCached(file: string, pixelsPerImage: number): DecodedImages | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  const count = bytes.length / (pixelsPerImage + 1);
  if (!Number.isInteger(count) || count === 0) return null;
  const images = new Uint8Array(count * pixelsPerImage);
  images.set(bytes.subarray(0, images.length));
  const labels = Int32Array.from(bytes.subarray(images.length));
  return { images, labels };
}

function writeCached(file: string, { images, labels }: DecodedImages): void {
  if (labels.some((label) => label < 0 || label > 255)) return;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const bytes = new Uint8Array(images.length + labels.length);
    bytes.set(images);
    bytes.set(labels, images.length);
    writeFileSync(temporary, bytes);
    // Another process may write the same file at the same moment: each renames a whole file of its own.
    renameSync(temporary, file);
  } catch {
    // A read-only installation: decode again next time.
    try {
      rmSync(temporary, { force: true });
    } catch {
      // nothing was written
    }
  }
}
