import { describe, expect, it } from "vitest";
import { dataDirOptions, v2FileOptions } from "./dataset-options";

describe("dataDirOptions", () => {
  it("maps --data-dir to the loader's option", () => {
    expect(dataDirOptions("cifar10", "/data/cifar")).toEqual({ dir: "/data/cifar" });
    expect(dataDirOptions("image-folder", "/data/imgs")).toEqual({ root: "/data/imgs" });
    expect(dataDirOptions("digits", undefined)).toEqual({});
    expect(dataDirOptions("fashion", undefined)).toEqual({});
  });

  it("names --data-dir when a dataset needs files, and refuses it for the built-in digits", () => {
    expect(() => dataDirOptions("cifar10", undefined)).toThrow(
      /^--dataset cifar10 needs --data-dir <folder>: the folder with CIFAR-10's binary batches/,
    );
    expect(() => dataDirOptions("image-folder", undefined)).toThrow(
      /^--dataset image-folder needs --data-dir <folder>: the folder holding train\/<class>/,
    );
    expect(() => dataDirOptions("digits", "/tmp")).toThrow(/^--data-dir: the digits dataset is built in/);
    expect(() => dataDirOptions("svhn", undefined)).toThrow(/unknown dataset "svhn"; valid names: digits/);
  });
});

describe("v2FileOptions", () => {
  it("maps --v2-images/--v2-labels to the CIFAR loader's v2 pair, with absolute paths", () => {
    expect(v2FileOptions(["cifar10"], undefined, undefined)).toEqual({});
    expect(v2FileOptions(["cifar10", "cifar100"], "/d/v2_data.npy", "/d/v2_labels.npy")).toEqual({
      v2: { images: "/d/v2_data.npy", labels: "/d/v2_labels.npy" },
    });
    expect(v2FileOptions(["cifar10"], "rel/data.npy", "rel/labels.npy").v2?.images).toBe(
      `${process.cwd()}/rel/data.npy`,
    );
  });

  it("names the missing flag, and refuses datasets that take no .npy v2 set", () => {
    expect(() => v2FileOptions(["cifar10"], "/d/x.npy", undefined)).toThrow(/^--v2-labels is missing: give both/);
    expect(() => v2FileOptions(["cifar10"], undefined, "/d/y.npy")).toThrow(/^--v2-images is missing/);
    expect(() => v2FileOptions(["digits"], "/d/x.npy", "/d/y.npy")).toThrow(
      /only cifar10 and cifar100 read a v2 set from \.npy files, not digits/,
    );
  });
});
