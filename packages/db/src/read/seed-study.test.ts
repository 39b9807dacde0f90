import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { BASE_R8, buildDashboardFixture, CHILD_R8, type DashboardFixture, mean } from "./dashboard-fixture";
import { seedStudy } from "./seed-study";
import { collapsedCount, getSweepHeader, listSweeps } from "./sweep-pages";

describe(`seed study and sweeps on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let f: DashboardFixture;
  beforeAll(async () => {
    t = await openTestStore();
    f = await buildDashboardFixture(t.store);
  }, 120_000);
  afterAll(() => t?.dispose());

  const baseGroup = () => ({ recipeHash: f.baseHash, arch: "resnet8", dataset: "digits" });

  it("summarizes the chosen group's seeds on both splits, seed 0 held out as the reference (thesis §6.3.4, Figure 6.7)", async () => {
    const study = await seedStudy(t.store, { sweepId: f.sweepId, group: baseGroup() });
    expect(study.groups.map((g) => g.finished).sort()).toEqual([CHILD_R8.length, BASE_R8.length]);
    expect(study.group?.finished).toBe(BASE_R8.length);
    expect(study.group?.collapsed).toBe(1);
    const [val, v2] = study.splits;
    expect(val!.split).toBe("val");
    // Seed 0, the reference, is held out of the statistics it is compared with (thesis §6.3.4).
    const studied = BASE_R8.filter((s) => s.seed !== 0);
    expect(study.referenceExcluded).toBe(true);
    expect(val!.summary.n).toBe(studied.length);
    expect(val!.summary.mean).toBeCloseTo(mean(studied.map((s) => s.val)), 10);
    expect(v2!.summary.mean).toBeCloseTo(mean(studied.map((s) => s.v2)), 10);
    expect(val!.summary.referenceValue).toBe(BASE_R8[0]!.val);
    expect(val!.summary.referenceDelta).toBeCloseTo(BASE_R8[0]!.val - mean(studied.map((s) => s.val)), 10);
    expect(val!.summary.seedOfMax).toBe(3);
    // Counted in on request, as before the thesis' convention was followed.
    const all = await seedStudy(t.store, { sweepId: f.sweepId, group: baseGroup(), includeReference: true });
    expect(all.splits[0]!.summary.mean).toBeCloseTo(mean(BASE_R8.map((s) => s.val)), 10);
    expect(all.splits[0]!.summary.n).toBe(BASE_R8.length);
  });

  it("draws the val-vs-v2 cloud, the epoch bands and the early-vs-final points from the stored metrics", async () => {
    const study = await seedStudy(t.store, { sweepId: f.sweepId, group: baseGroup(), earlyEpoch: 1 });
    expect(study.cloud.points.map((p) => [p.seed, p.val, p.v2])).toEqual(BASE_R8.map((s) => [s.seed, s.val, s.v2]));
    expect(study.cloud.bestOnVal?.seed).toBe(3);
    expect(study.cloud.bestOnV2?.seed).toBe(3);
    expect(study.lastEpoch).toBe(2);
    const valBand = study.epochs.find((e) => e.split === "val")!.points;
    expect(valBand.map((p) => p.epoch)).toEqual([1, 2]);
    expect(valBand[0]!.n).toBe(BASE_R8.length);
    expect(valBand[0]!.mean).toBeCloseTo(mean(BASE_R8.map((s) => s.val - 10)), 10);
    expect(study.early?.epoch).toBe(1);
    expect(study.early?.points.map((p) => [p.seed, p.early, p.final])).toEqual(
      BASE_R8.map((s) => [s.seed, s.val - 10, s.val]),
    );
    expect(study.early?.pearson?.r).toBeCloseTo(1, 10);
  });

  it("defaults to the sweep's first group and rejects an unknown sweep", async () => {
    const study = await seedStudy(t.store, { sweepId: f.sweepId });
    expect(study.group).not.toBeNull();
    await expect(seedStudy(t.store, { sweepId: f.sweepId + 100 })).rejects.toThrow(/no sweep has id/);
  });

  it("lists sweeps with their runs per status and counts collapsed runs", async () => {
    const sweeps = await listSweeps(t.store);
    expect(sweeps).toHaveLength(1);
    const [sweep] = sweeps;
    expect(sweep!.name).toBe("study");
    expect(sweep!.byStatus.finished).toBe(BASE_R8.length + CHILD_R8.length);
    expect(sweep!.byStatus.running).toBe(1);
    expect(sweep!.total).toBe(BASE_R8.length + CHILD_R8.length + 1);
    expect(sweep!.collapsed).toBe(1);
    const header = await getSweepHeader(t.store, f.sweepId);
    expect(header.byStatus).toEqual(sweep!.byStatus);
    expect(await collapsedCount(t.store)).toBe(1);
  });
});
