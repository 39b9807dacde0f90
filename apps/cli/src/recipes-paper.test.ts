import { describe, expect, it } from "vitest";
import { getRecipe, listRecipes, recipeIdentity } from "@seedscope/recipes";
import { builtInNameFor, paperReport } from "./commands/recipes-paper";

describe("recipes show <name> --paper", () => {
  it("prints field, paper, ours, status, why and source for deit3 (thesis Table 6.1)", () => {
    const text = paperReport("deit3", { maxWidth: Number.POSITIVE_INFINITY });
    expect(text.split("\n")[0]).toMatch(/^# deit3 against its paper: \d+ same, \d+ adapted, \d+ not stated$/);
    for (const column of ["field", "paper", "ours", "status", "why", "source"]) expect(text).toContain(column);
    const epochs = text.split("\n").find((line) => line.includes(" epochs "))!;
    expect(epochs).toMatch(/400 .* 10 .* adapted .* small-data adaptation/);
    expect(text).toContain("thesis Table 6.1 (ImNet-1k)");
  });

  it("--json gives every row with ours as the recipe holds it", () => {
    const parsed = JSON.parse(paperReport("divide", { json: true })) as {
      recipe: string;
      rows: { path: string; ours: unknown; status: string }[];
    };
    expect(parsed.recipe).toBe("divide");
    expect(parsed.rows.find((r) => r.path === "method.splits")).toMatchObject({ ours: 2, status: "same" });
  });

  it("takes a stored recipe that is exactly a built-in one, and refuses any other, listing the built-in names", () => {
    const hash = recipeIdentity(getRecipe("a2")).hash;
    expect(builtInNameFor(hash.slice(0, 12), { label: "a2", hash })).toBe("a2");
    const derived = { ...getRecipe("a2"), epochs: 3 };
    const other = { label: "run 7 (a2 (epochs=3))", hash: recipeIdentity(derived).hash };
    expect(() => builtInNameFor("run:7", other)).toThrow(/--paper needs a built-in recipe name/);
    expect(() => builtInNameFor("run:7", other)).toThrow(listRecipes().join(", "));
  });
});
