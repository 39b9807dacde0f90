import { describe, expect, it } from "vitest";
import { UserError } from "@seedscope/core";
import { describeRecipe, getRecipe, listRecipes } from "./registry";

describe("recipe registry", () => {
  it("lists the shipped recipes", () => {
    expect(listRecipes()).toEqual(["deit", "deit3", "a2", "cosub", "cosub-a2", "stpp", "divide"]);
    for (const name of listRecipes()) expect(describeRecipe(name)).not.toBe("");
  });

  it("hands out copies that callers may change", () => {
    const r = getRecipe("deit");
    r.epochs = 999;
    expect(getRecipe("deit").epochs).not.toBe(999);
  });

  it("rejects an unknown name, listing the valid ones", () => {
    expect(() => getRecipe("deit4")).toThrow(UserError);
    expect(() => getRecipe("deit4")).toThrow(
      'unknown recipe "deit4"; valid names: deit, deit3, a2, cosub, cosub-a2, stpp, divide',
    );
    expect(() => getRecipe("toString")).toThrow(/unknown recipe "toString"/);
  });
});
