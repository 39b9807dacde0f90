import { describe, expect, it } from "vitest";
import { UserError, type Recipe } from "@seedscope/core";
import { contentHash } from "./canonical";
import { recipeIdentity } from "./identity";
import { applyOverrides } from "./overrides";
import { getRecipe, listRecipes } from "./registry";

/** The same object with its keys, at every depth, in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  ) as T;
}

describe("recipeIdentity", () => {
  it("is stable under key reordering", () => {
    const r = getRecipe("cosub");
    const shuffled: Recipe = reversedKeys(r);
    expect(Object.keys(shuffled)[0]).toBe("method");
    expect(recipeIdentity(shuffled)).toEqual(recipeIdentity(r));
  });

  it("is the content hash of the canonical JSON without the schema version (as hashed before versions existed)", () => {
    const r = getRecipe("deit");
    const { hash, canonical } = recipeIdentity(r);
    const { schemaVersion, bceTargetThreshold, ...unversioned } = r;
    // deit holds version 2's fields and two of version 3's at their old-behaviour defaults: they are left out
    // of its identity (its timm RandAugment, per-block drop-path and bicubic resize are not defaults: they stay).
    const a = r.augment;
    expect([
      schemaVersion,
      bceTargetThreshold,
      a.blurSigma,
      a.blurReferenceResolution,
      a.autoAugment,
      a.pcaLighting,
    ]).toEqual([3, null, [0.1, 2], null, null, 0]);
    const { blurSigma: _s, blurReferenceResolution: _r, autoAugment: _a, pcaLighting: _p, ...augment } = a;
    const identity = { ...unversioned, augment };
    expect(hash).toBe(contentHash(identity));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(canonical)).toEqual(identity);
  });

  it("differs between all named recipes and after any override", () => {
    const hashes = listRecipes().map((n) => recipeIdentity(getRecipe(n)).hash);
    expect(new Set(hashes).size).toBe(hashes.length);
    const r = getRecipe("deit3");
    expect(recipeIdentity(applyOverrides(r, ["optimizer.lr=0.002"])).hash).not.toBe(recipeIdentity(r).hash);
  });

  it("refuses an invalid recipe", () => {
    const r = { ...getRecipe("deit"), epochs: 0 };
    expect(() => recipeIdentity(r)).toThrow(UserError);
  });
});
