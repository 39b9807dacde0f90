import { describe, expect, it } from "vitest";
import { datasetFingerprint } from "./fingerprint";
import { getDataset } from "./registry";

describe("dataset fingerprint", () => {
  it("is the same for the same data and names the split a subset, a resolution or a label changes", async () => {
    const a = datasetFingerprint(await getDataset("digits", { trainSize: 300, resolution: 16 }));
    const again = datasetFingerprint(await getDataset("digits", { trainSize: 300, resolution: 16 }));
    expect(again).toEqual(a);
    expect(a.counts.train).toBe(300);

    const subset = datasetFingerprint(await getDataset("digits", { trainSize: 200, resolution: 16 }));
    expect(subset.hash).not.toBe(a.hash);
    expect(subset.splits.train).not.toBe(a.splits.train);
    expect([subset.splits.val, subset.splits.v2]).toEqual([a.splits.val, a.splits.v2]);

    const resized = datasetFingerprint(await getDataset("digits", { trainSize: 300, resolution: 28 }));
    expect(resized.splits.val).not.toBe(a.splits.val);

    const dataset = await getDataset("digits", { trainSize: 300, resolution: 16 });
    const labels = Int32Array.from(dataset.splits.v2.labels);
    labels[0] = (labels[0]! + 1) % dataset.numClasses;
    const relabelled = datasetFingerprint({
      ...dataset,
      splits: { ...dataset.splits, v2: { ...dataset.splits.v2, labels } },
    });
    expect(relabelled.splits.v2).not.toBe(a.splits.v2);
    expect(relabelled.splits.train).toBe(a.splits.train);
  });
});
