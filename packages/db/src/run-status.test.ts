import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecipe } from "./recipes";
import { changeRunStatus } from "./run-status";
import { getRun } from "./queries";
import { startRun } from "./runs";
import { findOrCreateSweep, orphanedSweepRuns, planSweepRuns, unfinishedSweepRuns } from "./sweeps";
import { openTestStore, TEST_BACKEND, type TestStore } from "./testing";
import { clientsOf } from "./store-clients";

describe(`run status transitions on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let recipeHash: string;
  beforeAll(async () => {
    t = await openTestStore();
    recipeHash = (await createRecipe(t.store, { body: { lr: 0.1 }, name: "r" })).hash;
  }, 60_000);
  afterAll(() => t?.dispose());

  it("moves only runs in an allowed status and writes one event per moved run", async () => {
    const a = await startRun(t.store, { recipeHash, arch: "resnet8", dataset: "digits", seed: 1 });
    const b = await startRun(t.store, { recipeHash, arch: "resnet8", dataset: "digits", seed: 2 });
    const moved = await changeRunStatus(clientsOf(t.store).sql, {
      runIds: [b.id, a.id],
      from: ["running"],
      to: "interrupted",
      message: "test stop",
    });
    expect(moved.map((r) => r.id)).toEqual([a.id, b.id]);
    // Already interrupted: a second identical change moves nothing and logs nothing.
    expect(await changeRunStatus(clientsOf(t.store).sql, { runIds: [a.id], from: ["running"], to: "failed" })).toEqual(
      [],
    );
    const run = (await getRun(t.store, a.id))!;
    expect(run.status).toBe("interrupted");
    expect(run.statusReason).toBe("test stop");
    expect(run.finishedAt).not.toBeNull();
    expect(run.events.map((e) => [e.status, e.message])).toEqual([
      ["running", null],
      ["interrupted", "test stop"],
    ]);
    await changeRunStatus(clientsOf(t.store).sql, {
      runIds: [a.id],
      from: ["interrupted"],
      to: "running",
      worker: "w2",
    });
    const back = (await getRun(t.store, a.id))!;
    expect([back.status, back.statusReason, back.finishedAt, back.worker]).toEqual(["running", null, null, "w2"]);
  });

  it("finds a sweep's unfinished and orphaned runs", async () => {
    const { id: sweepId } = await findOrCreateSweep(t.store, { plan: { seeds: [0, 1, 2] }, launchedBy: "test" });
    const ids = await planSweepRuns(
      t.store,
      sweepId,
      [0, 1, 2].map((seed) => ({ recipeHash, arch: "resnet8", dataset: "digits", seed })),
    );
    expect(await unfinishedSweepRuns(t.store, sweepId)).toEqual(ids);
    await changeRunStatus(clientsOf(t.store).sql, { runIds: [ids[0]!], from: ["queued"], to: "running" });
    await changeRunStatus(clientsOf(t.store).sql, { runIds: [ids[1]!], from: ["queued"], to: "running" });
    await changeRunStatus(clientsOf(t.store).sql, {
      runIds: [ids[1]!],
      from: ["running"],
      to: "interrupted",
      message: "killed",
    });
    // With a fresh heartbeat only the interrupted run is orphaned; with staleMs 0 the running one is too.
    expect(await orphanedSweepRuns(t.store, sweepId, 60_000)).toEqual([
      { id: ids[1], interruptions: 1, reason: "killed" },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await orphanedSweepRuns(t.store, sweepId, 0)).map((r) => r.id)).toEqual([ids[0], ids[1]]);
    await changeRunStatus(clientsOf(t.store).sql, {
      runIds: [ids[2]!],
      from: ["queued"],
      to: "failed",
      message: "gave up",
    });
    expect(await unfinishedSweepRuns(t.store, sweepId)).toEqual([ids[0], ids[1]]);
  });
});
