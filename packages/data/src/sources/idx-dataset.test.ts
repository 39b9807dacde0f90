import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { FASHION_MNIST_CLASSES, loadFashionMnist, loadIdxDataset, locateFashionMnist } from "./idx-dataset";
import { encodeIdx } from "../formats/idx";
import { makeTempDir, randomBytes } from "../testing/fixtures";
import { loadDataset } from "../registry";

const temp = makeTempDir("idx");
afterAll(temp.cleanup);

function writeSet(dir: string, trainCount: number, testCount: number, gzip: boolean): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, shape: number[], data: Uint8Array) =>
    writeFileSync(
      join(dir, gzip ? `${name}.gz` : name),
      gzip ? gzipSync(encodeIdx(shape, data)) : encodeIdx(shape, data),
    );
  write("train-images-idx3-ubyte", [trainCount, 28, 28], randomBytes(trainCount * 784, 31));
  write(
    "train-labels-idx1-ubyte",
    [trainCount],
    Uint8Array.from({ length: trainCount }, (_, i) => i % 10),
  );
  write("t10k-images-idx3-ubyte", [testCount, 28, 28], randomBytes(testCount * 784, 32));
  write(
    "t10k-labels-idx1-ubyte",
    [testCount],
    Uint8Array.from({ length: testCount }, (_, i) => (i * 3) % 10),
  );
}

describe("IDX datasets (Fashion-MNIST layout)", () => {
  it("loads gzipped files: val = t10k, v2 = a stratified tenth of train", () => {
    const dir = join(temp.dir, "gz");
    writeSet(dir, 200, 30, true);
    const dataset = loadFashionMnist(dir);
    expect(dataset.name).toBe("fashion");
    expect([dataset.splits.train.count, dataset.splits.val.count, dataset.splits.v2.count]).toEqual([180, 30, 20]);
    expect(dataset.classNames).toEqual(FASHION_MNIST_CLASSES);
    expect([...dataset.splits.v2.labels].filter((l) => l === 3)).toHaveLength(2);
    expect([...dataset.splits.val.labels.subarray(0, 4)]).toEqual([0, 3, 6, 9]);
    expect(dataset.shape).toEqual({ height: 28, width: 28, channels: 1 });
  });

  it("loads uncompressed files too", () => {
    const dir = join(temp.dir, "plain");
    writeSet(dir, 50, 10, false);
    const dataset = loadIdxDataset({
      name: "mnist",
      dir,
      classNames: [..."0123456789"],
      horizontalFlip: false,
      installHint: "-",
    });
    expect(dataset.splits.train.count + dataset.splits.v2.count).toBe(50);
    expect(dataset.horizontalFlip).toBe(false);
  });

  it("says which file is missing and how to install Fashion-MNIST", () => {
    const missing = join(temp.dir, "absent");
    expect(() => loadFashionMnist(missing)).toThrow(
      new RegExp(`${missing}/train-images-idx3-ubyte.gz is missing .*apt-get install dataset-fashion-mnist`),
    );
  });

  it.runIf(locateFashionMnist() === null)("without Debian's package, says how to get Fashion-MNIST", async () => {
    expect(() => loadFashionMnist()).toThrow(
      /dataset fashion: Fashion-MNIST is not installed .*apt-get install dataset-fashion-mnist.*pass their folder as `dir`/,
    );
    await expect(loadDataset({ name: "fashion" })).rejects.toThrow(/not installed/);
  });

  it.runIf(locateFashionMnist() !== null)("loads Debian's Fashion-MNIST: 54,000 / 10,000 / 6,000", () => {
    const dataset = loadFashionMnist();
    expect([dataset.splits.train.count, dataset.splits.val.count, dataset.splits.v2.count]).toEqual([
      54000, 10000, 6000,
    ]);
  });

  it("rejects label files that do not match the images", () => {
    const dir = join(temp.dir, "mismatch");
    writeSet(dir, 20, 10, false);
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), encodeIdx([9], new Uint8Array(9)));
    expect(() => loadFashionMnist(dir)).toThrow(
      /t10k-labels-idx1-ubyte: expected 10 labels to match .*t10k-images-idx3-ubyte, found shape \(9\)/,
    );
  });

  it("is reachable through loadDataset with a resolution and a train subset", async () => {
    const dir = join(temp.dir, "registry");
    writeSet(dir, 100, 10, true);
    const dataset = await loadDataset({ name: "fashion", dir, resolution: 14, trainSize: 30 });
    expect(dataset.shape).toEqual({ height: 14, width: 14, channels: 1 });
    expect(dataset.splits.train.count).toBe(30);
    expect(dataset.splits.train.images.length).toBe(30 * 196);
    expect(await loadDataset({ name: "fashion", dir, resolution: 14, trainSize: 30 })).toBe(dataset);
  });
});
