import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRecipe, RECIPE_SCHEMA_VERSION, type Recipe, type RecipeBody } from "@seedscope/core";
import {
  NEXT_RECIPE_SCHEMA_VERSION as NEXT,
  NEXT_VERSION_MIGRATIONS as NEXT_MIGRATIONS,
  parseNextVersionRecipe as parseNext,
} from "@seedscope/core/recipe-testing";
import fixtureV1 from "../fixtures/recipes-v1.json";
import { diffRecipes } from "./diff";
import { FIXTURE_OVERRIDES, recipeFixture } from "./fixture";
import { recipeIdentity, storedRecipeHash } from "./identity";
import { recipeLabelOf } from "./label";
import { getRecipe } from "./registry";

/*
 * Recipes stored by schema version 1 (the committed fixture) must stay readable, comparable and findable
 * under a later schema: here a made-up next version that adds `augment.grayscale` (old behaviour: 0), read
 * with its own migration list and schema (the real ones are not touched), as `parseRecipe` would.
 */
const stored = fixtureV1.recipes;
const byName = (name: string) => stored.find((r) => r.name === name)!;
const derived = stored.find((r) => r.parentHash !== null)!;
const unversioned = (body: RecipeBody) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== "schemaVersion"));

/** The recipe-specific part of the dashboard's ablation path: each step's changes against its parent. */
function ablationChanges(read: (body: unknown) => Recipe, hash: string) {
  const chain: (typeof stored)[number][] = [];
  for (let at: string | null = hash; at !== null; ) {
    const row = stored.find((r) => r.hash === at)!;
    chain.unshift(row);
    at = row.parentHash;
  }
  return chain.slice(1).map((step, i) => diffRecipes(read(chain[i]!.body), read(step.body)).map((d) => d.path));
}

describe("recipes stored by schema version 1", () => {
  it("are the six named recipes and one derived by overrides", () => {
    expect(fixtureV1.schemaVersion).toBe(1);
    expect(stored.map((r) => r.name)).toEqual([
      "deit",
      "deit3",
      "a2",
      "cosub",
      "stpp",
      "divide",
      `deit3 (${FIXTURE_OVERRIDES.join(" ")})`,
    ]);
    expect(derived.parentHash).toBe(byName("deit3").hash);
  });

  it("exist for the current version too: the writer writes exactly its committed fixture", () => {
    const current = new URL(`../fixtures/recipes-v${RECIPE_SCHEMA_VERSION}.json`, import.meta.url);
    expect(existsSync(current), `commit ${current.pathname} (scripts/write-fixture.ts)`).toBe(true);
    expect(recipeFixture()).toEqual(JSON.parse(readFileSync(current, "utf8")));
  });

  it("keep the hashes they were stored under, with or without the version field", () => {
    // deit's hash as the code before schema versions computed it (sha256 of the version-less canonical JSON).
    expect(byName("deit").hash).toBe("84c883c2d09cb7acbeead71e6bcf237a59c0c3e1e72916ac47bf31ad573d5e27");
    for (const r of stored) {
      expect(storedRecipeHash(r.body)).toBe(r.hash);
      expect(storedRecipeHash(unversioned(r.body))).toBe(r.hash);
      expect(recipeIdentity(parseRecipe(r.body)).hash).toBe(r.hash);
    }
    // Version 2 changed how deit3 and cosub train (BCE targets thresholded, blur σ scaled), version 3 how every
    // built-in recipe trains (timm's RandAugment, AutoAugment, PCA lighting, per-block drop-path, ESD scaling,
    // bicubic position embeddings; evolution-v3.test.ts): each gets a new hash, the stored ones keep theirs.
    for (const name of ["deit", "deit3", "a2", "cosub", "stpp", "divide"]) {
      expect(recipeIdentity(getRecipe(name)).hash, name).not.toBe(byName(name).hash);
    }
  });

  it("read back as the same recipe whether stored with the version or before it existed", () => {
    for (const r of stored) expect(parseRecipe(unversioned(r.body))).toEqual(parseRecipe(r.body));
  });
});

describe("recipes stored by version 1, read by a next version that adds a field", () => {
  it("read back (as resume does) with the new field at its old-behaviour default, the rest unchanged", () => {
    for (const r of stored) {
      const next = parseNext(r.body, `stored recipe ${r.name}`);
      const v1 = parseRecipe(r.body);
      expect(next).toEqual({ ...v1, schemaVersion: NEXT, augment: { ...v1.augment, grayscale: 0 } });
      expect(parseNext(unversioned(r.body))).toEqual(next);
    }
  });

  it("keep their hashes, which their upgraded twins and new recipes with the default share", () => {
    for (const r of stored) {
      expect(storedRecipeHash(r.body, NEXT_MIGRATIONS)).toBe(r.hash);
      expect(storedRecipeHash(parseNext(r.body), NEXT_MIGRATIONS)).toBe(r.hash);
    }
    const deit3 = parseNext(byName("deit3").body);
    const grayscale = { ...deit3, augment: { ...deit3.augment, grayscale: 0.2 } };
    expect(storedRecipeHash(grayscale, NEXT_MIGRATIONS)).not.toBe(byName("deit3").hash);
  });

  it("diff as before, and against a next-version recipe by the new field alone", () => {
    const base = byName("deit3");
    const v1Diff = diffRecipes(parseRecipe(base.body), parseRecipe(derived.body));
    const nextDiff = diffRecipes(parseNext(base.body), parseNext(derived.body));
    expect(nextDiff).toEqual(v1Diff);
    expect(nextDiff.map((d) => d.path)).toEqual(["augment.mixupAlpha", "epochs", "optimizer.lr"]);
    const deit3 = parseNext(base.body);
    const grayscale = { ...deit3, augment: { ...deit3.augment, grayscale: 0.2 } };
    expect(diffRecipes(deit3, grayscale)).toEqual([{ path: "augment.grayscale", a: 0, b: 0.2 }]);
  });

  it("give the same ablation path: each step's changes against its parent", () => {
    expect(ablationChanges(parseNext, derived.hash)).toEqual(ablationChanges(parseRecipe, derived.hash));
    expect(ablationChanges(parseNext, derived.hash)).toEqual([["augment.mixupAlpha", "epochs", "optimizer.lr"]]);
  });

  it("get the same labels: their names, and the fields that tell them apart", () => {
    expect(recipeLabelOf(derived.name, derived.hash).short).toBe("deit3 · lr=0.002 +2");
    const differing = (read: (body: unknown) => Recipe) => {
      const paths = new Set<string>();
      for (const a of stored)
        for (const b of stored) for (const d of diffRecipes(read(a.body), read(b.body))) paths.add(d.path);
      return [...paths].sort();
    };
    expect(differing(parseNext)).toEqual(differing(parseRecipe));
    expect(differing(parseNext)).not.toContain("augment.grayscale");
  });

  it("still validate as a whole under the new schema (its cross-field rules run)", () => {
    const body = byName("deit3").body;
    const bad = { ...body, augment: { ...body.augment, randAugment: { n: 2, m: 9, mstd: 0.5 } } };
    expect(() => parseNext(bad)).toThrow(/augment\.threeAugment: 3-Augment replaces RandAugment/);
  });
});
