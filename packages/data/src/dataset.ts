import { SPLITS, UserError } from "@seedscope/core";
import type { Split } from "@seedscope/core";

/** Height, width and channel count of every image of a dataset (images are stored HWC). */
export interface ImageShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** One split: `count` images stored once as uint8 N×H×W×C (HWC), and their class indices. */
export interface DataSplit {
  readonly count: number;
  readonly images: Uint8Array;
  readonly labels: Int32Array;
}

export interface Dataset {
  readonly name: string;
  readonly numClasses: number;
  readonly shape: ImageShape;
  /** Whether a horizontal flip keeps the label meaningful (false for digits and text). */
  readonly horizontalFlip: boolean;
  readonly classNames: readonly string[];
  readonly splits: Readonly<Record<Split, DataSplit>>;
  /** Per-channel mean of the train split, in [0, 1] pixel units; used for normalization and fill. */
  readonly mean: readonly number[];
  /** Per-channel standard deviation of the train split, in [0, 1] pixel units. */
  readonly std: readonly number[];
  /** Where each split comes from, in words (e.g. how v2 was held out). */
  readonly provenance: Readonly<Record<Split, string>>;
}

export interface DatasetParts {
  readonly name: string;
  readonly numClasses: number;
  readonly shape: ImageShape;
  readonly horizontalFlip: boolean;
  readonly classNames?: readonly string[];
  readonly splits: Readonly<Record<Split, DataSplit>>;
  readonly provenance: Readonly<Record<Split, string>>;
}

export function pixelsPerImage(shape: ImageShape): number {
  return shape.height * shape.width * shape.channels;
}

/** Checks that `images` and `labels` agree with `shape` and `numClasses`; `where` names the source in errors. */
export function makeSplit(
  images: Uint8Array,
  labels: Int32Array,
  shape: ImageShape,
  numClasses: number,
  where: string,
): DataSplit {
  const size = pixelsPerImage(shape);
  if (images.length !== labels.length * size) {
    throw new UserError(
      `${where}: ${labels.length} labels need ${labels.length * size} image bytes ` +
        `(${shape.height}×${shape.width}×${shape.channels} each), found ${images.length}`,
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label < numClasses)) {
      throw new UserError(`${where}: label ${label} of image ${i} is outside 0..${numClasses - 1}`);
    }
  }
  return { count: labels.length, images, labels };
}

/** Per-channel mean and standard deviation of a split, in [0, 1] units. */
export function channelStats(split: DataSplit, shape: ImageShape): { mean: number[]; std: number[] } {
  const c = shape.channels;
  const sum = new Float64Array(c);
  const sumSq = new Float64Array(c);
  const images = split.images;
  for (let i = 0; i < images.length; i++) {
    const v = images[i]! / 255;
    const ch = i % c;
    sum[ch]! += v;
    sumSq[ch]! += v * v;
  }
  const n = images.length / c;
  const mean: number[] = [];
  const std: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const m = n > 0 ? sum[ch]! / n : 0;
    mean.push(m);
    // A constant channel would divide by zero at normalization; 1 keeps it a no-op instead.
    const variance = n > 0 ? sumSq[ch]! / n - m * m : 0;
    std.push(variance > 1e-12 ? Math.sqrt(variance) : 1);
  }
  return { mean, std };
}

/** Assembles a dataset, naming classes `0..K-1` when no names are given and measuring the train statistics. */
export function makeDataset(parts: DatasetParts): Dataset {
  const classNames = parts.classNames ?? Array.from({ length: parts.numClasses }, (_, i) => String(i));
  if (classNames.length !== parts.numClasses) {
    throw new UserError(`dataset ${parts.name}: ${classNames.length} class names for ${parts.numClasses} classes`);
  }
  for (const split of SPLITS) {
    const s = parts.splits[split];
    if (s.images.length !== s.count * pixelsPerImage(parts.shape)) {
      throw new UserError(`dataset ${parts.name}: split ${split} does not match the image shape`);
    }
  }
  const { mean, std } = channelStats(parts.splits.train, parts.shape);
  return { ...parts, classNames, mean, std };
}

/** A new split holding copies of the images at `indices` (in that order). */
export function selectImages(split: DataSplit, shape: ImageShape, indices: ArrayLike<number>): DataSplit {
  const size = pixelsPerImage(shape);
  const images = new Uint8Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    images.set(split.images.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = split.labels[i]!;
  }
  return { count: indices.length, images, labels };
}

/** Number of images of each class in a split. */
export function classCounts(labels: Int32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}
