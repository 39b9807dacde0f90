import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecipe } from "./recipes";
import {
  abandonRun,
  claimRun,
  findOrCreateSweep,
  interruptWorkerRuns,
  planSweepRuns,
  requeueEndedRuns,
  takeOverOrphanedRuns,
} from "./sweeps";
import { findRuns, openTestStore, TEST_BACKEND, type TestStore } from "./testing";

/** The pid of a process that has already exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

describe(`taking over the runs of dead sweep workers (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let sweepId: number;
  let runIds: number[];
  beforeAll(async () => {
    t = await openTestStore();
    const { hash } = await createRecipe(t.store, { body: { takeover: true } });
    sweepId = (await findOrCreateSweep(t.store, { plan: { takeover: 1 }, launchedBy: "test" })).id;
    runIds = await planSweepRuns(
      t.store,
      sweepId,
      [1, 2, 3, 4].map((seed) => ({ recipeHash: hash, arch: "a", dataset: "d", seed })),
    );
  });
  afterAll(() => t.dispose());

  it("marks interrupted a running run whose worker is a dead process of this host, and leaves live and foreign workers' runs", async () => {
    const [gone, live, foreign] = runIds as [number, number, number];
    const dead = `${hostname()}:${deadPid()}`;
    await claimRun(t.store, gone, dead, 60_000);
    await claimRun(t.store, live, `${hostname()}:${process.pid}`, 60_000);
    await claimRun(t.store, foreign, "another-host:1", 60_000);
    expect(await takeOverOrphanedRuns(t.store, sweepId, 60_000)).toEqual([
      { id: gone, interruptions: 1, reason: `worker ${dead} is gone` },
    ]);
    const runs = await findRuns(t.store, { sweepId });
    expect(runs.map((r) => r.status)).toEqual(["interrupted", "running", "running", "queued"]);
    // A stale heartbeat makes any worker's run orphaned.
    expect((await takeOverOrphanedRuns(t.store, sweepId, 0)).map((r) => r.id)).toEqual([live, foreign]);
  });

  it("claims a running run of a dead worker at once, and interrupts the runs of a worker its parent saw die", async () => {
    const run = runIds[3]!;
    const dead = `${hostname()}:${deadPid()}`;
    await claimRun(t.store, run, dead, 60_000);
    expect(await claimRun(t.store, run, "w2", 60_000)).toMatchObject({ kind: "resume", epochsDone: 0 });
    const [after] = await findRuns(t.store, { id: run });
    expect(after!.events.map((e) => [e.status, e.message])).toEqual([
      ["running", `started by ${dead}`],
      ["interrupted", `worker ${dead} is gone`],
      ["running", "resumed by w2 after 0 epoch(s)"],
    ]);
    expect(await interruptWorkerRuns(t.store, "w2", "worker w2 killed by SIGKILL")).toEqual([
      { id: run, interruptions: 2, reason: "worker w2 killed by SIGKILL" },
    ]);
    expect(await interruptWorkerRuns(t.store, "w2", "again")).toEqual([]);
  });

  it("puts failed runs back in the queue for `sweep retry`, with an event saying so", async () => {
    const run = runIds[0]!;
    await abandonRun(t.store, run, "interrupted 3 times");
    expect(await requeueEndedRuns(t.store, sweepId, ["diverged"])).toEqual([]);
    expect(await requeueEndedRuns(t.store, sweepId, ["failed"])).toEqual([run]);
    const [after] = await findRuns(t.store, { id: run });
    expect(after!.status).toBe("queued");
    expect(after!.events.at(-1)).toMatchObject({
      status: "queued",
      message: "queued again by `seedscope sweep retry`",
    });
  });
});
