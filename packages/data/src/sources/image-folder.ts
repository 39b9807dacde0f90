import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import sharp from "sharp";
import { SPLITS, UserError } from "@seedscope/core";
import type { Split } from "@seedscope/core";
import { makeDataset, makeSplit } from "../dataset";
import type { DataSplit, ImageShape } from "../dataset";
import type { Dataset } from "../dataset";

const IMAGE_EXTENSION = /\.(jpe?g|png)$/i;

export interface ImageFolderOptions {
  /** Holds `train/`, `val/` and `v2/`, each with one folder per class. */
  readonly root: string;
  /** Side of the stored square images. */
  readonly resolution: number;
  /** 3 (RGB, default) or 1 (grey). */
  readonly channels?: 1 | 3;
  readonly name?: string;
  readonly horizontalFlip?: boolean;
  /** Images decoded at once (sharp decodes on libuv's thread pool). */
  readonly concurrency?: number;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isDirectory()))
    .map((e) => e.name)
    .sort(byCodePoint);
}

function imageFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => IMAGE_EXTENSION.test(name))
    .sort(byCodePoint)
    .map((name) => join(dir, name));
}

interface Listing {
  readonly files: string[];
  readonly labels: number[];
}

function listSplit(root: string, split: Split, classIndex: ReadonlyMap<string, number>): Listing {
  const dir = join(root, split);
  if (!existsSync(dir)) {
    throw new UserError(
      `${dir} is missing; an image folder needs train/, val/ and v2/, each with one folder per class`,
    );
  }
  const files: string[] = [];
  const labels: number[] = [];
  for (const name of subfolders(dir)) {
    const label = classIndex.get(name);
    if (label === undefined) {
      throw new UserError(
        `class '${name}' (${join(dir, name)}) is not a class of ${join(root, "train")}; add it there or remove it`,
      );
    }
    for (const file of imageFiles(join(dir, name))) {
      files.push(file);
      labels.push(label);
    }
  }
  return { files, labels };
}

async function decodeInto(file: string, shape: ImageShape, out: Uint8Array, offset: number): Promise<void> {
  const size = shape.height;
  let pipeline = sharp(file).resize(size, size, { fit: "cover", position: "centre" }).removeAlpha();
  pipeline = shape.channels === 1 ? pipeline.grayscale() : pipeline.toColourspace("srgb");
  let decoded: Awaited<ReturnType<typeof pipeline.toUint8Array>>;
  try {
    decoded = await pipeline.raw().toUint8Array();
  } catch (cause) {
    throw new UserError(`${file}: cannot decode image (${(cause as Error).message}); remove or replace the file`, {
      cause,
    });
  }
  const { info, data } = decoded;
  if (info.width !== size || info.height !== size || info.channels !== shape.channels) {
    throw new UserError(
      `${file}: decoded to ${info.width}×${info.height}×${info.channels}, expected ${size}×${size}×${shape.channels}`,
    );
  }
  out.set(data, offset);
}

async function decodeSplit(
  listing: Listing,
  shape: ImageShape,
  numClasses: number,
  where: string,
  concurrency: number,
): Promise<DataSplit> {
  const size = shape.height * shape.width * shape.channels;
  const images = new Uint8Array(listing.files.length * size);
  let next = 0;
  const worker = async () => {
    while (next < listing.files.length) {
      const i = next++;
      await decodeInto(listing.files[i]!, shape, images, i * size);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return makeSplit(images, Int32Array.from(listing.labels), shape, numClasses, where);
}

/**
 * An ImageNet / ImageNetV2-style folder tree `root/{train,val,v2}/<class>/*.{jpg,jpeg,png}`. Classes
 * are the train subfolder names sorted by code point; a val or v2 class missing from train is an error.
 * Each image is decoded once with sharp, its short side resized to `resolution` and the centred
 * square kept, so random crops later work within that square.
 */
export async function loadImageFolder(options: ImageFolderOptions): Promise<Dataset> {
  const { root, resolution } = options;
  if (!Number.isInteger(resolution) || resolution < 1) {
    throw new UserError(`image folder ${root}: resolution must be a positive integer, got ${resolution}`);
  }
  const trainDir = join(root, "train");
  if (!existsSync(trainDir)) {
    throw new UserError(
      `${trainDir} is missing; an image folder needs train/, val/ and v2/, each with one folder per class`,
    );
  }
  const classNames = subfolders(trainDir);
  if (classNames.length === 0) throw new UserError(`${trainDir} has no class folders`);
  const classIndex = new Map(classNames.map((name, i) => [name, i] as const));
  const listings = Object.fromEntries(SPLITS.map((s) => [s, listSplit(root, s, classIndex)])) as Record<Split, Listing>;
  const counts = new Array<number>(classNames.length).fill(0);
  for (const label of listings.train.labels) counts[label]! += 1;
  const empty = classNames.find((_, i) => counts[i] === 0);
  if (empty !== undefined) throw new UserError(`${join(trainDir, empty)} holds no .jpg, .jpeg or .png image`);

  const shape: ImageShape = { height: resolution, width: resolution, channels: options.channels ?? 3 };
  const concurrency = options.concurrency ?? 8;
  const splits = {} as Record<Split, DataSplit>;
  for (const s of SPLITS)
    splits[s] = await decodeSplit(listings[s], shape, classNames.length, join(root, s), concurrency);
  const provenance = Object.fromEntries(
    SPLITS.map((s) => [s, `${join(root, s)}: ${splits[s].count} images, short side to ${resolution}, centre crop`]),
  ) as Record<Split, string>;
  return makeDataset({
    name: options.name ?? basename(root),
    numClasses: classNames.length,
    shape,
    horizontalFlip: options.horizontalFlip ?? true,
    classNames,
    splits,
    provenance,
  });
}
