import { describe, expect, it } from "vitest";
import { parseRecipe, RECIPE_SCHEMA_VERSION } from "@seedscope/core";
import fixtureV2 from "../fixtures/recipes-v2.json";
import { recipeIdentity, storedRecipeHash } from "./identity";
import { getRecipe } from "./registry";

/*
 * Schema version 3 (issue #18, the "missing or minor" fidelity fixes) adds six fields. Recipes stored by
 * version 2 read back with each at the value that trains exactly as version 2 did, and keep their hashes.
 */
const stored = fixtureV2.recipes;
const byName = (name: string) => stored.find((r) => r.name === name)!;

describe("recipes stored by schema version 2, read by version 3", () => {
  it("get version 3's fields at their old-behaviour values", () => {
    expect(RECIPE_SCHEMA_VERSION).toBe(3);
    for (const r of stored) {
      const up = parseRecipe(r.body, `stored recipe ${r.name}`);
      expect(up.augment.autoAugment, r.name).toBeNull();
      expect(up.augment.pcaLighting, r.name).toBe(0);
      expect(up.stochasticDepth.per, r.name).toBe("branch");
      expect(up.posEmbedResize, r.name).toBe("bilinear");
      if (up.augment.randAugment !== null) expect(up.augment.randAugment.ops, r.name).toBe("seedscope-v1");
      if (up.method.kind === "cosub") expect(up.method.esdScale, r.name).toBe("nominal");
      else expect("esdScale" in up.method, r.name).toBe(false);
    }
    expect(parseRecipe(byName("deit").body).augment.randAugment).toEqual({
      n: 2,
      m: 9,
      mstd: 0.5,
      ops: "seedscope-v1",
    });
  });

  it("keep the hashes they were stored under", () => {
    for (const r of stored) {
      expect(storedRecipeHash(r.body), r.name).toBe(r.hash);
      expect(recipeIdentity(parseRecipe(r.body)).hash, r.name).toBe(r.hash);
    }
  });

  it("differ from today's named recipes, which take the papers' values", () => {
    for (const name of ["deit", "deit3", "a2", "cosub", "cosub-a2", "stpp", "divide"]) {
      expect(recipeIdentity(getRecipe(name)).hash, name).not.toBe(byName(name).hash);
    }
  });
});
