import { describe, expect, it } from "vitest";
import { UserError } from "./errors";
import { parseRecipe, RECIPE_SCHEMA_VERSION } from "./recipe";
import { externalRecipeBody, isExternalRecipeBody } from "./external-recipe";
import {
  RECIPE_MIGRATIONS,
  type RecipeBody,
  type RecipeMigration,
  recipeIdentityBody,
  schemaVersionOf,
  upgradeRecipeBody,
} from "./recipe-upgrade";

/**
 * Made-up migrations from version 1, independent of the real ones: v2 adds a nested field (cosub recipes
 * only) and a top-level one, v3 one more.
 */
const LATER: readonly RecipeMigration[] = [
  {
    to: 2,
    adds: [
      { path: "augment.grayscale", default: 0 },
      { path: "method.warmStart", default: false, appliesTo: (b) => (b.method as RecipeBody).kind === "cosub" },
    ],
  },
  { to: 3, adds: [{ path: "evalEvery", default: [1, "epoch"] }] },
];

/** A version-1 body as stored before versions existed (only the parts the migrations touch). */
function v1(kind = "standard"): RecipeBody {
  return { epochs: 3, augment: { hflip: true }, method: { kind } };
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error("expected a UserError");
}

describe("upgradeRecipeBody", () => {
  it("reads a body without a version as version 1 and runs every later step, in order", () => {
    const up = upgradeRecipeBody(v1("cosub"), "recipe", LATER);
    expect(up).toEqual({
      schemaVersion: 3,
      epochs: 3,
      augment: { hflip: true, grayscale: 0 },
      method: { kind: "cosub", warmStart: false },
      evalEvery: [1, "epoch"],
    });
    expect(Object.keys(up)[0]).toBe("schemaVersion");
  });

  it("adds a variant's field only where the variant applies, and never overwrites a value", () => {
    expect(upgradeRecipeBody(v1("standard"), "recipe", LATER).method).toEqual({ kind: "standard" });
    const v2 = { ...v1(), schemaVersion: 2, augment: { hflip: true, grayscale: 0.4 } };
    const up = upgradeRecipeBody(v2, "recipe", LATER);
    expect(up.augment).toEqual({ hflip: true, grayscale: 0.4 });
    expect(up.evalEvery).toEqual([1, "epoch"]);
  });

  it("leaves its input untouched", () => {
    const body = v1("cosub");
    upgradeRecipeBody(body, "recipe", LATER);
    expect(body).toEqual(v1("cosub"));
  });

  it("refuses a body from a newer version, saying to upgrade seedscope", () => {
    expect(
      errorOf(() => upgradeRecipeBody({ ...v1(), schemaVersion: 3 }, "stored recipe abc", LATER.slice(0, 1))),
    ).toBe("stored recipe abc: recipe schema version 3 is newer than this seedscope (2): upgrade seedscope");
    expect(errorOf(() => parseRecipe({ schemaVersion: RECIPE_SCHEMA_VERSION + 1 }))).toBe(
      `recipe: recipe schema version ${RECIPE_SCHEMA_VERSION + 1} is newer than this seedscope (${RECIPE_SCHEMA_VERSION}): upgrade seedscope`,
    );
  });

  it("names a malformed version and the fix", () => {
    expect(errorOf(() => parseRecipe({ schemaVersion: "1" }))).toBe(
      'invalid recipe: schemaVersion: got "1", expected an integer ≥ 1 (or no field, meaning 1)',
    );
    expect(errorOf(() => parseRecipe({ schemaVersion: 0 }))).toMatch(/schemaVersion: got 0, expected an integer ≥ 1/);
  });

  it("hands a non-object to the schema, which names it", () => {
    expect(errorOf(() => parseRecipe([1, 2]))).toMatch(
      /got \[1,2\], expected an object with fields schemaVersion, optimizer/,
    );
  });
});

describe("recipeIdentityBody", () => {
  it("is a version-1 body without its version: the hash stored before versions existed", () => {
    expect(recipeIdentityBody({ ...v1(), schemaVersion: 1 })).toEqual(v1());
    expect(recipeIdentityBody(v1(), LATER)).toEqual(v1());
    expect(recipeIdentityBody(v1("cosub"), LATER)).toEqual(v1("cosub"));
  });

  it("is shared by an old body, its upgraded twin and a new body with the defaults spelled out", () => {
    const old = v1("cosub");
    const upgraded = upgradeRecipeBody(old, "recipe", LATER);
    expect(recipeIdentityBody(upgraded, LATER)).toEqual(recipeIdentityBody(old, LATER));
    const spelled = { ...upgraded, schemaVersion: 2 };
    expect(recipeIdentityBody(spelled, LATER)).toEqual(v1("cosub"));
  });

  it("keeps a migration-added field set away from its default, so that recipe gets its own hash", () => {
    const changed = { ...v1(), schemaVersion: 3, augment: { hflip: true, grayscale: 0.4 }, evalEvery: [2, "epoch"] };
    expect(recipeIdentityBody(changed, LATER)).toEqual({ ...changed, schemaVersion: undefined });
  });
});

describe("schemaVersionOf", () => {
  it("is 1 + the number of migrations, which must count up from version 2", () => {
    expect(schemaVersionOf(RECIPE_MIGRATIONS)).toBe(RECIPE_SCHEMA_VERSION);
    expect(schemaVersionOf(LATER)).toBe(3);
    expect(() => schemaVersionOf([{ to: 3, adds: [] }])).toThrow(/goes to version 3, expected 2/);
  });
});

describe("external recipes", () => {
  it("are neither upgraded nor stripped: any configuration keeps its shape and a field named schemaVersion", () => {
    const body = externalRecipeBody({ lr: 0.001, schemaVersion: 7, model: "deit_small_patch16_224" });
    expect(upgradeRecipeBody(body as unknown as RecipeBody)).toEqual(body);
    expect(recipeIdentityBody(body as unknown as RecipeBody)).toEqual(body);
    expect(isExternalRecipeBody(body)).toBe(true);
    expect(isExternalRecipeBody({ kind: "external" })).toBe(false);
  });
});
