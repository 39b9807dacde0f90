import { describe, expect, it } from "vitest";
import { encodeCifarBatch, parseCifarBatch } from "./cifar";
import { randomBytes } from "../testing/fixtures";

describe("CIFAR binary batches", () => {
  it("reads planar CHW records as HWC images with their labels (CIFAR-10)", () => {
    const record = new Uint8Array(3073);
    record[0] = 7;
    // Pixel (row 1, column 2) = index 34 in each plane: red 11, green 22, blue 33.
    record[1 + 34] = 11;
    record[1 + 1024 + 34] = 22;
    record[1 + 2048 + 34] = 33;
    const batch = parseCifarBatch(record, "cifar10", "one.bin");
    expect(batch.count).toBe(1);
    expect(batch.labels[0]).toBe(7);
    expect([...batch.images.subarray(34 * 3, 34 * 3 + 3)]).toEqual([11, 22, 33]);
    expect(batch.coarseLabels).toBeNull();
  });

  it("round-trips a batch (CIFAR-100 with coarse and fine labels)", () => {
    const images = randomBytes(5 * 3072, 3);
    const bytes = encodeCifarBatch(images, [0, 99, 42, 7, 63], "cifar100", [19, 0, 4, 2, 11]);
    expect(bytes.length).toBe(5 * 3074);
    const batch = parseCifarBatch(bytes, "cifar100", "train.bin");
    expect([...batch.labels]).toEqual([0, 99, 42, 7, 63]);
    expect([...batch.coarseLabels!]).toEqual([19, 0, 4, 2, 11]);
    expect(batch.images).toEqual(images);
  });

  it("names the file and the record size when a batch is truncated", () => {
    const bytes = encodeCifarBatch(randomBytes(2 * 3072, 4), [1, 2], "cifar10").subarray(0, 3073 + 3071);
    expect(() => parseCifarBatch(bytes, "cifar10", "data_batch_1.bin")).toThrow(
      "data_batch_1.bin has 3071 bytes left over; CIFAR-10 records are 3073 bytes",
    );
  });

  it("rejects labels outside the classes", () => {
    const bytes = encodeCifarBatch(randomBytes(3072, 5), [12], "cifar10");
    expect(() => parseCifarBatch(bytes, "cifar10", "x.bin")).toThrow(
      "x.bin: record 0 has label 12, but CIFAR-10 has 10 classes",
    );
  });

  it("rejects an empty file", () => {
    expect(() => parseCifarBatch(new Uint8Array(0), "cifar100", "e.bin")).toThrow(/e.bin is empty/);
  });
});
