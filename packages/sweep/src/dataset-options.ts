import { UserError } from "@seedscope/core";
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
