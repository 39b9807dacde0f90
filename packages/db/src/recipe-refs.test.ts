import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRecipe, RECIPE_SCHEMA_VERSION, type RecipeBody } from "@seedscope/core";
import { NEXT_RECIPE_SCHEMA_VERSION, parseNextVersionRecipe } from "@seedscope/core/recipe-testing";
import fixtureV1 from "@seedscope/recipes/fixtures/recipes-v1.json";
import { getRecipe } from "@seedscope/recipes";
import { ablationPath, recipeDiffTable } from "./read/recipe-diff";
import { recipeLabels } from "./read/recipe-labels";
import { recipeFamily, resolveRecipe } from "./recipe-refs";
import { createRecipe } from "./recipes";
import { startRun } from "./runs";
import { openTestStore, TEST_BACKEND, type TestStore } from "./testing";

/*
 * Recipes stored by schema version 1 — here without the version field, as every body stored before
 * versions existed — read back through the store's read functions.
 */
const stored = fixtureV1.recipes;
const deit3 = stored.find((r) => r.name === "deit3")!;
const derived = stored.find((r) => r.parentHash !== null)!;
const unversioned = (body: RecipeBody) =>
  Object.fromEntries(Object.entries(body).filter(([k]) => k !== "schemaVersion"));

describe(`stored version-1 recipes on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let runId: number;
  beforeAll(async () => {
    t = await openTestStore();
    for (const r of stored) {
      const body = unversioned(r.body);
      const { hash } = await createRecipe(t.store, { body, name: r.name, parentHash: r.parentHash ?? undefined });
      expect(hash).toBe(r.hash);
    }
    runId = (await startRun(t.store, { recipeHash: derived.hash, arch: "resnet20", dataset: "digits", seed: 0 })).id;
  });
  afterAll(() => t.dispose());

  it("are found by today's writer: a stored body as today writes it (upgraded, versioned) files under the old hash", async () => {
    // Every named recipe has moved on since version 1 (schema 3 changed them all), so the body today's writer
    // would write for the same training is the old body upgraded: schemaVersion and every added field at its
    // old-behaviour default.
    const a2 = stored.find((r) => r.name === "a2")!;
    const upgraded = parseRecipe(a2.body);
    expect(upgraded.schemaVersion).toBe(RECIPE_SCHEMA_VERSION);
    expect(await createRecipe(t.store, { body: { ...upgraded } })).toEqual({ hash: a2.hash, created: false });
    expect(await createRecipe(t.store, { body: derived.body })).toEqual({ hash: derived.hash, created: false });
    // Today's named a2 trains differently (timm's RandAugment, per-block drop-path): a new hash.
    expect((await createRecipe(t.store, { body: { ...getRecipe("a2") } })).hash).not.toBe(a2.hash);
  });

  it("read back upgraded by hash, hash prefix, name and run (resume's path)", async () => {
    const expected = parseRecipe(derived.body);
    expect(expected.schemaVersion).toBe(RECIPE_SCHEMA_VERSION);
    for (const ref of [derived.hash, derived.hash.slice(0, 10), derived.name, `run:${runId}`]) {
      const resolved = await resolveRecipe(t.store, ref);
      expect(resolved.recipe).toEqual(expected);
      expect(resolved.hash).toBe(derived.hash);
    }
  });

  it("read back by a later schema's reader with the added field at its old-behaviour default", async () => {
    for (const [ref, row] of [
      [deit3.hash, deit3],
      [`run:${runId}`, derived],
    ] as const) {
      const { recipe, hash } = await resolveRecipe(t.store, ref, parseNextVersionRecipe);
      const v1 = parseRecipe(row.body);
      expect(recipe).toEqual({
        ...v1,
        schemaVersion: NEXT_RECIPE_SCHEMA_VERSION,
        augment: { ...v1.augment, grayscale: 0 },
      });
      expect(hash).toBe(row.hash);
    }
  });

  it("give the ablation path, the recipe diff, the labels and the family from their bodies", async () => {
    const path = await ablationPath(t.store, derived.hash, {});
    expect(path.map((s) => s.hash)).toEqual([deit3.hash, derived.hash]);
    expect(path[1]!.changes.map((c) => c.path)).toEqual(["augment.mixupAlpha", "epochs", "optimizer.lr"]);
    const table = await recipeDiffTable(t.store, [deit3.hash, derived.hash], {});
    expect(table.fields.map((f) => f.path)).toEqual(["augment.mixupAlpha", "epochs", "optimizer.lr"]);
    const labels = await recipeLabels(t.store, [deit3.hash, derived.hash]);
    expect(labels.get(derived.hash)?.full).toBe(derived.name);
    expect(labels.get(deit3.hash)?.full).toBe("deit3");
    expect((await recipeFamily(t.store, deit3.hash)).sort()).toEqual([deit3.hash, derived.hash].sort());
  });
});
