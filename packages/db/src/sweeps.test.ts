import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecipe } from "./recipes";
import { finishRun, markStaleRunsInterrupted } from "./runs";
import { cancelSweep, claimRun, findOrCreateSweep, planSweepRuns, sweepProgress } from "./sweeps";
import { openTestStore, TEST_BACKEND, type TestStore } from "./testing";

describe(`sweep bookkeeping on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let recipeHash: string;
  beforeAll(async () => {
    t = await openTestStore();
    recipeHash = (await createRecipe(t.store, { body: { epochs: 1 } })).hash;
  });
  afterAll(() => t.dispose());

  const plan = (seeds: number[]) => seeds.map((seed) => ({ recipeHash, arch: "resnet8", dataset: "digits", seed }));

  it("finds the same sweep for the same plan and plans each run once", async () => {
    const a = await findOrCreateSweep(t.store, { plan: { seeds: [0, 1, 2] }, launchedBy: "test" });
    const b = await findOrCreateSweep(t.store, { plan: { seeds: [0, 1, 2] }, launchedBy: "test" });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    const first = await planSweepRuns(t.store, a.id, plan([0, 1, 2]));
    const again = await planSweepRuns(t.store, a.id, plan([0, 1, 2]));
    expect(first).toHaveLength(3);
    expect(again).toEqual(first);
    expect((await sweepProgress(t.store, a.id)).byStatus.queued).toBe(3);
  });

  it("gives a run to exactly one of several concurrent claimers, and resumes a stale one", async () => {
    const { id } = await findOrCreateSweep(t.store, { plan: { claim: true }, launchedBy: "test" });
    const [runId] = await planSweepRuns(t.store, id, plan([5]));
    const claims = await Promise.all(["w1", "w2", "w3", "w4"].map((w) => claimRun(t.store, runId!, w, 60_000)));
    expect(claims.filter((c) => c.kind === "fresh")).toHaveLength(1);
    expect(claims.filter((c) => c.kind === "skip")).toHaveLength(3);
    // Its worker dies: once the heartbeat is older than the limit, the next claim resumes it.
    expect(await claimRun(t.store, runId!, "w5", 0)).toMatchObject({ kind: "resume", epochsDone: 0 });
    await finishRun(t.store, runId!, { status: "finished" });
    expect(await claimRun(t.store, runId!, "w6", 0)).toEqual({ kind: "skip", status: "finished" });
    expect(await planSweepRuns(t.store, id, plan([5]))).toEqual([]);
  });

  it("cancels what is left of a sweep", async () => {
    const { id } = await findOrCreateSweep(t.store, { plan: { cancel: true }, launchedBy: "test" });
    const runs = await planSweepRuns(t.store, id, plan([0, 1]));
    await claimRun(t.store, runs[0]!, "w", 60_000);
    await finishRun(t.store, runs[0]!, { status: "finished" });
    expect(await cancelSweep(t.store, id)).toBe(1);
    expect((await sweepProgress(t.store, id)).byStatus).toMatchObject({ finished: 1, failed: 1, queued: 0 });
    expect(await markStaleRunsInterrupted(t.store, 0)).not.toContain(runs[1]);
  });
});
