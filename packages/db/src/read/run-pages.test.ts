import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "@seedscope/core";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { BASE_R8, BASE_R20, buildDashboardFixture, CHILD_R8, type DashboardFixture } from "./dashboard-fixture";
import { runFacets } from "./facets";
import { runList } from "./run-list";
import { runMetrics, runPage } from "./run-page";

describe(`runs table and run page on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let f: DashboardFixture;
  beforeAll(async () => {
    t = await openTestStore();
    f = await buildDashboardFixture(t.store);
  }, 120_000);
  afterAll(() => t?.dispose());

  it("filters, sorts and pages the runs in the database", async () => {
    const finishedR8 = [...BASE_R8, ...CHILD_R8].map((s) => s.val).sort((a, b) => b - a);
    const page = await runList(t.store, {
      arch: "resnet8",
      status: "finished",
      sort: "valTop1",
      order: "desc",
      limit: 2,
      offset: 1,
    });
    expect(page.total).toBe(finishedR8.length);
    expect(page.rows.map((r) => r.valTop1)).toEqual(finishedR8.slice(1, 3));
    const all = await runList(t.store, { limit: 100 });
    expect(all.total).toBe(BASE_R8.length + CHILD_R8.length + BASE_R20.length + 2);
    expect(all.rows.map((r) => r.id)).toEqual([...all.rows.map((r) => r.id)].sort((a, b) => b - a));
    const failed = await runList(t.store, { status: "failed" });
    expect(failed.rows.map((r) => r.id)).toEqual([f.failedId]);
  });

  it("flags collapsed runs and labels each run's recipe as the filters do", async () => {
    const collapsed = await runList(t.store, { collapsed: true });
    expect(collapsed.rows.map((r) => [r.seed, r.collapsed])).toEqual([[1, true]]);
    const child = await runList(t.store, { recipeHashes: [f.childHash], arch: "resnet8" });
    expect(child.total).toBe(CHILD_R8.length);
    for (const row of child.rows) expect(row.recipe.short).toMatch(/lr=0\.004/);
    const facets = await runFacets(t.store);
    expect(facets.archs).toEqual(["resnet20", "resnet8"]);
    expect(facets.datasets).toEqual(["digits"]);
    expect(facets.sweeps).toEqual([{ id: f.sweepId, label: `#${f.sweepId} study` }]);
    expect(facets.recipes.find((r) => r.hash === f.childHash)?.short).toBe(child.rows[0]!.recipe.short);
  });

  it("shows a run with its recipe's change from the parent, its timeline and its metric series", async () => {
    const id = f.childRunIds[2]!;
    const page = await runPage(t.store, id);
    expect(page.seed).toBe(CHILD_R8[2]!.seed);
    expect(page.status).toBe("finished");
    expect(page.recipe.hash).toBe(f.childHash);
    expect(page.parent?.hash).toBe(f.baseHash);
    expect(page.parent?.diff.map((d) => [d.path, d.run])).toEqual([["optimizer.lr", 0.004]]);
    expect(page.events.map((e) => e.status)).toEqual(["running", "finished"]);
    expect(page.metricKeys.find((k) => k.key === "val/top1")).toEqual({
      key: "val/top1",
      points: 2,
      lastStep: 2,
      lastValue: CHILD_R8[2]!.val,
    });
    const series = await runMetrics(t.store, id);
    expect(series.find((s) => s.key === "v2/top1")?.points).toEqual([
      { x: 1, y: CHILD_R8[2]!.v2 - 10 },
      { x: 2, y: CHILD_R8[2]!.v2 },
    ]);
    const failed = await runPage(t.store, f.failedId);
    expect(failed.statusReason).toBe("out of memory");
    await expect(runPage(t.store, f.failedId + 1000)).rejects.toThrow(UserError);
  });
});
