import { describe, expect, it } from "vitest";
import { dataDirOptions } from "./dataset-options";

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
