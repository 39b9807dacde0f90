import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRecipe } from "@seedscope/recipes";
import { welchTTest } from "@seedscope/stats";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { architectureTable } from "./architectures";
import { BASE_R8, BASE_R20, buildDashboardFixture, CHILD_R8, type DashboardFixture, mean } from "./dashboard-fixture";
import { generalization } from "./generalization";
import { archRecipeMatrix } from "./matrix";
import { ablationPath, listStoredRecipes, recipeDiffTable } from "./recipe-diff";

describe(`comparison views on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let f: DashboardFixture;
  beforeAll(async () => {
    t = await openTestStore();
    f = await buildDashboardFixture(t.store);
  }, 120_000);
  afterAll(() => t?.dispose());

  const vals = (seeds: readonly { val: number }[]) => seeds.map((s) => s.val);

  it("builds the architecture × recipe matrix with a corrected Welch test per row and column pair", async () => {
    const m = await archRecipeMatrix(t.store, { dataset: "digits" });
    expect(m.archs).toEqual(["resnet20", "resnet8"]);
    expect(m.datasets).toEqual(["digits"]);
    const cell = (arch: string, hash: string) => m.cells.find((c) => c.arch === arch && c.recipeHash === hash)!;
    expect(m.cells).toHaveLength(3);
    expect(cell("resnet8", f.baseHash).stats.val.mean).toBeCloseTo(mean(vals(BASE_R8)), 10);
    expect(cell("resnet8", f.childHash).stats.v2.n).toBe(CHILD_R8.length);
    expect(cell("resnet8", f.baseHash).collapsed).toBe(1);
    const row = m.pairs.find((p) => p.along === "row")!;
    expect(row.within).toBe("resnet8");
    const [a, b] = row.a === f.baseHash ? [BASE_R8, CHILD_R8] : [CHILD_R8, BASE_R8];
    const welch = welchTTest(vals(a), vals(b));
    expect(row.comparison.val.difference).toBeCloseTo(welch.meanDifference, 10);
    expect(row.comparison.val.pValue).toBeCloseTo(welch.pValue, 10);
    const column = m.pairs.find((p) => p.along === "column")!;
    expect(column.within).toBe(f.baseHash);
    expect(m.pairs).toHaveLength(2);
    expect(m.correction.tests).toBe(2);
    // Holm over two tests: the smaller p is doubled.
    const smallest = Math.min(...m.pairs.map((p) => p.comparison.val.pValue));
    expect(Math.min(...m.pairs.map((p) => p.comparison.val.adjustedP))).toBeCloseTo(Math.min(1, 2 * smallest), 10);
  });

  it("diffs two recipes field by field and gives each one's seeds per architecture", async () => {
    const table = await recipeDiffTable(t.store, [f.baseHash, f.childHash], { arch: "resnet8" });
    expect(table.columns.map((c) => c.hash)).toEqual([f.baseHash, f.childHash]);
    expect(table.fields).toEqual([{ path: "optimizer.lr", values: [getRecipe("a2").optimizer.lr, 0.004] }]);
    expect(table.groups.map((g) => [g.hash, g.arch, g.stats.val.n, g.stats.val.mean])).toEqual([
      [f.baseHash, "resnet8", BASE_R8.length, mean(vals(BASE_R8))],
      [f.childHash, "resnet8", CHILD_R8.length, mean(vals(CHILD_R8))],
    ]);
    const recipes = await listStoredRecipes(t.store, { arch: "resnet20" });
    expect(recipes.find((r) => r.hash === f.baseHash)?.runs).toBe(BASE_R20.length);
    expect(recipes.find((r) => r.hash === f.childHash)?.runs).toBe(1);
  });

  it("walks the ablation path from the root recipe, each step tested against the one before", async () => {
    const steps = await ablationPath(t.store, f.childHash, { dataset: "digits" });
    expect(steps.map((s) => s.hash)).toEqual([f.baseHash, f.childHash]);
    expect(steps[0]!.changes).toEqual([]);
    expect(steps[1]!.changes).toEqual([{ path: "optimizer.lr", from: getRecipe("a2").optimizer.lr, to: 0.004 }]);
    const r8 = steps[1]!.groups.find((g) => g.arch === "resnet8")!;
    expect(r8.versusPrevious?.val.difference).toBeCloseTo(mean(vals(CHILD_R8)) - mean(vals(BASE_R8)), 10);
    await expect(ablationPath(t.store, "0".repeat(64), {})).rejects.toThrow(/no stored recipe/);
  });

  it("gives each group's cost and accuracy, and the val-vs-v2 line across groups", async () => {
    const rows = await architectureTable(t.store, {});
    expect(rows.map((r) => [r.key.arch, r.key.recipeHash, r.finished])).toEqual(
      expect.arrayContaining([
        ["resnet20", f.baseHash, BASE_R20.length],
        ["resnet8", f.baseHash, BASE_R8.length],
        ["resnet8", f.childHash, CHILD_R8.length],
      ]),
    );
    const g = await generalization(t.store, {});
    expect(g.points).toHaveLength(3);
    expect(g.whyNoFit).toBeNull();
    const r20 = g.points.find((p) => p.key.arch === "resnet20")!;
    expect(r20.stats.v2.mean).toBeCloseTo(mean(BASE_R20.map((s) => s.v2)), 10);
    const inSweep = await generalization(t.store, { sweepId: f.sweepId });
    expect(inSweep.points).toHaveLength(2);
    expect(inSweep.fit).toBeNull();
  });
});
