import { describe, expect, it } from "vitest";
import { UserError } from "@seedscope/core";
import { DATASET_NAMES, getDataset, listDatasets, loadDataset } from "./registry";
import { loadDigits } from "./sources/digits";

describe("dataset registry", () => {
  it("lists the datasets in a fixed order; digits is always ready", () => {
    const list = listDatasets();
    expect(list.map((d) => d.name)).toEqual(["digits", "fashion", "cifar10", "cifar100", "image-folder"]);
    expect(DATASET_NAMES).toEqual(list.map((d) => d.name));
    const digits = list.find((d) => d.name === "digits")!;
    expect(digits.ready).toBe(true);
    expect(digits.requiredOptions).toEqual([]);
    expect(list.find((d) => d.name === "image-folder")!.requiredOptions).toEqual(["root", "resolution"]);
  });

  it("rejects an unknown name with a UserError listing the valid names", async () => {
    const attempt = () => getDataset("imagenet");
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(
      'unknown dataset "imagenet"; valid names: digits, fashion, cifar10, cifar100, image-folder',
    );
    expect(() => loadDataset({ name: "mnist" } as never)).toThrow(/unknown dataset "mnist"; valid names: digits/);
  });

  it("gives the built-in digits with no download, cached per request", async () => {
    const digits = await getDataset("digits");
    expect(digits).toBe(loadDigits());
    expect(await getDataset("digits", { resolution: 16 })).toBe(loadDigits({ resolution: 16 }));
    const small = await getDataset("digits", { resolution: 16, trainSize: 500 });
    expect(small.splits.train.count).toBe(500);
    expect(small.splits.val.count).toBe(1500);
    expect(await getDataset("digits", { resolution: 16, trainSize: 500 })).toBe(small);
  });

  it("names each bad option", async () => {
    expect(() => getDataset("digits", { resolution: 2 })).toThrow(/resolution: resolution must be at least 4/);
    expect(() => getDataset("digits", { colour: true } as never)).toThrow(/colour/);
    expect(() => getDataset("cifar10", {} as never)).toThrow(/dir/);
  });
});
