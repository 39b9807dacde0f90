import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCifar } from "./cifar";
import { encodeCifarBatch } from "../formats/cifar";
import { encodeNpy } from "../formats/npy";
import { makeTempDir, randomBytes } from "../testing/fixtures";

const temp = makeTempDir("cifar");
afterAll(temp.cleanup);

/** A miniature CIFAR-10 archive: 5 train batches of 20 records, a test batch of 10. */
function writeCifar10(dir: string): { train: Uint8Array; trainLabels: number[] } {
  const folder = join(dir, "cifar-10-batches-bin");
  mkdirSync(folder, { recursive: true });
  const train = randomBytes(100 * 3072, 21);
  const trainLabels = Array.from({ length: 100 }, (_, i) => (i * 7) % 10);
  for (let b = 0; b < 5; b++) {
    const images = train.subarray(b * 20 * 3072, (b + 1) * 20 * 3072);
    writeFileSync(
      join(folder, `data_batch_${b + 1}.bin`),
      encodeCifarBatch(images, trainLabels.slice(b * 20, b * 20 + 20), "cifar10"),
    );
  }
  writeFileSync(
    join(folder, "test_batch.bin"),
    encodeCifarBatch(randomBytes(10 * 3072, 22), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "cifar10"),
  );
  const names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
  writeFileSync(join(folder, "batches.meta.txt"), `${names.join("\n")}\n\n`);
  return { train, trainLabels };
}

describe("CIFAR datasets", () => {
  const dir = join(temp.dir, "c10");
  const written = writeCifar10(dir);

  it("reads CIFAR-10 batches: test batch as val, a fixed stratified tenth of train as v2", () => {
    const dataset = loadCifar({ variant: "cifar10", dir });
    expect(dataset.shape).toEqual({ height: 32, width: 32, channels: 3 });
    expect([dataset.splits.train.count, dataset.splits.val.count, dataset.splits.v2.count]).toEqual([90, 10, 10]);
    expect([...dataset.splits.v2.labels].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dataset.classNames[9]).toBe("truck");
    expect(dataset.horizontalFlip).toBe(true);
    // Every train image is one of the written ones, with its own label.
    const first = dataset.splits.train.images.subarray(0, 3072);
    const source = [...Array(100).keys()].find((i) =>
      written.train.subarray(i * 3072, (i + 1) * 3072).every((v, k) => v === first[k]),
    );
    expect(source).toBeDefined();
    expect(dataset.splits.train.labels[0]).toBe(written.trainLabels[source!]);
    expect(loadCifar({ variant: "cifar10", dir }).splits.v2.labels).toEqual(dataset.splits.v2.labels);
  });

  it("takes a CIFAR-10.1-style .npy pair as v2 and keeps all train images", () => {
    const v2Images = randomBytes(4 * 3072, 23);
    const labels = new Uint8Array(new BigInt64Array([3n, 1n, 4n, 1n]).buffer);
    writeFileSync(join(dir, "v2_data.npy"), encodeNpy("|u1", [4, 32, 32, 3], v2Images));
    writeFileSync(join(dir, "v2_labels.npy"), encodeNpy("<i8", [4], labels));
    const dataset = loadCifar({
      variant: "cifar10",
      dir,
      v2: { images: join(dir, "v2_data.npy"), labels: join(dir, "v2_labels.npy") },
    });
    expect(dataset.splits.train.count).toBe(100);
    expect([...dataset.splits.v2.labels]).toEqual([3, 1, 4, 1]);
    expect(dataset.splits.v2.images).toEqual(v2Images);
    expect(dataset.provenance.v2).toMatch(/separate test set/);
  });

  it("rejects v2 images of the wrong size, naming the file", () => {
    writeFileSync(join(dir, "small.npy"), encodeNpy("|u1", [1, 8, 8, 3], new Uint8Array(192)));
    expect(() =>
      loadCifar({
        variant: "cifar10",
        dir,
        v2: { images: join(dir, "small.npy"), labels: join(dir, "v2_labels.npy") },
      }),
    ).toThrow(/small.npy: v2 images must be \(N, 32, 32, 3\) uint8, found \(1, 8, 8, 3\)/);
  });

  it("reads CIFAR-100 fine or coarse labels", () => {
    const folder = join(temp.dir, "c100");
    mkdirSync(folder);
    const fine = Array.from({ length: 30 }, (_, i) => (i * 37) % 100);
    const coarse = fine.map((f) => f % 20);
    writeFileSync(join(folder, "train.bin"), encodeCifarBatch(randomBytes(30 * 3072, 24), fine, "cifar100", coarse));
    writeFileSync(join(folder, "test.bin"), encodeCifarBatch(randomBytes(2 * 3072, 25), [5, 6], "cifar100", [5, 6]));
    const fineSet = loadCifar({ variant: "cifar100", dir: folder, v2HoldoutSize: 0 });
    expect(fineSet.numClasses).toBe(100);
    expect([...fineSet.splits.train.labels]).toEqual(fine);
    const coarseSet = loadCifar({ variant: "cifar100", dir: folder, labels: "coarse", v2HoldoutSize: 0 });
    expect(coarseSet.numClasses).toBe(20);
    expect([...coarseSet.splits.train.labels]).toEqual(coarse);
  });

  it("names the missing batch and the archive to extract", () => {
    expect(() => loadCifar({ variant: "cifar10", dir: join(temp.dir, "nowhere") })).toThrow(
      /nowhere\/data_batch_1.bin is missing; extract the binary version \(cifar-10-binary.tar.gz\)/,
    );
  });
});
