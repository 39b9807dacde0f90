import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "@seedscope/core";
import { logMetrics } from "../metrics";
import { createRecipe } from "../recipes";
import { finishRun, heartbeat, markStaleRunsInterrupted, startRun } from "../runs";
import { abandonRun, claimRun, findOrCreateSweep, planSweepRuns } from "../sweeps";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { changesSince, type ChangeScope } from "./changes";

describe(`change query for live views (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let recipeHash: string;
  beforeAll(async () => {
    t = await openTestStore();
    recipeHash = (await createRecipe(t.store, { body: { optimizer: "adamw", lr: 1e-3 }, name: "live" })).hash;
  });
  afterAll(() => t.dispose());

  const start = (seed: number, arch = "resnet20") => startRun(t.store, { recipeHash, arch, dataset: "digits", seed });
  const epoch = (runId: number, step: number) =>
    logMetrics(t.store, runId, [
      { key: "val/top1", step, value: 40 + step },
      { key: "v2/top1", step, value: 39 + step },
    ]);
  const state = (scope: ChangeScope) => changesSince(t.store, scope);

  it("an empty store: a token, nothing running", async () => {
    expect(await state({})).toEqual({ token: "0:0:0", running: false });
  });

  it("a run's token changes when an epoch lands or it finishes, and stays equal otherwise", async () => {
    const { id } = await start(0);
    const started = await state({ runId: id });
    expect(started.running).toBe(true);
    expect(await state({ runId: id })).toEqual(started);
    // A heartbeat alone changes nothing the page shows.
    expect(await heartbeat(t.store, id, null)).toBe(true);
    expect(await state({ runId: id })).toEqual(started);

    await epoch(id, 1);
    const afterEpoch = await state({ runId: id });
    expect(afterEpoch.token).not.toBe(started.token);
    expect(afterEpoch.running).toBe(true);
    expect(await state({ runId: id })).toEqual(afterEpoch);

    await finishRun(t.store, id, { status: "finished", summary: { val: { top1: 41 } } });
    const finished = await state({ runId: id });
    expect(finished.token).not.toBe(afterEpoch.token);
    expect(finished.running).toBe(false);
    expect(await state({ runId: id })).toEqual(finished);
  });

  it("runs out of scope leave a scope's token alone; the whole store sees them", async () => {
    const { id: a } = await start(1, "resnet20");
    const { id: b } = await start(2, "resnet56");
    const archA = await state({ arch: "resnet20" });
    const runA = await state({ runId: a });
    const all = await state({});
    expect(all.running).toBe(true);

    await epoch(b, 1);
    expect(await state({ arch: "resnet20" })).toEqual(archA);
    expect(await state({ runId: a })).toEqual(runA);
    const allAfter = await state({});
    expect(allAfter.token).not.toBe(all.token);

    await finishRun(t.store, b, { status: "failed", reason: "test" });
    expect(await state({ arch: "resnet20" })).toEqual(archA);
    expect(await state({ arch: "resnet56" })).toMatchObject({ running: false });
    expect(await state({})).toMatchObject({ running: true });

    await finishRun(t.store, a, { status: "finished" });
    expect((await state({ arch: "resnet20" })).token).not.toBe(archA.token);
    expect(await state({})).toMatchObject({ running: false });
  });

  it("a sweep's token changes when a run is planned, claimed, logs an epoch or finishes; queued counts as running", async () => {
    const sweep = await findOrCreateSweep(t.store, { plan: { live: true }, launchedBy: "test" });
    const scope = { sweepId: sweep.id };
    const empty = await state(scope);
    expect(empty.running).toBe(false);

    const [runId] = await planSweepRuns(t.store, sweep.id, [
      { recipeHash, arch: "resnet20", dataset: "digits", seed: 0 },
    ]);
    const planned = await state(scope);
    expect(planned.token).not.toBe(empty.token);
    expect(planned.running).toBe(true);

    const elsewhere = await state({ sweepId: sweep.id + 1 });
    await start(9);
    expect(await state(scope)).toEqual(planned);
    expect(await state({ sweepId: sweep.id + 1 })).toEqual(elsewhere);

    expect(await claimRun(t.store, runId!, "w1", 60_000)).toMatchObject({ kind: "fresh" });
    const claimed = await state(scope);
    expect(claimed.token).not.toBe(planned.token);
    await epoch(runId!, 1);
    const logged = await state(scope);
    expect(logged.token).not.toBe(claimed.token);
    await finishRun(t.store, runId!, { status: "finished" });
    const done = await state(scope);
    expect(done.token).not.toBe(logged.token);
    expect(done.running).toBe(false);

    // An interrupted run is not running; giving up on it (interrupted → failed) still moves the token.
    const [retried] = await planSweepRuns(t.store, sweep.id, [
      { recipeHash, arch: "resnet20", dataset: "digits", seed: 1 },
    ]);
    await claimRun(t.store, retried!, "w1", 60_000);
    expect(await markStaleRunsInterrupted(t.store, 0)).toContain(retried);
    const interrupted = await state(scope);
    expect(interrupted.running).toBe(false);
    expect(await abandonRun(t.store, retried!, "test gives up")).toBe(true);
    expect((await state(scope)).token).not.toBe(interrupted.token);
  });

  it("bad scopes are refused with the field named", async () => {
    await expect(state({ runId: -1 })).rejects.toThrow(UserError);
    await expect(state({ recipeHash: "abc" })).rejects.toThrow(/recipeHash/);
  });
});
