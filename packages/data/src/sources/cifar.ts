import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "@seedscope/core";
import { makeDataset, makeSplit } from "../dataset";
import type { DataSplit, Dataset, ImageShape } from "../dataset";
import { CIFAR_SIDE, parseCifarBatch } from "../formats/cifar";
import type { CifarVariant } from "../formats/cifar";
import { npyImages, npyLabels, parseNpy } from "../formats/npy";
import { holdOut } from "../holdout";

const SHAPE: ImageShape = { height: CIFAR_SIDE, width: CIFAR_SIDE, channels: 3 };

/** Files of the "binary version" archives, relative to their extracted folder. */
const LAYOUT = {
  cifar10: {
    folder: "cifar-10-batches-bin",
    train: ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"],
    test: ["test_batch.bin"],
    names: "batches.meta.txt",
  },
  cifar100: { folder: "cifar-100-binary", train: ["train.bin"], test: ["test.bin"], names: "fine_label_names.txt" },
} as const;

export interface CifarOptions {
  readonly variant: CifarVariant;
  /** The extracted binary archive folder, or the folder that contains it. */
  readonly dir: string;
  /**
   * A second test set in `.npy` form (CIFAR-10.1 ships `cifar10.1_v6_data.npy`, uint8 (N, 32, 32, 3),
   * and `cifar10.1_v6_labels.npy`). Without it, v2 is a fixed stratified hold-out of the train batches.
   */
  readonly v2?: { readonly images: string; readonly labels: string };
  /** Images held out of the train batches as v2 when no `v2` files are given; default 10 %. */
  readonly v2HoldoutSize?: number;
  /** CIFAR-100 only: classify the 100 fine classes (default) or the 20 coarse ones. */
  readonly labels?: "fine" | "coarse";
}

function resolveFolder(options: CifarOptions): string {
  const nested = join(options.dir, LAYOUT[options.variant].folder);
  return existsSync(nested) ? nested : options.dir;
}

function readBatches(folder: string, files: readonly string[], options: CifarOptions): DataSplit {
  const parts = files.map((name) => {
    const path = join(folder, name);
    if (!existsSync(path)) {
      const archive = options.variant === "cifar10" ? "cifar-10-binary.tar.gz" : "cifar-100-binary.tar.gz";
      throw new UserError(`${path} is missing; extract the binary version (${archive}) into ${options.dir}`);
    }
    return parseCifarBatch(readFileSync(path), options.variant, path);
  });
  const count = parts.reduce((a, p) => a + p.count, 0);
  const images = new Uint8Array(count * CIFAR_SIDE * CIFAR_SIDE * 3);
  const labels = new Int32Array(count);
  let at = 0;
  for (const p of parts) {
    images.set(p.images, at * CIFAR_SIDE * CIFAR_SIDE * 3);
    labels.set(options.labels === "coarse" && p.coarseLabels ? p.coarseLabels : p.labels, at);
    at += p.count;
  }
  return { count, images, labels };
}

function readClassNames(folder: string, file: string, numClasses: number): string[] | undefined {
  const path = join(folder, file);
  if (!existsSync(path)) return undefined;
  const names = readFileSync(path, "utf8")
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return names.length === numClasses ? names : undefined;
}

function readNpySplit(files: { images: string; labels: string }, numClasses: number): DataSplit {
  for (const path of [files.images, files.labels]) {
    if (!existsSync(path)) throw new UserError(`${path} is missing (the v2 .npy files of this CIFAR dataset)`);
  }
  const images = npyImages(parseNpy(readFileSync(files.images), files.images), files.images);
  if (images.height !== CIFAR_SIDE || images.width !== CIFAR_SIDE || images.channels !== 3) {
    throw new UserError(
      `${files.images}: v2 images must be (N, 32, 32, 3) uint8, found (${images.count}, ${images.height}, ${images.width}, ${images.channels})`,
    );
  }
  const labels = npyLabels(parseNpy(readFileSync(files.labels), files.labels), files.labels);
  if (labels.length !== images.count) {
    throw new UserError(`${files.labels}: ${labels.length} labels for ${images.count} images in ${files.images}`);
  }
  return makeSplit(images.images, labels, SHAPE, numClasses, files.labels);
}

/**
 * CIFAR-10 or CIFAR-100 from the binary batches: val = the official test batch; v2 = the given
 * `.npy` second test set (CIFAR-10.1 style, re-collected like ImageNet-V2) or else a fixed stratified
 * hold-out of the train batches (i.i.d. with val); train = the train batches (minus that hold-out).
 */
export function loadCifar(options: CifarOptions): Dataset {
  const layout = LAYOUT[options.variant];
  const folder = resolveFolder(options);
  const numClasses = options.variant === "cifar10" ? 10 : options.labels === "coarse" ? 20 : 100;
  const allTrain = readBatches(folder, layout.train, options);
  const test = readBatches(folder, layout.test, options);
  let train = allTrain;
  let v2: DataSplit;
  let v2Provenance: string;
  if (options.v2) {
    v2 = readNpySplit(options.v2, numClasses);
    v2Provenance = `${options.v2.images}: separate test set (${v2.count})`;
  } else {
    const size = options.v2HoldoutSize ?? Math.round(allTrain.count / 10);
    const parts = holdOut(allTrain, SHAPE, numClasses, size, `${options.variant}/v2`);
    train = parts.rest;
    v2 = parts.held;
    v2Provenance = `fixed stratified ${v2.count} held out of the train batches, i.i.d. with val`;
  }
  const namesFile = options.labels === "coarse" ? "coarse_label_names.txt" : layout.names;
  const suffix = options.variant === "cifar100" && options.labels === "coarse" ? "-coarse" : "";
  return makeDataset({
    name: `${options.variant}${suffix}`,
    numClasses,
    shape: SHAPE,
    horizontalFlip: true,
    classNames: readClassNames(folder, namesFile, numClasses),
    splits: { train: makeSplit(train.images, train.labels, SHAPE, numClasses, folder), val: test, v2 },
    provenance: {
      train: `${folder}: train batches (${train.count})`,
      val: `${folder}: official test batch (${test.count})`,
      v2: v2Provenance,
    },
  });
}
