import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "@seedscope/core";
import { makeDataset, makeSplit } from "../dataset";
import type { DataSplit, Dataset, ImageShape } from "../dataset";
import { readIdxFile } from "../formats/idx";
import { holdOut } from "../holdout";

/**
 * Folders where Debian's `dataset-fashion-mnist` package may have put the four gzipped IDX files;
 * {@link locateFashionMnist} also asks `dpkg -L dataset-fashion-mnist`, which is authoritative.
 */
export const FASHION_MNIST_DIR_CANDIDATES = [
  "/usr/share/dataset-fashion-mnist",
  "/usr/share/datasets/fashion-mnist",
  "/usr/share/fashion-mnist",
] as const;

/** How to get Fashion-MNIST, for error messages. */
export const FASHION_MNIST_HINT =
  "install Debian's package (`sudo apt-get install dataset-fashion-mnist`), or download the four " +
  "IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, " +
  "t10k-labels-idx1-ubyte.gz) from https://github.com/zalandoresearch/fashion-mnist and pass their folder as `dir`";

function holdsIdxTrainImages(dir: string): boolean {
  return existsSync(join(dir, "train-images-idx3-ubyte.gz")) || existsSync(join(dir, "train-images-idx3-ubyte"));
}

/**
 * The folder holding Fashion-MNIST's IDX files as installed by Debian's `dataset-fashion-mnist`, or
 * null when it is not installed. Tries the known folders, then the package's own file list.
 */
export function locateFashionMnist(): string | null {
  const known = FASHION_MNIST_DIR_CANDIDATES.find(holdsIdxTrainImages);
  if (known) return known;
  let listing: string;
  try {
    listing = execFileSync("dpkg", ["-L", "dataset-fashion-mnist"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return null; // no dpkg, or the package is not installed
  }
  const file = listing.split("\n").find((line) => /\/train-images-idx3-ubyte(\.gz)?$/.test(line.trim()));
  return file ? dirname(file.trim()) : null;
}

export const FASHION_MNIST_CLASSES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
] as const;

export interface IdxDatasetOptions {
  readonly name: string;
  readonly dir: string;
  readonly classNames: readonly string[];
  readonly horizontalFlip: boolean;
  /** Images of the official training files held out as v2 (fixed, stratified); default 10 %. */
  readonly v2Size?: number;
  /** What to tell the user when the files are missing. */
  readonly installHint: string;
}

/** `train-images-idx3-ubyte.gz` or, if that is absent, the uncompressed `train-images-idx3-ubyte`. */
function findIdxFile(dir: string, stem: string, hint: string): string {
  const candidates = [join(dir, `${stem}.gz`), join(dir, stem)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new UserError(`${candidates[0]} is missing (nor is ${candidates[1]} there); ${hint}`);
  return found;
}

function readIdxSplit(
  dir: string,
  prefix: string,
  numClasses: number,
  hint: string,
): { split: DataSplit; shape: ImageShape } {
  const imagesFile = findIdxFile(dir, `${prefix}-images-idx3-ubyte`, hint);
  const labelsFile = findIdxFile(dir, `${prefix}-labels-idx1-ubyte`, hint);
  const images = readIdxFile(imagesFile);
  const labels = readIdxFile(labelsFile);
  const [count, height, width, channels = 1] = images.shape;
  if (
    images.shape.length < 3 ||
    images.shape.length > 4 ||
    count === undefined ||
    height === undefined ||
    width === undefined
  ) {
    throw new UserError(`${imagesFile}: expected images of shape (N, H, W), found (${images.shape.join(", ")})`);
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw new UserError(
      `${labelsFile}: expected ${count} labels to match ${imagesFile}, found shape (${labels.shape.join(", ")})`,
    );
  }
  const shape = { height, width, channels };
  return { split: makeSplit(images.data, Int32Array.from(labels.data), shape, numClasses, labelsFile), shape };
}

/**
 * A dataset from the four IDX files of MNIST-style sets (`train-*` and `t10k-*`, gzipped or not).
 * val = the official test files (the figure papers report); v2 = a fixed, stratified part of the
 * official training files held out once (i.i.d. with val, not a re-collected set); train = the rest.
 */
export function loadIdxDataset(options: IdxDatasetOptions): Dataset {
  const numClasses = options.classNames.length;
  const train = readIdxSplit(options.dir, "train", numClasses, options.installHint);
  const test = readIdxSplit(options.dir, "t10k", numClasses, options.installHint);
  const { height, width, channels } = train.shape;
  if (test.shape.height !== height || test.shape.width !== width || test.shape.channels !== channels) {
    throw new UserError(
      `${options.dir}: t10k images are ${test.shape.height}×${test.shape.width}, train images ${height}×${width}`,
    );
  }
  const v2Size = options.v2Size ?? Math.round(train.split.count / 10);
  const { held, rest } = holdOut(train.split, train.shape, numClasses, v2Size, `${options.name}/v2`);
  return makeDataset({
    name: options.name,
    numClasses,
    shape: train.shape,
    horizontalFlip: options.horizontalFlip,
    classNames: options.classNames,
    splits: { train: rest, val: test.split, v2: held },
    provenance: {
      train: `${options.dir}: official training files minus the v2 hold-out (${rest.count})`,
      val: `${options.dir}: official test files (${test.split.count})`,
      v2: `${options.dir}: fixed stratified ${held.count} held out of the official training files, i.i.d. with val`,
    },
  });
}

const fashionCache = new Map<string, Dataset>();

/**
 * Fashion-MNIST (60,000 + 10,000 images of 28×28 clothing, MIT licence), named `fashion`, from `dir`
 * or, by default, from where Debian's `dataset-fashion-mnist` installed it ({@link locateFashionMnist}):
 * train 54,000 / val 10,000 (the official test set) / v2 6,000 (a fixed stratified hold-out of the
 * official train set, i.i.d. with val). Flipping is allowed: a mirrored shoe is still a shoe.
 */
export function loadFashionMnist(dir?: string): Dataset {
  const folder = dir ?? locateFashionMnist();
  if (folder === null) {
    throw new UserError(
      `dataset fashion: Fashion-MNIST is not installed (looked in ${FASHION_MNIST_DIR_CANDIDATES.join(", ")} ` +
        `and \`dpkg -L dataset-fashion-mnist\`); ${FASHION_MNIST_HINT}`,
    );
  }
  const cached = fashionCache.get(folder);
  if (cached) return cached;
  const dataset = loadIdxDataset({
    name: "fashion",
    dir: folder,
    classNames: FASHION_MNIST_CLASSES,
    horizontalFlip: true,
    installHint: FASHION_MNIST_HINT,
  });
  fashionCache.set(folder, dataset);
  return dataset;
}
