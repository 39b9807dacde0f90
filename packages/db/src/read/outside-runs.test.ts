import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summarize } from "@seedscope/stats";
import { ensureExternalStudy, importRun, setExternalTags } from "../external";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { runFacets } from "./facets";
import { listStoredRecipes, recipeDiffTable } from "./recipe-diff";
import { runList } from "./run-list";
import { runPage } from "./run-page";
import { seedStudy } from "./seed-study";
import { sourceCounts } from "./source-counts";
import { listSweeps } from "./sweep-pages";

const CONFIG = { lr: "0.001", model: "deit_tiny", data_set: "IMNET" };
const FINAL_VAL = [72.25, 71.5, 73];

describe(`the dashboard's readers on runs from outside seedscope (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let studyId: number;
  const ids: number[] = [];
  let seedless = 0;
  let otherLr = 0;
  beforeAll(async () => {
    t = await openTestStore();
    studyId = (await ensureExternalStudy(t.store, { name: "outside", source: "client" })).id;
    const store = async (key: string, params: Record<string, unknown>, val: number) =>
      (
        await importRun(t.store, {
          source: "client",
          externalKey: key,
          studyId,
          name: key,
          params,
          points: [
            { key: "val/top1", step: 1, value: val - 10 },
            { key: "val/top1", step: 2, value: val },
            { key: "v2/top1", step: 2, value: val - 9 },
          ],
        })
      ).id;
    for (const [seed, val] of FINAL_VAL.entries()) ids.push(await store(`s${seed}`, { ...CONFIG, seed }, val));
    seedless = await store("no-seed", CONFIG, 70);
    otherLr = await store("lr2", { ...CONFIG, lr: "0.002", seed: 0 }, 74);
    await setExternalTags(t.store, ids[0]!, { host: "gpu-3" });
  });
  afterAll(() => t?.dispose());

  it("the runs table carries source, name and a null seed; it filters by source", async () => {
    const all = await runList(t.store, { limit: 10 });
    const row = all.rows.find((r) => r.id === seedless)!;
    expect([row.source, row.name, row.seed]).toEqual(["client", "no-seed", null]);
    expect(row.recipe.short).toMatch(/^external · lr=0\.001$/);
    expect((await runList(t.store, { source: "client" })).total).toBe(5);
    expect((await runList(t.store, { source: "seedscope" })).total).toBe(0);
    expect((await runFacets(t.store)).sources).toEqual(["client"]);
  });

  it("the run page shows an outside run's parameters (seed put back) and tags", async () => {
    const page = await runPage(t.store, ids[0]!);
    expect([page.source, page.name, page.seed]).toEqual(["client", "s0", 0]);
    expect(page.external?.params).toEqual([
      { name: "data_set", value: "IMNET" },
      { name: "lr", value: "0.001" },
      { name: "model", value: "deit_tiny" },
      { name: "seed", value: 0 },
    ]);
    expect(page.external?.tags).toEqual([{ name: "host", value: "gpu-3" }]);
    expect((await runPage(t.store, seedless)).external?.params.map((p) => p.name)).toEqual(["data_set", "lr", "model"]);
  });

  it("two external configurations diff by the parameters that differ; both are listed", async () => {
    const a = (await runPage(t.store, ids[0]!)).recipe.hash;
    const b = (await runPage(t.store, otherLr)).recipe.hash;
    const diff = await recipeDiffTable(t.store, [a, b], {});
    expect(diff.fields).toEqual([{ path: "lr", values: ["0.001", "0.002"] }]);
    expect(diff.columns.map((c) => c.label)).toEqual(["external · lr=0.001", "external · lr=0.002"]);
    expect(diff.groups.map((g) => [g.hash, g.stats.val.n])).toEqual([
      [a, 3],
      [b, 1],
    ]);
    expect((await listStoredRecipes(t.store)).map((r) => [r.hash, r.runs]).sort()).toEqual(
      [
        [a, 4],
        [b, 1],
      ].sort(),
    );
  });

  it("the study lists its source; its seed study leaves the seedless run out and says so", async () => {
    const [study] = await listSweeps(t.store);
    expect([study!.id, study!.source, study!.total]).toEqual([studyId, "client", 5]);
    const hash = (await runPage(t.store, ids[0]!)).recipe.hash;
    const s = await seedStudy(t.store, {
      sweepId: studyId,
      group: { recipeHash: hash, arch: "deit_tiny", dataset: "IMNET" },
    });
    expect([s.sweep.source, s.sweep.withoutSeed, s.sweep.plan]).toEqual(["client", 1, null]);
    const val = s.splits.find((x) => x.split === "val")!.summary;
    // Seed 0 is the reference, held out of the statistics it is compared with (thesis §6.3.4).
    const expected = summarize(FINAL_VAL.slice(1));
    expect([val.n, val.mean, val.std, val.referenceValue]).toEqual([2, expected.mean, expected.std, FINAL_VAL[0]]);
    expect(s.cloud.points.map((p) => p.seed)).toEqual([0, 1, 2]);
    expect(await sourceCounts(t.store)).toEqual({
      sources: [{ source: "client", runs: 5, finished: 5, withoutSeed: 1 }],
      outsideStudies: 1,
    });
  });
});
