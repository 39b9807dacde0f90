import { UserError } from "@seedscope/core";
import { resolve } from "node:path";
import { listDatasets } from "@seedscope/data";

/** What `--data-dir` must point at, per dataset that reads files. */
const DATA_DIR_HINT: Readonly<Record<string, string>> = {
  fashion: "the folder with Fashion-MNIST's IDX files (default: where Debian's dataset-fashion-mnist installs them)",
  cifar10: "the folder with CIFAR-10's binary batches (data_batch_1.bin … test_batch.bin)",
  cifar100: "the folder with CIFAR-100's binary batches (train.bin, test.bin)",
  "image-folder": "the folder holding train/<class>/*.png, val/… and v2/…",
};

/**
 * The loader options a dataset gets from `--data-dir` (`dir`, or `root` for image-folder), checked before
 * anything is written: a dataset that needs files and has no `--data-dir` is a one-line error naming the
 * flag, and so is a `--data-dir` given for the built-in digits.
 */
export function dataDirOptions(dataset: string, dataDir: string | undefined): Record<string, string> {
  const info = listDatasets().find((d) => d.name === dataset);
  if (!info)
    throw new UserError(
      `unknown dataset "${dataset}"; valid names: ${listDatasets()
        .map((d) => d.name)
        .join(", ")}`,
    );
  const key = info.name === "image-folder" ? "root" : "dir";
  const hint = DATA_DIR_HINT[info.name];
  if (dataDir === undefined || dataDir.trim() === "") {
    if (info.requiredOptions.includes(key))
      throw new UserError(`--dataset ${dataset} needs --data-dir <folder>: ${hint}`);
    return {};
  }
  if (hint === undefined)
    throw new UserError(`--data-dir: the ${dataset} dataset is built in and reads no folder; drop --data-dir`);
  return { [key]: dataDir };
}

const TAKES_V2_FILES = ["cifar10", "cifar100"];

/**
 * The loader's `v2` option from `--v2-images` and `--v2-labels`: a second test set as a pair of `.npy` files
 * (e.g. CIFAR-10.1's `cifar10.1_v6_data.npy` and `cifar10.1_v6_labels.npy`), for the CIFAR datasets only.
 * Paths are made absolute so that a resume from another folder finds them.
 */
export function v2FileOptions(
  datasets: readonly string[],
  images: string | undefined,
  labels: string | undefined,
): { v2?: { images: string; labels: string } } {
  if (images === undefined && labels === undefined) return {};
  if (images === undefined || labels === undefined)
    throw new UserError(
      `${images === undefined ? "--v2-images" : "--v2-labels"} is missing: give both .npy files of the v2 set (images and labels)`,
    );
  const other = datasets.find((d) => !TAKES_V2_FILES.includes(d));
  if (other !== undefined)
    throw new UserError(
      `--v2-images/--v2-labels: only ${TAKES_V2_FILES.join(" and ")} read a v2 set from .npy files, not ${other}`,
    );
  return { v2: { images: resolve(images), labels: resolve(labels) } };
}
