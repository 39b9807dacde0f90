import { createHash } from "node:crypto";
import { SPLITS, type Split } from "@seedscope/core";
import type { Dataset } from "./dataset";

/** What identifies the exact data a run trained and was evaluated on. */
export interface DatasetFingerprint {
  /** sha256 over every split's fingerprint, in split order: two runs on the same data share it. */
  readonly hash: string;
  /** sha256 of each split's images and labels, in their fixed order (the partition and any subset included). */
  readonly splits: Readonly<Record<Split, string>>;
  /** Images per split (a subset such as the demo's 1,000 training images shows here). */
  readonly counts: Readonly<Record<Split, number>>;
  readonly shape: string;
  readonly numClasses: number;
}

/**
 * The fingerprint of a loaded dataset, after its partition, subset and resize: a hash of every image's
 * bytes and label in the order training reads them. A changed partition, subset, resolution or data file
 * changes the split's hash.
 */
export function datasetFingerprint(dataset: Dataset): DatasetFingerprint {
  const splits = {} as Record<Split, string>;
  const counts = {} as Record<Split, number>;
  const all = createHash("sha256");
  for (const split of SPLITS) {
    const data = dataset.splits[split];
    const hash = createHash("sha256");
    hash.update(`${dataset.shape.height}x${dataset.shape.width}x${dataset.shape.channels}:${data.count}\n`);
    hash.update(data.images);
    hash.update(new Uint8Array(data.labels.buffer, data.labels.byteOffset, data.labels.byteLength));
    splits[split] = hash.digest("hex");
    counts[split] = data.count;
    all.update(`${split}=${splits[split]}\n`);
  }
  return {
    hash: all.digest("hex"),
    splits,
    counts,
    shape: `${dataset.shape.height}×${dataset.shape.width}×${dataset.shape.channels}`,
    numClasses: dataset.numClasses,
  };
}
